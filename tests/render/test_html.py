"""The newsroom page (``--format html``), parsed back with lxml.html."""
import json
from pathlib import Path
import shutil
from dataclasses import replace

import lxml.html
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.i18n import context_for, parse_locale
from docgen.i18n.translate import translate
from docgen.model import Paragraph, Span
from docgen.render import Publication
from docgen.render.html import render
from docgen.sources import read
from docgen.style import Style, load_style
from tests.conftest import ALL_BLOCKS, ROOT, SEED_SOURCE

BEFORE_EMBARGO = "1725499800"  # 2024-09-05 01:30 UTC, 09:30 HKT: the embargo itself
EMBARGO = 1725499800


def page(release, locale="en", style=None, publication=None):
    return lxml.html.fromstring(render(release, context_for(locale, "PRNewswire"), style or Style(), publication).data)


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
    assert lead.find("span[@class='dateline']").text.startswith("HONG KONG, Sept. 5, 2024 /PRNewswire/\u00a0— ")
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
    assert img.get("src") == "lab.png"
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
        doc = lxml.html.parse(str(tmp_path / slug / locale / f"{slug}.{locale}.html")).getroot()
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

    editions = Publication(editions=("en", "zh-Hant-HK"))
    assert_golden("seed.en.html", render(read(SEED_SOURCE), context_for("en", "PRNewswire"), Style(), editions).data)


def test_simplified_edition_names_mainland_fonts_and_a_date_without_a_time():
    release = read(SEED_SOURCE)
    doc = page(release, "zh-Hans-CN")
    assert doc.get("lang") == "zh-Hans-CN"
    assert doc.find(".//meta[@property='og:locale']").get("content") == "zh_CN"
    assert json.loads(doc.find(".//script[@type='application/ld+json']").text)["datePublished"] == "2024-02-28"
    css = doc.find(".//style").text
    assert "html:lang(zh-Hans)" in css and "Microsoft YaHei" in css and "PingFang SC" in css and "Noto Sans CJK SC" in css


def test_editions_link_each_other_by_relative_addresses(blocks):
    both = Publication(editions=("en", "zh-Hant-HK"))
    doc = page(blocks, publication=both)
    links = [(link.get("hreflang"), link.get("href")) for link in doc.findall(".//head/link[@rel='alternate']")]
    assert links == [("en", f"{blocks.slug}.en.html"), ("zh-Hant-HK", f"../zh-Hant-HK/{blocks.slug}.zh-Hant-HK.html")]
    assert [m.get("content") for m in doc.findall(".//meta[@property='og:locale:alternate']")] == ["zh_HK"]
    assert doc.find(".//link[@rel='canonical']") is None and doc.find(".//meta[@property='og:url']") is None
    # No absolute address is known: no social preview picture (Open Graph needs one).
    assert doc.find(".//meta[@property='og:image']") is None
    chinese = page(blocks, "zh-Hant-HK", publication=both)
    assert [link.get("href") for link in chinese.findall(".//head/link[@rel='alternate']")] == [
        f"../en/{blocks.slug}.en.html", f"{blocks.slug}.zh-Hant-HK.html"]
    assert [m.get("content") for m in chinese.findall(".//meta[@property='og:locale:alternate']")] == ["en_US"]


