"""A translation memory: what an organisation's earlier releases were approved as, offered
to its next ones.

The memory of an organisation in a locale is every approved entry (translated, not fuzzy,
not a converted draft nobody reviewed) of its catalogues in the project's ``locales/``
folder, each of its releases' and its own ``organisation-<id>``, plus the TMX files
imported into the project, kept as ``locales/memory/<org-id>.<locale>.tmx``.

Which organisation a release catalogue belongs to is read from its template: docgen
writes the lead issuer's name in every template's header (``# Copyright (C) <name>``),
and ``organisation-<id>.pot``, written beside it, names the same organisation with its
id.  So the memory needs nothing but the catalogue folder: not the release sources
(which may be elsewhere, or gone), and no field a PO editor might drop.

On ``docgen i18n init`` and ``update`` an untranslated entry whose English is in the
memory is filled with that translation and stays a normal translated entry (the checks
run on it as on any other) with a translator comment naming where it came from::

    # docgen-tm: exact match from 2024-02-28-astri-budget (lead.2)

The English alone decides an exact match, whatever its kind: a kind (``msgctxt``) says
where a text stands, not what it means, and docgen already moves a translation to the
same English under another kind without asking (``catalogs.merge``); a translation of
the same kind is preferred when there are several.  An entry whose English is close to
one in the memory (``fuzz.ratio`` of at least 75, on the English) gets that translation
as fuzzy, with the English it was made for as ``#| msgid``, for the translator to
revise::

    # docgen-tm: 87% match from 2024-02-28-astri-budget (lead.2)

``fuzz.ratio`` rather than ``token_sort_ratio``: the latter ignores word order, and
"A beat B" would be a 100 % match for "B beat A".  Names (a person's, a keyword) are
matched exactly or not at all: a name close to another is another person.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from babel.messages.catalog import Catalog

from docgen.errors import DocgenError
from docgen.i18n import catalogs
from docgen.i18n.context import DOMAIN
from docgen.i18n.locales import LocaleInfo, parse_locale
from docgen.i18n.segments import NAMES
from docgen.i18n.tmx import Tmx, Unit, read_tmx, write_tmx

MARK = catalogs.MEMORY
THRESHOLD = 75.0
"""The least ``fuzz.ratio`` of a close match, in per cent (the issue's 75 %)."""
FOLDER = "memory"
"""Where imported TMX files are kept, inside the catalogue folder."""
_ORGANISATION = "organisation-"
_ORGANISATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class Memory:
    """The units of one organisation in one locale, best first: its releases' latest first
    (slugs begin with their date), then its organisation catalogue, then imported ones."""

    def __init__(self, units: Iterable[Unit]):
        self.units = list(units)
        self._by_english: dict[str, list[Unit]] = {}
        for unit in self.units:
            self._by_english.setdefault(unit.english, []).append(unit)
        # One choice per English for close matching, the best unit for it, names left out.
        self._close = {english: found[0] for english, found in self._by_english.items() if not set(u.context for u in found) & NAMES}
        self._choices = list(self._close)

    def __len__(self) -> int:
        return len(self.units)

    def exact(self, english: str, context: str | None, *, exclude: str = "") -> Unit | None:
        """The approved translation of *english*, of the same kind if there is one."""
        found = [u for u in self._by_english.get(english, ()) if not exclude or u.domain != exclude]
        return next((u for u in found if u.context == context), found[0] if found else None)

    def close(self, english: str, *, exclude: str = "") -> tuple[Unit, float] | None:
        """The unit whose English is closest to *english* at :data:`THRESHOLD` or above, and its score."""
        from rapidfuzz import fuzz, process

        choices = [c for c in self._choices if not exclude or self._close[c].domain != exclude]
        best = process.extractOne(english, choices, scorer=fuzz.ratio, score_cutoff=THRESHOLD)
        if best is None:
            return None
        return self._close[best[0]], best[1]


# --- filling a catalogue -----------------------------------------------------------------


def _mark(message, words: str) -> None:
    message.user_comments = [c for c in message.user_comments if not _is_mark(c)] + [f"{MARK}: {words}"]


def _is_mark(comment: str) -> bool:
    return comment.split(":", 1)[0].strip() == MARK


def _open(message) -> bool:
    """An entry the memory may fill: untranslated, and not a plural (release content has none)."""
    return bool(message.id) and isinstance(message.id, str) and not message.pluralizable and catalogs.state(message) == "untranslated"


def fill_exact(catalog: Catalog, memory: Memory, *, exclude: str = "") -> int:
    """Fill every untranslated entry of *catalog* whose English *memory* holds; how many.

    *exclude*: the catalogue's own domain, never a memory of itself."""
    filled = 0
    for message in catalog:
        if not _open(message):
            continue
        unit = memory.exact(message.id, message.context, exclude=exclude)
        if unit is None:
            continue
        message.string = unit.translation
        message.flags.discard("fuzzy")
        message.previous_id = []
        _mark(message, f"exact match from {unit.origin}")
        filled += 1
    return filled


def fill_close(catalog: Catalog, memory: Memory, *, exclude: str = "") -> int:
    """Fill every untranslated entry whose English is close to one in *memory* with that
    translation, fuzzy, its score in the comment and the English it was made for as
    ``#| msgid``; how many.  Names are left alone."""
    filled = 0
    for message in catalog:
        if not _open(message) or message.context in NAMES:
            continue
        found = memory.close(message.id, exclude=exclude)
        if found is None:
            continue
        unit, score = found
        message.string = unit.translation
        message.flags.add("fuzzy")
        message.previous_id = [unit.english]
        # Floored: a 99.6 % match is not an exact one.
        _mark(message, f"{int(score)}% match from {unit.origin}")
        filled += 1
    return filled


# --- the memory of a project ---------------------------------------------------------------


def _header_holder(path: Path) -> str | None:
    """The name in a catalogue's ``# Copyright (C) <name>`` header line (a PO editor may have
    wrapped it onto the next comment lines)."""
    words, holder = [], None
    try:
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                if not line.startswith("#") or line[1:2] in (",", ".", ":", "|", "~"):
                    break
                text = line[1:].strip()
                if holder is not None:
                    if not text:
                        break
                    words.append(text)
                elif text.startswith("Copyright (C) "):
                    holder = text.removeprefix("Copyright (C) ")
                    words = [holder]
    except (OSError, UnicodeDecodeError):
        return None
    if holder is None:
        return None
    return " ".join(" ".join(words).split()) or None


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=4096)
def _cached_holder(path: Path, stamp: tuple[int, int]) -> str | None:
    return _header_holder(path)


