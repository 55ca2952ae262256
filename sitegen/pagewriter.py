"""Render and write the pages of a build: only what changed, only what differs.

A page is rendered again only when its fingerprint — a digest of the theme, the
configuration, the fields of the site view its templates read and the inputs its
data is made from — changed, or its file was touched. A page whose shared parts
alone changed (the sidebar: see Theme.shared) gets the new parts put in its bytes
in place of the old ones, without being rendered: a new article changes the
sidebar of every page, but few pages otherwise.
A file is written only when its bytes changed; files no longer made are removed.
Everything is staged first and moved into the output only when the whole build
succeeded, while the lock is held.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import __version__
from sitegen.cache import BuildCache, Part, Written
from sitegen.config import Config
from sitegen.errors import Problem, Problems, SiteError, unreadable
from sitegen.fingerprint import data_digest, digest_of, fingerprint, same
from sitegen.output import MARKER, OutputFile, Staging
from sitegen.pages import PageJob
from sitegen.render import VIEW_FIELDS, SiteView, render_page
from sitegen.search import kept, marks_search_body
from sitegen.theme import Theme
from sitegen.workers import run_all

# Below this many pages to render, rendering stays in this process: workers cost more.
PARALLEL_PAGES = 400


def _intact(output: Path, path: str, written: Written | None) -> bool:
    """The output file is as the last build left it."""
    if written is None:
        return False
    try:
        stat = os.stat(f"{output}/{path}")
    except OSError:
        return False
    return stat.st_size == written.size and stat.st_mtime_ns == written.mtime_ns


# an output's (fingerprint, staged now, content digest, a page for the search index,
# the fields of the site view it depends on, its shared parts)
_Record = tuple[str, bool, str, bool, frozenset[str], tuple[Part, ...]]


@dataclass(frozen=True)
class _Rendered:
    """What rendering one page (or putting its shared parts in anew) gave: its digest
    and size, the fields of the site view it depends on and where its shared parts
    are; or its problems."""

    digest: str = ""
    size: int = 0
    staged: bool = False
    for_search: bool = False
    read: frozenset[str] = VIEW_FIELDS
    parts: tuple[Part, ...] = ()
    spliced: bool = False  # only its shared parts were put in anew: it was not rendered
    problems: tuple[Problem, ...] = ()


class PageRenderer:
    """Renders one page (a worker task), or puts its new shared parts in the page the
    last build wrote, and stages it unless its bytes are unchanged."""

    def __init__(
        self,
        theme: Theme,
        view: SiteView,
        jobs: list[PageJob],
        previous: dict[str, Written],
        staging: Staging | None,
        output: Path,
    ) -> None:
        # Forked workers inherit the theme with the templates it compiled so far,
        # and the shared parts made so far.
        self.theme, self.view, self.jobs = theme, view, jobs
        self.previous, self.staging, self.output = previous, staging, output
        self._parts: dict[str, tuple[bytes, str] | None] = {}

    def part(self, template: str) -> tuple[bytes, str] | None:
        """The shared part ``template`` of this build and its digest; None when it
        does not render (the pages that show it then report the error)."""
        if template not in self._parts:
            try:
                data = self.theme.part(template, self.view).encode()
            except SiteError:
                self._parts[template] = None
            else:
                self._parts[template] = (data, data_digest(data))
        return self._parts[template]

    def parts_changed(self, last: Written) -> bool:
        """Some shared part of the page the last build wrote is not this build's."""
        for template, digest, _, _ in last.parts:
            part = self.part(template)
            if part is None or part[1] != digest:
                return True
        return False

    def __call__(self, task: tuple[int, bool]) -> _Rendered:
        index, splice = task
        job = self.jobs[index]
        if splice and (spliced := self._splice(job.output)) is not None:
            return spliced
        try:
            rendering = render_page(self.theme, self.view, job)
        except SiteError as error:
            return _Rendered(problems=error.problems)
        parts = self._find(rendering.data, rendering.parts)
        if parts is None:  # not found as put in: the page depends on the whole view
            return self._staged(job.output, rendering.data, VIEW_FIELDS, ())
        return self._staged(job.output, rendering.data, rendering.read, parts)

    def _find(self, data: bytes, templates: tuple[str, ...]) -> tuple[Part, ...] | None:
        """Where the shared parts ``templates`` (put in that often) are in ``data``; None
        unless each is found exactly as often, and none overlaps another."""
        found: list[Part] = []
        for template in set(templates):
            part = self.part(template)
            if part is None or not part[0]:
                return None
            starts = _occurrences(data, part[0])
            if len(starts) != templates.count(template):
                return None
            found += ((template, part[1], start, start + len(part[0])) for start in starts)
        found.sort(key=lambda part: part[2])
        if any(before[3] > after[2] for before, after in itertools.pairwise(found)):
            return None
        return tuple(found)

    def _splice(self, path: str) -> _Rendered | None:
        """The page the last build wrote at ``path`` with this build's shared parts in
        place of its old ones; None when it cannot be (the page is rendered then): the
        file is gone, or it does not hold the old parts where that build put them (it
        was changed since, unseen by a writer that trusts its record)."""
        last = self.previous[path]
        try:
            with open(f"{self.output}/{path}", "rb") as file:
                old = file.read()
        except OSError:
            return None
        pieces: list[bytes] = []
        parts: list[Part] = []
        at = length = 0
        for template, digest, start, end in last.parts:
            part = self.part(template)
            if part is None or data_digest(old[start:end]) != digest:
                return None
            pieces += (old[at:start], part[0])
            length += start - at
            parts.append((template, part[1], length, length + len(part[0])))
            length += len(part[0])
            at = end
        pieces.append(old[at:])
        return self._staged(path, b"".join(pieces), last.read, tuple(parts), spliced=True)

    def _staged(
        self,
        path: str,
        data: bytes,
        read: frozenset[str],
        parts: tuple[Part, ...],
        spliced: bool = False,
    ) -> _Rendered:
        digest = data_digest(data)
        staged = _stage(self.staging, self.output, path, self.previous, digest, data)
        for_search = marks_search_body(path, data)
        return _Rendered(digest, len(data), staged, for_search, read, parts, spliced)