def test_a_newsroom_address_makes_every_address_absolute(blocks):
    org = replace(blocks.organisations[0], newsroom="https://www.example.org/news/")
    release = replace(blocks, organisations=(org, *blocks.organisations[1:]))
    doc = page(release, publication=Publication(editions=("en", "zh-Hant-HK")))
    home = f"https://www.example.org/news/{blocks.slug}"
    assert doc.find(".//link[@rel='canonical']").get("href") == f"{home}/en/{blocks.slug}.en.html"
    assert [link.get("href") for link in doc.findall(".//head/link[@rel='alternate']")] == [
        f"{home}/en/{blocks.slug}.en.html", f"{home}/zh-Hant-HK/{blocks.slug}.zh-Hant-HK.html"]
    og = {m.get("property"): m.get("content") for m in doc.findall(".//meta[@property]")}
    assert og["og:url"] == f"{home}/en/{blocks.slug}.en.html" and og["og:image"] == f"{home}/en/lab.png"
    assert doc.find(".//meta[@name='twitter:card']").get("content") == "summary_large_image"
    assert doc.find(".//figure[@class='photo']/img").get("src") == f"{home}/en/lab.png"
    data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
    assert data["url"] == data["mainEntityOfPage"] == f"{home}/en/{blocks.slug}.en.html"
    assert data["image"] == [f"{home}/en/lab.png"]


def test_photos_are_files_beside_the_page_as_published(blocks, tmp_path):
    from PIL import Image

    second = tmp_path / "other" / "lab.png"  # a second photo whose file has the same name
    second.parent.mkdir()
    Image.new("RGB", (40, 30), "navy").save(second)
    photo = next(b for b in blocks.body if b.kind == "photo")
    release = replace(blocks, body=(*blocks.body, replace(photo, id="second", src=str(second))))
    output = render(release, context_for("en", "PRNewswire"), Style())
    assert sorted(output.beside) == ["lab-2.png", "lab.png"]
    assert output.beside["lab.png"].startswith(b"\x89PNG") and output.beside["lab-2.png"].startswith(b"\x89PNG")
    doc = lxml.html.fromstring(output.data)
    assert [img.get("src") for img in doc.findall(".//figure[@class='photo']/img")] == ["lab.png", "lab-2.png"]
    assert json.loads(doc.find(".//script[@type='application/ld+json']").text)["image"] == ["lab.png", "lab-2.png"]


def test_the_house_logo_is_the_publishers_logo(blocks, tmp_path):
    from PIL import Image

    house = tmp_path / "house"
    shutil.copytree(ROOT / "templates" / "default", house)
    Image.new("RGB", (120, 40), "teal").save(house / "our-logo.png")
    text_ = (house / "style.yaml").read_text("utf-8").replace("  logo: null ", "  logo: our-logo.png ")
    (house / "style.yaml").write_text(text_, "utf-8")
    output = render(blocks, context_for("en", "PRNewswire"), load_style(house))
    assert "our-logo.png" in output.beside
    doc = lxml.html.fromstring(output.data)
    assert doc.find(".//p[@class='issuer']/img[@class='logo']").get("src") == "our-logo.png"
    data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
    assert data["publisher"]["logo"] == {"@type": "ImageObject", "url": "our-logo.png"}
    assert all("logo" not in author for author in data["author"])


def test_the_page_asks_to_be_made_again_when_its_embargo_ends(blocks, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO - 60))
    assert render(blocks, context_for("en", "PRNewswire"), Style()).changes_at.timestamp() == EMBARGO
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO))
    assert render(blocks, context_for("en", "PRNewswire"), Style()).changes_at is None


@pytest.fixture
def fixture_project(tmp_path):
    """A copy of the every-block fixture project, with its Hong Kong catalogue."""
    shutil.copytree(ALL_BLOCKS.parent.parent, tmp_path / "project")
    return tmp_path / "project"


def build_json(project, *args):
    from tests.conftest import docgen_in

    result = docgen_in(project, "build", "source/all-blocks.md", "-f", "html,txt", "-l", "en,zh-Hant-HK", "-o", "dist", "--json", *args)
    assert result.exit_code in (0, 2), result.output
    return json.loads(result.output)["releases"][0]


