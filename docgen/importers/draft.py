"""What an importer found, before it becomes a release: the parts, what was recognised,
the guesses made on the way (reported so a person can confirm them) and the warnings;
and the recognisers both importers share (labels, contacts, end marks, dates)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from babel.core import get_global
from babel.dates import get_timezone, get_timezone_name

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
END_MARK = re.compile(r"^(?:#{3}|-30-|NNNN|[-–—－]*\s*(?:完|End|END|Ends|ENDS)\s*[-–—－]*|[（(]\s*完\s*[)）])$")
WIRE_NOTE = re.compile(r"^(?:The issuer is solely responsible for the content of this announcement\.?|"
                       r"View (?:source version|the original press release|original content)[^\n]*|"
                       r"(?:Copyright|©) \d{4} (?:ACN Newswire|ACCESSWIRE|ACCESS Newswire)[^\n]*)$", re.I)
ABOUT = re.compile(r"^(?:(?:About|ABOUT)\s+(?P<en>[^\n]{1,90}?)|(?:關於|关于|有關|有关)\s*(?P<zh>[^\n]{1,40}?))\s*[:：]?$")
# "SOURCE Name" (PR Newswire) or "Source: Name" (ACN, ACCESSWIRE); not a sentence that begins
# with the word ("Source code for the tool is published."); 來源： is ACN's Chinese form.
SOURCE = re.compile(r"^(?:(?:SOURCE\s*[:：]?\s+|Source\s*[:：]\s*)(?P<en>[^\n]+)|(?:消息來源|消息来源|資料來源|资料来源|來源|来源)\s*[:：]\s*(?P<zh>[^\n]+)|(?:消息來源|消息来源)\s+(?P<zh2>[^\n]+))$")
# A contacts label as wires print it: a line that is only the label ("Media Contacts",
# "傳媒查詢"), or the label and a colon, maybe with the first contact after it ("Contact: Jane
# Lo, ..."). Without the colon the words open a sentence: "Contact tracing apps were used...",
# "For more information about the scheme, visit...", "Investor Relations will host a call...".
CONTACTS = re.compile(
    r"^(?:(?:Media|Press|Investor|News|Public)\s+(?:Contacts?|Enquiries|Inquiries|Relations(?: Contacts?)?)|Contacts?|Press Inquiries|"
    r"Media Inquiries|For (?:more|further) information(?:,? please contact)?|For media enquiries(?:,? please contact)?|"
    r"(?:傳媒|媒體|新聞|传媒|媒体)(?:查詢|聯絡|查询|联络|垂詢|联系|聯繫)(?:人)?|聯絡方式|联络方式|联系方式|"
    r"(?:傳媒)?如有查詢，?請聯絡|(?:传媒)?如有查询，?请联络)\s*(?:[:：]\s*(?P<rest>\S.*)?)?$", re.I)
PHONE = re.compile(r"^(?:Tel|Phone|T|Mobile|Mob|Office|電話|电话|手機|手机)\s*[.:：]?\s*(\+?[\d(（][\d\s()（）\-./]{5,})$", re.I)
EMAIL = re.compile(r"^(?:E-?mail|E|電郵|电邮|電子郵件|电子邮件|郵箱|邮箱)\s*[:：]\s*(\S+@\S+)$", re.I)
BARE_PHONE = re.compile(r"^\+?[\d(（][\d\s()（）\-.]{7,}$")
BARE_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def hashtags(text: str) -> list[str] | None:
    """The tags of a hashtag line (``Hashtag: #A #B`` or ``#A #B``), or None."""
    match = HASHTAGS.match(text.strip())
    return re.findall(r"#(\w+)", match.group(1)) if match else None


_COMPANY = re.compile(r"\b(?:Limited|Ltd\.?|Inc\.?|Corp\.?|Corporation|LLC|LLP|Pte\.?|Co\.|Company|Group|Holdings|PR|Communications|"
                      r"Consultancy|Consulting|Agency|Partners|Foundation|Fund|Institute|University)$|"
                      r"(?:有限公司|集團|集团|基金|公關|公关|顧問|顾问|協會|协会|學院|学院|大學|大学)$")
# Job titles: a line with one of these is a role even when it ends like a company ("Director of Communications").
_TITLE = re.compile(r"\b(?:Manager|Director|Head|Officer|President|Chief|Executive|CEO|CFO|COO|Spokesperson|Consultant|Specialist|"
                    r"Coordinator|Secretary|Editor|Analyst|Associate|Vice|Senior)\b|(?:經理|经理|主任|總監|总监|發言人|发言人|主管)", re.I)
_ROLE = re.compile(r"\b(?:Communications|Relations|Marketing|Lead|Partner|Media|Investors?|Press)\b|"
                   r"(?:部|科|組|组|處|处|媒體|媒体|傳媒|传媒|事務|事务|傳訊|传讯)", re.I)
_SUFFIX = re.compile(r"^(?:Ltd\.?|Inc\.?|Limited|LLC|Corp\.?|Co\.?,? Ltd\.?|Pte\.? Ltd\.?)$", re.I)


def _kind(part: str) -> str:
    """What one piece of a contact is: phone, email, organisation, role or name."""
    if PHONE.match(part) or BARE_PHONE.match(part):
        return "phone"
    if EMAIL.match(part) or BARE_EMAIL.match(part):
        return "email"
    if _TITLE.search(part):
        return "role"
    if _COMPANY.search(part):
        return "organisation"
    if _ROLE.search(part) or len(part.split()) > 4 or any(c.isdigit() for c in part):
        return "role"
    return "name"


def _parts(line: str) -> list[str]:
    """A contact line cut into its pieces (``Name, Role, Organisation, phone, e-mail`` or ``a | b``),
    without a leading region label (``Hong Kong: Iris Ng``)."""
    line = re.sub(r"^[A-Z][A-Za-z ]{1,20}:\s+(?=\S)", "", line) if not PHONE.match(line) and not EMAIL.match(line) else line
    # Chinese contact lines separate name, organisation and title with spaces.
    separators = r"\s*\|\s*|[,，]\s*|\u3000+" + (r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])" if is_chinese(line + "一二三四五") else "")
    pieces = [p.strip() for p in re.split(separators, line) if p.strip()]
    merged: list[str] = []
    for piece in pieces:  # "Kasumi Robotics Co., Ltd." is one name
        if merged and _SUFFIX.match(piece):
            merged[-1] += ", " + piece
        else:
            merged.append(piece)
    return merged


