"""Chinese typography in the DOCX (issue 18): emphasis dots or bold instead of italics, justified
body text, the East Asian font hint on ambiguous punctuation, and language runs cut only where
the script changes; read back with python-docx and lxml, and through LibreOffice (its ODT and
its PDF), on the seed's zh-Hant-HK edition, the Chinese typesetting fixture and
``tests/fixtures/docx-typography/emphasis.md`` (emphasis, quotes, dashes and ellipses in a
Chinese release)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextLine

from docgen import wordml
from docgen.i18n import context_for, parse_locale
from docgen.i18n.translate import translate
from docgen.render.docx import render
from docgen.sources import read
from docgen.style import Style
from tests import pdfcheck
from tests.conftest import FIXTURES, ROOT, SEED_SOURCE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EMPHASIS = FIXTURES / "docx-typography" / "emphasis.md"
ZH_TYPESETTING = FIXTURES / "project" / "source" / "zh-typesetting.md"
BODY = {"Normal", "Quote", "List Bullet", "Highlight"}


# --- building and reading ---

def build(release, locale: str = "zh-Hant-HK", style: Style | None = None) -> bytes:
    return render(release, context_for(locale, "PRNewswire"), style or Style())


def bold_style() -> Style:
    style = Style()
    return replace(style, typography=replace(style.typography, chinese_emphasis="bold"))


def xml(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def runs(data: bytes) -> list[dict]:
    """Every run of the body (hyperlinks' too), in order: its paragraph's style id, text, character
    style, East Asian hint, language, and the names of its properties in document order."""
    body = xml(data, "word/document.xml")
    found = []
    for paragraph in body.iter(W + "p"):
        pstyle = paragraph.find(f"{W}pPr/{W}pStyle")
        for run in paragraph.iter(W + "r"):
            rpr = run.find(W + "rPr")
            get = lambda tag, attr="val": (rpr.find(W + tag).get(W + attr) if rpr is not None and rpr.find(W + tag) is not None else None)
            found.append({"paragraph": pstyle.get(W + "val") if pstyle is not None else "Normal",
                          "text": "".join(t.text or "" for t in run.iter(W + "t")), "style": get("rStyle"),
                          "hint": get("rFonts", "hint"), "lang": get("lang"),
                          "properties": [etree.QName(c).localname for c in rpr] if rpr is not None else []})
    return found


def style_element(styles, style_id: str):
    return styles.find(f"{W}style[@{W}styleId='{style_id}']")


def alignment(styles, style_id: str) -> str:
    """A paragraph style's alignment as Word resolves it: its own, else its base style's, else the
    document defaults', else left."""
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = style_element(styles, style_id)
        jc = style.find(f"{W}pPr/{W}jc")
        if jc is not None:
            return jc.get(W + "val")
        based = style.find(W + "basedOn")
        style_id = based.get(W + "val") if based is not None else None
    default = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}jc")
    return default.get(W + "val") if default is not None else "left"


@pytest.fixture(scope="module")
def seed_zh():
    release = translate(read(SEED_SOURCE), parse_locale("zh-Hant-HK"), ROOT / "locales").release
    return release, build(release)


@pytest.fixture(scope="module")
def emphasis_release(tmp_path_factory):
    """The fixture release, in a copy of the fixture project (for its organisation)."""
    project = tmp_path_factory.mktemp("project") / "source"
    shutil.copytree(FIXTURES / "project" / "source", project)
    shutil.copyfile(EMPHASIS, project / EMPHASIS.name)
    return read(project / EMPHASIS.name)


@pytest.fixture(scope="module")
def emphasis_docx(emphasis_release):
    return build(emphasis_release)


# --- 1. emphasis: dots or bold, never italic ---

def test_emphasis_in_a_chinese_edition_is_set_with_emphasis_dots(emphasis_docx):
    emphasised = [(r["text"], r["style"]) for r in runs(emphasis_docx) if r["style"] in ("Emphasis", "StrongEmphasis")]
    assert [text for text, _ in emphasised if "全" in text or "公" in text or "每" in text] == ["全新數據平台", "公開", "每一位"]
    assert ("免費", "StrongEmphasis") in emphasised
    assert "".join(text for text, style in emphasised if style == "Emphasis").count("Urban Climate API") == 1
    styles = xml(emphasis_docx, "word/styles.xml")
    for style_id, bold in (("Emphasis", False), ("StrongEmphasis", True)):
        rpr = style_element(styles, style_id).find(W + "rPr")
        assert rpr.find(W + "em").get(W + "val") == "dot"  # 着重號, Word's "Emphasis mark"
        assert (rpr.find(W + "b") is not None) == bold
    # The runs themselves still name the style and nothing else: the house's styles carry the look.
    assert all(set(r["properties"]) <= {"rStyle", "lang", "rFonts"} for r in runs(emphasis_docx))


