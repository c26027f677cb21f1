"""What the gettext tools translators use say of a catalogue: GNU msgfmt (Poedit runs
it), Babel's pybabel compile, and translate-toolkit's pofilter printf test."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def _tool(name: str) -> str:
    """A console script installed beside this Python (the venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def refusals(path: Path, tmp: Path, *, printf: bool = True) -> list[str]:
    """Each tool's complaint about the catalogue at *path*; empty when all accept it.
    Without *printf*, the file's syntax only (pofilter judges what a translation says)."""
    found = []
    msgfmt = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    if msgfmt.returncode:
        found.append(f"msgfmt --check: {msgfmt.stderr}")
    if path.suffix == ".po":
        pybabel = subprocess.run([_tool("pybabel"), "compile", "-i", str(path), "-o", str(tmp / "check.mo")], capture_output=True, text=True)
        if pybabel.returncode or "error" in pybabel.stderr:
            found.append(f"pybabel compile: {pybabel.stderr}")
    if path.suffix == ".po" and printf:
        report = tmp / "pofilter.po"
        report.unlink(missing_ok=True)
        subprocess.run([_tool("pofilter"), "--progress=none", "-t", "printf", str(path), str(report)], capture_output=True, text=True, check=True)
        if report.exists() and "(pofilter)" in report.read_text("utf-8"):
            found.append(f"pofilter -t printf: {report.read_text('utf-8')}")
    return found
