"""Wire services' conventions, read from data files.

A wire is a YAML file (``docgen/wires/<name>.yaml`` for the shipped ones, a
project's own in a ``wires/`` folder beside or above its releases, same
format) that says, per language, how the dateline is printed, how the date is
written, whether the city is capitalised, how several cities and several
issuers are joined, the SOURCE line, the hashtag line, the end mark and the
closing lines.  Renderers print from it (through ``LocaleContext``) and the
importer recognises datelines with the patterns made from the same templates.
"""
from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from docgen import validation
from docgen.errors import DocgenError
from docgen.schemaconfig import strict

if TYPE_CHECKING:
    from pydantic import TypeAdapter

SHIPPED = Path(__file__).resolve().parent
PROJECT_FOLDER = "wires"
NONE = "none"
"""The wire of a release issued through no wire service (the organisation's own newsroom)."""
_STRICT = strict()
_AP_MONTHS = r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?"


@dataclass(frozen=True, kw_only=True)
class Conventions:
    """How a wire prints a release in one language."""

    __pydantic_config__ = _STRICT
    wire: str | None = None
    """The wire's name as printed in this language: ``{wire}`` in the dateline (``PRNewswire``, ``美通社``)."""
    dateline: str | None = None
    """Wire copy's dateline, running into the first paragraph: ``{city}``, ``{date}``, ``{wire}``; none: no dateline."""
    print_dateline: str | None = None
    """The dateline in PDF and DOCX; by default the wire copy's, with `` -- `` set as an em dash."""
    date: str = "ap"
    """``ap`` (Feb. 28, 2024), ``ap-no-periods`` (Feb 28, 2024) or a CLDR date pattern (``d MMMM y``, ``y年M月d日``)."""
    city_case: Literal["upper", "as-written"] = "as-written"
    """``upper``: the city (up to its first comma: ``BROOKLYN, N.Y.``) in capitals."""
    cities: str = " and "
    """What joins several cities (``HONG KONG and PARIS``)."""
    source: str | None = None
    """The closing SOURCE line with ``{organisations}``; none: the wire prints none."""
    organisations: str = "; "
    """What joins the issuers of a co-issued release in the SOURCE line."""
    hashtags: str | None = "{hashtags}"
    """The hashtag line after the body (``Hashtag: {hashtags}``); none: hashtags are not printed."""
    end_mark: str | None = None
    """The mark under a printed release (``###``, ``－完－``); none: no end mark."""
    closing: tuple[str, ...] = ()
    """Lines after the release (``Ends/{date}``, ``Issued at HKT {time}``); a line with ``{time}`` is left out without a time."""
    closing_date: str = "MMMM d, y"
    """CLDR pattern of ``{date}`` in the closing lines."""
    time: str = "HH:mm"
    """CLDR pattern of ``{time}`` in the closing lines."""
    also: tuple[str, ...] = ()
    """Other dateline forms (same placeholders) the importer recognises, e.g. older ones."""


@dataclass(frozen=True, kw_only=True)
class WireFile:
    """A wire conventions file."""

    __pydantic_config__ = _STRICT
    name: str
    """The name releases and profiles use (``wire: PRNewswire``)."""
    aliases: tuple[str, ...] = ()
    """Other names accepted for it."""
    languages: dict[str, Conventions]
    """Conventions per language tag (``en``, ``zh-Hant``, ``zh-Hans``); the most specific match is used."""


@dataclass(frozen=True)
class Wire:
    """A wire service's conventions, and the file they were read from."""

    name: str
    aliases: tuple[str, ...]
    languages: dict[str, Conventions]
    file: Path
    lines: dict = field(default_factory=dict, compare=False)

    def conventions(self, tag: str) -> Conventions:
        """The conventions for language *tag*: ``zh-Hant-HK`` takes ``zh-Hant-HK``, ``zh-Hant``, then ``zh``."""
        parts = tag.split("-")
        for n in range(len(parts), 0, -1):
            if "-".join(parts[:n]) in self.languages:
                return self.languages["-".join(parts[:n])]
        has = ", ".join(self.languages)
        raise DocgenError("wire {wire!r} has no conventions for {locale} (it has: {has}); add a '{section}' section under 'languages', "
                          "or build this edition with --wire", file=self.file, line=self.lines.get("languages"), field="languages",
                          wire=self.name, locale=tag, has=has, section="-".join(parts[:2]))

    def patterns(self) -> list[tuple[str, re.Pattern]]:
        """(language, regex) for every dateline form of the wire, for the importer: groups
        ``city``, ``year``, ``month``, ``day`` and ``wire``."""
        found = []
        for language, conv in self.languages.items():
            names = [n for n in (conv.wire, self.name, *self.aliases) if n]
            for template in filter(None, (conv.dateline, conv.print_dateline, *conv.also)):
                found.append((language, _pattern(template, conv, names)))
        return found


@functools.cache
def _adapter() -> TypeAdapter:
    from pydantic import TypeAdapter

    return TypeAdapter(WireFile)


def _key(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).lower()


