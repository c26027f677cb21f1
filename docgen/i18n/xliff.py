"""XLIFF 2.0 and 1.2 for CAT tools (Trados, memoQ, Phrase): a catalogue out, translations back.

One file per catalogue and target locale, ``<domain>.<locale tag>.xlf``: a release's own
(``<slug>``) and each issuer's (``organisation-<id>``).  Written with lxml rather than
translate-toolkit's writers: those keep inline Markdown as plain text (where a translator
can break ``](https://...)``), write no ``<originalData>``, and its PO converter drops
``msgctxt``, the very bug this module answers.  translate-toolkit reads the files back in
the tests, as an independent client.

**Units.**  A unit is one catalogue message.  Its id is docgen's segment id: the kind and a
fingerprint of kind and English (``paragraph-3f2a9c0d41be``), so it is the same in every
export, whatever moved in the release, as a message is known by its English and kind.
The kind (``msgctxt``) is also kept in the unit's metadata (XLIFF 2:
``<mda:meta type="msgctxt">``; 1.2: the ``x-po-msgctxt`` context translate-toolkit uses),
and where the text stands (``lead.2``) is the unit's ``name`` (1.2: ``resname``) and a note.
On import the id alone finds the message; the source text must then still be its English.

**Inline codes.**  Emphasis, strong emphasis and links (read with ``docgen.inline``, never
by hand) and ``{placeholders}`` become codes a CAT tool shows as tags and protects:

- XLIFF 2: ``<pc>`` for a pair (``type="fmt" subType="xlf:b"`` or ``xlf:i``,
  ``type="link"``), ``<ph>`` for a placeholder, each pointing into the unit's
  ``<originalData>``, which holds the Markdown they stand for (``**``, ``[`` and
  ``](https://www.astri.org)``, ``{name}``).  A target may also use ``<sc>``/``<ec>``.
- XLIFF 1.2: ``<g ctype="bold|italic|link">`` and ``<x ctype="x-placeholder"/>``
  (``<bx/>``/``<ex/>`` are read too); a link's address is given in a note.

A target's codes are turned back into the same Markdown: the formatting from the code's
id, a link's address from the source, never from the translator.  A code the source does
not have, a pair left open, an id used twice, is refused.

**States**, docgen's (``catalogs.state``, ``catalogs.is_converted``) to XLIFF and back:

==================  ===============================  =====================================
docgen              XLIFF 2 ``<segment>``            XLIFF 1.2 ``<target>``
==================  ===============================  =====================================
untranslated        ``state="initial"``, no target   no target
fuzzy               ``initial``, target,             ``needs-review-translation``
                    ``subState="docgen:fuzzy"``
translated          ``final``                        ``translated``, ``approved="yes"``
converted draft     ``translated``,                  ``needs-review-translation``,
                    ``subState="docgen:converted"``  ``state-qualifier="mt-suggestion"``
==================  ===============================  =====================================

XLIFF 2's states are a line, initial → translated → reviewed → final, and a target in
``initial`` is one nobody confirmed: that is a fuzzy entry (translate-toolkit reads it so
too).  A converted draft is translated but not reviewed, so ``translated``; docgen's
translated entries are what it publishes, so ``final``.  Back: ``translated``,
``reviewed`` and ``final`` (1.2: ``translated``, ``signed-off``, ``final``, or no state
and ``approved="yes"``) are translated, and clear fuzzy and the converted mark;
anything else with a target (``initial`` or no state in XLIFF 2, the ``needs-*`` and
``new`` states in 1.2) is fuzzy.  A draft still marked converted (``docgen:converted``,
``mt-suggestion``) with the draft's own words is left as it is; with other words, it is
fuzzy (edited, not confirmed).  No target, or an empty one, changes nothing.

**Notes** for the translator: the kind and place, the glossary's forms of the terms the
English contains (``checks.load_glossary``), the English a fuzzy translation was made
for, and the entry's translator comments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from lxml import etree

from docgen import __version__
from docgen.characters import check_characters
from docgen.errors import DocgenError, Message, joined
from docgen.files import write_atomic
from docgen.i18n import catalogs, checks, convert, incoming
from docgen.i18n import segments as kinds
from docgen.i18n.locales import LocaleInfo, parse_locale
from docgen.inline import parse_inline, to_markup
from docgen.model import Span

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
_XML = "http://www.w3.org/XML/1998/namespace"
FORMATS = ("xliff2", "xliff12")
SUFFIXES = (".xlf", ".xliff")
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
CONVERTED = "docgen:converted"
FUZZY = "docgen:fuzzy"

INLINE_KINDS = frozenset({kinds.HIGHLIGHT, kinds.HEADING, kinds.PARAGRAPH, kinds.LIST_ITEM, kinds.QUOTE, kinds.TABLE_HEADER,
                          kinds.TABLE_CELL, kinds.ABOUT})
"""Kinds whose text is inline Markdown (``Segment.inline``); the others are plain text."""

# A {placeholder}, as the checks find them (docgen.i18n.checks).
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def unit_id(context: str | None, english: str) -> str:
    """docgen's id of a segment: its kind and a fingerprint of kind and English (an XML NMTOKEN)."""
    return f"{context or 'message'}-{convert.fingerprint((context or '') + chr(4) + english)}"


