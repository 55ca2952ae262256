"""Evaluation: exact arithmetic, its documented rules, its bounds and its failures."""

from __future__ import annotations

import pickle
from decimal import Decimal, Inexact, localcontext

import pytest

from sitegen.calc import Failure, FormulaError, evaluate, evaluate_formula, parse_formula, plain
from sitegen.calc import numbers as numbers_module
from sitegen.calc.evaluate import Outcome, evaluate_in_order
from sitegen.calc.numbers import MAX_EXPONENT, PRECISION


def value_of(source: str, **inputs: str) -> str:
    outcome = evaluate_formula(source, {name: Decimal(text) for name, text in inputs.items()})
    assert not isinstance(outcome, Failure), outcome
    return plain(outcome)


def failure_of(source: str, **inputs: str) -> Failure:
    outcome = evaluate_formula(source, {name: Decimal(text) for name, text in inputs.items()})
    assert isinstance(outcome, Failure), outcome
    return outcome


def test_the_apology_estimate() -> None:
    assert value_of("people * per_person", people="130000", per_person="1000") == "130000000"


def test_precision_is_34_significant_digits_rounded_half_up() -> None:
    assert PRECISION == 34
    assert value_of("1/3") == "0." + "3" * 34
    assert value_of("2/3") == "0." + "6" * 33 + "7"
    # A tie at the 35th digit goes away from zero (half-even would keep ...000).
    assert (
        value_of("2.000000000000000000000000000000001 / 2") == "1.000000000000000000000000000000001"
    )
    assert (
        value_of("-2.000000000000000000000000000000001 / 2")
        == "-1.000000000000000000000000000000001"
    )


def test_inputs_are_rounded_to_the_precision_like_literals() -> None:
    assert (
        value_of("x", x="0.12345678901234567890123456789012345")
        == "0.1234567890123456789012345678901235"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [("7 % 3", "1"), ("-7 % 3", "-1"), ("7 % -3", "1"), ("-7 % -3", "-1"), ("-7.5 % 2", "-1.5")],
)
def test_remainder_has_the_sign_of_the_dividend(source: str, expected: str) -> None:
    assert value_of(source) == expected


def test_remainder_is_exact_even_when_decimal_would_refuse() -> None:
    # Decimal.remainder raises DivisionImpossible here: the quotient has 53 digits.
    assert (
        value_of("100000000000000000000000 % 0.0000000000000000000000000000003")
        == "0." + "0" * 30 + "1"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("round(2.5)", "3"),
        ("round(-2.5)", "-3"),
        ("round(1.005, 2)", "1.01"),
        ("round(-1.005, 2)", "-1.01"),
        ("round(1234567, -3)", "1235000"),
        ("round(0.4)", "0"),
        ("round(-0.4)", "0"),
        ("round(7, 2)", "7"),
        ("floor(-2.5)", "-3"),
        ("ceil(-2.5)", "-2"),
        ("abs(-0.5)", "0.5"),
    ],
)
def test_rounding_functions(source: str, expected: str) -> None:
    assert value_of(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("2 ** 10", "1024"),
        ("2 ** -2", "0.25"),
        ("(-3) ** 3", "-27"),
        ("(-3) ** -1", "-0." + "3" * 34),
        ("0 ** 0", "1"),
        ("5 ** 0", "1"),
    ],
)
def test_whole_powers(source: str, expected: str) -> None:
    assert value_of(source) == expected


def test_power_is_exact_then_rounded_once() -> None:
    # Rounding after each of 100 multiplications would drift in the last digits.
    assert value_of("1.1 ** 100") == "13780.61233982227018411833717208964"
    assert value_of("1.1 ** -100") == "0.00007256571590148200129447161043984036"


def test_comparisons_give_one_or_zero() -> None:
    assert [value_of(f"2 {op} 3") for op in ("<", "<=", ">", ">=", "==", "!=")] == [
        "1",
        "1",
        "0",
        "0",
        "0",
        "1",
    ]


def test_if_is_lazy() -> None:
    assert value_of("if(x == 0, 0, 100 / x)", x="0") == "0"
    assert failure_of("if(x != 0, 0, 100 / x)", x="0").kind == "division_by_zero"


def test_min_and_max_take_any_number_of_arguments() -> None:
    assert value_of("min(5, 3, 4, 9)") == "3"
    assert value_of("max(-5, -3, -4)") == "-3"


def test_zero_never_carries_a_sign() -> None:
    assert value_of("0 * -5") == "0"
    assert value_of("-0") == "0"
    assert str(evaluate(parse_formula("0 * -5"), {})) == "0"