def _holder(path: Path) -> str | None:
    return _cached_holder(path, _stamp(path)) if path.is_file() else None


def _domain_files(folder: Path, domain: str) -> Iterator[Path]:
    """The template of *domain*, then its catalogues in every locale (a project may keep
    only the .po files)."""
    yield catalogs.template_path(folder, domain)
    yield from sorted(folder.glob(f"*/LC_MESSAGES/{domain}.po"))


def organisation_names(folder: Path) -> dict[str, str]:
    """Each organisation's name, by id, as its ``organisation-<id>`` catalogues give it."""
    ids = {p.stem for p in folder.glob(f"{_ORGANISATION}*.pot")} | {p.stem for p in folder.glob(f"*/LC_MESSAGES/{_ORGANISATION}*.po")}
    names = {}
    for domain in sorted(ids):
        holder = next(filter(None, (_holder(p) for p in _domain_files(folder, domain))), None)
        if holder:
            names[domain.removeprefix(_ORGANISATION)] = holder
    return names


def organisation_of(folder: Path, domain: str, names: dict[str, str] | None = None) -> str | None:
    """The id of the organisation a content catalogue belongs to: named by the domain of an
    organisation's, by the header of a release's (its lead issuer); None for docgen's own
    words or a catalogue whose organisation has no catalogue here."""
    if domain == DOMAIN:
        return None
    if domain.startswith(_ORGANISATION):
        return domain.removeprefix(_ORGANISATION)
    names = organisation_names(folder) if names is None else names
    holder = next(filter(None, (_holder(p) for p in _domain_files(folder, domain))), None)
    return next((org for org, name in names.items() if name == holder), None)


def approved(catalog: Catalog) -> Iterator:
    """The entries a memory keeps: translated, not fuzzy, not a draft converted from another
    locale that nobody reviewed."""
    for message in catalog:
        if (message.id and isinstance(message.id, str) and isinstance(message.string, str)
                and catalogs.state(message) == "translated" and not catalogs.is_converted(message)):
            yield message


def _place(message) -> str:
    return message.auto_comments[0] if message.auto_comments else ""


def _origin(source: str, place: str) -> str:
    return f"{source} ({place})" if place else source


@functools.lru_cache(maxsize=4096)
def _catalogue_units(path: Path, stamp: tuple[int, int], babel: str) -> tuple[Unit, ...]:
    domain = path.stem
    catalog = catalogs.read(path, locale=babel)
    return tuple(Unit(m.id, m.string, m.context, _origin(domain, _place(m)), domain) for m in approved(catalog))


