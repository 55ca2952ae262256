"""Real publishing targets for tests, started on 127.0.0.1 and stopped afterwards.

Fixtures (a test module takes them as ``sshd = publishkit.sshd``): an S3-protocol
server (moto), a loopback sshd with keys made for the test run, and one small adapter
per kind of target that can list what the remote holds, plant files on it
behind sitegen's back, and tell whether anything was written at all.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sitekit import MINIMAL_CONFIG, article, snapshot, write_site

from sitegen.output import MARKER
from sitegen.publish import PublishOptions, PublishResult, publish

# -- a sample site ---------------------------------------------------------------

SITE_FILES: dict[str, str | bytes] = {
    "content/posts/2024-03-12-apology.md": article(
        "アリコ 13万人に謝罪金", "2024-03-12", tags="[経営, 個人情報]", summary="謝罪金の話。"
    ),
    "content/posts/2024-03-18-call-center.md": article(
        "コールセンターの在宅化", "2024-03-18", tags="[経営]", summary="在宅化の話。"
    ),
    "content/posts/2024-04-02-levers.md": article(
        "売上を伸ばす三つのレバー", "2024-04-02", tags="[マーケティング]", summary="三つの話。"
    ),
    "content/about.md": "---\ntitle: このブログについて\n---\n\n経営コンサルタントのブログです。\n",
    "static/robots.txt": "User-agent: *\n",
}


def make_site(root: Path, publish_table: str) -> Path:
    """The sample site with ``[publish.production]`` made of ``publish_table``.

    Without the search index: these tests count the files a publish moves, and the
    index (tested in test_search.py) would add Pagefind's to every count.
    """
    config = (
        f"{MINIMAL_CONFIG}\n[search]\nenabled = false\n"
        f"[publish.production]\ndefault = true\n{publish_table}"
    )
    return write_site(root, SITE_FILES, config)


def built_files(site: Path, out: Path) -> dict[str, bytes]:
    """What a production build of ``site`` contains, without sitegen's marker."""
    from sitegen.build import BuildOptions, build

    build(site, BuildOptions(output=out))
    files = snapshot(out)
    files.pop(MARKER)
    return files


def run_publish(site: Path, **options: object) -> PublishResult:
    return publish(site, PublishOptions(**options))  # type: ignore[arg-type]


# -- the servers -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """End ``process`` and every process it started (it leads its own group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """An S3-protocol server on a free port of 127.0.0.1."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fake credentials, and none of the machine's own AWS configuration."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)


@dataclass(frozen=True)
class Sshd:
    """A running sshd and an ssh_config whose host ``sitegen-test`` reaches it."""

    port: int
    ssh_config: Path
    user: str


def _start_sshd(folder: Path) -> tuple[subprocess.Popen[bytes] | None, str]:
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    if not Path(sshd).is_file() or not shutil.which("ssh-keygen"):
        return None, "openssh-server is not installed"
    for name in ("host_key", "user_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True
        )
    (folder / "authorized_keys").write_bytes((folder / "user_key.pub").read_bytes())
    if os.getuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation room
    port = free_port()
    (folder / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPidFile {folder / 'sshd.pid'}\n"
        "UsePAM no\nStrictModes no\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nLogLevel ERROR\n"
    )
    log = folder / "sshd.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sshd, "-D", "-e", "-f", str(folder / "sshd_config")],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    if wait_for_port(port, process):
        return process, str(port)
    stop_group(process)
    reason = log.read_text(errors="replace").strip()
    return None, f"sshd did not start: {reason or 'no message'}"


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    """A loopback sshd as the current user; skipped (failed in CI) when it cannot run."""
    folder = tmp_path_factory.mktemp("sshd")
    process, port_or_reason = _start_sshd(folder)
    if process is None:
        if os.environ.get("SITEGEN_REQUIRE_SSH"):
            pytest.fail(port_or_reason)
        pytest.skip(port_or_reason)
    user = getpass.getuser()
    host_key = (folder / "host_key.pub").read_text().split()
    (folder / "known_hosts").write_text(f"sitegen-test {host_key[0]} {host_key[1]}\n")
    (folder / "ssh_config").write_text(
        f"Host *\n  HostName 127.0.0.1\n  Port {port_or_reason}\n  User {user}\n"
        f"  IdentityFile {folder / 'user_key'}\n  IdentitiesOnly yes\n"
        f"  HostKeyAlias sitegen-test\n  UserKnownHostsFile {folder / 'known_hosts'}\n"
        "  StrictHostKeyChecking yes\n  BatchMode yes\n  LogLevel ERROR\n"
    )
    try:
        yield Sshd(int(port_or_reason), folder / "ssh_config", user)
    finally:
        stop_group(process)


