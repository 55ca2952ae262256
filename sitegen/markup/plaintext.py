"""The plain text of a converted body: all of it (for reading time) and the prose
the author wrote themselves (for the summary), leaving out quotations and code.

The summary is the prose above the first heading: the introduction, which reads on
its own, where the text under a heading answers it (## Will AI replace my staff? /
Not yet.). A body that opens with a heading is summarised by all its prose.

A list's items read as one sentence there, not as words run together: an item that
ends without punctuation of its own ends with 、 (; in English), the last with 。
(.): 「選ぶときは3つを聞く。何社を支援したか、成果をどう測ったか、やめる条件は何か。」

Raw HTML the author wrote (when ``unsafe_html`` keeps it) is read as if written in
Markdown: the paragraphs of an article migrated as HTML make its summary. Ruby reads
as a browser without ruby shows it, its reading in brackets: 稟議（りんぎ）.

``<!--more-->`` (WordPress's, Hugo's summary divider; ``<!-- more -->`` too) ends the
lead, wherever it stands: on a line of its own, or in a paragraph (``導入の文。<!--more-->``,
as WordPress and Hatena Blog exports write it). The author's summary is then the
prose above it. The divider itself leaves nothing in the page: a paragraph it stands
in stays one, its lines joined as if it were not there, and it is no raw HTML to omit.
In code it is code.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from sitegen.markup.custom import INNER
from sitegen.markup.prose import CODE_TAGS
from sitegen.markup.rawhtml import AuthorHtml
from sitegen.markup.state import StateHolder
from sitegen.text import ends_japanese_sentence

_NOT_PROSE = {"blockquote", "figure", "pre", "table", "sup", "details", "div", INNER}
# Not even a last resort for the summary: a quotation's caption, a footnote's number,
# the footnotes (the class of their <div>), the Markdown inside a shortcode of the
# theme's (its template decides what of it the page shows).
_NOT_SUMMARY = {"figcaption", "sup", INNER}
_NOT_TEXT = {"script", "style", "template"}  # what raw HTML holds that is not read
# The permalink the toc extension puts in each heading: its "#" is the theme's, not text.
_PERMALINK = "headerlink"
_FOOTNOTES = "footnote"
_PROSE_BLOCKS = {"p", "li", "dd"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
# What an item ends with already that ends it well enough (besides the end of a
# Japanese sentence or clause): Latin punctuation, and the full-width ：；.
_PUNCTUATION = ".,;:!?…：；"
_STASHED = re.compile(HTML_PLACEHOLDER % r"(\d+)")
# The author's tags of ruby (see rawhtml.HARMLESS) in the text: its reading in brackets,
# as sitegen's notation for ruby reads (稟議（りんぎ）), whatever <rp> they wrote.
_RUBY_TAGS = {"<rt>": "（", "</rt>": "）", "<rp>": "\0", "</rp>": "\1"}
_RP = re.compile("\0[^\0\1]*\1")
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_DIVIDER = re.compile(r"\s*<!--\s*more\b[^>]*-->\s*", re.IGNORECASE)
# The element that stands for a divider from _Dividers until the lead is read.
_DIVIDER_MARK = "sitegen-more"
# Elements that have no end tag (HTML's void elements).
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip
# Elements that another of their kind ends (<li>a<li>b), unless a container of theirs
# stands between the two.
_ENDED_BY_NEXT = {"li": {"li"}, "p": {"p"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}}
_CONTAINERS = {"ul", "ol", "dl", "table", "div", "blockquote", "section", "article"}
# Wrappers that say nothing of what they hold (WordPress puts posts in <div>s): their
# contents are read as if unwrapped. (A <div> that Markdown makes is no prose: footnotes.)
_WRAPPERS = {"div", "section", "article", "main", "span", "font", "center"}


class _Dividers(Treeprocessor):
    """Replaces each divider with an empty element, which the plain text processor
    reads as the end of the lead and then removes.

    A divider is a piece of the author's HTML that Python-Markdown set aside, alone
    (a line of its own, or the start of one) or inline (in a paragraph): it runs after
    inline processing, so a divider shown in code is code by now. It runs before lines
    are joined, so the lines around an inline one join as if it were not there.
    """

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, root: etree.Element) -> None:
        if "<!--" not in self.holder.state.body:
            return
        for element in root.iter():
            if element.tag not in CODE_TAGS:
                self._mark(element)

    def _mark(self, element: etree.Element) -> None:
        """Split the text and the children's tails of ``element`` at its dividers."""
        slots = [(element, "text", 0)]
        slots += [(child, "tail", index + 1) for index, child in enumerate(element)]
        for owner, slot, position in reversed(slots):  # later insertions first
            text = getattr(owner, slot)
            if not text or "\x02" not in text:
                continue
            pieces = _STASHED.split(text)  # text, index, text, index, …, text
            parts = [pieces[0]]  # the text before the first divider, and after each
            for index in range(1, len(pieces), 2):
                if self._is_divider(int(pieces[index])):
                    parts.append(pieces[index + 1])
                else:
                    parts[-1] += HTML_PLACEHOLDER % pieces[index] + pieces[index + 1]
            if len(parts) == 1:
                continue
            setattr(owner, slot, parts[0])
            marks = parts[1:]
            for offset, tail in enumerate(marks):
                mark = etree.Element(_DIVIDER_MARK)
                mark.tail = tail
                element.insert(position + offset, mark)

    def _is_divider(self, index: int) -> bool:
        blocks = self.md.htmlStash.rawHtmlBlocks
        block = blocks[index]
        if not (isinstance(block, AuthorHtml) and _DIVIDER.fullmatch(block)):
            return False
        blocks[index] = ""  # nothing in the page, and no raw HTML to omit
        return True


