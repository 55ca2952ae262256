"""The site configuration: ``site.toml`` read into typed, frozen dataclasses.

Every key is documented in the README's configuration reference; the dataclasses
below are the single source of truth for which keys exist and what they accept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, get_args
from urllib.parse import quote, urlsplit

from sitegen.blogframe import Menus, Profile, Ranking, check_rankings
from sitegen.dates import DATE_FIELDS, DateFormatError, format_date
from sitegen.errors import Problems, SiteError, quoted, suggestion
from sitegen.frozen import FrozenMap
from sitegen.keylines import KeyLines, KeyPath, parse_toml, toml_key_lines
from sitegen.schema import Loader
from sitegen.share import DEFAULT_SERVICES, SHARE_PAGES
from sitegen.sourcetext import decode
from sitegen.targets import PublishTarget, check_publish_targets
from sitegen.urls import (
    address_problem,
    check_base_url,
    http_url_problem,
    is_root_path,
    names_html_file,
    slug_problem,
)

CONFIG_FILE = "site.toml"

# The languages a site may be written in (``language``): those the built-in theme has
# the strings of, and sitegen the dates and numbers.
Language = Literal["ja", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)
# Each language by its own name, as a link to a page in it is shown whatever the page's.
LANGUAGE_NAMES: dict[str, str] = {"ja": "日本語", "en": "English"}
# The characters of an automatic summary when ``summary_length`` is not set: a short
# paragraph in each language, as long as Hugo's (70 words) or Pelican's (50) in English.
SUMMARY_LENGTHS: dict[str, int] = {"ja": 120, "en": 300}


def _check_timezone(name: str) -> str | None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = suggestion(name, sorted(zoneinfo.available_timezones()))
        return f"unknown time zone {quoted(name)}" + (f" ({close})" if close else "")
    return None


def _check_date_format(pattern: str) -> str | None:
    if pattern and "%" not in pattern:  # every date would read as this text
        hugo = " (Hugo's 2006.01.02 is written %Y.%m.%d here)" if "2006" in pattern else ""
        return f"{quoted(pattern)} has no % code, so every date would read {quoted(pattern)}{hugo}"
    try:
        format_date(dt.datetime(2009, 8, 20, 9, 5), "en", pattern)
    except DateFormatError as error:
        return f"{error} (it knows {' '.join(DATE_FIELDS)})"
    return None


def _check_image(value: str) -> str | None:
    if not value or is_root_path(value):
        return None
    if urlsplit(value).scheme:
        return http_url_problem(value, example="https://example.com/og.png")
    return f"must be a path in static/ ('/og.png') or an http(s) URL, not {quoted(value)}"


_PERMALINK_FIELDS = {"slug", "year", "month", "day"}


def _check_permalink(pattern: str) -> str | None:
    # A folder of its own for each article (/posts/{slug}/), or a file (/{slug}.html).
    if not (pattern.startswith("/") and (pattern.endswith("/") or names_html_file(pattern))):
        return (
            "must start with '/' and end with '/' or '.html', like '/posts/{slug}/'"
            f" or '/{{year}}/{{month}}/{{slug}}.html', not {quoted(pattern)}"
        )
    used = set(re.findall(r"\{(\w+)\}", pattern))
    if "slug" not in used:
        return "must contain {slug}, so each article gets its own URL"
    unknown = used - _PERMALINK_FIELDS
    if unknown:
        return f"unknown placeholder {{{sorted(unknown)[0]}}} (known: slug, year, month, day)"
    parts = pattern.strip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return f"must not have empty, '.' or '..' parts, not {quoted(pattern)}"
    for part in parts:  # each part names a folder, as a slug does
        if problem := slug_problem(re.sub(r"\{\w+\}", "x", part)):
            return f"the part {quoted(part)} {problem.rsplit(' (', 1)[0]}"
    return None


def _check_tag_slugs(slugs: Mapping[str, str]) -> str | None:
    for name, slug in slugs.items():
        problem = slug_problem(slug) if slug is not None else None  # None: not text, reported
        if problem:
            return f"{quoted(name)} = {quoted(slug)}: the URL name {problem}"
    return None


def _check_positive(value: int) -> str | None:
    return None if value >= 1 else f"must be at least 1, not {value}"


def _check_not_negative(value: int) -> str | None:
    return None if value >= 0 else f"must be 0 or more, not {value}"


def _names_a_folder_inside(name: str) -> bool:
    # "./posts" would name no folder sitegen compares paths with: "posts" is meant.
    parts = name.replace("\\", "/").rstrip("/").split("/")
    absolute = name.startswith(("/", "\\"))
    return bool(name) and not absolute and not any(p in ("", ".", "..") for p in parts)


def _check_posts_dir(name: str) -> str | None:
    if _names_a_folder_inside(name):
        return None
    return f"must be a folder inside content/ written from there, as 'posts', not {quoted(name)}"


def _check_output_dir(name: str) -> tuple[str, str] | None:
    if _names_a_folder_inside(name):
        return None
    return (
        f"must be a folder inside the site written from it, as 'public' or 'build/site',"
        f" not {quoted(name)}",
        "sitegen build -o DIR writes the site to a folder elsewhere",
    )


# Which links are paid links, one rule each: a host, whose links (its subdomains' too)
# are, or a host and a query parameter after '?', whose links are when they carry
# that parameter. The hosts of affiliate services exist only to count clicks (A8.net,
# もしもアフィリエイト, 楽天, バリューコマース, afb, Amazon's short links); an Amazon
# link is an Associates link when it carries the associate's tag (?tag=mytag-22).
AFFILIATE_LINKS = (
    "px.a8.net",
    "af.moshimo.com",
    "hb.afl.rakuten.co.jp",
    "ck.jp.ap.valuecommerce.com",
    "t.afi-b.com",
    "amzn.to",
    *(
        f"{amazon}?tag"
        for amazon in (
            "amazon.co.jp",
            "amazon.com",
            "amazon.co.uk",
            "amazon.de",
            "amazon.fr",
            "amazon.it",
            "amazon.es",
            "amazon.ca",
            "amazon.com.au",
            "amazon.in",
        )
    ),
)
_LINK_RULE = re.compile(
    r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(\?[A-Za-z0-9_.-]+)?"
)


def _check_link_rules(rules: tuple[str, ...]) -> str | None:
    for rule in rules:
        if not _LINK_RULE.fullmatch(rule):
            return (
                "entries are host names such as 'px.a8.net', or a host and a query"
                f" parameter such as 'amazon.co.jp?tag', not {quoted(rule)}"
            )
    return None


@dataclass(frozen=True)
class MarkdownConfig:
    """``[markdown]``: how article bodies are turned into HTML."""

    line_breaks: Literal["cjk", "soft", "hard"] = "cjk"
    unsafe_html: bool = False
    highlight: bool = True
    toc_depth: int = field(default=3, metadata={"check": _check_positive})
    # Links these rules match are paid links: rel="sponsored" (see AFFILIATE_LINKS).
    sponsored: tuple[str, ...] = field(
        default=AFFILIATE_LINKS, metadata={"check": _check_link_rules}
    )


TAG_PLACEHOLDER = "{tag}"


def _feed_aliases_problem(addresses: tuple[str, ...], of_tags: bool) -> str | None:
    """Why ``addresses`` cannot be old addresses of the site's feed (or, ``of_tags``,
    of each tag's, with ``{tag}`` in them); None when they can."""
    for address in addresses:
        if problem := address_problem(address):
            return problem
        placeholders = address.count(TAG_PLACEHOLDER)
        if of_tags and placeholders != 1:
            return (
                f"each must hold {TAG_PLACEHOLDER} once, where a tag's URL name goes,"
                f" like '/tags/{TAG_PLACEHOLDER}/index.xml', not {quoted(address)}"
            )
        if not of_tags and placeholders:
            return f"{quoted(address)} is an address of each tag's feed: list it in tag_aliases"
    return None


