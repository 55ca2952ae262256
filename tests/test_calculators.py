"""Calculators in whole builds: declaring, placing, rendering, and the errors of each."""

from __future__ import annotations

import pickle
import re
import textwrap
from pathlib import Path
from typing import Literal

import html5lib
import pytest
from sitekit import article, build_site, check_golden, main_of, read, run_cli, write_site

from sitegen.build import Builder, BuildOptions, build
from sitegen.calc import UI_KEYS, widget_element_ids
from sitegen.calculators import read_shared_calculators, title_level
from sitegen.config import Config
from sitegen.errors import SiteError
from sitegen.markup import calculator_placeholder
from sitegen.theme import Theme

GOLDEN = Path(__file__).parent / "calc" / "golden"
SCRIPT = re.compile(r"/assets/js/calculator\.[0-9a-f]{8}\.js")

APOLOGY = """\
calculators:
  apology:
    title: 謝罪金の総額
    inputs:
      people:     {label: 対象者数, value: 130000, unit: 人, min: 0, step: 1000}
      per_person: {label: 1人あたり, value: 1000, unit: 円, min: 0}
    outputs:
      total: {label: 総額, formula: "people * per_person", format: yen_man}
"""

SHARED = """\
title: 会議の費用
inputs:
  people: {label: 出席者, value: 8, unit: 人, min: 1}
  wage:   {label: 時給, value: 3500, unit: 円}
outputs:
  cost: {label: 1時間の費用, formula: "people * wage", format: yen}
"""

SHARED_TOML = """\
title = "会議の費用"

[inputs.people]
label = "出席者"
value = 8

[outputs.cost]
label = "費用"
formula = "people * 1000"
format = "yen"
"""


def post(body: str, front: str = APOLOGY, title: str = "謝罪金の試算") -> str:
    """An article whose front matter adds ``front`` (YAML lines) to a title and a date."""
    return f"---\ntitle: {title}\ndate: 2024-03-12\n{front}---\n\n{textwrap.dedent(body)}"


def problems_of(root: Path) -> list[str]:
    with pytest.raises(SiteError) as caught:
        build_site(root)
    return [str(problem) for problem in caught.value.problems]


def body_of(page: str) -> str:
    """The article's body as the page shows it: the theme's ``article__body`` element."""
    start = page.index('<div class="article__body">')
    return page[start : page.index("\n  </div>\n</article>", start)] + "\n  </div>\n"


# -- placing and rendering ------------------------------------------------------------------


def test_golden_article_page_with_a_widget(tmp_path: Path) -> None:
    body = "13万人に1,000円なら、総額は1億円を超える。\n\n{{< calculator apology >}}\n\n数字を変えてみてほしい。\n"
    write_site(tmp_path, {"content/posts/a.md": post(body)})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    check_golden(GOLDEN / "article_body.ja.html", body_of(page))
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    scripts = re.findall(r'<script src="([^"]+)"></script>', page)
    assert len(scripts) == 1 and SCRIPT.fullmatch(scripts[0])


def test_a_widgets_title_is_a_heading_one_below_the_section_it_stands_in(tmp_path: Path) -> None:
    body = "{{< calculator apology >}}\n\n## 試算\n\n{{< calculator apology >}}\n\n"
    body += "### 細目\n\n{{< calculator apology >}}\n"
    write_site(tmp_path, {"content/posts/a.md": post(body)})
    build_site(tmp_path)
    titles = re.findall(r'<h(\d) class="calculator-title"', read(tmp_path, "posts/a/index.html"))
    assert titles == ["2", "3", "4"]  # before any section (the title is the h1), under ##, ###


def test_a_widget_title_is_never_below_h6() -> None:
    placeholder = calculator_placeholder(0)
    assert title_level(f"<h6 id='x'>深い</h6>{placeholder}", placeholder) == 6
    assert title_level(f"<h2>a</h2><header>b</header>{placeholder}", placeholder) == 3


