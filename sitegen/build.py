"""The build: the one orchestrator of the pipeline's stages.

``discover → read → assemble → plan → render → write → search index``. ``check``,
``serve`` and ``publish`` all build through :class:`Builder`; none re-implements a stage.

Builds refuse to redo work. A source is read again only when its bytes (or the
configuration) changed; a page is rendered again only when its fingerprint —
a digest of the theme, the configuration and everything in the page's context —
changed or its file was touched; a file is written only when its bytes changed.
What earlier builds did is kept in ``.sitegen-cache/`` (and, for a Builder that
lives on, in memory). The result is always exactly what a clean build makes.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import __version__
from sitegen.assemble import AssemblyMemo, Selection, assemble
from sitegen.cache import BuildCache, Written
from sitegen.calculators import SharedCalculators, calculator_files, read_shared_calculators
from sitegen.config import Config, load_config, with_base_url
from sitegen.content import ReadResult, markup_options, read_source
from sitegen.discover import CONTENT_DIR, Inventory, Source, discover
from sitegen.errors import Problem, Problems, SiteError
from sitegen.fingerprint import digest_of, fingerprint, same_inputs
from sitegen.markup import MarkdownRenderer
from sitegen.model import Site
from sitegen.output import MARKER, OutputFile, Staging, check_output_dir, find_collisions
from sitegen.pages import PageJob
from sitegen.render import SiteView, plan, render_page, site_view
from sitegen.search import find_pagefind, kept, refresh_index, search_warnings
from sitegen.sitemap import base_url_warnings
from sitegen.theme import Theme
from sitegen.workers import gc_paused, run_all

# Below these counts the work is done in this process: starting workers costs more.
PARALLEL_READS = 48
PARALLEL_PAGES = 400


@dataclass(frozen=True)
class BuildOptions:
    """How to build: what to include, where to write, and whether to write at all."""

    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    output: Path | None = None  # default: the site's output_dir
    write: bool = True  # False for `check`: do everything but write
    search: bool = True  # index the written site for search (when [search] is on)
    progress: bool = False  # show a progress line on a terminal


@dataclass
class BuildResult:
    """What a build made, what it warned about, and how long each stage took."""

    site: Site
    output: Path
    files: int  # files in the output
    written: list[str]  # output paths written by this build
    removed: list[str]  # output paths removed by this build
    warnings: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)
    rendered: int = 0  # pages rendered (the rest were unchanged)
    read: int = 0  # sources read (the rest came from the cache)

    @property
    def changed(self) -> int:
        return len(self.written) + len(self.removed)


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def load(site_dir: Path, options: BuildOptions) -> Config:
    """The site's configuration with the command line's overrides applied."""
    config = load_config(site_dir)
    return with_base_url(config, options.base_url) if options.base_url is not None else config


@dataclass
class _Memory:
    """What a Builder remembers of its last build, to redo less in the next one.

    Everything here is also found in the on-disk cache or recomputed; memory only
    saves the time of loading it, and keeps unchanged objects the very same
    objects, so pages made from them are known to be unchanged at a glance.
    """

    config: Config | None = None
    theme: Theme | None = None  # its compiled templates are worth keeping
    reads: dict[str, ReadResult] = field(default_factory=dict)  # read key → result
    assembly: AssemblyMemo = field(default_factory=AssemblyMemo)  # see assemble()
    prints: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # output → memo of its print
    outputs: dict[str, Written] | None = None  # the output record of the last build
    output: Path | None = None  # the folder that record describes


class Builder:
    """Builds one site, again and again: ``serve`` keeps one for its whole life.

    ``lock`` is held while the output folder changes, so a server that takes it
    while answering a request never serves a half-updated site.
    """

    def __init__(self, site_dir: Path, options: BuildOptions = BuildOptions()) -> None:
        self.site_dir = site_dir
        self.options = options
        self.lock = threading.Lock()
        self.memory = _Memory()

    def build(self) -> BuildResult:
        """Build the site; raise :class:`SiteError` listing every problem."""
        timer, problems, options = _Timer(), Problems(), self.options
        with timer.stage("config"):
            config = load(self.site_dir, options)
            if config == self.memory.config:
                config = self.memory.config  # the same object: pages that use it stay the same
            self.memory.config = config
            theme = self.memory.theme
            if theme is not None and theme.serves(config, self.site_dir):
                theme.refresh()
            else:
                theme = self.memory.theme = Theme(config, self.site_dir)
        output = options.output or self.site_dir / config.output_dir
        if options.write:
            check_output_dir(self.site_dir, output)
        with BuildCache(self.site_dir) as cache:
            with timer.stage("discover"):
                inventory = discover(self.site_dir, config)
            with timer.stage("read"):
                shared = read_calculators(self.site_dir, inventory, problems)
                results, read_count = self._read(inventory, config, cache, shared)
                for result in results:
                    problems.add(result.problems)
            problems.raise_if_errors()
            with timer.stage("assemble"), gc_paused():
                articles = [r.article for r in results if r.article is not None]
                selection = Selection(drafts=options.drafts, future=options.future)
                site = assemble(
                    config, articles, inventory, selection, problems, self.memory.assembly
                )
                jobs = plan(site)
                copies = copied_files(self.site_dir, inventory, theme)
            made = [(j.output, j.origin) for j in jobs] + [(c.path, c.origin) for c in copies]
            problems.add(find_collisions(made))
            problems.raise_if_errors()
            pagefind = find_pagefind() if config.search.enabled else None
            problems.add(base_url_warnings(config) + search_warnings(config, pagefind))
            writer = _Writer(self, cache, theme, config, output, timer)
            written, removed, rendered = writer.run(site_view(site), jobs, copies, problems)
            cache.save()
        if options.write:
            with timer.stage("search"):
                index = pagefind if options.search else None
                refresh_index(output, config, index, [*written, *removed], self.lock)
        files = len(jobs) + len(copies)
        return BuildResult(
            site,
            output,
            files,
            written,
            removed,
            problems.warnings,
            timer.timings,
            rendered,
            read_count,
        )

    def _read(
        self, inventory: Inventory, config: Config, cache: BuildCache, shared: SharedCalculators
    ) -> tuple[list[ReadResult], int]:
        """Every source's read result: from memory, the cache, or read now in parallel.

        A read depends on the shared calculators too (which ids exist, what the placed ones
        hold), so any change to them reads every source again: such edits are rare.
        """
        base = digest_of(__version__, repr(config), shared.digest)
        keys = _source_keys(self.site_dir, inventory.sources, cache)
        read_keys = {s: digest_of(base, s.path, s.kind, keys[s]) for s in inventory.sources}
        results = {k: self.memory.reads[k] for k in read_keys.values() if k in self.memory.reads}
        with gc_paused():
            results.update(cache.reads(k for k in read_keys.values() if k not in results))
        missing = [s for s in inventory.sources if read_keys[s] not in results]
        reader = SourceReader(self.site_dir, config, shared)
        fresh = []
        for done, result in enumerate(run_all(reader, missing, parallel_from=PARALLEL_READS), 1):
            progress(self.options, "reading sources", done, len(missing))
            fresh.append(result)
        results.update((read_keys[s], r) for s, r in zip(missing, fresh, strict=True))
        cache.put_reads((read_keys[s], r) for s, r in zip(missing, fresh, strict=True))
        if missing:
            cache.forget_reads_except(set(read_keys.values()))
        self.memory.reads = {key: results[key] for key in read_keys.values()}
        return [results[read_keys[s]] for s in inventory.sources], len(missing)


def progress(options: BuildOptions, what: str, done: int, total: int) -> None:
    """A progress line on a terminal, for stages long enough to want one."""
    if not options.progress or total < 1000 or not sys.stderr.isatty():
        return
    if done % 200 == 0 or done == total:
        end = "\n" if done == total else ""
        print(f"\r{what} {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)


def _source_keys(
    site_dir: Path, sources: tuple[Source, ...], cache: BuildCache
) -> dict[Source, str]:
    """The content digest of each source; files whose size and mtime are unchanged
    since the last build are not hashed again."""
    known = cache.stats()
    digests: dict[Source, str] = {}
    fresh = []
    for source in sources:
        path = f"{site_dir}/{source.path}"  # a string: pathlib would double the cost here
        stat = os.stat(path)
        seen = known.get(source.path)
        if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            digests[source] = seen[2]
        else:
            with open(path, "rb") as file:
                digests[source] = hashlib.blake2b(file.read(), digest_size=16).hexdigest()
            fresh.append((source.path, stat.st_size, stat.st_mtime_ns, digests[source]))
    cache.put_stats(fresh)
    return digests


class SourceReader:
    """Reads one source (a worker task); makes its Markdown renderer on first use."""

    def __init__(self, site_dir: Path, config: Config, shared: SharedCalculators) -> None:
        self.site_dir = site_dir
        self.config = config
        self.shared = shared
        self._renderer: MarkdownRenderer | None = None

    def __call__(self, source: Source) -> ReadResult:
        if self._renderer is None:
            self._renderer = MarkdownRenderer(markup_options(self.config))
        raw = (self.site_dir / source.path).read_bytes()
        return read_source(raw, source, self.config, self._renderer, self.shared)


def read_calculators(site_dir: Path, inventory: Inventory, problems: Problems) -> SharedCalculators:
    """Read the shared calculators (``content/_data/calculators/``), once per build."""
    files = {path: (site_dir / path).read_bytes() for path in calculator_files(inventory.data)}
    shared, found = read_shared_calculators(files)
    problems.add(found)
    return shared


def build(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site in ``site_dir`` once; raise :class:`SiteError` listing every problem."""
    return Builder(site_dir, options).build()


