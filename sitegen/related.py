"""Related articles: the others that share the most tags with an article.

Ranked by the number of tags in common, then newest first, then by source path,
so the order never depends on anything but the articles. Only articles that
share at least one tag are related: a list padded with unrelated posts would
say less than a short one. An article's kin are not: the other parts of its
series, which the series box beside them lists already, and its versions in other
languages (its translations), which are linked under its title.

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
from sitegen.translations import key_of

Structure = tuple[int, tuple[tuple[str, object, tuple[object, ...], object, object], ...]]
# Each article as the ranking sees it, newest first: its source, tag slugs and kin.
Ordered = list[tuple[str, frozenset[str], tuple[str, ...]]]


def kin(article: Article) -> tuple[str, ...]:
    """What ``article`` shares with the articles never related to it: its series, and
    its translation key (its versions in other languages). Each is named apart, so that
    a series and a key spelt alike are not one."""
    found = []
    if article.series:
        found.append(f"series:{article.series.slug}")
    if (key := key_of(article)) is not None:
        found.append(f"translation:{key}")
    return tuple(found)


class Ranking(NamedTuple):
    """Each source's related sources, and the digest of what they were ranked from (the
    count, and each article's source, tags and kin, newest first)."""

    key: str
    sources: Mapping[str, tuple[str, ...]]


NO_RANKING = Ranking("", {})


@dataclass
class RelatedMemo:
    """The last ranking, with what it was made from: sources, dates, tags, series and
    translation keys (not bodies).

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

    ``memo`` (owned by the caller) skips the ranking when no article's source, date,
    tags, series or translation key changed since the last call, or when its ranking
    was made from the same sources, tags, kin and order.
    """
    if count == 0:
        return {}
    memo = memo or RelatedMemo()
    # What the ranking depends on, in the order given (the site's, newest first):
    # comparing it with the last build's is much cheaper than ranking again.
    structure: Structure = (
        count,
        tuple((a.source, a.date, a.tags, a.series, key_of(a)) for a in articles),
    )
    if memo.structure != structure:
        ordered = [
            (a.source, frozenset(t.slug for t in a.tags), kin(a)) for a in newest_first(articles)
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
    named = [(source, sorted(tags), kinds) for source, tags, kinds in ordered]
    return hashlib.blake2b(repr((count, named)).encode(), digest_size=16).hexdigest()


def _rank(ordered: Ordered, count: int) -> dict[str, tuple[str, ...]]:
    """Each source's related sources; ``ordered`` lists (source, tag slugs, kin) newest
    first."""
    masks: dict[str, int] = {}
    families: dict[str, int] = {}  # by kin: the articles that share it
    for position, (_, tags, kinds) in enumerate(ordered):
        for slug in tags:
            masks[slug] = masks.get(slug, 0) | (1 << position)
        for one in kinds:
            families[one] = families.get(one, 0) | (1 << position)
    everyone = (1 << len(ordered)) - 1
    ranked: dict[str, tuple[str, ...]] = {}
    for position, (source, tags, kinds) in enumerate(ordered):
        counters = _add([masks[slug] for slug in tags])
        # Never the article itself, nor its kin: its series' other parts, its versions.
        others = everyone & ~(1 << position)
        for one in kinds:
            others &= ~families[one]
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