def test_the_page_is_complete_without_javascript(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": post("{{< calculator apology >}}\n")})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert 'data-output="total">1億3,000万円</output>' in page
    assert (
        'value="130,000" aria-valuenow="130000" aria-valuetext="130,000" aria-valuemin="0" '
        'autocomplete="off" required readonly'
    ) in page
    assert "data-calculator-reset hidden data-pagefind-ignore>リセット</button>" in page


def test_one_calculator_placed_twice_and_in_two_articles_gets_unique_ids(tmp_path: Path) -> None:
    twice = "{{< calculator meeting >}}\n\n間の段落。\n\n{{< calculator meeting >}}\n"
    write_site(
        tmp_path,
        {
            "content/_data/calculators/meeting.yaml": SHARED,
            "content/posts/a.md": post(twice, front="", title="二度"),
            "content/posts/b.md": post("{{< calculator meeting >}}\n", front="", title="一度"),
            "content/posts/c.md": article("計算なし"),
        },
    )
    build_site(tmp_path)
    first, second = read(tmp_path, "posts/a/index.html"), read(tmp_path, "posts/b/index.html")
    assert re.findall(r'<section class="calculator" id="([^"]+)"', first) == [
        "calc-meeting",
        "calc-2-meeting",
    ]
    assert re.findall(r'<section class="calculator" id="([^"]+)"', second) == ["calc-meeting"]
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert len(ids) == len(set(ids))
    assert 'data-output="cost">28,000円</output>' in second
    assert SCRIPT.search(second)
    assert "calculator" not in read(tmp_path, "posts/c/index.html")
    assert "calculator" not in read(tmp_path, "index.html")


def test_a_calculator_named_like_a_second_placement_gets_ids_of_its_own(tmp_path: Path) -> None:
    # QA: roi placed twice beside a shared roi-2 once gave two calc-roi-2 and their fields.
    roi = "calculators:\n  roi:\n" + textwrap.indent(SHARED, "    ")
    body = "{{< calculator roi >}}\n\n{{< calculator roi >}}\n\n{{< calculator roi-2 >}}\n"
    write_site(
        tmp_path,
        {
            "content/_data/calculators/roi-2.yaml": SHARED.replace("出席者", "別の出席者"),
            "content/posts/a.md": post(body, front=roi),
        },
    )
    result = build_site(tmp_path)
    assert result.warnings == []
    page = read(tmp_path, "posts/a/index.html")
    sections = re.findall(r'<section class="calculator" id="([^"]+)"', page)
    assert sections == ["calc-roi", "calc-2-roi", "calc-roi-2"]
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert '<label for="in-calc-roi-2-people">別の出席者</label>' in page
    assert 'id="in-calc-roi-2-people"' in page


def test_a_heading_never_takes_an_id_of_a_widget_on_its_page(tmp_path: Path) -> None:
    # QA: "## Calc ROI" got the id calc-roi of {{< calculator roi >}}: its link led to the widget.
    roi = "calculators:\n  roi:\n" + textwrap.indent(SHARED, "    ")
    body = (
        "本文。\n\n{{< calculator roi >}}\n\n## Calc ROI\n\n説明。\n\n## Calc 2 ROI\n\n"
        "{{< calculator roi >}}\n\n## In calc roi people\n\n## 前提\n"
    )
    write_site(tmp_path, {"content/posts/a.md": post(body, front=roi)})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    headings = re.findall(r'<h2 id="([^"]+)">', page)
    assert headings == ["calc-roi_1", "calc-2-roi_1", "in-calc-roi-people_1", "前提"]
    # Every id of the widgets is one that the headings are kept from (see WIDGET_PARTS).
    names = ("people", "wage", "cost")
    widgets = widget_element_ids("calc-roi", names) | widget_element_ids("calc-2-roi", names)
    assert {i for i in ids if "calc-" in i} - set(headings) <= widgets
    for heading in headings[:3]:  # the table of contents and the permalink lead to them
        assert page.count(f'href="#{heading}"') == 2


def test_a_toml_data_file_and_a_page_can_hold_calculators(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/_data/calculators/meeting.toml": SHARED_TOML,
            "content/about.md": "---\ntitle: 紹介\n---\n\n{{< calculator meeting >}}\n",
        },
    )
    build_site(tmp_path)
    page = read(tmp_path, "about/index.html")
    assert 'data-output="cost">8,000円</output>' in page
    assert SCRIPT.search(page)


