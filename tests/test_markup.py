"""Markdown conversion: extensions, Japanese line breaks, raw HTML policy, links."""

from __future__ import annotations

import dataclasses
import html as htmllib
import re
from pathlib import Path

from sitekit import article, build_site, read, write_site

from sitegen.config import MarkdownConfig
from sitegen.markup import (
    MarkdownRenderer,
    MarkupOptions,
    Rendered,
    image_placeholder,
    placeholder,
)


def render(body: str, first_line: int = 1, **markdown: object) -> Rendered:
    config = dataclasses.replace(MarkdownConfig(), **markdown)  # type: ignore[arg-type]
    renderer = MarkdownRenderer(MarkupOptions(config, base_path="/blog"))
    return renderer.render(body, path="content/posts/a.md", first_line=first_line)


def test_cjk_line_breaks_join_japanese_lines_only() -> None:
    html = render("金融機関は信頼が命。\nここで支払わないのは損\nIt is a\nrisk.").html
    assert "金融機関は信頼が命。ここで支払わないのは損\nIt is a\nrisk." in html


def test_an_attribute_list_on_a_line_of_its_own_after_a_japanese_sentence_applies() -> None:
    """QA: the sentence end joined the next line, so {: .lead } became text."""
    html = render("最初の文。\n{: .lead }\n\n次の段落で\nある。", line_breaks="cjk").html
    assert html == '<p class="lead">最初の文。</p>\n<p>次の段落である。</p>'


def test_no_space_is_left_after_japanese_punctuation_whatever_the_next_line_starts_with() -> None:
    text = "謝罪金を発表した。\n8万人が対象です。\nEC事業も、\n**1人あたり**の額は\n「未定」\n(仮)"
    html = render(text).html
    assert (
        "発表した。8万人が対象です。EC事業も、<strong>1人あたり</strong>の額は「未定」(仮)" in html
    )


def test_a_footnote_reference_after_japanese_punctuation_does_not_keep_the_newline() -> None:
    html = render("発表した。[^1]\n次の文。\n数字[^1]\n次\nApple[^1]\n次\n\n[^1]: 注").html
    assert '発表した。<sup id="fnref:1">' in html and "</sup>次の文。" in html
    assert "数字<sup" in html and "</sup>次" in html  # between two Japanese characters
    assert "</sup>\n次" in html  # after Latin text it stays a space


def test_an_ellipsis_exclamation_question_mark_or_emoji_ends_a_japanese_line() -> None:
    text = "長い沈黙……\n次の行。\nすごい!\n次。本当?\nYes.\n\n終わる😀\n次。\n沈黙\n……と言った。"
    assert render(text).html == (
        "<p>長い沈黙……次の行。すごい!次。本当?Yes.</p>\n<p>終わる😀次。沈黙……と言った。</p>"
    )


def test_after_latin_text_an_ellipsis_or_an_exclamation_mark_keeps_the_newline() -> None:
    text = "Wow!\n次の文\n\nWell…\nnext.\n\nGreat 😀\n次\n\nすごい! 次。"
    html = render(text).html  # and a space typed after すごい! stays too
    assert html == "\n".join(f"<p>{p}</p>" for p in text.split("\n\n"))


def test_a_newline_between_japanese_text_and_a_number_disappears_but_not_next_to_latin() -> None:
    # QA: 「前年比で\n120%」 read 「前年比で 120%」; a writer does not take 120% for Latin text.
    text = (
        "売上は前年比で\n120%になった。\n\n前年比120%\nと伸び、2024\n年には**1,000**\n円。\n\n"
        "前年比で\n１２０％。sitegen\nは 120\n300 Windows\n11 と\n`120`"
    )
    assert render(text).html == (
        "<p>売上は前年比で120%になった。</p>\n"
        "<p>前年比120%と伸び、2024年には<strong>1,000</strong>円。</p>\n"
        "<p>前年比で１２０％。sitegen\nは 120\n300 Windows\n11 と\n<code>120</code></p>"
    )


