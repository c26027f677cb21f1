"""What an importer found, before it becomes a release: the parts, what was recognised,
the guesses made on the way (reported so a person can confirm them) and the warnings;
and the recognisers both importers share (labels, contacts, end marks, dates)."""
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
class About:
    """An ``About <organisation>`` section: one issuer's boilerplate."""

    name: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Draft:
    source: str
    headline: str = ""
    subheadline: str | None = None
    embargo_text: str | None = None
    date: dt.date | None = None
    time: dt.time | None = None
    cities: tuple[str, ...] = ()
    wire: str | None = None
    chinese: bool = False
    lead_text: str = ""
    body: list = field(default_factory=list)
    abouts: list[About] = field(default_factory=list)
    source_names: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    highlights: list = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    pictures: list = field(default_factory=list)
    """Pictures found (blob, suffix), saved under the release's slug once it is known."""
    recognised: list[str] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


# Spaces that real copy carries (no-break, thin, figure, ideographic): plain spaces for docgen.
_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ", "\t": "    "})


def normalise_spaces(text: str) -> str:
    return text.translate(_SPACES)


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


def heading_like(text: str) -> bool:
    """Short, one line, not ending like a sentence: probably a section heading."""
    width = sum(2 if _wide(c) else 1 for c in text)
    return 0 < width <= 80 and len(text.split()) <= 12 and not re.search(r"[.。!?！？:：;；,，\"”」)]$", text)


def is_chinese(text: str) -> bool:
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return han > max(4, len(text) // 10)


# Characters that differ between the scripts and are common in releases.
_SIMPLIFIED = set("这为发国会与时们说对来过经际资产业开关设计现电网络领务总机门处区报长应从实进东员动项")
_TRADITIONAL = set("這為發國會與時們說對來過經際資產業開關設計現電網絡領務總機門處區報長應從實進東員動項")


def chinese_language(text: str) -> str:
    """``zh-Hans-CN`` when the text is written in Simplified characters, else ``zh-Hant-HK``."""
    simplified = sum(c in _SIMPLIFIED for c in text)
    return "zh-Hans-CN" if simplified > sum(c in _TRADITIONAL for c in text) else "zh-Hant-HK"


# --- lines that are not the issuer's text, or that label a part of the release ---
HASHTAGS = re.compile(r"^(?:Hashtags?\s*[:：]\s*)?((?:#\w+\s*)+)$")
IMMEDIATE = re.compile(r"^(?:FOR IMMEDIATE RELEASE|For Immediate Release|即時發佈|即時發布|即时发布|即時發放|供即時發佈)\s*[:：]?$")
END_MARK = re.compile(r"^(?:#{3}|-30-|NNNN|[-–—－]*\s*(?:完|End|END|Ends|ENDS)\s*[-–—－]*)$")
WIRE_NOTE = re.compile(r"^(?:The issuer is solely responsible for the content of this announcement\.?|"
                       r"View (?:source version|the original press release|original content)[^\n]*|"
                       r"(?:Copyright|©) \d{4} (?:ACN Newswire|ACCESSWIRE|ACCESS Newswire)[^\n]*)$", re.I)
ABOUT = re.compile(r"^(?:(?:About|ABOUT)\s+(?P<en>[^\n]{1,90}?)|(?:關於|关于|有關|有关)\s*(?P<zh>[^\n]{1,40}?))\s*[:：]?$")
SOURCE = re.compile(r"^(?:(?:SOURCE|Source)\s*[:：]?\s+(?P<en>[^\n]+)|(?:消息來源|消息来源|資料來源|资料来源)\s*[:：]?\s*(?P<zh>[^\n]+))$")
CONTACTS = re.compile(
    r"^(?:(?:Media|Press|Investor|News|Public)\s+(?:Contacts?|Enquiries|Inquiries|Relations(?: Contacts?)?)|Contacts?|Press Inquiries|"
    r"Media Inquiries|For (?:more|further) information(?:,? please contact)?|For media enquiries(?:,? please contact)?|"
    r"(?:傳媒|媒體|新聞|传媒|媒体)(?:查詢|聯絡|查询|联络|垂詢|联系|聯繫)(?:人)?|聯絡方式|联络方式|联系方式|"
    r"傳媒如有查詢，?請聯絡|传媒如有查询，?请联络)\s*[:：]?(?P<rest>\s+\S.*)?$", re.I)
PHONE = re.compile(r"^(?:Tel|Phone|T|Mobile|Mob|Office|電話|电话|手機|手机)\s*[.:：]?\s*(\+?[\d][\d\s()\-./]{5,})$", re.I)
EMAIL = re.compile(r"^(?:E-?mail|E|電郵|电邮|電子郵件|电子邮件)\s*[:：]\s*(\S+@\S+)$", re.I)
BARE_PHONE = re.compile(r"^\+?[\d][\d\s()\-.]{7,}$")
BARE_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


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


def read_contacts(lines: list[str], draft: Draft) -> None:
    """Contact lines: a name (``Name, Role[, Organisation]``), then role and organisation lines,
    phone and e-mail lines labelled or bare; a name after a phone or e-mail starts the next contact."""
    current: dict | None = None

    def close():
        if current and current.get("name"):
            draft.contacts.append(Contact(**current))

    for line in (l.strip() for l in lines):
        if not line:
            continue
        phone = PHONE.match(line) or (BARE_PHONE.match(line) and re.match(r"(.*)", line))
        email = EMAIL.match(line) or (BARE_EMAIL.match(line) and re.match(r"(.*)", line))
        if current is not None and phone and not current.get("phone"):
            current["phone"] = phone.group(1).strip()
        elif current is not None and email and not current.get("email"):
            current["email"] = email.group(1).strip()
        elif phone or email:
            draft.warnings.append(f"contact line without a name before it, kept out of the contacts: {line!r}")
        elif current is None or current.get("phone") or current.get("email"):
            close()
            person = contact_person(line, draft)
            current = {"name": person.name, "role": person.role, "organisation": person.organisation}
        elif current.get("role") is None:
            current["role"] = line
        elif current.get("organisation") is None:
            current["organisation"] = line
            draft.guesses.append(f"contact {current['name']!r} works for {line!r}")
        else:
            draft.warnings.append(f"contact line not recognised, left out: {line!r}")
    close()


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
