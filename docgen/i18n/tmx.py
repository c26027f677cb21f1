"""TMX 1.4b, the translation memory exchange format: the codec, beside the PO and XLIFF ones.

A docgen export has one ``<tu>`` per distinct English, kind and translation, the kind as
the prop ``x-docgen-context`` and where it came from as ``x-docgen-origin``; the
organisation is named in the header.  Reading takes TMX 1.1 to 1.4 from any tool, keeps
``<hi>`` text and leaves other tools' inline codes out.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from docgen import __version__
from docgen.clock import now
from docgen.errors import DocgenError
from docgen.i18n.locales import parse_locale


@dataclass(frozen=True)
class Unit:
    """One approved translation in the memory."""

    english: str
    translation: str
    context: str | None
    """The kind of text (``paragraph``) it was translated as, when known."""
    origin: str
    """Where it came from, as a translator reads it: ``2024-02-28-astri-budget (lead.2)``."""
    domain: str = ""
    """The catalogue it is in (imported ones: none), so a catalogue is not its own memory."""



CONTEXT_PROP = "x-docgen-context"
ORIGIN_PROP = "x-docgen-origin"
ORGANISATION_PROP = "x-docgen-organisation"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# Inline codes of another tool's segment: their content is that tool's markup, not text.
_CODES = {"bpt", "ept", "it", "ph", "ut"}


@dataclass(frozen=True)
class Tmx:
    """What a TMX file holds, for docgen."""

    units: dict[str, list[Unit]]
    """By BCP 47 tag of a locale of the project."""
    skipped: dict[str, int]
    """Translations in languages the project does not publish, counted by tag."""
    organisation: str | None = None
    """The organisation a docgen export names in its header."""


def write_tmx(units: Iterable[Unit], tag: str, *, organisation: str | None = None) -> bytes:
    """*units* (translations into *tag*) as a TMX 1.4b document: one ``<tu>`` per distinct
    English, kind and translation, with ``x-docgen-context`` and ``x-docgen-origin`` props."""
    from lxml import etree

    merged: dict[tuple, list[str]] = {}
    for unit in units:
        origins = merged.setdefault((unit.context, unit.english, unit.translation), [])
        if unit.origin not in origins:
            origins.append(unit.origin)
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "docgen", "creationtoolversion": __version__, "segtype": "paragraph", "o-tmf": "docgen",
        "adminlang": "en", "srclang": "en", "datatype": "plaintext", "creationdate": now().strftime("%Y%m%dT%H%M%SZ"),
    })
    if organisation:
        etree.SubElement(header, "prop", type=ORGANISATION_PROP).text = organisation
    body = etree.SubElement(root, "body")
    for (context, english, translation), origins in merged.items():
        tu = etree.SubElement(body, "tu")
        if context:
            etree.SubElement(tu, "prop", type=CONTEXT_PROP).text = context
        for origin in origins:
            etree.SubElement(tu, "prop", type=ORIGIN_PROP).text = origin
        for lang, text in (("en", english), (tag, translation)):
            tuv = etree.SubElement(tu, "tuv", {_XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    etree.indent(root, space="  ")
    return DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def _seg_text(seg) -> str:
    """A segment's text: ``<hi>`` kept, other tools' inline codes left out."""
    parts = [seg.text or ""]
    for child in seg:
        name = child.tag if isinstance(child.tag, str) else ""
        if name == "hi":
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _lang(element) -> str | None:
    # TMX 1.4 says xml:lang; 1.1 and 1.2 said lang.
    return element.get(_XML_LANG) or element.get("lang")


def read_tmx(path: Path, folder: Path | None = None, *, origin: str | None = None) -> Tmx:
    """The translations of a TMX file from English into the locales of the project's catalogue
    *folder* (language tags as ``parse_locale`` reads them: ``zh-HK`` is ``zh-Hant-HK``).

    A file that is not TMX, or whose source is not English, is refused naming its line.
    *origin*: the name its units are said to come from (default: their own ``x-docgen-origin``,
    else the file's name)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except OSError:
        raise DocgenError("cannot read this file", file=path) from None
    except etree.XMLSyntaxError as err:
        raise DocgenError("not a TMX file: {reason}", file=path, line=err.lineno, reason=err.msg) from None
    if root.tag != "tmx" or root.get("version") not in ("1.1", "1.2", "1.3", "1.4"):
        raise DocgenError("not a TMX file: the root element is not <tmx version=\"1.4\"> (TMX 1.1 to 1.4)", file=path, line=root.sourceline)
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise DocgenError("not a TMX file: it has no <header> or no <body>", file=path, line=root.sourceline)
    srclang = header.get("srclang") or ""
    if srclang != "*all*" and not _is_english(srclang):
        raise DocgenError("the memory's source language must be English, not {srclang!r} (header srclang)", file=path,
                          line=header.sourceline, srclang=srclang)
    organisation = next((p.text for p in header.findall("prop") if p.get("type") == ORGANISATION_PROP and p.text), None)
    tags: dict[str, str | None] = {}
    units: dict[str, list[Unit]] = {}
    skipped: dict[str, int] = {}
    for tu in body.iter("tu"):
        props = {}
        for prop in tu.findall("prop"):
            props.setdefault(prop.get("type"), (prop.text or "").strip())
        english, translations = None, []
        for tuv in tu.findall("tuv"):
            lang = _lang(tuv)
            if not lang:
                raise DocgenError("not a TMX file: a <tuv> without xml:lang", file=path, line=tuv.sourceline)
            seg = tuv.find("seg")
            if seg is None:
                raise DocgenError("not a TMX file: a <tuv> without <seg>", file=path, line=tuv.sourceline)
            if _is_english(lang) and english is None:
                english = _seg_text(seg)
            else:
                translations.append((lang, _seg_text(seg), tuv.sourceline))
        if english is None:
            raise DocgenError("this translation unit has no English (xml:lang=\"en\") text", file=path, line=tu.sourceline)
        said = props.get(ORIGIN_PROP)
        where = f"{origin}: {said}" if origin and said else origin or said or path.name
        for lang, text, line in translations:
            if lang not in tags:
                tags[lang] = _locale_tag(lang, folder)
            tag = tags[lang]
            if tag is None:
                skipped[lang] = skipped.get(lang, 0) + 1
            elif english and text:
                units.setdefault(tag, []).append(Unit(english, text, props.get(CONTEXT_PROP) or None, where))
    return Tmx(units, skipped, organisation)


def _is_english(tag: str) -> bool:
    return tag.lower() == "en" or tag.lower().startswith(("en-", "en_"))


def _locale_tag(lang: str, folder: Path | None) -> str | None:
    try:
        return parse_locale(lang, folder).tag
    except DocgenError:
        return None
