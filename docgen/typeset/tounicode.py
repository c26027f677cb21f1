"""ToUnicode maps that name characters beyond the Basic Multilingual Plane correctly.

ReportLab (5.1 and earlier) writes each entry of a subset font's ToUnicode CMap as
``<%04X>`` of the code point, so 𨋢 (U+282E2) becomes ``<282E2>``: five hex digits,
which readers take as U+282E followed by a stray digit, and ``pdftotext``, search,
copy and screen readers get ⠮.  The PDF reference (9.10.3) asks for the destination
in UTF-16BE: ``<D860DEE2>``.  ``install()`` replaces ReportLab's
``ttfonts.makeToUnicodeCMap`` with one that writes UTF-16BE for every character
(identical output for the BMP); it is called before any font is registered.
"""
from __future__ import annotations


def to_unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's CMap for one subset (codes 0..n-1 -> the subset's characters), in UTF-16BE."""
    entries = [f"<{code:02X}> <{chr(point).encode('utf-16-be').hex().upper()}>" for code, point in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        # A bfchar section holds at most 100 entries (PDF reference, 9.7.6.2); a subset has up to 256.
        *[line for start in range(0, len(entries), 100)
          for line in (f"{len(entries[start:start + 100])} beginbfchar", *entries[start:start + 100], "endbfchar")],
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


def install() -> None:
    """Make ReportLab write UTF-16BE ToUnicode entries (once; harmless to repeat)."""
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = to_unicode_cmap
