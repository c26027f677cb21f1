"""House styles: the default, a user's copy, and located errors."""
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import DocgenError
from docgen.style import Style, load_style
from tests import pdfcheck
from tests.conftest import ALL_BLOCKS, ROOT, SEED_SOURCE


def test_the_default_style_file_says_what_the_code_defaults_say():
    assert load_style() == Style()
    assert load_style(ROOT / "templates" / "default") == Style()


def test_a_copied_style_with_its_own_fonts_and_colours(tmp_path):
    house = tmp_path / "myhouse"
    shutil.copytree(ROOT / "templates" / "default", house)
    shutil.copyfile(ROOT / "docgen" / "fonts" / "NotoSans-Italic.ttf", house / "Body.ttf")
    text = (house / "style.yaml").read_text("utf-8")
    text = text.replace("regular: docgen:NotoSans-Regular.ttf", "regular: Body.ttf").replace('accent: "#0B4F8A"', 'accent: "#AA0000"')
    (house / "style.yaml").write_text(text, "utf-8")
    style = load_style(house)
    assert style.fonts.latin.regular == str(house / "Body.ttf") and style.colours.accent == "#AA0000"
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "pdf", "--style", str(house), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    [pdf] = (tmp_path / "out").rglob("*.pdf")
    names = {f["name"].split("+", 1)[1] for f in pdfcheck.fonts(pdf)}
    assert "NotoSans-Italic" in names and "NotoSans-Regular" not in names  # Body.ttf is an italic face


