import json

import geopandas as gpd
import pytest
import shapely
from pyproj import CRS
from shapely.geometry import Point, Polygon

from geo.read.boundaries import BoundaryError, clean_coverage, read_boundaries


def test_official_boundaries_are_read_2d_valid_wgs84(boundaries_path):
    frame = read_boundaries(boundaries_path, "ID", "Name")
    assert len(frame) == 10
    assert frame.crs.to_epsg() == 4326
    assert not frame.has_z.any()
    assert frame.is_valid.all()
    assert dict(zip(frame["key"], frame["name"]))["8"] == "Erzhütten / Wiesenthalerhof"
    assert sorted(frame["key"].astype(int)) == list(range(10))


def test_coverage_is_cleaned(boundaries_path):
    frame = read_boundaries(boundaries_path, "ID", "Name")
    assert not shapely.coverage_is_valid(frame.to_crs(25832).geometry.values)
    cleaned = clean_coverage(frame, frame.estimate_utm_crs())
    assert shapely.coverage_is_valid(cleaned.geometry.values)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_self_intersecting_polygon_is_repaired(tmp_path):
    bowtie = {"type": "Polygon", "coordinates": [[[7.7, 49.4], [7.8, 49.5], [7.8, 49.4], [7.7, 49.5], [7.7, 49.4]]]}
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"ID": 1, "Name": "A"}, "geometry": bowtie}]}
    frame = read_boundaries(_write(tmp_path, "b.geojson", json.dumps(doc)), "ID", "Name")
    assert frame.is_valid.all()
    assert frame.geometry.iloc[0].area == pytest.approx(0.005)
    assert frame.attrs["repaired"] == ["1: Self-intersection[7.75 49.45]"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.geojson", None, "Datei nicht gefunden"),
        ("broken.geojson", '{"type": "FeatureCollection", "features": [', "kann nicht als Geodaten gelesen werden"),
        ("empty.geojson", "", "die Datei ist leer"),
    ],
)
def test_unreadable_files(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BoundaryError, match=message) as info:
        read_boundaries(path, "ID", "Name")
    assert name in str(info.value) and " / " in str(info.value)


def test_missing_attribute_names_the_present_ones(tmp_path):
    frame = gpd.GeoDataFrame({"Bezirk": ["A"]}, geometry=[Polygon([(7, 49), (8, 49), (8, 50)])], crs=4326)
    path = tmp_path / "b.gpkg"
    frame.to_file(path)
    with pytest.raises(BoundaryError, match="Attribut\\(e\\) ID, Name fehlen; vorhanden: Bezirk"):
        read_boundaries(path, "ID", "Name")


def test_missing_crs_is_reported_not_guessed(tmp_path):
    frame = gpd.GeoDataFrame({"ID": [1], "Name": ["A"]}, geometry=[Polygon([(0, 0), (1, 0), (1, 1)])])
    path = tmp_path / "nocrs.shp"
    frame.to_file(path)
    with pytest.raises(BoundaryError, match="kein Koordinatenbezugssystem"):
        read_boundaries(path, "ID", "Name")


def test_wrong_crs_is_detected(tmp_path):
    # UTM metres labelled as degrees.
    square = Polygon([(410000, 5475000), (412000, 5475000), (412000, 5477000), (410000, 5477000)])
    frame = gpd.GeoDataFrame({"ID": [1], "Name": ["A"]}, geometry=[square], crs=4326)
    path = tmp_path / "wrong.gpkg"
    frame.to_file(path)
    with pytest.raises(BoundaryError, match="passen nicht zum angegebenen System EPSG:4326"):
        read_boundaries(path, "ID", "Name")


def test_projected_input_is_reprojected(tmp_path):
    square = Polygon([(410000, 5475000), (412000, 5475000), (412000, 5477000), (410000, 5477000)])
    path = tmp_path / "utm.gpkg"
    gpd.GeoDataFrame({"ID": [1], "Name": ["A"]}, geometry=[square], crs=25832).to_file(path)
    frame = read_boundaries(path, "ID", "Name")
    x, y = frame.geometry.iloc[0].centroid.coords[0]
    assert (round(x, 2), round(y, 2)) == (7.77, 49.43)


def test_points_are_not_boundaries(tmp_path):
    path = tmp_path / "points.gpkg"
    gpd.GeoDataFrame({"ID": [1], "Name": ["A"]}, geometry=[Point(7.7, 49.4)], crs=4326).to_file(path)
    with pytest.raises(BoundaryError, match="keine Flächen \\(gefunden: Point\\)"):
        read_boundaries(path, "ID", "Name")


