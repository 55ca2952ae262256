"""Dates as writers type them, made into time-zone-aware datetimes, and as readers see them.

Accepted: ``2009-08-20``, ``2009-8-20``, ``2009-08-20 09:00``, ``2009-08-20T09:00:00``,
Pelican's ``2009/08/20`` and ``2009/08/20 09:00``, with optional fractions and offsets
(``Z``, ``+09:00``, ``+0900``, `` -0400``), and the
``date``/``datetime`` objects TOML produces. A value without an offset is in the
site's time zone; a date alone means midnight there. :func:`format_date` writes
``2009年8月20日`` or ``August 20, 2009`` for the theme and for quotation captions.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable

from sitegen.errors import quoted

_DATE = re.compile(
    r"""^(?P<year>\d{4})(?P<separator>[-/])(?P<month>\d{1,2})(?P=separator)(?P<day>\d{1,2})
    (?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6})\d*)?)?)?
    \s*(?P<offset>Z|[+-]\d{2}:?\d{2})?$""",
    re.VERBOSE | re.IGNORECASE,
)


class DateError(ValueError):
    """A value that is not a date; the message quotes it, and ``hint`` shows an accepted
    form: the value itself written so (``2018.03.04`` → ``2018-03-04``) when it can be."""

    def __init__(self, value: object) -> None:
        super().__init__(f"not a date ({quoted(value)})")
        self.hint = _accepted_form(value)


_NUMBERS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]+")
# AM or PM (9pm, 9:00 P.M.), not inside a word (I am); 午前 or 午後 (午後9時).
_HALF_DAY = re.compile(r"(?<![^\W\d_])[ap]\.?\s?m\b\.?|午前|午後", re.IGNORECASE)
# How a date with so many numbers of its time is written: 2018-03-04, 2018-03-04 15:00,
# 2018-03-04 15:16, 2018-03-04 15:16:17.
_FORMS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
# The hours of a 12-hour time: 1 to 12 with AM and PM (12 AM is midnight, 12 PM noon);
# 0 to 11 with 午前 and 午後 (午前0時 is midnight; 午前12時, which some read as noon, is
# no time).
_HOURS_OF_HALF = {"午前": range(12), "午後": range(12)}
_GENERIC_HINT = "write dates as 2009-08-20, 2009-08-20 09:00 or 2009/08/20 09:00"


def _accepted_form(value: object) -> str:
    """How to write ``value``: as itself in an accepted form when it can be read
    without a guess (see _read_loosely), else the accepted forms."""
    written = _read_loosely(value) if isinstance(value, str) else None
    return f"write it as {written}" if written else _GENERIC_HINT


def _read_loosely(text: str) -> str | None:
    """``text`` in an accepted form, when it names a date that exists by numbers in
    year-month-day order (``2018.03.04 15:16``, ``2018年3月4日``) or by an English
    month's name with the day and year (``March 5, 2026``, ``5 Mar 2026``), then maybe
    a time: hour, minute and second, of 24 hours or of 12 with AM or PM (``9:00 PM``,
    ``9pm``, ``午後9時``: 21:00). None for a form that only a guess could read:
    ``03/05/2026`` (March or May?), ``13:00 PM``, ``午前12時``."""
    halves = [match[0].lower() for match in _HALF_DAY.finditer(text)]
    text = _HALF_DAY.sub(" ", text)
    numbers = _NUMBERS.findall(text)
    words = [word.lower() for word in _WORDS.findall(text)]
    months = [str(_MONTH_NUMBERS[word]) for word in words if word in _MONTH_NUMBERS]
    if len(halves) > 1 or len(months) > 1:
        return None
    if months and len(numbers) >= 2:  # the day and the year, in either order
        shorter, longer = sorted(numbers[:2], key=len)
        date, time = [longer, months[0], shorter], numbers[2:]
    else:
        date, time = numbers[:3], numbers[3:]
    if len(date) < 3 or len(date[0]) != 4 or len(date[2]) > 2 or len(time) > 3:
        return None
    year, month, day = map(int, date)
    hour, minute, second = [*map(int, time), 0, 0, 0][:3]
    if halves:
        if not time or hour not in _HOURS_OF_HALF.get(halves[0], range(1, 13)):
            return None
        hour = hour % 12 + (12 if halves[0] == "午後" or halves[0].startswith("p") else 0)
    try:
        moment = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return moment.strftime(_FORMS[len(time)])


def parse_date(value: object, tz: dt.tzinfo) -> dt.datetime:
    """Return ``value`` as an aware datetime, or raise :class:`DateError`."""
    return _in_whole_minutes(_aware(value, tz))


def _in_whole_minutes(moment: dt.datetime) -> dt.datetime:
    """``moment`` with its offset from UTC rounded to the minute where it has seconds:
    a zone's local mean time before standard time (Tokyo's +09:18:59 until 1888),
    which the dates of feeds, sitemaps and HTML cannot write."""
    offset = moment.utcoffset()
    if offset is None or not offset.total_seconds() % 60:
        return moment
    minutes = round(offset.total_seconds() / 60)
    return moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))


def _aware(value: object, tz: dt.tzinfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if not isinstance(value, str):
        raise DateError(value)
    match = _DATE.match(value.strip())
    if not match:
        raise DateError(value)
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
        raise DateError(value) from None


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


_MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "ja": tuple(f"{month}月" for month in range(1, 13)),
}  # fmt: skip
_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "ja": ("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"),
}
_HALVES = {"en": ("AM", "PM"), "ja": ("午前", "午後")}
# An English month's number by its name or short name, in lower case (march, mar, sept).
_MONTH_NUMBERS = {
    name: number
    for number, month in enumerate(_MONTHS["en"], 1)
    for name in (month.lower(), month[:3].lower())
} | {"sept": 9}


class DateFormatError(ValueError):
    """A date format with a field sitegen does not know; the message names it."""


def format_date(
    value: dt.datetime | dt.date | None, language: str, pattern: str | None = None
) -> str:
    """``2009年8月20日`` in Japanese, ``August 20, 2009`` in English; or ``value`` written
    by ``pattern`` (see DATE_FIELDS), with the names of months and weekdays in
    ``language``. Raises :class:`DateFormatError` for a ``%`` it does not know."""
    if value is None:
        return ""
    if pattern is not None:
        return _FIELD.sub(lambda match: _field(match[0], value, language), pattern)
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{_MONTHS['en'][value.month - 1]} {value.day}, {value.year}"


def _clock(value: dt.datetime | dt.date) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime(*value.timetuple()[:3])


def _short(names: dict[str, tuple[str, ...]], english: int) -> dict[str, tuple[str, ...]]:
    """Short names: the first letters in English (Aug, Thu); in Japanese the month's
    name is short already (8月), a weekday's is its first character (木)."""
    return {
        "en": tuple(name[:english] for name in names["en"]),
        "ja": tuple(name[:1] if name.endswith("曜日") else name for name in names["ja"]),
    }


