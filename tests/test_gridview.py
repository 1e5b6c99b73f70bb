"""The grid layer on the map page (AppTest) with a SYNTHETIC 14,458-cell grid (random values, not Zensus data)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.maps.gridmap import GridColumn, cell_positions, fit_error_m, grid_classes, grid_payload
from tests.conftest import REPO
from tests.grid_fixture import synthetic_grid_into


@pytest.fixture(scope="module")
def grid_data_dir(tmp_path_factory, mirror_dir):
    root = tmp_path_factory.mktemp("griddata")
    grid = synthetic_grid_into(mirror_dir / "ortsbezirke.geojson", root / "grids" / "kaiserslautern", root / "work")
    return root, grid


@pytest.fixture
def with_grid(monkeypatch, tmp_path, mirror_dir, grid_data_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(grid_data_dir[0]))
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    return grid_data_dir[1]


def test_payload_is_compact_and_exact(grid_data_dir):
    grid = grid_data_dir[1]
    assert len(grid.cells) == 14458
    body = grid_payload(grid, [GridColumn("Einwohner", "Einwohner"), GridColumn("AnteilAuslaender", "Anteil", "%", 1)])
    payload = json.loads(body)
    ix, iy = cell_positions(payload)
    assert len(ix) == len(grid.cells) == len(payload["values"][1])
    # the runs give back every cell's own lower-left corner, in the order of the values
    east = payload["x0"] + ix * payload["size"]
    north = payload["y0"] + iy * payload["size"]
    assert [f"CRS3035RES100mN{n:.0f}E{e:.0f}" for e, n in zip(east, north)] == list(grid.cells.index)
    assert len(payload["runs"]) // 3 < len(grid.cells) / 20  # a city's cells are a few hundred runs
    assert fit_error_m(payload) < 0.05  # the browser's corners are within 5 cm of the exact EPSG:3035 squares
    assert len(body) / len(grid.cells) < 16  # bytes per cell, two values included
    missing = grid.cells["AnteilAuslaender"].isna()
    assert sum(v is None for v in payload["values"][1]) == int(missing.sum()) > 0


def test_classes_one_character_per_cell(grid_data_dir):
    from geo.analysis.classify import classify

    grid = grid_data_dir[1]
    result = classify(grid.cells["AnteilAuslaender"], "quantiles", 5)
    classes = grid_classes(result, grid.cells.index)
    assert len(classes) == len(grid.cells)
    assert classes.count("-") == int(grid.cells["AnteilAuslaender"].isna().sum())
    assert set(classes) == set("01234-")


class _Table(HTMLParser):
    """The header and rows of a plain HTML table (ui.views.gridview.static_table), as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_table(markup: str) -> pd.DataFrame:
    parser = _Table()
    parser.feed(markup)
    return pd.DataFrame(parser.rows[1:], columns=parser.rows[0])


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    """The table on the page that has ``column``."""
    return next(frame for frame in (read_table(h.value) for h in at.html if "<table" in h.value)
                if column in frame.columns)


def test_map_page_with_the_grid_layer(with_grid):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert at.radio(key="layer").value == "districts"
    assert any("Gebieten der Statistik" in c.value for c in at.caption)  # the district legend's basis
    assert [s for s in at.selectbox if s.key == "selected_unit"]
    at.radio(key="layer").set_value("grid").run()
    assert not at.exception
    assert at.selectbox(key="grid_indicator").value == "AnteilAuslaender"
    legend = next(m.value for m in at.markdown if "Legende: Anteil Ausländer (Zensus 2022)" in m.value)
    missing = int(with_grid.cells["AnteilAuslaender"].isna().sum())
    assert f"keine Angabe ({missing} Zellen, schraffiert)" in legend
    # the side column explains the grid, not the districts: no district legend, no district details
    # picker, no tile map of the districts (it says where that is)
    legends = [m.value for m in at.markdown if "<b>Legende:" in m.value]
    assert len(legends) == 1 and "Legende: Anteil Ausländer (Zensus 2022)" in legends[0]
    assert any("Klassen berechnet auf den 14458 Rasterzellen (Zensus 2022, 100 m)" in c.value for c in at.caption)
    assert not any("Gebieten der Statistik" in c.value for c in at.caption)
    assert not [s for s in at.selectbox if s.key == "selected_unit"]
    assert any("Kachelkarte zeigt Ortsbezirke" in c.value for c in at.caption)
    assert "Ortsbezirke aus dem Raster" in [s.value for s in at.subheader]
    districts = frame_with(at, "Ortsbezirk")
    assert len(districts) == 10
    assert any("Melderegister" in c.value for c in at.caption)
    # grid sums beside the register counts, with the difference; the cell-key method said (2022)
    row = districts.iloc[0]
    number = lambda text: int(text.split()[0].replace(".", "").replace("+", "").replace("−", "-"))  # noqa: E731
    assert number(row["Differenz Raster − Register"]) == (number(row["Einwohner (Zensus 2022)"])
                                                          - number(row["Einwohner (Register)"]))
    assert any("Cell-Key-Verfahren" in c.value for c in at.caption)
    assert any("geschätzt als Anteil × Einwohner" in c.value for c in at.caption)  # no count file in the fixture
    assert len(frame_with(at, "Rasterzelle")) == 50  # paged, never 14,458 rows
    at.selectbox(key="scheme").set_value("fisher_jenks").run()
    assert not at.exception
    assert any("gleichmäßig verteilten Werten" in c.value for c in at.caption)
    at.text_input(key="grid_cell_query").input("N2925").run()
    found = frame_with(at, "Rasterzelle")
    assert len(found) and all("N2925" in cell for cell in found.iloc[:, 0])


