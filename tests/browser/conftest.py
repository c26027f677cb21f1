"""The newsroom page in a real browser: Debian's chromium, driven by Playwright.

No browser is ever downloaded (no ``playwright install``): Playwright launches the
``chromium`` on the PATH (Debian's package, as README command 2 installs it), headless and
with ``--no-sandbox`` (the tests run as root).  Without it the tests fail, saying so.
Pages are opened by ``file://`` address; any http(s) request a page makes is aborted, so
the tests never touch the network (and such a request shows as a failed request).

Fixtures, for every test module in tests/browser/ (package scope: built once, and the
browser closed before the rest of the suite runs, whose builds fork worker processes):

``browser``
    A Playwright ``Browser`` (Debian's chromium, headless).
``page``
    A new page (1280 x 800) in a fresh context of its own, for one test, closed after it.
    ``page.problems`` lists what went wrong while it loaded: console errors, uncaught
    exceptions and failed requests, as strings.
``seed_pages``
    ``{"en": Path, "zh-Hant-HK": Path}``: the seed release's pages, from
    ``docgen build source/2024-02-28-astri-budget.md -f html,ninjs -l en,zh-Hant-HK``
    run in a copy of the repository's source/ and locales/.
``all_blocks_pages``
    The same for the every-block fixture (tests/fixtures/project, its zh-Hant-HK
    catalogue), built with ``-f html -l en,zh-Hant-HK``.

``open_page(page, path)`` loads *path* by its ``file://`` address and returns the page.

``python -m tests.browser.screens [FOLDER]`` (not a test) takes full-page screenshots of
the seed's pages at 1280 and 360 px wide.
"""
from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ALL_BLOCKS, FIXTURES, ROOT, SEED_SOURCE, docgen_in

LOCALES = ("en", "zh-Hant-HK")
SEED_SLUG = SEED_SOURCE.stem
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 800}


def chromium() -> str:
    """The path of Debian's chromium, or a failure that says how to install it."""
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("no chromium on the PATH: the browser tests need Debian's package "
                    "(apt-get install -y chromium, as in README command 2); Playwright never downloads one",
                    pytrace=False)
    return path


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)


def build(project: Path, source: str, formats: str) -> dict[str, Path]:
    """``docgen build SOURCE -f FORMATS -l en,zh-Hant-HK -o out`` in *project*; the page of each locale."""
    result = docgen_in(project, "build", source, "-f", formats, "-l", ",".join(LOCALES), "-o", "out")
    assert result.exit_code == 0, result.output
    slug = Path(source).stem
    pages = {locale: project / "out" / slug / locale / f"{slug}.{locale}.html" for locale in LOCALES}
    for path in pages.values():
        assert path.is_file(), f"docgen build wrote no {path}"
    return pages


def build_seed(folder: Path) -> dict[str, Path]:
    shutil.copytree(ROOT / "source", folder / "source")
    shutil.copytree(ROOT / "locales", folder / "locales")
    return build(folder, f"source/{SEED_SOURCE.name}", "html,ninjs")


def build_all_blocks(folder: Path) -> dict[str, Path]:
    shutil.copytree(FIXTURES / "project" / "source", folder / "source")
    shutil.copytree(FIXTURES / "project" / "locales", folder / "locales")
    return build(folder, f"source/{ALL_BLOCKS.name}", "html")


def new_page(browser, **options):
    """A page in a context of its own that never reaches the network, recording what goes wrong."""
    context = browser.new_context(viewport=VIEWPORT, **options)
    context.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "assert") else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} ({request.failure})"))
    page.on("response", lambda response: problems.append(f"HTTP {response.status}: {response.url}")
            if response.status >= 400 else None)
    page.problems = problems
    return page


def open_page(page, path: Path):
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page


@pytest.fixture(scope="package")
def seed_pages(tmp_path_factory) -> dict[str, Path]:
    return build_seed(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="package")
def all_blocks_pages(tmp_path_factory) -> dict[str, Path]:
    return build_all_blocks(tmp_path_factory.mktemp("all-blocks"))


@pytest.fixture(scope="package")
def browser() -> Iterator:
    chromium()  # fails first, with the message, when there is none
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    page = new_page(browser)
    yield page
    page.context.close()
