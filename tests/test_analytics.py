"""Page-view counting ([analytics] google) and ads ([ads] adsense): on every page of a
published build, never in the preview, and a wrong ID is an error at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import MINIMAL_CONFIG, article, build_site, write_site

from sitegen.config import parse_config
from sitegen.errors import SiteError

ANALYTICS = MINIMAL_CONFIG + '[analytics]\ngoogle = "G-TEST12345"\n'
TAG = '<script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST12345"></script>'


def site(root: Path, config: str = ANALYTICS) -> Path:
    files = {
        "content/posts/a.md": article("記事", tags="[経営]", aliases="/old/"),
        "content/about.md": "---\ntitle: 自己紹介\n---\n本文。\n",
    }
    return write_site(root, files, config)


def pages(root: Path) -> dict[str, str]:
    public = root / "public"
    return {p.relative_to(public).as_posix(): p.read_text("utf-8") for p in public.rglob("*.html")}


def test_every_page_of_a_published_build_counts_views(tmp_path: Path) -> None:
    build_site(site(tmp_path))
    built = pages(tmp_path)
    shown = {
        "index.html",
        "posts/a/index.html",
        "about/index.html",
        "tags/経営/index.html",
        "404.html",
    }
    assert shown <= built.keys()
    for path, html in built.items():
        head = html[: html.index("</head>")]
        if path == "old/index.html":  # an old address: it sends the reader on at once
            assert "googletagmanager" not in html
        else:
            assert head.count(TAG) == 1, path
            assert 'gtag("config", "G-TEST12345");' in head, path
    assert "googletagmanager" not in (tmp_path / "public/atom.xml").read_text("utf-8")


def test_no_page_counts_views_without_an_id_or_in_the_preview(tmp_path: Path) -> None:
    build_site(site(tmp_path / "plain", MINIMAL_CONFIG))
    build_site(site(tmp_path / "preview"), preview=True)
    for root in (tmp_path / "plain", tmp_path / "preview"):
        built = pages(root)
        assert built and not any("googletagmanager" in html for html in built.values())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("UA-12345-1", "Universal Analytics (UA-…) stopped in 2024"),
        ("g-test12345", "must be a Google Analytics 4 measurement ID like 'G-ABC123DEF4'"),
        ('G-1"};alert(1)//', "must be a Google Analytics 4 measurement ID"),
    ],
)
def test_a_wrong_id_is_an_error_at_its_line(value: str, message: str) -> None:
    text = f"title = 't'\n\n[analytics]\ngoogle = '{value}'\n"  # TOML literal strings
    with pytest.raises(SiteError) as caught:
        parse_config(text)
    [problem] = caught.value.problems
    assert problem.line == 4
    assert problem.message.startswith(f"analytics.google: {message}")


ADS = MINIMAL_CONFIG + '[ads]\nadsense = "ca-pub-1234567890123456"\n'
ADS_SCRIPT = (
    '<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js'
    '?client=ca-pub-1234567890123456" crossorigin="anonymous"></script>'
)


def test_adsense_runs_on_every_page_and_ads_txt_names_the_seller(tmp_path: Path) -> None:
    build_site(site(tmp_path, ADS))
    for path, html in pages(tmp_path).items():
        if path != "old/index.html":
            assert html[: html.index("</head>")].count(ADS_SCRIPT) == 1, path
    ads_txt = (tmp_path / "public/ads.txt").read_text("utf-8")
    assert ads_txt == "google.com, pub-1234567890123456, DIRECT, f08c47fec0942fa0\n"


def test_a_sites_own_ads_txt_is_kept_and_the_preview_shows_no_ads(tmp_path: Path) -> None:
    own = site(tmp_path / "own", ADS)
    (own / "static").mkdir()
    (own / "static/ads.txt").write_text("google.com, pub-1, DIRECT\nother.example, 2, RESELLER\n")
    build_site(own)
    assert (
        own / "public/ads.txt"
    ).read_text() == "google.com, pub-1, DIRECT\nother.example, 2, RESELLER\n"
    preview = site(tmp_path / "preview", ADS)
    build_site(preview, preview=True)  # the writer's own clicks would break AdSense's rules
    assert not any("adsbygoogle" in html for html in pages(preview).values())
    assert not (preview / "public/ads.txt").exists()


def test_an_adsense_id_that_is_not_one_is_an_error_at_its_line() -> None:
    with pytest.raises(SiteError) as caught:
        parse_config('title = "t"\n[ads]\nadsense = "pub-1234"\n')
    assert [str(p) for p in caught.value.problems] == [
        "site.toml:3: ads.adsense: must be an AdSense publisher ID like"
        " 'ca-pub-1234567890123456', not 'pub-1234'"
    ]
