"""Where the names sit on the map (geo/maps/labelpoints.py), on Kaiserslautern's real boundaries."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geo.maps.labelpoints import LabelLayout, label_boxes, label_points
from geo.maps.leaflet import AreaStyle, style_update

# The frames the map is drawn in: the presentation at 1366×768 and 1920×1080, the map page at 1366.
LAYOUTS = [LabelLayout(870, 608, 20), LabelLayout(1240, 920, 20), LabelLayout(536, 520, 12)]


def _clashes(frame, points, layout) -> list[tuple[str, str]]:
    boxes = label_boxes(frame, points, layout)
    names = dict(zip(frame["key"].astype(str), frame["name"]))
    keys = list(boxes)
    return sorted(tuple(sorted((names[a], names[b]))) for i, a in enumerate(keys) for b in keys[i + 1:]
                  if boxes[a].intersects(boxes[b]))


def _middles(frame) -> dict[str, tuple[float, float]]:
    """The areas' bounding-box middles: where the map script puts the names without ``labelAt``."""
    return {str(k): ((g.bounds[1] + g.bounds[3]) / 2, (g.bounds[0] + g.bounds[2]) / 2)
            for k, g in zip(frame["key"], frame.geometry)}


@pytest.mark.parametrize("layout", LAYOUTS, ids=["present-1366", "present-1920", "page-1366"])
def test_names_keep_clear_of_each_other_inside_their_areas(map_geometry, layout):
    frame = map_geometry.frame
    # at the middles Hohenecken and Dansenberg overlap at every size (walk finding)
    assert ("Dansenberg", "Hohenecken") in _clashes(frame, _middles(frame), layout)
    points = label_points(frame, layout)
    assert len(points) == 10 and _clashes(frame, points, layout) == []
    for key, shape in zip(frame["key"].astype(str), frame.geometry):
        lat, lon = points[key]
        assert shape.contains(Point(lon, lat)), key


def test_siegelbach_and_erzhuetten_apart_on_the_laptop(map_geometry):
    frame = map_geometry.frame
    layout = LAYOUTS[0]
    assert ("Erzhütten / Wiesenthalerhof", "Siegelbach") in _clashes(frame, _middles(frame), layout)
    assert _clashes(frame, label_points(frame, layout), layout) == []


def test_only_the_names_shown_are_placed(map_geometry):
    frame = map_geometry.frame
    key_of = dict(zip(frame["name"], frame["key"].astype(str)))
    shown = {key_of["Hohenecken"]: "Hohenecken", key_of["Dansenberg"]: "Dansenberg"}
    points = label_points(frame, LAYOUTS[0], names=shown)
    assert sorted(points) == sorted(shown)
    assert label_points(frame, LAYOUTS[0], names={}) == {}


def test_style_update_sends_where_the_names_sit():
    from streamlit_folium import _get_feature_group_string

    from tests.test_leaflet import _map

    styles = {"a": AreaStyle(fill="#fff", tooltip="A")}
    sent = _get_feature_group_string(style_update(styles, {"a": "Alau"}, label_at={"a": (49.4, 7.7)}), _map())
    assert '"labelAt": {"a": [49.4, 7.7]}' in sent  # exactly what streamlit-folium sends
    no_names = _get_feature_group_string(style_update(styles, None, label_at={"a": (49.4, 7.7)}), _map())
    assert "labelAt" not in no_names  # no names, no places