def copied_files(site_dir: Path, inventory: Inventory, theme: Theme) -> list[OutputFile]:
    """Theme assets (fingerprinted), content assets and static files, copied as they are."""
    files = [
        OutputFile(out, f"the theme asset {name}", copy_of=path)
        for name, (path, out) in theme.assets.items()
    ]
    files += [
        OutputFile(path[len(CONTENT_DIR) + 1 :], path, copy_of=site_dir / path)
        for path in inventory.assets
    ]
    files += [
        OutputFile(path.split("/", 1)[1], path, copy_of=site_dir / path)
        for path in inventory.static
    ]
    return files


def _intact(output: Path, path: str, written: Written | None) -> bool:
    """The output file is as the last build left it."""
    if written is None:
        return False
    try:
        stat = os.stat(f"{output}/{path}")
    except OSError:
        return False
    return stat.st_size == written.size and stat.st_mtime_ns == written.mtime_ns


_Record = tuple[str, bool, str]  # an output's (fingerprint, staged now, content digest)


@dataclass(frozen=True)
class _Rendered:
    """What rendering one page gave: its digest and size, or its problems."""

    digest: str = ""
    size: int = 0
    staged: bool = False
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
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if self.staging is None or _same_bytes(
            self.output, job.output, self.previous, digest, data
        ):
            return _Rendered(digest, len(data))
        # Staging paths are only recorded in this process; the parent re-derives them.
        (self.staging.root / job.output).parent.mkdir(parents=True, exist_ok=True)
        (self.staging.root / job.output).write_bytes(data)
        return _Rendered(digest, len(data), staged=True)


