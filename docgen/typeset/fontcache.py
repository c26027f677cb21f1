"""What layout needs of a TrueType font, kept in the user's cache so that a build does not parse it.

ReportLab's ``TTFont`` parses the whole file when it is made: 85-100 ms for a CJK face, the
largest part of a cold build's time.  Layout needs only the character map, the advance widths,
the glyph boxes (``FontSet.blanks``) and the few numbers of the PDF font descriptor.  These
are taken once from ReportLab's own parse, stored compactly per font file in
``$XDG_CACHE_HOME/docgen/fonts`` (``~/.cache/docgen/fonts``), and read back into a
``CachedFace``: a ReportLab ``TTFontFace`` whose table directory, glyph offsets and
metrics are read from the font file only when a subset of it is written into a PDF, by
ReportLab's own ``makeSubset``.  So the PDF is the same, byte for byte, with or without the cache.

An entry is valid for one version of one file (its path, size and modification time) and of
docgen, ReportLab and Python's ``marshal``; another version is parsed again and the entry
rewritten.  Entries are written whole (a temporary file renamed into place).  A cache that
cannot be read or written is not an error: the font is parsed, as without a cache.
"""
from __future__ import annotations

import marshal
from fnmatch import fnmatch
import os
import sys
import tempfile
from array import array
from hashlib import sha256
from pathlib import Path
from struct import unpack_from
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.pdfmetrics import TypeFace
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, TTFontParser, TTFNameBytes

from docgen import __version__

FORMAT = 1
"""Bumped when what an entry holds changes."""

_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
"""The font's names as ReportLab keeps them (``TTFNameBytes``: UTF-8 bytes that know their text)."""
_SCALARS = ("fontRevision", "unitsPerEm", "bbox", "ascent", "descent", "capHeight", "stemV", "italicAngle",
            "underlinePosition", "underlineThickness", "flags", "numGlyphs", "_full_font", "defaultWidth", "subfontNameX")
"""What ReportLab reads of a face besides its maps: names and numbers of the PDF font descriptor."""
_FROM_FILE = frozenset(("_ttf_data", "_pos", "table", "tables", "glyphPos", "hmetrics", "numTables", "searchRange",
                        "entrySelector", "rangeShift", "version", "validate"))
"""Attributes a face gets from the file itself, read when a subset is made (``CachedFace._load``)."""


def cache_dir() -> Path:
    """Where docgen keeps what it can make again: ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``
    (a relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification asks)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "docgen"


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
    key = [FORMAT, __version__, REPORTLAB_VERSION, marshal.version, list(sys.version_info[:2]),
           os.path.abspath(path), stat.st_size, stat.st_mtime_ns]
    entry, version = _entry_path(key), (stat.st_size, stat.st_mtime_ns)
    record = _read(entry, key)
    if record is not None:
        try:
            return CachedFace(path, record, version)
        except (KeyError, ValueError, TypeError):  # an entry of the right key but damaged: made again
            pass
    record = _record(TTFontFace(path))
    _write(entry, key, record)
    return CachedFace(path, record, version)


def _entry_path(key: list) -> Path:
    # One entry per font file (named after its path): a new version of the file replaces the old entry.
    return cache_dir() / "fonts" / (sha256(key[5].encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".marshal")


def _read(entry: Path, key: list) -> dict | None:
    try:
        stored_key, record = marshal.loads(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # none yet, unreadable, or not an entry: parse again
        return None
    return record if stored_key == key else None


def _write(entry: Path, key: list, record: dict) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps([key, record]))
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a read-only or full disk: fonts are parsed each time, as without a cache


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
        self._loading = False
        for name, (kind, value) in zip(_NAMES, record["names"]):
            setattr(self, name, TTFNameBytes(value, "utf8") if kind == "ttf" else value)
        for name, value in zip(_SCALARS, record["scalars"]):
            setattr(self, name, value)
        codes, glyphs = array("L"), array("L")
        codes.frombytes(record["codes"])
        glyphs.frombytes(record["glyphs"])
        self.charToGlyph = dict(zip(codes, glyphs))
        self._advances = array("H")
        self._advances.frombytes(record["advances"])
        self._boxes = array("h")
        self._boxes.frombytes(record["boxes"])
        self._inked = record["inked"]
        self._widths = record.get("widths", {})
        upem = self.unitsPerEm
        self._pdfScale = (lambda x: x) if upem == 1000 else (lambda x, m=1000 / upem: x * m)  # as ReportLab scales
        self._glyf = None

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
        if name in _FROM_FILE and not self._loading:  # (ReportLab's own reading asks what it has read yet)
            self._load()
            return self.__dict__[name]
        if name == "charWidths":
            widths = {code: self.getCharWidth(code) for code, gid in self.charToGlyph.items() if gid < self.numGlyphs}
            self.charWidths = {**widths, **self._widths}
            return self.charWidths
        if name == "glyphToChar":
            self.glyphToChar = {}
            for code, gid in self.charToGlyph.items():
                self.glyphToChar.setdefault(gid, []).append(code)
            return self.glyphToChar
        raise AttributeError(name)

    # --- the file, for subsets ---
    def _load(self) -> None:
        """Read the file as ReportLab would for ``makeSubset``: its table directory, the glyph
        offsets (``loca``) and the horizontal metrics (``hmtx``) with ReportLab's quirks."""
        self._loading = True
        try:
            TTFontParser.__init__(self, self.filename)  # reads the file and its table directory
        finally:
            self._loading = False
        data = self._ttf_data
        stat = os.stat(self.filename)
        if self._version is not None and self._version != (stat.st_size, stat.st_mtime_ns):
            # The widths laid out came from the file as it was: a subset of another would not match them.
            from docgen.errors import DocgenError

            raise DocgenError("font {path} changed while docgen was using it; build again", path=self.filename)
        glyphs = self.numGlyphs
        long_offsets = self.get_ushort(self.table["head"]["offset"] + 50)
        loca = self.table["loca"]["offset"]
        if long_offsets:
            self.glyphPos = list(unpack_from(f">{glyphs + 1}L", data, loca))
        else:
            self.glyphPos = [n << 1 for n in unpack_from(f">{glyphs + 1}H", data, loca)]
        metrics = self.get_ushort(self.table["hhea"]["offset"] + 34)
        hmtx = self.table["hmtx"]["offset"]
        pairs = unpack_from(f">{2 * metrics}H", data, hmtx)
        self.hmetrics = list(zip(pairs[0::2], pairs[1::2]))
        if glyphs > metrics:
            # ReportLab pairs the glyphs past the last full metric with that metric's advance *scaled* to 1000 units.
            advance = self._pdfScale(pairs[-2])
            self.hmetrics += [(advance, lsb) for lsb in unpack_from(f">{glyphs - metrics}H", data, hmtx + 4 * metrics)]

    def get_table(self, tag: str):
        # makeSubset copies the whole glyph table once per subset (8 MB for a CJK face): once is enough.
        if tag != "glyf":
            return TTFontParser.get_table(self, tag)
        if self._glyf is None:
            self._glyf = TTFontParser.get_table(self, tag)
        return self._glyf


def _name(value) -> list:
    """A name of the face as marshal can store it, with what it was (``TTFNameBytes``, bytes or text)."""
    if isinstance(value, TTFNameBytes):
        return ["ttf", bytes(value)]
    return ["bytes" if isinstance(value, bytes) else "str", value]
