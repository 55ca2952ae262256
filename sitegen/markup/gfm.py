"""What writers bring from GitHub, note and Hugo (whose Markdown is GFM):
``~~strikethrough~~``, web addresses written bare that link themselves, and
blockquotes that a blank line ends.

Python-Markdown continues a blockquote after a blank line when the next block is a
blockquote too (``> a``, blank, ``> b`` is one quote of two paragraphs); GitHub,
Hugo and every CommonMark editor's preview show two. The writer's preview wins: a
blank line ends a blockquote, and ``>`` on the blank line keeps one going. That
matters most after a quotation (``[!quote ID]``): a blockquote of the writer's own
that follows it must not be credited to the source. Text written under the old rule
may mean the other, so such a blockquote after a quotation or an alert is a warning.

A list cannot interrupt a paragraph in Python-Markdown, though it can on GitHub: a
line opened by ``1.`` or ``-`` straight after a line of text stays in the paragraph
(``理由は三つ`` / ``1. 価格が高い`` reads ``理由は三つ 1. 価格が高い``). That is a
warning too, at the line, asking for the blank line that makes it a list. A line
opened by another number (``founded in`` / ``1999. It grew``) is prose on GitHub too.

A bare address starts with ``http://`` or ``https://`` and ends at the first
character a URL does not hold as written: a space, a quote, ``<``, or any Japanese
character (``詳しくはhttps://example.com/aを参照`` links ``https://example.com/a``).
Punctuation that ends the sentence (``.``, ``,``, ``!``…) and a closing parenthesis
without its opening one stay outside the link, as on GitHub. Addresses in code,
in links and in raw HTML are left as they are.

A paragraph keeps a full-width space (U+3000) it opens with: the indent of a Japanese
paragraph (字下げ). Python-Markdown strips all whitespace before a paragraph, U+3000
too (though not on its later lines); CommonMark and Hugo strip only spaces and tabs.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockQuoteProcessor, ParagraphProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, AtomicString

from sitegen.markup.quotes import marked_kind, opens_with_marker
from sitegen.markup.state import StateHolder

STRIKETHROUGH_RE = r"(~~)(?=\S)(.+?)(?<=\S)~~"
# Not right after a letter, digit or slash of ASCII: "xhttps://" is no address.
BARE_URL_RE = r"(?<![A-Za-z0-9/])https?://[A-Za-z0-9\-._~:/?#@!$&()+,;=%]+"
_TRAILING = ".,:;!?"
_SPACE = " \t\n"  # what a paragraph is stripped of: not the full-width space (U+3000)
# A marker that opens a list inside a paragraph on GitHub and in every CommonMark
# editor (a bullet, or 1.: only a list that starts at 1 may interrupt a paragraph),
# with the space after it; in Python-Markdown, after a blank line, it opens one too.
# Not 1), which opens no list in Python-Markdown, even after a blank line, and not a
# number that starts a wrapped line of prose (founded in / 1999. It grew).
_LIST_ITEM = re.compile(r"(?:1\.|[-*+])[ \t]")
# Code spans, as Python-Markdown finds them: lines inside one start no list item.
_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)


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


class _IndentKeepingParagraph(ParagraphProcessor):
    """Python-Markdown's paragraphs (its ``run``, line for line), but stripped of the
    spaces, tabs and newlines before them only: ``str.lstrip()`` takes U+3000 too."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        if not block.strip():
            return  # a blank block
        text = block.lstrip(_SPACE)
        if not self.parser.state.isstate("list"):
            etree.SubElement(parent, "p").text = text
            return
        # A tight list: the item's text, or the tail of what it holds (a heading).
        sibling = self.lastChild(parent)
        if sibling is not None:
            sibling.tail = f"{sibling.tail}\n{block}" if sibling.tail else f"\n{block}"
        else:
            parent.text = f"{parent.text}\n{block}" if parent.text else text


