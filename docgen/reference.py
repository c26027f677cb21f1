"""The DOCX house style's reference document, checked and made safe before the
DOCX renderer sees it.

A reference document is a file a newsroom edits in Word, and every release is built
from a copy of it, so whatever it carries goes out with every release.  It is read
once, and refused when it is not a zip, is larger than the limits below (a "zip
bomb" is caught while it inflates, whatever its headers claim), is not a Word
document, or is a macro-enabled one (.docm, .dotm).  What remains is made safe and
complete, each with a warning:

- a macro project (``vbaProject.bin``) that a plain .docx carries anyway is removed;
- links to outside files that Word would fetch on opening (an ``attachedTemplate`` on
  a web server, a linked picture or frame) are removed; hyperlinks stay;
- a style docgen uses that the document lacks is taken from docgen's own reference
  document (with the styles it is based on and its list numbering).

A Word template (.dotx) is read as the document it is.  ``check`` says what is
wrong; ``prepared`` gives the renderer the safe copy.
"""
from __future__ import annotations

import copy
import functools
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import N_, DocgenError, Message, joined
from docgen.resources import DEFAULT_REFERENCE, shipped

MAX_FILE_MB = 20
"""A larger reference document is refused before it is read."""
MAX_PART_MB = 20
"""No part may inflate to more than this,"""
MAX_TOTAL_MB = 50
"""nor all parts together to more than this."""
MAX_PARTS = 1000

NEEDED = {
    "paragraph": ("Normal", "Headline", "Subheadline", "Highlight", "Heading 1", "Heading 2", "Quote", "Quote Attribution",
                  "List Bullet", "Caption", "Table Heading", "Table Heading Right", "Table Heading Center", "Table Text",
                  "Table Text Right", "Table Text Center", "Hashtags", "Embargo", "Media Contact", "Source Line", "Closing",
                  "End Mark", "Header", "Footer"),
    "character": ("Dateline", "Strong", "Emphasis", "Strong Emphasis", "Hyperlink"),
    "table": ("Table Grid",),
}
"""The styles docgen's DOCX writer uses, by name and kind (docgen/render/docx.py)."""

_MB = 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .doc, or an encrypted .docx
_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_MS_RELS = "http://schemas.microsoft.com/office/2006/relationships/"
_MACRO_RELS = {_MS_RELS + "vbaProject", _MS_RELS + "wordVbaData", _MS_RELS + "keyMapCustomizations"}
_MACRO_TYPES = ("application/vnd.ms-office.vbaProject", "application/vnd.ms-word.vbaData+xml",
                "application/vnd.ms-word.keyMapCustomizations+xml")
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Prepared:
    """A reference document made safe: its bytes, and what was changed to make it so."""

    data: bytes
    warnings: tuple[Message, ...] = ()


def check(path: Path, *, name: str) -> Prepared:
    """The reference document at *path*, checked and made safe; a DocgenError (without a
    location: the style adds it) when it cannot be.  *name* is the file as the style wrote it.

    Each version of a file (its size and time tell versions apart) is prepared once per
    process: loading the style does it, and the renderer (in forked workers too) reuses it."""
    stat = Path(path).stat()
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _PREPARED:
        _PREPARED[key] = _prepare(str(path), stat.st_size, name)
    return _PREPARED[key]


_PREPARED: dict[tuple, Prepared] = {}


def prepared(path: str | Path | None) -> io.BytesIO:
    """What the DOCX renderer opens: the safe copy of *path*, or docgen's own reference document."""
    if path is None:
        return io.BytesIO(shipped(DEFAULT_REFERENCE).read_bytes())
    return io.BytesIO(check(Path(path), name=Path(path).name).data)


