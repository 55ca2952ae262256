"""The widget partial: golden HTML, valid markup, unique ids, and escaping."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import html5lib
import pytest
from calc_support import parse_yaml_calculator
from sitekit import check_golden

from sitegen.calc import Calculator, ShownResult, widget_id
from sitegen.calc.model import NumberInput

GOLDEN = Path(__file__).with_name("golden")
Render = Callable[..., str]


def parse_html(html: str) -> object:
    """Parse strictly: html5lib raises on any parse error in the markup."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(
        f"<!DOCTYPE html><html lang=ja><head><title>t</title></head><body>{html}</body></html>"
    )


def ids_of(html: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', html)


def spec_of(html: str) -> dict[str, object]:
    match = re.search(
        r'<script type="application/json" class="calculator-spec">(.*?)</script>', html
    )
    assert match is not None
    spec: dict[str, object] = json.loads(match.group(1))
    return spec


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_golden_widget(render: Render, apology: Calculator, lang: str) -> None:
    check_golden(GOLDEN / f"apology.{lang}.html", render(apology, "calc-apology", lang))


def test_the_markup_is_valid_html(render: Render, apology: Calculator) -> None:
    parse_html(render(apology, "calc-apology"))


def test_every_input_has_a_label_and_every_reference_resolves(
    render: Render, apology: Calculator
) -> None:
    html = render(apology, "calc-apology")
    ids = set(ids_of(html))
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    controls = set(re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html))
    assert (
        labelled
        == controls
        == {f"in-calc-apology-{name}" for name in ("people", "per_person", "media")}
    )
    lists = re.findall(r'aria-(?:describedby|labelledby)="([^"]+)"', html)
    references = {reference for listed in lists for reference in listed.split()}
    assert references and references <= ids
    # A field with a unit is described by it (then by its message); one without, by its message.
    assert 'aria-describedby="unit-calc-apology-people message-calc-apology-people"' in html
    assert '<span class="calculator-unit" id="unit-calc-apology-people">人</span>' in html
    assert 'aria-describedby="message-calc-apology-media"' in html


def test_two_placements_on_one_page_never_share_an_id(render: Render, apology: Calculator) -> None:
    page = render(apology, "calc-apology") + render(apology, "calc-2-apology")
    ids = ids_of(page)
    assert len(ids) == len(set(ids)) > 10
    parse_html(page)


def named(calc_id: str, inputs: str = "invest", outputs: str = "months") -> Calculator:
    """A small calculator called ``calc_id`` with these (space-separated) inputs and outputs."""
    lines = [f"calculators:\n  {calc_id}:\n    title: {calc_id}の試算\n    inputs:"]
    lines += [f"      {name}: {{label: {name}, value: 1}}" for name in inputs.split()]
    lines += ["    outputs:"]
    lines += [f'      {name}: {{label: {name}, formula: "1"}}' for name in outputs.split()]
    calculator, problems = parse_yaml_calculator("\n".join(lines) + "\n", calc_id)
    assert problems == [] and calculator is not None
    return calculator


def test_no_id_is_shared_whatever_the_calculators_placed_are_called(render: Render) -> None:
    # Calculator ids that spell another placement's id, or the id of an element inside one.
    roi = named("roi", "invest title", "months label")
    page = "".join(
        [
            render(roi, widget_id("roi")),
            render(roi, widget_id("roi", 2)),
            *(
                render(named(calc_id), widget_id(calc_id))
                for calc_id in ("roi-2", "roi-title", "roi-in-invest", "in-calc-roi", "title-calc")
            ),
            render(named("calc-roi"), widget_id("calc-roi")),
            render(named("roi-out-months-label"), widget_id("roi-out-months-label")),
        ]
    )
    ids = ids_of(page)
    assert len(ids) == len(set(ids)) > 40
    sections = re.findall(r'<section class="calculator" id="([^"]+)"', page)
    assert sections[:3] == ["calc-roi", "calc-2-roi", "calc-roi-2"]
    parse_html(page)


