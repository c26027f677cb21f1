"""The ``docgen`` command.  The only module that prints or chooses exit codes:
0 success, 2 bad input (a ``DocgenError``), 1 a bug."""
from __future__ import annotations

import json
from pathlib import Path

import click

from docgen import __version__
from docgen.errors import DocgenError


def _split(values: tuple[str, ...]) -> list[str]:
    """``-f txt,pdf -f docx`` -> ``[txt, pdf, docx]``, order kept, duplicates dropped."""
    return list(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))


def _report(error: DocgenError) -> None:
    click.secho(f"Error: {error.format_message()}", err=True, fg="red")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """Publish press releases as wire copy, PDF and DOCX from one Markdown source.

    \b
    Examples:
      docgen build source/                      every release, default formats
      docgen build source/2024-02-28-astri-budget.md --format txt --width 72
      docgen check source/*.md                  validate without writing
      docgen dump source/2024-02-28-astri-budget.md --json
    """


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-f", "--format", "formats", multiple=True, metavar="LIST",
              help="Formats to build, comma-separated: txt, json (pdf, docx to come). Default: txt.")
@click.option("-l", "--locale", "locales", multiple=True, metavar="LIST",
              help="Locales (BCP 47) to build, comma-separated. Default: the release's own language.")
@click.option("-o", "--out", "out_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--width", type=click.IntRange(min=20), metavar="N",
              help="Hard-wrap wire copy at N columns (wide characters count 2). Default: unwrapped.")
def build(sources: tuple[str, ...], formats: tuple[str, ...], locales: tuple[str, ...], out_dir: Path, width: int | None) -> None:
    """Build releases into OUT/<slug>/<locale>/<slug>.<ext>.

    SOURCES are release files, folders (searched for *.md) or glob patterns.
    A release with errors is reported and skipped; the others are still built,
    and the exit code is 2.

    \b
    Examples:
      docgen build source/
      docgen build source/2024-02-28-astri-budget.md -f txt --width 72 -o out/
    """
    from docgen import build as builder, i18n, render

    format_list = _split(formats) or list(render.DEFAULT_FORMATS)
    locale_list = _split(locales)
    for name in format_list:
        render.renderer(name)
    for tag in locale_list:
        i18n.context_for(tag)
    paths = builder.find_sources(sources)
    outcomes = builder.build(paths, format_list, locale_list, out_dir, render.Style(wire_width=width))
    written = 0
    for outcome in outcomes:
        if outcome.error:
            _report(outcome.error)
        for path in outcome.written:
            click.echo(f"wrote {path}")
            written += 1
    failed = sum(1 for o in outcomes if o.error)
    click.echo(f"{len(outcomes) - failed} built, {failed} failed, {written} files written", err=True)
    if failed:
        raise SystemExit(2)


@main.command()
@click.argument("sources", nargs=-1, required=True)
def check(sources: tuple[str, ...]) -> None:
    """Validate releases without writing anything.

    \b
    Example:
      docgen check source/
    """
    from docgen import build as builder
    from docgen import sources as readers

    failed = 0
    paths = builder.find_sources(sources)
    for path in paths:
        try:
            readers.read(path)
            click.echo(f"ok {path}")
        except DocgenError as err:
            failed += 1
            _report(err.located(file=path))
    click.echo(f"{len(paths) - failed} valid, {failed} with errors", err=True)
    if failed:
        raise SystemExit(2)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, default=True, help="Print as JSON (the only form, and the default).")
def dump(source: Path, as_json: bool) -> None:
    """Print the canonical model of one release as JSON.

    \b
    Example:
      docgen dump source/2024-02-28-astri-budget.md --json > release.json
    """
    from docgen import sources as readers
    from docgen.jsonio import dump_release

    click.echo(dump_release(readers.read(source)), nl=False)


@main.command()
@click.option("--for", "subject", type=click.Choice(["release", "front-matter", "organisation"]), default="release",
              show_default=True, help="release: the model 'docgen dump' prints; front-matter and organisation: the source files.")
def schema(subject: str) -> None:
    """Print a JSON Schema, for editors and other systems.

    \b
    Examples:
      docgen schema > release.schema.json
      docgen schema --for front-matter      # for YAML editors' autocompletion
    """
    from docgen.jsonio import json_schema
    from docgen.model import Release
    from docgen.sources.spec import FrontMatter, OrganisationProfile

    kind = {"release": Release, "front-matter": FrontMatter, "organisation": OrganisationProfile}[subject]
    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
