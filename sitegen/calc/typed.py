"""Numbers as people type them: 「13万」, 「１，０００」, 「−5」, 「1億2,000万円」, 「▲3」.

A calculator's fields are text fields: a number field would silently drop what it does not
accept, so that 「13万」 became 13. ``parseTyped`` in calculator.js reads what the reader typed
by the rules of :func:`parse_typed`, its twin here (``tests/calc/corpus.json`` holds both to
the same answers). The build uses the same rules the other way round: a declaration that
writes ``value: 13万`` gets the hint ``write 130000`` (:func:`plain_number_hint`).

The rules:

- full-width characters count as their half-width forms (``１３００００``, ``１，０００``,
  ``１．５``, ``￥``), and spaces (also 全角スペース) are ignored anywhere;
- commas group the digits by three (``130,000``);
- a leading minus may be ``-``, ``－``, ``−`` (U+2212), the ``ー`` a Japanese keyboard gives
  for it, or the ``▲`` and ``△`` of Japanese accounts; a leading ``+`` is allowed;
- Japanese magnitudes may follow the figures, as Japanese numbers are written: the units of
  ``yen_man``, largest first: 万 (10^4), 億, 兆, 京, 垓 (10^20), as in ``13万``, ``1.5万``,
  ``1億2,000万`` or ``1万2345``, each of which may be counted in 千 (10^3) and 百 (10^2):
  ``5千万``, ``1億5千万``, ``3百万``, ``2千500``. The leading figures may have decimals and
  any size; each figure after them is a whole number that fits below the magnitude before
  it: at most four digits (``1,234`` too) before or without a unit of ``yen_man``, one
  before 千 or 百, three after 千 and two after 百;
- or one English magnitude, in any case, with or without a space: ``k`` or ``thousand``
  (10^3), ``m``, ``mn`` or ``million`` (10^6), ``bn`` or ``billion`` (10^9), ``tn`` or
  ``trillion`` (10^12), as in ``1.3m``, ``1.3 Million``, ``2bn``, ``0.5k``; never both kinds
  (``1万k``);
- the field's own unit may end the text (``130,000人`` in a field whose unit is 人) or begin
  it, before or after the minus, as currency symbols are written (``S$5.50``, ``-S$3``,
  ``S$-3`` in a field whose unit is S$). A unit that ends with a currency sign ($, €, £,
  ¥…) may be shortened to that sign: ``$5`` in a field whose unit is US$; 円 may be written
  ¥ before the number, and both at once (``¥1,000``, ``¥1,000円``). The unit comes first: in
  a field whose unit is m, ``5m`` is 5;
- a field whose unit starts with a Japanese magnitude (万円, 億円, 千円, 百万円) counts in
  it: a bare ``13`` is 13 (万円), but a number written with a magnitude or with the unit
  after the magnitude (円, or ¥) is an amount of that unit, converted exactly: in a 万円
  field, 「1億」 is 10000, 「500万円」 500, 「5,000,000円」 and 「¥5,000,000」 500, and
  「12,345円」 1.2345.

Anything else (``1.2.3``, ``13万万``, ``1万2億``, ``1,00``, ``1e3``, ``abc``, ``$5$``) is not a
number.
The value is exact, then rounded once to the working precision; its bounds are the caller's.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from itertools import pairwise

from sitegen.calc.format import MAN_UNITS, plain
from sitegen.calc.numbers import new_context

#: Longer text is not a number anyone typed (and would only make huge integers).
MAX_TYPED_LENGTH = 200

#: For str.translate: full-width ASCII forms (！ to ～), the full-width currency signs
#: (￠ ￡ ￥ ￦) and 全角スペース to their half-width forms.
HALF_WIDTH = (
    {point: point - 0xFEE0 for point in range(0xFF01, 0xFF5F)}
    | {0xFFE0: 0xA2, 0xFFE1: 0xA3, 0xFFE5: 0xA5, 0xFFE6: 0x20A9}
    | {0x3000: 0x20}
)
_SPACES = re.compile(r"[ \t\r\n]+")
_SIGNS = {"+": "", "-": "-", "\u2212": "-", "\u30fc": "-", "▲": "-", "△": "-"}
#: The magnitudes of ``yen_man`` (a group of four digits each) and the two inside a group.
LARGE_UNITS = {name: exponent for exponent, name in MAN_UNITS}
SMALL_UNITS = {"千": 3, "百": 2}
MAGNITUDES = "".join([*LARGE_UNITS, *SMALL_UNITS])
#: Figures, then a 千 or 百, then a unit of ``yen_man``: each optional but the figures.
_TERM = re.compile(f"([0-9.,]+)([{''.join(SMALL_UNITS)}]?)([{''.join(LARGE_UNITS)}]?)")
_TERMS = re.compile(f"(?:{_TERM.pattern})+")
_LEADING = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+")
_LATER = re.compile(r"[0-9]{1,4}|[0-9],[0-9]{3}")
_PERCENT = re.compile(r"(.+)%")
#: Units written as a word whose currency sign may also stand before the number: ¥1,000円.
WORD_SIGNS = {"円": "¥"}
#: The English magnitudes a number may end with, by power of ten (``ENGLISH`` in calculator.js).
ENGLISH_MAGNITUDES = {
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "million": 6,
    "bn": 9,
    "billion": 9,
    "tn": 12,
    "trillion": 12,
}
_ENGLISH = re.compile(
    f"(.*?)({'|'.join(sorted(ENGLISH_MAGNITUDES, key=len, reverse=True))})",
    re.IGNORECASE | re.ASCII,
)


def half_width(text: str) -> str:
    """``text`` with full-width ASCII forms and 全角スペース made half-width, spaces removed."""
    return _SPACES.sub("", text.translate(HALF_WIDTH))


def parse_typed(text: str, unit: str = "") -> Decimal | None:
    """The number ``text`` means by the rules above, or ``None``; ``unit`` is the field's."""
    own = half_width(unit)
    prefix, scale = field_magnitude(own)  # a field in 万円 counts in 10^4 yen
    typed, marked = _without_unit(half_width(text), own[len(prefix) :])
    sign = _SIGNS.get(typed[:1])
    if sign is not None:
        typed = typed[1:]
    if len(typed) > MAX_TYPED_LENGTH:
        return None
    read = _figures(typed)
    if read is None:
        return None
    scaled, shift, magnitude = read
    shift += scale if magnitude or marked else 0  # an amount in yen, in a field in 万円
    return new_context().plus(Decimal(f"{sign or ''}{scaled}E-{shift}"))


