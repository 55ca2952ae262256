"""Helpers for the preview tests: a sample site, raw HTTP requests, the reload stream, polling."""

from __future__ import annotations

import http.client
import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from sitekit import article, write_site

from sitegen.serve import Preview

T = TypeVar("T")

# Every payload of the issue, and a few more of the same families.
TRAVERSALS = [
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2f..%2fetc/passwd",
    "/..%5c..%5cetc/passwd",
    "/.%252e/x",
    "//evil.example/x",
    "/posts/../../x",
    "/./index.html",
    "/posts//x/",
    "/%00/x",
    "/x%00.html",
    "/%ff/",
    "http://evil.example/x",
    "x/y",
    "",
]

DEADLINE = 60.0  # seconds; generous for a loaded machine, never reached when things work

SITE_FILES: dict[str, str | bytes] = {
    "content/posts/2024-03-10-first.md": article(
        "最初の記事", "2024-03-10", "最初の本文です。", tags="[経営]"
    ),
    "content/posts/2024-03-11-second.md": article(
        "二番目の記事", "2024-03-11", "二番目の本文です。", tags="[経営, マーケティング]"
    ),
    "content/about.md": "---\ntitle: このブログについて\n---\n\n紹介文です。\n",
    "static/robots.txt": "User-agent: *\n",
    "static/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    "static/data.bin": b"\x00\x01",
}


def sample_site(root: Path, **extra: str | bytes) -> Path:
    """A small site in ``root``: two tagged articles, a page and static files."""
    files = {**SITE_FILES, **{name.replace("__", "/"): text for name, text in extra.items()}}
    return write_site(root, files)


def save(path: Path, text: str) -> None:
    """Save as many editors do: write a temporary file beside it, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(
    url: str,
    target: str,
    *,
    host: str | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Reply:
    """Send ``target`` exactly as written (no normalisation), with a chosen Host header."""
    address = url.split("//", 1)[1].rstrip("/")
    name, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(name, int(port), timeout=timeout)
    try:
        connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        if host != "":
            connection.putheader("Host", host or address)
        for header, value in (headers or {}).items():
            connection.putheader(header, value)
        connection.endheaders()
        response = connection.getresponse()
        headers = {key.lower(): value for key, value in response.getheaders()}
        return Reply(response.status, headers, response.read())
    finally:
        connection.close()


def get(url: str, target: str) -> Reply:
    return request(url, target)


def eventually(probe: Callable[[], T | None], what: str, deadline: float = DEADLINE) -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    last: T | None = None
    while time.monotonic() < end:
        last = probe()
        if last:
            return last
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


@dataclass
class Stream:
    """A reader of the preview's reload stream (server-sent events)."""

    url: str
    connection: http.client.HTTPConnection | None = None
    response: http.client.HTTPResponse | None = None
    seen: list[dict[str, Any]] = field(default_factory=list)

    def open(self) -> Stream:
        address = self.url.split("//", 1)[1].rstrip("/")
        name, port = address.rsplit(":", 1)
        self.connection = http.client.HTTPConnection(name, int(port), timeout=DEADLINE)
        self.connection.request("GET", "/__sitegen__/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        return self

    def next(self) -> dict[str, Any]:
        """The next status event (keep-alive comments and retry lines are skipped)."""
        assert self.response is not None
        data = ""
        while True:
            line = self.response.readline().decode("utf-8")
            if not line:
                raise AssertionError("the stream ended")
            if line.startswith("data: "):
                data = line[len("data: ") :].rstrip("\n")
            elif line == "\n" and data:
                status: dict[str, Any] = json.loads(data)
                self.seen.append(status)
                return status

    def until(self, accept: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Read statuses until one is accepted (the socket timeout bounds the wait)."""
        while True:
            status = self.next()
            if accept(status):
                return status

    def close(self) -> None:
        if self.response is not None:
            self.response.close()  # it owns the socket once the connection handed it over
        if self.connection is not None:
            self.connection.close()


@dataclass
class SlowDownload:
    """A GET whose body the test reads only when it chooses, through a small receive
    buffer: the server, once the buffers between them are full, waits in mid-file."""

    url: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 0
    connection: socket.socket | None = None
    reader: BinaryIO | None = None

    def open(self) -> SlowDownload:
        """Send the request and read the status line and headers."""
        address = self.url.split("//", 1)[1].rstrip("/")
        name, port = address.rsplit(":", 1)
        self.connection = socket.socket()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        self.connection.settimeout(DEADLINE)
        self.connection.connect((name, int(port)))
        self.connection.sendall(f"GET {self.target} HTTP/1.0\r\nHost: {address}\r\n\r\n".encode())
        self.reader = reader = self.connection.makefile("rb")
        self.status = int(reader.readline().split()[1])
        while (line := reader.readline().decode("latin-1").rstrip("\r\n")) != "":
            key, value = line.split(":", 1)
            self.headers[key.strip().lower()] = value.strip()
        return self

    def read(self, size: int = -1) -> bytes:
        """``size`` bytes of the body (all the rest: -1)."""
        assert self.reader is not None
        return self.reader.read(size)

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
        if self.connection is not None:
            self.connection.close()


@dataclass
class Running:
    """A started preview and the lines it logged."""

    preview: Preview
    log: list[str]

    @property
    def url(self) -> str:
        return self.preview.url

    def get(self, target: str) -> Reply:
        return request(self.url, target)

    def page(self, target: str) -> str:
        """The text of a page that must exist."""
        reply = self.get(target)
        assert reply.status == 200, f"{target}: {reply.status}"
        return reply.text

    def when(self, target: str, check: Callable[[Reply], bool], what: str) -> Reply:
        """Poll ``target`` until ``check`` accepts the reply."""

        def probe() -> Reply | None:
            reply = self.get(target)
            return reply if check(reply) else None

        return eventually(probe, what)


StartPreview = Callable[..., Running]
