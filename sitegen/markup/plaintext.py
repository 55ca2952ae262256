"""The plain text of a converted body: all of it (for reading time) and the prose
the author wrote themselves (for the summary), leaving out quotations and code."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from sitegen.markup.state import StateHolder

_NOT_PROSE = {"blockquote", "figure", "pre", "table", "script", "style", "sup", "details", "div"}
_PROSE_BLOCKS = {"p", "li", "dd"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_STASHED = re.compile(HTML_PLACEHOLDER % r"(\d+)")
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")


class _PlainTextProcessor(Treeprocessor):
    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, root: etree.Element) -> None:
        everything: list[str] = []
        prose: list[str] = []
        # The root is Python-Markdown's wrapper <div>, not a div of the document.
        everything.append(root.text or "")
        for child in root:
            self._walk(child, everything, prose, in_prose=False, excluded=False)
            everything.append(child.tail or "")
        state = self.holder.state
        state.full_text = self._clean("".join(everything))
        state.summary_text = self._clean("".join(prose))

    def _walk(
        self,
        element: etree.Element,
        everything: list[str],
        prose: list[str],
        in_prose: bool,
        excluded: bool,
    ) -> None:
        tag = str(element.tag)
        excluded = excluded or tag in _NOT_PROSE
        in_prose = in_prose or tag in _PROSE_BLOCKS
        # Where this element's text goes: the prose too when it is the author's own.
        into = (everything, prose) if in_prose and not excluded else (everything,)
        if element.text:
            for texts in into:
                texts.append(element.text)
        for child in element:
            self._walk(child, everything, prose, in_prose, excluded)
            if child.tail:  # a tail belongs to this element's context
                for texts in into:
                    texts.append(child.tail)
        if tag in _PROSE_BLOCKS or tag in _HEADINGS:
            for texts in into:
                texts.append("\n")

    def _clean(self, text: str) -> str:
        """Put entities back as characters and drop stashed HTML."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def restore(match: re.Match[str]) -> str:
            block = str(stash[int(match.group(1))])
            return html.unescape(block) if block.startswith("&") else ""

        # Other extensions' placeholders (footnote back-references) carry no text.
        return _PLACEHOLDER.sub("", _STASHED.sub(restore, text))


class PlainTextExtension(Extension):
    def __init__(self, holder: StateHolder) -> None:
        self.holder = holder
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_PlainTextProcessor(md, self.holder), "sitegen_text", -20)
