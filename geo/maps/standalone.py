"""The current view as one self-contained HTML file and as a PNG image.

The HTML file inlines Leaflet (JS and CSS, read from the app's own copy), the
display GeoJSON, the styles, the legend, a table of values and the sources, so
it opens from a USB stick with the network switched off. The PNG is drawn with
matplotlib for slides. Every piece of text is escaped.
"""

from __future__ import annotations

import base64
import io
import json
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from jinja2 import Environment
from matplotlib import patheffects
from matplotlib.patches import Patch

from geo.i18n import tr
from geo.maps.leaflet import DEFAULT_STYLE, MAX_NAMED_AREAS, SELECTED_OUTLINE, AreaStyle, script_path
from geo.maps.staticmap import draw_quarters, draw_tiles, new_figure, png_bytes, quarter_handle, quarter_shapes, tile_handles
from geo.read.rastertiles import RasterArchive, tile_bounds_3857, tiles_covering

__all__ = ["BasemapTiles", "SlideLayout", "ViewSnapshot", "basemap_tiles", "slide_layout", "to_html", "to_png"]

_MAX_EMBEDDED_TILES = 600  # ~0.5 MB of typical PNG street tiles per 100 tiles: keep the file mailable


@dataclass(frozen=True)
class BasemapTiles:
    """The basemap of an exported view: tiles carried along (a local archive), or a tile server's URL.

    ``tiles`` maps ``"z/x/y"`` to image bytes of the view's extent; without them ``url`` is loaded by
    the HTML when a network is there, and the slide says that it has no basemap.
    """

    attribution: str
    label: str = ""
    url: str = ""
    host: str = ""
    mime: str = "image/png"
    tiles: Mapping[str, bytes] = field(default_factory=dict)
    opacity: float = 1.0  # as on screen

    @property
    def zooms(self) -> list[int]:
        return sorted({int(key.split("/")[0]) for key in self.tiles})


def basemap_tiles(archive: RasterArchive, bounds: Sequence[float], attribution: str, label: str = "",
                  extra_zooms: int = 3) -> BasemapTiles:
    """The tiles of ``archive`` over ``bounds`` (west, south, east, north) from the zoom that shows the
    whole extent in about 760 px up to ``extra_zooms`` closer, as many as stay under the size limit."""
    west, south, east, north = bounds
    fit = max(archive.min_zoom, min(archive.max_zoom, int(math.log2(760 * 360 / (256 * max(east - west, 1e-6))))))
    tiles: dict[str, bytes] = {}
    for z in range(max(fit - 1, archive.min_zoom), min(fit + extra_zooms, archive.max_zoom) + 1):
        wanted = list(tiles_covering(bounds, z))
        if tiles and len(tiles) + len(wanted) > _MAX_EMBEDDED_TILES:
            break
        for x, y in wanted:
            data = archive.tile(z, x, y)
            if data is not None:
                tiles[f"{z}/{x}/{y}"] = data
    return BasemapTiles(attribution=attribution, label=label, mime=archive.mime, tiles=tiles)


@dataclass(frozen=True)
class ViewSnapshot:
    """Everything the exported view shows."""

    title: str
    subtitle: str
    frame: gpd.GeoDataFrame  # display geometry: key, name, geometry (EPSG:4326)
    geojson: bytes
    styles: Mapping[str, AreaStyle]
    legend: Sequence[tuple[str, str, int]]  # colour, label, count
    legend_title: str
    table_header: Sequence[str]
    table_rows: Sequence[Sequence[str]]
    sources: Sequence[str]
    lang: str = "de"
    # The decision behind the selection shown: (label, text) lines and (area name, rationale) pairs.
    decision: Sequence[tuple[str, str]] = ()
    area_rationales: Sequence[tuple[str, str]] = ()
    notes: Sequence[str] = ()  # e.g. which merged units are only partly selected
    labels: bool = True  # area names drawn on the map, not only on hover
    basemap: BasemapTiles | None = None  # streets under the map (see :func:`basemap_tiles`)
    # Tiles of the districts without an own boundary (geo.maps.staticmap.chosen_tiles), None if none is chosen
    tiles: pd.DataFrame | None = None
    quarters: Sequence[tuple[str, Mapping]] = ()  # self-drawn quarters in the selection: name, GeoJSON (EPSG:4326)

    def named(self, key: str) -> bool:
        """Whether the map names area ``key``: all of them, or above :data:`MAX_NAMED_AREAS` the selected."""
        if not self.labels:
            return False
        style = self.styles.get(key)
        return len(self.frame) <= MAX_NAMED_AREAS or bool(style and style.selected)

    @property
    def partial_names(self) -> list[str]:
        names = dict(zip(self.frame["key"].astype(str), self.frame["name"]))
        return [names.get(k, k) for k, a in self.styles.items() if a.partial and a.selected]


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


