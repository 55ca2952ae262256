"""The plain text of a converted body: all of it (for reading time) and the prose
the author wrote themselves (for the summary), leaving out quotations and code.

A list's items read as one sentence there, not as words run together: an item that
ends without punctuation of its own ends with 、 (; in English), the last with 。
(.): 「選ぶときは3つを聞く。何社を支援したか、成果をどう測ったか、やめる条件は何か。」

A line ``<!--more-->`` (WordPress's, Hugo's summary divider; ``<!-- more -->`` too)
ends the lead: the author's summary is then the prose above it. The divider itself
leaves nothing in the page.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from sitegen.markup.state import StateHolder
from sitegen.text import ends_japanese_sentence

_NOT_PROSE = {"blockquote", "figure", "pre", "table", "script", "style", "sup", "details", "div"}
# Not even a last resort for the summary: a quotation's caption, a footnote's number,
# the footnotes (the class of their <div>).
_NOT_SUMMARY = {"figcaption", "sup", "script", "style"}
_FOOTNOTES = "footnote"
_PROSE_BLOCKS = {"p", "li", "dd"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
# What an item ends with already that ends it well enough (besides the end of a
# Japanese sentence or clause): Latin punctuation, and the full-width ：；.
_PUNCTUATION = ".,;:!?…：；"
_STASHED = re.compile(HTML_PLACEHOLDER % r"(\d+)")
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_DIVIDER = re.compile(r" {0,3}<!--\s*more\b[^>]*-->\s*", re.IGNORECASE)


class _Divider(Preprocessor):
    """Puts a placeholder paragraph where the first divider stands; drops the others.

    It runs after fenced code is stashed, so a divider shown in a code block stays.
    """

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, lines: list[str]) -> list[str]:
        if not any("<!--" in line for line in lines):
            return lines
        kept: list[str] = []
        for line in lines:
            if not _DIVIDER.fullmatch(line):
                kept.append(line)
            elif not self.holder.state.divider:
                self.holder.state.divider = self.md.htmlStash.store("")
                kept.extend(("", self.holder.state.divider, ""))
        return kept


class _Texts:
    """The text of a body as it is gathered: all of it, all but captions and footnote
    numbers (see _NOT_SUMMARY), and the author's own prose (see _NOT_PROSE)."""

    def __init__(self) -> None:
        self.everything: list[str] = []
        self.plain: list[str] = []
        self.prose: list[str] = []


class _PlainTextProcessor(Treeprocessor):
    def __init__(self, md: Markdown, holder: StateHolder, language: str) -> None:
        super().__init__(md)
        self.holder = holder
        # How an item without punctuation ends: one before others, and the last.
        self.item_ends = ("、", "。") if language == "ja" else (";", ".")

    def run(self, root: etree.Element) -> None:
        texts = _Texts()
        state = self.holder.state
        # The root is Python-Markdown's wrapper <div>, not a div of the document.
        texts.everything.append(root.text or "")
        for child in list(root):
            if state.divider and child.tag == "p" and child.text == state.divider:
                state.lead = self._clean("".join(texts.prose) or "".join(texts.plain))
                root.remove(child)
                continue
            self._walk(child, texts, in_prose=False, excluded=False, aside=False)
            texts.everything.append(child.tail or "")
            texts.plain.append(child.tail or "")
        state.full_text = self._clean("".join(texts.everything))
        state.summary_text = self._clean("".join(texts.prose))
        state.plain_text = self._clean("".join(texts.plain))

    def _walk(
        self,
        element: etree.Element,
        texts: _Texts,
        in_prose: bool,
        excluded: bool,
        aside: bool,
        last: bool = True,
    ) -> None:
        """Gather ``element``'s text; ``last`` tells whether it is its parent's last child."""
        tag = str(element.tag)
        excluded = excluded or tag in _NOT_PROSE
        in_prose = in_prose or tag in _PROSE_BLOCKS
        aside = aside or tag in _NOT_SUMMARY or element.get("class") == _FOOTNOTES
        # Where this element's text goes: the prose too when it is the author's own.
        into = [texts.everything]
        if not aside:
            into.append(texts.plain)
        if in_prose and not excluded:
            into.append(texts.prose)
        if element.text:
            for text in into:
                text.append(element.text)
        for child in element:
            if tag == "li" and child.tag in _LISTS:  # the item's own text ends here
                _end_item(into, self.item_ends[0])
            self._walk(child, texts, in_prose, excluded, aside, child is element[-1])
            if child.tail:  # a tail belongs to this element's context
                for text in into:
                    text.append(child.tail)
        if tag == "li":
            _end_item(into, self.item_ends[1] if last else self.item_ends[0])
        if tag in _PROSE_BLOCKS or tag in _HEADINGS:
            for text in into:
                text.append("\n")

    def _clean(self, text: str) -> str:
        """Put entities back as characters and drop stashed HTML."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def restore(match: re.Match[str]) -> str:
            block = str(stash[int(match.group(1))])
            return html.unescape(block) if block.startswith("&") else ""

        # Other extensions' placeholders (footnote back-references) carry no text.
        return _PLACEHOLDER.sub("", _STASHED.sub(restore, text))


def _end_item(into: list[list[str]], mark: str) -> None:
    """End the list item whose text each of ``into`` ends with by ``mark``, unless
    its last character (before any space) is punctuation already."""
    for pieces in into:
        for index in range(len(pieces) - 1, -1, -1):
            text = pieces[index].rstrip()
            if text:
                if not (text[-1] in _PUNCTUATION or ends_japanese_sentence(text, len(text))):
                    pieces[index] = text + mark + pieces[index][len(text) :]
                break


class PlainTextExtension(Extension):
    def __init__(self, holder: StateHolder, language: str) -> None:
        self.holder = holder
        self.language = language
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # After fenced code (25) is stashed, before HTML blocks (20) are.
        md.preprocessors.register(_Divider(md, self.holder), "sitegen_divider", 22)
        md.treeprocessors.register(
            _PlainTextProcessor(md, self.holder, self.language), "sitegen_text", -20
        )
