"""What a build is made from, found before any article is read: the files of the
site, each source's read key (a digest of its bytes and of what reading it depends
on), the files copied as they are, and one stamp of them all — and the reader of
one source, a worker's task.

A source's bytes are hashed again only when its size or modification time changed
(see :func:`look`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen import __version__
from sitegen.cache import pickled
from sitegen.calculators import SharedCalculators, calculator_files, read_shared_calculators
from sitegen.config import Config, ReadSettings
from sitegen.content import Renderers, read_source
from sitegen.discover import CONTENT_DIR, STATIC_DIR, Inventory, Source
from sitegen.errors import Problems, unreadable
from sitegen.fingerprint import data_digest, digest_of
from sitegen.frozen import FrozenMap
from sitegen.markup import BUILTIN_SHORTCODES, WORDS
from sitegen.output import OutputFile
from sitegen.sitedata import SiteData, data_files, read_site_data
from sitegen.theme import Theme


@dataclass(frozen=True)
class Inputs:
    """What a build is made from, found without reading any article."""

    config: Config
    settings: ReadSettings  # what reading depends on: read_settings
    inventory: Inventory
    shared: SharedCalculators
    data: SiteData  # the data files, for templates (site.data)
    base: str  # what every read depends on: sitegen's version, the settings, calculators
    # Each source's read key (its bytes, path, kind and the base), by its path.
    keys: dict[str, str]
    # The keys of the last build (in this process) that this one no longer uses; None
    # when there was none under the same base: then the cache is searched for them.
    replaced: list[str] | None
    copies: list[OutputFile]  # files copied as they are

    def stamp(self, theme: Theme, choices: str) -> str:
        """A digest of every input of the build: the configuration, the sources by their
        read keys, copied files by path, size and mtime, the theme, the build's
        ``choices`` (its options, and the Pagefind that indexes), and the files left out
        and not used (the warnings depend on them)."""
        return digest_of(
            __version__,
            self.config.digest,
            theme.digest,
            choices,
            self.data.digest,
            *self.keys.values(),
            *(c.source_print() for c in self.copies),
            *self.inventory.skipped,
            *self.inventory.list_pages,
        )


Stat = tuple[int, int, str]  # a source file's size, mtime (ns) and content digest


def look(
    site_dir: Path, sources: Iterable[Source], stats: dict[str, Stat]
) -> list[tuple[str, int, int, str]]:
    """Bring ``stats`` up to date for ``sources``: files whose size and mtime are
    unchanged are not hashed again. Returns the rows that changed."""
    fresh = []
    for source in sources:
        path = f"{site_dir}/{source.path}"  # a string: pathlib would double the cost here
        try:
            stat = os.stat(path)
            seen = stats.get(source.path)
            if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
                continue
            with open(path, "rb") as file:
                digest = data_digest(file.read())
        except OSError as error:  # deleted since it was found, or unreadable
            raise unreadable(source.path, error) from None
        stats[source.path] = (stat.st_size, stat.st_mtime_ns, digest)
        fresh.append((source.path, stat.st_size, stat.st_mtime_ns, digest))
    return fresh


def only_edits(
    site_dir: Path, last: Inputs | None, config: Config, changed: set[str] | None
) -> bool:
    """Whether the ``changed`` paths only edit files that ``last`` found, under the same
    configuration: no file of the content or static folders came, went or was renamed.
    False when there was no last build, or what changed since is not known."""
    # Equal configurations are the very same object (see Builder._config).
    if last is None or changed is None or last.config is not config:
        return False
    listed = [p for p in changed if p.split("/", 1)[0] in (CONTENT_DIR, STATIC_DIR)]
    # A link (a file replaced by one) may lead out of the site: discover looks at it.
    return all(p in last.inventory.paths and _plain_file(site_dir / p) for p in listed)


def _plain_file(path: Path) -> bool:
    return os.path.isfile(path) and not os.path.islink(path)


def read_settings(config: Config, theme: Theme) -> ReadSettings:
    """What reading a source depends on: ``config``'s, and of ``theme`` the words that
    Markdown writes (a theme's own alert titles read every article again) and the
    shortcodes it makes (a new one reads every article again: its markers were text),
    with the arguments each reads (those a use gives and it does not read are warned of).
    A shortcode template named as one of sitegen's own is an error: it would be
    silently unused."""
    problems = Problems()
    for name, shortcode in sorted(theme.shortcodes.items()):
        if name in BUILTIN_SHORTCODES:
            problems.error(
                f"{{{{< {name} >}}}} is a shortcode of sitegen's own: this template makes none",
                hint="give yours another name (box.html makes {{< box >}})",
                path=shortcode.label,
            )
    problems.raise_if_errors()
    words = FrozenMap({key: theme.strings[key] for key in WORDS})
    shortcodes = FrozenMap({name: s.signature for name, s in sorted(theme.shortcodes.items())})
    return dataclasses.replace(config.reading, words=words, shortcodes=shortcodes)


class SourceReader:
    """Reads one source (a worker task); makes its Markdown renderers on first use.

    The result comes pickled: it crosses from a worker pickled anyway, and the
    cache stores those very bytes, so the build process need not pickle it again.
    """

    def __init__(self, site_dir: Path, settings: ReadSettings, shared: SharedCalculators) -> None:
        self.site_dir = site_dir
        self.settings = settings
        self.shared = shared
        self._renderers: Renderers | None = None

    def __call__(self, source: Source) -> bytes:
        if self._renderers is None:
            self._renderers = Renderers(self.settings)
        try:
            raw = (self.site_dir / source.path).read_bytes()
        except OSError as error:  # not a result to cache: raised, as when hashing it
            raise unreadable(source.path, error) from None
        return pickled(read_source(raw, source, self.settings, self._renderers, self.shared))


def read_calculators(site_dir: Path, inventory: Inventory, problems: Problems) -> SharedCalculators:
    """Read the shared calculators (``content/_data/calculators/``), once per build."""
    files = {path: (site_dir / path).read_bytes() for path in calculator_files(inventory.data)}
    shared, found = read_shared_calculators(files)
    problems.add(found)
    return shared


def read_data(site_dir: Path, inventory: Inventory, problems: Problems) -> SiteData:
    """Read the data files of ``content/_data/`` (``site.data``), once per build."""
    files = {path: (site_dir / path).read_bytes() for path in data_files(inventory.data)}
    return read_site_data(files, problems)


def copied_files(site_dir: Path, inventory: Inventory, theme: Theme) -> list[OutputFile]:
    """Theme assets (fingerprinted; stylesheets that name other assets rewritten to
    their new names), content assets and static files, copied as they are."""
    files = [
        OutputFile(out, f"the theme asset {name}", theme.rewritten.get(name), path)
        for name, (path, out) in theme.assets.items()
    ]
    files += [
        OutputFile(path[len(CONTENT_DIR) + 1 :], path, copy_of=site_dir / path)
        for path in inventory.assets
    ]
    files += [
        OutputFile(path.split("/", 1)[1], path, copy_of=site_dir / path)
        for path in inventory.static
    ]
    return files
