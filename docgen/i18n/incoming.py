"""Translations coming back from outside a PO editor, merged into the catalogues.

A CAT tool's XLIFF (``docgen.i18n.xliff``) and a reviewer's bilingual proof hand
back translations of segments docgen exported; each is an ``Incoming``: which
catalogue (domain and locale), which message (``msgctxt`` and English), the
translation (inline formatting as Markdown, as in the PO file) and whether it is
final (``translated``) or for a translator to confirm (``fuzzy``).

``apply`` merges them as a translator editing the PO file would, and nothing
else: the message must still be in the release's template (``<domain>.pot``) and in
the catalogue, unchanged English, or the whole catalogue's batch is refused, naming
each segment; the result then goes through the same checks as a hand-edited
catalogue (``workflow.check_catalog``).  Broken placeholders, links or markup, or
what msgfmt refuses, in a translation this batch brings refuse the catalogue too
(nothing is written for it); other doubts (a number, the glossary) are handed back
to report, as ``docgen i18n check`` reports them, since a translator may rightly
vouch for them in the PO file.

A ``translated`` translation clears the entry's fuzzy flag, the English it was
fuzzy against (``#| msgid``) and the mark of a draft converted from another locale
(``# docgen-converted``): someone approved those words.  A ``fuzzy`` one is kept
for the translator to confirm; it loses the converted mark only when its words
differ from the draft's.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from babel.messages.catalog import Catalog

from docgen.errors import DocgenError, Message
from docgen.i18n import catalogs, checks, review
from docgen.i18n.locales import LocaleInfo, parse_locale

State = Literal["translated", "fuzzy"]


@dataclass(frozen=True)
class Incoming:
    """One translation to merge into a catalogue."""

    domain: str
    """The catalogue's domain: a release's slug, or ``organisation-<id>``."""
    locale: str
    """The target locale's BCP 47 tag (``zh-Hant-HK``; the forms ``parse_locale`` understands)."""
    context: str | None
    """The message's ``msgctxt``: the segment's kind (``paragraph``)."""
    msgid: str
    """The English, inline formatting as Markdown, exactly as in the template."""
    translation: str
    """The translation, inline formatting as Markdown."""
    state: State
    """``translated`` (approved) or ``fuzzy`` (for a translator to confirm)."""
    origin: str = ""
    """Where it came from, to name it in a refusal: ``review.xlf:42: paragraph-1a2b3c4d5e6f``."""


@dataclass(frozen=True)
class Refusal:
    """A catalogue left as it was, and why."""

    catalogue: Path
    problems: tuple[Message, ...]


@dataclass(frozen=True)
class Applied:
    """What ``apply`` did."""

    written: tuple[Path, ...] = ()
    """Catalogues written (changed)."""
    changed: int = 0
    """Entries whose translation or state changed."""
    unchanged: int = 0
    """Entries that already said the same."""
    refused: tuple[Refusal, ...] = ()
    """Catalogues not written, each with its problems."""
    doubts: tuple[review.Finding, ...] = ()
    """The checks' doubts about translations this batch brought (written all the same)."""


def apply(updates: Iterable[Incoming], folder: Path, *, write: bool = True) -> Applied:
    """Merge *updates* into the catalogues under *folder* (a project's ``locales/``).

    Each catalogue (domain and locale) is taken whole or not at all; the others are still
    written.  *write* False checks everything and writes nothing (a dry run).
    """
    groups: dict[tuple[str, str], list[Incoming]] = {}
    for update in updates:
        groups.setdefault((update.domain, update.locale), []).append(update)
    written, refused, doubts = [], [], []
    changed = unchanged = 0
    for (domain, locale), batch in groups.items():
        outcome = _apply_one(domain, locale, batch, Path(folder), write)
        if isinstance(outcome, Refusal):
            refused.append(outcome)
            continue
        path, n_changed, n_unchanged, found = outcome
        changed, unchanged = changed + n_changed, unchanged + n_unchanged
        doubts += found
        if path is not None:
            written.append(path)
    return Applied(tuple(written), changed, unchanged, tuple(refused), tuple(doubts))