def test_emphasis_in_a_chinese_edition_can_be_bold(emphasis_release):
    data = build(emphasis_release, style=bold_style())
    styles = xml(data, "word/styles.xml")
    for style_id in ("Emphasis", "StrongEmphasis"):
        rpr = style_element(styles, style_id).find(W + "rPr")
        assert rpr.find(W + "b") is not None and rpr.find(W + "em") is None
    assert style_element(styles, "Emphasis").find(f"{W}rPr/{W}bCs") is not None


@pytest.mark.parametrize("style", [Style(), bold_style()], ids=["dots", "bold"])
def test_nothing_is_italic_in_a_chinese_edition(emphasis_release, seed_zh, style):
    """Chinese has no italic: not the emphasis, not the Quote style (slanted Latin letters and
    digits beside upright Han), not any style of the document."""
    for data in (build(emphasis_release, style=style), build(seed_zh[0], style=style)):
        for part in ("word/styles.xml", "word/document.xml"):
            tree = xml(data, part)
            assert list(tree.iter(W + "i")) == [] and list(tree.iter(W + "iCs")) == [], part


def test_an_english_edition_keeps_its_italics_and_ragged_right_text():
    data = build(read(SEED_SOURCE), "en")
    styles = xml(data, "word/styles.xml")
    assert style_element(styles, "Emphasis").find(f"{W}rPr/{W}i") is not None
    assert style_element(styles, "Quote").find(f"{W}rPr/{W}i") is not None
    assert list(styles.iter(W + "em")) == []
    assert alignment(styles, "Normal") == "left" and alignment(styles, "Heading1") == "left"
    assert [r["hint"] for r in runs(data) if r["hint"]] == []


def test_the_emphasis_style_keeps_the_house_font_and_schema_order(emphasis_docx):
    """w:em goes where CT_RPr puts it (after w:color and w:sz, before w:lang), and the house's
    fonts in the style stay."""
    order = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "u", "em", "lang"]
    styles = xml(emphasis_docx, "word/styles.xml")
    for style_id in ("Emphasis", "StrongEmphasis"):
        rpr = style_element(styles, style_id).find(W + "rPr")
        names = [etree.QName(c).localname for c in rpr]
        assert names == sorted(names, key=order.index), names
        assert rpr.find(W + "rFonts").get(W + "eastAsia") == "Microsoft JhengHei"


# --- 2. justified body text ---

def test_chinese_body_text_is_justified_and_the_rest_left_as_it_was(seed_zh, emphasis_docx):
    for data in (seed_zh[1], emphasis_docx):
        styles = xml(data, "word/styles.xml")
        document = docx.Document(io.BytesIO(data))
        used = {p.style.style_id: p.style.name for p in document.paragraphs}
        assert {"Normal", "Headline", "Heading1"} <= set(used)
        for style_id, name in used.items():
            expected = "both" if name in BODY else {"End Mark": "center"}.get(name, "left")
            assert alignment(styles, style_id) == expected, name
        # In the styles, not on the paragraphs: a paragraph names its style and nothing else.
        assert {etree.QName(c).localname for p in xml(data, "word/document.xml").iter(W + "pPr") for c in p} <= {"pStyle"}
    styles = xml(emphasis_docx, "word/styles.xml")
    for style_id, expected in {"Quote": "both", "ListBullet": "both", "Highlight": "both", "QuoteAttribution": "left", "Caption": "left",
                               "Subheadline": "left", "Heading2": "left", "MediaContact": "left", "SourceLine": "left", "Embargo": "left",
                               "Hashtags": "left", "Closing": "left", "Header": "left", "Footer": "right", "TableText": "left",
                               "TableTextRight": "right", "TableHeadingCenter": "center"}.items():
        assert alignment(styles, style_id) == expected, style_id


