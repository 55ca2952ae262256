"""One table of media types for the preview and for publishing."""

from __future__ import annotations

import pytest

from sitegen.mediatypes import content_type


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("posts/経営/index.html", "text/html; charset=utf-8"),
        ("site.3f9a1c2e.css", "text/css; charset=utf-8"),
        ("assets/css/site.3f9a1c2e.css", "text/css; charset=utf-8"),
        ("calculator.js", "text/javascript; charset=utf-8"),
        ("logo.SVG", "image/svg+xml; charset=utf-8"),
        ("photo.jpg", "image/jpeg"),
        ("images/chart.PNG", "image/png"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("search.json", "application/json; charset=utf-8"),
        ("search/index.json", "application/json; charset=utf-8"),
        ("font.woff2", "font/woff2"),
        ("fonts/noto.woff2", "font/woff2"),
        ("docs/資料.pdf", "application/pdf"),
        ("archive.tar.gz", "application/gzip"),
        ("CNAME", "application/octet-stream"),
        ("data.bin", "application/octet-stream"),
    ],
)
def test_content_types(path: str, expected: str) -> None:
    assert content_type(path) == expected
