"""The build: the one orchestrator of the pipeline's stages.

``discover → compare → read → pictures → assemble → plan → render → write → search index``.
``check``, ``serve`` and ``publish`` all build through :class:`Builder`; none
re-implements a stage.

Builds refuse to redo work. A build whose inputs all equal the last build's stops
after comparing them (see :mod:`sitegen.inputs`). A source is read again only when
its bytes (or the configuration) changed; a page is rendered again only when its
fingerprint — a digest of the theme, the configuration, the site view and the page's
inputs — changed or its file was touched; a file is written only when its bytes
changed.
What earlier builds did is kept in ``.sitegen-cache/`` (and, for a Builder that
lives on, in memory). A Builder told which files were written since its last build
(serve's is, by its watcher) looks only at those, unless files came or went. The
result is always exactly what a clean build makes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import __version__
from sitegen.activefiles import ActiveFiles, is_page
from sitegen.assemble import AssemblyMemo, assemble, unknown_popular, unknown_tags, unmade_links
from sitegen.cache import CACHE_DIR, BuildCache, LastBuild, compiled_templates
from sitegen.config import (
    CONFIG_FILE,
    AdsConfig,
    AnalyticsConfig,
    Config,
    config_lines,
    load_config,
    with_base_url,
)
from sitegen.content import ReadResult
from sitegen.discover import (
    CONTENT_DIR,
    STATIC_DIR,
    discover,
    left_out,
    missing_posts_dir,
    unread_articles,
)
from sitegen.errors import Problem, Problems, SiteError, vanished
from sitegen.fingerprint import digest_of
from sitegen.frozen import replaced
from sitegen.images import ImageSizes, Picture
from sitegen.inputs import (
    Inputs,
    SourceReader,
    Stat,
    copied_files,
    look,
    only_edits,
    read_calculators,
    read_data,
    read_settings,
)
from sitegen.model import Article, Site
from sitegen.output import (
    OutputFile,
    Place,
    find_collisions,
    find_unwritable,
    output_dir_problem,
    write_error,
)
from sitegen.pagewriter import PageWriter, WriterMemory
from sitegen.pictures import PictureCopies, Resized, shown_pictures
from sitegen.related import Ranking
from sitegen.render import missing_layouts, plan, scheduled_pages, site_view, source_places
from sitegen.search import (
    Pagefind,
    find_pagefind,
    kept,
    refresh_index,
    search_warnings,
    with_site_settings,
)
from sitegen.selection import Selection, withheld_files
from sitegen.sharecards import site_image_warnings
from sitegen.sitemap import base_url_warnings
from sitegen.taxonomy import merged_tags
from sitegen.theme import Theme
from sitegen.workers import gc_paused, run_all

# Below this many sources to read, reading stays in this process: workers cost more.
PARALLEL_READS = 48


@dataclass(frozen=True)
class BuildOptions:
    """How to build: what to include, where to write, and whether to write at all."""

    drafts: bool = False
    future: bool = False
    expired: bool = False  # include articles past their expiry date
    base_url: str | None = None
    output: Path | None = None  # default: the site's output_dir
    write: bool = True  # False for `check`: do everything but write
    search: bool = True  # index the written site for search (when [search] is on)
    progress: bool = False  # show a progress line on a terminal
    # Stop early when no input changed since the last build into the output (see
    # Builder). Off for serve, which keeps the model in memory for the next edit.
    shortcut: bool = True
    use_cache: bool = True  # False: the cache is thrown away, and made anew by this build
    strict: bool = False  # warnings are errors: the build fails before it writes anything
    preview: bool = False  # for the writer's eyes only (serve): no page-view counting, no ads


@dataclass
class BuildResult:
    """What a build made, what it warned about, and how long each stage took."""

    config: Config
    output: Path
    articles: int  # articles published
    pages: int  # standalone pages published
    files: int  # files in the output
    written: list[str]  # output paths written by this build
    removed: list[str]  # output paths removed by this build
    warnings: list[Problem]
    model: Callable[[], Site] = field(repr=False)  # the site model; see ``site``
    timings: dict[str, float] = field(default_factory=dict)
    rendered: int = 0  # pages rendered (the rest were unchanged, or got new shared parts)
    spliced: int = 0  # pages that got new shared parts without being rendered (a sidebar)
    read: int = 0  # sources read (the rest came from the cache)
    unchanged: bool = False  # nothing changed since the last build: it stopped after comparing
    # When what is published next changes with the clock alone: the first article left
    # out as future comes due, or the first published one expires. None: never.
    due: dt.datetime | None = None

    @property
    def changed(self) -> int:
        return len(self.written) + len(self.removed)

    @functools.cached_property
    def site(self) -> Site:
        """The site model. A build that found nothing changed did not assemble one;
        it is assembled (from the cache) when first asked for."""
        return self.model()


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
    if options.base_url is not None:
        config = with_base_url(config, options.base_url)
    if options.preview:  # the writer's own visits and clicks are not the readers'
        config = dataclasses.replace(config, analytics=AnalyticsConfig(), ads=AdsConfig())
    return config


@dataclass
class _Memory:
    """What a Builder remembers of its last build, to redo less in the next one.

    Everything here is also found in the on-disk cache or recomputed; memory only
    saves the time of loading, reading or computing it again.
    """

    config: Config | None = None  # the last build's configuration
    theme: Theme | None = None  # its compiled templates are worth keeping
    inputs: Inputs | None = None  # what the last build found to build from
    # The paths written since ``inputs`` were found, as far as the caller said (see
    # Builder.build); None when it did not say: then every file is looked at.
    changed: set[str] | None = None
    stats: dict[str, Stat] = field(default_factory=dict)  # source path → its last stat
    reads: dict[str, ReadResult] = field(default_factory=dict)  # read key → result
    assembly: AssemblyMemo = field(default_factory=AssemblyMemo)  # see assemble()
    writer: WriterMemory = field(default_factory=WriterMemory)  # see PageWriter
    images: ImageSizes = field(default_factory=ImageSizes)  # the pictures measured
    active: ActiveFiles = field(default_factory=ActiveFiles)  # content's SVGs as checked
    pictures: PictureCopies | None = None  # their smaller copies, found and made
    # The output paths (with where each comes from) that the last build checked and
    # found writable: a save that leaves them as they were need not check them again.
    outputs: tuple[list[tuple[str, str]], tuple[str, ...]] | None = None
    # The articles using shortcodes of the theme's, by their digest as read and their
    # templates' digests: with those in their own (see Builder._with_shortcode_digests)
    stamped: dict[tuple[str, tuple[str, ...]], Article] = field(default_factory=dict)


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

    def build(self, changed: Iterable[str] | None = None) -> BuildResult:
        """Build the site; raise :class:`SiteError` listing every problem.

        ``changed``: the site-relative paths written since this Builder's last build,
        from a caller that learns of every write (serve's watcher). Files not named are
        then taken to be as they were, without looking at them. None: look at every file.
        """
        memory = self.memory
        if changed is None or memory.changed is None:
            memory.changed = None
        else:
            memory.changed.update(changed)  # kept until a build has looked at them
        with gc_paused():  # see workers.gc_paused: a build makes objects, not cycles
            try:
                return self._build()
            except FileNotFoundError as error:
                if (path := self._input_path(error.filename)) is None:
                    raise
                raise vanished(path) from None

    def _input_path(self, filename: object) -> str | None:
        """The site-relative path of ``filename`` when it is one the build reads (not in
        the output or the cache): a file deleted since the build found it."""
        if not isinstance(filename, str | bytes):
            return None
        site = os.path.abspath(self.site_dir)
        path = os.path.abspath(os.fsdecode(filename))
        if os.path.commonpath([site, path]) != site:
            return None
        output = self.options.output
        for folder in (os.path.join(site, CACHE_DIR), output and os.path.abspath(output)):
            if folder and os.path.commonpath([folder, path]) == folder:
                return None
        return Path(os.path.relpath(path, site)).as_posix()

    def _build(self) -> BuildResult:
        timer, problems, options = _Timer(), Problems(), self.options
        with timer.stage("config"):
            config = self._config(load(self.site_dir, options))
            theme = self._theme(config)
            problems.add(theme.warnings)
        output = options.output or self.site_dir / config.output_dir
        chosen = options.output is not None  # from -o
        if problem := output_dir_problem(self.site_dir, output, chosen):  # by check too
            if chosen:
                raise SiteError.at("", 0, *problem)
            raise SiteError.at(CONFIG_FILE, config_lines(self.site_dir)(("output_dir",)), *problem)
        # In the site's zone, that of the articles' dates: 10,000 of them are compared
        # with it a few times a build, 15 times quicker so than across zones.
        now = dt.datetime.now(config.tz)
        selection = Selection(
            drafts=options.drafts, future=options.future, expired=options.expired, now=now
        )
        pagefind = find_pagefind() if config.search.enabled else None
        if pagefind is not None:
            pagefind, notes = with_site_settings(pagefind, self.site_dir)
            problems.add(notes)
        with BuildCache(self.site_dir, fresh=not options.use_cache) as cache:
            with timer.stage("discover"):
                inputs = self._inputs(config, theme, cache, problems)
            choices = (options.drafts, options.future, options.expired, options.search, pagefind)
            stamp = inputs.stamp(theme, repr(choices))
            writer = PageWriter(
                cache,
                theme,
                config,
                output,
                self.memory.writer,
                self.lock,
                write=options.write,
                stage=timer.stage,
                progress=lambda what, done, total: progress(options, what, done, total),
            )
            with timer.stage("compare"):  # with the last build into this output
                last = cache.last_build(output) if options.write and options.shortcut else None
                if last is not None and not (last.holds(stamp, now) and writer.intact()):
                    last = None
            if last is not None:  # nothing changed since, and the output is as it left it
                result = self._unchanged(last, inputs, selection, output)
                if options.strict:
                    _fail_on_warnings(result.warnings)
            else:
                result = self._make(inputs, selection, writer, cache, pagefind, timer, problems)
                if options.write:
                    record = LastBuild(
                        stamp, result.due, result.articles, result.pages, result.files,
                        tuple(result.warnings),
                    )  # fmt: skip
                    cache.put_last_build(output, record)
                cache.save()
        result.timings = timer.timings
        if options.write:
            with timer.stage("search"):
                index = pagefind if options.search else None
                refresh_index(output, config, index, writer.recorded(), self.lock)
        return result

    def articles(self) -> list[Article]:
        """Every article and page as read, whatever keeps it out of a build (a draft, a
        later date, an expiry date), from the cache where it can; raise
        :class:`SiteError` listing the problems of sources that do not read."""
        articles, problems = self.readable()
        problems.raise_if_errors()
        return articles

    def readable(self) -> tuple[list[Article], Problems]:
        """The articles and pages that read (as :meth:`articles`), and the problems of
        those that do not; raise :class:`SiteError` only when the site's settings or
        theme do not load."""
        problems = Problems()
        config = self._config(load(self.site_dir, self.options))
        with gc_paused(), BuildCache(self.site_dir) as cache:
            inputs = self._inputs(config, self._theme(config), cache, problems)
            results, _ = self._read(inputs, cache)
            cache.save()
        for read in results:
            problems.add(read.problems)
        return [read.article for read in results if read.article is not None], problems

    def _config(self, config: Config) -> Config:
        """``config``, or the remembered equal one: pages whose inputs hold the very same
        objects as in the last build are known unchanged at once (see fingerprint.same)."""
        remembered = self.memory.config
        if remembered is not None and remembered.digest == config.digest:
            return remembered
        self.memory.config = config
        return config

    def _theme(self, config: Config) -> Theme:
        """The theme for ``config``: the remembered one (with its compiled templates),
        refreshed, when it serves the same configuration."""
        theme = self.memory.theme
        if theme is not None and theme.serves(config, self.site_dir):
            theme.refresh()
        else:
            compiled = compiled_templates(self.site_dir)
            theme = self.memory.theme = Theme(config, self.site_dir, compiled)
        return theme

    def _inputs(
        self, config: Config, theme: Theme, cache: BuildCache, problems: Problems
    ) -> Inputs:
        """What to build from. When the paths written since the last build are known
        and they only edit files the last build had, only those are looked at; when
        files may have come or gone, every file is."""
        memory, last, changed = self.memory, self.memory.inputs, self.memory.changed
        if only_edits(self.site_dir, last, config, changed):
            assert last is not None and changed is not None
            inventory = last.inventory
            look_at = [s for s in inventory.sources if s.path in changed]
            memory.images.forget(changed)
        else:
            inventory = discover(self.site_dir, config)
            look_at = list(inventory.sources)
            memory.images.forget(None)
        problems.add(left_out(self.site_dir, inventory.skipped))
        for path in inventory.list_pages:
            problems.warn(_LIST_PAGE, path=path, hint=_LIST_PAGE_HINT)
        copied = inventory.assets  # as they are: a page is refused instead (see _make)
        if not config.markdown.unsafe_html:
            copied = tuple(path for path in copied if not is_page(path))
        problems.add(unread_articles(self.site_dir, copied))
        shared = read_calculators(self.site_dir, inventory, problems)
        settings = read_settings(config, theme)
        base = digest_of(__version__, settings.digest, shared.digest)
        stats = memory.stats = memory.stats or cache.stats()
        cache.put_stats(look(self.site_dir, look_at, stats))
        last_keys = last.keys if last is not None and last.base == base else {}
        anew = look_at if last_keys else inventory.sources  # a new base changes every key
        fresh = {s.path: digest_of(base, s.path, s.kind, stats[s.path][2]) for s in anew}
        keys = {s.path: fresh.get(s.path) or last_keys[s.path] for s in inventory.sources}
        replaced = (
            [key for path, key in last_keys.items() if keys.get(path) != key] if last_keys else None
        )
        copies = copied_files(self.site_dir, inventory, theme)
        data = read_data(self.site_dir, inventory, problems)
        memory.inputs = Inputs(
            config, settings, inventory, shared, data, base, keys, replaced, copies
        )
        memory.changed = set()  # all looked at
        return memory.inputs

    def _make(
        self,
        inputs: Inputs,
        selection: Selection,
        writer: PageWriter,
        cache: BuildCache,
        pagefind: Pagefind | None,
        timer: _Timer,
        problems: Problems,
    ) -> BuildResult:
        """Read, assemble, plan, render and write: the build proper."""
        config, options = inputs.config, self.options
        with timer.stage("read"):
            results, read_count = self._read(inputs, cache)
            for read in results:
                problems.add(read.problems)
            if not config.markdown.unsafe_html:  # files a browser runs script in
                problems.add(self.memory.active.problems(self.site_dir, inputs.inventory.assets))
        with timer.stage("templates"):  # each one, whether a page uses it yet or not
            problems.add(writer.theme.compile_all())
        problems.raise_if_errors()
        articles = [r.article for r in results if r.article is not None]
        articles = self._with_shortcode_digests(articles, writer.theme)
        withheld = withheld_files(
            inputs.inventory, articles, selection, inputs.config, self.site_dir
        )
        with timer.stage("pictures"):
            resized = self._pictures(inputs, articles, problems, withheld)
        problems.raise_if_errors()
        with timer.stage("assemble"):
            site = self._assemble(inputs, articles, selection, problems, resized, withheld, cache)
            jobs = plan(site)
        copies = [*(c for c in inputs.copies if c.origin not in withheld), *resized.files]
        made = [(j.output, j.origin) for j in jobs] + [(c.path, c.origin) for c in copies]
        outputs = (made, kept(config))
        if outputs != self.memory.outputs:
            problems.add(find_collisions(made, lambda: _places(site, copies)))
            problems.add(find_unwritable(*outputs))
        paths = (path for path, _ in made)
        lines = functools.cache(lambda: config_lines(self.site_dir))  # read when a check warns
        problems.add(unmade_links(site, paths, outputs[1], lines))
        problems.add(unknown_tags(site, lines))
        problems.add(merged_tags(site.tags, config.tag_slugs))
        problems.add(unknown_popular(site, inputs.inventory.paths, lines))
        problems.add(site_image_warnings(site, lines))
        layouts = missing_layouts(articles, site, writer.theme.template_names)
        problems.add(layouts)
        problems.raise_if_errors()
        self.memory.outputs = outputs
        problems.add(base_url_warnings(config))
        problems.add(missing_posts_dir(self.site_dir, config, lines))
        if options.search:  # the preview does not index: no word on how it would
            problems.add(search_warnings(config, pagefind))
        view = site_view(site, inputs.data.values)
        with timer.stage("render"):  # told of already: a layout the theme lacks
            told = {problem.path for problem in layouts}
            trials = [job for job in scheduled_pages(site) if job.origin not in told]
            problems.add(writer.trial(view, trials))
        if options.strict:
            _fail_on_warnings(problems.warnings)
        try:
            written, removed, rendered, spliced = writer.run(view, jobs, copies, problems)
        except OSError as error:  # a full disk, a folder that cannot be written to
            raise write_error(error, writer.output, self.site_dir) from None
        result = BuildResult(
            config,
            writer.output,
            len(site.articles),
            len(site.pages),
            len(jobs) + len(copies),
            written,
            removed,
            problems.warnings,
            lambda: site,
            rendered=rendered,
            spliced=spliced,
            read=read_count,
        )
        result.due = selection.next_due(articles)
        return result

    def _unchanged(
        self, last: LastBuild, inputs: Inputs, selection: Selection, output: Path
    ) -> BuildResult:
        """The result of a build whose inputs all equal the last one's: nothing to do.
        The site model is assembled only if someone asks for it."""

        def model() -> Site:
            with BuildCache(self.site_dir) as cache:
                results, _ = self._read(inputs, cache)
                articles = [r.article for r in results if r.article is not None]
                withheld = withheld_files(
                    inputs.inventory, articles, selection, inputs.config, self.site_dir
                )
                resized = self._pictures(inputs, articles, Problems(), withheld)
                site = self._assemble(
                    inputs, articles, selection, Problems(), resized, withheld, cache
                )
                cache.save()
            return site

        warnings = list(last.warnings)
        return BuildResult(
            inputs.config, output, last.articles, last.pages, last.files, [], [], warnings, model,
            unchanged=True, due=last.due,
        )  # fmt: skip

    def _with_shortcode_digests(self, articles: list[Article], theme: Theme) -> list[Article]:
        """``articles``, each that uses shortcodes of the theme's with the digests of their
        templates in its own: an edit to one renders again the pages that show an
        article using it, and no others (see Theme.pages_digest). The same objects as
        the last build's when nothing changed (see _Memory.stamped)."""
        last, kept = self.memory.stamped, dict[tuple[str, tuple[str, ...]], Article]()
        stamped = []
        for article in articles:
            if article.shortcodes:
                names = sorted({placed.name for placed in article.shortcodes})
                key = (article.digest, tuple(theme.shortcodes[name].digest for name in names))
                article = kept[key] = last.get(key) or replaced(
                    article, digest=digest_of(*key[0:1], *key[1])
                )
            stamped.append(article)
        self.memory.stamped = kept
        return stamped

    def _pictures(
        self, inputs: Inputs, articles: list[Article], problems: Problems, withheld: frozenset[str]
    ) -> Resized:
        """The smaller copies of the pictures the articles show, made where none are; none
        of the ``withheld`` files, which are not published (see withheld_files)."""
        copies = self.memory.pictures = self.memory.pictures or PictureCopies(self.site_dir)
        shown = shown_pictures(articles, inputs.inventory, inputs.config.base_path)
        shown = [path for path in shown if path not in withheld]
        return copies.prepare(inputs.config, shown, self.memory.images, problems)

    def _assemble(
        self,
        inputs: Inputs,
        articles: list[Article],
        selection: Selection,
        problems: Problems,
        resized: Resized,
        withheld: frozenset[str],
        cache: BuildCache,
    ) -> Site:
        memo, sizes = self.memory.assembly, self.memory.images
        if not memo.related.ranking.key:  # this builder's first: the last process's ranking
            stored = cache.memo(_RANKING)
            if isinstance(stored, Ranking):
                memo.related.ranking = stored
        ranking = memo.related.ranking

        def picture(path: str) -> Picture | None:
            size = sizes.size(self.site_dir, path)
            return None if size is None else (*size, resized.widths.get(path, ()))

        site = assemble(
            inputs.config, articles, inputs.inventory, selection, problems, memo, picture, withheld
        )
        if memo.related.ranking is not ranking:  # ranked anew: kept for the next process
            cache.put_memo(_RANKING, memo.related.ranking)
        return site

    def _read(self, inputs: Inputs, cache: BuildCache) -> tuple[list[ReadResult], int]:
        """Every source's read result: from memory, the cache, or read now in parallel.

        A read depends on the shared calculators too (which ids exist, what the placed ones
        hold), so any change to them reads every source again: such edits are rare.
        """
        read_keys = inputs.keys
        results = {k: self.memory.reads[k] for k in read_keys.values() if k in self.memory.reads}
        results.update(cache.reads(k for k in read_keys.values() if k not in results))
        missing = [s for s in inputs.inventory.sources if read_keys[s.path] not in results]
        reader = SourceReader(self.site_dir, inputs.settings, inputs.shared)

        def arrivals() -> Iterator[tuple[str, bytes]]:
            """Each fresh result as it arrives, kept and passed on to the cache: this
            process stores and unpickles results while the workers read the next ones."""
            blobs = run_all(reader, missing, parallel_from=PARALLEL_READS)
            for done, (source, blob) in enumerate(zip(missing, blobs, strict=True), 1):
                progress(self.options, "reading sources", done, len(missing))
                results[read_keys[source.path]] = pickle.loads(blob)
                yield read_keys[source.path], blob

        cache.put_reads(inputs.base, arrivals())
        if missing or inputs.replaced:  # some results are new, or some no longer used
            cache.forget_reads(inputs.base, inputs.replaced, keep=read_keys.values())
        self.memory.reads = results  # exactly the current keys: from memory, cache or reading
        return [results[read_keys[s.path]] for s in inputs.inventory.sources], len(missing)


_RANKING = "related"  # the cache's memo of the related articles' ranking (see RelatedMemo)
_LIST_PAGE = (
    "not used: Hugo's text of a list page (_index.md); sitegen's home page, tag pages and "
    "archives are made by the theme, and this file is not published"
)
_LIST_PAGE_HINT = (
    "put its text in a page of its own (content/about.md) or in the theme "
    "(theme/templates/index.html), then remove the file"
)


def _places(site: Site, copies: Iterable[OutputFile]) -> dict[str, Place]:
    """Where the origins of a build's files are in the site: its articles and pages (see
    source_places), and the files of content/ and static/ it copies."""
    folders = (f"{CONTENT_DIR}/", f"{STATIC_DIR}/")
    files = {c.origin: Place(c.origin) for c in copies if c.origin.startswith(folders)}
    return files | source_places(site)


def _fail_on_warnings(warnings: list[Problem]) -> None:
    """``--strict``: the warnings fail the build as errors."""
    if warnings:
        raise SiteError(dataclasses.replace(warning, severity="error") for warning in warnings)


def progress(options: BuildOptions, what: str, done: int, total: int) -> None:
    """A progress line on a terminal, for stages long enough to want one."""
    if not options.progress or total < 1000 or not sys.stderr.isatty():
        return
    if done % 200 == 0 or done == total:
        end = "\n" if done == total else ""
        print(f"\r{what} {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)


def build(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site in ``site_dir`` once; raise :class:`SiteError` listing every problem."""
    return Builder(site_dir, options).build()
