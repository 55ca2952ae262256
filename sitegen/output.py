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

import contextlib
import errno
import glob
import hashlib
import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sitegen.discover import CONTENT_DIR, STATIC_DIR, THEME_DIR
from sitegen.errors import Problem, SiteError, quoted
from sitegen.fingerprint import data_digest, digest_of
from sitegen.urls import MAX_NAME_BYTES

MARKER = ".sitegen-output"
MARKER_TEXT = "This folder is made by sitegen and replaced on every build.\n"


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path in the output and bytes or a file to copy."""

    path: str
    origin: str  # what made it, for messages
    data: bytes | None = None
    copy_of: Path | None = None

    def source_print(self) -> str:
        """A digest of the bytes, or of the copied file's path, size and modification time."""
        if self.data is not None:
            return digest_of("data", data_digest(self.data))
        assert self.copy_of is not None, "a file has bytes or a file to copy"
        stat = self.copy_of.stat()
        return digest_of("copy", self.copy_of.as_posix(), str(stat.st_size), str(stat.st_mtime_ns))


def output_dir_problem(
    site_dir: Path, output: Path, chosen: bool = False
) -> tuple[str, str] | None:
    """Why a build may not write into ``output`` (a message and a hint), or None: an
    output folder where a build would destroy the writer's work is refused.

    ``chosen``: ``output`` was given on the command line (``-o``), not by site.toml's
    ``output_dir``. Only then may it be a link: git keeps links, so a ``public`` that
    leads to another folder (``archetypes``, with a marker file anyone can write) may
    be a writer's commit, and the build would replace that folder's files."""
    site = site_dir.resolve()
    out = output.resolve()
    if not chosen and out != site / output.relative_to(site_dir):
        return (
            f"refusing to write the site into {output}: it is a link to {out}",
            "remove the link (a build replaces what the folder holds); to write the site"
            " into a folder of your own elsewhere, give it with sitegen build -o",
        )
    protected = {site: "the site folder itself"}
    for name in (CONTENT_DIR, STATIC_DIR, THEME_DIR):
        protected[site / name] = f"the site's {name}/ folder"
    elsewhere = "choose another output folder, such as public"
    for folder, what in protected.items():
        if out == folder or (folder != site and out.is_relative_to(folder)):
            return f"refusing to write the site into {what} ({output})", elsewhere
    if site.is_relative_to(out):
        return f"refusing to write the site into a parent of the site ({output})", elsewhere
    if out.exists() and not out.is_dir():
        return f"the output {output} is a file, not a folder", elsewhere
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        return (
            f"refusing to write into {output}: it is not empty and was not made by sitegen",
            "choose another folder with -o, or empty this one",
        )
    return None


_WRITE_HINTS = {
    errno.ENOSPC: "free some space on the disk",
    errno.EDQUOT: "free some space on the disk",
    errno.EACCES: "check who may write to the output folder",
    errno.EPERM: "check who may write to the output folder",
    errno.EROFS: "choose a folder on a disk that can be written to, with -o",
}


def write_hint(error: OSError) -> str:
    """What to do when writing failed with ``error`` ('' when nothing obvious)."""
    return _WRITE_HINTS.get(error.errno or 0, "")


def write_error(error: OSError, output: Path, site_dir: Path) -> SiteError:
    """A failure to write the output, as a problem. The files are staged beside the
    output and moved in only once all are written, so a full disk leaves the output as
    the last build left it."""
    reason = error.strerror or str(error)
    shown = output.relative_to(site_dir) if output.is_relative_to(site_dir) else output
    # A file of the output that could not be replaced while the new files moved in
    # (os.replace names it second): the output now holds part of this build.
    target = Path(os.fsdecode(error.filename2)) if error.filename2 else None
    if target is not None and target.is_relative_to(output):
        name = (shown / target.relative_to(output)).as_posix()
        hint = write_hint(error) or "make it writable"
        return SiteError.at(
            "",
            0,
            f"could not replace {name}: {reason}; the output holds part of this build",
            f"{hint}, then build again",
        )
    return SiteError.at(
        "",
        0,
        f"could not write the site to {shown.as_posix()}: {reason}",
        write_hint(error),
    )


class Place(NamedTuple):
    """Where a source of the site gives an output file its address, for messages: its
    file, and the front-matter key that does (``slug``) at its line, when one does;
    ``old`` when that is one of its old addresses (``aliases``)."""

    path: str
    key: str = ""
    line: int = 0
    old: bool = False

    @property
    def claim(self) -> int:
        """How much the source chose the address, for whose it is when two make it: its
        file's name gave it (1), a key of its front matter did (2), it is an old address
        of its (3), which gives way to another page's own."""
        return 3 if self.old else 2 if self.key else 1


