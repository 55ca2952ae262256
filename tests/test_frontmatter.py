"""Front matter: fences, YAML 1.2 scalars, TOML, line numbers, encodings."""

from __future__ import annotations

import datetime as dt

import pytest

from sitegen.errors import SiteError
from sitegen.frontmatter import load_data, split
from sitegen.sourcetext import decode


def test_yaml_keeps_words_that_yaml_11_would_turn_into_booleans() -> None:
    doc = split("---\ntitle: no\nsubtitle: yes\nswitch: off\nflag: true\n---\n", "a.md")
    assert doc.meta == {"title": "no", "subtitle": "yes", "switch": "off", "flag": True}


def test_yaml_numbers_follow_yaml_12() -> None:
    doc = split("---\nzip: 010\ntime: 1:20\nhex: 0x1f\nratio: 1.5\n---\n", "a.md")
    assert doc.meta == {"zip": 10, "time": "1:20", "hex": 31, "ratio": 1.5}


def test_yaml_dates_stay_text_for_the_date_parser() -> None:
    doc = split("---\ndate: 2009-08-20 09:00\n---\n", "a.md")
    assert doc.meta["date"] == "2009-08-20 09:00"


def test_key_lines_and_body_line_are_file_lines() -> None:
    text = "---\n\ntitle: 題\nsources:\n  nikkei:\n    date: x\n---\n\n本文\n"
    doc = split(text, "a.md")
    assert doc.lines(("title",)) == 3
    assert doc.lines(("sources", "nikkei", "date")) == 6
    assert doc.lines(("sources", "nikkei", "missing")) == 5  # falls back to the parent
    assert doc.body == "本文\n"
    assert doc.body_line == 9


def test_toml_front_matter_between_plus_lines() -> None:
    text = '+++\ntitle = "題"\ndate = 2014-05-06T12:00:00-04:00\ntags = ["a"]\n+++\n本文'
    doc = split(text, "a.md")
    assert doc.meta["title"] == "題"
    assert doc.meta["date"] == dt.datetime(
        2014, 5, 6, 12, tzinfo=dt.timezone(dt.timedelta(hours=-4))
    )
    assert doc.lines(("tags",)) == 4
    assert doc.body == "本文"


def test_no_front_matter_is_all_body() -> None:
    doc = split("# 見出し\n本文", "a.md")
    assert not doc.has_front_matter
    assert doc.meta == {}
    assert doc.body_line == 1


def test_pelicans_metadata_lines_are_text_with_their_lines() -> None:
    text = (
        "Title: 3.10\nDate: 2010-12-03 10:20\nTags: a, b\nSummary: 一行目\n    二行目\n\tthird\n"
        "Modified:\nStatus: draft\n\n# 本文\n"
    )
    doc = split(text, "a.md")
    assert doc.has_front_matter
    assert doc.meta == {
        "Title": "3.10",
        "Date": "2010-12-03 10:20",
        "Tags": "a, b",
        "Summary": "一行目\n二行目\nthird",
        "Modified": None,
        "Status": "draft",
    }
    assert doc.lines(("Summary",)) == 4 and doc.lines(("Status",)) == 8
    assert (doc.body, doc.body_line) == ("# 本文\n", 10)


@pytest.mark.parametrize(
    ("text", "meta", "body", "body_line"),
    [
        ("date: 2020-01-01\n# 本文", {"date": "2020-01-01"}, "# 本文", 2),  # no blank line
        ("Title: t\n...\n本文", {"Title": "t"}, "本文", 3),  # Python-Markdown's end mark
        ("Title: t", {"Title": "t"}, "", 2),
    ],
)
def test_pelicans_metadata_ends_where_python_markdown_ends_it(
    text: str, meta: dict[str, str], body: str, body_line: int
) -> None:
    doc = split(text, "a.md")
    assert (doc.meta, doc.body, doc.body_line) == (meta, body, body_line)


