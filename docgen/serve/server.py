"""The HTTP side of ``docgen serve``: the server, its request handler, the live-reload script
injected into HTML pages as they are served (never into the files), and the Server-Sent Events
(``/__docgen/events``) that tell open pages to reload.

Only files under the preview's output folder are served; on a loopback address, only requests
that name it (no DNS rebinding).
"""
from __future__ import annotations

import html
import http.server
import mimetypes
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.serve.pages import render_failure, render_index, render_not_found, render_release

if TYPE_CHECKING:
    from docgen.serve import Preview

EVENTS = "/__docgen/events"
SCRIPT = "/__docgen/livereload.js"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
LIVE_RELOAD_JS = (Path(__file__).parent / "livereload.js").read_bytes()
"""Served at ``SCRIPT``: reloads the page when the events say a build changed what it shows."""

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


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, preview: Preview):
        self.preview = preview
        if ":" in address[0]:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def handle_error(self, request, client_address) -> None:
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # a browser that went away
        if self.preview.on_error is not None:
            self.preview.on_error(error)


class Handler(http.server.BaseHTTPRequestHandler):
    server: Server
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
            return self._send(200, "text/javascript; charset=utf-8", LIVE_RELOAD_JS, body)
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
        if not under(candidate, root) or candidate == root or not candidate.is_file():
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


def under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
        return True
    except ValueError:
        return False
