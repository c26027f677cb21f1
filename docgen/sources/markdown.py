"""Read a release written as Markdown with YAML front matter.

markdown-it-py (CommonMark) parses the body; raw HTML is disabled so that
markup typed in a release stays literal text.  The attrs plugin gives photos
their ``{alt="..." credit="..."}``, as pandoc users write them.
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from docgen.errors import DocgenError, Message
from docgen import inline as codec
from docgen.model import BulletList, Dateline, Heading, Organisation, Paragraph, Photo, Quote, Release, Table, plain_text
from docgen import validation
from docgen.sources import yamldata
from docgen.sources.spec import FrontMatter, OrganisationProfile
from docgen.sources.profiles import profile_path
from docgen.sources.textfile import read_text

if TYPE_CHECKING:
    from markdown_it.token import Token
    from pydantic import TypeAdapter

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_ATTRIBUTION = re.compile(r"^\s*(?:—|―|--)\s*")
_PHOTO_ATTRIBUTES = {"alt", "credit"}


@functools.cache
def _adapter(kind: type) -> TypeAdapter:
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


def read_release(path: Path, *, allow_outside: bool = False, text: str | None = None) -> Release:
    """Parse the release file at *path* (or *text*, its content already read by ``decode``) into the canonical model.

    Photos must be inside the project (the folder holding ``organisations/``)
    unless *allow_outside*.
    """
    path = Path(path)
    text = read_text(path) if text is None else text
    header, body, body_line = _split_front_matter(text, path)
    data = yamldata.load(header, file=path, first_line=2)
    if not isinstance(data, dict):
        raise DocgenError("front matter must be a set of 'field: value' lines", file=path, line=2)
    meta: FrontMatter = validation.validate(_adapter(FrontMatter), data, file=path)
    profiles, organisations = [], []
    for n, org_id in enumerate(meta.organisation):
        line = validation.line_of(data, ("organisation", n) if isinstance(data["organisation"], list) else ("organisation",))
        if org_id in meta.organisation[:n]:
            raise DocgenError("organisation {org!r} is named twice", file=path, line=line, field="organisation", org=org_id)
        profile_file = profile_path(path, org_id, line)
        profile, organisation = read_organisation(profile_file)
        profiles.append((profile_file, profile))
        organisations.append(organisation)
    lead_file, lead = profiles[0]
    root = None if allow_outside else lead_file.resolve().parent.parent
    cities = meta.dateline.city or lead.dateline_city
    if cities is None:
        raise DocgenError(
            "no dateline city: give dateline.city or dateline_city in the organisation profile",
            file=path, line=validation.line_of(data, ("dateline",)), field="dateline.city",
        )
    wire = _wire(meta.dateline.wire, lead.wire, path, data, lead_file)
    blocks = _blocks(body, path, body_line, section="lead", root=root)
    highlights = ()
    if blocks and isinstance(blocks[0], BulletList):  # summary bullets above the dateline
        highlights, blocks = blocks[0].items, blocks[1:]
    if not blocks or not isinstance(blocks[0], Paragraph):
        first = next((n for n, text in enumerate(body.split("\n")) if text.strip()), 0)
        raise DocgenError("the body must open with a paragraph (the dateline runs into it), after any highlights (a bullet list)",
                          file=path, line=body_line + first, field="body")
    contacts = meta.contacts if meta.contacts is not None else tuple(c for _, p in profiles for c in p.contacts)
    return Release(
        slug=meta.slug or _default_slug(path, meta),
        language=meta.language,
        headline=meta.headline.strip(),
        subheadline=meta.subheadline.strip() if meta.subheadline else None,
        highlights=tuple(highlights),
        dateline=Dateline(cities=tuple(c.strip() for c in cities), date=meta.dateline.date, time=meta.dateline.time, wire=wire),
        body=tuple(blocks),
        organisations=tuple(organisations),
        contacts=tuple(dict.fromkeys(contacts)),
        embargo=meta.embargo,
        keywords=meta.keywords,
        hashtags=meta.hashtags,
    )


def _wire(named: str | None, default: str | None, path: Path, data, profile_file: Path) -> str | None:
    """The wire's name as its conventions file gives it (None: no wire), checked where it was written."""
    from docgen import wires

    try:
        wire = wires.find(named or default, start=path)
    except DocgenError as err:
        if err.file:  # a broken wire file: its own location
            raise
        if named:
            raise DocgenError(err.message, file=path, line=validation.line_of(data, ("dateline", "wire")), field="dateline.wire") from None
        profile_data = yamldata.load(read_text(profile_file), file=profile_file)
        raise DocgenError(err.message, file=profile_file, line=validation.line_of(profile_data, ("wire",)), field="wire") from None
    return None if wire.name == wires.NONE else wire.name


