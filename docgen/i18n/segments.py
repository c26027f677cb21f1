"""A release cut into translation segments, one per block (as Sphinx's gettext
builder and po4a cut documents), keyed by the block's stable id.

Inline formatting travels inside the segment as Markdown (``*em*``,
``**strong**``, ``[text](url)``), the syntax the release was written in, so a
translator can move a link or an emphasis to where the grammar puts it.
"""
from __future__ import annotations

from dataclasses import dataclass

from docgen.inline import to_markup
from docgen.model import BulletList, Organisation, Photo, Quote, Release

ORGANISATION_NAME = "organisation.name"
ORGANISATION_SHORT_NAME = "organisation.short_name"
CONTACT_ROLE = "contact.role"


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
    """The release's own text, in reading order (the organisation's is separate)."""
    found = [Segment("headline", release.headline, inline=False)]
    if release.subheadline:
        found.append(Segment("subheadline", release.subheadline, inline=False))
    for block in release.body:
        if isinstance(block, BulletList):
            found += [Segment(f"{block.id}.{n}", to_markup(item)) for n, item in enumerate(block.items, 1)]
        elif isinstance(block, Photo):
            found += [Segment(f"{block.id}.caption", block.caption, inline=False), Segment(f"{block.id}.alt", block.alt, inline=False)]
            if block.credit:
                found.append(Segment(f"{block.id}.credit", block.credit, inline=False))
        else:
            found.append(Segment(block.id, to_markup(block.content)))
            if isinstance(block, Quote):
                found += [Segment(f"{block.id}.{part}", getattr(block, part), inline=False) for part in ("speaker", "role") if getattr(block, part)]
    found += [Segment(CONTACT_ROLE, c.role, inline=False) for c in release.contacts if c.role]
    return _unique(found)


def organisation_segments(organisation: Organisation, contacts=()) -> list[Segment]:
    """What every release of the organisation repeats: names, boilerplate, contact roles."""
    found = [
        Segment(ORGANISATION_NAME, organisation.name, inline=False),
        Segment(ORGANISATION_SHORT_NAME, organisation.short_name, inline=False),
    ]
    found += [Segment(p.id, to_markup(p.content)) for p in organisation.about]
    found += [Segment(CONTACT_ROLE, c.role, inline=False) for c in contacts if c.role]
    return _unique(found)


def _unique(segments: list[Segment]) -> list[Segment]:
    """One segment per (context, text): equal contact roles are translated once."""
    return list({(s.context, s.text): s for s in segments}.values())
