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

from docgen.clock import now
from docgen.files import write_atomic
from docgen.i18n import pofile
from docgen.i18n.pofile import serialise
from docgen.i18n.segments import Segment
from docgen.model import Organisation, Release

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


read = pofile.read
"""Read a catalogue file (see ``docgen.i18n.pofile``)."""


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
    converted: int = 0
    """Of the translated: drafts converted from another locale that nobody reviewed yet."""
    remembered: int = 0
    """Of the translated: exact matches filled in from the translation memory."""

    def __str__(self) -> str:
        notes = [f"{self.converted} converted, not reviewed"] if self.converted else []
        notes += [f"{self.remembered} from the translation memory"] if self.remembered else []
        said = f" ({'; '.join(notes)})" if notes else ""
        return f"{self.translated} translated{said}, {self.fuzzy} fuzzy, {self.untranslated} untranslated"


def state(message) -> str:
    """``translated``, ``fuzzy`` or ``untranslated``, as msgfmt judges a message."""
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    if message.fuzzy and any(strings):
        return "fuzzy"
    return "translated" if all(strings) else "untranslated"


def stats(catalog: Catalog) -> Stats:
    states = [state(m) for m in catalog if m.id]
    converted = sum(1 for m in catalog if m.id and state(m) == "translated" and is_converted(m))
    remembered = sum(1 for m in catalog if m.id and state(m) == "translated" and (memory_match(m) or "").startswith("exact match"))
    return Stats(states.count("translated"), states.count("fuzzy"), states.count("untranslated"), converted, remembered)


CONVERTED = "docgen-converted"
"""The translator comment of a translation converted from another locale and not yet
reviewed (``docgen.i18n.convert``); the reviewer deletes it."""


def is_converted(message) -> bool:
    """Whether *message* still carries the mark of a conversion nobody reviewed."""
    return any(c.split(":", 1)[0].strip() == CONVERTED for c in message.user_comments)


MEMORY = "docgen-tm"
"""The translator comment of a translation filled in from the translation memory
(``docgen.i18n.memory``): ``exact match from <release> (<place>)`` or ``87% match from ...``."""


def memory_match(message) -> str | None:
    """What the memory's comment on *message* says (``exact match from ...``), or None."""
    for comment in message.user_comments:
        name, colon, words = comment.partition(":")
        if colon and name.strip() == MEMORY:
            return words.strip()
    return None
