"""Command-line conventions people bring from pandoc and other Unix tools: ``-o FILE``,
``-`` for standard input, ``-v``, and every error of a file at once."""
import json
import subprocess
import sys

import docx
from click.testing import CliRunner

from docgen.cli import main
from docgen.validation import MAX_ERRORS
from tests import pdfcheck
from tests.conftest import ROOT, SEED_SOURCE, docgen_in

SLUG = "2024-02-28-astri-budget"
HEADLINE = "Facilitating industrial transformation and economic growth through I&T"


def files_in(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# --- -o FILE.ext, as pandoc writes it ---

def test_o_with_a_file_name_writes_exactly_that_file_in_the_format_its_name_says(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-o", str(tmp_path / "release.pdf")])
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == ["release.pdf"]  # no folder, no manifest
    assert HEADLINE in " ".join(pdfcheck.text(tmp_path / "release.pdf").split())


def test_o_with_a_file_name_and_several_editions_tags_each(seed_project, tmp_path):
    result = docgen_in(seed_project, "build", f"source/{SLUG}.md", "-l", "en,zh-Hant-HK", "-o", str(tmp_path / "out" / "copy.docx"))
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path / "out") == ["copy.en.docx", "copy.zh-Hant-HK.docx"]
    chinese = "\n".join(p.text for p in docx.Document(str(tmp_path / "out" / "copy.zh-Hant-HK.docx")).paragraphs)
    assert "香港應用科技研究院" in chinese


def test_a_page_written_to_a_file_has_its_pictures_beside_it(tmp_path):
    fixture = ROOT / "tests" / "fixtures" / "project" / "source" / "all-blocks.md"
    result = CliRunner().invoke(main, ["build", str(fixture), "-o", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == ["lab.png", "page.html"]
    assert 'src="lab.png"' in (tmp_path / "page.html").read_text("utf-8")


def test_o_with_a_file_name_refuses_what_cannot_be_one_file(tmp_path, project):
    for args in (["-f", "txt"], ["-f", "pdf,txt"]):
        result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-o", str(tmp_path / "x.pdf"), *args])
        assert result.exit_code == 2 and "names a file" in result.output, result.output
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "x.pdf")])  # several releases
    assert result.exit_code == 2 and "give one release" in result.output
    assert files_in(tmp_path) == [] or "x.pdf" not in files_in(tmp_path)


# --- "-": a release from standard input ---

def test_check_dump_and_build_read_a_release_from_standard_input(seed_project):
    text = (seed_project / "source" / f"{SLUG}.md").read_text("utf-8")
    source = seed_project / "source"
    checked = _in(source, ["check", "-"], text)
    assert checked.exit_code == 0 and "ok <stdin>" in checked.output
    dumped = json.loads(_in(source, ["dump", "-"], text).stdout)
    assert dumped["headline"] == HEADLINE and dumped["slug"].startswith("2024-02-28-facilitating-industrial")
    built = _in(source, ["build", "-", "-f", "txt"], text)
    assert built.exit_code == 0, built.output
    on_disk = docgen_in(seed_project, "build", f"source/{SLUG}.md", "-f", "txt", "-o", "dist")
    assert on_disk.exit_code == 0
    assert built.stdout == (seed_project / "dist" / SLUG / "en" / f"{SLUG}.en.txt").read_text("utf-8")
    # Standard input has no file name to take the slug (and so the catalogue's name) from: the front matter gives it.
    named = text.replace("---\n", f"---\nslug: {SLUG}\n", 1)
    chinese = _in(source, ["build", "-", "-f", "txt", "-l", "zh-Hant-HK", "--locales", str(seed_project / "locales")], named)
    assert chinese.exit_code == 0 and "香港應用科技研究院" in chinese.stdout


def test_an_error_in_standard_input_names_it_and_its_line(seed_project):
    result = _in(seed_project / "source", ["check", "-"], "---\nheadline: A headline\n---\n\nText.\n")
    assert result.exit_code == 2
    assert "Error: <stdin>:2: organisation: this field is required" in result.output


