"""Atom and RSS 2.0 feeds of the newest articles, for the whole site and for each tag.

``/atom.xml`` and ``/rss.xml`` follow the site, ``/tags/<tag>/atom.xml`` and
``…/rss.xml`` one tag. Both formats carry the same entries; the theme's
``feeds/atom.xml`` and ``feeds/rss.xml`` templates write them, so a theme can
change them like any page.

Feed readers see a feed outside the site, so every URL in it is absolute, links
inside the articles included: feeds need ``base_url`` and are not written
without it. Dates come from the articles (the newest ``updated`` or ``date``),
never from the clock, so an unchanged site writes the same bytes. Drafts are
never in a feed, even in a build with ``--drafts``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from sitegen.config import Config
from sitegen.model import Article, Site, Tag
from sitegen.pages import FeedFormat, FeedLink, PageInfo, PageJob
from sitegen.urls import absolute_url, page_url

FILES: dict[FeedFormat, str] = {"atom": "atom.xml", "rss": "rss.xml"}

# URL attributes in HTML that Python-Markdown and authors write; quoted either way.
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|cite|poster)=)(["'])(.*?)\2""", re.IGNORECASE)
# Characters XML 1.0 does not allow in a document, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    """One article as a feed carries it: absolute URLs, plain-text summary."""

    title: str
    url: str
    published: dt.datetime
    updated: dt.datetime
    summary: str
    content: str  # the body's HTML with absolute links; empty in summary feeds
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    """A feed of the site (``tag`` empty) or of one tag, newest entries first."""

    tag: str
    folder: str  # where its files go in the output: "" or "tags/経営/"
    page_url: str  # the HTML page it follows (home or tag page), absolute
    atom: FeedLink
    rss: FeedLink
    updated: dt.datetime  # the newest date or update among its entries
    entries: tuple[FeedEntry, ...]


def writes_feeds(config: Config) -> bool:
    """Feeds are on and ``base_url`` gives them absolute URLs."""
    return config.feeds.enabled and bool(config.base_url)


def feed_links(
    config: Config, articles: Sequence[Article], tag: Tag | None = None
) -> tuple[FeedLink, ...]:
    """The Atom and RSS feeds of the site (or of ``tag``), or none when they are not written."""
    if not writes_feeds(config) or (tag and not config.feeds.tags) or not _published(articles):
        return ()
    folder = tag.url if tag else page_url(config.base_path)
    name = tag.name if tag else ""
    return tuple(
        FeedLink(kind, absolute_url(folder + file, config.origin), name)
        for kind, file in FILES.items()
    )


def _published(articles: Sequence[Article]) -> list[Article]:
    return [a for a in articles if not a.draft]


def feeds(site: Site) -> list[Feed]:
    """The site's feed, then one for each tag, with entries shared between them."""
    config = site.config
    entries: dict[str, FeedEntry] = {}  # an article is in several feeds: convert it once

    def entry(article: Article) -> FeedEntry:
        if article.source not in entries:
            entries[article.source] = _entry(article, config)
        return entries[article.source]

    def feed(articles: Sequence[Article], tag: Tag | None) -> Feed | None:
        links = feed_links(config, articles, tag)
        if not links:
            return None
        chosen = tuple(entry(a) for a in _published(articles)[: config.feeds.limit])
        home = absolute_url(tag.url if tag else page_url(config.base_path), config.origin)
        folder = f"tags/{tag.slug}/" if tag else ""
        updated = max(e.updated for e in chosen)
        return Feed(tag.name if tag else "", folder, home, links[0], links[1], updated, chosen)

    found = [feed(site.articles, None), *(feed(tag.articles, tag) for tag in site.tags)]
    return [f for f in found if f is not None]


def _entry(article: Article, config: Config) -> FeedEntry:
    assert article.date is not None  # articles always have a date
    url = absolute_url(article.url, config.origin)
    content = absolute_html(article.html, url) if config.feeds.content == "full" else ""
    return FeedEntry(
        title=xml_safe(article.title),
        url=url,
        published=article.date,
        updated=article.modified or article.date,
        summary=xml_safe(article.summary),
        content=xml_safe(content),
        tags=tuple(tag.name for tag in article.tags),
    )


def absolute_html(html: str, base: str) -> str:
    """``html`` with every URL in a link, image or citation made absolute against ``base``.

    Paths from the root get the site's origin, ``#fn:1`` becomes ``base#fn:1``,
    and full URLs stay as they are.
    """
    return _URL_ATTRIBUTE.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{urljoin(base, m.group(3))}{m.group(2)}", html
    )


def xml_safe(text: str) -> str:
    """``text`` without the control characters an XML document may not contain."""
    return _NOT_XML.sub("", text)


def feed_pages(site: Site) -> Iterable[PageJob]:
    """An Atom and an RSS file for each feed."""
    for feed in feeds(site):
        origin = f"the feeds of the tag {feed.tag!r}" if feed.tag else "the feeds"
        for link in (feed.atom, feed.rss):
            file = FILES[link.format]
            info = PageInfo("feed", feed.tag, link.url, "")
            yield PageJob(feed.folder + file, f"feeds/{file}", info, {"feed": feed}, origin)
