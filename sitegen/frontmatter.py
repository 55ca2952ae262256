"""Split a source file into front matter and body, and read the front matter safely.

python-frontmatter finds the fences (``---`` for YAML, ``+++`` for TOML); a file
without them may open with Pelican's ``Title: …`` lines (see _pelican_header). We load
the YAML ourselves so that we get the line of every key and YAML 1.2 scalars:
``title: no`` stays the text "no", ``010`` is ten, and dates stay text for
:mod:`sitegen.dates` to read with a clear error. The loader is LibYAML's when
available (about seven times faster than the pure-Python one).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import frontmatter
import frontmatter.default_handlers
import yaml

from sitegen.errors import COMMA_IN_MAPPING, SiteError
from sitegen.keylines import TOO_LONG_HINT, KeyLines, KeyPath, parse_toml, toml_key_lines, too_long

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Yaml12Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader whose implicit scalars follow YAML 1.2's core schema."""


_REPLACED_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag not in _REPLACED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text[:2] in ("0o", "0x"):
        return int(text, 0)
    if message := too_long(text):
        raise _TooLong(node.start_mark.line, message)
    return int(text, 10)


class _TooLong(Exception):
    """An integer of more digits than Python reads (see keylines.too_long), at a
    0-based line of the YAML."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


_YAML_HINT = "put a value in quotes when it contains ': ' or starts with [ { * & ! % @ or `"


@dataclass(frozen=True)
class RawDocument:
    """A source file split into its front matter (a mapping) and its Markdown body."""

    meta: Mapping[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    lines: KeyLines  # where each front-matter key stands
    has_front_matter: bool


def split(text: str, path: str) -> RawDocument:
    """Split decoded ``text`` and load its front matter, YAML or TOML."""
    fence = text.split("\n", 1)[0].rstrip()
    if re.fullmatch(r"-{3,}", fence):
        handler: Any = frontmatter.default_handlers.YAMLHandler()
    elif re.fullmatch(r"\+{3,}", fence):
        handler = _TomlFences()
    else:
        return _pelican_header(text, path) or RawDocument(
            {}, text, 1, KeyLines(), has_front_matter=False
        )
    try:
        meta_text, body = handler.split(text)
    except ValueError:
        raise SiteError.at(
            path, 1, f"front matter is not closed: add a '{fence[:3]}' line after it"
        ) from None
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    # The file line on which the front-matter text begins (it starts at the end of the fence).
    opening = handler.FM_BOUNDARY.match(text)
    meta_line = text.count("\n", 0, opening.end()) + 1
    if isinstance(handler, _TomlFences):
        meta, lines = _load_toml(meta_text, path, meta_line)
    else:
        meta, lines = _load_yaml(meta_text, path, meta_line)
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    return RawDocument(meta, body, body_line, lines, has_front_matter=True)


class _TomlFences(frontmatter.default_handlers.BaseHandler):
    """``+++`` fences, loaded with the standard library's tomllib."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)


# Pelican's Markdown metadata, as Python-Markdown's meta extension reads it: a "Key: value"
# line (a Latin letter first), a value continued on lines indented by four spaces or a
# tab, the whole ended by a blank line (or a --- or ... line, or a line of the body).
_PELICAN_LINE = re.compile(r" {0,3}(?P<key>[A-Za-z][A-Za-z0-9_-]*):\s*(?P<value>.*)")
_PELICAN_END = re.compile(r"\s*|(?:-{3}|\.{3})(?:\s.*)?")
# A header names one of these (in any case), so that Markdown that opens with a line
# such as "Note: …" is read as a body (and is the error "no front matter").
_PELICAN_NAMES = frozenset({"title", "date"})


def _pelican_header(text: str, path: str) -> RawDocument | None:
    """``text`` split after its Pelican header, or None when it does not open with one.

    Each value is text as written (``Title: 3.10`` is "3.10"); an empty one is none, as
    ``key:`` in YAML. The lines of a continued value join with a newline, as Pelican
    joins those of a summary. A key written twice is an error at the second.
    """
    lines = text.split("\n")
    values: dict[str, list[str]] = {}
    key_lines: dict[KeyPath, int] = {}
    twice: tuple[str, int] | None = None  # the first key written again, and its line
    body_start = len(lines)
    for index, line in enumerate(lines):
        written = _PELICAN_LINE.fullmatch(line)
        if written:
            key = written["key"]
            if (key,) in key_lines:
                twice = twice or (key, index + 1)
                continue
            key_lines[(key,)] = index + 1
            values[key] = [written["value"].strip()]
        elif values and line.expandtabs(4).startswith("    ") and line.strip():
            values[key].append(line.strip())  # a continued value
        else:
            ended = index > 0 and _PELICAN_END.fullmatch(line)
            body_start = index + 1 if ended else index
            break
    if not {key.casefold() for key in values} & _PELICAN_NAMES:
        return None
    if twice is not None:
        again, number = twice
        raise SiteError.at(path, number, *_duplicate((again,), key_lines[(again,)]))
    meta = {key: "\n".join(parts).strip() or None for key, parts in values.items()}
    body = "\n".join(lines[body_start:])
    return RawDocument(meta, body, body_start + 1, KeyLines(key_lines), has_front_matter=True)


