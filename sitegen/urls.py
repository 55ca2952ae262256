"""URLs and output paths of pages, from path segments that may be Japanese.

A page's URL is percent-encoded (``/tags/%E7%B5%8C%E5%96%B6/``) and carries the
site's base path, so templates can use it as is; its output file keeps the
readable Unicode name (``tags/経営/index.html``), which is what web servers map
the decoded URL to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from sitegen.errors import quoted


def page_url(base_path: str, *segments: str) -> str:
    """``/seg/seg/`` under ``base_path``, each segment percent-encoded."""
    path = "/".join(quote(segment, safe="") for segment in segments if segment)
    return f"{base_path}/{path}/" if path else f"{base_path}/"


def page_output(*segments: str) -> str:
    """The output file for the page at ``segments``: ``seg/seg/index.html``."""
    return "/".join([*(s for s in segments if s), "index.html"])


def file_url(base_path: str, path: str) -> str:
    """The URL of a file copied to ``path`` in the output (``assets/site.css``)."""
    return f"{base_path}/{quote(path)}"


def absolute_url(url: str, origin: str) -> str:
    """``url`` with ``origin`` (``https://example.com``) when it is a path from the root.

    Full URLs, and every URL when there is no origin, are returned as they are.
    """
    return f"{origin}{url}" if origin and is_root_path(url) else url


def is_root_path(url: str) -> bool:
    """``url`` is a path from the site root (``/og.png``), not ``//host/…`` or relative."""
    return url.startswith("/") and not url.startswith("//")


# What a slug may not hold: URL-special characters and those no file name may have.
_UNSAFE_CHARS = "/ \\ ? # % \" ' < > | * : ^ ` { } [ ]"
_UNSAFE_IN_SLUG = re.compile(r"[\s/\\?#%\"'<>|*:^`{}\[\]]+")
_APOSTROPHES = re.compile(r"['’]")
_NOT_IN_MADE_SLUG = re.compile(r"[^\w.-]+")  # \w: letters and digits of every script
# A comma that groups the thousands of a number (1,000円; １，０００ once NFKC made it so):
# dropped, for 1000円 rather than 1-000円, which reads as a range. 第1,2回 keeps its comma.
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def slugify(text: str) -> str:
    """A URL segment for ``text`` that keeps Japanese as it is.

    Latin letters are lower-cased, and apostrophes and the commas that group a number's
    thousands dropped; every run of other characters that are neither letters nor
    digits (spaces, punctuation, 「」) becomes one hyphen. ``"Web マーケティング"`` →
    ``"web-マーケティング"``, ``"What's New?"`` → ``"whats-new"``, ``"「謝罪金」の相場"``
    → ``"謝罪金-の相場"``, ``"1,000円"`` → ``"1000円"``.
    """
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).strip().lower())
    text = _THOUSANDS_COMMA.sub("", text)
    return _NOT_IN_MADE_SLUG.sub("-", text).strip("-.")


def spelling_key(name: str) -> str:
    """What spellings of one name have in common: EC, ec and ＥＣ give ec (a tag
    spelt so is one tag), C# and C do not (tags that only share a URL name)."""
    return unicodedata.normalize("NFKC", name).casefold()


# The longest folder name most file systems allow, in bytes (ext4, APFS, NTFS).
MAX_NAME_BYTES = 255


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be a URL segment, or None when it can."""
    if not slug:
        return "must not be empty"
    if slug in (".", "..") or slug.startswith("."):
        return f"must not start with a dot ({quoted(slug)})"
    if _UNSAFE_IN_SLUG.search(slug) or any(unicodedata.category(c) == "Cc" for c in slug):
        return f"may not contain spaces or any of {_UNSAFE_CHARS} ({quoted(slug)})"
    if len(slug.encode()) > MAX_NAME_BYTES:
        return (
            f"is {len(slug.encode())} bytes long in UTF-8 (a Japanese character takes 3);"
            f" a folder name may have {MAX_NAME_BYTES}"
        )
    return None


# What no file or folder name may hold on common disks (Windows forbids all of these).
_NOT_IN_FILE_NAME = re.compile(r'[\\:*?"<>|\x00-\x1f\x7f]')


# The one folder of hidden name a site may have pages in: /.well-known/ (RFC 8615).
WELL_KNOWN = ".well-known"


def address_problem(path: str) -> str | None:
    """Why ``path``, an old address from the site root (``/2009/08/old/``), cannot be
    answered by a file of a static site; None when it can."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return f"must be a path from the site root, without the scheme and host, not {quoted(path)}"
    if not is_root_path(path):
        return f"must start with '/', as a path from the site root, not {quoted(path)}"
    if "?" in path or "#" in path:
        return f"a static site cannot answer a query (?…) or fragment (#…): {quoted(path)}"
    for index, name in enumerate(unquote(path).split("/")):
        if name in (".", ".."):
            return f"must not have a '.' or '..' part: {quoted(path)}"
        if name.startswith(".") and not (index == 1 and name == WELL_KNOWN):
            # Hidden names are sitegen's (.sitegen-output), git's (.git: no branch holds
            # one) or the server's, never copied from content/: a page there would break
            # the build or vanish when published. /.well-known/ is the web's (RFC 8615).
            return (
                f"a part must not start with a dot ({quoted(name)}), except {WELL_KNOWN}/ at"
                f" the root: {quoted(path)}"
            )
        if _NOT_IN_FILE_NAME.search(name):
            return f'a file name cannot hold \\ : * ? " < > | or control characters: {quoted(path)}'
        if len(name.encode()) > MAX_NAME_BYTES:
            return f"has a part longer than {MAX_NAME_BYTES} bytes, too long for a file name"
    return None


