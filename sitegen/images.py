"""The pictures in ``content/`` and ``static/``: their pixel size, and smaller copies.

The size gives an ``<img>`` its ``width`` and ``height``: a browser then keeps each
picture's place while it loads, and the text does not jump under the reader (no
layout shift). It is read from the file's first bytes (PNG, JPEG, GIF, WebP, SVG, …
through ``imagesize``). A builder that lives on (serve's) remembers sizes until it
is told the file was written.

A large photo (JPEG, PNG, WebP) also gets smaller copies, made with Pillow, that a
phone loads instead (``srcset``): see :mod:`sitegen.pictures`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path

# imagesize and Pillow (30 ms to import) are imported where they are used: a command
# that measures and copies no picture never pays for them.

Size = tuple[int, int]
# What an <img> is given of its picture: width, height, and the widths of its smaller copies.
Picture = tuple[int, int, tuple[int, ...]]
# The pictures that get smaller copies, by suffix, and Pillow's name of their format.
RESIZABLE = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
WIDTHS_FILE = "widths"  # in a folder of copies: their widths, written last


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
    import imagesize

    try:
        width, height = imagesize.get(file)  # upright: a photo's EXIF orientation counts
    except (OSError, ValueError):
        return None
    if width <= 0 or height <= 0:
        return None
    return round(width), round(height)


def resizable(path: str) -> bool:
    """The picture at ``path`` is of a format that gets smaller copies."""
    return os.path.splitext(path)[1].lower() in RESIZABLE


def copy_path(path: str, width: int, webp: bool = False) -> str:
    """The path (or URL) of the copy ``width`` pixels wide of the picture at ``path``:
    ``images/photo.jpg`` → ``images/photo-640w.jpg`` (``photo-640w.webp`` when the
    copies are WebP)."""
    stem, suffix = os.path.splitext(path)
    return f"{stem}-{width}w{'.webp' if webp else suffix}"


def copy_name(path: str, width: int, webp: bool = False) -> str:
    """The file name of that copy in its folder of the cache."""
    return f"{width}{'.webp' if webp else os.path.splitext(path)[1].lower()}"


def make_copies(
    source: Path, folder: Path, widths: tuple[int, ...], quality: int, webp: bool = False
) -> tuple[int, ...]:
    """Write into ``folder`` a copy of the picture ``source`` at each of ``widths``
    narrower than it (an animation gets none), then the list of them; return it.
    With ``webp``, the copies are WebP — lossless for a PNG (a chart, a screenshot,
    whose edges stay sharp), at ``quality`` for a photo — and a picture not WebP
    itself gets one at its own width too (see copy_widths).

    Raises ``OSError`` or ``ValueError`` (Pillow's ``UnidentifiedImageError`` is
    one) when the picture cannot be decoded.
    """
    original = RESIZABLE[os.path.splitext(source.name)[1].lower()]
    kind = "WEBP" if webp else original
    options: dict[str, object] = {"quality": quality}
    if original == "PNG":
        options = {"lossless": True} if webp else {"optimize": True}
    from PIL import Image, ImageOps

    made: list[int] = []
    with Image.open(source) as opened:
        animated = getattr(opened, "is_animated", False)
        picture = ImageOps.exif_transpose(opened)  # as browsers show it: upright
        if kind == "JPEG" and picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        elif picture.mode not in ("RGB", "RGBA", "L", "LA"):
            picture = picture.convert("RGBA")
        wanted = () if animated else copy_widths(picture.width, widths, own_copy(source.name, webp))
        for width in wanted:
            height = max(1, round(picture.height * width / picture.width))
            smaller = picture.resize((width, height), Image.Resampling.LANCZOS)
            smaller.save(folder / copy_name(source.name, width, webp), kind, **options)
            made.append(width)
    made = _smaller_than_wider(source, folder, made, webp)
    (folder / WIDTHS_FILE).write_text(" ".join(map(str, made)), "utf-8")
    return tuple(made)


def _smaller_than_wider(source: Path, folder: Path, widths: list[int], webp: bool) -> list[int]:
    """The copies (of ``widths``, made in ``folder``) that take fewer bytes than the picture
    and every wider copy kept; the others are deleted. A narrower copy of a chart or a
    screenshot can take more: shrinking smooths its sharp edges into many new colours
    (a 640-pixel PNG of line art can take three times the bytes of the 2,000-pixel one),
    and a browser picks by width alone."""
    kept: list[int] = []
    fewest = source.stat().st_size
    for width in sorted(widths, reverse=True):
        copy = folder / copy_name(source.name, width, webp)
        size = copy.stat().st_size
        if size < fewest:
            kept.append(width)
            fewest = size
        else:
            copy.unlink()
    return sorted(kept)


def own_copy(path: str, webp: bool) -> bool:
    """The picture at ``path`` gets a copy at its own width: its WebP version, which
    stands for it in ``srcset``, when the copies are WebP and it is not one itself."""
    return webp and RESIZABLE[os.path.splitext(path)[1].lower()] != "WEBP"


def copy_widths(width: int, widths: tuple[int, ...], own: bool) -> list[int]:
    """The widths of the copies of a picture ``width`` pixels wide: those of ``widths``
    narrower than it, and with ``own`` its own too (see own_copy)."""
    return [w for w in widths if w < width] + ([width] if own else [])


def made_copies(folder: Path) -> tuple[int, ...] | None:
    """The widths of the copies in ``folder``, or None when they were not all made."""
    try:
        text = (folder / WIDTHS_FILE).read_text("utf-8")
    except OSError:
        return None
    return tuple(int(width) for width in text.split())


def favicon() -> bytes:
    """A plain icon for a new site, until it has its own: lines of text on the theme's
    blue. Browsers ask for ``/favicon.ico`` on a site's first page; without one, every
    first visit logs a missing file."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 31, 31), radius=6, fill=(11, 92, 173, 255))
    for y in (10, 16, 22):
        draw.line((8, y, 23, y), fill=(255, 255, 255, 255), width=2)
    icon = io.BytesIO()
    image.save(icon, format="ICO", sizes=[(16, 16), (32, 32)])
    return icon.getvalue()
