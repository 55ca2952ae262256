"""sitemap.xml parsed as XML, robots.txt, and the one warning of a site without base_url."""

from __future__ import annotations

from pathlib import Path

from sitekit import article, build_site, read, write_site, xml

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONFIG = 'title = "t"\nbase_url = "https://example.com/"\npage_size = 1\n'
SITE = {
    "content/posts/a.md": article("a", "2009-08-19", tags="[経営]"),
    "content/posts/b.md": article("b", "2009-08-20 09:00", updated="2009-09-02", tags="[経営]"),
    "content/posts/c.md": article("c", "2010-01-05", tags="[営業]"),
    "content/posts/d.md": article("d", "2009-08-25", tags="[下書きだけのタグ]", draft="true"),
    "content/about.md": "---\ntitle: About\n---\n",
    "content/old.md": "---\ntitle: 古いページ\nupdated: 2008-01-01\n---\n",
    "content/wip.md": "---\ntitle: 書きかけ\ndraft: true\n---\n",
}


def sitemap(root: Path) -> dict[str, str | None]:
    """URL → lastmod of every entry of the sitemap, in order."""
    urls = xml(root, "sitemap.xml").findall(f"{SM}url")
    return {u.findtext(f"{SM}loc", ""): u.findtext(f"{SM}lastmod") for u in urls}


def test_sitemap_lists_the_pages_worth_indexing_with_lastmod(tmp_path: Path) -> None:
    write_site(tmp_path, SITE, CONFIG)
    build_site(tmp_path, drafts=True)  # drafts are built, and still not listed
    assert sitemap(tmp_path) == {
        "https://example.com/": "2010-01-05T00:00:00+09:00",
        "https://example.com/posts/c/": "2010-01-05T00:00:00+09:00",
        "https://example.com/posts/b/": "2009-09-02T00:00:00+09:00",  # updated wins over date
        "https://example.com/posts/a/": "2009-08-19T00:00:00+09:00",
        "https://example.com/about/": None,  # a page without a date has no lastmod
        "https://example.com/old/": "2008-01-01T00:00:00+09:00",
        "https://example.com/tags/": "2010-01-05T00:00:00+09:00",
        "https://example.com/tags/%E7%B5%8C%E5%96%B6/": "2009-09-02T00:00:00+09:00",
        "https://example.com/tags/%E5%96%B6%E6%A5%AD/": "2010-01-05T00:00:00+09:00",
        "https://example.com/archives/": "2010-01-05T00:00:00+09:00",
        "https://example.com/archives/2010/": "2010-01-05T00:00:00+09:00",
        "https://example.com/archives/2010/01/": "2010-01-05T00:00:00+09:00",
        "https://example.com/archives/2009/": "2009-09-02T00:00:00+09:00",
        "https://example.com/archives/2009/08/": "2009-09-02T00:00:00+09:00",
    }
    assert (tmp_path / "public/page/2/index.html").is_file()  # later list pages: not listed
    assert (tmp_path / "public/posts/d/index.html").is_file()


def test_robots_txt_points_to_the_sitemap(tmp_path: Path) -> None:
    write_site(tmp_path, SITE, CONFIG.replace("example.com/", "example.com/blog/"))
    build_site(tmp_path)
    assert read(tmp_path, "robots.txt") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.com/blog/sitemap.xml\n"
    )
    assert next(iter(sitemap(tmp_path))) == "https://example.com/blog/"


def test_the_sites_own_robots_txt_wins(tmp_path: Path) -> None:
    mine = "User-agent: *\nDisallow: /private/\n"
    write_site(tmp_path, {**SITE, "static/robots.txt": mine}, CONFIG)
    result = build_site(tmp_path)
    assert read(tmp_path, "robots.txt") == mine
    assert result.warnings == []


def test_without_base_url_one_warning_and_no_feeds_sitemap_or_canonical(tmp_path: Path) -> None:
    write_site(tmp_path, SITE, 'title = "t"\n')
    result = build_site(tmp_path)
    assert [str(w) for w in result.warnings] == [
        'site.toml: warning: base_url is not set: no feeds or sitemap are written, and pages have no canonical URL (hint: set base_url = "https://your.domain/" in site.toml, or pass --base-url)'
    ]
    public = tmp_path / "public"
    assert sorted(p.name for p in public.rglob("*.xml")) == []
    assert read(tmp_path, "robots.txt") == "User-agent: *\nAllow: /\n"
    page = read(tmp_path, "posts/a/index.html")
    assert 'rel="canonical"' not in page and 'rel="alternate"' not in page
    assert 'property="og:url"' not in page


def test_sitemap_lists_articles_and_pages_at_addresses_of_their_own(tmp_path: Path) -> None:
    files = {
        "content/posts/a.md": article("a", "2009-08-19", url="/2009/08/old-post.html"),
        "content/about.md": "---\ntitle: About\npermalink: /about-me/\n---\n",
    }
    write_site(tmp_path, files, CONFIG)
    build_site(tmp_path)
    assert list(sitemap(tmp_path))[:3] == [
        "https://example.com/",
        "https://example.com/2009/08/old-post.html",
        "https://example.com/about-me/",
    ]


def test_sitemap_lists_articles_at_a_permalink_ending_in_html(tmp_path: Path) -> None:
    write_site(tmp_path, SITE, CONFIG + 'permalink = "/{year}/{slug}.html"\n')
    build_site(tmp_path)
    assert list(sitemap(tmp_path))[1:6] == [
        "https://example.com/2010/c.html",
        "https://example.com/2009/b.html",
        "https://example.com/2009/a.html",
        "https://example.com/about/",
        "https://example.com/old/",
    ]
