"""Archives by year and month: ``/archives/``, ``/archives/2009/``, ``/archives/2009/08/``.

Articles are grouped by the year and month of their own date, as written and as
the theme shows it (``2009年8月20日``), not converted to another time zone. Pages
list articles as links (title and date), newest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import groupby

from sitegen.config import Config
from sitegen.model import ArchiveLink, ArchiveMonth, ArchiveYear, Article, Site
from sitegen.pages import Context, PageInfo, PageJob
from sitegen.uistrings import Phrase
from sitegen.urls import page_output, page_url

ARCHIVES = "archives"
SIDEBAR_MONTHS = 12  # the newest months the sidebar lists


def archive_years(articles: Sequence[Article], base_path: str) -> tuple[ArchiveYear, ...]:
    """Dated ``articles`` grouped by year and month; ``articles`` come newest first
    (see taxonomy.newest_first), as every list of the site does."""
    dated = [a for a in articles if a.date is not None]
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
    # The index shows months and counts: as inputs, they change far less than articles do.
    yield PageJob(
        f"{ARCHIVES}/index.html", "archives.html", "the archives", _index, (config, site.archives)
    )
    # One pass over the articles, grouped by the year and month of their own date.
    dated = sorted(
        (a for a in site.articles if a.date is not None),
        key=lambda a: (_date(a).year, _date(a).month),
        reverse=True,
    )  # a stable sort: newest first within a month, as site.articles are
    for year, grouped in groupby(dated, key=lambda a: _date(a).year):
        in_year = tuple(grouped)
        yield PageJob(
            page_output(ARCHIVES, f"{year:04d}"),
            "archive.html",
            f"the archive of {year}",
            _period,
            (config, year, 0, in_year),
        )
        for month, in_month in groupby(in_year, key=lambda a: _date(a).month):
            yield PageJob(
                page_output(ARCHIVES, f"{year:04d}", f"{month:02d}"),
                "archive.html",
                f"the archive of {year}-{month:02d}",
                _period,
                (config, year, month, tuple(in_month)),
            )


def _index(config: Config, years: tuple[ArchiveYear, ...]) -> Context:
    return PageInfo("archives", "", page_url(config.base_path, ARCHIVES), ""), {"years": years}


def _period(config: Config, year: int, month: int, articles: tuple[Article, ...]) -> Context:
    """A year's page (``month`` 0) or a month's, listing ``articles``."""
    (found,) = archive_years(articles, config.base_path)
    months = found.months
    url, up_url = found.url, page_url(config.base_path, ARCHIVES)
    if month:
        (chosen,) = months
        url, up_url = chosen.url, found.url
    title = (
        Phrase("archive_month", (("year", year), ("month", Phrase(f"month_{month}"))))
        if month
        else Phrase("archive_year", (("year", year),))
    )
    context = {"year": year, "month": month, "months": months, "up_url": up_url}
    return PageInfo("archive", title, url, ""), context