def file_name(domain: str, tag: str) -> str:
    return f"{domain}.{tag}.xlf"


# -- inline codes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """One inline code of a source text."""

    id: str
    kind: str
    """``strong``, ``emphasis``, ``link`` (paired) or ``placeholder``."""
    start: str
    """The Markdown it stands for (a pair's opening): ``**``, ``[``, ``{name}``."""
    end: str | None = None
    """A pair's closing Markdown: ``**``, ``](https://...)``."""
    link: str | None = None

    @property
    def paired(self) -> bool:
        return self.kind != "placeholder"


@dataclass
class Pair:
    """A paired code (``<pc>``, ``<g>``) around its content."""

    code: Code
    children: list = field(default_factory=list)


@dataclass(frozen=True)
class Placeholder:
    """A standalone code (``<ph>``, ``<x/>``)."""

    code: Code


def source_codes(english: str, inline: bool) -> tuple[list, dict[str, Code]]:
    """The English as a tree of text, ``Pair`` and ``Placeholder`` nodes, and its codes by id
    (numbered in reading order)."""
    codes: dict[str, Code] = {}

    def new(kind: str, start: str, end: str | None = None, link: str | None = None) -> Code:
        code = Code(str(len(codes) + 1), kind, start, end, link)
        codes[code.id] = code
        return code

    def text(words: str) -> list:
        out, at = [], 0
        for match in _PLACEHOLDER.finditer(words):
            out += [words[at:match.start()]] if match.start() > at else []
            out.append(Placeholder(new("placeholder", match.group())))
            at = match.end()
        return out + ([words[at:]] if at < len(words) else [])

    if not inline:
        return text(english), codes
    nodes: list = []
    for link, by_link in groupby(parse_inline(english), key=lambda s: s.link):
        outer = Pair(new("link", "[", f"]({link})", link)) if link else None
        level1 = outer.children if outer else nodes
        for strong, by_strong in groupby(by_link, key=lambda s: s.strong):
            bold = Pair(new("strong", "**", "**")) if strong else None
            level2 = bold.children if bold else level1
            for emphasis, spans in groupby(by_strong, key=lambda s: s.emphasis):
                italic = Pair(new("emphasis", "*", "*")) if emphasis else None
                (italic.children if italic else level2).extend(text("".join(s.text for s in spans)))
                if italic:
                    level2.append(italic)
            if bold:
                level1.append(bold)
        if outer:
            nodes.append(outer)
    return nodes, codes


