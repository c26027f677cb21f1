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
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import http.server
import mimetypes
import secrets
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from docgen import build as builder
from docgen import i18n, sources
from docgen.build import Batch, InternalError, Settings
from docgen.errors import DocgenError
from docgen.style import Style, default_style_path, load_style

FORMATS = ("html", "pdf", "docx", "txt")
"""What a preview builds: the page shown, and the files linked beside it."""
FORMAT_LABELS = {"html": "HTML page", "pdf": "PDF", "docx": "DOCX", "txt": "Wire copy"}
EVENTS = "/__docgen/events"
SCRIPT = "/__docgen/livereload.js"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}

_LIVE_RELOAD_JS = """\
(function () {
  "use strict";
  var me = document.currentScript;
  // A page framed by docgen's own side-by-side page: that page reloads, and its frames with it.
  try { if (window.parent !== window && window.parent.location.origin === location.origin) { return; } } catch (e) { /* another origin */ }
  var token = me ? me.getAttribute("data-token") : "";
  var events = new EventSource("/__docgen/events?since=" + encodeURIComponent(token || ""));
  events.addEventListener("reload", function () { events.close(); location.reload(); });
})();
"""


# --- what the last build made -------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Translation states of an edition's catalogues, as ``docgen i18n update`` would leave them."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.translated + other.translated, self.fuzzy + other.fuzzy, self.untranslated + other.untranslated)


@dataclass(frozen=True)
class EditionState:
    locale: str
    name: str
    """The locale's name in English (``Chinese (Traditional, Hong Kong SAR China)``)."""
    own: bool
    """The release's own language (no catalogue)."""
    files: dict[str, str] = field(default_factory=dict)
    """Format -> the URL of its file, for the files on disk."""
    error: DocgenError | None = None
    counts: Counts | None = None
    """None for the own language, or when there is no catalogue."""
    counts_note: str | None = None
    """Why there are no counts (no catalogue, a broken one)."""


@dataclass(frozen=True)
class ReleaseState:
    source: Path
    slug: str | None = None
    headline: str | None = None
    language: str | None = None
    editions: tuple[EditionState, ...] = ()
    error: DocgenError | None = None
    """Why nothing of the release was built in the last build."""
    internal: InternalError | None = None
    """A bug in docgen met while building it."""
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.error is not None or self.internal is not None

    def edition(self, locale: str) -> EditionState | None:
        return next((e for e in self.editions if e.locale == locale), None)


