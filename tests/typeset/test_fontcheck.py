"""Fonts checked with fontTools before ReportLab sees them (docgen/typeset/fontcheck.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.errors import DocgenError
from docgen.typeset import fontcheck
from tests import badfiles
from tests.conftest import ROOT

FONTS = ROOT / "docgen" / "fonts"


def deep_check(path: Path, script: str) -> None:
    """The full check, even of a shipped font (which ``check`` trusts)."""
    stat = path.stat()
    fontcheck._check_file(str(path), stat.st_size, stat.st_mtime_ns, script, path.name)


def test_the_table_of_shipped_fonts_is_what_the_files_are():
    assert sorted(fontcheck.SHIPPED) == sorted(p.name for p in FONTS.glob("*.ttf")) == fontcheck.shipped_names()
    for name, scripts in fontcheck.SHIPPED.items():
        for script in (fontcheck.LATIN, fontcheck.CJK):
            if script in scripts:
                deep_check(FONTS / name, script)
            else:
                with pytest.raises(DocgenError, match="lacks characters"):
                    deep_check(FONTS / name, script)


def test_a_shipped_font_is_trusted_without_reading_it(monkeypatch):
    monkeypatch.setattr(fontcheck, "_check_file", lambda *a: pytest.fail("read a shipped font"))
    fontcheck.check(FONTS / "NotoSansCJKhk-Regular.ttf", fontcheck.CJK, name="docgen:NotoSansCJKhk-Regular.ttf")
    with pytest.raises(DocgenError, match="docgen:NotoSans-Bold.ttf lacks characters Chinese text needs: 第 頁"):
        fontcheck.check(FONTS / "NotoSans-Bold.ttf", fontcheck.CJK, name="docgen:NotoSans-Bold.ttf")


def test_a_copy_of_a_good_font_passes(tmp_path):
    copy = tmp_path / "Body.ttf"
    shutil.copyfile(FONTS / "NotoSans-Regular.ttf", copy)
    fontcheck.check(copy, fontcheck.LATIN, name="Body.ttf")


@pytest.mark.parametrize("kind, message", [
    ("truncated-font", "font F.ttf is truncated: its 'glyf' table runs past the end of the file"),
    ("font-collection", "font F.ttf is a collection of fonts (.ttc)"),
    ("font-without-digits", "font F.ttf lacks characters Latin text needs: 0 1 2 3 4 5 6 7 8 9"),
    ("font-no-embedding", "font F.ttf may not be embedded in a PDF: its licence forbids embedding or subsetting it (fsType 0x0002)"),
])
def test_broken_fonts_are_refused_in_words(tmp_path, kind, message):
    path = tmp_path / "F.ttf"
    badfiles.make(kind, path)
    with pytest.raises(DocgenError) as caught:
        fontcheck.check(path, fontcheck.LATIN, name="F.ttf")
    assert message in str(caught.value)


@pytest.mark.parametrize("data, message", [
    (b"OTTO" + bytes(60), "has PostScript (CFF) outlines"),
    (b"wOF2" + bytes(60), "is a web font (WOFF)"),
    (b"wOFF" + bytes(60), "is a web font (WOFF)"),
    (b"<html>404</html>", "F.ttf is not a TrueType font file"),
    (b"", "F.ttf is not a TrueType font file"),
    (b"\0\1\0\0" + bytes(8), "has no 'head' table"),
])
def test_what_is_not_a_truetype_font_is_named(tmp_path, data, message):
    path = tmp_path / "F.ttf"
    path.write_bytes(data)
    with pytest.raises(DocgenError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fontcheck.check(path, fontcheck.LATIN, name="F.ttf")


def test_a_huge_file_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "F.ttf"
    shutil.copyfile(FONTS / "NotoSans-Regular.ttf", path)
    monkeypatch.setattr(fontcheck, "MAX_MB", 0)
    with pytest.raises(DocgenError, match="font F.ttf is larger than 0 MB"):
        fontcheck.check(path, fontcheck.LATIN, name="F.ttf")


def test_a_font_without_a_postscript_name_reportlab_can_use_is_refused(tmp_path):
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONTS / "NotoSans-Regular.ttf"))
    for record in font["name"].names:
        if record.nameID == 6:
            record.string = "Noto Sans (Body)"
    path = tmp_path / "F.ttf"
    font.save(str(path))
    with pytest.raises(DocgenError, match="PostScript name a PDF cannot hold"):
        fontcheck.check(path, fontcheck.LATIN, name="F.ttf")


_LATIN = (FONTS / "NotoSans-Regular.ttf").read_bytes()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_LATIN) - 1), st.integers(0, 255)), min_size=1, max_size=8),
       st.one_of(st.none(), st.integers(0, len(_LATIN))))
def test_a_damaged_font_is_refused_or_usable_by_reportlab(tmp_path_factory, changes, cut):
    """Bytes changed anywhere (the table directory, a table) and the file maybe cut: the check
    refuses it in words, or ReportLab can set text in it (or refuses it in words too)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from docgen.typeset import fonts as typeset_fonts

    data = bytearray(_LATIN)
    for at, value in changes:
        data[at] = value
    if cut is not None:
        data = data[:cut]
    path = tmp_path_factory.mktemp("font") / "F.ttf"
    path.write_bytes(bytes(data))
    try:
        fontcheck.check(path, fontcheck.LATIN, name="F.ttf")
    except DocgenError:
        return
    try:
        name = typeset_fonts._register(str(path))
    except DocgenError:
        return
    canvas = Canvas(io.BytesIO())
    canvas.setFont(name, 10)
    canvas.drawString(10, 10, "Hong Kong, Feb. 28, 2024 /PRNewswire/ -- HK$30 million")
    canvas.save()  # subsets and embeds the font
