"""ninjs: one IPTC ninjs 2.1 document per edition, valid against IPTC's published schema."""
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import lxml.html
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.i18n import context_for
from docgen.model import Paragraph, Span
from docgen.render.ninjs import render
from docgen.sources import read
from docgen.style import Style
from tests.checks import missing_paragraphs, seed_paragraphs
from tests.conftest import ALL_BLOCKS, FIXTURES, ROOT, SEED_SOURCE

SCHEMA = json.loads((FIXTURES / "ninjs" / "ninjs-schema_2.1.json").read_text("utf-8"))
SEED_EN = seed_paragraphs((FIXTURES / "seed-release.txt").read_text("utf-8"))
SEED_ZH = [p.strip() for p in (FIXTURES / "seed-paragraphs.zh-Hant-HK.txt").read_text("utf-8").split("\n\n")]
SLUG = SEED_SOURCE.stem


def valid(doc: dict) -> dict:
    """*doc*, after checking it against the ninjs 2.1 schema (and its date-times as ISO 8601 with offset)."""
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert not errors, errors
    for field in ("firstcreated", "versioncreated", "embargoed"):
        if field in doc:
            assert dt.datetime.fromisoformat(doc[field]).utcoffset() is not None, field
    return doc


def body(doc: dict):
    [main_body] = doc["bodies"]
    assert main_body["role"] == "main" and main_body["contenttype"] == "text/html"
    return lxml.html.fragment_fromstring(main_body["value"], create_parent="div")


def build(*args: str) -> CliRunner:
    return CliRunner().invoke(main, ["build", *args, "--locales", str(ROOT / "locales")], catch_exceptions=False)


