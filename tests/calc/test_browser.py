"""The widget in headless chromium: a real page, the real calculator.js, a real HTTP server."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from calc_support import APOLOGY_YAML, CALCULATOR_JS, parse_yaml_calculator
from playwright.sync_api import Browser, Page, expect

from sitegen.calc import Calculator, widget_id

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
        + render(apology, "calc-2-apology")
        + render(ratio, "calc-ratio")
    )
    return write_page(tmp_path, widgets)


def write_page(folder: Path, widgets: str) -> Path:
    """``folder`` with index.html holding ``widgets``, and the script beside it."""
    (folder / "js").mkdir()
    shutil.copy(CALCULATOR_JS, folder / "js" / "calculator.js")
    page = (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>試算</title>'
        '<script src="js/calculator.js" defer></script></head>'
        f"<body><main>{widgets}</main></body></html>"
    )
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder


@pytest.fixture
def url(site: Path, static_server: Callable[[Path], str]) -> str:
    return static_server(site) + "/index.html"


def output(page: Page, widget: str, name: str) -> str:
    return page.locator(f"#out-{widget}-{name}").inner_text()


def test_typing_recomputes_the_total(page: Page, url: str) -> None:
    page.goto(url)
    page.fill("#in-calc-apology-people", "150000")
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億8,000万円")
    assert output(page, "calc-apology", "payment") == "150,000,000円"
    page.select_option("#in-calc-apology-media", "1")
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億6,500万円")


def test_division_by_zero_shows_a_dash_and_why(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#out-calc-ratio-ratio")).to_have_text("25倍")
    page.fill("#in-calc-ratio-b", "0")
    expect(page.locator("#out-calc-ratio-ratio")).to_have_text("—")
    ratio_error = page.locator('#calc-ratio [data-error-for="ratio"]')
    expect(ratio_error).to_have_text("0で割る計算になるため表示できません")
    assert output(page, "calc-ratio", "doubled") == "—"
    expect(page.locator('#calc-ratio [data-error-for="doubled"]')).to_have_text(
        "もとになる計算結果が出せません"
    )
    failed = re.compile(r"\bcalculator-failed\b")
    for name in ("ratio", "doubled"):  # the result that failed, and the one that read it
        expect(page.locator(f'#calc-ratio [data-result-for="{name}"]')).to_have_class(failed)
    page.fill("#in-calc-ratio-b", "3")
    expect(page.locator("#out-calc-ratio-ratio")).to_have_text("33.33倍")
    expect(ratio_error).to_have_text("")
    for name in ("ratio", "doubled"):
        row = page.locator(f'#calc-ratio [data-result-for="{name}"]')
        expect(row).not_to_have_class(failed)
        expect(row).to_have_class("calculator-result")


def test_invalid_inputs_show_a_message_never_nan(page: Page, url: str) -> None:
    page.goto(url)
    message = page.locator("#message-calc-apology-people")
    page.fill("#in-calc-apology-people", "")
    expect(message).to_have_text("値を入力してください")
    expect(page.locator("#out-calc-apology-total")).to_have_text("—")
    expect(page.locator('#calc-apology [data-error-for="total"]')).to_have_text(
        "入力内容を確認してください"
    )
    assert page.locator("#in-calc-apology-people").get_attribute("aria-invalid") == "true"
    expect(page.locator('#calc-apology [data-result-for="total"]')).to_have_class(
        "calculator-result calculator-failed"
    )
    page.fill("#in-calc-apology-people", "-5")
    expect(message).to_have_text("0以上の値を入力してください")
    page.fill("#in-calc-ratio-b", "1000")
    expect(page.locator("#message-calc-ratio-b")).to_have_text("100以下の値を入力してください")
    assert "NaN" not in page.locator("main").inner_text()
    page.fill("#in-calc-apology-people", "7")
    expect(message).to_have_text("")
    expect(page.locator("#out-calc-apology-payment")).to_have_text("7,000円")


def test_an_english_page_reads_english_magnitudes_and_refuses_words(
    tmp_path: Path,
    render: Callable[..., str],
    static_server: Callable[[Path], str],
    page: Page,
    apology: Calculator,
) -> None:
    url = static_server(write_page(tmp_path, render(apology, "calc-apology", "en"))) + "/index.html"
    page.goto(url)
    field = page.get_by_role("spinbutton", name="対象者数")
    field.fill("thirteen thousand")
    expect(page.locator("#message-calc-apology-people")).to_have_text("Enter a number")
    expect(field).to_have_attribute("aria-invalid", "true")
    field.fill("13万")  # the units are read whatever the site's language
    expect(page.locator("#out-calc-apology-payment")).to_have_text("¥130,000,000")
    expect(field).to_have_attribute("aria-invalid", "false")
    # QA: 1.3m, 1.3 billion and 0.5k were refused with "Enter a number".
    for typed, payment in (
        ("0.5k", "¥500,000"),
        ("1.3m", "¥1,300,000,000"),
        ("1.3 Million", "¥1,300,000,000"),
        ("2bn", "¥2,000,000,000,000"),
        ("1.3 billion", "¥1,300,000,000,000"),
    ):
        field.fill(typed)
        expect(page.locator("#out-calc-apology-payment")).to_have_text(payment)
        expect(field).to_have_attribute("aria-invalid", "false")


def test_a_fields_unit_is_part_of_what_a_screen_reader_says(page: Page, url: str) -> None:
    page.goto(url)
    field = page.get_by_role("spinbutton", name="1人あたりの謝罪金").first
    expect(field).to_have_accessible_description("円")
    expect(page.get_by_role("spinbutton", name="対象者数").first).to_have_accessible_description(
        "人"
    )
    field.fill("-1")
    expect(field).to_have_accessible_description("円 0以上の値を入力してください")
    # Without a unit, only the message describes it.
    expect(page.get_by_role("spinbutton", name="割る数")).to_have_accessible_description("")


def test_reset_restores_the_defaults_and_cleans_the_url(page: Page, url: str) -> None:
    page.goto(url)
    reset = page.locator("#calc-apology [data-calculator-reset]")
    expect(reset).to_be_visible()
    page.fill("#in-calc-apology-people", "1")
    page.select_option("#in-calc-apology-media", "1")
    expect(page.locator("#out-calc-apology-total")).to_have_text("1,500万1,000円")
    reset.click()
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億6,000万円")
    assert page.locator("#in-calc-apology-people").input_value() == "130,000"
    assert page.locator("#in-calc-apology-media").input_value() == "2"
    assert page.url == url


def test_the_url_holds_the_state_and_a_reload_restores_it(
    page: Page, url: str, browser: Browser
) -> None:
    page.goto(url)
    page.fill("#in-calc-apology-people", "150000")
    page.fill("#in-calc-ratio-b", "8")
    expect(page.locator("#out-calc-ratio-ratio")).to_have_text("12.5倍")
    assert page.url == url + "?calc-apology.people=150000&calc-ratio.b=8"
    page.reload()
    assert page.locator("#in-calc-apology-people").input_value() == "150,000"
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億8,000万円")
    expect(page.locator("#out-calc-ratio-ratio")).to_have_text("12.5倍")
    # A shared link opened elsewhere shows the same results.
    other = browser.new_context().new_page()
    other.goto(url + "?calc-2-apology.media=1&calc-2-apology.people=0")
    expect(other.locator("#out-calc-2-apology-total")).to_have_text("1,500万円")
    expect(other.locator("#out-calc-apology-total")).to_have_text("1億6,000万円")
    other.context.close()


def test_a_bad_value_in_the_url_is_shown_as_a_problem_or_ignored(page: Page, url: str) -> None:
    page.goto(url + "?calc-apology.media=9&calc-ratio.b=0")
    assert page.locator("#in-calc-apology-media").input_value() == "2"
    expect(page.locator("#out-calc-ratio-ratio")).to_have_text("—")


def test_two_calculators_do_not_interfere(page: Page, url: str) -> None:
    page.goto(url)
    page.fill("#in-calc-2-apology-people", "0")
    expect(page.locator("#out-calc-2-apology-total")).to_have_text("3,000万円")
    assert output(page, "calc-apology", "total") == "1億6,000万円"
    assert output(page, "calc-ratio", "ratio") == "25倍"
    assert page.url == url + "?calc-2-apology.people=0"
    page.locator("#calc-2-apology [data-calculator-reset]").click()
    expect(page.locator("#out-calc-2-apology-total")).to_have_text("1億6,000万円")


def test_the_keyboard_works(page: Page, url: str) -> None:
    page.goto(url)
    page.focus("#in-calc-apology-people")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#out-calc-apology-payment")).to_have_text("131,000,000円")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "in-calc-apology-per_person"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "in-calc-apology-media"
    page.keyboard.press("ArrowUp")
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億4,600万円")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "リセット"
    page.keyboard.press("Enter")
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億6,000万円")


def test_without_javascript_the_build_time_results_show(browser: Browser, url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert output(page, "calc-apology", "total") == "1億6,000万円"
    assert output(page, "calc-ratio", "ratio") == "25倍"
    expect(page.locator("#calc-apology [data-calculator-reset]")).to_be_hidden()
    # Each widget says why its fields change nothing (and a shared link shows the defaults).
    noscript = page.locator(".calculator-noscript")  # get_by_text skips <noscript>
    expect(noscript).to_have_count(3)
    expect(noscript.first).to_be_visible()
    assert noscript.first.inner_text() == (
        "計算には JavaScript が必要です。表示しているのは初期値での結果です。"
    )
    context.close()


def test_with_javascript_the_noscript_line_is_not_shown(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億6,000万円")
    assert "JavaScript" not in page.locator("main").inner_text()


ROI_YAML = """\
calculators:
  roi:
    title: 記事側のROI
    inputs:
      invest: {label: 投資, value: 100}
      profit: {label: 利益, value: 10}
    outputs:
      months: {label: 月, formula: "invest / profit"}
  roi-2:
    title: 別の計算機
    inputs:
      invest: {label: 別の投資額, value: 7, unit: 円}
    outputs:
      months: {label: 倍, formula: "invest * 2"}
