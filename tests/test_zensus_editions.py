"""Zensus editions read right: 2011 and 2022 grid files, their value codes, the edition named.

Every table here is a SYNTHETIC TEST FIXTURE in the official shape of the published files
(2011 "Spitze Werte" 1 km and the 2011 100 m population file with ``-1``/``-9``; a 2022 file with
every sign); the values are made up, not Zensus data.
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.domain.gridfigures import district_figures
from geo.read.zensus import CRS, GridError, read_grid
from geo.read.zensus_editions import EDITIONS, cell_id_parts, detect_edition, known_column

E0, N0 = 4_341_000, 2_691_000

SPITZE_1KM = ("Gitter_ID_1km;x_mp_1km;y_mp_1km;Einwohner;Frauen_A;Alter_D;unter18_A;ab65_A;Auslaender_A;"
              "HHGroesse_D;Leerstandsquote;Wohnfl_Bew_D;Wohnfl_Whg_D")


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def km_row(col: int, row: int, einwohner: str, auslaender_a: str, rest: str = "51,2;44,1;15,0;22,3") -> str:
    e, n = E0 // 1000 + col, N0 // 1000 + row
    return (f"1kmN{n}E{e};{e * 1000 + 500};{n * 1000 + 500};{einwohner};{rest};{auslaender_a};"
            f"2,1;4,5;41,0;88,5")


@pytest.fixture
def spitze_1km(tmp_path) -> Path:
    # 3 x 2 cells of 1 km. (1, 0): no residents (-1 everywhere); (2, 1): population secret (-9).
    rows = [
        km_row(0, 0, "1200", "10,0"),
        km_row(1, 0, "-1", "-1", "-1;-1;-1;-1"),
        km_row(2, 0, "800", "-9"),
        km_row(0, 1, "300", "20,0"),
        km_row(1, 1, "36", "50,0"),
        km_row(2, 1, "-9", "-9"),
    ]
    return write(tmp_path / "Zensus_spitze_Werte_1km-Gitter.csv", SPITZE_1KM, rows)


def km_block(cols: int, rows: int) -> shapely.Geometry:
    return shapely.box(E0, N0, E0 + cols * 1000, N0 + rows * 1000)


def km_id(col: int, row: int) -> str:
    return f"CRS3035RES1000mN{N0 + row * 1000}E{E0 + col * 1000}"


def test_id_formats_of_both_editions():
    parts = cell_id_parts(pd.Series(["CRS3035RES100mN2691700E4341100", "1kmN2691E4341", "100mN26917E43411",
                                     "10kmN269E434", "Kaiserslautern"]))
    assert parts.iloc[:4].values.tolist() == [[100, 2691700, 4341100], [1000, 2691000, 4341000],
                                              [100, 2691700, 4341100], [10000, 2690000, 4340000]]
    assert parts.iloc[4].isna().all()


def test_edition_from_columns_and_ids():
    assert detect_edition(SPITZE_1KM.split(";"), ["1kmN2691E4341"]) == 2011
    assert detect_edition(["Gitter_ID_100m", "Einwohner"], ["100mN26917E43411"]) == 2011
    assert detect_edition(["GITTER_ID_100m", "Einwohner"], ["CRS3035RES100mN2691700E4341100"]) == 2022
    assert detect_edition(["x_mp_100m", "y_mp_100m", "AnteilAuslaender", "werterlaeuternde_Zeichen"]) == 2022
    assert detect_edition(["x_mp_100m", "y_mp_100m", "Einwohner"]) is None  # says nothing
    assert detect_edition(["Auslaender_A"], ["CRS3035RES100mN2691700E4341100"]) is None  # contradicts


def test_known_columns_get_labels_units_and_kinds():
    share = known_column("Auslaender_A")
    assert (share.role, share.label_de, share.unit_de, share.kind) == ("foreign_share", "Anteil Ausländer", "%", "share")
    assert known_column("AnteilAuslaender") is share
    assert known_column("HHGroesse_D").kind == "mean" and known_column("DurchschnHHGroesse").label_en == "Mean household size"
    assert known_column("durchschnMieteQM").unit_de == "€/m²"
    assert known_column("Leerstandsquote").unit_de == "%"
    assert known_column("Wohnfl_Bew_D").unit_de == "m²"
    assert known_column("Einwohner").role == "population"
    assert known_column("a30bis49").label_de == "Einwohner 30–49 Jahre" and known_column("a30bis49").kind == "count"
    assert known_column("a80undaelter").unit_de == "Personen"
    assert known_column("frei erfunden") is None


def test_2011_spitze_werte_1km_codes_are_missing_with_their_reason(spitze_1km):
    grid = read_grid([spitze_1km], km_block(3, 2))
    cells = grid.cells
    assert grid.size == 1000 and len(cells) == 6
    assert grid.edition.name == "Zensus 2011" and grid.provenance["edition"] == 2011
    assert math.isnan(cells.loc[km_id(1, 0), "Einwohner"]) and math.isnan(cells.loc[km_id(2, 1), "Einwohner"])
    assert math.isnan(cells.loc[km_id(2, 0), "Auslaender_A"])
    assert (cells[grid.value_columns].fillna(0) >= 0).all().all()  # no -1 or -9 anywhere as a number
    assert cells.loc[km_id(1, 0), "reasons"].startswith("Einwohner=no_residents")
    assert "Einwohner=secret" in cells.loc[km_id(2, 1), "reasons"]
    assert grid.missing_reasons()["Einwohner"] == {"no_residents": 1, "secret": 1}
    assert grid.missing_reasons()["Auslaender_A"] == {"no_residents": 1, "secret": 2}
    assert grid.role("foreign_share") == "Auslaender_A" and grid.role("population") == "Einwohner"
    text = json.dumps(grid.provenance, ensure_ascii=False)
    assert "Zensus 2011" in text and "2022" not in text


def test_2011_district_sums_leave_out_the_codes_and_count_them(spitze_1km):
    grid = read_grid([spitze_1km], km_block(3, 2))
    districts = gpd.GeoDataFrame({"name": ["Süd", "Nord"]}, geometry=[km_block(3, 1),
                                  shapely.box(E0, N0 + 1000, E0 + 3000, N0 + 2000)], crs=CRS).to_crs(4326)
    figures = district_figures(grid, districts)
    # Süd: 1200 + (no residents) + 800 = 2000, one cell without a value; Nord: 300 + 36 + (secret) = 336.
    assert figures.loc["Süd", "population"] == 2000 and figures.loc["Süd", "cells_missing"] == 1
    assert figures.loc["Nord", "population"] == 336 and figures.loc["Nord", "cells_missing"] == 1
    # Foreigners from Auslaender_A x Einwohner: Süd 1200 x 10 % (800's share secret); Nord 300 x 20 % + 36 x 50 %.
    assert figures.loc["Süd", "foreigners"] == pytest.approx(120)
    assert figures.loc["Nord", "foreigners"] == pytest.approx(78)
    assert figures.loc["Süd", "share"] == pytest.approx(10.0)  # over the cells where both are known
    assert figures.loc["Nord", "share"] == pytest.approx(78 / 336 * 100)


@pytest.fixture
def population_2011_100m(tmp_path) -> Path:
    rows = []
    for col in range(4):
        for row in range(3):
            n, e = N0 // 100 + row, E0 // 100 + col
            value = {(1, 1): "-1", (3, 2): "-9"}.get((col, row), str(10 * (col + 1) + row))
            rows.append(f"100mN{n}E{e};{e * 100 + 50};{n * 100 + 50};{value}")
    return write(tmp_path / "Zensus_Bevoelkerung_100m-Gitter.csv", "Gitter_ID_100m;x_mp_100m;y_mp_100m;Einwohner", rows)


def test_2011_100m_population_file(population_2011_100m):
    grid = read_grid([population_2011_100m], shapely.box(E0, N0, E0 + 400, N0 + 300))
    cells = grid.cells
    assert grid.size == 100 and len(cells) == 12 and grid.edition.year == 2011
    assert f"CRS3035RES100mN{N0 + 100}E{E0 + 100}" in cells.index  # short id read in units of 100 m
    assert math.isnan(cells.loc[f"CRS3035RES100mN{N0 + 100}E{E0 + 100}", "Einwohner"])
    assert grid.missing_reasons()["Einwohner"] == {"no_residents": 1, "secret": 1}
    west = gpd.GeoDataFrame({"name": ["W"]}, geometry=[shapely.box(E0, N0, E0 + 200, N0 + 300)], crs=CRS)
    # 10 + 11 + 12 + 20 + (no residents) + 22 = 75
    assert district_figures(grid, west).loc["W", ["population", "cells_missing"]].tolist() == [75, 1]


def test_2022_every_sign(tmp_path):
    header = "GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;werterlaeuternde_Zeichen"
    values = [("12,5", ""), ("–", ""), (".", ""), ("/", ""), ("x", ""), ("8,0", "KLAMMERN"), ("", "–")]
    rows = [f"CRS3035RES100mN{N0}E{E0 + i * 100};{E0 + i * 100 + 50};{N0 + 50};{v};{m}" for i, (v, m) in enumerate(values)]
    grid = read_grid([write(tmp_path / "Zensus2022_Anteil_Auslaender.csv", header, rows)],
                     shapely.box(E0, N0, E0 + 700, N0 + 100))
    share = grid.cells["AnteilAuslaender"].tolist()
    assert share[0] == 12.5 and share[5] == 8.0  # a value in brackets (KLAMMERN) is kept, with its mark
    assert all(math.isnan(v) for v in share[1:5] + share[6:])
    # the last cell has no value and the sign in werterlaeuternde_Zeichen says why
    assert grid.missing_reasons()["AnteilAuslaender"] == {"secret": 2, "unknown": 1, "unreliable": 1, "blocked": 1}
    assert grid.cells["marks"].tolist()[5] == "KLAMMERN"
    assert grid.edition.name == "Zensus 2022" and grid.edition.perturbed
    assert grid.provenance["attribution"].endswith("Zensus 2022")


def test_edition_given_names_an_undetectable_file_and_refuses_a_contradiction(tmp_path, spitze_1km):
    plain = write(tmp_path / "plain.csv", "x_mp_1km;y_mp_1km;Einwohner", [f"{E0 + 500};{N0 + 500};-1"])
    grid = read_grid([plain], km_block(1, 1), edition=2011)
    assert grid.edition.name == "Zensus 2011" and math.isnan(grid.cells["Einwohner"].iloc[0])
    assert read_grid([plain], km_block(1, 1)).edition.name == "Zensus"  # claims no year it cannot know
    with pytest.raises(GridError, match="sieht nach Zensus 2011 aus, angegeben war Zensus 2022"):
        read_grid([spitze_1km], km_block(3, 2), edition=2022)


def test_files_of_two_editions_are_refused(tmp_path, spitze_1km):
    other = write(tmp_path / "z22.csv", "GITTER_ID_1km;x_mp_1km;y_mp_1km;Einwohner",
                  [f"CRS3035RES1000mN{N0}E{E0};{E0 + 500};{N0 + 500};5"])
    with pytest.raises(GridError, match="verschiedenen Zensus-Jahrgängen"):
        read_grid([spitze_1km, other], km_block(3, 2))


@pytest.mark.parametrize("zipped", [False, True])
def test_duckdb_reader_reads_what_the_pandas_reader_reads(spitze_1km, tmp_path, zipped):
    pytest.importorskip("duckdb")
    path = spitze_1km
    if zipped:
        path = tmp_path / "spitze.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.write(spitze_1km, spitze_1km.name)
    area = km_block(2, 2)
    seen = []
    fast = read_grid([path], area, reader="duckdb", progress=lambda *a: seen.append(a))
    slow = read_grid([path], area, reader="pandas")
    pd.testing.assert_frame_equal(pd.DataFrame(fast.cells.drop(columns="geometry")),
                                  pd.DataFrame(slow.cells.drop(columns="geometry")))
    assert fast.provenance["edition"] == slow.provenance["edition"] == 2011
    assert seen and seen[-1][0] == spitze_1km.name


@pytest.fixture
def km_dataset(tmp_path, monkeypatch) -> Path:
    """An imported dataset "testort" whose two districts cover the synthetic 1 km cells."""
    folder = tmp_path / "data" / "datasets" / "testort"
    folder.mkdir(parents=True)
    frame = gpd.GeoDataFrame({"key": ["s", "n"], "name": ["Süd", "Nord"]},
                             geometry=[km_block(3, 1), shapely.box(E0, N0 + 1000, E0 + 3000, N0 + 2000)], crs=CRS)
    frame.to_crs(4326).to_file(folder / "boundaries.gpkg", driver="GPKG")
    (folder / "provenance.json").write_text(json.dumps({"name": "Testort"}), encoding="utf-8")
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    return folder


def test_cli_names_the_edition_and_the_reasons(km_dataset, spitze_1km, capsys):
    from geo.store.gridstore import main

    assert main(["import", str(spitze_1km), "--within", "testort"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Zensus 2011: 6 Zellen à 1000 m")
    assert "Einwohner: 2 Zellen ohne Wert / cells without a value (keine Einwohner/no residents 1, " \
           "geheim gehalten/kept secret 1)" in out
    stored = json.loads((km_dataset / "grid.json").read_text(encoding="utf-8"))
    assert stored["edition"] == 2011 and stored["edition_name"] == "Zensus 2011"
    assert stored["missing_reasons"]["Einwohner"] == {"no_residents": 1, "secret": 1}
    assert "2022" not in json.dumps(stored, ensure_ascii=False)
    assert main(["import", str(spitze_1km), "--within", "testort", "--edition", "2022"]) == 2
    assert "angegeben war Zensus 2022" in capsys.readouterr().err


def test_editions_table_says_which_values_are_perturbed():
    assert EDITIONS[2022].perturbed and not EDITIONS[2011].perturbed
    assert EDITIONS[2011].reason("-1") == "no_residents" and EDITIONS[2011].reason("-9") == "secret"
    assert EDITIONS[2022].reason("-1") is None


def test_a_cells_popup_says_why_a_value_is_missing(spitze_1km):
    from geo.maps.gridmap import grid_payload
    from ui.views.gridview import cell_notes, grid_columns

    grid = read_grid([spitze_1km], km_block(3, 2))
    notes = cell_notes(grid, "de")
    assert notes[km_id(1, 0)] == "; ".join(f"{label} (Zensus 2011): keine Einwohner" for label in (
        "Einwohner", "Anteil Frauen", "Durchschnittsalter", "Anteil unter 18 Jahre", "Anteil ab 65 Jahre",
        "Anteil Ausländer"))
    assert "Einwohner (Zensus 2011): geheim gehalten" in notes[km_id(2, 1)]
    assert notes[km_id(0, 0)] == ""
    assert "no residents" in cell_notes(grid, "en")[km_id(1, 0)]
    body = json.loads(grid_payload(grid, grid_columns(grid, "de"), notes))
    position = list(grid.cells.index).index(km_id(2, 1))
    assert "geheim gehalten" in body["marks"][str(position)] and str(list(grid.cells.index).index(km_id(0, 0))) not in body["marks"]


def test_reasons_follow_a_column_renamed_for_a_clash(tmp_path, population_2011_100m):
    other = write(tmp_path / "zweite.csv", "Gitter_ID_100m;x_mp_100m;y_mp_100m;Einwohner",
                  [f"100mN{N0 // 100}E{E0 // 100};{E0 + 50};{N0 + 50};-9"])
    grid = read_grid([population_2011_100m, other], shapely.box(E0, N0, E0 + 400, N0 + 300))
    reasons = grid.missing_reasons()
    assert reasons["Einwohner"] == {"no_residents": 1, "secret": 1}
    assert reasons["Einwohner (zweite)"] == {"secret": 1, "absent": 11}
