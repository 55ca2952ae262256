"""Front matter that points beyond the article: the news it quotes and the rankings it shows.

``sources`` maps an id to the work a quotation comes from::

    sources:
      tokyo-biz-0311:
        publisher: 東京ビジネス新聞      # required
        date: 2024-03-11
        title: ミナト生命、8万人に謝罪金
        url: https://news.example.com/…   # http(s) only
        note: 有料会員向け記事

and ``rankings`` selects which of the site's ranking blurbs the article shows
(``[]`` for none; by default all on articles, none on pages). Every problem is
recorded with the line of its key; nothing here stops at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitegen.blogframe import Ranking
from sitegen.dates import DateError, parse_date
from sitegen.errors import Problems, quoted, suggestion
from sitegen.keylines import KeyLines
from sitegen.model import Citation
from sitegen.schema import Loader
from sitegen.urls import http_url_problem

# Letters (Japanese too), digits, '-', '_' and '.': an id must fit in '[!quote ID]'
# and in an HTML id without escaping.
_ID = re.compile(r"^[\w.-]+$")
_SEPARATORS = re.compile(r"[,、，]")


def _check_publisher(publisher: str) -> str | None:
    return None if publisher.strip() else "must not be empty"


@dataclass(frozen=True)
class _SourceKeys:
    """The keys one entry of ``sources`` accepts, checked by the schema Loader."""

    publisher: str = field(metadata={"check": _check_publisher})
    date: Any = None  # parsed by sitegen.dates, whose message quotes the value
    title: str = ""
    url: str = field(default="", metadata={"check": http_url_problem})
    note: str = ""


def read_sources(
    value: object, lines: KeyLines, tz: dt.tzinfo, problems: Problems
) -> tuple[Citation, ...]:
    """Every declared source in order, each as far as it is valid.

    A broken entry still yields a citation (with what could be read), so that a
    quotation naming it is not also reported as naming an undeclared source.
    """
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        problems.error(
            "sources: must map an id to a source",
            lines(("sources",)),
            "below 'sources:', write 'nikkei-0820: {publisher: 日本経済新聞, date: 2009-08-20}'",
        )
        return ()
    citations = [_citation(str(key), entry, lines, tz, problems) for key, entry in value.items()]
    _check_urls_differ(citations, lines, problems)
    return tuple(citations)


def _citation(
    key: str, entry: object, lines: KeyLines, tz: dt.tzinfo, problems: Problems
) -> Citation:
    path = ("sources", key)
    if not _ID.match(key):
        problems.error(
            f"sources: the id {quoted(key)} may contain only letters, digits, '-', '_' and '.'",
            lines(path),
        )
    keys = Loader(problems, lines).load(_SourceKeys, entry, path)
    raw = entry if isinstance(entry, Mapping) else {}
    date = _date(raw.get("date"), tz, key, lines, problems)
    if keys is None:  # a stand-in, so quotations of it report nothing more
        publisher = raw.get("publisher")
        return Citation(key, publisher if isinstance(publisher, str) else "")
    return Citation(
        key, keys.publisher.strip(), date, keys.title.strip(), keys.url.strip(), keys.note.strip()
    )


def _date(
    value: object, tz: dt.tzinfo, key: str, lines: KeyLines, problems: Problems
) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value, tz).date()
    except DateError as error:
        problems.error(
            f"sources.{key}.date: {error}",
            lines(("sources", key, "date")),
            error.hint,
        )
        return None


def _check_urls_differ(citations: Sequence[Citation], lines: KeyLines, problems: Problems) -> None:
    first: dict[str, str] = {}
    for citation in citations:
        if not citation.url:
            continue
        if citation.url in first:
            earlier = first[citation.url]
            problems.error(
                f"sources.{citation.id}.url: the same URL as source {quoted(earlier)} "
                f"(line {lines(('sources', earlier, 'url'))})",
                lines(("sources", citation.id, "url")),
                "one work needs one id; quote it as often as you like",
            )
        else:
            first[citation.url] = citation.id


def check_quoted(
    citations: Iterable[Citation], quoted: Iterable[str], lines: KeyLines, problems: Problems
) -> None:
    """Warn about every declared source that no quotation names."""
    used = set(quoted)
    for citation in citations:
        if citation.id not in used:
            problems.warn(
                f"sources.{citation.id}: no quotation names this source",
                lines(("sources", citation.id)),
                f"quote it with '> [!quote {citation.id}]', or remove it",
            )


def select_rankings(
    value: object,
    available: Sequence[Ranking],
    default_all: bool,
    lines: KeyLines,
    problems: Problems,
) -> tuple[Ranking, ...]:
    """The rankings an article's ``rankings:`` names, in its order.

    Absent, it means all of ``available`` when ``default_all`` (articles) and
    none otherwise (pages); ``[]`` means none. A list or a comma-separated text.
    """
    if value is None:
        return tuple(available) if default_all else ()
    if isinstance(value, str):
        value = [part.strip() for part in _SEPARATORS.split(value) if part.strip()]
    if not isinstance(value, list):
        problems.error(
            "rankings: must be a list of ranking keys such as [consultant, management]",
            lines(("rankings",)),
            "write 'rankings: []' to show none",
        )
        return ()
    by_key = {ranking.key: ranking for ranking in available}
    selected: list[Ranking] = []
    for index, key in enumerate(value):
        ranking = by_key.get(str(key))
        if ranking is None:
            problems.error(
                f"rankings: unknown ranking {quoted(str(key))}",
                lines(("rankings", index)),
                _rankings_hint(str(key), list(by_key)),
            )
        elif ranking not in selected:
            selected.append(ranking)
    return tuple(selected)


def _rankings_hint(key: str, known: list[str]) -> str:
    return suggestion(key, known, "site.toml declares", "site.toml declares no [[rankings]]")
