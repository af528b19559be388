/* geo-incidents: the offline basemap (Natural Earth land, coasts, borders; country and city
 * names) drawn from the arrays maps/html/basemap.py embeds. Sea is the map's background while
 * this base layer is on. Names are placed biggest first and never on top of one another; they
 * sit below every incident layer. */
(function () {
  'use strict';
  var GI = window.GeoIncidents = window.GeoIncidents || {};
  var STYLE = {sea: '#dce9f2', land: '#f4f1ea', coast: '#8fb0c6', border: '#8c8c8c'};

  /* [x0, y0, dx, dy, ...] on a 1/scale degree grid -> [[lat, lon], ...] */
  function decode(flat, scale) {
    var out = new Array(flat.length / 2), x = 0, y = 0;
    for (var k = 0; k < flat.length; k += 2) {
      x += flat[k];
      y += flat[k + 1];
      out[k / 2] = [y / scale, x / scale];
    }
    return out;
  }
  GI.decode = decode;

  /* Zoom from which a city is named: capitals and the largest first. */
  function cityZoom(pop, capital) {
    if (capital || pop >= 5e6) { return 4; }
    if (pop >= 1e6) { return 5; }
    if (pop >= 4e5) { return 6; }
    if (pop >= 2e5) { return 7; }
    return 8;
  }

  GI.Basemap = L.Layer.extend({
    initialize: function (data) {
      this.data = data;
      this.options.attribution = data.attribution;
      this.layers = null;
      this.labels = [];
    },

    _build: function (map) {
      var renderer = L.canvas({pane: 'giBase', padding: 0.5}), group = L.layerGroup();
      this.data.layers.forEach(function (layer) {
        var scale = layer.scale;
        layer.land.forEach(function (country) {
          var polys = country.map(function (poly) {
            return poly.map(function (ring) { return decode(ring, scale); });
          });
          group.addLayer(L.polygon(polys, {renderer: renderer, stroke: false, fillColor:
            STYLE.land, fillOpacity: 1, interactive: false, smoothFactor: 0.5}));
        });
        var lines = function (list) { return list.map(function (l) { return decode(l, scale); }); };
        if (layer.coast.length) {
          group.addLayer(L.polyline(lines(layer.coast), {renderer: renderer, color: STYLE.coast,
            weight: 0.8, opacity: 1, interactive: false, smoothFactor: 0.5}));
        }
        if (layer.borders.length) {
          group.addLayer(L.polyline(lines(layer.borders), {renderer: renderer, color: STYLE.border,
            weight: 1, opacity: 0.9, dashArray: '5 3', interactive: false, smoothFactor: 0.5}));
        }
      });
      this.layers = group;
      var labels = [];
      this.data.countries.forEach(function (c) {
        labels.push({text: c[0].toUpperCase(), lat: c[1], lon: c[2], kind: 'country',
          minZoom: Math.max(2, c[3]), rank: c[3]});
      });
      this.data.cities.forEach(function (c) {
        labels.push({text: c[0], lat: c[1], lon: c[2], kind: c[4] ? 'capital' : 'city',
          minZoom: cityZoom(c[3], c[4]), rank: 10 - Math.log10(c[3] + 1) - (c[4] ? 3 : 0)});
      });
      labels.sort(function (a, b) { return a.minZoom - b.minZoom || a.rank - b.rank; });
      this.labels = labels;
    },

    onAdd: function (map) {
      if (!map.getPane('giBase')) {
        map.createPane('giBase').style.zIndex = 150;
        map.createPane('giLabels').style.zIndex = 390;
        map.getPane('giLabels').style.pointerEvents = 'none';
      }
      if (!this.layers) { this._build(map); }
      this.layers.addTo(map);
      this._box = L.DomUtil.create('div', 'gi-base-labels', map.getPane('giLabels'));
      map.getContainer().classList.add('gi-offline');
      map.getContainer().style.background = STYLE.sea;
      map.on('zoomstart', this._hide, this);
      map.on('moveend', this._place, this);
      this._place();
    },

    onRemove: function (map) {
      map.removeLayer(this.layers);
      map.off('zoomstart', this._hide, this);
      map.off('moveend', this._place, this);
      L.DomUtil.remove(this._box);
      map.getContainer().classList.remove('gi-offline');
      map.getContainer().style.background = '';
    },

    _hide: function () { this._box.style.display = 'none'; },

    /* Names in view, each where it does not touch a name already placed. */
    _place: function () {
      var map = this._map, zoom = map.getZoom(), size = map.getSize(), taken = [];
      var box = this._box, placed = 0;
      box.replaceChildren();
      box.style.display = '';
      var origin = map.containerPointToLayerPoint([0, 0]);
      for (var k = 0; k < this.labels.length; k++) {
        var lab = this.labels[k];
        if (lab.minZoom > zoom) { break; }
        var p = map.latLngToContainerPoint([lab.lat, lab.lon]);
        if (p.x < -50 || p.y < -20 || p.x > size.x + 50 || p.y > size.y + 20) { continue; }
        var country = lab.kind === 'country';
        var w = lab.text.length * (country ? 7.6 : 6.6) + 6, h = country ? 14 : 13;
        var r = country ? {x0: p.x - w / 2, y0: p.y - h / 2, x1: p.x + w / 2, y1: p.y + h / 2}
          : {x0: p.x - 4, y0: p.y - h / 2, x1: p.x + 6 + w, y1: p.y + h / 2};
        var clash = false;
        for (var j = 0; j < taken.length && !clash; j++) {
          var t = taken[j];
          clash = r.x0 < t.x1 && r.x1 > t.x0 && r.y0 < t.y1 && r.y1 > t.y0;
        }
        if (clash) { continue; }
        taken.push(r);
        var node = GI.el('div', 'gi-base-label gi-base-' + lab.kind, lab.text);
        node.style.left = (p.x + origin.x) + 'px';
        node.style.top = (p.y + origin.y) + 'px';
        box.appendChild(node);
        placed++;
      }
      this.placed = placed;
    }
  });
})();
