"""First drafts of one locale's translations, converted from another locale's
approved ones with OpenCC, and a person's review of them.

A locale whose ``locale.yaml`` names a ``draft`` (zh-Hans-CN: from zh-Hant-HK
with OpenCC's ``hk2s``) gets, on ``docgen i18n init`` and ``update``, every
empty entry filled from the approved (translated, not fuzzy) translation of
the same message in the source locale.  A converted entry carries the
translator comment::

    # docgen-converted: not reviewed (delete this line once reviewed)

which any PO editor shows and lets the reviewer delete; ``i18n stats`` counts
marked entries as "converted, not reviewed", and ``build --require-review``
refuses them.  Each entry also records which source text it follows, as the
extracted comment ``#. docgen-basis zh-Hant-HK <fingerprint>`` (editors show it
read-only).  When the source translation changes, a converted entry is
converted again and a reviewed one becomes fuzzy, for its reviewer.

An organisation's own conversions (``數碼`` -> ``数字`` where that is its house
style) go in ``<locales>/<target>/phrases.yaml``, Traditional phrase to
Simplified phrase; they win over OpenCC's.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from docgen import validation
from docgen.errors import DocgenError
from docgen.i18n import catalogs
from docgen.i18n.locales import LocaleInfo

MARK = catalogs.CONVERTED
MARK_COMMENT = f"{MARK}: not reviewed (delete this line once reviewed)"
BASIS = "docgen-basis"
PHRASES_FILE = "phrases.yaml"
# Never converted: link targets, bare URLs, placeholders (they must come out as they went in).
_PROTECTED = re.compile(r"\]\([^)]*\)|https?://[^\s)>\]]+|\{[^{}\s]*\}")


@dataclass(frozen=True)
class Counts:
    """What a drafting pass did to one catalogue."""

    converted: int = 0
    """Empty entries filled with a conversion."""
    redone: int = 0
    """Converted entries converted again because their source text changed."""
    fuzzy: int = 0
    """Reviewed entries marked fuzzy because their source text changed."""


class Converter:
    """OpenCC with the organisation's phrases first."""

    def __init__(self, config: str, phrases: dict[str, str]):
        import opencc

        try:
            self._opencc = opencc.OpenCC(config)
        except RuntimeError:
            raise DocgenError("OpenCC has no configuration {config!r} (for example hk2s, t2s, tw2s)", field="draft.opencc", config=config) from None
        self.phrases = phrases
        longest_first = sorted(phrases, key=len, reverse=True)
        self._phrase = re.compile("|".join(map(re.escape, longest_first))) if phrases else None

    def __call__(self, text: str) -> str:
        out, start = [], 0
        for match in _PROTECTED.finditer(text):
            out.append(self._text(text[start:match.start()]))
            out.append(match.group())
            start = match.end()
        out.append(self._text(text[start:]))
        return "".join(out)

    def _text(self, text: str) -> str:
        if not text:
            return text
        if self._phrase is None:
            return self._opencc.convert(text)
        out, start = [], 0
        for match in self._phrase.finditer(text):
            out.append(self._opencc.convert(text[start:match.start()]) if match.start() > start else "")
            out.append(self.phrases[match.group()])
            start = match.end()
        out.append(self._opencc.convert(text[start:]) if start < len(text) else "")
        return "".join(out)


def converter(info: LocaleInfo, folder: Path) -> Converter:
    """The converter into *info*, with the phrases of the project's catalogue *folder*."""
    assert info.draft is not None
    phrases = {**(info.draft.phrases or {}), **load_phrases(folder / info.babel / PHRASES_FILE)}
    try:
        return _converter(info.draft.opencc, tuple(sorted(phrases.items())))
    except DocgenError as err:
        raise err.located(file=info.file) from None


@functools.lru_cache(maxsize=8)
def _converter(config: str, phrases: tuple[tuple[str, str], ...]) -> Converter:
    return Converter(config, dict(phrases))


def load_phrases(path: Path) -> dict[str, str]:
    """An organisation's phrase table (Traditional phrase: Simplified phrase); none when absent."""
    from docgen.sources import yamldata
    from docgen.sources.textfile import read_text

    if not path.is_file():
        return {}
    data = yamldata.load(read_text(path), file=path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocgenError("a phrase table is a set of 'phrase: conversion' lines, one per phrase", file=path, line=1)
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str) or not key.strip() or not value.strip():
            raise DocgenError("a phrase and its conversion are both text", file=path,
                              line=validation.line_of(data, (key,)), field=str(key))
    return {str(k): str(v) for k, v in data.items()}


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _basis_comment(source_tag: str, text: str) -> str:
    return f"{BASIS} {source_tag} {fingerprint(text)}"


def bases(catalog: Catalog) -> dict[tuple, str]:
    """The basis comment of each entry, by (msgid, msgctxt): merging with a template rebuilds
    extracted comments from it, so they are taken before and given back after."""
    return {(m.id, m.context): c for m in catalog if m.id for c in m.auto_comments if c.startswith(BASIS + " ")}


def _set_basis(message, comment: str | None) -> None:
    message.auto_comments = [c for c in message.auto_comments if not c.startswith(BASIS + " ")] + ([comment] if comment else [])


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def _converted(message, source, convert: Converter):
    strings = [convert(s) for s in _strings(source)]
    if isinstance(message.string, (list, tuple)):
        return tuple(strings) if len(strings) == len(message.string) else None
    return strings[0] if not isinstance(source.string, (list, tuple)) else None


def draft(catalog: Catalog, source: Catalog, info: LocaleInfo, convert: Converter, previous: dict[tuple, str]) -> Counts:
    """Fill and follow *catalog* (in *info*) from the approved translations in *source*.

    *previous*: the basis comments the catalogue had before it was merged with its template."""
    assert info.draft is not None
    converted = redone = fuzzy = 0
    for message in catalog:
        if not message.id:
            continue
        basis = previous.get((message.id, message.context)) or next((c for c in message.auto_comments if c.startswith(BASIS + " ")), None)
        _set_basis(message, basis)
        origin = source.get(message.id, context=message.context)
        if origin is None or catalogs.state(origin) != "translated":
            continue
        now = _basis_comment(info.draft.source, "\x00".join(_strings(origin)))
        state = catalogs.state(message)
        if state == "untranslated" or (catalogs.is_converted(message) and (basis != now or message.fuzzy)):
            strings = _converted(message, origin, convert)
            if strings is None:
                continue
            if state == "untranslated":
                converted += 1
            else:
                redone += 1
            message.string = strings
            message.flags.discard("fuzzy")
            message.previous_id = []
            if not catalogs.is_converted(message):
                message.user_comments = [*message.user_comments, MARK_COMMENT]
            _set_basis(message, now)
        elif basis != now:
            # A person's translation, made from other source text (or never compared): a reviewed
            # entry whose source changed goes back to its reviewer; a first look only records it.
            if basis is not None and state == "translated" and not catalogs.is_converted(message):
                message.flags.add("fuzzy")
                fuzzy += 1
            _set_basis(message, now)
    return Counts(converted, redone, fuzzy)


@functools.lru_cache(maxsize=1)
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def traditional_only(text: str) -> dict[str, str]:
    """The characters of *text* that OpenCC's Traditional to Simplified conversion changes
    (in context: phrases decide), each with what it becomes."""
    converted = _to_simplified().convert(text)
    if len(converted) == len(text):
        pairs = zip(text, converted)
    else:  # a phrase changed length: judge character by character
        pairs = ((c, _to_simplified().convert(c)) for c in text)
    return {old: new for old, new in pairs if old != new}
