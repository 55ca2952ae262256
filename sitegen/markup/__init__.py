"""Markdown to HTML: Python-Markdown with the standard extensions and sitegen's own.

This package is the only place that imports ``markdown``. A :class:`MarkdownRenderer`
owns one ``Markdown`` instance, reset before each document (building one costs
more than converting a short article), and returns a :class:`Rendered` record.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import markdown
import markdown.extensions.codehilite
import markdown.extensions.footnotes
from markdown.extensions.toc import slugify_unicode

from sitegen.config import MarkdownConfig
from sitegen.errors import Problem
from sitegen.markup import inline
from sitegen.markup.calculators import calculator_placeholder
from sitegen.markup.cjk import CjkLineBreakExtension
from sitegen.markup.gfm import GfmExtension
from sitegen.markup.links import (
    LinkExtension,
    blog_card,
    card_placeholder,
    image_placeholder,
    placeholder,
    root_link,
)
from sitegen.markup.plaintext import PlainTextExtension
from sitegen.markup.quotes import QuoteExtension
from sitegen.markup.rawhtml import RawHtmlExtension
from sitegen.markup.shortcodes import ShortcodeExtension
from sitegen.markup.state import DocumentState, StateHolder
from sitegen.markup.toc import HeadingsExtension
from sitegen.model import Citation, Heading, LinkRef

__all__ = [
    "LinkRef",
    "MarkdownRenderer",
    "MarkupOptions",
    "Rendered",
    "blog_card",
    "calculator_placeholder",
    "card_placeholder",
    "image_placeholder",
    "placeholder",
    "root_link",
]


@dataclass(frozen=True)
class MarkupOptions:
    """Everything that changes how a body converts (part of the cache key)."""

    markdown: MarkdownConfig
    base_path: str = ""
    language: str = "ja"


@dataclass(frozen=True)
class Rendered:
    """A converted body. ``html`` holds a placeholder for each entry of ``links``."""

    html: str
    toc: tuple[Heading, ...]
    full_text: str
    summary_text: str
    lead: str  # the text above a <!--more--> divider; empty without one
    links: tuple[LinkRef, ...]
    problems: tuple[Problem, ...]
    root_links: tuple[LinkRef, ...] = ()  # links from the site root, for the build to check
    calculators: tuple[str, ...] = ()  # the id of each placement: calculator_placeholder(i)
    quoted: tuple[str, ...] = ()  # the source id of each quotation, in order


def _standard_extensions(
    options: MarkupOptions, holder: StateHolder
) -> list[markdown.Extension | str]:
    config = options.markdown
    extensions: list[markdown.Extension | str] = [
        "tables",
        "fenced_code",
        markdown.extensions.footnotes.FootnoteExtension(
            BACKLINK_TITLE="脚注%dの参照元へ戻る"
            if options.language == "ja"
            else "Jump back to footnote %d in the text"
        ),
        "attr_list",
        "def_list",
        "abbr",
        "sane_lists",
        markdown.extensions.codehilite.CodeHiliteExtension(
            css_class="highlight", guess_lang=False, use_pygments=config.highlight
        ),
        HeadingsExtension(
            holder,
            slugify=slugify_unicode,
            toc_depth=f"2-{max(2, config.toc_depth + 1)}",
            permalink="#",
            permalink_title="この見出しへのリンク" if options.language == "ja" else "Link here",
        ),
    ]
    if config.line_breaks == "hard":
        extensions.append("nl2br")
    return extensions


class MarkdownRenderer:
    """Converts article bodies; one instance per process, reused for every document."""

    def __init__(self, options: MarkupOptions) -> None:
        self.options = options
        self._holder = StateHolder()
        ours: list[markdown.Extension] = [
            RawHtmlExtension(self._holder, allow=options.markdown.unsafe_html),
            LinkExtension(
                self._holder,
                options.base_path,
                allow_unsafe=options.markdown.unsafe_html,
                sponsored=options.markdown.sponsored,
            ),
            PlainTextExtension(self._holder),
            ShortcodeExtension(self._holder, options.language),
            GfmExtension(),
            QuoteExtension(self._holder, options.language),
        ]
        if options.markdown.line_breaks == "cjk":
            ours.append(CjkLineBreakExtension())
        self._md = markdown.Markdown(
            extensions=[*_standard_extensions(options, self._holder), *ours], output_format="html"
        )
        inline.install(self._md)

    def render(
        self,
        body: str,
        *,
        path: str,
        first_line: int = 1,
        sources: Sequence[Citation] = (),
        calculators: Collection[str] = (),
    ) -> Rendered:
        """Convert ``body``, the Markdown of ``path`` that starts at file line ``first_line``.

        ``sources`` are the works its quotations may name (``> [!quote ID]``);
        ``calculators`` are the ids its calculator markers may name.
        """
        state = DocumentState(
            path=path,
            body=body,
            first_line=first_line,
            sources={s.id: s for s in sources},
            calculator_ids=frozenset(calculators),
        )
        self._holder.state = state
        try:
            html = self._md.reset().convert(body)
            toc = tuple(_flatten(getattr(self._md, "toc_tokens", [])))
        except RecursionError:  # Python-Markdown parses each nested block by recursion
            html, toc = "", ()
            state.problems.error(
                "the Markdown nests too deeply to convert",
                first_line + _deepest_line(body),
                "lists or quotes hundreds of levels inside each other: flatten them",
            )
        finally:
            self._holder.state = None
        return Rendered(
            html=html,
            toc=toc,
            full_text=state.full_text,
            summary_text=state.summary_text,
            lead=state.lead,
            links=tuple(state.links),
            root_links=tuple(state.root_links),
            problems=tuple(state.problems),
            calculators=tuple(state.placed),
            quoted=tuple(state.quoted),
        )


# What opens nested blocks at the start of a line: indentation, quote and list markers.
_NESTING = " \t>*+-0123456789.)"


def _deepest_line(body: str) -> int:
    """The line of ``body`` (from 0) that starts with the most nesting."""
    lines = body.split("\n")
    return max(range(len(lines)), key=lambda n: len(lines[n]) - len(lines[n].lstrip(_NESTING)))


def _flatten(tokens: list[dict[str, object]]) -> list[Heading]:
    headings: list[Heading] = []
    for token in tokens:
        headings.append(Heading(int(str(token["level"])), str(token["id"]), str(token["name"])))
        children = token.get("children")
        if isinstance(children, list):
            headings.extend(_flatten(children))
    return headings
