"""The calculators of the BUILT example blog in headless chromium, served over HTTP."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from sitekit import REPO

from sitegen.build import BuildOptions, build

pytestmark = pytest.mark.browser

APOLOGY = "/posts/minato-apology/"
DEFAULT_TOTAL = "1億1,840万円"  # 80,000人 × (1,000円 + 180円) + 2紙 × 1,200万円


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "public"
    build(REPO, BuildOptions(output=output))
    return output


@pytest.fixture
def site(public: Path, static_server: Callable[[Path], str]) -> str:
    return static_server(public)


def test_typing_new_inputs_shows_the_new_total_in_oku_and_man(page: Page, site: str) -> None:
    page.goto(site + APOLOGY)
    total = page.locator("#out-calc-apology-total")
    expect(total).to_have_text(DEFAULT_TOTAL)
    page.fill("#in-calc-apology-people", "130000")
    expect(total).to_have_text("1億7,740万円")
    page.fill("#in-calc-apology-per_person", "3000")
    expect(page.locator("#out-calc-apology-payment")).to_have_text("3億9,000万円")
    expect(total).to_have_text("4億3,740万円")
    page.fill("#in-calc-apology-ads", "0")
    expect(total).to_have_text("4億1,340万円")
    assert page.url == (
        site + APOLOGY + "?calc-apology.people=130000&calc-apology.per_person=3000"
        "&calc-apology.ads=0"
    )


def test_amounts_typed_the_japanese_way_are_read_whole(page: Page, site: str) -> None:
    # QA: a number field dropped what it did not accept, so 「13万」 became 13 and
    # 「1億」 1, a 10,000× error without a word.
    page.goto(site + APOLOGY)
    people = page.locator("#in-calc-apology-people")
    total = page.locator("#out-calc-apology-total")
    people.fill("")
    people.press_sequentially("13万")  # typed, key by key
    expect(total).to_have_text("1億7,740万円")
    expect(people).to_have_attribute("aria-invalid", "false")
    assert page.url.endswith("?calc-apology.people=130000")
    people.fill("")
    people.focus()
    page.keyboard.insert_text("１３万人")  # pasted: full-width, with the field's unit
    expect(total).to_have_text("1億7,740万円")
    page.fill("#in-calc-apology-per_person", "1.5万")
    expect(page.locator("#out-calc-apology-payment")).to_have_text("19億5,000万円")
    page.fill("#in-calc-apology-per_person", "1,000")
    page.fill("#in-calc-apology-people", "1億2,000万")
    expect(page.locator("#out-calc-apology-payment")).to_have_text("1,200億円")
    page.reload()  # the URL holds the number, not the way it was typed
    assert people.input_value() == "120,000,000"
    expect(page.locator("#out-calc-apology-payment")).to_have_text("1,200億円")


def test_text_that_is_no_number_is_refused_with_a_message(page: Page, site: str) -> None:
    page.goto(site + APOLOGY)
    people = page.locator("#in-calc-apology-people")
    message = page.locator("#message-calc-apology-people")
    for typo in ("13x", "1.2.3", "13万万", "1万2億"):
        people.fill(typo)
        expect(message).to_have_text("数値を入力してください")
        expect(people).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#out-calc-apology-total")).to_have_text("—")
    people.fill("−5")  # a minus sign too, beyond the minimum
    expect(message).to_have_text("0以上の値を入力してください")
    people.fill("1" + "0" * 24)
    expect(message).to_have_text("扱える範囲を超えた値です")
    people.fill("8万")
    expect(message).to_have_text("")
    expect(page.locator("#out-calc-apology-total")).to_have_text(DEFAULT_TOTAL)


def test_a_refused_number_keeps_the_readers_text(page: Page, site: str) -> None:
    """calc QA: a 38-digit full-width number, refused as too large, became
    12,345,678,901,234,567,890,123,456,789,012,350,000 when the reader left the field."""
    page.goto(site + APOLOGY)
    people = page.locator("#in-calc-apology-people")
    typed = "１２３４５６７８９０" * 3 + "１２３４５６７８"
    people.fill(typed)
    expect(page.locator("#message-calc-apology-people")).to_have_text("扱える範囲を超えた値です")
    people.press("Tab")
    expect(people).to_have_value(typed)
    people.focus()
    people.press("ArrowUp")  # nor do the arrows step it into other digits
    expect(people).to_have_value(typed)
    people.fill("-5000")  # below the min: left as typed too, beside its message
    people.press("Tab")
    expect(people).to_have_value("-5000")
    people.fill("5000")  # accepted: grouped as the field shows numbers
    people.press("Tab")
    expect(people).to_have_value("5,000")


def test_arrow_keys_step_a_field_within_its_limits(page: Page, site: str) -> None:
    page.goto(site + APOLOGY)
    ads = page.locator("#in-calc-apology-ads")  # 2, from 0 to 5 by 1
    ads.focus()
    for _ in range(4):
        page.keyboard.press("ArrowUp")
    assert ads.input_value() == "5"
    expect(page.locator("#out-calc-apology-ad_cost")).to_have_text("6,000万円")
    for _ in range(7):
        page.keyboard.press("ArrowDown")
    assert ads.input_value() == "0"
    people = page.locator("#in-calc-apology-people")  # by 1000, from 0
    people.fill("13万")
    people.press("Tab")  # QA: left as written, not turned into 130,000 on leaving the field
    assert people.input_value() == "13万"
    people.focus()
    people.press("ArrowUp")
    assert people.input_value() == "131,000"
    people.fill("-5")
    people.press("ArrowUp")  # from outside the limits, to the nearest one
    assert people.input_value() == "0"
    people.fill("abc")
    people.press("ArrowUp")  # text that is no number is left to the reader
    assert people.input_value() == "abc"


def announced_value(page: Page, selector: str) -> object:
    """The value Chromium gives assistive technology for the element (its accessibility
    tree, through the DevTools protocol). Its valuetext comes back mis-decoded (13万 as
    '13ä¸\x87'), so the tests read aria-valuetext from the attribute instead."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
        return tree["nodes"][0]["value"]["value"]
    finally:
        cdp.detach()


