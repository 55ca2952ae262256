"""schema.org JSON-LD for an article page: a ``BlogPosting`` that cites its sources;
and for the home page, the ``WebSite`` that names the site.

Search engines read it for the article's dates, author and topics, the series it
is a part of (``isPartOf``), its versions in other languages (``workTranslation``,
``translationOfWork``), and the works it quotes (``citation``: a ``NewsArticle``
for a dated source, otherwise a ``CreativeWork``). This module builds plain data;
the theme writes it with Jinja's ``tojson``, which escapes ``<``, ``>``, ``&`` and
``'``, so no text from front matter can close the ``<script>`` element.
"""

from __future__ import annotations

from typing import Any

from sitegen.config import Config
from sitegen.model import Article, Citation, TagRef, Translation
from sitegen.urls import absolute_url, page_url, site_link


def blog_posting(article: Article, config: Config) -> dict[str, Any]:
    """The JSON-LD object for ``article`` (a dict of JSON types only)."""
    # The address search engines rank it at: where it first appeared, if elsewhere, as
    # its canonical link says; one page, not two, for a single article.
    url = article.canonical or absolute_url(article.url, config.origin)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
    }
    if article.summary:  # none for an article without text (a calculator alone)
        data["description"] = article.summary
    data.update(url=url, mainEntityOfPage=url, inLanguage=article.language or config.language)
    if article.date is not None:
        data["datePublished"] = article.date.isoformat()
        # Never before the publication: an ``updated`` of the day of publication (or a
        # typo) is no later change, as the sitemap and the feeds say too.
        data["dateModified"] = (article.modified or article.date).isoformat()
    if image := article.image or site_link(config.image, config.base_path):  # as og:image
        data["image"] = absolute_url(image, config.origin)
    site_author = (TagRef(config.author, "", ""),) if config.author else ()
    if authors := article.authors or site_author:  # one Person each; one as it is
        people = [_person(ref, config) for ref in authors]
        data["author"] = people[0] if len(people) == 1 else people
    if article.tags:
        data["keywords"] = [tag.name for tag in article.tags]
    if article.sources:
        data["citation"] = [_work(source) for source in article.sources]
    if article.series is not None:  # a part of a series (連載)
        series = absolute_url(article.series.url, config.origin)
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": article.series.name,
            "url": series,
        }
    data.update(_translations(article, config))
    return data


def _translations(article: Article, config: Config) -> dict[str, Any]:
    """How ``article`` stands to its versions in other languages: the one in the site's
    language is the work (``workTranslation``: the others), each other a translation of
    it (``translationOfWork``). Only the versions search engines may index are named,
    as by hreflang (see translations.indexed): not a draft in a build with ``--drafts``."""
    named = [t for t in article.translations if t.indexed]
    if not article.language:
        versions = [_version(t, config) for t in named]
        return {"workTranslation": versions} if versions else {}
    original = next((t for t in named if t.language == config.language), None)
    return {"translationOfWork": _version(original, config)} if original else {}


def _version(version: Translation, config: Config) -> dict[str, Any]:
    url = absolute_url(version.url, config.origin)
    return {"@type": "CreativeWork", "url": url, "inLanguage": version.language}


def website(config: Config) -> dict[str, Any]:
    """The JSON-LD object of the home page: the site's name as search results show it
    (Google's "Provide a site name": ``WebSite`` with ``name`` and ``url``, on the home
    page only), which a domain such as blog.example.co.jp does not say."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "url": absolute_url(page_url(config.base_path), config.origin),
        "inLanguage": config.language,
    }


def _person(author: TagRef, config: Config) -> dict[str, Any]:
    """One author of an article: the site's with the profile's page and their profiles
    elsewhere; another with their author page (they have one: see assemble)."""
    person: dict[str, Any] = {"@type": "Person", "name": author.name}
    if author.name != config.author:
        person["url"] = absolute_url(author.url, config.origin)
        return person
    if config.profile.url:
        person["url"] = absolute_url(site_link(config.profile.url, config.base_path), config.origin)
    if config.profile.links:
        person["sameAs"] = list(config.profile.links.values())  # the same person elsewhere
    return person


def _work(source: Citation) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "NewsArticle" if source.date else "CreativeWork",
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.title:
        work["name"] = source.title
    if source.date:
        work["datePublished"] = source.date.isoformat()
    if source.url:
        work["url"] = source.url
    return work
