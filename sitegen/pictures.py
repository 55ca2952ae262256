"""Smaller copies of the large pictures a site shows, for phones (``srcset``).

A JPEG, PNG or WebP picture in ``content/`` or ``static/`` that an article shows as
an image with no size of its own gets, for each of ``[images] widths`` narrower
than itself, a copy that wide beside it in the output (``photo.jpg`` →
``photo-640w.jpg``), and its ``<img>`` names them all in ``srcset``: a phone
loads a 640-pixel copy instead of a 4,000-pixel photo, as WordPress and Hugo do.
With ``[images] webp``, the copies are WebP (``photo-640w.webp``), which every
browser that reads ``srcset`` shows, and a JPEG or PNG gets one at its own width
too, which stands for it in ``srcset`` (a small screenshot gets just that one);
``src`` keeps the picture itself.

Copies are made once, in worker processes, into ``.sitegen-cache/pictures/``,
one folder a picture keyed by its file (path, size, modification time) and the
settings; a picture saved again gets new copies, and folders no picture uses any
more are removed. A folder is complete once its list of widths is written last,
so a build stopped midway leaves nothing half-made that a later build would use.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen import __version__
from sitegen.cache import CACHE_DIR
from sitegen.config import Config
from sitegen.discover import CONTENT_DIR, STATIC_DIR, Inventory
from sitegen.errors import Problems
from sitegen.fingerprint import digest_of
from sitegen.images import (
    ImageSizes,
    copy_name,
    copy_path,
    copy_widths,
    made_copies,
    make_copies,
    own_copy,
    resizable,
)
from sitegen.markup import placeholder
from sitegen.model import Article, LinkRef
from sitegen.output import OutputFile
from sitegen.workers import run_all

PICTURES_DIR = "pictures"  # in the cache folder
# From this many pictures to copy, the copies are made in worker processes.
PARALLEL_PICTURES = 4
# Changed when copies are made otherwise, so that those made before are made again.
_COPIES_FORMAT = "2"  # 2: copies no smaller than a wider one are dropped


@dataclass(frozen=True)
class Resized:
    """The smaller copies a build has: each picture's widths, and the files to copy out."""

    widths: Mapping[str, tuple[int, ...]]  # picture path in the site → its copies' widths
    files: list[OutputFile]


def shown_pictures(articles: Iterable[Article], inventory: Inventory, base_path: str) -> list[str]:
    """The pictures of the site that articles show as images with no size of their own,
    or name as their ``image`` (a blog card's thumbnail), of a format that gets copies."""
    paths: set[str] = set()
    for article in articles:
        paths.update(link.target for link in article.links if link.unsized_image)
        paths.update(
            f"{STATIC_DIR}/{link.target}" for link in article.root_links if link.unsized_image
        )
        if cover := cover_picture(article, base_path):
            paths.add(cover)
    return sorted(path for path in paths if path in inventory.paths and resizable(path))


def cover_picture(article: Article, base_path: str) -> str | None:
    """The path in the site of the picture ``article`` names as its ``image``, when
    that is a file beside it or in ``static/``: reading made it the last link of its
    kind (see content.py). None for an address elsewhere, or no image."""
    cover = cover_link(article, base_path)
    return cover[0] if cover else None


def cover_link(article: Article, base_path: str) -> tuple[str, LinkRef] | None:
    """That path, with the link its ``image`` made (its line in the front matter)."""
    if article.links and article.image == placeholder(len(article.links) - 1):
        return article.links[-1].target, article.links[-1]
    rooted = article.root_links[-1] if article.root_links else None
    if rooted is not None and article.image == base_path + rooted.written:
        return f"{STATIC_DIR}/{rooted.target}", rooted
    return None


class PictureCopies:
    """Makes and finds the smaller copies of a site's pictures (a builder keeps one)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.folder = site_dir / CACHE_DIR / PICTURES_DIR
        self._known: dict[str, tuple[int, ...]] = {}  # folder name → widths made

    def prepare(
        self, config: Config, pictures: list[str], sizes: ImageSizes, problems: Problems
    ) -> Resized:
        """The copies of ``pictures`` (made now where the cache has none)."""
        settings = config.images
        if not self.folder.is_dir():  # the cache was deleted, and the copies known with it
            self._known.clear()
        keys: dict[str, str] = {}
        for path in pictures:
            size = sizes.size(self.site_dir, path)
            if size is None:
                problems.warn(
                    "not a picture whose size can be read: shown without width and height, "
                    "and no smaller copies",
                    path=path,
                    hint="is it a picture? open it and save it again",
                )
                continue
            if not copy_widths(size[0], settings.widths, own_copy(path, settings.webp)):
                continue
            stat = (self.site_dir / path).stat()
            keys[path] = digest_of(
                __version__,
                _COPIES_FORMAT,
                path,
                str(stat.st_size),
                str(stat.st_mtime_ns),
                repr((settings.widths, settings.quality, settings.webp)),
            )
        for key in keys.values():
            if key not in self._known and (found := made_copies(self.folder / key)) is not None:
                self._known[key] = found
        todo = [(path, key) for path, key in keys.items() if key not in self._known]
        job = _CopyJob(self.site_dir, self.folder, settings.widths, settings.quality, settings.webp)
        for (path, key), made in zip(
            todo, run_all(job, todo, parallel_from=PARALLEL_PICTURES), strict=True
        ):
            if isinstance(made, str):
                problems.error(
                    f"cannot make smaller copies of this picture: {made}",
                    path=path,
                    hint="open it and save it again, or give its images a width: {width=800}",
                )
            else:
                self._known[key] = made
        self._forget_others(set(keys.values()))
        widths = {path: self._known[key] for path, key in keys.items() if key in self._known}
        files = [
            OutputFile(
                copy_path(_output_path(path), width, settings.webp),
                f"the {width}-pixel copy of {path}",
                copy_of=self.folder / keys[path] / copy_name(path, width, settings.webp),
            )
            for path, made in widths.items()
            for width in made
        ]
        return Resized(widths, files)

    def _forget_others(self, keys: set[str]) -> None:
        """Remove the folders of copies that no picture of the site uses now."""
        self._known = {key: made for key, made in self._known.items() if key in keys}
        try:
            folders = list(self.folder.iterdir())
        except OSError:
            return
        for folder in folders:
            if folder.name not in keys:
                shutil.rmtree(folder, ignore_errors=True)


def _output_path(path: str) -> str:
    """Where the picture at ``path`` in the site is copied in the output."""
    for folder in (CONTENT_DIR, STATIC_DIR):
        if path.startswith(folder + "/"):
            return path[len(folder) + 1 :]
    raise ValueError(path)


@dataclass(frozen=True)
class _CopyJob:
    """Makes the copies of one picture into its folder of the cache (a worker task);
    returns their widths, or why the picture could not be read."""

    site_dir: Path
    folder: Path
    widths: tuple[int, ...]
    quality: int
    webp: bool

    def __call__(self, item: tuple[str, str]) -> tuple[int, ...] | str:
        path, key = item
        self.folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self.folder))
        try:
            made = make_copies(self.site_dir / path, work, self.widths, self.quality, self.webp)
        except (OSError, ValueError) as error:
            shutil.rmtree(work, ignore_errors=True)
            return str(error) or type(error).__name__
        try:
            os.replace(work, self.folder / key)
        except OSError:  # made meanwhile (builds of a site take turns: not by sitegen)
            shutil.rmtree(work, ignore_errors=True)
        return made
