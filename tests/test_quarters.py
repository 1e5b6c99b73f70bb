"""Figures and disclosure of self-drawn quarters (geo/analysis/quarters.py).

The grid is a SYNTHETIC TEST FIXTURE built here: 4 x 3 cells of 100 m, population
100 + 10·col + row, foreigners 10·(col + 1). Every expected value is computed by hand
in the comments.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.analysis.quarters import (
    QuarterError,
    cell_at,
    cells_outline,
    check_publishable,
    district_estimate,
    grid_figures,
    parse_quarter,
    quarter_figures,
)
from geo.read.zensus import CRS, Grid, cell_squares

E0, N0 = 4_341_000, 2_691_000


@pytest.fixture(scope="module")
def grid() -> Grid:
    cols, rows = np.meshgrid(range(4), range(3))
    cols, rows = cols.ravel(), rows.ravel()
    x, y = E0 + cols * 100 + 50, N0 + rows * 100 + 50
    ids = [f"CRS3035RES100mN{N0 + r * 100}E{E0 + c * 100}" for c, r in zip(cols, rows)]
    frame = pd.DataFrame(
        {"x": x.astype(float), "y": y.astype(float), "Einwohner": (100 + 10 * cols + rows).astype(float),
         "Auslaender": (10 * (cols + 1)).astype(float)},
        index=pd.Index(ids, name="cell"),
    )
    return Grid(gpd.GeoDataFrame(frame, geometry=cell_squares(x, y, 100), crs=CRS), 100, {"source": "SYNTHETIC"})


def box(x0, y0, x1, y1) -> shapely.Geometry:
    """A box given in metres from the grid corner, as EPSG:4326 (what the browser sends)."""
    return gpd.GeoSeries([shapely.box(E0 + x0, N0 + y0, E0 + x1, N0 + y1)], crs=CRS).to_crs(4326).iloc[0]


@pytest.fixture(scope="module")
def districts() -> gpd.GeoDataFrame:
    # West: columns 0-1, Ost: columns 2-3; counts as the grid sums them (for the estimate without a grid)
    return gpd.GeoDataFrame(
        {"name": ["West", "Ost"], "population": [636.0, 756.0], "foreigners": [90.0, 210.0]},
        geometry=[box(0, 0, 200, 300), box(200, 0, 400, 300)], crs=4326,
    )


A = (20, 20, 170, 120)  # centres of cells (0,0) and (1,0) inside


def test_centre_inside_sums_whole_cells(grid, districts):
    f = grid_figures(grid, box(*A), "centre", districts)
    assert f.method == "centre" and not f.estimate
    assert (f.population, f.foreigners, f.cells) == pytest.approx((210, 30, 2))  # 100 + 110; 10 + 20
    assert f.share == pytest.approx(30 / 210 * 100)  # 14.29 %, from counts
    assert f.city_population == pytest.approx(1392) and f.city_foreigners == pytest.approx(300)
    assert f.deviation_city == pytest.approx(30 / 210 * 100 - 300 / 1392 * 100)  # 14.29 - 21.55
    assert list(f.districts.index) == ["West"]
    west = f.districts.loc["West"]
    assert (west["population"], west["foreigners"], west["overlap"]) == pytest.approx((636, 90, 1.0))
    assert west["deviation"] == pytest.approx(30 / 210 * 100 - 90 / 636 * 100)
    assert "Mittelpunkt" in f.method_text and "centre" in f.method_text
    assert f.method_in("en") == "sum of the grid cells whose centre lies inside the quarter"
    assert f.method_in("de") == "Summe der Gitterzellen, deren Mittelpunkt im Quartier liegt"


def test_area_weighted_counts_covered_fractions(grid):
    f = grid_figures(grid, box(*A), "area")
    # covered: (0,0) 80x80 = .64, (1,0) 70x80 = .56, (0,1) 80x20 = .16, (1,1) 70x20 = .14
    population = 0.64 * 100 + 0.56 * 110 + 0.16 * 101 + 0.14 * 111  # 157.3
    foreigners = 0.64 * 10 + 0.56 * 20 + 0.16 * 10 + 0.14 * 20  # 22.0
    assert f.population == pytest.approx(population, abs=1e-3)
    assert f.foreigners == pytest.approx(foreigners, abs=1e-3)
    assert f.share == pytest.approx(foreigners / population * 100, abs=1e-4)
    assert f.cells == pytest.approx(1.5, abs=1e-4) and f.estimate
    assert "flächengewichtet" in f.method_text


def test_quarter_over_two_districts_deviates_from_each(grid, districts):
    f = grid_figures(grid, box(120, 20, 280, 80), "centre", districts)  # cells (1,0), (2,0)
    assert (f.population, f.foreigners) == pytest.approx((230, 50))
    assert f.districts["overlap"].to_dict() == pytest.approx({"West": 0.5, "Ost": 0.5}, abs=1e-6)
    assert f.districts["deviation"].to_dict() == pytest.approx(
        {"West": 50 / 230 * 100 - 90 / 636 * 100, "Ost": 50 / 230 * 100 - 210 / 756 * 100}
    )


def test_secret_cells_are_missing_not_zero(grid):
    cells = grid.cells.copy()
    cells.loc[cells.index[0], "Einwohner"] = np.nan  # cell (0,0)
    f = grid_figures(Grid(cells, 100), box(*A))
    assert f.population == pytest.approx(110) and f.cells_missing == 1
    assert f.share == pytest.approx(20 / 110 * 100)  # share only over cells with both counts


def test_without_grid_an_area_weighted_district_estimate(districts):
    f = quarter_figures(box(120, 20, 280, 80), None, districts)
    # each district 200 x 300 m; the quarter covers 80 x 60 m of each: weight 0.08
    assert f.method == "districts" and f.estimate and "Schätzung" in f.method_text
    assert f.population == pytest.approx(0.08 * (636 + 756), rel=1e-6)
    assert f.foreigners == pytest.approx(0.08 * 300, rel=1e-6)
    assert f.share == pytest.approx(300 / 1392 * 100, rel=1e-6)
    assert f.city_share == pytest.approx(300 / 1392 * 100)
    assert district_estimate(box(*A), districts).districts.index.tolist() == ["West"]


def test_disclosure_of_quarters_and_their_differences(grid):
    published = {"Slevfisch": box(*A)}  # 210 residents
    ok = check_publishable(box(20, 20, 170, 220), published, 200, grid)  # adds (0,1),(1,1): 101 + 111 = 212
    assert ok.allowed and ok.reasons == ()
    assert check_publishable(box(*A), published, 200, grid).allowed  # the same outline reveals nothing
    sliver = check_publishable(box(20, 20, 260, 120), published, 200, grid)  # adds only cell (2,0): 120
    assert not sliver.allowed and "Slevfisch" in str(sliver.reasons[0])
    small = check_publishable(box(20, 20, 120, 120), {}, 200, grid)  # cell (0,0) alone: 100
    assert not small.allowed and "weniger als 200 Einwohner" in str(small.reasons[0])
    # a 10 m wider outline: no centre added (0 residents, allowed), but 10 m of cells area-weighted (refused)
    assert check_publishable(box(20, 20, 180, 120), published, 200, grid, method="centre").allowed
    assert not check_publishable(box(20, 20, 180, 120), published, 200, grid, method="area").allowed


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ('{"type": "Point", "coordinates": [7.7, 49.4]}', "Polygon"),
        ("not json", "lesbare"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [60, 0], [60, 60], [0, 0]]]}', "zu groß"),
        ('{"type": "Polygon", "coordinates": [[[7.7, 49.4], [7.7, 49.4], [7.7, 49.4], [7.7, 49.4]]]}', "Fläche"),
    ],
)
def test_bad_drawings_give_clear_messages(geojson, message):
    with pytest.raises(QuarterError, match=message):
        parse_quarter(geojson)


def test_feature_and_self_crossing_polygons_are_read():
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[7.70, 49.40], [7.71, 49.41], [7.71, 49.40], [7.70, 49.41], [7.70, 49.40]]]}}  # a bow tie
    geometry = parse_quarter(feature)
    assert geometry.is_valid and geometry.geom_type == "MultiPolygon"


def test_a_district_less_a_few_cells_is_refused_with_a_grid(grid, districts):
    west = dict(zip(districts["name"], districts.geometry))["West"]  # columns 0-1, rows 0-2: 636 residents
    official = {"West": west, "Stadt": districts.union_all()}
    almost = box(0, 0, 200, 200)  # West without row 2 (102 + 112 = 214 residents), 422 residents itself
    verdict = check_publishable(almost, {}, 200, grid, official=official)
    assert verdict.allowed  # the difference (214) is not small
    most = box(0, 0, 200, 270)  # centres of row 2 (y = 250) still inside: the difference holds no one
    assert check_publishable(most, {}, 200, grid, official=official).allowed
    less_one = box(0, 0, 200, 300).difference(box(100, 200, 200, 300))  # West without cell (1,2): 112 residents
    refused = check_publishable(less_one, {}, 200, grid, official=official)
    assert not refused.allowed and "amtlichen Gebiet „West“" in str(refused.reasons[0])
    # without a grid the same outline is an estimate; its differences reveal nothing counted
    assert check_publishable(less_one, {}, 200, None, districts, "districts", official=official).allowed


def test_a_quarter_built_from_clicked_cells_sums_exactly_those_cells(grid):
    point = gpd.GeoSeries([shapely.Point(E0 + 150, N0 + 250)], crs=CRS).to_crs(4326).iloc[0]  # cell (1,2)
    assert cell_at(grid, point.x, point.y) == f"CRS3035RES100mN{N0 + 200}E{E0 + 100}"
    outside = gpd.GeoSeries([shapely.Point(E0 - 50, N0 + 50)], crs=CRS).to_crs(4326).iloc[0]
    assert cell_at(grid, outside.x, outside.y) is None
    ids = [f"CRS3035RES100mN{N0}E{E0}", f"CRS3035RES100mN{N0}E{E0 + 100}", f"CRS3035RES100mN{N0 + 200}E{E0 + 300}"]
    outline = cells_outline(grid, [*ids, "CRS3035RES100mN0E0"])  # an unknown id is left out
    assert outline.geom_type == "MultiPolygon"  # two separate pieces
    f = grid_figures(grid, outline, "centre")
    assert (f.cells, f.population, f.foreigners) == pytest.approx((3, 100 + 110 + 132, 10 + 20 + 40))
    assert cells_outline(grid, []) is None
