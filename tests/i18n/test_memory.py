"""The translation memory: an organisation's approved translations fill its next release
(exact matches translated and marked, close ones fuzzy with their score and the English
they were made for), never another organisation's; TMX out and in; the checks still
judge every match.  And the glossary as TBX-Basic."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from docgen.i18n import catalogs, memory, tmx
from docgen.i18n.convert import MARK_COMMENT
from tests.conftest import FIXTURES, docgen_in as cli
from tests.gettext_tools import refusals

SOLAR = "source/2025-06-10-harbour-grid-solar.md"
SCHOOLS = "source/2025-09-15-harbour-grid-schools.md"
LIGHTS = "source/2025-10-01-kaitak-lights.md"
SOLAR_PO = "locales/zh_Hant_HK/LC_MESSAGES/2025-06-10-harbour-grid-solar.po"
SCHOOLS_PO = "locales/zh_Hant_HK/LC_MESSAGES/2025-09-15-harbour-grid-schools.po"
LIGHTS_PO = "locales/zh_Hant_HK/LC_MESSAGES/2025-10-01-kaitak-lights.po"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def harbour(tmp_path: Path) -> Path:
    """A copy of the memory fixture: Harbour Grid's June release translated, the rest not."""
    shutil.copytree(FIXTURES / "memory", tmp_path / "harbour", ignore=shutil.ignore_patterns("README.md"))
    return tmp_path / "harbour"


def by_place(path: Path) -> dict:
    return {m.auto_comments[0]: m for m in catalogs.read(path) if m.id}


def english(project: Path, place: str, po: str = SOLAR_PO) -> str:
    return by_place(project / po)[place].id


def test_the_second_release_gets_two_exact_matches_and_a_close_one(harbour, tmp_path):
    result = cli(harbour, "i18n", "init", "-l", "zh-Hant-HK", SCHOOLS)
    assert result.exit_code == 0, result.output
    solar, schools = by_place(harbour / SOLAR_PO), by_place(harbour / SCHOOLS_PO)
    for place in ("lead.2", "lead.3"):
        match = schools[place]
        assert match.string == solar[place].string and catalogs.state(match) == "translated"
        assert f"docgen-tm: exact match from 2025-06-10-harbour-grid-solar ({place})" in match.user_comments
        assert catalogs.memory_match(match) == f"exact match from 2025-06-10-harbour-grid-solar ({place})"
    close = schools["lead.4"]
    # HK$150 million where June said HK$120 million: June's words, fuzzy, for the translator to revise.
    assert close.fuzzy and close.string == solar["lead.4"].string == "項目獲政府綠色科技基金撥款港幣1.2億元，明年將擴展至新界。"
    assert close.previous_id == [solar["lead.4"].id]
    assert "docgen-tm: 99% match from 2025-06-10-harbour-grid-solar (lead.4)" in close.user_comments
    text = (harbour / SCHOOLS_PO).read_text("utf-8")
    assert f'#| msgid "{solar["lead.4"].id}"' in text
    # New English stays empty: the headline and the first and last paragraphs are nothing like June's.
    assert [p for p, m in schools.items() if catalogs.state(m) == "untranslated"] == ["headline", "lead.1", "lead.5"]
    assert all(catalogs.memory_match(schools[p]) is None for p in ("headline", "lead.1", "lead.5"))
    stats = cli(harbour, "i18n", "stats", SCHOOLS, "-l", "zh-Hant-HK")
    assert f"{SCHOOLS_PO}: 2 translated (2 from the translation memory), 1 fuzzy, 3 untranslated" in stats.output
    # msgfmt, pybabel and pofilter accept the marks and the previous English.
    assert refusals(harbour / SCHOOLS_PO, tmp_path) == []
    # Nothing changed, nothing to do: a second update leaves the catalogue as it is.
    before = (harbour / SCHOOLS_PO).read_bytes()
    assert cli(harbour, "i18n", "update", SCHOOLS, "-l", "zh-Hant-HK").exit_code == 0
    assert (harbour / SCHOOLS_PO).read_bytes() == before


