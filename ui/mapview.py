"""Drawing the shared Leaflet map on a page: one helper, used by every map page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.domain.dataset import MapGeometry
from geo.maps.leaflet import AreaStyle, build_base_map, style_update
from ui import cache
from geo.maps.standalone import BasemapTiles, basemap_tiles
from geo.settings import TileConfig
from ui.strings import t, tmd

__all__ = ["basemap_controls", "clicked_unit", "export_basemap", "render_map"]

BASEMAP_ON = "basemap_on"
BASEMAP_OPACITY = "basemap_opacity"


def _basemap(force: bool) -> tuple[TileConfig | None, float]:
    """The configured basemap unless the visitor turned it off (``force``: the drawing map), and its opacity."""
    tiles = cache.settings().tiles
    if tiles is None or not (force or st.session_state.get(BASEMAP_ON, True)):
        return None, 1.0
    return tiles, float(st.session_state.get(BASEMAP_OPACITY, 1.0))


def export_basemap(bounds: Sequence[float]) -> BasemapTiles | None:
    """The basemap an exported view (offline HTML, PNG slide) carries: the local archive's tiles of
    ``bounds``, or the tile server's URL; ``None`` when none is set up or the visitor turned it off."""
    tiles, _ = _basemap(force=False)
    if tiles is None:
        return None
    if tiles.pmtiles is None:
        return BasemapTiles(attribution=tiles.attribution, label=tiles.label, url=tiles.url, host=tiles.host or "")
    return basemap_tiles(cache.tile_archive(str(tiles.pmtiles)), bounds, tiles.attribution, tiles.label)


def basemap_controls(lang: str) -> None:
    """On/off and opacity of the deployment's basemap, and where its tiles come from."""
    tiles = cache.settings().tiles
    if tiles is None:
        return
    left, right = st.columns(2)
    with left:
        on = st.toggle(t("basemap_toggle", lang), value=True, key=BASEMAP_ON)
    with right:
        st.slider(t("basemap_opacity", lang), 0.2, 1.0, 1.0, 0.1, key=BASEMAP_OPACITY, disabled=not on)
    host = tiles.host
    st.caption(tmd("basemap_host", lang, label=tiles.label or tiles.url, host=host) if host
               else tmd("basemap_local", lang, label=tiles.label))


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
    drawing: bool = False,
) -> None:
    """The base map (geometry fetched once) plus the per-area styles (and names as labels).

    ``controls`` are added to the base map; ``returned`` replaces the objects the map reports.
    ``drawing``: the map a quarter is drawn on, with the basemap on and the areas faint over it.
    """
    if not cache.assets_installed():
        st.error(t("no_assets", lang))
        return
    tiles, opacity = _basemap(force=drawing)
    base = build_base_map(
        geometry.bounds,
        cache.publish_geojson(geometry.geojson),
        geometry.source.attribution,
        f"{cache.STATIC_URL}/vendor",
        tiles,
        view=view,
        sync_url=True,
        tile_opacity=opacity,
        fill_opacity=(0.25 if drawing else 0.55) if tiles is not None else None,
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
