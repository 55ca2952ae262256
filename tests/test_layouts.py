"""An article's own template: front matter ``layout`` (Hugo, Jekyll) or ``template`` (Pelican)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import REPO, article, build_site, main_of, read, snapshot, write_site

from sitegen import pagewriter
from sitegen.build import Builder, BuildOptions, build
from sitegen.errors import SiteError
from sitegen.render import LIST_TEMPLATES, plan, render_page

LANDING = (
    '{% extends "base.html" %}\n'
    '{% block content %}<section class="landing"><h1>{{ article.title }}</h1>'
    "{{ article.html | safe }}</section>{% endblock %}\n"
)


def test_an_article_or_page_may_name_its_own_template(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/lp.md": article("無料相談のご案内", slug="lp", layout="landing"),
            "content/posts/plain.md": article("ふつうの記事", slug="plain"),
            "content/about.md": "---\ntitle: 自己紹介\ntemplate: wide.html\n---\n\n経歴。\n",
            "theme/templates/landing.html": LANDING,
            "theme/templates/wide.html": '{% extends "builtin/page.html" %}'
            '{% block head %}<meta name="layout" content="wide">{% endblock %}',
        },
    )
    build_site(tmp_path)
    landing = main_of(read(tmp_path, "posts/lp/index.html"))
    assert (
        '<section class="landing"><h1>無料相談のご案内</h1><p>本文です。</p></section>' in landing
    )
    assert 'class="landing"' not in read(tmp_path, "posts/plain/index.html")  # article.html
    about = read(tmp_path, "about/index.html")
    assert '<meta name="layout" content="wide">' in about and "経歴。" in about


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("layout: landing", "layout: the theme has no template 'landing.html'"),
        ("template: lp/wide", "template: the theme has no template 'lp/wide.html'"),
        ("layout: ../base", "layout: must name a template of the theme, not '../base'"),
        ("layout: キャンペーン", "layout: must name a template of the theme, not 'キャンペーン'"),
        ("layout: [a]", "layout: must be text, not ['a']"),
        ("layout: tag", "layout: 'tag.html' is the template of another kind of page"),
        ("template: base", "template: 'base.html' is the template of another kind of page"),
        (
            "layout: partials/share",
            "layout: 'partials/share.html' is a part of pages, not a page's template",
        ),
    ],
)
def test_a_template_the_theme_lacks_or_cannot_have_is_an_error_at_its_line(
    tmp_path: Path, line: str, message: str
) -> None:
    text = f"---\ntitle: 案内\ndate: 2024-03-12\n{line}\n---\n\n本文。\n"
    write_site(tmp_path, {"content/posts/a.md": text})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.message) == ("content/posts/a.md", 4, message)
    assert not (tmp_path / "public").exists()


def test_a_missing_template_of_an_article_not_yet_published_is_a_warning_now(
    tmp_path: Path,
) -> None:
    # Scheduled for later, it would fail the build of its day: that build may run alone.
    later = "---\ntitle: 予約\ndate: 2999-01-01\nlayout: landing\n---\n\n本文。\n"
    draft = "---\ntitle: 下書き\ndate: 2024-03-12\ndraft: true\nlayout: tag\n---\n"
    write_site(tmp_path, {"content/posts/a.md": later, "content/posts/b.md": draft})
    result = build_site(tmp_path, base_url="https://e.jp/")
    assert [str(w) for w in result.warnings] == [
        "content/posts/a.md:4: warning: layout: the theme has no template 'landing.html': the"
        " build that publishes it will fail (hint: add theme/templates/landing.html; it sees"
        " what article.html sees)",
        "content/posts/b.md:5: warning: layout: 'tag.html' is the template of another kind of"
        " page: the build that publishes it will fail (hint: name a template for one article;"
        " it may extend article.html)",
    ]
    with pytest.raises(SiteError, match=r"a\.md:4: layout: the theme has no template"):
        build_site(tmp_path, future=True)


def test_a_template_error_only_a_scheduled_articles_page_reaches_is_a_warning_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rendered, not written: the build of its day (serve's, when the clock reaches it,
    # or a scheduled publish) would fail on it, so check and build tell it before then.
    later = "---\ntitle: 予約\ndate: 2999-01-10\nlayout: landing\n---\n\n本文。\n"
    draft = "---\ntitle: 下書き\ndate: 2024-03-12\ndraft: true\nlayout: landing\n---\n"
    landing = (
        '{% extends "builtin/article.html" %}\n{% block content %}{{ article.titl }}{% endblock %}'
    )
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("公開済み"),
            "content/posts/lp.md": later,
            "content/posts/draft.md": draft,  # still being written: not until --drafts
            "theme/templates/landing.html": landing,
        },
    )
    expected = [
        "theme/templates/landing.html:2: warning: template error: the article "
        "content/posts/lp.md has no field 'titl'; rendering /posts/lp/ (content/posts/lp.md): "
        "the build that publishes it will fail (hint: did you mean 'title'?)"
    ]
    for write in (True, False):  # build, check
        result = build_site(tmp_path, base_url="https://e.jp/", write=write)
        assert [str(w) for w in result.warnings] == expected
    assert not (tmp_path / "public/posts/lp").exists()
    with pytest.raises(SiteError, match=r"titl.*: the build that publishes it will fail"):
        build_site(tmp_path, base_url="https://e.jp/", strict=True)
    with pytest.raises(SiteError, match=r"landing\.html:2: template error: .* 'titl'"):
        build_site(tmp_path, base_url="https://e.jp/", future=True)
    # Mended, it is told no more; and rendered again only when its page would change.
    (tmp_path / "theme/templates/landing.html").write_text(landing.replace("titl", "title"))
    rendered: list[str] = []
    monkeypatch.setattr(
        pagewriter,
        "render_page",
        lambda *given: rendered.append(given[2].output) or render_page(*given),
    )
    check = Builder(tmp_path, BuildOptions(base_url="https://e.jp/", write=False))
    lp = "posts/lp/index.html"
    assert check.build().warnings == [] and lp in rendered
    rendered.clear()
    assert check.build().warnings == [] and lp not in rendered  # the same page: not again
    (tmp_path / "content/posts/lp.md").write_text(later.replace("本文", "新しい本文"))
    assert check.build({"content/posts/lp.md"}).warnings == [] and lp in rendered


def test_jekyll_layouts_of_every_post_and_page_mean_the_usual_templates(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("移行した記事", slug="a", layout="post"),
            "content/posts/b.md": article("既定の記事", slug="b", layout="default"),
            "content/about.md": "---\ntitle: 自己紹介\nlayout: page\n---\n\n経歴。\n",
        },
    )
    assert build_site(tmp_path).warnings == []
    for path in ("posts/a/index.html", "posts/b/index.html"):
        assert '<article class="article"' in read(tmp_path, path)  # article.html's
    assert '<article class="article article--page"' in read(tmp_path, "about/index.html")


def test_a_template_added_to_the_theme_later_mends_the_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/lp.md": article("案内", layout="landing")})
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    with pytest.raises(SiteError):
        builder.build()
    (site / "theme/templates").mkdir(parents=True)
    (site / "theme/templates/landing.html").write_text(LANDING, "utf-8")
    builder.build({"theme/templates/landing.html"})
    assert 'class="landing"' in (tmp_path / "out/posts/lp/index.html").read_text("utf-8")
    assert snapshot(tmp_path / "out") == snapshot(build(site, BuildOptions(search=False)).output)


def test_the_list_templates_are_the_built_in_themes_other_pages(tmp_path: Path) -> None:
    """LIST_TEMPLATES names every template the build renders no article with."""
    result = build(REPO, BuildOptions(output=tmp_path / "out", search=False))
    used = {job.template for job in plan(result.site) if job.template.endswith(".html")}
    assert used - {"article.html", "page.html"} <= LIST_TEMPLATES
    assert {"tag.html", "index.html", "404.html", "archives.html"} <= used


def test_a_mistyped_layout_is_told_the_nearest_one_the_theme_has(tmp_path: Path) -> None:
    text = "---\ntitle: 案内\ndate: 2024-03-12\nlayout: lp/wid\n---\n\n本文。\n"
    write_site(
        tmp_path,
        {
            "content/posts/a.md": text,
            "theme/templates/lp/wide.html": '{% extends "article.html" %}',
            "theme/templates/partials/wider.html": "",  # a part, never a layout
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/posts/a.md:4: layout: the theme has no template 'lp/wid.html' "
        "(hint: did you mean 'lp/wide'?)"
    ]
