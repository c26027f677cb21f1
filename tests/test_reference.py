"""The reference document checked and made safe before the DOCX renderer sees it (docgen/reference.py)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from docgen import reference
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.style import load_style
from tests import badfiles
from tests.conftest import ALL_BLOCKS, ROOT

DEFAULT = ROOT / "templates" / "default" / "reference.docx"


def made(tmp_path: Path, kind: str, name: str = "reference.docx") -> Path:
    path = tmp_path / name
    badfiles.make(kind, path)
    return path


def refused(path: Path) -> str:
    with pytest.raises(DocgenError) as caught:
        reference.check(path, name=path.name)
    return str(caught.value)


def built_docx(tmp_path: Path, reference_file: Path, source: Path = ALL_BLOCKS, locale: str = "en") -> bytes:
    """A release built with *reference_file* as the style's reference document."""
    house = tmp_path / "house"
    house.mkdir(exist_ok=True)
    shutil.copyfile(reference_file, house / "reference.docx")
    (house / "style.yaml").write_text("reference_docx: reference.docx\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "-f", "docx", "-l", locale, "--allow-partial", "--style", str(house),
                                       "-o", str(out), "--locales", str(tmp_path / "no-locales")])
    assert result.exit_code == 0, result.output
    [path] = out.rglob("*.docx")
    return path.read_bytes()


def test_docgens_own_reference_document_passes_unchanged():
    prepared = reference.check(DEFAULT, name="reference.docx")
    assert prepared.warnings == () and prepared.data == DEFAULT.read_bytes()


# --- refused ---

def test_not_a_zip(tmp_path):
    path = tmp_path / "house.docx"
    path.write_text("<html>Session expired</html>")
    assert refused(path) == "reference document house.docx is not a Word document (.docx): it is not a zip archive"


def test_an_old_doc_or_an_encrypted_docx(tmp_path):
    path = tmp_path / "house.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    assert "is an old Word file (.doc) or password-protected" in refused(path)


def test_a_macro_enabled_document(tmp_path):
    assert "is a macro-enabled Word file (.docm)" in refused(made(tmp_path, "docm-reference", "house.docm"))


def test_a_macro_enabled_template(tmp_path):
    path = made(tmp_path, "docm-reference", "house.dotm")
    data = _replace_part(path.read_bytes(), "[Content_Types].xml", lambda x: x.replace(
        b"ms-word.document.macroEnabled.main+xml", b"ms-word.template.macroEnabledTemplate.main+xml"))
    path.write_bytes(data)
    assert "is a macro-enabled Word file (.dotm)" in refused(path)


