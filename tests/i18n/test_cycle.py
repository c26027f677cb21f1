"""The README's translation cycle on a copy of the seed, as a translator lives it:
insert, move and edit English; after each `docgen i18n update` only what changed
wants translating, and every gettext tool still accepts every catalogue."""
from __future__ import annotations

from click.testing import CliRunner

from docgen.cli import main
from docgen.i18n import catalogs
from tests.gettext_tools import refusals

SEED = "source/2024-02-28-astri-budget.md"
PO = "locales/zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po"
INSERTED = "ASTRI will also open its laboratories to secondary-school students during the summer."


def update(project, tmp_path) -> dict[str, list[str]]:
    """Run `docgen i18n update`, check every catalogue with the gettext tools, and return
    the release catalogue's messages by state (``translated``, ``fuzzy``, ``untranslated``)."""
    result = CliRunner().invoke(main, ["i18n", "update", str(project / SEED), "--locales", str(project / "locales")])
    assert result.exit_code == 0, result.output
    for path in sorted((project / "locales").rglob("*.po*")):
        assert refusals(path, tmp_path) == [], path
    by_state: dict[str, list[str]] = {"translated": [], "fuzzy": [], "untranslated": []}
    for message in catalogs.read(project / PO):
        if message.id:
            by_state[catalogs.state(message)].append(message.id)
    return {state: sorted(ids) for state, ids in by_state.items()}


def sections(text: str) -> list[str]:
    return text.split("\n## ")


def test_insert_move_edit(seed_project, tmp_path):
    source = seed_project / SEED
    before = update(seed_project, tmp_path)
    assert before["fuzzy"] == before["untranslated"] == []

    # Insert a paragraph at the top of a section: every other segment stays translated.
    head, first, second = sections(source.read_text("utf-8"))
    title, _, rest = first.partition("\n\n")
    source.write_text("\n## ".join([head, f"{title}\n\n{INSERTED}\n\n{rest}", second]), "utf-8")
    inserted = update(seed_project, tmp_path)
    assert inserted["untranslated"] == [INSERTED]
    assert inserted["fuzzy"] == [] and inserted["translated"] == before["translated"]
    refused = CliRunner().invoke(main, ["build", str(source), "-l", "zh-Hant-HK", "--locales", str(seed_project / "locales"),
                                        "-o", str(tmp_path / "out")])
    assert refused.exit_code == 2 and "realise-i-t-commercialisation.1: untranslated: paragraph \"ASTRI will also open" in refused.output

    # Move a section: nothing changes state.
    head, first, second = sections(source.read_text("utf-8"))
    source.write_text("\n## ".join([head, second.rstrip("\n") + "\n", first.rstrip("\n") + "\n"]), "utf-8")
    assert update(seed_project, tmp_path) == inserted

    # Edit one paragraph: exactly it is fuzzy, its old English kept as "#| msgid".
    text = source.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("ASTRI is at the forefront"))
    edited = old.replace("a cache of mature", "a range of mature")
    source.write_text(text.replace(old, edited), "utf-8")
    after = update(seed_project, tmp_path)
    assert after["fuzzy"] == [edited] and after["untranslated"] == [INSERTED]
    assert len(after["translated"]) == len(before["translated"]) - 1
    po = (seed_project / PO).read_text("utf-8")
    assert f'#| msgid "{old}"\nmsgctxt "paragraph"\nmsgid "{edited}"' in po
    [fuzzy] = [m for m in catalogs.read(seed_project / PO) if m.fuzzy and m.id]
    assert fuzzy.previous_id == [old] and fuzzy.string.startswith("應科院走在最前沿")
    # Updated again before the translator gets to it: still fuzzy, still showing what changed.
    assert update(seed_project, tmp_path) == after
    assert f'#| msgid "{old}"\nmsgctxt "paragraph"\nmsgid "{edited}"' in (seed_project / PO).read_text("utf-8")

    # The translator revises it (removing the fuzzy flag, as Poedit does): the "#|" lines go.
    (seed_project / PO).write_text(po.replace(f'#, fuzzy\n#| msgid "{old}"\n', ""), "utf-8")
    revised = update(seed_project, tmp_path)
    assert revised["fuzzy"] == [] and "#| msgid" not in (seed_project / PO).read_text("utf-8")


def test_a_segment_edited_twice_keeps_the_english_it_was_translated_from(seed_project, tmp_path):
    source = seed_project / SEED
    text = source.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("ASTRI is at the forefront"))
    source.write_text(text.replace(old, old.replace("a cache of", "a range of")), "utf-8")
    update(seed_project, tmp_path)
    source.write_text(text.replace(old, old.replace("a cache of", "a wide range of")), "utf-8")
    after = update(seed_project, tmp_path)
    assert len(after["fuzzy"]) == 1
    [fuzzy] = [m for m in catalogs.read(seed_project / PO) if m.fuzzy and m.id]
    assert fuzzy.previous_id and fuzzy.previous_id[0].startswith("ASTRI is at the forefront with a")
