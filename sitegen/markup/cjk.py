"""Line breaks that suit Japanese: a newline between two CJK characters vanishes, as
does one between a CJK character and a number (前年比で / 120%), and one after the
end of a Japanese sentence (。、」, or ……, !, ? or an emoji after Japanese text),
whatever follows.

Writers of Japanese often put one sentence a line. HTML turns that newline into a
visible space, which is wrong inside a Japanese sentence. This treeprocessor joins
such lines; a newline next to Latin text stays (it is a word space there), and so
does one before a line that opens like a list item (``三つ`` / ``1. 価格``), which
Python-Markdown keeps in the paragraph. The rule is sitegen.text.joins_lines; the
summary is taken from the joined text, and a summary in the front matter is joined
by the same rule.
Text in ``code`` and ``pre`` is left alone; a footnote reference counts as nothing,
so ``発表した。[^1]`` ends a sentence as ``発表した。`` does.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.treeprocessors import Treeprocessor

from sitegen.text import joined_breaks, without

_BLOCKS = {"p", "li", "dd", "dt", "td", "th", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"pre", "code", "script", "style"}
# Stands for text we must not look into (code, placeholders): never CJK.
_OPAQUE = "\x00"


class _Segment:
    """One text or tail slot of an element, so it can be rewritten in place."""

    def __init__(self, element: etree.Element, slot: str) -> None:
        self.element, self.slot = element, slot

    def get(self) -> str:
        return getattr(self.element, self.slot) or ""

    def set(self, value: str) -> None:
        setattr(self.element, self.slot, value)


class CjkLineBreakProcessor(Treeprocessor):
    """Remove newlines (and the spaces around them) between CJK characters."""

    def run(self, root: etree.Element) -> None:
        for block in root.iter():
            if block.tag in _BLOCKS:
                self._join_block(block)

    def _join_block(self, block: etree.Element) -> None:
        if not len(block):
            # Text alone, as in most paragraphs, list items and headings: no segments to
            # keep apart, so the newlines are removed from the text directly.
            if block.text and "\n" in block.text:
                cuts = _joined(block.text)
                if cuts:
                    block.text = without(block.text, cuts)
            return
        segments: list[_Segment] = []
        self._collect(block, segments, is_root=True)
        # Join all text of the block, marking opaque runs, so a newline at a
        # segment edge sees the characters on both sides.
        texts = [s.get() for s in segments]
        if not any("\n" in t for t in texts):
            return
        whole = "".join(texts)
        cuts = _joined(whole)
        if not cuts:
            return
        position = 0
        for segment, text in zip(segments, texts, strict=True):
            end = position + len(text)
            inside = [(max(a, position), min(b, end)) for a, b in cuts if a < end and b > position]
            if inside and _OPAQUE not in text:
                segment.set(without(text, [(a - position, b - position) for a, b in inside]))
            position = end

    def _collect(self, element: etree.Element, out: list[_Segment], is_root: bool = False) -> None:
        if element.tag in _SKIP:
            out.append(_OpaqueSegment(element, "text"))
        elif _is_footnote_reference(element):
            pass  # its number is no text of the sentence: only its tail is
        else:
            if element.text:
                out.append(_Segment(element, "text"))
            for child in element:
                self._collect(child, out)
        if element.tail and not is_root:
            out.append(_Segment(element, "tail"))


def _joined(text: str) -> list[tuple[int, int]]:
    """The line breaks of ``text`` that disappear (see joined_breaks), but the one
    before an attribute list that ends the block on a line of its own (文。 / {: .lead }),
    which attribute lists read later: joined to the sentence, it would be text."""
    cuts = joined_breaks(text)
    attributes = AttrListTreeprocessor.BLOCK_RE.search(text)
    if attributes is None:
        return cuts
    return [(start, end) for start, end in cuts if not start <= attributes.start() < end]


def _is_footnote_reference(element: etree.Element) -> bool:
    """Whether ``element`` is the ``<sup id="fnref:1">`` of a footnote reference."""
    return element.tag == "sup" and str(element.get("id", "")).startswith("fnref")


class _OpaqueSegment(_Segment):
    """A code element's contents: counted as one non-CJK character, never changed."""

    def get(self) -> str:
        return _OPAQUE

    def set(self, value: str) -> None:  # pragma: no cover - opaque text is never rewritten
        raise AssertionError("opaque segments are not rewritten")


class CjkLineBreakExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (20) so emphasis and links are elements by now.
        md.treeprocessors.register(CjkLineBreakProcessor(md), "sitegen_cjk_breaks", 15)
