"""``docgen i18n extract | init | update | compile | stats | check``.

Each works on *domains*: docgen's own (messages extracted from the code by
Babel's Python extractor) or those of releases (their segments).  Babel does
the catalogue work; this module decides which files, and refuses to compile a
catalogue that fails the checks (Babel would write the .mo anyway).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from docgen.files import write_atomic
from docgen.i18n import catalogs, checks, convert, memory, review, translate
from docgen.i18n.context import DOMAIN, catalogue_folder
from docgen.i18n.locales import LocaleInfo, available, parse_locale
from docgen.i18n.segments import organisation_segments, release_segments
from docgen.model import Release


@dataclass(frozen=True)
class Domain:
    """One catalogue domain and where its files live."""

    name: str
    folder: Path
    template: Catalog
    source_language: str = "en"
    content: bool = True
    """Release content (checked against the glossary) rather than docgen's own words."""

    def po(self, info: LocaleInfo) -> Path:
        return catalogs.po_path(self.folder, info.babel, self.name)

    def pot(self) -> Path:
        return catalogs.template_path(self.folder, self.name)


def release_domains(releases: Iterable[Release], folder: Path) -> list[Domain]:
    """A domain per release and one per organisation (shared by its releases)."""
    domains: dict[str, Domain] = {}
    for release in releases:
        shared = {org: organisation_segments(org, org.contacts) for org in release.organisations}
        everyone = {(s.context, s.text) for segments in shared.values() for s in segments}
        own = [s for s in release_segments(release) if (s.context, s.text) not in everyone]
        parts = [(catalogs.organisation_domain(org), segments, org.name) for org, segments in shared.items()]
        for name, segments, holder in parts + [(catalogs.release_domain(release), own, release.organisation.name)]:
            if name not in domains:
                template = catalogs.template(name, segments, project=name, holder=holder)
                domains[name] = Domain(name, folder, template, source_language=parse_locale(release.language, folder).tag)
    return list(domains.values())