def test_another_organisations_release_gets_nothing(harbour):
    result = cli(harbour, "i18n", "init", "-l", "zh-Hant-HK", LIGHTS)
    assert result.exit_code == 0, result.output
    lights = by_place(harbour / LIGHTS_PO)
    assert lights["lead.2"].id == english(harbour, "lead.2")  # the same English as Harbour Grid's June release
    assert all(catalogs.state(m) == "untranslated" and catalogs.memory_match(m) is None for m in lights.values())


def test_update_fills_a_paragraph_added_later(harbour):
    source = harbour / SCHOOLS
    full = source.read_text("utf-8")
    shared = english(harbour, "lead.3")
    source.write_text(full.replace(shared + "\n\n", ""), "utf-8")
    assert cli(harbour, "i18n", "init", "-l", "zh-Hant-HK", SCHOOLS).exit_code == 0
    assert shared not in (harbour / SCHOOLS_PO).read_text("utf-8")
    source.write_text(full, "utf-8")
    result = cli(harbour, "i18n", "update", SCHOOLS, "-l", "zh-Hant-HK")
    assert result.exit_code == 0, result.output
    added = next(m for m in catalogs.read(harbour / SCHOOLS_PO) if m.id == shared)
    assert not added.fuzzy and catalogs.memory_match(added) == "exact match from 2025-06-10-harbour-grid-solar (lead.3)"


def test_the_checks_still_judge_every_match(harbour):
    assert cli(harbour, "i18n", "init", "-l", "zh-Hant-HK", SCHOOLS).exit_code == 0
    # A close match is fuzzy: never published as it stands.
    built = cli(harbour, "build", SCHOOLS, "-l", "zh-Hant-HK", "-f", "txt", "-o", "out")
    assert built.exit_code == 2 and "lead.4: fuzzy" in built.output
    # A translator who clears the flag without revising it is stopped by the checks: the figure changed.
    path = harbour / SCHOOLS_PO
    path.write_text(path.read_text("utf-8").replace("#, fuzzy\n", ""), "utf-8")
    checked = cli(harbour, "i18n", "check", SCHOOLS, "-l", "zh-Hant-HK")
    assert checked.exit_code == 2
    assert f"{SCHOOLS_PO}:" in checked.output and "lead.4: number 150 million missing from the translation" in checked.output

    # An exact match that was wrong where it came from (an agency's memory, 20 schools for 25)
    # is filled in, and refused by the checks like any translation.
    headline = "Harbour Grid Energy adds battery storage to 25 schools"
    (harbour / "agency.tmx").write_text(_tmx([("en", headline), ("zh-HK", "港灣電網為20間學校加設儲電系統")]), "utf-8")
    assert cli(harbour, "i18n", "tm", "import", "agency.tmx", "--org", "harbour-grid").exit_code == 0
    path.unlink()
    assert cli(harbour, "i18n", "init", "-l", "zh-Hant-HK", SCHOOLS).exit_code == 0
    match = by_place(path)["headline"]
    assert catalogs.state(match) == "translated" and catalogs.memory_match(match) == "exact match from agency.tmx"
    checked = cli(harbour, "i18n", "check", SCHOOLS, "-l", "zh-Hant-HK")
    assert checked.exit_code == 2 and "headline: number 25 missing from the translation" in checked.output


def _tmx(*units, srclang: str = "en-US", extra: str = "") -> str:
    """A TMX file as another tool writes it (1.4, xml:lang tags of its own)."""
    body = "".join("<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in tuvs) + "</tu>\n"
                   for tuvs in units)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="Other" creationtoolversion="1" '
            f'segtype="sentence" o-tmf="other" adminlang="en-US" srclang="{srclang}" datatype="html"/>\n<body>\n{body}{extra}</body>\n</tmx>\n')


