"""Declaring calculators: the model that comes out, and the exact text of every problem."""

from __future__ import annotations

import pickle
import textwrap
from decimal import Decimal

import pytest
from calc_support import APOLOGY_YAML, parse_yaml_calculator

from sitegen.calc import (
    Calculator,
    ChoiceInput,
    Failure,
    NumberInput,
    ShownResult,
    parse_calculator,
    widget_id,
)
from sitegen.errors import Problem


def problems_of(body: str) -> list[str]:
    """``line: message (hint)`` for each problem of the calculator ``c`` declared in ``body``,
    without the ``calculator 'c': `` that starts every message."""
    text = "calculators:\n  c:\n" + textwrap.indent(textwrap.dedent(body), "    ")
    calculator, problems = parse_yaml_calculator(text, "c")
    assert calculator is None
    assert problems, "expected problems"
    prefix = "calculator 'c': "
    assert all(p.message.startswith(prefix) for p in problems)
    return [
        f"{p.line}: {p.message.removeprefix(prefix)}" + (f" (hint: {p.hint})" if p.hint else "")
        for p in problems
    ]


def test_the_example_calculator(apology: Calculator) -> None:
    assert apology.id == "apology"
    assert apology.title == "謝罪金の総額を試算する"
    people, per_person, media = apology.inputs
    assert people == NumberInput(
        "people", "対象者数", Decimal(130000), "人", Decimal(0), None, Decimal(1000)
    )
    assert per_person.unit == "円" and per_person.step is None
    assert isinstance(media, ChoiceInput)
    assert [(o.label, o.value) for o in media.options] == [("全国紙1紙", 1), ("全国紙2紙", 2)]
    assert [o.name for o in apology.outputs] == ["payment", "total"]
    assert apology.output("total").note == "広告費は1紙1,500万円と仮定"
    assert apology.output("total").format == "yen_man"
    assert apology.order == ("payment", "total")


def test_defaults_and_overrides_evaluate(apology: Calculator) -> None:
    assert apology.evaluate() == {"payment": Decimal(130000000), "total": Decimal(160000000)}
    changed = apology.evaluate({"people": Decimal(150000), "media": Decimal(1)})
    assert changed == {"payment": Decimal(150000000), "total": Decimal(165000000)}


def test_overrides_out_of_bounds_fail_the_outputs_that_read_them(apology: Calculator) -> None:
    results = apology.evaluate({"per_person": Decimal("1E+30")})
    assert results == {
        "payment": Failure("input", "'per_person' has no valid value at column 10"),
        "total": Failure("input", "'payment' has no valid value at column 1"),
    }
    with pytest.raises(ValueError, match="calculator 'apology' has no input 'peple'"):
        apology.evaluate({"peple": Decimal(1)})


def test_default_results_are_formatted_per_language(apology: Calculator) -> None:
    assert apology.default_results("ja") == {
        "payment": ShownResult("130,000,000円"),
        "total": ShownResult("1億6,000万円"),
    }
    assert apology.default_results("en")["total"] == ShownResult("¥160,000,000")


def test_a_failed_result_shows_a_dash_and_its_kind(apology: Calculator) -> None:
    output = apology.output("payment")
    assert output.show(Failure("division_by_zero", "division by zero"), "ja") == ShownResult(
        "—", "division_by_zero"
    )


def test_calculators_pickle(apology: Calculator) -> None:
    assert pickle.loads(pickle.dumps(apology)) == apology


def test_outputs_are_evaluated_after_what_they_read() -> None:
    text = textwrap.dedent(
        """\
        calculators:
          c:
            title: T
            inputs: {x: {label: X, value: 3}}
            outputs:
              total: {label: Total, formula: "part + 1"}
              part: {label: Part, formula: "x * 2"}
        """
    )
    calculator, problems = parse_yaml_calculator(text, "c")
    assert problems == [] and calculator is not None
    assert calculator.order == ("part", "total")
    assert [o.name for o in calculator.outputs] == ["total", "part"]
    assert calculator.evaluate() == {"total": Decimal(7), "part": Decimal(6)}


def test_yaml_floats_keep_their_written_digits() -> None:
    text = (
        "calculators:\n  c:\n    title: T\n"
        "    inputs: {rate: {label: R, value: 0.05, step: 0.01}}\n"
        "    outputs: {y: {label: Y, formula: rate, format: percent}}\n"
    )
    calculator, problems = parse_yaml_calculator(text, "c")
    assert problems == [] and calculator is not None
    assert calculator.inputs[0] == NumberInput("rate", "R", Decimal("0.05"), step=Decimal("0.01"))


