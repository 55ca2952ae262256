"""Ranking blurbs, the blog's purpose and the author profile: configuration and pages."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from sitekit import article, build_site, main_of, read, write_site

from sitegen.config import parse_config
from sitegen.errors import SiteError

RANKINGS = """
title = "テストブログ"
base_url = "https://example.com/blog/"
author = "港 誠一"
purpose = ["最新の成功事例を届ける", "売上を伸ばす方法を紹介する"]

[profile]
role = "中小企業診断士"
bio = "売上改善の支援を続けています。"
image = "/images/me.png"
url = "/about/"

[[rankings]]
key = "consultant"
label = "コンサルタントランキング"
blurb = "コンサルタントの最新情報&ノウハウは"
url = "https://ranking.example.jp/consultant/"
best_rank = 4
banner = "/images/consultant.gif"

[[rankings]]
key = "management"
label = "経営ランキング"
blurb = "経営の最新情報&ノウハウは"
url = "https://ranking.example.jp/management/"
"""

CONSULTANT = (
    '<li><span class="rankings__star" aria-hidden="true">★</span>'
    '<a href="https://ranking.example.jp/consultant/" rel="nofollow noopener">'
    "コンサルタントの最新情報&amp;ノウハウはコンサルタントランキング</a></li>"
)
MANAGEMENT = (
    '<li><span class="rankings__star" aria-hidden="true">★</span>'
    '<a href="https://ranking.example.jp/management/" rel="nofollow noopener">'
    "経営の最新情報&amp;ノウハウは経営ランキング</a></li>"
)


def blurbs(page: str) -> tuple[list[str], list[str]]:
    """The ranking links above and below the article, in order."""
    content = main_of(page)
    above = content[: content.index("<article")]
    below = content[content.index("</article>") :]
    return (
        [name for name in ("consultant", "management") if f"/{name}/" in above],
        [name for name in ("consultant", "management") if f"/{name}/" in below],
    )


def config_problems(text: str) -> list[str]:
    with pytest.raises(SiteError) as caught:
        parse_config(text)
    return [str(p) for p in caught.value.problems]


def test_rankings_are_read_from_site_toml() -> None:
    config = parse_config(RANKINGS)
    assert [(r.key, r.label, r.best_rank) for r in config.rankings] == [
        ("consultant", "コンサルタントランキング", 4),
        ("management", "経営ランキング", None),
    ]
    assert config.purpose == ("最新の成功事例を届ける", "売上を伸ばす方法を紹介する")
    assert (config.profile.role, config.profile.shown) == ("中小企業診断士", True)
    assert not parse_config('author = "港"\n').profile.shown  # a name alone adds no widget


def test_every_ranking_problem_is_reported_with_its_line() -> None:
    text = """
[[rankings]]
key = "consultant"
label = "コンサルタントランキング"
url = "javascript:alert(1)"
best_rank = 0

