"""benchmarks/mss_check.py: our class CSV against a published class column, on constructed tables."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.mss_check import compare, dynamics_number, main, read_official, split_code, status_number
from exports.cells import csv_bytes

# TEST FIXTURES, made up: five planning areas as python -m geo.ranking writes them (German CSV,
# dynamics symbols written formula-safe with a leading apostrophe) and published tables in three codings.
OURS = pd.DataFrame(
    {
        "area_id": ["01011101", "01011102", "01011103", "01011104", "01011105"],
        "name": ["Stülerstraße", "Großer Tiergarten", "Lützowstraße", "Körnerstraße", "Industriegebiet"],
        "status_index": [-1.2, 0.1, 1.2, 1.6, None],
        "status_class": pd.array([1, 2, 3, 4, None], dtype="Int64"),
        "status_label": ["hoch", "mittel", "niedrig", "sehr niedrig", ""],
        "dynamics_index": [-1.1, 0.0, 1.3, 0.2, None],
        "dynamics_class": ["+", "±", "-", "±", ""],
        "dynamics_label": ["positiv", "stabil", "negativ", "stabil", ""],
        "code": ["1+", "2±", "3-", "4±", "ungültig"],
        "note": ["", "", "", "", "unter 300 Einwohnern (120) / fewer than 300 residents"],
    }
)


@pytest.fixture
def ours(tmp_path):
    path = tmp_path / "klassen.csv"
    path.write_bytes(csv_bytes(OURS, "de"))
    return path


@pytest.mark.parametrize(
    "text, status", [("1", 1), ("4.0", 4), ("sehr niedrig", 4), ("Status niedrig", 3), ("", None), ("ungültig", None)]
)
def test_status_number(text, status):
    assert status_number(text) == status


@pytest.mark.parametrize(
    "text, dynamics",
    [("+", 1), ("+/-", 2), ("+/–", 2), ("±", 2), ("-", 3), ("–", 3), ("−", 3), ("negativ", 3), ("2", 2), ("x", None)],
)
def test_dynamics_number(text, dynamics):
    assert dynamics_number(text) == dynamics


@pytest.mark.parametrize(
    "text, pair", [("3 -", (3, 3)), ("4 +/–", (4, 2)), ("2±", (2, 2)), ("1 +", (1, 1)), ("5 -", (None, None)),
                   ("ungültig", (None, None))],
)
def test_split_code(text, pair):
    assert split_code(text) == pair


def test_every_area_agrees_with_separate_columns_in_german_excel_csv(ours, tmp_path, capsys):
    official = tmp_path / "mss.csv"
    official.write_bytes(
        "PLR_ID;Status-Index;Dynamik-Index\n01011101;1;+\n01011102;2;+/-\n01011103;3;-\n01011104;4;+/-\n01011105;;\n"
        .encode("cp1252", errors="replace")
    )
    argv = ["--ours", str(ours), "--official", str(official), "--key", "PLR_ID",
            "--status", "Status-Index", "--dynamics", "Dynamik-Index"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "status: 4 von 4 veröffentlichten Klassen getroffen" in out
    assert "dynamics: 4 von 4" in out and "alle 5 Gebiete stimmen überein" in out


def test_differences_are_listed_with_the_combined_code(ours, tmp_path, capsys):
    official = tmp_path / "mss.xlsx"
    pd.DataFrame(
        {"PLR": ["01011101", "01011102", "01011103", "01011104", "01011105"],
         "SDI": ["1 +", "2 +/–", "4 –", "4 +/–", "3 -"]}
    ).to_excel(official, index=False)
    argv = ["--ours", str(ours), "--official", str(official), "--key", "PLR", "--code", "SDI"]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "abweichend / differs: Lützowstraße (01011103) status: berechnet / ours 3, veröffentlicht / official 4" in out
    assert "abweichend / differs: Industriegebiet (01011105) status: berechnet / ours –, veröffentlicht / official 3" in out
    assert "status: 3 von 5 veröffentlichten Klassen getroffen" in out
    assert "Prüfung / check: 2 Gebiete weichen ab." in out


def test_compare_counts_areas_missing_on_either_side():
    ours = pd.DataFrame({"status": [1, 2], "dynamics": [1, 2], "name": ["a", "b"]}, index=["a", "b"]).astype(
        {"status": "Int64", "dynamics": "Int64"})
    official = read_official(pd.DataFrame({"id": ["b", "c"], "s": ["2", "3"], "d": ["±", "-"]}), "id", "s", "d")
    differences, crosses = compare(ours, official)
    assert differences.to_dict("records") == [
        {"area": "a", "what": "status", "ours": 1, "official": None},
        {"area": "c", "what": "status", "ours": None, "official": 3},
        {"area": "a", "what": "dynamics", "ours": 1, "official": None},
        {"area": "c", "what": "dynamics", "ours": None, "official": 3},
    ]
    assert crosses["status"].loc[2, 2] == 1


def test_a_missing_column_is_named(ours, tmp_path, capsys):
    official = tmp_path / "mss.csv"
    official.write_text("PLR;Status\n01011101;1\n", encoding="utf-8")
    assert main(["--ours", str(ours), "--official", str(official), "--key", "PLR_ID", "--status", "Status"]) == 2
    assert "Spalte fehlt: PLR_ID; vorhanden: PLR, Status" in capsys.readouterr().err
