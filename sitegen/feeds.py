"""Atom and RSS 2.0 feeds of the newest articles, for the site and each tag and author.

``/atom.xml`` and ``/rss.xml`` follow the site, ``/tags/<tag>/atom.xml`` and
``…/rss.xml`` one tag, ``/authors/<author>/…`` one author. Both formats carry the
same entries; the theme's ``feeds/atom.xml`` and ``feeds/rss.xml`` templates write
them, so a theme can change them like any page.

Old addresses of the feeds, another generator's (``[feeds] aliases``, ``tag_aliases``),
get a copy of the feed each, byte for byte: a feed reader follows no redirect page.

Feed readers see a feed outside the site, so every URL in it is absolute, links
inside the articles included: feeds need ``base_url`` and are not written
without it. Dates come from the articles (the newest ``updated`` or ``date``),
never from the clock, so an unchanged site writes the same bytes. Drafts are
never in a feed, even in a build with ``--drafts``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urljoin

from sitegen.config import TAG_PLACEHOLDER, Config
from sitegen.errors import quoted
from sitegen.markup import calculator_placeholder
from sitegen.model import Article, Citation, Site, Tag
from sitegen.pages import Context, FeedFormat, FeedLink, PageInfo, PageJob
from sitegen.taxonomy import TAXONOMIES, Taxonomy
from sitegen.urls import Address, absolute_url, decoded_names, page_url

FILES: dict[FeedFormat, str] = {"atom": "atom.xml", "rss": "rss.xml"}

# URL attributes in HTML that Python-Markdown and authors write; quoted either way.
# A srcset holds several, each with its width: "a-640w.webp 640w, a.png 1200w".
_URL_ATTRIBUTE = re.compile(
    r"""(\s(href|src|cite|poster|srcset)=)(["'])(.*?)\3""", re.IGNORECASE | re.DOTALL
)
# The permalink after each heading: a "#" that only the site's style sheet places.
_HEADING_PERMALINK = re.compile(r'<a [^>]*class="headerlink"[^>]*>[^<]*</a>')


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
    authors: tuple[str, ...]  # their names; none when it is the site's author alone
    # The article's source list, shown after the content (partials/sources.html): the
    # attribution of its quotations is part of the article; none in summary feeds.
    sources: tuple[Citation, ...] = ()
    language: str = ""  # the article's, when not the site's (xml:lang of its entry)
    # The article, whose shortcodes of the theme's the content holds until rendered
    article: Article | None = field(default=None, repr=False, compare=False)

    @property
    def author(self) -> str:
        """The authors' names as one text; empty when it is the site's author alone."""
        return ", ".join(self.authors)


@dataclass(frozen=True)
class Feed:
    """A feed of the site (``tag`` empty) or of one tag or author, newest entries first."""

    tag: str  # the name of the tag or author it follows
    page_url: str  # the HTML page it follows (home or tag page), absolute
    atom: FeedLink
    rss: FeedLink
    updated: dt.datetime  # the newest date or update among its entries
    entries: tuple[FeedEntry, ...]
    description: str = ""  # a tag's, from [tag_descriptions]; the site's stand for the rest
    kind: str = ""  # what it follows: "tag" or "author"; empty for the whole site


def writes_feeds(config: Config) -> bool:
    """Feeds are on and ``base_url`` gives them absolute URLs."""
    return config.feeds.enabled and bool(config.base_url)


def has_feed(config: Config, articles: Sequence[Article], tagged: bool = False) -> bool:
    """A feed of ``articles`` (of one tag, when ``tagged``) is written: feeds are on,
    per tag too if need be, ``base_url`` is set, and one of the articles is no draft."""
    if not writes_feeds(config) or (tagged and not config.feeds.tags):
        return False
    return any(not a.draft for a in articles)


def feed_links(
    config: Config, url: str = "", name: str = "", kind: str = "tag"
) -> tuple[FeedLink, FeedLink]:
    """The Atom and RSS feeds of the page at ``url`` (the home page when empty),
    which follow ``name``, a tag or author by ``kind`` (or the whole site)."""
    folder = url or page_url(config.base_path)
    atom, rss = (absolute_url(folder + FILES[f], config.origin) for f in ("atom", "rss"))
    kind = kind if name else ""
    return FeedLink("atom", atom, name, kind), FeedLink("rss", rss, name, kind)


def feed_pages(site: Site) -> Iterable[PageJob]:
    """An Atom and an RSS file for the site, and for each tag and author (see
    taxonomy.TAXONOMIES); and a copy of one of them at each old address of those feeds."""
    config = site.config
    yield from _feeds_of(config, None, site.articles)
    for taxonomy in TAXONOMIES:
        for group in taxonomy.groups(site):
            yield from _feeds_of(config, (taxonomy, group), group.articles)


def _feeds_of(
    config: Config, followed: tuple[Taxonomy, Tag] | None, articles: Sequence[Article]
) -> Iterable[PageJob]:
    """The feeds of ``articles``: the site's (``followed`` None) or a tag's or author's."""
    if not has_feed(config, articles, tagged=followed is not None):
        return
    newest = tuple(islice((a for a in articles if not a.draft), config.feeds.limit))
    kind, name, url, folder, origin = "", "", "", "", "the feeds"
    key, addresses = "aliases", config.feeds.aliases
    if followed is not None:
        taxonomy, group = followed
        kind, name, url = taxonomy.kind, group.name, group.url
        folder = f"{taxonomy.folder}/{group.slug}/"
        origin = f"the feeds of the {kind} {quoted(name)}"
        key, addresses = "tag_aliases", config.feeds.tag_aliases if taxonomy.aliased else ()
    for format, file in FILES.items():
        inputs = (config, kind, name, url, newest, format)
        yield PageJob(folder + file, f"feeds/{file}", origin, _feed, inputs)
    for address in addresses:
        format = alias_format(address)
        inputs = (config, kind, name, url, newest, format)
        output = alias_output(address, followed[1].slug if followed else "")
        origin = f"site.toml ([feeds] {key}: {quoted(address)})"
        yield PageJob(output, f"feeds/{FILES[format]}", origin, _feed, inputs)


def alias_format(address: str) -> FeedFormat:
    """The format of the copy at an old address of a feed: Atom where the address says
    so (Pelican's ``/feeds/all.atom.xml``, WordPress's ``/feed/atom/``), else RSS 2.0,
    that of Hugo's ``/index.xml`` and WordPress's ``/feed/``."""
    return "atom" if "atom" in address.lower() else "rss"


def alias_output(address: str, tag_slug: str = "") -> str:
    """The output file that answers ``address``, an old address of a feed (with
    ``{tag}`` standing for ``tag_slug``): the file itself when its last part has a
    suffix (``/index.xml``, ``/feeds/all.atom.xml``), else ``index.html`` in a folder
    of that name (``/feed/``, ``/feed``), the file that GitHub Pages, Netlify,
    Cloudflare Pages and S3 websites answer such an address with."""
    names = decoded_names(address.replace(TAG_PLACEHOLDER, tag_slug))
    return Address(names, bool(names) and not address.endswith("/") and "." in names[-1]).output


def _feed(
    config: Config,
    kind: str,
    name: str,
    url: str,
    articles: tuple[Article, ...],
    format: FeedFormat,
) -> Context:
    atom, rss = feed_links(config, url, name, kind)
    entries = tuple(_entry(a, config) for a in articles)
    home = absolute_url(url or page_url(config.base_path), config.origin)
    updated = max(e.updated for e in entries)
    description = config.tag_descriptions.get(name, "") if kind == "tag" else ""
    feed = Feed(name, home, atom, rss, updated, entries, description, kind)
    return PageInfo("feed", name, (atom if format == "atom" else rss).url, ""), {"feed": feed}


def _entry(article: Article, config: Config) -> FeedEntry:
    assert article.date is not None  # articles always have a date
    url = absolute_url(article.url, config.origin)
    full = config.feeds.content == "full"
    body = _HEADING_PERMALINK.sub("", _calculator_links(article, url))
    content = absolute_html(body, url) if full else ""
    return FeedEntry(
        title=article.title,
        url=url,
        published=article.date,
        updated=article.modified or article.date,
        summary=article.summary,
        content=content,
        tags=tuple(tag.name for tag in article.tags),
        authors=_authors(article, config),
        sources=article.sources if full else (),
        language=article.language,
        article=article,
    )


def with_shortcodes_rendered(feed: Feed, render: Callable[[str, Article], str]) -> Feed:
    """``feed`` with the shortcodes of the theme's in its entries' content rendered by
    ``render`` (content, article), as on the article's page; their URLs made absolute
    as the rest's."""
    entries = tuple(
        dataclasses.replace(entry, content=absolute_html(render(entry.content, a), entry.url))
        if entry.content and (a := entry.article) is not None and a.shortcodes
        else entry
        for entry in feed.entries
    )
    return dataclasses.replace(feed, entries=entries)


def _authors(article: Article, config: Config) -> tuple[str, ...]:
    """The names of ``article``'s authors; none when it is the site's author alone, whom
    the feed names for every entry."""
    names = tuple(ref.name for ref in article.authors)
    return () if names == (config.author,) else names


def _calculator_links(article: Article, url: str) -> str:
    """The body with a link to each calculator on the article's page in its place:
    a feed reader runs no widget."""
    body = article.html
    for index, placed in enumerate(article.calculators):
        title = html.escape(placed.calculator.title)
        link = f'<p><a href="{url}#{placed.widget_id}">{title}</a></p>'
        body = body.replace(calculator_placeholder(index), link, 1)
    return body


def absolute_html(body: str, base: str) -> str:
    """``body`` with every URL in a link, image or citation made absolute against ``base``.

    Paths from the root get the site's origin, ``#fn:1`` becomes ``base#fn:1``,
    and full URLs stay as they are.
    """

    def absolute(match: re.Match[str]) -> str:
        attribute, name, quote, value = match.groups()
        if name.lower() == "srcset":
            candidates = (candidate.strip().split(maxsplit=1) for candidate in value.split(","))
            value = ", ".join(" ".join([urljoin(base, c[0]), *c[1:]]) for c in candidates if c)
        else:
            value = urljoin(base, value)
        return f"{attribute}{quote}{value}{quote}"

    return _URL_ATTRIBUTE.sub(absolute, body)
