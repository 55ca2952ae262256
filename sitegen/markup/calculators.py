"""Calculator markers: ``{{< calculator apology >}}`` on a line of its own places a widget.

The marker reads as what it is in any Markdown editor, and is never evaluated as a
template. The body's HTML gets a placeholder (an HTML comment, so the body stays
valid wherever it is shown unexpanded) that the renderer replaces with the theme's
``partials/calculator.html``; the ids placed are collected in order. The placeholder
goes through ``md.htmlStash``, so the raw-HTML policy leaves it alone (it is not the
author's HTML) and the plain text used for summaries skips it.

An unknown id is an error naming it; a marker that does not stand on a line of its
own (inside a sentence, a heading or a table cell) is an error too, since it would
be shown as text. Markers in code are text, so a post can show how to write one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.errors import suggestion
from sitegen.markup.state import DocumentState, StateHolder

# The marker itself, its id optionally quoted.
_MARKER = r"\{\{<\s*calculator\s+(?P<q>\"?)(?P<id>[^\s\"<>{}]+)(?P=q)\s*>\}\}"
# A whole line of a block: up to three spaces of indent (four make code).
_MARKER_LINE = re.compile(rf"^ {{0,3}}(?P<marker>{_MARKER})[ \t]*$", re.MULTILINE)
# A source line holding only a marker, maybe inside a blockquote or a list item.
_ALONE = re.compile(rf"(?:\s*>)*\s*(?:[-*+]\s+|\d+[.)]\s+)?{_MARKER}\s*")
# Anything that looks like the start of a marker, wherever it stands.
_MARKER_START = re.compile(r"\{\{<\s*calculator\b[^\n]*?(?:>\}\}|$)", re.MULTILINE)
_CODE = {"code", "pre", "kbd", "samp"}

MARKER_HINT = "write {{< calculator ID >}} on a line of its own"


def _alone(line: str) -> bool:
    return bool(_ALONE.fullmatch(line))


def _not_alone(line: str) -> bool:
    return not _ALONE.fullmatch(line)


def calculator_placeholder(index: int) -> str:
    """The HTML standing for the ``index``-th calculator placement until the page is rendered."""
    return f"<!--sitegen-calculator:{index}-->"


class _MarkerProcessor(BlockProcessor):
    """Turns a marker line into a placeholder, splitting the block around it."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md.parser)
        self.md = md
        self.holder = holder

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_MARKER_LINE.search(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = _MARKER_LINE.search(block)
        assert match is not None  # test() found it
        before = block[: match.start()].rstrip("\n")
        if before:
            self.parser.parseBlocks(parent, [before])
        self._place(parent, match["id"], match["marker"])
        after = block[match.end() :].lstrip("\n")
        if after:
            blocks.insert(0, after)

    def _place(self, parent: etree.Element, calc_id: str, marker: str) -> None:
        state = self.holder.state
        line = state.line_of(marker, on_line=_alone)
        if calc_id not in state.calculator_ids:
            state.problems.error(
                f"unknown calculator '{calc_id}' in {marker}", line, _unknown_hint(calc_id, state)
            )
            return
        state.placed.append(calc_id)
        stashed = self.md.htmlStash.store(calculator_placeholder(len(state.placed) - 1))
        # Alone in a paragraph, the stashed placeholder replaces the whole <p> when restored.
        etree.SubElement(parent, "p").text = AtomicString(stashed)


def _unknown_hint(calc_id: str, state: DocumentState) -> str:
    declare = (
        "declare it under 'calculators:' in the front matter, "
        f"or in content/_data/calculators/{calc_id}.yaml"
    )
    return suggestion(calc_id, sorted(state.calculator_ids), "known here", declare)


class _StrayMarkers(Treeprocessor):
    """Reports markers left in the text: not on a line of their own, or malformed."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, root: etree.Element) -> None:
        self._scan(root)

    def _scan(self, element: etree.Element) -> None:
        if element.tag not in _CODE:
            self._report(element.text)
            for child in element:
                self._scan(child)
        self._report(element.tail)

    def _report(self, text: str | None) -> None:
        if not text or "calculator" not in text:
            return
        state = self.holder.state
        for match in _MARKER_START.finditer(text):
            found = match.group(0)
            shown = found if len(found) <= 60 else found[:59] + "…"
            state.problems.error(
                f"calculator marker not on a line of its own or malformed: {shown!r}",
                state.line_of(found, on_line=_not_alone),
                MARKER_HINT,
            )


class CalculatorExtension(Extension):
    """Places calculators named by markers; see the module docstring."""

    def __init__(self, holder: StateHolder) -> None:
        self.holder = holder
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # After indented code (80), tables (75) and headings (70): a marker there is not a
        # placement. Before horizontal rules (50), lists and paragraphs.
        md.parser.blockprocessors.register(
            _MarkerProcessor(md, self.holder), "sitegen_calculator", 55
        )
        # After inline processing (20), so code spans are <code> elements by now.
        md.treeprocessors.register(_StrayMarkers(md, self.holder), "sitegen_stray_markers", 19)