def _check_feed_aliases(addresses: tuple[str, ...]) -> str | None:
    return _feed_aliases_problem(addresses, of_tags=False)


def _check_tag_feed_aliases(addresses: tuple[str, ...]) -> str | None:
    return _feed_aliases_problem(addresses, of_tags=True)


@dataclass(frozen=True)
class FeedsConfig:
    """``[feeds]``: Atom and RSS feeds of the newest articles, site-wide and per tag."""

    enabled: bool = True
    content: Literal["full", "summary"] = "full"  # the whole article, or its summary
    limit: int = field(default=20, metadata={"check": _check_positive})  # articles a feed
    tags: bool = True  # a feed for each tag as well
    # Old addresses of the site's feed (another generator's /index.xml, /feed/), and of
    # each tag's (/tags/{tag}/index.xml): each gets a copy of the feed, so that those
    # who subscribed there keep reading (see feeds.alias_output).
    aliases: tuple[str, ...] = field(default=(), metadata={"check": _check_feed_aliases})
    tag_aliases: tuple[str, ...] = field(default=(), metadata={"check": _check_tag_feed_aliases})


def _check_widths(widths: tuple[int, ...]) -> str | None:
    if any(not 16 <= width <= 8192 for width in widths):
        return f"widths are in pixels, from 16 to 8192, not {list(widths)}"
    if list(widths) != sorted(set(widths)):
        return f"list each width once, smallest first, not {list(widths)}"
    return None


