"""The grid layer on the Leaflet map: geometry once and compact, styles as one short string.

A 100 m grid of a city has some 14,000 cells. Sending them as GeoJSON with a
style and an HTML tooltip each makes every change of indicator a multi-megabyte
rebuild. Here instead:

- :func:`grid_payload` is the static part, written once under a content hash:
  the cells' columns and rows in the EPSG:3035 grid as runs (row, first
  column, number of cells side by side: a city's ~14,000 cells are a few
  hundred runs), a
  cubic polynomial from EPSG:3035 to longitude/latitude fitted over the
  municipality (and its inverse for clicks), and every value column as a plain
  number array. The browser builds the squares from it; the fit error is
  measured and stays far below a metre for a city-sized extent.
- :func:`grid_classes` is what changes with the indicator or the classes: one
  character per cell (class ``0``–``6``, ``-`` for no value).
- :func:`grid_layer` adds a canvas layer (one canvas, one fill per class;
  only the 10 x 10-cell blocks that reach into the canvas are drawn) that reads both, shows missing cells hatched, a tooltip on hover and all
  values of a cell on click, built in the browser from the value arrays.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template
from pyproj import Transformer

from geo.analysis.classify import Classification
from geo.read.zensus import CRS, Grid

__all__ = ["GridColumn", "cell_positions", "fit_error_m", "grid_classes", "grid_layer", "grid_payload"]

MISSING_COLOUR = "#bdbdbd"
_JS_LOCALE = {"de": "de-DE", "en": "en-GB"}  # number format of the tooltips in the browser


@dataclass(frozen=True)
class GridColumn:
    """A value column of the grid as the map labels it."""

    id: str
    label: str
    unit: str = ""
    decimals: int = 0


def _terms(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    # The cubic terms in the order the browser evaluates them.
    return np.stack([np.ones_like(u), u, v, u * u, u * v, v * v, u**3, u * u * v, u * v * v, v**3], axis=-1)


def _fit(src_x, src_y, dst_x, dst_y, centre, scale) -> tuple[list[float], list[float]]:
    terms = _terms((src_x - centre[0]) / scale, (src_y - centre[1]) / scale)
    cx = np.linalg.lstsq(terms, dst_x, rcond=None)[0]
    cy = np.linalg.lstsq(terms, dst_y, rcond=None)[0]
    return cx.tolist(), cy.tolist()


def _transforms(bounds: Sequence[float]) -> dict:
    """Forward (EPSG:3035 -> lon/lat) and inverse cubic fits over ``bounds`` plus their normalisation."""
    minx, miny, maxx, maxy = bounds
    to_geo = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    xs, ys = np.meshgrid(np.linspace(minx, maxx, 25), np.linspace(miny, maxy, 25))
    xs, ys = xs.ravel(), ys.ravel()
    lon, lat = to_geo.transform(xs, ys)
    centre = ((minx + maxx) / 2, (miny + maxy) / 2)
    scale = max(maxx - minx, maxy - miny, 1.0) / 2
    geo_centre = (float(np.mean(lon)), float(np.mean(lat)))
    geo_scale = max(float(np.ptp(lon)), float(np.ptp(lat)), 1e-6) / 2
    fwd_lon, fwd_lat = _fit(xs, ys, lon, lat, centre, scale)
    inv_x, inv_y = _fit(lon, lat, xs, ys, geo_centre, geo_scale)
    return {
        "fwd": {"cx": centre[0], "cy": centre[1], "scale": scale, "a": fwd_lon, "b": fwd_lat},
        "inv": {"cx": geo_centre[0], "cy": geo_centre[1], "scale": geo_scale, "a": inv_x, "b": inv_y},
    }


def _evaluate(fit: dict, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    terms = _terms((x - fit["cx"]) / fit["scale"], (y - fit["cy"]) / fit["scale"])
    return terms @ np.asarray(fit["a"]), terms @ np.asarray(fit["b"])


def _runs(ix: np.ndarray, iy: np.ndarray) -> list[int]:
    """(row, first column, length) of each stretch of cells that follow each other in one row."""
    if not len(ix):
        return []
    start = np.ones(len(ix), dtype=bool)
    start[1:] = (iy[1:] != iy[:-1]) | (ix[1:] != ix[:-1] + 1)
    first = np.flatnonzero(start)
    lengths = np.diff(np.append(first, len(ix)))
    return np.column_stack([iy[first], ix[first], lengths]).ravel().tolist()


def cell_positions(payload: dict) -> tuple[np.ndarray, np.ndarray]:
    """Column and row of every cell, in payload order (what the browser unpacks from the runs)."""
    runs = np.asarray(payload["runs"], dtype=np.int64).reshape(-1, 3)
    iy = np.repeat(runs[:, 0], runs[:, 2])
    offsets = np.arange(int(runs[:, 2].sum())) - np.repeat(np.cumsum(runs[:, 2]) - runs[:, 2], runs[:, 2])
    return np.repeat(runs[:, 1], runs[:, 2]) + offsets, iy


def fit_error_m(payload: dict) -> float:
    """Largest distance in metres between the fitted and the exact corner positions (all cells)."""
    size, x0, y0 = payload["size"], payload["x0"], payload["y0"]
    ix, iy = cell_positions(payload)
    x = np.concatenate([x0 + (ix + dx) * size for dx in (0, 1)])
    y = np.concatenate([y0 + (iy + dy) * size for dy in (0, 1)])
    lon, lat = _evaluate(payload["fwd"], x, y)
    back = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(lon, lat)
    return float(np.max(np.hypot(back[0] - x, back[1] - y))) if len(x) else 0.0


def _numbers(values: pd.Series, decimals: int) -> list[float | None]:
    """Rounded values for JSON, ``None`` where missing (never 0)."""
    return [None if v != v else round(v, decimals)  # v != v: NaN
            for v in pd.to_numeric(values, errors="coerce").to_numpy(dtype=float).tolist()]


def grid_payload(grid: Grid, columns: Sequence[GridColumn], notes: pd.Series | None = None) -> bytes:
    """The static part of the grid layer (compact JSON): cells, coordinate fit and value arrays.

    ``notes`` (per cell, default the ``marks`` column) are shown in a cell's popup: explanatory
    marks and why a value is missing.
    """
    cells = grid.cells
    size = grid.size
    left = cells["x"].to_numpy() - size / 2
    bottom = cells["y"].to_numpy() - size / 2
    x0 = float(np.floor(left.min() / size) * size) if len(cells) else 0.0
    y0 = float(np.floor(bottom.min() / size) * size) if len(cells) else 0.0
    bounds = (x0, y0, float(left.max() + size), float(bottom.max() + size)) if len(cells) else (0, 0, 1, 1)
    body = {
        "size": size,
        "x0": x0,
        "y0": y0,
        "runs": _runs(np.rint((left - x0) / size).astype(np.int64), np.rint((bottom - y0) / size).astype(np.int64)),
        **_transforms(bounds),
        "columns": [c.id for c in columns],
        "values": [_numbers(cells[c.id], c.decimals + 2) for c in columns],
        # explanatory marks of the few cells that have one, by cell position (most cells have none)
        "marks": _notes(cells, notes),
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _notes(cells: pd.DataFrame, notes: pd.Series | None) -> dict[str, str]:
    if notes is None:
        notes = cells["marks"] if "marks" in cells else pd.Series("", index=cells.index)
    return {str(i): m for i, m in enumerate(notes.reindex(cells.index).fillna("").astype(str)) if m}


def grid_classes(classification: Classification, index: pd.Index) -> str:
    """One character per cell of ``index``: its class ``0``–``9`` or ``-`` for no value."""
    classes = classification.classes.reindex(index).fillna(-1).astype(int).to_numpy()
    table = np.array(list("0123456789"))
    out = np.where(classes >= 0, table[np.clip(classes, 0, 9)], "-")
    return "".join(out.tolist())


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


class _GridLayer(MacroElement):
    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var group = {{ this._parent.get_name() }};
    var grid = window.__atlasGrid = window.__atlasGrid || {loads: {}};
    var style = {{ this.style }};
    function poly(f, x, y) {
        var u = (x - f.cx) / f.scale, v = (y - f.cy) / f.scale, a = f.a, b = f.b;
        var t = [1, u, v, u * u, u * v, v * v, u * u * u, u * u * v, u * v * v, v * v * v], p = 0, q = 0;
        for (var i = 0; i < 10; i++) { p += a[i] * t[i]; q += b[i] * t[i]; }
        return [p, q];
    }
    function esc(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
        });
    }
    // Cells are drawn block by block (BLOCK x BLOCK cells): within a block the map from grid
    // indices to screen pixels is affine to well under a pixel, so each cell is one fast rect()
    // under the block's transform; building 14,000 free quadrilaterals is ~30x slower in Chromium.
    var BLOCK = 10;
    // Above this many cells in view, the cells are drawn as a bitmap (one pixel per cell, scaled per
    // block) instead of one rect() each: 100,000 rects take ~1 s in Chromium, the bitmap a few ms.
    // Missing cells are then plain grey (at that density a hatch would not show anyway).
    var BITMAP_CELLS = 30000;
    function unpack(data) {  // runs (row, first column, length) -> one column and row per cell
        var r = data.runs, total = 0, k = 0, j, m;
        for (j = 2; j < r.length; j += 3) { total += r[j]; }
        data.ix = new Int32Array(total); data.iy = new Int32Array(total);
        for (j = 0; j < r.length; j += 3) {
            for (m = 0; m < r[j + 2]; m++) { data.iy[k] = r[j]; data.ix[k] = r[j + 1] + m; k++; }
        }
    }
    function prepare(data) {
        unpack(data);
        var n = data.ix.length, s = data.size, index = new Map(), blocks = new Map(), list = [];
        var block = new Int32Array(n);
        for (var i = 0; i < n; i++) {
            var bx = Math.floor(data.ix[i] / BLOCK), by = Math.floor(data.iy[i] / BLOCK), key = bx * 65536 + by;
            if (!blocks.has(key)) { blocks.set(key, list.length); list.push([bx, by]); }
            block[i] = blocks.get(key);
            index.set(data.ix[i] * 1048576 + data.iy[i], i);
        }
        var nb = list.length, lat = new Float64Array(nb * 3), lng = new Float64Array(nb * 3);
        var dx = [0, BLOCK, 0], dy = [0, 0, BLOCK];
        list.forEach(function (b, j) {
            for (var k = 0; k < 3; k++) {
                var g = poly(data.fwd, data.x0 + (b[0] * BLOCK + dx[k]) * s, data.y0 + (b[1] * BLOCK + dy[k]) * s);
                lng[j * 3 + k] = g[0]; lat[j * 3 + k] = g[1];
            }
        });
        return {data: data, n: n, nb: nb, blocks: list, block: block, lat: lat, lng: lng, index: index, projected: {}};
    }
    function load(url) {
        if (!grid.loads[url]) {
            grid.loads[url] = fetch(url, {credentials: "same-origin"})
                .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
                .then(prepare);
        }
        return grid.loads[url];
    }
    function cellAt(cells, latlng) {
        var d = cells.data, xy = poly(d.inv, latlng.lng, latlng.lat);
        var i = cells.index.get(Math.floor((xy[0] - d.x0) / d.size) * 1048576 + Math.floor((xy[1] - d.y0) / d.size));
        return i === undefined ? -1 : i;
    }
    function cellId(d, i) {
        return "CRS3035RES" + d.size + "mN" + (d.y0 + d.iy[i] * d.size) + "E" + (d.x0 + d.ix[i] * d.size);
    }
    function text(d, col, i) {
        var v = d.values[col][i], c = style.columns[col];
        if (v === null || v === undefined) { return style.texts.missing; }
        var out = v.toLocaleString(style.locale, {minimumFractionDigits: c.decimals, maximumFractionDigits: c.decimals});
        return c.unit ? out + "\u00a0" + c.unit : out;
    }
    function describe(cells, i, all) {
        var d = cells.data, rows = ["<b>" + esc(style.texts.cell) + "</b> <small>" + esc(cellId(d, i)) + "</small>"];
        style.columns.forEach(function (c, col) {
            if (all || col === style.active) { rows.push(esc(c.label) + ": " + esc(text(d, col, i))); }
        });
        if (all && d.marks && d.marks[i]) { rows.push("<i>" + esc(style.texts.marks) + ": " + esc(d.marks[i]) + "</i>"); }
        if (all) { rows.push("<small>" + esc(style.texts.source) + "</small>"); }
        return rows.join("<br>");
    }
    function hatch(ctx) {
        var tile = document.createElement("canvas"), t;
        tile.width = tile.height = 8;
        t = tile.getContext("2d");
        t.fillStyle = "#f0f0f0"; t.fillRect(0, 0, 8, 8);
        t.strokeStyle = style.missing; t.lineWidth = 1.5;
        t.beginPath(); t.moveTo(0, 8); t.lineTo(8, 0); t.stroke();
        return ctx.createPattern(tile, "repeat");
    }
    function bitmap(cells) {  // one pixel per cell in its class colour (missing: grey); once per classes string
        if (cells.bitmapFor === style.classes) { return cells.bitmap; }
        var d = cells.data, wide = 0, high = 0, i;
        for (i = 0; i < cells.n; i++) { wide = Math.max(wide, d.ix[i] + 1); high = Math.max(high, d.iy[i] + 1); }
        var canvas = cells.bitmap || document.createElement("canvas");
        canvas.width = wide; canvas.height = high;
        var context = canvas.getContext("2d"), image = context.createImageData(wide, high);
        var px = new Uint32Array(image.data.buffer);
        function rgba(hex) {
            var n = parseInt(hex.slice(1), 16);
            return ((255 << 24) | ((n & 255) << 16) | (((n >> 8) & 255) << 8) | ((n >> 16) & 255)) >>> 0;
        }
        var palette = style.colours.map(rgba), missing = rgba(style.missing);
        for (i = 0; i < cells.n; i++) {
            var k = style.classes.charCodeAt(i) - 48;
            px[d.iy[i] * wide + d.ix[i]] = k >= 0 && k < palette.length ? palette[k] : missing;
        }
        context.putImageData(image, 0, 0);
        cells.bitmap = canvas; cells.bitmapFor = style.classes;
        return canvas;
    }
    var Layer = L.Layer.extend({
        onAdd: function (map) {
            var pane = map.getPane("atlasGrid") || map.createPane("atlasGrid");
            pane.style.zIndex = 390;
            pane.style.pointerEvents = "none";
            this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide atlas-grid", pane);
            map.on("moveend zoomend resize", this.redraw, this);
            map.on("click", this._click, this);
            map.on("mousemove", this._hover, this);
            map.on("mouseout", this._out, this);
            this._tip = L.tooltip({sticky: true, direction: "top", offset: [0, -6]});
            var self = this, started = performance.now();
            load(style.url).then(function (cells) {
                self._cells = cells;
                self.redraw();
                // Milliseconds from adding the layer to the drawn grid (payload cached after the first time).
                document.body.setAttribute("data-atlas-grid-ms", String(Math.round(performance.now() - started)));
                document.body.setAttribute("data-atlas-grid-cells", String(cells.n));
            }).catch(function (error) { document.body.setAttribute("data-atlas-grid-error", String(error)); });
        },
        onRemove: function (map) {
            L.DomUtil.remove(this._canvas);
            map.off("moveend zoomend resize", this.redraw, this);
            map.off("click", this._click, this);
            map.off("mousemove", this._hover, this);
            map.off("mouseout", this._out, this);
            this._tip.remove();
            document.body.removeAttribute("data-atlas-grid-cells");
        },
        redraw: function () {
            var map = this._map, cells = this._cells;
            if (!map || !cells) { return; }
            var size = map.getSize(), pad = 0.5, zoom = map.getZoom();
            var w = Math.round(size.x * (1 + 2 * pad)), h = Math.round(size.y * (1 + 2 * pad));
            var min = map.containerPointToLayerPoint([-size.x * pad, -size.y * pad]).round();
            var ratio = window.devicePixelRatio || 1, canvas = this._canvas;
            canvas.width = w * ratio; canvas.height = h * ratio;
            canvas.style.width = w + "px"; canvas.style.height = h + "px";
            L.DomUtil.setPosition(canvas, min);
            var ctx = canvas.getContext("2d");
            ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
            var pts = cells.projected[zoom];
            if (!pts) {  // world pixels of the block corners, once per zoom level
                pts = cells.projected[zoom] = new Float64Array(cells.nb * 6);
                for (var j = 0; j < cells.nb * 3; j++) {
                    var p = map.project([cells.lat[j], cells.lng[j]], zoom);
                    pts[2 * j] = p.x; pts[2 * j + 1] = p.y;
                }
            }
            var origin = map.getPixelOrigin(), ox = origin.x + min.x, oy = origin.y + min.y;
            var d = cells.data, groups = {}, classes = style.classes, seen = new Uint8Array(cells.nb), shown = 0;
            function visible(b) {  // only blocks that reach into the canvas are drawn (a Berlin-size grid
                if (seen[b]) { return seen[b] === 1; }  // is mostly outside a city-wide view once zoomed in)
                var o = b * 6, x0 = pts[o] - ox, y0 = pts[o + 1] - oy, x1 = pts[o + 2] - ox, y1 = pts[o + 3] - oy;
                var x2 = pts[o + 4] - ox, y2 = pts[o + 5] - oy, x3 = x1 + x2 - x0, y3 = y1 + y2 - y0;
                var inside = Math.max(x0, x1, x2, x3) >= 0 && Math.min(x0, x1, x2, x3) <= w
                    && Math.max(y0, y1, y2, y3) >= 0 && Math.min(y0, y1, y2, y3) <= h;
                seen[b] = inside ? 1 : 2;
                return inside;
            }
            for (var i = 0; i < cells.n; i++) { if (visible(cells.block[i])) { shown++; } }
            document.body.setAttribute("data-atlas-grid-shown", String(shown));
            ctx.globalAlpha = 0.85;
            if (shown > BITMAP_CELLS) {  // many small cells: one pixel per cell in a bitmap, one image per block
                var image = bitmap(cells);
                ctx.imageSmoothingEnabled = false;
                for (var v = 0; v < cells.nb; v++) {
                    if (seen[v] !== 1) { continue; }
                    var ov = v * 6, corner = cells.blocks[v];
                    ctx.setTransform(
                        ratio * (pts[ov + 2] - pts[ov]) / BLOCK, ratio * (pts[ov + 3] - pts[ov + 1]) / BLOCK,
                        ratio * (pts[ov + 4] - pts[ov]) / BLOCK, ratio * (pts[ov + 5] - pts[ov + 1]) / BLOCK,
                        ratio * (pts[ov] - ox), ratio * (pts[ov + 1] - oy));
                    ctx.drawImage(image, corner[0] * BLOCK, corner[1] * BLOCK, BLOCK, BLOCK, 0, 0, BLOCK, BLOCK);
                }
                ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
                document.body.setAttribute("data-atlas-grid-mode", "bitmap");
            } else {
                for (var c = 0; c < cells.n; c++) {  // class -> block -> cells
                    var bc = cells.block[c];
                    if (seen[bc] !== 1) { continue; }
                    var k = classes.charAt(c) || "-", g = groups[k] = groups[k] || {};
                    (g[bc] = g[bc] || []).push(c);
                }
                Object.keys(groups).forEach(function (k) {
                    ctx.beginPath();
                    Object.keys(groups[k]).forEach(function (b) {
                        var o = b * 6, base = cells.blocks[b];
                        ctx.setTransform(
                            ratio * (pts[o + 2] - pts[o]) / BLOCK, ratio * (pts[o + 3] - pts[o + 1]) / BLOCK,
                            ratio * (pts[o + 4] - pts[o]) / BLOCK, ratio * (pts[o + 5] - pts[o + 1]) / BLOCK,
                            ratio * (pts[o] - ox), ratio * (pts[o + 1] - oy));
                        groups[k][b].forEach(function (i) {
                            ctx.rect(d.ix[i] - base[0] * BLOCK, d.iy[i] - base[1] * BLOCK, 1, 1);
                        });
                    });
                    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
                    ctx.fillStyle = k === "-" ? hatch(ctx) : style.colours[+k];
                    ctx.fill();
                    if (zoom >= 15) { ctx.strokeStyle = "rgba(60,60,60,0.35)"; ctx.lineWidth = 0.5; ctx.stroke(); }
                });
                document.body.setAttribute("data-atlas-grid-mode", "cells");
            }
            document.body.setAttribute("data-atlas-grid-drawn", String((+document.body.getAttribute("data-atlas-grid-drawn") || 0) + 1));
        },
        _click: function (e) {
            if (!this._cells) { return; }
            var i = cellAt(this._cells, e.latlng);
            if (i < 0) { return; }
            L.popup({maxWidth: 360}).setLatLng(e.latlng).setContent(describe(this._cells, i, true)).openOn(this._map);
            document.body.setAttribute("data-atlas-grid-clicked", cellId(this._cells.data, i));
        },
        _hover: function (e) {
            if (!this._cells) { return; }
            var i = cellAt(this._cells, e.latlng);
            if (i < 0) { this._out(); return; }
            if (i !== this._hovered) { this._tip.setContent(describe(this._cells, i, false)); this._hovered = i; }
            this._tip.setLatLng(e.latlng);
            if (!this._map.hasLayer(this._tip)) { this._tip.addTo(this._map); }
        },
        _out: function () { this._hovered = -1; this._tip.remove(); }
    });
    new Layer().addTo(group);
})();
{% endmacro %}
"""
    )

    def __init__(self, style: dict) -> None:
        super().__init__()
        self._name = "AtlasGridLayer"
        self.style = _js(style)


def grid_layer(
    url: str,
    classes: str,
    colours: Sequence[str],
    columns: Sequence[GridColumn],
    active: int,
    texts: dict[str, str],
    lang: str = "de",
) -> folium.FeatureGroup:
    """A feature group that draws the grid from ``url`` coloured by ``classes`` (see :func:`grid_classes`).

    ``texts`` holds ``missing``, ``cell``, ``marks`` and ``source`` in the reader's language.
    """
    group = folium.FeatureGroup(name="atlas-grid", control=False)
    style = {
        "url": url,
        "classes": classes,
        "colours": list(colours),
        "missing": MISSING_COLOUR,
        "columns": [{"label": c.label, "unit": c.unit, "decimals": c.decimals} for c in columns],
        "active": active,
        "texts": texts,
        "locale": _JS_LOCALE.get(lang, "de-DE"),
    }
    _GridLayer(style).add_to(group)
    return group
