"""Message catalogues on disk, in the standard gettext layout, through Babel.

::

    locales/<domain>.pot                          template, made by extraction
    locales/<babel locale>/LC_MESSAGES/<domain>.po  translations (e.g. zh_Hant_HK)

Domains: ``docgen`` for docgen's own words, ``<slug>`` for a release's content,
``organisation-<id>`` for what all releases of an organisation share
(boilerplate, names, contact roles), so those are translated once.
"""
from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import PYTHON_FORMAT, Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser, unescape, write_po

from docgen.clock import now
from docgen.errors import DocgenError
from docgen.files import write_atomic
from docgen.i18n.segments import Segment
from docgen.model import Organisation, Release
from docgen.characters import check_characters

_VOLATILE_HEADERS = ("POT-Creation-Date:", "PO-Revision-Date:", "Generated-By:")


def release_domain(release: Release) -> str:
    return release.slug


def organisation_domain(organisation: Organisation) -> str:
    return f"organisation-{organisation.id}"


def domains(release: Release) -> list[str]:
    """The catalogues a release's text is translated in: its own, then each issuer's."""
    return [release_domain(release)] + [organisation_domain(org) for org in release.organisations]


def template_path(folder: Path, domain: str) -> Path:
    return folder / f"{domain}.pot"


def po_path(folder: Path, locale_folder: str, domain: str) -> Path:
    return folder / locale_folder / "LC_MESSAGES" / f"{domain}.po"


def template(domain: str, segments: list[Segment], *, project: str, holder: str) -> Catalog:
    """A .pot catalogue with one message per segment: its kind as ``msgctxt``, where it
    stands as an extracted comment (``#. lead.2``)."""
    catalog = Catalog(domain=domain, project=project, version="1", copyright_holder=holder,
                      creation_date=now(), charset="utf-8",
                      header_comment=f"# Messages of {project} to translate.\n# Copyright (C) {holder}\n#")
    for segment in segments:
        catalog.add(segment.text, context=segment.context, auto_comments=[", ".join(segment.places)] if segment.places else ())
    return catalog


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
    """Babel's parser, refusing a message defined twice as msgfmt does (Babel keeps the last)."""

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
        super()._add_message()


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


def save(path: Path, catalog: Catalog, *, locations: bool = False, formats: bool = True) -> bool:
    """Write *catalog* unless the file already says the same but for its dates; True if written.
    Without *formats*, no message is flagged as a format string (release content)."""
    data = serialise(catalog, locations=locations, formats=formats)
    if path.is_file() and _stable(path.read_bytes()) == _stable(data):
        return False
    write_atomic(path, data)
    return True


def _stable(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if not any(h.encode() in line for h in _VOLATILE_HEADERS)]


def new_translation(pot: Catalog, locale: str, *, translator: str = "") -> Catalog:
    """A fresh .po for *locale* from a template, with the locale's Plural-Forms."""
    catalog = Catalog(locale=locale, domain=pot.domain, project=pot.project, version=pot.version,
                      copyright_holder=pot.copyright_holder, msgid_bugs_address=pot.msgid_bugs_address,
                      creation_date=pot.creation_date, revision_date=now(),
                      last_translator=translator or "docgen i18n init", language_team=Locale.parse(locale).display_name,
                      charset="utf-8", fuzzy=False,
                      header_comment=f"# {Locale.parse(locale).english_name} translations of {pot.project}.\n"
                                     f"# Copyright (C) {pot.copyright_holder}\n#")
    # Babel's update shares Message objects with the template: give it a copy.
    catalog.update(copy.deepcopy(pot), no_fuzzy_matching=True)
    return catalog


def merge(po: Catalog, pot: Catalog) -> Catalog:
    """Bring *po* up to date: translations kept, changed English marked fuzzy
    (Babel's fuzzy matching), removed messages kept as obsolete."""
    _follow_unchanged_english(po, pot)
    # Babel rebuilds an unchanged message from the template, dropping the English a still-fuzzy
    # translation was made from; keep it until the translator revises the entry.
    previous = {(m.id, m.context): m.previous_id for m in po if m.id and m.fuzzy and m.previous_id}
    po.update(copy.deepcopy(pot), no_fuzzy_matching=False, update_header_comment=False, update_creation_date=True)
    for message in po:
        if message.fuzzy and not message.previous_id:
            message.previous_id = previous.get((message.id, message.context), [])
    for key in [key for key, message in po.obsolete.items() if not message.string]:
        del po.obsolete[key]  # an untranslated message that left the English holds nothing to keep
    return po


def _follow_unchanged_english(po: Catalog, pot: Catalog) -> None:
    """A translation whose English is in the template under another ``msgctxt`` (the
    kind of a segment changed, or a catalogue from before contexts were kinds) moves
    there unchanged: the same English needs no new translation and is not fuzzy."""
    wanted = {}
    for message in pot:
        if message.id and po.get(message.id, context=message.context) is None:
            wanted.setdefault(message.id, message.context)
    keys = {(m.id, m.context) for m in pot if m.id}
    for message in list(po):
        context = wanted.get(message.id) if message.id and (message.id, message.context) not in keys else None
        if context is not None and message.string and po.get(message.id, context=context) is None:
            po.delete(message.id, context=message.context)
            moved = message.clone()
            moved.context = context
            po[message.id] = moved
            del wanted[message.id]


def gettext_problems(catalog: Catalog, message) -> list[str]:
    """What ``msgfmt --check`` refuses in a translated message: the translation must begin
    and end with a newline where the English does, and a message flagged as a format string
    must keep its directives (Babel's checkers, which ``pybabel compile`` runs)."""
    problems = []
    pairs = zip(message.id if message.pluralizable else [message.id], message.string if message.pluralizable else [message.string])
    for english, string in pairs:
        if not string:
            continue
        if english.startswith("\n") != string.startswith("\n"):
            problems.append("the English and the translation do not both begin with a line break (msgfmt refuses it)")
        if english.endswith("\n") != string.endswith("\n"):
            problems.append("the English and the translation do not both end with a line break (msgfmt refuses it)")
        for flag, directives in _DIRECTIVES.items():
            if flag in message.flags and not message.pluralizable and directives(english) != directives(string):
                problems.append(f"{flag} directives differ between the English and the translation (msgfmt refuses it)")
    problems += [f"{error} (msgfmt and pybabel refuse it)" for error in message.check(catalog)]
    return problems


# msgfmt --check wants the same directives in a format string's translation (Babel lets
# a translation drop a named one); as multisets, so "%s %s" against "%s" differs.
_DIRECTIVES = {
    "python-format": lambda text: sorted((name, kind) for name, _spec, kind in PYTHON_FORMAT.findall(text) if kind != "%"),
    "python-brace-format": lambda text: sorted(re.findall(r"(?<!\{)\{([^{}]*)\}", text)),
}


def compile_mo(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class Stats:
    """Counts as ``msgfmt --statistics`` gives them (fuzzy is not translated)."""

    translated: int
    fuzzy: int
    untranslated: int

    def __str__(self) -> str:
        return f"{self.translated} translated, {self.fuzzy} fuzzy, {self.untranslated} untranslated"


def state(message) -> str:
    """``translated``, ``fuzzy`` or ``untranslated``, as msgfmt judges a message."""
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    if message.fuzzy and any(strings):
        return "fuzzy"
    return "translated" if all(strings) else "untranslated"


def stats(catalog: Catalog) -> Stats:
    states = [state(m) for m in catalog if m.id]
    return Stats(states.count("translated"), states.count("fuzzy"), states.count("untranslated"))