def _prepare(path: str, size: int, name: str) -> Prepared:
    if size > MAX_FILE_MB * _MB:
        raise DocgenError("reference document {path} is larger than {limit} MB", path=name, limit=MAX_FILE_MB)
    data = Path(path).read_bytes()
    if data.startswith(_OLE):
        raise DocgenError("reference document {path} is an old Word file (.doc) or password-protected; "
                          "save it in Word as a Word Document (.docx) without a password", path=name)
    parts = _inflate(data, name)
    main, kind = _main_part(parts, name)
    if kind in ("docm", "dotm"):
        raise DocgenError("reference document {path} is a macro-enabled Word file (.{kind}); "
                          "save it in Word as a Word Document (.docx)", path=name, kind=kind)
    if kind == "dotx":  # a template is a document to python-docx once it says so
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"wordprocessingml.template.main+xml", b"wordprocessingml.document.main+xml")
        data = _zipped(parts)
    warnings = []
    try:
        document = _open(data)
        macros = _remove_macros(document, parts)
        links = _remove_external(document)
        taken = _complete_styles(document, name)
    except DocgenError:
        raise
    except Exception as err:  # python-docx and lxml raise many kinds on a malformed part; all mean the same here
        raise DocgenError("reference document {path} cannot be read as a Word document: {reason}",
                          path=name, reason=str(err) or type(err).__name__) from None
    if macros:
        warnings.append(Message("reference document {path}: its macros (vbaProject.bin) were removed; releases never carry macros",
                                path=name))
    for link, target in links:
        # Translators: {link} is the kind of link as Word names it, such as attachedTemplate.
        warnings.append(Message("reference document {path}: its link to {target} ({link}) was removed; "
                                "a release never fetches anything when it is opened", path=name, target=target, link=link))
    if taken:
        warnings.append(Message("reference document {path} lacks styles docgen uses; they are taken from docgen's own: {names}",
                                path=name, names=", ".join(taken)))
    if not (macros or links or taken or kind == "dotx"):
        return Prepared(data)
    out = io.BytesIO()
    document.save(out)
    return Prepared(out.getvalue(), tuple(warnings))


def _inflate(data: bytes, name: str) -> dict[str, bytes]:
    """Every part, inflated; counted as it inflates, so no header can lie about sizes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise DocgenError("reference document {path} is not a Word document (.docx): it is not a zip archive", path=name) from None
    parts: dict[str, bytes] = {}
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise DocgenError("reference document {path} has more than {limit} parts", path=name, limit=MAX_PARTS)
        for info in infos:
            if info.filename in parts:
                raise DocgenError("reference document {path} holds two parts named {part}", path=name, part=info.filename)
            if info.flag_bits & 0x1:
                raise DocgenError("reference document {path} is password-protected", path=name)
            chunks, size = [], 0
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(1 << 16):
                        size += len(chunk)
                        total += len(chunk)
                        if size > MAX_PART_MB * _MB:
                            raise DocgenError("reference document {path}: part {part} inflates to more than {limit} MB",
                                              path=name, part=info.filename, limit=MAX_PART_MB)
                        if total > MAX_TOTAL_MB * _MB:
                            raise DocgenError("reference document {path} inflates to more than {limit} MB",
                                              path=name, limit=MAX_TOTAL_MB)
                        chunks.append(chunk)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError, RuntimeError) as err:
                # A damaged entry (bad CRC, broken deflate stream) or one compressed in a way zipfile
                # cannot read: the same to a person.
                raise DocgenError("reference document {path} is damaged: {reason}", path=name, reason=str(err)) from None
            parts[info.filename] = b"".join(chunks)
    return parts


def _main_part(parts: dict[str, bytes], name: str) -> tuple[str, str]:
    """The main part's name and what kind of file it makes (docx, dotx, docm, dotm)."""
    from docx.oxml.parser import parse_xml

    not_word = DocgenError("reference document {path} is not a Word document (.docx)", path=name)
    if "[Content_Types].xml" not in parts or "_rels/.rels" not in parts:
        raise not_word
    try:
        rels = parse_xml(parts["_rels/.rels"])
        types = parse_xml(parts["[Content_Types].xml"])
    except Exception:  # lxml's syntax errors: not a package docgen can read
        raise not_word from None
    targets = [r.get("Target", "") for r in rels.iter(f"{{{_PR}}}Relationship") if r.get("Type") == _OFFICE_DOCUMENT]
    if len(targets) != 1:
        raise not_word
    main = targets[0].lstrip("/")
    content_type = next((o.get("ContentType") for o in types.iter(f"{{{_CT}}}Override") if o.get("PartName", "").lstrip("/") == main), None)
    if content_type is None:
        extension = main.rpartition(".")[2].lower()
        content_type = next((d.get("ContentType") for d in types.iter(f"{{{_CT}}}Default") if d.get("Extension", "").lower() == extension), None)
    if content_type not in _MAIN or main not in parts:
        raise DocgenError("reference document {path} is not a Word document: its main part is {content_type}",
                          path=name, content_type=content_type or main)
    return main, _MAIN[content_type]


