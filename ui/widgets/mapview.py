"""Drawing the shared Leaflet map on a page: one helper, used by every map page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.domain.dataset import MapGeometry
from geo.maps.arealayer import uses_canvas
from geo.maps.leaflet import MAX_NAMED_AREAS, AreaStyle, build_base_map, style_update
from geo.maps.labelpoints import LabelLayout, label_points
from ui.shell import cache
from geo.maps.standalone import BasemapTiles, basemap_tiles
from geo.settings import TileConfig
from ui.shell.strings import t, tmd

__all__ = ["basemap_controls", "clicked_unit", "export_basemap", "render_map"]

BASEMAP_ON = "basemap_on"
BASEMAP_OPACITY = "basemap_opacity"


def _basemap(force: bool) -> tuple[TileConfig | None, float]:
    """The configured basemap unless the visitor turned it off (``force``: the drawing map), and its opacity."""
    tiles = cache.settings().tiles
    if tiles is None or not (force or st.session_state.get(BASEMAP_ON, True)):
        return None, 1.0
    return tiles, float(st.session_state.get(BASEMAP_OPACITY, 100)) / 100


def export_basemap(bounds: Sequence[float]) -> BasemapTiles | None:
    """The basemap an exported view (offline HTML, PNG slide) carries: the local archive's tiles of
    ``bounds``, or the tile server's URL, at the opacity on screen; ``None`` when none is set up or
    the visitor turned it off."""
    tiles, opacity = _basemap(force=False)
    if tiles is None:
        return None
    if tiles.pmtiles is None:
        return BasemapTiles(attribution=tiles.attribution, label=tiles.label, url=tiles.url, host=tiles.host or "",
                            opacity=opacity)
    embedded = basemap_tiles(cache.tile_archive(str(tiles.pmtiles)), bounds, tiles.attribution, tiles.label)
    return replace(embedded, opacity=opacity)


def _covers(tiles: TileConfig, bounds: Sequence[float]) -> bool:
    """Whether a local archive has tiles over ``bounds`` (west, south, east, north); a server: assumed."""
    if tiles.pmtiles is None:
        return True
    west, south, east, north = cache.tile_archive(str(tiles.pmtiles)).bounds
    return not (bounds[2] < west or bounds[0] > east or bounds[3] < south or bounds[1] > north)


def basemap_controls(lang: str, bounds: Sequence[float]) -> None:
    """On/off and opacity of the deployment's basemap, and where its tiles come from (or that a
    local file does not cover the map's ``bounds``)."""
    tiles = cache.settings().tiles
    if tiles is None:
        return
    left, right = st.columns(2)
    with left:
        on = st.toggle(t("basemap_toggle", lang), value=True, key=BASEMAP_ON)
    with right:  # in percent: Streamlit writes a fraction's decimal point the English way ("0.40")
        st.slider(t("basemap_opacity", lang), 20, 100, 100, 10, format="%d %%", key=BASEMAP_OPACITY, disabled=not on)
    if not on:
        return
    if not _covers(tiles, bounds):
        st.caption(tmd("basemap_uncovered", lang, label=tiles.label))
    elif tiles.host:
        st.caption(tmd("basemap_host", lang, label=tiles.label or tiles.url, host=tiles.host))
    else:
        st.caption(tmd("basemap_local", lang, label=tiles.label))


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
    label_px: int = 12,
) -> None:
    """The base map (geometry fetched once) plus the per-area styles (and names as labels).

    ``controls`` are added to the base map; ``returned`` replaces the objects the map reports.
    ``drawing``: the map a quarter is drawn on, with the basemap on and the areas faint over it.

    Above :data:`geo.maps.arealayer.CANVAS_AREAS` areas (a city's blocks) the areas are drawn on
    one canvas and restyled from a compact update; names are then shown for the selected areas
    only when there are more than :data:`geo.maps.leaflet.MAX_NAMED_AREAS` of them.
    """
    if not cache.assets_installed():
        st.error(t("no_assets", lang))
        return
    tiles, opacity = _basemap(force=drawing)
    canvas = uses_canvas(len(geometry.frame))
    urls, shared = cache.publish_names(geometry) if canvas else ({}, {})  # names fetched once, not per restyle
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
        label_px=label_px,
        canvas=canvas,
        script_base=f"{cache.STATIC_URL}/js",
        shared=urls,
    )
    for control in controls:  # e.g. the Leaflet.draw toolbar (geo/maps/draw.py), part of the base map
        control.add_to(base)
    st_folium(
        base,
        key=key,
        feature_group_to_add=[_styles(geometry, styles, labels, canvas, shared,
                                      LabelLayout(round(height * 1.2), height, label_px)), *extra_groups],
        returned_objects=list(returned) if returned is not None else (["last_clicked"] if clickable else []),
        use_container_width=True,
        height=height,
    )


def _styles(geometry: MapGeometry, styles: Mapping[str, AreaStyle], labels: Mapping[str, str] | None,
            canvas: bool, shared: Mapping[str, object], layout: LabelLayout = LabelLayout()) -> folium.FeatureGroup:
    if canvas and labels and len(labels) > MAX_NAMED_AREAS:  # thousands of names are a grey smear: the selection only
        labels = {k: v for k, v in labels.items() if k in styles and styles[k].selected}
    # where the names sit, clear of each other (Hohenecken and Dansenberg overlapped at the areas' middles)
    # (up to MAX_NAMED_AREAS names: beyond, each name is checked against hundreds; they stay at the middles)
    label_at = label_points(geometry.frame, layout, names=labels) if labels and len(labels) <= MAX_NAMED_AREAS else None
    if not canvas:
        return style_update(styles, labels, label_at=label_at)
    return style_update(styles, labels, keys=geometry.frame["key"].astype(str).tolist(), shared=shared,
                        label_at=label_at)


def area_names(geometry: MapGeometry) -> dict[str, str]:
    """Map area id -> name, for the names drawn on the map."""
    return dict(zip(geometry.frame["key"].astype(str), geometry.frame["name"].astype(str)))