def test_an_english_edition_of_the_same_style_is_not_justified(seed_zh):
    en = xml(build(read(SEED_SOURCE), "en"), "word/styles.xml")
    zh = xml(seed_zh[1], "word/styles.xml")
    assert style_element(en, "Normal").find(f"{W}pPr/{W}jc") is None
    assert style_element(zh, "Normal").find(f"{W}pPr/{W}jc").get(W + "val") == "both"


def test_an_alignment_the_house_gives_normal_is_kept(tmp_path, seed_zh):
    house = docx.Document(str(ROOT / "templates" / "default" / "reference.docx"))
    house.styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    house.save(str(tmp_path / "house.docx"))
    data = build(seed_zh[0], style=replace(Style(), reference_docx=str(tmp_path / "house.docx")))
    styles = xml(data, "word/styles.xml")
    assert alignment(styles, "Normal") == "center" and alignment(styles, "Heading1") == "center"


# --- 3. the East Asian font hint ---

@pytest.mark.parametrize(("text", "hinted"), [
    ("他說：“我們……”", ["他說：“我們……”"]),
    ("機構——它", ["機構——它"]),
    ("約翰·史密夫", ["約翰·史密夫"]),
    ("‘開放’二字", ["‘開放’二字"]),
    ("……", ["……"]),  # the Chinese ellipsis, wherever it stands
    ("收錄2020–2024年", []),  # an en dash between digits stays Latin
    ("氣溫為35°C", []),
    ("香港2024年2月28日 /美通社/ — ", []),  # the dateline's dash follows the wire's name: Latin
    ("數據2020–2024年“開放”", ["“開放”"]),  # both in one stretch: cut between them
])
def test_which_punctuation_takes_the_east_asian_hint(text, hinted):
    pieces = wordml.script_runs(text)
    assert [piece for piece, script in pieces if script == "east-asian"] == hinted
    assert "".join(piece for piece, _ in pieces) == text


def test_east_asian_punctuation_carries_the_hint_in_the_docx(emphasis_docx):
    found = runs(emphasis_docx)
    hinted = "".join(r["text"] for r in found if r["hint"] == "eastAsia")
    plain = "".join(r["text"] for r in found if r["hint"] is None)
    for mark in ("……", "——", "“", "”", "‘", "’", "·"):
        assert mark in hinted, mark
    for mark in ("“", "”", "……", "——", "·"):
        assert mark not in plain, mark
    assert "2020–2024" in plain and "35°" in plain and "Harbour City’s" in plain  # among Latin text: no hint
    assert "示例研究院推出“城市氣候”數據平台" in hinted  # the headline
    assert all(r["hint"] in (None, "eastAsia") for r in found)
    # w:rFonts carries the hint alone (no font is named on a run) and sits where CT_RPr puts it.
    body = xml(emphasis_docx, "word/document.xml")
    assert {tuple(sorted(f.attrib)) for f in body.iter(W + "rFonts")} == {(W + "hint",)}
    for r in found:
        names = r["properties"]
        assert names == sorted(names, key=["rStyle", "rFonts", "lang"].index), names


def test_the_chinese_typesetting_fixture_hints_its_ellipsis_and_middle_dot():
    found = runs(build(read(ZH_TYPESETTING)))
    hinted = [r["text"] for r in found if r["hint"] == "eastAsia"]
    assert any("省略號……間隔號·結束" in text for text in hinted), hinted
    assert not any(re.search("[A-Za-z]", text) for text in hinted)  # Latin words are runs of their own


def test_the_seed_needs_no_hint_and_its_dateline_dash_stays_latin(seed_zh):
    found = runs(seed_zh[1])
    assert [r["text"] for r in found if r["hint"]] == []
    assert found[1]["text"].endswith("/美通社/ — ") and found[1]["properties"] == ["rStyle"]


# --- 4. language runs cut where the script changes ---

SEED_SENTENCE = "分別為Microelectronics Technology Consortium、智慧出行車聯網技術聯盟（Smart Mobility Technology (C-V2X) Alliance）及Fintech and ESG Alliance；"


