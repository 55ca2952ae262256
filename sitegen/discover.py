"""Find the files of a site: sources, data files, static files and content assets.

Hidden files and editor leftovers (``.#a.md``, ``a.md~``, ``#a.md#``, ``.a.md.swp``,
``4913``) are never read or copied, but for ``static/.well-known/`` (RFC 8615). A link
in content/ or static/ is followed only into those folders. Results are sorted, so
builds are deterministic.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import CONFIG_FILE, Config
from sitegen.errors import Problem, suggestion
from sitegen.keylines import KeyLines
from sitegen.model import Kind

CONTENT_DIR = "content"
STATIC_DIR = "static"
THEME_DIR = "theme"
DATA_DIR = "_data"
MARKDOWN_SUFFIXES = (".md", ".markdown")
# The one hidden folder a build copies, from static/: RFC 8615's, at the root of the
# output. (Not from content/: what a writer commits must not answer for the domain,
# as an ACME challenge or apple-app-site-association does.)
WELL_KNOWN = ".well-known"
# The folders whose files a build publishes as they are: a link in them is followed
# only into them, never to the site's settings (site.toml, with a publish target's
# token), its theme, archetypes or other files.
PUBLISHED_FOLDERS = (CONTENT_DIR, STATIC_DIR)
# Hugo's text of a list page (a section's, content/posts/_index.md, or the home page's,
# content/_index.md): sitegen's lists are made by the theme, so such a file is not read.
LIST_PAGE_STEM = "_index"


def builtin_theme_dir() -> Path:
    """The built-in theme: inside the installed package, or ``theme/`` of a checkout."""
    packaged = Path(__file__).parent / "_theme"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / THEME_DIR


_EDITOR_LEFTOVER = re.compile(
    r"""^(?:\..*|.*~|\#.*\#|.*\.(?:swp|swo|swx|tmp|bak|orig|crdownload|part)
    |4913|.*___jb_(?:tmp|old)___|~\$.*|Thumbs\.db|desktop\.ini)$""",
    re.VERBOSE | re.IGNORECASE,
)


def is_ignored(name: str) -> bool:
    """True for hidden files and the temporary files editors and OSes leave behind."""
    return bool(_EDITOR_LEFTOVER.match(name))


@dataclass(frozen=True)
class Source:
    """A Markdown file of the site and what it is."""

    path: str  # site-relative POSIX path
    kind: Kind


@dataclass(frozen=True)
class Inventory:
    """All the files a build reads, as site-relative POSIX paths, sorted."""

    sources: tuple[Source, ...]
    data: tuple[str, ...]  # files under content/_data/
    assets: tuple[str, ...]  # other files under content/, copied as they are
    static: tuple[str, ...]  # files under static/, copied to the output root
    skipped: tuple[str, ...] = ()  # neither files nor links to one (a broken link, a pipe)
    list_pages: tuple[str, ...] = ()  # Hugo's _index.md files: not read, not published

    @functools.cached_property
    def asset_paths(self) -> frozenset[str]:
        """The files of ``assets``, to look one up at once."""
        return frozenset(self.assets)

    @functools.cached_property
    def paths(self) -> frozenset[str]:
        """Every file listed."""
        sources = (s.path for s in self.sources)
        return frozenset((*sources, *self.data, *self.assets, *self.static, *self.list_pages))


def walk(
    root: Path,
    folder: str,
    skipped: list[str] | None = None,
    *,
    site: Path | None = None,
    within: tuple[str, ...] = (),
) -> list[str]:
    """Every file below ``root/folder`` that is not ignored, sorted. What is neither
    a file nor a link to one (a link to nothing, a pipe that reading would wait on for
    ever) is left out, and added to ``skipped``; so is a link to a folder, which is not
    followed (it may lead out of the site, or round in a loop), and a link to a file
    that leads out of ``site`` (``root`` when not given), or out of its folders
    ``within`` when given, or into a hidden folder (see leads_out): a writer's link to
    ``/etc/passwd``, ``.git/config`` or (with ``within``) ``site.toml`` is not published.
    So is ``folder`` itself when it is a link that leads out of ``site``.

    The site's ``static/.well-known/`` (RFC 8615: security.txt, ACME challenges) is
    walked although hidden, as the one hidden folder a site publishes.

    Folder entries say what they are: only links are looked up (os.walk, then a
    stat for each file, took 30 ms more at 10,000 articles)."""
    found: list[str] = []
    left_out: list[str] = [] if skipped is None else skipped
    real_site = os.path.realpath(site or root)
    regions = [_Region(os.path.realpath(f"{real_site}/{f}"), f == STATIC_DIR) for f in within]
    regions = regions or [_Region(real_site)]
    opening = f"{STATIC_DIR}/{WELL_KNOWN}" if within and folder == STATIC_DIR else None

    def visit(path: str, relative: str) -> None:
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:  # gone, or not a folder: nothing in it to build from
            return
        for entry in entries:
            if is_ignored(entry.name) and f"{relative}/{entry.name}" != opening:
                continue
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path, f"{relative}/{entry.name}")
            elif entry.is_file() and not (entry.is_symlink() and _leads_out(regions, entry.path)):
                found.append(f"{relative}/{entry.name}")
            else:
                left_out.append(f"{relative}/{entry.name}")

    top = os.path.join(root, folder)
    if _leads_out([_Region(real_site)], top):  # content/ itself a link to a folder elsewhere
        left_out.append(folder)
    else:
        visit(top, folder)
    return sorted(found)


def is_hidden_path(relative: str) -> bool:
    """Whether the site-relative POSIX path ``relative`` is ignored (see is_ignored):
    a part of it is hidden, other than the ``.well-known`` folder of static/."""
    parts = relative.split("/")
    if parts[:2] == [STATIC_DIR, WELL_KNOWN]:
        parts = parts[2:]
    return any(map(is_ignored, parts))


def leads_out(site: Path, path: Path) -> bool:
    """Whether ``path``, its links followed, is outside the folder ``site``, or a hidden
    file or one in a hidden folder of it (``.git/config``): a file or folder the site
    does not have, or would not read itself (see is_ignored)."""
    return _leads_out([_Region(os.path.realpath(site))], str(path))


@dataclass(frozen=True)
class _Region:
    """A folder a link may lead into, by its real path; ``static``: its
    ``.well-known/`` is not hidden."""

    real: str
    static: bool = False


def _leads_out(regions: list[_Region], path: str) -> bool:
    """Whether ``path``, its links followed, is in none of ``regions``, or is hidden
    in the one it is in."""
    real = os.path.realpath(path)
    for region in regions:
        try:
            relative = os.path.relpath(real, region.real)
        except ValueError:  # on another drive (Windows)
            continue
        if relative == ".":
            return False
        parts = Path(relative).parts
        if parts[0] == os.pardir:
            continue
        if region.static and parts[0] == WELL_KNOWN:
            parts = parts[1:]
        return any(map(is_ignored, parts))
    return True


def discover(site_dir: Path, config: Config) -> Inventory:
    """List what a build of ``site_dir`` reads."""
    posts_prefix = f"{CONTENT_DIR}/{config.posts_dir.strip('/')}/"
    data_prefix = f"{CONTENT_DIR}/{DATA_DIR}/"
    sources: list[Source] = []
    data: list[str] = []
    assets: list[str] = []
    skipped: list[str] = []
    list_pages: list[str] = []
    for path in walk(site_dir, CONTENT_DIR, skipped, within=PUBLISHED_FOLDERS):
        if path.startswith(data_prefix):
            data.append(path)
        elif is_list_page(path):
            list_pages.append(path)
        elif path.lower().endswith(MARKDOWN_SUFFIXES):
            kind: Kind = "article" if path.startswith(posts_prefix) else "page"
            sources.append(Source(path, kind))
        else:
            assets.append(path)
    static = walk(site_dir, STATIC_DIR, skipped, within=PUBLISHED_FOLDERS)
    return Inventory(
        tuple(sources), tuple(data), tuple(assets), tuple(static), tuple(skipped), tuple(list_pages)
    )


def left_out(site_dir: Path, paths: Iterable[str]) -> list[Problem]:
    """A warning for each of ``paths`` that walk left out, saying why; an error for one
    of the site's own folders (content/, static/, theme/) that is a link leading out:
    all the files the site has there would silently be missing."""
    problems = []
    for path in paths:
        target = site_dir / path
        if "/" not in path and target.is_dir():
            message = f"{path}/ is a link to {target.resolve()}, outside the site: {_NOT_FOLLOWED}"
            problems.append(Problem(path, 0, message, _OWN_FOLDER_HINT))
        elif target.is_dir():
            problems.append(Problem(path, 0, _LINKED_FOLDER, "", "warning"))
        elif target.is_file():
            where = _PUBLISHED_AREA if path.split("/")[0] in PUBLISHED_FOLDERS else "the site"
            message = _LINKED_OUT.format(where=where)
            problems.append(Problem(path, 0, message, _LINKED_OUT_HINT, "warning"))
        else:
            problems.append(Problem(path, 0, _SKIPPED, "", "warning"))
    return problems


_SKIPPED = "neither a file nor a link to one (a broken link, a pipe): left out"
_NOT_FOLLOWED = "sitegen follows no link out of the site (a commit could publish any folder)"
_OWN_FOLDER_HINT = (
    "put the folder itself in the site (a git submodule keeps a shared theme in one place)"
)
_LINKED_FOLDER = "a link to a folder, not followed: the files in it are left out"
_LINKED_OUT = "a link to a file outside {where}, or to a hidden one (.git/), not followed: left out"
_PUBLISHED_AREA = "content/ and static/ (site.toml, theme/, a file elsewhere)"
_LINKED_OUT_HINT = "copy the file into the site if it is meant to be published"


def is_list_page(path: str) -> bool:
    """Whether ``path`` is Hugo's text of a list page: ``_index.md``, in any folder."""
    stem, suffix = posixpath.splitext(posixpath.basename(path))
    return stem == LIST_PAGE_STEM and suffix.lower() in MARKDOWN_SUFFIXES


