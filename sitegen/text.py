"""Plain-text measures that are right for Japanese: excerpts and reading time.

Japanese has no spaces between words, so a word count treats a paragraph as one
word. We count CJK characters and Latin words separately and combine them.
"""

from __future__ import annotations

import math
import re

# Hiragana, katakana, CJK ideographs, full-width forms and CJK punctuation.
CJK_CHARS = (
    "\u3000-\u303f"  # CJK symbols and punctuation 、。「」
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff00-\uffef"  # half-width and full-width forms （）！？
    "\U00020000-\U0003134f"  # CJK extensions B to G: 𠮷 of 𠮷野家
)
# Punctuation that ends a Japanese sentence or clause: no space ever follows it,
# whatever comes next (「…発表した。8万人が…」, 「…した。EC事業も…」).
CJK_CLOSING = "、。，．！？」』）】〕〉》"
# Marks that end a Japanese sentence too when Japanese text comes before them, though
# they are not Japanese characters: the ellipsis (……, ‥), half-width ! and ?, and
# emoji and symbols (😀, ♪, ★, ✨, with their joiners and variation selectors). After
# Latin text they are the end of a word like any other (Wow!, Well…).
TRAILING_MARKS = (
    "…‥!?"
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats ☀ ★ ♪ ✨
    "\u2b00-\u2bff"  # ⭐ ⭕
    "\U0001f000-\U0001faff"  # emoji 😀 👍 🎉, skin tones
    "\u200d\ufe0f\u20e3"  # what joins and styles them
)
_CLOSING = frozenset(CJK_CLOSING)
_TRAILING = re.compile(f"[{TRAILING_MARKS}]")
_CJK = re.compile(f"[{CJK_CHARS}]")
_SPACE_AFTER_CLOSING = re.compile(f"(?<=[{CJK_CLOSING}])\\s+")
# A line break with the spaces around it.
_LINE_BREAK = re.compile(r"[^\S\n]*\n\s*")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
# A word of Latin script or a number: don't, e-mail, 3.5 and 130,000 are one word each.
_LATIN_WORD = re.compile(
    r"[A-Za-z0-9\u00c0-\u024f]+(?:(?:['’.-]|(?<=\d),(?=\d))[A-Za-z0-9\u00c0-\u024f]+)*"
)
# Closing brackets and quotes belong to the sentence they end: 「…です。」 "… a lot."
_CLOSERS = re.escape("」』）】〕〉》\"'”’)]")
# A full stop that ends an abbreviation or an initial ends no sentence: Mr. Smith,
# e.g. this, the U.S. market, J. R. Smith. (Checked after the stop: only at a stop.)
_ABBREVIATIONS = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Sr",
    "Jr",
    "St",
    "vs",
    "Fig",
    "e.g",
    "i.e",
    "cf",
)
_NOT_AN_ABBREVIATION = "".join(f"(?<!\\b{re.escape(a)}\\.)" for a in _ABBREVIATIONS)
_NOT_AN_INITIAL = "(?<!\\b[A-Z]\\.)"
_SENTENCE_END = re.compile(
    f"(?:[。！？!?]|\\.{_NOT_AN_ABBREVIATION}{_NOT_AN_INITIAL}(?=[{_CLOSERS}]*(?:\\s|$)))"
    f"[{_CLOSERS}]*"
)

CJK_CHARS_PER_MINUTE = 500
WORDS_PER_MINUTE = 200


def is_cjk(char: str) -> bool:
    """True for a Japanese/Chinese character or CJK punctuation."""
    return bool(_CJK.match(char))


def reading_minutes(text: str) -> int:
    """Minutes to read ``text``: CJK characters at 500 a minute, other words at 200."""
    # Count whole runs of CJK characters: there are far fewer runs than characters. A Latin
    # word ends at a CJK character just as at a space, so the words are found in the text
    # as it is, without blanking the CJK characters out first.
    cjk = sum(len(run) for run in _CJK_RUN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    minutes = cjk / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, math.ceil(minutes))