def _zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return out.getvalue()


def _open(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def _all_parts(document) -> list:
    package = document.part.package
    return [package, *package.iter_parts()]


def _remove_macros(document, parts: dict[str, bytes]) -> bool:
    """Drop every relationship to a macro project (and so the project: python-docx writes only
    what is related); True when the document had one, related or not."""
    found = any(part.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for part in parts)
    for source in _all_parts(document):
        for rid, rel in list(source.rels.items()):
            target = None if rel.is_external else rel.target_part
            if rel.reltype in _MACRO_RELS or (target is not None and target.content_type in _MACRO_TYPES):
                _drop(source, rid)
                found = True
    return found


def _remove_external(document) -> list[tuple[str, str]]:
    """Drop links to outside files other than hyperlinks: (kind, target) of each."""
    removed = []
    for source in _all_parts(document):
        for rid, rel in list(source.rels.items()):
            if rel.is_external and rel.reltype != _HYPERLINK:
                removed.append((rel.reltype.rsplit("/", 1)[-1], rel.target_ref))
                _drop(source, rid)
    return removed


def _drop(source, rid: str) -> None:
    """Remove relationship *rid* of *source* and the elements that refer to it (a
    ``w:attachedTemplate``, a linked picture), so no reference is left dangling."""
    del source.rels[rid]
    element = getattr(source, "_element", None)
    if element is None:
        return
    prefix = f"{{{_R}}}"
    referring = [node for node in element.iter() if any(k.startswith(prefix) and v == rid for k, v in node.attrib.items())]
    for node in referring:
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)


# --- styles ---

def _complete_styles(document, path: str) -> list[str]:
    """Take each style docgen needs and *document* lacks from docgen's reference document;
    the names taken, in order.  A style of the wrong kind is an error."""
    from docx.enum.style import WD_STYLE_TYPE

    kinds = {WD_STYLE_TYPE.PARAGRAPH: "paragraph", WD_STYLE_TYPE.CHARACTER: "character", WD_STYLE_TYPE.TABLE: "table",
             WD_STYLE_TYPE.LIST: "numbering"}
    have = {style.name: kinds.get(style.type, "") for style in document.styles}
    taken: list[str] = []
    copier = _StyleCopier(document, _default_document())
    for kind, names in NEEDED.items():
        for name in names:
            if name not in have:
                copier.copy(name, taken)
            elif have[name] != kind:
                found, needed = _KIND_WORDS.get(have[name], "?"), _KIND_WORDS[kind]
                # Translators: {kind} and {needed} are "paragraph", "character", "table" or "list".
                raise DocgenError("reference document {path}: its style {name!r} is a {kind} style; docgen needs a {needed} style of that name",
                                  path=path, name=name, kind=Message(found), needed=Message(needed))
    return taken


_KIND_WORDS = {"paragraph": N_("paragraph"), "character": N_("character"), "table": N_("table"), "numbering": N_("list")}


@functools.cache
def _default_bytes() -> bytes:
    return shipped(DEFAULT_REFERENCE).read_bytes()


def _default_document():
    return _open(_default_bytes())