def test_problem_locations_and_the_message_shape() -> None:
    text = APOLOGY_YAML.replace('"payment + media * 15000000"', '"paymnt + media * 15000000"')
    calculator, problems = parse_yaml_calculator(text, "apology")
    assert calculator is None
    assert problems == [
        Problem(
            "content/a.md",
            16,
            "calculator 'apology': outputs.total.formula: unknown name 'paymnt' "
            "(known: people, per_person, media, payment)",
            "did you mean 'payment'?",
        )
    ]


def test_the_example_message_for_a_typo() -> None:
    assert problems_of(
        """\
        title: T
        inputs:
          people: {label: P, value: 1}
          per_person: {label: Q, value: 1}
        outputs:
          total: {label: Total, formula: "peple * per_person"}
        """
    ) == [
        "8: outputs.total.formula: unknown name 'peple' "
        "(known: people, per_person) (hint: did you mean 'people'?)"
    ]


def test_syntax_errors_quote_the_formula_and_the_column() -> None:
    assert problems_of(
        """\
        title: T
        inputs: {people: {label: P, value: 1}}
        outputs:
          total: {label: Total, formula: "people *"}
        """
    ) == ["6: outputs.total.formula: 'people *': unexpected end of formula at column 9"]


def test_every_problem_is_reported_at_once() -> None:
    assert problems_of(
        """\
        titel: T
        inputs:
          people: {label: P, value: "1,000", lable: x}
          round: {label: R, value: 1}
          2x: {label: R, value: 1}
        outputs:
          a: {label: A, formula: "people * 2 + sqrt(1)", format: yen_mann}
          b: {label: B, formula: "c + 1"}
          c: {label: C, formula: "b * 2"}
          e: {label: E, formula: "round(1, 2, 3)", unit: x, format: yen}
          people: {label: Again, formula: "1"}
        """
    ) == [
        "3: titel: unknown key (expected one of: title, description, inputs, outputs)"
        " (hint: did you mean 'title'?)",
        "2: title: missing (it is required)",
        "6: inputs.round: the name 'round' is a function and cannot be used",
        "7: inputs.2x: the name '2x' must be a letter or '_' followed by letters, digits or '_'",
        "5: inputs.people.lable: unknown key"
        " (expected one of: type, label, value, unit, min, max, step)"
        " (hint: did you mean 'label'?)",
        "5: inputs.people.value: expected a number, got '1,000' (hint: write 1000)",
        "9: outputs.a.format: unknown format 'yen_mann'"
        " (expected one of: number, yen, yen_man, percent, money)"
        " (hint: did you mean 'yen_man'?)",
        "9: outputs.a.formula: unknown function 'sqrt'"
        " (available: abs, ceil, floor, if, max, min, round)",
        "12: outputs.e.unit: a unit only goes with format 'number' or 'money', not 'yen'",
        "12: outputs.e.formula: round() takes 1 or 2 arguments, got 3",
        "13: outputs.people: the name 'people' is already used by an input",
        "10: outputs.b.formula: circular reference: b → c → b"
        " (hint: an output cannot depend on itself, directly or through others)",
    ]


def test_a_comma_in_a_flow_mapping_gets_a_hint() -> None:
    assert problems_of(
        """\
        title: T
        inputs: {x: {label: X, value: 1}}
        outputs:
          y: {label: Y, formula: "x", note: 1紙1,500万円と仮定}
        """
    ) == [
        "6: outputs.y.500万円と仮定: unknown key"
        " (expected one of: label, formula, format, unit, decimals, note)"
        " (hint: in a {…} mapping a comma ends the value: write numbers without commas,"
        " and put text that has commas in quotes)"
    ]


def test_a_self_reference_is_a_cycle() -> None:
    assert problems_of(
        """\
        title: T
        inputs: {x: {label: X, value: 1}}
        outputs:
          y: {label: Y, formula: "y + x"}
        """
    ) == [
        "6: outputs.y.formula: circular reference: y → y"
        " (hint: an output cannot depend on itself, directly or through others)"
    ]


