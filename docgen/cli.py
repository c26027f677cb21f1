"""The ``docgen`` command.  The only module that prints or chooses exit codes:
0 success, 2 bad input (a ``DocgenError``), 1 a bug."""
from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

import click

from docgen import __version__
from docgen.errors import DocgenError, Message


def _split(values: tuple[str, ...]) -> list[str]:
    """``-f txt,pdf -f docx`` -> ``[txt, pdf, docx]``, order kept, duplicates dropped."""
    return list(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))


def _(message: str) -> str:
    """docgen's own words on the terminal, in the user's language: the second translation
    channel, apart from the release's.  English where it is not supported."""
    language = _user_language()
    if language in _ENGLISH:
        return message  # docgen's words are written in English: no catalogue to read, no locale to parse
    return _terminal(language).gettext(message)


_ENGLISH = frozenset({"en", "C", "POSIX", "en_US", "en_GB", "en_HK", "en_AU", "en_CA", "en_NZ", "en_IE", "en_SG", "en_IN"})


def _user_language() -> str:
    """The user's language as GNU gettext finds it: LANGUAGE, LC_ALL, LC_MESSAGES, LANG.

    Not LC_CTYPE (Babel's default_locale reads it): Python's C-locale coercion sets
    LC_CTYPE=C.UTF-8 when the system lacks the user's locale, as a fresh Debian lacks
    zh_HK.UTF-8, and that would hide LANG=zh_HK.UTF-8.
    """
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(":")[0]
        if value:
            return value.partition(".")[0].partition("@")[0]
    return "en"


@functools.lru_cache(maxsize=4)
def _terminal(user_locale: str):
    """The context for the user's locale: made once, not once per printed line."""
    from docgen.i18n import context_for, locale_tag

    try:
        return context_for(locale_tag(user_locale))
    except (DocgenError, ValueError):
        return context_for("en")