def find_collisions(
    files: Iterable[tuple[str, str]], places: Callable[[], Mapping[str, Place]] = dict
) -> list[Problem]:
    """Two things that would be written to the same output file, or one to a file that
    the other needs as a folder, given (path, origin) pairs; compared case-insensitively,
    as on macOS and Windows disks and most hosts.

    ``places()`` (asked when two collide) tells where each origin is in the site's
    files. The file is the one that made it first (see _holder); a problem stands at
    each other, at the key that gives it the address, and names the first."""
    makers: dict[str, list[tuple[str, str]]] = {}  # by the file, what makes it
    for path, origin in files:
        makers.setdefault(path.casefold(), []).append((path, origin))
    hint = "give one of them another slug or name"
    problems = []
    for made in makers.values():
        if len(made) == 1:
            continue
        located = places()
        origins = [origin for _, origin in made]
        holder = _holder(origins, located)
        for path, origin in made:
            place = located.get(origin)
            if origin == holder:
                continue
            if place is None:  # neither is a file of the site: the feeds and a feed's alias
                both = sorted((holder, origin), key=origins.index)
                message = f"two sources make {path}: {both[0]} and {both[1]}"
                problems.append(Problem("", 0, message, hint))
            else:
                message = _keyed(place, f"{holder} already makes {path}")
                problems.append(Problem(place.path, place.line, message, hint))
    first = {key: made[0][1] for key, made in makers.items()}
    for folder in sorted(_folders(first) & first.keys()):
        inside = next(key for key in first if key.startswith(f"{folder}/"))
        file_of, folder_of = first[folder], first[inside]
        message = f"two sources clash at {folder}: a file of {file_of}, a folder of {folder_of}"
        located = places()
        holder = _holder([file_of, folder_of], located)
        place = located.get(folder_of if holder == file_of else file_of, Place(""))
        problems.append(Problem(place.path, place.line, _keyed(place, message), hint))
    return problems


def _holder(origins: Sequence[str], places: Mapping[str, Place]) -> str:
    """Of ``origins`` that make one file, whose the file is: the one that chose the
    address least (see Place.claim; a page sitegen makes, the least of all), the last
    on a tie: articles are planned newest first, so that is the one that had it first."""
    claims = [places[origin].claim if origin in places else 0 for origin in origins]
    return origins[max(i for i, claim in enumerate(claims) if claim == min(claims))]


def _keyed(place: Place, message: str) -> str:
    return f"{place.key}: {message}" if place.key else message


def _folders(paths: Iterable[str]) -> set[str]:
    """Every folder that ``paths`` lie in, at any depth."""
    folders: set[str] = set()
    level = {path.rpartition("/")[0] for path in paths} - {""}
    while level:
        folders |= level
        level = {folder.rpartition("/")[0] for folder in level} - folders - {""}
    return folders


# An empty, '.' or '..' part of a path.
_NOT_PLAIN = re.compile(r"(?:^|/)\.{0,2}(?:/|$)")


def find_unwritable(files: Sequence[tuple[str, str]], kept: Sequence[str] = ()) -> list[Problem]:
    """Output paths that cannot be written inside the output folder, given (path, origin)
    pairs: one that would leave it (a ``..`` part), a name too long for a disk, or a
    file in one of the ``kept`` folders, which something else fills (the search index)."""
    # A save in serve waits for this: all paths are looked at at once first, each
    # between slashes, and short enough that no part (of up to 4 bytes a character)
    # can be too long.
    paths = [path for path, _ in files]
    every = "\n/" + "/\n/".join(paths) + "/\n"
    bad = ("//", "/./", "/../", *(f"\n/{folder}/" for folder in kept))
    if not any(part in every for part in bad) and (
        max(map(len, paths), default=0) <= MAX_NAME_BYTES // 4
    ):
        return []
    problems = []
    for path, origin in files:
        long = [part for part in path.split("/") if len(part.encode()) > MAX_NAME_BYTES]
        hint = "give it another slug or name"
        if _NOT_PLAIN.search(path):
            message = f"{origin} would make {quoted(path)}, not a plain path in the output folder"
        elif (folder := path.split("/", 1)[0]) in kept:
            message = f"{origin} would make {quoted(path)} in {folder}/, the search index's folder"
        elif long:
            message = (
                f"{origin} would make a file or folder name of {len(long[0].encode())} bytes,"
                f" more than a disk allows ({MAX_NAME_BYTES}): {long[0][:20]}…"
            )
            hint = "give it a shorter slug or name"
        else:
            continue
        problems.append(Problem("", 0, message, hint))
    return problems


