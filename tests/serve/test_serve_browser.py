"""The live preview in headless chromium: pages follow edits, and failed builds show an overlay."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from serve_support import DEADLINE, Running, StartPreview, sample_site, save
from sitekit import article

pytestmark = pytest.mark.browser

FIRST = "content/posts/2024-03-10-first.md"
WAIT_MS = DEADLINE * 1000


def open_article(page: Page, running: Running) -> None:
    page.goto(running.url + "posts/first/")
    expect(page.locator("h1.article__title")).to_have_text("最初の記事")
    # Marks this very document: a reload by hand would lose the mark, the preview's keeps it out.
    page.evaluate("document.documentElement.dataset.openedByTest = 'yes'")


def test_an_edit_shows_in_the_open_page_without_reloading_by_hand(
    page: Page, running: Running, site: Path
) -> None:
    open_article(page, running)
    save(site / FIRST, article("最初の記事（更新）", "2024-03-10", "書き直した本文です。"))
    expect(page.locator("h1.article__title")).to_have_text("最初の記事（更新）", timeout=WAIT_MS)
    expect(page.locator(".article__body")).to_contain_text("書き直した本文です。")
    # The page was reloaded by the preview, not kept by the test: its mark is gone.
    assert page.evaluate("document.documentElement.dataset.openedByTest") is None


@pytest.mark.parametrize("how", ["slug", "rename"])
def test_an_open_page_follows_its_article_to_its_new_address(
    page: Page, running: Running, site: Path, how: str
) -> None:
    """QA: a new slug or a renamed file left the open tab on the 404 page; Hugo's
    server goes to the changed page."""
    open_article(page, running)
    page.evaluate("location.hash = 'top'")
    text = article("最初の記事", "2024-03-10", "本文です。")
    if how == "slug":
        save(site / FIRST, text.replace("title:", "slug: renamed\ntitle:", 1))
    else:
        (site / FIRST).rename(site / "content/posts/2024-03-10-renamed.md")
    page.wait_for_url("**/posts/renamed/#top", timeout=WAIT_MS)
    expect(page.locator("h1.article__title")).to_have_text("最初の記事")


def test_broken_front_matter_shows_the_overlay_and_the_fix_brings_the_page_back(
    page: Page, running: Running, site: Path
) -> None:
    open_article(page, running)
    save(site / FIRST, "---\ntitle: 最初の記事\ndate: 2024-03-10\ntags: [経営\n---\n本文\n")
    overlay = page.locator("#sitegen-overlay")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    expect(overlay.get_by_role("alertdialog")).to_contain_text("ビルドに失敗しました")
    expect(overlay.locator(".location")).to_have_text(f"{FIRST}:4")  # where the list opens
    expect(overlay.locator("li")).to_contain_text("invalid YAML front matter")
    expect(overlay.locator(".hint")).to_contain_text("(ヒント: end it with ']'")
    copied = overlay.locator("li").first.text_content() or ""
    assert " (ヒント: end it with ']'" in copied  # copied as one line of text, hint apart
    expect(page.locator("h1.article__title")).to_have_text("最初の記事")  # the last good page
    expect(overlay.locator(".note")).to_contain_text("前回ビルドできたサイトを表示しています")
    save(site / FIRST, article("最初の記事（直した）", "2024-03-10"))
    expect(overlay).to_have_count(0, timeout=WAIT_MS)
    expect(page.locator("h1.article__title")).to_have_text("最初の記事（直した）")


def test_when_the_first_build_fails_the_overlay_does_not_promise_a_last_good_site(
    page: Page, tmp_path: Path, start_preview: StartPreview
) -> None:
    site = sample_site(tmp_path / "site")
    (site / FIRST).write_text("---\ntitle: [最初の記事\n---\n本文\n", "utf-8")
    running = start_preview(site)
    page.goto(running.url + "posts/first/")  # no site yet: the bare 404
    overlay = page.locator("#sitegen-overlay")
    expect(overlay.locator(".note")).to_contain_text(
        "まだ一度もビルドできていないため、表示できるサイトはありません", timeout=WAIT_MS
    )
    expect(overlay.locator(".note")).not_to_contain_text("前回ビルドできた")
    save(site / FIRST, article("最初の記事", "2024-03-10"))
    expect(page.locator("h1.article__title")).to_have_text("最初の記事", timeout=WAIT_MS)
    expect(overlay).to_have_count(0)


def test_problems_are_shown_as_text_never_as_markup(
    page: Page, running: Running, site: Path
) -> None:
    open_article(page, running)
    save(site / FIRST, article("最初の記事", "<img src=x onerror=window.pwned=1>"))
    overlay = page.locator("#sitegen-overlay")
    expect(overlay.locator("li")).to_contain_text(
        "date: not a date ('<img src=x onerror=window.pwned=1>')", timeout=WAIT_MS
    )
    assert overlay.locator("img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_every_open_page_shows_the_overlay_and_it_can_be_closed(
    browser: Browser, page: Page, running: Running, site: Path
) -> None:
    other = page.context.new_page()
    other.goto(running.url)
    open_article(page, running)
    save(site / "site.toml", 'title = "x"\npage_size = "ten"\n')
    for each in (page, other):
        expect(each.locator("#sitegen-overlay .location")).to_have_text(
            "site.toml:2", timeout=WAIT_MS
        )
    page.get_by_role("button", name="閉じる").click()
    expect(page.locator("#sitegen-overlay")).to_have_count(0)
    expect(other.locator("#sitegen-overlay")).to_have_count(1)  # closed in one tab only


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_overlay_breaks_no_accessibility_rule(
    browser: Browser, running: Running, site: Path, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme, locale="ja-JP")
    page = context.new_page()
    try:
        open_article(page, running)
        save(site / FIRST, article("最初の記事", "2024-13-01"))
        expect(page.locator("#sitegen-overlay")).to_be_visible(timeout=WAIT_MS)
        results = Axe().run(page, context="#sitegen-overlay", options={}).response
        assert len(results["passes"]) > 5  # the rules did look at the overlay
        violations = [f"{v['id']}: {v['nodes'][0]['target']}" for v in results["violations"]]
        assert violations == []
    finally:
        context.close()
