"""Plan the pages of a site and render them through the theme.

Planning is pure: a :class:`Site` in, a list of :class:`PageJob` out, each naming
its output file, its template and the data it shows. Every template gets the
same ``site`` view (configuration, newest articles, tags with counts, pages for
the menu, every article, the data files) plus the page's own data, made from the
inputs its job names. The planners of archives, feeds, the sitemap and search live in their
own modules; :data:`PLANNERS` lists them all.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sitegen.archives import archive_pages, recent_months
from sitegen.calculators import with_widgets
from sitegen.config import Config
from sitegen.discover import STATIC_DIR
from sitegen.errors import Problem, Problems, quoted, suggestion
from sitegen.feeds import Feed, feed_links, feed_pages, has_feed, with_shortcodes_rendered
from sitegen.frozen import FrozenMap, replaced
from sitegen.jsonld import blog_posting, website
from sitegen.model import ArchiveLink, Article, ArticleLink, Site
from sitegen.output import Place
from sitegen.pages import Context, FeedLink, PageInfo, PageJob, Planner, ShareImage
from sitegen.search import search_page, search_url
from sitegen.series import parts_by_source, series_pages, series_view
from sitegen.share import ShareLink, share_links
from sitegen.sharecards import share_image
from sitegen.shortcodes import with_shortcodes
from sitegen.sitemap import ads_txt_page, sitemap_pages
from sitegen.taxonomy import AUTHORS, TAXONOMIES, Paginator, paginate
from sitegen.templating import Reader
from sitegen.theme import Theme
from sitegen.translations import alternates, key_of
from sitegen.uistrings import Phrase
from sitegen.urls import absolute_url, page_output, page_url, site_link

RECENT_COUNT = 5


@dataclass(frozen=True)
class TagLink:
    """A tag as lists and menus show it."""

    name: str
    url: str
    count: int


@dataclass(frozen=True)
class Icon:
    """A ``<link>`` to an icon of the site: ``rel``, URL and media type (empty: any)."""

    rel: str
    url: str
    type: str = ""


# The icons a site may put at the root of static/, and how each is linked. Browsers ask
# the host for /favicon.ico by themselves, which misses a site under a base path (/blog/)
# and a picture in another format: a link finds it wherever the site lives.
_ICONS = (
    ("favicon.svg", "icon", "image/svg+xml"),
    ("favicon.ico", "icon", ""),
    ("favicon.png", "icon", "image/png"),
    ("apple-touch-icon.png", "apple-touch-icon", ""),
)


def _icons(site: Site) -> tuple[Icon, ...]:
    static, base = set(site.static), site.config.base_path
    return tuple(
        Icon(rel, f"{base}/{name}", media_type)
        for name, rel, media_type in _ICONS
        if f"{STATIC_DIR}/{name}" in static
    )


@dataclass(frozen=True)
class Crumb:
    """One step of a page's breadcrumb trail; the home page's has no name (the theme's)."""

    name: str
    url: str
    language: str = ""  # an article's or page's language, when not the site's


@dataclass(frozen=True)
class SiteView:
    """What every page may show of the whole site."""

    config: Config
    home_url: str
    tags_url: str
    recent: tuple[ArticleLink, ...]
    popular: tuple[ArticleLink, ...]  # [popular] in site.toml: those published, in its order
    tags: tuple[TagLink, ...]
    # The authors of a blog of several writers, as tags, and their index; none and '' on
    # a blog of one: its bylines link nowhere (see taxonomy.TAXONOMIES).
    authors: tuple[TagLink, ...]
    authors_url: str
    pages: tuple[ArticleLink, ...]  # the header's menu
    footer_pages: tuple[ArticleLink, ...]  # the footer's
    archives_url: str
    archives: tuple[ArchiveLink, ...]  # the newest months
    search_url: str  # empty when search is off
    feeds: tuple[FeedLink, ...]  # the site's feeds, when it has any
    image: str  # the picture of link previews of pages that name none; empty when none
    share_image: ShareImage | None  # what they are told of it (see sharecards)
    icons: tuple[Icon, ...] = ()  # the site's own icons, linked from every page
    # Every published article, newest first, as the lists show them (see Site.articles).
    articles: tuple[Article, ...] = ()
    data: Mapping[str, Any] = field(default_factory=FrozenMap)  # content/_data/ (sitedata)


def site_view(site: Site, data: Mapping[str, Any] = FrozenMap()) -> SiteView:
    """The view of ``site`` every page's templates get as ``site``; ``data``, the values
    of its data files."""
    config, base = site.config, site.config.base_path
    return SiteView(
        config=config,
        home_url=page_url(base),
        tags_url=page_url(base, "tags"),
        recent=tuple(a.link for a in site.articles[:RECENT_COUNT]),
        popular=_popular(site),
        tags=tuple(TagLink(t.name, t.url, t.count) for t in site.tags),
        authors=tuple(TagLink(a.name, a.url, a.count) for a in site.authors),
        authors_url=page_url(base, AUTHORS) if site.authors else "",
        pages=_menu(site, "main"),
        footer_pages=_menu(site, "footer"),
        archives_url=page_url(base, "archives"),
        archives=recent_months(site.archives),
        search_url=search_url(config),
        feeds=feed_links(config) if has_feed(config, site.articles) else (),
        image=site_link(config.image, base),
        share_image=share_image(site_link(config.image, base), site.image_size, config.title),
        icons=_icons(site),
        articles=site.articles,
        data=data,
    )


def _popular(site: Site) -> tuple[ArticleLink, ...]:
    """The links of the articles ``popular`` names that this build publishes."""
    published = {a.source: a for a in (*site.articles, *site.pages)}
    return tuple(published[p].link for p in site.config.popular if p in published)


def _menu(site: Site, menu: Literal["main", "footer"]) -> tuple[ArticleLink, ...]:
    """The links of ``menu``: the pages and articles that name it and the entries of
    site.toml's ``[[menu.<menu>]]``, lighter first, then by address."""
    base = site.config.base_path
    weighed = [(a.weight, a.url, a.link) for a in (*site.pages, *site.articles) if a.menu == menu]
    for entry in getattr(site.config.menu, menu):
        url = entry.href(base)
        weighed.append((entry.weight, url, ArticleLink(entry.name, url, None)))
    return tuple(link for _, _, link in sorted(weighed, key=lambda each: each[:2]))


def plan(site: Site) -> list[PageJob]:
    """Every page of the site, in a fixed order."""
    return [job for planner in PLANNERS for job in planner(site)]


def home_pages(site: Site) -> Iterable[PageJob]:
    """The home page and its pages: the articles newest first, the pinned ones before all."""
    config = site.config
    pinned = tuple(a for a in site.articles if a.pinned)
    listed = (*pinned, *(a for a in site.articles if not a.pinned)) if pinned else site.articles
    for part in paginate(listed, config.page_size, config.base_path):
        inputs = (config, part.items, part.number, part.total)
        yield PageJob(part.output, "index.html", "the home page", _home, inputs)


def _home(config: Config, items: tuple[Article, ...], number: int, total: int) -> Context:
    paginator = _paginator(config, items, number, total)
    title = "" if number == 1 else Phrase("page_n", (("n", number),))
    info = PageInfo("home", title, paginator.url, config.description)
    # The site's name for search results, on the home page itself only: not its later pages.
    site_name = website(config) if number == 1 else None
    return info, {"paginator": paginator, "structured_data": site_name}


def _paginator(
    config: Config, items: tuple[Article, ...], number: int, total: int, *segments: str
) -> Paginator[Article]:
    first = page_url(config.base_path, *segments)
    output = page_output(*(segments if number == 1 else (*segments, "page", str(number))))
    return Paginator(items, number, total, first, output)


def article_pages(site: Site) -> Iterable[PageJob]:
    articles, config = site.articles, site.config
    related, series = site.related, parts_by_source(site)
    for index, article in enumerate(articles):
        newer, older = _neighbours(articles, index)
        parts = series.get(article.source, ())
        inputs = (config, article, newer, older, related.get(article.source, ()), parts)
        template = article.layout.template if article.layout else "article.html"
        yield PageJob(article.output, template, article.source, _article, inputs)
    for page in site.pages:
        template = page.layout.template if page.layout else "page.html"
        yield PageJob(page.output, template, page.source, _page, (config, page))


def _neighbours(articles: Sequence[Article], index: int) -> tuple[Article | None, Article | None]:
    """The newer and the older neighbour of ``articles[index]`` (newest first): the
    nearest before and after it; past its versions in other languages, when it has some
    (looked for only then: this runs for every article on every build)."""
    article = articles[index]
    if key_of(article) is None:
        older = articles[index + 1] if index + 1 < len(articles) else None
        return (articles[index - 1] if index else None), older
    newer = _neighbour(article, (articles[i] for i in range(index - 1, -1, -1)))
    return newer, _neighbour(article, (articles[i] for i in range(index + 1, len(articles))))


def _neighbour(article: Article, onwards: Iterable[Article]) -> Article | None:
    """The first of ``onwards`` (the articles after or before ``article``, nearest
    first) that is not one of its versions in other languages: its page links to
    those under its title already (see translations.key_of)."""
    key = key_of(article)
    return next((a for a in onwards if key is None or key_of(a) != key), None)


def scheduled_pages(site: Site) -> list[PageJob]:
    """The pages of the articles and pages scheduled for later, as on their day (an
    article the newest, after the newest published one; in no series yet): not
    written, but rendered to tell their templates' mistakes before then."""
    config, jobs = site.config, []
    for article in site.scheduled:
        if article.kind == "page":
            template = article.layout.template if article.layout else "page.html"
            jobs.append(PageJob(article.output, template, article.source, _page, (config, article)))
        else:
            template = article.layout.template if article.layout else "article.html"
            inputs = (config, article, None, _neighbour(article, site.articles), (), ())
            jobs.append(PageJob(article.output, template, article.source, _article, inputs))
    return jobs


# The theme's templates of lists and other pages that show no one article: an article
# rendered with one would fail on what it lacks (the tag of a tag page).
LIST_TEMPLATES = frozenset(
    ("index.html", "tag.html", "tags.html", "author.html", "authors.html", "archive.html",
     "archives.html", "series.html", "series_index.html", "search.html", "404.html",
     "alias.html", "base.html")
)  # fmt: skip


PARTIALS = "partials/"  # the theme's parts of pages: included, never a page's template


def _layouts(templates: Iterable[str]) -> list[str]:
    """The names that ``layout:`` may give of ``templates`` (without ``.html``)."""
    return sorted(
        name.removesuffix(".html")
        for name in templates
        if name.endswith(".html")
        and name not in LIST_TEMPLATES
        and not name.startswith((PARTIALS, "builtin/"))
    )


def missing_layouts(
    articles: Iterable[Article], published: Site, templates: Callable[[], Iterable[str]]
) -> list[Problem]:
    """An error for each published article or page whose ``layout`` names a template
    that the theme does not have (``templates`` lists the theme's, asked only when one
    is named), or one made for a list (see LIST_TEMPLATES); a warning for one not
    published yet (a draft, a scheduled article): the build that publishes it would fail,
    perhaps on its own on the day it is due."""
    chosen = [(a, a.layout) for a in articles if a.layout]
    if not chosen:  # as most sites: every build and every save in serve asks
        return []
    known = set(templates())
    live = {a.source for a in (*published.articles, *published.pages)}
    problems = Problems()
    for article, layout in chosen:
        if layout.template in LIST_TEMPLATES:
            message = (
                f"{layout.key}: {quoted(layout.template)} is the template of another kind of page"
            )
            hint = f"name a template for one article; it may extend {article.kind}.html"
        elif layout.template.startswith(PARTIALS):
            part = quoted(layout.template)
            message = f"{layout.key}: {part} is a part of pages, not a page's template"
            hint = f"name a template for one article; it may extend {article.kind}.html"
        elif layout.template not in known:
            message = f"{layout.key}: the theme has no template {quoted(layout.template)}"
            otherwise = (
                f"add theme/templates/{layout.template}; it sees what {article.kind}.html sees"
            )
            hint = suggestion(
                layout.template.removesuffix(".html"), _layouts(known), otherwise=otherwise
            )
        else:
            continue
        if article.source in live:
            problems.error(message, layout.line, hint, path=article.source)
        else:
            message += ": the build that publishes it will fail"
            problems.warn(message, layout.line, hint, path=article.source)
    return list(problems)


def _article(
    config: Config,
    article: Article,
    newer: Article | None,
    older: Article | None,
    related: tuple[Article, ...],
    parts: tuple[Article, ...],
) -> Context:
    context = {
        "article": article,
        "newer": newer.link if newer else None,
        "older": older.link if older else None,
        "related": tuple(other.link for other in related),
        "series": series_view(article, parts),
        "structured_data": blog_posting(article, config),
        "share": _share(article, config),
        "breadcrumbs": _breadcrumbs(article, config),
    }
    return _info(article, config), context


def _share(article: Article, config: Config) -> tuple[ShareLink, ...]:
    """Links that share ``article``; none without ``base_url``: a network needs its full
    address."""
    if not config.origin:
        return ()
    url = absolute_url(article.url, config.origin)
    return share_links(url, article.title, config.share_services)


def _page(config: Config, page: Article) -> Context:
    return _info(page, config), {"article": page, "breadcrumbs": _breadcrumbs(page, config)}


def _breadcrumbs(article: Article, config: Config) -> tuple[Crumb, ...]:
    """Home, then an article's first tag, then the article or page itself."""
    tag = (Crumb(article.tags[0].name, article.tags[0].url),) if article.tags else ()
    itself = Crumb(article.title, article.url, article.language)
    return (Crumb("", page_url(config.base_path)), *tag, itself)


def _info(article: Article, config: Config) -> PageInfo:
    return PageInfo(
        article.kind,
        article.title,
        article.url,
        article.summary,
        article.image,
        share_image(article.image, article.image_size, article.title),
        canonical=article.canonical,
        noindex=article.noindex,
        language=article.language,
        alternates=alternates(article, config),
    )


def taxonomy_pages(site: Site) -> Iterable[PageJob]:
    """For tags and authors alike (see taxonomy.TAXONOMIES): the index of the groups, and
    each group's pages listing its articles, newest first."""
    config = site.config
    for taxonomy in TAXONOMIES:
        groups = taxonomy.groups(site)
        if groups or taxonomy.always_indexed:
            index = taxonomy.index_kind
            origin = f"the {taxonomy.kind} index"
            yield PageJob(page_output(index), f"{index}.html", origin, _index, (config, index))
        for group in groups:
            origin = f"the {taxonomy.kind} page of {quoted(group.name)}"
            segments = (taxonomy.folder, group.slug)
            description = config.tag_descriptions.get(group.name, "") if taxonomy.described else ""
            fed = has_feed(config, group.articles, tagged=True)
            link = TagLink(group.name, group.url, group.count)
            for part in paginate(group.articles, config.page_size, config.base_path, *segments):
                inputs = (
                    *(config, taxonomy.kind, segments, link, description),
                    *(part.items, part.number, part.total, fed),
                )
                yield PageJob(part.output, f"{taxonomy.kind}.html", origin, _group_page, inputs)


def _index(config: Config, kind: str) -> Context:
    return PageInfo(kind, "", page_url(config.base_path, kind), ""), {}


def _group_page(
    config: Config,
    kind: str,
    segments: tuple[str, str],  # its folder and its slug: tags/<slug>/
    group: TagLink,
    description: str,
    items: tuple[Article, ...],
    number: int,
    total: int,
    fed: bool,
) -> Context:
    paginator = _paginator(config, items, number, total, *segments)
    feeds = feed_links(config, group.url, group.name, kind) if fed else ()
    info = PageInfo(kind, group.name, paginator.url, description, feeds=feeds)
    return info, {kind: group, "paginator": paginator}


def not_found_page(site: Site) -> Iterable[PageJob]:
    yield PageJob("404.html", "404.html", "the 404 page", _not_found, (site.config,))


def _not_found(config: Config) -> Context:
    return PageInfo("not_found", "", page_url(config.base_path, "404.html").rstrip("/"), ""), {}


def alias_pages(site: Site) -> Iterable[PageJob]:
    """At each old address of an article or page (its ``aliases``), a page that sends
    the reader and search engines on to it, as Hugo's aliases do: to its canonical
    address straight away when it first appeared elsewhere (no chain of two)."""
    for article in (*site.articles, *site.pages):
        inputs = (article.link, article.canonical)
        for output in article.aliases:
            yield PageJob(output, "alias.html", _aliases_of(article), _alias, inputs)


def _aliases_of(article: Article) -> str:
    return f"{article.source} (aliases)"


def source_places(site: Site) -> dict[str, Place]:
    """Where each article and page gives its pages their addresses, by the origin of
    those pages' jobs: its file, and the front-matter key (slug, aliases) at its line."""
    places = {}
    for article in (*site.articles, *site.pages):
        places[article.source] = Place(article.source, *(article.address_key or ("", 0)))
        if article.aliases_key is not None:
            places[_aliases_of(article)] = Place(article.source, *article.aliases_key, old=True)
    return places


def _alias(target: ArticleLink, canonical: str) -> Context:
    info = PageInfo(
        "alias", target.title, target.url, "", canonical=canonical, language=target.language
    )
    return info, {}


PLANNERS: tuple[Planner, ...] = (
    home_pages,
    article_pages,
    alias_pages,
    taxonomy_pages,
    series_pages,
    not_found_page,
    archive_pages,
    feed_pages,
    sitemap_pages,
    ads_txt_page,
    search_page,
)


# The fields of the site view, all of which a page may depend on until it was rendered.
VIEW_FIELDS = frozenset(f.name for f in dataclasses.fields(SiteView))


@dataclass(frozen=True)
class Rendering:
    """A page rendered: its bytes, and what of the site view it depends on."""

    data: bytes
    read: frozenset[str]  # the fields of the view its templates read
    parts: tuple[str, ...]  # the shared parts put in it (see Theme.shared), in order


def render_page(theme: Theme, view: SiteView, job: PageJob) -> Rendering:
    """One page; calculator widgets and the theme's own shortcodes in an article's body
    (on its page, and in a feed) come from the theme.
    An XML file (a feed, the sitemap) keeps only the characters XML allows."""
    page, own = job.context()
    if isinstance(page.title, Phrase):
        page = dataclasses.replace(page, title=theme.phrase(page.title))
    site = Reader(view)
    context = {"site": site, "page": page, **own}
    where = f"{page.url} ({job.origin})"

    def shortcodes(body: str, article: Article) -> str:
        return with_shortcodes(body, article, theme, site, where)

    article = context.get("article")
    if isinstance(article, Article) and article.shortcodes:
        article = replaced(article, html=shortcodes(article.html, article))
    if isinstance(article, Article) and article.calculators:
        article = with_widgets(article, theme)
    if article is not None:
        context["article"] = article
    feed = context.get("feed")
    if isinstance(feed, Feed):
        context["feed"] = with_shortcodes_rendered(feed, shortcodes)
    text = theme.render(job.template, context, where)
    # Told by the template, not the file name: a feed's copy at an old address may be an
    # index.html.
    if job.template.endswith(".xml"):  # whatever its parts came from: site.toml, pasted text
        text = _NOT_XML.sub("", text)
    return Rendering(text.encode(), frozenset(site.read), tuple(site.parts))


# Characters XML 1.0 does not allow in a document, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
