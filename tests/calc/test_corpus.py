"""The shared corpus: Python and calculator.js must give the expected, identical answers."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from calc_support import NodeRunner, answer_in_python

from sitegen.calc import Failure, Outcome, parse_formula, plain
from sitegen.calc.evaluate import evaluate_in_order

CORPUS: dict[str, Any] = json.loads(
    Path(__file__).with_name("corpus.json").read_text(encoding="utf-8")
)
CASES: list[dict[str, Any]] = CORPUS["cases"]
TYPED: list[dict[str, Any]] = CORPUS["typed"]
FIELD: list[dict[str, Any]] = CORPUS["field"]


def evaluation_request(case: dict[str, Any]) -> dict[str, Any]:
    return {"formula": case["formula"], "inputs": case.get("inputs", {})}


def format_requests(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Formatting the expected value in both languages, when the case says how it shows."""
    if "formatted" not in case:
        return []
    shown = case["formatted"]
    return [
        {
            "value": case["value"],
            "format": shown["format"],
            "unit": shown.get("unit", ""),
            "decimals": shown.get("decimals"),
            "lang": lang,
        }
        for lang in ("ja", "en")
    ]


def test_the_corpus_covers_what_it_must() -> None:
    assert len(CASES) >= 60
    assert len({case["name"] for case in CASES}) == len(CASES), "case names must be unique"
    formulas = " ".join(case["formula"] for case in CASES)
    for needle in (
        "-7 % 3",
        "round(2.5)",
        "round(-2.5)",
        "round(1.005, 2)",
        "1/3",
        "if(",
        "min(",
        "max(",
        "**",
    ):
        assert needle in formulas
    kinds = {case.get("error") for case in CASES}
    assert {
        "division_by_zero",
        "too_large",
        "too_small",
        "too_deep",
        "too_long",
        "exponent",
        "syntax",
    } <= kinds
    for unit in "万億兆京垓":
        assert any(unit in case.get("formatted", {}).get("ja", "") for case in CASES)
    shown = [case["formatted"] for case in CASES if "formatted" in case]
    assert {"number", "yen", "yen_man", "percent", "money"} == {s["format"] for s in shown}
    money = [s["en"] for s in shown if s["format"] == "money"]
    for text in ("S$41,250", "-S$4,275", "US$1,543.20", "€12.50", "CHF 12.50"):
        assert text in money


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_python_gives_the_expected_answer(case: dict[str, Any]) -> None:
    answer = answer_in_python(evaluation_request(case))
    if "error" in case:
        assert (answer["ok"], answer["kind"]) == (False, case["error"])
        assert answer["message"] == case.get("message", answer["message"])
    else:
        assert answer == {"ok": True, "value": case["value"]}
    texts = [answer_in_python(request)["text"] for request in format_requests(case)]
    if texts:
        assert texts == [case["formatted"]["ja"], case["formatted"]["en"]]


def test_javascript_gives_python_s_answers_digit_for_digit(node: NodeRunner) -> None:
    requests = [evaluation_request(case) for case in CASES]
    requests += [request for case in CASES for request in format_requests(case)]
    expected = [answer_in_python(request) for request in requests]
    answers = node(requests)
    mismatches = [
        (request, python, javascript)
        for request, python, javascript in zip(requests, expected, answers, strict=True)
        if python != javascript
    ]
    assert mismatches == []


def test_javascript_fails_outputs_in_order_like_python(node: NodeRunner) -> None:
    outputs = [
        ("ratio", "a / b"),
        ("twice", "ratio * 2"),
        ("guarded", "if(b == 0, 0, ratio)"),
        ("scaled", "c * 2"),
        ("sum", "scaled + twice"),
    ]
    cases = [
        {"a": "1", "b": "3", "c": "2"},
        {"a": "1", "b": "0", "c": "2"},
        {"a": "1", "b": "0", "c": None},
    ]
    requests: list[dict[str, Any]] = [{"outputs": outputs, "inputs": inputs} for inputs in cases]
    expected = []
    for inputs in cases:
        values: dict[str, Outcome] = {
            name: Failure("input", "invalid input") if text is None else Decimal(text)
            for name, text in inputs.items()
        }
        formulas = [(name, parse_formula(source)) for name, source in outputs]
        results = evaluate_in_order(formulas, values)
        expected.append(
            {
                name: {"kind": r.kind, "message": r.message}
                if isinstance(r, Failure)
                else {"value": plain(r)}
                for name, r in results.items()
            }
        )
    assert expected[2]["scaled"] == {
        "kind": "input",
        "message": "'c' has no valid value at column 1",
    }
    assert expected[1]["twice"]["kind"] == "dependency"
    assert node(requests) == expected


def typed_request(case: dict[str, Any]) -> dict[str, Any]:
    return {"typed": case["text"], "unit": case["unit"]}


@pytest.mark.parametrize("case", TYPED, ids=[f"{c['text'][:20]!r} {c['unit']}" for c in TYPED])
def test_python_reads_typed_numbers_as_expected(case: dict[str, Any]) -> None:
    assert answer_in_python(typed_request(case)) == {"value": case["value"]}


def test_javascript_reads_typed_numbers_as_python_does(node: NodeRunner) -> None:
    requests = [typed_request(case) for case in TYPED]
    answers = node(requests)
    mismatches = [
        (request, javascript)
        for request, case, javascript in zip(requests, TYPED, answers, strict=True)
        if javascript != {"value": case["value"]}
    ]
    assert mismatches == []


def field_request(case: dict[str, Any]) -> dict[str, Any]:
    return {"value": case["value"], "field": True}


def test_a_field_shows_its_value_grouped_in_python_and_javascript(node: NodeRunner) -> None:
    expected = [{"text": case["text"]} for case in FIELD]
    assert [answer_in_python(field_request(case)) for case in FIELD] == expected
    assert node([field_request(case) for case in FIELD]) == expected


def test_what_a_field_shows_reads_back_as_the_same_value(node: NodeRunner) -> None:
    """Every value the corpus reads, shown in a field, is read back unchanged by both."""
    values = [case["value"] for case in [*TYPED, *FIELD] if case["value"] is not None]
    shown = [answer_in_python({"value": value, "field": True})["text"] for value in values]
    requests = [{"typed": text, "unit": ""} for text in shown]
    expected = [{"value": plain(Decimal(value))} for value in values]
    assert [answer_in_python(request) for request in requests] == expected
    assert node(requests) == expected
