"""``LocaleContext``: every word, date and language tag a renderer may ask for.

Renderers hold no label literal; they call ``ctx.gettext`` on docgen's own
catalogue (domain ``docgen``) and the date and list helpers here, which follow
the locale's house rules: AP style for English wire copy, CLDR (through
Babel) for Chinese.
"""
from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
import hashlib
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_datetime, format_time, get_timezone, get_timezone_name
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from docgen.errors import N_
from docgen.i18n.locales import LocaleInfo, parse_locale
from docgen.model import Dateline
from docgen.resources import shipped
from docgen.wires import Conventions

# AP style: abbreviate months of more than five letters, except Sept. (four letters).
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
DOMAIN = "docgen"


# Cities whose names docgen ships in its own catalogue; any other city is translated in the
# organisation's catalogue (its usual cities) or the release's (msgctxt "dateline.city").
DATELINE_CITIES = (N_("Hong Kong"), N_("Shenzhen"), N_("Beijing"), N_("Shanghai"), N_("Guangzhou"), N_("Macau"), N_("Singapore"))


def catalogue_folder() -> Path:
    """docgen's own catalogues: packaged beside the code, or the repository's ``locales/``."""
    return shipped("locales")


@functools.cache
def _compiled(po_path: Path, mtime: float) -> bytes:
    """A .po file compiled to .mo bytes (fuzzy entries left out).  Kept in docgen's cache by the
    file's content: Babel's parse of docgen's Chinese catalogue was a tenth of a cold build."""
    from docgen.typeset import usercache

    data = po_path.read_bytes()
    key = [hashlib.sha256(data).hexdigest()]
    cached = usercache.read(CACHE_KIND, str(po_path.resolve()), key)
    if isinstance(cached, bytes):
        return cached
    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(data)), use_fuzzy=False)
    usercache.write(CACHE_KIND, str(po_path.resolve()), key, buffer.getvalue())
    return buffer.getvalue()


CACHE_KIND = "catalogues"
"""Compiled catalogues' folder in docgen's cache."""


def strings(info: LocaleInfo, domain: str = DOMAIN, folder: Path | None = None) -> _gettext.NullTranslations:
    """Translations of *domain* along *info*'s fallback chain; the msgid when none has it.

    docgen's own words for a locale a project defined are looked for in the project's
    catalogue folder first (where it keeps the locale), then in docgen's."""
    if folder is not None:
        folders = [folder]
    else:
        project = info.file.parent.parent if info.file is not None else None
        folders = list(dict.fromkeys(f for f in (project, catalogue_folder()) if f is not None))
    found = []
    for name in info.fallbacks:
        for root in folders:
            path = root / name / "LC_MESSAGES" / f"{domain}.po"
            if path.is_file():
                stat = path.stat()
                found.append((path, stat.st_mtime_ns, stat.st_size))
    return _chain(tuple(found))


@functools.lru_cache(maxsize=32)
def _chain(files: tuple[tuple[Path, int, int], ...]) -> _gettext.NullTranslations:
    """The translations of *files* (path, mtime, size), each falling back on the next: made
    once per process while the files stay as they are (every edition of a batch asks for
    them), and shared, since nothing changes a chain once made."""
    chain = _gettext.NullTranslations()
    for path, mtime, _size in files:
        chain.add_fallback(_gettext.GNUTranslations(io.BytesIO(_compiled(path, mtime))))
    return chain


