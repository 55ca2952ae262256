"""Jinja2 as themes use it: the site as a page's templates see it, what a template
asks for that is not there, told in a theme author's words, template files read as
people save them, compiled templates kept in the cache, and the ``t()`` calls of
templates (for the check of a theme's strings), the arguments a shortcode's template
reads (for the check of its uses), and the filters that are not the theme's own doing.
sitegen.theme puts them together.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from sitegen import uistrings
from sitegen.discover import leads_out
from sitegen.model import Extra
from sitegen.sourcetext import decode
from sitegen.undefined import missing

_T = TypeVar("_T")


class Reader:
    """The site view as one page's templates see it (their ``site``): it notes the
    fields they read and the shared parts they put in the page, in order. The page
    depends on the view through those fields only; the parts can be put in anew."""

    def __init__(self, view: object) -> None:
        self.view = view
        self.read: set[str] = set()
        self.parts: list[str] = []

    def __getattr__(self, name: str) -> Any:  # only for a field not read yet
        self.read.add(name)
        value = self.__dict__[name] = getattr(self.view, name)
        return value


class TemplateMistake(Exception):
    """A template's wrong use of what the theme gives it (a filter, ``t()``), told in a
    theme author's words; the template's file and line are added to it, and the page
    being rendered unless the mistake is one whatever the page (``of_data`` false)."""

    def __init__(self, message: str, hint: str = "", of_data: bool = True) -> None:
        super().__init__(message)
        self.hint = hint
        self.of_data = of_data


class Missing(jinja2.UndefinedError):
    """A name, field or key a template asked for that is not there; its hint comes with
    the message (see Undefined._undefined_message)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        self.hint = getattr(message, "hint", "")


class _Said(str):
    """A message with a hint."""

    hint = ""


# Names every page's templates are given, which a template lacks only when it is not
# rendered for a page: a macro imported without the page's context (or a shared part,
# which Theme.shared tells of).
_PAGE_NAMES = frozenset({"site", "page", "article"})
_IMPORTED_HINT = (
    "a macro of a template imported with {% import %} or {% from … import %} sees the "
    'page\'s variables only when imported with them: {% from "partials/macros.html" '
    "import box with context %}, or give them to it as arguments"
)


