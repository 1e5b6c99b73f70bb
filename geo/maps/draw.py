"""Drawing quarters on the map: the Leaflet.draw control (served by the app) and saved outlines.

Leaflet.draw comes from the npm package ``leaflet-draw`` (pinned in
package.json), copied to ``static/vendor/leaflet-draw`` by the Makefile; never
from a CDN. streamlit-folium reports what was drawn as ``all_drawings``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
from folium.plugins import Draw

__all__ = ["OUTLINE_COLOUR", "QUARTER_STYLE", "OutlineSpec", "draw_assets", "draw_control", "editable_group", "quarter_outlines"]

QUARTER_STYLE = {"color": "#d7301f", "weight": 3, "fillOpacity": 0.08, "dashArray": "6 4"}
# Saved quarters on a map: a heavy orange line on a white halo (the colour of the PNG and PDF maps),
# in a pane above the areas, so that a selected area brought to the front never covers it.
OUTLINE_COLOUR = "#d95f02"
OUTLINE_PANE = "shadowPane"


@dataclass(frozen=True)
class OutlineSpec:
    """A saved quarter to outline: id, name (plain text, escaped here), GeoJSON geometry (EPSG:4326)."""

    id: int
    name: str
    geometry: Mapping


def draw_assets(asset_base: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(js, css)`` of the app's own copy of Leaflet.draw."""
    base = asset_base.rstrip("/")
    return (
        [("leaflet_draw_js", f"{base}/leaflet-draw/leaflet.draw.js")],
        [("leaflet_draw_css", f"{base}/leaflet-draw/leaflet.draw.css")],
    )


def editable_group(geometry: Mapping | None) -> folium.FeatureGroup:
    """The layer Leaflet.draw edits: empty, or holding a saved outline (GeoJSON, EPSG:4326) as plain polygons
    (Leaflet.draw edits paths, not nested GeoJSON groups)."""
    group = folium.FeatureGroup(name="atlas-drawn", control=False)
    if geometry:
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for rings in polygons:
            latlngs = [[[lat, lon] for lon, lat, *_ in ring[:-1]] for ring in rings]
            folium.Polygon(latlngs, **{k: v for k, v in QUARTER_STYLE.items() if k != "fillOpacity"},
                           fill=True, fill_opacity=QUARTER_STYLE["fillOpacity"]).add_to(group)
    return group


def draw_control(asset_base: str, group: folium.FeatureGroup | None = None) -> Draw:
    """Polygon and rectangle tools with edit and delete; nothing else (a quarter is an area).

    ``group`` (from :func:`editable_group`, added to the map first) holds what may be edited.
    """
    control = Draw(
        feature_group=group,
        position="topleft",
        show_geometry_on_click=False,
        draw_options={
            "polyline": False, "circle": False, "circlemarker": False, "marker": False,
            "polygon": {"allowIntersection": False, "showArea": False, "shapeOptions": QUARTER_STYLE},
            "rectangle": {"shapeOptions": QUARTER_STYLE},
        },
        edit_options={"poly": {"allowIntersection": False}},
    )
    control.default_js, control.default_css = draw_assets(asset_base)
    return control


def quarter_outlines(quarters: Sequence[OutlineSpec]) -> folium.FeatureGroup:
    """Saved quarters as outlines with their (escaped) names as tooltips; ``properties.quarter`` holds the id."""
    group = folium.FeatureGroup(name="atlas-quarters", control=False)
    for quarter in quarters:
        feature = {"type": "Feature", "properties": {"quarter": int(quarter.id)}, "geometry": dict(quarter.geometry)}
        halo = {"type": "Feature", "properties": {}, "geometry": dict(quarter.geometry)}  # no id: not a quarter
        folium.GeoJson(
            halo, style_function=lambda _f: {"color": "#ffffff", "weight": 9, "opacity": 0.9, "fillOpacity": 0.0},
            interactive=False, pane=OUTLINE_PANE,
        ).add_to(group)
        folium.GeoJson(
            feature,
            style_function=lambda _f: {"color": OUTLINE_COLOUR, "weight": 5, "opacity": 1.0, "fillOpacity": 0.0},
            tooltip=folium.Tooltip(html.escape(quarter.name), sticky=True),
            interactive=True, pane=OUTLINE_PANE,
        ).add_to(group)
    return group
