"""The ``sitegen`` command line.

Exit codes: 0 success, 1 problems in the site's content or configuration,
2 a mistake in the command itself, 130 interrupted, 141 stdout closed early (``sitegen
list | head``: quietly, as ``git log | head``; 128 + SIGPIPE, as the shell reports a
program the signal ended). Problems are printed as ``path:line: message``,
never as a Python traceback.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import gc
import os
import signal
import sys
import unicodedata
import webbrowser
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from sitegen import __version__
from sitegen.build import Builder, BuildOptions, BuildResult
from sitegen.config import LANGUAGES, Config, load_config
from sitegen.errors import Problem, SiteError, printable, without_controls
from sitegen.fields import TAG_SEPARATORS
from sitegen.model import Article, Site
from sitegen.render import plan
from sitegen.scaffold import init_site, new_article
from sitegen.selection import DRAFT, EXPIRED, FUTURE, unpublished
from sitegen.targets import NAME, parse_location
from sitegen.urls import check_base_url

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_CLOSED_STDOUT = 130, 141

# The preview (watchdog, an HTTP server) and publishing (boto3) are imported by
# their commands only (cmd_serve, cmd_publish): `sitegen build` with nothing
# changed takes a third of a second, and importing them would add a tenth of that.

Command = Callable[[argparse.Namespace], int]
_SITE_HELP = "the site folder (default: this folder)"


def run() -> None:
    """The ``sitegen`` console script: :func:`main`, then a fast exit.

    A build of ten thousand articles leaves millions of objects, and tearing them
    down one by one at exit would take longer than a rebuild with nothing changed.
    Everything sitegen writes is closed by now, so the process may just end.
    For the same reason the cyclic garbage collector is off: walking those objects
    once more after the build would find nothing. Only ``serve`` lives long enough
    to want it, and turns it back on. Builders are kept to the end too (see _kept).
    """
    global _kept
    gc.disable()
    _kept = []
    # SIGTERM (a cancelled CI job, timeout, kill) stops a command as Ctrl-C does: the
    # staging folder is removed and workers are ended, without a traceback.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    code = main()
    try:
        sys.stdout.flush()  # the last lines, still in the buffer
    except BrokenPipeError:
        code = _stdout_closed()
    sys.stderr.flush()
    os._exit(code)


# Set by run(), which ends the process without freeing anything: the builders of its
# commands are kept rather than freed on the way out (a builder remembers the whole
# site, millions of objects at 10,000 articles: freeing them took 70 ms).
_kept: list[Builder] | None = None


def _build(site: Path, options: BuildOptions) -> BuildResult:
    builder = Builder(site, options)
    if _kept is not None:
        _kept.append(builder)
    return builder.build()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.command(args))
    except SiteError as error:
        _print_problems(error.problems)
        count = sum(p.is_error for p in error.problems)
        _say(f"sitegen: {count} error{'s' if count != 1 else ''}", err=True)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        # A build writes its output in a staging folder and moves it in at the end
        # (a stop that comes meanwhile waits): the output is the last build's or this one's.
        _say("sitegen: interrupted", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _stdout_closed()


def _stdout_closed() -> int:
    """What a command whose reader went away (``sitegen list | head``) ends with: no
    traceback, and nothing more to write. Its stdout becomes the null device, so that
    the lines still in the buffer are not written again at exit, to fail once more."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    return EXIT_CLOSED_STDOUT


def _site(args: argparse.Namespace) -> Path:
    return Path(args.site or ".")


def _say(text: object, *, err: bool = False, flush: bool = False) -> None:
    """Print ``text`` as a line of stdout (of stderr with ``err``), its control
    characters escaped (see errors.printable). Every line sitegen prints comes here:
    titles, file names and what other programs said are the writers' text."""
    print(printable(str(text)), file=sys.stderr if err else sys.stdout, flush=flush)


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        _say(problem, err=True)


def _build_options(args: argparse.Namespace, write: bool = True) -> BuildOptions:
    return BuildOptions(
        drafts=args.drafts,
        future=args.future,
        expired=args.expired,
        base_url=getattr(args, "base_url", None),
        output=Path(args.output) if getattr(args, "output", None) else None,
        write=write,
        use_cache=not args.ignore_cache,
        strict=args.strict,
    )


