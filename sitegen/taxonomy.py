"""Group articles by tag and split lists into pages. Pure functions over the model."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sitegen.errors import Problem, Problems, quoted
from sitegen.fingerprint import identical
from sitegen.model import Article, Site, Tag, TagRef
from sitegen.urls import page_output, page_url, slugify, spelling_key

T = TypeVar("T")

TAGS = "tags"  # the folder of the tags' pages
AUTHORS = "authors"  # the folder of the authors' pages


def tags_of(article: Article) -> tuple[TagRef, ...]:
    return article.tags


def authors_of(article: Article) -> tuple[TagRef, ...]:
    return article.authors


@dataclass(frozen=True)
class Taxonomy:
    """A way of grouping articles, each group with its pages listing them (paginated, with
    feeds) and an index of the groups: tags, and the authors of a blog of several writers.
    One planner makes the pages of each (see render), one the feeds (see feeds)."""

    folder: str  # where the pages are: tags/<slug>/, and the index tags/
    kind: str  # the page kind of a group's page (tag), its template's name and context key
    groups: Callable[[Site], tuple[Tag, ...]]  # the site's, as assembled
    terms: Callable[[Article], tuple[TagRef, ...]]  # an article's: its tags, its authors
    # Whether the index is written when there are no groups: the header links the tags'.
    always_indexed: bool = False
    described: bool = False  # whether [tag_descriptions] describes its groups
    aliased: bool = False  # whether [feeds] tag_aliases give its feeds old addresses

    @property
    def index_kind(self) -> str:
        """The page kind of the index (tags), and its template's name."""
        return self.folder


TAXONOMIES = (
    Taxonomy(TAGS, "tag", lambda site: site.tags, tags_of, True, True, True),
    Taxonomy(AUTHORS, "author", lambda site: site.authors, authors_of),
)


def term_ref(folder: str, name: str, tag_slugs: Mapping[str, str], base_path: str) -> TagRef:
    """A tag, series or author by its name, with the URL of its page in ``folder``: its
    URL name is the one ``[tag_slugs]`` gives it, else its name made one."""
    slug = tag_slugs.get(name) or slugify(name)
    return TagRef(name, slug, page_url(base_path, folder, slug))


