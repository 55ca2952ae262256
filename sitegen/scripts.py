"""The addresses a script names: the modules it imports and its source map.

A module names the modules it imports by where they are beside it
(``import { hello } from "./util.js"``), and a minified script its source map in a
comment (``//# sourceMappingURL=vendor.min.js.map``); :func:`mentions` finds them, so
that they can be rewritten to the files' fingerprinted names (see assetnames).

The script is read as a browser reads it: its comments, strings, template literals
and regular expressions are told apart from its code, so an ``import`` in a comment
or in a string, or a ``"./util.js"`` that is no module's name (``const path =
"./util.js"``), is left alone. The names found are those written as a literal in
``import … from "…"``, ``import "…"``, ``export … from "…"`` and ``import("…")``,
and only relative ones (``./``, ``../``): a bare name (``import "lit"``) is the
browser's import map's to resolve, not a file beside the script.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sitegen.stylesheets import Mention

# Where the code stops being code: a comment, a string, a template literal, a "/"
# (a regular expression, or a division: see _regex_may_follow). Inside a template's
# "${…}", the braces too, to find the "}" that ends it.
_STOPS = r"""
    (?P<comment>//[^\n\r\u2028\u2029]*|/\*.*?(?:\*/|\Z))
  | (?P<string>"(?:[^"\\\n\r]|\\.)*"?|'(?:[^'\\\n\r]|\\.)*'?)
  | (?P<template>`)
  | (?P<slash>/)
"""
_STOP = re.compile(_STOPS, re.VERBOSE | re.DOTALL)
_STOP_IN_TEMPLATE = re.compile(_STOPS + r"| (?P<brace>[{}])", re.VERBOSE | re.DOTALL)
_TEMPLATE_TEXT = re.compile(r"(?:[^`\\$]|\\.|\$(?!\{))*`?", re.DOTALL)
_REGEX = re.compile(r"/(?:[^/\\\[\n\r]|\\.|\[(?:[^\]\\\n\r]|\\.)*\])+/[\w$]*")
_SOURCE_MAP = re.compile(r"[#@][ \t]*sourceMappingURL=(?P<url>(?:[^\s*]|\*(?!/))+)")

# Keywords after which an expression starts, so a "/" starts a regular expression.
_BEFORE_EXPRESSION = frozenset(
    (
        *("return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw"),
        *("case", "do", "else", "yield", "await"),
    )
)

# The forms that name a module, found in the script's code alone (see _code), where
# each string's text is blanked out: its address is then read from the script.
_NAMING = re.compile(
    r"""
    (?<![\w$.])  # a keyword, not the end of a name or a property (obj.import)
    (?: (?P<from>import|export)(?![\w$])  # import a, { b as c } from "…"
          (?>\s*(?>[\w$]+|[{},*]|"\0*"|'\0*'))*?  # names, braces, commas, stars
          \s*(?<![\w$])from
      | (?P<import>import)  # import "…"
      | (?P<dynamic>import)\s*\(  # import("…")
    )
    \s*(?P<q>["'])(?P<name>\0*)(?P=q)(?(dynamic)\s*[,)])
    """,
    re.VERBOSE,
)


def mentions(text: str) -> Iterator[Mention]:
    """The relative addresses ``text``, a script, names."""
    code, comments = _code(text)
    for start in comments:
        if found := _SOURCE_MAP.match(text, start + 2):  # after the // or /*
            yield Mention(found.start("url"), found["url"], found[0][1:].lstrip())
    for match in _NAMING.finditer(code):
        start, end = match.span("name")
        address, quoted = text[start:end], text[start - 1 : end + 1]  # "./util.js"
        if not address.startswith(("./", "../")):
            continue
        if match["from"]:
            written = f"{match['from']} … from {quoted}"
        else:
            written = f"import({quoted})" if match["dynamic"] else f"import {quoted}"
        yield Mention(start, address, written)


def _code(text: str) -> tuple[str, list[int]]:
    """The script ``text`` with only its code left: comments, the text of template
    literals and regular expressions turned into spaces, and the text of strings into
    NULs between their quotes, each as long as it was; and where its comments start."""
    pieces: list[str] = []
    comments: list[int] = []
    done = position = 0
    literal = (0, 0)  # the last comment, string, template text or regex
    braces: list[bool] = []  # for each "{" open in a template's "${": whether it is that one
    while match := (_STOP_IN_TEMPLATE if braces else _STOP).search(text, position):
        start, position = match.span()
        kind = match.lastgroup
        if kind == "brace" and match[0] == "{":
            braces.append(False)
            continue
        if kind == "brace" and not braces.pop():
            continue
        if kind == "slash":
            regex = _REGEX.match(text, start) if _regex_may_follow(text, start, literal) else None
            if regex is None:
                continue  # a division
            position = regex.end()
        elif kind in ("template", "brace"):  # the text of a template, up to its end or "${"
            template = _TEMPLATE_TEXT.match(text, position)
            assert template is not None  # it matches the empty text too
            position = template.end()
            if text.startswith("${", position):
                braces.append(True)
                position += 2
        if kind == "comment":
            comments.append(start)
        literal = (start, position)
        pieces.append(text[done:start])
        if kind == "string":  # an unclosed one stops at the end of its line
            quote = text[start]
            closed = position - start > 1 and text[position - 1] == quote
            pieces.append(quote + "\0" * (position - start - 1 - closed) + quote * closed)
        else:
            pieces.append(" " * (position - start))
        done = position
    pieces.append(text[done:])
    return "".join(pieces), comments


def _regex_may_follow(text: str, slash: int, literal: tuple[int, int]) -> bool:
    """Whether the "/" at ``slash`` starts a regular expression (``x = /a/``) rather
    than dividing (``a / b``): after an operator, an opening bracket or a keyword such
    as ``return``, not after a name, a number, a literal or a closing bracket.
    ``literal``: the span of the last comment, string or other literal before it.

    (After ``)`` it divides, as it nearly always does: ``if (x) /a/.test(y)`` is read
    wrongly, which at worst leaves a module's name after it unfound.)"""
    before = _last_before(text, slash)
    if literal[0] <= before < literal[1]:  # just after a literal
        if text.startswith("${", before - 1):
            return True  # an expression in a template starts
        if not text.startswith(("//", "/*"), literal[0]):
            return False  # a string, a template, a regex: a value
        before = _last_before(text, literal[0])  # after a comment: what is before it
    if before < 0:
        return True
    char = text[before]
    if char in ")]" or (before > 0 and text.startswith(("++", "--"), before - 1)):
        return False
    if not (char.isalnum() or char in "_$"):
        return True
    word = re.search(r"[\w$]+$", text[max(0, before - 15) : before + 1])
    return word is not None and word[0] in _BEFORE_EXPRESSION


def _last_before(text: str, index: int) -> int:
    """Where the last character before ``index`` that is not a space is; -1: none."""
    index -= 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index
