"""Starting a project (``docgen init``) and a release (``docgen new``).

Nothing here writes words a person did not give: the organisation's name, city and
boilerplate are answers to questions, and a release's body comes from its author.  A release
without a first paragraph cannot be built (the dateline runs into it), so ``new`` refuses
rather than write a placeholder that could be published.  What the files leave to be filled
in later is in YAML comments, with what each field means and the form it takes; comments
never reach an output.

The command line asks the questions and gathers the body (it is the only module that
prints or reads a terminal); this module works out the defaults, checks every answer and
writes the files whole, after reading them back as docgen will.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from docgen import project as projects
from docgen.project_file import ProjectFile
from docgen.errors import N_, DocgenError
from docgen.scaffold_templates import FRONT_MATTER, PROFILE_HEADER, PROFILE_FIELDS, PROJECT_FILE, GITIGNORE
from docgen.sources.profiles import PROFILE_FOLDER

SOURCE_FOLDER = "source"
DEFAULT_LOCALES = ("en",)
DEFAULT_WIRE = "none"
"""No wire service: the organisation's own newsroom dateline, the one that claims no distributor."""
_ORG_ID = re.compile(r"[A-Za-z0-9_-]+")


# --- docgen init ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """One answer ``docgen init`` needs: its option, what to ask, and its default (from earlier answers)."""

    name: str
    """The answer's key, and the option's name with ``--`` and ``-`` for ``_``."""
    prompt: str
    """What the terminal asks (docgen's catalogue translates it)."""
    default: Callable[[dict], str | None] = lambda answers: None
    """A default worked out from the answers before it; None: the person must answer."""
    required: bool = True
    """False: a blank answer leaves the field out (commented in the file)."""
    ask: bool = True
    """False: a convention given by option only, never asked."""
    derived_from: str | None = None
    """The answer the default is made from: while that one is missing, only it is said to be."""

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


def _slug_of(text: str | None) -> str | None:
    from docgen.sources.markdown import slugify

    return slugify(text or "") or None


QUESTIONS = (
    Question("name", N_("Organisation's full name (the SOURCE line, the letterhead)")),
    Question("short_name", N_("Short name (\"About ...\")"), default=lambda a: a.get("name"), derived_from="name"),
    Question("org_id", N_("Profile id (organisations/<id>.yaml; releases say organisation: <id>)"),
             default=lambda a: _slug_of(a.get("short_name")), derived_from="short_name"),
    Question("city", N_("Dateline city, as the wire should print it (Hong Kong, Hong Kong SAR)")),
    Question("website", N_("Website (https://...; blank for none)"), required=False),
    Question("about", N_("About: the boilerplate under \"About ...\", in Markdown (blank for none)"), required=False),
    Question("wire", N_("Wire service (PRNewswire, BusinessWire, ... or none: your own newsroom)"), default=lambda a: DEFAULT_WIRE),
    Question("locale", N_("Editions to build, comma-separated (en, zh-Hant-HK, zh-Hans-CN)"), default=lambda a: ",".join(DEFAULT_LOCALES)),
    Question("format", N_("Output formats, comma-separated (txt, pdf, docx, html, ...)"), default=lambda a: _default_formats(), ask=False),
)


def _default_formats() -> str:
    from docgen.render import DEFAULT_FORMATS

    return ",".join(DEFAULT_FORMATS)


def answered(given: dict[str, str | None], ask: Callable[[Question, str | None], str | None] | None = None) -> dict[str, str | None]:
    """Every answer: what was *given* as options, else what *ask* gets for a question (None:
    no terminal to ask in), else its default.  Blank optional answers are None.  Raises when
    required answers are missing, naming all their options."""
    answers: dict[str, str | None] = {}
    for question in QUESTIONS:
        value = given.get(question.name)
        default = question.default(answers)
        if value is None and ask is not None and question.ask:
            value = ask(question, default)
        if value is None:
            value = default
        answers[question.name] = value.strip() if isinstance(value, str) and value.strip() else None
    missing = [q.option for q in QUESTIONS
               if q.required and answers[q.name] is None and not (q.derived_from and answers[q.derived_from] is None)]
    if missing:
        raise DocgenError("missing answers: {options} (docgen init asks for them in a terminal; with --yes or without "
                          "a terminal, give them as options)", options=", ".join(missing))
    return answers