def newest_first(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Articles by date, newest first; ties broken by source path for a fixed order."""
    by_path = sorted(articles, key=lambda a: a.source)
    return tuple(sorted(by_path, key=lambda a: a.date.timestamp() if a.date else 0, reverse=True))


@dataclass
class TagMemo:
    """The last grouping, by what it depends on: each article's source and tags, in order."""

    structure: tuple[tuple[str, tuple[TagRef, ...]], ...] = ()
    tags: tuple[Tag, ...] = ()
    members: tuple[tuple[str, ...], ...] = ()  # the sources of each tag's articles
    # The last shown_names, by the tags of the articles it was given, in order.
    spellings: tuple[tuple[TagRef, ...], ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)


def group_tags(
    articles: Sequence[Article],
    memo: TagMemo | None = None,
    terms: Callable[[Article], tuple[TagRef, ...]] = tags_of,
) -> tuple[Tag, ...]:
    """One :class:`Tag` per tag slug, with its articles in the order given.
    ``terms`` gives each article's tags: its authors (authors_of) group them by author.

    Tags whose slugs are equal (``SEO`` and ``seo``) are one tag; it is shown with
    the spelling used most, the first in sort order on a tie. Tags are ordered by
    article count, then by name.

    ``memo`` (owned by the caller) skips the grouping when no article's source or
    tags changed since the last call, and gives a tag whose articles are the very
    same objects as then the very same :class:`Tag` again.
    """
    if memo is None:
        return _group(articles, terms)
    structure = tuple((a.source, terms(a)) for a in articles)
    if memo.structure != structure:
        memo.structure, memo.tags = structure, _group(articles, terms)
        memo.members = tuple(tuple(a.source for a in tag.articles) for tag in memo.tags)
        return memo.tags
    by_source = {article.source: article for article in articles}
    regrouped = []
    for tag, sources in zip(memo.tags, memo.members, strict=True):
        members = articles_of(sources, by_source, tag.articles)
        same = members is tag.articles
        regrouped.append(tag if same else dataclasses.replace(tag, articles=members))
    memo.tags = tuple(regrouped)
    return memo.tags


def articles_of(
    sources: Sequence[str], by_source: Mapping[str, Article], last: tuple[Article, ...] = ()
) -> tuple[Article, ...]:
    """The articles of ``sources``: ``last`` itself when it holds the very same ones, so
    that a page made from them is known unchanged at once (see fingerprint.same)."""
    articles = tuple(map(by_source.__getitem__, sources))
    return last if identical(last, articles) else articles


def shown_names(articles: Iterable[Article], memo: TagMemo | None = None) -> Mapping[str, str]:
    """By slug, the name each tag that ``articles`` spell more than one way (EC, ＥＣ) is
    shown by: the spelling used most, as the tag's page names it (see _group). The
    articles' own lists of tags show it too (see assemble), never their own spelling.
    ``memo`` gives the last names again when no article's tags changed since."""
    articles = tuple(articles)
    if memo is not None:
        tags = tuple(article.tags for article in articles)
        if memo.spellings != tags:
            memo.spellings, memo.names = tags, shown_names(articles)
        return memo.names
    first: dict[str, str] = {}  # the first spelling of each: most tags have no other
    spelt_otherwise = {
        ref.slug
        for article in articles
        for ref in article.tags
        if first.setdefault(ref.slug, ref.spelling) != ref.spelling
    }
    spellings: dict[str, Counter[str]] = {slug: Counter() for slug in spelt_otherwise}
    for article in articles if spelt_otherwise else ():
        for ref in article.tags:
            if ref.slug in spellings:
                spellings[ref.slug][ref.spelling] += 1
    return {slug: _most_used_first(counts)[0] for slug, counts in spellings.items()}


def shown_as(tags: tuple[TagRef, ...], names: Mapping[str, str]) -> tuple[TagRef, ...]:
    """``tags`` (an article's) each with the name it is shown by in ``names`` (see
    shown_names), the article's own spelling kept in ``spelt`` when that differs."""
    if not names or not any(ref.slug in names or ref.spelt for ref in tags):
        return tags  # shown as spelt: most articles of most sites
    shown = []
    for ref in tags:
        name = names.get(ref.slug, ref.spelling)
        spelt = "" if name == ref.spelling else ref.spelling
        same = (name, spelt) == (ref.name, ref.spelt)
        shown.append(ref if same else dataclasses.replace(ref, name=name, spelt=spelt))
    return tuple(shown)


def _group(
    articles: Sequence[Article], terms: Callable[[Article], tuple[TagRef, ...]]
) -> tuple[Tag, ...]:
    members: dict[str, list[Article]] = {}
    spellings: dict[str, Counter[str]] = {}
    urls: dict[str, str] = {}
    for article in articles:
        for ref in terms(article):
            if ref.slug not in members:
                members[ref.slug], spellings[ref.slug], urls[ref.slug] = [], Counter(), ref.url
            members[ref.slug].append(article)
            spellings[ref.slug][ref.spelling] += 1
    tags = []
    for slug, tagged in members.items():
        names = _most_used_first(spellings[slug])
        tags.append(Tag(names[0], slug, urls[slug], tuple(tagged), names))
    return tuple(sorted(tags, key=lambda tag: (-tag.count, tag.name)))


def _most_used_first(spellings: Counter[str]) -> tuple[str, ...]:
    """The spellings, the one used most first; in sort order on a tie."""
    return tuple(sorted(spellings, key=lambda name: (-spellings[name], name)))


def merged_tags(tags: Sequence[Tag], tag_slugs: Mapping[str, str]) -> list[Problem]:
    """A warning for each tag page that lists tags of different names: C# and C both
    make the URL name c. Spellings of one name (EC, ec, ＥＣ) are one tag, as meant, and
    so are names that ``[tag_slugs]`` gives one URL name (マーケティング = "marketing").

    The warning names every name, those an article gives beside the one it is listed
    under too (C++ beside C), and stands at the file of the first article, oldest first,
    to be listed under a second name (at no line: the model keeps none for a tag). One
    article that gives two names alone is warned of where it is read (see content).
    """
    problems = Problems()
    for tag in tags:
        if len({spelling_key(name) for name in tag.spellings if name not in tag_slugs}) < 2:
            continue  # one name, as nearly every tag has (an article that gives two alone
            # is warned of where it is read): no article to look at
        names: dict[str, str] = {}  # by spelling_key, each name as it is first written
        listed: set[str] = set()  # the spelling keys of the names articles are listed under
        second: tuple[Article, str] | None = None  # the first article listed under another
        for article in reversed(tag.articles):  # oldest first
            ref = next(ref for ref in article.tags if ref.slug == tag.slug)
            written = ref.spelling
            for name in (written, *ref.also):
                if name not in tag_slugs:
                    names.setdefault(spelling_key(name), name)
            if written not in tag_slugs and spelling_key(written) not in listed:
                listed.add(spelling_key(written))
                if len(listed) == 2:
                    second = (article, written)
        if second is not None:
            article, name = second
            problems.warn(
                f"the tags {', '.join(map(quoted, names.values()))} have one URL ({tag.url}):"
                f" they are listed as one, {quoted(tag.name)}",
                hint=f'give one its own URL name in site.toml: [tag_slugs] "{name}" = "…"',
                path=article.source,
            )
    return list(problems)


@dataclass(frozen=True)
class Paginator(Generic[T]):
    """One page of a paginated list; the other pages' URLs are computed on demand."""

    items: tuple[T, ...]
    number: int  # 1-based
    total: int
    first_url: str  # the URL of page 1; page n is at first_url + "page/n/"
    output: str  # the output file of this page

    def url_of(self, number: int) -> str:
        return self.first_url if number == 1 else f"{self.first_url}page/{number}/"

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def previous_url(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.total else None

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last, and ``around`` on each side of
        this one; None marks a gap. ``[1, None, 5, 6, 7, 8, 9, None, 40]``"""
        shown = {1, self.total, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.total)
        window: list[int | None] = []
        for n in numbers:
            if window and n - (window[-1] or 0) > 1:
                window.append(None)
            window.append(n)
        return window


def paginate(items: Sequence[T], size: int, base_path: str, *segments: str) -> list[Paginator[T]]:
    """Split ``items`` into pages at ``/segments/``, ``/segments/page/2/``, …

    An empty list still has one (empty) page, so a tag or home page always exists.
    """
    total = max(1, math.ceil(len(items) / size))
    first = page_url(base_path, *segments)
    return [
        Paginator(
            tuple(items[(n - 1) * size : n * size]),
            n,
            total,
            first,
            page_output(*(segments if n == 1 else (*segments, "page", str(n)))),
        )
        for n in range(1, total + 1)
    ]
