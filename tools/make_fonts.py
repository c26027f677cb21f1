#!/usr/bin/env python3
"""Prepare the fonts docgen ships in docgen/fonts/ (run once by a maintainer, never at build time).

ReportLab embeds TrueType outlines only, and no package on PyPI ships a
TrueType Chinese font with a bold weight.  So this script takes Noto Sans CJK
HK and SC (SIL OFL 1.1) from Debian's fonts-noto-cjk, drops what a release
never uses (Hangul, OpenType layout tables that ReportLab ignores), converts
the CFF outlines to TrueType with fontTools (cu2qu), and writes
NotoSansCJK{hk,sc}-{Regular,Bold}.ttf.  The Latin faces are Noto Sans (OFL
1.1) from Debian's fonts-noto-core, already TrueType, copied as they are.

The HK faces keep every character (Big5 and HKSCS included): they are the
style's general ``cjk`` face.  The SC faces draw Simplified Chinese the
Mainland way (骨, 直, the placing of ，。), and are cut to what Simplified text
uses, to keep the wheel small (2.5 MB a weight instead of 10): every character
of GB 2312, every simplified character OpenCC knows (what its
Simplified-to-Traditional conversion changes and what its
Traditional-to-Simplified conversion produces, read through the ``opencc``
package character by character, as it exposes no text dictionaries), CJK
symbols and punctuation, full-width forms, everything below U+3000 the face has
(Latin, Greek, Cyrillic, punctuation), and the Chinese characters a ``cjk``
font must have (docgen.typeset.fontcheck.NEEDS).  A character outside that
subset in a Simplified edition is drawn from the style's general ``cjk`` face
(Hong Kong shapes, every Big5-HKSCS character); only a character neither face
has stops the build with the missing-glyph error (docgen.typeset.fonts).

    apt-get install fonts-noto-cjk fonts-noto-core
    .venv/bin/python tools/make_fonts.py  # about a minute and 1 GB of memory per CJK weight; needs opencc
    .venv/bin/python tools/make_fonts.py sc   # only the SC faces (hk, sc, latin: the faces named)
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
FACES = {"hk": "Noto Sans CJK HK", "sc": "Noto Sans CJK SC"}
"""The faces made, by the region in their file names."""
IDEOGRAPHS = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x323AF)]
"""CJK Unified Ideographs, Extension A, and Extensions B to H: where OpenCC's characters are."""
SYMBOLS = [(0x3000, 0x303F), (0xFF00, 0xFFEF)]
"""CJK symbols and punctuation; half-width and full-width forms."""


def cjk_face(collection: Path, name: str) -> TTFont:
    """The face called *name* ('Noto Sans CJK HK') of a collection (it also holds JP, KR, SC, TC and mono faces)."""
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == name:
            return font
    raise SystemExit(f"no {name} face in {collection}")


def simplified_characters() -> set[int]:
    """The code points Simplified Chinese text uses (see the module's docstring)."""
    import opencc

    from docgen.typeset.fontcheck import CJK, NEEDS

    wanted = set()
    for first in range(0xA1, 0xF8):  # GB 2312 as EUC-CN: rows 0xA1-0xF7, cells 0xA1-0xFE
        for second in range(0xA1, 0xFF):
            try:
                wanted.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    to_traditional, to_simplified = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    for lo, hi in IDEOGRAPHS:
        for code in range(lo, hi + 1):
            char = chr(code)
            if to_traditional.convert(char) != char:
                wanted.add(code)
            converted = to_simplified.convert(char)
            if converted != char:
                wanted.update(map(ord, converted))
    for lo, hi in SYMBOLS:
        wanted.update(range(lo, hi + 1))
    wanted.update(range(0x3000))
    wanted.update(map(ord, NEEDS[CJK]))
    return wanted


def drop_unused(font: TTFont, wanted: set[int] | None = None) -> None:
    """Keep every code point but Hangul (and only the *wanted* ones, when given); drop layout
    tables (ReportLab does not shape text)."""
    keep = [u for u in font.getBestCmap()
            if not any(lo <= u <= hi for lo, hi in HANGUL) and (wanted is None or u in wanted)]
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


def main(argv: list[str]) -> int:
    wanted = argv or [*FACES, "latin"]
    unknown = set(wanted) - {*FACES, "latin"}
    if unknown:
        raise SystemExit(f"unknown faces {sorted(unknown)}: name hk, sc or latin")
    TARGET.mkdir(exist_ok=True)
    subsets = {"hk": None, "sc": simplified_characters() if "sc" in wanted else None}
    for region, name in FACES.items():
        if region not in wanted:
            continue
        for weight in ("Regular", "Bold"):
            font = cjk_face(CJK_SOURCE / f"NotoSansCJK-{weight}.ttc", name)
            drop_unused(font, subsets[region])
            to_truetype(font)
            out = TARGET / f"NotoSansCJK{region}-{weight}.ttf"
            font.save(str(out))
            print(f"{out.name}: {out.stat().st_size / 1e6:.1f} MB, {len(font.getGlyphOrder())} glyphs")
    for style in ("Regular", "Bold", "Italic", "BoldItalic") if "latin" in wanted else ():
        shutil.copyfile(LATIN_SOURCE / f"NotoSans-{style}.ttf", TARGET / f"NotoSans-{style}.ttf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