def test_tmx_export_and_import_round_trip(harbour, tmp_path):
    out = cli(harbour, "i18n", "tm", "export", "--org", "harbour-grid", "-l", "zh-Hant-HK", "-o", "harbour.tmx")
    assert out.exit_code == 0, out.output
    assert "9 translation(s) into zh-Hant-HK" in out.output
    data = (harbour / "harbour.tmx").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">')
    root = etree.fromstring(data)
    header = root.find("header")
    assert {k: header.get(k) for k in ("srclang", "adminlang", "segtype", "o-tmf", "datatype", "creationtool")} == {
        "srclang": "en", "adminlang": "en", "segtype": "paragraph", "o-tmf": "docgen", "datatype": "plaintext", "creationtool": "docgen"}
    assert header.get("creationtoolversion") and header.get("creationdate")
    exported = set()
    for tu in root.iter("tu"):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        tuvs = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in tu.findall("tuv")}
        assert list(tuvs) == ["en", "zh-Hant-HK"]
        assert props["x-docgen-origin"].startswith(("2025-06-10-harbour-grid-solar (", "organisation-harbour-grid ("))
        exported.add((props["x-docgen-context"], tuvs["en"], tuvs["zh-Hant-HK"]))
    approved = {(m.context, m.id, m.string) for po in (SOLAR_PO, "locales/zh_Hant_HK/LC_MESSAGES/organisation-harbour-grid.po")
                for m in catalogs.read(harbour / po) if m.id}
    assert exported == approved and len(exported) == 9

    # translate-toolkit, an independent reader, finds the same segments and languages.
    from translate.storage.tmx import tmxfile

    store = tmxfile.parsestring(data)
    assert store.sourcelanguage == "en"
    assert {(u.source, u.target) for u in store.units} == {(e, t) for _, e, t in exported}
    assert all([n.get(XML_LANG) for n in u.getlanguageNodes()] == ["en", "zh-Hant-HK"] for u in store.units)

    # Into another project, with nothing translated yet: the header names the organisation.
    other = tmp_path / "other"
    shutil.copytree(harbour / "source", other / "source")
    (other / "locales").mkdir()
    imported = cli(other, "i18n", "tm", "import", str(harbour / "harbour.tmx"))
    assert imported.exit_code == 0, imported.output
    stored = other / "locales/memory/harbour-grid.zh-Hant-HK.tmx"
    assert f"{stored.relative_to(other)}: 9 added, 0 already there" in imported.output
    again = cli(other, "i18n", "tm", "import", str(harbour / "harbour.tmx"))
    assert "9 added" not in again.output and "0 added, 9 already there" in again.output
    kept = tmx.read_tmx(stored, other / "locales")
    assert set(kept.units) == {"zh-Hant-HK"}
    assert {(u.context, u.english, u.translation) for u in kept.units["zh-Hant-HK"]} == exported
    # ... and that project's first translation of the September release starts from it.
    assert cli(other, "i18n", "init", "-l", "zh-Hant-HK", SCHOOLS).exit_code == 0
    schools = by_place(other / SCHOOLS_PO)
    assert catalogs.memory_match(schools["lead.2"]) == "exact match from harbour.tmx: 2025-06-10-harbour-grid-solar (lead.2)"
    assert schools["lead.4"].fuzzy and catalogs.memory_match(schools["lead.4"]).startswith("99% match from harbour.tmx")


def test_import_reads_another_tools_tmx(harbour):
    """Region tags (zh-HK), an American source tag, inline codes and languages the project does
    not publish, as CAT tools write them."""
    shared = english(harbour, "lead.2")
    extra = ('<tu><tuv xml:lang="en-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>grants<ept i="1">&lt;/b&gt;</ept> are paid yearly.</seg></tuv>'
             '<tuv xml:lang="zh-HK"><seg><bpt i="1">&lt;b&gt;</bpt>資助<ept i="1">&lt;/b&gt;</ept>按年發放。</seg></tuv>'
             '<tuv xml:lang="ja"><seg>助成金は毎年支払われます。</seg></tuv></tu>\n')
    (harbour / "agency.tmx").write_text(_tmx([("en-US", shared), ("zh-HK", "由代理翻譯的句子。"), ("ja", "翻訳")], extra=extra), "utf-8")
    result = cli(harbour, "i18n", "tm", "import", "agency.tmx", "--org", "harbour-grid")
    assert result.exit_code == 0, result.output
    assert "2 added, 0 already there" in result.output
    assert "Warning: agency.tmx: 2 translation(s) into ja skipped: not a locale of this project" in result.output
    units = tmx.read_tmx(harbour / "locales/memory/harbour-grid.zh-Hant-HK.tmx", harbour / "locales").units["zh-Hant-HK"]
    assert {(u.english, u.translation) for u in units} == {(shared, "由代理翻譯的句子。"), ("The grants are paid yearly.", "資助按年發放。")}
    # The project's own approved translation comes before an imported one.
    assert cli(harbour, "i18n", "init", "-l", "zh-Hant-HK", SCHOOLS).exit_code == 0
    assert by_place(harbour / SCHOOLS_PO)["lead.2"].string == by_place(harbour / SOLAR_PO)["lead.2"].string


