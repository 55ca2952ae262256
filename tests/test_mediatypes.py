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
        # Fonts, calendars and media a site serves from static/: never a download of
        # unknown bytes, and the same on every Python version.
        ("fonts/NotoSansJP.ttf", "font/ttf"),
        ("fonts/NotoSansJP.OTF", "font/otf"),
        ("fonts/old.eot", "application/vnd.ms-fontobject"),
        ("seminar.ics", "text/calendar; charset=utf-8"),
        ("talk.vtt", "text/vtt; charset=utf-8"),
        ("photo.avif", "image/avif"),
        ("anim.gif", "image/gif"),
        ("scan.tiff", "image/tiff"),
        ("talk.mp4", "video/mp4"),
        ("talk.webm", "video/webm"),
        ("talk.ogv", "video/ogg"),
        ("podcast.mp3", "audio/mpeg"),
        ("podcast.m4a", "audio/mp4"),
        ("podcast.ogg", "audio/ogg"),
        ("podcast.opus", "audio/ogg"),
        ("podcast.wav", "audio/wav"),
        ("podcast.flac", "audio/flac"),
        ("site.3f9a1c2e.js.map", "application/json; charset=utf-8"),
        ("notes.txt", "text/plain; charset=utf-8"),
        ("slides.zip", "application/zip"),
        ("book.epub", "application/epub+zip"),
        (
            "見積書.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("atom.xml", "application/xml; charset=utf-8"),  # feeds: as readers expect them
        ("CNAME", "application/octet-stream"),
        ("data.bin", "application/octet-stream"),
    ],
)
def test_content_types(path: str, expected: str) -> None:
    assert content_type(path) == expected
