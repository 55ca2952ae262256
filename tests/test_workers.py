"""Worker processes: Ctrl-C, which reaches every process of the group, is the build's to handle;
SIGTERM, by which a pool ends its workers, ends them whatever the build process made of it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sitekit import REPO

from sitegen.workers import processes

# A task that is interrupted as a terminal's Ctrl-C would interrupt it. A worker that died
# of it would never answer, and the build (serve's runs on a thread) would wait for ever.
PROGRAM = textwrap.dedent(
    """
    import os, signal
    from sitegen.workers import run_all

    def interrupted(item):
        os.kill(os.getpid(), signal.SIGINT)
        return item * 2

    print(list(run_all(interrupted, [1, 2, 3, 4], parallel_from=1)))
    """
)


def run_program(program: str) -> subprocess.CompletedProcess[str]:
    """Run ``program`` in a Python process of its own; a hang fails after two minutes."""
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(processes() < 2, reason="workers run only with two cores or more")
def test_workers_ignore_ctrl_c_and_answer_every_task() -> None:
    done = run_program(PROGRAM)
    assert (done.returncode, done.stdout) == (0, "[2, 4, 6, 8]\n"), done.stderr


# serve turns SIGTERM into KeyboardInterrupt to shut down cleanly; its workers inherit
# that handler. A pool ends its workers with SIGTERM once a stage is done: a worker that
# took it for KeyboardInterrupt printed a traceback, or hung the build for ever.
ENDED_PROGRAM = textwrap.dedent(
    """
    import os, signal, time
    from sitegen.workers import run_all

    def disposition(item):
        return signal.getsignal(signal.SIGTERM) is signal.SIG_DFL

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.default_int_handler)
    assert all(run_all(disposition, range(400), parallel_from=1))

    # A worker slow to come up: the other answers every task, and the pool ends this
    # one while it is still starting, before it could say what SIGTERM means there.
    forks = []
    os.register_at_fork(
        before=lambda: forks.append(None),
        after_in_child=lambda: len(forks) == 2 and time.sleep(0.5),
    )
    print(list(run_all(abs, [-1, -2, -3], parallel_from=1)))
    """
)


@pytest.mark.skipif(processes() < 2, reason="workers run only with two cores or more")
def test_workers_end_quietly_whatever_sigterm_handler_the_build_process_set() -> None:
    done = run_program(ENDED_PROGRAM)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[1, 2, 3]\n", "")
