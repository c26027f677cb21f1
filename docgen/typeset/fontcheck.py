"""A house style's font files, checked with fontTools before ReportLab sees them.

ReportLab embeds TrueType outlines only, and its own errors on anything else are
late (at the first PDF), unlocated, and sometimes a bare ``struct.error``.  Here a
file is refused, in words a person can act on, when it is not a font, is a web font,
a collection (.ttc) or PostScript-flavoured (CFF) OpenType, is truncated or damaged,
lacks a table ReportLab reads, forbids embedding, or lacks the characters of the
script the style gives it.  The errors carry no location: ``docgen.style`` adds the
style file, line and field.

docgen's own fonts (``docgen:NAME``) are trusted: they are checked once, by the tests,
and only their scripts are compared here, which costs nothing per build.
"""
from __future__ import annotations

import functools
import io
import logging
import os
from pathlib import Path

from docgen.errors import DocgenError, Message
from docgen.resources import FONTS

LATIN, CJK = "latin", "cjk"
"""The scripts of a style's fonts (as ``docgen.typeset.fonts`` names them)."""

SHIPPED = {
    "NotoSans-Regular.ttf": (LATIN,),
    "NotoSans-Bold.ttf": (LATIN,),
    "NotoSans-Italic.ttf": (LATIN,),
    "NotoSans-BoldItalic.ttf": (LATIN,),
    "NotoSansCJKhk-Regular.ttf": (LATIN, CJK),
    "NotoSansCJKhk-Bold.ttf": (LATIN, CJK),
    "NotoSansCJKsc-Regular.ttf": (LATIN, CJK),
    "NotoSansCJKsc-Bold.ttf": (LATIN, CJK),
}
"""The fonts in ``docgen/fonts/`` and the scripts each covers (tests/typeset/test_fontcheck.py
checks both against the files)."""

NEEDS = {
    LATIN: "".join(chr(c) for c in range(0x21, 0x7F)),
    # docgen's own Chinese words in a PDF (第1頁，共2頁, －完－) and the commonest punctuation:
    # a font without them is not a Chinese font, whatever else it has.
    CJK: "第頁共完－，。、：「」（）",
}
"""Characters a font given to each script must have: all of printable ASCII for Latin."""

MAX_MB = 64
"""Larger font files are refused (docgen's largest, Noto Sans CJK HK, is 10 MB)."""

# ReportLab reads these tables (and OS/2, when there is one).
_TABLES = ("head", "hhea", "maxp", "hmtx", "cmap", "loca", "glyf", "name", "post")
_SCRIPT_WORDS = {LATIN: Message("Latin"), CJK: Message("Chinese")}
_FONTS = FONTS.resolve()


def check(path: Path, script: str, *, name: str) -> None:
    """Refuse the font at *path* for *script* text with a DocgenError (no location);
    *name* is the file as the style wrote it, for the message."""
    path = Path(path)
    if path.parent.resolve() == _FONTS and path.name in SHIPPED:
        if script not in SHIPPED[path.name]:
            raise _lacking(name, script, NEEDS[script])
        return
    stat = path.stat()
    _check_file(str(path), stat.st_size, stat.st_mtime_ns, script, name)


@functools.cache
def _check_file(path: str, size: int, mtime_ns: int, script: str, name: str) -> None:
    """The check of one version of a file (size and time tell versions apart), done once."""
    if size > MAX_MB * 1024 * 1024:
        raise DocgenError("font {path} is larger than {limit} MB", path=name, limit=MAX_MB)
    data = Path(path).read_bytes()
    _check_kind(data[:4], name)
    # fontTools logs its doubts (a huge advance width ...) as warnings: not for docgen's users.
    quiet = logging.getLogger("fontTools")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        _check_font(data, script, name)
    finally:
        quiet.setLevel(level)


