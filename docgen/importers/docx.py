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
from docgen.importers.draft import Draft, ImportError_, contact_person, hashtags
from docgen.model import BulletList, Contact, Heading, Paragraph, Photo, Quote, Span, Table
from docgen.sources.markdown import alignment

_PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def read_docx(path: Path, images: Path) -> Draft:
    try:
        document = docx.Document(str(path))
    except Exception as err:  # noqa: BLE001 - python-docx raises many kinds for a file that is not a DOCX
        raise ImportError_(f"not a Word document python-docx can read: {err}", file=path) from None
    draft = Draft(source=str(path))
    mode, items, pending_picture, pending_caption = "body", [], None, None
    body = document.element.body
    for element in body.iterchildren():
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
        if style in ("List Bullet", "List Paragraph") or element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
            if text:
                items.append(spans)
            continue
        if items:
            draft.body.append(BulletList(id="", items=tuple(items)))
            items = []
        picture = element.find(f".//{_PICTURE}")
        if picture is not None:
            pending_picture = _save_picture(document, element, picture, images, len(draft.photos) + 1, path)
            draft.photos.append(pending_picture)
            if not text:
                continue
        if not text:
            continue
        if style == "Highlight" and not draft.date:
            draft.highlights.append(spans)
        elif style == "Hashtags" or (mode == "body" and draft.date and hashtags(text)):
            draft.hashtags += hashtags(text) or []
        elif style == "Caption" and not pending_picture and draft.date:
            pending_caption = text
        elif style == "Closing":
            draft.guesses.append(f"closing line dropped (the wire prints it): {text!r}")
        elif style in ("Title", "Headline") and not draft.headline:
            draft.headline = text
        elif style in ("Subtitle", "Subheadline") and draft.subheadline is None:
            draft.subheadline = text
        elif style == "Embargo" or (not draft.date and wire.EMBARGO.match(text)):
            draft.embargo_text = text
        elif not draft.headline:
            draft.headline = text
            draft.guesses.append(f"headline: the first paragraph, {text!r}")
        elif not draft.date:
            if wire._dateline(text, draft):
                draft.body.append(Paragraph(id="", content=_after_dateline(spans, len(text) - len(draft.lead_text))))
            elif draft.subheadline is None:
                draft.subheadline = text
                draft.guesses.append(f"subheadline: {text!r}")
            else:
                draft.body.append(Paragraph(id="", content=spans))
        elif style == "Caption" and pending_picture:
            caption = re.sub(r"^(?:Photo|圖片)\s*[:：]\s*", "", text)
            credit = re.search(r"\s*[(（]([^()（）]+)[)）]$", caption)
            pending_picture["caption"] = caption[: credit.start()] if credit else caption
            pending_picture["credit"] = credit.group(1) if credit else None
            draft.body.append(Photo(id="", src=pending_picture["src"], caption=pending_picture["caption"],
                                    alt=pending_picture["alt"] or pending_picture["caption"], credit=pending_picture["credit"]))
            pending_picture = None
        elif style == "Quote":
            draft.body.append(Quote(id="", content=spans))
        elif style == "Quote Attribution" and draft.body and isinstance(draft.body[-1], Quote):
            who = re.split(r"[,，]", wire.ATTRIBUTION.sub("", text), maxsplit=1)
            quote = draft.body[-1]
            draft.body[-1] = Quote(id="", content=quote.content, speaker=who[0].strip() or None,
                                   role=who[1].strip() if len(who) > 1 else None)
        elif style in ("Source Line",) or wire.SOURCE.match(text):
            match = wire.SOURCE.match(text)
            draft.source_name = (match["en"] or match["zh"]).strip() if match else text
            mode = "after"
        elif style == "End Mark" or wire.END_MARK.match(text):
            draft.guesses.append(f"end mark dropped: {text!r}")
        elif wire.ABOUT.match(text) and (style.startswith("Heading") or len(text) < 60) and mode == "body":
            match = wire.ABOUT.match(text)
            draft.about_name = (match["en"] or match["zh"]).strip()
            draft.guesses.append(f"boilerplate starts at {text!r}")
            mode = "about"
        elif style == "Media Contact" or wire.CONTACTS.match(text) or mode == "contacts":
            mode = "contacts"
            if not wire.CONTACTS.match(text):
                _contact_line(text, draft)
        elif style.startswith("Heading"):
            level = 2 if style.strip().endswith(("2", "3", "4")) else 1
            draft.body.append(Heading(id="", level=level, content=spans))
        elif mode == "about":
            draft.about.append(Paragraph(id="", content=spans))
        else:
            if mode == "after":
                draft.warnings.append(f"text after the SOURCE line kept as a paragraph: {text[:50]!r}")
            draft.body.append(Paragraph(id="", content=spans))
    if items:
        draft.body.append(BulletList(id="", items=tuple(items)))
    if pending_picture:
        draft.warnings.append(f"a picture without a caption, saved as {pending_picture['src']}, is not in the release")
    if not draft.date:
        raise ImportError_("no dateline found (e.g. 'HONG KONG, Feb. 28, 2024 /PRNewswire/ -- ')", file=path)
    return draft


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
            text = "".join(t.text or "" for t in run.iter(qn("w:t"))) + "\n" * len(run.findall(qn("w:br")))
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


def _save_picture(document, element, blip, images: Path, number: int, source: Path) -> dict:
    relation = blip.get(qn("r:embed"))
    part = document.part.related_parts[relation]
    images.mkdir(parents=True, exist_ok=True)
    target = images / f"{re.sub(r'[^a-z0-9]+', '-', source.stem.lower()).strip('-')}-{number}{Path(part.partname).suffix}"
    target.write_bytes(part.blob)
    properties = element.find(f".//{_DOC_PR}")
    alt = properties.get("descr") if properties is not None else None
    return {"src": str(target.resolve()), "alt": alt, "caption": None, "credit": None}


def _contact_line(text: str, draft: Draft) -> None:
    phone, email = wire.PHONE.match(text), wire.EMAIL.match(text)
    if phone and draft.contacts:
        draft.contacts[-1] = Contact(**{**draft.contacts[-1].__dict__, "phone": phone.group(1).strip()})
    elif email and draft.contacts:
        draft.contacts[-1] = Contact(**{**draft.contacts[-1].__dict__, "email": email.group(1).strip()})
    else:
        draft.contacts.append(contact_person(text, draft))


def _is_contact_table(table) -> bool:
    """A table of people: its first cell says Name or Contact, or a cell holds an e-mail address."""
    first = "".join(t.text or "" for t in table.iter(qn("w:t"))).strip().lower()
    texts = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in table.iter(qn("w:tc"))]
    return first.startswith(("name", "contact", "姓名")) or any("@" in text for text in texts)


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
    """A table of contacts: a row a person; cells with @ are e-mail, with digits phone."""
    for row in table.iter(qn("w:tr")):
        cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))).strip() for cell in row.iter(qn("w:tc"))]
        cells = [c for c in cells if c]
        if not cells or cells[0].lower() in ("name", "contact", "姓名"):
            continue
        email = next((c for c in cells if "@" in c), None)
        phone = next((c for c in cells if c is not email and sum(ch.isdigit() for ch in c) >= 6), None)
        words = [c for c in cells if c not in (email, phone)]
        draft.contacts.append(Contact(name=words[0] if words else (email or phone), role=", ".join(words[1:]) or None, phone=phone, email=email))
        draft.guesses.append(f"contact from a table row: {cells}")
