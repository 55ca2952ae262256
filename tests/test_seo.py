"""What search engines and link previews read in <head>, and the ``image`` front-matter key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from sitekit import article, build_site, png, read, write_site
from test_sources import json_ld, parse_strictly

from sitegen.build import BuildResult
from sitegen.config import parse_config
from sitegen.errors import SiteError

CONFIG = (
    'title = "テストブログ"\ndescription = "ブログの説明"\nbase_url = "https://example.com/blog/"\n'
)


def head_of(html: str) -> Element:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    head = document.find("head")
    assert head is not None
    return head


def metadata(html: str) -> dict[str, str]:
    """Every <meta> of the page with a name or property → its content (each appears once)."""
    found: dict[str, str] = {}
    for meta in head_of(html).iter("meta"):
        key = meta.get("property") or meta.get("name")
        if key and key != "article:tag":
            assert key not in found, f"{key} twice"
            found[key] = meta.get("content", "")
    return found


def links(html: str, rel: str) -> list[str]:
    return [link.get("href", "") for link in head_of(html).iter("link") if link.get("rel") == rel]


def test_an_article_page_carries_its_title_description_canonical_url_and_cards(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                "アリコ 13万人に謝罪金",
                "2009-08-20 09:00",
                updated="2009-08-21",
                tags="[経営, 個人情報]",
                summary="1人1,000円の謝罪金。",
                image="images/cover.png",
            ),
            "content/posts/images/cover.png": png(600, 315),
        },
        CONFIG,
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert head_of(page).findtext("title") == "アリコ 13万人に謝罪金 | テストブログ"
    assert links(page, "canonical") == ["https://example.com/blog/posts/a/"]
    assert metadata(page) == {
        "viewport": "width=device-width, initial-scale=1",
        "color-scheme": "light dark",
        "description": "1人1,000円の謝罪金。",
        "og:site_name": "テストブログ",
        "og:title": "アリコ 13万人に謝罪金",
        "og:type": "article",
        "og:url": "https://example.com/blog/posts/a/",
        "og:description": "1人1,000円の謝罪金。",
        "og:locale": "ja_JP",
        "og:image": "https://example.com/blog/posts/images/cover.png",
        "og:image:width": "600",  # measured: the card is laid out at the first share
        "og:image:height": "315",
        "og:image:alt": "アリコ 13万人に謝罪金",
        "article:published_time": "2009-08-20T09:00:00+09:00",
        "article:modified_time": "2009-08-21T00:00:00+09:00",
        "twitter:card": "summary_large_image",
        "twitter:title": "アリコ 13万人に謝罪金",
        "twitter:description": "1人1,000円の謝罪金。",
        "twitter:image": "https://example.com/blog/posts/images/cover.png",
        "twitter:image:alt": "アリコ 13万人に謝罪金",
    }
    tags = [
        m.get("content") for m in head_of(page).iter("meta") if m.get("property") == "article:tag"
    ]
    assert tags == ["経営", "個人情報"]
    posting = json_ld(page)  # search engines read the picture from the JSON-LD too
    assert posting["image"] == "https://example.com/blog/posts/images/cover.png"
    assert posting["dateModified"] == "2009-08-21T00:00:00+09:00"
    assert (tmp_path / "public/posts/images/cover.png").is_file()


def test_other_pages_are_websites_and_say_so_in_english_too(tmp_path: Path) -> None:
    config = 'title = "Blog"\nlanguage = "en"\nbase_url = "https://example.org/"\ndescription = "About business"\n'
    write_site(tmp_path, {"content/posts/a.md": article("Hello", tags="[news]")}, config)
    build_site(tmp_path)
    home = metadata(read(tmp_path, "index.html"))
    assert home["og:type"] == "website" and home["og:locale"] == "en_US"
    assert home["og:title"] == "Blog" and home["description"] == "About business"
    assert home["twitter:card"] == "summary" and "og:image" not in home
    tag = read(tmp_path, "tags/news/index.html")
    assert metadata(tag)["og:title"] == "Articles tagged “news” | Blog"
    assert metadata(tag)["description"] == "Articles about “news”."  # its own, not the site's
    assert links(tag, "canonical") == ["https://example.org/tags/news/"]


def test_a_list_page_without_a_description_of_its_own_says_what_it_lists(tmp_path: Path) -> None:
    files = {
        "content/posts/a.md": article("一", "2024-03-05", tags="[経営]", series="講座"),
        "content/posts/b.md": article("二", "2024-03-06", tags="[経営, 個人情報]", series="講座"),
    }
    config = CONFIG + '[tag_descriptions]\n"個人情報" = "個人情報の扱いについて。"\n'
    write_site(tmp_path, files, config)
    build_site(tmp_path)
    expected = {
        "tags/index.html": "テストブログの記事をタグ別に探せます。",
        "tags/経営/index.html": "「経営」の記事の一覧です。",
        "tags/個人情報/index.html": "個人情報の扱いについて。",  # its own
        "archives/index.html": "テストブログの記事を年月別に探せます。",
        "archives/2024/index.html": "2024年に公開した記事の一覧です。",
        "archives/2024/03/index.html": "2024年3月に公開した記事の一覧です。",
        "series/index.html": "テストブログの連載の一覧です。",
        "series/講座/index.html": "連載「講座」の各回を順に読めます。",
    }
    for path, description in expected.items():
        found = metadata(read(tmp_path, path))
        assert (found["description"], found["og:description"]) == (description, description), path


def test_the_later_pages_of_a_list_say_which_they_are_in_their_description(
    tmp_path: Path,
) -> None:
    files = {
        f"content/posts/p{n}.md": article(f"記事{n}", f"2024-03-0{n}", tags="[経営]")
        for n in range(1, 4)
    }
    write_site(tmp_path, files, CONFIG + "page_size = 2\n")
    build_site(tmp_path)
    assert metadata(read(tmp_path, "index.html"))["description"] == "ブログの説明"
    assert (
        metadata(read(tmp_path, "page/2/index.html"))["description"] == "ブログの説明（2ページ目）"
    )
    tag = metadata(read(tmp_path, "tags/経営/page/2/index.html"))
    assert tag["description"] == tag["og:description"] == "「経営」の記事の一覧です。（2ページ目）"
    # The title says it as the description does: in Japanese brackets, in Japanese.
    assert title_of(read(tmp_path, "tags/経営/page/2/index.html")) == (
        "「経営」の記事（2ページ目） | テストブログ"
    )
    assert title_of(read(tmp_path, "tags/経営/index.html")) == "「経営」の記事 | テストブログ"
    write_site(tmp_path, {}, CONFIG + 'page_size = 2\nlanguage = "en"\n')
    build_site(tmp_path)
    assert title_of(read(tmp_path, "tags/経営/page/2/index.html")) == (
        "Articles tagged “経営” (page 2) | テストブログ"
    )


def title_of(html: str) -> str:
    title = head_of(html).find("title")
    assert title is not None and title.text is not None
    return title.text


@pytest.mark.parametrize("path", ["404.html", "search/index.html"])
def test_the_404_and_search_pages_ask_not_to_be_indexed(tmp_path: Path, path: str) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")}, CONFIG)
    build_site(tmp_path)
    page = read(tmp_path, path)
    assert metadata(page)["robots"] == "noindex"
    assert links(page, "canonical") == []


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("https://cdn.example.net/og.png", "https://cdn.example.net/og.png"),
        ("/og.png", "https://example.com/blog/og.png"),  # from static/, under the base path
        ("../shared/図.png", "https://example.com/blog/shared/%E5%9B%B3.png"),
    ],
)
def test_image_may_be_a_url_a_root_path_or_a_path_beside_the_article(
    tmp_path: Path, image: str, expected: str
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事", image=image),
            "content/shared/図.png": png(600, 315),
            "static/og.png": png(600, 315),
        },
        CONFIG,
    )
    result = build_site(tmp_path)
    assert result.warnings == []
    assert result.site.articles[0].image == expected.removeprefix("https://example.com")
    assert metadata(read(tmp_path, "posts/a/index.html"))["og:image"] == expected


@pytest.mark.parametrize(
    ("image", "warning"),
    [
        ("missing.png", "no file 'content/posts/missing.png'"),
        ("/missing.png", "nothing in the site at '/missing.png'"),
    ],
)
def test_an_image_that_is_not_there_is_a_warning_with_its_line(
    tmp_path: Path, image: str, warning: str
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事", image=image)}, CONFIG)
    result = build_site(tmp_path)
    assert [f"{w.path}:{w.line}: {w.message}" for w in result.warnings] == [
        f"content/posts/a.md:4: broken link: {warning}"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "javascript:alert(1)",
            "image: must be a path or an http(s) URL, not 'javascript:alert(1)'",
        ),
        (
            "//cdn.example.net/a.png",
            "image: must be a path or an http(s) URL, not '//cdn.example.net/a.png'",
        ),
        ("[a.png]", "image: must be text, not ['a.png']"),
    ],
)
def test_an_image_that_cannot_be_a_link_is_an_error(
    tmp_path: Path, value: str, message: str
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事", image=value)}, CONFIG)
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [(p.path, p.line, p.message) for p in caught.value.problems] == [
        ("content/posts/a.md", 4, message)
    ]


def test_the_site_image_stands_in_for_pages_that_name_none(tmp_path: Path) -> None:
    config = CONFIG + 'image = "/ogp.png"\n'
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "content/posts/b.md": article("表紙つき", image="/cover.png"),
            "static/ogp.png": png(600, 315),
            "static/cover.png": png(300, 300),
        },
        config,
    )
    build_site(tmp_path)
    for page in ("index.html", "posts/a/index.html", "tags/index.html"):
        meta = metadata(read(tmp_path, page))
        assert meta["og:image"] == meta["twitter:image"] == "https://example.com/blog/ogp.png"
        assert meta["twitter:card"] == "summary_large_image"
    meta = metadata(read(tmp_path, "posts/a/index.html"))  # the site's picture, of the site
    assert (meta["og:image:width"], meta["og:image:height"]) == ("600", "315")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "テストブログ"
    own = metadata(read(tmp_path, "posts/b/index.html"))
    assert own["og:image"] == "https://example.com/blog/cover.png"  # its own picture wins
    assert (own["og:image:width"], own["og:image:height"]) == ("300", "300")
    assert own["og:image:alt"] == "表紙つき"
    # The structured data shows the same picture (QA: it had none, og:image the site's).
    assert json_ld(read(tmp_path, "posts/a/index.html"))["image"] == (
        "https://example.com/blog/ogp.png"
    )
    assert json_ld(read(tmp_path, "posts/b/index.html"))["image"] == (
        "https://example.com/blog/cover.png"
    )


def test_the_site_image_must_be_a_path_or_a_url(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")}, CONFIG + 'image = "ogp.png"\n')
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "site.toml:4: image: must be a path in static/ ('/og.png') or an http(s) URL, not 'ogp.png'"
    ]


def test_an_article_first_published_elsewhere_names_that_address_as_canonical(
    tmp_path: Path,
) -> None:
    note = "https://note.com/writer/n/n1234abcd"
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                "転載した記事", canonical=note, aliases="[/2024/08/from-note.html]"
            ),
            "content/posts/b.md": article("転載した記事2", canonical_url=note + "x"),
            "content/posts/c.md": article("ここが初出の記事", slug="c"),
        },
        CONFIG,
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert links(page, "canonical") == [note]
    assert metadata(page)["og:url"] == note
    # One address for the article in the structured data too, and from its old address
    # straight there: no chain through the copy (QA)
    assert (json_ld(page)["url"], json_ld(page)["mainEntityOfPage"]) == (note, note)
    alias = read(tmp_path, "2024/08/from-note.html")
    assert links(alias, "canonical") == [note]
    assert '<meta http-equiv="refresh" content="0; url=https://example.com/blog/posts/a/">' in alias
    assert links(read(tmp_path, "posts/b/index.html"), "canonical") == [note + "x"]
    own = read(tmp_path, "posts/c/index.html")
    assert links(own, "canonical") == [json_ld(own)["url"]] == ["https://example.com/blog/posts/c/"]
    sitemap = read(tmp_path, "sitemap.xml")  # it lists the pages whose address is their own
    assert "/posts/c/" in sitemap and "/posts/a/" not in sitemap and "/posts/b/" not in sitemap


def test_a_canonical_that_is_not_a_web_address_is_an_error_at_its_line(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事", canonicalURL="note.com/x")})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    [problem] = caught.value.problems
    assert (problem.line, problem.message.split(":")[0]) == (4, "canonicalURL")
    assert "must be an absolute http(s) URL such as 'https://note.com/" in problem.message


def test_noindex_keeps_a_page_out_of_search_engines_the_sitemap_and_the_site_search(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("お礼のページ", slug="thanks", noindex="true"),
            "content/posts/b.md": article("ふつうの記事", slug="open"),
            "content/lp.md": "---\ntitle: 申し込み\nnoindex: true\n---\n本文。\n",
        },
        CONFIG,
    )
    build_site(tmp_path)
    for path in ("posts/thanks/index.html", "lp/index.html"):
        page = read(tmp_path, path)
        assert metadata(page)["robots"] == "noindex"
        assert links(page, "canonical") == [] and "data-pagefind-body" not in page
    open_page = read(tmp_path, "posts/open/index.html")
    assert "robots" not in metadata(open_page) and "data-pagefind-body" in open_page
    sitemap = read(tmp_path, "sitemap.xml")
    assert "/posts/open/" in sitemap and "thanks" not in sitemap and "/lp/" not in sitemap
    assert "お礼のページ" in read(tmp_path, "index.html")  # still listed on the site itself


def test_a_canonical_given_with_noindex_names_the_address_in_og_url_only(tmp_path: Path) -> None:
    """As the README says: a page that asks not to be indexed has no canonical link."""
    note = "https://note.com/writer/n/n1234abcd"
    write_site(
        tmp_path,
        {"content/posts/a.md": article("転載した記事", canonical=note, noindex="true")},
        CONFIG,
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert links(page, "canonical") == []
    assert (metadata(page)["robots"], metadata(page)["og:url"]) == ("noindex", note)


def test_noindex_must_be_true_or_false(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事", noindex="yes please")})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/posts/a.md:4: noindex: must be true or false, not 'yes please'"
    ]


def breadcrumbs(html: str) -> list[tuple[str, str]]:
    """(name, href) of each step of the page's breadcrumb trail, read as microdata."""
    nav = html[html.index('<nav class="breadcrumbs"') :]
    nav = nav[: nav.index("</nav>")]
    steps = re.findall(r'<li itemprop="itemListElement"[^>]*>(.*?)</li>', nav)
    found = []
    for position, step in enumerate(steps, 1):
        assert f'<meta itemprop="position" content="{position}">' in step
        href = re.search(r'<a itemprop="item" href="([^"]+)">', step)
        name = re.search(r'<span itemprop="name"[^>]*>([^<]+)</span>', step)
        assert name is not None
        found.append((name.group(1), href.group(1) if href else ""))
    return found


