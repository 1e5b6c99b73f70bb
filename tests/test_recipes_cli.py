"""python -m geo.recipes: one recipe and the comparison on the synthetic "Rezeptstadt" (tests/recipe_fixture.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.recipes import main
from tests.recipe_fixture import SLUG, import_recipe_city


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    import_recipe_city(tmp_path / "fixture")
    return tmp_path


def _read(path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")


def test_run_kurtenbach_prints_and_writes_the_hand_scored_points(data_dir, capsys):
    out = data_dir / "kurtenbach.csv"
    assert main(["run", "--dataset", SLUG, "--recipe", "kurtenbach", "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Rezept: Kurtenbach: Quintilpunkte" in printed
    assert "Quelle des Rezepts: Kurtenbach, Sebastian (2015)" in printed
    assert "Eingang: Ausländeranteil: Ausländeranteil (" in printed and "Testquelle Rezeptstadt (synthetisch)" in printed
    assert "Kurtenbach: Quintilpunkte: 2 von 10 Gebieten – Merkmale eines Ankunftsquartiers" in printed
    assert "Gebiet i | 16 | 1 | ja" in printed
    table = _read(out)
    assert table["Gebiet"].tolist()[:2] == ["Gebiet i", "Gebiet j"]
    assert sorted(table["Punkte"].tolist()) == [8, 8, 9, 10, 11, 12, 13, 14, 16, 16]
    assert table.set_index("Gebiet").loc["Gebiet f", "Punkte: Ausländeranteil"] == 3  # the tie at the 3/4 border
    assert table["Merkmale eines Ankunftsquartiers"].tolist().count("ja") == 2


def test_compare_names_the_recipes_that_cannot_run_and_writes_the_agreement(data_dir, capsys):
    out = data_dir / "vergleich.csv"
    assert main(["compare", "--dataset", SLUG, "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "MSS: Status × Dynamik: rechnet nicht / does not run – fehlender Indikator / missing indicator: S1" in printed
    assert "Kurtenbach: Quintilpunkte ↔ Einfache Schwellenregel: Jaccard 0,00" in printed
    assert "uneins / disagree: 2 von / of 10" in printed
    table = _read(out)
    assert table["Gebiet"].tolist()[:2] == ["Gebiet i", "Gebiet j"]  # flagged by some, not all: first
    assert table["Rezepte mit Merkmal"].tolist()[:3] == ["2 / 3", "2 / 3", "0 / 3"]


def test_kaiserslautern_kurtenbach_does_not_run_and_says_which(data_dir, capsys):
    assert main(["run", "--dataset", "kaiserslautern", "--recipe", "kurtenbach", "--csv", str(data_dir / "x.csv")]) == 1
    printed = capsys.readouterr().out
    assert ("Kurtenbach: Quintilpunkte: rechnet nicht / does not run – fehlender Indikator / missing indicator: "
            "Anteil Arbeitslose an der Bevölkerung im erwerbsfähigen Alter, Anteil 65 Jahre und älter") in printed
    assert not (data_dir / "x.csv").exists()


def test_bad_input_is_a_message(data_dir, capsys):
    assert main(["run", "--dataset", "nirgendwo", "--recipe", "kurtenbach", "--csv", str(data_dir / "x.csv")]) == 2
    assert "Unbekannter Datensatz „nirgendwo“" in capsys.readouterr().err
    assert main(["run", "--dataset", SLUG, "--recipe", "bauchgefuehl", "--csv", str(data_dir / "x.csv")]) == 2
    assert "Unbekanntes Rezept: bauchgefuehl" in capsys.readouterr().err


def test_own_index_takes_typed_weights(data_dir, capsys):
    out = data_dir / "eigen.csv"
    assert main(["run", "--dataset", SLUG, "--recipe", "eigener_index", "--weight", "arbeitslose=1",
                 "--weight", "Ausländeranteil=1", "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Eingang: Arbeitslose %" in printed and "Eingang: Ausländeranteil" in printed
    assert _read(out)["Gebiet"].tolist()[0] == "Gebiet j"