class Undefined(jinja2.Undefined):
    """What a template asked for that is not there: an error, as with Jinja's
    StrictUndefined, told in a theme author's words; but a key an article's ``extra``
    lacks is empty, false and has no keys itself, as with Jinja's Undefined (see
    model.Extra)."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = jinja2.utils.missing,
        name: str | None = None,
        exc: type[jinja2.TemplateRuntimeError] = Missing,
    ) -> None:
        # Whatever Jinja asks for, Missing: it carries the hint of _undefined_message.
        super().__init__(hint, obj, name, Missing)

    def _lenient(self) -> bool:
        return isinstance(self._undefined_obj, Extra)

    @property
    def _undefined_message(self) -> str:
        value, name = self._undefined_obj, self._undefined_name
        if value is jinja2.utils.missing and name in _PAGE_NAMES and not self._undefined_hint:
            message = _Said(super()._undefined_message)
            message.hint = _IMPORTED_HINT
            return message
        if self._undefined_hint or value is jinja2.utils.missing:
            return super()._undefined_message
        said = missing(value.view if isinstance(value, Reader) else value, name)
        if said is None:
            return super()._undefined_message
        message = _Said(said[0])
        message.hint = said[1]
        return message

    def __str__(self) -> str:
        return "" if self._lenient() else self._fail_with_undefined_error()

    def __iter__(self) -> Iterator[Any]:
        return iter(()) if self._lenient() else self._fail_with_undefined_error()

    def __len__(self) -> int:
        return 0 if self._lenient() else self._fail_with_undefined_error()

    def __bool__(self) -> bool:
        return False if self._lenient() else self._fail_with_undefined_error()

    def __contains__(self, item: object) -> bool:
        return False if self._lenient() else self._fail_with_undefined_error()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) if self._lenient() else self._fail_with_undefined_error()

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return id(type(self)) if self._lenient() else self._fail_with_undefined_error()

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__":
            raise AttributeError(name)
        return self if self._lenient() else self._fail_with_undefined_error()

    def __getitem__(self, key: object) -> Any:
        return self if self._lenient() else self._fail_with_undefined_error()


def argument_mistake(
    function: str, given: tuple[object, ...], what: str, example: str
) -> TemplateMistake:
    """The error of a call of ``function`` that does not give it one text, ``what``."""
    for value in given:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()  # the misspelt name is the mistake
    said = ", ".join(repr(value) for value in given) or "nothing"
    message = f"{function}() takes {what}, as text: {example}; it was given {said}"
    return TemplateMistake(message, of_data=False)


def calls_in(env: jinja2.Environment, sources: Mapping[Path, bytes]) -> uistrings.Calls:
    """The calls of ``t()`` in the templates ``sources`` (see uistrings.Calls)."""
    given: dict[str, frozenset[str] | None] = {}
    prefixes: dict[str, frozenset[str] | None] = {}
    any_key = False
    for path, data in sorted(sources.items()):
        try:
            tree = env.parse(data.decode("utf-8-sig"), path.name, str(path))
        except (UnicodeDecodeError, jinja2.TemplateSyntaxError):
            continue  # reported when it is rendered
        for call in tree.find_all(jinja2.nodes.Call):
            if not (isinstance(call.node, jinja2.nodes.Name) and call.node.name == "t"):
                continue
            names = None if call.dyn_kwargs else frozenset(k.key for k in call.kwargs)
            keys = _keys(call.args[0]) if call.args else None
            if keys is None:
                any_key = True
                continue
            for text, whole in keys:
                into = given if whole else prefixes
                before = into.get(text, frozenset())
                into[text] = None if before is None or names is None else before | names
    return uistrings.Calls(given, prefixes, any_key)


def _keys(node: jinja2.nodes.Node) -> list[tuple[str, bool]] | None:
    """The keys a call's first argument may be: (text, True) for a key as it is, (text,
    False) for the first part of keys made in the template; None when unknown."""
    if isinstance(node, jinja2.nodes.Const) and isinstance(node.value, str):
        return [(node.value, True)]
    if isinstance(node, jinja2.nodes.Concat) and node.nodes:
        first = _keys(node.nodes[0])
        return [(text, False) for text, _ in first] if first else None
    if isinstance(node, jinja2.nodes.Add):
        first = _keys(node.left)
        return [(text, False) for text, _ in first] if first else None
    if isinstance(node, jinja2.nodes.CondExpr) and node.expr2 is not None:
        one, other = _keys(node.expr1), _keys(node.expr2)
        return one + other if one is not None and other is not None else None
    return None


def arguments_read(tree: jinja2.nodes.Template) -> tuple[set[str] | None, int | None]:
    """The named arguments a shortcode's template reads (``args.title``,
    ``args["title"]``, ``args.get("title")``) and how many positional ones
    (``positional[1]``: two); either None when the template reads them another way
    (iterates them, passes them on, indexes them with a variable)."""
    named: set[str] | None = set()
    count: int | None = 0
    for node, parent, grandparent in _with_parents(tree):
        if not isinstance(node, jinja2.nodes.Name) or node.name not in ("args", "positional"):
            continue
        if node.name == "args" and named is not None:
            key = _key_read(node, parent, grandparent)
            named = None if key is None else named | {key}
        elif node.name == "positional" and count is not None:
            index = _index_read(node, parent)
            count = None if index is None else max(count, index + 1)
    return named, count


def _with_parents(
    node: jinja2.nodes.Node, parent: Any = None, grandparent: Any = None
) -> Iterator[tuple[jinja2.nodes.Node, Any, Any]]:
    yield node, parent, grandparent
    for child in node.iter_child_nodes():
        yield from _with_parents(child, node, parent)


# What args.items() and the like call, rather than read an argument of that name.
_MAPPING_METHODS = frozenset({"get", "items", "keys", "values"})


def _key_read(name: jinja2.nodes.Name, parent: Any, grandparent: Any) -> str | None:
    """The key of ``args`` that ``name`` (``args``) is read with, if it is a known one."""
    nodes = jinja2.nodes
    if name.ctx != "load" or getattr(parent, "node", None) is not name:
        return None
    if isinstance(parent, nodes.Getattr) and parent.attr not in _MAPPING_METHODS:
        return str(parent.attr)  # args.title
    if isinstance(parent, nodes.Getitem):  # args["title"]
        return _constant(parent.arg, str)
    if isinstance(parent, nodes.Getattr) and parent.attr == "get":
        call = grandparent if isinstance(grandparent, nodes.Call) else None
        if call is not None and call.node is parent and call.args:  # args.get("title")
            return _constant(call.args[0], str)
    return None


def _index_read(name: jinja2.nodes.Name, parent: Any) -> int | None:
    """The index ``name`` (``positional``) is read at, if it is a known one."""
    if not isinstance(parent, jinja2.nodes.Getitem) or parent.node is not name:
        return None
    index = _constant(parent.arg, int)
    return index if index is not None and index >= 0 else None


def _constant(node: jinja2.nodes.Node, kind: type[_T]) -> _T | None:
    """The value of ``node`` if it is a constant of ``kind`` (True is no index)."""
    value = node.value if isinstance(node, jinja2.nodes.Const) else None
    return value if isinstance(value, kind) and not isinstance(value, bool) else None


class TemplateFiles(jinja2.FileSystemLoader):
    """The templates of one theme folder, read as UTF-8 with or without a byte-order
    mark (which would otherwise be copied into the page at each include); one that is
    not UTF-8 is an error naming it, not the template that includes it. A link that
    leads out of ``site`` is no template (see discover.walk)."""

    def __init__(self, folder: Path, label: Callable[[Path], str], site: Path) -> None:
        super().__init__(folder, encoding="utf-8-sig")
        self.label = label  # a file's name in messages
        self.site = site

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if leads_out(self.site, Path(self.searchpath[0], *template.split("/"))):
            raise jinja2.TemplateNotFound(template)
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            path = Path(self.searchpath[0], *template.split("/"))
            decode(path.read_bytes(), self.label(path))  # raises, naming the file
            raise


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the site's cache folder (see cache.compiled_templates).

    They only save compiling again: when the folder was deleted meanwhile (the cache
    cleared while serve runs) it is made anew, and a template that cannot be stored
    is compiled again next time — a build never fails for it.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def of_the_build(function: Any) -> Any:
    """A filter whose result depends on the build's settings (the site's address, its
    language), marked as one that reads the page's context so that Jinja2 never works
    it out once, when it compiles a template: ``{{ '/contact/' | absolute }}`` would be
    kept in the compiled template, which the cache keeps for builds of other settings
    (a preview's http://127.0.0.1:8000/ came out in a published page)."""

    @jinja2.pass_context
    @functools.wraps(function)
    def filtered(context: jinja2.runtime.Context, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return filtered


def lang_attr(value: object) -> Markup:
    """The ``lang_attr`` filter: `` lang="en"`` for an article written in another
    language than the site's, a link to one or a breadcrumb naming one (their
    ``language``), else nothing. Put in the tag around what it shows of it, its title or
    summary, it has a screen reader read those in their language, not the page's:
    ``<a href="{{ link.url }}"{{ link | lang_attr }}>{{ link.title }}</a>``."""
    if isinstance(value, jinja2.Undefined):
        return Markup(str(value))  # the error of a misspelt name, or "" (see Undefined)
    if isinstance(value, Mapping):  # a breadcrumb a template makes: {"name": …, "url": …}
        language = value.get("language", "")
    else:
        language = getattr(value, "language", None)
    if not isinstance(language, str):
        raise TemplateMistake(
            f"lang_attr: {value!r} has no language",
            "give it an article, a link to one (site.recent, related, older…) or a breadcrumb",
            of_data=False,
        )
    return Markup(' lang="{}"').format(language) if language else Markup()
