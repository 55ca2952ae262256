"""Ruby (振り仮名): the novel sites' ｜稟議《りんぎ》, DenDenMarkdown's {稟議|りんぎ}, and
the raw <ruby> tags kept when raw HTML is off; the plain text they leave."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sitekit import article, build_site, read, write_site, xml

from sitegen.config import MarkdownConfig
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered


def render(body: str, **markdown: object) -> Rendered:
    config = dataclasses.replace(MarkdownConfig(), **markdown)  # type: ignore[arg-type]
    renderer = MarkdownRenderer(MarkupOptions(config))
    return renderer.render(body, path="content/posts/a.md")


def ruby(text: str, reading: str) -> str:
    return f"<ruby>{text}<rp>（</rp><rt>{reading}</rt><rp>）</rp></ruby>"


RINGI = ruby("稟議", "りんぎ")


def test_the_novel_sites_notation_with_a_bar_or_after_kanji() -> None:
    html = render(
        "｜稟議《りんぎ》と|稟議《りんぎ》、会議室《かいぎしつ》。佐々木《ささき》が｜Web《ウェブ》へ"
    ).html
    assert html == (
        f"<p>{RINGI}と{RINGI}、{ruby('会議室', 'かいぎしつ')}。{ruby('佐々木', 'ささき')}が"
        f"{ruby('Web', 'ウェブ')}へ</p>"
    )


def test_brackets_that_are_no_reading_stay_as_written() -> None:
    """Without a bar, only kana after kanji is a reading: 《》 are brackets too."""
    text = "中国紙《人民日報》、雑誌《Nature》、《りんぎ》だけ、漢字《》、｜《かっこ》"
    assert render(text).html == (
        "<p>中国紙《人民日報》、雑誌《Nature》、《りんぎ》だけ、漢字《》、《かっこ》</p>"
    )


def test_denden_markdowns_notation_for_the_whole_or_each_character() -> None:
    html = render("{稟議|りんぎ}、{漢字|かん|じ}、{電子書籍|でん|し|しょせき}").html
    each = "<ruby>漢<rp>（</rp><rt>かん</rt><rp>）</rp>字<rp>（</rp><rt>じ</rt><rp>）</rp></ruby>"
    # Readings that are not one a character are the reading of the whole.
    assert html == f"<p>{RINGI}、{each}、{ruby('電子書籍', 'でんししょせき')}</p>"


def test_escapes_and_code_keep_the_notation_as_written() -> None:
    html = render("\\《りんぎ》 `稟議《りんぎ》` `{稟議|りんぎ}` \\{稟議|りんぎ} {: .lead}").html
    assert html == (
        "<p>《りんぎ》 <code>稟議《りんぎ》</code> <code>{稟議|りんぎ}</code> {稟議|りんぎ} {: .lead}</p>"
    )
    assert render("稟議\\《りんぎ》").html == "<p>稟議《りんぎ》</p>"


def test_ruby_inside_emphasis_links_and_headings() -> None:
    rendered = render(
        "## 稟議《りんぎ》の進め方\n\n**稟議《りんぎ》**を[｜起案《きあん》](https://example.com/)する。"
    )
    assert (
        f'<strong>{RINGI}</strong>を<a href="https://example.com/">{ruby("起案", "きあん")}</a>'
        in (rendered.html)
    )
    assert f'<h2 id="稟議りんぎの進め方">{RINGI}の進め方</h2>' in rendered.html
    # The table of contents lists the heading as a browser without ruby shows it.
    (heading,) = rendered.toc
    assert heading.title == "稟議（りんぎ）の進め方"


def test_the_plain_text_holds_the_reading_in_brackets() -> None:
    rendered = render("｜稟議《りんぎ》の手続き。{漢字|かん|じ}。")
    assert rendered.summary_text.strip() == "稟議（りんぎ）の手続き。漢（かん）字（じ）。"
    assert rendered.full_text.strip() == "稟議（りんぎ）の手続き。漢（かん）字（じ）。"


def test_raw_ruby_tags_without_attributes_are_kept_when_raw_html_is_off() -> None:
    """QA: Hatena Blog articles hold <ruby> tags, which were omitted (稟議りんぎ)."""
    rendered = render(
        "<ruby>稟議<rt>りんぎ</rt></ruby>の<RUBY>決裁<rp>(</rp><rt>けっさい</rt><rp>)</rp></RUBY>"
    )
    assert rendered.html == (
        "<p><ruby>稟議<rt>りんぎ</rt></ruby>の<RUBY>決裁<rp>(</rp><rt>けっさい</rt><rp>)</rp></RUBY></p>"
    )
    assert not rendered.problems
    assert rendered.summary_text.strip() == "稟議（りんぎ）の決裁（けっさい）"
    # With an attribute a tag could run a script: it is omitted as any raw HTML is.
    rendered = render('<ruby class="x">稟議<rt onclick="go()">りんぎ</rt></ruby>')
    assert rendered.html == (
        "<p><!-- raw HTML omitted -->稟議<!-- raw HTML omitted -->りんぎ</rt></ruby></p>"
    )
    assert [p.message for p in rendered.problems] == [
        "raw HTML omitted: '<ruby class=\"x\">'",
        "raw HTML omitted: '<rt onclick=\"go()\">'",
    ]


def test_a_built_article_with_ruby_its_summary_and_feed(tmp_path: Path) -> None:
    body = "｜稟議《りんぎ》の手続きを見直す。\n\n## {決裁|けっさい}の流れ\n\n本文。"
    write_site(tmp_path, {"content/posts/a.md": article("稟議", "2024-03-12", body=body)})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert f"<p>{RINGI}の手続きを見直す。</p>" in page
    assert '<meta name="description" content="稟議（りんぎ）の手続きを見直す。">' in page
    entry = xml(tmp_path, "atom.xml").find("{http://www.w3.org/2005/Atom}entry")
    assert entry is not None
    assert (
        entry.findtext("{http://www.w3.org/2005/Atom}summary") == "稟議（りんぎ）の手続きを見直す。"
    )
    assert RINGI in (entry.findtext("{http://www.w3.org/2005/Atom}content") or "")