def load_data(text: str, path: str, *, lists: bool = False) -> tuple[Any, KeyLines]:
    """Load a data file (``.yaml``, ``.yml``, ``.json`` or ``.toml`` by ``path``'s suffix)
    with key lines.

    The rules are those of front matter: YAML 1.2 scalars, duplicate keys are errors,
    and every key's line is known. The file must hold a mapping, or with ``lists`` a
    mapping or a list (a YAML file of offices, one item each).
    """
    if path.lower().endswith(".toml"):
        meta, lines = _load_toml(text, path, 1, in_front_matter=False)
    else:
        meta, lines = _load_yaml(text, path, 1, in_front_matter=False, lists=lists)
    return meta, dataclasses.replace(lines, first_line=1)


def _load_toml(
    text: str, path: str, first: int, *, in_front_matter: bool = True
) -> tuple[Mapping[str, Any], KeyLines]:
    what = "TOML front matter" if in_front_matter else "TOML"
    meta = parse_toml(text, path, what, first)
    return meta, KeyLines(toml_key_lines(text, first).lines, first_line=first + 1)


def _load_yaml(
    text: str, path: str, first: int, *, in_front_matter: bool = True, lists: bool = False
) -> tuple[Any, KeyLines]:
    # JSON is YAML 1.2 too, and is read as such: its mistakes are told as JSON's.
    what = "JSON" if path.lower().endswith(".json") else "YAML"
    what = "YAML front matter" if in_front_matter else what
    loader = _Yaml12Loader(text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else {}
    except RecursionError:  # the constructor recurses into each nested value
        raise SiteError.at(path, first, f"invalid {what}: values nest too deeply") from None
    except _TooLong as error:
        raise SiteError.at(path, error.line + first, str(error), TOO_LONG_HINT) from None
    except yaml.MarkedYAMLError as error:
        if error.problem == "exceeded maximum nesting depth":  # LibYAML's limit, above ours
            line = error.problem_mark.line if error.problem_mark else 0
            raise SiteError.at(
                path, line + first, f"values nest more than {MAX_DEPTH} deep"
            ) from None
        line, problem, hint = _yaml_problem(error, text)
        raise SiteError.at(path, line + first, f"invalid {what}: {problem}", hint) from None
    except yaml.reader.ReaderError as error:  # a character YAML takes in no text (NUL)
        line = text.count("\n", 0, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"invalid {what}: a control character (U+{code:04X}) is not allowed in YAML"
        hint = "remove it: most editors do not show it"
        raise SiteError.at(path, line + first, message, hint) from None
    except yaml.YAMLError as error:
        raise SiteError.at(path, first, f"invalid {what}: {error}") from None
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, Mapping) and not (lists and isinstance(meta, list)):
        if in_front_matter:
            raise SiteError.at(path, first + 1, "front matter must be 'key: value' lines")
        raise SiteError.at(path, first, "the file must hold 'key: value' lines")
    if in_front_matter and isinstance(meta, Mapping) and isinstance(node, yaml.MappingNode):
        meta = _texts_as_written(meta, node)
    lines = _key_lines(node, path, first, what)
    return meta, KeyLines(lines, first_line=first + 1, syntax="yaml")


# Keys whose values are text (or lists of text), however YAML would take them: a title
# of "3.10" or a tag "true" is what the writer wrote, not 3.1 and True.
_TEXT_KEYS = frozenset({"title", "series", "tags", "categories", "category"})
_NULL = "tag:yaml.org,2002:null"


def _texts_as_written(meta: Mapping[str, Any], node: yaml.MappingNode) -> dict[str, Any]:
    """``meta`` with the values of _TEXT_KEYS that YAML took for numbers or booleans
    as they are written (``~`` and an empty value stay none)."""
    fixed = dict(meta)

    def written(value_node: yaml.Node, value: Any) -> Any:
        plain = isinstance(value_node, yaml.ScalarNode) and value_node.tag != _NULL
        return value_node.value if plain and not isinstance(value, str) else value

    for key_node, value_node in node.value:
        key = key_node.value
        if str(key).casefold() not in _TEXT_KEYS or key not in fixed:  # Title: 3.10 too
            continue
        if isinstance(value_node, yaml.SequenceNode) and isinstance(fixed[key], list):
            fixed[key] = [written(n, v) for n, v in zip(value_node.value, fixed[key], strict=False)]
        else:
            fixed[key] = written(value_node, fixed[key])
    return fixed


# What the parser was in when it failed, when that began at an opening mark: the
# line of the mark is where the mistake is (the parser gives up lines later).
_OPENED = {
    "while scanning a quoted scalar": (
        "a quoted value is not closed",
        "end it with the quote mark it starts with",
    ),
    "while parsing a flow sequence": (
        "a list in [ ] is not closed",
        "end it with ']'; a text that starts with '[' goes in quotes",
    ),
    "while parsing a flow mapping": (
        "a mapping in { } is not closed",
        "end it with '}'; a text that starts with '{' goes in quotes",
    ),
}


def _yaml_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str]:
    """The 0-based line of a YAML mistake in ``text``, what it is and how to mend it."""
    problem = error.problem or "invalid YAML"
    if error.context in _OPENED and error.context_mark is not None:
        said, hint = _OPENED[error.context]
        return error.context_mark.line, f"{said} ({problem})", hint
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark else 0
    lines = [*text.split("\n"), ""]
    # A key with a full-width colon (title：…) runs on into the next line, where it fails.
    for number in (line - 1, line):
        if number >= 0 and "：" in lines[number].split(":", 1)[0]:
            return number, problem, "write the ':' after a key in ASCII, not '：'"
    written = lines[line]
    if "\t" in _indentation(written):
        return line, "a tab indents this line", "YAML is indented with spaces only"
    # A full-width space ends the value it was to indent, so the parser fails lines later.
    for number in range(line, -1, -1):
        if FULL_WIDTH_SPACE in _indentation(lines[number]):
            return number, *_FULL_WIDTH_INDENT
    return line, problem, _YAML_HINT


