"""The font cache (docgen/typeset/fontcache.py): a face from the cache lays out and subsets
exactly as ReportLab's own parse of the file; a changed file or a damaged entry is parsed
again; a cache that cannot be written costs nothing but time."""
import os
import shutil
import subprocess
import sys
from struct import unpack_from

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from docgen.errors import DocgenError
from docgen.resources import FONTS
from docgen.typeset import fontcache, usercache
from docgen.typeset.fontcheck import SHIPPED
from tests.conftest import ROOT, SEED_SOURCE


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of its own (``XDG_CACHE_HOME``)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "docgen" / "fonts"


def _entries(cache):
    return sorted(cache.glob("*.marshal")) if cache.is_dir() else []


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_a_cached_face_is_the_face_reportlab_parses(name, cache):
    path = str(FONTS / name)
    direct = TTFontFace(path)
    fontcache.load(path)  # parses and writes the entry
    assert len(_entries(cache)) == 1
    cached = fontcache.load(path)  # from the entry
    # Nothing is read from the file to lay out; the maps are made when first asked for.
    assert not {"_ttf_data", "charWidths", "charToGlyph", "glyphPos"} & set(vars(cached))

    # What layout and the font descriptor read: names, numbers, the character map, every width.
    for attribute in (*fontcache._NAMES, *fontcache._SCALARS):
        assert getattr(cached, attribute) == getattr(direct, attribute), attribute
        assert type(getattr(cached, attribute)) is type(getattr(direct, attribute)), attribute
    assert cached.name.ustr == direct.name.ustr
    assert cached.charToGlyph == direct.charToGlyph
    for code in list(direct.charToGlyph) + [0x10FFFF]:
        assert cached.getCharWidth(code) == direct.getCharWidth(code), hex(code)
    assert "_ttf_data" not in vars(cached)
    assert cached.charWidths == direct.charWidths

    # Every glyph's box (FontSet.blanks), read from the glyph headers of ReportLab's parse.
    glyf = direct.get_table_pos("glyf")[0]
    for code, gid in direct.charToGlyph.items():
        start, end = direct.glyphPos[gid], direct.glyphPos[gid + 1]
        expected = None
        if end > start:
            advance = direct.hmetrics[gid][0] if gid < len(direct.hmetrics) else direct.hmetrics[-1][0]
            expected = (*unpack_from(">hhhh", direct._ttf_data, glyf + start + 2), advance)
        assert cached.ink(code) == expected, hex(code)

    # The file, read when a subset is written: the same tables, offsets and metrics, the same subset.
    assert list(cached.glyphPos) == direct.glyphPos and list(cached.hmetrics) == direct.hmetrics and cached.table == direct.table
    codes = [c for c in direct.charToGlyph if c < 0x7F or 0x3000 <= c < 0x3020 or 0x4E00 <= c < 0x4E60][:255]
    assert cached.makeSubset(codes) == direct.makeSubset(codes)
    assert cached.makeSubset(codes[::-1]) == direct.makeSubset(codes[::-1])  # the file mapped again
    assert "_ttf_data" not in vars(cached)  # mapped only while a subset is made
    assert cached._ttf_data == direct._ttf_data  # the whole file, for whatever else of ReportLab's asks for it
    assert cached.makeSubset(codes[:40]) == direct.makeSubset(codes[:40])


def test_a_changed_font_file_is_parsed_again(cache, tmp_path):
    path = tmp_path / "house.ttf"
    shutil.copyfile(FONTS / "NotoSans-Regular.ttf", path)
    assert fontcache.load(str(path)).name == b"NotoSans-Regular"
    (entry,) = _entries(cache)
    made = entry.read_bytes()

    shutil.copyfile(FONTS / "NotoSans-Bold.ttf", path)  # another size and time
    assert fontcache.load(str(path)).name == b"NotoSans-Bold"
    assert _entries(cache) == [entry] and entry.read_bytes() != made  # the entry replaced, not added

    bold = entry.read_bytes()
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # same size, touched
    face = fontcache.load(str(path))
    assert face._version == (stat.st_size, stat.st_mtime_ns + 1_000_000_000)
    key = [fontcache.FORMAT, fontcache.REPORTLAB_VERSION, *face._version]
    assert entry.read_bytes() != bold and usercache.read(fontcache.KIND, str(path), key) is not None


def test_the_entry_of_a_font_no_longer_used_goes_when_another_is_cached(cache, tmp_path):
    """A style's font replaced by a file of another name: its entry is not replaced, so it is
    removed once unused for a month, by the next build that caches a font."""
    old, new = tmp_path / "house-v1.ttf", tmp_path / "house-v2.ttf"
    shutil.copyfile(FONTS / "NotoSans-Regular.ttf", old)
    fontcache.load(str(old))
    (stale,) = _entries(cache)
    old.unlink()
    month_ago = stale.stat().st_mtime - usercache.UNUSED_FOR - 60
    os.utime(stale, (month_ago, month_ago))
    stamp = usercache.directory() / usercache.PRUNED_STAMP  # the cache last pruned a month ago
    os.utime(stamp, (month_ago, month_ago))
    shutil.copyfile(FONTS / "NotoSans-Bold.ttf", new)
    assert fontcache.load(str(new)).name == b"NotoSans-Bold"
    assert _entries(cache) == [usercache.entry(fontcache.KIND, str(new))]


@pytest.mark.parametrize("damage", [b"", b"not marshal", None])
def test_a_damaged_entry_is_made_again(cache, damage):
    path = str(FONTS / "NotoSans-Italic.ttf")
    fontcache.load(path)
    (entry,) = _entries(cache)
    good = entry.read_bytes()
    if damage is None:  # the right key, a record missing its parts
        import marshal

        key, record = marshal.loads(good)
        del record["codes"]
        damage = marshal.dumps([key, record])
    entry.write_bytes(damage)
    assert fontcache.load(path).charToGlyph == TTFontFace(path).charToGlyph
    assert entry.read_bytes() == good


def test_a_font_changed_between_layout_and_subset_is_an_error(cache, tmp_path):
    path = tmp_path / "house.ttf"
    shutil.copyfile(FONTS / "NotoSans-Regular.ttf", path)
    face = fontcache.load(str(path))
    shutil.copyfile(FONTS / "NotoSans-Bold.ttf", path)
    with pytest.raises(DocgenError, match="changed while docgen was using it"):
        face.makeSubset([0x41])


def _build(tmp_path, name, cache_home):
    out = tmp_path / name
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "SOURCE_DATE_EPOCH": "1709107200"}
    docgen = [sys.executable, "-m", "docgen"]
    result = subprocess.run([*docgen, "build", str(SEED_SOURCE), "-l", "zh-Hant-HK", "-f", "pdf", "--out", str(out), "--quiet"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (pdf,) = out.rglob("*.pdf")
    return pdf.read_bytes()


def test_the_pdf_is_the_same_made_with_the_cache_without_it_and_with_no_cache_to_write(tmp_path):
    """A fresh process each: the first parses the fonts and fills the cache, the second reads the
    cache, the third has a cache folder that cannot be made (a file is in its way)."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    filling = _build(tmp_path, "filling", tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "docgen" / "fonts").glob("*.marshal"))) >= 2
    reading = _build(tmp_path, "reading", tmp_path / "cache")
    unwritable = _build(tmp_path, "unwritable", blocked)
    assert filling == reading == unwritable
    assert blocked.read_text() == "a file where the cache folder would go"
