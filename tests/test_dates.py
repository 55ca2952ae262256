"""Dates as writers type them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sitegen.dates import DateError, DateFormatError, format_date, parse_date, split_dated_name

TOKYO = ZoneInfo("Asia/Tokyo")
GENERIC = "write dates as 2009-08-20, 2009-08-20 09:00 or 2009/08/20 09:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2009-08-20", dt.datetime(2009, 8, 20, tzinfo=TOKYO)),
        ("2009-8-2", dt.datetime(2009, 8, 2, tzinfo=TOKYO)),
        ("2009-08-20 09:00", dt.datetime(2009, 8, 20, 9, 0, tzinfo=TOKYO)),
        ("2009-08-20T09:00:30", dt.datetime(2009, 8, 20, 9, 0, 30, tzinfo=TOKYO)),
        ("2009-08-20 09:00:30.25", dt.datetime(2009, 8, 20, 9, 0, 30, 250000, tzinfo=TOKYO)),
        ("2014-05-06 12:00:00 -0400", dt.datetime(2014, 5, 6, 16, tzinfo=dt.UTC)),
        ("2014-05-06T12:00:00+09:00", dt.datetime(2014, 5, 6, 3, tzinfo=dt.UTC)),
        ("2014-05-06T12:00:00Z", dt.datetime(2014, 5, 6, 12, tzinfo=dt.UTC)),
        # Pelican's forms
        ("2018/03/04 15:16", dt.datetime(2018, 3, 4, 15, 16, tzinfo=TOKYO)),
        ("2018/03/04", dt.datetime(2018, 3, 4, tzinfo=TOKYO)),
        ("2018-03-04T15:16", dt.datetime(2018, 3, 4, 15, 16, tzinfo=TOKYO)),
    ],
)
def test_accepted_forms(text: str, expected: dt.datetime) -> None:
    parsed = parse_date(text, TOKYO)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_toml_dates_and_naive_datetimes_take_the_site_zone() -> None:
    assert parse_date(dt.date(2009, 8, 20), TOKYO) == dt.datetime(2009, 8, 20, tzinfo=TOKYO)
    assert parse_date(dt.datetime(2009, 8, 20, 9), TOKYO).utcoffset() == dt.timedelta(hours=9)


@pytest.mark.parametrize(
    "text", ["2009-13-01", "2009-02-30", "昨日", "20090820", "2009-08-20 25:00", "2009/08-20"]
)
def test_not_a_date(text: str) -> None:
    with pytest.raises(DateError, match=r"^not a date \("):
        parse_date(text, TOKYO)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2018.03.04 15:16", "write it as 2018-03-04 15:16"),
        ("2018年3月4日", "write it as 2018-03-04"),
        ("2018.3.4 9時", "write it as 2018-03-04 09:00"),
        # QA: a time with AM or PM got its hour as written (9:00 PM: 09:00)
        ("2026-03-05 9:00 PM", "write it as 2026-03-05 21:00"),
        ("2026-03-05 9pm", "write it as 2026-03-05 21:00"),
        ("2026-03-05 9:15 p.m.", "write it as 2026-03-05 21:15"),
        ("2026-03-05 12:00 AM", "write it as 2026-03-05 00:00"),
        ("2026-03-05 12:00 PM", "write it as 2026-03-05 12:00"),
        ("2026-03-05 9:00:30 am", "write it as 2026-03-05 09:00:30"),
        ("2018年3月4日 午後9時", "write it as 2018-03-04 21:00"),
        ("2018年3月4日 午前0時", "write it as 2018-03-04 00:00"),
        ("2018年3月4日 午後0時30分", "write it as 2018-03-04 12:30"),
        # QA: English dates as they are usually written had no accepted form
        ("March 5, 2026", "write it as 2026-03-05"),
        ("Mar 5 2026", "write it as 2026-03-05"),
        ("5 March 2026", "write it as 2026-03-05"),
        ("5 Jan 2026 9:30 pm", "write it as 2026-01-05 21:30"),
        ("Thursday, March 5th, 2026, 21:00", "write it as 2026-03-05 21:00"),
        ("Sept. 9, 2026", "write it as 2026-09-09"),
        ("2009-13-01", GENERIC),
        ("昨日", GENERIC),
        # Forms only a guess could read: no form, rather than a wrong one
        ("03/05/2026", GENERIC),
        ("2026-03-05 13:00 PM", GENERIC),
        ("2026-03-05 0:30 AM", GENERIC),
        ("2026-03-05 PM", GENERIC),
        ("2018年3月4日 午前12時", GENERIC),
        ("March 5, 26", GENERIC),
        ("March May 5, 2026", GENERIC),
        ("Feb 30, 2026", GENERIC),
    ],
)
def test_the_hint_of_a_date_not_read_shows_it_in_an_accepted_form(text: str, hint: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(text, TOKYO)
    assert raised.value.hint == hint
    if hint.startswith("write it as "):
        assert parse_date(hint.removeprefix("write it as "), TOKYO)


def test_jekyll_file_names() -> None:
    assert split_dated_name("2009-08-20-alico") == ("2009-08-20", "alico")
    assert split_dated_name("alico") == (None, "alico")


def test_a_date_format_writes_names_in_the_language_whatever_the_locale() -> None:
    value = dt.datetime(2009, 8, 20, 21, 5, 7, tzinfo=TOKYO)
    every = "%Y %y %m %-m %B %b %d %-d %A %a %H %-H %I %-I %p %M %S %z %%"
    assert format_date(value, "en", every) == (
        "2009 09 08 8 August Aug 20 20 Thursday Thu 21 21 09 9 PM 05 07 +0900 %"
    )
    assert format_date(value, "ja", every) == (
        "2009 09 08 8 8月 8月 20 20 木曜日 木 21 21 09 9 午後 05 07 +0900 %"
    )
    assert format_date(dt.date(2009, 8, 2), "en", "%-d/%-m %H:%M") == "2/8 00:00"
    assert format_date(None, "en", "%Y") == ""
    assert format_date(value, "ja") == "2009年8月20日"  # without a format, as before


@pytest.mark.parametrize("pattern", ["%Q", "%", "100%", "%-x"])
def test_a_date_format_with_an_unknown_field_names_it(pattern: str) -> None:
    with pytest.raises(DateFormatError, match=r"is not a field sitegen knows"):
        format_date(dt.date(2009, 8, 20), "en", pattern)


@pytest.mark.parametrize("value", ["1868-10-23", "1868-10-23 12:30", dt.date(1868, 10, 23)])
def test_an_offset_with_seconds_is_rounded_to_the_minute_as_dates_are_written(
    value: object,
) -> None:
    # Before 1888 Tokyo's zone keeps its local mean time, +09:18:59, which the dates of
    # feeds, sitemaps and HTML (RFC 3339: ±hh:mm) cannot write.
    moment = parse_date(value, TOKYO)
    assert moment.utcoffset() == dt.timedelta(hours=9, minutes=19)
    assert moment.isoformat().endswith("+09:19")
    assert parse_date("2009-08-20", TOKYO).isoformat() == "2009-08-20T00:00:00+09:00"
