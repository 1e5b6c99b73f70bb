"""Drawing the shared Leaflet map on a page: one helper, used by every map page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.domain.dataset import MapGeometry
from geo.maps.leaflet import AreaStyle, build_base_map, style_update
from ui import cache
from ui.strings import t

__all__ = ["clicked_unit", "render_map"]


def clicked_unit(key: str, geometry: MapGeometry | None) -> tuple[bool, str | None]:
    """``(new_click, unit)`` for the click the map ``key`` reported since the last run."""
    clicked = (st.session_state.get(key) or {}).get("last_clicked")
    handled = f"_handled_{key}"
    if not clicked or clicked == st.session_state.get(handled) or geometry is None:
        return False, None
    st.session_state[handled] = clicked
    return True, geometry.unit_at(clicked["lng"], clicked["lat"])


def render_map(
    geometry: MapGeometry,
    styles: Mapping[str, AreaStyle],
    key: str,
    lang: str,
    clickable: bool = True,
    view: tuple[float, float, float] | None = None,
    height: int = 520,
    extra_groups: Sequence[folium.FeatureGroup] = (),
    labels: Mapping[str, str] | None = None,
    controls: Sequence[object] = (),
    returned: Sequence[str] | None = None,
) -> None:
    """The base map (geometry fetched once) plus the per-area styles (and names as labels).

    ``controls`` are added to the base map; ``returned`` replaces the objects the map reports.
    """
    if not cache.assets_installed():
        st.error(t("no_assets", lang))
        return
    base = build_base_map(
        geometry.bounds,
        cache.publish_geojson(geometry.geojson),
        geometry.source.attribution,
        f"{cache.STATIC_URL}/vendor",
        cache.settings().tiles,
        view=view,
        sync_url=True,
    )
    for control in controls:  # e.g. the Leaflet.draw toolbar (geo/maps/draw.py), part of the base map
        control.add_to(base)
    st_folium(
        base,
        key=key,
        feature_group_to_add=[style_update(styles, labels), *extra_groups],
        returned_objects=list(returned) if returned is not None else (["last_clicked"] if clickable else []),
        use_container_width=True,
        height=height,
    )


def area_names(geometry: MapGeometry) -> dict[str, str]:
    """Map area id -> name, for the names drawn on the map."""
    return dict(zip(geometry.frame["key"].astype(str), geometry.frame["name"].astype(str)))
