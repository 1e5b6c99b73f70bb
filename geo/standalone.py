"""The current view as one self-contained HTML file and as a PNG image.

The HTML file inlines Leaflet (JS and CSS, read from the app's own copy), the
display GeoJSON, the styles, the legend, a table of values and the sources, so
it opens from a USB stick with the network switched off. The PNG is drawn with
matplotlib for slides. Every piece of text is escaped.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
from jinja2 import Environment

from geo.mapview import DEFAULT_STYLE, SELECTED_OUTLINE, AreaStyle

__all__ = ["ViewSnapshot", "to_html", "to_png"]


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
{% endfor %}</table>
</div>
</div>
<table class="values">
<thead><tr>{% for h in s.table_header %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in s.table_rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
<div class="sources">{% for source in s.sources %}<p>{{ source }}</p>{% endfor %}</div>
<script>{{ leaflet_js | safe }}</script>
<script>
(function () {
  var data = {{ geojson | safe }};
  var styles = {{ styles | safe }};
  var tooltips = {{ tooltips | safe }};
  var base = {{ base | safe }};
  var map = L.map("map", {zoomSnap: 0.25});
  var layer = L.geoJSON(data, {
    style: function (f) { return Object.assign({}, base, styles[f.id] || {}); },
    onEachFeature: function (f, l) { if (tooltips[f.id]) { l.bindTooltip(tooltips[f.id], {sticky: true}); } }
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  window.atlasLayer = layer;
})();
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
        styles[key] = style
    html = _TEMPLATE.render(
        s=snapshot,
        leaflet_css=(leaflet_dir / "leaflet.css").read_text(encoding="utf-8").replace("</", "<\\/"),
        leaflet_js=(leaflet_dir / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        geojson=snapshot.geojson.decode("utf-8").replace("<", "\\u003c"),
        styles=_js(styles),
        tooltips=_js({k: a.tooltip for k, a in snapshot.styles.items()}),
        base=_js(DEFAULT_STYLE),
    )
    return html.encode("utf-8")


def to_png(snapshot: ViewSnapshot, size_px: tuple[int, int] = (1920, 1080), dpi: int = 160) -> bytes:
    """A slide-sized PNG: map, legend, title and source line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    width, height = size_px
    fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    ax = fig.add_axes((0.02, 0.08, 0.62, 0.80))
    frame = snapshot.frame.to_crs(snapshot.frame.estimate_utm_crs())
    fills = [snapshot.styles[str(k)].fill if str(k) in snapshot.styles else "#ffffff" for k in frame["key"]]
    widths = [3.0 if str(k) in snapshot.styles and snapshot.styles[str(k)].selected else 0.6 for k in frame["key"]]
    frame.plot(ax=ax, color=fills, edgecolor="#333333", linewidth=widths)
    for row in frame.itertuples():
        point = row.geometry.representative_point()
        ax.annotate(row.name, (point.x, point.y), ha="center", fontsize=7)
    ax.set_axis_off()
    fig.text(0.02, 0.95, snapshot.title, fontsize=20, weight="bold", va="top")
    fig.text(0.02, 0.905, snapshot.subtitle, fontsize=11, va="top")
    handles = [Patch(facecolor=c, edgecolor="#333333", label=f"{label}  ({n})") for c, label, n in snapshot.legend]
    fig.legend(handles=handles, title=snapshot.legend_title, loc="center left", bbox_to_anchor=(0.66, 0.5),
               fontsize=12, title_fontsize=13, frameon=False)
    fig.text(0.02, 0.02, " · ".join(snapshot.sources), fontsize=8, va="bottom", wrap=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()
