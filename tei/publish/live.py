"""The preview server of ``tei serve --watch``: the site, and its open pages reloaded live.

Every HTML page is served with one more element, added on the way out (the files of the site
are never changed): ``<script src="/__tei-live/reload.js?since=N" defer>``. The script opens
a Server-Sent Events stream (``/__tei-live/events``) and reloads its page when a rebuild
rewrote it (or the site's style sheets and script). Both are files of the server itself, so
the site's Content-Security-Policy (``script-src 'self'``, ``connect-src 'self'``: see
``xslt/html/layout.xsl``) lets them run as it is: no inline script, nothing from elsewhere.

``since`` is the number of the last rebuild when the page was served: a rebuild that ends
between serving the page and its script connecting still reloads it.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections import deque
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .html import SiteServer, _Handler

PREFIX = "/__tei-live/"
SCRIPT = PREFIX + "reload.js"
EVENTS = PREFIX + "events"
#: Seconds between two keep-alive comments on an idle stream (a closed tab is noticed then).
KEEP_ALIVE = 10.0

#: The reload script. It reads ``since`` from its own URL; a page is "its page" by its path
#: under the site's root (the server serves the site at /).
RELOAD_JS = b"""\
// tei serve --watch: reload this page when a rebuild rewrites it (not part of the site).
(() => {
  const since = new URL(document.currentScript.src).searchParams.get("since") || "0";
  let here = decodeURIComponent(location.pathname).replace(/^\\//, "");
  if (here === "" || here.endsWith("/")) here += "index.html";
  const events = new EventSource("/__tei-live/events?since=" + encodeURIComponent(since));
  events.addEventListener("reload", (event) => {
    const changed = JSON.parse(event.data);
    if (changed.includes(here) || changed.some((file) => file.startsWith("assets/"))) {
      events.close();
      location.reload();
    }
  });
})();
"""

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)


class Reloads:
    """The rebuilds announced to the open pages: a numbered log of the files each rewrote.

    Each event stream waits here for rebuilds after the one its page was served at; the log
    keeps the last ``keep`` rebuilds, enough for a page that reconnects after a moment.
    """

    def __init__(self, keep: int = 64):
        self._changed = threading.Condition()
        self._log: deque[tuple[int, list[str]]] = deque(maxlen=keep)
        self._serial = 0
        self.closed = False

    @property
    def serial(self) -> int:
        """The number of the last rebuild announced (0: none yet)."""
        with self._changed:
            return self._serial

    def announce(self, files: list[str]) -> int:
        """A rebuild rewrote ``files`` (paths relative to the site's root): tell the pages."""
        with self._changed:
            self._serial += 1
            self._log.append((self._serial, sorted(files)))
            self._changed.notify_all()
            return self._serial

    def wait(self, after: int, timeout: float) -> list[tuple[int, list[str]]]:
        """The rebuilds after number ``after``: at once if there are some, else the first
        ones within ``timeout`` seconds (none: an empty list)."""
        with self._changed:
            self._changed.wait_for(lambda: self._serial > after or self.closed, timeout)
            return [event for event in self._log if event[0] > after]

    def close(self) -> None:
        """The server stops: every stream ends."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def inject(html: bytes, since: int) -> bytes:
    """``html`` with the reload script as the last element of its head."""
    tag = f'<script src="{SCRIPT}?since={since}" defer></script>'.encode()
    found = _HEAD_END.search(html)
    return html[:found.start()] + tag + html[found.start():] if found else html + tag


class _LiveHandler(_Handler):
    """The site's files (its pages with the reload script), the script, the event stream."""

    server: LiveServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self._answer(head_only=False)

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's name)
        self._answer(head_only=True)

    def _answer(self, head_only: bool) -> None:
        path = urlsplit(self.path).path
        if path == SCRIPT:
            self._send(RELOAD_JS, "text/javascript; charset=utf-8", head_only)
        elif path == EVENTS and not head_only:
            self._events()
        elif (page := self._page(path)) is not None:
            since = self.server.reloads.serial  # before reading: a rebuild after it reloads
            try:
                data = page.read_bytes()
            except OSError:
                self.send_error(404, "File not found")
                return
            self._send(inject(data, since), "text/html; charset=utf-8", head_only)
        elif head_only:
            super().do_HEAD()
        else:
            super().do_GET()

    def _page(self, path: str) -> Path | None:
        """The HTML file a request asks for (a folder's index.html), if it is one."""
        if path.endswith("/") or not path:
            path += "index.html"
        if not path.endswith(".html"):
            return None
        file = Path(self.translate_path(path))
        return file if file.is_file() else None

    def _send(self, data: bytes, content_type: str, head_only: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a reload must not show the old page
        self.end_headers()
        if not head_only:
            self.wfile.write(data)

    def _events(self) -> None:
        """The event stream: one ``reload`` event per rebuild, its data the files rewritten."""
        reloads = self.server.reloads
        query = parse_qs(urlsplit(self.path).query)
        after = self.headers.get("Last-Event-ID") or query.get("since", [""])[0]
        seen = int(after) if after.isdigit() else reloads.serial  # none: from now on
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while not reloads.closed:
                events = reloads.wait(seen, KEEP_ALIVE)
                if not events:
                    self.wfile.write(b": keep-alive\n\n")
                for serial, files in events:
                    self.wfile.write(f"id: {serial}\nevent: reload\ndata: "
                                     f"{json.dumps(files)}\n\n".encode())
                    seen = serial
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


class LiveServer(SiteServer):
    """The server of ``tei serve --watch``; ``reloads`` is where rebuilds are announced."""

    reloads: Reloads

    def shutdown(self) -> None:
        self.reloads.close()  # the event streams end, so their threads do
        super().shutdown()


def make_live_server(directory: Path, host: str = "127.0.0.1", port: int = 8000, *,
                     quiet: bool = False) -> LiveServer:
    """A server for the site in ``directory`` whose pages reload when told (port 0: any free
    port); announce rebuilds with ``server.reloads.announce(files)``."""
    server = LiveServer((host, port), functools.partial(_LiveHandler, directory=str(directory)))
    server.quiet = quiet
    server.reloads = Reloads()
    return server
