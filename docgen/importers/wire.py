"""Plain-text wire copy into a draft release, in English or Chinese, from any wire.

Recognised: ``FOR IMMEDIATE RELEASE`` and date lines above the headline, the headline
(and subheadline), highlights above the dateline, an embargo line, the dateline in every
form a wire file prints (``docgen/wires``, and a project's own) and the forms newsrooms
write (``（香港，2022年1月12日）``, ``2023年10月25日 – 香港 – ``), paragraphs, section
headings, bullet lists, tables (docgen's columns, pipe tables, columns aligned by spaces),
quotes with their attribution, ``About <org>`` / ``關於<org>`` sections (a second one makes
a co-issued release), contacts under their usual labels, hashtag lines, the SOURCE /
消息來源 line, end marks, the wires' own notes, and the Government's closing lines
(``Ends/Wednesday, July 23, 2025``, ``Issued at HKT 18:00``), which date a release that
has no dateline.  Anything else stays an ordinary paragraph; every guess is reported.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from docgen.importers.draft import (ABOUT, BARE_EMAIL, BARE_PHONE, CONTACTS, EMAIL, PHONE, END_MARK, IMMEDIATE, SOURCE, WIRE_NOTE, About, Draft, ImportError_, _wide,
                                    hashtags, heading_like, is_chinese, lines_to_text, normalise_spaces, read_contacts)
from docgen.model import BulletList, Heading, Paragraph, Quote, Span, Table
from docgen.sources.markdown import alignment, table_from_markdown

MONTHS = {name: n for n, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")], 1)
    for name in names}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?"
_EN_DATE = rf"(?:(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\s+(?P<year2>\d{{4}}))"
_ZH_DATE = r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
_SEP = r"\s*(?:--|—|–|-|:)\s*"
_EN_CITY = r"(?P<city>[A-Z][A-Za-z .'’&/\-]*?(?:,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)?(?:\s(?:and|&)\s[A-Z][A-Za-z .'’\-]*?)*)"
_ZH_CITY = r"(?P<city>[^\s\d/（(【，,]{1,12}?)"
# Datelines as newsrooms write them, when no wire file's form matched.
GENERAL = [
    (re.compile(rf"^{_EN_CITY},?\s+{_EN_DATE}\s*(?:/(?P<wire>[^/\n]+)/)?{_SEP}"), False),
    (re.compile(rf"^[(（]\s*{_EN_CITY},\s*{_EN_DATE}\s*[)）]{_SEP}?"), False),
    (re.compile(rf"^{_ZH_CITY}\s*{_ZH_DATE}\s*[電电]?\s*(?:/(?P<wire>[^/\n]+)/)?{_SEP}"), True),
    (re.compile(rf"^[（(【]\s*{_ZH_CITY}\s*[，,、]?\s*{_ZH_DATE}\s*[）)】]\s*(?:[-–—:：]\s*)?"), True),
    (re.compile(rf"^[（(【]\s*{_ZH_DATE}\s*[，,、]?\s*{_ZH_CITY}\s*[）)】]\s*(?:[-–—:：]\s*)?"), True),
    (re.compile(rf"^{_ZH_DATE}\s*[–—-]+\s*{_ZH_CITY}\s*[–—-]+\s*"), True),
]
EMBARGO = re.compile(r"^(?:EMBARGOED UNTIL|Embargoed until|Embargo|禁止於|禁止于)", re.I)
_DATE_LINES = (re.compile(rf"^{_EN_DATE}$"), re.compile(rf"^{_ZH_DATE}$"), re.compile(r"^(?P<iso>\d{4}-\d{2}-\d{2})$"))
BULLET = re.compile(r"^[-*•·▪●]\s+")
ATTRIBUTION = re.compile(r"^(?:--|—|——|–)\s*")
_ENDS = re.compile(rf"^Ends\s*/\s*\w+,\s*{_EN_DATE}$")
_ISSUED = re.compile(r"^Issued at HKT (?P<hour>\d{1,2}):(?P<minute>\d{2})$")
_ZH_ENDS_DATE = re.compile(rf"^{_ZH_DATE}\s*[（(]\s*星期.\s*[)）]$")
_ZH_ISSUED = re.compile(r"^香港[時时]間\s*(?P<hour>\d{1,2})\s*[時时]\s*(?P<minute>\d{2})\s*分$")
_RULE = re.compile(r"^-+(?: +-+)*$")
_UNDERLINE = re.compile(r"^[*=_~]{3,}$")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def date_line(text: str) -> dt.date | None:
    """The date of a line that holds only a date (``March 14, 2024``, ``2019年02月21日``)."""
    folded = unicodedata.normalize("NFKC", text.strip())
    for pattern in _DATE_LINES:
        match = pattern.match(folded)
        if match:
            return _date(match)
    return None


def _date(match: re.Match) -> dt.date | None:
    groups = match.groupdict()
    year, month, day = groups.get("year") or groups.get("year2"), groups.get("month") or groups.get("month2"), groups.get("day") or groups.get("day2")
    if groups.get("iso"):
        return dt.date.fromisoformat(groups["iso"])
    if not (year and month and day):
        return None
    number = int(month) if month.isdigit() else MONTHS.get(month.rstrip(".").lower())
    try:
        return dt.date(int(year), number, int(day)) if number else None
    except ValueError:
        return None


@functools.cache
def _wire_patterns() -> list[tuple[re.Pattern, bool, str]]:
    """Every shipped wire's dateline forms (the files the renderers print from), as (pattern, Chinese, wire)."""
    from docgen import wires

    return [(pattern, language.startswith("zh"), wire.name) for wire in wires.shipped_wires() for language, pattern in wire.patterns()]


