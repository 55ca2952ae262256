"""Reading and validating a calculator declaration (a mapping from YAML or TOML).

Every problem is reported, not just the first, each naming the calculator and the exact key:
``calculator 'apology': outputs.total.formula: unknown name 'paymnet' (known: people, …)``,
located at the line the caller's ``line_of`` gives for that key path.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sitegen.calc.evaluate import Failure
from sitegen.calc.format import FORMATS, MAX_DECIMALS, plain
from sitegen.calc.formula import (
    FUNCTIONS,
    Formula,
    check_formula,
    parse_formula,
)
from sitegen.calc.hints import closest, formula_hint, guard_hint, spreadsheet_hint
from sitegen.calc.model import Calculator, Choice, ChoiceInput, Input, NumberInput, Output
from sitegen.calc.numbers import FormulaError, checked, new_context
from sitegen.calc.typed import currency_sign, plain_number_hint
from sitegen.errors import COMMA_IN_MAPPING, Problem, quoted, suggestion

Key = str | int
KeyPath = tuple[Key, ...]
LineOf = Callable[[KeyPath], int]
Settings = Mapping[object, object]

ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

CALCULATOR_KEYS = ("title", "description", "inputs", "outputs")
NUMBER_KEYS = ("type", "label", "value", "unit", "min", "max", "step")
CHOICE_KEYS = ("type", "label", "value", "options", "unit")
OPTION_KEYS = ("label", "value")
OUTPUT_KEYS = ("label", "formula", "format", "unit", "decimals", "note")
#: The formats that show an output's unit: after the number, or before it (a currency symbol).
UNIT_FORMATS = ("number", "money")
MONEY_HINT = 'for an amount of money, write format: money and its symbol as unit: "$"'
YEN_HINT = "for yen, write format: yen (5,000円) or yen_man (1億3,000万円), without a unit"
DECIMALS_HINT = "decimals: 2 shows cents (US$1,543.20), decimals: 0 whole amounts (S$41,250)"

#: How a percentage is written, completing "write 0.05 for 5%" (see plain_number_hint).
INPUT_PERCENT = ', or write {share} with unit: "%" and divide it by 100 in the formulas'


def parse_calculator(
    calc_id: str,
    raw: object,
    *,
    path: str,
    line_of: LineOf,
    key_prefix: KeyPath = ("calculators",),
) -> tuple[Calculator | None, list[Problem]]:
    """Build a :class:`Calculator` from its declaration, or report why it cannot be built.

    ``line_of`` maps a key path such as ``("calculators", "apology", "outputs", "total",
    "formula")`` to the 1-based line of the closest key it knows; ``key_prefix`` is where the
    calculators mapping sits in the file. Returns the calculator (``None`` when any error was
    found) and every problem, in the order found. Once everything else is valid, the outputs
    are evaluated with the default inputs, so a division by zero or a bound hit with the
    defaults is a build error too.
    """
    report = _Report(calc_id, path, line_of, (*key_prefix, calc_id))
    if not ID_PATTERN.fullmatch(str(calc_id)):  # YAML may hand us an int key
        report.error(
            (), "the id must start with a letter and use only letters, digits, '-' and '_'"
        )
    if not isinstance(raw, Mapping):
        report.error((), "expected a mapping with title, inputs and outputs")
        return None, report.problems
    report.unknown_keys(raw, (), CALCULATOR_KEYS)
    title = report.text(raw, ("title",), required=True)
    description = report.text(raw, ("description",), required=False)
    input_entries = _entries(raw.get("inputs"), "inputs", report)
    inputs = _parse_inputs(input_entries, report)
    # Names of inputs that failed validation still count as known: one problem, not two.
    outputs = _parse_outputs(raw.get("outputs"), [name for name, _ in input_entries], report)
    order = _evaluation_order(outputs, report)
    calculator = Calculator(calc_id, title, tuple(inputs), tuple(outputs), order, description)
    # With problems elsewhere, the outputs that can be computed are, all problems at once.
    computable = _computable(calculator)
    for name, outcome in computable.evaluate().items():
        # A dependency failure repeats a failure already reported for an earlier output.
        if isinstance(outcome, Failure) and outcome.kind != "dependency":
            report.error(
                ("outputs", name, "formula"),
                f"with the default inputs: {outcome.message}",
                guard_hint(computable, name) if outcome.kind == "division_by_zero" else "",
            )
    return (None if report.problems else calculator), report.problems


def _computable(calculator: Calculator) -> Calculator:
    """The part of ``calculator`` that can be computed: the outputs whose formulas read
    only its inputs and the outputs computable before them. All of it when the
    declaration has no problem; while it has some, not the outputs that read an invalid
    input or output, nor those in a cycle."""
    known = {item.name for item in calculator.inputs}
    order = []
    for name in calculator.order:
        if known.issuperset(calculator.output(name).formula.names):
            known.add(name)
            order.append(name)
    outputs = tuple(output for output in calculator.outputs if output.name in order)
    return dataclasses.replace(calculator, outputs=outputs, order=tuple(order))


@dataclass
class _Report:
    """Collects problems for one calculator, prefixing messages and locating lines."""

    calc_id: str
    path: str
    line_of: LineOf
    prefix: KeyPath
    problems: list[Problem] = field(default_factory=list)
    # The pieces of the input and output names that are not valid names (see _entries).
    rejected: set[str] = field(default_factory=set)

    def error(self, keys: KeyPath, message: str, hint: str = "") -> None:
        where = "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in keys)
        located = f"{where.lstrip('.')}: " if where else ""
        text = f"calculator '{self.calc_id}': {located}{message}"
        self.problems.append(Problem(self.path, self.line_of((*self.prefix, *keys)), text, hint))

    def unknown_keys(self, raw: Settings, keys: KeyPath, known: tuple[str, ...]) -> None:
        for key in raw:
            if key not in known:
                self.error(
                    (*keys, str(key)),
                    f"unknown key (expected one of: {', '.join(known)})",
                    suggestion(str(key), known) or _comma_hint(key),
                )

    def mapping(self, raw: object, keys: KeyPath, what: str) -> Settings | None:
        if isinstance(raw, Mapping):
            return raw
        self.error(keys, f"expected a mapping of {what}")
        return None

    def text(self, raw: Settings, keys: KeyPath, *, required: bool) -> str:
        value = raw.get(keys[-1])
        if value is None:
            if required:
                self.error(keys, "missing (it is required)")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.error(keys, "expected non-empty text", "put the text in quotes")
            return ""
        return value.strip()

    def number(self, raw: Settings, keys: KeyPath, *, required: bool) -> Decimal | None:
        value = raw.get(keys[-1])
        if value is None:
            if required:
                self.error(keys, "missing (it is required)")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            typed = isinstance(value, str) and plain_number_hint(value, percent=INPUT_PERCENT)
            self.error(
                keys,
                f"expected a number, got {quoted(value)}",
                typed or "write digits only, without quotes or commas: 1000, 0.05",
            )
            return None
        number = exact(value)
        if not number.is_finite():
            self.error(keys, f"expected a finite number, got {quoted(value)}")
            return None
        try:
            return checked(new_context().plus(number))
        except FormulaError as error:
            self.error(keys, error.message)
            return None


def exact(value: int | float | Decimal) -> Decimal:
    """The number a YAML or TOML value was written as: a float through ``repr()``, its
    shortest round-trip text, so ``0.05`` stays 0.05 (``Decimal(0.05)`` would not)."""
    return Decimal(value) if isinstance(value, int | Decimal) else Decimal(repr(value))


def _comma_hint(key: object) -> str:
    """Explain the usual cause of a strange key: ``{note: 1,500万円}`` splits at the comma."""
    if isinstance(key, str) and NAME_PATTERN.fullmatch(key):
        return ""
    return COMMA_IN_MAPPING


def _check_name(name: object, keys: KeyPath, report: _Report) -> str | None:
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        report.error(
            keys,
            f"the name {quoted(name)} must be a letter or '_' followed by letters, digits or '_'",
        )
        return None
    if name in FUNCTIONS:
        report.error(keys, f"the name '{name}' is a function and cannot be used")
        return None
    return name


def _entries(raw: object, section: str, report: _Report) -> list[tuple[str, Settings]]:
    """The ``name: {settings}`` entries of ``inputs`` or ``outputs`` with valid names."""
    if raw is None:
        report.error((section,), "missing (at least one is required)")
        return []
    entries = report.mapping(raw, (section,), f"{section[:-1]} names to their settings")
    if entries is None:
        return []
    if not entries:
        report.error((section,), "empty (at least one is required)")
    found: list[tuple[str, Settings]] = []
    for key, settings in entries.items():
        name = _check_name(key, (section, str(key)), report)
        spec = report.mapping(settings, (section, str(key)), "settings")
        if name is None:
            # A formula that reads a piece of it ('a' of 'a-b') means this name.
            report.rejected.update(NAME_PATTERN.findall(str(key)))
        elif spec is not None:
            found.append((name, spec))
    return found


def _parse_inputs(entries: list[tuple[str, Settings]], report: _Report) -> list[Input]:
    inputs: list[Input] = []
    for name, spec in entries:
        keys: KeyPath = ("inputs", name)
        kind = spec.get("type", "number")
        if kind == "choice":
            parsed: Input | None = _parse_choice(name, spec, keys, report)
        elif kind == "number":
            parsed = _parse_number(name, spec, keys, report)
        else:
            report.error(
                (*keys, "type"), f"unknown type {quoted(kind)} (expected number or choice)"
            )
            parsed = None
        if parsed is not None:
            inputs.append(parsed)
    return inputs


def _parse_number(name: str, spec: Settings, keys: KeyPath, report: _Report) -> NumberInput | None:
    report.unknown_keys(spec, keys, NUMBER_KEYS)
    label = report.text(spec, (*keys, "label"), required=True)
    unit = report.text(spec, (*keys, "unit"), required=False)
    value = report.number(spec, (*keys, "value"), required=True)
    low = report.number(spec, (*keys, "min"), required=False)
    high = report.number(spec, (*keys, "max"), required=False)
    step = report.number(spec, (*keys, "step"), required=False)
    if step is not None and step <= 0:
        report.error((*keys, "step"), f"must be greater than 0, got {plain(step)}")
    if low is not None and high is not None and low > high:
        report.error((*keys, "max"), f"max {plain(high)} is below min {plain(low)}")
    elif value is not None and low is not None and value < low:
        report.error((*keys, "value"), f"the default {plain(value)} is below min {plain(low)}")
    elif value is not None and high is not None and value > high:
        report.error((*keys, "value"), f"the default {plain(value)} is above max {plain(high)}")
    if not label or value is None:
        return None
    return NumberInput(name, label, value, unit, low, high, step)


def _parse_choice(name: str, spec: Settings, keys: KeyPath, report: _Report) -> ChoiceInput | None:
    report.unknown_keys(spec, keys, CHOICE_KEYS)
    label = report.text(spec, (*keys, "label"), required=True)
    unit = report.text(spec, (*keys, "unit"), required=False)
    value = report.number(spec, (*keys, "value"), required=True)
    options = _parse_options(spec.get("options"), (*keys, "options"), report)
    values = [option.value for option in options]
    if value is not None and options and value not in values:
        listed = ", ".join(plain(v) for v in values)
        report.error((*keys, "value"), f"the default {plain(value)} is not an option ({listed})")
    if not label or value is None or not options:
        return None
    return ChoiceInput(name, label, value, tuple(options), unit)


def _parse_options(raw: object, keys: KeyPath, report: _Report) -> list[Choice]:
    if not isinstance(raw, list) or not raw:
        report.error(keys, "expected a list of options, each {label: …, value: …}")
        return []
    options: list[Choice] = []
    for index, item in enumerate(raw):
        where = (*keys, index)
        spec = report.mapping(item, where, "label and value")
        if spec is None:
            continue
        report.unknown_keys(spec, where, OPTION_KEYS)
        label = report.text(spec, (*where, "label"), required=True)
        value = report.number(spec, (*where, "value"), required=True)
        if value is not None and value in [option.value for option in options]:
            report.error((*where, "value"), f"the value {plain(value)} is used twice")
        elif label and value is not None:
            options.append(Choice(label, value))
    return options


def _parse_outputs(raw: object, input_names: list[str], report: _Report) -> list[Output]:
    entries = _entries(raw, "outputs", report)
    known = list(dict.fromkeys([*input_names, *(name for name, _ in entries)]))
    outputs: list[Output] = []
    for name, spec in entries:
        keys: KeyPath = ("outputs", name)
        report.unknown_keys(spec, keys, OUTPUT_KEYS)
        # The input keeps the name: formulas, this output's own too, read it as the input's.
        taken = name in input_names
        if taken:
            report.error(keys, f"the name '{name}' is already used by an input")
        label = report.text(spec, (*keys, "label"), required=True)
        note = report.text(spec, (*keys, "note"), required=False)
        unit = report.text(spec, (*keys, "unit"), required=False)
        fmt = spec.get("format", "number")
        _check_format(fmt, unit, keys, report)
        decimals = _parse_decimals(spec, fmt, keys, report)
        formula = _parse_output_formula(spec.get("formula"), name, known, report)
        if label and formula is not None and isinstance(fmt, str) and not taken:
            outputs.append(Output(name, label, formula, fmt, unit, note, decimals))
    return outputs


def _check_format(fmt: object, unit: str, keys: KeyPath, report: _Report) -> None:
    """A known format, with a unit only where it shows: ``money`` needs one, its symbol."""
    if fmt not in FORMATS:
        report.error(
            (*keys, "format"),
            f"unknown format {quoted(fmt)} (expected one of: {', '.join(FORMATS)})",
            suggestion(str(fmt), FORMATS) or (MONEY_HINT if _names_money(fmt) else ""),
        )
    elif fmt == "money" and not unit:
        report.error(
            (*keys, "format"),
            "format 'money' needs a unit: the currency symbol shown before the amount",
            'add its symbol, such as unit: "$", unit: "S$" or unit: "€"',
        )
    elif fmt == "money" and unit.endswith("円"):
        report.error(
            (*keys, "unit"),
            f"format 'money' puts its unit before the amount: {unit}5,000",
            YEN_HINT if unit == "円" else f"{YEN_HINT}; or format: number with unit: {unit}",
        )
    elif unit and fmt not in UNIT_FORMATS:
        report.error(
            (*keys, "unit"), f"a unit only goes with format 'number' or 'money', not '{fmt}'"
        )


#: Words in an unknown format that mean money (``usd``, ``SGD``, ``dollars``, ``currency``).
MONEY_WORDS = ("usd", "sgd", "eur", "gbp", "aud", "hkd", "chf", "dollar", "euro", "currenc", "cent")


def _names_money(fmt: object) -> bool:
    """Whether an unknown format names money: a currency's code, name or sign ($)."""
    text = str(fmt)
    return any(currency_sign(char) for char in text) or any(
        word in text.lower() for word in MONEY_WORDS
    )


