"""A release cut into translation segments, one per block (as Sphinx's gettext
builder and po4a cut documents), keyed by the block's stable id.

Inline formatting travels inside the segment as Markdown (``*em*``,
``**strong**``, ``[text](url)``), the syntax the release was written in, so a
translator can move a link or an emphasis to where the grammar puts it.
"""
from __future__ import annotations

from dataclasses import dataclass

from docgen.inline import to_markup
from docgen.model import BulletList, Organisation, Photo, Quote, Release, Table, plain_text

ORGANISATION_NAME = "organisation.name"
ORGANISATION_SHORT_NAME = "organisation.short_name"
CONTACT_ROLE = "contact.role"
CONTACT_ORGANISATION = "contact.organisation"
CITY = "dateline.city"


@dataclass(frozen=True)
class Segment:
    """One message to translate."""

    context: str
    """``msgctxt``: the block id (plus ``.speaker``, ``.caption``, ... for its parts)."""
    text: str
    """``msgid``: the English, inline formatting as Markdown."""
    inline: bool = True
    """Whether the text is Markdown inline markup (otherwise plain text)."""


def release_segments(release: Release) -> list[Segment]:
    """The release's own text, in reading order (each organisation's is separate)."""
    found = [Segment("headline", release.headline, inline=False)]
    if release.subheadline:
        found.append(Segment("subheadline", release.subheadline, inline=False))
    found += [Segment(f"highlights.{n}", to_markup(item)) for n, item in enumerate(release.highlights, 1)]
    found += [Segment(CITY, city, inline=False) for city in release.dateline.cities]
    for block in release.body:
        if isinstance(block, BulletList):
            found += [Segment(f"{block.id}.{n}", to_markup(item)) for n, item in enumerate(block.items, 1)]
        elif isinstance(block, Photo):
            found += [Segment(f"{block.id}.caption", block.caption, inline=False), Segment(f"{block.id}.alt", block.alt, inline=False)]
            if block.credit:
                found.append(Segment(f"{block.id}.credit", block.credit, inline=False))
        elif isinstance(block, Table):
            if block.caption:
                found.append(Segment(f"{block.id}.caption", block.caption, inline=False))
            found += [Segment(context, to_markup(cell)) for context, cell in table_cells(block) if plain_text(cell).strip()]
        else:
            found.append(Segment(block.id, to_markup(block.content)))
            if isinstance(block, Quote):
                found += [Segment(f"{block.id}.{part}", getattr(block, part), inline=False) for part in ("speaker", "role") if getattr(block, part)]
    found += contact_segments(release.contacts)
    return _unique(found)


def table_cells(table: Table):
    """(context, cell) for every cell: ``<id>.h.<column>`` in the header, ``<id>.<row>.<column>`` below."""
    for column, cell in enumerate(table.header, 1):
        yield f"{table.id}.h.{column}", cell
    for row, cells in enumerate(table.rows, 1):
        for column, cell in enumerate(cells, 1):
            yield f"{table.id}.{row}.{column}", cell


def contact_segments(contacts) -> list[Segment]:
    """Contacts' roles and organisations (names, numbers and addresses are not translated)."""
    found = []
    for contact in contacts:
        found += [Segment(CONTACT_ROLE, contact.role, inline=False)] if contact.role else []
        found += [Segment(CONTACT_ORGANISATION, contact.organisation, inline=False)] if contact.organisation else []
    return found


def organisation_segments(organisation: Organisation, contacts=()) -> list[Segment]:
    """What every release of the organisation repeats: names, usual cities, boilerplate, contacts."""
    found = [
        Segment(ORGANISATION_NAME, organisation.name, inline=False),
        Segment(ORGANISATION_SHORT_NAME, organisation.short_name, inline=False),
    ]
    found += [Segment(CITY, city, inline=False) for city in organisation.cities]
    found += [Segment(p.id, to_markup(p.content)) for p in organisation.about]
    found += contact_segments(contacts)
    return _unique(found)


def _unique(segments: list[Segment]) -> list[Segment]:
    """One segment per (context, text): equal contact roles are translated once."""
    return list({(s.context, s.text): s for s in segments}.values())
