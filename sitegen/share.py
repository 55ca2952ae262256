"""Links that share an article on the networks its readers use: plain links to each
network's own share page, so no script, no button image and no tracker is loaded.

Japanese business blogs show X, はてなブックマーク, Facebook and LINE under every
article, English ones X, LinkedIn, Facebook and Bluesky: the site's language picks
those, and ``[share] services`` picks and orders them (``[]`` for none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

# Each network's share page, with {url} and {title} filled in percent-encoded.
SHARE_PAGES = {
    "x": "https://x.com/intent/tweet?text={title}&url={url}",
    "hatena": "https://b.hatena.ne.jp/add?mode=confirm&url={url}&title={title}",
    "facebook": "https://www.facebook.com/sharer/sharer.php?u={url}",
    "line": "https://social-plugins.line.me/lineit/share?url={url}",
    "linkedin": "https://www.linkedin.com/sharing/share-offsite/?url={url}",
    "bluesky": "https://bsky.app/intent/compose?text={title}%20{url}",
}
# The networks offered when ``[share] services`` is not set: those the readers of the
# site's language use. Japanese blogs show はてなブックマーク and LINE, which mean little
# to most readers of English, who share on LinkedIn and Bluesky instead.
DEFAULT_SERVICES = {
    "ja": ("x", "hatena", "facebook", "line"),
    "en": ("x", "linkedin", "facebook", "bluesky"),
}


@dataclass(frozen=True)
class ShareLink:
    """A link to share a page on ``service`` (the theme names it: ``share_<service>``)."""

    service: str
    url: str


def share_links(url: str, title: str, services: Iterable[str]) -> tuple[ShareLink, ...]:
    """The links that share the page at ``url`` (absolute) on each of ``services``."""
    values = {"url": quote(url, safe=""), "title": quote(title, safe="")}
    return tuple(ShareLink(service, SHARE_PAGES[service].format(**values)) for service in services)