def cmd_init(args: argparse.Namespace) -> int:
    if args.site:
        _say("sitegen init: give the new site's folder as DIR, not --site", err=True)
        return EXIT_USAGE
    folder = Path(args.folder)
    init_site(folder, args.language)
    _say(f"created a new site in {folder}")
    _say(f"next: cd {folder} && sitegen build")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    site = _site(args)
    config = load_config(site)
    tags = [t.strip() for t in TAG_SEPARATORS.split(args.tags or "") if t.strip()]
    now = dt.datetime.now(config.tz)
    path = new_article(
        site, config, args.title, tags, args.slug, now, page=args.page, draft=args.draft
    )
    if taken := _address_taken(site, config, path):
        path.unlink()
        what, url = taken
        message = f"its address {url} is the one the new file would have: nothing created"
        raise SiteError.at(what, 0, message, "pass another slug with --slug")
    _say(path.relative_to(site).as_posix() if path.is_relative_to(site) else path)
    return EXIT_OK


def _address_taken(site: Path, config: Config, path: Path) -> tuple[str, str] | None:
    """What has the address the new file at ``path`` would have — an older article of
    the same slug, or a page sitegen makes (the tag index at /tags/) — and that address;
    None when nothing has, or when the site does not read: its problems are for the next
    build to report."""
    try:
        articles = Builder(site).articles()
    except SiteError:
        return None
    source = path.relative_to(site).as_posix()
    new = next((a for a in articles if a.source == source), None)
    if new is None:
        return None
    built_in = {job.output: job.origin for job in plan(Site(config, (), (), ()))}
    if new.output in built_in:
        return built_in[new.output], new.url
    other = next((a for a in articles if a.source != source and a.output == new.output), None)
    return None if other is None else (other.source, other.url)


def cmd_build(args: argparse.Namespace) -> int:
    options = dataclasses.replace(_build_options(args), progress=True)
    result = _build(_site(args), options)
    _print_problems(result.warnings)
    total = sum(result.timings.values())
    articles = result.articles
    removed = f", {len(result.removed)} removed" if result.removed else ""
    _say(
        f"built {articles} article{'s' if articles != 1 else ''}, {result.files} files "
        f"({len(result.written)} changed{removed}) in {total:.2f} s → {result.output}"
    )
    if args.verbose:
        _print_timings(result)
    return EXIT_OK


def _print_timings(result: BuildResult) -> None:
    for stage, seconds in result.timings.items():
        _say(f"  {stage:<10} {seconds * 1000:8.1f} ms")
    if result.unchanged:
        _say("  nothing changed since the last build: it stopped after comparing")
    else:
        parts = f", put new shared parts in {result.spliced}" if result.spliced else ""
        _say(f"  read {result.read} sources, rendered {result.rendered} pages{parts}")
    try:
        import resource
    except ImportError:
        return
    # ru_maxrss is in KiB on Linux; workers are children, measured together.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    _say(f"  peak memory {own} MB" + (f", workers peak {workers} MB" if workers else ""))


def cmd_check(args: argparse.Namespace) -> int:
    result = _build(_site(args), _build_options(args, write=False))
    _print_problems(result.warnings)
    count = len(result.warnings)
    plural = "s" if count != 1 else ""
    _say(f"checked {result.files} files: no errors, {count} warning{plural}")
    return EXIT_OK


PUBLISHED = "published"
# `sitegen list WHICH` (Hugo's `hugo list drafts`): the state each choice shows.
LISTS = {"all": "", "published": PUBLISHED, "drafts": DRAFT, "future": FUTURE, "expired": EXPIRED}
_LIST_COLUMNS = ("state", "date", "expires", "kind", "path", "url", "title")


def cmd_list(args: argparse.Namespace) -> int:
    now = dt.datetime.now(dt.UTC)
    wanted = LISTS[args.which]
    rows = []
    # The files that read are listed even when some do not: those are named after.
    articles, problems = Builder(_site(args)).readable()
    for article in sorted(articles, key=_newest_first):
        states = unpublished(article, now) or (PUBLISHED,)
        if not wanted or wanted in states:
            rows.append(_list_row(article, ",".join(states)))
    if args.csv:  # data: its control characters become U+FFFD, not escapes to read back
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows([_LIST_COLUMNS, *([without_controls(c) for c in r] for r in rows)])
    elif rows:
        _print_table(
            [("state", "date", "path", "title"), *((r[0], r[1], r[4], r[6]) for r in rows)]
        )
    elif not problems.errors:
        _say(f"nothing to list: no {args.which} articles or pages", err=True)
    if problems.errors:
        sys.stdout.flush()
        raise SiteError(problems.errors)  # listed as a build lists them: not in the table
    return EXIT_OK


