"""Related articles: the others that share the most tags with an article.

Ranked by the number of tags in common, then newest first, then by source path,
so the order never depends on anything but the articles. Only articles that
share at least one tag are related: a list padded with unrelated posts would
say less than a short one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from sitegen.model import Article, ArticleLink


def related_articles(
    articles: Sequence[Article], count: int
) -> Mapping[str, tuple[ArticleLink, ...]]:
    """For each article's source path, up to ``count`` related articles, best first."""
    if count == 0:
        return {}
    by_tag: dict[str, list[Article]] = {}
    for article in articles:
        for slug in _tag_slugs(article):
            by_tag.setdefault(slug, []).append(article)
    related: dict[str, tuple[ArticleLink, ...]] = {}
    for article in articles:
        shared: Counter[str] = Counter()
        others: dict[str, Article] = {}
        for slug in _tag_slugs(article):
            for other in by_tag[slug]:
                if other.source != article.source:
                    shared[other.source] += 1
                    others[other.source] = other
        ranked = sorted(others.values(), key=lambda other: _rank(shared[other.source], other))
        related[article.source] = tuple(other.link for other in ranked[:count])
    return related


def _tag_slugs(article: Article) -> set[str]:
    # By slug, as tags are grouped: "SEO" and "seo" are one tag.
    return {tag.slug for tag in article.tags}


def _rank(shared: int, article: Article) -> tuple[int, float, str]:
    timestamp = article.date.timestamp() if article.date else 0.0
    return (-shared, -timestamp, article.source)
