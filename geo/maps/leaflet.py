"""The choropleth map, built so that geometry travels once.

The base map (:func:`build_base_map`) carries no geometry. Its script fetches
the display geometry from a URL (served by the app, cached by the browser; in
the compact form of :mod:`geo.domain.compactgeo`, plain GeoJSON also works) and
keeps the layer in ``window.__atlas``. What changes with the indicator, the
classes or the selection is a small table of styles and tooltips per area id
(:func:`style_update`), which streamlit-folium evaluates as a dynamic feature
group without rebuilding the map or moving its view. Panning and zooming stay
in the browser.

Every asset is local: Leaflet is loaded from ``asset_base`` (served by the
app), never from a CDN.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.domain.compactgeo import DECODER_JS
from geo.settings import TileConfig

__all__ = [
    "MAX_NAMED_AREAS",
    "AreaStyle",
    "build_base_map",
    "leaflet_assets",
    "style_update",
    "tooltip_html",
]

# Above this many areas, maps drawn for reading (slide, offline HTML, PDF, presentation) name only the
# selected ones: 447 Berlin names on one slide are a grey smear.
MAX_NAMED_AREAS = 60
DEFAULT_STYLE = {"color": "#555555", "weight": 1, "fillColor": "#ffffff", "fillOpacity": 0.85}
SELECTED_OUTLINE = {"color": "#000000", "weight": 4}


@dataclass(frozen=True)
class AreaStyle:
    """How one area is drawn and what its tooltip says (already escaped HTML)."""

    fill: str
    tooltip: str
    selected: bool = False
    partial: bool = False  # a merged area of which only some parts are selected
    opacity: float | None = None  # fill opacity; None keeps the default (0 = outline only, e.g. over the grid)


def leaflet_assets(asset_base: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(js, css)`` lists for folium, pointing at the app's own copy of Leaflet."""
    base = asset_base.rstrip("/")
    return (
        [("leaflet", f"{base}/leaflet/leaflet.js")],
        [("leaflet_css", f"{base}/leaflet/leaflet.css")],
    )


def _js(value: object) -> str:
    # JSON is valid JS; escaping "<" keeps "</script>" in data from closing a tag.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


class _GeoLayer(MacroElement):
    """Fetches the display GeoJSON once and registers it as ``window.__atlas.layer``."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var atlas = window.__atlas = window.__atlas || {styles: {}, tooltips: {}};
    atlas.base = {{ this.base_style }};
    atlas.map = map;
    atlas.apply = function () {
        if (!atlas.layer) { return; }
        atlas.layer.eachLayer(function (layer) {
            var id = layer.feature.id;
            layer.setStyle(Object.assign({dashArray: null}, atlas.base, atlas.styles[id] || {}));
            if (atlas.styles[id] && atlas.styles[id].selected) { layer.bringToFront(); }
            var tip = atlas.tooltips[id];
            if (tip) { layer.bindTooltip(tip, {sticky: true, direction: "auto"}); }  // flips left near the right edge else { layer.unbindTooltip(); }
        });
    };
    // Names as permanent labels (a toggle): text content, never HTML.
    atlas.applyLabels = function () {
        if (atlas.labelLayer) { map.removeLayer(atlas.labelLayer); atlas.labelLayer = null; }
        if (!atlas.layer || !atlas.labelNames) { return; }
        atlas.labelLayer = L.layerGroup();
        atlas.layer.eachLayer(function (layer) {
            var name = atlas.labelNames[layer.feature.id];
            if (!name) { return; }
            var span = document.createElement("span");
            span.className = "atlas-label";
            span.textContent = name;
            L.marker(layer.getBounds().getCenter(), {interactive: false, keyboard: false,
                icon: L.divIcon({className: "atlas-label-icon", html: span, iconSize: null})}).addTo(atlas.labelLayer);
        });
        atlas.labelLayer.addTo(map);
    };
    // Leaflet focuses the map container on mousedown (keyboard control). Focusing scrolls every
    // ancestor, the app page around this frame included, until the whole map is in view: on a
    // laptop screen the page moved under the pointer and the click selected the area below the
    // one the tooltip showed. Focus without scrolling; the keyboard still works.
    var container = map.getContainer();
    container.focus = function (options) {
        HTMLElement.prototype.focus.call(container, Object.assign({preventScroll: true}, options || {}));
    };
    // A metric scale bar only (folium's adds miles, which no German reader uses).
    L.control.scale({imperial: false}).addTo(map);
    // folium's page forbids zooming the page (user-scalable=no); WCAG 1.4.4 wants it allowed.
    var viewport = document.querySelector("meta[name=viewport]");
    if (viewport) { viewport.setAttribute("content", "width=device-width, initial-scale=1.0"); }
    var labelStyle = document.createElement("style");
    labelStyle.textContent = ".atlas-label-icon{background:none;border:0}" +
        ".atlas-label{display:inline-block;transform:translate(-50%,-50%);white-space:nowrap;font:600 {{ this.label_px }}px system-ui,sans-serif;" +
        "color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}";
    document.head.appendChild(labelStyle);
    {{ this.decoder }}
    fetch({{ this.url }}, {credentials: "same-origin"})
        .then(function (response) {
            if (!response.ok) { throw new Error(response.status); }
            return response.json();
        })
        .then(function (data) {
            data = atlasDecode(data);  // quantized, delta-encoded rings (geo/domain/compactgeo.py); GeoJSON passes
            atlas.layer = L.geoJSON(data, {attribution: {{ this.attribution }}}).addTo(map);
            atlas.apply();
            atlas.applyLabels();
            document.body.setAttribute("data-atlas-areas", String(data.features.length));
        })
        .catch(function (error) {
            document.body.setAttribute("data-atlas-error", String(error));
        });
})();
{% endmacro %}
"""
    )

    def __init__(self, url: str, attribution: str, fill_opacity: float | None = None, label_px: int = 12) -> None:
        super().__init__()
        self._name = "AtlasGeoLayer"
        self.label_px = int(label_px)
        self.decoder = DECODER_JS
        self.url = _js(url)
        self.attribution = _js(html.escape(attribution))
        self.base_style = _js(DEFAULT_STYLE if fill_opacity is None else {**DEFAULT_STYLE, "fillOpacity": fill_opacity})


