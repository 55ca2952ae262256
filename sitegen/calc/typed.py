"""Numbers as people type them: 「13万」, 「１，０００」, 「−5」, 「1億2,000万円」.

A calculator's fields are text fields: a number field would silently drop what it does not
accept, so that 「13万」 became 13. ``parseTyped`` in calculator.js reads what the reader typed
by the rules of :func:`parse_typed`, its twin here (``tests/calc/corpus.json`` holds both to
the same answers). The build uses the same rules the other way round: a declaration that
writes ``value: 13万`` gets the hint ``write 130000`` (:func:`plain_number_hint`).

The rules:

- full-width characters count as their half-width forms (``１３００００``, ``１，０００``,
  ``１．５``), and spaces (also 全角スペース) are ignored anywhere;
- commas group the digits by three (``130,000``);
- a leading minus may be ``-``, ``－``, ``−`` (U+2212) or the ``ー`` a Japanese keyboard gives
  for it; a leading ``+`` is allowed;
- the units of ``yen_man`` may follow, largest first: 万 (10^4), 億, 兆, 京, 垓 (10^20), as in
  ``13万``, ``1.5万``, ``1億2,000万`` or ``1万2345``. The leading group may have decimals
  and any size; each group after it is a whole number below 10,000, as ``yen_man`` writes them;
- or one English magnitude, in any case, with or without a space: ``k`` or ``thousand``
  (10^3), ``m``, ``mn`` or ``million`` (10^6), ``bn`` or ``billion`` (10^9), ``tn`` or
  ``trillion`` (10^12), as in ``1.3m``, ``1.3 Million``, ``2bn``, ``0.5k``; never both kinds
  (``1万k``);
- the field's own unit may end the text (``130,000人`` in a field whose unit is 人) or begin
  it, before or after the minus, as currency symbols are written (``S$5.50``, ``-S$3``,
  ``S$-3`` in a field whose unit is S$). A unit that ends with a currency sign ($, €, £,
  ¥…) may be shortened to that sign: ``$5`` in a field whose unit is US$. The unit comes
  first: in a field whose unit is m, ``5m`` is 5. When the unit starts with one of the units
  of ``yen_man`` (万円), a number typed with 万, 億 or an English magnitude is an amount in
  yen: 「1億」 in a 万円 field is 10000, and a bare 「13」 is 13 (万円).

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

#: For str.translate: full-width ASCII forms (！ to ～) and 全角スペース to their half-width forms.
HALF_WIDTH = {point: point - 0xFEE0 for point in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SPACES = re.compile(r"[ \t\r\n]+")
_SIGNS = {"+": "", "-": "-", "\u2212": "-", "\u30fc": "-"}
_EXPONENTS = {name: exponent for exponent, name in MAN_UNITS}
_UNIT = re.compile(f"([{''.join(_EXPONENTS)}])")
_LEADING = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+")
_LATER = re.compile(r"[0-9]{1,4}|[0-9],[0-9]{3}")
_PERCENT = re.compile(r"(.+)%")
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
    scale = _EXPONENTS.get(own[:1], 0)  # a field in 万円 counts in 10^4 yen
    typed = _without_unit(half_width(text), own[1:] if scale else own)
    sign = _SIGNS.get(typed[:1])
    if sign is not None:
        typed = typed[1:]
    if len(typed) > MAX_TYPED_LENGTH:
        return None
    english = _ENGLISH.fullmatch(typed)
    magnitude = ENGLISH_MAGNITUDES[english.group(2).lower()] if english else 0
    if english:
        typed = english.group(1)
    pieces = _UNIT.split(typed)  # amount, unit, amount, unit, …, amount
    if magnitude and len(pieces) > 1:
        return None  # both kinds of magnitude: 1万k
    amounts = pieces[0::2]
    exponents = [*(_EXPONENTS[name] for name in pieces[1::2]), magnitude]
    if any(high <= low for high, low in pairwise(exponents)):
        return None  # units out of order or repeated: 1万2億, 13万万
    if len(amounts) > 1 and not amounts[-1]:  # the text ends with a unit: 13万
        amounts, exponents = amounts[:-1], exponents[:-1]
    leading, *later = amounts
    if not _LEADING.fullmatch(leading) or not all(_LATER.fullmatch(a) for a in later):
        return None
    # Exact, in units of the leading group's last decimal; only it may have decimals.
    whole, _, fraction = leading.replace(",", "").partition(".")
    scaled = int(whole + fraction) * 10 ** exponents[0]
    for amount, exponent in zip(later, exponents[1:], strict=True):
        scaled += int(amount.replace(",", "")) * 10 ** (exponent + len(fraction))
    shift = len(fraction) + (scale if len(pieces) > 1 or magnitude else 0)
    return new_context().plus(Decimal(f"{sign or ''}{scaled}E-{shift}"))


def _without_unit(typed: str, unit: str) -> str:
    """``typed`` without the field's unit after the number (``5.5S$``) or before it, after a
    sign (``-S$5.5``); a unit that ends with a currency sign may be written as that sign."""
    spellings = [spelling for spelling in (unit, currency_sign(unit)) if spelling]
    for spelling in spellings:
        if typed.endswith(spelling):
            return typed[: -len(spelling)]
    sign = typed[:1] if typed[:1] in _SIGNS else ""
    for spelling in spellings:
        if typed.startswith(spelling, len(sign)):
            return sign + typed[len(sign) + len(spelling) :]
    return typed


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
    if text.isascii() or _UNIT.search(text):
        return ""  # 「13万」: the number to write says it all
    digits = all(char in "０１２３４５６７８９，．" for char in text if not char.isascii())
    return f" in half-width {'digits' if digits else 'characters'}"