def init_project(folder: Path, answers: dict[str, str | None]) -> list[Path]:
    """Make a project in *folder*: ``docgen.yaml``, ``source/organisations/<id>.yaml``,
    ``locales/`` and a ``.gitignore`` for the output folder.  Every answer is checked and
    every file read back before anything is written, and nothing existing is overwritten
    (a ``.gitignore`` already there gets the output folder added).  The paths written."""
    from docgen import wires
    from docgen.build import check_format
    from docgen.i18n import parse_locale

    org_id = answers["org_id"]
    if not _ORG_ID.fullmatch(org_id):
        raise DocgenError("not an organisation id: {org!r}", field="--org-id", org=org_id)
    config, profile = folder / projects.FILE, folder / SOURCE_FOLDER / PROFILE_FOLDER / f"{org_id}.yaml"
    for path in (config, profile):
        if path.exists():
            raise DocgenError("already exists: docgen init never overwrites a project file or a profile (nothing was written)",
                              file=path)
    locales_dir = folder / "locales"
    locales = _names(answers["locale"])
    if not locales:
        raise DocgenError("name at least one edition, e.g. en", field="--locale")
    tags = [_option(lambda: parse_locale(tag, locales_dir).tag, "--locale") for tag in locales]
    formats = list(dict.fromkeys(_names(answers["format"])))
    if not formats:
        raise DocgenError("name at least one format, e.g. txt", field="--format")
    for name in formats:
        check_format(name)
    wire = _option(lambda: wires.find(answers["wire"], start=folder / SOURCE_FOLDER).name, "--wire")
    texts = {
        config: project_text(list(dict.fromkeys(tags)), formats),
        profile: profile_text(org_id, {**answers, "wire": wire}),
    }
    _read_back(texts[config], texts[profile], org_id)
    gitignore = folder / ".gitignore"
    ignored = gitignore_text(gitignore.read_text("utf-8") if gitignore.is_file() else None, ProjectFile.out)
    if ignored is not None:
        texts[gitignore] = ignored
    from docgen.files import write_all

    write_all({path: text.encode("utf-8") for path, text in texts.items()})
    written = list(texts)
    if not locales_dir.is_dir():
        locales_dir.mkdir()
        written.append(locales_dir)
    return written


def _names(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _option(check: Callable, option: str):
    """*check*'s result; its error said of *option* (the person typed it there)."""
    try:
        return check()
    except DocgenError as err:
        raise DocgenError(err.message, field=option) from None


_PROFILE_OPTIONS = {"name": "--name", "short_name": "--short-name", "about": "--about", "website": "--website",
                    "dateline_city": "--city", "wire": "--wire"}


def _read_back(config: str, profile: str, org_id: str) -> None:
    """Read the files as docgen will, before writing them: an answer docgen would refuse
    (a blank name, a boilerplate with a heading) is refused now, said of its option."""
    from docgen.sources.markdown import read_organisation

    with tempfile.TemporaryDirectory(prefix="docgen-init-") as scratch:
        # Not named docgen.yaml: nothing looking for a project may find it, even for a moment.
        config_file, profile_file = Path(scratch) / "project.yaml", Path(scratch) / f"{org_id}.yaml"
        config_file.write_text(config, "utf-8")
        profile_file.write_text(profile, "utf-8")
        projects.load(config_file)
        try:
            read_organisation(profile_file)
        except DocgenError as err:
            field_name = (err.field or "").split(".")[0].split("[")[0]
            raise DocgenError(err.message, field=_PROFILE_OPTIONS.get(field_name, err.field)) from None


def project_text(locales: list[str], formats: list[str]) -> str:
    """``docgen.yaml``: the editions and formats chosen, every other setting commented with its default."""
    return PROJECT_FILE.substitute(locales=_flow(locales), formats=_flow(formats))


def profile_text(org_id: str, answers: dict[str, str | None]) -> str:
    """The organisation profile: the answers given, and every field described in a comment,
    the ones left out commented with an example of their form."""
    from docgen.wires import shipped_wires

    values = {
        "name": answers["name"], "short_name": answers["short_name"], "website": answers.get("website"),
        "dateline_city": answers["city"], "wire": answers["wire"], "about": answers.get("about"),
    }
    wires = ", ".join(w.name for w in shipped_wires())
    parts = [PROFILE_HEADER.substitute(id=org_id)]
    for name, comment, example in PROFILE_FIELDS:
        parts.append(comment.substitute(wires=wires).rstrip("\n"))
        value = values.get(name)
        if value is None:
            parts.append("\n".join(f"# {line}".rstrip() for line in example.rstrip("\n").split("\n")))
        elif name == "about":
            parts.append(f"about: {_literal(value)}")
        else:
            parts.append(f"{name}: {_scalar(value)}")
        parts.append("")
    return "\n".join(parts)


def gitignore_text(existing: str | None, out: str) -> str | None:
    """The ``.gitignore`` with the output folder ignored; None when it already is."""
    name = out.strip("/")
    entry = f"/{name}/"
    if existing is not None and any(line.strip() in {entry, f"{name}/", f"/{name}", name} for line in existing.splitlines()):
        return None
    block = GITIGNORE.substitute(entry=entry)
    if not existing:
        return block
    return existing + ("" if existing.endswith("\n") else "\n") + "\n" + block


def _scalar(value) -> str:
    """*value* as one line of YAML (quoted where YAML needs it; line breaks as escapes)."""
    multiline = isinstance(value, str) and "\n" in value
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True, default_style='"' if multiline else None)
    return dumped.removesuffix("\n...\n").strip()


