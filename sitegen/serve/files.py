"""Answer a request path from the built site, as a static host would, and never outside it.

A request target is decoded once and split into segments; any segment that could
climb out of the output or name something hidden (empty, ``.``/``..``, a leading
dot, a backslash, a NUL byte; ``/.well-known/`` at the root is no such thing: a site
publishes it from ``static/``) makes the answer a plain 404 before the file system
is consulted. What remains is resolved, symlinks included, and must still lie
inside the output folder. Folders answer with their ``index.html`` (or redirect to
the address with a trailing slash), like GitHub Pages, Netlify or S3 websites do.
A file may be asked for in part (one byte range), as video players do.

A file found is opened, not read: its bytes are read as they are sent (see
:class:`FilePart`), so a video costs a chunk of memory a download, a ``HEAD``
reads nothing, and a range reads only its bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote

from sitegen.discover import WELL_KNOWN
from sitegen.mediatypes import HTML, content_type

INDEX = "index.html"
NOT_FOUND_PAGE = "404.html"
CHUNK = 256 * 1024  # bytes read and sent at a time: what a download holds in memory


@dataclass(frozen=True)
class Target:
    """A request path that may name a file of the site: decoded segments, and
    whether it ended with a slash (asked for a folder)."""

    segments: tuple[str, ...]
    folder: bool

    @property
    def folder_url(self) -> str:
        """The percent-encoded address of this path as a folder, for a redirect."""
        return quote("/" + "".join(f"{s}/" for s in self.segments))


def parse_target(raw: str) -> Target | None:
    """The path of a request target, or None when it cannot name a file of the site.

    ``raw`` is the target as the request line carries it (``/tags/%E7%B5%8C/?p=1``).
    It is decoded exactly once, so ``%252e`` stays the text ``%2e`` and never
    becomes a dot.
    """
    path = raw.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith("/"):
        return None  # absolute-form targets (http://host/x) and garbage
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    parts = decoded[1:].split("/")
    folder = parts[-1] == ""
    segments = tuple(parts[:-1] if folder else parts)
    named = segments[1:] if segments[:1] == (WELL_KNOWN,) else segments
    if not all(_is_plain_name(segment) for segment in named):
        return None
    return Target(segments, folder)


def _is_plain_name(segment: str) -> bool:
    """A file or folder name that stays where it is: no climbing, nothing hidden."""
    return bool(segment) and not segment.startswith(".") and not any(c in segment for c in "\\\0")


@dataclass(frozen=True)
class FilePart:
    """``length`` bytes from ``start`` of a file opened for a request, read only as
    they are sent.

    The file is opened while the builder's lock is held, and read after the lock is
    let go. That is safe because a build never writes into a file of the output: it
    moves a new file into its place (see ``sitegen.output.Staging``), and an open file
    keeps the bytes it had. So a download, however slow, sends one build's file and
    never holds up the next build or another request.
    """

    file: BinaryIO
    start: int
    length: int

    def part(self, start: int, end: int) -> FilePart:
        """Bytes ``start`` to ``end`` (included) of this part."""
        return FilePart(self.file, self.start + start, end - start + 1)

    def chunks(self) -> Iterator[bytes]:
        self.file.seek(self.start)
        left = self.length
        while left > 0:
            chunk = self.file.read(min(CHUNK, left))
            if not chunk:
                return  # cut short by something else than a build: the reply ends early
            left -= len(chunk)
            yield chunk


@dataclass(frozen=True)
class Answer:
    """What to send back: a status, a body and its type, or where to go instead.

    The body is in memory, or a part of an open file; :meth:`close` closes that file.
    """

    status: int
    body: bytes | FilePart = b""
    content_type: str = "text/plain; charset=utf-8"
    location: str = ""
    content_range: str = ""  # which part of the file the body is (206), or its size (416)

    @property
    def is_html(self) -> bool:
        return self.content_type == HTML

    @property
    def length(self) -> int:
        return self.body.length if isinstance(self.body, FilePart) else len(self.body)

    def chunks(self) -> Iterator[bytes]:
        """The body, a chunk at a time (read from its file only now)."""
        if isinstance(self.body, FilePart):
            yield from self.body.chunks()
        elif self.body:
            yield self.body

    def read(self) -> bytes:
        """The whole body (a page, to add the reload script to)."""
        return b"".join(self.chunks())

    def close(self) -> None:
        if isinstance(self.body, FilePart):
            self.body.file.close()


def look_up(root: Path, raw_target: str, language: str = "ja") -> Answer:
    """The answer to a GET of ``raw_target`` from the site built in ``root``, its
    file opened but not read; the caller closes it. ``language``: the site's, which
    the plain 404 page is written in while the site has none of its own.

    The caller holds the builder's lock, so the folder does not change meanwhile.
    """
    root = root.resolve()
    target = parse_target(raw_target)
    found = _inside(root, root.joinpath(*target.segments)) if target else None
    if target is None or found is None:
        return not_found(root, language)
    if found.is_dir():
        if not target.folder:
            return Answer(302, location=target.folder_url)
        found = _inside(root, found / INDEX)
    elif target.folder:
        found = None  # a file asked for as a folder: /about.html/
    if found is None or not found.is_file():
        return not_found(root, language)
    return _opened(found, 200) or not_found(root, language)


def _opened(path: Path, status: int) -> Answer | None:
    """An answer with the file at ``path`` as its body, or None when it does not open."""
    try:
        file = path.open("rb", buffering=0)  # reads what is asked, no more: see FilePart
    except OSError:
        return None
    size = os.fstat(file.fileno()).st_size  # of the file opened, whatever comes after
    return Answer(status, FilePart(file, 0, size), content_type(path.name))


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def byte_range(answer: Answer, header: str | None) -> Answer:
    """``answer`` cut to the one byte range a ``Range`` header asks for (a video player's
    ``bytes=0-1``): 206 with that part, or 416 when the file has no byte in it.

    Pages, several ranges and malformed ones get the whole answer, as HTTP allows.
    """
    match = _RANGE.fullmatch(header.strip()) if header else None
    if match is None or answer.status != 200 or answer.is_html or match.groups() == ("", ""):
        return answer
    first, last = match.groups()
    size = answer.length
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return answer
    else:  # the last bytes: bytes=-500
        start, end = max(size - int(last), 0), size - 1
    if start > end:
        return replace(answer, status=416, body=b"", content_range=f"bytes */{size}")
    body = answer.body
    part = body.part(start, end) if isinstance(body, FilePart) else body[start : end + 1]
    return replace(answer, status=206, body=part, content_range=f"bytes {start}-{end}/{size}")


def _inside(root: Path, candidate: Path) -> Path | None:
    """``candidate`` with symlinks resolved, when it exists and lies inside ``root``."""
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    return real if real.is_relative_to(root) else None


def not_found(root: Path, language: str = "ja") -> Answer:
    """The site's own 404 page with status 404, or a plain one while there is none."""
    page = _inside(root, root / NOT_FOUND_PAGE)
    opened = _opened(page, 404) if page is not None and page.is_file() else None
    return opened or Answer(404, fallback_404(language), HTML)


# The plain 404 page's words, in the site's language as the overlay over it is (a first
# build that failed left no page of the site's own).
_NOT_FOUND_TEXT = {"ja": "ページが見つかりません。", "en": "Not found."}


def fallback_404(language: str) -> bytes:
    """The plain 404 page, in ``language`` (Japanese for one it does not know)."""
    if language not in _NOT_FOUND_TEXT:
        language = "ja"
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        "<title>404</title></head>\n"
        f"<body><h1>404</h1><p>{_NOT_FOUND_TEXT[language]}</p></body></html>\n"
    ).encode()