def test_breadcrumbs_lead_from_home_through_the_first_tag(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                "値上げの伝え方", slug="a", tags="[マーケティング, 経営]"
            ),
            "content/posts/b.md": article("タグのない記事", slug="b"),
            "content/company/about.md": "---\ntitle: 会社案内\n---\n",
        },
        CONFIG,
    )
    build_site(tmp_path)
    tag = "/blog/tags/%E3%83%9E%E3%83%BC%E3%82%B1%E3%83%86%E3%82%A3%E3%83%B3%E3%82%B0/"
    assert breadcrumbs(read(tmp_path, "posts/a/index.html")) == [
        ("ホーム", "/blog/"), ("マーケティング", tag), ("値上げの伝え方", ""),
    ]  # fmt: skip
    assert breadcrumbs(read(tmp_path, "posts/b/index.html")) == [
        ("ホーム", "/blog/"), ("タグのない記事", ""),
    ]  # fmt: skip
    page = read(tmp_path, "company/about/index.html")
    assert breadcrumbs(page) == [("ホーム", "/blog/"), ("会社案内", "")]
    assert breadcrumbs(read(tmp_path, "tags/経営/index.html")) == [
        ("ホーム", "/blog/"), ("タグ一覧", "/blog/tags/"), ("「経営」の記事", ""),
    ]  # fmt: skip
    assert '<nav class="breadcrumbs" aria-label="パンくずリスト"' in page
    assert 'itemtype="https://schema.org/BreadcrumbList"' in page


