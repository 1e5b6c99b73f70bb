/* The Zensus grid on the atlas's Leaflet map (geo/maps/gridmap.py builds the data).
 *
 *   atlasGrid.layer(group, style)   draws the grid of style.url coloured by style.classes into group
 *
 * Cells are fetched once (runs of cells, a cubic fit from EPSG:3035 to lon/lat and the value
 * arrays) and drawn on one canvas; a change of indicator only replaces the classes string.
 */
(function () {
    "use strict";
    var grid = window.__atlasGrid = window.__atlasGrid || {loads: {}};
    var style = null;  // the last style given to atlasGrid.layer (one grid per map frame)
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
    // In the bitmap each cell is PX x PX pixels: a cell without a value (kept secret, suppressed for
    // disclosure, no residents) carries the same diagonal hatch as in the cell mode and the legend.
    var PX = 4;
    function bitmap(cells) {  // each cell in its class colour (missing: hatched); once per classes string
        if (cells.bitmapFor === style.classes) { return cells.bitmap; }
        var d = cells.data, wide = 0, high = 0, i;
        for (i = 0; i < cells.n; i++) { wide = Math.max(wide, d.ix[i] + 1); high = Math.max(high, d.iy[i] + 1); }
        var canvas = cells.bitmap || document.createElement("canvas");
        canvas.width = wide * PX; canvas.height = high * PX;
        var context = canvas.getContext("2d"), image = context.createImageData(wide * PX, high * PX);
        var px = new Uint32Array(image.data.buffer), row = wide * PX;
        function rgba(hex) {
            var n = parseInt(hex.slice(1), 16);
            return ((255 << 24) | ((n & 255) << 16) | (((n >> 8) & 255) << 8) | ((n >> 16) & 255)) >>> 0;
        }
        var palette = style.colours.map(rgba), line = rgba(style.missing), paper = rgba("#f0f0f0");
        for (i = 0; i < cells.n; i++) {
            var k = style.classes.charCodeAt(i) - 48, filled = k >= 0 && k < palette.length;
            var top = d.iy[i] * PX, left = d.ix[i] * PX;  // image rows follow the grid's rows (south to north)
            for (var a = 0; a < PX; a++) {
                for (var b = 0; b < PX; b++) {
                    px[(top + a) * row + left + b] = filled ? palette[k] : a === b ? line : paper;  // "/" on screen (rows run north), as the cell mode
                }
            }
        }
        context.putImageData(image, 0, 0);
        cells.bitmap = canvas; cells.bitmapFor = style.classes;
        return canvas;
    }
    var Layer = L.Layer.extend({
        onAdd: function (map) {
            this._canvas = window.atlasMap.canvasPane(map, "atlasGrid", 390, "atlas-grid");  // atlas-map.js, loaded first
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
            if (shown > BITMAP_CELLS) {  // many small cells: a bitmap (PX x PX pixels per cell), one image per block
                var image = bitmap(cells);
                ctx.imageSmoothingEnabled = false;
                for (var v = 0; v < cells.nb; v++) {
                    if (seen[v] !== 1) { continue; }
                    var ov = v * 6, corner = cells.blocks[v];
                    ctx.setTransform(
                        ratio * (pts[ov + 2] - pts[ov]) / BLOCK, ratio * (pts[ov + 3] - pts[ov + 1]) / BLOCK,
                        ratio * (pts[ov + 4] - pts[ov]) / BLOCK, ratio * (pts[ov + 5] - pts[ov + 1]) / BLOCK,
                        ratio * (pts[ov] - ox), ratio * (pts[ov + 1] - oy));
                    ctx.drawImage(image, corner[0] * BLOCK * PX, corner[1] * BLOCK * PX, BLOCK * PX, BLOCK * PX, 0, 0, BLOCK, BLOCK);
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
    window.atlasGrid = {
        layer: function (group, given) { style = given; new Layer().addTo(group); }
    };
})();
