"""Which articles and pages a build publishes (drafts, scheduled and expired ones are
left out unless asked for), and which files under ``content/`` wait with them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from sitegen.config import Config
from sitegen.discover import CONTENT_DIR, STATIC_DIR, THEME_DIR, Inventory, walk
from sitegen.model import Article

DRAFT, FUTURE, EXPIRED = "draft", "future", "expired"


def unpublished(article: Article, now: dt.datetime) -> tuple[str, ...]:
    """What keeps ``article`` out of a default build at ``now``: DRAFT, FUTURE (dated
    or to be published later), EXPIRED (past its expiry date), or nothing when it is published."""
    live = article.goes_live
    if not article.draft and article.expires is None and (live is None or live <= now):
        return ()  # the common case, asked of every article some times a build
    states: tuple[str, ...] = ()
    if article.draft:
        states += (DRAFT,)
    if live is not None and live > now:
        states += (FUTURE,)
    if article.expires is not None and article.expires <= now:
        states += (EXPIRED,)
    return states


@dataclass(frozen=True)
class Selection:
    """Which articles a build publishes."""

    drafts: bool = False
    future: bool = False
    expired: bool = False
    now: dt.datetime | None = None  # "now" for future posts; the real clock when None

    def includes(self, article: Article, now: dt.datetime) -> bool:
        states = unpublished(article, now)
        if not states:  # the common case, and one to be quick about: every article, every build
            return True
        allowed = {DRAFT: self.drafts, FUTURE: self.future, EXPIRED: self.expired}
        return all(allowed[state] for state in states)

    def moment(self) -> dt.datetime:
        """The "now" the selection is made at: its own, or the clock's."""
        return self.now or dt.datetime.now(dt.UTC)

    def published(self, articles: Iterable[Article]) -> dict[str, Article]:
        """The articles this selection includes, by source, in the order given."""
        now = self.moment()
        return {a.source: a for a in articles if self.includes(a, now)}

    def next_due(self, articles: Iterable[Article]) -> dt.datetime | None:
        """When the selection of ``articles`` next changes with the clock alone: the first
        future article comes due, or the first published one expires."""
        now = self.moment()
        times = []
        for article in articles:
            live, expires = article.goes_live, article.expires
            if (live is None or live <= now) and (expires is None or expires <= now):
                continue  # nothing to come: most articles
            if article.draft and not self.drafts:
                continue
            if not self.future and live is not None and live > now:
                times.append(live)
            if not self.expired and expires is not None and expires > now:
                times.append(expires)
        return min(times, default=None)


def withheld_files(
    inventory: Inventory,
    articles: Iterable[Article],
    selection: Selection,
    config: Config,
    site_dir: Path,
) -> frozenset[str]:
    """The files under ``content/`` this build keeps back with the articles and pages it
    leaves out (drafts, scheduled and expired ones): they are published with them, and
    not before — an embargoed picture is not at its address ahead of its article.

    Two kinds of file wait so: those of the folder of such an article written as an
    ``index.md`` with its pictures beside it (a Hugo page bundle), whoever shows them —
    a file belongs to the nearest such folder above it, and the folder of ``content/``
    itself is no article's — and those that only such articles show, that no published
    article or page links to or names otherwise (see _named_elsewhere), and no setting
    names (as ``[profile] image``). A file nothing links to is published.
    """
    now = selection.moment()
    published: list[Article] = []
    left_out: list[Article] = []
    for article in articles:
        (published if selection.includes(article, now) else left_out).append(article)
    if not left_out:  # as most builds: nothing is kept back
        return frozenset()

    def bundle(article: Article) -> str | None:
        """The folder of ``article`` if it is a page bundle's ``index.md``."""
        if "/index." not in article.source:  # quick to tell, for most articles
            return None
        folder, name = posixpath.split(article.source)
        return folder if posixpath.splitext(name)[0] == "index" else None

    # Each page bundle's folder, and whether its article is left out.
    bundles = {
        folder: out
        for group, out in ((published, False), (left_out, True))
        for a in group
        if (folder := bundle(a))
    }

    def kept_back(path: str) -> bool:
        folder = posixpath.dirname(path)
        while folder.startswith(f"{CONTENT_DIR}/"):
            if folder in bundles:
                return bundles[folder]
            folder = posixpath.dirname(folder)
        return False

    def shown_by(group: list[Article]) -> set[str]:
        """The content files the articles of ``group`` link to: a link from the site
        root names a file's place in the output, which is its place under ``content/``."""
        prefix = f"{CONTENT_DIR}/"
        rooted = (prefix + link.target for a in group for link in a.root_links)
        return {link.target for a in group for link in a.links}.union(rooted)

    theirs = shown_by(left_out) & inventory.asset_paths
    if theirs:  # the published articles that show them too are looked for only then
        named = (unquote(path.split("#")[0].split("?")[0]) for _, path in config.root_paths())
        theirs -= shown_by(published)
        theirs -= {f"{CONTENT_DIR}{path}" for path in named}
        theirs -= _named_elsewhere(theirs, published, site_dir)
    return frozenset(path for path in inventory.assets if kept_back(path) or path in theirs)


# Files whose text may name a file of content/ other than by a link sitegen follows.
_TEXT_SUFFIXES = (".html", ".htm", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt")


def _named_elsewhere(paths: set[str], published: list[Article], site_dir: Path) -> set[str]:
    """Of ``paths`` (files under content/), those whose name the HTML of a published
    article holds (raw HTML's ``<img src>`` and ``srcset``, a full URL of the site), or
    a text file of static/ or of the site's theme/ (a stylesheet's ``url()``): such a
    reference is no link the build follows, and the file must stay published. A name
    is enough: one found by chance publishes a file, as every file was before."""
    names = {path: posixpath.basename(path) for path in paths}
    spellings = {path: (name, quote(name)) for path, name in names.items()}
    texts: list[str] = [article.html for article in published]
    for folder in (STATIC_DIR, THEME_DIR):
        for relative in walk(site_dir, folder):
            if relative.lower().endswith(_TEXT_SUFFIXES):
                with contextlib.suppress(OSError):
                    texts.append((site_dir / relative).read_text("utf-8", errors="replace"))
    return {
        path
        for path, forms in spellings.items()
        if any(form in text for text in texts for form in forms)
    }
