"""The site's data files, as templates see them: ``site.data``.

Each file of ``content/_data/`` (but the shared calculators of ``calculators/``) named
``.yaml``, ``.yml``, ``.json`` or ``.toml`` is read with the rules of front matter and
becomes ``site.data.<name>``, its name being the file's without the suffix, as written:
``offices.yaml`` is ``site.data.offices``, ``my-offices.yaml`` is
``site.data["my-offices"]`` (a name that is no Python name is reached as a key, as in
Hugo's ``index .Site.Data "my-offices"``). A file in a folder is under the folder's
name: ``company/offices.yaml`` is ``site.data.company.offices``. Two files that would
have the same name (``offices.yaml`` and ``offices.json``, or ``company.yaml`` beside
the folder ``company/``) are an error: neither is chosen silently.

The values are frozen (mappings read-only, lists tuples): every page of a build sees
the same data, and a page is rendered again when what it reads of it changes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.calculators import CALCULATORS_DIR
from sitegen.discover import CONTENT_DIR, DATA_DIR
from sitegen.errors import Problems, SiteError, quoted
from sitegen.fingerprint import data_digest, digest_of
from sitegen.frontmatter import load_data
from sitegen.frozen import FrozenMap, frozen_value
from sitegen.sourcetext import decode

DATA_FOLDER = f"{CONTENT_DIR}/{DATA_DIR}/"
DATA_SUFFIXES = (".yaml", ".yml", ".json", ".toml")


@dataclass(frozen=True)
class SiteData:
    """The data files' values by name (``site.data``), and a digest of the files."""

    values: Mapping[str, Any]
    digest: str


def data_files(paths: tuple[str, ...]) -> list[str]:
    """The files of ``content/_data/`` that are data, not shared calculators."""
    return [path for path in paths if not path.startswith(CALCULATORS_DIR + "/")]


def read_site_data(files: Mapping[str, bytes], problems: Problems) -> SiteData:
    """Read the data files (site-relative path → bytes), reporting every problem in
    them to ``problems``: a file that does not read is left out of ``site.data``."""
    tree: dict[str, Any] = {}
    where: dict[tuple[str, ...], str] = {}  # each name taken, by the file that took it
    prints = []
    for path, raw in sorted(files.items()):
        stem, suffix = posixpath.splitext(path[len(DATA_FOLDER) :])
        if suffix.lower() not in DATA_SUFFIXES:
            problems.warn(
                "not a data file, ignored",
                hint="data files end in .yaml, .yml, .json or .toml",
                path=path,
            )
            continue
        prints.append(f"{path}\0{data_digest(raw)}")
        names = tuple(stem.split("/"))
        if (other := _taken(names, where)) is not None:
            name = ".".join(names)
            problems.error(
                f"the data {quoted(name)} is given twice: by this file and by {other}",
                hint="rename or move one of them: each file is a name of site.data",
                path=path,
            )
            continue
        where[names] = path
        try:
            value, _ = load_data(decode(raw, path), path, lists=True)
        except SiteError as error:
            problems.add(error.problems)
            continue
        folder = tree
        for name in names[:-1]:
            folder = folder.setdefault(name, {})
        folder[names[-1]] = value
    return SiteData(frozen_value(tree), digest_of(*prints))


def _taken(names: tuple[str, ...], where: dict[tuple[str, ...], str]) -> str | None:
    """The file whose name is ``names``, or a folder of it, or inside it: the file that
    takes the name ``names`` would be."""
    for taken, path in where.items():
        shorter = min(len(taken), len(names))
        if taken[:shorter] == names[:shorter]:
            return path
    return None


EMPTY = SiteData(FrozenMap(), digest_of())
