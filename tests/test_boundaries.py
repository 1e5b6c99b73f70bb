import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, Polygon

from geo.boundaries import BoundaryError, clean_coverage, read_boundaries


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
