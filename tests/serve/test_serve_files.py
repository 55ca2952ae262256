"""Unit tests of the preview's pure parts: request paths, files, types, Host, injection."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from serve_support import TRAVERSALS

from sitegen.errors import Problem
from sitegen.serve import preview_url
from sitegen.serve.files import (
    Answer,
    FilePart,
    Target,
    byte_range,
    fallback_404,
    look_up,
    parse_target,
)
from sitegen.serve.live import LiveState, Status, event, inject
from sitegen.serve.rebuild import crash_problem
from sitegen.serve.server import host_allowed, is_loopback


@pytest.mark.parametrize(
    "raw",
    [
        *TRAVERSALS,
        "/.sitegen-output",
        "/.well-known/.x",
        "/posts/.well-known/a",
        "/.well-known/../x",
    ],
)
def test_paths_that_could_leave_the_output_are_refused_before_any_file_is_read(raw: str) -> None:
    assert parse_target(raw) is None


@pytest.mark.parametrize(
    ("raw", "segments", "folder"),
    [
        ("/", (), True),
        ("/index.html", ("index.html",), False),
        ("/posts/x", ("posts", "x"), False),
        ("/posts/x/?utm=1#top", ("posts", "x"), True),
        ("/tags/%E7%B5%8C%E5%96%B6/", ("tags", "経営"), True),
        ("/a%20b.txt", ("a b.txt",), False),
        ("/%2525.txt", ("%25.txt",), False),  # decoded once only
        ("/.well-known/security.txt", (".well-known", "security.txt"), False),  # RFC 8615
    ],
)
def test_request_paths_are_decoded_once_into_segments(
    raw: str, segments: tuple[str, ...], folder: bool
) -> None:
    assert parse_target(raw) == Target(segments, folder)


def test_a_folder_address_keeps_its_japanese_name_percent_encoded() -> None:
    assert Target(("tags", "経営"), False).folder_url == "/tags/%E7%B5%8C%E5%96%B6/"


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """An output folder with pages, a 404 page, and secrets beside and outside it."""
    root = tmp_path / "site"
    for name, text in {
        "index.html": "home",
        "404.html": "<p>迷子</p>",
        "posts/x/index.html": "x",
        "tags/経営/index.html": "経営",
        "empty/readme.txt": "no index here",
        ".well-known/security.txt": "Contact: mailto:security@example.com",
        ".sitegen-output": "marker",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    (tmp_path / "site-private").mkdir()
    (tmp_path / "site-private" / "secret.txt").write_text("SECRET", "utf-8")
    (tmp_path / "outside.txt").write_text("SECRET", "utf-8")
    (root / "leak.txt").symlink_to(tmp_path / "outside.txt")
    (root / "leakdir").symlink_to(tmp_path / "site-private", target_is_directory=True)
    (root / "alias.txt").symlink_to(root / "posts" / "x" / "index.html")
    return root


def body(answer: Answer) -> bytes:
    """The whole body of ``answer``, its file closed."""
    try:
        return answer.read()
    finally:
        answer.close()


def test_pages_folders_and_redirects(output: Path) -> None:
    assert body(look_up(output, "/")) == b"home"
    assert body(look_up(output, "/posts/x/")) == b"x"
    assert body(look_up(output, "/posts/x/index.html")) == b"x"
    redirect = look_up(output, "/posts/x?page=2")
    assert (redirect.status, redirect.location) == (302, "/posts/x/")
    assert body(look_up(output, "/tags/%E7%B5%8C%E5%96%B6/")) == "経営".encode()
    assert look_up(output, "/tags/%E7%B5%8C%E5%96%B6").location == "/tags/%E7%B5%8C%E5%96%B6/"
    assert body(look_up(output, "/alias.txt")) == b"x"  # a symlink that stays inside is fine
    # RFC 8615's folder, published from static/, is served; other hidden names are not
    assert body(look_up(output, "/.well-known/security.txt")).startswith(b"Contact:")
    hidden = look_up(output, "/.sitegen-output")
    hidden.close()  # the 404 page it answers with is an open file
    assert hidden.status == 404


def test_a_file_is_opened_not_read_and_a_range_reads_only_its_bytes(tmp_path: Path) -> None:
    (tmp_path / "video.mp4").write_bytes(bytes(range(256)) * 4096)  # 1 MiB
    answer = look_up(tmp_path, "/video.mp4")
    try:
        assert (answer.status, answer.length, answer.content_type) == (200, 1 << 20, "video/mp4")
        assert isinstance(answer.body, FilePart)
        file = answer.body.file
        assert file.tell() == 0  # nothing read yet
        part = byte_range(answer, "bytes=258-260")
        assert (part.status, part.content_range, part.length) == (206, "bytes 258-260/1048576", 3)
        assert part.read() == bytes([2, 3, 4])
        assert file.tell() == 261  # it sought, and read to the range's end only
        assert answer.read() == bytes(range(256)) * 4096  # sent a chunk at a time
    finally:
        answer.close()


@pytest.mark.parametrize(
    "raw",
    [
        *TRAVERSALS,
        "/../site-private/secret.txt",
        "/%2e%2e/site-private/secret.txt",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/leakdir/",
        "/missing/",
        "/empty/",
        "/posts/x/index.html/",
    ],
)
def test_everything_else_is_the_404_page(output: Path, raw: str) -> None:
    answer = look_up(output, raw)
    assert (answer.status, body(answer)) == (404, "<p>迷子</p>".encode())
    assert answer.content_type == "text/html; charset=utf-8"


def test_without_a_404_page_a_plain_one_answers_in_the_sites_language(tmp_path: Path) -> None:
    answer = look_up(tmp_path / "not-built-yet", "/")
    assert (answer.status, answer.body) == (404, fallback_404("ja"))
    assert (
        '<html lang="ja">' in answer.read().decode()
        and "ページが見つかりません。" in answer.read().decode()
    )
    english = look_up(tmp_path / "not-built-yet", "/", "en").read().decode()
    assert '<html lang="en">' in english and "<p>Not found.</p>" in english
    assert "ページ" not in english


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("LOCALHOST:8000", True),
        ("[::1]:8000", True),
        ("192.168.1.20:8000", True),  # an address is no rebinding: the page came from it
        ("localhost:8001", False),
        ("localhost", False),
        ("evil.example:8000", False),
        ("localhost.evil.example:8000", False),
        ("127.0.0.1.nip.io:8000", False),
        ("127.0.0.1:8000@evil.example", False),
        ("localhost:x", False),
        ("", False),
        (None, False),
    ],
)
def test_the_host_header_must_name_this_server(header: str | None, allowed: bool) -> None:
    assert host_allowed(header, "127.0.0.1", 8000) is allowed


def test_the_bound_name_is_accepted_and_port_80_may_be_implicit() -> None:
    assert host_allowed("blog.test:8000", "blog.test", 8000)
    assert host_allowed("localhost", "127.0.0.1", 80)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("::", False)],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_preview_urls() -> None:
    assert preview_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert preview_url("0.0.0.0", 8000) == "http://localhost:8000/"
    assert preview_url("::1", 8000) == "http://[::1]:8000/"


def test_the_script_goes_before_the_last_closing_body_tag() -> None:
    page = b"<html><body><pre>&lt;/body&gt;</pre></BODY></html>"
    tagged = inject(page, "ab.1")
    assert tagged == (
        b"<html><body><pre>&lt;/body&gt;</pre>"
        b'<script src="/__sitegen__/reload.js" data-build="ab.1"></script>\n</BODY></html>'
    )
    assert inject(b"<p>fragment", "ab.1").startswith(b"<p>fragment<script ")
    feed = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"></rss>\n'
    assert inject(feed, "ab.1") == feed  # a feed's copy at /feed/, feed/index.html


def test_status_events_carry_problems_as_data_and_the_overlay_words_of_the_language() -> None:
    problem = Problem("content/posts/a.md", 4, "date: not a date ('<b>')", "write 2009-08-20")
    data = event(Status("ab.2", (problem,), "en")).decode()
    assert data.startswith("event: status\ndata: ") and data.endswith("\n\n")
    status = json.loads(data.split("data: ", 1)[1])
    assert status["problems"] == [
        {
            "location": "content/posts/a.md:4",
            "message": "date: not a date ('<b>')",
            "hint": "write 2009-08-20",
        }
    ]
    assert (status["build"], status["title"]) == ("ab.2", "The build failed")
    assert json.loads(Status("x").to_json())["title"] == "ビルドに失敗しました"


@pytest.mark.parametrize(
    ("language", "last_site", "no_site"),
    [
        ("ja", "前回ビルドできたサイトを表示しています", "まだ一度もビルドできていない"),
        ("en", "Until then you see the last site that built", "No build has succeeded yet"),
    ],
)
def test_the_overlay_says_whether_a_last_good_site_is_shown(
    language: str, last_site: str, no_site: str
) -> None:
    problems = (Problem("site.toml", 1, "invalid TOML"),)
    kept = json.loads(Status("x", problems, language).to_json())
    unbuilt = json.loads(Status("x", problems, language, unbuilt=True).to_json())
    assert last_site in kept["note"] and no_site not in kept["note"]
    assert no_site in unbuilt["note"] and last_site not in unbuilt["note"]
    assert set(kept) == set(unbuilt)


def test_the_build_id_changes_only_when_a_build_changed_the_output() -> None:
    live = LiveState()
    first = live.current
    live.built(changed=False, language="ja")
    assert live.current is first  # nothing new: open pages are not disturbed
    live.built(changed=True, language="ja")
    second = live.current
    assert second.build != first.build and not second.problems
    live.failed([Problem("site.toml", 1, "invalid TOML")], "ja")
    assert live.current.build == second.build and live.current.problems
    assert LiveState().current.build != first.build  # another run, another id


def test_waiting_for_a_status_ends_when_the_state_is_closed() -> None:
    live = LiveState()
    seen = live.current
    assert live.wait(seen, timeout=0) is seen  # nothing new yet
    live.close()
    assert live.wait(seen, timeout=60) is None


def test_a_build_is_heard_once_every_open_stream_sent_it() -> None:
    live = LiveState()
    one, two = object(), object()
    live.sent(one, live.current)
    live.sent(two, live.current)
    live.built(changed=True, language="ja")
    waiting = threading.Thread(target=live.until_heard, args=(60,))
    waiting.start()
    live.sent(one, live.current)
    waiting.join(0.3)
    assert waiting.is_alive()  # the second page has not heard yet
    live.gone(two)  # its page was closed
    waiting.join(60)
    assert not waiting.is_alive()
    live.until_heard(60)  # nothing new since: returns at once


def test_unexpected_errors_name_no_absolute_path(tmp_path: Path) -> None:
    error = FileNotFoundError(2, "No such file", str(tmp_path / "site/content/a.md"))
    problem = crash_problem(error, {tmp_path / "site": "."})
    assert "./content/a.md" in problem.message
    other = crash_problem(RuntimeError("failed at /usr/lib/python3/x.py, 1/2 done"), {})
    assert other.message == "internal error: RuntimeError: failed at …/x.py, 1/2 done"
    assert str(tmp_path) not in str(problem)
