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