def read_organisation(path: Path) -> tuple[OrganisationProfile, Organisation]:
    """Parse an organisation profile: the profile as written and the model's view of it."""
    try:
        stat = path.stat()
    except OSError:
        return _read_organisation(path, None, None)  # read_text says why
    return _read_organisation(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read_organisation(path: Path, _mtime: int | None, _size: int | None) -> tuple[OrganisationProfile, Organisation]:
    """The profile *path* as it is (by its mtime and size): read once per process while it stays
    so, not once per release of a batch (both views are frozen)."""
    data = yamldata.load(read_text(path), file=path)
    if not isinstance(data, dict):
        raise DocgenError("an organisation profile must be a set of 'field: value' lines", file=path, line=1)
    profile: OrganisationProfile = validation.validate(_adapter(OrganisationProfile), data, file=path)
    # A block scalar (about: |) starts on the line after its key.
    about_line = (validation.line_of(data, ("about",)) or 0) + 1
    about = _blocks(profile.about or "", path, about_line, section="about")
    if not all(isinstance(b, Paragraph) for b in about):
        raise DocgenError("the boilerplate may hold paragraphs only", file=path, line=about_line, field="about")
    organisation = Organisation(
        id=path.stem, name=profile.name, short_name=profile.short_name, website=profile.website, newsroom=profile.newsroom,
        english=profile.english, about=tuple(about), cities=tuple(profile.dateline_city or ()),
        contacts=profile.contacts,
    )
    return profile, organisation


def _split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise DocgenError("a release starts with YAML front matter between two '---' lines", file=path, line=1, field="front matter")
    for number, line in enumerate(lines[1:], start=1):
        if _FENCE.match(line):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise DocgenError("the front matter is not closed by a '---' line", file=path, line=1, field="front matter")


def _default_slug(path: Path, meta: FrontMatter) -> str:
    """The file's name; a release from standard input has none, and takes its date and its
    headline's first words, as an imported release does."""
    if path.name.startswith("<"):
        return "-".join(filter(None, [meta.dateline.date.isoformat(), "-".join(slugify(meta.headline).split("-")[:6])]))
    return slugify(path.stem) or "release"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class _Ids:
    """Stable block ids: a heading's slug, and ``<section>.<n>`` for what follows it,
    so an edit in one section does not renumber the others."""

    def __init__(self, section: str):
        self.section, self.count, self.used = section, 0, set()

    def heading(self, text: str) -> str:
        base = slugify(text) or "section"
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}-{n}"
        self.used.add(name)
        self.section, self.count = name, 0
        return name

    def block(self) -> str:
        self.count += 1
        return f"{self.section}.{self.count}"


