"""Translation as a step from model to model, before any renderer runs.

The translated release is an ordinary ``Release`` in the target language:
renderers never look translations up themselves.  Messages are looked up in
the release's catalogue, then the organisation's, along the locale's fallback
chain; a segment that none translates (or only fuzzily) refuses the edition
unless partial editions are allowed, in which case the English is used and
the caller is told.
"""
from __future__ import annotations

import functools
import re
import shlex
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.errors import DocgenError, Message, joined
from docgen.i18n import catalogs, checks, review
from docgen.i18n.locales import LocaleInfo, parse_locale
from docgen.i18n.context import strings
from docgen.i18n import segments as kinds
from docgen.i18n.segments import table_cells
from docgen.inline import parse_inline, to_markup
from docgen.model import BulletList, Contact, Heading, Inlines, Photo, Quote, Release, Table, plain_text


@dataclass(frozen=True)
class Gap:
    """A segment the edition lacks."""

    where: str
    """``file:line`` of the catalogue entry, or the catalogue that should hold it."""
    context: str
    """The segment's kind (its ``msgctxt``)."""
    state: str
    """``untranslated``, ``fuzzy`` or ``missing``."""
    place: str = ""
    """Where the segment stands in the release (``lead.2``)."""
    english: str = ""

    def __str__(self) -> str:
        said = self.english if len(self.english) <= 50 else self.english[:49] + "…"
        return f"{self.where}: {self.place or self.context}: {self.state}: {self.context} \"{said}\""


def _catalogue(path: Path, locale: str):
    """The catalogue *path*, to look translations up in (never changed): parsed once per process
    while the file stays as it is (by its mtime and size), so an organisation's catalogue
    serves every release of a batch."""
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size, locale)


@functools.lru_cache(maxsize=8)
def _parsed(path: Path, _mtime: int, _size: int, locale: str):
    return catalogs.read(path, locale=locale)


NO_PLURALS = Message("a release's text has no plural forms: remove this entry's msgid_plural and msgstr[n] lines")


