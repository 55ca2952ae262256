"""Helpers for tests that build sample sites: write files, build, run the CLI, read HTML,
compare with golden files."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path
from xml.etree import ElementTree

from sitegen.build import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parent.parent

MINIMAL_CONFIG = 'title = "テストブログ"\nbase_url = "https://example.com/"\n'


def write_site(root: Path, files: dict[str, str | bytes], config: str = MINIMAL_CONFIG) -> Path:
    """Create a site in ``root`` from ``{relative path: text}`` (text is dedented)."""
    all_files: dict[str, str | bytes] = {"site.toml": config, **files}
    for name, content in all_files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), "utf-8")
    return root


def article(title: str, date: str = "2024-03-12", body: str = "本文です。", **keys: str) -> str:
    """The text of an article with front matter ``title``, ``date`` and ``keys``."""
    lines = [f"title: {title}", f"date: {date}", *(f"{k}: {v}" for k, v in keys.items())]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def png(width: int, height: int) -> bytes:
    """A PNG picture of ``width`` × ``height`` black pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = zlib.compress(b"".join(b"\x00" + b"\x00" * 3 * width for _ in range(height)))
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def build_site(root: Path, **options: object) -> BuildResult:
    """Build the site in ``root``; without the search index unless ``search=True``
    (Pagefind takes a second or so, and only the search tests look at it)."""
    options.setdefault("search", False)
    return build(root, BuildOptions(**options))  # type: ignore[arg-type]


def read(root: Path, path: str) -> str:
    """An output file of the site in ``root`` as text."""
    return (root / "public" / path).read_text("utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def clean_build(site: Path, work: Path) -> dict[str, bytes]:
    """The output of a clean build of ``site``: of a copy in ``work`` without its cache
    or output, the reference a build that lives on must equal byte for byte."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(site, work, ignore=shutil.ignore_patterns(".sitegen-cache", "public"))
    build(work, BuildOptions(search=False))
    return snapshot(work / "public")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sitegen`` as a user would, capturing its output."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's sitegen
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def xml(root: Path, path: str) -> ElementTree.Element:
    """An output file of the site in ``root``, parsed as XML (which fails if it is not)."""
    return ElementTree.fromstring((root / "public" / path).read_bytes())


def main_of(html: str) -> str:
    """The ``<main>`` element of a page: its own content, without menus and sidebar."""
    start = html.index("<main")
    return html[start : html.index("</main>", start)]


def check_golden(path: Path, text: str) -> None:
    """Compare ``text`` with the golden file ``path``; ``SITEGEN_REGEN_GOLDEN=1`` rewrites
    it instead, on purpose (review the diff before committing)."""
    if os.environ.get("SITEGEN_REGEN_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed; regenerate on purpose"


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two opaque colours, each ``#rgb``, ``#rrggbb`` or
    ``rgb(r, g, b)`` as a browser computes it."""

    def luminance(colour: str) -> float:
        if colour.startswith("#"):
            digits = colour[1:] if len(colour) == 7 else "".join(c * 2 for c in colour[1:])
            channels = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
        else:
            channels = [int(float(n)) for n in re.findall(r"[\d.]+", colour)[:3]]
        r, g, b = (
            (c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels
        )
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
