"""What other generators leave in a body: cross-references, highlighted code, templates."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sitekit import article, build_site, main_of, png, read, write_site

from sitegen.config import MarkdownConfig
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered


def render(body: str, path: str = "content/posts/a.md") -> Rendered:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig(), "/blog", posts_dir="blog"))
    return renderer.render(body, path=path, first_line=5)


@pytest.mark.parametrize(
    ("written", "target", "fragment"),
    [
        ('{{< ref "b.md" >}}', "content/blog/b.md", ""),
        ('{{< relref "b.md#まとめ" >}}', "content/blog/b.md", "まとめ"),
        ('{{% ref "/about.md" %}}', "content/about.md", ""),
        ('{{< ref path="b" >}}', "content/blog/b.md", ""),  # Hugo's name without suffix
        ('{{< ref "b.md" >}}#まとめ', "content/blog/b.md", "まとめ"),
        ("{% post_url 2020-02-03-b %}", "content/blog/2020-02-03-b.md", ""),  # posts_dir
        ("{% link _posts/2020-02-03-b.md %}", "content/blog/2020-02-03-b.md", ""),
        ("{filename}/about.md", "content/about.md", ""),
        ("{filename}../b.md", "content/b.md", ""),
        ("|filename|b.md", "content/blog/b.md", ""),
        ("{attach}images/a.png", "content/blog/images/a.png", ""),
    ],
)
def test_a_cross_reference_of_another_generator_is_a_link_to_its_file(
    written: str, target: str, fragment: str
) -> None:
    result = render(f"前文。\n\n[次]({written})", path="content/blog/a.md")
    [link] = result.links
    assert (link.target, link.fragment, link.line, link.via) == (target, fragment, 7, written)
    assert result.html == '<p>前文。</p>\n<p><a href="\x02sitegen-link:0\x03">次</a></p>'
    assert result.problems == ()


@pytest.mark.parametrize(
    ("written", "url"),
    [
        ("{static}/images/logo.png", "/images/logo.png"),
        ("{{ site.baseurl }}/assets/a.png", "/assets/a.png"),
        ("{{ site.url }}{{ site.baseurl }}/assets/a.png", "/assets/a.png"),
        ('{{ "/assets/a.png" | relative_url }}', "/assets/a.png"),
    ],
)
def test_a_reference_from_the_root_of_another_generator_is_a_link_from_the_site_root(
    written: str, url: str
) -> None:
    result = render(f"![ロゴ]({written}){{width=10}}")
    [link] = result.root_links
    assert (link.written, link.via) == (url, written)
    assert f'src="/blog{url}"' in result.html
    assert result.problems == ()


def test_cross_references_are_checked_and_rewritten_in_a_build(tmp_path: Path) -> None:
    body = (
        '[二]({{< ref "2020-02-03-second.md" >}}) [二]({% post_url 2020-02-03-second %})\n\n'
        "![図]({static}/images/logo.png)\n\n"
        '[無]({{< ref "missing.md" >}})\n\n![無]({static}/images/none.png)'
    )
    files = {
        "content/posts/2020-01-02-first.md": article("一", "2020-01-02", body, slug="first"),
        "content/posts/2020-02-03-second.md": article("二", "2020-02-03", slug="second"),
        "static/images/logo.png": png(4, 3),
    }
    result = build_site(write_site(tmp_path, files))
    html = main_of(read(tmp_path, "posts/first/index.html"))
    assert html.count('<a href="/posts/second/">二</a>') == 2
    assert 'src="/images/logo.png" width="4" height="3"' in html
    assert [str(w) for w in result.warnings if "broken" in w.message] == [
        "content/posts/2020-01-02-first.md:11: warning: broken link: no file"
        " 'content/posts/missing.md', written {{< ref \"missing.md\" >}}",
        "content/posts/2020-01-02-first.md:13: warning: broken link: nothing in the site at"
        " '/images/none.png', written {static}/images/none.png"
        " (hint: a path from the site root names a page of the site or a file of static/)",
    ]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("{% highlight ruby linenos %}", "{% endhighlight %}"),
        ('{{< highlight ruby "linenos=table" >}}', "{{< /highlight >}}"),
    ],
)
def test_highlighted_code_of_jekyll_and_hugo_is_a_fenced_code_block(
    opening: str, closing: str
) -> None:
    fenced = render('前文。\n\n```ruby\nputs "```"\n```\n\n後文 {{ x }}').html
    result = render(f'前文。\n\n{opening}\nputs "```"\n{closing}\n\n後文 {{{{ x }}}}')
    assert result.html == fenced
    assert '<span class="nb">puts</span>' in result.html  # highlighted as Ruby
    [problem] = result.problems  # the line of what follows is kept
    assert problem.line == 11


def test_highlight_markers_in_a_code_block_or_without_their_end_stay_as_written() -> None:
    shown = "```\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n```"
    assert "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n</code>" in render(shown).html
    result = render("前文。\n\n{{< highlight go >}}\nfmt.Println()")
    assert [(p.line, p.message) for p in result.problems] == [
        (7, "unknown shortcode 'highlight', shown as text: {{< highlight go >}}")
    ]
    assert "{{< /highlight >}}" in result.problems[0].hint


def test_hugo_shortcodes_inside_a_sentence_are_warned_of() -> None:
    result = render("セミナーの報告。{{< highlight go >}}x{{< /highlight >}}と{{< ref b.md >}}。")
    assert [(p.line, p.message, p.hint) for p in result.problems] == [
        (
            5,
            "unknown shortcode 'highlight', shown as text: {{< highlight go >}}",
            "write {{< highlight LANGUAGE >}} and {{< /highlight >}} each on a line of its own,"
            " or a fenced code block (```go)",
        ),
        (
            5,
            "unknown shortcode 'ref', shown as text: {{< ref b.md >}}",
            'make it the destination of a link: [title]({{< ref "other.md" >}})',
        ),
    ]


def test_leftover_liquid_is_a_warning_at_its_line_once_a_line() -> None:
    body = (
        "{% include note.html %} と {% include note.html %}\n\n"
        "タイトルは{{ page.title }}、`{{ page.title }}` はコード。\n\n"
        "本文\n{% endraw %}\n\n"
        "```\n{% include shown.html %}\n```\n\n"
        "[リンク] と [x] と [^1] はMarkdown。\n\n[^1]: 注"
    )
    result = render(body)
    assert [(p.line, p.message) for p in result.problems] == [
        (5, "Liquid tag {% include %}, shown as text: {% include note.html %}"),
        (7, "Liquid output {{ }}, shown as text: {{ page.title }}"),
        (10, "Liquid tag {% endraw %}, shown as text: {% endraw %}"),
    ]
    assert result.problems[0].hint.startswith("sitegen has no includes")
    assert result.problems[2].hint.endswith("remove the tag")


def test_leftover_template_syntax_holding_html_is_quoted_as_written_at_its_line() -> None:
    result = render('前文\n\n文中 {{ "<b>" | upcase }} と [gallery ids="1&amp;2"]\n')
    assert [(p.line, p.message) for p in result.problems][:2] == [
        (7, 'Liquid output {{ }}, shown as text: {{ "<b>" | upcase }}'),
        (7, 'WordPress shortcode [gallery], shown as text: [gallery ids="1&amp;2"]'),
    ]


def test_leftover_wordpress_shortcodes_are_warnings_naming_what_to_use() -> None:
    body = (
        '[caption id="attachment_45" width="300"]![売上](a.png) 売上[/caption]\n\n'
        '[gallery ids="45,46"]\n\n'
        "[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]\n\n"
        '[contact-form-7 id="1" title="問い合わせ"]'
    )
    result = render(body)
    assert [(p.line, p.message.split(",")[0], p.hint) for p in result.problems] == [
        (
            5,
            "WordPress shortcode [caption]",
            'write {{< figure src="picture.png" caption="…" >}} on a line of its own',
        ),
        (
            7,
            "WordPress shortcode [gallery]",
            "write each picture as an image, ![…](picture.png), or a figure shortcode",
        ),
        (
            9,
            "WordPress shortcode [embed]",
            "write {{< youtube dQw4w9WgXcQ >}} on a line of its own",
        ),
        (
            11,
            "WordPress shortcode [contact-form-7]",
            "sitegen has no WordPress shortcodes: write what it showed in Markdown, or a link",
        ),
    ]


def test_a_figure_takes_the_arguments_of_hugos() -> None:
    result = render(
        '{{< figure src="a.png" title="表紙" caption="図1" class="wide" link="https://e.com/"'
        ' target="_blank" rel="noopener" attr="撮影: 山田" attrlink="https://y.jp/"'
        " loading=eager width=8 >}}"
    )
    assert result.problems == ()
    assert result.html == (
        '<figure class="figure wide"><a href="https://e.com/" rel="noopener" target="_blank">'
        '<img alt="図1" decoding="async" fetchpriority="high" loading="eager" src="\x02sitegen-link:0\x03" width="8">'
        '</a><figcaption><strong class="figure__title">表紙</strong> 図1'
        ' <a href="https://y.jp/">撮影: 山田</a></figcaption>\n</figure>'
    )
    unlinked = render('{{< figure src="a.png" attr="撮影: 山田" width=8 >}}').html
    assert "<figcaption>撮影: 山田</figcaption>" in unlinked
    [problem] = render('{{< figure src="a.png" loading=soon >}}').problems
    assert problem.message == "figure: loading must be lazy or eager, not 'soon'"


# Hugo's and GitHub's code fences ------------------------------------------------------

HUGO_FENCES = (
    "```go {linenos=table,hl_lines=[2]}\npackage main\nfunc x() {}\n```\n\n段落3。\n\n"
    "```go {hl_lines=[2]}\npackage main\nfunc y() {}\n```\n\n段落4。\n"
)


def test_hugos_fence_options_keep_code_as_code_and_prose_as_prose() -> None:
    """Hugo's braces made the fence a paragraph, and its closing fence opened a block
    that swallowed the prose and the next fence."""
    result = render(HUGO_FENCES)
    assert result.problems == ()
    assert result.html.count('<div class="highlight">') == 2
    assert "```" not in result.html and "hl_lines" not in result.html
    assert "<p>段落3。</p>" in result.html and "<p>段落4。</p>" in result.html
    assert result.html.count('<span class="hll">') == 2  # line 2 of each
    assert result.html.count('class="highlighttable"') == 1  # linenos=table


@pytest.mark.parametrize(
    ("written", "native"),
    [
        ('go {hl_lines=["2-3", 5]}', '{.go hl_lines="2 3 5"}'),
        ('go {hl_lines="2-3 5"}', '{.go hl_lines="2 3 5"}'),
        ("go {hl_lines=[2,3,5]}", '{.go hl_lines="2 3 5"}'),
        ("go {linenos=inline linenostart=10}", '{.go linenos="inline" linenostart="10"}'),
        ("go {lineNos=true, hl_lines=2}", '{.go linenums="true" hl_lines="2"}'),
        ("go {linenos=false}", "go"),
        ('go {class="wide note" id=main}', "{.go .wide .note #main}"),
        ('js title="x.js"', '{.js title="x.js"}'),  # GitHub's words after the language
        ('{.python hl_lines="1-2"}', '{.python hl_lines="1 2"}'),  # a range in PM's own
    ],
)
@pytest.mark.parametrize("highlight", [True, False])
def test_hugos_fence_options_read_as_python_markdowns(
    written: str, native: str, highlight: bool
) -> None:
    code = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\n"
    config = dataclasses.replace(MarkdownConfig(), highlight=highlight)
    renderer = MarkdownRenderer(MarkupOptions(config))
    expected = renderer.render(f"```{native}\n{code}```\n", path="a.md")
    result = renderer.render(f"```{written}\n{code}```\n", path="a.md")
    assert result.problems == expected.problems == ()
    assert result.html == expected.html


def test_what_a_fence_cannot_follow_is_dropped_with_a_warning_and_the_code_stays_code() -> None:
    body = (
        "前文。\n\n"
        "```go {anchorlinenos=true, hl_lines=[x]}\na\n```\n\n"
        '```go {hl_lines="2" "}\nb\n```\n\n'
        "```ruby:app.rb\nc\n```\n\n後文。\n"
    )
    result = render(body)
    assert result.html.count('<div class="highlight">') == 3
    assert "<p>前文。</p>" in result.html and "<p>後文。</p>" in result.html
    assert "```" not in result.html and "hl_lines" not in result.html
    assert [(p.line, p.message) for p in result.problems] == [
        (7, "code block: option 'anchorlinenos' is not supported, removed"),
        (7, "code block: hl_lines cannot be '[x]', removed"),
        (11, 'code block: options not read, removed: {hl_lines="2" "}'),
        (15, "code block: ':app.rb' after the language is not read"),
    ]
    assert "linenos=table" in result.problems[0].hint


def test_a_fence_line_inside_code_or_never_closed_stays_as_written() -> None:
    shown = "````text\n```go {hl_lines=[2]}\nx\n```\n````\n"
    assert "```go {hl_lines=[2]}\nx\n```\n</code>" in render(shown).html
    unclosed = render("```go {hl_lines=[2]}\nx\n")
    assert "```go {hl_lines=[2]}" in unclosed.html and unclosed.problems == ()


def _warnings(rendered: Rendered) -> list[tuple[int, str, str]]:
    return [(p.line, p.message, p.hint) for p in rendered.problems]


def test_hatena_notation_is_warned_of_at_its_line_with_what_to_write() -> None:
    """QA: blogsync's Markdown keeps Hatena Blog's notation, which passed silently."""
    rendered = render(
        "[f:id:sato_consult:20150301123456p:plain]\n\n"
        "詳しくは以前の記事((はてな記法の脚注です))に書きました。\n\n"
        "[asin:4000000000:detail]\n"
    )
    fotolife = "https://cdn-ak.f.st-hatena.com/images/fotolife/s/sato_consult/20150301/"
    assert _warnings(rendered) == [
        (
            5,
            "Hatena Blog notation [f:id:…], shown as text: [f:id:sato_consult:20150301123456p:plain]",
            f"download {fotolife}20150301123456.png beside the article and write"
            " ![説明](20150301123456.png)",
        ),
        (
            7,
            "Hatena Blog footnote ((…)), shown as text: ((はてな記法の脚注です))",
            "write a footnote: [^1] here, and below the paragraph [^1]: はてな記法の脚注です",
        ),
        (
            9,
            "Hatena Blog notation [asin:…], shown as text: [asin:4000000000:detail]",
            "write a link to the item, [書名](https://www.amazon.co.jp/dp/4000000000)"
            " (with your associate tag, if any)",
        ),
    ]


def test_hatena_links_are_the_links_they_stand_for() -> None:
    """QA: [URL:embed:cite] linked to https://…:embed:cite, which does not exist."""
    rendered = render(
        "[https://example.com/a:title=例のページ]を参照。\n\n"
        "[https://sato.hatenablog.com/entry/2014/10/10/090000:embed:cite]\n\n"
        "[https://example.com/b:title]\n\n"
        "[https://www.youtube.com/watch?v=dQw4w9WgXcQ:embed]\n"
    )
    entry = "https://sato.hatenablog.com/entry/2014/10/10/090000"
    video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert rendered.html == (
        '<p><a href="https://example.com/a">例のページ</a>を参照。</p>\n'
        f'<p><a href="{entry}">{entry}</a></p>\n'
        '<p><a href="https://example.com/b">https://example.com/b</a></p>\n'
        f'<p><a href="{video}">{video}</a></p>'
    )
    warnings = _warnings(rendered)  # title= said everything Hatena showed: no warning
    assert [(line, message) for line, message, _ in warnings] == [
        (7, f"Hatena Blog link [URL:embed:cite], shown as a link to {entry}"),
        (9, "Hatena Blog link [URL:title], shown as a link to https://example.com/b"),
        (11, f"Hatena Blog link [URL:embed], shown as a link to {video}"),
    ]
    assert "{{< card FILE.md >}}" in warnings[0][2] and "[title](URL)" in warnings[1][2]
    assert warnings[2][2].startswith("write {{< youtube dQw4w9WgXcQ >}}")