"""


def test_a_calculator_whose_id_ends_in_2_keeps_its_names_and_state_to_itself(
    tmp_path: Path,
    render: Callable[..., str],
    static_server: Callable[[Path], str],
    page: Page,
) -> None:
    """QA: ``roi`` placed twice beside ``roi-2``, whose ids once collided."""
    roi, _ = parse_yaml_calculator(ROI_YAML, "roi")
    other, _ = parse_yaml_calculator(ROI_YAML, "roi-2")
    assert roi is not None and other is not None
    placed = [(roi, widget_id("roi")), (roi, widget_id("roi", 2)), (other, widget_id("roi-2"))]
    widgets = "".join(render(calculator, placement) for calculator, placement in placed)
    url = static_server(write_page(tmp_path, widgets)) + "/index.html"
    page.goto(url)
    region = page.get_by_role("region", name="別の計算機")
    expect(region).to_have_count(1)
    expect(region).to_have_id("calc-roi-2")
    expect(page.get_by_role("spinbutton", name="別の投資額")).to_have_id("in-calc-roi-2-invest")
    expect(page.get_by_role("status", name="倍")).to_have_id("out-calc-roi-2-months")
    expect(page.get_by_role("region", name="記事側のROI")).to_have_count(2)
    # Typing in the calculator roi-2 keeps its own key, and a reload gives it back to it alone.
    page.get_by_role("spinbutton", name="別の投資額").fill("50")
    expect(page.locator("#out-calc-roi-2-months")).to_have_text("100")
    assert page.url == url + "?calc-roi-2.invest=50"
    page.reload()
    expect(page.locator("#out-calc-roi-2-months")).to_have_text("100")
    expect(page.locator("#out-calc-2-roi-months")).to_have_text("10")
    expect(page.locator("#out-calc-roi-months")).to_have_text("10")
    # The second placement of roi has a key of its own.
    page.goto(url + "?calc-2-roi.invest=50")
    expect(page.locator("#out-calc-2-roi-months")).to_have_text("5")
    expect(page.locator("#out-calc-roi-2-months")).to_have_text("14")
    expect(page.locator("#out-calc-roi-months")).to_have_text("10")


BREACH_YAML = """\
calculators:
  breach:
    title: What a large breach costs
    inputs:
      records: {label: Records exposed, value: 1300000000, min: 0, step: 1000000}
      cost: {label: Cost per record, value: 1.25, unit: US$, min: 0, step: 0.05}
      fx: {label: Singapore dollars per US dollar, value: 1.35, unit: S$, min: 0.01}
      budget: {label: Budget, value: 0, unit: S$}
    outputs:
      usd: {label: Total in US dollars, formula: "records * cost", format: money, unit: US$}
      sgd:
        label: Total in Singapore dollars
        formula: "usd * fx"
        format: money
        unit: S$
        decimals: 0
      left: {label: Left over, formula: "budget - sgd", format: money, unit: S$, decimals: 0}