class _Texts:
    """The text of a body as it is gathered: all of it, all but captions and footnote
    numbers (see _NOT_SUMMARY), and the author's own prose (see _NOT_PROSE)."""

    def __init__(self) -> None:
        self.everything: list[str] = []
        self.plain: list[str] = []
        self.prose: list[str] = []
        self.opening: str | None = None  # the prose above the first heading, once met
        self.lead: str | None = None  # the text above the first divider, once met


class _HtmlElements(HTMLParser):
    """The elements of a piece of HTML, as the Markdown stage makes them: unclosed
    elements end where an enclosing one does (items and paragraphs where the next
    begins), stray end tags are ignored."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("div")
        self.open = [self.root]
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _WRAPPERS:
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag in _CONTAINERS:
                break
            if self.open[depth].tag in _ENDED_BY_NEXT.get(tag, ()):
                del self.open[depth:]
                break
        element = etree.SubElement(self.open[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in _VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in _WRAPPERS:
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.open[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


class _PlainTextProcessor(Treeprocessor):
    def __init__(self, md: Markdown, holder: StateHolder, language: str, raw_html: bool) -> None:
        super().__init__(md)
        self.holder = holder
        self.raw_html = raw_html  # whether the author's HTML is kept (else it is omitted)
        # How an item without punctuation ends: one before others, and the last.
        self.item_ends = ("、", "。") if language == "ja" else (";", ".")

    def run(self, root: etree.Element) -> None:
        texts = _Texts()
        state = self.holder.state
        # The root is Python-Markdown's wrapper <div>, not a div of the document.
        texts.everything.append(root.text or "")
        for child in root:
            self._walk(child, texts, in_prose=False, excluded=False, aside=False)
            texts.everything.append(child.tail or "")
            texts.plain.append(child.tail or "")
        if texts.lead is not None:
            state.lead = texts.lead
        if "<!--" in state.body:
            _remove_dividers(root)
        state.full_text = self._clean("".join(texts.everything))
        opening = self._clean(texts.opening or "")
        state.summary_text = opening if opening.strip() else self._clean("".join(texts.prose))
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
        kept = self._author_html(element)
        if kept is not None:  # a block of the author's HTML: read as the elements it has
            texts.everything.append(kept.text or "")
            for child in kept:
                self._walk(child, texts, in_prose, excluded, aside, child is kept[-1])
                for text in (texts.everything,) if aside else (texts.everything, texts.plain):
                    text.append(child.tail or "")
            return
        tag = str(element.tag)
        if tag == _DIVIDER_MARK:
            if texts.lead is None:
                texts.lead = self._clean("".join(texts.prose) or "".join(texts.plain))
            return
        if tag in _NOT_TEXT or element.get("class") == _PERMALINK:
            return
        excluded = excluded or tag in _NOT_PROSE
        if tag in _HEADINGS and not excluded and texts.opening is None:
            texts.opening = "".join(texts.prose)
        in_prose = in_prose or tag in _PROSE_BLOCKS
        aside = aside or tag in _NOT_SUMMARY or element.get("class") == _FOOTNOTES
        # Where this element's text goes: the prose too when it is the author's own.
        into = [texts.everything]
        if not aside:
            into.append(texts.plain)
        if in_prose and not excluded:
            into.append(texts.prose)
        if element.text:
            # A code span's text is escaped HTML (Python-Markdown's code_escape).
            own = html.unescape(element.text) if tag == "code" else element.text
            for text in into:
                text.append(own)
        for child in element:
            if tag == "li" and child.tag in _LISTS:  # the item's own text ends here
                self._end_item(into, self.item_ends[0])
            self._walk(child, texts, in_prose, excluded, aside, child is element[-1])
            if child.tail:  # a tail belongs to this element's context
                for text in into:
                    text.append(child.tail)
        if tag == "li":
            self._end_item(into, self.item_ends[1] if last else self.item_ends[0])
        if tag in _PROSE_BLOCKS or tag in _HEADINGS:
            for text in into:
                text.append("\n")

    def _author_html(self, element: etree.Element) -> etree.Element | None:
        """The elements of the raw HTML block that ``element`` stands for (a paragraph
        of its placeholder alone), when it is the author's and is kept."""
        if not self.raw_html or element.tag != "p" or len(element) or not element.text:
            return None
        stashed = _STASHED.fullmatch(element.text)
        if stashed is None:
            return None
        block = self.md.htmlStash.rawHtmlBlocks[int(stashed.group(1))]
        return _HtmlElements(block).root if isinstance(block, AuthorHtml) else None

    def _clean(self, text: str) -> str:
        """Put entities back as characters and drop stashed HTML."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def restore(match: re.Match[str]) -> str:
            block = str(stash[int(match.group(1))])
            if block.startswith("&"):
                return html.unescape(block)
            return _RUBY_TAGS.get(block.lower(), "")

        text = _STASHED.sub(restore, text)
        if "\0" in text:  # what the author's <rp> held: the brackets are the <rt>'s now
            text = _RP.sub("", text).replace("\0", "").replace("\1", "")
        # Other extensions' placeholders (footnote back-references) carry no text.
        return _PLACEHOLDER.sub("", text)

    def _end_item(self, into: list[list[str]], mark: str) -> None:
        """End the list item whose text each of ``into`` ends with by ``mark``, unless
        its last character (before any space) is punctuation already. Stashed HTML
        that leaves no text (a calculator widget's placeholder) is not where it ends."""
        for pieces in into:
            for index in range(len(pieces) - 1, -1, -1):
                text = self._clean(pieces[index]).rstrip()
                if text:
                    if not (text[-1] in _PUNCTUATION or ends_japanese_sentence(text, len(text))):
                        kept = pieces[index].rstrip()
                        pieces[index] = kept + mark + pieces[index][len(kept) :]
                    break


def _remove_dividers(element: etree.Element) -> bool:
    """Remove the divider marks below ``element``, their tails kept, and a paragraph
    left with nothing (a divider on a line of its own); whether there were any."""
    found = False
    for index in range(len(element) - 1, -1, -1):
        child = element[index]
        if child.tag != _DIVIDER_MARK:
            emptied = _remove_dividers(child)
            found = found or emptied
            if emptied and child.tag == "p" and not len(child) and not (child.text or "").strip():
                element.remove(child)  # its tail is the newline between blocks
            continue
        found = True
        element.remove(child)
        if index:
            element[index - 1].tail = (element[index - 1].tail or "") + (child.tail or "")
        else:
            element.text = (element.text or "") + (child.tail or "")
    return found


class PlainTextExtension(Extension):
    def __init__(self, holder: StateHolder, language: str, raw_html: bool) -> None:
        self.holder = holder
        self.language = language
        self.raw_html = raw_html
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (20), before lines are joined (15).
        md.treeprocessors.register(_Dividers(md, self.holder), "sitegen_dividers", 19)
        md.treeprocessors.register(
            _PlainTextProcessor(md, self.holder, self.language, self.raw_html), "sitegen_text", -20
        )
