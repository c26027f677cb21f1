"""Scaffolding (docgen.scaffold): `docgen init` makes a project, `docgen new` a release whose
body comes from its author, and `docgen build` with no options makes the project's editions.
Every command runs from a folder of its own under pytest's tmp_path, as a person runs it there."""
from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from docgen import project as projects
from docgen.project_file import ProjectFile
from docgen.cli import main
from docgen.sources.markdown import read_organisation, read_release
from docgen.sources.spec import DatelineFields, FrontMatter, OrganisationProfile
from tests import pdfcheck

NAME, SHORT, CITY = "Example Research Institute", "ERI", "Hong Kong"
HEADLINE = "ERI opens a laboratory for green finance"
LEAD = "ERI today opened its Green Finance Laboratory in Science Park."
SEPT_5_2024 = "1725494400"  # 2024-09-05 00:00 UTC, for SOURCE_DATE_EPOCH
REQUIRED = ("--name", NAME, "--short-name", SHORT, "--city", CITY)


def _stray_projects(folder: Path) -> list[Path]:
    return [p / projects.FILE for p in (folder.resolve(), *folder.resolve().parents) if (p / projects.FILE).exists()]


@pytest.fixture(autouse=True)
def no_project_above(tmp_path):
    """A docgen.yaml in /tmp or above would become every later test's project: none is ever left there."""
    assert _stray_projects(tmp_path) == []
    yield
    assert _stray_projects(tmp_path.parent) == []


@pytest.fixture
def folder(tmp_path) -> Path:
    """An empty folder, the person's new project."""
    made = tmp_path / "newsroom"
    made.mkdir()
    return made


def run(where: Path, *args: str, input: str | bytes | None = None, env: dict | None = None):
    """``docgen ARGS`` from *where*; SOURCE_DATE_EPOCH fixes "today" to 5 September 2024."""
    here = os.getcwd()
    os.chdir(where)
    try:
        return CliRunner().invoke(main, list(args), input=input, env={"SOURCE_DATE_EPOCH": SEPT_5_2024, **(env or {})},
                                  catch_exceptions=False)
    finally:
        os.chdir(here)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(folder: Path, ext: str) -> list[Path]:
    return sorted((folder / "dist").glob(f"**/*.{ext}"))


def test_init_new_and_a_bare_build_in_an_empty_folder_make_the_release(folder):
    made = run(folder, "init", "--yes", *REQUIRED)
    assert made.exit_code == 0, made.output
    assert sorted(files(folder)) == [".gitignore", "docgen.yaml", "source/organisations/eri.yaml"]
    assert (folder / "locales").is_dir()
    new = run(folder, "new", HEADLINE, input=LEAD + "\n")
    assert new.exit_code == 0, new.output
    assert new.stdout == "source/2024-09-05-eri-opens-a-laboratory-for-green-finance.md\n"
    built = run(folder, "build")
    assert built.exit_code == 0, built.output
    # The project's default editions: English, in txt, pdf and docx, and nothing else.
    assert [p.parent.name for p in (folder / "dist").glob("**/*.*") if not p.name.startswith(".")] == ["en"] * 3
    [txt], [pdf], [word] = outputs(folder, "txt"), outputs(folder, "pdf"), outputs(folder, "docx")
    # Every word is the person's: the headline, the dateline their city and date make, the lead.
    assert txt.read_text("utf-8") == f"{HEADLINE}\n\nHONG KONG, Sept. 5, 2024 -- {LEAD}\n"
    text = " ".join(pdfcheck.text(pdf).split())
    assert NAME in text and HEADLINE in text and f"HONG KONG, Sept. 5, 2024 — {LEAD}" in text
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert HEADLINE in paragraphs and any(p.endswith(LEAD) for p in paragraphs)


def test_a_chinese_edition_not_yet_translated_is_refused_and_the_english_written(folder):
    assert run(folder, "init", "--yes", *REQUIRED, "--locale", "en,zh-hk").exit_code == 0
    assert yaml.safe_load((folder / "docgen.yaml").read_text("utf-8"))["locales"] == ["en", "zh-Hant-HK"]
    assert run(folder, "new", HEADLINE, input=LEAD).exit_code == 0
    built = run(folder, "build")
    assert built.exit_code == 2
    assert "the zh-Hant-HK edition is incomplete" in built.output and f'lead.1: missing: paragraph "{LEAD[:20]}' in built.output
    assert "Traceback" not in built.output
    assert [p.parent.name for p in outputs(folder, "txt") + outputs(folder, "pdf") + outputs(folder, "docx")] == ["en"] * 3


