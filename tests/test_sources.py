"""Sources in whole builds: the source list, JSON-LD, and every check with its message."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import html5lib
import pytest
from sitekit import build_site, main_of, read, run_cli, write_site

from sitegen.errors import SiteError

APOLOGY = """\
---
title: ミナト生命の謝罪金
date: 2024-03-12 08:30
updated: 2024-03-13
tags: [経営, 個人情報]
summary: 謝罪金の総額を考える。
sources:
  tokyo-biz-0311:
    publisher: 東京ビジネス新聞
    date: 2024-03-11
    title: ミナト生命、8万人に謝罪金
    url: https://news.example.com/tokyo-biz/0311
  weekly:
    publisher: 経済ウィークリー
    note: 紙面のみ
---

> [!quote tokyo-biz-0311]
> ミナト生命は11日、謝罪金を支払う方針を示した。

> [!quote weekly]
> 後始末の費用は大きい。
"""


def sourced(sources: str, body: str = "> [!quote a]\n> 引用。\n", title: str = "記事") -> str:
    """An article whose front matter ends with ``sources`` (YAML lines from line 4)."""
    return f"---\ntitle: {title}\ndate: 2024-03-12\n{sources.strip()}\n---\n\n{body}"


def problems_of(root: Path, files: dict[str, str]) -> list[str]:
    """The errors of building ``files`` (the warnings told with them left out)."""
    write_site(root, files)
    with pytest.raises(SiteError) as caught:
        build_site(root)
    return [str(p) for p in caught.value.problems if p.is_error]


def json_ld(page: str) -> Any:
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(script)


def parse_strictly(page: str) -> Any:
    """The document tree; html5lib's strict parser raises on any parse error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def test_quotes_link_to_the_source_list_at_the_end(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/apology.md": APOLOGY})
    build_site(tmp_path)
    page = main_of(read(tmp_path, "posts/apology/index.html"))
    tree = parse_strictly(read(tmp_path, "posts/apology/index.html"))
    figures = tree.findall(".//figure[@class='quote']")
    assert [f.get("id") for f in figures] == ["quote-tokyo-biz-0311", "quote-weekly"]
    captions = ["".join(f.find("figcaption").itertext()) for f in figures]
    assert captions == [
        "引用: 2024年3月11日 東京ビジネス新聞 [出典1]",
        "引用: 経済ウィークリー [出典2]",
    ]
    refs = [f.find("figcaption/a[@class='quote__ref']").get("href") for f in figures]
    entries = tree.findall(".//section[@class='sources']/ol/li")
    assert (
        refs
        == ["#" + li.get("id") for li in entries]
        == ["#source-tokyo-biz-0311", "#source-weekly"]
    )
    assert tree.find(".//section[@class='sources']/h2").text == "出典"
    assert (
        '<li id="source-tokyo-biz-0311">\n'
        '      <cite class="sources__work"><a href="https://news.example.com/tokyo-biz/0311">ミナト生命、8万人に謝罪金</a></cite>\n'
        '      <span class="sources__byline">東京ビジネス新聞（2024年3月11日）</span>\n'
        "    </li>"
    ) in page
    assert (
        '<li id="source-weekly">\n'
        '      <span class="sources__byline">経済ウィークリー</span>\n'
        '      <span class="sources__note">紙面のみ</span>\n'
        "    </li>"
    ) in page
    assert page.index("後始末の費用") < page.index('<section class="sources"')