@pytest.mark.parametrize("text, line, words", [
    ('<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body>\n<tu>\n</body></tmx>', 6, "not a TMX file"),
    ('<?xml version="1.0"?>\n<xliff version="1.2"/>\n', 2, 'not a TMX file: the root element is not <tmx version="1.4">'),
    ('<?xml version="1.0"?>\n<tmx version="1.4">\n<body/>\n</tmx>\n', 2, "not a TMX file: it has no <header> or no <body>"),
    (_tmx([("en", "a"), ("zh-HK", "甲")], srclang="fr"), 3, "the memory's source language must be English, not 'fr'"),
    (_tmx([("zh-HK", "甲")]), 5, 'this translation unit has no English (xml:lang="en") text'),
    ('<tmx version="1.4">\n<header srclang="en"/>\n<body>\n<tu><tuv><seg>a</seg></tuv></tu>\n</body>\n</tmx>', 4,
     "not a TMX file: a <tuv> without xml:lang"),
    (_tmx([("en", "a"), ("ja", "あ")]), None, "no translation from English into a locale of this project in this file (languages found: ja)"),
])
def test_an_invalid_tmx_is_refused_naming_its_line(harbour, text, line, words):
    (harbour / "bad.tmx").write_text(text, "utf-8")
    result = cli(harbour, "i18n", "tm", "import", "bad.tmx", "--org", "harbour-grid")
    assert result.exit_code == 2
    assert f"Error: bad.tmx{f':{line}' if line else ''}: {words}" in result.output
    assert not (harbour / "locales/memory").exists()


def test_the_memory_prefers_the_same_kind_and_matches_names_only_exactly():
    units = [tmx.Unit("Revenue", "收入", "heading", "a (h)", "a"), tmx.Unit("Revenue", "收益", "table.header", "b (t)", "b"),
             tmx.Unit("Chan Siu Ling", "陳小玲", "contact.name", "c (contacts)", "c")]
    found = memory.Memory(units)
    assert found.exact("Revenue", "table.header").translation == "收益"
    assert found.exact("Revenue", "paragraph").translation == "收入"  # another kind: the best there is
    assert found.exact("Revenue", "heading", exclude="a").translation == "收益"  # never a catalogue's own
    assert found.close("Revenues")[0].translation == "收入"
    assert found.close("Chan Siu Man") is None  # another person
    assert found.close("Expenses") is None


def test_a_reviewed_simplified_translation_wins_over_a_conversion(harbour):
    """The memory runs before the OpenCC drafts: a person's Simplified words of an earlier
    release beat a conversion; what only a draft held is converted again."""
    assert cli(harbour, "i18n", "init", "-l", "zh-Hans-CN", SOLAR).exit_code == 0
    hans_solar = harbour / "locales/zh_Hans_CN/LC_MESSAGES/2025-06-10-harbour-grid-solar.po"
    text = hans_solar.read_text("utf-8")
    draft = by_place(hans_solar)["lead.2"].string
    reviewed = "太阳能板白天向城市电网供电，同时安装的电池在停电时可让路灯和电梯继续运行最多六小时。"
    # The reviewer rewrites lead.2 and deletes its mark; lead.3 stays a draft.
    head, _, tail = text.partition("#. lead.2\n")
    assert head.endswith(f"# {MARK_COMMENT}\n")
    hans_solar.write_text(head.removesuffix(f"# {MARK_COMMENT}\n") + "#. lead.2\n" + tail.replace(draft, reviewed), "utf-8")

    assert cli(harbour, "i18n", "init", "-l", "zh-Hant-HK,zh-Hans-CN", SCHOOLS).exit_code == 0
    hans = by_place(harbour / "locales/zh_Hans_CN/LC_MESSAGES/2025-09-15-harbour-grid-schools.po")
    assert hans["lead.2"].string == reviewed and not catalogs.is_converted(hans["lead.2"])
    assert catalogs.memory_match(hans["lead.2"]) == "exact match from 2025-06-10-harbour-grid-solar (lead.2)"
    assert catalogs.is_converted(hans["lead.3"]) and catalogs.memory_match(hans["lead.3"]) is None


