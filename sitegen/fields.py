"""An article's front matter, validated into the fields of an :class:`~sitegen.model.Article`.

Front matter follows DESIGN.md and accepts what writers bring from Jekyll, Hugo
and Pelican: ``description`` as summary, ``categories``/``category`` as tags,
``published: false`` or a Pelican/WordPress ``status`` as draft, ``publishDate`` as
the moment it goes live, ``lastmod``/``modified`` as updated, ``url`` as ``permalink``
(an address of its own), keys in any case (``Title:``), and a date taken from a
``YYYY-MM-DD-`` file-name prefix. Every problem is collected with its line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from sitegen.config import LANGUAGES, ReadSettings
from sitegen.dates import DateError, parse_date, split_dated_name
from sitegen.discover import Source
from sitegen.errors import Problems, quoted, suggestion
from sitegen.frontmatter import RawDocument
from sitegen.keylines import KeyLines
from sitegen.model import Extra, Layout, TagRef, TranslationKey
from sitegen.sources import select_rankings
from sitegen.taxonomy import AUTHORS, term_ref
from sitegen.text import CJK_CHARS
from sitegen.urls import (
    Address,
    http_url_problem,
    redirect_problem,
    slug_problem,
    slugify,
    spelling_key,
)

# Fields that may be written under the name another generator gives them: the first
# of its names present wins.
_NAMES: Mapping[str, tuple[str, ...]] = {
    "updated": ("updated", "lastmod", "last_modified_at", "modified"),
    "summary": ("summary", "description", "excerpt"),  # Hugo; Jekyll and WordPress
    "aliases": ("aliases", "redirect_from"),  # Hugo, Jekyll
    "pinned": ("pinned", "sticky"),  # WordPress calls them sticky posts
    "canonical": ("canonical", "canonical_url", "canonicalURL"),  # jekyll-seo-tag, Hugo themes
    "expires": ("expires", "expiryDate", "expiry_date"),  # Hugo
    # Hugo's: it is scheduled until then. Jekyll's published: false is a draft (see _draft).
    "publish_date": ("publishDate", "pubdate", "published"),
    "layout": ("layout", "template"),  # Hugo and Jekyll; Pelican
    "permalink": ("permalink", "url"),  # Jekyll and WordPress exporters; Hugo
    "author": ("author", "authors"),  # Hugo's list; Pelican's Authors: 山田, 佐藤
    "language": ("language", "lang"),  # Pelican's lang
    "toc": ("toc", "showToc"),  # Hugo themes' (PaperMod's ShowToc)
    "translation_key": ("translationKey", "translation_key"),  # Hugo's; in Python's style
}
# Keys this module reads; every other key is kept in ``Article.extra``.
_KNOWN = {
    "title", "date", "slug", "tags", "categories", "category", "draft", "published", "image",
    "sources", "rankings", "calculators", "noindex", "menu", "weight", "author", "series", "status",
    *(key for names in _NAMES.values() for key in names),
}  # fmt: skip
# Known keys by their case-folded name: keys are read whatever their case (Pelican writes
# Title: and Date:, and Hugo reads its keys so), as a misspelt key would be lost otherwise.
_KNOWN_FOLDED = {key.casefold(): key for key in _KNOWN}
_MENUS = ("main", "footer")  # the menus of the theme: the header's and the footer's
# What a Pelican or WordPress ``status`` says: a draft (kept out of the site) or not.
# Pelican's hidden and WordPress's private and pending posts are not for every reader, so
# they are drafts too; WordPress's future posts are published on their date.
_STATUSES = {
    "draft": True, "hidden": True, "private": True, "pending": True,
    "published": False, "publish": False, "future": False,
}  # fmt: skip
_STATUS_HINT = (
    "draft, hidden, private and pending make a draft; published, publish and future do not"
)
TAG_SEPARATORS = re.compile(r"[,、，]")  # between the tags of a text: 経営、集客
# tags: 経営 マーケティング — Japanese puts no space between words: two tags were meant.
_SPACED_JAPANESE = re.compile(f"[{CJK_CHARS}][ \u3000]+[{CJK_CHARS}]")
_TAGS_APART = "tags are separated by commas or 、: write 経営、マーケティング for two tags"
_LAYOUT_NAME = re.compile(r"[\w-]+(?:/[\w-]+)*", re.ASCII)  # landing, or layouts/wide
# Jekyll's names of the usual template, in every post it made: they mean article.html
# (page.html for a page), as ``page`` and ``article`` do by being those templates' names.
_USUAL_LAYOUTS = {"post", "default"}


def known_spellings(document: RawDocument, problems: Problems) -> RawDocument:
    """``document`` with each known key written in other case (``Title``, ``expirydate``)
    under its own spelling; a key written twice so (``Title`` and ``title``) is an error
    at the second."""
    renamed: dict[str, str] = {}  # written key → known key
    first: dict[str, str] = {}  # known key → the key written first
    by_line = sorted(document.meta, key=lambda key: document.lines((str(key),)))
    for written in by_line:
        known = _KNOWN_FOLDED.get(str(written).casefold())
        if known is None:
            continue
        if known in first:
            line = document.lines((first[known],))
            problems.error(
                f"duplicate key '{written}' (first at line {line} as '{first[known]}')",
                document.lines((written,)),
                "keys are read whatever their case: keep one of them",
            )
            continue
        first[known] = written
        if written != known:
            renamed[written] = known
    if not renamed:
        return document
    meta = {renamed.get(key, key): value for key, value in document.meta.items()}
    lines = {
        (renamed.get(str(path[0]), path[0]), *path[1:]): line
        for path, line in document.lines.lines.items()
    }
    return dataclasses.replace(
        document, meta=meta, lines=dataclasses.replace(document.lines, lines=lines)
    )


def _decoded(name: str) -> str:
    """A file name as a browser shows it: WordPress exports name files after their
    percent-encoded slugs (``%e7%b5%8c%e5%96%b6.md`` for 経営). A name whose escapes are
    not UTF-8 is kept as it is."""
    try:
        return unquote(name, errors="strict")
    except UnicodeDecodeError:
        return name


class FrontMatter:
    """Validates the front matter of one document into Article fields."""

    def __init__(
        self, document: RawDocument, source: Source, settings: ReadSettings, problems: Problems
    ) -> None:
        self.meta = document.meta
        self.lines: KeyLines = document.lines
        self.has_front_matter = document.has_front_matter
        self.source = source
        self.settings = settings
        self.problems = problems

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.problems.error(f"{key}: {message}", self.lines((key,)), hint)

    def fields(self) -> dict[str, Any] | None:
        """The validated fields, or None when a required one is missing or wrong."""
        if not self.has_front_matter:
            hint = (
                "start the file with a '---' line, then 'title: …' and '---';"
                " or, as Pelican, with 'Title: …' and 'Date: …' lines and a blank line"
            )
            self.problems.error("no front matter", 1, hint)
            return None
        before = len(self.problems.errors)
        stem = posixpath.splitext(posixpath.basename(self.source.path))[0]
        if stem == "index":
            stem = posixpath.basename(posixpath.dirname(self.source.path))
        name_date, name_slug = split_dated_name(_decoded(stem))
        publish_date = self._publish_date()
        language = self.language()
        menu, menu_weight = self._menu(language)
        fields: dict[str, Any] = {
            "title": self._title(),
            "slug": self._slug(name_slug),
            "date": self._article_date(publish_date, name_date),
            "publish_date": publish_date,
            "updated": self._date(*self._first("updated")),
            "expires": self._date(*self._first("expires")),
            "tags": self._tags(),
            "summary": self._text("summary"),
            "authors": self._authors(),
            "image": self._image(),
            "draft": self._draft(),
            "aliases": self._aliases(),
            "permalink": self._permalink(),
            "address_key": self._key_at("permalink") or self._key_at("slug"),
            "aliases_key": self._key_at("aliases"),
            "pinned": self._pinned(),
            "canonical": self._canonical(),
            "noindex": self._flag("noindex"),
            "toc": self._flag("toc", default=True),
            "menu": menu,
            "weight": self._weight(menu_weight),
            "layout": self._layout(),
            "language": language,
            "translation_key": self._translation_key(),
            "series": self._series(),
            "rankings": select_rankings(
                self.meta.get("rankings"),
                self.settings.rankings,
                self.source.kind == "article",
                self.lines,
                self.problems,
            ),
            "extra": self._extra(),
        }
        date, expires = publish_date or fields["date"], fields["expires"]
        if date is not None and expires is not None and expires <= date:
            key = self._first("expires")[0]
            self.problems.warn(
                f"{key}: not after the date: the article is never published",
                self.lines((key,)),
                "an article is left out from its expiry on; leave it out or set a later one",
            )
        self._warn_updated_before(fields["date"], fields["updated"])
        if self.source.kind == "page" and fields["tags"]:
            fields["tags"] = ()  # a page is in no tag's list: its breadcrumb would lead nowhere
            key = next(k for k in ("tags", "categories", "category") if k in self.meta)
            self.problems.warn(
                f"{key}: a page is listed under no tag, so its tags are left out",
                self.lines((key,)),
                "dated articles with tags are the files of posts_dir (content/posts/): "
                "move it there (another generator's section, say), or remove its tags",
            )
        if self.source.kind == "article" and fields["date"] is None and self._given("date") is None:
            hint = "add 'date: 2009-08-20' to the front matter"
            self.error("date", "required for articles", hint)
        return None if len(self.problems.errors) > before else fields

    def _warn_updated_before(self, date: dt.datetime | None, updated: dt.datetime | None) -> None:
        """A warning for an ``updated`` before ``date``, which the pages, feeds and sitemap
        take as no update at all (see Article.modified); a plain day, the day of the date
        itself, is the usual way to say so (``updated: 2024-03-12`` for a same-day fix)."""
        if date is None or updated is None or updated >= date:
            return
        if updated.time() == dt.time() and updated.date() == date.astimezone(updated.tzinfo).date():
            return
        key = self._first("updated")[0]
        self.problems.warn(
            f"{key}: before the date ({date:%Y-%m-%d %H:%M}): taken as no update",
            self.lines((key,)),
            f"{key} is when the article last changed: on or after its date; "
            "leave it out while it has not changed",
        )

    def _extra(self) -> Extra:
        """The keys sitegen does not read, for the theme; a warning for each that looks
        like a misspelt one (``darft: true`` would publish a draft)."""
        extra = {k: v for k, v in self.meta.items() if k not in _KNOWN}
        for key in extra:
            # Only a key very like one: a theme's own keys are many and any other name.
            if hint := suggestion(str(key), sorted(_KNOWN), close=0.8):
                message = f"{key}: not a key sitegen reads (kept for the theme as extra.{key})"
                self.problems.warn(message, self.lines((key,)), hint)
        return Extra(extra)

    def _given(self, key: str, default: object = None) -> Any:
        """The value of ``key``, or ``default`` when it is absent or empty (``date:``,
        ``date: ~``: WordPress exporters write an empty date for drafts)."""
        value = self.meta.get(key)
        return default if value is None else value

    def _first(self, name: str) -> tuple[str, Any]:
        """The first of the names of field ``name`` that is present, and its value."""
        key = next((k for k in _NAMES.get(name, ()) if k in self.meta), name)
        return key, self.meta.get(key)

    def _key_at(self, name: str) -> tuple[str, int] | None:
        """The key that gives field ``name`` (by any of its names) and its line, or None."""
        key, value = self._first(name)
        return None if value is None else (key, self.lines((key,)))

    def _title(self) -> str:
        value = self.meta.get("title")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.error("title", "must be non-empty text" if "title" in self.meta else "required")
        return ""

    def _slug(self, from_name: str) -> str:
        value = self.meta.get("slug")
        if value is None:
            return slugify(unicodedata.normalize("NFC", from_name))
        slug = unicodedata.normalize("NFC", str(value).strip())
        problem = slug_problem(slug)
        if problem:
            self.error("slug", problem)
        return slug

    def _date(self, key: str, value: object, hint: str = "") -> dt.datetime | None:
        """``value`` as a date; a mistake is an error with ``hint``, or an accepted form."""
        if value is None:
            return None
        try:
            return parse_date(value, self.settings.tz)
        except DateError as error:
            self.error(key, str(error), hint or error.hint)
            return None

    def _article_date(
        self, publish_date: dt.datetime | None, name_date: str | None
    ) -> dt.datetime | None:
        """``date``; without one (or with an empty one), the publish date, as in Hugo,
        else the date of a Jekyll file name."""
        date = self._given("date")
        if date is None and publish_date is not None:
            return publish_date
        return self._date("date", name_date if date is None else date)

    def _publish_date(self) -> dt.datetime | None:
        """Hugo's ``publishDate`` (``pubdate``, ``published``): until then the article
        is scheduled, whatever its date. ``published: true/false`` is Jekyll's (a draft)."""
        key, value = self._first("publish_date")
        if isinstance(value, bool):
            return None
        hint = ""
        if key == "published":
            hint = "published is true or false (Jekyll), or the date it is published on (Hugo)"
        return self._date(key, self._given(key), hint)

    def _tags(self) -> tuple[TagRef, ...]:
        names: dict[str, tuple[str, int]] = {}  # each name once, with its key and line
        for key in ("tags", "categories", "category"):
            value = self.meta.get(key)
            written_as_text = isinstance(value, str)
            if isinstance(value, str):
                value = TAG_SEPARATORS.split(value)
            if value is None:
                continue
            if not isinstance(value, list):
                self.error(
                    key, "must be a list like [経営, マーケティング] or a comma-separated text"
                )
                continue
            for index, item in enumerate(value):
                line = self.lines((key, index))  # the item's own line in a block list
                if isinstance(item, dict | list) or item is None:
                    self.problems.error(f"{key}: each tag must be text, not {quoted(item)}", line)
                    continue
                name = unicodedata.normalize("NFC", str(item)).strip()
                problem = name and slug_problem(self._ref("tags", name).slug)
                if problem:
                    hint = f'give it one in site.toml: [tag_slugs] "{name}" = "…"'
                    message = f"{key}: the URL name of the tag {quoted(name[:40])} {problem}"
                    self.problems.error(message, line, hint)
                elif name and name not in names:
                    if written_as_text and _SPACED_JAPANESE.search(name):
                        message = (
                            f"{key}: the tag {quoted(name)} has a space between Japanese words"
                        )
                        self.problems.warn(message, line, _TAGS_APART)
                    names[name] = (key, line)
        # One tag, however spelt: EC, ec and ＥＣ lead to one page and list the article once.
        refs: dict[str, TagRef] = {}
        # By URL name, the names [tag_slugs] does not give it on purpose, one of each spelling.
        unmapped: dict[str, dict[str, str]] = {}
        others: dict[str, tuple[str, ...]] = {}  # by URL name, the names not listed
        for name, (key, line) in names.items():
            ref = self._ref("tags", name)
            if refs.setdefault(ref.slug, ref) is not ref:
                others[ref.slug] = (*others.get(ref.slug, ()), name)
            if name in self.settings.tag_slugs:
                continue
            spellings = unmapped.setdefault(ref.slug, {})
            first = next(iter(spellings.values()), name)
            if spellings.setdefault(spelling_key(name), name) == name and first != name:
                message = (
                    f"{key}: the tags {quoted(first)} and {quoted(name)} have one URL ({ref.url}): "
                    f"the article is listed under {quoted(refs[ref.slug].name)} only"
                )
                hint = f'give one its own URL name in site.toml: [tag_slugs] "{name}" = "…"'
                self.problems.warn(message, line, hint)
        return tuple(
            dataclasses.replace(ref, also=others.get(ref.slug, ())) for ref in refs.values()
        )

    def _ref(self, folder: str, name: str) -> TagRef:
        """A tag or series by its name, with the URL of its page in ``folder``."""
        return term_ref(folder, name, self.settings.tag_slugs, self.settings.base_path)

    def _series(self) -> TagRef | None:
        """The series (連載) the article is a part of: its name, or Hugo's list of one."""
        value = self.meta.get("series")
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            hint = "series: 売上を伸ばす10の習慣 — the same name in each of its articles"
            self.error("series", f"must be the name of one series, not {quoted(value)}", hint)
            return None
        if self.source.kind == "page":
            hint = "a series is made of dated articles: the files in posts_dir (content/posts/)"
            self.error("series", "a page cannot be a part of a series", hint)
            return None
        ref = self._ref("series", unicodedata.normalize("NFC", value.strip()))
        problem = slug_problem(ref.slug)
        if problem:
            hint = f'give it one in site.toml: [tag_slugs] "{ref.name}" = "…"'
            self.error(
                "series", f"the URL name of the series {quoted(ref.name[:40])} {problem}", hint
            )
            return None
        return ref

    def _authors(self) -> tuple[TagRef, ...]:
        """Who wrote it, when not the site's author: one name, Hugo's list of names, or
        names in one text apart by commas or 、 (Pelican's ``Authors: 山田, 佐藤``); each
        with the URL of their page in authors/ (see render's taxonomies)."""
        key, value = self._first("author")
        if value is None:
            return ()
        items = TAG_SEPARATORS.split(value) if isinstance(value, str) else value
        if not isinstance(items, list):
            hint = "author: 山田太郎, or several: authors: [山田太郎, 佐藤花子]"
            self.error(key, f"must be a name or a list of names, not {quoted(value)}", hint)
            return ()
        refs: dict[str, TagRef] = {}  # each name once
        for index, item in enumerate(items):
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                line = self.lines((key, index))  # the item's own line in a block list
                self.problems.error(f"{key}: each author must be a name, not {quoted(item)}", line)
                continue
            name = unicodedata.normalize("NFC", str(item)).strip()
            ref = self._ref(AUTHORS, name)
            problem = name and slug_problem(ref.slug)
            if problem:
                hint = f'give it one in site.toml: [tag_slugs] "{name}" = "…"'
                self.error(key, f"the URL name of the author {quoted(name[:40])} {problem}", hint)
            elif name:
                refs.setdefault(name, ref)
        return tuple(refs.values())

    def _text(self, name: str) -> str:
        key, value = self._first(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(key, f"must be text, not {quoted(value)}")
            return ""
        return value.strip()

    def language(self) -> str:
        """The language the document is written in when it is not the site's ('' when
        it is): one of the site's ``language`` values."""
        key, value = self._first("language")
        if value is None:
            return ""
        text = str(value).strip()
        if text not in LANGUAGES:
            choices = ", ".join(quoted(language) for language in LANGUAGES)
            primary = text.replace("_", "-").split("-")[0].lower()
            hint = f"write {key}: {primary}" if primary in LANGUAGES else ""
            self.error(key, f"must be one of {choices}, not {quoted(value)}", hint)
            return ""
        return "" if text == self.settings.language else text

    def _translation_key(self) -> TranslationKey | None:
        """The key the document shares with its versions in other languages, if any:
        any text, or a number (``translationKey: 2024``) taken as written."""
        key, value = self._first("translation_key")
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            hint = f"{key}: alico — the same in the article and each of its translations"
            self.error(key, f"must be text, not {quoted(value)}", hint)
            return None
        text = unicodedata.normalize("NFC", value.strip())
        return TranslationKey(text, key, self.lines((key,)))

    def _image(self) -> str:
        """An http(s) URL, a path from the site root, or a path relative to the file."""
        value = self._text("image")
        parts = urlsplit(value)
        web = parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
        if value and not web and (parts.scheme or parts.netloc or " " in value):
            hint = "a picture beside the article ('images/a.png'), in static/ ('/og.png') or a URL"
            self.error("image", f"must be a path or an http(s) URL, not {quoted(value)}", hint)
            return ""
        return value

    def _aliases(self) -> tuple[str, ...]:
        """The output files of the old addresses that redirect to this one."""
        key, value = self._first("aliases")
        if isinstance(value, str):
            value = [value]
        if value is None:
            return ()
        hint = "old addresses from the site root, such as [/2009/08/old-title/, /old.html]"
        if not isinstance(value, list):
            self.error(key, "must be a list of paths or one path", hint)
            return ()
        outputs: dict[str, str] = {}  # by the output file, as disks that ignore case see it
        for index, item in enumerate(value):
            problem = (
                redirect_problem(item.strip())
                if isinstance(item, str)
                else f"each must be a path, not {quoted(item)}"
            )
            if problem:
                wanted = _full_url_hint(item, "the path alone: {path}") or hint
                self.problems.error(f"{key}: {problem}", self.lines((key, index)), wanted)
                continue
            output = Address.of_path(item.strip()).output
            if outputs.setdefault(output.casefold(), output) != output:
                self.problems.error(
                    f"{key}: {quoted(item.strip())} differs from another of them only in case",
                    self.lines((key, index)),
                    "on macOS and Windows disks they are one file: keep one of them",
                )
        return tuple(outputs.values())

    def _permalink(self) -> Address | None:
        """The address of its own the article or page has, instead of the one the site's
        permalink (a page's file) gives it: the old one of a migrated post."""
        key, value = self._first("permalink")
        if value is None:
            return None
        problem = (
            redirect_problem(value.strip())
            if isinstance(value, str)
            else f"must be a path, not {quoted(value)}"
        )
        if problem:
            hint = _full_url_hint(
                value,
                f"{key}: {{path}}, or keep it as an old address beside"
                " the site's own: aliases: [{path}]",
            )
            self.error(
                key,
                problem,
                hint or "a path from the site root, such as /about-me/ or /2015/03/old-post.html",
            )
            return None
        return Address.of_path(value.strip())

    def _layout(self) -> Layout | None:
        """The template of the theme to render with, named without ``.html``."""
        key = self._first("layout")[0]
        name = self._text("layout").removesuffix(".html")
        if name in _USUAL_LAYOUTS or not name:
            return None
        if not _LAYOUT_NAME.fullmatch(name):
            hint = "a template's name in theme/templates/, without .html: layout: landing"
            self.error(key, f"must name a template of the theme, not {quoted(name)}", hint)
            return None
        return Layout(f"{name}.html", key, self.lines((key,)))

    def _canonical(self) -> str:
        """Where the article first appeared (cross-posted from note, Qiita…): search
        engines then rank that address instead of this one."""
        value = self._text("canonical")
        problem = http_url_problem(value, "https://note.com/you/n/n1234")
        if problem:
            self.error(self._first("canonical")[0], problem)
            return ""
        return value

    def _menu(self, language: str) -> tuple[str, int | None]:
        """The menu that links to the page: the header's (``main``, a page's default),
        the footer's, or none (``false``; an article's default, and a page's in another
        ``language`` than the site's: the menus are in the site's, and a translated
        page links to its versions); and the weight given with it in Hugo's forms:
        ``menu: [main]``, ``menu: {main: {weight: 20}}``."""
        value = self.meta.get("menu", self.source.kind == "page" and not language)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        weight = None
        if isinstance(value, dict) and len(value) == 1:
            [(value, entry)] = value.items()
            weight = self._menu_weight(str(value), entry)
        if value is True:
            return "main", weight
        if value in _MENUS:
            return str(value), weight
        if value is False or value in ("none", ""):
            return "", None
        hint = "main (the header), footer, or false; Hugo's [main] and {main: {weight: 20}} too"
        self.error("menu", f"must be main, footer or false, not {quoted(value)}", hint)
        return "", None

    def _menu_weight(self, menu: str, entry: object) -> int | None:
        """The weight of Hugo's ``menu: {main: {weight: 20}}``; the entry's other keys
        (``name``, ``parent``, …) are a warning: the menus show pages by their titles."""
        if entry is None:
            return None
        if not isinstance(entry, dict):
            message = f"menu.{menu}: must be a mapping such as {{weight: 20}}, not {quoted(entry)}"
            self.problems.error(message, self.lines(("menu", menu)))
            return None
        for key in entry:
            if key != "weight":
                message = f"menu.{menu}.{key}: not read (a menu shows the page's title)"
                self.problems.warn(message, self.lines(("menu", menu, key)))
        if "weight" not in entry:
            return None
        return self._whole_number(f"menu.{menu}.weight", entry["weight"], ("menu", menu, "weight"))

    def _weight(self, menu_weight: int | None) -> int:
        """Where the page stands in its menu: lighter first, then by address. Given both
        as ``weight`` and in Hugo's ``menu: {main: {weight: …}}``, the two must agree."""
        if "weight" not in self.meta:
            return menu_weight or 0
        weight = self._whole_number("weight", self.meta["weight"], ("weight",))
        if menu_weight is not None and menu_weight != weight:
            menu = next(iter(self.meta["menu"]))
            line = self.lines(("menu", menu, "weight"))
            message = f"menu.{menu}.weight: {menu_weight}, but weight: {weight} (line "
            message += f"{self.lines(('weight',))})"
            self.problems.error(message, line, "keep one of them: both place the page in its menu")
        return weight

    def _whole_number(self, key: str, value: object, path: tuple[str, ...]) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            message = f"{key}: must be a whole number, not {quoted(value)}"
            self.problems.error(message, self.lines(path), "lighter pages come first")
            return 0
        return value

    def _flag(self, name: str, default: bool = False) -> bool:
        key, value = self._first(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(key, f"must be true or false, not {quoted(value)}")
            return default
        return value

    def _pinned(self) -> bool:
        pinned = self._flag("pinned")
        if pinned and self.source.kind == "page":
            key = self._first("pinned")[0]
            message = f"{key}: only articles are listed, so a page is never pinned"
            self.problems.warn(message, self.lines((key,)))
            return False
        return pinned

    def _draft(self) -> bool:
        """Whether the article is a draft, as ``draft``, ``published`` (Jekyll's, false
        for a draft) and ``status`` (Pelican's, WordPress's) say; two that disagree
        (``draft: false`` and ``status: draft``) are an error, as neither is plainly meant."""
        said: list[tuple[str, str, bool]] = []  # each key that says: as written, and a draft?
        for key in ("draft", "published"):
            value = self.meta.get(key)
            if value is None or (key == "published" and not isinstance(value, bool)):
                continue  # published: 2030-01-01 is Hugo's publish date
            if not isinstance(value, bool):
                self.error(key, f"must be true or false, not {quoted(value)}")
                return False
            said.append((key, str(value).lower(), value == (key == "draft")))
        status = self.meta.get("status")
        if status is not None:
            if str(status).casefold() not in _STATUSES:
                accepted = ", ".join(_STATUSES)
                self.error(
                    "status", f"must be one of {accepted}, not {quoted(status)}", _STATUS_HINT
                )
                return False
            said.append(("status", str(status), _STATUSES[str(status).casefold()]))
        said.sort(key=lambda each: self.lines((each[0],)))
        for key, written, draft in said[1:]:
            first_key, first_written, first_draft = said[0]
            if draft != first_draft:
                line = self.lines((first_key,))
                message = (
                    f"says {quoted(written)}, but {first_key}: {first_written} (line {line}) says"
                )
                state = "a draft" if first_draft else "published"
                self.error(key, f"{message} the article is {state}", "keep one of them")
                return False
        return any(draft for _, _, draft in said)


def _full_url_hint(value: object, advice: str) -> str:
    """For an old address written with its scheme and host (blogsync writes Hatena
    Blog's ``URL: https://you.hatenablog.com/entry/2015/03/01/123456``): ``advice``
    with the path of it; else empty. The host is dropped by hand, not here: it is the
    old site's, whose visitors a file of this site does not redirect."""
    if not isinstance(value, str):
        return ""
    parts = urlsplit(value.strip())
    if not (parts.scheme and parts.netloc):
        return ""
    path = parts.path or "/"
    return "drop the scheme and host: " + advice.format(path=path)