@dataclass(frozen=True)
class Report:
    """One build of the preview, for the pages and for the command line."""

    releases: tuple[ReleaseState, ...]
    batch: Batch
    """The build's outcomes (all its ``build`` calls in one)."""
    errors: tuple[DocgenError, ...] = ()
    """Failures of the whole build: no sources, a style that cannot be loaded, a manifest not saved."""
    seconds: float = 0.0
    finished: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    changes: tuple[str, ...] = ()
    """The files whose change started this build (empty for the first)."""
    style_warnings: tuple[str, ...] = ()

    def release(self, slug: str) -> ReleaseState | None:
        return next((r for r in self.releases if r.slug == slug), None)


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
        self._server: _Server | None = None
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
            self._server = _Server((self.host, self.port), self)
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
            signature = _signature(report)
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
                settings = Settings(formats=FORMATS, locales=locales, out_dir=self.out_dir, style=style, locales_dir=self.locales_dir,
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
        if self._style is None and self._style_error is None or any(_under(Path(c), folder) for c in changes):
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
            counts, note = (None, None) if tag == own else self._translation_counts(release, tag)
            editions.append(EditionState(locale=tag, name=_locale_name(tag, self.locales_dir), own=tag == own, files=files,
                                         error=failed.get(tag), counts=counts, counts_note=note))
        return dataclasses.replace(state, editions=tuple(editions))

    def _translation_counts(self, release, tag: str) -> tuple[Counts | None, str | None]:
        """The counts of the edition's catalogues merged with the release's English as it is now."""
        from docgen.i18n import catalogs, workflow

        try:
            info = i18n.parse_locale(tag, self.locales_dir)
            domains = workflow.release_domains([release], self.locales_dir)
        except DocgenError as err:
            return None, err.format_message()
        total, found, note = Counts(), False, None
        for domain in domains:
            po = domain.po(info)
            if not po.is_file():
                continue
            found = True
            stat = po.stat()
            key = (str(po), stat.st_mtime_ns, stat.st_size, tuple((m.id, m.context) for m in domain.template if m.id))
            if key not in self._counts:
                try:
                    stats = catalogs.stats(catalogs.merge(catalogs.read(po, locale=info.babel), domain.template))
                    self._counts[key] = (Counts(stats.translated, stats.fuzzy, stats.untranslated), None)
                except DocgenError as err:
                    self._counts[key] = (None, err.located(file=po).format_message())
            counts, problem = self._counts[key]
            if problem is not None:
                note = problem
            else:
                total += counts
        if not found:
            return None, "no catalogue"
        return (None, note) if note else (total, None)

    # --- watching ---

    def watched(self) -> list[Path]:
        """The folders a change in which rebuilds: the source folder, the catalogues, the style,
        and the folders of the profiles, photos and wires the releases were read from."""
        import docgen

        package = Path(docgen.__file__).resolve().parent
        source = self.source if self.source.is_dir() else self.source.parent
        folders = {source.resolve(), self.locales_dir.resolve(), self.style_folder(), *(f for fs in self._depends.values() for f in fs)}
        folders = {f for f in folders if f.is_dir() and not _under(f, package)}
        out = self.out_dir.resolve()
        folders = {f for f in folders if not _under(f, out)}
        return sorted(f for f in folders if not any(other != f and _under(f, other) for other in folders))

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


def _under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
        return True
    except ValueError:
        return False


def _locale_name(tag: str, locales_dir: Path) -> str:
    try:
        return i18n.parse_locale(tag, locales_dir).locale.get_display_name("en") or tag
    except Exception:  # noqa: BLE001 - a name is a courtesy
        return tag


def _message(error: DocgenError | None) -> str | None:
    return error.format_message() if error is not None else None


def _signature(report: Report) -> tuple:
    """What the pages show, to tell whether they must reload."""
    return (tuple(str(e) for e in report.errors),
            tuple((str(r.source), r.slug, r.headline, _message(r.error), r.internal.summary if r.internal else None, r.warnings,
                   tuple((e.locale, tuple(sorted(e.files.items())), _message(e.error), e.counts, e.counts_note) for e in r.editions))
                  for r in report.releases))


# --- serving ----------------------------------------------------------------------------


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, preview: Preview):
        self.preview = preview
        if ":" in address[0]:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def handle_error(self, request, client_address) -> None:
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # a browser that went away
        if self.preview.on_error is not None:
            self.preview.on_error(error)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    server_version = "docgen-serve"
    sys_version = ""

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the command line prints builds, not requests

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    @property
    def preview(self) -> Preview:
        return self.server.preview

    def _answer(self, body: bool) -> None:
        if not self._host_allowed():
            return self._send(400, "text/plain; charset=utf-8", b"Bad Host header\n", body)
        target = urllib.parse.urlsplit(self.path)
        path = target.path
        if path == EVENTS:
            return self._events(urllib.parse.parse_qs(target.query).get("since", [""])[0], body)
        if path == SCRIPT:
            return self._send(200, "text/javascript; charset=utf-8", _LIVE_RELOAD_JS.encode(), body)
        token = self.preview.token  # before reading what is served: a build in between reloads the page
        report = self.preview.report
        if path == "/":
            return self._page(200, render_index(report, self.preview), token, body)
        parts = [urllib.parse.unquote(p) for p in path.split("/")[1:]]
        if any(p in (".", "..") or p.startswith(".") or "\\" in p or "\x00" in p or "/" in p for p in parts if p) or "" in parts[:-1]:
            return self._not_found(token, body)
        release = report.release(parts[0]) if report and parts and parts[0] else None
        if release is not None and len(parts) == 1:
            return self._redirect(f"/{urllib.parse.quote(parts[0])}/", body)
        if release is not None and parts[1:] == [""]:
            return self._page(200, render_release(release, report, self.preview), token, body)
        if release is not None:
            edition = release.edition(parts[1])
            error = release.error or (edition.error if edition else None)
            if release.failed or error is not None:
                return self._page(500, render_failure(release, edition, report), token, body)
        file = self._file([p for p in parts if p])
        if file is None:
            if release is not None and len(parts) <= 3 and parts[-1] == "":
                return self._redirect(f"/{urllib.parse.quote(parts[0])}/", body)
            return self._not_found(token, body)
        try:
            data = file.read_bytes()
        except OSError:
            return self._not_found(token, body)
        kind = _CONTENT_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix.lower() in (".html", ".htm"):
            data = inject(data, token)
        self._send(200, kind, data, body)

    def _host_allowed(self) -> bool:
        """On a loopback address, only requests naming it (no DNS rebinding from a web page)."""
        if self.preview.host not in LOOPBACK:
            return True
        host = (self.headers.get("Host") or "").strip()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host[1:].split("]", 1)[0]
        return name.lower() in LOOPBACK

    def _file(self, parts: list[str]) -> Path | None:
        """The file under the output folder that *parts* names, never one outside it."""
        if not parts:
            return None
        root = self.preview.out_dir.resolve()
        candidate = root.joinpath(*parts).resolve()
        if not _under(candidate, root) or candidate == root or not candidate.is_file():
            return None
        return candidate

    def _page(self, status: int, text: str, token: str, body: bool) -> None:
        self._send(status, "text/html; charset=utf-8", inject(text.encode("utf-8"), token), body)

    def _not_found(self, token: str, body: bool) -> None:
        self._page(404, render_not_found(self.path), token, body)

    def _redirect(self, location: str, body: bool) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, kind: str, data: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self, since: str, body: bool) -> None:
        """Server-Sent Events: ``reload`` once a build changed what is served since *since*."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not body:
            return
        self.wfile.write(b"retry: 1000\n\n")
        self.wfile.flush()
        while not self.preview._stop.is_set():
            token = self.preview.wait_for_events(since, 15)
            if token is not None:
                self.wfile.write(f"event: reload\ndata: {token}\n\n".encode())
                since = token
            else:
                self.wfile.write(b": still here\n\n")  # finds a closed connection
            self.wfile.flush()


def inject(page: bytes, token: str) -> bytes:
    """*page* with the live-reload script before its last ``</body>`` (at its end if it has none)."""
    tag = f'<script src="{SCRIPT}" data-token="{html.escape(token)}"></script>'.encode()
    at = page.lower().rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


# --- the pages --------------------------------------------------------------------------

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; padding: 1rem 1.5rem; max-width: 110rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #ccc; }
.error { border: 2px solid #b00020; background: #fff4f4; padding: .6rem 1rem; margin: .6rem 0; }
.error dt { font-weight: bold; } .error dd { margin: 0 0 .3rem 0; white-space: pre-wrap; } .error pre { white-space: pre-wrap; }
.ok { color: #0a6b2d; } .failed { color: #b00020; font-weight: bold; } .warning { color: #7a4d00; }
.editions { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
.editions iframe { width: 100%; height: 80vh; border: 1px solid #999; }
nav ul, .files { list-style: none; padding: 0; } .files li { display: inline; margin-right: 1rem; }
code { font-size: 90%; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
"""


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.DictLoader(_TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals.update(style=_STYLE, labels=FORMAT_LABELS)
    # The words alone: the file, line and field are shown beside them.
    env.filters["said"] = lambda error: error.message.translated(DocgenError.translate) if error is not None else ""
    return env


_TEMPLATES = {
    "base": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>{% block title %}{% endblock %} · docgen preview</title>
<style>{{ style }}</style>
</head>
<body>
<header><nav aria-label="Preview"><a href="/">All releases</a></nav></header>
<main>
{% block main %}{% endblock %}
</main>
</body>
</html>
""",
    "error": """{% macro error(err, internal=None) %}
<div class="error" role="alert">
{% if internal %}
<p><strong>A bug in docgen stopped this build:</strong> {{ internal.summary }}</p>
<details><summary>Traceback (please report it)</summary><pre>{{ internal.traceback }}</pre></details>
{% else %}
<dl>
{% if err.file %}<dt>File</dt><dd><code>{{ err.file }}</code></dd>{% endif %}
{% if err.line %}<dt>Line</dt><dd>{{ err.line }}</dd>{% endif %}
{% if err.field %}<dt>Field</dt><dd><code>{{ err.field }}</code></dd>{% endif %}
<dt>Error</dt><dd>{{ err | said }}</dd>
</dl>
{% endif %}
</div>
{% endmacro %}
{% macro counts(edition) %}
{% if edition.own %}source language{% elif edition.counts %}{{ edition.counts.translated }} translated, {{ edition.counts.fuzzy }} fuzzy, {{ edition.counts.untranslated }} untranslated{% else %}{{ edition.counts_note }}{% endif %}
{% endmacro %}
{% macro files(edition) %}
<ul class="files">
{% for fmt, url in edition.files.items() %}<li><a href="{{ url }}" hreflang="{{ edition.locale }}">{{ labels[fmt] }}<span class="visually-hidden"> ({{ edition.locale }})</span></a></li>{% endfor %}
</ul>
{% endmacro %}""",
    "index": """{% extends "base" %}{% from "error" import error, counts %}
{% block title %}Releases{% endblock %}
{% block main %}
<h1>Releases in <code>{{ source }}</code></h1>
{% if report %}
<p>Last build {{ report.finished.strftime("%H:%M:%S") }}, {{ "%.2f" | format(report.seconds) }} s:
{{ built }} built, {{ skipped }} unchanged, {{ failed }} failed. Files in <code>{{ out }}</code>.</p>
{% if report.errors %}
<h2>Build errors</h2>
{% for err in report.errors %}{{ error(err) }}{% endfor %}
{% endif %}
{% endif %}
{% if releases %}
<table>
<caption>{{ releases | length }} release(s), each with its editions</caption>
<thead><tr><th scope="col">Headline</th><th scope="col">Slug</th><th scope="col">Editions</th><th scope="col">Last build</th></tr></thead>
<tbody>
{% for r in releases %}
<tr>
<th scope="row">{% if r.slug %}<a href="/{{ r.slug | urlencode }}/"{% if r.language %} lang="{{ r.language }}"{% endif %}>{{ r.headline or r.source }}</a>{% else %}{{ r.headline or r.source }}{% endif %}<br><small><code>{{ r.source }}</code></small></th>
<td>{{ r.slug or "" }}</td>
<td><ul>
{% for e in r.editions %}
<li><a href="/{{ r.slug | urlencode }}/#{{ e.locale }}">{{ e.locale }}</a>: {% if e.error %}<span class="failed">failed</span>{% elif e.files %}<span class="ok">built</span>{% else %}not built{% endif %}; {{ counts(e) }}</li>
{% endfor %}
</ul></td>
<td>{% if r.failed %}<span class="failed">failed</span>{{ error(r.error, r.internal) }}{% else %}{% for e in r.editions if e.error %}{{ error(e.error) }}{% else %}<span class="ok">ok</span>{% endfor %}{% endif %}
{% for w in r.warnings %}<p class="warning">Warning: {{ w }}</p>{% endfor %}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>No releases found.</p>
{% endif %}
{% endblock %}
""",
    "release": """{% extends "base" %}{% from "error" import error, counts, files %}
{% block title %}{{ release.headline or release.slug }}{% endblock %}
{% block main %}
<h1{% if release.language %} lang="{{ release.language }}"{% endif %}>{{ release.headline or release.slug }}</h1>
<p>Slug <code>{{ release.slug }}</code>, from <code>{{ release.source }}</code>.
{% if report %}Last build {{ report.finished.strftime("%H:%M:%S") }}.{% endif %}</p>
{% if release.failed %}
<h2>The last build of this release failed</h2>
{{ error(release.error, release.internal) }}
{% else %}
{% for w in release.warnings %}<p class="warning">Warning: {{ w }}</p>{% endfor %}
<div class="editions">
{% for e in release.editions %}
<section id="{{ e.locale }}" aria-labelledby="h-{{ e.locale }}">
<h2 id="h-{{ e.locale }}">{{ e.locale }} <small>{{ e.name }}</small></h2>
<p>{{ counts(e) }}</p>
{% if e.error %}
{{ error(e.error) }}
{% else %}
{{ files(e) }}
{% if e.files.html %}<iframe src="{{ e.files.html }}" title="{{ e.locale }} edition: {{ release.headline }}"></iframe>{% endif %}
{% endif %}
</section>
{% endfor %}
</div>
{% endif %}
{% endblock %}
""",
    "failure": """{% extends "base" %}{% from "error" import error %}
{% block title %}Build failed: {{ release.slug }}{% if edition %} ({{ edition.locale }}){% endif %}{% endblock %}
{% block main %}
<h1>The last build of {{ release.slug }}{% if edition and not release.failed %} ({{ edition.locale }}){% endif %} failed</h1>
<p>This page shows the error instead of the outputs of an earlier build. Fix it and save: the page reloads.
<a href="/{{ release.slug | urlencode }}/">The release's editions</a>.</p>
{% if release.failed %}{{ error(release.error, release.internal) }}{% else %}{{ error(edition.error) }}{% endif %}
{% endblock %}
""",
    "missing": """{% extends "base" %}
{% block title %}Not found{% endblock %}
{% block main %}
<h1>Not found</h1>
<p>Nothing is served at <code>{{ path }}</code>. <a href="/">All releases</a>.</p>
{% endblock %}
""",
}

_ENV = None


def _template(name: str):
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV.get_template(name)


def render_index(report: Report | None, preview: Preview) -> str:
    batch = report.batch if report else []
    return _template("index").render(
        report=report, releases=report.releases if report else (), source=str(preview.source), out=str(preview.out_dir),
        built=sum(1 for o in batch if o.ok and o.written), skipped=sum(1 for o in batch if o.ok and not o.written),
        failed=sum(1 for o in batch if not o.ok))


def render_release(release: ReleaseState, report: Report | None, preview: Preview) -> str:
    return _template("release").render(release=release, report=report)


def render_failure(release: ReleaseState, edition: EditionState | None, report: Report | None) -> str:
    return _template("failure").render(release=release, edition=edition, report=report)


def render_not_found(path: str) -> str:
    return _template("missing").render(path=path)
