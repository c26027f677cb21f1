"""The benchmark's one table: figures, paired ratios, targets, and the Markdown of docs/benchmarks.md.

Nothing here measures; every function takes numbers, so that the wording (met, missed by how
much) and the arithmetic can be tested on made-up figures.

A ratio is always docgen's time divided by the other tool's time, taken round by round from
paired rounds (lower is better for docgen); the table shows the median of those per-round
ratios with their min and max, not a ratio of medians.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Literal

COLD = "cold vs cold"
WARM = "warm vs warm"
WARM_VS_PROCESS = "warm docgen vs a pandoc process per file — pandoc has no warm mode"
ALONE = "docgen alone"

Unit = Literal["s", "outputs/s"]


@dataclass(frozen=True)
class Samples:
    """One figure measured over several rounds."""

    values: tuple[float, ...]

    def __post_init__(self):
        if not self.values:
            raise ValueError("no samples")

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def max(self) -> float:
        return max(self.values)


@dataclass(frozen=True)
class Target:
    """What a row must reach: docgen's own figure (``of="docgen"``) or the paired ratio
    (``of="ratio"``), its median compared with *limit*."""

    of: Literal["docgen", "ratio"]
    op: Literal["<", "<=", ">="]
    limit: float

    def met(self, value: float) -> bool:
        if self.op == "<":
            return value < self.limit
        if self.op == "<=":
            return value <= self.limit
        return value >= self.limit


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    key: str
    """Its number in the table (``1``, ``3a``)."""
    what: str
    """What was measured, in a few words."""
    kind: str
    """Which comparison it is: COLD, WARM, WARM_VS_PROCESS or ALONE."""
    unit: Unit
    docgen: Samples
    target: Target
    other: str | None = None
    """The tool docgen is compared with, as it ran."""
    others: Samples | None = None
    """The other tool's figures, round by round in the same rounds as docgen's."""
    load: tuple[float, float] | None = None
    """The machine's 1-minute load average before and after the row's rounds."""
    method: str = ""
    """How the row was measured, in a sentence or two (the document lists them)."""

    def __post_init__(self):
        if (self.other is None) != (self.others is None):
            raise ValueError(f"row {self.key}: a compared tool needs its figures and a name")
        if self.others is not None and len(self.others.values) != len(self.docgen.values):
            raise ValueError(f"row {self.key}: paired rounds must have as many figures on each side")
        if self.target.of == "ratio" and self.others is None:
            raise ValueError(f"row {self.key}: a ratio target needs a compared tool")

    @property
    def ratios(self) -> Samples | None:
        """docgen ÷ other, round by round."""
        if self.others is None:
            return None
        return Samples(tuple(ours / theirs for ours, theirs in zip(self.docgen.values, self.others.values)))

    @property
    def judged(self) -> float:
        """The figure the target is judged on."""
        return (self.ratios if self.target.of == "ratio" else self.docgen).median

    @property
    def met(self) -> bool:
        return self.target.met(self.judged)


# --- formatting

_OPS = {"<": "<", "<=": "≤", ">=": "≥"}


def _scale(unit: Unit, reference: float) -> tuple[float, str, int]:
    """Factor, label and decimals to show figures of *unit* whose median is *reference*."""
    if unit == "s":
        if reference >= 10:
            return 1.0, "s", 1
        if reference >= 1:
            return 1.0, "s", 2
        return 1000.0, "ms", 1 if reference < 0.010 else 0
    return 1.0, unit, 0


def quantity(value: float, unit: Unit) -> str:
    """*value* with its unit, as a person reads it (``920 ms``, ``1.05 s``, ``150 outputs/s``)."""
    factor, label, decimals = _scale(unit, value)
    return f"{value * factor:.{decimals}f} {label}"


def spread(samples: Samples, unit: Unit) -> str:
    """Median, then min–max in the same unit and precision: ``920 ms (880–990)``."""
    factor, label, decimals = _scale(unit, samples.median)
    shown = [f"{x * factor:.{decimals}f}" for x in (samples.median, samples.min, samples.max)]
    return f"{shown[0]} {label} ({shown[1]}–{shown[2]})"


def ratio_spread(samples: Samples) -> str:
    """The median ratio and its range; under 1, also how many times faster docgen is."""
    text = f"{samples.median:.2f}× ({samples.min:.2f}–{samples.max:.2f})"
    return f"{text}, docgen {1 / samples.median:.1f}× faster" if samples.median < 1 else text


def target_text(row: Row) -> str:
    op = _OPS[row.target.op]
    if row.target.of == "ratio":
        text = f"{op} {row.target.limit:g}×"
        if row.target.limit < 1 and row.target.op in ("<", "<="):
            text += f" (≥ {1 / row.target.limit:g}× faster)"
        return text
    return f"{op} {quantity(row.target.limit, row.unit)}"


def verdict(row: Row) -> str:
    """``met``, or how far the median is from the target."""
    if row.met:
        return "met"
    value, limit = row.judged, row.target.limit
    if row.target.op in ("<", "<="):
        over = f"{value / limit:.2f}× the limit"
        if row.target.of == "docgen":
            return f"**missed** by {quantity(value - limit, row.unit)} ({over})"
        return f"**missed**: {over}"
    short = f"{value / limit * 100:.0f} % of the target"
    if row.target.of == "docgen":
        return f"**missed** by {quantity(limit - value, row.unit)} ({short})"
    return f"**missed**: {short}"


def table(rows: list[Row]) -> str:
    """The Markdown table of *rows*."""
    lines = ["| # | what | comparison | docgen | other tool | ratio docgen ÷ other | target | result |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        other = f"{row.other}: {spread(row.others, row.unit)}" if row.others is not None else "—"
        ratios = ratio_spread(row.ratios) if row.ratios is not None else "—"
        lines.append(f"| {row.key} | {row.what} | {row.kind} | {spread(row.docgen, row.unit)} | {other} | {ratios} | "
                     f"{target_text(row)} | {verdict(row)} |")
    return "\n".join(lines)


def rounds_table(rows: list[Row]) -> str:
    """How many rounds each row ran, and the load average around them."""
    lines = ["| # | rounds | load before → after |", "|---|---|---|"]
    for row in rows:
        load = f"{row.load[0]:.2f} → {row.load[1]:.2f}" if row.load else "—"
        lines.append(f"| {row.key} | {len(row.docgen.values)} | {load} |")
    return "\n".join(lines)


@dataclass(frozen=True)
class Setting:
    """Where and how a run was made."""

    command: str
    date: str
    machine: str
    versions: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    quick: bool = False


def _rows(keys: list[str]) -> str:
    return ("row " if len(keys) == 1 else "rows ") + ", ".join(keys)


def _load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.2f}" for x in load)


def document(rows: list[Row], setting: Setting, notes: str = "") -> str:
    """docs/benchmarks.md: the table, which comparisons are which, the machine and its load,
    each row's method, then *notes* (written by people, kept in bench/notes.md)."""
    kinds = {kind: [row.key for row in rows if row.kind == kind] for kind in (COLD, WARM, WARM_VS_PROCESS, ALONE)}
    missed = [row.key for row in rows if not row.met]
    parts = [
        "# Benchmarks",
        "",
        f"Written by `{setting.command}` on {setting.date}; one run, one machine. Do not edit by hand: "
        "run the command again (notes go in `bench/notes.md`).",
        *([""] + ["**A quick run** (few rounds, a small archive): for development, not for quoting."] if setting.quick else []),
        "",
        f"- Machine: {setting.machine}",
        f"- Versions: {setting.versions}",
        f"- Load average (1, 5, 15 min): before {_load(setting.load_before)}, after {_load(setting.load_after)}",
        "",
        table(rows),
        "",
        "Each figure is the median of its rounds, with the fastest and slowest round in brackets. "
        "docgen and the other tool ran in paired, interleaved rounds (one of each per round, "
        "the order swapped every round); the ratio is docgen's time ÷ the other's, round by round, "
        "so below 1 docgen is faster. A target is judged on the median.",
        "",
        "Which comparison is which:",
        "",
    ]
    explain = {
        COLD: "a fresh process on each side, as a person at a terminal runs it after a first build (files in the OS's cache; "
              "docgen's user cache of font metrics and compiled catalogues made)",
        WARM: "both in one running process, fonts loaded, new text on every call",
        WARM_VS_PROCESS: "docgen warm in a running process against a fresh pandoc process per file "
                         "(the comparison the issue asks for; pandoc has no warm mode, so this is not like for like)",
        ALONE: "docgen's own figure against its target; no other tool does this job",
    }
    for kind, keys in kinds.items():
        if keys:
            parts.append(f"- **{kind}** ({_rows(keys)}): {explain[kind]}.")
    parts += ["", "No row compares a warm docgen with a cold run of a tool that has a warm mode.", ""]
    parts.append(f"Targets missed: {', '.join(missed)}." if missed else "Every target is met.")
    parts += ["", "## What each row measures", ""]
    methods: dict[str, list[str]] = {}
    for row in rows:  # rows measured alike (3a and 3b) share one description
        methods.setdefault(row.method, []).append(row.key)
    for method, keys in methods.items():
        parts.append(f"- **{_rows(keys)}**: {method}")
    parts += ["", "## Rounds and load", "", rounds_table(rows), ""]
    if notes.strip():
        parts += ["## Notes", "", notes.strip(), ""]
    return "\n".join(parts)
