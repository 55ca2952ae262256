"""What the preview watches, and how changes become builds."""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from serve_support import DEADLINE, sample_site, save
from sitekit import article
from watchdog.events import FileSystemEvent

from sitegen.build import Builder, BuildOptions, BuildResult
from sitegen.errors import Problem, SiteError
from sitegen.serve import describe_round
from sitegen.serve.live import LiveState
from sitegen.serve.rebuild import Rebuilder, Round
from sitegen.serve.watch import Watcher, Writing, _Writes, is_developed, is_relevant


@pytest.mark.parametrize(
    ("path", "relevant"),
    [
        ("site.toml", True),
        ("content/posts/a.md", True),
        ("content/_data/rankings.yaml", True),
        ("content/images/chart.png", True),
        ("static/CNAME", True),
        ("theme/templates/base.html", True),
        ("content", True),  # the folder itself, created or removed
        ("content/posts/.#a.md", False),
        ("content/posts/a.md~", False),
        ("content/posts/#a.md#", False),
        ("content/posts/.a.md.swp", False),
        ("content/posts/4913", False),
        ("content/posts/.a.md.tmp", False),
        ("content/.git/index", False),
        ("static/.well-known/security.txt", True),  # published, so watched
        ("static/.well-known/.security.txt.swp", False),
        ("static/.htaccess", False),
        ("content/.well-known/security.txt", False),  # only static/'s is published
        ("public/index.html", False),
        (".sitegen-cache/serve/x", False),
        ("README.md", False),
        ("site.toml~", False),
    ],
)
def test_which_changes_matter(path: str, relevant: bool) -> None:
    assert is_relevant(path) is relevant


def test_the_built_in_theme_is_watched_only_when_it_is_a_checkout(tmp_path: Path) -> None:
    assert is_developed(tmp_path / "sitegen" / "theme")
    assert not is_developed(tmp_path / "lib/python3.11/site-packages/sitegen/_theme")
    assert not is_developed(tmp_path / "lib/python3/dist-packages/sitegen/_theme")


class Changes:
    """Collects what a watcher reports, for a test to wait on."""

    def __init__(self) -> None:
        self.batches: queue.Queue[tuple[set[str], Writing]] = queue.Queue()

    def __call__(self, paths: set[str], writing: Writing) -> None:
        self.batches.put((set(paths), writing))

    def until(self, path: str) -> set[str]:
        """Every path reported up to and including the batch that names ``path``."""
        return {p for paths, _ in self.reports_until(path) for p in paths}

    def reports_until(
        self, path: str, writing: Writing | None = None
    ) -> list[tuple[set[str], Writing]]:
        """Every report up to and including the first that names ``path`` (and says it
        leaves it ``writing``, when given)."""
        reports = [self.batches.get(timeout=DEADLINE)]
        while not (path in reports[-1][0] and writing in (None, reports[-1][1])):
            reports.append(self.batches.get(timeout=DEADLINE))
        return reports


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Changes]]:
    site = sample_site(tmp_path / "site")
    changes = Changes()
    watcher = Watcher(site, changes)
    watcher.start()
    yield site, changes
    watcher.close()


def test_reading_files_is_no_change_and_not_even_an_event(
    watched: tuple[Path, Changes], monkeypatch: pytest.MonkeyPatch
) -> None:
    site, changes = watched
    delivered: list[str] = []
    monkeypatch.setattr(
        _Writes, "on_any_event", lambda _, event: delivered.append(event.event_type)
    )
    for path in sorted(site.rglob("*")):
        if path.is_file():
            path.read_bytes()
    monkeypatch.undo()
    save(site / "content/sentinel.md", "x")  # written last: everything before is reported first
    assert changes.until("content/sentinel.md") == {"content/sentinel.md"}
    # Reads are not even asked of the operating system: a build's own reads cannot
    # overflow its event queue (which would lose the writes in it).
    assert not {"opened", "closed_no_write"} & set(delivered)


def test_a_folder_s_own_modified_event_is_not_delivered(
    watched: tuple[Path, Changes], monkeypatch: pytest.MonkeyPatch
) -> None:
    # It only says that an entry inside changed, which has its own event; passed on, it
    # would name a path that is no file, and make the next build look at every file.
    site, changes = watched
    delivered: list[FileSystemEvent] = []
    forward = _Writes.on_any_event
    monkeypatch.setattr(
        _Writes, "on_any_event", lambda self, event: (delivered.append(event), forward(self, event))
    )
    save(site / "content/posts/2024-03-12-new.md", article("新", "2024-03-12"))
    assert changes.until("content/posts/2024-03-12-new.md") == {"content/posts/2024-03-12-new.md"}
    assert delivered and not [e for e in delivered if e.is_directory and e.event_type == "modified"]


