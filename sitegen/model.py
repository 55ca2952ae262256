"""The site as data: typed, frozen records built by the read stage and read by templates.

Nothing here does I/O. Every record that a page is made from carries a ``digest``
covering everything in it, so the renderer can tell which pages an edit affects.

Records have ``__slots__``: a build walks 10,000 articles and their tags a dozen
times, and objects without a ``__dict__`` each are quicker to reach. They pickle
as a tuple of their values (see :func:`sitegen.frozen.pickled_as_values`), since
the cache and the workers pickle some hundred thousand of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sitegen.blogframe import Ranking
from sitegen.calc import Calculator
from sitegen.config import Config
from sitegen.frozen import FrozenMap, pickled_as_values

Kind = Literal["article", "page"]


class Extra(FrozenMap[str, Any]):
    """The front-matter keys sitegen does not read, kept for the theme (``article.extra``).

    Each article has its own: a key one lacks is undefined to a template rather than a
    mistake — empty when shown, false in an ``{% if %}``, as Hugo's ``.Params`` — while
    a misspelt name anywhere else stays an error (see theme).
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Extra, (self._items,))

    def __repr__(self) -> str:
        return f"Extra({self._items!r})"


@pickled_as_values
@dataclass(frozen=True, slots=True)
class TagRef:
    """A tag (or a series, or an author) as an article names it: display name, URL slug
    and URL."""

    name: str
    slug: str
    url: str
    # The other names the article gives the tag, which share its URL (C++ beside C): the
    # article is listed under ``name`` only; kept so a warning can name them all.
    also: tuple[str, ...] = ()
    # How the article spells the tag, when the site shows it by another spelling: that of
    # most articles (ＥＣ, shown as EC), as the tag's page does; empty when ``name`` is it.
    spelt: str = ""

    @property
    def spelling(self) -> str:
        """The name as the article writes it."""
        return self.spelt or self.name


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Heading:
    """One entry of an article's table of contents."""

    level: int
    id: str
    title: str  # plain text, as written in the heading (M&A), for the theme to escape


