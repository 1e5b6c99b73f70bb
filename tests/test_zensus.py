"""Zensus grid reading, cells, clipping and district figures.

Every grid here is a SYNTHETIC TEST FIXTURE written by this file in the official
file format (``;``, decimal comma, secrecy markers); the values are made up and
are not Zensus data.
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.analysis.disclosure import apply_min_count
from geo.domain.gridfigures import district_figures
from geo.numbers import read_cells
from geo.read.zensus import (
    CRS,
    GridError,
    cell_squares,
    parse_cell_ids,
    read_grid,
    read_grid_csv,
)
from geo.store.gridstore import load_grid, save_grid

E0, N0 = 4_341_000, 2_691_000  # lower-left corner of the synthetic 4 x 3 block of 100 m cells


def cell_id(col: int, row: int, size: int = 100) -> str:
    return f"CRS3035RES{size}mN{N0 + row * size}E{E0 + col * size}"


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


POP_HEADER = "GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner"
SHARE_HEADER = "GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;werterlaeuternde_Zeichen"


def pop_row(col: int, row: int, value: str) -> str:
    return f"{cell_id(col, row)};{E0 + col * 100 + 50};{N0 + row * 100 + 50};{value}"


@pytest.fixture
def population_csv(tmp_path) -> Path:
    # 4 x 3 cells; (3, 2) has a secrecy marker, (0, 2) is missing from the file.
    values = {(c, r): str(10 * (c + 1) + r) for c in range(4) for r in range(3)}
    values[(3, 2)] = "–"
    del values[(0, 2)]
    return write_csv(tmp_path / "Zensus2022_Bevoelkerungszahl_100m-Gitter.csv", POP_HEADER,
                     [pop_row(c, r, v) for (c, r), v in sorted(values.items())])


@pytest.fixture
def share_zip(tmp_path) -> Path:
    rows = [pop_row(c, r, f"{c},5") + ";" for c in range(4) for r in range(3)]
    rows[1] = pop_row(0, 1, ".") + ";KLAMMERN"
    csv = write_csv(tmp_path / "Zensus2022_Anteil_Auslaender_100m-Gitter.csv", SHARE_HEADER, rows)
    target = tmp_path / "Auslaenderanteil_in_Gitterzellen.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(csv, csv.name)
    csv.unlink()
    return target


def block(cols: float, rows: float) -> shapely.Geometry:
    return shapely.box(E0, N0, E0 + cols * 100, N0 + rows * 100)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CRS3035RES100mN2691700E4341100", (100, 2691700, 4341100)),
        ("CRS3035RES1000mN2691000E4341000", (1000, 2691000, 4341000)),
        ("CRS3035RES10000mN2690000E4340000", (10000, 2690000, 4340000)),
    ],
)
def test_cell_ids(text, expected):
    assert tuple(parse_cell_ids(pd.Series([text])).iloc[0]) == expected


def test_not_a_cell_id():
    assert parse_cell_ids(pd.Series(["Kaiserslautern"])).iloc[0].isna().all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,5", 12.5), ("7", 7.0), ("0", 0.0), ("1.234", 1234.0), ("1.234,5", 1234.5), (" 3 ", 3.0),
     ("–", None), ("-", None), (".", None), ("", None), ("/", None), ("x", None)],
)
def test_values_decimal_comma_and_secrecy_markers(text, expected):
    value = read_cells(pd.Series([text])).iloc[0]
    assert (math.isnan(value) if expected is None else value == expected)


def test_read_csv_ids_centres_and_markers(population_csv):
    calls = []
    cells, size = read_grid_csv(population_csv, population_csv.name, chunksize=4,
                                progress=lambda name, read, kept: calls.append((read, kept)))
    assert size == 100
    assert len(cells) == 11
    assert calls == [(4, 4), (8, 8), (11, 11)]
    assert cells.loc[cell_id(1, 2), ["x", "y", "Einwohner"]].tolist() == [E0 + 150, N0 + 250, 22.0]
    assert math.isnan(cells.loc[cell_id(3, 2), "Einwohner"])  # "–" is missing, not 0


def test_read_csv_cut_to_bounding_box_first(population_csv):
    cells, _ = read_grid_csv(population_csv, "pop", bbox=(E0 + 110, N0, E0 + 190, N0 + 90))
    assert cells.index.tolist() == [cell_id(1, 0)]


def test_read_csv_from_centre_coordinates_only(tmp_path):
    path = write_csv(tmp_path / "km.csv", "x_mp_1km;y_mp_1km;Einwohner", ["4341500;2691500;1.250"])
    cells, size = read_grid_csv(path, "km.csv")
    assert size == 1000
    assert cells.index.tolist() == ["CRS3035RES1000mN2691000E4341000"]
    assert cells["Einwohner"].tolist() == [1250.0]


def test_not_a_grid_file(tmp_path):
    path = write_csv(tmp_path / "table.csv", "Stadtteil;Einwohner", ["Innenstadt;100"])
    with pytest.raises(GridError, match="keine Zensus-Gitterdatei"):
        read_grid_csv(path, "table.csv")


def test_cells_are_exact_squares():
    (square,) = cell_squares(np.array([E0 + 50]), np.array([N0 + 50]), 100)
    assert square.area == 10_000.0
    assert square.bounds == (E0, N0, E0 + 100, N0 + 100)
    assert shapely.equals(square.normalize(), shapely.box(E0, N0, E0 + 100, N0 + 100).normalize())


def test_files_join_on_id_and_clip_to_area(population_csv, share_zip):
    # The area covers columns 0-2 fully and a sliver of column 3 in row 0 only.
    area = shapely.union(block(3, 3), shapely.box(E0 + 300, N0, E0 + 310, N0 + 100))
    grid = read_grid([population_csv, share_zip], area)
    assert grid.cells.crs == CRS
    assert len(grid.cells) == 10  # 9 + the sliver cell; (3, 1) only touches the area at a corner
    assert cell_id(3, 0) in grid.cells.index and cell_id(3, 1) not in grid.cells.index
    assert grid.cells.loc[cell_id(2, 1), ["Einwohner", "AnteilAuslaender"]].tolist() == [31.0, 2.5]
    assert math.isnan(grid.cells.loc[cell_id(0, 2), "Einwohner"])  # missing from the population file
    assert grid.cells.loc[cell_id(0, 2), "AnteilAuslaender"] == 0.5
    assert math.isnan(grid.cells.loc[cell_id(0, 1), "AnteilAuslaender"])
    assert grid.cells.loc[cell_id(0, 1), "marks"] == "KLAMMERN"
    assert grid.provenance["attribution"] == "© Statistische Ämter des Bundes und der Länder, Zensus 2022"
    assert "dl-de/by-2-0" in grid.provenance["licence"]
    assert [f["file"] for f in grid.provenance["files"]] == [
        "Zensus2022_Bevoelkerungszahl_100m-Gitter.csv", "Zensus2022_Anteil_Auslaender_100m-Gitter.csv"]


def test_cell_sizes_must_match(population_csv, tmp_path):
    km = write_csv(tmp_path / "km.csv", "GITTER_ID_1km;Einwohner", ["CRS3035RES1000mN2691000E4341000;5"])
    with pytest.raises(GridError, match="Zellgröße 1000 m passt nicht zu 100 m"):
        read_grid([population_csv, km], block(10, 10))


def test_share_recomputed_from_counts_where_both_present(tmp_path):
    header = "GITTER_ID_100m;Einwohner;Auslaender;AnteilAuslaender"
    path = write_csv(tmp_path / "g.csv", header, [
        f"{cell_id(0, 0)};40;10;99,9",  # counts win: 25 %
        f"{cell_id(1, 0)};–;3;12,5",  # population secret: the published share stays
        f"{cell_id(2, 0)};0;0;–",  # no residents: no share
    ])
    shares = read_grid([path], block(3, 1)).cells["AnteilAuslaender"]
    assert shares[cell_id(0, 0)] == 25.0
    assert shares[cell_id(1, 0)] == 12.5
    assert math.isnan(shares[cell_id(2, 0)])


def districts_3035() -> gpd.GeoDataFrame:
    # West: columns 0-1, east: columns 2-3 (whole rows 0-2).
    return gpd.GeoDataFrame({"name": ["West", "Ost"]}, geometry=[block(2, 3), shapely.box(E0 + 200, N0, E0 + 400, N0 + 300)],
                            crs=CRS)


def test_district_figures_from_cell_centres(population_csv, share_zip):
    grid = read_grid([population_csv, share_zip], block(4, 3))
    figures = district_figures(grid, districts_3035().to_crs(4326))
    # West population: col 0 rows 0,1 = 10 + 11 (row 2 missing); col 1 = 20 + 21 + 22.
    assert figures.loc["West", "population"] == 84.0
    assert figures.loc["West", ["cells", "cells_missing"]].tolist() == [6, 1]
    # Ost: col 2 = 30 + 31 + 32, col 3 = 40 + 41 (row 2 secret).
    assert figures.loc["Ost", "population"] == 174.0
    # Foreigners from share x population (no count file): col 2 at 2.5 %, col 3 at 3.5 %.
    assert figures.loc["Ost", "foreigners"] == pytest.approx(93 * 0.025 + 81 * 0.035)
    # West: (0, 1) has a secret share, (0, 2) no population; (0, 0) at 0.5 %, column 1 at 1.5 %.
    assert figures.loc["West", "foreigners"] == pytest.approx(10 * 0.005 + 63 * 0.015)
    assert figures.loc["West", "share"] == pytest.approx((10 * 0.005 + 63 * 0.015) / 73 * 100)
    assert figures.attrs["foreigners_derived"]


def test_min_count_hides_small_counts_and_their_share(tmp_path):
    header = "GITTER_ID_100m;Einwohner;Auslaender"
    path = write_csv(tmp_path / "g.csv", header, [f"{cell_id(0, 0)};40;2", f"{cell_id(1, 0)};40;10"])
    cells = apply_min_count(read_grid([path], block(2, 1)), 3).cells
    assert math.isnan(cells.loc[cell_id(0, 0), "Auslaender"]) and math.isnan(cells.loc[cell_id(0, 0), "AnteilAuslaender"])
    assert cells.loc[cell_id(1, 0), ["Auslaender", "AnteilAuslaender"]].tolist() == [10.0, 25.0]


def test_save_and_load(population_csv, tmp_path):
    grid = read_grid([population_csv], block(4, 3))
    save_grid(grid, tmp_path / "layer")
    loaded = load_grid(tmp_path / "layer")
    assert loaded.size == 100 and len(loaded.cells) == 11
    assert loaded.cells.loc[cell_id(2, 2), "Einwohner"] == 32.0
    assert load_grid(tmp_path / "nothing") is None


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A data folder with one imported dataset made of the two synthetic districts."""
    folder = tmp_path / "data" / "datasets" / "testort"
    folder.mkdir(parents=True)
    frame = districts_3035().to_crs(4326).assign(key=["w", "o"])
    frame[["key", "name", "geometry"]].to_file(folder / "boundaries.gpkg", driver="GPKG")
    (folder / "provenance.json").write_text(json.dumps({"name": "Testort"}), encoding="utf-8")
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    return tmp_path / "data"


