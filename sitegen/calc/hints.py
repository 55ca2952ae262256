"""Hints for the mistakes of a calculator's formulas: a number typed as a reader types
it (``13万``, ``１０００``, ``5%``), the signs × ÷ −, a spreadsheet's function (``SUM``,
``ROUND`` in capitals), a misspelt name, a division by zero with the default inputs.
"""

from __future__ import annotations

import re

from sitegen.calc.formula import COMPARISONS, BinaryOp, Call, Formula, Name, walk
from sitegen.calc.model import Calculator, NumberInput
from sitegen.calc.typed import HALF_WIDTH, MAGNITUDES, plain_number_hint
from sitegen.errors import suggestion

#: How a percentage is written in a formula, completing "write 0.05 for 5%".
OUTPUT_PERCENT = " (and format: percent to show it as {share}%)"
#: A number as a reader would type it, in a formula (「13万」, 「１０００」, 「5%」): digits of
#: either width, points, commas and the units of yen_man, then maybe a % no operand follows.
_TYPED_IN_FORMULA = re.compile(
    f"[0-9０-９.．,，{MAGNITUDES}]+"
    r"(?:[%％](?![ 　]*[0-9０-９A-Za-z_(（]))?"
)


#: The signs of arithmetic as written by hand or in print, and the operators to write.
_SIGNS = {"×": "*", "÷": "/", "−": "-"}
_OPERATORS = str.maketrans(_SIGNS)


def closest(name: str, known: list[str]) -> str:
    """The hint for an unknown ``name``: the known one it is in other case (``ROUND``, as
    a spreadsheet writes it), else the closest one; ``""`` when none is close."""
    same = [candidate for candidate in known if candidate.lower() == name.lower()]
    return f"did you mean '{same[0]}'?" if same else suggestion(name, known)


def spreadsheet_hint(function: str, formula: Formula) -> str:
    """What to write for a spreadsheet's SUM or AVERAGE (``SUM(a, b)``: ``a + b``)."""
    kind = function.lower()
    if kind not in ("sum", "average"):
        return ""
    call = next(n for n in walk(formula.tree) if isinstance(n, Call) and n.function == function)
    added = " + ".join(_written(formula.source, call))
    if kind == "average" and len(call.args) > 1:
        return f"write ({added}) / {len(call.args)}"
    return f"write {added}"


def _written(source: str, call: Call) -> list[str]:
    """The arguments of ``call`` as ``source`` writes them; in parentheses when they are
    comparisons, which bind less tightly than the ``+`` that is to join them."""
    start = source.index("(", call.column - 1)
    pieces, depth, begin = [], 0, start + 1
    for index in range(start, len(source)):  # a formula has no strings: only () and ,
        char = source[index]
        depth += {"(": 1, ")": -1}.get(char, 0)
        if (char == "," and depth == 1) or (char == ")" and depth == 0):
            pieces.append(source[begin:index].strip())
            begin = index + 1
        if depth == 0:
            break
    return [
        f"({piece})" if isinstance(arg, BinaryOp) and arg.op in COMPARISONS else piece
        for piece, arg in zip(pieces, call.args, strict=True)
    ]


def formula_hint(source: str) -> str:
    """What to write for a number typed as a reader would (``people * １０００``, ``13万``,
    ``5%``), for full-width characters, or for the signs ×, ÷ and −: for the first of
    these, which the syntax error is about; ``""`` when the formula has none of them."""
    fixed = source.translate(HALF_WIDTH).translate(_OPERATORS)
    first = next((i for i, (a, b) in enumerate(zip(source, fixed, strict=True)) if a != b), None)
    for typed in _TYPED_IN_FORMULA.finditer(source):
        if first is not None and first < typed.start():
            break
        hint = plain_number_hint(typed.group(), percent=OUTPUT_PERCENT)
        if hint and not re.fullmatch(r"[0-9.]+", typed.group()):
            return hint
    if first is None:
        return ""
    signs = [f"{operator} for {sign}" for sign, operator in _SIGNS.items() if sign in source]
    return f'write {", ".join(signs) or "it in half-width characters"}: "{fixed}"'


def guard_hint(calculator: Calculator, name: str) -> str:
    """How to avoid the division by zero that output ``name`` meets with the default inputs."""
    formula = calculator.output(name).formula
    values = {**calculator.defaults, **calculator.evaluate()}
    divisors = [
        node.right.name
        for node in walk(formula.tree)
        if isinstance(node, BinaryOp) and node.op in "/%" and isinstance(node.right, Name)
    ]
    zero = next((divisor for divisor in divisors if values.get(divisor) == 0), None)
    if zero is None:
        return "guard the division with if(), as in if(b == 0, 0, a / b)"
    guarded = f"guard it: if({zero} == 0, 0, {formula.source})"
    inputs = {item.name: item for item in calculator.inputs}
    if isinstance(inputs.get(zero), NumberInput):
        return f"{guarded}; or give the input '{zero}' a default above 0 and min: 1"
    return guarded