def markdown(events: list, inline: bool) -> str:
    """Events (``("text", str)``, ``("open"|"close"|"ph", Code)``) as the catalogue's text."""
    if not inline:
        return "".join(value if kind == "text" else value.start for kind, value in events)
    spans: list[Span] = []
    strong = emphasis = 0
    links: list[str] = []
    for kind, value in events:
        if kind in ("text", "ph"):
            words = value if kind == "text" else value.start
            span = Span(text=words, emphasis=emphasis > 0, strong=strong > 0, link=links[-1] if links else None)
            last = spans[-1] if spans else None
            if last and (last.emphasis, last.strong, last.link) == (span.emphasis, span.strong, span.link):
                spans[-1] = Span(text=last.text + words, emphasis=span.emphasis, strong=span.strong, link=span.link)
            elif words:
                spans.append(span)
            continue
        step = 1 if kind == "open" else -1
        if value.kind == "strong":
            strong += step
        elif value.kind == "emphasis":
            emphasis += step
        elif step == 1:
            links.append(value.link)
        else:
            links.reverse()
            links.remove(value.link)  # the innermost link of that address
            links.reverse()
    return to_markup(tuple(spans))


def _events(nodes: list) -> list:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(("text", node))
        elif isinstance(node, Placeholder):
            out.append(("ph", node.code))
        else:
            out += [("open", node.code), *_events(node.children), ("close", node.code)]
    return out


# -- writing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One catalogue message, as exported."""

    id: str
    context: str | None
    english: str
    places: tuple[str, ...]
    translation: str
    state: str
    """``untranslated``, ``fuzzy``, ``translated`` or ``converted``."""
    previous: str | None = None
    """The English a fuzzy translation was made for."""
    comments: tuple[str, ...] = ()
    terms: tuple[checks.Term, ...] = ()

    @property
    def inline(self) -> bool:
        return self.context in INLINE_KINDS

    @property
    def name(self) -> str:
        return ", ".join(self.places) or self.context or ""


def entries(catalog, terms: list[checks.Term]) -> list[Entry]:
    """The catalogue's messages in order (the header and obsolete ones left out)."""
    found = []
    for message in catalog:
        if not message.id or message.pluralizable:
            continue
        state = catalogs.state(message)
        if state == "translated" and catalogs.is_converted(message):
            state = "converted"
        places = tuple(p.strip() for c in message.auto_comments[:1] for p in c.split(",") if p.strip() and not c.startswith(convert.BASIS))
        comments = tuple(c for c in message.user_comments if c.split(":", 1)[0].strip() != catalogs.CONVERTED)
        previous = message.previous_id[0] if message.fuzzy and message.previous_id else None
        found.append(Entry(unit_id(message.context, message.id), message.context, message.id, places,
                           message.string if state != "untranslated" else "", state, previous, comments,
                           tuple(t for t in terms if _mentions(message.id, t))))
    return found


def _mentions(english: str, term: checks.Term) -> bool:
    return re.search(rf"(?<![\w]){re.escape(term.source)}(?![\w])", english) is not None


def _term_note(term: checks.Term) -> str:
    if term.first:
        return f"glossary: {term.source} = {term.then} (first mention in running text: {term.first})"
    return f"glossary: {term.source} = {term.then}"


def _notes(entry: Entry) -> list[tuple[str, str]]:
    """(category, text) of the notes a unit carries."""
    notes = [("location", f"{entry.context}: {entry.name}" if entry.places else str(entry.context))]
    notes += [("glossary", _term_note(t)) for t in entry.terms]
    if entry.previous is not None:
        notes.append(("docgen:previous", f"the English this translation was made for: {entry.previous}"))
    if entry.state == "converted":
        notes.append(("docgen:state", "a draft converted from another locale, not reviewed"))
    notes += [("comment", c) for c in entry.comments]
    return notes


