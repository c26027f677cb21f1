"""The fonts of an edition's locale in the PDF and DOCX: Simplified Chinese drawn from Noto Sans
CJK SC, with Microsoft YaHei named in the DOCX; Traditional Chinese as before."""
import io
import zipfile
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from docgen.errors import DocgenError
from docgen.i18n import context_for
from docgen.i18n.locales import LocaleInfo
from docgen.model import Paragraph, Span
from docgen.render import docx as docx_render
from docgen.render import pdf as pdf_render
from docgen.sources import read
from docgen.style import Style
from tests import pdfcheck
from tests.conftest import ROOT, SEED_SOURCE

FONTS = ROOT / "docgen" / "fonts"
HK, SC = "NotoSansCJKhk-Regular", "NotoSansCJKsc-Regular"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Built by hand, so that these tests do not wait for zh-Hans-CN's catalogues and wires.
SIMPLIFIED = LocaleInfo(tag="zh-Hans-CN", babel="zh_Hans_CN", fallbacks=("zh_Hans_CN", "zh_Hans"), word_lang="zh-CN")
TRADITIONAL = LocaleInfo(tag="zh-Hant-HK", babel="zh_Hant_HK", fallbacks=("zh_Hant_HK", "zh_Hant"), word_lang="zh-HK")
REGIONAL = "骨直"
"""Characters drawn differently in Hong Kong and on the Mainland."""


def outline(font: TTFont, char: str):
    glyf = font["glyf"]
    return glyf[font.getBestCmap()[ord(char)]].getCoordinates(glyf)[0]


@pytest.fixture(scope="module")
def shipped():
    return {name: TTFont(str(FONTS / f"{name}.ttf")) for name in (HK, SC)}


def release_with(text: str):
    return replace(read(SEED_SOURCE), headline="新闻稿", subheadline=None,
                   body=(Paragraph(id="lead.1", content=(Span(text=text),)),))


def drawn_with(path) -> dict[str, list[tuple[str, object]]]:
    """Each character of the PDF: the fonts drawing it, with the outline each embeds for it."""
    found: dict[str, list[tuple[str, object]]] = {}
    for page in PdfReader(str(path)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                continue
            program = TTFont(io.BytesIO(descriptor.get_object()["/FontFile2"].get_object().get_data()))
            cmap = {}
            for table in program["cmap"].tables:
                cmap.update(table.cmap)
            glyf = program["glyf"]
            name = str(font["/BaseFont"]).split("+", 1)[1]
            for code, char in pdfcheck._to_unicode(font).items():
                glyph = cmap.get(code) or cmap.get(0xF000 + code)
                if glyph is None:  # a code ReportLab maps but never draws (missing_glyphs checks the rest)
                    continue
                found.setdefault(char, []).append((name, glyf[glyph].getCoordinates(glyf)[0]))
    return found


def test_the_shipped_faces_draw_the_regional_characters_differently(shipped):
    for char in REGIONAL:
        assert outline(shipped[HK], char) != outline(shipped[SC], char), char


@pytest.mark.parametrize("info, face", [(SIMPLIFIED, SC), (TRADITIONAL, HK)])
def test_a_regional_character_is_drawn_from_its_locales_face(shipped, tmp_path, info, face):
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf_render.render(release_with(f"人体的{REGIONAL}骼。"), context_for(info), Style()))
    drawn = drawn_with(path)
    for char in REGIONAL:
        assert [name for name, _ in drawn[char]] == [face], (char, drawn[char])
        assert drawn[char][0][1] == outline(shipped[face], char)  # the outline embedded is that face's
    assert pdfcheck.missing_glyphs(path) == {}


def test_a_character_the_simplified_face_lacks_is_drawn_from_the_styles_cjk_face(shipped, tmp_path):
    lacking = "們"  # Traditional: outside the Simplified subset, in the Hong Kong face
    assert ord(lacking) not in shipped[SC].getBestCmap() and ord(lacking) in shipped[HK].getBestCmap()
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf_render.render(release_with(f"我{lacking}的骨"), context_for(SIMPLIFIED), Style()))
    drawn = drawn_with(path)
    assert [name for name, _ in drawn[lacking]] == [HK] and [name for name, _ in drawn["骨"]] == [SC]
    assert pdfcheck.missing_glyphs(path) == {}


def test_a_character_no_face_has_is_still_named(tmp_path):
    with pytest.raises(DocgenError, match=r"U\+1F680 ROCKET"):
        pdf_render.render(release_with("发射🚀"), context_for(SIMPLIFIED), Style())


def styles_xml(data: bytes) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ET.fromstring(archive.read("word/styles.xml"))


def east_asian_fonts(styles: ET.Element) -> set[tuple[str | None, str | None]]:
    return {(f.get(W + "eastAsia"), f.get(W + "eastAsiaTheme")) for f in styles.iter(W + "rFonts")
            if f.get(W + "eastAsia") or f.get(W + "eastAsiaTheme")}


def test_the_simplified_docx_names_microsoft_yahei_wherever_an_east_asian_font_is_set():
    styles = styles_xml(docx_render.render(release_with("人体的骨骼"), context_for(SIMPLIFIED), Style()))
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert default.get(W + "eastAsia") == "Microsoft YaHei" and default.get(W + "eastAsiaTheme") is None
    # Every style's font: a style's name or theme would win over the defaults'.
    assert east_asian_fonts(styles) == {("Microsoft YaHei", None)}
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(W + "eastAsia") == "zh-CN"


def test_the_traditional_docx_keeps_the_reference_documents_fonts():
    reference = styles_xml(docx_render.render(release_with("人體的骨骼"), context_for("en"), Style()))
    styles = styles_xml(docx_render.render(release_with("人體的骨骼"), context_for(TRADITIONAL), Style()))
    assert east_asian_fonts(styles) == east_asian_fonts(reference)
    assert ("Microsoft JhengHei", None) in east_asian_fonts(styles) and ("Microsoft YaHei", None) not in east_asian_fonts(styles)


def test_a_styles_word_font_for_a_locale_reaches_the_docx(tmp_path):
    from docgen.style import load_style

    (tmp_path / "style.yaml").write_text("fonts:\n  locales:\n    zh-Hant:\n      word: PMingLiU\n", "utf-8")
    styles = styles_xml(docx_render.render(release_with("人體"), context_for(TRADITIONAL), load_style(tmp_path)))
    assert east_asian_fonts(styles) == {("PMingLiU", None)}


def test_the_seed_built_in_simplified_chinese_is_drawn_and_named_the_mainland_way(seed_project, tmp_path):
    """Through the CLI, with the seed's Simplified catalogues: the PDF embeds the SC faces only
    (no character of the edition needs the Hong Kong one), the DOCX names Microsoft YaHei."""
    from click.testing import CliRunner

    from docgen.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(seed_project / "source" / "2024-02-28-astri-budget.md"), "-l", "zh-Hans-CN",
                                       "-f", "pdf,docx", "-o", str(out), "--locales", str(seed_project / "locales")])
    assert result.exit_code == 0, result.output
    [pdf], [built] = out.rglob("*.pdf"), out.rglob("*.docx")
    names = {f["name"].split("+", 1)[1] for f in pdfcheck.fonts(pdf)}
    assert {"NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"} <= names and not any("CJKhk" in n for n in names), names
    assert pdfcheck.missing_glyphs(pdf) == {}
    assert east_asian_fonts(styles_xml(built.read_bytes())) == {("Microsoft YaHei", None)}
