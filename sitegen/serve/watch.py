"""Watch the files a build reads, with watchdog, and report which ones changed.

Watched: ``site.toml``, ``content/``, ``static/`` and ``theme/`` of the site, and
the built-in theme when it is being developed (a checkout, not an installed
package). The site folder itself is watched without its subfolders, so that
``.git/``, the output folder, ``.sitegen-cache/`` and anything else in it cost
nothing; a watched folder created later (a first ``theme/``) is picked up then.

The preview's own output is in the site's cache folder (``.sitegen-cache/serve/<addr>/``):
when it is deleted or moved away, itself or any folder it is in, the preview is built
again at once. The folders above it are watched without their subfolders, and for
folders only, so a build writing into them costs nothing.

Only writes count: created, modified, closed after writing, moved, deleted. The
build reading files makes "opened" events, which must never start another build.
Each change says whether it leaves its files whole (closed after writing, moved,
deleted), so that a save is built at once rather than after a quiet spell, or
whether a file was written to and is not closed yet: where the watcher reports
closes (Linux's inotify), the build waits for it.
Hidden files and editor leftovers (``.#a.md``, ``a.md~``, ``4913``) are ignored;
an editor that saves to a temporary file and renames it is seen by the rename.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Literal

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from sitegen.config import CONFIG_FILE
from sitegen.discover import (
    CONTENT_DIR,
    STATIC_DIR,
    THEME_DIR,
    builtin_theme_dir,
    is_hidden_path,
    is_ignored,
)
from sitegen.errors import SiteError

SITE_FOLDERS = (CONTENT_DIR, STATIC_DIR, THEME_DIR)
BUILTIN_LABEL = "(built-in theme)"
_COMPLETING = {"closed", "moved", "deleted"}  # events after which a file is whole
_REMOVING = {"moved", "deleted"}  # events that take a path away (or move one into its place)
_FOLDER_EVENTS: list[type[FileSystemEvent]] = [DirCreatedEvent, DirMovedEvent, DirDeletedEvent]
_WRITE_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileMovedEvent, FileDeletedEvent,
    *_FOLDER_EVENTS,
]  # fmt: skip

# What a change leaves its files as: "whole" (closed after writing, moved into place,
# deleted); "open": written to and not closed yet, and the close will be told; "unsure":
# they may be written to more, and no event may tell when that ends (a file just made,
# or moved in from outside the site; a write where no closes are reported).
Writing = Literal["whole", "open", "unsure"]
OnChange = Callable[[set[str], Writing], None]  # the changed paths, and what it leaves them


def is_relevant(relative: str) -> bool:
    """Whether a change of the site-relative path ``relative`` can change the site."""
    parts = PurePosixPath(relative).parts
    if not parts or is_hidden_path("/".join(parts)):  # static/.well-known/ is not
        return False
    return relative == CONFIG_FILE or parts[0] in SITE_FOLDERS


def is_developed(theme_dir: Path) -> bool:
    """Whether the built-in theme is a checkout being worked on, not an installed package."""
    return not {"site-packages", "dist-packages"} & set(theme_dir.resolve().parts)


class Watcher:
    """Calls ``on_change`` with the changed paths (site-relative, or labelled for the
    built-in theme) from watchdog's thread."""

    def __init__(
        self,
        site_dir: Path,
        on_change: OnChange,
        builtin: Path | None = None,
        output: Path | None = None,
    ) -> None:
        """``builtin``: the built-in theme (by default the one sitegen renders with);
        ``output``: a folder inside the site reported as changed when it goes away."""
        self.site_dir = site_dir.resolve()
        self.on_change = on_change
        self.builtin = (builtin or builtin_theme_dir()).resolve()
        # The output and the folders it is in, top down (.sitegen-cache, …/serve, …/serve/x).
        self._output_path: list[str] = []
        if output is not None:
            relative = PurePosixPath(output.resolve().relative_to(self.site_dir))
            folders = [*reversed(relative.parents), relative]
            self._output_path = [folder.as_posix() for folder in folders if folder.parts]
        self._observer: BaseObserver = Observer()
        self._closes = _reports_closes(self._observer)
        self._watches: dict[str, ObservedWatch] = {}
        self._gone: set[str] = set()  # folders of the output path whose watch went with them
        self._lock = threading.Lock()  # watches are added from watchdog's thread too

    def start(self) -> None:
        """Start watching; the operating system's limit on watches is a clear error."""
        try:
            site_writes = _Writes(self._site_event)
            self._schedule(site_writes, self.site_dir, recursive=False)
            for name in SITE_FOLDERS:
                self._watch_folder(name)
            self._watch_above_output()
            builtin = self.builtin
            if is_developed(builtin) and builtin != (self.site_dir / THEME_DIR).resolve():
                builtin_writes = _Writes(self._builtin_event)
                self._schedule(builtin_writes, builtin, recursive=True)
            self._observer.start()
        except OSError as error:
            raise SiteError.at(
                "",
                0,
                f"cannot watch the site's files: {error.strerror or error}",
                "on Linux, raise fs.inotify.max_user_instances or max_user_watches",
            ) from None

    def close(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join()

    def _watch_folder(
        self,
        name: str,
        recursive: bool = True,
        events: list[type[FileSystemEvent]] = _WRITE_EVENTS,
    ) -> None:
        """Watch ``site_dir/name`` (again, when it was replaced): its ``events``."""
        folder = self.site_dir / name
        with self._lock:
            old = self._watches.pop(name, None)
            if old is not None:
                with contextlib.suppress(KeyError):  # its folder went, and its emitter with it
                    self._observer.unschedule(old)
            if folder.is_dir():
                handler = _Writes(self._site_event)
                self._watches[name] = self._schedule(handler, folder, recursive, events)

    def _watch_above_output(self) -> None:
        """Watch the folders the output is in, top down, for folders made, moved and
        deleted: each one there now that is not watched yet, or was made anew.

        A watch that still works is left alone: stopping one while it reads an event
        makes watchdog log an error. (Called from watchdog's thread, and before it starts.)
        """
        for name in self._output_path[:-1]:
            if not (self.site_dir / name).is_dir():
                return  # nor is anything in it
            if name in self._gone or name not in self._watches:
                self._watch_folder(name, recursive=False, events=_FOLDER_EVENTS)
                self._gone.discard(name)

    def _schedule(
        self,
        handler: _Writes,
        folder: Path,
        recursive: bool,
        events: list[type[FileSystemEvent]] = _WRITE_EVENTS,
    ) -> ObservedWatch:
        # Only writes, asked of the operating system itself: a build that reads 10,000
        # files would otherwise queue 20,000 "opened" and "closed" events, enough to
        # overflow Linux's inotify queue, which loses events without telling anyone.
        return self._observer.schedule(
            handler, str(folder), recursive=recursive, event_filter=events
        )

    def _site_event(self, event: FileSystemEvent) -> None:
        changed = set()
        paths = _paths(event)
        taken = paths[0] if event.event_type in _REMOVING else None  # deleted or moved away
        output_gone = False
        for path in paths:
            relative = _relative(path, self.site_dir)
            if relative is None:
                continue
            if relative in self._output_path:  # the output, or a folder it is in
                if path == taken:  # and the folders in it: their watches watch nothing now
                    output_gone = True
                    self._gone.update(self._output_path[self._output_path.index(relative) : -1])
                else:
                    self._watch_above_output()  # made: watch it, and what is in it now
                continue
            if not is_relevant(relative):
                continue
            changed.add(relative)
            if relative in SITE_FOLDERS and event.is_directory:
                self._watch_folder(relative)  # created, replaced or gone: watch what is there now
        if changed:
            self.on_change(changed, self._writing(event))
        if output_gone:
            # Reported as a change still going on: removing a folder above the output
            # (rm -rf .sitegen-cache) removes the output first, and the build waits for
            # a quiet moment rather than write into a folder still being removed.
            self.on_change({self._output_path[-1]}, "unsure")

    def _builtin_event(self, event: FileSystemEvent) -> None:
        changed = {
            f"{BUILTIN_LABEL} {relative}"
            for relative in (_relative(path, self.builtin) for path in _paths(event))
            if relative and not any(is_ignored(part) for part in PurePosixPath(relative).parts)
        }
        if changed:
            self.on_change(changed, self._writing(event))

    def _writing(self, event: FileSystemEvent) -> Writing:
        """What ``event`` leaves its paths as (see Writing)."""
        if event.is_directory or event.event_type in _COMPLETING:
            return "whole"
        if event.event_type == "modified" and self._closes:
            return "open"  # written to through a file not closed yet: its close will come
        return "unsure"


class _Writes(FileSystemEventHandler):
    """Passes the events of one watch to ``on_write``: writes only (see _schedule; a
    folder's own "modified", which only says that an entry inside changed, is not one)."""

    def __init__(self, on_write: Callable[[FileSystemEvent], None]) -> None:
        self.on_write = on_write

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.on_write(event)


def _reports_closes(observer: BaseObserver) -> bool:
    """Whether ``observer`` tells when a file written to is closed (inotify's
    IN_CLOSE_WRITE); the others (macOS, Windows, polling) tell only of writes."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except (ImportError, OSError):  # not Linux
        return False
    return isinstance(observer, InotifyObserver)


def _paths(event: FileSystemEvent) -> list[str]:
    paths: Iterable[str | bytes] = [event.src_path]
    if event.event_type == "moved":
        paths = [event.src_path, event.dest_path]
    return [os.fsdecode(path) for path in paths]


def _relative(path: str, root: Path) -> str | None:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return None
