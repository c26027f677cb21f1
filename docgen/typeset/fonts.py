"""The fonts of a house style, registered with ReportLab once per process, and
the choice of font for each character: Latin letters and digits in the Latin
face, Chinese in the CJK face (then in the style's general CJK face, when an
edition's locale has its own and it lacks the character), never a character
that no face has."""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

from docgen.errors import DocgenError
from docgen.style import FontFiles, Fonts, font_file

LATIN, CJK = "latin", "cjk"
FALLBACK = "cjk fallback"
"""The style's general CJK face behind a locale's own (``Fonts.fallback``)."""


@functools.cache
def _register(path: str) -> str:
    """Register the TrueType file at *path* (once) and return its ReportLab name.  Its metrics
    come from docgen's font cache (``fontcache``): the file is read when a subset is written."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from docgen.typeset import fontcache, tounicode

    tounicode.install()  # before any subset is written: characters beyond the BMP copy out right
    name = f"F{len(_registered)}-{font_file(path).stem}"
    try:
        pdfmetrics.registerFont(fontcache.ttfont(name, str(font_file(path))))
    except (TTFError, OSError) as err:
        raise DocgenError("cannot use font {font}: {reason} (ReportLab needs TrueType outlines, .ttf)", field="fonts", font=path, reason=str(err)) from None
    _registered.append(name)
    return name


_registered: list[str] = []


@dataclass(frozen=True)
class FontSet:
    """ReportLab font names for one style: ``face(script, bold, italic)``."""

    faces: dict
    coverage: dict
    """font name -> its ReportLab face, whose ``charToGlyph`` says which characters it has."""
    chosen: dict = field(default_factory=dict, compare=False, hash=False)
    """(character, bold, italic, prefer_cjk) -> font name: the choice is made once per character."""
    boxes: dict = field(default_factory=dict, compare=False, hash=False)
    """(font name, character) -> its ink's blanks and extent (``blanks``)."""
    widths: dict = field(default_factory=dict, compare=False, hash=False)
    """font name -> {character: its width in thousandths of an em} (``units``)."""
    settings: dict = field(default_factory=dict, compare=False, hash=False)
    """(bold, italic, prefer_cjk) -> {character: (font, kind, width)}: line breaking's table
    (``docgen.typeset.lines``), so that a character is looked up once, not once per occurrence."""

    @classmethod
    @functools.cache
    def of(cls, fonts: Fonts) -> "FontSet":
        from reportlab.pdfbase import pdfmetrics

        faces, coverage = {}, {}
        for script, files in ((LATIN, fonts.latin), (CJK, fonts.cjk), (FALLBACK, fonts.fallback)):
            if files is None:
                continue
            for bold in (False, True):
                for italic in (False, True):
                    name = _register(_file(files, bold, italic))
                    faces[script, bold, italic] = name
                    coverage[name] = pdfmetrics.getFont(name).face  # its character map is read when first asked
        return cls(faces, coverage)

    def blanks(self, font: str, char: str) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) of *char*'s ink in *font*, in em: the blank beside the ink on
        each side, and its vertical extent from the baseline.  Read from the glyph's box in the
        font ReportLab parsed (the ``glyf`` header), once per character."""
        key = (font, char)
        box = self.boxes.get(key)
        if box is None:
            box = self.boxes[key] = _ink(font, char)
        return box

    def units(self, font: str, char: str):
        """*char*'s advance in *font*, in thousandths of an em, as ReportLab counts it (its
        ``charWidths``, the font's default width for a character it lacks)."""
        widths = self.widths.get(font)
        if widths is None:
            widths = self.widths[font] = {}
        units = widths.get(char)
        if units is None:
            from reportlab.pdfbase import pdfmetrics

            units = widths[char] = pdfmetrics.getFont(font).face.getCharWidth(ord(char))
        return units

    def width(self, text: str, font: str, size: float) -> float:
        """The width of *text* set in *font* at *size*, in points: ReportLab's ``stringWidth``, as
        its Python code computes it (its C accelerator multiplies in another order, which can
        change the last digit, and so a line break)."""
        units = self.units
        return 0.001 * size * sum([units(font, c) for c in text])

    def face(self, script: str, bold: bool = False, italic: bool = False) -> str:
        return self.faces[script, bold, italic]

    def pick(self, char: str, *, bold: bool, italic: bool, prefer_cjk: bool, where: str = "") -> str:
        """The font to set *char* in; a DocgenError names a character no face has."""
        key = (char, bold, italic, prefer_cjk)
        font = self.chosen.get(key)
        if font is None:
            font = self.chosen[key] = self._choose(char, bold, italic, prefer_cjk, where)
        return font

    @staticmethod
    def is_wide(char: str, prefer_cjk: bool) -> bool:
        """Whether *char* is set full-width: East Asian wide, or ambiguous (“ … —) in Chinese text."""
        width = unicodedata.east_asian_width(char)
        return width in ("W", "F") or (width == "A" and prefer_cjk)

    def _choose(self, char: str, bold: bool, italic: bool, prefer_cjk: bool, where: str) -> str:
        order = (CJK, FALLBACK, LATIN) if self.is_wide(char, prefer_cjk) else (LATIN, CJK, FALLBACK)
        for script in order:
            name = self.faces.get((script, bold, italic))
            if name is not None and (ord(char) in self.coverage[name].charToGlyph or char.isspace()):
                return name
        label = unicodedata.name(char, "unnamed character")
        raise DocgenError("U+{code:04X} {name} ({char!r}) is in none of the style's fonts", field=where or None, code=ord(char), name=label, char=char)


def _ink(font: str, char: str) -> tuple[float, float, float, float]:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font).face
    ink = face.ink(ord(char))  # from the glyph's header in the font file, kept in the font cache
    if ink is None:  # no glyph, or one without outline
        return 0.0, 0.0, 0.0, 0.0
    x_min, y_min, x_max, y_max, advance = ink
    em = face.unitsPerEm
    return x_min / em, (advance - x_max) / em, y_min / em, y_max / em


def _file(files: FontFiles, bold: bool, italic: bool) -> str:
    """The file for a weight and slant, falling back to upright where a face has no italic."""
    if bold and italic:
        return files.bold_italic or files.bold
    if italic:
        return files.italic or files.regular
    return files.bold if bold else files.regular