def test_a_spreadsheet_is_not_a_word_document(tmp_path):
    path = tmp_path / "house.docx"
    path.write_bytes(_replace_part(DEFAULT.read_bytes(), "[Content_Types].xml", lambda x: x.replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")))
    assert "its main part is application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" in refused(path)


def test_a_zip_that_is_no_package(tmp_path):
    path = tmp_path / "house.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert refused(path) == "reference document house.docx is not a Word document (.docx)"


def test_a_part_inflating_beyond_the_limit(tmp_path):
    path = made(tmp_path, "inflating-reference")
    assert path.stat().st_size < 200_000  # the "bomb" is small on disk
    assert refused(path) == "reference document reference.docx: part customXml/item9.xml inflates to more than 20 MB"


def test_parts_inflating_beyond_the_limit_together(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for n in range(3):
            target.writestr(f"customXml/item{n + 10}.xml", bytes(18 * 1024 * 1024))
    path = tmp_path / "reference.docx"
    path.write_bytes(out.getvalue())
    assert refused(path) == "reference document reference.docx inflates to more than 50 MB"


def test_a_header_that_lies_about_a_parts_size_does_not_help(tmp_path):
    """The sizes are counted while inflating: a central directory claiming 1 byte changes nothing."""
    path = made(tmp_path, "inflating-reference")
    data = bytearray(path.read_bytes())
    name = b"customXml/item9.xml"
    for match in re.finditer(re.escape(name), bytes(data)):
        start = match.start()
        if data[start - 46:start - 42] == b"PK\x01\x02":  # central directory entry: uncompressed size at +24
            data[start - 46 + 24:start - 46 + 28] = (1).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert "reference.docx" in refused(path)


def test_too_many_parts_and_too_large_a_file(tmp_path, monkeypatch):
    monkeypatch.setattr(reference, "MAX_PARTS", 5)
    assert refused(made(tmp_path, "plain-docx", "a.docx")) == "reference document a.docx has more than 5 parts"
    monkeypatch.setattr(reference, "MAX_FILE_MB", 0)
    assert refused(made(tmp_path, "plain-docx", "b.docx")) == "reference document b.docx is larger than 0 MB"


def test_a_damaged_part(tmp_path):
    data = bytearray(DEFAULT.read_bytes())
    at = data.index(b"word/styles.xml") + 200  # inside the deflated styles part
    data[at:at + 40] = bytes(40)
    path = tmp_path / "reference.docx"
    path.write_bytes(bytes(data))
    assert "reference document reference.docx is damaged" in refused(path)


def test_unreadable_xml(tmp_path):
    path = tmp_path / "reference.docx"
    path.write_bytes(_replace_part(DEFAULT.read_bytes(), "word/styles.xml", lambda x: x[: len(x) // 2]))
    assert "reference document reference.docx cannot be read as a Word document" in refused(path)


def test_a_style_of_the_wrong_kind(tmp_path):
    path = tmp_path / "reference.docx"
    path.write_bytes(_replace_part(DEFAULT.read_bytes(), "word/styles.xml", lambda x: x.replace(
        b'w:type="character" w:customStyle="1" w:styleId="Dateline"', b'w:type="paragraph" w:customStyle="1" w:styleId="Dateline"')))
    assert refused(path) == ("reference document reference.docx: its style 'Dateline' is a paragraph style; "
                             "docgen needs a character style of that name")


def test_the_refusal_names_the_style_file_line_and_field(tmp_path):
    made(tmp_path, "docm-reference", "house.docm")
    (tmp_path / "style.yaml").write_text("# our house\nreference_docx: house.docm\n", "utf-8")
    with pytest.raises(DocgenError) as caught:
        load_style(tmp_path)
    err = caught.value
    assert (err.file, err.line, err.field) == (str(tmp_path / "style.yaml"), 2, "reference_docx")


# --- made safe ---

def test_macros_in_a_plain_docx_are_removed_with_a_warning(tmp_path):
    prepared = reference.check(made(tmp_path, "docx-with-macros"), name="reference.docx")
    [warning] = prepared.warnings
    assert warning == "reference document reference.docx: its macros (vbaProject.bin) were removed; releases never carry macros"
    names = zipfile.ZipFile(io.BytesIO(prepared.data)).namelist()
    assert not [n for n in names if "vba" in n.lower()]
    built = zipfile.ZipFile(io.BytesIO(built_docx(tmp_path, made(tmp_path, "docx-with-macros"))))
    assert not [n for n in built.namelist() if "vba" in n.lower()]
    assert b"vbaProject" not in b"".join(built.read(n) for n in built.namelist())


def test_an_attached_template_on_the_web_is_removed_with_a_warning(tmp_path):
    prepared = reference.check(made(tmp_path, "attached-template"), name="reference.docx")
    assert prepared.warnings == ("reference document reference.docx: its link to https://templates.example.com/house.dotm "
                                 "(attachedTemplate) was removed; a release never fetches anything when it is opened",)
    built = zipfile.ZipFile(io.BytesIO(built_docx(tmp_path, made(tmp_path, "attached-template"))))
    everything = b"".join(built.read(n) for n in built.namelist())
    assert b"attachedTemplate" not in everything and b"templates.example.com" not in everything
    assert not [n for n in built.namelist() if n.endswith(".rels") and b'TargetMode="External"' in built.read(n)
                and b"hyperlink" not in built.read(n)]


def test_a_linked_picture_in_the_header_is_removed_and_hyperlinks_stay(tmp_path):
    """Any link Word would follow on opening goes; a hyperlink waits for a click and stays."""
    document = docx.Document(str(DEFAULT))
    header = document.sections[0].header
    part = header.part
    image = part.relate_to("https://tracker.example.com/pixel.png", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
                           is_external=True)
    link = part.relate_to("https://www.example.org/", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                          is_external=True)
    header.paragraphs[0]._p.append(docx.oxml.parse_xml(
        f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:pict><v:imagedata xmlns:v="urn:schemas-microsoft-com:vml" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{image}"/></w:pict></w:r>'))
    header.paragraphs[0]._p.append(docx.oxml.parse_xml(
        f'<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{link}"><w:r><w:t>site</w:t></w:r></w:hyperlink>'))
    path = tmp_path / "reference.docx"
    document.save(str(path))
    prepared = reference.check(path, name="reference.docx")
    assert [w for w in prepared.warnings if "tracker.example.com/pixel.png (image)" in w]
    header_xml = b"".join(data for name, data in _parts(prepared.data).items() if "header" in name)
    assert b"tracker.example.com" not in header_xml and b"imagedata" not in header_xml
    assert b"www.example.org" in header_xml and b"w:hyperlink" in header_xml


def test_a_word_template_is_read_as_a_document(tmp_path):
    path = tmp_path / "house.dotx"
    path.write_bytes(_replace_part(DEFAULT.read_bytes(), "[Content_Types].xml", lambda x: x.replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")))
    prepared = reference.check(path, name="house.dotx")
    assert prepared.warnings == ()
    assert docx.Document(io.BytesIO(prepared.data)).styles["Headline"]


def test_missing_styles_are_taken_from_docgens_with_a_warning(tmp_path):
    prepared = reference.check(made(tmp_path, "plain-docx"), name="reference.docx")
    [warning] = prepared.warnings
    assert warning.startswith("reference document reference.docx lacks styles docgen uses; they are taken from docgen's own: Headline, ")
    document = docx.Document(io.BytesIO(prepared.data))
    names = {style.name for style in document.styles}
    assert all(name in names for kind in reference.NEEDED.values() for name in kind)
    # The document's own styles stay its own: its Normal is python-docx's, not docgen's.
    from lxml import etree

    plain = docx.Document(str(tmp_path / "reference.docx")).styles["Normal"].element
    assert etree.tostring(document.styles["Normal"].element) == etree.tostring(plain)


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
def test_a_reference_document_without_any_style_builds_every_block(tmp_path, locale):
    """Every style the writer uses is in reference.NEEDED (else this would fail with a KeyError),
    each is defined in the output, and the bullets still are bullets."""
    data = built_docx(tmp_path, made(tmp_path, "reference-without-styles"), locale=locale)
    parts = _parts(data)
    defined = set(re.findall(rb'<w:style [^>]*w:styleId="([^"]+)"', parts["word/styles.xml"]))
    used = set(re.findall(rb'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', parts["word/document.xml"]))
    assert used <= defined, used - defined
    document = docx.Document(io.BytesIO(data))
    bullet = document.styles["List Bullet"].element
    num_id = bullet.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]
    numbering = document.part.numbering_part.element
    [num] = numbering.xpath(f"./w:num[@w:numId='{num_id}']")
    abstract = num.xpath("./w:abstractNumId/@w:val")[0]
    assert numbering.xpath(f"./w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='0']/w:numFmt/@w:val") == ["bullet"]


def test_a_plain_word_document_as_reference_reads_in_pandoc(tmp_path):
    data = built_docx(tmp_path, made(tmp_path, "plain-docx"))
    path = tmp_path / "built.docx"
    path.write_bytes(data)
    out = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(path)], capture_output=True, text=True, check=True)
    assert "Green Finance Laboratory" in out.stdout and out.stderr == ""


def test_warnings_reach_the_style_located(tmp_path):
    made(tmp_path, "docx-with-macros")
    (tmp_path / "style.yaml").write_text("colours:\n  accent: \"#AA0000\"\nreference_docx: reference.docx\n", "utf-8")
    style = load_style(tmp_path)
    assert style.warnings == (f"{tmp_path / 'style.yaml'}:3: reference_docx: reference document reference.docx: "
                              "its macros (vbaProject.bin) were removed; releases never carry macros",)
    assert "warnings=" not in repr(style) and style == load_style(tmp_path)


def test_a_warning_is_said_in_the_users_language(tmp_path):
    from docgen.i18n.context import context_for

    made(tmp_path, "docx-with-macros")
    (tmp_path / "style.yaml").write_text("reference_docx: reference.docx\n", "utf-8")
    [warning] = load_style(tmp_path).warnings
    said = warning.translated(context_for("zh-Hant-HK").gettext)
    assert said.startswith(f"{tmp_path / 'style.yaml'}:1: reference_docx: ") and "巨集" in said, said


def test_the_build_prints_the_styles_warnings(tmp_path):
    style = tmp_path / "style"
    style.mkdir()
    made(style, "docx-with-macros")
    (style / "style.yaml").write_text("reference_docx: reference.docx\n", "utf-8")
    result = CliRunner().invoke(main, ["build", str(ALL_BLOCKS), "-f", "docx", "--style", str(style), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"Warning: {style / 'style.yaml'}:1: reference_docx: reference document reference.docx: its macros (vbaProject.bin) were removed" in result.output


# --- helpers ---

def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _replace_part(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()
