"""WordprocessingML helpers shared by the DOCX renderer and the review proof
(``docgen.i18n.proof``), which is not a renderer and must not import one:
packaging with fixed zip times, the East Asian font by name, the language of
Latin words inside Chinese text, and the characters XML cannot hold."""
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
