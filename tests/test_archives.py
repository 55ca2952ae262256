"""Archives by year and month: the grouping, and the pages that list them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from sitekit import article, build_site, main_of, read, write_site

from sitegen.archives import archive_years, recent_months
from sitegen.model import Article
from sitegen.taxonomy import newest_first

TOKYO = ZoneInfo("Asia/Tokyo")


def post(source: str, date: dt.datetime, updated: dt.datetime | None = None) -> Article:
    return Article(
        source=source, kind="article", title=source, slug=source, url=f"/posts/{source}/",
        output=f"posts/{source}/index.html", date=date, updated=updated, tags=(), summary="",
        html="", toc=(), reading_minutes=1, draft=False,
    )  # fmt: skip


def test_articles_group_by_the_year_and_month_of_their_own_date() -> None:
    articles = [
        post("a", dt.datetime(2009, 8, 1, tzinfo=TOKYO)),
        post(
            "b",
            dt.datetime(2009, 8, 31, 23, 30, tzinfo=TOKYO),
            dt.datetime(2010, 2, 1, tzinfo=TOKYO),
        ),
        # 2009-09-01 in Tokyo, still August 31 in UTC: grouped as written.
        post("c", dt.datetime(2009, 9, 1, 0, 30, tzinfo=TOKYO)),
        post("d", dt.datetime(2008, 12, 24, tzinfo=dt.UTC)),
    ]
    years = archive_years(newest_first(articles), "/blog")  # as the site lists them
    assert [(y.year, y.url, y.output, y.count) for y in years] == [
        (2009, "/blog/archives/2009/", "archives/2009/index.html", 3),
        (2008, "/blog/archives/2008/", "archives/2008/index.html", 1),
    ]
    months = [(m.month, m.url, [a.title for a in m.articles]) for m in years[0].months]
    assert months == [
        (9, "/blog/archives/2009/09/", ["c"]),
        (8, "/blog/archives/2009/08/", ["b", "a"]),
    ]
    assert years[0].months[1].lastmod == dt.datetime(2010, 2, 1, tzinfo=TOKYO)  # b's update
    sidebar = recent_months(years, count=2)
    assert [(m.year, m.month, m.count) for m in sidebar] == [(2009, 9, 1), (2009, 8, 2)]


def titles(html: str) -> list[str]:
    """The article titles an archive page lists, in order."""
    return re.findall(r'</time> <a href="[^"]+">([^<]+)</a>', main_of(html))


def test_archive_pages_list_the_right_articles(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("八月の記事", "2009-08-05"),
            "content/posts/b.md": article("八月末の記事", "2009-08-31 22:00"),
            "content/posts/c.md": article("九月の記事", "2009-09-10"),
            "content/posts/d.md": article("翌年の記事", "2010-01-02"),
            "content/posts/e.md": article("下書き", "2009-08-20", draft="true"),
        },
    )
    build_site(tmp_path)
    assert titles(read(tmp_path, "archives/2009/08/index.html")) == ["八月末の記事", "八月の記事"]
    assert titles(read(tmp_path, "archives/2009/09/index.html")) == ["九月の記事"]
    year = read(tmp_path, "archives/2009/index.html")
    assert titles(year) == ["九月の記事", "八月末の記事", "八月の記事"]
    assert "<title>2009年の記事 | テストブログ</title>" in year
    assert (
        '<a href="/archives/2009/08/">2009年8月</a> <span class="page-title__count">2件</span>'
        in year
    )
    month = read(tmp_path, "archives/2009/08/index.html")
    assert '<h1 class="page-title">2009年8月の記事</h1>' in month
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', month, re.S)
    assert trail is not None  # home, the archives, the year, the month
    assert re.findall(
        r'<a itemprop="item" href="([^"]+)"><span itemprop="name">([^<]+)<', trail[0]
    ) == [("/", "ホーム"), ("/archives/", "アーカイブ"), ("/archives/2009/", "2009年")]
    assert '<span itemprop="name" aria-current="page">2009年8月</span>' in trail[0]
    index = main_of(read(tmp_path, "archives/index.html"))
    assert re.findall(r'<a href="(/archives/[^"]+)">', index) == [
        "/archives/2010/", "/archives/2010/01/",
        "/archives/2009/", "/archives/2009/09/", "/archives/2009/08/",
    ]  # fmt: skip
    assert not (tmp_path / "public/archives/2008").exists()


def test_archives_are_linked_from_the_navigation_and_the_sidebar(tmp_path: Path) -> None:
    posts = {
        f"content/posts/{n:02}.md": article(f"記事{n}", f"{2000 + n // 12}-{n % 12 + 1:02}-01")
        for n in range(14)
    }
    write_site(tmp_path, posts)
    build_site(tmp_path)
    home = read(tmp_path, "index.html")
    assert '<li><a href="/archives/">アーカイブ</a></li>' in home
    sidebar = home[home.index('id="widget-archives"') :]
    months = re.findall(r'<li><a href="/archives/(\d+/\d+)/">([^<]+)</a>', sidebar)
    assert len(months) == 12  # the newest twelve, then a link to all
    assert months[0] == ("2001/02", "2001年2月") and months[-1] == ("2000/03", "2000年3月")
    assert '<a href="/archives/">すべてのアーカイブ</a>' in sidebar


def test_english_archives_name_the_month_and_count_in_words(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("Hello", "2009-03-05", tags="[notes]"),
            "content/posts/b.md": article("Again", "2009-04-05", tags="[notes]"),
        },
        'title = "Blog"\nlanguage = "en"\ntimezone = "UTC"\n',
    )
    build_site(tmp_path)
    month = read(tmp_path, "archives/2009/03/index.html")
    assert "<title>Articles from March 2009 | Blog</title>" in month
    # A count is read out with its unit, "1 article", never a bare "2009 1".
    counts = re.findall(r'__count">([^<]*)<', main_of(read(tmp_path, "archives/index.html")))
    assert counts == ["2 articles", "1 article", "1 article"]
    assert '<span class="page-title__count">2 articles</span>' in read(
        tmp_path, "tags/notes/index.html"
    )
