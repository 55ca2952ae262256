"""Run the external programs publishing uses (rsync, ssh through it, git).

A failure becomes a :class:`SiteError` of one line: the program, its exit code
and the most telling line of what it printed, never a traceback or a page of
output. Messages are asked for in English (``LC_ALL=C``) so they read the same
everywhere; file names are passed and read as raw bytes.

A publish that is interrupted (Ctrl-C, or SIGTERM, which sitegen takes as Ctrl-C)
asks the running program to stop and waits for it, so that nothing it started
goes on writing to the target after sitegen has ended.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
from collections.abc import Callable, Mapping, Sequence

from sitegen.errors import SiteError
from sitegen.targets import redacted

# How lines that say what went wrong begin, most telling first: the connection's own
# failure, then what the remote said, then the program's own words.
_TELLING = ("ssh:", "remote:", "fatal:", "rsync:", "!", "error:")
# Lines that never give the cause: they say that something before them failed (git's
# "Could not read from remote repository" after ssh's "Connection refused"), sum up
# (rsync's "rsync error: … (code 12)"), or are chatter.
_NOT_THE_CAUSE = (
    "fatal: Could not read from remote repository",
    "fatal: the remote end hung up unexpectedly",
    "Please make sure you have the correct access rights",
    "and the repository exists.",
    "error: failed to push some refs",
    "rsync: connection unexpectedly closed",
    "rsync error:",
    "Warning: Permanently added",
)
# GitHub opens a refusal with the id of its log entry: "remote: error: Trace: 6e2c…".
_TRACE = re.compile(r"remote:\s*(?:error:\s*)?Trace:\s*\w+")
# How rsync prints a byte it finds unprintable (every byte of a Japanese name, where it
# is not told --8-bit-output, as on the server's side): \#343\#203\#226.
_ESCAPED = re.compile(rb"\\#([0-7]{3})")
# How long an interrupted program gets to stop before it is killed, in seconds.
STOP_WAIT = 10.0


def run(
    args: Sequence[str],
    *,
    where: str,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    explain: Callable[[bytes], tuple[str, str]] | None = None,
) -> bytes:
    """Run ``args`` and return what it printed; raise a one-line SiteError on failure.

    ``where`` names the target in the message (``user@host:/srv/www``); ``explain``
    turns the program's error output into the message and a hint (default: its
    telling line, no hint).
    """
    completed = _run(args, where, input, env)
    if completed.returncode != 0:
        output = completed.stderr or completed.stdout
        reason, hint = explain(output) if explain else (telling_line(output), "")
        message = f"{args[0]} failed (exit {completed.returncode}): {reason}"
        # What a program says may quote the URL it was given, token and all.
        raise SiteError.at(where, 0, redacted(message), redacted(hint))
    return completed.stdout


def succeeds(args: Sequence[str], *, where: str, env: Mapping[str, str] | None = None) -> bool:
    """Whether ``args`` exits with 0 (for questions such as "is this set?")."""
    return _run(args, where, None, env).returncode == 0


def _run(
    args: Sequence[str], where: str, input: bytes | None, env: Mapping[str, str] | None
) -> subprocess.CompletedProcess[bytes]:
    try:
        process = subprocess.Popen(
            list(args),
            stdin=None if input is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "LC_ALL": "C", **(env or {})},
        )
    except FileNotFoundError:
        program = args[0]
        raise SiteError.at(
            where,
            0,
            f"{program} is not installed",
            f"install {program}, e.g. apt install {program}",
        ) from None
    with process:
        try:
            stdout, stderr = process.communicate(input)
        except BaseException:  # Ctrl-C or SIGTERM: KeyboardInterrupt
            _stop(process)
            raise
    return subprocess.CompletedProcess(list(args), process.returncode, stdout, stderr)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ask ``process`` to stop, and wait until it and what it started have ended.

    rsync ends cleanly on SIGTERM: it stops the processes it forked (its receiver)
    and reports; killed (what ``subprocess.run`` does), it leaves them writing. The
    wait lasts until no process holds its output any more, which its children
    inherit, and at most :data:`STOP_WAIT` seconds; then (or at a second Ctrl-C) it
    is killed. The program stays in sitegen's process group, where a terminal's
    Ctrl-C reaches it too: in a group of its own it could not use the terminal, and
    ssh, asking for a password or to trust a new host there, would stop for good.
    """
    if process.stdin:
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()  # what it would read is of no use now
    try:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=STOP_WAIT)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        process.kill()
        process.wait()


def telling_line(output: bytes) -> str:
    """The line of a program's error output that best says what went wrong: its cause
    (``ssh: connect to host … Connection refused``, the remote's own words), not what
    followed from it (``fatal: Could not read from remote repository.``)."""
    lines = _lines(output)
    causes = [line for line in lines if not line.startswith(_NOT_THE_CAUSE)]
    for start in _TELLING:
        for line in causes:
            if line.startswith(start):
                return line
    return (causes or lines or ["no message"])[0]


def remote_line(output: bytes) -> str:
    """The first thing the remote said (``remote: policy: publishing frozen``), or ''."""
    return next((line for line in _lines(output) if line.startswith("remote:")), "")


def _lines(output: bytes) -> list[str]:
    """The lines of ``output`` that say something: no blank ones, no bare ``remote:``."""
    text = unescape(output).decode("utf-8", "replace")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line not in ("", "remote:") and not _TRACE.fullmatch(line)]


def unescape(output: bytes) -> bytes:
    """``output`` with rsync's escapes of unprintable bytes (``\\#343``) made bytes again."""
    return _ESCAPED.sub(lambda match: bytes([int(match.group(1), 8)]), output)
