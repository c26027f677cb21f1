"""The command line: help, exit codes, messages; the last tests run the installed
``docgen`` as a user would, in a separate process."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.checks import EN_DATELINE, missing_paragraphs, seed_paragraphs, wire_problems
from tests.conftest import FIXTURES, ROOT, SEED_SOURCE, VALID_FRONT_MATTER
from tests.sources.test_markdown import BAD


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["dump"], ["schema"]])
def test_every_command_has_help_with_examples(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "docgen " in result.output


def test_build_writes_wire_copy(tmp_path):
    result = run("build", SEED_SOURCE, "--format", "txt", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "2024-02-28-astri-budget" / "en" / "2024-02-28-astri-budget.en.txt"
    assert f"wrote {out}" in result.output
    assert "1 built, 0 skipped, 0 failed (1 files written) in " in result.output


def test_unknown_format_and_locale_are_usage_errors(tmp_path):
    assert "unknown format 'rtf'" in run("build", SEED_SOURCE, "-f", "rtf", "-o", tmp_path).output
    result = run("build", SEED_SOURCE, "-l", "xx", "-o", tmp_path)
    assert result.exit_code == 2 and "unknown locale 'xx' (available: en, zh-Hans-CN, zh-Hant-HK)" in result.output
    result = run("build", SEED_SOURCE, "-l", "zh-TW", "-o", tmp_path)
    assert result.exit_code == 2 and "locale 'zh-TW' is not available" in result.output and "locale.yaml" in result.output


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_check_reports_bad_input_with_file_line_field_and_exit_2(case, make_release):
    front, body, message, line, field = BAD[case]
    path = make_release(front, body)
    result = run("check", path)
    assert result.exit_code == 2
    location = f"{path}:{line}: {field}: " if field else f"{path}:{line}: "
    assert f"Error: {location}" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_batch_build_continues_past_a_bad_release_and_exits_2(make_release, tmp_path):
    make_release(VALID_FRONT_MATTER.replace("A valid headline", '""'), name="broken.md")
    result = run("build", make_release().parent, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "broken.md:2: headline: must not be empty" in result.output
    assert "3 built, 0 skipped, 1 failed" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["all-blocks", "release", "zh-typesetting"]


def test_dump_prints_the_model_as_json():
    result = run("dump", SEED_SOURCE, "--json")
    data = json.loads(result.output)
    assert data["headline"].startswith("Facilitating industrial transformation")
    assert [b["kind"] for b in data["body"]][:3] == ["paragraph", "paragraph", "heading"]


@pytest.mark.parametrize("subject, required", [("release", "slug"), ("front-matter", "headline"), ("organisation", "short_name"), ("wire", "languages")])
def test_schema_is_json_schema(subject, required):
    schema = json.loads(run("schema", "--for", subject).output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert required in schema["required"]


# --- the installed command, as a user runs it ---

def docgen(*args, cwd=ROOT):
    exe = shutil.which("docgen", path=str(Path(sys.executable).parent)) or shutil.which("docgen")
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_installed_command_builds_the_seed_wire_copy(tmp_path):
    proc = docgen("build", "source/2024-02-28-astri-budget.md", "--format", "txt", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    raw = (tmp_path / "2024-02-28-astri-budget" / "en" / "2024-02-28-astri-budget.en.txt").read_bytes()
    assert wire_problems(raw) == []
    text = raw.decode("utf-8")
    assert EN_DATELINE.search(text)
    assert missing_paragraphs(text, seed_paragraphs((FIXTURES / "seed-release.txt").read_text("utf-8"))) == []


def test_installed_command_bad_input_exits_2_without_traceback(make_release, tmp_path):
    path = make_release(VALID_FRONT_MATTER + "embargo: 2024-09-05 09:00\n")
    proc = docgen("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0].startswith(f"Error: {path}:6: embargo: needs a time zone, e.g. 2024-09-05T09:00+08:00")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_cli_messages_follow_the_users_locale(tmp_path):
    """Two channels: the terminal speaks the user's language, the release keeps its own."""
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "txt", "-o", str(tmp_path)],
                                env={"LANGUAGE": "zh_HK", "LC_ALL": "zh_HK.UTF-8"})
    assert result.exit_code == 0
    assert "已寫入 " in result.output and "已建置 1 份、略過 0 份、失敗 0 份（寫入 1 個檔案）" in result.output
    text = next(tmp_path.rglob("*.txt")).read_text("utf-8")
    assert text.startswith("Facilitating industrial transformation")  # the English edition, as asked
    french = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "txt", "-o", str(tmp_path), "--force"],
                                env={"LANGUAGE": "fr_FR", "LC_ALL": "fr_FR.UTF-8"})
    assert "1 built, 0 skipped, 0 failed" in french.output  # not supported: English


def test_check_with_a_style_checks_its_logo_fonts_and_reference_document(tmp_path):
    style = tmp_path / "style"
    style.mkdir()
    (style / "notes.txt").write_text("not a picture", "utf-8")
    (style / "style.yaml").write_text("letterhead:\n  logo: notes.txt\n", "utf-8")
    result = CliRunner().invoke(main, ["check", str(SEED_SOURCE), "--style", str(style)])
    assert result.exit_code == 2
    assert f"Error: {style / 'style.yaml'}:2: letterhead.logo: 'notes.txt' is not a picture" in result.output
    assert CliRunner().invoke(main, ["check", str(SEED_SOURCE), "--style", str(ROOT / "templates" / "default")]).exit_code == 0


def test_shell_completion_completes_commands_as_the_readme_says():
    """README: eval "$(_DOCGEN_COMPLETE=bash_source docgen)"; the script then asks docgen itself."""
    import os

    docgen = shutil.which("docgen") or str(Path(sys.executable).with_name("docgen"))
    script = subprocess.run([docgen], env={**os.environ, "_DOCGEN_COMPLETE": "bash_source"}, capture_output=True, text=True)
    assert "_docgen_completion" in script.stdout
    words = subprocess.run([docgen], env={**os.environ, "_DOCGEN_COMPLETE": "bash_complete", "COMP_WORDS": "docgen bu", "COMP_CWORD": "1"},
                           capture_output=True, text=True)
    assert words.stdout.split() == ["plain,build"]
