"""Where a site is published: the ``[publish.<name>]`` tables and the target URL scheme.

A target is written as one URL-like text, in ``site.toml`` or on the command line:

==========================================  ==========================================
``s3://bucket/prefix``                      an S3-compatible bucket (boto3)
``/srv/www/blog``, ``./out``, ``file:///x``   a local folder (rsync)
``user@host:/path``, ``ssh://u@h:2222/p``   a folder on a server over SSH (rsync)
``rsync://user:pw@host:port/module/path``   an rsync daemon (the password: RSYNC_PASSWORD)
``git+file:///repo.git#gh-pages``           a branch of a git repository; also ``git+ssh://``,
``git+https://…``, ``git@host:me/blog.git`` ``git+https://``; the branch defaults to gh-pages
==========================================  ==========================================

Parsing is pure (no I/O) so that ``site.toml`` can be checked like any other key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sitegen.errors import Problems
from sitegen.keylines import KeyLines
from sitegen.schema import Check
from sitegen.urls import check_base_url

DEFAULT_BRANCH = "gh-pages"
DEFAULT_KEEP = ("CNAME", ".well-known/")


@dataclass(frozen=True)
class S3Location:
    """Objects under ``prefix/`` in ``bucket`` (``prefix`` has no slash at either end)."""

    bucket: str
    prefix: str

    def key(self, path: str) -> str:
        return f"{self.prefix}/{path}" if self.prefix else path


@dataclass(frozen=True)
class RsyncLocation:
    """A folder rsync writes into: local (``path``) or remote (``destination``)."""

    destination: str  # as rsync takes it: /srv/www, user@host:/path, rsync://host/module
    path: Path | None = None  # set for a local folder
    port: int | None = None  # the SSH port of an ssh:// URL
    # The password of an rsync:// URL, which rsync takes from RSYNC_PASSWORD only: a URL
    # with one reads to rsync as an ssh host, and its command line is seen by every user.
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class GitLocation:
    """The branch ``branch`` of the repository ``remote`` (a path or URL git understands)."""

    remote: str
    branch: str = DEFAULT_BRANCH


Location = S3Location | RsyncLocation | GitLocation

_BUCKET = re.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")
_SCP_LIKE = re.compile(r"(?:[^@/:\s]+@)?(?:[^@/:\s]+|\[[0-9a-fA-F:.]+\]):(?!//).*")
_BAD_BRANCH = re.compile(r"^[-/.]|\.\.|[\s~^:?*\[\\]|@\{|/$|\.lock$|\.$")
NAME = re.compile(r"[\w\-]+")
# The user info of a URL anywhere in a text: ``https://x-access-token:TOKEN@``. Greedy up
# to the host's '@', as urlsplit reads it, so that a password with '@' in it is hidden whole.
_USER_INFO = re.compile(r"\b([a-z][a-z0-9+.\-]*://)([^/?#\s]*)@", re.IGNORECASE)
# A query parameter that carries a secret: ?access_token=…, &X-Amz-Signature=…, &key=…
_SECRET_PARAMETER = re.compile(
    r"([?&][\w.\-]*(?:token|secret|password|passwd|signature|credential|key)[\w.\-]*=)[^&#\s]*",
    re.IGNORECASE,
)
HIDDEN = "***"


# Where a user name alone may be a token (``https://ghp_…@github.com``) or a key.
_SECRET_USER_SCHEMES = ("http://", "https://", "s3://")


def redacted(text: str, url: str = "") -> str:
    """``text`` (a target's URL, or a message that may quote one) with the passwords and
    tokens of its URLs hidden: ``https://x-access-token:***@github.com/me/blog.git``,
    ``?access_token=***``.
    Over http(s) a user name alone may be a token too (``https://ghp_…@github.com``):
    it is hidden as well; over ssh it is a name (``ssh://git@host``), and is shown.

    ``url``: the URL a message is about. What it hides is hidden in the message too,
    wherever the message quotes it, even cut out of the URL (``'me:SECRET@bucket'``).
    """

    def hide(found: re.Match[str]) -> str:
        scheme, user_info = found.group(1), found.group(2)
        user, colon, _ = user_info.partition(":")
        if colon:
            return f"{scheme}{user}:{HIDDEN}@"
        return f"{scheme}{HIDDEN if _secret_user(scheme) else user_info}@"

    shown = _SECRET_PARAMETER.sub(rf"\1{HIDDEN}", _USER_INFO.sub(hide, text))
    for secret in sorted(_secrets(url), key=len, reverse=True):
        shown = shown.replace(secret, HIDDEN)
    return shown


def _secret_user(scheme: str) -> bool:
    return scheme.lower().removeprefix("git+") in _SECRET_USER_SCHEMES


def _secrets(url: str) -> list[str]:
    """The parts of ``url`` that :func:`redacted` hides: passwords, tokens."""
    found = [match.group(0).split("=", 1)[1] for match in _SECRET_PARAMETER.finditer(url)]
    for match in _USER_INFO.finditer(url):
        user, colon, password = match.group(2).partition(":")
        found.append(password if colon else user if _secret_user(match.group(1)) else "")
    return [secret for secret in found if secret]


def parse_location(text: str, base: Path | None = None) -> Location:
    """Read a target URL; relative local folders are taken relative to ``base``.

    Raises :class:`ValueError` with a message fit for the writer, and fit to print: every
    password or token of ``text`` hidden (see :func:`redacted`), whatever part it quotes.
    """
    try:
        return _parse(text.strip(), base)
    except ValueError as error:
        raise ValueError(redacted(str(error), text)) from None


def _parse(text: str, base: Path | None) -> Location:
    if text.startswith("s3://"):
        return _s3(text)
    if text.startswith("git+") or text.split("#", 1)[0].rstrip("/").endswith(".git"):
        return _git(text.removeprefix("git+"))
    if text.startswith("rsync://"):
        return _rsync(text)
    if text.startswith("ssh://"):
        return _ssh(text)
    if text.startswith("file://"):
        return _local(urlsplit(text).path, base)
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise ValueError(
            f"unknown kind of target {scheme}:// (for a git repository, write git+{scheme}://…)"
        )
    if _SCP_LIKE.fullmatch(text) and not re.match(r"[A-Za-z]:[\\/]", text):
        user, _, host = text.split(":", 1)[0].rpartition("@")
        _check_host(host, user)
        return RsyncLocation(text.rstrip("/") + "/")
    if "/" in text or text.startswith(("~", ".")):
        return _local(text, base)
    raise ValueError(
        f"not a publish target: {text!r} (expected s3://bucket/prefix, a folder such as "
        "./out or /srv/www, user@host:/path, or git+URL#branch)"
    )


def _s3(text: str) -> S3Location:
    bucket, _, prefix = text.removeprefix("s3://").partition("/")
    if "@" in bucket:
        # boto3 reads keys from the environment, ~/.aws or a profile, never from a URL,
        # and a secret in site.toml is one in the repository.
        raise ValueError(
            f"an s3:// URL takes no key or secret: {text!r} (set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY in the environment, or profile = … for one of ~/.aws)"
        )
    if not _BUCKET.fullmatch(bucket):
        raise ValueError(f"not an S3 bucket name: {bucket!r} (3 to 63 of a-z 0-9 . -)")
    prefix = prefix.strip("/")
    if prefix and any(part in ("", ".", "..") for part in prefix.split("/")):
        raise ValueError(f"the prefix {prefix!r} has an empty, '.' or '..' part")
    return S3Location(bucket, prefix)


def _git(text: str) -> GitLocation:
    remote, _, branch = text.partition("#")
    branch = branch or DEFAULT_BRANCH
    if not remote or remote.startswith("-"):
        raise ValueError("a git target needs a repository, as in git+file:///path/repo.git")
    if _BAD_BRANCH.search(branch):
        raise ValueError(f"not a branch name: {branch!r}")
    return GitLocation(remote, branch)


def _ssh(text: str) -> RsyncLocation:
    parts = urlsplit(text)
    if not parts.hostname or not parts.path:
        raise ValueError("an ssh:// target needs a host and a path, as in ssh://me@host/srv/www")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"not a port number in {text!r}") from None
    _check_host(parts.hostname, parts.username or "")
    user = f"{parts.username}@" if parts.username else ""
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return RsyncLocation(f"{user}{host}:{parts.path.rstrip('/')}/", port=port)


def _rsync(text: str) -> RsyncLocation:
    """``rsync://[user[:password]@]host[:port]/module/path``: the password goes to rsync
    in RSYNC_PASSWORD, and the URL rsync is given has none."""
    parts = urlsplit(text)
    if not parts.hostname or not parts.path.strip("/"):
        raise ValueError(
            "an rsync:// target needs a host and a module, as in rsync://me@host/module/blog"
        )
    try:
        _ = parts.port
    except ValueError:
        raise ValueError(f"not a port number in {text!r}") from None
    user_info, _, host = parts.netloc.rpartition("@")
    user, colon, password = user_info.partition(":")
    _check_host(parts.hostname, user)
    address = f"rsync://{user}@{host}" if user else f"rsync://{host}"
    destination = f"{address}{parts.path.rstrip('/')}/"
    return RsyncLocation(destination, password=unquote(password) if colon else None)


def _check_host(host: str, user: str) -> None:
    """Refuse a host or user that rsync or ssh would take for an option (``-essh``,
    ``-oProxyCommand=…``): the URL would publish nothing, or run a command."""
    for part, name in ((host, "host"), (user, "user")):
        if part.startswith("-"):
            raise ValueError(f"a {name} cannot start with '-': {part!r} (it reads as an option)")


def _local(text: str, base: Path | None) -> RsyncLocation:
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    return RsyncLocation(f"{path}/", path=path)


def _shown(check: Check) -> Mapping[str, Check]:
    """The field metadata of a key of ``[publish.*]`` checked by ``check``, whose
    message may quote the value: a URL with a password or token, hidden in it."""

    def checked(value: Any) -> str | tuple[str, str] | None:
        problem = check(value)
        if problem is None or not isinstance(value, str):
            return problem
        if isinstance(problem, str):
            return redacted(problem, value)
        return redacted(problem[0], value), redacted(problem[1], value)

    return {"check": checked}


def _check_url(url: str) -> str | None:
    try:
        parse_location(url, Path("/"))
    except ValueError as error:
        return str(error)
    return None


def _check_not_negative(value: int) -> str | None:
    return None if value >= 0 else f"must be 0 or more, not {value}"


def _check_endpoint(url: str) -> str | None:
    parts = urlsplit(url)
    if url and (parts.scheme not in ("http", "https") or not parts.netloc):
        return f"must be an http(s) URL such as 'https://minio.example.com:9000', not {url!r}"
    return None


def _check_keep(entries: tuple[str, ...]) -> str | None:
    for entry in entries:
        if not entry or entry.startswith("/") or ".." in entry.split("/"):
            return f"entries are paths in the target, like 'CNAME' or '.well-known/', not {entry!r}"
    return None


@dataclass(frozen=True)
class PublishTarget:
    """``[publish.<name>]``: one place the site is published to."""

    url: str = field(metadata=_shown(_check_url))
    default: bool = False  # the target of a bare `sitegen publish`
    # The site's address there, when not site.toml's base_url (a staging host): the
    # canonical links, feeds and sitemap of this target's build say it, as Pelican's
    # publishconf.py and Hugo's environments do. Empty: site.toml's.
    base_url: str = field(default="", metadata=_shown(check_base_url))
    keep: tuple[str, ...] = field(default=DEFAULT_KEEP, metadata=_shown(_check_keep))
    max_deletes: int = field(default=256, metadata=_shown(_check_not_negative))
    # S3 only:
    endpoint_url: str = field(default="", metadata=_shown(_check_endpoint))
    region: str = ""
    profile: str = ""
    cache_control: str = "public, max-age=300"  # pages and every file not fingerprinted
    cache_control_assets: str = "public, max-age=31536000, immutable"  # assets/*.<hash>.*


_S3_ONLY = ("endpoint_url", "region", "profile", "cache_control", "cache_control_assets")


def check_publish_targets(tables: object, problems: Problems, lines: KeyLines) -> None:
    """Record an error, at its key's line, for each problem of the ``[publish.*]``
    tables that no one key shows: a name that is no plain name, an S3 setting on a
    target that is not S3, more than one default.

    ``tables`` are the tables as written, not the checked :class:`PublishTarget`
    records, so that these are reported together with the other mistakes of the
    file (a bad ``url`` of another target), not only once those are fixed.
    """
    if not isinstance(tables, Mapping):
        return  # not a table: the schema reports it
    defaults: list[str] = []
    for name, table in tables.items():
        if not NAME.fullmatch(name):
            problems.error(
                f"publish: target name {name!r} must be letters, digits, '-' or '_'",
                lines(("publish", name)),
            )
        if not isinstance(table, Mapping):
            continue  # the schema reports it
        if table.get("default") is True:
            defaults.append(name)
        url = table.get("url")
        # A url that is not one says so itself; whether S3 settings belong is then unknown.
        if not isinstance(url, str) or url.strip().startswith("s3://") or _check_url(url):
            continue
        for key in _S3_ONLY:
            if key in table:
                problems.error(
                    f"publish.{name}.{key} applies to s3:// targets only",
                    lines(("publish", name, key)),
                )
    first, *others = defaults or [""]
    for name in others:
        problems.error(
            f"publish.{name}.default: more than one target has default = true "
            f"(also {first}, at line {lines(('publish', first, 'default'))})",
            lines(("publish", name, "default")),
        )
