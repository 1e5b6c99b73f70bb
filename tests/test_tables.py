"""Indicator tables in the shapes municipalities export them (fixtures from tests/realistic.py, synthetic)."""

from __future__ import annotations

import math

import pytest

from geo.numbers import MISSING_MARKERS, is_missing, read_cell
from geo.read.tables import TableReadError, guess_long, read_indicator_table
from tests.realistic import long_rows, write_table

KEYS = ["01010000", "01010001", "01010002"]


def _long(header: list[str], extra: bool = False) -> list[list[str]]:
    """Two indicators over two years in the given header (area, [name], indicator, year, value)."""
    rows = [header]
    for i, key in enumerate(KEYS):
        for year in (2022, 2023):
            for indicator, value in (("Einwohner", 1000 + i), ("Ausländer", 100 + i)):
                rows.append([key, *(["Ort " + key] if extra else []), indicator, str(year), f"{value:,}".replace(",", ".")])
    return rows


@pytest.mark.parametrize(
    ("header", "key"),
    [
        (["Planungsraum", "Merkmal", "Jahr", "Anzahl"], "Planungsraum"),
        (["Gebiet", "Indikator", "Jahr", "Wert"], "Gebiet"),
        (["raum_id", "raum", "zeile", "jahr", "zahl"], "raum_id"),
    ],
)
def test_long_tables_with_german_headers_are_detected(tmp_path, header, key):
    path = write_table(_long(header, extra=len(header) == 5), tmp_path / "lang.csv")
    table = read_indicator_table(path)
    assert (table.layout, table.key_column) == ("long", key)
    assert table.years == {"Einwohner": [2022, 2023], "Ausländer": [2022, 2023]}
    assert list(table.frame.columns) == ["Einwohner@2022", "Ausländer@2022", "Einwohner@2023", "Ausländer@2023"]
    assert table.frame.loc["01010002", "Einwohner@2023"] == 1002


def test_long_by_year_wide_by_indicator(tmp_path):
    rows = [["Gebiet", "Name", "Jahr", "Einwohner", "Ausländer"]]
    rows += [[k, f"Ort {k}", str(y), "1.000", "k.A." if (k, y) == (KEYS[0], 2023) else "50"] for k in KEYS for y in (2022, 2023)]
    table = read_indicator_table(write_table(rows, tmp_path / "jahre.csv"))
    assert table.layout == "long" and table.years == {"Einwohner": [2022, 2023], "Ausländer": [2022, 2023]}
    assert math.isnan(table.frame.loc[KEYS[0], "Ausländer@2023"])
    assert table.missing == {"Ausländer@2023": 1}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        # Area keys repeat, no year: which columns are meant cannot be told.
        ([["Gebiet", "Art", "Personen"], ["1", "E", "5"], ["1", "A", "2"]],
         "doppelte Gebietsschlüssel: 1 \\(Spalte „Gebiet“\\).*--indicator SPALTE --year SPALTE --value SPALTE"),
        # An indicator column but two candidate value columns.
        ([["Gebiet", "Merkmal", "Jahr", "Männer", "Frauen"], ["1", "E", "2020", "5", "6"], ["1", "A", "2020", "2", "3"]],
         "Wertspalte unklar.*--indicator SPALTE --year SPALTE --value SPALTE.*Spalten: Gebiet, Merkmal, Jahr, Männer, Frauen"),
        ([["Gebiet", "Merkmal", "Jahr", "Anzahl"], ["1", "E", "zwanzig", "5"]], "Zeile 2, Spalte „Jahr“: „zwanzig“ ist keine Jahreszahl"),
        ([["Gebiet", "Merkmal", "Jahr", "Anzahl"], ["1", "E", "2020", "5"], ["1", "E", "2020", "6"]],
         "Zeile 2: doppelter Eintrag für Gebiet „1“, Indikator und Jahr"),
    ],
)
def test_unclear_long_tables_say_what_to_give(tmp_path, rows, message):
    with pytest.raises(TableReadError, match=message):
        read_indicator_table(write_table(rows, tmp_path / "unklar.csv"))


@pytest.mark.parametrize("marker", MISSING_MARKERS)
def test_missing_value_markers_are_missing_not_zero(tmp_path, marker):
    rows = [["Gebiet", "Einwohner", "Ausländer"], ["A", "1.000", marker], ["B", "2.000", "0"], ["C", "3.000", "12"]]
    table = read_indicator_table(write_table(rows, tmp_path / "fehlend.csv"))
    assert math.isnan(table.frame.loc["A", "Ausländer"])
    assert table.frame.loc["B", "Ausländer"] == 0  # a real zero stays zero
    assert table.missing == {"Ausländer": 1}


@pytest.mark.parametrize(
    ("text", "missing"), [("k.A.", True), ("K. A.", True), (" – ", True), ("()", True), ("0", False), ("x1", False)]
)
def test_is_missing(text, missing):
    assert is_missing(text) is missing


def test_long_table_missing_values_are_counted_per_column(tmp_path):
    rows = long_rows(KEYS, [2022, 2023], missing_every=3)  # the 3rd and 6th Ausländer value: "k.A."
    table = read_indicator_table(write_table(rows, tmp_path / "lang.csv"))
    assert table.missing == {"Ausländer@2022": 1, "Ausländer@2023": 1}
    assert table.frame["Ausländer@2023"].isna().tolist() == [False, False, True]


@pytest.mark.parametrize(
    ("encoding", "sep", "name"),
    [("utf-16", "\t", "unicode.txt"), ("utf-8-sig", ";", "bom.csv"), ("cp1252", ";", "win.csv"), ("utf-8", ",", "komma.csv")],
)
def test_encodings_and_separators(tmp_path, encoding, sep, name):
    rows = [["Gebiet", "Einwohner", "Anteil"], ["Südstadt", "1.234", "12,5" if sep != "," else "12.5"], ["Ölberg", "7", "3"]]
    path = write_table(rows, tmp_path / name, encoding=encoding, sep=sep)
    if encoding == "utf-16":
        assert path.read_bytes()[:2] == b"\xff\xfe"  # Excel "Unicode text": UTF-16 LE with byte-order mark
    table = read_indicator_table(path)
    assert table.frame.loc["Südstadt"].tolist() == [1234.0, 12.5]
    assert list(table.frame.index) == ["Südstadt", "Ölberg"]


@pytest.mark.parametrize(("text", "value"), [("1.234", 1234.0), ("k.A.", None), ("-", None), ("-3", -3.0), ("1.234,5", 1234.5)])
def test_read_cell_german_and_markers(text, value):
    assert read_cell(text) == value


@pytest.mark.parametrize(
    ("columns", "key", "parent", "expected"),
    [
        (["planungsraum", "merkmal", "jahr", "anzahl", "stand"], "planungsraum", None, ("merkmal", "jahr", "anzahl")),
        (["Gebiet", "Indikator", "Wert"], "Gebiet", None, ("Indikator", None, "Wert")),
        (["Gebiet", "Jahr", "Einwohner", "Ausländer"], "Gebiet", None, (None, None, None)),  # long by year only
        (["Gebiet", "Merkmal", "Einwohner"], "Gebiet", None, (None, None, None)),  # no plain value column
        (["Merkmal", "Bezirk", "Kennzahl", "Wert"], "Bezirk", "Merkmal", ("Kennzahl", None, "Wert")),  # parent taken
    ],
)
def test_guess_long_names_the_columns_the_reader_takes(columns, key, parent, expected):
    assert guess_long(columns, key, parent) == expected
