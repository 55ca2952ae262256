"""``sitegen serve``: a live preview that never lies, never dies and never leaks.

A :class:`Preview` keeps one :class:`~sitegen.build.Builder` for its whole life
and builds into a folder of its own in ``.sitegen-cache/serve/`` (never into
``public/``). It serves that folder on 127.0.0.1 as a static host would, watches
the site's files, rebuilds after every burst of changes and tells open pages to
reload, or shows them the problems of a failed build while the last good site
stays served.

Threads: watchdog's observer, one builder thread, and the HTTP server's thread
with one thread per request. :meth:`Preview.close` ends and joins them all.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from sitegen.build import Builder, BuildOptions
from sitegen.cache import CACHE_DIR
from sitegen.config import CONFIG_FILE
from sitegen.errors import SiteError
from sitegen.output import staging_folders, staging_owner
from sitegen.serve.live import LiveState
from sitegen.serve.rebuild import Rebuilder, Round
from sitegen.serve.server import PreviewServer, is_listening, is_loopback
from sitegen.serve.watch import Watcher
from sitegen.workers import halt_workers

__all__ = ["Preview", "is_loopback", "preview_url", "run_until_interrupted"]

Log = Callable[[str], None]
# Said once a page asks for the search index, which the preview does not make: its search
# page tells readers only that search is unavailable.
NO_SEARCH_INDEX = (
    "search: the preview makes no search index, so its search page says search is"
    " unavailable (hint: sitegen build makes the index, with Pagefind installed)"
)
ABANDON_WITHIN = 2.0  # seconds a second Ctrl-C waits for the build to move files in


def preview_url(host: str, port: int) -> str:
    """The address to open: a wildcard host is reached as ``localhost``."""
    if host in ("", "0.0.0.0", "::"):
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


class Preview:
    """A live preview of the site in ``site_dir``; use it as a context manager."""

    def __init__(
        self,
        site_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        drafts: bool = False,
        future: bool = False,
        expired: bool = False,
        log: Log = print,
        quiet: float = 0.05,
    ) -> None:
        if not (site_dir / CONFIG_FILE).is_file():
            raise SiteError.at(
                CONFIG_FILE, 0, "no site.toml in this folder", "run 'sitegen init DIR' first"
            )
        self.log = log
        self.live = LiveState()
        self._told_unindexed = threading.Event()
        try:
            self.server = PreviewServer((host, port), self)
        except OSError as error:
            raise SiteError.at(
                "",
                0,
                f"cannot serve on {host}:{port}: {error.strerror or error}",
                "choose another port with --port, or --port 0 for any free one",
            ) from None
        # A folder per address: the bound port keeps two previews of one site apart, and a
        # restart on the same port finds its last output, so the build cache redoes only
        # what changed. A folder of a port chosen at random (--port 0) is not kept.
        self.output = site_dir / CACHE_DIR / "serve" / folder_name(host, self.server.port)
        self._keep_output = port != 0
        remove_abandoned_staging(self.output.parent)
        self.url = preview_url(host, self.server.port)
        # No search index: Pagefind reads the whole site on every run (about 25 s for
        # 10,000 articles), far too slow for a save; the search page says it is unavailable.
        # It keeps the model in memory for the next save, so it never takes the shortcut
        # of a build that finds nothing changed (that shortcut leaves the model unread).
        options = BuildOptions(
            drafts=drafts,
            future=future,
            expired=expired,
            base_url=self.url,
            output=self.output,
            search=False,
            shortcut=False,
            preview=True,
        )
        self.builder = Builder(site_dir, options)
        self.rebuilder = Rebuilder(self.builder, self.live, self._report, quiet=quiet)
        self.watcher = Watcher(site_dir, self.rebuilder.changed, output=self.output)
        self._http = threading.Thread(
            target=self.server.serve_forever, args=(0.1,), name="sitegen-serve-http"
        )  # polls for shutdown every 0.1 s: Ctrl-C ends the preview at once

    @property
    def lock(self) -> threading.Lock:
        """Held while the output folder changes (and by requests while they read it)."""
        return self.builder.lock

    def start(self) -> None:
        """Watch, build once, then answer requests (those that came early wait for the build)."""
        self.watcher.start()
        self.rebuilder.build()
        self.rebuilder.start()
        self._http.start()

    def wait(self) -> None:
        """Block until interrupted (Ctrl-C)."""
        threading.Event().wait()

    def close(self) -> None:
        """Stop watching and serving, let a build in progress finish, join every thread,
        and remove the output of a random port (``--port 0``)."""
        # Every step runs even when one before it fails; they run last registered first.
        with contextlib.ExitStack() as steps:
            if not self._keep_output:
                steps.callback(shutil.rmtree, self.output, ignore_errors=True)
            steps.callback(self.rebuilder.close)
            steps.callback(self.server.server_close)  # joins the request threads
            steps.callback(self._stop_serving)
            steps.callback(self.live.close)  # ends the reload streams, so they can be joined
            steps.callback(self.watcher.close)

    def abandon(self) -> Callable[[], None] | None:
        """Before quitting at once, without waiting for the build in progress: halt its
        workers, and remove its staging folder and the output of a random port
        (``--port 0``), unless the build is moving files in (the lock that keeps it
        from doing so is taken and kept, the process ending right after).

        Returns what ends the workers, to call last (see workers.halt_workers), or
        None when something had to be left behind (then they are already ended)."""
        end_workers = halt_workers()
        if not self.lock.acquire(timeout=ABANDON_WITHIN):
            end_workers()
            return None
        folders = staging_folders(self.output)
        if not self._keep_output:
            folders.append(self.output)
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        if any(folder.exists() for folder in folders):
            end_workers()
            return None
        return end_workers

    def _stop_serving(self) -> None:
        if self._http.is_alive():
            self.server.shutdown()
            self._http.join()

    def __enter__(self) -> Preview:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def unindexed(self) -> None:
        """A page asked for the search index: the terminal says, once, why there is none."""
        if not self._told_unindexed.is_set():
            self._told_unindexed.set()
            self.log(NO_SEARCH_INDEX)

    def _report(self, done: Round) -> None:
        for line in describe_round(done):
            self.log(line)


def run_until_interrupted(preview: Preview, ready: Callable[[], None]) -> None:
    """Start ``preview``, call ``ready``, serve until Ctrl-C or SIGTERM, then close it.

    Closing waits for a build in progress, and says so; a second Ctrl-C meanwhile
    quits at once (see Preview.abandon). Call it from the main thread: it sets signal
    handlers (and restores them).
    """
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in signals}
    for number in signals:
        signal.signal(number, signal.default_int_handler)
    try:
        preview.start()
        ready()
        preview.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for number in signals:
            signal.signal(number, functools.partial(_quit_at_once, preview))
        if preview.rebuilder.busy:  # a template that loops for ever: the user is told
            print(WAITING, file=sys.stderr, flush=True)
        try:
            preview.close()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


WAITING = "sitegen: waiting for the build in progress to finish; press Ctrl-C again to quit at once"


def _quit_at_once(preview: Preview, number: int, frame: object) -> None:
    end_workers = preview.abandon()
    if end_workers is not None:
        print("sitegen: quit without waiting for the build", file=sys.stderr, flush=True)
        end_workers()
    else:
        left = preview.output.parent.relative_to(preview.builder.site_dir)
        print(f"sitegen: quit without cleaning up {left}/", file=sys.stderr, flush=True)
    os._exit(128 + number)


def folder_name(host: str, port: int) -> str:
    """The name of the output folder of the preview at ``host:port``."""
    return f"{host}-{port}".replace(":", "_")


def remove_abandoned_staging(serve_dir: Path) -> None:
    """Remove the staging folders that previews of this site which are no longer
    running left in ``serve_dir`` (one killed, or quit at once while it moved files
    in): whatever their port, as long as nothing answers at their address. Those of
    a preview still running (on another port) are left alone."""
    for folder in serve_dir.glob(".*"):
        output = staging_owner(folder)
        if output is None:
            continue
        host, _, port = output.name.rpartition("-")
        if port.isdigit() and not is_listening(host.replace("_", ":"), int(port)):
            shutil.rmtree(folder, ignore_errors=True)


def describe_round(done: Round) -> list[str]:
    """The terminal lines for one build."""
    cause = "an article's date or expiry came: " if done.timed else _cause(done.paths)
    if done.overtaken:
        return [f"{cause}build overtaken by more changes; building again"]
    if done.result is None:
        count = sum(p.is_error for p in done.problems)  # told with the warnings
        kept = "the preview keeps the last good site" if cause else "serving anyway"
        lines = [f"{cause}build failed ({count} error{'s' if count != 1 else ''}); {kept}"]
        lines += [str(problem) for problem in done.problems]
        return lines + ([done.details.rstrip()] if done.details else [])
    result = done.result
    if cause:
        head = f"{cause}rebuilt in {done.seconds:.2f} s ({result.changed} files changed)"
    else:
        articles, plural = result.articles, "s" if result.articles != 1 else ""
        head = (
            f"built {articles} article{plural}, {result.files} files "
            f"({result.changed} changed) in {done.seconds:.2f} s"
        )
    return [head, *(str(warning) for warning in result.warnings)]


def _cause(paths: tuple[str, ...]) -> str:
    if not paths:
        return ""
    more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
    return f"{paths[0]}{more} changed: "
