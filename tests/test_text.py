"""Reading time and excerpts that are right for Japanese."""

from __future__ import annotations

from sitegen.text import excerpt, reading_minutes


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
