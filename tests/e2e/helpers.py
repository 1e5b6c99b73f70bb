"""Helpers for driving the Leaflet map in the streamlit-folium frame."""

from __future__ import annotations


def click_area(frame, lat: float, lon: float) -> None:
    x, y = frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [lat, lon],
    )
    frame.locator("#map_div").click(position={"x": x, "y": y})


def representative_point(map_geometry, name: str) -> tuple[float, float]:
    row = map_geometry.frame.set_index("name").loc[name]
    point = row.geometry.representative_point()
    return point.y, point.x
