"""From source files to output files: discovery, rendering, atomic writes.

A release is rendered completely in memory before anything is written, and
each file is written to a temporary name and renamed into place, so a failing
release leaves no partial output and a failing release never stops the rest
of a batch.
"""
from __future__ import annotations

import glob
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from docgen import i18n, render, sources
from docgen.errors import DocgenError
from docgen.model import Release

_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Outcome:
    """What became of one source file."""

    source: Path
    written: tuple[Path, ...] = ()
    error: DocgenError | None = None


def find_sources(patterns: Iterable[str]) -> list[Path]:
    """Release files named by *patterns*: files, folders (searched for ``*.md``) or globs."""
    found: list[Path] = []
    for pattern in patterns:
        if _GLOB_CHARS & set(pattern):
            matches = [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]
        else:
            matches = [Path(pattern)]
        if not matches:
            raise DocgenError("no file matches this pattern", file=pattern)
        for match in matches:
            if match.is_dir():
                found += sorted(p for p in match.rglob("*") if p.suffix in sources.RELEASE_SUFFIXES and p.is_file())
            elif match.exists() or not (_GLOB_CHARS & set(pattern)):
                found.append(match)
    unique = list(dict.fromkeys(found))
    if not unique:
        raise DocgenError("no release files (*.md) found", file=", ".join(patterns))
    return unique


def output_path(out_dir: Path, release: Release, locale: str, fmt: str) -> Path:
    """``<out>/<slug>/<locale>/<slug>.<ext>``."""
    return out_dir / release.slug / locale / f"{release.slug}.{render.extension(fmt)}"


def render_release(release: Release, formats: Sequence[str], locales: Sequence[str], out_dir: Path, style: render.Style) -> dict[Path, bytes]:
    """Every requested output of *release*, in memory."""
    outputs = {}
    for tag in locales or (release.language,):
        ctx = i18n.context_for(tag)
        for fmt in formats:
            outputs[output_path(out_dir, release, tag, fmt)] = render.renderer(fmt)(release, ctx, style)
    return outputs


def build(paths: Sequence[Path], formats: Sequence[str], locales: Sequence[str], out_dir: Path, style: render.Style) -> list[Outcome]:
    """Build every release in *paths*; failures are reported in the outcomes, not raised."""
    outcomes = []
    slugs: dict[str, Path] = {}
    for path in paths:
        try:
            release = sources.read(path)
            if release.slug in slugs:
                raise DocgenError(f"slug {release.slug!r} is already used by {slugs[release.slug]}", field="slug")
            slugs[release.slug] = path
            outputs = render_release(release, formats, locales, out_dir, style)
            for target, data in outputs.items():
                write_atomic(target, data)
            outcomes.append(Outcome(path, written=tuple(outputs)))
        except DocgenError as err:
            outcomes.append(Outcome(path, error=err.located(file=path)))
    return outcomes


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def write_atomic(target: Path, data: bytes) -> None:
    """Write *data* to *target* so that readers see the old file or the new one, never a part."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, _FILE_MODE)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise DocgenError(f"cannot write output: {err.strerror}", file=target) from None
