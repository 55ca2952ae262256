"""The built-in theme on a phone, with a large default font, on touch screens and on paper:
a BUILT site in headless chromium, measured as a front-end reviewer measured it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sitekit import article, build_site, write_site

pytestmark = pytest.mark.browser

SOURCE_URL = "https://news.example.jp/2024/05/01/apology.html"
LINK_URL = "https://www.example.go.jp/guideline/"
AMOUNT = "1,234,567,890円"

TABLE = (
    "| 項目 | 2019年度 | 2020年度 | 2021年度 | 2022年度 | 2023年度 | 2024年度 | 2025年度 | 備考 |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    f"| 売上高 | {' | '.join([AMOUNT] * 7)} | 新規事業を含む連結ベースの数値 |\n"
)
CODE = "total_cost_of_apology = people * (per_person + letter) + ads * 12000000  # " + "x" * 120
BODY = f"""\
[指針]({LINK_URL})を参照し、[前の記事](/posts/old/)と[表](#表)も見てください。[^1]

> [!quote news]
> 8万人に謝罪金を支払うと発表した。

> [!WARNING]
> 金額は概算です。

## 表

{TABLE}
## コード

```python
{CODE}
```

{{{{< calculator cost >}}}}

[^1]: 脚注です。
"""
FRONT_MATTER = {
    "slug": "middle",
    "tags": "[経営, マーケティング]",
    "sources": (
        f"\n  news: {{publisher: 東京ビジネス新聞, date: 2024-04-30, title: 8万人に謝罪金,"
        f" url: '{SOURCE_URL}'}}"
    ),
    "calculators": """
  cost:
    title: 謝罪にかかる費用
    inputs:
      people: {label: 対象者数, value: 12345678, unit: 人, min: 0, step: 1000}
      per_person: {label: 1人あたりの謝罪金, value: 98765, unit: 円, min: 0, step: 100}
      letter: {label: おわび状の費用（1通）, value: 180, unit: 円, min: 0, step: 10}
    outputs:
      payment: {label: 謝罪金の合計, formula: "people * per_person", format: yen}
      total: {label: 総額, formula: "payment + people * letter", format: yen_man}""",
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three articles (the middle one has every block a phone or a printer finds hard),
    one a page so that there are page links, a menu page, a menu entry of site.toml and a
    footer page."""
    long_title = (
        "顧客情報流出に伴う謝罪金とおわび状と新聞広告の費用をすべて合計して経営への影響を試算する"
    )
    root = write_site(
        tmp_path_factory.mktemp("theme"),
        {
            "content/posts/old.md": article("古い記事", "2024-03-01", slug="old"),
            "content/posts/middle.md": article(long_title, "2024-03-02", body=BODY, **FRONT_MATTER),
            "content/posts/new.md": article(long_title + "の続き", "2024-03-03", slug="new"),
            "content/about.md": "---\ntitle: 運営者について\nmenu: main\n---\n本文。\n",
            "content/privacy.md": "---\ntitle: プライバシーポリシー\nmenu: footer\n---\n本文。\n",
        },
        'title = "テストブログ"\nbase_url = "https://example.com/"\npage_size = 1\n'
        '[share]\nservices = ["x", "hatena"]\n'
        '[[menu.main]]\nname = "お問い合わせ"\nurl = "https://forms.example.jp/contact"\n',
    )
    return build_site(root).output


@pytest.fixture
def site(public: Path, static_server: Callable[[Path], str]) -> str:
    return static_server(public)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 320-pixel touch screen (pointer: coarse), the narrowest phone WCAG's reflow names."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True, locale="ja-JP"
    )
    yield context.new_page()
    context.close()


LINES = """e => {
  // The text of each line the element's text is laid out on.
  const lines = new Map();
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node; (node = walker.nextNode());) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const top = Math.round(range.getBoundingClientRect().top);
      lines.set(top, (lines.get(top) || '') + node.data[i]);
    }
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
}"""


