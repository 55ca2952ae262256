"""The target-neutral core of publishing: what the site has, what the remote has, what to do.

A :class:`Manifest` lists the built output (never the output marker); a target
lists its remote side and compares contents its own way (MD5 and ETag, git blob
ids, rsync checksums); :func:`compare` turns both into a :class:`Plan`. The
deletion guard, the summary lines and the order of uploads made file by file
(:func:`upload_stages`) are the same for every target.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from sitegen.feeds import FILES as FEED_FILES
from sitegen.mediatypes import HTML, content_type
from sitegen.output import MARKER
from sitegen.search import ENTRY_FILE, INDEX_DIR, STAMP_FILE
from sitegen.sitemap import ROBOTS, SITEMAP


@dataclass(frozen=True)
class LocalFile:
    """One file of the built site."""

    path: str  # POSIX path inside the output: posts/経営/index.html
    source: Path  # the file on disk
    size: int
    md5: str  # hex digest

    def read(self) -> bytes:
        return self.source.read_bytes()


@dataclass(frozen=True)
class Manifest:
    """Every file of a built site, by path, sorted."""

    root: Path
    files: Mapping[str, LocalFile]

    @classmethod
    def scan(cls, root: Path) -> Manifest:
        """List ``root`` with sizes and MD5s, leaving out sitegen's own marker file."""
        files: dict[str, LocalFile] = {}
        for current, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                source = Path(current) / name
                path = source.relative_to(root).as_posix()
                if path == MARKER:
                    continue
                with source.open("rb") as stream:
                    md5 = hashlib.file_digest(stream, "md5").hexdigest()
                files[path] = LocalFile(path, source, source.stat().st_size, md5)
        return cls(root, MappingProxyType(dict(sorted(files.items()))))


def is_kept(path: str, keep: Iterable[str]) -> bool:
    """True when ``path`` is listed in ``keep``: exactly, or under a ``folder/`` entry."""
    return any(path.startswith(entry) if entry.endswith("/") else path == entry for entry in keep)


@dataclass(frozen=True)
class Plan:
    """What publishing changes on the remote. Paths are relative to the target's root."""

    uploads: tuple[str, ...] = ()  # not on the remote yet
    updates: tuple[str, ...] = ()  # on the remote with other content
    stale: tuple[str, ...] = ()  # only on the remote: deleted with --delete
    kept: tuple[str, ...] = ()  # only on the remote but listed in `keep`: never deleted
    unchanged: int = 0

    @property
    def remote_files(self) -> int:
        """How many files the remote holds now (under the target's root)."""
        return self.unchanged + len(self.updates) + len(self.stale) + len(self.kept)

    @property
    def transfers(self) -> tuple[str, ...]:
        return self.uploads + self.updates

    def changes_anything(self, delete: bool) -> bool:
        return bool(self.transfers or (delete and self.stale))


def compare(
    local: Collection[str],
    remote: Collection[str],
    same: Callable[[str], bool],
    keep: Iterable[str],
) -> Plan:
    """The plan that makes ``remote`` hold ``local``; ``same(path)`` compares one file
    present on both sides."""
    keep = tuple(keep)
    uploads: list[str] = []
    updates: list[str] = []
    stale: list[str] = []
    kept: list[str] = []
    for path in sorted(local):
        if path not in remote:
            uploads.append(path)
        elif not same(path):
            updates.append(path)
    for path in sorted(set(remote) - set(local)):
        (kept if is_kept(path, keep) else stale).append(path)
    unchanged = len(local) - len(uploads) - len(updates)
    return Plan(tuple(uploads), tuple(updates), tuple(stale), tuple(kept), unchanged)


# What machines read to find pages, besides robots.txt: they go live after the pages.
_FINDERS = frozenset((SITEMAP, f"{INDEX_DIR}/{ENTRY_FILE}", f"{INDEX_DIR}/{STAMP_FILE}"))


def upload_stages(paths: Iterable[str], pages: Collection[str]) -> list[tuple[str, ...]]:
    """``paths`` in the stages a target that makes files live one by one uploads them
    in, each stage once the one before has finished, so that nothing live points to a
    file that is not there yet (empty stages are left out):

    1. what pages load or link to and is not a page: style sheets, scripts,
       pictures, fonts, downloads, and the parts of the search index (named by
       their content, read only once its entry file names them);
    2. ``pages``: the pages of articles and standalone pages;
    3. every other page, which lists or leads to those: the home page and its
       pagination, tags, archives, series, redirects from old addresses, 404;
    4. what feed readers, crawlers and the search box follow to pages: the feeds,
       ``sitemap.xml``, the search index's entry file;
    5. ``robots.txt``, which names the sitemap.
    """
    stages: list[list[str]] = [[], [], [], [], []]
    for path in paths:
        stages[_stage(path, pages)].append(path)
    return [tuple(stage) for stage in stages if stage]


def _stage(path: str, pages: Collection[str]) -> int:
    if path == ROBOTS:
        return 4
    if path in _FINDERS or path.rpartition("/")[2] in FEED_FILES.values():
        return 3
    if content_type(path) != HTML:
        return 0
    return 1 if path in pages else 2


def deletion_guard(plan: Plan, max_deletes: int) -> str | None:
    """Why deleting ``plan.stale`` needs ``--yes``, or None when it is a modest tidy-up.

    More than ``max_deletes`` files, or more than a fifth of what the remote holds,
    looks like a wrong target or a site that lost its content.
    """
    count = len(plan.stale)
    if count > max_deletes:
        files = "a file" if count == 1 else f"{count} files"
        return f"it would delete {files}, more than max_deletes ({max_deletes})"
    if count * 5 > plan.remote_files:
        total = plan.remote_files
        return f"it would delete {count} of the {total} files on the remote, more than a fifth"
    return None


def plan_lines(plan: Plan, delete: bool) -> list[str]:
    """One line per path the plan touches or leaves behind, grouped by action."""
    groups = (
        ("upload", plan.uploads),
        ("update", plan.updates),
        ("delete" if delete else "stale", plan.stale),
        ("keep", plan.kept),
    )
    return [f"  {action:<8}{path}" for action, paths in groups for path in paths]


def summary(plan: Plan, *, delete: bool, dry_run: bool) -> str:
    """The counts: ``3 uploaded, 1 updated, 2 deleted, 40 unchanged, 1 kept``."""
    done = (
        ("to upload", "to update", "to delete") if dry_run else ("uploaded", "updated", "deleted")
    )
    parts = [f"{len(plan.uploads)} {done[0]}", f"{len(plan.updates)} {done[1]}"]
    if delete:
        parts.append(f"{len(plan.stale)} {done[2]}")
    parts.append(f"{plan.unchanged} unchanged")
    if plan.kept:
        parts.append(f"{len(plan.kept)} kept")
    if plan.stale and not delete:
        parts.append(f"{len(plan.stale)} stale left in place (--delete removes them)")
    return ", ".join(parts)
