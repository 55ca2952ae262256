"""Whole builds of sample sites: pages, tags, pagination, errors, and the output folder."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import re
import shutil
import stat
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sitekit import (
    MINIMAL_CONFIG,
    article,
    build,
    build_site,
    main_of,
    png,
    read,
    snapshot,
    write_site,
)

import sitegen.build
import sitegen.output
from sitegen.build import Builder, BuildOptions, progress
from sitegen.errors import SiteError
from sitegen.output import MARKER, Staging, find_unwritable


def test_a_small_blog(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("古い記事", "2009-08-19", tags="[経営]"),
            "content/posts/b.md": article(
                "アリコ 13万人に謝罪金", "2009-08-20 09:00", tags="[経営, 個人情報]"
            ),
            "content/posts/c.md": article("新しい記事", "2009-08-21", tags="[マーケティング]"),
            "content/about.md": "---\ntitle: このブログについて\n---\n紹介文。\n",
        },
    )
    result = build_site(tmp_path)
    assert [a.title for a in result.site.articles] == [
        "新しい記事",
        "アリコ 13万人に謝罪金",
        "古い記事",
    ]
    home = read(tmp_path, "index.html")
    assert home.index("新しい記事") < home.index("アリコ 13万人に謝罪金") < home.index("古い記事")
    page = read(tmp_path, "posts/b/index.html")
    assert "<title>アリコ 13万人に謝罪金 | テストブログ</title>" in page
    assert (
        '<time datetime="2009-08-20T09:00:00+09:00" data-pagefind-meta="date">2009年8月20日</time>'
    ) in page
    assert '<a class="article-nav__older" href="/posts/a/" rel="prev">' in page
    assert '<a class="article-nav__newer" href="/posts/c/" rel="next">' in page
    assert '<a class="tag" href="/tags/%E7%B5%8C%E5%96%B6/" rel="tag">経営</a>' in page
    tag_page = main_of(read(tmp_path, "tags/経営/index.html"))
    assert "古い記事" in tag_page and "アリコ" in tag_page and "新しい記事" not in tag_page
    tags = read(tmp_path, "tags/index.html")
    assert '経営<span class="tag__count">2件</span>' in tags
    assert "紹介文。" in read(tmp_path, "about/index.html")
    assert '<a href="/about/">このブログについて</a>' in home
    assert "ページが見つかりません" in read(tmp_path, "404.html")


def test_an_article_at_an_address_of_its_own_is_linked_there_everywhere(tmp_path: Path) -> None:
    """Hugo's ``url`` and Jekyll's ``permalink``: a migrated post keeps its old address."""
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("旧記事", "2019-07-01", tags="[経営]", url="/special/x/"),
            "content/posts/b.md": article(
                "次の記事",
                "2019-07-02",
                tags="[経営]",
                body="[前の記事](a.md)、[同じ](/special/x/)",
            ),
            "content/about.md": "---\ntitle: 私について\npermalink: /about-me.html\n---\n",
        },
        'title = "t"\nbase_url = "https://example.com/blog/"\n',
    )
    result = build_site(tmp_path)
    assert result.warnings == []  # the link from the site root names a page the build makes
    assert not (tmp_path / "public/posts/a").exists()
    assert '<h1 class="article__title">旧記事</h1>' in read(tmp_path, "special/x/index.html")
    page = read(tmp_path, "posts/b/index.html")
    assert '<a href="/blog/special/x/">前の記事</a>、<a href="/blog/special/x/">同じ</a>' in page
    assert '<a class="article-nav__older" href="/blog/special/x/" rel="prev">' in page
    assert 'href="/blog/special/x/"' in main_of(read(tmp_path, "tags/経営/index.html"))
    assert '<a href="/blog/about-me.html">私について</a>' in page  # the header's menu
    assert "私について" in read(tmp_path, "about-me.html")
    assert "https://example.com/blog/special/x/" in read(tmp_path, "atom.xml")


def test_a_permalink_ending_in_html_makes_a_file_for_each_article(tmp_path: Path) -> None:
    """Pelican's ``{slug}.html``, Jekyll's ``/:year/:month/:day/:title.html``."""
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("古い記事", "2015-03-04", tags="[経営]"),
            "content/posts/b.md": article(
                "次の記事", "2015-04-01", tags="[経営]", body="[前](a.md)、[同じ](/2015/03/a.html)"
            ),
            "content/posts/c.md": article("三つ目", "2015-04-02", aliases="[/entry-3/]"),
            "content/about.md": "---\ntitle: 私について\n---\n",
        },
        'title = "t"\nbase_url = "https://example.com/blog/"\npage_size = 2\n'
        'permalink = "/{year}/{month}/{slug}.html"\n',
    )
    result = build_site(tmp_path)
    assert result.warnings == []
    assert [a.output for a in result.site.articles] == [
        "2015/04/c.html",
        "2015/04/b.html",
        "2015/03/a.html",
    ]
    page = read(tmp_path, "2015/04/b.html")
    assert '<a href="/blog/2015/03/a.html">前</a>、<a href="/blog/2015/03/a.html">同じ</a>' in page
    assert '<a class="article-nav__older" href="/blog/2015/03/a.html" rel="prev">' in page
    assert 'href="/blog/2015/04/b.html"' in main_of(read(tmp_path, "tags/経営/index.html"))
    assert "https://example.com/blog/2015/03/a.html" in read(tmp_path, "atom.xml")
    assert 'href="https://example.com/blog/2015/04/c.html"' in read(tmp_path, "entry-3/index.html")
    # what is not an article keeps its folder: pages, lists and their later pages
    for output in ("about/index.html", "page/2/index.html", "archives/2015/03/index.html"):
        assert (tmp_path / "public" / output).is_file()


def test_an_html_file_of_one_source_and_its_name_as_another_ones_folder_collide(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a", "2015-03-04"),
            "content/posts/b.md": article("b", "2015-03-05", url="/2015/03/A.html"),
            "content/posts/c.md": article("c", "2015-03-06", url="/2015/03/a.html/c/"),
        },
        'title = "t"\npermalink = "/{year}/{month}/{slug}.html"\n',
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    # At b.md's url, as disks that ignore case: a.md's file name gave the address first.
    assert [str(p).split(" (hint:")[0] for p in caught.value.problems] == [
        "content/posts/b.md:4: url: content/posts/a.md already makes 2015/03/A.html",
        "content/posts/b.md:4: url: two sources clash at 2015/03/a.html: a file of"
        " content/posts/b.md, a folder of content/posts/c.md",
    ]


def test_a_slug_taken_already_is_an_error_at_its_line_naming_the_file_that_has_it(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/2024-09-02-leak-cost.md": article("a", "2024-09-02"),
            "content/posts/2024-10-05-leak-cost-2.md": article("b", "2024-10-05", slug="leak-cost"),
            "content/posts/2024-09-12-meeting.md": article("c", "2024-09-12"),
            "content/posts/2024-10-06-meeting.md": article("d", "2024-10-06"),
            "content/posts/2024-10-07-tags.md": article("e", "2024-10-07", slug="Leak-Cost"),
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    # The file whose name gave the address had it first: each other is an error, at its
    # slug's line when its slug gives it (in any case), else at its file.
    had_it = "content/posts/2024-09-02-leak-cost.md already makes posts"
    assert [str(p).split(" (hint:")[0] for p in caught.value.problems] == [
        f"content/posts/2024-10-05-leak-cost-2.md:4: slug: {had_it}/leak-cost/index.html",
        "content/posts/2024-10-06-meeting.md: content/posts/2024-09-12-meeting.md already"
        " makes posts/meeting/index.html",
        f"content/posts/2024-10-07-tags.md:4: slug: {had_it}/Leak-Cost/index.html",
    ]


def test_home_and_tag_pages_are_paginated(tmp_path: Path) -> None:
    posts = {
        f"content/posts/p{n:02}.md": article(f"記事{n:02}", f"2024-01-{n:02}", tags="[経営]")
        for n in range(1, 8)
    }
    write_site(tmp_path, posts, config='title = "t"\npage_size = 3\n')
    build_site(tmp_path)
    first, second, third = (
        read(tmp_path, p) for p in ("index.html", "page/2/index.html", "page/3/index.html")
    )
    assert '<a class="pagination__next" href="/page/2/" rel="next">' in first
    assert '<a class="pagination__prev" href="/" rel="prev">' in second
    assert '<a class="pagination__next" href="/page/3/" rel="next">' in second
    assert (
        "記事07" in first
        and "記事04" in second
        and "記事01" in third
        and "pagination__next" not in third
    )
    assert '<span aria-current="page">2</span>' in second
    assert (tmp_path / "public/tags/経営/page/3/index.html").is_file()
    assert not (tmp_path / "public/page/4").exists()


def test_pinned_articles_come_first_on_the_home_page_only(tmp_path: Path) -> None:
    posts = {
        f"content/posts/p{n}.md": article(f"記事{n}", f"2024-01-0{n}", tags="[経営]")
        for n in range(1, 6)
    }
    posts["content/posts/p1.md"] = article("記事1", "2024-01-01", tags="[経営]", pinned="true")
    posts["content/posts/p2.md"] = article("記事2", "2024-01-02", tags="[経営]", sticky="true")
    posts["content/about.md"] = "---\ntitle: 自己紹介\npinned: true\n---\n"
    write_site(tmp_path, posts, config='title = "t"\npage_size = 3\n')
    result = build_site(tmp_path)
    titles = re.compile(r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>')
    first, second = (read(tmp_path, p) for p in ("index.html", "page/2/index.html"))
    assert titles.findall(first) == [
        "記事2",
        "記事1",
        "記事5",
    ]  # pinned: newest first, then the rest
    assert titles.findall(second) == ["記事4", "記事3"]
    assert first.count('<p class="card__pinned">固定記事</p>') == 2
    tag_page = read(tmp_path, "tags/経営/index.html")
    assert (
        titles.findall(tag_page) == ["記事5", "記事4", "記事3"] and "card__pinned" not in tag_page
    )
    assert (
        "content/about.md:3: warning: pinned: only articles are listed, so a page is never pinned"
        in [str(w) for w in result.warnings]
    )


def test_a_tag_page_leads_with_its_description(tmp_path: Path) -> None:
    posts = {
        f"content/posts/p{n}.md": article(f"記事{n}", f"2024-01-0{n}", tags="[経営]")
        for n in (1, 2, 3)
    }
    config = (
        'title = "t"\npage_size = 2\n[tag_slugs]\n"経営" = "management"\n"営業" = "sales"\n'
        '[tag_descriptions]\n"経営" = "数字で考える中小企業の経営。"\n"経営 " = "空白つき"\n'
    )
    write_site(tmp_path, posts, config)
    result = build_site(tmp_path)
    first, second = (
        read(tmp_path, f"tags/management/{p}") for p in ("index.html", "page/2/index.html")
    )
    assert '<p class="page-lead">数字で考える中小企業の経営。</p>' in first
    assert '<meta name="description" content="数字で考える中小企業の経営。">' in first
    assert "page-lead" not in second and '<meta name="description" content="数字で' in second
    hint = " (hint: a tag is matched exactly, as written in the articles' tags)"
    unknown = [str(w) for w in result.warnings if "no published article" in w.message]
    assert unknown == [
        f"site.toml:5: warning: tag_slugs: no published article has the tag '営業'{hint}",
        f"site.toml:8: warning: tag_descriptions: no published article has the tag '経営 '{hint}",
    ]


def test_pages_choose_their_menu_and_their_place_in_it(tmp_path: Path) -> None:
    def page(title: str, *lines: str) -> str:
        return "---\n" + "\n".join([f"title: {title}", *lines]) + "\n---\n本文。\n"

    files = {
        "content/about.md": page("自己紹介"),
        "content/services.md": page("サービス", "weight: -1"),
        "content/contact.md": page("お問い合わせ", "weight: 5"),
        "content/privacy.md": page("プライバシーポリシー", "menu: footer"),
        "content/terms.md": page("利用規約", "menu: footer", "weight: -3"),
        "content/campaign.md": page("春のキャンペーン", "menu: false"),
        "content/posts/start.md": article("はじめての方へ", slug="start", menu="main", weight="-5"),
        "content/posts/other.md": article("ふつうの記事", slug="other"),
    }
    write_site(tmp_path, files, config='title = "t"\n')
    build_site(tmp_path)
    html = read(tmp_path, "posts/other/index.html")
    header = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    footer = html[html.index('<nav class="footer-nav"') :]
    footer = footer[: footer.index("</nav>")]
    link = re.compile(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>')
    assert [title for _, title in link.findall(header)][3:] == [
        "はじめての方へ", "サービス", "自己紹介", "お問い合わせ",
    ]  # fmt: skip  # after home, tags and archives
    assert link.findall(footer) == [("/terms/", "利用規約"), ("/privacy/", "プライバシーポリシー")]
    assert "キャンペーン" not in html and (tmp_path / "public/campaign/index.html").exists()


def test_hugos_menu_forms_give_the_menu_and_its_weight(tmp_path: Path) -> None:
    # QA: Hugo's menu: {main: {weight: 20}} was an error.
    def page(title: str, menu: str) -> str:
        return f"---\ntitle: {title}\n{menu}\n---\n本文。\n"

    files = {
        "content/a.md": page("後ろ", "menu:\n  main:\n    weight: 20"),
        "content/b.md": page("前", "menu: {main: {weight: -1}}"),
        "content/c.md": page("真ん中", "menu: [main]"),
        "content/d.md": page("規約", "menu: {footer: {weight: 3}}\nweight: 3"),
    }
    write_site(tmp_path, files, config='title = "t"\n')
    result = build_site(tmp_path)
    assert {p.title: (p.menu, p.weight) for p in result.site.pages} == {
        "後ろ": ("main", 20), "前": ("main", -1), "真ん中": ("main", 0), "規約": ("footer", 3),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("menu: sidebar", "menu: must be main, footer or false, not 'sidebar'"),
        ("weight: heavy", "weight: must be a whole number, not 'heavy'"),
        ("menu: {main: {weight: x}}", "menu.main.weight: must be a whole number, not 'x'"),
        ("menu: {main: {weight: 2}}\nweight: 3", "menu.main.weight: 2, but weight: 3 (line 4)"),
    ],
)
def test_a_menu_or_weight_that_is_not_one_is_an_error_at_its_line(
    tmp_path: Path, line: str, message: str
) -> None:
    write_site(tmp_path, {"content/about.md": f"---\ntitle: 自己紹介\n{line}\n---\n"})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.message) == ("content/about.md", 3, message)


MENU_CONFIG = """\
title = "t"
base_url = "https://example.com/blog/"
[[menu.main]]
name = "会社サイト"
url = "https://corp.example.jp/"
weight = 10
[[menu.main]]
name = "お問い合わせ"
url = "/contact/"
weight = -1
[[menu.footer]]
name = "採用情報"
url = "https://corp.example.jp/recruit/"
weight = 5
[[menu.footer]]
name = "資料請求"
url = "/request/"
"""


def test_site_toml_menu_entries_join_the_pages_by_weight(tmp_path: Path) -> None:
    """[[menu.main]] and [[menu.footer]] (Hugo's shape): links to what is no page of the
    site, shown by the theme among the pages, lighter first; a site path gets the base
    path, and one that names nothing of the site is a warning at its line."""
    files = {
        "content/about.md": "---\ntitle: 自己紹介\nweight: 5\n---\n本文。\n",
        "content/contact.md": "---\ntitle: 窓口\nmenu: false\n---\n本文。\n",
        "content/privacy.md": "---\ntitle: 個人情報\nmenu: footer\nweight: 1\n---\n本文。\n",
    }
    write_site(tmp_path, files, config=MENU_CONFIG)
    result = build_site(tmp_path)
    html = read(tmp_path, "about/index.html")
    header = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    footer = html[html.index('<nav class="footer-nav"') :]
    footer = footer[: footer.index("</nav>")]
    link = re.compile(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>')
    assert link.findall(header)[3:] == [  # after home, tags and archives
        ("/blog/contact/", "お問い合わせ"),
        ("/blog/about/", "自己紹介"),
        ("https://corp.example.jp/", "会社サイト"),
    ]
    assert link.findall(footer) == [
        ("/blog/request/", "資料請求"),
        ("/blog/privacy/", "個人情報"),
        ("https://corp.example.jp/recruit/", "採用情報"),
    ]
    assert [str(w) for w in result.warnings if "broken link" in w.message] == [
        "site.toml:17: warning: broken link: nothing in the site at '/request/' (hint: a path"
        " from the site root names a page of the site or a file of static/)"
    ]


def test_pictures_of_the_site_get_their_width_and_height(tmp_path: Path) -> None:
    body = (
        "![図](img/chart.png)\n\n![図](img/chart.png){width=20}\n\n![線](img/line.svg)\n\n"
        "![外](https://example.com/x.png)\n\n![文](img/notes.txt)\n\n"
        "![ロゴ](/logo.png)\n\n![無](/none.png)"
    )
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120.4" height="30"/>'
    files = {
        "content/posts/a.md": article("図のある記事", slug="a", body=body),
        "content/posts/img/chart.png": png(40, 30),
        "content/posts/img/line.svg": svg,
        "content/posts/img/notes.txt": "not a picture",
        "static/logo.png": png(16, 8),
    }
    build_site(write_site(tmp_path, files, config='title = "t"\nbase_url = "https://e.jp/blog/"\n'))
    images = re.findall(r"<img [^>]*>", read(tmp_path, "posts/a/index.html"))
    assert images == [
        '<img alt="図" decoding="async" fetchpriority="high" src="/blog/posts/img/chart.png" width="40" height="30">',
        '<img alt="図" decoding="async" loading="lazy" src="/blog/posts/img/chart.png" width="20">',
        '<img alt="線" decoding="async" loading="lazy" src="/blog/posts/img/line.svg" width="120" height="30">',
        '<img alt="外" decoding="async" loading="lazy" src="https://example.com/x.png">',
        '<img alt="文" decoding="async" loading="lazy" src="/blog/posts/img/notes.txt">',
        '<img alt="ロゴ" decoding="async" loading="lazy" src="/blog/logo.png" width="16" height="8">',
        '<img alt="無" decoding="async" loading="lazy" src="/blog/none.png">',  # and a warning
    ]


def test_english_site(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {"content/posts/a.md": article("Hello", "2009-08-20", tags="[news]", body="word " * 450)},
        config='title = "Blog"\nlanguage = "en"\ntimezone = "UTC"\n',
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert '<html lang="en">' in page
    assert ">August 20, 2009</time>" in page
    assert "3 min read" in page
    assert "Skip to content" in page


def test_a_draft_built_on_request_says_it_is_one(tmp_path: Path) -> None:
    posts = {
        "content/posts/d.md": article("下書きの記事", slug="d", draft="true"),
        "content/posts/p.md": article("公開の記事", slug="p"),
    }
    write_site(tmp_path, posts, config='title = "t"\n')
    build_site(tmp_path, drafts=True)
    badge = '<span class="article-meta__draft">下書き</span>'
    assert badge in read(tmp_path, "posts/d/index.html")
    assert badge not in read(tmp_path, "posts/p/index.html")
    assert read(tmp_path, "index.html").count(badge) == 1


def test_drafts_and_future_articles_are_built_only_when_asked(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/draft.md": article("下書き", draft="true"),
            "content/posts/future.md": article("未来の記事", "2999-01-01"),
            "content/posts/now.md": article("公開済み"),
        },
    )
    assert [a.title for a in build_site(tmp_path).site.articles] == ["公開済み"]
    assert not (tmp_path / "public/posts/draft").exists()
    titles = {a.title for a in build_site(tmp_path, drafts=True, future=True).site.articles}
    assert titles == {"下書き", "未来の記事", "公開済み"}


def test_a_draft_by_its_status_is_left_out_of_lists_feeds_and_sitemap(tmp_path: Path) -> None:
    # QA: Pelican's Status: draft and WordPress's status: private went live.
    write_site(
        tmp_path,
        {
            "content/posts/pelican.md": article("ペリカンの下書き", Status="draft"),
            "content/posts/wp.md": article("非公開", status="private"),
            "content/posts/now.md": article("公開済み", status="publish"),
        },
    )
    assert [a.title for a in build_site(tmp_path).site.articles] == ["公開済み"]
    for output in ("index.html", "atom.xml", "sitemap.xml"):
        text = read(tmp_path, output)
        assert "/posts/now/" in text and "/posts/wp/" not in text and "/posts/pelican/" not in text
    assert not (tmp_path / "public/posts/wp").exists()


def test_an_article_with_a_later_publish_date_is_scheduled(tmp_path: Path) -> None:
    # QA: Hugo's publishDate was ignored, and a post meant for 2030 went live at once.
    write_site(
        tmp_path,
        {
            "content/posts/later.md": article("予約", "2019-06-02", publishDate="2999-01-01"),
            "content/posts/now.md": article("公開済み"),
        },
    )
    result = build_site(tmp_path)
    assert [a.title for a in result.site.articles] == ["公開済み"]
    assert result.due == dt.datetime(2999, 1, 1, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert not (tmp_path / "public/posts/later").exists()
    assert "publishDate" not in "".join(str(w) for w in result.warnings)
    scheduled = build_site(tmp_path, future=True).site.articles
    assert [(a.title, a.date.year if a.date else 0) for a in scheduled] == [
        ("公開済み", 2024),
        ("予約", 2019),
    ]  # listed by its date, as in Hugo


def test_a_scheduled_articles_broken_links_are_warned_of_before_its_day(tmp_path: Path) -> None:
    body = "[ない](nope.md) [下書き](draft.md) [予約](later.md) [見出し](now.md#ない)"
    write_site(
        tmp_path,
        {
            "content/posts/future.md": article("予約投稿", "2999-01-01", body=body),
            "content/posts/later.md": article("さらに先", "2999-02-01"),
            "content/posts/draft.md": article("書きかけ", draft="true", body="[未定](todo.md)"),
            "content/posts/now.md": article("公開済み"),
        },
    )
    broken = [
        ("content/posts/future.md", 6, "broken link: no file 'content/posts/nope.md'"),
        ("content/posts/future.md", 6, "broken link: no heading or anchor '#ない' in "
         "'content/posts/now.md'"),
    ]  # fmt: skip
    to_draft = ("content/posts/future.md", 6, "link to an unpublished article: 'draft.md'")
    todo = ("content/posts/draft.md", 7, "broken link: no file 'content/posts/todo.md'")
    # Not its links to what is not published yet, nor a draft's: it is still being written.
    # Built with it, its links are warned of once, as any published article's.
    for options, expected in (
        ({}, broken),
        ({"future": True}, [broken[0], to_draft, broken[1]]),
        ({"drafts": True, "future": True}, [todo, *broken]),
    ):
        warnings = [(w.path, w.line, w.message) for w in build_site(tmp_path, **options).warnings]
        assert [w for w in warnings if w[0] != "site.toml"] == expected, options


def test_an_expired_article_is_left_out_unless_asked(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/over.md": article("終わったキャンペーン", expires="2024-03-31"),
            "content/posts/on.md": article("続くキャンペーン", expiryDate="2999-12-31"),
        },
    )
    assert [a.title for a in build_site(tmp_path).site.articles] == ["続くキャンペーン"]
    assert not (tmp_path / "public/posts/over").exists()
    titles = {a.title for a in build_site(tmp_path, expired=True).site.articles}
    assert titles == {"終わったキャンペーン", "続くキャンペーン"}


def test_every_error_of_a_build_is_reported_at_once(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": "---\ntitle: a\ndate: 2009-13-01\n---\n",
            "content/posts/b.md": "---\ndate: 2009-08-20\n---\n",
            "content/c.md": "---\ntitle: [\n---\n",
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [p.message for p in caught.value.problems] == [
        "invalid YAML front matter: did not find expected node content",
        "date: not a date ('2009-13-01')",
        "title: required",
    ]
    assert [str(p).split(": ", 1)[0] for p in caught.value.problems] == [
        "content/c.md:3",
        "content/posts/a.md:3",
        "content/posts/b.md:2",
    ]
    assert not (tmp_path / "public").exists()


def test_two_sources_with_one_url_are_an_error_naming_both(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a", slug="same"),
            "content/posts/b.md": article("b", slug="same"),
            "content/tags.md": "---\ntitle: タグ\n---\n",
            "static/posts/a/x.txt": "ok",
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    # At the line of the slug that gives the address, and at the file that takes the
    # address of a page sitegen makes; each names the other, in the form of every problem.
    messages = [str(p) for p in caught.value.problems]
    hint = " (hint: give one of them another slug or name)"
    assert (
        "content/posts/a.md:4: slug: content/posts/b.md already makes posts/same/index.html" + hint
        in messages
    )
    assert "content/tags.md: the tag index already makes tags/index.html" + hint in messages


def test_a_page_where_another_source_needs_a_folder_is_a_collision(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a", slug="atom.xml"),
            "content/posts/b.md": article("b", slug="files"),  # a folder beside a folder: fine
            "static/files/a.pdf": b"%PDF",
        },
        config='title = "t"\nbase_url = "https://example.com/"\npermalink = "/{slug}/"\n',
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/posts/a.md:4: slug: two sources clash at atom.xml: a file of the feeds,"
        " a folder of content/posts/a.md (hint: give one of them another slug or name)"
    ]
    assert not (tmp_path / "public").exists()


def test_relative_links_resolve_to_urls_and_broken_ones_warn(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                "a",
                slug="first",
                body="[次へ](b.md#見出し) と ![図](img/chart.png) と [節](b.md#節)",
            ),
            "content/posts/b.md": article(
                "b", body="[存在しない](missing.md)\n\n[下書き](c.md)\n\n## 見出し"
            ),
            "content/posts/c.md": article("c", draft="true"),
            "content/posts/img/chart.png": png(4, 3),
        },
        config='title = "t"\nbase_url = "https://example.com/blog/"\n',
    )
    result = build_site(tmp_path)
    page = read(tmp_path, "posts/first/index.html")
    assert '<a href="/blog/posts/b/#見出し">次へ</a>' in page
    assert (
        '<img alt="図" decoding="async" fetchpriority="high" src="/blog/posts/img/chart.png" width="4" height="3">'
        in page
    )
    assert (tmp_path / "public/posts/img/chart.png").read_bytes() == png(4, 3)
    assert [str(w) for w in result.warnings] == [
        "content/posts/a.md:7: warning: broken link: no heading or anchor '#節' in 'content/posts/b.md'"
        " (hint: a heading's id is its text, spaces as '-': the # beside it in the page)",
        "content/posts/b.md:6: warning: broken link: no file 'content/posts/missing.md'",
        "content/posts/b.md:8: warning: link to an unpublished article: 'c.md' (hint: it is a draft or dated in the future)",
    ]


def test_links_from_the_site_root_to_nothing_the_build_makes_warn(tmp_path: Path) -> None:
    made = (
        "[概要](/about/) [概要](/about) [経営](/tags/management/#top) [検索](/search/?q=税)"
        " [フィード](/atom.xml) [資料](/files/report.pdf) [索引](/pagefind/pagefind.js)"
        " [日本語](/posts/%E6%97%A5%E6%9C%AC/) [トップ](/)"
    )
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a", tags="[経営]", body=made),
            "content/posts/b.md": article(
                "b", slug="日本", body="[経営](/tags/経営/)\n\n![図](/images/chart.png)"
            ),
            "content/posts/c.md": article("c", draft="true"),
            "content/about.md": "---\ntitle: 概要\n---\n\n[下書き](/posts/c/) [先頭](/blog/)\n",
            "static/files/report.pdf": b"%PDF",
        },
        config='title = "t"\nbase_url = "https://example.com/blog/"\n'
        '[tag_slugs]\n"経営" = "management"\n',
    )
    result = build_site(tmp_path)
    assert '<a href="/blog/files/report.pdf">資料</a>' in read(tmp_path, "posts/a/index.html")
    hint = " (hint: a path from the site root names a page of the site or a file of static/)"
    assert [str(w) for w in result.warnings] == [
        f"content/about.md:5: warning: broken link: nothing in the site at '/posts/c/'{hint}",
        f"content/about.md:5: warning: broken link: nothing in the site at '/blog/'{hint}",
        f"content/posts/b.md:7: warning: broken link: nothing in the site at '/tags/経営/'{hint}",
        "content/posts/b.md:9: warning: broken link: nothing in the site at '/images/chart.png'"
        + hint,
    ]


def test_settings_that_name_nothing_the_build_makes_warn_at_their_line(tmp_path: Path) -> None:
    config = """\
        title = "t"
        image = "/og.png"
        base_url = "https://example.com/"

        [profile]
        image = "/images/me.jpg"
        url = "/about/"

        [[rankings]]
        key = "a"
        label = "経営ランキング"
        url = "https://example.net/"
        banner = "/images/a.png"

        [[rankings]]
        key = "b"
        label = "コンサルタントランキング"
        url = "https://example.net/"
        banner = "https://example.net/b.png"
        """
    write_site(
        tmp_path,
        {"content/posts/a.md": article("a"), "static/images/me.jpg": b"\xff\xd8"},
        config=config,
    )
    result = build_site(tmp_path)
    assert [(w.path, w.line, w.message) for w in result.warnings] == [
        ("site.toml", 2, "broken link: nothing in the site at '/og.png'"),
        ("site.toml", 7, "broken link: nothing in the site at '/about/'"),
        ("site.toml", 13, "broken link: nothing in the site at '/images/a.png'"),
    ]


def test_an_output_name_too_long_for_a_disk_is_an_error_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("一")})
    build_site(tmp_path)
    before = snapshot(tmp_path / "public")
    # 70 characters of 3 bytes make a file name; as a URL name, ㍿ is 株式会社: 840 bytes.
    name = "㍿" * 70
    (tmp_path / f"content/posts/{name}.md").write_text(article("二"), "utf-8")
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"content/posts/{name}.md would make a file or folder name of 840 bytes, more than a"
        f" disk allows (255): {'株式会社' * 5}… (hint: give it a shorter slug or name)"
    ]
    assert snapshot(tmp_path / "public") == before


def test_an_output_path_outside_the_output_or_in_the_search_index_is_refused() -> None:
    made = [
        ("posts/a/index.html", "content/posts/a.md"),
        ("tags/../../x/index.html", "the tag 'x'"),
        ("/etc/x.html", "a page"),
        ("tags/./index.html", "the tag index"),
        ("pagefind/custom.js", "static/pagefind/custom.js"),
        ("posts/pagefind/index.html", "content/posts/pagefind.md"),
    ]
    assert [p.message for p in find_unwritable(made, kept=("pagefind",))] == [
        "the tag 'x' would make 'tags/../../x/index.html', not a plain path in the output folder",
        "a page would make '/etc/x.html', not a plain path in the output folder",
        "the tag index would make 'tags/./index.html', not a plain path in the output folder",
        "static/pagefind/custom.js would make 'pagefind/custom.js' in pagefind/,"
        " the search index's folder",
    ]
    assert find_unwritable(made[-2:]) == []  # with search off, pagefind/ is the site's


def test_a_full_disk_is_an_error_and_the_output_stays_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("一")})
    build_site(tmp_path)
    before = snapshot(tmp_path / "public")
    (tmp_path / "content/posts/a.md").write_text(article("二"), "utf-8")

    def full(staging: Staging, path: str, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    monkeypatch.setattr(Staging, "write", full)
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "could not write the site to public: No space left on device"
        " (hint: free some space on the disk)"
    ]
    assert snapshot(tmp_path / "public") == before
    assert sorted(p.name for p in tmp_path.iterdir() if "staging" in p.name) == []


def test_a_link_to_a_folder_is_not_followed_and_says_so(tmp_path: Path) -> None:
    write_site(tmp_path / "site", {"content/posts/a.md": article("一")})
    write_site(tmp_path / "shared", {"posts/b.md": article("二")}, config="")
    (tmp_path / "site/content/posts/shared").symlink_to(tmp_path / "shared/posts")
    (tmp_path / "site/content/posts/loop").symlink_to(tmp_path / "site/content")
    result = build_site(tmp_path / "site")
    left_out = "warning: a link to a folder, not followed: the files in it are left out"
    assert [str(w) for w in result.warnings] == [
        f"content/posts/loop: {left_out}",
        f"content/posts/shared: {left_out}",
    ]
    assert result.articles == 1


def test_a_broken_link_or_a_pipe_is_left_out_with_a_warning_while_it_is_there(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("一"), "static/keep.txt": "k"})
    (tmp_path / "content/posts/gone.md").symlink_to(tmp_path / "elsewhere/gone.md")
    os.mkfifo(tmp_path / "static/pipe.png")  # reading it would wait for ever
    result = build_site(tmp_path)
    left_out = "warning: neither a file nor a link to one (a broken link, a pipe): left out"
    assert [str(w) for w in result.warnings] == [
        f"content/posts/gone.md: {left_out}",
        f"static/pipe.png: {left_out}",
    ]
    assert result.articles == 1 and (tmp_path / "public/keep.txt").is_file()
    (tmp_path / "content/posts/gone.md").unlink()
    (tmp_path / "static/pipe.png").unlink()
    assert build_site(tmp_path).warnings == []  # not the last build's warnings again


def test_a_file_that_opens_like_an_article_but_is_not_markdown_is_copied_with_a_warning(
    tmp_path: Path,
) -> None:
    jekyll = "---\nlayout: post\ntitle: HTMLの投稿\ndate: 2019-01-01\n---\n<p>本文</p>\n"
    pelican = "RST の記事\n##########\n\n:date: 2010-10-03 10:20\n:tags: a, b\n\n本文。\n"
    files: dict[str, str | bytes] = {
        "content/posts/a.md": article("一"),
        "content/posts/legacy.html": jekyll,
        "content/posts/pelican.rst": pelican,
        "content/posts/pelican.txt": "\ufeffTitle: 記事\nDate: 2010-10-03\n\n本文。\n",
        "content/posts/hugo.adoc": "+++\ntitle = 'x'\n+++\n本文\n",
        "content/files/page.html": "<!doctype html>\n<title>---</title>\n",  # a page of its own
        "content/files/notes.txt": "メモ\n---\n",
        "content/files/picture.png": "---\n",  # a picture is never opened
    }
    # HTML is published only with raw HTML on (see test_active_files.py)
    write_site(tmp_path, files, MINIMAL_CONFIG + "[markdown]\nunsafe_html = true\n")
    result = build_site(tmp_path)
    copied = "only Markdown files are articles: this one, which opens like an article,"
    copied += " is copied as it is, metadata and all (hint: to make it one, "
    assert [str(w) for w in result.warnings] == [
        f"content/posts/hugo.adoc:1: warning: {copied}convert it to Markdown"
        " ('asciidoctor -b docbook -o - hugo.adoc | pandoc -f docbook -t gfm -o hugo.md')"
        " and start it with front matter)",
        f"content/posts/legacy.html:1: warning: {copied}rename it to .md;"
        " its HTML then needs [markdown] unsafe_html = true)",
        f"content/posts/pelican.rst:4: warning: {copied}convert it to Markdown, as"
        " 'pandoc -f rst -t gfm -o pelican.md pelican.rst' does, and start it with front matter)",
        f"content/posts/pelican.txt:1: warning: {copied}rename it to .md)",
    ]
    assert read(tmp_path, "posts/legacy.html") == jekyll  # as before: the build goes on
    assert result.articles == 1
    (tmp_path / "content/posts/legacy.html").rename(tmp_path / "content/posts/legacy.md")
    result = build_site(tmp_path)
    unread = [w.path for w in result.warnings if w.message.startswith("only Markdown")]
    assert "content/posts/legacy.html" not in unread and len(unread) == 3
    assert result.articles == 2  # and its HTML is raw HTML, kept as the hint said
    assert "<p>本文</p>" in read(tmp_path, "posts/legacy/index.html")


@pytest.mark.parametrize("unreadable", ["content/posts/b.md", "static/logo.png"])
def test_a_file_that_cannot_be_read_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unreadable: str
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("一"),
            "content/posts/b.md": article("二"),
            "static/logo.png": png(4, 3),
        },
    )
    denied = OSError(errno.EACCES, os.strerror(errno.EACCES))
    real_open, real_read = open, Path.read_bytes

    def guarded_open(path: str, *args: Any, **kwargs: Any) -> Any:
        if str(path).endswith(unreadable):
            raise denied
        return real_open(path, *args, **kwargs)

    def guarded_read(path: Path) -> bytes:
        if path.as_posix().endswith(unreadable):
            raise denied
        return real_read(path)

    monkeypatch.setattr(sitegen.build, "open", guarded_open, raising=False)
    monkeypatch.setattr(Path, "read_bytes", guarded_read)
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{unreadable}: cannot read the file: Permission denied (hint: check who may read it)"
    ]
    assert not (tmp_path / "public").exists()


def test_a_source_that_became_unreadable_is_an_error_when_it_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("一")})
    build_site(tmp_path)  # its size and time are known now: it is not hashed again
    real_read = Path.read_bytes

    def guarded_read(path: Path) -> bytes:
        if path.as_posix().endswith("content/posts/a.md"):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", guarded_read)
    (tmp_path / "site.toml").write_text('title = "t"\npermalink = "/p/{slug}/"\n', "utf-8")
    with pytest.raises(SiteError) as caught:  # another permalink: every source is read again
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/posts/a.md: cannot read the file: Permission denied (hint: check who may read it)"
    ]


def test_bom_and_crlf_twins_render_identically(tmp_path: Path) -> None:
    text = article("改行の違い", body="一行目。\n二行目。\n\n- 項目")
    lf, crlf = tmp_path / "lf", tmp_path / "crlf"
    write_site(lf, {"content/posts/a.md": text.encode()})
    write_site(crlf, {"content/posts/a.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()})
    build_site(lf)
    build_site(crlf)
    assert snapshot(lf / "public") == snapshot(crlf / "public")


def test_the_output_folder_is_readable_by_all_as_the_umask_says(tmp_path: Path) -> None:
    """A web server that runs as another user must be able to read the site."""
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一", "2024-01-01")})
    old = os.umask(0o022)
    try:
        build(site)
    finally:
        os.umask(old)
    for folder in (site / "public", site / "public/posts/a"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "public/posts/a/index.html").stat().st_mode) == 0o644


def test_builds_are_deterministic(tmp_path: Path) -> None:
    posts = {
        f"content/posts/{n}.md": article(f"記事{n}", "2024-01-01", tags="[経営, 個人情報]")
        for n in range(5)
    }
    write_site(tmp_path, posts)
    build_site(tmp_path)
    first = snapshot(tmp_path / "public")
    build_site(tmp_path, output=tmp_path / "again")
    assert snapshot(tmp_path / "again") == first


def test_a_failed_build_leaves_the_earlier_output_byte_identical(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("最初")})
    build_site(tmp_path)
    before = snapshot(tmp_path / "public")
    (tmp_path / "content/posts/b.md").write_text("---\ntitle: [\n---\n", "utf-8")
    (tmp_path / "content/posts/a.md").write_text(article("変更後"), "utf-8")
    with pytest.raises(SiteError):
        build_site(tmp_path)
    assert snapshot(tmp_path / "public") == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_unchanged_outputs_keep_their_mtime_and_stale_ones_go(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("a"), "content/posts/b.md": article("b")})
    build_site(tmp_path)
    css = next((tmp_path / "public/assets/css").glob("site.*.css"))
    os.utime(css, (1_000_000, 1_000_000))
    (tmp_path / "content/posts/b.md").unlink()
    result = build_site(tmp_path)
    assert css.stat().st_mtime == 1_000_000
    assert not (tmp_path / "public/posts/b").exists()
    assert result.changed > 0


def test_static_files_are_copied_but_never_dotfiles_or_editor_leftovers(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a"),
            "static/CNAME": "blog.example.com\n",
            "static/images/logo.svg": "<svg/>",
            "static/.env": "SECRET=1",
            "static/.git/config": "x",
            "static/notes.txt~": "x",
            "static/.notes.txt.swp": "x",
            "content/posts/.#a.md": "x",
            "content/posts/a.md~": "x",
        },
    )
    build_site(tmp_path)
    out = tmp_path / "public"
    assert (out / "CNAME").read_text() == "blog.example.com\n"
    assert (out / "images/logo.svg").is_file()
    names = {p.name for p in out.rglob("*")}
    assert not names & {".env", ".git", "notes.txt~", ".notes.txt.swp", ".#a.md", "a.md~"}


@pytest.mark.parametrize("target", [".", "content", "static", "theme", ".."])
def test_refuses_to_write_over_the_writers_work(tmp_path: Path, target: str) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("a")})
    (site / "theme").mkdir()
    with pytest.raises(SiteError, match=r"^refusing to write the site into"):
        build_site(site, output=site / target)
    assert (site / "content/posts/a.md").is_file()


@pytest.mark.parametrize("write", [True, False], ids=["build", "check"])
def test_an_output_dir_over_the_writers_work_is_refused_at_its_line_by_check_too(
    tmp_path: Path, write: bool
) -> None:
    config = 'title = "t"\noutput_dir = "static"\n'
    site = write_site(tmp_path, {"content/posts/a.md": article("a"), "static/a.txt": "x"}, config)
    with pytest.raises(SiteError) as caught:
        build_site(site, write=write)
    assert [str(p) for p in caught.value.problems] == [
        f"site.toml:2: refusing to write the site into the site's static/ folder ({site}/static)"
        " (hint: choose another output folder, such as public)"
    ]
    assert sorted(p.name for p in (site / "static").iterdir()) == ["a.txt"]


def test_refuses_a_non_empty_folder_not_made_by_sitegen(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("a")})
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "report.docx").write_text("important")
    with pytest.raises(SiteError, match="it is not empty and was not made by sitegen"):
        build_site(site, output=elsewhere)
    assert (elsewhere / "report.docx").read_text() == "important"
    build_site(site, output=tmp_path / "fresh")
    build_site(site, output=tmp_path / "fresh")  # its own output is fine to rebuild


def test_base_path_reaches_every_link(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a", tags="[経営]"),
            "content/about.md": "---\ntitle: About\n---\n",
        },
        config='title = "t"\nbase_url = "https://user.github.io/repo/"\n',
    )
    build_site(tmp_path)
    for path in ("index.html", "posts/a/index.html", "tags/index.html", "404.html"):
        html = read(tmp_path, path)
        hrefs = [part.split('"', 1)[0] for part in html.split('href="')[1:]]
        local = [h for h in hrefs if h.startswith("/")]
        assert local and all(h.startswith("/repo/") for h in local), (path, local)
    assert '<link rel="canonical" href="https://user.github.io/repo/posts/a/">' in read(
        tmp_path, "posts/a/index.html"
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_long_stages_show_a_progress_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    options = BuildOptions(progress=True)
    for done in (199, 200, 1000):
        progress(options, "reading sources", done, 1000)
    assert terminal.getvalue() == "\rreading sources 200/1,000\rreading sources 1,000/1,000\n"
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    progress(options, "reading sources", 200, 999)  # short stages: no line
    progress(BuildOptions(), "reading sources", 200, 5000)  # not asked for (the API's default)
    assert quiet.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    progress(options, "reading sources", 200, 5000)  # not a terminal: no line
    assert piped.getvalue() == ""


@pytest.mark.parametrize("lives_on", [True, False], ids=["serve", "cli"])
def test_a_file_takes_the_place_of_a_folder_of_the_last_build_and_back(
    tmp_path: Path, lives_on: bool
) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一")})
    builder = Builder(site, BuildOptions(search=False))
    folder = file = site / "static/notes"
    (folder / "a.txt").parent.mkdir(parents=True)
    (folder / "a.txt").write_text("folder", "utf-8")
    builder.build()
    (site / "public/notes/by-hand.txt").write_text("no build made it", "utf-8")
    shutil.rmtree(folder)
    file.write_text("file", "utf-8")
    (builder if lives_on else Builder(site, BuildOptions(search=False))).build()
    assert (site / "public/notes").read_text("utf-8") == "file"
    file.unlink()
    (folder / "a.txt").parent.mkdir(parents=True)
    (folder / "a.txt").write_text("folder again", "utf-8")
    (builder if lives_on else Builder(site, BuildOptions(search=False))).build()
    assert (site / "public/notes/a.txt").read_text("utf-8") == "folder again"


def test_hugos_list_page_texts_are_a_warning_and_not_published(tmp_path: Path) -> None:
    # QA: content/posts/_index.md stopped the build (date: required), and content/_index.md
    # became a page at /_index/ with a second ホーム link in the header.
    write_site(
        tmp_path,
        {
            "content/_index.md": "---\ntitle: ホーム\n---\nようこそ。\n",
            "content/posts/_index.md": "---\ntitle: 記事一覧\n---\n",
            "content/posts/a.md": article("記事"),
        },
    )
    result = build_site(tmp_path)
    assert [a.title for a in result.site.articles] == ["記事"] and result.site.pages == ()
    assert [(w.path, w.message.split(";")[0]) for w in result.warnings] == [
        (path, "not used: Hugo's text of a list page (_index.md)")
        for path in ("content/_index.md", "content/posts/_index.md")
    ]
    assert not (tmp_path / "public/_index").exists()
    assert "ようこそ" not in "".join(
        p.read_text("utf-8") for p in (tmp_path / "public").rglob("*.html")
    )


def test_a_posts_dir_that_content_does_not_have_is_a_warning_at_its_line(tmp_path: Path) -> None:
    config = 'title = "t"\nbase_url = "https://e.jp/"\nposts_dir = "article"\n'
    site = write_site(tmp_path, {"content/articles/a.md": article("a")}, config)
    result = build_site(site)
    assert (len(result.site.articles), len(result.site.pages)) == (0, 1)
    assert [str(w) for w in result.warnings] == [
        "site.toml:3: warning: posts_dir: content/article/ does not exist: the site has pages"
        " only, no articles (hint: did you mean 'articles'?)"
    ]
    (site / "site.toml").write_text(config.replace('"article"', '"articles"'), "utf-8")
    result = build_site(site)
    assert (len(result.site.articles), result.warnings) == (1, [])


def test_a_staging_folder_a_killed_build_left_is_removed_by_the_next(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/posts/a.md": article("a")})
    left = site / ".public.staging-0badf00d"
    (left / "posts/a").mkdir(parents=True)
    (left / "posts/a/index.html").write_text("half", "utf-8")
    build_site(site)
    assert sorted(p.name for p in site.iterdir() if "staging" in p.name) == []


def test_a_file_that_cannot_be_replaced_is_named_and_the_build_says_what_it_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path, {"content/posts/a.md": article("a"), "static/x.txt": "x"})
    build_site(site)
    (site / "site.toml").write_text('title = "new"\n', "utf-8")
    real_move = sitegen.output._move

    def move(staged: str, final: str) -> None:  # as a file made immutable (chattr +i)
        if final.endswith("posts/a/index.html"):
            raise PermissionError(errno.EPERM, "Operation not permitted", staged, None, final)
        real_move(staged, final)

    monkeypatch.setattr(sitegen.output, "_move", move)
    with pytest.raises(SiteError) as caught:
        build_site(site)
    assert [str(p) for p in caught.value.problems] == [
        "could not replace public/posts/a/index.html: Operation not permitted; the output"
        " holds part of this build (hint: check who may write to the output folder, then"
        " build again)"
    ]
    monkeypatch.setattr(sitegen.output, "_move", real_move)
    build_site(site)  # as it says: once it can be written, the next build mends it
    assert "<title>a | new</title>" in read(site, "posts/a/index.html")


def test_a_pages_tags_are_left_out_with_a_warning_that_says_where_articles_go(
    tmp_path: Path,
) -> None:
    """Another generator's second section (content/news/) holds dated, tagged posts: here
    they are pages, listed under no tag, and the writer is told so rather than left to
    find tags and breadcrumbs leading nowhere."""
    write_site(
        tmp_path,
        {
            "content/news/item.md": article("お知らせ", tags="[経営]"),
            "content/posts/a.md": article("記事", tags="[採用]"),
        },
        'title = "t"\n',
    )
    result = build_site(tmp_path)
    warnings = [(w.path, w.line, w.message) for w in result.warnings]
    assert (
        "content/news/item.md",
        4,
        "tags: a page is listed under no tag, so its tags are left out",
    ) in warnings
    assert [p.tags for p in result.site.pages] == [()]
    page = read(tmp_path, "news/item/index.html")
    assert "/tags/" not in page[page.index('<nav class="breadcrumbs"') :].split("</nav>")[0]
    assert not (tmp_path / "public/tags/経営").exists()


def test_a_link_to_a_file_outside_the_site_or_hidden_in_it_is_left_out_with_a_warning(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一")})
    write_site(tmp_path / "outside", {"id_rsa": "SECRET", "secret.md": article("秘密")}, config="")
    (site / ".git").mkdir()
    (site / ".git/config").write_text("url = https://me:TOKEN@example.com/blog.git\n", "utf-8")
    links = {
        "static/passwd.txt": tmp_path / "outside/id_rsa",  # absolute
        "content/posts/key.txt": Path("../../../outside/id_rsa"),  # relative
        "content/posts/secret.md": Path("../../../outside/secret.md"),  # an article
        "static/gitconfig.txt": Path("../.git/config"),  # inside, but hidden
        "theme/static/site.css": tmp_path / "outside/id_rsa",
        "theme/templates/robots.txt": tmp_path / "outside/id_rsa",
        "theme/i18n/ja.toml": tmp_path / "outside/id_rsa",
    }
    for link, target in links.items():
        (site / link).parent.mkdir(parents=True, exist_ok=True)
        (site / link).symlink_to(target)
    result = build_site(site)
    hint = (
        " not followed: left out (hint: copy the file into the site if it is meant to be published)"
    )
    published = "content/ and static/ (site.toml, theme/, a file elsewhere)"
    assert [str(w) for w in result.warnings] == [
        f"{link}: warning: a link to a file outside"
        f" {'the site' if link.startswith('theme/') else published}, or to a hidden one (.git/),"
        + hint
        for link in sorted(links)
    ]
    assert [a.title for a in result.site.articles] == ["一"]
    published = snapshot(site / "public")
    assert not [path for path, data in published.items() if b"SECRET" in data or b"TOKEN" in data]
    assert not {"passwd.txt", "gitconfig.txt", "posts/key.txt"} & set(published)
    assert "User-agent" in read(site, "robots.txt")  # the built-in theme's


def test_links_that_stay_in_content_and_static_are_followed(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/a.md": article("一"),
            "content/legal/terms.txt": "利用規約",
            "static/drafts/b.md": article("二"),
            "static/.well-known/security.txt": "Contact: mailto:security@example.com\n",
            "design/extra.css": "body{color:red}",
        },
    )
    (site / "content/posts/b.md").symlink_to("../../static/drafts/b.md")
    (site / "static/terms.txt").symlink_to("../content/legal/terms.txt")
    (site / "static/security.txt").symlink_to(".well-known/security.txt")
    (site / "theme/static/css").mkdir(parents=True)
    (site / "theme/static/css/extra.css").symlink_to("../../../design/extra.css")  # the site's
    result = build_site(site)
    assert result.warnings == []
    assert sorted(a.title for a in result.site.articles) == ["一", "二"]
    assert read(site, "terms.txt") == "利用規約"
    assert read(site, "security.txt").startswith("Contact:")
    assert [p for p in snapshot(site / "public") if p.startswith("assets/css/extra.")]


def test_a_link_in_content_or_static_to_another_file_of_the_site_is_left_out(
    tmp_path: Path,
) -> None:
    """Security QA, finding 2: ``static/cfg.txt -> ../site.toml`` published the push
    token of a [publish.*] url; a writer's commit is enough to add such a link."""
    token = "git+https://x-access-token:ghp_SECRET123@github.com/me/blog.git"
    config = MINIMAL_CONFIG + f'[publish.prod]\nurl = "{token}"\n'
    files = {
        "content/posts/a.md": article("一"),
        "theme/templates/x.txt": "SECRET",
        "archetypes/default.md": "---\ntitle: SECRET\n---\n",
        "pagefind.yml": "# SECRET\n",
        "notes/terms.txt": "SECRET",
    }
    site = write_site(tmp_path / "site", files, config)
    (site / "static").mkdir()
    links = {
        "static/cfg.txt": "../site.toml",
        "content/posts/cfg.txt": "../../site.toml",
        "content/posts/b.md": "../../archetypes/default.md",
        "static/theme.txt": "../theme/templates/x.txt",
        "static/pagefind.txt": "../pagefind.yml",
        "static/terms.txt": "../notes/terms.txt",
        "static/abs.txt": str(site / "site.toml"),
    }
    for link, target in links.items():
        (site / link).symlink_to(target)
    result = build_site(site)
    assert [(w.path, w.message.split(",")[0]) for w in result.warnings] == [
        (link, "a link to a file outside content/ and static/ (site.toml") for link in sorted(links)
    ]
    published = snapshot(site / "public")
    assert not [path for path, data in published.items() if b"SECRET" in data]
    assert [a.title for a in result.site.articles] == ["一"]


def test_static_well_known_is_published_and_other_hidden_files_are_not(tmp_path: Path) -> None:
    """Security QA, finding 6: static/.well-known/security.txt (RFC 9116) was silently
    missing from the site. Only static/'s: content/ is the writers', and a file there
    would answer for the domain (an ACME challenge)."""
    files = {
        "content/posts/a.md": article("一"),
        "static/.well-known/security.txt": "Contact: mailto:security@example.com\n",
        "static/.well-known/acme-challenge/tok-EN_1": "tok-EN_1.key\n",
        "static/.well-known/.DS_Store": "x",
        "static/.well-known/security.txt~": "x",
        "static/.htaccess": "x",
        "static/.hidden/a.txt": "x",
        "content/.well-known/security.txt": "x",
        "content/posts/.well-known/x.txt": "x",
    }
    site = write_site(tmp_path / "site", files)
    output = tmp_path / "out"
    builder = Builder(site, BuildOptions(output=output, search=False))
    assert builder.build().warnings == []
    hidden = sorted(p for p in snapshot(output) if "/." in f"/{p}" and p != MARKER)
    assert hidden == [".well-known/acme-challenge/tok-EN_1", ".well-known/security.txt"]
    assert (output / ".well-known/security.txt").read_text("utf-8").startswith("Contact:")
    (site / "static/.well-known/security.txt").write_text("Contact: mailto:new@example.com\n")
    builder.build({"static/.well-known/security.txt"})  # as serve's watcher tells it
    assert (output / ".well-known/security.txt").read_text("utf-8") == (
        "Contact: mailto:new@example.com\n"
    )
    (site / "static/.well-known/security.txt").unlink()
    builder.build({"static/.well-known/security.txt"})
    assert not (output / ".well-known/security.txt").exists()


@pytest.mark.parametrize("folder", ["static", "content", "theme"])
def test_a_folder_of_the_site_that_is_a_link_out_of_it_is_an_error(
    tmp_path: Path, folder: str
) -> None:
    """QA: a linked theme/ silently became the built-in theme, a linked content/ built
    no article, with only a warning: the build now stops and says why."""
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一")})
    write_site(tmp_path / "home", {".ssh/id_rsa": "SECRET"}, config="")
    if folder == "content":
        (site / "content/posts/a.md").unlink()
        (site / "content/posts").rmdir()
        (site / "content").rmdir()
    (site / folder).symlink_to(tmp_path / "home/.ssh")
    with pytest.raises(SiteError) as caught:
        build_site(site)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder}: {folder}/ is a link to {tmp_path.resolve()}/home/.ssh, outside the site:"
        " sitegen follows no link out of the site (a commit could publish any folder)"
        " (hint: put the folder itself in the site (a git submodule keeps a shared theme"
        " in one place))"
    ]
    assert not (site / "public/id_rsa").exists()


