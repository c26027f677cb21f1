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
import io
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from docgen.i18n.locales import LocaleInfo, parse_locale
from docgen.model import Dateline
from docgen.resources import shipped

# AP style: abbreviate months of more than five letters, except Sept. (four letters).
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
DOMAIN = "docgen"


def N_(message: str) -> str:
    """Mark *message* for extraction without translating it here."""
    return message


# Names that reach the page from data rather than code: marked here so that
# extraction puts them in the catalogue.
DATELINE_CITIES = (N_("Hong Kong"), N_("Shenzhen"), N_("Beijing"), N_("Shanghai"), N_("Guangzhou"), N_("Macau"), N_("Singapore"))
WIRE_SERVICES = (N_("PRNewswire"), N_("Business Wire"), N_("GlobeNewswire"))


def catalogue_folder() -> Path:
    """docgen's own catalogues: packaged beside the code, or the repository's ``locales/``."""
    return shipped("locales")


@functools.cache
def _compiled(po_path: Path, mtime: float) -> bytes:
    """A .po file compiled in memory to .mo bytes (fuzzy entries left out)."""
    with po_path.open("rb") as stream:
        catalog = read_po(stream)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def strings(info: LocaleInfo, domain: str = DOMAIN, folder: Path | None = None) -> _gettext.NullTranslations:
    """Translations of *domain* along *info*'s fallback chain; the msgid when none has it."""
    folder = folder or catalogue_folder()
    chain = _gettext.NullTranslations()
    for name in info.fallbacks:
        path = folder / name / "LC_MESSAGES" / f"{domain}.po"
        if path.is_file():
            chain.add_fallback(_gettext.GNUTranslations(io.BytesIO(_compiled(path, path.stat().st_mtime))))
    return chain


@dataclass(frozen=True)
class LocaleContext:
    """Everything locale-dependent a renderer may ask for, for one locale."""

    info: LocaleInfo
    """The locale: tag, Babel identifier, fallbacks, Word language tag."""
    translations: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations, compare=False)
    """docgen's own strings for this locale."""

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

    def date(self, day: dt.date) -> str:
        """A date in running text: AP style in English, CLDR long form otherwise (2024年2月28日)."""
        if self.is_english:
            return f"{AP_MONTHS[day.month - 1]} {day.day}, {day.year}"
        return format_date(day, "long", locale=self.locale)

    def dateline_city(self, city: str) -> str:
        """The city as the dateline prints it: translated, and in capitals in English wire style."""
        name = self.gettext(city)
        return name.upper() if self.is_english else name

    def wire_service(self, wire: str) -> str:
        """The wire service's name in this locale (PRNewswire is 美通社 in Chinese)."""
        return self.gettext(wire)

    def dateline(self, line: Dateline, *, typographic: bool = False) -> str:
        """``HONG KONG, Feb. 28, 2024 /PRNewswire/ -- `` (ending with the space before the text).

        Wire copy keeps PR Newswire's ASCII ``--``; print (*typographic*) sets an em dash.
        """
        city, date = self.dateline_city(line.city), self.date(line.date)
        if line.wire:
            text = self.gettext("{city}, {date} /{wire}/ -- ").format(city=city, date=date, wire=self.wire_service(line.wire))
        else:
            text = self.gettext("{city}, {date} -- ").format(city=city, date=date)
        return text.replace(" -- ", " — ") if typographic else text

    def moment(self, when: dt.datetime) -> str:
        """An instant with its UTC offset: ``Feb. 28, 2024, 9:00 a.m. (UTC+08:00)``."""
        if self.is_english:
            hour = when.hour % 12 or 12
            meridiem = "a.m." if when.hour < 12 else "p.m."
            return f"{self.date(when.date())}, {hour}:{when.minute:02d} {meridiem} ({when.tzname()})"
        clock = format_datetime(when, "ah:mm", tzinfo=when.tzinfo, locale=self.locale)
        return f"{self.date(when.date())}{clock}（{when.tzname()}）"

    def join(self, items: list[str]) -> str:
        """A list in running text: ``A, B and C`` / ``A、B及C``."""
        return format_list(items, locale=self.locale)


def context_for(tag: str) -> LocaleContext:
    """The context for BCP 47 *tag* (``zh-HK`` and ``zh_Hant_HK`` understood)."""
    info = parse_locale(tag)
    return LocaleContext(info=info, translations=strings(info))
