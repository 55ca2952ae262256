"""Publish to a branch of a git repository (GitHub Pages, Cloudflare Pages, Netlify…).

Nothing here runs in the writer's own repository or touches any working tree.
We fetch the branch's last commit (``--depth 1``) into a temporary bare
repository, compare blob ids with the built files, and make the new commit with
plumbing through a temporary index: ``read-tree`` of the old commit, then
``hash-object``/``update-index`` for the changed files and ``write-tree`` /
``commit-tree``. The push is a plain fast-forward: if someone else pushed in
the meantime, it is rejected and nothing is lost. Uploads and deletions land in
one commit, so the branch is never half-updated. ``CNAME`` and ``.nojekyll``
are always kept, and an empty ``.nojekyll`` is added when the branch has none
(without it GitHub Pages runs Jekyll, which drops folders starting with ``_``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sitegen import __version__
from sitegen.errors import SiteError
from sitegen.publish.plan import Manifest, Plan, compare
from sitegen.publish.process import remote_line, run, succeeds, telling_line
from sitegen.targets import GitLocation, PublishTarget

ALWAYS_KEPT = ("CNAME", ".nojekyll")
NOJEKYLL = ".nojekyll"
_FILE_MODE = "100644"
# Who commits when git knows no user.name / user.email (a fresh CI machine, say).
_FALLBACK_IDENTITY = {"name": "sitegen", "email": "sitegen@localhost"}


def blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (SHA-1 of a ``blob`` header and them)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class CommitInfo:
    """What the commit message tells: the site and the source commit it was built from."""

    title: str
    source: str = ""  # "1a2b3c4" when the site folder is in a git repository

    @classmethod
    def of(cls, site_dir: Path, title: str) -> CommitInfo:
        # Read-only: rev-parse neither writes the index nor looks at the working tree.
        try:
            found = run(["git", "-C", str(site_dir), "rev-parse", "--short", "HEAD"], where="")
        except SiteError:  # not a repository, or no git: the message just says less
            return cls(title)
        return cls(title, found.decode().strip())

    def message(self, plan: Plan, delete: bool) -> str:
        deleted = len(plan.stale) if delete else 0
        subject = (
            f"Publish {self.title}: {len(plan.uploads)} added, {len(plan.updates)} updated, "
            f"{deleted} deleted"
        )
        origin = f" from commit {self.source}" if self.source else ""
        return f"{subject}\n\nBuilt by sitegen {__version__}{origin}.\n"


class GitRemote:
    """A branch of a repository, handled through a temporary bare repository."""

    def __init__(
        self,
        location: GitLocation,
        settings: PublishTarget,
        where: str,
        workdir: Path,
        info: CommitInfo,
    ) -> None:
        self.location = location
        self.keep = (*settings.keep, *ALWAYS_KEPT)
        self.where = where  # how messages name the target
        self.info = info
        self.env = {"GIT_DIR": str(workdir / "repo.git"), "GIT_INDEX_FILE": str(workdir / "index")}
        self.head = ""  # the branch's commit before publishing; '' when it does not exist yet
        workdir.mkdir(parents=True)
        self._git("init", "--quiet", "--bare", str(workdir / "repo.git"))
        self.nojekyll = workdir / NOJEKYLL
        self.nojekyll.write_bytes(b"")

    def _git(self, *args: str, input: bytes | None = None, explain: bool = False) -> bytes:
        return run(
            ["git", *args],
            where=self.where,
            input=input,
            env=self.env,
            explain=_explain_push if explain else None,
        )

    def plan(self, local: Manifest) -> Plan:
        self.head = self._fetch()
        remote = self._tree(self.head) if self.head else {}
        files = self._files(local)
        ids = {path: blob_id(source.read_bytes()) for path, source in files.items()}
        if NOJEKYLL not in local.files and NOJEKYLL in remote:
            ids[NOJEKYLL] = remote[NOJEKYLL]  # whatever the branch has is fine: unchanged
        return compare(files, remote, lambda path: ids[path] == remote[path], self.keep)

    def _files(self, local: Manifest) -> dict[str, Path]:
        """The built files, with an empty .nojekyll when the site has none."""
        return {NOJEKYLL: self.nojekyll} | {p: file.source for p, file in local.files.items()}

    def _fetch(self) -> str:
        branch = f"refs/heads/{self.location.branch}"
        listed = self._git("ls-remote", self.location.remote, branch).split()
        if not listed:
            return ""  # a new branch: the first commit has no parent
        self._git("fetch", "--quiet", "--depth=1", "--no-tags", self.location.remote, branch)
        return self._git("rev-parse", "--verify", "FETCH_HEAD^{commit}").decode().strip()

    def _tree(self, commit: str) -> dict[str, str]:
        """Path → blob id of every file in ``commit``."""
        listing = self._git("ls-tree", "-r", "-z", "--full-tree", commit)
        tree: dict[str, str] = {}
        for entry in listing.split(b"\0"):
            if entry:
                meta, _, path = entry.partition(b"\t")
                tree[path.decode("utf-8", "surrogateescape")] = meta.split()[2].decode()
        return tree

    def apply(self, plan: Plan, local: Manifest, delete: bool) -> None:
        if self.head:
            self._git("read-tree", self.head)
        else:
            self._git("read-tree", "--empty")
        sources = self._files(local)
        paths = list(plan.transfers)
        stdin = "".join(f"{sources[path]}\n" for path in paths).encode()
        ids = self._git("hash-object", "-w", "--no-filters", "--stdin-paths", input=stdin).split()
        entries = [f"{_FILE_MODE} {i.decode()}\t{p}" for i, p in zip(ids, paths, strict=True)]
        if delete:
            entries += [f"0 {'0' * 40}\t{path}" for path in plan.stale]  # mode 0 removes
        self._git(
            "update-index", "-z", "--index-info", input="".join(f"{e}\0" for e in entries).encode()
        )
        tree = self._git("write-tree").decode().strip()
        commit = self._commit(tree, self.info.message(plan, delete))
        refspec = f"{commit}:refs/heads/{self.location.branch}"
        self._git("push", "--quiet", self.location.remote, refspec, explain=True)

    def tidy(self, local: Manifest) -> list[str]:
        return []  # a publish changes the branch in one push: interrupted, it left nothing

    def _commit(self, tree: str, message: str) -> str:
        env = dict(self.env)
        for part, fallback in _FALLBACK_IDENTITY.items():
            known = succeeds(["git", "config", f"user.{part}"], where=self.where, env=env)
            if not known and f"GIT_COMMITTER_{part.upper()}" not in os.environ:
                env[f"GIT_AUTHOR_{part.upper()}"] = env[f"GIT_COMMITTER_{part.upper()}"] = fallback
        parent = ["-p", self.head] if self.head else []
        out = run(
            ["git", "commit-tree", tree, *parent], where=self.where, input=message.encode(), env=env
        )
        return out.decode().strip()


def _explain_push(output: bytes) -> tuple[str, str]:
    """A rejected push in one line: why, and what to do (as a message and a hint).

    A remote that refuses says why in its own words (a pre-receive hook's message,
    GitHub's ``remote: error: GH006: Protected branch update failed``): that is the
    message, and git's summary of the refusal the hint.
    """
    for line in output.decode("utf-8", "replace").splitlines():
        reason = line[line.rfind("(") + 1 : line.rfind(")")] if line.endswith(")") else ""
        if "[remote rejected]" in line:
            why = reason or "no reason given"
            if said := remote_line(output):
                return said, f"the remote refused the push: {why}"
            return f"the remote refused the push ({why})", ""
        if "[rejected]" in line:
            return (
                f"push rejected ({reason}): the branch changed since it was read; publish again",
                "",
            )
    return telling_line(output), ""
