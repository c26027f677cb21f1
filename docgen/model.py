"""The canonical press release.

Every reader produces these objects and every renderer consumes them; no other
module defines what a release is made of.  They are plain frozen dataclasses
so that a release can be hashed, compared and shared between processes, and
they import nothing from docgen.  JSON (``docgen dump``) and JSON Schema
(``docgen schema``) are derived from these definitions in ``docgen.jsonio``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Union

SCHEMA_VERSION = 2
"""Bumped whenever a change to these classes would break a stored JSON dump."""

SLUG_MAX_LENGTH = 100
"""The longest slug, in characters: ``<slug>.docx`` must fit the file-name limit of
every common file system (255 bytes; 143 on eCryptfs), with room to spare.  The
sources refuse a longer ``slug:`` and ``docgen build`` any longer slug."""

# Read by pydantic in docgen.jsonio (strict JSON; field docstrings as schema
# descriptions when a schema is printed); a plain dict: this module imports no pydantic.
_JSON = {"extra": "forbid", "use_attribute_docstrings": False}  # docgen.schemaconfig turns the docstrings on


@dataclass(frozen=True, kw_only=True)
class Span:
    """A run of inline text with one formatting."""

    __pydantic_config__ = _JSON

    text: str
    """The characters exactly as written (a hard line break is ``\\n``)."""
    emphasis: bool = False
    """Italic in print."""
    strong: bool = False
    """Bold in print."""
    link: str | None = None
    """Target URL when the run is part of a hyperlink."""


Inlines = tuple[Span, ...]


def plain_text(spans: Inlines) -> str:
    """The characters of *spans* without their formatting."""
    return "".join(span.text for span in spans)


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    """A paragraph of running text."""

    __pydantic_config__ = _JSON

    kind: Literal["paragraph"] = "paragraph"
    id: str
    """Stable identifier, used as the translation context."""
    content: Inlines
    """The paragraph's text."""


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A section heading inside the body."""

    __pydantic_config__ = _JSON

    kind: Literal["heading"] = "heading"
    id: str
    """Stable identifier, used as the translation context."""
    level: Literal[1, 2] = 1
    """1 for a section, 2 for a subsection."""
    content: Inlines
    """The heading's text."""


@dataclass(frozen=True, kw_only=True)
class Quote:
    """A quotation set apart from the running text, with its attribution."""

    __pydantic_config__ = _JSON

    kind: Literal["quote"] = "quote"
    id: str
    """Stable identifier, used as the translation context."""
    content: Inlines
    """The words quoted, including any quotation marks the author typed."""
    speaker: str | None = None
    """Who said it."""
    role: str | None = None
    """The speaker's title and organisation."""


@dataclass(frozen=True, kw_only=True)
class BulletList:
    """An unordered list."""

    __pydantic_config__ = _JSON

    kind: Literal["bullet_list"] = "bullet_list"
    id: str
    """Stable identifier; item *n* is translated under ``<id>.<n>``."""
    items: tuple[Inlines, ...]
    """The list items, in order."""


@dataclass(frozen=True, kw_only=True)
class Photo:
    """A picture with its caption, as releases carry them."""

    __pydantic_config__ = _JSON

    kind: Literal["photo"] = "photo"
    id: str
    """Stable identifier, used as the translation context."""
    src: str
    """Absolute path of the image file."""
    caption: str
    """Caption printed with the picture."""
    alt: str
    """Text alternative read out by screen readers."""
    credit: str | None = None
    """Photographer or owner credit line."""


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table of figures or a programme: a header row and body rows of cells."""

    __pydantic_config__ = _JSON

    kind: Literal["table"] = "table"
    id: str
    """Stable identifier; the caption is translated under ``<id>.caption``, cells under ``<id>.<row>.<column>``."""
    caption: str | None = None
    """The table's title, printed above it."""
    header: tuple[Inlines, ...]
    """The header row: one cell per column."""
    rows: tuple[tuple[Inlines, ...], ...]
    """The body rows, each with one cell per column."""
    align: tuple[Literal["left", "center", "right"], ...]
    """Each column's alignment; numbers are right-aligned."""


Block = Union[Paragraph, Heading, Quote, BulletList, Photo, Table]


@dataclass(frozen=True, kw_only=True)
class Dateline:
    """Where and when the release was issued, and through which wire."""

    __pydantic_config__ = _JSON

    cities: tuple[str, ...]
    """The cities as written, e.g. ``Hong Kong`` or ``Brooklyn, N.Y.`` (the wire's conventions case and join them)."""
    date: dt.date
    """Date of issue."""
    time: dt.time | None = None
    """Local time of issue, where the wire prints one (``Issued at HKT 18:30``)."""
    wire: str | None = None
    """Wire service, the name of its conventions file (``PRNewswire``); none for the organisation's own newsroom."""


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A media contact printed at the end of the release."""

    __pydantic_config__ = _JSON

    name: str
    """Full name."""
    role: str | None = None
    """Job title, e.g. ``Communications Manager``."""
    phone: str | None = None
    """Telephone number as it should be printed."""
    email: str | None = None
    """E-mail address."""
    organisation: str | None = None
    """The contact's organisation when it is not the issuer's, e.g. a PR agency."""


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """The issuing organisation, from its profile."""

    __pydantic_config__ = _JSON

    id: str
    """Profile identifier that releases refer to."""
    name: str
    """Full legal name, used in the SOURCE line."""
    short_name: str
    """Short form used in running text and in ``About <org>``."""
    website: str | None = None
    """Home page URL."""
    newsroom: str | None = None
    """The web address the release pages are published under (``<newsroom>/<slug>/<locale>/<slug>.html``);
    none: the pages link each other by relative addresses."""
    english: str = "en-US"
    """The organisation's English (``en-GB``, ``en-US``): spelling and proofing language of its documents."""
    about: tuple[Paragraph, ...] = ()
    """The boilerplate printed under ``About <org>``; none means no About section."""
    cities: tuple[str, ...] = ()
    """The organisation's usual dateline cities, translated once in its catalogue."""
    contacts: tuple[Contact, ...] = ()
    """Default media contacts, used by releases that name none of their own."""


@dataclass(frozen=True, kw_only=True)
class Release:
    """One press release in one language."""

    __pydantic_config__ = _JSON

    schema_version: Literal[2] = SCHEMA_VERSION
    """Version of this model; checked when a JSON dump is loaded."""
    slug: str
    """File-name-safe identifier, e.g. ``2024-02-28-astri-budget``."""
    language: str
    """BCP 47 tag of the language the text is written in."""
    headline: str
    """The headline."""
    subheadline: str | None = None
    """Optional second headline line."""
    highlights: tuple[Inlines, ...] = ()
    """Summary bullets printed between the headline and the dateline."""
    dateline: Dateline
    """City, date and wire service that open the first paragraph."""
    body: tuple[Block, ...]
    """The body in reading order; it opens with a paragraph."""
    organisations: tuple[Organisation, ...]
    """The issuers, with their boilerplate: the lead issuer first, then co-issuers."""
    contacts: tuple[Contact, ...] = ()
    """Media contacts."""
    embargo: dt.datetime | None = None
    """Not to be published before this instant (always time-zone aware)."""
    keywords: tuple[str, ...] = ()
    """Subject keywords for metadata and newsroom search."""
    hashtags: tuple[str, ...] = ()
    """Social media hashtags, without the ``#``."""

    @property
    def organisation(self) -> Organisation:
        """The lead issuer: its name heads the letterhead."""
        return self.organisations[0]
