"""How changes become builds: bursts of saves, files written in chunks, files gone."""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from serve_support import DEADLINE, sample_site
from sitekit import article

from sitegen.build import Builder, BuildOptions, BuildResult
from sitegen.errors import Problem, SiteError, vanished
from sitegen.serve.live import LiveState
from sitegen.serve.rebuild import GONE_HEARD_WITHIN, Rebuilder, Round
from sitegen.serve.watch import Watcher

POST = "content/posts/2024-03-10-first.md"


class Counting(Builder):
    def __init__(self, site: Path) -> None:
        super().__init__(site, BuildOptions(output=site.parent / "out"))
        self.starts: list[float] = []

    def build(self, changed: Iterable[str] | None = None) -> BuildResult:
        self.starts.append(time.monotonic())
        return super().build(changed)


class Instant(Counting):
    """A builder that takes no time: each build ends at once (failing), so that only
    the rebuilder's own waits group saves into builds."""

    def build(self, changed: Iterable[str] | None = None) -> BuildResult:
        self.starts.append(time.monotonic())
        raise SiteError.at("site.toml", 1, "no build in this test")


@pytest.mark.parametrize("kind", [Counting, Instant])
def test_a_burst_of_saves_a_few_tens_of_milliseconds_apart_makes_two_builds_at_most(
    tmp_path: Path, kind: type[Counting]
) -> None:
    """QA: 10 saves 30 ms apart made 4 builds and reloaded each tab 3 times. The first
    save builds at once (a lone save is not kept waiting); the rest are one burst."""
    builder, rounds = kind(sample_site(tmp_path / "site")), queue.Queue[Round]()
    rebuilder = Rebuilder(builder, LiveState(), rounds.put)  # the preview's settle
    rebuilder.start()
    try:
        times = []
        for _ in range(10):  # an editor saving again and again, 30 ms apart
            times.append(time.monotonic())
            rebuilder.changed({POST}, "whole")
            time.sleep(0.03)
        rounds.get(timeout=DEADLINE)
        time.sleep(0.5)
    finally:
        rebuilder.close()
    # A loaded machine may sleep longer than asked: a gap over 50 ms may end a burst.
    gaps = sum(later - earlier > 0.05 for earlier, later in itertools.pairwise(times))
    assert len(builder.starts) <= 2 + gaps
    assert builder.starts[0] < times[-1]  # the first save is built at once, not held back
    for start in builder.starts[1:]:  # the others once 50 ms passed without a save
        assert start - max(t for t in times if t < start) >= 0.05


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Counting, queue.Queue[Round]]]:
    """A site, watched and built as the preview does it."""
    site = sample_site(tmp_path / "site")
    builder, rounds = Counting(site), queue.Queue[Round]()
    rebuilder = Rebuilder(builder, LiveState(), rounds.put, quiet=0.05)
    watcher = Watcher(site, rebuilder.changed)
    watcher.start()
    rebuilder.start()
    yield site, builder, rounds
    watcher.close()
    rebuilder.close()


def test_a_file_written_in_chunks_while_held_open_is_built_once_it_is_closed(
    watched: tuple[Path, Counting, queue.Queue[Round]],
) -> None:
    site, builder, rounds = watched
    text = article("書き直した記事", "2024-03-10", "本文です。" * 50)
    with (site / POST).open("w", encoding="utf-8") as file:  # no atomic save: in place
        file.write(text[:30])  # the front matter, not closed yet
        file.flush()
        time.sleep(0.8)  # a slow writer: a synced folder, `cat > file`
        file.write(text[30:])
        file.flush()
        time.sleep(0.3)
        assert builder.starts == []  # nothing built from a file still being written
    done = rounds.get(timeout=DEADLINE)
    assert done.paths == (POST,) and done.result is not None, done.problems
    assert "書き直した記事" in (builder.options.output / "posts/first/index.html").read_text()  # type: ignore[operator]


def test_a_file_held_open_holds_the_build_back_only_so_long(tmp_path: Path) -> None:
    builder, rounds = Counting(sample_site(tmp_path / "site")), queue.Queue[Round]()
    rebuilder = Rebuilder(builder, LiveState(), rounds.put, hold=0.5)
    rebuilder.start()
    try:
        began = time.monotonic()
        rebuilder.changed({POST}, "open")  # written to, and never closed
        assert rounds.get(timeout=DEADLINE).paths == (POST,)
    finally:
        rebuilder.close()
    assert builder.starts[0] - began >= 0.5


class _Vanishing:
    """A builder whose first build finds a file gone that the watcher tells of only
    ``late`` seconds after the build failed (None: never)."""

    def __init__(self, site_dir: Path, late: float | None) -> None:
        self.site_dir = site_dir
        self.options = BuildOptions(output=site_dir.parent / "out")
        self.late = late
        self.rebuilder: Rebuilder | None = None
        self.builds = 0
        self.timers: list[threading.Timer] = []

    def build(self, paths: Iterable[str] = ()) -> BuildResult:
        self.builds += 1
        if self.builds == 1 and self.late is not None:
            assert self.rebuilder is not None
            tell = threading.Timer(self.late, self.rebuilder.changed, ({POST}, "whole"))
            self.timers.append(tell)
            tell.start()
        raise vanished("content/posts/2024-10-01-tmp.md")


class _Told(LiveState):
    def __init__(self) -> None:
        super().__init__()
        self.failures: list[str] = []

    def failed(self, problems: Iterable[Problem], language: str, unbuilt: bool = False) -> None:
        self.failures += [p.location for p in problems]
        super().failed(problems, language, unbuilt)


@pytest.mark.parametrize("late", [0.3, None], ids=["told late", "never told"])
def test_a_build_that_found_a_file_gone_is_overtaken_once_the_watcher_tells(
    tmp_path: Path, late: float | None
) -> None:
    site = sample_site(tmp_path / "site")
    builder, live, rounds = _Vanishing(site, late), _Told(), queue.Queue[Round]()
    rebuilder = Rebuilder(builder, live, rounds.put)  # type: ignore[arg-type]
    builder.rebuilder = rebuilder
    rebuilder.start()
    try:
        began = time.monotonic()
        rebuilder.changed({"content/posts/2024-10-01-tmp.md"}, "whole")
        first = rounds.get(timeout=DEADLINE)
        if late is not None:
            assert first.overtaken  # not told: the next build tells
            assert not rounds.get(timeout=DEADLINE).overtaken
            assert live.failures == ["content/posts/2024-10-01-tmp.md"]  # that one, once
        else:  # no change came: a failure like any other, told after a moment
            assert not first.overtaken
            assert time.monotonic() - began >= GONE_HEARD_WITHIN
            assert live.failures == ["content/posts/2024-10-01-tmp.md"]
    finally:
        rebuilder.close()
        for timer in builder.timers:
            timer.join()


def test_a_failure_of_a_file_still_there_is_told_at_once(tmp_path: Path) -> None:
    site = sample_site(tmp_path / "site")
    builder, live, rounds = _Vanishing(site, None), _Told(), queue.Queue[Round]()
    builder.build = lambda paths=(): (_ for _ in ()).throw(  # type: ignore[method-assign]
        SiteError.at(POST, 2, "invalid YAML front matter")
    )
    rebuilder = Rebuilder(builder, live, rounds.put)  # type: ignore[arg-type]
    rebuilder.start()
    try:
        began = time.monotonic()
        rebuilder.changed({POST}, "whole")
        rounds.get(timeout=DEADLINE)
    finally:
        rebuilder.close()
    assert live.failures == [f"{POST}:2"]
    assert time.monotonic() - began < GONE_HEARD_WITHIN
