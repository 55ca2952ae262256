"""The HTTP headers an object store serves each file with: Content-Type and Cache-Control.

Folders served by a web server (rsync) and git hosts set their own headers; an
S3-compatible bucket serves what was stored with each object, so we choose.
Content types are the site's own (:mod:`sitegen.mediatypes`), as the preview serves them.
"""

from __future__ import annotations

import re

# The theme writes assets as assets/<folder>/<name>.<8 hex digits>.<ext>: their
# name changes with their content, so they can be cached for good.
_FINGERPRINTED = re.compile(r"assets/(?:[^/]+/)*[^/]+\.[0-9a-f]{8}\.[^/.]+")


def is_fingerprinted(path: str) -> bool:
    """True for theme assets whose name carries their content hash."""
    return bool(_FINGERPRINTED.fullmatch(path))


def cache_control(path: str, short: str, long: str) -> str:
    """``long`` for fingerprinted assets, ``short`` for pages and every other file."""
    return long if is_fingerprinted(path) else short
