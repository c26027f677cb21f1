#!/usr/bin/env python3
"""Make the Word fixtures for `docgen import` from the plain-text fixtures.

For each release listed in RELEASES below, this reads
tests/fixtures/imports/NN-....txt and writes two .docx files into
tests/fixtures/imports/docx/:

  NN-....python-docx.docx  built with python-docx on its default template, the way
                           a person would style it in Word: Title, Subtitle,
                           List Bullet, Heading 1/2, Quote + Normal attribution,
                           a real table (Table Grid), real hyperlinks whose text is
                           not their address, and Word smart quotes.
  NN-....pandoc.docx       made by `pandoc -f markdown -t docx` from a Markdown
                           rendering of the same release, which is kept in
                           tests/fixtures/imports/docx/md/NN-....md.

The text comes from the .txt fixture, so the two stay in step; each entry in
RELEASES only says which paragraphs are headings, subtitles, links or tables.
Output is byte-for-byte repeatable: core-property dates are fixed, and zip
member timestamps are normalised (pandoc also gets SOURCE_DATE_EPOCH).

    .venv/bin/python tools/make_import_docx.py
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "imports"
OUT = FIXTURES / "docx"
MD_OUT = OUT / "md"
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

PEARL_TABLE = {
    "header": ["(HK$ million, except per share)", "2023", "2022", "Change"],
    "align": ["left", "right", "right", "right"],
    "rows": [
        ["Revenue", "3,862", "3,467", "+11.4%"],
        ["Gross profit", "1,493", "1,381", "+8.1%"],
        ["Profit attributable to shareholders", "641", "604", "+6.1%"],
        ["Basic earnings per share (HK cents)", "29.4", "27.7", "+6.1%"],
        ["Total dividend per share (HK cents)", "16.0", "15.0", "+6.7%"],
    ],
}

# stem: fixture file name without .txt
# title: index of the headline paragraph (paragraphs are blank-line separated)
# subtitle: index of the subheadline paragraph, or None
# h1 / h2: paragraphs (by exact text) styled Heading 1 / Heading 2
# links: (plain text in the .txt, link text, URL) -- the link text is never the URL
# immediate: add a FOR IMMEDIATE RELEASE paragraph before the title (python-docx
#            version and Markdown) when the .txt does not have one
# tables: {paragraph index: table}, replacing a column-aligned text table
# drop: paragraph indexes left out of the Word versions
# (rows of asterisks under a title, as on info.gov.hk, are always left out)
# md_headline: how the Markdown writer puts the headline: "heading" (# ...),
#              "bold" (**...** first paragraph) or "plain" (first paragraph)
# created: core properties created/modified
RELEASES = [
    dict(stem="01-prnewswire-en-classic", title=0, subtitle=1,
         h1=["Facility highlights", "About Harbourline Logistics"],
         links=[("our website at www.harbourline.example",
                 "our website", "https://www.harbourline.example/")],
         md_headline="heading", created="2024-02-28T08:00:00"),
    dict(stem="04-prnewswire-en-highlights-table", title=0, subtitle=None, immediate=True,
         h1=["Financial summary", "Outlook", "About Pearl Delta Water Holdings Limited"],
         links=[("our website at www.pearldeltawater.example",
                 "our website", "https://www.pearldeltawater.example/investors")],
         tables="Financial summary", md_headline="heading", created="2024-03-21T12:30:00"),
    dict(stem="05-prnewswire-en-co-issued", title=0, subtitle=1,
         h1=["About Brightwater Health Group", "About Kasumi Robotics Co., Ltd."],
         h2=["Media Contacts:"], links=[], md_headline="heading", created="2024-05-07T09:00:00"),
    dict(stem="06-prnewswire-en-immediate-30", title=1, subtitle=None,
         h1=["About Granite Peak Software Inc."],
         links=[("our website at www.granitepeak.example",
                 "our website", "https://www.granitepeak.example/news")],
         md_headline="heading", created="2024-11-04T06:00:00"),
    dict(stem="07-prnewswire-zh-hant-classic", title=0, subtitle=None,
         h1=["關於嘉澄智能有限公司"],
         links=[("我們的網站 www.jiacheng-smart.example",
                 "我們的網站", "https://www.jiacheng-smart.example/zh-hk/")],
         md_headline="heading", created="2024-02-28T10:00:00"),
    dict(stem="11-businesswire-en-hongkong", title=1, subtitle=2,
         h1=["About Orbis Vantage"], h2=["Contacts"],
         links=[("our website at www.orbisvantage.example",
                 "our website", "https://www.orbisvantage.example/")],
         md_headline="heading", created="2024-03-14T07:00:00"),
    dict(stem="14-mediaoutreach-en-hashtag", title=0, subtitle=None,
         h1=["Evening Programme", "Visitor Information", "About Kestrel Creative Foundation"],
         links=[("on our website at www.harbourlights.example",
                 "on the festival website", "https://www.harbourlights.example/programme")],
         md_headline="heading", created="2024-02-28T11:00:00"),
    dict(stem="19-hksarg-en-gia", title=0, subtitle=None, h1=[], links=[],
         md_headline="plain", created="2025-07-23T18:00:00"),
    dict(stem="22-newsroom-zh-hant-bracketed", title=0, subtitle=None,
         h1=["計劃重點", "關於德泓地產"],
         links=[("我們的網站 www.dewang-prop.example",
                 "我們的網站", "https://www.dewang-prop.example/")],
         md_headline="bold", created="2022-01-12T10:30:00"),
]

BULLET = re.compile(r"^(?:- |• |\u2022)")
ATTRIBUTION = re.compile(r"^(?:-- |——)")
RULE = re.compile(r"^\*{3,}$")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated paragraphs, each a list of lines (leading spaces dropped,
    rows of asterisks left out)."""
    out, cur = [], []
    for line in text.splitlines():
        if line.strip() == "":
            if cur:
                out.append(cur)
                cur = []
        elif not RULE.match(line.strip()):
            cur.append(line.strip(" "))
    if cur:
        out.append(cur)
    return out


