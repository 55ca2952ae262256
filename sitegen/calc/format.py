"""Showing calculator values to readers, in Japanese or English.

Formats (the JavaScript twin in ``calculator.js`` produces the same text):

========  ===========================  ==========================================
format    ja                           en
========  ===========================  ==========================================
number    ``130,000`` / ``130,000人``   ``130,000`` / ``130,000 人`` (unit after a space;
                                       a sign or ``x`` without: ``3.5%``, ``2.5x``)
yen       ``130,000,000円``             ``¥130,000,000``
yen_man   ``1億3,000万円``              ``¥130,000,000`` (same as ``yen``: exact, no
                                       "million"/"billion" rounding)
percent   ``12.5%`` (value × 100)       ``12.5%``
money     ``US$1,543.20`` (``unit:``    the same (a symbol that ends with a letter is
          ``US$``, 2 decimals)          followed by a space: ``CHF 12.50``)
========  ===========================  ==========================================

Rounding is for display only and always half-up (away from zero): yen formats show whole yen,
``number`` and ``percent`` at most two decimals with trailing zeros dropped, ``money`` exactly
``decimals`` decimals (2 unless the output says otherwise: cents), trailing zeros kept. A value
that rounds to zero never shows a minus sign. Negative values: ``-1,000円``, ``-¥1,000``,
``-1億円``, ``-S$4,275``. ``yen_man`` uses the units 万 (10^4), 億 (10^8), 兆 (10^12), 京 (10^16)
and 垓 (10^20) and drops empty groups (100,000,000 → ``1億円``). Values stay below 10^24, so
the 垓 group stays below 10,000 (``1,000垓円``). The calculator's fields show their values as
:func:`grouped` writes them (``1,300,000,000``) and read the same units back from what a
reader types (:mod:`sitegen.calc.typed`).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from sitegen.calc.numbers import scaled_half_up

FORMATS = ("number", "yen", "yen_man", "percent", "money")
LANGUAGES = ("ja", "en")
#: The decimals of ``money`` unless an output sets ``decimals``: cents.
MONEY_DECIMALS = 2
MAX_DECIMALS = 6

#: The units of ``yen_man``, largest first, by power of ten (``MAN_UNITS`` in calculator.js).
MAN_UNITS = ((20, "垓"), (16, "京"), (12, "兆"), (8, "億"), (4, "万"))


def format_value(
    value: Decimal,
    fmt: str,
    *,
    unit: str = "",
    decimals: int | None = None,
    language: str = "ja",
) -> str:
    """Format a value for readers. ``unit`` follows the number for ``number`` and precedes it
    for ``money`` (ignored otherwise); ``decimals`` is for ``money`` only."""
    if not value.is_finite():
        raise ValueError(f"cannot format {value}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    if fmt == "percent":
        return _decimal_text(value, places=2, shift=2) + "%"
    if fmt == "money":
        return _money_text(value, unit, MONEY_DECIMALS if decimals is None else decimals)
    if fmt == "number":
        text = _decimal_text(value, places=2)
        return text + unit_after_number(unit, language)
    yen = scaled_half_up(value, 0)
    sign = "-" if yen < 0 else ""
    if language == "en":
        return f"{sign}¥{abs(yen):,}"
    if fmt == "yen_man":
        return f"{sign}{_man_text(abs(yen))}円"
    return f"{sign}{abs(yen):,}円"


def unit_after_number(unit: str, language: str) -> str:
    """``unit`` as it follows a number: at once in Japanese (``130,000人``), after a space in
    English (``130,000 people``) but for a sign (``3.5%``, ``20°C``) or the ``x`` of a multiple
    (``2.5x``), which English writes at once too."""
    if not unit or language == "ja" or unit.lower() == "x":
        return unit
    return unit if unicodedata.category(unit[0])[0] in "SP" else f" {unit}"


def plain(value: Decimal) -> str:
    """The exact value as a plain decimal string: no exponent, no trailing zeros (``1200``)."""
    if value.is_zero():
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def grouped(value: Decimal) -> str:
    """The exact value with its whole part grouped by three, as a calculator's field shows it:
    ``1,300,000,000``, ``-1,234.5678`` (every decimal kept, so it reads back the same)."""
    sign = "-" if value < 0 else ""
    whole, point, fraction = plain(value.copy_abs()).partition(".")
    return f"{sign}{int(whole):,}{point}{fraction}"


def _money_text(value: Decimal, symbol: str, places: int) -> str:
    """``-S$4,275.00``: the sign, the symbol, then the amount with exactly ``places`` decimals.
    A symbol that ends with a letter (``CHF``, ``USD``) is followed by a space."""
    scaled = scaled_half_up(value, places)
    whole, fraction = divmod(abs(scaled), 10**places)
    sign = "-" if scaled < 0 else ""
    space = " " if symbol[-1:].isascii() and symbol[-1:].isalpha() else ""
    cents = f".{fraction:0{places}d}" if places else ""
    return f"{sign}{symbol}{space}{whole:,}{cents}"


def _decimal_text(value: Decimal, *, places: int, shift: int = 0) -> str:
    """``value * 10**shift`` half-up to ``places`` decimals, with thousands separators and
    without trailing zeros."""
    scaled = scaled_half_up(value, places + shift)
    whole, fraction = divmod(abs(scaled), 10**places)
    digits = f"{fraction:0{places}d}".rstrip("0")
    sign = "-" if scaled < 0 else ""
    return f"{sign}{whole:,}" + (f".{digits}" if digits else "")


def _man_text(yen: int) -> str:
    """``130000000`` → ``1億3,000万`` (a non-negative whole number of yen)."""
    if yen == 0:
        return "0"
    parts: list[str] = []
    for exponent, name in MAN_UNITS:
        group, yen = divmod(yen, 10**exponent)
        if group:
            parts.append(f"{group:,}{name}")
    if yen:
        parts.append(f"{yen:,}")
    return "".join(parts)