@pytest.mark.parametrize("yaml, line, field, message", [
    ('colours:\n  accent: red\n', 2, "colours.accent", "#RRGGBB"),
    ("fonts:\n  latin:\n    regular: nowhere.ttf\n    bold: docgen:NotoSans-Bold.ttf\n", 3, "fonts.latin.regular", "no such file: nowhere.ttf"),
    ("page:\n  size: A3\n", 2, "page.size", "'A4' or 'Letter'"),
    ("sizes:\n  bdy: 10\n", 2, "sizes.bdy", "did you mean 'body'?"),
    # Values: sizes, line heights and margins that ReportLab would fail on, or print off the page.
    ("sizes:\n  body: 0\n", 2, "sizes.body", "a size is more than 0 and at most 36 points (got 0)"),
    ("sizes:\n  headline: -19\n", 2, "sizes.headline", "a size is more than 0 and at most 36 points (got -19)"),
    ("sizes:\n  heading: .nan\n", 2, "sizes.heading", "a size is more than 0 and at most 36 points (got nan)"),
    ("sizes:\n  subheadline: 200\n", 2, "sizes.subheadline", "at most 36 points (got 200)"),
    ("sizes:\n  small: 20\n", 2, "sizes.small", "the small size is more than 0 and at most 16 points"),
    ("leading:\n  latin: 0\n", 2, "leading.latin", "a line height is from 1 to 2.5 times the font size (got 0)"),
    ("leading:\n  cjk: .inf\n", 2, "leading.cjk", "a line height is from 1 to 2.5 times the font size (got inf)"),
    ("page:\n  margin_top: -5\n", 2, "page.margin_top", "a margin is a number of millimetres, 0 or more (got -5)"),
    ("page:\n  size: A4\n  margin_left: 70\n  margin_right: 70\n", 3, "page.margin_left",
     "the left and right margins leave 70 mm of the A4 page for the text; it needs at least 80 mm"),
    ("page:\n  margin_left: 20\n  margin_right: 200\n", 3, "page.margin_right", "leave -10 mm"),
    ("page:\n  margin_bottom: 11.9\n", 2, "page.margin_bottom", "the bottom margin holds the footer: it must be at least 12 mm"),
    ("page:\n  size: Letter\n  margin_top: 100\n  margin_bottom: 44\n", 3, "page.margin_top",
     "the top and bottom margins leave 119.4 mm of the Letter page for the text under the letterhead; it needs at least 120 mm"),
    ("page:\n  size: Letter\n", 2, None, None),  # 20 + 20 mm on Letter leave 223 mm: fine
    # Fonts: docgen:NAME is a shipped font, nothing else; a font for Chinese has Chinese.
    ("fonts:\n  latin:\n    regular: docgen:../../../etc/passwd\n    bold: docgen:NotoSans-Bold.ttf\n", 3, "fonts.latin.regular",
     "docgen:../../../etc/passwd is not a font shipped with docgen (those are: docgen:NotoSans-Bold.ttf, "),
    ("fonts:\n  latin:\n    regular: docgen:/etc/passwd\n    bold: docgen:NotoSans-Bold.ttf\n", 3, "fonts.latin.regular",
     "is not a font shipped with docgen"),
    ("fonts:\n  latin:\n    regular: docgen:OFL.txt\n    bold: docgen:NotoSans-Bold.ttf\n", 3, "fonts.latin.regular",
     "is not a font shipped with docgen"),
    ("fonts:\n  cjk:\n    regular: docgen:NotoSans-Regular.ttf\n    bold: docgen:NotoSansCJKhk-Bold.ttf\n", 3, "fonts.cjk.regular",
     "font docgen:NotoSans-Regular.ttf lacks characters Chinese text needs: 第 頁 共 完"),
    ("reference_docx: docgen:NotoSans-Regular.ttf\n", 1, "reference_docx", "no such file: docgen:NotoSans-Regular.ttf"),
    ("warnings: [macros removed]\n", 1, "warnings", "unknown field 'warnings'"),
    # Fonts by locale: checked as fonts.cjk is, and under tags that can match an edition.
    ("fonts:\n  locales:\n    zh-Hans:\n      cjk:\n        regular: nowhere.ttf\n        bold: docgen:NotoSansCJKsc-Bold.ttf\n",
     5, "fonts.locales.zh-Hans.cjk.regular", "no such file: nowhere.ttf"),
    ("fonts:\n  locales:\n    zh-Hans:\n      cjk:\n        regular: docgen:NotoSansCJKsc-Regular.ttf\n        bold: docgen:NotoSans-Bold.ttf\n",
     6, "fonts.locales.zh-Hans.cjk.bold", "font docgen:NotoSans-Bold.ttf lacks characters Chinese text needs"),
    ("fonts:\n  locales:\n    zh-Hans:\n      cjk:\n        regular: docgen:../fonts/NotoSansCJKsc-Regular.ttf\n        bold: docgen:NotoSansCJKsc-Bold.ttf\n",
     5, "fonts.locales.zh-Hans.cjk.regular", "is not a font shipped with docgen"),
    ("fonts:\n  locales:\n    zh-Hans:\n      cjk:\n        regular: docgen:NotoSansCJKsc-Regular.ttf\n", 4, "fonts.locales.zh-Hans.cjk.bold", "this field is required"),
    ("fonts:\n  locales:\n    zh-Hans:\n      wrod: Microsoft YaHei\n", 4, "fonts.locales.zh-Hans.wrod", "did you mean 'word'?"),
    ("fonts:\n  locales:\n    zh-Hans:\n      word: ''\n", 4, "fonts.locales.zh-Hans.word", "at least 1 character"),
    ("fonts:\n  locales:\n    zh-Hans:\n      word: \"Yahei\\tBold\"\n", 4, "fonts.locales.zh-Hans.word", "should match pattern"),
    ("fonts:\n  locales:\n    zh-CN:\n      word: Microsoft YaHei\n", 3, "fonts.locales.zh-CN",
     "'zh-CN' is not a locale tag as docgen writes them: language, Script and REGION as CLDR knows them, e.g. zh-Hans-CN"),
    ("fonts:\n  locales:\n    zh-hans:\n      word: Microsoft YaHei\n", 3, "fonts.locales.zh-hans", "e.g. zh-Hans"),
    ("fonts:\n  locales:\n    zh-Hanz:\n      word: Microsoft YaHei\n", 3, "fonts.locales.zh-Hanz", "e.g. zh-Hans"),
    ("fonts:\n  locales:\n    xx-Hans:\n      word: Microsoft YaHei\n", 3, "fonts.locales.xx-Hans", "e.g. zh-Hans-CN, zh-Hans or zh"),
    ("fonts:\n  locales:\n    zh_Hans:\n      word: Microsoft YaHei\n", 3, "fonts.locales.zh_Hans", "e.g. zh-Hans-CN, zh-Hans or zh"),
    ("fonts:\n  locales:\n    zh-Hans:\n      word: Microsoft YaHei\n    zh-Hant-TW: {}\n    zh: {}\n    ja: {}\n", 1, None, None),
])
def test_style_errors_are_located(tmp_path, yaml, line, field, message):
    (tmp_path / "style.yaml").write_text(yaml, "utf-8")
    if message is None:
        load_style(tmp_path)
        return
    with pytest.raises(DocgenError) as caught:
        load_style(tmp_path)
    err = caught.value
    assert message in err.message and (err.line, err.field) == (line, field)


