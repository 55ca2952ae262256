"""The repository's own example blog builds cleanly and uses what it demonstrates."""

from __future__ import annotations

from pathlib import Path

from sitekit import REPO, main_of, snapshot

from sitegen.build import BuildOptions, build
from sitegen.images import favicon


def test_example_blog_builds_with_no_warnings(tmp_path: Path) -> None:
    result = build(REPO, BuildOptions(output=tmp_path / "public"))
    assert [str(w) for w in result.warnings] == []
    assert len(result.site.articles) >= 8
    assert len(result.site.tags) >= 4
    assert any(page.url == "/about/" for page in result.site.pages)
    assert all(a.tags for a in result.site.articles)
    assert not any(a.draft for a in result.site.articles)
    assert (tmp_path / "public/favicon.ico").read_bytes() == favicon()  # no 404 on a first visit


def test_example_blog_is_byte_identical_across_builds(tmp_path: Path) -> None:
    build(REPO, BuildOptions(output=tmp_path / "one"))
    build(REPO, BuildOptions(output=tmp_path / "two"))
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_example_blog_quotes_its_sources_and_shows_rankings(tmp_path: Path) -> None:
    result = build(REPO, BuildOptions(output=tmp_path))
    quoting = [a for a in result.site.articles if a.sources]
    assert len(quoting) >= 3
    assert all(a.rankings for a in result.site.articles)
    apology = main_of((tmp_path / "posts/minato-apology/index.html").read_text("utf-8"))
    assert apology.count('<figure class="quote"') == 2
    assert "<figcaption>引用: 2024年3月11日 <a href=" in apology
    assert "<figcaption>引用: 2024年3月12日 <a href=" in apology
    publishers = {s.publisher for a in quoting if a.slug == "minato-apology" for s in a.sources}
    assert len(publishers) == 2
    assert apology.count("★") == 6  # three rankings, above and below


def test_example_blog_places_its_calculators_and_a_shared_one_twice(tmp_path: Path) -> None:
    result = build(REPO, BuildOptions(output=tmp_path))
    placed = {
        article.slug: [(p.calculator.id, p.widget_id) for p in article.calculators]
        for article in result.site.articles
        if article.calculators
    }
    assert placed == {
        "minato-apology": [("apology", "calc-apology")],
        "three-levers": [("sales", "calc-sales")],
        "repeat-customers": [("ltv", "calc-ltv")],
        "price-increase": [("price-hike", "calc-price-hike")],
        "free-shipping": [("shipping", "calc-shipping"), ("price-hike", "calc-price-hike")],
        "meeting-cost": [("meeting", "calc-meeting")],
        "meeting-cost-en": [("meeting-en", "calc-meeting-en")],
    }
    apology = (tmp_path / "posts/minato-apology/index.html").read_text("utf-8")
    assert 'data-output="total">1億1,840万円</output>' in apology
