"""The newsroom page (``--format html``) as a reader's browser shows it: Debian's chromium.

The seed release's English and Hong Kong Chinese pages load without a console error or a
failed request, pass axe-core's WCAG 2.0/2.1 A and AA rules, do not scroll sideways on a
phone or a desktop, carry JSON-LD that the page itself parses, and tag Latin words in the
Chinese text with their language; each edition links every edition built with it
(``hreflang``), and following a link leads to a page in that language.  The every-block
fixture shows each kind of block with its text, and every picture loads.  The pages are
built once (see conftest.py).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import LOCALES, build_all_blocks, open_page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [360, 1280]
BEFORE_EMBARGO = 1725499800 - 3600  # 2024-09-05 08:30 HKT: the every-block fixture's embargo is in force

PAGES = [("seed", locale) for locale in LOCALES] + [("all-blocks", locale) for locale in LOCALES] + [("embargoed", "en")]


@pytest.fixture(scope="module")
def embargoed_pages(tmp_path_factory) -> dict[str, Path]:
    """The every-block fixture built while its embargo is in force: the page shows the banner."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(BEFORE_EMBARGO)
    try:
        return build_all_blocks(tmp_path_factory.mktemp("embargoed"))
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@pytest.fixture
def pages(request):
    """``which -> {locale: path}`` for the pages a test asks for, built on first use."""
    names = {"seed": "seed_pages", "all-blocks": "all_blocks_pages", "embargoed": "embargoed_pages"}
    return lambda which: request.getfixturevalue(names[which])


def texts(locator) -> list[str]:
    """The rendered text of every element *locator* finds, each of which must be visible."""
    for n in range(locator.count()):
        assert locator.nth(n).is_visible(), f"not shown: {locator.nth(n).evaluate('e => e.outerHTML')[:200]}"
    return [" ".join(text.split()) for text in locator.all_inner_texts()]


def one(locator) -> str:
    [text] = texts(locator)
    return text


# --- loading, language, layout ---

@pytest.mark.parametrize("which,locale", PAGES)
def test_the_page_loads_with_no_console_error_and_no_failed_request(page, pages, which, locale):
    open_page(page, pages(which)[locale])
    page.wait_for_load_state("networkidle")
    assert page.problems == []
    assert page.locator("html").get_attribute("lang") == locale
    assert page.title() and page.title() == one(page.locator("h1"))


@pytest.mark.parametrize("which,locale", PAGES)
def test_axe_finds_no_wcag_2_1_aa_violation(page, pages, which, locale):
    open_page(page, pages(which)[locale])
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -- {[n['target'] for n in v['nodes']]}" for v in violations)
    assert violations == [], f"axe-core {results.response['testEngine']['version']} found:\n{report}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which,locale", PAGES)
def test_no_horizontal_overflow(page, pages, which, locale, width):
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, pages(which)[locale])
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert inner_width == width
    assert scroll_width <= inner_width, f"the page is {scroll_width} px wide in a {width} px window"


@pytest.mark.parametrize("locale", LOCALES)
def test_json_ld_parses_in_the_page(page, seed_pages, locale):
    open_page(page, seed_pages[locale])
    scripts = page.locator('script[type="application/ld+json"]')
    assert scripts.count() == 1
    data = scripts.evaluate("script => JSON.parse(script.textContent)")
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == one(page.locator("h1"))
    assert data["inLanguage"] == locale
    assert data["datePublished"] == "2024-02-28"
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] and all(a["@type"] == "Organization" and a["name"] for a in data["author"])
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == one(page.locator(".issuer"))


