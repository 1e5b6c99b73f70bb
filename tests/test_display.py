import json

import geopandas as gpd
import shapely

from geo.domain.display import display_frame, display_quality, to_geojson_bytes
from geo.read.boundaries import read_boundaries


def test_display_geometry_is_small_faithful_and_gap_free(boundaries_path):
    source = read_boundaries(boundaries_path, "ID", "Name")
    display = display_frame(source)
    payload = to_geojson_bytes(display)
    back = gpd.read_file(payload.decode("utf-8"))
    back = back.set_crs(4326, allow_override=True)
    quality = display_quality(source, back)
    assert quality.max_error_m <= 5.0
    assert quality.overlap_m2 == 0.0
    assert quality.gap_m2 == 0.0
    assert shapely.coverage_is_valid(back.to_crs(25832).geometry.values)
    assert len(payload) < 0.3 * boundaries_path.stat().st_size


def test_geojson_has_ids_only_and_rounded_2d_coordinates(boundaries_path):
    display = display_frame(read_boundaries(boundaries_path, "ID", "Name"))
    doc = json.loads(to_geojson_bytes(display))
    assert sorted(f["id"] for f in doc["features"]) == [str(i) for i in range(10)]
    assert all(f["properties"] == {} for f in doc["features"])
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    assert all(len(xy) == 2 for xy in ring)
    assert all(len(str(v).split(".")[-1]) <= 5 for xy in ring for v in xy)
