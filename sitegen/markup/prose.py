"""The prose of a converted document: its text outside code.

Shortcodes, and the template syntax other generators leave behind, count only in
prose: inside code they are shown as written, which is how a writer documents them.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.util import ETX, HTML_PLACEHOLDER, STX

# The elements whose text is code, shown as written.
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})
# What Python-Markdown leaves in the text for the inline HTML and entities it set aside
# (restored at the end), and for a backslash-escaped character (its code point).
_STASHED = re.compile(HTML_PLACEHOLDER % r"(\d+)")
_ESCAPED = re.compile(f"{STX}(\\d+){ETX}")
_TAG = re.compile(r"<[^>]*>")


def visit_prose(element: etree.Element, visit: Callable[[str | None], None]) -> None:
    """``visit`` the text and tail of ``element`` and of all below it, in order, but the
    text inside code (the tail after a code element is prose again)."""
    if element.tag not in CODE_TAGS:
        visit(element.text)
        for child in element:
            visit_prose(child, visit)
    visit(element.tail)


def as_written(md: Markdown, text: str) -> str:
    """``text`` of the prose, during the conversion, as the author wrote it: with the
    inline HTML and entities that ``md`` set aside, and the backslash escapes, put back
    in place of the placeholders standing for them. For messages, and to find the line."""
    if STX not in text:
        return text
    stash = md.htmlStash.rawHtmlBlocks

    def stashed(match: re.Match[str]) -> str:
        block = stash[int(match.group(1))]
        return block if isinstance(block, str) else ""

    text = _STASHED.sub(stashed, text)
    return _ESCAPED.sub(lambda match: "\\" + chr(int(match.group(1))), text)


def plain_text(md: Markdown, text: str) -> str:
    """``text`` of the prose, during the conversion, as a reader sees it: the inline HTML
    and entities ``md`` set aside put back as their text (no tags), the backslash
    escapes as the characters they escape. For an alt text."""
    if STX not in text:
        return text
    stash = md.htmlStash.rawHtmlBlocks

    def stashed(match: re.Match[str]) -> str:
        block = stash[int(match.group(1))]
        return html.unescape(_TAG.sub("", block)) if isinstance(block, str) else ""

    text = _STASHED.sub(stashed, text)
    return _ESCAPED.sub(lambda match: chr(int(match.group(1))), text)
