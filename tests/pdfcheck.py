"""Reading PDFs back with real clients: poppler (pdftotext, pdffonts, pdfinfo),
qpdf, and pypdf + fontTools for glyphs missing from the embedded fonts."""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=120)


def text(path: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", str(path), "-").stdout


def text_above_footer(path: Path, footer_height: float = 50) -> str:
    """pdftotext of each page without its bottom *footer_height* points (the running footer)."""
    height = float(info(path)["Page size"].split("x")[1].split()[0])
    return run("pdftotext", "-enc", "UTF-8", "-x", "0", "-y", "0", "-W", "10000", "-H", str(int(height - footer_height)),
               str(path), "-").stdout


def body_lines(path: Path) -> list[str]:
    """pdftotext lines without the running footer (repeated on every page)."""
    pages = text(path).split("\f")
    keyed = lambda line: re.sub(r"\d+", "#", line.strip())
    counts: dict[str, int] = {}
    for page in pages:
        for key in {keyed(l) for l in page.splitlines() if l.strip()}:
            counts[key] = counts.get(key, 0) + 1
    real_pages = [p for p in pages if p.strip()]
    repeated = {k for k, n in counts.items() if n >= 2 and len(real_pages) >= 2}
    return [l for p in pages for l in p.splitlines() if keyed(l) not in repeated]


def fonts(path: Path) -> list[dict]:
    """pdffonts rows: name, type, embedded, subset, unicode."""
    rows = []
    for line in run("pdffonts", str(path)).stdout.splitlines()[2:]:
        cols = line.split()
        rows.append({"name": cols[0], "embedded": cols[-5] == "yes", "subset": cols[-4] == "yes", "unicode": cols[-3] == "yes"})
    return rows


def info(path: Path) -> dict[str, str]:
    out = run("pdfinfo", str(path)).stdout
    return {k.strip(): v.strip() for k, v in (l.split(":", 1) for l in out.splitlines() if ":" in l)}


def qpdf_check(path: Path) -> subprocess.CompletedProcess:
    return run("qpdf", "--check", str(path))


def catalog_lang(path: Path) -> str | None:
    lang = PdfReader(str(path)).trailer["/Root"].get("/Lang")
    return str(lang) if lang is not None else None


def _to_unicode(font) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(int(start, 16) + i)
    return mapping


def missing_glyphs(path: Path) -> dict[str, set[str]]:
    """Characters drawn with an embedded font that has no outline for them (a blank box)."""
    bad: dict[str, set[str]] = {}
    seen = set()
    for page in PdfReader(str(path)).pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                continue
            program = TTFont(io.BytesIO(descriptor.get_object()["/FontFile2"].get_object().get_data()))
            glyf = program["glyf"]
            cmap = {}
            for table in program["cmap"].tables:
                cmap.update(table.cmap)
            notdef = glyf[".notdef"].getCoordinates(glyf)[0] if glyf[".notdef"].numberOfContours > 0 else None
            for code, char in _to_unicode(font).items():
                if not char.strip() or not char.isprintable():
                    continue
                name = cmap.get(code) or cmap.get(0xF000 + code) or ".notdef"
                glyph = glyf[name] if name in glyf else None
                empty = glyph is None or name == ".notdef" or glyph.numberOfContours == 0 or (
                    notdef is not None and glyph.numberOfContours > 0 and glyph.getCoordinates(glyf)[0] == notdef)
                if empty:
                    bad.setdefault(str(font["/BaseFont"]), set()).add(char)
    return bad


def word_boxes(path: Path) -> list[tuple[str, float, float]]:
    """Every word poppler finds, as (text, left, right) in points."""
    xhtml = run("pdftotext", "-bbox", str(path), "-").stdout
    return [(m.group(3), float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xhtml)]


def libreoffice_pdf(data: bytes, folder: Path, name: str = "document") -> Path:
    """A DOCX as LibreOffice prints it: its PDF (with a private profile, so runs do not collide)."""
    path = folder / f"{name}.docx"
    path.write_bytes(data)
    result = subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(folder), str(path)], capture_output=True, text=True, timeout=180)
    pdf = folder / f"{name}.pdf"
    assert pdf.exists(), result.stdout + result.stderr
    return pdf


PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"}
"""Content operators that paint: each must be in marked content (tagged or an artifact)."""


def loose_operators(path: Path) -> list[tuple[int, str]]:
    """(page, operator) of every painting operator outside marked content, and of any page whose
    BDC/BMC and EMC do not balance (operator "unbalanced")."""
    import pikepdf

    loose = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            depth = 0
            for _operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    depth += 1
                elif name == "EMC":
                    depth -= 1
                elif name in PAINTING and depth <= 0:
                    loose.append((number, name))
            if depth != 0:
                loose.append((number, "unbalanced"))
    return loose


def struct_text(path: Path) -> str:
    """The text of the structure tree, as poppler reads it (``pdfinfo -struct-text``)."""
    out = run("pdfinfo", "-struct-text", str(path)).stdout
    return "\n".join(line.strip()[1:-1] for line in out.splitlines() if line.strip().startswith('"'))
