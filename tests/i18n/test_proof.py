"""The bilingual proof for sign-off (docgen.i18n.proof): built by 'build --format review', read
by pandoc, LibreOffice and poppler with every English and Chinese paragraph in it and each
segment's state shown, and a reviewer's edit (in python-docx as Word writes it, and once more
after LibreOffice saved the file) taken back in as a fuzzy entry, nothing else touched."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from docgen.i18n import catalogs, proof
from tests import pdfcheck
from tests.checks import missing_paragraphs
from tests.conftest import ROOT, SEED_SOURCE, docgen_in

SEED = "source/" + SEED_SOURCE.name
SLUG = SEED_SOURCE.stem
HK = "zh_Hant_HK"
EPOCH = "1709164800"  # 2024-02-29
OWN = f"locales/{HK}/LC_MESSAGES/{SLUG}.po"
ORG = f"locales/{HK}/LC_MESSAGES/organisation-astri.po"

# What the copy's catalogues are made to hold (see _prepare).
FUZZY_HEADING = "Realise I&T commercialisation"
UNTRANSLATED_KEYWORD = "green technology"
PROBLEM_ABOUT = "about.2"


def _edit(path: Path, change) -> None:
    """Change some entries of a catalogue, as a translator would in a PO editor."""
    catalog = catalogs.read(path, locale=HK)
    for message in catalog:
        if message.id:
            change(message)
    catalogs.save(path, catalog, locations=False, formats=False)


def _prepare(project: Path) -> None:
    """One entry fuzzy, one untranslated, one failing a check (a number lost), one from the
    translation memory, one converted draft and one override the translator accepted."""
    def own(message):
        if message.context == "heading" and message.id == FUZZY_HEADING:
            message.flags.add("fuzzy")
        elif message.context == "keyword" and message.id == UNTRANSLATED_KEYWORD:
            message.string = ""
        elif message.context == "headline":
            message.user_comments.append("docgen-tm: exact match from 2023-10-05-astri (headline)")
        elif message.context == "paragraph" and message.id.startswith("ASTRI is at the forefront"):
            message.user_comments.append("docgen-converted: not reviewed (delete this line once reviewed)")
        elif message.context == "keyword" and message.id == "FinTech":
            message.user_comments.append("docgen-accept: the programme's own name")

    def org(message):
        if message.context == "about" and "1,400" in message.id:
            message.string = message.string.replace("1,400", "1,300")

    _edit(project / OWN, own)
    _edit(project / ORG, org)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the seed with the catalogue states above, and its zh-Hant-HK proof built."""
    project = tmp_path_factory.mktemp("proof") / "seed"
    shutil.copytree(ROOT / "source", project / "source")
    shutil.copytree(ROOT / "locales", project / "locales")
    _prepare(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = docgen_in(project, "build", SEED, "-f", "review,docx", "-l", "en,zh-Hant-HK", "-o", "out")
    # The zh-Hant-HK edition is refused (a gap, a lost number), its proof is written all the same.
    assert result.exit_code == 2, result.output
    assert "number 1400 missing" in result.output
    return project


def _proof(project: Path, ext: str = "docx") -> Path:
    return project / "out" / SLUG / "zh-Hant-HK" / f"{SLUG}.zh-Hant-HK.review.{ext}"


@pytest.fixture(scope="module")
def rows(built: Path) -> list[proof.Row]:
    from docgen import sources
    from docgen.i18n.locales import parse_locale

    release = sources.read(built / SEED)
    return list(proof.collect(release, parse_locale("zh-Hant-HK", built / "locales"), built / "locales").rows)


def _expected(rows: list[proof.Row]) -> list[str]:
    """Every English paragraph and every translation the proof must show."""
    return [row.english for row in rows] + [row.translation for row in rows if row.translation]


def _soffice(source: Path, folder: Path, target: str) -> Path:
    """*source* opened and saved again by LibreOffice as *target* (``docx`` or ``pdf``)."""
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", target,
                             "--outdir", str(folder), str(source)], capture_output=True, text=True, timeout=180)
    out = folder / f"{source.stem}.{target}"
    assert out.exists(), result.stdout + result.stderr
    return out


# --- the build ---------------------------------------------------------------------------

