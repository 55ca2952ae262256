"""The tokenizer, the parser and the static checks of the formula language."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from sitegen.calc import FormulaError, check_formula, parse_formula
from sitegen.calc import formula as formula_module
from sitegen.calc.formula import (
    MAX_DEPTH,
    BinaryOp,
    Call,
    Name,
    Negate,
    Number,
    Token,
    tokenize,
)


def test_tokenize_gives_kinds_texts_and_one_based_columns() -> None:
    assert tokenize("people*1_000 <= (x)") == [
        Token("name", "people", 1),
        Token("op", "*", 7),
        Token("number", "1_000", 8),
        Token("op", "<=", 14),
        Token("op", "(", 17),
        Token("name", "x", 18),
        Token("op", ")", 19),
        Token("end", "", 20),
    ]


def test_two_character_operators_win_over_one_character_ones() -> None:
    texts = [token.text for token in tokenize("2**3>=4!=5==6")]
    assert texts == ["2", "**", "3", ">=", "4", "!=", "5", "==", "6", ""]


def test_columns_count_code_points_not_bytes() -> None:
    with pytest.raises(FormulaError, match=r"'€' \(U\+20AC\) at column 5"):
        parse_formula("1 + €")


def test_precedence_and_associativity() -> None:
    tree = parse_formula("1 + 2 * 3 - 4").tree
    assert tree == BinaryOp(
        "-",
        BinaryOp(
            "+",
            Number(Decimal(1), 1),
            BinaryOp("*", Number(Decimal(2), 5), Number(Decimal(3), 9), 7),
            3,
        ),
        Number(Decimal(4), 13),
        11,
    )


def test_power_is_right_associative_and_binds_tighter_than_unary_minus() -> None:
    tree = parse_formula("-2 ** 3 ** 2").tree
    assert isinstance(tree, Negate)
    power = tree.operand
    assert isinstance(power, BinaryOp) and power.op == "**"
    assert power.left == Number(Decimal(2), 2)
    assert isinstance(power.right, BinaryOp) and power.right.op == "**"


def test_an_exponent_may_be_negative() -> None:
    tree = parse_formula("2 ** -1").tree
    assert isinstance(tree, BinaryOp) and isinstance(tree.right, Negate)


def test_comparison_is_the_loosest_operator() -> None:
    tree = parse_formula("a + 1 < b * 2").tree
    assert isinstance(tree, BinaryOp) and tree.op == "<"
    assert isinstance(tree.left, BinaryOp) and tree.left.op == "+"


def test_calls_keep_their_arguments() -> None:
    tree = parse_formula("round(x / 3, 2)").tree
    assert isinstance(tree, Call) and tree.function == "round"
    assert tree.args[1] == Number(Decimal(2), 14)


def test_numbers_may_group_digits_with_underscores() -> None:
    assert parse_formula("1_000_000.000_5").tree == Number(Decimal("1000000.0005"), 1)


def test_names_in_order_of_first_use() -> None:
    assert parse_formula("b + a * b + if(c, a, d)").names == ("b", "a", "c", "d")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("people *", "unexpected end of formula at column 9"),
        ("(1 + 2", "unexpected end of formula at column 7"),
        ("1 + 2)", "unexpected ')' at column 6"),
        ("1 +* 2", "unexpected '*' at column 4"),
        ("1 < 2 < 3", "unexpected '<' at column 7"),
        ("f(1,)", "unexpected ')' at column 5"),
        ("f(1 2)", "unexpected '2' at column 5"),
        ("1 2", "unexpected '2' at column 3"),
        ("1e5", "unexpected 'e5' at column 2"),
        ("1 = 2", "unexpected character '=' at column 3"),
        ("a.b", "unexpected character '.' at column 2"),
        ("a[0]", "unexpected character '[' at column 2"),
        ('"x"', "unexpected character '\"' at column 1"),
        ("1.", "unexpected character '.' at column 2"),
        (".5", "unexpected character '.' at column 1"),
        ("1__0", "malformed number '1__0' at column 1"),
        ("1_", "malformed number '1_' at column 1"),
        ("1._5", "malformed number '1._5' at column 1"),
        ("1\x00", "unexpected character U+0000 at column 2"),
        ("2 ÷ 1", "unexpected character '÷' (U+00F7) at column 3"),
        ("", "empty formula"),
        (" \n\t", "empty formula"),
    ],
)
def test_syntax_errors_name_the_column(source: str, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula(source)
    assert (caught.value.kind, caught.value.message) == ("syntax", message)


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('true')",
        "().__class__.__bases__",
        "lambda: 1",
        "people if 1 else 2",
        "x; y",
        "[1, 2]",
        "{}",
        "1 and 2",
    ],
)
def test_python_syntax_is_not_the_formula_language(source: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula(source)
    assert caught.value.kind == "syntax"


def test_a_long_formula_is_refused_before_tokenizing(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(source: str) -> list[Token]:
        raise AssertionError("tokenized a formula that is too long")

    monkeypatch.setattr(formula_module, "tokenize", never)
    with pytest.raises(FormulaError) as caught:
        parse_formula("1+" * 2500)
    assert caught.value.kind == "too_long"
    assert caught.value.message == "formula too long (5000 characters, the limit is 500)"


def test_five_hundred_characters_are_allowed() -> None:
    source = "1+" * 249 + "10"
    assert len(source) == 500
    assert parse_formula(source).source == source


@pytest.mark.parametrize(
    "source",
    [
        "(" * 200 + "1" + ")" * 200,
        "-" * 200 + "1",
        "2**" * 100 + "2",
        "abs(" * 60 + "1" + ")" * 60,
    ],
)
def test_deep_nesting_is_refused_at_the_first_level_too_deep(source: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula(source)
    assert caught.value.kind == "too_deep"
    assert f"(the limit is {MAX_DEPTH})" in caught.value.message


def test_nesting_up_to_the_limit_is_fine() -> None:
    source = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert parse_formula(source).tree == Number(Decimal(1), MAX_DEPTH + 1)


def test_long_flat_sums_are_not_nesting() -> None:
    assert parse_formula("+".join(["1"] * 200)).source.count("+") == 199


def test_check_reports_every_problem_in_order() -> None:
    formula = parse_formula("sqrt(peple) + round(1, 2, 3) + min(x) + if(x, 1)")
    problems = check_formula(formula, {"x"})
    assert [(p.kind, p.message) for p in problems] == [
        ("unknown_function", "unknown function 'sqrt'"),
        ("unknown_name", "unknown name 'peple'"),
        ("arity", "round() takes 1 or 2 arguments, got 3"),
        ("arity", "min() takes at least 2 arguments, got 1"),
        ("arity", "if() takes 3 arguments, got 2"),
    ]
    assert [p.subject for p in problems[:2]] == ["sqrt", "peple"]


def test_check_accepts_known_names_and_functions() -> None:
    formula = parse_formula("if(a > b, max(a, b, 1), floor(abs(ceil(round(a)))))")
    assert check_formula(formula, {"a", "b"}) == []


def test_a_function_name_alone_is_just_an_unknown_name() -> None:
    problems = check_formula(parse_formula("round + 1"), {"x"})
    assert [p.kind for p in problems] == ["unknown_name"]


def test_parsed_formulas_survive_pickling() -> None:
    formula = parse_formula("if(a < 0, -a ** 2, round(a / 3, 2))")
    assert pickle.loads(pickle.dumps(formula)) == formula


def test_names_are_not_nodes_of_any_other_kind() -> None:
    assert parse_formula("people").tree == Name("people", 1)