def test_cli_imports_into_the_dataset_folder(data_dir, population_csv, share_zip, capsys):
    from geo.store.gridstore import main

    assert main(["import", str(population_csv), str(share_zip), "--within", "testort", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["cells"] == 12 and report["missing"]["Einwohner"] == 2
    assert load_grid(data_dir / "datasets" / "testort").cells.shape[0] == 12


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "x.csv", "--within", "nirgendwo"], "Unbekannter Datensatz"),
        (["import", "missing.csv", "--within", "testort"], "Datei nicht gefunden"),
    ],
)
def test_cli_refuses_bad_input(data_dir, argv, message, capsys):
    from geo.store.gridstore import main

    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_refuses_a_table_that_is_not_a_grid(data_dir, tmp_path, capsys):
    from geo.store.gridstore import main

    path = write_csv(tmp_path / "table.csv", "Stadtteil;Einwohner", ["West;100"])
    assert main(["import", str(path), "--within", "testort"]) == 2
    assert "keine Zensus-Gitterdatei" in capsys.readouterr().err


def test_cli_refuses_in_public_mode(data_dir, population_csv, monkeypatch, capsys):
    from geo.store.gridstore import main

    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    assert main(["import", str(population_csv), "--within", "testort"]) == 2
    assert "kein Import" in capsys.readouterr().err


def test_cell_ids_of_another_reference_system_are_refused(tmp_path):
    rows = [pop_row(0, 0, "5"), pop_row(1, 0, "7").replace("CRS3035RES", "CRS25832RES")]
    path = write_csv(tmp_path / "utm.csv", POP_HEADER, rows)
    with pytest.raises(GridError, match="EPSG:25832.*EPSG:3035"):
        read_grid([path], block(4, 3))


def test_import_grid_refuses_an_empty_clip_and_keeps_the_stored_grid(data_dir, population_csv, tmp_path):
    from geo.store.gridstore import import_grid

    first = import_grid([population_csv], "testort", "tester")
    assert first.report["cells"] == 11 and first.saved == data_dir / "datasets" / "testort" / "grid.gpkg"
    far = write_csv(tmp_path / "far.csv", POP_HEADER, ["CRS3035RES100mN2000000E4000000;4000050;2000050;9"])
    with pytest.raises(GridError, match="Keine Zelle der Dateien liegt im Gebiet"):
        import_grid([far], "testort", "tester")
    kept = load_grid(data_dir / "datasets" / "testort")
    assert len(kept.cells) == 11 and kept.provenance["imported_by"] == "tester"
