"""What layout needs of a TrueType font, kept in the user's cache so that a build does not parse it.

ReportLab's ``TTFont`` parses the whole file when it is made: 85-100 ms for a CJK face, the
largest part of a cold build's time.  Layout needs only the character map, the advance widths,
the glyph boxes (``FontSet.blanks``) and the few numbers of the PDF font descriptor.  These
are taken once from ReportLab's own parse, stored compactly per font file in docgen's cache
(``docgen.typeset.usercache``: ``~/.cache/docgen/fonts``), and read back into a
``CachedFace``: a ReportLab ``TTFontFace`` whose table directory, glyph offsets and
metrics are read from the font file only when a subset of it is written into a PDF, by
ReportLab's own ``makeSubset``, from the file mapped into memory (only the glyphs it takes are
read).  So the PDF is the same, byte for byte, with or without the cache.

An entry is valid for one version of one file (its path, size and modification time) and of
docgen, ReportLab and Python's ``marshal``; another version is parsed again and the entry
rewritten.  The entry of a font file no longer used (moved, renamed, deleted) is removed when
it has not been read for a month (``usercache.UNUSED_FOR``).  A cache that cannot be read or
written is not an error: the font is parsed, as without a cache.
"""
from __future__ import annotations

import mmap
import os
import sys
from array import array
from contextlib import contextmanager
from fnmatch import fnmatch
from struct import unpack_from
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import TypeFace
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, TTFontParser, TTFNameBytes

from docgen.typeset import usercache

FORMAT = 1
"""Bumped when what an entry holds changes."""
KIND = "fonts"
"""The entries' folder in docgen's cache."""

_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
"""The font's names as ReportLab keeps them (``TTFNameBytes``: UTF-8 bytes that know their text)."""
_SCALARS = ("fontRevision", "unitsPerEm", "bbox", "ascent", "descent", "capHeight", "stemV", "italicAngle",
            "underlinePosition", "underlineThickness", "flags", "numGlyphs", "_full_font", "defaultWidth", "subfontNameX")
"""What ReportLab reads of a face besides its maps: names and numbers of the PDF font descriptor."""
_FROM_FILE = frozenset(("_pos", "table", "tables", "glyphPos", "hmetrics", "numTables", "searchRange",
                        "entrySelector", "rangeShift", "version", "validate"))
"""Attributes a face gets from the file itself, read when a subset is first made (``CachedFace._read_tables``)."""


def ttfont(name: str, path: str) -> TTFont:
    """ReportLab's ``TTFont(name, path)``, its face from ``load``."""
    font = TTFont.__new__(TTFont)
    # What TTFont.__init__ sets, but for the face it would parse.
    font.fontName, font.face, font.encoding, font.state = name, load(path), TTEncoding(), WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font


def load(path: str) -> TTFontFace:
    """The ReportLab face of the TrueType file at *path*: from the cache when it holds this
    version of the file, else parsed by ReportLab (``TTFError`` and ``OSError`` as it raises
    them) and cached for the next time."""
    stat = os.stat(path)
    name, version = os.path.abspath(path), (stat.st_size, stat.st_mtime_ns)
    key = [FORMAT, REPORTLAB_VERSION, *version]
    record = usercache.read(KIND, name, key)
    if record is not None:
        try:
            return CachedFace(path, record, version)
        except (KeyError, ValueError, TypeError):  # an entry of the right key but damaged: made again
            pass
    record = _record(TTFontFace(path))
    usercache.write(KIND, name, key, record)
    return CachedFace(path, record, version)


def _record(face: TTFontFace) -> dict:
    """What a ``CachedFace`` needs, taken from ReportLab's parse of the whole file."""
    glyphs = face.numGlyphs
    metrics = face.get_ushort(face.table["hhea"]["offset"] + 34)  # numberOfHMetrics
    advances = array("H", (aw for aw, _lsb in face.hmetrics[:metrics]))
    glyf = face.get_table_pos("glyf")[0]
    boxes, inked = array("h"), bytearray(glyphs)
    for gid in range(glyphs):
        start, end = face.glyphPos[gid], face.glyphPos[gid + 1]
        if end > start:  # a glyph with an outline: its box is the glyph header's xMin yMin xMax yMax
            boxes.extend(unpack_from(">hhhh", face._ttf_data, glyf + start + 2))
            inked[gid] = 1
        else:
            boxes.extend((0, 0, 0, 0))
    record = {
        "names": [_name(getattr(face, n)) for n in _NAMES],
        "scalars": [getattr(face, n) for n in _SCALARS],
        "codes": array("L", face.charToGlyph).tobytes(),
        "glyphs": array("L", face.charToGlyph.values()).tobytes(),
        "advances": advances.tobytes(),
        "boxes": boxes.tobytes(),
        "inked": bytes(inked),
    }
    derived = CachedFace(face.filename, record, None)
    # Widths ReportLab gave otherwise than through the character map (a damaged map's doubles): kept as they are.
    record["widths"] = {code: width for code, width in face.charWidths.items() if derived.getCharWidth(code) != width}
    return record


