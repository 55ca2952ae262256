"""The built-in theme in headless chromium, checked with axe-core (the rules of WCAG 2.x
that can be checked by machine): no violation on any kind of page, light or dark; and
what axe does not check: the contrast of fields' borders, the names of headings and
their links, alerts' kinds in words, forced colours."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route, expect
from sitekit import REPO, article, contrast, write_site

from sitegen.build import BuildOptions, build

pytestmark = pytest.mark.browser

EXAMPLE_PAGES = [
    "/", "/page/2/", "/posts/minato-apology/", "/posts/price-increase/", "/tags/",
    "/tags/management/", "/archives/", "/archives/2024/", "/search/", "/404.html", "/about/",
    "/posts/repeat-customers/", "/series/", "/series/sales-course/", "/posts/free-shipping/",
]  # fmt: skip
FEATURE_PAGES = [
    "/",
    "/posts/a/",
    "/posts/b/",
    "/posts/c/",
    "/privacy/",
    "/old/",
    "/series/pricing/",
]
SHOWCASE_PAGES = ["/posts/code/", "/search/"]
# Highlighted code with a highlighted line, each of the five alerts with a title of its
# own, headings: what the example blog does not have.
SHOWCASE_BODY = """前文。

## 謝罪金の*相場*

```python {hl_lines=[1, 3]}
# 売上を計算する
total = price * 0.1 + 0x1F  # 税
name = f"謝罪金{total!r}"

@cache
def pay(people: int) -> None:
    return None if people is not None else print(name, 'x', 1e3)
```

""" + "\n\n".join(
    f"> [!{kind}] {title}\n> 本文。"
    for kind, title in [
        ("NOTE", "補足の題"), ("TIP", "通知の文面は先に常連客へ"), ("IMPORTANT", "期限"),
        ("WARNING", "返金の前に"), ("CAUTION", "返還を求められる例"),
    ]
)  # fmt: skip


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "public"
    build(REPO, BuildOptions(output=output))
    return output


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An English site with what the example does not show: a pinned article, a
    captioned figure, a video, a footer menu, an old address, share links, a draft,
    profile links, a series."""
    body = (
        '{{< figure src="/chart.svg" caption="Sales by month" >}}\n\n'
        "{{< youtube dQw4w9WgXcQ >}}\n\n~~Old price~~ See https://example.com/ for more.\n"
    )
    root = write_site(
        tmp_path_factory.mktemp("features"),
        {
            "content/posts/a.md": article(
                "Pinned", slug="a", pinned="true", tags="[Sales]", body=body
            ),
            "content/posts/b.md": article(
                "Plain", "2024-03-13", slug="b", aliases="/old/", series="Pricing"
            ),
            "content/posts/d.md": article("Next", "2024-03-15", slug="d", series="Pricing"),
            "content/posts/c.md": article("Unfinished", "2024-03-14", slug="c", draft="true"),
            "content/privacy.md": "---\ntitle: Privacy\nmenu: footer\n---\nText.\n",
            "static/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>',
        },
        'title = "Notes"\nbase_url = "https://example.com/"\nlanguage = "en"\nauthor = "Sei"\n'
        '[profile]\nrole = "Consultant"\n[profile.links]\nX = "https://x.com/sei"\n',
    )
    return build(root, BuildOptions(search=False, drafts=True)).output


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(
        tmp_path_factory.mktemp("showcase"),
        {"content/posts/code.md": article("コードと注意書き", slug="code", body=SHOWCASE_BODY)},
    )
    return build(root, BuildOptions()).output


def _without_refresh(route: Route) -> None:
    """Answer with the page minus its refresh: how a browser that does not follow one shows it."""
    response = route.fetch()
    route.fulfill(
        response=response, body=re.sub(r'<meta http-equiv="refresh"[^>]*>', "", response.text())
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("site", "paths"),
    [("example", EXAMPLE_PAGES), ("features", FEATURE_PAGES), ("showcase", SHOWCASE_PAGES)],
)
def test_no_page_breaks_an_accessibility_rule(
    request: pytest.FixtureRequest,
    browser: Browser,
    static_server: Callable[[Path], str],
    site: str,
    paths: list[str],
    scheme: str,
) -> None:
    base = static_server(request.getfixturevalue(site))
    context = browser.new_context(color_scheme=scheme, locale="ja-JP")
    page = context.new_page()
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())  # offline
    page.route("**/old/", _without_refresh)  # an old address, checked itself
    axe = Axe()
    found = {}
    try:
        for path in paths:
            page.goto(base + path)
            violations = axe.run(page).response["violations"]
            found[path] = [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations]
    finally:
        context.close()
    assert found == {path: [] for path in paths}


