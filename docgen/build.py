"""From source files to output files: discovery, incremental and parallel
rendering, atomic writes.

Workers render releases in memory and hand the bytes back; this process checks
slugs and writes each release's outputs together (``files.write_all``), so a
failing release leaves its previous outputs as they were and never stops the rest
of a batch.  A bug met while reading, rendering or writing one release fails that
release alone: its traceback comes back as the outcome's ``internal`` error, from
a worker process too, and a worker that dies costs only the release it was
building.  Results are taken in the order of the sources whatever ``jobs`` is, so
which of two releases keeps a slug never depends on timing.
``<out>/.docgen-manifest.json`` records what each output was made from (sources,
profile, photos, catalogues, glossary, fonts, reference document: size, mtime
and, for small files, a hash), so an unchanged output is skipped after a few
``stat`` calls, and which source owns each slug.
"""
from __future__ import annotations

import contextlib
import glob
import importlib
import os
import re
import signal
import sys
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from docgen import i18n, render, sources, wires
from docgen.errors import DocgenError, Message
from docgen.files import interrupts_deferred, write_all
from docgen.manifest import Edition, Manifest, fingerprint
from docgen.housestyle import HouseStyle
from docgen.model import SLUG_MAX_LENGTH, Release

if TYPE_CHECKING:  # imported when there is work for them: a build that finds nothing changed does without
    from concurrent.futures import Future, ProcessPoolExecutor

    from docgen.style import Style

_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Settings:
    """What to build, and from where."""

    formats: Sequence[str]
    locales: Sequence[str] = ()
    """BCP 47 tags; empty: each release in its own language."""
    out_dir: Path = Path("dist")
    house: HouseStyle = HouseStyle()
    """The house style, loaded only when an output is to be made."""
    locales_dir: Path = Path("locales")
    """Where the release translation catalogues are."""
    allow_partial: bool = False
    """Publish a translation with untranslated segments in the source language."""
    require_review: bool = False
    """Refuse an edition with translations converted from another locale that nobody reviewed."""
    force: bool = False
    """Rebuild outputs even when nothing they depend on changed."""
    jobs: int = 1
    """Worker processes; 1 renders in this process."""
    allow_outside: bool = False
    """Let releases refer to photos outside their project."""
    wire: str | None = None
    """A wire service for every release (``--wire``), overriding releases and profiles."""

    @property
    def style(self) -> Style:
        return self.house.load()


@dataclass(frozen=True)
class InternalError:
    """A bug in docgen met while building one release (plain text: it crosses a process boundary)."""

    summary: str
    """One line: the exception's type and message."""
    traceback: str
    """The full traceback, for the log."""


def _internal(summary: str | None = None) -> InternalError:
    """The exception being handled, as an ``InternalError``."""
    kind, error, _trace = sys.exc_info()
    if summary is None:
        name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        words = " ".join(str(error).split())  # one line, however the library wrote it
        summary = f"{name}: {words[:300]}" if words else name
    return InternalError(summary, traceback.format_exc())


@dataclass(frozen=True)
class Outcome:
    """What became of one source file."""

    source: Path
    written: tuple[Path, ...] = ()
    skipped: Sequence[Path] = ()
    error: DocgenError | None = None
    """Why nothing of the release was built (its source, profile or wire is wrong)."""
    warnings: tuple[str, ...] = ()
    failed: tuple[tuple[str, DocgenError], ...] = ()
    """(locale, why) for each edition that was not built while the others were."""
    internal: InternalError | None = None
    """A bug in docgen that stopped this release (and only this one): nothing of it was written."""

    @property
    def errors(self) -> list[DocgenError]:
        return ([self.error] if self.error else []) + [error for _, error in self.failed]

    @property
    def ok(self) -> bool:
        return not self.errors and self.internal is None


class Batch(list):
    """The outcomes of a build, in the order of its sources, and what concerns the whole batch."""

    def __init__(self, outcomes: Iterable[Outcome] = ()):
        super().__init__(outcomes)
        self.warnings: list[Message] = []
        """Said once for the batch (a manifest that could not be used)."""
        self.errors: list[DocgenError] = []
        """Failures of the batch as a whole (the manifest could not be saved)."""


