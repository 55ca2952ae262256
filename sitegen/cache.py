"""The build cache in ``.sitegen-cache/``: what earlier builds read and wrote.

Five tables, all keyed so that a hit can only ever give what a fresh build would:

- ``stats``: source path → (size, mtime_ns, content digest). Only an index that
  saves hashing unchanged files; the content digest is the real key.
- ``reads``: read key → the pickled result of reading one source. The key covers
  the source's bytes and path, the settings reading depends on (``Config.reading``),
  the shared calculators and the sitegen version. The results of the few sets of
  those used last are kept (a site under a path is previewed at the root of
  ``serve``'s origin, and built under its path), so switching between them reads
  nothing again.
- ``outputs``: (output folder, path) → (page fingerprint, content digest, size,
  mtime_ns, whether it is a page for the search index, the fields of the site view
  it depends on, where its shared parts are) of the file as the last build into that
  folder left it, so unchanged pages are neither rendered nor written, a page whose
  shared parts alone changed gets them put in anew, a file changed by hand is
  noticed, and the search index is given only its pages.
- ``builds``: output folder → the :class:`LastBuild` into it: a stamp of all its
  inputs and what it reported, so a build whose inputs are all unchanged can stop
  after comparing stamps.
- ``memos``: name → what a stage computed from the whole site, with the digest of
  what it was computed from, for the next process: the related articles' ranking.

SQLite writes only the rows that changed, so saving after a one-article edit is
cheap. A cache that is corrupt, from another format or made by other code (another
sitegen version, or a checkout whose files changed since: see code_version) is
detected, thrown away and rebuilt; it can never break a build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import pickle
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sitegen import __version__
from sitegen.errors import Problem, SiteError

CACHE_DIR = ".sitegen-cache"
WAIT_FOR_OTHER_BUILD = 600  # seconds
_FORMAT = "7"
KEPT_CONFIGURATIONS = 3  # sets of reading settings (Config.reading) whose results are kept
_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS stats (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest TEXT
);
CREATE TABLE IF NOT EXISTS reads (key TEXT PRIMARY KEY, base TEXT NOT NULL, result BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS reads_by_base ON reads (base);
CREATE TABLE IF NOT EXISTS bases (base TEXT PRIMARY KEY, used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (
    root TEXT, path TEXT, fingerprint TEXT, digest TEXT, size INTEGER, mtime_ns INTEGER,
    for_search INTEGER, read TEXT, parts TEXT, PRIMARY KEY (root, path)
);
CREATE TABLE IF NOT EXISTS builds (root TEXT PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS memos (name TEXT PRIMARY KEY, value BLOB NOT NULL)
"""


class Written(NamedTuple):
    """An output file as a build left it. (A named tuple: a build loads one for each of
    its 14,000 files, three times as fast as a frozen dataclass.)"""

    fingerprint: str
    digest: str
    size: int
    mtime_ns: int
    for_search: bool  # a page that marks what the search index takes (see search.py)
    read: frozenset[str] = frozenset()  # the fields of the site view a page depends on
    parts: tuple[Part, ...] = ()  # where its shared parts are (see Theme.shared)


# A shared part in a page: its template, its digest, and where its bytes start and end.
Part = tuple[str, str, int, int]


def _parts(text: str) -> tuple[Part, ...]:
    """The parts of a page as the cache holds them: four fields each, NUL-separated."""
    if not text:
        return ()
    f = text.split("\0")
    return tuple((f[i], f[i + 1], int(f[i + 2]), int(f[i + 3])) for i in range(0, len(f), 4))


@dataclass(frozen=True)
class LastBuild:
    """The last build into an output folder: what it was made from and what it reported."""

    stamp: str  # a digest of every input of the build (see Builder)
    due: dt.datetime | None  # when an article comes due or expires (BuildResult.due)
    articles: int  # articles published
    pages: int  # standalone pages published
    files: int  # files in the output
    warnings: tuple[Problem, ...]

    def holds(self, stamp: str, now: dt.datetime) -> bool:
        """A build with inputs ``stamp`` at ``now`` would make exactly what this one made."""
        return stamp == self.stamp and (self.due is None or now < self.due)


class _Foreign(sqlite3.DatabaseError):
    """A cache written by another format or version of sitegen."""


_FULL_HINT = "free some space on the disk; the cache is safe to delete"


def _is(error: sqlite3.Error, *names: str) -> bool:
    """Whether SQLite's (extended) error code of ``error`` is one of ``names``."""
    return getattr(error, "sqlite_errorname", "").startswith(names)


@functools.cache
def code_version() -> str:
    """sitegen's version and a digest of its own files. Cached results are pickled
    records of sitegen's classes, and cached pages its output: code that changed
    without a new version number (a checkout being worked on) must not read them."""
    return f"{__version__}+{files_digest(Path(__file__).parent)}"


