"""The build: the one orchestrator of the pipeline's stages.

``discover → read → assemble → plan → render → write``, then the search index
of what was written. ``check``, ``serve`` and ``publish`` all call :func:`build`;
none of them re-implements a stage.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.assemble import Selection, assemble
from sitegen.config import Config, load_config, with_base_url
from sitegen.content import markup_options, read_source
from sitegen.discover import CONTENT_DIR, Inventory, discover
from sitegen.errors import Problem, Problems, SiteError
from sitegen.markup import MarkdownRenderer
from sitegen.model import Article, Site
from sitegen.output import OutputFile, Staging, check_output_dir, find_collisions
from sitegen.render import plan, render_page, site_view
from sitegen.search import SearchIndex, find_pagefind, kept, search_warnings
from sitegen.sitemap import base_url_warnings
from sitegen.theme import Theme


@dataclass(frozen=True)
class BuildOptions:
    """How to build: what to include, where to write, and whether to write at all."""

    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    output: Path | None = None  # default: the site's output_dir
    write: bool = True  # False for `check`: do everything but write
    search: bool = True  # index the written site for search (when [search] is on)


@dataclass
class BuildResult:
    """What a build made, what it warned about, and how long each stage took."""

    site: Site
    output: Path
    files: int
    changed: int
    warnings: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)


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


class Builder:
    """Builds one site, again and again: ``serve`` keeps one for its whole life.

    ``lock`` is held while the output folder changes, so a server that takes it
    while answering a request never serves a half-updated site.
    """

    def __init__(self, site_dir: Path, options: BuildOptions = BuildOptions()) -> None:
        self.site_dir = site_dir
        self.options = options
        self.lock = threading.Lock()

    def build(self) -> BuildResult:
        """Build the site; raise :class:`SiteError` listing every problem."""
        site_dir, options = self.site_dir, self.options
        timer = _Timer()
        problems = Problems()
        with timer.stage("config"):
            config = load(site_dir, options)
            theme = Theme(config, site_dir)
        output = options.output or site_dir / config.output_dir
        if options.write:
            check_output_dir(site_dir, output)
        with timer.stage("discover"):
            inventory = discover(site_dir, config)
        with timer.stage("read"):
            articles = read_all(site_dir, inventory, config, problems)
        problems.raise_if_errors()
        with timer.stage("assemble"):
            selection = Selection(drafts=options.drafts, future=options.future)
            site = assemble(
                config, articles, inventory.assets, selection, problems, inventory.static
            )
        with timer.stage("render"):
            files = render_all(site, theme, problems) + copied_files(site_dir, inventory, theme)
        problems.add(find_collisions(files))
        problems.raise_if_errors()
        problems.add(base_url_warnings(config))
        pagefind = find_pagefind() if config.search.enabled else None
        problems.add(search_warnings(config, pagefind))
        changed = 0
        if options.write:
            with timer.stage("write"):
                changed = write_all(output, files, self.lock, kept(config))
            if pagefind and options.search:
                with timer.stage("search"):
                    SearchIndex(output, pagefind).update(self.lock)
        return BuildResult(site, output, len(files), changed, problems.warnings, timer.timings)


def build(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site in ``site_dir`` once; raise :class:`SiteError` listing every problem."""
    return Builder(site_dir, options).build()


def read_all(
    site_dir: Path, inventory: Inventory, config: Config, problems: Problems
) -> list[Article]:
    """Read every source; collect the problems of all of them."""
    renderer = MarkdownRenderer(markup_options(config))
    articles = []
    for source in inventory.sources:
        result = read_source((site_dir / source.path).read_bytes(), source, config, renderer)
        problems.add(result.problems)
        if result.article is not None:
            articles.append(result.article)
    return articles


def render_all(site: Site, theme: Theme, problems: Problems) -> list[OutputFile]:
    """Render every page; a broken template is reported once, not once per page."""
    view = site_view(site)
    files = []
    broken: set[str] = set()
    for job in plan(site):
        if job.template in broken:
            continue
        try:
            files.append(OutputFile(job.output, job.origin, render_page(theme, view, job)))
        except SiteError as error:
            broken.add(job.template)
            problems.add(error.problems)
    return files


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


def write_all(
    output: Path, files: list[OutputFile], lock: threading.Lock, keep: tuple[str, ...] = ()
) -> int:
    """Stage every file, then bring the output in line while holding ``lock``.

    The top-level folders in ``keep`` are left as they are (see :class:`Staging`).
    """
    staging = Staging(output, keep)
    try:
        for file in files:
            staging.write(file)
    except BaseException:
        staging.discard()
        raise
    with lock:
        return staging.commit()