def test_the_proof_is_written_for_the_target_locale_only_and_beside_no_other_output(built):
    out = built / "out" / SLUG
    assert sorted(p.name for p in (out / "zh-Hant-HK").iterdir()) == [f"{SLUG}.zh-Hant-HK.review.docx", f"{SLUG}.zh-Hant-HK.review.pdf"]
    assert sorted(p.name for p in (out / "en").iterdir()) == [f"{SLUG}.en.docx"]


def test_a_proof_is_skipped_when_nothing_changed_and_rebuilt_when_a_catalogue_does(seed_project):
    args = ("build", SEED, "-f", "review", "-l", "zh-Hant-HK", "-o", "out")
    first = docgen_in(seed_project, *args)
    assert first.exit_code == 0 and "2 files written" in first.output, first.output
    assert "1 skipped" in docgen_in(seed_project, *args).output
    _edit(seed_project / OWN, lambda m: m.flags.add("fuzzy") if m.context == "headline" else None)
    again = docgen_in(seed_project, *args)
    assert "1 built" in again.output and "2 files written" in again.output, again.output


def test_review_is_a_format_the_cli_knows(seed_project):
    result = docgen_in(seed_project, "build", SEED, "-f", "reviews", "-o", "out")
    # review is listed with the renderers, whichever formats the table holds
    assert result.exit_code == 2 and re.search(r"formats: txt, json, pdf, docx(, \w+)*, review\)", result.output), result.output
    alone = docgen_in(seed_project, "build", SEED, "-f", "review", "-o", "out")
    assert alone.exit_code == 0 and "name the locales to proof" in alone.output
    assert not (seed_project / "out" / SLUG).exists()


# --- what the proof shows -----------------------------------------------------------------

def test_states_counts_and_problems(rows):
    by = {(row.context, row.english): row for row in rows}
    assert len(rows) == 20
    assert by["heading", FUZZY_HEADING].state == proof.FUZZY and by["heading", FUZZY_HEADING].translation == "實現創科成果商品化"
    assert by["keyword", UNTRANSLATED_KEYWORD].state == proof.UNTRANSLATED and by["keyword", UNTRANSLATED_KEYWORD].translation == ""
    about = next(row for row in rows if row.places == (PROBLEM_ABOUT,))
    assert [str(f.problem) for f in about.problems] == ["number 1400 missing from the translation"]
    assert by["headline", rows[0].english].has(proof.MEMORY)
    assert next(row for row in rows if row.english.startswith("ASTRI is at")).has(proof.CONVERTED)
    assert by["keyword", "FinTech"].has(proof.ACCEPTED)
    assert by["dateline.city", "Hong Kong"].state == proof.TRANSLATED
    assert [row.places[0] for row in rows[:4]] == ["headline", "dateline", "lead.1", "lead.2"]
    assert {row.domain for row in rows} == {SLUG, "organisation-astri"}


def test_pandoc_reads_both_columns_complete_the_states_and_the_problem(built, rows):
    text = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(_proof(built))],
                          capture_output=True, text=True, check=True).stdout
    assert missing_paragraphs(text, _expected(rows)) == []
    assert "Facilitating industrial transformation" in text.split("\n", 1)[0]  # the header names the release
    assert "zh-Hant-HK" in text and "2024-02-29" in text
    # The proof speaks the edition's language, as the editions' own labels do.
    assert _zh(COUNTS, count=20, translated=18, fuzzy=1, untranslated=1, memory=1, converted=1, accepted=1, problems=1) in text
    for said in (_zh("fuzzy: to be confirmed"), _zh("untranslated"),
                 _zh("translation memory: {match}", match="exact match from 2023-10-05-astri (headline)"),
                 _zh("converted from another locale, not reviewed"),
                 _zh("accepted by the translator: {reason}", reason="the programme's own name"),
                 _zh("Check: {problem}", problem=_problem(rows))):
        assert said in text, said


COUNTS = ("{count} segments: {translated} translated, {fuzzy} fuzzy, {untranslated} untranslated; "
          "{memory} from the translation memory, {converted} converted and not reviewed, "
          "{accepted} accepted by the translator; {problems} with a check problem")


