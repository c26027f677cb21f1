"""The terminal in the user's language, error messages included (issue 13, item 7).

docgen's messages are English templates with named parameters; the command line
says them through docgen's own catalogue in the user's language.  These tests run
``python -m docgen`` as a user would, with nothing in the environment but PATH and
LANG, and check the words of ``DocgenError`` and ``Message`` themselves.
"""
from __future__ import annotations

import ast
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import DocgenError, Message, joined
from docgen.i18n import catalogs, workflow
from docgen.i18n.context import context_for
from docgen.importers.draft import ImportError_
from tests import test_corpus as corpus
from tests.conftest import ROOT, VALID_FRONT_MATTER

MISSING_ORGANISATION = VALID_FRONT_MATTER.replace("organisation: example\n", "")
UNKNOWN_FIELD = VALID_FRONT_MATTER + "colour: blue\n"
YAML_SYNTAX = VALID_FRONT_MATTER.replace("organisation: example", "organisation: example\n  bad: indent")
YAML_COLON = VALID_FRONT_MATTER.replace("A valid headline", "Budget: more")
KNOWN_FIELDS = "contacts, dateline, embargo, hashtags, headline, keywords, language, organisation, slug, subheadline"

# (front matter, the error line after the path in English, and in Chinese)
CASES = {
    "missing field": (MISSING_ORGANISATION, ":2: organisation: this field is required", ":2: organisation: 此欄位必須填寫"),
    "unknown field": (UNKNOWN_FIELD, f":6: colour: unknown field 'colour' (known fields: {KNOWN_FIELDS})",
                      f":6: colour: 不明欄位 'colour'（可用欄位：{KNOWN_FIELDS}）"),
    "YAML syntax": (YAML_SYNTAX, ":4: invalid YAML: mapping values are not allowed here", ":4: YAML 無效：此處不可使用映射值"),
    "YAML colon": (YAML_COLON, ':2: invalid YAML: a value with ": " in it needs quotes, e.g. headline: "Budget: more"',
                   ':2: YAML 無效：含有「: 」的值須加上引號，例如 headline: "Budget: more"'),
}
# Two English words in a row: a sentence left untranslated (field lists are comma-separated).
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


