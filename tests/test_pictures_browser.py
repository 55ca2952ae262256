"""A browser loads the smaller WebP copy of a picture, not the picture: the BUILT
example blog (whose copies are WebP) in headless chromium, served over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sitekit import REPO

from sitegen.build import BuildOptions, build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "public"
    build(REPO, BuildOptions(output=output, search=False))
    return output


def test_a_phone_loads_the_webp_copy_of_a_cards_picture(
    page: Page, public: Path, static_server: Callable[[Path], str]
) -> None:
    site = static_server(public)
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/posts/free-shipping/")
    thumbnail = page.locator("img.blogcard__image")
    thumbnail.scroll_into_view_if_needed()  # it loads as it nears the screen
    page.wait_for_function(
        "() => { const i = document.querySelector('img.blogcard__image');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    # The chart's WebP version at its own width: a 640-pixel copy would weigh more (its
    # thin lines shrunk into many colours), so there is none to choose.
    copy = site + "/posts/images/three-levers-1200w.webp"
    assert thumbnail.evaluate("i => i.currentSrc") == copy  # decoded and shown
    pictures = [url for url in fetched if "/images/three-levers" in url]
    assert pictures == [copy]  # the PNG itself is never loaded