class _StyleCopier:
    """Copies styles by name from docgen's reference document into another, with the styles
    they are based on and their numbering, renaming ids that are taken."""

    def __init__(self, document, default):
        self.document, self.default = document, default
        self.styles = document.styles.element
        self.by_name = {style.name: style.style_id for style in document.styles}
        self.ids = {style.style_id for style in document.styles}
        self.default_by_id = {style.style_id: style for style in default.styles}
        self.default_by_name = {style.name: style for style in default.styles}

    def copy(self, name: str, taken: list[str]) -> str | None:
        """The id of style *name* in the document, copied there first when missing."""
        if name in self.by_name:
            return self.by_name[name]
        source = self.default_by_name.get(name)
        if source is None:
            return None
        element = copy.deepcopy(source.element)
        style_id = source.style_id
        n = 1
        while style_id in self.ids:
            n += 1
            style_id = f"{source.style_id}{n}"
        element.set(f"{{{_W}}}styleId", style_id)
        self.by_name[name] = style_id
        self.ids.add(style_id)
        taken.append(name)
        if element.get(f"{{{_W}}}default") and self._has_default(element.get(f"{{{_W}}}type")):
            del element.attrib[f"{{{_W}}}default"]
        for tag in ("basedOn", "next", "link"):
            ref = element.find(f"{{{_W}}}{tag}")
            if ref is None:
                continue
            base = self.default_by_id.get(ref.get(f"{{{_W}}}val"))
            # A style's base is part of its look: copied too.  The style after it, or a linked
            # character style, only if the document has it.
            target = None
            if base is not None:
                target = self.copy(base.name, taken) if tag == "basedOn" else self.by_name.get(base.name)
            if target is None:
                element.remove(ref)
            else:
                ref.set(f"{{{_W}}}val", target)
        self._numbering(element)
        self.styles.append(element)
        return style_id

    def _has_default(self, kind: str | None) -> bool:
        return any(s.get(f"{{{_W}}}type") == kind and s.get(f"{{{_W}}}default") in ("1", "true", "on")
                   for s in self.styles.iterfind(f"{{{_W}}}style"))

    def _numbering(self, element) -> None:
        """A copied list style's bullets: its numbering definition copied under new ids."""
        num_id = element.find(f"{{{_W}}}pPr/{{{_W}}}numPr/{{{_W}}}numId")
        if num_id is None or num_id.get(f"{{{_W}}}val") in (None, "0"):
            return
        source = self.default.part.numbering_part.element
        num = source.find(f"{{{_W}}}num[@{{{_W}}}numId='{num_id.get(f'{{{_W}}}val')}']")
        abstract = None
        if num is not None:
            ref = num.find(f"{{{_W}}}abstractNumId").get(f"{{{_W}}}val")
            abstract = source.find(f"{{{_W}}}abstractNum[@{{{_W}}}abstractNumId='{ref}']")
        if abstract is None:
            num_id.getparent().remove(num_id)
            return
        target = self._numbering_element()
        new_abstract = copy.deepcopy(abstract)
        abstract_id = 1 + max((int(a.get(f"{{{_W}}}abstractNumId")) for a in target.iterfind(f"{{{_W}}}abstractNum")), default=-1)
        new_abstract.set(f"{{{_W}}}abstractNumId", str(abstract_id))
        for link in new_abstract.xpath(".//w:pStyle | .//w:numStyleLink | .//w:styleLink | .//w:lvlPicBulletId",
                                       namespaces={"w": _W}):
            link.getparent().remove(link)
        new_num = copy.deepcopy(num)
        new_id = 1 + max((int(n.get(f"{{{_W}}}numId")) for n in target.iterfind(f"{{{_W}}}num")), default=0)
        new_num.set(f"{{{_W}}}numId", str(new_id))
        new_num.find(f"{{{_W}}}abstractNumId").set(f"{{{_W}}}val", str(abstract_id))
        # The schema puts every abstractNum before every num.
        abstracts = target.findall(f"{{{_W}}}abstractNum")
        if abstracts:
            abstracts[-1].addnext(new_abstract)
        else:
            target.insert(0, new_abstract)
        nums = target.findall(f"{{{_W}}}num")
        if nums:
            nums[-1].addnext(new_num)
        else:
            new_abstract.addnext(new_num)
        num_id.set(f"{{{_W}}}val", str(new_id))

    def _numbering_element(self):
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.parser import parse_xml
        from docx.parts.numbering import NumberingPart

        part = self.document.part
        try:
            return part.part_related_by(RT.NUMBERING).element
        except KeyError:
            numbering = NumberingPart(part.package.next_partname("/word/numbering%d.xml"), CT.WML_NUMBERING,
                                      parse_xml(f'<w:numbering xmlns:w="{_W}"/>'.encode()), part.package)
            part.relate_to(numbering, RT.NUMBERING)
            return numbering.element


def located(warnings, *, file, line, field) -> tuple[Message, ...]:
    """Each warning as ``FILE:LINE: FIELD: words`` (the words in the user's language when said)."""
    where = ":".join(str(p) for p in (file, line) if p is not None)
    return tuple(joined(": ", [where, field, warning]) for warning in warnings)
