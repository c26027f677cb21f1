"""The choice of font for each character (docgen/typeset/fonts.py)."""
import pytest

from docgen.errors import DocgenError
from docgen.style import Style
from docgen.typeset.fonts import CJK, FALLBACK, LATIN, FontSet


def test_a_locales_own_cjk_face_comes_first_then_the_styles_general_one():
    fonts = FontSet.of(Style().fonts.for_locale("zh-Hans-CN"))
    pick = lambda char, bold=False: fonts.pick(char, bold=bold, italic=False, prefer_cjk=True)
    assert "NotoSansCJKsc-Regular" in pick("骨") and "NotoSansCJKsc-Bold" in pick("骨", bold=True)
    assert pick("骨") == fonts.face(CJK) and pick("們") == fonts.face(FALLBACK) and pick("A") == fonts.face(LATIN)
    assert "NotoSansCJKhk-Regular" in pick("們") and "NotoSansCJKhk-Bold" in pick("們", bold=True)
    with pytest.raises(DocgenError, match=r"U\+1F680 ROCKET"):
        pick("🚀")


def test_locales_without_their_own_face_share_one_set_of_fonts():
    fonts = Style().fonts
    assert FontSet.of(fonts.for_locale("en")) is FontSet.of(fonts.for_locale("zh-Hant-HK"))
    assert "NotoSansCJKhk-Regular" in FontSet.of(fonts.for_locale("zh-Hant-HK")).face(CJK)
    assert (FALLBACK, False, False) not in FontSet.of(fonts.for_locale("zh-Hant-HK")).faces


def test_a_width_is_reportlabs_stringwidth_from_its_own_parse_of_the_font():
    """Line breaking measures with the font set's table: the widths of ReportLab's own parse of the
    file (not the cache's), summed and scaled as ReportLab's Python ``stringWidth`` does it."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from docgen.resources import FONTS

    fonts = FontSet.of(Style().fonts.for_locale("zh-Hant-HK"))
    text = "ASTRI’s 2024 budget — 香港應用科技研究院「創新」……\u00a0𨋢 \u2003"
    for script, file in ((LATIN, "NotoSans-Regular.ttf"), (CJK, "NotoSansCJKhk-Regular.ttf")):
        face = TTFontFace(str(FONTS / file))
        for size in (10.5, 19, 7.25):
            expected = 0.001 * size * sum(face.charWidths.get(ord(c), face.defaultWidth) for c in text)
            assert fonts.width(text, fonts.face(script), size) == expected
