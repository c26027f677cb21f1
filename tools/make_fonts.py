#!/usr/bin/env python3
"""Prepare the fonts docgen ships in docgen/fonts/ (run once by a maintainer, never at build time).

ReportLab embeds TrueType outlines only, and no package on PyPI ships a
TrueType Traditional Chinese font with a bold weight.  So this script takes
Noto Sans CJK HK (SIL OFL 1.1) from Debian's fonts-noto-cjk, drops what a
Traditional Chinese release never uses (Hangul, OpenType layout tables that
ReportLab ignores), converts the CFF outlines to TrueType with fontTools
(cu2qu), and writes NotoSansCJKhk-{Regular,Bold}.ttf.  The Latin faces are
Noto Sans (OFL 1.1) from Debian's fonts-noto-core, already TrueType, copied
as they are.

    apt-get install fonts-noto-cjk fonts-noto-core
    python tools/make_fonts.py            # about a minute and 1 GB of memory per CJK weight
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

CJK_SOURCE = Path("/usr/share/fonts/opentype/noto")
LATIN_SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parent.parent / "docgen" / "fonts"
HANGUL = [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7A3), (0xD7B0, 0xD7FF), (0xFFA0, 0xFFDC)]
MAX_ERROR = 1.0  # font units: well below what a reader can see at 1,000 units per em


def hong_kong_face(collection: Path) -> TTFont:
    """The 'Noto Sans CJK HK' face of a collection (it also holds JP, KR, SC, TC and mono faces)."""
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == "Noto Sans CJK HK":
            return font
    raise SystemExit(f"no Noto Sans CJK HK face in {collection}")


def drop_unused(font: TTFont) -> None:
    """Keep every code point but Hangul; drop layout tables (ReportLab does not shape text)."""
    keep = [u for u in font.getBestCmap() if not any(lo <= u <= hi for lo, hi in HANGUL)]
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)


def to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by quadratic TrueType ones (the fontTools otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"], font["glyf"] = newTable("loca"), glyf
    del font["CFF "]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.numGlyphs = len(order)
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    # Format 3 (no glyph names): format 2 cannot name more than 65,535 glyphs and overflows.
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    glyf.compile(font)
    for name in order:  # left side bearings follow the new outlines
        advance, _ = font["hmtx"][name]
        glyph = glyf[name]
        font["hmtx"][name] = (advance, getattr(glyph, "xMin", 0))


def main() -> int:
    TARGET.mkdir(exist_ok=True)
    for weight in ("Regular", "Bold"):
        font = hong_kong_face(CJK_SOURCE / f"NotoSansCJK-{weight}.ttc")
        drop_unused(font)
        to_truetype(font)
        out = TARGET / f"NotoSansCJKhk-{weight}.ttf"
        font.save(str(out))
        print(f"{out.name}: {out.stat().st_size / 1e6:.1f} MB, {len(font.getGlyphOrder())} glyphs")
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        shutil.copyfile(LATIN_SOURCE / f"NotoSans-{style}.ttf", TARGET / f"NotoSans-{style}.ttf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
