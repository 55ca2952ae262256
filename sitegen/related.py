"""Related articles: the others that share the most tags with an article.

Ranked by the number of tags in common, then newest first, then by source path,
so the order never depends on anything but the articles. Only articles that
share at least one tag are related: a list padded with unrelated posts would
say less than a short one.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence

from sitegen.model import Article


def related_articles(articles: Sequence[Article], count: int) -> Mapping[str, tuple[Article, ...]]:
    """For each article's source path, up to ``count`` related articles, best first.

    The records themselves, not copies: a page made from them is known unchanged
    when they are the same objects as in the last build (pages show their links).
    """
    if count == 0:
        return {}
    by_source = {article.source: article for article in articles}
    # Every article's place when newest first, ties by path: the order after shared tags.
    recency = {a.source: rank for rank, a in enumerate(sorted(articles, key=_newest_first))}
    by_tag: dict[str, list[str]] = {}
    for article in articles:
        for slug in _tag_slugs(article):
            by_tag.setdefault(slug, []).append(article.source)
    related: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        shared = Counter(other for slug in _tag_slugs(article) for other in by_tag[slug])
        del shared[article.source]
        best = heapq.nsmallest(count, shared, key=lambda other: (-shared[other], recency[other]))
        related[article.source] = tuple(by_source[other] for other in best)
    return related


def _tag_slugs(article: Article) -> set[str]:
    # By slug, as tags are grouped: "SEO" and "seo" are one tag.
    return {tag.slug for tag in article.tags}


def _newest_first(article: Article) -> tuple[float, str]:
    return (-article.date.timestamp() if article.date else 0.0, article.source)
