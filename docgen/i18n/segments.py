"""A release cut into translation segments, one per block (as Sphinx's gettext
builder and po4a cut documents).

A segment is known by what it says, not where it stands: ``msgid`` is the
English and ``msgctxt`` only the kind of text (``paragraph``, ``photo.alt``),
so inserting, deleting or moving a block leaves every other translation
matched, and an edited block is the one message that changes (and becomes
fuzzy on update).  Where a segment stands (its block ids) travels as an
extracted comment (``#.``), for the translator, never as its key.  The same
English of the same kind is translated once, as in Sphinx and po4a.

Inline formatting travels inside the segment as Markdown (``*em*``,
``**strong**``, ``[text](url)``), the syntax the release was written in, so a
translator can move a link or an emphasis to where the grammar puts it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from docgen.inline import to_markup
from docgen.model import BulletList, Heading, Organisation, Photo, Quote, Release, Table, plain_text

HEADLINE = "headline"
SUBHEADLINE = "subheadline"
HIGHLIGHT = "highlight"
CITY = "dateline.city"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list.item"
QUOTE = "quote"
QUOTE_SPEAKER = "quote.speaker"
QUOTE_ROLE = "quote.role"
PHOTO_CAPTION = "photo.caption"
PHOTO_ALT = "photo.alt"
PHOTO_CREDIT = "photo.credit"
TABLE_CAPTION = "table.caption"
TABLE_HEADER = "table.header"
TABLE_CELL = "table.cell"
CONTACT_NAME = "contact.name"
CONTACT_ROLE = "contact.role"
CONTACT_ORGANISATION = "contact.organisation"
ORGANISATION_NAME = "organisation.name"
ORGANISATION_SHORT_NAME = "organisation.short_name"
ABOUT = "about"
KEYWORD = "keyword"

NAMES = frozenset({CONTACT_NAME, QUOTE_SPEAKER, ORGANISATION_NAME, ORGANISATION_SHORT_NAME, KEYWORD, CITY, PHOTO_CREDIT})
"""Kinds whose translation may rightly be Latin letters only (a person's or a company's
own name, an acronym); every other kind is prose."""


@dataclass(frozen=True)
class Segment:
    """One message to translate."""

    context: str
    """``msgctxt``: the kind of text (one of the names above)."""
    text: str
    """``msgid``: the English, inline formatting as Markdown."""
    inline: bool = True
    """Whether the text is Markdown inline markup (otherwise plain text)."""
    places: tuple[str, ...] = ()
    """Where the text stands: block ids (``lead.2``, ``about.1``), written as a ``#.`` comment."""


def release_segments(release: Release) -> list[Segment]:
    """The release's own text, in reading order (each organisation's is separate)."""
    found = [Segment(HEADLINE, release.headline, False, ("headline",))]
    if release.subheadline:
        found.append(Segment(SUBHEADLINE, release.subheadline, False, ("subheadline",)))
    found += [Segment(HIGHLIGHT, to_markup(item), True, (f"highlights.{n}",)) for n, item in enumerate(release.highlights, 1)]
    found += [Segment(CITY, city, False, ("dateline",)) for city in release.dateline.cities]
    for block in release.body:
        found += block_segments(block)
    found += contact_segments(release.contacts)
    found += [Segment(KEYWORD, keyword, False, ("keywords",)) for keyword in release.keywords]
    return _unique(found)


def block_segments(block) -> list[Segment]:
    """The segments of one body block, with where each stands."""
    here = (block.id,)
    if isinstance(block, BulletList):
        return [Segment(LIST_ITEM, to_markup(item), True, (f"{block.id}.{n}",)) for n, item in enumerate(block.items, 1)]
    if isinstance(block, Photo):
        found = [Segment(PHOTO_CAPTION, block.caption, False, here), Segment(PHOTO_ALT, block.alt, False, here)]
        return found + ([Segment(PHOTO_CREDIT, block.credit, False, here)] if block.credit else [])
    if isinstance(block, Table):
        found = [Segment(TABLE_CAPTION, block.caption, False, here)] if block.caption else []
        return found + [Segment(kind, to_markup(cell), True, (place,)) for kind, place, cell in table_cells(block) if plain_text(cell).strip()]
    kind = HEADING if isinstance(block, Heading) else QUOTE if isinstance(block, Quote) else PARAGRAPH
    found = [Segment(kind, to_markup(block.content), True, here)]
    if isinstance(block, Quote):
        found += [Segment(QUOTE_SPEAKER, block.speaker, False, here)] if block.speaker else []
        found += [Segment(QUOTE_ROLE, block.role, False, here)] if block.role else []
    return found


def table_cells(table: Table):
    """(kind, place, cell) for every cell: place ``<id>.h.<column>`` in the header, ``<id>.<row>.<column>`` below."""
    for column, cell in enumerate(table.header, 1):
        yield TABLE_HEADER, f"{table.id}.h.{column}", cell
    for row, cells in enumerate(table.rows, 1):
        for column, cell in enumerate(cells, 1):
            yield TABLE_CELL, f"{table.id}.{row}.{column}", cell


def contact_segments(contacts) -> list[Segment]:
    """Contacts' names (a Hong Kong press contact usually has a Chinese one), roles and
    organisations; numbers and addresses are not translated."""
    found = []
    for contact in contacts:
        found.append(Segment(CONTACT_NAME, contact.name, False, ("contacts",)))
        found += [Segment(CONTACT_ROLE, contact.role, False, ("contacts",))] if contact.role else []
        found += [Segment(CONTACT_ORGANISATION, contact.organisation, False, ("contacts",))] if contact.organisation else []
    return found


def organisation_segments(organisation: Organisation, contacts=()) -> list[Segment]:
    """What every release of the organisation repeats: names, usual cities, boilerplate, contacts."""
    found = [
        Segment(ORGANISATION_NAME, organisation.name, False, ("organisation",)),
        Segment(ORGANISATION_SHORT_NAME, organisation.short_name, False, ("organisation",)),
    ]
    found += [Segment(CITY, city, False, ("organisation",)) for city in organisation.cities]
    found += [Segment(ABOUT, to_markup(p.content), True, (p.id,)) for p in organisation.about]
    found += contact_segments(contacts)
    return _unique(found)


def _unique(segments: list[Segment]) -> list[Segment]:
    """One segment per (kind, English), in order of first appearance, listing every place."""
    merged: dict[tuple[str, str], Segment] = {}
    for segment in segments:
        key = (segment.context, segment.text)
        seen = merged.get(key)
        merged[key] = replace(seen, places=seen.places + tuple(p for p in segment.places if p not in seen.places)) if seen else segment
    return list(merged.values())
