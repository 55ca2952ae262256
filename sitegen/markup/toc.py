"""Heading ids and the table of contents: Python-Markdown's ``toc`` extension, minus unused work.

sitegen takes the headings from ``toc_tokens``; the theme writes the table from them.
Python-Markdown also renders the table as HTML for a ``[TOC]`` marker in the body,
walking every element of the tree to look for it, which cost as much as the rest of
the extension. The marker is a paragraph whose text is exactly ``[TOC]``, and that
text can only come from the body as written (escapes and entities are placeholders
at this stage), so a body without it needs neither the search nor the HTML table.
A body with the marker gets both, as before.

A heading's id never takes the id of a calculator widget that the page places.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions.toc import TocExtension, TocTreeprocessor

from sitegen.calc import widget_element_ids, widget_ids
from sitegen.markup.state import StateHolder


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