@dataclass
class _Rendered:
    """A worker's answer for one release (plain data: it crosses a process boundary)."""

    source: Path
    slug: str = ""
    language: str = ""
    outputs: dict[str, bytes] = field(default_factory=dict)
    depends: dict[str, list[str]] = field(default_factory=dict)
    """Output path -> the files it was made from."""
    formats: dict[str, str] = field(default_factory=dict)
    """Output path -> the format that made it."""
    locales: dict[str, str] = field(default_factory=dict)
    """Output path -> the tag of the edition it is a file of."""
    warnings: list[str] = field(default_factory=list)
    error: DocgenError | None = None
    failed: dict[str, DocgenError] = field(default_factory=dict)
    """Locale -> why that edition was not rendered; the other editions were."""
    internal: InternalError | None = None
    changes_at: dict[str, float] = field(default_factory=dict)
    """Output path -> when (POSIX time) it would render differently from the same sources."""


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


REVIEW = "review"
"""The bilingual proof for sign-off (``docgen.i18n.proof``): not a renderer, since it shows the
catalogues' states rather than a translated model; built here beside the renderers' formats."""
FORMATS = (*render.RENDERERS, REVIEW)


def check_format(name: str) -> None:
    """Refuse a format docgen cannot build, naming those it can."""
    if name not in FORMATS:
        raise DocgenError("unknown format {name!r} (formats: {formats})", field="--format", name=name, formats=", ".join(FORMATS))


def output_path(out_dir: Path, slug: str, locale: str, fmt: str) -> Path:
    """``<out>/<slug>/<locale>/<slug>.<locale>.<ext>``."""
    return out_dir / slug / locale / render.file_name(slug, locale, fmt)


def output_paths(out_dir: Path, slug: str, locale: str, fmt: str, language: str | None = None) -> list[Path]:
    """The files format *fmt* writes for the *locale* edition of a release in *language*: a
    renderer's one file; the review proof's ``<slug>.<locale>.review.docx`` and ``.review.pdf``
    (no slug has a dot, so they are never another output's name), and only for a locale other
    than the release's own."""
    if fmt != REVIEW:
        return [output_path(out_dir, slug, locale, fmt)]
    if locale == language:
        return []
    return [out_dir / slug / locale / f"{slug}.{locale}.review.docx", out_dir / slug / locale / f"{slug}.{locale}.review.pdf"]


def _keys(settings: Settings) -> dict[str, str]:
    """Per format, a fingerprint of every setting an output of that format depends on, and of
    how its files are named (the manifest finds an edition's files by what it recorded: files
    named another way are then made again)."""
    from docgen import __version__

    common = (__version__, settings.allow_partial, settings.require_review, settings.wire)
    styled = settings.house.fingerprint() if set(settings.formats) & {"pdf", "docx", "html", REVIEW} else None
    return {fmt: fingerprint(common, fmt, styled if fmt in ("pdf", "docx", "html", REVIEW) else settings.house.wire_width,
                             [str(p) for p in output_paths(Path("out"), "slug", "tag", fmt)])
            for fmt in settings.formats}


def _editions(settings: Settings) -> Callable[[str], list[Edition]]:
    """The editions (locale tag, format) asked of a release in a given language: each locale
    of *settings* (or the release's own) in each format, but no review proof of the release's
    own language.  Tags are parsed once per build, not once per release."""
    tags: dict[str, str] = {}
    found: dict[str, list[Edition]] = {}

    def tag(text: str) -> str:
        if text not in tags:
            tags[text] = i18n.locale_tag(text, settings.locales_dir)
        return tags[text]

    def editions(language: str) -> list[Edition]:
        if language not in found:
            own = tag(language)
            found[language] = [(locale, fmt) for locale in [tag(t) for t in settings.locales] or [own]
                               for fmt in settings.formats if not (fmt == REVIEW and locale == own)]
        return found[language]

    return editions


def render_release(path: Path, settings: Settings, wanted: set[Edition] | None = None, text: str | None = None) -> _Rendered:
    """Every requested output of one release, in memory (run in a worker process).

    An edition that cannot be made (a lagging translation) is reported on its own;
    the release's other editions are still rendered.  A fault in the release itself
    renders nothing, and neither does a bug in docgen: it comes back as ``internal``.
    *wanted*: the (locale tag, format) pairs to render; None: all those of *settings*."""
    try:
        return _render(path, settings, wanted, text)
    except Exception:  # noqa: BLE001 - any bug fails this release only
        return _Rendered(source=path, internal=_internal())


