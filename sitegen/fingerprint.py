"""Fingerprints: short digests of everything a page is made from.

Two pages with equal fingerprints render to the same bytes, so a build can skip
a page whose fingerprint has not changed since the last build. Records that
carry a ``digest`` (articles) stand for themselves by it; other records are
walked field by field, so whatever a template can reach is covered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


def digest_of(*parts: str) -> str:
    """A 32-hex-digit digest of some strings."""
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=16).hexdigest()


def fingerprint(value: Any) -> str:
    """The digest of ``value``: records, mappings, sequences and plain values."""
    parts: list[str] = []
    _feed(value, parts)
    return digest_of(*parts)


_PLAIN = (str, int, float, bool, Decimal, dt.date, type(None))  # dt.datetime is a dt.date

# How values of each type are fed, learned once per type (see _learn). A build
# fingerprints some hundred thousand values, most of them articles by their digest.
_PLAIN_WAY, _SEQUENCE, _MAPPING, _DIGESTED, _RECORD = range(5)
_WAYS: dict[type, int] = {}


def _learn(kind: type) -> int:
    if issubclass(kind, _PLAIN):
        way = _PLAIN_WAY
    elif issubclass(kind, list | tuple):
        way = _SEQUENCE
    elif issubclass(kind, Mapping):
        way = _MAPPING
    elif hasattr(kind, "digest"):  # a record that stands for itself by its digest
        way = _DIGESTED
    elif dataclasses.is_dataclass(kind):
        way = _RECORD
    else:
        raise TypeError(f"cannot fingerprint a {kind.__name__}")
    _WAYS[kind] = way
    return way


@functools.cache
def _fields(kind: type) -> tuple[str, ...]:
    """The field names of a record type, looked up once."""
    return tuple(f.name for f in dataclasses.fields(kind))


def _feed(value: Any, parts: list[str]) -> None:
    kind = type(value)
    way = _WAYS.get(kind)
    if way is None:
        way = _learn(kind)
    if way == _PLAIN_WAY:
        parts.append(repr(value))
    elif way == _SEQUENCE:
        parts.append("[")
        for item in value:
            _feed(item, parts)
        parts.append("]")
    elif way == _DIGESTED and value.digest:
        parts.append(f"#{value.digest}")
    elif way == _MAPPING:
        parts.append("{")
        for key in sorted(value, key=str):
            parts.append(str(key))
            _feed(value[key], parts)
        parts.append("}")
    else:  # a record, or one whose digest is not set (walked like a record)
        parts.append(f"<{kind.__name__}")
        for name in _fields(kind):  # type: ignore[arg-type]  # every type is hashable
            _feed(getattr(value, name), parts)
        parts.append(">")
