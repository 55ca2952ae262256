"""Attributes the author sets, when raw HTML is off: only harmless ones are kept.

Two pieces of syntax let the author write attributes on the page's elements:
attribute lists (``{: .lead }``, ``![図](a.png){width=300}``, ``[a](b){target=_blank}``)
and the braces of a fenced code block (```` ```{.python title="例"} ````, which also
take Pygments' options). Python-Markdown sets whatever they name, so
``{: onfocus="…" autofocus}`` would run the writer's script in every reader's
browser, and ``style=`` could lay a fake page over the real one: raw HTML by another
road. With ``unsafe_html = false`` each attribute not in :data:`ALLOWED` is removed
(an attribute the Markdown gave, such as a link's ``href``, keeps its value) with a
warning at its line, as raw HTML and script links are; ``unsafe_html = true`` allows
any, as it allows raw HTML.

The list is what prose needs: names and classes for styles and anchors, the language
and direction of a phrase, a title, an image's text, size and loading, cells that
span, where a link opens and its relation, and the roles and ``aria-*`` states of
accessibility. None of them runs a script or loads anything.
``data-*`` is left out: the theme's scripts take their settings from data attributes
(the search page imports the script its ``data-bundle`` names), so the author's would
steer them. The other arguments a shortcode takes are its own (see :mod:`.shortcodes`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from sitegen.errors import quoted
from sitegen.markup.state import StateHolder

ALLOWED = frozenset(
    {"id", "class", "lang", "dir", "title", "role"}
    | {"alt", "width", "height", "loading"}  # images
    | {"colspan", "rowspan"}  # table cells
    | {"target", "rel"}  # links
)
# The options of a fenced code block for Pygments (or attributes of its <code> element
# when highlighting is off): the lines to highlight and line numbers (Pygments' own
# linenos="inline" and linenostart too, which Hugo's options become: see .fences).
_CODE_OPTIONS = frozenset({"hl_lines", "linenums", "linenos", "linenostart", "use_pygments"})
# Names in a fenced code block's braces that Python-Markdown passes to the highlighter
# beside its own argument of that name: with highlighting on, the build would stop on
# them ({lang="ja"}), whatever raw HTML may do.
_HIGHLIGHTER_ARGUMENTS = frozenset({"lang", "style", "src"})
_HIGHLIGHTER_HINT = (
    "a highlighted code block takes no lang, style or src: its language follows the fence"
    " (```python), its colours the theme's"
)
_HINT = (
    "raw HTML is off, and with it attributes that are not harmless (id, class, title, width…); "
    "set 'unsafe_html = true' under [markdown] in site.toml to allow any"
)


def allowed(name: str) -> bool:
    """Whether the author may set attribute ``name`` while raw HTML is off."""
    name = name.lower()
    return name in ALLOWED or name.startswith("aria-")


def _in_braces(line: str) -> bool:
    return "{" in line


def _report(holder: StateHolder, names: list[str], hint: str = _HINT) -> None:
    """Warn that the attributes ``names``, written in one pair of braces, were removed,
    at the line that writes the first of them."""
    if not names:
        return
    state = holder.state
    listed = ", ".join(quoted(name) for name in names)
    state.problems.warn(
        f"attribute{'s' if len(names) > 1 else ''} removed: {listed}",
        state.line_of(names[0], _in_braces),
        hint,
    )


class _CheckedAttributeLists(AttrListTreeprocessor):
    """Python-Markdown's attribute lists, setting only the allowed attributes."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def assign_attrs(self, elem: etree.Element, attrs_string: str, *, strict: bool = False) -> str:
        attrs, _ = get_attrs_and_remainder(attrs_string)
        names = (self.sanitize_name(key) for key, _ in attrs if key != ".")
        refused = [name for name in dict.fromkeys(names) if not allowed(name)]
        before = {name: elem.attrib[name] for name in refused if name in elem.attrib}
        remainder = super().assign_attrs(elem, attrs_string, strict=strict)
        if strict and remainder:  # not an attribute list: nothing was set
            return remainder
        for name in refused:
            if name in before:
                elem.set(name, before[name])
            else:
                del elem.attrib[name]
        # A Liquid tag ending a block ({% endraw %}) reads as an attribute list too: it
        # is reported as a Liquid tag (see .migrated).
        if not attrs_string.startswith("%"):
            _report(self.holder, refused)
        return remainder


class _CheckedFences(FencedBlockPreprocessor):
    """Python-Markdown's fenced code blocks, taking only the allowed attributes and
    options in braces (any with ``allow_any``), and never those the highlighter would
    stop on."""

    def __init__(
        self, md: Markdown, config: dict[str, Any], holder: StateHolder, allow_any: bool
    ) -> None:
        super().__init__(md, config)
        self.holder = holder
        self.allow_any = allow_any

    def handle_attrs(
        self, attrs: Iterable[tuple[str, str]]
    ) -> tuple[str, list[str], dict[str, Any]]:
        code_id, classes, options = super().handle_attrs(attrs)
        conf = self.codehilite_conf
        highlighted = bool(conf and conf["use_pygments"] and options.get("use_pygments", True))
        clashing = [name for name in options if highlighted and name in _HIGHLIGHTER_ARGUMENTS]
        refused = [
            name
            for name in options
            if not (self.allow_any or allowed(name) or name in _CODE_OPTIONS or name in clashing)
        ]
        # Without the highlighter, its options mean nothing, and Python-Markdown would
        # write them as attributes of <code>: hl_lines="[2]", and linenums="true" (a
        # boolean by then) stopped the build.
        unused = [name for name in options if not highlighted and name in _CODE_OPTIONS]
        for name in dict.fromkeys((*clashing, *refused, *unused)):
            options.pop(name)
        options.pop("use_pygments", None)
        _report(self.holder, clashing, _HIGHLIGHTER_HINT)
        _report(self.holder, refused)
        return code_id, classes, options


class AttributeExtension(Extension):
    """Keeps only the allowed attributes of attribute lists and fenced code blocks,
    unless ``allow_any`` (raw HTML is on); after the standard extensions, whose
    processors it replaces."""

    def __init__(self, holder: StateHolder, allow_any: bool) -> None:
        self.holder = holder
        self.allow_any = allow_any
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        if "attr_list" in md.treeprocessors and not self.allow_any:  # optional (see OPTIONAL)
            md.treeprocessors.register(_CheckedAttributeLists(md, self.holder), "attr_list", 8)
        fences = md.preprocessors["fenced_code_block"]
        checked = _CheckedFences(
            md,
            fences.config,  # type: ignore[attr-defined]
            self.holder,
            self.allow_any,
        )
        md.preprocessors.register(checked, "fenced_code_block", 25)
