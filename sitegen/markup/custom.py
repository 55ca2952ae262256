"""The theme's own shortcodes: a template ``shortcodes/box.html`` makes ``{{< box … >}}``
a shortcode, and one whose template shows ``inner`` is written in pairs around Markdown,
``{{< box title="注意" >}}`` … ``{{< /box >}}``, each marker on a line of its own (see
:mod:`.shortcodes`, which finds them).

The markup layer has no templates, and a body is converted once for every theme: the
body's HTML gets a placeholder (an HTML comment, through ``md.htmlStash`` as a
calculator's) that rendering the page replaces with the template's HTML. The Markdown of
a pair is converted here, as the body's is: its links checked and rewritten, its raw
HTML kept or omitted, in an element of its own that the summary leaves out (the template
decides what of it the page shows); at the end it stands between the placeholder and an
end marker, which rendering replaces together.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.markup.state import DocumentState
from sitegen.model import PlacedShortcode

# The element that holds a pair's Markdown until the end of the conversion.
INNER = "sitegen-shortcode"


def shortcode_placeholder(index: int) -> str:
    """The HTML standing for the ``index``-th shortcode of the theme's until the page is
    rendered; a pair's inner HTML follows it, then :func:`shortcode_end`."""
    return f"<!--sitegen-shortcode:{index}-->"


def shortcode_end(index: int) -> str:
    """The end of the ``index``-th shortcode's inner HTML, when it is a pair."""
    return f"<!--/sitegen-shortcode:{index}-->"


def take_inner(name: str, rest: str, blocks: list[str]) -> str | None:
    """The Markdown between an opening ``{{< name >}}`` and its ``{{< /name >}}`` (pairs of
    the same name inside it nest), from ``rest`` (what follows the opening in its block)
    and the ``blocks`` after it; ``blocks`` is left holding what follows the closing.
    None, taking nothing, when no line closes it."""
    text = "\n\n".join([rest.lstrip("\n"), *blocks])
    marker = re.compile(
        rf"^ {{0,3}}\{{\{{<\s*(?P<closing>/\s*)?{re.escape(name)}(?:\s[^\n]*?)?\s*>\}}\}}[ \t]*$",
        re.MULTILINE,
    )
    depth = 0
    for found in marker.finditer(text):
        if not found["closing"]:
            depth += 1
        elif depth:
            depth -= 1
        else:
            rest = text[found.end() :].lstrip("\n")
            blocks[:] = rest.split("\n\n") if rest else []
            return text[: found.start()].rstrip("\n")
    return None


def place_shortcode(
    md: Markdown,
    parent: etree.Element,
    state: DocumentState,
    placed: PlacedShortcode,
    inner: str | None,
) -> None:
    """Put the placeholder of ``placed`` at the end of ``parent``, and after it ``inner``,
    the Markdown of a pair, to be converted with the body."""
    index = len(state.shortcodes)
    state.shortcodes.append(placed)
    # Alone in a paragraph, the stashed placeholder replaces the whole <p> when restored.
    stashed = md.htmlStash.store(shortcode_placeholder(index))
    etree.SubElement(parent, "p").text = AtomicString(stashed)
    if inner is not None:
        md.parser.parseChunk(etree.SubElement(parent, INNER, {"index": str(index)}), inner)


class InnerEnds(Treeprocessor):
    """Once everything else has read the tree (the summary's text left out each pair's
    Markdown), puts each pair's converted Markdown in its element's place, followed by
    its end marker."""

    def run(self, root: etree.Element) -> None:
        pairs = [
            (parent, child) for parent in root.iter() for child in parent if child.tag == INNER
        ]
        for parent, element in reversed(pairs):  # the innermost first
            end = etree.Element("p")
            index = int(element.get("index", 0))
            end.text = AtomicString(self.md.htmlStash.store(shortcode_end(index)))
            end.tail = "\n"
            at = list(parent).index(element)
            parent.remove(element)
            for offset, child in enumerate([*element, end]):
                parent.insert(at + offset, child)


def shortcode_hint(name: str, paired: bool) -> str:
    """How to write the theme's shortcode ``name``."""
    if paired:
        return f"write {{{{< {name} >}}}} and {{{{< /{name} >}}}} each on a line of its own"
    return f"write {{{{< {name} >}}}} on a line of its own"


def placed_shortcode(
    name: str, positional: Sequence[str], named: Mapping[str, str], line: int, paired: bool
) -> PlacedShortcode:
    return PlacedShortcode(name, tuple(positional), tuple(named.items()), line, paired)