def test_an_article_by_a_guest_names_its_own_author_everywhere(tmp_path: Path) -> None:
    config = CONFIG + 'author = "港 誠一"\n[profile]\nurl = "/about/"\n'
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("寄稿", slug="a", author="山田 花子"),
            "content/posts/b.md": article("いつもの記事", "2024-03-13", slug="b"),
            "content/about.md": "---\ntitle: 自己紹介\n---\n",
        },
        config,
    )
    build_site(tmp_path)
    guest, own = (read(tmp_path, f"posts/{slug}/index.html") for slug in "ab")
    page = "/blog/authors/%E5%B1%B1%E7%94%B0-%E8%8A%B1%E5%AD%90/"  # a blog of two: pages
    assert f'著者: <a href="{page}" rel="author">山田 花子</a></span>' in guest
    assert 'rel="author">港 誠一</a></span>' in own
    assert json_ld(guest)["author"] == {
        "@type": "Person", "name": "山田 花子", "url": "https://example.com" + page,
    }  # fmt: skip
    assert json_ld(own)["author"] == {
        "@type": "Person", "name": "港 誠一", "url": "https://example.com/blog/about/",
    }  # fmt: skip
    atom, rss = read(tmp_path, "atom.xml"), read(tmp_path, "rss.xml")
    assert atom.count("<author><name>山田 花子</name></author>") == 1
    assert atom.count("<author><name>港 誠一</name></author>") == 1  # the feed's own
    assert "<dc:creator>山田 花子</dc:creator>" in rss and "<dc:creator>港 誠一</dc:creator>" in rss


