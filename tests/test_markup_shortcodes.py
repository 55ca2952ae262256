"""Shortcodes besides the calculator: figure, youtube, and the ones sitegen does not know."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import article, build_site, read, write_site

from sitegen.config import MarkdownConfig
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered

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
        ' src="\x02sitegen-link:0\x03" width="640"><figcaption>図1 売上の推移</figcaption>\n</figure>'
    )
    [link] = result.links
    assert (link.target, link.line) == ("content/posts/images/chart.png", 7)
    assert result.problems == ()


def test_a_figure_may_link_and_name_its_own_alt_text() -> None:
    html = render(
        '{{< figure src="/a.png" alt="棒グラフ" link="https://example.com/" width=40 >}}'
    ).html
    assert (
        '<a href="https://example.com/">'
        '<img alt="棒グラフ" decoding="async" src="/blog/a.png" width="40"></a>' in html
    )
    assert "figcaption" not in html


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
            '{{< figure src="a.png" class="big" >}}',
            "figure: unknown argument 'class'",
            "it takes alt, caption",
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
        ("{{< calculator >}}", "calculator marker not on a line of its own or malformed", ""),
    ],
)
def test_a_shortcode_written_wrong_is_an_error_at_its_line(
    body: str, message: str, hint: str
) -> None:
    [problem] = render(f"前文。\n\n{body}\n").problems
    assert (problem.severity, problem.line) == ("error", 7)
    assert problem.message.startswith(message)
    assert hint in problem.hint


def test_an_unknown_shortcode_stays_text_with_a_warning_naming_the_known_ones() -> None:
    result = render('{{< tweet user="sitegen" id="1234" >}}\n\n本文 {{< gist a b >}} も。')
    assert result.html == (
        '<p>{{&lt; tweet user="sitegen" id="1234" &gt;}}</p>\n<p>本文 {{&lt; gist a b &gt;}} も。</p>'
    )
    assert [str(p) for p in result.problems] == [
        "content/posts/a.md:5: warning: unknown shortcode 'tweet', shown as text:"
        ' {{< tweet user="sitegen" id="1234" >}} (hint: sitegen knows: calculator, figure, youtube)'
    ]


def test_an_unknown_shortcode_close_to_a_known_one_is_named() -> None:
    [problem] = render(f"{{{{< youtub {VIDEO} >}}}}").problems
    assert problem.hint == "did you mean 'youtube'?"


def test_shortcodes_in_code_are_text() -> None:
    body = f"`{{{{< youtube {VIDEO} >}}}}`\n\n```\n{{{{< figure src=a.png >}}}}\n```\n\n    {{{{< tweet 1 >}}}}\n"
    result = render(body)
    assert result.problems == () and "iframe" not in result.html and "<figure" not in result.html
    assert result.html.count("{{&lt;") == 3


def test_a_figure_in_a_built_site_shows_its_copied_picture_or_warns(tmp_path: Path) -> None:
    body = '{{< figure src="images/chart.png" caption="図1" >}}\n\n{{< figure src="images/none.png" >}}'
    files = {
        "content/posts/a.md": article("記事", slug="a", body=body),
        "content/posts/images/chart.png": b"\x89PNG",
    }
    result = build_site(write_site(tmp_path, files))
    assert '<img alt="図1" decoding="async" src="/posts/images/chart.png">' in read(
        tmp_path, "posts/a/index.html"
    )
    assert (tmp_path / "public/posts/images/chart.png").read_bytes() == b"\x89PNG"
    assert [str(w) for w in result.warnings if "broken" in w.message] == [
        "content/posts/a.md:9: warning: broken link: no file 'content/posts/images/none.png'"
    ]