def test_a_number_with_a_sign_or_currency_sign_joins_the_japanese_line_before_it() -> None:
    # QA: 「気温は −5度」: only a bare digit counted as the start of a number.
    html = render("気温は\n−5度、前年比は\n+20%、価格は\n¥1,000と\n$10。Price\n$10").html
    assert html == "<p>気温は−5度、前年比は+20%、価格は¥1,000と$10。Price\n$10</p>"


def test_a_list_written_straight_after_a_line_is_kept_apart_and_a_warning() -> None:
    # QA: 「理由は次の三つ1. 価格が高い2. 品質が低い」: the list stays in the paragraph
    # (Python-Markdown lets no list interrupt one), and its lines were glued.
    rendered = render(
        "前置き。\n\n理由は次の三つ\n1. 価格が高い\n2. 品質が低い\n\n> 例えば\n> - 一つ目\n",
        first_line=5,
    )
    assert rendered.html == (
        "<p>前置き。</p>\n<p>理由は次の三つ\n1. 価格が高い\n2. 品質が低い</p>\n"
        "<blockquote>\n<p>例えば\n- 一つ目</p>\n</blockquote>"
    )
    warning = (
        "warning: this line looks like a list item but is part of the paragraph above"
        " (hint: put a blank line before the list)"
    )
    assert [str(p) for p in rendered.problems] == [
        f"content/posts/a.md:8: {warning}",
        f"content/posts/a.md:12: {warning}",
    ]


def test_a_line_opened_by_a_number_other_than_1_is_prose_without_a_warning() -> None:
    # QA: wrapped English prose (founded in / 1999. It grew fast.) was a warning; only a
    # list that starts at 1 may interrupt a paragraph on GitHub, so only 1. and the
    # bullets warn. 1) opens no list in Python-Markdown, even after a blank line.
    rendered = render(
        "The company was founded in\n1999. It grew fast.\n\nThe answer is\n12. That is all."
        "\n\nAs said in\n1) see above\n\nThe steps:\n1. Plan\n2. Do\n\nOr:\n+ this\n"
    )
    assert "1999. It grew" in rendered.html and "<ol>" not in rendered.html
    warning = "this line looks like a list item but is part of the paragraph above"
    assert [p.line for p in rendered.problems if warning in str(p)] == [11, 15]


def test_no_warning_for_a_list_after_a_blank_line_or_lines_in_code() -> None:
    body = (
        "理由は次の三つ\n\n1. 価格が高い\n2. 品質が低い\n\n"
        "`コード\n1. の中` と\n1) 括弧の番号\n\n    コード\n    - の中\n\n"
        "```\n本文\n- の中\n```\n\n1.5倍に\n2.5倍\n"
    )
    rendered = render(body)
    assert "<ol>" in rendered.html and rendered.problems == ()


def test_cjk_line_breaks_see_across_inline_elements() -> None:
    html = render("これは**強調**\nです。\n`code`\nの後").html
    assert "<strong>強調</strong>です。" in html
    assert "<code>code</code>\nの後" in html  # code is never treated as Japanese


def test_soft_line_breaks_keep_the_newline() -> None:
    assert "命。\nここ" in render("命。\nここ", line_breaks="soft").html


def test_hard_line_breaks_become_br() -> None:
    assert "命。<br>\nここ" in render("命。\nここ", line_breaks="hard").html


def test_standard_extensions() -> None:
    body = (
        "| 項目 | 金額 |\n| --- | --- |\n| 謝罪金 | 8,000万円 |\n\n"
        "本文[^1]。\n\n[^1]: 注釈。\n\n"
        "用語\n: 説明\n\n"
        "HTML は便利。\n\n*[HTML]: Hyper Text Markup Language\n\n"
        "段落\n{: .lead }\n\n"
        "```python\nprint('x')\n```\n"
    )
    html = render(body).html
    assert "<table>" in html and "<td>8,000万円</td>" in html
    assert 'class="footnote-ref"' in html and 'title="脚注1の参照元へ戻る"' in html
    assert "<dl>\n<dt>用語</dt>\n<dd>説明</dd>" in html
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr>' in html
    assert '<p class="lead">段落</p>' in html
    assert '<div class="highlight"><pre><span></span><code><span class="nb">print</span>' in html


