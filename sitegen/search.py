"""Site search: a search page in the theme, and a Pagefind index of the built site.

`Pagefind <https://pagefind.app>`_ reads the HTML a build wrote and writes a
static index that the browser queries by itself: no server, offline-capable.
Its *extended* binary (``pip install 'pagefind[extended]'``) splits Japanese
into words, which a search for 謝罪金 needs. Pagefind is optional: without it
the build warns, says how to get it, and the site is built all the same.

Indexing is a step of its own, after the output is committed: the index is
written to a temporary folder beside the output and swapped in as ``pagefind/``
while the builder's lock is held. The output stage keeps ``pagefind/`` when it
removes stale files (see :func:`kept`). A digest of every HTML page is stored
with the index, so a build that changed no HTML does not index again.

This module is the only place that uses ``pagefind``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import Problem, SiteError
from sitegen.model import Site
from sitegen.pages import PageInfo, PageJob
from sitegen.urls import page_url

INDEX_DIR = "pagefind"
DIGEST_FILE = "sitegen.digest"  # what the index was made from, inside INDEX_DIR
_INSTALL = "pip install 'sitegen[search]' (or 'pagefind[extended]')"


def kept(config: Config) -> tuple[str, ...]:
    """Output folders that a build must not remove as stale: the index, while search is on."""
    return (INDEX_DIR,) if config.search.enabled else ()


def search_url(config: Config) -> str:
    """The search page's URL, or '' when search is off."""
    return page_url(config.base_path, "search") if config.search.enabled else ""


def search_page(site: Site) -> Iterable[PageJob]:
    """The search page, when search is on."""
    url = search_url(site.config)
    if url:
        info = PageInfo("search", "", url, "")
        yield PageJob("search/index.html", "search.html", info, {}, "the search page")


@dataclass(frozen=True)
class Pagefind:
    """An installed Pagefind binary."""

    executable: Path

    @property
    def extended(self) -> bool:
        """The extended release, the one that splits Japanese and Chinese into words."""
        return "extended" in self.executable.name

    def version(self) -> str:
        result = subprocess.run(
            [self.executable, "--version"], capture_output=True, encoding="utf-8", check=False
        )
        return result.stdout.strip()


def find_pagefind() -> Pagefind | None:
    """Pagefind from its Python package (or ``PAGEFIND_BINARY_PATH``), else from PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind_extended") or shutil.which("pagefind")
        executable = Path(found) if found else None
    else:
        executable = get_executable()
    return Pagefind(executable) if executable and executable.is_file() else None


def search_warnings(config: Config, pagefind: Pagefind | None) -> list[Problem]:
    """Why the site will have no index, or a poor one for Japanese."""
    if not config.search.enabled:
        return []
    if pagefind is None:
        message = "search: Pagefind is not installed, so the site has no search index"
        hint = f"{_INSTALL}, or turn search off with [search] enabled = false"
        return [Problem("", 0, message, hint, "warning")]
    if config.language == "ja" and not pagefind.extended:
        message = "search: this Pagefind cannot split Japanese into words; searches will miss"
        return [Problem("", 0, message, "pip install 'pagefind[extended]'", "warning")]
    return []


class SearchIndex:
    """The Pagefind index in ``output/pagefind/``."""

    def __init__(self, output: Path, pagefind: Pagefind) -> None:
        self.output = output
        self.pagefind = pagefind
        self.folder = output / INDEX_DIR

    def update(self, lock: threading.Lock) -> bool:
        """Index the output again unless its HTML is what the index was made from.

        Returns True when it indexed. Pagefind's failure raises :class:`SiteError`
        (the site itself is already written by then).
        """
        digest = self._digest()
        stored = self.folder / DIGEST_FILE
        if stored.is_file() and stored.read_text("utf-8") == digest:
            return False
        work = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.search-", dir=self.output.parent))
        try:
            fresh = work / INDEX_DIR
            self._run(fresh)
            (fresh / DIGEST_FILE).write_text(digest, "utf-8")
            with lock:  # two renames: the index is never half old, half new
                if self.folder.exists():
                    os.replace(self.folder, work / "old")
                os.replace(fresh, self.folder)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return True

    def _run(self, into: Path) -> None:
        command = [
            self.pagefind.executable,
            "--site",
            self.output,
            "--output-path",
            into,
            "--quiet",
        ]
        result = subprocess.run(
            [str(part) for part in command],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        if result.returncode != 0 or not (into / "pagefind.js").is_file():
            said = (result.stderr.strip() or result.stdout.strip()).splitlines()
            detail = said[-1] if said else f"exit status {result.returncode}"
            raise SiteError.at("", 0, f"search: Pagefind could not index the site: {detail}")

    def _digest(self) -> str:
        """A digest of every HTML page of the output, and of the Pagefind that indexes them."""
        digest = hashlib.blake2b(self.pagefind.version().encode(), digest_size=16)
        for current, dirs, files in os.walk(self.output):
            folder = Path(current)
            dirs[:] = sorted(d for d in dirs if folder / d != self.folder)
            for name in sorted(files):
                if name.endswith(".html"):
                    path = folder / name
                    digest.update(path.relative_to(self.output).as_posix().encode() + b"\0")
                    digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()