def write(entries_: list[Entry], *, version: str, domain: str, source: str, target: str) -> bytes:
    """The XLIFF document (*version* ``xliff2`` or ``xliff12``) of one catalogue."""
    root = _write2(entries_, domain, source, target) if version == "xliff2" else _write12(entries_, domain, source, target)
    _indent(root)
    return DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False) + b"\n"


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _write2(entries_: list[Entry], domain: str, source: str, target: str):
    x = lambda name: _q(XLIFF2, name)  # noqa: E731
    root = etree.Element(x("xliff"), nsmap={None: XLIFF2, "mda": MDA}, version="2.0", srcLang=source, trgLang=target)
    file = etree.SubElement(root, x("file"), id="f1", original=domain, canResegment="no")
    file.set(_q(_XML, "space"), "preserve")
    for entry in entries_:
        unit = etree.SubElement(file, x("unit"), id=entry.id, name=entry.name)
        group = etree.SubElement(etree.SubElement(unit, _q(MDA, "metadata")), _q(MDA, "metaGroup"), category="docgen")
        etree.SubElement(group, _q(MDA, "meta"), type="msgctxt").text = entry.context or ""
        etree.SubElement(group, _q(MDA, "meta"), type="places").text = ", ".join(entry.places)
        notes = etree.SubElement(unit, x("notes"))
        for category, text in _notes(entry):
            etree.SubElement(notes, x("note"), category=category).text = text
        tree, codes = source_codes(entry.english, entry.inline)
        if codes:
            data = etree.SubElement(unit, x("originalData"))
            for code in codes.values():
                etree.SubElement(data, x("data"), id=f"d{code.id}").text = code.start
                if code.paired:
                    etree.SubElement(data, x("data"), id=f"d{code.id}e").text = code.end
        segment = etree.SubElement(unit, x("segment"))
        segment.set("state", {"untranslated": "initial", "fuzzy": "initial", "translated": "final", "converted": "translated"}[entry.state])
        if entry.state in ("fuzzy", "converted"):
            segment.set("subState", FUZZY if entry.state == "fuzzy" else CONVERTED)
        _fill(etree.SubElement(segment, x("source")), tree, _inline2)
        if entry.state != "untranslated":
            _fill(etree.SubElement(segment, x("target")), _target_tree(entry, codes), _inline2)
    return root


def _write12(entries_: list[Entry], domain: str, source: str, target: str):
    x = lambda name: _q(XLIFF12, name)  # noqa: E731
    root = etree.Element(x("xliff"), nsmap={None: XLIFF12}, version="1.2")
    file = etree.SubElement(root, x("file"), original=domain, datatype="po", **{"source-language": source, "target-language": target,
                                                                                   "tool-id": "docgen"})
    header = etree.SubElement(file, x("header"))
    etree.SubElement(header, x("tool"), **{"tool-id": "docgen", "tool-name": "docgen", "tool-version": __version__})
    body = etree.SubElement(file, x("body"))
    for entry in entries_:
        unit = etree.SubElement(body, x("trans-unit"), id=entry.id, resname=entry.name)
        unit.set(_q(_XML, "space"), "preserve")
        tree, codes = source_codes(entry.english, entry.inline)
        _fill(etree.SubElement(unit, x("source")), tree, _inline12)
        if entry.state != "untranslated":
            element = etree.SubElement(unit, x("target"))
            element.set("state", "translated" if entry.state == "translated" else "needs-review-translation")
            if entry.state == "converted":
                element.set("state-qualifier", "mt-suggestion")
            _fill(element, _target_tree(entry, codes), _inline12)
        if entry.state == "translated":
            unit.set("approved", "yes")
        group = etree.SubElement(unit, x("context-group"), name="po-entry", purpose="information")
        etree.SubElement(group, x("context"), **{"context-type": "x-po-msgctxt"}).text = entry.context or ""
        # translate-toolkit's PO-in-XLIFF names for a PO entry's #. and # comments (its xliff2po keeps them)
        if entry.places:
            etree.SubElement(group, x("context"), **{"context-type": "x-po-autocomment"}).text = ", ".join(entry.places)
        for comment in entry.comments:
            etree.SubElement(group, x("context"), **{"context-type": "x-po-trancomment"}).text = comment
        for _category, text in _notes(entry):
            etree.SubElement(unit, x("note"), **{"from": "docgen"}).text = text
        for code in codes.values():
            if code.kind == "link":
                etree.SubElement(unit, x("note"), **{"from": "docgen"}).text = f"inline code {code.id}: a link to {code.link}"
    return root


def _target_tree(entry: Entry, codes: dict[str, Code]) -> list:
    """The translation as a tree whose codes carry the source's ids: each translated code is
    matched to the source code of the same kind (and address), in order."""
    tree, found = source_codes(entry.translation, entry.inline)
    unused = list(codes.values())

    def match(code: Code) -> Code:
        for candidate in unused:
            if (candidate.kind, candidate.start, candidate.end) == (code.kind, code.start, code.end):
                unused.remove(candidate)
                return candidate
        return code  # not in the English (the checks refuse it): given as found

    def walk(nodes: list) -> list:
        out = []
        for node in nodes:
            if isinstance(node, Pair):
                out.append(Pair(match(node.code), walk(node.children)))
            elif isinstance(node, Placeholder):
                out.append(Placeholder(match(node.code)))
            else:
                out.append(node)
        return out

    return walk(tree)


