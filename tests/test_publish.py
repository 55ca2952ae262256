"""Publishing, the same behaviour on every kind of target, against real servers on 127.0.0.1.

Each scenario runs on an S3 bucket (moto), a local folder (rsync), a folder over
SSH (rsync through a loopback sshd) and a branch of a bare git repository.
"""

from __future__ import annotations

from pathlib import Path

import publishkit
import pytest
from publishkit import (
    Folder,
    GitBranch,
    Remote,
    S3Bucket,
    Sshd,
    bucket_name,
    built_files,
    make_site,
    run_publish,
)
from sitekit import article

from sitegen.errors import SiteError
from sitegen.publish import PublishOptions, PublishResult, publish

# The servers, started once for this module and stopped at the end of the run.
aws_env, moto_endpoint, sshd = publishkit.aws_env, publishkit.moto_endpoint, publishkit.sshd

KINDS = ["s3", "folder", "ssh", "git"]


@pytest.fixture(params=KINDS)
def remote(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Remote:
    kind = request.param
    if kind == "s3":
        request.getfixturevalue("aws_env")
        endpoint = request.getfixturevalue("moto_endpoint")
        return S3Bucket(endpoint, bucket_name(request.node.nodeid))
    if kind == "folder":
        return Folder(tmp_path / "www", str(tmp_path / "www"))
    if kind == "ssh":
        server: Sshd = request.getfixturevalue("sshd")
        monkeypatch.setenv("RSYNC_RSH", f"ssh -F {server.ssh_config}")
        return Folder(tmp_path / "www", f"sitegen-test:{tmp_path / 'www'}")
    return GitBranch(tmp_path / "pages.git")


@pytest.fixture
def site(tmp_path: Path, remote: Remote) -> Path:
    return make_site(tmp_path / "site", remote.table())


def expected(
    site: Path, remote: Remote, tmp_path: Path, name: str = "expected"
) -> dict[str, bytes]:
    return {**remote.added, **built_files(site, tmp_path / name)}


def test_first_publish_uploads_everything_and_a_second_publishes_nothing(
    site: Path, remote: Remote, tmp_path: Path
) -> None:
    first = run_publish(site)
    files = expected(site, remote, tmp_path)
    assert first.plan.uploads == tuple(sorted(files))
    assert (first.plan.updates, first.plan.stale, first.plan.unchanged) == ((), (), 0)
    assert remote.files() == files
    state = remote.state()

    second = run_publish(site)
    assert (second.plan.uploads, second.plan.updates) == ((), ())
    assert second.plan.unchanged == len(files)
    assert remote.state() == state  # not a byte written
    assert second.build.rendered == 0  # publish builds into a folder of its own, incrementally
    assert not (site / "public").exists()


def test_an_edited_article_uploads_exactly_its_changed_pages(
    site: Path, remote: Remote, tmp_path: Path
) -> None:
    run_publish(site)
    before = expected(site, remote, tmp_path, "before")
    edited = site / "content/posts/2024-03-18-call-center.md"
    edited.write_text(
        article(
            "コールセンターの在宅化",
            "2024-03-18",
            tags="[経営]",
            summary="在宅化の話。",
            body="書き直した本文。",
        ),
        "utf-8",
    )
    after = expected(site, remote, tmp_path, "after")
    changed = tuple(sorted(path for path in after if after[path] != before.get(path)))
    assert "posts/call-center/index.html" in changed
    assert "posts/apology/index.html" not in changed

    result = run_publish(site)
    assert (result.plan.uploads, result.plan.updates) == ((), changed)
    assert result.plan.unchanged == len(after) - len(changed)
    assert remote.files() == after


def test_delete_removes_stale_files_but_never_kept_ones(
    site: Path, remote: Remote, tmp_path: Path
) -> None:
    run_publish(site)
    remote.plant(
        {"old/index.html": b"old", "CNAME": b"blog.example.com\n", ".well-known/security.txt": b"x"}
    )
    kept = (".well-known/security.txt", "CNAME")

    without = run_publish(site)
    assert (without.plan.stale, without.plan.kept) == (("old/index.html",), kept)
    assert "old/index.html" in remote.files()

    deleting = run_publish(site, delete=True)
    assert deleting.closing_line().startswith(f"published to production ({remote.url}")
    assert "1 deleted" in deleting.closing_line()
    files = remote.files()
    assert "old/index.html" not in files
    assert files["CNAME"] == b"blog.example.com\n"
    assert files[".well-known/security.txt"] == b"x"


def test_the_guard_stops_a_mass_delete_without_yes(
    site: Path, remote: Remote, tmp_path: Path
) -> None:
    extra = [site / f"content/posts/2024-05-{day:02d}-extra-{day}.md" for day in range(1, 11)]
    for day, path in enumerate(extra, start=1):
        path.write_text(article(f"追加記事{day}", f"2024-05-{day:02d}"), "utf-8")
    run_publish(site)
    for path in extra:  # the site loses most of its pages: a wrong folder, say
        path.unlink()
    state = remote.state()

    with pytest.raises(SiteError) as refused:
        run_publish(site, delete=True)
    (problem,) = refused.value.problems
    assert problem.message.startswith("refusing to publish: it would delete ")
    assert "more than a fifth; nothing was changed" in problem.message
    assert problem.hint == "check the plan with --dry-run, then add --yes if it is right"
    assert remote.state() == state  # not even the uploads happened

    done = run_publish(site, delete=True, yes=True)
    assert "posts/extra-10/index.html" in done.plan.stale
    assert remote.files() == expected(site, remote, tmp_path)


def test_max_deletes_bounds_deletions_however_large_the_remote(
    tmp_path: Path, remote: Remote
) -> None:
    site = make_site(tmp_path / "site", remote.table() + "max_deletes = 1\n")
    run_publish(site)
    remote.plant({"old/a.html": b"a", "old/b.html": b"b"})
    with pytest.raises(SiteError, match=r"delete 2 files, more than max_deletes \(1\)"):
        run_publish(site, delete=True)
    assert {"old/a.html", "old/b.html"} <= set(remote.files())


def test_a_dry_run_changes_nothing_and_shows_the_plan(
    site: Path, remote: Remote, tmp_path: Path
) -> None:
    lines: list[str] = []
    first = run_publish(site, dry_run=True, delete=True)
    assert first.plan.uploads and remote.files() == {}
    run_publish(site)
    remote.plant({"stale.html": b"x"})
    (site / "content/about.md").write_text("---\ntitle: 私について\n---\n\n改訂。\n", "utf-8")
    state = remote.state()

    result = publish_echo(site, lines, dry_run=True, delete=True)
    assert remote.state() == state
    assert "  delete  stale.html" in lines
    assert "  update  about/index.html" in lines
    assert result.closing_line().startswith(f"dry run, nothing changed on production ({remote.url}")
    assert "1 to delete" in result.closing_line()


def publish_echo(site: Path, lines: list[str], **options: object) -> PublishResult:
    return publish(site, PublishOptions(**options), echo=lines.append)  # type: ignore[arg-type]


def test_a_failed_build_or_an_empty_site_publishes_nothing(site: Path, remote: Remote) -> None:
    (site / "content/posts/broken.md").write_text("---\ntitle: 壊れた\ndate: 2009-13-01\n---\n")
    with pytest.raises(SiteError, match=r"date: not a date"):
        run_publish(site)
    assert remote.files() == {}

    for path in (site / "content").rglob("*.md"):
        path.unlink()
    with pytest.raises(SiteError, match="the build made an empty site"):
        run_publish(site, delete=True, yes=True)
    assert remote.files() == {}


def test_force_sends_every_file_again_where_a_file_is_more_than_its_bytes(
    site: Path, remote: Remote, tmp_path: Path
) -> None:
    """An S3 object has headers, a file rsync writes its modification time: --force
    stores every one again. A git branch holds contents alone: there it changes nothing."""
    run_publish(site)
    files = expected(site, remote, tmp_path)
    state = remote.state()

    forced = run_publish(site, force=True)
    assert remote.files() == files
    if isinstance(remote, GitBranch):
        assert (forced.plan.transfers, forced.plan.unchanged) == ((), len(files))
        assert remote.state() == state  # no commit
        return
    assert (forced.plan.uploads, forced.plan.updates) == ((), tuple(sorted(files)))
    assert forced.plan.unchanged == 0
    if isinstance(remote, Folder):  # every file written anew
        after = remote.state()
        assert isinstance(state, dict) and isinstance(after, dict)
        assert all(after[path] != state[path] for path in files)
    else:
        assert remote.state() != state


def test_static_well_known_is_published(site: Path, remote: Remote, tmp_path: Path) -> None:
    """Security QA, finding 6: /.well-known/security.txt (RFC 9116) never reached the
    target; every kind of target now gets it."""
    security = b"Contact: mailto:security@example.com\n"
    (site / "static/.well-known").mkdir()
    (site / "static/.well-known/security.txt").write_bytes(security)
    result = run_publish(site)
    assert ".well-known/security.txt" in result.plan.uploads
    assert remote.files()[".well-known/security.txt"] == security
