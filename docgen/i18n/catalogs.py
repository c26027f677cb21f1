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
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po

from docgen.clock import now
from docgen.errors import DocgenError
from docgen.files import write_atomic
from docgen.i18n.segments import Segment
from docgen.model import Organisation, Release
from docgen.sources.markdown import check_characters

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
    """A .pot catalogue with one message per segment, the segment id as ``msgctxt``."""
    catalog = Catalog(domain=domain, project=project, version="1", copyright_holder=holder,
                      creation_date=now(), charset="utf-8",
                      header_comment=f"# Messages of {project} to translate.\n# Copyright (C) {holder}\n#")
    for segment in segments:
        catalog.add(segment.text, context=segment.context)
    return catalog


# Every line of a PO file that is not blank or a comment is a keyword with a
# quoted string, or a continuation string (GNU gettext's grammar).
_PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')


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
    check_characters(text.replace("\r", ""), path)
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#") and not _PO_LINE.fullmatch(line):
            raise DocgenError(f"broken catalogue: not PO syntax: {line[:60]}", file=path, line=number)
    _check_header(text, path)
    try:
        return read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as err:
        raise DocgenError(f"broken catalogue: {err}", file=path, line=getattr(err, "lineno", None)) from None
    except (UnicodeDecodeError, ValueError) as err:
        raise DocgenError(f"broken catalogue: {err}", file=path) from None


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
            raise DocgenError(f"broken catalogue header: {entry[:40]!r} is not a 'Name: value' line", file=path, line=line)
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

    Messages are not wrapped: one paragraph is one line, for clean diffs.
    No ``#|`` previous msgid (pybabel's default too): Babel wraps a long one
    into lines that msgfmt rejects as syntax errors.
    """
    if not formats:
        for message in catalog:
            message.flags -= _FORMAT_FLAGS
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False, no_location=not locations, include_lineno=False)
    return buffer.getvalue()


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
    po.update(copy.deepcopy(pot), no_fuzzy_matching=False, update_header_comment=False, update_creation_date=True)
    return po


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