def test_saves_renames_and_deletions_are_reported_by_their_final_names(
    watched: tuple[Path, Changes],
) -> None:
    site, changes = watched
    save(site / "content/posts/2024-03-10-first.md", article("改", "2024-03-10"))
    assert changes.until("content/posts/2024-03-10-first.md") == {
        "content/posts/2024-03-10-first.md"
    }
    (site / "static/robots.txt").rename(site / "static/humans.txt")
    assert changes.until("static/humans.txt") >= {"static/robots.txt", "static/humans.txt"}
    (site / "site.toml").write_text('title = "x"\n', "utf-8")
    assert "site.toml" in changes.until("site.toml")
    (site / "README.md").write_text("not part of the site", "utf-8")
    (site / "content/about.md").unlink()
    assert changes.until("content/about.md") <= {"content/about.md", "site.toml"}  # no README


def test_a_change_says_whether_its_file_is_complete(watched: tuple[Path, Changes]) -> None:
    site, changes = watched
    path = "content/posts/2024-03-10-first.md"
    save(site / path, article("改", "2024-03-10"))  # renamed into place: whole at once
    assert changes.reports_until(path) == [({path}, "whole")]
    with (site / path).open("w", encoding="utf-8") as file:  # written in place
        file.write(article("再", "2024-03-10"))
        file.flush()
        assert changes.reports_until(path) == [({path}, "open")]  # its close will be told
    assert ({path}, "whole") in changes.reports_until(path, "whole")  # closed
    (site / "content/about.md").unlink()
    assert changes.reports_until("content/about.md") == [({"content/about.md"}, "whole")]
    new = site / "content/posts/2024-03-12-new.md"
    (site / "new.md").write_text(article("新", "2024-03-12"), "utf-8")
    (site / "new.md").rename(new)  # moved in from outside the watched folders: a creation
    assert changes.reports_until(new.relative_to(site).as_posix()) == [
        ({new.relative_to(site).as_posix()}, "unsure")
    ]


def test_folders_made_while_watching_are_watched(watched: tuple[Path, Changes]) -> None:
    site, changes = watched
    save(site / "theme/templates/base.html", "one")
    changes.until("theme")
    save(site / "theme/templates/base.html", "two")
    assert "theme/templates/base.html" in changes.until("theme/templates/base.html")
    save(site / "content/posts/2025/new.md", "x")
    assert "content/posts/2025/new.md" in changes.until("content/posts/2025/new.md")


class GatedBuilder(Builder):
    """A builder whose builds wait for the test to let them go, and count overlaps."""

    def __init__(self, site: Path) -> None:
        super().__init__(site, BuildOptions(output=site.parent / "out"))
        self.gate = threading.Semaphore(0)
        self.started = threading.Semaphore(0)
        self.running = 0
        self.overlaps = 0

    def build(self, changed: Iterable[str] | None = None) -> BuildResult:
        self.running += 1
        self.overlaps += self.running > 1
        self.started.release()
        assert self.gate.acquire(timeout=DEADLINE)
        try:
            return super().build(changed)
        finally:
            self.running -= 1


def test_changes_during_a_build_make_one_more_build_and_builds_never_overlap(
    tmp_path: Path,
) -> None:
    builder = GatedBuilder(sample_site(tmp_path / "site"))
    rounds: queue.Queue[Round] = queue.Queue()
    rebuilder = Rebuilder(builder, LiveState(), rounds.put, quiet=0.01)
    rebuilder.start()
    try:
        rebuilder.changed({"content/a.md"})
        assert builder.started.acquire(timeout=DEADLINE)  # the first build is running
        for name in ("content/b.md", "content/c.md", "site.toml"):
            rebuilder.changed({name})  # all while it runs
        builder.gate.release()
        assert rounds.get(timeout=DEADLINE).paths == ("content/a.md",)
        assert builder.started.acquire(timeout=DEADLINE)
        builder.gate.release()
        second = rounds.get(timeout=DEADLINE)
        assert second.paths == ("content/b.md", "content/c.md", "site.toml")
        assert second.result is not None and builder.overlaps == 0
        assert rounds.empty()
    finally:
        builder.gate.release()  # never leave the thread waiting
        rebuilder.close()


class StartingBuilder(Builder):
    """A builder that tells when each of its builds starts."""

    def __init__(self, site: Path) -> None:
        super().__init__(site, BuildOptions(output=site.parent / "out"))
        self.starts: queue.Queue[None] = queue.Queue()

    def build(self, changed: Iterable[str] | None = None) -> BuildResult:
        self.starts.put(None)
        return super().build(changed)


@pytest.fixture
def patient(tmp_path: Path) -> Iterator[tuple[Rebuilder, StartingBuilder, queue.Queue[Round]]]:
    """A rebuilder whose quiet spell and patience are far longer than any test waits."""
    builder = StartingBuilder(sample_site(tmp_path / "site"))
    rounds: queue.Queue[Round] = queue.Queue()
    rebuilder = Rebuilder(builder, LiveState(), rounds.put, quiet=3600, patience=3600)
    rebuilder.start()
    yield rebuilder, builder, rounds
    rebuilder.close()


