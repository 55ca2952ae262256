"""``sitegen serve`` as a user runs it: a real process, stopped by Ctrl-C or kill."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from serve_support import DEADLINE, get, sample_site, save
from sitekit import REPO, article, run_cli


@dataclass
class ServeProcess:
    """A running ``sitegen serve`` and the lines it printed so far."""

    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    printed: list[str] = field(default_factory=list)

    def wait_for(self, text: str) -> str:
        """The first printed line containing ``text``."""
        while True:
            line = self.lines.get(timeout=DEADLINE)
            self.printed.append(line)
            if text in line:
                return line

    def stop(self, number: signal.Signals) -> int:
        self.process.send_signal(number)
        return self.process.wait(timeout=DEADLINE)

    def rest(self) -> str:
        """Everything printed after the lines already read (once the process ended)."""
        out: list[str] = []
        while not self.lines.empty():
            out.append(self.lines.get())
        return "".join(out)


StartServe = Callable[..., ServeProcess]


@pytest.fixture
def start_serve(tmp_path: Path) -> Iterator[StartServe]:
    """A factory of ``sitegen serve`` processes; each is stopped and reaped after the test."""
    started: list[tuple[ServeProcess, threading.Thread]] = []

    def start(site: Path, *args: str) -> ServeProcess:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--port", "0", *args],
            cwd=site,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        serving = ServeProcess(process)
        assert process.stdout is not None
        stdout = process.stdout
        reader = threading.Thread(target=lambda: [serving.lines.put(line) for line in stdout])
        reader.start()
        started.append((serving, reader))
        return serving

    yield start
    for serving, reader in started:
        if serving.process.poll() is None:
            serving.process.kill()
        serving.process.wait(timeout=DEADLINE)
        reader.join(timeout=DEADLINE)
        assert serving.process.stdout is not None
        serving.process.stdout.close()


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_serve_then_stop_cleanly(
    tmp_path: Path, start_serve: StartServe, number: signal.Signals
) -> None:
    serving = start_serve(sample_site(tmp_path / "site"))
    assert serving.wait_for("built ").startswith("built 2 articles, ")
    url = serving.wait_for("serving at ").split()[2]
    assert url.startswith("http://127.0.0.1:")
    assert "最初の記事" in get(url, "/").text
    assert serving.stop(number) == 0
    assert "stopped" in serving.rest()
    assert list((tmp_path / "site/.sitegen-cache/serve").iterdir()) == []  # --port 0: not kept
    assert not (tmp_path / "site" / "public").exists()


def test_a_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    site = sample_site(tmp_path / "site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), cwd=site)
    assert result.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}: " in result.stderr
    assert "--port 0" in result.stderr and "Traceback" not in result.stderr


def test_another_host_than_this_machine_prints_a_warning(tmp_path: Path) -> None:
    site = sample_site(tmp_path / "site")
    # 192.0.2.1 is a documentation address: the warning is printed, the bind then fails.
    result = run_cli("serve", "--host", "192.0.2.1", "--port", "0", cwd=site)
    assert result.stderr.startswith("warning: --host 192.0.2.1 lets other machines")
    assert "cannot serve on 192.0.2.1:0" in result.stderr and result.returncode == 1


def test_a_folder_without_site_toml_is_refused(tmp_path: Path) -> None:
    result = run_cli("serve", "--port", "0", cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        1,
        "site.toml: no site.toml in this folder (hint: run 'sitegen init DIR' first)",
    )


def test_a_bad_port_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("serve", "--port", "70000", cwd=tmp_path)
    assert result.returncode == 2 and "not a port number: '70000'" in result.stderr


def _cpu_seconds(pid: int) -> float:
    """The processor time ``pid`` used so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_ctrl_c_during_a_build_that_never_ends_says_it_waits_and_a_second_quits_cleanly(
    tmp_path: Path, start_serve: StartServe
) -> None:
    site = sample_site(tmp_path / "site", theme__templates__partials__x_html="x\n")
    serving = start_serve(site)
    serving.wait_for("serving at ")
    pid = serving.process.pid
    save(
        site / "theme/templates/article.html",
        '{% extends "builtin/article.html" %}'
        "{% block content %}{% for i in range(10**12) %}{% endfor %}{% endblock %}",
    )
    before, deadline = _cpu_seconds(pid), time.monotonic() + DEADLINE
    while _cpu_seconds(pid) < before + 1.0:  # rendering the loop: the build runs
        assert time.monotonic() < deadline, "the build never started"
        time.sleep(0.1)
    serving.process.send_signal(signal.SIGINT)
    assert serving.wait_for("sitegen: ") == (
        "sitegen: waiting for the build in progress to finish; press Ctrl-C again to quit at once\n"
    )
    assert serving.stop(signal.SIGINT) == 128 + signal.SIGINT
    assert serving.rest() == "sitegen: quit without waiting for the build\n"
    # --port 0: its folder is removed all the same, with the build's staging folder
    assert list((site / ".sitegen-cache/serve").iterdir()) == []


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (from any of its threads) that still run."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] not in "ZX"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_a_second_ctrl_c_while_workers_render_ends_them_quietly_and_leaves_no_folder(
    tmp_path: Path, start_serve: StartServe
) -> None:
    posts = {
        f"content__posts__2024-01-{n:04d}-a{n}.md": article(f"記事{n}", "2024-01-01")
        for n in range(450)  # enough pages for the rendering to run in worker processes
    }
    site = sample_site(tmp_path / "site", **posts)
    serving = start_serve(site)
    serving.wait_for("serving at ")
    pid = serving.process.pid
    save(
        site / "theme/templates/article.html",
        '{% extends "builtin/article.html" %}'
        "{% block content %}{% for i in range(10**12) %}{% endfor %}{% endblock %}",
    )
    deadline, workers = time.monotonic() + DEADLINE, []
    try:
        while not (workers := _children(pid)) or min(map(_cpu_seconds, workers)) < 0.5:
            assert time.monotonic() < deadline, "the workers never started rendering"
            time.sleep(0.1)
        serving.process.send_signal(signal.SIGINT)
        serving.wait_for("sitegen: waiting for the build")
        assert serving.stop(signal.SIGINT) == 128 + signal.SIGINT
        time.sleep(1.0)  # what a worker left running would write meanwhile
        assert serving.rest() == "sitegen: quit without waiting for the build\n"  # no traceback
        assert not [worker for worker in workers if _alive(worker)]
        assert list((site / ".sitegen-cache/serve").iterdir()) == []
    finally:  # a worker left running renders for ever, and holds the output pipe open
        for worker in workers:
            with contextlib.suppress(OSError):
                os.kill(worker, signal.SIGKILL)