def test_highlight_off_leaves_a_language_class() -> None:
    html = render("```python\nprint('x')\n```\n", highlight=False).html
    assert '<code class="language-python">' in html


def test_japanese_headings_get_working_anchors_and_toc() -> None:
    rendered = render("## 謝罪金はいくらか\n\n### 相場\n\n## 謝罪金はいくらか\n")
    assert '<h2 id="謝罪金はいくらか">' in rendered.html
    assert '<a aria-labelledby="謝罪金はいくらか" class="headerlink" href="#謝罪金はいくらか"' in (
        rendered.html
    )
    assert [(h.level, h.id, h.title) for h in rendered.toc] == [
        (2, "謝罪金はいくらか", "謝罪金はいくらか"),
        (3, "相場", "相場"),
        (2, "謝罪金はいくらか_1", "謝罪金はいくらか"),
    ]


def test_a_headings_link_follows_it_outside_named_by_the_heading() -> None:
    # Inside the heading, its "#" would end the heading's name: 謝罪金の相場#.
    html = render("前文。\n\n## 謝罪金の*相場*\n\n本文。\n\n> ### 引用の中\n").html
    assert html == (
        '<p>前文。</p>\n<div class="heading"><h2 id="謝罪金の相場">謝罪金の<em>相場</em></h2>'
        '<a aria-labelledby="謝罪金の相場" class="headerlink" href="#謝罪金の相場"'
        ' title="この見出しへのリンク">#</a></div>\n<p>本文。</p>\n<blockquote>\n'
        '<div class="heading"><h3 id="引用の中">引用の中</h3><a aria-labelledby="引用の中"'
        ' class="headerlink" href="#引用の中" title="この見出しへのリンク">#</a></div>\n'
        "</blockquote>"
    )


def test_toc_depth_is_the_deepest_heading_level_listed() -> None:
    body = "## 二段\n\n### 三段\n\n#### 四段\n"
    levels = [h.level for h in render(body).toc]
    assert levels == [2, 3]  # the default, 3
    assert [h.level for h in render(body, toc_depth=2).toc] == [2]
    assert [h.level for h in render(body, toc_depth=4).toc] == [2, 3, 4]
    assert render(body, toc_depth=1).toc == ()
    assert '<h4 id="四段">' in render(body, toc_depth=1).html  # every heading keeps its anchor


def test_toc_titles_are_plain_text_for_the_theme_to_escape_once() -> None:
    body = "## M&A の費用\n\n### R&D投資 & <記号>\n\n## 5 &lt; 7 &amp; **太字**\n"
    toc = render(body, unsafe_html=True).toc
    assert [h.title for h in toc] == ["M&A の費用", "R&D投資 & <記号>", "5 < 7 & 太字"]


def test_the_table_of_contents_shows_ampersands_and_brackets_as_written(tmp_path: Path) -> None:
    body = "## M&A の費用\n\n本文。\n\n## 5 &lt; 7 &gt; 3\n\n本文。\n"
    write_site(tmp_path, {"content/posts/a.md": article("目次", body=body)})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    start = page.index('<nav class="toc"')
    toc = page[start : page.index("</nav>", start)]
    assert ">M&amp;A の費用</a>" in toc and ">5 &lt; 7 &gt; 3</a>" in toc
    assert "&amp;amp;" not in page and "&amp;lt;" not in page


def test_raw_html_is_omitted_and_reported_with_its_line() -> None:
    rendered = render("一行目\n\n<div>生のHTML</div>\n\n文中の <span>タグ</span>。\n", first_line=5)
    assert "<div>" not in rendered.html and "<span>" not in rendered.html
    assert rendered.html.count("<!-- raw HTML omitted -->") == 3
    assert [(p.line, p.message) for p in rendered.problems] == [
        (7, "raw HTML omitted: '<div>生のHTML</div>'"),
        (9, "raw HTML omitted: '<span>'"),
        (9, "raw HTML omitted: '</span>'"),
    ]
    assert all(p.severity == "warning" for p in rendered.problems)


def test_raw_html_is_kept_when_allowed() -> None:
    rendered = render("<div>生のHTML</div>\n", unsafe_html=True)
    assert "<div>生のHTML</div>" in rendered.html
    assert rendered.problems == ()