def test_a_burst_of_complete_changes_is_built_without_waiting_for_quiet(
    patient: tuple[Rebuilder, StartingBuilder, queue.Queue[Round]],
) -> None:
    rebuilder, _, rounds = patient
    rebuilder.changed({"content/a.md"}, "whole")
    rebuilder.changed({"content/b.md"}, "whole")  # within the settle: the same burst
    assert rounds.get(timeout=DEADLINE).paths == ("content/a.md", "content/b.md")


def test_a_file_still_being_written_holds_the_build_back_until_it_is_complete(
    patient: tuple[Rebuilder, StartingBuilder, queue.Queue[Round]],
) -> None:
    rebuilder, builder, rounds = patient
    rebuilder.changed({"content/a.md"})  # opened for writing, say
    rebuilder.changed({"content/b.md"}, "whole")
    with pytest.raises(queue.Empty):
        builder.starts.get(timeout=0.5)  # a.md may still be half written: no build yet
    rebuilder.changed({"content/a.md"}, "whole")  # closed
    builder.starts.get(timeout=DEADLINE)
    assert rounds.get(timeout=DEADLINE).paths == ("content/a.md", "content/b.md")


def test_the_built_in_theme_of_a_checkout_is_watched(tmp_path: Path) -> None:
    site = sample_site(tmp_path / "site")
    checkout = tmp_path / "sitegen" / "theme"  # not under site-packages: being developed
    (checkout / "templates").mkdir(parents=True)
    changes = Changes()
    watcher = Watcher(site, changes, builtin=checkout)
    watcher.start()
    try:
        save(checkout / "templates/base.html", "changed")
        (checkout / "templates/.base.html.swp").write_text("leftover", "utf-8")
        save(checkout / "static/css/site.css", "body {}")
        seen = changes.until("(built-in theme) static/css/site.css")
        assert seen >= {
            "(built-in theme) templates/base.html",
            "(built-in theme) static/css/site.css",
        }
        assert not any("swp" in path for path in seen)
    finally:
        watcher.close()


class Listening(LiveState):
    """Open pages that note whether the cyclic garbage collector may run when they hear
    of a build."""

    def __init__(self) -> None:
        super().__init__()
        self.collector_on: list[bool] = []

    def built(self, changed: bool, language: str, moved: tuple[tuple[str, str], ...] = ()) -> None:
        self.collector_on.append(gc.isenabled())
        super().built(changed, language, moved)


def test_the_collector_waits_until_open_pages_heard_of_a_build(tmp_path: Path) -> None:
    # Resumed as the build ends, it would first walk all that the build made.
    assert gc.isenabled()
    live, rounds = Listening(), queue.Queue[Round]()
    builder = Builder(sample_site(tmp_path / "site"), BuildOptions(output=tmp_path / "out"))
    rebuilder = Rebuilder(builder, live, rounds.put, quiet=0.01)
    rebuilder.start()
    try:
        rebuilder.changed({"content/a.md"}, "whole")
        assert rounds.get(timeout=DEADLINE).result is not None
    finally:
        rebuilder.close()
    assert live.collector_on == [False]
    assert gc.isenabled()  # and back on once the round is over


class _Failing:
    """A builder whose every build fails; the first hears of another change meanwhile
    (as a build does whose output folder is deleted under it)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.options = BuildOptions(output=site_dir.parent / "out")
        self.rebuilder: Rebuilder | None = None
        self.builds = 0

    def build(self, paths: Iterable[str] = ()) -> BuildResult:
        self.builds += 1
        if self.builds == 1 and self.rebuilder is not None:
            self.rebuilder.changed({".sitegen-cache/serve/127.0.0.1-8000"}, "whole")
        raise SiteError.at("", 0, f"could not write the site (build {self.builds})")


class _Told(LiveState):
    def __init__(self) -> None:
        super().__init__()
        self.failures: list[str] = []

    def failed(self, problems: Iterable[Problem], language: str, unbuilt: bool = False) -> None:
        self.failures += [p.message for p in problems]
        super().failed(problems, language, unbuilt)


def test_a_failed_build_that_more_changes_overtook_is_not_told_the_next_one_is(
    tmp_path: Path,
) -> None:
    builder, live, rounds = _Failing(sample_site(tmp_path / "site")), _Told(), queue.Queue[Round]()
    rebuilder = Rebuilder(builder, live, rounds.put, quiet=0.01)  # type: ignore[arg-type]
    builder.rebuilder = rebuilder
    rebuilder.start()
    try:
        rebuilder.changed({"content/a.md"}, "whole")
        first, second = rounds.get(timeout=DEADLINE), rounds.get(timeout=DEADLINE)
    finally:
        rebuilder.close()
    assert first.overtaken and not second.overtaken
    assert describe_round(first) == [
        "content/a.md changed: build overtaken by more changes; building again"
    ]
    assert live.failures == ["could not write the site (build 2)"]  # the pages hear once
