"""Blockquotes opened by a marker: quotations that name their source, and alerts.

A quotation is a blockquote opened by ``[!quote ID]``. In Markdown (it reads
naturally in any editor, like GitHub's ``[!NOTE]`` alerts)::

    > [!quote tokyo-biz-0311]
    > ミナト生命は11日、…

becomes::

    <figure class="quote" id="quote-tokyo-biz-0311">
    <blockquote cite="https://…"><p>ミナト生命は11日、…</p></blockquote>
    <figcaption>引用: 2024年3月11日 <a href="https://…">東京ビジネス新聞</a>
      <a class="quote__ref" href="#source-tokyo-biz-0311">[出典1]</a></figcaption>
    </figure>

The ID must be declared under ``sources`` in the front matter; the caption is in
the site's language and its last link leads to the entry of the article's source
list. The marker is read before inline processing, so Markdown inside the quote
(paragraphs, emphasis, lists) works as in any blockquote. The marker stands alone on
its line: text after it there is an error, since it would be taken for the source's
words (an alert's title stands there, and a writer may mean one); a quotation that
quotes nothing is an error too. A blank line ends the quotation (see gfm.py), so a
blockquote of the writer's own that follows it is never credited to the source.

An alert is GitHub's (and Hugo's, Obsidian's): ``> [!TIP]``, optionally followed
by a title on the same line, becomes a callout titled in the site's language::

    <div class="alert alert--tip" role="note"><p class="alert__title">ポイント</p>
    <p>…</p></div>

A title of the writer's own follows the kind's word, so that the kind is never told by
colour alone: ``<p class="alert__title"><span class="alert__kind">ポイント：</span>
通知の文面は先に常連客へ</p>``.

Any other marker is a warning at its line, and the blockquote stays as written.
"""

from __future__ import annotations

import re
import string
import xml.etree.ElementTree as etree
from collections.abc import Mapping

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.dates import format_date
from sitegen.errors import quoted, suggestion
from sitegen.markup.state import DocumentState, StateHolder
from sitegen.model import Citation

_MARKER = re.compile(r"^\[!([\w-]+)([^\]\n]*)\][ \t]*", re.IGNORECASE)
_MARKER_HINT = "open a quotation with '> [!quote ID]', ID declared under 'sources:'"
QUOTE = "quote"
# GitHub's alerts; the title of each is the theme's UI string alert_<kind>.
ALERTS = ("note", "tip", "important", "warning", "caution")


def quote_id(source_id: str, occurrence: int) -> str:
    """The HTML id of the ``occurrence``-th (1-based) quotation of a source.

    ``quote-ID`` for the first, ``quote2-ID``, ``quote3-ID``… for the others, as
    Python-Markdown numbers a footnote's second reference (``fnref2:1``). Unique
    whatever the source ids are: a later quotation's number sits where a first one
    has its '-', so ``quote-a-2`` is the first quotation of a source ``a-2``, never
    the second of ``a``.
    """
    return f"quote-{source_id}" if occurrence == 1 else f"quote{occurrence}-{source_id}"


def source_anchor(source_id: str) -> str:
    """The HTML id of a source's entry in the article's source list.

    The theme's ``partials/sources.html`` writes the same ids, and gives the list's
    heading ``sources-title``, which no ``source-ID`` can be.
    """
    return f"source-{source_id}"