def _check_font(data: bytes, script: str, name: str) -> None:
    from fontTools.ttLib import TTFont

    size = len(data)
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
    except Exception as err:  # fontTools raises many kinds on a damaged file; all mean the same here
        raise DocgenError("font {path} is damaged: {reason}", path=name, reason=_reason(err)) from None
    with font:
        tables = font.reader.tables
        for tag, entry in tables.items():
            if entry.offset + entry.length > size:
                raise DocgenError("font {path} is truncated: its {table!r} table runs past the end of the file",
                                  path=name, table=str(tag))
        for tag in _TABLES:
            if tag not in tables:
                raise DocgenError("font {path} has no {table!r} table, which a TrueType font needs", path=name, table=tag)
        try:
            for tag in (*_TABLES, "OS/2"):
                if tag in tables:
                    font[tag]
            cmap = font.getBestCmap()
        except Exception as err:  # as above: a table that does not parse is damage, whatever the exception
            raise DocgenError("font {path} is damaged: {reason}", path=name, reason=_reason(err)) from None
        _check_tables(font, name)
        if not cmap:
            raise DocgenError("font {path} has no Unicode character map", path=name)
        missing = [c for c in NEEDS[script] if ord(c) not in cmap]
        if missing:
            raise _lacking(name, script, "".join(missing))


def _check_kind(magic: bytes, name: str) -> None:
    if magic == b"ttcf":
        raise DocgenError("font {path} is a collection of fonts (.ttc); name one TrueType font (.ttf) instead", path=name)
    if magic == b"OTTO":
        raise DocgenError("font {path} has PostScript (CFF) outlines, which cannot be embedded in a PDF by docgen; "
                          "use a TrueType (.ttf) version of it", path=name)
    if magic in (b"wOFF", b"wOF2"):
        raise DocgenError("font {path} is a web font (WOFF); use a TrueType (.ttf) version of it", path=name)
    if magic not in (b"\0\1\0\0", b"true"):
        raise DocgenError("{path} is not a TrueType font file", path=name)


def _check_tables(font, name: str) -> None:
    """What ReportLab itself refuses, said before it does."""
    if font["head"].glyphDataFormat != 0 or font["hhea"].metricDataFormat != 0 or font["hhea"].numberOfHMetrics == 0:
        raise DocgenError("font {path} is damaged: {reason}", path=name, reason=Message("unknown glyph or metrics format"))
    if "OS/2" in font.reader.tables:
        fs_type = font["OS/2"].fsType
        # Restricted licence (2), or no subsetting / bitmaps only: ReportLab refuses to subset it.
        if (fs_type & 0x000F) == 0x0002 or fs_type & 0x0300:
            raise DocgenError("font {path} may not be embedded in a PDF: its licence forbids embedding or subsetting it (fsType {fs_type:#06x})",
                              path=name, fs_type=fs_type)
    ps_name = _pdf_name(font)
    if not ps_name:
        raise DocgenError("font {path} has no name a PDF can use (a PostScript, full or family name for Windows or Mac)", path=name)
    if any(ord(c) > 126 or c in "[](){}<>/%" for c in ps_name.replace(" ", "-")):
        raise DocgenError("font {path} has a PostScript name a PDF cannot hold: {font_name!r}", path=name, font_name=ps_name)


def _pdf_name(font) -> str | None:
    """The name ReportLab gives the font in a PDF, found as it finds it: the PostScript name,
    else the full name, else the family name, from a Windows Unicode or Mac Roman record."""
    table = font["name"]
    for name_id in (6, 4, 1):
        for platform in ((3, 1, 0x409), (1, 0, 0)):
            record = table.getName(name_id, *platform)
            if record is not None:
                text = record.toUnicode(errors="replace")
                if text:
                    return text
    return None


def _lacking(name: str, script: str, missing: str) -> DocgenError:
    shown = " ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
    # Translators: {script} is "Latin" or "Chinese"; {missing} lists characters.
    return DocgenError("font {path} lacks characters {script} text needs: {missing}",
                       path=name, script=_SCRIPT_WORDS[script], missing=shown)


def _reason(err: Exception) -> str:
    return str(err) or type(err).__name__


def shipped_names() -> list[str]:
    """The names a style may write as ``docgen:NAME``."""
    return sorted(n for n in SHIPPED if os.path.isfile(_FONTS / n))