def _occurrences(data: bytes, part: bytes) -> list[int]:
    """Where ``part`` starts in ``data``, each time after the last one's end. (Looking
    for its first bytes, then comparing the rest, is five times as fast as looking for
    kilobytes of sidebar as a whole.)"""
    head, starts = part[:64], []
    at = data.find(head)
    while at >= 0:
        if data.startswith(part, at):
            starts.append(at)
            at = data.find(head, at + len(part))
        else:
            at = data.find(head, at + 1)
    return starts


def _stage(
    staging: Staging | None,
    output: Path,
    path: str,
    previous: dict[str, Written],
    digest: str,
    data: bytes,
) -> bool:
    """Stage ``data`` as the file ``path`` unless the output already holds it (or
    nothing is written); True when staged."""
    if staging is None or _same_bytes(output, path, previous, digest, data):
        return False
    staging.write(path, data)
    return True


def _same_bytes(
    output: Path, path: str, previous: dict[str, Written], digest: str, data: bytes
) -> bool:
    """The output already holds exactly ``data``."""
    written = previous.get(path)
    if written is not None and _intact(output, path, written):
        return written.digest == digest
    try:  # no (valid) record: look at the file (a string path: pathlib doubles the cost)
        with open(f"{output}/{path}", "rb") as file:
            return file.read() == data
    except OSError:
        return False


class _Prints:
    """Each page's fingerprint: a digest of the theme and configuration, the fields of
    the site view its templates read, its template and its inputs. A page's data is
    a pure function of its inputs (see PageJob), so equal inputs make an equal page —
    without building its data — as long as what it reads of the view is the same.

    A writer that lives on (serve's) keeps the digests of the last build and reuses
    those whose inputs are the same (see fingerprint.same): after an edit, most pages
    have the very same inputs."""

    def __init__(self, base: str, view: SiteView, known: dict[str, _Print]) -> None:
        self.base, self.view, self.known = base, view, known
        self.remembered: dict[str, _Print] = {}
        self._fields: dict[str, str] = {}
        self._settings: dict[frozenset[str], str] = {}

    def of(self, job: PageJob, read: frozenset[str]) -> str:
        """The fingerprint of ``job``'s page, which reads the fields ``read`` of the view."""
        entry = self.remembered.get(job.output) or self.known.get(job.output)
        template, inputs, own, setting, print_ = entry or _UNKNOWN
        if entry is None or not (template == job.template and same(inputs, job.inputs)):
            own, setting = fingerprint((job.template, job.output, job.inputs)), ""
        wanted = self._settings.get(read) or self._setting(read)
        if setting != wanted:
            setting, print_ = wanted, digest_of(wanted, own)
        self.remembered[job.output] = (job.template, job.inputs, own, setting, print_)
        return print_

    def _setting(self, read: frozenset[str]) -> str:
        """The digest of the theme, configuration and the fields ``read`` (remembered:
        ``of`` looks in ``_settings`` first, most pages reading the same fields)."""
        fields = (f"{name}={self._field(name)}" for name in sorted(read))
        setting = self._settings[read] = digest_of(self.base, *fields)
        return setting

    def _field(self, name: str) -> str:
        if name not in self._fields:
            self._fields[name] = fingerprint(getattr(self.view, name, None))
        return self._fields[name]


