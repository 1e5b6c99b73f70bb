"""Every city is a first-class city (issue #21, the display side): texts from the dataset's metadata,
published precision on every page and in the selection's CSV and XLSX, pages open on the newest year,
caches keyed by the stored files' version stamp.

SYNTHETIC TEST DATA: "Musterstadt" is invented (21 square Stadtbereiche from tests/realistic.py, a long
table 2019-2023 with residents and a one-decimal share of foreigners, no foreigner counts). Berlin's
real files are read at test time from /work/shared/data/berlin (never copied into the project).
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.store.ingest import main
from tests.conftest import BERLIN_DIR, REPO
from tests.downloads import downloads  # noqa: F401  (fixture)
from tests.grid_fixture import synthetic_grid_into
from tests.realistic import grid_areas, write_table

NB = "\u00a0"
DS = "musterstadt-2019-2023"
YEARS = range(2019, 2024)
PAGES = [
    "pages/map.py", "pages/screening.py", "pages/ranking.py", "pages/compare.py", "pages/network.py",
    "pages/projects.py", "pages/selections.py", "pages/data.py", "pages/upload.py",
]
FIRST, SECOND = "01010000", "01010001"  # Alau 1 (16,9 % in 2023, +13,8 pp since 2019) and Berau 2
BERLIN = BERLIN_DIR


def share(i: int, j: int) -> str:
    """The published one-decimal share of area ``i`` in year 2019 + ``j`` (German)."""
    return f"{3.1 + i * 0.7 + j * (3.45 if i == 0 else 0.5):.1f}".replace(".", ",")


def write_city(folder: Path, shares=share) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    frame = grid_areas(7, 3)  # 21 areas
    frame.to_file(folder / "stadtbereiche.gpkg")
    rows = [["Stadtbereich", "Merkmal", "Jahr", "Wert"]]
    for i, key in enumerate(frame["PLR_ID"]):
        for j, year in enumerate(YEARS):
            rows.append([key, "Einwohner", str(year), f"{1000 + 37 * i + 5 * j}"])
            rows.append([key, "Ausländeranteil in %", str(year), shares(i, j)])
    return folder / "stadtbereiche.gpkg", write_table(rows, folder / "bereiche.csv")


def import_city(boundaries: Path, table: Path, *extra: str) -> None:
    assert main(["--boundaries", str(boundaries), "--indicators", str(table), "--indicator", "Merkmal",
                 "--year", "Jahr", "--value", "Wert", "--key", "Stadtbereich", "--name", "Musterstadt 2019-2023",
                 "--municipality", "Musterstadt", "--unit-label", "Stadtbereiche", *extra]) == 0


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("atlas-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANKUNFTSATLAS_DATA_DIR", str(root))
        import_city(*write_city(tmp_path_factory.mktemp("musterstadt")))
    return root


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path, data_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ANKUNFTSATLAS_DATABASE_URL", raising=False)
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)


def open_page(page: str, ds: str = DS, selection: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params["ds"] = ds
    at.run()
    if selection is not None:
        at.session_state["selected_areas"] = selection
    if page != PAGES[0] or selection is not None:
        at.switch_page(page).run()
    return at


def shown_text(at: AppTest) -> str:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    texts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    texts += [str(e.label) for e in at.expander]
    for kind in ("table", "dataframe"):
        for e in getattr(at, kind):
            frame = e.value
            texts += [str(c) for c in frame.columns] + [str(v) for v in frame.astype(str).to_numpy().ravel()]
    return "\n".join(texts)


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_of_the_city_its_areas_and_years(monkeypatch, page, public):
    if public:
        if page == "pages/upload.py":
            pytest.skip("no import page in public mode")
        monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    at = open_page(page, selection=[FIRST, SECOND])
    assert not at.exception
    assert at.session_state["_kept_ds"] == DS
    text = shown_text(at)
    for foreign in ("Ortsbezirk", "18 Gebiete", "Kernstadt", "– 2026", "bis 2026"):  # 2026: the import date
        assert foreign not in text, (foreign, page)
    # the network page compares all municipalities, the data page lists all datasets: Kaiserslautern among them
    if page not in ("pages/network.py", "pages/data.py"):
        assert "Kaiserslautern" not in text
    assert not re.search(r"\b1[67]\s?%", text.replace(NB, " ")) or "16,9" in text  # 16,9 % never shown as 17 %


def test_map_title_heading_year_and_published_decimals():
    at = open_page("pages/map.py")
    assert at.title[0].value == "Ankunftsquartiere in Musterstadt – 2023"
    assert "Karte: Stadtbereiche" in [s.value for s in at.subheader]
    assert at.select_slider(key="year").value == 2023
    at.selectbox(key="selected_unit").set_value("Alau 1").run()
    details = at.table[0].value
    assert details.loc["Ausländeranteil in % (2023)", "Einordnung"].endswith("von 21 auf der Karte")  # each area its own unit: once
    assert details.loc["Ausländeranteil in % (2023)", "Wert"] == f"16,9{NB}%"
    change = at.selectbox(key="indicator").options.index("Ausländeranteil in %: Veränderung 2019–2023")
    at.selectbox(key="indicator").select_index(change).run()
    legend = next(m.value for m in at.markdown if "Legende" in m.value)
    assert "Veränderung 2019–2023" in legend
    at.selectbox(key="selected_unit").set_value("Alau 1").run()
    details = at.table[0].value
    assert details.loc["Ausländeranteil in %: Veränderung 2019–2023", "Wert"] == f"13,8{NB}Prozentpunkte"
    assert details.loc["Einwohner (2023)", "Wert"] == "1.020"  # a count: a whole number
    sources = next(m.value for m in at.markdown if m.value.startswith("**Statistik:**"))
    assert "Stand: 2019–2023." in sources  # the years the data describe, not the import date


def test_screening_and_ranking_open_on_the_newest_year():
    at = open_page("pages/screening.py")
    condition = at.text[0].value
    assert re.fullmatch(rf"Ausländeranteil in % \(2023\) ≥ \d+,\d{NB}%", condition), condition  # as published
    listing = next(d.value for d in at.dataframe if "Ausländeranteil in % (2023)" in d.value.columns)
    assert all(re.fullmatch(rf"\d+,\d{NB}%", v) for v in listing["Ausländeranteil in % (2023)"])
    at = open_page("pages/ranking.py")
    method = next(e.value for e in at.text if e.value.startswith("Index ="))
    assert "(2023)" in method and "(2019)" not in method


def test_comparison_counts_the_datasets_areas():
    at = open_page("pages/compare.py", selection=[FIRST, SECOND])
    assert any("Rang unter allen 21 Gebieten" in c.value for c in at.caption)
    table = at.table[0].value
    assert list(table.columns[:2]) == ["Ausländeranteil in % (2023)", "Ausländeranteil in % (2022)"]  # newest first
    assert table.loc["Alau 1", "Ausländeranteil in % (2023)"].startswith(f"16,9{NB}% · Rang 5/21")


def test_selection_csv_and_xlsx_keep_the_published_decimals(downloads):  # noqa: F811
    at = open_page("pages/selections.py", selection=[FIRST, SECOND])
    csv = pd.read_csv(io.BytesIO(downloads.fetch(at, "export_csv")), sep=";", encoding="utf-8-sig", dtype=str)
    first = csv[csv["Gebietsschlüssel"] == FIRST].iloc[0]
    assert first["Ausländeranteil in % (2023) [%]"] == "16,9"
    assert first["Ausländeranteil in %: Veränderung 2019–2023 [Prozentpunkte]"] == "13,8"
    assert first["Einwohner (2023)"] == "1020"
    assert pd.isna(first["Teil von"])  # an area of its own, not part of a merged unit
    second = csv[csv["Gebietsschlüssel"] == SECOND].iloc[0]
    assert second["Ausländeranteil in % (2023) [%]"] == "5,8"
    data = pd.read_excel(io.BytesIO(downloads.fetch(at, "export_xlsx")), sheet_name="Daten", dtype=object)
    row = data[data["Gebietsschlüssel"].astype(str) == FIRST].iloc[0]
    assert row["Ausländeranteil in % (2023) [%]"] == 16.9
    assert row["Ausländeranteil in %: Veränderung 2019–2023 [Prozentpunkte]"] == 13.8
    book = openpyxl.load_workbook(io.BytesIO(downloads.fetch(at, "export_xlsx")))
    values = [c for r in book["Daten"].iter_rows(values_only=True) for c in r if isinstance(c, float)]
    assert 16.9 in values and 17 not in values


def test_a_reimported_dataset_shows_on_the_next_run(data_dir, tmp_path):
    at = open_page("pages/map.py")
    at.selectbox(key="selected_unit").set_value("Alau 1").run()
    assert at.table[0].value.loc["Ausländeranteil in % (2023)", "Wert"] == f"16,9{NB}%"
    changed = write_city(tmp_path / "neu", lambda i, j: "21,4" if (i, j) == (0, 4) else share(i, j))
    try:
        import_city(*changed, "--replace")
        at.run()  # the same session, the same server process: no restart
        assert at.table[0].value.loc["Ausländeranteil in % (2023)", "Wert"] == f"21,4{NB}%"
    finally:
        import_city(*write_city(tmp_path / "alt"), "--replace")


def test_a_reimported_grid_shows_on_the_next_run(monkeypatch, tmp_path, mirror_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    target, city = tmp_path / "data" / "grids" / "kaiserslautern", mirror_dir / "ortsbezirke.geojson"
    first = synthetic_grid_into(city, target, tmp_path / "work1", seed=1)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.run()
    at.radio(key="layer").set_value("grid").run()
    assert any(f"Klassen berechnet auf den {len(first.cells)} Rasterzellen" in c.value for c in at.caption)
    one = tmp_path / "one.geojson"  # a smaller area: fewer cells
    gpd.read_file(city).iloc[[0]].to_file(one, driver="GeoJSON")
    second = synthetic_grid_into(one, target, tmp_path / "work2", seed=2)
    assert len(second.cells) < len(first.cells)
    at.run()
    assert not at.exception
    assert any(f"Klassen berechnet auf den {len(second.cells)} Rasterzellen" in c.value for c in at.caption)


def _berlin(name: str) -> Path:
    path = BERLIN / name
    if not path.is_file():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{path} fehlt / missing")
        pytest.skip(f"{path} missing (real Berlin files)")
    return path


@pytest.fixture(scope="module")
def berlin(data_dir):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANKUNFTSATLAS_DATA_DIR", str(data_dir))
        boundaries = _berlin("plr.geojson")
        assert main(["--boundaries", str(boundaries), "--indicators", str(_berlin("long.csv")), "--indicator",
                     "merkmal", "--year", "jahr", "--value", "anzahl", "--key", "planungsraum",
                     "--share", "Ausländeranteil=Ausländer/Einwohner", "--name", "Berlin LOR",
                     "--municipality", "Berlin", "--unit-label", "Planungsräume", "--allow-unmatched"]) == 0
        assert main(["--boundaries", str(boundaries), "--indicators", str(_berlin("wide_2020_de.csv")),
                     "--name", "Berlin Excel 2020", "--municipality", "Berlin", "--unit-label", "Planungsräume",
                     "--allow-unmatched"]) == 0
    return "berlin-lor", "berlin-excel-2020"


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_berlin_map_screening_ranking_on_2020(berlin, monkeypatch, public):
    if public:
        monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    at = open_page("pages/map.py", ds=berlin[0])
    assert not at.exception
    assert at.title[0].value == "Ankunftsquartiere in Berlin – 2020"
    assert "Karte: Planungsräume" in [s.value for s in at.subheader]
    assert at.select_slider(key="year").value == 2020
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("schematische Anordnung" in x for x in texts)  # 447 areas: a table instead, so no tile map is sourced
    at = open_page("pages/ranking.py", ds=berlin[0])
    method = next(e.value for e in at.text if e.value.startswith("Index ="))
    assert "(2020)" in method and "(2015)" not in method
    at = open_page("pages/compare.py", ds=berlin[0], selection=["01011101", "01011102"])
    assert any("Rang unter allen 447 Gebieten" in c.value for c in at.caption)


def test_the_presentation_title_says_the_year_once(berlin):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params["ds"], at.query_params["mode"] = berlin[0], "present"
    at.run()
    assert not at.exception
    title = at.title[0].value
    assert title.startswith("Ankunftsquartiere in Berlin – 2020: ") and title.count("2020") == 1, title


def test_berlin_excel_share_keeps_its_decimal_in_the_exports(berlin, downloads):  # noqa: F811
    at = open_page("pages/selections.py", ds=berlin[1], selection=["01011101", "01011102"])
    csv = pd.read_csv(io.BytesIO(downloads.fetch(at, "export_csv")), sep=";", encoding="utf-8-sig", dtype=str)
    row = csv[csv["Gebietsschlüssel"] == "01011101"].iloc[0]
    assert row["Ausländeranteil in % [%]"] == "40,6" and row["Einwohner"] == "3419"
    data = pd.read_excel(io.BytesIO(downloads.fetch(at, "export_xlsx")), sheet_name="Daten", dtype=object)
    assert data[data["Gebietsschlüssel"].astype(str) == "01011101"].iloc[0]["Ausländeranteil in % [%]"] == 40.6
    document = json.loads(downloads.fetch(at, "export_geojson"))
    assert document["features"][0]["properties"]


def test_the_embedded_datasets_particulars_are_data(tmp_path):
    from geo.domain.dataset import load_display
    from geo.store.builtin import default_dataset_id, default_statistics_id

    def embedded_ids(path):
        return default_dataset_id(path), default_statistics_id(path)
    from geo.store.catalog import published_decimals

    sources = tmp_path / "sources.toml"
    sources.write_text('[display.rostock_2023]\ndataset_id = "rostock"\nmunicipality = "Rostock"\nyear = "2023"\n'
                       'unit_label = "Stadtbereiche"\nmerged_note_de = "{n} Gebiete"\n', encoding="utf-8")
    assert embedded_ids(sources) == ("rostock", "rostock_2023")
    meta = load_display(sources, "rostock_2023")
    assert (meta.municipality, meta.year, meta.unit_label, meta.merged_note_de.format(n=21)) == (
        "Rostock", "2023", "Stadtbereiche", "21 Gebiete")
    assert (meta.start_indicators, meta.start_conditions) == ((), ())
    assert embedded_ids(REPO / "data" / "sources.toml") == ("kaiserslautern", "kaiserslautern_2016")
    embedded = load_display(REPO / "data" / "sources.toml", "kaiserslautern_2016")
    assert embedded.start_indicators == ("foreign_share", "foreign_share_u30")
    assert embedded.start_conditions[0] == ("foreign_share", ">=", 1.2, True)
    assert published_decimals(pd.Series([16.9, 11.8, 13.799999999999999])) == 1
    assert published_decimals(pd.Series([3419.0, None])) == 0


def test_the_embedded_dataset_speaks_from_its_configuration():
    at = open_page("pages/map.py", ds="kaiserslautern")
    assert at.title[0].value == "Ankunftsquartiere in Kaiserslautern – Ausländeranteile 2016"
    assert "Karte: Ortsbezirke" in [s.value for s in at.subheader]
    assert any("Tabelle und Kachelkarte zeigen alle 18 Gebiete" in i.value for i in at.info)  # the merged Kernstadt
    assert any("Kachelkarte:** eigene schematische Anordnung" in m.value for m in at.markdown)  # 18 tiles: sourced
    at = open_page("pages/compare.py", ds="kaiserslautern", selection=["hohenecken", "einsiedlerhof"])
    assert any("Rang unter allen 18 Gebieten" in c.value for c in at.caption)
    assert any(c.value.startswith("„Anteil Ausländer an den unter 30-Jährigen“ lässt sich für mehrere Gebiete")
               for c in at.caption)
