"""The project file (docgen.project): found from any folder of the project, its settings the
commands' defaults, the command line over it, `docgen config`, and profiles bounded by the root."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, docgen_in

SLUG = "2024-02-28-astri-budget"


@pytest.fixture
def project(tmp_path):
    """A copy of the seed project with a docgen.yaml, and a folder deep inside it."""
    root = tmp_path / "newsroom"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "locales", root / "locales")
    (root / "docgen.yaml").write_text("locales: en, zh-Hant-HK\nformats: [txt, pdf]\nout: public\n", "utf-8")
    (root / "source" / "drafts").mkdir()
    return root


def test_a_bare_build_anywhere_in_the_project_takes_its_settings(project):
    result = docgen_in(project / "source" / "drafts", "build")
    assert result.exit_code == 0, result.output
    built = sorted(p.relative_to(project / "public").as_posix() for p in (project / "public").rglob(f"{SLUG}.*"))
    assert built == [f"{SLUG}/en/{SLUG}.en.pdf", f"{SLUG}/en/{SLUG}.en.txt", f"{SLUG}/zh-Hant-HK/{SLUG}.zh-Hant-HK.pdf", f"{SLUG}/zh-Hant-HK/{SLUG}.zh-Hant-HK.txt"]


def test_the_command_line_overrides_the_project(project):
    result = docgen_in(project, "build", "source", "-l", "en", "-f", "txt", "-o", "elsewhere")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (project / "elsewhere").rglob(f"{SLUG}.*")] == [f"{SLUG}.en.txt"]
    assert not (project / "public").exists()


def test_config_says_what_each_setting_is_and_where_it_comes_from(project):
    result = docgen_in(project / "source", "config")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Project: {project.resolve()} ({project.resolve() / 'docgen.yaml'})"
    assert "locales: en, zh-Hant-HK  (docgen.yaml:1)" in lines
    assert "formats: txt, pdf  (docgen.yaml:2)" in lines
    assert "out: public  (docgen.yaml:3)" in lines
    assert "translations: locales  (default)" in lines and "style: none  (default)" in lines


def test_no_project_is_said_plainly(tmp_path):
    result = docgen_in(tmp_path, "config")
    assert result.exit_code == 0 and result.output.startswith("No docgen.yaml in ")


@pytest.mark.parametrize(("content", "line", "words"), [
    ("locales: [en]\ncolour: blue\n", 2, "colour: unknown field 'colour'"),
    ("jobs: many\n", 1, "jobs:"),
    ("- just a list\n", 1, "a project file is a set of 'field: value' lines"),
])
def test_a_broken_project_file_is_a_located_error(project, content, line, words):
    (project / "docgen.yaml").write_text(content, "utf-8")
    result = docgen_in(project, "build")
    assert result.exit_code == 2
    assert f"docgen.yaml:{line}: " in result.output and words in result.output
    assert "Traceback" not in result.output


def test_profiles_above_the_project_root_are_never_used(tmp_path):
    outer = tmp_path / "outer"
    shutil.copytree(ROOT / "source" / "organisations", outer / "organisations")  # astri.yaml, above the project
    inner = outer / "team"
    (inner / "source").mkdir(parents=True)
    shutil.copyfile(ROOT / "source" / f"{SLUG}.md", inner / "source" / f"{SLUG}.md")
    assert docgen_in(inner, "check", f"source/{SLUG}.md").exit_code == 0  # no project: found above
    (inner / "docgen.yaml").write_text("formats: txt\n", "utf-8")
    result = docgen_in(inner, "check", f"source/{SLUG}.md")
    assert result.exit_code == 2 and "unknown organisation 'astri'" in result.output
