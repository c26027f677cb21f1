"""Plain-text wire copy (PR Newswire style, English or Chinese) into a draft release.

Recognised: the headline (and subheadline), an embargo line, the dateline in
either language's form, paragraphs, section headings, bullet lists, quotes
with their attribution, ``About <org>`` / ``關於<org>`` and its boilerplate,
media contacts, the SOURCE / 消息來源 line and end marks.  Anything else stays
an ordinary paragraph; every guess is reported.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from docgen.importers.draft import Draft, ImportError_, _wide, contact_person, hashtags, heading_like, lines_to_text
from docgen.model import BulletList, Contact, Heading, Paragraph, Quote, Span, Table
from docgen.sources.markdown import alignment

MONTHS = {name: n for n, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")], 1)
    for name in names}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?"
EN_DATELINE = re.compile(rf"^(?P<city>[A-Z][A-Za-z .'’\-]*?), (?P<month>{_MONTH}) (?P<day>\d{{1,2}}), (?P<year>\d{{4}})(?: ?/(?P<wire>[^/\n]+)/)? ?(?:--|—|–)\s*")
ZH_DATELINE = re.compile(r"^(?P<city>[^\s\d/]{1,12}?)(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日電? ?(?:/(?P<wire>[^/\n]+)/)? ?(?:--|——|—|–)\s*")
ABOUT = re.compile(r"^(?:About (?P<en>.+)|關於(?P<zh>.+))$")
CONTACTS = re.compile(r"^(?:Media [Cc]ontacts?|Contacts?|Press [Cc]ontacts?|傳媒聯絡|媒體聯絡|傳媒查詢)\s*[:：]?$")
SOURCE = re.compile(r"^(?:SOURCE\s+(?P<en>.+)|消息來源[:：]\s*(?P<zh>.+))$")
END_MARK = re.compile(r"^(?:#{3}|-30-|－完－|-完-|—完—|[-—–]\s*(?:End|END|ends)\s*[-—–]|-ENDS-)$")
EMBARGO = re.compile(r"^(?:EMBARGOED UNTIL|Embargoed until|禁止於)", re.I)
BULLET = re.compile(r"^[-*•]\s+")
ATTRIBUTION = re.compile(r"^(?:--|—|——|–)\s*")
PHONE = re.compile(r"^(?:Tel|Phone|電話)\s*[:：]\s*(.+)$")
EMAIL = re.compile(r"^(?:Email|E-mail|電郵)\s*[:：]\s*(.+)$")


def read_wire(text: str, name: str) -> Draft:
    draft = Draft(source=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    if not blocks:
        raise ImportError_("the file holds no text", file=name)
    position = 0
    if EMBARGO.match(blocks[0].strip()):
        draft.embargo_text = lines_to_text(blocks[0])
        position = 1
    first = blocks[position].strip().split("\n")
    odd = re.match(r"^date (\d{4}-\d{2}-\d{2}) (.+)$", first[0].strip())
    if odd:  # some archives start "date YYYY-MM-DD <headline>"
        draft.date = dt.date.fromisoformat(odd.group(1))
        draft.headline = odd.group(2).strip()
        draft.guesses.append(f"headline and date from the first line: {draft.headline!r}, {draft.date}")
    else:
        draft.headline = first[0].strip()
    if len(first) > 1:
        draft.subheadline = lines_to_text("\n".join(first[1:]))
    position += 1
    rest = blocks[position:]
    lead = next((i for i, b in enumerate(rest) if _dateline(b.strip(), draft)), None)
    if lead is None:
        raise ImportError_("no dateline found (e.g. 'HONG KONG, Feb. 28, 2024 /PRNewswire/ -- ' or '香港2024年2月28日電 /美通社/ -- ')", file=name)
    for extra in rest[:lead]:  # between headline and dateline: highlights, a subheadline, or text to keep
        lines = [l.strip() for l in extra.strip().split("\n")]
        if BULLET.match(lines[0]) and not draft.highlights:
            draft.highlights = list(_block(lines, extra, draft, following=True).items)
            draft.guesses.append(f"highlights: the {len(draft.highlights)} bullets above the dateline")
        elif draft.subheadline is None and "\n" not in extra.strip():
            draft.subheadline = extra.strip()
            draft.guesses.append(f"subheadline: {draft.subheadline!r}")
        else:
            draft.body.append(Paragraph(id="", content=(Span(text=lines_to_text(extra)),)))
            draft.warnings.append(f"text before the dateline kept as a paragraph: {extra[:50]!r}")
    _body(rest[lead:], draft)
    return draft


@functools.cache
def _wire_patterns() -> list[tuple[re.Pattern, bool]]:
    """Every shipped wire's dateline forms (the files the renderers print from), then the general forms."""
    from docgen import wires

    found = [(pattern, language.startswith("zh")) for wire in wires.shipped_wires() for language, pattern in wire.patterns()
             if "(?P<day>" in pattern.pattern]
    return found + [(EN_DATELINE, False), (ZH_DATELINE, True)]


def _dateline(block: str, draft: Draft) -> bool:
    for pattern, chinese in _wire_patterns():
        match = pattern.match(block)
        if not match:
            continue
        month = int(match["month"]) if match["month"].isdigit() else MONTHS.get(match["month"].rstrip(".").lower())
        if month is None:
            continue
        date = dt.date(int(match["year"]), month, int(match["day"]))
        if draft.date and draft.date != date:
            draft.warnings.append(f"the dateline says {date}, the first line {draft.date}: the dateline's is used")
        wire = match.groupdict().get("wire")
        draft.date, draft.city, draft.wire, draft.chinese = date, match["city"].strip(), (wire or "").strip() or None, chinese
        draft.lead_text = block[match.end():]
        return True
    return False