def _inline2(parent, node):
    x = lambda name: _q(XLIFF2, name)  # noqa: E731
    code = node.code
    if isinstance(node, Placeholder):
        return etree.SubElement(parent, x("ph"), id=code.id, dataRef=f"d{code.id}", disp=code.start, canDelete="no")
    element = etree.SubElement(parent, x("pc"), id=code.id, dataRefStart=f"d{code.id}", dataRefEnd=f"d{code.id}e")
    if code.kind == "link":
        element.set("type", "link")
        element.set("canDelete", "no")
    else:
        element.set("type", "fmt")
        element.set("subType", "xlf:b" if code.kind == "strong" else "xlf:i")
    return element


def _inline12(parent, node):
    x = lambda name: _q(XLIFF12, name)  # noqa: E731
    code = node.code
    if isinstance(node, Placeholder):
        return etree.SubElement(parent, x("x"), id=code.id, ctype="x-placeholder", **{"equiv-text": code.start})
    return etree.SubElement(parent, x("g"), id=code.id, ctype={"strong": "bold", "emphasis": "italic", "link": "link"}[code.kind])


def _fill(element, nodes: list, make) -> None:
    last = None
    for node in nodes:
        if isinstance(node, str):
            if last is None:
                element.text = (element.text or "") + node
            else:
                last.tail = (last.tail or "") + node
            continue
        last = make(element, node)
        if isinstance(node, Pair):
            _fill(last, node.children, make)


_LEAVES = {_q(ns, name) for ns in (XLIFF2, XLIFF12) for name in ("source", "target", "note", "data", "context", "tool")} | {_q(MDA, "meta")}


def _indent(element, level: int = 0) -> None:
    """Indent the structure, never the text of a source, target, note or data."""
    children = list(element)
    if not children or element.tag in _LEAVES:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def export(domains, info: LocaleInfo, out_dir: Path, *, version: str) -> list[Path]:
    """Write each domain's catalogue in *info* as XLIFF into *out_dir*; the files written.
    The catalogues must exist (``workflow.update`` makes them)."""
    if version not in FORMATS:
        raise DocgenError("unknown XLIFF version {version!r} (xliff2 or xliff12)", field="--format", version=version)
    written = []
    for domain in domains:
        path = domain.po(info)
        catalog = catalogs.read(path, locale=info.babel)
        terms = checks.load_glossary(domain.folder, info.tag)
        data = write(entries(catalog, terms), version=version, domain=domain.name, source=domain.source_language, target=info.tag)
        target = Path(out_dir) / file_name(domain.name, info.tag)
        write_atomic(target, data)
        written.append(target)
    return written


# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One unit read back from a translated file."""

    id: str
    line: int | None
    source: list
    """Events of the source (see ``markdown``), codes as the source's."""
    target: list | None
    """Events of the target, or None when it has none (or an empty one)."""
    state: str
    """``translated``, ``fuzzy``, ``converted`` or ``untranslated``."""
    name: str = ""


@dataclass(frozen=True)
class Document:
    """A translated XLIFF file as read: one catalogue (*domain*) in one target language."""

    path: Path
    version: str
    domain: str
    source_language: str
    target_language: str
    units: tuple[Unit, ...]


class _Refused(Exception):
    """What is wrong with the file, at an element (its line is reported)."""

    def __init__(self, element, message: Message):
        self.line, self.message = getattr(element, "sourceline", None), message