def test_the_authors_profiles_elsewhere_are_linked_and_named_as_the_same_person(
    tmp_path: Path,
) -> None:
    config = (
        CONFIG + 'author = "港 誠一"\n[profile]\nrole = "中小企業診断士"\n'
        '[profile.links]\nX = "https://x.com/minato_s"\nnote = "https://note.com/minato"\n'
    )
    write_site(tmp_path, {"content/posts/a.md": article("記事", slug="a")}, config)
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert '<li><a href="https://x.com/minato_s" rel="me noopener">X</a></li>' in page
    assert '<li><a href="https://note.com/minato" rel="me noopener">note</a></li>' in page
    assert metadata(page)["twitter:site"] == "@minato_s"
    assert json_ld(page)["author"]["sameAs"] == [
        "https://x.com/minato_s",
        "https://note.com/minato",
    ]


def test_a_profile_link_that_is_not_a_web_address_is_an_error() -> None:
    with pytest.raises(SiteError) as caught:
        parse_config('[profile.links]\nX = "@minato_s"\n')
    [problem] = caught.value.problems
    assert problem.message.startswith("profile.links: 'X': must be an absolute http(s) URL")


def test_the_sites_icons_are_linked_under_its_base_path(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "static/favicon.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "static/apple-touch-icon.png": png(180, 180),
            "static/images/favicon.png": png(16, 16),  # not at the root: not the site's icon
        },
        CONFIG,
    )
    build_site(tmp_path)
    for page in ("index.html", "posts/a/index.html", "404.html"):
        assert re.findall(r'<link rel="[a-z-]*icon"[^>]*>', read(tmp_path, page)) == [
            '<link rel="icon" href="/blog/favicon.svg" type="image/svg+xml">',
            '<link rel="apple-touch-icon" href="/blog/apple-touch-icon.png">',
        ]
    (tmp_path / "static/favicon.svg").unlink()
    (tmp_path / "static/apple-touch-icon.png").unlink()
    build_site(tmp_path)
    assert 'icon" href' not in read(tmp_path, "posts/a/index.html")


