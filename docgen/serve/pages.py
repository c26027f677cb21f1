"""The preview's own pages: the releases (``/``), a release's editions side by side
(``/<slug>/``), a failed build, and not found.

The Jinja2 templates are files in ``templates/`` (``*.html.j2``, with ``preview.css``, the pages'
style), shipped as package data.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DocgenError
from docgen.serve.report import EditionState, ReleaseState, Report

if TYPE_CHECKING:
    from docgen.serve import Preview

FORMAT_LABELS = {"html": "HTML page", "pdf": "PDF", "docx": "DOCX", "txt": "Wire copy"}
_HERE = Path(__file__).parent


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals.update(style=(_HERE / "templates" / "preview.css").read_text("utf-8"), labels=FORMAT_LABELS)
    # The words alone: the file, line and field are shown beside them.
    env.filters["said"] = lambda error: error.message.translated(DocgenError.translate) if error is not None else ""
    return env


_ENV = None


def _template(name: str):
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV.get_template(name)


def render_index(report: Report | None, preview: Preview) -> str:
    batch = report.batch if report else []
    return _template("index.html.j2").render(
        report=report, releases=report.releases if report else (), source=str(preview.source), out=str(preview.out_dir),
        built=sum(1 for o in batch if o.ok and o.written), skipped=sum(1 for o in batch if o.ok and not o.written),
        failed=sum(1 for o in batch if not o.ok))


def render_release(release: ReleaseState, report: Report | None, preview: Preview) -> str:
    return _template("release.html.j2").render(release=release, report=report)


def render_failure(release: ReleaseState, edition: EditionState | None, report: Report | None) -> str:
    return _template("failure.html.j2").render(release=release, edition=edition, report=report)


def render_not_found(path: str) -> str:
    return _template("missing.html.j2").render(path=path)