def read_contacts(lines: list[str], draft: Draft) -> None:
    """Contacts as releases list them: a person's name, role and organisation (on one line,
    comma- or bar-separated, or on lines of their own, the organisation before or after the
    people), phone and e-mail lines labelled or bare.  An organisation or a label line above
    several people is theirs; names joined by ``/`` share the details that follow."""
    people: list[dict] = []
    group: list[dict] = []  # the people of the last name line (they share what follows)
    shared = {"organisation": None, "role": None}
    for line in (l.strip() for l in lines):
        if not line:
            continue
        parts = _parts(line)
        names_line = len(parts) == 1 and " / " in parts[0] and all(_kind(n) == "name" for n in parts[0].split(" / "))
        if names_line:
            group = [{"name": n.strip(), "role": shared["role"], "organisation": shared["organisation"], "phone": None, "email": None}
                     for n in parts[0].split(" / ")]
            people += group
            continue
        kinds = [_kind(p) for p in parts]
        if "name" in kinds and (not group or group[-1]["phone"] or group[-1]["email"] or len(parts) > 1 or
                               (group and kinds == ["name"] and group[-1]["role"] is not None)):
            person = {"name": None, "role": shared["role"], "organisation": shared["organisation"], "phone": None, "email": None}
            for part, kind in zip(parts, kinds):
                if kind == "name" and person["name"] is None:
                    person["name"] = part
                elif kind in ("phone", "email") and person[kind] is None:
                    person[kind] = (PHONE.match(part) or EMAIL.match(part) or re.match(r"(.*)", part)).group(1).strip()
                elif kind in ("organisation", "role") and person[kind] in (None, shared[kind]):
                    person[kind] = part
                elif kind == "name" and person["role"] in (None, shared["role"]):
                    person["role"] = part
            group = [person]
            people.append(person)
            continue
        for part, kind in zip(parts, kinds):
            if kind in ("phone", "email"):
                value = (PHONE.match(part) or EMAIL.match(part) or re.match(r"(.*)", part)).group(1).strip()
                if not group and (shared["role"] or shared["organisation"]):  # a department's line, phone and e-mail
                    group = [{"name": shared["role"] or shared["organisation"], "role": None,
                              "organisation": shared["organisation"] if shared["role"] else None, "phone": None, "email": None}]
                    people += group
                    draft.guesses.append(f"contact named by its department: {group[0]['name']!r}")
                targets = [p for p in group if p[kind] is None]
                if not targets:
                    draft.warnings.append(f"contact detail without a person, left out: {part!r}")
                for person in targets:
                    person[kind] = value
            elif not group or group[-1]["phone"] or group[-1]["email"]:
                shared[kind if kind == "organisation" else "role"] = part  # a heading over the people below
                group = []
            elif kind == "name" and group[-1]["role"] is None:
                group[-1]["role"] = part
            else:
                slot = "organisation" if kind == "organisation" or group[-1]["role"] is not None else "role"
                if group[-1][slot] not in (None, shared[slot]):
                    draft.warnings.append(f"contact line not recognised, left out: {part!r}")
                else:
                    group[-1][slot] = part
    for person in people:
        if person["name"]:
            draft.contacts.append(Contact(**person))
    if people:
        draft.guesses.append(f"{len([p for p in people if p['name']])} contact(s) read from the lines under the contacts label")


_EN_EMBARGO = re.compile(r"(?P<month>[A-Z][a-z]+)\.? (?P<day>\d{1,2}), (?P<year>\d{4}), (?P<hour>\d{1,2}):(?P<minute>\d{2}) "
                         r"(?P<meridiem>a\.m\.|p\.m\.) \(UTC(?P<offset>[+-]\d{2}:\d{2})?\)")
_ZH_EMBARGO = re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?P<meridiem>上午|下午)"
                         r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})|[時时](?:(?P<minutes>\d{1,2})分)?)"
                         r"（(?:UTC(?P<offset>[+-]\d{2}:\d{2})?|(?P<zone>[^（）]{1,12}時間|[^（）]{1,12}时间))）")


def _named_zone(name: str, day: dt.datetime) -> dt.timedelta | None:
    """The offset of a zone docgen names in Chinese (CLDR's generic name, ``香港時間``)."""
    from docgen.i18n import available

    for info in available().values():
        for zone_id in info.zones or get_global("territory_zones").get(info.locale.territory or "", ()):
            zone = get_timezone(zone_id)
            if get_timezone_name(zone, width="long", zone_variant="generic", locale=info.locale) == name:
                return zone.utcoffset(day)
    return None


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
        minute = int(match["minute"] or match.groupdict().get("minutes") or 0)
        when = dt.datetime(int(match["year"]), month, int(match["day"]), hour, minute)
        if match.groupdict().get("zone"):
            offset = _named_zone(match["zone"], when)
            if offset is None:
                return None
        else:
            sign, hours, minutes = (match["offset"] or "+00:00")[0], *map(int, (match["offset"] or "+00:00")[1:].split(":"))
            offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
        return when.replace(tzinfo=dt.timezone(offset))
    return None