def test_only_the_answers_given_are_written(folder):
    """No about, website or contacts unless the person gave them: those stay comments."""
    assert run(folder, "init", "--yes", "--name", NAME, "--city", CITY).exit_code == 0
    profile = yaml.safe_load((folder / "source/organisations/example-research-institute.yaml").read_text("utf-8"))
    assert profile == {"name": NAME, "short_name": NAME, "dateline_city": CITY, "wire": "none"}
    assert run(folder, "new", HEADLINE, input=f"\n\n{LEAD}\n\n\n").exit_code == 0
    release = (folder / "source/2024-09-05-eri-opens-a-laboratory-for-green-finance.md").read_text("utf-8")
    front, body = release.removeprefix("---\n").split("\n---\n")
    assert yaml.safe_load(front) == {"headline": HEADLINE, "organisation": "example-research-institute",
                                     "dateline": {"date": __import__("datetime").date(2024, 9, 5)}}
    assert body == f"\n{LEAD}\n"


def test_init_asks_in_a_terminal(folder, monkeypatch):
    monkeypatch.setattr("docgen.cli._interactive", lambda: True)
    # name, short name, id (default), city, website (none), about, wire (default), editions (default)
    answers = [NAME, SHORT, "", CITY, "", "ERI does research. See [our site](https://eri.example.org).", "", ""]
    made = run(folder, "init", input="\n".join(answers) + "\n")
    assert made.exit_code == 0, made.output
    assert "Profile id (organisations/<id>.yaml; releases say organisation: <id>) [eri]:" in made.output
    profile, organisation = read_organisation(folder / "source/organisations/eri.yaml")
    assert (profile.name, profile.short_name, profile.dateline_city, profile.wire, profile.website) == (NAME, SHORT, (CITY,), "none", None)
    assert profile.about == answers[5] + "\n"
    assert projects.load(folder / "docgen.yaml").settings.locales == ("en",)


@pytest.mark.parametrize("args", [("--yes",), ()], ids=["--yes", "no terminal"])
def test_a_missing_required_answer_without_a_terminal_is_said_and_nothing_written(folder, args):
    result = run(folder, "init", *args, "--short-name", SHORT)
    assert result.exit_code == 2
    assert "missing answers: --name, --city" in result.output and "give them as options" in result.output
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("option", "value", "words"), [
    ("--about", "## A heading", "--about: the boilerplate may hold paragraphs only"),
    ("--wire", "Carrier Pigeon", "--wire: unknown wire 'Carrier Pigeon'"),
    ("--locale", "en,xx-Nope", "--locale: unknown locale 'xx-Nope'"),
    ("--format", "txt,papyrus", "--format: unknown format 'papyrus'"),
    ("--org-id", "my org", "--org-id: not an organisation id: 'my org'"),
    ("--name", "  ", "missing answers: --name"),
])
def test_an_answer_docgen_would_refuse_is_refused_by_init_naming_its_option(folder, option, value, words):
    given = dict(zip(REQUIRED[::2], REQUIRED[1::2])) | {option: value}
    result = run(folder, "init", "--yes", *[part for pair in given.items() for part in pair])
    assert result.exit_code == 2 and words in result.output, result.output
    assert list(folder.iterdir()) == []


def test_init_never_overwrites_a_project_or_a_profile(folder):
    assert run(folder, "init", "--yes", *REQUIRED).exit_code == 0
    (folder / "docgen.yaml").write_text("locales: [en, zh-Hans-CN]\n", "utf-8")
    before = files(folder)
    again = run(folder, "init", "--yes", *REQUIRED, "--locale", "zh-Hant-HK")
    assert again.exit_code == 2
    assert "docgen.yaml: already exists: docgen init never overwrites" in again.output
    assert files(folder) == before
    # A profile of that id, without a project file: refused too, and docgen.yaml is not written.
    (folder / "docgen.yaml").unlink()
    again = run(folder, "init", "--yes", *REQUIRED)
    assert again.exit_code == 2 and "eri.yaml: already exists" in again.output
    assert not (folder / "docgen.yaml").exists()


def test_init_adds_the_output_folder_to_an_existing_gitignore_once(tmp_path):
    project = tmp_path / "newsroom"
    project.mkdir()
    (project / ".gitignore").write_text("*.pyc", "utf-8")
    assert run(tmp_path, "init", "newsroom", "--yes", *REQUIRED).exit_code == 0
    assert (project / ".gitignore").read_text("utf-8").splitlines()[0::2] == ["*.pyc", "# docgen's outputs (docgen.yaml: out): "
                                                                                        "built again from the sources at any time"]
    assert (project / ".gitignore").read_text("utf-8").count("/dist/") == 1
    (project / "docgen.yaml").unlink()
    (project / "source/organisations/eri.yaml").unlink()
    assert run(tmp_path, "init", "newsroom", "--yes", *REQUIRED).exit_code == 0
    assert (project / ".gitignore").read_text("utf-8").count("/dist/") == 1