def test_an_outputs_own_name_is_never_offered_in_its_formula() -> None:
    """Not in the known names nor as a "did you mean": using it there is circular."""
    assert problems_of(
        """\
        title: T
        inputs: {x: {label: X, value: 1}}
        outputs:
          total: {label: Total, formula: "totl + x"}
          half: {label: Half, formula: "totl / 2"}
        """
    ) == [
        "6: outputs.total.formula: unknown name 'totl' (known: x, half)",
        "7: outputs.half.formula: unknown name 'totl' (known: x, total)"
        " (hint: did you mean 'total'?)",
    ]


def test_number_inputs_are_checked() -> None:
    assert problems_of(
        """\
        title: T
        inputs:
          a: {label: A, value: 5, min: 10}
          b: {label: B, value: 50, max: 10}
          c: {label: C, value: 5, min: 10, max: 1}
          d: {label: D, value: 5, step: 0}
          e: {value: 1000000000000000000000000}
          f: {label: F, value: .nan}
          g: {label: G, value: true}
          h: {label: "", value: 1}
        outputs: {y: {label: Y, formula: "1"}}
        """
    ) == [
        "5: inputs.a.value: the default 5 is below min 10",
        "6: inputs.b.value: the default 50 is above max 10",
        "7: inputs.c.max: max 1 is below min 10",
        "8: inputs.d.step: must be greater than 0, got 0",
        "9: inputs.e.label: missing (it is required)",
        "9: inputs.e.value: number too large (the limit is 10^24 in magnitude)",
        "10: inputs.f.value: expected a finite number, got nan",
        "11: inputs.g.value: expected a number, got True"
        " (hint: write digits only, without quotes or commas: 1000, 0.05)",
        "12: inputs.h.label: expected non-empty text (hint: put the text in quotes)",
    ]


def test_choice_inputs_are_checked() -> None:
    assert problems_of(
        """\
        title: T
        inputs:
          a: {label: A, type: choice, value: 3,
            options: [{label: I, value: 1}, {label: J, value: 2}]}
          b: {label: B, type: choice, value: 1, options: []}
          c: {label: C, type: choice, value: 1,
              options: [{label: I, value: 1}, {label: J, value: 1}]}
          d: {label: D, type: choice, value: 1, options: [{value: 1, color: red}, 7], min: 0}
          e: {label: E, type: slider, value: 1}
        outputs: {y: {label: Y, formula: "1"}}
        """
    ) == [
        "5: inputs.a.value: the default 3 is not an option (1, 2)",
        "7: inputs.b.options: expected a list of options, each {label: …, value: …}",
        "9: inputs.c.options[1].value: the value 1 is used twice",
        "10: inputs.d.min: unknown key (expected one of: type, label, value, options, unit)",
        "10: inputs.d.options[0].color: unknown key (expected one of: label, value)",
        "10: inputs.d.options[0].label: missing (it is required)",
        "10: inputs.d.options[1]: expected a mapping of label and value",
        "11: inputs.e.type: unknown type 'slider' (expected number or choice)",
    ]


def test_missing_and_empty_sections() -> None:
    assert problems_of("title: T\ninputs: {}\n") == [
        "4: inputs: empty (at least one is required)",
        "2: outputs: missing (at least one is required)",
    ]
    assert problems_of("title: T\ninputs: [a, b]\noutputs: {y: 3}\n") == [
        "4: inputs: expected a mapping of input names to their settings",
        "5: outputs.y: expected a mapping of settings",
    ]


def test_outputs_are_checked() -> None:
    assert problems_of(
        """\
        title: T
        inputs: {x: {label: X, value: 1}}
        outputs:
          a: {label: A}
          b: {formula: [1]}
          c: {label: C, formula: 15000000, format: yen, colour: red}
        """
    ) == [
        '6: outputs.a.formula: missing (it is required) (hint: write the formula in quotes: "a * b")',
        "7: outputs.b.label: missing (it is required)",
        '7: outputs.b.formula: expected a formula as text, got [1] (hint: write it in quotes: "a * b")',
        "8: outputs.c.colour: unknown key (expected one of: label, formula, format, unit, decimals, note)",
    ]


