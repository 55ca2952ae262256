"""Exact decimal arithmetic for calculator formulas, and its documented rules.

Every formula is computed with Python's :mod:`decimal` in ONE explicit context built by
:func:`new_context` (never the global context, so nothing a caller set up can change a result):

* **precision** — 34 significant digits (IEEE 754 decimal128), enough for any yen amount below
  the magnitude bound with 10 digits after the decimal point to spare;
* **rounding** — ROUND_HALF_UP (ties away from zero) after *every* operation;
* **magnitude** — every value (number literal, input, intermediate and final result) must be 0
  or have ``10^-40 <= |x| < 10^24`` after rounding, else the evaluation fails with ``too_large``
  or ``too_small``. 10^24 yen is a hundred million 兆 yen: far beyond any real estimate, and it
  keeps every exact intermediate step small;
* ``%`` — the truncated remainder ``a - b * trunc(a / b)``: the result has the sign of the
  dividend, as in JavaScript and in :class:`decimal.Decimal`. It is always exact;
* ``**`` — the exponent must be a whole number with ``|n| <= 100``. The power is computed
  exactly and rounded once; a negative exponent gives the reciprocal of the exact power,
  rounded once (``2 ** -2`` is 0.25, ``0 ** -1`` is a division by zero, ``x ** 0`` is 1);
* ``round(x, d)`` — half-up to ``d`` decimal places, ``-30 <= d <= 30`` (negative ``d`` rounds
  to tens, hundreds…); ``floor``/``ceil``/``abs``/``min``/``max`` and comparisons are exact.

``theme/static/js/calculator.js`` implements the same rules with BigInt and must give the same
digits; ``tests/calc/corpus.json`` holds both to it.
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

PRECISION = 34
MAX_EXPONENT = 100
MAX_ROUND_DIGITS = 30
#: ``adjusted()`` (the power of ten of the leading digit) must stay within these bounds.
MAX_ADJUSTED = 23  # |x| < 10^24
MIN_ADJUSTED = -40  # |x| >= 10^-40

ZERO = Decimal(0)
ONE = Decimal(1)


class FormulaError(ValueError):
    """A formula that cannot be parsed, checked or evaluated.

    ``kind`` is a short machine name shared with the JavaScript evaluator (``syntax``,
    ``too_long``, ``too_deep``, ``unknown_name``, ``unknown_function``, ``arity``,
    ``division_by_zero``, ``too_large``, ``too_small``, ``exponent``, ``argument``,
    ``dependency``); ``message`` is the English text, identical in both languages.
    This never reaches a site author raw: the declaration layer turns it into a ``Problem``.
    ``subject`` is the name or function a static check complains about.
    """

    def __init__(
        self, kind: str, message: str, *, located: bool = False, subject: str = ""
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.located = located
        self.subject = subject

    def at(self, column: int) -> FormulaError:
        """This error with the column of the innermost failing node appended (only once)."""
        if self.located:
            return self
        return FormulaError(self.kind, f"{self.message} at column {column}", located=True)


def new_context() -> Context:
    """The one arithmetic context of the calculator (fresh each time: contexts record flags)."""
    return Context(
        prec=PRECISION,
        rounding=ROUND_HALF_UP,
        Emin=-999_999,
        Emax=999_999,
        traps=[InvalidOperation, DivisionByZero, Overflow],
    )


def _too_large() -> FormulaError:
    return FormulaError("too_large", "number too large (the limit is 10^24 in magnitude)")


def _too_small() -> FormulaError:
    return FormulaError("too_small", "number too small (the limit is 10^-40 in magnitude)")


def checked(value: Decimal) -> Decimal:
    """Return ``value`` if it lies within the magnitude bounds (-0 becomes 0), else fail."""
    if value.is_zero():
        return ZERO
    if value.adjusted() > MAX_ADJUSTED:
        raise _too_large()
    if value.adjusted() < MIN_ADJUSTED:
        raise _too_small()
    return value


def _parts(value: Decimal) -> tuple[int, int, int]:
    """``(sign, coefficient, exponent)``: ``value == (-1)**sign * coefficient * 10**exponent``."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite number: {value}")
    return sign, int("".join(map(str, digits)) or "0"), exponent