def test_a_number_field_tells_assistive_technology_its_value(page: Page, site: str) -> None:
    # QA: the spin buttons had no aria-valuenow, so Chromium announced their value as 0.
    page.goto(site + APOLOGY + "?calc-apology.people=13万")  # a hand-written address
    people = page.locator("#in-calc-apology-people")
    expect(people).to_have_attribute("aria-valuenow", "130000")
    expect(people).to_have_attribute("aria-valuetext", "130,000")  # shown as the page shows it
    page.locator("#calc-apology [data-calculator-reset]").click()
    expect(people).to_have_attribute("aria-valuenow", "80000")
    expect(people).to_have_attribute("aria-valuetext", "80,000")
    people.fill("")
    people.press_sequentially("13万")
    expect(people).to_have_attribute("aria-valuenow", "130000")
    expect(people).to_have_attribute("aria-valuetext", "13万")
    assert announced_value(page, "#in-calc-apology-people") == 130000
    people.press("ArrowUp")
    expect(people).to_have_attribute("aria-valuenow", "131000")
    expect(people).to_have_attribute("aria-valuetext", "131,000")
    assert announced_value(page, "#in-calc-apology-people") == 131000
    people.fill("")
    page.keyboard.insert_text("１３万人")  # pasted
    expect(people).to_have_attribute("aria-valuenow", "130000")
    expect(people).to_have_attribute("aria-valuetext", "１３万人")
    people.fill("abc")  # no number: announced as typed, and invalid
    expect(people).not_to_have_attribute("aria-valuenow", re.compile(".*"))
    expect(people).to_have_attribute("aria-valuetext", "abc")
    expect(people).to_have_attribute("aria-invalid", "true")
    assert Axe().run(page).response["violations"] == []


def test_a_shared_url_restores_the_scenario(page: Page, site: str, browser: Browser) -> None:
    page.goto(site + APOLOGY)
    page.fill("#in-calc-apology-people", "130000")
    page.fill("#in-calc-apology-ads", "1")
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億6,540万円")
    shared = page.url
    page.reload()
    assert page.locator("#in-calc-apology-people").input_value() == "130,000"
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億6,540万円")
    other = browser.new_context()
    try:
        elsewhere = other.new_page()
        elsewhere.goto(shared)
        assert elsewhere.locator("#in-calc-apology-ads").input_value() == "1"
        expect(elsewhere.locator("#out-calc-apology-total")).to_have_text("1億6,540万円")
    finally:
        other.close()


def test_an_address_with_values_the_widget_would_not_take_says_so_and_drops_them(
    page: Page, site: str
) -> None:
    """calc QA: such a link showed the defaults without a word, and kept its parameters."""
    page.goto(site + APOLOGY + "?calc-apology.people=abc&calc-apology.ads=99&utm_source=x")
    people = page.locator("#in-calc-apology-people")
    expect(people).to_have_value("abc")  # shown as the link has it, with what is wrong
    expect(people).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#message-calc-apology-people")).to_have_text("数値を入力してください")
    expect(page.locator("#in-calc-apology-ads")).to_have_value("99")
    expect(page.locator("#message-calc-apology-ads")).to_have_text("5以下の値を入力してください")
    expect(page.locator("#out-calc-apology-total")).to_have_text("—")
    expect(page).to_have_url(site + APOLOGY + "?utm_source=x")  # only accepted values are kept
    page.goto(site + APOLOGY + "?calc-apology.people=abc&calc-apology.ads=1")  # one is good
    expect(page.locator("#out-calc-apology-ad_cost")).to_have_text("1,200万円")
    assert page.locator("#in-calc-apology-ads").input_value() == "1"
    expect(page).to_have_url(site + APOLOGY + "?calc-apology.ads=1")
    people.fill("8万")
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億640万円")