def _check_quality(quality: int) -> str | None:
    return None if 1 <= quality <= 100 else f"must be from 1 to 100, not {quality}"


def _check_popular(paths: tuple[str, ...]) -> str | None:
    for path in paths:
        if not (path.startswith("content/") and path.endswith(".md")):
            return (
                "name each article by its file from the site folder, like"
                f" 'content/posts/2024-07-03-free-shipping.md', not {quoted(path)}"
            )
    twice = sorted({path for path in paths if paths.count(path) > 1})
    return f"{quoted(twice[0])} is listed twice" if twice else None


def _check_sizes(sizes: str) -> str | None:
    if not sizes.strip():
        return "say how wide the theme shows the pictures, like '(min-width: 42rem) 42rem, 100vw'"
    if re.search(r'["<>]', sizes):
        return (
            f"must be a list of widths like '(min-width: 42rem) 42rem, 100vw', not {quoted(sizes)}"
        )
    return None


@dataclass(frozen=True)
class ImagesConfig:
    """``[images]``: smaller copies of large pictures, which phones load instead (srcset)."""

    # The copies' widths, in pixels: a picture gets those narrower than itself.
    widths: tuple[int, ...] = field(default=(640, 1280), metadata={"check": _check_widths})
    quality: int = field(default=82, metadata={"check": _check_quality})  # of JPEG and WebP
    # The copies are WebP, whatever the picture's own format, and a JPEG or PNG gets one
    # at its own width too (see images.copy_widths).
    webp: bool = False
    # How wide the theme shows an article's pictures, and a blog card's (the sizes
    # attribute a browser picks a copy by): the built-in theme's text column, at most
    # 42rem wide, and its cards' 8rem thumbnails.
    sizes: str = field(default="(min-width: 42rem) 42rem, 100vw", metadata={"check": _check_sizes})
    card_sizes: str = field(default="8rem", metadata={"check": _check_sizes})


@dataclass(frozen=True)
class SearchConfig:
    """``[search]``: the Pagefind index and the search page."""

    enabled: bool = True


def _check_google_analytics(measurement_id: str) -> str | None:
    if not measurement_id or re.fullmatch(r"G-[A-Z0-9]{4,16}", measurement_id):
        return None
    if measurement_id.startswith("UA-"):
        return "Universal Analytics (UA-…) stopped in 2024: give the G-… ID of a GA4 property"
    return (
        "must be a Google Analytics 4 measurement ID like 'G-ABC123DEF4',"
        f" not {quoted(measurement_id)}"
    )


