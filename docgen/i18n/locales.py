"""Which locales docgen publishes in, how their tags are written, and what
each falls back to: read from data, not code.

A locale is a folder of the catalogue tree named by its Babel identifier,
holding a ``locale.yaml`` beside its ``LC_MESSAGES``::

    locales/zh_Hans_CN/locale.yaml
    locales/zh_Hans_CN/LC_MESSAGES/docgen.po

docgen ships ``en``, ``zh-Hant-HK`` and ``zh-Hans-CN`` this way (in its own
catalogue folder); a project adds one (``zh-Hant-TW``) with the same file in
its own ``locales/`` folder, which also overrides a shipped definition.

Tags are BCP 47 (``zh-Hant-HK``); ``zh-HK`` and ``zh_Hant_HK`` are understood.
The fallback chain is explicit (zh-Hant-HK -> zh-Hant -> the source text),
because Python's gettext and Babel's negotiation would both fall from a Hong
Kong request to bare ``zh``, which readers get as Simplified Chinese.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from docgen import validation
from docgen.errors import DocgenError
from docgen.schemaconfig import strict

if TYPE_CHECKING:
    from pydantic import TypeAdapter

DEFINITION = "locale.yaml"
_STRICT = strict()


@dataclass(frozen=True, kw_only=True)
class Draft:
    """Where a first draft of this locale's translations comes from."""

    __pydantic_config__ = _STRICT
    source: str
    """The locale whose approved translations are converted (``zh-Hant-HK``)."""
    opencc: str
    """The OpenCC configuration that converts them (``hk2s``: Hong Kong Traditional to Simplified)."""
    phrases: dict[str, str] | None = None
    """Conversions that win over OpenCC's (``「: “``); a project's ``phrases.yaml`` adds to them."""


@dataclass(frozen=True, kw_only=True)
class LocaleFile:
    """A ``locale.yaml``: every field may be left out."""

    __pydantic_config__ = _STRICT
    fallbacks: tuple[str, ...] | None = None
    """Catalogue folders to look in, most specific first; then the source text.  Default: the
    locale's own folder, then its language and script (``zh_Hant_TW``, ``zh_Hant``)."""
    word: str | None = None
    """The tag Word expects in ``w:lang`` (``zh-HK``).  Default: language-territory."""
    characters: Literal["simplified", "traditional"] | None = None
    """The Chinese characters the locale is written in; ``simplified`` has every translation
    checked for Traditional-only characters."""
    zones: tuple[str, ...] | None = None
    """Time zones (IANA) whose names the locale prints for an instant with their offset, first
    match first.  Default: the zones of the locale's territory (CLDR)."""
    draft: Draft | None = None
    """Translations drafted by converting another locale's (``i18n init`` and ``update``)."""


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
    characters: str | None = None
    """``simplified`` or ``traditional`` for Chinese; None otherwise."""
    zones: tuple[str, ...] = ()
    """Time zones named in this locale, first match first; empty: the territory's."""
    draft: Draft | None = None
    """Where its first drafts are converted from, if anywhere."""
    file: Path | None = None
    """The ``locale.yaml`` it was read from."""

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.babel)


def tag_of(babel: str) -> str:
    """``zh_Hant_HK`` -> ``zh-Hant-HK``."""
    return babel.replace("_", "-")


def _babel_id(text: str) -> str:
    return str(Locale.parse(text.strip().replace("-", "_")))


@functools.cache
def _adapter() -> TypeAdapter:
    from pydantic import TypeAdapter

    return TypeAdapter(LocaleFile)