def test_a_base_path_in_japanese_is_percent_encoded_like_the_rest_of_each_url(
    tmp_path: Path,
) -> None:
    config = 'title = "t"\nbase_url = "https://example.com/ブログ/"\n'
    write_site(tmp_path, {"content/posts/a.md": article("記事", tags="[経営]")}, config)
    build_site(tmp_path)
    base = "https://example.com/%E3%83%96%E3%83%AD%E3%82%B0"
    page = read(tmp_path, "posts/a/index.html")
    assert f'<link rel="canonical" href="{base}/posts/a/">' in page
    assert 'href="/%E3%83%96%E3%83%AD%E3%82%B0/tags/%E7%B5%8C%E5%96%B6/"' in page
    assert "/ブログ/" not in page and "/ブログ/" not in read(tmp_path, "sitemap.xml")
    assert f"<loc>{base}/posts/a/</loc>" in read(tmp_path, "sitemap.xml")


def test_an_article_in_another_language_says_so_and_the_theme_around_it_the_sites(
    tmp_path: Path,
) -> None:
    files = {
        "content/posts/ja.md": article("日本市場", body="日本は経済大国です。", lang="ja"),
        "content/posts/en.md": article("Pricing", "2024-03-11", body="Raise prices."),
    }
    build_site(write_site(tmp_path, files, CONFIG + 'language = "en"\n'))
    page = read(tmp_path, "posts/ja/index.html")
    document = parse_strictly(page)
    assert document.get("lang") == "ja"  # what Pagefind indexes the page by
    assert document.find("body").get("lang") == "en"  # the menus, dates and buttons
    (title,) = [h for h in document.iter("h1") if h.get("class") == "article__title"]
    (body,) = [d for d in document.iter("div") if d.get("class") == "article__body"]
    assert title.get("lang") == body.get("lang") == "ja"
    assert metadata(page)["og:locale"] == "ja_JP"
    assert json_ld(page)["inLanguage"] == "ja"
    english = read(tmp_path, "posts/en/index.html")
    assert '<html lang="en">' in english and '<body class="page-article">' in english
    assert metadata(english)["og:locale"] == "en_US" and json_ld(english)["inLanguage"] == "en"
    # Only the Japanese article's title is in Japanese there (the sidebar, the next article).
    assert set(re.findall(r' lang="ja">([^<]*)<', english)) == {"日本市場"}
    home = read(tmp_path, "index.html")
    assert '<html lang="en">' in home
    assert '<h2 class="card__title" lang="ja"><a href="/blog/posts/ja/">日本市場</a></h2>' in home
    assert '<p class="card__summary" lang="ja">日本は経済大国です。</p>' in home
    entries = re.findall(r"<entry[^>]*>\s*<title>[^<]*", read(tmp_path, "atom.xml"))
    assert [re.sub(r"\s+", " ", e) for e in entries] == [
        '<entry xml:lang="ja"> <title>日本市場',
        "<entry> <title>Pricing",
    ]


