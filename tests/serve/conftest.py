"""Fixtures of the preview tests: previews on free ports and reload streams, all cleaned up."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serve_support import Running, SlowDownload, StartPreview, Stream, sample_site

from sitegen.serve import Preview


@pytest.fixture(autouse=True)
def no_thread_left_behind() -> Iterator[None]:
    """Every thread a test starts (server, requests, builder, watchdog) has ended after it."""
    before = set(threading.enumerate())
    yield
    left = [thread.name for thread in threading.enumerate() if thread not in before]
    assert left == [], f"threads still running after the test: {left}"


@pytest.fixture
def start_preview() -> Iterator[StartPreview]:
    """A factory: ``start_preview(site, drafts=…)`` runs a preview on 127.0.0.1 and a free port.

    Every preview started is closed when the test ends (its threads joined, its folder gone).
    """
    started: list[Preview] = []

    def start(site: Path, **options: object) -> Running:
        log: list[str] = []
        options = {"port": 0, **options}
        preview = Preview(site, host="127.0.0.1", log=log.append, **options)  # type: ignore[arg-type]
        started.append(preview)
        preview.start()
        return Running(preview, log)

    yield start
    with contextlib.ExitStack() as closing:  # every one is closed, even if one fails to
        for preview in started:
            closing.callback(preview.close)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return sample_site(tmp_path / "site")


@pytest.fixture
def running(site: Path, start_preview: StartPreview) -> Running:
    return start_preview(site)


@pytest.fixture
def open_stream() -> Iterator[Callable[[str], Stream]]:
    """A factory of reload-stream readers, each closed when the test ends."""
    streams: list[Stream] = []

    def open_(url: str) -> Stream:
        stream = Stream(url)
        streams.append(stream)
        return stream.open()

    yield open_
    with contextlib.ExitStack() as closing:
        for stream in streams:
            closing.callback(stream.close)


@pytest.fixture
def slow_download() -> Iterator[Callable[[str, str], SlowDownload]]:
    """A factory: ``slow_download(url, target)`` starts a download read at the test's pace,
    closed when the test ends."""
    downloads: list[SlowDownload] = []

    def start(url: str, target: str) -> SlowDownload:
        download = SlowDownload(url, target)
        downloads.append(download)
        return download.open()

    yield start
    with contextlib.ExitStack() as closing:
        for download in downloads:
            closing.callback(download.close)