FULL_WIDTH_SPACE = "\u3000"
# YAML takes a full-width space for text, not indentation: a line indented with one fails
# to parse lines later, or is a key of its own that starts with it ('　nikkei' beside
# sources, which is left empty). Either is this error at the line.
_FULL_WIDTH_INDENT = (
    "this line is indented with a full-width space (U+3000)",
    "indent with half-width spaces: YAML reads a full-width one as text",
)


def _indentation(line: str) -> str:
    """The white space ``line`` starts with (full-width spaces too)."""
    return line[: len(line) - len(line.lstrip())]


def _duplicate(key: KeyPath, first: int) -> tuple[str, str]:
    """The message and hint for a key written twice."""
    if len(key) == 2 and key[0] == "sources":  # a map of ids: say what the key names
        message = f"sources: duplicate source id '{key[1]}' (first at line {first})"
        return message, "give each source its own id"
    message = f"duplicate key '{'.'.join(str(p) for p in key)}' (first at line {first})"
    if str(key[-1]).isdigit():  # {value: 5,000,000}: each comma began an entry
        return message, COMMA_IN_MAPPING
    return message, ""


# Limits no front matter or data file comes near. More values than this, with the
# aliases (*name) written out, is a "billion laughs": a few lines that would expand to
# millions. Values nested deeper than this would exhaust Python's recursion later on.
MAX_VALUES = 100_000
MAX_DEPTH = 100


def _key_lines(node: yaml.Node | None, path: str, first: int, what: str) -> dict[KeyPath, int]:
    """The line of every key under ``node``; a key written twice is an error, and so are
    a key indented with a full-width space (see _FULL_WIDTH_INDENT) and a document beyond
    MAX_VALUES or MAX_DEPTH (``what`` names the text in messages: "YAML front matter")."""
    lines: dict[KeyPath, int] = {}
    visited = 0

    def walk(node: yaml.Node | None, key_path: KeyPath) -> None:
        nonlocal visited
        visited += 1
        if visited > MAX_VALUES:
            raise SiteError.at(
                path,
                first,
                f"the YAML holds more than {MAX_VALUES:,} values once its aliases are written out",
                "write the values themselves instead of repeating aliases (*name)",
            )
        if len(key_path) > MAX_DEPTH and node is not None:
            line = node.start_mark.line + first
            raise SiteError.at(path, line, f"values nest more than {MAX_DEPTH} deep")
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = (*key_path, str(key_node.value))
                line = key_node.start_mark.line + first
                plain = not key_node.style  # a quoted key holds what it was meant to
                if plain and str(key_node.value).startswith(FULL_WIDTH_SPACE):
                    problem, hint = _FULL_WIDTH_INDENT
                    raise SiteError.at(path, line, f"invalid {what}: {problem}", hint)
                if key in lines:
                    raise SiteError.at(path, line, *_duplicate(key, lines[key]))
                lines[key] = line
                walk(value_node, key)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*key_path, index)] = item.start_mark.line + first
                walk(item, (*key_path, index))

    walk(node, ())
    return lines