@pickled_as_values
@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link in the body to another part of the site.

    A relative link is resolved against the source file's folder: ``target`` is the
    site-relative path it names (``content/posts/b.md``), and the body holds a
    placeholder for it until every article's URL is known. For a link from the site
    root (``/files/a.pdf``), ``target`` is the path in the output (``files/a.pdf``).
    """

    target: str
    fragment: str
    line: int
    written: str  # the link exactly as the author wrote it
    unsized_image: bool = False  # the source of an image without a width or height
    card: bool = False  # a blog card's ({{< card >}}): it shows the article it leads to
    # The cross-reference of another generator it was written as ({{< ref "b.md" >}}),
    # if any: ``written`` is then the link of sitegen's it stands for (b.md)
    via: str = ""


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Layout:
    """The template an article chose to be rendered with (``layout: landing``), and
    where it chose it: the build checks that the theme has it."""

    template: str  # a template file of the theme: landing.html
    key: str  # the key it was written under: layout (Hugo, Jekyll) or template (Pelican)
    line: int


@pickled_as_values
@dataclass(frozen=True, slots=True)
class PlacedCalculator:
    """A calculator widget in a body: what it computes and the page-unique id of its HTML.

    The body holds ``calculator_placeholder(i)`` (see :mod:`sitegen.markup`) for the i-th
    placement; the renderer replaces it with the theme's ``partials/calculator.html``.
    """

    calculator: Calculator
    widget_id: str  # calc-apology, calc-2-apology for a second placement on the page


@pickled_as_values
@dataclass(frozen=True, slots=True)
class PlacedShortcode:
    """A shortcode of the theme's own in a body (``{{< box title="注意" >}}``): what the
    page renders the theme's ``shortcodes/<name>.html`` with.

    The body holds ``shortcode_placeholder(i)`` (see :mod:`sitegen.markup`) for the i-th,
    and after it, for one written in pairs, the HTML of the Markdown between its
    markers then ``shortcode_end(i)``.
    """

    name: str
    positional: tuple[str, ...]
    named: tuple[tuple[str, str], ...]  # in the order written
    line: int  # of its marker in the source file
    paired: bool  # written {{< name >}} … {{< /name >}}: it has inner HTML


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Citation:
    """A work an article quotes, declared under ``sources`` in its front matter.

    A quotation in the body names it by ``id``; the article lists every citation
    at its end, and the page's JSON-LD carries them as ``citation``.
    """

    id: str
    publisher: str  # 東京ビジネス新聞
    date: dt.date | None = None  # the day it was published
    title: str = ""
    url: str = ""  # http(s) or empty
    note: str = ""


@pickled_as_values
@dataclass(frozen=True, slots=True)
class ArticleLink:
    """Just enough of an article to link to it (previous/next, recent posts)."""

    title: str
    url: str
    date: dt.datetime | None
    # Its language when not the site's (see Article.language): its title says it with
    # the lang_attr filter wherever it is shown.
    language: str = ""


@pickled_as_values
@dataclass(frozen=True, slots=True)
class TranslationKey:
    """What an article's front matter says with ``translationKey``: the articles and
    pages that give the same one are versions of one text in different languages (see
    :mod:`sitegen.translations`); and where it says so, for an error."""

    value: str  # alico
    key: str  # as written: translationKey (Hugo's) or translation_key
    line: int


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Translation:
    """Another version of an article or page, in another language: enough to link to it."""

    title: str
    url: str
    # Its language, always named (ja, en), unlike Article.language: a link to it says it
    # with the lang_attr filter, whatever the page's.
    language: str
    name: str  # the language's own name, as a link to it is shown: 日本語, English
    # Search engines may index it (see translations.indexed): only such versions are
    # named by hreflang, in the page's head and the sitemap.
    indexed: bool = True


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Article:
    """An article (dated, tagged, listed) or a standalone page, ready to render."""

    source: str  # site-relative path of the Markdown file
    kind: Kind
    title: str
    slug: str
    url: str  # URL path with the site's base path, percent-encoded: /posts/%E7%B5%8C/
    output: str  # file path inside the output folder: posts/経/index.html
    date: dt.datetime | None
    updated: dt.datetime | None
    tags: tuple[TagRef, ...]
    summary: str  # plain text
    html: str  # the rendered body; calculators are placeholders until the page is rendered
    toc: tuple[Heading, ...]
    reading_minutes: int
    draft: bool
    links: tuple[LinkRef, ...] = ()  # relative links, resolved by the build
    root_links: tuple[LinkRef, ...] = ()  # links from the site root, checked by the build
    calculators: tuple[PlacedCalculator, ...] = ()  # widgets of the body, in order
    # The theme's own shortcodes in the body, in order: placeholders until the page is
    # rendered (see PlacedShortcode)
    shortcodes: tuple[PlacedShortcode, ...] = ()
    sources: tuple[Citation, ...] = ()  # what the body quotes, in declaration order
    rankings: tuple[Ranking, ...] = ()  # the ranking blurbs shown above and below it
    aliases: tuple[str, ...] = ()  # output files of its old addresses, which redirect to it
    pinned: bool = False  # listed first on the home page
    expires: dt.datetime | None = None  # from then on, it is left out like a draft
    # When it is published, if not at its date (Hugo's publishDate): until then it is
    # scheduled, as an article dated later is; see :attr:`goes_live`.
    publish_date: dt.datetime | None = None
    canonical: str = ""  # its address where it first appeared, if elsewhere (an http(s) URL)
    noindex: bool = False  # kept out of search engines, the sitemap and the site search
    # Who wrote it, each with the URL of their page: as its front matter names them
    # (none: the site's author); a site with author pages fills in the site's author.
    authors: tuple[TagRef, ...] = ()
    menu: str = ""  # the menu linking to it: "main" (a page's default), "footer" or none
    weight: int = 0  # its place in that menu: lighter first, then by URL
    layout: Layout | None = None  # its own template, instead of article.html or page.html
    series: TagRef | None = None  # the series (連載) it is a part of, and the series' page
    # The language it is written in when not the site's (front matter ``language``),
    # '' when it is the site's: its page's lang, og:locale and inLanguage say it.
    language: str = ""
    # Its front matter's translationKey, if any; and the other published versions it
    # names, by language, which assembling the site fills in (see sitegen.translations).
    translation_key: TranslationKey | None = None
    translations: tuple[Translation, ...] = ()
    # The front-matter keys that give its addresses, with their lines, for an error when
    # another source makes the same file: its slug's (or permalink's, which wins), none
    # when its file's name gives it; and its aliases'.
    address_key: tuple[str, int] | None = None
    aliases_key: tuple[str, int] | None = None
    extra: Mapping[str, Any] = field(default_factory=Extra)
    # The picture link previews show (og:image): an http(s) URL or a path with the
    # base path; a relative one holds a link placeholder until the build resolves it.
    image: str = ""
    # Its width and height when it is a picture of the site (filled in by the build),
    # which link previews are told (og:image:width and og:image:height).
    image_size: tuple[int, int] | None = None
    digest: str = ""
    # Made from the fields above, once: a build asks for them some 100,000 times, and
    # the very same link in each build lets pages listing it be compared at once.
    link: ArticleLink = field(init=False, repr=False, compare=False)  # title, URL and date
    # When it last changed: ``updated``, or ``date`` (also when updated is earlier).
    modified: dt.datetime | None = field(init=False, repr=False, compare=False)

    @property
    def author(self) -> str:
        """Its authors' names as one text (山田太郎, 佐藤花子); empty when none is named."""
        return ", ".join(ref.name for ref in self.authors)

    @property
    def goes_live(self) -> dt.datetime | None:
        """When the article is published: its publish date, else its date."""
        return self.publish_date or self.date

    def __post_init__(self) -> None:
        later = self.updated is not None and (self.date is None or self.date < self.updated)
        link = ArticleLink(self.title, self.url, self.date, self.language)
        object.__setattr__(self, "link", link)
        object.__setattr__(self, "modified", self.updated if later else self.date)


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Tag:
    """A tag with the published articles that carry it, newest first; or a series
    (連載) with the articles that name it, oldest first: its parts in order."""

    name: str
    slug: str
    url: str
    articles: tuple[Article, ...]
    spellings: tuple[str, ...] = ()  # of a tag: each name its articles give it, name first

    @property
    def count(self) -> int:
        return len(self.articles)


