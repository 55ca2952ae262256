"""The HTTP headers an object store serves each file with: Content-Type and Cache-Control.

Folders served by a web server (rsync) and git hosts set their own headers; an
S3-compatible bucket serves what was stored with each object, so we choose.
Types come from a fixed table plus Python's built-in one, never from the
machine's ``/etc/mime.types``, so the same site gets the same headers everywhere.
"""

from __future__ import annotations

import mimetypes
import re
from posixpath import splitext

# Text types carry their charset: sitegen writes UTF-8, and without it browsers
# may guess Shift_JIS for a Japanese page.
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
    ".wasm": "application/wasm",
}
_BUILTIN = mimetypes.MimeTypes()  # Python's own table only: no system files are read

# The theme writes assets as assets/<folder>/<name>.<8 hex digits>.<ext>: their
# name changes with their content, so they can be cached for good.
_FINGERPRINTED = re.compile(r"assets/(?:[^/]+/)*[^/]+\.[0-9a-f]{8}\.[^/.]+")


def content_type(path: str) -> str:
    """The Content-Type of the output file ``path``."""
    extension = splitext(path)[1].lower()
    if extension in _TYPES:
        return _TYPES[extension]
    guessed, encoding = _BUILTIN.guess_type(path, strict=False)
    if encoding is not None:  # a.tar.gz is served as the gzip file it is, not as a tar
        return "application/gzip" if encoding == "gzip" else "application/octet-stream"
    if guessed is None:
        return "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def is_fingerprinted(path: str) -> bool:
    """True for theme assets whose name carries their content hash."""
    return bool(_FINGERPRINTED.fullmatch(path))


def cache_control(path: str, short: str, long: str) -> str:
    """``long`` for fingerprinted assets, ``short`` for pages and every other file."""
    return long if is_fingerprinted(path) else short
