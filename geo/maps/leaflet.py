"""The choropleth map, built so that geometry travels once.

The base map (:func:`build_base_map`) carries no geometry. Its script fetches
the display geometry from a URL (served by the app, cached by the browser; in
the compact form of :mod:`geo.domain.compactgeo`, plain GeoJSON also works) and
keeps the layer in ``window.__atlas``. What changes with the indicator, the
classes or the selection is a small table of styles and tooltips per area id
(:func:`style_update`), which streamlit-folium evaluates as a dynamic feature
group without rebuilding the map or moving its view. Panning and zooming stay
in the browser.

The browser side is ``static/js/atlas-map.js`` (and ``atlas-grid.js`` for the Zensus grid),
loaded with every map; the map's own script only calls it with data. Above
:data:`geo.maps.arealayer.CANVAS_AREAS` areas the areas are drawn on one canvas and restyled
from a compact update (:mod:`geo.maps.arealayer`).

Every asset is local: Leaflet is loaded from ``asset_base`` and the atlas's scripts from
``static/js`` (both served by the app), never from a CDN.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from geo.maps.arealayer import compact_styles
from geo.settings import TileConfig

__all__ = [
    "MAX_NAMED_AREAS",
    "AreaStyle",
    "FillFrame",
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
SCRIPTS = Path(__file__).resolve().parents[2] / "static" / "js"  # served by the app under static/js
MAP_SCRIPTS = ("atlas-map.js", "atlas-grid.js")  # loaded by every map, in this order, after Leaflet


@dataclass(frozen=True)
class AreaStyle:
    """How one area is drawn and what its tooltip says (already escaped HTML)."""

    fill: str
    tooltip: str
    selected: bool = False
    partial: bool = False  # a merged area of which only some parts are selected
    opacity: float | None = None  # fill opacity; None keeps the default (0 = outline only, e.g. over the grid)


def script_path(name: str) -> Path:
    """The file of one of the atlas's map scripts (``static/js/<name>``)."""
    return SCRIPTS / name


def script_urls(script_base: str) -> list[tuple[str, str]]:
    """The atlas's map scripts under ``script_base``, each with its content hash as version.

    The browser may keep a served script; a changed file gets a new address.
    """
    base = script_base.rstrip("/")
    out = []
    for name in MAP_SCRIPTS:
        digest = hashlib.sha256(script_path(name).read_bytes()).hexdigest()[:12]
        out.append((name.removesuffix(".js"), f"{base}/{name}?v={digest}"))
    return out


def leaflet_assets(asset_base: str, script_base: str | None = None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(js, css)`` lists for folium: the app's own copy of Leaflet and the atlas's map scripts.

    ``script_base`` defaults to ``js`` beside ``asset_base`` (``static/vendor`` -> ``static/js``).
    """
    base = asset_base.rstrip("/")
    scripts = script_base if script_base is not None else base.rsplit("/", 1)[0] + "/js"
    return (
        [("leaflet", f"{base}/leaflet/leaflet.js"), *script_urls(scripts)],
        [("leaflet_css", f"{base}/leaflet/leaflet.css")],
    )


def _js(value: object) -> str:
    # JSON is valid JS; escaping "<" keeps "</script>" in data from closing a tag. folium compiles a rendered
    # script as a Jinja template again: "{%", "{#" or "{{" in a name (only inside JSON strings, where the
    # escapes mean the same characters) would stop the map with a template syntax error.
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    return text.replace("{%", "{\\u0025").replace("{#", "{\\u0023").replace("{{", "{\\u007b")


class _Raw(Element):
    """A piece of the page's script as it is: folium would compile it as a template first (30 ms for the
    compact update of 14,000 areas)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _GeoLayer(MacroElement):
    """Fetches the display geometry once and registers it as ``window.__atlas.layer`` (static/js/atlas-map.js)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
atlasMap.geoLayer({{ this._parent.get_name() }}, {{ this.options }});
{% endmacro %}
"""
    )

    def __init__(self, url: str, attribution: str, fill_opacity: float | None = None, canvas: bool = False,
                 label_px: int = 12, shared: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._name = "AtlasGeoLayer"
        base = DEFAULT_STYLE if fill_opacity is None else {**DEFAULT_STYLE, "fillOpacity": fill_opacity}
        self.options = _js({"url": url, "attribution": html.escape(attribution), "base": base, "canvas": canvas,
                            "labelPx": int(label_px), "shared": dict(shared or {})})


class _StyleUpdate(MacroElement):
    """Replaces the per-area styles and tooltips, then restyles the layer."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
atlasMap.update({{ this.update }});
{% endmacro %}
"""
    )

    def __init__(self, update: dict) -> None:
        super().__init__()
        self._name = "AtlasStyleUpdate"
        self.update = _js(update)

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.script.add_child(_Raw(self._template.module.script(self, kwargs)), name=self.get_name())


