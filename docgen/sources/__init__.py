"""Readers: source files in, canonical ``Release`` out."""
from __future__ import annotations

from pathlib import Path

from docgen.errors import DocgenError
from docgen.model import Release

RELEASE_SUFFIXES = (".md",)


STDIN = Path("<stdin>")
"""The name a release read from standard input goes by (``docgen check -``): in errors, and
as a file in the current folder, where its profiles and photos are looked for."""


def read(path: Path, *, allow_outside: bool = False, text: str | None = None) -> Release:
    """Read one release file, whatever reader its suffix calls for; files it refers
    to must be inside its project unless *allow_outside*.  *text*, when given, is the
    file's content (standard input, read as Markdown)."""
    path = Path(path)
    if path.suffix == ".md" or text is not None:
        from docgen.sources.markdown import read_release

        return read_release(path, allow_outside=allow_outside, text=text)
    if path.suffix == ".json":
        from docgen.jsonio import load_release

        return load_release(path, allow_outside=allow_outside)
    raise DocgenError("not a release file (expected .md, or .json from 'docgen dump')", file=path)


def dependencies(path: Path, release: Release) -> list[Path]:
    """The files *release* was read from: its source, the profile of each organisation issuing
    it, its photos."""
    from docgen.model import Photo

    found = [Path(path)]
    if Path(path).suffix == ".md":
        from docgen.sources.profiles import profile_path

        found += [profile_path(Path(path), organisation.id) for organisation in release.organisations]
    return found + [Path(b.src) for b in release.body if isinstance(b, Photo)]