def _render(path: Path, settings: Settings, wanted: set[Edition] | None, text: str | None = None) -> _Rendered:
    from docgen.i18n.translate import dependencies as translation_dependencies, translate

    result = _Rendered(source=path)
    try:
        release = sources.read(path, allow_outside=settings.allow_outside, text=text)
        result.slug, result.language = release.slug, release.language
        release, wire = with_wire(release, settings.wire, path)
        base = [str(p) for p in sources.dependencies(path, release)] + [str(wire.file)]
        styled = {fmt: [str(p) for p in _style_dependencies(settings.style, fmt)] for fmt in settings.formats}
        own = i18n.parse_locale(release.language, settings.locales_dir).tag
    except DocgenError as err:
        result.error = err.located(file=path)
        return result
    tags = settings.locales or (release.language,)
    if REVIEW in settings.formats and settings.locales and all(i18n.parse_locale(tag, settings.locales_dir).tag == own for tag in tags):
        result.warnings.append(Message("--format review makes a proof for each --locale other than the release's own language "
                                       "({language}); none was asked for", language=own))
    editions = []
    # An edition with nothing to write is still translated when a page of another links it.
    linking = any(fmt in render.LINKED for fmt in settings.formats)
    for tag in tags:
        info = i18n.parse_locale(tag, settings.locales_dir)
        targets = {fmt: [str(p) for p in output_paths(settings.out_dir, release.slug, info.tag, fmt, own)] for fmt in settings.formats}
        targets = {fmt: paths for fmt, paths in targets.items() if paths and (wanted is None or (info.tag, fmt) in wanted)}
        if REVIEW in targets:
            # The proof shows the catalogues as they are, gaps included: it never waits for the edition.
            _review(release, info, targets.pop(REVIEW), base + styled[REVIEW], settings, result)
        if not targets and not linking:
            continue  # nothing to write, and no page to link it from
        try:
            edition = translate(release, info, settings.locales_dir, allow_partial=settings.allow_partial,
                                require_review=settings.require_review, source=path)
            catalogues = [str(p) for p in translation_dependencies(release, info, settings.locales_dir)]
        except DocgenError as err:
            if targets:
                result.failed.setdefault(info.tag, err.located(file=path))
            continue
        editions.append((info, edition, catalogues, targets))
    # Every edition made is published beside the others: a web page links them all, and is
    # made again when another edition's catalogue changes (it may come or go).
    publication = render.Publication(editions=tuple(info.tag for info, *_ in editions))
    linked = [c for *_, catalogues, _ in editions for c in catalogues]
    for info, edition, catalogues, targets in editions:
        if not targets:
            continue
        try:
            ctx = i18n.context_for(info).with_wire(wire.conventions(info.tag))
            made = {fmt: render.renderer(fmt)(edition.release, ctx, settings.style, publication) for fmt in targets}
        except DocgenError as err:
            result.failed.setdefault(info.tag, err.located(file=path))
            continue
        result.warnings += edition.warnings
        for fmt, (target,) in targets.items():
            output = made[fmt] if isinstance(made[fmt], render.Output) else render.Output(made[fmt])
            depends = base + (linked if fmt in render.LINKED else catalogues) + styled[fmt]
            for name, data in {target: output.data, **{str(Path(target).parent / n): d for n, d in output.beside.items()}}.items():
                result.outputs[name] = data
                result.depends[name] = depends
                result.formats[name] = fmt
                result.locales[name] = info.tag
            if output.changes_at is not None:
                result.changes_at[target] = output.changes_at.timestamp()
    return result


def _review(release: Release, info, targets: list[str], depends: list[str], settings: Settings, result: _Rendered) -> None:
    """The review proof of one edition (DOCX and PDF) into *result*, or why it could not be made."""
    from docgen.i18n import proof
    from docgen.i18n.translate import dependencies as translation_dependencies

    try:
        files = proof.render(release, info, settings.locales_dir, settings.style)
        catalogues = [str(p) for p in translation_dependencies(release, info, settings.locales_dir)]
    except DocgenError as err:
        result.failed.setdefault(info.tag, err.located(file=result.source))
        return
    for target, data in zip(targets, files):
        result.outputs[target] = data
        result.depends[target] = depends + catalogues
        result.formats[target] = REVIEW
        result.locales[target] = info.tag


def _style_dependencies(style: Style, fmt: str) -> list[Path]:
    """What an output of *fmt* depends on through the style; the proof uses the PDF's fonts and the DOCX's reference document."""
    from docgen.style import style_dependencies

    if fmt == REVIEW:
        return style_dependencies(style, "pdf") + style_dependencies(style, "docx")
    return style_dependencies(style, fmt)


