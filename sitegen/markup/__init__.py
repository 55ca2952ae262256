"""Markdown to HTML: Python-Markdown with the standard extensions and sitegen's own.

This package is the only place that imports ``markdown``. A :class:`MarkdownRenderer`
keeps its ``Markdown`` instances, reset before each document (building one costs
more than converting a short article), and returns a :class:`Rendered` record.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import markdown
import markdown.extensions.codehilite
import markdown.extensions.footnotes
from markdown.extensions.toc import slugify_unicode

from sitegen.config import MarkdownConfig, ShortcodeSignature
from sitegen.errors import Problem
from sitegen.markup import inline
from sitegen.markup.attributes import AttributeExtension
from sitegen.markup.calculators import calculator_placeholder
from sitegen.markup.cjk import CjkLineBreakExtension
from sitegen.markup.custom import shortcode_end, shortcode_placeholder
from sitegen.markup.gfm import GfmExtension
from sitegen.markup.limits import MAX_DEPTH, LimitExtension, deepest_line, too_deep
from sitegen.markup.links import (
    LinkExtension,
    blog_card,
    card_placeholder,
    image_placeholder,
    placeholder,
    root_link,
)
from sitegen.markup.migrated import MigratedExtension
from sitegen.markup.plaintext import PlainTextExtension
from sitegen.markup.quotes import ALERTS, QuoteExtension
from sitegen.markup.rawhtml import RawHtmlExtension
from sitegen.markup.ruby import RubyExtension
from sitegen.markup.settled import settle
from sitegen.markup.shortcodes import BUILTIN_SHORTCODES, ShortcodeExtension
from sitegen.markup.state import DocumentState, StateHolder
from sitegen.markup.toc import HeadingsExtension
from sitegen.model import Citation, Heading, LinkRef, PlacedShortcode
from sitegen.uistrings import builtin_texts

__all__ = [
    "BUILTIN_SHORTCODES",
    "WORDS",
    "LinkRef",
    "MarkdownRenderer",
    "MarkupOptions",
    "Rendered",
    "blog_card",
    "calculator_placeholder",
    "card_placeholder",
    "image_placeholder",
    "placeholder",
    "root_link",
    "shortcode_end",
    "shortcode_placeholder",
]


# The theme's UI strings that a converted body holds: they are part of the cache key.
WORDS = (
    "heading_link",
    "footnote_backlink",
    *(f"alert_{kind}" for kind in ALERTS),
    "alert_kind",
    "quote_caption",
    "quote_caption_undated",
    "quote_ref",
    "youtube_title",
    "vimeo_title",
    "post_link",
)


@dataclass(frozen=True)
class MarkupOptions:
    """Everything that changes how a body converts (part of the cache key)."""

    markdown: MarkdownConfig
    base_path: str = ""
    language: str = "ja"  # how dates are written (a quotation's caption)
    posts_dir: str = "posts"  # where Jekyll's {% post_url NAME %} looks for NAME.md
    # The theme's strings of WORDS; None: the built-in theme's of the language.
    words: Mapping[str, str] | None = None
    date_format: str = ""  # how a quotation's caption writes its date; empty: the language's
    # The theme's shortcodes (templates shortcodes/NAME.html), each with how it is
    # written: in pairs (its template shows inner) or not, and the arguments it reads
    shortcodes: Mapping[str, ShortcodeSignature] = field(default_factory=dict)

    def word(self, key: str) -> str:
        return (self.words if self.words is not None else builtin_texts(self.language))[key]


@dataclass(frozen=True)
class Rendered:
    """A converted body. ``html`` holds a placeholder for each entry of ``links``."""

    html: str
    toc: tuple[Heading, ...]
    full_text: str
    summary_text: str
    lead: str  # the text above a <!--more--> divider; empty without one
    links: tuple[LinkRef, ...]
    problems: tuple[Problem, ...]
    root_links: tuple[LinkRef, ...] = ()  # links from the site root, for the build to check
    calculators: tuple[str, ...] = ()  # the id of each placement: calculator_placeholder(i)
    quoted: tuple[str, ...] = ()  # the source id of each quotation, in order
    plain_text: str = ""  # all text but captions and footnote numbers: the summary's last resort
    shortcodes: tuple[PlacedShortcode, ...] = ()  # the theme's: shortcode_placeholder(i)


# The standard extensions for syntax most articles never use, each with what any use of
# that syntax holds. A body without it converts to exactly the same HTML without the
# extension, and sooner: each one tests every block or walks the whole tree, together
# a sixth of the time of converting a typical article. The line-start colon of a
# definition may follow quote and list markers, which the block parser strips.
OPTIONAL: dict[str, re.Pattern[str]] = {
    "tables": re.compile(r"\|"),
    "footnotes": re.compile(r"\[\^"),
    # Braces, or name=value words after a code fence's language (see .fences).
    "attr_list": re.compile(r"\{|^(?:`{3,}|~{3,})[^\n]*=", re.MULTILINE),
    "def_list": re.compile(r"^[ \t>*+\-0-9.)]*:", re.MULTILINE),
    "abbr": re.compile(r"\*\["),
}


def optional_syntax(body: str) -> frozenset[str]:
    """The optional extensions (see OPTIONAL) that ``body`` may use."""
    return frozenset(name for name, marker in OPTIONAL.items() if marker.search(body))


def _standard_extensions(
    options: MarkupOptions, holder: StateHolder, optional: frozenset[str]
) -> list[markdown.Extension | str]:
    config = options.markdown
    # Each with the name it has in OPTIONAL, or None if always used; in this order.
    named: list[tuple[str | None, markdown.Extension | str]] = [
        ("tables", "tables"),
        (None, "fenced_code"),
        (
            "footnotes",
            markdown.extensions.footnotes.FootnoteExtension(
                BACKLINK_TITLE=_numbered(options.word("footnote_backlink"))
            ),
        ),
        ("attr_list", "attr_list"),
        ("def_list", "def_list"),
        ("abbr", "abbr"),
        (None, "sane_lists"),
        (
            None,
            markdown.extensions.codehilite.CodeHiliteExtension(
                css_class="highlight", guess_lang=False, use_pygments=config.highlight
            ),
        ),
        (
            None,
            HeadingsExtension(
                holder,
                slugify=slugify_unicode,
                # h2 to the deepest level asked for (the title is the page's h1);
                # "2-1" lists none.
                toc_depth=f"2-{config.toc_depth}",
                permalink="#",
                permalink_title=options.word("heading_link"),
            ),
        ),
    ]
    extensions = [extension for name, extension in named if name is None or name in optional]
    if config.line_breaks == "hard":
        extensions.append("nl2br")
    return extensions


def _numbered(text: str) -> str:
    """A UI string's ``{n}`` as Python-Markdown numbers a footnote's link back: ``{0}``."""
    marked = text.format(n="\0")
    return marked.replace("{", "{{").replace("}", "}}").replace("\0", "{0}")


class MarkdownRenderer:
    """Converts article bodies; one instance per process, reused for every document.

    It keeps a ``Markdown`` instance for each set of optional syntax a body uses
    (see OPTIONAL), made when a body first needs it.
    """

    def __init__(self, options: MarkupOptions) -> None:
        self.options = options
        self._holder = StateHolder()
        self._engines: dict[frozenset[str], markdown.Markdown] = {}

    def _engine(self, body: str) -> markdown.Markdown:
        optional = optional_syntax(body)
        engine = self._engines.get(optional)
        if engine is None:
            engine = self._engines[optional] = self._make(optional)
        return engine

    def _make(self, optional: frozenset[str]) -> markdown.Markdown:
        options = self.options
        words = {key: options.word(key) for key in WORDS}
        ours: list[markdown.Extension] = [
            RawHtmlExtension(self._holder, allow=options.markdown.unsafe_html),
            LinkExtension(
                self._holder,
                options.base_path,
                allow_unsafe=options.markdown.unsafe_html,
                sponsored=options.markdown.sponsored,
                posts_dir=options.posts_dir,
            ),
            MigratedExtension(self._holder),
            PlainTextExtension(self._holder, options.language, options.markdown.unsafe_html),
            ShortcodeExtension(self._holder, words, options.shortcodes),
            GfmExtension(self._holder),
            RubyExtension(),
            QuoteExtension(self._holder, options.language, words, options.date_format),
            LimitExtension(self._holder),
        ]
        if options.markdown.line_breaks == "cjk":
            ours.append(CjkLineBreakExtension())
        ours.append(AttributeExtension(self._holder, allow_any=options.markdown.unsafe_html))
        engine = markdown.Markdown(
            extensions=[*_standard_extensions(options, self._holder, optional), *ours],
            output_format="html",
        )
        inline.install(engine)
        settle(engine)
        return engine

    def render(
        self,
        body: str,
        *,
        path: str,
        first_line: int = 1,
        sources: Sequence[Citation] = (),
        calculators: Mapping[str, Collection[str]] | None = None,
    ) -> Rendered:
        """Convert ``body``, the Markdown of ``path`` that starts at file line ``first_line``.

        ``sources`` are the works its quotations may name (``> [!quote ID]``);
        ``calculators`` are the ids its calculator markers may name, each with the
        names of its inputs and outputs (the ids of its widget's fields and results
        end with them: no heading takes one).
        """
        state = DocumentState(
            path=path,
            body=body,
            first_line=first_line,
            sources={s.id: s for s in sources},
            calculators=calculators or {},
        )
        self._holder.state = state
        html, toc = "", tuple[Heading, ...]()
        deep = too_deep(body)
        try:
            if deep is None:
                engine = self._engine(body)
                html = engine.reset().convert(body)
                toc = tuple(_flatten(getattr(engine, "toc_tokens", [])))
        except RecursionError:  # Python-Markdown parses each nested block by recursion
            deep = deepest_line(body)
        finally:
            self._holder.state = None
        if deep is not None:
            state.problems.error(
                "the Markdown nests too deeply to convert",
                first_line + deep,
                f"lists or quotes more than {MAX_DEPTH} levels inside each other: flatten them",
            )
        return Rendered(
            html=html,
            toc=toc,
            full_text=state.full_text,
            summary_text=state.summary_text,
            lead=state.lead,
            links=tuple(state.links),
            root_links=tuple(state.root_links),
            problems=tuple(state.problems),
            calculators=tuple(state.placed),
            quoted=tuple(state.quoted),
            plain_text=state.plain_text,
            shortcodes=tuple(state.shortcodes),
        )


def _flatten(tokens: list[dict[str, object]]) -> list[Heading]:
    """The headings of Python-Markdown's ``toc_tokens``, in order, their titles plain text.

    A token's ``name`` is HTML (``M&amp;A``); the theme escapes a title as it writes it.
    """
    headings: list[Heading] = []
    for token in tokens:
        title = html.unescape(str(token["name"]))
        headings.append(Heading(int(str(token["level"])), str(token["id"]), title))
        children = token.get("children")
        if isinstance(children, list):
            headings.extend(_flatten(children))
    return headings