def languages_of_texts(page: str) -> Iterator[tuple[str, str]]:
    """Each text of ``page`` a reader hears (scripts and styles left out), with the
    language it is read in: its element's nearest ``lang``."""

    def walk(element: Element, lang: str) -> Iterator[tuple[str, str]]:
        lang = element.get("lang", lang)
        if element.tag in ("script", "style"):
            return
        yield element.text or "", lang
        for child in element:
            yield from walk(child, lang)
            yield child.tail or "", lang

    yield from walk(parse_strictly(page), "")


BILINGUAL = {
    # the site's language, and its articles: file, title, summary and front matter
    "ja": [
        ("a", "値上げの伝え方", "早めに伝える。", {}),
        ("other", "Pricing lessons from Singapore", "Prices rise early.", {"lang": "en"}),
        ("c", "謝罪金の相場", "一人千円が目安。", {}),
    ],
    "en": [
        ("a", "How to announce a price rise", "Say it early.", {}),
        ("other", "シンガポールに学ぶ値付け", "値上げは早い。", {"language": "ja"}),
        ("c", "What an apology costs", "A thousand yen each.", {}),
    ],
}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_title_of_an_article_in_another_language_says_it_wherever_it_is_shown(
    tmp_path: Path, language: str
) -> None:
    """QA (WCAG 3.1.2): only its page and its card said so; the sidebar, the lists of
    other pages, blog cards and the links between articles read it in the page's."""
    articles = BILINGUAL[language]
    (a, a_title, _, _), (other, title, summary, keys), (c, c_title, _, _) = articles
    other_language = next(iter(keys.values()))
    # Each a part of one series; a card of the other-language article, and one in it.
    bodies = {a: f"{{{{< card {other}.md >}}}}", other: f"{{{{< card {a}.md >}}}}", c: "x"}
    guest = {"author": "Jane Tan", "aliases": "/old/"}  # an author page, an old address
    files = {
        f"content/posts/{name}.md": article(
            heading,
            f"2024-03-1{day}",
            summary=lede,
            tags="[Pricing]",
            series="Prices",
            body=bodies[name],
            **own,
            **(guest if name == other else {}),
        )
        for day, (name, heading, lede, own) in enumerate(articles)
    }
    files["content/about.md"] = article(title, summary=summary, **keys)  # in the menu
    config = f'{CONFIG}language = "{language}"\npopular = ["content/posts/{other}.md"]\n'
    build_site(write_site(tmp_path, files, config))
    said_in = {a_title: language, c_title: language, title: other_language}
    said_in[summary] = other_language
    shown_on = set()
    for path in sorted((tmp_path / "public").rglob("*.html")):
        page = path.relative_to(tmp_path / "public").as_posix()
        for text, lang in languages_of_texts(path.read_text("utf-8")):
            for words, its_language in said_in.items():
                if words in text:
                    assert lang == its_language, (page, text)
            if title in text:
                shown_on.add(page)
    assert {
        "index.html",  # its card, the hidden title of its "read more", the sidebar, the menu
        f"posts/{a}/index.html",  # related articles, the next article, the series, a card
        f"posts/{c}/index.html",  # the previous article
        f"posts/{other}/index.html",  # its title, breadcrumbs
        "archives/2024/03/index.html",
        "authors/jane-tan/index.html",
        "series/prices/index.html",
        "old/index.html",  # an old address of it
    } <= shown_on


