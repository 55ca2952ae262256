"""Evaluating parsed formulas, one at a time or a calculator's outputs in order.

Failures are values here, not crashes: a division by zero or a bound hit in one output
becomes a :class:`Failure` for that output, and outputs that read it fail with ``dependency``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal

from sitegen.calc.formula import (
    BinaryOp,
    Call,
    Formula,
    Name,
    Negate,
    Node,
    Number,
    check_call,
    check_formula,
    parse_formula,
)
from sitegen.calc.numbers import (
    MAX_ROUND_DIGITS,
    ONE,
    ZERO,
    FormulaError,
    checked,
    new_context,
    power,
    remainder,
    round_places,
)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a value could not be computed (``kind`` as in :class:`FormulaError`)."""

    kind: str
    message: str


Outcome = Decimal | Failure


def evaluate(formula: Formula, values: Mapping[str, Outcome]) -> Decimal:
    """Compute a formula from named values; raise :class:`FormulaError` on failure.

    A name bound to a :class:`Failure` fails with kind ``dependency`` (``input`` when that
    failure's kind is ``input``).
    """
    return _Evaluator(new_context(), values).value(formula.tree)


def evaluate_formula(source: str, values: Mapping[str, Decimal]) -> Outcome:
    """Parse and evaluate a formula text; every problem comes back as a :class:`Failure`.

    Inputs are rounded to the working precision and bound-checked like any other value.
    This is the single-formula entry point the shared corpus is run through.
    """
    try:
        formula = parse_formula(source)
        problems = check_formula(formula, values.keys())
        if problems:
            raise problems[0]
        return evaluate(formula, {name: input_value(v) for name, v in values.items()})
    except FormulaError as error:
        return Failure(error.kind, error.message)


def input_value(value: Decimal) -> Decimal:
    """An input as formulas see it: rounded to the precision and within the bounds.

    Raises :class:`FormulaError` (``input`` for NaN or infinity, else ``too_large`` or
    ``too_small``).
    """
    if not value.is_finite():
        raise FormulaError("input", "not a finite number")
    return checked(new_context().plus(value))


def evaluate_in_order(
    formulas: Sequence[tuple[str, Formula]], inputs: Mapping[str, Outcome]
) -> dict[str, Outcome]:
    """Evaluate named formulas in the given (dependency) order; each sees the earlier ones."""
    values: dict[str, Outcome] = dict(inputs)
    results: dict[str, Outcome] = {}
    for name, formula in formulas:
        try:
            outcome: Outcome = evaluate(formula, values)
        except FormulaError as error:
            outcome = Failure(error.kind, error.message)
        values[name] = results[name] = outcome
    return results


_ARITHMETIC: dict[str, Callable[[Context, Decimal, Decimal], Decimal]] = {
    "+": lambda ctx, a, b: ctx.add(a, b),
    "-": lambda ctx, a, b: ctx.subtract(a, b),
    "*": lambda ctx, a, b: ctx.multiply(a, b),
    "/": lambda ctx, a, b: ctx.divide(a, b),
    "%": lambda ctx, a, b: remainder(a, b),
    "**": lambda ctx, a, b: power(a, b, ctx),
}
_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class _Evaluator:
    def __init__(self, ctx: Context, values: Mapping[str, Outcome]) -> None:
        self.ctx = ctx
        self.values = values

    def value(self, node: Node) -> Decimal:
        """The value of one node; an error is located at the innermost failing node."""
        try:
            return checked(self._compute(node))
        except FormulaError as error:
            raise error.at(node.column) from None

    def _compute(self, node: Node) -> Decimal:
        match node:
            case Number(value=value):
                return value
            case Name(name=name):
                return self.lookup(name)
            case Negate(operand=operand):
                return self.ctx.minus(self.value(operand))
            case BinaryOp(op=op, left=left, right=right):
                return self.binary(op, self.value(left), self.value(right))
            case Call():
                return self.call(node)
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover

    def lookup(self, name: str) -> Decimal:
        found = self.values.get(name)
        if found is None:
            raise FormulaError("unknown_name", f"unknown name '{name}'")
        if isinstance(found, Failure):
            if found.kind == "input":  # an invalid input, or an output that read one
                raise FormulaError("input", f"'{name}' has no valid value")
            raise FormulaError("dependency", f"'{name}' could not be computed")
        return found

    def binary(self, op: str, left: Decimal, right: Decimal) -> Decimal:
        if op in _COMPARE:
            return ONE if _COMPARE[op](left, right) else ZERO
        if op == "/" and right.is_zero():
            raise FormulaError("division_by_zero", "division by zero")
        return _ARITHMETIC[op](self.ctx, left, right)

    def call(self, call: Call) -> Decimal:
        problem = check_call(call)
        if problem is not None:
            raise problem
        name, args = call.function, call.args
        if name == "if":  # lazy: only the chosen branch is evaluated
            condition, then, otherwise = args
            return self.value(then if not self.value(condition).is_zero() else otherwise)
        values = [self.value(arg) for arg in args]
        if name == "min":
            return min(values)
        if name == "max":
            return max(values)
        if name == "abs":
            return self.ctx.abs(values[0])
        if name == "floor":
            return values[0].to_integral_value(rounding=ROUND_FLOOR, context=self.ctx)
        if name == "ceil":
            return values[0].to_integral_value(rounding=ROUND_CEILING, context=self.ctx)
        digits = values[1] if len(values) == 2 else ZERO  # round(x, digits)
        whole = digits == digits.to_integral_value(context=self.ctx)
        if not whole or not -MAX_ROUND_DIGITS <= digits <= MAX_ROUND_DIGITS:
            raise FormulaError(
                "argument",
                f"round() digits must be a whole number from -{MAX_ROUND_DIGITS} "
                f"to {MAX_ROUND_DIGITS}",
            )
        return round_places(values[0], int(digits))
