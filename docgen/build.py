"""From source files to output files: discovery, incremental and parallel
rendering, atomic writes.

Workers render releases in memory and hand the bytes back; this process
checks slugs and writes each file to a temporary name and renames it into
place, so a failing release leaves no partial output and never stops the rest
of a batch.  ``<out>/.docgen-manifest.json`` records what each output was made
from (sources, profile, photos, catalogues, glossary, fonts, reference
document: size, mtime and, for small files, a hash), so an unchanged output
is skipped after a few ``stat`` calls.
"""
from __future__ import annotations

import glob
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from itertools import islice
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable, Sequence

from docgen import i18n, render, sources, wires
from docgen.errors import DocgenError
from docgen.files import write_atomic
from docgen.i18n.translate import dependencies as translation_dependencies
from docgen.i18n.translate import translate
from docgen.manifest import Manifest, fingerprint
from docgen.model import Release
from docgen.style import Style, style_dependencies

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
    force: bool = False
    """Rebuild outputs even when nothing they depend on changed."""
    jobs: int = 1
    """Worker processes; 1 renders in this process."""
    allow_outside: bool = False
    """Let releases refer to photos outside their project."""
    wire: str | None = None
    """A wire service for every release (``--wire``), overriding releases and profiles."""


@dataclass(frozen=True)
class Outcome:
    """What became of one source file."""

    source: Path
    written: tuple[Path, ...] = ()
    skipped: tuple[Path, ...] = ()
    error: DocgenError | None = None
    """Why nothing of the release was built (its source, profile or wire is wrong)."""
    warnings: tuple[str, ...] = ()
    failed: tuple[tuple[str, DocgenError], ...] = ()
    """(locale, why) for each edition that was not built while the others were."""

    @property
    def errors(self) -> list[DocgenError]:
        return ([self.error] if self.error else []) + [error for _, error in self.failed]


@dataclass
class _Rendered:
    """A worker's answer for one release (plain data: it crosses a process boundary)."""

    source: Path
    slug: str = ""
    language: str = ""
    outputs: dict[str, bytes] = field(default_factory=dict)
    depends: dict[str, list[str]] = field(default_factory=dict)
    """Output path -> the files it was made from."""
    warnings: list[str] = field(default_factory=list)
    error: DocgenError | None = None
    failed: dict[str, DocgenError] = field(default_factory=dict)
    """Locale -> why that edition was not rendered; the other editions were."""


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


def output_path(out_dir: Path, slug: str, locale: str, fmt: str) -> Path:
    """``<out>/<slug>/<locale>/<slug>.<ext>``."""
    return out_dir / slug / locale / f"{slug}.{render.extension(fmt)}"


def _keys(settings: Settings) -> dict[str, str]:
    """Per format, a fingerprint of every setting an output of that format depends on."""
    from docgen import __version__

    common = (__version__, settings.allow_partial, settings.wire)
    return {fmt: fingerprint(common, fmt, settings.style if fmt in ("pdf", "docx") else settings.style.wire_width)
            for fmt in settings.formats}


def render_release(path: Path, settings: Settings, wanted: set[str] | None = None) -> _Rendered:
    """Every requested output of one release, in memory (run in a worker process).

    An edition that cannot be made (a lagging translation) is reported on its own;
    the release's other editions are still rendered.  A fault in the release itself
    renders nothing."""
    result = _Rendered(source=path)
    try:
        release = sources.read(path, allow_outside=settings.allow_outside)
        result.slug, result.language = release.slug, release.language
        release, wire = with_wire(release, settings.wire, path)
        base = [str(p) for p in sources.dependencies(path, release)] + [str(wire.file)]
        styled = {fmt: [str(p) for p in style_dependencies(settings.style, fmt)] for fmt in settings.formats}
    except DocgenError as err:
        result.error = err.located(file=path)
        return result
    for tag in settings.locales or (release.language,):
        info = i18n.parse_locale(tag)
        targets = {fmt: str(output_path(settings.out_dir, release.slug, info.tag, fmt)) for fmt in settings.formats}
        if wanted is not None and not wanted & set(targets.values()):
            continue
        try:
            edition = translate(release, info, settings.locales_dir, allow_partial=settings.allow_partial)
            catalogues = [str(p) for p in translation_dependencies(release, info, settings.locales_dir)]
            ctx = i18n.context_for(info.tag).with_wire(wire.conventions(info.tag))
            outputs = {target: render.renderer(fmt)(edition.release, ctx, settings.style)
                       for fmt, target in targets.items() if wanted is None or target in wanted}
        except DocgenError as err:
            result.failed[info.tag] = err.located(file=path)
            continue
        result.warnings += edition.warnings
        result.outputs.update(outputs)
        for fmt, target in targets.items():
            if target in outputs:
                result.depends[target] = base + catalogues + styled[fmt]
    return result


