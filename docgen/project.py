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
from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field

FILE = "docgen.yaml"

# A list, or one value written alone (the CLI splits "en, zh-Hant-HK" as it does on the command line).
Names = Annotated[tuple[str, ...], BeforeValidator(lambda value: [value] if isinstance(value, str) else value)]

_STRICT = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@dataclass(frozen=True, kw_only=True)
class ProjectFile:
    """What ``docgen.yaml`` may say (every field optional)."""

    __pydantic_config__ = _STRICT
    sources: Names = ("source",)
    """Release files or folders that ``docgen build`` and ``check`` take when given none."""
    formats: Names | None = None
    """Output formats (``txt``, ``pdf``, ``docx``, ``html``, ...); docgen's default without it."""
    locales: Names | None = None
    """Editions to build (``en``, ``zh-Hant-HK``...); each release's own language without it."""
    out: str = "dist"
    """Output folder."""
    style: str | None = None
    """House style folder (or its style.yaml)."""
    wire: str | None = None
    """Wire service for every release, overriding releases and profiles."""
    translations: str = "locales"
    """Folder of the translation catalogues."""
    jobs: Annotated[int, Field(ge=1, strict=True)] | None = None
    """Worker processes."""
    allow_partial: Annotated[bool, Field(strict=True)] = False
    """Publish a translation that lacks segments, with the source text for them."""
    require_review: Annotated[bool, Field(strict=True)] = False
    """Refuse an edition whose translations were converted from another locale and not reviewed."""


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
    from docgen.sources.markdown import read_text

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
    from pydantic import TypeAdapter

    return TypeAdapter(ProjectFile)


def current(start: Path | None = None) -> Project | None:
    """The project the current folder (or *start*) is in, if any."""
    path = find(start or Path.cwd())
    return load(path) if path else None