def _dateline(block: str, draft: Draft) -> bool:
    """Whether *block* opens with a dateline; if so, the draft learns its date, cities and wire."""
    folded = unicodedata.normalize("NFKC", block)
    text = folded if len(folded) == len(block) else block  # full-width digits and brackets, same positions
    for pattern, chinese, wire in [*_wire_patterns(), *((p, c, None) for p, c in GENERAL)]:
        match = pattern.match(text)
        if not match:
            continue
        date = _date(match)
        if date is None and not ("(?P<day>" not in pattern.pattern and wire):  # a form without a date: Business Wire
            continue
        if date and draft.date and draft.date != date:
            draft.warnings.append(f"the dateline says {date}, an earlier line {draft.date}: the dateline's is used")
        draft.date = date or draft.date
        draft.cities = _cities(block[match.start("city"):match.end("city")].strip(" ,，"))
        named = (match.groupdict().get("wire") or "").strip()
        draft.wire = wire if wire and wire != "none" else (named or None)
        draft.chinese = chinese or is_chinese(block)
        draft.lead_text = block[match.end():]
        draft.recognised.append(f"dateline: {block[:match.end()].strip()!r}")
        return True
    return False


def _cities(text: str) -> tuple[str, ...]:
    """``HONG KONG and SINGAPORE`` or ``香港及深圳`` as two cities; ``BROOKLYN, N.Y.`` as one."""
    parts = re.split(r"\s+(?:and|&)\s+|\s*/\s*|(?<=[^\x00-\x7f])[及和與与](?=[^\x00-\x7f])", text)
    return tuple(p.strip() for p in parts if p.strip())


