"""Files of content/ that a browser runs script in (HTML pages, SVG and other XML with
script) are refused while raw HTML is off, by build and check alike; static/ and
``unsafe_html = true`` copy them as they are.

QA (security review, finding 1): a writer's ``appendix.html`` or ``chart.svg`` with a
``<script>`` beside an article ran on the site's origin, and ``check`` said nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitekit import MINIMAL_CONFIG, article, build_site, png, run_cli, snapshot, write_site

from sitegen.build import Builder, BuildOptions
from sitegen.errors import SiteError

UNSAFE = MINIMAL_CONFIG + "[markdown]\nunsafe_html = true\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
INERT = SVG + '<rect width="10" height="10"/>\n</svg>\n'
ARTICLE = article("ゲスト投稿", body="![図](images/chart.svg) [付録](appendix.html)")
OFF = "raw HTML is off ([markdown] unsafe_html = false)"
STATIC_HINT = "put it in static/ if it is the site owner's own"
MARKUP_HINT = (
    "(hint: remove it (a picture needs none: an editor's 'plain SVG' export or SVGO leaves"
    f" it out), or {STATIC_HINT})"
)


def errors(site: Path, **options: object) -> list[str]:
    with pytest.raises(SiteError) as caught:
        build_site(site, **options)
    return [str(problem) for problem in caught.value.problems]


def active(what: str, markup: str) -> str:
    return (
        f"{what} holding {markup}, which a browser may run as script on the site's origin,"
        f" while {OFF}: not published"
    )


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("appendix.html", "an HTML page"),
        ("appendix.htm", "an HTML page"),
        ("appendix.shtml", "an HTML page"),
        ("appendix.xhtml", "an XHTML page"),
        ("appendix.XHT", "an XHTML page"),
        ("appendix.xsl", "an XSLT stylesheet"),
    ],
)
def test_a_page_in_content_is_an_error_for_build_and_check(
    tmp_path: Path, name: str, what: str
) -> None:
    page = "<!doctype html><title>付録</title><script>console.log('XSS')</script>\n"
    site = write_site(tmp_path, {"content/posts/a.md": ARTICLE, f"content/posts/{name}": page})
    expected = [
        f"content/posts/{name}: {what} in content/ runs any script it holds on the site's"
        f" origin, and {OFF}: not published"
        f" (hint: write it in Markdown (.md), or {STATIC_HINT})"
    ]
    assert errors(site) == expected
    assert errors(site, write=False) == expected  # check says the same
    assert not (site / "public").exists()
    checked = run_cli("check", cwd=site)
    assert checked.returncode == 1 and expected[0] in checked.stderr


def test_a_page_with_front_matter_is_told_once_as_the_error(tmp_path: Path) -> None:
    """Not also with the warning that it is copied as it is, which it no longer is."""
    jekyll = "---\ntitle: 旧記事\ndate: 2019-01-01\n---\n<p>本文</p>\n"
    site = write_site(tmp_path, {"content/posts/a.md": ARTICLE, "content/posts/old.html": jekyll})
    assert [p.split(":")[0] for p in errors(site)] == ["content/posts/old.html"]


@pytest.mark.parametrize(
    ("body", "line", "markup"),
    [
        ("<script>console.log('XSS')</script>", 2, "<script>"),
        ('<rect onload="alert(1)"/>', 2, '<rect onload="…">'),
        ('<a href="javascript:alert(1)"><text>x</text></a>', 2, '<a href="javascript:…">'),
        ('<a xlink:href=" JaVa&#x09;script:alert(1)"/>', 2, '<a xlink:href="javascript:…">'),
        ('<a href="vbscript:x"/>', 2, '<a href="vbscript:…">'),
        ('<set attributeName="fill" to="javascript:x"/>', 2, '<set to="javascript:…">'),
        ('<a href="data:text/html,&lt;script&gt;"/>', 2, '<a href="data:…">'),
        ('<image href="data:image/svg+xml,&lt;svg/&gt;"/>', 2, '<image href="data:…">'),
        ("<foreignObject><div/></foreignObject>", 2, "<foreignObject>"),
        ('<iframe src="x"/>', 2, "<iframe>"),
        ('<embed src="x"/>', 2, "<embed>"),
        ('<object data="x"/>', 2, "<object>"),
        (
            '<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x"/>',
            2,
            "<h:img> (an element of HTML)",
        ),
        (
            '<a>\n<animate attributeName="href" to="/x"/></a>',
            3,
            '<animate attributeName="href">',
        ),
        ('<set attributeName="xlink:href" to="x"/>', 2, '<set attributeName="xlink:href">'),
    ],
)
def test_an_svg_with_active_markup_is_an_error_at_its_line(
    tmp_path: Path, body: str, line: int, markup: str
) -> None:
    site = write_site(
        tmp_path,
        {"content/posts/a.md": ARTICLE, "content/posts/images/chart.svg": SVG + body + "\n</svg>"},
    )
    expected = [
        f"content/posts/images/chart.svg:{line}: {active('an SVG picture', markup)} {MARKUP_HINT}"
    ]
    assert errors(site) == expected
    assert errors(site, write=False) == expected


def test_more_than_one_find_is_counted_and_the_first_named(tmp_path: Path) -> None:
    svg = SVG + '<g onclick="a()">\n<script>b()</script>\n<rect onmouseover="c()"/></g></svg>'
    site = write_site(tmp_path, {"content/chart.svg": svg})
    found = active("an SVG picture", '<g onclick="…">')
    assert errors(site) == [f"content/chart.svg:2: {found} (and 2 more) {MARKUP_HINT}"]


@pytest.mark.parametrize(
    ("text", "line", "markup"),
    [
        (
            '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="x.xsl"?>\n<a/>',
            2,
            "<?xml-stylesheet?>",
        ),
        (
            '<!DOCTYPE a [\n<!ENTITY e SYSTEM "file:///etc/passwd">\n]>\n<a>&e;</a>',
            2,
            "an entity from another file (<!ENTITY e SYSTEM …>)",
        ),
        (
            '<data>\n<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>\n</data>',
            2,
            "<x:script>",
        ),
    ],
)
def test_an_xml_document_is_checked_as_an_svg_is(
    tmp_path: Path, text: str, line: int, markup: str
) -> None:
    site = write_site(tmp_path, {"content/feed.xml": text})
    assert errors(site) == [
        f"content/feed.xml:{line}: {active('an XML document', markup)} {MARKUP_HINT}"
    ]


def test_a_malformed_svg_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/chart.svg": SVG + "<g>\n<rect>\n</g></svg>\n"})
    assert errors(site) == [
        "content/chart.svg:4: an SVG picture that is not well-formed XML (mismatched tag):"
        f" browsers show none of it, and sitegen cannot check it for script while {OFF}"
        " (hint: fix the file (an editor's 'plain SVG' export writes one that parses),"
        f" or {STATIC_HINT})"
    ]


def test_an_svg_of_entities_that_grow_without_bound_is_refused(tmp_path: Path) -> None:
    """A billion laughs: expat stops it, and the file is an error, not a hung build."""
    entities = '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    for name, used in zip("bcdefg", "abcdef", strict=True):
        entities += f'<!ENTITY {name} "{f"&{used};" * 20}">'
    text = f"<!DOCTYPE svg [{entities}]>\n{SVG}<text>&g;</text></svg>"
    site = write_site(tmp_path, {"content/chart.svg": text})
    (problem,) = errors(site)
    assert problem.startswith("content/chart.svg:3: an SVG picture that is not well-formed XML")


def test_inert_svgs_and_xml_are_published(tmp_path: Path) -> None:
    """An Inkscape picture with a PNG embedded, links, styles, a declared entity (old
    Illustrator exports name namespaces so) and the SVG 1.1 doctype."""
    illustrator = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"'
        ' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n'
        '<!ENTITY ns_svg "http://www.w3.org/2000/svg">\n]>\n'
        '<svg xmlns="&ns_svg;" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        "<style>rect { fill: red }</style>\n"
        '<image xlink:href="data:image/png;base64,iVBORw0KGgo="/>\n'
        '<a href="https://example.com/"><text>リンク</text></a>\n'
        '<use href="#r"/><rect id="r" width="1" height="1"/>\n'
        '<animate attributeName="opacity" values="0;1"/>\n'
        "</svg>\n"
    )
    files: dict[str, str | bytes] = {
        "content/posts/a.md": ARTICLE,
        "content/posts/images/chart.svg": illustrator,
        "content/posts/images/plain.svg": INERT,
        "content/data.xml": '<?xml version="1.0"?>\n<items><item href="/a/">a</item></items>\n',
        "content/posts/images/photo.png": png(4, 4),
    }
    site = write_site(tmp_path, files)
    build_site(site)
    assert (site / "public/posts/images/chart.svg").read_text("utf-8") == illustrator
    assert (site / "public/data.xml").is_file() and (
        site / "public/posts/images/plain.svg"
    ).is_file()


def test_static_and_unsafe_html_copy_such_files_as_they_are(tmp_path: Path) -> None:
    script = SVG + "<script>console.log('XSS')</script></svg>"
    page = "<!doctype html><script>console.log('XSS')</script>\n"
    owner = {"static/widget.svg": script, "static/demo/index.html": page}
    site = write_site(tmp_path / "static", {"content/posts/a.md": article("一"), **owner})
    build_site(site)
    assert snapshot(site / "public")["widget.svg"] == script.encode()
    assert snapshot(site / "public")["demo/index.html"] == page.encode()

    writer = {"content/posts/images/chart.svg": script, "content/posts/appendix.html": page}
    site = write_site(tmp_path / "unsafe", {"content/posts/a.md": ARTICLE, **writer}, UNSAFE)
    result = build_site(site)
    assert result.warnings == []
    assert (site / "public/posts/images/chart.svg").read_text("utf-8") == script
    assert (site / "public/posts/appendix.html").read_text("utf-8") == page


def test_the_check_runs_again_when_the_file_or_unsafe_html_changes(tmp_path: Path) -> None:
    """In serve (a Builder told which files were written) and from the CLI (a new
    Builder, the build cache, and the shortcut of a build whose inputs did not change)."""
    script = SVG + "<script>console.log('XSS')</script></svg>"
    chart = "content/posts/images/chart.svg"
    site = write_site(tmp_path / "site", {"content/posts/a.md": ARTICLE, chart: INERT}, UNSAFE)
    options = BuildOptions(output=tmp_path / "out", search=False)
    serve = Builder(site, options)
    serve.build()
    (site / chart).write_text(script, "utf-8")
    serve.build({chart})  # raw HTML on: copied
    assert (tmp_path / "out/posts/images/chart.svg").read_text("utf-8") == script
    (site / "site.toml").write_text(MINIMAL_CONFIG, "utf-8")
    for build in (lambda: serve.build({"site.toml"}), Builder(site, options).build):
        with pytest.raises(SiteError) as caught:
            build()
        assert [p.path for p in caught.value.problems] == [chart]
    (site / chart).write_text(INERT, "utf-8")
    serve.build({chart})
    assert (tmp_path / "out/posts/images/chart.svg").read_text("utf-8") == INERT
    Builder(site, options).build()
    # The same size and a later time: read again, not taken from what was found before.
    (site / chart).write_text(INERT.replace("<rect", "<g onload='x()'/><rect", 1), "utf-8")
    stat = os.stat(site / chart)
    os.utime(site / chart, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    for build in (lambda: serve.build({chart}), Builder(site, options).build):
        with pytest.raises(SiteError) as caught:
            build()
        assert [(p.path, p.line) for p in caught.value.problems] == [(chart, 2)]
