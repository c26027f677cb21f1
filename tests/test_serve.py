"""``docgen serve``: the live preview.  A server on a free port against a copy of the seed
project; pages fetched with urllib, sources edited, the new words served within 2 s."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.serve import Preview
from tests.conftest import ROOT

SLUG = "2024-02-28-astri-budget"
PAGE = f"/{SLUG}/en/{SLUG}.en.html"
DEADLINE = 2.0


def fetch(preview: Preview, path: str) -> tuple[int, str]:
    """Status and text of GET *path* (an error status is an answer too)."""
    try:
        with urllib.request.urlopen(preview.url.rstrip("/") + path, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def raw(preview: Preview, path: str, host: str | None = None) -> int:
    """Status of GET *path* sent as it is (urllib would resolve ``..`` itself)."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def until(predicate, deadline: float = DEADLINE):
    """Poll *predicate* until it returns something true, or fail after *deadline* seconds."""
    end = time.monotonic() + deadline
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            pytest.fail(f"not within {deadline} s")
        time.sleep(0.05)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def source(seed_project: Path) -> Path:
    return seed_project / "source" / f"{SLUG}.md"


@pytest.fixture
def preview(seed_project: Path):
    """The seed project served in English only (quick to build)."""
    with Preview(seed_project / "source", locales=("en",), locales_dir=seed_project / "locales", port=0) as running:
        yield running


def test_the_index_lists_each_release_with_its_editions_and_translation_counts(seed_project):
    with Preview(seed_project / "source", locales_dir=seed_project / "locales", port=0) as preview:
        assert preview.url.startswith("http://127.0.0.1:") and preview.port != 0
        status, page = fetch(preview, "/")
        assert status == 200
        assert '<html lang="en">' in page and "<title>" in page and "<h1>" in page
        assert "Facilitating industrial transformation and economic growth through I&amp;T" in page
        assert f'href="/{SLUG}/"' in page
        # The default: the release's own language and every locale with a catalogue of it.
        for locale in ("en", "zh-Hant-HK", "zh-Hans-CN"):
            assert f"/{SLUG}/#{locale}" in page
        assert page.count("20 translated, 0 fuzzy, 0 untranslated") == 2
        status, side = fetch(preview, f"/{SLUG}/")
        assert status == 200 and '<html lang="en">' in side
        for locale in ("en", "zh-Hant-HK", "zh-Hans-CN"):
            assert f'<iframe src="/{SLUG}/{locale}/{SLUG}.{locale}.html"' in side
            for ext in ("pdf", "docx", "txt"):
                assert f'href="/{SLUG}/{locale}/{SLUG}.{locale}.{ext}"' in side
        status, wire = fetch(preview, f"/{SLUG}/zh-Hant-HK/{SLUG}.zh-Hant-HK.txt")
        assert status == 200 and "美通社" in wire
        # English changed: the Chinese catalogues lag, and say so.
        edit(seed_project / "source" / f"{SLUG}.md", "welcomes", "warmly welcomes")
        until(lambda: "1 fuzzy" in fetch(preview, "/")[1])
        status, failed = fetch(preview, f"/{SLUG}/zh-Hant-HK/{SLUG}.zh-Hant-HK.html")
        assert status == 500 and '<div class="error"' in failed and "香港2024年2月28日" not in failed


def test_an_edited_paragraph_is_served_within_two_seconds(preview, source):
    status, page = fetch(preview, PAGE)
    assert status == 200 and "welcomes the Financial Secretary" in page
    edit(source, "welcomes the Financial Secretary", "zealously commends the Financial Secretary")
    until(lambda: "zealously commends the Financial Secretary" in fetch(preview, PAGE)[1])
    assert "welcomes the Financial Secretary" not in fetch(preview, PAGE)[1]
    status, wire = fetch(preview, f"/{SLUG}/en/{SLUG}.en.txt")
    assert "zealously commends" in wire


def test_open_pages_are_told_to_reload_after_a_rebuild(preview, source):
    token = re.search(r'data-token="([^"]+)"', fetch(preview, PAGE)[1]).group(1)
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=DEADLINE)
    connection.request("GET", f"/__docgen/events?since={token}")
    answer = connection.getresponse()
    assert answer.status == 200 and answer.getheader("Content-Type").startswith("text/event-stream")
    edit(source, "welcomes", "applauds")
    lines = []
    start = time.monotonic()
    while "event: reload" not in lines and time.monotonic() - start < DEADLINE:
        lines.append(answer.fp.readline().decode().strip())
    connection.close()
    assert "event: reload" in lines


def test_the_live_reload_script_is_served_in_html_but_never_written_to_the_file(preview):
    page = fetch(preview, PAGE)[1]
    assert '<script src="/__docgen/livereload.js"' in page
    assert page.rstrip().endswith("</html>")  # before </body>, not after the document
    on_disk = (preview.out_dir / SLUG / "en" / f"{SLUG}.en.html").read_text("utf-8")
    assert "__docgen" not in on_disk and "<script src=" not in on_disk
    status, script = fetch(preview, "/__docgen/livereload.js")
    assert status == 200 and "EventSource" in script
    assert "__docgen" not in fetch(preview, f"/{SLUG}/en/{SLUG}.en.txt")[1]