def test_a_decimal_constant_is_a_formula_taken_exactly() -> None:
    text = """\
calculators:
  tax:
    title: 消費税
    inputs: {price: {label: 税抜価格, value: 1000}}
    outputs:
      rate: {label: 税率, formula: 0.08, format: percent}
      tenth: {label: 一割, formula: 0.1}
      sum: {label: 和, formula: "tenth + 0.2"}
      big: {label: 大, formula: 1.5e+3}
      negative: {label: 負, formula: -0.25}
"""
    calculator, problems = parse_yaml_calculator(text, "tax")
    assert problems == [] and calculator is not None
    assert [output.formula.source for output in calculator.outputs] == [
        "0.08", "0.1", "tenth + 0.2", "1500", "-0.25"
    ]  # fmt: skip
    assert calculator.evaluate() == {
        "rate": Decimal("0.08"),
        "tenth": Decimal("0.1"),
        "sum": Decimal("0.3"),  # not 0.30000000000000004
        "big": Decimal("1500"),
        "negative": Decimal("-0.25"),
    }
    assert calculator.default_results("ja")["rate"] == ShownResult("8%")
    outputs = "title: T\ninputs: {x: {label: X, value: 1}}\noutputs: {a: {label: A, formula: %s}}\n"
    assert problems_of(outputs % ".inf") == [
        "5: outputs.a.formula: expected a finite number, got inf"
    ]
    assert problems_of(outputs % "1.0e-50") == [
        "5: outputs.a.formula: with the default inputs: number too small"
        " (the limit is 10^-40 in magnitude) at column 1",
    ]


def test_the_defaults_are_evaluated_at_build_time() -> None:
    assert problems_of(
        """\
        title: T
        inputs: {x: {label: X, value: 0}, big: {label: B, value: 1000000000000}}
        outputs:
          ratio: {label: R, formula: "100 / x"}
          twice: {label: T, formula: "ratio * 2"}
          huge: {label: H, formula: "big * big"}
        """
    ) == [
        "6: outputs.ratio.formula: with the default inputs: division by zero at column 5"
        " (hint: guard it: if(x == 0, 0, 100 / x); or give the input 'x' a default above 0"
        " and min: 1)",
        "8: outputs.huge.formula: with the default inputs: "
        "number too large (the limit is 10^24 in magnitude) at column 5",
    ]


def test_numbers_typed_the_japanese_way_get_the_number_to_write() -> None:
    """QA: 13万, 1億 and 5% all got the same generic hint."""
    assert problems_of(
        """\
        title: T
        inputs:
          people: {label: 人数, value: 13万, unit: 人}
          big:    {label: 予算, value: 1億2000万}
          rate:   {label: 割引率, value: 5%}
          wide:   {label: 全角, value: １３００００, max: "１，０００万"}
          quoted: {label: 引用符, value: "10"}
          loss:   {label: 損益, value: 5千万, min: ▲3億}
          choice:
            label: 選択
            type: choice
            value: 1
            options: [{label: A, value: 1}, {label: B, value: 2万}]
        outputs: {y: {label: Y, formula: "1"}}
        """
    ) == [
        "5: inputs.people.value: expected a number, got '13万' (hint: write 130000)",
        "6: inputs.big.value: expected a number, got '1億2000万' (hint: write 120000000)",
        "7: inputs.rate.value: expected a number, got '5%' (hint: write 0.05 for 5%,"
        ' or write 5 with unit: "%" and divide it by 100 in the formulas)',
        "8: inputs.wide.value: expected a number, got '１３００００'"
        " (hint: write 130000 in half-width digits)",
        "8: inputs.wide.max: expected a number, got '１，０００万' (hint: write 10000000)",
        "9: inputs.quoted.value: expected a number, got '10'"
        " (hint: write digits only, without quotes or commas: 1000, 0.05)",
        "10: inputs.loss.value: expected a number, got '5千万' (hint: write 50000000)",
        "10: inputs.loss.min: expected a number, got '▲3億' (hint: write -300000000)",
        "15: inputs.choice.options[1].value: expected a number, got '2万' (hint: write 20000)",
    ]


