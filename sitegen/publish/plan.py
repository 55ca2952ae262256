"""The target-neutral core of publishing: what the site has, what the remote has, what to do.

A :class:`Manifest` lists the built output (never the output marker); a target
lists its remote side and compares contents its own way (MD5 and ETag, git blob
ids, rsync checksums); :func:`compare` turns both into a :class:`Plan`. The
deletion guard and the summary lines are the same for every target.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from sitegen.output import MARKER


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


def deletion_guard(plan: Plan, max_deletes: int) -> str | None:
    """Why deleting ``plan.stale`` needs ``--yes``, or None when it is a modest tidy-up.

    More than ``max_deletes`` files, or more than a fifth of what the remote holds,
    looks like a wrong target or a site that lost its content.
    """
    count = len(plan.stale)
    if count > max_deletes:
        return f"it would delete {count} files, more than max_deletes ({max_deletes})"
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
