"""What writers bring from GitHub, note and Hugo (whose Markdown is GFM):
``~~strikethrough~~``, web addresses written bare that link themselves, and
blockquotes that a blank line ends.

Python-Markdown continues a blockquote after a blank line when the next block is a
blockquote too (``> a``, blank, ``> b`` is one quote of two paragraphs); GitHub,
Hugo and every CommonMark editor's preview show two. The writer's preview wins: a
blank line ends a blockquote, and ``>`` on the blank line keeps one going. That
matters most after a quotation (``[!quote ID]``): a blockquote of the writer's own
that follows it must not be credited to the source.

A bare address starts with ``http://`` or ``https://`` and ends at the first
character a URL does not hold as written: a space, a quote, ``<``, or any Japanese
character (``詳しくはhttps://example.com/aを参照`` links ``https://example.com/a``).
Punctuation that ends the sentence (``.``, ``,``, ``!``…) and a closing parenthesis
without its opening one stay outside the link, as on GitHub. Addresses in code,
in links and in raw HTML are left as they are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor
from markdown.util import AtomicString

STRIKETHROUGH_RE = r"(~~)(?=\S)(.+?)(?<=\S)~~"
# Not right after a letter, digit or slash of ASCII: "xhttps://" is no address.
BARE_URL_RE = r"(?<![A-Za-z0-9/])https?://[A-Za-z0-9\-._~:/?#@!$&()+,;=%]+"
_TRAILING = ".,:;!?"


class _BareUrl(InlineProcessor):
    def handleMatch(  # type: ignore[override]  # the stubs know only Pattern's signature
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        url = m.group(0)
        while url and (
            url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))
        ):
            url = url[:-1]
        if "://" not in url or url.endswith("://"):
            return None, None, None
        link = etree.Element("a", {"href": url})
        link.text = AtomicString(url)
        return link, m.start(0), m.start(0) + len(url)


class _BlankLineEndsQuote(BlockQuoteProcessor):
    """Python-Markdown's blockquotes, but each block of ``>`` lines is a quote of its
    own: blank-line-separated ones are not merged."""

    def lastChild(self, parent: etree.Element) -> etree.Element | None:
        # BlockQuoteProcessor.run asks for the last child only to continue a
        # blockquote standing just before; never continuing one is the whole change.
        return None


class GfmExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # In the place of Python-Markdown's own (20).
        md.parser.blockprocessors.register(_BlankLineEndsQuote(md.parser), "quote", 20)
        md.ESCAPED_CHARS.append("~")  # \~~ is two tildes
        # After links (160), autolinks (120) and raw HTML (90), which hold their own
        # addresses; before entities (80), so an '&' stays part of the address.
        md.inlinePatterns.register(_BareUrl(BARE_URL_RE, md), "sitegen_bare_url", 85)
        # Before emphasis (60), so that ~~**強調**~~ is both.
        strikethrough = SimpleTagInlineProcessor(STRIKETHROUGH_RE, "del")
        md.inlinePatterns.register(strikethrough, "sitegen_strikethrough", 65)
