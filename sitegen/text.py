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
)
_CJK = re.compile(f"[{CJK_CHARS}]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*")
_SENTENCE_END = re.compile(r"[。！？!?]|\.(?=\s|$)")

CJK_CHARS_PER_MINUTE = 500
WORDS_PER_MINUTE = 200


def is_cjk(char: str) -> bool:
    """True for a Japanese/Chinese character or CJK punctuation."""
    return bool(_CJK.match(char))


def reading_minutes(text: str) -> int:
    """Minutes to read ``text``: CJK characters at 500 a minute, other words at 200."""
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(_CJK.sub(" ", text)))
    minutes = cjk / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, math.ceil(minutes))


def excerpt(text: str, limit: int) -> str:
    """The start of ``text``, cut at a sentence end within ``limit`` characters.

    Whitespace is folded. When no sentence ends in time, the text is cut at the
    limit (at a word boundary for Latin text) and ends with an ellipsis.
    """
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit)]
    if ends:
        return text[: ends[-1]].strip()
    cut = text[:limit]
    if not is_cjk(text[limit - 1]) and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"
