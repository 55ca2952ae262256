"""Shortcodes besides the calculator: figure, youtube, and the ones sitegen does not know."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import article, build_site, png, read, write_site

from sitegen.config import MarkdownConfig
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered, blog_card

VIDEO = "dQw4w9WgXcQ"


def render(body: str, language: str = "ja") -> Rendered:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig(), "/blog", language))
    return renderer.render(body, path="content/posts/a.md", first_line=5)


def test_a_figure_is_a_picture_with_its_caption_and_its_source_is_a_link() -> None:
    result = render(
        '前文。\n\n{{< figure src="images/chart.png" caption="図1 売上の推移" width=640 >}}\n'
    )
    assert result.html == (
        '<p>前文。</p>\n<figure class="figure"><img alt="図1 売上の推移" decoding="async"'
        ' fetchpriority="high" src="\x02sitegen-link:0\x03" width="640"><figcaption>図1 売上の推移</figcaption>\n</figure>'
    )
    [link] = result.links
    assert (link.target, link.line) == ("content/posts/images/chart.png", 7)
    assert result.problems == ()


def test_a_figures_caption_is_markdown_and_its_plain_text_the_alt_text() -> None:
    """As Hugo's markdownify: the caption's link and bold were shown as written, and
    copied into the alt text that a screen reader reads aloud."""
    result = render(
        '{{< figure src="https://example.com/g.png" title="図1"'
        ' caption="出典: [総務省](https://www.soumu.go.jp/) の**統計** \\* &amp; `x`" >}}'
    )
    assert result.html == (
        '<figure class="figure"><img alt="出典: 総務省 の統計 * &amp; x" decoding="async"'
        ' fetchpriority="high" src="https://example.com/g.png"><figcaption><strong class="figure__title">図1</strong>'
        ' 出典: <a href="https://www.soumu.go.jp/">総務省</a> の<strong>統計</strong> * &amp;'
        " <code>x</code></figcaption>\n</figure>"
    )
    assert result.problems == ()


def test_a_figures_caption_follows_the_bodys_link_and_raw_html_policy() -> None:
    body = (
        '{{< figure src="a.png" alt="図" caption="[次](next.md) [悪](javascript:alert(1))'
        ' <b>x</b>" >}}'
    )
    result = render(body)
    assert "javascript" not in result.html and "<b>" not in result.html
    assert '<img alt="図"' in result.html  # an alt text of its own wins
    assert [link.target for link in result.links] == [
        "content/posts/a.png",
        "content/posts/next.md",
    ]
    assert [(p.line, p.message) for p in result.problems] == [
        (5, "raw HTML omitted: '<b>'"),
        (5, "raw HTML omitted: '</b>'"),
        (5, "unsafe link removed: 'javascript:alert(1)'"),
    ]


@pytest.mark.parametrize("unsafe_html", [True, False])
def test_a_figures_alt_text_holds_no_markup_of_its_caption(unsafe_html: bool) -> None:
    config = MarkdownConfig(unsafe_html=unsafe_html)
    renderer = MarkdownRenderer(MarkupOptions(config))
    body = '{{< figure src="https://example.com/g.png" caption="<b>太字</b>の&copy;" >}}'
    html = renderer.render(body, path="a.md").html
    assert '<img alt="太字の©"' in html


def test_a_figure_may_link_and_name_its_own_alt_text() -> None:
    html = render(
        '{{< figure src="/a.png" alt="棒グラフ" link="https://example.com/" width=40 >}}'
    ).html
    assert (
        '<a href="https://example.com/">'
        '<img alt="棒グラフ" decoding="async" fetchpriority="high" src="/blog/a.png" width="40"></a>'
        in html
    )
    assert "figcaption" not in html


def test_a_figure_under_a_list_item_is_placed_in_that_item() -> None:
    # QA: as with a calculator, the list was split in two around it.
    result = render('- 売上\n  {{< figure src="chart.png" caption="図1" >}}\n- 利益\n')
    assert result.html.startswith('<ul>\n<li>売上<figure class="figure"><img alt="図1"')
    assert result.html.endswith("</figure>\n</li>\n<li>利益</li>\n</ul>")
    assert result.problems == ()


@pytest.mark.parametrize(
    ("shortcode", "src", "title"),
    [
        (f"{{{{< youtube {VIDEO} >}}}}", VIDEO, "YouTube動画"),
        (
            f'{{{{< youtube id="{VIDEO}" title="セミナー" start=90 >}}}}',
            f"{VIDEO}?start=90",
            "セミナー",
        ),
    ],
)
def test_a_youtube_video_from_the_privacy_enhanced_domain(
    shortcode: str, src: str, title: str
) -> None:
    result = render(f"動画です。\n{shortcode}\n続き。")
    assert result.problems == ()
    assert result.html.startswith('<p>動画です。</p>\n<div class="video">\n<iframe ')
    assert f'src="https://www.youtube-nocookie.com/embed/{src}"' in result.html
    assert f'title="{title}"' in result.html and 'loading="lazy"' in result.html
    assert "allowfullscreen" in result.html and result.html.endswith(
        "</iframe>\n</div>\n<p>続き。</p>"
    )


def test_an_english_site_titles_the_video_in_english() -> None:
    assert 'title="YouTube video"' in render(f"{{{{< youtube {VIDEO} >}}}}", "en").html


@pytest.mark.parametrize(
    ("body", "message", "hint"),
    [
        (
            "{{< youtube abc >}}",
            "youtube: not the 11-character id of a video: 'abc'",
            "ID from the video's address",
        ),
        (
            f"{{{{< youtube {VIDEO} start=1m >}}}}",
            "youtube: start must be a number of seconds, not '1m'",
            "",
        ),
        (
            f"{{{{< youtube {VIDEO} autoplay=1 >}}}}",
            "youtube: unknown argument 'autoplay'",
            "it takes id, start, title",
        ),
        ('{{< figure caption="図" >}}', "figure without src", ""),
        (
            '{{< figure src="a.png" colour="red" >}}',
            "figure: unknown argument 'colour'",
            "it takes alt, attr, attrlink, caption, class",
        ),
        (
            '{{< figure src="a.png" width="wide" >}}',
            "figure: width must be a number of pixels, not 'wide'",
            "",
        ),
        (
            "本文 {{< youtube dQw4w9WgXcQ >}} の途中",
            "youtube marker not on a line of its own or malformed",
            "",
        ),
        ("{{< calculator >}}", "calculator marker: missing id in {{< calculator >}}", ""),
        ("{{< calculator a b >}}", "calculator marker takes one id, got 2:", "own"),
    ],
)
def test_a_shortcode_written_wrong_is_an_error_at_its_line(
    body: str, message: str, hint: str
) -> None:
    [problem] = render(f"前文。\n\n{body}\n").problems
    assert (problem.severity, problem.line) == ("error", 7)
    assert problem.message.startswith(message)
    assert hint in problem.hint


def test_a_malformed_shortcode_holding_html_or_escapes_is_quoted_as_written() -> None:
    body = (
        "{{< youtube dQw4w9WgXcQ title='<b>x</b>' >}}\n\n文中 {{< figure src=\"a&amp;b\\*.png\" >}}"
    )
    errors = [(p.line, p.message) for p in render(body).problems if p.severity == "error"]
    assert errors == [
        (
            5,
            "youtube marker not on a line of its own or malformed:"
            " \"{{< youtube dQw4w9WgXcQ title='<b>x</b>' >}}\"",
        ),
        (
            7,
            "figure marker not on a line of its own or malformed:"
            " '{{< figure src=\"a&amp;b\\\\*.png\" >}}'",
        ),
    ]


def test_an_unknown_shortcode_stays_text_with_a_warning_naming_the_known_ones() -> None:
    result = render("{{< instagram BWNjjyYFxVx >}}\n\n本文 {{< speakerdeck a b >}} も。")
    assert result.html == (
        "<p>{{&lt; instagram BWNjjyYFxVx &gt;}}</p>\n<p>本文 {{&lt; speakerdeck a b &gt;}} も。</p>"
    )
    assert [str(p) for p in result.problems] == [
        "content/posts/a.md:5: warning: unknown shortcode 'instagram', shown as text:"
        " {{< instagram BWNjjyYFxVx >}} (hint: sitegen knows: calculator, card, figure, gist, tweet, vimeo, x, youtube)",
        "content/posts/a.md:7: warning: unknown shortcode 'speakerdeck', shown as text:"
        " {{< speakerdeck a b >}} (hint: sitegen knows: calculator, card, figure, gist, tweet, vimeo, x, youtube)",
    ]


def test_an_unknown_shortcode_close_to_a_known_one_is_named() -> None:
    [problem] = render(f"{{{{< youtub {VIDEO} >}}}}").problems
    assert problem.hint == "did you mean 'youtube'?"


def test_hugos_percent_form_is_a_warning_that_says_how_sitegen_writes_it() -> None:
    body = (
        "{{% calculator roi %}}\n\n本文 {{% instagram 1234 %}} も。\n\n"
        "{{% youtub x %}}\n\n`{{% figure src=a.png %}}`\n"
    )
    result = render(body)
    assert "<p>{{% calculator roi %}}</p>" in result.html  # shown as written
    assert [str(p) for p in result.problems] == [
        "content/posts/a.md:5: warning: Hugo's {{% %}} form of a shortcode, shown as text:"
        " {{% calculator roi %}} (hint: write {{< calculator roi >}} on a line of its own)",
        "content/posts/a.md:7: warning: unknown shortcode 'instagram', shown as text:"
        " {{% instagram 1234 %}} (hint: sitegen knows: calculator, card, figure, gist, tweet, vimeo, x, youtube)",
        "content/posts/a.md:9: warning: unknown shortcode 'youtub', shown as text:"
        " {{% youtub x %}} (hint: did you mean 'youtube'?)",
    ]


def test_shortcodes_in_code_are_text() -> None:
    body = f"`{{{{< youtube {VIDEO} >}}}}`\n\n```\n{{{{< figure src=a.png >}}}}\n```\n\n    {{{{< tweet 1 >}}}}\n"
    result = render(body)
    assert result.problems == () and "iframe" not in result.html and "<figure" not in result.html
    assert result.html.count("{{&lt;") == 3


def test_a_figure_in_a_built_site_shows_its_copied_picture_or_warns(tmp_path: Path) -> None:
    body = '{{< figure src="images/chart.png" caption="図1" >}}\n\n{{< figure src="images/none.png" >}}'
    files = {
        "content/posts/a.md": article("記事", slug="a", body=body),
        "content/posts/images/chart.png": png(4, 3),
    }
    result = build_site(write_site(tmp_path, files))
    assert (
        '<img alt="図1" decoding="async" fetchpriority="high" src="/posts/images/chart.png" width="4" height="3">'
        in read(tmp_path, "posts/a/index.html")
    )
    assert (tmp_path / "public/posts/images/chart.png").read_bytes() == png(4, 3)
    assert [str(w) for w in result.warnings if "broken" in w.message] == [
        "content/posts/a.md:9: warning: broken link: no file 'content/posts/images/none.png'"
    ]


def test_a_card_is_a_link_whose_inside_waits_for_the_other_article() -> None:
    result = render("前文。\n\n{{< card 2024-04-20-repeat.md >}}\n\n後文。\n")
    assert result.html == (
        "<p>前文。</p>\n"
        '<div class="blogcard" data-pagefind-ignore="all"><a class="blogcard__link"'
        ' href="\x02sitegen-link:0\x03">\x02sitegen-card:0\x03</a></div>\n'
        "<p>後文。</p>"
    )
    [link] = result.links
    assert (link.target, link.line, link.card) == ("content/posts/2024-04-20-repeat.md", 7, True)
    assert result.full_text.split() == ["前文。", "後文。"]  # the card is not the author's text


@pytest.mark.parametrize(
    ("image", "src"),
    [  # the size of a picture of the site, too
        ("images/cover.png", '/blog/posts/images/cover.png" width="400" height="225'),  # beside
        ("/og.png", '/blog/og.png" width="400" height="225'),  # from the site root
        ("https://cdn.example.com/c.png", "https://cdn.example.com/c.png"),
    ],
)
def test_a_card_shows_the_picture_of_the_article_it_leads_to(
    tmp_path: Path, image: str, src: str
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("会員制度の設計", slug="a", image=image),
            "content/posts/images/cover.png": png(400, 225),
            "static/og.png": png(400, 225),
            "content/posts/b.md": article("値上げ", slug="b", body="{{< card a.md >}}"),
            "content/posts/c.md": article("写真なし", slug="c"),
            "content/posts/d.md": article("カード", slug="d", body="{{< card c.md >}}"),
        },
        'title = "t"\nbase_url = "https://example.com/blog/"\n',
    )
    assert build_site(tmp_path).warnings == []
    thumbnail = (
        f'<a class="blogcard__link" href="/blog/posts/a/"><img class="blogcard__image" src="{src}"'
        ' alt="" loading="lazy" decoding="async"><span class="blogcard__text">'
    )
    assert thumbnail in read(tmp_path, "posts/b/index.html")
    assert "blogcard__image" not in read(tmp_path, "posts/d/index.html")  # c has no picture


def test_a_card_offers_the_smaller_copies_of_a_large_picture(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("写真の記事", slug="a", image="images/cover.png"),
            "content/posts/images/cover.png": png(1600, 900),  # in no body: the card's only
            "content/posts/b.md": article("値上げ", slug="b", body="{{< card a.md >}}"),
        },
    )
    build_site(tmp_path)
    assert (
        '<img class="blogcard__image" src="/posts/images/cover.png" width="1600" height="900"'
        ' srcset="/posts/images/cover-640w.png 640w, /posts/images/cover-1280w.png 1280w,'
        ' /posts/images/cover.png 1600w" sizes="8rem" alt="" loading="lazy" decoding="async">'
    ) in read(tmp_path, "posts/b/index.html")
    assert (tmp_path / "public/posts/images/cover-640w.png").is_file()


@pytest.mark.parametrize(
    ("shortcode", "message"),
    [
        (
            "{{< card https://example.com/a.md >}}",
            "card: not the Markdown file of an article or page: 'https://example.com/a.md'",
        ),
        (
            "{{< card /posts/a.md >}}",
            "card: not the Markdown file of an article or page: '/posts/a.md'",
        ),
        (
            "{{< card images/chart.png >}}",
            "card: not the Markdown file of an article or page: 'images/chart.png'",
        ),
        (
            "{{< card a.md title=x >}}",
            "card: unknown argument 'title' in {{< card a.md title=x >}}",
        ),
    ],
)
def test_a_card_that_names_no_markdown_file_of_the_site_is_an_error(
    shortcode: str, message: str
) -> None:
    result = render(shortcode)
    assert [(p.line, p.message) for p in result.problems] == [(5, message)]
    assert "blogcard" not in result.html


def test_a_card_shows_the_title_and_summary_of_the_article_it_leads_to(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                "会員制度の設計", slug="a", summary="ポイントより<次の来店>の理由を。"
            ),
            "content/posts/b.md": article("値上げの伝え方", slug="b", body="{{< card a.md >}}"),
            "content/posts/d.md": article("壊れた", slug="d", body="{{< card none.md >}}"),
            "content/posts/e.md": article("未公開の題", slug="e", draft="true", summary="秘密"),
            "content/posts/f.md": article("下書きへ", slug="f", body="{{< card e.md >}}"),
        },
    )
    result = build_site(tmp_path)
    # A card to a draft is a link to an unpublished article, which says nothing of it.
    draft_card = read(tmp_path, "posts/f/index.html")
    assert '<a class="blogcard__link" href="/posts/e/">e.md</a>' in draft_card
    assert "未公開の題" not in draft_card and "秘密" not in draft_card
    build_site(tmp_path, drafts=True)
    assert "未公開の題</span>" in read(tmp_path, "posts/f/index.html")  # its writer's preview
    assert (
        '<div class="blogcard" data-pagefind-ignore="all"><a class="blogcard__link" href="/posts/a/">'
        '<span class="blogcard__text"><span class="blogcard__title">会員制度の設計</span>'
        '<span class="blogcard__summary">ポイントより&lt;次の来店&gt;の理由を。</span></span></a></div>'
    ) in read(tmp_path, "posts/b/index.html")
    # A card to nothing is a broken link, as any link is, and shows its path.
    assert '<a class="blogcard__link" href="none.md">none.md</a>' in read(
        tmp_path, "posts/d/index.html"
    )
    assert [w.message for w in result.warnings] == [
        "broken link: no file 'content/posts/none.md'",
        "link to an unpublished article: 'e.md'",
    ]


def test_a_card_to_an_article_without_a_summary_has_no_empty_summary() -> None:
    assert 'class="blogcard__summary">要約 &amp; 補足<' in blog_card("題", "要約 & 補足")
    assert blog_card("題", "") == (
        '<span class="blogcard__text"><span class="blogcard__title">題</span></span>'
    )


@pytest.mark.parametrize(
    ("shortcode", "expected"),
    [
        (
            "{{< vimeo 146022717 >}}",
            'src="https://player.vimeo.com/video/146022717?dnt=1" title="Vimeo動画"',
        ),
        (
            '{{< x user="SanDiegoZoo" id="1453110110599868418" >}}',
            '<blockquote class="post-embed">\n<p><a href="https://x.com/SanDiegoZoo/status/'
            '1453110110599868418">Xの投稿を見る（@SanDiegoZoo）</a></p>\n</blockquote>',
        ),
        (
            "{{< tweet SanDiegoZoo 1453110110599868418 >}}",
            '<a href="https://x.com/SanDiegoZoo/status/1453110110599868418">',
        ),
        (
            "{{< gist spf13 7896402 img.html >}}",
            '<a href="https://gist.github.com/spf13/7896402">spf13/img.html (GitHub Gist)</a>',
        ),
    ],
)
def test_hugos_embeds_load_nothing_from_a_tracker(shortcode: str, expected: str) -> None:
    result = render(f"前文。\n\n{shortcode}\n")
    assert result.problems == ()
    assert expected in result.html and "<script" not in result.html


def test_an_embed_in_english_and_one_that_names_nothing() -> None:
    assert "View the post on X (@a)" in render("{{< x user=a id=1 >}}", "en").html
    result = render('{{< vimeo abc >}}\n\n{{< x user="a b" id=1 >}}\n\n{{< gist a >}}')
    assert [(p.line, p.message) for p in result.problems] == [
        (5, "vimeo: not the number of a video: 'abc'"),
        (7, 'x: needs user and the number of a post: {{< x user="a b" id=1 >}}'),
        (9, "gist: needs a user and the id of a gist: {{< gist a >}}"),
    ]
