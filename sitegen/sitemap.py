"""``sitemap.xml``, ``robots.txt`` and ``ads.txt``: what crawlers read before the pages.

The sitemap lists the pages worth indexing — home, articles, standalone pages,
tags, authors and archives, not the later pages of a list, the search page or the 404 —
with ``lastmod`` from the articles' ``updated`` or ``date``: never the build's
time, so an unchanged site writes the same bytes; and an article's or page's versions
in other languages, as Google reads them (``xhtml:link``, see translations). Its URLs
must be absolute, so it needs ``base_url``. Drafts are never in it, even in a build
with ``--drafts``.

``robots.txt`` allows everything and points to the sitemap; a site that has its
own ``static/robots.txt`` keeps it instead. ``ads.txt`` names the site's AdSense
publisher as its seller, when ``[ads]`` has one (again unless ``static/`` has one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sitegen.archives import archive_years
from sitegen.config import CONFIG_FILE, Config
from sitegen.discover import STATIC_DIR
from sitegen.errors import Problem
from sitegen.model import Article, Site
from sitegen.pages import Context, PageInfo, PageJob
from sitegen.series import SERIES, group_series
from sitegen.taxonomy import TAXONOMIES, group_tags
from sitegen.translations import Alternate, alternates, indexed
from sitegen.urls import absolute_url, file_url, page_url

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ADS = "ads.txt"


@dataclass(frozen=True)
class SitemapEntry:
    """One page of the sitemap."""

    url: str  # absolute
    lastmod: dt.datetime | None  # unknown for a page without a date
    # An article's or page's versions in each language, itself included (xhtml:link)
    alternates: tuple[Alternate, ...] = ()


def base_url_warnings(config: Config) -> list[Problem]:
    """The one warning of a site without ``base_url``: it gets no feeds and no sitemap."""
    if config.base_url:
        return []
    message = (
        "base_url is not set: no feeds or sitemap are written, and pages have no canonical URL"
    )
    hint = 'set base_url = "https://your.domain/" in site.toml, or pass --base-url'
    return [Problem(CONFIG_FILE, 0, message, hint, "warning")]


def indexed_pages(site: Site) -> tuple[tuple[str, ...], tuple[dt.datetime | None, ...]]:
    """The pages of the site worth indexing: the path of each, and the date it last changed."""
    articles = [a for a in site.articles if not a.draft]
    base = site.config.base_path
    newest = _newest(articles)  # the home page, the tag index and the archives list them all
    found: list[tuple[str, dt.datetime | None]] = [(page_url(base), newest)]
    # Not those whose canonical address is elsewhere (a sitemap lists canonical pages
    # only), nor those kept out of search engines.
    listed = (a for a in (*articles, *site.pages) if indexed(a))
    found += [(a.url, a.modified) for a in listed]
    complete = len(articles) == len(site.articles)  # no draft (a build with --drafts)
    for taxonomy in TAXONOMIES:
        groups = taxonomy.groups(site)
        if groups and not complete:
            groups = group_tags(articles, terms=taxonomy.terms)
        if groups:
            found.append((page_url(base, taxonomy.folder), newest))
            found += [(group.url, _newest(group.articles)) for group in groups]
    every = site.series if complete else group_series(articles)
    if every:
        found.append((page_url(base, SERIES), _newest([a for s in every for a in s.articles])))
        found += [(series.url, _newest(series.articles)) for series in every]
    years = site.archives if complete else archive_years(articles, base)
    if years:
        found.append((page_url(base, "archives"), newest))
    for year in years:
        found.append((year.url, year.lastmod))
        found += [(month.url, month.lastmod) for month in year.months]
    return tuple(path for path, _ in found), tuple(date for _, date in found)


def translated_pages(site: Site) -> dict[str, tuple[Alternate, ...]]:
    """By path, the versions of each page of the sitemap that has some in other languages
    (see translations.alternates), itself included."""
    found = {}
    for article in (*site.articles, *site.pages):
        if article.translations and (versions := alternates(article, site.config)):
            found[article.url] = versions
    return found


def _newest(articles: Sequence[Article]) -> dt.datetime | None:
    return max((a.modified for a in articles if a.modified), default=None)


def sitemap_pages(site: Site) -> Iterable[PageJob]:
    """``sitemap.xml`` when the site has a ``base_url``; ``robots.txt`` unless it has its own."""
    config = site.config
    if config.base_url:
        # Its inputs are the pages' paths and dates: editing an article's text leaves them
        # the very same objects, which are compared at once (see fingerprint.same).
        inputs = (config, *indexed_pages(site), translated_pages(site))
        yield PageJob(SITEMAP, SITEMAP, "the sitemap", _sitemap, inputs)
    if f"{STATIC_DIR}/{ROBOTS}" not in site.static:
        yield PageJob(ROBOTS, ROBOTS, "robots.txt", _robots, (config,))


def ads_txt_page(site: Site) -> Iterable[PageJob]:
    """``ads.txt`` when the site shows AdSense and has no ``static/ads.txt`` of its own."""
    config = site.config
    if config.ads.adsense and f"{STATIC_DIR}/{ADS}" not in site.static:
        yield PageJob(ADS, ADS, "ads.txt", _ads_txt, (config,))


def _ads_txt(config: Config) -> Context:
    publisher = config.ads.adsense.removeprefix("ca-")  # ads.txt names it pub-…
    return PageInfo("ads", "", file_url(config.base_path, ADS), ""), {"publisher": publisher}


def _sitemap(
    config: Config,
    paths: tuple[str, ...],
    dates: tuple[dt.datetime | None, ...],
    versions: Mapping[str, tuple[Alternate, ...]],
) -> Context:
    entries = tuple(
        SitemapEntry(absolute_url(path, config.origin), lastmod, versions.get(path, ()))
        for path, lastmod in zip(paths, dates, strict=True)
    )
    info = PageInfo("sitemap", "", _sitemap_url(config), "")
    return info, {"entries": entries, "translated": bool(versions)}


def _robots(config: Config) -> Context:
    sitemap_url = _sitemap_url(config) if config.base_url else ""
    return PageInfo("robots", "", file_url(config.base_path, ROBOTS), ""), {
        "sitemap_url": sitemap_url
    }


def _sitemap_url(config: Config) -> str:
    return absolute_url(file_url(config.base_path, SITEMAP), config.origin)
