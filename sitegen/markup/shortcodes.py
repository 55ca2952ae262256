"""Shortcodes: ``{{< name arguments >}}`` on a line of its own, as in Hugo.

sitegen's own shortcodes (``calculator``, ``figure``, ``youtube``, ``vimeo``, ``x``,
``gist``, ``card``) are in :mod:`.builtin`.

A theme's template ``shortcodes/NAME.html`` makes ``{{< NAME … >}}`` a shortcode too,
written in pairs around Markdown when the template shows ``inner`` (see :mod:`.custom`);
an opening without its closing, and a closing without its opening, are errors, and an
argument its template never reads (see ShortcodeSignature) is a warning.

A shortcode under a list item, on the line after the item or indented below it, goes
in that item: the list goes on after it rather than being split in two.

A shortcode reads as what it is in any Markdown editor, and is never evaluated as a
template. Arguments are positional (``apology``, ``"apology"``) or named
(``caption="…"``), as in Hugo. A known shortcode that does not stand on a line of its
own (inside a sentence, a heading or a table cell) or is malformed is an error, since
it would be shown as text; so are arguments it does not take. An unknown one
(Hugo's ``instagram``), wherever it stands, is a warning, and stays text, as does Hugo's
``{{% name %}}`` form wherever it stands (for a known name, the warning says to write
``{{< name >}}``). Shortcodes in code are text, so a post can show how to write one.
Hugo's ``highlight`` is a fenced code block, and its ``ref`` and ``relref`` are links
(see :mod:`.migrated`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable, Mapping

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.config import ShortcodeSignature
from sitegen.errors import quoted, suggestion
from sitegen.markup.builtin import HANDLERS, HINTS, FigureAltText, Shortcode
from sitegen.markup.custom import (
    INNER,
    InnerEnds,
    place_shortcode,
    placed_shortcode,
    shortcode_hint,
    take_inner,
)
from sitegen.markup.prose import as_written, visit_prose
from sitegen.markup.state import DocumentState, StateHolder

# One argument: positional or name=, its value bare or in double quotes.
_ARGUMENT = r'(?:(?P<key>[A-Za-z_][\w-]*)=)?(?:"(?P<quoted>[^"\n]*)"|(?P<bare>[^\s"<>{}=]+))'
_SHORTCODE = rf"\{{\{{<\s*(?P<name>[A-Za-z][\w-]*)(?P<arguments>(?:\s+{_ARGUMENT})*)\s*>\}}\}}"
# A whole line of a block: up to three spaces of indent (four make code).
_SHORTCODE_LINE = re.compile(rf"^ {{0,3}}(?P<marker>{_SHORTCODE})[ \t]*$", re.MULTILINE)
# A source line holding only a shortcode, maybe inside a blockquote or a list item.
_ALONE = re.compile(rf"(?:\s*>)*\s*(?:[-*+]\s+|\d+[.)]\s+)?{_SHORTCODE}\s*")


def _alone(line: str) -> bool:
    return bool(_ALONE.fullmatch(line))


def _not_alone(line: str) -> bool:
    return not _ALONE.fullmatch(line)


def _parse(marker: re.Match[str], state: DocumentState) -> Shortcode:
    positional: list[str] = []
    named: dict[str, str] = {}
    for argument in re.finditer(_ARGUMENT, marker["arguments"]):
        value = argument["quoted"] if argument["quoted"] is not None else argument["bare"]
        if argument["key"]:
            named[argument["key"]] = value
        else:
            positional.append(value)
    written = marker["marker"]
    line = state.line_of(written, on_line=_alone)
    return Shortcode(marker["name"], tuple(positional), named, written, line)


Handler = Callable[["_ShortcodeProcessor", etree.Element, Shortcode], None]


class _ShortcodeProcessor(BlockProcessor):
    """Turns a shortcode line into what it stands for, splitting the block around it."""

    def __init__(
        self,
        md: Markdown,
        holder: StateHolder,
        words: Mapping[str, str],
        custom: Mapping[str, ShortcodeSignature],
    ) -> None:
        super().__init__(md.parser)
        self.md = md
        self.holder = holder
        self.words = words
        self.custom = custom  # the theme's shortcodes: how each is written

    def test(self, parent: etree.Element, block: str) -> bool:
        match = _SHORTCODE_LINE.search(block)
        # A marker on a later line of a block that starts a list is a line of one of its
        # items: the list processor hands each item's lines to the parser again, which
        # places the marker in the item's <li>.
        return match is not None and (match.start() == 0 or not self._starts_list(parent, block))

    def _starts_list(self, parent: etree.Element, block: str) -> bool:
        processors = self.parser.blockprocessors
        return any(processors[kind].test(parent, block) for kind in ("olist", "ulist"))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = _SHORTCODE_LINE.search(block)
        assert match is not None  # test() found it
        if match.start() == 0 and self._in_item(parent, block, blocks):
            return
        before = block[: match.start()].rstrip("\n")
        if before:
            self.parser.parseBlocks(parent, [before])
        state = self.holder.state
        shortcode = _parse(match, state)
        handler = HANDLERS.get(shortcode.name)
        after = block[match.end() :]
        if handler is not None:
            handler(self, parent, shortcode)
        elif shortcode.name in self.custom:
            after = self._custom(parent, shortcode, after, blocks)
        else:
            state.problems.warn(
                f"unknown shortcode {quoted(shortcode.name)}, shown as text: {shortcode.written}",
                shortcode.line,
                _unknown_hint(shortcode.name, self.custom),
            )
            etree.SubElement(parent, "p").text = AtomicString(shortcode.written)
        after = after.lstrip("\n")
        if after:
            blocks.insert(0, after)

    def _in_item(self, parent: etree.Element, block: str, blocks: list[str]) -> bool:
        """Hand a marker indented under a list item (``1. 手順`` then, after a blank
        line, the marker below 手順) back to the parser indented as Python-Markdown
        wants an item's content, by four spaces, so that it goes in that item, not
        after a list it would split in two; the lines below it at its indent (what a
        pair holds) go with it. Whether it was one."""
        lines = block.split("\n")
        indent = len(lines[0]) - len(lines[0].lstrip(" "))
        more = " " * (self.tab_length - indent)
        if not indent or not self.parser.blockprocessors["indent"].test(parent, more + block):
            return False
        count = 1
        while count < len(lines) and lines[count].startswith(" " * indent):
            count += 1
        after = "\n".join(lines[count:])
        blocks[:0] = ["\n".join(more + line for line in lines[:count]), *([after] if after else [])]
        return True

    def _custom(self, parent: etree.Element, code: Shortcode, after: str, blocks: list[str]) -> str:
        """Place a shortcode of the theme's; a pair takes the Markdown up to its closing
        marker from ``after`` and ``blocks``. What follows it in its block is returned."""
        state, signature = self.holder.state, self.custom[code.name]
        paired = signature.paired
        inner = take_inner(code.name, after, blocks) if paired else None
        if paired and inner is None:
            code.error(
                state,
                f"{code.name}: no {{{{< /{code.name} >}}}} closes {code.written}",
                f"its template shows inner: {shortcode_hint(code.name, paired)}, "
                "the Markdown between them",
            )
            return after
        _read_by_template(code, state, signature)
        placed = placed_shortcode(code.name, code.positional, code.named, code.line, paired)
        place_shortcode(self.md, parent, state, placed, inner)
        return "" if paired else after


def _read_by_template(code: Shortcode, state: DocumentState, signature: ShortcodeSignature) -> None:
    """A warning for each argument of ``code`` that its template never reads, and that is
    so lost: a misspelt name, or one positional too many. Not an error, as Hugo does not
    check them at all."""
    named, count = signature.named, signature.positional
    if named is not None:
        for key in sorted(set(code.named) - set(named)):
            hint = suggestion(
                key, named, "its template reads", "its template reads no named argument"
            )
            state.problems.warn(
                f"{code.name}: unknown argument '{key}' in {code.written}", code.line, hint
            )
    if count is not None and len(code.positional) > count:
        reads = {0: "no positional argument", 1: "1 positional argument"}.get(count)
        hint = f"its template reads {reads or f'{count} positional arguments'}"
        hint += f"; named: {', '.join(named)}" if named else ""
        value = quoted(code.positional[count])
        message = f"{code.name}: unknown argument {value} in {code.written}"
        state.problems.warn(message, code.line, hint)


# Any shortcode, opening or closing, wherever it stands.
_ANY = re.compile(r"\{\{<\s*(?P<closing>/\s*)?(?P<name>[A-Za-z][\w-]*)[^\n]*?>\}\}")
# Hints for shortcodes of Hugo's that sitegen reads elsewhere.
_ELSEWHERE = {
    "ref": 'make it the destination of a link: [title]({{< ref "other.md" >}})',
    "relref": 'make it the destination of a link: [title]({{< relref "other.md" >}})',
    "highlight": "write {{< highlight LANGUAGE >}} and {{< /highlight >}} each on a line of "
    "its own, or a fenced code block (```go)",
}
# The names a theme's shortcode template cannot have: sitegen reads them itself.
BUILTIN_SHORTCODES = frozenset({*HANDLERS, *_ELSEWHERE})
# Hugo's other form, whose output Hugo reads as Markdown: {{% name arguments %}}.
# sitegen has only {{< >}}; a closing {{% /name %}} goes with its opening one.
_PERCENT = re.compile(r"\{\{%\s*(?P<name>[A-Za-z][\w-]*)(?P<arguments>[^\n]*?)\s*%\}\}")


class _StrayShortcodes(Treeprocessor):
    """Reports shortcodes left in the text: known ones not on a line of their own or
    malformed (errors), unknown ones (warnings)."""

    def __init__(
        self, md: Markdown, holder: StateHolder, custom: Mapping[str, ShortcodeSignature]
    ) -> None:
        super().__init__(md)
        self.holder = holder
        self.custom = custom
        self.known = {*HANDLERS, *custom}
        # Anything that looks like the start of a known shortcode, wherever it stands.
        names = "|".join(sorted(map(re.escape, self.known), key=len, reverse=True))
        self.known_start = re.compile(
            rf"\{{\{{<\s*(?P<name>{names})\b[^\n]*?(?:>\}}\}}|$)", re.MULTILINE
        )

    def run(self, root: etree.Element) -> None:
        self.unknown: set[tuple[str, int]] = set()  # (name, line) of those warned of
        # Pairs opened by a marker reported as malformed, by name: each accounts for the
        # next closing of its name, which would otherwise close nothing.
        self.malformed: Counter[str] = Counter()
        visit_prose(root, self._report)

    def _report(self, text: str | None) -> None:
        if not text or "{{" not in text:
            return
        state = self.holder.state
        # The text of an unknown shortcode on a line of its own is atomic: warned of.
        atomic = isinstance(text, AtomicString)
        text = as_written(self.md, text)  # quoted, and found in the source, as written
        for match in _PERCENT.finditer(text):
            _report_percent(match, state, self.custom)
        markers = [*(() if atomic else _ANY.finditer(text)), *self.known_start.finditer(text)]
        for match in sorted(markers, key=lambda match: match.start()):  # in the order written
            if match.re is self.known_start:
                self._report_malformed(match, state)
            elif match["name"] not in self.known:
                self._report_unknown(match, state)
            elif match["closing"]:
                self._report_closing(match, state)

    def _report_malformed(self, match: re.Match[str], state: DocumentState) -> None:
        found, name = match.group(0), match["name"]
        shown = found if len(found) <= 60 else found[:59] + "…"
        state.problems.error(
            f"{name} marker not on a line of its own or malformed: {quoted(shown)}",
            state.line_of(found, on_line=_not_alone),
            self._hint(name),
        )
        if name in self.custom and self.custom[name].paired:
            self.malformed[name] += 1

    def _hint(self, name: str) -> str:
        paired = name in self.custom and self.custom[name].paired
        return HINTS.get(name) or shortcode_hint(name, paired)

    def _report_closing(self, match: re.Match[str], state: DocumentState) -> None:
        """An error for the closing marker of a shortcode of the theme's that closes
        nothing: the opening is missing, or the shortcode is not written in pairs."""
        found, name = match.group(0), match["name"]
        if name not in self.custom:
            return  # a built-in one's: reported as malformed, or by migrated
        if self.malformed[name]:  # its opening's mistake is told
            self.malformed[name] -= 1
            return
        line = state.line_of(found)
        if self.custom[name].paired:
            message = f"{found} closes no {{{{< {name} >}}}}"
        else:
            message = f"{found}: {name} is not written in pairs (its template shows no inner)"
        state.problems.error(message, line, self._hint(name))

    def _report_unknown(self, match: re.Match[str], state: DocumentState) -> None:
        """A warning for a shortcode sitegen does not know inside a sentence, shown as
        text: one a line for a name (not another for its closing {{< /name >}})."""
        found, name = match.group(0), match["name"]
        line = state.line_of(found, on_line=_not_alone)
        if (name, line) not in self.unknown:
            self.unknown.add((name, line))
            state.problems.warn(
                f"unknown shortcode {quoted(name)}, shown as text: {found}",
                line,
                _unknown_hint(name, self.custom),
            )


def _unknown_hint(name: str, custom: Mapping[str, ShortcodeSignature]) -> str:
    listing = "sitegen and the theme know" if custom else "sitegen knows"
    return _ELSEWHERE.get(name) or suggestion(name, sorted({*HANDLERS, *custom}), listing)


def _report_percent(
    match: re.Match[str], state: DocumentState, custom: Mapping[str, ShortcodeSignature]
) -> None:
    """A warning for Hugo's ``{{% name … %}}``, which stays text: for a shortcode sitegen
    knows, how to write it; for another, that sitegen does not know it."""
    found, name = match.group(0), match["name"]
    line = state.line_of(found)
    if name in HANDLERS or name in custom:
        arguments = match["arguments"].strip()
        written = f"{{{{< {name}{' ' if arguments else ''}{arguments} >}}}}"
        state.problems.warn(
            f"Hugo's {{{{% %}}}} form of a shortcode, shown as text: {found}",
            line,
            f"write {written} on a line of its own",
        )
    else:
        state.problems.warn(
            f"unknown shortcode {quoted(name)}, shown as text: {found}",
            line,
            _unknown_hint(name, custom),
        )


class ShortcodeExtension(Extension):
    """Turns shortcode lines into what they stand for; see the module docstring."""

    def __init__(
        self,
        holder: StateHolder,
        words: Mapping[str, str],
        custom: Mapping[str, ShortcodeSignature],
    ) -> None:
        """``words``: the theme's UI strings (a video's title); ``custom``: the names of
        the theme's shortcodes, each with how it is written (see ShortcodeSignature)."""
        self.holder = holder
        self.words = words
        self.custom = custom
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # After indented code (80) and tables (75): a shortcode there is not one. Before
        # headings (70), which would split a pair's block at a heading under its opening
        # marker, and before horizontal rules (50), lists and paragraphs.
        processor = _ShortcodeProcessor(md, self.holder, self.words, self.custom)
        md.parser.blockprocessors.register(processor, "sitegen_shortcodes", 72)
        # After inline processing (20), so code spans are <code> elements by now.
        stray = _StrayShortcodes(md, self.holder, self.custom)
        md.treeprocessors.register(stray, "sitegen_stray_markers", 19)
        # After the summary's text is gathered (-20). Block-level, so that what it holds
        # is laid out as the body's is.
        md.treeprocessors.register(InnerEnds(md), "sitegen_shortcode_ends", -30)
        md.block_level_elements.append(INNER)
        # After inline processing (20), before links are checked (-10).
        md.treeprocessors.register(FigureAltText(md), "sitegen_figure_alt", 17)
