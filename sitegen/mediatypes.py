"""Media types of the files of a built site: what ``Content-Type`` each is served with.

One table for the preview and for publishing, so the site a writer previews is
served with the headers it will have when published. Types come from a fixed
table plus Python's built-in one, never from the machine's ``/etc/mime.types``,
so the same site gets the same headers everywhere.
"""

from __future__ import annotations

import mimetypes
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


HTML = _TYPES[".html"]
