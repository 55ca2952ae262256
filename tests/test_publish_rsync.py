"""Publishing with rsync: no permission churn, odd file names, ssh:// URLs, clear failures."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import publishkit
import pytest
from publishkit import Sshd, built_files, free_port, make_site, run_publish, stop_group
from sitekit import REPO, article, run_cli, snapshot

from sitegen.errors import SiteError
from sitegen.publish.plan import Manifest
from sitegen.publish.process import run
from sitegen.publish.rsync import STAGING, RsyncRemote
from sitegen.search import find_pagefind
from sitegen.targets import PublishTarget, RsyncLocation

sshd = publishkit.sshd

MiB = 1024 * 1024


def test_permissions_of_the_remote_files_are_left_alone(tmp_path: Path) -> None:
    www = tmp_path / "www"
    site = make_site(tmp_path / "site", f'url = "{www}"\n')
    run_publish(site)
    (www / "about/index.html").chmod(0o640)
    (www / "index.html").chmod(0o600)
    (site / "content/about.md").write_text("---\ntitle: 改訂\n---\n\n改訂。\n", "utf-8")

    result = run_publish(site)
    assert "about/index.html" in result.plan.updates
    assert (www / "about/index.html").stat().st_mode & 0o777 == 0o640
    assert (www / "index.html").stat().st_mode & 0o777 == 0o600
    assert "改訂" in (www / "about/index.html").read_text("utf-8")


def test_file_names_with_spaces_brackets_and_japanese_compare_correctly(tmp_path: Path) -> None:
    www = tmp_path / "www"
    site = make_site(tmp_path / "site", f'url = "{www}"\n')
    for name in ("資料 [第1版].txt", "a\\b.txt"):
        (site / "static" / name).write_text(name, "utf-8")
    first = run_publish(site)
    assert {"資料 [第1版].txt", "a\\b.txt"} <= set(first.plan.uploads)
    assert run_publish(site).plan.transfers == ()
    (www / "古い [版].txt").write_text("old", "utf-8")
    assert run_publish(site, delete=True).plan.stale == ("古い [版].txt",)
    assert not (www / "古い [版].txt").exists()


def test_a_keep_entry_with_wildcard_characters_is_taken_literally(tmp_path: Path) -> None:
    www = tmp_path / "www"
    site = make_site(tmp_path / "site", f'url = "{www}"\nkeep = ["[x]/", "a*"]\n')
    run_publish(site)
    planted = {"[x]/kept.txt": "k", "x/gone.txt": "g", "a*": "k", "ab": "g"}
    for name, text in planted.items():
        (www / name).parent.mkdir(exist_ok=True)
        (www / name).write_text(text)
    result = run_publish(site, delete=True, yes=True)
    assert (result.plan.stale, result.plan.kept) == (("ab", "x/gone.txt"), ("[x]/kept.txt", "a*"))
    assert sorted(p.name for p in www.rglob("*.txt")) == ["kept.txt", "robots.txt"]
    assert (www / "a*").exists() and not (www / "ab").exists()


def test_an_ssh_url_with_a_port_reaches_the_server(
    tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSYNC_RSH", f"ssh -F {sshd.ssh_config}")
    www = tmp_path / "www"
    site = make_site(tmp_path / "site", f'url = "ssh://{sshd.user}@127.0.0.1:{sshd.port}{www}"\n')
    run_publish(site)
    assert snapshot(www) == built_files(site, tmp_path / "built")


def test_ssh_failure_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RSYNC_RSH", raising=False)
    port = free_port()  # nothing listens there
    site = make_site(tmp_path / "site", f'url = "ssh://127.0.0.1:{port}/srv/www"\n')
    result = run_cli("publish", cwd=site)
    assert result.returncode == 1
    # rsync exits with 12 or 255 here, depending on when it notices that ssh is gone.
    assert re.fullmatch(
        rf"production \(ssh://127\.0\.0\.1:{port}/srv/www\): rsync failed \(exit \d+\): "
        rf"ssh: connect to host 127\.0\.0\.1 port {port}: Connection refused\n"
        "sitegen: 1 error\n",
        result.stderr,
    )


def test_a_local_folder_that_cannot_be_made_fails_the_dry_run_too(tmp_path: Path) -> None:
    """rsync makes the target folder but not its parents; its dry run makes nothing, so
    only the real run found out, after the dry run had promised every upload."""
    site = make_site(tmp_path / "site", 'url = "./missing/parent/www"\n')
    parent = site / "missing/parent"
    message = (
        f"production (./missing/parent/www): cannot make the folder 'www': {parent} "
        f"does not exist (hint: create {parent} first, or check the url)"
    )
    for dry_run in (True, False):
        with pytest.raises(SiteError) as failed:
            run_publish(site, dry_run=dry_run)
        assert [str(p) for p in failed.value.problems] == [message]
    dry = run_cli("publish", "--dry-run", cwd=site)
    assert (dry.returncode, dry.stderr) == (1, f"{message}\nsitegen: 1 error\n")
    assert not (site / "missing").exists()


def test_rsyncs_escaped_bytes_in_an_error_are_the_names_characters(tmp_path: Path) -> None:
    """rsync escapes the bytes of a Japanese name where it is not told --8-bit-output
    (the server's side of an SSH transfer): the message shows the name as written."""
    (tmp_path / "a").mkdir()
    target = tmp_path / "missing/ブログ"
    with pytest.raises(SiteError) as failed:
        run(["rsync", "--recursive", f"{tmp_path / 'a'}/", f"{target}/"], where="x")
    message = failed.value.problems[0].message
    assert f'mkdir "{target}" failed' in message, message


def test_an_ssh_targets_error_shows_a_japanese_path_as_written(
    tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSYNC_RSH", f"ssh -F {sshd.ssh_config}")
    target = tmp_path / "my site/ブログ"
    site = make_site(tmp_path / "site", f'url = "{sshd.user}@127.0.0.1:{target}"\n')
    with pytest.raises(SiteError) as failed:
        run_publish(site)
    message = failed.value.problems[0].message
    assert re.match(rf'rsync failed \(exit \d+\): rsync: .*mkdir "{target}" failed', message), (
        message
    )


def _running_with(text: str) -> list[str]:
    """The command lines of live processes (not zombies) that mention ``text``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue  # gone meanwhile, or not a process
        if state != "Z" and text in command:
            found.append(command)
    return found


def test_an_interrupted_upload_stops_rsync_and_leaves_no_staged_files(tmp_path: Path) -> None:
    """SIGTERM (a cancelled CI job) during the upload to a folder: rsync is stopped, not
    left running, and the new pages it had staged in .~tmp~ never appear in the site."""
    www = tmp_path / "www"
    site = make_site(tmp_path / "site", f'url = "{www}"\n')
    run_publish(site)
    about = (www / "about/index.html").read_bytes()
    (site / "content/about.md").write_text("---\ntitle: 改訂\n---\n\n改訂。\n", "utf-8")
    (site / "static/media").mkdir()
    for number in range(3):
        (site / f"static/media/big{number}.bin").write_bytes(random.randbytes(2 * MiB))
    # The real rsync, only slower, so that the signal comes halfway through.
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "rsync").write_text(f'#!/bin/sh\nexec {shutil.which("rsync")} --bwlimit=1000 "$@"\n')
    (slow / "rsync").chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PATH": f"{slow}:{os.environ['PATH']}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "publish"],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        staged = www / "about" / STAGING / "index.html"  # the new page, not live yet
        deadline = time.monotonic() + 60
        while not staged.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert staged.exists() and process.poll() is None, "the upload did not start"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        stop_group(process)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # any rsync it left behind
    assert (process.returncode, stderr.decode()) == (130, "sitegen: interrupted\n")
    assert _running_with(str(www)) == []
    assert sorted(www.rglob(STAGING)) == []
    assert (www / "about/index.html").read_bytes() == about


def test_refuses_to_publish_into_the_site_itself(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 'url = "./static/www"\n')
    for target in ("./static/www", ".", ".."):
        with pytest.raises(SiteError, match="refusing to publish into the site's own folders"):
            run_publish(site, target=str(site / target))
    assert not (site / "static/www").exists()


def test_without_rsync_the_error_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    site = make_site(tmp_path / "site", f'url = "{tmp_path / "www"}"\n')
    with pytest.raises(SiteError) as failed:
        run_publish(site)
    assert [str(p) for p in failed.value.problems] == [
        f"production ({tmp_path / 'www'}): rsync is not installed "
        "(hint: install rsync, e.g. apt install rsync)"
    ]


def test_the_command_line_prints_the_plan_the_summary_and_the_guard(tmp_path: Path) -> None:
    www = tmp_path / "www"
    site = make_site(tmp_path / "site", f'url = "{www}"\nmax_deletes = 2\n')
    count = len(built_files(site, tmp_path / "built"))
    label = f"production ({www})"

    dry = run_cli("publish", "--dry-run", cwd=site)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[0] == f"built {count} files; comparing with {label}"
    assert "  upload  tags/経営/index.html" in lines
    assert (
        lines[-1]
        == f"dry run, nothing changed on {label}: {count} to upload, 0 to update, 0 unchanged"
    )
    assert not www.exists()

    real = run_cli("publish", cwd=site)
    assert real.returncode == 0, real.stderr
    assert real.stdout.splitlines()[1:-1] == lines[1:-1]  # the same plan
    assert re.fullmatch(
        rf"published to {re.escape(label)}: {count} uploaded, 0 updated, 0 unchanged in \d+\.\d\d s",
        real.stdout.splitlines()[-1],
    )

    for name in ("2024-03-18-call-center.md", "2024-04-02-levers.md"):
        (site / "content/posts" / name).unlink()
    refused = run_cli("publish", "--delete", cwd=site)
    assert refused.returncode == 1
    # Two article pages, the tag マーケティング's page and its two feeds, the April archive.
    assert refused.stderr.startswith(
        f"{label}: refusing to publish: it would delete 6 files, more than max_deletes (2)"
    )
    assert (www / "posts/levers/index.html").exists()
    warned = run_cli("publish", "--delete", "--dry-run", cwd=site)
    assert warned.returncode == 0
    assert "  delete  posts/levers/index.html" in warned.stdout.splitlines()
    assert warned.stderr.startswith(
        "warning: without --yes a real run would refuse: it would delete "
    )
    assert run_cli("publish", "--delete", "--yes", cwd=site).returncode == 0
    assert not (www / "posts/levers/index.html").exists()


def test_a_refused_publish_prints_the_builds_warnings_first(tmp_path: Path) -> None:
    www = tmp_path / "www"
    site = make_site(tmp_path / "site", f'url = "{www}"\nmax_deletes = 0\n')
    run_publish(site)
    (www / "old.html").write_text("old")
    (site / "content/posts/2024-03-18-call-center.md").write_text(
        article("コールセンターの在宅化", "2024-03-18", body="在宅の話。<br>"), "utf-8"
    )
    warning = (
        "content/posts/2024-03-18-call-center.md:6: warning: raw HTML omitted: '<br>' "
        "(hint: raw HTML is off; set 'unsafe_html = true' under [markdown] in site.toml)"
    )

    refused = run_cli("publish", "--delete", cwd=site)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        warning,
        f"production ({www}): refusing to publish: it would delete a file, more than "
        "max_deletes (0); nothing was changed "
        "(hint: check the plan with --dry-run, then add --yes if it is right)",
        "sitegen: 1 error",
    ]
    assert (www / "old.html").exists()

    done = run_cli("publish", "--delete", "--yes", cwd=site)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [warning]  # told once, as before


@pytest.mark.skipif(find_pagefind() is None, reason="Pagefind is not installed")
def test_the_count_of_built_files_includes_the_search_index(tmp_path: Path) -> None:
    """The first line's count is what the plan then counts: the search index too."""
    www = tmp_path / "www"
    site = make_site(tmp_path / "site", f'url = "{www}"\n')
    config = (site / "site.toml").read_text("utf-8").replace("enabled = false", "enabled = true")
    (site / "site.toml").write_text(config, "utf-8")
    dry = run_cli("publish", "--dry-run", cwd=site)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    uploads = [line for line in lines if line.startswith("  upload  ")]
    index = [line for line in uploads if line.startswith("  upload  pagefind/")]
    assert index and len(uploads) > len(index)
    assert lines[0] == (
        f"built {len(uploads)} files ({len(index)} of them the search index); "
        f"comparing with production ({www})"
    )
    assert lines[-1].endswith(f": {len(uploads)} to upload, 0 to update, 0 unchanged")


@pytest.mark.parametrize(
    "url", ["-essh:/srv/www", "--log-file=pub.log:/srv", "me@-oProxyCommand=x:/srv"]
)
def test_a_host_that_rsync_would_take_for_an_option_is_refused_at_its_line(
    tmp_path: Path, url: str
) -> None:
    site = make_site(tmp_path / "site", f'url = "{url}"\n')
    result = run_cli("publish", cwd=site)
    assert result.returncode == 1
    line = (site / "site.toml").read_text("utf-8").splitlines().index(f'url = "{url}"') + 1
    assert result.stderr.startswith(
        f"site.toml:{line}: publish.production.url: a host cannot start"
    )
    assert "published" not in result.stdout


def test_rsync_reads_the_destination_as_an_operand_whatever_it_begins_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'--' ends rsync's options: a folder named '-x' (which rsync would otherwise read as
    --one-file-system, then merely list the site) is written to."""
    site = make_site(tmp_path / "site", f'url = "{tmp_path / "www"}"\n')
    built_files(site, tmp_path / "out")
    local = Manifest.scan(tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    remote = RsyncRemote(RsyncLocation("-x/"), PublishTarget(url="-x"), "-x", site)
    plan = remote.plan(local)
    assert (len(plan.uploads), plan.unchanged) == (len(local.files), 0)
    remote.apply(plan, local, delete=False)
    assert (tmp_path / "-x/index.html").is_file()


def test_a_target_with_its_own_base_url_is_built_for_that_address(tmp_path: Path) -> None:
    """A staging target (Pelican's publishconf.py, Hugo's environments): its canonical
    links, feeds and sitemap name the staging host, and the other target's the site's."""
    staging, production = tmp_path / "staging", tmp_path / "production"
    site = make_site(
        tmp_path / "site",
        f'url = "{production}"\n'
        f'[publish.staging]\nurl = "{staging}"\nbase_url = "https://staging.example.com/blog/"\n',
    )
    run_publish(site, target="staging")
    run_publish(site)
    staged = (staging / "posts/levers/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://staging.example.com/blog/posts/levers/">' in staged
    assert "https://staging.example.com/blog/posts/levers/" in (staging / "atom.xml").read_text()
    assert "https://staging.example.com/blog/" in (staging / "sitemap.xml").read_text()
    for name in ("posts/levers/index.html", "atom.xml", "sitemap.xml"):
        assert "staging" not in (production / name).read_text("utf-8")


# -- an rsync daemon (rsync://) ----------------------------------------------------

DAEMON_PASSWORD = "S3cret-pw@1"  # '@' in it: percent-encoded in the URL, as a URL needs


@pytest.fixture
def rsync_daemon(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """An rsync daemon on 127.0.0.1 whose module 'site' (the folder returned) takes the
    user 'blog' with :data:`DAEMON_PASSWORD`; stopped after the test."""
    folder, module = tmp_path / "daemon", tmp_path / "module"
    folder.mkdir()
    module.mkdir()
    secrets = folder / "secrets"
    secrets.write_text(f"blog:{DAEMON_PASSWORD}\n")
    secrets.chmod(0o600)  # rsync refuses a secrets file others can read
    (folder / "rsyncd.conf").write_text(
        f"use chroot = no\nuid = {os.getuid()}\ngid = {os.getgid()}\n"
        f"log file = {folder / 'rsyncd.log'}\n"
        f"[site]\npath = {module}\nread only = no\nauth users = blog\n"
        f"secrets file = {secrets}\n"
    )
    port = free_port()
    config = f"--config={folder / 'rsyncd.conf'}"
    process = subprocess.Popen(
        ["rsync", "--daemon", "--no-detach", config, f"--port={port}", "--address=127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert publishkit.wait_for_port(port, process), "the rsync daemon did not start"
        yield port, module
    finally:
        stop_group(process)


def test_an_rsync_daemon_gets_the_urls_password_from_the_environment_only(
    tmp_path: Path, rsync_daemon: tuple[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """rsync takes no password in a URL (it read rsync://u:pw@h/ as an ssh host named
    'rsync', and the command line, which every user sees, held the password)."""
    port, module = rsync_daemon
    monkeypatch.delenv("RSYNC_PASSWORD", raising=False)
    url = f"rsync://blog:S3cret-pw%401@127.0.0.1:{port}/site/blog"
    site = make_site(tmp_path / "site", f'url = "{url}"\n')
    started: list[tuple[list[str], dict[str, str]]] = []
    popen = subprocess.Popen

    def spy(args: list[str], **options: object) -> subprocess.Popen[bytes]:
        started.append((args, dict(options["env"])))  # type: ignore[call-overload]
        return popen(args, **options)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr("sitegen.publish.process.subprocess.Popen", spy)
    first = run_publish(site)
    assert snapshot(module / "blog") == built_files(site, tmp_path / "built")
    assert len(first.plan.uploads) == len(snapshot(module / "blog"))
    assert started and all(args[0] == "rsync" for args, _ in started)
    for args, env in started:
        assert not any("S3cret" in arg for arg in args), args
        assert args[-1] == f"rsync://blog@127.0.0.1:{port}/site/blog/"
        assert env["RSYNC_PASSWORD"] == DAEMON_PASSWORD
    assert run_publish(site).plan.transfers == ()


def test_a_wrong_rsync_daemon_password_is_one_clear_line(
    tmp_path: Path, rsync_daemon: tuple[int, Path]
) -> None:
    port, module = rsync_daemon
    url = f"rsync://blog:wrong-pw@127.0.0.1:{port}/site/blog/"
    site = make_site(tmp_path / "site", f'url = "{url}"\n')
    result = run_cli("publish", cwd=site)
    assert result.returncode == 1
    assert "wrong-pw" not in result.stdout + result.stderr
    assert result.stderr == (
        f"production (rsync://blog:***@127.0.0.1:{port}/site/blog/): rsync failed (exit 5):"
        " the rsync daemon refused: auth failed on module site (hint: check the user and"
        " password in the rsync:// URL, or RSYNC_PASSWORD)\nsitegen: 1 error\n"
    )
    assert not (module / "blog").exists()
