"""The pixel size of the pictures in ``content/`` and ``static/``, for the ``width``
and ``height`` of their ``<img>``: a browser then keeps each picture's place while it
loads, and the text does not jump under the reader (no layout shift).

The size is read from the file's first bytes (PNG, JPEG, GIF, WebP, SVG, … through
``imagesize``). A builder that lives on (serve's) remembers sizes until it is told
the file was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import imagesize

Size = tuple[int, int]


class ImageSizes:
    """Measures pictures of one site, each once until it changes."""

    def __init__(self) -> None:
        self._known: dict[str, Size | None] = {}

    def forget(self, paths: Iterable[str] | None) -> None:
        """Measure ``paths`` again when asked next; every picture when None."""
        if paths is None:
            self._known.clear()
        for path in paths or ():
            self._known.pop(path, None)

    def size(self, site_dir: Path, path: str) -> Size | None:
        """The width and height of the picture at ``path`` in ``site_dir``; None when it
        is not a picture whose size its first bytes tell."""
        if path not in self._known:
            self._known[path] = _measure(site_dir / path)
        return self._known[path]


def _measure(file: Path) -> Size | None:
    try:
        width, height = imagesize.get(file)
    except (OSError, ValueError):
        return None
    if width <= 0 or height <= 0:
        return None
    return round(width), round(height)
