"""Site search: a search page in the theme, and a Pagefind index of the built site.

`Pagefind <https://pagefind.app>`_ reads the HTML a build wrote and writes a
static index that the browser queries by itself: no server, offline-capable.
Its *extended* binary (``pip install 'pagefind[extended]'``) splits Japanese
into words, which a search for 謝罪金 needs. Pagefind is optional: without it
the build warns, says how to get it, and the site is built all the same.

Indexing is a step of its own, after the output is committed. Pagefind is
given only the pages it indexes: those that mark their searchable part with
``data-pagefind-body`` (the theme's articles and pages; a build notes which
pages do as it renders them), or every page when none does — Pagefind's own
rule, so the same pages are indexed, without parsing thousands of list pages.
They are named one by one in the glob of a configuration file that sitegen
writes for it. Pagefind writes the index to a temporary folder beside the
output; it is then moved into
``pagefind/`` file by file while the builder's lock is held, leaving alone the
files whose bytes did not change (most of them: Pagefind names its index and
fragment files by their content), so they keep their modification time and a
publish uploads only what changed. The entry file and the stamp move last and
stale files go after them, so a reader never finds the entry naming a missing
file. The output stage keeps ``pagefind/`` when it removes stale files (see
:func:`kept`).

The stamp says which Pagefind made the index from which pages (a digest of
their paths and bytes): a build whose stamp would be the same does not run
Pagefind at all, so a change to list pages alone does not index again. A failed
run marks the index out of date, so the next build that can makes it anew.

This module is the only place that uses ``pagefind``.
"""

from __future__ import annotations

import contextlib
import filecmp
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from threading import Lock

from sitegen.cache import Written
from sitegen.config import Config
from sitegen.errors import Problem, Problems, SiteError, unreadable
from sitegen.fingerprint import digest_of
from sitegen.frontmatter import load_data
from sitegen.frozen import FrozenMap
from sitegen.model import Site
from sitegen.output import remove_stale, write_hint
from sitegen.pages import Context, PageInfo, PageJob
from sitegen.sourcetext import decode
from sitegen.urls import page_url

INDEX_DIR = "pagefind"
BUNDLE = f"{INDEX_DIR}/pagefind.js"  # what the search page loads first (search.html)
# In INDEX_DIR: the version of the Pagefind that made the index and a digest of the
# pages it was made from, or OUT_OF_DATE after a failed run.
STAMP_FILE = "sitegen-stamp.txt"
OUT_OF_DATE = "out of date\n"
ENTRY_FILE = "pagefind-entry.json"  # what the browser reads first; it names the other files
_INSTALL = "pip install 'pagefind[extended]' (sitegen's search extra)"


# What sitegen's Markdown puts beside the words, not words of the page: a heading's
# permalink (#) and a footnote's way back (↩). Left out of the index and its excerpts.
_NOT_TEXT = [".headerlink", ".footnote-backref"]
# What Pagefind's globs (the wax crate) take for a pattern: escaped in a path named in one.
# Escaping any other character (!, ^) is an error there.
_GLOB_SPECIAL = re.compile(r"[\\?*$:<>()\[\]{},]")
# What marks a page's searchable part. HTML attribute names know no case, nor does Pagefind.
_SEARCH_BODY = b"data-pagefind-body"


def marks_search_body(path: str, data: bytes) -> bool:
    """The output file is a page that marks the part of it the search index takes.
    (Asked of every page a build renders: the mark as themes write it is found in a
    microsecond; only a page without it is lowered, 7 µs, to look again ignoring case.
    A search that ignores case takes several times as long.)"""
    return path.endswith(".html") and (_SEARCH_BODY in data or _SEARCH_BODY in data.lower())


def indexed_pages(outputs: Mapping[str, Written]) -> dict[str, str]:
    """The pages Pagefind indexes, each with its content digest: those that mark their
    searchable part; when none does, Pagefind indexes every page, and all of each."""
    marked = {path: file.digest for path, file in outputs.items() if file.for_search}
    return marked or {path: file.digest for path, file in outputs.items() if path.endswith(".html")}


def kept(config: Config) -> tuple[str, ...]:
    """Output folders that a build must not remove as stale: the index, while search is on."""
    return (INDEX_DIR,) if config.search.enabled else ()


def search_url(config: Config) -> str:
    """The search page's URL, or '' when search is off."""
    return page_url(config.base_path, "search") if config.search.enabled else ""


def search_page(site: Site) -> Iterable[PageJob]:
    """The search page, when search is on."""
    if site.config.search.enabled:
        yield PageJob(
            "search/index.html", "search.html", "the search page", _search, (site.config,)
        )


def _search(config: Config) -> Context:
    return PageInfo("search", "", search_url(config), ""), {}


@dataclass(frozen=True)
class Pagefind:
    """An installed Pagefind binary, and the site's own settings for it."""

    executable: Path
    # From the site's pagefind.yml (see with_site_settings): exclude_selectors, …
    settings: Mapping[str, object] = field(default_factory=FrozenMap)

    @property
    def options(self) -> dict[str, object]:
        """The settings Pagefind runs with: the site's, and the marks it leaves out."""
        own = self.settings.get("exclude_selectors", [])
        excluded = [*_NOT_TEXT, *own] if isinstance(own, list) else own
        return {**self.settings, "exclude_selectors": excluded}

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


# Pagefind's configuration files, as it looks for them in the folder it runs in.
SETTINGS_FILES = ("pagefind.yml", "pagefind.yaml", "pagefind.toml", "pagefind.json")
_SITEGENS = ("site", "source", "glob", "output_path", "output_subdir", "bundle_dir")


