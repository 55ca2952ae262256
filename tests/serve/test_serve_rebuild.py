"""Rebuilds of a running preview: correct after every kind of change, and never dead on an error."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from serve_support import DEADLINE, Running, StartPreview, Stream, eventually, sample_site, save
from sitekit import MINIMAL_CONFIG, article, main_of

import sitegen.serve.server
from sitegen.cache import CACHE_DIR
from sitegen.discover import builtin_theme_dir
from sitegen.serve import NO_SEARCH_INDEX

OpenStream = Callable[[str], Stream]
TAG = "/tags/%E7%B5%8C%E5%96%B6/"  # 経営


def test_a_new_article_appears_on_its_page_the_home_and_its_tag_pages(
    running: Running, site: Path
) -> None:
    save(
        site / "content/posts/2024-03-12-third.md",
        article("三番目の記事", "2024-03-12", tags="[経営, 新規事業]"),
    )
    running.when("/posts/third/", lambda r: r.status == 200, "the new article's page")
    assert "三番目の記事" in main_of(running.page("/"))
    assert "三番目の記事" in main_of(running.page(TAG))
    assert "三番目の記事" in main_of(running.page("/tags/%E6%96%B0%E8%A6%8F%E4%BA%8B%E6%A5%AD/"))


def test_a_scheduled_article_appears_when_its_time_comes_and_leaves_when_it_expires(
    running: Running, site: Path
) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    due, expires = now + dt.timedelta(seconds=4), now + dt.timedelta(seconds=8)
    save(
        site / "content/posts/2024-03-13-scheduled.md",
        article("予約投稿", due.isoformat(), slug="scheduled", expires=expires.isoformat()),
    )
    # No file changes after this save: the clock alone publishes it, then takes it down.
    running.when("/posts/scheduled/", lambda r: r.status == 200, "the article at its time")
    assert dt.datetime.now(dt.UTC) >= due  # not before
    assert "予約投稿" in main_of(running.page("/"))
    running.when("/posts/scheduled/", lambda r: r.status == 404, "the article gone at expiry")
    assert dt.datetime.now(dt.UTC) >= expires
    assert "予約投稿" not in main_of(running.page("/"))
    # The terminal hears of a build just after the pages do.
    timed = "an article's date or expiry came: rebuilt in"
    eventually(lambda: sum(line.startswith(timed) for line in running.log) == 2, "both reports")


def test_writes_in_place_files_moved_in_and_renames_all_reach_the_preview(
    running: Running, site: Path, tmp_path: Path
) -> None:
    post = site / "content/posts/2024-03-10-first.md"
    with post.open("w", encoding="utf-8") as file:  # an editor that writes in place
        file.write(article("最初の記事（上書き）", "2024-03-10", tags="[経営]"))
    running.when("/posts/first/", lambda r: "最初の記事（上書き）" in r.text, "the edit in place")
    outside = tmp_path / "draft.md"  # written elsewhere, then moved into the site
    outside.write_text(article("持ち込んだ記事", "2024-03-13", slug="brought"), "utf-8")
    outside.rename(site / "content/posts/2024-03-13-brought.md")
    running.when("/posts/brought/", lambda r: "持ち込んだ記事" in r.text, "the article moved in")
    second = site / "content/posts/2024-03-11-second.md"  # its slug comes from its name
    second.rename(second.with_name("2024-03-11-renamed.md"))
    running.when("/posts/renamed/", lambda r: r.status == 200, "the renamed file's page")
    assert running.get("/posts/second/").status == 404


def test_a_deleted_article_answers_404_and_leaves_every_list(running: Running, site: Path) -> None:
    assert "最初の記事" in main_of(running.page(TAG))
    (site / "content/posts/2024-03-10-first.md").unlink()
    gone = running.when("/posts/first/", lambda r: r.status == 404, "the deleted article's 404")
    assert "ページが見つかりません" in gone.text
    assert "最初の記事" not in main_of(running.page("/"))
    assert "最初の記事" not in main_of(running.page(TAG))


def test_an_old_slug_answers_404_after_a_slug_change(running: Running, site: Path) -> None:
    save(
        site / "content/posts/2024-03-10-first.md",
        article("最初の記事", "2024-03-10", tags="[経営]", slug="renamed"),
    )
    running.when("/posts/renamed/", lambda r: r.status == 200, "the article at its new slug")
    assert running.get("/posts/first/").status == 404
    assert "/posts/renamed/" in running.page(TAG) and "/posts/first/" not in running.page(TAG)


@pytest.mark.parametrize("drafts", [False, True])
def test_a_draft_toggle_hides_or_shows_the_article(
    tmp_path: Path, start_preview: StartPreview, drafts: bool
) -> None:
    site = sample_site(tmp_path / "site")
    running = start_preview(site, drafts=drafts)
    path = site / "content/posts/2024-03-10-first.md"
    save(path, article("最初の記事", "2024-03-10", tags="[経営]", draft="true"))
    expected = 200 if drafts else 404
    running.when("/posts/first/", lambda r: r.status == expected, "the draft's status")
    assert ("最初の記事" in main_of(running.page("/"))) is drafts
    save(path, article("最初の記事（公開）", "2024-03-10", tags="[経営]", draft="false"))
    running.when("/", lambda r: "最初の記事（公開）" in r.text, "the published article at home")
    assert running.get("/posts/first/").status == 200


def test_a_template_edit_reaches_every_page(running: Running, site: Path) -> None:
    base = (builtin_theme_dir() / "templates/base.html").read_text("utf-8")
    template = site / "theme/templates/base.html"  # theme/ did not exist when serving began
    save(template, base.replace("<footer", '<p class="marker">印-1</p>\n<footer'))
    pages = ["/", "/posts/first/", "/posts/second/", "/about/", "/tags/", TAG, "/nothing/"]
    running.when(pages[0], lambda r: "印-1" in r.text, "the template edit")
    assert all("印-1" in running.get(page).text for page in pages)
    save(template, base.replace("<footer", '<p class="marker">印-2</p>\n<footer'))
    running.when(pages[0], lambda r: "印-2" in r.text, "the second template edit")
    assert all(
        "印-2" in running.get(page).text and "印-1" not in running.get(page).text for page in pages
    )


def test_a_shortcode_template_added_then_edited_reaches_the_article_using_it(
    running: Running, site: Path
) -> None:
    save(
        site / "content/posts/2024-03-10-first.md",
        article("最初の記事", "2024-03-10", "{{< box >}}"),
    )
    shown_as_text = "{{&lt; box &gt;}}"  # no template yet: an unknown shortcode
    running.when("/posts/first/", lambda r: shown_as_text in r.text, "the article's edit")
    template = site / "theme/templates/shortcodes/box.html"  # theme/ did not exist at first
    save(template, '<p class="box">箱-1</p>')
    running.when("/posts/first/", lambda r: "箱-1" in r.text, "the new shortcode template")
    save(template, '<p class="box">箱-2</p>')
    running.when("/posts/first/", lambda r: "箱-2" in r.text, "the shortcode template's edit")
    assert "箱-1" not in running.page("/posts/first/")
    template.unlink()
    running.when("/posts/first/", lambda r: shown_as_text in r.text, "the template's removal")


def test_a_data_file_edit_reaches_the_pages_that_show_it(running: Running, site: Path) -> None:
    base = (builtin_theme_dir() / "templates/base.html").read_text("utf-8")
    shown = "<p class=\"marker\">{{ site.data.offices | join('、') }}</p>\n<footer"
    save(site / "content/_data/offices.yaml", "[東京]\n")  # _data/ did not exist at first
    save(site / "theme/templates/base.html", base.replace("<footer", shown))
    running.when("/about/", lambda r: "東京</p>" in r.text, "the data file")
    save(site / "content/_data/offices.yaml", "[東京, 大阪]\n")
    running.when("/about/", lambda r: "東京、大阪</p>" in r.text, "the data file's edit")
    assert "東京、大阪</p>" in running.page("/posts/first/")


def test_a_config_edit_is_picked_up(running: Running, site: Path) -> None:
    config = (
        MINIMAL_CONFIG.replace("テストブログ", "新しい名前") + 'permalink = "/{year}/{slug}/"\n'
    )
    save(site / "site.toml", config)
    running.when("/2024/first/", lambda r: r.status == 200, "the new permalink")
    assert "新しい名前" in running.page("/about/")
    assert running.get("/posts/first/").status == 404


def test_a_static_file_change_is_served(running: Running, site: Path) -> None:
    save(site / "static/robots.txt", "User-agent: *\nDisallow: /private/\n")
    running.when("/robots.txt", lambda r: b"Disallow" in r.body, "the new robots.txt")
    (site / "static/logo.svg").unlink()
    running.when("/logo.svg", lambda r: r.status == 404, "the removed static file's 404")


def delete(folder: Path) -> None:
    """Delete ``folder`` as ``rm -rf`` does; again when a build it started wrote into it
    before it was done (``rm`` then fails: Directory not empty)."""

    def deleted() -> bool:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
        return not folder.exists()

    eventually(deleted, f"{folder} deleted")


def move_away(folder: Path) -> None:
    folder.rename(folder.with_name(f"{folder.name}-old"))


@pytest.mark.parametrize("remove", [delete, move_away])
@pytest.mark.parametrize("above", [0, 1, 2])  # the output, serve/, .sitegen-cache/
def test_a_preview_whose_output_goes_is_built_again_at_once(
    running: Running, site: Path, above: int, remove: Callable[[Path], None]
) -> None:
    # The output is in the cache folder, which is documented as safe to delete.
    output = running.preview.output
    folder = [output, output.parent, site / CACHE_DIR][above]
    for gone in (folder, output):  # then the output, in the folders made anew
        remove(gone)
        running.when("/posts/first/", lambda r: r.status == 200, "the page back, with no save")
        assert "最初の記事" in main_of(running.page("/posts/first/"))
        assert "最初の記事" in main_of(running.page("/"))
        shutil.rmtree(gone.with_name(f"{gone.name}-old"), ignore_errors=True)
    rebuilt = f"{output.relative_to(site).as_posix()} changed: rebuilt in "
    assert any(line.startswith(rebuilt) for line in running.log)


def test_editor_leftovers_start_no_build(running: Running, site: Path) -> None:
    posts = site / "content/posts"
    for leftover in (".#2024-03-10-first.md", "2024-03-10-first.md~", "4913", ".first.md.swp"):
        (posts / leftover).write_text("---\ntitle: [broken\n---\n", "utf-8")
    save(posts / "2024-03-10-first.md", article("最初の記事（改）", "2024-03-10", tags="[経営]"))
    running.when("/posts/first/", lambda r: "最初の記事（改）" in r.text, "the edit")
    rebuilds = eventually(lambda: [line for line in running.log if "changed:" in line], "the log")
    assert rebuilds and all(
        line.startswith("content/posts/2024-03-10-first.md") for line in rebuilds
    )
    assert running.preview.live.current.problems == ()


FIRST = "content/posts/2024-03-10-first.md"
FIXED_ARTICLE = article("最初の記事（直した）", "2024-03-10", tags="[経営]")
BROKEN = [
    pytest.param(
        FIRST,
        "---\ntitle: 最初の記事\ndate: 2024-03-10\ntags: [経営\n---\n本文\n",
        FIXED_ARTICLE,
        f"{FIRST}:4",  # where the list opens
        "invalid YAML front matter",
        id="front-matter",
    ),
    pytest.param(
        FIRST,
        article("最初の記事", "2024-13-45", tags="[経営]"),
        FIXED_ARTICLE,
        f"{FIRST}:3",
        "date: not a date ('2024-13-45')",
        id="invalid-date",
    ),
    pytest.param(
        "site.toml",
        MINIMAL_CONFIG + "page_size = 0\n",
        MINIMAL_CONFIG.replace("テストブログ", "直したブログ"),
        "site.toml:3",
        "page_size: must be at least 1",
        id="config",
    ),
    pytest.param(
        "theme/templates/article.html",
        '{% extends "builtin/article.html" %}\n{% block content %}\n{{ article.title\n',
        None,  # fixed by deleting it: back to the very site that is served
        "theme/templates/article.html:3",
        "template syntax error",
        id="template-syntax",
    ),
]


@pytest.mark.parametrize(("path", "broken", "fix", "location", "message"), BROKEN)
def test_a_failed_build_keeps_the_last_good_site_and_reports_until_fixed(
    running: Running,
    site: Path,
    open_stream: OpenStream,
    path: str,
    broken: str,
    fix: str | None,
    location: str,
    message: str,
) -> None:
    stream = open_stream(running.url)
    good = stream.next()
    assert good["problems"] == []
    save(site / path, broken)
    failed = stream.until(lambda status: bool(status["problems"]))
    assert [(p["location"], message in p["message"]) for p in failed["problems"]] == [
        (location, True)
    ], failed["problems"]
    assert failed["build"] == good["build"]  # still the last good site
    assert "最初の記事" in running.page("/posts/first/")
    # Every page opened meanwhile carries the reload script, which shows the overlay.
    assert b"/__sitegen__/reload.js" in running.get("/posts/first/").body
    if fix is None:
        (site / path).unlink()
    else:
        save(site / path, fix)
    fixed = stream.until(lambda status: not status["problems"])
    assert (fixed["build"] != good["build"]) is (fix is not None)  # open pages reload
    assert "直した" in running.page("/posts/first/") or fix is None


def test_the_preview_knows_which_pages_listen_until_they_are_gone(
    running: Running, site: Path, open_stream: OpenStream, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitegen.serve.server, "KEEP_ALIVE", 0.1)  # a closed page shows soon
    live = running.preview.live
    stream = open_stream(running.url)
    stream.next()
    eventually(lambda: live.listeners == 1, "the page listening")
    save(site / "content/posts/2024-03-10-first.md", article("最初の記事（改）", "2024-03-10"))
    stream.next()
    live.until_heard(DEADLINE)  # returns as soon as the page heard of the build
    stream.close()
    eventually(lambda: live.listeners == 0, "the closed page forgotten")


def test_a_first_build_that_fails_still_serves_and_reports(
    tmp_path: Path, start_preview: StartPreview, open_stream: OpenStream
) -> None:
    site = sample_site(tmp_path / "site")
    post = site / "content/posts/2024-03-10-first.md"
    post.write_text("---\ntitle: 最初の記事\ndate: [\n---\n", "utf-8")
    running = start_preview(site)
    home = running.get("/")
    assert home.status == 404 and b"/__sitegen__/reload.js" in home.body
    status = open_stream(running.url).next()
    assert [p["location"] for p in status["problems"]] == [f"{FIRST}:4"]
    assert any("build failed (1 error)" in line for line in running.log)
    save(post, article("最初の記事", "2024-03-10"))
    running.when("/", lambda r: r.status == 200, "the site once fixed")
    assert "最初の記事" in running.page("/posts/first/")


def test_the_terminal_says_why_the_preview_has_no_search_index_once_asked(
    running: Running,
) -> None:
    assert running.get("/search/").status == 200
    assert not any(line.startswith("search:") for line in running.log)  # not asked yet
    for _ in range(2):
        assert running.get("/pagefind/pagefind.js").status == 404
    assert [line for line in running.log if line.startswith("search:")] == [NO_SEARCH_INDEX]


def test_the_plain_404_page_of_a_first_build_that_fails_is_in_the_sites_language(
    tmp_path: Path, start_preview: StartPreview, open_stream: OpenStream
) -> None:
    site = sample_site(tmp_path / "site")
    (site / "site.toml").write_text('title = "My blog"\nlanguage = "en"\n', "utf-8")
    (site / "content/posts/2024-03-10-first.md").write_text("---\ntitle: First\ndate: [\n---\n")
    running = start_preview(site)
    open_stream(running.url).next()  # the failed build told
    home = running.get("/")
    assert home.status == 404
    assert '<html lang="en">' in home.body.decode() and "<p>Not found.</p>" in home.body.decode()


def test_an_unexpected_error_is_reported_without_paths_and_the_preview_lives_on(
    running: Running, site: Path, open_stream: OpenStream, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder = running.preview.builder
    real_build = builder.build

    def crash(changed: object = None) -> object:
        open(site / "content/nowhere/x.md", "rb")  # noqa: SIM115 - it raises
        raise AssertionError("unreachable")

    monkeypatch.setattr(builder, "build", crash)
    stream = open_stream(running.url)
    stream.next()
    save(site / "content/posts/2024-03-10-first.md", article("最初の記事（改）", "2024-03-10"))
    failed = stream.until(lambda status: bool(status["problems"]))
    (problem,) = failed["problems"]
    assert problem["message"].startswith("internal error: FileNotFoundError:")
    assert "./content/nowhere/x.md" in problem["message"]
    assert str(site.resolve()) not in problem["message"]
    eventually(lambda: any("Traceback" in line for line in running.log), "the details logged")
    assert running.get("/").status == 200
    monkeypatch.setattr(builder, "build", real_build)
    save(site / "content/posts/2024-03-10-first.md", article("最初の記事（再）", "2024-03-10"))
    running.when("/posts/first/", lambda r: "最初の記事（再）" in r.text, "the next good build")


def test_an_english_site_gets_the_overlay_in_english(
    tmp_path: Path, start_preview: StartPreview, open_stream: OpenStream
) -> None:
    site = sample_site(tmp_path / "site")
    save(site / "site.toml", MINIMAL_CONFIG + 'language = "en"\n')
    running = start_preview(site)
    stream = open_stream(running.url)
    assert stream.next()["title"] == "The build failed"
    save(site / "content/posts/2024-03-10-first.md", "---\ntitle: [\n---\n")
    failed = stream.until(lambda status: bool(status["problems"]))
    assert (failed["lang"], failed["close"]) == ("en", "Close")


def test_bursts_of_saves_rebuild_until_the_last_save_is_served(
    running: Running, site: Path
) -> None:
    path = site / "content/posts/2024-03-10-first.md"
    for number in range(20):
        save(path, article(f"最初の記事 {number}", "2024-03-10", tags="[経営]"))
    running.when("/posts/first/", lambda r: "最初の記事 19" in r.text, "the last save")
    builds = eventually(lambda: [line for line in running.log if "changed:" in line], "the log")
    assert 1 <= len(builds) <= 20
    eventually(lambda: running.preview.live.current.problems == (), "a quiet, clean state")


def test_a_restart_on_the_same_port_rewrites_nothing(
    tmp_path: Path, start_preview: StartPreview
) -> None:
    site = sample_site(tmp_path / "site")
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    first = start_preview(site, port=port)
    files, changed = written(first.log[0])
    assert changed == files > 0
    first.preview.close()
    assert (first.preview.output / "index.html").is_file()  # kept for the next start
    again = start_preview(site, port=port)
    assert written(again.log[0]) == (files, 0)
    assert "最初の記事" in again.page("/posts/first/")


def written(line: str) -> tuple[int, int]:
    """Files and changed files of a first build's log line."""
    match = re.fullmatch(r"built \d+ articles?, (\d+) files \((\d+) changed\) in .* s", line)
    assert match, line
    return int(match.group(1)), int(match.group(2))