@pytest.mark.parametrize(("site", "word"), [("example", "メニュー"), ("features", "Menu")])
def test_a_phones_menu_button_and_its_menu_break_no_rule(
    request: pytest.FixtureRequest,
    browser: Browser,
    static_server: Callable[[Path], str],
    site: str,
    word: str,
) -> None:
    base = static_server(request.getfixturevalue(site))
    context = browser.new_context(
        viewport={"width": 320, "height": 740}, is_mobile=True, has_touch=True, locale="ja-JP"
    )
    page = context.new_page()
    axe = Axe()
    try:
        page.goto(base + "/")
        button = page.locator(".site-menu__button")
        assert button.inner_text() == word  # in the site's language
        closed = axe.run(page).response["violations"]
        button.tap()
        assert page.locator(".site-nav").is_visible()
        opened = axe.run(page).response["violations"]
    finally:
        context.close()
    assert [v["id"] for v in closed + opened] == []


def _style(page: Page, selector: str, pseudo: str | None = None) -> dict[str, str]:
    """The computed colours of the first element ``selector`` finds (of its ``pseudo``)."""
    return page.evaluate(
        """([selector, pseudo]) => {
            const style = getComputedStyle(document.querySelector(selector), pseudo);
            return {color: style.color, background: style.backgroundColor,
                    border: style.borderTopColor, opacity: style.opacity};
        }""",
        [selector, pseudo],
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_fields_and_share_links_are_outlined_at_3_to_1_and_placeholders_read_at_4_5_to_1(
    browser: Browser, static_server: Callable[[Path], str], showcase: Path, scheme: str
) -> None:
    base = static_server(showcase)
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    ratios = {}
    try:
        for path, field, around in [
            ("/posts/code/", ".search-box__input", ".site-header"),
            ("/search/", ".search__input", "body"),
        ]:
            page.goto(base + path)
            own, outside = _style(page, field), _style(page, around)
            placeholder = _style(page, field, "::placeholder")
            ratios[f"{field} border"] = min(
                contrast(own["border"], own["background"]),
                contrast(own["border"], outside["background"]),
            )
            ratios[f"{field} placeholder"] = contrast(placeholder["color"], own["background"])
        page.goto(base + "/posts/code/")
        share = _style(page, ".share__link")
        ratios["share border"] = contrast(share["border"], _style(page, "body")["background"])
    finally:
        context.close()
    low = {name: round(ratio, 2) for name, ratio in ratios.items()
           if ratio < (4.5 if "placeholder" in name else 3)}  # fmt: skip
    assert len(ratios) == 5 and low == {}


def test_a_heading_is_named_by_its_words_and_its_link_by_the_heading(
    browser: Browser, static_server: Callable[[Path], str], showcase: Path
) -> None:
    base = static_server(showcase)
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(base + "/posts/code/")
        heading = page.locator("h2#謝罪金の相場")
        expect(heading).to_have_accessible_name("謝罪金の相場")  # no "#" at its end
        link = page.locator(".headerlink")
        expect(link).to_have_accessible_name("謝罪金の相場")
        expect(link).to_have_accessible_description("この見出しへのリンク")
        assert _style(page, ".headerlink")["opacity"] == "0"  # out of sight until wanted
        page.keyboard.press("Tab")
        while not link.evaluate("link => link === document.activeElement"):
            page.keyboard.press("Tab")  # a stop on the keyboard's way through the page
        focused = _style(page, ".headerlink")
        background = _style(page, "body")["background"]
    finally:
        context.close()
    assert focused["opacity"] == "1" and contrast(focused["color"], background) >= 4.5


@pytest.mark.parametrize(("language", "words"), [("ja", "警告："), ("en", "Caution: ")])
def test_an_alert_with_a_title_of_its_own_tells_its_kind_in_words(
    browser: Browser,
    static_server: Callable[[Path], str],
    tmp_path: Path,
    language: str,
    words: str,
) -> None:
    body = "> [!CAUTION] 返還を求められる例\n> 目的外の支出は返還の対象になる。\n"
    root = write_site(
        tmp_path,
        {"content/posts/a.md": article("記事", slug="a", body=body)},
        f'title = "t"\nbase_url = "https://example.com/"\nlanguage = "{language}"\n',
    )
    base = static_server(build(root, BuildOptions(search=False)).output)
    context = browser.new_context(forced_colors="active")  # where colours say nothing
    page = context.new_page()
    try:
        page.goto(base + "/posts/a/")
        note = page.get_by_role("note")
        expect(note).to_match_aria_snapshot(
            f"- note:\n  - paragraph: {json.dumps(words + '返還を求められる例')}\n"
            "  - paragraph: 目的外の支出は返還の対象になる。"
        )
        expect(note.locator(".alert__kind")).to_be_visible()  # to sighted readers too
    finally:
        context.close()


def test_in_forced_colours_the_current_page_and_an_open_menu_are_set_apart(
    browser: Browser, static_server: Callable[[Path], str], example: Path
) -> None:
    base = static_server(example)
    context = browser.new_context(
        forced_colors="active", viewport={"width": 320, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto(base + "/")
        canvas = _style(page, "body")["background"]
        current = _style(page, ".pagination__pages span[aria-current]")
        page.locator(".site-menu__button").click()
        menu = _style(page, ".site-menu[open] .site-menu__button")
    finally:
        context.close()
    for shown in (current, menu):
        assert shown["background"] != canvas  # filled, as without forced colours
        assert contrast(shown["color"], shown["background"]) >= 4.5
