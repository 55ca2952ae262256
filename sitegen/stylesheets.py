"""The addresses a stylesheet names: ``url(…)``, ``@import "…"`` and its source map.

A stylesheet names a theme's other files by where they are beside it
(``url(../img/bg.png)``, ``@import "base.css"``, ``/*# sourceMappingURL=site.css.map */``);
:func:`mentions` finds them, so that they can be rewritten to the files' fingerprinted
names (see assetnames). A ``url(`` inside a comment or a string is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple


class Mention(NamedTuple):
    """An address a stylesheet or a script names."""

    start: int  # where the address is in the text
    address: str  # as written, with its ?query or #fragment
    written: str  # how messages quote it: url(../img/bg.png), import "./util.js"


# The source map's comment, another comment, a url(…), an @import "…" or another
# string, in the order a stylesheet holds them.
_TOKENS = re.compile(
    r"""
    /\*[#@][ \t]*sourceMappingURL=(?P<map>(?:[^\s*]|\*(?!/))+).*?(?:\*/|\Z)
  | /\*.*?(?:\*/|\Z)
  | \burl\(\s*(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^"'()\s]*))\s*\)
  | @import\s+(?:"(?P<idq>[^"\n]*)"|'(?P<isq>[^'\n]*)')
  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
_ADDRESSES = ("map", "dq", "sq", "bare", "idq", "isq")


def mentions(text: str) -> Iterator[Mention]:
    """The addresses ``text``, a stylesheet, names, in order."""
    for match in _TOKENS.finditer(text):
        group = next((g for g in _ADDRESSES if match[g] is not None), None)
        if group is None:
            continue  # a comment or a string
        if group == "map":
            written = f"sourceMappingURL={match[group]}"
        else:
            written = " ".join(match[0].split())  # url(../img/bg.png), @import "base.css"
        yield Mention(match.start(group), match[group], written)
