"""The prose of a converted document: its text outside code.

Shortcodes, and the template syntax other generators leave behind, count only in
prose: inside code they are shown as written, which is how a writer documents them.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

# The elements whose text is code, shown as written.
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})


def visit_prose(element: etree.Element, visit: Callable[[str | None], None]) -> None:
    """``visit`` the text and tail of ``element`` and of all below it, in order, but the
    text inside code (the tail after a code element is prose again)."""
    if element.tag not in CODE_TAGS:
        visit(element.text)
        for child in element:
            visit_prose(child, visit)
    visit(element.tail)
