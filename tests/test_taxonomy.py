"""Grouping articles by tag: one tag per slug, shown with the spelling used most."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sitekit import article, build_site, read, write_site
from test_related import post
from test_sources import json_ld

from sitegen.taxonomy import TagMemo, group_tags


def test_a_tag_is_shown_with_its_most_used_spelling_and_ties_go_to_the_first_in_order() -> None:
    tags = group_tags(
        [
            post("a", 1, "seo", "Excel"),
            post("b", 2, "SEO", "excel"),
            post("c", 3, "SEO", "経営"),
        ]
    )
    assert [(t.name, t.slug, t.count) for t in tags] == [
        ("SEO", "seo", 3),  # two of three write it "SEO"
        ("Excel", "excel", 2),  # one each: "Excel" sorts before "excel"
        ("経営", "経営", 1),
    ]
    assert [a.source for a in tags[0].articles] == ["a", "b", "c"]  # in the order given


def test_a_memo_gives_the_same_tags_again_and_follows_every_change() -> None:
    articles = [post("a", 3, "経営", "SEO"), post("b", 2, "経営"), post("c", 1, "seo", "営業")]
    memo = TagMemo()
    first = group_tags(articles, memo)
    edited = dataclasses.replace(articles[1], html="<p>新しい本文</p>")
    second = group_tags([articles[0], edited, articles[2]], memo)
    assert second == group_tags([articles[0], edited, articles[2]])
    by_slug = {tag.slug: tag for tag in first}
    for tag in second:  # only 経営 holds b
        assert (tag is by_slug[tag.slug]) is (tag.slug != "経営"), tag.slug
    assert {t.slug: t for t in second}["経営"].articles[1] is edited
    retagged = [
        articles[0],
        dataclasses.replace(edited, tags=post("b", 2, "SEO").tags),
        articles[2],
    ]
    assert group_tags(retagged, memo) == group_tags(retagged)  # tags changed: grouped anew


def test_the_warning_for_tags_with_one_url_names_every_name_at_the_article_bringing_one(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/d.md": article("d", date="2020-01-04", tags='["C#"]'),
            "content/posts/e.md": article("e", date="2020-01-05", tags='["C", "C++"]'),
            "content/posts/f.md": article("f", date="2020-01-06", tags='["C#"]'),
        },
    )
    assert [str(w) for w in build_site(tmp_path).warnings] == [
        "content/posts/e.md: warning: the tags 'C#', 'C', 'C++' have one URL (/tags/c/):"
        " they are listed as one, 'C#'"
        ' (hint: give one its own URL name in site.toml: [tag_slugs] "C" = "…")',
        # and where e.md gives two names itself, at their line
        "content/posts/e.md:4: warning: tags: the tags 'C' and 'C++' have one URL (/tags/c/):"
        " the article is listed under 'C' only"
        ' (hint: give one its own URL name in site.toml: [tag_slugs] "C++" = "…")',
    ]


def test_tags_of_different_names_with_one_url_are_one_tag_and_a_warning(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a", tags="[C#, EC]"),
            "content/posts/b.md": article("b", tags="[C, ec]"),
            "content/posts/c.md": article("c", tags="[C, ＥＣ, マーケティング]"),
            "content/posts/d.md": article("d", tags="[marketing]"),
        },
        'title = "t"\nbase_url = "https://e.jp/"\n[tag_descriptions]\n"ec" = "ネット通販"\n'
        '[tag_slugs]\n"マーケティング" = "marketing"\n',  # one tag by two names, on purpose
    )
    result = build_site(tmp_path)
    # EC, ec and ＥＣ are one name spelt three ways: one tag, no word about it, and a
    # description given to a less-used spelling is not "a tag no article has".
    assert [str(w) for w in result.warnings] == [
        "content/posts/a.md: warning: the tags 'C', 'C#' have one URL (/tags/c/):"
        " they are listed as one, 'C'"
        ' (hint: give one its own URL name in site.toml: [tag_slugs] "C#" = "…")'
    ]
    assert read(tmp_path, "tags/c/index.html").count('class="card"') == 3


def test_an_article_shows_a_tag_by_the_name_the_site_shows_it_by(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a", date="2024-09-18", tags="[マーケティング, EC]"),
            "content/posts/b.md": article("b", date="2024-09-19", tags="[EC]"),
            "content/posts/c.md": article("c", date="2024-09-20", tags="[マーケティング, ＥＣ]"),
        },
        'title = "t"\nbase_url = "https://e.jp/"\n',
    )
    assert not build_site(tmp_path).warnings  # one name spelt two ways: no word about it
    # Two articles of three write EC: c's header, its card on the home and tag pages,
    # its keywords and its feed entry say EC too, not ＥＣ beside the sidebar's EC.
    for page in ("posts/c/index.html", "index.html", "tags/ec/index.html", "atom.xml"):
        assert "ＥＣ" not in read(tmp_path, page), page
    page = read(tmp_path, "posts/c/index.html")
    assert '<a class="tag" href="/tags/ec/" rel="tag">EC</a>' in page
    assert json_ld(page)["keywords"] == ["マーケティング", "EC"]
    assert '<category term="EC"/>' in read(tmp_path, "atom.xml")
    # The article keeps its own spelling, which warnings about names name.
    write_site(tmp_path, {"content/posts/b.md": article("b", date="2024-09-19", tags="[ＥＣ]")})
    assert not build_site(tmp_path).warnings
    page = read(tmp_path, "posts/a/index.html")  # now ＥＣ is the spelling of most
    assert '<a class="tag" href="/tags/ec/" rel="tag">ＥＣ</a>' in page