@pytest.mark.parametrize(
    ("source", "kind", "message"),
    [
        ("1 / 0", "division_by_zero", "division by zero at column 3"),
        ("5 % (2 - 2)", "division_by_zero", "division by zero at column 3"),
        ("0 ** -2", "division_by_zero", "division by zero at column 3"),
        ("2 ** 0.5", "exponent", "exponent must be a whole number at column 3"),
        ("2 ** 101", "exponent", "exponent out of range (the limit is 100) at column 3"),
        ("2 ** -101", "exponent", "exponent out of range (the limit is 100) at column 3"),
        ("10 ** 24", "too_large", "number too large (the limit is 10^24 in magnitude) at column 4"),
        (
            "-(10 ** 12) * 10 ** 12",
            "too_large",
            "number too large (the limit is 10^24 in magnitude) at column 13",
        ),
        (
            "0.1 ** 41",
            "too_small",
            "number too small (the limit is 10^-40 in magnitude) at column 5",
        ),
        (
            "round(1, 0.5)",
            "argument",
            "round() digits must be a whole number from -30 to 30 at column 1",
        ),
        (
            "round(1, -31)",
            "argument",
            "round() digits must be a whole number from -30 to 30 at column 1",
        ),
    ],
)
def test_failures_are_values_with_a_kind_and_a_column(source: str, kind: str, message: str) -> None:
    assert failure_of(source) == Failure(kind, message)


def test_the_largest_and_smallest_magnitudes_pass() -> None:
    assert value_of("999999999999 * 999999999999") == "999999999998000000000001"
    assert value_of("0.1 ** 40") == "0." + "0" * 39 + "1"


def test_hostile_powers_fail_before_building_big_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[int, int]] = []
    real = numbers_module.exact_power

    def spy(coefficient: int, n: int) -> Decimal:
        built.append((coefficient, n))
        return real(coefficient, n)

    monkeypatch.setattr(numbers_module, "exact_power", spy)
    assert failure_of("9 ** 9 ** 9").kind == "exponent"
    assert failure_of("(((9**64)**64)**64)**64").kind == "too_large"
    assert failure_of("1000 ** 100").kind == "too_large"  # refused from the leading digit
    assert failure_of("0.001 ** 100").kind == "too_small"
    # 9**9 and 9**64 are the only powers ever computed; all stay tiny.
    assert built == [(9, 9), (9, 64)]
    assert all(n <= MAX_EXPONENT and coefficient < 10**PRECISION for coefficient, n in built)


def test_the_global_decimal_context_changes_nothing() -> None:
    with localcontext() as hostile:
        hostile.prec = 3
        hostile.traps[Inexact] = True
        assert value_of("1/3") == "0." + "3" * 34
        assert value_of("round(2.5) + 1.1 ** 3 + 7 % 3") == "5.331"


def test_a_name_bound_to_a_failure_fails_as_a_dependency() -> None:
    values: dict[str, Outcome] = {"a": Failure("division_by_zero", "division by zero")}
    with pytest.raises(FormulaError) as caught:
        evaluate(parse_formula("1 + a"), values)
    assert (caught.value.kind, caught.value.message) == (
        "dependency",
        "'a' could not be computed at column 5",
    )


def test_unchecked_formulas_still_fail_cleanly() -> None:
    with pytest.raises(FormulaError, match="unknown name 'x' at column 1"):
        evaluate(parse_formula("x"), {})
    with pytest.raises(FormulaError, match=r"if\(\) takes 3 arguments, got 1 at column 1"):
        evaluate(parse_formula("if(1)"), {})


def test_outputs_in_order_see_earlier_ones_and_inherit_failures() -> None:
    formulas = [
        ("ratio", parse_formula("a / b")),
        ("twice", parse_formula("ratio * 2")),
        ("safe", parse_formula("if(b == 0, 0, ratio)")),
        ("plain", parse_formula("a + 1")),
    ]
    results = evaluate_in_order(formulas, {"a": Decimal(1), "b": Decimal(0)})
    assert results == {
        "ratio": Failure("division_by_zero", "division by zero at column 3"),
        "twice": Failure("dependency", "'ratio' could not be computed at column 1"),
        "safe": Decimal(0),
        "plain": Decimal(2),
    }


def test_failures_pickle() -> None:
    failure = Failure("too_large", "number too large")
    assert pickle.loads(pickle.dumps(failure)) == failure
