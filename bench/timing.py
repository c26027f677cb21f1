"""Clocks for the benchmark: paired interleaved rounds, and the machine's load around them."""
from __future__ import annotations

import os
import time
from typing import Callable

Action = Callable[[int], object]
"""Something to time, given the round's number (1, 2, ...; 0 for the warm-up), so that each
call can use text no earlier call used."""


def timed(action: Action, number: int) -> float:
    """Seconds one call of *action* takes."""
    start = time.perf_counter()
    action(number)
    return time.perf_counter() - start


def paired(docgen: Action, other: Action, rounds: int) -> tuple[list[float], list[float]]:
    """Seconds of *docgen* and *other*, one of each per round, after one untimed call of each.

    The two are interleaved and the order is swapped every round (A B, B A, A B, ...), so that
    a change of load in the middle of a run hits both sides alike and neither always runs
    second, on a cache the first has warmed."""
    docgen(0)
    other(0)
    ours, theirs = [], []
    for number in range(1, rounds + 1):
        if number % 2:
            ours.append(timed(docgen, number))
            theirs.append(timed(other, number))
        else:
            theirs.append(timed(other, number))
            ours.append(timed(docgen, number))
    return ours, theirs


def repeated(action: Action, rounds: int) -> list[float]:
    """Seconds of *action*, *rounds* times (no warm-up: the caller knows what state to start from)."""
    return [timed(action, number) for number in range(1, rounds + 1)]


def load() -> float:
    """The 1-minute load average now."""
    return os.getloadavg()[0]