def _flow(values: list[str]) -> str:
    return _scalar(list(values))


def _literal(text: str) -> str:
    """A block scalar (``|``) for the boilerplate, the form people edit; quoted when the
    text cannot be one (leading spaces, trailing blanks)."""
    text = text.strip("\n")
    block = "|\n" + "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
    try:
        same = yaml.safe_load(f"about: {block}\n") == {"about": text + "\n"}
    except yaml.YAMLError:
        same = False
    return block if same else _scalar(text)


# --- docgen new ----------------------------------------------------------------------------

SCISSORS = "# ------------------------ >8 ------------------------"
"""In the editor, this line and everything under it are removed (git's scissors line)."""
EDITOR_HELP = N_("Write the release's body above this line: its first paragraph (the lead) first, since the dateline "
                 "runs into it; then more paragraphs, ## headings, quotes. This line and everything under it are "
                 "removed; an empty body makes no release.")


@dataclass(frozen=True)
class Planned:
    """A release ``docgen new`` is about to write, everything but its body checked."""

    path: Path
    """Where it goes: ``<folder>/<date>-<slug>.md``, a file that does not exist."""
    headline: str
    org_id: str
    date: dt.date
    city: str | None
    """The city given with --city (None: the profile's)."""
    defaults: dict = field(default_factory=dict)
    """What the profile gives, shown in the commented lines: ``city``, ``wire``."""


def today() -> dt.date:
    """The date of issue when none is given: SOURCE_DATE_EPOCH's (reproducible runs and
    tests fix it), else today here (a release is dated where it is issued, not in UTC)."""
    from docgen.clock import source_date_epoch

    fixed = source_date_epoch()
    return fixed.date() if fixed else dt.date.today()


def parse_date(text: str | None) -> dt.date:
    if text is None:
        return today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DocgenError("not a date in the form YYYY-MM-DD: {date!r}", field="--date", date=text) from None


def release_folder(start: Path) -> Path:
    """Where a new release goes: the project's first source folder, else ``source/`` here."""
    found = projects.current(start)
    if found is None:
        return start / SOURCE_FOLDER
    folders = [found.path(s) for s in found.settings.sources if found.path(s).is_dir()]
    return folders[0] if folders else found.root / SOURCE_FOLDER


def plan_release(folder: Path, headline: str, *, org: str | None, date: dt.date, city: str | None, slug: str | None) -> Planned:
    """Check everything ``docgen new`` needs but the body, before the person writes it."""
    from docgen.model import SLUG_MAX_LENGTH
    from docgen.sources.markdown import read_organisation, slugify
    from docgen.sources.profiles import profile_path

    headline = headline.strip()
    if not headline or "\n" in headline:
        raise DocgenError("a headline is one line of text", field="HEADLINE")
    if city is not None and not city.strip():
        raise DocgenError("a dateline city cannot be blank", field="--city")
    words = slugify(slug if slug is not None else headline)
    if slug is not None and words != slug:
        raise DocgenError("use lower-case letters, digits and single hyphens, e.g. 2024-02-28-budget", field="--slug")
    if not words:
        raise DocgenError("the headline has no Latin letters or digits to name the file after: give --slug, e.g. --slug budget-2024",
                          field="HEADLINE")
    stem = f"{date.isoformat()}-{words}"
    if len(stem) > SLUG_MAX_LENGTH:  # cut at a word, as the slug of a long headline
        stem = stem[: SLUG_MAX_LENGTH + 1].rsplit("-", 1)[0]
    path = folder / f"{stem}.md"
    if path.exists():
        raise DocgenError("already exists: docgen new never overwrites a release (give another --slug or --date)", file=path)
    org_id = org or _only_profile(folder)
    try:
        profile_file = profile_path(path, org_id)
    except DocgenError as err:
        raise DocgenError(err.message, field="--org") from None
    profile, _ = read_organisation(profile_file)
    if city is None and not profile.dateline_city:
        raise DocgenError("no dateline city: give --city, or dateline_city in the organisation profile", file=profile_file,
                          field="dateline_city")
    cities = profile.dateline_city or ()
    defaults = {"city": cities[0] if len(cities) == 1 else list(cities) if cities else None, "wire": profile.wire or DEFAULT_WIRE}
    return Planned(path, headline, org_id, date, city.strip() if city else None, defaults)