def _blocks(markdown: str, path: Path, first_line: int, section: str, root: Path | None = None) -> list:
    tokens = codec.markdown().parse(markdown)
    ids = _Ids(section)
    blocks, i = [], 0
    while i < len(tokens):
        token = tokens[i]
        line = first_line + token.map[0] if token.map else first_line
        end = _closing(tokens, i)
        if token.type == "paragraph_open":
            blocks.append(_paragraph_or_photo(tokens[i + 1], ids, path, line, root))
        elif token.type == "heading_open":
            spans = codec.spans(tokens[i + 1], path, line)
            level = 1 if token.tag in ("h1", "h2") else 2
            blocks.append(Heading(id=ids.heading(plain_text(spans)), level=level, content=spans))
        elif token.type == "blockquote_open":
            blocks.append(_quote(tokens[i + 1 : end], ids, path, line))
        elif token.type == "bullet_list_open":
            items = [codec.spans(t, path, line) for t in tokens[i + 1 : end] if t.type == "inline"]
            if any(t.type in ("bullet_list_open", "ordered_list_open", "blockquote_open") for t in tokens[i + 1 : end]):
                raise DocgenError("lists inside lists or quotes are not supported", file=path, line=line, field="body")
            # A list opening the body is the highlights: outside the numbering, so adding or
            # removing highlights leaves the ids (translation contexts) of the body alone.
            highlights = not blocks and section == "lead"
            blocks.append(BulletList(id="highlights" if highlights else ids.block(), items=tuple(items)))
        elif token.type == "table_open":
            blocks.append(_table(tokens[i : end + 1], ids, path, line))
        else:
            raise DocgenError("{element} is not supported in a release", file=path, line=line, field="body", element=_describe(token))
        i = end + 1
    return _captions(blocks, path, first_line)


_CAPTION = re.compile(r"^(?:Table)?:\s+")
_NUMBER = re.compile(r"^[-+−–]?\s*(?:[A-Z]{0,3}\$|[€£¥])?\s*[-+−]?\d[\d,.\s]*(?:%|‰|[kKmMbB]n?)?$|^[-–—]$")


def alignment(cells: list[str]) -> str:
    """``right`` for a column of numbers (amounts, percentages, dashes for none), else ``left``."""
    filled = [c.strip() for c in cells if c.strip()]
    return "right" if filled and all(_NUMBER.match(c) for c in filled) else "left"


def _table(tokens: list[Token], ids: _Ids, path: Path, line: int) -> Table:
    """A pipe table: its header row, body rows and column alignment (numbers to the right)."""
    rows, row, header, align = [], [], None, []
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open") and header is None:
            style = str(token.attrs.get("style", ""))
            align.append(style.removeprefix("text-align:") or None)
        elif token.type == "inline":
            row.append(codec.spans(token, path, line))
        elif token.type == "tr_close":
            if header is None:
                header = tuple(row)
            else:
                rows.append(tuple(row))
    columns = len(header or ())
    for n, explicit in enumerate(align):
        align[n] = explicit or alignment([plain_text(r[n]) for r in rows if n < len(r)])
    if not rows:
        raise DocgenError("a table needs at least one row under its header", file=path, line=line, field="table")
    return Table(id=ids.block(), header=header, rows=tuple(r[:columns] for r in rows), align=tuple(align[:columns]))


def table_from_markdown(text: str) -> Table | None:
    """The first pipe table in *text* (for importers), or None."""
    tokens = codec.markdown().parse(text)
    start = next((i for i, t in enumerate(tokens) if t.type == "table_open"), None)
    if start is None:
        return None
    try:
        return _table(tokens[start : _closing(tokens, start) + 1], _Ids("table"), Path("table"), 1)
    except DocgenError:
        return None


def _captions(blocks: list, path: Path, first_line: int) -> list:
    """A paragraph ``Table: ...`` (pandoc's form) just before or after a table is its caption."""
    out = []
    for block in blocks:
        caption = _CAPTION.match(plain_text(block.content)) if isinstance(block, Paragraph) else None
        if caption and out and isinstance(out[-1], Table) and out[-1].caption is None:
            out[-1] = replace(out[-1], caption=plain_text(block.content)[caption.end():].strip())
        elif isinstance(block, Table) and out and isinstance(out[-1], Paragraph) and _CAPTION.match(plain_text(out[-1].content)) \
                and block.caption is None:
            text = plain_text(out.pop().content)
            out.append(replace(block, caption=text[_CAPTION.match(text).end():].strip()))
        else:
            out.append(block)
    return out


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes the block opened at *start*."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _describe(token: Token) -> Message:
    names = {
        "ordered_list_open": Message("a numbered list (use '-' bullets)"),
        "fence": Message("a code block"),
        "code_block": Message("an indented code block (remove the indentation)"),
        "hr": Message("a horizontal rule"),
        "table_open": Message("a table"),
        "html_block": Message("raw HTML"),
    }
    return names.get(token.type) or Message("Markdown element {kind!r}", kind=token.type)


