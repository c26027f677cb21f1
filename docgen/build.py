"""From source files to output files: discovery, rendering, atomic writes.

A release is rendered completely in memory before anything is written, and
each file is written to a temporary name and renamed into place, so a failing
release leaves no partial output and a failing release never stops the rest
of a batch.
"""
from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from docgen import i18n, render, sources
from docgen.errors import DocgenError
from docgen.files import write_atomic
from docgen.i18n.translate import translate
from docgen.model import Release
from docgen.style import Style

_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Settings:
    """What to build, and from where."""

    formats: Sequence[str]
    locales: Sequence[str] = ()
    """BCP 47 tags; empty: each release in its own language."""
    out_dir: Path = Path("dist")
    style: Style = Style()
    locales_dir: Path = Path("locales")
    """Where the release translation catalogues are."""
    allow_partial: bool = False
    """Publish a translation with untranslated segments in the source language."""


@dataclass(frozen=True)
class Outcome:
    """What became of one source file."""

    source: Path
    written: tuple[Path, ...] = ()
    error: DocgenError | None = None
    warnings: tuple[str, ...] = ()


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


def render_release(release: Release, settings: Settings) -> tuple[dict[Path, bytes], list[str]]:
    """Every requested output of *release*, in memory, and the warnings to pass on."""
    outputs, warnings = {}, []
    for tag in settings.locales or (release.language,):
        info = i18n.parse_locale(tag)
        edition = translate(release, info, settings.locales_dir, allow_partial=settings.allow_partial)
        warnings += edition.warnings
        ctx = i18n.context_for(info.tag)
        for fmt in settings.formats:
            outputs[output_path(settings.out_dir, release, info.tag, fmt)] = render.renderer(fmt)(edition.release, ctx, settings.style)
    return outputs, warnings


def build(paths: Sequence[Path], settings: Settings) -> list[Outcome]:
    """Build every release in *paths*; failures are reported in the outcomes, not raised."""
    outcomes = []
    slugs: dict[str, Path] = {}
    for path in paths:
        try:
            release = sources.read(path)
            if release.slug in slugs:
                raise DocgenError(f"slug {release.slug!r} is already used by {slugs[release.slug]}", field="slug")
            slugs[release.slug] = path
            outputs, warnings = render_release(release, settings)
            for target, data in outputs.items():
                write_atomic(target, data)
            outcomes.append(Outcome(path, written=tuple(outputs), warnings=tuple(warnings)))
        except DocgenError as err:
            outcomes.append(Outcome(path, error=err.located(file=path)))
    return outcomes