class _QuoteProcessor(Treeprocessor):
    def __init__(
        self,
        md: Markdown,
        holder: StateHolder,
        language: str,
        words: Mapping[str, str],
        date_format: str,
    ) -> None:
        super().__init__(md)
        self.holder = holder
        self.language = language
        self.words = words
        self.date_format = date_format

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for quote in list(root.iter("blockquote")):
            for part in _split(quote, parents):
                self._convert(part, parents[part])

    def _convert(self, quote: etree.Element, parent: etree.Element) -> None:
        first = quote[0] if len(quote) else None
        match = _marker(first)
        if first is None or match is None:
            return
        state = self.holder.state
        marker = match.group(0).rstrip()
        line = state.line_of(marker)
        kind = match.group(1).lower()
        if kind != QUOTE and kind not in ALERTS:
            known = ", ".join(f"[!{name.upper()}]" for name in ALERTS)
            markers = f"a quotation is [!quote ID]; alerts are {known}"
            hint = suggestion(kind, [QUOTE, *ALERTS], otherwise=markers)
            state.problems.warn(f"unknown marker [!{match.group(1)}]: left as written", line, hint)
            return
        rest = (first.text or "")[match.end() :]
        title, newline, rest = rest.partition("\n") if kind != QUOTE else ("", "", rest)
        first.text = (rest if newline or kind == QUOTE else "").lstrip()
        if not first.text and not len(first):
            quote.remove(first)
        if kind in ALERTS:
            self._alert(quote, kind, title.strip())
            return
        _check_marker_line(rest.partition("\n")[0], marker, state, line)
        if not len(quote):
            state.problems.error(
                f"quotation {marker} quotes nothing",
                line,
                "put the source's words on the lines after the marker, each opened by '>';"
                " a blank line ends a blockquote, so write '>' on it to go on",
            )
        source = _named_source(match.group(2), state, line)
        if source is not None:
            self._wrap(quote, parent, source, state)

    def _alert(self, quote: etree.Element, kind: str, title: str) -> None:
        """The blockquote becomes the callout, its title first: the kind's own in the
        site's language (the theme's alert_<kind>), or the one written after the
        kind's (alert_kind: 警告：返還を求められる例), which the title does not
        already start with. The kind is said in words, not by colour alone: to a
        screen reader, in forced colours, in a feed."""
        quote.tag = "div"
        quote.attrib.update({"class": f"alert alert--{kind}", "role": "note"})
        heading = etree.Element("p", {"class": "alert__title"})
        name = self.words[f"alert_{kind}"]
        heading.text = title or name
        if title and not title.casefold().startswith(name.casefold()):
            label = etree.SubElement(heading, "span", {"class": "alert__kind"})
            label.text = AtomicString(self.words["alert_kind"].format(kind=name))
            label.tail, heading.text = title, ""
        quote.insert(0, heading)

    def _wrap(
        self, quote: etree.Element, parent: etree.Element, source: Citation, state: DocumentState
    ) -> None:
        state.quoted.append(source.id)
        occurrence = state.quoted.count(source.id)
        figure = etree.Element("figure", {"class": "quote", "id": quote_id(source.id, occurrence)})
        parent.insert(list(parent).index(quote), figure)
        parent.remove(quote)
        figure.tail, quote.tail = quote.tail, None
        if source.url:
            quote.set("cite", source.url)
        figure.append(quote)
        number = list(state.sources).index(source.id) + 1
        figure.append(self._caption(source, number))

    def _caption(self, source: Citation, number: int) -> etree.Element:
        """引用: 2024年3月11日 <a>東京ビジネス新聞</a> <a>[出典1]</a>, or its English: the
        theme's quote_caption (quote_caption_undated for a source without a date), its
        {publisher} linked to the source and its {ref} to the source list."""
        caption = etree.Element("figcaption")
        date = format_date(source.date, self.language, self.date_format or None)
        wording = self.words["quote_caption" if date else "quote_caption_undated"]
        for text, name, _, _ in string.Formatter().parse(wording):
            _add_text(caption, text + (date if name == "date" else ""))
            if name == "publisher" and source.url:
                publisher = etree.SubElement(caption, "a", {"href": source.url})
                publisher.text = AtomicString(source.publisher)
            elif name == "publisher":
                _add_text(caption, source.publisher)
            elif name == "ref":
                anchor = {"class": "quote__ref", "href": "#" + source_anchor(source.id)}
                ref = etree.SubElement(caption, "a", anchor)
                ref.text = AtomicString(self.words["quote_ref"].format(n=number))
        return caption


def _add_text(element: etree.Element, text: str) -> None:
    """Put ``text`` after what ``element`` holds so far (as it is: a publisher's '*')."""
    if len(element):
        element[-1].tail = AtomicString((element[-1].tail or "") + text)
    else:
        element.text = AtomicString((element.text or "") + text)