@dataclass(frozen=True)
class AnalyticsConfig:
    """``[analytics]``: page-view counting, in published builds (never in the preview)."""

    google: str = field(default="", metadata={"check": _check_google_analytics})


def _check_adsense(value: str) -> str | None:
    if not value or re.fullmatch(r"ca-pub-\d{16}", value):
        return None
    return f"must be an AdSense publisher ID like 'ca-pub-1234567890123456', not {quoted(value)}"


@dataclass(frozen=True)
class AdsConfig:
    """``[ads]``: Google AdSense on every page of published builds (never in the preview,
    where a writer's own clicks would break AdSense's rules)."""

    adsense: str = field(default="", metadata={"check": _check_adsense})


def _check_share_services(services: tuple[str, ...]) -> str | None:
    for service in services:
        if service not in SHARE_PAGES:
            return f"unknown service {quoted(service)}: choose from {', '.join(SHARE_PAGES)}"
    if len(set(services)) < len(services):
        return "a service is named twice"
    return None


@dataclass(frozen=True)
class ShareConfig:
    """``[share]``: the networks an article offers to be shared on, in this order."""

    # None: those of the site's language (see Config.share_services)
    services: tuple[str, ...] | None = field(
        default=None, metadata={"check": _check_share_services}
    )


@dataclass(frozen=True)
class ShortcodeSignature:
    """How a shortcode of the theme's is written, as its template shows (see
    theme.Theme._shortcode): in pairs around Markdown or not, and the arguments the
    template reads. Each of ``named`` and ``positional`` is None when the template
    reads them in a way that does not tell which (iterates them, passes them on), and
    then any is taken."""

    paired: bool = False  # it shows ``inner``: {{< box >}} … {{< /box >}}
    named: tuple[str, ...] | None = None  # sorted: args.title, args["title"]…
    positional: int | None = None  # how many: positional[1] reads two


@dataclass(frozen=True)
class ReadSettings:
    """The settings that reading a source depends on, and no other: reading is given
    only these (see content.read_source), and its results are cached by their digest.
    So changing any other setting — the title, the sidebar, feeds, publishing, the
    origin of ``base_url`` (serve builds for ``http://127.0.0.1:8000/``) — reads nothing
    again."""

    base_path: str  # links, and the URLs of the article and its tags
    language: str  # the words Markdown adds (footnotes, headings' links, quotations)
    timezone: str  # dates written without an offset
    permalink: str
    summary_length: int | None  # None: the length of the body's language (SUMMARY_LENGTHS)
    tag_slugs: Mapping[str, str]
    markdown: MarkdownConfig
    rankings: tuple[Ranking, ...]  # those an article picks are part of it
    posts_dir: str = "posts"  # where Jekyll's {% post_url NAME %} in a body looks for NAME
    date_format: str = ""  # how a quotation's caption writes its date; empty: the language's
    # The theme's UI strings that Markdown writes (markup.WORDS: a heading's link, the
    # alerts' titles…), set by the build; empty: the built-in theme's
    words: FrozenMap[str, str] = field(default_factory=FrozenMap)
    # The theme's shortcodes (templates shortcodes/NAME.html), each with how it is
    # written; set by the build: a new template, or one that reads other arguments,
    # reads every article again
    shortcodes: FrozenMap[str, ShortcodeSignature] = field(default_factory=FrozenMap)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @functools.cached_property
    def digest(self) -> str:
        return hashlib.blake2b(repr(self).encode(), digest_size=16).hexdigest()


def _ours(key: str, note: str = "") -> str:
    return f"sitegen's key is '{key}'" + (f": {note}" if note else "")


_NO_OUTPUT_FORMATS = (
    "not supported: sitegen writes the HTML pages, Atom and RSS feeds (see [feeds]) "
    "and the sitemap, and no other output formats"
)


