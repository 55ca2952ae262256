"""Fingerprints, and ``same``, which tells equal fingerprints without building them."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sitegen.fingerprint import fingerprint, same


@dataclass(frozen=True)
class Point:
    x: Any
    y: Any


@dataclass(frozen=True)
class Digested:
    body: str
    digest: str = ""


JST = dt.timezone(dt.timedelta(hours=9))
plain = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, -0.0, 1.0, float("nan")]),
    st.sampled_from([Decimal("1.0"), Decimal("1.00"), Decimal("2")]),
    st.text(alphabet="ab謝", max_size=2),
    st.sampled_from(
        [
            dt.date(2024, 3, 12),
            dt.datetime(2024, 3, 12, 0, 0, tzinfo=dt.UTC),
            dt.datetime(2024, 3, 12, 9, 0, tzinfo=JST),  # the same instant, printed otherwise
        ]
    ),
)
values = st.recursive(
    plain,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.sampled_from(["a", "b", "1"]), inner, max_size=2),
        st.builds(Point, inner, inner),
        st.builds(Digested, st.text(alphabet="xy", max_size=2), st.sampled_from(["", "d1", "d2"])),
    ),
    max_leaves=8,
)


@given(values, values)
def test_same_is_never_wrong_about_two_values(a: Any, b: Any) -> None:
    if same(a, b):
        assert fingerprint(a) == fingerprint(b)


UTC_NOON = dt.datetime(2024, 3, 12, 0, 0, tzinfo=dt.UTC)
TWINS: dict[Any, Any] = {  # equal under ==, printed otherwise
    Decimal("1.0"): Decimal("1.00"),
    0.0: -0.0,
    UTC_NOON: UTC_NOON.astimezone(JST),
    1: True,
}


def twin(value: Any) -> Any:
    """``value`` with each plain value that has a twin replaced by it."""
    if isinstance(value, list | tuple):
        return type(value)(twin(item) for item in value)
    if isinstance(value, dict):
        return {key: twin(item) for key, item in value.items()}
    if isinstance(value, Point | Digested):
        return type(value)(*(twin(getattr(value, name)) for name in value.__dataclass_fields__))
    return next((t for v, t in TWINS.items() if type(v) is type(value) and v == value), value)


@given(values)
def test_same_sees_through_equal_values_that_print_differently(a: Any) -> None:
    b = twin(a)
    assert same(a, b) == (fingerprint(a) == fingerprint(b))


@given(values)
def test_a_copy_is_the_same_without_being_identical(a: Any) -> None:
    assert same(a, copy.deepcopy(a)) == (fingerprint(a) == fingerprint(copy.deepcopy(a)))
    assert same(a, a)


def test_what_prints_differently_is_not_the_same() -> None:
    assert not same(Decimal("1.0"), Decimal("1.00"))
    utc, jst = dt.datetime(2024, 3, 12, tzinfo=dt.UTC), dt.datetime(2024, 3, 12, 9, tzinfo=JST)
    assert utc == jst and not same(utc, jst)
    assert not same(Digested("x", "d1"), Digested("x", ""))  # one stands for its digest
    assert same(Digested("x", "d1"), Digested("y", "d1"))  # a digest stands for the record
    assert not same((1, 2), [1, 2])  # equal prints, but not sure: computed again
