"""Words, dates and language data that docgen adds to a release.

Renderers never hold a label literal: they ask a ``LocaleContext`` for it.
Strings go through gettext (the message catalogues under ``locales/`` arrive
with the localisation work; until a catalogue exists the English msgid is the
text).  Dates follow the house rules of the release's language: AP style for
English wire copy, as PR Newswire prints it.
"""
from __future__ import annotations

import datetime as dt
import gettext as _gettext
from dataclasses import dataclass, field

from docgen.errors import DocgenError

# AP style: abbreviate months of more than five letters, except Sept. (four letters).
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

SUPPORTED_LOCALES = ("en",)


def N_(message: str) -> str:
    """Mark *message* for extraction without translating it here."""
    return message


@dataclass(frozen=True)
class LocaleContext:
    """Everything locale-dependent a renderer may ask for, for one locale."""

    tag: str
    """BCP 47 tag, e.g. ``en`` or ``zh-Hant-HK``."""
    translations: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations, compare=False)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def dateline_date(self, day: dt.date) -> str:
        """``Feb. 28, 2024``: the date as the dateline prints it."""
        return f"{AP_MONTHS[day.month - 1]} {day.day}, {day.year}"

    def dateline_city(self, city: str) -> str:
        """The city as the dateline prints it: capitals in English wire style."""
        return self.gettext(city).upper()

    def wire_service(self, wire: str) -> str:
        """The wire service's name as printed in the dateline."""
        return self.gettext(wire)

    def moment(self, when: dt.datetime) -> str:
        """``Feb. 28, 2024, 9:00 a.m. (UTC+08:00)``: an instant in AP style with its UTC offset."""
        hour = when.hour % 12 or 12
        meridiem = "a.m." if when.hour < 12 else "p.m."
        return f"{self.dateline_date(when.date())}, {hour}:{when.minute:02d} {meridiem} ({when.tzname()})"


def context_for(tag: str) -> LocaleContext:
    """The context for BCP 47 *tag*; an unknown or unsupported tag is a user error."""
    if tag not in SUPPORTED_LOCALES:
        raise DocgenError(
            f"locale {tag!r} is not available (available: {', '.join(SUPPORTED_LOCALES)})", field="--locale"
        )
    return LocaleContext(tag=tag)
