"""The theme's own shortcodes: theme/templates/shortcodes/NAME.html makes {{< NAME >}}."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitekit import article, build_site, read, run_cli, write_site

from sitegen.build import Builder, BuildOptions
from sitegen.config import MarkdownConfig, ShortcodeSignature, load_config
from sitegen.errors import SiteError
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered
from sitegen.theme import Theme

CONFIG = 'title = "テストブログ"\nbase_url = "https://example.com/"\n'
NOTE = "<p class=note>{{ positional[0] }}|{{ args.kind }}|{{ args.missing }}|{{ name }}</p>\n"
BOX = (
    '<aside class="box"><b>{{ args.title }}</b>{{ inner }}'
    "<i>{{ article.title }} {{ t('read_more') }} {{ site.config.title }}</i></aside>\n"
)


def render(
    body: str, shortcodes: dict[str, bool | ShortcodeSignature], unsafe_html: bool = False
) -> Rendered:
    """``body`` read with the theme's ``shortcodes``: a signature, or whether it is paired."""
    signatures = {
        name: ShortcodeSignature(given) if isinstance(given, bool) else given
        for name, given in shortcodes.items()
    }
    options = MarkupOptions(MarkdownConfig(unsafe_html=unsafe_html), shortcodes=signatures)
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
    site = site_with(
        tmp_path, BODY, note="<p>{{ positional[0] }}\n{{ args.kind.nothing.here }}</p>", box=BOX
    )
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


# -- mistakes in the template: told once, by the template's file and line -----------------