def _parse_decimals(spec: Settings, fmt: object, keys: KeyPath, report: _Report) -> int | None:
    """The ``decimals`` of a ``money`` output: a whole number from 0 to MAX_DECIMALS."""
    raw = spec.get("decimals")
    where = (*keys, "decimals")
    if raw is None:
        return None
    if fmt != "money":
        if fmt in FORMATS:
            report.error(where, f"decimals only go with format 'money', not '{fmt}'")
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_DECIMALS:
        report.error(
            where,
            f"expected a whole number from 0 to {MAX_DECIMALS}, got {quoted(raw)}",
            DECIMALS_HINT,
        )
        return None
    return raw


def _parse_output_formula(
    raw: object, output: str, known: list[str], report: _Report
) -> Formula | None:
    keys: KeyPath = ("outputs", output, "formula")
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        # `formula: 15000000` and `formula: 0.08` are fine constants, taken exactly.
        constant = exact(raw)
        if not constant.is_finite():
            report.error(keys, f"expected a finite number, got {quoted(raw)}")
            return None
        raw = plain(constant)
    if raw is None:
        report.error(keys, "missing (it is required)", 'write the formula in quotes: "a * b"')
        return None
    if not isinstance(raw, str):
        report.error(
            keys, f"expected a formula as text, got {quoted(raw)}", 'write it in quotes: "a * b"'
        )
        return None
    try:
        formula = parse_formula(raw)
    except FormulaError as error:
        shown = raw if len(raw) <= 60 else raw[:59] + "…"
        report.error(keys, f"{quoted(shown)}: {error.message}", formula_hint(raw))
        return None
    problems = check_formula(formula, known)
    # The output's own name is known (using it is reported as a circular reference) but
    # never offered: in its own formula it is never the name meant.
    offered = [name for name in known if name != output]
    for problem in problems:
        if problem.kind == "unknown_name" and problem.subject in report.rejected:
            continue  # the invalid name it is a piece of is reported already
        if problem.kind == "unknown_name":
            report.error(
                keys,
                f"{problem.message} (known: {', '.join(offered) or 'none'})",
                closest(problem.subject, offered),
            )
        elif problem.kind == "unknown_function":
            available = sorted(FUNCTIONS)
            report.error(
                keys,
                f"{problem.message} (available: {', '.join(available)})",
                closest(problem.subject, available) or spreadsheet_hint(problem.subject, formula),
            )
        else:
            report.error(keys, problem.message)
    return None if problems else formula


def _evaluation_order(outputs: list[Output], report: _Report) -> tuple[str, ...]:
    """Output names so that each comes after the outputs it reads; report every cycle once."""
    by_name = {output.name: output for output in outputs}
    order: list[str] = []
    state: dict[str, str] = {}  # name -> "visiting" | "done"
    reported: set[frozenset[str]] = set()

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            cycle = [*trail[trail.index(name) :], name]
            if frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                report.error(
                    ("outputs", cycle[0], "formula"),
                    f"circular reference: {' → '.join(cycle)}",
                    "an output cannot depend on itself, directly or through others",
                )
            return
        state[name] = "visiting"
        for used in by_name[name].formula.names:
            if used in by_name:
                visit(used, [*trail, name])
        state[name] = "done"
        order.append(name)

    for output in outputs:
        visit(output.name, [])
    return tuple(order)
