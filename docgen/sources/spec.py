"""What people may write in a release's front matter and in an organisation profile.

These are the *source* forms: partial, with defaults and references, checked
strictly (unknown fields are errors).  The reader turns them into the
canonical ``docgen.model.Release``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from docgen.errors import Message
from docgen.model import SLUG_MAX_LENGTH, Contact
from docgen.schemaconfig import strict
from docgen.validation import invalid

_STRICT = strict()


def _text(value):
    if not isinstance(value, str):
        kind = Message("a list") if isinstance(value, list) else Message("a set of fields") if isinstance(value, dict) else repr(value)
        # Translators: {kind} is "a list", "a set of fields" or the value as written.
        raise invalid("text", Message("should be text, not {kind}", kind=kind))
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise invalid("blank", Message("must not be empty"))
    return value


def _iso_date(value):
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError as err:
        # Python's reason helps for a real date that does not exist ("day is out of range for month").
        if str(err).startswith("Invalid isoformat"):
            raise invalid("date", Message("not a valid date in the form YYYY-MM-DD")) from None
        raise invalid("date", Message("not a valid date in the form YYYY-MM-DD ({reason})", reason=str(err))) from None


def _zoned_datetime(value):
    try:
        moment = dt.datetime.fromisoformat(_text(value))
    except ValueError:
        raise invalid(
            "datetime", Message("not a valid date and time with its UTC offset, e.g. 2024-02-28T09:00+08:00 (offsets run from -23:59 to +23:59)")
        ) from None
    if moment.tzinfo is None:
        raise invalid("timezone", Message("needs a time zone, e.g. {example}", example=moment.isoformat(timespec="minutes") + "+08:00"))
    return moment


def _time(value):
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 18:30 as a sexagesimal number (1110).
        value = f"{value // 60}:{value % 60:02d}"
    try:
        return dt.time.fromisoformat(_text(value).zfill(5))
    except ValueError:
        raise invalid("time", Message("not a valid time in the form HH:MM, e.g. 18:30")) from None


def _hashtag(value):
    tag = _text(value).strip().removeprefix("#")
    if not re.fullmatch(r"\w+", tag):
        raise invalid("hashtag", Message("a hashtag is one word of letters, digits and _, e.g. GreenFinance"))
    return tag


def _web_address(value):
    address = _text(value).strip()
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", address):
        raise invalid("url", Message("not a web address starting with https:// or http://"))
    return address


def _one_or_more(value):
    """A single value or a list of them, as a list."""
    return value if isinstance(value, list) else [value]


def _slug(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        raise invalid("slug", Message("use lower-case letters, digits and single hyphens, e.g. 2024-02-28-budget"))
    if len(value) > SLUG_MAX_LENGTH:
        raise invalid("slug", Message("a slug is at most {limit} characters long (this one has {length})", limit=SLUG_MAX_LENGTH, length=len(value)))
    return value


Text = Annotated[str, BeforeValidator(_text)]
Required = Annotated[str, BeforeValidator(_text), AfterValidator(_not_blank)]
Slug = Annotated[str, BeforeValidator(_text), AfterValidator(_slug)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
ZonedDateTime = Annotated[dt.datetime, BeforeValidator(_zoned_datetime)]
LocalTime = Annotated[dt.time, BeforeValidator(_time)]
Hashtag = Annotated[str, BeforeValidator(_hashtag)]
WebAddress = Annotated[str, BeforeValidator(_web_address)]
OneOrMore = Annotated[tuple[Required, ...], BeforeValidator(_one_or_more), Field(min_length=1)]


@dataclass(frozen=True, kw_only=True)
class DatelineFields:
    """The dateline as written; city and wire default from the organisation profile."""

    __pydantic_config__ = _STRICT
    date: IsoDate
    """Date of issue, YYYY-MM-DD."""
    city: OneOrMore | None = None
    """The city as the wire should print it (``Hong Kong SAR``, ``Brooklyn, N.Y.``), or a list of cities;
    defaults to the profile's ``dateline_city``."""
    time: LocalTime | None = None
    """Local time of issue, HH:MM, for wires that print it (``hksarg``)."""
    wire: Required | None = None
    """Wire service (a file in ``wires/`` or docgen's: PRNewswire, BusinessWire, ...); defaults to the profile's ``wire``."""


@dataclass(frozen=True, kw_only=True)
class FrontMatter:
    """The YAML front matter of a release file."""

    __pydantic_config__ = _STRICT
    headline: Required
    """The headline."""
    organisation: OneOrMore
    """Id of the organisation profile (``organisations/<id>.yaml``), or a list of them for a co-issued release, lead issuer first."""
    dateline: DatelineFields
    """City, date and wire service."""
    slug: Slug | None = None
    """File-name-safe id; defaults to the file name without ``.md``."""
    language: Required = "en"
    """BCP 47 tag of the language the release is written in."""
    subheadline: Required | None = None
    """Optional second headline line."""
    contacts: tuple[Contact, ...] | None = None
    """Media contacts; replace the profile's default contacts when given."""
    embargo: ZonedDateTime | None = None
    """Not to be published before this time; must carry a UTC offset."""
    keywords: tuple[Text, ...] = ()
    """Subject keywords."""
    hashtags: tuple[Hashtag, ...] = ()
    """Social media hashtags (``#`` optional), printed as the wire prints them."""


@dataclass(frozen=True, kw_only=True)
class OrganisationProfile:
    """An organisation profile file, ``organisations/<id>.yaml``."""

    __pydantic_config__ = _STRICT
    name: Required
    """Full name, used in the SOURCE line."""
    short_name: Required
    """Short name, used in ``About <org>``."""
    about: Required | None = None
    """The boilerplate, in Markdown (paragraphs and links); without it, releases have no About section."""
    website: Required | None = None
    """Home page URL."""
    newsroom: WebAddress | None = None
    """The web address the newsroom publishes release pages under, e.g. https://www.example.org/news:
    the HTML pages then link each other, their pictures and their social previews by absolute addresses."""
    dateline_city: OneOrMore | None = None
    """Default dateline city (or cities) for the organisation's releases, as the wire should print it."""
    wire: Required | None = None
    """Default wire service for the organisation's releases."""
    english: Literal["en-US", "en-GB", "en-AU", "en-CA", "en-HK", "en-SG"] = "en-US"
    """Which English the organisation writes: the language tag of its DOCX (spelling and proofing)."""
    contacts: tuple[Contact, ...] = ()
    """Default media contacts."""
