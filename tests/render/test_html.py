"""The newsroom page (``--format html``), parsed back with lxml.html."""
import json
import shutil
from dataclasses import replace

import lxml.html
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.i18n import context_for, parse_locale
from docgen.i18n.translate import translate
from docgen.model import Paragraph, Span
from docgen.render.html import render
from docgen.sources import read
from docgen.style import Style, load_style
from tests.conftest import ALL_BLOCKS, ROOT, SEED_SOURCE

BEFORE_EMBARGO = "1725499800"  # 2024-09-05 01:30 UTC, 09:30 HKT: the embargo itself
EMBARGO = 1725499800


def page(release, locale="en", style=None):
    data = render(release, context_for(locale, "PRNewswire"), style or Style())
    return lxml.html.fromstring(data)


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def blocks():
    return read(ALL_BLOCKS)


def test_every_block_kind_in_its_element(blocks, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO + 1))
    doc = page(blocks)
    article = doc.find(".//main/article")
    assert text(article.find(".//h1")) == "ERI opens a laboratory for green finance"
    assert text(article.find(".//header/p[@class='subheadline']")) == "Twenty researchers join from three universities"
    assert [text(li) for li in article.findall(".//ul[@class='highlights']/li")] == [
        "Twenty researchers from three universities", "HK$30 million over five years"]
    lead = article.find("p[@class='lead']")
    assert lead.find("span[@class='dateline']").text.startswith("HONG KONG, Sept. 5, 2024 /PRNewswire/ — ")
    assert lead.find("strong").text == "Green Finance Laboratory" and lead.find("em").text == "Science Park"
    assert "a soft line break in the source." in text(lead)
    assert text(article.find("h2")) == "What the laboratory does"
    assert text(article.find("h3")) == "A subsection"
    items = article.findall("ul/li")
    assert [text(li) for li in items] == ["carbon accounting for banks", "open data on green bonds", "training for regulators"]
    assert items[1].find("a").get("href") == "https://data.example.org/green"
    quote = article.find("figure[@class='quote']")
    assert text(quote.find("blockquote")) == "“Finance must follow the science.”"
    assert text(quote.find("figcaption/cite")) == "— Dr Wong Ka Yan, Director, Green Finance Laboratory"
    photo = article.find("figure[@class='photo']")
    img = photo.find("img")
    assert img.get("alt") == "Six researchers in lab coats cut a ribbon"
    assert img.get("src").startswith("data:image/png;base64,")
    assert text(photo.find("figcaption")).startswith("Researchers at the opening of the laboratory")
    assert text(photo.find(".//small[@class='credit']")) == "(ERI / Jane Lo)"
    table = article.find(".//table")
    assert text(table.find("caption")) == "Funding by source"
    assert [(th.get("scope"), text(th)) for th in table.findall("thead/tr/th")] == [
        ("col", "Source"), ("col", "Share"), ("col", "HK$ million")]
    assert [[text(td) for td in tr] for tr in table.findall("tbody/tr")] == [
        ["Government grant", "60%", "18.0"], ["Member banks", "40%", "12.0"]]
    more = [p for p in article.findall("p") if text(p) == "More at www.example.org."]
    assert [a.get("href") for a in more[0].iter("a")] == ["https://www.example.org/"]
    contacts = article.find("section[@class='contacts']")
    assert text(contacts.find("h2")) == "Media contacts:"
    hrefs = [a.get("href") for a in contacts.iter("a")]
    assert hrefs == ["tel:+85212345678", "mailto:media@example.org", "mailto:press@example.org"]
    assert "Lee Siu Ming, Senior Consultant, Harbourside PR" in text(contacts)
    assert [text(k) for k in article.findall(".//span[@class='keyword']")] == ["green finance", "laboratory"]
    assert text(article.find(".//p[@class='hashtags']")).endswith("#GreenFinance #ERI")
    assert article.find(".//section[@class='about']/h2") is not None
    assert text(article.find(".//p[@class='end-mark']")) == "###"


def test_head_metadata(blocks, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO + 1))
    doc = page(blocks)
    assert doc.get("lang") == "en"
    assert doc.find(".//head/meta[@charset]").get("charset") == "utf-8"
    assert "width=device-width" in doc.find(".//meta[@name='viewport']").get("content")
    assert doc.find(".//title").text == "ERI opens a laboratory for green finance"
    og = {m.get("property"): m.get("content") for m in doc.findall(".//meta[@property]")}
    assert og["og:type"] == "article" and og["og:title"] == "ERI opens a laboratory for green finance"
    assert og["og:locale"] in ("en_US", "en_GB")
    data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "ERI opens a laboratory for green finance"
    assert data["alternativeHeadline"] == "Twenty researchers join from three universities"
    assert data["datePublished"] == data["dateModified"] == "2024-09-05T09:30:00+08:00"
    assert doc.find(".//meta[@name='twitter:card']").get("content") == "summary"
    assert data["inLanguage"] == "en"
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
    assert data["author"][0]["@type"] == "Organization"
    assert data["keywords"] == ["green finance", "laboratory"]


