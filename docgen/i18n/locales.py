"""Which locales docgen publishes in, how their tags are written, and what
each falls back to.

Tags are BCP 47 (``zh-Hant-HK``); ``zh-HK`` and ``zh_Hant_HK`` are understood.
The fallback chain is explicit (zh-Hant-HK -> zh-Hant -> the source text),
because Python's gettext and Babel's negotiation would both fall from a Hong
Kong request to bare ``zh``, which readers get as Simplified Chinese.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from docgen.errors import DocgenError


@dataclass(frozen=True)
class LocaleInfo:
    """A locale docgen can publish in."""

    tag: str
    """BCP 47 tag, the form used in output paths: ``zh-Hant-HK``."""
    babel: str
    """Babel / CLDR identifier, the catalogue folder name: ``zh_Hant_HK``."""
    fallbacks: tuple[str, ...]
    """Catalogue folders to look in, most specific first (never bare ``zh``)."""
    word_lang: str
    """The tag Word expects in ``w:lang`` (``zh-HK``)."""

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.babel)


SUPPORTED = {
    info.tag: info
    for info in (
        LocaleInfo(tag="en", babel="en", fallbacks=("en",), word_lang="en-US"),
        LocaleInfo(tag="zh-Hant-HK", babel="zh_Hant_HK", fallbacks=("zh_Hant_HK", "zh_Hant"), word_lang="zh-HK"),
    )
}


def parse_locale(text: str) -> LocaleInfo:
    """The supported locale that *text* names, or a DocgenError saying which exist."""
    known = ", ".join(SUPPORTED)
    try:
        parsed = Locale.parse(text.strip().replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        raise DocgenError("unknown locale {locale!r} (available: {known})", field="locale", locale=text, known=known) from None
    # zh_HK -> zh_Hant_HK; zh -> zh_Hans_CN, which is then refused, not served as Hong Kong Chinese.
    full = str(parsed)
    if parsed.script is None and parsed.language != "en":
        full = get_global("likely_subtags").get(full, full)
    for info in SUPPORTED.values():
        if full in (info.babel, info.tag.replace("-", "_")) or (parsed.language == "en" and info.tag == "en"):
            return info
    raise DocgenError("locale {locale!r} is not available (available: {known})", field="locale", locale=text, known=known)
