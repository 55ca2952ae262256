"""A theme's stylesheets name its pictures and fonts by their fingerprinted names."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import article, build_site, png, read, write_site

from sitegen.assetnames import Fingerprinted, fingerprint
from sitegen.build import Builder, BuildOptions


def named(files: dict[str, bytes]) -> Fingerprinted:
    return fingerprint(files, {name: f"theme/static/{name}" for name in files})


def css(result: Fingerprinted, name: str) -> str:
    return result.rewritten[name].decode()


def test_a_relative_url_names_the_fingerprinted_file_and_keeps_its_query_and_fragment() -> None:
    result = named(
        {
            "css/site.css": b"a { background: url(../img/bg.png?v=2#top); }\n"
            b'@font-face { src: url("../fonts/my%20font.woff2") format("woff2"); }\n'
            b"b { background: url( 'bg2.png' ) }\n",
            "img/bg.png": b"picture",
            "fonts/my font.woff2": b"font",
            "css/bg2.png": b"other",
        }
    )
    picture = result.outputs["img/bg.png"].rsplit("/", 1)[1]
    font = result.outputs["fonts/my font.woff2"].rsplit("/", 1)[1].replace(" ", "%20")
    beside = result.outputs["css/bg2.png"].rsplit("/", 1)[1]
    assert re.fullmatch(r"bg\.[0-9a-f]{8}\.png", picture)
    assert css(result, "css/site.css") == (
        f"a {{ background: url(../img/{picture}?v=2#top); }}\n"
        f'@font-face {{ src: url("../fonts/{font}") format("woff2"); }}\n'
        f"b {{ background: url( '{beside}' ) }}\n"
    )
    assert not result.warnings


def test_absolute_urls_data_uris_fragments_comments_and_strings_are_left_alone() -> None:
    text = (
        b"a { background: url(/img/bg.png) url(https://example.com/x.png) url(//cdn/x.png); }\n"
        b"b { background: url(data:image/png;base64,AAAA); fill: url(#gradient); }\n"
        b'/* url(../img/bg.png) */ c::before { content: "url(../img/bg.png)"; }\n'
    )
    result = named({"css/site.css": text, "img/bg.png": b"picture"})
    assert result.rewritten == {} and result.warnings == ()
    assert re.fullmatch(r"assets/css/site\.[0-9a-f]{8}\.css", result.outputs["css/site.css"])


def test_a_stylesheets_name_follows_the_files_it_names() -> None:
    first = named({"css/site.css": b"a{background:url(../img/bg.png)}", "img/bg.png": b"one"})
    second = named({"css/site.css": b"a{background:url(../img/bg.png)}", "img/bg.png": b"two"})
    assert first.outputs["css/site.css"] != second.outputs["css/site.css"]


def test_an_imported_stylesheet_is_named_first_and_a_circle_of_them_is_named_as_one() -> None:
    files = {
        "css/site.css": b'@import "base.css";\n@import url(parts/grid.css);\n',
        "css/base.css": b"a{background:url(../img/bg.png)}",
        "css/parts/grid.css": b"@import '../site.css';",  # back to the first: a circle
        "img/bg.png": b"one",
    }
    result = named(files)
    name = {n: out.rsplit("/", 1)[1] for n, out in result.outputs.items()}
    assert css(result, "css/base.css") == f"a{{background:url(../img/{name['img/bg.png']})}}"
    assert css(result, "css/site.css") == (
        f'@import "{name["css/base.css"]}";\n@import url(parts/{name["css/parts/grid.css"]});\n'
    )
    assert css(result, "css/parts/grid.css") == f"@import '../{name['css/site.css']}';"
    # a new picture renames what imports it, and each stylesheet of the circle
    again = named({**files, "img/bg.png": b"two"})
    assert all(again.outputs[n] != result.outputs[n] for n in files)
    assert named(files) == result  # the same files, the same names


def test_a_url_to_a_file_the_theme_lacks_is_a_warning_with_its_line() -> None:
    result = named(
        {
            "css/site.css": b"a {}\nb { background: url(../img/bgg.png); }\n"
            b'@import "missing.css";\nc { background: url(../../x.png) }\n',
            "img/bg.png": b"picture",
        }
    )
    assert result.rewritten == {}
    assert [str(p) for p in result.warnings] == [
        "theme/static/css/site.css:2: warning: url(../img/bgg.png): the theme has no file "
        "static/img/bgg.png; left as it is (hint: did you mean '../img/bg.png'?)",
        'theme/static/css/site.css:3: warning: @import "missing.css": the theme has no file '
        "static/css/missing.css; left as it is",
        "theme/static/css/site.css:4: warning: url(../../x.png): points outside the theme's "
        "static/ folder; left as it is (hint: name a file of the theme's static/ folder by "
        "where it is from this one)",
    ]


def test_bytes_that_are_not_utf8_come_back_as_they_were() -> None:
    text = "a::before { content: '経営'; background: url(bg.png) }".encode("shift_jis")
    result = named({"css/site.css": text, "css/bg.png": b"picture"})
    name = result.outputs["css/bg.png"].rsplit("/", 1)[1].encode()
    assert result.rewritten["css/site.css"] == text.replace(b"bg.png", name)


def test_a_built_site_links_the_rewritten_stylesheet_and_warns_for_a_missing_file(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/static/img/bg.png": png(2, 2),
            "theme/static/css/site.css": "body { background: url(../img/bg.png); }\n"
            "p { background: url(../img/nothing.png); }\n",
        },
    )
    result = build_site(tmp_path)
    (picture,) = (tmp_path / "public/assets/img").glob("bg.*.png")
    (sheet,) = (tmp_path / "public/assets/css").glob("site.*.css")
    assert sheet.read_text() == (
        f"body {{ background: url(../img/{picture.name}); }}\n"
        "p { background: url(../img/nothing.png); }\n"
    )
    assert f'href="/assets/css/{sheet.name}"' in read(tmp_path, "index.html")
    assert [str(w) for w in result.warnings] == [
        "theme/static/css/site.css:2: warning: url(../img/nothing.png): the theme has no file "
        "static/img/nothing.png; left as it is"
    ]


def test_a_new_picture_renames_the_stylesheet_in_a_rebuild_as_in_a_clean_build(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/static/img/bg.png": png(2, 2),
            "theme/static/css/site.css": "body { background: url(../img/bg.png); }\n",
        },
    )
    builder = Builder(tmp_path, BuildOptions(search=False))
    builder.build()
    (old,) = (tmp_path / "public/assets/css").glob("site.*.css")
    (tmp_path / "theme/static/img/bg.png").write_bytes(png(3, 3))
    again = builder.build({"theme/static/img/bg.png"})
    assert not again.unchanged
    (picture,) = (tmp_path / "public/assets/img").glob("bg.*.png")
    (sheet,) = (tmp_path / "public/assets/css").glob("site.*.css")
    assert sheet.name != old.name and picture.name in sheet.read_text()
    assert f'href="/assets/css/{sheet.name}"' in read(tmp_path, "posts/a/index.html")
