"""What the gettext tools translators use say of a catalogue: GNU msgfmt (Poedit runs
it), Babel's pybabel compile, and translate-toolkit's pofilter printf test."""
from __future__ import annotations

import re
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
        errors = [line for line in pybabel.stderr.splitlines() if line.startswith("error:") and not _babel_1268(path, line)]
        if errors or (pybabel.returncode and not pybabel.stderr.count("error:")):
            found.append(f"pybabel compile: {pybabel.stderr}")
    if path.suffix == ".po" and printf:
        report = tmp / "pofilter.po"
        report.unlink(missing_ok=True)
        subprocess.run([_tool("pofilter"), "--progress=none", "-t", "printf", str(path), str(report)], capture_output=True, text=True, check=True)
        if report.exists() and "(pofilter)" in report.read_text("utf-8"):
            found.append(f"pofilter -t printf: {report.read_text('utf-8')}")
    return found


# Babel takes "30% of" for a python-format string ("% o": a space flag and the octal type)
# whatever the catalogue's flags say, so pybabel compile refuses any translation of it that
# does not happen to contain "% o" too: https://github.com/python-babel/babel/issues/1268
# (fix proposed in pull request 1325, open as of 2026-11).  Only that error is forgiven here,
# for a message whose every "directive" is of that space-flag form.
_SPACE_FLAG = re.compile(r"% [diouxXeEfFgGcrs]")


def _babel_1268(path: Path, error: str) -> bool:
    from babel.messages.catalog import PYTHON_FORMAT
    from babel.messages.pofile import read_po

    match = re.match(r"error: .*:(\d+): (placeholders are incompatible|incompatible format for placeholder .*|positional format placeholders are unbalanced)$", error)
    if not match:
        return False
    with path.open("rb") as stream:
        message = next((m for m in read_po(stream) if m.lineno == int(match.group(1))), None)
    if message is None:
        return False
    directives = [m.group(0) for m in PYTHON_FORMAT.finditer(message.id)]
    return bool(directives) and all(_SPACE_FLAG.fullmatch(d) for d in directives)
