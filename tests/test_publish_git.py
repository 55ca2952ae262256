"""Publishing to a git branch: CNAME and .nojekyll, the commit, the writer's repository
left alone, and rejected pushes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import publishkit
import pytest
from publishkit import GitBranch, Sshd, free_port, git, make_site, run_publish
from sitekit import run_cli

from sitegen.errors import SiteError
from sitegen.publish import PublishOptions, publish

sshd = publishkit.sshd


def log(repo: Path, branch: str, format: str = "%s") -> list[str]:
    return git("--git-dir", str(repo), "log", f"--format={format}", branch).splitlines()


def test_cname_survives_nojekyll_is_added_and_each_publish_is_one_commit(tmp_path: Path) -> None:
    branch = GitBranch(tmp_path / "pages.git")
    branch.plant({"CNAME": b"blog.example.com\n", "old.html": b"old"})
    site = make_site(tmp_path / "site", branch.table())

    first = run_publish(site, delete=True, yes=True)  # 1 of 2 files is more than a fifth
    files = branch.files()
    assert files["CNAME"] == b"blog.example.com\n"
    assert files[".nojekyll"] == b""
    assert "old.html" not in files
    assert first.plan.kept == ("CNAME",)
    count = len(first.plan.uploads)
    assert log(branch.repo, "gh-pages") == [
        f"Publish テストブログ: {count} added, 0 updated, 1 deleted",
        "planted",
    ]
    assert run_publish(site, delete=True).plan.changes_anything(delete=True) is False
    assert len(log(branch.repo, "gh-pages")) == 2  # no empty commit


def test_the_message_names_the_source_commit_when_the_site_is_a_repository(tmp_path: Path) -> None:
    branch = GitBranch(tmp_path / "pages.git")
    site = make_site(tmp_path / "site", branch.table())
    git("-C", str(site), "init", "--quiet")
    git("-C", str(site), "add", ".")
    git("-C", str(site), "commit", "--quiet", "-m", "source")
    source = git("-C", str(site), "rev-parse", "--short", "HEAD")
    run_publish(site)
    body = log(branch.repo, "gh-pages", "%b")
    assert f"Built by sitegen 0.1.0 from commit {source}." in body


def test_the_writers_working_tree_and_index_are_never_touched(tmp_path: Path) -> None:
    """Publishing to gh-pages of the repository the writer works in."""
    work = tmp_path / "work"
    work.mkdir()
    git("-C", str(work), "init", "--quiet", "-b", "main")
    (work / "notes.md").write_text("first\n")
    git("-C", str(work), "add", "notes.md")
    git("-C", str(work), "commit", "--quiet", "-m", "notes")
    (work / "notes.md").write_text("first\nunsaved edit\n")
    (work / "draft.md").write_text("untracked\n")
    git("-C", str(work), "add", "draft.md")  # staged, not committed
    before = (
        git("-C", str(work), "status", "--porcelain"),
        (work / ".git/index").read_bytes(),
        git("-C", str(work), "rev-parse", "HEAD"),
    )

    site = make_site(tmp_path / "site", f'url = "git+{work.as_uri()}#gh-pages"\n')
    run_publish(site)
    after = (
        git("-C", str(work), "status", "--porcelain"),
        (work / ".git/index").read_bytes(),
        git("-C", str(work), "rev-parse", "HEAD"),
    )
    assert after == before
    assert sorted(p.name for p in work.iterdir()) == [".git", "draft.md", "notes.md"]
    assert "index.html" in git("-C", str(work), "ls-tree", "--name-only", "gh-pages")


def test_pushing_to_the_checked_out_branch_is_refused_in_one_line(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    git("-C", str(work), "init", "--quiet", "-b", "main")
    git("-C", str(work), "commit", "--quiet", "--allow-empty", "-m", "start")
    site = make_site(tmp_path / "site", f'url = "git+{work.as_uri()}#main"\n')
    with pytest.raises(SiteError) as refused:
        run_publish(site)
    assert [str(p) for p in refused.value.problems] == [
        f"production (git+{work.as_uri()}#main): git failed (exit 1): remote: error: refusing "
        "to update checked out branch: refs/heads/main "
        "(hint: the remote refused the push: branch is currently checked out)"
    ]
    assert log(work / ".git", "main") == ["start"]


def test_a_hook_that_refuses_the_push_is_heard_in_its_own_words(tmp_path: Path) -> None:
    branch = GitBranch(tmp_path / "pages.git")
    hook = branch.repo / "hooks/pre-receive"
    hook.write_text('#!/bin/sh\necho "policy: publishing frozen" >&2\nexit 1\n')
    hook.chmod(0o755)
    site = make_site(tmp_path / "site", branch.table())
    result = run_cli("publish", cwd=site)
    assert result.returncode == 1
    assert result.stderr == (
        f"production ({branch.url}): git failed (exit 1): remote: policy: publishing frozen "
        "(hint: the remote refused the push: pre-receive hook declined)\nsitegen: 1 error\n"
    )
    assert branch.head() == ""


def test_an_ssh_failure_shows_ssh_words_not_gits_conclusion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_SSH_COMMAND", "ssh -F /dev/null -o BatchMode=yes")
    port = free_port()  # nothing listens there
    url = f"git+ssh://nobody@127.0.0.1:{port}/x.git"
    site = make_site(tmp_path / "site", f'url = "{url}"\n')
    result = run_cli("publish", cwd=site)
    assert result.returncode == 1
    assert result.stderr == (
        f"production ({url}): git failed (exit 128): "
        f"ssh: connect to host 127.0.0.1 port {port}: Connection refused\nsitegen: 1 error\n"
    )


def test_a_refused_key_is_shown_as_ssh_says_it(
    tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No key the server knows: ssh's own line has no "ssh:" before it.
    monkeypatch.setenv(
        "GIT_SSH_COMMAND",
        "ssh -F /dev/null -o BatchMode=yes -o IdentityAgent=none -o StrictHostKeyChecking=no "
        "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR",
    )
    url = f"git+ssh://nobody@127.0.0.1:{sshd.port}/x.git"
    site = make_site(tmp_path / "site", f'url = "{url}"\n')
    with pytest.raises(SiteError) as failed:
        run_publish(site)
    assert [p.message for p in failed.value.problems] == [
        "git failed (exit 128): nobody@127.0.0.1: Permission denied (publickey)."
    ]


def test_a_push_rejected_because_the_branch_moved_loses_nothing(tmp_path: Path) -> None:
    branch = GitBranch(tmp_path / "pages.git")
    site = make_site(tmp_path / "site", branch.table())
    run_publish(site)
    (site / "content/about.md").write_text("---\ntitle: 改訂\n---\n\n改訂。\n", "utf-8")

    def someone_else_pushes(line: str) -> None:
        # The plan is being shown: sitegen has read the branch and not pushed yet.
        if line.startswith("  update") and "theirs.txt" not in branch.files():
            branch.plant({"theirs.txt": b"theirs"})

    with pytest.raises(SiteError) as rejected:
        publish(site, PublishOptions(), echo=someone_else_pushes)
    assert [p.message for p in rejected.value.problems] == [
        "git failed (exit 1): push rejected (fetch first): the branch changed since it was read; "
        "publish again"
    ]
    assert branch.files()["theirs.txt"] == b"theirs"
    assert run_publish(site).plan.stale == ("theirs.txt",)  # publishing again works


def test_a_missing_repository_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.git"
    site = make_site(tmp_path / "site", f'url = "git+{missing.as_uri()}"\n')
    with pytest.raises(SiteError) as failed:
        run_publish(site)
    (problem,) = failed.value.problems
    assert problem.message.startswith("git failed (exit 128): fatal: ")
    assert "does not appear to be a git repository" in problem.message


def test_without_an_identity_sitegen_commits_as_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("EMAIL", raising=False)
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    repo = tmp_path / "pages.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(repo)], check=True)
    site = make_site(tmp_path / "site", f'url = "git+{repo.as_uri()}"\n')
    run_publish(site)
    assert log(repo, "gh-pages", "%an <%ae>") == ["sitegen <sitegen@localhost>"]

    (tmp_path / "no-gitconfig").write_text(
        "[user]\n\tname = 港 誠一\n\temail = minato@example.com\n"
    )
    (site / "content/about.md").write_text("---\ntitle: 改訂\n---\n\n改訂。\n", "utf-8")
    run_publish(site)
    assert log(repo, "gh-pages", "%an <%ae>")[0] == "港 誠一 <minato@example.com>"


def test_a_repository_over_ssh(tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_SSH_COMMAND", f"ssh -F {sshd.ssh_config}")
    branch = GitBranch(tmp_path / "pages.git")
    site = make_site(tmp_path / "site", f'url = "{sshd.user}@sitegen-test:{branch.repo}"\n')
    first = run_publish(site)
    assert branch.files() == {**branch.added, **publishkit.built_files(site, tmp_path / "b")}
    assert run_publish(site).plan.transfers == ()
    assert len(log(branch.repo, "gh-pages")) == 1
    assert first.target.label == f"production ({sshd.user}@sitegen-test:{branch.repo})"


SECRET = "ghp_SECRETTOKEN123"


def test_a_token_in_the_url_is_hidden_in_every_line_publish_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The usual CI form, git+https://x-access-token:TOKEN@host/…: git itself reaches a
    local bare repository in its place (url.<base>.insteadOf), as GitHub's would be."""
    branch = GitBranch(tmp_path / "pages.git")
    url = f"https://x-access-token:{SECRET}@example.com/me/blog.git"
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", f"url.{branch.repo.as_uri()}.insteadOf")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", url)
    site = make_site(tmp_path / "site", f'url = "git+{url}#gh-pages"\n')
    shown = "production (git+https://x-access-token:***@example.com/me/blog.git#gh-pages)"

    published = run_cli("publish", cwd=site)
    assert published.returncode == 0, published.stderr
    assert f"comparing with {shown}\n" in published.stdout
    assert f"published to {shown}: " in published.stdout
    assert ".nojekyll" in branch.files()

    # The same URL on the command line, and a repository that is not there.
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "https://elsewhere.example/")
    port = free_port()  # nothing listens there
    there = f"git+https://x-access-token:{SECRET}@127.0.0.1:{port}/me/blog.git"
    failed = run_cli("publish", there, cwd=site)
    assert failed.returncode == 1
    assert SECRET not in failed.stdout + failed.stderr
    assert f"comparing with git+https://x-access-token:***@127.0.0.1:{port}/" in failed.stdout
    assert failed.stderr.startswith(
        f"git+https://x-access-token:***@127.0.0.1:{port}/me/blog.git: git failed (exit 128): "
    )
    assert SECRET not in run_cli("publish", f"ssh://me:{SECRET}@host:port/x", cwd=site).stderr