def docgen_domain(folder: Path | None = None) -> Domain:
    """docgen's own words, extracted from its code."""
    package = Path(__file__).resolve().parent.parent
    template = catalogs.template(DOMAIN, [], project="docgen", holder="the docgen authors")
    # None: the call's first argument.  DocgenError (and its subclass ImportError_) and
    # Message take a message template first; N_ marks one written before its call.
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "DocgenError": None, "ImportError_": None, "Message": None}
    found = extract_from_dir(str(package), [("**.py", "python")], keywords=keywords, comment_tags=("Translators:",), strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        template.add(message, locations=[(f"docgen/{filename}", None)], auto_comments=comments, context=context)
    return Domain(DOMAIN, folder or catalogue_folder(), template, content=False)


def _targets(domain: Domain, locales: Iterable[LocaleInfo] | None) -> Iterator[LocaleInfo]:
    """The locales a domain is translated into: *locales*, else every available locale that has
    a folder of catalogues there (so that a Simplified edition is never started unasked);
    never its source language."""
    if not locales:
        locales = [info for info in available(domain.folder).values() if (domain.folder / info.babel).is_dir()]
    for info in locales:
        if domain.content and info.tag == domain.source_language:
            continue
        yield info


def _save(path: Path, catalog: Catalog, domain: Domain) -> bool:
    return catalogs.save(path, catalog, locations=not domain.content, formats=not domain.content)


def extract(domains: list[Domain]) -> list[Path]:
    """Write each domain's template (.pot); unchanged templates are left alone."""
    return [d.pot() for d in domains if _save(d.pot(), d.template, d)]


def init(domains: list[Domain], locales: list[LocaleInfo]) -> list[Path]:
    """Create missing .po files for *locales*; existing ones are never overwritten."""
    extract(domains)
    written = []
    for domain in domains:
        for info in _targets(domain, locales):
            if not domain.po(info).exists():
                catalog = catalogs.new_translation(domain.template, info.babel)
                _fill_source_language(catalog, domain, info)
                _fill(catalog, domain, info, {})
                _save(domain.po(info), catalog, domain)
                written.append(domain.po(info))
    return written


def update(domains: list[Domain], locales: list[LocaleInfo] | None) -> list[Path]:
    """Merge each existing .po with its fresh template (Babel's fuzzy matching); create missing ones."""
    extract(domains)
    written = []
    for domain in domains:
        for info in _targets(domain, locales):
            path = domain.po(info)
            previous = {}
            if path.exists():
                old = catalogs.read(path, locale=info.babel)
                previous = convert.bases(old)
                catalog = catalogs.merge(old, domain.template)
            else:
                catalog = catalogs.new_translation(domain.template, info.babel)
            _fill_source_language(catalog, domain, info)
            _fill(catalog, domain, info, previous)
            if _save(path, catalog, domain):
                written.append(path)
    return written


def _fill(catalog: Catalog, domain: Domain, info: LocaleInfo, previous: dict) -> None:
    """Fill what is untranslated: exact matches from the translation memory first (a person's
    approved words win over a conversion), then drafts converted from another locale, then
    close matches, fuzzy, for what neither filled (a conversion of this very English is
    nearer than a person's translation of other English)."""
    remembered = memory.for_domain(domain.folder, domain.name, domain.template.copyright_holder, info) if domain.content else None
    if remembered:
        memory.fill_exact(catalog, remembered, exclude=domain.name)
    _draft(catalog, domain, info, previous)
    if remembered:
        memory.fill_close(catalog, remembered, exclude=domain.name)


def _draft(catalog: Catalog, domain: Domain, info: LocaleInfo, previous: dict) -> convert.Counts:
    """Drafts converted from the approved translations of the locale *info* is drafted from
    (the source locale's catalogue of the same domain, brought up to date first)."""
    if info.draft is None or (domain.content and info.draft.source == domain.source_language):
        return convert.Counts()
    source_info = parse_locale(info.draft.source, domain.folder)
    path = domain.po(source_info)
    if not path.exists():
        return convert.Counts()
    source = catalogs.merge(catalogs.read(path, locale=source_info.babel), domain.template)
    return convert.draft(catalog, source, info, convert.converter(info, domain.folder), previous)


def _fill_source_language(catalog: Catalog, domain: Domain, info: LocaleInfo) -> None:
    """docgen's English catalogue holds the English itself, ready for a house to restyle a label.

    An entry that held the English unchanged follows the English when it changes: Babel's
    fuzzy matching would otherwise give a new message a neighbour's words ("no headline
    found" would say "no problems found").  A restyled label that went fuzzy is left for
    its house to review.
    """
    if domain.content or info.tag != "en":
        return
    for message in catalog:
        if not message.id:
            continue
        strings = list(message.string) if message.pluralizable else [message.string]
        if message.fuzzy and message.previous_id and strings == list(message.previous_id):
            message.flags.discard("fuzzy")
            message.previous_id = []
            message.string = message.id
        elif not any(strings) and not message.fuzzy:
            message.string = message.id


def existing(domains: list[Domain], locales: list[LocaleInfo] | None) -> Iterator[tuple[Domain, LocaleInfo, Path]]:
    for domain in domains:
        for info in _targets(domain, locales):
            if domain.po(info).exists():
                yield domain, info, domain.po(info)


def check(domains: list[Domain], locales: list[LocaleInfo] | None) -> list[review.Finding]:
    """Every doubt about every translated message: refused ones, and those the translator accepted."""
    found = []
    for domain, info, path in existing(domains, locales):
        found += check_catalog(path, catalogs.read(path, locale=info.babel), domain, info)
    return found


def check_catalog(path: Path, catalog: Catalog, domain: Domain, info: LocaleInfo) -> list[review.Finding]:
    entries, found = [], []
    for message in catalog:
        if not message.id or catalogs.state(message) != "translated":
            continue
        english = message.id if isinstance(message.id, str) else " ".join(message.id)
        string = message.string if isinstance(message.string, str) else " ".join(message.string)
        entry = review.Entry(path, message.lineno, message.context, place_of(message) if domain.content else message.context or english,
                             english, string, review.accepted(message))
        found += [review.Finding(entry, p) for p in catalogs.gettext_problems(catalog, message)]
        if domain.content and message.pluralizable:
            found.append(review.Finding(entry, translate.NO_PLURALS))
        entries.append(entry)
    terms = checks.load_glossary(domain.folder, info.tag) if domain.content else []
    return found + review.review(entries, info.tag, terms, content=domain.content, characters=info.characters)


def place_of(message) -> str:
    """Where a release message's text stands (its ``#.`` comment), else its kind."""
    return (message.auto_comments[0] if message.auto_comments else "") or message.context or message.id


def compile(domains: list[Domain], locales: list[LocaleInfo] | None) -> tuple[list[Path], list[review.Finding]]:
    """Write a .mo beside each .po that passes the checks; every doubt found (a catalogue
    with a refused one is not compiled)."""
    written, found = [], []
    for domain, info, path in existing(domains, locales):
        catalog = catalogs.read(path, locale=info.babel)
        doubts = check_catalog(path, catalog, domain, info)
        found += doubts
        if any(not f.accepted for f in doubts):
            continue
        target = path.with_suffix(".mo")
        write_atomic(target, catalogs.compile_mo(catalog))
        written.append(target)
    return written, found


def stats(domains: list[Domain], locales: list[LocaleInfo] | None) -> list[tuple[Path, catalogs.Stats]]:
    return [(path, catalogs.stats(catalogs.read(path, locale=info.babel))) for _, info, path in existing(domains, locales)]
