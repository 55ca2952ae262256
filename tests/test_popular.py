"""The sidebar's popular articles (人気記事): the files site.toml names, in its order."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import article, build_site, clean_build, snapshot, write_site

from sitegen.build import Builder, BuildOptions
from sitegen.errors import SiteError

POPULAR = '"content/posts/b.md", "content/about.md", "content/posts/draft.md", "content/posts/a.md"'
SITE = 'title = "t"\nbase_url = "https://example.com/"\n'
CONFIG = SITE + f"popular = [{POPULAR}]\n"
FILES = {
    "content/posts/a.md": article("送料無料の話", slug="a", date="2024-01-01"),
    "content/posts/b.md": article("値上げの話", slug="b", date="2024-02-01"),
    "content/posts/c.md": article("人気のない話", slug="c", date="2024-03-01"),
    "content/posts/draft.md": article("下書きの話", slug="draft", draft="true"),
    "content/about.md": "---\ntitle: 著者について\n---\n\n本文。\n",
}


def sidebar(root: Path, page: str = "posts/c/index.html", output: str = "public") -> str:
    html = (root / output / page).read_text("utf-8")
    return html[html.index('<aside class="sidebar"') :]


def test_the_sidebar_ranks_the_published_ones_in_the_order_given(tmp_path: Path) -> None:
    write_site(tmp_path, FILES, CONFIG)
    assert build_site(tmp_path).warnings == []
    side = sidebar(tmp_path)  # on every page
    assert (
        '<h2 id="widget-popular" class="widget__title">人気記事</h2>\n'
        '  <ol class="widget__list widget__list--ranked">\n'
        '    <li><a href="/posts/b/">値上げの話</a></li>\n'
        '    <li><a href="/about/">著者について</a></li>\n'
        '    <li><a href="/posts/a/">送料無料の話</a></li>\n'
        "  </ol>"
    ) in side  # the draft is left out while it is one
    assert side.index("widget-popular") < side.index("widget-recent")
    assert sidebar(tmp_path, "index.html") == side
    build_site(tmp_path, drafts=True)
    assert '<li><a href="/posts/draft/">下書きの話</a></li>' in sidebar(tmp_path)


def test_in_english_and_absent_when_none_is_named(tmp_path: Path) -> None:
    write_site(tmp_path, FILES, CONFIG + 'language = "en"\n')
    build_site(tmp_path)
    assert '<h2 id="widget-popular" class="widget__title">Popular articles</h2>' in sidebar(
        tmp_path
    )
    write_site(tmp_path, {}, 'title = "t"\n')
    build_site(tmp_path)
    assert "widget-popular" not in sidebar(tmp_path)


def test_a_file_that_is_no_article_is_a_warning_at_its_line(tmp_path: Path) -> None:
    config = SITE + '\npopular = [\n  "content/posts/a.md",\n  "content/posts/gone.md",\n]\n'
    write_site(tmp_path, FILES, config)
    assert [str(w) for w in build_site(tmp_path).warnings] == [
        "site.toml:4: warning: popular: no article or page at 'content/posts/gone.md': left out"
        " of the list (hint: name the Markdown file from the site folder, as `sitegen list`"
        " shows it)"
    ]
    assert '<li><a href="/posts/a/">送料無料の話</a></li>' in sidebar(tmp_path)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '["posts/a.md"]',
            "popular: name each article by its file from the site folder, like"
            " 'content/posts/2024-07-03-free-shipping.md', not 'posts/a.md'",
        ),
        ('["content/posts/a.md", "content/posts/a.md"]', "popular: 'content/posts/a.md' is listed twice"),
    ],
)  # fmt: skip
def test_a_list_that_cannot_be_right_is_an_error_at_its_line(
    tmp_path: Path, value: str, message: str
) -> None:
    write_site(tmp_path, FILES, f'title = "t"\npopular = {value}\n')
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [f"site.toml:2: {message}"]


def test_a_builder_that_lives_on_follows_the_list_and_the_titles(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, CONFIG)
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()

    def same_as_a_clean_build() -> None:
        assert snapshot(tmp_path / "out") == clean_build(site, tmp_path / "clean")

    write_site(site, {}, 'title = "t"\npopular = ["content/posts/c.md", "content/posts/b.md"]\n')
    builder.build({"site.toml"})
    side = sidebar(tmp_path, "posts/a/index.html", output="out")
    assert side.index("人気のない話") < side.index("値上げの話") < side.index("widget-recent")
    same_as_a_clean_build()
    write_site(
        site, {"content/posts/b.md": article("値上げの本当の話", slug="b", date="2024-02-01")}
    )
    builder.build({"content/posts/b.md"})
    assert "値上げの本当の話" in sidebar(tmp_path, "posts/a/index.html", output="out")
    same_as_a_clean_build()
