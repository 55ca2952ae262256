"""Put the articles read from each file together into a :class:`~sitegen.model.Site`.

This is the cross-file half of the read stage: which articles are published,
what their relative links point to, and how they group by tag.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass

from sitegen.config import Config
from sitegen.discover import CONTENT_DIR
from sitegen.errors import Problems
from sitegen.markup import placeholder
from sitegen.model import Article, Site
from sitegen.taxonomy import group_tags, newest_first
from sitegen.urls import file_url


@dataclass(frozen=True)
class Selection:
    """Which articles a build publishes."""

    drafts: bool = False
    future: bool = False
    now: dt.datetime | None = None  # "now" for future posts; the real clock when None

    def includes(self, article: Article) -> bool:
        if article.draft and not self.drafts:
            return False
        if self.future or article.date is None:
            return True
        now = self.now or dt.datetime.now(dt.UTC)
        return article.date <= now


def assemble(
    config: Config,
    articles: Sequence[Article],
    assets: Sequence[str],
    selection: Selection,
    problems: Problems,
    static: Sequence[str] = (),
) -> Site:
    """Select, link and group ``articles`` (articles and pages, in any order)."""
    published = {a.source: a for a in articles if selection.includes(a)}
    every = {a.source: a for a in articles}
    resolved = [
        _resolve_links(a, every, published, assets, config, problems) for a in published.values()
    ]
    posts = newest_first([a for a in resolved if a.kind == "article"])
    pages = tuple(sorted((a for a in resolved if a.kind == "page"), key=lambda a: a.url))
    return Site(config, posts, pages, group_tags(posts), tuple(assets), tuple(static))


def _resolve_links(
    article: Article,
    every: dict[str, Article],
    published: dict[str, Article],
    assets: Sequence[str],
    config: Config,
    problems: Problems,
) -> Article:
    """Replace link placeholders (in the body and the image) by URLs; warn about
    links that lead nowhere."""
    if not article.links:
        return article
    body, image = article.html, article.image
    urls: list[str] = []
    for index, link in enumerate(article.links):
        target = every.get(link.target)
        if target is not None:
            url = target.url
            if link.target not in published:
                problems.warn(
                    f"link to an unpublished article: {link.written!r}",
                    link.line,
                    "it is a draft or dated in the future",
                    path=article.source,
                )
        elif link.target in assets:
            url = file_url(config.base_path, link.target[len(CONTENT_DIR) + 1 :])
        else:
            url = link.written.split("#", 1)[0]
            problems.warn(f"broken link: no file {link.target!r}", link.line, path=article.source)
        if link.fragment:
            url = f"{url}#{link.fragment}"
        urls.append(url)
        body = body.replace(placeholder(index), html.escape(url, quote=True))
        if image == placeholder(index):
            image = url
    digest = hashlib.blake2b("\n".join([article.digest, *urls]).encode(), digest_size=16)
    return dataclasses.replace(article, html=body, image=image, digest=digest.hexdigest())
