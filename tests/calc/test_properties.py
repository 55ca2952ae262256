"""Property tests: random expressions against plain Decimal arithmetic, and against node."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
    localcontext,
)
from typing import Any

from calc_support import NodeRunner, answer_in_python
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from sitegen.calc import Failure, evaluate_formula, new_context
from sitegen.calc.numbers import MAX_ADJUSTED, MIN_ADJUSTED

NAMES = ("a", "b", "c")


@dataclass(frozen=True)
class Expr:
    """A random expression: ``op`` with ``args`` (``num``/``name`` leaves hold a value)."""

    op: str
    args: tuple[Any, ...]


small_decimals = st.decimals(
    min_value=Decimal(-1000),
    max_value=Decimal(1000),
    places=3,
    allow_nan=False,
    allow_infinity=False,
)
leaves = st.one_of(
    small_decimals.map(lambda value: Expr("num", (value,))),
    st.sampled_from(NAMES).map(lambda name: Expr("name", (name,))),
)


def _branches(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    binary = st.sampled_from(["+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!="])
    return st.one_of(
        st.tuples(binary, children, children).map(lambda t: Expr(t[0], (t[1], t[2]))),
        children.map(lambda child: Expr("neg", (child,))),
        st.tuples(st.sampled_from(["floor", "ceil", "abs"]), children).map(
            lambda t: Expr(t[0], (t[1],))
        ),
        st.tuples(children, st.integers(-2, 4)).map(lambda t: Expr("round", t)),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=2, max_size=3)).map(
            lambda t: Expr(t[0], tuple(t[1]))
        ),
        st.tuples(children, children, children).map(lambda t: Expr("if", t)),
        # Powers of literals with small exponents stay exact, so Decimal's own ** is a fair judge.
        st.tuples(small_decimals, st.integers(0, 3)).map(lambda t: Expr("**", t)),
    )


expressions = st.recursive(leaves, _branches, max_leaves=10)
inputs = st.fixed_dictionaries({name: small_decimals for name in NAMES})


def render(expr: Expr) -> str:
    """Formula text, fully parenthesized (so precedence cannot matter)."""
    op, args = expr.op, expr.args
    if op == "num":
        return _literal(args[0])
    if op == "name":
        return str(args[0])
    if op == "neg":
        return f"(-{render(args[0])})"
    if op == "round":
        return f"round({render(args[0])}, {args[1]})"
    if op == "**":
        return f"({_literal(args[0])} ** {args[1]})"
    if op in ("floor", "ceil", "abs", "min", "max", "if"):
        return f"{op}({', '.join(render(arg) for arg in args)})"
    return f"({render(args[0])} {op} {render(args[1])})"


def _literal(value: Decimal) -> str:
    text = format(abs(value), "f")
    return f"(-{text})" if value < 0 else text


class Refused(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


def reference(expr: Expr, values: Mapping[str, Decimal]) -> Decimal:
    """The straightforward computation: Decimal operators in the calculator's context."""
    with localcontext(new_context()):
        return _bounded(_reference(expr, values))


def _bounded(value: Decimal) -> Decimal:
    if value and value.adjusted() > MAX_ADJUSTED:
        raise Refused("too_large")
    if value and value.adjusted() < MIN_ADJUSTED:
        raise Refused("too_small")
    return value