def test_a_decimal_constant_formula_in_yaml_or_toml(tmp_path: Path) -> None:
    # QA: `formula: 0.08` was "missing or not text" while `formula: 15000000` was fine.
    front = APOLOGY.replace(
        '      total: {label: 総額, formula: "people * per_person", format: yen_man}\n',
        "      rate: {label: 税率, formula: 0.08, format: percent}\n"
        "      tax: {label: 消費税, formula: 1.1e3, format: yen}\n",
    )
    toml = SHARED_TOML.replace('formula = "people * 1000"\nformat = "yen"', "formula = 0.125")
    write_site(
        tmp_path,
        {
            "content/_data/calculators/meeting.toml": toml,
            "content/posts/a.md": post(
                "{{< calculator apology >}}\n\n{{< calculator meeting >}}\n", front
            ),
        },
    )
    assert build_site(tmp_path).warnings == []
    page = read(tmp_path, "posts/a/index.html")
    assert 'data-output="rate">8%</output>' in page
    assert 'data-output="tax">1,100円</output>' in page
    assert 'data-output="cost">0.13</output>' in page  # number: two decimals, half-up
    assert '"formula":"0.08"' in page and '"formula":"1100"' in page
    assert '"formula":"0.125"' in page


def test_english_sites_format_and_label_in_english(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {"content/posts/a.md": post("{{< calculator apology >}}\n")},
        config='title = "Blog"\nlanguage = "en"\n',
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert 'data-output="total">¥130,000,000</output>' in page
    assert "data-calculator-reset hidden data-pagefind-ignore>Reset</button>" in page
    assert (
        '<noscript><p class="calculator-noscript">Recalculating needs '
        "JavaScript: these are the results for the default values.</p></noscript>"
    ) in page
    assert '"calc_input_empty":"Enter a value"' in page
    assert '"lang":"en"' in page


@pytest.mark.parametrize(
    ("site_language", "article_language", "expected", "unexpected"),
    [
        (
            "ja",
            "en",
            [
                'data-output="total">¥130,000,000</output>',
                "data-calculator-reset hidden data-pagefind-ignore>Reset</button>",
                "Recalculating needs JavaScript",
                '"calc_input_not_number":"Enter a number"',
                '"lang":"en"',
            ],
            ["リセット", "数値を入力してください", "1億3,000万円", '"lang":"ja"'],
        ),
        (
            "en",
            "ja",
            [
                'data-output="total">1億3,000万円</output>',
                "data-calculator-reset hidden data-pagefind-ignore>リセット</button>",
                '"calc_input_not_number":"数値を入力してください"',
                '"lang":"ja"',
            ],
            [">Reset<", "Enter a number", "¥130,000,000", '"lang":"en"'],
        ),
    ],
)
def test_a_calculator_speaks_the_language_of_its_article(
    tmp_path: Path,
    site_language: str,
    article_language: str,
    expected: list[str],
    unexpected: list[str],
) -> None:
    """a11y QA (WCAG 3.1.2): in an English article on a Japanese site, the widget said
    リセット and 数値を入力してください inside lang="en", and its results were in 円."""
    write_site(
        tmp_path,
        {
            "content/posts/a.md": post(
                "{{< calculator apology >}}\n", APOLOGY + f"language: {article_language}\n"
            )
        },
        config=f'title = "Blog"\nlanguage = "{site_language}"\n',
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    start = page.index(f'<div class="article__body" lang="{article_language}">')
    body = page[start : page.index("</article>", start)]
    for text in expected:
        assert text in body
    for text in unexpected:
        assert text not in body


def test_the_summary_and_reading_text_leave_the_widget_out(tmp_path: Path) -> None:
    write_site(
        tmp_path, {"content/posts/a.md": post("{{< calculator apology >}}\n\n本文の要約。\n")}
    )
    site = build_site(tmp_path).site
    assert site.articles[0].summary == "本文の要約。"
    assert "sitegen-calculator" not in read(tmp_path, "index.html")


def test_unsafe_html_on_or_off_the_widget_is_never_omitted(tmp_path: Path) -> None:
    for unsafe in ("false", "true"):
        write_site(
            tmp_path,
            {"content/posts/a.md": post("{{< calculator apology >}}\n")},
            config=f'title = "t"\nbase_url = "https://example.com/"\n[markdown]\nunsafe_html = {unsafe}\n',
        )
        result = build_site(tmp_path)
        assert result.warnings == []
        assert 'data-output="total">1億3,000万円</output>' in read(tmp_path, "posts/a/index.html")


def test_a_theme_can_override_the_widget_template(tmp_path: Path) -> None:
    override = (
        '<div class="my-calc" id="{{ widget_id }}">{{ calc.title }}: '
        '{{ results.total.text }} {{ t("calc_reset") }}</div>\n'
    )
    write_site(
        tmp_path,
        {
            "content/posts/a.md": post("前。\n\n{{< calculator apology >}}\n\n後。\n"),
            "theme/templates/partials/calculator.html": override,
        },
    )
    build_site(tmp_path)
    body = main_of(read(tmp_path, "posts/a/index.html"))
    assert (
        '<p>前。</p>\n<div class="my-calc" id="calc-apology">謝罪金の総額: 1億3,000万円 リセット</div>\n<p>後。</p>'
        in body
    )


# -- what the build reports -----------------------------------------------------------------

BROKEN = """\
calculators:
  broken:
    title: 壊れた試算
    inputs:
      a: {label: A, value: 10, min: 5, max: 1}
      b: {label: B, value: 0}
    outputs:
      syntax: {label: 構文, formula: "a * (b"}
      unknown: {label: 未知, formula: "a * c"}
      loop1: {label: 循環1, formula: "loop2 + 1"}
      loop2: {label: 循環2, formula: "loop1 + 1"}
      ratio: {label: 比, formula: "a / b"}
"""


def test_every_problem_of_a_front_matter_calculator_with_file_line_and_id(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": post("{{< calculator broken >}}\n", BROKEN)})
    assert problems_of(tmp_path) == [
        "content/posts/a.md:8: calculator 'broken': inputs.a.max: max 1 is below min 5",
        "content/posts/a.md:11: calculator 'broken': outputs.syntax.formula: 'a * (b': "
        "unexpected end of formula at column 7",
        "content/posts/a.md:12: calculator 'broken': outputs.unknown.formula: unknown name 'c' "
        "(known: a, b, syntax, loop1, loop2, ratio)",
        "content/posts/a.md:13: calculator 'broken': outputs.loop1.formula: circular reference: "
        "loop1 → loop2 → loop1 (hint: an output cannot depend on itself, directly or through others)",
        # QA: reported only once the others were fixed, in the next build.
        "content/posts/a.md:15: calculator 'broken': outputs.ratio.formula: with the default "
        "inputs: division by zero at column 3 (hint: guard it: if(b == 0, 0, a / b); or give "
        "the input 'b' a default above 0 and min: 1)",
    ]


def test_authoring_mistakes_of_the_qa_report_get_one_error_each_with_what_to_write(
    tmp_path: Path,
) -> None:
    front = """\
calculators:
  c:
    title: 試算
    inputs:
      a: {label: A, value: 500, unit: 万円}
      a-b: {label: AB, value: 1}
    outputs:
      a: {label: X, formula: "a * 2"}
      m: {label: M, formula: "a * 10000", format: money, unit: 円}
      t: {label: T, formula: "a × 2"}
      r: {label: R, formula: "ROUND(a)"}
      s: {label: S, formula: "SUM(a, 2)"}
"""
    write_site(tmp_path, {"content/posts/a.md": post("{{< calculator c >}}\n", front)})
    assert problems_of(tmp_path) == [
        "content/posts/a.md:9: calculator 'c': inputs.a-b: the name 'a-b' must be a letter or"
        " '_' followed by letters, digits or '_'",
        "content/posts/a.md:11: calculator 'c': outputs.a: the name 'a' is already used by an"
        " input",
        "content/posts/a.md:12: calculator 'c': outputs.m.unit: format 'money' puts its unit"
        " before the amount: 円5,000 (hint: for yen, write format: yen (5,000円) or yen_man"
        " (1億3,000万円), without a unit)",
        "content/posts/a.md:13: calculator 'c': outputs.t.formula: 'a × 2': unexpected character"
        " '×' (U+00D7) at column 3 (hint: write * for ×: \"a * 2\")",
        "content/posts/a.md:14: calculator 'c': outputs.r.formula: unknown function 'ROUND'"
        " (available: abs, ceil, floor, if, max, min, round) (hint: did you mean 'round'?)",
        "content/posts/a.md:15: calculator 'c': outputs.s.formula: unknown function 'SUM'"
        " (available: abs, ceil, floor, if, max, min, round) (hint: write a + 2)",
    ]


def test_the_readmes_example_error_is_what_its_example_declaration_gives(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    declaration = re.search(r"```yaml\n(calculators:\n  apology:\n.*?)```", readme, re.S)
    shown = re.search(r"^  (content/posts/a\.md:\d+: calculator 'apology': .*)$", readme, re.M)
    assert declaration and shown, "the README's example calculator and its error"
    misspelt = declaration[1].replace('"payment + ads', '"paymnet + ads')
    assert misspelt != declaration[1]
    write_site(tmp_path, {"content/posts/a.md": post("{{< calculator apology >}}\n", misspelt)})
    assert problems_of(tmp_path) == [shown[1]]


def test_defaults_that_fail_are_an_error(tmp_path: Path) -> None:
    front = (
        "calculators:\n  ratio:\n    title: 比\n    inputs:\n      b: {label: B, value: 0}\n"
        '    outputs:\n      r: {label: 比, formula: "1 / b"}\n'
    )
    write_site(tmp_path, {"content/posts/a.md": post("{{< calculator ratio >}}\n", front)})
    assert problems_of(tmp_path) == [
        "content/posts/a.md:10: calculator 'ratio': outputs.r.formula: "
        "with the default inputs: division by zero at column 3 (hint: guard it: "
        "if(b == 0, 0, 1 / b); or give the input 'b' a default above 0 and min: 1)",
    ]


def test_every_problem_of_a_data_file_with_file_line_and_id(tmp_path: Path) -> None:
    broken = "title: 壊れた試算\ninputs:\n  a: {label: A, value: 10, min: 5, max: 1}\noutputs:\n"
    broken += '  x: {label: X, formula: "a +"}\n  y: {label: Y, formula: "zz * 2", format: yen}\n'
    toml = '[inputs.a]\nlabel = "A"\nvalue = "10"\n\n[outputs.x]\nlabel = "X"\nformula = "a"\n'
    write_site(
        tmp_path,
        {
            "content/_data/calculators/yaml-one.yaml": broken,
            "content/_data/calculators/toml-one.toml": toml,
            "content/_data/calculators/bad-yaml.yml": "title: [\n",
            "content/posts/a.md": article("a"),
        },
    )
    assert problems_of(tmp_path) == [
        "content/_data/calculators/bad-yaml.yml:2: invalid YAML: did not find expected node "
        "content (hint: put a value in quotes when it contains ': ' or starts with [ { * & ! % @ or `)",
        "content/_data/calculators/toml-one.toml:1: calculator 'toml-one': title: missing "
        "(it is required)",
        "content/_data/calculators/toml-one.toml:3: calculator 'toml-one': inputs.a.value: "
        "expected a number, got '10' (hint: write digits only, without quotes or commas: 1000, 0.05)",
        "content/_data/calculators/yaml-one.yaml:3: calculator 'yaml-one': inputs.a.max: "
        "max 1 is below min 5",
        "content/_data/calculators/yaml-one.yaml:5: calculator 'yaml-one': outputs.x.formula: "
        "'a +': unexpected end of formula at column 4",
        "content/_data/calculators/yaml-one.yaml:6: calculator 'yaml-one': outputs.y.formula: "
        "unknown name 'zz' (known: a, x)",
    ]


def test_an_article_placing_a_shared_calculator_with_errors_leaves_them_to_its_file(
    tmp_path: Path,
) -> None:
    broken = 'title: 試算\ninputs:\n  a: {label: A, value: 1}\noutputs:\n  x: {label: X, formula: "a * b"}\n'
    files = {
        "content/_data/calculators/shared.yaml": broken,
        "content/posts/a.md": post("{{< calculator shared >}}\n", front=""),
    }
    write_site(tmp_path, files)
    assert problems_of(tmp_path) == [
        "content/_data/calculators/shared.yaml:5: calculator 'shared': outputs.x.formula: "
        "unknown name 'b' (known: a)",
    ]


def test_toml_front_matter_calculators_are_located_too(tmp_path: Path) -> None:
    text = (
        '+++\ntitle = "謝罪金"\ndate = 2024-03-12\n\n[calculators.apology]\ntitle = "試算"\n\n'
        '[calculators.apology.inputs.people]\nlabel = "人数"\nvalue = -1\nmin = 0\n\n'
        '[calculators.apology.outputs.total]\nlabel = "総額"\nformula = "people *"\n+++\n\n'
        "{{< calculator apology >}}\n"
    )
    write_site(tmp_path, {"content/posts/a.md": text})
    assert problems_of(tmp_path) == [
        "content/posts/a.md:10: calculator 'apology': inputs.people.value: "
        "the default -1 is below min 0",
        "content/posts/a.md:15: calculator 'apology': outputs.total.formula: 'people *': "
        "unexpected end of formula at column 9",
    ]


def test_markers_that_name_nothing_or_stand_in_a_sentence(tmp_path: Path) -> None:
    body = """\
    最初の段落。

    {{< calculator apolgy >}}

    文の中の {{< calculator apology >}} は置けない。

    {{< calculator >}}

    {{< calculator apology >}}

    `{{< calculator apology >}}` はコードなので文字のまま。
    """
    write_site(
        tmp_path,
        {
            "content/posts/a.md": post(body),
            "content/posts/b.md": post("{{< calculator nothing >}}\n", front=""),
        },
    )
    assert problems_of(tmp_path) == [
        "content/posts/a.md:16: unknown calculator 'apolgy' in {{< calculator apolgy >}} "
        "(hint: did you mean 'apology'?)",
        "content/posts/a.md:18: calculator marker not on a line of its own or malformed: "
        "'{{< calculator apology >}}' (hint: write {{< calculator ID >}} on a line of its own)",
        "content/posts/a.md:20: calculator marker: missing id in {{< calculator >}} "
        "(hint: name the calculator to place; known here: apology)",
        "content/posts/b.md:6: unknown calculator 'nothing' in {{< calculator nothing >}} "
        "(hint: declare it under 'calculators:' in the front matter, "
        "or in content/_data/calculators/nothing.yaml)",
    ]


def test_unplaced_and_overriding_declarations_are_warnings(tmp_path: Path) -> None:
    own_meeting = "calculators:\n" + textwrap.indent(SHARED, "    ").replace(
        "    title", "  meeting:\n    title", 1
    )
    write_site(
        tmp_path,
        {
            "content/_data/calculators/meeting.yaml": SHARED,
            "content/_data/calculators/notes.txt": "メモ",
            "content/posts/a.md": post("本文だけ。\n"),
            "content/posts/b.md": post(
                "{{< calculator meeting >}}\n", own_meeting.replace("3500", "1000")
            ),
        },
    )
    result = build_site(tmp_path)
    assert [str(w) for w in result.warnings] == [
        "content/_data/calculators/notes.txt: warning: not a calculator file, ignored "
        "(hint: calculator files end in .yaml, .yml or .toml)",
        "content/posts/a.md:5: warning: calculator 'apology' is declared but not placed in the "
        "text (hint: put {{< calculator apology >}} on a line of its own where it belongs)",
        "content/posts/b.md:5: warning: calculator 'meeting' is declared here and in "
        "content/_data/calculators/meeting.yaml; this article uses its own "
        "(hint: rename one of them to place the shared calculator here)",
    ]
    assert 'data-output="cost">8,000円</output>' in read(tmp_path, "posts/b/index.html")


def test_misplaced_and_duplicate_calculator_files(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/_data/calculators/meeting.yaml": SHARED,
            "content/_data/calculators/meeting.toml": SHARED_TOML,
            "content/_data/calculators/more/other.yaml": SHARED,
            "content/posts/a.md": post("x\n", front="calculators: [apology]\n"),
        },
    )
    assert problems_of(tmp_path) == [
        "content/_data/calculators/meeting.yaml:1: calculator 'meeting' is declared twice: here "
        "and in content/_data/calculators/meeting.toml (hint: keep one file per id)",
        "content/_data/calculators/more/other.yaml: a calculator file must be directly in "
        "content/_data/calculators/ (hint: move it up: the file's name is the calculator's id)",
        "content/posts/a.md:4: calculators: expected a mapping of calculator ids to their "
        "declarations (hint: write 'calculators:' then, indented below it, 'apology:' and its "
        "title, inputs, …)",
    ]


def test_check_reports_calculator_errors_like_build(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": post("{{< calculator broken >}}\n", BROKEN)})
    for command in ("check", "build"):
        result = run_cli(command, "--site", str(tmp_path))
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert (
            lines[0]
            == "content/posts/a.md:8: calculator 'broken': inputs.a.max: max 1 is below min 5"
        )
        assert lines[-1] == "sitegen: 5 errors"
        assert "Traceback" not in result.stderr


# -- cache correctness and process boundaries ------------------------------------------------


def digests(root: Path) -> dict[str, str]:
    result = build(root, BuildOptions(write=False))
    return {a.source: a.digest for a in result.site.articles}


def test_an_article_digest_follows_the_shared_calculators_it_places(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/_data/calculators/meeting.yaml": SHARED,
            "content/_data/calculators/other.yaml": SHARED,
            "content/posts/a.md": post("{{< calculator meeting >}}\n", front="", title="置く"),
            "content/posts/b.md": article("置かない"),
        },
    )
    before = digests(tmp_path)
    (tmp_path / "content/_data/calculators/other.yaml").write_text(SHARED + "description: 説明\n")
    assert digests(tmp_path) == before
    (tmp_path / "content/_data/calculators/meeting.yaml").write_text(SHARED.replace("8", "9"))
    after = digests(tmp_path)
    assert after["content/posts/a.md"] != before["content/posts/a.md"]
    assert after["content/posts/b.md"] == before["content/posts/b.md"]


def test_incremental_builds_follow_an_edit_to_a_shared_calculator(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/_data/calculators/meeting.yaml": SHARED,
            "content/posts/a.md": post("{{< calculator meeting >}}\n", front="", title="置く"),
            "content/posts/b.md": article("置かない"),
        },
    )
    shared = tmp_path / "content/_data/calculators/meeting.yaml"
    builder = Builder(tmp_path)
    builder.build()
    shared.write_text(SHARED.replace("value: 8", "value: 9"), "utf-8")
    again = builder.build()  # the same Builder, as serve keeps it
    assert 'data-output="cost">31,500円</output>' in read(tmp_path, "posts/a/index.html")
    assert "posts/a/index.html" in again.written
    assert "posts/b/index.html" not in again.written
    shared.write_text(SHARED.replace("value: 8", "value: 10"), "utf-8")
    build_site(tmp_path)  # a new build, from the cache on disk
    assert 'data-output="cost">35,000円</output>' in read(tmp_path, "posts/a/index.html")


def test_shared_calculators_cross_process_boundaries() -> None:
    shared, problems = read_shared_calculators(
        {"content/_data/calculators/meeting.yaml": SHARED.encode()}
    )
    assert problems == []
    copy = pickle.loads(pickle.dumps(shared))
    assert copy == shared and copy.digest == shared.digest
    assert copy.by_id["meeting"].calculator is not None


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_theme_strings_are_the_one_source_of_the_widget_texts(
    language: Literal["ja", "en"],
) -> None:
    strings = Theme(Config(language=language)).strings
    assert {key for key in strings if key.startswith("calc_")} == set(UI_KEYS)
    assert all(strings[key].strip() for key in UI_KEYS)