def test_the_build_writes_each_edition_with_its_pictures_and_links(fixture_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO + 1))
    report = build_json(fixture_project)
    folder = fixture_project / "dist" / "all-blocks"
    assert sorted(Path(p).relative_to("dist/all-blocks").as_posix() for p in report["written"]) == [
        "en/all-blocks.en.html", "en/all-blocks.en.txt", "en/lab.png",
        "zh-Hant-HK/all-blocks.zh-Hant-HK.html", "zh-Hant-HK/all-blocks.zh-Hant-HK.txt", "zh-Hant-HK/lab.png"]
    for locale in ("en", "zh-Hant-HK"):
        doc = lxml.html.parse(str(folder / locale / f"all-blocks.{locale}.html")).getroot()
        for link in doc.findall(".//head/link[@rel='alternate']"):
            target = (folder / locale / link.get("href")).resolve()
            assert lxml.html.parse(str(target)).getroot().get("lang") == link.get("hreflang")
        img = doc.find(".//figure[@class='photo']/img")
        assert (folder / locale / img.get("src")).read_bytes().startswith(b"\x89PNG")
    assert build_json(fixture_project)["written"] == []


def test_an_edition_that_cannot_be_made_is_not_linked(fixture_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO + 1))
    catalogue = fixture_project / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "all-blocks.po"
    catalogue.unlink()
    report = build_json(fixture_project)
    assert report["status"] == "failed" or report["failed"]
    doc = lxml.html.parse(str(fixture_project / "dist" / "all-blocks" / "en" / "all-blocks.en.html")).getroot()
    assert [link.get("hreflang") for link in doc.findall(".//head/link[@rel='alternate']")] == ["en"]


def test_the_embargoed_page_is_made_again_when_the_embargo_ends(fixture_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO - 3600))
    assert len(build_json(fixture_project)["written"]) == 6
    page_ = fixture_project / "dist" / "all-blocks" / "en" / "all-blocks.en.html"
    assert lxml.html.parse(str(page_)).getroot().find(".//p[@class='embargo']") is not None
    assert build_json(fixture_project)["written"] == []  # still embargoed: nothing changed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO))
    written = sorted(Path(p).name for p in build_json(fixture_project)["written"])
    assert written == ["all-blocks.en.html", "all-blocks.zh-Hant-HK.html", "lab.png", "lab.png"]  # the wire copy has no embargo state
    doc = lxml.html.parse(str(page_)).getroot()
    assert doc.find(".//p[@class='embargo']") is None and doc.find(".//meta[@name='robots']") is None


def test_a_co_issued_release_names_both_issuers():
    release = read(ROOT / "tests" / "fixtures" / "shapes" / "source" / "2025-04-02-joint-lab.md")
    doc = page(release)
    assert [text(h) for h in doc.findall(".//section[@class='about']/h2")] == ["About Harbour Robotics", "About Kowloon Bioscience"]
    data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
    assert [a["name"] for a in data["author"]] == ["Harbour Robotics Laboratory Limited", "Kowloon Bioscience Holdings Limited"]
    assert data["publisher"]["name"] == "Harbour Robotics Laboratory Limited"
    assert text(doc.find(".//p[@class='source']")) == "SOURCE Harbour Robotics Laboratory Limited; Kowloon Bioscience Holdings Limited"
    assert text(doc.find(".//p[@class='lead']")).startswith("HONG KONG and SHENZHEN, April 2, 2025 /PRNewswire/ — ")


def test_chinese_contacts_tag_their_addresses_and_emphasis_is_never_slanted(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EMBARGO + 1))
    release = translate(read(ALL_BLOCKS), parse_locale("zh-Hant-HK"), ALL_BLOCKS.parent.parent / "locales").release
    doc = page(release, "zh-Hant-HK")
    mail = [a for a in doc.iter("a") if a.get("href", "").startswith("mailto:")]
    assert [a.find("span").get("lang") for a in mail] == ["en-US", "en-US"]
    css = doc.find(".//style").text
    assert ":where(html:lang(zh)) em { font-style: normal; text-emphasis: filled dot;" in css
    assert doc.find(".//body").get("class") == "emphasis-dots"