def test_standard_input_builds_one_format_in_one_edition(seed_project):
    text = (seed_project / "source" / f"{SLUG}.md").read_text("utf-8")
    result = _in(seed_project / "source", ["build", "-", "-f", "txt,html"], text)
    assert result.exit_code == 2 and "one format and one locale" in result.output


def _in(folder, args, text):
    """docgen in a process of its own, run in *folder* with *text* on standard input."""
    done = subprocess.run([sys.executable, "-m", "docgen", *args], input=text.encode("utf-8"), capture_output=True, cwd=folder, check=False)
    return _Result(done)


class _Result:
    def __init__(self, done):
        self.exit_code = done.returncode
        self.stdout = done.stdout.decode("utf-8")
        self.output = self.stdout + done.stderr.decode("utf-8")


# --- -v ---

def test_verbose_names_what_was_left_as_it_was(tmp_path):
    args = ["build", str(SEED_SOURCE), "-f", "txt", "-o", str(tmp_path)]
    assert CliRunner().invoke(main, args).exit_code == 0
    quiet = CliRunner().invoke(main, args)
    verbose = CliRunner().invoke(main, [*args, "-v"])
    assert "up to date" not in quiet.output
    assert f"up to date {tmp_path / SLUG / 'en' / f'{SLUG}.en.txt'}" in verbose.output
    assert "project file: " in verbose.output and "style: " in verbose.output


# --- every error of a file ---

def test_every_error_of_a_front_matter_is_reported_in_the_files_order(make_release):
    path = make_release("headlin: x\norganisation: example\ndateline:\n  date: 2024-13-01\n  cty: X\nkeywords: 3\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {path}:2: headlin: unknown field 'headlin'; did you mean 'headline'?",
        f"Error: {path}:5: dateline.date: not a valid date in the form YYYY-MM-DD (month must be in 1..12) (got '2024-13-01')",
        f"Error: {path}:6: dateline.cty: unknown field 'cty'; did you mean 'city'?",
        f"Error: {path}:7: keywords: should be a list (got 3)",
    ]  # the misspelt headline is not also reported as a missing one


def test_errors_of_one_file_are_capped(make_release):
    fields = "".join(f"extra{n}: {n}\n" for n in range(MAX_ERRORS + 5))
    path = make_release(f"headline: x\norganisation: example\ndateline:\n  date: 2024-09-05\n{fields}")
    result = CliRunner().invoke(main, ["build", str(path), "--json", "-o", str(path.parent / "dist")])
    [release] = json.loads(result.stdout)["releases"]
    assert release["error"].startswith(f"{path}:6: extra0: unknown field")
    assert len(release["more_errors"]) == MAX_ERRORS - 1


# --- the program ends at once, its output whole ---

def test_the_program_leaves_with_its_exit_code_and_all_its_output(tmp_path):
    """``docgen`` leaves without tearing the interpreter down (``cli.run``): what it printed
    and wrote must all be there, and the exit code the command's."""
    good = subprocess.run([sys.executable, "-m", "docgen", "build", str(SEED_SOURCE), "-f", "txt,json", "-o", str(tmp_path)],
                          capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert good.stdout.count("wrote ") == 2 and "1 built, 0 skipped, 0 failed (2 files written)" in good.stderr
    manifest = json.loads((tmp_path / ".docgen-manifest.json").read_text("utf-8"))  # saved whole before leaving
    assert manifest
    dumped = subprocess.run([sys.executable, "-m", "docgen", "dump", str(SEED_SOURCE)], capture_output=True, text=True)
    assert dumped.returncode == 0 and json.loads(dumped.stdout)["headline"] == HEADLINE
    bad = subprocess.run([sys.executable, "-m", "docgen", "check", str(tmp_path / "missing.md")], capture_output=True, text=True)
    assert bad.returncode == 2 and "Error:" in bad.stderr
    # Into a pipe closed early (docgen dump | head -1): no traceback.
    piped = subprocess.run(f"'{sys.executable}' -m docgen dump '{SEED_SOURCE}' | head -c 10", shell=True, capture_output=True, text=True)
    assert piped.stdout == '{\n  "schem' and "Traceback" not in piped.stderr
