"""Calculator placements: ``{{< calculator apology >}}`` (a shortcode, see
:mod:`.shortcodes`) on a line of its own places a widget.

The body's HTML gets a placeholder (an HTML comment, so the body stays valid
wherever it is shown unexpanded) that the renderer replaces with the theme's
``partials/calculator.html``; the ids placed are collected in order. The placeholder
goes through ``md.htmlStash``, so the raw-HTML policy leaves it alone (it is not the
author's HTML) and the plain text used for summaries skips it. An unknown id is an
error naming it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.util import AtomicString

from sitegen.errors import suggestion
from sitegen.markup.state import DocumentState


def calculator_placeholder(index: int) -> str:
    """The HTML standing for the ``index``-th calculator placement until the page is rendered."""
    return f"<!--sitegen-calculator:{index}-->"


def place_calculator(
    md: Markdown, parent: etree.Element, state: DocumentState, calc_id: str, marker: str, line: int
) -> None:
    """Place calculator ``calc_id`` at the end of ``parent``, as ``marker`` on ``line`` asks."""
    if calc_id not in state.calculators:
        state.problems.error(
            f"unknown calculator '{calc_id}' in {marker}", line, _unknown_hint(calc_id, state)
        )
        return
    state.placed.append(calc_id)
    stashed = md.htmlStash.store(calculator_placeholder(len(state.placed) - 1))
    # Alone in a paragraph, the stashed placeholder replaces the whole <p> when restored.
    etree.SubElement(parent, "p").text = AtomicString(stashed)


def _unknown_hint(calc_id: str, state: DocumentState) -> str:
    declare = (
        "declare it under 'calculators:' in the front matter, "
        f"or in content/_data/calculators/{calc_id}.yaml"
    )
    return suggestion(calc_id, sorted(state.calculators), "known here", declare)
