"""The preview's HTTP server: the built site, the reload stream, and nothing else.

Built on the standard library's ``ThreadingHTTPServer``. Each request runs on its
own thread; ``server_close()`` joins them all, and every thread ends promptly:
connections carry one request (HTTP/1.0), silent clients time out, and the reload
streams end when the :class:`~sitegen.serve.live.LiveState` is closed.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from sitegen.search import BUNDLE
from sitegen.serve.files import Answer, byte_range, look_up
from sitegen.serve.live import EVENTS_PATH, SCRIPT_PATH, LiveState, event, inject, reload_script

KEEP_ALIVE = 15.0  # seconds between comments on an idle reload stream (finds closed tabs)


class Served(Protocol):
    """What the server answers from: the output folder, the lock held while it changes,
    and the state of the builds."""

    @property
    def output(self) -> Path: ...

    @property
    def lock(self) -> threading.Lock: ...

    @property
    def live(self) -> LiveState: ...

    def unindexed(self) -> None:
        """A page asked for the search index, which the preview does not make."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is only reachable from this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_listening(host: str, port: int) -> bool:
    """Whether a server answers at ``host:port`` (unless the connection is refused,
    it is taken to: an address that cannot be reached says nothing either way)."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except ConnectionRefusedError:
        return False
    except OSError:
        return True


def host_allowed(header: str | None, bound: str, port: int) -> bool:
    """Whether a request's Host header names this server (a defence against DNS rebinding).

    Accepted: the name the server was bound to, ``localhost``, or any IP address,
    always with the server's port. A rebinding attack needs a host *name* of the
    attacker's that resolves to this machine, so any name but ours is refused,
    while addresses stay usable (``--host 0.0.0.0`` opened from a phone).
    """
    if not header:
        return False
    try:
        parts = urlsplit(f"//{header}")
        name, asked_port = parts.hostname, parts.port
    except ValueError:
        return False
    if name is None or (asked_port or 80) != port:
        return False
    if name in ("localhost", bound.lower().strip("[]")):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class PreviewServer(ThreadingHTTPServer):
    """Serves one preview; ``server_close()`` waits for every request thread."""

    daemon_threads = False
    block_on_close = True
    request_queue_size = 64  # browsers open many connections at once; HTTP/1.0 needs one each

    def __init__(self, address: tuple[str, int], served: Served) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.served = served
        super().__init__(address, PreviewHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away is no error worth printing; anything else is."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the built site, plus the reload script and stream."""

    server: PreviewServer
    protocol_version = "HTTP/1.0"  # one request per connection: nothing lingers at shutdown
    server_version = "sitegen-preview"
    timeout = 30  # seconds a silent client may keep a thread

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:
        pass  # the preview's terminal shows builds, not every request

    def _answer(self, with_body: bool) -> None:
        served = self.server.served
        host = str(self.server.server_address[0])
        if not host_allowed(self.headers.get("Host"), host, self.server.port):
            self._send(_REFUSED, with_body)
            return
        path = self.path.split("?", 1)[0]
        if path == EVENTS_PATH and with_body:
            self._stream(served.live)
            return
        if path == SCRIPT_PATH:
            self._send(Answer(200, reload_script(), "text/javascript; charset=utf-8"), with_body)
            return
        status = served.live.current  # before the files: a newer page only reloads twice
        with served.lock:  # only while the file is found and opened: see files.FilePart
            found = look_up(served.output, self.path, status.language)
        if found.status == 404 and path.endswith(f"/{BUNDLE}"):
            served.unindexed()  # the search page tells readers no more than "unavailable"
        with contextlib.closing(found):  # pages are small: read whole, the script goes in
            build = status.build
            answer = replace(found, body=inject(found.read(), build)) if found.is_html else found
            self._send(answer, with_body)

    def _send(self, answer: Answer, with_body: bool) -> None:
        answer = byte_range(answer, self.headers.get("Range"))
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(answer.length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if answer.location:
            self.send_header("Location", answer.location)
        if answer.status in (200, 206, 416) and not answer.is_html:
            self.send_header("Accept-Ranges", "bytes")
        if answer.content_range:
            self.send_header("Content-Range", answer.content_range)
        self.end_headers()
        if with_body:
            for chunk in answer.chunks():
                self.wfile.write(chunk)

    def _stream(self, live: LiveState) -> None:
        """Send the status now and after every change, until the client or the server goes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        status = live.current
        try:
            self.wfile.write(b"retry: 1000\n\n" + event(status))
            self.wfile.flush()
            live.sent(self, status)
            while True:
                latest = live.wait(status, KEEP_ALIVE)
                if latest is None:
                    return
                self.wfile.write(b": keep-alive\n\n" if latest is status else event(latest))
                self.wfile.flush()
                live.sent(self, latest)
                status = latest
        finally:
            live.gone(self)


_REFUSED = Answer(
    403,
    b"403 Forbidden: this preview answers only to its own address "
    b"(localhost, 127.0.0.1 or the --host it was given).\n",
)
