"""Atom and RSS feeds, parsed as XML: required fields, dates, entries, absolute links."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from sitekit import REPO, article, build_site, png, read, write_site, xml

from sitegen.build import BuildOptions, build
from sitegen.errors import SiteError
from sitegen.feeds import absolute_html

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
TOKYO = ZoneInfo("Asia/Tokyo")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(
    r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
CONFIG = """\
title = "テストブログ"
description = "説明文"
base_url = "https://example.com/blog/"
author = "港 誠一"
[tag_slugs]
"経営" = "management"
"""
SITE = {
    "content/posts/a.md": article("古い記事", "2009-08-19", tags="[経営]"),
    "content/posts/b.md": article(
        "アリコ 13万人に謝罪金",
        "2009-08-20 09:00",
        updated="2009-08-21",
        tags="[経営, 個人情報]",
        body="謝罪金を払う[^1]。[次へ](c.md#top) ![図](img/chart.png) [外部](https://news.example.jp/a)\n\n"
        "[^1]: 1人1,000円。",
    ),
    "content/posts/c.md": article("新しい記事", "2009-09-01 07:30+00:00", tags="[マーケティング]"),
    "content/posts/d.md": article("下書きの記事", "2009-08-25", tags="[経営]", draft="true"),
    "content/posts/img/chart.png": png(4, 3),
    "content/about.md": "---\ntitle: このブログについて\n---\n紹介。\n",
}


def built(tmp_path: Path, config: str = CONFIG, **options: object) -> Path:
    write_site(tmp_path, SITE, config)
    build_site(tmp_path, **options)
    return tmp_path


def atom_entries(feed: ElementTree.Element) -> list[ElementTree.Element]:
    return feed.findall(f"{ATOM}entry")


def links_of(feed: ElementTree.Element) -> list[str]:
    """The article URLs of an Atom or RSS feed, in order."""
    if feed.tag == f"{ATOM}feed":
        return [e.findtext(f"{ATOM}id", "") for e in atom_entries(feed)]
    return [item.findtext("link", "") for item in feed.iter("item")]


def test_the_site_atom_feed_has_every_required_field(tmp_path: Path) -> None:
    feed = xml(built(tmp_path), "atom.xml")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    assert feed.findtext(f"{ATOM}title") == "テストブログ"
    assert feed.findtext(f"{ATOM}id") == "https://example.com/blog/atom.xml"
    assert feed.findtext(f"{ATOM}updated") == "2009-09-01T07:30:00+00:00"  # the newest article
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "港 誠一"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "self": "https://example.com/blog/atom.xml",
        "alternate": "https://example.com/blog/",
    }
    entries = atom_entries(feed)
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "新しい記事",
        "アリコ 13万人に謝罪金",
        "古い記事",
    ]
    for entry in entries:
        for name in ("id", "title", "updated", "published", "summary", "content"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated", ""))
        assert RFC3339.match(entry.findtext(f"{ATOM}published", ""))
        assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id")  # type: ignore[union-attr]
    alico = entries[1]
    assert alico.findtext(f"{ATOM}id") == "https://example.com/blog/posts/b/"
    assert alico.findtext(f"{ATOM}published") == "2009-08-20T09:00:00+09:00"
    assert alico.findtext(f"{ATOM}updated") == "2009-08-21T00:00:00+09:00"
    assert [c.get("term") for c in alico.findall(f"{ATOM}category")] == ["経営", "個人情報"]
    assert alico.find(f"{ATOM}content").get("type") == "html"  # type: ignore[union-attr]


def test_the_site_rss_feed_has_every_required_field_and_rfc822_dates(tmp_path: Path) -> None:
    rss = xml(built(tmp_path), "rss.xml")
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    assert channel.findtext("title") == "テストブログ"
    assert channel.findtext("link") == "https://example.com/blog/"
    assert channel.findtext("description") == "説明文"
    assert channel.findtext("language") == "ja"
    assert channel.findtext("lastBuildDate") == "Tue, 01 Sep 2009 07:30:00 +0000"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link is not None and self_link.get("href") == "https://example.com/blog/rss.xml"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [
        "新しい記事",
        "アリコ 13万人に謝罪金",
        "古い記事",
    ]
    for item in items:
        assert item.findtext("link") == item.findtext("guid")
        assert item.find("guid").get("isPermaLink") == "true"  # type: ignore[union-attr]
        assert RFC822.match(item.findtext("pubDate", "")), item.findtext("pubDate")
        assert item.findtext("description") and item.findtext(CONTENT)
        assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "港 誠一"
    published = email.utils.parsedate_to_datetime(items[1].findtext("pubDate", ""))
    assert published == dt.datetime(2009, 8, 20, 9, tzinfo=TOKYO)
    assert [c.text for c in items[1].findall("category")] == ["経営", "個人情報"]


def test_a_tag_feed_holds_exactly_that_tags_articles(tmp_path: Path) -> None:
    built(tmp_path)
    expected = {
        "management": ["https://example.com/blog/posts/b/", "https://example.com/blog/posts/a/"],
        "個人情報": ["https://example.com/blog/posts/b/"],
        "マーケティング": ["https://example.com/blog/posts/c/"],
    }
    for slug, urls in expected.items():
        for name in ("atom.xml", "rss.xml"):
            assert links_of(xml(tmp_path, f"tags/{slug}/{name}")) == urls, (slug, name)
    feed = xml(tmp_path, "tags/management/atom.xml")
    assert feed.findtext(f"{ATOM}title") == "「経営」の記事 | テストブログ"
    assert feed.findtext(f"{ATOM}id") == "https://example.com/blog/tags/management/atom.xml"
    rss = xml(tmp_path, "tags/個人情報/rss.xml")
    assert (
        rss.findtext("channel/link")
        == "https://example.com/blog/tags/%E5%80%8B%E4%BA%BA%E6%83%85%E5%A0%B1/"
    )


def test_drafts_are_never_in_a_feed_even_when_drafts_are_built(tmp_path: Path) -> None:
    built(tmp_path, drafts=True)
    assert (tmp_path / "public/posts/d/index.html").is_file()  # the draft is built …
    for path in ("atom.xml", "rss.xml", "tags/management/atom.xml", "tags/management/rss.xml"):
        assert "https://example.com/blog/posts/d/" not in links_of(xml(tmp_path, path))  # … not fed


def test_full_content_carries_absolute_links(tmp_path: Path) -> None:
    entry = atom_entries(xml(built(tmp_path), "atom.xml"))[1]
    content = entry.findtext(f"{ATOM}content", "")
    assert '<a href="https://example.com/blog/posts/c/#top">次へ</a>' in content
    assert 'src="https://example.com/blog/posts/img/chart.png"' in content
    assert 'href="https://example.com/blog/posts/b/#fn:1"' in content
    assert '<a href="https://news.example.jp/a">外部</a>' in content
    assert 'href="/' not in content and 'href="#' not in content
    assert entry.findtext(f"{ATOM}summary") == "謝罪金を払う。次へ 外部"


def test_full_content_leaves_out_the_permalinks_of_headings(tmp_path: Path) -> None:
    files = {
        **SITE,
        "content/posts/c.md": article("新しい記事", "2009-09-01", body="## 見出し\n\n本文。"),
    }
    write_site(tmp_path, files, CONFIG)
    build_site(tmp_path)
    assert 'class="headerlink"' in read(tmp_path, "posts/c/index.html")  # the page has it
    content = atom_entries(xml(tmp_path, "atom.xml"))[0].findtext(f"{ATOM}content", "")
    assert '<h2 id="見出し">見出し</h2>' in content
    assert "headerlink" not in content and "#</a>" not in content


def test_a_tag_feed_is_described_as_its_tag_and_rss_summaries_are_text(tmp_path: Path) -> None:
    files = {**SITE, "content/posts/c.md": article("新しい記事", "2009-09-01", summary="1<2 & <b>")}
    write_site(tmp_path, files, CONFIG + '[tag_descriptions]\n"経営" = "経営の話。"\n')
    build_site(tmp_path)
    assert xml(tmp_path, "tags/management/rss.xml").findtext("channel/description") == "経営の話。"
    atom = xml(tmp_path, "tags/management/atom.xml")
    assert atom.findtext(f"{ATOM}subtitle") == "経営の話。"
    assert xml(tmp_path, "rss.xml").findtext("channel/description") == "説明文"
    # A reader takes an RSS description as HTML: the text shows as written.
    item = xml(tmp_path, "rss.xml").find("channel/item")
    assert item is not None and item.findtext("description") == "1&lt;2 &amp; &lt;b&gt;"
    entry = atom_entries(xml(tmp_path, "atom.xml"))[0]
    assert entry.findtext(f"{ATOM}summary") == "1<2 & <b>"  # Atom's is text


def test_summary_feeds_carry_no_content(tmp_path: Path) -> None:
    built(tmp_path, CONFIG + '[feeds]\ncontent = "summary"\n')
    assert all(e.find(f"{ATOM}content") is None for e in atom_entries(xml(tmp_path, "atom.xml")))
    items = list(xml(tmp_path, "rss.xml").iter("item"))
    assert [i.find(CONTENT) for i in items] == [None, None, None]
    assert items[1].findtext("description") == "謝罪金を払う。次へ 外部"


def test_limit_keeps_the_newest_articles(tmp_path: Path) -> None:
    built(tmp_path, CONFIG + "[feeds]\nlimit = 2\n")
    assert links_of(xml(tmp_path, "atom.xml")) == [
        "https://example.com/blog/posts/c/",
        "https://example.com/blog/posts/b/",
    ]


def test_feeds_can_be_turned_off_entirely_or_per_tag(tmp_path: Path) -> None:
    built(tmp_path / "notags", CONFIG + "[feeds]\ntags = false\n")
    assert (tmp_path / "notags/public/atom.xml").is_file()
    assert not list((tmp_path / "notags/public/tags").rglob("*.xml"))
    built(tmp_path / "off", CONFIG + "[feeds]\nenabled = false\n")
    assert sorted(p.name for p in (tmp_path / "off/public").rglob("*.xml")) == ["sitemap.xml"]
    assert 'rel="alternate"' not in read(tmp_path / "off", "index.html")


OLD_ADDRESSES = """\
[feeds]
aliases = ["/index.xml", "/posts/index.xml", "/feed/", "/feeds/all.atom.xml", "/feed/atom"]
tag_aliases = ["/tags/{tag}/index.xml", "/tag/{tag}/feed/"]
"""


def test_the_old_addresses_of_the_feeds_get_a_copy_of_them(tmp_path: Path) -> None:
    # Hugo's, WordPress's and Pelican's: RSS, but where the address says Atom.
    built(tmp_path, CONFIG.replace('"テストブログ"', '"テスト\\u0008ブログ"') + OLD_ADDRESSES)
    public = tmp_path / "public"
    copies = {
        "index.xml": "rss.xml",
        "posts/index.xml": "rss.xml",
        "feed/index.html": "rss.xml",  # what static hosts answer /feed/ with
        "feeds/all.atom.xml": "atom.xml",
        "feed/atom/index.html": "atom.xml",
        "tags/management/index.xml": "tags/management/rss.xml",
        "tag/management/feed/index.html": "tags/management/rss.xml",
        "tags/マーケティング/index.xml": "tags/マーケティング/rss.xml",
    }
    for copy, feed in copies.items():
        assert (public / copy).read_bytes() == (public / feed).read_bytes(), copy
    assert "\x08" not in read(tmp_path, "feed/index.html")  # XML, whatever its name
    sitemap = read(tmp_path, "sitemap.xml")
    assert "index.xml" not in sitemap and "/feed/" not in sitemap


def test_old_addresses_of_feeds_follow_the_feeds_that_are_written(tmp_path: Path) -> None:
    built(tmp_path / "notags", CONFIG + OLD_ADDRESSES.replace("[feeds]", "[feeds]\ntags = false"))
    assert (tmp_path / "notags/public/index.xml").is_file()
    assert not (tmp_path / "notags/public/tags/management/index.xml").exists()
    built(tmp_path / "nobase", CONFIG.replace("base_url", "# base_url") + OLD_ADDRESSES)
    assert not (tmp_path / "nobase/public/index.xml").exists()


def test_an_old_address_of_a_feed_that_another_source_makes_is_a_collision(
    tmp_path: Path,
) -> None:
    files = {**SITE, "content/feed.md": "---\ntitle: フィード\n---\n"}
    write_site(tmp_path, files, CONFIG + '[feeds]\naliases = ["/feed/", "/atom.xml"]\n')
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    errors = (p for p in caught.value.problems if p.is_error)
    assert [str(p).split(" (hint:")[0] for p in errors] == [
        "two sources make atom.xml: the feeds and site.toml ([feeds] aliases: '/atom.xml')",
        "content/feed.md: site.toml ([feeds] aliases: '/feed/') already makes feed/index.html",
    ]


def test_pages_link_their_feeds(tmp_path: Path) -> None:
    built(tmp_path)
    home = read(tmp_path, "index.html")
    assert (
        '<link rel="alternate" type="application/atom+xml" href="https://example.com/blog/atom.xml" title="テストブログ (Atom フィード)">'
        in home
    )
    assert 'type="application/rss+xml" href="https://example.com/blog/rss.xml"' in home
    tag_page = read(tmp_path, "tags/management/index.html")
    assert (
        '<link rel="alternate" type="application/atom+xml" href="https://example.com/blog/tags/management/atom.xml" title="「経営」の記事 | テストブログ (Atom フィード)">'
        in tag_page
    )
    assert 'href="https://example.com/blog/atom.xml"' in tag_page  # and the site's


def test_control_characters_cannot_break_the_xml(tmp_path: Path) -> None:
    # From text pasted into the body, the title or a tag, and from site.toml.
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                '"記\\x08事"', body="改ページ\x0cの前後\x08。", tags='["タ\\x0cグ"]'
            )
        },
        CONFIG.replace('title = "テストブログ"', 'title = "テスト\\u0008ブログ"'),
    )
    build_site(tmp_path)
    feed = xml(tmp_path, "atom.xml")  # parsed, so well-formed
    assert feed.findtext(f"{ATOM}title") == "テストブログ"
    entry = atom_entries(feed)[0]
    assert entry.findtext(f"{ATOM}title") == "記事"
    assert entry.findtext(f"{ATOM}content") == "<p>改ページの前後。</p>"
    assert xml(tmp_path, "rss.xml").findtext("channel/item/category") == "タグ"
    assert xml(tmp_path, "tags/タ-グ/rss.xml").findtext("channel/item/title") == "記事"


def test_english_feeds_keep_rfc822_in_english(tmp_path: Path) -> None:
    config = (
        'title = "Blog"\nlanguage = "en"\ntimezone = "UTC"\nbase_url = "https://example.org/"\n'
    )
    write_site(
        tmp_path, {"content/posts/a.md": article("Hello", "2009-08-20", tags="[news]")}, config
    )
    build_site(tmp_path)
    assert (
        xml(tmp_path, "rss.xml").findtext("channel/item/pubDate")
        == "Thu, 20 Aug 2009 00:00:00 +0000"
    )
    assert (
        xml(tmp_path, "tags/news/atom.xml").findtext(f"{ATOM}title")
        == "Articles tagged “news” | Blog"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/blog/posts/b/">b</a>', '<a href="https://example.com/blog/posts/b/">b</a>'),
        ('<a href="#fn:1">1</a>', '<a href="https://example.com/blog/posts/a/#fn:1">1</a>'),
        (
            "<img alt='x' src='img/a.png'>",
            "<img alt='x' src='https://example.com/blog/posts/a/img/a.png'>",
        ),
        (
            '<a href="https://x.example/?a=1&amp;b=2">x</a>',
            '<a href="https://x.example/?a=1&amp;b=2">x</a>',
        ),
        ('<a href="mailto:a@example.com">m</a>', '<a href="mailto:a@example.com">m</a>'),
        (
            '<blockquote cite="/src/">q</blockquote>',
            '<blockquote cite="https://example.com/src/">q</blockquote>',
        ),
        ('<p>href="/not-an-attribute/"</p>', '<p>href="/not-an-attribute/"</p>'),
        (
            '<img src="/a.png" srcset="/a-640w.webp 640w, img/a.png 1200w" sizes="42rem">',
            '<img src="https://example.com/a.png" srcset="https://example.com/a-640w.webp 640w, '
            'https://example.com/blog/posts/a/img/a.png 1200w" sizes="42rem">',
        ),
    ],
)
def test_absolute_html(html: str, expected: str) -> None:
    assert absolute_html(html, "https://example.com/blog/posts/a/") == expected


def test_a_calculator_is_a_link_to_the_article_in_a_feed(tmp_path: Path) -> None:
    build(REPO, BuildOptions(output=tmp_path / "public", search=False))
    entries = {e.findtext(f"{ATOM}id"): e for e in atom_entries(xml(tmp_path, "atom.xml"))}
    content = entries["https://example.com/posts/minato-apology/"].findtext(f"{ATOM}content", "")
    assert (
        '<p><a href="https://example.com/posts/minato-apology/#calc-apology">謝罪にかかる費用を試算する</a></p>'
        in content
    )
    assert "sitegen-calculator" not in content and "<script" not in content


def test_full_content_carries_the_source_list_and_summary_feeds_do_not(tmp_path: Path) -> None:
    """The attribution of an article's quotations is part of it: a full feed carries
    its source list (titles, dates, notes) as the page shows it after the body."""
    quoting = article(
        "報道から",
        "2009-09-01",
        body="> [!quote nikkei]\n> 解約率は2%に下がった。\n\n私見を述べる。",
    ).replace(
        "---\n",
        "---\nsources:\n  nikkei:\n    publisher: 日経\n    title: 解約率の記事\n"
        "    url: https://news.example.jp/n\n    date: 2009-08-30\n    note: 紙面のみ\n",
        1,
    )
    files = {**SITE, "content/posts/c.md": quoting}
    write_site(tmp_path, files, CONFIG)
    build_site(tmp_path)
    for content in (
        atom_entries(xml(tmp_path, "atom.xml"))[0].findtext(f"{ATOM}content", ""),
        xml(tmp_path, "rss.xml").findall("channel/item")[0].findtext(CONTENT, ""),
    ):
        fragment = ElementTree.fromstring(f"<div>{content}</div>")
        sources = fragment.find(".//ol[@class='sources__list']")
        assert sources is not None, content
        text = " ".join("".join(sources.itertext()).split())
        assert text == "解約率の記事 日経（2009年8月30日） 紙面のみ"
        assert 'href="https://news.example.jp/n"' in content
    write_site(tmp_path, files, CONFIG + '[feeds]\ncontent = "summary"\n')
    build_site(tmp_path)
    assert "sources__list" not in read(tmp_path, "atom.xml") + read(tmp_path, "rss.xml")