def _reference(expr: Expr, values: Mapping[str, Decimal]) -> Decimal:
    op, args = expr.op, expr.args
    if op == "num":
        return _bounded(+args[0])
    if op == "name":
        return _bounded(+values[args[0]])
    if op == "if":
        return _bounded(
            _reference(args[1] if _reference(args[0], values) != 0 else args[2], values)
        )
    if op == "**":  # x ** 0 is 1, even for 0 (Decimal calls 0 ** 0 undefined)
        return _bounded(args[0] ** args[1] if args[1] else Decimal(1))
    if op == "round":
        x = _reference(args[0], values)
        return _bounded(x.quantize(Decimal(1).scaleb(-args[1]), rounding=ROUND_HALF_UP))
    xs = [_reference(arg, values) for arg in args]
    match op:
        case "neg":
            return _bounded(-xs[0])
        case "floor":
            return _bounded(xs[0].to_integral_value(rounding=ROUND_FLOOR))
        case "ceil":
            return _bounded(xs[0].to_integral_value(rounding=ROUND_CEILING))
        case "abs":
            return _bounded(abs(xs[0]))
        case "min":
            return _bounded(min(xs))
        case "max":
            return _bounded(max(xs))
    a, b = xs
    if op in ("/", "%") and b == 0:
        raise Refused("division_by_zero")
    results = {
        "+": lambda: a + b,
        "-": lambda: a - b,
        "*": lambda: a * b,
        "/": lambda: a / b,
        "%": lambda: a % b,
        "<": lambda: Decimal(a < b),
        "<=": lambda: Decimal(a <= b),
        ">": lambda: Decimal(a > b),
        ">=": lambda: Decimal(a >= b),
        "==": lambda: Decimal(a == b),
        "!=": lambda: Decimal(a != b),
    }
    return _bounded(results[op]())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, inputs)
def test_python_agrees_with_plain_decimal_arithmetic(
    expr: Expr, values: dict[str, Decimal]
) -> None:
    try:
        expected: Decimal | str = reference(expr, values)
    except Refused as refused:
        expected = refused.kind
    except InvalidOperation:  # Decimal's % gives up on quotients over 34 digits; we do not
        reject()
    outcome = evaluate_formula(render(expr), values)
    got = outcome.kind if isinstance(outcome, Failure) else outcome
    assert got == expected, render(expr)


wide_decimals = st.decimals(
    min_value=Decimal("-1e12"),
    max_value=Decimal("1e12"),
    places=12,
    allow_nan=False,
    allow_infinity=False,
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["+", "-", "*", "/", "%", "<", "==", ">="]), wide_decimals, wide_decimals)
def test_each_operator_agrees_with_plain_decimal_arithmetic(
    op: str, a: Decimal, b: Decimal
) -> None:
    expr = Expr(op, (Expr("name", ("a",)), Expr("name", ("b",))))
    values = {"a": a, "b": b}
    try:
        expected: Decimal | str = reference(expr, values)
    except Refused as refused:
        expected = refused.kind
    outcome = evaluate_formula(f"a {op} b", values)
    assert (outcome.kind if isinstance(outcome, Failure) else outcome) == expected


# ---- Python against node, on expressions written any which way ----

_number_texts = st.builds(
    lambda digits, point: (
        digits if point >= len(digits) else f"{digits[:point] or '0'}.{digits[point:]}"
    ),
    st.text("0123456789", min_size=1, max_size=40),
    st.integers(0, 45),
)
_atoms = st.one_of(_number_texts, st.sampled_from([*NAMES, "d", "round", "pi"]))
_operators = st.sampled_from(
    ["+", "-", "*", "/", "%", "**", "<", "<=", ">", ">=", "==", "!=", " + -", "*-"]
)
_functions = st.sampled_from(["if", "min", "max", "round", "floor", "ceil", "abs", "sqrt"])


def _written(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, _operators, children).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
        st.tuples(children, _operators, children).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        children.map(lambda child: f"({child})"),
        children.map(lambda child: f"-{child}"),
        st.tuples(_functions, st.lists(children, min_size=0, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
    )


written_formulas = st.one_of(
    st.recursive(_atoms, _written, max_leaves=12),
    st.text("0123456789_.abc()+-*/%<>=!, \tif×１　", max_size=30),
)
input_texts = st.fixed_dictionaries(
    {name: st.one_of(_number_texts, _number_texts.map(lambda text: f"-{text}")) for name in NAMES}
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(written_formulas, input_texts), min_size=40, max_size=40))
def test_javascript_agrees_with_python_on_random_formulas(
    node: NodeRunner, batch: list[Any]
) -> None:
    requests = [{"formula": formula, "inputs": values} for formula, values in batch]
    expected = [answer_in_python(request) for request in requests]
    answers = node(requests)
    for request, python, javascript in zip(requests, expected, answers, strict=True):
        assert javascript == python, request
