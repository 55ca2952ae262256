"""Site search: the Pagefind index a build writes, and searching it in a real browser."""

from __future__ import annotations

import errno
import gzip
import json
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sitekit import REPO, article, build_site, read, run_cli, snapshot, write_site

from sitegen import build as build_module
from sitegen.build import BuildOptions, build
from sitegen.config import parse_config
from sitegen.errors import SiteError
from sitegen.search import (
    STAMP_FILE,
    Pagefind,
    SearchIndex,
    _languages_in_order,
    find_pagefind,
    search_warnings,
)

needs_pagefind = pytest.mark.skipif(find_pagefind() is None, reason="Pagefind is not installed")
APOLOGY = "ミナト生命の顧客情報流出、謝罪金の総額はいくらになるか"
SITE = {
    "content/posts/a.md": article("謝罪金の相場", body="1人1,000円の謝罪金を払う。"),
    "content/posts/b.md": article("値上げの伝え方", body="値上げは早めに伝える。"),
}


@needs_pagefind
def test_a_build_indexes_the_pages_and_indexes_again_only_when_they_change(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, SITE)
    result = build_site(tmp_path, search=True)
    index = tmp_path / "public/pagefind"
    assert "search" in result.timings and result.warnings == []
    assert (index / "pagefind.js").is_file()
    version = find_pagefind().version()  # type: ignore[union-attr]
    assert (index / STAMP_FILE).read_text().splitlines()[0] == version
    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["ja"]["page_count"] == 2  # the articles, not lists or the 404
    marker = index / "marker"
    marker.write_text("from the last index")
    build_site(tmp_path, search=True)  # nothing changed: the index is kept as it is
    assert marker.is_file()
    # Only a page outside the index changes (the 404 page's template): no index run.
    write_site(tmp_path, {"theme/templates/404.html": '{% extends "base.html" %}'})
    assert build_site(tmp_path, search=True).written == ["404.html"]
    assert marker.is_file()
    shutil.rmtree(index)
    build_site(tmp_path, search=True)  # nothing changed but the index is gone: made again
    assert (index / "pagefind.js").is_file()
    marker.write_text("from the last index")
    (tmp_path / "content/posts/b.md").write_text(article("値上げの伝え方", body="改訂。"), "utf-8")
    build_site(tmp_path, search=False)  # a build that does not index keeps the last index …
    assert marker.is_file()
    build_site(tmp_path, search=True)  # … which the next one that does makes anew
    assert not marker.is_file() and (index / "pagefind.js").is_file()


@needs_pagefind
def test_indexing_again_changes_only_the_index_files_whose_bytes_change(tmp_path: Path) -> None:
    posts = {
        f"content/posts/p{n}.md": article(f"記事{n}", f"2024-01-{n:02}", body=f"本文{n}。")
        for n in range(1, 9)
    }
    write_site(tmp_path / "site", posts)
    build_site(tmp_path / "site", search=True)
    index = tmp_path / "site/public/pagefind"
    before, times = snapshot(index), mtimes(index)
    (tmp_path / "site/content/posts/p3.md").write_text(article("記事3", body="謝罪金。"), "utf-8")
    build_site(tmp_path / "site", search=True)
    after, new_times = snapshot(index), mtimes(index)
    kept = [p for p, data in after.items() if before.get(p) == data]
    assert all(new_times[p] == times[p] for p in kept)  # equal bytes: not rewritten
    assert "pagefind.js" in kept and len(kept) > len(after) // 2
    assert set(after) != set(before)  # new fragment files, and the stale ones gone:
    write_site(
        tmp_path / "clean", {**posts, "content/posts/p3.md": article("記事3", body="謝罪金。")}
    )
    build_site(tmp_path / "clean", search=True)
    assert snapshot(tmp_path / "clean/public/pagefind") == after  # as a clean build makes it