# The suffixes of feeds' file names (Hugo's /index.xml, Pelican's /feeds/all.atom.xml).
_FEED_SUFFIXES = (".xml", ".rss", ".atom")


def redirect_problem(path: str) -> str | None:
    """Why ``path`` cannot be redirected by a page of a static site (see
    :func:`address_problem`); None when it can. A feed's address cannot: a feed reader
    follows no page."""
    if problem := address_problem(path):
        return problem
    if unquote(path).rstrip("/").lower().endswith(_FEED_SUFFIXES):
        return (
            f"{quoted(path)} is a feed's address, and a feed reader follows no redirect page:"
            " list it in site.toml's [feeds] aliases (tag_aliases for a tag's feed),"
            " which copy the feed there"
        )
    return None


# The endings of a path that names a file of its own rather than a folder.
HTML_FILE_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Address:
    """Where a page is in the site: the decoded ``names`` of its path from the root,
    and whether the last of them is a file of its own (``2015/03/old-post.html``) or a
    folder whose ``index.html`` the page is (``special/custom-path/``)."""

    names: tuple[str, ...]
    is_file: bool = False

    @classmethod
    def of_path(cls, path: str) -> Address:
        """The address of ``path`` (see :func:`redirect_problem`), percent-encoded or not:
        a file when it ends in ``.html`` or ``.htm``, else a folder, which a web server
        answers at ``/old/`` and ``/old``."""
        names = decoded_names(path)
        return cls(names, bool(names) and names_html_file(path.rstrip("/")))

    def url(self, base_path: str) -> str:
        """The percent-encoded URL under ``base_path``."""
        if not self.is_file:
            return page_url(base_path, *self.names)
        return f"{base_path}/" + "/".join(quote(name, safe="") for name in self.names)

    @property
    def output(self) -> str:
        """The file inside the output folder that answers at this address."""
        return "/".join(self.names) if self.is_file else page_output(*self.names)


def decoded_names(path: str) -> tuple[str, ...]:
    """The names of the folders and file of ``path``, percent-decoded (an old Japanese
    address, ``/%E7%B5%8C%E5%96%B6/``, names 経営) and in NFC, as the output's are."""
    return tuple(name for name in unicodedata.normalize("NFC", unquote(path)).split("/") if name)


def names_html_file(path: str) -> bool:
    """``path`` (a permalink pattern, an old address) ends in a file's name, ``.html``."""
    return path.lower().endswith(HTML_FILE_SUFFIXES)


def check_base_url(url: str) -> str | None:
    """Why ``url`` cannot be a site's base URL, or None."""
    problem = http_url_problem(url, example="https://example.com/")
    parts = urlsplit(url)
    if problem is None and (parts.query or parts.fragment):
        return "must not have a query or fragment"
    if problem is None and any(part in (".", "..") for part in parts.path.split("/")):
        return f"must not have '.' or '..' in its path, not {quoted(url)}"
    return problem


def http_url_problem(url: str, example: str = "https://example.com/…") -> str | None:
    """Why ``url`` is not an absolute http(s) URL, or None when it is (or is empty)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"must be an absolute http(s) URL such as {quoted(example)}, not {quoted(url)}"
    if any(char.isspace() for char in url):
        return f"must not contain spaces, not {quoted(url)}"
    try:
        _ = parts.port  # a port that is not one (99999, "x") raises
    except ValueError:
        return f"has a port that is not a number from 0 to 65535: {quoted(url)}"
    return None


def site_link(value: str, base_path: str) -> str:
    """``value`` as a link target: a root-relative path gets the site's base path."""
    return base_path + value if value.startswith("/") else value
