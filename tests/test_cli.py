"""The command line end to end, in a temporary folder, as a user runs it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sitekit import REPO, article, clean_build, main_of, run_cli, snapshot, write_site

from sitegen import __version__
from sitegen import output as output_module
from sitegen.cli import main
from sitegen.output import Staging


def test_init_new_build_check(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    created = run_cli("init", str(site))
    assert created.returncode == 0, created.stderr
    assert (site / "site.toml").is_file() and (site / "static").is_dir()
    assert (site / ".gitignore").read_text().splitlines() == [
        "/public/", ".sitegen-cache/", "/.public.staging-*/"
    ]  # fmt: skip

    new = run_cli(
        "new", "アリコ 13万人に謝罪金", "--tags", "経営、個人情報", "--slug", "alico", cwd=site
    )
    assert new.returncode == 0, new.stderr
    today = dt.datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat()
    path = site / f"content/posts/{today}-alico.md"
    assert new.stdout.strip() == path.relative_to(site).as_posix()
    text = path.read_text("utf-8")
    assert text.startswith('---\ntitle: "アリコ 13万人に謝罪金"\ndate: ')
    assert 'tags: ["経営", "個人情報"]' in text
    chart = io.BytesIO()
    Image.new("RGB", (1000, 500), (200, 40, 40)).save(chart, "PNG")
    (site / "content/posts/images").mkdir()
    (site / "content/posts/images/chart.png").write_bytes(chart.getvalue())
    path.write_text(text + "\n![売上の推移](images/chart.png)\n", "utf-8")

    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built 2 articles, ")
    page = (site / "public/posts/alico/index.html").read_text("utf-8")
    assert "<title>アリコ 13万人に謝罪金 | 私のブログ</title>" in page
    year, month, day = (int(part) for part in today.split("-"))
    assert f">{year}年{month}月{day}日</time>" in page
    # A new site's copies of large pictures are WebP (see init's site.toml).
    assert 'srcset="/posts/images/chart-640w.webp 640w, /posts/images/chart-1000w.webp' in page
    assert (site / "public/posts/images/chart-640w.webp").is_file()
    tag_page = main_of((site / "public/tags/個人情報/index.html").read_text("utf-8"))
    assert "アリコ 13万人に謝罪金" in tag_page
    assert (site / "public/tags/management/index.html").is_file()  # 経営 → management in site.toml
    first = (site / "public/posts/hello/index.html").read_text("utf-8")  # init's own article
    assert '<nav class="toc"' in first  # as it says: two headings make a table of contents

    assert (site / "public/pagefind/pagefind.js").is_file()  # indexed for search
    with Image.open(site / "public/favicon.ico") as icon:  # what browsers ask every site for
        assert icon.format == "ICO" and icon.info["sizes"] == {(16, 16), (32, 32)}
    assert "Sitemap:" not in (site / "public/robots.txt").read_text("utf-8")  # no base_url yet

    checked = run_cli("check", "--site", str(site))
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines() == [
        'site.toml: warning: base_url is not set: no feeds or sitemap are written, and pages have no canonical URL (hint: set base_url = "https://your.domain/" in site.toml, or pass --base-url)'
    ]
    assert "no errors, 1 warning" in checked.stdout


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    assert run_cli("new", "同じ記事", "--slug", "same", "--site", str(site)).returncode == 0
    again = run_cli("--site", str(site), "new", "同じ記事", "--slug", "same")
    assert again.returncode == 1
    assert "already exists; not overwritten" in again.stderr


def test_new_refuses_the_address_of_an_article_there_already(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    older = site / "content/posts/2024-07-03-free-shipping.md"
    older.write_text(article("送料無料", "2024-07-03"), "utf-8")
    taken = run_cli("--site", str(site), "new", "送料無料の続き", "--slug", "free-shipping")
    assert taken.returncode == 1
    assert taken.stderr.splitlines()[0] == (
        "content/posts/2024-07-03-free-shipping.md: its address /posts/free-shipping/ is the"
        " one the new file would have: nothing created (hint: pass another slug with --slug)"
    )
    assert [p.name for p in (site / "content/posts").glob("*free-shipping*")] == [older.name]
    assert run_cli("--site", str(site), "new", "続き", "--slug", "free-shipping-2").returncode == 0
    pages = sorted(p.name for p in (site / "content").glob("*.md"))
    for slug, made_by in [("tags", "the tag index"), ("search", "the search page")]:
        built_in = run_cli("--site", str(site), "new", "一覧", "--page", "--slug", slug)
        assert built_in.returncode == 1
        assert built_in.stderr.startswith(f"{made_by}: its address /{slug}/ is the one")
    assert sorted(p.name for p in (site / "content").glob("*.md")) == pages


def test_new_page_and_new_draft(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    (site / "archetypes/page.md").unlink()  # without one, a page is its title alone
    page = run_cli("--site", str(site), "new", "会社案内", "--page", "--slug", "company")
    assert (page.returncode, page.stdout.strip()) == (0, "content/company.md")
    assert (site / "content/company.md").read_text("utf-8") == '---\ntitle: "会社案内"\n---\n\n'
    draft = run_cli("--site", str(site), "new", "書きかけ", "--draft", "--slug", "wip")
    assert draft.returncode == 0
    text = (site / draft.stdout.strip()).read_text("utf-8")
    assert "\ndraft: true\n" in text and "\ndate: " in text
    tagged = run_cli("--site", str(site), "new", "概要", "--page", "--tags", "経営")
    assert tagged.returncode == 1 and "a page has no tags" in tagged.stderr
    built = run_cli("--site", str(site), "build", "--drafts")
    assert built.returncode == 0, built.stderr
    assert (site / "public/company/index.html").exists() and (site / "public/posts/wip").is_dir()


def test_new_refuses_a_title_too_long_for_a_file_name(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    title = "長" * 82  # a 246-byte slug: a valid folder name, but not with the date and .md
    result = run_cli("--site", str(site), "new", title)
    assert result.returncode == 1
    assert "slug makes a file name of 260 bytes; a disk allows 255" in result.stderr
    assert "Traceback" not in result.stderr
    assert run_cli("--site", str(site), "new", title, "--slug", "short").returncode == 0


def test_new_names_an_empty_title_and_a_title_without_letters(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    empty = run_cli("new", " ", cwd=site)
    assert (empty.returncode, empty.stderr.splitlines()[0]) == (
        1, 'the title must not be empty (hint: e.g. sitegen new "値上げの伝え方")'
    )  # fmt: skip
    punctuation = run_cli("new", "？！", cwd=site)
    assert punctuation.returncode == 1
    assert "slug must not be empty (hint: pass another one with --slug)" in punctuation.stderr
    assert run_cli("new", "？！", "--slug", "faq", cwd=site).returncode == 0


def test_new_drops_the_thousands_comma_of_a_number_in_the_title_from_the_slug(
    tmp_path: Path,
) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    new = run_cli("new", "「謝罪金」の相場は？ 1,000円が妥当か", cwd=site)
    assert new.returncode == 0, new.stderr
    assert new.stdout.strip().endswith("-謝罪金-の相場は-1000円が妥当か.md")  # not 1-000円


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 1
    assert "already exists and is not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_init_takes_its_folder_as_an_argument_not_site(tmp_path: Path) -> None:
    result = run_cli("--site", str(tmp_path / "a"), "init", str(tmp_path / "b"))
    assert result.returncode == 2
    assert "give the new site's folder as DIR, not --site" in result.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_content_errors_exit_1_with_file_and_line_and_no_traceback(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    (site / "content/posts/bad.md").write_text(
        "---\ntitle: 壊れた記事\ndate: 2009-13-01\n---\n", "utf-8"
    )
    for command in ("build", "check"):
        result = run_cli(command, cwd=site)
        assert result.returncode == 1
        assert "content/posts/bad.md:3: date: not a date ('2009-13-01')" in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.rstrip().endswith("sitegen: 1 error")


def test_an_empty_date_is_an_error_at_its_line_in_check_build_and_list(tmp_path: Path) -> None:
    # QA: an empty date (WordPress exporters write one for drafts) was a traceback.
    write_site(tmp_path, {"content/posts/a.md": "---\ntitle: 下書き\ndate:\ndraft: true\n---\n"})
    for command in ("check", "build", "list"):
        result = run_cli(command, cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr, command
        assert result.stderr.startswith("content/posts/a.md:3: date: required for articles"), (
            command
        )


def test_check_lists_warnings_and_still_succeeds(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    (site / "content/posts/html.md").write_text(
        "---\ntitle: t\ndate: 2024-01-01\n---\n\n<b>太字</b>\n", "utf-8"
    )
    result = run_cli("check", cwd=site)
    assert result.returncode == 0
    assert "content/posts/html.md:6: warning: raw HTML omitted: '<b>'" in result.stderr
    assert "no errors, 3 warnings" in result.stdout  # and a missing base_url


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("build", "--no-such-option").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    assert run_cli().returncode == 2


def test_an_interrupted_build_says_so_and_leaves_the_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = write_site(tmp_path, {"content/posts/a.md": article("一つ目")})
    assert main(["--site", str(site), "build"]) == 0
    before = snapshot(site / "public")
    (site / "content/posts/a.md").write_text(article("書き換えた"), "utf-8")

    def interrupted(*args: object, **kwargs: object) -> list[str]:
        raise KeyboardInterrupt  # Ctrl-C just as the new files would move in

    monkeypatch.setattr(Staging, "commit", interrupted)
    assert main(["--site", str(site), "build"]) == 130
    assert "sitegen: interrupted" in capsys.readouterr().err
    assert snapshot(site / "public") == before
    assert sorted(p.name for p in site.iterdir() if "staging" in p.name) == []


def test_ctrl_c_while_the_files_move_in_waits_until_the_output_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {f"content/posts/{n}.md": article(f"記事{n}", tags="[経営]") for n in range(5)}
    site = write_site(tmp_path / "site", files)
    assert main(["--site", str(site), "build"]) == 0
    (site / "site.toml").write_text('title = "新しい名前"\n', "utf-8")  # every page changes
    real_move = output_module._move
    moved: list[str] = []

    def move(staged: str, final: str) -> None:
        if not moved:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the first file moves in
        moved.append(final)
        real_move(staged, final)

    monkeypatch.setattr(output_module, "_move", move)
    assert main(["--site", str(site), "build"]) == 130
    assert "sitegen: interrupted" in capsys.readouterr().err
    assert len(moved) > 10  # every changed file, then the interruption
    assert pages(site) == clean_build(site, tmp_path / "clean")


def pages(site: Path) -> dict[str, bytes]:
    """The output of ``site`` but its search index (the next build makes that)."""
    return {k: v for k, v in snapshot(site / "public").items() if not k.startswith("pagefind/")}


def test_sigterm_stops_a_build_as_ctrl_c_does(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一つ目")})
    assert run_cli("build", cwd=site).returncode == 0
    (site / "site.toml").write_text('title = "新しい名前"\n', "utf-8")
    # The console script, sent SIGTERM (by timeout, a cancelled CI job) as files move in.
    script = (
        "import os, signal, sitegen.output as o, sitegen.cli as c\n"
        "real = o._move\n"
        "def move(staged, final):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    real(staged, final)\n"
        "o._move = move\n"
        "c.run()\n"
    )
    stopped = subprocess.run(
        [sys.executable, "-c", script, "build"],
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (stopped.returncode, stopped.stderr) == (130, "sitegen: interrupted\n")
    assert pages(site) == clean_build(site, tmp_path / "clean")
    assert [p.name for p in site.iterdir() if "staging" in p.name] == []


def test_not_a_site_exits_1(tmp_path: Path) -> None:
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "site.toml: no site.toml in this folder" in result.stderr


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.strip() == f"sitegen {__version__}"
    helptext = run_cli("--help").stdout
    for command in ("init", "new", "build", "check"):
        assert command in helptext
    assert "--drafts" in run_cli("build", "--help").stdout


def test_build_options_output_base_url_and_verbose(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    result = run_cli(
        "build", "-o", str(tmp_path / "out"), "--base-url", "https://example.org/x/", "-v", cwd=site
    )
    assert result.returncode == 0, result.stderr
    assert "render" in result.stdout and " ms" in result.stdout
    assert 'href="/x/tags/"' in (tmp_path / "out/index.html").read_text("utf-8")
    bad = run_cli("build", "--base-url", "ftp://x", cwd=site)
    assert bad.returncode == 2  # a mistake in the command, found before anything is read
    assert "--base-url: must be an absolute http(s) URL" in bad.stderr


def test_strict_makes_warnings_fail_build_check_and_publish_before_anything_is_written(
    tmp_path: Path,
) -> None:
    site = write_site(
        tmp_path / "blog",
        {"content/posts/a.md": article("記事")},
        'title = "t"\nbase_url = "https://example.com/"\n',
    )
    assert run_cli("--site", str(site), "build", "--strict").returncode == 0  # no warning yet
    before = snapshot(site / "public")
    (site / "content/posts/a.md").write_text(article("記事", body="[資料](/files/a.pdf)"), "utf-8")
    broken = "content/posts/a.md:6: broken link: nothing in the site at '/files/a.pdf'"
    for command in (["build"], ["check"], ["publish", str(tmp_path / "www")]):
        strict = run_cli("--site", str(site), *command, "--strict")
        assert strict.returncode == 1, command
        assert broken in strict.stderr and "sitegen: 1 error" in strict.stderr
        assert snapshot(site / "public") == before  # the last good site, as it was
    assert not (tmp_path / "www").exists()  # nothing published
    assert run_cli("--site", str(site), "build").returncode == 0  # a warning, not an error
    again = run_cli("--site", str(site), "build", "--strict")  # nothing changed: it says so
    assert again.returncode == 1 and broken in again.stderr


def test_new_starts_from_the_sites_archetype(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    assert run_cli("init", str(site)).returncode == 0
    (site / "archetypes/default.md").write_text(
        "---\n"
        "title: 置き換えられる\n"
        "tags:\n  - 既定のタグ\n"  # a key held over several lines
        "slug: never-kept\n"
        "author: 編集部  # the site's pick\n"
        "# sources:\n#   x: {publisher: 紙}\n"
        "---\n\n結論。\n\n<!--more-->\n\n## 背景\n",
        "utf-8",
    )
    (site / "archetypes/page.md").write_text("---\nmenu: footer\n---\n\n連絡先。\n", "utf-8")
    made = run_cli("--site", str(site), "new", "値上げ", "--slug", "price", "--tags", "経営")
    assert made.returncode == 0, made.stderr
    text = (site / made.stdout.strip()).read_text("utf-8")
    assert text.startswith('---\ntitle: "値上げ"\ndate: ')
    assert text.endswith(
        'tags: ["経営"]\nauthor: 編集部  # the site\'s pick\n'
        "# sources:\n#   x: {publisher: 紙}\n---\n\n結論。\n\n<!--more-->\n\n## 背景\n"
    )
    untagged = run_cli("--site", str(site), "new", "無印", "--slug", "plain")
    kept = (site / untagged.stdout.strip()).read_text("utf-8")
    assert "tags:\n  - 既定のタグ\n" in kept  # the archetype's own, when --tags is not given
    page = run_cli("--site", str(site), "new", "お問い合わせ", "--page", "--slug", "contact")
    assert (site / "content/contact.md").read_text("utf-8") == (
        '---\ntitle: "お問い合わせ"\nmenu: footer\n---\n\n連絡先。\n'
    )
    assert page.returncode == 0
    built = run_cli("--site", str(site), "build", "--strict", "--base-url", "https://e.jp/")
    assert built.returncode == 0, built.stderr + built.stdout


def test_an_archetype_that_does_not_load_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    assert run_cli("init", str(site)).returncode == 0
    (site / "archetypes/default.md").write_text("---\nauthor: a: b\n---\n", "utf-8")
    made = run_cli("--site", str(site), "new", "記事")
    assert made.returncode == 1
    assert made.stderr.startswith("archetypes/default.md:2: ")
    assert not list((site / "content/posts").glob("*-記事.md"))


def test_a_new_site_starts_articles_from_its_archetype(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    assert run_cli("init", str(site)).returncode == 0
    made = run_cli("--site", str(site), "new", "最初の下書き", "--slug", "first", "--draft")
    text = (site / made.stdout.strip()).read_text("utf-8")
    assert "\ndraft: true\n# 引用するニュースは sources に書き" in text
    assert text.endswith("\n## まとめ\n")
    page = run_cli("--site", str(site), "new", "会社概要", "--slug", "company", "--page")
    assert page.returncode == 0, page.stderr
    assert (site / "content/company.md").read_text("utf-8") == (
        '---\ntitle: "会社概要"\n'
        "# 固定ページ（会社概要、お問い合わせ）はヘッダーのメニューに並びます。\n"
        "# フッターに置くなら menu: footer、どちらにも置かないなら menu: false。\n"
        "# menu: footer\n# メニューの並び順。小さいほうが先です。\n# weight: 10\n"
        "---\n\nこのページで伝えることを一、二文で。\n"
    )
    built = run_cli("--site", str(site), "check", "--drafts")
    assert built.returncode == 0 and "no errors" in built.stdout, built.stderr


def test_a_new_english_site_starts_pages_from_an_english_archetype(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    assert run_cli("init", "--language", "en", str(site)).returncode == 0
    page = run_cli("--site", str(site), "new", "Contact", "--page")
    assert page.returncode == 0, page.stderr
    text = (site / "content/contact.md").read_text("utf-8")
    assert text.startswith('---\ntitle: "Contact"\n# A page (about, contact) is listed in')
    assert text.endswith("---\n\nWhat this page is for, in a sentence or two.\n")


def test_a_new_site_shows_the_summary_length_of_its_language(tmp_path: Path) -> None:
    # QA: an English site kept the 120 characters that suit Japanese, and did not say so.
    for language, length in (("en", 300), ("ja", 120)):
        assert run_cli("init", "--language", language, str(tmp_path / language)).returncode == 0
        settings = (tmp_path / language / "site.toml").read_text("utf-8")
        assert f"\n# summary_length = {length}\n" in settings


def test_a_new_sites_settings_name_a_heading_the_readme_has(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    assert run_cli("init", str(site)).returncode == 0
    first = (site / "site.toml").read_text("utf-8").splitlines()[0]
    named = re.search(r"README の「(.+?)」", first)
    assert named, first
    readme = (REPO / "README.md").read_text("utf-8")
    assert re.search(rf"^#+ {re.escape(named[1])}\b", readme, re.M), named[1]


LISTED = {
    "content/posts/a.md": article("公開中の記事", "2024-03-12 09:00"),
    "content/posts/b.md": article("書きかけ", "2024-03-20", draft="true"),
    "content/posts/予約.md": article("予約した記事", "2099-01-01 07:00"),
    "content/posts/d.md": article("終わった企画", "2023-12-01", expires="2024-01-31"),
    "content/posts/e.md": article("先の下書き", "2099-02-01", draft="true"),
    "content/about.md": "---\ntitle: このブログについて\n---\n\n本文。\n",
}


def test_list_shows_each_article_and_what_keeps_it_unpublished(tmp_path: Path) -> None:
    write_site(tmp_path, LISTED)
    listed = run_cli("list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [  # a Japanese character takes two columns
        "state         date              path                   title",
        "draft,future  2099-02-01 00:00  content/posts/e.md     先の下書き",
        "future        2099-01-01 07:00  content/posts/予約.md  予約した記事",
        "draft         2024-03-20 00:00  content/posts/b.md     書きかけ",
        "published     2024-03-12 09:00  content/posts/a.md     公開中の記事",
        "expired       2023-12-01 00:00  content/posts/d.md     終わった企画",
        "published                       content/about.md       このブログについて",
    ]
    drafts = run_cli("list", "drafts", cwd=tmp_path).stdout.splitlines()
    assert [line.split()[3] for line in drafts[1:]] == ["content/posts/e.md", "content/posts/b.md"]
    future = run_cli("list", "future", "--site", str(tmp_path)).stdout.splitlines()
    assert [line.split()[3] for line in future[1:]] == [
        "content/posts/e.md",
        "content/posts/予約.md",
    ]
    published = run_cli("list", "published", cwd=tmp_path).stdout.splitlines()
    assert [line.split()[-1] for line in published[1:]] == ["公開中の記事", "このブログについて"]


def test_list_as_csv_has_every_column(tmp_path: Path) -> None:
    write_site(tmp_path, LISTED)
    listed = run_cli("list", "expired", "--csv", cwd=tmp_path)
    rows = list(csv.reader(io.StringIO(listed.stdout)))
    assert rows == [
        ["state", "date", "expires", "kind", "path", "url", "title"],
        [
            "expired", "2023-12-01 00:00", "2024-01-31 00:00", "article",
            "content/posts/d.md", "/posts/d/", "終わった企画",
        ],
    ]  # fmt: skip


def test_list_as_csv_shows_the_address_a_post_has_of_its_own(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("a", url="/2015/03/%e7%b5%8c.html")})
    rows = list(csv.reader(io.StringIO(run_cli("list", "--csv", cwd=tmp_path).stdout)))
    assert [row[5] for row in rows] == ["url", "/2015/03/%E7%B5%8C.html"]


def test_list_says_when_there_is_nothing_and_names_a_broken_file(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    empty = run_cli("list", "drafts", cwd=tmp_path)
    assert (empty.returncode, empty.stdout) == (0, "")
    assert empty.stderr == "nothing to list: no drafts articles or pages\n"
    write_site(tmp_path, {"content/posts/b.md": "---\ntitle: 日付なし\n---\n"})
    broken = run_cli("list", cwd=tmp_path)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert broken.stderr.startswith("content/posts/b.md:")
    assert "content/posts/a.md" in broken.stdout  # the files that read are listed all the same
    assert "b.md" not in broken.stdout


def test_build_counts_the_files_it_removed_apart(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"content/posts/a.md": article("一つ目"), "content/posts/b.md": article("二")}
    )
    assert run_cli("build", cwd=site).returncode == 0
    (site / "content/posts/b.md").unlink()
    rebuilt = run_cli("build", cwd=site)
    counted = re.search(
        r"built 1 article, (\d+) files \((\d+) changed, (\d+) removed\)", rebuilt.stdout
    )
    assert counted, rebuilt.stdout
    files, written, removed = map(int, counted.groups())
    assert written < files and removed == 1  # b's page


def test_control_characters_of_titles_and_file_names_never_reach_the_terminal(
    tmp_path: Path,
) -> None:
    """A writer's escape sequences (set the window title, erase the line and forge
    another) are shown escaped, as repr() writes them; CSV keeps the text, with U+FFFD
    for each control character."""
    forged = r"harmless\e]0;title\a\e[2K\rpublished  content/posts/fake.md\x85\x7f"
    bad_name = "content/posts/x\x1b[2K\rok.md"
    write_site(
        tmp_path,
        {
            "content/posts/a.md": f'---\ntitle: "{forged}"\ndate: 2024-01-01\n---\n本文\n',
            bad_name: "---\ntitle: x\ndate: 2024-01-02\ndraft: maybe\n---\n本文\n",
            "content/posts/b.md": '---\ntitle: "one\\ntwo"\ndate: 2023-01-01\n---\n本文\n',
        },
    )
    shown = r"harmless\x1b]0;title\x07\x1b[2K\rpublished  content/posts/fake.md\x85\x7f"
    listed = run_cli("list", cwd=tmp_path)
    assert listed.stdout.splitlines()[1].endswith(f"content/posts/a.md  {shown}")
    assert listed.stdout.splitlines()[2].endswith("content/posts/b.md  one\\ntwo")  # a cell
    problem = r"content/posts/x\x1b[2K\rok.md:4: draft: must be true or false, not 'maybe'"
    assert listed.stderr.startswith(problem)
    assert run_cli("check", cwd=tmp_path).stderr.startswith(problem)
    rows = list(csv.reader(io.StringIO(run_cli("list", "--csv", cwd=tmp_path).stdout)))
    kept = "harmless\ufffd]0;title\ufffd\ufffd[2K\ufffdpublished  content/posts/fake.md\ufffd\ufffd"
    assert rows[1][-1] == kept


@pytest.mark.parametrize("titles", [1, 40], ids=["written-at-exit", "written-on-the-way"])
def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path, titles: int) -> None:
    """`sitegen list | head`: the reader closes the pipe; no traceback, exit 141 (as git)."""
    write_site(tmp_path, {f"content/posts/{i}.md": article("長" * 300) for i in range(titles)})
    read_end, write_end = os.pipe()
    os.close(read_end)  # gone before sitegen writes a line: every write fails
    try:
        listed = subprocess.run(
            [sys.executable, "-m", "sitegen", "list", "--csv"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (listed.returncode, listed.stderr) == (141, "")


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("posts/my-post.md", "--slug my-post (it writes content/posts/DATE-SLUG.md)"),
        ("content/posts/2024/x.markdown", "--slug x (it writes content/posts/DATE-SLUG.md)"),
        ("about.md", "--slug about --page (it writes content/SLUG.md)"),
        ("posts/my-post", "--slug my-post (it writes content/posts/DATE-SLUG.md)"),
    ],
)
def test_new_refuses_a_file_typed_for_the_title_as_hugo_new_takes_it(
    tmp_path: Path, typed: str, hint: str
) -> None:
    site = tmp_path / "blog"
    run_cli("init", str(site))
    before = snapshot(site / "content")
    refused = run_cli("new", typed, cwd=site)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        f'new takes the title, not a file: {typed!r} (hint: sitegen new "the title" {hint})'
    )
    assert snapshot(site / "content") == before  # no …-posts-my-post.md.md
    slashed = run_cli("new", "売上/利益の関係", cwd=site)  # a title may have a slash
    assert slashed.returncode == 0, slashed.stderr