class _BlankLineEndsQuote(BlockQuoteProcessor):
    """Python-Markdown's blockquotes, but each block of ``>`` lines is a quote of its
    own: blank-line-separated ones are not merged."""

    def __init__(self, parser: BlockParser, holder: StateHolder) -> None:
        super().__init__(parser)
        self.holder = holder

    def lastChild(self, parent: etree.Element) -> etree.Element | None:
        # BlockQuoteProcessor.run asks for the last child only to continue a
        # blockquote standing just before; never continuing one is the whole change.
        return None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        previous = parent[-1] if len(parent) else None
        if previous is not None and previous.tag == "blockquote" and self.RE.match(blocks[0]):
            self._warn_if_continued(previous, blocks[0])
        super().run(parent, blocks)

    def _warn_if_continued(self, previous: etree.Element, block: str) -> None:
        """A warning if ``block``, a blockquote after only a blank line, follows a
        quotation or an alert: under Python-Markdown's rule it was part of it.

        A marker opens a new part inside a blockquote (see quotes._split): any marked
        paragraph of ``previous`` makes its last part a quotation or an alert, and a
        ``block`` opened by a marker is one of its own either way."""
        kinds = [kind for kind in map(marked_kind, previous) if kind]
        words = next((w for w in map(_quoted_words, block.split("\n")) if w), ">")
        if not kinds or opens_with_marker(words):
            return  # a marker opens a part of its own under either rule
        state = self.holder.state
        state.problems.warn(
            f"this blockquote is not part of the {kinds[-1]} above (a blank line ends one)",
            state.line_of(words, _is_quoted),
            "write '>' on the blank line to continue it, or put text between them"
            " if it is your own",
        )


def _quoted_words(line: str) -> str:
    """The text of a line of a blockquote, without its '>' and what Markdown stashed."""
    return line.lstrip(" \t>").split(STX)[0].strip()


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _opens_list_item(line: str) -> bool:
    return _LIST_ITEM.match(line.lstrip(" \t>")) is not None


class _ListInParagraph(Treeprocessor):
    """A warning at a line that opens a list item inside a paragraph (see above)."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            text = _CODE_SPAN.sub(
                lambda code: code.group(0).replace("\n", " "), paragraph.text or ""
            )
            lines = text.split("\n")
            for before, line in itertools.pairwise(lines):
                if _LIST_ITEM.match(line) and not _LIST_ITEM.match(before):
                    self._warn(line)

    def _warn(self, line: str) -> None:
        state = self.holder.state
        state.problems.warn(
            "this line looks like a list item but is part of the paragraph above",
            state.line_of(line.split(STX)[0].strip(), _opens_list_item),
            "put a blank line before the list",
        )


class GfmExtension(Extension):
    def __init__(self, holder: StateHolder) -> None:
        self.holder = holder
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # In the place of Python-Markdown's own (20).
        quotes = _BlankLineEndsQuote(md.parser, self.holder)
        md.parser.blockprocessors.register(quotes, "quote", 20)
        paragraphs = _IndentKeepingParagraph(md.parser)
        md.parser.blockprocessors.register(paragraphs, "paragraph", 10)
        # Before inline processing (20), while a paragraph's text is as written; after
        # the quotations (30), which take their markers out of it.
        md.treeprocessors.register(
            _ListInParagraph(md, self.holder), "sitegen_list_in_paragraph", 25
        )
        md.ESCAPED_CHARS.append("~")  # \~~ is two tildes
        # After links (160), autolinks (120) and raw HTML (90), which hold their own
        # addresses; before entities (80), so an '&' stays part of the address.
        md.inlinePatterns.register(_BareUrl(BARE_URL_RE, md), "sitegen_bare_url", 85)
        # Before emphasis (60), so that ~~**強調**~~ is both.
        strikethrough = SimpleTagInlineProcessor(STRIKETHROUGH_RE, "del")
        md.inlinePatterns.register(strikethrough, "sitegen_strikethrough", 65)
