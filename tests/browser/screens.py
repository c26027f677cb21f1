"""Full-page screenshots of the seed's newsroom pages, for a person to look at (not a test).

    .venv/bin/python -m tests.browser.screens [FOLDER]

builds the seed's English and Hong Kong Chinese pages in a temporary folder and writes
``seed-<locale>-<width>.png`` at 1280 and 360 px wide into FOLDER (default: screens/).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import build_seed, launch, new_page, open_page

WIDTHS = (1280, 360)


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        pages = build_seed(Path(tmp))
        browser = launch(playwright)
        for locale, path in pages.items():
            for width in WIDTHS:
                page = new_page(browser)
                page.set_viewport_size({"width": width, "height": 800})
                open_page(page, path)
                target = folder / f"seed-{locale}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target, *(page.problems or []))
                page.context.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screens"))
