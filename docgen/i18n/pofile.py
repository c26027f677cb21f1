"""The PO file format, read and written as GNU gettext's tools read and write it.

Babel parses and writes; this module first checks what Babel would read
silently wrong (a second msgstr, an unknown escape, a file cut short, a
byte-order mark) and refuses what ``msgfmt --check`` refuses, and it keeps a
fuzzy entry's previous English (``#| msgid``), which Babel neither reads back
nor writes whole.  A codec beside others a catalogue may one day be read from
(XLIFF, TMX).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, unescape, write_po

from docgen.characters import check_characters
from docgen.errors import DocgenError

# Every line of a PO file that is not blank or a comment is a keyword with a
# quoted string, or a continuation string (GNU gettext's grammar).
# Escapes: those Babel reads as msgfmt does (msgfmt refuses an unknown one like \q).
_PO_STRING = r'"(?:[^"\\]|\\[ntr"\\])*"'
_PO_LINE = re.compile(rf'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_PO_STRING}(?:\s+{_PO_STRING})*')


def read(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po/.pot file; a syntax error names its line.

    Lines are checked first: Babel's parser skips an unterminated string
    without a word, and a later write would silently drop what it held.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocgenError("no such catalogue", file=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DocgenError("broken catalogue: not UTF-8 text", file=path, line=line) from None
    if text.startswith("\ufeff"):
        raise DocgenError("broken catalogue: it starts with a byte-order mark, which msgfmt refuses; save it as UTF-8 without BOM",
                          file=path, line=1)
    # CRLF line ends are fine, as msgfmt finds them; a file docgen rewrites gets LF.
    text = text.replace("\r\n", "\n")
    # Babel cannot parse msgmerge's "#~|" (an obsolete entry's previous English); it holds
    # nothing docgen uses, so it is blanked for Babel, keeping the line numbers.
    data = re.sub(r"(?m)^[ \t]*#~[ \t]*\|.*$", "#", text).encode("utf-8")
    check_characters(text, path)
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        # msgfmt reads "#|" (previous) and "#~" (obsolete) lines as entries too.
        entry = line[2:].lstrip().removeprefix("|").lstrip() if line[:2] in ("#~", "#|") else line
        if entry and (not entry.startswith("#") or line[:2] in ("#~", "#|")) and not _PO_LINE.fullmatch(entry):
            raise DocgenError("broken catalogue: not PO syntax: {text}", file=path, line=number, text=line[:60])
    _check_order(text, path)
    _check_header(text, path)
    catalog = Catalog(locale=locale)
    parser = _Parser(catalog, path)
    try:
        parser.parse(io.BytesIO(data))
    except PoFileError as err:
        raise DocgenError("broken catalogue: {reason}", file=path, line=getattr(err, "lineno", None), reason=str(err)) from None
    except (UnicodeDecodeError, ValueError) as err:
        raise DocgenError("broken catalogue: {reason}", file=path, reason=str(err)) from None
    for message in catalog:
        _take_previous(message)
    return catalog


class _Parser(PoFileParser):
    """Babel's parser, refusing a message defined twice as msgfmt does (Babel keeps the last),
    and keeping the flags the file gives: Babel sets or drops ``python-format`` by how the
    English looks ("30% of" reads as a ``% o`` directive), whatever the file says, and then
    its checks refuse a correct translation that msgfmt, which trusts the file, accepts."""

    def __init__(self, catalog: Catalog, path: Path):
        super().__init__(catalog, abort_invalid=True)
        self.path, self.seen = path, set()

    def _add_message(self) -> None:
        if not self.obsolete:
            key = (self.context.denormalize() if self.context else None, tuple(m.denormalize() for m in self.messages))
            if key in self.seen:
                raise DocgenError("broken catalogue: duplicate message definition (msgfmt refuses it)",
                                  file=self.path, line=self.offset + 1, field=key[0] or None)
            self.seen.add(key)
        flags, context = set(self.flags), self.context.denormalize() if self.context else None
        msgid = tuple(m.denormalize() for m in self.messages) if len(self.messages) > 1 else self.messages[0].denormalize()
        obsolete = self.obsolete
        super()._add_message()
        message = self.catalog.obsolete.get(self.catalog._key_for(msgid, context)) if obsolete else self.catalog.get(msgid, context)
        if message is not None:
            message.flags = flags


def _take_previous(message) -> None:
    """``#| msgid "..."`` lines, which Babel reads as translator comments, back into
    ``previous_id``: the English a fuzzy translation was made for."""
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    previous: dict[str, str] = {}
    keyword = None
    for line in lines:
        head, _, rest = line.partition(" ")
        if head in ("msgctxt", "msgid", "msgid_plural"):
            keyword, line = head, rest
        if keyword:
            previous[keyword] = previous.get(keyword, "") + "".join(unescape(f'"{s}"') for s in re.findall(r'"((?:[^"\\]|\\.)*)"', line))
    if "msgid" in previous:
        message.previous_id = [previous["msgid"]] + ([previous["msgid_plural"]] if "msgid_plural" in previous else [])


# What may come next in an entry, after each keyword: GNU gettext's grammar,
# [msgctxt] msgid (msgstr | msgid_plural msgstr[0] msgstr[1] ...).
_NEXT = {
    None: {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgstr", "msgid_plural"},
    "msgid_plural": {"msgstr[0]"},
    "msgstr": {"msgctxt", "msgid"},
}


def _check_order(text: str, path: Path) -> None:
    """Keywords in the order msgfmt wants, obsolete (``#~``) entries apart: Babel reads a
    second msgstr, or a msgstr without its msgid, without a word."""
    for obsolete in (False, True):
        last, plural = None, -1
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if line.startswith("#~") != obsolete or (not obsolete and line.startswith("#")):
                continue
            line = line.removeprefix("#~").strip()
            if line.startswith("|"):  # the previous English of an obsolete entry (msgmerge writes it)
                continue
            keyword = line.split(None, 1)[0] if line and not line.startswith('"') else None
            if keyword is None:
                continue
            if keyword.startswith("msgstr["):
                wanted = last == "msgid_plural" and keyword == "msgstr[0]" or last == "msgstr[]" and keyword == f"msgstr[{plural + 1}]"
                plural = plural + 1 if wanted else plural
                if wanted:
                    last = "msgstr[]"
                    continue
            elif keyword in _NEXT.get(last if last != "msgstr[]" else "msgstr", set()):
                last, plural = keyword, (-1 if keyword != "msgid_plural" else plural)
                continue
            raise DocgenError("broken catalogue: {keyword} is out of place here (a PO entry is [msgctxt] msgid msgstr)",
                              file=path, line=number, keyword=keyword)
        if last in ("msgctxt", "msgid", "msgid_plural"):
            raise DocgenError("broken catalogue: the last entry has no msgstr (is the file cut short?)", file=path, line=text.count("\n") + 1)


def _check_header(text: str, path: Path) -> None:
    """The header entry (msgid "") must be ``Name: value`` lines declaring UTF-8."""
    match = re.search(r'^msgid ""\nmsgstr ((?:"(?:[^"\\]|\\.)*"\n?)+)', text, re.M)
    if match is None:
        raise DocgenError("broken catalogue header: no header entry (msgid \"\")", file=path, line=1)
    line = text.count("\n", 0, match.start()) + 1
    header = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))).replace("\\n", "\n")
    fields = {}
    for entry in filter(None, header.split("\n")):
        name, colon, value = entry.partition(":")
        if not colon or not name.strip():
            raise DocgenError("broken catalogue header: {entry!r} is not a 'Name: value' line", file=path, line=line, entry=entry[:40])
        fields[name.strip().lower()] = value.strip()
    charset = re.search(r"charset=([\w-]+)", fields.get("content-type", ""))
    if not charset or charset.group(1).lower().replace("-", "") != "utf8":
        raise DocgenError("broken catalogue header: Content-Type must say charset=UTF-8", file=path, line=line)


# Babel flags any message with "%" (or "{...}") as a format string; release content is text,
# and msgfmt --check, pybabel compile and Poedit would then reject a correct translation of
# "30% of revenue".
_FORMAT_FLAGS = {"python-format", "python-brace-format", "c-format"}


def serialise(catalog: Catalog, *, locations: bool = False, formats: bool = True) -> bytes:
    """The catalogue as PO text; source file names only, so moving code does not churn it.

    Messages are not wrapped: one paragraph is one line, for clean diffs.  A fuzzy
    message keeps the English it was translated from as ``#| msgid`` (msgmerge's
    ``--previous``), so the translator sees what changed.
    """
    for message in catalog:
        if not formats:
            message.flags -= _FORMAT_FLAGS
        if not message.fuzzy:
            message.previous_id = []  # as msgmerge: only a fuzzy entry needs its old English
    buffer = io.BytesIO()
    # Not width=0: Babel then still wraps comments at 76 columns, which would cut a
    # "#| msgid" string in two and msgfmt would refuse the file.
    write_po(buffer, catalog, width=_NO_WRAP, include_previous=True, no_location=not locations, include_lineno=False)
    return buffer.getvalue()


_NO_WRAP = 1 << 30
