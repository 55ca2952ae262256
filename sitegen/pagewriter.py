"""Render and write the pages of a build: only what changed, only what differs.

A page is rendered again only when its fingerprint — a digest of the theme, the
configuration, the site view and the inputs its data is made from — changed, or
its file was touched;
a file is written only when its bytes changed; files no longer made are removed.
Everything is staged first and moved into the output only when the whole build
succeeded, while the lock is held.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import __version__
from sitegen.cache import BuildCache, Written
from sitegen.config import Config
from sitegen.errors import Problem, Problems, SiteError, unreadable
from sitegen.fingerprint import data_digest, digest_of, fingerprint, same
from sitegen.output import MARKER, OutputFile, Staging
from sitegen.pages import PageJob
from sitegen.render import SiteView, render_page
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


# an output's (fingerprint, staged now, content digest, a page for the search index)
_Record = tuple[str, bool, str, bool]


@dataclass(frozen=True)
class _Rendered:
    """What rendering one page gave: its digest and size, or its problems."""

    digest: str = ""
    size: int = 0
    staged: bool = False
    for_search: bool = False
    problems: tuple[Problem, ...] = ()


class PageRenderer:
    """Renders one page (a worker task) and stages it unless its bytes are unchanged."""

    def __init__(
        self,
        theme: Theme,
        view: SiteView,
        jobs: list[PageJob],
        previous: dict[str, Written],
        staging: Staging | None,
        output: Path,
    ) -> None:
        # Forked workers inherit the theme with the templates it compiled so far.
        self.theme, self.view, self.jobs = theme, view, jobs
        self.previous, self.staging, self.output = previous, staging, output

    def __call__(self, index: int) -> _Rendered:
        job = self.jobs[index]
        try:
            data = render_page(self.theme, self.view, job)
        except SiteError as error:
            return _Rendered(problems=error.problems)
        digest = data_digest(data)
        staged = _stage(self.staging, self.output, job.output, self.previous, digest, data)
        return _Rendered(digest, len(data), staged, marks_search_body(job.output, data))


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


_UNKNOWN = ("", "", None, "")  # a page the last build did not make


@dataclass
class WriterMemory:
    """What the writer remembers of the last build into a folder (see Builder)."""

    outputs: dict[str, Written] | None = None  # the output record of the last build
    output: Path | None = None  # the folder that record describes
    # Whether this writer made that record itself (it was not loaded from the cache):
    # then it is trusted, and no output file it did not change is looked at again.
    own: bool = False
    # Each page's fingerprint with what it was computed from: the theme, configuration
    # and view (one digest) and the template, and the page's inputs.
    prints: dict[str, tuple[str, str, tuple[Any, ...], str]] = field(default_factory=dict)


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
        self.base = digest_of(__version__, self.theme.digest, self.config.digest)

    def run(
        self, view: SiteView, jobs: list[PageJob], copies: list[OutputFile], problems: Problems
    ) -> tuple[list[str], list[str], int]:
        """Render and write what changed; return (written, removed, pages rendered)."""
        previous = self.recorded()
        # A writer trusts its own record while the folder it wrote is there (its marker).
        trusted = self.memory.own and (self.output / MARKER).is_file()
        staging = Staging(self.output, kept(self.config)) if self.write else None
        try:
            with self.stage("render"):
                records, rendered = self._render(view, jobs, previous, staging, problems, trusted)
                problems.raise_if_errors()
                records.update(self._copy(copies, previous, staging, trusted))
            if staging is None:
                return [], [], rendered
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
            return staged, removed, rendered
        finally:
            if staging is not None:
                staging.discard()

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
        changed = {p: self._record(p, fp, digest, s) for p, (fp, _, digest, s) in records.items()}
        self.cache.update_outputs(self.output, changed, removed)
        outputs = {**previous, **changed}
        for path in removed:
            outputs.pop(path, None)
        self.memory.outputs, self.memory.own = outputs, True

    def _record(self, path: str, fingerprint_: str, digest: str, for_search: bool) -> Written:
        stat = os.stat(f"{self.output}/{path}")
        return Written(fingerprint_, digest, stat.st_size, stat.st_mtime_ns, for_search)

    def _prints(self, view: SiteView, jobs: list[PageJob]) -> list[str]:
        """Each page's fingerprint: a digest of its template, the theme and configuration,
        the site view, and its inputs. A page's data is a pure function of its inputs
        (see PageJob), so equal inputs make an equal page — without building its data.

        A writer that lives on (serve's) keeps the fingerprints of the last build and
        reuses those whose inputs are the same (see fingerprint.same): after an edit,
        most pages have the very same inputs."""
        setting = digest_of(self.base, fingerprint(view))
        known, remembered = self.memory.prints, {}
        prints = []
        for job in jobs:
            last_setting, template, inputs, print_ = known.get(job.output, _UNKNOWN)
            if not (
                last_setting == setting and template == job.template and same(inputs, job.inputs)
            ):
                print_ = fingerprint((setting, job.template, job.output, job.inputs))
            remembered[job.output] = (setting, job.template, job.inputs, print_)
            prints.append(print_)
        self.memory.prints = remembered
        return prints

    def _render(
        self,
        view: SiteView,
        jobs: list[PageJob],
        previous: dict[str, Written],
        staging: Staging | None,
        problems: Problems,
        trusted: bool,
    ) -> tuple[dict[str, _Record], int]:
        """Render the pages whose fingerprint changed or whose file was touched (which
        is not looked at when the output record is ``trusted``)."""
        prints = self._prints(view, jobs)
        todo = [
            index
            for index, job in enumerate(jobs)
            if not (
                (last := previous.get(job.output))
                and last.fingerprint == prints[index]
                and (trusted or _intact(self.output, job.output, last))
            )
        ]
        renderer = PageRenderer(self.theme, view, jobs, previous, staging, self.output)
        records: dict[str, _Record] = {}
        broken: set[str] = set()
        results = run_all(renderer, todo, parallel_from=PARALLEL_PAGES)
        for done, (index, result) in enumerate(zip(todo, results, strict=True), start=1):
            self.progress("rendering pages", done, len(todo))
            job = jobs[index]
            if result.problems:
                if job.template not in broken:  # one report per broken template
                    broken.add(job.template)
                    problems.add(result.problems)
                continue
            records[job.output] = (prints[index], result.staged, result.digest, result.for_search)
        return records, len(todo)

    def _copy(
        self,
        copies: list[OutputFile],
        previous: dict[str, Written],
        staging: Staging | None,
        trusted: bool,
    ) -> dict[str, _Record]:
        """Stage the copied files whose source changed since they were last copied."""
        records: dict[str, _Record] = {}
        for file in copies:
            assert file.copy_of is not None
            print_ = file.source_print()
            last = previous.get(file.path)
            unchanged = last and last.fingerprint == print_
            if unchanged and (trusted or _intact(self.output, file.path, last)):
                continue
            try:
                data = file.copy_of.read_bytes()
            except OSError as error:
                raise unreadable(file.origin, error) from None
            digest = data_digest(data)
            staged = _stage(staging, self.output, file.path, previous, digest, data)
            records[file.path] = (print_, staged, digest, marks_search_body(file.path, data))
        return records
