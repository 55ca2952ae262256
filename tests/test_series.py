"""Series (連載): articles naming one ``series`` are its parts, oldest first, each showing
where it stands; the series has a page listing them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitekit import article, build_site, main_of, read, write_site

from sitegen.errors import SiteError

SERIES = "/series/%E5%A3%B2%E4%B8%8A%E3%82%92%E4%BC%B8%E3%81%B0%E3%81%99%E7%BF%92%E6%85%A3/"


def series_site(tmp_path: Path, config: str = "") -> Path:
    """Three parts of 売上を伸ばす習慣 (one written Hugo's way), and an article outside it."""
    return write_site(
        tmp_path,
        {
            "content/posts/b.md": article(
                "第二回 値決め", "2024-03-12", slug="b", series="売上を伸ばす習慣"
            ),
            "content/posts/a.md": article(
                "第一回 顧客", "2024-03-05", slug="a", series="売上を伸ばす習慣"
            ),
            "content/posts/c.md": article(
                "第三回 継続", "2024-03-19", slug="c", series="[売上を伸ばす習慣]"
            ),
            "content/posts/x.md": article("単発の記事", "2024-03-20", slug="x"),
        },
        config=f'title = "t"\nbase_url = "https://example.com/"\n{config}',
    )


def parts_listed(html: str) -> list[str]:
    box = html.split('<nav class="series"', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>.*?</li>", box)]


def test_each_part_shows_its_place_every_part_and_the_next(tmp_path: Path) -> None:
    build_site(series_site(tmp_path))
    second = read(tmp_path, "posts/b/index.html")
    assert (
        f'<p class="article__series"><a href="{SERIES}">連載「売上を伸ばす習慣」第2回（全3回）</a></p>'
        in second
    )
    assert parts_listed(second) == ["第一回 顧客", "第二回 値決め", "第三回 継続"]
    assert '<li class="series__current" aria-current="page">第二回 値決め</li>' in second
    assert '<p class="series__next">次回: <a href="/posts/c/">第三回 継続</a></p>' in second
    last = read(tmp_path, "posts/c/index.html")
    assert "第3回（全3回）" in last and "series__next" not in last
    data = json.loads(second.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "売上を伸ばす習慣",
        "url": f"https://example.com{SERIES}",
    }
    assert "article__series" not in read(tmp_path, "posts/x/index.html")
    assert 'class="series"' not in read(tmp_path, "posts/x/index.html")


def test_the_series_page_lists_the_parts_oldest_first_and_is_in_the_sitemap(tmp_path: Path) -> None:
    build_site(series_site(tmp_path))
    page = main_of(read(tmp_path, "series/売上を伸ばす習慣/index.html"))
    assert (
        '<h1 class="page-title">連載「売上を伸ばす習慣」 <span class="page-title__count">全3回</span></h1>'
        in page
    )
    titles = re.findall(r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', page)
    assert titles == ["第一回 顧客", "第二回 値決め", "第三回 継続"]
    assert f"<loc>https://example.com{SERIES}</loc>" in read(tmp_path, "sitemap.xml")


def test_a_draft_part_is_left_out_until_it_is_published(tmp_path: Path) -> None:
    site = series_site(tmp_path)
    (site / "content/posts/d.md").write_text(
        article("第四回 下書き", "2024-03-26", slug="d", series="売上を伸ばす習慣", draft="true"),
        "utf-8",
    )
    build_site(site)
    assert "第3回（全3回）" in read(tmp_path, "posts/c/index.html")
    build_site(site, drafts=True)
    assert parts_listed(read(tmp_path, "posts/c/index.html"))[-1] == "第四回 下書き"
    assert "第3回（全4回）" in read(tmp_path, "posts/c/index.html")


def test_an_english_site_says_part_n_of_total(tmp_path: Path) -> None:
    config = 'language = "en"\n[tag_slugs]\n"売上を伸ばす習慣" = "habits"\n'
    assert build_site(series_site(tmp_path, config)).warnings == []  # [tag_slugs] names it
    second = read(tmp_path, "posts/b/index.html")
    assert '<a href="/series/habits/">Part 2 of 3 of the series “売上を伸ばす習慣”</a>' in second
    assert "Next part: " in second
    assert "Series: 売上を伸ばす習慣" in read(tmp_path, "series/habits/index.html")
    assert '<span class="page-title__count">3 parts</span>' in read(
        tmp_path, "series/habits/index.html"
    )
    for name in ("b", "c"):  # one part left: its count says so in the singular
        (tmp_path / f"content/posts/{name}.md").unlink()
    build_site(tmp_path)
    assert '<span class="page-title__count">1 part</span>' in read(
        tmp_path, "series/habits/index.html"
    )


@pytest.mark.parametrize(
    ("path", "line", "message"),
    [
        (
            "content/posts/a.md",
            "series: [一, 二]",
            "series: must be the name of one series, not ['一', '二']",
        ),
        ("content/posts/a.md", "series: ''", "series: must be the name of one series, not ''"),
        (
            "content/posts/a.md",
            "series: '..'",
            "series: the URL name of the series '..' must not be empty",
        ),
        ("content/about.md", "series: 連載", "series: a page cannot be a part of a series"),
    ],
)
def test_a_series_that_cannot_be_is_an_error_at_its_line(
    tmp_path: Path, path: str, line: str, message: str
) -> None:
    write_site(tmp_path, {path: f"---\ntitle: 記事\ndate: 2024-03-12\n{line}\n---\n\n本文。\n"})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.message) == (path, 4, message)


def test_the_index_of_series_lists_each_with_its_count_and_links_from_each(tmp_path: Path) -> None:
    site = series_site(tmp_path)
    other = article("別の連載の初回", "2024-02-01", slug="y", series="資金繰り入門")
    (site / "content/posts/y.md").write_text(other, "utf-8")
    build_site(site)
    index = main_of(read(tmp_path, "series/index.html"))
    items = [re.sub(r"<[^>]+>", "", item).split() for item in re.findall(r"<li>.*?</li>", index)]
    assert items == [
        ["連載「売上を伸ばす習慣」", "全3回", "2024年3月5日"],
        ["連載「資金繰り入門」", "全1回", "2024年2月1日"],
    ]
    assert '<a href="/series/">連載一覧</a>' in read(tmp_path, "series/売上を伸ばす習慣/index.html")
    assert "<loc>https://example.com/series/</loc>" in read(tmp_path, "sitemap.xml")


def test_a_site_without_series_has_no_index_of_them(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("単発", slug="a")})
    build_site(tmp_path)
    assert not (tmp_path / "public/series").exists()
    assert "/series/" not in read(tmp_path, "sitemap.xml")