def page_width(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


def test_a_wide_table_scrolls_sideways_and_keeps_each_amount_on_one_line(
    phone: Page, site: str
) -> None:
    # QA: the body's overflow-wrap: anywhere let every column shrink to one character:
    # 1,234,567,890円 took a line per digit and the two-row table was 1178 px tall.
    phone.goto(site + "/posts/middle/")
    table = phone.locator("table")
    cells = table.locator("tbody td, thead th")
    whole = [cell for cell in cells.all() if re.search("円|年度", cell.inner_text())]
    assert len(whole) == 14
    for cell in whole:
        lines = cell.evaluate(LINES)
        assert len(lines) == 1, lines
    assert whole[-1].inner_text() == AMOUNT
    width = table.evaluate("t => [t.clientWidth, t.scrollWidth]")
    assert width[1] > width[0] + 500  # the table scrolls, on its own
    assert page_width(phone) == 320  # the page does not


def test_calculators_fit_a_phone_whose_default_font_is_large(phone: Page, site: str) -> None:
    # QA: with the browser's font size at 24 px, minmax(14rem, 1fr) made each input
    # 336 px wide: the page widened to 389 px and values and units were cut off.
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})
    phone.goto(site + "/posts/middle/")
    assert phone.evaluate("getComputedStyle(document.body).fontSize") == "25.5px"
    assert page_width(phone) == 320
    calculator = phone.locator(".calculator").bounding_box()
    assert calculator is not None and calculator["x"] + calculator["width"] <= 320
    for unit in phone.locator(".calculator-unit").all():
        box = unit.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 320


def test_large_results_wrap_between_unit_groups_never_inside_digits(phone: Page, site: str) -> None:
    # QA: results broke as 「1京2,215兆4,320」/「億1,279万2,340」/「円」 and
    # 「12,193,209,766,770,」/「180円」.
    phone.goto(site + "/posts/middle/")
    for output in phone.locator(".calculator-result output").all():
        lines = output.evaluate(LINES)
        for line in lines:
            # Each line is whole groups: digits with their unit, the last one with 円.
            assert re.fullmatch(r"(\d{1,3}(,\d{3})*[京兆億万])*(\d{1,3}(,\d{3})*円)?", line), lines
    total = phone.locator(".calculator-result:last-child output").evaluate(LINES)
    assert len(total) > 1  # the case that needs a break at all
    assert page_width(phone) == 320


def test_the_links_to_the_older_and_newer_article_are_one_below_the_other_on_a_phone(
    phone: Page, site: str
) -> None:
    # QA: grid-column: 2 outside the media query made two columns of 130 px on phones.
    phone.goto(site + "/posts/middle/")
    older = phone.locator(".article-nav__older").bounding_box()
    newer = phone.locator(".article-nav__newer").bounding_box()
    assert older is not None and newer is not None
    assert older["x"] == newer["x"] and older["width"] == newer["width"] > 250
    assert newer["y"] > older["y"] + older["height"]
    phone.goto(site + "/posts/old/")  # only a newer one: no empty column beside it
    alone = phone.locator(".article-nav__newer").bounding_box()
    assert alone is not None and alone["width"] > 250
    phone.set_viewport_size({"width": 1280, "height": 800})
    phone.goto(site + "/posts/middle/")
    older = phone.locator(".article-nav__older").bounding_box()
    newer = phone.locator(".article-nav__newer").bounding_box()
    assert older is not None and newer is not None
    assert older["y"] == newer["y"] and newer["x"] > older["x"] + older["width"]


TAP_TARGETS = [
    ".site-menu__button",
    ".site-nav a",
    ".breadcrumbs a",
    ".footer-nav a",
    ".tag",
    ".pagination a",
    ".pagination__pages span",
    ".share__link",
    ".search-box__input",
    ".search-box__button",
]


@pytest.mark.parametrize("path", ["/posts/middle/", "/page/2/"])
def test_links_and_buttons_are_44_pixels_tall_on_a_touch_screen(
    phone: Page, site: str, path: str
) -> None:
    # QA: menu, breadcrumb and footer links were 16-18 px tall, tag pills 25 px.
    phone.goto(site + path)
    phone.locator(".site-menu__button").tap()  # the menu and the search box wait behind it
    measured = 0
    for selector in TAP_TARGETS:
        for element in phone.locator(selector).all():
            box = element.bounding_box()
            assert box is not None and box["height"] >= 44, (selector, box)
            measured += 1
    assert measured > 8
    assert page_width(phone) == 320