def classify(rel: dict, paras: list[list[str]]) -> list[tuple]:
    """Turn the .txt paragraphs into typed blocks."""
    h1, h2 = set(rel.get("h1", [])), set(rel.get("h2", []))
    drop = set(rel.get("drop", []))
    blocks: list[tuple] = []
    if rel.get("immediate"):
        blocks.append(("immediate", "FOR IMMEDIATE RELEASE"))
    table_after = rel.get("tables")
    pending_table = False
    for i, lines in enumerate(paras):
        joined = " ".join(lines)
        if i in drop:
            continue
        if pending_table:
            blocks.append(("table", PEARL_TABLE))
            pending_table = False
            continue
        if i == rel["title"]:
            blocks.append(("title", joined))
        elif i == rel.get("subtitle"):
            blocks.append(("subtitle", joined))
        elif joined == "FOR IMMEDIATE RELEASE":
            blocks.append(("immediate", joined))
        elif joined in h1:
            blocks.append(("h1", joined))
            pending_table = joined == table_after
        elif joined in h2:
            blocks.append(("h2", joined))
        elif all(BULLET.match(line) for line in lines):
            blocks.append(("bullets", [BULLET.sub("", line).strip() for line in lines]))
        elif len(lines) >= 2 and ATTRIBUTION.match(lines[-1]):
            blocks.append(("quote", " ".join(lines[:-1]), lines[-1]))
        elif len(lines) > 1:
            blocks.append(("lines", lines))
        else:
            blocks.append(("para", joined))
    return blocks


def apply_links(text: str, links: list[tuple[str, str, str]]) -> str:
    for plain, label, url in links:
        text = text.replace(plain, f"[{label}]({url})")
    return text


# ---------------------------------------------------------------- Markdown

def md_escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("$", "\\$").replace("*", "\\*")
    text = text.replace("~", "\\~").replace("^", "\\^")
    if text.startswith("#"):
        text = "\\" + text
    return text


def md_inline(text: str, links) -> str:
    out, last = [], 0
    linked = apply_links(text, links)
    for m in LINK.finditer(linked):
        out.append(md_escape(linked[last:m.start()]))
        out.append(f"[{md_escape(m.group(1))}]({m.group(2)})")
        last = m.end()
    out.append(md_escape(linked[last:]))
    return "".join(out)


def to_markdown(rel: dict, blocks: list[tuple]) -> str:
    links = rel.get("links", [])
    parts = []
    for block in blocks:
        kind = block[0]
        if kind == "title":
            style = rel.get("md_headline", "heading")
            if style == "heading":
                parts.append("# " + md_inline(block[1], links))
            elif style == "bold":
                parts.append("**" + md_inline(block[1], links) + "**")
            else:
                parts.append(md_inline(block[1], links))
        elif kind == "subtitle":
            parts.append("*" + md_inline(block[1], links) + "*")
        elif kind == "immediate":
            parts.append(block[1])
        elif kind == "h1":
            parts.append("## " + md_inline(block[1], links))
        elif kind == "h2":
            parts.append("### " + md_inline(block[1], links))
        elif kind == "bullets":
            parts.append("\n".join("- " + md_inline(item, links) for item in block[1]))
        elif kind == "quote":
            parts.append("> " + md_inline(block[1], links))
            parts.append(md_inline(block[2], links))
        elif kind == "lines":
            parts.append("\\\n".join(md_inline(line, links) for line in block[1]))
        elif kind == "table":
            t = block[1]
            parts.append(md_table(t))
        else:
            parts.append(md_inline(block[1], links))
    return "\n\n".join(parts) + "\n"


def md_table(t: dict) -> str:
    t = {"align": t["align"], "header": [md_escape(c) for c in t["header"]],
         "rows": [[md_escape(c) for c in r] for r in t["rows"]]}
    widths = [max(len(r[c]) for r in [t["header"]] + t["rows"]) for c in range(len(t["header"]))]
    def row(cells):
        return "| " + " | ".join(
            (c.ljust(w) if a == "left" else c.rjust(w)) for c, w, a in zip(cells, widths, t["align"])) + " |"
    rule = "|" + "|".join(("-" * (w + 1) + ":") if a == "right" else ("-" * (w + 2))
                          for w, a in zip(widths, t["align"])) + "|"
    return "\n".join([row(t["header"]), rule] + [row(r) for r in t["rows"]])