class _Translator:
    def __init__(self, release: Release, info: LocaleInfo, folder: Path):
        self.info = info
        domains = catalogs.domains(release)
        paths = [catalogs.po_path(folder, name, domain) for name in info.fallbacks for domain in domains]
        self.catalogs = [(path, _catalogue(path, info.babel)) for path in paths if path.is_file()]
        self.expected = catalogs.po_path(folder, info.fallbacks[0], domains[0])
        # Whether anyone has started this release's translation: its own catalogue in some
        # folder of the fallback chain ('docgen i18n init' creates it; an organisation's may exist already).
        self.begun = any(catalogs.po_path(folder, name, domains[0]).is_file() for name in info.fallbacks)
        self.folder, self.source = folder, release
        self.own_words = strings(info)
        self.gaps: list[Gap] = []
        self.fatal: list[Message] = []  # what no partial edition may print: an English city in the dateline
        self.used: list[review.Entry] = []  # in reading order
        self.unreviewed: list[Gap] = []  # drafts converted from another locale, not reviewed

    def text(self, context: str, english: str, place: str = "") -> str:
        nearest = None
        for path, catalog in self.catalogs:
            message = catalog.get(english, context=context)
            if message is None:
                continue
            where = f"{path}:{message.lineno}" if message.lineno else str(path)
            if message.pluralizable:
                raise DocgenError(NO_PLURALS, file=path, line=message.lineno, field=place or context)
            if catalogs.state(message) == "translated":
                return self._use(path, message, context, english, place)
            nearest = nearest or Gap(where, context, catalogs.state(message), place, english)
        self.gaps.append(nearest or Gap(str(self.expected), context, "missing", place, english))
        return english

    def inlines(self, context: str, spans: Inlines, place: str = "") -> Inlines:
        markup = to_markup(spans)
        translated = self.text(context, markup, place)
        if translated is markup:
            return spans
        try:
            return parse_inline(translated)
        except DocgenError as err:
            used = self.used[-1]
            raise DocgenError("cannot use the translation: {problem}", file=used.file, line=used.line, field=used.place,
                              problem=err.message) from None

    def city(self, city: str) -> str:
        """A dateline city: from the catalogues, or docgen's own names of common cities.  A
        missing one always refuses the edition: it would print an English city in the dateline."""
        found = self.lookup(kinds.CITY, city, "dateline")
        if found is None:
            own = self.own_words.gettext(city)
            if own != city or not self.info.tag.startswith("zh"):
                return own
            ours = any(city in org.cities for org in self.source.organisations)
            target = catalogs.po_path(self.folder, self.info.fallbacks[0],
                                      catalogs.organisation_domain(self.source.organisation) if ours else catalogs.release_domain(self.source))
            # Translators: {context} and {english} are a catalogue entry's msgctxt and msgid, as a translator looks for them.
            self.fatal.append(Message("the dateline city {city!r} has no {locale} name: translate msgctxt \"{context}\" msgid \"{english}\" "
                                      "in {catalogue} ('docgen i18n update' adds it)",
                                      city=city, locale=self.info.tag, context=kinds.CITY, english=city, catalogue=target))
            return city
        return found

    def lookup(self, context: str, english: str, place: str) -> str | None:
        """A translated message, or None (no gap recorded)."""
        for path, catalog in self.catalogs:
            message = catalog.get(english, context=context)
            if message is not None and catalogs.state(message) == "translated":
                return self._use(path, message, context, english, place)
        return None

    def _use(self, path: Path, message, context: str, english: str, place: str) -> str:
        """*message*'s translation, recorded for the checks (and as a draft nobody reviewed)."""
        if catalogs.is_converted(message):
            where = f"{path}:{message.lineno}" if message.lineno else str(path)
            self.unreviewed.append(Gap(where, context, "converted, not reviewed", place, english))
        self.used.append(review.Entry(path, message.lineno, context, place or context, english, message.string, review.accepted(message)))
        return message.string

    def release(self, release: Release) -> Release:
        # In reading order: the glossary's "first mention" depends on it.
        headline = self.text(kinds.HEADLINE, release.headline, "headline")
        subheadline = self.text(kinds.SUBHEADLINE, release.subheadline, "subheadline") if release.subheadline else None
        highlights = tuple(self.inlines(kinds.HIGHLIGHT, item, f"highlights.{n}") for n, item in enumerate(release.highlights, 1))
        dateline = replace(release.dateline, cities=tuple(self.city(c) for c in release.dateline.cities))
        body = tuple(self.block(b) for b in release.body)
        organisations = tuple(
            replace(
                org,
                about=tuple(replace(p, content=self.inlines(kinds.ABOUT, p.content, p.id)) for p in org.about),
                name=self.text(kinds.ORGANISATION_NAME, org.name, "organisation"),
                short_name=self.text(kinds.ORGANISATION_SHORT_NAME, org.short_name, "organisation"),
                cities=(),  # they served the catalogues; only the dateline's cities are printed
                contacts=self.contacts(org.contacts),
            )
            for org in release.organisations
        )
        keywords = tuple(self.text(kinds.KEYWORD, k, "keywords") for k in release.keywords)
        return replace(release, language=self.info.tag, headline=headline, subheadline=subheadline, highlights=highlights,
                       dateline=dateline, body=body, organisations=organisations, contacts=self.contacts(release.contacts),
                       keywords=keywords)

    def block(self, block):
        if isinstance(block, Table):
            cells = {place: self.inlines(kind, cell, place) if plain_text(cell).strip() else cell for kind, place, cell in table_cells(block)}
            width = len(block.header)
            return replace(
                block,
                caption=self.text(kinds.TABLE_CAPTION, block.caption, block.id) if block.caption else None,
                header=tuple(cells[f"{block.id}.h.{c}"] for c in range(1, width + 1)),
                rows=tuple(tuple(cells[f"{block.id}.{r}.{c}"] for c in range(1, width + 1)) for r in range(1, len(block.rows) + 1)),
            )
        if isinstance(block, BulletList):
            return replace(block, items=tuple(self.inlines(kinds.LIST_ITEM, item, f"{block.id}.{n}") for n, item in enumerate(block.items, 1)))
        if isinstance(block, Photo):
            return replace(
                block,
                caption=self.text(kinds.PHOTO_CAPTION, block.caption, block.id),
                alt=self.text(kinds.PHOTO_ALT, block.alt, block.id),
                credit=self.text(kinds.PHOTO_CREDIT, block.credit, block.id) if block.credit else None,
            )
        kind = kinds.HEADING if isinstance(block, Heading) else kinds.QUOTE if isinstance(block, Quote) else kinds.PARAGRAPH
        translated = replace(block, content=self.inlines(kind, block.content, block.id))
        if isinstance(block, Quote):
            translated = replace(
                translated,
                speaker=self.text(kinds.QUOTE_SPEAKER, block.speaker, block.id) if block.speaker else None,
                role=self.text(kinds.QUOTE_ROLE, block.role, block.id) if block.role else None,
            )
        return translated

    def contacts(self, contacts: tuple[Contact, ...]) -> tuple[Contact, ...]:
        return tuple(replace(c, name=self.text(kinds.CONTACT_NAME, c.name, "contacts"),
                             role=self.text(kinds.CONTACT_ROLE, c.role, "contacts") if c.role else None,
                             organisation=self.text(kinds.CONTACT_ORGANISATION, c.organisation, "contacts") if c.organisation else None)
                     for c in contacts)