_TRIALS = "scheduled pages"  # the cache's memo of them: output → (fingerprint, problems)

# a page's template, inputs, and digests: of them, of what it reads of the view, of both
_Print = tuple[str, tuple[Any, ...], str, str, str]
_UNKNOWN: _Print = ("", (), "", "", "")  # a page the last build did not make


@dataclass
class WriterMemory:
    """What the writer remembers of the last build into a folder (see Builder)."""

    outputs: dict[str, Written] | None = None  # the output record of the last build
    output: Path | None = None  # the folder that record describes
    # Whether this writer made that record itself (it was not loaded from the cache):
    # then it is trusted, and no output file it did not change is looked at again.
    own: bool = False
    # Each page's fingerprint with what it was computed from (see _Prints).
    prints: dict[str, _Print] = field(default_factory=dict)
    # One object for each set of fields of the view that pages read: most pages read
    # the same, and a set found as itself is found at once.
    reads: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)


@dataclass
class PageWriter:
    """The render and write stages of one build: only what changed is rendered,
    only what differs is written, and the output changes while ``lock`` is held."""

    cache: BuildCache
    theme: Theme
    config: Config
    output: Path
    memory: WriterMemory
    lock: threading.Lock
    write: bool  # False for `check`: render, but write nothing
    stage: Callable[[str], AbstractContextManager[None]]  # times a stage
    progress: Callable[[str, int, int], None]  # reports progress of a long stage

    def __post_init__(self) -> None:
        self.base = digest_of(__version__, self.theme.pages_digest, self.config.digest)

    def run(
        self, view: SiteView, jobs: list[PageJob], copies: list[OutputFile], problems: Problems
    ) -> tuple[list[str], list[str], int, int]:
        """Render and write what changed; return (written, removed, pages rendered, pages
        that only got new shared parts)."""
        previous = self.recorded()
        # A writer trusts its own record while the folder it wrote is there (its marker).
        trusted = self.memory.own and (self.output / MARKER).is_file()
        staging = Staging(self.output, kept(self.config)) if self.write else None
        try:
            with self.stage("render"):
                records, rendered, spliced = self._render(
                    view, jobs, previous, staging, problems, trusted
                )
                problems.raise_if_errors()
                records.update(self._copy(copies, previous, staging, trusted))
            if staging is None:
                return [], [], rendered, spliced
            expected = {j.output for j in jobs} | {c.path for c in copies}
            staged = sorted(p for p, r in records.items() if r[1])
            # The last build's record says what it wrote; without one, search the folder.
            stale = sorted(set(previous) - expected) if previous else None
            removed: list[str] = []
            if staged or stale != [] or not (self.output / MARKER).is_file():
                with self.stage("write"), self.lock:
                    removed = staging.commit(staged, expected, stale)
            staging.discard()
            staging = None
            self._remember(previous, records, removed)
            return staged, removed, rendered, spliced
        finally:
            if staging is not None:
                staging.discard()

    def trial(self, view: SiteView, jobs: list[PageJob]) -> list[Problem]:
        """The mistakes of the pages ``jobs``, those of articles scheduled for later,
        rendered but not written: as warnings, since the build that publishes one
        would fail (perhaps on its own, on the day it is due). A page is rendered
        again only when its fingerprint changed: the last results are in the cache."""
        prints = _Prints(self.base, view, {})
        last = self.cache.memo(_TRIALS)
        last = last if isinstance(last, dict) else {}
        results: dict[str, tuple[str, tuple[Problem, ...]]] = {}
        for job in jobs:
            print_ = prints.of(job, VIEW_FIELDS)  # it may read any of the view
            result = last.get(job.output)
            if result is None or result[0] != print_:
                try:
                    render_page(self.theme, view, job)
                    result = (print_, ())
                except SiteError as error:
                    result = (print_, error.problems)
            results[job.output] = result
        if results != last:
            self.cache.put_memo(_TRIALS, results)
        return [
            dataclasses.replace(
                problem,
                message=f"{problem.message}: the build that publishes it will fail",
                severity="warning",
            )
            for _, problems in results.values()
            for problem in problems
        ]

    def intact(self) -> bool:
        """The output holds exactly what the last build into it recorded."""
        previous = self.recorded()
        return (
            bool(previous)
            and (self.output / MARKER).is_file()
            and all(_intact(self.output, path, written) for path, written in previous.items())
        )

    def recorded(self) -> dict[str, Written]:
        """The output record of the last build into this folder: from memory or the cache."""
        memory = self.memory
        if memory.outputs is None or memory.output != self.output:
            memory.outputs, memory.output = self.cache.outputs(self.output), self.output
            memory.own = False
        return memory.outputs

    def _remember(
        self, previous: dict[str, Written], records: dict[str, _Record], removed: list[str]
    ) -> None:
        changed = {path: self._record(path, record) for path, record in records.items()}
        self.cache.update_outputs(self.output, changed, removed)
        outputs = {**previous, **changed}
        for path in removed:
            outputs.pop(path, None)
        self.memory.outputs, self.memory.own = outputs, True

    def _record(self, path: str, record: _Record) -> Written:
        print_, _, digest, for_search, read, parts = record
        read = self.memory.reads.setdefault(read, read)
        stat = os.stat(f"{self.output}/{path}")
        return Written(print_, digest, stat.st_size, stat.st_mtime_ns, for_search, read, parts)

    def _render(
        self,
        view: SiteView,
        jobs: list[PageJob],
        previous: dict[str, Written],
        staging: Staging | None,
        problems: Problems,
        trusted: bool,
    ) -> tuple[dict[str, _Record], int, int]:
        """Render the pages whose fingerprint changed or whose file was touched (which
        is not looked at when the output record is ``trusted``), and put the new shared
        parts in the other pages whose parts changed. Returns the records of both, and
        how many pages were rendered and how many got new parts only."""
        prints = _Prints(self.base, view, self.memory.prints)
        renderer = PageRenderer(self.theme, view, jobs, previous, staging, self.output)
        todo: list[tuple[int, bool]] = []  # (page, only its shared parts changed)
        for index, job in enumerate(jobs):
            last = previous.get(job.output)
            if not (
                last is not None
                and last.fingerprint == prints.of(job, last.read)
                and (trusted or _intact(self.output, job.output, last))
            ):
                todo.append((index, False))
            elif renderer.parts_changed(last):
                todo.append((index, True))
        records: dict[str, _Record] = {}
        broken: set[str] = set()
        reported: set[tuple[str, int, str]] = set()
        rendered = spliced = 0
        results = run_all(renderer, todo, parallel_from=PARALLEL_PAGES)
        for done, ((index, _), result) in enumerate(zip(todo, results, strict=True), start=1):
            self.progress("rendering pages", done, len(todo))
            job = jobs[index]
            if result.problems:
                # One report per broken template, and per line of a partial that pages
                # of several templates show (each names the page it was found on).
                if job.template not in broken:
                    broken.add(job.template)
                    new = [p for p in result.problems if _place(p) not in reported]
                    reported.update(map(_place, new))
                    problems.add(new)
                continue
            rendered += not result.spliced
            spliced += result.spliced
            print_ = prints.of(job, result.read)
            records[job.output] = (
                print_, result.staged, result.digest, result.for_search, result.read, result.parts
            )  # fmt: skip
        self.memory.prints = prints.remembered
        return records, rendered, spliced

    def _copy(
        self,
        copies: list[OutputFile],
        previous: dict[str, Written],
        staging: Staging | None,
        trusted: bool,
    ) -> dict[str, _Record]:
        """Stage the copied files (and those given as bytes: rewritten stylesheets) whose
        source changed since they were last written."""
        records: dict[str, _Record] = {}
        for file in copies:
            print_ = file.source_print()
            last = previous.get(file.path)
            unchanged = last and last.fingerprint == print_
            if unchanged and (trusted or _intact(self.output, file.path, last)):
                continue
            data = file.data
            if data is None:
                assert file.copy_of is not None
                try:
                    data = file.copy_of.read_bytes()
                except OSError as error:
                    raise unreadable(file.origin, error) from None
            digest = data_digest(data)
            staged = _stage(staging, self.output, file.path, previous, digest, data)
            for_search = marks_search_body(file.path, data)
            records[file.path] = (print_, staged, digest, for_search, frozenset(), ())
        return records


def _place(problem: Problem) -> tuple[str, int, str]:
    """Where a problem is: its file and line, or its message when it names no file."""
    return (problem.path, problem.line, "" if problem.path else problem.message)