def test_the_address_keeps_only_values_the_fields_accept(page: Page, site: str) -> None:
    """calc QA: typing abc and -1 (below the min) put ?calc-apology.people=abc and
    calc-apology.per_person=-1 in the address, which a shared link then showed as the
    defaults. A refused value leaves its key out: the address holds what the widget takes."""
    page.goto(site + APOLOGY)
    people = page.locator("#in-calc-apology-people")
    people.fill("130000")
    expect(page).to_have_url(site + APOLOGY + "?calc-apology.people=130000")
    people.fill("abc")
    page.fill("#in-calc-apology-per_person", "-1")
    expect(page.locator("#message-calc-apology-per_person")).to_have_text(
        "0以上の値を入力してください"
    )
    expect(page).to_have_url(site + APOLOGY)
    page.fill("#in-calc-apology-ads", "1")
    expect(page).to_have_url(site + APOLOGY + "?calc-apology.ads=1")
    people.fill("13万")
    expect(page).to_have_url(site + APOLOGY + "?calc-apology.ads=1&calc-apology.people=130000")


def test_reset_restores_the_defaults_and_the_url(page: Page, site: str) -> None:
    page.goto(site + APOLOGY + "?calc-apology.people=1")
    total = page.locator("#out-calc-apology-total")
    expect(total).to_have_text("2,400万1,180円")
    page.locator("#calc-apology [data-calculator-reset]").click()
    expect(total).to_have_text(DEFAULT_TOTAL)
    assert page.locator("#in-calc-apology-people").input_value() == "80,000"
    assert page.url == site + APOLOGY


def test_without_javascript_the_page_shows_the_build_time_defaults(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + APOLOGY + "?calc-apology.people=1")
        assert page.locator("#out-calc-apology-total").inner_text() == DEFAULT_TOTAL
        assert page.locator("#out-calc-apology-payment").inner_text() == "8,000万円"
        people = page.locator("#in-calc-apology-people")
        assert people.input_value() == "80,000"
        expect(page.locator("#calc-apology [data-calculator-reset]")).to_be_hidden()
        # QA: the fields took new values that the results never followed.
        expect(people).not_to_be_editable()
        people.press_sequentially("9")
        people.press("ArrowUp")
        assert people.input_value() == "80,000"
        page.goto(site + "/posts/price-increase/")
        assert page.locator("#out-calc-price-hike-limit").inner_text() == "14.29%"
        page.goto(site + "/posts/free-shipping/")
        expect(page.locator("#in-calc-shipping-threshold")).to_be_disabled()
    finally:
        context.close()


def test_the_shared_calculator_works_beside_another_on_the_page(page: Page, site: str) -> None:
    page.goto(site + "/posts/free-shipping/")
    expect(page.locator("#in-calc-price-hike-increase")).to_be_editable()
    expect(page.locator("#in-calc-shipping-threshold")).to_be_enabled()
    page.fill("#in-calc-price-hike-increase", "10")
    expect(page.locator("#out-calc-price-hike-limit")).to_have_text("25%")
    expect(page.locator("#out-calc-price-hike-change")).to_have_text("24万円")
    assert page.locator("#out-calc-shipping-burden").inner_text() == "63万7,500円"
    page.select_option("#in-calc-shipping-threshold", "0")
    expect(page.locator("#out-calc-shipping-burden")).to_have_text("212万5,000円")
    assert page.url.endswith("?calc-price-hike.increase=10&calc-shipping.threshold=0")


def test_a_result_that_cannot_be_computed_is_greyed_out_even_the_last(
    page: Page, site: str
) -> None:
    # QA: the template's calculator-failed was never toggled by the script, and the last
    # result's accent colour won over the grey meant for a failed one.
    page.goto(site + "/posts/price-increase/")
    limit = page.locator("#out-calc-price-hike-limit")
    row = page.locator('#calc-price-hike [data-result-for="limit"]')
    color = "el => getComputedStyle(el).color"
    accent = limit.evaluate(color)
    muted = page.locator("#calc-price-hike .calculator-unit").first.evaluate(color)
    assert accent != muted
    page.fill("#in-calc-price-hike-increase", "")
    expect(limit).to_have_text("—")
    expect(row).to_have_class("calculator-result calculator-failed")
    assert limit.evaluate(color) == muted
    page.fill("#in-calc-price-hike-increase", "10")
    expect(limit).to_have_text("25%")
    expect(row).to_have_class("calculator-result")
    assert limit.evaluate(color) == accent


