"""Number formats for readers, in Japanese and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sitegen.calc import format_value, plain
from sitegen.calc.format import grouped


@pytest.mark.parametrize(
    ("value", "fmt", "unit", "ja", "en"),
    [
        ("130000000", "yen", "", "130,000,000円", "¥130,000,000"),
        ("-1000", "yen", "", "-1,000円", "-¥1,000"),
        ("999.5", "yen", "", "1,000円", "¥1,000"),
        ("-999.5", "yen", "", "-1,000円", "-¥1,000"),
        ("-0.4", "yen", "", "0円", "¥0"),
        ("130000000", "yen_man", "", "1億3,000万円", "¥130,000,000"),
        ("100000000", "yen_man", "", "1億円", "¥100,000,000"),
        ("12345", "yen_man", "", "1万2,345円", "¥12,345"),
        ("999", "yen_man", "", "999円", "¥999"),
        ("10000", "yen_man", "", "1万円", "¥10,000"),
        ("1000000000001", "yen_man", "", "1兆1円", "¥1,000,000,000,001"),
        ("123456789012345", "yen_man", "", "123兆4,567億8,901万2,345円", "¥123,456,789,012,345"),
        ("-130000000.5", "yen_man", "", "-1億3,000万1円", "-¥130,000,001"),
        ("10000000000000000", "yen_man", "", "1京円", "¥10,000,000,000,000,000"),
        ("1" + "0" * 23, "yen_man", "", "1,000垓円", "¥100" + ",000" * 7),
        ("-1" + "0" * 20, "yen_man", "", "-1垓円", "-¥100" + ",000" * 6),
        ("130000", "number", "", "130,000", "130,000"),
        ("130000", "number", "人", "130,000人", "130,000 人"),
        ("1234.5", "number", "", "1,234.5", "1,234.5"),
        ("0.005", "number", "", "0.01", "0.01"),
        ("-0.004", "number", "", "0", "0"),
        ("0.125", "percent", "", "12.5%", "12.5%"),
        ("1", "percent", "", "100%", "100%"),
        ("0.33335", "percent", "", "33.34%", "33.34%"),
        ("-0.05", "percent", "", "-5%", "-5%"),
    ],
)
def test_formats_in_both_languages(value: str, fmt: str, unit: str, ja: str, en: str) -> None:
    assert format_value(Decimal(value), fmt, unit=unit, language="ja") == ja
    assert format_value(Decimal(value), fmt, unit=unit, language="en") == en


def test_yen_formats_ignore_the_unit() -> None:
    assert format_value(Decimal(5), "yen", unit="人") == "5円"


@pytest.mark.parametrize(
    ("value", "fmt", "language", "message"),
    [
        ("1", "dollars", "ja", "unknown format 'dollars'"),
        ("1", "yen", "fr", "unknown language 'fr'"),
        ("NaN", "yen", "ja", "cannot format NaN"),
        ("Infinity", "number", "ja", "cannot format Infinity"),
    ],
)
def test_bad_arguments_are_programming_errors(
    value: str, fmt: str, language: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        format_value(Decimal(value), fmt, language=language)


@pytest.mark.parametrize(
    ("value", "text"),
    [("1.2E+3", "1200"), ("0.2500", "0.25"), ("-0", "0"), ("1E-5", "0.00001"), ("-12.0", "-12")],
)
def test_plain_text_has_no_exponent_and_no_trailing_zeros(value: str, text: str) -> None:
    assert plain(Decimal(value)) == text


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        ("41250", "S$", 0, "S$41,250"),
        ("-4275", "S$", 0, "-S$4,275"),
        ("1543.2", "US$", None, "US$1,543.20"),  # QA: it read 1,543.2 US$
        ("12.5", "€", None, "€12.50"),
        ("-0.004", "$", None, "$0.00"),
        ("0.005", "$", None, "$0.01"),
        ("1999.5", "£", 0, "£2,000"),
        ("1.2345", "KD", 3, "KD 1.235"),  # a symbol that ends with a letter: a space
        ("12.5", "CHF", None, "CHF 12.50"),
    ],
)
def test_money_puts_the_symbol_first_and_keeps_its_decimals(
    value: str, unit: str, decimals: int | None, text: str
) -> None:
    for language in ("ja", "en"):
        shown = format_value(
            Decimal(value), "money", unit=unit, decimals=decimals, language=language
        )
        assert shown == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1300000000", "1,300,000,000"),
        ("-1234.5678", "-1,234.5678"),
        ("0.0001", "0.0001"),
        ("-0", "0"),
        ("999", "999"),
    ],
)
def test_a_field_shows_its_value_grouped_with_every_decimal(value: str, text: str) -> None:
    assert grouped(Decimal(value)) == text