# The formats other generators read articles from (Jekyll's HTML posts, Pelican's
# reStructuredText, Hugo's AsciiDoc, Textile, plain text), and how such a file becomes
# an article here ({name} and {stem}: the file's).
_TO_MARKDOWN = {
    ".html": "rename it to .md; its HTML then needs [markdown] unsafe_html = true",
    ".htm": "rename it to .md; its HTML then needs [markdown] unsafe_html = true",
    ".txt": "rename it to .md",
    ".rst": "convert it to Markdown, as 'pandoc -f rst -t gfm -o {stem}.md {name}' does,"
    " and start it with front matter",
    ".textile": "convert it to Markdown, as 'pandoc -f textile -t gfm -o {stem}.md {name}'"
    " does, and start it with front matter",
    ".adoc": "convert it to Markdown ('asciidoctor -b docbook -o - {name} | pandoc -f docbook"
    " -t gfm -o {stem}.md') and start it with front matter",
}
# How such a file opens when it is an article.
_ARTICLE_HEAD = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?              # perhaps a byte order mark
        (?: (?:---|\+\+\+)[ \t]*\r?$    # front matter (Jekyll, Hugo)
          | (?:title|date):[ \t] )       # a Pelican header
      | ^:(?:title|date):[ \t]           # the fields under a reST title (Pelican)
    """,
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)
# Enough of a file for that: a reST title and its fields.
_HEAD_BYTES = 512


def unread_articles(site_dir: Path, assets: Iterable[str]) -> list[Problem]:
    """A warning for each file of ``assets`` (under content/) that another generator
    would take for an article: an HTML, reST, AsciiDoc, Textile or text file that opens
    with front matter or a Pelican header. It is copied as it is, its metadata for
    readers to see, and the article is missing. Only the first bytes of files with those
    suffixes are read, never a picture's."""
    problems = []
    for path in assets:
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in _TO_MARKDOWN:
            continue
        try:
            with open(site_dir / path, "rb") as file:
                head = file.read(_HEAD_BYTES)
        except OSError:  # copying it reports it
            continue
        if found := _ARTICLE_HEAD.search(head):
            line = head.count(b"\n", 0, found.start()) + 1
            name = path.rpartition("/")[2]
            how = _TO_MARKDOWN[suffix].format(name=name, stem=name[: -len(suffix)])
            message = "only Markdown files are articles: this one, which opens like an article,"
            message += " is copied as it is, metadata and all"
            problems.append(Problem(path, line, message, f"to make it one, {how}", "warning"))
    return problems


def missing_posts_dir(
    site_dir: Path, config: Config, lines: Callable[[], KeyLines]
) -> list[Problem]:
    """A warning when ``posts_dir`` names a folder that content/ does not have: every
    Markdown file is then a page, and the site has no articles. (Only when it is set:
    a site of pages alone has no content/posts/ either.)"""
    folder = config.posts_dir.strip("/")
    if config.posts_dir == Config.posts_dir or (site_dir / CONTENT_DIR / folder).is_dir():
        return []
    try:
        found = [p.name for p in (site_dir / CONTENT_DIR).iterdir() if p.is_dir()]
    except OSError:
        found = []
    folders = sorted(name for name in found if name != DATA_DIR and not is_ignored(name))
    hint = suggestion(folder, folders, listing="content/ has") or "create it, or remove posts_dir"
    message = f"posts_dir: content/{folder}/ does not exist: the site has pages only, no articles"
    return [Problem(CONFIG_FILE, lines()(("posts_dir",)), message, hint, "warning")]
