"""Read one source file into an :class:`~sitegen.model.Article`.

This is the per-file half of the pipeline (decode → front matter → validate →
Markdown); it needs nothing from other files, so files can be read in parallel.
The front matter's fields are validated in :mod:`sitegen.fields`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from sitegen.calculators import SharedCalculators, calculator_scope, warn_unplaced
from sitegen.config import SUMMARY_LENGTHS, ReadSettings
from sitegen.discover import CONTENT_DIR, Source
from sitegen.errors import Problem, Problems, SiteError
from sitegen.fields import FrontMatter, known_spellings
from sitegen.frontmatter import split
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered, placeholder, root_link
from sitegen.model import Article, LinkRef
from sitegen.sources import check_quoted, read_sources
from sitegen.sourcetext import decode
from sitegen.text import excerpt, fold_space, join_lines, reading_minutes
from sitegen.urls import (
    Address,
    names_html_file,
)


@dataclass(frozen=True)
class ReadResult:
    """The article read from one file (None when it has errors) and all its problems."""

    article: Article | None
    problems: tuple[Problem, ...]


def markup_options(settings: ReadSettings, language: str = "") -> MarkupOptions:
    """How a body in ``language`` ('': the site's) converts. What Markdown writes in
    words (a quotation's caption, an alert's title) is in the body's language: the
    theme's strings for the site's, the built-in theme's for another."""
    own = language in ("", settings.language)
    return MarkupOptions(
        settings.markdown,
        settings.base_path,
        settings.language if own else language,
        settings.posts_dir,
        (settings.words or None) if own else None,
        settings.date_format if own else "",
        settings.shortcodes,
    )


class Renderers:
    """A Markdown renderer for each language bodies are written in, made on first use:
    an article in another language than the site's converts as that language does."""

    def __init__(self, settings: ReadSettings) -> None:
        self.settings = settings
        self._made: dict[str, MarkdownRenderer] = {}

    def __call__(self, language: str) -> MarkdownRenderer:
        """The renderer of bodies in ``language`` ('': the site's)."""
        language = language or self.settings.language
        renderer = self._made.get(language)
        if renderer is None:
            options = markup_options(self.settings, language)
            renderer = self._made[language] = MarkdownRenderer(options)
        return renderer


NO_SHARED_CALCULATORS = SharedCalculators()


def read_source(
    raw: bytes,
    source: Source,
    settings: ReadSettings,
    renderers: Renderers,
    shared: SharedCalculators = NO_SHARED_CALCULATORS,
) -> ReadResult:
    """Turn the bytes of ``source`` into an article, collecting every problem.

    ``settings`` are all it may depend on of the configuration (and the front matter:
    the body is converted as its ``language`` is written); ``shared`` are the
    calculators of ``content/_data/calculators/``, which the body may place.
    """
    try:
        document = split(decode(raw, source.path), source.path)
    except SiteError as error:
        return ReadResult(None, error.problems)
    problems = Problems(source.path)
    document = known_spellings(document, problems)
    # Read apart from the other fields: quotations need them even when those fail.
    sources = read_sources(document.meta.get("sources"), document.lines, settings.tz, problems)
    fields = FrontMatter(document, source, settings, problems).fields()
    scope = calculator_scope(document.meta, document.lines, source.path, shared, problems)
    language = fields["language"] if fields is not None else ""
    rendered = renderers(language).render(
        document.body,
        path=source.path,
        first_line=document.body_line,
        sources=sources,
        calculators=scope.names,
    )
    problems.add(rendered.problems)
    check_quoted(sources, rendered.quoted, document.lines, problems)
    warn_unplaced(scope, rendered.calculators, document.lines, problems)
    widgets = scope.placements(rendered.calculators)
    # A shared calculator with errors gets none here: its own file reports them.
    if fields is None or problems.errors or widgets is None:
        return ReadResult(None, tuple(problems))
    # The author's summary, their prose above <!--more-->, their first sentences; in a
    # body without prose of their own (a quotation and a calculator), its first text.
    # Empty when there is no text at all: the theme then leaves the summary out. The
    # author's summary, one phrase a line in a YAML block, has its lines joined as
    # the body's are, and is folded as the others are.
    written = fields.pop("summary")
    if settings.markdown.line_breaks == "cjk":
        written = join_lines(written)
    # Unset, the summary is as long as a summary of the body's language (an English
    # article on a Japanese site gets an English one's).
    length = settings.summary_length or SUMMARY_LENGTHS[language or settings.language]
    summary = (
        fold_space(written)
        or fold_space(rendered.lead)
        or excerpt(rendered.summary_text, length)
        or excerpt(rendered.plain_text, length)
    )
    address = _address(settings, source, fields)
    image, links, root_links = _image_link(
        fields.pop("image"),
        rendered,
        source.path,
        settings.base_path,
        document.lines(("image",)),
    )
    toc = rendered.toc if fields.pop("toc") else ()  # toc: false leaves it out
    article = Article(
        source=source.path,
        kind=source.kind,
        url=address.url(settings.base_path),
        output=address.output,
        summary=summary,
        html=rendered.html,
        toc=toc,
        links=links,
        root_links=root_links,
        image=image,
        calculators=widgets,
        shortcodes=rendered.shortcodes,
        reading_minutes=reading_minutes(rendered.full_text),
        sources=sources,
        digest=_digest(raw, source.path, settings, scope.shared_digests(rendered.calculators)),
        **fields,
    )
    return ReadResult(article, tuple(problems))


def _image_link(
    image: str, rendered: Rendered, path: str, base_path: str, line: int
) -> tuple[str, tuple[LinkRef, ...], tuple[LinkRef, ...]]:
    """``image`` as a URL, and the body's links (relative, from the site root) with it.

    A relative path names a file beside the Markdown, like ``![図](images/a.png)``
    in the body, so it becomes one more link for the build to resolve (and to
    report when the file is missing); a path from the site root is checked like
    one in the body.
    """
    links, root_links = rendered.links, rendered.root_links
    if not image or urlsplit(image).scheme:
        return image, links, root_links
    if image.startswith("/"):
        return base_path + image, links, (*root_links, root_link(image, line))
    folder = posixpath.dirname(path)
    target = posixpath.normpath(posixpath.join(folder, unquote(urlsplit(image).path)))
    return placeholder(len(links)), (*links, LinkRef(target, "", line, image)), root_links


def _digest(raw: bytes, path: str, settings: ReadSettings, shared_calculators: list[str]) -> str:
    """Covers everything the article is read from: its bytes, its path, the settings
    (its URL, dates and HTML depend on them), the shared calculators it places (an edit
    to one of those changes every article placing it)."""
    digest = hashlib.blake2b(raw + path.encode() + settings.digest.encode(), digest_size=16)
    for shared in shared_calculators:
        digest.update(shared.encode())
    return digest.hexdigest()


def _address(settings: ReadSettings, source: Source, fields: dict[str, Any]) -> Address:
    """The address the front matter gives (``permalink``), else a page's from its place in
    ``content/``, an article's from the site's permalink."""
    own: Address | None = fields.pop("permalink")
    if own is not None:
        return own
    slug: str = fields["slug"]
    if source.kind == "page":
        folder = posixpath.dirname(source.path)[len(CONTENT_DIR) + 1 :]
        stem_is_index = posixpath.basename(folder) == slug
        return Address((*folder.split("/"), *([] if stem_is_index else [slug])))
    date: dt.datetime = fields["date"]
    values = {
        "slug": slug,
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
    }
    pattern = settings.permalink  # a folder (/{slug}/) or a file (/{slug}.html) each
    names = tuple(part.format(**values) for part in pattern.strip("/").split("/"))
    return Address(names, is_file=names_html_file(pattern))
