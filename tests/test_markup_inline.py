"""The inline stage that skips text no pattern can match converts exactly as Python-Markdown's."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

from sitegen.config import MarkdownConfig
from sitegen.frontmatter import split
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered, inline

EXAMPLE = Path(__file__).resolve().parent.parent / "content"

# Every character an inline pattern looks for, what surrounds them in Markdown, and prose.
ALPHABET = "`\\[]()!<>&*_^:;#/@.=\"'~ \n\t-+1aZ円経営。、「」"
# Pieces that make the patterns match, for the random text to be built from.
PIECES = [
    "**強調**", "*em*", "_u_", "__s__", "`code`", "``a`b``", "\\*", "[リンク](/a/)",
    "[ref][r]", "[r]", "![画像](/i.png)", "[^1]", "<https://example.com/>",
    "<a@example.com>", "<span>x</span>", "&amp;", "&#123;", "行末  \n", "\n\n[r]: /r/\n\n",
    "\n\n[^1]: 注。\n\n", "~~取消~~", "~~**両方**~~", "https://example.com/a?b=1&c=(2).", "詳細はhttps://x.jp/を", "\n\n- 項目\n- **太字**\n\n", "\n\n> 引用 `x`\n\n", "\n\n| a | *b* |\n|---|---|\n| 1 | 2 |\n\n",
]  # fmt: skip
markdown_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet=ALPHABET, max_size=12)), max_size=12
).map("".join)

CONFIGS = [
    MarkdownConfig(),
    dataclasses.replace(MarkdownConfig(), line_breaks="hard"),
    dataclasses.replace(MarkdownConfig(), line_breaks="soft", unsafe_html=True),
]
NAMES = ["cjk", "hard", "soft-unsafe"]


@functools.cache
def renderers(which: int) -> tuple[MarkdownRenderer, MarkdownRenderer]:
    """For ``CONFIGS[which]``: a renderer with the skipping inline stage, and one with
    Python-Markdown's own."""
    options = MarkupOptions(CONFIGS[which])
    return MarkdownRenderer(options), MarkdownRenderer(options)


def upstream_engine(which: int, body: str) -> Markdown:
    """The upstream renderer's engine for ``body``, made without a known pattern:
    with Python-Markdown's own inline stage."""
    with mock.patch.dict(inline.NEEDS, clear=True):
        return renderers(which)[1]._engine(body)


def upstream_render(which: int, body: str) -> Rendered:
    upstream_engine(which, body)
    return renderers(which)[1].render(body, path="a.md")


# A body that uses every optional extension (see sitegen.markup.OPTIONAL), so every pattern.
EVERY_EXTENSION = "| a | b |\n|---|---|\n\n[^1] {#x}\n\nterm\n: def\n\n*[HTML]: markup\n"


@pytest.mark.parametrize("which", range(len(CONFIGS)), ids=NAMES)
def test_every_pattern_in_use_is_known_so_the_stage_skips(which: int) -> None:
    skipping = renderers(which)[0]._engine(EVERY_EXTENSION)
    upstream = upstream_engine(which, EVERY_EXTENSION)
    assert "footnote" in skipping.inlinePatterns
    assert inline.needed_characters(skipping) is not None
    assert type(skipping.treeprocessors["inline"]).__name__ == "_SkippingInlineProcessor"
    assert type(upstream.treeprocessors["inline"]).__name__ == "InlineProcessor"


@pytest.mark.parametrize("which", range(len(CONFIGS)), ids=NAMES)
def test_the_example_site_converts_the_same(which: int) -> None:
    skipping = renderers(which)[0]
    bodies = [split(path.read_text("utf-8"), str(path)).body for path in EXAMPLE.rglob("*.md")]
    assert len(bodies) > 5
    for body in bodies:
        assert skipping.render(body, path="a.md").html == upstream_render(which, body).html


@settings(max_examples=300, deadline=None)
@given(body=markdown_text, which=st.sampled_from(range(len(CONFIGS))))
def test_random_markdown_converts_the_same(body: str, which: int) -> None:
    skipping = renderers(which)[0]
    assert skipping.render(body, path="a.md") == upstream_render(which, body)


@pytest.mark.parametrize(("source", "needed"), list(inline.NEEDS.items()))
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_text_a_pattern_matches_holds_a_character_it_needs(
    source: str, needed: str, data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(re.compile(source, re.DOTALL), fullmatch=True))
    assert set(text) & set(needed)
