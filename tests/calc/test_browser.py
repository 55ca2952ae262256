"""The widget in headless chromium: a real page, the real calculator.js, a real HTTP server."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from calc_support import APOLOGY_YAML, CALCULATOR_JS, parse_yaml_calculator
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

RATIO_YAML = """\
calculators:
  ratio:
    title: 割り算
    inputs:
      a: {label: 割られる数, value: 100}
      b: {label: 割る数, value: 4, min: -100, max: 100}
    outputs:
      ratio: {label: 商, formula: "a / b", unit: 倍}
      doubled: {label: 2倍, formula: "ratio * 2"}
"""


@pytest.fixture
def site(tmp_path: Path, render: Callable[..., str]) -> Path:
    """A page with the apology calculator twice and a division calculator, plus the script."""
    apology, _ = parse_yaml_calculator(APOLOGY_YAML, "apology")
    ratio, _ = parse_yaml_calculator(RATIO_YAML, "ratio")
    assert apology is not None and ratio is not None
    widgets = (
        render(apology, "calc-apology")
        + render(apology, "calc-apology-2")
        + render(ratio, "calc-ratio")
    )
    (tmp_path / "js").mkdir()
    shutil.copy(CALCULATOR_JS, tmp_path / "js" / "calculator.js")
    page = (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>試算</title>'
        '<script src="js/calculator.js" defer></script></head>'
        f"<body><main>{widgets}</main></body></html>"
    )
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    return tmp_path


@pytest.fixture
def url(site: Path, static_server: Callable[[Path], str]) -> str:
    return static_server(site) + "/index.html"


def output(page: Page, widget: str, name: str) -> str:
    return page.locator(f"#{widget}-out-{name}").inner_text()


def test_typing_recomputes_the_total(page: Page, url: str) -> None:
    page.goto(url)
    page.fill("#calc-apology-in-people", "150000")
    expect(page.locator("#calc-apology-out-total")).to_have_text("1億8,000万円")
    assert output(page, "calc-apology", "payment") == "150,000,000円"
    page.select_option("#calc-apology-in-media", "1")
    expect(page.locator("#calc-apology-out-total")).to_have_text("1億6,500万円")


def test_division_by_zero_shows_a_dash_and_why(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#calc-ratio-out-ratio")).to_have_text("25倍")
    page.fill("#calc-ratio-in-b", "0")
    expect(page.locator("#calc-ratio-out-ratio")).to_have_text("—")
    ratio_error = page.locator('#calc-ratio [data-error-for="ratio"]')
    expect(ratio_error).to_have_text("0で割る計算になるため表示できません")
    assert output(page, "calc-ratio", "doubled") == "—"
    expect(page.locator('#calc-ratio [data-error-for="doubled"]')).to_have_text(
        "もとになる計算結果が出せません"
    )
    page.fill("#calc-ratio-in-b", "3")
    expect(page.locator("#calc-ratio-out-ratio")).to_have_text("33.33倍")
    expect(ratio_error).to_have_text("")


def test_invalid_inputs_show_a_message_never_nan(page: Page, url: str) -> None:
    page.goto(url)
    message = page.locator("#calc-apology-in-people-message")
    page.fill("#calc-apology-in-people", "")
    expect(message).to_have_text("値を入力してください")
    expect(page.locator("#calc-apology-out-total")).to_have_text("—")
    expect(page.locator('#calc-apology [data-error-for="total"]')).to_have_text(
        "入力内容を確認してください"
    )
    assert page.locator("#calc-apology-in-people").get_attribute("aria-invalid") == "true"
    page.fill("#calc-apology-in-people", "-5")
    expect(message).to_have_text("0以上の値を入力してください")
    page.fill("#calc-ratio-in-b", "1000")
    expect(page.locator("#calc-ratio-in-b-message")).to_have_text("100以下の値を入力してください")
    assert "NaN" not in page.locator("main").inner_text()
    page.fill("#calc-apology-in-people", "7")
    expect(message).to_have_text("")
    expect(page.locator("#calc-apology-out-payment")).to_have_text("7,000円")


def test_reset_restores_the_defaults_and_cleans_the_url(page: Page, url: str) -> None:
    page.goto(url)
    reset = page.locator("#calc-apology [data-calculator-reset]")
    expect(reset).to_be_visible()
    page.fill("#calc-apology-in-people", "1")
    page.select_option("#calc-apology-in-media", "1")
    expect(page.locator("#calc-apology-out-total")).to_have_text("1,500万1,000円")
    reset.click()
    expect(page.locator("#calc-apology-out-total")).to_have_text("1億6,000万円")
    assert page.locator("#calc-apology-in-people").input_value() == "130000"
    assert page.locator("#calc-apology-in-media").input_value() == "2"
    assert page.url == url


def test_the_url_holds_the_state_and_a_reload_restores_it(
    page: Page, url: str, browser: Browser
) -> None:
    page.goto(url)
    page.fill("#calc-apology-in-people", "150000")
    page.fill("#calc-ratio-in-b", "8")
    expect(page.locator("#calc-ratio-out-ratio")).to_have_text("12.5倍")
    assert page.url == url + "?calc-apology.people=150000&calc-ratio.b=8"
    page.reload()
    assert page.locator("#calc-apology-in-people").input_value() == "150000"
    expect(page.locator("#calc-apology-out-total")).to_have_text("1億8,000万円")
    expect(page.locator("#calc-ratio-out-ratio")).to_have_text("12.5倍")
    # A shared link opened elsewhere shows the same results.
    other = browser.new_context().new_page()
    other.goto(url + "?calc-apology-2.media=1&calc-apology-2.people=0")
    expect(other.locator("#calc-apology-2-out-total")).to_have_text("1,500万円")
    expect(other.locator("#calc-apology-out-total")).to_have_text("1億6,000万円")
    other.context.close()


def test_a_bad_value_in_the_url_is_shown_as_a_problem_or_ignored(page: Page, url: str) -> None:
    page.goto(url + "?calc-apology.media=9&calc-ratio.b=0")
    assert page.locator("#calc-apology-in-media").input_value() == "2"
    expect(page.locator("#calc-ratio-out-ratio")).to_have_text("—")


def test_two_calculators_do_not_interfere(page: Page, url: str) -> None:
    page.goto(url)
    page.fill("#calc-apology-2-in-people", "0")
    expect(page.locator("#calc-apology-2-out-total")).to_have_text("3,000万円")
    assert output(page, "calc-apology", "total") == "1億6,000万円"
    assert output(page, "calc-ratio", "ratio") == "25倍"
    assert page.url == url + "?calc-apology-2.people=0"
    page.locator("#calc-apology-2 [data-calculator-reset]").click()
    expect(page.locator("#calc-apology-2-out-total")).to_have_text("1億6,000万円")


def test_the_keyboard_works(page: Page, url: str) -> None:
    page.goto(url)
    page.focus("#calc-apology-in-people")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#calc-apology-out-payment")).to_have_text("131,000,000円")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "calc-apology-in-per_person"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "calc-apology-in-media"
    page.keyboard.press("ArrowUp")
    expect(page.locator("#calc-apology-out-total")).to_have_text("1億4,600万円")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "リセット"
    page.keyboard.press("Enter")
    expect(page.locator("#calc-apology-out-total")).to_have_text("1億6,000万円")


def test_without_javascript_the_build_time_results_show(browser: Browser, url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert output(page, "calc-apology", "total") == "1億6,000万円"
    assert output(page, "calc-ratio", "ratio") == "25倍"
    expect(page.locator("#calc-apology [data-calculator-reset]")).to_be_hidden()
    context.close()
