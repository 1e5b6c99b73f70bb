"""The current view as one self-contained HTML file and as a PNG image.

The HTML file inlines Leaflet (JS and CSS, read from the app's own copy), the
display GeoJSON, the styles, the legend, a table of values and the sources, so
it opens from a USB stick with the network switched off. The PNG is drawn with
matplotlib for slides. Every piece of text is escaped.
"""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
from jinja2 import Environment

from geo.maps.leaflet import DEFAULT_STYLE, SELECTED_OUTLINE, AreaStyle

__all__ = ["SlideLayout", "ViewSnapshot", "slide_layout", "to_html", "to_png"]


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
{% endfor %}</table>
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
  var names = {{ labels | safe }};
  if (names) {
    layer.eachLayer(function (l) {
      var name = names[l.feature.id];
      if (name) {
        var label = document.createElement("span");
        label.textContent = name;  // text, never HTML
        L.marker(l.getBounds().getCenter(), {interactive: false, keyboard: false,
          icon: L.divIcon({className: "area-label", html: label.outerHTML, iconSize: null})}).addTo(map);
      }
    });
  }
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
            if area.partial:
                style["dashArray"] = "8 6"  # as the web map draws a partly selected merged unit
        styles[key] = style
    html = _TEMPLATE.render(
        s=snapshot,
        leaflet_css=(leaflet_dir / "leaflet.css").read_text(encoding="utf-8").replace("</", "<\\/"),
        leaflet_js=(leaflet_dir / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        geojson=snapshot.geojson.decode("utf-8").replace("<", "\\u003c"),
        styles=_js(styles),
        tooltips=_js({k: a.tooltip for k, a in snapshot.styles.items()}),
        base=_js(DEFAULT_STYLE),
        labels=_js(dict(zip(snapshot.frame["key"].astype(str), snapshot.frame["name"].astype(str))) if snapshot.labels else None),
    )
    return html.encode("utf-8")


@dataclass(frozen=True)
class SlideLayout:
    """Where the slide's parts go (figure fractions, bottom-up) and the wrapped text lines."""

    footer_lines: tuple[str, ...]
    footer_top: float  # the footer occupies [margin, footer_top]
    map_box: tuple[float, float, float, float]  # left, bottom, width, height
    side_lines: tuple[str, ...]


_FOOTER_PT, _SIDE_PT, _LINE = 8, 10, 1.35


def slide_layout(snapshot: ViewSnapshot, size_px: tuple[int, int] = (1920, 1080), dpi: int = 160) -> SlideLayout:
    """Wrap the footer to the slide width and keep the map above it: nothing overprints the sources."""
    width, height = size_px
    # Average glyph width is about half the font size; keep a margin for wide letters.
    chars = int((width * 0.96) / (_FOOTER_PT / 72 * dpi * 0.56))
    footer = tuple(textwrap.wrap(" · ".join(snapshot.sources), width=chars)) or ("",)
    line_px = _FOOTER_PT / 72 * dpi * _LINE
    footer_top = (len(footer) * line_px + 0.02 * height) / height
    map_bottom = footer_top + 0.02
    side: list[str] = []
    side_chars = int((width * 0.32) / (_SIDE_PT / 72 * dpi * 0.56))
    for key, value in snapshot.decision:
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
    """A slide-sized PNG: title, map with names, legend, the decision, and the wrapped source line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    layout = slide_layout(snapshot, size_px, dpi)
    width, height = size_px
    # Names from data are never mathtext ("$…$", "\\" are drawn as typed).
    with plt.rc_context({"text.parse_math": False, "text.usetex": False}):
        fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi)
        ax = fig.add_axes(layout.map_box)
        frame = snapshot.frame.to_crs(snapshot.frame.estimate_utm_crs())
        keys = [str(k) for k in frame["key"]]
        styles = [snapshot.styles.get(k) for k in keys]
        fills = [s.fill if s else "#ffffff" for s in styles]
        frame.plot(ax=ax, color=fills, edgecolor="#333333", linewidth=0.6)
        chosen = [bool(s and s.selected and not s.partial) for s in styles]
        partial = [bool(s and s.selected and s.partial) for s in styles]
        if any(chosen):
            frame[chosen].plot(ax=ax, facecolor="none", edgecolor="#111111", linewidth=3.0)
        if any(partial):
            frame[partial].plot(ax=ax, facecolor="none", edgecolor="#111111", linewidth=2.2, linestyle="--", hatch="//")
        if snapshot.labels:
            for row in frame.itertuples():
                point = row.geometry.representative_point()
                ax.annotate(str(row.name), (point.x, point.y), ha="center", fontsize=7,
                            path_effects=[_halo()])
        ax.set_axis_off()
        fig.text(0.02, 0.97, snapshot.title, fontsize=20, weight="bold", va="top")
        fig.text(0.02, 0.915, snapshot.subtitle, fontsize=11, va="top")
        handles = [Patch(facecolor=c, edgecolor="#333333", label=f"{label}  ({n})") for c, label, n in snapshot.legend]
        fig.legend(handles=handles, title=snapshot.legend_title, loc="upper left", bbox_to_anchor=(0.66, 0.88),
                   fontsize=11, title_fontsize=12, frameon=False)
        if layout.side_lines:
            fig.text(0.66, 0.50, "\n".join(layout.side_lines), fontsize=_SIDE_PT, va="top", linespacing=_LINE)
        fig.text(0.02, layout.footer_top, "\n".join(layout.footer_lines), fontsize=_FOOTER_PT,
                 va="top", linespacing=_LINE)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        plt.close(fig)
    return buffer.getvalue()


def _halo():
    from matplotlib import patheffects

    return patheffects.withStroke(linewidth=2.5, foreground="white")
