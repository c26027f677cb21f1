"""``docgen serve``: a live preview while a release is written.

The releases of a source folder are built (with ``docgen.build.build``, so only what
changed is rebuilt) into a temporary folder, or ``--out``, and served on 127.0.0.1 by
the standard library's ``ThreadingHTTPServer``:

- ``/``: the releases, their editions, translation counts and the last build's errors;
- ``/<slug>/``: a release's editions side by side, with their PDF, DOCX and wire copy;
- ``/<slug>/<locale>/<file>``: the files built, as they are on disk, except that an HTML
  page gets a small live-reload script *as it is served* (never in the file).

``watchfiles`` watches the source folder, the organisation profiles, photos and wires
the releases use, the catalogues (``locales/``) and the house style; a change rebuilds,
and open pages reload through Server-Sent Events (``/__docgen/events``).  When the last
build of a release, or of one of its editions, failed, its pages show the error with
its file, line and field instead of the stale outputs.

Nothing here prints: the command line is told of each build through ``on_build``.
Nothing here reaches the network, and only files under the output folder are served.

This module holds ``Preview`` (build, watch, serve); ``report`` the data it reports,
``server`` the HTTP server and live reload, ``pages`` its own pages (``templates/``).
"""
from __future__ import annotations

import dataclasses
import secrets
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Callable, Iterable, Sequence

from docgen import build as builder
from docgen import i18n, sources
from docgen.build import Batch, Settings
from docgen.errors import DocgenError
from docgen.housestyle import HouseStyle
from docgen.serve.pages import FORMAT_LABELS, render_failure, render_index, render_not_found, render_release
from docgen.serve.report import Counts, EditionState, ReleaseState, Report, locale_name, page_signature, translation_counts
from docgen.serve.server import EVENTS, LOOPBACK, SCRIPT, Server, inject, under
from docgen.style import Style, default_style_path, load_style

__all__ = ["FORMATS", "FORMAT_LABELS", "EVENTS", "SCRIPT", "LOOPBACK", "Counts", "EditionState", "ReleaseState", "Report",
           "ListenError", "Preview", "inject", "render_index", "render_release", "render_failure", "render_not_found"]

FORMATS = ("html", "pdf", "docx", "txt")
"""What a preview builds: the page shown, and the files linked beside it."""


class ListenError(Exception):
    """The address cannot be listened on (a port in use, a host not of this machine)."""

    def __init__(self, host: str, port: int, reason: str):
        super().__init__(f"{host}:{port}: {reason}")
        self.host, self.port, self.reason = host, port, reason