def test_entities_are_not_raw_html() -> None:
    rendered = render("AT&amp;T と &copy;")
    assert "AT&amp;T と &copy;" in rendered.html
    assert rendered.problems == ()


def test_script_links_are_removed() -> None:
    rendered = render("[押して](javascript:alert(1)) と ![x](data:image/png;base64,AAAA)")
    assert "javascript:" not in rendered.html and "data:" not in rendered.html
    assert [p.message for p in rendered.problems] == [
        "unsafe link removed: 'javascript:alert(1)'",
        "unsafe link removed: 'data:image/png;base64,AAAA'",
    ]


def test_an_address_in_angle_brackets_links_to_mail_and_stays_hidden_from_robots() -> None:
    rendered = render("ご相談は <info@example.com> まで。")
    assert not rendered.links and not rendered.problems
    link = re.search(r'<a href="([^"]+)">([^<]+)</a>', rendered.html)
    assert link is not None and "info@" not in link.group(0)  # entities only
    assert htmllib.unescape(link.group(1)) == "mailto:info@example.com"
    assert htmllib.unescape(link.group(2)) == "info@example.com"


def test_relative_links_become_placeholders_resolved_later() -> None:
    rendered = render(
        "[次](next.md#top) と ![図](img/chart.png) と [外](https://example.com/)\n", first_line=4
    )
    assert [(link.target, link.fragment, link.line) for link in rendered.links] == [
        ("content/posts/next.md", "top", 4),
        ("content/posts/img/chart.png", "", 4),
    ]
    assert f'href="{placeholder(0)}"' in rendered.html
    assert f'src="{image_placeholder(1)}"' in rendered.html  # it gets the picture's size too
    assert 'href="https://example.com/"' in rendered.html
    sized = render("![図](img/chart.png){width=20}").html
    assert f'src="{placeholder(0)}" width="20"' in sized  # a size of its own: a plain link


def test_root_relative_links_get_the_base_path() -> None:
    assert 'href="/blog/about/"' in render("[このブログについて](/about/)").html


def test_images_from_the_site_root_without_a_size_become_placeholders_resolved_later() -> None:
    rendered = render("[自己紹介](/about/) と ![図](/img/chart.png)\n\n![図](/img/a.png){width=20}")
    assert [(link.target, link.unsized_image) for link in rendered.root_links] == [
        ("about/", False),
        ("img/chart.png", True),
        ("img/a.png", False),
    ]
    assert f'src="{image_placeholder(1, rooted=True)}"' in rendered.html  # sized later
    assert 'src="/blog/img/a.png" width="20"' in rendered.html


def test_plain_text_for_summary_leaves_out_quotes_and_code() -> None:
    rendered = render("自分の文。\n\n> 引用された文。\n\n```\ncode\n```\n\n- 項目\n")
    assert rendered.summary_text.split() == ["自分の文。", "項目。"]  # a list item ends
    assert "引用された文。" in rendered.full_text


def test_the_plain_text_of_headings_leaves_their_permalinks_out() -> None:
    rendered = render("## calc c\n\n### 試算\n")
    assert 'class="headerlink"' in rendered.html
    assert rendered.plain_text.split() == rendered.full_text.split() == ["calc", "c", "試算"]


MIGRATED = (
    "<p>WordPressから移した本文です。<strong>大事な</strong>点&amp;要点。</p>\n"
    "<blockquote><p>引用された文。</p></blockquote>\n"
    "<ul><li>項目A<li>項目B</ul>\n"
    "<script>var x = 1;</script>\n\n"
    "Markdownの段落。\n"
)


def test_summary_reads_the_authors_raw_html_blocks_when_they_are_kept() -> None:
    rendered = render(MIGRATED, unsafe_html=True)
    assert rendered.summary_text.split() == [
        "WordPressから移した本文です。大事な点&要点。",
        "項目A、",  # an item that is not closed ends where the next begins
        "項目B。",
        "Markdownの段落。",
    ]
    assert "引用された文。" in rendered.full_text and "var x" not in rendered.full_text
    assert "<strong>大事な</strong>" in rendered.html  # the page shows the HTML itself


