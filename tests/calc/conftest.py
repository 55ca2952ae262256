"""Fixtures for the calculator tests: the node twin, the example calculator, rendering."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Mapping
from typing import Any, Literal

import pytest
from calc_support import (
    APOLOGY_YAML,
    NODE_EVAL,
    Answer,
    NodeRunner,
    parse_yaml_calculator,
)

from sitegen.calc import Calculator, ShownResult
from sitegen.config import Config
from sitegen.theme import Theme


@pytest.fixture(scope="session")
def node() -> NodeRunner:
    """Run a batch of requests through calculator.js under node, in one process."""
    executable = shutil.which("node")
    if executable is None:
        pytest.skip("node is not installed")

    def run(requests: list[dict[str, Any]]) -> list[Answer]:
        done = subprocess.run(
            [executable, str(NODE_EVAL)],
            input=json.dumps(requests),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        answers: list[Answer] = json.loads(done.stdout)
        return answers

    return run


@pytest.fixture
def apology() -> Calculator:
    calculator, problems = parse_yaml_calculator(APOLOGY_YAML, "apology")
    assert problems == []
    assert calculator is not None
    return calculator


@pytest.fixture(scope="session")
def render() -> Callable[..., str]:
    """Render the widget partial as a build does: the built-in theme's environment and strings."""
    themes = {lang: Theme(Config(language=lang)) for lang in ("ja", "en")}

    def render_widget(
        calc: Calculator,
        widget_id: str,
        lang: Literal["ja", "en"] = "ja",
        results: Mapping[str, ShownResult] | None = None,
        level: int = 3,  # under a section (##) of the body
    ) -> str:
        theme = themes[lang]
        return theme.render(
            "partials/calculator.html",
            {
                "calc": calc,
                "results": calc.default_results(lang) if results is None else results,
                "lang": lang,
                "t": theme.translate,
                "widget_id": widget_id,
                "level": level,
            },
        )

    return render_widget
