"""What the last build of ``docgen serve`` made, as the preview's pages and the command line see it.

Plain frozen dataclasses (``Report`` of ``ReleaseState`` of ``EditionState``, with ``Counts``),
the translation counts of an edition's catalogues, and ``page_signature``: what the pages show,
to tell whether open pages must reload.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from docgen import i18n
from docgen.build import Batch, InternalError
from docgen.errors import DocgenError


@dataclass(frozen=True)
class Counts:
    """Translation states of an edition's catalogues, as ``docgen i18n update`` would leave them."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.translated + other.translated, self.fuzzy + other.fuzzy, self.untranslated + other.untranslated)


@dataclass(frozen=True)
class EditionState:
    locale: str
    name: str
    """The locale's name in English (``Chinese (Traditional, Hong Kong SAR China)``)."""
    own: bool
    """The release's own language (no catalogue)."""
    files: dict[str, str] = field(default_factory=dict)
    """Format -> the URL of its file, for the files on disk."""
    error: DocgenError | None = None
    counts: Counts | None = None
    """None for the own language, or when there is no catalogue."""
    counts_note: str | None = None
    """Why there are no counts (no catalogue, a broken one)."""


@dataclass(frozen=True)
class ReleaseState:
    source: Path
    slug: str | None = None
    headline: str | None = None
    language: str | None = None
    editions: tuple[EditionState, ...] = ()
    error: DocgenError | None = None
    """Why nothing of the release was built in the last build."""
    internal: InternalError | None = None
    """A bug in docgen met while building it."""
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.error is not None or self.internal is not None

    def edition(self, locale: str) -> EditionState | None:
        return next((e for e in self.editions if e.locale == locale), None)


@dataclass(frozen=True)
class Report:
    """One build of the preview, for the pages and for the command line."""

    releases: tuple[ReleaseState, ...]
    batch: Batch
    """The build's outcomes (all its ``build`` calls in one)."""
    errors: tuple[DocgenError, ...] = ()
    """Failures of the whole build: no sources, a style that cannot be loaded, a manifest not saved."""
    seconds: float = 0.0
    finished: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    changes: tuple[str, ...] = ()
    """The files whose change started this build (empty for the first)."""
    style_warnings: tuple[str, ...] = ()

    def release(self, slug: str) -> ReleaseState | None:
        return next((r for r in self.releases if r.slug == slug), None)


def translation_counts(release, tag: str, locales_dir: Path, cache: dict) -> tuple[Counts | None, str | None]:
    """The counts of the edition's catalogues merged with the release's English as it is now;
    *cache* keeps them while a catalogue and the release's words are unchanged."""
    from docgen.i18n import catalogs, workflow

    try:
        info = i18n.parse_locale(tag, locales_dir)
        domains = workflow.release_domains([release], locales_dir)
    except DocgenError as err:
        return None, err.format_message()
    total, found, note = Counts(), False, None
    for domain in domains:
        po = domain.po(info)
        if not po.is_file():
            continue
        found = True
        stat = po.stat()
        key = (str(po), stat.st_mtime_ns, stat.st_size, tuple((m.id, m.context) for m in domain.template if m.id))
        if key not in cache:
            try:
                stats = catalogs.stats(catalogs.merge(catalogs.read(po, locale=info.babel), domain.template))
                cache[key] = (Counts(stats.translated, stats.fuzzy, stats.untranslated), None)
            except DocgenError as err:
                cache[key] = (None, err.located(file=po).format_message())
        counts, problem = cache[key]
        if problem is not None:
            note = problem
        else:
            total += counts
    if not found:
        return None, "no catalogue"
    return (None, note) if note else (total, None)


def locale_name(tag: str, locales_dir: Path) -> str:
    try:
        return i18n.parse_locale(tag, locales_dir).locale.get_display_name("en") or tag
    except Exception:  # noqa: BLE001 - a name is a courtesy
        return tag


def message(error: DocgenError | None) -> str | None:
    return error.format_message() if error is not None else None


def page_signature(report: Report) -> tuple:
    """What the pages show, to tell whether they must reload."""
    return (tuple(str(e) for e in report.errors),
            tuple((str(r.source), r.slug, r.headline, message(r.error), r.internal.summary if r.internal else None, r.warnings,
                   tuple((e.locale, tuple(sorted(e.files.items())), message(e.error), e.counts, e.counts_note) for e in r.editions))
                  for r in report.releases))