def with_site_settings(pagefind: Pagefind, site_dir: Path) -> tuple[Pagefind, list[Problem]]:
    """``pagefind`` with the settings of the site's own Pagefind configuration file
    (``pagefind.yml`` in the site folder: ``exclude_selectors``, ``force_language``, …),
    and a warning for each setting sitegen gives Pagefind itself. A file that does not
    load is an error at its line."""
    for name in SETTINGS_FILES:
        file = site_dir / name
        if not file.is_file():
            continue
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise unreadable(name, error) from None
        settings, lines = load_data(decode(raw, name), name)  # JSON is YAML too
        problems = Problems(name)
        for key in (key for key in _SITEGENS if key in settings):
            problems.warn(
                f"{key}: sitegen gives Pagefind this itself: ignored",
                lines((key,)),
                "sitegen names the pages to index and where the index goes",
            )
        own = {key: value for key, value in settings.items() if key not in _SITEGENS}
        return replace(pagefind, settings=FrozenMap(own)), list(problems)
    return pagefind, []


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


def refresh_index(
    output: Path,
    config: Config,
    pagefind: Pagefind | None,
    outputs: Mapping[str, Written],
    lock: Lock,
) -> bool:
    """Bring ``output/pagefind/`` in line with the output, whose files ``outputs`` records.

    With search off, the index sitegen made is removed. Otherwise ``pagefind`` (when
    given) indexes the pages unless the index was made from these very pages by this
    Pagefind. True when it indexed.
    """
    index = SearchIndex(output)
    if not config.search.enabled:
        index.remove(lock)
        return False
    if pagefind is None:
        return False
    return index.update(pagefind, lock, indexed_pages(outputs))


class SearchIndex:
    """The Pagefind index in ``output/pagefind/``, and its stamp."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.folder = output / INDEX_DIR
        self.stamp = self.folder / STAMP_FILE

    def invalidate(self) -> None:
        """Mark the index as not matching the pages (it still serves until replaced)."""
        if self.stamp.is_file():
            self.stamp.write_text(OUT_OF_DATE, "utf-8")

    def remove(self, lock: Lock) -> None:
        """Remove the index, if sitegen made it (a stamp says so)."""
        if self.stamp.is_file():
            with lock:
                shutil.rmtree(self.folder)

    def update(self, pagefind: Pagefind, lock: Lock, pages: Mapping[str, str]) -> bool:
        """Index ``pages`` (output path → content digest) unless the index was made
        from them by this Pagefind.

        Returns True when it indexed. Pagefind's failure raises :class:`SiteError`
        (the site is written by then) and marks the index out of date, so the
        next build tries again.
        """
        made_from = digest_of(
            json.dumps(pagefind.options, sort_keys=True, default=str),
            *(p + d for p, d in sorted(pages.items())),
        )
        made_by = f"{pagefind.version()}\n{made_from}\n"
        if self.stamp.is_file() and self.stamp.read_text("utf-8") == made_by:
            return False
        try:
            self._make(pagefind, lock, pages, made_by)
        except OSError as error:  # a full disk
            reason = error.strerror or str(error)
            message = f"search: could not write the index: {reason}"
            raise SiteError.at("", 0, message, write_hint(error)) from None
        return True

    def _make(self, pagefind: Pagefind, lock: Lock, pages: Iterable[str], made_by: str) -> None:
        parent = self.output.resolve().parent
        work = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.search-", dir=parent))
        try:
            fresh = work / INDEX_DIR
            try:
                self._run(pagefind, pages, work, fresh)
                (fresh / STAMP_FILE).write_text(made_by, "utf-8")
                with lock:
                    self._move_in(fresh)
            except (SiteError, OSError):  # the next build that can indexes again
                with contextlib.suppress(OSError):
                    self.invalidate()
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _run(self, pagefind: Pagefind, pages: Iterable[str], work: Path, into: Path) -> None:
        """Run Pagefind over ``pages`` of the output, named one by one in the glob of a
        configuration file of its own (in ``work``, its working folder: no other
        ``pagefind.yml`` is read), writing the index into ``into``."""
        glob = "{" + ",".join(_GLOB_SPECIAL.sub(r"\\\g<0>", page) for page in pages) + "}"
        mine = {"site": str(self.output.resolve()), "glob": glob, "output_path": str(into)}
        settings = {**pagefind.options, **mine}
        (work / "pagefind.json").write_text(json.dumps(settings, default=str), "utf-8")
        result = subprocess.run(
            [str(pagefind.executable), "--quiet"],
            cwd=work,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        if result.returncode != 0 or not (into / ENTRY_FILE).is_file():
            said = (result.stderr.strip() or result.stdout.strip()).splitlines()
            detail = said[-1] if said else f"exit status {result.returncode}"
            raise SiteError.at("", 0, f"search: Pagefind could not index the site: {detail}")
        _languages_in_order(into / ENTRY_FILE)

    def _move_in(self, fresh: Path) -> None:
        """Make the index folder hold exactly the files of ``fresh``, changing only
        the files whose bytes differ: content-addressed files first, the entry and
        the stamp last, stale files after them."""
        paths = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
        last = [ENTRY_FILE, STAMP_FILE]
        for path in [p for p in paths if p not in last] + last:
            source, target = fresh / path, self.folder / path
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        remove_stale(self.folder, set(paths))


def _languages_in_order(entry: Path) -> None:
    """Pagefind lists the languages of a site of several (an article in another language)
    in another order on each run: in the order of their names, the same index is the same
    bytes, as the rest of a build's output."""
    data = json.loads(entry.read_bytes())
    languages = data.get("languages")
    if isinstance(languages, dict) and list(languages) != sorted(languages):
        data["languages"] = dict(sorted(languages.items()))
        entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