# ---------------------------------------------------------------- python-docx

def smart_quotes(text: str) -> str:
    """Straight quotes to Word's curly quotes, as Word's AutoFormat As You Type does."""
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        if ch == '"':
            out.append("\u201c" if prev.isspace() or prev in "([{\u2014\u2013-/" else "\u201d")
        elif ch == "'":
            out.append("\u2018" if (prev.isspace() or prev in "([{\"\u201c") else "\u2019")
        else:
            out.append(ch)
    return "".join(out)


def hyperlink_style(document):
    styles = document.styles
    try:
        return styles["Hyperlink"]
    except KeyError:
        style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        style.font.underline = True
        style.priority = 99
        style.unhide_when_used = True
        return style


def add_hyperlink(paragraph, text: str, url: str) -> None:
    part = paragraph.part
    r_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rstyle = OxmlElement("w:rStyle")
    rstyle.set(qn("w:val"), hyperlink_style(paragraph.part.document).style_id)
    rpr.append(rstyle)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_text(paragraph, text: str, links) -> None:
    linked = apply_links(text, links)
    last = 0
    for m in LINK.finditer(linked):
        if m.start() > last:
            paragraph.add_run(smart_quotes(linked[last:m.start()]))
        add_hyperlink(paragraph, smart_quotes(m.group(1)), m.group(2))
        last = m.end()
    if last < len(linked):
        paragraph.add_run(smart_quotes(linked[last:]))


def to_docx(rel: dict, blocks: list[tuple], path: Path) -> None:
    links = rel.get("links", [])
    document = Document()
    for block in blocks:
        kind = block[0]
        if kind == "title":
            add_text(document.add_paragraph(style="Title"), block[1], links)
        elif kind == "subtitle":
            add_text(document.add_paragraph(style="Subtitle"), block[1], links)
        elif kind == "immediate":
            p = document.add_paragraph()
            p.add_run(block[1]).bold = True
        elif kind == "h1":
            add_text(document.add_paragraph(style="Heading 1"), block[1], links)
        elif kind == "h2":
            add_text(document.add_paragraph(style="Heading 2"), block[1], links)
        elif kind == "bullets":
            for item in block[1]:
                add_text(document.add_paragraph(style="List Bullet"), item, links)
        elif kind == "quote":
            add_text(document.add_paragraph(style="Quote"), block[1], links)
            add_text(document.add_paragraph(), block[2], links)
        elif kind == "lines":
            for line in block[1]:
                add_text(document.add_paragraph(), line, links)
        elif kind == "table":
            t = block[1]
            table = document.add_table(rows=1, cols=len(t["header"]))
            table.style = document.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            for cell, text, align in zip(table.rows[0].cells, t["header"], t["align"]):
                para = cell.paragraphs[0]
                para.add_run(text).bold = True
                if align == "right":
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for row in t["rows"]:
                cells = table.add_row().cells
                for cell, text, align in zip(cells, row, t["align"]):
                    para = cell.paragraphs[0]
                    para.add_run(text)
                    if align == "right":
                        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            add_text(document.add_paragraph(), block[1], links)

    title = next(b[1] for b in blocks if b[0] == "title")
    when = dt.datetime.fromisoformat(rel["created"]).replace(tzinfo=dt.timezone.utc)
    props = document.core_properties
    props.title = title
    props.author = "docgen fixture"
    props.last_modified_by = "docgen fixture"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = "Fictional release written for docgen import tests."
    document.save(path)


# ---------------------------------------------------------------- output

def normalise_zip(path: Path) -> None:
    """Rewrite a .docx with fixed member timestamps so re-runs give identical bytes."""
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info.filename)) for info in src.infolist()]
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    tmp.replace(path)


def run_pandoc(md_path: Path, out_path: Path, created: str) -> None:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.fromisoformat(created)
                                       .replace(tzinfo=dt.timezone.utc).timestamp()))
    subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(out_path), str(md_path)],
                   check=True, env=env)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    MD_OUT.mkdir(parents=True, exist_ok=True)
    for rel in RELEASES:
        txt = FIXTURES / f"{rel['stem']}.txt"
        blocks = classify(rel, paragraphs(txt.read_text(encoding="utf-8")))
        md_path = MD_OUT / f"{rel['stem']}.md"
        md_path.write_text(to_markdown(rel, blocks), encoding="utf-8")
        print(f"wrote {md_path.relative_to(ROOT)}")
        a = OUT / f"{rel['stem']}.python-docx.docx"
        to_docx(rel, blocks, a)
        normalise_zip(a)
        print(f"wrote {a.relative_to(ROOT)}")
        b = OUT / f"{rel['stem']}.pandoc.docx"
        run_pandoc(md_path, b, rel["created"])
        normalise_zip(b)
        print(f"wrote {b.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
