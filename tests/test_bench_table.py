"""The benchmark's table on made-up figures: ratios paired round by round, the met / missed
wording, and the Markdown of docs/benchmarks.md.  Nothing here times anything."""
import pytest

from bench import seed
from bench.table import ALONE, COLD, WARM, WARM_VS_PROCESS, Row, Samples, Setting, Target, document, spread, table, verdict

SETTING = Setting(command=".venv/bin/python -m bench", date="2026-11-28 07:00 UTC", machine="Test CPU, 2 cores",
                  versions="docgen 0.1.0, typst (PyPI) 0.15.2", load_before=(0.25, 0.5, 0.75), load_after=(1.5, 1.25, 1.0))


def cold_row(ours, theirs, limit=0.3) -> Row:
    return Row("1", "six outputs", COLD, "s", Samples(tuple(ours)), Target("docgen", "<", limit),
               other="pandoc + LibreOffice", others=Samples(tuple(theirs)), load=(0.5, 0.75), method="fresh processes.")


def test_ratios_are_taken_round_by_round_not_from_the_medians():
    row = cold_row([1.0, 2.0, 9.0], [2.0, 1.0, 3.0])
    assert row.ratios.values == (0.5, 2.0, 3.0)
    assert row.ratios.median == 2.0  # the ratio of the medians would be 1.0
    assert (row.ratios.min, row.ratios.max) == (0.5, 3.0)


def test_unpaired_figures_are_refused():
    with pytest.raises(ValueError, match="as many figures"):
        cold_row([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="needs a compared tool"):
        Row("2", "two PDFs", COLD, "s", Samples((1.0,)), Target("ratio", "<=", 2.0))


def test_an_absolute_target_says_by_how_much_it_is_missed():
    row = cold_row([0.92, 0.88, 0.99], [1.3, 1.2, 1.4])
    assert not row.met
    assert verdict(row) == "**missed** by 620 ms (3.07× the limit)"
    assert verdict(cold_row([0.25, 0.28, 0.31], [1.3, 1.2, 1.4])) == "met"


def test_a_strict_limit_is_missed_when_reached_and_an_inclusive_one_is_met():
    assert not cold_row([0.3], [1.0]).met
    row = Row("3a", "one PDF", WARM, "s", Samples((0.010,)), Target("ratio", "<=", 1.0), other="Typst", others=Samples((0.010,)))
    assert row.met and verdict(row) == "met"


def test_a_ratio_target_is_judged_on_the_median_ratio():
    row = Row("2", "two PDFs", COLD, "s", Samples((0.6, 0.8, 0.7)), Target("ratio", "<=", 2.0),
              other="Typst", others=Samples((0.1, 0.2, 0.1)))
    assert row.judged == pytest.approx(6.0)  # ratios 6, 4, 7
    assert verdict(row) == "**missed**: 3.00× the limit"


def test_a_floor_says_how_far_short_it_falls():
    row = Row("5a", "archive throughput", ALONE, "outputs/s", Samples((100.0, 96.0, 104.0)), Target("docgen", ">=", 150))
    assert verdict(row) == "**missed** by 50 outputs/s (67 % of the target)"
    faster = Row("4", "two DOCX", WARM_VS_PROCESS, "s", Samples((0.010,)), Target("ratio", "<=", 0.2), other="pandoc",
                 others=Samples((0.040,)))
    assert verdict(faster) == "**missed**: 1.25× the limit"


def test_figures_show_median_then_min_and_max_in_one_unit():
    assert spread(Samples((0.92, 0.88, 0.99)), "s") == "920 ms (880–990)"
    assert spread(Samples((0.0042, 0.0040, 0.0101)), "s") == "4.2 ms (4.0–10.1)"
    assert spread(Samples((1.05, 0.98, 1.4)), "s") == "1.05 s (0.98–1.40)"
    assert spread(Samples((151.0, 149.4, 160.0)), "outputs/s") == "151 outputs/s (149–160)"


def test_the_table_has_one_line_per_row_with_target_and_result():
    rows = [
        cold_row([0.92, 0.88, 0.99], [1.3, 1.2, 1.4]),
        Row("4", "two DOCX", WARM_VS_PROCESS, "s", Samples((0.010, 0.012)), Target("ratio", "<=", 0.2), other="pandoc",
            others=Samples((0.080, 0.080))),
        Row("5b", "rebuild with nothing changed", ALONE, "s", Samples((0.35, 0.38)), Target("docgen", "<", 0.4)),
    ]
    lines = table(rows).splitlines()
    assert len(lines) == 2 + len(rows)
    assert lines[2] == ("| 1 | six outputs | cold vs cold | 920 ms (880–990) | pandoc + LibreOffice: 1.30 s (1.20–1.40) | "
                        "0.71× (0.71–0.73), docgen 1.4× faster | < 300 ms | **missed** by 620 ms (3.07× the limit) |")
    assert lines[3].endswith("| 0.14× (0.12–0.15), docgen 7.3× faster | ≤ 0.2× (≥ 5× faster) | met |")
    assert lines[4] == "| 5b | rebuild with nothing changed | docgen alone | 365 ms (350–380) | — | — | < 400 ms | met |"


def test_the_document_says_which_comparison_is_which_and_the_load():
    rows = [
        cold_row([0.92], [1.3]),
        Row("3a", "one PDF, English", WARM, "s", Samples((0.012,)), Target("ratio", "<=", 1.0), other="Typst",
            others=Samples((0.010,)), method="in one process."),
        Row("3b", "one PDF, Chinese", WARM, "s", Samples((0.014,)), Target("ratio", "<=", 1.5), other="Typst",
            others=Samples((0.010,)), method="in one process."),
    ]
    text = document(rows, SETTING, notes="Typst memoises layout.\n")
    assert text.startswith("# Benchmarks\n")
    assert "Written by `.venv/bin/python -m bench` on 2026-11-28 07:00 UTC" in text
    assert "- Machine: Test CPU, 2 cores" in text
    assert "- Load average (1, 5, 15 min): before 0.25 / 0.50 / 0.75, after 1.50 / 1.25 / 1.00" in text
    assert "- **cold vs cold** (row 1): a fresh process on each side" in text
    assert "- **warm vs warm** (rows 3a, 3b): both in one running process" in text
    assert "pandoc has no warm mode" not in text  # no such row here
    assert "Targets missed: 1, 3a." in text
    assert "- **rows 3a, 3b**: in one process." in text  # one description for rows measured alike
    assert "| 1 | 1 | 0.50 → 0.75 |" in text
    assert text.rstrip().endswith("## Notes\n\nTypst memoises layout.")
    assert "quick run" not in text


def test_a_quick_run_says_so():
    quick = Setting(**{**SETTING.__dict__, "quick": True})
    assert "**A quick run**" in document([cold_row([0.2], [1.0])], quick)


@pytest.mark.parametrize("tag", seed.LOCALES)
def test_the_typst_document_changes_as_many_pieces_of_text_as_docgens_release(tag):
    release = seed.editions()[tag]
    source = seed.typst_path(tag).read_text("utf-8")
    text, count = seed.changed_typst(source, 17)
    assert count == seed.changed_count(release)
    assert text.count(" 17\n") == count
    changed = seed.changed(release, 17)
    assert changed.headline == release.headline + " 17"
    assert all(block.content[-1].text.endswith(" 17") for block in changed.body)
    assert all(p.content[-1].text.endswith(" 17") for p in changed.organisation.about)