def test_a_file_replaced_by_a_link_out_while_serving_is_left_out(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一")})
    (site / "static").mkdir()
    (site / "static/notes.txt").write_text("メモ", "utf-8")
    (tmp_path / "id_rsa").write_text("SECRET", "utf-8")
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()
    (site / "static/notes.txt").unlink()
    (site / "static/notes.txt").symlink_to(tmp_path / "id_rsa")
    result = builder.build({"static/notes.txt"})  # as serve's watcher tells it
    assert [w.path for w in result.warnings] == ["static/notes.txt"]
    assert not (tmp_path / "out/notes.txt").exists()


@pytest.mark.parametrize("inside", [True, False], ids=["archetypes", "outside"])
def test_an_output_dir_that_is_a_link_is_refused_unless_given_with_o(
    tmp_path: Path, inside: bool
) -> None:
    """A writer's commit: public -> archetypes, with a forged marker in it."""
    files = {"content/posts/a.md": article("a"), "archetypes/default.md": "---\ntitle: x\n---\n"}
    site = write_site(tmp_path / "site", files)
    folder = site / "archetypes" if inside else tmp_path / "www"
    folder.mkdir(exist_ok=True)
    (folder / sitegen.output.MARKER).write_text(sitegen.output.MARKER_TEXT, "utf-8")
    (site / "public").symlink_to(folder)
    before = snapshot(folder)
    for write in (True, False):  # check refuses it too
        with pytest.raises(SiteError) as caught:
            build_site(site, write=write)
        assert [str(p) for p in caught.value.problems] == [
            f"site.toml:1: refusing to write the site into {site}/public: it is a link to {folder}"
            " (hint: remove the link (a build replaces what the folder holds); to write the"
            " site into a folder of your own elsewhere, give it with sitegen build -o)"
        ]
    assert snapshot(folder) == before
    build_site(site, output=site / "public")  # given with -o: the writer's own choice
    assert (folder / "posts/a/index.html").is_file()