def test_summary_leaves_out_raw_html_that_is_omitted() -> None:
    rendered = render(MIGRATED)  # unsafe_html is off: the HTML is not on the page
    assert rendered.summary_text.split() == ["Markdownの段落。"]
    assert "WordPress" not in rendered.full_text


def test_raw_html_wrapped_in_divs_is_read_as_its_paragraphs() -> None:
    """QA: a WordPress post's text inside a <div> was left out of the summary, which
    then came from under its first heading."""
    body = (
        '<div class="entry"><p>導入の<span>段落</span>。</p>\n<h2>見出し</h2>\n'
        "<p>見出しの下。</p></div>\n"
    )
    assert render(body, unsafe_html=True).summary_text.split() == ["導入の段落。"]


def test_the_lead_above_a_divider_reads_raw_html_too() -> None:
    rendered = render("<p>導入の段落。</p>\n\n<!--more-->\n\n<p>続き。</p>\n", unsafe_html=True)
    assert rendered.lead.split() == ["導入の段落。"]


def test_renderer_is_reused_without_leaking_state_between_documents() -> None:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig()))
    first = renderer.render("[a](a.md)\n\n<b>x</b>", path="content/a.md")
    second = renderer.render("本文だけ。", path="content/b.md")
    assert len(first.links) == 1 and len(first.problems) == 2
    assert second.links == () and second.problems == ()
    assert second.html == "<p>本文だけ。</p>"


def test_markdown_nested_too_deeply_is_an_error_at_its_deepest_line() -> None:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig()))
    nested = "前書き\n\n" + "".join("  " * depth + "- 項目\n" for depth in range(600))
    rendered = renderer.render(nested, path="content/posts/a.md", first_line=5)
    assert [(p.line, p.message, p.is_error) for p in rendered.problems] == [
        (5 + 2 + 599, "the Markdown nests too deeply to convert", True)
    ]
    # The renderer is as good as new for the next document.
    again = renderer.render("- 一\n  - 二", path="content/posts/b.md")
    assert again.problems == () and again.html == render("- 一\n  - 二").html


def test_images_after_the_first_load_lazily_and_all_decode_off_the_main_thread() -> None:
    body = "![表紙](/cover.png)\n\n本文。\n\n![図](chart.png)\n\n![写真](p.png){loading=eager}"
    html = render(body).html
    # The first, often the page's largest paint, is fetched before the rest (QA: as
    # WordPress 6.3 does).
    first = f'<img alt="表紙" decoding="async" fetchpriority="high" src="{image_placeholder(0, rooted=True)}">'
    assert first in html
    assert '<img alt="図" decoding="async" loading="lazy" src="' in html
    assert '<img alt="写真" decoding="async" loading="eager" src="' in html  # the author's choice
    assert html.count("fetchpriority") == 1


def test_a_first_image_the_author_loads_lazily_is_not_fetched_first() -> None:
    html = render("![表紙](/cover.png){loading=lazy}\n\n![図](chart.png)").html
    assert '<img alt="表紙" decoding="async" loading="lazy" src="' in html
    assert '<img alt="図" decoding="async" loading="lazy" src="' in html
    assert "fetchpriority" not in html


def test_bare_web_addresses_link_themselves_up_to_the_japanese_text() -> None:
    html = render(
        "詳しくはhttps://example.com/a?x=1&y=2を参照。\n\n"
        "See https://ja.wikipedia.org/wiki/A_(b), or (https://example.com/c).\n\n"
        "`https://example.com/code` と [名前](https://example.com/d) と xhttps://example.com/e"
    ).html
    assert (
        '詳しくは<a href="https://example.com/a?x=1&amp;y=2">https://example.com/a?x=1&amp;y=2</a>を参照。'
        in html
    )
    assert (
        '<a href="https://ja.wikipedia.org/wiki/A_(b)">https://ja.wikipedia.org/wiki/A_(b)</a>, or'
        in html
    )
    assert '(<a href="https://example.com/c">https://example.com/c</a>).' in html
    assert "<code>https://example.com/code</code>" in html
    assert (
        '<a href="https://example.com/d">名前</a>' in html and "xhttps://example.com/e</p>" in html
    )