@pytest.fixture
def started(folder) -> Path:
    assert run(folder, "init", "--yes", *REQUIRED).exit_code == 0
    return folder


def test_new_without_a_body_refuses_and_says_how_to_give_one(started):
    result = run(started, "new", HEADLINE, input="  \n\n")
    assert result.exit_code == 2
    assert 'echo "First paragraph." | docgen new "ERI opens a laboratory for green finance"' in result.output
    assert "--body FILE" in result.output and "in a terminal" in result.output
    assert sorted(p.name for p in (started / "source").iterdir()) == ["organisations"]


def test_new_never_overwrites_a_release(started):
    assert run(started, "new", HEADLINE, input=LEAD).exit_code == 0
    path = started / "source/2024-09-05-eri-opens-a-laboratory-for-green-finance.md"
    before = path.read_bytes()
    again = run(started, "new", HEADLINE, input="Another lead.")
    assert again.exit_code == 2 and f"{path}: already exists: docgen new never overwrites" in again.output
    assert path.read_bytes() == before
    other = run(started, "new", HEADLINE, "--date", "2024-09-06", input="Another lead.")
    assert other.exit_code == 0 and other.stdout == "source/2024-09-06-eri-opens-a-laboratory-for-green-finance.md\n"


def test_a_body_docgen_cannot_build_is_refused_at_its_own_line(started):
    (started / "lead.md").write_text(f"\n{LEAD}\n\n1. a numbered list\n", "utf-8")
    result = run(started, "new", HEADLINE, "--body", "lead.md")
    assert result.exit_code == 2
    assert "lead.md:4: body: a numbered list (use '-' bullets) is not supported" in result.output
    assert sorted(p.name for p in (started / "source").iterdir()) == ["organisations"]  # nor a temporary file
    piped = run(started, "new", HEADLINE, input="- a highlight\n")
    assert piped.exit_code == 2 and "standard input:1: body: the body must open with a paragraph" in piped.output


def test_new_takes_the_body_from_a_file_and_the_city_and_date_given(started):
    (started / "body.md").write_text(f"{LEAD}\n\n## Funding\n\nHK$30 million over five years.\n", "utf-8")
    result = run(started, "new", HEADLINE, "--body", "body.md", "--city", "Shenzhen", "--date", "2025-01-02", "--slug", "lab")
    assert result.exit_code == 0, result.output
    release = read_release(started / "source/2025-01-02-lab.md")
    assert release.dateline.cities == ("Shenzhen",) and str(release.dateline.date) == "2025-01-02"
    assert [b.content[0].text for b in release.body if hasattr(b, "content")] == [LEAD, "Funding", "HK$30 million over five years."]


def test_new_in_a_terminal_opens_the_editor_and_keeps_what_is_above_the_scissors(started, monkeypatch):
    monkeypatch.setattr("docgen.cli._interactive", lambda: True)
    # An "editor" that types the lead on the first line of the file it is given.
    result = run(started, "new", HEADLINE, env={"VISUAL": "", "EDITOR": f"sed -i '1i {LEAD}'"})
    assert result.exit_code == 0, result.output
    written = (started / result.stdout.strip()).read_text("utf-8")
    assert written.endswith(f"---\n\n{LEAD}\n") and ">8" not in written


def test_new_in_a_terminal_without_an_editor_asks_for_the_first_paragraph(started, monkeypatch):
    monkeypatch.setattr("docgen.cli._interactive", lambda: True)
    result = run(started, "new", HEADLINE, input=LEAD + "\n", env={"VISUAL": "", "EDITOR": ""})
    assert result.exit_code == 0, result.output
    assert "First paragraph (the dateline runs into it):" in result.output
    assert (started / result.stdout.strip().splitlines()[-1]).read_text("utf-8").endswith(f"---\n\n{LEAD}\n")


def test_new_takes_the_only_profile_and_asks_for_one_among_several(started):
    (started / "source/organisations/partner.yaml").write_text("name: Partner Bank\nshort_name: PB\n", "utf-8")
    several = run(started, "new", HEADLINE, input=LEAD)
    assert several.exit_code == 2 and "several organisation profiles (eri, partner): choose one with --org" in several.output
    no_city = run(started, "new", HEADLINE, "--org", "partner", input=LEAD)
    assert no_city.exit_code == 2 and "partner.yaml: dateline_city: no dateline city: give --city" in no_city.output
    unknown = run(started, "new", HEADLINE, "--org", "nobody", input=LEAD)
    assert unknown.exit_code == 2 and "--org: unknown organisation 'nobody' (known: eri, partner)" in unknown.output
    chosen = run(started, "new", HEADLINE, "--org", "partner", "--city", "Hong Kong", input=LEAD)
    assert chosen.exit_code == 0, chosen.output
    assert read_release(started / chosen.stdout.strip()).organisation.name == "Partner Bank"


