"""Quotations that name their source: ``> [!quote ID]`` rendered as captioned figures."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sitekit import build_site, read, write_site

from sitegen.config import MarkdownConfig
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered
from sitegen.model import Citation

TOKYO_BIZ = Citation(
    "tokyo-biz-0311",
    "東京ビジネス新聞",
    dt.date(2024, 3, 11),
    "ミナト生命、8万人に謝罪金",
    "https://news.example.com/tokyo-biz/0311",
)
WEEKLY = Citation("weekly", "経済ウィークリー&電子版*")  # no date, no URL


def render(body: str, language: str = "ja", first_line: int = 10) -> Rendered:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig(), language=language))
    return renderer.render(
        body, path="content/posts/a.md", first_line=first_line, sources=(TOKYO_BIZ, WEEKLY)
    )


def messages(rendered: Rendered) -> list[str]:
    return [str(p) for p in rendered.problems]


def test_a_quote_becomes_a_figure_with_a_japanese_caption() -> None:
    rendered = render(
        "> [!quote tokyo-biz-0311]\n> ミナト生命は11日、\n> 謝罪金を支払うと発表した。\n"
    )
    assert rendered.html == (
        '<figure class="quote" id="quote-tokyo-biz-0311">\n'
        '<blockquote cite="https://news.example.com/tokyo-biz/0311">\n'
        "<p>ミナト生命は11日、謝罪金を支払うと発表した。</p>\n"
        "</blockquote>\n"
        '<figcaption>引用: 2024年3月11日 <a href="https://news.example.com/tokyo-biz/0311">東京ビジネス新聞</a>'
        ' <a class="quote__ref" href="#source-tokyo-biz-0311">[出典1]</a></figcaption>\n'
        "</figure>"
    )
    assert rendered.quoted == ("tokyo-biz-0311",)
    assert rendered.problems == ()


def test_the_english_caption_puts_the_publisher_first() -> None:
    html = render("> [!quote tokyo-biz-0311]\n> Minato Life said on the 11th.\n", "en").html
    assert (
        '<figcaption>Quoted from <a href="https://news.example.com/tokyo-biz/0311">東京ビジネス新聞</a>'
        ', March 11, 2024 <a class="quote__ref" href="#source-tokyo-biz-0311">[source 1]</a></figcaption>'
    ) in html


def test_a_source_without_url_or_date_is_named_as_written() -> None:
    html = render("> [!quote weekly]\n> 後始末の費用。\n").html
    assert "<blockquote>\n<p>後始末の費用。</p>" in html  # no cite attribute without a URL
    assert (
        "<figcaption>引用: 経済ウィークリー&amp;電子版* "
        '<a class="quote__ref" href="#source-weekly">[出典2]</a></figcaption>'
    ) in html
    english = render("> [!quote weekly]\n> Costs.\n", "en").html
    assert "<figcaption>Quoted from 経済ウィークリー&amp;電子版* <a" in english


def test_markdown_inside_a_quote_still_works() -> None:
    body = (
        "> [!quote tokyo-biz-0311]\n"
        "> 同社は**謝罪金**を支払う。\n"
        ">\n"
        "> - 調査の委託費\n"
        "> - *コールセンター*の増設\n"
        ">\n"
        "> 二つ目の段落。\n"
    )
    html = render(body).html
    assert "<p>同社は<strong>謝罪金</strong>を支払う。</p>" in html
    assert "<ul>\n<li>調査の委託費</li>\n<li><em>コールセンター</em>の増設</li>\n</ul>" in html
    assert "<p>二つ目の段落。</p>\n</blockquote>\n<figcaption>" in html


def test_the_marker_may_stand_alone_in_its_paragraph_in_any_case() -> None:
    for body in (
        "> [!quote tokyo-biz-0311]\n>\n> 本文。\n",
        "> [!QUOTE tokyo-biz-0311]  \n> 本文。\n",
    ):
        rendered = render(body)
        assert (
            '<blockquote cite="https://news.example.com/tokyo-biz/0311">\n<p>本文。</p>'
            in rendered.html
        )
        assert "[!" not in rendered.html and rendered.problems == ()


def test_text_after_the_marker_on_its_line_is_an_error_not_the_sources_words() -> None:
    rendered = render(
        "> [!quote tokyo-biz-0311] 見出し付き\n> 本文。\n\n> [!quote weekly] 一行。\n"
    )
    hint = (
        "(hint: a quotation holds the source's words only, from the line after the marker;"
        " a title or words of your own go outside it)"
    )
    assert messages(rendered) == [
        f"content/posts/a.md:10: text after [!quote tokyo-biz-0311] on its line: '見出し付き' {hint}",
        f"content/posts/a.md:13: text after [!quote weekly] on its line: '一行。' {hint}",
    ]


def test_quoting_a_source_twice_gives_each_figure_its_own_id() -> None:
    rendered = render(
        "> [!quote weekly]\n> 一。\n\n間の文。\n\n> [!quote weekly]\n> 二。\n\n- 箇条書き\n\n"
        "    > [!quote tokyo-biz-0311]\n    > 三。\n"
    )
    assert '<figure class="quote" id="quote-weekly">' in rendered.html
    assert '<figure class="quote" id="quote2-weekly">' in rendered.html
    assert '<figure class="quote" id="quote-tokyo-biz-0311">' in rendered.html
    assert rendered.quoted == ("weekly", "weekly", "tokyo-biz-0311")


def test_quote_ids_are_unique_whatever_the_source_ids() -> None:
    sources = [Citation(i, "新聞") for i in ("a", "a-2", "2-a", "quote2-a")]
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig()))
    body = "".join(
        f"> [!quote {i}]\n> 引用。\n\n" for i in ("a", "a", "a-2", "2-a", "quote2-a", "a")
    )
    rendered = renderer.render(body, path="content/posts/a.md", sources=sources)
    ids = re.findall(r'<figure class="quote" id="([^"]+)"', rendered.html)
    assert ids == ["quote-a", "quote2-a", "quote-a-2", "quote-2-a", "quote-quote2-a", "quote3-a"]
    assert rendered.problems == ()


def test_quotes_separated_only_by_a_blank_line_stay_apart() -> None:
    # Python-Markdown merges such blockquotes into one; each marker starts a new one.
    rendered = render(
        "> 地の引用。\n\n> [!quote tokyo-biz-0311]\n> 一。\n\n> [!quote weekly]\n> 二。\n\n後の文。\n"
    )
    html = rendered.html
    assert html.startswith("<blockquote>\n<p>地の引用。</p>\n</blockquote>\n<figure")
    assert '<p>一。</p>\n</blockquote>\n<figcaption>引用: 2024年3月11日 <a href="https' in html
    assert "<p>二。</p>\n</blockquote>\n<figcaption>引用: 経済ウィークリー" in html
    assert html.endswith("</figure>\n<p>後の文。</p>")
    assert rendered.quoted == ("tokyo-biz-0311", "weekly")


def test_a_blank_line_ends_a_quotation_so_the_writers_own_quote_is_not_credited_to_it() -> None:
    # Python-Markdown alone merges blank-line-separated blockquotes into one; GitHub
    # and CommonMark show them apart, and the caption must not cover the second.
    rendered = render(
        "> [!quote tokyo-biz-0311]\n> 社長は謝罪した。\n\n> これは私の意見だ。\n\n"
        "> [!NOTE]\n> 補足の文。\n\n> 普通の引用。\n\n> 地の引用。\n"
    )
    assert rendered.html == (
        '<figure class="quote" id="quote-tokyo-biz-0311">\n'
        '<blockquote cite="https://news.example.com/tokyo-biz/0311">\n'
        "<p>社長は謝罪した。</p>\n</blockquote>\n<figcaption>引用: 2024年3月11日 "
        '<a href="https://news.example.com/tokyo-biz/0311">東京ビジネス新聞</a> '
        '<a class="quote__ref" href="#source-tokyo-biz-0311">[出典1]</a></figcaption>\n'
        "</figure>\n<blockquote>\n<p>これは私の意見だ。</p>\n</blockquote>\n"
        '<div class="alert alert--note" role="note">\n<p class="alert__title">補足</p>\n'
        "<p>補足の文。</p>\n</div>\n<blockquote>\n<p>普通の引用。</p>\n</blockquote>\n"
        "<blockquote>\n<p>地の引用。</p>\n</blockquote>"
    )
    # QA: text written when such blockquotes were merged lost its attribution silently.
    # A plain blockquote after a plain one meant, and means, the same: no warning.
    hint = (
        "(hint: write '>' on the blank line to continue it, or put text between them"
        " if it is your own)"
    )
    assert messages(rendered) == [
        "content/posts/a.md:13: warning: this blockquote is not part of the quotation above"
        f" (a blank line ends one) {hint}",
        "content/posts/a.md:18: warning: this blockquote is not part of the alert above"
        f" (a blank line ends one) {hint}",
    ]
    assert "[!" not in rendered.html


def test_a_blockquote_after_a_marked_part_of_a_blockquote_is_warned_of_not_after_a_marker() -> None:
    rendered = render(
        "> 前置き。\n>\n> [!quote weekly]\n> 一。\n\n> 二。\n\n"
        "> [!quote tokyo-biz-0311]\n> 三。\n\n> [!TIPS]\n> 四。\n\n> 五。\n"
    )
    assert [(p.line, p.message.split(" (")[0]) for p in rendered.problems] == [
        (15, "this blockquote is not part of the quotation above"),
        (20, "unknown marker [!TIPS]: left as written"),
    ]


def test_a_lone_angle_bracket_keeps_a_quotation_going_and_a_marker_still_opens_a_new_one() -> None:
    rendered = render(
        "> [!quote weekly]\n> 一段落目。\n>\n> 二段落目。\n>\n> [!quote tokyo-biz-0311]\n> 三。\n"
    )
    assert (
        "<blockquote>\n<p>一段落目。</p>\n<p>二段落目。</p>\n</blockquote>\n"
        "<figcaption>引用: 経済ウィークリー"
    ) in rendered.html
    assert "<p>三。</p>\n</blockquote>\n<figcaption>引用: 2024年3月11日" in rendered.html
    assert rendered.quoted == ("weekly", "tokyo-biz-0311") and rendered.problems == ()


def test_blank_line_separated_blockquotes_stay_apart_inside_lists_and_quotes() -> None:
    html = render("- 項目\n\n    > 一。\n\n    > 二。\n\n> > 三。\n>\n> > 四。\n").html
    assert "<blockquote>\n<p>一。</p>\n</blockquote>\n<blockquote>\n<p>二。</p>" in html
    assert (
        "<blockquote>\n<blockquote>\n<p>三。</p>\n</blockquote>\n"
        "<blockquote>\n<p>四。</p>\n</blockquote>\n</blockquote>"
    ) in html


def test_a_quotation_that_quotes_nothing_is_an_error_at_its_marker() -> None:
    rendered = render("本文。\n\n> [!quote weekly]\n\n> 私の意見。\n\n> [!quote tokyo-biz-0311]\n")
    hint = (
        "(hint: put the source's words on the lines after the marker, each opened by '>';"
        " a blank line ends a blockquote, so write '>' on it to go on)"
    )
    assert messages(rendered) == [
        "content/posts/a.md:14: warning: this blockquote is not part of the quotation above"
        " (a blank line ends one) (hint: write '>' on the blank line to continue it,"
        " or put text between them if it is your own)",
        f"content/posts/a.md:12: quotation [!quote weekly] quotes nothing {hint}",
        f"content/posts/a.md:16: quotation [!quote tokyo-biz-0311] quotes nothing {hint}",
    ]


def test_ordinary_blockquotes_are_left_alone() -> None:
    rendered = render("> ただの引用。\n\n地の文。\n\n`> [!quote x]`\n\n> [ ]と[!]は印ではない。\n")
    assert "<figure" not in rendered.html and "alert" not in rendered.html
    assert "<blockquote>\n<p>ただの引用。</p>\n</blockquote>" in rendered.html
    assert "<blockquote>\n<p>[ ]と[!]は印ではない。</p>\n</blockquote>" in rendered.html
    assert rendered.problems == () and rendered.quoted == ()


# -- alerts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "kind", "ja", "en"),
    [
        ("[!NOTE]", "note", "補足", "Note"),
        ("[!TIP]", "tip", "ポイント", "Tip"),
        ("[!IMPORTANT]", "important", "重要", "Important"),
        ("[!WARNING]", "warning", "注意", "Warning"),
        ("[!caution]", "caution", "警告", "Caution"),  # any case, as GitHub reads it
    ],
)
def test_an_alert_becomes_a_callout_titled_in_the_sites_language(
    marker: str, kind: str, ja: str, en: str
) -> None:
    body = f"前の文。\n\n> {marker}\n> 値上げは**早め**に伝える。\n"
    for language, title in (("ja", ja), ("en", en)):
        rendered = render(body, language=language)
        assert rendered.html == (
            f'<p>前の文。</p>\n<div class="alert alert--{kind}" role="note">\n'
            f'<p class="alert__title">{title}</p>\n'
            "<p>値上げは<strong>早め</strong>に伝える。</p>\n</div>"
        )
        assert rendered.problems == ()
        assert rendered.summary_text.strip() == "前の文。"  # a callout is not the lead


def test_an_alert_may_have_its_own_title_and_alerts_in_a_row_stay_apart() -> None:
    rendered = render(
        "> [!WARNING] 返金の*前*に\n> 確認する。\n>\n> - 一\n> - 二\n\n"
        "> [!quote weekly]\n> 引用。\n\n> [!NOTE]\n"
    )
    html = rendered.html
    assert html.startswith(
        '<div class="alert alert--warning" role="note">\n'
        '<p class="alert__title"><span class="alert__kind">注意：</span>返金の<em>前</em>に</p>\n'
        "<p>確認する。</p>\n"
        "<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n</div>\n"
        '<figure class="quote" id="quote-weekly">'
    )
    assert html.endswith(
        '</figure>\n<div class="alert alert--note" role="note">\n'
        '<p class="alert__title">補足</p>\n</div>'
    )
    assert rendered.quoted == ("weekly",) and rendered.problems == ()


@pytest.mark.parametrize(
    ("language", "body", "kind", "title"),
    [
        ("ja", "> [!CAUTION] 返還を求められる例\n> 本文。\n", "警告：", "返還を求められる例"),
        (
            "en",
            "> [!TIP] Tell *regulars* first\n> Text.\n",
            "Tip: ",
            "Tell <em>regulars</em> first",
        ),
        # A title that says its kind already is not told it twice.
        ("ja", "> [!WARNING] 注意：返金の前に\n> 本文。\n", "", "注意：返金の前に"),
        ("en", "> [!NOTE] note on prices\n> Text.\n", "", "note on prices"),
    ],
)
def test_an_alerts_own_title_follows_its_kind_in_words_not_colour_alone(
    language: str, body: str, kind: str, title: str
) -> None:
    html = render(body, language=language).html
    label = f'<span class="alert__kind">{kind}</span>' if kind else ""
    # In a feed reader, without the style sheet: 警告：返還を求められる例.
    assert f'<p class="alert__title">{label}{title}</p>' in html


def test_an_unknown_marker_is_a_warning_and_stays_as_written() -> None:
    rendered = render("本文。\n\n> [!TIPS]\n> 注意。\n\n> [!abstract]\n> 要旨。\n", first_line=5)
    assert "<blockquote>\n<p>[!TIPS]\n注意。</p>\n</blockquote>" in rendered.html
    assert "alert" not in rendered.html
    assert messages(rendered) == [
        "content/posts/a.md:7: warning: unknown marker [!TIPS]: left as written"
        " (hint: did you mean 'tip'?)",
        "content/posts/a.md:10: warning: unknown marker [!abstract]: left as written"
        " (hint: a quotation is [!quote ID]; alerts are [!NOTE], [!TIP], [!IMPORTANT],"
        " [!WARNING], [!CAUTION])",
    ]


def test_the_caption_is_not_read_as_markdown_and_summary_leaves_quotes_out() -> None:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig()))
    starred = Citation("star", "*週刊*ビジネス_電子版_ <b>")
    rendered = renderer.render(
        "前置き。\n\n> [!quote star]\n> 引用文。\n", path="a.md", sources=(starred,)
    )
    assert "<figcaption>引用: *週刊*ビジネス_電子版_ &lt;b&gt; <a" in rendered.html
    assert rendered.summary_text.strip() == "前置き。"


def test_an_undeclared_source_is_an_error_with_its_line() -> None:
    rendered = render(
        "本文。\n\n> [!quote tokyo-biz-0312]\n> 引用。\n\n> [!quote nikkei]\n> 引用。\n"
    )
    assert messages(rendered) == [
        "content/posts/a.md:12: quotation names an undeclared source 'tokyo-biz-0312' (hint: did you mean 'tokyo-biz-0311'?)",
        "content/posts/a.md:15: quotation names an undeclared source 'nikkei' (hint: declared: tokyo-biz-0311, weekly)",
    ]
    assert "<figure" not in rendered.html and "[!quote" not in rendered.html


def test_a_quote_without_an_id_or_with_two_is_an_error() -> None:
    rendered = render("> [!quote]\n> 引用。\n\n> [!quote weekly tokyo-biz-0311]\n> 引用。\n")
    assert messages(rendered) == [
        "content/posts/a.md:10: quotation without a source id (hint: open a quotation with '> [!quote ID]', ID declared under 'sources:')",
        "content/posts/a.md:13: a quotation names one source, not 2 (weekly tokyo-biz-0311) (hint: split it into one quotation per source)",
    ]


def test_with_no_sources_declared_the_hint_says_how_to_declare_one() -> None:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig()))
    rendered = renderer.render("> [!quote nikkei]\n> 引用。\n", path="content/about.md")
    assert messages(rendered) == [
        "content/about.md:1: quotation names an undeclared source 'nikkei' (hint: declare it under 'sources:' in the front matter: 'nikkei: {publisher: …}')"
    ]


def test_the_words_markdown_writes_are_the_themes_ui_strings_read_again_when_changed(
    tmp_path: Path,
) -> None:
    post = (
        "---\ntitle: 記事\ndate: 2024-03-12\nsources:\n"
        "  biz: {publisher: 東京ビジネス新聞, date: 2024-03-11, url: https://news.example.com/}\n"
        "  weekly: {publisher: 経済ウィークリー}\n---\n\n"
        "## 見出し\n\n本文[^1]。\n\n> [!TIP]\n> 要点。\n\n"
        "> [!quote biz]\n> 引用文。\n\n> [!quote weekly]\n> 別の引用。\n\n"
        "{{< youtube dQw4w9WgXcQ >}}\n\n[^1]: 注。\n"
    )
    strings = (
        'heading_link = "ここへのリンク"\n'
        'footnote_backlink = "注{n}へ {{戻る}}"\n'
        'alert_tip = "POINT"\n'
        'quote_caption = "出典: {publisher}（{date}）{ref}"\n'
        'quote_caption_undated = "{ref} {publisher}より"\n'
        'quote_ref = "※{n}"\n'
        'youtube_title = "動画"\n'
    )
    write_site(tmp_path, {"content/posts/a.md": post, "theme/i18n/ja.toml": strings})
    assert not build_site(tmp_path).warnings
    html = read(tmp_path, "posts/a/index.html")
    assert 'title="ここへのリンク"' in html
    assert 'title="注1へ {戻る}"' in html
    assert '<p class="alert__title">POINT</p>' in html
    assert (
        '<figcaption>出典: <a href="https://news.example.com/">東京ビジネス新聞</a>'
        '（2024年3月11日）<a class="quote__ref" href="#source-biz">※1</a></figcaption>'
    ) in html
    assert (
        '<figcaption><a class="quote__ref" href="#source-weekly">※2</a> 経済ウィークリーより'
        "</figcaption>"
    ) in html
    assert 'title="動画"' in html
    # Bodies are read from the cache while the words stay; a change reads them again.
    (tmp_path / "theme/i18n/ja.toml").write_text('alert_tip = "ヒント"\n', "utf-8")
    build_site(tmp_path)
    html = read(tmp_path, "posts/a/index.html")
    assert '<p class="alert__title">ヒント</p>' in html
    assert 'title="この見出しへのリンク"' in html and 'title="YouTube動画"' in html
    assert "引用: 2024年3月11日 " in html
