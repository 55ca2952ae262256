"""Calculators in a site: where they are declared, which a page may place, and their widgets.

A calculator is declared in an article's front matter (``calculators: {id: {…}}``) or in a
shared file ``content/_data/calculators/<id>.yaml`` (or ``.yml``/``.toml``, one calculator a
file, the id being the file's stem) that any article may place. The build reads the shared
files once (:func:`read_shared_calculators`) and hands them to the per-file read, which
resolves the article's own declarations over them (:func:`calculator_scope`).

When an article declares an id that a shared file also declares, the article's own
declaration wins for that article, with a warning: adding a shared file never changes what an
existing article shows, and the warning says which one is in effect.

The article's HTML stays theme-independent: it carries placeholders, and
:func:`with_widgets` expands them with the theme's ``partials/calculator.html`` when the
page is rendered, with the default results computed here so that the page is complete with
JavaScript off.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitegen.calc import Calculator, parse_calculator, widget_ids
from sitegen.discover import CONTENT_DIR, DATA_DIR
from sitegen.errors import Problem, Problems, SiteError
from sitegen.frontmatter import load_data
from sitegen.frozen import replaced
from sitegen.keylines import KeyLines
from sitegen.markup import calculator_placeholder
from sitegen.model import Article, PlacedCalculator
from sitegen.sourcetext import decode
from sitegen.theme import Theme

CALCULATORS_DIR = f"{CONTENT_DIR}/{DATA_DIR}/calculators"
CALCULATOR_SUFFIXES = (".yaml", ".yml", ".toml")
WIDGET_TEMPLATE = "partials/calculator.html"


@dataclass(frozen=True)
class SharedCalculator:
    """A calculator of ``content/_data/calculators/``; ``calculator`` is None when invalid."""

    calculator: Calculator | None
    path: str  # site-relative path of its file
    digest: str  # of the file's path and bytes: joins the digest of every article placing it


@dataclass(frozen=True)
class SharedCalculators:
    """Every shared calculator by id. Picklable, so worker processes can be handed it."""

    by_id: Mapping[str, SharedCalculator] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """Changes whenever any shared calculator file is added, removed or edited."""
        parts = (f"{calc_id}\0{shared.digest}" for calc_id, shared in sorted(self.by_id.items()))
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def calculator_files(data_files: Iterable[str]) -> list[str]:
    """The data files (site-relative paths under ``content/_data/``) that are calculators."""
    return [path for path in data_files if path.startswith(CALCULATORS_DIR + "/")]


def read_shared_calculators(
    files: Mapping[str, bytes],
) -> tuple[SharedCalculators, list[Problem]]:
    """Read the shared calculator files (path → bytes); report every problem in them."""
    problems = Problems()
    found: dict[str, SharedCalculator] = {}
    for path, raw in sorted(files.items()):
        folder, name = posixpath.split(path)
        stem, suffix = posixpath.splitext(name)
        if folder != CALCULATORS_DIR:
            problems.error(
                "a calculator file must be directly in content/_data/calculators/",
                hint="move it up: the file's name is the calculator's id",
                path=path,
            )
            continue
        if suffix.lower() not in CALCULATOR_SUFFIXES:
            problems.warn(
                "not a calculator file, ignored",
                hint="calculator files end in .yaml, .yml or .toml",
                path=path,
            )
            continue
        if stem in found:
            problems.error(
                f"calculator '{stem}' is declared twice: here and in {found[stem].path}",
                1,
                "keep one file per id",
                path=path,
            )
            continue
        calculator, file_problems = _read_shared(stem, raw, path)
        problems.add(file_problems)
        digest = hashlib.blake2b(path.encode() + b"\0" + raw, digest_size=16).hexdigest()
        found[stem] = SharedCalculator(calculator, path, digest)
    return SharedCalculators(found), list(problems)


def _read_shared(
    calc_id: str, raw: bytes, path: str
) -> tuple[Calculator | None, Sequence[Problem]]:
    try:
        data, lines = load_data(decode(raw, path), path)
    except SiteError as error:
        return None, error.problems
    # parse_calculator locates keys under the calculator's id; the file holds no such level.
    return parse_calculator(
        calc_id, data, path=path, line_of=lambda keys: lines(keys[1:]), key_prefix=()
    )


@dataclass(frozen=True)
class CalculatorScope:
    """The calculators one source file may place: its own, then the shared ones.

    ``own`` maps the ids declared in its front matter to the calculator (None when the
    declaration has errors, which are reported already).
    """

    own: Mapping[str, Calculator | None]
    shared: SharedCalculators

    @property
    def ids(self) -> frozenset[str]:
        """Every id a marker may name (invalid declarations too: one problem, not two)."""
        return frozenset(self.own) | frozenset(self.shared.by_id)

    @property
    def names(self) -> dict[str, tuple[str, ...]]:
        """Every id a marker may name, with the names of its calculator's inputs and
        outputs (none when its declaration is invalid)."""
        return {calc_id: _names(self.calculator(calc_id)) for calc_id in sorted(self.ids)}

    def calculator(self, calc_id: str) -> Calculator | None:
        """The calculator ``calc_id`` names here (the article's own first), None if invalid."""
        if calc_id in self.own:
            return self.own[calc_id]
        shared = self.shared.by_id.get(calc_id)
        return shared.calculator if shared else None

    def placements(self, placed: Sequence[str]) -> tuple[PlacedCalculator, ...] | None:
        """One widget per marker, in order (the n-th placement of an id gets the n-th id);
        None when a calculator placed has errors, which its declaration reports."""
        widgets = []
        for calc_id, html_id in zip(placed, widget_ids(placed), strict=True):
            calculator = self.calculator(calc_id)
            if calculator is None:
                return None
            widgets.append(PlacedCalculator(calculator, html_id))
        return tuple(widgets)

    def shared_digests(self, placed: Sequence[str]) -> list[str]:
        """The digests of the shared files that ``placed`` uses, for the article's digest."""
        used = {calc_id for calc_id in placed if calc_id not in self.own}
        return sorted(self.shared.by_id[calc_id].digest for calc_id in used)


def _names(calculator: Calculator | None) -> tuple[str, ...]:
    return calculator.names if calculator is not None else ()


def calculator_scope(
    meta: Mapping[str, Any],
    lines: KeyLines,
    path: str,
    shared: SharedCalculators,
    problems: Problems,
) -> CalculatorScope:
    """Read the ``calculators:`` of one front matter, reporting every problem in it."""
    declared = meta.get("calculators")
    if declared is None:
        return CalculatorScope({}, shared)
    if not isinstance(declared, Mapping):
        problems.error(
            "calculators: expected a mapping of calculator ids to their declarations",
            lines(("calculators",)),
            "write 'calculators:' then, indented below it, 'apology:' and its title, inputs, …",
        )
        return CalculatorScope({}, shared)
    own: dict[str, Calculator | None] = {}
    for key, raw in declared.items():
        calc_id = str(key)
        calculator, found = parse_calculator(calc_id, raw, path=path, line_of=lines)
        problems.add(found)
        own[calc_id] = calculator
        if calc_id in shared.by_id:
            problems.warn(
                f"calculator '{calc_id}' is declared here and in {shared.by_id[calc_id].path}; "
                "this article uses its own",
                lines(("calculators", calc_id)),
                "rename one of them to place the shared calculator here",
            )
    return CalculatorScope(own, shared)


def warn_unplaced(
    scope: CalculatorScope, placed: Sequence[str], lines: KeyLines, problems: Problems
) -> None:
    """Warn about calculators of the front matter that no marker places."""
    for calc_id in scope.own:
        if calc_id not in placed:
            problems.warn(
                f"calculator '{calc_id}' is declared but not placed in the text",
                lines(("calculators", calc_id)),
                f"put {{{{< calculator {calc_id} >}}}} on a line of its own where it belongs",
            )


def with_widgets(article: Article, theme: Theme) -> Article:
    """``article`` with each calculator placeholder replaced by its widget's HTML, in the
    article's language: its texts, formats and messages are the body's."""
    language = article.language or theme.config.language
    translate = theme.translator(language)
    html = article.html
    levels = [title_level(html, calculator_placeholder(i)) for i in range(len(article.calculators))]
    for index, placed in enumerate(article.calculators):
        calculator = placed.calculator
        widget = theme.render(
            WIDGET_TEMPLATE,
            {
                "calc": calculator,
                "results": calculator.default_results(language),
                "lang": language,
                "t": translate,
                "widget_id": placed.widget_id,
                "level": levels[index],
            },
        )
        html = html.replace(calculator_placeholder(index), widget.strip("\n"), 1)
    return replaced(article, html=html)


_HEADING = re.compile(r"<h([1-6])[\s>]")


def title_level(body: str, placeholder: str) -> int:
    """The level of the heading that titles the widget at ``placeholder`` in ``body``:
    one below the section it stands in (an h3 under an h2), an h2 before any heading
    (the page's h1 is the article's title), never below h6."""
    levels = _HEADING.findall(body, 0, body.find(placeholder))
    return min(int(levels[-1]) + 1, 6) if levels else 2