def field_magnitude(unit: str) -> tuple[str, int]:
    """The Japanese magnitude a field's ``unit`` starts with and its power of ten: ``("万",
    4)`` for 万円, ``("百万", 6)`` for 百万円; ``("", 0)`` for a unit without one."""
    prefix = unit[: len(unit) - len(unit.lstrip(MAGNITUDES))]
    read = _figures("1" + prefix) if prefix else None
    if read is None:
        return "", 0  # none, or none that is a number's (万万)
    return prefix, len(str(read[0])) - 1


def _figures(typed: str) -> tuple[int, int, bool] | None:
    """``(scaled, shift, magnitude)``: ``typed`` (no sign, no unit) is ``scaled * 10**-shift``;
    ``magnitude`` says whether it was written with one. ``None``: no number."""
    english = _ENGLISH.fullmatch(typed)
    if english:
        typed = english.group(1)
    if not _TERMS.fullmatch(typed):
        return None  # no figures, or a magnitude without them or repeated: 万, 13万万
    terms = list(_TERM.finditer(typed))
    # Each term's power of ten: its 千 or 百, and the unit of yen_man that closes its group.
    exponents: list[int] = []
    group = 0
    for term in reversed(terms):
        group = LARGE_UNITS.get(term.group(3), group if term.group(2) else 0)
        exponents.insert(0, SMALL_UNITS.get(term.group(2), 0) + group)
    if english:
        if len(terms) > 1 or exponents[0]:
            return None  # both kinds of magnitude: 1万k
        exponents = [ENGLISH_MAGNITUDES[english.group(2).lower()]]
    if any(high <= low for high, low in pairwise(exponents)):
        return None  # magnitudes out of order: 1万2億, 5百千
    leading = terms[0].group(1)
    if not _LEADING.fullmatch(leading):
        return None
    for term, (before, exponent) in zip(terms[1:], pairwise(exponents), strict=True):
        if not _fits(term.group(1), before - exponent, bool(term.group(2))):
            return None
    # Exact, in units of the leading figures' last decimal; only they may have decimals.
    whole, _, fraction = leading.replace(",", "").partition(".")
    scaled = int(whole + fraction) * 10 ** exponents[0]
    for term, exponent in zip(terms[1:], exponents[1:], strict=True):
        scaled += int(term.group(1).replace(",", "")) * 10 ** (exponent + len(fraction))
    written = english is not None or len(terms) > 1 or bool(exponents[0])
    return scaled, len(fraction), written


