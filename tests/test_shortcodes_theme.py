"""The theme's own shortcodes: theme/templates/shortcodes/NAME.html makes {{< NAME >}}."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitekit import article, build_site, read, run_cli, write_site

from sitegen.build import Builder, BuildOptions
from sitegen.config import MarkdownConfig
from sitegen.errors import SiteError
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered

CONFIG = 'title = "テストブログ"\nbase_url = "https://example.com/"\n'
NOTE = "<p class=note>{{ positional[0] }}|{{ args.kind }}|{{ args.missing }}|{{ name }}</p>\n"
BOX = (
    '<aside class="box"><b>{{ args.title }}</b>{{ inner }}'
    "<i>{{ article.title }} {{ t('read_more') }} {{ site.config.title }}</i></aside>\n"
)


def render(body: str, shortcodes: dict[str, bool], unsafe_html: bool = False) -> Rendered:
    options = MarkupOptions(MarkdownConfig(unsafe_html=unsafe_html), shortcodes=shortcodes)
    return MarkdownRenderer(options).render(body, path="content/posts/a.md", first_line=5)


def messages(rendered: Rendered) -> list[str]:
    return [f"{p.line}: {p.severity}: {p.message}" for p in rendered.problems]


# -- reading: placeholders, with the pair's Markdown converted as the body's --------------


def test_a_shortcode_of_the_themes_is_a_placeholder_with_its_arguments() -> None:
    result = render('前文。\n\n{{< note "a b" kind=warn >}}\n\n後文。', {"note": False})
    assert result.html == "<p>前文。</p>\n<!--sitegen-shortcode:0-->\n<p>後文。</p>"
    [placed] = result.shortcodes
    assert (placed.name, placed.positional, placed.named) == ("note", ("a b",), (("kind", "warn"),))
    assert (placed.line, placed.paired) == (7, False)
    assert result.problems == ()


def test_a_pairs_markdown_is_converted_as_the_bodys_and_left_out_of_the_summary() -> None:
    body = (
        "前文。\n\n{{< box >}}\n中の**太字**と[次](b.md)。\n\n<b>生</b>\n\n"
        "{{< box >}}\n入れ子\n{{< /box >}}\n{{< /box >}}\n\n一段落目。\n\n二段落目。"
    )
    result = render(body, {"box": True})
    assert result.html == (
        "<p>前文。</p>\n<!--sitegen-shortcode:0-->\n"
        '<p>中の<strong>太字</strong>と<a href="\x02sitegen-link:0\x03">次</a>。</p>\n'
        "<p><!-- raw HTML omitted -->生<!-- raw HTML omitted --></p>\n"
        "<!--sitegen-shortcode:1-->\n<p>入れ子</p>\n<!--/sitegen-shortcode:1-->\n"
        "<!--/sitegen-shortcode:0-->\n<p>一段落目。</p>\n<p>二段落目。</p>"
    )
    assert [(link.target, link.line) for link in result.links] == [("content/posts/b.md", 8)]
    assert [p.line for p in result.shortcodes] == [7, 12]
    assert "太字" not in result.summary_text + result.plain_text
    assert "一段落目" in result.summary_text and "太字" in result.full_text
    assert "raw HTML" in messages(result)[0]  # told as in the body
    kept = render(body, {"box": True}, unsafe_html=True)
    assert "<p><b>生</b></p>" in kept.html


def test_a_pair_may_open_on_a_heading_and_close_after_a_line_of_text() -> None:
    """Each marker is on a line of its own, with no blank line around it."""
    result = render("{{< box >}}\n### ポイント\n\n段落\n{{< /box >}}\n\n後文。", {"box": True})
    assert result.problems == ()
    assert result.html.replace('<a class="headerlink"', "<a").startswith(
        "<!--sitegen-shortcode:0-->\n"
    )
    assert "<!--/sitegen-shortcode:0-->\n<p>後文。</p>" in result.html
    assert "ポイント</h3>" in result.html and "<p>段落</p>" in result.html


def test_mistakes_in_writing_a_shortcode_of_the_themes_are_told_at_their_line() -> None:
    body = (
        "{{< box >}}\n閉じない\n\n"  # 5
        "文中の{{< note >}}です。\n\n"  # 8
        "{{< /note >}}\n\n"  # 10
        "{{< /box2 >}}\n\n"  # 12
        "{{< boxx >}}\n"  # 14
    )
    result = render(body, {"box": True, "box2": True, "note": False})
    assert messages(result) == [
        "5: error: box: no {{< /box >}} closes {{< box >}}",
        "14: warning: unknown shortcode 'boxx', shown as text: {{< boxx >}}",
        "8: error: note marker not on a line of its own or malformed: '{{< note >}}'",
        "10: error: {{< /note >}}: note is not written in pairs (its template shows no inner)",
        "12: error: {{< /box2 >}} closes no {{< box2 >}}",
    ]
    assert "did you mean 'box'" in result.problems[1].hint


# -- building: the template renders it -------------------------------------------------


def site_with(tmp_path: Path, body: str, **templates: str) -> Path:
    files = {
        "content/posts/a.md": article("記事A", "2024-03-12", body),
        "content/posts/b.md": article("記事B", "2024-03-11", "Bの本文。"),
        **{f"theme/templates/shortcodes/{n}.html": t for n, t in templates.items()},
    }
    return write_site(tmp_path / "site", files, config=CONFIG)


BODY = (
    "前文。\n\n{{< note \"<x>\" kind='&' >}}\n\n"
    '{{< box title="<注意>" >}}\n中の**太字**と[B](b.md)。\n{{< /box >}}\n\n後文。'
)


def test_the_template_gets_the_arguments_escaped_the_inner_html_and_the_page(
    tmp_path: Path,
) -> None:
    site = site_with(tmp_path, BODY, note=NOTE, box=BOX)
    build_site(site)
    page = read(site, "posts/a/index.html")
    assert "<p class=note>&lt;x&gt;|&#39;&amp;&#39;||note</p>" in page
    assert (
        '<aside class="box"><b>&lt;注意&gt;</b><p>中の<strong>太字</strong>と'
        '<a href="/posts/b/">B</a>。</p><i>記事A 続きを読む テストブログ</i></aside>'
    ) in page
    assert "sitegen-shortcode" not in page


def test_a_feed_shows_what_the_page_shows_and_the_summary_leaves_it_out(tmp_path: Path) -> None:
    site = site_with(tmp_path, BODY, note=NOTE, box=BOX)
    build_site(site)
    feed = read(site, "atom.xml")
    assert "&lt;p class=note&gt;&amp;lt;x&amp;gt;" in feed
    assert "https://example.com/posts/b/" in feed and "sitegen-shortcode" not in feed
    assert "<summary>前文。後文。</summary>" in feed


def test_a_template_error_names_the_template_its_line_and_the_shortcodes_place(
    tmp_path: Path,
) -> None:
    site = site_with(tmp_path, BODY, note="<p>\n{{ args.kind.nothing.here }}</p>", box=BOX)
    with pytest.raises(SiteError) as raised:
        build_site(site)
    assert str(raised.value.problems[0]).startswith(
        "theme/templates/shortcodes/note.html:2: template error: "
    )
    assert "rendering {{< note >}} of content/posts/a.md:8 on /posts/a/" in str(raised.value)
    # check renders every page too
    checked = run_cli("--site", str(site), "check")
    assert checked.returncode == 1 and "shortcodes/note.html:2" in checked.stderr


def test_a_template_of_a_built_in_shortcodes_name_is_an_error(tmp_path: Path) -> None:
    site = site_with(tmp_path, "本文。", figure="<p>x</p>")
    with pytest.raises(SiteError) as raised:
        build_site(site)
    assert str(raised.value) == (
        "theme/templates/shortcodes/figure.html: {{< figure >}} is a shortcode of sitegen's "
        "own: this template makes none (hint: give yours another name (box.html makes "
        "{{< box >}}))"
    )


def test_adding_editing_and_removing_the_template_rebuilds_only_the_pages_using_it(
    tmp_path: Path,
) -> None:
    site = site_with(tmp_path, "前文。\n\n{{< note 一 >}}")
    builder = Builder(site, BuildOptions(search=False))
    first = builder.build()
    assert [w.message for w in first.warnings if "note" in w.message] == [
        "unknown shortcode 'note', shown as text: {{< note 一 >}}"
    ]
    template = site / "theme/templates/shortcodes/note.html"
    template.parent.mkdir(parents=True)
    template.write_text("<p class=note>{{ positional[0] }}</p>", "utf-8")
    builder.build()
    assert "<p class=note>一</p>" in read(site, "posts/a/index.html")
    other = site / "public/posts/b/index.html"
    before = os.stat(other).st_mtime_ns
    template.write_text("<p class=note>{{ positional[0] }}!</p>", "utf-8")
    edited = builder.build()
    assert "<p class=note>一!</p>" in read(site, "posts/a/index.html")
    # Only the pages made from the article: its own, its neighbour's (a link to it), the
    # home page, its year's and month's archives and the two feeds; not the 404 page,
    # the tags' and authors' pages, the sitemap…
    assert edited.rendered == 7 < first.rendered and os.stat(other).st_mtime_ns == before
    template.unlink()
    builder.build()
    assert "{{&lt; note 一 &gt;}}" in read(site, "posts/a/index.html")
