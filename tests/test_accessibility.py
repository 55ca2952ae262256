"""The built-in theme in headless chromium, checked with axe-core (the rules of WCAG 2.x
that can be checked by machine): no violation on any kind of page, light or dark."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Route
from sitekit import REPO, article, write_site

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


def _without_refresh(route: Route) -> None:
    """Answer with the page minus its refresh: how a browser that does not follow one shows it."""
    response = route.fetch()
    route.fulfill(
        response=response, body=re.sub(r'<meta http-equiv="refresh"[^>]*>', "", response.text())
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("site", "paths"), [("example", EXAMPLE_PAGES), ("features", FEATURE_PAGES)]
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