class CachedFace(TTFontFace):
    """A ReportLab face made from a cache entry: metrics now, the file when a subset is written."""

    def __init__(self, filename: str, record: dict, version: tuple[int, int] | None):
        TypeFace.__init__(self, None)  # what every ReportLab face has
        self.filename = filename
        self._version = version
        """(size, modification time) of the file the entry was made from."""
        for name, (kind, value) in zip(_NAMES, record["names"]):
            setattr(self, name, TTFNameBytes(value, "utf8") if kind == "ttf" else value)
        for name, value in zip(_SCALARS, record["scalars"]):
            setattr(self, name, value)
        self._map = record["codes"], record["glyphs"]
        if len(self._map[0]) != len(self._map[1]) or len(self._map[0]) % array("L").itemsize:
            raise ValueError("a damaged character map")
        self._advances = array("H")
        self._advances.frombytes(record["advances"])
        self._boxes = array("h")
        self._boxes.frombytes(record["boxes"])
        self._inked = record["inked"]
        self._widths = record.get("widths", {})
        upem = self.unitsPerEm
        self._pdfScale = (lambda x: x) if upem == 1000 else (lambda x, m=1000 / upem: x * m)  # as ReportLab scales

    # --- metrics, from the entry ---
    def getCharWidth(self, code: int):
        """ReportLab's width of U+*code* in thousandths of an em (``charWidths``, without making it)."""
        width = self._widths.get(code)
        if width is not None:
            return width
        gid = self.charToGlyph.get(code)
        if gid is None or gid >= self.numGlyphs:
            return self.defaultWidth
        return self._pdfScale(self._advances[min(gid, len(self._advances) - 1)])

    def ink(self, code: int) -> tuple[int, int, int, int, int] | None:
        """(xMin, yMin, xMax, yMax, advance) of U+*code*'s glyph in font units, or None when it has
        no glyph or one without an outline (a space)."""
        gid = self.charToGlyph.get(code)
        if gid is None or gid >= self.numGlyphs or not self._inked[gid]:
            return None
        x_min, y_min, x_max, y_max = self._boxes[4 * gid:4 * gid + 4]
        return x_min, y_min, x_max, y_max, self._advances[min(gid, len(self._advances) - 1)]

    def __getattr__(self, name: str):
        # Called only for attributes not yet set: those read from the file, and the maps ReportLab
        # builds beside charToGlyph, made when something asks for them.
        if name == "_ttf_data":  # the whole file (nothing of docgen's asks for it; ReportLab's shaping would)
            with open(self.filename, "rb") as file:
                self._check(os.fstat(file.fileno()))
                self._ttf_data = file.read()
            return self._ttf_data
        if name in _FROM_FILE:
            if "_ttf_data" in self.__dict__:
                self._read_tables()
            else:
                with self._mapped():
                    self._read_tables()
            return self.__dict__[name]
        if name == "charToGlyph":  # made when first asked: an English PDF never asks a CJK face
            self.charToGlyph = dict(zip(*self._arrays()))
            return self.charToGlyph
        if name == "charWidths":  # what getCharWidth gives, for every character at once (ReportLab's stringWidth reads it)
            codes, glyphs = self._arrays()
            scale, count = self._pdfScale, self.numGlyphs
            per_glyph = list(self._advances) if self.unitsPerEm == 1000 else [scale(a) for a in self._advances]
            per_glyph = (per_glyph + [per_glyph[-1]] * (count - len(per_glyph)))[:count]  # the last advance for the rest
            beyond = max(glyphs, default=-1) >= count  # a damaged map naming glyphs the font lacks: they have no width
            widths = dict(zip(codes, map((per_glyph + [None] * (max(glyphs) + 1 - count) if beyond else per_glyph).__getitem__, glyphs)))
            if beyond:
                widths = {code: width for code, width in widths.items() if width is not None}
            widths.update(self._widths)
            self.charWidths = widths
            return widths
        if name == "glyphToChar":
            self.glyphToChar = {}
            for code, gid in self.charToGlyph.items():
                self.glyphToChar.setdefault(gid, []).append(code)
            return self.glyphToChar
        raise AttributeError(name)

    def _arrays(self) -> tuple[array, array]:
        """The character map as two arrays: characters, and their glyphs."""
        codes, glyphs = array("L"), array("L")
        codes.frombytes(self._map[0])
        glyphs.frombytes(self._map[1])
        return codes, glyphs

    # --- the file, for subsets ---
    def makeSubset(self, subset):
        """ReportLab's subset of the font, made from the file mapped into memory: only the pages of
        the glyphs it takes are read (a subset of a CJK face takes 100 kB of its 10 MB)."""
        if "_ttf_data" in self.__dict__:
            return TTFontFace.makeSubset(self, subset)
        with self._mapped():
            if "glyphPos" not in self.__dict__:
                self._read_tables()
            return TTFontFace.makeSubset(self, subset)

    @contextmanager
    def _mapped(self):
        """The file as ``_ttf_data`` while inside, checked to be the file the entry was made from."""
        with open(self.filename, "rb") as file:
            self._check(os.fstat(file.fileno()))
            try:
                data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # a file that cannot be mapped: read whole
                data = file.read()
        self._ttf_data = data
        try:
            yield
        finally:
            del self._ttf_data
            if isinstance(data, mmap.mmap):
                data.close()

    def _check(self, stat: os.stat_result) -> None:
        if self._version is not None and self._version != (stat.st_size, stat.st_mtime_ns):
            # The widths laid out came from the file as it was: a subset of another would not match them.
            from docgen.errors import DocgenError

            raise DocgenError("font {path} changed while docgen was using it; build again", path=self.filename)

    def _read_tables(self) -> None:
        """Read what ``makeSubset`` needs besides the entry, as ReportLab reads it: the table
        directory, the glyph offsets (``loca``) and the horizontal metrics (``hmtx``), quirks included."""
        TTFontParser.__init__(self, self.filename)  # the table directory (the file is _ttf_data already)
        data, glyphs = self._ttf_data, self.numGlyphs
        long_offsets = self.get_ushort(self.table["head"]["offset"] + 50)
        self.glyphPos = _Offsets(data, self.table["loca"]["offset"], glyphs + 1, long_offsets)
        metrics = self.get_ushort(self.table["hhea"]["offset"] + 34)
        self.hmetrics = _Metrics(data, self.table["hmtx"]["offset"], metrics, glyphs, self._pdfScale)

    def get_table(self, tag: str):
        # makeSubset takes the glyphs it needs from the glyph table: a window on the file, not a copy of it.
        if tag != "glyf":
            return TTFontParser.get_table(self, tag)
        offset, length = self.get_table_pos(tag)
        return _Window(self._ttf_data, offset, length)