@pytest.fixture
def recording_pagefind(tmp_path: Path) -> Iterator[tuple[Pagefind, Path]]:
    """A Pagefind that keeps the configuration it was given, and makes an index."""
    script, given = tmp_path / "bin" / "pagefind_extended", tmp_path / "given.json"
    script.parent.mkdir()
    script.write_text(
        '#!/bin/sh\nif [ "$1" = --version ]; then echo "pagefind 0.0"; exit 0; fi\n'
        f'cp pagefind.json "{given}"\n'
        f'{sys.executable} -c "import json, pathlib; '
        "p = pathlib.Path(json.load(open('pagefind.json'))['output_path']); "
        "p.mkdir(parents=True); (p / 'pagefind-entry.json').write_text('{}')\"\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    yield Pagefind(script), given


def pages_named(given: Path) -> list[str]:
    """The pages the glob of the configuration Pagefind was given names, one by one."""
    glob = json.loads(given.read_text("utf-8"))["glob"]
    assert glob.startswith("{") and glob.endswith("}")
    return sorted(page.replace("\\", "") for page in re.split(r"(?<!\\),", glob[1:-1]))


def test_pagefind_is_given_the_pages_that_mark_what_it_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recording_pagefind: tuple[Pagefind, Path]
) -> None:
    pagefind, given = recording_pagefind
    site = write_site(
        tmp_path / "site",
        {
            **SITE,
            "content/posts/c.md": article("社外秘", noindex="true"),  # marks nothing
            "content/about.md": "---\ntitle: このブログについて\n---\n\n本文。\n",
            "static/landing,{1}.html": "<main DATA-PAGEFIND-BODY><h1>案内</h1></main>",
            "static/plain.html": "<main><h1>案内</h1></main>",
        },
    )
    monkeypatch.setattr(build_module, "find_pagefind", lambda: pagefind)
    build_site(site, search=True)
    settings = json.loads(given.read_text("utf-8"))
    assert settings["site"] == str((site / "public").resolve())
    assert pages_named(given) == [
        "about/index.html", "landing,{1}.html", "posts/a/index.html", "posts/b/index.html"
    ]  # fmt: skip
    assert r"landing\,\{1\}.html" in settings["glob"]  # glob characters escaped
    assert [p.name for p in site.iterdir() if p.name.startswith(".public")] == []  # cleaned up
    # A theme that marks nothing: Pagefind takes every page, and all of each.
    plain = '{% extends "base.html" %}{% block content %}{{ article.html }}{% endblock %}'
    write_site(site, {"theme/templates/article.html": plain, "theme/templates/page.html": plain})
    (site / "static/landing,{1}.html").unlink()
    build_site(site, search=True)
    html = sorted(
        p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*.html")
    )
    assert pages_named(given) == html
    assert "404.html" in html and "index.html" in html


