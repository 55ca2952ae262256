"""Dates as writers type them, made into time-zone-aware datetimes, and as readers see them.

Accepted: ``2009-08-20``, ``2009-8-20``, ``2009-08-20 09:00``, ``2009-08-20T09:00:00``,
with optional fractions and offsets (``Z``, ``+09:00``, ``+0900``, `` -0400``), and the
``date``/``datetime`` objects TOML produces. A value without an offset is in the
site's time zone; a date alone means midnight there. :func:`format_date` writes
``2009年8月20日`` or ``August 20, 2009`` for the theme and for quotation captions.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_DATE = re.compile(
    r"""^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})
    (?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6})\d*)?)?)?
    \s*(?P<offset>Z|[+-]\d{2}:?\d{2})?$""",
    re.VERBOSE | re.IGNORECASE,
)


class DateError(ValueError):
    """A value that is not a date; the message quotes it."""


def parse_date(value: object, tz: dt.tzinfo) -> dt.datetime:
    """Return ``value`` as an aware datetime, or raise :class:`DateError`."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if not isinstance(value, str):
        raise DateError(f"not a date ({value!r})")
    match = _DATE.match(value.strip())
    if not match:
        raise DateError(f"not a date ({value!r})")
    parts = match.groupdict()
    try:
        return dt.datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            int((parts["fraction"] or "0").ljust(6, "0")),
            tzinfo=_offset(parts["offset"]) or tz,
        )
    except ValueError:
        raise DateError(f"not a date ({value!r})") from None


def _offset(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.upper() == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return dt.timezone(sign * delta)


def rfc3339(value: dt.datetime) -> str:
    """``2009-08-20T09:00:00+09:00``: the date format of Atom and sitemaps."""
    return value.isoformat(timespec="seconds")


def rfc822(value: dt.datetime) -> str:
    """``Thu, 20 Aug 2009 09:00:00 +0900``: the date format of RSS 2.0 (in English, always)."""
    return email.utils.format_datetime(value)


_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def split_dated_name(stem: str) -> tuple[str | None, str]:
    """Split a Jekyll-style ``2009-08-20-alico`` file name into its date and the rest."""
    match = _FILE_DATE.match(stem)
    return (match.group(1), match.group(2)) if match else (None, stem)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_date(value: dt.datetime | dt.date | None, language: str) -> str:
    """``2009年8月20日`` in Japanese, ``August 20, 2009`` in English."""
    if value is None:
        return ""
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"