class _UrlSync(MacroElement):
    """Writes the map's centre and zoom into the page URL (``lat``, ``lon``, ``z``; static/js/atlas-map.js).

    Runs in the browser so that panning and zooming never rerun the script; the
    page reads the values once, when a shared link is opened.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
atlasMap.urlSync({{ this._parent.get_name() }});
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
    canvas: bool = False,
    script_base: str | None = None,
    shared: Mapping[str, str] | None = None,
) -> folium.Map:
    """The map without values: view, optional tiles and the geometry loader.

    ``bounds`` is ``(minx, miny, maxx, maxy)`` in degrees; ``view`` an optional
    ``(lat, lon, zoom)`` that replaces fitting the bounds (a shared link).
    Without ``tiles`` the map has a plain background and is fully usable.
    ``sync_url`` keeps the page URL's ``lat``/``lon``/``z`` in step with the map.
    ``tile_opacity`` dims the tiles; ``fill_opacity`` replaces the areas' default fill opacity
    (lower over a basemap, so that its streets show through). ``label_px``: the names' font size
    (larger in the presentation view, read from the back of a room).
    ``canvas`` draws the areas on one canvas (many areas: :mod:`geo.maps.arealayer`); the
    restyles must then be :func:`style_update` with ``keys``. ``script_base``: where the atlas's
    scripts are served (default: ``js`` beside ``asset_base``). ``shared``: name -> URL of a JSON list
    (one value per area, in the geometry's order) the canvas layer fetches once beside the geometry;
    restyles then send ``{"shared": name}`` for that tooltip part (:func:`geo.maps.arealayer.compact_styles`).
    """
    js, css = leaflet_assets(asset_base, script_base)
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
    _GeoLayer(geojson_url, attribution, fill_opacity, canvas, label_px, shared).add_to(fmap)
    _HeaderStyle(_CONTROL_ROOM_CSS, "AtlasControlRoom").add_to(fmap)
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


def style_update(
    areas: Mapping[str, AreaStyle], labels: Mapping[str, str] | None = None, keys: Sequence[str] | None = None,
    shared: Mapping[str, Sequence[str]] | None = None,
    label_at: Mapping[str, tuple[float, float]] | None = None,
) -> folium.FeatureGroup:
    """A feature group whose only job is to restyle the loaded areas; ``labels`` (id -> name) shows names.

    ``keys`` (the display geometry's area ids in file order) sends the compact form for the
    canvas layer (:func:`geo.maps.arealayer.compact_styles`, with ``shared``) instead of one object per area.
    ``label_at`` (id -> (lat, lon), :func:`geo.maps.labelpoints.label_points`): where each name sits, clear
    of the others; sent as ``labelAt`` (the map script places a name there, else at its area's middle).
    """
    group = folium.FeatureGroup(name="atlas-style", control=False)
    names = dict(labels) if labels else None
    at = {str(k): [float(v[0]), float(v[1])] for k, v in label_at.items()} if names and label_at else None
    if keys is not None:
        _StyleUpdate({"compact": compact_styles(areas, keys, shared), "labels": names,
                      **({"labelAt": at} if at else {})}).add_to(group)
        return group
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
    _StyleUpdate({"styles": styles, "tooltips": {str(k): a.tooltip for k, a in areas.items()}, "labels": names,
                  **({"labelAt": at} if at else {})}).add_to(group)
    return group


# The attribution keeps to the right of the scale bar (bottom left, at most 100 px wide plus margins):
# on a small map a long attribution wraps in its own lane instead of covering the scale.
_CONTROL_ROOM_CSS = ".leaflet-bottom.leaflet-right { max-width: calc(100% - 125px); }"
# The map fills its frame's height (the page sizes the frame): html and body without margins.
_FILL_FRAME_CSS = "html, body { margin: 0; } #map_div, .folium-map { height: 100vh !important; }"


class _HeaderStyle(MacroElement):
    """A style sheet in the map's page head (a map is its own page in an iframe: the app's CSS
    does not reach it)."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
{% endmacro %}
"""
    )

    def __init__(self, css: str, name: str) -> None:
        super().__init__()
        self._name = name
        self.css = css


def FillFrame() -> MacroElement:  # noqa: N802 - used like the other map elements, as a control
    """Lets the map fill its frame's height instead of the fixed height it was rendered with.

    The page then sizes the frame (the presentation view: the window's height less the title), so
    that the map fits on a 1366×768 laptop as on a 1920×1080 projector without scrolling.
    """
    return _HeaderStyle(_FILL_FRAME_CSS, "AtlasFillFrame")
