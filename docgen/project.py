"""The project file, ``docgen.yaml``: the defaults a team would otherwise repeat on every command.

As mkdocs finds ``mkdocs.yml`` and git finds ``.git``, docgen looks for ``docgen.yaml`` in the
current folder and each folder above it; the first found marks the project root.  Paths in it
are relative to that root.  Command-line options override it (the CLI hands these settings to
click as defaults).  The root also bounds the search for organisation profiles: a profile
above the project is never used.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.project_file import ProjectFile

FILE = "docgen.yaml"

@dataclass(frozen=True)
class Project:
    """A project file as read: where it is, and each setting with the line that set it."""

    file: Path
    settings: ProjectFile
    lines: dict[str, int] = field(default_factory=dict)
    """Field -> the line of the file that sets it (fields it leaves out are not here)."""

    @property
    def root(self) -> Path:
        return self.file.parent

    def path(self, value: str) -> Path:
        """*value*, a path written in the file, as a path from here."""
        return (self.root / value).resolve()


def find(start: Path) -> Path | None:
    """The nearest ``docgen.yaml`` in *start* or a folder above it."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / FILE
        if candidate.is_file():
            return candidate
    return None


def load(path: Path) -> Project:
    """The project file at *path*; a located DocgenError when it is not what docgen reads."""
    from docgen import validation
    from docgen.errors import DocgenError
    from docgen.sources import yamldata
    from docgen.sources.textfile import read_text

    data = yamldata.load(read_text(path), file=path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocgenError("a project file is a set of 'field: value' lines", file=path, line=1)
    settings = validation.validate(_adapter(), data, file=path)
    lines = {key: validation.line_of(data, (key,)) for key in data}
    return Project(path, settings, {key: line for key, line in lines.items() if line})


@functools.cache
def _adapter():
    # pydantic only when there is a file to check: a command outside a project never loads it.
    from pydantic import TypeAdapter

    from docgen.project_file import ProjectFile

    return TypeAdapter(ProjectFile)


def current(start: Path | None = None) -> Project | None:
    """The project the current folder (or *start*) is in, if any."""
    path = find(start or Path.cwd())
    return load(path) if path else None
