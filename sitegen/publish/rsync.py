"""Publish to a folder, here or on a server over SSH, with the real ``rsync``.

rsync compares files by checksum (``--checksum``) rather than by time, since
every build writes fresh files (``--force`` sends every file: ``--ignore-times``,
which ``--checksum`` would override); it sets no permissions, owners or times
(new files get the server's defaults), so nothing changes that did not change.
The plan comes from a dry run (``--dry-run --itemize-changes``). The real run
then happens in two steps: the upload, with ``--delay-updates`` so that the
changed files go live together at its end (rsync keeps them meanwhile in a
``.~tmp~`` folder in each folder it writes to; an upload to a local folder that
fails or is interrupted removes those, which would otherwise stay in the live
site, holding pages not yet published), and, only when the upload succeeded
and ``--delete`` was given, a run that only deletes (``--existing
--ignore-existing --delete``), with every kept path protected.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from sitegen.discover import CONTENT_DIR, STATIC_DIR, THEME_DIR
from sitegen.errors import SiteError
from sitegen.output import MARKER
from sitegen.publish.plan import Manifest, Plan, is_kept
from sitegen.publish.process import run, telling_line, unescape
from sitegen.targets import PublishTarget, RsyncLocation

STAGING = ".~tmp~"  # where --delay-updates keeps a folder's new files until they go live


class RsyncRemote:
    """A folder that rsync keeps equal to the built site."""

    def __init__(
        self,
        location: RsyncLocation,
        settings: PublishTarget,
        where: str,
        site_dir: Path,
        force: bool = False,
    ) -> None:
        self.location = location
        self.compare = "--ignore-times" if force else "--checksum"
        self.keep = settings.keep
        self.where = where  # how messages name the target
        # An rsync daemon's password: in the environment of rsync only, never on its
        # command line, where every user of the machine can read it (ps).
        password = location.password
        self.env = {"RSYNC_PASSWORD": password} if password is not None else None
        if location.path is not None:
            _refuse_site_folders(location.path, site_dir, where)

    def _command(self, local: Manifest, *options: str) -> list[str]:
        command = ["rsync", "--recursive", self.compare, "--8-bit-output", "--itemize-changes"]
        if self.location.port is not None:
            shell = os.environ.get("RSYNC_RSH", "ssh")
            command += ["--rsh", f"{shell} -p {self.location.port}"]
        # The marker is sitegen's, not the site's; excluding it also protects a remote one.
        command += [f"--exclude=/{MARKER}", *options]
        # After "--" no operand is read as an option, whatever its first character.
        return [*command, "--", f"{local.root}/", self.location.destination]

    def plan(self, local: Manifest) -> Plan:
        if self.location.path is not None:
            _check_can_make(self.location.path, self.where)
        itemized = self._run(self._command(local, "--dry-run", "--delete"))
        uploads: list[str] = []
        updates: list[str] = []
        gone: list[str] = []
        for raw in itemized.splitlines():
            # Each line is 11 flag characters (YXcstpoguax), a space and the path.
            line = unescape(raw).decode("utf-8", "surrogateescape")
            flags, path = line[:11], line[12:]
            if not path or path.endswith("/"):  # folders come and go with their files
                continue
            if flags.startswith("*deleting"):
                gone.append(path)
            elif flags[0] in "<>ch" and flags[1] == "f":
                (uploads if flags[2:].startswith("+") else updates).append(path)
        stale = tuple(sorted(p for p in gone if not is_kept(p, self.keep)))
        kept = tuple(sorted(p for p in gone if is_kept(p, self.keep)))
        unchanged = len(local.files) - len(uploads) - len(updates)
        return Plan(tuple(sorted(uploads)), tuple(sorted(updates)), stale, kept, unchanged)

    def tidy(self, local: Manifest) -> list[str]:
        return []  # what an interrupted run staged, the next run puts in place or removes

    def apply(self, plan: Plan, local: Manifest, delete: bool) -> None:
        if plan.transfers:
            try:
                self._run(self._command(local, "--delay-updates"))
            except BaseException:  # a failure, or Ctrl-C: nothing of this upload goes live
                if self.location.path is not None:
                    _remove_staging(self.location.path)
                raise
        if delete and plan.stale:
            protect = [f"--filter=protect {_rsync_pattern(entry)}" for entry in self.keep]
            only_delete = ["--existing", "--ignore-existing", "--delete", *protect]
            self._run(self._command(local, *only_delete))

    def _run(self, command: list[str]) -> bytes:
        return run(command, where=self.where, env=self.env, explain=_explain)


# What an rsync daemon says when it refuses: "@ERROR: auth failed on module blog".
_DAEMON_ERROR = re.compile(r"@ERROR: (.*)")


def _explain(output: bytes) -> tuple[str, str]:
    """The message and hint of a failed rsync: an rsync daemon's refusal in its words."""
    refusal = _DAEMON_ERROR.search(unescape(output).decode("utf-8", "replace"))
    if refusal is None:
        return telling_line(output), ""
    reason = f"the rsync daemon refused: {refusal.group(1).strip()}"
    if "auth failed" in reason:
        return reason, "check the user and password in the rsync:// URL, or RSYNC_PASSWORD"
    return reason, ""


def _check_can_make(folder: Path, where: str) -> None:
    """rsync makes the target folder, but not the folders it lies in: a dry run, which
    makes nothing, would not notice that the real run cannot."""
    if folder.is_dir():
        return
    parent = folder.parent
    if folder.exists():
        raise SiteError.at(where, 0, f"{folder} is a file, not a folder", "check the url")
    if not parent.is_dir():
        raise SiteError.at(
            where,
            0,
            f"cannot make the folder {folder.name!r}: {parent} does not exist",
            f"create {parent} first, or check the url",
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SiteError.at(
            where,
            0,
            f"cannot make the folder {folder.name!r}: {parent} is not writable",
            f"check who may write to {parent}",
        )


def _remove_staging(folder: Path) -> None:
    """Remove the staging folders of an upload that did not finish from ``folder``."""
    for current, dirs, _ in os.walk(folder):
        if STAGING in dirs:
            dirs.remove(STAGING)
            shutil.rmtree(Path(current) / STAGING, ignore_errors=True)


def _rsync_pattern(entry: str) -> str:
    """An anchored rsync pattern matching exactly what :func:`is_kept` keeps."""
    folder = entry.endswith("/")
    # rsync reads a pattern as a wildcard one, where \ escapes, only when it has one.
    wild = folder or any(char in entry for char in "*?[")
    text = re.sub(r"([*?\[\\])", r"\\\1", entry) if wild else entry
    return f"/{text}***" if folder else f"/{text}"


def _refuse_site_folders(destination: Path, site_dir: Path, where: str) -> None:
    """A local target must not be the site, hold it, or lie in its sources."""
    target, site = destination.resolve(), site_dir.resolve()
    sources = [site / name for name in (CONTENT_DIR, STATIC_DIR, THEME_DIR)]
    if site.is_relative_to(target) or any(target.is_relative_to(s) for s in sources):
        raise SiteError.at(
            where,
            0,
            "refusing to publish into the site's own folders",
            f"publish to a folder outside {site_dir}, e.g. /srv/www/blog",
        )