"""


@pytest.fixture
def breach_url(
    tmp_path: Path, render: Callable[..., str], static_server: Callable[[Path], str]
) -> str:
    """An English page with a calculator in US$ and S$ (the QA tester's breach calculator)."""
    breach, problems = parse_yaml_calculator(BREACH_YAML, "breach")
    assert problems == [] and breach is not None
    page = write_page(tmp_path, render(breach, "calc-breach", "en"))
    return static_server(page) + "/index.html"


def test_money_shows_the_symbol_first_and_the_cents(page: Page, breach_url: str) -> None:
    """QA: {format: number, unit: S$} read 41,250 S$ and 1,543.2 US$ (the cents' zero lost)."""
    page.goto(breach_url)
    usd = page.locator("#out-calc-breach-usd")
    expect(usd).to_have_text("US$1,625,000,000.00")
    expect(page.locator("#out-calc-breach-sgd")).to_have_text("S$2,193,750,000")
    expect(page.locator("#out-calc-breach-left")).to_have_text("-S$2,193,750,000")
    page.fill("#in-calc-breach-records", "1")
    page.fill("#in-calc-breach-cost", "1,543.2")
    expect(usd).to_have_text("US$1,543.20")
    expect(page.locator("#out-calc-breach-sgd")).to_have_text("S$2,083")
    # The results that changed are said as shown, once the reader pauses.
    expect(page.locator("#calc-breach [data-calculator-announce]")).to_have_text(
        "Total in US dollars: US$1,543.20, Total in Singapore dollars: S$2,083, Left over: -S$2,083"
    )


def test_money_shows_the_same_before_the_script_runs(browser: Browser, breach_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(breach_url)
        assert page.locator("#out-calc-breach-usd").inner_text() == "US$1,625,000,000.00"
        assert page.locator("#out-calc-breach-left").inner_text() == "-S$2,193,750,000"
        assert page.locator("#in-calc-breach-records").input_value() == "1,300,000,000"
    finally:
        context.close()


def test_a_currency_symbol_may_come_before_the_number(page: Page, breach_url: str) -> None:
    """QA: in a field whose unit is US$, 1.25 US$ was read but US$1.25 and $5 were refused."""
    page.goto(breach_url)
    page.fill("#in-calc-breach-records", "1000")
    cost = page.get_by_role("spinbutton", name="Cost per record")
    usd = page.locator("#out-calc-breach-usd")
    message = page.locator("#message-calc-breach-cost")
    for typed, total in (
        ("US$1.25", "US$1,250.00"),
        ("$1.25", "US$1,250.00"),
        ("$5", "US$5,000.00"),
        ("1.5 US$", "US$1,500.00"),
        ("$1.3k", "US$1,300,000.00"),
    ):
        cost.fill(typed)
        expect(usd).to_have_text(total)
        expect(cost).to_have_attribute("aria-invalid", "false")
    cost.fill("-$3")  # read as -3: below the minimum, not "Enter a number"
    expect(message).to_have_text("Enter 0 or more")
    cost.fill("S$5")  # another currency's symbol is no number here
    expect(message).to_have_text("Enter a number")
    cost.fill("$1")
    page.fill("#in-calc-breach-records", "0")
    budget = page.get_by_role("spinbutton", name="Budget")
    for typed in ("−S$3", "-$3", "S$-3"):
        budget.fill(typed)
        expect(page.locator("#out-calc-breach-left")).to_have_text("-S$3")
    budget.fill("S$5.50")
    expect(page.locator("#out-calc-breach-left")).to_have_text("S$6")
    expect(budget).to_have_attribute("aria-valuenow", "5.5")


def test_a_field_shows_its_number_grouped_but_never_while_typed(
    page: Page, breach_url: str
) -> None:
    """QA: the field showed 1300000000 while the results showed 1,625,000,000."""
    page.goto(breach_url)
    records = page.get_by_role("spinbutton", name="Records exposed")
    expect(records).to_have_value("1,300,000,000")
    expect(records).to_have_attribute("aria-valuenow", "1300000000")
    expect(records).to_have_attribute("aria-valuetext", "1,300,000,000")
    records.fill("")
    records.press_sequentially("1300000000000000")  # typed key by key: left as typed
    expect(records).to_have_value("1300000000000000")
    expect(page.locator("#out-calc-breach-usd")).to_have_text("US$1,625,000,000,000,000.00")
    # Typing in the middle keeps the caret where the reader put it.
    records.press("Home")
    records.press("ArrowRight")
    records.press("5")
    expect(records).to_have_value("15300000000000000")
    assert records.evaluate("element => element.selectionStart") == 2
    records.press("Tab")  # once the reader leaves the field, it is grouped
    expect(records).to_have_value("15,300,000,000,000,000")
    expect(records).to_have_attribute("aria-valuenow", "15300000000000000")
    expect(records).to_have_attribute("aria-valuetext", "15,300,000,000,000,000")
    records.fill("1.3 billion")
    records.press("Tab")  # written with a magnitude: it reads well as it is
    expect(records).to_have_value("1.3 billion")
    expect(records).to_have_attribute("aria-valuenow", "1300000000")
    records.press("ArrowUp")
    expect(records).to_have_value("1,301,000,000")
    records.fill("abc")  # text that is no number is left to the reader
    records.press("Tab")
    expect(records).to_have_value("abc")
    page.locator("#calc-breach [data-calculator-reset]").click()
    expect(records).to_have_value("1,300,000,000")
    expect(records).to_have_attribute("aria-valuetext", "1,300,000,000")
    page.goto(breach_url + "?calc-breach.records=2000000000")
    expect(records).to_have_value("2,000,000,000")
    expect(page.locator("#out-calc-breach-usd")).to_have_text("US$2,500,000,000.00")


BUDGET_YAML = """\
calculators:
  budget:
    title: 予算の伸び
    inputs:
      budget: {label: 予算, value: 500, unit: 万円}
      rate: {label: 成長率, value: 5, unit: "%"}
    outputs:
      grown: {label: 成長後, formula: "budget * 10000 * (1 + rate / 100)", format: yen_man}
      rate_shown: {label: 率, formula: "rate", unit: "%"}
"""


@pytest.fixture
def budget_url(
    tmp_path: Path, render: Callable[..., str], static_server: Callable[[Path], str]
) -> str:
    """The budget calculator on a Japanese page, and on an English one."""
    budget, _ = parse_yaml_calculator(BUDGET_YAML, "budget")
    assert budget is not None
    write_page(tmp_path, render(budget, "calc-budget") + render(budget, "calc-2-budget", "en"))
    return static_server(tmp_path) + "/index.html"


def test_amounts_in_yen_signs_and_magnitudes_read_as_japanese_readers_write_them(
    page: Page, budget_url: str
) -> None:
    """calc QA: 「5,000,000円」 in a 万円 field was 5,000,000万円 (10,000 times too much),
    and ¥1,000, 5千万 and ▲3 were refused."""
    page.goto(budget_url)
    budget = page.locator("#in-calc-budget-budget")
    grown = page.locator("#out-calc-budget-grown")
    expect(grown).to_have_text("525万円")
    for typed in ("5,000,000円", "5000000円", "¥5,000,000", "￥5,000,000", "500万円", "500"):
        budget.fill(typed)
        expect(grown).to_have_text("525万円")
        expect(budget).to_have_attribute("aria-valuenow", "500")
    budget.fill("12,345円")  # 1.2345万円, exactly
    expect(budget).to_have_attribute("aria-valuenow", "1.2345")
    expect(grown).to_have_text("1万2,962円")
    budget.fill("5千万円")
    expect(grown).to_have_text("5,250万円")
    budget.press("Tab")  # written with a magnitude: left as it is
    expect(budget).to_have_value("5千万円")
    page.fill("#in-calc-budget-rate", "▲3")
    expect(grown).to_have_text("4,850万円")
    expect(page.locator("#out-calc-budget-rate_shown")).to_have_text("-3%")


def test_english_numbers_take_percent_signs_without_a_space(page: Page, budget_url: str) -> None:
    """calc QA: an English number output with unit "%" showed 3.5 %."""
    page.goto(budget_url)
    shown = page.locator("#out-calc-2-budget-rate_shown")
    expect(shown).to_have_text("5%")  # computed by the build
    page.fill("#in-calc-2-budget-rate", "3.5")
    expect(shown).to_have_text("3.5%")  # and by the script
    region = page.locator("#calc-2-budget [data-calculator-announce]")
    expect(region).to_have_text("成長後: ¥5,175,000, 率: 3.5%", timeout=3000)  # English commas