@dataclass(frozen=True)
class Edition:
    """A release in one locale, and what the caller should be told about it."""

    release: Release
    warnings: tuple[str, ...] = ()


def translate(release: Release, info: LocaleInfo, folder: Path, *, allow_partial: bool = False, require_review: bool = False,
              source: Path | None = None) -> Edition:
    """*release* in locale *info*, from the catalogues under *folder*.  Translations converted
    from another locale and not reviewed are used with a warning, or refused (*require_review*).
    *source*, the release's file, is named in the command that starts a translation not yet begun."""
    if parse_locale(release.language, folder).tag == info.tag:
        return Edition(release)
    translator = _Translator(release, info, folder)
    translated = translator.release(release)
    findings = review.review(translator.used, info.tag, checks.load_glossary(folder, info.tag), characters=info.characters)
    problems = [f for f in findings if not f.accepted]
    if problems:
        first = problems[0]
        where = {"file": first.entry.file, "line": first.entry.line, "field": first.entry.place}
        if len(problems) == 1:
            raise DocgenError(first.problem, **where)
        raise DocgenError("{problem} (and {count} more: 'docgen i18n check' lists them)", **where, problem=first.problem, count=len(problems) - 1)
    gaps = translator.gaps
    # The segments as 'file:line: place: state: kind "English"' lines: data, like a file name.
    listed = "\n  ".join(map(str, gaps))
    if translator.fatal:
        cities = joined("; ", translator.fatal)
        if not gaps:
            raise DocgenError(cities, field="dateline.city")
        # Translators: {problems} is one or more sentences on dateline cities; {gaps} the lines that list the segments.
        raise DocgenError("{problems}; and {count} segment(s) not translated:\n  {gaps}", field="dateline.city",
                          problems=cities, count=len(gaps), gaps=listed)
    if gaps and not allow_partial and not translator.begun:
        # Translators: {command} is a docgen command to copy as it is; {language} the release's own language tag (en);
        # {gaps} the lines that list the segments.
        raise DocgenError("the {locale} edition is incomplete: {catalogue} does not exist yet ('{command}' creates it), "
                          "so {count} segment(s) are not translated (--allow-partial publishes them in {language}):\n  {gaps}",
                          locale=info.tag, catalogue=translator.expected, command=init_command(info, folder, source),
                          count=len(gaps), language=release.language, gaps=listed)
    if gaps and not allow_partial:
        # Translators: {language} is the release's own language tag (en); {gaps} the lines that list the segments.
        raise DocgenError("the {locale} edition is incomplete ({count} segment(s) not translated; "
                          "--allow-partial publishes them in {language}):\n  {gaps}",
                          locale=info.tag, count=len(gaps), language=release.language, gaps=listed)
    unreviewed = translator.unreviewed
    if unreviewed and require_review:
        raise DocgenError("the {locale} edition has {count} segment(s) converted from another locale and not reviewed "
                          "(--require-review refuses them; a reviewer deletes each entry's '# docgen-converted' line):\n  {gaps}",
                          locale=info.tag, count=len(unreviewed), gaps="\n  ".join(map(str, unreviewed)))
    warnings = [Message("{locale} edition published with {count} segment(s) in {language}: {places}", locale=info.tag, count=len(gaps),
                        language=release.language, places=_places(gaps))] if gaps else []
    if unreviewed:
        warnings.append(Message("{locale} edition published with {count} segment(s) converted from another locale and not reviewed "
                                "(--require-review refuses them): {places}", locale=info.tag, count=len(unreviewed),
                                places=_places(unreviewed)))
    warnings += [Message("{locale}: {finding}", locale=info.tag, finding=finding.said()) for finding in findings if finding.accepted]
    return Edition(translated, tuple(warnings))


