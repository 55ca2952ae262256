"""Write a built site to its output folder, safely.

Everything is first written to a staging folder next to the output. Only when
the whole build has succeeded is the staging folder committed: files whose bytes
did not change are left alone (they keep their modification time, which makes
publishing faster), changed and new files are moved in, and files that are no
longer produced are removed — except in the *kept* folders that a later step
owns (the search index in ``pagefind/``). A failed build therefore never
touches the output.

sitegen writes only into folders it made: an output folder that exists and is
not empty must carry the marker file that sitegen leaves in it.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.discover import CONTENT_DIR, STATIC_DIR, THEME_DIR
from sitegen.errors import Problem, SiteError

MARKER = ".sitegen-output"
MARKER_TEXT = "This folder is made by sitegen and replaced on every build.\n"


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path in the output and bytes or a file to copy."""

    path: str
    origin: str  # what made it, for messages
    data: bytes | None = None
    copy_of: Path | None = None


def check_output_dir(site_dir: Path, output: Path) -> None:
    """Refuse output folders where a build would destroy the writer's work."""
    site = site_dir.resolve()
    out = output.resolve()
    protected = {site: "the site folder itself"}
    for name in (CONTENT_DIR, STATIC_DIR, THEME_DIR):
        protected[site / name] = f"the site's {name}/ folder"
    for folder, what in protected.items():
        if out == folder or (folder != site and out.is_relative_to(folder)):
            raise SiteError.at("", 0, f"refusing to write the site into {what} ({output})")
    if site.is_relative_to(out):
        raise SiteError.at(
            "", 0, f"refusing to write the site into a parent of the site ({output})"
        )
    if out.exists() and not out.is_dir():
        raise SiteError.at("", 0, f"the output {output} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError.at(
            "",
            0,
            f"refusing to write into {output}: it is not empty and was not made by sitegen",
            "choose another folder with -o, or empty this one",
        )


def find_collisions(files: Iterable[OutputFile]) -> list[Problem]:
    """Two things that would be written to the same output file (case-insensitively,
    as on macOS and Windows disks and most hosts)."""
    seen: dict[str, str] = {}
    problems = []
    for file in files:
        key = file.path.casefold()
        if key in seen:
            message = f"two sources make {file.path}: {seen[key]} and {file.origin}"
            problems.append(Problem("", 0, message, "give one of them another slug or name"))
        else:
            seen[key] = file.origin
    return problems


class Staging:
    """A staging folder beside the output; :meth:`commit` moves it into place.

    ``keep`` names top-level output folders that commit leaves alone although the
    build did not write them.
    """

    def __init__(self, output: Path, keep: tuple[str, ...] = ()) -> None:
        self.output = output
        self.keep = keep
        output.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
        self.paths: set[str] = set()

    def write(self, file: OutputFile) -> None:
        target = self.root / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.copy_of is not None:
            shutil.copyfile(file.copy_of, target)
        else:
            target.write_bytes(file.data or b"")
        self.paths.add(file.path)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def commit(self) -> int:
        """Bring the output in line with the staging folder; return files changed."""
        (self.root / MARKER).write_text(MARKER_TEXT, "utf-8")
        self.paths.add(MARKER)
        changed = -1 if not (self.output / MARKER).is_file() else 0  # the marker is no page
        try:
            for path in sorted(self.paths):
                staged, final = self.root / path, self.output / path
                if final.is_file() and filecmp.cmp(staged, final, shallow=False):
                    continue
                if final.is_dir():
                    shutil.rmtree(final)
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, final)
                changed += 1
            changed += self._remove_stale()
        finally:
            self.discard()
        return changed

    def _remove_stale(self) -> int:
        removed = 0
        for current, dirs, files in os.walk(self.output, topdown=False):
            folder = Path(current)
            relative = folder.relative_to(self.output).parts
            if relative and relative[0] in self.keep:
                continue
            for name in files:
                path = (folder / name).relative_to(self.output).as_posix()
                if path not in self.paths:
                    (folder / name).unlink()
                    removed += 1
            for name in dirs:
                child = folder / name
                if child.is_symlink() or (child.is_dir() and not any(child.iterdir())):
                    child.unlink() if child.is_symlink() else child.rmdir()
        return removed