def test_script_runs_cut_only_where_the_script_changes():
    assert wordml.script_runs(SEED_SENTENCE) == [
        ("分別為", "chinese"), ("Microelectronics Technology Consortium", "latin"), ("、智慧出行車聯網技術聯盟（", "chinese"),
        ("Smart Mobility Technology (C-V2X) Alliance", "latin"), ("）及", "chinese"), ("Fintech and ESG Alliance", "latin"), ("；", "chinese")]
    assert wordml.script_runs("聯盟(C-V2X)及Harbour City’s Weather Lab。Urban Climate API 2介面") == [
        ("聯盟", "chinese"), ("(C-V2X)", "latin"), ("及", "chinese"), ("Harbour City’s Weather Lab", "latin"), ("。", "chinese"),
        ("Urban Climate API 2", "latin"), ("介面", "chinese")]
    assert wordml.script_runs("Xiānggǎng香港") == [("Xiānggǎng", "latin"), ("香港", "chinese")]  # pinyin is Latin, never hinted


def test_latin_pieces_still_cuts_word_by_word_for_the_html_page():
    """The HTML page (and the review proof) keep ``latin_pieces``' cut; only the DOCX takes phrases."""
    assert wordml.latin_pieces(SEED_SENTENCE) == [
        "分別為", "Microelectronics Technology Consortium", "、智慧出行車聯網技術聯盟（", "Smart Mobility Technology", " (", "C-V2X",
        ") ", "Alliance", "）及", "Fintech and ESG Alliance", "；"]
    assert [p for p, s in wordml.script_runs(SEED_SENTENCE, phrases=False) if s == "latin"] == [
        p for p in wordml.latin_pieces(SEED_SENTENCE) if wordml.LATIN_WORDS.fullmatch(p)]


@given(st.text(alphabet="ab C-()[] 1,.香港研“”‘’—…·–°、（）\u3000", max_size=30), st.booleans())
def test_script_runs_give_back_the_text(text, phrases):
    pieces = wordml.script_runs(text, phrases=phrases)
    assert "".join(piece for piece, _ in pieces) == text
    for piece, script in pieces:
        assert piece and script in ("latin", "chinese", "east-asian")
        assert (script == "latin") == bool(re.match("[A-Za-z]", piece.lstrip("([{")))
        if script == "east-asian":
            assert any(wordml.ambiguous(c) for c in piece) and not re.search("[A-Za-z]", piece)


def test_a_latin_phrase_is_one_run_tagged_english(seed_zh, emphasis_docx):
    tagged = [r["text"] for r in runs(seed_zh[1]) if r["lang"]]
    assert {"Microelectronics Technology Consortium", "Smart Mobility Technology (C-V2X) Alliance", "Fintech and ESG Alliance"} <= set(tagged)
    texts = [r["text"] for r in runs(seed_zh[1])]
    at = texts.index("Smart Mobility Technology (C-V2X) Alliance")
    assert texts[at - 1].endswith("聯盟（") and texts[at + 1].startswith("）及")
    assert {r["lang"] for r in runs(seed_zh[1]) if r["lang"]} == {"en-GB"}
    tagged = [r["text"] for r in runs(emphasis_docx) if r["lang"]]
    assert {"Urban Climate Data (UCD) Alliance", "Harbour City’s Weather Lab", "Urban Climate API 2"} <= set(tagged)


# --- real clients: LibreOffice ---

def _libreoffice(data: bytes, folder: Path, target: str) -> Path:
    path = folder / "release.docx"
    path.write_bytes(data)
    result = subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", target,
                             "--outdir", str(folder), str(path)], capture_output=True, text=True, timeout=180)
    out = folder / f"release.{target}"
    assert out.exists(), result.stdout + result.stderr
    return out


