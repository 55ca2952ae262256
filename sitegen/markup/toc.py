"""Heading ids and the table of contents: Python-Markdown's ``toc`` extension, minus unused work.

sitegen takes the headings from ``toc_tokens``; the theme writes the table from them.
Python-Markdown also renders the table as HTML for a ``[TOC]`` marker in the body,
walking every element of the tree to look for it, which cost as much as the rest of
the extension. The marker is a paragraph whose text is exactly ``[TOC]``, and that
text can only come from the body as written (escapes and entities are placeholders
at this stage), so a body without it needs neither the search nor the HTML table.
A body with the marker gets both, as before.

A heading's permalink (the "#" Python-Markdown appends to it) is moved after the
heading, the two in a ``<div class="heading">``: inside, its "#" would be part of the
heading's name (a screen reader's list of headings would read 謝罪金の相場#). The link
is named by the heading it leads to (``aria-labelledby``); its title says what it is.
It moves last, once every other processor has read the tree as Python-Markdown made it.

A heading's id never takes the id of a calculator widget that the page places.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.treeprocessors import Treeprocessor

from sitegen.calc import widget_element_ids, widget_ids
from sitegen.markup.state import StateHolder

_HEADING = re.compile(r"h[1-6]")


class _TocProcessor(TocTreeprocessor):
    def __init__(self, md: Markdown, config: dict[str, Any], holder: StateHolder) -> None:
        super().__init__(md, config)
        self.holder = holder
        self.slug_of: Callable[[str, str], str] = self.slugify  # the configured one
        self.slugify = self._slug_clear_of_widgets

    def _slug_clear_of_widgets(self, value: str, separator: str) -> str:
        """A heading's id, numbered as Python-Markdown numbers the id of a heading that
        an earlier one has (``calc-roi_1``) when a calculator widget of the page gives
        an element that id: ``## Calc ROI`` on the page of ``{{< calculator roi >}}``."""
        slug = self.slug_of(value, separator)
        state = self.holder.state
        taken: set[str] = set()
        for calc_id, widget in zip(state.placed, widget_ids(state.placed), strict=True):
            taken |= widget_element_ids(widget, state.calculators[calc_id])
        count, numbered = 0, slug
        while numbered in taken:
            count += 1
            numbered = f"{slug}_{count}"
        return numbered

    def _has_marker(self) -> bool:
        return bool(self.marker) and self.marker in self.holder.state.body

    def build_toc_div(self, toc_list: list[Any]) -> etree.Element:
        if not self._has_marker():
            return etree.Element("div")  # nothing shows it: an empty table will do
        return super().build_toc_div(toc_list)

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self._has_marker():
            super().replace_marker(root, elem)


class _PermalinksAfterHeadings(Treeprocessor):
    """Moves each heading's permalink (its last child, of class ``link_class``) after
    it, the two wrapped in ``<div class="heading">``, the link named by the heading."""

    def __init__(self, md: Markdown, link_class: str) -> None:
        super().__init__(md)
        self.link_class = link_class

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for position, heading in enumerate(list(parent)):
                if self._has_permalink(heading):
                    parent[position] = _wrapped(heading)

    def _has_permalink(self, element: etree.Element) -> bool:
        return (
            _HEADING.fullmatch(str(element.tag)) is not None
            and len(element) > 0
            and element[-1].get("class") == self.link_class
        )


def _wrapped(heading: etree.Element) -> etree.Element:
    link = heading[-1]
    heading.remove(link)
    link.set("aria-labelledby", heading.get("id", ""))
    wrapper = etree.Element("div", {"class": "heading"})
    wrapper.tail, heading.tail = heading.tail, None
    wrapper.extend((heading, link))
    return wrapper


class HeadingsExtension(TocExtension):
    """Python-Markdown's ``toc`` extension (same options), searching for ``[TOC]`` only
    in bodies that contain it."""

    def __init__(self, holder: StateHolder, **kwargs: Any) -> None:
        self.holder = holder
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # Replace the processor the base class registered with ours, at its priority.
        md.treeprocessors.register(_TocProcessor(md, self.getConfigs(), self.holder), "toc", 5)
        if self.getConfig("permalink"):
            # After the plain text (-20), which reads a heading's wrapper as no prose.
            permalinks = _PermalinksAfterHeadings(md, self.getConfig("permalink_class"))
            md.treeprocessors.register(permalinks, "sitegen_permalinks", -30)
