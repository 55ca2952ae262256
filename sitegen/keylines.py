"""Find the line of a key in YAML or TOML text, so errors can say where they are.

A :class:`KeyLines` maps key paths such as ``("sources", "nikkei", "date")`` to the
1-based line where that key stands. Lookups fall back to the closest known parent,
so every problem gets the most precise line we can give.

YAML lines come from the parser's node marks; TOML has no such API in ``tomllib``,
so we scan the text for table headers and ``key =`` lines, which is exact for the
ordinary files people write (one key a line).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sitegen.errors import SiteError

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class KeyLines:
    """Line numbers of keys, with an offset for text embedded in a larger file."""

    lines: Mapping[KeyPath, int] = field(default_factory=dict)
    first_line: int = 1
    # The language of the text, for messages: what TOML calls a table is a mapping in YAML.
    syntax: Literal["toml", "yaml"] = "toml"

    def __call__(self, path: KeyPath = ()) -> int:
        """The line of ``path``, or of its closest parent, or the first line."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return self.first_line


# A bare or quoted TOML key, and the separators of a dotted key.
_TOML_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_TOML_DOTTED = rf"{_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*"
_TOML_TABLE = re.compile(rf"^\s*(\[\[?)\s*({_TOML_DOTTED})\s*\]\]?")
_TOML_ASSIGN = re.compile(rf"^\s*({_TOML_DOTTED})\s*=")
_TOML_PART = re.compile(_TOML_KEY)


def _toml_parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in _TOML_PART.findall(dotted))


def toml_key_lines(text: str, first_line: int = 1) -> KeyLines:
    """Scan TOML ``text`` for table headers and assignments.

    Arrays of tables (``[[rankings]]``) are numbered in order, so the second
    ``[[rankings]]`` block is key path ``("rankings", 1)``.
    """
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    array_counts: dict[KeyPath, int] = {}
    in_multiline = False
    for number, raw in enumerate(text.splitlines(), start=first_line):
        opens_or_closes = raw.count('"""') % 2 == 1 or raw.count("'''") % 2 == 1
        if in_multiline:
            in_multiline = not opens_or_closes
            continue
        in_multiline = opens_or_closes
        header = _TOML_TABLE.match(raw)
        if header:
            path: KeyPath = _toml_parts(header.group(2))
            if header.group(1) == "[[":
                index = array_counts.get(path, 0)
                array_counts[path] = index + 1
                lines.setdefault(path, number)
                path = (*path, index)
            table = path
            # [publish.production] also defines the table publish, where it is first named.
            for end in range(1, len(table) + 1):
                lines.setdefault(table[:end], number)
            continue
        assign = _TOML_ASSIGN.match(raw)
        if assign:
            lines.setdefault((*table, *_toml_parts(assign.group(1))), number)
    return KeyLines(lines, first_line)


_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column \d+\)")


def parse_toml(text: str, path: str, what: str = "TOML", first: int = 1) -> dict[str, Any]:
    """``text`` read as TOML; a mistake raises :class:`SiteError` at its line of ``path``
    (``text`` starts at line ``first`` of the file; ``what`` names it in the message)."""
    try:
        return tomllib.loads(text)
    except RecursionError:  # tomllib parses each nested value by recursion
        raise SiteError.at(path, first, f"invalid {what}: values nest too deeply") from None
    except tomllib.TOMLDecodeError as error:
        place = _TOML_PLACE.search(str(error))
        line = int(place.group(1)) + first - 1 if place else first
        message = _TOML_PLACE.sub("", str(error))
        raise SiteError.at(path, line, f"invalid {what}: {message}") from None
    except ValueError:  # from int(): more digits than Python converts (see too_long)
        for found in _TOML_TOKEN.finditer(text):
            if found.group("number") and (message := too_long(found.group())):
                line = text.count("\n", 0, found.start()) + first
                raise SiteError.at(path, line, message, TOO_LONG_HINT) from None
        raise


# What of TOML may hold digits: strings and comments, skipped whole, and decimal
# integers (1_000_000), which Python's int() limits.
_TOML_TOKEN = re.compile(
    r"""\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'[^'\n]*'|\#[^\n]*
    |(?P<number>(?<![\w.])[+-]?\d[\d_]*)""",
    re.VERBOSE,
)
TOO_LONG_HINT = "put it in quotes, to keep it as text"


def too_long(number: str) -> str:
    """Why the decimal integer ``number`` cannot be read, or '': Python converts text
    of at most 4,300 digits to an integer (sys.get_int_max_str_digits), to keep a
    huge number from taking seconds."""
    digits = sum(char.isdigit() for char in number)
    limit = sys.get_int_max_str_digits()
    return f"a number of {digits} digits is too long" if limit and digits > limit else ""