@pytest.fixture(scope="module")
def seed_docs(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    out = tmp_path_factory.mktemp("out")
    result = build(str(SEED_SOURCE), "-f", "ninjs", "-l", "en,zh-Hant-HK", "-o", str(out))
    assert result.exit_code == 0, result.output
    paths = {locale: out / SLUG / locale / f"{SLUG}.{locale}.ninjs.json" for locale in ("en", "zh-Hant-HK")}
    return {locale: (path, json.loads(path.read_bytes().decode("utf-8"))) for locale, path in paths.items()}


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
def test_the_seed_editions_are_valid_ninjs_2_1(seed_docs, locale):
    path, doc = seed_docs[locale]
    valid(doc)
    assert doc["uri"] == f"urn:docgen:{SLUG}:{locale}"
    assert doc["standard"] == {"name": "ninjs", "version": "2.1", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"}
    assert (doc["type"], doc["representationtype"], doc["language"]) == ("text", "full", locale)
    assert doc["firstcreated"] == doc["versioncreated"] == "2024-02-28T00:00:00+00:00"
    assert "embargoed" not in doc  # the seed has no embargo
    assert doc["infosources"][0]["role"] == "originator"
    assert path.read_bytes().endswith(b"}\n")


def test_the_seed_text_is_all_there_in_both_languages(seed_docs):
    en, zh = seed_docs["en"][1], seed_docs["zh-Hant-HK"][1]
    assert en["headlines"][0] == {"role": "main", "value": "Facilitating industrial transformation and economic growth through I&T"}
    assert all(h["value"] for h in en["headlines"] + zh["headlines"])
    assert en["headlines"][0]["value"] != zh["headlines"][0]["value"]
    # Every paragraph of each edition, the headlines included, is in the document.
    for doc, paragraphs in ((en, SEED_EN), (zh, SEED_ZH)):
        text = "\n".join(h["value"] for h in doc["headlines"]) + "\n" + body(doc).text_content()
        assert missing_paragraphs(text, paragraphs) == []
    # Chinese written as itself, not as \u escapes.
    assert zh["headlines"][0]["value"] in seed_docs["zh-Hant-HK"][0].read_text("utf-8")
    assert "美通社" in body(zh).text_content()


def test_the_every_block_fixture_in_html(tmp_path):
    result = build(str(ALL_BLOCKS), "-f", "ninjs", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    doc = valid(json.loads((tmp_path / ALL_BLOCKS.stem / "en" / f"{ALL_BLOCKS.stem}.en.ninjs.json").read_text("utf-8")))
    assert doc["embargoed"] == "2024-09-05T09:30:00+08:00"
    assert doc["firstcreated"] == "2024-09-05T09:30:00+08:00"
    assert doc["headlines"] == [{"role": "main", "value": "ERI opens a laboratory for green finance"},
                                {"role": "sub", "value": "Twenty researchers join from three universities"}]
    assert doc["subjects"] == [{"name": "green finance"}, {"name": "laboratory"}]
    assert doc["located"] == "Hong Kong"
    assert doc["infosources"] == [{"name": "Example Research Institute Limited", "role": "originator", "uri": "https://www.example.org"}]
    [photo] = doc["associations"]
    assert photo["type"] == "picture" and photo["by"] == "ERI / Jane Lo"
    assert {"role": "alt", "contenttype": "text/plain", "value": "Six researchers in lab coats cut a ribbon"} in photo["descriptions"]
    html = body(doc)
    assert [li.text_content() for li in html.xpath("./ul[1]/li")] == ["Twenty researchers from three universities", "HK$30 million over five years"]
    assert html.xpath("./p[1]/strong/text()") == ["Green Finance Laboratory"] and html.xpath("./p[1]/em/text()") == ["Science Park"]
    assert [h.text_content() for h in html.xpath("./h2 | ./h3")][:2] == ["What the laboratory does", "A subsection"]
    assert html.xpath("//a[text()='open data']/@href") == ["https://data.example.org/green"]
    [quote] = html.xpath("./blockquote")
    assert "Finance must follow the science." in quote.xpath("./p")[0].text_content()
    assert quote.xpath("./footer")[0].text_content() == "Dr Wong Ka Yan, Director, Green Finance Laboratory"
    assert html.xpath("./figure/figcaption")[0].text_content() == "Researchers at the opening of the laboratory (ERI / Jane Lo)"
    [table] = html.xpath("./table")
    assert table.xpath("./caption")[0].text_content() == "Funding by source"
    assert [th.text_content() for th in table.xpath("./thead/tr/th[@scope='col']")] == ["Source", "Share", "HK$ million"]
    assert [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")] == [
        ["Government grant", "60%", "18.0"], ["Member banks", "40%", "12.0"]]
    assert table.xpath("./tbody/tr[1]/td[3]/@style") == ["text-align: right"]
    assert html.xpath("//a[@href='mailto:media@example.org']/text()") == ["media@example.org"]
    text = html.text_content()
    for words in ("About ERI", "#GreenFinance #ERI", "Lee Siu Ming, Senior Consultant, Harbourside PR", "SOURCE Example Research Institute Limited"):
        assert words in text, words


def test_text_is_escaped_as_html():
    release = read(SEED_SOURCE)
    release = replace(release, headline="1 < 2 & 3", body=(
        Paragraph(id="lead.1", content=(Span(text="Profits <up> & costs "), Span(text="<down>", strong=True),
                                        Span(text=" \"here\"", link="https://example.org/?a=1&b=<2>"))),))
    doc = valid(json.loads(render(release, context_for("en", "PRNewswire"), Style())))
    assert doc["headlines"][0]["value"] == "1 < 2 & 3"  # JSON carries plain text as it is
    value = doc["bodies"][0]["value"]
    assert "Profits &lt;up&gt; &amp; costs <strong>&lt;down&gt;</strong>" in value
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in value
    html = body(doc)
    assert "Profits <up> & costs <down> \"here\"" in html.text_content()
    assert html.xpath("./p[1]/a/@href") == ["https://example.org/?a=1&b=<2>"]


def test_the_every_block_fixture_in_chinese(tmp_path):
    locales = FIXTURES / "project" / "locales"
    result = CliRunner().invoke(main, ["build", str(ALL_BLOCKS), "-f", "ninjs", "-l", "zh-Hant-HK", "--locales", str(locales), "-o", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    doc = valid(json.loads((tmp_path / ALL_BLOCKS.stem / "zh-Hant-HK" / f"{ALL_BLOCKS.stem}.zh-Hant-HK.ninjs.json").read_text("utf-8")))
    assert doc["language"] == "zh-Hant-HK" and doc["located"] == "香港"
    assert doc["headlines"][0] == {"role": "main", "value": "ERI開設綠色金融實驗室"}
    assert {"role": "alt", "contenttype": "text/plain", "value": "六名身穿實驗袍的研究人員主持剪綵"} in doc["associations"][0]["descriptions"]
    html = body(doc)
    assert html.xpath("./p[1]/strong/text()") == ["綠色金融實驗室"]
    assert html.xpath("./blockquote/p")[0].text_content() == "「金融必須以科學為依歸。」"
    assert [th.text_content() for th in html.xpath("./table/thead/tr/th")] == ["來源", "佔比", "港幣百萬元"]
    assert "電郵：" in html.text_content() and html.xpath("//a[@href='mailto:press@example.org']")