def docgen(*args, lang: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command as a user runs it: no LANGUAGE, no LC_ALL, only LANG."""
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": os.environ["PATH"], "LANG": lang}, timeout=60)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_chinese_user_reads_the_whole_error_in_chinese(case, make_release):
    front, _english, chinese = CASES[case]
    path = make_release(front)
    proc = docgen("check", path.name, lang="zh_HK.UTF-8", cwd=path.parent)
    assert proc.returncode == 2, proc.stderr
    error = proc.stderr.splitlines()[0]
    assert error == f"錯誤：{path.name}{chinese}"
    message = error.removeprefix(f"錯誤：{path.name}").split(": ", 2)[-1]
    assert not ENGLISH_WORDS.search(message), message
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("lang", ["C", "en_GB.UTF-8"])
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_an_english_user_reads_the_error_as_before(case, lang, make_release):
    front, english, _chinese = CASES[case]
    path = make_release(front)
    proc = docgen("check", path.name, lang=lang, cwd=path.parent)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == f"Error: {path.name}{english}"


def test_an_error_click_prints_itself_is_chinese_too(tmp_path):
    """Errors no command catches (``dump``) are shown by click: its frame is translated too."""
    proc = docgen("dump", "nowhere.md", lang="zh_HK.UTF-8", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "錯誤：nowhere.md: 找不到檔案\n")
    assert docgen("dump", "nowhere.md", lang="C", cwd=tmp_path).stderr == "Error: nowhere.md: no such file\n"


# --- the words themselves ---

def chinese(template: str) -> str:
    return context_for("zh-Hant-HK").gettext(template)


@pytest.fixture
def in_chinese(monkeypatch):
    monkeypatch.setattr(DocgenError, "translate", staticmethod(chinese))


def test_the_english_is_the_template_filled_in():
    error = DocgenError("unknown wire {name!r} (known: {known})", field="wire", name="Reuters", known="a, b")
    assert error.message == "unknown wire 'Reuters' (known: a, b)" and str(error) == "wire: unknown wire 'Reuters' (known: a, b)"
    assert error.params == {"name": "Reuters", "known": "a, b"}
    # Without parameters a message is not a template: its braces stay.
    assert DocgenError("write {{ as {").message == "write {{ as {"


def test_an_error_says_its_template_in_the_users_language(in_chinese):
    error = DocgenError("unknown field {name!r}; did you mean {hint!r}?", file="a.md", line=3, field="colour", name="colour", hint="color")
    assert error.format_message() == "a.md:3: colour: 不明欄位 'colour'；你是指 'color' 嗎？"
    assert error.message == "unknown field 'colour'; did you mean 'color'?"  # the English is kept


def test_a_message_inside_a_message_is_translated_with_it(in_chinese):
    problem = Message("should be text, not {kind}", kind=Message("a list"))
    error = DocgenError("{problem} (got {value!r})", problem=problem, value=5)
    assert error.message == "should be text, not a list (got 5)"
    assert error.format_message() == "應為文字，而不是清單（現為 5）"
    assert DocgenError(joined("; ", [Message("a table"), "data"])).format_message() == "表格; data"


def test_an_error_raised_again_elsewhere_keeps_its_template(in_chinese):
    original = DocgenError("photo file not found: {src}", file="a.md", src="x.jpg")
    moved = DocgenError(original.message, field="--wire")
    assert (moved.template, moved.params, moved.file) == (original.template, original.params, None)
    assert moved.format_message() == "--wire: 找不到相片檔案：x.jpg"


def test_a_translation_that_cannot_be_filled_in_gives_the_english(monkeypatch):
    monkeypatch.setattr(DocgenError, "translate", staticmethod(lambda template: "壞了 {nothing}"))
    assert DocgenError("photo file not found: {src}", src="x.jpg").format_message() == "photo file not found: x.jpg"


def test_errors_survive_pickling_with_their_parameters(in_chinese):
    """Worker processes send errors back pickled: location, parameters and kind come along."""
    error = DocgenError("slug {slug!r} is already used by {other}", file="b.md", line=2, field="slug", slug="x", other="a.md")
    back = pickle.loads(pickle.dumps(error))
    assert (back.file, back.line, back.field, back.template, back.params) == ("b.md", 2, "slug", error.template, error.params)
    assert back.message == error.message and back.format_message() == "b.md:2: slug: 代號 'x' 已被 a.md 使用"
    nested = pickle.loads(pickle.dumps(DocgenError("{problem} (got {value!r})", problem=Message("should be a list"), value=3)))
    assert isinstance(nested.params["problem"], Message) and nested.format_message() == "應為清單（現為 3）"
    assert type(pickle.loads(pickle.dumps(ImportError_("no headline found", file="c.txt")))) is ImportError_


def test_located_keeps_the_parameters(in_chinese):
    error = DocgenError("organisation {org!r} is named twice", field="organisation", org="astri")
    located = error.located(file="r.md", line=4, field="ignored")
    assert (located.file, located.line, located.field, located.params) == ("r.md", 4, "organisation", {"org": "astri"})
    assert located.format_message() == "r.md:4: organisation: 機構 'astri' 列了兩次"


# --- every message is extracted, and translated ---

TEMPLATE_CALLS = {"DocgenError", "ImportError_", "Message", "N_"}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else None
            if name in TEMPLATE_CALLS:
                yield node


def test_no_message_template_is_built_at_run_time():
    """Babel extracts only a literal first argument: an f-string or a sum would escape the
    catalogue and stay English.  Only another message (a name) may be passed on."""
    built = []
    for path in sorted((ROOT / "docgen").rglob("*.py")):
        if path.name == "errors.py" and path.parent.name == "docgen":
            continue  # the machinery: joined() makes a template of its parts, on purpose not in the catalogue
        for call in _calls(ast.parse(path.read_text("utf-8"))):
            first = call.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)) and not isinstance(first, (ast.Name, ast.Attribute)):
                built.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert built == []


def test_every_error_template_is_extracted_and_translated():
    """Every literal template in the code is in docgen.pot and translated into Chinese."""
    written = set()
    for path in sorted((ROOT / "docgen").rglob("*.py")):
        written |= {c.args[0].value for c in _calls(ast.parse(path.read_text("utf-8"))) if isinstance(c.args[0], ast.Constant)}
    extracted = {m.id for m in workflow.docgen_domain().template if m.id}
    assert written - extracted == set()
    po = catalogs.read(ROOT / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "docgen.po", locale="zh_Hant_HK")
    untranslated = [t for t in sorted(written) if po.get(t) is None or catalogs.state(po.get(t)) != "translated"]
    assert untranslated == []


def test_the_english_catalogue_follows_new_english_that_babel_fuzzily_matched(tmp_path):
    """A new message near an old one ("no headline found", "no problems found") must not
    take the old one's English in docgen's English catalogue."""
    from babel.messages.catalog import Catalog

    from docgen.i18n.locales import parse_locale

    def domain(*messages):
        template = Catalog(domain="docgen", project="docgen")
        for message in messages:
            template.add(message)
        return workflow.Domain("docgen", tmp_path, template, content=False)

    english = parse_locale("en")
    workflow.update([domain("no problems found")], [english])
    workflow.update([domain("no problems found", "no headline found")], [english])
    catalog = catalogs.read(tmp_path / "en" / "LC_MESSAGES" / "docgen.po", locale="en")
    assert [(m.id, m.string, m.fuzzy) for m in catalog if m.id] == [("no problems found", "no problems found", False),
                                                                    ("no headline found", "no headline found", False)]


# Library text docgen passes on as it is: Python's reason for an impossible date.
LIBRARY_TEXT = re.compile(r"day is out of range for month")


@pytest.mark.parametrize("case", corpus.CASES, ids=[c.stem for c in corpus.CASES])
def test_every_corpus_error_is_said_in_chinese(case, tmp_path, monkeypatch):
    """What ``docgen check`` says of each bad-input case, in Chinese: no English sentence is left
    (values as written, a Unicode character's name in capitals, a field's name are data)."""
    monkeypatch.setenv("LANGUAGE", "zh_HK")
    corpus.materialise(case, tmp_path)
    result = CliRunner().invoke(main, ["check", str(tmp_path / "project" / "release.md")])
    errors = [line for line in result.output.splitlines() if line.startswith("錯誤：")]
    assert result.exit_code == (2 if errors else 0) and "Error" not in result.output
    for error in errors:
        message = LIBRARY_TEXT.sub("", re.sub(r"'[^']*'", "", error.rpartition(": ")[2]))  # quoted: the value as written
        assert not re.search(r"[a-z]{2,} [a-z]{2,}", message), error


def test_translation_findings_are_said_in_chinese_too(make_release, tmp_path):
    path = make_release(body="Visits rose to 1,400 a day.\n")
    locales = tmp_path / "locales"
    assert CliRunner().invoke(main, ["i18n", "init", "-l", "zh-Hant-HK", str(path), "--locales", str(locales)]).exit_code == 0
    po = locales / "zh_Hant_HK" / "LC_MESSAGES" / "release.po"
    catalog = catalogs.read(po)
    for message in catalog:
        if message.context == "paragraph":
            message.string = "每日訪客增至一千人。"
    catalogs.save(po, catalog, formats=False)
    refused = docgen("i18n", "check", path, "--locales", locales, lang="zh_HK.UTF-8", cwd=path.parent)
    assert refused.returncode == 2
    [error] = [line for line in refused.stderr.splitlines() if line.startswith("錯誤：")]
    assert error.startswith(f"錯誤：{po}:") and error.endswith(": lead.1: 譯文缺少數字 1400"), error
    po.write_text(po.read_text("utf-8").replace('msgctxt "paragraph"', '# docgen-accept: checked\nmsgctxt "paragraph"'), "utf-8")
    accepted = docgen("i18n", "check", path, "--locales", locales, lang="zh_HK.UTF-8", cwd=path.parent)
    assert accepted.returncode == 0 and "（譯者已接受：checked）" in accepted.stderr, accepted.stderr