def _print_table(rows: list[tuple[str, ...]]) -> None:
    """``rows`` in columns aligned on a terminal, where a Japanese character takes two.
    A cell is one line: its tabs and line ends are escaped too."""
    rows = [tuple(printable(cell, keep="") for cell in row) for row in rows]
    widths = [max(map(_width, column)) for column in zip(*rows, strict=True)]
    for row in rows:
        cells = (
            cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
        )
        _say("  ".join(cells).rstrip())


def _newest_first(article: Article) -> tuple[bool, float, str]:
    """Dated articles newest first, then those without a date, each by path."""
    stamp = article.date.timestamp() if article.date else 0.0
    return (article.date is None, -stamp, article.source)


def _list_row(article: Article, state: str) -> tuple[str, ...]:
    def when(moment: dt.datetime | None) -> str:
        return moment.strftime("%Y-%m-%d %H:%M") if moment else ""

    date, expires = when(article.date), when(article.expires)
    return (state, date, expires, article.kind, article.source, article.url, article.title)


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for each wide (Japanese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def cmd_publish(args: argparse.Namespace) -> int:
    from sitegen.publish import PublishOptions, UnknownTarget, publish  # see the top

    options = PublishOptions(
        args.target, args.dry_run, args.delete, args.yes, args.strict, args.force
    )
    try:
        # The build's warnings as soon as it is done: a publish the guard stops tells them too.
        result = publish(_site(args), options, echo=_say, warn=_print_problems)
    except UnknownTarget as error:
        # Known only once site.toml is read, but a mistake in the command as much as
        # an unknown kind of URL (see _publish_target): exit 2, with the usage.
        usage_error: Callable[[str], NoReturn] = args.usage_error
        usage_error(printable(f"argument TARGET: {error.problems[0]}"))
    _say(result.closing_line())
    if result.refusal:
        _say(f"warning: without --yes a real run would refuse: {result.refusal}", err=True)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from sitegen.serve import Preview, is_loopback, run_until_interrupted  # see the top

    gc.enable()  # a long-lived process: see run()

    if not is_loopback(args.host):
        _say(
            f"warning: --host {args.host} lets other machines on your network see the preview, "
            "drafts included; it has no password",
            err=True,
        )
    preview = Preview(
        _site(args),
        host=args.host,
        port=args.port,
        drafts=args.drafts,
        future=args.future,
        expired=args.expired,
        log=lambda line: _say(line, flush=True),
    )

    def ready() -> None:
        _say(f"serving at {preview.url} (Ctrl-C to stop)", flush=True)
        if args.open:
            webbrowser.open(preview.url)

    run_until_interrupted(preview, ready)
    _say("stopped", flush=True)
    return EXIT_OK


def _base_url(text: str) -> str:
    if problem := check_base_url(text):
        raise argparse.ArgumentTypeError(problem)
    return text


def _publish_target(text: str) -> str:
    """A name of site.toml (known only once it is read: see cmd_publish), or a target
    URL sitegen can publish to."""
    if not NAME.fullmatch(text):
        try:
            parse_location(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r} (0 to 65535)")
    return port


def _parser() -> argparse.ArgumentParser:
    # --site may come before or after the command; after it, it must not reset
    # a value given before, hence SUPPRESS as the subcommands' default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--site", metavar="DIR", default=argparse.SUPPRESS, help=_SITE_HELP)
    parser = argparse.ArgumentParser(
        prog="sitegen", description="Build a static site from Markdown articles — Japanese first."
    )
    parser.add_argument("--site", metavar="DIR", help=_SITE_HELP)
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for add in (_add_init, _add_new, _add_build_and_check, _add_list, _add_publish, _add_serve):
        add(commands, common)
    return parser


Commands = Any  # argparse's _SubParsersAction, private in the standard library


def _add_init(commands: Commands, common: argparse.ArgumentParser) -> None:
    # No --site: the folder to create is the command's own argument.
    init = commands.add_parser("init", help="create a new site")
    init.add_argument("folder", metavar="DIR", help="the folder to create")
    init.add_argument("--language", choices=LANGUAGES, default="ja", help="default: ja")
    init.set_defaults(command=cmd_init)


def _add_new(commands: Commands, common: argparse.ArgumentParser) -> None:
    new = commands.add_parser("new", help="create a new article or page", parents=[common])
    new.add_argument("title", help="the article's title")
    new.add_argument("--tags", help="tags separated by commas or 、, e.g. 経営,マーケティング")
    new.add_argument("--slug", help="the URL name (default: from the title)")
    new.add_argument(
        "--page", action="store_true", help="a standalone page (content/SLUG.md): no date, no tags"
    )
    new.add_argument("--draft", action="store_true", help="mark it a draft (built with --drafts)")
    new.set_defaults(command=cmd_new)


def _add_selection(command: argparse.ArgumentParser) -> None:
    command.add_argument("--drafts", action="store_true", help="include drafts")
    command.add_argument("--future", action="store_true", help="include articles dated later")
    command.add_argument(
        "--expired", action="store_true", help="include articles past their expiry date"
    )


def _add_strict(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--strict",
        action="store_true",
        help="warnings are errors: fail, writing nothing (for CI: broken links fail the job)",
    )


def _add_build_and_check(commands: Commands, common: argparse.ArgumentParser) -> None:
    for name, helptext, handler in (
        ("build", "build the site into the output folder", cmd_build),
        ("check", "validate everything a build reads, write no output", cmd_check),
    ):
        sub = commands.add_parser(name, help=helptext, parents=[common])
        _add_selection(sub)
        sub.add_argument(
            "--base-url", metavar="URL", type=_base_url, help="override base_url of site.toml"
        )
        sub.add_argument(
            "--ignore-cache",
            action="store_true",
            help="read and render everything again (the build cache is made anew)",
        )
        _add_strict(sub)
        if name == "build":
            sub.add_argument(
                "-o", "--output", metavar="DIR", help="output folder (default: public)"
            )
            sub.add_argument("-v", "--verbose", action="store_true", help="print stage timings")
        sub.set_defaults(command=handler)


def _add_list(commands: Commands, common: argparse.ArgumentParser) -> None:
    listing = commands.add_parser(
        "list", help="list the articles and pages: drafts, scheduled, expired", parents=[common]
    )
    listing.add_argument(
        "which", nargs="?", choices=list(LISTS), default="all", help="default: all"
    )
    listing.add_argument("--csv", action="store_true", help="comma-separated, every column")
    listing.set_defaults(command=cmd_list)


def _add_publish(commands: Commands, common: argparse.ArgumentParser) -> None:
    pub = commands.add_parser(
        "publish", help="build, then upload what changed to a target", parents=[common]
    )
    pub.add_argument(
        "target",
        nargs="?",
        type=_publish_target,
        metavar="TARGET",
        help="a [publish.NAME] of site.toml, or a URL such as s3://bucket/prefix, "
        "user@host:/srv/www or git+file:///srv/blog.git#gh-pages (default: the default target)",
    )
    pub.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    pub.add_argument("--delete", action="store_true", help="delete files the site no longer has")
    pub.add_argument("--yes", action="store_true", help="allow more deletions than the guard does")
    pub.add_argument(
        "--force",
        action="store_true",
        help="upload every file again, changed or not (S3: with the headers of now; "
        "a git branch: no difference)",
    )
    _add_strict(pub)
    pub.set_defaults(command=cmd_publish, usage_error=pub.error)


def _add_serve(commands: Commands, common: argparse.ArgumentParser) -> None:
    serve = commands.add_parser(
        "serve", help="preview the site, rebuilding and reloading on every save", parents=[common]
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="default: 8000; 0 for any free port"
    )
    serve.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only)")
    _add_selection(serve)
    serve.add_argument("--open", action="store_true", help="open the preview in a web browser")
    serve.set_defaults(command=cmd_serve)


if __name__ == "__main__":  # pragma: no cover
    run()