class Preview:
    """Build, watch and serve one source folder.  Use it as a context manager::

        with Preview(Path("source")) as preview:
            print(preview.url)
            preview.wait()          # until Ctrl-C (KeyboardInterrupt)

    Entering binds the address (``port=0``: a free port), builds everything once and
    starts serving and watching; leaving stops both, waits for a build under way to
    finish, and removes the temporary output folder.
    """

    def __init__(self, source: Path, *, locales: Sequence[str] = (), out_dir: Path | None = None, style_path: Path | None = None,
                 locales_dir: Path = Path("locales"), allow_partial: bool = False, allow_outside: bool = False,
                 host: str = "127.0.0.1", port: int = 8000, on_build: Callable[[Report], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None):
        self.source = Path(source)
        self.locales = tuple(locales)
        self.style_path = style_path
        self.locales_dir = Path(locales_dir)
        self.allow_partial = allow_partial
        self.allow_outside = allow_outside
        self.host, self.port = host, port
        self.on_build = on_build
        self.on_error = on_error
        self._temporary = tempfile.TemporaryDirectory(prefix="docgen-serve-") if out_dir is None else None
        self.out_dir = Path(out_dir) if out_dir is not None else Path(self._temporary.name)
        self._style: Style | None = None
        self._style_error: DocgenError | None = None
        self._report: Report | None = None
        self._slugs: dict[Path, str] = {}
        """Source -> the slug it last had, for a release that no longer reads."""
        self._depends: dict[Path, frozenset[Path]] = {}
        """Source -> the folders of the files it was last read from (profile, photos, wire); kept
        while it does not read, so that mending a broken profile outside the source folder rebuilds."""
        self._counts: dict[tuple, tuple[Counts | None, str | None]] = {}
        self._boot = secrets.token_hex(4)
        self._generation = 0
        self._signature: object = None
        self._changed = threading.Condition()
        self._building = threading.Lock()
        self._stop = threading.Event()
        self._watching = threading.Event()
        self._server: Server | None = None
        self._threads: list[threading.Thread] = []

    # --- life ---

    def __enter__(self) -> "Preview":
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Bind, build once, then serve and watch in background threads."""
        try:
            self._server = Server((self.host, self.port), self)
        except OSError as err:
            raise ListenError(self.host, self.port, err.strerror or str(err)) from None
        self.port = self._server.server_address[1]
        self.rebuild()
        for target, name in ((self._server.serve_forever, "docgen-serve-http"), (self._watch, "docgen-serve-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        self._watching.wait(10)  # a change made from now on is seen

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def temporary(self) -> bool:
        """Whether the output folder is a temporary one, removed on leaving."""
        return self._temporary is not None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the preview is closed (or *timeout*); Ctrl-C raises KeyboardInterrupt here."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._stop.is_set():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            self._stop.wait(0.5 if left is None else min(0.5, left))
        return True

    def close(self) -> None:
        """Stop serving and watching, let a build under way finish, remove the temporary folder."""
        self._stop.set()
        try:
            with self._changed:
                self._changed.notify_all()
            if self._server is not None:
                if any(t.name == "docgen-serve-http" for t in self._threads):
                    self._server.shutdown()
                self._server.server_close()
                self._server = None
            for thread in self._threads:
                thread.join(30)
            self._threads.clear()
        finally:
            if self._temporary is not None:
                self._temporary.cleanup()

    # --- building ---

    @property
    def report(self) -> Report | None:
        return self._report

    @property
    def token(self) -> str:
        """Names the last build that changed what is served; a page served earlier reloads."""
        return f"{self._boot}-{self._generation}"

    def rebuild(self, changes: Iterable[str] = (), *, catch_up: bool = False) -> Report:
        """Build what changed, and tell open pages to reload when anything they show did.

        *catch_up*: a build in case something changed unseen (while the watch started); ``on_build``
        hears of it only if it changed anything."""
        changes = tuple(sorted(changes))
        with self._building:
            start = time.perf_counter()
            report = self._build(changes)
            report = dataclasses.replace(report, seconds=time.perf_counter() - start)
            signature = page_signature(report)
            changed = signature != self._signature or any(o.written for o in report.batch)
            with self._changed:
                self._report = report
                if changed:
                    self._signature = signature
                    self._generation += 1
                    self._changed.notify_all()
        if self.on_build is not None and (changed or not catch_up):
            self.on_build(report)
        return report

    def _build(self, changes: tuple[str, ...]) -> Report:
        errors: list[DocgenError] = []
        style = self._load_style(changes)
        if style is None:
            errors.append(self._style_error)
        try:
            paths = builder.find_sources([str(self.source)])
        except DocgenError as err:
            errors.append(err)
            paths = []
        releases = {path: self._read(path) for path in paths}
        self._depends = {path: folders for path, folders in self._depends.items() if path in releases}
        batch = Batch()
        if style is not None and paths:
            for locales, group in self._groups(releases).items():
                settings = Settings(formats=FORMATS, locales=locales, out_dir=self.out_dir, house=HouseStyle.of(style), locales_dir=self.locales_dir,
                                    allow_partial=self.allow_partial, jobs=1, allow_outside=self.allow_outside)
                done = builder.build(group, settings)
                batch.extend(done)
                batch.warnings += done.warnings
                batch.errors += done.errors
            order = {path: n for n, path in enumerate(paths)}
            batch.sort(key=lambda outcome: order[outcome.source])
        errors += batch.errors
        outcomes = {o.source: o for o in batch}
        states = tuple(self._state(path, releases[path], outcomes.get(path), None if style else self._style_error) for path in paths)
        return Report(releases=states, batch=batch, errors=tuple(errors), changes=changes,
                      style_warnings=tuple(style.warnings) if style is not None else ())

    def _load_style(self, changes: tuple[str, ...]) -> Style | None:
        folder = self.style_folder()
        if self._style is None and self._style_error is None or any(under(Path(c), folder) for c in changes):
            try:
                self._style, self._style_error = load_style(self.style_path, allow_outside=self.allow_outside), None
            except DocgenError as err:
                self._style, self._style_error = None, err
        return self._style

    def style_folder(self) -> Path:
        path = Path(self.style_path) if self.style_path else default_style_path()
        return (path if path.is_dir() else path.parent).resolve()

    def _read(self, path: Path):
        """The release in *path*, or None (the build says why); notes the folders it depends on."""
        try:
            release = sources.read(path, allow_outside=self.allow_outside)
        except DocgenError:
            return None
        except Exception:  # noqa: BLE001 - a bug: the build reports it with its traceback
            return None
        self._slugs[path] = release.slug
        depends = list(sources.dependencies(path, release))
        try:
            depends.append(builder.with_wire(release, None, path)[1].file)
        except DocgenError:
            pass
        self._depends = {**self._depends, path: frozenset(Path(p).resolve().parent for p in depends if p)}
        return release

    def _own(self, release) -> str:
        try:
            return i18n.parse_locale(release.language, self.locales_dir).tag
        except DocgenError:
            return release.language

    def _editions(self, release) -> tuple[str, ...]:
        """``--locale``, else the release's own language and every locale with a catalogue of it."""
        if self.locales:
            return self.locales
        own = self._own(release)
        try:
            known = i18n.available(self.locales_dir).values()
        except DocgenError:
            return (own,)
        from docgen.i18n import catalogs

        others = [info.tag for info in known
                  if info.tag != own and catalogs.po_path(self.locales_dir, info.babel, catalogs.release_domain(release)).is_file()]
        return (own, *others)

    def _groups(self, releases: dict) -> dict[tuple[str, ...], list[Path]]:
        groups: dict[tuple[str, ...], list[Path]] = {}
        for path, release in releases.items():
            groups.setdefault(self._editions(release) if release is not None else self.locales, []).append(path)
        return groups

    def _state(self, path: Path, release, outcome, unbuilt: DocgenError | None) -> ReleaseState:
        """What the pages show of one release; *unbuilt*: why nothing was built (a broken style)."""
        previous = self._report.release(self._slugs[path]) if self._report and path in self._slugs else None
        slug = release.slug if release is not None else self._slugs.get(path)
        state = ReleaseState(source=path, slug=slug,
                             headline=release.headline if release is not None else previous.headline if previous else None,
                             language=self._own(release) if release is not None else previous.language if previous else None)
        if outcome is not None:
            state = dataclasses.replace(state, error=outcome.error, internal=outcome.internal,
                                        warnings=tuple(str(w) for w in outcome.warnings))
        elif unbuilt is not None:
            state = dataclasses.replace(state, error=unbuilt)
        if release is None:
            return dataclasses.replace(state, editions=previous.editions if previous else ())
        failed = dict(outcome.failed) if outcome is not None else {}
        editions = []
        own = self._own(release)
        for tag in self._editions(release):
            files = {fmt: "/" + "/".join(urllib.parse.quote(part) for part in (release.slug, tag, builder.output_path(Path(), release.slug, tag, fmt).name))
                     for fmt in FORMATS if builder.output_path(self.out_dir, release.slug, tag, fmt).is_file()}
            counts, note = (None, None) if tag == own else translation_counts(release, tag, self.locales_dir, self._counts)
            editions.append(EditionState(locale=tag, name=locale_name(tag, self.locales_dir), own=tag == own, files=files,
                                         error=failed.get(tag), counts=counts, counts_note=note))
        return dataclasses.replace(state, editions=tuple(editions))

    # --- watching ---

    def watched(self) -> list[Path]:
        """The folders a change in which rebuilds: the source folder, the catalogues, the style,
        and the folders of the profiles, photos and wires the releases were read from."""
        import docgen

        package = Path(docgen.__file__).resolve().parent
        source = self.source if self.source.is_dir() else self.source.parent
        folders = {source.resolve(), self.locales_dir.resolve(), self.style_folder(), *(f for fs in self._depends.values() for f in fs)}
        folders = {f for f in folders if f.is_dir() and not under(f, package)}
        out = self.out_dir.resolve()
        folders = {f for f in folders if not under(f, out)}
        return sorted(f for f in folders if not any(other != f and under(f, other) for other in folders))

    def _watch(self) -> None:
        import watchfiles

        out = str(self.out_dir.resolve())
        ignore = watchfiles.DefaultFilter(ignore_paths=[out],
                                          ignore_entity_patterns=(*watchfiles.DefaultFilter.ignore_entity_patterns, r"^\.docgen-"))
        while not self._stop.is_set():
            folders = self.watched()
            if not folders:
                self._watching.set()
                self._stop.wait(1)
                continue
            started = False
            try:
                # rust_timeout with yield_on_timeout: an empty set first says the folders are
                # watched; what changed before that (since the last build) is built then.
                for changes in watchfiles.watch(*folders, watch_filter=ignore, stop_event=self._stop, debounce=1600, step=50,
                                                rust_timeout=200, yield_on_timeout=True, raise_interrupt=False):
                    if self._stop.is_set():
                        return
                    if not started:
                        started = True
                        self.rebuild((path for _change, path in changes), catch_up=True)
                        self._watching.set()
                    elif changes:
                        self.rebuild(path for _change, path in changes)
                    else:
                        continue
                    if self.watched() != folders:
                        break  # a release now reads from another folder: watch it too
            except Exception as err:  # noqa: BLE001 - a folder removed while watched: look again
                if self.on_error is not None and not self._stop.is_set():
                    self.on_error(err)
                self._stop.wait(1)

    def wait_for_events(self, since: str, timeout: float) -> str | None:
        """The token once it differs from *since* (or None after *timeout*, or on closing)."""
        with self._changed:
            self._changed.wait_for(lambda: self.token != since or self._stop.is_set(), timeout)
            return None if self._stop.is_set() or self.token == since else self.token
