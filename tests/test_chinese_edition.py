"""Nothing English left in a Chinese edition: every word printed comes from the
release, its catalogues or the profile (issue 13).  A new organisation's first
release, from Sai Kung, with a Hong Kong press contact, keywords and a photo."""
from __future__ import annotations

import re
import shutil
import zipfile

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.i18n import catalogs
from tests import pdfcheck
from tests.conftest import FIXTURES

RELEASE = """---
headline: Marine lab counts seagrass in Sai Kung
organisation: tidewater
dateline:
  date: 2025-06-03
  city: Sai Kung
keywords: [seagrass, marine science]
contacts:
  - name: Chan Siu Ling
    role: Communications Manager
    email: press@tidewater.example
---

Tidewater Marine Laboratory has counted the seagrass meadows of Port Shelter for a third year.

![Divers record a seagrass meadow](images/lab.png){alt="Two divers measure seagrass with a frame" credit="Tidewater / Ho Wing"}
"""
PROFILE = "name: Tidewater Marine Laboratory\nshort_name: Tidewater\nwire: PRNewswire\n"
CHINESE = {
    ("headline", "Marine lab counts seagrass in Sai Kung"): "海洋實驗室點算西貢海草",
    ("dateline.city", "Sai Kung"): "西貢",
    ("paragraph", "Tidewater Marine Laboratory has counted the seagrass meadows of Port Shelter for a third year."):
        "潮汐海洋實驗室連續第三年點算牛尾海的海草床。",
    ("photo.caption", "Divers record a seagrass meadow"): "潛水員記錄海草床",
    ("photo.alt", "Two divers measure seagrass with a frame"): "兩名潛水員以框架量度海草",
    ("photo.credit", "Tidewater / Ho Wing"): "潮汐實驗室／何穎",
    ("contact.name", "Chan Siu Ling"): "陳小玲",
    ("contact.role", "Communications Manager"): "傳訊經理",
    ("keyword", "seagrass"): "海草",
    ("keyword", "marine science"): "海洋科學",
    ("organisation.name", "Tidewater Marine Laboratory"): "潮汐海洋實驗室",
    ("organisation.short_name", "Tidewater"): "潮汐實驗室",
}


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "organisations").mkdir(parents=True)
    (root / "images").mkdir()
    shutil.copy(FIXTURES / "project" / "source" / "images" / "lab.png", root / "images" / "lab.png")
    (root / "organisations" / "tidewater.yaml").write_text(PROFILE, "utf-8")
    (root / "release.md").write_text(RELEASE, "utf-8")
    result = CliRunner().invoke(main, ["i18n", "init", "-l", "zh-Hant-HK", str(root / "release.md"), "--locales", str(root / "locales")])
    assert result.exit_code == 0, result.output
    return root


def translate(project, leave_out=()):
    for po in (project / "locales").rglob("*.po"):
        catalog = catalogs.read(po)
        for message in catalog:
            if message.id and (message.context, message.id) not in leave_out:
                message.string = CHINESE[message.context, message.id]
        catalogs.save(po, catalog, formats=False)


def build(project, out):
    return CliRunner().invoke(main, ["build", str(project / "release.md"), "-l", "zh-Hant-HK", "--locales", str(project / "locales"), "-o", str(out)])


