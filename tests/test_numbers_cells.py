"""Numbers in table cells and shares of counts: the one reader (geo/numbers/parsing.py) and the one
share rule (geo/numbers/shares.py) that every reader, page and export uses."""

import math

import numpy as np
import pandas as pd
import pytest

from geo.numbers import format_signed, format_value, is_missing, looks_numeric, read_cell, read_cells, share

# (cell text, number or None for "no value"); read_cell and read_cells must agree on every row.
CELLS = [
    ("1.234,5", 1234.5),
    ("1.234", 1234.0),  # German: the dot groups thousands
    ("1.234.567", 1234567.0),
    ("12,5", 12.5),
    ("12.5", 12.5),  # not German (one dot, no group of three): plain notation
    ("16,9 %", 16.9),
    ("16,9%", 16.9),
    ("7", 7.0),
    ("-3", -3.0),
    ("\u22121,5", -1.5),  # typographic minus
    ("1\u00a0234,5", 1234.5),
    (" 3 ", 3.0),
    ("1e3", 1000.0),
    ("–", None),
    ("-", None),
    (".", None),
    ("k.A.", None),
    ("x", None),
    ("()", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("text", "value"), CELLS)
def test_read_cell(text, value):
    assert read_cell(text) == value


def test_read_cells_agrees_with_read_cell_on_every_row():
    texts = [text for text, _ in CELLS]
    got = read_cells(pd.Series(texts)).tolist()
    want = [math.nan if v is None else v for _, v in CELLS]
    assert [None if math.isnan(g) else g for g in got] == [None if math.isnan(w) else w for w in want]


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12 Personen", "1.23.4"])
def test_read_cell_refuses_text(text):
    with pytest.raises(ValueError):
        read_cell(text)
    assert not looks_numeric(text)
    assert math.isnan(read_cells(pd.Series([text])).iloc[0])


def test_read_cell_without_grouping_keeps_coordinates():
    assert read_cell("49.443", grouping=False) == 49.443
    assert read_cell("49,443", grouping=False) == 49.443
    assert read_cell("49.443") == 49443.0


def test_missing_markers_and_numbers_already_read():
    assert [is_missing(v) for v in (None, float("nan"), "k. A.", "0")] == [True, True, True, False]
    assert read_cell(2) == 2.0 and read_cell(0.5) == 0.5


# --- shares: one rule for a zero, negative or missing denominator -------------------------------

@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(3, 12, 25.0), (0, 5, 0.0), (3, 0, None), (3, -4, None), (None, 5, None), (3, None, None),
     (float("nan"), 5, None), (3, float("nan"), None), (3, float("inf"), None)],
)
def test_share_of_numbers(numerator, denominator, expected):
    got = share(numerator, denominator)
    assert (math.isnan(got) if expected is None else got == expected)


def test_share_of_series_is_aligned_and_never_infinite():
    num = pd.Series([1.0, 2.0, None, 5.0], index=["a", "b", "c", "d"])
    den = pd.Series([4.0, 0.0, 5.0, -1.0], index=["a", "b", "c", "d"])
    got = share(num, den)
    assert list(got.index) == ["a", "b", "c", "d"]
    assert got["a"] == 25.0 and got[["b", "c", "d"]].isna().all()
    assert not np.isinf(got).any()
    assert share(num, 0.0).isna().all()
    assert share(pd.Series([1.0]), 4, per=1000).tolist() == [250.0]


def test_share_of_arrays():
    got = share(np.array([1.0, 1.0]), np.array([2.0, 0.0]))
    assert got[0] == 50.0 and math.isnan(got[1])


def test_share_as_a_fraction():
    assert share(1, 4, per=1.0) == 0.25


def test_aggregate_a_share_whose_denominator_sums_to_zero_is_missing_not_infinite():
    from geo.domain.aggregate import aggregate
    from geo.domain.indicators import IndicatorSpec

    def spec(key, kind, numerator=None, denominator=None):
        return IndicatorSpec(id=key, label_de=key, label_en=key, unit_de="", unit_en="", kind=kind,
                             numerator=numerator, denominator=denominator, decimals=1, source="test", year=2016)

    specs = {"pop": spec("pop", "count"), "fr": spec("fr", "count"), "sh": spec("sh", "share", "fr", "pop")}
    table = pd.DataFrame({"pop": [0.0, 0.0, 10.0, 30.0], "fr": [0.0, 0.0, 1.0, 3.0], "sh": [np.nan, np.nan, 10.0, 10.0],
                          "unit": ["A", "A", "B", "B"]})
    result = aggregate(table, specs, "unit").table
    assert math.isnan(result.loc["A", "sh"])
    assert result.loc["B", "sh"] == pytest.approx(10.0)


# --- formatting -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [(1.5, "de", "+1,5"), (-1.0, "de", "−1"), (-0.25, "en", "−0.25"), (1234.5, "de", "+1234,5")],
)
def test_format_signed(value, lang, text):
    assert format_signed(value, lang) == text


def test_format_value_of_a_share():
    assert format_value(share(169, 1000), 1, "%", "de") == "16,9\u00a0%"
    assert format_value(share(169, 0), 1, "%", "de") == "–"