def test_toc_false_leaves_the_table_of_contents_out_of_one_article(tmp_path: Path) -> None:
    body = "## 一つ目\n\n本文。\n\n## 二つ目\n\n本文。"
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("目次なし", slug="bare", toc="false", body=body),
            "content/posts/b.md": article("目次あり", slug="listed", ShowToc="true", body=body),
            "content/posts/c.md": article("綴り違い", slug="odd", toc="no", body=body),
        },
        CONFIG,
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/posts/c.md:5: toc: must be true or false, not 'no'"
    ]
    (tmp_path / "content/posts/c.md").unlink()
    build_site(tmp_path)
    bare = read(tmp_path, "posts/bare/index.html")
    assert '<nav class="toc"' not in bare
    assert '<h2 id="二つ目">' in bare  # the headings keep their anchors
    assert '<nav class="toc"' in read(tmp_path, "posts/listed/index.html")


def warnings_of(result: BuildResult) -> list[str]:
    return [f"{w.path}:{w.line}: {w.message}" for w in result.warnings]


@pytest.mark.parametrize(
    ("updated", "shown", "warning"),
    [
        ("2024-03-12", "", ""),  # a fix the same morning: the day alone is no later update
        ("2024-03-12 17:00", "2024-03-12T17:00:00+09:00", ""),  # a later time of the day
        ("2024-03-13", "2024-03-13T00:00:00+09:00", ""),
        ("2024-03-01", "", "updated: before the date (2024-03-12 08:30): taken as no update"),
        ("2024-03-12 08:00", "", "updated: before the date (2024-03-12 08:30): taken as no update"),
    ],
)
def test_an_update_is_never_said_to_come_before_the_publication(
    tmp_path: Path, updated: str, shown: str, warning: str
) -> None:
    """QA: updated on the day of publication made dateModified, article:modified_time
    and the visible 更新 earlier than the publication, while the sitemap said otherwise."""
    files = {"content/posts/a.md": article("記事", "2024-03-12 08:30", updated=updated)}
    result = build_site(write_site(tmp_path, files, CONFIG))
    assert warnings_of(result) == ([f"content/posts/a.md:4: {warning}"] if warning else [])
    page = read(tmp_path, "posts/a/index.html")
    published = "2024-03-12T08:30:00+09:00"
    assert json_ld(page)["datePublished"] == published
    assert json_ld(page)["dateModified"] == (shown or published)
    assert metadata(page).get("article:modified_time", "") == shown
    visible = re.findall(r'article-meta__updated">更新: <time datetime="([^"]+)">', page)
    assert visible == ([shown] if shown else [])
    lastmod = re.search(r"/posts/a/</loc>\s*<lastmod>([^<]+)", read(tmp_path, "sitemap.xml"))
    assert lastmod is not None and lastmod.group(1) == (shown or published)