def _only_profile(folder: Path) -> str:
    """The one organisation profile a release in *folder* can use; an error naming them when
    there are several, and saying how to make one when there is none."""
    top = projects.find(folder if folder.is_dir() else folder.parent)
    known: set[str] = set()
    for place in (folder.resolve(), *folder.resolve().parents):
        known |= {p.stem for p in (place / PROFILE_FOLDER).glob("*.yaml")}
        if top is not None and place == top.parent:
            break
    if len(known) == 1:
        return known.pop()
    if not known:
        raise DocgenError("no organisation profile in {folder}/ here or above: 'docgen init' makes a project with one",
                          field="--org", folder=PROFILE_FOLDER)
    raise DocgenError("several organisation profiles ({known}): choose one with --org", field="--org", known=", ".join(sorted(known)))


def body_text(raw: bytes | str | None, origin: str) -> str:
    """The body the person wrote (from standard input, a file or the editor): UTF-8, line
    ends made LF, the editor's scissors and what follows removed, blank lines trimmed."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise DocgenError("not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", file=origin, line=line,
                              byte=raw[err.start]) from None
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.split(SCISSORS + "\n")[0].split(SCISSORS)[0] if SCISSORS in text else text
    return text


def write_release(plan: Planned, body: str, origin: str) -> Path:
    """Write the release of *plan* with *body* (what the person wrote, from *origin*), after
    reading it back as ``docgen build`` will; never over an existing file.  Its path."""
    from docgen.files import TEMPORARY_PREFIX
    from docgen.sources.markdown import read_release

    lines = body.split("\n")
    skipped = next((n for n, line in enumerate(lines) if line.strip()), None)
    if skipped is None:
        raise DocgenError("a release needs its first paragraph, and docgen writes none for you: pipe it in "
                          "(echo \"First paragraph.\" | docgen new \"{headline}\"), give --body FILE, or run docgen new "
                          "in a terminal to type it", headline=plan.headline)
    body = "\n".join(lines[skipped:]).rstrip() + "\n"
    head = release_head(plan)
    first_body_line = head.count("\n") + 1
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside its target (photo paths and the profile are found from there), under a
    # name no build takes for a release, then linked into place: link never replaces a file.
    staged = plan.path.parent / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}.tmp"
    staged.write_text(head + body, "utf-8")
    try:
        try:
            read_release(staged)
        except DocgenError as err:
            if err.file != str(staged):
                raise
            if err.line and err.line >= first_body_line:
                raise DocgenError(err.message, file=origin, line=err.line - first_body_line + 1 + skipped, field=err.field) from None
            raise DocgenError(err.message, field=err.field) from None
        _link(staged, plan.path)
    finally:
        staged.unlink(missing_ok=True)
    return plan.path


def _link(staged: Path, target: Path) -> None:
    try:
        os.link(staged, target)
    except FileExistsError:
        raise DocgenError("already exists: docgen new never overwrites a release (give another --slug or --date)", file=target) from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise DocgenError("already exists: docgen new never overwrites a release (give another --slug or --date)",
                              file=target) from None
        os.replace(staged, target)


def release_head(plan: Planned) -> str:
    """The front matter: what the person gave, and every other field commented with its form
    (the profile's city and wire shown as the defaults they are)."""
    city = f"  city: {_scalar(plan.city)}" if plan.city else f"  # city: {_scalar(plan.defaults['city'])}"
    return FRONT_MATTER.substitute(headline=_scalar(plan.headline), organisation=plan.org_id, date=plan.date.isoformat(), city=city,
                                   wire=_scalar(plan.defaults["wire"])) + "\n"
