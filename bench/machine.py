"""What a benchmark run ran on: the machine and the versions of every tool compared."""
from __future__ import annotations

import os
import platform
import re
import subprocess
from pathlib import Path

from bench import seed


def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{command[0]}: {error}"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), platform.machine())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 2**20
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}"


def versions() -> str:
    import typst

    from docgen import __version__

    commit = _first_line(["git", "-C", str(seed.ROOT), "describe", "--always", "--dirty"])
    return (f"docgen {__version__} ({commit}), Python {platform.python_version()}, {_first_line(['pandoc', '--version'])}, "
            f"{_first_line(['soffice', '--version'])}, typst (PyPI) {typst.__version__}")