def test_points_among_polygons_are_skipped_and_named(tmp_path):
    path = tmp_path / "mixed.gpkg"
    gpd.GeoDataFrame(
        {"ID": [1, 2], "Name": ["Fläche", "Punkt"]},
        geometry=[Polygon([(7.7, 49.4), (7.8, 49.4), (7.8, 49.5)]), Point(7.7, 49.4)],
        crs=4326,
    ).to_file(path, layer="mixed")
    frame = read_boundaries(path, "ID", "Name")
    assert frame["name"].tolist() == ["Fläche"]
    assert frame.attrs["skipped"] == ["2: Point"]


# Shapes of real municipal boundary files (issue #9), made by tests/realistic.py (synthetic).
def _crs_case(tmp_path, case, monkeypatch):
    from pyproj import CRS

    from tests.realistic import COMPOUND_CRS, VERTCS_PRJ, grid_areas, write_geojson_4979, write_shapefile_zip

    frame = grid_areas(3, 2)
    if case == "vertcs_prj":
        return write_shapefile_zip(frame, tmp_path / "vertcs.zip", prj=VERTCS_PRJ)
    if case == "projected_3d":
        # Some PROJ versions read the ESRI PROJCS+VERTCS .prj as a 3-axis *projected* CRS; GDAL here makes
        # it compound, and no format writes a 3-axis projected CRS, so the reader is made to report one.
        import pyogrio

        real = pyogrio.read_dataframe
        monkeypatch.setattr(
            pyogrio, "read_dataframe",
            lambda *a, **k: real(*a, **k).set_crs(CRS.from_epsg(25832).to_3d(), allow_override=True),
        )
        assert len(CRS.from_epsg(25832).to_3d().axis_info) == 3
        return write_shapefile_zip(frame, tmp_path / "p3d.zip")
    if case == "compound":
        path = tmp_path / "compound.gpkg"
        frame.set_crs(COMPOUND_CRS, allow_override=True).to_file(path)
        return path
    return write_geojson_4979(frame, tmp_path / "b4979.geojson")


@pytest.mark.parametrize("case", ["vertcs_prj", "projected_3d", "compound", "epsg4979"])
def test_crs_with_height_keeps_its_horizontal_part(tmp_path, case, monkeypatch):
    frame = read_boundaries(_crs_case(tmp_path, case, monkeypatch), "PLR_ID", "PLR_NAME")
    assert frame.crs.to_epsg() == 4326 and not frame.has_z.any()
    assert len(frame) == 6
    x, y = frame.geometry.iloc[0].centroid.coords[0]
    assert (round(x, 3), round(y, 3)) == (7.695, 49.378)  # the grid's first square, not rejected as "wrong CRS"


@pytest.mark.parametrize(
    ("crs", "epsg"),
    [("EPSG:25832+7837", 25832), ("EPSG:4979", 4326), ("EPSG:31467", 31467), ("EPSG:4326", 4326),
     (CRS.from_epsg(25832).to_3d(), 25832)],
)
def test_horizontal_crs(crs, epsg):
    from geo.read.boundaries import horizontal_crs

    assert horizontal_crs(crs).to_epsg() == epsg


def test_pieces_of_one_area_are_dissolved_and_reported(tmp_path):
    from tests.realistic import grid_areas

    path = tmp_path / "pieces.gpkg"
    grid_areas(3, 2, split=(1, 4)).to_file(path)
    frame = read_boundaries(path, "PLR_ID", "PLR_NAME")
    assert len(frame) == 6 and frame["key"].is_unique
    assert frame.attrs["dissolved"] == ["01010001 (Berau 2): 2", "01010004 (Felau 5): 2"]
    piece = frame.set_index("key").loc["01010001"].geometry
    assert piece.geom_type == "Polygon"  # two touching halves become one square again
    assert frame.to_crs(25832).set_index("key").geometry.area.round().tolist() == [250000.0] * 6


def test_one_key_with_different_names_is_refused(tmp_path):
    from tests.realistic import grid_areas

    frame = grid_areas(2, 1)
    frame["PLR_ID"] = "7"
    path = tmp_path / "clash.gpkg"
    frame.to_file(path)
    with pytest.raises(BoundaryError, match="derselbe Schlüssel steht für verschiedene Namen: 7 \\(Alau 1 / Berau 2\\)"):
        read_boundaries(path, "PLR_ID", "PLR_NAME")


def test_empty_feature_collection_is_named(tmp_path):
    from geo.read.boundaries import attribute_names
    from tests.realistic import empty_feature_collection

    path = empty_feature_collection(tmp_path / "leer.geojson")
    for read in (lambda: attribute_names(path), lambda: read_boundaries(path, "ID", "Name")):
        with pytest.raises(BoundaryError, match="leer.geojson: die Datei enthält keine Objekte"):
            read()
