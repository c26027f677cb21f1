"""A validator for the XLIFF docgen writes: the rules of the OASIS schemas (XLIFF 2.0 core,
XLIFF 1.2 strict) that can be checked without them, written out here because the schemas
cannot be fetched at test time: well-formed XML, the required attributes, the order of a
unit's parts, enumerated values, unique ids, references into ``<originalData>``, inline
codes paired and a target's codes those of its source."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
_NMTOKEN = re.compile(r"[\w.:-]+")
# BCP 47 as docgen writes it: language, optional script, optional region.
_BCP47 = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?")
_STATES2 = {"initial", "translated", "reviewed", "final"}
_TYPES2 = {"fmt", "ui", "quote", "link", "image", "other"}
_STATES12 = {"final", "needs-adaptation", "needs-l10n", "needs-review-adaptation", "needs-review-l10n",
             "needs-review-translation", "needs-translation", "new", "signed-off", "translated"}
_QUALIFIERS12 = {"exact-match", "fuzzy-match", "id-match", "leveraged-glossary", "leveraged-inherited", "leveraged-mt",
                 "leveraged-repository", "leveraged-tm", "mt-suggestion", "rejected-grammar", "rejected-inaccurate",
                 "rejected-length", "rejected-spelling", "tm-suggestion"}
_CONTEXT_TYPES12 = {"database", "element", "elementtitle", "linenumber", "numparams", "paramnotes", "record", "recordtitle",
                    "sourcefile"}


def problems(path: Path) -> list[str]:
    """Everything wrong with the XLIFF file at *path*; empty when it passes."""
    try:
        root = etree.parse(str(path)).getroot()
    except etree.XMLSyntaxError as err:
        return [f"not well-formed: {err}"]
    namespace = etree.QName(root).namespace
    if namespace == XLIFF2:
        return _check2(root)
    if namespace == XLIFF12:
        return _check12(root)
    return [f"not XLIFF: root {root.tag}"]


def _name(element) -> str:
    return etree.QName(element).localname


def _where(element) -> str:
    return f"line {element.sourceline}: <{_name(element)}>"


def _order(element, sequence: list[tuple[str, bool]], namespace: str) -> list[str]:
    """Children in the order *sequence* gives: (name or '##other', may repeat)."""
    found, position = [], 0
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = "##other" if etree.QName(child).namespace != namespace else _name(child)
        while position < len(sequence) and sequence[position][0] != name and name not in sequence[position][0].split("|"):
            position += 1
        if position == len(sequence):
            found.append(f"{_where(child)} is out of place in <{_name(element)}>")
            return found
        if not sequence[position][1]:
            position += 1
    return found


def _check2(root) -> list[str]:
    x = lambda name: f"{{{XLIFF2}}}{name}"  # noqa: E731
    found = []
    if root.get("version") not in ("2.0", "2.1"):
        found.append("xliff: version must be 2.0")
    if not _BCP47.fullmatch(root.get("srcLang", "")):
        found.append(f"xliff: srcLang {root.get('srcLang')!r} is not a BCP 47 tag")
    has_target = root.find(f".//{x('target')}") is not None
    if root.get("trgLang") is None and has_target:
        found.append("xliff: trgLang is required when a target is present")
    if root.get("trgLang") is not None and not _BCP47.fullmatch(root.get("trgLang")):
        found.append(f"xliff: trgLang {root.get('trgLang')!r} is not a BCP 47 tag")
    files = [c for c in root if c.tag == x("file")]
    if not files or len(files) != len([c for c in root if isinstance(c.tag, str)]):
        found.append("xliff: holds one or more <file> and nothing else")
    file_ids = set()
    for file in files:
        fid = file.get("id")
        if not fid or not _NMTOKEN.fullmatch(fid) or fid in file_ids:
            found.append(f"{_where(file)}: id missing, not an NMTOKEN or not unique")
        file_ids.add(fid)
        found += _order(file, [("skeleton", False), ("##other", True), ("notes", False), ("unit|group", True)], XLIFF2)
        unit_ids = set()
        for unit in file.iter(x("unit")):
            uid = unit.get("id")
            if not uid or not _NMTOKEN.fullmatch(uid) or uid in unit_ids:
                found.append(f"{_where(unit)}: id {uid!r} missing, not an NMTOKEN or not unique")
            unit_ids.add(uid)
            found += _unit2(unit, x)
    return found


def _unit2(unit, x) -> list[str]:
    found = _order(unit, [("##other", True), ("notes", False), ("originalData", False), ("segment|ignorable", True)], XLIFF2)
    segments = [c for c in unit if c.tag in (x("segment"), x("ignorable"))]
    if not segments:
        found.append(f"{_where(unit)}: no segment")
    notes = unit.find(x("notes"))
    if notes is not None:
        for note in notes:
            if note.tag != x("note") or set(note.attrib) - {"id", "appliesTo", "category", "priority"}:
                found.append(f"{_where(note)}: <notes> holds <note> with id, appliesTo, category, priority")
    data_ids = set()
    block = unit.find(x("originalData"))
    for data in block if block is not None else ():
        if data.tag != x("data") or not data.get("id") or data.get("id") in data_ids:
            found.append(f"{_where(data)}: <originalData> holds <data> with unique ids")
        data_ids.add(data.get("id"))
    for segment in segments:
        found += _order(segment, [("source", False), ("target", False)], XLIFF2)
        state, sub = segment.get("state"), segment.get("subState")
        if state is not None and state not in _STATES2:
            found.append(f"{_where(segment)}: state {state!r} is not one of {sorted(_STATES2)}")
        if sub is not None and (state is None or not re.fullmatch(r"[^:\s]+:.+", sub) or sub.startswith("xlf:")):
            found.append(f"{_where(segment)}: subState {sub!r} needs an explicit state and the form prefix:value (not xlf:)")
        if segment.find(x("source")) is None:
            found.append(f"{_where(segment)}: no <source>")
            continue
        if state in ("translated", "reviewed", "final") and segment.find(x("target")) is None:
            found.append(f"{_where(segment)}: state {state} without a target")
        source_codes = _codes2(segment.find(x("source")), x, data_ids, found)
        target = segment.find(x("target"))
        if target is not None:
            for cid, tag in _codes2(target, x, data_ids, found).items():
                if source_codes.get(cid) != tag:
                    found.append(f"{_where(target)}: code {cid} ({tag}) is not a {tag} of the source")
    return found


def _codes2(element, x, data_ids: set, found: list) -> dict[str, str]:
    codes, open_ = {}, []
    allowed = {x(n) for n in ("cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em")}
    for child in element.iter():
        if child is element:
            continue
        if child.tag not in allowed:
            found.append(f"{_where(child)}: not an inline element of XLIFF 2")
            continue
        name = _name(child)
        if name in ("ph", "pc", "sc"):
            cid = child.get("id")
            if not cid or cid in codes:
                found.append(f"{_where(child)}: id {cid!r} missing or used twice in one <{_name(element)}>")
            codes[cid] = "pc" if name == "sc" else name  # a pair may be split into <sc>/<ec> (spec: overlapping codes)
            for ref in ("dataRef", "dataRefStart", "dataRefEnd"):
                if child.get(ref) is not None and child.get(ref) not in data_ids:
                    found.append(f"{_where(child)}: {ref} {child.get(ref)!r} is not in <originalData>")
            kind, sub = child.get("type"), child.get("subType")
            if kind is not None and kind not in _TYPES2:
                found.append(f"{_where(child)}: type {kind!r}")
            if sub is not None and (kind is None or (sub in ("xlf:b", "xlf:i", "xlf:u", "xlf:lb", "xlf:pb") and kind != "fmt")):
                found.append(f"{_where(child)}: subType {sub!r} with type {kind!r}")
            if name == "sc":
                open_.append(cid)
        elif name == "ec":
            ref = child.get("startRef")
            if ref not in open_:
                found.append(f"{_where(child)}: <ec startRef={ref!r}> closes nothing open")
            else:
                open_.remove(ref)
    for cid in open_:
        found.append(f"{_where(element)}: <sc id={cid!r}> is never closed")
    return codes


def _check12(root) -> list[str]:
    x = lambda name: f"{{{XLIFF12}}}{name}"  # noqa: E731
    found = []
    if root.get("version") != "1.2":
        found.append("xliff: version must be 1.2")
    files = [c for c in root if c.tag == x("file")]
    if not files:
        found.append("xliff: no <file>")
    for file in files:
        for attribute in ("original", "source-language", "datatype"):
            if not file.get(attribute):
                found.append(f"{_where(file)}: {attribute} is required")
        for attribute in ("source-language", "target-language"):
            if file.get(attribute) is not None and not _BCP47.fullmatch(file.get(attribute)):
                found.append(f"{_where(file)}: {attribute} {file.get(attribute)!r} is not a BCP 47 tag")
        found += _order(file, [("header", False), ("body", False)], XLIFF12)
        header = file.find(x("header"))
        for tool in header.iter(x("tool")) if header is not None else ():
            if not tool.get("tool-id") or not tool.get("tool-name"):
                found.append(f"{_where(tool)}: tool-id and tool-name are required")
        ids = set()
        for unit in file.iter(x("trans-unit")):
            uid = unit.get("id")
            if not uid or uid in ids:
                found.append(f"{_where(unit)}: id {uid!r} missing or not unique")
            ids.add(uid)
            found += _unit12(unit, x)
    return found


def _unit12(unit, x) -> list[str]:
    found = _order(unit, [("source", False), ("seg-source", False), ("target", False),
                          ("context-group|count-group|note|alt-trans", True), ("##other", True)], XLIFF12)
    if unit.get("approved") not in (None, "yes", "no"):
        found.append(f"{_where(unit)}: approved is yes or no")
    source, target = unit.find(x("source")), unit.find(x("target"))
    if source is None:
        return found + [f"{_where(unit)}: no <source>"]
    codes = _codes12(source, x, found)
    if target is not None:
        if target.get("state") is not None and target.get("state") not in _STATES12:
            found.append(f"{_where(target)}: state {target.get('state')!r}")
        if target.get("state-qualifier") is not None and target.get("state-qualifier") not in _QUALIFIERS12:
            found.append(f"{_where(target)}: state-qualifier {target.get('state-qualifier')!r}")
        for cid, tag in _codes12(target, x, found).items():
            if codes.get(cid) != tag:
                found.append(f"{_where(target)}: code {cid} ({tag}) is not a {tag} of the source")
    for group in unit.iter(x("context-group")):
        for context in group:
            kind = context.get("context-type", "")
            if context.tag != x("context") or not (kind in _CONTEXT_TYPES12 or re.fullmatch(r"x-\S+", kind)):
                found.append(f"{_where(context)}: context-type {kind!r}")
    for note in unit.iter(x("note")):
        if set(note.attrib) - {"from", "priority", "annotates", "{http://www.w3.org/XML/1998/namespace}lang"}:
            found.append(f"{_where(note)}: attributes {sorted(note.attrib)}")
    return found


def _codes12(element, x, found: list) -> dict[str, str]:
    codes, open_ = {}, []
    ctypes = {"g": {"bold", "italic", "underlined", "link"}, "x": {"image", "pb", "lb"}, "bx": {"bold", "italic", "underlined", "link"}}
    for child in element.iter():
        if child is element:
            continue
        name = _name(child)
        if child.tag not in {x(n) for n in ("g", "x", "bx", "ex", "ph", "bpt", "ept", "it", "mrk", "sub")}:
            found.append(f"{_where(child)}: not an inline element of XLIFF 1.2")
            continue
        if name in ("g", "x", "bx"):
            cid = child.get("id")
            if not cid or cid in codes:
                found.append(f"{_where(child)}: id {cid!r} missing or used twice in one <{_name(element)}>")
            codes[cid] = "g" if name == "bx" else name  # <bx/>...<ex/> is a <g> split in two
            ctype = child.get("ctype")
            if ctype is not None and ctype not in ctypes[name] and not re.fullmatch(r"x-\S+", ctype):
                found.append(f"{_where(child)}: ctype {ctype!r}")
            if name == "bx":
                open_.append(child.get("rid") or cid)
        elif name == "ex":
            ref = child.get("rid") or child.get("id")
            if ref not in open_:
                found.append(f"{_where(child)}: <ex> closes nothing open")
            else:
                open_.remove(ref)
    for ref in open_:
        found.append(f"{_where(element)}: <bx> {ref!r} is never closed")
    return codes
