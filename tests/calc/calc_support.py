"""Helpers shared by the calculator tests (fixtures live in conftest.py)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from sitegen.calc import (
    Calculator,
    Failure,
    evaluate_formula,
    format_value,
    parse_calculator,
    plain,
)
from sitegen.calc.format import grouped
from sitegen.calc.typed import parse_typed
from sitegen.errors import Problem

ROOT = Path(__file__).resolve().parents[2]
CALCULATOR_JS = ROOT / "theme" / "static" / "js" / "calculator.js"
NODE_EVAL = Path(__file__).with_name("node_eval.js")

Answer = dict[str, Any]
NodeRunner = Callable[[list[dict[str, Any]]], list[Answer]]

APOLOGY_YAML = """\
calculators:
  apology:
    title: 謝罪金の総額を試算する
    inputs:
      people:     {label: 対象者数, value: 130000, unit: 人, min: 0, step: 1000}
      per_person: {label: 1人あたりの謝罪金, value: 1000, unit: 円, min: 0}
      media:
        label: 告知の方法
        type: choice
        value: 2
        options: [{label: 全国紙1紙, value: 1}, {label: 全国紙2紙, value: 2}]
    outputs:
      payment: {label: 謝罪金, formula: "people * per_person", format: yen}
      total:
        label: 総額
        formula: "payment + media * 15000000"
        format: yen_man
        note: 広告費は1紙1,500万円と仮定
"""


def answer_in_python(request: Mapping[str, Any]) -> Answer:
    """Python's answer to a node_eval.js request, shaped like the JavaScript one."""
    if "typed" in request:
        typed = parse_typed(request["typed"], request["unit"])
        return {"value": None if typed is None else plain(typed)}
    if "formula" in request:
        inputs = {name: Decimal(text) for name, text in request.get("inputs", {}).items()}
        outcome = evaluate_formula(request["formula"], inputs)
        if isinstance(outcome, Failure):
            return {"ok": False, "kind": outcome.kind, "message": outcome.message}
        return {"ok": True, "value": plain(outcome)}
    if "field" in request:
        return {"text": grouped(Decimal(request["value"]))}
    text = format_value(
        Decimal(request["value"]),
        request["format"],
        unit=request.get("unit", ""),
        decimals=request.get("decimals"),
        language=request.get("lang", "ja"),
    )
    return {"text": text}


def lines_of_yaml(text: str) -> Callable[[tuple[str | int, ...]], int]:
    """A ``line_of`` for YAML text: the line of the deepest key of the path that exists."""
    root = yaml.compose(text)

    def line_of(path: tuple[str | int, ...]) -> int:
        node, line = root, 1
        for key in path:
            if isinstance(node, yaml.MappingNode):
                found = [(k, v) for k, v in node.value if k.value == key]
                if not found:
                    break
                line, node = found[0][0].start_mark.line + 1, found[0][1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                if key >= len(node.value):
                    break
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                break
        return line

    return line_of


def parse_yaml_calculator(text: str, calc_id: str) -> tuple[Calculator | None, list[Problem]]:
    """Parse the calculator ``calc_id`` of a YAML document with ``calculators:`` on top."""
    raw = yaml.safe_load(text)["calculators"][calc_id]
    return parse_calculator(calc_id, raw, path="content/a.md", line_of=lines_of_yaml(text))


def fake_t(language: str) -> Callable[[str], str]:
    """The site's ``t()`` as the template sees it: the built-in theme's strings, a plain
    lookup that fails on unknown keys."""
    strings = tomllib.loads((ROOT / "theme" / "i18n" / f"{language}.toml").read_text("utf-8"))
    return {str(key): str(text) for key, text in strings.items()}.__getitem__
