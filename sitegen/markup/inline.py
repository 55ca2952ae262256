"""Python-Markdown's inline stage, made to skip the text no inline pattern can match.

The inline processor tries each of its patterns (seventeen, with sitegen's) on every
piece of text: a paragraph, a list item, a table cell, the text after a link. Most
Japanese prose has none of the characters that start a pattern (a bracket, a
backtick, ``*``…), and trying them all was a quarter of the time of converting a
typical article. Every pattern here can only match text that holds one of a few
characters, so one search for any of those characters tells that none of them would
match, and the text is left as it is, which is exactly what trying each of them
would have done. A text that holds some is tried only with the patterns whose
characters it holds (a link's text is not tried for code, entities or emphasis):
that made converting a typical article another sixth faster.

The characters are known per regular expression, for the patterns Python-Markdown
and sitegen register. If a pattern is not one of those (a later Python-Markdown may
add one), the inline processor stays as it was.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions.nl2br import BR_RE
from markdown.inlinepatterns import (
    AUTOLINK_RE,
    AUTOMAIL_RE,
    BACKTICK_RE,
    ENTITY_RE,
    ESCAPE_RE,
    HTML_RE,
    IMAGE_LINK_RE,
    LINE_BREAK_RE,
    LINK_RE,
    Pattern,
)
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

from sitegen.markup.gfm import BARE_URL_RE, STRIKETHROUGH_RE
from sitegen.markup.hatena import HATENA_LINK_RE
from sitegen.markup.ruby import BRACES_RUBY_RE, BRACKET_RUBY_RE

# For each inline pattern's regular expression: the characters one of which is in
# any text it matches (each expression starts with one of them, or needs it later).
NEEDS: dict[str, str] = {
    BACKTICK_RE: "`",
    ESCAPE_RE: "\\",
    LINK_RE: "[",  # also the reference and short-reference links
    IMAGE_LINK_RE: "[",  # "![", also the image references
    r"\[\^([^\]]*)\]": "[",  # footnote references; the footnotes extension has no name for it
    AUTOLINK_RE: "<",
    AUTOMAIL_RE: "<",
    HTML_RE: "<",
    ENTITY_RE: "&",
    LINE_BREAK_RE: "\n",
    BR_RE: "\n",
    r"\*|_": "*_",  # emphasis and strong, by either delimiter
    STRIKETHROUGH_RE: "~",
    BARE_URL_RE: ":",  # http:// or https://
    HATENA_LINK_RE: "[",  # [https://…:title]
    BRACKET_RUBY_RE: "《",
    BRACES_RUBY_RE: "{",
}


class _SkippingInlineProcessor(InlineProcessor):
    """The inline processor that tries a pattern only on text holding a character it
    needs, and leaves text that holds none of any pattern's as it is."""

    def __init__(self, md: Markdown, needed: re.Pattern[str]) -> None:
        super().__init__(md)
        self.needed = needed
        self.patterns: tuple[Pattern, ...] = tuple(md.inlinePatterns)
        self.inlinePatterns = self.patterns  # type: ignore[assignment]
        self.each = tuple(_characters(NEEDS[p.compiled_re.pattern]) for p in self.patterns)

    # Python-Markdown calls this (by its mangled private name) on every text, also
    # the text inside what a pattern made; a later version that renames it would
    # simply no longer call ours. The loop is upstream's, but for the patterns a
    # text cannot hold: trying one of those gives back the text and starts the next
    # pattern from the beginning, and so does skipping it.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString) or self.needed.search(data) is None:
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns, each, start = self.patterns, self.each, 0
        while patternIndex < len(patterns):
            matched = False
            if each[patternIndex].search(data, start) is not None:
                data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex, start = patternIndex + 1, 0
        return data


def _characters(needed: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(needed)}]")


def needed_characters(md: Markdown) -> str | None:
    """The characters one of which a text must hold for an inline pattern of ``md`` to
    match it; ``None`` when a pattern is not one whose characters are known."""
    needed = ""
    for pattern in md.inlinePatterns:
        source = pattern.compiled_re.pattern
        if source not in NEEDS:
            return None
        needed += NEEDS[source]
    return "".join(sorted(set(needed)))


def install(md: Markdown) -> None:
    """Give ``md`` the skipping inline processor, once every extension has registered
    its patterns.

    It also gets the patterns as a plain tuple in their order: the registry re-checks
    its order on every lookup by index, which cost 5% of a conversion.
    """
    needed = needed_characters(md)
    if needed is not None:
        # Python-Markdown registers its inline processor at priority 20.
        skipping = _SkippingInlineProcessor(md, _characters(needed))
        md.treeprocessors.register(skipping, "inline", 20)
    else:
        inline = md.treeprocessors["inline"]
        inline.inlinePatterns = tuple(md.inlinePatterns)  # type: ignore[attr-defined]