def compiled_templates(site_dir: Path) -> Path | None:
    """The folder of the site's compiled templates for this code version (see
    Theme); those of other versions are removed. None when it cannot be made (a
    full disk): templates are then compiled on each build."""
    folder = site_dir / CACHE_DIR / "templates"
    mine = folder / code_version().rsplit("+", 1)[1]
    if not mine.is_dir():
        if folder.is_dir():
            for other in folder.iterdir():
                shutil.rmtree(other, ignore_errors=True)
        try:
            mine.mkdir(parents=True, exist_ok=True)
            _ignore_in_git(site_dir / CACHE_DIR)
        except OSError:
            return None
    return mine


def files_digest(folder: Path) -> str:
    """A digest of the names and bytes of every file below ``folder`` but bytecode."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class BuildCache:
    """The on-disk cache of one site. Use as a context manager; ``save`` commits.

    Builds of one site take turns: a build holds the cache's write lock from
    opening it to closing it, and another build of the site (``serve``'s after a
    save, while ``build`` or ``publish`` runs in another terminal) waits for it,
    up to :data:`WAIT_FOR_OTHER_BUILD` seconds. A busy cache is never taken for a
    corrupt one.
    """

    def __init__(self, site_dir: Path, name: str = "build.sqlite3", fresh: bool = False) -> None:
        """Open the cache of the site in ``site_dir``; ``fresh`` throws the old one away."""
        folder = site_dir / CACHE_DIR
        self.path = folder / name
        try:
            folder.mkdir(exist_ok=True)
            _ignore_in_git(folder)
        except OSError as error:
            raise self._unwritable(error.strerror or str(error)) from None
        if fresh:
            self.path.unlink(missing_ok=True)
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        for attempt in range(2):
            db: sqlite3.Connection | None = None
            try:
                db = sqlite3.connect(self.path, isolation_level=None, timeout=WAIT_FOR_OTHER_BUILD)
                db.execute("BEGIN IMMEDIATE")  # builds of one site take turns: see the class
                db.execute(_META)
                stamp = dict(db.execute("SELECT key, value FROM meta").fetchall())
                if stamp and stamp != {"format": _FORMAT, "version": code_version()}:
                    raise _Foreign("a cache of another format or version")
                for statement in _SCHEMA.split(";"):  # only once the format is known to be ours
                    db.execute(statement)
                if not stamp:
                    db.executemany(
                        "INSERT INTO meta VALUES (?, ?)",
                        [("format", _FORMAT), ("version", code_version())],
                    )
                return db
            except sqlite3.Error as error:
                if db is not None:
                    with contextlib.suppress(sqlite3.Error):
                        db.close()
                if _is(error, "SQLITE_BUSY", "SQLITE_LOCKED"):
                    raise SiteError.at(
                        f"{CACHE_DIR}/{self.path.name}",
                        0,
                        "another sitegen build of this site is still running "
                        f"(waited {WAIT_FOR_OTHER_BUILD} s for it)",
                        "let it finish (a preview builds after each save), then try again",
                    ) from None
                if _is(error, "SQLITE_FULL", "SQLITE_IOERR"):
                    raise self._unwritable(str(error)) from None
                if attempt or not (
                    isinstance(error, _Foreign) or _is(error, "SQLITE_CORRUPT", "SQLITE_NOTADB")
                ):
                    raise
                self.path.unlink(missing_ok=True)  # corrupt or foreign: start afresh
        raise AssertionError("unreachable")

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        self.close()
        if isinstance(error, sqlite3.Error) and _is(error, "SQLITE_FULL", "SQLITE_IOERR"):
            raise self._unwritable(str(error)) from None

    def _unwritable(self, reason: str) -> SiteError:
        """The cache cannot be written (a full disk): nothing of this build was kept."""
        where = f"{CACHE_DIR}/{self.path.name}"
        return SiteError.at(where, 0, f"could not write the build cache: {reason}", _FULL_HINT)

    def close(self) -> None:
        """Close, discarding what was not saved."""
        with contextlib.suppress(sqlite3.Error):
            if self._db.in_transaction:
                self._db.rollback()
            self._db.close()

    def save(self) -> None:
        """Commit everything recorded since the last save."""
        self._db.commit()
        self._db.execute("BEGIN IMMEDIATE")

    # -- sources ----------------------------------------------------------

    def stats(self) -> dict[str, tuple[int, int, str]]:
        rows = self._db.execute("SELECT path, size, mtime_ns, digest FROM stats")
        return {path: (size, mtime, digest) for path, size, mtime, digest in rows}

    def put_stats(self, rows: Iterable[tuple[str, int, int, str]]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?)", rows)

    def reads(self, keys: Iterable[str]) -> dict[str, Any]:
        """The cached read results among ``keys``; unreadable entries count as misses."""
        found: dict[str, Any] = {}
        for chunk in _chunks(list(keys), 500):
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(
                f"SELECT key, result FROM reads WHERE key IN ({marks})", chunk
            ):
                with contextlib.suppress(Exception):  # a foreign pickle is only a miss
                    found[key] = pickle.loads(blob)
        return found

    def put_reads(self, base: str, items: Iterable[tuple[str, bytes]]) -> None:
        """Store read results made under ``base`` (what every read of a build depends on:
        Config.reading, the calculators, the version), already pickled (see :func:`pickled`)."""
        self._db.executemany(
            "INSERT OR REPLACE INTO reads VALUES (?, ?, ?)", ((k, base, r) for k, r in items)
        )

    def forget_reads(
        self, base: str, stale: Iterable[str] | None, *, keep: Iterable[str] = ()
    ) -> None:
        """Drop the results of ``base`` that no source needs any more — ``stale``, or when
        the caller does not know them, every one not in ``keep`` — and those of all but
        the sets of reading settings used last, so that the cache does not grow forever."""
        if stale is None:
            needed = set(keep)
            rows = self._db.execute("SELECT key FROM reads WHERE base = ?", (base,))
            stale = [key for (key,) in rows if key not in needed]
        for chunk in _chunks(list(stale), 500):
            self._db.execute(
                f"DELETE FROM reads WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )
        self._db.execute(
            "INSERT OR REPLACE INTO bases SELECT ?, COALESCE(MAX(used), 0) + 1 FROM bases", (base,)
        )
        recent = "SELECT base FROM bases ORDER BY used DESC LIMIT ?"
        evicted = self._db.execute(
            f"DELETE FROM bases WHERE base NOT IN ({recent})", (KEPT_CONFIGURATIONS,)
        )
        if evicted.rowcount:
            self._db.execute("DELETE FROM reads WHERE base NOT IN (SELECT base FROM bases)")

    # -- outputs ----------------------------------------------------------

    def outputs(self, root: Path) -> dict[str, Written]:
        """What the last build into the folder ``root`` left there."""
        rows = self._db.execute(
            "SELECT path, fingerprint, digest, size, mtime_ns, for_search, read, parts"
            " FROM outputs WHERE root = ?",
            (str(root.resolve()),),
        )
        sets: dict[str, frozenset[str]] = {}  # one object for each set (see WriterMemory)

        def fields(read: str) -> frozenset[str]:
            if read not in sets:
                sets[read] = frozenset(read.split())
            return sets[read]

        return {
            path: Written(
                print_,
                digest,
                size,
                mtime_ns,
                bool(for_search),
                fields(read),
                _parts(parts),
            )
            for path, print_, digest, size, mtime_ns, for_search, read, parts in rows
        }

    def update_outputs(
        self, root: Path, changed: dict[str, Written], removed: Iterable[str]
    ) -> None:
        """Record files written (or re-fingerprinted) and files removed by a build into ``root``."""
        folder = str(root.resolve())
        self._db.executemany(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    folder,
                    p,
                    w.fingerprint,
                    w.digest,
                    w.size,
                    w.mtime_ns,
                    w.for_search,
                    " ".join(sorted(w.read)),
                    "\0".join(f"{t}\0{d}\0{a}\0{b}" for t, d, a, b in w.parts),
                )
                for p, w in changed.items()
            ),
        )
        self._db.executemany(
            "DELETE FROM outputs WHERE root = ? AND path = ?", ((folder, p) for p in removed)
        )

    def last_build(self, root: Path) -> LastBuild | None:
        row = self._db.execute(
            "SELECT record FROM builds WHERE root = ?", (str(root.resolve()),)
        ).fetchone()
        if row is None:
            return None
        with contextlib.suppress(Exception):  # a foreign pickle is only a miss
            record = pickle.loads(row[0])
            if isinstance(record, LastBuild):
                return record
        return None

    def put_last_build(self, root: Path, record: LastBuild) -> None:
        """Record the build just made into ``root``."""
        row = (str(root.resolve()), pickled(record))
        self._db.execute("INSERT OR REPLACE INTO builds VALUES (?, ?)", row)

    # -- memos --------------------------------------------------------------

    def memo(self, name: str) -> Any:
        """The value last stored as ``name``, or None. It carries the digest of what it
        was made from, which its user compares before trusting it."""
        row = self._db.execute("SELECT value FROM memos WHERE name = ?", (name,)).fetchone()
        with contextlib.suppress(Exception):  # a foreign pickle is only a miss
            return pickle.loads(row[0]) if row else None
        return None

    def put_memo(self, name: str, value: object) -> None:
        self._db.execute("INSERT OR REPLACE INTO memos VALUES (?, ?)", (name, pickled(value)))


def pickled(value: Any) -> bytes:
    """``value`` as the cache stores it."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _ignore_in_git(folder: Path) -> None:
    """Keep the cache out of version control even where .gitignore does not say so."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", "utf-8")