def test_an_unknown_filter_in_a_template_no_article_uses_is_its_syntax_error(
    tmp_path: Path,
) -> None:
    site = site_with(tmp_path, "本文。", bad="<b>{{ args.x | nosuchfilter }}</b>\n")
    with pytest.raises(SiteError) as raised:
        build_site(site)
    assert [str(p) for p in raised.value.problems] == [
        "theme/templates/shortcodes/bad.html:1: template syntax error: "
        "No filter named 'nosuchfilter'."
    ]
    checked = run_cli("--site", str(site), "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "shortcodes/bad.html:1: template syntax error" in checked.stderr


def test_a_paired_template_that_does_not_compile_gives_its_uses_no_error(
    tmp_path: Path,
) -> None:
    """Whether it is written in pairs is then read from its text: it names inner."""
    broken = "<aside>\n{% if args.title %}\n{{ inner }}\n</aside>\n"
    body = '{{< box title="注意" >}}\n中身\n{{< /box >}}\n\n後文。'
    site = site_with(tmp_path, body, box=broken)
    with pytest.raises(SiteError) as raised:
        build_site(site)
    [problem] = raised.value.problems
    assert str(problem).startswith("theme/templates/shortcodes/box.html:3: template syntax error")


# -- arguments the template never reads: warnings at the marker's line --------------------


def signature(tmp_path: Path, template: str) -> ShortcodeSignature:
    """How the theme's template ``template`` makes {{< box >}} written."""
    files = {
        "theme/templates/shortcodes/box.html": template,
        "theme/templates/partials/box_body.html": "{{ args.body }}{{ positional[2] }}",
    }
    site = write_site(tmp_path / "site", files, config=CONFIG)
    return Theme(load_config(site), site).shortcodes["box"].signature


@pytest.mark.parametrize(
    ("template", "named", "positional"),
    [
        ("{{ inner }}", (), 0),
        (
            '{{ args.title }}{{ args["kind"] }}{{ args.get("icon", "i") }}{{ positional[1] }}'
            "{% if positional[0] %}{% endif %}",
            ("icon", "kind", "title"),
            2,
        ),
        ("{% macro m() %}{{ args.deep }}{% endmacro %}{{ m() }}{{ positional.0 }}", ("deep",), 1),
        # read another way: anything is taken
        ("{% for k, v in args.items() %}{{ k }}{% endfor %}", None, 0),
        ("{{ args | tojson }}{{ positional | length }}", None, None),
        ("{% set key = 'a' %}{{ args[key] }}{{ positional[-1] }}", None, None),
        ("{{ args.get(name) }}{% for p in positional %}{% endfor %}", None, None),
        ('{% include "partials/box_body.html" %}{{ args.title }}', ("body", "title"), 3),
        ("{% include name ~ '.html' %}", None, None),
        ("{% if args.title %}", None, None),  # does not compile: told by compile_all
    ],
)
def test_the_arguments_a_template_reads_are_found_in_it_and_what_it_includes(
    tmp_path: Path, template: str, named: tuple[str, ...] | None, positional: int | None
) -> None:
    taken = signature(tmp_path, template)
    assert (taken.named, taken.positional) == (named, positional)


def test_an_argument_the_template_never_reads_is_a_warning_with_a_suggestion() -> None:
    box = ShortcodeSignature(True, ("kind", "title"), 0)
    video = ShortcodeSignature(False, ("id",), 0)
    button = ShortcodeSignature(False, (), 2)
    loose = ShortcodeSignature(False, None, None)  # reads them in a way not told
    body = (
        '{{< box titel="注意" >}}\n中身\n{{< /box >}}\n\n'  # 5
        '{{< video "abc" >}}\n\n'  # 9
        '{{< video id="abc" idd="x" >}}\n\n'  # 11
        '{{< button "/about/" "a" "b" >}}\n\n'  # 13
        '{{< loose "a" b="c" >}}\n'  # 15
    )
    result = render(body, {"box": box, "video": video, "button": button, "loose": loose})
    assert [(m, p.hint) for m, p in zip(messages(result), result.problems, strict=True)] == [
        (
            "5: warning: box: unknown argument 'titel' in {{< box titel=\"注意\" >}}",
            "did you mean 'title'?",
        ),
        (
            "9: warning: video: unknown argument 'abc' in {{< video \"abc\" >}}",
            "its template reads no positional argument; named: id",
        ),
        (
            '11: warning: video: unknown argument \'idd\' in {{< video id="abc" idd="x" >}}',
            "did you mean 'id'?",
        ),
        (
            '13: warning: button: unknown argument \'b\' in {{< button "/about/" "a" "b" >}}',
            "its template reads 2 positional arguments",
        ),
    ]
    assert [placed.line for placed in result.shortcodes] == [5, 9, 11, 13, 15]  # all placed


def test_a_template_edit_that_reads_a_new_argument_reads_the_articles_again(
    tmp_path: Path,
) -> None:
    site = site_with(tmp_path, '前文。\n\n{{< note titel="題" >}}', note="<p>{{ args.title }}</p>")
    builder = Builder(site, BuildOptions(search=False))
    first = builder.build()
    assert [str(w) for w in first.warnings if "note" in w.message] == [
        "content/posts/a.md:8: warning: note: unknown argument 'titel' in "
        "{{< note titel=\"題\" >}} (hint: did you mean 'title'?)"
    ]
    template = site / "theme/templates/shortcodes/note.html"
    template.write_text("<p>{{ args.title or args.titel }}</p>", "utf-8")
    edited = builder.build()
    assert [w for w in edited.warnings if "note" in w.message] == []
    assert "<p>題</p>" in read(site, "posts/a/index.html")


def test_a_malformed_opening_accounts_for_its_closing() -> None:
    """Rather than that closing being one that closes nothing, told at the line of the
    first {{< /box >}}, of a pair closed before."""
    body = (
        '{{< box title="A" >}}\n中身A\n{{< /box >}}\n\n'  # 5
        '{{< box title="B" >}}\n閉じ忘れB\n\n'  # 9
        '{{< box title="bad >}}\nx\n{{< /box >}}\n'  # 12
    )
    assert messages(render(body, {"box": True})) == [
        '9: error: box: no {{< /box >}} closes {{< box title="B" >}}',
        "12: error: box marker not on a line of its own or malformed: '{{< box title=\"bad >}}'",
    ]
