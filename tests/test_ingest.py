"""Import of foreign data: fixtures made here, each checked for its exact outcome."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.read.boundaries import BoundaryError, read_boundaries
from geo.numbers import read_cell
from geo.read.tables import TableReadError, read_indicator_table
from geo.store.ingest import main

NAMES = ["Mülheim", "Straßenviertel", "Hohenecken"]


def _districts(crs: int = 25832) -> gpd.GeoDataFrame:
    # Three adjoining squares near Kaiserslautern in UTM 32N (synthetic test geometry).
    squares = [box(410000 + i * 1000, 5475000, 411000 + i * 1000, 5476000) for i in range(3)]
    frame = gpd.GeoDataFrame({"ID": ["1", "2", "3"], "NAME": NAMES}, geometry=squares, crs=25832)
    return frame.to_crs(crs)


@pytest.fixture
def latin1_shapefile_zip(tmp_path) -> Path:
    folder = tmp_path / "shp"
    folder.mkdir()
    _districts().to_file(folder / "bezirke.shp", encoding="latin1")
    (folder / "bezirke.cpg").unlink(missing_ok=True)  # as many municipal exports come
    assert "Mülheim".encode("latin1") in (folder / "bezirke.dbf").read_bytes()
    archive = tmp_path / "bezirke.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for part in folder.iterdir():
            handle.write(part, part.name)
    return archive


@pytest.fixture
def cp1252_csv(tmp_path) -> Path:
    path = tmp_path / "statistik.csv"
    text = "Gebiet;Einwohner;Anteil Ausländer\nMÜLHEIM;1.234;12,5\nStraßenviertel;987;7\nHOHENECKEN;2.000;9,2\n"
    path.write_bytes(text.encode("cp1252"))
    assert b"M\xdcLHEIM" in path.read_bytes()  # really Windows-1252, not UTF-8
    return path


@pytest.mark.parametrize(("text", "value"), [("1.234,5", 1234.5), ("7", 7.0), ("12,5", 12.5), ("12.5", 12.5), ("", None)])
def test_read_cell(text, value):
    assert read_cell(text) == value


def test_latin1_shapefile_without_cpg_keeps_umlauts(latin1_shapefile_zip):
    frame = read_boundaries(latin1_shapefile_zip, "ID", "NAME")
    assert frame["name"].tolist() == NAMES
    assert frame.crs.to_epsg() == 4326
    x, y = frame.geometry.iloc[0].centroid.coords[0]
    assert (round(x, 2), round(y, 2)) == (7.77, 49.43)


def test_utf8_dbf_read_as_latin1_is_repaired(tmp_path):
    folder = tmp_path / "u"
    folder.mkdir()
    _districts().to_file(folder / "b.shp", encoding="utf-8")
    (folder / "b.cpg").unlink(missing_ok=True)
    assert read_boundaries(folder / "b.shp", "ID", "NAME")["name"].tolist() == NAMES


@pytest.mark.parametrize("epsg", [25832, 31466, 31467, 4647])
def test_german_projections_are_reprojected(tmp_path, epsg):
    path = tmp_path / f"b{epsg}.gpkg"
    _districts(epsg).to_file(path)
    frame = read_boundaries(path, "ID", "NAME")
    x, y = frame.geometry.iloc[0].centroid.coords[0]
    assert (round(x, 2), round(y, 2)) == (7.77, 49.43)


def test_cp1252_csv_with_german_numbers(cp1252_csv):
    table = read_indicator_table(cp1252_csv)
    assert table.key_column == "Gebiet" and table.layout == "wide"
    assert table.frame.loc["MÜLHEIM", "Einwohner"] == 1234
    assert table.frame.loc["Straßenviertel", "Anteil Ausländer"] == 7.0


def test_long_table_over_three_years(tmp_path):
    rows = ["schluessel;indikator;jahr;wert;quelle"]
    for year, base in ((2021, 10.0), (2022, 11.5), (2023, 12.0)):
        rows += [f"1;anteil;{year};{str(base).replace('.', ',')};Amt", f"2;anteil;{year};{str(base + 1).replace('.', ',')};Amt"]
    path = tmp_path / "lang.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    table = read_indicator_table(path)
    assert table.layout == "long"
    assert table.years == {"anteil": [2021, 2022, 2023]}
    assert table.frame.loc["2", "anteil@2022"] == 12.5


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leer.csv", "", "Die Datei ist leer"),
        ("text.csv", "gebiet;anteil\nA;zwölf\nB;3\nC;4\n", "Zeile 2, Spalte „anteil“: „zwölf“ ist keine Zahl"),
        ("doppelt.csv", "gebiet;wert\nA;1\nA;2\n", "doppelte Gebietsschlüssel: A"),
        ("bild.png", "x", "nur CSV oder XLSX"),
    ],
)
def test_bad_tables(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TableReadError, match=message) as info:
        read_indicator_table(path)
    assert name in str(info.value)


def test_zip_without_dbf_and_zip_bomb(tmp_path, latin1_shapefile_zip):
    no_dbf = tmp_path / "ohne.zip"
    with zipfile.ZipFile(latin1_shapefile_zip) as source, zipfile.ZipFile(no_dbf, "w") as target:
        for item in source.infolist():
            if not item.filename.endswith(".dbf"):
                target.writestr(item, source.read(item))
    with pytest.raises(BoundaryError, match="fehlt bezirke.dbf"):
        read_boundaries(no_dbf, "ID", "NAME")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("x.shp", b"\0" * 20_000_000)
        handle.writestr("x.dbf", b"\0")
    with pytest.raises(BoundaryError, match="Zip-Bombe"):
        read_boundaries(bomb, "ID", "NAME")


def test_size_limit(tmp_path):
    path = tmp_path / "gross.geojson"
    path.write_bytes(b" " * (2 * 1024 * 1024))
    with pytest.raises(BoundaryError, match="größer als 1 MB"):
        read_boundaries(path, "ID", "NAME", max_bytes=1024 * 1024)


def test_cli_dry_run_json_matches_names_and_homoglyphs(tmp_path, latin1_shapefile_zip, capsys, monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    table = tmp_path / "t.csv"
    table.write_text("Gebiet;Einwohner\nMUELHEIM;1.234\nStrassenviertel;987\nНонемескем;2.000\nAtlantis;5\n", encoding="utf-8")
    code = main(["--boundaries", str(latin1_shapefile_zip), "--indicators", str(table), "--boundary-key", "ID",
                 "--boundary-name", "NAME", "--dry-run", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["method"], report["matched"]) == ("name", 3)
    assert report["pairs"] == {"MUELHEIM": "1", "Strassenviertel": "2", "Нонемескем": "3"}
    assert report["unmatched_table"] == ["Atlantis"]
    assert [f[0] for f in report["fuzzy"]] == ["Нонемескем"]
    assert not (tmp_path / "data").exists()  # a dry run changes nothing


def test_cli_saves_atomically_and_reports_errors(tmp_path, latin1_shapefile_zip, capsys, monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    good = tmp_path / "gut.csv"
    good.write_text("id;Einwohner\n1;10\n2;20\n3;30\n", encoding="utf-8")
    args = ["--boundaries", str(latin1_shapefile_zip), "--boundary-key", "ID", "--boundary-name", "NAME", "--name", "testort"]
    assert main([*args, "--indicators", str(good)]) == 0
    saved = tmp_path / "data" / "datasets" / "testort"
    provenance = json.loads((saved / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["reconciliation"]["method"] == "id" and provenance["indicators_file"] == "gut.csv"
    before = (saved / "indicators.csv").read_bytes()
    bad = tmp_path / "schlecht.csv"
    bad.write_text("id;Anteil Ausländer\n1;120\n2;5\n3;6\n", encoding="utf-8")
    assert main([*args, "--indicators", str(bad)]) == 2
    assert "Anteil über 100 % (120)" in capsys.readouterr().err
    negative = tmp_path / "negativ.csv"
    negative.write_text("id;Einwohner\n1;-5\n2;5\n3;6\n", encoding="utf-8")
    assert main([*args, "--indicators", str(negative)]) == 2
    assert (saved / "indicators.csv").read_bytes() == before  # the earlier import is untouched


def test_saved_dataset_loads_with_no_data_areas_kept(tmp_path, latin1_shapefile_zip, monkeypatch):
    from geo.store.catalog import list_datasets, load_dataset_folder, remove_dataset
    from geo.store.datastore import Editor

    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    table = tmp_path / "werte.csv"
    table.write_text("Gebiet;Einwohner;Anteil Ausländer\nMülheim;1.000;12,5\nStraßenviertel;2.000;7\n", encoding="utf-8")
    assert main(["--boundaries", str(latin1_shapefile_zip), "--indicators", str(table), "--boundary-key", "ID",
                 "--boundary-name", "NAME", "--name", "Testort 2024", "--source", "Amt für Statistik"]) == 2
    assert main(["--boundaries", str(latin1_shapefile_zip), "--indicators", str(table), "--boundary-key", "ID",
                 "--boundary-name", "NAME", "--name", "Testort 2024", "--source", "Amt für Statistik",
                 "--allow-unmatched"]) == 0
    (info,) = list_datasets(tmp_path / "data" / "datasets")
    assert info.id == "testort-2024" and info.provenance["source"] == "Amt für Statistik"
    dataset, geometry = load_dataset_folder(info)
    assert list(dataset.areas["name"]) == NAMES
    assert dataset.areas.set_index("name").loc["Mülheim", "einwohner"] == 1000
    assert pd.isna(dataset.areas.set_index("name").loc["Hohenecken", "einwohner"])  # stays, as no data
    assert dataset.specs["anteil-auslaender"].unit_de == "%" and dataset.specs["anteil-auslaender"].kind == "value"
    assert pd.isna(dataset.city["einwohner"])  # a sum over areas with a missing count is unknown
    assert pd.isna(dataset.city["anteil-auslaender"])  # a share without counts is not averaged
    # Three squares west to east: a 2×2 grid, first row west to east.
    assert dataset.tiles.loc[["1", "2", "3"], ["row", "col"]].values.tolist() == [[0, 0], [0, 1], [1, 0]]
    assert geometry.report.unmatched_boundaries == ("Hohenecken",)
    assert len(json.loads(geometry.geojson)["features"]) == 3
    remove_dataset(info, editor=Editor("test"))
    assert list_datasets(tmp_path / "data" / "datasets") == []


def test_shares_defined_from_counts_are_recomputed_for_the_city(tmp_path, latin1_shapefile_zip, monkeypatch, capsys):
    from geo.store.catalog import list_datasets, load_dataset_folder

    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    table = tmp_path / "z.csv"
    table.write_text("id;Ausländer;Einwohner\n1;100;1.000\n2;50;2.000\n3;0;500\n", encoding="utf-8")
    args = ["--boundaries", str(latin1_shapefile_zip), "--boundary-key", "ID", "--boundary-name", "NAME",
            "--indicators", str(table), "--name", "mit Anteil"]
    assert main([*args, "--share", "Anteil=Ausländer/Bewohner"]) == 2
    assert "„Bewohner“ ist keine Spalte der Tabelle" in capsys.readouterr().err
    assert main([*args, "--share", "Anteil Ausländer=Ausländer/Einwohner"]) == 0
    dataset, _ = load_dataset_folder(list_datasets(tmp_path / "data" / "datasets")[0])
    spec = dataset.specs["anteil-auslaender"]
    assert (spec.kind, spec.numerator, spec.denominator) == ("share", "auslaender", "einwohner")
    assert dataset.areas.loc["1", "anteil-auslaender"] == 10.0
    assert dataset.city["anteil-auslaender"] == pytest.approx(150 / 3500 * 100)  # from counts, not 6.7 % mean


def test_finer_areas_are_aggregated_to_their_boundary(tmp_path, latin1_shapefile_zip, monkeypatch):
    from geo.store.catalog import list_datasets, load_dataset_folder

    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    table = tmp_path / "fein.csv"
    table.write_text(
        "Stadtteil;Ortsbezirk;Ausländer;Einwohner\n"
        "Altstadt;Mülheim;300;1.000\nNeustadt;MÜLHEIM;100;3.000\nHafen;Straßenviertel;50;500\n",
        encoding="utf-8",
    )
    assert main(["--boundaries", str(latin1_shapefile_zip), "--boundary-key", "ID", "--boundary-name", "NAME",
                 "--indicators", str(table), "--key", "Stadtteil", "--parent", "Ortsbezirk",
                 "--share", "Anteil=Ausländer/Einwohner", "--name", "fein", "--allow-unmatched"]) == 0
    dataset, geometry = load_dataset_folder(list_datasets(tmp_path / "data" / "datasets")[0])
    assert list(dataset.areas.index) == ["Altstadt", "Neustadt", "Hafen"]
    assert dataset.units.members.to_dict() == {"Mülheim": 2, "Straßenviertel": 1}
    muelheim = dataset.units.table.loc["Mülheim"]
    assert (muelheim["auslaender"], muelheim["einwohner"]) == (400, 4000)
    assert muelheim["anteil"] == pytest.approx(10.0)  # 400 / 4000, not the 16.7 % mean of 30 % and 3.3 %
    assert geometry.report.unmatched_boundaries == ("Hohenecken",)


def test_public_deployment_refuses_imports(tmp_path, latin1_shapefile_zip, monkeypatch, capsys):
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    table = tmp_path / "t.csv"
    table.write_text("id;Einwohner\n1;10\n", encoding="utf-8")
    args = ["--boundaries", str(latin1_shapefile_zip), "--indicators", str(table), "--boundary-key", "ID",
            "--boundary-name", "NAME"]
    assert main(args) == 2
    assert "öffentliche Installation" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
    assert main([*args, "--dry-run"]) == 0  # checking changes nothing and stays allowed


def test_size_limit_from_settings(tmp_path, latin1_shapefile_zip, monkeypatch, capsys):
    monkeypatch.setenv("ANKUNFTSATLAS_MAX_UPLOAD_MB", "0")
    table = tmp_path / "t.csv"
    table.write_text("id;Einwohner\n1;10\n", encoding="utf-8")
    assert main(["--boundaries", str(latin1_shapefile_zip), "--indicators", str(table), "--dry-run"]) == 2
    assert "größer als 0 MB" in capsys.readouterr().err


# The big real-looking city (tests/realistic.py, synthetic): report texts checked exactly.
@pytest.fixture(scope="module")
def city(tmp_path_factory):
    from tests.realistic import big_city

    return big_city(tmp_path_factory.mktemp("grossstadt"))


def test_big_city_report_names_matched_dissolved_and_missing(city, capsys):
    assert (city.areas, city.features, city.missing) == (432, 435, 26)
    assert main(["--boundaries", str(city.boundaries), "--indicators", str(city.table), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        "zusammengeführt (ein Gebiet in mehreren Teilen) / dissolved (one area in several pieces): 3: "
        "01010005 (Grünau 6): 2, 01010100 (Dornstadt 101): 2, 01010250 (Weistadt 251): 2",
        "fehlende Werte (k.A., -, x, … als fehlend gelesen, nicht als 0) / missing values: 26: "
        "Ausländer@2018 5, Ausländer@2019 5, Ausländer@2020 4, Ausländer@2021 4, Ausländer@2022 4, Ausländer@2023 4",
        "Zuordnung über Schlüssel / matched by id",
        "zugeordnet / matched: 432",
        "Tabelle ohne Grenze / table rows without boundary: 0 ",
    ]


def test_big_city_json_report(city, capsys):
    assert main(["--boundaries", str(city.boundaries), "--indicators", str(city.table), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["matched"], report["unmatched"], report["layout"]) == (432, 0, "long")
    assert len(report["dissolved"]) == 3 and sum(report["missing_values"].values()) == 26


def test_big_city_share_per_year_with_change(city, tmp_path, monkeypatch):
    from geo.domain.timeseries import series
    from geo.store.catalog import list_datasets, load_dataset_folder

    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    assert main(["--boundaries", str(city.boundaries), "--indicators", str(city.table), "--share", city.share,
                 "--name", "Großstadt 2023", "--municipality", "Großstadt", "--unit-label", "Planungsräume"]) == 0
    (info,) = list_datasets(tmp_path / "data" / "datasets")
    assert {k: info.provenance[k] for k in ("municipality", "unit_label", "year")} == {
        "municipality": "Großstadt", "unit_label": "Planungsräume", "year": 2023}
    dataset, geometry = load_dataset_folder(info)
    assert len(dataset.areas) == 432 and len(geometry.frame) == 432
    assert series(dataset.specs)["anteil-auslaender"] == list(city.years)
    assert next(iter(dataset.specs)) == "anteil-auslaender@2018"  # a share comes first: the dataset opens on it
    share = dataset.specs["anteil-auslaender@2023"]
    assert (share.kind, share.label_de, share.numerator, share.denominator) == (
        "share", "Anteil Ausländer (2023)", "auslaender@2023", "einwohner@2023")
    change = dataset.specs["anteil-auslaender@2018-2023"]
    assert (change.kind, change.unit_de, change.label_de) == (
        "value", "Prozentpunkte", "Anteil Ausländer: Veränderung 2018–2023")
    assert dataset.specs["einwohner@2023"].decimals == 0  # counts are whole numbers
    first = dataset.areas.iloc[0]
    assert first["anteil-auslaender@2023"] == pytest.approx(first["auslaender@2023"] / first["einwohner@2023"] * 100)
    # k.A. is missing, never 0: the area has no share that year, and the city sum is unknown.
    missing = dataset.areas["auslaender@2023"].isna()
    assert missing.sum() == 4 and dataset.areas.loc[missing, "anteil-auslaender@2023"].isna().all()


def test_no_area_matched_is_refused_with_columns_and_samples(tmp_path, latin1_shapefile_zip, capsys):
    table = tmp_path / "andere.csv"
    table.write_text("Gemeindeteil;Einwohner\nAtlantis;5\nLemurien;7\n", encoding="utf-8")
    code = main(["--boundaries", str(latin1_shapefile_zip), "--indicators", str(table), "--boundary-key", "ID",
                 "--boundary-name", "NAME", "--dry-run"])
    assert code == 2
    assert capsys.readouterr().err == (
        "Fehler / error: kein Gebiet zugeordnet. Verglichen wurden die Tabellenspalte „Gemeindeteil“ mit den "
        "Grenz-Attributen „ID“ (Schlüssel) und „NAME“ (Namen). Tabelle: Atlantis, Lemurien. Grenzen: 1 Mülheim, "
        "2 Straßenviertel, 3 Hohenecken. Falsche Spalte oder andere Gemeinde? Bitte --key, --boundary-key oder "
        "--boundary-name angeben. / no area matched. Compared table column 'Gemeindeteil' with boundary attributes "
        "'ID' (key) and 'NAME' (name). Table: Atlantis, Lemurien. Boundaries: 1 Mülheim, 2 Straßenviertel, "
        "3 Hohenecken. Wrong column or another municipality? Please give --key, --boundary-key or --boundary-name.\n"
    )


def test_partial_match_needs_allow_unmatched(tmp_path, latin1_shapefile_zip, capsys, monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    table = tmp_path / "teil.csv"
    table.write_text("id;Einwohner\n1;10\n2;20\n9;5\n", encoding="utf-8")
    args = ["--boundaries", str(latin1_shapefile_zip), "--indicators", str(table), "--boundary-key", "ID",
            "--boundary-name", "NAME", "--name", "teil"]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "zugeordnet / matched: 2" in captured.out
    assert "nur teilweise zugeordnet (1 Tabellenzeilen ohne Grenze, 1 Grenzen ohne Werte)" in captured.err
    assert not (tmp_path / "data" / "datasets" / "teil").exists()
    assert main([*args, "--allow-unmatched"]) == 0
    assert (tmp_path / "data" / "datasets" / "teil" / "provenance.json").is_file()


@pytest.mark.parametrize(("table_key", "boundary_key"), [("1010005", "01010005"), ("01010005", "1010005"), ("7.0", "7")])
def test_ids_match_without_leading_zeros(table_key, boundary_key):
    from geo.read.reconcile import reconcile

    boundaries = gpd.GeoDataFrame({"key": [boundary_key], "name": ["A"]}, geometry=[box(0, 0, 1, 1)])
    report = reconcile(boundaries, [table_key])
    assert (report.method, report.pairs) == ("id", {table_key: boundary_key})


def test_long_table_of_finer_areas_with_a_share_per_year(tmp_path, latin1_shapefile_zip, monkeypatch):
    from geo.store.catalog import list_datasets, load_dataset_folder

    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    rows = ["Stadtteil;Ortsbezirk;Merkmal;Jahr;Anzahl"]
    for year, extra in ((2022, 0), (2023, 100)):
        rows += [f"Altstadt;Mülheim;Ausländer;{year};{300 + extra}", f"Altstadt;Mülheim;Einwohner;{year};1.000",
                 f"Neustadt;MÜLHEIM;Ausländer;{year};100", f"Neustadt;MÜLHEIM;Einwohner;{year};3.000",
                 f"Hafen;Straßenviertel;Ausländer;{year};k.A.", f"Hafen;Straßenviertel;Einwohner;{year};500"]
    table = tmp_path / "fein_lang.csv"
    table.write_text("\n".join(rows), encoding="utf-8")
    assert main(["--boundaries", str(latin1_shapefile_zip), "--boundary-key", "ID", "--boundary-name", "NAME",
                 "--indicators", str(table), "--key", "Stadtteil", "--parent", "Ortsbezirk",
                 "--share", "Anteil=Ausländer/Einwohner", "--name", "fein-lang", "--allow-unmatched"]) == 0
    dataset, _ = load_dataset_folder(list_datasets(tmp_path / "data" / "datasets")[0])
    muelheim = dataset.units.table.loc["Mülheim"]
    assert muelheim["anteil@2022"] == pytest.approx(10.0)  # 400 / 4000, recomputed from counts
    assert muelheim["anteil@2023"] == pytest.approx(12.5)  # 500 / 4000
    assert muelheim["anteil@2022-2023"] == pytest.approx(2.5)  # the change, in percentage points
    assert pd.isna(dataset.units.table.loc["Straßenviertel", "anteil@2023"])  # k.A. stays unknown


def test_empty_feature_collection_on_the_command_line(tmp_path, capsys):
    from tests.realistic import empty_feature_collection

    table = tmp_path / "t.csv"
    table.write_text("id;Einwohner\n1;10\n", encoding="utf-8")
    boundaries = empty_feature_collection(tmp_path / "leer.geojson")
    assert main(["--boundaries", str(boundaries), "--indicators", str(table), "--dry-run"]) == 2
    assert capsys.readouterr().err == (
        "Fehler / error: leer.geojson: die Datei enthält keine Objekte (leere FeatureCollection oder Ebene). / "
        "the file holds no features (empty FeatureCollection or layer).\n"
    )


DISK_FULL = (
    "Fehler / error: Der Speicherplatz auf dem Server ist voll: der Datensatz wurde nicht gespeichert, der bisherige "
    "Stand ist unverändert. Bitte Platz schaffen (lassen) und erneut importieren. / The server's disk is full: the "
    "dataset was not saved, what was there before is unchanged. Free some space and import again.\n"
)


def _disk_full_as_oserror(*_args, **_kwargs):
    import errno

    raise OSError(errno.ENOSPC, "No space left on device", "/srv/secret/data/datasets/.staging-x/boundaries.gpkg")


def _disk_full_as_gdal(*_args, **_kwargs):
    from pyogrio.errors import DataSourceError

    raise DataSourceError("sqlite3_exec(COMMIT) failed: database or disk is full (/srv/secret/x.gpkg)")


@pytest.mark.parametrize("failure", [_disk_full_as_oserror, _disk_full_as_gdal])
def test_cli_on_a_full_disk_exits_2_with_a_message_and_leaves_the_earlier_import(
    tmp_path, latin1_shapefile_zip, capsys, monkeypatch, failure
):
    import geopandas as gpd

    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    good = tmp_path / "gut.csv"
    good.write_text("id;Einwohner\n1;10\n2;20\n3;30\n", encoding="utf-8")
    args = ["--boundaries", str(latin1_shapefile_zip), "--boundary-key", "ID", "--boundary-name", "NAME",
            "--name", "testort", "--indicators", str(good)]
    assert main(args) == 0
    saved = tmp_path / "data" / "datasets" / "testort"
    before = (saved / "indicators.csv").read_bytes()
    capsys.readouterr()
    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", failure)  # the disk fills up while the import writes
    assert main([*args, "--replace"]) == 2
    err = capsys.readouterr().err
    assert err == DISK_FULL  # no traceback, no server path
    assert (saved / "indicators.csv").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "data" / "datasets").iterdir()) == [".lock", "testort"]