def _same_bytes(
    output: Path, path: str, previous: dict[str, Written], digest: str, data: bytes
) -> bool:
    """The output already holds exactly ``data``."""
    written = previous.get(path)
    if written is not None and _intact(output, path, written):
        return written.digest == digest
    try:
        return (output / path).read_bytes() == data  # no (valid) record: look at the file
    except OSError:
        return False


class _Writer:
    """The render and write stages of one build."""

    def __init__(
        self,
        builder: Builder,
        cache: BuildCache,
        theme: Theme,
        config: Config,
        output: Path,
        timer: _Timer,
    ) -> None:
        self.builder, self.cache, self.theme, self.config = builder, cache, theme, config
        self.output, self.timer = output, timer
        self.base = digest_of(__version__, theme.digest, repr(config))

    def run(
        self, view: SiteView, jobs: list[PageJob], copies: list[OutputFile], problems: Problems
    ) -> tuple[list[str], list[str], int]:
        """Render and write what changed; return (written, removed, pages rendered)."""
        previous = self._previous_outputs()
        staging = Staging(self.output, kept(self.config)) if self.builder.options.write else None
        try:
            with self.timer.stage("render"):
                records, rendered = self._render(view, jobs, previous, staging, problems)
                problems.raise_if_errors()
                records.update(self._copy(copies, previous, staging))
            if staging is None:
                return [], [], rendered
            expected = {j.output for j in jobs} | {c.path for c in copies}
            staged = sorted(p for p, r in records.items() if r[1])
            # The last build's record says what it wrote; without one, search the folder.
            stale = sorted(set(previous) - expected) if previous else None
            removed: list[str] = []
            if staged or stale != [] or not (self.output / MARKER).is_file():
                with self.timer.stage("write"), self.builder.lock:
                    staging.staged = staged
                    removed = staging.commit(expected, stale)
            staging.discard()
            staging = None
            self._remember(previous, records, removed)
            return staged, removed, rendered
        finally:
            if staging is not None:
                staging.discard()

    def _previous_outputs(self) -> dict[str, Written]:
        """The output record of the last build into this folder: from memory or the cache."""
        memory = self.builder.memory
        if memory.outputs is None or memory.output != self.output:
            memory.outputs, memory.output = self.cache.outputs(self.output), self.output
        return memory.outputs

    def _remember(
        self, previous: dict[str, Written], records: dict[str, _Record], removed: list[str]
    ) -> None:
        changed = {p: self._record(p, fp, digest) for p, (fp, _, digest) in records.items()}
        self.cache.update_outputs(self.output, changed, removed)
        outputs = {**previous, **changed}
        for path in removed:
            outputs.pop(path, None)
        self.builder.memory.outputs = outputs

    def _record(self, path: str, fingerprint_: str, digest: str) -> Written:
        stat = os.stat(f"{self.output}/{path}")
        return Written(fingerprint_, digest, stat.st_size, stat.st_mtime_ns)

    def _prints(self, view: SiteView, jobs: list[PageJob]) -> list[str]:
        """Each page's fingerprint. A page whose inputs are the very objects of the
        last build keeps its fingerprint without its data being built again."""
        view_print = fingerprint(view)
        memo = self.builder.memory.prints
        fresh: dict[str, tuple[Any, ...]] = {}
        prints = []
        for job in jobs:
            stamp = (self.base, view_print, job.template)
            known = memo.get(job.output)
            if known and known[0] == stamp and same_inputs(known[1], job.inputs):
                print_ = known[2]
            else:
                print_ = digest_of(*stamp, job.output, fingerprint(job.context()))
            fresh[job.output] = (stamp, job.inputs, print_)
            prints.append(print_)
        self.builder.memory.prints = fresh
        return prints

    def _render(
        self,
        view: SiteView,
        jobs: list[PageJob],
        previous: dict[str, Written],
        staging: Staging | None,
        problems: Problems,
    ) -> tuple[dict[str, _Record], int]:
        """Render the pages whose fingerprint changed or whose file was touched."""
        prints = self._prints(view, jobs)
        todo = [
            index
            for index, job in enumerate(jobs)
            if not (
                (last := previous.get(job.output))
                and last.fingerprint == prints[index]
                and _intact(self.output, job.output, last)
            )
        ]
        renderer = PageRenderer(self.theme, view, jobs, previous, staging, self.output)
        records: dict[str, _Record] = {}
        broken: set[str] = set()
        results = run_all(renderer, todo, parallel_from=PARALLEL_PAGES)
        for done, (index, result) in enumerate(zip(todo, results, strict=True), start=1):
            progress(self.builder.options, "rendering pages", done, len(todo))
            job = jobs[index]
            if result.problems:
                if job.template not in broken:  # one report per broken template
                    broken.add(job.template)
                    problems.add(result.problems)
                continue
            records[job.output] = (prints[index], result.staged, result.digest)
        return records, len(todo)

    def _copy(
        self, copies: list[OutputFile], previous: dict[str, Written], staging: Staging | None
    ) -> dict[str, _Record]:
        """Stage the copied files whose source changed since they were last copied."""
        records: dict[str, _Record] = {}
        for file in copies:
            assert file.copy_of is not None
            stat = file.copy_of.stat()
            print_ = digest_of(
                "copy", file.copy_of.as_posix(), str(stat.st_size), str(stat.st_mtime_ns)
            )
            last = previous.get(file.path)
            if last and last.fingerprint == print_ and _intact(self.output, file.path, last):
                continue
            data = file.copy_of.read_bytes()
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            staged = staging is not None and not _same_bytes(
                self.output, file.path, previous, digest, data
            )
            if staged and staging is not None:
                staging.target(file.path).write_bytes(data)
            records[file.path] = (print_, staged, digest)
        return records
