"""The calculator model: typed, frozen, picklable dataclasses, and what a widget needs from them.

A :class:`Calculator` is only ever built by :func:`sitegen.calc.spec.parse_calculator`, which
guarantees that its formulas parse, name only known inputs and outputs, have no cycle, and
evaluate with the default inputs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from sitegen.calc.evaluate import Failure, Outcome, evaluate_in_order, input_value
from sitegen.calc.format import format_value, grouped, plain
from sitegen.calc.formula import Formula
from sitegen.calc.numbers import FormulaError
from sitegen.frozen import pickled_as_values

#: The UI strings a widget needs: the theme's ``i18n/<language>.toml`` holds their texts, and
#: the template passes them through the site's ``t()``. Input messages keep their
#: ``{min}``/``{max}`` placeholder; the browser fills it in.
UI_KEYS: tuple[str, ...] = (
    "calc_reset",
    "calc_noscript",
    "calc_error_division_by_zero",
    "calc_error_too_large",
    "calc_error_too_small",
    "calc_error_exponent",
    "calc_error_argument",
    "calc_error_dependency",
    "calc_error_input",
    "calc_error_other",
    "calc_input_empty",
    "calc_input_not_number",
    "calc_input_below_min",
    "calc_input_above_max",
    "calc_input_out_of_range",
)


@pickled_as_values
@dataclass(frozen=True, slots=True)
class NumberInput:
    """A number the reader types; ``min``/``max``/``step`` are optional."""

    name: str
    label: str
    value: Decimal
    unit: str = ""
    min: Decimal | None = None
    max: Decimal | None = None
    step: Decimal | None = None

    @property
    def kind(self) -> str:
        return "number"

    @property
    def value_text(self) -> str:
        return plain(self.value)

    @property
    def field_text(self) -> str:
        """The default as the field shows it, grouped like the results: ``1,300,000,000``."""
        return grouped(self.value)

    @property
    def min_text(self) -> str:
        return "" if self.min is None else plain(self.min)

    @property
    def max_text(self) -> str:
        return "" if self.max is None else plain(self.max)

    @property
    def step_text(self) -> str:
        """The step of ArrowUp and ArrowDown in the widget: 1 unless set."""
        return "1" if self.step is None else plain(self.step)

    @property
    def inputmode(self) -> str:
        """The keyboard a phone shows: the whole keyboard (``text``) for a field that
        expects negative numbers, its default or its ``min`` being below zero, since the
        keypads of iPhones have no minus; else ``numeric`` (digits only) when the field
        only ever holds whole numbers, its default and every step being whole; else
        ``decimal``."""
        if self.value < 0 or (self.min is not None and self.min < 0):
            return "text"
        numbers = (self.value, self.step, self.min, self.max)
        whole = all(number is None or number == number.to_integral_value() for number in numbers)
        return "numeric" if self.step is not None and whole else "decimal"


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a :class:`ChoiceInput`."""

    label: str
    value: Decimal

    @property
    def value_text(self) -> str:
        return plain(self.value)


@pickled_as_values
@dataclass(frozen=True, slots=True)
class ChoiceInput:
    """A value picked from a list; ``value`` is the default and one of the options' values."""

    name: str
    label: str
    value: Decimal
    options: tuple[Choice, ...]
    unit: str = ""

    @property
    def kind(self) -> str:
        return "choice"

    @property
    def value_text(self) -> str:
        return plain(self.value)


Input = NumberInput | ChoiceInput


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Output:
    """A computed value: its formula, and how to show it (see :mod:`sitegen.calc.format`);
    ``decimals`` is set for ``money`` only."""

    name: str
    label: str
    formula: Formula
    format: str = "number"
    unit: str = ""
    note: str = ""
    decimals: int | None = None

    def show(self, outcome: Outcome, language: str) -> ShownResult:
        """The text for one outcome: the formatted value, or a dash and the failure's kind."""
        if isinstance(outcome, Failure):
            return ShownResult(DASH, outcome.kind)
        text = format_value(
            outcome, self.format, unit=self.unit, decimals=self.decimals, language=language
        )
        return ShownResult(text)


DASH = "—"


