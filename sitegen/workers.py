"""Run a stage's independent tasks on every core, with results in input order.

Workers are forked from the build process, so they inherit the build's data
(configuration, the site model, the page list) without pickling it: only task
arguments and results cross the process boundary. Each worker keeps the task
function it inherited in ``_TASK`` for its life — the one piece of module state,
and it lives only in worker processes.

Where ``fork`` does not exist (Windows) or the work is small, tasks run in this
process: parallelism changes speed, never output.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: Callable[[Any], Any] | None = None  # set in each worker by _start
_HELD = {signal.SIGINT, signal.SIGTERM}  # held back from a new worker until _start


def _start(task: Callable[[Any], Any]) -> None:
    global _TASK
    _TASK = task
    # The build paused the collector in the parent; here the work (Markdown) leaves
    # cycles, so collect — but only what this worker makes: the model it inherited
    # is frozen, or every collection would walk (and copy, page by page) all of it.
    gc.freeze()
    gc.enable()
    # Ctrl-C reaches the whole process group. The build process decides what it means
    # (it ends the pool); a worker that died of it would leave its task unanswered and
    # a build on another thread than the main one (serve's) waiting for ever.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The pool ends its workers with SIGTERM once a stage is done, and they must die of
    # it — not of the KeyboardInterrupt that serve makes of SIGTERM for itself: that
    # printed tracebacks, or, caught mid-queue, left the build waiting for ever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Both were held back since the fork (see _forking); one that came meanwhile acts now.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def _run(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector in this process while a build runs.

    A build of ten thousand articles keeps millions of small objects and makes
    few cycles: the collector, triggered again and again by allocations alone,
    would walk them all (a third of a second each full pass) and find nothing.
    Workers collect as usual (Markdown leaves cycles); the CLI ends its process
    right after, and the preview collects after each reload (see settle).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Collect the garbage of a build just done and freeze what survived.

    For a process that keeps its site model between builds (``serve``): the
    collector then never walks that model again, so the next build is not slowed
    by a full collection over millions of long-lived objects. Freezing is for the
    whole process, so only a process that owns its life (the preview) calls this,
    and only when latency does not matter: after the reload signal went out.
    """
    gc.collect()
    gc.freeze()


def processes() -> int:
    """How many worker processes a large stage uses."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_all(task: Callable[[T], R], items: Sequence[T], *, parallel_from: int) -> Iterator[R]:
    """``task(item)`` for each item, in order; in worker processes when there are
    at least ``parallel_from`` items, more than one core and ``fork``."""
    count = processes()
    if (
        len(items) < parallel_from
        or count < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield from map(task, items)
        return
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(64, len(items) // (count * 8)))
    with ExitStack() as stack:
        with _forking():
            pool = stack.enter_context(context.Pool(count, initializer=_start, initargs=(task,)))
        yield from pool.imap(_run, items, chunksize=chunk)


def halt_workers() -> Callable[[], None]:
    """Freeze this process's workers where they are, for a process about to quit
    without waiting for its build (serve's second Ctrl-C): they write no more files,
    and a pool does not replace them, as it would workers that ended.

    Returns what ends them, quietly (SIGKILL: a worker that outlived its build process
    printed a BrokenPipeError traceback, sending its result). Call it last, right
    before the process exits, for the same reason.
    """
    halted = [child.pid for child in multiprocessing.active_children() if child.pid]
    for pid in halted:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGSTOP)

    def end() -> None:
        for pid in halted:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    return end


@contextmanager
def _forking() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back in this thread while it forks workers (and in the
    pool's threads it starts, which may fork more), until each worker's _start says what
    they mean there. Before that, Python would raise the build process's KeyboardInterrupt
    in code that must not stop — as when a pool done before a worker came up ended it —
    and the worker, going on regardless, waited for ever on the pool's queue."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