class Staging:
    """A staging folder beside the output for the files a build changes.

    :meth:`commit` moves the staged files into the output, removes files the
    build no longer makes, and leaves every other file alone (with its mtime).
    ``keep`` names top-level output folders that commit never removes, although
    the build does not make their files.

    The first build into a folder stages the whole tree and moves it in at once.
    Later builds stage the files they change side by side, named by a digest of
    their path, and move each to its place: a folder made in the staging tree for
    each page cost more than writing the page (up to a millisecond on this
    project's disk, when a new article changes the sidebar of every page).
    """

    def __init__(self, output: Path, keep: tuple[str, ...] = ()) -> None:
        self.output = output
        self.keep = keep
        output.parent.mkdir(parents=True, exist_ok=True)
        # One left by a build that was killed (builds of a site take turns: see cache).
        for left in staging_folders(output):
            shutil.rmtree(left, ignore_errors=True)
        self.root = _new_folder(output.parent, _staging_prefix(output))
        self.flat = output.is_dir() and any(output.iterdir())

    def write(self, path: str, data: bytes) -> None:
        """Stage ``data`` as the file ``path``; workers call it too. (With plain ``os``
        and ``open``: pathlib's paths and ``mkdir`` took twice as long, 45 µs a page.)"""
        target = self._staged(path)
        if not self.flat:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as file:
            file.write(data)

    def _staged(self, path: str) -> str:
        if self.flat:
            return f"{self.root}/{hashlib.sha256(path.encode()).hexdigest()[:32]}"
        return os.path.join(self.root, path)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def commit(
        self, staged: list[str], expected: set[str], stale: list[str] | None = None
    ) -> list[str]:
        """Move the ``staged`` files in and make the output hold exactly ``expected``;
        return the paths removed.

        ``stale`` lists the files to remove when the caller knows them (from the
        last build's record); without it the output folder is searched. Ctrl-C and
        SIGTERM wait until it is done: the output is the last build's or this one's,
        never part of each.
        """
        (self.root / MARKER).write_text(MARKER_TEXT, "utf-8")
        with _signals_held():
            try:
                return self._move_in(staged, expected, stale)
            finally:
                self.discard()

    def _move_in(self, staged: list[str], expected: set[str], stale: list[str] | None) -> list[str]:
        if not self.flat and not (self.output.is_dir() and any(self.output.iterdir())):
            if self.output.is_dir():
                self.output.rmdir()
            self.root.rename(self.output)  # a first build: one move
            return []
        # What is no longer made goes first: a file may take the place of a folder
        # of the last build (static/notes/ become static/notes), or the other way.
        if stale is None:
            removed = remove_stale(self.output, expected | {MARKER}, self.keep)
        else:
            for path in stale:
                _remove_file(self.output, path)
            removed = stale
        for path in staged:
            _move(self._staged(path), f"{self.output}/{path}")
        if not (self.output / MARKER).is_file():
            os.replace(self.root / MARKER, self.output / MARKER)
        return removed


def staging_folders(output: Path) -> list[Path]:
    """The staging folders of builds into ``output`` (see Staging): one while a build
    writes, or one a build that was killed left behind."""
    return sorted(output.parent.glob(f"{glob.escape(_staging_prefix(output))}*"))


def staging_owner(folder: Path) -> Path | None:
    """The output that ``folder`` is a staging folder of (see Staging), or None."""
    name, staging, _ = folder.name.rpartition(".staging-")
    if not (staging and name.startswith(".") and len(name) > 1):
        return None
    return folder.parent / name[1:]


def _staging_prefix(output: Path) -> str:
    return f".{output.name}.staging-"


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait meanwhile: one that comes acts once it is done, as its
    handler then says. (In the main thread, the only one Python's handlers run in; a
    build in another, serve's, is stopped by its own main thread.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in numbers}
    for number in numbers:
        signal.signal(number, lambda received, frame: came.append(received))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        for received in came[:1]:
            signal.raise_signal(received)


def _move(staged: str, final: str) -> None:
    """Move the staged file to its place in the output, replacing what is there. (With
    string paths, making the folder only when missing: a build may move thousands.)"""
    try:
        os.replace(staged, final)
    except FileNotFoundError:  # its folder is new
        os.makedirs(os.path.dirname(final), exist_ok=True)
        os.replace(staged, final)
    except IsADirectoryError:  # a folder of the last build, with files no build made
        shutil.rmtree(final)
        os.replace(staged, final)


def _remove_file(output: Path, path: str) -> None:
    """Delete one output file and the folders it leaves empty."""
    (output / path).unlink(missing_ok=True)
    folder = (output / path).parent
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new, empty folder in ``parent`` named ``prefix`` and random letters, whose mode
    follows the umask like every folder a build makes. (``tempfile.mkdtemp`` makes a
    private one: the first build's output, moved in whole, was unreadable to a web
    server running as another user.)"""
    while True:
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder


def remove_stale(output: Path, expected: set[str], keep: tuple[str, ...] = ()) -> list[str]:
    """Delete files below ``output`` not in ``expected``, and folders left empty,
    except in the top-level folders named in ``keep``."""
    removed = []
    for current, dirs, files in os.walk(output, topdown=False):
        folder = Path(current)
        relative = folder.relative_to(output).as_posix()
        if relative.split("/", 1)[0] in keep:
            continue
        prefix = "" if relative == "." else relative + "/"
        for name in files:
            if prefix + name not in expected:
                (folder / name).unlink()
                removed.append(prefix + name)
        for name in dirs:
            child = folder / name
            if child.is_symlink():
                child.unlink()
            elif not any(child.iterdir()):
                child.rmdir()
    return sorted(removed)
