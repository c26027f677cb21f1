"""Broken fonts and reference documents for the tests, made at test time from docgen's
own files (nothing binary is kept in the repository, and nothing big: a "zip bomb" is
written when a test needs it).

``make(kind, path)`` writes one; the corpus names them as ``=== make style/X <- kind``.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from tests.conftest import ROOT

FONTS = ROOT / "docgen" / "fonts"
REFERENCE = ROOT / "templates" / "default" / "reference.docx"
LATIN = FONTS / "NotoSans-Regular.ttf"

VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


# --- fonts ---

def truncated_font(path: Path) -> None:
    """The first 40% of Noto Sans: the table directory is whole, the tables are not."""
    data = LATIN.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 5])


def font_collection(path: Path) -> None:
    """Noto Sans Regular and Bold as one .ttc."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.ttCollection import TTCollection

    collection = TTCollection()
    collection.fonts = [TTFont(str(LATIN)), TTFont(str(FONTS / "NotoSans-Bold.ttf"))]
    collection.save(str(path))


def font_without_digits(path: Path) -> None:
    """Noto Sans with printable ASCII but the digits."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(LATIN))
    options = subset.Options()
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for c in range(0x20, 0x7F) if not chr(c).isdigit()])
    subsetter.subset(font)
    font.save(str(path))


def font_no_embedding(path: Path) -> None:
    """Noto Sans whose OS/2 table says its licence restricts embedding (fsType 2)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(LATIN))
    font["OS/2"].fsType = 0x0002
    font.save(str(path))


# --- reference documents ---

def _rewrite(path: Path, change, extra: dict[str, bytes] | None = None) -> None:
    """The default reference document with each part passed through *change(name, data)*."""
    out = io.BytesIO()
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    path.write_bytes(out.getvalue())


def _add_rel(xml: bytes, rel: str) -> bytes:
    return xml.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def _vba(path: Path, main_type: str) -> None:
    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(DOCX_MAIN.encode(), main_type.encode())
            return data.replace(b"</Types>", f'<Default Extension="bin" ContentType="{VBA_CONTENT_TYPE}"/></Types>'.encode())
        if name == "word/_rels/document.xml.rels":
            return _add_rel(data, f'<Relationship Id="rId90" Type="{VBA_REL}" Target="vbaProject.bin"/>')
        return data

    _rewrite(path, change, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504})


def docm_reference(path: Path) -> None:
    """A macro-enabled document (.docm): main part and macro project."""
    _vba(path, MACRO_MAIN)


def docx_with_macros(path: Path) -> None:
    """A plain .docx that nonetheless carries a macro project (vbaProject.bin), related from the document."""
    _vba(path, DOCX_MAIN)


def attached_template(path: Path) -> None:
    """A .docx whose settings attach a template on a web server (Word fetches it on opening)."""
    def change(name: str, data: bytes) -> bytes:
        if name == "word/settings.xml":
            return re.sub(rb"(<w:settings[^>]*>)", rb'\1<w:attachedTemplate r:id="rId1"/>', data, count=1)
        return data

    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{TEMPLATE_REL}" Target="https://templates.example.com/house.dotm" TargetMode="External"/>'
            "</Relationships>")
    _rewrite(path, change, {"word/_rels/settings.xml.rels": rels.encode()})


def inflating_reference(path: Path, megabytes: int = 40) -> None:
    """A .docx with one part that inflates to *megabytes* of zeros (about 40 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with target.open("customXml/item9.xml", "w") as stream:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                stream.write(chunk)
    path.write_bytes(out.getvalue())


def plain_docx(path: Path) -> None:
    """python-docx's own blank document: Word's styles, none of docgen's."""
    import docx

    docx.Document().save(str(path))


def without_styles(path: Path) -> None:
    """The default reference document with every w:style removed (a bare styles part)."""
    def change(name: str, data: bytes) -> bytes:
        if name == "word/styles.xml":
            return re.sub(rb"<w:style [^>]*>.*?</w:style>", b"", data, flags=re.S)
        if name == "word/stylesWithEffects.xml":
            return None
        if name == "word/_rels/document.xml.rels":
            return re.sub(rb'<Relationship [^>]*stylesWithEffects[^>]*/>', b"", data)
        return data

    _rewrite(path, change)


KINDS = {
    "truncated-font": truncated_font,
    "font-collection": font_collection,
    "font-without-digits": font_without_digits,
    "font-no-embedding": font_no_embedding,
    "docm-reference": docm_reference,
    "docx-with-macros": docx_with_macros,
    "attached-template": attached_template,
    "inflating-reference": inflating_reference,
    "plain-docx": plain_docx,
    "reference-without-styles": without_styles,
}


def make(kind: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    KINDS[kind](path)