def test_the_home_page_names_the_site_for_search_results(tmp_path: Path) -> None:
    """QA: Google reads the site's name from WebSite structured data on the home page."""
    files = {f"content/posts/p{n}.md": article(f"記事{n}", f"2024-03-0{n}") for n in (1, 2)}
    config = CONFIG + 'tagline = "中小企業の経営を考える"\npage_size = 1\n'
    build_site(write_site(tmp_path, files, config))
    home = read(tmp_path, "index.html")
    assert json_ld(home) == {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": "テストブログ",
        "url": "https://example.com/blog/",
        "inLanguage": "ja",
    }
    for other in ("page/2/index.html", "tags/index.html", "archives/index.html"):
        assert "application/ld+json" not in read(tmp_path, other), other
    assert json_ld(read(tmp_path, "posts/p1/index.html"))["@type"] == "BlogPosting"


@pytest.mark.parametrize(
    ("picture", "size", "warning"),
    [
        (
            "images/chart.svg",
            (640, 400),
            "image: an SVG picture, which link previews do not show (hint: X's cards and "
            "Facebook show JPEG, PNG, WebP and GIF, not SVG: a PNG or JPEG of 1200×630 pixels "
            "suits every network)",
        ),
        (
            "images/tiny.png",
            (120, 80),
            "image: 120×80 pixels, too small for link previews (hint: Facebook shows no "
            "picture under 200×200 pixels; X's large card needs 300×157 (the page gets the "
            "small card); Google asks for 50,000 pixels (width × height); a PNG or JPEG of "
            "1200×630 pixels suits every network)",
        ),
        (
            "/wide.png",
            (400, 150),
            "image: 400×150 pixels, too small for link previews (hint: Facebook shows no "
            "picture under 200×200 pixels; X's large card needs 300×157 (the page gets the "
            "small card); a PNG or JPEG of 1200×630 pixels suits every network)",
        ),
    ],
)
def test_a_picture_that_link_previews_cannot_show_is_a_warning_at_its_image_line(
    tmp_path: Path, picture: str, size: tuple[int, int], warning: str
) -> None:
    """QA: an SVG or a tiny picture was the large card of X with no word about it."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"/>'
    files = {
        "content/posts/a.md": article("記事", image=picture),
        "content/posts/images/chart.svg": svg,
        "content/posts/images/tiny.png": png(120, 80),
        "static/wide.png": png(400, 150),
    }
    result = build_site(write_site(tmp_path, files, CONFIG))
    assert [str(w) for w in result.warnings] == [f"content/posts/a.md:4: warning: {warning}"]
    meta = metadata(read(tmp_path, "posts/a/index.html"))
    assert meta["twitter:card"] == "summary"  # not a large card without a picture
    assert (meta["og:image:width"], meta["og:image:height"]) == (str(size[0]), str(size[1]))
    assert meta["og:image:alt"] == "記事"


def test_the_sites_picture_that_link_previews_cannot_show_is_a_warning_in_site_toml(
    tmp_path: Path,
) -> None:
    files = {"content/posts/a.md": article("記事"), "static/og.svg": "<svg/>"}
    config = CONFIG + 'image = "/og.svg"\n'
    result = build_site(write_site(tmp_path, files, config))
    assert warnings_of(result) == [
        "site.toml:4: image: an SVG picture, which link previews do not show"
    ]
    assert metadata(read(tmp_path, "index.html"))["twitter:card"] == "summary"
    (tmp_path / "static/og.svg").unlink()
    (tmp_path / "static/og.png").write_bytes(png(150, 150))
    write_site(tmp_path, {}, CONFIG + 'image = "/og.png"\n')
    result = build_site(tmp_path)
    assert warnings_of(result) == [
        "site.toml:4: image: 150×150 pixels, too small for link previews"
    ]
    home = metadata(read(tmp_path, "index.html"))
    assert (home["og:image:width"], home["twitter:card"]) == ("150", "summary")
    assert home["og:image:alt"] == home["twitter:image:alt"] == "テストブログ"
