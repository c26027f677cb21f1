"""Word documents into a draft release: structure from paragraph styles
(docgen's own and Word's usual ones), text from runs with their bold, italic
and hyperlinks, pictures saved beside the source, contact tables read by
their cells.  Paragraphs the styles do not explain go through the same
recognisers as wire copy (dateline, About, contacts, SOURCE, end marks)."""
from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn

from docgen.importers import wire
from docgen.importers.draft import (ABOUT, BARE_EMAIL, BARE_PHONE, CONTACTS, EMAIL, END_MARK, IMMEDIATE, PHONE, SOURCE, WIRE_NOTE, About, Draft,
                                    ImportError_, hashtags, heading_like, normalise_spaces, read_contacts)
from docgen.model import BulletList, Contact, Heading, Paragraph, Photo, Quote, Span, Table
from docgen.sources.markdown import alignment

_PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def read_docx(path: Path) -> Draft:
    try:
        document = docx.Document(str(path))
    except Exception as err:  # noqa: BLE001 - python-docx raises many kinds for a file that is not a DOCX
        raise ImportError_("not a Word document python-docx can read: {reason}", file=path, reason=str(err)) from None
    draft = Draft(source=str(path))
    styles = [p.style.name if p.style is not None else "Normal" for p in document.paragraphs]
    titled = any(name in _TITLE for name in styles)
    # Whether some paragraph opens with a dateline: then the ones above it are headline,
    # subheadline and highlights, however long (a dry run on a throwaway draft).
    has_dateline = any(wire._dateline(normalise_spaces(p.text.strip()), Draft(source="")) for p in document.paragraphs)
    mode, items, pending_picture, pending_caption, lead_found, people = "body", [], None, None, False, []
    for element in document.element.body.iterchildren():
        if items and element.tag == qn("w:tbl"):  # a list ends where a table starts
            draft.body.append(BulletList(id="", items=tuple(items)))
            items = []
        if element.tag == qn("w:tbl"):
            if mode == "contacts" or _is_contact_table(element):
                _contacts_table(element, draft)
            else:
                draft.body.append(_table(element, document, pending_caption, draft))
                pending_caption = None
            continue
        if pending_caption is not None:  # a caption not followed by a table: a paragraph after all
            draft.body.append(Paragraph(id="", content=(Span(text=pending_caption),)))
            pending_caption = None
        if element.tag != qn("w:p"):
            continue
        paragraph = docx.text.paragraph.Paragraph(element, document)
        style = paragraph.style.name if paragraph.style is not None else "Normal"
        spans = _spans(paragraph)
        text = "".join(s.text for s in spans).strip()
        if style in ("List Bullet", "List Paragraph", "Highlight") or element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
            if text and (style == "Highlight" or (draft.headline and not lead_found)):
                draft.highlights.append(spans)
            elif text:
                items.append(spans)
            continue
        if items:
            draft.body.append(BulletList(id="", items=tuple(items)))
            items = []
        picture = element.find(f".//{_PICTURE}")
        if picture is not None:
            pending_picture = _picture(document, element, picture, draft)
            if not text:
                continue
        if not text:
            continue
        if mode == "contacts" and style != "Media Contact" and not _contact_text(text) and not draft_marker(text):
            read_contacts(people, draft)
            people, mode = [], "body"
        if not lead_found and draft.date is None and wire.date_line(text):
            draft.date = wire.date_line(text)
            draft.recognised.append(f"date line: {text!r}")
        elif IMMEDIATE.match(text) or END_MARK.match(text) or WIRE_NOTE.match(text):
            draft.recognised.append(f"dropped: {text!r}")
        elif not wire._closing(text.split("\n"), draft) or style == "Closing":
            continue
        elif style == "Hashtags" or (mode == "body" and lead_found and hashtags(text)):
            draft.hashtags += hashtags(text) or []
        elif style == "Caption" and not pending_picture and lead_found:
            pending_caption = text
        elif style in _TITLE and not draft.headline:
            draft.headline = text
        elif style in ("Subtitle", "Subheadline") and draft.subheadline is None and not lead_found:
            draft.subheadline = text
        elif style == "Embargo" or (not lead_found and wire.EMBARGO.match(text)):
            draft.embargo_text = text
        elif not draft.headline and not titled:
            draft.headline = text
            draft.guesses.append(f"headline: the first paragraph, {text!r}")
        elif not lead_found and draft.headline:
            if wire._dateline(text, draft):
                lead_found = True
                draft.body.append(Paragraph(id="", content=_after_dateline(spans, len(text) - len(draft.lead_text))))
            elif draft.subheadline is None and (heading_like(text) or has_dateline):
                draft.subheadline = text
                draft.guesses.append(f"subheadline: {text!r}")
            elif has_dateline:
                draft.body.append(Paragraph(id="", content=spans))
                draft.warnings.append(f"text before the dateline kept as a paragraph: {text[:50]!r}")
            else:  # no dateline: the text starts here
                lead_found = True
                draft.guesses.append("no dateline: the text starts at its first paragraph")
                draft.body.append(Paragraph(id="", content=spans))
        elif not draft.headline:
            draft.warnings.append(f"text above the headline kept as a paragraph: {text[:50]!r}")
            draft.body.append(Paragraph(id="", content=spans))
        elif style == "Caption" and pending_picture:
            caption = re.sub(r"^(?:Photo|圖片|图片)\s*[:：]\s*", "", text)
            credit = re.search(r"\s*[(（]([^()（）]+)[)）]$", caption)
            pending_picture["caption"] = caption[: credit.start()] if credit else caption
            pending_picture["credit"] = credit.group(1) if credit else None
            draft.body.append(Photo(id="", src=pending_picture["src"], caption=pending_picture["caption"],
                                    alt=pending_picture["alt"] or pending_picture["caption"], credit=pending_picture["credit"]))
            pending_picture = None
        elif style in _QUOTE:
            draft.body.append(Quote(id="", content=spans))
        elif draft.body and isinstance(draft.body[-1], Quote) and draft.body[-1].speaker is None and wire.ATTRIBUTION.match(text) \
                and (style == "Quote Attribution" or len(text) < 160):
            who = re.split(r"[,，]", wire.ATTRIBUTION.sub("", text), maxsplit=1)
            quote = draft.body[-1]
            draft.body[-1] = Quote(id="", content=quote.content, speaker=who[0].strip() or None,
                                   role=who[1].strip() if len(who) > 1 else None)
        elif style == "Source Line" or SOURCE.match(text):
            match = SOURCE.match(text)
            names = re.split(r"[;；]", (match["en"] or match["zh"] or match["zh2"]) if match else text)
            draft.source_names += [n.strip() for n in names if n.strip()]
            draft.recognised.append(f"SOURCE: {text!r}")
            mode = "after"
        elif ABOUT.match(text) and (style.startswith("Heading") or len(text) < 90) and mode in ("body", "about", "contacts"):
            match = ABOUT.match(text)
            draft.abouts.append(About(name=(match["en"] or match["zh"]).strip()))
            draft.recognised.append(f"About section: {text!r}")
            mode = "about"
        elif style == "Media Contact" or CONTACTS.match(text.split("\n")[0]) or mode == "contacts":
            first, *more = text.split("\n")  # a contact block may be one paragraph with line breaks
            label = CONTACTS.match(first)
            if label:
                draft.recognised.append(f"contacts: {first!r}")
            people += ([label["rest"].strip()] if label["rest"] else []) if label else [first]
            people += more
            mode = "contacts"
        elif style.startswith("Heading"):
            level = 2 if style.strip().endswith(("2", "3", "4")) else 1
            draft.body.append(Heading(id="", level=level, content=spans))
        elif mode == "about":
            draft.abouts[-1].paragraphs.append(Paragraph(id="", content=spans))
        else:
            if mode == "after":
                draft.warnings.append(f"text after the SOURCE line kept as a paragraph: {text[:50]!r}")
            draft.body.append(Paragraph(id="", content=spans))
    if items:
        draft.body.append(BulletList(id="", items=tuple(items)))
    read_contacts(people, draft)
    if pending_picture:
        draft.warnings.append("a picture without a caption is not in the release")
        draft.pictures.pop()
    return draft


