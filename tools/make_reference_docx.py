#!/usr/bin/env python3
"""Write templates/default/reference.docx: the DOCX house style, as named styles.

Like pandoc's --reference-doc, the styles of this document are what every DOCX
release uses; restyle releases by editing it in Word (Home > Styles > Modify),
never by changing docgen.  This script made the default one from python-docx's
own template:

    .venv/bin/python tools/make_reference_docx.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "templates" / "default" / "reference.docx"
ACCENT, MUTED, TEXT = RGBColor(0x0B, 0x4F, 0x8A), RGBColor(0x5F, 0x63, 0x68), RGBColor(0x1A, 0x1A, 0x1A)
LATIN = "Arial"                  # on every Windows and Mac
EAST_ASIAN = "Microsoft JhengHei"  # 微軟正黑體: Windows in Hong Kong and Taiwan; Word substitutes PingFang HK on a Mac


def fonts(style, *, size=None, bold=None, italic=None, colour=None) -> None:
    font = style.font
    font.name = LATIN
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attribute), LATIN)
    rfonts.set(qn("w:eastAsia"), EAST_ASIAN)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attribute), None)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if colour is not None:
        font.color.rgb = colour


def paragraph_style(doc, name, base="Normal"):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if style.base_style is None and name != "Normal":
        style.base_style = styles[base]
    style.hidden = False
    style.quick_style = True
    return style


def character_style(doc, name):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.hidden = False
    style.quick_style = True
    return style


def main() -> int:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(20)

    normal = paragraph_style(doc, "Normal")
    fonts(normal, size=10.5, colour=TEXT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.2

    for name, size, extra in (("Title", 20, {}), ("Subtitle", 13, {"italic": True, "colour": MUTED}),
                              ("Heading 1", 13, {}), ("Heading 2", 11, {})):
        style = paragraph_style(doc, name)
        fonts(style, size=size, bold=name != "Subtitle", **({"colour": ACCENT} | extra if name.startswith("Heading") else {"colour": TEXT} | extra))
        style.paragraph_format.space_before = Pt(12 if name.startswith("Heading") else 0)
        style.paragraph_format.space_after = Pt(4 if name.startswith("Heading") else 6)
        style.paragraph_format.keep_with_next = True
        # python-docx's template draws a rule under Title; a release's headline has none.
        for border in style.element.xpath("w:pPr/w:pBdr"):
            border.getparent().remove(border)

    # The headline and subheadline have their own styles, based on Title and Subtitle: pandoc
    # (and tools built on it) take a "Title" paragraph for metadata and drop it from the text.
    for name, base in (("Headline", "Title"), ("Subheadline", "Subtitle")):
        derived = paragraph_style(doc, name, base=base)
        derived.base_style = doc.styles[base]

    quote = paragraph_style(doc, "Quote")
    fonts(quote, italic=True, colour=TEXT)
    quote.paragraph_format.left_indent = Mm(10)
    quote.paragraph_format.space_after = Pt(2)
    attribution = paragraph_style(doc, "Quote Attribution")
    fonts(attribution, colour=MUTED)
    attribution.paragraph_format.left_indent = Mm(10)
    fonts(paragraph_style(doc, "List Bullet"))
    highlight = paragraph_style(doc, "Highlight", base="List Bullet")
    fonts(highlight, bold=True)
    # Tables: cell paragraphs by alignment (numbers right), the header row bold; the table
    # itself takes "Table Grid", Word's ruled table style.
    for name, align in (("Table Text", WD_ALIGN_PARAGRAPH.LEFT), ("Table Text Right", WD_ALIGN_PARAGRAPH.RIGHT),
                        ("Table Text Center", WD_ALIGN_PARAGRAPH.CENTER)):
        for style_name, bold in ((name, False), (name.replace("Text", "Heading"), True)):
            style = paragraph_style(doc, style_name)
            fonts(style, size=9.5, bold=bold)
            style.paragraph_format.alignment = align
            style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(1)
            style.paragraph_format.line_spacing = 1.1
    fonts(paragraph_style(doc, "Hashtags"), colour=ACCENT)
    closing = paragraph_style(doc, "Closing")
    fonts(closing)
    closing.paragraph_format.space_after = Pt(0)
    caption = paragraph_style(doc, "Caption")
    fonts(caption, size=8.5, bold=False, italic=False, colour=MUTED)
    fonts(paragraph_style(doc, "Embargo"), bold=True, colour=ACCENT)
    contact = paragraph_style(doc, "Media Contact")
    contact.paragraph_format.space_after = Pt(0)
    fonts(contact)
    fonts(paragraph_style(doc, "Source Line"))
    end = paragraph_style(doc, "End Mark")
    fonts(end)
    end.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    end.paragraph_format.space_before = Pt(12)
    for name in ("Header", "Footer"):
        fonts(paragraph_style(doc, name), size=8.5, colour=MUTED)
    doc.styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    fonts(character_style(doc, "Dateline"), bold=True)
    fonts(character_style(doc, "Strong"), bold=True)
    fonts(character_style(doc, "Emphasis"), italic=True)
    fonts(character_style(doc, "Strong Emphasis"), bold=True, italic=True)
    link = character_style(doc, "Hyperlink")
    fonts(link, colour=ACCENT)
    link.font.underline = True

    # python-docx's template carries about a hundred table styles a release never uses;
    # every DOCX would load and write them again.
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1" and style.get(qn("w:styleId")) != "TableGrid":
            styles.remove(style)

    doc.core_properties.author = doc.core_properties.last_modified_by = "docgen"
    doc.core_properties.title = "docgen reference document: edit its styles to restyle DOCX releases"
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(TARGET))
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