def _apply_one(domain: str, locale: str, batch: list[Incoming], folder: Path, write: bool):
    """One catalogue: a Refusal, or (path written or None, changed, unchanged, doubts)."""
    origin = batch[0].origin
    try:
        info = parse_locale(locale, folder)
    except DocgenError as err:
        # Translators: {problem} says which locales exist.
        problem = Message("{origin}: unknown target language {locale!r}: {problem}", origin=origin, locale=locale, problem=err.message)
        return Refusal(folder / domain, (problem,))
    pot_path = catalogs.template_path(folder, domain)
    po_path = catalogs.po_path(folder, info.babel, domain)
    if info.tag == "en":
        return Refusal(po_path, (Message("{origin}: the target language is English, the language the releases are written in",
                                         origin=origin),))
    if not pot_path.is_file():
        return Refusal(po_path, (Message("{origin}: unknown catalogue {domain!r}: there is no {template} ('docgen i18n extract' "
                                         "writes a release's)", origin=origin, domain=domain, template=pot_path),))
    template = catalogs.read(pot_path)
    catalog = catalogs.read(po_path, locale=info.babel) if po_path.is_file() else catalogs.new_translation(template, info.babel)
    problems: list[Message] = []
    wanted: dict[tuple, Incoming] = {}
    for update in batch:
        key = (update.context, update.msgid)
        said = _said(update.msgid)
        if template.get(update.msgid, context=update.context) is None:
            # Translators: {kind} is a segment's kind (msgctxt), {english} the start of its English.
            problems.append(Message("{origin}: {kind} \"{english}\": this English is no longer in {template} (changed or removed "
                                    "since the export): export again", origin=update.origin, kind=update.context or "", english=said,
                                    template=pot_path))
        elif catalog.get(update.msgid, context=update.context) is None:
            problems.append(Message("{origin}: {kind} \"{english}\" is not in {catalogue} yet: run 'docgen i18n update' first",
                                    origin=update.origin, kind=update.context or "", english=said, catalogue=po_path))
        elif not update.translation:
            problems.append(Message("{origin}: {kind} \"{english}\": the translation is empty", origin=update.origin,
                                    kind=update.context or "", english=said))
        elif update.state not in ("translated", "fuzzy"):
            problems.append(Message("{origin}: {kind} \"{english}\": unknown state {state!r} (translated or fuzzy)",
                                    origin=update.origin, kind=update.context or "", english=said, state=update.state))
        elif key in wanted and (wanted[key].translation, wanted[key].state) != (update.translation, update.state):
            problems.append(Message("{origin}: {kind} \"{english}\" comes twice, with different translations (also {other})",
                                    origin=update.origin, kind=update.context or "", english=said, other=wanted[key].origin))
        else:
            wanted[key] = update
    if problems:
        return Refusal(po_path, tuple(problems))
    n_changed = n_unchanged = 0
    for (context, msgid), update in wanted.items():
        if _merge(catalog.get(msgid, context=context), update):
            n_changed += 1
        else:
            n_unchanged += 1
    fatal, found = _checked(po_path, catalog, template, domain, info, folder, set(wanted))
    if fatal:
        return Refusal(po_path, tuple(Message("{finding}", finding=f.said()) for f in fatal))
    path = None
    if n_changed and write and catalogs.save(po_path, catalog, locations=False, formats=False):
        path = po_path
    return path, n_changed, n_unchanged, found


def _said(english: str) -> str:
    return english if len(english) <= 50 else english[:49] + "…"


def _merge(message, update: Incoming) -> bool:
    """Put *update* into *message* as a translator would; whether anything changed."""
    before = (message.string, message.fuzzy, catalogs.is_converted(message), tuple(message.previous_id or ()))
    same_words = message.string == update.translation
    message.string = update.translation
    if update.state == "translated":
        message.flags.discard("fuzzy")
        message.previous_id = []
        _unmark_converted(message)
    else:
        message.flags.add("fuzzy")
        if not same_words:
            _unmark_converted(message)
    return before != (message.string, message.fuzzy, catalogs.is_converted(message), tuple(message.previous_id or ()))


def _unmark_converted(message) -> None:
    message.user_comments = [c for c in message.user_comments if c.split(":", 1)[0].strip() != catalogs.CONVERTED]


def _checked(path: Path, catalog: Catalog, template: Catalog, domain: str, info: LocaleInfo, folder: Path, keys: set):
    """The checks of a hand-edited catalogue, on the file as it would be written (so findings
    name its lines): (fatal findings, other doubts), both about the entries in *keys* only."""
    from docgen.i18n import workflow  # workflow imports much of docgen.i18n; keep this module light

    data = catalogs.serialise(catalog, locations=False, formats=False)
    with tempfile.TemporaryDirectory(prefix="docgen-incoming-") as scratch:
        draft = Path(scratch) / path.name
        draft.write_bytes(data)
        try:
            written = catalogs.read(draft, locale=info.babel)
        except DocgenError as err:  # a translation the catalogue cannot hold (a control character)
            return [review.Finding(review.Entry(path, err.line, None, err.field or "", "", ""), err.message)], []
    domain_ = workflow.Domain(domain, folder, template)
    findings = workflow.check_catalog(path, written, domain_, info)
    fatal, doubts = [], []
    for finding in findings:
        entry = finding.entry
        if (entry.kind, entry.english) not in keys:
            continue  # what was there before this batch is the translator's, reported by 'i18n check'
        message = written.get(entry.english, context=entry.kind)
        broken = {str(p) for p in checks.check_structure(entry.english, entry.text)}
        broken |= {str(p) for p in catalogs.gettext_problems(written, message)} if message is not None else set()
        (fatal if str(finding.problem) in broken else doubts).append(finding)
    return fatal, doubts
