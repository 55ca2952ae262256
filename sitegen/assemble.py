"""Put the articles read from each file together into a :class:`~sitegen.model.Site`.

This is the cross-file half of the read stage: which articles are published,
what their relative links point to, and how they group by tag.
"""

from __future__ import annotations

import dataclasses
import html
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote

from sitegen.archives import archive_years
from sitegen.config import CONFIG_FILE, Config
from sitegen.discover import CONTENT_DIR, STATIC_DIR, Inventory
from sitegen.errors import Problem, Problems, quoted
from sitegen.filling import Filling, fill, image_sizes, image_source, resolved_url
from sitegen.images import Picture
from sitegen.keylines import KeyLines
from sitegen.markup import blog_card, root_link
from sitegen.model import Article, LinkRef, Site, TagRef
from sitegen.pictures import cover_picture
from sitegen.related import RelatedMemo, related_articles
from sitegen.selection import FUTURE, Selection, unpublished
from sitegen.series import group_series
from sitegen.sharecards import article_share_image, site_image_path
from sitegen.taxonomy import (
    AUTHORS,
    TagMemo,
    authors_of,
    group_tags,
    newest_first,
    shown_as,
    shown_names,
    term_ref,
)
from sitegen.translations import by_source, translation_problems, translations_of
from sitegen.urls import file_url


def assemble(
    config: Config,
    articles: Sequence[Article],
    inventory: Inventory,
    selection: Selection,
    problems: Problems,
    memo: AssemblyMemo | None = None,
    image_size: Callable[[str], Picture | None] = lambda path: None,
    withheld: frozenset[str] = frozenset(),
) -> Site:
    """Select, link, relate and group ``articles`` (articles and pages, in any order).

    ``memo``, kept by a caller that builds again and again, saves the work of the
    last build where its inputs are unchanged (resolving links, ranking related
    articles). ``image_size`` tells the width and height of a picture of the site,
    and the widths of its smaller copies, for the images of the bodies that name none.
    ``withheld`` are the files kept back with unpublished articles (see withheld_files).
    The articles' pictures for link previews (``image``) are measured too, and the site's.
    """
    memo = memo or AssemblyMemo()
    published = selection.published(articles)
    every = {a.source: a for a in articles}
    tag_names = shown_names(published.values(), memo.tags)
    author_pages = has_author_pages(config, published.values())
    bylines = default_authors(config) if author_pages else ()
    problems.add(translation_problems(articles, config))
    versions = by_source(published)
    inputs = LinkInputs(config, inventory, image_size, withheld, tag_names, bylines, versions)
    linked = memo.linking.link(every, published, inputs)
    resolved = []
    for source in published:
        problems.add(linked[source].warnings)
        resolved.append(linked[source].filled)
    scheduled, warnings = _scheduled(every, published, selection, inputs)
    problems.add(warnings)
    posts = newest_first([a for a in resolved if a.kind == "article"])
    pages = tuple(sorted((a for a in resolved if a.kind == "page"), key=lambda a: a.url))
    related = related_articles(posts, config.related_articles, memo.related)
    archives = archive_years(posts, config.base_path)
    site_image = site_image_path(config.image)
    return Site(
        config,
        posts,
        pages,
        group_tags(posts, memo.tags),
        tuple(path for path in inventory.assets if path not in withheld),
        inventory.static,
        related,
        archives,
        group_series(posts),
        scheduled,
        group_tags(posts, memo.authors, authors_of) if author_pages else (),
        _size(site_image, inventory.paths, image_size) if site_image else None,
    )


def _size(
    path: str, files: Set[str], image_size: Callable[[str], Picture | None]
) -> tuple[int, int] | None:
    """The width and height of the picture at ``path``, when it is a file of the site."""
    picture = image_size(path) if path in files else None
    return picture[:2] if picture else None


def has_author_pages(config: Config, articles: Iterable[Article]) -> bool:
    """Whether the site has a page for each author: when an article names someone other
    than the site's author — a blog of several writers. A blog of one has none."""
    return any(
        ref.name != config.author for a in articles if a.kind == "article" for ref in a.authors
    )


def default_authors(config: Config) -> tuple[TagRef, ...]:
    """Who wrote an article that names no author, on a site with author pages: the site's
    author (none when ``author`` is not set)."""
    if not config.author:
        return ()
    return (term_ref(AUTHORS, config.author, config.tag_slugs, config.base_path),)