def test_a_broken_source_shows_its_error_with_file_and_line_instead_of_the_stale_page(preview, source):
    assert fetch(preview, PAGE)[0] == 200
    edit(source, "  date: 2024-02-28\n", "  date: 2024-02-28\nembargo: 2024-02-28 09:00 <b>\n")
    line = source.read_text("utf-8").splitlines().index("embargo: 2024-02-28 09:00 <b>") + 1
    index = until(lambda: (lambda page: page if '<div class="error"' in page else None)(fetch(preview, "/")[1]))
    for path in ("/", f"/{SLUG}/", PAGE, f"/{SLUG}/en/{SLUG}.en.pdf"):
        status, page = fetch(preview, path)
        assert str(source.name) in page and f"<dd>{line}</dd>" in page and "embargo" in page, path
        assert "<b>" not in page.split("<main>")[1], path  # escaped
        assert "Hong Kong Applied Science" not in page, path  # not the stale page
    assert fetch(preview, PAGE)[0] == 500
    assert "Traceback" not in index
    edit(source, "embargo: 2024-02-28 09:00 <b>\n", "")
    until(lambda: fetch(preview, PAGE)[0] == 200)


def test_a_broken_style_shows_its_error_on_every_release_until_it_is_mended(seed_project, tmp_path):
    style = tmp_path / "house"
    shutil.copytree(ROOT / "templates" / "default", style)
    with Preview(seed_project / "source", locales=("en",), locales_dir=seed_project / "locales", style_path=style, port=0) as preview:
        assert style.resolve() in preview.watched()
        assert fetch(preview, PAGE)[0] == 200
        edit(style / "style.yaml", 'accent: "#0B4F8A"', "accent: blue")
        line = (style / "style.yaml").read_text("utf-8").splitlines().index("  accent: blue           # letterhead, headings, rules") + 1
        until(lambda: fetch(preview, PAGE)[0] == 500)
        for path in ("/", f"/{SLUG}/", PAGE):
            page = fetch(preview, path)[1]
            assert "style.yaml" in page and f"<dd>{line}</dd>" in page and "colours.accent" in page, path
        edit(style / "style.yaml", "accent: blue", 'accent: "#0B4F8A"')
        until(lambda: fetch(preview, PAGE)[0] == 200)


def test_photos_beside_a_page_are_served_from_its_folder(project):
    with Preview(project, locales=("en",), locales_dir=project.parent / "locales", port=0) as preview:
        status, page = fetch(preview, "/all-blocks/en/all-blocks.en.html")
        assert status == 200
        [src] = re.findall(r'<img[^>]*src="([^"]+)"', page)
        with urllib.request.urlopen(f"{preview.url}all-blocks/en/{src}", timeout=10) as answer:
            assert answer.status == 200 and answer.headers["Content-Type"] == "image/png"
            assert answer.read() == (preview.out_dir / "all-blocks" / "en" / src).read_bytes()
        # A release in another language than --locale: its failure is on the index, with its file.
        index = fetch(preview, "/")[1]
        assert "zh-typesetting.md" in index and '<div class="error"' in index


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", f"/{SLUG}/../../etc/passwd",
                                  f"/{SLUG}/en/..%2f..%2f..%2fetc%2fpasswd", "/.docgen-manifest.json", "/no-such-release/",
                                  f"/{SLUG}/en/nothing.html", "//etc/passwd"])
def test_only_files_under_the_output_folder_are_served(preview, path):
    assert raw(preview, path) == 404


def test_a_page_asked_for_under_another_host_name_is_refused(preview):
    assert raw(preview, "/", host=f"127.0.0.1:{preview.port}") == 200
    assert raw(preview, "/", host=f"localhost:{preview.port}") == 200
    assert raw(preview, "/", host="attacker.example") == 400  # DNS rebinding


def test_closing_stops_the_server_and_removes_the_temporary_folder(seed_project):
    preview = Preview(seed_project / "source", locales=("en",), locales_dir=seed_project / "locales", port=0)
    with preview:
        out = preview.out_dir
        assert (out / SLUG / "en" / f"{SLUG}.en.html").is_file()
        assert fetch(preview, "/")[0] == 200
    assert not out.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", preview.port), timeout=1).close()


def test_an_out_folder_is_kept(seed_project, tmp_path):
    with Preview(seed_project / "source", locales=("en",), locales_dir=seed_project / "locales", port=0, out_dir=tmp_path / "out"):
        pass
    assert (tmp_path / "out" / SLUG / "en" / f"{SLUG}.en.pdf").is_file()


def test_a_port_in_use_is_an_error_not_a_traceback(seed_project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        here = os.getcwd()
        os.chdir(seed_project)
        try:
            result = CliRunner().invoke(main, ["serve", "source", "--port", str(port)])
        finally:
            os.chdir(here)
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_the_command_without_a_traceback_and_removes_its_folder(seed_project, stop):
    process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "source", "--port", "0", "--locale", "en"], cwd=seed_project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "LANGUAGE": "en"})
    try:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(60)
        url = re.search(r"http://127\.0\.0\.1:\d+/", lines[0]).group(0)
        with urllib.request.urlopen(url + f"{SLUG}/", timeout=10) as answer:
            assert answer.status == 200
        process.send_signal(stop)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "Stopped." in err
    folder = re.search(r"Building into (\S+)", err).group(1)
    assert "docgen-serve-" in folder and not Path(folder).exists()


def test_serve_has_help_with_examples():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "docgen serve" in result.output
