"""Import heuristics real files need (issue #21, item 4): tables of cases, then the files in the shapes
statistics offices publish (tests/cityshapes.py, synthetic) and the real Berlin files (read from
/work/shared/data/berlin at run time, never copied)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from geo.read.heuristics import (
    ShareMatch,
    find_aggregates,
    is_id_column,
    pick_key_field,
    pick_name_field,
    published_decimals,
    published_shares,
    share_disagreements,
    year_in_text,
)
from geo.read.tables import read_indicator_table
from geo.store.catalog import list_datasets, load_dataset_folder
from geo.store.ingest import main
from geo.store.pipeline import field_choice
from tests.conftest import BERLIN_DIR
from tests.cityshapes import (
    excel_wide_table,
    long_with_aggregates,
    stadtbereiche_shapefile,
    stadtteile_geojson,
    yearly_share_tables,
)

BERLIN = BERLIN_DIR


def _berlin() -> Path:
    if not (BERLIN / "plr.geojson").is_file():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"real Berlin files missing in {BERLIN}")
        pytest.skip(f"real Berlin files not in {BERLIN}")
    return BERLIN


# ------------------------------------------------------------------ boundary key and name fields

@pytest.mark.parametrize(
    ("attributes", "key", "name"),
    [
        # a constant district name beside the areas' names: never the name field
        ({"sb_nr": ["1", "2", "3"], "krs_name": ["Rostock"] * 3, "STADTBEREI": ["Mitte", "Süd", "Nord"]},
         "sb_nr", "STADTBEREI"),
        ({"krs_name": ["Köln"] * 3, "name": ["Ehrenfeld", "Kalk", "Porz"], "id": ["101", "102", "103"]}, "id", "name"),
        # Berlin's properties: id, name, area (numbers), bounding_box (numbers in text)
        ({"id": ["01011101", "01011102"], "name": ["Stülerstraße", "Großer Tiergarten"], "area": [366755.5, 3009397.45],
          "bounding_box": ["[13.33 52.50 13.35 52.50]", "[13.33 52.50 13.37 52.52]"]}, "id", "name"),
        # names under an unhinted field, numbers first
        ({"flaeche": [1.5, 2.5, 3.5], "GEN": ["Albach", "Bernau", "Dornheim"], "AGS": ["07312001", "07312002", "07312003"]},
         "AGS", "GEN"),
        # an area delivered in two features repeats its key and name once (9 of 10 distinct)
        ({"key": [str(i) for i in range(9)] + ["8"], "bez": [f"Gebiet {c}" for c in "ABCDEFGHII"]}, "key", "bez"),
        # no code field at all: the names are the key
        ({"land": ["RP"] * 3, "stadtteil": ["Nord", "Süd", "Mitte"]}, "stadtteil", "stadtteil"),
    ],
)
def test_key_and_name_fields(attributes, key, name):
    frame = pd.DataFrame(attributes)
    assert (pick_key_field(frame), pick_name_field(frame, pick_key_field(frame))) == (key, name)


def test_constant_krs_name_shapefile_offers_samples(tmp_path):
    choice = field_choice(stadtbereiche_shapefile(tmp_path))
    assert (choice.key, choice.name) == ("sb_nr", "STADTBEREI")
    assert [g.field for g in choice.constant()] == ["krs_name"]
    assert choice.samples("STADTBEREI") == "Alau 1, Berau 2, Dornau 3"
    assert choice.samples("krs_name") == "Musterstadt"


# ------------------------------------------------------------------ id and code columns

@pytest.mark.parametrize(
    ("header", "values", "expected"),
    [
        ("Stadtteil-Nr.", ["1", "2", "3"], True),
        ("PLR-Nr.", ["01011101", "01011102"], True),
        ("Schlüssel", ["07312001", "07312002"], True),
        ("Gebietsschlüssel", ["A1", "A2", "B1"], True),
        ("ID", ["17", "4", "99"], True),
        ("lfd. Nr.", ["1", "2", "3"], True),
        ("Gebiet", ["011", "012", "021"], True),  # zero-padded codes under any header
        ("Einwohner", ["1.234", "980", "1.001"], False),
        ("Ausländeranteil in %", ["12,5", "3,4", "8,0"], False),
        ("Nr", ["1", "1", "2"], False),  # repeats: not an id
        ("Anzahl", ["010", "020", "030"], True),  # padded codes even under a count-like header
        ("Anzahl", ["10", "20", "30"], False),
    ],
)
def test_id_columns(header, values, expected):
    assert is_id_column(header, values) is expected


def test_excel_table_id_column_is_not_an_indicator(tmp_path):
    table = read_indicator_table(excel_wide_table(tmp_path))
    assert table.key_column == "Stadtteil"
    assert table.ids == ("Stadtteil-Nr.",)
    assert list(table.frame.columns) == ["Einwohner", "Ausländer", "Ausländeranteil in %"]
    assert table.frame.loc["Eichau 4", "Einwohner"] == 2904.0  # "2.904": thousands dot


# ------------------------------------------------------------------ published shares

@pytest.mark.parametrize(
    ("columns", "found"),
    [
        (["Einwohner", "Ausländer", "Ausländeranteil in %"], [("Ausländeranteil in %", "Ausländer", "Einwohner")]),
        (["Einwohner", "Ausländer", "Anteil Ausländer (%)"], [("Anteil Ausländer (%)", "Ausländer", "Einwohner")]),
        (["Bevölkerung insgesamt", "Arbeitslose", "Arbeitslosenquote"], [("Arbeitslosenquote", "Arbeitslose", "Bevölkerung insgesamt")]),
        (["Einwohner", "Ausländeranteil in %"], []),  # no counts: the share stays as published
        (["Ausländer", "Ausländeranteil in %"], []),  # no denominator
    ],
)
def test_published_shares(columns, found):
    assert [(m.column, m.numerator, m.denominator) for m in published_shares(columns)] == found


@pytest.mark.parametrize(
    ("values", "decimals"), [([40.6, 38.0], 1), ([12.0, 7.0], 0), ([3.25, 1.5], 2), ([], 0)]
)
def test_published_decimals(values, decimals):
    assert published_decimals(values) == decimals


def test_share_disagreements_beyond_rounding():
    frame = pd.DataFrame(
        {"Einwohner": [3419.0, 192.0, 1000.0], "Ausländer": [1387.0, 73.0, 100.0], "Anteil": [40.6, 38.0, 12.0]},
        index=["a", "b", "c"],
    )
    match = ShareMatch("Anteil", "Ausländer", "Einwohner")
    assert share_disagreements(frame, match) == [("c", 12.0, 10.0)]  # 40.57 -> 40.6 and 38.02 -> 38.0 are rounding


# ------------------------------------------------------------------ aggregate rows

def test_aggregates_city_total_and_districts_with_sum_check(tmp_path):
    table = read_indicator_table(long_with_aggregates(tmp_path))
    areas = [k for k in table.frame.index if not k.startswith("00")]
    found = {a.key: a for a in find_aggregates(table.frame, [f"00{d}" for d in range(10)], areas, table.labels)}
    assert found["000"].kind == "total" and found["000"].name == "Stadt insgesamt"
    assert found["000"].differences == ()  # the total is the sum of all 18 Stadtteile
    assert len(found["000"].children) == 18
    assert found["001"].kind == "district" and found["001"].children == ("011", "012")
    assert found["001"].name == "Stadtbezirk Zellberg 42"
    assert found["004"].differences == (("Einwohner@2022", 2372.0, 2367.0), ("Einwohner@2023", 2374.0, 2369.0))


@pytest.mark.parametrize(
    ("rows", "unmatched", "kinds"),
    [
        # Berlin-like prefixes: Bezirk 01 over its planning areas
        ({"01": 30, "0101": 10, "0102": 20}, ["01"], {"01": "district"}),
        # a total named so, whatever its key
        ({"X": 31, "0101": 10, "0102": 20}, ["X"], {"X": "unknown"}),
        ({"Gesamt": 30, "0101": 10, "0102": 20}, ["Gesamt"], {"Gesamt": "total"}),
        # a total recognised by its sum alone
        ({"999": 30, "0101": 10, "0102": 20}, ["999"], {"999": "total"}),
        # a real area without boundary (Berlin 04030417) stays unknown
        ({"04030417": 7, "0101": 10, "0102": 20}, ["04030417"], {"04030417": "unknown"}),
    ],
)
def test_aggregate_kinds(rows, unmatched, kinds):
    frame = pd.DataFrame({"Einwohner": list(rows.values())}, index=list(rows))
    matched = [k for k in rows if k not in unmatched]
    assert {a.key: a.kind for a in find_aggregates(frame, unmatched, matched)} == kinds


# ------------------------------------------------------------------ the year

@pytest.mark.parametrize(
    ("texts", "year"),
    [
        (("bevoelkerung_2023.csv",), 2023),
        (("wide_2020_de.csv",), 2020),
        (("stadtteile.csv", "Bevölkerung am 31.12.2019 nach Stadtteilen"), 2019),
        (("stadtteile.csv", "Nr;Einwohner"), None),
        (("PLR_01011101.csv",), None),  # digits of an id are no year
        (("daten_2105.csv",), None),  # not a plausible year
    ],
)
def test_year_in_text(texts, year):
    assert year_in_text(*texts) == year


def _import(tmp_path, monkeypatch, boundaries, table, *extra) -> dict:
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    assert main(["--boundaries", str(boundaries), "--indicators", str(table), "--allow-unmatched", *extra]) == 0
    return [i for i in list_datasets(tmp_path / "data" / "datasets") if not i.provenance.get("built_from")][0]


@pytest.mark.parametrize(
    ("file_name", "extra", "year"),
    [
        ("stadtteile_2012.csv", [], 2012),  # from the file name
        ("stadtteile.csv", ["--year", "2021"], 2021),  # stated
        ("stadtteile_2012.csv", ["--year", "2015"], 2015),  # stated wins over the file name
        ("stadtteile.csv", [], None),  # unknown, never the import date
    ],
)
def test_cli_year(tmp_path, monkeypatch, file_name, extra, year):
    info = _import(tmp_path, monkeypatch, stadtteile_geojson(tmp_path), excel_wide_table(tmp_path, file_name), *extra)
    assert info.provenance["year"] == year
    dataset, _ = load_dataset_folder(info)
    assert {spec.year for spec in dataset.specs.values()} == {year or 0}


def test_cli_year_column_still_names_a_column(tmp_path, monkeypatch):
    info = _import(tmp_path, monkeypatch, stadtteile_geojson(tmp_path), long_with_aggregates(tmp_path),
                   "--year", "Jahr", "--boundary-key", "nummer")
    assert info.provenance["year"] == 2023


def test_cli_long_table_keeps_aggregates_out_and_names_them(tmp_path, monkeypatch, capsys):
    info = _import(tmp_path, monkeypatch, stadtteile_geojson(tmp_path), long_with_aggregates(tmp_path))
    out = capsys.readouterr().out
    assert "Sammelzeile / aggregate row: 000 Stadt insgesamt (Gesamtstadt / city total, 18 Gebiete / areas); " \
           "Summe stimmt / sum agrees" in out
    assert "Sammelzeile / aggregate row: 004 Stadtbezirk Dorndorf 45 (übergeordneter Bezirk / coarser district, " \
           "2 Gebiete / areas); Summe weicht ab / sum differs: Einwohner@2022 2372 ≠ 2367" in out
    assert "Tabelle ohne Grenze / table rows without boundary: 0" in out
    assert [a["key"] for a in info.provenance["aggregates"]] == ["000", *(f"00{d}" for d in range(1, 10))]
    dataset, _ = load_dataset_folder(info)
    assert len(dataset.units.table) == 18  # only the Stadtteile are areas


def test_cli_district_rows_become_the_parent_level_named_from_the_data(tmp_path, monkeypatch):
    info = _import(tmp_path, monkeypatch, stadtteile_geojson(tmp_path), long_with_aggregates(tmp_path))
    # "Stadtbezirk Dorndorf 45" …: the level's name is the district rows' shared first word
    assert info.provenance["parent_level"] == {"column": "part", "one_de": "Stadtbezirk", "many_de": "Stadtbezirke",
                                               "one_en": "Stadtbezirk", "many_en": "Stadtbezirke"}
    assert info.provenance["districts"]["041"] == "Dorndorf 45" == info.provenance["districts"]["042"]
    assert len(info.provenance["districts"]) == 18
    dataset, _ = load_dataset_folder(info)
    assert dataset.parent.one("de") == "Stadtbezirk"
    parents = dataset.parents()
    assert parents.nunique() == 9 and parents.value_counts().tolist() == [2] * 9  # two Stadtteile per district
    assert (parents != "").all()  # every Stadtteil lies in one


def test_cli_district_rows_only_a_sum_check_when_asked(tmp_path, monkeypatch):
    info = _import(tmp_path, monkeypatch, stadtteile_geojson(tmp_path), long_with_aggregates(tmp_path),
                   "--parent-level", "")
    assert info.provenance["parent_level"] is None and info.provenance["districts"] == {}
    assert [a["key"] for a in info.provenance["aggregates"]] == ["000", *(f"00{d}" for d in range(1, 10))]
    dataset, _ = load_dataset_folder(info)
    assert dataset.parent is None and not dataset.parents().astype(bool).any()


def test_berlin_has_no_parent_level(tmp_path, monkeypatch):
    folder = _berlin()
    info = _import(tmp_path, monkeypatch, folder / "plr.geojson", folder / "wide_2020_de.csv")
    assert info.provenance["parent_level"] is None
    dataset, _ = load_dataset_folder(info)
    assert dataset.parent is None


@pytest.mark.parametrize(
    ("names", "header", "level"),
    [
        (["Stadtbezirk Mitte", "Stadtbezirk Nord"], "", "Stadtbezirk"),
        (["Bezirksregion Mitte", "Bezirksregion Ost"], "", "Bezirksregion"),
        (["Ortsbezirk 1 - Innenstadt", "Ortsbezirk 2 - Nord"], "", "Ortsbezirk"),
        (["Mitte", "Nord"], "Ortsbezirk", "Ortsbezirk"),
        (["Mitte", "Nord"], "Bezirk-Nr.", ""),  # an id column names no level
        (["Mitte", "Nord"], "", ""),
        (["Die Mitte", "Die Nord"], "", ""),  # a shared short article is no level
    ],
)
def test_level_name_from_the_data(names, header, level):
    from geo.read.heuristics import level_name

    assert level_name(names, header) == level


def test_cli_excel_table_share_recognised_and_checked(tmp_path, monkeypatch, capsys):
    info = _import(tmp_path, monkeypatch, stadtteile_geojson(tmp_path), excel_wide_table(tmp_path), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["id_columns"] == ["Stadtteil-Nr."]
    assert report["published_shares"] == [
        {"column": "Ausländeranteil in %", "numerator": "Ausländer", "denominator": "Einwohner"}
    ]
    assert report["share_disagreements"] == {"Ausländeranteil in %": [["Hainau 7", 7.0, 5.02]]}
    dataset, _ = load_dataset_folder(info)
    spec = dataset.specs["auslaenderanteil-in"]
    assert (spec.kind, spec.numerator, spec.denominator) == ("share", "auslaender", "einwohner")
    assert "stadtteil-nr" not in dataset.specs
    assert dataset.city["auslaenderanteil-in"] == pytest.approx(
        dataset.units.table["auslaender"].sum() / dataset.units.table["einwohner"].sum() * 100
    )


def test_yearly_share_tables_one_file_imports_with_its_year(tmp_path, monkeypatch):
    """One CSV per year: each file imports on its own with the year of its name (several files at once: not
    supported by the importer)."""
    tables = yearly_share_tables(tmp_path)
    assert len(tables) == 19
    info = _import(tmp_path, monkeypatch, stadtbereiche_shapefile(tmp_path), tables[-1])
    assert (info.provenance["year"], info.provenance["name_field"]) == (2023, "STADTBEREI")
    dataset, geometry = load_dataset_folder(info)
    assert sorted(geometry.frame["name"])[:2] == ["Alau 1", "Albach 15"]
    assert dataset.specs["auslaenderanteil-in"].kind == "value"  # no counts: kept as published


def test_berlin_wide_table(tmp_path, monkeypatch, capsys):
    berlin = _berlin()
    info = _import(tmp_path, monkeypatch, berlin / "plr.geojson", berlin / "wide_2020_de.csv")
    out = capsys.readouterr().out
    assert "Anteil erkannt / share recognised: Ausländeranteil in % = Ausländer ÷ Einwohner" in out
    assert "Jahr / year: 2020" in out
    assert (info.provenance["year"], info.provenance["name_field"], info.provenance["key_field"]) == (2020, "name", "id")
    dataset, geometry = load_dataset_folder(info)
    assert len(geometry.frame) == 447
    assert dataset.specs["auslaenderanteil-in"].kind == "share"
    assert 10 < dataset.city["auslaenderanteil-in"] < 30


def test_berlin_long_table_years_from_the_table(tmp_path, monkeypatch):
    berlin = _berlin()
    info = _import(tmp_path, monkeypatch, berlin / "plr.geojson", berlin / "long.csv")
    assert info.provenance["year"] == 2020
    assert info.provenance["aggregates"] == []  # 04030417 is an area without boundary, not an aggregate


def test_one_csv_per_year_imports_as_one_multi_year_dataset(tmp_path, monkeypatch, capsys):
    tables = yearly_share_tables(tmp_path)  # 2005 … 2023, residents and a one-decimal share, no counts
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    assert main(["--boundaries", str(stadtbereiche_shapefile(tmp_path)), "--indicators", *map(str, tables),
                 "--name", "Musterstadt"]) == 0
    (info,) = [i for i in list_datasets(tmp_path / "data" / "datasets") if not i.provenance.get("built_from")]
    assert info.provenance["year"] == 2023
    assert info.provenance["indicators_file"].startswith("stadtbereiche_2005.csv, stadtbereiche_2006.csv")
    dataset, _ = load_dataset_folder(info)
    assert [dataset.specs[f"auslaenderanteil-in@{y}"].year for y in (2005, 2023)] == [2005, 2023]
    first = dataset.units.table.loc["Alau 1"]
    assert first["einwohner@2023"] == 1054.0  # 1000 + 18 × 3
    assert first["auslaenderanteil-in@2005"] == pytest.approx(5.0 + 2005 % 150 / 10)
    assert "auslaenderanteil-in@2005-2023" in dataset.specs  # the change over the years


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["a_2020.csv", "b.csv"], "b.csv: kein Jahr im Dateinamen"),
        (["a_2020.csv", "b_2020.csv"], "b_2020.csv: Jahr 2020 schon in a_2020.csv"),
    ],
)
def test_one_csv_per_year_refuses_unclear_years(tmp_path, monkeypatch, capsys, names, message):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    paths = []
    for name in names:
        (tmp_path / name).write_text("Stadtbereich;Einwohner\n1;10\n2;20\n", encoding="utf-8")
        paths.append(str(tmp_path / name))
    assert main(["--boundaries", str(stadtbereiche_shapefile(tmp_path)), "--indicators", *paths, "--dry-run"]) == 2
    assert message in capsys.readouterr().err