@dataclass(frozen=True)
class Config:
    """The whole of ``site.toml``; every key is optional."""

    # Keys of Hugo's config and Pelican's pelicanconf.py, which a site moving here keeps
    # by habit (lower case: either's case matches), and what their "unknown key" hints:
    # sitegen's key, or that there is none. Before the fuzzy "did you mean", which
    # sends paginate to tagline and outputs to output_dir.
    FOREIGN_KEYS: ClassVar[Mapping[str, str]] = {
        "baseurl": _ours("base_url"),
        "siteurl": _ours("base_url"),
        "paginate": _ours("page_size"),
        "pagersize": _ours("page_size"),
        "default_pagination": _ours("page_size"),
        "languagecode": _ours("language", "'ja' or 'en'"),
        "defaultcontentlanguage": _ours("language", "'ja' or 'en'"),
        "default_lang": _ours("language", "'ja' or 'en'"),
        "sitename": _ours("title"),
        "sitesubtitle": _ours("tagline"),
        "summarylength": _ours("summary_length", "in characters, not words"),
        "permalinks": _ours("permalink", 'one pattern for articles: "/{year}/{month}/{slug}/"'),
        "article_url": _ours("permalink", 'with {slug}, {year}, {month}, {day}: "/{slug}.html"'),
        "article_save_as": _ours("permalink", "the address, from which the file follows"),
        "default_date_format": _ours("date_format"),
        "publishdir": _ours("output_dir"),
        "output_path": _ours("output_dir"),
        "menus": _ours("menu", "[[menu.main]] and [[menu.footer]] tables"),
        "googleanalytics": _ours("google", "in an [analytics] table"),
        "google_analytics": _ours("google", "in an [analytics] table"),
        "outputs": _NO_OUTPUT_FORMATS,
        "outputformats": _NO_OUTPUT_FORMATS,
        "taxonomies": "not supported: sitegen has tags (categories are read as tags) "
        "and series, and no other taxonomies",
        "theme": "not supported: templates in the site's theme/ folder replace "
        "the built-in theme's, one by one (see Themes in the README)",
        "hascjklanguage": "not needed: sitegen counts Japanese text by characters",
        "enablerobotstxt": "not needed: sitegen always writes robots.txt "
        "(a static/robots.txt replaces it)",
    }

    title: str = "My sitegen blog"
    tagline: str = ""
    description: str = ""
    base_url: str = field(default="", metadata={"check": check_base_url})
    language: Language = "ja"
    timezone: str = field(default="Asia/Tokyo", metadata={"check": _check_timezone})
    # How the theme and quotations' captions write a date (the date filter's codes);
    # empty: as the language does, 2009年8月20日 or August 20, 2009.
    date_format: str = field(default="", metadata={"check": _check_date_format})
    author: str = ""
    # The picture of link previews (og:image) for pages that name none of their own.
    image: str = field(default="", metadata={"check": _check_image})
    permalink: str = field(default="/posts/{slug}/", metadata={"check": _check_permalink})
    page_size: int = field(default=10, metadata={"check": _check_positive})
    # Unset: the length of the language's summaries (SUMMARY_LENGTHS).
    summary_length: int | None = field(default=None, metadata={"check": _check_positive})
    posts_dir: str = field(default="posts", metadata={"check": _check_posts_dir})
    output_dir: str = field(default="public", metadata={"check": _check_output_dir})
    tag_slugs: Mapping[str, str] = field(
        default_factory=FrozenMap, metadata={"check": _check_tag_slugs}
    )
    tag_descriptions: Mapping[str, str] = field(default_factory=FrozenMap)  # tag → its lead
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    rankings: tuple[Ranking, ...] = ()
    purpose: tuple[str, ...] = ()  # the blog's aims, a short list in the sidebar
    # The articles the sidebar ranks as popular (人気記事), by their files, in this order.
    popular: tuple[str, ...] = field(default=(), metadata={"check": _check_popular})
    profile: Profile = field(default_factory=Profile)
    menu: Menus = field(default_factory=Menus)  # the menus' links that are no pages
    publish: Mapping[str, PublishTarget] = field(default_factory=FrozenMap)
    related_articles: int = field(default=5, metadata={"check": _check_not_negative})
    # The theme's own settings, any values (Hugo's [params]): site.config.params.x.
    params: Mapping[str, Any] = field(default_factory=FrozenMap)
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    images: ImagesConfig = field(default_factory=ImagesConfig)
    analytics: AnalyticsConfig = field(default_factory=AnalyticsConfig)
    ads: AdsConfig = field(default_factory=AdsConfig)
    share: ShareConfig = field(default_factory=ShareConfig)

    @functools.cached_property
    def digest(self) -> str:
        """A digest of every setting: fingerprints take a configuration by it."""
        return hashlib.blake2b(repr(self).encode(), digest_size=16).hexdigest()

    @functools.cached_property
    def reading(self) -> ReadSettings:
        """The settings that reading a source depends on."""
        return ReadSettings(
            self.base_path,
            self.language,
            self.timezone,
            self.permalink,
            self.summary_length,
            self.tag_slugs,
            self.markdown,
            self.rankings,
            self.posts_dir,
            self.date_format,
        )

    @property
    def share_services(self) -> tuple[str, ...]:
        """The networks an article offers to be shared on: ``[share] services``, else
        those the readers of the site's language use (see share.DEFAULT_SERVICES)."""
        if self.share.services is not None:
            return self.share.services
        return DEFAULT_SERVICES[self.language]

    def root_paths(self) -> list[tuple[KeyPath, str]]:
        """Each setting that names a page or file of the site from its root (``/og.png``),
        with its key: the build checks that it makes something there."""
        named: list[tuple[KeyPath, str]] = [
            (("image",), self.image),
            (("profile", "image"), self.profile.image),
            (("profile", "url"), self.profile.url),
        ]
        named += [(("rankings", i, "banner"), r.banner) for i, r in enumerate(self.rankings)]
        for menu in ("main", "footer"):
            entries = enumerate(getattr(self.menu, menu))
            named += [(("menu", menu, i, "url"), entry.url) for i, entry in entries]
        return [(key, path) for key, path in named if is_root_path(path)]

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @functools.cached_property  # asked for by every page and URL
    def base_path(self) -> str:
        """The path part of ``base_url`` without its trailing slash ('' at a domain root),
        percent-encoded as every URL sitegen writes (/ブログ → /%E3%83%96…)."""
        return quote(urlsplit(self.base_url).path, safe="/%").rstrip("/")

    @functools.cached_property
    def origin(self) -> str:
        """``scheme://host`` of ``base_url`` ('' when no base URL is set)."""
        if not self.base_url:
            return ""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"