def check_release(path: Path, *, allow_outside: bool = False) -> None:
    """Read *path* as a build would, raising what is wrong with it (``DocgenError``).  A release
    that read cleanly before, from files all as they are now, is not read again (``docgen.checked``)."""
    from docgen import checked

    if checked.sound(path, allow_outside=allow_outside):
        return
    before = checked.stamps([path])  # before reading: an edit made meanwhile is then seen next time
    release = sources.read(path, allow_outside=allow_outside)
    files = sources.dependencies(path, release)[1:] + [wires.find(release.dateline.wire, start=path).file]
    organisations = [o.id for o in release.organisations] if Path(path).suffix == ".md" else []
    checked.remember(path, before, organisations, files, allow_outside=allow_outside)


def with_wire(release: Release, override: str | None, path: Path | None) -> tuple[Release, wires.Wire]:
    """*release* sent through *override* (``--wire``) or its own wire, and that wire's conventions."""
    wire = wires.find(override or release.dateline.wire, start=path)
    if override:
        release = replace(release, dateline=replace(release.dateline, wire=None if wire.name == wires.NONE else wire.name))
    return release, wire


def build(paths: Sequence[Path], settings: Settings, progress: Callable[[Outcome], None] | None = None) -> Batch:
    """Build every release in *paths*; failures are reported in the outcomes, not raised.

    Only a fault of the whole batch is raised, before anything is written: a style
    whose fonts cannot be used.  The manifest is saved whatever happens, Ctrl-C included."""
    manifest = Manifest.load(settings.out_dir)
    batch = Batch()
    if manifest.warning:
        batch.warnings.append(manifest.warning)
    keys = _keys(settings)
    editions = _editions(settings)
    outcomes: dict[Path, Outcome] = {}
    work: dict[Path, set[Edition] | None] = {}
    for path in paths:
        try:
            stale = None if settings.force else manifest.stale(path, editions, keys)
        except DocgenError:
            stale = None  # its recorded language is no longer known: rendering it says why
        if stale == set():
            outcomes[path] = Outcome(path, skipped=manifest.outputs(path))
            if progress:
                progress(outcomes[path])
        else:
            work[path] = stale
    claims = {manifest.slug(p).casefold(): (manifest.slug(p), p) for p in outcomes}
    if work:
        _prepare(settings, work)
    results = _run(work, settings)
    try:
        for result in results:
            # Ctrl-C waits until the release is written and recorded, or refused.
            with interrupts_deferred():
                try:
                    outcome = _finish(result, settings, manifest, keys, claims)
                except Exception:  # noqa: BLE001 - a bug while writing fails this release only
                    outcome = Outcome(result.source, internal=_internal())
                outcomes[result.source] = outcome
            if progress:
                progress(outcome)
    finally:
        results.close()  # stops the workers now if the loop was left early (Ctrl-C)
        with interrupts_deferred():
            try:
                manifest.save()
            except DocgenError as err:
                batch.errors.append(err)
    batch.extend(outcomes[path] for path in paths)
    return batch


def _finish(result: _Rendered, settings: Settings, manifest: Manifest, keys: dict[str, str],
            claims: dict[str, tuple[str, Path]]) -> Outcome:
    """Write a rendered release (or report why not) and record what its outputs came from.

    A release that fails leaves its previous outputs, and their records, as they were."""
    path = result.source
    if result.internal is not None:
        return Outcome(path, internal=result.internal)
    if result.error is None:
        result.error = _claim(result.slug, path, settings, manifest, claims)
    if result.error is not None:
        return Outcome(path, error=result.error)
    failed = tuple(result.failed.items())
    if failed:
        # A failed edition's old outputs no longer match their sources: rebuild them next time.
        manifest.forget(path, {(tag, fmt) for tag, _ in failed for fmt in settings.formats})
    try:
        write_all({Path(target): data for target, data in result.outputs.items()})
    except DocgenError as err:
        return Outcome(path, error=err, failed=failed)
    for target in result.outputs:
        fmt = result.formats[target]
        manifest.record(path, result.slug, result.language, (result.locales[target], fmt), target, keys[fmt], result.depends[target],
                        changes_at=result.changes_at.get(target))
    skipped = tuple(p for p in manifest.outputs(path) if str(p) not in result.outputs)
    return Outcome(path, written=tuple(Path(t) for t in result.outputs), skipped=skipped, warnings=tuple(result.warnings), failed=failed)