def _zh(english: str, **params) -> str:
    """A label of the proof as a zh-Hant-HK proof says it (docgen's own catalogue)."""
    from docgen.i18n import context_for

    said = context_for("zh-Hant-HK").gettext(english).format(**params)
    assert said != english.format(**params), f"not translated: {english}"
    return said


def _problem(rows) -> str:
    """The check's problem with about.2 as the proof says it: in the edition's language (譯文缺少數字 1400)."""
    from docgen.i18n import context_for

    about = next(row for row in rows if row.places == (PROBLEM_ABOUT,))
    said = about.problems[0].problem.translated(context_for("zh-Hant-HK").gettext)
    assert "1400" in said
    return said


def test_the_docx_shades_the_problem_and_the_gaps_and_tags_the_chinese(built, rows):
    document = docx.Document(str(_proof(built)))
    table = document.tables[0]
    assert len(table.rows) == 1 + len(rows)
    shades = {}
    for row, data in zip(table.rows[1:], rows):
        fill = row.cells[2]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        shades[data.english] = fill.get(qn("w:fill")) if fill is not None else None
    english = {row.places[0]: row.english for row in rows}
    assert shades[english[PROBLEM_ABOUT]] == proof.SHADES["problem"]
    assert shades[FUZZY_HEADING] == proof.SHADES[proof.FUZZY]
    assert shades[UNTRANSLATED_KEYWORD] == proof.SHADES[proof.UNTRANSLATED]
    assert shades[english["lead.1"]] is None
    # The translation column is Hong Kong Chinese, its Latin words English; the document's defaults say both.
    lead = table.rows[3].cells[2]._tc
    langs = {(lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) for lang in lead.iter(qn("w:lang"))}
    assert langs == {("zh-HK", "zh-HK")}
    with zipfile.ZipFile(_proof(built)) as package:
        styles = package.read("word/styles.xml").decode()
    assert 'w:val="en-GB" w:eastAsia="zh-HK"' in styles and "Microsoft JhengHei" in styles
    # Every row carries its key, and the segment column is the narrow one.
    assert all(proof._KEY.search(proof._text(row.cells[0]._tc)) for row in table.rows[1:])
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] < widths[1] == widths[2]


def test_libreoffice_prints_both_columns_complete(built, rows, tmp_path):
    pdf = _soffice(_proof(built), tmp_path, "pdf")
    assert missing_paragraphs("\n".join(pdfcheck.body_lines(pdf)), _expected(rows)) == []


def test_the_pdf_has_every_glyph_and_every_paragraph(built, rows):
    pdf = _proof(built, "pdf")
    assert pdfcheck.missing_glyphs(pdf) == {}
    # Rows are never split across pages: the page footers fall between paragraphs.
    assert missing_paragraphs(pdfcheck.text(pdf), _expected(rows)) == []
    assert pdfcheck.catalog_lang(pdf) == "zh-Hant-HK"
    assert all(font["embedded"] for font in pdfcheck.fonts(pdf))
    assert pdfcheck.qpdf_check(pdf).returncode == 0
    assert _zh("Check: {problem}", problem=_problem(rows)) in pdfcheck.text(pdf)


# --- a reviewer's edits coming back -------------------------------------------------------

REVISED = "應科院走在最前沿，擁有一系列成熟的**創新技術**（審稿人修訂）。"


def _as_word_edits(source: Path, target: Path, edits: dict[str, str]) -> None:
    """The proof with the translations of the rows at *edits*' places replaced, as Word saves an edit:
    the cell's runs rewritten, the row's key untouched."""
    document = docx.Document(str(source))
    for row in document.tables[0].rows[1:]:
        place = proof._text(row.cells[0].paragraphs[0]._p, hidden=False).strip()
        if place in edits:
            paragraph = row.cells[2].paragraphs[0]
            for run in paragraph.runs[1:]:
                run._r.getparent().remove(run._r)
            if paragraph.runs:
                paragraph.runs[0].text = edits[place]
            else:
                paragraph.add_run(edits[place])
    document.save(str(target))


def _entries(project: Path) -> dict[tuple, tuple]:
    found = {}
    for path in (project / OWN, project / ORG):
        for message in catalogs.read(path, locale=HK):
            if message.id:
                found[path.name, message.context, message.id] = (message.string, message.fuzzy, tuple(message.user_comments))
    return found


