"""Plan the pages of a site and render them through the theme.

Planning is pure: a :class:`Site` in, a list of :class:`PageJob` out, each naming
its output file, its template and the data it shows. Every template gets the
same small ``site`` view (configuration, newest articles, tags with counts,
pages for the menu) plus the page's own data, so a page depends only on what
its context holds. The planners of archives, feeds, the sitemap and search
live in their own modules; :data:`PLANNERS` lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sitegen.archives import ArchiveLink, archive_pages, archive_years, recent_months
from sitegen.config import Config
from sitegen.feeds import feed_links, feed_pages
from sitegen.jsonld import blog_posting
from sitegen.model import Article, ArticleLink, Site, Tag
from sitegen.pages import FeedLink, PageInfo, PageJob, Planner
from sitegen.related import related_articles
from sitegen.search import search_page, search_url
from sitegen.sitemap import sitemap_pages
from sitegen.taxonomy import paginate
from sitegen.theme import Theme
from sitegen.urls import page_url

RECENT_COUNT = 5


@dataclass(frozen=True)
class TagLink:
    """A tag as lists and menus show it."""

    name: str
    url: str
    count: int


@dataclass(frozen=True)
class SiteView:
    """What every page may show of the whole site."""

    config: Config
    home_url: str
    tags_url: str
    recent: tuple[ArticleLink, ...]
    tags: tuple[TagLink, ...]
    pages: tuple[ArticleLink, ...]
    archives_url: str
    archives: tuple[ArchiveLink, ...]  # the newest months
    search_url: str  # empty when search is off
    feeds: tuple[FeedLink, ...]  # the site's feeds, when it has any


def site_view(site: Site) -> SiteView:
    base = site.config.base_path
    return SiteView(
        config=site.config,
        home_url=page_url(base),
        tags_url=page_url(base, "tags"),
        recent=tuple(a.link for a in site.articles[:RECENT_COUNT]),
        tags=tuple(TagLink(t.name, t.url, t.count) for t in site.tags),
        pages=tuple(p.link for p in site.pages),
        archives_url=page_url(base, "archives"),
        archives=recent_months(archive_years(site.articles, base)),
        search_url=search_url(site.config),
        feeds=feed_links(site.config, site.articles),
    )


def plan(site: Site) -> list[PageJob]:
    """Every page of the site, in a fixed order."""
    return [job for planner in PLANNERS for job in planner(site)]


def home_pages(site: Site) -> Iterable[PageJob]:
    config = site.config
    for paginator in paginate(site.articles, config.page_size, config.base_path):
        title = "" if paginator.number == 1 else f"{paginator.number}"
        info = PageInfo("home", title, paginator.url, config.description)
        yield PageJob(
            paginator.output, "index.html", info, {"paginator": paginator}, "the home page"
        )


def article_pages(site: Site) -> Iterable[PageJob]:
    articles = site.articles
    related = related_articles(articles, site.config.related_articles)
    for index, article in enumerate(articles):
        newer = articles[index - 1].link if index > 0 else None
        older = articles[index + 1].link if index + 1 < len(articles) else None
        context = {
            "article": article,
            "newer": newer,
            "older": older,
            "related": related.get(article.source, ()),
            "structured_data": blog_posting(article, site.config),
        }
        yield PageJob(article.output, "article.html", _info(article), context, article.source)
    for page in site.pages:
        yield PageJob(page.output, "page.html", _info(page), {"article": page}, page.source)


def _info(article: Article) -> PageInfo:
    return PageInfo(article.kind, article.title, article.url, article.summary, article.image)


def tag_pages(site: Site) -> Iterable[PageJob]:
    config = site.config
    info = PageInfo("tags", "", page_url(config.base_path, "tags"), "")
    yield PageJob("tags/index.html", "tags.html", info, {}, "the tag index")
    for tag in site.tags:
        for paginator in paginate(
            tag.articles, config.page_size, config.base_path, "tags", tag.slug
        ):
            feeds = feed_links(config, tag.articles, tag)
            info = PageInfo("tag", tag.name, paginator.url, "", feeds=feeds)
            context = {"tag": _tag_link(tag), "paginator": paginator}
            yield PageJob(
                paginator.output, "tag.html", info, context, f"the tag page of {tag.name!r}"
            )


def _tag_link(tag: Tag) -> TagLink:
    return TagLink(tag.name, tag.url, tag.count)


def not_found_page(site: Site) -> Iterable[PageJob]:
    info = PageInfo("not_found", "", page_url(site.config.base_path, "404.html").rstrip("/"), "")
    yield PageJob("404.html", "404.html", info, {}, "the 404 page")


PLANNERS: tuple[Planner, ...] = (
    home_pages,
    article_pages,
    tag_pages,
    not_found_page,
    archive_pages,
    feed_pages,
    sitemap_pages,
    search_page,
)


def render_page(theme: Theme, view: SiteView, job: PageJob) -> bytes:
    """The bytes of one page."""
    return theme.render(job.template, {"site": view, "page": job.page, **job.context}).encode()