def parse_config(text: str, path: str = CONFIG_FILE) -> Config:
    """Parse ``site.toml`` text; raise :class:`SiteError` listing every problem."""
    problems = Problems(path)
    data = parse_toml(text, path)
    lines = toml_key_lines(text)
    config = Loader(problems, lines).load(Config, data)
    check_rankings(data.get("rankings"), problems, lines)
    check_publish_targets(data.get("publish"), problems, lines)
    problems.raise_if_errors()
    assert config is not None
    return config


def with_base_url(config: Config, base_url: str) -> Config:
    """``config`` with ``base_url`` replaced (from ``--base-url``), checked like the file's."""
    problem = check_base_url(base_url)
    if problem:
        raise SiteError.at("--base-url", 0, problem)
    return dataclasses.replace(config, base_url=base_url)


def load_config(site_dir: Path) -> Config:
    """Read ``site.toml`` from ``site_dir``."""
    return parse_config(_config_text(site_dir))


def config_lines(site_dir: Path) -> KeyLines:
    """The line of each key of ``site.toml`` in ``site_dir`` (none, if it is unreadable)."""
    try:
        return toml_key_lines(_config_text(site_dir))
    except SiteError:
        return KeyLines()


def _config_text(site_dir: Path) -> str:
    try:
        raw = (site_dir / CONFIG_FILE).read_bytes()
    except FileNotFoundError:
        raise SiteError.at(
            CONFIG_FILE, 0, "no site.toml in this folder", "run 'sitegen init DIR' to make a site"
        ) from None
    return decode(raw, CONFIG_FILE)