@dataclass(frozen=True)
class LinkInputs:
    """What linking an article reads besides the articles: the settings
    (``base_path``, ``[images]``), the site's files, and the pictures' sizes."""

    config: Config
    inventory: Inventory
    image_size: Callable[[str], Picture | None]
    withheld: frozenset[str] = frozenset()  # kept back with their articles: withheld_files
    # By slug, the name a tag spelt several ways is shown by (see taxonomy.shown_names).
    tag_names: Mapping[str, str] = field(default_factory=dict)
    # Who wrote an article that names no author (see default_authors); empty: no one.
    bylines: tuple[TagRef, ...] = ()
    # For each published article with a published translation, the sources of all its
    # versions (see translations.by_source).
    versions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class Linked(NamedTuple):
    """An article linked: its placeholders filled (``filled``), and what that read."""

    article: Article  # as read
    filling: Filling
    filled: Article
    warnings: tuple[Problem, ...]  # about its links
    reads: frozenset[str]  # the sources of the articles it read (see _reads)
    pictures: tuple[tuple[str, Picture | None], ...]  # the pictures it measured, and their sizes


@dataclass
class Linking:
    """The articles of the last assembly as linked, to link again only those that may
    differ: a build in ``serve`` after one article was saved links that one and the
    few that lead to it, not every article of the site.

    Linking an article depends on the article, on the articles it reads
    (``Linked.reads``), on its other versions (translations), on the pictures it
    measured, and on what is the same for every article (the *world*): the settings,
    the site's files and which articles are published. When the world changed, every
    article is linked again; one whose filling is as before gets the very same filled
    article again all the same, so that pages made from it are known unchanged at once
    (see fingerprint.same).
    """

    world: tuple[object, ...] = ()
    articles: dict[str, Article] = field(default_factory=dict)  # every article, as read
    linked: dict[str, Linked] = field(default_factory=dict)  # the published, by source
    readers: dict[str, set[str]] = field(default_factory=dict)  # source → who read it
    versions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # see LinkInputs

    def link(
        self, every: dict[str, Article], published: dict[str, Article], inputs: LinkInputs
    ) -> dict[str, Linked]:
        """Each of ``published``, linked, by source; ``every`` holds the unpublished too."""
        tag_names = tuple(sorted(inputs.tag_names.items()))
        world = (inputs.config, inputs.inventory, frozenset(published), tag_names, inputs.bylines)
        last = self.linked
        stale: Iterable[str]
        if world == self.world:  # then the same articles are published as last time
            stale = self._stale(every, inputs)
            for source in stale:
                for read in last[source].reads:
                    self.readers[read].discard(source)
        else:
            self.world, self.linked, self.readers = world, {}, {}
            stale = published.keys()  # in order: in a set's, 10,000 took a tenth longer
        for source in stale:
            linked = _link(published[source], every, published, inputs, last.get(source))
            self.linked[source] = linked
            for read in linked.reads:
                self.readers.setdefault(read, set()).add(source)
        self.articles, self.versions = every, inputs.versions
        return self.linked

    def _stale(self, every: dict[str, Article], inputs: LinkInputs) -> set[str]:
        """In the same world, the published articles whose linking may differ now: those
        changed, those that read a changed article, the versions of a changed article
        (those that have its translation key now, and those that had it), those whose
        pictures measure otherwise."""
        changed = {source for source, a in every.items() if self.articles.get(source) is not a}
        changed.update(self.articles.keys() - every.keys())
        stale = changed.intersection(self.linked)
        stale.update(*(self.readers.get(source, ()) for source in changed))
        for versions in (inputs.versions, self.versions):
            stale.update(*(versions.get(source, ()) for source in changed))
        stale.update(
            source
            for source, linked in self.linked.items()
            if linked.pictures
            and any(inputs.image_size(path) != size for path, size in linked.pictures)
        )
        return stale


@dataclass
class AssemblyMemo:
    """What assembling remembers for the next build of the same site.

    ``linking``: each published article with its placeholders filled (see Linking).
    ``related``: the related articles, by sources, dates and tags.
    ``tags``: the tags, by sources and tags.
    ``authors``: the authors, by sources and authors.
    """

    linking: Linking = field(default_factory=Linking)
    related: RelatedMemo = field(default_factory=RelatedMemo)
    tags: TagMemo = field(default_factory=TagMemo)
    authors: TagMemo = field(default_factory=TagMemo)