def test_static_table_escapes_every_text_and_keeps_the_values():
    from ui.views.gridview import static_table

    frame = pd.DataFrame({"Ortsbezirk <i>": ["<script>alert(1)</script>", "Erfenbach & Siegelbach"],
                          "Einwohner": ["1.234 Personen", "k. A."]})
    markup = static_table(frame, 'Ortsbezirke "aus" dem Raster')
    assert "<script>" not in markup and "<i>" not in markup
    assert 'aria-label="Ortsbezirke &quot;aus&quot; dem Raster"' in markup
    back = read_table(markup)
    assert list(back.columns) == ["Ortsbezirk <i>", "Einwohner"]
    assert back.values.tolist() == [["<script>alert(1)</script>", "1.234 Personen"],
                                    ["Erfenbach & Siegelbach", "k. A."]]


def test_a_link_opens_the_grid(with_grid):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params["layer"] = "grid"
    at.run()
    assert not at.exception
    assert at.radio(key="layer").value == "grid"
    assert at.selectbox(key="grid_indicator").value == "AnteilAuslaender"


def test_public_mode_hides_small_counts_in_the_grid(with_grid, monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    monkeypatch.setenv("ANKUNFTSATLAS_MIN_COUNT", "50")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.run()
    at.radio(key="layer").set_value("grid").run()
    assert not at.exception
    cells = with_grid.cells
    hidden = int((cells["AnteilAuslaender"].isna() | (cells["Einwohner"] < 50)).sum())
    assert hidden > int(cells["AnteilAuslaender"].isna().sum())
    legend = next(m.value for m in at.markdown if "Legende: Anteil Ausländer (Zensus 2022)" in m.value)
    assert f"keine Angabe ({hidden} Zellen, schraffiert)" in legend
    assert any("Zählwerte unter 50 sind ausgeblendet" in c.value for c in at.caption)


def test_no_layer_toggle_without_a_grid(monkeypatch, tmp_path, mirror_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "empty"))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert not [r for r in at.radio if r.key == "layer"]


def _picker_app():
    import streamlit as st

    from ui.views.gridview import unit_picker

    unit_picker([f"Zelle {i}" for i in range(1000)], "Gebiet", "—", "picked", "de")
    st.write(f"picked={st.session_state.get('picked')}")


def test_many_areas_are_searched_not_listed():
    at = AppTest.from_function(_picker_app)
    at.run()
    assert at.selectbox(key="picked").options == ["—"]
    at.text_input(key="picked_query").input("Zelle 99").run()
    assert at.selectbox(key="picked").options == ["—", "Zelle 99", "Zelle 990", "Zelle 991", "Zelle 992", "Zelle 993",
                                                  "Zelle 994", "Zelle 995", "Zelle 996", "Zelle 997", "Zelle 998",
                                                  "Zelle 999"]
    at.selectbox(key="picked").set_value("Zelle 995").run()
    assert "picked=Zelle 995" in at.markdown[-1].value


def test_the_map_pages_modules_do_not_import_the_heavy_libraries():
    """A fresh server's first map waits for every import on its way: openpyxl (exports), altair (the
    tile map, drawn below the map) and alembic are imported only where they are used. (mapclassify
    classifies the first map and brings matplotlib with it, so those two are imported with the map.)"""
    import subprocess
    import sys

    modules = ("ui.shell.cache, ui.shell.state, ui.shell.page, ui.shell.notices, ui.shell.theme, ui.documents.decision, ui.views.gridview, ui.widgets.mapview, ui.widgets.legend, "
               "ui.shell.context, ui.widgets.formulas, ui.widgets.numeric, ui.shell.markdown, ui.shell.selection, ui.widgets.tiles, geo.maps.choropleth, geo.domain.dataset, "
               "geo.maps.standalone, geo.domain.timeseries, geo.numbers")
    heavy = ["openpyxl", "altair", "alembic"]
    code = f"import sys, {modules}; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"
