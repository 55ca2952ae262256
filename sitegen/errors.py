"""The one error type of sitegen, and the record of a problem found in a site.

Every problem carries where it is (a site-relative path and a 1-based line),
what is wrong, and optionally a hint on how to fix it. Stages collect problems
instead of stopping at the first, so a build reports everything at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we know.

    ``path`` is relative to the site folder in POSIX form (``content/posts/a.md``),
    or empty when the problem belongs to no file. ``line`` is 1-based, 0 when unknown.
    """

    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        kind = "warning: " if self.severity == "warning" else ""
        text = f"{prefix}{kind}{self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class SiteError(Exception):
    """Bad input: carries every problem found (at least one error, and the warnings
    found with it, to be told at once), sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        if not self.problems:
            raise ValueError("SiteError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[SiteError], tuple[tuple[Problem, ...]]]:
        # Rebuild from the problems, so the error crosses process boundaries intact.
        return (SiteError, (self.problems,))

    @classmethod
    def at(cls, path: str, line: int, message: str, hint: str = "") -> SiteError:
        """A SiteError for a single problem."""
        return cls([Problem(path, line, message, hint)])


class Problems:
    """A collector of problems for one stage or one file.

    ``error()`` and ``warn()`` record; ``raise_if_errors()`` turns the collected
    errors into a :class:`SiteError` (warnings stay available in ``warnings``).
    """

    def __init__(self, path: str = "") -> None:
        self.path = path
        self._items: list[Problem] = []

    def error(self, message: str, line: int = 0, hint: str = "", path: str | None = None) -> None:
        self._items.append(Problem(self.path if path is None else path, line, message, hint))

    def warn(self, message: str, line: int = 0, hint: str = "", path: str | None = None) -> None:
        self._items.append(
            Problem(self.path if path is None else path, line, message, hint, "warning")
        )

    def add(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings by place (file, then line), each once; those of one line in the
        order they were found."""
        found = dict.fromkeys(p for p in self._items if not p.is_error)
        return sorted(found, key=lambda p: (p.path, p.line))

    def raise_if_errors(self) -> None:
        """Raise the errors, with the warnings found so far: they are told at once."""
        if self.errors:
            raise SiteError(self._items)


# An escape in what repr() writes: of a backslash, or of a full-width space.
_REPR_ESCAPE = re.compile(r"\\(\\|u3000)")


def quoted(value: object) -> str:
    """``value`` quoted for a message, as repr() quotes it (a control character or an
    invisible space escaped, so that what is quoted is unambiguous), but with each
    full-width space (U+3000) as written: 経営　マーケティング, which a Japanese writer
    types and sees in their editor, not 経営\\u3000マーケティング."""
    shown = repr(value)
    if not isinstance(value, str) or "\u3000" not in value:
        return shown
    return _REPR_ESCAPE.sub(lambda m: "\u3000" if m[1] == "u3000" else m[0], shown)


# The control characters: C0 (but those a caller keeps), DEL and C1.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str, keep: str = "\t\n") -> str:
    """``text`` safe to print on a terminal: each control character but those of
    ``keep`` (the output's own tabs and line ends) written as repr() writes it, ``\x1b``.
    A title or a file name is the writer's: its escape sequences must not erase a line,
    forge another or set the window's title."""

    def escaped(found: re.Match[str]) -> str:
        char = found.group()
        return char if char in keep else repr(char)[1:-1]

    return _CONTROL.sub(escaped, text)


def without_controls(text: str, keep: str = "\t\n") -> str:
    """``text`` with each control character but those of ``keep`` replaced by U+FFFD:
    data (CSV) that stays text as written, but carries no escape sequence."""
    return _CONTROL.sub(lambda found: found.group() if found.group() in keep else "\ufffd", text)


def unreadable(path: str, error: OSError) -> SiteError:
    """A file of the site that could not be read (its permissions, a disk error), or
    that went away while the build read the site."""
    if isinstance(error, FileNotFoundError):
        return vanished(path)
    return SiteError.at(
        path, 0, f"cannot read the file: {error.strerror or error}", "check who may read it"
    )


def vanished(path: str) -> SiteError:
    """A file of the site deleted (or moved away) while the build read the site: a
    ``git checkout``, a tool that makes and deletes files at once."""
    return SiteError.at(
        path,
        0,
        "the file was deleted while the build read it",
        "build again once the files stop changing",
    )


# The hint for what a comma in a YAML {…} mapping does ({note: 1,500万円}, {value: 5,000}):
# the parts after it become keys of their own, unknown or written twice.
COMMA_IN_MAPPING = (
    "in a {…} mapping a comma ends the value: write numbers without commas, "
    "and put text that has commas in quotes"
)


def suggestion(
    name: str, known: Iterable[str], listing: str = "", otherwise: str = "", close: float = 0.6
) -> str:
    """A hint for an unknown ``name``: the closest of ``known`` ("did you mean 'x'?") at
    least ``close`` alike (difflib's ratio), else — when ``listing`` is given — all of
    them after it, else ``otherwise``."""
    candidates = list(known)
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=close)
    if matches:
        return f"did you mean '{matches[0]}'?"
    if candidates and listing:
        return f"{listing}: " + ", ".join(candidates)
    return otherwise
