"""The releases ``docgen check`` found sound, remembered in docgen's cache
(``~/.cache/docgen/checked``), so that checking a folder again reads only what changed.

An entry per source file: the size, modification time and (up to 1 MB, so two edits within
one tick of the file system's clock are told apart) content hash of every file the release was
read from (``sources.dependencies`` and its wire's file) when it last read cleanly.  While they
are all as recorded (and the release's project file, profiles and wire files would be found at
the same places), the release is sound without being read again: no YAML, Markdown or pydantic.
A release with an error is never remembered, and what docgen remembers is forgotten when
docgen's own code changes (a new version, or an edited checkout: its rules may have changed).  As for docgen's other cached entries
(``docgen.typeset.usercache``), a cache that cannot be read or written changes nothing but the
time taken.
"""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Iterable

from docgen.errors import DocgenError
from docgen.typeset import usercache

KIND = "checked"
FORMAT = 1
"""Bumped when what an entry holds changes."""


_HASHED = 1 << 20
"""Files up to this size are hashed too: sources and profiles, not photos."""


def stamps(files: Iterable[Path]) -> list | None:
    """``[path, size, mtime_ns, sha256 or None]`` of each file; None if one cannot be read."""
    found = []
    for file in files:
        try:
            stat = os.stat(file)
            digest = hashlib.sha256(Path(file).read_bytes()).hexdigest() if stat.st_size <= _HASHED else None
        except OSError:
            return None
        found.append([str(file), stat.st_size, stat.st_mtime_ns, digest])
    return found


def sound(source: Path, *, allow_outside: bool) -> bool:
    """Whether *source* read cleanly before (checked the same way) from files all as they are
    now, and would be read from the same files: its profiles found at the same places (a
    ``docgen.yaml`` or a nearer ``organisations/`` folder may change that) and the same wire
    files known."""
    from docgen.sources.profiles import profile_path

    entry = usercache.read(KIND, _name(source), [FORMAT, _code(), allow_outside])
    if not entry:
        return False
    try:
        profiles = [str(profile_path(Path(source), org)) for org in entry["organisations"]]
    except DocgenError:
        return False
    return entry["profiles"] == profiles and entry["wires"] == _wire_files(source) and entry["project"] == _project(source) and \
        stamps(Path(file) for file, *_ in entry["files"]) == entry["files"]


def remember(source: Path, before: list | None, organisations: list[str], files: list[Path], *, allow_outside: bool) -> None:
    """*source* read cleanly: *before*, its stamps taken before it was read; the ids of the
    *organisations* whose profiles it was read with (none for a JSON dump), and every other
    file it was read from."""
    from docgen.sources.profiles import profile_path

    others = stamps(files)
    if before is None or others is None or stamps([source]) != before:  # changed while it was read
        return
    entry = {"files": before + others, "organisations": organisations,
             "profiles": [str(profile_path(Path(source), org)) for org in organisations], "wires": _wire_files(source),
             "project": _project(source)}
    usercache.write(KIND, _name(source), [FORMAT, _code(), allow_outside], entry)


@functools.cache
def _code() -> str:
    """docgen's modules as they are (names, sizes, times): the version alone stays the same
    while a checkout is edited."""
    root = Path(__file__).resolve().parent
    found = sorted((str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns)
                   for path in root.rglob("*.py") for stat in [path.stat()])
    return hashlib.sha256(repr(found).encode("utf-8")).hexdigest()[:32]


def _wire_files(source: Path) -> list[str]:
    from docgen import wires

    return sorted(str(path) for path in wires.available(Path(source)).values())


def _project(source: Path) -> str | None:
    """The project file the release is under: it bounds where profiles and photos may be."""
    from docgen import project

    found = project.find(Path(source).parent)
    return str(found) if found else None


def _name(source: Path) -> str:
    return str(Path(source).resolve())