def test_a_headline_without_latin_letters_needs_a_slug(started):
    refused = run(started, "new", "香港科研機構開設綠色金融實驗室", input=LEAD)
    assert refused.exit_code == 2 and "--slug" in refused.output
    named = run(started, "new", "香港科研機構開設綠色金融實驗室", "--slug", "green-lab", input=LEAD)
    assert named.exit_code == 0 and named.stdout == "source/2024-09-05-green-lab.md\n"


def test_new_from_a_subfolder_writes_into_the_projects_source_folder(started):
    (started / "source" / "drafts").mkdir()
    result = run(started / "source" / "drafts", "new", HEADLINE, input=LEAD)
    assert result.exit_code == 0 and (started / "source/2024-09-05-eri-opens-a-laboratory-for-green-finance.md").is_file()


# --- the commented files: every field there, every example valid ------------------------------

def uncommented(text: str, fields: set[str]) -> str:
    """*text* with each commented ``# field: ...`` line (and its indented continuation) made live."""
    out, live = [], False
    for line in text.split("\n"):
        start = re.match(r"^(\s*)# (\w+):", line)
        if start and start.group(2) in fields:
            live = True
        elif not (live and re.match(r"^\s*#(   |$)", line)):
            live = False
        out.append(re.sub(r"^(\s*)# ?", r"\1", line, count=1) if live else line)
    return "\n".join(out)


def names(kind) -> set[str]:
    return {f.name for f in dataclasses.fields(kind)}


def test_the_project_file_has_every_setting_and_its_commented_defaults_are_the_defaults(started):
    text = (started / "docgen.yaml").read_text("utf-8")
    written = set(re.findall(r"^(?:# )?(\w+):", text, re.M))
    assert written == names(ProjectFile)
    live = started / "live.yaml"
    live.write_text(uncommented(text, names(ProjectFile)), "utf-8")
    settings = projects.load(live).settings
    defaults = ProjectFile()
    for name in names(ProjectFile):
        if getattr(defaults, name) is not None:
            assert getattr(settings, name) == getattr(defaults, name), name


def test_the_profile_explains_every_field_and_its_examples_are_valid(started):
    text = (started / "source/organisations/eri.yaml").read_text("utf-8")
    for name in names(OrganisationProfile):
        assert re.search(rf"^# {name} \((required|optional|needed)", text, re.M), name
        assert re.search(rf"^(# )?{name}:", text, re.M), name
    live = started / "source/organisations/live.yaml"
    live.write_text(uncommented(text, names(OrganisationProfile)), "utf-8")
    profile, organisation = read_organisation(live)
    assert {f for f in names(OrganisationProfile) if getattr(profile, f) != getattr(OrganisationProfile(name="x", short_name="y"), f)} \
        == names(OrganisationProfile)
    assert organisation.name == NAME and len(organisation.about) == 2 and organisation.contacts[0].phone == "+852 1234 5678"


def test_a_new_release_shows_every_front_matter_field_and_its_examples_are_valid(started):
    assert run(started, "new", HEADLINE, input=LEAD).exit_code == 0
    path = started / "source/2024-09-05-eri-opens-a-laboratory-for-green-finance.md"
    text = path.read_text("utf-8")
    for name in names(FrontMatter):
        assert re.search(rf"^(# )?{name}:", text, re.M), name
    for name in names(DatelineFields):
        assert re.search(rf"^  (# )?{name}:", text, re.M), name
    assert "  # city: Hong Kong\n" in text and "  # wire: none\n" in text  # the profile's, shown as the defaults they are
    live = started / "source" / "live.md"
    live.write_text(uncommented(text, names(FrontMatter) | names(DatelineFields)), "utf-8")
    release = read_release(live)
    assert release.subheadline and release.embargo and release.keywords and release.hashtags and release.contacts
    assert (release.dateline.cities, release.dateline.wire, release.slug) == (("Hong Kong",), None, "a-slug")


def test_what_init_and_new_say_is_in_the_users_language(started):
    """Both Chinese catalogues carry the new words (a Hong Kong and a mainland user)."""
    hk = run(started, "new", HEADLINE, input="", env={"LANGUAGE": "zh_HK"})
    assert hk.exit_code == 2 and "新聞稿需要第一段，而 docgen 不會代你撰寫" in hk.output
    cn = run(started.parent, "init", "elsewhere", "--yes", env={"LANGUAGE": "zh_CN"})
    assert cn.exit_code == 2 and "缺少回答：--name, --city" in cn.output