def test_embargo_banner_and_noindex_only_while_in_force(blocks, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO - 60))
    doc = page(blocks)
    banner = doc.find(".//p[@class='embargo']")
    assert banner is not None and text(banner).startswith("Embargoed until Sept. 5, 2024, 9:30 a.m.")
    assert doc.find(".//meta[@name='robots']").get("content") == "noindex"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO))
    doc = page(blocks)
    assert doc.find(".//p[@class='embargo']") is None and doc.find(".//meta[@name='robots']") is None


def test_markup_in_the_text_is_text(blocks):
    evil = '<script>alert("x")</script> & </p>'
    release = replace(blocks, headline="A </title><script>", body=(Paragraph(id="p1", content=(Span(text=evil),)),) + blocks.body[1:],
                      keywords=("</script><b>",))
    doc = page(release)
    assert doc.findall(".//body//script") == []
    assert text(doc.find(".//p[@class='lead']")).endswith(evil.strip())
    assert doc.find(".//title").text == "A </title><script>"
    data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
    assert data["headline"] == "A </title><script>" and data["keywords"] == ["</script><b>"]


def test_chinese_edition_tags_latin_runs():
    release = translate(read(SEED_SOURCE), parse_locale("zh-Hant-HK"), ROOT / "locales").release
    doc = page(release, "zh-Hant-HK")
    assert doc.get("lang") == "zh-Hant-HK"
    spans = [s for s in doc.iter("span") if s.get("lang")]
    assert "ConTech" in [s.text for s in spans]
    assert {s.get("lang") for s in spans} == {release.organisation.english}
    assert doc.find(".//meta[@property='og:locale']").get("content") == "zh_HK"
    assert json.loads(doc.find(".//script[@type='application/ld+json']").text)["inLanguage"] == "zh-Hant-HK"
    assert "香港2024年2月28日" in text(doc.find(".//p[@class='lead']"))
    css = doc.find(".//style").text
    assert "line-break: strict" in css and "Microsoft JhengHei" in css and "PingFang HK" in css and "Noto Sans CJK HK" in css


def test_seed_through_the_cli(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "html", "-l", "en,zh-Hant-HK", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    slug = SEED_SOURCE.stem
    for locale in ("en", "zh-Hant-HK"):
        doc = lxml.html.parse(str(tmp_path / slug / locale / f"{slug}.html")).getroot()
        assert doc.get("lang") == locale
        assert doc.find(".//article/header/h1") is not None
        assert len(doc.findall(".//article/section[@class='about']/p")) == 2


def test_a_house_overrides_the_templates(tmp_path, blocks):
    house = tmp_path / "house"
    shutil.copytree(ROOT / "templates" / "default", house, ignore=shutil.ignore_patterns("html"))
    (house / "html").mkdir()
    (house / "html" / "release.css").write_text("body { color: rebeccapurple; }\n", "utf-8")
    (house / "html" / "release.html.j2").write_text(
        '{% extends "default/release.html.j2" %}{% block body %}<p class="house">{{ release.headline }}</p>{{ super() }}{% endblock %}', "utf-8")
    style = load_style(house)
    doc = page(blocks, style=style)
    assert doc.find(".//style").text.strip() == "body { color: rebeccapurple; }"
    assert doc.find(".//p[@class='house']").text == blocks.headline
    assert doc.find(".//h1") is not None


def test_seed_page_matches_reviewed_golden():
    """tests/golden/seed.en.html; DOCGEN_UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    from tests.render.test_txt import assert_golden

    assert_golden("seed.en.html", render(read(SEED_SOURCE), context_for("en", "PRNewswire"), Style()))


def test_simplified_edition_names_mainland_fonts_and_a_date_without_a_time():
    release = read(SEED_SOURCE)
    doc = page(release, "zh-Hans-CN")
    assert doc.get("lang") == "zh-Hans-CN"
    assert doc.find(".//meta[@property='og:locale']").get("content") == "zh_CN"
    assert json.loads(doc.find(".//script[@type='application/ld+json']").text)["datePublished"] == "2024-02-28"
    css = doc.find(".//style").text
    assert "html:lang(zh-Hans)" in css and "Microsoft YaHei" in css and "PingFang SC" in css and "Noto Sans CJK SC" in css