def test_the_source_list_and_captions_in_english(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {"content/posts/apology.md": APOLOGY},
        config='title = "Blog"\nlanguage = "en"\n',
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/apology/index.html")
    assert '<h2 id="sources-title" class="sources__title">Sources</h2>' in page
    assert '<span class="sources__byline">東京ビジネス新聞, March 11, 2024</span>' in page
    assert (
        '<figcaption>Quoted from <a href="https://news.example.com/tokyo-biz/0311">東京ビジネス新聞</a>, '
        'March 11, 2024 <a class="quote__ref" href="#source-tokyo-biz-0311">[source 1]</a></figcaption>'
    ) in page


def test_an_article_without_sources_has_no_source_list(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": sourced("", body="本文。")})
    build_site(tmp_path)
    assert 'class="sources"' not in read(tmp_path, "posts/a/index.html")


def test_json_ld_describes_the_article_and_cites_its_sources(tmp_path: Path) -> None:
    config = 'title = "t"\nbase_url = "https://example.com/blog/"\nauthor = "港 誠一"\n[profile]\nurl = "/about/"\n'
    write_site(tmp_path, {"content/posts/apology.md": APOLOGY}, config=config)
    build_site(tmp_path)
    data = json_ld(read(tmp_path, "posts/apology/index.html"))
    assert data == {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": "ミナト生命の謝罪金",
        "description": "謝罪金の総額を考える。",
        "url": "https://example.com/blog/posts/apology/",
        "mainEntityOfPage": "https://example.com/blog/posts/apology/",
        "inLanguage": "ja",
        "datePublished": "2024-03-12T08:30:00+09:00",
        "dateModified": "2024-03-13T00:00:00+09:00",
        "author": {"@type": "Person", "name": "港 誠一", "url": "https://example.com/blog/about/"},
        "keywords": ["経営", "個人情報"],
        "citation": [
            {
                "@type": "NewsArticle",
                "name": "ミナト生命、8万人に謝罪金",
                "publisher": {"@type": "Organization", "name": "東京ビジネス新聞"},
                "datePublished": "2024-03-11",
                "url": "https://news.example.com/tokyo-biz/0311",
            },
            {
                "@type": "CreativeWork",
                "publisher": {"@type": "Organization", "name": "経済ウィークリー"},
            },
        ],
    }


def test_json_ld_without_author_tags_or_sources_leaves_them_out(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": sourced("", body="本文。")})
    build_site(tmp_path)
    data = json_ld(read(tmp_path, "posts/a/index.html"))
    assert {"author", "keywords", "citation"} & set(data) == set()
    assert data["dateModified"] == data["datePublished"] == "2024-03-12T00:00:00+09:00"


def test_nothing_in_front_matter_can_close_the_json_ld_script(tmp_path: Path) -> None:
    hostile = "</script><script>alert('x')</script> & <!--"
    sources = f'sources:\n  a: {{publisher: "{hostile}", title: 題}}'
    write_site(tmp_path, {"content/posts/a.md": sourced(sources, title=f'"{hostile}"')})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    head = page[: page.index("</head>")]
    assert head.count("<script") == 1 and head.count("</script>") == 1
    data = json_ld(page)
    assert data["headline"] == hostile
    assert data["citation"][0]["publisher"]["name"] == hostile
    parse_strictly(page)


def test_the_article_page_parses_cleanly_with_unique_ids(tmp_path: Path) -> None:
    body = (
        "## 出典\n\n> [!quote tokyo-biz-0311]\n> 一。[^1]\n\n> [!quote tokyo-biz-0311]\n> 二。\n\n"
        "> [!quote weekly]\n> 三。\n\n[^1]: 注。\n"
    )
    write_site(tmp_path, {"content/posts/apology.md": APOLOGY.split("\n> [!quote")[0] + body})
    build_site(tmp_path)
    tree = parse_strictly(read(tmp_path, "posts/apology/index.html"))
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    assert {"quote-tokyo-biz-0311", "quote2-tokyo-biz-0311", "source-weekly", "出典"} <= set(ids)


def test_ids_stay_unique_with_sources_named_like_other_ids(tmp_path: Path) -> None:
    # QA: sources a and a-2 gave two quote-a-2; a source 'list' repeated the list's heading.
    sources = (
        "sources:\n  a: {publisher: 一}\n  a-2: {publisher: 二}\n  list: {publisher: リスト新聞}\n"
        "  title: {publisher: 題}"
    )
    body = "".join(f"> [!quote {i}]\n> 引用。\n\n" for i in ("a", "a", "a-2", "list", "title"))
    write_site(tmp_path, {"content/posts/a.md": sourced(sources, body)})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    tree = parse_strictly(page)
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    assert {"quote-a", "quote2-a", "quote-a-2", "source-list", "sources-title"} <= set(ids)
    assert 'href="#source-list">[出典3]</a>' in page  # leads to the entry, not the heading


def test_a_quote_of_an_undeclared_source_is_an_error(tmp_path: Path) -> None:
    sources = "sources:\n  tokyo-biz-0311: {publisher: 東京ビジネス新聞}"
    body = "本文。\n\n> [!quote tokyo-biz-0312]\n> 引用。\n\n> [!quote tokyo-biz-0311]\n> 引用。\n"
    assert problems_of(tmp_path, {"content/posts/a.md": sourced(sources, body)}) == [
        "content/posts/a.md:10: quotation names an undeclared source 'tokyo-biz-0312' (hint: did you mean 'tokyo-biz-0311'?)"
    ]


def test_a_quote_without_a_source_id_is_an_error(tmp_path: Path) -> None:
    sources = "sources:\n  a: {publisher: 東京ビジネス新聞}"
    body = "> [!quote a]\n> 引用。\n\n> [!quote ]\n> 引用。\n"
    assert problems_of(tmp_path, {"content/posts/a.md": sourced(sources, body)}) == [
        "content/posts/a.md:11: quotation without a source id (hint: open a quotation with '> [!quote ID]', ID declared under 'sources:')"
    ]


def test_a_source_that_no_quote_uses_is_a_warning(tmp_path: Path) -> None:
    sources = (
        "sources:\n  a: {publisher: 東京ビジネス新聞}\n  unused:\n    publisher: 流通ジャーナル"
    )
    write_site(tmp_path, {"content/posts/a.md": sourced(sources)})
    result = build_site(tmp_path)
    assert [str(w) for w in result.warnings] == [
        "content/posts/a.md:6: warning: sources.unused: no quotation names this source (hint: quote it with '> [!quote unused]', or remove it)"
    ]
    assert '<li id="source-unused">' in read(tmp_path, "posts/a/index.html")  # still listed


def test_duplicate_source_ids_are_an_error(tmp_path: Path) -> None:
    sources = "sources:\n  a:\n    publisher: 東京ビジネス新聞\n  a:\n    publisher: 流通ジャーナル"
    assert problems_of(tmp_path, {"content/posts/a.md": sourced(sources)}) == [
        "content/posts/a.md:7: sources: duplicate source id 'a' (first at line 5) (hint: give each source its own id)"
    ]


def test_each_bad_source_field_is_reported_with_its_line(tmp_path: Path) -> None:
    sources = """
sources:
  a:
    publisher: 東京ビジネス新聞
    date: 2024-13-01
    url: javascript:alert(1)
  b:
    publisher: ""
    titel: 題
  c:
    publisher: 流通ジャーナル
    url: https://news.example.com/x
  d:
    publisher: 経済ウィークリー
    url: https://news.example.com/x
  e: 日本経済新聞
  f g: {publisher: x}
"""
    body = "".join(f"> [!quote {q}]\n> 引用。\n\n" for q in "abcde")
    assert problems_of(tmp_path, {"content/posts/a.md": sourced(sources, body)}) == [
        "content/posts/a.md:7: sources.a.date: not a date ('2024-13-01') (hint: write dates as 2009-08-20, 2009-08-20 09:00 or 2009/08/20 09:00)",
        "content/posts/a.md:8: sources.a.url: must be an absolute http(s) URL such as 'https://example.com/…', not 'javascript:alert(1)'",
        "content/posts/a.md:10: sources.b.publisher: must not be empty",
        "content/posts/a.md:11: sources.b.titel: unknown key (hint: did you mean 'title'?)",
        "content/posts/a.md:17: sources.d.url: the same URL as source 'c' (line 14) (hint: one work needs one id; quote it as often as you like)",
        "content/posts/a.md:18: sources.e: expected a mapping, got '日本経済新聞'",
        "content/posts/a.md:19: sources: the id 'f g' may contain only letters, digits, '-', '_' and '.'",
    ]


def test_sources_must_be_a_mapping(tmp_path: Path) -> None:
    sources = "sources:\n  - publisher: 東京ビジネス新聞"
    assert problems_of(tmp_path, {"content/posts/a.md": sourced(sources, "本文。")}) == [
        "content/posts/a.md:4: sources: must map an id to a source (hint: below 'sources:', write 'nikkei-0820: {publisher: 日本経済新聞, date: 2009-08-20}')"
    ]


def test_messages_say_mapping_in_yaml_and_table_in_toml(tmp_path: Path) -> None:
    yaml = sourced("sources:\n  a: {publisher: {name: 新聞}}\n  b: 日経", "> [!quote a]\n> 一。\n")
    toml = (
        '+++\ntitle = "記事"\ndate = 2024-03-12\n[sources]\nb = "日経"\n'
        '[sources.a]\npublisher = {name = "新聞"}\n+++\n\n> [!quote a]\n> 一。\n'
    )
    files = {"content/posts/a.md": yaml, "content/posts/b.md": toml}
    assert problems_of(tmp_path, files) == [
        "content/posts/a.md:5: sources.a.publisher: expected a string, got a mapping",
        "content/posts/a.md:6: sources.b: expected a mapping, got '日経'",
        "content/posts/b.md:5: sources.b: expected a table, got '日経'",
        "content/posts/b.md:7: sources.a.publisher: expected a string, got a table",
    ]


def test_toml_front_matter_sources_with_dates(tmp_path: Path) -> None:
    text = (
        '+++\ntitle = "記事"\ndate = 2024-03-12\n[sources.a]\npublisher = "東京ビジネス新聞"\n'
        "date = 2024-03-11\n+++\n\n> [!quote a]\n> 引用。\n"
    )
    write_site(tmp_path, {"content/posts/a.md": text})
    result = build_site(tmp_path)
    assert result.site.articles[0].sources[0].date.isoformat() == "2024-03-11"  # type: ignore[union-attr]
    assert "引用: 2024年3月11日 東京ビジネス新聞" in read(tmp_path, "posts/a/index.html")


def test_check_prints_source_problems_end_to_end(tmp_path: Path) -> None:
    sources = "sources:\n  a: {publisher: 東京ビジネス新聞}\n  b: {publisher: 流通ジャーナル}"
    write_site(tmp_path, {"content/posts/a.md": sourced(sources)})
    checked = run_cli("check", "--site", str(tmp_path))
    assert checked.returncode == 0
    assert checked.stderr.splitlines() == [
        "content/posts/a.md:6: warning: sources.b: no quotation names this source (hint: quote it with '> [!quote b]', or remove it)"
    ]
    write_site(tmp_path, {"content/posts/a.md": sourced(sources, "> [!quote c]\n> 引用。\n")})
    failed = run_cli("check", "--site", str(tmp_path))
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [  # the warnings too: all at once
        "content/posts/a.md:5: warning: sources.a: no quotation names this source (hint: quote it with '> [!quote a]', or remove it)",
        "content/posts/a.md:6: warning: sources.b: no quotation names this source (hint: quote it with '> [!quote b]', or remove it)",
        "content/posts/a.md:9: quotation names an undeclared source 'c' (hint: declared: a, b)",
        "sitegen: 1 error",
    ]


def test_pages_may_quote_too_but_carry_no_blog_posting(tmp_path: Path) -> None:
    page = "---\ntitle: このブログについて\nsources:\n  a: {publisher: 流通ジャーナル}\n---\n\n> [!quote a]\n> 引用。\n"
    write_site(tmp_path, {"content/about.md": page})
    build_site(tmp_path)
    html = read(tmp_path, "about/index.html")
    assert '<a class="quote__ref" href="#source-a">[出典1]</a>' in html
    assert '<li id="source-a">' in html
    assert "application/ld+json" not in html