_TITLE = ("Title", "Headline")
_QUOTE = ("Quote", "Intense Quote", "Block Text")


def _contact_text(text: str) -> bool:
    """Lines that belong in a contact: phone numbers, e-mail addresses, or a few words each."""
    return all(PHONE.match(line) or EMAIL.match(line) or BARE_PHONE.match(line) or BARE_EMAIL.match(line) or
               (len(line) < 70 and len(line.split()) <= 8 and not re.search(r"[。!?！？]$", line)) for line in text.split("\n"))


def draft_marker(text: str) -> bool:
    """Lines that end a contacts section on their own terms (About, SOURCE, end marks)."""
    return bool(ABOUT.match(text) or SOURCE.match(text) or END_MARK.match(text))


def _spans(paragraph) -> tuple[Span, ...]:
    """Runs and hyperlinks as spans: character styles or direct bold/italic, link targets."""
    spans: list[Span] = []
    for child in paragraph._p.iterchildren():
        if child.tag == qn("w:r"):
            runs, link = [child], None
        elif child.tag == qn("w:hyperlink"):
            relation = child.get(qn("r:id"))
            link = paragraph.part.rels[relation].target_ref if relation in paragraph.part.rels else None
            runs = child.findall(qn("w:r"))
        else:
            continue
        for run in runs:
            text = normalise_spaces("".join(t.text or "" for t in run.iter(qn("w:t")))) + "\n" * len(run.findall(qn("w:br")))
            if not text:
                continue
            properties = run.find(qn("w:rPr"))
            style = properties.find(qn("w:rStyle")).get(qn("w:val")) if properties is not None and properties.find(qn("w:rStyle")) is not None else ""
            strong = "Strong" in style or (properties is not None and properties.find(qn("w:b")) is not None and style != "Dateline")
            emphasis = "Emphasis" in style or (properties is not None and properties.find(qn("w:i")) is not None)
            span = Span(text=text, strong=strong, emphasis=emphasis, link=link)
            if spans and (spans[-1].strong, spans[-1].emphasis, spans[-1].link) == (strong, emphasis, link):
                spans[-1] = Span(text=spans[-1].text + text, strong=strong, emphasis=emphasis, link=link)
            else:
                spans.append(span)
    return tuple(spans)


