"""A file deleted while a build reads the site (a ``git checkout``, a tool that makes and
deletes files at once) is a clear error naming it, never an internal error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sitekit import article, write_site

import sitegen.build
from sitegen.build import BuildOptions, build
from sitegen.errors import Problem, SiteError

POST = "content/posts/2024-03-12-tmp.md"
PICTURE = "static/notes.txt"


def deleting_after(monkeypatch: pytest.MonkeyPatch, stage: str, path: Path) -> Callable[..., Any]:
    """Make ``sitegen.build.<stage>`` delete ``path`` once it has run."""
    original = getattr(sitegen.build, stage)

    def run(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        path.unlink()
        return result

    monkeypatch.setattr(sitegen.build, stage, run)
    return run


@pytest.mark.parametrize(
    ("stage", "deleted"),
    [("discover", POST), ("copied_files", PICTURE)],
    ids=["a source, before it is read", "a static file, before it is copied"],
)
def test_a_file_deleted_while_the_build_reads_the_site_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, deleted: str
) -> None:
    site = write_site(tmp_path / "site", {POST: article("消える記事"), PICTURE: "メモ\n"})
    deleting_after(monkeypatch, stage, site / deleted)
    with pytest.raises(SiteError) as caught:
        build(site, BuildOptions(output=tmp_path / "out", search=False))
    assert caught.value.problems == (
        Problem(
            deleted,
            0,
            "the file was deleted while the build read it",
            "build again once the files stop changing",
        ),
    )
