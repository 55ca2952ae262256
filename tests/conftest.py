"""Fixtures shared by every test package: a headless browser and a local static file server.

Browser tests are marked ``@pytest.mark.browser`` and use the ``browser`` fixture (or ``page``,
a fresh page that fails the test on a script error). Without
``/usr/bin/chromium`` they skip, unless ``SITEGEN_REQUIRE_BROWSER=1`` is set: then they fail,
so a CI machine that lost its browser cannot pass by skipping.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pygments.plugin
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Pygments looks for lexer plugins at the first code block of a language it does not
# know, and imports them. Where IPython is installed (it registers one), that import
# raises the recursion limit: hypothesis took that for an error of whichever random
# test met such a block first, and a test of deep nesting needs the usual limit.
# So they are imported once, before any test runs, and the limit is put back.
_LIMIT = sys.getrecursionlimit()
list(pygments.plugin.find_plugin_lexers())
sys.setrecursionlimit(_LIMIT)

CHROMIUM = Path("/usr/bin/chromium")
# Playwright cannot download its own browsers here: drive Debian's chromium, quietly.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A session-wide headless chromium driven by Playwright."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed"
        if os.environ.get("SITEGEN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and SITEGEN_REQUIRE_BROWSER=1 requires it")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh Japanese-locale page; the test fails if a script on it throws."""
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass


StaticServer = Callable[[Path], str]


@pytest.fixture
def static_server() -> Iterator[StaticServer]:
    """A factory: ``static_server(directory)`` serves it on 127.0.0.1 and returns the base URL.

    Each server binds a free port and is shut down when the test ends.
    """
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        host, port = server.server_address[:2]
        return f"http://{host!s}:{port}"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join()