def _after_dateline(spans: tuple[Span, ...], cut: int) -> tuple[Span, ...]:
    """The spans of a first paragraph without its leading dateline (*cut* characters, after stripping)."""
    out, skip = [], cut + (len("".join(s.text for s in spans)) - len("".join(s.text for s in spans).lstrip()))
    for span in spans:
        if skip >= len(span.text):
            skip -= len(span.text)
            continue
        out.append(Span(text=span.text[skip:], strong=span.strong, emphasis=span.emphasis, link=span.link))
        skip = 0
    return tuple(out)


def _picture(document, element, blip, draft: Draft) -> dict | None:
    """A picture's bytes, kept until the release's slug names its file; a picture linked from
    outside the Word file is reported and left out."""
    relation = blip.get(qn("r:embed"))
    rel = document.part.rels.get(relation) if relation else None
    if rel is None or rel.is_external:
        draft.warnings.append("a picture linked from outside the Word file is left out (embed it in Word to import it)")
        return None
    part = rel.target_part
    draft.pictures.append((part.blob, Path(part.partname).suffix.lower()))
    properties = element.find(f".//{_DOC_PR}")
    alt = properties.get("descr") if properties is not None else None
    return {"src": f"picture-{len(draft.pictures)}{Path(part.partname).suffix.lower()}", "alt": alt, "caption": None, "credit": None}


