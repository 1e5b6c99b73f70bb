"""Signed change columns and declared missing codes (geo/domain/valuecodes.py) and their import options."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.domain.valuecodes import apply_missing_codes, is_signed, parse_missing_codes, unknown_columns
from geo.read.tables import IndicatorTable, TableReadError
from geo.store.ingest import main


@pytest.mark.parametrize(
    "column, declared, signed",
    [
        ("Veränderung Arbeitslose", (), True),
        ("Wanderungssaldo", (), True),
        ("Δ SGB II", (), True),
        ("ΔALQ", (), True),
        ("Change in unemployment", (), True),
        ("D1", (), False),
        ("D1", ("D1",), True),
        ("D1@2021", ("D1",), True),  # long tables: declared by indicator
        ("Einwohner", ("D1",), False),
        ("Arbeitslose", (), False),
    ],
)
def test_is_signed(column, declared, signed):
    assert is_signed(column, declared) is signed


def _table(**columns) -> IndicatorTable:
    return IndicatorTable(frame=pd.DataFrame(columns, index=["a", "b", "c"]), key_column="id", layout="wide")


def test_missing_codes_become_missing_and_are_counted():
    table = _table(S1=[5.0, -9999.0, 7.0], D1=[-9999.0, -1.5, -9999.0], EW=[100.0, 200.0, 300.0])
    table = IndicatorTable(table.frame, "id", "wide", missing={"S1": 1})
    result, coded = apply_missing_codes(table, [-9999.0])
    assert coded == {"S1": 1, "D1": 2}
    assert result.missing == {"S1": 2, "D1": 2}  # added to the markers ("k.A.", …) already counted
    assert result.frame["S1"].isna().tolist() == [False, True, False]
    assert result.frame["D1"].tolist()[1] == -1.5 and result.frame["D1"].isna().sum() == 2
    assert apply_missing_codes(table, []) == (table, {})


def test_parse_missing_codes_and_unknown_columns():
    assert parse_missing_codes(["-9999", "-1,5", "99999"]) == [-9999.0, -1.5, 99999.0]
    with pytest.raises(TableReadError, match="Fehlwert-Code „minus“ ist keine Zahl"):
        parse_missing_codes(["minus"])
    long = IndicatorTable(pd.DataFrame({"D1@2021": [1.0], "S1@2021": [2.0]}), "id", "long")
    assert unknown_columns(long, ["D1", "D9", "S1@2021"]) == ["D9"]


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    boundaries = tmp_path / "plr.gpkg"
    gpd.GeoDataFrame(  # synthetic test geometry
        {"id": ["1", "2", "3"], "name": ["Nord", "Mitte", "Süd"]},
        geometry=[box(410000 + i * 1000, 5475000, 411000 + i * 1000, 5476000) for i in range(3)],
        crs=25832,
    ).to_file(boundaries)
    table = tmp_path / "mss.csv"
    table.write_text("id;S1;D1;Wanderungssaldo;EW\n1;5,5;-0,8;-12;1200\n2;-9999;-9999;3;150\n3;7,25;0,4;-1;2400\n",
                     encoding="utf-8")
    return tmp_path, boundaries, table


def _run(boundaries, table, *extra) -> int:
    return main(["--boundaries", str(boundaries), "--indicators", str(table), *extra])


def test_declared_signed_column_accepts_negatives_counts_stay_checked(files, capsys):
    tmp_path, boundaries, table = files
    # D1 is not recognisable by name: refused until declared; the missing code also counts as negative
    assert _run(boundaries, table, "--dry-run") == 2
    assert "negativer Wert -9999 für „2“ in „S1“" in capsys.readouterr().err
    assert _run(boundaries, table, "--dry-run", "--missing", "-9999") == 2
    assert "negativer Wert -0.8 für „1“ in „D1“" in capsys.readouterr().err
    assert _run(boundaries, table, "--dry-run", "--missing", "-9999", "--signed", "D1") == 0
    # a negative count is still refused although another column is declared signed
    table.write_text(table.read_text(encoding="utf-8").replace(";2400", ";-2400"), encoding="utf-8")
    assert _run(boundaries, table, "--dry-run", "--missing", "-9999", "--signed", "D1") == 2
    assert "negativer Wert -2400 für „3“ in „EW“" in capsys.readouterr().err


def test_missing_code_is_listed_in_the_report_and_saved_as_missing(files, capsys):
    tmp_path, boundaries, table = files
    assert _run(boundaries, table, "--missing", "-9999", "--signed", "D1", "--name", "MSS") == 0
    report = capsys.readouterr().out
    assert "als fehlend gelesen (Code -9999) / read as missing (declared code): S1 1, D1 1" in report
    saved = tmp_path / "userdata" / "datasets" / "mss"
    values = pd.read_csv(saved / "indicators.csv", sep=";", decimal=",", dtype={"key": str}).set_index("key")
    assert values.loc["2", ["S1", "D1"]].isna().all() and values.loc["1", "D1"] == -0.8
    provenance = json.loads((saved / "provenance.json").read_text(encoding="utf-8"))
    assert (provenance["signed"], provenance["missing_codes"]) == (["D1"], ["-9999"])
    assert _run(boundaries, table, "--dry-run", "--json", "--missing", "-9999", "--signed", "D1") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["missing_codes"] == {"S1": 1, "D1": 1}


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--signed", "D7"], "--signed: keine Spalte „D7“"),
        (["--missing", "nie"], "Fehlwert-Code „nie“ ist keine Zahl"),
    ],
)
def test_bad_declarations_exit_2(files, capsys, extra, message):
    tmp_path, boundaries, table = files
    assert _run(boundaries, table, "--dry-run", *extra) == 2
    assert message in capsys.readouterr().err


def test_declare_values_without_detection_checks_an_unticked_change_column():
    from geo.store.ingest import declare_values

    table = _table(Wanderungssaldo=[-12.0, 3.0, -9999.0], EW=[100.0, -9999.0, 300.0])
    result, coded = declare_values(table, "t.csv", ["Wanderungssaldo"], [-9999.0], detect=False)
    assert coded == {"Wanderungssaldo": 1, "EW": 1}
    assert result.frame["Wanderungssaldo"].tolist()[:2] == [-12.0, 3.0]
    with pytest.raises(TableReadError, match="negativer Wert -12 für „a“ in „Wanderungssaldo“"):
        declare_values(table, "t.csv", [], [-9999.0], detect=False)
    declare_values(table, "t.csv", [], [-9999.0])  # the command line detects the name
    with pytest.raises(TableReadError, match="--signed: keine Spalte „D9“"):
        declare_values(table, "t.csv", ["D9"], [])


def test_coded_cells_lists_the_areas_per_column():
    from geo.domain.valuecodes import coded_cells

    table = _table(S1=[5.0, -9999.0, -1.0], D1=[-9999.0, -1.5, -9999.0])
    assert coded_cells(table, [-9999.0]) == {"S1": ["b"], "D1": ["a", "c"]}
    assert coded_cells(table, [-9999.0, -1.0]) == {"S1": ["b", "c"], "D1": ["a", "c"]}
    assert coded_cells(table, []) == {}