def test_the_header_search_field_has_16_pixel_text_on_a_touch_screen(
    phone: Page, site: str
) -> None:
    # QA: 15.2 px, under which iOS Safari zooms the page in on the field.
    phone.goto(site + "/")
    size = phone.locator(".search-box__input").evaluate("e => getComputedStyle(e).fontSize")
    assert float(size.removesuffix("px")) >= 16


MENU = [".site-nav a", ".search-box__input", ".search-box__button"]  # behind the button


def expanded(page: Page) -> bool:
    """Whether the menu button is open, as the browser tells screen readers."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    button = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".site-menu__button"})
    tree = cdp.send("Accessibility.getPartialAXTree", {**button, "fetchRelatives": False})
    node = tree["nodes"][0]
    state = {p["name"]: p["value"]["value"] for p in node["properties"]}
    assert node["name"]["value"] == "メニュー" and state["focusable"]
    return bool(state.get("expanded"))


def test_on_a_phone_the_header_is_a_title_and_a_menu_button_and_the_article_starts_above_the_fold(
    phone: Page, site: str
) -> None:
    # QA: on a 320 × 740 phone, the title, the menu and the search box took about 500 px.
    phone.set_viewport_size({"width": 320, "height": 740})
    phone.goto(site + "/posts/old/")
    header = phone.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 740 / 4
    paragraph = phone.locator(".article__body p").first.bounding_box()
    assert paragraph is not None and paragraph["y"] + paragraph["height"] <= 740
    button = phone.locator(".site-menu__button")
    expect(button).to_have_text("メニュー")
    assert not expanded(phone)
    for selector in MENU:
        expect(phone.locator(selector).first).to_be_hidden()
    button.tap()
    assert expanded(phone)
    for selector in MENU:
        expect(phone.locator(selector).first).to_be_visible()
    expect(phone.locator(".site-nav a")).to_have_text(
        ["ホーム", "タグ", "アーカイブ", "運営者について", "お問い合わせ"]
    )
    assert page_width(phone) == 320
    phone.locator(".site-nav a", has_text="運営者について").tap()
    phone.wait_for_url("**/about/")
    phone.emulate_media(media="print")  # paper shows neither the button nor the menu
    for selector in (".site-menu", ".site-nav"):
        expect(phone.locator(selector)).to_be_hidden()


def test_a_phone_held_sideways_gets_the_menu_button_too(browser: Browser, site: str) -> None:
    # QA: at 844 × 390 the full header took 202 of the 390 px.
    context = browser.new_context(
        viewport={"width": 844, "height": 390}, is_mobile=True, has_touch=True, locale="ja-JP"
    )
    page = context.new_page()
    page.goto(site + "/posts/old/")
    expect(page.locator(".site-menu__button")).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 390 / 4
    context.close()


def test_a_headings_link_stays_on_a_phones_screen_when_it_has_the_focus(
    phone: Page, site: str
) -> None:
    # QA: the "#" in the margin hung about 5 px off a 320-pixel screen, its focus ring cut.
    phone.goto(site + "/posts/middle/")
    link = phone.locator(".article__body .headerlink").first
    link.focus()
    box = link.bounding_box()
    style = "e => { const s = getComputedStyle(e); return [s.outlineWidth, s.outlineOffset]; }"
    ring = sum(float(value.removesuffix("px")) for value in link.evaluate(style))
    assert box is not None and box["x"] - ring >= 0


def test_the_menu_button_opens_and_closes_from_the_keyboard_with_a_visible_focus(
    phone: Page, site: str
) -> None:
    phone.goto(site + "/posts/old/")
    for _ in range(3):  # the skip link, the site's title, the button
        phone.keyboard.press("Tab")
    button = phone.locator(".site-menu__button")
    expect(button).to_be_focused()
    assert button.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    phone.keyboard.press("Enter")
    assert expanded(phone)
    phone.keyboard.press("Tab")  # the menu comes next, in the order it is seen
    expect(phone.locator(".site-nav a").first).to_be_focused()
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Space")
    assert not expanded(phone)
    expect(phone.locator(".site-nav")).to_be_hidden()


def test_without_javascript_the_menu_button_still_opens_the_menu(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(
        viewport={"width": 320, "height": 740}, java_script_enabled=False, locale="ja-JP"
    )
    page = context.new_page()
    page.goto(site + "/posts/old/")
    page.locator(".site-menu__button").click()
    page.locator(".site-nav a", has_text="運営者について").click()
    page.wait_for_url("**/about/")
    context.close()


def test_on_a_wide_screen_the_menu_and_search_box_show_as_ever_without_a_button(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    page = context.new_page()
    page.goto(site + "/posts/old/")
    expect(page.locator(".site-menu")).to_be_hidden()
    for selector in MENU:
        expect(page.locator(selector).first).to_be_visible()
    links = [link.bounding_box() for link in page.locator(".site-nav a").all()]
    assert len({box["y"] for box in links if box}) == 1  # on one line, under the title
    context.close()


def after(page: Page, selector: str) -> str:
    content: str = page.locator(selector).first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    return content


def test_a_printed_article_is_light_wraps_its_code_and_gives_the_address_of_each_link(
    browser: Browser, site: str
) -> None:
    # QA: code was cut at the page's edge, share buttons were printed, sources and links
    # had no address on paper, and a device in dark mode printed pale text.
    context = browser.new_context(color_scheme="dark", locale="ja-JP")
    page = context.new_page()
    page.goto(site + "/posts/middle/")
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(230, 232, 235)"
    page.emulate_media(media="print", color_scheme="dark")
    style = "([s, p]) => getComputedStyle(document.querySelector(s))[p]"
    assert page.evaluate(style, ["pre", "whiteSpace"]) == "pre-wrap"
    assert page.evaluate(style, [".share", "display"]) == "none"
    for block in (".highlight", "figure.quote", ".calculator", ".alert"):  # whole on one page
        assert page.evaluate(style, [block, "breakInside"]) == "avoid", block
    assert page.evaluate(style, [".article__body h2", "breakAfter"]) == "avoid"
    for text in ("body", "blockquote", ".article__body p"):
        assert page.evaluate(style, [text, "color"]) == "rgb(0, 0, 0)", text
    assert page.evaluate(style, ["body", "backgroundColor"]) == "rgb(255, 255, 255)"
    # The light palette's colours, where the dark one has others: code, the callout.
    assert page.evaluate(style, [".highlight", "backgroundColor"]) == "rgb(248, 248, 248)"
    assert page.evaluate(style, [".alert__title", "color"]) == "rgb(154, 103, 0)"
    assert after(page, f'.article__body a[href="{LINK_URL}"]') == f'" ({LINK_URL})"'
    assert after(page, f'.sources a[href="{SOURCE_URL}"]') == f'" ({SOURCE_URL})"'
    assert after(page, f'figcaption a[href="{SOURCE_URL}"]') == f'" ({SOURCE_URL})"'
    for own in (
        'a[href="/posts/old/"]',
        'a[href="#表"]',
        ".footnote-ref a, a.footnote-ref",
        ".quote__ref",
        ".tag",
    ):
        assert after(page, own) in ("none", "normal"), own
    context.close()


def test_printed_code_and_tables_keep_every_character_on_the_page(
    browser: Browser, site: str
) -> None:
    # QA: a long line of code was cut at the page's edge (paper does not scroll).
    context = browser.new_context(viewport={"width": 700, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.goto(site + "/posts/middle/")
    page.emulate_media(media="print")
    widths = "e => [e.clientWidth, e.scrollWidth, e.getBoundingClientRect().right]"
    code = page.locator("pre").evaluate(widths)
    table = page.locator("table").evaluate(widths)
    body = page.locator(".article__body").evaluate("e => e.getBoundingClientRect().right")
    context.close()
    assert code[1] <= code[0]  # nothing hidden past its right edge
    assert table[1] <= table[0] and table[2] <= body
