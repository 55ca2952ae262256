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
    # What sites carry besides pages (fonts, pictures, audio, video, downloads), written
    # out rather than left to Python's table: Python 3.11's lacks .ttf, .otf, .ics and
    # .ogg, and the table changes between versions (.wav: audio/x-wav in 3.11,
    # audio/vnd.wave later), while a site's headers must not change with Python.
    ".ics": "text/calendar; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".apng": "image/apng",
    ".jxl": "image/jxl",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".mov": "video/quicktime",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",  # Opus in an Ogg file, as browsers play it
    ".weba": "audio/webm",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".epub": "application/epub+zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
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
