"""What an importer found, before it becomes a release: the parts, the guesses
made on the way (reported so a person can confirm them) and the warnings."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from docgen.errors import DocgenError
from docgen.model import Contact, Paragraph


class ImportError_(DocgenError):
    """A file that cannot be imported at all (no dateline, no text)."""


@dataclass
class Draft:
    source: str
    headline: str = ""
    subheadline: str | None = None
    embargo_text: str | None = None
    date: dt.date | None = None
    city: str = ""
    wire: str | None = None
    chinese: bool = False
    lead_text: str = ""
    body: list = field(default_factory=list)
    about_name: str | None = None
    about: list[Paragraph] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    highlights: list = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    source_name: str | None = None
    photos: list = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def lines_to_text(block: str) -> str:
    """A wrapped block as one paragraph: lines joined by a space, but not between two
    Chinese characters (wrapping Chinese inserts no space)."""
    text = ""
    for line in (l.strip() for l in block.strip().split("\n")):
        if not line:
            continue
        if text and not (_wide(text[-1]) or _wide(line[0])):
            text += " "
        text += line
    return text


HASHTAGS = re.compile(r"^(?:Hashtags?\s*[:：]\s*)?((?:#\w+\s*)+)$")


def hashtags(text: str) -> list[str] | None:
    """The tags of a hashtag line (``Hashtag: #A #B`` or ``#A #B``), or None."""
    match = HASHTAGS.match(text.strip())
    return re.findall(r"#(\w+)", match.group(1)) if match else None


def contact_person(line: str, draft: "Draft") -> Contact:
    """``Name, Role`` or, as docgen prints a contact at an agency, ``Name, Role, Organisation``."""
    parts = [p.strip() for p in re.split(r"[,，]", line, maxsplit=2)]
    if len(parts) == 3:
        draft.guesses.append(f"contact {parts[0]!r} works for {parts[2]!r} (the part after the second comma)")
        return Contact(name=parts[0], role=parts[1] or None, organisation=parts[2] or None)
    return Contact(name=parts[0], role=parts[1] if len(parts) > 1 and parts[1] else None)


def heading_like(text: str) -> bool:
    """Short, one line, not ending like a sentence: probably a section heading."""
    width = sum(2 if _wide(c) else 1 for c in text)
    return 0 < width <= 80 and len(text.split()) <= 12 and not re.search(r"[.。!?！？:：;；,，\"”」)]$", text)


_EN_EMBARGO = re.compile(r"(?P<month>[A-Z][a-z]+)\.? (?P<day>\d{1,2}), (?P<year>\d{4}), (?P<hour>\d{1,2}):(?P<minute>\d{2}) "
                         r"(?P<meridiem>a\.m\.|p\.m\.) \(UTC(?P<offset>[+-]\d{2}:\d{2})?\)")
_ZH_EMBARGO = re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?P<meridiem>上午|下午)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
                         r"（UTC(?P<offset>[+-]\d{2}:\d{2})?）")


def parse_embargo(text: str) -> dt.datetime | None:
    """The instant of an embargo line as docgen prints it (English or Chinese); None if it is another form."""
    from docgen.importers.wire import MONTHS

    for pattern in (_EN_EMBARGO, _ZH_EMBARGO):
        match = pattern.search(text)
        if not match:
            continue
        month = match["month"]
        month = int(month) if month.isdigit() else MONTHS.get(month.lower())
        if month is None:
            return None
        hour = int(match["hour"]) % 12 + (12 if match["meridiem"] in ("p.m.", "下午") else 0)
        sign, hours, minutes = (match["offset"] or "+00:00")[0], *map(int, (match["offset"] or "+00:00")[1:].split(":"))
        offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
        return dt.datetime(int(match["year"]), month, int(match["day"]), hour, int(match["minute"]), tzinfo=dt.timezone(offset))
    return None