def _fits(figures: str, room: int, counted: bool) -> bool:
    """Whether figures after the first fit the ``room`` (a power of ten) below the magnitude
    before them: one digit before 千 or 百 (``counted``), at most four otherwise."""
    digits = min(room, 1 if counted else 4)
    return _LATER.fullmatch(figures) is not None and len(figures.replace(",", "")) <= digits


def _without_unit(typed: str, unit: str) -> tuple[str, bool]:
    """``typed`` without the field's unit after the number (``5.5S$``) or before it, after a
    sign (``-S$5.5``), and whether it had it. A unit that ends with a currency sign may be
    written as that sign; one of ``WORD_SIGNS`` as its sign before the number, also with
    the unit after it (``¥1,000円``)."""
    spellings = [
        spelling for spelling in (unit, currency_sign(unit), WORD_SIGNS.get(unit)) if spelling
    ]
    after = next((spelling for spelling in spellings if typed.endswith(spelling)), "")
    if after:
        typed = typed[: -len(after)]
        if currency_sign(after):
            return typed, True  # never a sign on both sides: $5$
    sign = typed[:1] if typed[:1] in _SIGNS else ""
    for spelling in spellings:
        if spelling != after and typed.startswith(spelling, len(sign)):
            return sign + typed[len(sign) + len(spelling) :], True
    return typed, bool(after)


def currency_sign(unit: str) -> str:
    """The currency sign ($, €, £, ¥…) that ``unit`` ends with (``$`` for ``US$``), or ``""``."""
    return unit[-1] if unit and unicodedata.category(unit[-1]) == "Sc" else ""


def plain_number_hint(text: str, *, percent: str) -> str:
    """What to write instead of a number typed as a reader would (``13万``, ``１０００``,
    ``5%``, ``1.3m``, ``$5``) where a plain number belongs; ``""`` when ``text`` is not such
    a number. A currency symbol goes to the unit: ``$5`` gets ``write 5 with unit: "$"``.

    ``percent`` completes the hint for a percentage (``{share}`` is the 5 of 5%), which is
    written differently for an input than in an output's formula.
    """
    value = parse_typed(text)
    if value is not None:
        # A number in quotes ("10") is already written plainly: the quotes are the problem.
        return "" if plain(value) == text.strip() else f"write {plain(value)}{_width_note(text)}"
    symbol = _currency_symbol(half_width(text))
    value = parse_typed(text, symbol) if symbol else None
    if value is not None:
        return f'write {plain(value)} with unit: "{symbol}"'
    share = _PERCENT.fullmatch(half_width(text))
    value = parse_typed(share.group(1)) if share else None
    if value is None:
        return ""
    written = plain(value)
    fraction = plain(new_context().scaleb(value, -2))
    return f"write {fraction} for {written}%{percent.format(share=written)}"


def _currency_symbol(text: str) -> str:
    """The first currency symbol in ``text``: a currency sign and the letters just before it
    (``$``, ``S$``, ``US$``, ``€``), or ``""``."""
    for end, char in enumerate(text, start=1):
        if currency_sign(char):
            start = end - 1
            while start and text[start - 1].isascii() and text[start - 1].isalpha():
                start -= 1
            return text[start:end]
    return ""


def _width_note(text: str) -> str:
    """Why ``１０００`` is wrong though it reads as 1000: it is not in half-width digits."""
    if text.isascii() or any(char in MAGNITUDES for char in text):
        return ""  # 「13万」: the number to write says it all
    digits = all(char in "０１２３４５６７８９，．" for char in text if not char.isascii())
    return f" in half-width {'digits' if digits else 'characters'}"