def read_wire(path: Path) -> Wire:
    """One wire file, checked; mistakes name their line.  Read once while it is unchanged."""
    try:
        stat = path.stat()
    except OSError as err:
        raise DocgenError("cannot read: {reason}", file=path, reason=err.strerror) from None
    return _read_wire(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_wire(path: Path, mtime: int, size: int) -> Wire:
    from docgen.sources import yamldata
    from docgen.sources.textfile import read_text

    data = yamldata.load(read_text(path), file=path)
    if not isinstance(data, dict):
        raise DocgenError("a wire file is a set of 'field: value' lines", file=path, line=1)
    parsed: WireFile = validation.validate(_adapter(), data, file=path)
    for language, conv in parsed.languages.items():
        for name, allowed in _PLACEHOLDERS.items():
            values = conv.closing if name == "closing" else (getattr(conv, name),)
            for n, value in enumerate(values):
                where = f"languages.{language}.{name}" + (f".{n}" if name == "closing" else "")
                _check_template(value, allowed, path, validation.line_of(data, ("languages", language, name)), where)
    return Wire(parsed.name, parsed.aliases, dict(parsed.languages), path, {"languages": validation.line_of(data, ("languages",))})


# The placeholders each template may use.
_PLACEHOLDERS = {"dateline": {"city", "date", "wire"}, "print_dateline": {"city", "date", "wire"}, "source": {"organisations"},
                 "hashtags": {"hashtags"}, "end_mark": set(), "closing": {"date", "time"}}


def _check_template(template: str | None, allowed: set[str], path: Path, line: int | None, where: str) -> None:
    if template is None:
        return
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError as err:
        raise DocgenError("not a template: {reason} (write {{ and }} as {{{{ and }}}})", file=path, line=line, field=where, reason=str(err)) from None
    unknown = fields - allowed
    if unknown:
        raise DocgenError("unknown placeholder {placeholder} (use {allowed})", file=path, line=line, field=where,
                          placeholder="{" + sorted(unknown)[0] + "}", allowed=", ".join("{" + a + "}" for a in sorted(allowed)))


def folders(start: Path | None) -> list[Path]:
    """Where wires are looked for: ``wires/`` beside and above *start* (nearest first), then docgen's own."""
    found = []
    if start is not None:
        for folder in Path(start).resolve().parents:
            if (folder / PROJECT_FOLDER).is_dir():
                found.append(folder / PROJECT_FOLDER)
    return found + [SHIPPED]


def available(start: Path | None = None) -> dict[str, Path]:
    """Every wire name (and alias) known from *start*, to its file; nearer folders win."""
    known: dict[str, Path] = {}
    for folder in reversed(folders(start)):
        for path in sorted(folder.glob("*.yaml")):
            known[_key(path.stem)] = path
    return known


def find(name: str | None, start: Path | None = None) -> Wire:
    """The wire called *name* (file name, ``name`` or an alias, any case and spacing); None is ``none``."""
    wanted = _key(name or NONE)
    files = available(start)
    if wanted in files:
        return read_wire(files[wanted])
    for path in files.values():
        wire = read_wire(path)
        if wanted in {_key(n) for n in (wire.name, *wire.aliases)}:
            return wire
    names = sorted({read_wire(p).name for p in files.values()}, key=str.lower)
    raise DocgenError("unknown wire {name!r} (known: {known}; a project's own go in a {folder}/ folder)", field="wire",
                      name=name, known=", ".join(names), folder=PROJECT_FOLDER)


def shipped_wires() -> list[Wire]:
    """docgen's own wires."""
    return [read_wire(p) for p in sorted(SHIPPED.glob("*.yaml"))]


# --- recognising datelines (for the importer) ---

def _literal(text: str) -> str:
    out = ""
    for part in re.split(r"(--|\s+|-)", text):
        if part == "--":
            out += r"\s*(?:--|—|–)\s*"
        elif part == "-":  # a hyphen between spaces is typed as an en or em dash too
            out += "[-–—]"
        elif part.isspace():
            out += r"\s*"
        elif part:
            out += re.escape(part)
    return out


def _date_regex(style: str) -> str:
    if style in ("ap", "ap-no-periods"):
        return _AP_MONTHS + r"\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})"
    out = ""
    for run in re.finditer(r"'[^']*'|([A-Za-z])\1*|.", style):
        token = run.group()
        letter = token[0]
        if token.startswith("'"):
            out += re.escape(token.strip("'"))
        elif letter == "y":
            out += r"(?P<year>\d{4})"
        elif letter in "ML":
            out += r"(?P<month>\d{1,2})" if len(token) <= 2 else r"(?P<month>[A-Za-z]+)\.?"
        elif letter == "d":
            out += r"(?P<day>\d{1,2})"
        elif letter in "Ec":
            out += r"\S+?"
        else:
            out += _literal(token)
    return out


def _pattern(template: str, conv: Conventions, names: list[str]) -> re.Pattern:
    out = "^"
    for literal, name, _, _ in string.Formatter().parse(template):
        out += _literal(literal)
        if name == "city":
            out += r"(?P<city>[^\s\d/(（][^\n]{0,80}?)"
        elif name == "date":
            out += _date_regex(conv.date)
        elif name == "wire":
            out += "(?P<wire>" + "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)) + r")(?:-[\w-]+)?"
    return re.compile(out)
