"""Markdown that would take Python-Markdown minutes to convert, found before it starts.

Two shapes of text cost it time that grows with the square of their size, so that one
writer's file (or a pasted minified blob) would stall every build, ``check`` and
``serve``:

- **Nesting.** Each nested list or quote is parsed by recursion, slower at each level:
  a list 400 levels deep takes seconds, and deeper ones run out of stack after
  minutes. A body nested more than :data:`MAX_DEPTH` levels deep (outside fenced
  code) is an error at its deepest line before anything is converted; no article
  needs a tenth of that.
- **Brackets.** For each ``[`` the link patterns read on to its closing ``]``, and
  for each ``(`` after a link's text on to its ``)``: to the end of the paragraph
  when there is none. Ten thousand ``[`` in a line make fifty million characters to
  read, several times over. A paragraph whose brackets would make more than
  :data:`MAX_READ` characters to read (a second's work) is an error at its line, and
  is left as text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.markup.state import StateHolder

MAX_DEPTH = 100
MAX_READ = 2_000_000

# What opens nested blocks at the start of a line: indentation, quote and list markers.
_NESTING = " \t>*+-0123456789.)"
# A line starting with as many of those characters as MAX_DEPTH levels need at least.
_LONG_PREFIX = re.compile(rf"^[{re.escape(_NESTING)}]{{{MAX_DEPTH},}}", re.MULTILINE)
# One token of a line's nesting: a quote marker, a list marker, or indentation.
_TOKEN = re.compile(r">|(?:[-*+]|\d{1,9}[.)])(?=[ \t])|[ \t]+")
_FENCE = re.compile(r"[ \t>]*(?:`{3,}|~{3,})")
_BRACKET = re.compile(r"[\[\]()]")


def too_deep(body: str) -> int | None:
    """The deepest line of ``body`` (from 0) if it is nested more than MAX_DEPTH levels
    deep, not counting fenced code; else ``None``. A level is a quote marker, a list
    marker or four columns of indentation."""
    if not _LONG_PREFIX.search(body):  # most bodies: one quick search
        return None
    in_fence, deepest, depth = False, 0, 0
    for number, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (levels := _depth(line)) >= depth:  # the last of the deepest
            deepest, depth = number, levels
    return deepest if depth > MAX_DEPTH else None


def _depth(line: str) -> int:
    depth, columns, position = 0, 0, 0
    while token := _TOKEN.match(line, position):
        text, position = token.group(), token.end()
        if text[0] in " \t":
            columns += len(text.expandtabs(4))
        else:
            depth += 1
    return depth + columns // 4


def deepest_line(body: str) -> int:
    """The line of ``body`` (from 0) that starts with the most nesting."""
    lines = body.split("\n")
    return max(range(len(lines)), key=lambda n: len(lines[n]) - len(lines[n].lstrip(_NESTING)))


def characters_to_read(text: str) -> tuple[int, int]:
    """How many characters the link patterns would read in ``text``: for each ``[`` and
    ``(``, those up to its closing bracket, or to the end. With the number of brackets."""
    opened: dict[str, list[int]] = {"[": [], "(": []}
    closing = {"]": "[", ")": "("}
    read = brackets = 0
    for bracket in _BRACKET.finditer(text):
        character, position = bracket.group(), bracket.start()
        if character in opened:
            opened[character].append(position)
            brackets += 1
        elif opened[closing[character]]:
            read += position - opened[closing[character]].pop()
    read += sum(len(text) - position for stack in opened.values() for position in stack)
    return read, brackets


class _BracketLimit(Treeprocessor):
    """Before inline processing: a text whose brackets would take too long to read is
    an error at its line, and stays as written."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, root: etree.Element) -> None:
        body = self.holder.state.body
        if (body.count("[") + body.count("(")) * len(body) <= MAX_READ:
            return  # most bodies: too few brackets to read that much, however they stand
        for element in root.iter():
            element.text = self._checked(element.text)
            element.tail = self._checked(element.tail)

    def _checked(self, text: str | None) -> str | None:
        if not text or isinstance(text, AtomicString) or "[" not in text:
            return text
        read, brackets = characters_to_read(text)
        if read <= MAX_READ:
            return text
        state = self.holder.state
        state.problems.error(
            f"a paragraph of {len(text):,} characters with {brackets:,} brackets ('[', '(') "
            "nested or left open: too slow to convert",
            state.line_of(text.lstrip().split("\n", 1)[0][:60]),
            "put it in a code block (```), or escape the brackets (\\[)",
        )
        return AtomicString(text)


class LimitExtension(Extension):
    """Stops paragraphs whose brackets would take too long to convert (see the module)."""

    def __init__(self, holder: StateHolder) -> None:
        self.holder = holder
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # Just before the inline processor (20).
        md.treeprocessors.register(_BracketLimit(md, self.holder), "sitegen_bracket_limit", 21)