_TEMPLATE = Environment(autoescape=True).from_string(
    """<!DOCTYPE html>
<html lang="{{ s.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ s.title }}</title>
<style>{{ leaflet_css | safe }}</style>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; }
h1 { font-size: 1.8rem; margin: 0 0 .2rem; } p.sub { margin: 0 0 1rem; color: #333; }
.wrap { display: flex; gap: 1.5rem; flex-wrap: wrap; }
#map { width: 760px; max-width: 100%; height: 560px; background: #f3f3f3; border: 1px solid #999; }
.legend td { padding: .2rem .5rem; } .swatch { display: inline-block; width: 1.6em; height: 1em; border: 1px solid #333; }
table.values { border-collapse: collapse; margin-top: 1rem; } table.values td, table.values th { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; }
.sources { font-size: .85rem; color: #333; margin-top: 1rem; }
table.decision th { text-align: left; vertical-align: top; white-space: nowrap; }
.tilegrid { display: grid; gap: 4px; } .tile { border: 1px solid #666; background: #eee; padding: .3rem; min-height: 3.5rem; font-size: .85rem; }
.tile.chosen { background: #2c7fb8; color: #fff; border: 3px solid #000; font-weight: 600; }
.quarter-swatch { background: none; border: 0; border-top: 4px solid #d95f02; height: 0; vertical-align: middle; }
.area-label { background: transparent; border: 0; box-shadow: none; font-size: 11px; font-weight: 600; color: #111;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
</style>
</head>
<body>
<h1>{{ s.title }}</h1>
<p class="sub">{{ s.subtitle }}</p>
<div class="wrap">
<div id="map" role="img" aria-label="{{ s.title }}"></div>
<div>
<table class="legend" aria-label="{{ s.legend_title }}">
<caption><b>{{ s.legend_title }}</b></caption>
{% for colour, label, count in s.legend %}<tr><td><span class="swatch" style="background: {{ colour }}"></span></td><td>{{ label }}</td><td>{{ count }}</td></tr>
{% endfor %}{% if s.quarters %}<tr><td><span class="swatch quarter-swatch"></span></td><td colspan="2">{{ text.quarter }}: {{ s.quarters | map(attribute=0) | join(", ") }}</td></tr>
{% endif %}</table>
{% if tiles %}<section class="tiles" aria-label="{{ text.tiles_title }}">
<p><b>{{ text.tiles_title }}</b></p>
<div class="tilegrid" style="grid-template-columns: repeat({{ tile_cols }}, 7.5rem)">
{% for tile in tiles %}<div class="tile{% if tile.chosen %} chosen{% endif %}" style="grid-row: {{ tile.row + 1 }}; grid-column: {{ tile.col + 1 }}">{{ tile.name }}{% if tile.chosen %}<br>✓ {{ text.chosen }}{% endif %}</div>
{% endfor %}</div>
{% for unit, names in chosen_by_unit %}<p class="chosen-districts">{{ text.chosen_in.format(unit=unit) }}: <b>{{ names | join(", ") }}</b></p>
{% endfor %}</section>{% endif %}
</div>
</div>
<table class="values">
<thead><tr>{% for h in s.table_header %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in s.table_rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% if s.notes %}<div class="notes">{% for note in s.notes %}<p><i>{{ note }}</i></p>{% endfor %}</div>{% endif %}
{% if s.decision %}<section class="decision" aria-label="{{ s.decision[0][0] }}">
<table class="values decision">{% for k, v in s.decision %}<tr><th scope="row">{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}
{% for name, text in s.area_rationales %}<tr><th scope="row">{{ name }}</th><td>{{ text }}</td></tr>{% endfor %}</table>
</section>{% endif %}
<div class="sources">{% for source in s.sources %}<p>{{ source }}</p>{% endfor %}
{% if basemap_note %}<p>{{ basemap_note }}</p>{% endif %}</div>
<script>{{ leaflet_js | safe }}</script>
<script>{{ offline_js | safe }}</script>
<script>
atlasOffline({data: {{ geojson | safe }}, styles: {{ styles | safe }}, tooltips: {{ tooltips | safe }},
              base: {{ base | safe }}, basemap: {{ basemap | safe }}, labels: {{ labels | safe }},
              quarters: {{ quarters | safe }}});
</script>
</body>
</html>
"""
)


