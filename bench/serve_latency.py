"""Time from a saved edit of one article to the reload signal of `sitegen serve`.

    python bench/serve_latency.py 1000            # a corpus of 1,000 articles
    python bench/serve_latency.py 10000 --edits 3

Writes a corpus with bench/corpus.py, starts a preview on a free port, listens
to its reload stream from another process like a browser tab does, then saves
one article several times, half a second after each reload (an editor's save:
a temporary file renamed over the article), and prints for each save the time
until the stream announced the new build, split into:

- notice:  the save until the build started (file events, then the settle or quiet spell);
- build:   Builder.build(), with the time of each of its stages;
- signal:  the end of the build until the stream's client received the event.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # this checkout's sitegen, and corpus.py

from corpus import write_corpus  # noqa: E402

from sitegen.serve import Preview  # noqa: E402
from sitegen.serve.rebuild import Round  # noqa: E402

# The reload stream's reader runs in a process of its own, as a browser's tab does:
# in this process it would wait for the interpreter while the preview tidies up.
# It prints each status with its arrival time (perf_counter is CLOCK_MONOTONIC on
# Linux, one clock for every process).
_LISTENER = """
import http.client, json, sys, time
connection = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]), timeout=600)
connection.request("GET", "/__sitegen__/events")
for line in connection.getresponse():
    if line.startswith(b"data: "):
        status = json.loads(line[len(b"data: "):])
        print(json.dumps([status["build"], status["problems"], time.perf_counter()]), flush=True)
"""


class ReloadStream:
    """A minimal server-sent events client of the preview's reload stream."""

    def __init__(self, url: str) -> None:
        host, port = url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
        command = [sys.executable, "-c", _LISTENER, host, port]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)

    def next_build(self, current: str) -> tuple[str, float]:
        """Wait for a status naming another build than ``current``; its id and arrival time."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            build, problems, arrived = json.loads(line)
            if problems:
                raise SystemExit(f"the build failed: {problems}")
            if build != current:
                return build, arrived
        raise SystemExit("the reload stream ended")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@dataclass
class Timed:
    """One build of the preview and the moment it was reported."""

    round: Round
    reported: float


def measure(count: int, edits: int, folder: Path, pause: float) -> None:
    started = time.perf_counter()
    write_corpus(count, folder)
    print(f"corpus: {count} articles written in {time.perf_counter() - started:.1f} s")
    builds: list[Timed] = []
    preview = Preview(folder, port=0, log=lambda line: None)
    report = preview.rebuilder.report

    def timed_report(done: Round) -> None:
        builds.append(Timed(done, time.perf_counter()))
        report(done)

    preview.rebuilder.report = timed_report
    with preview:
        first = builds[0].round
        files = first.result.files if first.result else 0
        print(f"first build: {first.seconds:.2f} s, {files} files")
        stream = ReloadStream(preview.url)
        build, _ = stream.next_build("")
        article = folder / "content" / "posts" / f"a{count // 2:05d}.md"
        text = article.read_text("utf-8")
        totals = []
        for number in range(1, edits + 1):
            time.sleep(pause)  # a writer reads the reloaded page before saving again
            temporary = article.with_name(f".{article.name}.tmp")
            temporary.write_text(text + f"\n編集 {number} 回目の追記です。\n", "utf-8")
            saved = time.perf_counter()
            os.replace(temporary, article)  # the save, as editors do it
            build, signalled = stream.next_build(build)
            timed = builds[-1]
            start = timed.reported - timed.round.seconds
            stages = timed.round.result.timings if timed.round.result else {}
            stage_text = ", ".join(f"{name} {ms(seconds)}" for name, seconds in stages.items())
            totals.append(signalled - saved)
            print(
                f"edit {number}: {ms(signalled - saved)} = notice {ms(start - saved)}"
                f" + build {ms(timed.round.seconds)} ({stage_text})"
                f" + signal {ms(signalled - timed.reported)}"
            )
        stream.close()
    print(
        f"save → reload signal, {count} articles: median {ms(statistics.median(totals))}, "
        f"min {ms(min(totals))}, max {ms(max(totals))}"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("--edits", type=int, default=5, help="saves to time (default: 5)")
    parser.add_argument("--folder", type=Path, help="where to write the corpus (default: a temp)")
    parser.add_argument(
        "--pause", type=float, default=0.5, help="seconds from a reload to the next save"
    )
    args = parser.parse_args()
    if args.folder:
        measure(args.count, args.edits, args.folder, args.pause)
    else:
        with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as folder:
            measure(args.count, args.edits, Path(folder) / "site", args.pause)


if __name__ == "__main__":
    main()
