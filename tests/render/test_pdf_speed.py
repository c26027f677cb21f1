"""What makes the PDF fast changes none of its bytes: ReportLab's C accelerator, and the tables
and caches a process keeps between PDFs (docgen/typeset, docgen/render/pdf*)."""
import hashlib
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
