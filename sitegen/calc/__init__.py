"""The calculator core: a safe formula language, exact decimal arithmetic, formatting,
and the declaration model that article front matter and data files are read into.

The browser twin of this package is ``theme/static/js/calculator.js``; the widget markup is
``theme/templates/partials/calculator.html``.
"""

from sitegen.calc.evaluate import Failure, Outcome, evaluate, evaluate_formula
from sitegen.calc.format import FORMATS, format_value, plain
from sitegen.calc.formula import Formula, check_formula, parse_formula
from sitegen.calc.model import (
    UI_KEYS,
    Calculator,
    Choice,
    ChoiceInput,
    Input,
    NumberInput,
    Output,
    ShownResult,
    widget_element_ids,
    widget_id,
    widget_ids,
)
from sitegen.calc.numbers import FormulaError, new_context
from sitegen.calc.spec import parse_calculator

__all__ = [
    "FORMATS",
    "UI_KEYS",
    "Calculator",
    "Choice",
    "ChoiceInput",
    "Failure",
    "Formula",
    "FormulaError",
    "Input",
    "NumberInput",
    "Outcome",
    "Output",
    "ShownResult",
    "check_formula",
    "evaluate",
    "evaluate_formula",
    "format_value",
    "new_context",
    "parse_calculator",
    "parse_formula",
    "plain",
    "widget_element_ids",
    "widget_id",
    "widget_ids",
]
