"""``docgen serve`` in a real browser: a page open on the preview shows an edit to the source
within 2 s, reloaded by the live-reload script (Server-Sent Events), never by the test."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.serve import Preview
from tests.browser.conftest import VIEWPORT

SLUG = "2024-02-28-astri-budget"
DEADLINE_MS = 2000
OLD, NEW = "welcomes the Financial Secretary", "zealously commends the Financial Secretary"


@pytest.fixture
def preview(seed_project: Path):
    with Preview(seed_project / "source", locales=("en", "zh-Hant-HK"), locales_dir=seed_project / "locales", port=0) as running:
        yield running


@pytest.fixture
def served_page(browser, preview):
    """A page that reaches the preview's server and nothing else, recording what goes wrong."""
    context = browser.new_context(viewport=VIEWPORT)
    context.route(re.compile(rf"^(?!{re.escape(preview.url)})(https?|wss?|ftp)://"), lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("response", lambda response: problems.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None)
    page.problems = problems
    yield page
    context.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_open_page_shows_an_edit_within_two_seconds(served_page, preview, seed_project):
    from playwright.sync_api import expect

    page = served_page
    page.goto(f"{preview.url}{SLUG}/en/{SLUG}.en.html", wait_until="load")
    body = page.locator("body")
    expect(body).to_contain_text(OLD)
    page.wait_for_function("() => document.querySelector('script[data-token]') !== null")
    edit(seed_project / "source" / f"{SLUG}.md", OLD, NEW)
    expect(body).to_contain_text(NEW, timeout=DEADLINE_MS)
    assert page.problems == []


def test_the_side_by_side_page_reloads_its_editions(served_page, preview, seed_project):
    from playwright.sync_api import expect

    page = served_page
    page.goto(f"{preview.url}{SLUG}/", wait_until="load")
    assert page.locator("html").get_attribute("lang") == "en"
    english = page.frame_locator(f'iframe[src="/{SLUG}/en/{SLUG}.en.html"]').locator("body")
    chinese = page.frame_locator(f'iframe[src="/{SLUG}/zh-Hant-HK/{SLUG}.zh-Hant-HK.html"]').locator("body")
    expect(english).to_contain_text(OLD)
    expect(chinese).to_contain_text("香港應用科技研究院")
    edit(seed_project / "source" / f"{SLUG}.md", OLD, NEW)
    expect(english).to_contain_text(NEW, timeout=DEADLINE_MS)
    # The English changed under the Chinese translation: that edition now shows why it is not built.
    expect(page.locator('section[id="zh-Hant-HK"] .error')).to_be_visible(timeout=DEADLINE_MS)
    assert page.problems == []


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -- {[n['target'] for n in v['nodes']]}" for v in results.response["violations"])


def test_the_preview_pages_pass_axe_with_and_without_errors(served_page, preview, seed_project):
    page = served_page
    for path in ("", f"{SLUG}/"):
        page.goto(preview.url + path, wait_until="load")
        assert page.title() and page.locator("h1").count() == 1
        assert axe_violations(page) == "", path
    edit(seed_project / "source" / f"{SLUG}.md", "  date: 2024-02-28\n", "  date: 2024-02-28\nembargo: 2024-02-28 09:00\n")
    page.goto(preview.url, wait_until="load")
    page.wait_for_selector(".error", timeout=DEADLINE_MS * 2)  # reloaded by the page itself once rebuilt
    for path in ("", f"{SLUG}/", f"{SLUG}/en/{SLUG}.en.html"):
        page.goto(preview.url + path, wait_until="load")
        assert page.locator(".error").count() >= 1 and "embargo" in page.locator(".error").first.inner_text(), path
        assert axe_violations(page) == "", path
    assert [p for p in page.problems if "500" not in p] == []  # the failed release's page answers 500 (the browser says so)
