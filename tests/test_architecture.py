"""The layering of DESIGN.md, enforced: modules import downward only, and each
third-party library is used in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# Lower numbers are lower layers; a module may import from its own layer or below.
LAYERS: dict[str, int] = {
    "errors": 0, "keylines": 0, "sourcetext": 0, "schema": 0, "text": 0, "urls": 0, "dates": 0, "workers": 0,
    "fingerprint": 0, "frozen": 0, "mediatypes": 0, "share": 0,
    "config": 1, "model": 1, "blogframe": 1, "calc": 1, "targets": 1,
    "stylesheets": 1, "scripts": 1,
    "discover": 2, "activefiles": 2, "frontmatter": 2, "markup": 2, "taxonomy": 2, "theme": 2, "sources": 2,
    "pages": 2, "related": 2, "translations": 2, "images": 2, "assetnames": 2, "uistrings": 2, "undefined": 2,
    "templating": 2, "shortcodetemplates": 2,
    "content": 3, "fields": 3, "assemble": 3, "filling": 3, "selection": 3, "render": 3, "output": 3, "scaffold": 3, "cache": 3, "jsonld": 3,
    "calculators": 3, "shortcodes": 3, "sharecards": 3, "sitedata": 3, "archives": 3, "series": 3, "feeds": 3, "sitemap": 3, "search": 3,
    "build": 4, "pagewriter": 4, "inputs": 3, "pictures": 3,
    "serve": 5, "publish": 5,
    "cli": 6, "__main__": 6, "__init__": 6,
}  # fmt: skip

# Each third-party library and the only modules that may import it.
LIBRARIES: dict[str, set[str]] = {
    "markdown": {"markup"},
    "jinja2": {"theme", "templating", "shortcodetemplates"},
    "yaml": {"frontmatter"},
    "frontmatter": {"frontmatter"},
    "watchdog": {"serve"},
    "boto3": {"publish"},
    "botocore": {"publish"},
    "mypy_boto3_s3": {"publish"},
    "pagefind": {"search"},
    "imagesize": {"images"},
    "PIL": {"images"},
}

# Standard-library modules that only the preview may use: an HTTP server belongs to serve.
STDLIB_ONLY_IN: dict[str, set[str]] = {"http.server": {"serve"}, "socketserver": {"serve"}}


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found.append((parts[0], path))
    return found


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(("top", "path"), modules(), ids=lambda v: str(v))
def test_imports_go_downward_and_libraries_stay_in_their_module(top: str, path: Path) -> None:
    assert top in LAYERS, f"{top} has no layer in this test; add it to LAYERS"
    for name in imports_of(path):
        root, _, rest = name.partition(".")
        if root == "sitegen" and rest:
            target = rest.split(".")[0]
            assert LAYERS[target] <= LAYERS[top], f"{path.name} imports {name} from a higher layer"
        elif root in LIBRARIES:
            assert top in LIBRARIES[root], (
                f"{path.name} imports {root}, which belongs to {LIBRARIES[root]}"
            )
        if name in STDLIB_ONLY_IN:
            assert top in STDLIB_ONLY_IN[name], (
                f"{path.name} imports {name}, which belongs to serve"
            )