def _cell_lines(cell) -> list[str]:
    """A table cell's text, a line a paragraph or line break."""
    text = "\n".join("".join("\n" if e.tag == qn("w:br") else e.text or "" for e in p.iter(qn("w:t"), qn("w:br")))
                     for p in cell.iter(qn("w:p")))
    return [line.strip() for line in text.split("\n") if line.strip()]


def _contact_header(cells: list[str]) -> bool:
    """A contacts table's header row: it opens with Name (姓名) or a contacts label ("Contact")."""
    label = CONTACTS.match(cells[0]) if cells else None
    return bool(cells) and (cells[0].strip(" :：").lower() in ("name", "姓名") or bool(label and not label["rest"]))


_AN_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _reachable(line: str) -> bool:
    """A line that tells how to reach someone: a phone number or an e-mail address."""
    return bool(PHONE.match(line) or BARE_PHONE.match(line) or _AN_EMAIL.search(line))


def _is_contact_table(table) -> bool:
    """A table of people to reach, as Word releases set their contacts: every row gives a phone
    number or an e-mail address, under a header that opens with Name or Contact (姓名), or,
    without one, an e-mail address in every row.  A table with a Name column and no such details
    (award winners, a panel), or of offices and their phone numbers, is the release's own."""
    rows = [[_cell_lines(cell) for cell in row.iter(qn("w:tc"))] for row in table.iter(qn("w:tr"))]
    rows = [row for row in rows if any(row)]
    reaches = _AN_EMAIL.search
    if rows and _contact_header([" ".join(lines) for lines in rows[0]]):
        rows, reaches = rows[1:], _reachable
    return bool(rows) and all(any(reaches(line) for lines in row for line in lines) for row in rows)


def _table(table, document, caption: str | None, draft: Draft) -> Table:
    """A table of the release: the first row is the header; cells keep their bold, italic and links."""
    rows = []
    for row in table.iter(qn("w:tr")):
        cells = []
        for cell in row.iter(qn("w:tc")):
            spans: list = []
            for p in cell.iter(qn("w:p")):
                spans += _spans(docx.text.paragraph.Paragraph(p, document))
            cells.append(tuple(spans))
        rows.append(tuple(cells))
    width = max(len(r) for r in rows)
    rows = [r + ((),) * (width - len(r)) for r in rows]
    align = tuple(alignment(["".join(s.text for s in r[n]) for r in rows[1:]]) for n in range(width))
    draft.guesses.append(f"table: the first of its {len(rows)} rows is the header")
    return Table(id="", caption=caption, header=rows[0], rows=tuple(rows[1:]) or (((),) * width,), align=align)


def _contacts_table(table, draft: Draft) -> None:
    """A table of contacts: a row a person (cells with @ are e-mail, with digits phone), or, as
    Word releases set agencies side by side, a cell a person with their details on lines of
    their own, read as any contacts' lines are."""
    for row in table.iter(qn("w:tr")):
        lines = [_cell_lines(cell) for cell in row.iter(qn("w:tc"))]
        if any(len(cell) > 1 for cell in lines):
            for cell in lines:
                read_contacts(cell, draft)
            continue
        cells = [cell[0] for cell in lines if cell]
        if not cells or _contact_header(cells):
            continue
        email = next((c for c in cells if "@" in c), None)
        phone = next((c for c in cells if c is not email and sum(ch.isdigit() for ch in c) >= 6), None)
        words = [c for c in cells if c not in (email, phone)]
        draft.contacts.append(Contact(name=words[0] if words else (email or phone), role=", ".join(words[1:]) or None, phone=phone, email=email))
        draft.guesses.append(f"contact from a table row: {cells}")
