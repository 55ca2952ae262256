"""Old addresses (front matter ``aliases``, Jekyll's ``redirect_from``) redirect to the article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sitekit import article, build_site, read, snapshot, write_site

from sitegen.errors import SiteError

CONFIG = 'title = "テストブログ"\nbase_url = "https://example.com/blog/"\n'
NEW_URL = "https://example.com/blog/posts/new/"


def moved(tmp_path: Path, aliases: str, config: str = CONFIG) -> Path:
    """A site whose article ``posts/new`` has the front matter ``aliases`` line(s)."""
    body = "---\ntitle: 謝罪金の総額\ndate: 2024-03-12\nslug: new\n" + aliases + "\n---\n\n本文。\n"
    return write_site(tmp_path, {"content/posts/new.md": body}, config)


def test_each_old_address_is_a_page_that_sends_reader_and_search_engines_on(
    tmp_path: Path,
) -> None:
    aliases = "aliases: [/2009/08/old-title/, /entry-1234.html, /古い記事, /%E6%97%A7/x]"
    build_site(moved(tmp_path, aliases))
    outputs = ["2009/08/old-title/index.html", "entry-1234.html", "古い記事/index.html"]
    for output in [*outputs, "旧/x/index.html"]:
        html = read(tmp_path, output)
        assert f'<meta http-equiv="refresh" content="0; url={NEW_URL}">' in html
        assert f'<link rel="canonical" href="{NEW_URL}">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert "<main>\n<h1>謝罪金の総額</h1>" in html
        assert f'<p>このページは移動しました： <a href="{NEW_URL}">{NEW_URL}</a></p>' in html
        assert '<html lang="ja">' in html
    sitemap = read(tmp_path, "sitemap.xml")
    assert NEW_URL in sitemap
    assert "old-title" not in sitemap and "entry-1234" not in sitemap


def test_jekyll_redirect_from_a_page_of_an_english_site(tmp_path: Path) -> None:
    config = CONFIG + 'language = "en"\n'
    write_site(
        tmp_path, {"content/about.md": "---\ntitle: About\nredirect_from: /me/\n---\n"}, config
    )
    build_site(tmp_path)
    html = read(tmp_path, "me/index.html")
    about = "https://example.com/blog/about/"
    assert f'<h1>About</h1>\n<p>This page has moved to <a href="{about}">{about}</a></p>' in html
    assert '<html lang="en">' in html


def test_old_addresses_redirect_to_an_address_of_its_own(tmp_path: Path) -> None:
    build_site(moved(tmp_path, "url: /2015/03/old-post.html\naliases: [/entry-1.html, /p/1/]"))
    new_url = "https://example.com/blog/2015/03/old-post.html"
    for output in ("entry-1.html", "p/1/index.html"):
        assert f'<link rel="canonical" href="{new_url}">' in read(tmp_path, output)
    assert not (tmp_path / "public/posts/new").exists()


def test_a_site_without_base_url_redirects_by_path(tmp_path: Path) -> None:
    build_site(moved(tmp_path, "aliases: /old/", config='title = "t"\n'))
    assert '<meta http-equiv="refresh" content="0; url=/posts/new/">' in read(
        tmp_path, "old/index.html"
    )


def test_an_address_that_cannot_be_an_output_file_is_an_error_at_its_line(
    tmp_path: Path,
) -> None:
    aliases = (
        "aliases:\n"
        "  - /ok/\n"
        "  - https://old.example.com/x/\n"  # line 7
        "  - old/x/\n"
        "  - /index.php?p=12\n"
        "  - /a/../b/\n"
        "  - /a:b/\n"
        "  - 12\n"  # line 12
        "  - /ok\n"  # the same as /ok/: one page
        "  - /OK/\n"  # line 14: the same file as /ok/ where case is ignored
    )
    with pytest.raises(SiteError) as caught:
        build_site(moved(tmp_path, aliases.rstrip("\n")))
    found = {(p.line, p.message.split(":")[0]) for p in caught.value.problems}
    assert found == {(line, "aliases") for line in [*range(7, 13), 14]}
    messages = "\n".join(p.message for p in caught.value.problems)
    assert "without the scheme and host" in messages
    assert "must start with '/'" in messages
    assert "cannot answer a query" in messages
    assert "'.' or '..' part" in messages
    assert "each must be a path, not 12" in messages
    assert "'/OK/' differs from another of them only in case" in messages
    assert not (tmp_path / "public").exists()


def test_a_feeds_old_address_is_no_redirect_page_but_an_error_naming_the_setting(
    tmp_path: Path,
) -> None:
    with pytest.raises(SiteError) as caught:
        build_site(moved(tmp_path, "aliases:\n  - /old/\n  - /index.xml\n  - /feeds/all.atom.xml"))
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (
            line,
            f"aliases: {address!r} is a feed's address, and a feed reader follows no redirect"
            " page: list it in site.toml's [feeds] aliases (tag_aliases for a tag's feed),"
            " which copy the feed there",
        )
        for line, address in [(7, "/index.xml"), (8, "/feeds/all.atom.xml")]
    ]


def test_an_old_address_another_source_makes_is_a_collision_naming_both(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("a", slug="a", aliases="[/posts/b/, /files/]"),
            "content/posts/b.md": article("b", slug="b"),
            "static/files/index.html": "<p>files</p>",
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    # At the aliases of a.md: an old address gives way to a page's own, and to a file.
    assert [str(p).split(" (hint:")[0] for p in caught.value.problems] == [
        "content/posts/a.md:5: aliases: content/posts/b.md already makes posts/b/index.html",
        "content/posts/a.md:5: aliases: static/files/index.html already makes files/index.html",
    ]


def test_an_address_dropped_from_aliases_is_removed_like_any_stale_page(tmp_path: Path) -> None:
    site = moved(tmp_path, "aliases: [/old/, /older/]")
    build_site(site)
    assert (tmp_path / "public/older/index.html").exists()
    moved(tmp_path, "aliases: [/old/]")
    build_site(site)
    incremental = snapshot(tmp_path / "public")
    build_site(site, use_cache=False)
    assert snapshot(tmp_path / "public") == incremental
    assert "older/index.html" not in incremental and "old/index.html" in incremental


def test_a_field_written_under_another_name_is_reported_under_that_name(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("a", lastmod="someday")})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    [problem] = caught.value.problems
    assert (problem.line, problem.message.split(":")[0]) == (4, "lastmod")


@pytest.mark.browser
def test_a_browser_at_an_old_address_lands_on_the_article(
    tmp_path: Path, page: Page, static_server: Callable[[Path], str]
) -> None:
    build_site(moved(tmp_path, "aliases: [/2009/08/old-title/, /entry-1234.html]", 'title = "t"\n'))
    site = static_server(tmp_path / "public")
    for old in ("/2009/08/old-title/", "/entry-1234.html"):
        page.goto(site + old)
        expect(page).to_have_url(site + "/posts/new/")
        expect(page.locator("h1")).to_have_text("謝罪金の総額")


def test_an_address_with_a_hidden_part_is_refused_by_check_and_well_known_is_not(
    tmp_path: Path,
) -> None:
    """QA: ``url: /.sitegen-output/`` passed check, then broke every build with a false
    message; ``/.git/…`` was reported uploaded to a git branch that never holds it."""
    from sitekit import run_cli

    site = moved(tmp_path / "bad", "url: /.sitegen-output/\naliases: [/.git/old.html]")
    checked = run_cli("check", cwd=site)
    assert checked.returncode == 1
    assert checked.stderr.startswith(
        "content/posts/new.md:5: url: a part must not start with a dot ('.sitegen-output'),"
        " except .well-known/ at the root: '/.sitegen-output/'"
    )
    assert "content/posts/new.md:6: aliases: a part must not start with a dot ('.git')" in (
        checked.stderr
    )
    good = moved(tmp_path / "good", "url: /.well-known/about/\naliases: [/.well-known/old/]")
    build_site(good)
    assert '<h1 class="article__title">謝罪金の総額</h1>' in read(
        good, ".well-known/about/index.html"
    )
    assert "https://example.com/blog/.well-known/about/" in read(good, ".well-known/old/index.html")