def _link(
    article: Article,
    every: dict[str, Article],
    published: dict[str, Article],
    inputs: LinkInputs,
    last: Linked | None,
) -> Linked:
    """``article`` linked; the filled article of ``last`` (how the last build linked it)
    is given again when the filling is the same."""
    config, inventory = inputs.config, inputs.inventory
    measured: list[tuple[str, Picture | None]] = []

    def measure(path: str) -> Picture | None:
        size = inputs.image_size(path)
        measured.append((path, size))
        return size

    urls, warnings = _link_urls(article, every, published, inputs)
    cover, told = article_share_image(
        article, config.base_path, lambda path: _size(path, inventory.paths, measure)
    )
    filling = Filling(
        urls=urls,
        sizes=image_sizes(article.links, "", inventory.paths, measure),
        rooted=image_sizes(article.root_links, f"{STATIC_DIR}/", inventory.paths, measure),
        cards=_cards(article, every, published, inputs, measure),
        images=config.images,
        tags=shown_as(article.tags, inputs.tag_names),
        authors=article.authors or (inputs.bylines if article.kind == "article" else ()),
        translations=translations_of(
            article, [published[s] for s in inputs.versions.get(article.source, ())], config
        ),
        cover=cover,
    )
    if last is not None and last.article.digest == article.digest and last.filling == filling:
        filled = last.filled
    else:
        filled = fill(article, filling, config.base_path)
    reads = _reads(article, published)
    return Linked(article, filling, filled, (*warnings, *told), reads, tuple(measured))


def _scheduled(
    every: dict[str, Article],
    published: dict[str, Article],
    selection: Selection,
    inputs: LinkInputs,
) -> tuple[tuple[Article, ...], list[Problem]]:
    """The articles scheduled for later (dated later; not drafts, which are still being
    written) that this build leaves out, linked as on their day, and their broken
    links: a build on their day would warn of them, so this one does, while a check
    can still mend them. Their links to articles and files not published yet are not:
    those may be by then."""
    now = selection.moment()
    as_due = dataclasses.replace(inputs, withheld=frozenset())
    linked = [
        _link(a, every, every, as_due, None)
        for s, a in every.items()
        if s not in published and unpublished(a, now) == (FUTURE,)
    ]
    return tuple(one.filled for one in linked), [w for one in linked for w in one.warnings]


def _reads(article: Article, published: dict[str, Article]) -> frozenset[str]:
    """The sources of the articles that filling ``article`` reads: those its links lead
    to, and for a blog card, those the links of its article lead to (the card's
    picture may be one of them)."""
    reads = {link.target for link in article.links}
    for link in article.links:
        target = published.get(link.target) if link.card else None
        if target is not None:
            reads.update(its.target for its in target.links)
    return frozenset(reads)


def _link_urls(
    article: Article, every: dict[str, Article], published: dict[str, Article], inputs: LinkInputs
) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    """The URL of each relative link of ``article``, and warnings about links that lead
    nowhere."""
    urls: list[str] = []
    problems = Problems(article.source)
    for link in article.links:
        target = every.get(link.target)
        if target is not None:
            url = target.url
            if link.fragment and f' id="{html.escape(unquote(link.fragment))}"' not in target.html:
                anchor = "#" + link.fragment
                problems.warn(
                    f"broken link: no heading or anchor {quoted(anchor)} in {quoted(link.target)}",
                    link.line,
                    "a heading's id is its text, spaces as '-': the # beside it in the page",
                )
            if link.target not in published:
                problems.warn(
                    f"link to an unpublished article: {quoted(link.written)}",
                    link.line,
                    "it is a draft or dated in the future",
                )
        elif link.target in inputs.inventory.asset_paths:
            url = file_url(inputs.config.base_path, link.target[len(CONTENT_DIR) + 1 :])
            if link.target in inputs.withheld:
                problems.warn(
                    f"link to a file of an unpublished article: {quoted(link.written)}",
                    link.line,
                    "it is published with the index.md of its folder, a draft or dated "
                    "in the future; put a file other pages show in a folder of its own",
                )
        else:
            url = link.written.split("#", 1)[0]
            problems.warn(f"broken link: no file {quoted(link.target)}{_via(link)}", link.line)
        urls.append(f"{url}#{link.fragment}" if link.fragment else url)
    return tuple(urls), tuple(problems)


