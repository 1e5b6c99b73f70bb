"""The drawing control and saved outlines (geo/maps/draw.py): local assets only, names escaped."""

from __future__ import annotations

import re

import folium

from geo.maps.draw import OutlineSpec, draw_control, quarter_outlines

SQUARE = {"type": "Polygon", "coordinates": [[[7.76, 49.44], [7.77, 49.44], [7.77, 49.45], [7.76, 49.44]]]}


def _html(*elements) -> str:
    fmap = folium.Map(tiles=None)
    fmap.default_js, fmap.default_css = [], []
    for element in elements:
        element.add_to(fmap)
    return fmap.get_root().render()


def test_leaflet_draw_is_served_by_the_app_and_only_draws_areas():
    page = _html(draw_control("../../app/static/vendor"))
    assert '<script src="../../app/static/vendor/leaflet-draw/leaflet.draw.js">' in page
    assert 'href="../../app/static/vendor/leaflet-draw/leaflet.draw.css"' in page
    assert "cdnjs" not in page and "http" not in page.split("<body>")[0].replace("http-equiv", "")
    assert '"polyline": false' in page and '"marker": false' in page and '"polygon": {' in page
    assert "alert(coords)" not in page


def test_outline_names_are_escaped_and_carry_the_quarter_id():
    page = _html(quarter_outlines([OutlineSpec(5, "<img src=x onerror=alert(1)>", SQUARE)]))
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page
    assert '"quarter": 5' in page


def test_a_saved_outline_is_editable_as_plain_polygons_in_lat_lon_order():
    from geo.maps.draw import editable_group

    group = editable_group({"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], SQUARE["coordinates"]]})
    polygons = list(group._children.values())
    assert len(polygons) == 2
    assert polygons[0].locations == [[[49.44, 7.76], [49.44, 7.77], [49.45, 7.77]]]  # closing point dropped
    page = _html(group, draw_control("x/vendor", group))
    assert re.search(rf"var drawnItems_\w+ =\s+{group.get_name()};", page)  # Leaflet.draw edits this group
    assert editable_group(None)._children == {}
