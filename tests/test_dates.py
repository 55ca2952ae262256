"""Dates as writers type them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sitegen.dates import DateError, DateFormatError, format_date, parse_date, split_dated_name

TOKYO = ZoneInfo("Asia/Tokyo")


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
        ("2009-13-01", "write dates as 2009-08-20, 2009-08-20 09:00 or 2009/08/20 09:00"),
        ("昨日", "write dates as 2009-08-20, 2009-08-20 09:00 or 2009/08/20 09:00"),
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
