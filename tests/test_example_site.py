"""The repository's own example blog builds cleanly and uses what it demonstrates."""

from __future__ import annotations

from pathlib import Path

from sitekit import REPO, snapshot

from sitegen.build import BuildOptions, build


def test_example_blog_builds_with_no_warnings(tmp_path: Path) -> None:
    result = build(REPO, BuildOptions(output=tmp_path / "public"))
    assert [str(w) for w in result.warnings] == []
    assert len(result.site.articles) >= 8
    assert len(result.site.tags) >= 4
    assert any(page.url == "/about/" for page in result.site.pages)
    assert all(a.tags for a in result.site.articles)
    assert not any(a.draft for a in result.site.articles)


def test_example_blog_is_byte_identical_across_builds(tmp_path: Path) -> None:
    build(REPO, BuildOptions(output=tmp_path / "one"))
    build(REPO, BuildOptions(output=tmp_path / "two"))
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
