"""Archive builds: parallel equals serial, and only what changed is rebuilt."""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.conftest import FIXTURES, ROOT, VALID_FRONT_MATTER


@pytest.fixture
def archive(tmp_path):
    """The seed (with its catalogues) and three more ASTRI releases: 4 releases x 2 locales x 3 formats."""
    shutil.copytree(ROOT / "source", tmp_path / "source")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    seed = tmp_path / "source" / "2024-02-28-astri-budget.md"
    for n in range(1, 4):
        shutil.copyfile(seed, tmp_path / "source" / f"2024-03-0{n}-copy.md")
        for kind in ("po", "pot"):
            folder = tmp_path / "locales" / ("zh_Hant_HK/LC_MESSAGES" if kind == "po" else "")
            shutil.copyfile(folder / f"2024-02-28-astri-budget.{kind}", folder / f"2024-03-0{n}-copy.{kind}")
    return tmp_path


def build(archive, *args, out="dist"):
    result = CliRunner().invoke(main, ["build", str(archive / "source"), "-l", "en,zh-Hant-HK", "--locales", str(archive / "locales"),
                                       "-o", str(archive / out), "--json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 2), result.output
    return json.loads(result.output)


def statuses(report):
    return {Path(r["source"]).name: (r["status"], len(r["written"])) for r in report["releases"]}


def test_parallel_build_writes_the_same_bytes_as_a_serial_one(archive):
    serial, parallel = build(archive, "--jobs", "1", out="serial"), build(archive, "--jobs", "2", out="parallel")
    assert serial["built"] == parallel["built"] == 4
    files = sorted(p.relative_to(archive / "serial") for p in (archive / "serial").rglob("*.*") if not p.name.startswith("."))
    assert len(files) == 24
    for name in files:
        assert (archive / "serial" / name).read_bytes() == (archive / "parallel" / name).read_bytes(), name


def test_a_second_build_skips_everything_and_force_rebuilds(archive):
    build(archive, "--jobs", "2")
    again = build(archive)
    assert (again["built"], again["skipped"], again["failed"]) == (0, 4, 0)
    assert all(len(r["skipped"]) == 6 for r in again["releases"])
    forced = build(archive, "--force")
    assert forced["built"] == 4


def test_only_what_depends_on_a_change_is_rebuilt(archive):
    build(archive)
    # A touched but unchanged source is not a change.
    source = archive / "source" / "2024-03-01-copy.md"
    os.utime(source, (time.time() + 5, time.time() + 5))
    assert build(archive)["built"] == 0
    # A release's own catalogue: only its Chinese outputs.
    po = archive / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "2024-03-02-copy.po"
    po.write_text(po.read_text("utf-8").replace("以創科推動產業轉型及經濟增長", "以創科推動產業轉型"), "utf-8")
    report = statuses(build(archive))
    assert report["2024-03-02-copy.md"] == ("built", 3) and report["2024-03-01-copy.md"] == ("skipped", 0)
    # The source itself: all six of that release.
    source.write_text(source.read_text("utf-8").replace("ASTRI is at the forefront", "ASTRI stands at the forefront"), "utf-8")
    po1 = archive / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "2024-03-01-copy.po"
    assert statuses(build(archive, "--allow-partial"))["2024-03-01-copy.md"] == ("built", 6)
    # The organisation profile is shared: every release.
    profile = archive / "source" / "organisations" / "astri.yaml"
    profile.write_text(profile.read_text("utf-8").replace("contacts: []", "contacts:\n  - name: Chan Tai Man\n    email: media@astri.org"), "utf-8")
    assert build(archive, "--allow-partial")["built"] == 4
    assert po1.exists()


def test_a_co_issuers_profile_is_a_dependency_as_the_lead_issuers_is(tmp_path):
    shutil.copytree(FIXTURES / "shapes" / "source", tmp_path / "source")
    release = tmp_path / "source" / "2025-04-02-joint-lab.md"
    args = ["build", str(release), "-f", "txt", "-l", "en", "-o", str(tmp_path / "dist")]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert CliRunner().invoke(main, args).output.startswith("0 built, 1 skipped")
    profile = tmp_path / "source" / "organisations" / "kowloon-bio.yaml"
    profile.write_text(profile.read_text("utf-8").replace("sells them in 22 markets", "sells them in 23 markets"), "utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and "1 built, 0 skipped" in result.output
    text = next((tmp_path / "dist").rglob("*.en.txt")).read_text("utf-8")
    assert "sells them in 23 markets" in text


def test_a_deleted_output_is_rebuilt(archive):
    build(archive)
    next((archive / "dist").rglob("*.pdf")).unlink()
    report = build(archive)
    assert report["built"] == 1 and sum(len(r["written"]) for r in report["releases"]) == 1


def test_quiet_prints_only_errors_and_the_summary_counts_skips(archive):
    runner = CliRunner()
    args = ["build", str(archive / "source"), "--locales", str(archive / "locales"), "-o", str(archive / "dist")]
    assert runner.invoke(main, args + ["--quiet"]).output == ""
    result = runner.invoke(main, args)
    assert result.output.strip().startswith("0 built, 4 skipped, 0 failed (0 files written) in ")


_HEAVY = ("reportlab", "docx", "PIL", "pydantic", "pydantic_core")
"""What renders and what validates: a command that does neither has no need of them."""


def _loaded_by(command: list[str], cwd: Path) -> str:
    code = ("import sys; from docgen.cli import main\n"
            "try: main(" + repr(command) + ")\n"
            "except SystemExit: pass\n"
            "print('LOADED', sorted(m for m in " + repr(_HEAVY) + " if m in sys.modules))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd).stdout


@pytest.mark.parametrize("command", [["--help"], ["build", "--help"], ["check", "--help"]])
def test_help_imports_no_renderer_or_validator(command):
    out = _loaded_by(command, ROOT)
    assert "LOADED []" in out, out


# docgen check: tests/test_checked.py (a release checked before and unchanged is not read again).


def test_a_build_with_nothing_to_do_imports_no_renderer_and_no_validator(tmp_path):
    """A no-change build checks the manifest and stops: the renderers' libraries stay unloaded,
    and so does pydantic: the style, locale files and sources are not read again."""
    command = ["build", str(ROOT / "source" / "2024-02-28-astri-budget.md"), "-l", "en,zh-Hant-HK", "-o", str(tmp_path / "dist"),
               "--locales", str(ROOT / "locales")]
    first = _loaded_by(command, tmp_path)
    assert "'reportlab'" in first and "'docx'" in first and "'pydantic'" in first  # the first build renders: the check below can fail
    assert "LOADED []" in _loaded_by(command, tmp_path)


def test_a_rebuild_of_wire_copy_alone_loads_no_pdf_or_docx_library(tmp_path):
    """Only the wire copy to make again (deleted): the rebuild renders text, and neither loads
    the PDF's fonts nor imports ReportLab or python-docx for the outputs it skips."""
    command = ["build", str(ROOT / "source" / "2024-02-28-astri-budget.md"), "-l", "en,zh-Hant-HK", "-o", str(tmp_path / "dist"),
               "--locales", str(ROOT / "locales"), "--json"]
    assert "'reportlab'" in _loaded_by(command, tmp_path)
    for text in (tmp_path / "dist").rglob("*.txt"):
        text.unlink()
    again = _loaded_by(command, tmp_path)
    assert "LOADED ['pydantic', 'pydantic_core']" in again  # the release is read again, its style is not
    report = json.loads(again[: again.rindex("LOADED")])
    assert sorted(Path(p).name for p in report["releases"][0]["written"]) == [
        "2024-02-28-astri-budget.en.txt", "2024-02-28-astri-budget.zh-Hant-HK.txt"]


# --- outputs have one owner ---

def _two_claimants(tmp_path):
    """Two different releases that both say ``slug: shared``, and an ordinary third."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project" / "source", project)
    front = VALID_FRONT_MATTER + "slug: shared\n"
    (project / "a.md").write_text(f"---\n{front}---\n\nWritten by A.\n", "utf-8")
    (project / "b.md").write_text(f"---\n{front.replace('A valid headline', 'Another headline')}---\n\nWritten by B.\n", "utf-8")
    return project


def _txt(out):
    return (out / "shared" / "en" / "shared.en.txt").read_text("utf-8")


def test_a_slug_belongs_to_the_source_that_wrote_it_until_force(tmp_path):
    project, out = _two_claimants(tmp_path), tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(project / "a.md"), "-f", "txt", "-o", str(out)]).exit_code == 0
    refused = runner.invoke(main, ["build", str(project / "b.md"), "-f", "txt", "-o", str(out)])
    assert refused.exit_code == 2
    assert (f"Error: {project / 'b.md'}: slug: the outputs named 'shared' in {out} were built from ../project/a.md; "
            "build with --force to replace them with this release's") in refused.output
    assert "Written by A." in _txt(out)
    forced = runner.invoke(main, ["build", str(project / "b.md"), "-f", "txt", "-o", str(out), "--force"])
    assert forced.exit_code == 0 and "Written by B." in _txt(out)
    # Now B owns it: A is refused in turn, and B's next build is an ordinary skip.
    assert runner.invoke(main, ["build", str(project / "a.md"), "-f", "txt", "-o", str(out)]).exit_code == 2
    assert "Written by B." in _txt(out)
    again = runner.invoke(main, ["build", str(project / "b.md"), "-f", "txt", "-o", str(out)])
    assert again.exit_code == 0 and "0 built, 1 skipped" in again.output


def test_one_source_named_two_ways_is_one_owner(tmp_path, monkeypatch):
    project, out = _two_claimants(tmp_path), tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(project / "a.md"), "-f", "txt", "-o", str(out)]).exit_code == 0
    (project / "a.md").write_text((project / "a.md").read_text("utf-8").replace("Written by A.", "A, edited."), "utf-8")
    monkeypatch.chdir(project)  # relative names now, from another folder
    result = runner.invoke(main, ["build", "a.md", "-f", "txt", "-o", "../out"])
    assert result.exit_code == 0, result.output
    assert "A, edited." in _txt(out)
    data = json.loads((out / ".docgen-manifest.json").read_text("utf-8"))
    assert list(data["sources"]) == ["../project/a.md"]
    # Back in the first folder, named as at first: the same source, nothing to rebuild.
    monkeypatch.chdir(tmp_path)
    again = runner.invoke(main, ["build", str(project / "a.md"), "-f", "txt", "-o", str(out)])
    assert again.exit_code == 0 and "0 built, 1 skipped" in again.output


_STATE = '["x.md", 3, 4, null]'
_OUTPUT = '["x/en/x.en.txt", "en", "txt", 0, [0]]'


def _manifest(files=f"[{_STATE}]", keys='["k"]', outputs=f"[{_OUTPUT}]", source="0") -> bytes:
    return (f'{{"version": 3, "files": {files}, "keys": {keys}, "sources": {{"x.md": {{"slug": "x", "language": "en", '
            f'"source": {source}, "outputs": {outputs}}}}}}}').encode()


@pytest.mark.parametrize("content, reason", [
    (b"{not json", "Expecting property name"), (b"\xff\xfe garbage", "codec can't decode"), (b"[]", "version null, not 3"),
    (b'{"version": 4, "sources": {}}', "version 4, not 3"), (b'{"version": "3"}', 'version "3", not 3'),
    (_manifest().replace(b'"slug": "x"', b'"slug": 3'), "unexpected content at sources.x.md"),
    (_manifest(files='["x.md"]'), "unexpected content at files[0]"),
    (_manifest(files='[["x.md", 3, 4, 5]]'), "unexpected content at files[0]"),
    (_manifest(files='[["x.md", 3, true, null]]'), "unexpected content at files[0]"),
    (_manifest(keys='"k"'), "unexpected content at keys"),
    (_manifest(outputs=f'[{_OUTPUT.replace("[0]", "[1]")}]'), "unexpected content at sources: files"),
    (_manifest(outputs=f'[{_OUTPUT.replace("[0]", "[true]")}]'), "unexpected content at sources: files"),
    (_manifest(outputs=f'[{_OUTPUT.replace("[0]", "[-1]")}]'), "unexpected content at sources: files"),
    (_manifest(outputs=f'[{_OUTPUT.replace(", 0, ", ", 1, ")}]'), "unexpected content at sources: keys"),
    (_manifest(outputs='[["x/en/x.en.txt", "en", "txt", 0, {"d": "hand-edited"}]]'), "unexpected content at sources.x.md.outputs[0]"),
    (_manifest(outputs=f'[{_OUTPUT[:-1]}, "tomorrow"]]'), "unexpected content at sources.x.md.outputs[0]"),
    (_manifest(source='"x.md"'), "unexpected content at sources: files"),
])
def test_a_corrupt_or_hand_edited_manifest_is_ignored_with_a_warning(archive, content, reason):
    first = build(archive)
    manifest = archive / "dist" / ".docgen-manifest.json"
    manifest.write_bytes(content)
    report = build(archive)
    assert (report["built"], report["failed"]) == (4, 0)
    [warning] = report["warnings"]
    assert warning.startswith(f"{manifest} cannot be used (") and warning.endswith("); it is ignored and every output is rebuilt")
    assert reason in warning
    # Written again whole: the next build skips everything, silently.
    again = build(archive)
    assert (again["skipped"], again["warnings"]) == (4, []) and first["built"] == 4


def test_a_manifest_from_an_earlier_docgen_is_not_migrated_every_output_is_rebuilt_once(archive):
    """Version 2 named files relative to the folder the build ran in, which it did not record:
    read from elsewhere they would name other files.  It is ignored, and says so."""
    build(archive)
    manifest = archive / "dist" / ".docgen-manifest.json"
    manifest.write_text(json.dumps({"version": 2, "sources": {"source/2024-03-01-copy.md": {
        "id": "../source/2024-03-01-copy.md", "slug": "2024-03-01-copy", "language": "en", "source": None, "outputs": {}}}}), "utf-8")
    report = build(archive)
    assert (report["built"], report["failed"]) == (4, 0)
    assert report["warnings"] == [f"{manifest} cannot be used (written by an earlier docgen, version 2 of the manifest, not 3); "
                                  "it is ignored and every output is rebuilt"]
    assert json.loads(manifest.read_text("utf-8"))["version"] == 3
    assert build(archive)["skipped"] == 4


def test_builds_saving_one_after_another_keep_each_others_records(tmp_path):
    from docgen.manifest import Manifest

    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(name, "utf-8")
    out = tmp_path / "out"
    first, second = Manifest.load(out), Manifest.load(out)  # both read before either saves
    first.record(tmp_path / "a.md", "a", "en", ("en", "txt"), str(out / "a/en/a.en.txt"), "key", [str(tmp_path / "a.md")])
    second.record(tmp_path / "b.md", "b", "en", ("en", "txt"), str(out / "b/en/b.en.txt"), "key", [str(tmp_path / "b.md")])
    first.save()
    second.save()
    saved = Manifest.load(out)
    assert sorted(saved.sources) == ["../a.md", "../b.md"]
    assert saved.outputs(tmp_path / "b.md") == [out / "b/en/b.en.txt"]
    # What a build forgot stays forgotten; what it never touched is kept.
    third = Manifest.load(out)
    third.forget(tmp_path / "a.md")
    third.save()
    assert sorted(Manifest.load(out).sources) == ["../b.md"]


def test_jobs_beyond_the_cores_are_capped_with_a_note(archive, monkeypatch):
    from docgen import build as builder

    asked = []
    real = builder.build
    monkeypatch.setattr(builder, "build", lambda paths, settings, progress=None: asked.append(settings.jobs) or real(paths, settings, progress))
    monkeypatch.setattr(builder, "default_jobs", lambda: 2)
    result = CliRunner().invoke(main, ["build", str(archive / "source"), "-f", "txt", "-o", str(archive / "dist"), "--jobs", "1000"])
    assert result.exit_code == 0
    assert "Note: --jobs 1000 is more than the 2 cores here; using 2" in result.output
    assert asked == [2]


# --- the manifest: compact, read and written only as much as needed ---

def _manifest_data(archive, out="dist"):
    return json.loads((archive / out / ".docgen-manifest.json").read_text("utf-8"))


def _outputs(out):
    return {p: p.stat().st_mtime_ns for p in out.rglob("*.*") if not p.name.startswith(".")}


def test_the_manifest_states_each_file_once_and_outputs_refer_to_it(archive):
    build(archive)
    raw = (archive / "dist" / ".docgen-manifest.json").read_text("utf-8")
    data = json.loads(raw)
    names = [state[0] for state in data["files"]]
    assert len(names) == len(set(names)), "a file stated twice"
    # The profile, the fonts, docgen's own catalogue: each shared by many outputs, each written once.
    for shared in ("organisations/astri.yaml", "NotoSansCJKhk-Regular.ttf", "zh_Hant_HK/LC_MESSAGES/docgen.po", "reference.docx"):
        assert raw.count(shared) == sum(1 for name in names if name.endswith(shared)) == len([n for n in names if shared in n]) >= 1, shared
    assert len(data["keys"]) == 3  # one settings fingerprint per format
    # Names are relative to the output folder; each output refers to the files it was made from.
    entry = data["sources"]["../source/2024-03-02-copy.md"]
    assert names[entry["source"]] == "../source/2024-03-02-copy.md"
    outputs = {tuple(output[1:3]): output for output in entry["outputs"]}
    assert sorted(outputs) == [(tag, fmt) for tag in ("en", "zh-Hant-HK") for fmt in ("docx", "pdf", "txt")]
    assert outputs["zh-Hant-HK", "pdf"][0] == "2024-03-02-copy/zh-Hant-HK/2024-03-02-copy.zh-Hant-HK.pdf"
    depends = {tag_fmt: {names[i] for i in output[4]} for tag_fmt, output in outputs.items()}
    assert "../locales/zh_Hant_HK/LC_MESSAGES/2024-03-02-copy.po" in depends["zh-Hant-HK", "txt"]
    assert "../locales/zh_Hant_HK/LC_MESSAGES/2024-03-02-copy.po" not in depends["en", "txt"]
    assert any(name.endswith("NotoSansCJKhk-Regular.ttf") for name in depends["zh-Hant-HK", "pdf"])
    assert not any(name.endswith(".ttf") for name in depends["zh-Hant-HK", "docx"])
    # A catalogue not written yet is a dependency too, stated as absent: [name].
    absent = [state for state in data["files"] if len(state) == 1]
    assert "../locales/zh_Hant/LC_MESSAGES/2024-03-02-copy.po" in [state[0] for state in absent]


def test_a_build_with_nothing_changed_reads_no_file_and_leaves_the_manifest_alone(archive, monkeypatch):
    from docgen import manifest as module

    build(archive)
    path = archive / "dist" / ".docgen-manifest.json"
    before = (path.stat().st_ino, path.stat().st_mtime_ns, path.read_bytes())
    stats, reads = [], []

    class CountingOs:
        """The os module, counting what the manifest asks of the file system."""

        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def stat(name, *args, **kwargs):
            stats.append(os.path.normpath(name))
            return os.stat(name, *args, **kwargs)

    monkeypatch.setattr(module, "os", CountingOs())
    monkeypatch.setattr(module, "open", lambda *args, **kwargs: reads.append(args[0]) or open(*args, **kwargs), raising=False)
    report = build(archive)
    assert (report["built"], report["skipped"]) == (0, 4)
    assert (path.stat().st_ino, path.stat().st_mtime_ns, path.read_bytes()) == before
    # Each file once: a font or the profile, shared by every release, is stat'ed one time.
    repeated = {name: stats.count(name) for name in set(stats) if stats.count(name) > 1}
    assert repeated == {} and any(name.endswith("NotoSans-Regular.ttf") for name in stats)
    assert [name for name in reads if not str(name).endswith(".docgen-manifest.json")] == []  # nothing hashed


def test_a_touched_file_is_hashed_once_and_its_new_time_recorded(archive, monkeypatch):
    from docgen import manifest as module

    build(archive)
    profile = archive / "source" / "organisations" / "astri.yaml"
    later = time.time() + 10
    os.utime(profile, (later, later))
    hashed = []
    real = module.Manifest._digest
    monkeypatch.setattr(module.Manifest, "_digest", lambda self, name, now: hashed.append(name) or real(self, name, now))
    assert build(archive)["built"] == 0  # same content
    assert hashed == ["../source/organisations/astri.yaml"]
    [state] = [s for s in _manifest_data(archive)["files"] if s[0] == "../source/organisations/astri.yaml"]
    assert state[2] == profile.stat().st_mtime_ns
    hashed.clear()
    assert build(archive)["built"] == 0
    assert hashed == []


def test_one_changed_catalogue_entry_rebuilds_exactly_its_editions_files(archive):
    build(archive)
    out = archive / "dist"
    before = _outputs(out)
    po = archive / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "2024-03-02-copy.po"
    po.write_text(po.read_text("utf-8").replace("以創科推動產業轉型及經濟增長", "以創科推動產業轉型"), "utf-8")
    report = build(archive)
    written = sorted(Path(p).relative_to(out).as_posix() for p in report["releases"][2]["written"])
    assert written == [f"2024-03-02-copy/zh-Hant-HK/2024-03-02-copy.zh-Hant-HK.{ext}" for ext in ("docx", "pdf", "txt")]
    after = _outputs(out)
    assert sorted(p.relative_to(out).as_posix() for p in after if after[p] != before[p]) == written
    assert "以創科推動產業轉型" in (out / written[2]).read_text("utf-8")
    assert build(archive)["built"] == 0


def test_outputs_made_from_different_states_of_one_file_each_keep_their_own(archive):
    """A build of some formats leaves the others' records as they were: made from the
    catalogue before it changed, so still stale."""
    build(archive)
    po = archive / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "2024-03-02-copy.po"
    po.write_text(po.read_text("utf-8").replace("以創科推動產業轉型及經濟增長", "以創科推動產業轉型"), "utf-8")
    assert statuses(build(archive, "-f", "txt"))["2024-03-02-copy.md"] == ("built", 1)
    states = [s for s in _manifest_data(archive)["files"] if s[0].endswith("zh_Hant_HK/LC_MESSAGES/2024-03-02-copy.po")]
    assert len(states) == 2  # the state the PDF and DOCX were made from, and the one the text was
    report = build(archive)
    assert statuses(report)["2024-03-02-copy.md"] == ("built", 2) and report["built"] == 1
    assert sorted(Path(p).suffix for p in report["releases"][2]["written"]) == [".docx", ".pdf"]
    states = [s for s in _manifest_data(archive)["files"] if s[0].endswith("zh_Hant_HK/LC_MESSAGES/2024-03-02-copy.po")]
    assert len(states) == 1  # the old state is no longer used: gone from the table


def test_files_edited_between_two_builds_of_one_process_are_read_again(archive):
    """Profiles, catalogues and the glossary are read once per process while they stay as they
    are (by their time and size): an edit between two builds in one process (docgen serve) is seen."""
    build(archive, "--jobs", "1")
    glossary = archive / "locales" / "glossary.yaml"
    original = glossary.read_text("utf-8")
    glossary.write_text(original.replace("    then: 應科院\n", "    then: 應科院院方\n", 1), "utf-8")
    po = archive / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "organisation-astri.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "香港應用科技研究院（應科院）於2000年', 'msgstr "香港應用科技研究院（應科院）早於2000年'), "utf-8")
    refused = build(archive, "--jobs", "1")
    assert refused["failed"] == 4 and "glossary: ASTRI should read 應科院院方" in refused["releases"][0]["error"]
    glossary.write_text(original, "utf-8")
    profile = archive / "source" / "organisations" / "astri.yaml"
    profile.write_text(profile.read_text("utf-8").replace("contacts: []", "contacts:\n  - name: Chan Tai Man\n    email: media@astri.org"), "utf-8")
    assert build(archive, "--jobs", "1", "--allow-partial")["built"] == 4  # the new contact's name has no translation yet
    slug = "2024-03-01-copy"
    assert "早於2000年" in (archive / "dist" / slug / "zh-Hant-HK" / f"{slug}.zh-Hant-HK.txt").read_text("utf-8")
    assert "Chan Tai Man" in (archive / "dist" / slug / "en" / f"{slug}.en.txt").read_text("utf-8")


@pytest.mark.parametrize("changed", [3, 20])  # a few unused states are taken out in place; many: all numbered afresh
def test_a_saved_manifest_states_only_what_its_outputs_were_made_from(tmp_path, changed, monkeypatch):
    from docgen.manifest import Manifest

    numbered_afresh = []
    real = Manifest._merged
    monkeypatch.setattr(Manifest, "_merged", lambda self, theirs: numbered_afresh.append(1) or real(self, theirs))

    out, shared = tmp_path / "out", tmp_path / "shared.yaml"
    shared.write_text("shared", "utf-8")
    sources = [tmp_path / f"r{n}.md" for n in range(20)]

    def record_all(manifest, which):
        for n in which:
            source = sources[n]
            manifest.record(source, f"r{n}", "en", ("en", "txt"), str(out / f"r{n}/en/r{n}.en.txt"), "key", [str(source), str(shared)])
            (out / f"r{n}/en").mkdir(parents=True, exist_ok=True)
            (out / f"r{n}/en/r{n}.en.txt").write_text("made", "utf-8")

    for source in sources:
        source.write_text(f"{source.name} as first written", "utf-8")
    first = Manifest.load(out)
    record_all(first, range(20))
    first.save()
    for source in sources[:changed]:
        source.write_text(f"{source.name}, edited", "utf-8")
    second = Manifest.load(out)
    editions = lambda language: [("en", "txt")]  # noqa: E731
    assert [second.stale(s, editions, {"txt": "key"}) for s in sources].count(None) == changed
    record_all(second, range(changed))
    numbered_afresh.clear()
    second.save()
    assert len(numbered_afresh) == (changed > 16)
    data = json.loads((out / ".docgen-manifest.json").read_text("utf-8"))
    names = [state[0] for state in data["files"]]
    assert sorted(names) == sorted(["../shared.yaml"] + [f"../r{n}.md" for n in range(20)])  # each once, nothing unused
    third = Manifest.load(out)
    assert third.warning is None
    assert [third.stale(s, editions, {"txt": "key"}) for s in sources] == [set()] * 20