def _body(blocks: list[str], draft: Draft) -> None:
    mode = "body"
    lead, *rest = blocks
    draft.body.append(Paragraph(id="", content=(Span(text=lines_to_text(draft.lead_text)),)))
    for number, block in enumerate(rest):
        lines = [l.strip() for l in block.strip().split("\n")]
        single = len(lines) == 1
        if single and END_MARK.match(lines[0]):
            draft.guesses.append(f"end mark dropped: {lines[0]!r}")
            continue
        if single and SOURCE.match(lines[0]):
            match = SOURCE.match(lines[0])
            draft.source_name = (match["en"] or match["zh"]).strip()
            mode = "after"
            continue
        if single and ABOUT.match(lines[0]) and mode == "body":
            match = ABOUT.match(lines[0])
            draft.about_name = (match["en"] or match["zh"]).strip()
            draft.guesses.append(f"boilerplate starts at {lines[0]!r}")
            mode = "about"
            continue
        if CONTACTS.match(lines[0]) and mode in ("body", "about"):
            mode = "contacts"
            if len(lines) > 1:
                _contact(lines[1:], draft)
            continue
        if mode == "contacts":
            _contact(lines, draft)
            continue
        tags = hashtags(" ".join(lines)) if mode == "body" else None
        if tags:
            draft.hashtags += tags
            continue
        if mode == "about":
            draft.about.append(Paragraph(id="", content=(Span(text=lines_to_text(block)),)))
            continue
        if mode == "after":
            draft.body.append(Paragraph(id="", content=(Span(text=lines_to_text(block)),)))
            draft.warnings.append(f"text after the SOURCE line kept as a paragraph: {block[:50]!r}")
            continue
        draft.body.append(_block(lines, block, draft, following=number + 1 < len(rest)))


def _block(lines: list[str], block: str, draft: Draft, *, following: bool):
    if all(BULLET.match(l) for l in lines[:1]) and BULLET.match(lines[0]):
        items, current = [], []
        for line in lines:
            if BULLET.match(line):
                if current:
                    items.append(current)
                current = [BULLET.sub("", line)]
            else:
                current.append(line)  # a wrapped item
        items.append(current)
        return BulletList(id="", items=tuple((Span(text=lines_to_text("\n".join(i))),) for i in items))
    rule = next((i for i, line in enumerate(lines[:3]) if i > 0 and _RULE.match(line)), None)
    if rule is not None and len(lines) > rule + 1:
        return _table(block.strip("\n").split("\n"), rule, draft)
    starts = [i for i, line in enumerate(lines) if i > 0 and ATTRIBUTION.match(line)]
    if starts:  # the attribution may wrap onto more lines
        attribution_start = starts[-1]
        who = lines_to_text("\n".join(lines[attribution_start:]))
        parts = re.split(r"[,，]", ATTRIBUTION.sub("", who), maxsplit=1)
        speaker, role = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
        draft.guesses.append(f"quote attributed to {who!r}")
        text = lines_to_text("\n".join(lines[:attribution_start]))
        return Quote(id="", content=(Span(text=text),), speaker=speaker or None, role=role or None)
    text = lines_to_text(block)
    if len(lines) == 1 and following and heading_like(text):
        draft.guesses.append(f"heading: {text!r}")
        return Heading(id="", content=(Span(text=text),))
    return Paragraph(id="", content=(Span(text=text),))


_RULE = re.compile(r"^-+(?: +-+)*$")


def _table(lines: list[str], rule: int, draft: Draft) -> Table:
    """A table in aligned columns: an optional caption line, the header, a rule of dashes
    whose runs mark the columns (in display width: a Chinese character takes two), the rows."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[rule].strip())]
    indent = len(lines[rule]) - len(lines[rule].lstrip())
    spans = [(a + indent, b + indent) for a, b in spans]
    bounds = [start for start, _ in spans[1:]]

    def cells(line: str) -> tuple:
        out, column, current = [], 0, ""
        edges = iter(bounds + [10**9])
        edge = next(edges)
        for char in line:
            if column >= edge:
                out.append(current)
                current, edge = "", next(edges)
            current += char
            column += 2 if _wide(char) else 1
        out.append(current)
        out += [""] * (len(spans) - len(out))
        return tuple((Span(text=c.strip()),) if c.strip() else () for c in out[: len(spans)])

    caption = lines[0].strip() if rule == 2 else None
    header = cells(lines[rule - 1])
    rows = tuple(cells(line) for line in lines[rule + 1:])
    align = tuple(alignment(["".join(s.text for s in row[n]) for row in rows]) for n in range(len(spans)))
    draft.guesses.append(f"table of {len(rows)} rows under {' | '.join(''.join(s.text for s in c) for c in header)!r}")
    return Table(id="", caption=caption, header=header, rows=rows, align=align)


def _contact(lines: list[str], draft: Draft) -> None:
    name = role = phone = email = organisation = None
    for line in lines:
        if PHONE.match(line):
            phone = PHONE.match(line).group(1).strip()
        elif EMAIL.match(line):
            email = EMAIL.match(line).group(1).strip()
        elif name is None:
            person = contact_person(line, draft)
            name, role, organisation = person.name, person.role, person.organisation
        else:
            draft.warnings.append(f"contact line not recognised, kept in the role: {line!r}")
            role = f"{role}, {line}" if role else line
    if name:
        draft.contacts.append(Contact(name=name, role=role, organisation=organisation, phone=phone, email=email))