def _numbers(data, offset: int, count: int, code: str) -> array:
    """*count* big-endian unsigned numbers (array *code* ``H`` or ``I``) at *offset* of *data*."""
    numbers = array(code)
    numbers.frombytes(data[offset:offset + count * numbers.itemsize])
    if sys.byteorder == "little":
        numbers.byteswap()
    return numbers


class _Offsets:
    """The glyph offsets of the ``loca`` table as ReportLab's ``glyphPos`` list gives them (in bytes),
    read into an array at once rather than into a list of 65,000 numbers."""

    __slots__ = ("_numbers", "_shift")

    def __init__(self, data, offset: int, count: int, long_offsets: bool):
        self._numbers = _numbers(data, offset, count, "I" if long_offsets else "H")
        self._shift = 0 if long_offsets else 1  # short offsets are stored halved

    def __len__(self) -> int:
        return len(self._numbers)

    def __getitem__(self, index: int) -> int:
        return self._numbers[index] << self._shift


class _Metrics:
    """The ``hmtx`` table as ReportLab's ``hmetrics`` list gives it: (advance, left side bearing) per
    glyph, the glyphs past the last full metric with that metric's advance *scaled* to 1000 units
    (a quirk of ReportLab's parse that its subsets keep)."""

    __slots__ = ("_pairs", "_rest", "_count", "_advance")

    def __init__(self, data, offset: int, metrics: int, glyphs: int, scale):
        self._pairs = _numbers(data, offset, 2 * metrics, "H")
        self._rest = _numbers(data, offset + 4 * metrics, max(0, glyphs - metrics), "H")
        self._count, self._advance = metrics, scale(self._pairs[-2])

    def __len__(self) -> int:
        return self._count + len(self._rest)

    def __getitem__(self, index: int) -> tuple:
        if index < 0:
            index += len(self)
        if index < self._count:
            return self._pairs[2 * index], self._pairs[2 * index + 1]
        return self._advance, self._rest[index - self._count]


class _Window:
    """Part of a file's bytes that slices like bytes (the glyph table of ``makeSubset``)."""

    __slots__ = ("_data", "_offset", "_length")

    def __init__(self, data, offset: int, length: int):
        self._data, self._offset, self._length = data, offset, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return bytes(self[key:key + 1])[0] if key >= 0 else self[self._length + key]
        start, stop, step = key.indices(self._length)
        if step != 1:
            raise ValueError("a window on a font file is read in order")
        return self._data[self._offset + start:self._offset + max(start, stop)]


def _name(value) -> list:
    """A name of the face as marshal can store it, with what it was (``TTFNameBytes``, bytes or text)."""
    if isinstance(value, TTFNameBytes):
        return ["ttf", bytes(value)]
    return ["bytes" if isinstance(value, bytes) else "str", value]
