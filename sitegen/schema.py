"""Turn parsed TOML/YAML data into typed frozen dataclasses, reporting every mismatch.

The dataclass *is* the schema: field names are the allowed keys, type hints the
allowed values, defaults make a key optional, and ``field(metadata={"check": fn})``
adds a value check returning an error message, a message and a hint, or ``None``.
A dataclass may name the keys other programs write for its own in a ``FOREIGN_KEYS``
class variable (lower-case key → hint): their "unknown key" says what to write here.
One mechanism serves ``site.toml`` and every data file, so a new config section is
just a new dataclass.

Supported field types: ``str``, ``int``, ``float``, ``bool``, ``Literal[...]``,
``X | None``, ``tuple[T, ...]``, ``Mapping[str, T]`` and nested dataclasses.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar, Union

from sitegen.errors import Problems, quoted, suggestion
from sitegen.frozen import FrozenMap, frozen_value
from sitegen.keylines import KeyLines, KeyPath

T = TypeVar("T")
Check = Callable[[Any], "str | tuple[str, str] | None"]  # a message, or a message and a hint

_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


class _Invalid(Exception):
    """Internal: a value that does not fit; the message says why."""


def _dotted(path: KeyPath) -> str:
    return ".".join(str(part) for part in path)


class Loader:
    """Validates one document against a dataclass, collecting problems with lines."""

    def __init__(self, problems: Problems, lines: KeyLines) -> None:
        self.problems = problems
        self.lines = lines
        # What the document's language calls a set of keys and values.
        self._mapping = "a mapping" if lines.syntax == "yaml" else "a table"
        # The fields of the document's own dataclass, for a key written in the wrong table.
        self._top: Mapping[str, dataclasses.Field[Any]] = {}
        self._top_path: KeyPath = ()

    def load(self, cls: type[T], data: object, path: KeyPath = ()) -> T | None:
        """Build ``cls`` from ``data``; on any problem, record it and return None."""
        before = len(self.problems.errors)
        self._top, self._top_path = _schema_of(cls)[0], path
        value = self._value(cls, data, path)
        return None if len(self.problems.errors) > before else typing.cast(T, value)

    def error(self, path: KeyPath, message: str, hint: str = "") -> None:
        prefix = f"{_dotted(path)}: " if path else ""
        self.problems.error(prefix + message, self.lines(path), hint)

    def _value(self, hint: Any, data: object, path: KeyPath) -> Any:
        try:
            return self._convert(hint, data, path)
        except _Invalid as invalid:
            self.error(path, str(invalid))
            return None

    def _convert(self, hint: Any, data: object, path: KeyPath) -> Any:
        origin = typing.get_origin(hint)
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            return self._dataclass(hint, data, path)
        if origin in (Union, types.UnionType):
            options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            if data is None:
                return None
            return self._convert(options[0], data, path)
        if origin is Literal:
            allowed = typing.get_args(hint)
            if data not in allowed:
                choices = ", ".join(quoted(a) for a in allowed)
                raise _Invalid(f"must be one of {choices}, not {quoted(data)}")
            return data
        if origin is tuple:
            item_type = typing.get_args(hint)[0]
            if not isinstance(data, list | tuple):
                raise _Invalid(f"expected a list, got {_describe(data, self._mapping)}")
            return tuple(self._value(item_type, item, (*path, i)) for i, item in enumerate(data))
        if origin in (Mapping, dict):
            _, item_type = typing.get_args(hint)
            if not isinstance(data, Mapping):
                raise _Invalid(f"expected {self._mapping}, got {_describe(data, self._mapping)}")
            return FrozenMap(
                {str(k): self._value(item_type, v, (*path, str(k))) for k, v in data.items()}
            )
        return _scalar(hint, data, self._mapping)

    def _dataclass(self, cls: type[Any], data: object, path: KeyPath) -> Any:
        if not isinstance(data, Mapping):
            raise _Invalid(f"expected {self._mapping}, got {_describe(data, self._mapping)}")
        fields, hints = _schema_of(cls)
        for key in data:
            if key not in fields:
                hint = self._unknown_key_hint(key, fields, path, cls)
                self.error((*path, str(key)), "unknown key", hint)
        values: dict[str, Any] = {}
        for name, spec in fields.items():
            if name not in data:
                if _is_required(spec):
                    self.error((*path, name), "required")
                continue
            recorded = len(self.problems)
            value = self._value(hints[name], data[name], (*path, name))
            check: Check | None = spec.metadata.get("check")
            # A value with a wrong part (a number in a list of text) was reported as such.
            valid = value is not None and len(self.problems) == recorded
            problem = check(value) if check and valid else None
            if problem:
                message, hint = (problem, "") if isinstance(problem, str) else problem
                self.error((*path, name), message, hint)
            values[name] = value
        try:
            return cls(**values)
        except (TypeError, ValueError):
            return None  # an error was already recorded for the missing or bad part

    def _unknown_key_hint(
        self, key: object, fields: Mapping[str, object], path: KeyPath, cls: type[Any]
    ) -> str:
        if path != self._top_path and key in self._top:
            # TOML: a key written after a [table] header belongs to that table.
            return f"'{key}' is a top-level key: put it above the first [table]"
        # Hugo's keys are read in any case (baseURL, baseurl), Pelican's are upper case.
        folded = str(key).lower()
        foreign: Mapping[str, str] = getattr(cls, "FOREIGN_KEYS", {})
        if folded in foreign:
            return foreign[folded]
        if folded in fields:
            return f"did you mean '{folded}'?"
        return suggestion(str(key), fields, listing="known keys")


# A dataclass's init fields by name, and the resolved type hint of each.
_Schema = tuple[Mapping[str, dataclasses.Field[Any]], Mapping[str, Any]]
_SCHEMAS: dict[type[Any], _Schema] = {}


def _schema_of(cls: type[Any]) -> _Schema:
    """The init fields of dataclass ``cls`` by name, and their resolved type hints.

    Worked out once per type: resolving the hints evaluates the text of every annotation
    (``from __future__ import annotations``), which cost more than loading a small table,
    and the sources of every article are loaded as such tables.
    """
    if cls not in _SCHEMAS:
        fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
        _SCHEMAS[cls] = fields, typing.get_type_hints(cls)
    return _SCHEMAS[cls]


def _is_required(spec: dataclasses.Field[Any]) -> bool:
    return spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING


def _scalar(hint: Any, data: object, mapping: str) -> Any:
    if hint is Any or hint is object:
        return frozen_value(data)  # a record stays immutable, whatever the value holds
    if hint is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if isinstance(hint, type) and isinstance(data, hint):
        if hint is int and isinstance(data, bool):
            raise _Invalid(f"expected {_TYPE_NAMES[int]}, got {_describe(data, mapping)}")
        return data
    raise _Invalid(f"expected {_TYPE_NAMES.get(hint, str(hint))}, got {_describe(data, mapping)}")


def _describe(data: object, mapping: str) -> str:
    """``data`` as a message names it; ``mapping`` is what the document's language
    calls a set of keys and values (a table in TOML, a mapping in YAML)."""
    if isinstance(data, bool):
        return f"{str(data).lower()} (a boolean)"
    if isinstance(data, Mapping):
        return mapping
    if isinstance(data, list | tuple):
        return "a list"
    if isinstance(data, str):
        return quoted(data)
    return f"{quoted(data)} ({type(data).__name__})"