def test_a_font_reportlab_cannot_embed_is_refused_when_the_style_is_loaded(tmp_path):
    bad = tmp_path / "Fake.ttf"
    bad.write_bytes(b"OTTO" + b"\0" * 64)
    (tmp_path / "style.yaml").write_text("fonts:\n  latin:\n    regular: Fake.ttf\n    bold: Fake.ttf\n", "utf-8")
    with pytest.raises(DocgenError) as caught:
        load_style(tmp_path)
    err = caught.value
    assert (err.line, err.field) == (3, "fonts.latin.regular")
    assert "font Fake.ttf has PostScript (CFF) outlines" in err.message


def test_a_font_reportlab_cannot_embed_is_still_a_clear_error_at_render(tmp_path):
    """A style made in code skips the loader's checks: ReportLab's refusal is still an error in words."""
    from docgen.i18n import context_for
    from docgen.render.pdf import render
    from docgen.sources import read
    from docgen.style import FontFiles, Fonts

    bad = tmp_path / "Fake.ttf"
    bad.write_bytes(b"OTTO" + b"\0" * 64)
    style = replace(Style(), fonts=Fonts(latin=FontFiles(regular=str(bad), bold=str(bad))))
    with pytest.raises(DocgenError, match="cannot use font .*Fake.ttf.*TrueType"):
        render(read(SEED_SOURCE), context_for("en", "PRNewswire"), style)