def test_strikethrough_as_on_github() -> None:
    html = render("~~取り消し~~と~~**強調も**~~。\n\n閉じない~~だけ。\n\n\\~~そのまま~~").html
    assert "<p><del>取り消し</del>と<del><strong>強調も</strong></del>。</p>" in html
    assert "<p>閉じない~~だけ。</p>\n<p>~~そのまま~~</p>" in html


def test_links_to_affiliate_hosts_are_marked_sponsored() -> None:
    html = render(
        "[本](https://px.a8.net/svt/ejp?a8mat=1) [店](https://www.af.moshimo.com/af/c){rel=nofollow}"
        " https://amzn.to/3x [他](https://example.com/) [似](https://px.a8.net.example.com/)"
    ).html
    assert '<a href="https://px.a8.net/svt/ejp?a8mat=1" rel="sponsored">本</a>' in html
    assert 'rel="nofollow sponsored">店</a>' in html
    assert '<a href="https://amzn.to/3x" rel="sponsored">' in html
    assert '<a href="https://example.com/">他</a>' in html
    assert '<a href="https://px.a8.net.example.com/">似</a>' in html
    mine = render("[紹介](https://shop.example.jp/p?aff=1)", sponsored=("example.jp",)).html
    assert 'rel="sponsored"' in mine


def test_amazon_links_with_an_associate_tag_are_marked_sponsored() -> None:
    """QA: an Amazon Associates link (?tag=…-22) was a plain link; a link to Amazon
    without a tag is no paid link."""
    html = render(
        "[本](https://www.amazon.co.jp/dp/4000000000?tag=satoconsult-22&linkCode=ogi&th=1)"
        " [US](https://amazon.com/dp/B0?tag=me-20) [無](https://www.amazon.co.jp/dp/4000000000)"
        " [空](https://www.amazon.co.jp/dp/1?tag=) [他](https://example.com/?tag=me-22)"
        " [afb](https://t.afi-b.com/visit.php?a=1)"
    ).html
    assert (
        '<a href="https://www.amazon.co.jp/dp/4000000000?tag=satoconsult-22&amp;linkCode=ogi&amp;'
        'th=1" rel="sponsored">本</a>'
    ) in html
    assert '<a href="https://amazon.com/dp/B0?tag=me-20" rel="sponsored">US</a>' in html
    assert '<a href="https://www.amazon.co.jp/dp/4000000000">無</a>' in html
    assert '<a href="https://www.amazon.co.jp/dp/1?tag=">空</a>' in html
    assert '<a href="https://example.com/?tag=me-22">他</a>' in html
    assert 'rel="sponsored">afb</a>' in html
    # A rule of the site's own, with a parameter
    mine = render(
        "[店](https://shop.example.jp/p?aff=1) [素](https://shop.example.jp/p)",
        sponsored=("example.jp?aff",),
    ).html
    assert 'rel="sponsored">店</a>' in mine and '<a href="https://shop.example.jp/p">素</a>' in mine


def test_a_full_width_space_opening_a_paragraph_is_kept_as_its_indent() -> None:
    """QA: the 字下げ (U+3000) of a paragraph's first line was lost, its later lines' kept."""
    html = render("　一段落目。\n　一段落目の二文目。\n\n　二段落目。\n\n> 　引用の段落。").html
    assert html == (
        "<p>\u3000一段落目。\u3000一段落目の二文目。</p>\n<p>\u3000二段落目。</p>\n"
        "<blockquote>\n<p>\u3000引用の段落。</p>\n</blockquote>"
    )
    # Spaces and tabs still open no paragraph; four of them still open code; U+3000
    # opens no list, and a list item keeps one as a paragraph does.
    html = render("  二つの空白\n\n    code\n\n　- 項目でない\n\n- 　項目\n- 次").html
    assert html.startswith('<p>二つの空白</p>\n<div class="highlight"><pre>')
    assert "<p>\u3000- 項目でない</p>\n<ul>\n<li>\u3000項目</li>\n<li>次</li>\n</ul>" in html
    # The summary reads without it.
    assert render("　一段落目。\n\n　二段落目。").summary_text.split() == [
        "一段落目。",
        "二段落目。",
    ]