def with_wire(release: Release, override: str | None, path: Path | None) -> tuple[Release, wires.Wire]:
    """*release* sent through *override* (``--wire``) or its own wire, and that wire's conventions."""
    wire = wires.find(override or release.dateline.wire, start=path)
    if override:
        release = replace(release, dateline=replace(release.dateline, wire=None if wire.name == wires.NONE else wire.name))
    return release, wire


def build(paths: Sequence[Path], settings: Settings, progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build every release in *paths*; failures are reported in the outcomes, not raised."""
    manifest = Manifest.load(settings.out_dir)
    keys = _keys(settings)
    outcomes: dict[Path, Outcome] = {}
    work: dict[Path, set[str] | None] = {}
    for path in paths:
        stale = None if settings.force else manifest.stale(path, settings.formats, settings.locales, keys, settings.out_dir)
        if stale == set():
            outcomes[path] = Outcome(path, skipped=tuple(Path(p) for p in manifest.outputs(path)))
            if progress:
                progress(outcomes[path])
        else:
            work[path] = stale
    slugs = {manifest.slug(p): p for p in outcomes}
    for result in _run(work, settings):
        outcome = _finish(result, settings, manifest, keys, slugs)
        outcomes[result.source] = outcome
        if progress:
            progress(outcome)
    manifest.save()
    return [outcomes[path] for path in paths]


def _finish(result: _Rendered, settings: Settings, manifest: Manifest, keys: dict[str, str], slugs: dict[str, Path]) -> Outcome:
    """Write a rendered release (or report why not) and record what its outputs came from."""
    path = result.source
    if result.error is None and slugs.get(result.slug, path) != path:
        result.error = DocgenError("slug {slug!r} is already used by {other}", file=path, field="slug", slug=result.slug, other=slugs[result.slug])
    failed = tuple(result.failed.items())
    if result.error is not None:
        manifest.forget(path)
        return Outcome(path, error=result.error)
    if failed:
        # A failed edition's old outputs no longer match their sources: rebuild them next time.
        manifest.forget(path, {str(output_path(settings.out_dir, result.slug, tag, fmt)) for tag, _ in failed for fmt in settings.formats})
    slugs[result.slug] = path
    try:
        for target, data in result.outputs.items():
            write_atomic(Path(target), data)
    except DocgenError as err:
        manifest.forget(path)
        return Outcome(path, error=err)
    for target in result.outputs:
        fmt = next(f for f in settings.formats if target.endswith("." + render.extension(f)))
        manifest.record(path, result.slug, result.language, target, keys[fmt], result.depends[target])
    skipped = tuple(Path(p) for p in manifest.outputs(path) if p not in result.outputs)
    return Outcome(path, written=tuple(Path(t) for t in result.outputs), skipped=skipped, warnings=tuple(result.warnings), failed=failed)


def _run(work: dict[Path, set[str] | None], settings: Settings):
    """Render releases: in this process, or in a pool of worker processes."""
    if not work:
        return
    if settings.jobs <= 1 or len(work) == 1:
        for path, wanted in work.items():
            yield render_release(path, settings, wanted)
        return
    _prepare(settings)
    queue = iter(work.items())
    # fork: workers inherit the registered fonts and imported modules instead of loading them again.
    with ProcessPoolExecutor(max_workers=settings.jobs, mp_context=get_context("fork")) as pool:
        # A bounded window of releases in flight: finished results are written and dropped,
        # never all held at once.
        pending = {pool.submit(render_release, path, settings, wanted) for path, wanted in islice(queue, 2 * settings.jobs)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                for path, wanted in islice(queue, 1):
                    pending.add(pool.submit(render_release, path, settings, wanted))


def _prepare(settings: Settings) -> None:
    """Load what every worker needs once, before the workers are forked."""
    for fmt in settings.formats:
        render.renderer(fmt)
    if "pdf" in settings.formats:
        from docgen.typeset.fonts import FontSet

        FontSet.of(settings.style.fonts)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