@pytest.mark.parametrize(
    "text",
    [
        "Note: 本文の注意書き\n\n本文",
        "Note: a\nNote: b\n",
        "2024: 年頭所感\n",
        "http://e.jp/ を見よ",
    ],
)
def test_markdown_that_opens_with_a_name_and_a_colon_but_no_title_or_date_is_body(
    text: str,
) -> None:
    doc = split(text, "a.md")
    assert (doc.has_front_matter, doc.meta, doc.body) == (False, {}, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: a\ntitle: b\n---\n", "a.md:3: duplicate key 'title' (first at line 2)"),
        (
            "Title: a\nDate: 2020-01-01\nTitle: b\n\n",
            "a.md:3: duplicate key 'Title' (first at line 1)",
        ),
        (
            "---\ntitle: [a\n---\n",
            "a.md:2: invalid YAML front matter: a list in [ ] is not closed (did not find expected"
            " ',' or ']') (hint: end it with ']'; a text that starts with '[' goes in quotes)",
        ),
        (
            '---\ntitle: "謝罪金\ndate: 2024-03-12\n---\n',
            "a.md:2: invalid YAML front matter: a quoted value is not closed (found unexpected end"
            " of stream) (hint: end it with the quote mark it starts with)",
        ),
        (
            "---\ntitle：謝罪金\ndate: 2024-03-12\n---\n",
            "a.md:2: invalid YAML front matter: mapping values are not allowed in this context"
            " (hint: write the ':' after a key in ASCII, not '：')",
        ),
        (
            "---\ntitle: t\nnote: a\x00b\n---\n",
            "a.md:3: invalid YAML front matter: a control character (U+0000) is not allowed in"
            " YAML (hint: remove it: most editors do not show it)",
        ),
        (
            "---\ntitle: t\nsources:\n  a:\n\tpublisher: x\n---\n",
            "a.md:5: invalid YAML front matter: a tab indents this line"
            " (hint: YAML is indented with spaces only)",
        ),
        (  # valid YAML, but sources is empty and '\u3000nikkei' a key of its own
            "---\ntitle: t\nsources:\n\u3000nikkei:\n    publisher: 日経\n---\n",
            "a.md:4: invalid YAML front matter: this line is indented with a full-width space"
            " (U+3000) (hint: indent with half-width spaces: YAML reads a full-width one as text)",
        ),
        (  # the parser fails two lines below it
            "---\ncalculators:\n  c:\n    inputs:\n\u3000\u3000\u3000a: {value: 1}\n"
            "    outputs:\n      b: {formula: a}\n---\n",
            "a.md:5: invalid YAML front matter: this line is indented with a full-width space"
            " (U+3000) (hint: indent with half-width spaces: YAML reads a full-width one as text)",
        ),
        (
            "---\ncalculators:\n  c: {label: 在庫, value: 5,000,000}\n---\n",
            "a.md:3: duplicate key 'calculators.c.000' (first at line 3) (hint: in a {…} mapping"
            " a comma ends the value: write numbers without commas, and put text that has commas"
            " in quotes)",
        ),
        ("---\ntitle: a\n", "a.md:1: front matter is not closed: add a '---' line after it"),
        ("+++\ntitle = \n+++\n", "a.md:2: invalid TOML front matter: Invalid value"),
        ("---\n- a\n- b\n---\n", "a.md:2: front matter must be 'key: value' lines"),
        ("---\nx:\n  y: 1\n  y: 2\n---\n", "a.md:4: duplicate key 'x.y' (first at line 3)"),
        (  # a "billion laughs": nine lines that would be 9**9 values
            "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + "".join(
                f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
                for p, n in zip("abcdefgh", "bcdefghi", strict=True)
            )
            + "---\n",
            "a.md:1: the YAML holds more than 100,000 values once its aliases are written out"
            " (hint: write the values themselves instead of repeating aliases (*name))",
        ),
        ("---\nx: " + "[" * 101 + "]" * 101 + "\n---\n", "a.md:2: values nest more than 100 deep"),
        (
            "---\nx: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n---\n",
            "a.md:2: values nest more than 100 deep",
        ),
        (
            "+++\nx = " + "[" * 3000 + "]" * 3000 + "\n+++\n",
            "a.md:1: invalid TOML front matter: values nest too deeply",
        ),
    ],
)
def test_bad_front_matter_names_file_and_line(text: str, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        split(text, "a.md")
    assert str(caught.value) == message


def test_full_width_spaces_in_a_value_or_a_quoted_key_are_text_as_written() -> None:
    text = '---\ntitle: "一行目\n\u3000二行目"\nsummary: |\n  \u3000字下げ\n"\u3000key": 1\n---\n'
    assert split(text, "a.md").meta == {
        "title": "一行目 \u3000二行目",
        "summary": "\u3000字下げ\n",
        "\u3000key": 1,
    }


def test_bom_and_crlf_decode_to_the_same_text() -> None:
    plain = "---\ntitle: 題\n---\n一行目\n二行目\n"
    assert decode(plain.encode(), "a.md") == plain
    assert decode(b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode(), "a.md") == plain
    assert decode(plain.replace("\n", "\r").encode(), "a.md") == plain


def test_shift_jis_is_a_clear_error() -> None:
    raw = "---\ntitle: 謝罪金\n---\n".encode("shift_jis")
    with pytest.raises(SiteError) as caught:
        decode(raw, "content/posts/a.md")
    assert str(caught.value) == (
        "content/posts/a.md:2: not UTF-8 text (hint: this looks like Shift_JIS; save the file as UTF-8)"
    )


def test_data_files_load_with_the_lines_of_their_keys() -> None:
    yaml_text = (
        "# 共有の試算\ntitle: 会議\ninputs:\n  people: {label: 人数, value: 010}\nflag: no\n"
    )
    meta, lines = load_data(yaml_text, "content/_data/calculators/m.yaml")
    assert meta == {
        "title": "会議",
        "inputs": {"people": {"label": "人数", "value": 10}},
        "flag": "no",
    }
    assert (lines(("title",)), lines(("inputs", "people", "value")), lines(())) == (2, 4, 1)
    toml_text = 'title = "会議"\n\n[inputs.people]\nlabel = "人数"\nvalue = 8\n'
    meta, lines = load_data(toml_text, "content/_data/calculators/m.toml")
    assert meta == {"title": "会議", "inputs": {"people": {"label": "人数", "value": 8}}}
    assert (lines(("title",)), lines(("inputs", "people", "value"))) == (1, 5)


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("a: 1\nb: [\n", "m.yml", "m.yml:3: invalid YAML: did not find expected node content"),
        ("a = 1\nb =\n", "m.toml", "m.toml:2: invalid TOML: Invalid value"),
        ("- 1\n- 2\n", "m.yaml", "m.yaml:1: the file must hold 'key: value' lines"),
        ("a: 1\nb:\n  c: 1\n  c: 2\n", "m.yaml", "m.yaml:4: duplicate key 'b.c' (first at line 3)"),
        (
            "inputs:\n\u3000\u3000people: {value: 1}\n",
            "m.yaml",
            "m.yaml:2: invalid YAML: this line is indented with a full-width space (U+3000)",
        ),
    ],
)
def test_bad_data_files_name_file_and_line(text: str, name: str, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        load_data(text, name)
    assert str(caught.value).split(" (hint:")[0] == message


def test_yaml_aliases_and_nesting_within_bounds_load() -> None:
    text = "---\nbase: &base [1, 2]\ncopy: *base\nx: " + "[" * 100 + "]" * 100 + "\n---\n"
    meta = split(text, "a.md").meta
    assert meta["copy"] == meta["base"] == [1, 2]


TOO_LONG = "hint: put it in quotes, to keep it as text"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "---\ntitle: t\nviews: 1" + "0" * 4300 + "\n---\n",
            f"a.md:3: a number of 4301 digits is too long ({TOO_LONG})",
        ),
        (
            "---\ntitle: t\nviews: [1, -" + "9" * 5000 + "]\n---\n",
            f"a.md:3: a number of 5000 digits is too long ({TOO_LONG})",
        ),
        (  # digits in a string are no number
            '+++\ntitle = "1' + "0" * 5000 + '"\nviews = 1_' + "0" * 4400 + "\n+++\n",
            f"a.md:3: a number of 4401 digits is too long ({TOO_LONG})",
        ),
    ],
    ids=["yaml", "yaml-list", "toml"],
)
def test_a_number_too_long_for_python_is_an_error_at_its_line(text: str, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        split(text, "a.md")
    assert str(caught.value) == message
