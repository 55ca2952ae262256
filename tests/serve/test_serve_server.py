"""A real preview on a free port: what it serves, what it refuses, and what it adds."""

from __future__ import annotations

import contextlib
import os
import socket
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serve_support import (
    TRAVERSALS,
    Running,
    SlowDownload,
    StartPreview,
    eventually,
    request,
)
from sitekit import build_site, snapshot

SCRIPT = b"/__sitegen__/reload.js"


@pytest.fixture
def secrets(running: Running) -> Running:
    """Secrets beside and outside the preview's output, and symlinks in it pointing out."""
    output = running.preview.output
    sibling = output.parent / f"{output.name}-private"  # starts like the output folder
    sibling.mkdir()
    (sibling / "secret.txt").write_text("SECRET-SIBLING", "utf-8")
    outside = output.parent / "outside.txt"
    outside.write_text("SECRET-OUTSIDE", "utf-8")
    (output / "leak.txt").symlink_to(outside)
    (output / "leakdir").symlink_to(sibling, target_is_directory=True)
    return running


@pytest.mark.parametrize(
    "target",
    [
        *(t for t in TRAVERSALS if t.startswith("/")),
        "/../site-private/secret.txt",
        "/..%2fsite-private/secret.txt",
        "/%2e%2e/site-private/secret.txt",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/.sitegen-output",
    ],
)
def test_traversals_answer_404_with_no_file_contents(secrets: Running, target: str) -> None:
    reply = secrets.get(target)
    assert reply.status == 404
    assert b"SECRET" not in reply.body and b"root:" not in reply.body
    assert "ページが見つかりません" in reply.text  # the site's own 404 page
    assert secrets.get("/").status == 200  # and the server keeps answering


def test_a_system_file_is_never_served(running: Running) -> None:
    for target in ("/../../../../../../etc/passwd", "/%2e%2e/" * 8 + "etc/passwd"):
        reply = running.get(target)
        assert reply.status == 404 and b"root:" not in reply.body


def test_hosts_other_than_this_server_are_refused(running: Running) -> None:
    port = running.url.rsplit(":", 1)[1].rstrip("/")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert request(running.url, "/", host=host).status == 200
    for host in (f"evil.example:{port}", "localhost:1", ""):
        reply = request(running.url, "/", host=host)
        assert reply.status == 403
        assert "最初の記事" not in reply.text
    assert request(running.url, "/__sitegen__/events", host="evil.example").status == 403


def test_the_404_page_of_the_site_with_status_404(running: Running) -> None:
    reply = running.get("/posts/no-such-article/")
    assert reply.status == 404
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>ページが見つかりません" in reply.text
    assert SCRIPT in reply.body  # an open 404 page reloads too, once the page exists


def test_pretty_urls_folders_and_japanese_paths(running: Running) -> None:
    assert "最初の記事" in running.page("/posts/first/")
    assert "最初の記事" in running.page("/posts/first/index.html")
    redirect = running.get("/posts/first")
    assert (redirect.status, redirect.headers["location"]) == (302, "/posts/first/")
    assert "二番目の記事" in running.page("/tags/%E7%B5%8C%E5%96%B6/")
    redirect = running.get("/tags/%E7%B5%8C%E5%96%B6")
    assert redirect.headers["location"] == "/tags/%E7%B5%8C%E5%96%B6/"
    assert "紹介文です。" in running.page("/about/")


def test_content_types_and_headers(running: Running) -> None:
    home = running.page("/")
    css = home.split('href="/assets/css/site.', 1)[1].split('"', 1)[0]
    expected = {
        "/": "text/html; charset=utf-8",
        f"/assets/css/site.{css}": "text/css; charset=utf-8",
        "/robots.txt": "text/plain; charset=utf-8",
        "/logo.svg": "image/svg+xml; charset=utf-8",  # as published
        "/data.bin": "application/octet-stream",
        "/__sitegen__/reload.js": "text/javascript; charset=utf-8",
    }
    for target, content_type in expected.items():
        reply = running.get(target)
        assert (reply.status, reply.headers["content-type"]) == (200, content_type), target
        assert reply.headers["cache-control"] == "no-store"
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert int(reply.headers["content-length"]) == len(reply.body)


