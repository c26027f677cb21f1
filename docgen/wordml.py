"""WordprocessingML helpers shared by the DOCX renderer and the review proof
(``docgen.i18n.proof``), which is not a renderer and must not import one:
packaging with fixed zip times, the East Asian font by name, the language of
Latin words inside Chinese text, the East Asian font hint for punctuation whose
width is ambiguous, and the characters XML cannot hold."""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.errors import DocgenError

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot hold; python-docx would fail with a bare ValueError."""
LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9&'’.\-]*(?: [A-Za-z][A-Za-z0-9&'’.\-]*)*")
"""Latin words (and the spaces between them) inside Chinese text: tagged English run by run."""


def xml_text(text: str, where: str) -> str:
    """*text*, or a DocgenError naming the first character a Word document cannot store."""
    bad = NOT_XML.search(text)
    if bad:
        char = bad.group()
        raise DocgenError("U+{code:04X} {name} cannot be stored in a Word document", field=where,
                          code=ord(char), name=unicodedata.name(char, "control character"))
    return text


def latin_pieces(text: str) -> list[str]:
    """*text* cut so that each run of Latin words is a piece of its own (empty pieces left out)."""
    pieces, last = [], 0
    for match in LATIN_WORDS.finditer(text):
        pieces += [text[last:match.start()], match.group()]
        last = match.end()
    pieces.append(text[last:])
    return [piece for piece in pieces if piece]


_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_WORD = f"[{_LETTER}][{_LETTER}0-9&'’.\\-]*"
LATIN_PHRASE = re.compile(f"{_WORD}(?:[\x20-\x40\x5b-\x60\x7b-\x7e\u00a0\u2013\u2018\u2019]+{_WORD})*(?:[ \u00a0][0-9]+(?:[.,][0-9]+)*)?")
"""A Latin phrase inside Chinese text: Latin words (accented and pinyin letters included), what
stands between them short of a Chinese character (spaces, digits, ASCII punctuation, brackets,
apostrophes, en dashes), and a number after a space (``API 2``), so ``Smart Mobility Technology
(C-V2X) Alliance`` is one phrase."""
_BRACKETS = {"(": ")", "[": "]", "{": "}"}

EAST_ASIAN_DOUBLES = ("……", "——", "⸺", "――")
"""Chinese ellipsis and dashes (省略號, 破折號): East Asian punctuation wherever they stand."""


def ambiguous(char: str) -> bool:
    """Whether Word draws *char* in the Latin (hAnsi) font unless its run says ``w:hint="eastAsia"``:
    punctuation and symbols of ambiguous East Asian width (UAX #11) below the CJK blocks, as
    [MS-OI29500] 2.1.88 classifies them (… — “ ” ‘ ’ · ‧ ※ ° × ℃ → ○ ★ ①), and the two-em dash."""
    code = ord(char)
    if code in (0x2E3A, 0x2E3B):
        return True
    if code < 0xA0 or code >= 0x2F00:
        return False  # ASCII is always the ascii font; the CJK blocks always the East Asian one
    category = unicodedata.category(char)
    return unicodedata.east_asian_width(char) == "A" and (category[0] in "PS" or category == "No")


def _strong(char: str) -> str | None:
    """"cjk" for a wide character (Han, kana, CJK and fullwidth punctuation), "latin" for any other
    that is neither a space nor ambiguous, None for those two."""
    if char.isspace() or ambiguous(char):
        return None
    return "cjk" if unicodedata.east_asian_width(char) in ("W", "F") else "latin"


def _chinese_marks(text: str) -> list[bool | None]:
    """For each character of *text*: True for punctuation of ambiguous width that stands in
    Chinese (a wide character is its nearest neighbour, on either side, past spaces and other
    such marks; or no neighbour at all; or it is part of …… or ——), False for one among Latin
    text only (``2020–2024``, ``25°C``), None for every other character."""
    kinds = [_strong(c) for c in text]
    doubled = [False] * len(text)
    for double in EAST_ASIAN_DOUBLES:
        for match in re.finditer(re.escape(double), text):
            doubled[match.start():match.end()] = [True] * (match.end() - match.start())
    marks: list[bool | None] = []
    for i, char in enumerate(text):
        if not ambiguous(char):
            marks.append(None)
            continue
        before = next((k for k in reversed(kinds[:i]) if k), None)
        after = next((k for k in kinds[i + 1:] if k), None)
        marks.append(doubled[i] or "cjk" in (before, after) or (before, after) == (None, None))
    return marks


def _latin_spans(text: str, phrases: bool = True) -> list[tuple[int, int]]:
    """Where *text*'s Latin phrases are, each with the closing bracket it leaves open, the opening
    one it closes, and the pair of brackets around it (``(C-V2X)``); or, without *phrases*, its
    runs of Latin words as ``latin_pieces`` cuts them."""
    if not phrases:
        return [match.span() for match in LATIN_WORDS.finditer(text)]
    spans: list[tuple[int, int]] = []
    for match in LATIN_PHRASE.finditer(text):
        start, end = match.span()
        for opening, closing in _BRACKETS.items():
            while text.count(opening, start, end) > text.count(closing, start, end) and text[end:end + 1] == closing:
                end += 1
            while text.count(closing, start, end) > text.count(opening, start, end) and text[start - 1:start] == opening:
                start -= 1
            if start and text[start - 1] == opening and text[end:end + 1] == closing:
                start, end = start - 1, end + 1
        spans.append((max(start, spans[-1][1] if spans else 0), end))
    return spans


def script_runs(text: str, *, phrases: bool = True) -> list[tuple[str, str]]:
    """*text* from a Chinese edition cut into Word runs, only where the script changes:
    ``("Smart Mobility Technology (C-V2X) Alliance", "latin")`` is one run (to be tagged with the
    organisation's English), the Chinese around it another, ``"east-asian"`` when it holds
    punctuation of ambiguous width standing in Chinese (to carry ``w:hint="eastAsia"``), else
    ``"chinese"``.  A Chinese stretch is cut again only where it holds both such punctuation and
    some standing among Latin text (``2020–2024``), so that the hint never reaches the latter.
    Without *phrases*, the Latin runs are ``latin_pieces``' word-by-word ones (the cut the HTML
    page and the review proof use).  Pieces are never empty; joined, they are *text*."""
    runs: list[tuple[str, str]] = []
    last = 0
    for start, end in _latin_spans(text, phrases):
        runs += chinese_runs(text[last:start])
        runs.append((text[start:end], "latin"))
        last = end
    runs += chinese_runs(text[last:])
    return runs


def chinese_runs(text: str) -> list[tuple[str, str]]:
    """*text* without Latin words cut into runs: ``"east-asian"`` for one holding punctuation of
    ambiguous width that stands in Chinese, ``"chinese"`` for any other."""
    if not text:
        return []
    runs: list[tuple[str, str]] = []
    piece, hinted = "", None  # hinted: None until the piece holds an ambiguous mark
    for char, mark in zip(text, _chinese_marks(text)):
        if mark is not None and hinted is not None and mark != hinted:
            runs.append((piece, "east-asian" if hinted else "chinese"))
            piece, hinted = "", None
        piece += char
        if mark is not None:
            hinted = mark
    runs.append((piece, "east-asian" if hinted else "chinese"))
    return runs


def hint_east_asian(run) -> None:
    """``w:rFonts w:hint="eastAsia"`` on *run* (after ``w:rStyle``, as the schema orders ``w:rPr``):
    Word then draws its ambiguous punctuation with the East Asian font, as it does for text typed
    with a Chinese input method."""
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:hint"), "eastAsia")


def tag_language(run, val: str, east_asia: str | None = None) -> None:
    """Declare *run*'s language (``w:lang`` last in ``w:rPr``, as the schema orders it)."""
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), val)
    if east_asia:
        lang.set(qn("w:eastAsia"), east_asia)
    run._r.get_or_add_rPr().append(lang)