@pickled_as_values
@dataclass(frozen=True, slots=True)
class ArchiveMonth:
    """The articles of one month, newest first."""

    year: int
    month: int
    url: str
    output: str
    articles: tuple[ArticleLink, ...]
    lastmod: dt.datetime  # the newest date or update among the month's articles

    @property
    def count(self) -> int:
        return len(self.articles)


@pickled_as_values
@dataclass(frozen=True, slots=True)
class ArchiveYear:
    """The months of one year that have articles, newest first."""

    year: int
    url: str
    output: str
    months: tuple[ArchiveMonth, ...]

    @property
    def count(self) -> int:
        return sum(month.count for month in self.months)

    @property
    def lastmod(self) -> dt.datetime:
        return max(month.lastmod for month in self.months)


@pickled_as_values
@dataclass(frozen=True, slots=True)
class ArchiveLink:
    """A month as the sidebar lists it."""

    year: int
    month: int
    url: str
    count: int


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Site:
    """Everything the renderer needs: configuration and content, in a fixed order."""

    config: Config
    articles: tuple[Article, ...]  # published articles, newest first
    pages: tuple[Article, ...]  # standalone pages, by URL
    tags: tuple[Tag, ...]  # by article count, then name
    assets: tuple[str, ...] = ()  # content files copied as they are (images, PDFs)
    static: tuple[str, ...] = ()  # files of static/ (site-relative), copied to the output root
    related: Mapping[str, tuple[Article, ...]] = field(default_factory=FrozenMap)  # by source
    archives: tuple[ArchiveYear, ...] = ()  # dated articles by year and month, newest first
    series: tuple[Tag, ...] = ()  # by name
    # Articles and pages scheduled for later (not drafts), linked as on their day: their
    # pages are rendered but not written, to tell a template's mistake before then.
    scheduled: tuple[Article, ...] = ()
    # Each author with their articles, as tags, when articles name an author other than
    # the site's (a blog of several writers); none on a blog of one (see assemble).
    authors: tuple[Tag, ...] = ()
    # The width and height of the site's ``image`` when it is a picture of static/.
    image_size: tuple[int, int] | None = None