def to_html(snapshot: ViewSnapshot, leaflet_dir: Path) -> bytes:
    """A single HTML file; ``leaflet_dir`` is the app's installed Leaflet ``dist`` folder."""
    styles = {}
    for key, area in snapshot.styles.items():
        style = {"fillColor": area.fill}
        if area.selected:
            style.update(SELECTED_OUTLINE)
            if area.partial:
                style["dashArray"] = "8 6"  # as the web map draws a partly selected merged unit
        styles[key] = style
    html = _TEMPLATE.render(
        s=snapshot,
        leaflet_css=(leaflet_dir / "leaflet.css").read_text(encoding="utf-8").replace("</", "<\\/"),
        leaflet_js=(leaflet_dir / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        offline_js=script_path("atlas-offline.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        geojson=snapshot.geojson.decode("utf-8").replace("<", "\\u003c"),
        styles=_js(styles),
        tooltips=_js({k: a.tooltip for k, a in snapshot.styles.items()}),
        base=_js(DEFAULT_STYLE),
        labels=_js({k: n for k, n in zip(snapshot.frame["key"].astype(str), snapshot.frame["name"].astype(str))
                    if snapshot.named(k)} if snapshot.labels else None),
        basemap=_js(_basemap_js(snapshot.basemap)),
        basemap_note=_basemap_note(snapshot.basemap, snapshot.lang, "html"),
        quarters=_js([{"name": name, "geometry": geometry} for name, geometry in snapshot.quarters if geometry]),
        tiles=[] if snapshot.tiles is None else snapshot.tiles.to_dict("records"),
        tile_cols=0 if snapshot.tiles is None else int(snapshot.tiles["col"].max()) + 1,
        chosen_by_unit=_chosen_by_unit(snapshot.tiles),
        text={key: tr(f"vhtml_{key}", snapshot.lang) for key in _HTML_TEXT},
    )
    return html.encode("utf-8")


def _chosen_by_unit(tiles: pd.DataFrame | None) -> list[tuple[str, list[str]]]:
    """(merged unit, its chosen districts' names), for the sentence under the tiles."""
    if tiles is None:
        return []
    chosen = tiles[tiles["chosen"]]
    return [(str(unit), [str(n) for n in group["name"]]) for unit, group in chosen.groupby("unit", sort=False)]


def _basemap_js(basemap: BasemapTiles | None) -> dict | None:
    if basemap is None:
        return None
    if basemap.tiles:
        zooms = basemap.zooms
        return {"attribution": _escape(basemap.attribution), "minZoom": zooms[0], "maxZoom": zooms[-1],
                "opacity": basemap.opacity,
                "tiles": {key: f"data:{basemap.mime};base64,{base64.b64encode(data).decode()}"
                          for key, data in basemap.tiles.items()}}
    if not basemap.url:  # a local file without tiles here
        return None
    return {"attribution": _escape(basemap.attribution), "url": basemap.url, "opacity": basemap.opacity}


def _escape(text: str) -> str:
    import html

    return html.escape(text)


# the words the offline HTML's script shows (catalogue keys vhtml_<word>)
_HTML_TEXT = ("quarter", "chosen", "tiles_title", "chosen_in")


def _basemap_note(basemap: BasemapTiles | None, lang: str, medium: str) -> str:
    """What the exported view adds about its basemap to the sources (which name it and its
    attribution, or say that it is off): where its tiles are, or why the slide has none."""
    if basemap is None or (basemap.tiles and medium == "png"):
        return ""
    kind = "embedded" if basemap.tiles else "remote" if basemap.url else "uncovered"
    return tr(f"vbasemap_{kind}_{medium}", lang, label=basemap.label, attribution=basemap.attribution, host=basemap.host)


@dataclass(frozen=True)
class SlideLayout:
    """Where the slide's parts go (figure fractions, bottom-up) and the wrapped text lines."""

    footer_lines: tuple[str, ...]
    footer_top: float  # the footer occupies [margin, footer_top]
    map_box: tuple[float, float, float, float]  # left, bottom, width, height
    side_lines: tuple[str, ...]


_FOOTER_PT, _SIDE_PT, _LINE = 8, 10, 1.35
_SAYS_NOTHING = ("", "–", "-")
CHOSEN_ON_SLIDE = "#111111"  # chosen tiles beside a choropleth: black, no class colour


def slide_layout(snapshot: ViewSnapshot, size_px: tuple[int, int] = (1920, 1080), dpi: int = 160) -> SlideLayout:
    """Wrap the footer to the slide width and keep the map above it: nothing overprints the sources."""
    width, height = size_px
    # Average glyph width is about half the font size; keep a margin for wide letters.
    chars = int((width * 0.96) / (_FOOTER_PT / 72 * dpi * 0.56))
    note = _basemap_note(snapshot.basemap, snapshot.lang, "png")
    sources = [*snapshot.sources, *([note] if note else [])]
    footer = tuple(textwrap.wrap(" · ".join(sources), width=chars)) or ("",)
    line_px = _FOOTER_PT / 72 * dpi * _LINE
    footer_top = (len(footer) * line_px + 0.02 * height) / height
    map_bottom = footer_top + 0.02
    side: list[str] = []
    side_chars = int((width * 0.32) / (_SIDE_PT / 72 * dpi * 0.56))
    for key, value in snapshot.decision:
        if str(value).strip() in _SAYS_NOTHING:  # "Autor/in: –" tells the room nothing
            continue
        side += textwrap.wrap(f"{key}: {value}", width=side_chars) or [key]
    for name, text in snapshot.area_rationales:
        if text:
            side += textwrap.wrap(f"{name}: {text}", width=side_chars)
    for note in snapshot.notes:
        side += textwrap.wrap(note, width=side_chars)
    side_px = _SIDE_PT / 72 * dpi * _LINE
    room = int(((0.50 - map_bottom) * height) // side_px)  # the block starts at half height, above the footer
    if len(side) > room:
        side = side[: max(room - 1, 0)] + ["…"]
    return SlideLayout(footer, footer_top, (0.02, map_bottom, 0.62, 0.86 - map_bottom), tuple(side))


def to_png(snapshot: ViewSnapshot, size_px: tuple[int, int] = (1920, 1080), dpi: int = 160) -> bytes:
    """A slide-sized PNG: title, map with names and self-drawn quarters, the tiles of the chosen districts
    without an own boundary, legend, the decision, and the wrapped source line (drawn by
    :mod:`geo.maps.staticmap`: Figure API, safe in a download thread)."""
    layout = slide_layout(snapshot, size_px, dpi)
    width, height = size_px
    fig = new_figure(width / dpi, height / dpi, dpi)
    left, bottom, map_width, map_height = layout.map_box
    if snapshot.tiles is not None:
        map_width = 0.44  # the tile inset takes the right part of the map's place
    ax = fig.add_axes((left, bottom, map_width, map_height))
    tiles = snapshot.basemap.tiles if snapshot.basemap is not None else {}
    # Over a basemap the map is drawn in its Web Mercator (conformal: shapes as on the screen).
    frame = snapshot.frame.to_crs(3857 if tiles else snapshot.frame.estimate_utm_crs())
    if tiles:
        _draw_tiles(ax, snapshot.basemap, frame.total_bounds, map_width * width)
    keys = [str(k) for k in frame["key"]]
    styles = [snapshot.styles.get(k) for k in keys]
    fills = [s.fill if s else "#ffffff" for s in styles]
    frame.plot(ax=ax, color=fills, edgecolor="#333333", linewidth=0.6, alpha=0.6 if tiles else 1.0)
    chosen = [bool(s and s.selected and not s.partial) for s in styles]
    partial = [bool(s and s.selected and s.partial) for s in styles]
    if any(chosen):
        frame[chosen].plot(ax=ax, facecolor="none", edgecolor="#111111", linewidth=3.0)
    if any(partial):
        frame[partial].plot(ax=ax, facecolor="none", edgecolor="#111111", linewidth=2.2, linestyle="--", hatch="//")
    quarters = quarter_shapes(snapshot.quarters, frame.crs)
    draw_quarters(ax, quarters, 8)
    if snapshot.labels:
        for row in frame.itertuples():
            if not snapshot.named(str(row.key)):
                continue
            point = row.geometry.representative_point()
            ax.annotate(str(row.name), (point.x, point.y), ha="center", fontsize=7, path_effects=[_halo()])
    if tiles:
        _fit(ax, frame.total_bounds)
    ax.set_axis_off()
    if snapshot.tiles is not None:
        draw_tiles(fig.add_axes((0.46, bottom + map_height * 0.2, 0.18, map_height * 0.6)), snapshot.tiles,
                   snapshot.lang, 6.5, 8.5, chosen_fill=CHOSEN_ON_SLIDE, title_chars=40)
    fig.text(0.02, 0.97, snapshot.title, fontsize=20, weight="bold", va="top")
    fig.text(0.02, 0.915, snapshot.subtitle, fontsize=11, va="top")
    handles = [Patch(facecolor=c, edgecolor="#333333", label=f"{label}  ({n})") for c, label, n in snapshot.legend]
    if quarters is not None:
        handles.append(quarter_handle(snapshot.lang))
    if snapshot.tiles is not None:
        handles += tile_handles(snapshot.lang, CHOSEN_ON_SLIDE)
    fig.legend(handles=handles, title=snapshot.legend_title, loc="upper left", bbox_to_anchor=(0.66, 0.88),
               fontsize=11, title_fontsize=12, frameon=False)
    if layout.side_lines:
        fig.text(0.66, 0.50, "\n".join(layout.side_lines), fontsize=_SIDE_PT, va="top", linespacing=_LINE)
    fig.text(0.02, layout.footer_top, "\n".join(layout.footer_lines), fontsize=_FOOTER_PT,
             va="top", linespacing=_LINE)
    return png_bytes(fig, dpi=dpi)


def _draw_tiles(ax, basemap: BasemapTiles, bounds: Sequence[float], width_px: float) -> None:
    """The embedded tiles of the zoom that fits ``width_px`` best, as one image under the areas."""
    from PIL import Image

    minx, miny, maxx, maxy = bounds
    world = 2 * 20037508.342789244
    wanted = math.log2(width_px * world / (256 * max(maxx - minx, 1.0)))
    zoom = min(basemap.zooms, key=lambda z: (abs(z - wanted), -z))
    keys = [key for key in basemap.tiles if key.startswith(f"{zoom}/")]
    xs = sorted({int(k.split("/")[1]) for k in keys})
    ys = sorted({int(k.split("/")[2]) for k in keys})
    mosaic = Image.new("RGBA", (256 * (xs[-1] - xs[0] + 1), 256 * (ys[-1] - ys[0] + 1)), (255, 255, 255, 0))
    for key in keys:
        _, x, y = (int(v) for v in key.split("/"))
        with Image.open(io.BytesIO(basemap.tiles[key])) as tile:
            mosaic.paste(tile.convert("RGBA").resize((256, 256)), (256 * (x - xs[0]), 256 * (y - ys[0])))
    left, _, _, top = tile_bounds_3857(zoom, xs[0], ys[0])
    _, bottom, right, _ = tile_bounds_3857(zoom, xs[-1], ys[-1])
    ax.imshow(mosaic, extent=(left, right, bottom, top), interpolation="bilinear", zorder=0, alpha=basemap.opacity)


def _fit(ax, bounds: Sequence[float]) -> None:
    """Show the areas, not the whole tile mosaic under them."""
    minx, miny, maxx, maxy = bounds
    margin_x, margin_y = (maxx - minx) * 0.03, (maxy - miny) * 0.03
    ax.set_xlim(minx - margin_x, maxx + margin_x)
    ax.set_ylim(miny - margin_y, maxy + margin_y)


def _halo():
    return patheffects.withStroke(linewidth=2.5, foreground="white")
