"""Related articles: most shared tags, then newest, then by path; shown at an article's foot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sitekit import article, build_site, read, write_site

import sitegen.related
from sitegen.build import Builder, BuildOptions
from sitegen.model import Article, TagRef, TranslationKey
from sitegen.related import RelatedMemo, related_articles


def post(source: str, day: int, *tags: str) -> Article:
    return Article(
        source=source, kind="article", title=source.upper(), slug=source, url=f"/posts/{source}/",
        output=f"posts/{source}/index.html", date=dt.datetime(2024, 1, day, tzinfo=dt.UTC),
        updated=None, tags=tuple(TagRef(t, t.lower(), f"/tags/{t}/") for t in tags),
        summary="", html="", toc=(), reading_minutes=1, draft=False,
    )  # fmt: skip


ARTICLES = [
    post("me", 10, "経営", "個人情報", "営業"),
    post("two-old", 1, "経営", "個人情報"),  # two shared tags, old
    post("one-new", 20, "営業"),  # one shared tag, newest
    post("two-new", 5, "経営", "営業", "採用"),  # two shared tags, newer than two-old
    post("one-b", 3, "経営"),  # one shared tag: ties with one-a on date, after it by path
    post("one-a", 3, "個人情報"),
    post("none", 30, "採用", "seo"),  # shares nothing with "me"
    post("case", 2, "営業", "SEO"),  # "SEO" and "seo" are one tag: tags match by slug
]


def titles(related: tuple[object, ...]) -> list[str]:
    return [link.title for link in related]  # type: ignore[attr-defined]


def test_ranked_by_shared_tags_then_newest_then_path() -> None:
    related = related_articles(ARTICLES, 10)
    assert titles(related["me"]) == ["TWO-NEW", "TWO-OLD", "ONE-NEW", "ONE-A", "ONE-B", "CASE"]
    assert titles(related["none"]) == ["TWO-NEW", "CASE"]
    assert titles(related["case"]) == ["NONE", "ONE-NEW", "ME", "TWO-NEW"]


def test_an_articles_versions_in_other_languages_are_not_related_to_it() -> None:
    """Its page links to them under its title: as the parts of its series, they are left
    out, and the articles that share no key with it are ranked as ever."""
    key = TranslationKey("me", "translationKey", 4)
    versions = [
        dataclasses.replace(ARTICLES[0], translation_key=key),
        dataclasses.replace(ARTICLES[3], translation_key=key),  # two-new, its translation
        *ARTICLES[1:3],
        *ARTICLES[4:],
    ]
    related = related_articles(versions, 10)
    assert titles(related["me"]) == ["TWO-OLD", "ONE-NEW", "ONE-A", "ONE-B", "CASE"]
    assert "ME" not in titles(related["two-new"]) and "TWO-NEW" in titles(related["none"])


def test_the_count_limits_the_list_and_zero_turns_it_off() -> None:
    assert titles(related_articles(ARTICLES, 2)["me"]) == ["TWO-NEW", "TWO-OLD"]
    assert related_articles(ARTICLES, 0) == {}


def test_the_order_does_not_depend_on_the_input_order() -> None:
    forward = related_articles(ARTICLES, 10)
    assert related_articles(list(reversed(ARTICLES)), 10) == forward


def test_a_memo_gives_the_same_lists_again_while_their_articles_are_the_same() -> None:
    memo = RelatedMemo()
    first = related_articles(ARTICLES, 3, memo)
    edited = dataclasses.replace(ARTICLES[1], html="<p>新しい本文</p>")  # two-old
    second = related_articles([ARTICLES[0], edited, *ARTICLES[2:]], 3, memo)
    for source, related in second.items():
        assert (related is first[source]) is (edited not in related), source
    assert second["me"][1] is edited  # the new article, not the one remembered


def _counting_ranks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the rankings made from now on (each appends the number of articles)."""
    made: list[int] = []
    rank: Callable[..., dict[str, tuple[str, ...]]] = sitegen.related._rank

    def counted(ordered: list[object], count: int) -> dict[str, tuple[str, ...]]:
        made.append(len(ordered))
        return rank(ordered, count)

    monkeypatch.setattr(sitegen.related, "_rank", counted)
    return made