# --- the glossary as TBX-Basic ----------------------------------------------------------------

TERM_NOTES = {"administrativeStatus": {"preferredTerm-admn-sts", "admittedTerm-admn-sts"}, "partOfSpeech": {"noun"}}


def test_the_glossary_exports_as_tbx_basic(seed_project):
    from docgen.i18n import checks

    result = cli(seed_project, "i18n", "glossary", "export", "-o", "glossary.tbx")
    assert result.exit_code == 0, result.output
    data = (seed_project / "glossary.tbx").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n')
    root = etree.fromstring(data)
    assert root.tag == "martif" and root.get("type") == "TBX-Basic" and root.get(XML_LANG) == "en"
    assert root.find("martifHeader/fileDesc/sourceDesc/p") is not None
    assert root.find("martifHeader/encodingDesc/p[@type='XCSURI']").text == "TBXBasicXCSV02.xcs"
    entries = root.findall("text/body/termEntry")
    assert len({e.get("id") for e in entries}) == len(entries)
    found = {}
    for entry in entries:
        langs = {ls.get(XML_LANG): ls for ls in entry.findall("langSet")}
        assert list(langs)[0] == "en" and all(langs)
        for tig in entry.iter("tig"):
            assert tig[0].tag == "term" and tig[0].text
            for note in tig.findall("termNote"):
                assert note.text in TERM_NOTES[note.get("type")]
        source = langs["en"].find("tig/term").text
        for tag, language in langs.items():
            if tag == "en":
                continue
            for tig in language.findall("tig"):
                status = tig.find("termNote[@type='administrativeStatus']").text
                found.setdefault((tag, source), {})[status] = (tig.find("term").text, tig.findtext("note"))
    for tag in ("zh-Hant-HK", "zh-Hans-CN"):
        terms = checks.load_glossary(seed_project / "locales", tag)
        assert terms and {source for t, source in found if t == tag} == {term.source for term in terms}
        for term in terms:
            forms = found[tag, term.source]
            assert forms["preferredTerm-admn-sts"] == (term.then, None)
            if term.first:
                first, note = forms["admittedTerm-admn-sts"]
                assert first == term.first and note.startswith("first mention") and term.then in note

    # translate-toolkit reads it as a term base: the same terms, in each language.
    from translate.storage.tbx import tbxfile

    store = tbxfile.parsestring(data)
    astri = next(u for u in store.units if u.source == "ASTRI")
    assert [t.text for t in astri.get_target_terms("zh-Hant-HK")] == ["應科院", "香港應用科技研究院（應科院）"]
    assert [t.administrative_status for t in astri.get_target_terms("zh-Hans-CN")] == ["preferredTerm-admn-sts", "admittedTerm-admn-sts"]


def test_the_glossary_export_takes_locales_and_names_a_bad_one(seed_project):
    assert cli(seed_project, "i18n", "glossary", "export", "-o", "hk.tbx", "-l", "zh-HK").exit_code == 0
    langs = {ls.get(XML_LANG) for ls in etree.parse(str(seed_project / "hk.tbx")).iter("langSet")}
    assert langs == {"en", "zh-Hant-HK"}
    glossary = seed_project / "locales/glossary.yaml"
    glossary.write_text(glossary.read_text("utf-8") + "xx-Nowhere:\n  - source: A\n    then: B\n", "utf-8")
    result = cli(seed_project, "i18n", "glossary", "export", "-o", "bad.tbx")
    assert result.exit_code == 2 and "locales/glossary.yaml:" in result.output and "xx-Nowhere" in result.output
    assert not (seed_project / "bad.tbx").exists()
