"""Share links under each article ([share] services): the networks' own share pages."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sitekit import MINIMAL_CONFIG, article, build_site, read, write_site

from sitegen.config import parse_config
from sitegen.errors import SiteError

TITLE = "値上げ & 顧客 #1"  # characters a URL must escape
ARTICLE_URL = "https://example.com/posts/price/"
LINK = re.compile(
    r'<a class="share__link share__link--(\w+)" href="([^"]+)" target="_blank" rel="noopener noreferrer">([^<]+)</a>'
)


def links(root: Path, config: str) -> list[tuple[str, str, str]]:
    """(service, href, label) of each share link of the article ``posts/price``."""
    files = {
        "content/posts/price.md": article(f'"{TITLE}"', slug="price"),
        "content/about.md": "---\ntitle: 自己紹介\n---\n本文。\n",
    }
    build_site(write_site(root, files, config))
    assert 'class="share"' not in read(root, "about/index.html")  # pages are not shared
    html = read(root, "posts/price/index.html").replace("&amp;", "&")
    return [(service, href, label) for service, href, label in LINK.findall(html)]


def test_an_article_offers_the_four_networks_of_japanese_blogs(tmp_path: Path) -> None:
    found = links(tmp_path, MINIMAL_CONFIG)
    assert [(service, label) for service, _, label in found] == [
        ("x", "X"), ("hatena", "はてなブックマーク"), ("facebook", "Facebook"), ("line", "LINE"),
    ]  # fmt: skip
    queries = {service: parse_qs(urlsplit(href).query) for service, href, _ in found}
    assert queries["x"] == {"text": [TITLE], "url": [ARTICLE_URL]}
    assert queries["hatena"] == {"mode": ["confirm"], "url": [ARTICLE_URL], "title": [TITLE]}
    assert queries["facebook"] == {"u": [ARTICLE_URL]}
    assert queries["line"] == {"url": [ARTICLE_URL]}
    assert urlsplit(found[1][1]).netloc == "b.hatena.ne.jp"


def test_an_english_site_offers_the_networks_of_english_readers(tmp_path: Path) -> None:
    found = links(tmp_path / "set", MINIMAL_CONFIG + 'language = "en"\n')
    assert [(service, label) for service, _, label in found] == [
        ("x", "X"), ("linkedin", "LinkedIn"), ("facebook", "Facebook"), ("bluesky", "Bluesky"),
    ]  # fmt: skip
    # A [share] table without services is no choice either; the site's own list is kept.
    found = links(tmp_path / "table", MINIMAL_CONFIG + 'language = "en"\n[share]\n')
    assert [service for service, _, _ in found] == ["x", "linkedin", "facebook", "bluesky"]
    japanese = (
        MINIMAL_CONFIG
        + 'language = "en"\n[share]\nservices = ["x", "hatena", "facebook", "line"]\n'
    )
    assert [service for service, _, _ in links(tmp_path / "own", japanese)] == [
        "x", "hatena", "facebook", "line",
    ]  # fmt: skip


def test_the_site_picks_and_orders_the_networks(tmp_path: Path) -> None:
    config = (
        MINIMAL_CONFIG + 'language = "en"\n[share]\nservices = ["linkedin", "bluesky", "hatena"]\n'
    )
    found = links(tmp_path, config)
    assert [(service, label) for service, _, label in found] == [
        ("linkedin", "LinkedIn"), ("bluesky", "Bluesky"), ("hatena", "Hatena Bookmark"),
    ]  # fmt: skip
    assert parse_qs(urlsplit(found[1][1]).query) == {"text": [f"{TITLE} {ARTICLE_URL}"]}


@pytest.mark.parametrize(
    "config",
    [MINIMAL_CONFIG + "[share]\nservices = []\n", 'title = "t"\n'],
    ids=["none chosen", "no base_url"],
)
def test_no_links_when_none_are_chosen_or_the_address_is_unknown(
    tmp_path: Path, config: str
) -> None:
    assert links(tmp_path, config) == []
    assert 'class="share"' not in read(tmp_path, "posts/price/index.html")


@pytest.mark.parametrize(
    ("services", "message"),
    [
        ('["x", "twitter"]', "unknown service 'twitter': choose from x, hatena, facebook, line"),
        ('["line", "line"]', "a service is named twice"),
    ],
)
def test_an_unknown_or_repeated_network_is_an_error_at_its_line(
    services: str, message: str
) -> None:
    with pytest.raises(SiteError) as caught:
        parse_config(f'title = "t"\n[share]\nservices = {services}\n')
    [problem] = caught.value.problems
    assert problem.line == 3
    assert problem.message.startswith(f"share.services: {message}")