_SAFE_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _claim(slug: str, path: Path, settings: Settings, manifest: Manifest, claims: dict[str, tuple[str, Path]]) -> DocgenError | None:
    """Why *path* may not write outputs named *slug*, or None, and then the slug is its own.

    The first source of the batch (in the order given) keeps a slug; a slug that another
    source wrote into this folder before stays that source's unless ``--force``.  Slugs
    are compared without regard to case: on macOS and Windows, ``Budget`` and
    ``budget`` are one folder."""
    if len(slug) > SLUG_MAX_LENGTH:
        return DocgenError("a slug is at most {limit} characters long (this one has {length})", file=path, field="slug",
                           limit=SLUG_MAX_LENGTH, length=len(slug))
    if not _SAFE_SLUG.fullmatch(slug):
        # A JSON dump's slug is not checked as a source's is: never let it name another folder.
        return DocgenError("slug {slug!r} cannot name a folder: use letters, digits and hyphens", file=path, field="slug", slug=slug)
    folded = slug.casefold()
    if folded in claims and claims[folded][1] != path:
        other_slug, other = claims[folded]
        if other_slug == slug:
            return DocgenError("slug {slug!r} is already used by {other}", file=path, field="slug", slug=slug, other=other)
        return DocgenError("slug {slug!r} differs only in case from {other_slug!r} of {other}, and would share its folder on macOS and Windows",
                           file=path, field="slug", slug=slug, other_slug=other_slug, other=other)
    owner = manifest.owner(slug, path)
    if owner is not None and not settings.force:
        return DocgenError("the outputs named {slug!r} in {out} were built from {owner}; build with --force to replace them with this release's",
                           file=path, field="slug", slug=slug, out=settings.out_dir, owner=owner)
    claims[folded] = (slug, path)
    return None


def _run(work: dict[Path, set[Edition] | None], settings: Settings) -> Iterator[_Rendered]:
    """Render releases, in the order of *work*: in this process, or in worker processes."""
    jobs = min(settings.jobs, len(work))
    if jobs <= 1:
        for path, wanted in work.items():
            yield render_release(path, settings, wanted)
        return
    yield from _pooled(list(work.items()), settings, jobs)


def _pooled(items: list[tuple[Path, set[Edition] | None]], settings: Settings, jobs: int) -> Iterator[_Rendered]:
    """Render *items* in *jobs* worker processes and yield the results in order.

    A bounded window of releases is in flight: finished results are written and dropped,
    never all held at once.  A worker that dies breaks the pool; the releases that were in
    flight are then rendered again one at a time, each in a process of its own, so only the
    one that kills its worker fails, and the rest of the batch goes on in a new pool."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    window = 4 * jobs
    results: dict[int, _Rendered] = {}
    running: dict[Future, int] = {}
    submitted = taken = 0
    with _Workers(jobs) as workers:
        while taken < len(items):
            lost: list[int] = []
            while submitted < len(items) and submitted - taken < window:
                path, wanted = items[submitted]
                try:
                    running[workers.pool.submit(render_release, path, settings, wanted)] = submitted
                except BrokenProcessPool:
                    lost.append(submitted)
                submitted += 1
            if taken in results:
                yield results.pop(taken)
                taken += 1
                continue
            if running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = running.pop(future)
                    try:
                        results[index] = future.result()
                    except BrokenProcessPool:
                        lost.append(index)
                    except Exception:  # noqa: BLE001 - a result that could not come back
                        results[index] = _Rendered(source=items[index][0], internal=_internal())
            if lost:
                # The pool is broken: every release still in it is lost with it.
                wait(running)
                for future, index in running.items():
                    if future.exception() is None:
                        results[index] = future.result()
                    else:
                        lost.append(index)
                running.clear()
                workers.renew()
                for index in sorted(lost):
                    results[index] = _alone(*items[index], settings)


def _alone(path: Path, wanted: set[Edition] | None, settings: Settings) -> _Rendered:
    """Render one release in a worker process of its own: whether it kills its worker is then certain."""
    from concurrent.futures.process import BrokenProcessPool

    with _Workers(1) as workers:
        try:
            return workers.pool.submit(render_release, path, settings, wanted).result()
        except BrokenProcessPool as err:
            return _Rendered(source=path, internal=_internal(f"the worker process building it died ({err})"))
        except Exception:  # noqa: BLE001
            return _Rendered(source=path, internal=_internal())


class _Workers:
    """Worker processes, replaced when one dies, and stopped at once if the build is
    left by an exception (Ctrl-C), so that no worker outlives it."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.pool = self._new()
        self._old: list[ProcessPoolExecutor] = []

    def _new(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        # fork: workers inherit the registered fonts and imported modules instead of loading them again.
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=get_context("fork"), initializer=_worker_start)

    def renew(self) -> None:
        """A new pool in place of a broken one."""
        _stop(self.pool)
        self._old.append(self.pool)
        self.pool = self._new()

    def __enter__(self) -> "_Workers":
        return self

    def __exit__(self, kind, error, trace) -> None:
        for pool in (*self._old, self.pool):
            if kind is None:
                pool.shutdown(wait=True)
            else:
                _stop(pool, wait=False)