# -- the remotes -----------------------------------------------------------------


@dataclass
class S3Bucket:
    """``s3://<bucket>/blog`` on the moto server, versioned so every write shows."""

    endpoint: str
    bucket: str
    prefix: str = "blog"
    added: dict[str, bytes] = field(default_factory=dict)  # files sitegen adds to the site

    def __post_init__(self) -> None:
        self.client = boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")
        self.client.create_bucket(Bucket=self.bucket)
        self.client.put_bucket_versioning(
            Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"}
        )

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def table(self) -> str:
        return f'url = "{self.url}"\nendpoint_url = "{self.endpoint}"\n'

    def all_keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def files(self) -> dict[str, bytes]:
        start = f"{self.prefix}/"
        return {
            key[len(start) :]: self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
            for key in self.all_keys()
            if key.startswith(start)
        }

    def state(self) -> object:
        versions = self.client.list_object_versions(Bucket=self.bucket)
        entries = versions.get("Versions", []) + versions.get("DeleteMarkers", [])
        return sorted((v["Key"], v["VersionId"]) for v in entries)

    def plant(self, files: dict[str, bytes], prefix: str | None = None) -> None:
        for path, data in files.items():
            key = f"{self.prefix if prefix is None else prefix}/{path}".lstrip("/")
            self.client.put_object(Bucket=self.bucket, Key=key, Body=data)


@dataclass
class Folder:
    """A local folder, reached directly or through the loopback sshd."""

    path: Path
    url: str
    added: dict[str, bytes] = field(default_factory=dict)

    def table(self) -> str:
        return f'url = "{self.url}"\n'

    def files(self) -> dict[str, bytes]:
        return snapshot(self.path) if self.path.exists() else {}

    def state(self) -> object:
        return {
            p.relative_to(self.path).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(self.path.rglob("*"))
        }

    def plant(self, files: dict[str, bytes]) -> None:
        for name, data in files.items():
            (self.path / name).parent.mkdir(parents=True, exist_ok=True)
            (self.path / name).write_bytes(data)


GIT_TEST_ENV = {
    "GIT_AUTHOR_NAME": "Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.com",
    "GIT_COMMITTER_NAME": "Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.com",
}


def git(*args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        input=input,
        capture_output=True,
        check=True,
        env={**os.environ, **GIT_TEST_ENV, **(env or {})},
    )
    return done.stdout.decode().strip()


@dataclass
class GitBranch:
    """The branch gh-pages of a bare repository."""

    repo: Path
    branch: str = "gh-pages"
    added: dict[str, bytes] = field(default_factory=lambda: {".nojekyll": b""})

    def __post_init__(self) -> None:
        if not self.repo.exists():
            git("init", "--quiet", "--bare", str(self.repo))

    @property
    def url(self) -> str:
        return f"git+{self.repo.as_uri()}#{self.branch}"

    def table(self) -> str:
        return f'url = "{self.url}"\n'

    def head(self) -> str:
        found = subprocess.run(
            ["git", "--git-dir", str(self.repo), "rev-parse", "--verify", "-q", self.branch],
            capture_output=True,
            text=True,
        )
        return found.stdout.strip()

    def files(self) -> dict[str, bytes]:
        if not self.head():
            return {}
        listing = git(
            "--git-dir", str(self.repo), "ls-tree", "-r", "-z", "--name-only", self.branch
        )
        return {
            name: subprocess.run(
                ["git", "--git-dir", str(self.repo), "show", f"{self.branch}:{name}"],
                capture_output=True,
                check=True,
            ).stdout
            for name in listing.split("\0")
            if name
        }

    def state(self) -> object:
        return self.head()

    def plant(self, files: dict[str, bytes]) -> None:
        """Commit ``files`` onto the branch, as another tool or person would."""
        index = self.repo / "plant-index"
        env = {"GIT_DIR": str(self.repo), "GIT_INDEX_FILE": str(index)}
        head = self.head()
        git("read-tree", head or "--empty", env=env)
        for path, data in files.items():
            blob = git("hash-object", "-w", "--stdin", input=data, env=env)
            git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
        tree = git("write-tree", env=env)
        parent = ["-p", head] if head else []
        commit = git("commit-tree", tree, *parent, input=b"planted", env=env)
        git("update-ref", f"refs/heads/{self.branch}", commit, env=env)
        index.unlink()


Remote = S3Bucket | Folder | GitBranch


def bucket_name(node_id: str) -> str:
    """A bucket name of one test, the same on every run."""
    return "t-" + hashlib.sha1(node_id.encode()).hexdigest()[:16]
