"""Reading time and excerpts that are right for Japanese."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sitegen.text import (
    _SENTENCE_END,
    excerpt,
    fold_space,
    is_cjk,
    join_lines,
    joins_lines,
    reading_minutes,
)


def test_reading_time_counts_japanese_characters() -> None:
    assert reading_minutes("あ" * 500) == 1
    assert reading_minutes("あ" * 501) == 2
    assert reading_minutes("謝罪金" * 1000) == 6  # 3,000 characters at 500 a minute


def test_reading_time_counts_english_words() -> None:
    assert reading_minutes("word " * 200) == 1
    assert reading_minutes("word " * 450) == 3


def test_reading_time_of_mixed_text_adds_both() -> None:
    mixed = "漢字" * 250 + " English words " * 100  # 500 chars (1 min) + 200 words (1 min)
    assert reading_minutes(mixed) == 2


def test_excerpt_cuts_at_the_last_sentence_end_within_the_limit() -> None:
    text = "一文目です。二文目はもう少し長い文です。三文目。"
    assert excerpt(text, 20) == "一文目です。二文目はもう少し長い文です。"
    assert excerpt(text, 12) == "一文目です。"


def test_excerpt_without_a_sentence_end_adds_an_ellipsis() -> None:
    assert excerpt("あ" * 30, 10) == "あ" * 10 + "…"
    assert excerpt("the quick brown fox jumps", 12) == "the quick…"


def test_short_text_is_kept_whole_with_whitespace_folded() -> None:
    assert excerpt("  短い\n文  ", 50) == "短い 文"


JAPANESE = "アリコジャパンは、顧客情報の流出を受けて13万人に1人1,000円の謝罪金を支払うと発表した。"
ENGLISH = "The insurer will pay each of its 130,000 customers an apology of 1,000 yen."
MIXED = "PagefindはJapaneseの文章もword単位で検索できる。"


def test_reading_time_of_a_japanese_an_english_and_a_mixed_text() -> None:
    # 39 CJK characters and 3 numbers (13, 1, 1,000): ×1,000 = 78 + 15 minutes.
    assert reading_minutes(JAPANESE * 1000) == 93
    # 14 words, 130,000 among them: ×100 = 1,400 words at 200 a minute.
    assert reading_minutes(ENGLISH * 100) == 7
    # 14 CJK characters and 3 Latin words: ×200 = 5.6 + 3 minutes, rounded up.
    assert reading_minutes(MIXED * 200) == 9


def test_a_latin_word_ends_where_japanese_text_begins() -> None:
    # Three words, '3.5', 'e-mail' and '5', and six CJK characters, 万人がで１件 (the
    # full-width １ among them): ×200 = 600 words and 1,200 characters, 3 + 2.4 minutes.
    assert reading_minutes("3.5万人がe-mailで１,5件" * 200) == 6


def test_characters_beyond_the_basic_plane_count_as_japanese() -> None:
    assert reading_minutes("𠮷野家" * 200) == 2  # 600 characters, 𠮷 among them


def test_excerpt_keeps_the_closing_bracket_with_its_sentence() -> None:
    text = "彼は言った。「謝罪金は1人1,000円です。」総額は1億3千万円になる。"
    assert excerpt(text, 23) == "彼は言った。「謝罪金は1人1,000円です。」"
    assert excerpt(text, 22) == "彼は言った。"  # never 「…です。 with the bracket left open
    assert (
        excerpt('He said "It costs a lot." Then he left the room.', 30)
        == 'He said "It costs a lot."'
    )


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Mr. Smith runs a shop. He knows everyone.", "Mr. Smith runs a shop."),
        ("Dr. Ito and Prof. Sato agree. So do we.", "Dr. Ito and Prof. Sato agree."),
        ("It sells in the U.S. market. It grew.", "It sells in the U.S. market."),
        ("Some costs, e.g. rent, are fixed. Others vary.", "Some costs, e.g. rent, are fixed."),
        ("J. R. Smith wrote it. We read it.", "J. R. Smith wrote it."),
        ("It grew by 3.5 percent. Then it fell.", "It grew by 3.5 percent."),
    ],
)
def test_an_abbreviation_or_an_initial_ends_no_sentence(text: str, first: str) -> None:
    text += " More words follow here." * 5
    assert excerpt(text, len(first) + 5) == first
    # Too short for the whole sentence: cut at a word, not after "Mr." or "U.S.".
    assert excerpt(text, len(first) - 1) == first[: first.rindex(" ")] + "…"


def test_no_space_follows_japanese_punctuation_in_an_excerpt() -> None:
    text = "会議は高くつく。\n8人が1時間。\n\nEC事業も、\n伸びた。\n- 一つ目\n- 二つ目 and more"
    assert (
        excerpt(text, 200)
        == "会議は高くつく。8人が1時間。EC事業も、伸びた。- 一つ目 - 二つ目 and more"
    )


def test_an_excerpt_joins_lines_where_the_page_does() -> None:
    text = "長い沈黙……\n次の行。\n\nすごい!\n次。絵文字😀\n次。Wow!\nNext. すごい! 次。"
    assert excerpt(text, 200) == "長い沈黙……次の行。すごい!次。絵文字😀次。Wow! Next. すごい! 次。"


def _excerpt_of_all(text: str, limit: int) -> str:
    """excerpt as it was first written: the whole text folded, then cut."""
    text = fold_space(text)
    if len(text) <= limit:
        return text
    end = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > limit:
            break
        end = match.end()
    if end:
        return text[:end].strip()
    cut = text[:limit]
    if not is_cjk(text[limit - 1]) and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


# Pieces of text where folding and cutting decide something: sentence ends, closers,
# abbreviations, runs of every kind of space and line break, marks after Japanese.
_PIECES = st.sampled_from(
    ["経営", "の", "。", "、", "！", "？", "!", "?", "……", "😀", "」", "』", "）", '"', "'",
     ")", ".", "Mr.", "U.S.", " ", "  ", "\n", "\n\n", " \n ", "\t", "\u3000", "word",
     "3.5", "e.g.", "A.", "x" * 30, " " * 40, "\n" * 30]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=120).map("".join), st.integers(min_value=1, max_value=80))
@example("あ" * 10 + " " * 76 + "い" * 50, 10)  # the start folds to the limit: more is needed
@example("あ" * 10 + "\n" * 200 + "い。" * 50, 10)  # and more than twice as much
def test_an_excerpt_folds_only_the_start_it_needs_and_cuts_as_if_it_folded_all(
    text: str, limit: int
) -> None:
    assert excerpt(text, limit) == _excerpt_of_all(text, limit)


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("前年比で", "120%", True),
        ("前年比120%", "と", True),
        ("2024", "年", True),
        ("で", "１２０％", True),  # full-width digits are Japanese characters
        ("発表した。", "Apple", True),  # the end of a Japanese sentence
        ("沈黙", "……と", True),
        ("sitegen", "は", False),  # a Latin word keeps its space
        ("の", "iPhone", False),
        ("120", "300", False),
        ("100%", "off", False),
        ("%", "と", False),  # a % that follows no digit is no number
        # QA: a number with a sign or a currency sign before it is a number too
        ("気温は", "−5度", True),
        ("前年比は", "+20%", True),
        ("減少率は", "-3%", True),
        ("価格は", "¥1,000", True),
        ("価格は", "$10", True),
        ("売上は", "€5", True),
        ("差は", "－５", True),
        ("は", "$x", False),
        ("は", "-", False),
        ("sitegen", "$10", False),
        # QA: a line that opens like a list item stays apart, but not after a sentence end
        ("理由は三つ", "1. 価格", False),
        ("理由は三つ", "1) 価格", False),
        ("理由は三つ", "- 価格", False),
        ("理由は三つ", "+ 価格", False),
        ("理由は三つ", "1.5倍", True),
        ("理由は三つ。", "1. 価格", True),
    ],
)
def test_a_line_break_joins_japanese_text_and_numbers_only(
    before: str, after: str, joined: bool
) -> None:
    text = f"{before} \n {after}"
    assert joins_lines(text, len(before), len(before) + 3) is joined


def test_join_lines_joins_text_as_a_page_does() -> None:
    assert (
        join_lines("気温は\n −5度。\nsitegen\nは\n三つ\n1. 価格")
        == "気温は−5度。sitegen\nは三つ\n1. 価格"
    )
