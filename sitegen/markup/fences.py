"""A fenced code block's opening line as Hugo and GitHub write it, read as Python-Markdown's.

Python-Markdown reads three forms of the line that opens a fenced code block: a bare
language (```` ```go ````), a language and ``hl_lines="2"``, or braces of its own
(```` ```{.go hl_lines="2" linenums="true"} ````). Anything else after the fence
(Hugo's ```` ```go {linenos=table,hl_lines=[2]} ````, GitHub's ```` ```js title="x.js" ````)
made the line a paragraph, and its closing fence open a block that swallowed the prose
and code after it. So every opening line with more than a bare language is rewritten
here, line for line, into Python-Markdown's braces before its fenced-code preprocessor
reads it:

- the language is the first word (before ``:`` in Qiita's ```` ```ruby:app.rb ````);
- the options in braces, and ``key=value`` words after the language, are separated by
  commas or spaces, as Hugo writes them. ``hl_lines`` takes Hugo's forms (``[2]``,
  ``["2-4", 7]``, ``"2-4 7"``), its ranges written out, since Python-Markdown reads
  only numbers; ``linenos`` is ``table``, ``inline``, ``true`` or ``false``;
  ``linenostart`` a number. ``.class``, ``#id`` and other ``name=value`` pairs are
  attributes, which :mod:`.attributes` filters as it filters any;
- what sitegen cannot do (Hugo's ``anchorlinenos``, ``hl_inline``, ``tabwidth``…),
  a value it cannot read, and words that are not options are dropped, with a warning
  at the line naming them. The code stays code whatever the line holds.

A line inside a code block, or a fence never closed, is left as written.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from sitegen.errors import quoted
from sitegen.markup.state import StateHolder

# An opening (or closing) fence at the start of a line, and what follows it.
_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})[ ]*(?P<info>[^`\n]*?)[ ]*")
# What Python-Markdown reads as it is: nothing, or a bare language.
_BARE = re.compile(r"\.?[\w#.+-]*")
# The language: the info string's first word, unless that word is an option.
_LANGUAGE = re.compile(r"\.?(?P<language>[\w#+-][\w#.+-]*)(?P<rest>[^\s{]*)")
# One option: .class, #id, a name alone, or name=value; its value quoted, a [list]
# or a bare word. Anything else (a stray quote or bracket) is not readable.
_OPTION = re.compile(
    r"""(?P<name>[^\s,="'\[\]{}]+)
        (?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|\[[^\]]*\]|[^\s,"'\[\]{}]+))?
      | (?P<stray>[^\s,])""",
    re.VERBOSE,
)
_BRACES = re.compile(r"\{(?P<options>[^{}]*)\}")
_LINE_RANGE = re.compile(r"(?P<first>\d+)(?:-(?P<last>\d+))?")
_MAX_LINES = 10_000  # a range longer than this is a typo, not lines to highlight
# Hugo's options for its highlighter that Pygments, as sitegen runs it, cannot follow.
_UNSUPPORTED = frozenset(
    {"anchorlinenos", "lineanchors", "hl_inline", "tabwidth", "linenumbersintable"}
    | {"guesssyntax", "noclasses", "codefences"}
)
# Hugo's highlighting options that sitegen reads; their names in any case (lineNoStart).
_HIGHLIGHTING = _UNSUPPORTED | {"hl_lines", "linenos", "linenostart"}
_LINENOS = {"table": ("linenums", "true"), "true": ("linenums", "true")}
_LINENOS |= {"inline": ("linenos", "inline"), "false": ("linenums", "false")}
_HINT = (
    "a code block takes hl_lines, linenos, linenostart and attributes such as .class "
    'and title: ```go {linenos=table, hl_lines=[2, "4-6"]}'
)


class HugoFences(Preprocessor):
    """Rewrites each opening line of a fenced code block that Python-Markdown would not
    read (see the module docstring), keeping the number of lines."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, lines: list[str]) -> list[str]:
        index = 0
        while index < len(lines):
            opening = _FENCE.fullmatch(lines[index])
            closing = opening and _closing(lines, index + 1, opening["fence"])
            if not (opening and closing):
                index += 1
                continue
            if not _BARE.fullmatch(opening["info"]):
                first_line = self.holder.state.first_line
                lines[index] = opening["fence"] + self._translate(
                    opening["info"], first_line + index
                )
            index = closing + 1
        return lines

    def _translate(self, info: str, line: int) -> str:
        """Python-Markdown's braces for the info string ``info``, written at ``line``."""
        language, ignored, rest = "", [], info
        first = _LANGUAGE.match(info)
        if first and "=" not in first[0]:
            language, rest = "." + first["language"], info[first.end() :]
            ignored += [first["rest"]] if first["rest"] else []
        # Braces hold options; outside them only name=value words are options.
        options = [braces["options"] for braces in _BRACES.finditer(rest)]
        for word in _OPTION.finditer(_BRACES.sub(" ", rest)):
            (ignored if word["value"] is None else options).append(word[0])
        if ignored:
            listed = ", ".join(quoted(word) for word in ignored)
            self._warn(f"code block: {listed} after the language is not read", line)
        # No word holds a brace outside quotes: Python-Markdown reads the braces whole
        # (a brace too many would make it skip the fence, and the code prose).
        words = [word for text in options for word in self._options(text, line)]
        words = [language, *words] if language else words
        return "{" + " ".join(words) + "}" if words else ""

    def _options(self, text: str, line: int) -> list[str]:
        """Python-Markdown's form of the options ``text`` (inside one pair of braces)."""
        matches = list(_OPTION.finditer(text))
        if any(match["stray"] for match in matches):
            self._warn(f"code block: options not read, removed: {{{text}}}", line)
            return []
        words: list[str] = []
        for match in matches:
            name, value = match["name"], match["value"]
            key = name.lower()
            if value and value[0] in "\"'":
                value = value[1:-1]
            if key in _HIGHLIGHTING:
                words += self._option(key, "true" if value is None else value, line)
            elif value is None:
                words.append(name)  # .class, #id or a flag
            elif value.startswith("["):
                self._warn(f"code block: {name} cannot be a list, removed: {value}", line)
            elif key in ("class", "id"):  # Goldmark's form of .class and #id
                words += [("." if key == "class" else "#") + word for word in value.split()]
            else:
                words.append(_attribute(name, value))
        return words

    def _option(self, key: str, value: str, line: int) -> list[str]:
        """Python-Markdown's form of Hugo's highlighting option ``key``."""
        if key in _UNSUPPORTED:
            self._warn(f"code block: option {quoted(key)} is not supported, removed", line)
            return []
        if key == "linenos" and value.lower() in _LINENOS:
            return [_attribute(*_LINENOS[value.lower()])]
        if key == "linenostart" and value.isdigit():
            return [_attribute(key, value)]
        if key == "hl_lines" and (numbers := _line_numbers(value)) is not None:
            return [_attribute(key, " ".join(map(str, numbers)))] if numbers else []
        self._warn(f"code block: {key} cannot be {quoted(value)}, removed", line)
        return []

    def _warn(self, message: str, line: int) -> None:
        self.holder.state.problems.warn(message, line, _HINT)


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    """The index of the line from ``start`` that closes a block opened by ``fence``: the
    same fence alone, as Python-Markdown reads it."""
    return next((n for n in range(start, len(lines)) if lines[n].rstrip(" ") == fence), None)


def _line_numbers(value: str) -> list[int] | None:
    """The lines ``value`` names in Hugo's forms (``[2, "4-6"]``, ``"4-6 9"``, ``2``), or
    None if it is not one of them."""
    numbers: list[int] = []
    for item in re.split(r"[\s,]+", value.strip("[] ")):
        item = item.strip("\"'")
        if not item:
            continue
        lines = _LINE_RANGE.fullmatch(item)
        if lines is None:
            return None
        first = int(lines["first"])
        last = int(lines["last"] or first)
        if not 0 < first <= last < first + _MAX_LINES:
            return None
        numbers += range(first, last + 1)
    return sorted(set(numbers))


def _attribute(name: str, value: str) -> str:
    """``name="value"`` as Python-Markdown's braces read it (no escapes: the other quote)."""
    quote = "'" if '"' in value else '"'
    return f"{name}={quote}{value}{quote}"