@dataclass(frozen=True)
class LocaleContext:
    """Everything locale-dependent a renderer may ask for, for one locale."""

    info: LocaleInfo
    """The locale: tag, Babel identifier, fallbacks, Word language tag."""
    translations: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations, compare=False)
    """docgen's own strings for this locale."""
    wire: Conventions = field(default_factory=Conventions)
    """How the release's wire service prints a release in this locale's language."""

    def with_wire(self, conventions: Conventions) -> "LocaleContext":
        """This context for a release sent through a wire with *conventions*."""
        return replace(self, wire=conventions)

    @property
    def tag(self) -> str:
        """BCP 47 tag, e.g. ``zh-Hant-HK``; also the PDF ``/Lang``."""
        return self.info.tag

    @property
    def locale(self) -> Locale:
        return self.info.locale

    @property
    def word_lang(self) -> str:
        """Language tag for DOCX ``w:lang``, e.g. ``zh-HK``."""
        return self.info.word_lang

    @property
    def is_english(self) -> bool:
        return self.locale.language == "en"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def date(self, day: dt.date, style: str = "ap") -> str:
        """A date: AP style (Feb. 28, 2024) or *style*, a CLDR pattern; the locale's long form
        (2024年2月28日) when AP style is asked of a language other than English."""
        if style in ("ap", "ap-no-periods") and self.is_english:
            month = AP_MONTHS[day.month - 1]
            return f"{month.rstrip('.') if style == 'ap-no-periods' else month} {day.day}, {day.year}"
        return format_date(day, "long" if style.startswith("ap") else style, locale=self.locale)

    def dateline_city(self, city: str) -> str:
        """A city as the wire prints it: in capitals up to its first comma where the wire says
        (``BROOKLYN, N.Y.``), otherwise as written.  Translation happened before rendering."""
        if self.wire.city_case != "upper":
            return city
        name, comma, region = city.partition(",")
        return name.upper() + comma + region

    def dateline(self, line: Dateline, *, typographic: bool = False) -> str:
        """The wire's dateline (``HONG KONG, Feb. 28, 2024 /PRNewswire/ -- ``), ending with the
        space before the text; empty when the wire prints none.

        Wire copy keeps the ASCII ``--``; print (*typographic*) sets an em dash, unless the wire
        gives its own print form.
        """
        wire = self.wire
        template = (wire.print_dateline or wire.dateline) if typographic else wire.dateline
        if not template:
            return ""
        city = wire.cities.join(self.dateline_city(c) for c in line.cities)
        text = template.format(city=city, date=self.date(line.date, wire.date), wire=wire.wire or "")
        return text.replace(" -- ", " — ") if typographic and not wire.print_dateline else text

    def source_line(self, names: list[str]) -> str | None:
        """The closing SOURCE line naming the issuers, or None where the wire prints none."""
        return self.wire.source.format(organisations=self.wire.organisations.join(names)) if self.wire.source else None

    def hashtag_line(self, hashtags: tuple[str, ...]) -> str | None:
        """``Hashtag: #a #b`` as the wire prints hashtags, or None."""
        if not hashtags or not self.wire.hashtags:
            return None
        return self.wire.hashtags.format(hashtags=" ".join("#" + tag for tag in hashtags))

    def closing_lines(self, line: Dateline) -> list[str]:
        """The wire's lines after the release (``Ends/Wednesday, February 28, 2024``); a line
        that needs the time is left out when the release gives none."""
        wire, out = self.wire, []
        for template in wire.closing:
            if "{time}" in template and line.time is None:
                continue
            time = format_time(line.time, wire.time, locale=self.locale) if line.time else ""
            out.append(template.format(date=self.date(line.date, wire.closing_date), time=time))
        return out

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def attribution(self, name: str | None, role: str | None = None) -> str:
        """Who said a quote: ``Dr Denis Yip, Chief Executive Officer`` in English; each
        language orders it its own way (Chinese puts the title first: 行政總裁葉成輝博士)."""
        if name and role:
            return self.pgettext("quote attribution", "{name}, {role}").format(name=name, role=role)
        return name or role or ""

    def contact(self, name: str | None, role: str | None = None, organisation: str | None = None) -> str:
        """A media contact: ``Name, Role`` (and ``, Organisation`` for a contact from another
        organisation, a PR agency); in Chinese ``陳大文（傳訊經理）``."""
        if name and role and organisation:
            return self.pgettext("media contact", "{name}, {role}, {organisation}").format(name=name, role=role, organisation=organisation)
        if name and (role or organisation):
            return self.pgettext("media contact", "{name}, {role}").format(name=name, role=role or organisation)
        return name or role or organisation or ""

    @property
    def end_mark(self) -> str | None:
        """The mark under a printed release (``###``, ``－完－``), or None."""
        return self.wire.end_mark

    def moment(self, when: dt.datetime) -> str:
        """An instant with its time zone: ``Feb. 28, 2024, 9:00 a.m. (UTC+08:00)``;
        in Chinese ``2024年2月28日上午9時30分（香港時間）``, the zone named as CLDR names the
        locale's own zone when the offset is that zone's, else the offset."""
        if self.is_english:
            hour = when.hour % 12 or 12
            meridiem = "a.m." if when.hour < 12 else "p.m."
            return f"{self.date(when.date())}, {hour}:{when.minute:02d} {meridiem} ({when.tzname()})"
        # Translators: a CLDR time pattern (h hour, mm minute, a morning or afternoon); "h a" is for a time on the hour.
        pattern = self.pgettext("time pattern", "h a") if when.minute == 0 else self.pgettext("time pattern", "h:mm a")
        clock = format_datetime(when, pattern, tzinfo=when.tzinfo, locale=self.locale)
        zone = self.gettext("({zone})").format(zone=self.zone_name(when))
        return f"{self.date(when.date())}{clock}{zone}"

    def zone_name(self, when: dt.datetime) -> str:
        """``香港時間`` for +08:00 in a Hong Kong locale (CLDR's generic name of the first of
        the locale's zones with that offset: its ``zones``, else its territory's), otherwise the
        offset as ``UTC+08:00``."""
        for name in self.info.zones or get_global("territory_zones").get(self.locale.territory or "", ()):
            zone = get_timezone(name)
            if zone.utcoffset(when.replace(tzinfo=None)) == when.utcoffset():
                return get_timezone_name(zone, width="long", zone_variant="generic", locale=self.locale)
        return when.tzname() or ""

    def join(self, items: list[str]) -> str:
        """A list in running text: ``A, B and C`` / ``A、B及C``."""
        return format_list(items, locale=self.locale)


def context_for(tag: "str | LocaleInfo", wire: str | None = None, *, start: Path | None = None) -> LocaleContext:
    """The context for BCP 47 *tag* (``zh-HK`` and ``zh_Hant_HK`` understood; or a locale
    already found), with the conventions of *wire* (``none`` for no wire) looked up from
    *start* when one is named."""
    info = tag if isinstance(tag, LocaleInfo) else parse_locale(tag)
    context = LocaleContext(info=info, translations=strings(info))
    if wire is None:
        return context
    from docgen import wires

    return context.with_wire(wires.find(wire, start=start).conventions(info.tag))
