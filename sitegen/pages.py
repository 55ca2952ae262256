"""The vocabulary of page planning: what a page is and how a planner describes one.

A *planner* turns the :class:`~sitegen.model.Site` into :class:`PageJob` records,
one per output file. The built-in planners live in :mod:`sitegen.render`; those
of feeds, the sitemap, archives and search live in their own modules. They all
share these records, which is why they sit here, below every planner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from sitegen.model import Site
from sitegen.translations import Alternate
from sitegen.uistrings import Phrase

FeedFormat = Literal["atom", "rss"]


@dataclass(frozen=True)
class FeedLink:
    """A feed a page advertises with ``<link rel="alternate">``."""

    format: FeedFormat
    url: str  # absolute
    tag: str = ""  # the tag (or author) the feed follows; empty for the whole site
    kind: str = ""  # what it follows: "tag" or "author"; empty for the whole site

    @property
    def media_type(self) -> str:
        return f"application/{self.format}+xml"


@dataclass(frozen=True)
class ShareImage:
    """What a page tells link previews of its picture besides its address (see
    sitegen.sharecards)."""

    width: int  # 0 when unknown: a picture elsewhere
    height: int
    alt: str  # the title of the page it stands for
    large_card: bool  # X may show it in the large card (summary_large_image)


@dataclass(frozen=True)
class PageInfo:
    """The page being rendered, for ``<title>``, metadata and navigation."""

    kind: str  # home, article, page, tag, tags, archives, archive, search, feed, not_found, …
    # Empty on the home page; a phrase the theme words when made of its words (the
    # archive of a month: 2024年7月, a later page of the home page: 2ページ目)
    title: str | Phrase
    url: str
    description: str
    image: str = ""  # the picture link previews show (og:image), when the page names one
    share_image: ShareImage | None = None  # what they are told of it
    feeds: tuple[FeedLink, ...] = ()  # the page's own feeds, besides the site's
    canonical: str = ""  # the address search engines should rank instead, if not its own
    noindex: bool = False  # search engines are asked to leave it out
    # The language of an article or page written in another than the site's (its
    # <html lang>); '' for the site's, and for every page the theme makes of its own.
    language: str = ""
    # An article's or page's versions in each language, itself included, as search
    # engines are told of them (hreflang): see translations.alternates.
    alternates: tuple[Alternate, ...] = ()


Context = tuple[PageInfo, Mapping[str, Any]]


class PageJob(NamedTuple):
    """One output file to render: where, with which template, and its data.

    The data is ``make(*inputs)``: a pure function of ``inputs``, the objects the
    page is made from (the configuration, articles, page numbers). A page's
    fingerprint is therefore a digest of its inputs (articles by their digest):
    a build knows a page has not changed without building its data, which keeps
    rebuilds of large sites fast. (A named tuple: a build plans every page of the
    site, and one is made four times faster than a frozen dataclass.)
    """

    output: str
    template: str
    origin: str  # what it comes from, for messages: a source path or a page kind
    make: Callable[..., Context]
    inputs: tuple[Any, ...]

    def context(self) -> Context:
        """The page's description and its template variables."""
        return self.make(*self.inputs)


Planner = Callable[[Site], Iterable[PageJob]]
