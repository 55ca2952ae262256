"""The builds of a preview: the first at start, then one per burst of changes.

Changes are reported from the watcher's thread; one builder thread waits until
a burst of them is over (an editor's save is often several events: a temporary
file, a rename, a touch; a tool, several saves in a row), then builds once for the
whole burst. A burst is over when every file written in it is complete (closed
after writing, moved into place or deleted) and ``settle`` passed without events.
A file written to and not closed yet (a writer that holds it open between chunks)
holds the burst back until its close, for at most ``hold``; one that may still be
written with no close to tell (a file just made; a platform whose watcher reports
no closes) ends it after a ``quiet`` spell. Changes that arrive during a build
are collected for the next one, so none is lost and builds never overlap. A build
that fails, whatever the reason, is reported and published; it never ends the
thread, and one that more changes overtook is told by the next build instead.

The clock starts builds too: when an article's date comes (a scheduled article) or
its expiry date passes, the preview builds with no file changed, so what it shows is
what a build at that moment would publish.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.build import Builder, BuildResult
from sitegen.config import load_config
from sitegen.errors import Problem, SiteError
from sitegen.serve.files import INDEX
from sitegen.serve.live import LiveState
from sitegen.serve.watch import Writing
from sitegen.workers import gc_paused, settle


@dataclass(frozen=True)
class Round:
    """One build of the preview and what came of it."""

    paths: tuple[str, ...]  # the changes that started it; empty for the first build
    result: BuildResult | None  # None when the build failed
    problems: tuple[Problem, ...]  # the errors of a failed build
    seconds: float
    details: str = ""  # the traceback of an unexpected error, for the terminal only
    timed: bool = False  # started by the clock: an article came due or expired
    # Failed while more changes came, which the next build, starting at once, is
    # made from: its outcome is the one told (a build whose output folder or cache
    # was deleted under it fails, and the deletion itself builds again).
    overtaken: bool = False


Report = Callable[[Round], None]
HEARD_WITHIN = 0.25  # seconds the pages have to hear of a build before it is tidied up
GONE_HEARD_WITHIN = 1.0  # seconds the watcher has to tell of a file a failed build found gone
# Seconds without events that end a burst of complete saves: a save after a quiet
# spell builds at once; while saves keep coming (during the last build, or within
# BURST after it), a tool's or an editor's that formats or saves again, those up to
# 50 ms apart make one build, so a burst makes two at the most, not one a save.
SETTLE = 0.01
BURST_SETTLE = 0.05
BURST = 0.25
LONGEST_WAIT = 600.0  # seconds between looks at the clock while waiting for an article's time


class Rebuilder:
    """Runs ``builder`` on one thread whenever the site changes, publishing to ``live``."""

    def __init__(
        self,
        builder: Builder,
        live: LiveState,
        report: Report,
        *,
        quiet: float = 0.05,
        settle: float = SETTLE,
        burst_settle: float = BURST_SETTLE,
        patience: float = 1.0,
        hold: float = 5.0,
    ) -> None:
        """``settle``: seconds without events that end a burst whose files are complete
        (``burst_settle`` during the last build or within BURST after it);
        ``quiet``: the same when a file may still be written and no close will tell;
        ``patience``: the longest such a burst may delay its build (a tool that writes
        without pause still gets previews); ``hold``: the longest a file open for
        writing may delay it."""
        self.builder = builder
        self.live = live
        self.report = report
        self.quiet = quiet
        self.settle = settle
        self.burst_settle = burst_settle
        self._last_end = -BURST  # when the last build ended
        self._urls: dict[str, str] = {}  # each article's and page's URL by its source
        self.patience = patience
        self.hold = hold
        self._language = "ja"
        self._pending: set[str] = set()
        self._open: set[str] = set()  # pending paths written to, whose close will be told
        self._unsure: set[str] = set()  # pending paths that may be written to, untold
        self._first_event = self._last_event = 0.0
        self._due: dt.datetime | None = None  # see BuildResult.due
        self._closed = False
        self.busy = False  # a build is running (see close)
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="sitegen-rebuild")

    def changed(self, paths: Iterable[str], state: Writing = "unsure") -> None:
        """Note changed files (any thread); a build follows once the burst is over.
        ``state``: whether the change leaves them whole (see Writing)."""
        now = time.monotonic()
        with self._wake:
            if not self._pending:
                self._first_event = now
            paths = set(paths)
            self._pending |= paths
            if state == "open":
                self._open |= paths
            elif state == "unsure":
                self._unsure |= paths
            if state != "unsure":  # a file written to is no longer just made, but open
                self._unsure -= paths
            if state == "whole":
                self._open -= paths
            self._last_event = now
            self._wake.notify()

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop after the build in progress, if any (``busy``); pending changes are
        dropped."""
        with self._wake:
            self._closed = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while True:
            paths = self._next_burst()
            if paths is None:
                return
            self.build(paths, timed=not paths)
            self._last_end = time.monotonic()

    def _next_burst(self) -> tuple[str, ...] | None:
        """Wait for a burst of changes to end, or for an article's time to come: the
        burst's paths (none for the clock), or None once closed."""
        with self._wake:
            while not (self._closed or self._pending):
                wait = self._until_due()
                if wait is not None and wait <= 0:
                    return ()
                self._wake.wait(min(wait, LONGEST_WAIT) if wait is not None else None)
            while not self._closed:
                now = time.monotonic()
                if self._open:  # its close wakes this thread
                    due = self._first_event + self.hold
                else:
                    in_burst = self._first_event - self._last_end < BURST
                    settle = self.burst_settle if in_burst else self.settle
                    calm = self.quiet if self._unsure else settle
                    due = min(self._last_event + calm, self._first_event + self.patience)
                if now >= due:
                    break
                self._wake.wait(due - now)
            if self._closed:
                return None
            paths, self._pending = tuple(sorted(self._pending)), set()
            self._open, self._unsure = set(), set()
            return paths

    def _until_due(self) -> float | None:
        """Seconds until the last build's selection changes with the clock; None: never."""
        if self._due is None:
            return None
        return (self._due - dt.datetime.now(dt.UTC)).total_seconds()

    def build(self, paths: tuple[str, ...] = (), timed: bool = False) -> Round:
        """Build now, publish the outcome to open pages and report it. ``timed``: the
        clock asked for it, no file changed."""
        # The collector stays paused until the news is out: resumed at the end of the
        # build, it would at once walk everything the build made (15 ms at 10,000
        # articles) before a page heard of it. settle() then collects and freezes.
        self.busy = True
        try:
            with gc_paused():
                return self._build(paths, timed)
        finally:
            self.busy = False

    def _build(self, paths: tuple[str, ...], timed: bool) -> Round:
        start = time.perf_counter()
        self._due = None  # the build tells anew (a failed one cannot: the next save will)
        try:
            result = self.builder.build(paths)  # the watcher hears of every write
        except SiteError as error:
            done = Round(paths, None, error.problems, time.perf_counter() - start, timed=timed)
        except Exception as error:  # a bug or an unreadable file must not end the preview
            problem = crash_problem(error, self._known_folders())
            details = "".join(traceback.format_exception(error))
            done = Round(paths, None, (problem,), time.perf_counter() - start, details, timed)
        else:
            self._language = result.config.language
            self._due = result.due
            self.live.built(result.changed > 0, self._language, self._moved(result))
            done = Round(paths, result, (), time.perf_counter() - start, timed=timed)
        if done.result is None:
            if self._overtaken(done.problems):
                done = dataclasses.replace(done, overtaken=True)
            else:
                self._language = self._configured_language()
                errors = tuple(p for p in done.problems if p.is_error)  # the page tells why
                self.live.failed(errors, self._language, self._unbuilt())
        self.report(done)
        # Collect the garbage only once every open page heard of the build: the collector
        # holds the interpreter, and the streams' threads need it to send the news.
        self.live.until_heard(timeout=HEARD_WITHIN)
        settle()
        return done

    def _moved(self, result: BuildResult) -> tuple[tuple[str, str], ...]:
        """The (old, new) URLs of the articles and pages whose address ``result`` changed:
        by their source, or a source renamed (one gone, one come) when its file's name
        gives its address."""
        if result.unchanged or not (result.written or result.removed):
            return ()
        site = result.site
        urls = {article.source: article.url for article in (*site.articles, *site.pages)}
        last, self._urls = self._urls, urls
        moved = [(last[s], urls[s]) for s in urls.keys() & last.keys() if last[s] != urls[s]]
        gone, come = last.keys() - urls.keys(), urls.keys() - last.keys()
        if len(gone) == len(come) == 1:
            moved.append((last[gone.pop()], urls[come.pop()]))
        return tuple(sorted(pair for pair in moved if pair[0] != pair[1]))

    def _overtaken(self, problems: Iterable[Problem]) -> bool:
        """Whether more changes came since the failed build began: the next build, made
        from them, tells. A problem with a file that is gone now means such a change (a
        ``git checkout``, a file made and deleted at once) that the watcher may not have
        told yet: it is given a moment to."""
        site = self.builder.site_dir
        gone = any(p.path and not os.path.lexists(site / p.path) for p in problems)
        with self._wake:
            if gone:
                self._wake.wait_for(lambda: self._pending or self._closed, GONE_HEARD_WITHIN)
            return bool(self._pending)

    def _unbuilt(self) -> bool:
        """Whether no site is served: no build of this preview, nor of an earlier one
        into its folder (a restart on the same port), has succeeded."""
        output = self.builder.options.output
        return output is None or not (output / INDEX).is_file()

    def _configured_language(self) -> str:
        """The site's language for the overlay, when site.toml can still be read."""
        try:
            return load_config(self.builder.site_dir).language
        except SiteError:
            return self._language

    def _known_folders(self) -> Mapping[Path, str]:
        output = self.builder.options.output
        folders = {self.builder.site_dir.resolve(): ".", Path.home(): "~"}
        if output is not None:
            folders[output.resolve()] = "(preview output)"
        return folders


def crash_problem(error: BaseException, folders: Mapping[Path, str]) -> Problem:
    """An unexpected error as a problem that names no absolute path of the machine.

    Each folder of ``folders`` is replaced by its label (``.`` for the site), any
    other absolute path by its last part; the traceback goes to the terminal only.
    """
    text = str(error)
    for folder in sorted(folders, key=lambda f: len(str(f)), reverse=True):
        text = text.replace(str(folder), folders[folder])
    text = _ABSOLUTE_PATH.sub(r"…/\1", text)
    name = type(error).__name__
    return Problem(
        "",
        0,
        f"internal error: {name}: {text}" if text else f"internal error: {name}",
        "the details are printed in the terminal of sitegen serve",
    )


# An absolute POSIX path (not one made relative above: ./x or ~/x); group 1 is its last part.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~])(?:/[^\s'\"/]+)*/([^\s'\"/]*)")