def test_defaults_are_shown_without_javascript(render: Render, apology: Calculator) -> None:
    html = render(apology, "calc-apology")
    assert 'data-output="payment">130,000,000円</output>' in html
    assert 'data-output="total">1億6,000万円</output>' in html
    assert '<option value="2" selected>全国紙2紙</option>' in html
    # QA: without aria-valuenow Chromium announced a spin button's value as 0.
    assert (
        'value="130,000" aria-valuenow="130000" aria-valuetext="130,000" aria-valuemin="0"' in html
    )


def test_fields_are_text_that_cannot_change_until_the_script_starts(
    render: Render, apology: Calculator
) -> None:
    """QA: a number field dropped what it did not accept (「13万」 became 13), and without
    JavaScript the fields could be changed though the results never followed."""
    html = render(apology, "calc-apology")
    fields = re.findall(r"<input [^>]*>", html)
    assert len(fields) == 2
    for field in fields:
        assert 'type="text"' in field and 'role="spinbutton"' in field
        assert " readonly " in field and 'autocomplete="off"' in field
    assert 'inputmode="numeric"' in fields[0]  # people: step 1000, whole numbers only
    assert 'inputmode="decimal"' in fields[1]  # per_person: no step, so 1.5 is fine
    assert re.search(r"<select [^>]*\bdisabled>", html)


@pytest.mark.parametrize(
    ("value", "step", "low", "keyboard"),
    [
        ("-3", "1", None, "text"),  # QA: a negative default on a digits-only keypad
        ("5", "1", "-10", "text"),  # negatives allowed by min
        ("5", "1", "0", "numeric"),
        ("5", "1", None, "numeric"),  # no min, but nothing says negatives are expected
        ("1.5", None, "0", "decimal"),
    ],
)
def test_a_field_that_expects_negative_numbers_gets_a_keyboard_with_a_minus(
    value: str, step: str | None, low: str | None, keyboard: str
) -> None:
    field = NumberInput(
        "diff",
        "差",
        Decimal(value),
        step=None if step is None else Decimal(step),
        min=None if low is None else Decimal(low),
    )
    assert field.inputmode == keyboard


def test_a_failed_result_shows_a_dash_and_the_message(render: Render, apology: Calculator) -> None:
    results = apology.default_results("ja") | {"total": ShownResult("—", "division_by_zero")}
    html = render(apology, "calc-apology", "ja", results)
    assert 'data-output="total">—</output>' in html
    assert "0で割る計算になるため表示できません" in html
    assert 'class="calculator-result calculator-failed"' in html
    assert 'data-output="payment">130,000,000円</output>' in html


HOSTILE = """\
calculators:
  evil:
    title: "</script><script>alert('t')</script> & <b>"
    description: "<img src=x onerror=alert(1)>"
    inputs:
      x: {label: "</script><!--", value: 1, unit: "<u>"}
    outputs:
      y: {label: "\\u2028 & <", formula: "x", note: "</section>"}
"""


def test_labels_cannot_break_out_of_the_markup_or_the_script(render: Render) -> None:
    calculator, problems = parse_yaml_calculator(HOSTILE, "evil")
    assert problems == [] and calculator is not None
    html = render(calculator, "calc-evil")
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert html.count("</script>") == 1 and html.count("</section>") == 1
    script = html.split('class="calculator-spec">')[1].split("</script>")[0]
    assert not set(script) & {"<", ">", "&", "\u2028"}
    assert spec_of(html)["outputs"] == [
        {"name": "y", "formula": "x", "format": "number", "unit": "", "decimals": None}
    ]
    parse_html(html)


def test_the_spec_carries_exact_values_and_the_messages(
    render: Render, apology: Calculator
) -> None:
    spec = spec_of(render(apology, "calc-apology", "en"))
    assert spec["lang"] == "en"
    assert spec["inputs"] == [
        {
            "name": "people",
            "type": "number",
            "value": "130000",
            "min": "0",
            "max": None,
            "step": "1000",
            "unit": "人",
        },
        {
            "name": "per_person",
            "type": "number",
            "value": "1000",
            "min": "0",
            "max": None,
            "step": "1",
            "unit": "円",
        },
        {"name": "media", "type": "choice", "value": "2", "options": ["1", "2"]},
    ]
    messages = spec["messages"]
    assert isinstance(messages, dict)
    assert messages["calc_input_below_min"] == "Enter {min} or more"
