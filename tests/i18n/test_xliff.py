"""XLIFF export and import (docgen.i18n.xliff): round trips through a CAT tool's hands, both
versions, checked by a schema-rules validator (tests/xliffcheck.py) and read back by
translate-toolkit as an independent client."""
from __future__ import annotations

import shutil
from itertools import groupby
from pathlib import Path

import docx
import pytest
from lxml import etree

from docgen.i18n import catalogs, xliff
from docgen.inline import parse_inline
from tests import pdfcheck, xliffcheck
from tests.conftest import FIXTURES, SEED_SOURCE, docgen_in

SEED = "source/" + SEED_SOURCE.name
ALL_BLOCKS = "source/all-blocks.md"
X2, X12 = xliff.XLIFF2, xliff.XLIFF12


@pytest.fixture
def blocks_project(tmp_path: Path) -> Path:
    """A copy of the fixture project (every kind of block, emphasis, links) with its catalogues."""
    target = tmp_path / "blocks"
    shutil.copytree(FIXTURES / "project", target)
    return target


def _catalogues(locales: Path, babel: str) -> dict[str, Path]:
    return {p.stem: p for p in sorted((locales / babel / "LC_MESSAGES").glob("*.po")) if p.stem != "docgen"}


def _messages(path: Path) -> dict[tuple, tuple]:
    """(msgctxt, msgid) -> (msgstr, fuzzy, converted) of a catalogue."""
    return {(m.context, m.id): (m.string, m.fuzzy, catalogs.is_converted(m)) for m in catalogs.read(path) if m.id}


def _strip(locales: Path, babel: str) -> dict[str, str]:
    """Empty every translation of *babel*'s content catalogues; the translations, by unit id."""
    translations = {}
    for path in _catalogues(locales, babel).values():
        catalog = catalogs.read(path, locale=babel)
        for message in catalog:
            if message.id:
                translations[xliff.unit_id(message.context, message.id)] = message.string
                message.string = ""
                message.flags.discard("fuzzy")
        catalogs.save(path, catalog, locations=False, formats=False)
    return translations


def _units(root):
    namespace = etree.QName(root).namespace
    return root.iter(f"{{{namespace}}}{'unit' if namespace == X2 else 'trans-unit'}")


def _context(unit) -> str:
    if etree.QName(unit).namespace == X2:
        return unit.find(f".//{{{xliff.MDA}}}meta[@type='msgctxt']").text
    return unit.find(f".//{{{X12}}}context[@context-type='x-po-msgctxt']").text


def _code_pools(unit, source) -> dict:
    """The source's inline code elements, as a CAT tool offers them to the translator: links
    by address, strong and emphasis in order."""
    pools: dict = {"strong": [], "emphasis": []}
    if etree.QName(unit).namespace == X2:
        data = {d.get("id"): d.text for d in unit.iter(f"{{{X2}}}data")}
        for code in source.iter(f"{{{X2}}}pc"):
            if code.get("type") == "link":
                pools.setdefault(data[code.get("dataRefEnd")][2:-1], []).append(code)
            else:
                pools["strong" if code.get("subType") == "xlf:b" else "emphasis"].append(code)
    else:
        links = {n.text.split(": a link to ")[0].split()[-1]: n.text.split(": a link to ")[1]
                 for n in unit.iter(f"{{{X12}}}note") if ": a link to " in n.text}
        for code in source.iter(f"{{{X12}}}g"):
            kind = code.get("ctype")
            if kind == "link":
                pools.setdefault(links[code.get("id")], []).append(code)
            else:
                pools["strong" if kind == "bold" else "emphasis"].append(code)
    return pools


