"""Grouping articles by tag: one tag per slug, shown with the spelling used most."""

from __future__ import annotations

from test_related import post

from sitegen.taxonomy import group_tags


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
