"""Fingerprinted names for a theme's static files, and the files that name each other.

Every file of a theme's ``static/`` folder is written with a digest of its bytes in
its name (``assets/img/bg.c938de42.png``), so that hosts may cache it for long.
Stylesheets and scripts name other files by where they are beside them — a
stylesheet in ``url(../img/bg.png)`` and ``@import "base.css"`` (see stylesheets),
a module in ``import { hello } from "./util.js"`` (see scripts), either in its
``sourceMappingURL`` comment — and those references are rewritten to the new names,
as Django's ManifestStaticFilesStorage and Hugo's fingerprinting do, or they would
not be found. A file's own digest is that of its rewritten bytes, so it is computed
after the names of the files it names: a new picture gives the stylesheets that show
it new names as well, and a changed module the modules that import it.

Files that name each other in a circle (``a.css`` imports ``b.css``, which imports
``a.css``; modules that import each other, which JavaScript allows) cannot each be
named by their final bytes: they are named by one digest of them all, so a change
in any of them renames each.

Absolute addresses, ``data:`` URIs and bare ``#fragments`` are left as they are; so
is a reference to a file the theme does not have, with a warning at its line.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from sitegen import scripts, stylesheets
from sitegen.errors import Problem, suggestion

ASSETS_DIR = "assets"

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, data:, mailto:

# How the files that name others are read, by their suffix: each gives the addresses
# its text names (see stylesheets.mentions).
_READERS: dict[str, Callable[[str], Iterable[stylesheets.Mention]]] = {
    ".css": stylesheets.mentions,
    ".js": scripts.mentions,
    ".mjs": scripts.mentions,
}


def hashed_name(name: str, digest: str) -> str:
    """``css/site.css`` with ``digest`` in its name: ``css/site.3f9a1c2e.css``."""
    pure = PurePosixPath(name)
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=4).hexdigest()


@dataclass(frozen=True)
class _Reference:
    """One relative reference of a file to another file of the theme."""

    start: int  # where the address is in the file's text
    end: int
    path: str  # the address up to its ?query or #fragment, as written
    target: str  # the asset it names


@dataclass
class _Naming:
    """A file that names others: its text and its references to them."""

    text: str
    references: list[_Reference] = field(default_factory=list)


@dataclass(frozen=True)
class Fingerprinted:
    """A theme's static files under their output names."""

    outputs: Mapping[str, str]  # asset name → output path (``assets/css/site.3f9a1c2e.css``)
    rewritten: Mapping[str, bytes]  # the files whose bytes changed, and their new bytes
    warnings: tuple[Problem, ...]  # references to files the theme does not have


def fingerprint(files: Mapping[str, bytes], labels: Mapping[str, str]) -> Fingerprinted:
    """The output names of ``files`` (asset name → bytes), the references of their
    stylesheets and scripts rewritten to them. ``labels``: how each file is named in
    messages."""
    warnings: list[Problem] = []
    naming = {
        name: _read(name, data, reader, files, labels[name], warnings)
        for name, data in files.items()
        if (reader := _READERS.get(PurePosixPath(name).suffix.lower()))
    }
    digests = {name: _digest(data) for name, data in files.items() if name not in naming}
    rewritten: dict[str, bytes] = {}
    for group in _dependencies_first(
        {n: [r.target for r in s.references] for n, s in naming.items()}
    ):
        if len(group) == 1 and group[0] not in (r.target for r in naming[group[0]].references):
            (name,) = group
            data = _rewrite(naming[name], digests)
            digests[name] = _digest(data)
        else:  # a circle: one digest of them all, their references to each other aside
            common = hashlib.blake2b(digest_size=4)
            for name in group:
                common.update(name.encode() + b"\0" + _rewrite(naming[name], digests) + b"\0")
            for name in group:
                digests[name] = _digest(common.digest() + name.encode())
        for name in group:
            data = _rewrite(naming[name], digests)
            if data != files[name]:
                rewritten[name] = data
    outputs = {name: f"{ASSETS_DIR}/{hashed_name(name, digests[name])}" for name in sorted(files)}
    return Fingerprinted(outputs, rewritten, tuple(warnings))


def _read(
    name: str,
    data: bytes,
    reader: Callable[[str], Iterable[stylesheets.Mention]],
    files: Mapping[str, bytes],
    label: str,
    warnings: list[Problem],
) -> _Naming:
    """The file ``name`` and its references to the theme's files; a warning for each
    relative one to a file the theme does not have."""
    # Bytes that are not UTF-8 come back as they were (a stylesheet in Shift_JIS).
    naming = _Naming(data.decode("utf-8", "surrogateescape"))
    folder = posixpath.dirname(name)
    for mention in sorted(reader(naming.text)):  # in order: see _rewrite
        path = re.split(r"[?#]", mention.address, maxsplit=1)[0]
        if not path or _SCHEME.match(path) or path.startswith(("/", "\\")):
            continue  # absolute, data:, #fragment alone
        target = posixpath.normpath(posixpath.join(folder, unquote(path)))
        if target in files and posixpath.basename(target) == unquote(path.rpartition("/")[2]):
            end = mention.start + len(path)
            naming.references.append(_Reference(mention.start, end, path, target))
            continue
        line = naming.text.count("\n", 0, mention.start) + 1
        if target == ".." or target.startswith("../"):
            message = f"{mention.written}: points outside the theme's static/ folder; left as it is"
            hint = "name a file of the theme's static/ folder by where it is from this one"
        else:
            message = f"{mention.written}: the theme has no file static/{target}; left as it is"
            beside = [posixpath.relpath(other, folder or ".") for other in sorted(files)]
            if path.startswith("./"):  # as a module names it
                beside = [f"./{other}" if other[0] != "." else other for other in beside]
            hint = suggestion(path, beside, close=0.8)  # paths share much: ../img/
        warnings.append(Problem(label, line, message, hint, "warning"))
    return naming


def _rewrite(naming: _Naming, digests: Mapping[str, str]) -> bytes:
    """The file's bytes, each reference to a file whose digest is known with the digest
    in the file's name (the rest of the address as written)."""
    parts, done = [], 0
    for ref in naming.references:
        digest = digests.get(ref.target)
        if digest is None:
            continue
        folder, slash, file = ref.path.rpartition("/")
        parts += [naming.text[done : ref.start], folder + slash + hashed_name(file, digest)]
        done = ref.end
    parts.append(naming.text[done:])
    return "".join(parts).encode("utf-8", "surrogateescape")


def _dependencies_first(edges: Mapping[str, list[str]]) -> list[list[str]]:
    """The files that name others in groups that reach one another (Tarjan's
    algorithm), each group after every group it refers to; a group of one unless files
    refer in a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for other in edges[name]:
            if other not in edges:
                continue  # a file that names none (a picture)
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in on_stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            group: list[str] = []
            while not group or group[-1] != name:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            groups.append(sorted(group))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    return groups