def _text(element, words: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + words
    else:
        element.text = (element.text or "") + words


def _take(parent, pool: list):
    code = pool.pop(0)
    clone = etree.SubElement(parent, code.tag, dict(code.attrib))
    return clone


def _put_translation(unit, markdown: str, state: str = "translated") -> None:
    """Type *markdown*'s translation into *unit* as a translator in a CAT tool does: the words,
    and the source's tags placed around them."""
    namespace = etree.QName(unit).namespace
    holder = unit.find(f"{{{X2}}}segment") if namespace == X2 else unit
    source = holder.find(f"{{{namespace}}}source")
    old = holder.find(f"{{{namespace}}}target")
    if old is not None:
        holder.remove(old)
    target = etree.Element(f"{{{namespace}}}target")
    source.addnext(target)
    if _context(unit) in xliff.INLINE_KINDS:
        pools = _code_pools(unit, source)
        for link, by_link in groupby(parse_inline(markdown), key=lambda s: s.link):
            outer = _take(target, pools[link]) if link else target
            for strong, by_strong in groupby(by_link, key=lambda s: s.strong):
                middle = _take(outer, pools["strong"]) if strong else outer
                for emphasis, spans in groupby(by_strong, key=lambda s: s.emphasis):
                    inner = _take(middle, pools["emphasis"]) if emphasis else middle
                    _text(inner, "".join(s.text for s in spans))
    else:
        target.text = markdown
    if namespace == X2:
        holder.set("state", state)
        holder.attrib.pop("subState", None)
    else:
        target.set("state", state)
        target.attrib.pop("state-qualifier", None)


def _edit(path: Path, change) -> None:
    tree = etree.parse(str(path))
    for unit in _units(tree.getroot()):
        change(unit)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _docx_text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


def _build(project: Path, source: str, out: str) -> Path:
    result = docgen_in(project, "build", source, "-l", "zh-Hant-HK", "-o", out)
    assert result.exit_code == 0, result.output
    slug = Path(source).stem
    return project / out / slug / "zh-Hant-HK" / f"{slug}.zh-Hant-HK"


@pytest.mark.parametrize("version", xliff.FORMATS)
@pytest.mark.parametrize("which", ["seed", "all-blocks"])
def test_translated_in_the_xliff_builds_the_same_as_translated_in_the_po(tmp_path, seed_project, blocks_project, version, which):
    project, source = (seed_project, SEED) if which == "seed" else (blocks_project, ALL_BLOCKS)
    baseline = tmp_path / "baseline"
    shutil.copytree(project, baseline)
    expected = _build(baseline, source, "dist")
    locales = project / "locales"
    before = {name: _messages(path) for name, path in _catalogues(locales, "zh_Hant_HK").items()}
    translations = _strip(locales, "zh_Hant_HK")

    result = docgen_in(project, "i18n", "export", "--format", version, "-l", "zh-Hant-HK", "-o", "agency", source)
    assert result.exit_code == 0, result.output
    files = sorted((project / "agency").glob("*.xlf"))
    assert {p.name.split(".")[0] for p in files} == set(before)  # the release's and its organisation's
    for path in files:
        assert xliffcheck.problems(path) == []
        _edit(path, lambda unit: _put_translation(unit, translations[unit.get("id")]))
        assert xliffcheck.problems(path) == []  # what the "CAT tool" returns is valid too

    result = docgen_in(project, "i18n", "import", *[str(p.relative_to(project)) for p in files])
    assert result.exit_code == 0, result.output
    assert {name: _messages(path) for name, path in _catalogues(locales, "zh_Hant_HK").items()} == before
    stats = docgen_in(project, "i18n", "stats", "-l", "zh-Hant-HK", source)
    assert " 0 fuzzy, 0 untranslated" in stats.output and "translated" in stats.output

    got = _build(project, source, "dist")
    assert got.with_name(f"{got.name}.txt").read_bytes() == expected.with_name(f"{expected.name}.txt").read_bytes()
    assert pdfcheck.text(got.with_name(f"{got.name}.pdf")) == pdfcheck.text(expected.with_name(f"{expected.name}.pdf"))
    assert _docx_text(got.with_name(f"{got.name}.docx")) == _docx_text(expected.with_name(f"{expected.name}.docx"))


def _export(project: Path, version: str, locale: str = "zh-Hant-HK", source: str = SEED) -> dict[str, Path]:
    result = docgen_in(project, "i18n", "export", "--format", version, "-l", locale, "-o", "agency", source)
    assert result.exit_code == 0, result.output
    return {p.name.split(".")[0]: p for p in sorted((project / "agency").glob(f"*.{locale}.xlf"))}


def _unit(path: Path, place: str):
    root = etree.parse(str(path)).getroot()
    return next(u for u in _units(root) if (u.get("name") or u.get("resname")) == place)


@pytest.mark.parametrize("version", xliff.FORMATS)
def test_units_keep_docgen_ids_context_place_languages_and_glossary(seed_project, version):
    files = _export(seed_project, version)
    path = files["2024-02-28-astri-budget"]
    root = etree.parse(str(path)).getroot()
    if version == "xliff2":
        assert (root.get("srcLang"), root.get("trgLang")) == ("en", "zh-Hant-HK")
    else:
        file = root.find(f"{{{X12}}}file")
        assert (file.get("source-language"), file.get("target-language")) == ("en", "zh-Hant-HK")
    catalog = catalogs.read(seed_project / "locales/zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po")
    message = next(m for m in catalog if m.auto_comments == ["lead.1"])
    unit = _unit(path, "lead.1")
    assert unit.get("id") == xliff.unit_id("paragraph", message.id) == xliff.unit_id(message.context, message.id)
    assert unit.get("id").startswith("paragraph-")
    assert _context(unit) == "paragraph"
    notes = [n.text for n in unit.iter(f"{{{etree.QName(unit).namespace}}}note")]
    assert "glossary: ASTRI = 應科院 (first mention in running text: 香港應用科技研究院（應科院）)" in notes
    assert "glossary: Financial Secretary = 財政司司長" in notes
    assert not any("Belt and Road" in n for n in notes)  # only the terms this English contains
    # The same English of the same kind has the same id in every export.
    assert _export(seed_project, version)["2024-02-28-astri-budget"].read_bytes() == path.read_bytes()


def test_links_become_codes_whose_address_comes_back_from_the_source(seed_project):
    path = _export(seed_project, "xliff2")["organisation-astri"]
    unit = _unit(path, "about.2")
    source = unit.find(f"{{{X2}}}segment/{{{X2}}}source")
    code = source.find(f"{{{X2}}}pc")
    assert (code.get("type"), code.text) == ("link", "www.astri.org")
    data = {d.get("id"): d.text for d in unit.iter(f"{{{X2}}}data")}
    assert (data[code.get("dataRefStart")], data[code.get("dataRefEnd")]) == ("[", "](https://www.astri.org)")
    assert "https://" not in "".join(source.itertext())  # the address is protected, not text to translate
    # A translator's target that rewrote the code's data gets the source's address all the same.
    for element in unit.iter(f"{{{X2}}}data"):
        element.text = "](https://evil.example)" if element.get("id") == code.get("dataRefEnd") else element.text
    unit.getroottree().write(str(path), xml_declaration=True, encoding="UTF-8")
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 0, result.output
    po = seed_project / "locales/zh_Hant_HK/LC_MESSAGES/organisation-astri.po"
    assert "evil" not in po.read_text("utf-8") and "](https://www.astri.org)" in po.read_text("utf-8")


def test_emphasis_links_and_placeholders_as_codes_both_versions():
    english = "Call {name} at [our **main** office](https://x.org/a) *today*, or **now**."
    translation = "**現在**或*今天*致電[我們的**總**辦事處](https://x.org/a)聯絡{name}。"
    entry = xliff.Entry(xliff.unit_id("paragraph", english), "paragraph", english, ("lead.1",), translation, "translated")
    for version in xliff.FORMATS:
        data = xliff.write([entry], version=version, domain="d", source="en", target="zh-Hant-HK")
        root = etree.fromstring(data)
        unit = next(_units(root))
        names = [etree.QName(e).localname for e in unit.iter() if etree.QName(e).localname in ("pc", "ph", "g", "x")]
        assert names.count("ph" if version == "xliff2" else "x") == 2  # in the source and in the target
        _, codes = xliff.source_codes(english, True)
        [read] = xliff._read2(Path("t.xlf"), root).units if version == "xliff2" else xliff._read12(Path("t.xlf"), root).units
        assert xliff.markdown(xliff._resolve(read.source, codes, read.id), True) == english
        assert xliff.markdown(xliff._resolve(read.target, codes, read.id), True) == translation


def test_inline_kinds_are_those_segments_write_as_markdown():
    from docgen import sources
    from docgen.i18n.segments import organisation_segments, release_segments

    release = sources.read(FIXTURES / "project/source/all-blocks.md")
    found = release_segments(release) + [s for org in release.organisations for s in organisation_segments(org, org.contacts)]
    assert {s.context for s in found if s.inline} == xliff.INLINE_KINDS & {s.context for s in found}
    assert not {s.context for s in found if not s.inline} & xliff.INLINE_KINDS


@pytest.mark.parametrize("version", xliff.FORMATS)
def test_a_changed_english_is_refused_naming_the_segment(seed_project, version):
    files = _export(seed_project, version)
    path = files["2024-02-28-astri-budget"]
    old_id = _unit(path, "lead.1").get("id")
    _edit(path, lambda unit: _put_translation(unit, "譯文") if unit.get("id") == old_id else None)
    release = seed_project / SEED
    release.write_text(release.read_text("utf-8").replace("welcomes the Financial", "applauds the Financial"), "utf-8")
    assert docgen_in(seed_project, "i18n", "update", SEED).exit_code == 0
    po = seed_project / "locales/zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po"
    before = po.read_bytes()
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 2
    assert f"segment {old_id} (lead.1): its English is no longer in the release" in result.output
    assert f"{path.name}:{_unit_line(path, old_id)}" in result.output
    assert po.read_bytes() == before


def _unit_line(path: Path, uid: str) -> int:
    return next(u.sourceline for u in _units(etree.parse(str(path)).getroot()) if u.get("id") == uid)


@pytest.mark.parametrize("version", xliff.FORMATS)
def test_a_source_edited_in_the_cat_tool_is_refused(seed_project, version):
    path = _export(seed_project, version)["2024-02-28-astri-budget"]

    def edit(unit):
        if unit.get("name", unit.get("resname")) == "headline":
            source = next(unit.iter(f"{{{etree.QName(unit).namespace}}}source"))
            source.text = "A headline nobody wrote"

    _edit(path, edit)
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 2
    assert "its source text is not the release's English" in result.output and "(headline)" in result.output


BROKEN_2 = {
    "unknown code": ('<pc id="7" dataRefStart="d1" dataRefEnd="d1e">www.astri.org</pc>', "inline code 7 is not in the source"),
    "never closed": ('<sc id="1" dataRef="d1"/>www.astri.org', "inline code 1 is opened and never closed"),
    "never opened": ('www.astri.org<ec startRef="1" dataRef="d1e"/>', "inline code 1 is closed but was never opened"),
    "used twice": ('<pc id="1">www</pc><pc id="1">.astri.org</pc>', "inline code 1 is used twice"),
    "pair as placeholder": ('<ph id="1" dataRef="d1"/>', "inline code 1 is a pair in the source"),
}
BROKEN_12 = {
    "unknown code": ('<g id="7" ctype="link">www.astri.org</g>', "inline code 7 is not in the source"),
    "never closed": ('<bx id="1" ctype="link"/>www.astri.org', "inline code 1 is opened and never closed"),
    "used twice": ('<g id="1">www</g><g id="1">.astri.org</g>', "inline code 1 is used twice"),
}


@pytest.mark.parametrize("version,case", [("xliff2", c) for c in BROKEN_2] + [("xliff12", c) for c in BROKEN_12])
def test_a_broken_inline_code_is_refused(seed_project, version, case):
    path = _export(seed_project, version)["organisation-astri"]
    markup, said = (BROKEN_2 if version == "xliff2" else BROKEN_12)[case]
    text = path.read_text("utf-8")
    start = text.index("請瀏覽", text.index("about.2"))
    end = text.index("</target>", start)
    path.write_text(text[:start] + f"請瀏覽{markup}。" + text[end:], "utf-8")
    po = seed_project / "locales/zh_Hant_HK/LC_MESSAGES/organisation-astri.po"
    before = po.read_bytes()
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 2, result.output
    assert said in result.output and "about-" in result.output
    assert po.read_bytes() == before


def test_not_well_formed_xml_is_refused_with_its_line(seed_project):
    path = _export(seed_project, "xliff2")["organisation-astri"]
    path.write_text(path.read_text("utf-8").replace("</pc>。</target>", "。</target>", 1), "utf-8")
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 2 and "not well-formed XML" in result.output and f"{path.name}:" in result.output


def test_unknown_language_domain_and_file_type_are_refused(seed_project):
    path = _export(seed_project, "xliff2")["organisation-astri"]
    text = path.read_text("utf-8")
    (seed_project / "fr.xlf").write_text(text.replace('trgLang="zh-Hant-HK"', 'trgLang="fr-FR"'), "utf-8")
    (seed_project / "other.xlf").write_text(text.replace('original="organisation-astri"', 'original="organisation-nobody"'), "utf-8")
    (seed_project / "notes.txt").write_text("hello", "utf-8")
    for name, said in [("fr.xlf", "unknown target language 'fr-FR'"), ("other.xlf", "unknown catalogue 'organisation-nobody'"),
                       ("notes.txt", "cannot import translations from a .txt file")]:
        result = docgen_in(seed_project, "i18n", "import", name)
        assert result.exit_code == 2 and said in result.output, result.output


def test_a_review_proof_without_its_reader_is_a_clear_error(seed_project, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "docgen.i18n.proof", None)  # as before the proof's reader exists
    (seed_project / "review.docx").write_bytes(b"PK")
    result = docgen_in(seed_project, "i18n", "import", "review.docx")
    assert result.exit_code == 2 and "review proof (.docx)" in result.output


@pytest.mark.parametrize("version", xliff.FORMATS)
def test_markup_typed_into_a_translation_is_refused_by_the_checks(seed_project, version):
    path = _export(seed_project, version)["2024-02-28-astri-budget"]
    _edit(path, lambda unit: _put_translation(unit, "以<b>創科</b>推動產業轉型及經濟增長")
          if unit.get("name", unit.get("resname")) == "headline" else None)
    po = seed_project / "locales/zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po"
    before = po.read_bytes()
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 2, result.output
    assert "headline: markup <b> in the translation is not in the English" in result.output
    assert po.read_bytes() == before


@pytest.mark.parametrize("version", xliff.FORMATS)
def test_a_doubt_of_the_checks_is_a_warning_and_the_translation_goes_in(seed_project, version):
    path = _export(seed_project, version)["organisation-astri"]
    catalog = catalogs.read(seed_project / "locales/zh_Hant_HK/LC_MESSAGES/organisation-astri.po")
    about2 = next(m for m in catalog if m.auto_comments == ["about.2"])
    _edit(path, lambda unit: _put_translation(unit, about2.string.replace("1,400", "1,500"))
          if unit.get("name", unit.get("resname")) == "about.2" else None)
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 0, result.output
    assert "Warning:" in result.output and "number 1400 missing from the translation" in result.output
    assert "1 changed" in result.output


@pytest.mark.parametrize("version", xliff.FORMATS)
def test_fuzzy_and_untranslated_states_both_ways(seed_project, version):
    po = seed_project / "locales/zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po"
    catalog = catalogs.read(po, locale="zh_Hant_HK")
    by_place = {m.auto_comments[0]: m for m in catalog if m.id}
    by_place["lead.1"].flags.add("fuzzy")
    by_place["lead.2"].string = ""
    catalogs.save(po, catalog, locations=False, formats=False)
    path = _export(seed_project, version)["2024-02-28-astri-budget"]
    assert xliffcheck.problems(path) == []
    fuzzy, empty, done = _unit(path, "lead.1"), _unit(path, "lead.2"), _unit(path, "headline")
    if version == "xliff2":
        segment = lambda u: u.find(f"{{{X2}}}segment")  # noqa: E731
        assert (segment(fuzzy).get("state"), segment(fuzzy).get("subState")) == ("initial", "docgen:fuzzy")
        assert segment(fuzzy).find(f"{{{X2}}}target") is not None
        assert segment(empty).get("state") == "initial" and segment(empty).find(f"{{{X2}}}target") is None
        assert segment(done).get("state") == "final"
    else:
        assert fuzzy.find(f"{{{X12}}}target").get("state") == "needs-review-translation" and fuzzy.get("approved") is None
        assert empty.find(f"{{{X12}}}target") is None
        assert done.find(f"{{{X12}}}target").get("state") == "translated" and done.get("approved") == "yes"
    # Back: the fuzzy one confirmed, the empty one translated but left for review, the rest untouched.
    lead1, lead2 = by_place["lead.1"].string, "應科院走在最前沿。"

    def translate(unit):
        place = unit.get("name", unit.get("resname"))
        if place == "lead.1":
            _put_translation(unit, lead1, "final" if version == "xliff2" else "signed-off")
        elif place == "lead.2":
            _put_translation(unit, lead2, "initial" if version == "xliff2" else "needs-review-translation")

    _edit(path, translate)
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 0, result.output
    after = {m.auto_comments[0]: m for m in catalogs.read(po) if m.id}
    assert (after["lead.1"].string, after["lead.1"].fuzzy) == (lead1, False)
    assert (after["lead.2"].string, after["lead.2"].fuzzy) == (lead2, True)
    assert "2 changed, 13 unchanged" in result.output


@pytest.mark.parametrize("version", xliff.FORMATS)
def test_converted_drafts_round_trip_and_a_review_clears_the_mark(seed_project, version):
    locales = seed_project / "locales"
    for path in _catalogues(locales, "zh_Hans_CN").values():
        path.unlink()
    assert docgen_in(seed_project, "i18n", "init", "-l", "zh-Hans-CN", SEED).exit_code == 0
    po = locales / "zh_Hans_CN/LC_MESSAGES/2024-02-28-astri-budget.po"
    drafts = _messages(po)
    assert all(converted for _, _, converted in drafts.values())
    files = _export(seed_project, version, "zh-Hans-CN")
    path = files["2024-02-28-astri-budget"]
    assert xliffcheck.problems(path) == []
    headline = _unit(path, "headline")
    if version == "xliff2":
        segment = headline.find(f"{{{X2}}}segment")
        assert (segment.get("state"), segment.get("subState")) == ("translated", "docgen:converted")
    else:
        target = headline.find(f"{{{X12}}}target")
        assert (target.get("state"), target.get("state-qualifier")) == ("needs-review-translation", "mt-suggestion")
    # Untouched, the drafts come back still drafts.
    result = docgen_in(seed_project, "i18n", "import", *[str(p.relative_to(seed_project)) for p in files.values()])
    assert result.exit_code == 0, result.output
    assert _messages(po) == drafts
    assert "15 converted, not reviewed" in docgen_in(seed_project, "i18n", "stats", "-l", "zh-Hans-CN", SEED).output
    # A reviewer confirms the headline and edits lead.1 without confirming it.
    lead1 = next(m.string for m in catalogs.read(po) if m.auto_comments[:1] == ["lead.1"]) + "（已修订）"

    def review(unit):
        place = unit.get("name", unit.get("resname"))
        if place == "headline":
            holder = unit.find(f"{{{X2}}}segment") if version == "xliff2" else unit.find(f"{{{X12}}}target")
            holder.set("state", "reviewed" if version == "xliff2" else "signed-off")
            holder.attrib.pop("subState", None)
            holder.attrib.pop("state-qualifier", None)
        elif place == "lead.1":
            target = next(unit.iter(f"{{{etree.QName(unit).namespace}}}target"))
            target.text = lead1
    _edit(path, review)
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 0, result.output
    after = {m.auto_comments[0]: m for m in catalogs.read(po) if m.id}
    assert not catalogs.is_converted(after["headline"]) and not after["headline"].fuzzy
    assert after["lead.1"].string == lead1 and after["lead.1"].fuzzy and not catalogs.is_converted(after["lead.1"])
    assert "13 converted, not reviewed" in docgen_in(seed_project, "i18n", "stats", "-l", "zh-Hans-CN", SEED).output


@pytest.mark.parametrize("version", xliff.FORMATS)
def test_translate_toolkit_reads_the_same_units_ids_and_targets(seed_project, version):
    from translate.storage import factory
    from translate.storage.xliff2 import Xliff2File

    po = seed_project / "locales/zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po"
    catalog = catalogs.read(po, locale="zh_Hant_HK")
    next(m for m in catalog if m.auto_comments == ["lead.1"]).flags.add("fuzzy")
    catalogs.save(po, catalog, locations=False, formats=False)
    for locale, babel in [("zh-Hant-HK", "zh_Hant_HK"), ("zh-Hans-CN", "zh_Hans_CN")]:
        for domain, path in _export(seed_project, version, locale).items():
            # translate-toolkit's factory takes every .xlf for XLIFF 1.x: version 2 is opened with its own class.
            store = Xliff2File.parsefile(str(path)) if version == "xliff2" else factory.getobject(str(path))
            assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", locale)
            messages = [m for m in catalogs.read(catalogs.po_path(seed_project / "locales", babel, domain)) if m.id]
            prefix = "" if version == "xliff2" else domain + "\x04"
            assert [u.getid() for u in store.units] == [prefix + xliff.unit_id(m.context, m.id) for m in messages]
            for unit, message in zip(store.units, messages):
                inline = message.context in xliff.INLINE_KINDS
                plain = lambda text: "".join(s.text for s in parse_inline(text)) if inline else text  # noqa: E731
                assert unit.source == plain(message.id)
                assert unit.target == plain(message.string)
                assert unit.isfuzzy() == (message.fuzzy if version == "xliff2" else message.fuzzy or catalogs.is_converted(message))
                assert unit.istranslated() or unit.isfuzzy()


def test_codes_a_cat_tool_rewrote_as_begin_and_end_markers_are_read(seed_project):
    for version, markup in [("xliff2", '<sc id="1" dataRef="d1"/>www.astri.org<ec startRef="1" dataRef="d1e"/>'),
                            ("xliff12", '<bx id="1" rid="r1" ctype="link"/>www.astri.org<ex id="2" rid="r1"/>')]:
        path = _export(seed_project, version)["organisation-astri"]
        text = path.read_text("utf-8")
        start = text.index("請瀏覽", text.index("about.2"))
        path.write_text(text[:start] + f"請瀏覽{markup}。" + text[text.index("</target>", start):], "utf-8")
        assert xliffcheck.problems(path) == []
        result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
        assert result.exit_code == 0 and "0 changed, 5 unchanged" in result.output, result.output


def test_a_control_character_in_a_target_is_refused(seed_project):
    path = _export(seed_project, "xliff2")["organisation-astri"]
    path.write_text(path.read_text("utf-8").replace("<target>香港</target>", '<target>香<cp hex="0007"/>港</target>'), "utf-8")
    result = docgen_in(seed_project, "i18n", "import", str(path.relative_to(seed_project)))
    assert result.exit_code == 2 and "control character U+0007" in result.output and "(organisation)" in result.output


# What the validator must catch: (version, text to replace, its replacement, what it says).
MUTATIONS = [
    ("xliff2", ' srcLang="en"', ' srcLang="english"', "srcLang"),
    ("xliff2", '<unit id="about-15278da8e030"', '<unit id="about-6e41eabd5fdf"', "not unique"),
    ("xliff2", '<segment state="final">', '<segment state="done">', "state 'done'"),
    ("xliff2", '<segment state="final">', '<segment subState="docgen:x">', "subState"),
    ("xliff2", 'dataRefEnd="d1e" type="link" canDelete="no">www.astri.org</pc>。', 'dataRefEnd="d9">www.astri.org</pc>。', "not in <originalData>"),
    ("xliff2", '<pc id="1" dataRefStart="d1" dataRefEnd="d1e" type="link" canDelete="no">www.astri.org</pc>。',
     '<pc id="2">www.astri.org</pc>。', "is not a pc of the source"),
    ("xliff2", "請瀏覽<pc", '請瀏覽<sc id="5"/><pc', "never closed"),
    ("xliff2", "</notes>", '</notes><notes><note>x</note></notes>', "out of place"),
    ("xliff12", ' datatype="po"', "", "datatype is required"),
    ("xliff12", ' state="translated"', ' state="approved"', "state 'approved'"),
    ("xliff12", '<g id="1" ctype="link">www.astri.org</g>。', '<g id="3" ctype="link">www.astri.org</g>。', "is not a g of the source"),
    ("xliff12", 'context-type="x-po-msgctxt"', 'context-type="msgctxt"', "context-type"),
]


@pytest.mark.parametrize("version,old,new,said", MUTATIONS)
def test_the_validator_catches_what_the_schemas_refuse(seed_project, version, old, new, said):
    path = _export(seed_project, version)["organisation-astri"]
    text = path.read_text("utf-8")
    assert old in text
    position = text.rindex(old) if "astri.org" in old else text.index(old)
    path.write_text(text[:position] + new + text[position + len(old):], "utf-8")
    assert any(said in p for p in xliffcheck.problems(path)), xliffcheck.problems(path)
