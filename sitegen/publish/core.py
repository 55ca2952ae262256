"""``sitegen publish``: build with production settings, plan against the remote, apply.

The order is what makes publishing safe:

1. build (no drafts, no future posts) through :func:`sitegen.build.build` into
   :func:`publish_output`; a failed build or an empty site stops here;
2. list the remote and compare it with the build: a :class:`Plan`;
3. check the deletion guard, before anything is changed;
4. upload new and changed files (``--force``: every file), and only when every
   upload succeeded, delete;
5. tidy up what earlier publishes, interrupted, left on the remote.

A dry run stops after step 3 and prints the plan.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sitegen.build import BuildOptions, BuildResult, build
from sitegen.cache import CACHE_DIR
from sitegen.config import Config, load_config
from sitegen.errors import Problem, SiteError
from sitegen.publish.plan import Manifest, Plan, deletion_guard, plan_lines, summary
from sitegen.search import INDEX_DIR
from sitegen.targets import (
    NAME,
    GitLocation,
    Location,
    PublishTarget,
    RsyncLocation,
    S3Location,
    parse_location,
    redacted,
)


@dataclass(frozen=True)
class PublishOptions:
    """What ``sitegen publish`` was asked to do."""

    target: str | None = None  # a name from site.toml, a target URL, or None: the default
    dry_run: bool = False
    delete: bool = False
    yes: bool = False  # allow deletions beyond the guard's bounds
    strict: bool = False  # warnings fail the build, and nothing is uploaded
    force: bool = False  # upload every file, changed or not (S3: its headers anew)


@dataclass(frozen=True)
class Target:
    """A publish target ready to open: its name ('' for a URL), settings and location."""

    name: str
    settings: PublishTarget
    location: Location

    @property
    def label(self) -> str:
        """How messages name the target: ``pages (git+https://me:***@host/blog.git)``, its
        password or token hidden (see targets.redacted)."""
        url = redacted(self.settings.url)
        return f"{self.name} ({url})" if self.name else url


class Remote(Protocol):
    """One kind of target, opened for one publish."""

    def plan(self, local: Manifest) -> Plan:
        """Compare the remote with ``local``; change nothing."""

    def apply(self, plan: Plan, local: Manifest, delete: bool) -> None:
        """Upload ``plan.transfers``; then, with ``delete``, remove ``plan.stale``."""

    def tidy(self, local: Manifest) -> list[str]:
        """After a publish of ``local`` that succeeded: clear what publishes of it that
        were interrupted left on the remote; lines that say what was cleared."""


@dataclass(frozen=True)
class PublishResult:
    """What a publish did (or, in a dry run, would do)."""

    target: Target
    build: BuildResult
    plan: Plan
    delete: bool
    dry_run: bool
    seconds: float
    refusal: str = ""  # in a dry run: why a real run would refuse to delete without --yes

    def closing_line(self) -> str:
        counts = summary(self.plan, delete=self.delete, dry_run=self.dry_run)
        if self.dry_run:
            return f"dry run, nothing changed on {self.target.label}: {counts}"
        return f"published to {self.target.label}: {counts} in {self.seconds:.2f} s"


Echo = Callable[[str], None]
Warn = Callable[[Sequence[Problem]], None]


def publish(
    site_dir: Path,
    options: PublishOptions,
    echo: Echo = lambda line: None,
    warn: Warn = lambda warnings: None,
) -> PublishResult:
    """Build the site in ``site_dir`` and publish it; ``echo`` gets the plan as it is known.

    ``warn`` gets the build's warnings as soon as the build succeeded, so that they
    are told even when the publish then stops (the deletion guard, a failed upload).
    Raises :class:`SiteError` (one line per problem) when the build fails, the site
    is empty, the target is unknown or unreachable, or the deletion guard refuses.
    """
    start = time.perf_counter()
    config = load_config(site_dir)
    target = resolve_target(config, site_dir, options.target)
    output = publish_output(site_dir)
    base_url = target.settings.base_url or None  # None: site.toml's
    built = build(site_dir, BuildOptions(base_url=base_url, output=output, strict=options.strict))
    warn(built.warnings)
    if not built.articles and not built.pages:
        raise SiteError.at(
            "",
            0,
            "the build made an empty site (no published article or page); refusing to publish",
            "check content/: are all articles drafts or dated in the future?",
        )
    local = Manifest.scan(built.output)
    echo(f"built {_count(local)}; comparing with {target.label}")
    with tempfile.TemporaryDirectory(prefix="sitegen-publish-") as work:
        remote = open_remote(target, site_dir, Path(work), built, options.force)
        plan = remote.plan(local)
        delete = options.delete
        for line in plan_lines(plan, delete):
            echo(line)
        refusal = _refusal(target, plan, options)
        if refusal and not options.dry_run:
            raise SiteError.at(
                target.label,
                0,
                f"refusing to publish: {refusal}; nothing was changed",
                "check the plan with --dry-run, then add --yes if it is right",
            )
        if not options.dry_run:
            if plan.changes_anything(delete):
                remote.apply(plan, local, delete)
            for line in remote.tidy(local):
                echo(line)
    seconds = time.perf_counter() - start
    return PublishResult(target, built, plan, delete, options.dry_run, seconds, refusal)


def _count(local: Manifest) -> str:
    """``90 files (24 of them the search index)``: every file the plan then counts."""
    index = sum(1 for path in local.files if path.startswith(f"{INDEX_DIR}/"))
    files = f"{len(local.files)} files"
    return f"{files} ({index} of them the search index)" if index else files


class UnknownTarget(SiteError):
    """A target asked for by a name that site.toml does not have: a mistake in the
    command rather than in the site (the command line exits with 2)."""


def publish_output(site_dir: Path) -> Path:
    """Where publish builds: a folder of its own, so the writer's ``public/`` (perhaps
    built with drafts) is left alone, and the build cache makes the next build quick."""
    return site_dir / CACHE_DIR / "publish"


def _refusal(target: Target, plan: Plan, options: PublishOptions) -> str:
    """Why the deletion guard stops this publish ('' when it does not)."""
    if not options.delete or options.yes:
        return ""
    return deletion_guard(plan, target.settings.max_deletes) or ""


def resolve_target(config: Config, site_dir: Path, requested: str | None) -> Target:
    """The target named ``requested`` in site.toml, given as a URL, or the default."""
    targets = config.publish
    if requested is None:
        return _default_target(config, site_dir)
    if requested in targets:
        return _configured(requested, targets[requested], site_dir)
    if NAME.fullmatch(requested):
        known = ", ".join(sorted(targets)) or "none"
        raise UnknownTarget.at(
            "",
            0,
            f"no publish target named {requested!r} in site.toml (known: {known})",
            f"add [publish.{requested}] with a url, or write a folder as ./{requested}",
        )
    try:
        location = parse_location(requested, Path.cwd())
    except ValueError as error:
        raise SiteError.at(redacted(requested), 0, str(error)) from None
    return Target("", PublishTarget(url=requested), location)


def _default_target(config: Config, site_dir: Path) -> Target:
    targets = config.publish
    defaults = [name for name, target in targets.items() if target.default]
    if len(defaults) == 1:
        return _configured(defaults[0], targets[defaults[0]], site_dir)
    if len(targets) == 1:
        (name, target), *_ = targets.items()
        return _configured(name, target, site_dir)
    if not targets:
        raise SiteError.at(
            "",
            0,
            "no publish target given",
            "name one, as in 'sitegen publish s3://bucket/blog', or add "
            "[publish.production] with url = … and default = true to site.toml",
        )
    names = ", ".join(sorted(targets))
    raise SiteError.at(
        "site.toml",
        0,
        f"which publish target? none of {names} has default = true",
        "name one on the command line, or mark one default = true",
    )


def _configured(name: str, settings: PublishTarget, site_dir: Path) -> Target:
    # site.toml was checked when it was read, so the URL parses.
    return Target(name, settings, parse_location(settings.url, site_dir.resolve()))


def open_remote(
    target: Target, site_dir: Path, workdir: Path, built: BuildResult, force: bool = False
) -> Remote:
    """The remote of ``target``; each kind's module is imported only when used.

    With ``force``, every file counts as changed where a file is more than its bytes:
    an S3 object has headers, a file rsync writes a modification time. A git branch
    holds contents alone, so there ``force`` changes nothing (a commit of the same
    tree would say nothing)."""
    location = target.location
    if isinstance(location, S3Location):
        try:
            from sitegen.publish.s3 import S3Remote
        except ModuleNotFoundError as error:
            if error.name not in ("boto3", "botocore"):
                raise
            raise SiteError.at(
                target.label,
                0,
                "publishing to S3 needs boto3, which is not installed",
                "pip install boto3 (sitegen's s3 extra)",
            ) from None
        return S3Remote(
            location, target.settings, target.label, lambda: own_pages(built), force=force
        )
    if isinstance(location, RsyncLocation):
        from sitegen.publish.rsync import RsyncRemote

        return RsyncRemote(location, target.settings, target.label, site_dir, force=force)
    assert isinstance(location, GitLocation)
    from sitegen.publish.git import CommitInfo, GitRemote

    info = CommitInfo.of(site_dir, built.config.title)
    return GitRemote(location, target.settings, target.label, workdir / "git", info)


def own_pages(built: BuildResult) -> frozenset[str]:
    """The output files of the articles and standalone pages: not lists, not redirects.
    (A build that found nothing changed assembles its site model only now.)"""
    site = built.site
    return frozenset(article.output for article in (*site.articles, *site.pages))