@pytest.fixture
def reviewed(built, tmp_path) -> Path:
    """A fresh copy of the prepared project, with its proof, for a reviewer to edit."""
    project = tmp_path / "seed"
    shutil.copytree(built / "source", project / "source")
    shutil.copytree(built / "locales", project / "locales")
    (project / "review").mkdir()
    shutil.copy(_proof(built), project / "review" / "proof.docx")
    return project


@pytest.mark.parametrize("through_libreoffice", [False, True], ids=["word", "libreoffice"])
def test_a_reviewers_edits_come_back_fuzzy_and_nothing_else_changes(reviewed, monkeypatch, through_libreoffice):
    # Keywords share one place: the untranslated one's row is found by its English.
    document = docx.Document(str(reviewed / "review" / "proof.docx"))
    keyword_row = next(row for row in document.tables[0].rows[1:] if proof._text(row.cells[1]._tc).strip() == UNTRANSLATED_KEYWORD)
    keyword_row.cells[2].paragraphs[0].add_run("綠色科技")
    document.save(str(reviewed / "review" / "half.docx"))
    edited = reviewed / "review" / "edited.docx"
    _as_word_edits(reviewed / "review" / "half.docx", edited, {"lead.2": REVISED})
    if through_libreoffice:
        edited = _soffice(edited, reviewed / "review" / "lo", "docx")
    before = _entries(reviewed)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = docgen_in(reviewed, "i18n", "import", str(edited.relative_to(reviewed)))
    assert result.exit_code == 0, result.output
    assert "2 changed" in result.output and f"updated {OWN}" in result.output
    after = _entries(reviewed)
    changed = {key for key in after if after[key] != before[key]}
    lead = next(key for key in after if key[2].startswith("ASTRI is at the forefront"))
    keyword = (Path(OWN).name, "keyword", UNTRANSLATED_KEYWORD)
    assert changed == {lead, keyword}
    comment = f"docgen-review: edited by the reviewer in {edited.name} on 2024-02-29"
    assert after[lead] == (REVISED, True, (comment,))  # the reviewer's words replace a converted draft's mark
    assert after[keyword] == ("綠色科技", True, (comment,))
    written = (reviewed / OWN).read_text("utf-8")
    assert f"# {comment}\n" in written
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(reviewed / OWN)], capture_output=True).returncode == 0


def test_an_unchanged_proof_through_libreoffice_changes_nothing(reviewed, tmp_path):
    saved = _soffice(reviewed / "review" / "proof.docx", tmp_path / "lo", "docx")
    assert len(proof.read_review(saved)) == 20  # every key survived
    before = (reviewed / OWN).read_bytes(), (reviewed / ORG).read_bytes()
    result = docgen_in(reviewed, "i18n", "import", str(saved))
    assert result.exit_code == 0 and "0 changed" in result.output, result.output
    assert ((reviewed / OWN).read_bytes(), (reviewed / ORG).read_bytes()) == before


def test_a_dry_run_writes_nothing(reviewed):
    edited = reviewed / "review" / "edited.docx"
    _as_word_edits(reviewed / "review" / "proof.docx", edited, {"lead.2": REVISED})
    before = (reviewed / OWN).read_bytes()
    result = docgen_in(reviewed, "i18n", "import", "--dry-run", "review/edited.docx")
    assert result.exit_code == 0 and "1 changed" in result.output, result.output
    assert (reviewed / OWN).read_bytes() == before


def test_a_stale_proof_is_refused_naming_the_segment(reviewed):
    source = reviewed / SEED
    source.write_text(source.read_text("utf-8").replace("ASTRI is at the forefront", "ASTRI leads"), "utf-8")
    assert docgen_in(reviewed, "i18n", "update", SEED).exit_code == 0
    edited = reviewed / "review" / "edited.docx"
    _as_word_edits(reviewed / "review" / "proof.docx", edited, {"lead.2": REVISED})
    before = (reviewed / OWN).read_bytes()
    result = docgen_in(reviewed, "i18n", "import", "review/edited.docx")
    assert result.exit_code == 2
    assert "row 4 (lead.2, \"ASTRI is at the forefront" in result.output and "the English has changed" in result.output
    assert (reviewed / OWN).read_bytes() == before