def read_definition(path: Path) -> LocaleInfo:
    """The locale defined by *path* (``<folder named by its Babel id>/locale.yaml``), checked."""
    stat = path.stat()
    return _read_definition(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_definition(path: Path, mtime: int, size: int) -> LocaleInfo:
    from docgen.sources import yamldata
    from docgen.sources.textfile import read_text

    folder = path.parent.name
    try:
        babel = _babel_id(folder)
    except (ValueError, TypeError, UnknownLocaleError):
        raise DocgenError("{folder} is not a locale CLDR knows: a locale's folder is named by its identifier (zh_Hant_TW)",
                          file=path, folder=folder) from None
    if babel != folder:
        raise DocgenError("a locale's folder is named by its CLDR identifier: {wanted}, not {folder}", file=path, wanted=babel, folder=folder)
    data = yamldata.load(read_text(path), file=path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocgenError("a locale file is a set of 'field: value' lines", file=path, line=1)
    parsed: LocaleFile = validation.validate(_adapter(), data, file=path)
    locale = Locale.parse(babel)
    fallbacks = parsed.fallbacks or tuple(dict.fromkeys(
        [babel] + ([f"{locale.language}_{locale.script}"] if locale.script else []) + ([] if locale.language == "zh" else [locale.language])))
    for number, name in enumerate(fallbacks):
        try:
            known = _babel_id(name)
        except (ValueError, TypeError, UnknownLocaleError):
            known = None
        if known != name:
            where = {"file": path, "line": validation.line_of(data, ("fallbacks", number)), "field": "fallbacks." + str(number)}
            raise DocgenError("{name!r} is not a catalogue folder name (a CLDR identifier such as zh_Hant)", **where, name=name)
    for number, zone in enumerate(parsed.zones or ()):
        from babel.dates import get_timezone

        try:
            get_timezone(zone)
        except LookupError:
            where = {"file": path, "line": validation.line_of(data, ("zones", number)), "field": "zones." + str(number)}
            raise DocgenError("unknown time zone {zone!r} (an IANA name such as Asia/Hong_Kong)", **where, zone=zone) from None
    word = parsed.word or "-".join(filter(None, (locale.language, locale.territory)))
    return LocaleInfo(tag=tag_of(babel), babel=babel, fallbacks=fallbacks, word_lang=word, characters=parsed.characters,
                      zones=parsed.zones or (), draft=parsed.draft, file=path)


def shipped_folder() -> Path:
    from docgen.i18n.context import catalogue_folder

    return catalogue_folder()


def _definitions(folder: Path | None) -> dict[str, Path]:
    """Every ``locale.yaml`` by the name of its folder (a Babel identifier): docgen's, then
    those of the project's catalogue *folder*, which win.  Nothing is read yet."""
    roots = [shipped_folder()] + ([Path(folder)] if folder is not None else [])
    return dict(_scan(tuple((str(root), _mtime(root)) for root in roots)))


def _mtime(root: Path) -> int | None:
    try:
        return root.stat().st_mtime_ns  # a locale folder added or removed changes it
    except OSError:
        return None


@functools.lru_cache(maxsize=16)
def _scan(roots: tuple[tuple[str, int | None], ...]) -> tuple[tuple[str, Path], ...]:
    found: dict[str, Path] = {}
    for root, mtime in roots:
        for path in sorted(Path(root).glob(f"*/{DEFINITION}")) if mtime is not None else ():
            found[path.parent.name] = path
    return tuple(found.items())


def available(folder: Path | None = None) -> dict[str, LocaleInfo]:
    """Every locale known: docgen's own, then those of the project's catalogue *folder*
    (which win), by tag; each definition read and checked."""
    return {info.tag: info for info in map(read_definition, _definitions(folder).values())}


def locale_tag(text: str, folder: Path | None = None) -> str:
    """The tag of the available locale *text* names, found from the catalogue folders' names
    alone: no locale file is read (a build with nothing to do reads none)."""
    return tag_of(_named(text, _definitions(folder)))


def parse_locale(text: str, folder: Path | None = None) -> LocaleInfo:
    """The available locale that *text* names (locales of the project's catalogue *folder*
    included), or a DocgenError saying which exist."""
    definitions = _definitions(folder)
    return read_definition(definitions[_named(text, definitions)])


def _named(text: str, definitions: dict[str, Path]) -> str:
    """The folder name (Babel identifier) of the locale *text* names."""
    names = ", ".join(tag_of(name) for name in definitions)
    try:
        parsed = Locale.parse(text.strip().replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        raise DocgenError("unknown locale {locale!r} (available: {known})", field="locale", locale=text, known=names) from None
    # zh_HK -> zh_Hant_HK; zh -> zh_Hans_CN (CLDR's likely subtags), never Hong Kong Chinese.
    full = str(parsed)
    if (parsed.script is None or parsed.territory is None) and parsed.language != "en":
        likely = get_global("likely_subtags")
        full = likely.get(full) or (likely.get(f"und_{parsed.script}") if parsed.script else None) or full
        if not full.startswith(parsed.language + "_"):
            full = str(parsed)
    for name in definitions:
        if full == name or (parsed.language == "en" and name == "en"):
            return name
    for path in definitions.values():
        read_definition(path)  # a misnamed locale folder is the likelier fault: this says so
    raise DocgenError("locale {locale!r} is not available (available: {known}; a locale is added with {definition} "
                      "in its catalogue folder, see README)", field="locale", locale=text, known=names, definition=DEFINITION)
