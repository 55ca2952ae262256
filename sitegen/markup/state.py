"""Per-document state shared by sitegen's Markdown extensions during one conversion."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from sitegen.errors import Problems
from sitegen.model import Citation, LinkRef, PlacedShortcode


@dataclass
class DocumentState:
    """What the extensions learn about, and need from, the document being converted."""

    path: str  # site-relative path of the source file
    body: str  # the Markdown body, to find the line of a construct
    first_line: int  # file line of the body's first line
    problems: Problems = field(init=False)
    links: list[LinkRef] = field(default_factory=list)  # relative ones
    root_links: list[LinkRef] = field(default_factory=list)  # from the site root: /about/
    full_text: str = ""  # all the text of the body, for reading time
    summary_text: str = ""  # the author's own prose, for the summary
    # All the text but captions and footnote numbers: a summary's last resort, when
    # the body has no prose of the author's (only quotations, a table, a calculator)
    plain_text: str = ""
    lead: str = ""  # the text above the divider: the summary the author chose
    sources: Mapping[str, Citation] = field(default_factory=dict)  # what quotes may name
    quoted: list[str] = field(default_factory=list)  # source ids, one per quotation
    # What calculator markers may name, each with the names of its inputs and outputs
    calculators: Mapping[str, Collection[str]] = field(default_factory=dict)
    placed: list[str] = field(default_factory=list)  # calculator ids, one per marker
    shortcodes: list[PlacedShortcode] = field(default_factory=list)  # the theme's, in order
    _cursor: dict[object, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.problems = Problems(self.path)

    def line_of(self, needle: str, on_line: Callable[[str], bool] | None = None) -> int:
        """File line of the next occurrence of ``needle`` in the body (0 if absent).

        Successive calls with the same needle walk through its occurrences, so
        a construct repeated in the body is located each time where it stands.
        With ``on_line``, only occurrences on a source line it accepts count, with a
        cursor of their own: two kinds of one construct are then located apart.
        """
        key = (needle, on_line)
        index = self._find(needle, self._cursor.get(key, 0), on_line)
        if index < 0:
            index = self._find(needle, 0, on_line)
            if index < 0:
                return 0
        self._cursor[key] = index + len(needle)
        return self.first_line + self.body.count("\n", 0, index)

    def _find(self, needle: str, start: int, on_line: Callable[[str], bool] | None) -> int:
        index = self.body.find(needle, start)
        while index >= 0 and on_line is not None:
            line_start = self.body.rfind("\n", 0, index) + 1
            line_end = self.body.find("\n", index)
            if on_line(self.body[line_start : line_end if line_end >= 0 else None]):
                break
            index = self.body.find(needle, index + 1)
        return index


class StateHolder:
    """Gives the extensions of one reused ``Markdown`` instance the current document."""

    def __init__(self) -> None:
        self._state: DocumentState | None = None

    @property
    def state(self) -> DocumentState:
        assert self._state is not None, "no document is being converted"
        return self._state

    @state.setter
    def state(self, value: DocumentState | None) -> None:
        self._state = value