def test_numbers_written_the_english_way_get_the_number_to_write() -> None:
    """QA: 1.3m, "1.3 billion" and "$5" got the generic hint, while 13万 got its number."""
    assert problems_of(
        """\
        title: T
        inputs:
          records: {label: Records, value: 1.3m}
          big:     {label: Big, value: 1.3 billion, max: 2bn}
          cost:    {label: Cost, value: "$5"}
          price:   {label: Price, value: "US$1.25", min: "-S$3"}
          sci:     {label: Scientific, value: 1e9x}
        outputs: {y: {label: Y, formula: "1"}}
        """
    ) == [
        "5: inputs.records.value: expected a number, got '1.3m' (hint: write 1300000)",
        "6: inputs.big.value: expected a number, got '1.3 billion' (hint: write 1300000000)",
        "6: inputs.big.max: expected a number, got '2bn' (hint: write 2000000000)",
        "7: inputs.cost.value: expected a number, got '$5' (hint: write 5 with unit: \"$\")",
        "8: inputs.price.value: expected a number, got 'US$1.25'"
        ' (hint: write 1.25 with unit: "US$")',
        "8: inputs.price.min: expected a number, got '-S$3' (hint: write -3 with unit: \"S$\")",
        "9: inputs.sci.value: expected a number, got '1e9x'"
        " (hint: write digits only, without quotes or commas: 1000, 0.05)",
    ]


def test_a_money_output_shows_its_symbol_first_in_both_languages() -> None:
    """QA: {format: number, unit: S$} read 41,250 S$, and 1,543.2 US$ lost its cents' zero."""
    calculator, problems = parse_yaml_calculator(
        """\
calculators:
  cafe:
    title: Cafe
    inputs:
      cost: {label: Cost, value: 1234.56, unit: US$}
    outputs:
      usd: {label: In US dollars, formula: "cost * 1.25", format: money, unit: US$}
      loss: {label: Loss, formula: "-cost * 3.46", format: money, unit: S$, decimals: 0}
""",
        "cafe",
    )
    assert problems == []
    assert calculator is not None
    for language in ("ja", "en"):
        shown = calculator.default_results(language)
        assert (shown["usd"].text, shown["loss"].text) == ("US$1,543.20", "-S$4,272")


def test_money_outputs_are_checked() -> None:
    assert problems_of(
        """\
        title: T
        inputs: {x: {label: X, value: 1}}
        outputs:
          a: {label: A, formula: "x", format: usd}
          b: {label: B, formula: "x", format: money}
          c: {label: C, formula: "x", format: money, unit: $, decimals: 2.5}
          d: {label: D, formula: "x", format: money, unit: $, decimals: 7}
          e: {label: E, formula: "x", format: money, unit: $, decimals: true}
          f: {label: F, formula: "x", format: yen, decimals: 0}
          g: {label: G, formula: "x", format: percent, unit: $}
          h: {label: H, formula: "x", format: money, unit: $, decimals: 0}
        """
    ) == [
        "6: outputs.a.format: unknown format 'usd'"
        " (expected one of: number, yen, yen_man, percent, money)"
        ' (hint: for an amount of money, write format: money and its symbol as unit: "$")',
        "7: outputs.b.format: format 'money' needs a unit: the currency symbol shown before"
        ' the amount (hint: add its symbol, such as unit: "$", unit: "S$" or unit: "€")',
        "8: outputs.c.decimals: expected a whole number from 0 to 6, got 2.5 (hint: "
        "decimals: 2 shows cents (US$1,543.20), decimals: 0 whole amounts (S$41,250))",
        "9: outputs.d.decimals: expected a whole number from 0 to 6, got 7 (hint: "
        "decimals: 2 shows cents (US$1,543.20), decimals: 0 whole amounts (S$41,250))",
        "10: outputs.e.decimals: expected a whole number from 0 to 6, got True (hint: "
        "decimals: 2 shows cents (US$1,543.20), decimals: 0 whole amounts (S$41,250))",
        "11: outputs.f.decimals: decimals only go with format 'money', not 'yen'",
        "12: outputs.g.unit: a unit only goes with format 'number' or 'money', not 'percent'",
    ]


@pytest.mark.parametrize(
    ("formula", "error", "hint"),
    [
        (
            "people * １０００",
            "unexpected character '１' (U+FF11) at column 10",
            "write 1000 in half-width digits",
        ),
        ("people * 13万", "unexpected character '万' (U+4E07) at column 12", "write 130000"),
        ("people * 5千", "unexpected character '千' (U+5343) at column 11", "write 5000"),
        (
            "people * 5%",
            "unexpected end of formula at column 12",
            "write 0.05 for 5% (and format: percent to show it as 5%)",
        ),
        (
            "5％",
            "unexpected character '％' (U+FF05) at column 2",
            "write 0.05 for 5% (and format: percent to show it as 5%)",
        ),
        (
            "people ＊ (2 ＋ 1)",
            "unexpected character '＊' (U+FF0A) at column 8",
            'write it in half-width characters: "people * (2 + 1)"',
        ),
        ("people * (2", "unexpected end of formula at column 12", None),
    ],
)
def test_a_formula_with_a_number_typed_the_japanese_way_gets_the_number_to_write(
    formula: str, error: str, hint: str | None
) -> None:
    body = f"""\
        title: T
        inputs: {{people: {{label: 人数, value: 1}}}}
        outputs: {{y: {{label: Y, formula: "{formula}"}}}}
        """
    assert problems_of(body) == [
        f"5: outputs.y.formula: '{formula}': {error}" + (f" (hint: {hint})" if hint else "")
    ]