def east_asian_font(document, name: str) -> None:
    """Name *name* as the East Asian font in the document defaults and in every style that names
    one (a style's font wins over the defaults'), without the theme reference that would win over
    the name."""
    styles = document.styles.element
    styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).get_or_add_rFonts().set(qn("w:eastAsia"), name)
    for fonts in styles.iter(qn("w:rFonts")):
        if fonts.get(qn("w:eastAsia")) is not None or fonts.get(qn("w:eastAsiaTheme")) is not None:
            fonts.set(qn("w:eastAsia"), name)
            fonts.attrib.pop(qn("w:eastAsiaTheme"), None)


class _StampedZip:
    """The physical writer python-docx's PackageWriter drives, with fixed entry times."""

    def __init__(self, when: dt.datetime):
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)
        self.stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)).timetuple()[:6]

    def write(self, pack_uri, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.zip.writestr(info, blob)

    def close(self) -> bytes:
        self.zip.close()
        return self.buffer.getvalue()


def package(document, when: dt.datetime) -> bytes:
    """``Document.save`` with fixed zip entry times, so the same input gives the same bytes.

    python-docx's writer stamps each entry with the clock; this runs the same steps
    (its PackageWriter's, private to it) with a writer that stamps *when*.
    """
    from docx.opc.pkgwriter import PackageWriter

    pkg = document.part.package
    for part in pkg.parts:
        part.before_marshal()
    writer = _StampedZip(when)
    PackageWriter._write_content_types_stream(writer, pkg.parts)
    PackageWriter._write_pkg_rels(writer, pkg.rels)
    PackageWriter._write_parts(writer, pkg.parts)
    return writer.close()