# Every text node with a Latin letter, and the language of the element it is in.
LATIN_TEXT = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (/[A-Za-z]/.test(node.data)) {
      const element = node.parentElement;
      found.push({text: node.data.trim(), lang: element.closest("[lang]").getAttribute("lang"),
                  span: element.matches("span[lang]")});
    }
  }
  return found;
}"""


def test_latin_words_in_the_chinese_page_are_in_span_lang(page, seed_pages):
    open_page(page, seed_pages["zh-Hant-HK"])
    found = page.evaluate(LATIN_TEXT)
    untagged = [f["text"] for f in found if not (f["span"] and f["lang"].startswith("en"))]
    assert untagged == []
    assert {"ConTech", "PropTech", "www.astri.org"} <= {f["text"] for f in found}


def test_the_english_page_has_no_span_lang(page, seed_pages):
    open_page(page, seed_pages["en"])
    assert page.locator("body [lang]").count() == 0


# --- linked editions ---

ALTERNATES = """links => links.map(link => ({lang: link.hreflang, href: link.getAttribute("href"), url: link.href}))"""


def og(page, prop: str) -> list[str]:
    return page.locator(f'head meta[property="{prop}"]').evaluate_all("metas => metas.map(m => m.content)")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_alternate_link_leads_to_a_page_in_its_language(page, seed_pages, locale):
    open_page(page, seed_pages[locale])
    alternates = page.locator('head link[rel="alternate"][hreflang]').evaluate_all(ALTERNATES)
    assert sorted(a["lang"] for a in alternates) == sorted(LOCALES)
    [own_locale] = og(page, "og:locale")
    locale_alternates = og(page, "og:locale:alternate")
    seen = {}
    for alternate in alternates:
        # No newsroom in the seed's profile: the addresses are relative, so the folder works anywhere.
        assert not alternate["href"].startswith(("http:", "https:", "/")), alternate
        assert alternate["url"] == seed_pages[alternate["lang"]].resolve().as_uri(), alternate
        page.goto(alternate["url"], wait_until="load")
        assert page.locator("html").get_attribute("lang") == alternate["lang"]
        [seen[alternate["lang"]]] = og(page, "og:locale")
    assert page.problems == []
    assert seen[locale] == own_locale
    assert sorted(locale_alternates) == sorted(seen[tag] for tag in LOCALES if tag != locale)


# --- the every-block fixture ---

EXPECTED = {
    "en": {
        "h1": "ERI opens a laboratory for green finance",
        "subheadline": "Twenty researchers join from three universities",
        "highlights": ["Twenty researchers from three universities", "HK$30 million over five years"],
        "dateline": "HONG KONG, Sept. 5, 2024 /PRNewswire/ —",
        "lead": "ERI today opened its Green Finance Laboratory in Science Park, with a soft line break in the source.",
        "strong": "Green Finance Laboratory", "em": "Science Park",
        "h2": ["What the laboratory does", "About ERI", "Media contacts:"],
        "h3": ["A subsection"],
        "items": ["carbon accounting for banks", "open data on green bonds", "training for regulators"],
        "quote": "“Finance must follow the science.”",
        "cite": "— Dr Wong Ka Yan, Director, Green Finance Laboratory",
        "alt": "Six researchers in lab coats cut a ribbon",
        "figcaption": "Researchers at the opening of the laboratory (ERI / Jane Lo)",
        "credit": "(ERI / Jane Lo)",
        "caption": "Funding by source",
        "th": ["Source", "Share", "HK$ million"],
        "rows": [["Government grant", "60%", "18.0"], ["Member banks", "40%", "12.0"]],
        "contacts": ["Chan Tai Man, Communications Manager", "Lee Siu Ming, Senior Consultant, Harbourside PR"],
        "about": ["Example Research Institute (ERI) turns applied research into products. Visit our newsroom or www.example.org."],
        "keywords": ["green finance", "laboratory"],
        "hashtags": "#GreenFinance #ERI",
        "end": "###",
    },
    "zh-Hant-HK": {
        "h1": "ERI開設綠色金融實驗室",
        "subheadline": "來自三所大學的二十名研究人員加盟",
        "highlights": ["來自三所大學的二十名研究人員", "五年合共港幣30百萬元"],
        "dateline": "香港2024年9月5日 /美通社/ —",
        "lead": "香港2024年9月5日 /美通社/ — ERI今日開設綠色金融實驗室，地點位於科學園，原文於此處有一個軟換行。",
        "strong": "綠色金融實驗室", "em": "科學園",
        "h2": ["實驗室的工作", "關於ERI", "傳媒查詢："],
        "h3": ["小節"],
        "items": ["為銀行進行碳核算", "有關綠色債券的開放數據", "為監管機構提供培訓"],
        "quote": "「金融必須以科學為依歸。」",
        "cite": "——綠色金融實驗室總監黃嘉欣博士",
        "alt": "六名身穿實驗袍的研究人員主持剪綵",
        "figcaption": "研究人員出席實驗室開幕儀式 （ERI / Jane Lo）",
        "credit": "（ERI / Jane Lo）",
        "caption": "資金來源",
        "th": ["來源", "佔比", "港幣百萬元"],
        "rows": [["政府資助", "60%", "18.0"], ["成員銀行", "40%", "12.0"]],
        "contacts": ["陳大文（傳訊經理）", "李小明（海濱公關高級顧問）"],
        "about": ["示例研究院（ERI）致力將應用研究轉化為產品。請瀏覽新聞中心或www.example.org。"],
        "keywords": ["綠色金融", "實驗室"],
        "hashtags": "#GreenFinance #ERI",
        "end": "－完－",
    },
}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_block_kind_is_shown_with_its_text(page, all_blocks_pages, locale):
    want = EXPECTED[locale]
    open_page(page, all_blocks_pages[locale])
    article = page.locator("main article")
    assert one(article.locator("h1")) == want["h1"]
    assert one(article.locator("header .subheadline")) == want["subheadline"]
    assert texts(article.locator("header ul.highlights > li")) == want["highlights"]
    lead = article.locator("p.lead")
    assert one(lead.locator(".dateline")) == want["dateline"]
    assert one(lead).endswith(want["lead"].removeprefix(want["dateline"]).strip()) and one(lead).startswith(want["dateline"])
    assert one(lead.locator("strong")) == want["strong"] and one(lead.locator("em")) == want["em"]
    assert texts(article.locator("h2")) == want["h2"]
    assert texts(article.locator("h3")) == want["h3"]
    assert texts(article.locator(":scope > ul > li")) == want["items"]
    assert article.locator(":scope > ul > li a").get_attribute("href") == "https://data.example.org/green"
    assert one(article.locator("figure.quote blockquote")) == want["quote"]
    assert one(article.locator("figure.quote figcaption cite")) == want["cite"]
    photo = article.locator("figure.photo")
    assert photo.locator("img").get_attribute("alt") == want["alt"]
    assert photo.locator("img").is_visible()
    assert one(photo.locator("figcaption")) == want["figcaption"]
    assert one(photo.locator("figcaption .credit")) == want["credit"]
    table = article.locator("table")
    assert one(table.locator("caption")) == want["caption"]
    assert table.locator("thead th").evaluate_all("cells => cells.map(c => c.scope)") == ["col"] * 3
    assert texts(table.locator("thead th")) == want["th"]
    assert [texts(table.locator("tbody tr").nth(n).locator("td")) for n in range(table.locator("tbody tr").count())] == want["rows"]
    contacts = article.locator("section.contacts")
    addresses = texts(contacts.locator("address"))
    assert len(addresses) == len(want["contacts"])
    assert all(address.startswith(who) for address, who in zip(addresses, want["contacts"]))
    links = contacts.locator("a").evaluate_all("links => links.map(a => [a.getAttribute('href'), a.innerText])")
    assert links == [["tel:+85212345678", "+852 1234 5678"], ["mailto:media@example.org", "media@example.org"],
                     ["mailto:press@example.org", "press@example.org"]]
    assert texts(article.locator("section.about p")) == want["about"]
    assert texts(article.locator(".keywords .keyword")) == want["keywords"]
    assert one(article.locator(".hashtags")) == want["hashtags"]
    assert one(article.locator(".end-mark")) == want["end"]


@pytest.mark.parametrize("which,locale", PAGES)
def test_every_picture_loads(page, pages, which, locale):
    open_page(page, pages(which)[locale])
    images = page.evaluate("Array.from(document.images, i => ({src: i.src.slice(0, 80), ok: i.complete && i.naturalWidth > 0}))")
    assert [i for i in images if not i["ok"]] == []
    if which != "seed":
        assert len(images) == 1


def test_the_embargo_banner_is_shown_inside_main(page, embargoed_pages):
    open_page(page, embargoed_pages["en"])
    banner = page.locator("main .embargo")
    assert one(banner).startswith("Embargoed until")
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"


@pytest.fixture(scope="module")
def co_issued_page(tmp_path_factory) -> Path:
    """A release co-issued by two organisations (tests/fixtures/shapes), its English page."""
    import shutil

    from tests.conftest import FIXTURES, docgen_in

    project = tmp_path_factory.mktemp("shapes") / "shapes"
    shutil.copytree(FIXTURES / "shapes", project)
    result = docgen_in(project, "build", "source/2025-04-02-joint-lab.md", "-f", "html", "-l", "en", "-o", "dist")
    assert result.exit_code == 0, result.output
    return project / "dist" / "2025-04-02-joint-lab" / "en" / "2025-04-02-joint-lab.en.html"


def test_a_co_issued_release_shows_both_issuers(page, co_issued_page):
    open_page(page, co_issued_page)
    assert page.problems == []
    article = page.locator("main article")
    assert texts(article.locator("section.about > h2")) == ["About Harbour Robotics", "About Kowloon Bioscience"]
    assert all(article.locator("section.about").nth(n).locator("p").count() >= 1 for n in range(2))
    assert one(article.locator("p.source")) == "SOURCE Harbour Robotics Laboratory Limited; Kowloon Bioscience Holdings Limited"
    authors = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent).author.map(a => a.name)")
    assert authors == ["Harbour Robotics Laboratory Limited", "Kowloon Bioscience Holdings Limited"]
