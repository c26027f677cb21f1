"""What makes the PDF fast changes none of its bytes: ReportLab's C accelerator, and the tables
and caches a process keeps between PDFs (docgen/typeset, docgen/render/pdf*)."""
import hashlib
import io
import os
import subprocess
import sys

from docgen.i18n import context_for
from docgen.render.pdf import render
from docgen.style import Style
from tests.conftest import ROOT
from tests.render.test_pdf import seed

_RENDER = """
import hashlib, sys
{prelude}
from tests.render.test_pdf import seed
from docgen.i18n import context_for
from docgen.render.pdf import render
from docgen.style import Style
for locale in ("en", "zh-Hant-HK", "zh-Hans-CN"):
    print(locale, hashlib.sha256(render(seed(locale), context_for(locale, "PRNewswire"), Style())).hexdigest())
"""


def _digests(prelude: str = "") -> dict[str, str]:
    """The seed's three PDFs made in a new process (after *prelude*), by their sha256."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1709107200"}
    out = subprocess.run([sys.executable, "-c", _RENDER.format(prelude=prelude)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    return dict(line.split() for line in out.splitlines())


def test_the_pdf_is_the_same_with_and_without_reportlabs_c_accelerator():
    from reportlab.lib import rl_accel

    assert "fp_str" in rl_accel._c_funcs  # a dependency of docgen: the C path is the one users get
    with_c = _digests()
    without = _digests("sys.modules['_rl_accel'] = None  # ReportLab falls back to its Python code")
    assert with_c == without and len(with_c) == 3


def test_a_pdf_made_after_others_in_one_process_is_the_pdf_a_new_process_makes(monkeypatch):
    """The font set's tables, the fonts' glyph tables and subsets kept between PDFs change nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709107200")
    made = {}
    for locale in ("zh-Hant-HK", "en", "zh-Hans-CN", "en", "zh-Hant-HK"):
        data = render(seed(locale), context_for(locale, "PRNewswire"), Style())
        made.setdefault(locale, set()).add(hashlib.sha256(data).hexdigest())
    assert all(len(digests) == 1 for digests in made.values())
    assert {locale: digests.pop() for locale, digests in made.items()} == _digests()


def test_every_stream_but_the_metadata_is_compressed(tmp_path):
    """ReportLab leaves its streams uncompressed and qpdf compresses them, once (pdf.py): the
    pages, the embedded font subsets and their ToUnicode maps all come out Flate-compressed."""
    import pikepdf

    data = render(seed("zh-Hant-HK"), context_for("zh-Hant-HK", "PRNewswire"), Style())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        kinds = {str(o.get("/Type", o.get("/Subtype", "/page or font"))) for o in streams}
        loose = [o.objgen for o in streams if o.get("/Type") != pikepdf.Name.Metadata and o.get("/Filter") != pikepdf.Name.FlateDecode]
        font_files = [(len(o.read_raw_bytes()), len(o.read_bytes())) for o in streams if "/Length1" in o]
    assert loose == [] and len(font_files) >= 3 and len(streams) >= 8, kinds
    assert all(raw < decoded for raw, decoded in font_files)


def test_the_searches_that_find_another_language_agree_with_the_character_rules():
    """A span's language is found by one regular-expression search: it must find exactly the
    characters the per-character rules (``clreq.is_han``; a lower case from a to z) name."""
    import sys

    from docgen.render.pdf_text import _other_language
    from docgen.typeset import clreq

    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        assert clreq.has_han(f"ab{char}") == clreq.is_han(char), hex(code)
        assert (_other_language(f"一{char}", True, "en-GB") == "en-GB") == ("a" <= char.lower() <= "z"), hex(code)
    assert _other_language("Hong Kong", False, "en-GB") is None and _other_language("《2024》", True, "en-GB") is None