def test_a_division_by_zero_with_the_defaults_gets_a_guard_to_write() -> None:
    assert problems_of(
        """\
        title: T
        inputs:
          people: {label: 人数, value: 0, min: 0}
          price: {label: 価格, value: 1000}
          media: {label: 媒体, type: choice, value: 0, options: [{label: なし, value: 0}]}
        outputs:
          gap: {label: 差, formula: "price - price"}
          avg: {label: 平均, formula: "price / people"}
          per_gap: {label: 差あたり, formula: "price % gap"}
          per_media: {label: 媒体あたり, formula: "price / media"}
          odd: {label: 奇妙, formula: "price / (price - 1000)"}
        """
    ) == [
        "10: outputs.avg.formula: with the default inputs: division by zero at column 7"
        " (hint: guard it: if(people == 0, 0, price / people);"
        " or give the input 'people' a default above 0 and min: 1)",
        "11: outputs.per_gap.formula: with the default inputs: division by zero at column 7"
        " (hint: guard it: if(gap == 0, 0, price % gap))",
        "12: outputs.per_media.formula: with the default inputs: division by zero at column 7"
        " (hint: guard it: if(media == 0, 0, price / media))",
        "13: outputs.odd.formula: with the default inputs: division by zero at column 7"
        " (hint: guard the division with if(), as in if(b == 0, 0, a / b))",
    ]


@pytest.mark.parametrize("raw", [None, "text", [1, 2]])
def test_a_calculator_must_be_a_mapping(raw: object) -> None:
    calculator, problems = parse_calculator("c", raw, path="a.md", line_of=lambda keys: 3)
    assert calculator is None
    assert problems == [
        Problem("a.md", 3, "calculator 'c': expected a mapping with title, inputs and outputs")
    ]


def test_ids_must_be_usable_in_html_and_urls() -> None:
    seen: list[tuple[str | int, ...]] = []

    def line_of(keys: tuple[str | int, ...]) -> int:
        seen.append(keys)
        return 4

    _, problems = parse_calculator("a b", {}, path="a.md", line_of=line_of, key_prefix=("data",))
    assert problems[0] == Problem(
        "a.md",
        4,
        "calculator 'a b': the id must start with a letter"
        " and use only letters, digits, '-' and '_'",
    )
    assert seen[0] == ("data", "a b")


def test_widget_ids_are_stable_and_unique_per_placement() -> None:
    assert [widget_id("apology"), widget_id("apology", 2)] == ["calc-apology", "calc-2-apology"]


def test_no_placement_shares_its_id_with_another_whatever_the_calculator_ids() -> None:
    # Ids ending in -<digits> are ordinary (plan-2, price-2024); one may start with a digit
    # after its first letter's dash too (a-2-roi).
    calc_ids = ["roi", "roi-2", "roi-3", "roi-2-2", "a", "a-2", "a-2-roi", "price-2024", "x2"]
    placements = [widget_id(calc_id, n) for calc_id in calc_ids for n in (1, 2, 3, 12)]
    assert len(placements) == len(set(placements))
    assert widget_id("roi", 2) != widget_id("roi-2")
    assert widget_id("roi-2") == "calc-roi-2"  # the first placement keeps the plain form


def test_yen_in_a_money_output_gets_the_yen_formats() -> None:
    # QA: {format: money, unit: 円} was accepted and showed 円5,000,000.
    assert problems_of(
        """\
        title: T
        inputs: {budget: {label: 予算, value: 500, unit: 万円}}
        outputs:
          a: {label: A, formula: "budget * 10000", format: money, unit: 円, decimals: 0}
          b: {label: B, formula: "budget", format: money, unit: 万円}
          c: {label: C, formula: "budget", unit: 万円}
        """
    ) == [
        "6: outputs.a.unit: format 'money' puts its unit before the amount: 円5,000"
        " (hint: for yen, write format: yen (5,000円) or yen_man (1億3,000万円), without a unit)",
        "7: outputs.b.unit: format 'money' puts its unit before the amount: 万円5,000"
        " (hint: for yen, write format: yen (5,000円) or yen_man (1億3,000万円), without a unit;"
        " or format: number with unit: 万円)",
    ]