def _via(link: LinkRef) -> str:
    """For a broken link written as another generator's cross-reference, what it says."""
    return f", written {link.via}" if link.via else ""


def unmade_links(
    site: Site, outputs: Iterable[str], kept: Sequence[str], config_lines: Callable[[], KeyLines]
) -> list[Problem]:
    """A warning for each link from the site root (``/files/a.pdf``) to nothing the build
    makes: in the articles, and in the settings (``config_lines`` gives their lines).

    ``outputs`` are the paths of the files the build writes; ``kept``, the output folders
    that something else fills (the search index). A link to a folder names its
    ``index.html``, as on any web server, with or without the closing slash.
    """
    links = [(a.source, link) for a in (*site.articles, *site.pages) for link in a.root_links]
    if settings := site.config.root_paths():
        lines = config_lines()
        links += [(CONFIG_FILE, root_link(path, lines(key))) for key, path in settings]
    made = set(outputs)
    problems = Problems()
    for source, link in links:
        target = link.target
        if target in made or posixpath.join(target, "index.html") in made:
            continue
        if target.split("/", 1)[0] in kept:
            continue
        problems.warn(
            f"broken link: nothing in the site at {quoted(link.written)}{_via(link)}",
            link.line,
            "a path from the site root names a page of the site or a file of static/",
            path=source,
        )
    return list(problems)


def unknown_tags(site: Site, config_lines: Callable[[], KeyLines]) -> list[Problem]:
    """A warning for each tag that ``[tag_slugs]`` or ``[tag_descriptions]`` names and no
    published article carries (``[tag_slugs]`` names series and authors too): most often a
    spelling that differs from the articles'."""
    config, tags = site.config, {name for tag in site.tags for name in tag.spellings}
    others = {a.series.name for a in site.articles if a.series is not None}
    others |= {ref.name for a in site.articles for ref in a.authors}
    named = [
        (table, name)
        for table, names, carried in (
            ("tag_slugs", config.tag_slugs, tags | others),
            ("tag_descriptions", config.tag_descriptions, tags),
        )
        for name in names
        if name not in carried
    ]
    if not named:
        return []
    lines = config_lines()
    problems = Problems(CONFIG_FILE)
    for table, name in named:
        problems.warn(
            f"{table}: no published article has the tag {quoted(name)}",
            lines((table, name)),
            "a tag is matched exactly, as written in the articles' tags",
        )
    return list(problems)


def unknown_popular(
    site: Site, sources: Set[str], config_lines: Callable[[], KeyLines]
) -> list[Problem]:
    """A warning for each file ``popular`` names that is no article or page of the site
    (a draft is one: it is left out of the list while unpublished)."""
    unknown = [path for path in site.config.popular if path not in sources]
    if not unknown:
        return []
    line = config_lines()(("popular",))
    problems = Problems(CONFIG_FILE)
    for path in unknown:
        problems.warn(
            f"popular: no article or page at {quoted(path)}: left out of the list",
            line,
            "name the Markdown file from the site folder, as `sitegen list` shows it",
        )
    return list(problems)


def _cards(
    article: Article,
    every: dict[str, Article],
    published: dict[str, Article],
    inputs: LinkInputs,
    image_size: Callable[[str], Picture | None],
) -> tuple[str, ...]:
    """For each link of ``article``: the inside of its blog card when it is one (the
    picture, title and summary of the published article it leads to; else the link as
    written: a draft's title stays unpublished), or ""."""
    config = inputs.config
    cards = []
    for link in article.links:
        target = published.get(link.target) if link.card else None
        if target is not None:
            # Its picture is one of its links when it is a file of the site.
            urls, _ = _link_urls(target, every, published, inputs)
            image, source = resolved_url(target.image, urls), ""
            if image:  # its thumbnail, with the smaller copies of its picture
                path = cover_picture(target, config.base_path)
                picture = image_size(path) if path else None
                source = image_source(image, picture, config.images, card=True)
            # Its title and summary in its language, inside an article maybe in another.
            language = target.language or config.language
            other = language != (article.language or config.language)
            cards.append(blog_card(target.title, target.summary, source, language if other else ""))
        else:
            cards.append(html.escape(link.written, quote=False) if link.card else "")
    return tuple(cards)
