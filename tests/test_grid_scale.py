"""A Berlin-size grid: the pure grid functions at 100,000 cells.

The grid is a SYNTHETIC TEST FIXTURE (random values on a 317 x 317 block of 100 m cells), not
census data. Every figure is checked against a sum computed here by hand.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.analysis.classify import classify
from geo.analysis.quarters import grid_figures
from geo.domain.gridfigures import district_figures, find_cells
from geo.maps.gridmap import GridColumn, cell_positions, fit_error_m, grid_classes, grid_payload
from geo.read.zensus import CRS, Grid, cell_squares

SIDE = 317  # 100,489 cells
E0, N0 = 4_190_000, 2_900_000


@pytest.fixture(scope="module")
def big() -> Grid:
    east = np.arange(SIDE) * 100 + E0
    north = np.arange(SIDE) * 100 + N0
    ee, nn = (a.ravel() for a in np.meshgrid(east, north))
    rng = np.random.default_rng(100_000)
    ids = [f"CRS3035RES100mN{n}E{e}" for e, n in zip(ee, nn)]
    population = rng.integers(3, 250, len(ee)).astype(float)
    population[rng.random(len(ee)) < 0.05] = np.nan
    share = rng.gamma(2.0, 6.0, len(ee))
    share[rng.random(len(ee)) < 0.08] = np.nan
    cells = pd.DataFrame({"x": ee + 50.0, "y": nn + 50.0, "Einwohner": population, "AnteilAuslaender": share},
                         index=pd.Index(ids, name="cell"))
    frame = gpd.GeoDataFrame(cells, geometry=cell_squares(cells["x"], cells["y"], 100), crs=CRS)
    return Grid(frame, 100, {"edition": 2022})


def test_payload_and_classes_at_100k(big):
    columns = [GridColumn("Einwohner", "Einwohner"), GridColumn("AnteilAuslaender", "Anteil", "%", 1)]
    body = json.loads(grid_payload(big, columns))
    ix, iy = cell_positions(body)
    assert len(ix) == len(big.cells) == 100_489
    assert len(body["runs"]) == SIDE * 3  # one run per row of the block
    assert fit_error_m(body) < 1.0
    assert sum(v is None for v in body["values"][1]) == int(big.cells["AnteilAuslaender"].isna().sum())
    classes = grid_classes(classify(big.cells["AnteilAuslaender"], "quantiles", 5), big.cells.index)
    assert len(classes) == 100_489 and classes.count("-") == int(big.cells["AnteilAuslaender"].isna().sum())


def test_cell_search_at_100k(big):
    page, found = find_cells(big.cells, f"N{N0 + 100 * 200}E", 2, 50)
    assert found == SIDE and len(page) == 50
    assert all(f"N{N0 + 100 * 200}E" in cell for cell in page.index)
    last, _ = find_cells(big.cells, "", 10_000, 50)  # a page beyond the end shows the last page
    assert len(last) == 100_489 % 50 == 39


def test_district_figures_at_100k_match_a_sum_by_hand(big):
    # 4 x 4 districts over the block; each district's population by hand from the cell centres
    size = SIDE * 100 / 4
    zones, names = [], []
    for i in range(4):
        for j in range(4):
            zones.append(shapely.box(E0 + i * size, N0 + j * size, E0 + (i + 1) * size, N0 + (j + 1) * size))
            names.append(f"{i}-{j}")
    districts = gpd.GeoDataFrame({"name": names}, geometry=zones, crs=CRS)
    figures = district_figures(big, districts.to_crs(4326))
    cells = big.cells
    i = np.floor((cells["x"] - E0) / size).astype(int)
    j = np.floor((cells["y"] - N0) / size).astype(int)
    by_hand = cells["Einwohner"].groupby([i, j]).sum()
    missing = cells["Einwohner"].isna().groupby([i, j]).sum()
    for name in ("0-0", "3-3", "1-2"):
        a, b = map(int, name.split("-"))
        assert figures.loc[name, "population"] == pytest.approx(by_hand[(a, b)])
        assert figures.loc[name, "cells_missing"] == missing[(a, b)]
    assert figures["cells"].sum() == 100_489


def test_drawn_quarter_at_100k(big):
    quarter = shapely.box(E0 + 1_000, N0 + 2_000, E0 + 4_000, N0 + 3_000)  # 30 x 10 cells, edges on cell edges
    outline = gpd.GeoSeries([quarter], crs=CRS).to_crs(4326).iloc[0]
    figures = grid_figures(big, outline, "centre")
    inside = big.cells[(big.cells["x"] > E0 + 1_000) & (big.cells["x"] < E0 + 4_000)
                       & (big.cells["y"] > N0 + 2_000) & (big.cells["y"] < N0 + 3_000)]
    assert figures.cells == 300
    assert figures.population == pytest.approx(inside["Einwohner"].sum())
    assert figures.city_population == pytest.approx(big.cells["Einwohner"].sum())
