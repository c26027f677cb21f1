"""Merging translations from outside a PO editor (docgen.i18n.incoming), as the XLIFF import
and the review proof's reader use it."""
from __future__ import annotations

from pathlib import Path

from docgen.i18n import catalogs
from docgen.i18n.incoming import Incoming, apply
from tests.conftest import SEED_SOURCE, docgen_in

DOMAIN = SEED_SOURCE.stem
HANT = f"zh_Hant_HK/LC_MESSAGES/{DOMAIN}.po"


def _message(locales: Path, place: str, path: str = HANT):
    return next(m for m in catalogs.read(locales / path) if m.id and m.auto_comments[:1] == [place])


def _mark(locales: Path, place: str, *, fuzzy: bool = False, converted: bool = False, path: str = HANT) -> None:
    catalog = catalogs.read(locales / path)
    message = next(m for m in catalog if m.id and m.auto_comments[:1] == [place])
    if fuzzy:
        message.flags.add("fuzzy")
        message.previous_id = ["The English before"]
    if converted:
        message.user_comments = [*message.user_comments, "docgen-converted: not reviewed (delete this line once reviewed)"]
    catalogs.save(locales / path, catalog, locations=False, formats=False)


def test_translated_clears_fuzzy_previous_english_and_the_converted_mark(seed_project):
    locales = seed_project / "locales"
    _mark(locales, "lead.1", fuzzy=True, converted=True)
    old = _message(locales, "lead.1")
    applied = apply([Incoming(DOMAIN, "zh-Hant-HK", old.context, old.id, old.string, "translated", "here")], locales)
    assert (applied.changed, applied.unchanged, applied.refused) == (1, 0, ())
    new = _message(locales, "lead.1")
    assert (new.string, new.fuzzy, new.previous_id, catalogs.is_converted(new)) == (old.string, False, [], False)
    # Said again, nothing changes and nothing is written.
    again = apply([Incoming(DOMAIN, "zh-HK", old.context, old.id, old.string, "translated")], locales)
    assert (again.changed, again.unchanged, again.written) == (0, 1, ())


def test_fuzzy_keeps_the_converted_mark_only_for_the_drafts_own_words(seed_project):
    locales = seed_project / "locales"
    _mark(locales, "lead.1", converted=True)
    _mark(locales, "lead.2", converted=True)
    one, two = _message(locales, "lead.1"), _message(locales, "lead.2")
    apply([Incoming(DOMAIN, "zh-Hant-HK", one.context, one.id, one.string, "fuzzy"),
           Incoming(DOMAIN, "zh-Hant-HK", two.context, two.id, two.string + "（修訂）", "fuzzy")], locales)
    one, two = _message(locales, "lead.1"), _message(locales, "lead.2")
    assert one.fuzzy and catalogs.is_converted(one)
    assert two.fuzzy and not catalogs.is_converted(two) and two.string.endswith("（修訂）")


def test_english_not_in_the_template_or_catalogue_refuses_the_whole_catalogue(seed_project):
    locales = seed_project / "locales"
    po = locales / HANT
    before = po.read_bytes()
    good = _message(locales, "lead.1")
    applied = apply([Incoming(DOMAIN, "zh-Hant-HK", good.context, good.id, "改了", "translated", "a.xlf:3: lead.1"),
                     Incoming(DOMAIN, "zh-Hant-HK", "paragraph", "English nobody wrote", "譯文", "translated", "a.xlf:9: x")],
                    locales)
    assert applied.written == () and po.read_bytes() == before
    [refusal] = applied.refused
    assert refusal.catalogue == po
    assert [str(p).split(":")[:2] for p in refusal.problems] == [["a.xlf", "9"]]
    assert "no longer in" in str(refusal.problems[0])
    # In the template but not yet in the catalogue: 'update' first.
    release = seed_project / "source" / SEED_SOURCE.name
    release.write_text(release.read_text("utf-8") + "\nA new closing paragraph.\n", "utf-8")
    assert docgen_in(seed_project, "i18n", "extract", f"source/{SEED_SOURCE.name}").exit_code == 0
    applied = apply([Incoming(DOMAIN, "zh-Hant-HK", "paragraph", "A new closing paragraph.", "新的段落。", "translated")], locales)
    assert "run 'docgen i18n update' first" in str(applied.refused[0].problems[0])


def test_unknown_language_domain_or_english_target_are_refused(seed_project):
    locales = seed_project / "locales"
    message = _message(locales, "lead.1")
    cases = {("fr-FR", DOMAIN): "unknown target language 'fr-FR'", ("zh-Hant-HK", "nobody"): "unknown catalogue 'nobody'",
             ("en", DOMAIN): "the target language is English"}
    for (locale, domain), said in cases.items():
        applied = apply([Incoming(domain, locale, message.context, message.id, "x", "translated")], locales)
        assert said in str(applied.refused[0].problems[0])


def test_broken_structure_writes_nothing_and_other_doubts_are_reported(seed_project):
    locales = seed_project / "locales"
    po = locales / HANT
    before = po.read_bytes()
    headline = _message(locales, "headline")
    applied = apply([Incoming(DOMAIN, "zh-Hant-HK", headline.context, headline.id, "以<b>創科</b>推動", "translated")], locales)
    assert po.read_bytes() == before
    assert "headline: markup <b> in the translation is not in the English" in {str(p).split(": ", 1)[1] for p in applied.refused[0].problems}
    assert f"{po}:" in str(applied.refused[0].problems[0])  # the line of the catalogue as it would have been written
    lead = _message(locales, "lead.2")
    applied = apply([Incoming(DOMAIN, "zh-Hant-HK", lead.context, lead.id, "應科院走在最前沿。", "translated")], locales)
    assert applied.written == (po,) and applied.refused == ()
    assert [str(d.problem) for d in applied.doubts] == []  # 應科院 alone is right after the first mention
    lead1 = _message(locales, "lead.1")
    applied = apply([Incoming(DOMAIN, "zh-Hant-HK", lead1.context, lead1.id, "應科院歡迎財政司司長的措施。", "translated")], locales)
    assert any("glossary: first mention of ASTRI" in str(d.problem) for d in applied.doubts)
    assert _message(locales, "lead.1").string == "應科院歡迎財政司司長的措施。"


def test_a_dry_run_writes_nothing(seed_project):
    locales = seed_project / "locales"
    po = locales / HANT
    before = po.read_bytes()
    lead = _message(locales, "lead.2")
    applied = apply([Incoming(DOMAIN, "zh-Hant-HK", lead.context, lead.id, "應科院走在最前沿。", "translated")], locales, write=False)
    assert applied.changed == 1 and applied.written == () and po.read_bytes() == before
