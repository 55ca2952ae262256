"""Group articles by tag and split lists into pages. Pure functions over the model."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sitegen.model import Article, Tag
from sitegen.urls import page_output, page_url

T = TypeVar("T")


def newest_first(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Articles by date, newest first; ties broken by source path for a fixed order."""
    by_path = sorted(articles, key=lambda a: a.source)
    return tuple(sorted(by_path, key=lambda a: a.date.timestamp() if a.date else 0, reverse=True))


def group_tags(articles: Sequence[Article]) -> tuple[Tag, ...]:
    """One :class:`Tag` per tag slug, with its articles in the order given.

    Tags whose slugs are equal (``SEO`` and ``seo``) are one tag; it is shown with
    the spelling used most, the first in sort order on a tie. Tags are ordered by
    article count, then by name.
    """
    members: dict[str, list[Article]] = {}
    spellings: dict[str, Counter[str]] = {}
    urls: dict[str, str] = {}
    for article in articles:
        for ref in article.tags:
            members.setdefault(ref.slug, []).append(article)
            spellings.setdefault(ref.slug, Counter())[ref.name] += 1
            urls[ref.slug] = ref.url
    tags = []
    for slug, tagged in members.items():
        name = min(spellings[slug].items(), key=lambda item: (-item[1], item[0]))[0]
        tags.append(Tag(name, slug, urls[slug], tuple(tagged)))
    return tuple(sorted(tags, key=lambda tag: (-tag.count, tag.name)))


@dataclass(frozen=True)
class Paginator(Generic[T]):
    """One page of a paginated list, with the URLs of every page of the list."""

    items: tuple[T, ...]
    number: int  # 1-based
    urls: tuple[str, ...]  # the URL of every page of the list
    output: str  # the output file of this page

    @property
    def total(self) -> int:
        return len(self.urls)

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def previous_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.total else None


def paginate(items: Sequence[T], size: int, base_path: str, *segments: str) -> list[Paginator[T]]:
    """Split ``items`` into pages at ``/segments/``, ``/segments/page/2/``, …

    An empty list still has one (empty) page, so a tag or home page always exists.
    """
    total = max(1, math.ceil(len(items) / size))
    where = [list(segments) if n == 1 else [*segments, "page", str(n)] for n in range(1, total + 1)]
    urls = tuple(page_url(base_path, *parts) for parts in where)
    return [
        Paginator(tuple(items[(n - 1) * size : n * size]), n, urls, page_output(*where[n - 1]))
        for n in range(1, total + 1)
    ]