def test_every_word_of_the_chinese_edition_is_chinese(project, tmp_path):
    translate(project)
    result = build(project, tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "release" / "zh-Hant-HK"
    wire = (folder / "release.zh-Hant-HK.txt").read_text("utf-8")
    assert wire.split("\n\n")[1].startswith("西貢2025年6月3日 /美通社/ -- 潮汐海洋實驗室連續第三年")
    assert "陳小玲（傳訊經理）" in wire and "傳媒查詢：" in wire
    assert "圖片：潛水員記錄海草床" in wire and "潮汐實驗室／何穎" in wire
    english = [w for w in re.findall(r"[A-Za-z]{3,}", wire) if w not in ("press", "tidewater", "example")]  # the e-mail address
    assert english == [], english

    assert pdfcheck.info(folder / "release.zh-Hant-HK.pdf")["Keywords"] == "海草, 海洋科學"
    assert "陳小玲（傳訊經理）" in pdfcheck.text(folder / "release.zh-Hant-HK.pdf")

    with zipfile.ZipFile(folder / "release.zh-Hant-HK.docx") as package:
        core = package.read("docProps/core.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    assert "<cp:keywords>海草, 海洋科學</cp:keywords>" in core
    assert 'descr="兩名潛水員以框架量度海草"' in body
    assert "陳小玲（傳訊經理）" in [p.text for p in docx.Document(str(folder / "release.zh-Hant-HK.docx")).paragraphs]


def test_without_those_translations_the_edition_fails_naming_each(project, tmp_path):
    lacking = [("dateline.city", "Sai Kung"), ("contact.name", "Chan Siu Ling"), ("keyword", "marine science"),
               ("photo.alt", "Two divers measure seagrass with a frame"), ("photo.credit", "Tidewater / Ho Wing")]
    translate(project, leave_out=lacking)
    result = build(project, tmp_path / "out")
    assert result.exit_code == 2
    assert "the dateline city 'Sai Kung' has no zh-Hant-HK name" in result.output
    for kind, english in lacking[1:]:
        assert re.search(rf": untranslated: {re.escape(kind)} \"{re.escape(english)}\"", result.output), (kind, result.output)
    assert not (tmp_path / "out" / "release" / "zh-Hant-HK").exists()


def test_english_left_as_a_translation_is_refused_unless_the_translator_vouches_for_it(project, tmp_path):
    translate(project)
    po = project / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "release.po"
    text = po.read_text("utf-8")
    caption = 'msgid "Divers record a seagrass meadow"\nmsgstr "潛水員記錄海草床"'
    po.write_text(text.replace(caption, 'msgid "Divers record a seagrass meadow"\nmsgstr "Divers record a seagrass meadow"'), "utf-8")
    refused = build(project, tmp_path / "out")
    assert refused.exit_code == 2 and "the translation has no Chinese in it: is it still the English?" in refused.output
    checked = CliRunner().invoke(main, ["i18n", "check", str(project / "release.md"), "--locales", str(project / "locales")])
    assert checked.exit_code == 2 and re.search(r"release.po:\d+: lead.2: the translation has no Chinese", checked.output), checked.output

    po.write_text(po.read_text("utf-8").replace('msgctxt "photo.caption"', '# docgen-accept: the exhibition keeps its English title\nmsgctxt "photo.caption"'), "utf-8")
    built = build(project, tmp_path / "out")
    assert built.exit_code == 0, built.output
    assert "accepted by the translator: the exhibition keeps its English title" in built.output
    checked = CliRunner().invoke(main, ["i18n", "check", str(project / "release.md"), "--locales", str(project / "locales")])
    assert checked.exit_code == 0 and "Accepted: " in checked.output and "no problems found" in checked.output


def test_the_seed_in_three_locales_writes_nine_outputs_and_the_simplified_ones_read_back(seed_project, tmp_path):
    """The customer's release in English, Hong Kong and Mainland Chinese; the Simplified
    edition checked as verify-outputs checks it: its reviewed paragraphs, its fonts, its tags."""
    from docgen.i18n.convert import traditional_only

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(seed_project / "source" / "2024-02-28-astri-budget.md"), "-l", "en,zh-Hant-HK,zh-Hans-CN",
                                       "--locales", str(seed_project / "locales"), "-o", str(out), "--require-review"])
    assert result.exit_code == 0, result.output
    assert "9 files written" in result.output and "not reviewed" not in result.output
    assert len([p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]) == 9
    folder = out / "2024-02-28-astri-budget" / "zh-Hans-CN"
    name = "2024-02-28-astri-budget"
    reviewed = [m.string for m in catalogs.read(seed_project / "locales/zh_Hans_CN/LC_MESSAGES" / f"{name}.po")
                if m.id and m.context == "paragraph"]
    assert len(reviewed) == 6

    wire = (folder / f"{name}.zh-Hans-CN.txt").read_text("utf-8")
    assert wire.split("\n\n")[1].startswith("香港2024年2月28日 /美通社/ -- 香港应用科技研究院（应科院）")
    assert wire.rstrip().endswith("消息来源：香港应用科技研究院")
    assert traditional_only(wire) == {}
    plain = lambda text: re.sub(r"\s+", "", text).replace("**", "")  # noqa: E731
    for paragraph in reviewed:
        assert plain(paragraph) in plain(wire)

    pdf = folder / f"{name}.zh-Hans-CN.pdf"
    assert pdfcheck.catalog_lang(pdf) == "zh-Hans-CN"
    assert pdfcheck.qpdf_check(pdf).returncode == 0
    assert pdfcheck.missing_glyphs(pdf) == {}
    faces = {f["name"].split("+")[-1] for f in pdfcheck.fonts(pdf)}
    assert "NotoSansCJKsc-Regular" in faces and not any("CJKhk" in f for f in faces)
    text = pdfcheck.text(pdf)
    assert traditional_only(text) == {}
    for paragraph in reviewed:
        assert plain(paragraph) in plain(text)
    assert "第1页，共2页" in text or "第1页，共1页" in text

    with zipfile.ZipFile(folder / f"{name}.zh-Hans-CN.docx") as package:
        styles = package.read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="zh-CN"' in styles and 'w:eastAsia="Microsoft YaHei"' in styles
    body = "\n".join(p.text for p in docx.Document(str(folder / f"{name}.zh-Hans-CN.docx")).paragraphs)
    for paragraph in reviewed:
        assert plain(paragraph) in plain(body)
