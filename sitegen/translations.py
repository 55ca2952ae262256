"""Translations: articles and pages of one site that give the same ``translationKey``
in their front matter are versions of one text, each in its own language.

Each version's page links to the others (``article.translations``, filled in when the
site is assembled: see assemble), and tells search engines of every version as Google
asks (``<link rel="alternate" hreflang>`` in its head, ``xhtml:link`` in the sitemap):
each names all of them, itself included, by absolute URL, and ``x-default`` names the
version in the site's language. Only published versions are linked, so a draft or
scheduled translation stays unseen until it is published; only versions search
engines may index are named by hreflang (see :func:`indexed`). Pure functions over the
model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sitegen.config import LANGUAGE_NAMES, LANGUAGES, Config
from sitegen.errors import Problem, Problems, quoted, suggestion
from sitegen.model import Article, Translation
from sitegen.urls import absolute_url

X_DEFAULT = "x-default"  # hreflang's name for the version of readers of any other language


@dataclass(frozen=True)
class Alternate:
    """One version of a page as search engines are told of it: its language (or
    ``x-default``) and its absolute URL."""

    hreflang: str
    url: str


def key_of(article: Article) -> str | None:
    """The key ``article`` shares with its versions in other languages, if it gives one.
    Of the articles of a build, those with one key are versions of one text: an article
    leaves its versions out of its related articles and its older and newer neighbours,
    as its page links to them under its title already."""
    return article.translation_key.value if article.translation_key else None


def keyed(articles: Iterable[Article]) -> dict[str, tuple[str, ...]]:
    """By translation key, the sources of those of ``articles`` that give one, in order."""
    found: dict[str, list[str]] = {}
    for article in articles:
        if (key := key_of(article)) is not None:
            found.setdefault(key, []).append(article.source)
    return {key: tuple(sources) for key, sources in found.items()}


def language_of(article: Article, config: Config) -> str:
    """The language ``article`` is written in, named even when it is the site's."""
    return article.language or config.language


def indexed(article: Article) -> bool:
    """Whether search engines may index ``article``'s page, as the sitemap lists it: not a
    draft (even in a build with ``--drafts``), not ``noindex``, and not ranked at an
    address elsewhere (``canonical``). Google ignores an hreflang link to any other, so
    only such versions are named to search engines: by hreflang (in the head, the
    sitemap and the visible link), ``og:locale:alternate`` and the JSON-LD."""
    return not (article.draft or article.noindex or article.canonical)


def translations_of(
    article: Article, versions: Iterable[Article], config: Config
) -> tuple[Translation, ...]:
    """The links to ``article``'s other ``versions`` (those with its key, itself among
    them or not): the site's language first, then by language."""
    others = sorted(
        (language_of(other, config) != config.language, language_of(other, config), other.url)
        for other in versions
        if other.source != article.source
    )
    by_url = {other.url: other for other in versions}
    return tuple(
        Translation(
            by_url[url].title, url, language, LANGUAGE_NAMES[language], indexed(by_url[url])
        )
        for _, language, url in others
    )


def alternates(article: Article, config: Config) -> tuple[Alternate, ...]:
    """What ``article``'s page tells search engines of its versions (its head's
    ``hreflang`` links and its sitemap entry's): every version they may index, itself
    included, by language, then ``x-default``, the version in the site's language.
    None when it has no translation they may index, when it may not be indexed itself,
    and without ``base_url``, as an hreflang link names an absolute URL."""
    if not config.base_url or not indexed(article):
        return ()
    versions = [(language_of(article, config), article.url)]
    versions += [(t.language, t.url) for t in article.translations if t.indexed]
    if len(versions) < 2:
        return ()
    versions.sort()
    found = [Alternate(language, absolute_url(url, config.origin)) for language, url in versions]
    default = [url for language, url in versions if language == config.language]
    if default:
        found.append(Alternate(X_DEFAULT, absolute_url(default[0], config.origin)))
    return tuple(found)


def translation_problems(articles: Iterable[Article], config: Config) -> list[Problem]:
    """About the translation keys of ``articles`` (every one read, drafts too): an error
    for a second of one language with the same key, as a reader could not be told which
    version is theirs; a warning for a key no other article gives, whose translation
    is missing or misspelt."""
    every = {a.source: a for a in articles}
    by_key = keyed(every[source] for source in sorted(every))
    problems = Problems()
    for value, sources in by_key.items():
        if len(sources) == 1:
            _alone(every[sources[0]], value, by_key.keys(), config, problems)
        first: dict[str, Article] = {}
        for source in sources:
            article = every[source]
            other = first.setdefault(language_of(article, config), article)
            if other is not article:
                _twice(article, other, config, problems)
    return list(problems)


def _alone(
    article: Article, value: str, keys: Iterable[str], config: Config, problems: Problems
) -> None:
    key = article.translation_key
    assert key is not None
    otherwise = f"give its translation {key.key}: {value}"
    if (other := _other_language(article, config)) != config.language:
        otherwise += f" and language: {other}"
    problems.warn(
        f"{key.key}: no other article or page has the key {quoted(value)}: "
        "its translation is missing or the key is misspelt",
        key.line,
        suggestion(value, [k for k in keys if k != value], otherwise=otherwise),
        path=article.source,
    )


def _twice(article: Article, other: Article, config: Config, problems: Problems) -> None:
    key, others = article.translation_key, other.translation_key
    assert key is not None and others is not None
    problems.error(
        f"{key.key}: {other.source} (line {others.line}) has the key {quoted(key.value)} "
        f"too, in the same language ({language_of(article, config)})",
        key.line,
        "the versions of one text are each in another language: write language: "
        f"{_other_language(article, config)} in the other's front matter, "
        "or give a different text a key of its own",
        path=article.source,
    )


def _other_language(article: Article, config: Config) -> str:
    """A language ``article`` is not written in: its translation's, most likely."""
    return next(language for language in LANGUAGES if language != language_of(article, config))


def by_source(articles: Mapping[str, Article]) -> dict[str, tuple[str, ...]]:
    """For each of ``articles`` (by source) that has a translation among them: the
    sources of all its versions."""
    return {
        source: sources
        for sources in keyed(articles.values()).values()
        if len(sources) > 1
        for source in sources
    }
