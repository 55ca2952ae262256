"""Python-Markdown made faster — the inline stage that skips text no pattern can match,
the settled registries — converts exactly as Python-Markdown itself."""

from __future__ import annotations

import dataclasses
import functools
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.util import Registry

from sitegen import markup
from sitegen.config import MarkdownConfig
from sitegen.frontmatter import split
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered, inline
from sitegen.markup.settled import _Settled

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
    """The upstream renderer's engine for ``body``, made without a known pattern (so with
    Python-Markdown's own inline stage), and not settled."""
    with mock.patch.dict(inline.NEEDS, clear=True), mock.patch.object(markup, "settle"):
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
    assert type(skipping.parser.blockprocessors).__name__ == "_Settled"
    assert type(upstream.parser.blockprocessors) is Registry


@pytest.mark.parametrize("which", range(len(CONFIGS)), ids=NAMES)
def test_a_settled_engine_has_upstreams_processors_in_its_order(which: int) -> None:
    settled = renderers(which)[0]._engine(EVERY_EXTENSION)
    upstream = upstream_engine(which, EVERY_EXTENSION)

    def names(md: Markdown) -> list[list[str]]:
        registries = [md.preprocessors, md.parser.blockprocessors]
        registries += [md.treeprocessors, md.postprocessors]
        kinds = [[type(item).__name__ for item in registry] for registry in registries]
        return [[kind.replace("_Skipping", "") for kind in row] for row in kinds]

    assert names(settled) == names(upstream)
    assert len(names(settled)[1]) > 10
    for tag in ["p", "P", "div", "div/", "span", "a", "h2", "table", "x-y", etree.Comment]:
        for _ in range(2):  # answered, then remembered
            assert settled.is_block_level(tag) == Markdown.is_block_level(upstream, tag)


def test_a_settled_registry_follows_what_is_added_and_removed() -> None:
    registry: Registry[str] = Registry()
    for name, priority in [("b", 20), ("a", 30), ("c", 20), ("d", 5)]:
        registry.register(name, name, priority)
    settled = _Settled(registry)
    assert list(settled) == list(registry) == ["a", "b", "c", "d"]
    assert settled["c"] == "c" and "d" in settled
    settled.register("e", "e", 25)
    settled.deregister("a")
    assert list(settled) == ["e", "b", "c", "d"]


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
