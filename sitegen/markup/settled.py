"""Python-Markdown's lookups that it makes again for every block and element, made once.

Once every extension has registered, an engine's processors and its block-level
tags no longer change. Yet its registries are sorted and listed anew each time
they are iterated — the block parser iterates its processors for every block —
and whether a tag is block-level is looked up in a list of forty names for every
element, several times. Together that was a tenth of the time of converting a
typical article. A settled engine iterates a tuple made once and remembers each
tag's answer: the same processors in the same order, the same answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from markdown import Markdown
from markdown.util import Registry

T = TypeVar("T")


class _Settled(Registry[T]):
    """A registry iterated as a tuple, made again only when an item is added or removed."""

    def __init__(self, registry: Registry[T]) -> None:
        super().__init__()
        items = list(registry)  # which sorts its names with their priorities (not in the stubs):
        for item, (name, priority) in zip(items, registry._priority, strict=True):  # type: ignore[attr-defined]
            super().register(item, name, priority)
        self._order = tuple(super().__iter__())

    def __iter__(self) -> Iterator[T]:
        return iter(self._order)

    def register(self, item: T, name: str, priority: float) -> None:
        super().register(item, name, priority)
        self._order = tuple(super().__iter__())

    def deregister(self, name: str, strict: bool = True) -> None:
        super().deregister(name, strict)
        self._order = tuple(super().__iter__())


def settle(md: Markdown) -> None:
    """Settle ``md`` once every extension has registered (see the module's docstring)."""
    md.preprocessors = _Settled(md.preprocessors)
    md.parser.blockprocessors = _Settled(md.parser.blockprocessors)
    md.treeprocessors = _Settled(md.treeprocessors)
    md.postprocessors = _Settled(md.postprocessors)

    upstream = md.is_block_level
    known: dict[object, bool] = {}

    def is_block_level(tag: object) -> bool:
        answer = known.get(tag)
        if answer is None:
            answer = known[tag] = upstream(tag)
        return answer

    md.is_block_level = is_block_level  # type: ignore[method-assign]
