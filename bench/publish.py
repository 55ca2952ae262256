"""Print how long publishing takes, first and second run, per target.

Usage: ``python bench/publish.py [--articles N]``: a copy of the example blog of
this repository, grown to N articles if asked. Targets are local: an S3 server
(moto) on 127.0.0.1, a folder through rsync, and a bare git repository. Times
include the build, as ``sitegen publish`` does: cold on the first run,
incremental (nothing changed) on the second.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.cache import CACHE_DIR  # noqa: E402
from sitegen.publish import PublishOptions, publish  # noqa: E402


def grown_site(folder: Path, articles: int) -> Path:
    """The example blog with its articles copied until there are ``articles``."""
    site = folder / "site"
    for folder in ("content", "static"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, site / folder)
    shutil.copy(REPO / "site.toml", site)
    posts = sorted((site / "content/posts").glob("*.md"))
    for number in range(articles - len(posts)):
        source = posts[number % len(posts)]
        text = re.sub(r"^slug: (.+)$", rf"slug: \1-{number}", source.read_text("utf-8"), flags=re.M)
        text = re.sub(r"^aliases:.*\n(?:[ \t]+-.*\n)*", "", text, flags=re.M)  # one page has each
        (source.parent / f"{source.stem}-{number}.md").write_text(text, "utf-8")
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="grow the example blog to N")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    with tempfile.TemporaryDirectory() as work:
        run(grown_site(Path(work), args.articles), Path(work))


def run(site: Path, work: Path) -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ENDPOINT_URL_S3=f"http://{host}:{port}",
    )
    boto3.client("s3").create_bucket(Bucket="bench")
    try:
        repo = work / "pages.git"
        subprocess.run(["git", "init", "--quiet", "--bare", str(repo)], check=True)
        targets = {
            "s3": "s3://bench/blog",
            "rsync": f"{work}/www",
            "git": f"git+{repo.as_uri()}#gh-pages",
        }
        print(f"{'target':<8}{'files':>7}{'first':>10}{'second':>10}{'(build)':>10}")
        for name, url in targets.items():
            shutil.rmtree(site / CACHE_DIR, ignore_errors=True)  # first: a cold build too
            first = publish(site, PublishOptions(target=url))
            second = publish(site, PublishOptions(target=url))
            files = len(first.plan.uploads)
            build = sum(second.build.timings.values())
            print(f"{name:<8}{files:>7}{first.seconds:>9.2f}s{second.seconds:>9.2f}s{build:>9.2f}s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