def marked_kind(element: etree.Element) -> str:
    """``quotation`` or ``alert`` if ``element`` is a paragraph opened by the marker of
    one (still as written: before this module's treeprocessor), else empty."""
    match = _marker(element)
    kind = match.group(1).lower() if match else ""
    return "quotation" if kind == QUOTE else "alert" if kind in ALERTS else ""


def opens_with_marker(text: str) -> bool:
    """Whether ``text`` opens with a marker, known or not: a blockquote part of its own."""
    return _MARKER.match(text) is not None


def _marker(element: etree.Element | None) -> re.Match[str] | None:
    """The ``[!quote …]`` marker opening ``element``, if it is a paragraph that has one."""
    if element is None or element.tag != "p":
        return None
    return _MARKER.match(element.text or "")


def _split(
    quote: etree.Element, parents: dict[etree.Element, etree.Element]
) -> list[etree.Element]:
    """Split ``quote`` before each paragraph that opens with a marker.

    A blank line already ends a blockquote (see gfm.py); a marker after a line of
    a lone ``>`` is inside one, and opens a quotation (or an alert) of its own all
    the same, so that the words after it are never credited to the source before.
    ``parents`` is kept up to date for the elements that move.
    """
    children = list(quote)
    starts = [index for index, child in enumerate(children) if index and _marker(child)]
    if not starts:
        return [quote]
    parent = parents[quote]
    position = list(parent).index(quote)
    parts = [quote]
    for start, end in zip(starts, [*starts[1:], len(children)], strict=True):
        part = etree.Element("blockquote")
        for child in children[start:end]:
            quote.remove(child)
            part.append(child)
            parents[child] = part
        parts.append(part)
        parents[part] = parent
        parent.insert(position + len(parts) - 1, part)
    parts[-1].tail, quote.tail = quote.tail, None
    return parts


def _check_marker_line(text: str, marker: str, state: DocumentState, line: int) -> None:
    """An error for ``text`` written after a quotation's ``marker`` on its line.

    After an alert's marker such text is its title; a quotation has no title of its
    own, and the text would be read as the source's words, glued to the next line.
    """
    if text.strip():
        state.problems.error(
            f"text after {marker} on its line: {quoted(text.strip())}",
            line,
            "a quotation holds the source's words only, from the line after the marker;"
            " a title or words of your own go outside it",
        )


def _named_source(inside: str, state: DocumentState, line: int) -> Citation | None:
    """The source a marker names, or None after recording why it names none."""
    ids = inside.split()
    if not ids:
        state.problems.error("quotation without a source id", line, _MARKER_HINT)
        return None
    if len(ids) > 1:
        state.problems.error(
            f"a quotation names one source, not {len(ids)} ({' '.join(ids)})",
            line,
            "split it into one quotation per source",
        )
        return None
    source = state.sources.get(ids[0])
    if source is None:
        state.problems.error(
            f"quotation names an undeclared source {quoted(ids[0])}",
            line,
            _declared_hint(ids[0], state.sources),
        )
    return source


def _declared_hint(name: str, sources: Mapping[str, Citation]) -> str:
    declare = f"declare it under 'sources:' in the front matter: '{name}: {{publisher: …}}'"
    return suggestion(name, sources, "declared", declare)


class QuoteExtension(Extension):
    """Turns ``> [!quote ID]`` blockquotes into captioned figures, and alerts
    (``> [!NOTE]``) into callouts."""

    def __init__(
        self, holder: StateHolder, language: str, words: Mapping[str, str], date_format: str = ""
    ) -> None:
        """``language`` and ``date_format`` (empty: the language's): how dates are
        written; ``words``: the theme's UI strings."""
        self.holder = holder
        self.language = language
        self.words = words
        self.date_format = date_format
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # Before inline processing (20): the marker is still plain text, and the
        # caption's text is atomic, so a publisher's '*' or '&' stays as written.
        processor = _QuoteProcessor(md, self.holder, self.language, self.words, self.date_format)
        md.treeprocessors.register(processor, "sitegen_quotes", 30)
