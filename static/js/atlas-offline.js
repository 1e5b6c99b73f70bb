/* The map of an exported view (geo/maps/standalone.py embeds this file, Leaflet and the data in one
 * HTML file: no server, no network). atlasOffline(view) draws view.data (GeoJSON) with the per-area
 * styles, tooltips (escaped HTML) and names (text), over the embedded or linked basemap.
 */
window.atlasOffline = function (view) {
  var data = view.data, styles = view.styles, tooltips = view.tooltips, base = view.base;
  var map = L.map("map", {zoomSnap: 0.25, maxZoom: 19});
  var basemap = view.basemap;
  if (basemap && basemap.tiles) {
    // the view's tiles travel inside this file: streets with no network at all
    var Embedded = L.GridLayer.extend({createTile: function (c) {
      var img = document.createElement("img");
      var src = basemap.tiles[c.z + "/" + c.x + "/" + c.y];
      if (src) { img.src = src; } else { img.style.visibility = "hidden"; }
      img.alt = "";
      return img;
    }});
    new Embedded({minNativeZoom: basemap.minZoom, maxNativeZoom: basemap.maxZoom, maxZoom: 19,
                  attribution: basemap.attribution, opacity: basemap.opacity}).addTo(map);
  } else if (basemap && basemap.url) {
    L.tileLayer(basemap.url, {maxZoom: 19, attribution: basemap.attribution, opacity: basemap.opacity}).addTo(map);
  }
  var layer = L.geoJSON(data, {
    style: function (f) { return Object.assign({}, base, styles[f.id] || {}); },
    onEachFeature: function (f, l) { if (tooltips[f.id]) { l.bindTooltip(tooltips[f.id], {sticky: true}); } }
  }).addTo(map);
  var names = view.labels;
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
  (view.quarters || []).forEach(function (q) {  // self-drawn quarters: a heavy outline with their name
    var name = document.createElement("span");
    name.textContent = q.name;  // text, never HTML
    L.geoJSON(q.geometry, {style: {color: "#d95f02", weight: 4, opacity: 1, fill: false}, interactive: true})
      .bindTooltip(name, {sticky: true}).addTo(map);
  });
  map.fitBounds(layer.getBounds());
  window.atlasLayer = layer;
};