@needs_pagefind
def test_pagefind_indexes_the_marked_pages_whatever_their_names(tmp_path: Path) -> None:
    tagged = {path: text.replace("date:", "tags: [値上げ]\ndate:") for path, text in SITE.items()}
    marked = '{% extends "base.html" %}{% block content %}<div data-pagefind-body>{{ tag.name }}</div>{% endblock %}'
    landing = (
        '<html lang="ja"><body data-pagefind-body><h1>案内</h1><p>謝罪金の窓口</p></body></html>'
    )
    write_site(
        tmp_path,
        {
            **tagged,
            "content/posts/c.md": article("大売り出し!", slug="big-sale!(1)"),
            "theme/templates/tag.html": marked,
            "static/a,b{1}[x]*?!$:<>(2)^&~.html": landing,  # every character a glob may mean
        },
    )
    build_site(tmp_path, search=True)
    entry = json.loads((tmp_path / "public/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["ja"]["page_count"] == 5  # the articles, the tag, the landing


@needs_pagefind
def test_pagefind_finds_articles_at_addresses_ending_in_html_or_of_their_own(
    tmp_path: Path,
) -> None:
    posts = {
        "content/posts/a.md": article("謝罪金の相場"),
        "content/posts/b.md": article("値上げの伝え方", permalink="/special/x/"),
    }
    write_site(tmp_path, posts, 'title = "t"\npermalink = "/{year}/{slug}.html"\n')
    build_site(tmp_path, search=True)
    fragments = (tmp_path / "public/pagefind/fragment").iterdir()
    urls = {json.loads(gzip.decompress(f.read_bytes())[12:])["url"] for f in fragments}
    assert urls == {"/2024/a.html", "/special/x/"}  # 12: the bytes of "pagefind_dcd"


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_the_search_page_and_the_search_box(tmp_path: Path) -> None:
    write_site(tmp_path, SITE, 'title = "t"\nbase_url = "https://example.com/blog/"\n')
    build_site(tmp_path)
    page = read(tmp_path, "search/index.html")
    assert (
        '<form class="search" role="search" action="/blog/search/" method="get" data-search' in page
    )
    assert 'data-bundle="/blog/pagefind/pagefind.js" data-base-url="/blog/"' in page
    assert 'data-text-results="「{query}」の検索結果: {count}件"' in page
    assert "search-box" not in page  # no second box on the search page itself
    home = read(tmp_path, "index.html")
    assert '<form class="search-box" role="search" action="/blog/search/" method="get">' in home
    assert '<article class="article" data-pagefind-body>' in read(tmp_path, "posts/a/index.html")


def test_search_can_be_turned_off_and_its_index_goes(tmp_path: Path) -> None:
    write_site(tmp_path, SITE)
    build_site(tmp_path)
    (tmp_path / "public/pagefind").mkdir()
    (tmp_path / "public/pagefind" / STAMP_FILE).write_text("pagefind 1.0")  # one sitegen made
    (tmp_path / "site.toml").write_text('title = "t"\n[search]\nenabled = false\n', "utf-8")
    result = build_site(tmp_path, search=True)
    assert not (tmp_path / "public/pagefind").exists()
    assert not (tmp_path / "public/search").exists()
    assert "search-box" not in read(tmp_path, "index.html")
    assert not any("search" in str(w) for w in result.warnings)


def test_without_pagefind_the_build_says_how_to_get_it_and_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, SITE)
    monkeypatch.setattr(build_module, "find_pagefind", lambda: None)
    result = build_site(tmp_path, search=True)
    assert [str(w) for w in result.warnings] == [
        "warning: search: Pagefind is not installed, so the site has no search index (hint: pip install 'pagefind[extended]' (sitegen's search extra), or turn search off with [search] enabled = false)"
    ]
    assert (tmp_path / "public/index.html").is_file()
    assert not (tmp_path / "public/pagefind").exists()
    # A build that does not index (the preview's) has nothing to say about it.
    assert build_site(tmp_path, search=False).warnings == []


def test_the_command_line_without_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_site(tmp_path, SITE)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: search: Pagefind is not installed" in result.stderr
    assert "pip install 'pagefind[extended]'" in result.stderr


@pytest.fixture
def failing_pagefind(tmp_path: Path) -> Iterator[Pagefind]:
    script = tmp_path / "bin" / "pagefind_extended"
    script.parent.mkdir()
    script.write_text(
        '#!/bin/sh\nif [ "$1" = --version ]; then echo "pagefind 0.0"; exit 0; fi\n'
        'echo "Error: the disk is full" >&2\nexit 1\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    yield Pagefind(script)


def test_a_failing_pagefind_is_an_error_after_the_site_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_pagefind: Pagefind
) -> None:
    site = write_site(tmp_path / "site", SITE)
    monkeypatch.setattr(build_module, "find_pagefind", lambda: failing_pagefind)
    with pytest.raises(SiteError) as caught:
        build_site(site, search=True)
    assert [str(p) for p in caught.value.problems] == [
        "search: Pagefind could not index the site: Error: the disk is full"
    ]
    assert (site / "public/index.html").is_file()
    with pytest.raises(SiteError):  # no page changed, and still the index is tried again
        build_site(site, search=True)
    assert [p.name for p in site.iterdir() if p.name.startswith(".public")] == []  # cleaned up


@needs_pagefind
def test_a_disk_too_full_for_the_index_is_an_error_and_the_index_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site", SITE)
    build_site(site, search=True)
    (site / "content/posts/b.md").write_text(article("値上げの伝え方", body="改訂。"), "utf-8")

    def full(self: SearchIndex, fresh: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "_move_in", full)
        with pytest.raises(SiteError) as caught:
            build_site(site, search=True)
    assert [str(p) for p in caught.value.problems] == [
        "search: could not write the index: No space left on device"
        " (hint: free some space on the disk)"
    ]
    assert (site / "public/pagefind" / STAMP_FILE).read_text() == "out of date\n"
    build_site(site, search=True)  # no page changed since, and still it indexes again
    version = find_pagefind().version()  # type: ignore[union-attr]
    assert (site / "public/pagefind" / STAMP_FILE).read_text().splitlines()[0] == version


def test_a_pagefind_that_cannot_split_japanese_is_a_warning_for_japanese_sites() -> None:
    standard = Pagefind(Path("/usr/bin/pagefind"))
    (warning,) = search_warnings(parse_config(""), standard)
    assert str(warning) == (
        "warning: search: this Pagefind cannot split Japanese into words; searches will miss"
        " (hint: pip install 'pagefind[extended]')"
    )
    assert search_warnings(parse_config('language = "en"'), standard) == []
    assert search_warnings(parse_config(""), Pagefind(Path("/x/pagefind_extended"))) == []


# -- in the browser -------------------------------------------------------------------------


def example_site(folder: Path, base_url: str) -> None:
    result = build(REPO, BuildOptions(output=folder, base_url=base_url))
    assert result.warnings == []


@pytest.mark.browser
@needs_pagefind
@pytest.mark.parametrize("base", ["", "/blog"], ids=["root", "base-path"])
def test_searching_the_example_blog_for_a_japanese_word(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str], base: str
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    example_site(tmp_path / "www" / base.strip("/"), f"https://example.com{base}/")
    url = static_server(tmp_path / "www") + base + "/"
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url)
        page.fill("#search-box-input", "謝罪金")
        page.press("#search-box-input", "Enter")
        page.wait_for_url("**/search/?q=*")
        result = page.locator(".search-result__title", has_text=APOLOGY)
        expect(result).to_have_count(1)
        expect(page.locator("[data-search-status]")).to_contain_text("「謝罪金」の検索結果:")
        assert result.get_attribute("href") == f"{base}/posts/minato-apology/"
        expect(page.locator(".search-result__excerpt mark").first).to_contain_text("謝罪")
        page.fill("#search-input", "zzxqv")
        expect(page.locator("[data-search-status]")).to_have_text(
            "「zzxqv」に一致する記事は見つかりませんでした。"
        )
        expect(page.locator(".search-result__title")).to_have_count(0)
        assert page.url.endswith("/search/?q=zzxqv")  # the address follows what is typed
    finally:
        context.close()
    assert errors == []