def test_head_answers_like_get_without_a_body(running: Running) -> None:
    get = running.get("/posts/first/")
    head = request(running.url, "/posts/first/", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == get.headers["content-length"]


def test_the_reload_script_is_in_served_html_only(running: Running, site: Path) -> None:
    page = running.get("/posts/first/").body
    assert page.count(SCRIPT) == 1
    assert page.index(SCRIPT) < page.rindex(b"</body>")
    assert SCRIPT not in running.get("/robots.txt").body
    served_files = snapshot(running.preview.output)
    assert served_files and not any(SCRIPT in data for data in served_files.values())
    build_site(site)
    built = snapshot(site / "public")
    assert "index.html" in built and not any(b"__sitegen__" in data for data in built.values())


def test_the_preview_links_to_itself_not_to_the_published_site(running: Running) -> None:
    home = running.page("/")
    assert f'<link rel="canonical" href="{running.url}">' in home
    assert "https://example.com/" not in home


def test_error_pages_show_no_absolute_path(running: Running, site: Path) -> None:
    folders = [str(site.resolve()), str(running.preview.output), str(Path.home())]
    for target in ("/nothing/", "/../../etc/passwd", "/%ff"):
        body = running.get(target).text
        assert not any(folder in body for folder in folders), target
    refused = request(running.url, "/", host="evil.example")
    assert not any(folder in refused.text for folder in folders)


def test_the_output_is_the_previews_own_folder(running: Running, site: Path) -> None:
    output = running.preview.output
    port = running.url.rsplit(":", 1)[1].rstrip("/")
    assert output == site / ".sitegen-cache" / "serve" / f"127.0.0.1-{port}"
    assert (output / "index.html").is_file() and not (site / "public").exists()
    assert not (output / "pagefind").exists()  # no search index: it would slow every save
    running.preview.close()
    assert not output.exists()  # a random port's folder is not kept


def test_staging_folders_of_previews_no_longer_running_are_removed_at_start(
    site: Path, start_preview: StartPreview
) -> None:
    # A preview killed while it built, or quit at once while it moved files in, leaves
    # its staging folder; with a random port, no later preview has its name.
    serve = site / ".sitegen-cache" / "serve"
    with socket.socket() as gone, socket.socket() as other:
        gone.bind(("127.0.0.1", 0))
        other.bind(("127.0.0.1", 0))
        other.listen()  # a second preview of the site, still running
        left = serve / f".127.0.0.1-{gone.getsockname()[1]}.staging-3f9a1c2e"
        running = serve / f".127.0.0.1-{other.getsockname()[1]}.staging-77b0e1d4"
        for folder in (left, running):
            (folder / "posts").mkdir(parents=True)
            (folder / "posts/index.html").write_text("<p>half a build</p>", "utf-8")
        kept = serve / ".notes"  # not a staging folder: not ours to remove
        kept.mkdir()
        start_preview(site)
        assert not left.exists()
        assert running.is_dir() and kept.is_dir()


@pytest.mark.parametrize(
    ("asked", "status", "body", "content_range"),
    [
        ("bytes=2-5", 206, b"er-a", "bytes 2-5/12"),
        ("bytes=6-", 206, b"gent: ", "bytes 6-11/12"),  # to the end
        ("bytes=-3", 206, b"t: ", "bytes 9-11/12"),  # the last bytes
        ("bytes=4-400", 206, b"-agent: ", "bytes 4-11/12"),  # cut at the end
        ("bytes=12-", 416, b"", "bytes */12"),  # no byte of the file in it
        ("bytes=5-2", 200, b"user-agent: ", None),  # malformed: the whole file
        ("bytes=0-1,4-5", 200, b"user-agent: ", None),  # several ranges: the whole file
    ],
)
def test_a_file_may_be_asked_for_in_part_as_video_players_do(
    running: Running, site: Path, asked: str, status: int, body: bytes, content_range: str | None
) -> None:
    (site / "static/part.txt").write_bytes(b"user-agent: ")
    running.when("/part.txt", lambda reply: reply.status == 200, "the new file served")
    reply = request(running.url, "/part.txt", headers={"Range": asked})
    assert (reply.status, reply.body, reply.headers.get("content-range")) == (
        status,
        body,
        content_range,
    )
    assert reply.headers["accept-ranges"] == "bytes"
    page = request(running.url, "/", headers={"Range": "bytes=0-1"})
    assert page.status == 200 and "accept-ranges" not in page.headers  # pages come whole


def test_the_preview_counts_no_page_views(site: Path, start_preview: StartPreview) -> None:
    config = site / "site.toml"
    config.write_text(config.read_text("utf-8") + '[analytics]\ngoogle = "G-TEST12345"\n', "utf-8")
    running = start_preview(site)
    for path in ("/", "/posts/first/", "/about/"):
        page = running.page(path)
        assert "最初の記事" in page or "このブログについて" in page
        assert "googletagmanager" not in page and "G-TEST12345" not in page
    build_site(site)  # while a published build does
    assert "G-TEST12345" in (site / "public/posts/first/index.html").read_text("utf-8")


VIDEO_SIZE = 16 << 20  # bytes: more than the buffers between a server and a client hold


@pytest.fixture
def video(site: Path, start_preview: StartPreview) -> Running:
    """A preview of a site with a large file in static/ (a video a browser may play)."""
    (site / "static/video.mp4").write_bytes(bytes(range(256)) * (VIDEO_SIZE // 256))
    return start_preview(site)


@contextlib.contextmanager
def peak_memory() -> Iterator[Callable[[], int]]:
    """The most memory Python held meanwhile, every thread counted (the server's too)."""
    tracemalloc.start()
    try:
        yield lambda: tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_file_is_served_whole_and_a_head_or_a_range_reads_none_of_the_rest(
    video: Running,
) -> None:
    whole = video.get("/video.mp4")
    assert (whole.status, whole.headers["content-type"]) == (200, "video/mp4")
    assert whole.body == bytes(range(256)) * (VIDEO_SIZE // 256)
    assert int(whole.headers["content-length"]) == VIDEO_SIZE
    del whole
    with peak_memory() as peak:
        head = request(video.url, "/video.mp4", method="HEAD")
        assert (head.status, head.body, head.headers["content-length"]) == (
            200,
            b"",
            str(VIDEO_SIZE),
        )
        start = request(video.url, "/video.mp4", headers={"Range": "bytes=0-1"})  # Safari's
        end = request(video.url, "/video.mp4", headers={"Range": "bytes=-3"})
        assert (start.status, start.body, end.body) == (206, b"\x00\x01", b"\xfd\xfe\xff")
        assert start.headers["content-range"] == f"bytes 0-1/{VIDEO_SIZE}"
        assert peak() < VIDEO_SIZE // 16  # the file was never read whole


def test_downloads_take_a_chunk_of_memory_each_not_their_file(
    video: Running, slow_download: Callable[[str, str], SlowDownload]
) -> None:
    with peak_memory() as peak:
        downloads = [slow_download(video.url, "/video.mp4") for _ in range(8)]
        for download in downloads:
            assert download.status == 200
            assert download.read(1) == b"\x00"  # the server is sending, and waits for us
        assert peak() < VIDEO_SIZE // 4  # eight downloads, not one file's worth of memory
    assert downloads[0].read(255) == bytes(range(1, 256))


def test_a_slow_download_holds_up_no_one_and_keeps_the_bytes_of_its_build(
    video: Running, site: Path, slow_download: Callable[[str, str], SlowDownload]
) -> None:
    download = slow_download(video.url, "/video.mp4")
    first = download.read(256)
    # Meanwhile a save is built (the builder takes the lock) and every request answered.
    temporary = site / "static/.video.mp4.tmp"
    temporary.write_bytes(b"new" * (VIDEO_SIZE // 3))
    os.replace(temporary, site / "static/video.mp4")

    def rebuilt() -> bool:
        asked = request(video.url, "/video.mp4", headers={"Range": "bytes=0-2"})
        return asked.body == b"new"

    eventually(rebuilt, "the saved file served while the download goes on")
    assert "最初の記事" in video.page("/posts/first/")
    # The download still sends the file it started with, whole: one build's bytes.
    rest = download.read()
    assert len(first + rest) == VIDEO_SIZE, "cut short: the server gave up waiting to send"
    assert first + rest == bytes(range(256)) * (VIDEO_SIZE // 256)