def test_a_logo_replaces_the_printed_name_in_the_letterhead(tmp_path):
    from pypdf import PdfReader

    house = tmp_path / "house"
    house.mkdir()
    shutil.copyfile(ROOT / "tests/fixtures/project/source/images/lab.png", house / "logo.png")
    (house / "style.yaml").write_text("letterhead:\n  logo: logo.png\n  logo_height: 12\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "pdf", "--style", str(house), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [pdf] = out.rglob("*.pdf")
    first_page = PdfReader(str(pdf)).pages[0]
    assert len(first_page["/Resources"]["/XObject"]) == 1
    first_line = pdfcheck.text(pdf).lstrip().splitlines()[0]
    assert "Hong Kong Applied Science" not in first_line and "www.astri.org" in first_line


def test_a_restyled_reference_document_styles_the_docx(tmp_path):
    import io

    import docx
    from docx.shared import Pt

    house = tmp_path / "house"
    shutil.copytree(ROOT / "templates" / "default", house)
    reference = docx.Document(str(house / "reference.docx"))
    reference.styles["Normal"].font.size = Pt(13)  # what a user does in Word: Modify Style
    reference.save(str(house / "reference.docx"))
    (house / "style.yaml").write_text("reference_docx: reference.docx\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "docx", "--style", str(house), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [built] = out.rglob("*.docx")
    document = docx.Document(io.BytesIO(built.read_bytes()))
    assert document.styles["Normal"].font.size == Pt(13)
    assert document.paragraphs[1].style.name == "Normal"


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
@pytest.mark.parametrize("page, sizes", [
    # The least room the checks allow, with the largest type: the narrowest, shortest A4 text.
    ("size: A4\n  margin_left: 65\n  margin_right: 65\n  margin_top: 100\n  margin_bottom: 61\n",
     "body: 36\n  headline: 36\n  subheadline: 36\n  heading: 36\n  small: 16\n"),
    ("size: Letter\n  margin_left: 0\n  margin_right: 135.9\n  margin_top: 0\n  margin_bottom: 143.4\n",
     "body: 0.5\n  headline: 0.5\n  subheadline: 0.5\n  heading: 0.5\n  small: 0.5\n"),
])
def test_every_style_the_checks_let_through_typesets(seed_project, tmp_path, page, sizes, locale):
    """At the limits of the checks, every block of the seed still typesets, in both scripts:
    no ReportLab LayoutError ("too large on page"), no negative width."""
    house = tmp_path / "house"
    house.mkdir()
    leading = "latin: 2.5\n  cjk: 2.5\n" if "36" in sizes else "latin: 1\n  cjk: 1\n"
    (house / "style.yaml").write_text(f"page:\n  {page}sizes:\n  {sizes}leading:\n  {leading}", "utf-8")
    out = tmp_path / "out"
    source = seed_project / "source" / "2024-02-28-astri-budget.md"
    # The seed, and every kind of block (a photo, a table) in all-blocks, its Chinese edition untranslated.
    result = CliRunner().invoke(main, ["build", str(source), str(ALL_BLOCKS), "-f", "pdf", "-l", locale, "--allow-partial",
                                       "--style", str(house), "-o", str(out), "--locales", str(seed_project / "locales")])
    assert result.exit_code == 0, result.output
    seed_pdf, blocks_pdf = sorted(out.rglob("*.pdf"))
    assert "www.astri.org" in pdfcheck.text(seed_pdf) and "Funding by source" in " ".join(pdfcheck.text(blocks_pdf).split())


STYLE_CASES = sorted(p for p in (ROOT / "tests" / "corpus").glob("*.case")
                     if "style/" in p.read_text("utf-8") and "expect: ok" not in p.read_text("utf-8"))


@pytest.mark.parametrize("case", STYLE_CASES, ids=[c.stem for c in STYLE_CASES])
def test_every_style_error_is_said_in_chinese(case, tmp_path, monkeypatch):
    """What ``docgen build`` says of each bad style in the corpus, in Chinese: no English sentence
    is left (file names, values as written and fields are data)."""
    import re

    from tests import test_corpus as corpus

    monkeypatch.setenv("LANGUAGE", "zh_HK")
    meta = corpus.materialise(case, tmp_path)
    project = tmp_path / "project"
    extra = [a.replace("{dir}", str(project)) for a in meta.get("args", "").split()]
    result = CliRunner().invoke(main, ["build", str(project / "release.md"), "-f", "txt", "-o", str(tmp_path / "out"), *extra])
    [error] = [line for line in result.output.splitlines() if line.startswith("錯誤：")]
    assert result.exit_code == 2 and "Error" not in result.output
    message = error.rpartition(": ")[2]
    message = re.sub(r"'[^']*'|\S+\.(?:ttf|ttc|docx|docm|yaml)|docgen:\S+|\S+/\S+", "", message)
    assert not re.search(r"[a-z]{2,} [a-z]{2,}", message), error


def test_fonts_by_locale_the_most_specific_tag_that_says_wins():
    from docgen.style import FontFiles, Fonts, LocaleFonts

    general, simplified, mainland = (FontFiles(regular=f"{n}-R.ttf", bold=f"{n}-B.ttf") for n in ("General", "Simplified", "Mainland"))
    fonts = Fonts(cjk=general, locales={"zh": LocaleFonts(word="Chinese Word"), "zh-Hans": LocaleFonts(cjk=simplified, word="YaHei"),
                                        "zh-Hans-CN": LocaleFonts(cjk=mainland)})
    assert (fonts.for_locale("zh-Hans-CN").cjk, fonts.word_font("zh-Hans-CN")) == (mainland, "YaHei")  # word from zh-Hans
    assert (fonts.for_locale("zh-Hans-SG").cjk, fonts.word_font("zh-Hans-SG")) == (simplified, "YaHei")
    assert (fonts.for_locale("zh-Hant-HK").cjk, fonts.word_font("zh-Hant-HK")) == (general, "Chinese Word")
    assert (fonts.for_locale("en").cjk, fonts.word_font("en")) == (general, None)
    # A locale's own face has the general one behind it; the general face alone has nothing behind it.
    assert fonts.for_locale("zh-Hans-CN").fallback == general and fonts.for_locale("en").fallback is None
    assert fonts.for_locale("zh-Hans-CN").latin == fonts.latin
    # Locales sharing the general face share one set of fonts (FontSet.of is cached by it).
    assert fonts.for_locale("en") == fonts.for_locale("zh-Hant-HK") and hash(fonts.for_locale("en")) == hash(fonts.for_locale("zh-Hant-HK"))


def test_the_default_style_draws_simplified_chinese_with_the_sc_faces():
    fonts = Style().fonts
    assert fonts.for_locale("zh-Hans-CN").cjk.regular == "docgen:NotoSansCJKsc-Regular.ttf"
    assert fonts.for_locale("zh-Hans-CN").fallback.regular == "docgen:NotoSansCJKhk-Regular.ttf"
    assert fonts.for_locale("zh-Hant-HK").cjk.regular == "docgen:NotoSansCJKhk-Regular.ttf"
    assert (fonts.word_font("zh-Hans-CN"), fonts.word_font("zh-Hant-HK"), fonts.word_font("en")) == ("Microsoft YaHei", None, None)


def test_a_locales_own_font_is_resolved_checked_and_a_dependency_like_the_others(tmp_path):
    from docgen.style import style_dependencies

    house = tmp_path / "house"
    house.mkdir()
    shutil.copyfile(ROOT / "docgen" / "fonts" / "NotoSansCJKhk-Bold.ttf", house / "Taiwan-Bold.ttf")
    (house / "style.yaml").write_text("fonts:\n  locales:\n    zh-Hant-TW:\n      cjk:\n        regular: docgen:NotoSansCJKhk-Regular.ttf\n"
                                      "        bold: Taiwan-Bold.ttf\n", "utf-8")
    style = load_style(house)
    taiwan = style.fonts.for_locale("zh-Hant-TW").cjk
    assert (taiwan.regular, taiwan.bold) == ("docgen:NotoSansCJKhk-Regular.ttf", str(house / "Taiwan-Bold.ttf"))
    assert house / "Taiwan-Bold.ttf" in style_dependencies(style, "pdf")
    assert "zh-Hans" not in style.fonts.locales  # a style's locales replace the default's
    (house / "style.yaml").write_text("fonts:\n  locales:\n    zh-Hant-TW:\n      cjk:\n        regular: ../Outside.ttf\n"
                                      "        bold: Taiwan-Bold.ttf\n", "utf-8")
    with pytest.raises(DocgenError) as caught:
        load_style(house)
    assert (caught.value.line, caught.value.field) == (5, "fonts.locales.zh-Hant-TW.cjk.regular") and "outside the style's folder" in caught.value.message


def test_the_default_style_depends_on_the_simplified_faces_too():
    from docgen.style import style_dependencies

    names = {p.name for p in style_dependencies(load_style(), "pdf")}
    assert {"NotoSansCJKhk-Regular.ttf", "NotoSansCJKsc-Regular.ttf", "NotoSansCJKsc-Bold.ttf"} <= names


def test_fallback_is_not_a_style_field(tmp_path):
    (tmp_path / "style.yaml").write_text("fonts:\n  fallback:\n    regular: docgen:NotoSansCJKhk-Regular.ttf\n"
                                         "    bold: docgen:NotoSansCJKhk-Bold.ttf\n", "utf-8")
    with pytest.raises(DocgenError) as caught:
        load_style(tmp_path)
    assert (caught.value.line, caught.value.field) == (2, "fonts.fallback") and "unknown field 'fallback'" in caught.value.message