@pytest.mark.browser
@needs_pagefind
def test_results_arriving_on_a_phone_move_nothing_in_sight(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    """On one column the sidebar is below the results: they must not push it down while
    the reader looks (cumulative layout shift, which search engines rate pages by)."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    example_site(tmp_path / "www", "https://example.com/")
    context = browser.new_context(locale="ja-JP", viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.add_init_script(
            "window.shifts = 0; new PerformanceObserver(list => { for (const entry of"
            " list.getEntries()) if (!entry.hadRecentInput) window.shifts += entry.value; })"
            ".observe({type: 'layout-shift', buffered: true});"
        )
        page.goto(static_server(tmp_path / "www") + "/search/?q=値上げ")
        expect(page.locator(".search-result__title").first).to_be_visible()
        page.wait_for_timeout(300)  # the last shifts are reported after the frame
        assert page.evaluate("window.shifts") < 0.01
    finally:
        context.close()


@pytest.mark.browser
@needs_pagefind
def test_each_result_shows_the_date_of_its_article(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    result = build(REPO, BuildOptions(output=tmp_path / "www"))
    articles = {a.url: a for a in result.site.articles}
    word = "顧客"
    having_word = {url for url, a in articles.items() if word in a.html or word in a.title}
    assert len(having_word) > 1
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(static_server(tmp_path / "www") + f"/search/?q={word}")
        results = page.locator(".search-result")
        expect(results).to_have_count(len(having_word))
        for item in results.all():
            href = item.locator(".search-result__title").get_attribute("href") or ""
            date = articles[href].date
            assert date is not None
            expect(item.locator(".search-result__date")).to_have_text(
                f"{date.year}年{date.month}月{date.day}日"
            )
    finally:
        context.close()
    assert errors == []


CALCULATOR_POST = """\
---
title: 謝罪金の相場
date: 2024-03-12
calculators:
  apology:
    title: 謝罪金の総額を見積もる
    description: 人数を変えて試せます。
    inputs:
      people: {label: 対象顧客数, value: 80000, unit: 人, min: 0}
      media:
        label: おわび広告
        type: choice
        value: 2
        options: [{label: 全国紙一紙, value: 1}, {label: 地方紙三紙, value: 2}]
    outputs:
      total: {label: 損害見込額, formula: "people * 1000 + media * 12000000", format: yen_man}
---

1人1,000円の謝罪金を払う。

{{< calculator apology >}}
"""


@pytest.mark.browser
@needs_pagefind
def test_search_finds_a_calculators_title_but_not_its_controls(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    # QA: searching リセット found every page with a calculator, and excerpts were full of
    # its units, option labels and default results.
    from playwright.sync_api import Browser, Page, expect

    assert isinstance(browser, Browser)
    write_site(tmp_path, {**SITE, "content/posts/a.md": CALCULATOR_POST})
    build_site(tmp_path, search=True)
    base = static_server(tmp_path / "public")
    context = browser.new_context(locale="ja-JP")
    page: Page = context.new_page()

    def found(word: str) -> list[str]:
        page.goto(f"{base}/search/?q={word}")
        expect(page.locator("[data-search-status]")).to_contain_text(f"「{word}」")
        expect(page.locator("[data-search-status]")).not_to_contain_text("検索しています")
        return page.locator(".search-result__title").all_inner_texts()

    try:
        # The button, an option, a result, a field, a message, the <noscript> line.
        controls = ["リセット", "地方紙三紙", "損害見込額"]
        controls += ["対象顧客数", "扱える範囲", "JavaScript"]
        for control in controls:
            assert found(control) == [], control
        assert found("見積もる") == ["謝罪金の相場"]  # the calculator's title
        assert found("試せます") == ["謝罪金の相場"]  # and its description
        assert found("謝罪金") == ["謝罪金の相場"]
        excerpt = page.locator(".search-result__excerpt").inner_text()
        assert "1人1,000円の謝罪金を払う" in excerpt
        for control in ("リセット", "1億400万円", "全国紙一紙", "損害見込額"):
            assert control not in excerpt
    finally:
        context.close()


def test_the_sites_own_pagefind_settings_are_given_to_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recording_pagefind: tuple[Pagefind, Path]
) -> None:
    pagefind, given = recording_pagefind
    own = "# as for Pagefind alone\nsite: public\nexclude_selectors:\n  - .ad\n"
    site = write_site(tmp_path / "site", {**SITE, "pagefind.yml": own})
    monkeypatch.setattr(build_module, "find_pagefind", lambda: pagefind)
    result = build_site(site, search=True)
    settings = json.loads(given.read_text("utf-8"))
    assert settings["exclude_selectors"] == [".headerlink", ".footnote-backref", ".ad"]
    assert settings["site"] == str((site / "public").resolve())  # sitegen's, not public
    assert [str(w) for w in result.warnings] == [
        "pagefind.yml:2: warning: site: sitegen gives Pagefind this itself: ignored"
        " (hint: sitegen names the pages to index and where the index goes)"
    ]
    index = site / "public/pagefind"
    marker = index / "marker"
    marker.write_text("from the last index")
    (site / "pagefind.yml").write_text("exclude_selectors: [.ad, .note]\n", "utf-8")
    build_site(site, search=True)  # no page changed, but what Pagefind is told did
    assert not marker.exists()
    excluded = json.loads(given.read_text("utf-8"))["exclude_selectors"]
    assert excluded == [".headerlink", ".footnote-backref", ".ad", ".note"]
    (site / "pagefind.yml").write_text("exclude_selectors: [.ad\n", "utf-8")
    with pytest.raises(SiteError) as caught:
        build_site(site, search=True)
    assert caught.value.problems[0].path == "pagefind.yml"


@needs_pagefind
def test_pagefind_indexes_as_the_sites_own_settings_say(tmp_path: Path) -> None:
    write_site(tmp_path, {**SITE, "pagefind.toml": 'force_language = "en"\n'})
    build_site(tmp_path, search=True)
    entry = json.loads((tmp_path / "public/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["en"]  # the site is Japanese: Pagefind obeyed the file


@needs_pagefind
def test_the_marks_beside_headings_and_footnotes_are_not_indexed(tmp_path: Path) -> None:
    body = "## 謝罪の規模\n\n十三万人に払う[^1]。\n\n[^1]: 一人千円。"
    write_site(tmp_path, {"content/posts/a.md": article("謝罪金", "2024-03-12", body=body)})
    build_site(tmp_path, search=True)
    page = (tmp_path / "public/posts/a/index.html").read_text("utf-8")
    assert 'class="headerlink"' in page and 'class="footnote-backref"' in page
    fragments = (tmp_path / "public/pagefind/fragment").glob("*.pf_fragment")
    data = [json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd") :]) for f in fragments]
    assert len(data) == 1
    text = data[0]["content"].replace("\u200b", "")  # Pagefind's word boundaries
    assert "謝罪の規模" in text and "一人千円" in text
    assert "#" not in text and "↩" not in text


@pytest.mark.browser
@needs_pagefind
def test_a_single_result_is_counted_in_the_singular_in_english(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    files = {
        "content/posts/a.md": article("Pricing", body="Raise prices early and say why."),
        "content/posts/b.md": article("Hiring", body="Hire slowly, say why, and pay well."),
    }
    write_site(tmp_path / "site", files, 'language = "en"\n')
    build_site(tmp_path / "site", search=True, output=tmp_path / "www")
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    try:
        page.goto(static_server(tmp_path / "www") + "/search/?q=prices")
        expect(page.locator("[data-search-status]")).to_have_text("1 result for “prices”")
        page.fill("#search-input", "why")
        expect(page.locator("[data-search-status]")).to_have_text("2 results for “why”")
    finally:
        context.close()


@pytest.mark.browser
@needs_pagefind
def test_an_article_in_another_language_is_found_by_its_own_words(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    """Its page is indexed as Japanese (its <html lang>), in an index of its own, which the
    English site's search page merges in: each result once, whatever the words."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    body = "日本は世界第4位の経済大国です。\nしかし、多くの企業は参入を試みません。Singapore firms wait.\n"
    files = {
        "content/posts/ja.md": article("日本市場への参入", body=body, lang="ja"),
        "content/posts/en.md": article("Pricing", body="Raise prices early; Singapore firms wait."),
    }
    write_site(tmp_path / "site", files, 'language = "en"\n')
    build_site(tmp_path / "site", search=True, output=tmp_path / "www")
    entry = json.loads((tmp_path / "www/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert sorted(entry["languages"]) == ["en", "ja"]
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(static_server(tmp_path / "www") + "/search/")
        for word, titles in [
            ("参入", ["日本市場への参入"]),  # inside a run of Japanese: split as Japanese
            ("経済大国", ["日本市場への参入"]),
            ("prices", ["Pricing"]),
            ("Singapore", ["Pricing", "日本市場への参入"]),
        ]:
            page.fill("#search-input", word)  # a search as it is typed, and one on Enter:
            page.press("#search-input", "Enter")  # the first two load the index at once
            expect(page.locator("[data-search-status]")).to_contain_text(f"“{word}”")
            expect(page.locator(".search-result__title")).to_have_count(len(titles))
            found = page.locator(".search-result__title").all_inner_texts()
            assert sorted(found) == sorted(titles), word
        # The Japanese article's title and excerpt are read as Japanese, the rest as English.
        read_in = page.eval_on_selector_all(
            ".search-result",
            "items => items.map(item => [item.querySelector('a').textContent,"
            " item.querySelector('a').closest('[lang]').lang,"
            " item.querySelector('.search-result__excerpt').closest('[lang]').lang])",
        )
        assert sorted(read_in) == [["Pricing", "en", "en"], ["日本市場への参入", "ja", "ja"]]
    finally:
        context.close()
    assert errors == []


# Each text the status line is given, as a screen reader hears it (its polite live region).
RECORD_STATUS = """
window.said = [];
new MutationObserver(() => window.said.push(document.querySelector('[data-search-status]')
  .textContent)).observe(document.querySelector('[data-search-status]'),
  {subtree: true, childList: true, characterData: true});
"""


@pytest.mark.browser
@needs_pagefind
def test_the_status_line_speaks_once_the_reader_pauses_not_at_each_keystroke(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    """QA (WCAG 4.1.3): typing "price" a key every 250 ms, as a slow typist or a
    screen-reader user does, had 「検索しています…」 and a count said nine times."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    files = {
        "content/posts/a.md": article("Pricing", body="Raise prices early and say why."),
        "content/posts/b.md": article("Hiring", body="Good staff see prices rise too."),
    }
    write_site(tmp_path / "site", files, 'language = "en"\n')
    build_site(tmp_path / "site", search=True, output=tmp_path / "www")
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    status = page.locator("[data-search-status]")
    try:
        page.goto(static_server(tmp_path / "www") + "/search/")
        page.evaluate(RECORD_STATUS)
        page.locator("#search-input").press_sequentially("prices", delay=250)
        expect(status).to_have_text("2 results for “prices”")
        expect(page.locator(".search-result")).to_have_count(2)
        page.wait_for_timeout(1000)  # nothing more is said
        assert [said for said in page.evaluate("window.said") if said] == ["2 results for “prices”"]
        # Typing on, the count of the word before is gone at once, not left to be read.
        page.locator("#search-input").press("q")
        assert status.text_content() == ""
        expect(status).to_contain_text("“pricesq”")  # said once the reader pauses again
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Search is not available right now."), ("ja", "現在、検索は利用できません。")],
)
def test_without_an_index_readers_are_told_search_is_unavailable(
    tmp_path: Path,
    browser: object,
    static_server: Callable[[Path], str],
    language: str,
    said: str,
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    files = {"content/posts/a.md": article("Pricing", body="Raise prices early.")}
    write_site(tmp_path / "site", files, f'language = "{language}"\n')
    build_site(tmp_path / "site", search=False, output=tmp_path / "www")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(static_server(tmp_path / "www") + "/search/?q=prices")
        expect(page.locator("[data-search-status]")).to_have_text(said)
    finally:
        context.close()


@pytest.mark.browser
@needs_pagefind
def test_search_after_the_connection_drops_says_so_and_tries_again_once_back(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    """QA: offline, the first search told readers to install Pagefind; after a search
    had worked, the next stayed on 「検索しています…」 under the old results."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    example_site(tmp_path / "www", "https://example.com/")
    base = static_server(tmp_path / "www")
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    status = page.locator("[data-search-status]")
    try:
        page.goto(base + "/search/")
        context.set_offline(True)
        page.fill("#search-input", "謝罪金")  # the index never came: the connection is said
        expect(status).to_have_text(
            "検索できませんでした。接続を確かめて、もう一度お試しください。"
        )
        context.set_offline(False)
        page.fill("#search-input", "謝罪金 ")  # tried again, and found
        expect(status).to_contain_text("「謝罪金」の検索結果:")
        expect(page.locator(".search-result")).not_to_have_count(0)
        context.set_offline(True)
        page.fill("#search-input", "送料無料")  # its part of the index cannot come
        expect(status).to_have_text(
            "検索できませんでした。接続を確かめて、もう一度お試しください。"
        )
        expect(page.locator(".search-result")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.browser
@needs_pagefind
def test_excerpts_show_japanese_as_it_is_written(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    """QA: Pagefind's excerpts split Japanese into words (謝罪 金) and joined the title
    to the text with '. ' (…なるか. 以前)."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    files = {
        "content/posts/a.md": article(
            "謝罪金の総額はいくらになるか",
            body="以前このブログでも謝罪金の相場を書いた。Pagefind searches English words too."
            "\n\n見出し風に「ミナト生命 謝罪金8万人分 カード流出で」と書く。",
        )
    }
    write_site(tmp_path / "site", files, 'base_url = "https://example.com/"\n')
    build_site(tmp_path / "site", search=True, output=tmp_path / "www")
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    try:
        page.goto(static_server(tmp_path / "www") + "/search/?q=謝罪金")
        excerpt = page.locator(".search-result__excerpt").first
        expect(excerpt).to_contain_text("謝罪金の相場")
        shown = excerpt.inner_text()
        assert "謝罪 金" not in shown and ". 以前" not in shown
        assert "English words" in shown  # spaces between English words stay
        page.goto(static_server(tmp_path / "www") + "/search/?q=カード流出")
        expect(page.locator(".search-result__excerpt").first).to_contain_text(
            "ミナト生命 謝罪金8万人分 カード"  # the writer's own spaces stay
        )
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_search_page_offers_a_web_search_of_the_site(
    tmp_path: Path, browser: object, static_server: Callable[[Path], str]
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    files = {"content/posts/a.md": article("値上げ", body="本文。")}
    write_site(tmp_path / "site", files, 'base_url = "https://example.com/blog/"\n')
    build_site(tmp_path / "site", search=False, output=tmp_path / "www" / "blog")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(static_server(tmp_path / "www") + "/blog/search/")
        form = page.locator("form[action='https://www.google.com/search']")
        assert form.is_visible()
        site = form.locator("input[name=as_sitesearch]").get_attribute("value")
        assert site == "example.com/blog"
    finally:
        context.close()


def test_the_index_lists_its_languages_in_one_order_whatever_order_pagefind_wrote(
    tmp_path: Path,
) -> None:
    """Pagefind writes the languages of a site of two in a random order; the build's
    output must be the same bytes each time."""
    entry = tmp_path / "pagefind-entry.json"
    written = (
        '{"version":"1.5.2","languages":{"ja":{"hash":"ja_1","page_count":10},'
        '"en":{"hash":"en_2","page_count":1}},"include_characters":["_","\u203f"]}'
    )
    entry.write_text(written, "utf-8")
    _languages_in_order(entry)
    assert entry.read_text("utf-8") == (
        '{"version":"1.5.2","languages":{"en":{"hash":"en_2","page_count":1},'
        '"ja":{"hash":"ja_1","page_count":10}},"include_characters":["_","‿"]}'
    )