def test_a_ranking_from_another_process_serves_while_sources_tags_and_order_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memo = RelatedMemo()
    related_articles(ARTICLES, 3, memo)
    made = _counting_ranks(monkeypatch)

    def fresh() -> RelatedMemo:  # a new process, given the ranking the last one stored
        return RelatedMemo(ranking=pickle.loads(pickle.dumps(memo.ranking)))

    # A new body, and a new date that keeps the order: the ranking holds.
    later = dt.datetime(2024, 1, 10, 1, tzinfo=dt.UTC)  # "me", an hour later: still 4th
    edited = [dataclasses.replace(ARTICLES[0], html="<p>新しい本文</p>", date=later), *ARTICLES[1:]]
    assert related_articles(edited, 3, fresh()) == related_articles(edited, 3)
    assert made == [len(ARTICLES)]  # only by the call without a memo
    # Another tag, another count, another order: ranked anew, and rightly.
    retagged = [dataclasses.replace(ARTICLES[1], tags=ARTICLES[6].tags), *ARTICLES[2:]]
    earlier = dataclasses.replace(ARTICLES[2], date=ARTICLES[1].date)  # one-new, now oldest
    moved = [*ARTICLES[:2], earlier, *ARTICLES[3:]]
    key = TranslationKey("k", "translationKey", 4)  # two-new becomes "me"'s translation
    keyed = [dataclasses.replace(a, translation_key=key) for a in ARTICLES[:4:3]]
    rekeyed = [keyed[0], *ARTICLES[1:3], keyed[1], *ARTICLES[4:]]
    for articles, count in ((retagged, 3), (edited, 2), (moved, 3), (rekeyed, 3)):
        made.clear()
        memo_of_new_process = fresh()
        got = related_articles(articles, count, memo_of_new_process)
        assert made == [len(articles)]
        assert got == related_articles(articles, count)


def test_a_build_in_a_new_process_ranks_only_when_tags_or_dates_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "content/posts/a.md": article("謝罪金の相場", "2024-03-01", tags="[経営, 個人情報]"),
        "content/posts/b.md": article("情報流出の後始末", "2024-02-01", tags="[個人情報]"),
        "content/posts/c.md": article("値上げの伝え方", "2024-04-01", tags="[経営]"),
    }
    write_site(tmp_path, files, 'title = "t"\n')
    build_site(tmp_path)
    made = _counting_ranks(monkeypatch)

    def build_afresh() -> str:  # as the command line does: a new Builder, the cache on disk
        Builder(tmp_path, BuildOptions()).build()
        page = read(tmp_path, "posts/a/index.html")
        return page[page.index('<aside class="related"') : page.index("</aside>")]

    (tmp_path / "content/posts/a.md").write_text(files["content/posts/a.md"] + "\n追記。\n")
    assert "/posts/c/" in build_afresh() and made == []
    (tmp_path / "content/posts/c.md").write_text(
        files["content/posts/c.md"].replace("経営", "採用")
    )
    assert "/posts/c/" not in build_afresh() and made == [3]


def test_related_articles_are_shown_at_the_foot_of_an_article(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("謝罪金の相場", "2024-03-01", tags="[経営, 個人情報]"),
            "content/posts/b.md": article("情報流出の後始末", "2024-02-01", tags="[個人情報]"),
            "content/posts/c.md": article("値上げの伝え方", "2024-04-01", tags="[マーケティング]"),
        },
        'title = "t"\nrelated_articles = 3\n',
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    section = page[page.index('<aside class="related"') : page.index("</aside>")]
    assert '<h2 id="related-title" class="related__title">関連記事</h2>' in section
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', section) == [
        ("/posts/b/", "情報流出の後始末")
    ]
    assert (
        '<time class="related__date" datetime="2024-02-01T00:00:00+09:00">2024年2月1日</time>'
        in section
    )
    assert 'class="related"' not in read(tmp_path, "posts/c/index.html")  # nothing shared: no list


def _reference(articles: list[Article], count: int) -> dict[str, list[str]]:
    """Related articles the obvious, quadratic way: count shared tags, sort."""
    ranked = {}
    for this in articles:
        own = {t.slug for t in this.tags}
        scored = [
            (-len(own & {t.slug for t in other.tags}), -other.date.timestamp(), other.source)
            for other in articles
            if other is not this
            and own & {t.slug for t in other.tags}
            and (this.series is None or other.series != this.series)  # its series box has them
            and (this.translation_key is None or other.translation_key != this.translation_key)
        ]
        ranked[this.source] = [source for *_, source in sorted(scored)[:count]]
    return ranked


@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from("abcdefgh"), max_size=6),
            st.integers(0, 30),
            st.sampled_from([None, "x", "y"]),  # the series it is a part of
            st.sampled_from([None, "x", "z"]),  # its translation key
        ),
        max_size=40,
    ),
    st.integers(0, 8),
)
def test_bit_mask_ranking_equals_counting_every_pair(
    shapes: list[tuple[set[str], int, str | None, str | None]], count: int
) -> None:
    articles = [
        dataclasses.replace(
            post(f"p{index:02}", 1),
            source=f"content/posts/{index:02}.md",
            tags=tuple(TagRef(t, t, f"/tags/{t}/") for t in sorted(tags)),
            date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day),
            series=TagRef(series, series, f"/series/{series}/") if series else None,
            translation_key=TranslationKey(key, "translationKey", 1) if key else None,
        )
        for index, (tags, day, series, key) in enumerate(shapes)
    ]
    got = related_articles(articles, count)
    assert {k: [a.source for a in v] for k, v in got.items()} == (
        _reference(articles, count) if count else {}
    )
