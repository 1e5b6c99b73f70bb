import pandas as pd
import pytest

from geo.analysis.classify import class_labels, classify
from geo.numbers import format_value

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "lang", "expected"),
    [
        (17.6, 1, "%", "de", f"17,6{NB}%"),
        (17.6, 1, "%", "en", f"17.6{NB}%"),
        (12258, 0, "Personen", "de", f"12.258{NB}Personen"),
        (76271.35, 0, "", "de", "76.271"),
        (float("nan"), 1, "%", "de", "–"),
        (None, 1, "%", "de", "–"),
    ],
)
def test_format_value(value, decimals, unit, lang, expected):
    assert format_value(value, decimals, unit, lang) == expected


def test_class_labels_in_german():
    result = classify(pd.Series([6.2, 9.0, 12.0, 20.4]), "manual", bins=[8, 16])
    assert class_labels(result, 1, "%", "de") == [f"6,2 – 8,0{NB}%", f"über 8,0 – 16,0{NB}%", f"über 16,0 – 20,4{NB}%"]


@pytest.mark.parametrize(("lang", "expected"), [("de", "24.01.17, 16:30"), ("en", "24/01/2017, 16:30")])
def test_format_datetime_in_berlin_time(lang, expected):
    from datetime import UTC, datetime

    from geo.numbers import format_datetime

    assert format_datetime(datetime(2017, 1, 24, 15, 30, tzinfo=UTC), lang) == expected


def test_many_values_are_formatted_as_babel_formats_each():
    """format_values (a city of blocks: thousands of distinct values per change of indicator) gives
    format_value's texts exactly: half-even rounding of the decimal reading, grouping, sign, unit."""
    import random

    from geo.numbers import format_value, format_values

    rng = random.Random(25)
    values = ([rng.uniform(-1e6, 1e6) for _ in range(1500)] + [rng.randint(-5000, 5000) / 100 + 0.005 for _ in range(500)]
              + [x / 20 for x in range(-200, 200)] + [0.0, -0.0, 0.35, -0.04, 1234.35, -1234.35, 1e15, None, float("nan")])
    for lang in ("de", "en", "fr"):
        for decimals in (0, 1, 2):
            fast = format_values(values, decimals, "Personen", lang, missing="keine Daten")
            assert fast == [format_value(v, decimals, "Personen", lang, missing="keine Daten") for v in values]
    # a shown negative carries the minus sign (U+2212); one that rounds to zero none
    assert format_values([1234.35, -0.04, -1.25, None], 1, "%", "de") == [
        "1.234,4\u00a0%", "0,0\u00a0%", "\u22121,2\u00a0%", "–"]
    assert format_values([12258.0], 0, "", "en") == ["12,258"]
