"""Per-document state shared by sitegen's Markdown extensions during one conversion."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sitegen.errors import Problems
from sitegen.model import Citation, LinkRef


@dataclass
class DocumentState:
    """What the extensions learn about, and need from, the document being converted."""

    path: str  # site-relative path of the source file
    body: str  # the Markdown body, to find the line of a construct
    first_line: int  # file line of the body's first line
    problems: Problems = field(init=False)
    links: list[LinkRef] = field(default_factory=list)
    full_text: str = ""  # all the text of the body, for reading time
    summary_text: str = ""  # the author's own prose, for the summary
    sources: Mapping[str, Citation] = field(default_factory=dict)  # what quotes may name
    quoted: list[str] = field(default_factory=list)  # source ids, one per quotation
    _cursor: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.problems = Problems(self.path)

    def line_of(self, needle: str) -> int:
        """File line of the next occurrence of ``needle`` in the body (0 if absent).

        Successive calls with the same needle walk through its occurrences, so
        a construct repeated in the body is located each time where it stands.
        """
        start = self._cursor.get(needle, 0)
        index = self.body.find(needle, start)
        if index < 0:
            index = self.body.find(needle)
            if index < 0:
                return 0
        self._cursor[needle] = index + len(needle)
        return self.first_line + self.body.count("\n", 0, index)


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