@pytest.mark.parametrize(
    ("formula", "error", "hint"),
    [
        (
            "people × price",
            "'people × price': unexpected character '×' (U+00D7) at column 8",
            'write * for ×: "people * price"',
        ),
        (
            "people ÷ （price − 1）",
            "'people ÷ （price − 1）': unexpected character '÷' (U+00F7) at column 8",
            'write / for ÷, - for −: "people / (price - 1)"',
        ),
        (
            "people × 13万",
            "'people × 13万': unexpected character '×' (U+00D7) at column 8",
            'write * for ×: "people * 13万"',  # the first mistake, which the error is about
        ),
        (
            "ROUND(people)",
            "unknown function 'ROUND' (available: abs, ceil, floor, if, max, min, round)",
            "did you mean 'round'?",
        ),
        (
            "IF(price > 0, 1, 2)",
            "unknown function 'IF' (available: abs, ceil, floor, if, max, min, round)",
            "did you mean 'if'?",
        ),
        (
            "SUM(people, price > 1, max(people, 2))",
            "unknown function 'SUM' (available: abs, ceil, floor, if, max, min, round)",
            "write people + (price > 1) + max(people, 2)",
        ),
        (
            "Average(people, price)",
            "unknown function 'Average' (available: abs, ceil, floor, if, max, min, round)",
            "write (people + price) / 2",
        ),
        ("PRICE * 2", "unknown name 'PRICE' (known: people, price)", "did you mean 'price'?"),
    ],
)
def test_a_formula_written_as_in_print_or_a_spreadsheet_gets_what_to_write(
    formula: str, error: str, hint: str
) -> None:
    # QA: × and ÷ got no hint, nor did ROUND and SUM, though People got 'people'.
    body = f"""\
        title: T
        inputs: {{people: {{label: 人数, value: 1}}, price: {{label: 単価, value: 1}}}}
        outputs: {{y: {{label: Y, formula: "{formula}"}}}}
        """
    assert problems_of(body) == [f"5: outputs.y.formula: {error} (hint: {hint})"]


def test_a_mistake_in_a_name_is_reported_once_not_again_where_it_is_read() -> None:
    # QA: an output named as an input was also "circular reference: a → a", and the
    # input 'a-b' made "unknown name 'a' (known: )" in the formula that reads it.
    assert problems_of(
        """\
        title: T
        inputs:
          a: {label: A, value: 1}
          tax-rate: {label: 税率, value: 0.1}
        outputs:
          a: {label: X, formula: "a * 2"}
          tax: {label: 税, formula: "a * tax-rate"}
          other: {label: O, formula: "a + b"}
        """
    ) == [
        "6: inputs.tax-rate: the name 'tax-rate' must be a letter or '_' followed by letters,"
        " digits or '_'",
        "8: outputs.a: the name 'a' is already used by an input",
        "10: outputs.other.formula: unknown name 'b' (known: a, tax)",
    ]


def test_the_defaults_are_evaluated_even_when_other_outputs_have_problems() -> None:
    # QA: a syntax error in one output hid the others' errors until the next build.
    assert problems_of(
        """\
        title: T
        inputs: {x: {label: X, value: 0}, "1y": {label: Y, value: 1}}
        outputs:
          broken: {label: B, formula: "x * (2"}
          root: {label: R, formula: "2 ** 0.5"}
          ratio: {label: R, formula: "100 / x"}
          twice: {label: T, formula: "broken * 2 + 1 / x"}
          reads_bad: {label: Y, formula: "y / x"}
        """
    ) == [
        "4: inputs.1y: the name '1y' must be a letter or '_' followed by letters, digits or '_'",
        "6: outputs.broken.formula: 'x * (2': unexpected end of formula at column 7",
        "7: outputs.root.formula: with the default inputs: exponent must be a whole number"
        " at column 3",
        "8: outputs.ratio.formula: with the default inputs: division by zero at column 5"
        " (hint: guard it: if(x == 0, 0, 100 / x); or give the input 'x' a default above 0"
        " and min: 1)",
    ]