class _StyleUpdate(MacroElement):
    """Replaces the per-area styles and tooltips, then restyles the layer."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var atlas = window.__atlas = window.__atlas || {};
    atlas.styles = {{ this.styles }};
    atlas.tooltips = {{ this.tooltips }};
    atlas.labelNames = {{ this.labels }};
    if (atlas.apply) { atlas.apply(); }
    if (atlas.applyLabels) { atlas.applyLabels(); }
})();
{% endmacro %}
"""
    )

    def __init__(self, styles: Mapping[str, dict], tooltips: Mapping[str, str], labels: Mapping[str, str] | None) -> None:
        super().__init__()
        self._name = "AtlasStyleUpdate"
        self.styles = _js(dict(styles))
        self.tooltips = _js(dict(tooltips))
        self.labels = _js(dict(labels) if labels else None)


class _UrlSync(MacroElement):
    """Writes the map's centre and zoom into the page URL (``lat``, ``lon``, ``z``).

    Runs in the browser so that panning and zooming never rerun the script; the
    page reads the values once, when a shared link is opened.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    function writeView() {
        try {
            var target = window.parent;
            var url = new URL(target.location.href);
            var c = map.getCenter();
            var want = {lat: c.lat.toFixed(5), lon: c.lng.toFixed(5), z: String(map.getZoom())};
            var changed = false;
            Object.keys(want).forEach(function (k) {
                if (url.searchParams.get(k) !== want[k]) { url.searchParams.set(k, want[k]); changed = true; }
            });
            if (changed) { target.history.replaceState(target.history.state, "", url.toString()); }
        } catch (error) { /* not embedded in the app page */ }
    }
    map.on("moveend", writeView);
    // The app rewrites its own parameters after a rerun; put the view back.
    window.setInterval(writeView, 1000);
})();
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "AtlasUrlSync"


def build_base_map(
    bounds: Sequence[float],
    geojson_url: str,
    attribution: str,
    asset_base: str,
    tiles: TileConfig | None = None,
    view: tuple[float, float, float] | None = None,
    sync_url: bool = False,
    tile_opacity: float = 1.0,
    fill_opacity: float | None = None,
    label_px: int = 12,
) -> folium.Map:
    """The map without values: view, optional tiles and the geometry loader.

    ``bounds`` is ``(minx, miny, maxx, maxy)`` in degrees; ``view`` an optional
    ``(lat, lon, zoom)`` that replaces fitting the bounds (a shared link).
    Without ``tiles`` the map has a plain background and is fully usable.
    ``sync_url`` keeps the page URL's ``lat``/``lon``/``z`` in step with the map.
    ``tile_opacity`` dims the tiles; ``fill_opacity`` replaces the areas' default fill opacity
    (lower over a basemap, so that its streets show through). ``label_px``: the names' font size
    (larger in the presentation view, read from the back of a room).
    """
    js, css = leaflet_assets(asset_base)
    placement = {} if view is None else {"location": [view[0], view[1]], "zoom_start": view[2]}
    # maxZoom: without a tile layer Leaflet has none, and marker clustering needs one.
    fmap = folium.Map(tiles=None, prefer_canvas=True, control_scale=False, zoom_snap=0.25, **placement)
    fmap.options["maxZoom"] = 19
    fmap.default_js = js
    fmap.default_css = css
    if tiles is not None:
        folium.TileLayer(tiles=tiles.url, attr=html.escape(tiles.attribution), name="basemap",
                         opacity=tile_opacity, max_zoom=19, max_native_zoom=tiles.max_zoom).add_to(fmap)
    if view is None:
        minx, miny, maxx, maxy = bounds
        fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    _GeoLayer(geojson_url, attribution, fill_opacity, label_px).add_to(fmap)
    if sync_url:
        _UrlSync().add_to(fmap)
    return fmap


def tooltip_html(name: str, value_text: str, label: str, source: str, note: str = "") -> str:
    """Tooltip content with every piece of text escaped."""
    parts = [
        f"<b>{html.escape(name)}</b>",
        f"{html.escape(label)}: {html.escape(value_text)}",
    ]
    if note:
        parts.append(f"<i>{html.escape(note)}</i>")
    parts.append(f"<small>{html.escape(source)}</small>")
    return "<br>".join(parts)


def style_update(areas: Mapping[str, AreaStyle], labels: Mapping[str, str] | None = None) -> folium.FeatureGroup:
    """A feature group whose only job is to restyle the loaded areas; ``labels`` (id -> name) shows names."""
    styles = {}
    for key, area in areas.items():
        style = {"fillColor": area.fill}
        if area.opacity is not None:
            style["fillOpacity"] = area.opacity
        if area.selected:
            style.update(SELECTED_OUTLINE, selected=True)
            if area.partial:
                style["dashArray"] = "8 6"
        styles[str(key)] = style
    group = folium.FeatureGroup(name="atlas-style", control=False)
    _StyleUpdate(styles, {str(k): a.tooltip for k, a in areas.items()}, labels).add_to(group)
    return group
