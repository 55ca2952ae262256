"""Calculator markers in Markdown: where they place a widget, and where they are only text."""

from __future__ import annotations

from sitegen.config import MarkdownConfig
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered, calculator_placeholder

KNOWN = {"apology": ("people", "total"), "sales": ("price",)}


def render(body: str, known: dict[str, tuple[str, ...]] = KNOWN, first_line: int = 1) -> Rendered:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig()))
    return renderer.render(body, path="content/a.md", first_line=first_line, calculators=known)


def test_a_marker_line_becomes_a_placeholder_outside_any_paragraph() -> None:
    result = render("前の文。\n{{< calculator apology >}}\n後の文。\n")
    assert result.html == "<p>前の文。</p>\n<!--sitegen-calculator:0-->\n<p>後の文。</p>"
    assert result.calculators == ("apology",)
    assert result.problems == ()


def test_placements_are_numbered_in_order_and_may_repeat() -> None:
    body = (
        '{{< calculator sales >}}\n\n  {{<calculator "apology">}}  \n\n'
        "- 項目\n- {{< calculator sales >}}\n\n> {{< calculator apology >}}\n"
    )
    result = render(body)
    assert result.calculators == ("sales", "apology", "sales", "apology")
    for index in range(4):
        assert result.html.count(calculator_placeholder(index)) == 1
    assert "<li>\n<!--sitegen-calculator:2-->\n</li>" in result.html
    assert "<blockquote>\n<!--sitegen-calculator:3-->\n</blockquote>" in result.html


def test_markers_in_code_stay_text_and_are_not_errors() -> None:
    body = (
        "`{{< calculator apology >}}` と書く。\n\n"
        "```markdown\n{{< calculator nothing >}}\n```\n\n"
        "    {{< calculator nothing >}}\n"
    )
    result = render(body)
    assert result.calculators == () and result.problems == ()
    assert result.html.count("{{&lt; calculator") == 3


def test_the_raw_html_policy_and_the_plain_text_leave_the_placeholder_alone() -> None:
    result = render("要約になる文。\n\n{{< calculator apology >}}\n\n<div>生のHTML</div>\n")
    assert "<!--sitegen-calculator:0-->" in result.html
    assert "<!-- raw HTML omitted -->" in result.html
    assert result.summary_text.strip() == "要約になる文。"
    assert "sitegen" not in result.full_text


def test_problems_are_located_on_their_file_line() -> None:
    body = "本文 {{< calculator apology >}}\n\n{{< calculator apology >}}\n\n{{< calculator soles >}}\n"
    result = render(body, first_line=10)
    assert [str(p) for p in result.problems] == [
        "content/a.md:14: unknown calculator 'soles' in {{< calculator soles >}} "
        "(hint: did you mean 'sales'?)",
        "content/a.md:10: calculator marker not on a line of its own or malformed: "
        "'{{< calculator apology >}}' (hint: write {{< calculator ID >}} on a line of its own)",
    ]
    assert result.calculators == ("apology",)


def test_with_no_calculators_known_the_hint_says_where_to_declare() -> None:
    result = render("{{< calculator apology >}}\n", known={})
    assert [p.hint for p in result.problems] == [
        "declare it under 'calculators:' in the front matter, "
        "or in content/_data/calculators/apology.yaml"
    ]


def test_a_marker_without_an_id_or_with_two_says_so() -> None:
    body = (
        "{{< calculator >}}\n\n{{< calculator apology sales >}}\n\n"
        '{{< calculator apology id="x" >}}\n\n{{< calculator apology >}}\n'
    )
    result = render(body, first_line=3)
    assert [str(p) for p in result.problems] == [
        "content/a.md:3: calculator marker: missing id in {{< calculator >}} "
        "(hint: name the calculator to place; known here: apology, sales)",
        "content/a.md:5: calculator marker takes one id, got 2: "
        "{{< calculator apology sales >}} (hint: put each calculator's marker on a line of its own)",
        "content/a.md:7: calculator: unknown argument 'id' in {{< calculator apology id=\"x\" >}} "
        "(hint: it takes one id and nothing else: {{< calculator apology >}})",
    ]
    assert result.calculators == ("apology",)
    assert "{{" not in result.html  # nothing left as text
    assert render("{{< calculator >}}\n", known={}).problems[0].hint == (
        "name the calculator to place"
    )


def test_a_marker_under_a_list_item_is_placed_in_that_item() -> None:
    # QA: the list was split in two around the widget: <ol>…</ol>[widget]<ol start="2">.
    body = (
        "1. 顧客数を数える\n\n   {{< calculator apology >}}\n\n2. 単価を決める\n\n"
        "- 箇条書き\n  {{< calculator sales >}}\n- 次の項目\n\n段落。\n\n"
        "- 最後\n\n  {{< calculator soles >}}\n"
    )
    result = render(body, first_line=10)
    assert result.html == (
        "<ol>\n<li>\n<p>顧客数を数える</p>\n<!--sitegen-calculator:0-->\n</li>\n"
        "<li>\n<p>単価を決める</p>\n</li>\n</ol>\n"
        "<ul>\n<li>箇条書き<!--sitegen-calculator:1-->\n</li>\n<li>次の項目</li>\n</ul>\n"
        "<p>段落。</p>\n<ul>\n<li>\n<p>最後</p>\n</li>\n</ul>"
    )
    assert [str(p) for p in result.problems] == [
        "content/a.md:24: unknown calculator 'soles' in {{< calculator soles >}} "
        "(hint: did you mean 'sales'?)",
    ]
    # An item ends with its own text, not after the widget's placeholder.
    assert result.summary_text.split() == [
        "顧客数を数える、",
        "単価を決める。",
        "箇条書き、",
        "次の項目。",
        "段落。",
        "最後。",
    ]