def _odt_styles(path: Path) -> dict[str, dict[str, str]]:
    """The ODT's named styles: each one's text and paragraph properties (prefix:name -> value)."""
    ns = {"style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0", "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}
    tree = etree.fromstring(zipfile.ZipFile(path).read("styles.xml"))
    styles = {}
    for style in tree.iterfind("office:styles/style:style", ns):
        props = {}
        for child in style:
            props.update({etree.QName(k).localname: v for k, v in child.attrib.items()})
        props["parent"] = style.get(f"{{{ns['style']}}}parent-style-name", "")
        styles[style.get(f"{{{ns['style']}}}name")] = props
    return styles


def test_libreoffice_reads_the_emphasis_marks_the_justification_and_no_italic(emphasis_docx, tmp_path):
    styles = _odt_styles(_libreoffice(emphasis_docx, tmp_path, "odt"))
    assert styles["Emphasis"]["text-emphasize"] == "dot above" and styles["Strong_20_Emphasis"]["text-emphasize"] == "dot above"
    assert styles["Strong_20_Emphasis"]["font-weight"] == "bold"
    assert styles["Standard"]["text-align"] == "justify"  # Word's Normal
    assert styles["Heading_20_1"]["text-align"] == "start" and styles["Headline"]["text-align"] == "start"
    for name in ("Emphasis", "Strong_20_Emphasis", "Quote", "Standard"):
        assert "italic" not in (styles[name].get("font-style"), styles[name].get("font-style-asian")), name


def _chars(pdf: Path) -> list[tuple[str, str]]:
    """The PDF's characters in reading order (pdfminer's text lines, one after another), each with
    its font's name without the subset tag: a phrase split across two lines is still found whole."""
    chars = []

    def walk(item):
        yield item
        for child in (item if hasattr(item, "__iter__") else ()):
            yield from walk(child)

    for page in extract_pages(str(pdf)):
        for line in walk(page):
            if isinstance(line, LTTextLine):
                chars += [(c.get_text(), c.fontname.split("+")[-1]) for c in line if isinstance(c, LTChar)]
    return chars


def _fonts(chars: list[tuple[str, str]], text: str) -> set[str]:
    """The fonts the characters of *text* were drawn with, where it first stands."""
    owner = [n for n, (c, _) in enumerate(chars) for _ in c]  # a glyph may stand for several characters (ﬁ)
    at = "".join(c for c, _ in chars).index(text)
    return {chars[n][1] for n in set(owner[at:at + len(text)])}


@pytest.fixture(scope="module")
def emphasis_pdf(emphasis_docx, tmp_path_factory):
    return _libreoffice(emphasis_docx, tmp_path_factory.mktemp("lo"), "pdf")


def test_libreoffice_sets_chinese_punctuation_in_the_chinese_font(emphasis_pdf):
    """Ellipses, dashes and quotes inside Chinese text come out in the font LibreOffice chose for the
    Han characters (Microsoft JhengHei is not installed: whatever it substituted), and the en dash,
    degree sign and apostrophe among Latin text in the font of the Latin letters.  Fonts are
    compared with each other, never named, so the test holds whichever fonts the machine has."""
    chars = _chars(emphasis_pdf)
    han = _fonts(chars, "數據不應")
    assert len(han) == 1
    for text in ("表示：“數據", "機構——它", "市民……”他", "‘開放’"):
        assert _fonts(chars, text) == han, (text, _fonts(chars, text))
    assert len(_fonts(chars, "推出“城市氣候”數據")) == 1  # the headline, in the bold of the Han font
    latin = _fonts(chars, "Harbour")
    assert len(latin) == 1 and latin.isdisjoint(han)
    for text in ("2020–2024", "35°", "City’s"):
        assert _fonts(chars, text) == latin, (text, _fonts(chars, text))
    assert all(font["embedded"] for font in pdfcheck.fonts(emphasis_pdf))


@pytest.mark.xfail(strict=True, reason="LibreOffice (7.4 here) ignores w:hint: a quote or dash that opens a paragraph, and U+00B7, "
                                        "take the Latin font there; Word reads the hint")
def test_libreoffice_sets_a_paragraph_opening_quote_dash_and_middle_dot_in_the_chinese_font(emphasis_pdf):
    chars = _chars(emphasis_pdf)
    han = _fonts(chars, "數據不應")
    for text in ("“我們", "——陳", "翰·史"):
        assert _fonts(chars, text) == han, (text, _fonts(chars, text))


@pytest.mark.xfail(strict=True, reason="LibreOffice (7.4 here) draws w:em as one dot above each Latin word and none on Han characters; "
                                        "Word draws a dot under each character")
def test_libreoffice_draws_a_dot_under_each_emphasised_han_character(emphasis_pdf):
    """Emphasis marks are drawn, not typed: small filled shapes, one per emphasised character."""
    from pdfminer.layout import LTCurve

    def walk(item):
        yield item
        for child in (item if hasattr(item, "__iter__") else ()):
            yield from walk(child)

    dots = [item for page in extract_pages(str(emphasis_pdf)) for item in walk(page)
            if isinstance(item, LTCurve) and item.width < 4 and item.height < 4]
    assert len(dots) >= len("全新數據平台免費公開每一位")
