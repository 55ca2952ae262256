"""The blog's frame, declared in ``site.toml``: ranking blurbs, purpose, author profile
and the menus' links to what is not a page of the site.

Japanese business blogs carry the links of blog-ranking sites above and below each
post (★経営の最新情報&ノウハウは経営ランキング), a sidebar with the best rank reached
(コンサルタントランキング4位(最高順位)), a short statement of what the blog is for
and a profile of its author. The dataclasses here are sections of
:class:`~sitegen.config.Config`: the schema Loader checks them key by key, and
:func:`check_rankings` checks what spans entries (a key used twice), on the
entries as written, so that it reports alongside the Loader.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from sitegen.errors import Problems, quoted
from sitegen.frozen import FrozenMap
from sitegen.keylines import KeyLines
from sitegen.text import fold_space, join_lines
from sitegen.urls import http_url_problem, is_root_path, site_link

_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _check_key(key: str) -> str | None:
    if _KEY.match(key):
        return None
    return (
        f"must be letters, digits, '-' or '_' (articles select rankings by it), not {quoted(key)}"
    )


def _check_required_url(url: str) -> str | None:
    return http_url_problem(url) if url else "must not be empty"


def _check_link(value: str) -> str | None:
    """An http(s) URL, or a path from the site root such as ``/images/banner.png``."""
    if not value or is_root_path(value):
        return None
    if http_url_problem(value) is None:
        return None
    return f"must be an http(s) URL or a path from the site root, not {quoted(value)}"


def _check_profile_links(links: Mapping[str, str]) -> str | None:
    for label, url in links.items():
        if url is None:  # not text: reported already
            continue
        problem = http_url_problem(url, "https://x.com/you") if url else "must not be empty"
        if problem:
            return f"{quoted(label)}: {problem}"
    return None


def _check_rank(rank: int) -> str | None:
    return None if rank >= 1 else f"must be at least 1, not {rank}"


@dataclass(frozen=True)
class Ranking:
    """``[[rankings]]``: one blog-ranking site the blog takes part in."""

    key: str = field(metadata={"check": _check_key})  # what an article's `rankings:` names
    label: str  # コンサルタントランキング
    url: str = field(metadata={"check": _check_required_url})
    blurb: str = ""  # コンサルタントの最新情報&ノウハウは
    best_rank: int | None = field(default=None, metadata={"check": _check_rank})
    banner: str = field(default="", metadata={"check": _check_link})

    @property
    def text(self) -> str:
        """The words of its link: the blurb and the label joined as two lines of a
        paragraph are (see text.joins_lines), with nothing between in Japanese
        (…ノウハウは + 経営ランキング) and a space between words (More at + Top Blogs)."""
        return fold_space(join_lines(f"{self.blurb}\n{self.label}"))

    def banner_src(self, base_path: str) -> str:
        """The banner image's URL, with the base path when it is a site path."""
        return site_link(self.banner, base_path)


def _check_menu_link(url: str) -> str | None:
    return _check_link(url) if url else "must not be empty"


def _check_name(name: str) -> str | None:
    return None if name.strip() else "must not be empty (it is the link's text)"


_ONE_LEVEL = "not supported: a menu is one level of links"


@dataclass(frozen=True)
class MenuEntry:
    """An entry of ``[[menu.main]]`` or ``[[menu.footer]]``, in Hugo's shape: a link to
    what is no page of the site (the corporate site, a contact form), placed among the
    pages that name the menu by its weight."""

    name: str = field(metadata={"check": _check_name})
    url: str = field(metadata={"check": _check_menu_link})  # http(s), or /a/path/ of the site
    weight: int = 0  # lighter first, as a page's weight

    # Hugo's other keys of an entry (see schema.Loader).
    FOREIGN_KEYS: ClassVar[Mapping[str, str]] = {
        "pageref": "not needed: a page joins a menu by its front matter (menu: main, weight: 10)",
        "identifier": _ONE_LEVEL,
        "parent": _ONE_LEVEL,
        "title": "not supported: the link shows its name",
    }

    def href(self, base_path: str) -> str:
        return site_link(self.url, base_path)


@dataclass(frozen=True)
class Menus:
    """``[menu]``: the links of the header's menu (``main``) and of the footer's that
    are not pages; pages join them by their front matter."""

    main: tuple[MenuEntry, ...] = ()
    footer: tuple[MenuEntry, ...] = ()


@dataclass(frozen=True)
class Profile:
    """``[profile]``: the author as the sidebar introduces them (the name is ``author``)."""

    role: str = ""  # 中小企業診断士
    bio: str = ""
    image: str = field(default="", metadata={"check": _check_link})
    url: str = field(default="", metadata={"check": _check_link})  # "more about me"
    # The author elsewhere, by the label the sidebar shows: {"X": "https://x.com/…", …}
    links: Mapping[str, str] = field(
        default_factory=FrozenMap, metadata={"check": _check_profile_links}
    )

    @property
    def shown(self) -> bool:
        """Whether there is anything to show beyond the author's name."""
        return bool(self.role or self.bio or self.image or self.links)

    def image_src(self, base_path: str) -> str:
        return site_link(self.image, base_path)

    def href(self, base_path: str) -> str:
        return site_link(self.url, base_path)

    @functools.cached_property  # the <head> of every page asks for it
    def x_handle(self) -> str:
        """The author's @name on X, from a link to their X profile; empty without one."""
        for url in self.links.values():
            match = re.fullmatch(r"https?://(?:www\.)?(?:x|twitter)\.com/(\w{1,15})/?", url)
            if match:
                return "@" + match.group(1)
        return ""


def check_rankings(entries: object, problems: Problems, lines: KeyLines) -> None:
    """Record an error for every ``[[rankings]]`` entry whose key an earlier one already has.

    ``entries`` are the tables as written, not the checked :class:`Ranking` records: a
    duplicate key is reported together with the other mistakes of its entry (a
    ``best_rank`` that is no number), not only once they are fixed.
    """
    if not isinstance(entries, Sequence) or isinstance(entries, str):
        return  # not a list of tables: the schema reports it
    first: dict[str, int] = {}
    for index, entry in enumerate(entries):
        key = entry.get("key") if isinstance(entry, Mapping) else None
        if not isinstance(key, str):
            continue  # missing or not text: the schema reports it
        line = lines(("rankings", index, "key"))
        if key in first:
            problems.error(
                f"rankings.{index}.key: duplicate ranking key {quoted(key)}"
                f" (first at line {first[key]})",
                line,
                "articles select rankings by key, so each needs its own",
            )
        else:
            first[key] = line