def read_wire(text: str, name: str) -> Draft:
    draft = Draft(source=name)
    text = normalise_spaces(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    if not blocks:
        raise ImportError_("the file holds no text", file=name)
    blocks = _preamble(blocks, draft)
    if not blocks:
        raise ImportError_("no headline found", file=name)
    first = [l for l in blocks[0].strip().split("\n") if not _UNDERLINE.match(l.strip())]
    if len(first) < len(blocks[0].strip().split("\n")):
        draft.recognised.append("dropped: the line of asterisks under the headline")
    draft.headline = first[0].strip()
    odd = re.match(r"^date (\d{4}-\d{2}-\d{2}) (.+)$", draft.headline)
    if odd:  # some archives start "date YYYY-MM-DD <headline>"
        draft.date, draft.headline = dt.date.fromisoformat(odd.group(1)), odd.group(2).strip()
        draft.guesses.append(f"headline and date from the first line: {draft.headline!r}, {draft.date}")
    if len(first) > 1:
        draft.subheadline = lines_to_text("\n".join(first[1:]))
    rest = blocks[1:]
    lead = next((i for i, b in enumerate(rest) if _dateline(b.strip(), draft)), None)
    if lead is None:
        lead = _no_dateline(rest, draft)
    for extra in rest[:lead]:  # between headline and dateline: highlights, a subheadline, a date line, or text to keep
        lines = [l.strip() for l in extra.strip().split("\n")]
        day = date_line(lines[0]) if len(lines) == 1 else None
        if day:
            draft.date = draft.date or day
            draft.recognised.append(f"date line: {lines[0]!r}")
        elif BULLET.match(lines[0]) and not draft.highlights:
            draft.highlights = list(_block(lines, extra, draft, following=True).items)
            draft.recognised.append(f"highlights: {len(draft.highlights)} bullets above the dateline")
        elif draft.subheadline is None and len(lines) == 1:
            draft.subheadline = lines[0]
            draft.guesses.append(f"subheadline: {draft.subheadline!r}")
        else:
            draft.body.append(Paragraph(id="", content=(Span(text=lines_to_text(extra)),)))
            draft.warnings.append(f"text before the dateline kept as a paragraph: {extra[:50]!r}")
    draft.chinese = draft.chinese or is_chinese(draft.headline + "".join(rest[lead:lead + 1]))
    _body(rest[lead:], draft)
    return draft


def _preamble(blocks: list[str], draft: Draft) -> list[str]:
    """Drop FOR IMMEDIATE RELEASE, read embargo and date lines, above the headline."""
    while blocks:
        lines = [l.strip() for l in blocks[0].split("\n") if l.strip()]
        kept = []
        for line in lines:
            day = date_line(line)
            if IMMEDIATE.match(line):
                draft.recognised.append(f"dropped: {line!r}")
            elif EMBARGO.match(line) and not kept:
                draft.embargo_text = line
            elif day and not kept:
                draft.date = day
                draft.recognised.append(f"date line: {line!r}")
            else:
                kept.append(line)
        if kept:
            blocks[0] = "\n".join(kept)
            return blocks
        blocks = blocks[1:]
    return blocks


def _no_dateline(rest: list[str], draft: Draft) -> int:
    """Where the text starts when no dateline opens it: after highlights, a subheadline and date
    lines.  The date then comes from a date line, the Government's closing lines, or --date."""
    lead = 0
    while lead < len(rest) - 1:
        lines = [l.strip() for l in rest[lead].strip().split("\n")]
        if not (BULLET.match(lines[0]) or (len(lines) == 1 and date_line(lines[0])) or
                (lead == 0 and draft.subheadline is None and len(lines) == 1 and heading_like(lines[0]))):
            break
        lead += 1
    draft.lead_text = lines_to_text(rest[lead]) if rest else ""
    draft.guesses.append("no dateline: the text starts at its first paragraph")
    return lead


def _body(blocks: list[str], draft: Draft) -> None:
    mode = "body"
    lead, *rest = blocks or [""]
    if draft.lead_text.strip():
        draft.body.append(Paragraph(id="", content=(Span(text=lines_to_text(draft.lead_text)),)))
    for number, block in enumerate(rest):
        lines = [l.strip() for l in block.strip().split("\n")]
        remaining = _closing(lines, draft)
        if not remaining:
            continue
        lines = remaining
        single = len(lines) == 1
        if single and (END_MARK.match(lines[0]) or WIRE_NOTE.match(lines[0])):
            draft.recognised.append(f"dropped: {lines[0]!r}")
            continue
        joined = lines_to_text(block)
        if len(lines) <= 3 and SOURCE.match(joined):  # a long SOURCE line may be wrapped
            match = SOURCE.match(joined)
            names = [n.strip() for n in re.split(r"[;；]", match["en"] or match["zh"] or match["zh2"]) if n.strip()]
            draft.source_names += names
            draft.recognised.append(f"SOURCE: {'; '.join(names)}")
            mode = "after"
            continue
        if ABOUT.match(lines[0]) and mode in ("body", "about", "contacts") and len(lines[0].split()) <= 12:
            match = ABOUT.match(lines[0])
            draft.abouts.append(About(name=(match["en"] or match["zh"]).strip()))
            draft.recognised.append(f"About section: {lines[0]!r}")
            mode = "about"
            if len(lines) > 1:
                draft.abouts[-1].paragraphs.append(Paragraph(id="", content=(Span(text=lines_to_text("\n".join(lines[1:]))),)))
            continue
        contact_label = CONTACTS.match(lines[0])
        if contact_label and mode in ("body", "about", "contacts", "after"):
            mode = "contacts"
            draft.recognised.append(f"contacts: {lines[0]!r}")
            rest_of_line = (contact_label["rest"] or "").strip()
            read_contacts(([rest_of_line] if rest_of_line else []) + lines[1:], draft)
            continue
        if mode == "contacts" and _contact_like(lines):
            read_contacts(lines, draft)
            continue
        tags = hashtags(" ".join(lines)) if mode in ("body", "contacts") else None
        if tags:
            draft.hashtags += tags
            draft.recognised.append(f"hashtags: {' '.join('#' + t for t in tags)}")
            continue
        if mode == "about":
            draft.abouts[-1].paragraphs.append(Paragraph(id="", content=(Span(text=lines_to_text(block)),)))
            continue
        if mode == "after":
            draft.body.append(Paragraph(id="", content=(Span(text=lines_to_text(block)),)))
            draft.warnings.append(f"text after the SOURCE line kept as a paragraph: {block[:50]!r}")
            continue
        if mode == "contacts":  # text after the contacts that is not a contact: back to the body
            mode = "body"
        draft.body.append(_block(lines, block, draft, following=number + 1 < len(rest)))


def _contact_like(lines: list[str]) -> bool:
    """A block of a person's details: short lines, one with a phone number or an e-mail address."""
    return len(lines) <= 6 and all(len(l) < 80 for l in lines) and any(
        PHONE.match(l) or EMAIL.match(l) or BARE_PHONE.match(l) or BARE_EMAIL.match(l) for l in lines)


def _closing(lines: list[str], draft: Draft) -> list[str]:
    """The Government's closing lines date the release and are not its text: the lines that remain."""
    kept = []
    for line in lines:
        ends, issued = _ENDS.match(line) or _ZH_ENDS_DATE.match(line), _ISSUED.match(line) or _ZH_ISSUED.match(line)
        if ends and _date(ends):
            draft.date = draft.date or _date(ends)
            draft.wire = draft.wire or "hksarg"
            draft.recognised.append(f"closing line: {line!r}")
        elif issued:
            draft.time = dt.time(int(issued["hour"]), int(issued["minute"]))
            draft.wire = draft.wire or "hksarg"
            draft.cities = draft.cities or (("香港",) if "香港" in line else ("Hong Kong",))
            draft.recognised.append(f"closing line: {line!r}")
        else:
            kept.append(line)
    return kept


def _block(lines: list[str], block: str, draft: Draft, *, following: bool):
    if BULLET.match(lines[0]):
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
    raw = block.strip("\n").split("\n")
    rule = next((i for i, line in enumerate(lines[:3]) if i > 0 and _RULE.match(line)), None)
    if rule is not None and len(lines) > rule + 1:
        return _table(raw, rule, draft)
    table = _pipe_table(lines, draft) or _aligned_table(raw, draft)
    if table:
        return table
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


def _table(lines: list[str], rule: int, draft: Draft) -> Table:
    """A table in aligned columns: an optional caption line, the header, a rule of dashes
    whose runs mark the columns (in display width: a Chinese character takes two), the rows."""
    starts = [m.start() + len(lines[rule]) - len(lines[rule].lstrip()) for m in re.finditer(r"-+", lines[rule].strip())]
    caption = lines[0].strip() if rule == 2 else None
    return _columns(lines[rule - 1], lines[rule + 1:], starts, caption, draft)


def _columns(header_line: str, row_lines: list[str], starts: list[int], caption: str | None, draft: Draft) -> Table:
    def cells(line: str) -> tuple:
        out, column, current, edges = [], 0, "", iter(starts[1:] + [10**9])
        edge = next(edges)
        for char in line:
            if column >= edge:
                out.append(current)
                current, edge = "", next(edges)
            current += char
            column += 2 if _wide(char) else 1
        out.append(current)
        out += [""] * (len(starts) - len(out))
        return tuple((Span(text=c.strip()),) if c.strip() else () for c in out[: len(starts)])

    header = cells(header_line)
    rows = tuple(cells(line) for line in row_lines if line.strip())
    align = tuple(alignment(["".join(s.text for s in row[n]) for row in rows]) for n in range(len(starts)))
    draft.recognised.append(f"table: {len(rows)} rows under {' | '.join(''.join(s.text for s in c) for c in header)!r}")
    return Table(id="", caption=caption, header=header, rows=rows, align=align)


def _pipe_table(lines: list[str], draft: Draft) -> Table | None:
    """A Markdown pipe table (with an optional ``Table: caption`` line above it)."""
    caption = lines[0].split(":", 1)[1].strip() if lines[0].startswith("Table:") else None
    body = lines[1:] if caption is not None else lines
    if len(body) < 3 or not body[0].startswith("|") or not _PIPE_RULE.match(body[1]):
        return None
    table = table_from_markdown("\n".join(body))
    if table is None:
        return None
    draft.recognised.append(f"table: {len(table.rows)} rows (a pipe table)")
    from dataclasses import replace

    return replace(table, caption=caption)


def _aligned_table(raw: list[str], draft: Draft) -> Table | None:
    """Columns aligned by runs of spaces: at least three lines, each cut by two or more spaces
    into the same number (two or more) of cells; the first line is the header."""
    lines = [l.strip() for l in raw if l.strip()]
    split = [re.split(r" {2,}", line) for line in lines]
    if len(lines) < 3 or len(split[0]) < 2 or any(len(cells) != len(split[0]) for cells in split):
        return None
    cell = lambda text: (Span(text=text),) if text else ()
    header, rows = tuple(cell(c) for c in split[0]), tuple(tuple(cell(c) for c in cells) for cells in split[1:])
    align = tuple(alignment([cells[n] for cells in split[1:]]) for n in range(len(header)))
    draft.guesses.append(f"table: {len(rows)} rows of columns aligned by spaces, the first line taken as the header")
    return Table(id="", caption=None, header=header, rows=rows, align=align)
