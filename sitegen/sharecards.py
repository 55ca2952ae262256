"""The picture link previews show (``og:image``, ``twitter:image``): what the networks
are told of it, and whether they can show it.

X's cards and Facebook show JPEG, PNG, WebP and GIF pictures, not SVG. Facebook shows
none smaller than 200×200 pixels ("Sharing best practices": "The minimum allowed image
dimension is 200 x 200 pixels"); X's large card (``summary_large_image``) needs
300×157 at least ("Summary Card with Large Image"), so a smaller picture gets the
small card (``summary``); Google's Article structured data asks for 50,000 pixels
(width × height). A picture of the site, whose size sitegen reads, is told with its
size (``og:image:width``/``height``: Facebook then lays out the card at the first
share, before it has fetched the picture) and warned of at the ``image`` that names
it when a network would not show it. Its ``alt`` is the title of the page it stands
for: the article's for an article's own picture, the site's for the site's.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from sitegen.config import CONFIG_FILE
from sitegen.discover import STATIC_DIR
from sitegen.errors import Problem, Problems
from sitegen.images import Size
from sitegen.keylines import KeyLines
from sitegen.model import Article, Site
from sitegen.pages import ShareImage
from sitegen.pictures import cover_link
from sitegen.urls import is_root_path

OPEN_GRAPH_MINIMUM = (200, 200)  # Facebook
LARGE_CARD_MINIMUM = (300, 157)  # X's summary_large_image
GOOGLE_MINIMUM_PIXELS = 50_000  # Google's Article structured data: width × height
_UNSHOWN = (".svg", ".svgz")  # no network shows these in a preview
_ADVICE = "a PNG or JPEG of 1200×630 pixels suits every network"


def share_image(url: str, size: Size | None, alt: str) -> ShareImage | None:
    """Of the picture at ``url`` (None when there is none), ``size`` when measured."""
    if not url:
        return None
    width, height = size or (0, 0)
    large = _shown(url) and (size is None or _at_least(size, LARGE_CARD_MINIMUM))
    return ShareImage(width, height, alt, large)


def _shown(url: str) -> bool:
    return not urlsplit(url).path.lower().endswith(_UNSHOWN)


def _at_least(size: Size, minimum: Size) -> bool:
    return size[0] >= minimum[0] and size[1] >= minimum[1]


def share_image_problem(path: str, size: Size | None) -> tuple[str, str] | None:
    """Why the picture at ``path`` of the site cannot be a good link preview, as a
    message and a hint; None when it can, or its size is unknown."""
    if not _shown(path):
        hint = f"X's cards and Facebook show JPEG, PNG, WebP and GIF, not SVG: {_ADVICE}"
        return "image: an SVG picture, which link previews do not show", hint
    if size is None:
        return None
    rules = []
    if not _at_least(size, OPEN_GRAPH_MINIMUM):
        rules.append("Facebook shows no picture under 200×200 pixels")
    if not _at_least(size, LARGE_CARD_MINIMUM):
        rules.append("X's large card needs 300×157 (the page gets the small card)")
    if size[0] * size[1] < GOOGLE_MINIMUM_PIXELS:
        rules.append("Google asks for 50,000 pixels (width × height)")
    if not rules:
        return None
    return f"image: {size[0]}×{size[1]} pixels, too small for link previews", "; ".join(
        [*rules, _ADVICE]
    )


def article_share_image(
    article: Article, base_path: str, measure: Callable[[str], Size | None]
) -> tuple[Size | None, tuple[Problem, ...]]:
    """The size of the picture ``article`` names as its ``image`` when it is a picture of
    the site (``measure`` tells it), and a warning at the ``image`` line when it cannot
    be a good link preview."""
    cover = cover_link(article, base_path)
    if cover is None:
        return None, ()
    path, link = cover
    size = measure(path)
    problems = Problems(article.source)
    if problem := share_image_problem(path, size):
        problems.warn(problem[0], link.line, problem[1])
    return size, tuple(problems)


def site_image_path(image: str) -> str | None:
    """The path in the site of the site's ``image``, when it names a file of ``static/``."""
    return f"{STATIC_DIR}{image}" if is_root_path(image) else None


def site_image_warnings(site: Site, config_lines: Callable[[], KeyLines]) -> list[Problem]:
    """A warning at site.toml's ``image`` when the site's picture cannot be a good link
    preview (see share_image_problem)."""
    image = site.config.image
    problem = share_image_problem(image, site.image_size) if image else None
    if problem is None:
        return []
    problems = Problems(CONFIG_FILE)
    problems.warn(problem[0], config_lines()(("image",)), problem[1])
    return list(problems)