def _worker_start() -> None:
    # Ctrl-C reaches every process in the terminal's process group: the main process
    # handles it (and stops the workers); a worker would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: ProcessPoolExecutor, *, wait: bool = True) -> None:
    """Stop *pool*'s workers now, mid-release (there is no public way before Python 3.14).

    Without *wait* (Ctrl-C), the pool's own manager thread is not waited for: a worker
    stopped while sending its result leaves half a message in the result pipe, and the
    thread reading it never returns (the CLI then leaves with ``os._exit``)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(2)
            if process.is_alive():
                process.kill()
                process.join(2)
    if wait:
        with contextlib.suppress(Exception):
            pool.shutdown(wait=True)


def _prepare(settings: Settings, work: dict[Path, set[Edition] | None]) -> None:
    """Load what the releases of *work* need once, before the workers are forked (or the first
    release is rendered here): a style whose fonts cannot be used is then said once.  Only the
    renderers and fonts of the editions to make: a rebuild of wire copy loads no font."""
    # Read and checked here, once: a style or locale file that cannot be used fails the batch
    # before anything is written (a build with nothing to do reads neither).
    style = settings.house.load()
    i18n.available(settings.locales_dir)
    importlib.import_module("docgen.i18n.translate")
    if any(wanted is None for wanted in work.values()):  # whole releases, in every format and locale asked
        formats, font_tags = set(settings.formats), set(settings.locales or ("en",))
    else:
        editions = set().union(*work.values())
        formats = {fmt for _, fmt in editions}
        font_tags = {tag for tag, fmt in editions if fmt in ("pdf", REVIEW)}
    for fmt in sorted(formats):
        if fmt == REVIEW:
            importlib.import_module("docgen.i18n.proof")  # before the workers fork, as the renderers
        else:
            render.renderer(fmt)
    if formats & {"pdf", REVIEW}:
        from docgen.typeset.fonts import FontSet

        for tag in sorted(font_tags):
            FontSet.of(style.fonts.for_locale(tag))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def format_of_file(target: Path) -> str | None:
    """The format a file name asks for by its extension (``release.pdf``: pdf), if any."""
    name = target.name
    found = [fmt for fmt in render.RENDERERS if name.endswith("." + render.extension(fmt)) and len(name) > len(render.extension(fmt)) + 1]
    return max(found, key=lambda fmt: len(render.extension(fmt)), default=None)  # x.ninjs.json is ninjs, not json


def build_file(path: Path, settings: Settings, target: Path, text: str | None = None) -> Outcome:
    """One release in one format straight to *target*, as pandoc's ``-o release.pdf`` writes:
    that file for one edition; ``release.<tag>.pdf`` beside it for each of several.  A page's
    pictures go in its folder.  Written whole or not at all; no manifest (nothing to skip)."""
    settings.house.load()  # a style that cannot be used is the command's fault, raised, not this release's
    result = render_release(path, settings, text=text)
    if result.internal is not None:
        return Outcome(path, internal=result.internal)
    if result.error is not None:
        return Outcome(path, error=result.error)
    [fmt] = settings.formats
    tags = settings.locales or (result.language,)
    suffix = "." + render.extension(fmt)
    stem = target.name[: -len(suffix)]
    named = {}
    for tag in tags:
        main = output_path(settings.out_dir, result.slug, tag, fmt)
        own = target if len(tags) == 1 else target.with_name(f"{stem}.{tag}{suffix}")
        for name, data in result.outputs.items():
            if Path(name) == main:
                named[own] = data
            elif Path(name).parent == main.parent:
                named[target.parent / Path(name).name] = data  # a page's pictures, beside it
    failed = tuple(result.failed.items())
    try:
        write_all(named)
    except DocgenError as err:
        return Outcome(path, error=err, failed=failed)
    return Outcome(path, written=tuple(named), warnings=tuple(result.warnings), failed=failed)

