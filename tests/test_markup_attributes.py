"""Attributes the author writes (attribute lists, a fenced code block's braces): with raw
HTML off only harmless ones reach the page and the feeds, the others are a warning at
their line; with raw HTML allowed, any."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sitekit import article, build_site, read, write_site

from sitegen.config import MarkdownConfig
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered
from sitegen.markup.attributes import allowed

# What a writer can type to run script in a reader's browser, or lay a page over the page.
HOSTILE = (
    "Runs on load\n"
    '{: tabindex="0" autofocus onfocus="alert(\'onfocus\')" }\n\n'
    "![図](/missing.png){onerror=\"alert('onerror')\"}\n\n"
    "[リンク](https://example.com){ONCLICK=\"alert('onclick')\" .button}\n\n"
    "> 引用\n"
    '{: style="position:fixed;inset:0" }\n'
)


def render(body: str, **markdown: object) -> Rendered:
    config = dataclasses.replace(MarkdownConfig(), **markdown)  # type: ignore[arg-type]
    renderer = MarkdownRenderer(MarkupOptions(config))
    return renderer.render(body, path="content/posts/a.md", first_line=5)


def test_the_allow_list_keeps_what_prose_needs_and_nothing_that_runs_or_steers_a_script() -> None:
    for name in ("id", "class", "lang", "title", "alt", "width", "loading", "colspan", "rowspan"):
        assert allowed(name)
    assert allowed("target") and allowed("rel") and allowed("aria-label") and allowed("role")
    for name in ("onclick", "OnError", "style", "href", "src", "srcset", "srcdoc", "autofocus"):
        assert not allowed(name)
    assert not allowed("formaction") and not allowed("data-bundle") and not allowed("tabindex")


def test_attribute_lists_keep_only_allowed_attributes_and_warn_at_the_line() -> None:
    rendered = render(HOSTILE)
    for name in ("onfocus", "autofocus", "tabindex", "onerror", "onclick", "ONCLICK", "style"):
        assert name not in rendered.html
    assert '<a class="button" href="https://example.com">リンク</a>' in rendered.html
    assert [(p.line, p.severity, p.message) for p in rendered.problems] == [
        (6, "warning", "attributes removed: 'tabindex', 'autofocus', 'onfocus'"),
        (8, "warning", "attribute removed: 'onerror'"),
        (10, "warning", "attribute removed: 'ONCLICK'"),
        (13, "warning", "attribute removed: 'style'"),
    ]
    assert "unsafe_html = true" in rendered.problems[0].hint


def test_allowed_attributes_are_kept_without_a_word() -> None:
    body = (
        "## 見出し {#custom .note lang=en}\n\n"
        '![図](https://example.com/a.png){width=300 height="200" loading=eager title="図"}\n\n'
        "[外部](https://example.com){target=_blank rel=noopener aria-label=外部}\n\n"
        "| 期間 | 金額 |\n|---|---|\n| 合計 {colspan=2} |\n"
    )
    rendered = render(body)
    assert rendered.problems == ()
    assert '<h2 class="note" id="custom" lang="en">' in rendered.html
    assert 'height="200" loading="eager"' in rendered.html and 'width="300"' in rendered.html
    assert 'aria-label="外部"' in rendered.html and 'target="_blank"' in rendered.html
    assert '<td colspan="2">合計</td>' in rendered.html


def test_an_attribute_list_cannot_replace_a_links_address() -> None:
    rendered = render('[記事](https://example.com/a){href="javascript:alert(1)"}')
    assert '<a href="https://example.com/a">記事</a>' in rendered.html
    assert [p.message for p in rendered.problems] == ["attribute removed: 'href'"]


@pytest.mark.parametrize("highlight", [True, False])
def test_a_fenced_code_block_keeps_only_allowed_attributes_and_options(highlight: bool) -> None:
    body = '本文\n\n```{.python title="例" hl_lines="1" onclick="alert(1)" cssstyles="inset:0"}\nx = 1\n```\n'
    rendered = render(body, highlight=highlight)
    assert "onclick" not in rendered.html and "cssstyles" not in rendered.html
    assert "inset" not in rendered.html
    assert [(p.line, p.message) for p in rendered.problems] == [
        (7, "attributes removed: 'onclick', 'cssstyles'")
    ]


@pytest.mark.parametrize("unsafe_html", [True, False])
def test_a_highlighted_code_block_drops_what_would_stop_the_highlighter(unsafe_html: bool) -> None:
    """Python-Markdown passes {lang="ja"} to the highlighter beside its own lang: the
    build stopped with a TypeError, raw HTML on or off."""
    body = '本文\n\n```{.python lang="ja" style="x" title="例"}\nx = 1\n```\n'
    rendered = render(body, unsafe_html=unsafe_html)
    assert '<span class="n">x</span>' in rendered.html  # highlighted
    assert [(p.line, p.message) for p in rendered.problems] == [
        (7, "attributes removed: 'lang', 'style'")
    ]
    assert "takes no lang" in str(rendered.problems[0].hint)
    plain = render(body.replace('style="x" ', ""), unsafe_html=True, highlight=False)
    assert 'lang="ja"' in plain.html and plain.problems == ()  # only the highlighter minds


def test_hugos_highlight_marker_cannot_smuggle_attributes_into_a_code_block() -> None:
    body = "{{< highlight {onclick=alert(1)} >}}\nx\n{{< /highlight >}}\n"
    rendered = render(body, highlight=False)
    assert "onclick" not in rendered.html
    assert [(p.line, p.message) for p in rendered.problems] == [(5, "attribute removed: 'onclick'")]


def test_with_raw_html_allowed_any_attribute_is_set() -> None:
    rendered = render(HOSTILE, unsafe_html=True)
    assert "onfocus=\"alert('onfocus')\"" in rendered.html
    assert "onerror=\"alert('onerror')\"" in rendered.html
    assert 'style="position:fixed;inset:0"' in rendered.html
    assert rendered.problems == ()


def test_the_feeds_carry_the_filtered_html(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/2024-03-12-a.md": article("攻撃", body=HOSTILE)})
    result = build_site(tmp_path)
    warned = [p.message for p in result.warnings if "removed" in p.message]
    assert len(warned) == 4
    for path in ("posts/a/index.html", "atom.xml", "rss.xml"):
        text = read(tmp_path, path)
        assert "リンク" in text or "&lt;a" in text  # the article's HTML is there
        for name in ("onfocus", "onerror", "onclick", "ONCLICK", "position:fixed"):
            assert name not in text, (path, name)


@pytest.mark.browser
def test_a_browser_runs_nothing_the_writer_put_in_attributes(
    tmp_path: Path, page: Page, static_server: Callable[[Path], str]
) -> None:
    write_site(tmp_path, {"content/posts/2024-03-12-a.md": article("攻撃", body=HOSTILE)})
    build_site(tmp_path)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(static_server(tmp_path / "public") + "/posts/a/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # an autofocus or error handler would have run by now
    assert dialogs == []
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
        ".map(a => a.name).filter(n => n.startsWith('on') || n === 'style')"
    )
    assert handlers == []
