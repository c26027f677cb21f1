"""Cold against cold: a fresh docgen process against fresh processes of the other tools,
building the seed's outputs as a person at a terminal would (rows 1 and 2)."""
from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path

from bench import seed
from bench.table import COLD, Row, Samples, Target
from bench.timing import load, paired


def run(command: list[str], cwd: Path) -> None:
    """Run *command*, failing the benchmark with its error output if it fails."""
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")


def expect(folder: Path, suffixes: dict[str, int]) -> None:
    """Fail unless *folder* holds as many files of each suffix as asked: a round that wrote
    nothing must not pass for a fast one."""
    found = {suffix: len(list(folder.rglob(f"*.{suffix}"))) for suffix in suffixes}
    if found != suffixes:
        raise SystemExit(f"{folder}: expected {suffixes} files, found {found}")


class Folders:
    """A new, empty folder for every call, under *root*."""

    def __init__(self, root: Path):
        self.root, self._numbers = root, itertools.count()

    def new(self, name: str) -> Path:
        folder = self.root / f"{name}-{next(self._numbers)}"
        folder.mkdir(parents=True)
        return folder


def docgen_build(folders: Folders, formats: str):
    """A fresh `docgen build` of the seed in en + zh-Hant-HK, into a new folder each time."""
    def action(_number: int) -> None:
        out = folders.new("docgen")
        run([str(seed.DOCGEN), "build", str(seed.SEED), "-l", ",".join(seed.LOCALES), "-f", formats, "-o", str(out), "--quiet"],
            seed.ROOT)
        expect(out, {fmt: len(seed.LOCALES) for fmt in formats.split(",")})
    return action


def pandoc_and_office(folders: Folders, sources: dict[str, Path], profile: Path):
    """pandoc (Markdown -> DOCX, Markdown -> plain text) per file, then one LibreOffice
    headless process turning both DOCX into PDF: the same six outputs, one after another."""
    def action(_number: int) -> None:
        out = folders.new("others")
        for tag, source in sources.items():
            run(["pandoc", str(source), "-o", str(out / f"{tag}.docx")], out)
            run(["pandoc", str(source), "-t", "plain", "-o", str(out / f"{tag}.txt")], out)
        run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(out),
             *(str(out / f"{tag}.docx") for tag in sources)], out)
        expect(out, {"docx": len(sources), "txt": len(sources), "pdf": len(sources)})
    return action


TYPST_COLD = """\
import sys, typst
fonts, root, out = sys.argv[1:4]
for source in sys.argv[4:]:
    name = source.rsplit("/", 1)[-1].removesuffix(".typ")
    typst.compile(source, output=f"{out}/{name}.pdf", root=root, font_paths=[fonts], ignore_system_fonts=True,
                  pdf_standards=["ua-1"])
"""


def typst_compile(folders: Folders):
    """A fresh Python process running `typst.compile` on the two documents (tagged, PDF/UA-1,
    as docgen's PDFs are), docgen's fonts only."""
    def action(_number: int) -> None:
        out = folders.new("typst")
        run([sys.executable, "-c", TYPST_COLD, str(seed.FONTS), str(seed.TYPST), str(out),
             *(str(seed.typst_path(tag)) for tag in seed.LOCALES)], out)
        expect(out, {"pdf": len(seed.LOCALES)})
    return action


def six_outputs(rounds: int, work: Path) -> Row:
    """Row 1: the seed's six outputs, cold."""
    for tool in ("pandoc", "soffice"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed: apt-get install pandoc libreoffice-writer-nogui")
    folders = Folders(work / "six")
    sources = {}
    for tag, release in seed.editions().items():
        sources[tag] = work / f"{tag}.md"
        sources[tag].write_text(seed.markdown(release), "utf-8")
    before = load()
    ours, theirs = paired(docgen_build(folders, "pdf,docx,txt"), pandoc_and_office(folders, sources, work / "lo-profile"), rounds)
    return Row("1", "six outputs of the seed (en + zh-Hant-HK × PDF, DOCX, txt)", COLD, "s",
               Samples(tuple(ours)), Target("docgen", "<", 0.300),
               other="pandoc + LibreOffice", others=Samples(tuple(theirs)), load=(before, load()),
               method="`docgen build <seed> -l en,zh-Hant-HK -f pdf,docx,txt -o <new folder> --quiet` as a new process, "
                      "against four pandoc processes (Markdown → DOCX and → plain text, per edition, one after another) "
                      "and one `soffice --headless --convert-to pdf` of both DOCX. pandoc reads the editions' text "
                      "(headline, body, About) as Markdown written before the rounds; LibreOffice uses a profile made "
                      "by the warm-up call, as docgen uses the font data its warm-up left. The target is docgen's "
                      "own time; the ratio is for context.")


def two_pdfs(rounds: int, work: Path) -> Row:
    """Row 2: the two PDFs, cold, against Typst."""
    folders = Folders(work / "pdfs")
    before = load()
    ours, theirs = paired(docgen_build(folders, "pdf"), typst_compile(folders), rounds)
    return Row("2", "two PDFs of the seed (en + zh-Hant-HK)", COLD, "s",
               Samples(tuple(ours)), Target("ratio", "<=", 2.0),
               other="Typst", others=Samples(tuple(theirs)), load=(before, load()),
               method="`docgen build <seed> -l en,zh-Hant-HK -f pdf` as a new process, against a new Python process "
                      "calling `typst.compile` on bench/typst/astri-en.typ and astri-zh-Hant-HK.typ (the same "
                      "documents typeset in Typst, tagged PDF/UA-1 as docgen's are) with docgen's fonts "
                      "(`font_paths=docgen/fonts`, `ignore_system_fonts=True`).")