def catalogue_units(folder: Path, organisation: str, info: LocaleInfo) -> list[Unit]:
    """Every approved translation into *info* in the organisation's catalogues: its
    releases' latest first (slugs begin with their date), then its own."""
    names = organisation_names(folder)
    paths = [p for p in (folder / info.babel / "LC_MESSAGES").glob("*.po") if p.stem != DOMAIN]
    own = [p for p in paths if not p.stem.startswith(_ORGANISATION) and organisation_of(folder, p.stem, names) == organisation]
    ordered = sorted(own, key=lambda p: p.stem, reverse=True) + [p for p in paths if p.stem == _ORGANISATION + organisation]
    return [unit for path in ordered for unit in _catalogue_units(path, _stamp(path), info.babel)]


def memory_path(folder: Path, organisation: str, info: LocaleInfo) -> Path:
    """Where the TMX imported for an organisation and locale is kept."""
    return folder / FOLDER / f"{organisation}.{info.tag}.tmx"


def imported_units(folder: Path, organisation: str, info: LocaleInfo) -> list[Unit]:
    path = memory_path(folder, organisation, info)
    if not path.is_file():
        return []
    return list(_imported(path, _stamp(path), folder).units.get(info.tag, ()))


@functools.lru_cache(maxsize=256)
def _imported(path: Path, stamp: tuple[int, int], folder: Path) -> "Tmx":
    return read_tmx(path, folder)


def load(folder: Path, organisation: str | None, info: LocaleInfo) -> Memory:
    """The memory of *organisation* in *info*: its catalogues, then what was imported."""
    if organisation is None:
        return Memory(())
    return Memory(catalogue_units(folder, organisation, info) + imported_units(folder, organisation, info))


def for_domain(folder: Path, domain: str, holder: str | None, info: LocaleInfo) -> Memory:
    """The memory a content catalogue is filled from: its organisation's (*holder*: the
    name its template was made with, for a release the lead issuer's)."""
    organisation = organisation_of(folder, domain) if domain.startswith(_ORGANISATION) else None
    if organisation is None:
        organisation = next((org for org, name in organisation_names(folder).items() if name == holder), None)
    return load(folder, organisation, info)


# --- TMX 1.4b ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Imported:
    """What importing one TMX file did."""

    path: Path
    """The memory file it went into."""
    tag: str
    added: int
    known: int
    """Translations the memory already had."""


def import_tmx(source: Path, folder: Path, organisation: str | None = None) -> tuple[list[Imported], dict[str, int]]:
    """Add the translations of *source* to the organisation's memory in the project's catalogue
    *folder* (one TMX file per organisation and locale under ``memory/``, newest first); what
    was added per locale, and the languages skipped."""
    tmx = read_tmx(source, folder, origin=source.name)
    organisation = organisation or tmx.organisation or _only_organisation(folder)
    if not _ORGANISATION_ID.fullmatch(organisation):
        raise DocgenError("{org!r} is not an organisation id (the name of its profile, organisations/<id>.yaml)", field="--org", org=organisation)
    if not tmx.units:
        found = ", ".join(sorted(tmx.skipped)) or "none"
        raise DocgenError("no translation from English into a locale of this project in this file (languages found: {found})",
                          file=source, found=found)
    from docgen.files import write_atomic

    done = []
    for tag, units in tmx.units.items():
        info = parse_locale(tag, folder)
        path = memory_path(folder, organisation, info)
        old = imported_units(folder, organisation, info)
        seen = {(u.context, u.english, u.translation) for u in old}
        new: dict[tuple, Unit] = {}
        for unit in units:
            key = (unit.context, unit.english, unit.translation)
            if key not in seen:
                new.setdefault(key, unit)
        write_atomic(path, write_tmx([*new.values(), *old], tag, organisation=organisation))
        done.append(Imported(path, tag, len(new), len({(u.context, u.english, u.translation) for u in units}) - len(new)))
    return done, tmx.skipped


def _only_organisation(folder: Path) -> str:
    names = organisation_names(folder)
    if len(names) == 1:
        return next(iter(names))
    raise DocgenError("name the organisation this memory is for with --org (this project has: {known})", field="--org",
                      known=", ".join(sorted(names)) or "none yet")


def export_units(folder: Path, organisation: str | None, info: LocaleInfo) -> tuple[str, list[Unit]]:
    """The organisation (given, else the project's only one) and every approved translation of
    its catalogues into *info*."""
    organisation = organisation or _only_organisation(folder)
    names = organisation_names(folder)
    if organisation not in names:
        raise DocgenError("no organisation {org!r} in {folder} (known: {known})", field="--org", org=organisation, folder=str(folder),
                          known=", ".join(sorted(names)) or "none")
    return organisation, catalogue_units(folder, organisation, info)
