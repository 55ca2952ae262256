"""Plan the pages of a site and render them through the theme.

Planning is pure: a :class:`Site` in, a list of :class:`PageJob` out, each naming
its output file, its template and the data it shows. Every template gets the
same small ``site`` view (configuration, newest articles, tags with counts,
pages for the menu) plus the page's own data, so a page depends only on what
its context holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.calculators import with_widgets
from sitegen.config import Config
from sitegen.jsonld import blog_posting
from sitegen.model import Article, ArticleLink, Site, Tag
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


@dataclass(frozen=True)
class PageInfo:
    """The page being rendered, for ``<title>``, canonical URL and navigation."""

    kind: str  # home, article, page, tag, tags, not_found
    title: str  # empty on the home page
    url: str
    description: str


@dataclass(frozen=True)
class PageJob:
    """One output file to render: where, with which template and data."""

    output: str
    template: str
    page: PageInfo
    context: Mapping[str, Any]
    origin: str  # what it comes from, for messages: a source path or a page kind


def site_view(site: Site) -> SiteView:
    base = site.config.base_path
    return SiteView(
        config=site.config,
        home_url=page_url(base),
        tags_url=page_url(base, "tags"),
        recent=tuple(a.link for a in site.articles[:RECENT_COUNT]),
        tags=tuple(TagLink(t.name, t.url, t.count) for t in site.tags),
        pages=tuple(p.link for p in site.pages),
    )


Planner = Callable[[Site], Iterable[PageJob]]


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
    for index, article in enumerate(articles):
        newer = articles[index - 1].link if index > 0 else None
        older = articles[index + 1].link if index + 1 < len(articles) else None
        context = {
            "article": article,
            "newer": newer,
            "older": older,
            "structured_data": blog_posting(article, site.config),
        }
        yield PageJob(article.output, "article.html", _info(article), context, article.source)
    for page in site.pages:
        yield PageJob(page.output, "page.html", _info(page), {"article": page}, page.source)


def _info(article: Article) -> PageInfo:
    return PageInfo(article.kind, article.title, article.url, article.summary)


def tag_pages(site: Site) -> Iterable[PageJob]:
    config = site.config
    info = PageInfo("tags", "", page_url(config.base_path, "tags"), "")
    yield PageJob("tags/index.html", "tags.html", info, {}, "the tag index")
    for tag in site.tags:
        for paginator in paginate(
            tag.articles, config.page_size, config.base_path, "tags", tag.slug
        ):
            info = PageInfo("tag", tag.name, paginator.url, "")
            context = {"tag": _tag_link(tag), "paginator": paginator}
            yield PageJob(
                paginator.output, "tag.html", info, context, f"the tag page of {tag.name!r}"
            )


def _tag_link(tag: Tag) -> TagLink:
    return TagLink(tag.name, tag.url, tag.count)


def not_found_page(site: Site) -> Iterable[PageJob]:
    info = PageInfo("not_found", "", page_url(site.config.base_path, "404.html").rstrip("/"), "")
    yield PageJob("404.html", "404.html", info, {}, "the 404 page")


PLANNERS: tuple[Planner, ...] = (home_pages, article_pages, tag_pages, not_found_page)


def render_page(theme: Theme, view: SiteView, job: PageJob) -> bytes:
    """The bytes of one page; calculator widgets in an article's body come from the theme."""
    context = {"site": view, "page": job.page, **job.context}
    article = context.get("article")
    if isinstance(article, Article) and article.calculators:
        context["article"] = with_widgets(article, theme)
    return theme.render(job.template, context).encode()
