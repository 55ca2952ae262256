"""Raw HTML written in Markdown: off by default, as in Hugo.

With ``unsafe_html = false`` every piece of HTML the author typed is replaced by
``<!-- raw HTML omitted -->`` and reported (``check`` lists where). Our own
extensions also put HTML into Python-Markdown's stash, so we mark what came from
the author — the HTML-block preprocessor and the inline HTML pattern — and omit
only that.

Ruby's tags (``<ruby>``, ``<rt>``, ``<rp>``, ``<rb>``) are kept all the same when they
have no attributes: they only place a reading above text (稟議 / りんぎ), and without
an attribute no script or style can ride on them. Writers who came from Hatena Blog
have them in their articles; sitegen's own notation for ruby is in :mod:`.ruby`.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from sitegen.errors import quoted
from sitegen.markup.state import StateHolder

OMITTED = "<!-- raw HTML omitted -->"
# The author's HTML that stays when raw HTML is off: a tag of ruby, without attributes.
HARMLESS = re.compile(r"</?(?:ruby|rt|rp|rb)>", re.IGNORECASE)


class AuthorHtml(str):
    """HTML that the author wrote in the Markdown source."""

    __slots__ = ()


def _mark_since(md: Markdown, start: int) -> None:
    blocks = md.htmlStash.rawHtmlBlocks
    for index in range(start, len(blocks)):
        if isinstance(blocks[index], str):
            blocks[index] = AuthorHtml(blocks[index])


class _MarkedBlocks(Preprocessor):
    """Runs Python-Markdown's HTML-block preprocessor and marks what it stashed."""

    def __init__(self, md: Markdown, inner: Preprocessor) -> None:
        super().__init__(md)
        self.inner = inner

    def run(self, lines: list[str]) -> list[str]:
        start = len(self.md.htmlStash.rawHtmlBlocks)
        result = self.inner.run(lines)
        _mark_since(self.md, start)
        return result


class _MarkedInline(HtmlInlineProcessor):
    """The inline HTML pattern, marking what it stashes."""

    def handleMatch(  # type: ignore[override]  # the stubs know only Pattern's signature
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        start = len(self.md.htmlStash.rawHtmlBlocks)
        placeholder, begin, end = super().handleMatch(m, data)
        _mark_since(self.md, start)
        return str(placeholder), int(begin or 0), int(end or 0)


class _OmitAuthorHtml(Postprocessor):
    """Before the stash is restored, replace the author's HTML with a comment."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, AuthorHtml) and not HARMLESS.fullmatch(block):
                state = self.holder.state
                first_line = block.strip().split("\n", 1)[0]
                state.problems.warn(
                    f"raw HTML omitted: {quoted(first_line[:60])}",
                    state.line_of(first_line),
                    "raw HTML is off; set 'unsafe_html = true' under [markdown] in site.toml",
                )
                blocks[index] = OMITTED
        return text


class RawHtmlExtension(Extension):
    """Marks the author's raw HTML (the summary reads the text of what is kept); omits
    it unless ``allow`` is true."""

    def __init__(self, holder: StateHolder, allow: bool) -> None:
        self.holder = holder
        self.allow = allow
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(
            _MarkedBlocks(md, md.preprocessors["html_block"]), "html_block", 20
        )
        md.inlinePatterns.register(_MarkedInline(HTML_RE, md), "html", 90)
        if not self.allow:
            md.postprocessors.register(_OmitAuthorHtml(md, self.holder), "sitegen_omit_html", 35)