def _report(error: DocgenError) -> None:
    for each in error.every():  # every problem found in the file, not only the first
        click.secho(_("Error: {message}").format(message=each.format_message()), err=True, fg="red")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="docgen")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Publish press releases as wire copy, PDF and DOCX from one Markdown source.

    \b
    Examples:
      docgen init                               start a project here (asks for the organisation)
      echo "The lead." | docgen new "Headline"  a new release, its first paragraph piped in
      docgen build source/                      every release, default formats
      docgen build source/2024-02-28-astri-budget.md --format txt --width 72
      docgen check source/*.md                  validate without writing
      docgen dump source/2024-02-28-astri-budget.md --json
      docgen import archive/old-release.txt --org astri   wire copy or .docx into a source
      docgen serve source/                      preview in a browser, rebuilt as you write
    """
    # Error messages in the user's language too, wherever they are printed.
    DocgenError.translate = _
    # docgen.yaml, in this folder or above: its settings are the commands' defaults, which
    # options on the command line override (click's default_map).
    from docgen import project

    try:
        found = project.current()
    except DocgenError as err:
        _report(err)
        raise SystemExit(2) from None
    if found is not None:
        ctx.default_map = _project_defaults(found, main)


def _project_defaults(found, group: click.Group) -> dict:
    """The project's settings as defaults for each command that takes them."""
    settings = found.settings
    common = {"style_path": settings.style and str(found.path(settings.style)), "locales_dir": str(found.path(settings.translations))}
    editions = {"locales": settings.locales and (",".join(settings.locales),),
                "allow_partial": settings.allow_partial or None}
    per_command = {
        "build": {**common, **editions, "sources": tuple(str(found.path(s)) for s in settings.sources),
                  "formats": settings.formats and (",".join(settings.formats),), "out_dir": str(found.path(settings.out)),
                  "wire": settings.wire, "jobs": settings.jobs, "require_review": settings.require_review or None},
        "check": {**common, "sources": tuple(str(found.path(s)) for s in settings.sources)},
        "serve": {**common, **editions, "source": str(found.path(settings.sources[0]))},
    }

    def defaults(command: click.Command, name: str) -> dict:
        names = {param.name for param in command.params}
        chosen = {key: value for key, value in per_command.get(name, common).items() if value is not None and key in names}
        if isinstance(command, click.Group):
            chosen.update({sub: defaults(cmd, sub) for sub, cmd in command.commands.items()})
        return chosen

    return {name: defaults(command, name) for name, command in group.commands.items()}


_ALLOW_OUTSIDE = click.option("--allow-outside", is_flag=True,
                              help="Allow photos, fonts, logos and reference documents outside the project or style folder.")
_LOCALES_DIR = click.option("--locales", "locales_dir", default="locales", show_default=True,
                            type=click.Path(file_okay=False, path_type=Path), help="Folder of the translation catalogues.")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-f", "--format", "formats", multiple=True, metavar="LIST",
              help="Formats to build, comma-separated: txt, pdf, docx, json, and review (a bilingual proof, DOCX and PDF, "
                   "for each --locale other than the release's own). Default: txt, pdf, docx.")
@click.option("-l", "--locale", "locales", multiple=True, metavar="LIST",
              help="Locales (BCP 47: en, zh-Hant-HK) to build, comma-separated. Default: the release's own language.")
@click.option("-o", "--out", "out_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--wire", metavar="NAME",
              help="Wire service for every release (PRNewswire, BusinessWire, GlobeNewswire, MediaOutReach, ACNNewswire, "
                   "ACCESSWIRE, hksarg, none, or a project's own in wires/), overriding releases and profiles.")
@click.option("--width", type=click.IntRange(min=20), metavar="N",
              help="Hard-wrap wire copy at N columns (wide characters count 2). Default: unwrapped.")
@click.option("--style", "style_path", type=click.Path(path_type=Path), metavar="PATH",
              help="House style: a style.yaml or the folder holding one. Default: docgen's templates/default.")
@_LOCALES_DIR
@click.option("--allow-partial", is_flag=True,
              help="Publish a translation that lacks segments, using the source text for them (with a warning).")
@click.option("--require-review", is_flag=True,
              help="Refuse an edition with translations converted from another locale (zh-Hans-CN from zh-Hant-HK) "
                   "that nobody reviewed. Default: they are published, with a warning.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N", help="Worker processes, at most the cores. Default: all cores.")
@_ALLOW_OUTSIDE
@click.option("--force", is_flag=True, help="Rebuild every output, changed or not, and let a release replace outputs "
                                           "another source wrote under its slug.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print each output left as it was, and the project file and style used.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report on standard output (for CI).")
def build(sources: tuple[str, ...], formats: tuple[str, ...], locales: tuple[str, ...], out_dir: Path, wire: str | None, width: int | None,
          style_path: Path | None, locales_dir: Path, allow_partial: bool, require_review: bool, jobs: int | None, allow_outside: bool,
          force: bool, quiet: bool, verbose: bool, as_json: bool) -> None:
    """Build releases into OUT/<slug>/<locale>/<slug>.<ext>.

    SOURCES are release files, folders (searched for *.md) or glob patterns.
    Only outputs whose sources, profile, catalogues, style, fonts or docgen
    version changed are rebuilt (--force rebuilds all).  A release with
    errors is reported and skipped; the others are still built, and the exit
    code is 2.  A release is written whole or not at all.  A release that
    meets a bug in docgen is reported in one line, its traceback goes to a
    log file, the others are still built, and the exit code is 1.  A
    translation is published only when every segment is translated and
    passes the checks (see 'docgen i18n').  Ctrl-C stops with exit code 130.

    \b
    Examples:
      docgen build source/
      docgen build source/ --locale en,zh-Hant-HK --jobs 4
      docgen build source/2024-02-28-astri-budget.md -f txt --width 72 -o out/
      docgen build source/ -f pdf --style templates/myhouse
      docgen build source/ --json > report.json
    """
    try:
        code = _build(sources, formats, locales, out_dir, wire, width, style_path, locales_dir, allow_partial, require_review, jobs,
                      allow_outside, force, quiet, as_json, verbose and not quiet)
    except KeyboardInterrupt:
        # Each release is written whole or not at all, and the manifest is saved: the next build goes on.
        click.echo(err=True)
        click.secho(_("Interrupted: every output written is whole; the next build goes on from here."), err=True, fg="yellow")
        # Leave without Python's exit handlers: they join the worker pool's manager thread,
        # which may wait forever for the rest of a result a stopped worker was sending.
        # Everything is written and closed by now; the workers are stopped (build._stop).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    if code:
        raise SystemExit(code)


def _build(sources, formats, locales, out_dir, wire, width, style_path, locales_dir, allow_partial, require_review, jobs, allow_outside,
           force, quiet, as_json, verbose=False) -> int:
    """``docgen build``; its exit code: 1 when a release met a bug, 2 when one had bad input."""
    from docgen import build as builder, i18n, render
    from docgen.housestyle import HouseStyle

    asked = _split(formats)
    one_file = builder.format_of_file(Path(out_dir)) if not Path(out_dir).is_dir() else None
    if one_file and not asked:
        asked = [one_file]  # -o release.pdf: the name says the format, as pandoc reads it
    format_list = asked or list(render.DEFAULT_FORMATS)
    for name in format_list:
        builder.check_format(name)
    locale_list = [i18n.locale_tag(tag, Path(locales_dir)) for tag in _split(locales)]
    if sources == ("-",):
        return _build_stdin(format_list, locale_list, locales_dir, wire, width, style_path, allow_partial, require_review, allow_outside)
    paths = builder.find_sources(sources)
    if one_file:
        if len(paths) != 1 or format_list != [one_file]:
            raise DocgenError("-o {out} names a file: give one release and its one format ({format}), or name a folder",
                              field="--out", out=out_dir, format=one_file)
    if wire:
        from docgen import wires

        try:
            wires.find(wire, start=paths[0])
        except DocgenError as err:
            raise DocgenError(err.message, field="--wire") from None
    notes = []
    if builder.REVIEW in format_list and not locale_list:
        notes.append(_("Note: --format review makes a proof for each --locale other than a release's own language: "
                       "name the locales to proof"))
    cores = builder.default_jobs()
    if jobs and jobs > cores:
        # Workers beyond the cores only compete for them, and each costs memory.
        notes.append(_("Note: --jobs {jobs} is more than the {cores} cores here; using {cores}").format(jobs=jobs, cores=cores))
        jobs = cores
    settings = builder.Settings(formats=format_list, locales=locale_list, out_dir=out_dir,
                                house=HouseStyle(style_path, allow_outside=allow_outside, wire_width=width),
                                locales_dir=locales_dir, allow_partial=allow_partial, require_review=require_review, force=force,
                                jobs=jobs or cores, allow_outside=allow_outside, wire=wire)
    if not (quiet or as_json):
        for note in notes:
            click.echo(note, err=True)
    if verbose and not as_json:
        from docgen import project

        found = project.current()
        click.echo(_("project file: {path}").format(path=found.file if found else _("none")), err=True)
        click.echo(_("style: {path}").format(path=style_path or _("docgen's default")), err=True)
    start = time.perf_counter()
    show_bar = not (quiet or as_json) and sys.stderr.isatty() and len(paths) > 1
    if one_file:
        batch = builder.Batch([builder.build_file(paths[0], settings, Path(out_dir))])
    else:
        with click.progressbar(length=len(paths), label="Building", file=sys.stderr) if show_bar else _NoBar() as bar:
            batch = builder.build(paths, settings, progress=lambda outcome: bar.update(1))
    log = _write_log(batch)
    _report_build(batch, time.perf_counter() - start, quiet=quiet, as_json=as_json, log=log, notes=notes, style_warnings=settings.house.warnings,
                  verbose=verbose)
    if any(o.internal for o in batch):
        return 1
    if batch.errors or any(o.errors for o in batch):
        return 2
    return 0


def _build_stdin(format_list, locale_list, locales_dir, wire, width, style_path, allow_partial, require_review, allow_outside) -> int:
    """``docgen build -``: one release from standard input, one edition in one format to standard output."""
    from docgen import build as builder, render, sources
    from docgen.housestyle import HouseStyle

    if len(format_list) != 1 or len(locale_list) > 1:
        raise DocgenError("a release from standard input is built in one format and one locale, to standard output (-f txt -l en)",
                          field="--format")
    [fmt] = format_list
    if fmt in BINARY_FORMATS and sys.stdout.isatty():
        raise DocgenError("{format} is not text: redirect standard output to a file, or use -o FILE", field="--format", format=fmt)
    text = _read_stdin()
    house = HouseStyle(style_path, allow_outside=allow_outside, wire_width=width)
    house.load()  # a style that cannot be used is the command's fault, raised, not the release's
    settings = builder.Settings(formats=format_list, locales=locale_list, house=house, locales_dir=locales_dir,
                                allow_partial=allow_partial, require_review=require_review, allow_outside=allow_outside, wire=wire)
    result = builder.render_release(sources.STDIN, settings, text=text)
    if result.internal is not None:
        click.secho(_("Error: {message}").format(message=f"{sources.STDIN}: {result.internal.summary}"), err=True, fg="red")
        return 1
    for error in [result.error, *result.failed.values()]:
        if error is not None:
            _report(error)
            return 2
    [(name, data)] = [(n, d) for n, d in result.outputs.items() if result.formats[n] == fmt and n.endswith("." + render.extension(fmt))]
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0


BINARY_FORMATS = frozenset({"pdf", "docx", "review"})


def _read_stdin() -> str:
    """Standard input as a release's text, by the rules a release file is read by."""
    from docgen.sources import STDIN
    from docgen.sources.textfile import MAX_FILE_BYTES, decode

    return decode(sys.stdin.buffer.read(MAX_FILE_BYTES + 1), STDIN)


def _write_log(batch) -> str | None:
    """Write the tracebacks of the releases that met a bug to a log file; its path.

    The terminal gets one line per release: a traceback there would bury the report."""
    crashed = [o for o in batch if o.internal]
    if not crashed:
        return None
    import platform
    import tempfile

    text = "".join(f"== {o.source}\n{o.internal.traceback}\n" for o in crashed)
    header = f"docgen {__version__}, Python {platform.python_version()}, {platform.platform()}\n$ {' '.join(sys.argv)}\n\n"
    try:
        handle, path = tempfile.mkstemp(prefix="docgen-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(header + text)
    except OSError:
        click.echo(text, err=True)  # no log file: the tracebacks themselves
        return None
    return path


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass


def _report_build(batch, seconds: float, *, quiet: bool, as_json: bool, log: str | None = None, notes=(), style_warnings=(),
                  verbose: bool = False) -> None:
    failed = [o for o in batch if not o.ok]
    built = [o for o in batch if o.written and o.ok]
    skipped = [o for o in batch if o.ok and not o.written]
    if as_json:
        report = {
            "built": len(built), "skipped": len(skipped), "failed": len(failed), "seconds": round(seconds, 3),
            "releases": [{"source": str(o.source), "status": "built" if o.ok and o.written else "skipped" if o.ok else "failed",
                          "written": [str(p) for p in o.written], "skipped": [str(p) for p in o.skipped],
                          "error": _internal_error(o) if o.internal else o.errors[0].format_message() if o.errors else None,
                          "more_errors": [e.format_message() for e in o.errors[0].more] if o.errors and not o.internal else [],
                          "internal_error": o.internal is not None,
                          "failed_editions": [{"locale": tag, "status": "failed", "error": err.format_message()} for tag, err in o.failed],
                          "warnings": list(o.warnings)}
                         for o in batch],
            "errors": [err.format_message() for err in batch.errors],
            "warnings": [_said(w) for w in (*style_warnings, *batch.warnings)] + list(notes),
            "log": log,
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for warning in (*style_warnings, *batch.warnings):  # the style's: a reference document made safe
        click.secho(_("Warning: {message}").format(message=_said(warning)), err=True, fg="yellow")
    for outcome in batch:
        if outcome.internal:
            click.secho(_("Error: {message}").format(message=f"{outcome.source}: {_internal_error(outcome)}"), err=True, fg="red")
        if outcome.error:
            _report(outcome.error)
        # One fault of the release's text fails every edition alike: say it once.
        for message in dict.fromkeys(error.format_message() for _tag, error in outcome.failed):
            click.secho(_("Error: {message}").format(message=message), err=True, fg="red")
        for warning in outcome.warnings:
            click.secho(_("Warning: {source}: {warning}").format(source=outcome.source, warning=_said(warning)), err=True, fg="yellow")
        if not quiet:
            for path in outcome.written:
                click.echo(_("wrote {path}").format(path=path))
        if verbose:
            for path in outcome.skipped:
                click.echo(_("up to date {path}").format(path=path))
    for error in batch.errors:
        _report(error)
    crashed = sum(1 for o in batch if o.internal)
    if crashed:
        click.secho(_("{count} release(s) met a bug in docgen; the others were built. The tracebacks are in {log}: please report them.")
                    .format(count=crashed, log=log or _("the output above")), err=True, fg="red")
    if not quiet:
        files = sum(len(o.written) for o in batch)
        summary = _("{built} built, {skipped} skipped, {failed} failed ({files} files written) in {seconds} s")
        click.echo(summary.format(built=len(built), skipped=len(skipped), failed=len(failed), files=files, seconds=f"{seconds:.2f}"), err=True)


def _internal_error(outcome) -> str:
    return _("internal error in docgen: {reason}").format(reason=outcome.internal.summary)


@main.command()
@click.argument("source", default="source", type=click.Path(exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this computer only).")
@click.option("-p", "--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one (the address is printed).")
@click.option("-l", "--locale", "locales", multiple=True, metavar="LIST",
              help="Locales to build, comma-separated. Default: each release's own language and every locale with a catalogue of it.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the outputs in this folder. Default: a temporary folder, removed when the server stops.")
@click.option("--style", "style_path", type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="House style: a style.yaml or the folder holding one. Default: docgen's templates/default.")
@_LOCALES_DIR
@click.option("--allow-partial", is_flag=True, help="Show a translation that lacks segments, using the source text for them.")
@_ALLOW_OUTSIDE
def serve(source: Path, host: str, port: int, locales: tuple[str, ...], out_dir: Path | None, style_path: Path | None, locales_dir: Path,
          allow_partial: bool, allow_outside: bool) -> None:
    """Preview releases in a browser while you write them: build SOURCE (a folder
    of releases, default source/) as HTML, PDF, DOCX and wire copy, serve them on
    http://127.0.0.1:8000/, and rebuild when a source, organisation profile,
    catalogue or the style changes; open pages reload by themselves.  Only
    what changed is rebuilt.  A release whose build fails shows its error
    (file, line, field) in the page.  Ctrl-C stops the server (exit code 0) and
    removes the temporary output folder.

    \b
    Examples:
      docgen serve
      docgen serve source/ --locale en,zh-Hant-HK --port 0
      docgen serve source/ --style templates/myhouse --out preview/
    """
    import signal
    import threading

    from docgen import i18n
    from docgen import serve as previewing

    locale_list = [i18n.locale_tag(tag, Path(locales_dir)) for tag in _split(locales)]

    def built(report) -> None:
        log = _write_log(report.batch)
        _report_build(report.batch, report.seconds, quiet=True, as_json=False, log=log,
                      style_warnings=() if report.changes else report.style_warnings)
        for error in report.errors:
            if error not in report.batch.errors:
                _report(error)
        batch = report.batch
        summary = _("{built} built, {skipped} skipped, {failed} failed ({files} files written) in {seconds} s")
        click.echo(summary.format(built=sum(1 for o in batch if o.ok and o.written), skipped=sum(1 for o in batch if o.ok and not o.written),
                                  failed=sum(1 for o in batch if not o.ok), files=sum(len(o.written) for o in batch),
                                  seconds=f"{report.seconds:.2f}"), err=True)

    def trouble(error: BaseException) -> None:
        click.secho(_("Warning: {message}").format(message=f"{type(error).__name__}: {error}"), err=True, fg="yellow")

    def stop(signum, frame):
        raise KeyboardInterrupt

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stop) if main_thread else None  # a stop by the system removes the folder too
    preview = previewing.Preview(source, locales=locale_list, out_dir=out_dir, style_path=style_path, locales_dir=locales_dir,
                                 allow_partial=allow_partial, allow_outside=allow_outside, host=host, port=port,
                                 on_build=built, on_error=trouble)
    try:
        if preview.temporary:
            click.echo(_("Building into {path} (a temporary folder, removed when the server stops)").format(path=preview.out_dir), err=True)
        with preview:
            click.echo(_("Watching {folders}").format(folders=", ".join(map(str, preview.watched()))), err=True)
            click.echo(_("Serving {url} (Ctrl-C to stop)").format(url=preview.url))
            preview.wait()
    except previewing.ListenError as err:
        click.secho(_("Error: {message}").format(message=_("cannot listen on {address}: {reason}").format(
            address=f"{err.host}:{err.port}", reason=err.reason)), err=True, fg="red")
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        click.echo(err=True)
        click.echo(_("Stopped."), err=True)
    finally:
        preview.close()
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@_ALLOW_OUTSIDE
@click.option("--style", "style_path", type=click.Path(path_type=Path), metavar="PATH",
              help="Also check a house style: its fonts, logo and reference document.")
def check(sources: tuple[str, ...], allow_outside: bool, style_path: Path | None) -> None:
    """Validate releases (and, with --style, a house style) without writing anything.

    \b
    Example:
      docgen check source/ --style templates/myhouse
    """
    from docgen import build as builder
    from docgen import sources as readers

    failed = 0
    if style_path is not None:
        from docgen.style import load_style

        for warning in load_style(style_path, allow_outside=allow_outside).warnings:
            click.secho(_("Warning: {message}").format(message=_said(warning)), err=True, fg="yellow")
    paths = [readers.STDIN] if sources == ("-",) else builder.find_sources(sources)
    for path in paths:
        try:
            if path == readers.STDIN:
                readers.read(path, allow_outside=allow_outside, text=_read_stdin())
            else:
                builder.check_release(path, allow_outside=allow_outside)
            click.echo(_("ok {path}").format(path=path))
        except DocgenError as err:
            failed += 1
            _report(err.located(file=path))
    click.echo(_("{valid} valid, {failed} with errors").format(valid=len(paths) - failed, failed=failed), err=True)
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

    if str(source) == "-":
        click.echo(dump_release(readers.read(readers.STDIN, text=_read_stdin())), nl=False)
    else:
        click.echo(dump_release(readers.read(source)), nl=False)


def _interactive() -> bool:
    """Whether a person is there to answer: standard input is a terminal."""
    return sys.stdin.isatty()


@main.command(name="init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The organisation's full name (the SOURCE line, the letterhead).")
@click.option("--short-name", help="Its short name, for \"About ...\". Default: the full name.")
@click.option("--org-id", metavar="ID", help="The profile's id: source/organisations/ID.yaml. Default: from the short name.")
@click.option("--city", help="The dateline city, as the wire should print it.")
@click.option("--website", metavar="URL", help="The organisation's website.")
@click.option("--about", metavar="TEXT", help="The boilerplate under \"About ...\", in Markdown. Default: none.")
@click.option("--wire", metavar="NAME", help="The wire service that carries the releases. Default: none (your own newsroom).")
@click.option("-l", "--locale", metavar="LIST", help="Editions to build, comma-separated. Default: en.")
@click.option("-f", "--format", metavar="LIST", help="Output formats, comma-separated. Default: txt, pdf, docx.")
@click.option("-y", "--yes", is_flag=True, help="Ask nothing: take the defaults, fail when a required answer is not given.")
def init_(folder: Path, yes: bool, **given) -> None:
    """Make a project in FOLDER (default: here): docgen.yaml, the organisation's
    profile in source/organisations/ with every field explained, locales/ and a
    .gitignore for the output folder.  What only you can say (the name, the
    city, the boilerplate) is asked in a terminal, or given as options; an
    existing project file or profile is never overwritten.

    \b
    Examples:
      docgen init
      docgen init newsroom --name "Example Research Institute" --short-name ERI --city "Hong Kong" --yes
    """
    from docgen import scaffold

    def ask(question, default):
        return click.prompt(_(question.prompt), default=default if default is not None else "" if not question.required else None,
                            show_default=default is not None)

    answers = scaffold.answered(given, ask=None if yes or not _interactive() else ask)
    for path in scaffold.init_project(folder, answers):
        click.echo(_("wrote {path}").format(path=path))
    click.echo(_("Next: docgen new \"Headline\" (with its first paragraph), then docgen build"), err=True)


@main.command()
@click.argument("headline")
@click.option("--org", metavar="ID", help="The organisation (organisations/ID.yaml). Default: the only profile.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The date of issue. Default: today.")
@click.option("--city", metavar="NAME", help="The dateline city. Default: the profile's.")
@click.option("--slug", metavar="WORDS", help="The file name after the date. Default: from the headline.")
@click.option("--body", "body_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), metavar="FILE",
              help="The body (Markdown, its first paragraph first), or - for standard input.")
def new(headline: str, org: str | None, date_text: str | None, city: str | None, slug: str | None, body_file: Path | None) -> None:
    """Write a new release, source/<date>-<slug>.md, and print its path.

    The body comes from you, never from docgen: piped on standard input, from
    --body FILE, or, in a terminal, typed in $EDITOR (or at a prompt).  A release
    needs at least its first paragraph, since the dateline runs into it.

    \b
    Examples:
      echo "ERI today opened a laboratory for green finance." | docgen new "ERI opens a green finance lab"
      docgen new "ERI opens a green finance lab" --body lead.md --date 2024-09-05
    """
    from docgen import scaffold

    plan = scaffold.plan_release(scaffold.release_folder(Path.cwd()), headline, org=org, date=scaffold.parse_date(date_text),
                                 city=city, slug=slug)
    body, origin = _new_body(body_file, plan.headline)
    path = scaffold.write_release(plan, body, origin)
    click.echo(os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path))


def _new_body(body_file: Path | None, headline: str) -> tuple[str, str]:
    """The body of a new release and where it came from: a file, standard input when it is not a
    terminal, else the editor ($VISUAL or $EDITOR) or a prompt for the first paragraph."""
    from docgen import scaffold

    if body_file is not None and str(body_file) != "-":
        try:
            return scaffold.body_text(body_file.read_bytes(), str(body_file)), str(body_file)
        except OSError as err:
            raise DocgenError("cannot read: {reason}", file=body_file, reason=err.strerror) from None
    if body_file is not None or not _interactive():
        origin = _("standard input")
        return scaffold.body_text(sys.stdin.buffer.read(), origin), origin
    if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
        notes = "\n".join("# " + line for line in [headline, "", *_wrap(_(scaffold.EDITOR_HELP))])
        written = click.edit(f"\n\n{scaffold.SCISSORS}\n{notes}\n", extension=".md", require_save=True)
        return scaffold.body_text(written, _("the editor")), _("the editor")
    origin = _("the prompt")
    return scaffold.body_text(click.prompt(_("First paragraph (the dateline runs into it)")), origin), origin


def _wrap(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, 78)


@main.command()
def config() -> None:
    """Print the project's settings (docgen.yaml) and where each comes from.

    docgen looks for docgen.yaml in this folder and each folder above it, as
    git and mkdocs do; its folder is the project root, and its paths are
    relative to it.  Options on the command line override these settings.
    """
    import dataclasses

    from docgen import project

    found = project.current()
    if found is None:
        click.echo(_("No {file} in {folder} or above it: every command uses its own defaults.").format(
            file=project.FILE, folder=Path.cwd()))
        return
    click.echo(_("Project: {root} ({file})").format(root=found.root, file=found.file))
    for item in dataclasses.fields(found.settings):
        value = getattr(found.settings, item.name)
        shown = (", ".join(value) if isinstance(value, tuple) else _("none") if value is None
                 else str(value).lower() if isinstance(value, bool) else str(value))
        where = f"{project.FILE}:{found.lines[item.name]}" if item.name in found.lines else _("default")
        click.echo(f"{item.name}: {shown}  ({where})")


@main.command()
@click.option("--for", "subject", type=click.Choice(["release", "front-matter", "organisation", "wire"]), default="release",
              show_default=True, help="release: the model 'docgen dump' prints; front-matter, organisation and wire: the source files.")
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

    from docgen.wires import WireFile

    kind = {"release": Release, "front-matter": FrontMatter, "organisation": OrganisationProfile, "wire": WireFile}[subject]
    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))


@main.group()
def i18n() -> None:
    """Translation catalogues (gettext, managed with Babel).

    Release content is cut into one message per block (the block id as
    msgctxt) in locales/<slug>.pot; what all releases of an organisation share
    is in locales/organisation-<id>.pot.  --docgen works on docgen's own words.

    \b
    The cycle:
      docgen i18n init -l zh-Hant-HK source/x.md   create the catalogues to translate
      docgen i18n update source/x.md               after the English changed: changes become fuzzy
      docgen i18n stats source/x.md                translated / fuzzy / untranslated
      docgen i18n check source/x.md                numbers, URLs, placeholders, glossary
      docgen i18n compile source/x.md              .mo files, only from catalogues that pass
    """


def _i18n_command(function):
    """The arguments every i18n command shares."""
    function = click.argument("sources", nargs=-1)(function)
    function = click.option("--docgen", "own", is_flag=True, help="docgen's own words instead of release content.")(function)
    function = _LOCALES_DIR(function)
    return i18n.command(name=function.__name__.rstrip("_"))(function)


def _domains(sources: tuple[str, ...], own: bool, locales_dir: Path):
    from docgen import build as builder
    from docgen import sources as readers
    from docgen.i18n import workflow

    if own:
        return [workflow.docgen_domain()]
    if not sources:
        raise click.UsageError("name the release SOURCES, or give --docgen")
    return workflow.release_domains([readers.read(p) for p in builder.find_sources(sources)], locales_dir)


def _locale_infos(locales: tuple[str, ...], locales_dir: Path):
    from docgen.i18n import parse_locale

    return [parse_locale(tag, Path(locales_dir)) for tag in _split(locales)] or None


@_i18n_command
def extract(sources, own, locales_dir) -> None:
    """Write the message templates (.pot) of SOURCES.

    \b
    Example:
      docgen i18n extract source/2024-02-28-astri-budget.md
    """
    from docgen.i18n import workflow

    domains = _domains(sources, own, locales_dir)
    written = workflow.extract(domains)
    for path in written:
        click.echo(_("wrote {path}").format(path=path))
    click.echo(_("{templates} templates, {changed} changed").format(templates=len(domains), changed=len(written)), err=True)


@click.option("-l", "--locale", "locales", multiple=True, required=True, metavar="LIST", help="Locales to create catalogues for.")
@_i18n_command
def init(sources, own, locales_dir, locales) -> None:
    """Create the catalogues (.po) a translator fills in; existing ones are kept.

    \b
    Example:
      docgen i18n init -l zh-Hant-HK source/2024-02-28-astri-budget.md
    """
    from docgen.i18n import workflow

    for path in workflow.init(_domains(sources, own, locales_dir), _locale_infos(locales, locales_dir)):
        click.echo(_("wrote {path}").format(path=path))


@click.option("-l", "--locale", "locales", multiple=True, metavar="LIST", help="Locales to update. Default: all.")
@_i18n_command
def update(sources, own, locales_dir, locales) -> None:
    """Bring catalogues up to date with the English: changed segments become
    fuzzy, removed ones obsolete, translations are kept.

    \b
    Example:
      docgen i18n update source/2024-02-28-astri-budget.md
    """
    from docgen.i18n import workflow

    for path in workflow.update(_domains(sources, own, locales_dir), _locale_infos(locales, locales_dir)):
        click.echo(_("updated {path}").format(path=path))


@click.option("-l", "--locale", "locales", multiple=True, metavar="LIST", help="Locales to count. Default: all.")
@_i18n_command
def stats(sources, own, locales_dir, locales) -> None:
    """Translated, fuzzy and untranslated messages per catalogue (as msgfmt --statistics counts them).

    \b
    Example:
      docgen i18n stats source/
    """
    from docgen.i18n import workflow

    for path, counts in workflow.stats(_domains(sources, own, locales_dir), _locale_infos(locales, locales_dir)):
        click.echo(f"{path}: {counts}")


@click.option("-l", "--locale", "locales", multiple=True, metavar="LIST", help="Locales to check. Default: all.")
@_i18n_command
def check_(sources, own, locales_dir, locales) -> None:
    """Check translations: numbers, URLs, e-mail addresses, phone numbers,
    {placeholders}, the glossary's organisation names, English left in a Chinese
    translation, and what msgfmt refuses.  Exit code 2 on a problem.  A translator
    vouches for an entry the checks doubt with a '# docgen-accept: <why>'
    comment; such entries are listed, not refused.

    \b
    Example:
      docgen i18n check source/
    """
    from docgen.i18n import workflow

    problems = workflow.check(_domains(sources, own, locales_dir), _locale_infos(locales, locales_dir))
    _fail_on(problems)
    click.echo(_("no problems found"), err=True)


@click.option("-l", "--locale", "locales", multiple=True, metavar="LIST", help="Locales to compile. Default: all.")
@_i18n_command
def compile_(sources, own, locales_dir, locales) -> None:
    """Compile catalogues to .mo; a catalogue with problems gets none (exit code 2).

    \b
    Example:
      docgen i18n compile --docgen
    """
    from docgen.i18n import workflow

    written, problems = workflow.compile(_domains(sources, own, locales_dir), _locale_infos(locales, locales_dir))
    for path in written:
        click.echo(_("wrote {path}").format(path=path))
    _fail_on(problems)


@i18n.group()
def tm() -> None:
    """The translation memory: every approved translation of an organisation's
    releases (in locales/), and TMX files imported into locales/memory/.  'i18n
    init' and 'update' fill a new segment from it: the same English as it was
    translated, a close one (75% or more alike) as fuzzy.

    \b
    Examples:
      docgen i18n tm export -l zh-Hant-HK -o astri.tmx --org astri
      docgen i18n tm import agency.tmx --org astri
    """


@tm.command(name="export")
@click.option("--org", metavar="ID", help="The organisation (organisations/ID.yaml). Default: the only one in the catalogues.")
@click.option("-l", "--locale", "locale", required=True, metavar="LOCALE", help="The language of the translations (zh-Hant-HK).")
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The TMX file to write.")
@_LOCALES_DIR
def tm_export(org: str | None, locale: str, out: Path, locales_dir: Path) -> None:
    """Write every approved translation of an organisation's releases as TMX 1.4b.

    \b
    Example:
      docgen i18n tm export -l zh-Hant-HK -o astri.zh-Hant-HK.tmx
    """
    from docgen.files import write_atomic
    from docgen.i18n import memory, parse_locale, tmx

    info = parse_locale(locale, Path(locales_dir))
    organisation, units = memory.export_units(Path(locales_dir), org, info)
    write_atomic(out, tmx.write_tmx(units, info.tag, organisation=organisation))
    click.echo(_("wrote {path}").format(path=out))
    count = len({(u.context, u.english, u.translation) for u in units})
    click.echo(_("{count} translation(s) into {locale}").format(count=count, locale=info.tag), err=True)


@tm.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", metavar="ID", help="The organisation the memory is for. Default: the one a docgen export names, "
                                         "else the only one in the catalogues.")
@_LOCALES_DIR
def tm_import(files: tuple[Path, ...], org: str | None, locales_dir: Path) -> None:
    """Add TMX files (from a CAT tool, an agency, another docgen project) to the
    translation memory; translations from English into the project's locales are
    kept, other languages are skipped.

    \b
    Example:
      docgen i18n tm import agency-2023.tmx --org astri
    """
    from docgen.i18n import memory

    failed = 0
    for path in files:
        try:
            done, skipped = memory.import_tmx(path, Path(locales_dir), org)
        except DocgenError as err:
            failed += 1
            _report(err.located(file=path))
            continue
        for imported in done:
            click.echo(_("{path}: {added} added, {known} already there").format(path=imported.path, added=imported.added, known=imported.known))
        for language, count in sorted(skipped.items()):
            click.secho(_("Warning: {file}: {count} translation(s) into {language} skipped: not a locale of this project")
                        .format(file=path, count=count, language=language), err=True, fg="yellow")
    if failed:
        raise SystemExit(2)


@i18n.group()
def glossary() -> None:
    """The glossary (locales/glossary.yaml) for CAT tools."""


@glossary.command(name="export")
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The TBX file to write.")
@click.option("-l", "--locale", "locales", multiple=True, metavar="LIST", help="Locales to include. Default: all the glossary names.")
@_LOCALES_DIR
def glossary_export(out: Path, locales: tuple[str, ...], locales_dir: Path) -> None:
    """Write the glossary as TBX-Basic (TBX 2008, <martif>) for a CAT tool's term base.

    \b
    Example:
      docgen i18n glossary export -o glossary.tbx
    """
    from docgen.files import write_atomic
    from docgen.i18n import tbx

    terms = tbx.glossary_terms(Path(locales_dir), _split(locales) or None)
    write_atomic(out, tbx.write_tbx(terms))
    click.echo(_("wrote {path}").format(path=out))


@i18n.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "version", type=click.Choice(["xliff2", "xliff12"]), default="xliff12", show_default=True,
              help="XLIFF 2.0 or 1.2 (the version every CAT tool reads).")
@click.option("-l", "--locale", "locales", multiple=True, required=True, metavar="LIST", help="Target locales, comma-separated.")
@click.option("-o", "--out", "out_dir", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the files: <domain>.<locale>.xlf.")
@_LOCALES_DIR
def export(sources, version, locales, out_dir, locales_dir) -> None:
    """Write the catalogues of SOURCES as XLIFF for a CAT tool (Trados, memoQ, Phrase):
    one file per release and target locale, plus one per organisation.  The
    catalogues are brought up to date first, as 'update' does.

    \b
    Example:
      docgen i18n export --format xliff2 -l zh-Hant-HK -o to-agency/ source/2024-02-28-astri-budget.md
    """
    from docgen.i18n import workflow, xliff

    domains = _domains(sources, False, locales_dir)
    infos = _locale_infos(locales, locales_dir)
    for info in infos:
        if info.tag == domains[0].source_language:
            raise DocgenError("{locale} is the language the release is written in: export to a target locale", field="--locale",
                              locale=info.tag)
    for path in workflow.update(domains, infos):
        click.echo(_("updated {path}").format(path=path))
    for info in infos:
        for path in xliff.export(domains, info, out_dir, version=version):
            click.echo(_("wrote {path}").format(path=path))


@i18n.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_LOCALES_DIR
@click.option("--dry-run", is_flag=True, help="Check everything and write nothing.")
def i18n_import(files, locales_dir, dry_run) -> None:
    """Merge translations back into the catalogues: XLIFF from a CAT tool
    (.xlf, .xliff) or a reviewer's bilingual proof (.docx).  A file whose English
    no longer matches the release, or whose translations break placeholders,
    links or inline codes, is refused (exit code 2) and nothing of it is written.

    \b
    Examples:
      docgen i18n import from-agency/*.xlf
      docgen i18n import review.docx
    """
    failed = 0
    for path in files:
        try:
            applied = _import_translations(path, locales_dir, dry_run)
        except DocgenError as err:
            failed += 1
            _report(err.located(file=path))
            continue
        failed += _report_applied(path, applied)
    if failed:
        raise SystemExit(2)


def _import_translations(path: Path, locales_dir: Path, dry_run: bool):
    suffix = path.suffix.lower()
    if suffix in (".xlf", ".xliff"):
        from docgen.i18n import xliff

        return xliff.import_file(path, locales_dir, write=not dry_run)
    if suffix == ".docx":
        try:
            from docgen.i18n.proof import import_review
        except ImportError:
            raise DocgenError("reading a review proof (.docx) back is not available in this version of docgen") from None
        return import_review(path, locales_dir, write=False) if dry_run else import_review(path, locales_dir)
    raise DocgenError("cannot import translations from a {suffix} file: give XLIFF (.xlf, .xliff) or a review proof (.docx)",
                      suffix=suffix or "suffix-less")


def _report_applied(path: Path, applied) -> int:
    """Print what an import did; 1 when a catalogue was refused."""
    from docgen.i18n.incoming import Applied

    if not isinstance(applied, Applied):
        return 0
    for refusal in applied.refused:
        for problem in refusal.problems:
            click.secho(_("Error: {message}").format(message=_said(problem)), err=True, fg="red")
        click.secho(_("{catalogue} left as it was").format(catalogue=refusal.catalogue), err=True, fg="red")
    for finding in applied.doubts:
        click.secho(_("Warning: {message}").format(message=_said(finding.said())), err=True, fg="yellow")
    for written in applied.written:
        click.echo(_("updated {path}").format(path=written))
    click.echo(_("{file}: {changed} changed, {unchanged} unchanged").format(file=path, changed=applied.changed,
                                                                           unchanged=applied.unchanged), err=True)
    return 1 if applied.refused else 0


def _said(words) -> str:
    """docgen's words in the user's language: a ``Message`` is translated, other text is data."""
    return words.translated(_) if isinstance(words, Message) else str(words)


def _fail_on(findings) -> None:
    """Print the translator-accepted doubts as notes and the others as errors (exit 2)."""
    for finding in findings:
        if finding.accepted:
            click.echo(_("Accepted: {message}").format(message=_said(finding.said())), err=True)
    problems = [f for f in findings if not f.accepted]
    for problem in problems:
        click.secho(_("Error: {message}").format(message=_said(problem.said())), err=True, fg="red")
    if problems:
        click.echo(_("{count} problem(s)").format(count=len(problems)), err=True)
        raise SystemExit(2)


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", metavar="ID", help="Organisation profile to use (organisations/ID.yaml). Default: named by the release's "
                                         "SOURCE line or About section, and made from it when there is no profile.")
@click.option("-o", "--out", "out_dir", default="source", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the new sources.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The date of issue, for a release that gives none.")
@click.option("--city", metavar="NAME", help="The dateline city, for a release that names none.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report on standard output.")
def import_(files: tuple[Path, ...], org: str | None, out_dir: Path, date_text: str | None, city: str | None, as_json: bool) -> None:
    """Turn old releases (wire copy .txt, Word .docx) into release sources.

    Nothing is dropped and nothing invented: what is not recognised becomes a
    paragraph and is listed; the organisation is the one the release names
    (or --org).  What was recognised and every guess (headings, boilerplate,
    contacts, tables) are listed for a person to confirm.  A refused import
    writes nothing.

    \b
    Examples:
      docgen import archive/2023-budget.txt --org astri
      docgen import old/*.docx --org astri --out source/
      docgen import gov-release.txt --org hkgov --date 2025-07-23 --city "Hong Kong"
    """
    import datetime as dt

    from docgen.importers import import_file

    date = None
    if date_text:
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise DocgenError("not a date in the form YYYY-MM-DD: {date!r}", field="--date", date=date_text) from None
    failed, reports = 0, []
    for path in files:
        try:
            result = import_file(path, out_dir, org, date=date, city=city)
        except DocgenError as err:
            failed += 1
            reports.append({"file": str(path), "error": err.located(file=path).format_message()})
            if not as_json:
                _report(err.located(file=path))
            continue
        reports.append({"file": str(path), "source": str(result.source), "profiles": [str(p) for p in result.profiles],
                        "pictures": [str(p) for p in result.pictures], "recognised": list(result.recognised),
                        "guesses": list(result.guesses), "warnings": list(result.warnings)})
        if as_json:
            continue
        for written in (result.source, *result.profiles, *result.pictures):
            click.echo(_("wrote {path}").format(path=written))
        for item in result.recognised:
            click.echo(_("  recognised: {item}").format(item=item), err=True)
        for guess in result.guesses:
            click.echo(_("  guessed: {guess}").format(guess=guess), err=True)
        for warning in result.warnings:
            click.secho(_("  Warning: {warning}").format(warning=warning), err=True, fg="yellow")
    if as_json:
        click.echo(json.dumps({"imported": len(files) - failed, "failed": failed, "files": reports}, indent=2, ensure_ascii=False))
    if failed:
        raise SystemExit(2)


# Commands after which nothing is left to clean up: every file is written and closed, and the
# workers are stopped, by the time they return.  Tearing the interpreter down object by object
# (fonts, glyph tables, catalogues) then only costs time the OS spends anyway when it frees the
# process: about a tenth of a second of a cold build.
_QUICK_EXIT = frozenset({"build", "check", "dump", "config", "schema"})


def run() -> None:
    """The ``docgen`` program: ``main``, then, after a command in ``_QUICK_EXIT``, leave at once."""
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    try:
        main()
    except SystemExit as done:
        if command not in _QUICK_EXIT or not isinstance(done.code, (int, type(None))):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe (docgen dump | head): nothing more to say
            pass
        os._exit(done.code or 0)