def ends_japanese_sentence(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends a Japanese sentence or clause, so that no space
    follows: with Japanese punctuation (CJK_CLOSING), or with a run of TRAILING_MARKS
    after Japanese text (すごい!, 沈黙……, 終わる😀)."""
    if end <= 0:
        return False
    if text[end - 1] in _CLOSING:
        return True
    start = end - 1
    while start >= 0 and _TRAILING.match(text, start):
        start -= 1
    return 0 <= start < end - 1 and _CJK.match(text, start) is not None


# Open a Japanese line as well as a Japanese character does: 沈黙\n……と.
_ELLIPSES = "…‥"
# A number, with the sign or currency sign it may start with (full-width digits and
# signs are CJK already): to a Japanese writer 120%, −5度, ¥1,000 and 2024年 are part
# of the Japanese sentence, not Latin text.
_DIGITS = "0123456789"
_NUMBER = re.compile(r"[+\-−＋－¥￥$＄€]?[0-9]")
# What opens a list item at the start of a line: 1. 1) - * + and a space. Python-Markdown
# lets no list interrupt a paragraph, so such a line stays in it, and must stay apart:
# after any number, not only the 1 that the warning about such a line looks for (see
# markup.gfm), since each item of 理由は三つ / 1. 価格 / 2. 品質 is a line of its own.
LIST_ITEM = re.compile(r"(?:[0-9]+[.)]|[-*+])[ \t]")


def joins_lines(text: str, start: int, end: int) -> bool:
    """Whether the line break ``text[start:end]`` (a newline and the spaces around it)
    disappears rather than being a word space: after the end of a Japanese sentence
    (see ends_japanese_sentence), whatever follows; or between Japanese text and
    Japanese text, or a number, on the other side (前年比で / 120%, 気温は / −5度,
    価格は / ¥1,000, 2024 / 年に). Next to Latin text (sitegen / は), and before a line
    that opens like a list item (三つ / 1. 価格) but after no sentence end, it stays a
    space."""
    if ends_japanese_sentence(text, start):
        return True
    if not start or end >= len(text) or LIST_ITEM.match(text, end):
        return False
    before, after = text[start - 1], text[end]
    number_before = before in _DIGITS or (
        before == "%" and start >= 2 and text[start - 2] in _DIGITS
    )
    japanese_after = is_cjk(after) or after in _ELLIPSES
    if is_cjk(before):
        return japanese_after or _NUMBER.match(text, end) is not None
    return number_before and japanese_after


def joined_breaks(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each line break of ``text`` that disappears (see
    joins_lines), with the spaces and tabs around it."""
    cuts: list[tuple[int, int]] = []
    # A Python loop over the few newlines is quicker than a regular expression that
    # tries the rules at every character of the text.
    newline = text.find("\n")
    while newline >= 0:
        start, end = newline, newline + 1
        while start and text[start - 1] in " \t":
            start -= 1
        while end < len(text) and text[end] in " \t":
            end += 1
        if joins_lines(text, start, end):
            cuts.append((start, end))
        newline = text.find("\n", end)
    return cuts


def without(text: str, cuts: list[tuple[int, int]]) -> str:
    """``text`` with the (start, end) ranges ``cuts`` (in order, apart) removed."""
    kept, position = [], 0
    for start, end in cuts:
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


def join_lines(text: str) -> str:
    """``text`` with its lines joined as a page's are (see joins_lines): for text
    written outside the body, such as a summary in the front matter."""
    return without(text, joined_breaks(text))


def _drop_break_after_sentence(match: re.Match[str]) -> str:
    return "" if ends_japanese_sentence(match.string, match.start()) else match.group(0)


def fold_space(text: str) -> str:
    """``text`` with each run of whitespace one space, none at either end, none after
    Japanese punctuation (see CJK_CLOSING), and no line break after the end of a
    Japanese sentence (see ends_japanese_sentence): a space typed after すごい! stays,
    as it does in the page."""
    text = _SPACE_AFTER_CLOSING.sub("", _LINE_BREAK.sub(_drop_break_after_sentence, text))
    return re.sub(r"\s+", " ", text).strip()


def _folded_start(text: str, length: int) -> str:
    """``fold_space(text)``, or a start of it longer than ``length`` characters.

    Folding only removes and shortens, and decides each cut by what comes before it,
    so the folded start of a text is the start of the folded text: an excerpt of a
    long article folds a few hundred characters, not the whole body (a tenth of the
    time of reading it)."""
    taken = 2 * length + 64
    while taken < len(text):
        start = fold_space(text[:taken])
        if len(start) > length:
            return start
        taken *= 4  # much of it was space
    return fold_space(text)


def excerpt(text: str, limit: int) -> str:
    """The start of ``text``, cut at a sentence end within ``limit`` characters.

    A sentence ends at 。！？!? or at a full stop before a space, together with
    the closing brackets and quotes that follow (「…です。」), so a cut never
    leaves a bracket open. Whitespace is folded. When no sentence ends in time,
    the text is cut at the limit (at a word boundary for Latin text) and ends
    with an ellipsis.
    """
    text = _folded_start(text, limit + 1)
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
