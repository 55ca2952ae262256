"""Markdown that would take minutes to convert (deep nesting, runs of brackets) is an
error at its line, found before Python-Markdown starts on it."""

from __future__ import annotations

from sitegen.config import MarkdownConfig
from sitegen.markup import MarkdownRenderer, MarkupOptions, Rendered
from sitegen.markup.limits import MAX_DEPTH, characters_to_read, too_deep


def render(body: str) -> Rendered:
    renderer = MarkdownRenderer(MarkupOptions(MarkdownConfig()))
    return renderer.render(body, path="content/posts/a.md", first_line=5)


def nested_list(levels: int, indent: str = "    ") -> str:
    return "".join(indent * level + "- 項目\n" for level in range(levels))


def test_nesting_is_counted_in_quote_and_list_markers_and_four_columns_of_indentation() -> None:
    assert too_deep(nested_list(MAX_DEPTH)) is None
    assert too_deep("前書き\n\n" + nested_list(MAX_DEPTH + 1)) == 2 + MAX_DEPTH
    assert too_deep("> " * (MAX_DEPTH + 1) + "引用") == 0
    assert too_deep("- " * (MAX_DEPTH + 1) + "x\n\n本文") == 0
    assert too_deep("\t" * (MAX_DEPTH + 1) + "- x") == 0
    # A rule or a number is no nesting, however long.
    assert too_deep("-" * 500 + "\n\n" + "1" * 500 + ". x\n" + "=" * 500) is None


def test_deeply_indented_lines_of_fenced_code_are_code() -> None:
    code = "```json\n" + " " * 800 + '"a": 1\n```\n\n~~~\n' + " " * 800 + "x\n~~~\n\n本文"
    assert too_deep(code) is None
    assert render(code).problems == ()


def test_a_list_nested_past_the_limit_is_an_error_at_its_deepest_line_before_converting() -> None:
    rendered = render("前書き\n\n" + nested_list(MAX_DEPTH + 5))
    assert rendered.html == ""
    [problem] = rendered.problems
    assert (problem.line, problem.message, problem.is_error) == (
        5 + 2 + MAX_DEPTH + 4,
        "the Markdown nests too deeply to convert",
        True,
    )
    assert "more than 100 levels" in problem.hint
    # A thousand levels: an error at once, where Python-Markdown took 15 s and 330 MB.
    assert render(nested_list(1000, "  ")).problems[0].line == 5 + 999


def test_the_characters_the_link_patterns_read_grow_with_the_square_of_unclosed_brackets() -> None:
    assert characters_to_read("[a](b) と [c](d)") == (2 + 2 + 2 + 2, 4)
    assert characters_to_read("[[[") == (3 + 2 + 1, 3)
    assert characters_to_read("[a](" * 4) == (4 * 2 + 13 + 9 + 5 + 1, 8)
    assert characters_to_read("(1) 2) 3)") == (2, 1)  # a closing bracket alone costs nothing


def test_a_run_of_brackets_is_an_error_at_its_line_and_stays_text() -> None:
    rendered = render("前書き\n\n後の段落 " + "[" * 10_000 + "\n\n[リンク](https://example.com)")
    assert [(p.line, p.is_error) for p in rendered.problems] == [(7, True)]
    assert rendered.problems[0].message == (
        "a paragraph of 10,005 characters with 10,000 brackets ('[', '(') nested or left open: "
        "too slow to convert"
    )
    assert "<p>後の段落 [[[" in rendered.html
    assert '<a href="https://example.com">リンク</a>' in rendered.html  # the rest converts


def test_footnote_and_link_openings_are_counted_too() -> None:
    for body in ("[^" * 5_000, "[a](" * 2_500, "[" * 2_000 + "]" * 2_000):
        [problem] = render(body).problems
        assert problem.is_error and problem.line == 5


def test_a_long_paragraph_full_of_links_converts() -> None:
    paragraph = "本文 [記事](https://example.com/a) (注記) [リンク][ref] " * 400
    rendered = render(paragraph + "\n\n[ref]: https://example.com/b\n")
    assert rendered.problems == ()
    assert rendered.html.count("<a ") == 800