def read(path: Path) -> Document:
    """Parse a translated XLIFF file docgen exported; a broken one (XML, structure, inline
    codes) is refused naming its line and unit."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as err:
        raise DocgenError("not well-formed XML: {reason}", file=path, line=err.lineno, reason=err.msg) from None
    except OSError as err:
        raise DocgenError("cannot read the file: {reason}", file=path, reason=str(err)) from None
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (XLIFF2, XLIFF12):
        raise DocgenError("not an XLIFF 2.0 or 1.2 document (the root is {root})", file=path, line=root.sourceline, root=root.tag)
    try:
        return _read2(path, root) if namespace == XLIFF2 else _read12(path, root)
    except _Refused as refusal:
        raise DocgenError(refusal.message, file=path, line=refusal.line) from None


def _files(root, namespace: str, path: Path):
    files = root.findall(_q(namespace, "file"))
    if len(files) != 1:
        raise _Refused(root, Message("a file docgen reads back holds one <file> (one catalogue); this one has {count}", count=len(files)))
    domain = files[0].get("original")
    if not domain:
        raise _Refused(files[0], Message("<file> has no 'original' attribute: it names the catalogue (the domain) docgen exported"))
    return files[0], domain


def _read2(path: Path, root) -> Document:
    x = lambda name: _q(XLIFF2, name)  # noqa: E731
    file, domain = _files(root, XLIFF2, path)
    units, seen = [], {}
    for element in file.iter(x("unit")):
        uid = _unit_id(element, seen)
        codes = _original_data(element)
        sources, targets, states = [], [], []
        for segment in element:
            if segment.tag not in (x("segment"), x("ignorable")):
                continue
            source, target = segment.find(x("source")), segment.find(x("target"))
            if source is None:
                raise _Refused(segment, Message("unit {unit}: a segment without <source>", unit=uid))
            sources += _read_inline2(source, codes, uid, seen_ids=set())
            if segment.tag == x("ignorable"):
                targets += _read_inline2(target, codes, uid, set()) if target is not None else _read_inline2(source, codes, uid, set())
                continue
            if target is not None and _has_content(target):
                targets += _read_inline2(target, codes, uid, set())
                states.append(_state2(segment))
            else:
                states.append("untranslated")
        _paired(targets, element, uid)
        state = _lowest(states)
        units.append(Unit(uid, element.sourceline, sources, targets if state != "untranslated" else None, state, element.get("name", "")))
    return Document(path, "xliff2", domain, root.get("srcLang", ""), root.get("trgLang", ""), tuple(units))


def _unit_id(element, seen: dict) -> str:
    uid = element.get("id")
    if not uid:
        raise _Refused(element, Message("a unit without an id"))
    if uid in seen:
        raise _Refused(element, Message("unit {unit} is in the file twice (also line {line})", unit=uid, line=seen[uid]))
    seen[uid] = element.sourceline
    return uid


def _has_content(element) -> bool:
    return bool(element.text) or len(element) > 0


def _state2(segment) -> str:
    state = segment.get("state", "initial")
    if state == "translated" and segment.get("subState") == CONVERTED:
        return "converted"
    return "translated" if state in ("translated", "reviewed", "final") else "fuzzy"


def _lowest(states: list[str]) -> str:
    for state in ("untranslated", "fuzzy", "converted", "translated"):
        if state in states:
            return state
    return "untranslated"


def _original_data(unit) -> dict[str, str]:
    data = {}
    block = unit.find(_q(XLIFF2, "originalData"))
    for element in block if block is not None else ():
        if element.tag == _q(XLIFF2, "data"):
            data[element.get("id")] = "".join(element.itertext())
    return data


def _new_code(child, uid: str, seen_ids: set) -> str:
    """The id of the inline code *child*, which no earlier code of its unit may have used."""
    cid = child.get("id")
    if not cid:
        raise _Refused(child, Message("unit {unit}: an inline code without an id", unit=uid))
    if cid in seen_ids:
        raise _Refused(child, Message("unit {unit}: inline code {code} is used twice", unit=uid, code=cid))
    seen_ids.add(cid)
    return cid


def _read_inline2(element, data: dict[str, str], uid: str, seen_ids: set) -> list:
    """Events of an XLIFF 2 source or target.  Codes are identified by id, with the original
    data their source counterparts point to; checking against the source is done later."""
    x = lambda name: _q(XLIFF2, name)  # noqa: E731
    events = [("text", element.text)] if element.text else []
    for child in element:
        tag = child.tag
        if tag in (x("pc"), x("ph"), x("sc")):
            cid = _new_code(child, uid, seen_ids)
            if tag == x("ph"):
                events.append(("ph", cid))
            elif tag == x("sc"):
                events.append(("open", cid))
            else:
                events += [("open", cid), *_read_inline2(child, data, uid, seen_ids), ("close", cid)]
        elif tag == x("ec"):
            ref = child.get("startRef")
            if not ref:
                raise _Refused(child, Message("unit {unit}: an <ec> without startRef (docgen cannot tell which code it closes)", unit=uid))
            events.append(("close", ref))
        elif tag == x("mrk"):
            events += _read_inline2(child, data, uid, seen_ids)  # an annotation: its text counts
        elif tag in (x("sm"), x("em")):
            pass  # an annotation's start or end marker: no text
        elif tag == x("cp"):
            try:
                events.append(("text", chr(int(child.get("hex", ""), 16))))
            except (ValueError, OverflowError):
                raise _Refused(child, Message("unit {unit}: <cp hex={hex!r}> is not a code point", unit=uid, hex=child.get("hex"))) from None
        else:
            raise _Refused(child, Message("unit {unit}: unexpected <{tag}> in the text", unit=uid, tag=etree.QName(child).localname))
        if child.tail:
            events.append(("text", child.tail))
    return events


def _paired(events: list, element, uid: str) -> None:
    open_ = []
    for kind, value in events:
        if kind == "open":
            open_.append(value)
        elif kind == "close":
            if value not in open_:
                raise _Refused(element, Message("unit {unit}: inline code {code} is closed but was never opened", unit=uid, code=value))
            open_.remove(value)
    if open_:
        raise _Refused(element, Message("unit {unit}: inline code {code} is opened and never closed", unit=uid, code=open_[0]))


def _read12(path: Path, root) -> Document:
    x = lambda name: _q(XLIFF12, name)  # noqa: E731
    file, domain = _files(root, XLIFF12, path)
    units, seen = [], {}
    for element in file.iter(x("trans-unit")):
        uid = _unit_id(element, seen)
        source, target = element.find(x("source")), element.find(x("target"))
        if source is None:
            raise _Refused(element, Message("unit {unit}: a trans-unit without <source>", unit=uid))
        sources = _read_inline12(source, uid, set(), {})
        targets, state = None, "untranslated"
        if target is not None and _has_content(target):
            targets = _read_inline12(target, uid, set(), {})
            _paired(targets, target, uid)
            state = _state12(element, target)
        units.append(Unit(uid, element.sourceline, sources, targets, state, element.get("resname", "")))
    return Document(path, "xliff12", domain, file.get("source-language", ""), file.get("target-language", ""), tuple(units))


def _state12(unit, target) -> str:
    state = target.get("state")
    if target.get("state-qualifier") == "mt-suggestion" and state not in ("translated", "signed-off", "final"):
        return "converted"
    if state is None:
        return "translated" if unit.get("approved") == "yes" else "fuzzy"
    return "translated" if state in ("translated", "signed-off", "final") else "fuzzy"


def _read_inline12(element, uid: str, seen_ids: set, begun: dict) -> list:
    """Events of an XLIFF 1.2 source or target; *begun* maps a ``<bx>``'s rid to its id,
    for the ``<ex>`` that ends it."""
    x = lambda name: _q(XLIFF12, name)  # noqa: E731
    events = [("text", element.text)] if element.text else []
    for child in element:
        tag = child.tag
        if tag in (x("g"), x("x"), x("bx")):
            cid = _new_code(child, uid, seen_ids)
            if tag == x("x"):
                events.append(("ph", cid))
            elif tag == x("bx"):
                begun[child.get("rid") or cid] = cid
                events.append(("open", cid))
            else:
                events += [("open", cid), *_read_inline12(child, uid, seen_ids, begun), ("close", cid)]
        elif tag == x("ex"):
            ref = child.get("rid") or child.get("id")
            events.append(("close", begun.get(ref, ref)))
        elif tag == x("mrk"):
            events += _read_inline12(child, uid, seen_ids, begun)
        else:
            raise _Refused(child, Message("unit {unit}: unexpected <{tag}> in the text", unit=uid, tag=etree.QName(child).localname))
        if child.tail:
            events.append(("text", child.tail))
    return events


# -- importing ------------------------------------------------------------------------------


def _resolve(events: list, codes: dict[str, Code], uid: str) -> list:
    """Events with code ids replaced by the source's codes; a code the source lacks, or used
    as another kind (a placeholder as a pair), is refused."""
    out = []
    for kind, value in events:
        if kind == "text":
            out.append((kind, value))
            continue
        code = codes.get(value)
        if code is None:
            raise ValueError(Message("unit {unit}: inline code {code} is not in the source", unit=uid, code=value))
        if (kind == "ph") != (not code.paired):
            raise ValueError(Message("unit {unit}: inline code {code} is a {wanted} in the source", unit=uid, code=value,
                                     wanted="placeholder" if not code.paired else "pair"))
        out.append((kind, code))
    return out


def incoming_units(document: Document, folder: Path) -> list[incoming.Incoming]:
    """The translations of *document* to merge, after checking every unit against the release's
    current template: a unit whose English changed or went, or whose codes are not the
    source's, refuses the file (all such units named)."""
    path = document.path
    template_path = catalogs.template_path(folder, document.domain)
    if not template_path.is_file():
        raise DocgenError("unknown catalogue {domain!r}: there is no {template} (is --locales the project's folder?)", file=path,
                          domain=document.domain, template=template_path)
    try:
        info = parse_locale(document.target_language, folder)
    except DocgenError as err:
        raise DocgenError("unknown target language {locale!r}: {problem}", file=path, locale=document.target_language,
                          problem=err.message) from None
    template = catalogs.read(template_path)
    by_id = {unit_id(m.context, m.id): m for m in template if m.id}
    po_path = catalogs.po_path(folder, info.babel, document.domain)
    current = catalogs.read(po_path, locale=info.babel) if po_path.is_file() else None
    problems, updates = [], []
    for unit in document.units:
        where = f"{path}:{unit.line}" if unit.line else str(path)
        label = f"{unit.id} ({unit.name})" if unit.name else unit.id
        message = by_id.get(unit.id)
        if message is None:
            problems.append(Message("{where}: segment {segment}: its English is no longer in the release (changed or removed "
                                    "since the export)", where=where, segment=label))
            continue
        inline = message.context in INLINE_KINDS
        codes = source_codes(message.id, inline)[1]
        try:
            source = markdown(_resolve(unit.source, codes, unit.id), inline)
            target = markdown(_resolve(unit.target, codes, unit.id), inline) if unit.target is not None else None
        except ValueError as err:
            problems.append(Message("{where}: {problem}", where=where, problem=err.args[0]))
            continue
        if source != message.id:
            problems.append(Message("{where}: segment {segment}: its source text is not the release's English (edited in the CAT tool?)",
                                    where=where, segment=label))
            continue
        if target is None or unit.state == "untranslated" or not target.strip():
            continue
        try:
            check_characters(target, path, unit.line, field=unit.id)
        except DocgenError as err:
            problems.append(Message("{where}: segment {segment}: {problem}", where=where, segment=label, problem=err.message))
            continue
        state = unit.state
        if state == "converted":
            now = current.get(message.id, context=message.context) if current is not None else None
            if now is not None and catalogs.is_converted(now) and now.string == target and not now.fuzzy:
                continue  # the draft came back as it went: still not reviewed
            state = "fuzzy"
        updates.append(incoming.Incoming(document.domain, info.tag, message.context, message.id, target, state, f"{where}: {label}"))
    if problems:
        # Translators: {segments} lists them, one per line: file:line: segment id (where it stands): problem.
        raise DocgenError("{count} segment(s) cannot be imported; nothing was imported from this file:\n  {segments}", file=path,
                          count=len(problems), segments=joined("\n  ", problems))
    return updates


def import_file(path: Path, folder: Path, *, write: bool = True) -> incoming.Applied:
    """Merge the translations of one XLIFF file into the catalogues under *folder*."""
    document = read(Path(path))
    return incoming.apply(incoming_units(document, Path(folder)), Path(folder), write=write)