def _paragraph_or_photo(inline: Token, ids: _Ids, path: Path, line: int, root: Path | None):
    children = inline.children or []
    if len(children) == 1 and children[0].type == "image":
        return _photo(children[0], ids, path, line, root)
    # A photo markdown-it would not take (data:text/html, file:, javascript:) is left as text.
    refused = _REFUSED_PHOTO.match(inline.content)
    if refused:
        _not_an_address(refused.group(1), path, line)
    return Paragraph(id=ids.block(), content=codec.spans(inline, path, line))


def inside(target: Path, root: Path | None) -> bool:
    """Whether *target* (symbolic links followed) is within *root*; no root means anywhere."""
    return root is None or target.resolve().is_relative_to(root.resolve())


_ADDRESS = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]+):")  # two letters or more: C:\ is a Windows path
_REFUSED_PHOTO = re.compile(r"^!\[[^\]]*\]\(\s*<?([A-Za-z][A-Za-z0-9+.-]+:)")


def _not_an_address(src: str, path: Path, line: int) -> None:
    """Photos are files in the project: never data: URLs or web addresses (a build reads no network)."""
    address = _ADDRESS.match(src)
    if address:
        raise DocgenError("a photo is a file in the project, not a {scheme!r} address: save the picture into the project and give its path",
                          file=path, line=line, field="photo", scheme=address.group(1).lower() + ":")


def _photo(image: Token, ids: _Ids, path: Path, line: int, root: Path | None) -> Photo:
    attributes = dict(image.attrs)
    unknown = set(attributes) - _PHOTO_ATTRIBUTES - {"src", "title"}
    if unknown:
        raise DocgenError("unknown photo attribute {name!r} (use alt and credit)", file=path, line=line, field="photo", name=sorted(unknown)[0])
    caption = image.content.strip()
    if not caption:
        raise DocgenError("a photo needs a caption: ![Caption](file.jpg)", file=path, line=line, field="photo")
    written = unquote(str(attributes["src"]))  # markdown-it percent-encodes: 相片.jpg is a file's name as typed
    _not_an_address(written, path, line)
    src = (path.parent / written).resolve()
    if not inside(src, root):
        raise DocgenError("photo file is outside the project: {src} (copy it into the project, or pass --allow-outside)",
                          file=path, line=line, field="photo", src=written)
    if not src.exists():
        raise DocgenError("photo file not found: {src}", file=path, line=line, field="photo", src=written)
    from docgen import images

    images.photo(src, shown=written, file=path, line=line, field="photo")  # opened, verified, and cached for the renderers
    return Photo(
        id=ids.block(), src=str(src), caption=caption,
        alt=str(attributes.get("alt") or caption), credit=str(attributes["credit"]) if "credit" in attributes else None,
    )


def _quote(tokens: list[Token], ids: _Ids, path: Path, line: int) -> Quote:
    inlines = [t for t in tokens if t.type == "inline"]
    if any(t.type not in ("paragraph_open", "paragraph_close", "inline") for t in tokens) or not inlines:
        raise DocgenError("a quote holds one paragraph and an optional '— Speaker, Role' line", file=path, line=line, field="quote")
    speaker = role = None
    last = inlines[-1]
    if len(inlines) == 2 and _ATTRIBUTION.match(last.content):
        attribution = _ATTRIBUTION.sub("", last.content).strip()
        speaker, _, role = (part.strip() for part in attribution.partition(","))
        role = role or None
        inlines = inlines[:1]
    if len(inlines) != 1:
        raise DocgenError("a quote holds one paragraph and an optional '— Speaker, Role' line", file=path, line=line, field="quote")
    return Quote(id=ids.block(), content=codec.spans(inlines[0], path, line), speaker=speaker or None, role=role)
