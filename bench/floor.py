"""The floor of a cold build on this machine: a bare pipeline over the same articles.

    python bench/floor.py SITE OUTPUT

Front matter (LibYAML), Python-Markdown as it comes with the standard extensions
sitegen uses, one small Jinja2 template, and a file per article in a folder of its
own, on every core — and nothing else: no tag, home or archive pages, no feeds, no
cache, no checks. It is the reference the speed issue names ("a bare two-process
Python-Markdown + Jinja2 pipeline"); bench.py prints it beside sitegen's and
Pelican's cold builds, so that a ratio can be read against what this machine's
disk and cores allow. (sitegen's own conversion is faster than the library as it
comes: see sitegen.markup.)
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

import jinja2
import markdown
import yaml

EXTENSIONS = ["tables", "fenced_code", "footnotes", "attr_list", "def_list", "abbr", "toc"]
TEMPLATE = jinja2.Template(
    '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>{{ title }}</title>'
    '</head>\n<body><header><a href="/">ブログ</a></header><main><article><h1>{{ title }}</h1>'
    "<p>{{ date }}</p>\n{{ body }}</article></main></body></html>\n"
)


class Pipeline:
    """Turns one article into its page; each worker makes one (see _start)."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.markdown = markdown.Markdown(extensions=EXTENSIONS)

    def __call__(self, path: Path) -> int:
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        html = self.markdown.reset().convert(body)
        page = TEMPLATE.render(title=meta["title"], date=meta["date"], body=html)
        folder = self.output / "posts" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(page, "utf-8")
        return 1


_PIPELINE: Pipeline | None = None  # in each worker


def _start(output: Path) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(output)


def _run(path: Path) -> int:
    assert _PIPELINE is not None
    return _PIPELINE(path)


def build(site: Path, output: Path) -> tuple[int, float]:
    """Build the article pages of ``site`` into ``output``; (pages, seconds)."""
    shutil.rmtree(output, ignore_errors=True)
    paths = sorted((site / "content/posts").glob("*.md"))
    os.sync()  # as bench.timed does
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(initializer=_start, initargs=(output,)) as pool:
        pages = sum(pool.imap_unordered(_run, paths, chunksize=64))
    return pages, time.perf_counter() - start


if __name__ == "__main__":
    count, seconds = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{count} article pages in {seconds:.2f} s")