def _make(sign: int, coefficient: int, exponent: int) -> Decimal:
    """The exact Decimal ``(-1)**sign * coefficient * 10**exponent``."""
    return Decimal((sign, tuple(int(d) for d in str(coefficient)), exponent))


def scaled_half_up(value: Decimal, places: int) -> int:
    """``value * 10**places`` rounded half-up (away from zero) to a whole number, exactly."""
    sign, coefficient, exponent = _parts(value)
    shift = exponent + places
    scaled: int
    if shift >= 0:
        scaled = coefficient * 10**shift
    else:
        scaled, rest = divmod(coefficient, 10**-shift)
        if 2 * rest >= 10**-shift:
            scaled += 1
    return -scaled if sign else scaled


def round_places(value: Decimal, places: int) -> Decimal:
    """``round(value, places)``: half-up to ``places`` decimals (exact: never more digits)."""
    if value.is_zero() or _parts(value)[2] >= -places:
        return value
    scaled = scaled_half_up(value, places)
    return _make(int(scaled < 0), abs(scaled), -places)


def remainder(dividend: Decimal, divisor: Decimal) -> Decimal:
    """Truncated remainder with the sign of the dividend, computed exactly on integers.

    (``Decimal.remainder`` refuses when the integer quotient has more than 34 digits; the
    exact remainder always fits, so we compute it ourselves, as the JavaScript side does.)
    """
    if divisor.is_zero():
        raise FormulaError("division_by_zero", "division by zero")
    sign_a, coeff_a, exp_a = _parts(dividend)
    _, coeff_b, exp_b = _parts(divisor)
    exponent = min(exp_a, exp_b)
    rest = (coeff_a * 10 ** (exp_a - exponent)) % (coeff_b * 10 ** (exp_b - exponent))
    return _make(sign_a, rest, exponent)


def power(base: Decimal, exponent: Decimal, ctx: Context) -> Decimal:
    """``base ** exponent`` for a whole exponent, exact then rounded once.

    The bounds are checked before anything is computed: the exponent first, then the
    magnitude the result must have (from the base's leading digit), so ``9 ** 9 ** 9`` or
    ``(9 ** 64) ** 64`` fail at once and the largest number ever built has 34 × 100 digits.
    """
    if exponent != exponent.to_integral_value(context=ctx):
        raise FormulaError("exponent", "exponent must be a whole number")
    if not -MAX_EXPONENT <= exponent <= MAX_EXPONENT:
        raise FormulaError("exponent", f"exponent out of range (the limit is {MAX_EXPONENT})")
    n = int(exponent)
    if n == 0:
        return ONE
    if base.is_zero():
        if n < 0:
            raise FormulaError("division_by_zero", "division by zero")
        return ZERO
    # |base| lies in [10^a, 10^(a+1)), so |result| lies between 10^(a*n) and 10^((a+1)*n).
    # The margin of one decade keeps these shortcuts from ever deciding a borderline case.
    a = base.adjusted()
    low, high = sorted((a * n, (a + 1) * n))
    if low > MAX_ADJUSTED + 1:
        raise _too_large()
    if high < MIN_ADJUSTED - 1:
        raise _too_small()
    sign, coefficient, exp = _parts(base)
    exact = exact_power(coefficient, abs(n))
    # base ** n == coefficient ** n * 10 ** (exp * n), for negative n too.
    scale = _make(0, 1, exp * n)
    result = ctx.multiply(exact, scale) if n > 0 else ctx.divide(scale, exact)
    return checked(ctx.minus(result) if sign and n % 2 else result)


def exact_power(coefficient: int, n: int) -> Decimal:
    """``coefficient ** n`` exactly: at most 34 digits to the 100th, so at most 3,400 digits."""
    return Decimal(coefficient**n)
