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


@functools.cache
def _way(kind: type) -> str:
    """How values of a type are fed, decided once per type."""
    if issubclass(kind, _PLAIN):
        return "plain"
    if issubclass(kind, list | tuple):
        return "sequence"
    if issubclass(kind, Mapping):
        return "mapping"
    return "record"  # a record, or an object standing for itself by a digest


@functools.cache
def _fields(kind: type) -> tuple[str, ...] | None:
    """The field names of a record type (None for other types), looked up once."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def _feed(value: Any, parts: list[str]) -> None:
    way = _way(type(value))
    if way == "plain":
        parts.append(repr(value))
    elif way == "sequence":
        parts.append("[")
        for item in value:
            _feed(item, parts)
        parts.append("]")
    elif way == "mapping":
        parts.append("{")
        for key in sorted(value, key=str):
            parts.append(str(key))
            _feed(value[key], parts)
        parts.append("}")
    else:
        digest = getattr(value, "digest", None)
        if isinstance(digest, str) and digest:
            parts.append(f"#{digest}")
            return
        names = _fields(type(value))
        if names is None:
            raise TypeError(f"cannot fingerprint a {type(value).__name__}")
        parts.append(f"<{type(value).__name__}")
        for name in names:
            _feed(getattr(value, name), parts)
        parts.append(">")