@pickled_as_values
@dataclass(frozen=True, slots=True)
class ShownResult:
    """What a widget shows for one output: ``text``, and the failure kind when it failed.

    The template shows ``t("calc_error_" + error)`` beside a failed result.
    """

    text: str
    error: str = ""


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Calculator:
    """A validated calculator. ``order`` lists output names so each follows what it reads."""

    id: str
    title: str
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    order: tuple[str, ...]
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The names of its inputs, then of its outputs."""
        return (*(item.name for item in self.inputs), *(output.name for output in self.outputs))

    @property
    def defaults(self) -> dict[str, Decimal]:
        """The default value of every input, by name."""
        return {item.name: item.value for item in self.inputs}

    def output(self, name: str) -> Output:
        """The output called ``name`` (KeyError if there is none)."""
        for output in self.outputs:
            if output.name == name:
                return output
        raise KeyError(name)

    def evaluate(self, values: Mapping[str, Decimal] | None = None) -> dict[str, Outcome]:
        """Every output's outcome, by name in declaration order; ``values`` override defaults.

        An override out of bounds makes the outputs that read it fail with kind ``input``.
        """
        inputs: dict[str, Outcome] = dict(self.defaults)
        for name, value in (values or {}).items():
            if name not in inputs:
                raise ValueError(f"calculator {self.id!r} has no input {name!r}")
            try:
                inputs[name] = input_value(value)
            except FormulaError as error:
                inputs[name] = Failure("input", error.message)
        formulas = [(name, self.output(name).formula) for name in self.order]
        outcomes = evaluate_in_order(formulas, inputs)
        return {output.name: outcomes[output.name] for output in self.outputs}

    def default_results(self, language: str = "ja") -> dict[str, ShownResult]:
        """What the page shows before any JavaScript runs: the defaults, computed here."""
        return {
            name: self.output(name).show(outcome, language)
            for name, outcome in self.evaluate().items()
        }

    def widget_json(self, language: str, t: Callable[[str], str]) -> str:
        """The spec the browser script reads, safe to embed in ``<script>`` as it is.

        Numbers travel as exact decimal strings; ``<``, ``>`` and ``&`` are escaped as
        ``\\u003c`` and so on, so no label can close the script element.
        """
        spec = {
            "id": self.id,
            "lang": language,
            "inputs": [_input_spec(item) for item in self.inputs],
            "outputs": [_output_spec(self.output(name)) for name in self.order],
            "messages": {key: t(key) for key in UI_KEYS},
        }
        return script_safe_json(spec)


def _input_spec(item: Input) -> dict[str, object]:
    if isinstance(item, ChoiceInput):
        return {
            "name": item.name,
            "type": "choice",
            "value": item.value_text,
            "options": [option.value_text for option in item.options],
        }
    return {
        "name": item.name,
        "type": "number",
        "value": item.value_text,
        "min": item.min_text or None,
        "max": item.max_text or None,
        "step": item.step_text,
        "unit": item.unit,
    }


def _output_spec(output: Output) -> dict[str, object]:
    return {
        "name": output.name,
        "formula": output.formula.source,
        "format": output.format,
        "unit": output.unit,
        "decimals": output.decimals,
    }


def script_safe_json(data: object) -> str:
    """JSON that can sit inside an HTML ``<script>`` element unescaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def widget_id(calc_id: str, occurrence: int = 1) -> str:
    """The HTML id of a calculator's ``occurrence``-th placement on a page (1-based).

    Stable (the same page gives the same ids) and unique whatever the calculator ids are:
    ``calc-apology`` for the first placement (so its links and shared URL state,
    ``?calc-apology.people=…``, do not depend on what else the page places), then
    ``calc-2-apology`` for a second. A calculator id starts with a letter, so a digit after
    ``calc-`` can only be a placement number: ``calc-roi-2`` is the calculator ``roi-2``,
    never the second ``roi``. The URL state keys start with it; the ids of the elements
    inside the widget put their role first (``in-calc-apology-people``, see the theme's
    ``partials/calculator.html``), so no calculator id can give one of them either.
    """
    return f"calc-{calc_id}" if occurrence == 1 else f"calc-{occurrence}-{calc_id}"


def widget_ids(placed: Iterable[str]) -> list[str]:
    """The HTML id of each placement of ``placed``, the calculator ids a page places in
    order: ``["calc-roi", "calc-2-roi"]`` for ``["roi", "roi"]``."""
    seen: dict[str, int] = {}
    ids = []
    for calc_id in placed:
        seen[calc_id] = seen.get(calc_id, 0) + 1
        ids.append(widget_id(calc_id, seen[calc_id]))
    return ids


#: The parts of a widget that have ids of their own, after its title: a field's ``in-``,
#: ``unit-`` and ``message-``, a result's ``label-`` and ``out-`` (see the theme's
#: ``partials/calculator.html``), each followed by the widget id and the input's or
#: output's name.
WIDGET_PARTS = ("in", "unit", "message", "label", "out")


def widget_element_ids(widget: str, names: Iterable[str]) -> set[str]:
    """Every id the widget whose HTML id is ``widget`` gives an element: its own, its
    title's (``title-calc-roi``), and those of the fields and results of the inputs and
    outputs ``names`` (``in-calc-roi-people``)."""
    parts = {f"{part}-{widget}-{name}" for part in WIDGET_PARTS for name in names}
    return {widget, f"title-{widget}", *parts}