def test_an_edit_of_the_english_column_is_refused(reviewed):
    document = docx.Document(str(reviewed / "review" / "proof.docx"))
    row = document.tables[0].rows[4]
    row.cells[1].paragraphs[0].runs[0].text = "ASTRI leads."  # its translation left alone
    document.save(str(reviewed / "review" / "edited.docx"))
    result = docgen_in(reviewed, "i18n", "import", "review/edited.docx")
    assert result.exit_code == 2 and "row 4 (lead.2, \"ASTRI leads.\"): the English column was edited" in result.output, result.output


def test_an_edit_over_a_translation_changed_since_the_proof_is_refused(reviewed):
    _edit(reviewed / OWN, lambda m: setattr(m, "string", "應科院走在最前沿。") if m.id.startswith("ASTRI is at the forefront") else None)
    edited = reviewed / "review" / "edited.docx"
    _as_word_edits(reviewed / "review" / "proof.docx", edited, {"lead.2": REVISED})
    before = (reviewed / OWN).read_bytes()
    result = docgen_in(reviewed, "i18n", "import", "review/edited.docx")
    assert result.exit_code == 2 and "changed in the catalogue since the proof was made" in result.output, result.output
    assert (reviewed / OWN).read_bytes() == before


def test_an_edit_that_breaks_a_link_is_refused_by_the_checks(reviewed):
    edited = reviewed / "review" / "edited.docx"
    _as_word_edits(reviewed / "review" / "proof.docx", edited, {PROBLEM_ABOUT: "請瀏覽[別處](https://example.org)。"})
    before = (reviewed / ORG).read_bytes()
    result = docgen_in(reviewed, "i18n", "import", "review/edited.docx")
    assert result.exit_code == 2 and "link to https://example.org" in result.output, result.output
    assert (reviewed / ORG).read_bytes() == before


def test_a_document_that_is_no_proof_is_refused(reviewed):
    document = docx.Document()
    document.add_paragraph("Not a proof")
    document.save(str(reviewed / "review" / "other.docx"))
    result = docgen_in(reviewed, "i18n", "import", "review/other.docx")
    assert result.exit_code == 2 and "no review table" in result.output


def test_an_edit_made_with_track_changes_comes_back_as_accepted(reviewed):
    """Word with Track Changes on keeps the old words in w:del and the new ones in w:ins: the
    proof is read as if the changes were accepted."""
    from docx.oxml import OxmlElement

    document = docx.Document(str(reviewed / "review" / "proof.docx"))
    paragraph = document.tables[0].rows[4].cells[2].paragraphs[0]  # lead.2
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "1")
    deleted.set(qn("w:author"), "Reviewer")
    for run in list(paragraph._p.findall(qn("w:r"))):
        for text in run.findall(qn("w:t")):
            text.tag = qn("w:delText")
        deleted.append(run)
    paragraph._p.append(deleted)
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "2")
    inserted.set(qn("w:author"), "Reviewer")
    inserted.append(paragraph.add_run(REVISED)._r)
    paragraph._p.append(inserted)
    document.save(str(reviewed / "review" / "tracked.docx"))
    result = docgen_in(reviewed, "i18n", "import", "review/tracked.docx")
    assert result.exit_code == 0 and "1 changed" in result.output, result.output
    lead = next(m for m in catalogs.read(reviewed / OWN, locale=HK) if m.id.startswith("ASTRI is at the forefront"))
    assert (lead.string, lead.fuzzy) == (REVISED, True)


def test_an_edition_with_no_translation_at_all_still_gets_its_proof(seed_project):
    for path in (seed_project / "locales" / HK / "LC_MESSAGES").glob("*.po"):
        if path.stem != "docgen":
            path.unlink()
    result = docgen_in(seed_project, "build", SEED, "-f", "review", "-l", "zh-Hant-HK", "-o", "out")
    assert result.exit_code == 0 and "2 files written" in result.output, result.output
    text = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(_proof(seed_project))],
                          capture_output=True, text=True, check=True).stdout
    # The dateline city is docgen's own word; everything else waits for a translator.
    assert _zh(COUNTS, count=20, translated=1, fuzzy=0, untranslated=19, memory=0, converted=0, accepted=0, problems=0) in text
    assert _zh("docgen's own name for the city") in text