_SHORT_MONTHS, _SHORT_WEEKDAYS = _short(_MONTHS, 3), _short(_WEEKDAYS, 3)

_Field = Callable[[dt.datetime | dt.date, str], str]

#: Each field of a date format: what it writes, and how. As Python's strftime, but the
#: names are in the site's language whatever the machine's locale, and ``%-d`` writes the
#: day without a leading zero on every system.
DATE_FIELDS: dict[str, tuple[str, _Field]] = {
    "%Y": ("the year (2009)", lambda v, _: f"{v.year:04d}"),
    "%y": ("the year's last two digits (09)", lambda v, _: f"{v.year % 100:02d}"),
    "%m": ("the month (08)", lambda v, _: f"{v.month:02d}"),
    "%-m": ("the month without a leading zero (8)", lambda v, _: str(v.month)),
    "%B": ("the month's name (August, 8月)", lambda v, lang: _MONTHS[lang][v.month - 1]),
    "%b": ("its short name (Aug, 8月)", lambda v, lang: _SHORT_MONTHS[lang][v.month - 1]),
    "%d": ("the day (05)", lambda v, _: f"{v.day:02d}"),
    "%-d": ("the day without a leading zero (5)", lambda v, _: str(v.day)),
    "%A": ("the weekday's name (Thursday, 木曜日)", lambda v, lang: _WEEKDAYS[lang][v.weekday()]),
    "%a": ("its short name (Thu, 木)", lambda v, lang: _SHORT_WEEKDAYS[lang][v.weekday()]),
    "%H": ("the hour, 00 to 23", lambda v, _: f"{_clock(v).hour:02d}"),
    "%-H": ("the hour, 0 to 23", lambda v, _: str(_clock(v).hour)),
    "%I": ("the hour, 01 to 12", lambda v, _: f"{_clock(v).hour % 12 or 12:02d}"),
    "%-I": ("the hour, 1 to 12", lambda v, _: str(_clock(v).hour % 12 or 12)),
    "%p": ("AM or PM (午前 or 午後)", lambda v, lang: _HALVES[lang][_clock(v).hour >= 12]),
    "%M": ("the minute (09)", lambda v, _: f"{_clock(v).minute:02d}"),
    "%S": ("the second (00)", lambda v, _: f"{_clock(v).second:02d}"),
    "%z": ("the offset from UTC (+0900)", lambda v, _: _clock(v).strftime("%z")),
    "%%": ("a %", lambda v, _: "%"),
}
_FIELD = re.compile(r"%-?.?", re.DOTALL)


def _field(field: str, value: dt.datetime | dt.date, language: str) -> str:
    try:
        write = DATE_FIELDS[field][1]
    except KeyError:
        raise DateFormatError(f"{field} is not a field sitegen knows") from None
    return write(value, language)