def test_what_looks_like_hatena_notation_in_code_or_formulas_is_not_warned_of() -> None:
    rendered = render(
        "計算は ((a+b)) と (x(y)) で、`((注))` と `[f:id:x:20150301123456p:plain]`。\n\n"
        "```\n[https://example.com/:embed:cite]\n[asin:4000000000:detail]\n```\n"
    )
    assert rendered.problems == ()
    assert "[https://example.com/:embed:cite]" in rendered.html


def test_wordpress_shortcodes_escaped_by_the_wxr_converter_are_warned_of() -> None:
    """QA: wordpress-export-to-markdown writes \\[caption …\\], which passed silently."""
    rendered = render(
        '\\[caption id="attachment\\_45" width="300"\\]![グラフ](/a.png) 推移\\[/caption\\]\n\n'
        '\\[gallery ids="1,2"\\]\n'
    )
    assert [(line, message[:38]) for line, message, _ in _warnings(rendered)] == [
        (5, "WordPress shortcode [caption], shown a"),
        (7, "WordPress shortcode [gallery], shown a"),
    ]


def test_a_youtube_address_alone_on_a_line_is_warned_of_with_the_shortcode() -> None:
    """QA: WordPress embedded the video; here it was a bare link without a hint."""
    rendered = render(
        "動画です。\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
        "<https://youtu.be/abcdefghijk>\n\n見て https://youtu.be/dQw4w9WgXcQ\n\n"
        "[動画](https://youtu.be/dQw4w9WgXcQ)\n"
    )
    assert [(line, hint[:37]) for line, _, hint in _warnings(rendered)] == [
        (7, "write {{< youtube dQw4w9WgXcQ >}} on "),
        (9, "write {{< youtube abcdefghijk >}} on "),
    ]
