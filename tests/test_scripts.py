"""A theme's scripts name the modules they import, and their source maps, by the
fingerprinted names; and so do stylesheets their source maps."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sitekit import article, build_site, write_site

from sitegen.assetnames import Fingerprinted, fingerprint
from sitegen.scripts import mentions


def named(files: dict[str, bytes]) -> Fingerprinted:
    return fingerprint(files, {name: f"theme/static/{name}" for name in files})


def file_name(result: Fingerprinted, name: str) -> str:
    return result.outputs[name].rsplit("/", 1)[1]


def test_each_form_of_a_modules_name_is_rewritten_with_its_query_and_attributes() -> None:
    files = {
        "js/app.js": b'import { hello } from "./util.js";\n'
        b"import def, * as all from '../lib/x.js?v=2';\n"
        b'import "./side.js";\n'
        b'export * from "./util.js";\n'
        b'export { a as b, "x-y" as c } from "./util.js";\n'
        b'const data = await import("./data.json", { with: { type: "json" } });\n'
        b'import {from} from "./util.js"\n',
        "js/util.js": b"export function hello() {}",
        "js/side.js": b"document.title = 'x';",
        "js/data.json": b"{}",
        "lib/x.js": b"export default 1;",
    }
    result = named(files)
    util, side, data = (file_name(result, f"js/{n}") for n in ("util.js", "side.js", "data.json"))
    lib = file_name(result, "lib/x.js")
    assert result.rewritten["js/app.js"].decode() == (
        f'import {{ hello }} from "./{util}";\n'
        f"import def, * as all from '../lib/{lib}?v=2';\n"
        f'import "./{side}";\n'
        f'export * from "./{util}";\n'
        f'export {{ a as b, "x-y" as c }} from "./{util}";\n'
        f'const data = await import("./{data}", {{ with: {{ type: "json" }} }});\n'
        f'import {{from}} from "./{util}"\n'
    )
    assert result.warnings == ()


def test_only_module_names_are_rewritten_not_comments_strings_templates_or_regexes() -> None:
    text = (
        b'// import "./util.js"\n'
        b'/* import { a } from "./util.js" */\n'
        b'const path = "./util.js", other = \'import "./util.js"\';\n'
        b'const text = `import("./util.js") ${ {a: 1}.a } "./util.js"`;\n'
        b'const quote = /"import "\\.\\/util.js"/g, half = 4 / 2 / 1, next = i++ / 2;\n'
        b'if (api.import("./util.js")) { import.meta.url; }\n'
        b'import("./" + name); import(`./util.js`);\n'
        b'import "lit"; import "/js/util.js"; import "https://example.com/util.js";\n'
    )
    result = named({"js/app.js": text, "js/util.js": b"export const a = 1;"})
    assert result.rewritten == {} and result.warnings == ()


def test_a_module_after_a_template_or_a_regex_is_found() -> None:
    text = (
        "const a = `${ `in ${ 'nested' }` } ${/`/.source}`, b = /[/\"]/.test(x) / 2;\n"
        'const c = "a \\" quote", d = \'it\\\'s\'; import { e } from "./e.js";\n'
        'const e = typeof /x/; import("./e.js")\n'
        'const f = /"/.test(s); import { f } from "./f.js";\n'
        'function g() { return /\'/; } import "./g.js";\n'
        'const h = a / 2; import "./h.js"; // 1/2\n'
    )
    assert [(m.address, m.written) for m in mentions(text)] == [
        ("./e.js", 'import … from "./e.js"'),
        ("./e.js", 'import("./e.js")'),
        ("./f.js", 'import … from "./f.js"'),
        ("./g.js", 'import "./g.js"'),
        ("./h.js", 'import "./h.js"'),
    ]


def test_source_maps_of_scripts_and_stylesheets_name_the_fingerprinted_map() -> None:
    files = {
        "js/vendor.min.js": b"var a=1;\n//# sourceMappingURL=vendor.min.js.map\n",
        "js/vendor.min.js.map": b'{"version":3}',
        "css/site.css": b"a{color:red}\n/*# sourceMappingURL=site.css.map */\n",
        "css/site.css.map": b'{"version":3}',
        "js/inline.js": b"//# sourceMappingURL=data:application/json;base64,e30=\n",
    }
    result = named(files)
    script_map, sheet_map = (
        file_name(result, "js/vendor.min.js.map"),
        file_name(result, "css/site.css.map"),
    )
    assert script_map.startswith("vendor.min.js.") and script_map.endswith(".map")
    assert result.rewritten["js/vendor.min.js"].decode() == (
        f"var a=1;\n//# sourceMappingURL={script_map}\n"
    )
    assert result.rewritten["css/site.css"].decode() == (
        f"a{{color:red}}\n/*# sourceMappingURL={sheet_map} */\n"
    )
    assert "js/inline.js" not in result.rewritten and result.warnings == ()


def test_a_module_is_named_after_the_modules_it_imports() -> None:
    files = {
        "js/app.js": b'import { hello } from "./util.js";\nhello();\n',
        "js/util.js": b'import { x } from "./deep/x.js"; export const hello = () => x;',
        "js/deep/x.js": b"export const x = 1;",
    }
    first = named(files)
    second = named({**files, "js/deep/x.js": b"export const x = 2;"})
    assert all(first.outputs[n] != second.outputs[n] for n in files)  # the change goes up
    util = file_name(second, "js/util.js")
    assert second.rewritten["js/app.js"].decode().startswith(f'import {{ hello }} from "./{util}"')


def test_modules_that_import_each_other_share_one_digest_and_name_each_other() -> None:
    files = {
        "js/a.js": b'import { b } from "./b.js"; export const a = () => b;',
        "js/b.js": b'import { a } from "./a.js"; export const b = () => a;',
        "js/main.js": b'import { a } from "./a.js";',
    }
    result = named(files)
    a, b = file_name(result, "js/a.js"), file_name(result, "js/b.js")
    assert f'"./{b}"' in result.rewritten["js/a.js"].decode()
    assert f'"./{a}"' in result.rewritten["js/b.js"].decode()
    assert f'"./{a}"' in result.rewritten["js/main.js"].decode()
    assert named(files) == result  # the same files, the same names
    again = named({**files, "js/b.js": files["js/b.js"] + b"\n"})
    assert all(again.outputs[n] != result.outputs[n] for n in files)


def test_a_module_the_theme_lacks_is_a_warning_with_its_line() -> None:
    result = named(
        {
            "js/app.js": b'import { hello } from "./util.js";\n\nimport("./utl.js");\n'
            b"//# sourceMappingURL=app.js.map\n",
            "js/util.js": b"export const hello = 1;",
        }
    )
    assert [str(p) for p in result.warnings] == [
        'theme/static/js/app.js:3: warning: import("./utl.js"): the theme has no file '
        "static/js/utl.js; left as it is (hint: did you mean './util.js'?)",
        "theme/static/js/app.js:4: warning: sourceMappingURL=app.js.map: the theme has no "
        "file static/js/app.js.map; left as it is",
    ]


@pytest.mark.browser
def test_a_module_imports_another_in_a_browser_after_a_build(
    tmp_path: Path, page: Page, static_server: Callable[[Path], str]
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事", layout="landing"),
            "theme/templates/landing.html": """
                <!doctype html><html><head><meta charset="utf-8"><title>t</title>
                <script type="module" src="{{ asset('js/app.js') }}"></script>
                </head><body><p id="out">…</p></body></html>
            """,
            "theme/static/js/app.js": """
                import { hello } from "./lib/util.js";
                const { twice } = await import("./lib/twice.mjs");
                document.getElementById("out").textContent = twice(hello());
            """,
            "theme/static/js/lib/util.js": 'export function hello() { return "こんにちは"; }\n',
            "theme/static/js/lib/twice.mjs": "export const twice = (s) => s + s;\n",
        },
    )
    result = build_site(tmp_path)
    assert result.warnings == []
    assert not list((tmp_path / "public/assets/js").glob("app.js"))  # only the hashed name
    page.goto(static_server(tmp_path / "public") + "/posts/a/")
    page.wait_for_function("document.getElementById('out').textContent !== '…'")
    assert page.text_content("#out") == "こんにちはこんにちは"
    assert re.search(r"/assets/js/app\.[0-9a-f]{8}\.js", page.content())
