"""Typed numbers read in the reader's language (geo/numbers/parsing.py)."""

import pytest

from geo.numbers import NumberParseError, format_input, parse_number, parse_number_list

READ = [
    ("1,3", "de", 1.3),
    ("1.234,5", "de", 1234.5),
    ("1234,5", "de", 1234.5),
    ("1.234", "de", 1234.0),
    ("1,234", "de", 1.234),
    ("0,5", "de", 0.5),
    (",5", "de", 0.5),
    ("-0,5", "de", -0.5),
    ("\u22120,5", "de", -0.5),
    ("  12 ", "de", 12.0),
    ("1.234.567,89", "de", 1234567.89),
    ("1\u00a0234,5", "de", 1234.5),
    ("1.3", "en", 1.3),
    ("1,234.5", "en", 1234.5),
    ("1234.5", "en", 1234.5),
    ("1,234", "en", 1234.0),
    (".5", "en", 0.5),
    ("0.5", "en", 0.5),
    ("-2", "en", -2.0),
]


@pytest.mark.parametrize(("text", "lang", "expected"), READ)
def test_parse_number_reads_the_readers_format(text, lang, expected):
    assert parse_number(text, lang) == pytest.approx(expected)


REFUSED = [
    # (text, lang, suggestion in the reader's format or None)
    ("1.3", "de", "1,3"),
    ("1234.5", "de", "1.234,5"),
    ("1,234.5", "de", "1.234,5"),
    ("1,3", "en", "1.3"),
    ("0,5", "en", "0.5"),
    ("1.234,5", "en", "1,234.5"),
    ("abc", "de", None),
    ("abc", "en", None),
    ("1.2.3", "de", None),
    ("12 %", "de", None),
    ("1 234,5", "de", None),
]


@pytest.mark.parametrize(("text", "lang", "suggestion"), REFUSED)
def test_parse_number_refuses_and_suggests(text, lang, suggestion):
    with pytest.raises(NumberParseError) as caught:
        parse_number(text, lang)
    error = caught.value
    assert error.suggestion == suggestion
    message = str(error)
    german, english = message.split(" / ")
    assert f"„{text.strip()}“" in german
    assert f"'{text.strip()}'" in english
    if suggestion:
        assert f"meinten Sie „{suggestion}“" in german
        assert f"did you mean '{suggestion}'" in english


@pytest.mark.parametrize("text", ["", "   ", "NaN", "Infinity", "1e999"])
def test_parse_number_refuses_empty_and_non_finite(text):
    with pytest.raises(ValueError) as caught:
        parse_number(text, "de")
    assert caught.value.reason in {"empty", "finite"}
    assert " / " in str(caught.value)


@pytest.mark.parametrize(
    ("text", "lang", "suggestion"),
    [("49.407", "de", "49,407"), ("1.234,5", "de", None), ("7,705", "en", "7.705"), ("1,234", "en", "1.234")],
)
def test_parse_number_without_grouping_refuses_thousands_separators(text, lang, suggestion):
    with pytest.raises(NumberParseError) as caught:
        parse_number(text, lang, grouping=False)
    assert caught.value.reason == "grouping"
    assert caught.value.suggestion == suggestion
    assert "ohne Tausender" in str(caught.value)


@pytest.mark.parametrize(("text", "lang", "expected"), [("49,407", "de", 49.407), ("49.407", "en", 49.407)])
def test_parse_number_without_grouping_reads_plain_decimals(text, lang, expected):
    assert parse_number(text, lang, grouping=False) == expected


def test_parse_number_without_grouping_names_the_decimal_point_first():
    with pytest.raises(NumberParseError) as caught:
        parse_number("0.5", "de", grouping=False)
    assert caught.value.reason == "format"
    assert caught.value.suggestion == "0,5"


LISTS = [
    ("8; 12; 16", "de", [8.0, 12.0, 16.0]),
    ("8,5; 12", "de", [8.5, 12.0]),
    ("8,5;12;;", "de", [8.5, 12.0]),
    ("1.000; 2.500,5", "de", [1000.0, 2500.5]),
    ("8.5; 12", "en", [8.5, 12.0]),
    ("", "de", []),
]


@pytest.mark.parametrize(("text", "lang", "expected"), LISTS)
def test_parse_number_list(text, lang, expected):
    assert parse_number_list(text, lang) == expected


def test_parse_number_list_names_the_bad_part():
    with pytest.raises(NumberParseError) as caught:
        parse_number_list("8; 12.5; 16", "de")
    assert caught.value.typed == "12.5"
    assert caught.value.suggestion == "12,5"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(1.3, "de", "1,3"), (1234.5, "de", "1234,5"), (1234.5, "en", "1234.5"), (3.0, "de", "3"),
     (49.444123, "de", "49,444123"), (-0.25, "en", "-0.25")],
)
def test_format_input_round_trips(value, lang, expected):
    text = format_input(value, lang)
    assert text == expected
    assert parse_number(text, lang) == pytest.approx(value)