def init_command(info: LocaleInfo, folder: Path, source: Path | None) -> str:
    """The command that creates *info*'s catalogues of the release in *source* (``SOURCE``
    when it has no file name to give, as when read from standard input), ready to copy."""
    from docgen.sources import STDIN

    words = ["docgen", "i18n", "init", "-l", info.tag]
    if Path(folder).resolve() != Path("locales").resolve():  # not the option's default
        words += ["--locales", str(folder)]
    words.append(str(source) if source is not None and Path(source) != STDIN else "SOURCE")
    return " ".join(map(_shell_word, words))


def _shell_word(word: str) -> str:
    """*word* as a POSIX shell reads it back: in double quotes when it needs quoting, since the
    messages quote a command in single quotes (``'docgen i18n init ... "my releases/x.md"'``)."""
    if shlex.quote(word) == word:
        return word
    return '"' + re.sub(r'([\\"$`])', r"\\\1", word) + '"'


def _places(gaps: list[Gap]) -> str:
    """Where the segments stand, in reading order, a repeated one once with its count:
    ``lead.1, keywords (6)``."""
    counts: dict[str, int] = {}
    for gap in gaps:
        counts[gap.place or gap.context] = counts.get(gap.place or gap.context, 0) + 1
    return ", ".join(place if n == 1 else f"{place} ({n})" for place, n in counts.items())


def dependencies(release: Release, info: LocaleInfo, folder: Path) -> list[Path]:
    """Every file the *info* edition of *release* may be made from, present or not:
    its catalogues along the fallback chain, the glossary, docgen's own catalogues."""
    from docgen.i18n.context import DOMAIN, catalogue_folder

    if parse_locale(release.language, folder).tag == info.tag:
        domains, content = (), []
    else:
        domains = catalogs.domains(release)
        content = [folder / checks.GLOSSARY_FILE]
    paths = [catalogs.po_path(folder, name, domain) for name in info.fallbacks for domain in domains]
    own = [catalogs.po_path(catalogue_folder(), name, DOMAIN) for name in info.fallbacks]
    if info.file is not None and info.file.parent.parent != catalogue_folder():
        own = [catalogs.po_path(info.file.parent.parent, name, DOMAIN) for name in info.fallbacks] + own
    return paths + content + own + ([info.file] if info.file else [])