[[rankings]]
key = "コンサル"
url = "https://ranking.example.jp/"
banner = "//cdn.example.com/b.gif"
bset_rank = 3
"""
    assert config_problems(text) == [
        "site.toml:5: rankings.0.url: must be an absolute http(s) URL such as 'https://example.com/…', not 'javascript:alert(1)'",
        "site.toml:6: rankings.0.best_rank: must be at least 1, not 0",
        "site.toml:8: rankings.1.label: required",
        "site.toml:9: rankings.1.key: must be letters, digits, '-' or '_' (articles select rankings by it), not 'コンサル'",
        "site.toml:11: rankings.1.banner: must be an http(s) URL or a path from the site root, not '//cdn.example.com/b.gif'",
        "site.toml:12: rankings.1.bset_rank: unknown key (hint: did you mean 'best_rank'?)",
    ]


def test_two_rankings_with_one_key_are_an_error() -> None:
    text = (
        '[[rankings]]\nkey = "a"\nlabel = "A"\nurl = "https://r.example.jp/a"\n\n'
        '[[rankings]]\nkey = "a"\nlabel = "B"\nurl = "https://r.example.jp/b"\n'
    )
    assert config_problems(text) == [
        "site.toml:7: rankings.1.key: duplicate ranking key 'a' (first at line 2) (hint: articles select rankings by key, so each needs its own)"
    ]


def test_a_duplicate_key_is_reported_with_the_other_mistakes_of_its_entry() -> None:
    # QA: only the best_rank was reported; the duplicate key came after fixing it.
    text = (
        '[[rankings]]\nkey = "a"\nlabel = "A"\nurl = "https://r.example.jp/a"\n\n'
        '[[rankings]]\nkey = "a"\nlabel = "B"\nurl = "https://r.example.jp/b"\nbest_rank = "4位"\n\n'
        '[[rankings]]\nkey = 3\nlabel = "C"\nurl = "https://r.example.jp/c"\n'
    )
    assert config_problems(text) == [
        "site.toml:7: rankings.1.key: duplicate ranking key 'a' (first at line 2) (hint: articles select rankings by key, so each needs its own)",
        "site.toml:10: rankings.1.best_rank: expected an integer, got '4位'",
        "site.toml:13: rankings.2.key: expected a string, got 3 (int)",
    ]


def test_articles_show_all_rankings_above_and_below_unless_they_choose(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/all.md": article("全部"),
            "content/posts/none.md": article("なし", rankings="[]"),
            "content/posts/some.md": article("選択", rankings="[management, consultant]"),
            "content/posts/text.md": article("文字列", rankings="management"),
            "content/about.md": "---\ntitle: このブログについて\n---\n紹介。\n",
            "content/contact.md": "---\ntitle: 連絡先\nrankings: [consultant]\n---\n連絡。\n",
        },
        config=RANKINGS,
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/all/index.html")
    assert blurbs(page) == (["consultant", "management"], ["consultant", "management"])
    assert f"{CONSULTANT}\n    {MANAGEMENT}" in page
    assert blurbs(read(tmp_path, "posts/none/index.html")) == ([], [])
    assert 'class="rankings' not in read(tmp_path, "posts/none/index.html")
    some = main_of(read(tmp_path, "posts/some/index.html"))
    assert some.index("/management/") < some.index("/consultant/")  # the article's order
    assert blurbs(read(tmp_path, "posts/text/index.html")) == (["management"], ["management"])
    assert blurbs(read(tmp_path, "about/index.html")) == ([], [])  # pages: none by default
    assert blurbs(read(tmp_path, "contact/index.html")) == (["consultant"], ["consultant"])


def test_an_unknown_ranking_key_is_an_error_with_its_line(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事", rankings="[consultant, consultent, sales]"),
            "content/posts/b.md": article("記事", rankings="{consultant: true}"),
        },
        config=RANKINGS,
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/posts/a.md:4: rankings: unknown ranking 'consultent' (hint: did you mean 'consultant'?)",
        "content/posts/a.md:4: rankings: unknown ranking 'sales' (hint: site.toml declares: consultant, management)",
        "content/posts/b.md:4: rankings: must be a list of ranking keys such as [consultant, management] (hint: write 'rankings: []' to show none)",
    ]


def test_naming_a_ranking_on_a_site_without_any_is_an_error(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事", rankings="[consultant]")})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/posts/a.md:4: rankings: unknown ranking 'consultant' (hint: site.toml declares no [[rankings]])"
    ]


def test_the_sidebar_shows_profile_purpose_and_best_ranks(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")}, config=RANKINGS)
    build_site(tmp_path)
    home = read(tmp_path, "index.html")  # the sidebar is on every page
    sidebar = home[home.index('<aside class="sidebar"') :]
    assert (
        '<li><a href="https://ranking.example.jp/consultant/" rel="nofollow noopener">'
        '<img class="ranking-widget__banner" src="/blog/images/consultant.gif" alt="">'
        "コンサルタントランキング4位（最高順位）</a></li>"
    ) in sidebar
    assert (
        '<li><a href="https://ranking.example.jp/management/" rel="nofollow noopener">経営ランキング</a></li>'
    ) in sidebar
    assert '<h2 id="widget-purpose" class="widget__title">本ブログの目的</h2>' in sidebar
    assert "<li>最新の成功事例を届ける</li>\n    <li>売上を伸ばす方法を紹介する</li>" in sidebar
    assert (
        '<img class="profile__image" src="/blog/images/me.png" alt="" width="96" height="96">'
        in sidebar
    )
    assert (
        '<p class="profile__name">港 誠一</p>\n  <p class="profile__role">中小企業診断士</p>'
        in sidebar
    )
    assert '<p class="profile__bio">売上改善の支援を続けています。</p>' in sidebar
    assert '<a href="/blog/about/">詳しいプロフィール</a>' in sidebar
    assert (
        sidebar.index("widget-profile")
        < sidebar.index("widget-purpose")
        < sidebar.index("widget-rankings")
        < sidebar.index("widget-recent")
    )


def test_the_frame_in_english(tmp_path: Path) -> None:
    config = RANKINGS.replace('author = "港 誠一"', 'author = "Seiichi"\nlanguage = "en"')
    write_site(tmp_path, {"content/posts/a.md": article("Post")}, config=config)
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert "コンサルタントランキング: best rank 4</a>" in page
    assert '<h2 id="widget-rankings" class="widget__title">Blog rankings</h2>' in page
    assert '<h2 id="widget-purpose" class="widget__title">What this blog is for</h2>' in page
    assert '<h2 id="widget-profile" class="widget__title">About the author</h2>' in page


def test_a_site_without_a_frame_shows_none_of_it(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    for absent in ("rankings", "widget-profile", "widget-purpose", "widget-rankings"):
        assert absent not in page


def test_a_page_with_the_whole_frame_parses_cleanly_with_unique_ids(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")}, config=RANKINGS)
    build_site(tmp_path)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(read(tmp_path, "posts/a/index.html"))
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_blurb_and_label_are_joined_as_two_lines_of_a_paragraph(tmp_path: Path) -> None:
    """Nothing between Japanese (…ノウハウは経営ランキング, above), a space between words."""
    config = """
title = "Blog"
language = "en"

[[rankings]]
key = "business"
label = "Top Business Blogs"
blurb = "More SME strategy at"
url = "https://ranking.example.com/business/"

[[rankings]]
key = "plain"
label = "Blog Ranking"
url = "https://ranking.example.com/plain/"
"""
    write_site(tmp_path, {"content/posts/a.md": article("A", body="Text.")}, config=config)
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert 'rel="nofollow noopener">More SME strategy at Top Business Blogs</a>' in page
    assert 'rel="nofollow noopener">Blog Ranking</a>' in page
