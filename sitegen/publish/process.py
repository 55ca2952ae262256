"""Run the external programs publishing uses (rsync, ssh through it, git).

A failure becomes a :class:`SiteError` of one line: the program, its exit code
and the most telling line of what it printed, never a traceback or a page of
output. Messages are asked for in English (``LC_ALL=C``) so they read the same
everywhere; file names are passed and read as raw bytes.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping, Sequence

from sitegen.errors import SiteError

# How lines that say what went wrong begin, most telling first.
_TELLING = ("fatal:", "ssh:", "rsync:", "!", "error:", "rsync error:", "remote:")


def run(
    args: Sequence[str],
    *,
    where: str,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    explain: Callable[[bytes], str] | None = None,
) -> bytes:
    """Run ``args`` and return what it printed; raise a one-line SiteError on failure.

    ``where`` names the target in the message (``user@host:/srv/www``); ``explain``
    turns the program's error output into the message (default: its telling line).
    """
    completed = _run(args, where, input, env)
    if completed.returncode != 0:
        output = completed.stderr or completed.stdout
        reason = explain(output) if explain else telling_line(output)
        raise SiteError.at(where, 0, f"{args[0]} failed (exit {completed.returncode}): {reason}")
    return completed.stdout


def succeeds(args: Sequence[str], *, where: str, env: Mapping[str, str] | None = None) -> bool:
    """Whether ``args`` exits with 0 (for questions such as "is this set?")."""
    return _run(args, where, None, env).returncode == 0


def _run(
    args: Sequence[str], where: str, input: bytes | None, env: Mapping[str, str] | None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            list(args),
            input=input,
            capture_output=True,
            env={**os.environ, "LC_ALL": "C", **(env or {})},
            check=False,
        )
    except FileNotFoundError:
        program = args[0]
        raise SiteError.at(
            where,
            0,
            f"{program} is not installed",
            f"install {program}, e.g. apt install {program}",
        ) from None


def telling_line(output: bytes) -> str:
    """The line of a program's error output that best says what went wrong."""
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    for start in _TELLING:
        for line in lines:
            if line.startswith(start.strip()):
                return line
    return lines[0] if lines else "no message"
