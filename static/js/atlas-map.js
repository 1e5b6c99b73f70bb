/* The atlas's Leaflet map: geometry fetched once, styles replaced without rebuilding the map.
 *
 * Loaded by every map (geo/maps/leaflet.py puts it into the map's scripts, served by the app
 * from static/js/); the Python side only calls these functions with data:
 *
 *   atlasMap.geoLayer(map, {url, attribution, base, canvas, shared})   the areas (once per map)
 *   atlasMap.update({styles, tooltips, labels} | {compact, labels})   a new indicator / selection
 *   atlasMap.urlSync(map)                                      centre and zoom into the page URL
 *
 * Up to a few thousand areas are an L.geoJSON layer (one Leaflet path each). Above the
 * threshold (geo/maps/arealayer.py) the areas are one canvas: rings projected once, filled class
 * by class, a tooltip found by a bucket index and a point-in-polygon test; the styles come as one
 * code per area (geo/maps/arealayer.compact_styles), never as one object per area.
 */
(function () {
    "use strict";

    // Mirrors geo/domain/compactgeo.decode: quantized, delta-encoded rings; plain GeoJSON passes.
    function atlasDecode(doc) {
        if (!doc || doc.type !== "AtlasCompact") { return doc; }
        var q = doc.q, ox = doc.o[0], oy = doc.o[1];
        return {type: "FeatureCollection", features: doc.f.map(function (f) {
            var polys = f.p.map(function (poly) {
                return poly.map(function (flat) {
                    var ring = [], x = 0, y = 0;
                    for (var i = 0; i < flat.length; i += 2) {
                        x += flat[i]; y += flat[i + 1];
                        ring.push([ox + x * q, oy + y * q]);
                    }
                    ring.push(ring[0].slice());
                    return ring;
                });
            });
            return {type: "Feature", id: f.id, properties: {},
                    geometry: polys.length === 1 ? {type: "Polygon", coordinates: polys[0]}
                                                 : {type: "MultiPolygon", coordinates: polys}};
        })};
    }
    window.atlasDecode = atlasDecode;

    var atlas = window.__atlas = window.__atlas || {styles: {}, tooltips: {}, shared: {}};

    // ---- tooltips stay inside the map ----------------------------------------------------------
    // Leaflet's "auto" direction only asks which half of the map the pointer is in: on a narrow map a
    // tooltip wider than the room on that side was cut at the edge ("nstadt"). A tooltip that does not
    // fit turns to the side with room; one wider than either side is shifted until it is inside.
    function keepInside(tooltip, pos, place) {
        var map = tooltip._map, box = tooltip._container;
        if (!map || !box) { return; }
        var frame = map.getContainer();  // its size now (map.getSize() may be older than the last resize)
        var size = {x: frame.clientWidth, y: frame.clientHeight}, width = box.offsetWidth, height = box.offsetHeight;
        var corner = function () {  // where it is drawn (its side's margin included), in the map's pixels
            var b = box.getBoundingClientRect(), f = frame.getBoundingClientRect();
            return {x: b.left - f.left - frame.clientLeft, y: b.top - f.top - frame.clientTop};
        };
        var at = corner(), wanted = tooltip.options.direction;
        if ((at.x < 0 || at.x + width > size.x) && (wanted === "auto" || wanted === "left" || wanted === "right")) {
            var side = at.x < 0 ? "right" : "left";
            tooltip.options.direction = side;
            place.call(tooltip, pos);
            tooltip.options.direction = wanted;
            at = corner();
        }
        var dx = Math.min(0, size.x - 2 - (at.x + width)), dy = Math.min(0, size.y - 2 - (at.y + height));
        dx = at.x + dx < 2 ? 2 - at.x : dx;
        dy = at.y + dy < 2 ? 2 - at.y : dy;
        if (dx || dy) { L.DomUtil.setPosition(box, L.DomUtil.getPosition(box).add([dx, dy])); }
    }
    if (window.L && L.Tooltip && !L.Tooltip.prototype._atlasInside) {
        var place = L.Tooltip.prototype._setPosition;
        L.Tooltip.include({
            _atlasInside: true,
            _setPosition: function (pos) { place.call(this, pos); keepInside(this, pos, place); }
        });
    }
    var CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    function codes(encoded, n) {  // one code per area: a string of CODES characters or a list of numbers
        var out = new Int32Array(n), i;
        if (typeof encoded === "string") {
            for (i = 0; i < n; i++) { out[i] = CODES.indexOf(encoded.charAt(i)); }
        } else if (encoded) {
            for (i = 0; i < n; i++) { out[i] = encoded[i]; }
        }
        return out;
    }

    // ---- the canvas layer for many areas -------------------------------------------------------
    function prepareAreas(doc) {  // the compact geometry (or GeoJSON) -> flat rings, boxes and a hover index
        var points = [], rings = [], starts = [], ids = [], index = {}, boxes = [];
        var compact = doc && doc.type === "AtlasCompact", list = compact ? doc.f : doc.features;
        var q = compact ? doc.q : 0, ox = compact ? doc.o[0] : 0, oy = compact ? doc.o[1] : 0;
        list.forEach(function (f, i) {
            ids.push(String(f.id)); index[String(f.id)] = i;
            starts.push(rings.length);
            var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
            function add(lng, lat) {
                points.push(lng, lat);
                if (lng < x0) { x0 = lng; } if (lng > x1) { x1 = lng; }
                if (lat < y0) { y0 = lat; } if (lat > y1) { y1 = lat; }
            }
            if (compact) {  // quantized, delta-encoded rings read straight (geo/domain/compactgeo.py)
                f.p.forEach(function (poly) {
                    poly.forEach(function (flat) {
                        rings.push(points.length / 2);
                        for (var k = 0, x = 0, y = 0; k < flat.length; k += 2) {
                            x += flat[k]; y += flat[k + 1];
                            add(ox + x * q, oy + y * q);
                        }
                    });
                });
            } else {
                var g = f.geometry, polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
                polys.forEach(function (poly) {
                    poly.forEach(function (ring) {
                        rings.push(points.length / 2);
                        ring.forEach(function (c) { add(c[0], c[1]); });
                    });
                });
            }
            boxes.push(x0, y0, x1, y1);
        });
        var n = list.length, bbox = new Float64Array(boxes);
        starts.push(rings.length);
        rings.push(points.length / 2);
        var lnglat = new Float64Array(points), m = lnglat.length / 2;
        // Web Mercator at zoom 0 (256 px world), as Leaflet's default CRS projects
        var world = new Float64Array(m * 2);
        for (var k = 0; k < m; k++) {
            var lat = Math.max(Math.min(lnglat[2 * k + 1], 85.0511), -85.0511) * Math.PI / 180;
            world[2 * k] = (lnglat[2 * k] + 180) / 360 * 256;
            world[2 * k + 1] = (1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * 256;
        }
        // a 64 x 64 bucket index of the bounding boxes for hovering
        var all = [Infinity, Infinity, -Infinity, -Infinity];
        for (var b = 0; b < n; b++) {
            all[0] = Math.min(all[0], bbox[4 * b]); all[1] = Math.min(all[1], bbox[4 * b + 1]);
            all[2] = Math.max(all[2], bbox[4 * b + 2]); all[3] = Math.max(all[3], bbox[4 * b + 3]);
        }
        var G = 64, buckets = [], dx = (all[2] - all[0]) / G || 1, dy = (all[3] - all[1]) / G || 1;
        for (var j = 0; j < G * G; j++) { buckets.push([]); }
        function cell(v, lo, d) { return Math.max(0, Math.min(G - 1, Math.floor((v - lo) / d))); }
        for (var a = 0; a < n; a++) {
            var cx0 = cell(bbox[4 * a], all[0], dx), cx1 = cell(bbox[4 * a + 2], all[0], dx);
            var cy0 = cell(bbox[4 * a + 1], all[1], dy), cy1 = cell(bbox[4 * a + 3], all[1], dy);
            for (var u = cx0; u <= cx1; u++) { for (var v = cy0; v <= cy1; v++) { buckets[v * G + u].push(a); } }
        }
        return {n: n, ids: ids, index: index, lnglat: lnglat, world: world, rings: new Int32Array(rings),
                starts: new Int32Array(starts), bbox: bbox, grid: {G: G, all: all, dx: dx, dy: dy, buckets: buckets},
                cell: cell};
    }

    function inside(a, f, lng, lat) {  // even-odd over all rings of area f
        var hit = false;
        for (var r = a.starts[f]; r < a.starts[f + 1]; r++) {
            var s = a.rings[r], e = a.rings[r + 1], p = a.lnglat;
            for (var i = s, j = e - 1; i < e; j = i++) {
                var yi = p[2 * i + 1], yj = p[2 * j + 1];
                if ((yi > lat) !== (yj > lat)
                    && lng < (p[2 * j] - p[2 * i]) * (lat - yi) / (yj - yi) + p[2 * i]) { hit = !hit; }
            }
        }
        return hit;
    }

    function areaAt(a, latlng) {
        var g = a.grid, lng = latlng.lng, lat = latlng.lat;
        if (lng < g.all[0] || lng > g.all[2] || lat < g.all[1] || lat > g.all[3]) { return -1; }
        var list = g.buckets[a.cell(lat, g.all[1], g.dy) * g.G + a.cell(lng, g.all[0], g.dx)];
        for (var i = 0; i < list.length; i++) {
            var f = list[i], b = a.bbox;
            if (lng >= b[4 * f] && lng <= b[4 * f + 2] && lat >= b[4 * f + 1] && lat <= b[4 * f + 3] && inside(a, f, lng, lat)) {
                return f;
            }
        }
        return -1;
    }

    function tooltipOf(style, i) {  // the parts of area i's tooltip, joined as Python wrote them
        if (!style || !style.tips) { return ""; }
        var parts = [];
        style.tips.forEach(function (col) {
            var part = col.value !== undefined ? col.value : col.list ? col.list[i]
                : col.shared !== undefined ? (atlas.shared[col.shared] || [])[i] : col.values[col.codes[i]];
            if (part !== null && part !== undefined) { parts.push(part); }
        });
        return parts.join(style.sep);
    }

    function unpackStyle(compact, n) {
        var style = {fills: compact.fills, opacities: compact.opacities, sep: compact.sep, tips: compact.tips,
                     fill: codes(compact.fill, n), opacity: codes(compact.opacity, n),
                     selected: new Uint8Array(n)};
        (compact.selected || []).forEach(function (i) { style.selected[i] = 1; });
        (compact.partial || []).forEach(function (i) { style.selected[i] = 2; });
        (style.tips || []).forEach(function (col) { if (col.codes !== undefined) { col.codes = codes(col.codes, n); } });
        return style;
    }

    // A pane of its own for a layer drawn on one canvas (the many areas here, the Zensus grid in
    // atlas-grid.js): above the tiles, never catching the pointer (hover and clicks go through the map's
    // own events and a hit test); the canvas in it, hidden while Leaflet animates a zoom.
    function canvasPane(map, name, zIndex, className) {
        var pane = map.getPane(name) || map.createPane(name);
        pane.style.zIndex = zIndex;
        pane.style.pointerEvents = "none";
        return L.DomUtil.create("canvas", "leaflet-zoom-hide " + className, pane);
    }

    var AreaCanvas = L.Layer.extend({
        initialize: function (areas, base) { this._areas = areas; this._base = base; },
        onAdd: function (map) {
            this._canvas = canvasPane(map, "atlasAreas", 380, "atlas-areas");
            map.on("moveend zoomend resize", this.redraw, this);
            map.on("mousemove", this._hover, this);
            map.on("mouseout", this._out, this);
            this._tip = L.tooltip({sticky: true, direction: "auto"});
            this.redraw();
        },
        onRemove: function (map) {
            L.DomUtil.remove(this._canvas);
            map.off("moveend zoomend resize", this.redraw, this);
            map.off("mousemove", this._hover, this);
            map.off("mouseout", this._out, this);
            this._tip.remove();
        },
        _zoomed: function (zoom) {  // per zoom level: each area's rings as path text and its box, in world pixels
            var cache = this._byZoom = this._byZoom || {}, a = this._areas;
            if (cache[zoom]) { return cache[zoom]; }
            var keys = Object.keys(cache);
            if (keys.length > 3) { delete cache[keys[0]]; }
            var s = Math.pow(2, zoom), wp = a.world, text = new Array(a.n), box = new Float64Array(a.n * 4);
            for (var i = 0; i < a.n; i++) {
                var out = [], x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
                for (var r = a.starts[i]; r < a.starts[i + 1]; r++) {
                    for (var p = a.rings[r]; p < a.rings[r + 1]; p++) {
                        var x = wp[2 * p] * s, y = wp[2 * p + 1] * s;
                        out.push((p === a.rings[r] ? "M" : "L") + x.toFixed(1) + " " + y.toFixed(1));
                        if (x < x0) { x0 = x; } if (x > x1) { x1 = x; } if (y < y0) { y0 = y; } if (y > y1) { y1 = y; }
                    }
                    out.push("Z");
                }
                text[i] = out.join("");
                box[4 * i] = x0; box[4 * i + 1] = y0; box[4 * i + 2] = x1; box[4 * i + 3] = y1;
            }
            return (cache[zoom] = {text: text, box: box});
        },
        getLayers: function () { return []; },
        eachLayer: function () { return this; },
        centre: function (i) {
            var b = this._areas.bbox;
            return L.latLng((b[4 * i + 1] + b[4 * i + 3]) / 2, (b[4 * i] + b[4 * i + 2]) / 2);
        },
        redraw: function () {
            var map = this._map, a = this._areas, style = atlas.compact;
            if (!map) { return; }
            var size = map.getSize(), pad = 0.5;
            var w = Math.round(size.x * (1 + 2 * pad)), h = Math.round(size.y * (1 + 2 * pad));
            var min = map.containerPointToLayerPoint([-size.x * pad, -size.y * pad]).round();
            var ratio = window.devicePixelRatio || 1, canvas = this._canvas;
            canvas.width = w * ratio; canvas.height = h * ratio;
            canvas.style.width = w + "px"; canvas.style.height = h + "px";
            L.DomUtil.setPosition(canvas, min);
            var ctx = canvas.getContext("2d");
            ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
            var zoom = map.getZoom(), view = this._zoomed(zoom), box = view.box, origin = map.getPixelOrigin();
            var ox = origin.x + min.x, oy = origin.y + min.y, base = this._base, visible = [], groups = {}, i;
            for (i = 0; i < a.n; i++) {  // only areas whose box reaches into the canvas
                if (box[4 * i + 2] < ox || box[4 * i] > ox + w || box[4 * i + 3] < oy || box[4 * i + 1] > oy + h) { continue; }
                visible.push(i);
                var key = style ? style.fill[i] + "|" + style.opacity[i] : "-";
                (groups[key] = groups[key] || []).push(i);
            }
            // Canvas paths are built from SVG path text (one Path2D per class): 14,000 rings as
            // moveTo/lineTo calls take seconds in Chromium, the same rings as text some 30 ms.
            function path(list) {
                return new Path2D(list.map(function (j) { return view.text[j]; }).join(""));
            }
            ctx.setTransform(ratio, 0, 0, ratio, -ox * ratio, -oy * ratio);  // world pixels of this zoom level
            ctx.lineJoin = "round";
            ctx.strokeStyle = base.color;
            // thin outlines while the areas are small on screen (14,000 blocks at city scale)
            var line = visible.length > 3000 ? 0.3 : visible.length > 800 ? 0.6 : base.weight;
            Object.keys(groups).forEach(function (key) {
                var parts = key.split("|"), fill = style ? style.fills[+parts[0]] : base.fillColor;
                var opacity = style && style.opacities[+parts[1]] !== null ? style.opacities[+parts[1]] : base.fillOpacity;
                var shape = path(groups[key]);
                if (opacity > 0) { ctx.globalAlpha = opacity; ctx.fillStyle = fill || base.fillColor; ctx.fill(shape, "evenodd"); }
                ctx.globalAlpha = 1; ctx.lineWidth = line; ctx.stroke(shape);
            });
            if (style) {  // the selection: a thick black outline, dashed for a partly selected merged area
                [1, 2].forEach(function (kind) {
                    var picked = visible.filter(function (j) { return style.selected[j] === kind; });
                    if (!picked.length) { return; }
                    ctx.setLineDash(kind === 2 ? [8, 6] : []);
                    ctx.lineWidth = 4; ctx.strokeStyle = "#000000"; ctx.stroke(path(picked));
                });
                ctx.setLineDash([]);
            }
            ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
            var body = document.body;
            body.setAttribute("data-atlas-areas-mode", "canvas");
            body.setAttribute("data-atlas-areas-shown", String(visible.length));
            body.setAttribute("data-atlas-areas-drawn", String((+body.getAttribute("data-atlas-areas-drawn") || 0) + 1));
            if (style) {  // drawn in the colours of a style update (benchmarks wait for this)
                body.setAttribute("data-atlas-areas-styled", String((+body.getAttribute("data-atlas-areas-styled") || 0) + 1));
            }
        },
        _hover: function (e) {
            var i = areaAt(this._areas, e.latlng), tip = i < 0 ? "" : tooltipOf(atlas.compact, i);
            if (!tip) { this._out(); return; }
            if (i !== this._hovered) { this._tip.setContent(tip); this._hovered = i; }
            this._tip.setLatLng(e.latlng);
            if (!this._map.hasLayer(this._tip)) { this._tip.addTo(this._map); }
        },
        _out: function () { this._hovered = -1; this._tip.remove(); }
    });

    // ---- the self-drawn quarters' names on hover ------------------------------------------------
    // Their outlines (geo/maps/draw.py) lie in a pane that never catches the pointer, so that a click
    // inside a quarter selects the area under it. Their names come from a hit test on the outline itself:
    // within a few pixels of a quarter's line its name shows in a label of its own (not a Leaflet
    // tooltip, which would stand in for the area's), while the areas keep every hover and click.
    var QUARTER_PX = 6;

    function quarterAt(map, point) {  // the quarter whose outline passes within QUARTER_PX of point
        var found = null, p = map.containerPointToLayerPoint(point);
        map.eachLayer(function (layer) {
            var props = layer.feature && layer.feature.properties;
            if (found || !props || props.quarter === undefined || !layer._parts) { return; }
            layer._parts.forEach(function (ring) {
                for (var i = 0, j = ring.length - 1; !found && i < ring.length; j = i++) {
                    if (L.LineUtil.pointToSegmentDistance(p, ring[j], ring[i]) <= QUARTER_PX) { found = layer; }
                }
            });
        });
        return found;
    }

    function quarterName(layer) {  // the escaped name Python bound as the outline's tooltip (on it or its group)
        var owners = [layer].concat(Object.keys(layer._eventParents || {}).map(function (k) { return layer._eventParents[k]; }));
        for (var i = 0; i < owners.length; i++) {
            var tip = owners[i].getTooltip && owners[i].getTooltip();
            if (tip) { return tip.getContent(); }
        }
        return "";
    }

    function quarterHover(map) {
        var label = L.DomUtil.create("div", "atlas-quarter-tip", map.getContainer());
        label.style.display = "none";
        function hide() { label.style.display = "none"; document.body.removeAttribute("data-atlas-quarter-hover"); }
        map.on("mousemove", function (e) {
            var layer = quarterAt(map, e.containerPoint), name = layer ? quarterName(layer) : "";
            if (!name) { hide(); return; }
            label.innerHTML = name;  // escaped by Python (geo/maps/draw.quarter_outlines)
            label.style.left = (e.containerPoint.x + 14) + "px";
            label.style.top = (e.containerPoint.y - 34) + "px";
            label.style.display = "block";
            document.body.setAttribute("data-atlas-quarter-hover", String(layer.feature.properties.quarter));
        });
        map.on("mouseout", hide);
    }

    // ---- what the Python side calls -------------------------------------------------------------
    function takePending() {  // the compact styles that arrived for exactly these areas, unpacked
        var pending = atlas.pending, n = atlas.areas.n;
        if (pending && (pending.fill || "").length === n) { atlas.compact = unpackStyle(pending, n); atlas.pending = null; }
    }

    function apply() {
        if (!atlas.layer) { return; }
        if (atlas.canvas) {
            takePending();
            atlas.layer.redraw();
            return;
        }
        atlas.layer.eachLayer(function (layer) {
            var id = layer.feature.id;
            layer.setStyle(Object.assign({dashArray: null}, atlas.base, atlas.styles[id] || {}));
            if (atlas.styles[id] && atlas.styles[id].selected) { layer.bringToFront(); }
            var tip = atlas.tooltips[id];
            if (tip) { layer.bindTooltip(tip, {sticky: true, direction: "auto"}); }  // flips left near the right edge
            else { layer.unbindTooltip(); }
        });
    }

    // Names as permanent labels (a toggle): text content, never HTML.
    function applyLabels() {
        var map = atlas.map;
        if (atlas.labelLayer) { map.removeLayer(atlas.labelLayer); atlas.labelLayer = null; }
        if (!atlas.layer || !atlas.labelNames) { return; }
        atlas.labelLayer = L.layerGroup();
        function placed(id) {  // where Python placed the name (geo/maps/labelpoints.py), else none
            var p = atlas.labelAt && atlas.labelAt[id];
            return p ? L.latLng(p[0], p[1]) : null;
        }
        function label(name, where) {
            var span = document.createElement("span");
            span.className = "atlas-label";
            span.textContent = name;
            L.marker(where, {interactive: false, keyboard: false,
                icon: L.divIcon({className: "atlas-label-icon", html: span, iconSize: null})}).addTo(atlas.labelLayer);
        }
        if (atlas.canvas) {
            Object.keys(atlas.labelNames).forEach(function (id) {
                var i = atlas.areas.index[id];
                if (i !== undefined) { label(atlas.labelNames[id], placed(id) || atlas.layer.centre(i)); }
            });
        } else {
            atlas.layer.eachLayer(function (layer) {
                var name = atlas.labelNames[layer.feature.id];
                if (name) { label(name, placed(layer.feature.id) || layer.getBounds().getCenter()); }
            });
        }
        atlas.labelLayer.addTo(map);
    }

    function update(data) {
        if (data.compact) {
            atlas.pending = data.compact;
            atlas.selectedIds = function () {  // for tests and scripts: the selected areas' ids
                return atlas.compact && atlas.areas
                    ? atlas.areas.ids.filter(function (id, i) { return atlas.compact.selected[i] > 0; }) : [];
            };
        } else {
            atlas.styles = data.styles;
            atlas.tooltips = data.tooltips;
        }
        atlas.labelNames = data.labels;
        atlas.labelAt = data.labelAt || null;
        apply();
        applyLabels();
    }

    function geoLayer(map, options) {
        // A new map in the same frame (another dataset): nothing of the last one's areas is kept;
        // the styles that arrive before the geometry wait in atlas.pending / atlas.styles.
        atlas.layer = null; atlas.areas = null; atlas.compact = null; atlas.labelLayer = null;
        atlas.base = options.base;
        atlas.map = map;
        atlas.canvas = !!options.canvas;
        // Leaflet focuses the map container on mousedown (keyboard control). Focusing scrolls every
        // ancestor, the app page around this frame included, until the whole map is in view: on a
        // laptop screen the page moved under the pointer and the click selected the area below the
        // one the tooltip showed. Focus without scrolling; the keyboard still works.
        var container = map.getContainer();
        container.focus = function (opts) {
            HTMLElement.prototype.focus.call(container, Object.assign({preventScroll: true}, opts || {}));
        };
        // A metric scale bar only (folium's adds miles, which no German reader uses).
        L.control.scale({imperial: false}).addTo(map);
        // folium's page forbids zooming the page (user-scalable=no); WCAG 1.4.4 wants it allowed.
        var viewport = document.querySelector("meta[name=viewport]");
        if (viewport) { viewport.setAttribute("content", "width=device-width, initial-scale=1.0"); }
        var labelStyle = document.createElement("style");
        labelStyle.textContent = ".atlas-label-icon{background:none;border:0}" +
            // The self-drawn quarters' outlines lie in the shadow pane above the areas (geo/maps/draw.py); with
            // the canvas renderer that pane's canvas covers the whole map and took every hover and click away
            // from the areas below once a quarter was saved: it draws, it never catches the pointer.
            ".leaflet-shadow-pane canvas,.leaflet-shadow-pane svg{pointer-events:none}" +
            ".atlas-quarter-tip{position:absolute;z-index:1000;pointer-events:none;white-space:nowrap;padding:4px 8px;" +
            "background:#fff;color:#222;border:2px solid #d95f02;border-radius:3px;font:600 12px system-ui,sans-serif;" +
            "box-shadow:0 1px 3px rgba(0,0,0,.4)}" +
            ".atlas-label{display:inline-block;transform:translate(-50%,-50%);white-space:nowrap;font:600 " + (options.labelPx || 12) + "px system-ui,sans-serif;" +
            "color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}";
        document.head.appendChild(labelStyle);
        quarterHover(map);
        // Tooltip parts the same for every restyle (the names), fetched once beside the geometry; a restyle
        // names them ({"shared": "names"}). Until they are here a tooltip goes without them.
        atlas.shared = {};
        Object.keys(options.shared || {}).forEach(function (name) {
            fetch(options.shared[name], {credentials: "same-origin"})
                .then(function (response) { return response.ok ? response.json() : []; })
                .then(function (list) { atlas.shared[name] = list; })
                .catch(function () { /* the tooltips then lack this part */ });
        });
        var started = performance.now();
        fetch(options.url, {credentials: "same-origin"})
            .then(function (response) {
                if (!response.ok) { throw new Error(response.status); }
                return response.json();
            })
            .then(function (data) {
                var fetched = performance.now(), count;
                if (atlas.canvas) {
                    atlas.areas = prepareAreas(data);
                    count = atlas.areas.n;
                    atlas.layer = new AreaCanvas(atlas.areas, atlas.base);
                    map.attributionControl.addAttribution(options.attribution);
                    takePending();  // drawn once, in the styles that came before the geometry
                    atlas.layer.addTo(map);
                } else {
                    data = atlasDecode(data);
                    count = data.features.length;
                    atlas.layer = L.geoJSON(data, {attribution: options.attribution}).addTo(map);
                    apply();
                }
                applyLabels();
                // milliseconds: fetched, then prepared and drawn
                document.body.setAttribute("data-atlas-areas-steps", [fetched - started, performance.now() - fetched]
                    .map(Math.round).join(","));
                document.body.setAttribute("data-atlas-areas-ms", String(Math.round(performance.now() - started)));
                document.body.setAttribute("data-atlas-areas", String(count));
            })
            .catch(function (error) {
                document.body.setAttribute("data-atlas-error", String(error));
            });
    }

    // Writes the map's centre and zoom into the page URL (lat, lon, z), in the browser, so that
    // panning and zooming never rerun the script; the page reads them when a shared link is opened.
    function urlSync(map) {
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
    }

    // The projects as clustered circle markers (geo/maps/project_markers.py; needs Leaflet.markercluster).
    function projectMarkers(group, rows) {
        var cluster = L.markerClusterGroup({maxClusterRadius: 40, disableClusteringAtZoom: 15});
        rows.forEach(function (p) {
            L.circleMarker([p.lat, p.lon], {
                radius: 8, color: "#000000", weight: 1, fill: true, fillColor: p.colour, fillOpacity: p.opacity
            }).bindTooltip(p.tooltip, {sticky: true}).bindPopup(p.popup, {maxWidth: 320}).addTo(cluster);
        });
        cluster.addTo(group);
    }

    window.atlasMap = {geoLayer: geoLayer, update: update, urlSync: urlSync, decode: atlasDecode,
                       projectMarkers: projectMarkers, canvasPane: canvasPane,
                       areaAt: function (latlng) { return atlas.areas ? areaAt(atlas.areas, latlng) : -1; },
                       prepare: prepareAreas, areaIn: areaAt, tooltipOf: tooltipOf, unpackStyle: unpackStyle};
})();
