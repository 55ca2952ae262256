"""Related articles: the others that share the most tags with an article.

Ranked by the number of tags in common, then newest first, then by source path,
so the order never depends on anything but the articles. Only articles that
share at least one tag are related: a list padded with unrelated posts would
say less than a short one. The other parts of an article's series are not: the
series box beside them lists them already.

Counting shared tags against every other article is quadratic (seconds at ten
thousand articles), so each tag is a bit mask over the articles in newest-first
order. Adding an article's tag masks in bit-sliced binary counters gives, for
every other article at once, how many tags it shares; the articles sharing
exactly ``n`` are then a mask too, and the newest of them its lowest set bits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sitegen.model import Article
from sitegen.taxonomy import articles_of, newest_first

Structure = tuple[int, tuple[tuple[str, object, tuple[object, ...], object], ...]]
# Each article as the ranking sees it, newest first: its source, tag slugs and series slug.
Ordered = list[tuple[str, frozenset[str], str | None]]


class Ranking(NamedTuple):
    """Each source's related sources, and the digest of what they were ranked from (the
    count, and each article's source, tags and series, newest first)."""

    key: str
    sources: Mapping[str, tuple[str, ...]]


NO_RANKING = Ranking("", {})


@dataclass
class RelatedMemo:
    """The last ranking, with what it was made from: sources, dates and tags (not bodies).

    Its ``ranking`` may come from another process (the cache keeps the last one, see
    Builder): a build that starts afresh ranks again only when the key differs.
    """

    structure: Structure = (0, ())
    ranking: Ranking = NO_RANKING
    # The last answer itself: where it holds the very same articles, its tuples are
    # given again, so a page made from them is seen unchanged at once (fingerprint.same).
    answer: dict[str, tuple[Article, ...]] = field(default_factory=dict)


def related_articles(
    articles: Sequence[Article], count: int, memo: RelatedMemo | None = None
) -> Mapping[str, tuple[Article, ...]]:
    """For each article's source path, up to ``count`` related articles, best first.

    ``memo`` (owned by the caller) skips the ranking when no article's source,
    date or tags changed since the last call, or when its ranking was made from the
    same sources, tags and order.
    """
    if count == 0:
        return {}
    memo = memo or RelatedMemo()
    # What the ranking depends on, in the order given (the site's, newest first):
    # comparing it with the last build's is much cheaper than ranking again.
    structure: Structure = (count, tuple((a.source, a.date, a.tags, a.series) for a in articles))
    if memo.structure != structure:
        ordered = [
            (a.source, frozenset(t.slug for t in a.tags), a.series.slug if a.series else None)
            for a in newest_first(articles)
        ]
        key = _key(ordered, count)
        if memo.ranking.key != key:
            memo.ranking = Ranking(key, _rank(ordered, count))
        memo.structure = structure
    by_source = {article.source: article for article in articles}
    last = memo.answer
    sources = memo.ranking.sources
    memo.answer = {s: articles_of(best, by_source, last.get(s, ())) for s, best in sources.items()}
    return memo.answer


def _key(ordered: Ordered, count: int) -> str:
    """The digest of what a ranking is made from (the same in every process: a tag's
    slugs are sorted, where a set's order changes from one process to the next)."""
    named = [(source, sorted(tags), series) for source, tags, series in ordered]
    return hashlib.blake2b(repr((count, named)).encode(), digest_size=16).hexdigest()


def _rank(ordered: Ordered, count: int) -> dict[str, tuple[str, ...]]:
    """Each source's related sources; ``ordered`` lists (source, tag slugs, series slug)
    newest first."""
    masks: dict[str, int] = {}
    series: dict[str, int] = {}
    for position, (_, tags, part_of) in enumerate(ordered):
        for slug in tags:
            masks[slug] = masks.get(slug, 0) | (1 << position)
        if part_of:
            series[part_of] = series.get(part_of, 0) | (1 << position)
    everyone = (1 << len(ordered)) - 1
    ranked: dict[str, tuple[str, ...]] = {}
    for position, (source, tags, part_of) in enumerate(ordered):
        counters = _add([masks[slug] for slug in tags])
        # Never the article itself, nor the other parts of its series.
        others = everyone & ~(series[part_of] if part_of else 1 << position)
        best: list[int] = []
        for shared in range(len(tags), 0, -1):
            level = _exactly(counters, shared, others)
            while level and len(best) < count:
                lowest = level & -level  # the newest article sharing this many tags
                best.append(lowest.bit_length() - 1)
                level ^= lowest
            if len(best) == count:
                break
        ranked[source] = tuple(ordered[i][0] for i in best)
    return ranked


def _add(masks: list[int]) -> list[int]:
    """Bit-sliced counters: bit ``i`` of how many masks have bit ``p`` set is bit ``p``
    of ``counters[i]`` (a ripple-carry adder run on every position at once)."""
    counters: list[int] = []
    for mask in masks:
        carry = mask
        for i, counter in enumerate(counters):
            counters[i], carry = counter ^ carry, counter & carry
            if not carry:
                break
        if carry:
            counters.append(carry)
    return counters


def _exactly(counters: list[int], value: int, within: int) -> int:
    """The positions in ``within`` whose count is exactly ``value``."""
    if value >> len(counters):
        return 0
    found = within
    for i, counter in enumerate(counters):
        found &= counter if value >> i & 1 else ~counter
    return found
