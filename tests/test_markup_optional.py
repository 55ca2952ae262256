"""A body converts with only the optional extensions whose syntax it may use, to
exactly the HTML all of them would give."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.abbr import AbbrBlockprocessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.def_list import DefListProcessor
from markdown.extensions.footnotes import FootnoteBlockProcessor

from sitegen.config import MarkdownConfig
from sitegen.frontmatter import split
from sitegen.markup import OPTIONAL, MarkdownRenderer, MarkupOptions, Rendered, optional_syntax

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
EVERYTHING = re.compile("")  # a marker every body has

# Each optional syntax, used where the block parser strips quote and list markers off it.
USES = {
    "tables": ["| 項目 | 金額 |\n|---|--:|\n| 送料 | 500円 |", "a | b\n--|--\n1 | 2"],
    "footnotes": ["本文[^1]。\n\n[^1]: 注記。", "> 引用[^n]\n>\n> [^n]: 出典"],
    "attr_list": ["## 見出し {#custom}", "段落\n{: .note }", "```{ .python }\nx = 1\n```"],
    "def_list": ["用語\n: 定義", "> 用語\n> : 定義", "- 項目\n\n    用語\n    : 定義", "1. 用語\n   : 定義"],
    "abbr": ["*[HTML]: Hyper Text Markup Language\n\nHTML の話。", "> *[KPI]: 重要業績評価指標\n>\n> KPI"],
}  # fmt: skip
# What is close to them without being any of them, and ordinary Markdown around it.
PIECES = [
    *(use for uses in USES.values() for use in uses),
    "経営の話。", "**強調**", "[リンク](/a/)", "[^", "^]", "{", "}", "|", ":", "：", "*[",
    "- 項目\n- 項目", "1. 一\n2. 二", "> 引用", "    コード", "```\n| a | b |\n```", "## 見出し",
    "10:00 に", "https://example.com/", "***", "---", "<!--more-->", "\n", "\n\n", "    ", "> ",
]  # fmt: skip
markdown_text = st.lists(st.sampled_from(PIECES), max_size=10).map("\n".join) | st.lists(
    st.sampled_from(PIECES), max_size=10
).map("".join)

CONFIGS = [MarkdownConfig(), dataclasses.replace(MarkdownConfig(), line_breaks="hard")]


@functools.cache
def renderers(which: int) -> tuple[MarkdownRenderer, MarkdownRenderer]:
    """For ``CONFIGS[which]``: a renderer choosing its extensions, and one given all."""
    options = MarkupOptions(CONFIGS[which])
    return MarkdownRenderer(options), MarkdownRenderer(options)


def both(body: str, which: int = 0) -> tuple[Rendered, Rendered]:
    choosing, given_all = renderers(which)
    with mock.patch.dict(OPTIONAL, dict.fromkeys(OPTIONAL, EVERYTHING)):
        everything = given_all.render(body, path="a.md")
    return choosing.render(body, path="a.md"), everything


@pytest.mark.parametrize(
    ("name", "body"), [(name, body) for name, uses in USES.items() for body in uses]
)
def test_a_body_using_optional_syntax_gets_its_extension(name: str, body: str) -> None:
    assert name in optional_syntax(body)
    chosen, everything = both(body)
    assert chosen == everything


def test_prose_and_ordinary_markdown_need_no_optional_extension() -> None:
    body = "## 売上\n\n経営の**要点**は[三つ](/a/)。時刻は 10:00、比率は１：２。\n\n- 一\n- 二\n\n> 引用"
    assert optional_syntax(body) == frozenset()
    chosen, everything = both(body)
    assert chosen == everything
    assert "<h2" in chosen.html and "<ul>" in chosen.html


def test_the_example_site_converts_the_same() -> None:
    bodies = [split(path.read_text("utf-8"), str(path)).body for path in EXAMPLE.rglob("*.md")]
    assert len(bodies) > 5
    for body in bodies:
        chosen, everything = both(body)
        assert chosen == everything


@settings(max_examples=400, deadline=None)
@given(body=markdown_text, which=st.sampled_from(range(len(CONFIGS))))
def test_random_markdown_converts_the_same(body: str, which: int) -> None:
    chosen, everything = both(body, which)
    assert chosen == everything


# Each extension's own expressions for the text it acts on, in the block it parses.
SYNTAX = [
    ("tables", r"[^|\n]*\|[^\n]*\n[-:| ]+"),  # a header row needs a pipe (TableProcessor.test)
    ("footnotes", FootnoteBlockProcessor.RE.pattern),
    ("footnotes", r"\[\^([^\]]*)\]"),  # the reference, registered without a name
    ("attr_list", AttrListTreeprocessor.BASE_RE),
    ("def_list", DefListProcessor.RE.pattern),
    ("abbr", AbbrBlockprocessor.RE.pattern),
]


@pytest.mark.parametrize(("name", "source"), SYNTAX)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_text_an_extension_acts_on_holds_its_marker(
    name: str, source: str, data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(re.compile(source, re.MULTILINE), fullmatch=True))
    prefix = data.draw(st.sampled_from(["", "> ", "- ", "1. ", "    ", "> - "]))
    assert OPTIONAL[name].search(prefix + text)
