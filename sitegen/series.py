"""Series (連載): the articles that name one ``series`` are its parts, oldest first.

Each part's page shows where it stands (第2回（全5回）) with a link to every part,
and each series has a page of its own, ``/series/<slug>/``, listing its parts in
order. Pure functions over the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitegen.errors import quoted
from sitegen.model import Article, ArticleLink, Site, Tag, TagRef
from sitegen.pages import Context, PageInfo, PageJob
from sitegen.urls import page_output, page_url

SERIES = "series"  # the folder of the series' pages


def group_series(articles: Sequence[Article]) -> tuple[Tag, ...]:
    """One :class:`~sitegen.model.Tag` per series that ``articles`` (newest first)
    name: its parts oldest first, its name as its first part writes it; by name."""
    parts: dict[str, list[Article]] = {}
    refs: dict[str, TagRef] = {}
    for article in reversed(articles):
        if article.series is not None:
            refs.setdefault(article.series.slug, article.series)
            parts.setdefault(article.series.slug, []).append(article)
    found = (Tag(ref.name, ref.slug, ref.url, tuple(parts[slug])) for slug, ref in refs.items())
    return tuple(sorted(found, key=lambda series: (series.name, series.slug)))


@dataclass(frozen=True)
class SeriesView:
    """Where an article stands in its series, as its page shows it."""

    name: str
    url: str  # the series' page
    parts: tuple[ArticleLink, ...]  # oldest first
    number: int  # the article's place among them, from 1

    @property
    def total(self) -> int:
        return len(self.parts)

    @property
    def next(self) -> ArticleLink | None:
        return self.parts[self.number] if self.number < self.total else None


def parts_by_source(site: Site) -> dict[str, tuple[Article, ...]]:
    """For each article that is a part of a series, by its source path: all the parts."""
    return {part.source: series.articles for series in site.series for part in series.articles}


def series_view(article: Article, parts: tuple[Article, ...]) -> SeriesView | None:
    """``article``'s place among ``parts``, its series' articles; None outside a series."""
    if article.series is None or not parts:
        return None
    number = 1 + [part.source for part in parts].index(article.source)
    links = tuple(part.link for part in parts)
    return SeriesView(article.series.name, article.series.url, links, number)


@dataclass(frozen=True)
class SeriesLink:
    """A series as the index of series lists it."""

    name: str
    url: str
    count: int  # its parts
    first: ArticleLink  # its first part


def series_pages(site: Site) -> Iterable[PageJob]:
    """A page for each series, listing its parts in order, and the index of them all
    (``/series/``, as Hugo makes for a taxonomy) when there are any."""
    if not site.series:
        return
    index = page_url(site.config.base_path, SERIES)
    links = tuple(SeriesLink(s.name, s.url, s.count, s.articles[0].link) for s in site.series)
    yield PageJob(
        page_output(SERIES), "series_index.html", "the index of series", _index, (index, links)
    )
    for series in site.series:
        inputs = (series.name, series.url, series.articles, index)
        origin = f"the series page of {quoted(series.name)}"
        yield PageJob(page_output(SERIES, series.slug), "series.html", origin, _series, inputs)


def _index(url: str, links: tuple[SeriesLink, ...]) -> Context:
    return PageInfo("series_index", "", url, ""), {"series": links}


def _series(name: str, url: str, articles: tuple[Article, ...], index: str) -> Context:
    return PageInfo("series", name, url, ""), {"articles": articles, "index_url": index}
