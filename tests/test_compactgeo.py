"""The compact display geometry: small, within 5 m, shared edges kept, decoded alike in Python and the browser."""

from __future__ import annotations

import json
import shutil
import subprocess

import geopandas as gpd
import pytest
import shapely

from geo.domain.compactgeo import decode, encode
from geo.maps.leaflet import script_path
from geo.domain.display import display_frame, display_quality, to_geojson_bytes
from geo.read.boundaries import read_boundaries

SQUARES = {  # two unit squares sharing the edge x = 7.75, plus a two-part feature
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "id": "a", "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[[7.7, 49.4], [7.75, 49.4], [7.75, 49.45], [7.7, 49.45], [7.7, 49.4]]]}},
        {"type": "Feature", "id": "b", "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[[7.75, 49.4], [7.8, 49.4], [7.8, 49.45], [7.75, 49.45], [7.75, 49.4]]]}},
        {"type": "Feature", "id": "c", "properties": {},
         "geometry": {"type": "MultiPolygon", "coordinates": [
             [[[7.9, 49.5], [7.91, 49.5], [7.91, 49.51], [7.9, 49.5]]],
             [[[7.95, 49.5], [7.96, 49.5], [7.96, 49.51], [7.95, 49.5]]]]}},
    ],
}


def test_small_example_round_trips_exactly():
    body = encode(json.dumps(SQUARES).encode())
    doc = json.loads(body)
    assert doc["o"] == [7.7, 49.4]
    assert doc["f"][0]["p"][0][0] == [0, 0, 5000, 0, 0, 5000, -5000, 0]  # first point, then differences
    back = decode(body)
    for ours, theirs in zip(back["features"], SQUARES["features"]):
        assert ours["id"] == theirs["id"]
        assert ours["geometry"]["type"] == theirs["geometry"]["type"]
        assert shapely.equals_exact(shapely.geometry.shape(ours["geometry"]),
                                    shapely.geometry.shape(theirs["geometry"]), tolerance=1e-9)


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_browser_decoder_gives_the_same_geometry(boundaries_path):
    """atlasDecode of static/js/atlas-map.js (run in node) rebuilds exactly what decode() rebuilds."""
    display = display_frame(read_boundaries(boundaries_path, "ID", "Name"))
    body = encode(to_geojson_bytes(display))
    script = ("global.window = global; global.L = {Layer: {extend: o => o}};"  # the map file needs only these
              f"require({json.dumps(str(script_path('atlas-map.js')))});"
              "const fs = require('fs');process.stdout.write(JSON.stringify(atlasDecode("
              "JSON.parse(fs.readFileSync(0, 'utf8')))));")
    out = subprocess.run(["node", "-e", script], input=body, capture_output=True, check=True)
    from_js = json.loads(out.stdout)
    from_py = decode(body)
    assert len(from_js["features"]) == len(from_py["features"]) == 10
    for js, py in zip(from_js["features"], from_py["features"]):
        assert js["id"] == py["id"]
        assert shapely.equals_exact(shapely.geometry.shape(js["geometry"]), shapely.geometry.shape(py["geometry"]),
                                    tolerance=1e-9)


def test_compact_geometry_is_small_within_5_m_and_keeps_shared_edges(boundaries_path):
    source = read_boundaries(boundaries_path, "ID", "Name")
    geojson = to_geojson_bytes(display_frame(source))
    body = encode(geojson)
    assert len(body) < 0.45 * len(geojson)
    back = gpd.GeoDataFrame.from_features(decode(body)["features"], crs=4326)
    quality = display_quality(source, back)
    assert quality.max_error_m <= 5.0
    assert quality.overlap_m2 == 0.0
    assert quality.gap_m2 == 0.0
    assert shapely.coverage_is_valid(back.to_crs(25832).geometry.values)
    # shared edges: every vertex the GeoJSON shares between two districts is shared after decoding too
    def shared(collection):
        seen = {}
        for feature in collection["features"]:
            geom = shapely.geometry.shape(feature["geometry"])
            for xy in {tuple(round(c, 7) for c in p) for p in shapely.get_coordinates(geom).tolist()}:
                seen.setdefault(xy, set()).add(feature["id"])
        return {xy for xy, ids in seen.items() if len(ids) > 1}

    before, after = shared(json.loads(geojson)), shared(decode(body))
    assert len(before) > 100 and before == after
