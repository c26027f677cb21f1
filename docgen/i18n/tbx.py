"""The glossary (``locales/glossary.yaml``) as TBX-Basic, for CAT tools' term bases.

TBX-Basic of 2008 (a ``<martif type="TBX-Basic">`` document, ISO 30042:2008, the
``TBXBasiccoreStructV02.dtd`` structure): the form memoQ, Trados MultiTerm's converter,
Phrase and translate-toolkit read, where TBX v3's dialects (``<tbx>``, 2019) are not yet
read everywhere.

One ``<termEntry>`` per English term, with a ``<langSet>`` for English and for each
locale the glossary names.  The form every mention must contain (``then``) is the
preferred term (every term a noun: the glossary names organisations, offices and
programmes); the form of the first mention in running text (``first``), when there
is one, is an admitted term of its own with a note saying so, so that a tool's term
check accepts either and the translator sees which comes first::

    <langSet xml:lang="zh-Hant-HK">
      <tig><term>應科院</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>香港應用科技研究院（應科院）</term>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
        <note>first mention in the running text of a release (later mentions: 應科院)</note></tig>
    </langSet>
"""
from __future__ import annotations

from pathlib import Path

from docgen import validation
from docgen.errors import DocgenError
from docgen.i18n import checks
from docgen.i18n.locales import parse_locale

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
XCS = "TBXBasicXCSV02.xcs"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
FIRST_NOTE = "first mention in the running text of a release (later mentions: {then})"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def glossary_terms(folder: Path, locales: list[str] | None = None) -> dict[str, list[checks.Term]]:
    """The glossary's terms by BCP 47 tag (``zh-HK`` in the file is ``zh-Hant-HK``), for
    *locales* or every locale it names."""
    from docgen.sources import yamldata

    path = folder / checks.GLOSSARY_FILE
    if not path.is_file():
        raise DocgenError("no glossary here (expected {path})", file=path, path=str(path))
    data = yamldata.load(path.read_text("utf-8"), file=path)
    if not isinstance(data, dict):
        raise DocgenError("a glossary maps locale tags to lists of terms", file=path, line=1)
    wanted = {parse_locale(tag, folder).tag for tag in locales} if locales else None
    found: dict[str, list[checks.Term]] = {}
    for key in data:
        try:
            tag = parse_locale(str(key), folder).tag
        except DocgenError as err:
            raise err.located(file=path, line=validation.line_of(data, (key,)), field=str(key)) from None
        if wanted is None or tag in wanted:
            found.setdefault(tag, []).extend(checks.load_glossary(folder, str(key)))
    return found


def write_tbx(terms: dict[str, list[checks.Term]], *, source: str = "glossary.yaml") -> bytes:
    """*terms* (by locale tag) as a TBX-Basic document: one entry per English term."""
    from lxml import etree

    entries: dict[str, dict[str, list[checks.Term]]] = {}
    for tag, found in terms.items():
        for term in found:
            entries.setdefault(term.source, {}).setdefault(tag, []).append(term)
    root = etree.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    description = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(description, "titleStmt"), "title").text = "docgen glossary"
    etree.SubElement(etree.SubElement(description, "sourceDesc"), "p").text = f"Exported by docgen from {source}"
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = XCS
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, (english, by_locale) in enumerate(entries.items(), 1):
        entry = etree.SubElement(body, "termEntry", id=f"term-{number}")
        _tig(etree.SubElement(entry, "langSet", {_XML_LANG: "en"}), english, PREFERRED)
        for tag, found in by_locale.items():
            language = etree.SubElement(entry, "langSet", {_XML_LANG: tag})
            for term in found:
                _tig(language, term.then, PREFERRED)
                if term.first and term.first != term.then:
                    _tig(language, term.first, ADMITTED, FIRST_NOTE.format(then=term.then))
    etree.indent(root, space="  ")
    return DECLARATION + etree.tostring(root, encoding="UTF-8", doctype=DOCTYPE, pretty_print=True)


def _tig(language, text: str, status: str, note: str | None = None) -> None:
    from lxml import etree

    tig = etree.SubElement(language, "tig")
    etree.SubElement(tig, "term").text = text
    # Every glossary term names something (an organisation, an office, a programme).
    etree.SubElement(tig, "termNote", type="partOfSpeech").text = "noun"
    etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
    if note:
        etree.SubElement(tig, "note").text = note