def test_the_results_are_said_once_when_the_reader_pauses(page: Page, site: str) -> None:
    """Each result used to be a live region of its own: typing 130000 had a screen
    reader read every result again at each keystroke. The results that changed are
    said once, in one polite region, when the typing pauses."""
    page.goto(site + APOLOGY)
    region = page.locator("#calc-apology [data-calculator-announce]")
    expect(region).to_have_attribute("aria-live", "polite")
    assert (
        page.locator("#calc-apology [aria-live]:not([aria-live=off])").count()
        == 1 + page.locator("#calc-apology [data-message-for]").count()
    )  # the region, and each field's message
    page.evaluate(
        """() => {
        window.said = [];
        const region = document.querySelector('#calc-apology [data-calculator-announce]');
        new MutationObserver(() => window.said.push(region.textContent))
            .observe(region, {childList: true, characterData: true, subtree: true});
    }"""
    )
    people = page.locator("#in-calc-apology-people")
    people.fill("")
    people.press_sequentially("130000", delay=30)
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億7,740万円")
    expect(region).to_contain_text("1億7,740万円", timeout=3000)
    page.wait_for_timeout(1000)  # nothing more is said after
    said = page.evaluate("window.said")
    assert len(said) == 1, said
    assert said[0].endswith("1億7,740万円") and "、" in said[0]
    page.locator("#calc-apology [data-calculator-reset]").click()
    expect(region).to_contain_text(DEFAULT_TOTAL, timeout=3000)


def mark_live_regions(page: Page, within: str) -> int:
    """Mark (data-live-region) every element Chromium makes a live region, by its
    accessibility tree (aria-live, and the roles that are live by default: an <output> is
    a status), and those with aria-live that are empty (left out of the tree); return how
    many there are in ``within``."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.getDocument")
        for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
            props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            if props.get("live") in ("polite", "assertive") and "backendDOMNodeId" in node:
                found = cdp.send("DOM.resolveNode", {"backendNodeId": node["backendDOMNodeId"]})
                cdp.send(
                    "Runtime.callFunctionOn",
                    {
                        "objectId": found["object"]["objectId"],
                        "functionDeclaration": "function () {"
                        " if (this.nodeType === 1) this.setAttribute('data-live-region', ''); }",
                    },
                )
    finally:
        cdp.detach()
    return int(
        page.evaluate(
            """(within) => {
            for (const element of document.querySelectorAll('[aria-live]:not([aria-live=off])'))
                element.setAttribute('data-live-region', '');
            return document.querySelectorAll(`${within} [data-live-region]`).length;
        }""",
            within,
        )
    )


LOG_LIVE_CHANGES = """() => {
    window.spoken = [];
    new MutationObserver((records) => {
        for (const record of records) {
            const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
            const region = target.closest('[data-live-region]');
            if (region) window.spoken.push(`${region.id || region.className}: ${region.textContent}`);
        }
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def test_only_the_summary_speaks_and_once(page: Page, site: str) -> None:
    """a11y QA (WCAG 4.1.3): the results were <output>s, live regions by default, rewritten
    at each keystroke: five ArrowUps made 21 announcements, and typing abcd said the
    field's message four times. Only the summary region speaks, once the reader pauses."""
    page.goto(site + APOLOGY)
    # The summary and each field's message (4 fields); no result is one.
    assert mark_live_regions(page, "#calc-apology") == 1 + 4
    assert page.locator("#calc-apology output[data-live-region]").count() == 0
    page.evaluate(LOG_LIVE_CHANGES)
    page.locator("#in-calc-apology-people").focus()
    for _ in range(5):
        page.keyboard.press("ArrowUp")
        page.wait_for_timeout(150)
    expect(page.locator("#out-calc-apology-total")).to_have_text("1億2,430万円")
    page.wait_for_timeout(1200)
    spoken = page.evaluate("window.spoken")
    assert len(spoken) == 1, spoken
    assert spoken[0].endswith("総額: 1億2,430万円"), spoken
    page.evaluate("window.spoken = []")
    page.keyboard.press("Control+a")
    page.keyboard.type("abcd", delay=150)
    page.wait_for_timeout(1200)
    spoken = page.evaluate("window.spoken")
    assert spoken[0] == "message-calc-apology-people: 数値を入力してください", spoken
    assert len(spoken) == 2 and spoken[1].startswith("visually-hidden: "), spoken
