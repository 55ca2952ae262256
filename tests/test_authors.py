"""Several authors: the forms an article names them in, each named apart in the
structured data and the feeds, and the author pages of a blog of several writers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import article, build_site, read, write_site
from test_seo import breadcrumbs
from test_sources import json_ld

from sitegen.errors import SiteError

CONFIG = 'title = "t"\nbase_url = "https://example.com/"\nauthor = "港"\npage_size = 1\n'
YAMADA = "/authors/%E5%B1%B1%E7%94%B0/"  # 山田
SATO = "/authors/%E4%BD%90%E8%97%A4/"  # 佐藤


@pytest.mark.parametrize(
    "written",
    [
        "authors: [山田, 佐藤]",  # Hugo's list
        "author: [山田, 佐藤]",  # PaperMod's
        "authors: 山田, 佐藤",  # Pelican's Authors: header
        "author: 山田、佐藤",
        "authors:\n  - 山田\n  - 佐藤\n  - 山田",  # a block list, a name twice
    ],
)
def test_an_article_names_several_authors_in_any_of_the_usual_forms(
    tmp_path: Path, written: str
) -> None:
    text = "---\ntitle: 共著\ndate: 2024-03-12\nslug: a\n" + written + "\n---\n\n本文。\n"
    write_site(tmp_path, {"content/posts/a.md": text}, CONFIG)
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert json_ld(page)["author"] == [
        {"@type": "Person", "name": "山田", "url": "https://example.com" + YAMADA},
        {"@type": "Person", "name": "佐藤", "url": "https://example.com" + SATO},
    ]
    byline = (
        f'著者: <a href="{YAMADA}" rel="author">山田</a>、<a href="{SATO}" rel="author">佐藤</a>'
    )
    assert byline in page


def test_one_author_in_a_list_is_one_person(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("a", slug="a", author="[山田]")}, CONFIG)
    build_site(tmp_path)
    author = json_ld(read(tmp_path, "posts/a/index.html"))["author"]
    assert author == {"@type": "Person", "name": "山田", "url": "https://example.com" + YAMADA}


def test_an_author_that_is_not_a_name_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = "---\ntitle: a\ndate: 2024-03-12\nauthors:\n  - 山田\n  - {name: 佐藤}\n---\n"
    write_site(tmp_path, {"content/posts/a.md": text}, CONFIG)
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert "content/posts/a.md:6: authors: each author must be a name, not {'name': '佐藤'}" in str(
        caught.value
    )


def test_the_feeds_name_each_author_apart(tmp_path: Path) -> None:
    posts = {
        "content/posts/a.md": article("共著", slug="a", authors="山田, 佐藤"),
        "content/posts/b.md": article("自分の記事", "2024-03-11", slug="b"),
    }
    write_site(tmp_path, posts, CONFIG)
    build_site(tmp_path)
    atom, rss = read(tmp_path, "atom.xml"), read(tmp_path, "rss.xml")
    assert "<author><name>山田</name></author>\n    <author><name>佐藤</name></author>" in atom
    assert atom.count("<author>") == 3  # the two, and the feed's own: the site's author
    assert "<dc:creator>山田</dc:creator>\n      <dc:creator>佐藤</dc:creator>" in rss
    assert rss.count("<dc:creator>港</dc:creator>") == 1  # the other article's


def cards(html: str) -> list[str]:
    """The addresses of the articles a list page shows as cards."""
    return re.findall(r'<h2 class="card__title"><a href="([^"]+)">', html)


def _team_blog(root: Path, config: str = CONFIG) -> None:
    posts = {
        "content/posts/a.md": article("共著", "2024-03-12", slug="a", authors="[山田, 佐藤]"),
        "content/posts/b.md": article("山田の記事", "2024-03-11", slug="b", author="山田"),
        "content/posts/c.md": article("自分の記事", "2024-03-10", slug="c"),
        "content/about.md": "---\ntitle: 自己紹介\nauthor: 山田\n---\n",
    }
    write_site(root, posts, config)
    build_site(root)


def test_a_blog_of_several_writers_has_a_page_for_each_author(tmp_path: Path) -> None:
    _team_blog(tmp_path)
    yamada = read(tmp_path, "authors/山田/index.html")
    assert "<title>山田の記事 | t</title>" in yamada
    assert '<link rel="canonical" href="https://example.com/authors/%E5%B1%B1%E7%94%B0/">' in yamada
    assert '<meta name="description" content="山田が書いた記事の一覧です。">' in yamada
    assert breadcrumbs(yamada) == [("ホーム", "/"), ("著者一覧", "/authors/"), ("山田の記事", "")]
    assert cards(yamada) == ["/posts/a/"]  # an article a page
    second = read(tmp_path, "authors/山田/page/2/index.html")  # paginated as tag pages
    assert "<title>山田の記事（2ページ目） | t</title>" in second
    assert cards(second) == ["/posts/b/"]
    # The site's author wrote those that name no one.
    assert cards(read(tmp_path, "authors/港/index.html")) == ["/posts/c/"]
    index = read(tmp_path, "authors/index.html")
    assert "<title>著者一覧 | t</title>" in index
    for url in (YAMADA, SATO, "/authors/%E6%B8%AF/"):
        assert f'href="{url}"' in index
    assert '<a href="/authors/">著者</a>' in read(tmp_path, "index.html")  # in the header
    card = f'著者: <a href="{YAMADA}" rel="author">山田</a>、<a href="{SATO}" rel="author">佐藤</a>'
    assert card in read(tmp_path, "index.html")  # the byline on the list's cards too
    assert "article-meta__author" not in read(tmp_path, "about/index.html")  # a page has none
    feed = read(tmp_path, "authors/山田/atom.xml")
    assert "<title>山田の記事 | t</title>" in feed and feed.count("<entry") == 2
    assert 'atom.xml" title="山田の記事 | t (Atom フィード)"' in yamada
    sitemap = read(tmp_path, "sitemap.xml")
    for url in ("/authors/", YAMADA, SATO):
        assert f"<loc>https://example.com{url}</loc>" in sitemap
    assert "authors/%E5%B1%B1%E7%94%B0/page/2/" not in sitemap


def test_the_author_pages_speak_english_on_an_english_site(tmp_path: Path) -> None:
    _team_blog(tmp_path, CONFIG + 'language = "en"\n')
    yamada = read(tmp_path, "authors/山田/index.html")
    assert "<title>Articles by 山田 | t</title>" in yamada
    assert '<meta name="description" content="Articles written by 山田.">' in yamada
    assert "<title>All authors | t</title>" in read(tmp_path, "authors/index.html")
    assert f'By <a href="{YAMADA}" rel="author">山田</a>, <a href="{SATO}"' in yamada


def test_a_blog_of_one_writer_has_no_author_pages(tmp_path: Path) -> None:
    posts = {
        "content/posts/a.md": article("a", slug="a"),
        "content/posts/b.md": article("b", "2024-03-11", slug="b", author="港"),  # the site's
    }
    write_site(tmp_path, posts, CONFIG)
    build_site(tmp_path)
    assert not (tmp_path / "public/authors").exists()
    assert '<span class="article-meta__author">著者: 港</span>' in read(
        tmp_path, "posts/b/index.html"
    )
    assert "article-meta__author" not in read(tmp_path, "index.html")  # no byline on cards
    assert "/authors/" not in read(tmp_path, "sitemap.xml")
