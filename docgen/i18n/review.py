"""Reviewing translations: every check of every message, and the translator's word.

A check can doubt a correct translation (a number written in words the check does
not read, a product name left in English on purpose).  The translator then marks
that entry, in any PO editor, with a translator comment::

    # docgen-accept: the figure is given in words in the Chinese style guide
    msgctxt "paragraph"
    msgid "..."

(or the flag ``#, docgen-accept``).  The entry's doubts are then recorded, not
refused: ``docgen i18n check`` and the build summary list them.  Broken
placeholders and markup are never accepted: the text could not be printed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from docgen.errors import Message
from docgen.i18n import checks
from docgen.i18n.segments import NAMES

ACCEPT = "docgen-accept"


@dataclass(frozen=True)
class Entry:
    """One translation as the checks see it."""

    file: Path
    line: int | None
    kind: str
    """The segment's kind (``msgctxt``), or None for docgen's own words."""
    place: str
    """Where the text stands (``lead.2``), else its kind or msgid."""
    english: str
    text: str
    accepted: str | None = None
    """The translator's reason when they accepted this entry's doubts ('' for the bare flag)."""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}: {self.place}" if self.line else f"{self.file}: {self.place}"


@dataclass(frozen=True)
class Finding:
    """A doubt about one entry; *accepted* when the translator vouched for the entry."""

    entry: Entry
    problem: str
    accepted: bool = False

    def said(self) -> Message:
        """The finding in words that can be said in the user's language."""
        where, problem = self.entry.where, self.problem
        if not self.accepted:
            return Message("{where}: {problem}", where=where, problem=problem)
        if self.entry.accepted:
            return Message("{where}: {problem} (accepted by the translator: {reason})", where=where, problem=problem, reason=self.entry.accepted)
        return Message("{where}: {problem} (accepted by the translator)", where=where, problem=problem)

    def __str__(self) -> str:
        return str(self.said())


def accepted(message) -> str | None:
    """The translator's reason for accepting *message* as it is, or None."""
    for comment in message.user_comments:
        name, colon, reason = comment.partition(":")
        if name.strip() == ACCEPT:
            return reason.strip()
    return "" if ACCEPT in message.flags else None


def review(entries: Iterable[Entry], language: str, terms: list[checks.Term], *, content: bool = True,
           characters: str | None = None) -> list[Finding]:
    """The doubts about *entries*, given in reading order (the glossary's first mention
    depends on it), in the target *language*, written in Chinese *characters*
    (``simplified``: no Traditional-only character)."""
    entries = list(entries)
    found = []
    for entry in entries:
        doubts = checks.check_facts(entry.english, entry.text)
        if characters == "simplified":
            doubts += checks.check_characters(entry.text)
        if content and entry.kind not in NAMES:
            doubts += checks.check_language(entry.english, entry.text, language)
        found += [Finding(entry, p) for p in checks.check_structure(entry.english, entry.text)]
        found += [Finding(entry, p, entry.accepted is not None) for p in doubts]
    if content:
        prose = [e for e in entries if e.kind not in checks.GLOSSARY_EXEMPT]
        found += [Finding(prose[i], p, prose[i].accepted is not None)
                  for i, p in checks.check_glossary([(e.english, e.text) for e in prose], terms)]
    return found
