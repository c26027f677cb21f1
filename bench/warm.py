"""Warm: docgen's renderers called in this process, fonts loaded, new text every call,
against Typst's compiler kept alive (rows 3a, 3b) and against pandoc, which has no warm
mode, run as a process per file (row 4)."""
from __future__ import annotations

from pathlib import Path

from bench import seed
from bench.cold import expect, run
from bench.table import WARM, WARM_VS_PROCESS, Row, Samples, Target
from bench.timing import load, paired


class Differs:
    """Fails the benchmark when a call returns what the previous one did: then the new text
    never reached the tool, and the round timed a cached answer."""

    def __init__(self, name: str):
        self.name, self.last = name, None

    def __call__(self, data: bytes) -> None:
        if data == self.last:
            raise SystemExit(f"{self.name}: the output did not change with the text")
        self.last = data


def pdf(tag: str, rounds: int) -> Row:
    """Row 3: one PDF of the seed in locale *tag*, warm, against Typst's warm compiler."""
    import typst

    from docgen.i18n import context_for
    from docgen.render import renderer
    from docgen.style import Style

    release = seed.editions()[tag]
    render, ctx, style = renderer("pdf"), context_for(tag), Style()
    source = seed.typst_path(tag).read_text("utf-8")
    compiler = typst.Compiler(root=str(seed.TYPST), font_paths=[str(seed.FONTS)], ignore_system_fonts=True)
    # Each round's text is made before the clock starts; only rendering and compiling are timed.
    releases = {n: seed.changed(release, n) for n in range(rounds + 1)}
    sources = {}
    for n in range(rounds + 1):
        text, count = seed.changed_typst(source, n)
        if count != seed.changed_count(release):
            raise SystemExit(f"{seed.typst_path(tag)}: {count} pieces of text changed, docgen's release has "
                             f"{seed.changed_count(release)}: the two documents no longer match")
        sources[n] = text.encode("utf-8")
    ours_differ, theirs_differ = Differs(f"docgen pdf {tag}"), Differs(f"Typst {tag}")

    def docgen(n: int) -> None:
        ours_differ(render(releases[n], ctx, style))

    def other(n: int) -> None:
        theirs_differ(compiler.compile(input=sources[n], pdf_standards=["ua-1"]))

    before = load()
    ours, theirs = paired(docgen, other, rounds)
    english = tag == "en"
    return Row("3a" if english else "3b", f"one PDF of the seed, {'English' if english else 'Chinese (zh-Hant-HK)'}", WARM, "s",
               Samples(tuple(ours)), Target("ratio", "<=", 1.0 if english else 1.5),
               other="Typst", others=Samples(tuple(theirs)), load=(before, load()),
               method="in this process, docgen's PDF renderer against a `typst.Compiler` kept alive "
                      "(`compile(input=..., pdf_standards=['ua-1'])`), both given text no earlier call saw: "
                      "the round's number at the end of the headline, of every body block and of every About "
                      "paragraph (docgen's release and the Typst source changed alike, before the clock starts). "
                      "A round fails if either output equals the previous one.")


def docx(rounds: int, work: Path) -> Row:
    """Row 4: the two DOCX of the seed, warm in docgen, against pandoc run once per file."""
    from docgen.i18n import context_for
    from docgen.render import renderer
    from docgen.style import Style

    render, style = renderer("docx"), Style()
    editions = seed.editions()
    contexts = {tag: context_for(tag) for tag in editions}
    releases = {n: {tag: seed.changed(release, n) for tag, release in editions.items()} for n in range(rounds + 1)}
    sources = {}
    for tag, release in editions.items():
        sources[tag] = work / f"docx-{tag}.md"
        sources[tag].write_text(seed.markdown(release), "utf-8")
    out = work / "pandoc-docx"
    out.mkdir()

    def docgen(n: int) -> None:
        for tag, release in releases[n].items():
            render(release, contexts[tag], style)

    def other(_n: int) -> None:
        for tag, source in sources.items():
            run(["pandoc", str(source), "-o", str(out / f"{tag}.docx")], out)

    before = load()
    ours, theirs = paired(docgen, other, rounds)
    expect(out, {"docx": len(sources)})
    return Row("4", "two DOCX of the seed (en + zh-Hant-HK)", WARM_VS_PROCESS, "s",
               Samples(tuple(ours)), Target("ratio", "<=", 0.2),
               other="pandoc", others=Samples(tuple(theirs)), load=(before, load()),
               method="docgen's DOCX renderer in this process (new text every call, as in row 3) against two "
                      "pandoc processes, Markdown → DOCX, one per edition. pandoc has no warm mode, so this "
                      "is docgen inside a running build against pandoc as a person runs it, not like for like; "
                      "the issue sets its target on exactly this comparison.")
