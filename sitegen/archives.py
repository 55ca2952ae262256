"""Archives by year and month: ``/archives/``, ``/archives/2009/``, ``/archives/2009/08/``.

Articles are grouped by the year and month of their own date, as written and as
the theme shows it (``2009年8月20日``), not converted to another time zone. Pages
list articles as links (title and date), newest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from sitegen.config import Config
from sitegen.model import Article, ArticleLink, Site
from sitegen.pages import Context, PageInfo, PageJob
from sitegen.taxonomy import newest_first
from sitegen.urls import page_output, page_url

ARCHIVES = "archives"
SIDEBAR_MONTHS = 12  # the newest months the sidebar lists


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ArchiveLink:
    """A month as the sidebar lists it."""

    year: int
    month: int
    url: str
    count: int


def archive_years(articles: Sequence[Article], base_path: str) -> tuple[ArchiveYear, ...]:
    """Dated ``articles`` grouped by year and month, newest first."""
    dated = [a for a in newest_first(articles) if a.date is not None]
    years = []
    for year, in_year in groupby(dated, key=lambda a: _date(a).year):
        months = tuple(
            _month(year, month, tuple(in_month), base_path)
            for month, in_month in groupby(in_year, key=lambda a: _date(a).month)
        )
        segments = (ARCHIVES, f"{year:04d}")
        years.append(
            ArchiveYear(year, page_url(base_path, *segments), page_output(*segments), months)
        )
    return tuple(years)


def _date(article: Article) -> dt.datetime:
    assert article.date is not None  # archive_years keeps dated articles only
    return article.date


def _month(year: int, month: int, articles: tuple[Article, ...], base_path: str) -> ArchiveMonth:
    segments = (ARCHIVES, f"{year:04d}", f"{month:02d}")
    return ArchiveMonth(
        year,
        month,
        page_url(base_path, *segments),
        page_output(*segments),
        tuple(a.link for a in articles),
        max(a.modified or _date(a) for a in articles),
    )


def recent_months(
    years: Sequence[ArchiveYear], count: int = SIDEBAR_MONTHS
) -> tuple[ArchiveLink, ...]:
    """The newest ``count`` months, for the sidebar."""
    months = (month for year in years for month in year.months)
    return tuple(
        ArchiveLink(m.year, m.month, m.url, m.count)
        for _, m in zip(range(count), months, strict=False)
    )


def archive_pages(site: Site) -> Iterable[PageJob]:
    """The archive index, a page for each year and one for each month."""
    config = site.config
    yield PageJob(
        f"{ARCHIVES}/index.html", "archives.html", "the archives", _index, (config, site.articles)
    )
    for year in archive_years(site.articles, config.base_path):
        in_year = tuple(a for a in site.articles if a.date and a.date.year == year.year)
        origin = f"the archive of {year.year}"
        yield PageJob(year.output, "archive.html", origin, _period, (config, year.year, 0, in_year))
        for month in year.months:
            in_month = tuple(a for a in in_year if _date(a).month == month.month)
            origin = f"the archive of {year.year}-{month.month:02d}"
            inputs = (config, year.year, month.month, in_month)
            yield PageJob(month.output, "archive.html", origin, _period, inputs)


def _index(config: Config, articles: tuple[Article, ...]) -> Context:
    years = archive_years(articles, config.base_path)
    return PageInfo("archives", "", page_url(config.base_path, ARCHIVES), ""), {"years": years}


def _period(config: Config, year: int, month: int, articles: tuple[Article, ...]) -> Context:
    """A year's page (``month`` 0) or a month's, listing ``articles``."""
    (found,) = archive_years(articles, config.base_path)
    months = found.months
    url, up_url = found.url, page_url(config.base_path, ARCHIVES)
    if month:
        (chosen,) = months
        url, up_url = chosen.url, found.url
    title = f"{year}-{month:02d}" if month else f"{year}"
    context = {"year": year, "month": month, "months": months, "up_url": up_url}
    return PageInfo("archive", title, url, ""), context
