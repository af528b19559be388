/* geo-incidents: a heat map of incident density on one canvas.
 * Points in view are summed on a pixel grid a third of the radius wide; each cell stamps a
 * blurred disc whose opacity grows with its count (darkest at the busiest cell); the stacked
 * alpha is then coloured through a blue-to-red ramp. */
(function () {
  'use strict';
  var GI = window.GeoIncidents = window.GeoIncidents || {};
  var RAMP = [[0.0, '#2c7bb6'], [0.35, '#00a6ca'], [0.55, '#90eb9d'], [0.75, '#f9d057'],
    [0.9, '#f29e2e'], [1.0, '#d7191c']];

  function stamp(radius, blur) {
    var canvas = document.createElement('canvas'), r = radius + blur;
    canvas.width = canvas.height = 2 * r;
    var ctx = canvas.getContext('2d');
    var grad = ctx.createRadialGradient(r, r, Math.max(radius - blur, 0), r, r, r);
    grad.addColorStop(0, 'rgba(0,0,0,1)');
    grad.addColorStop(1, 'rgba(0,0,0,0)');
    ctx.fillStyle = grad;
    ctx.fillRect(0, 0, 2 * r, 2 * r);
    return canvas;
  }

  function palette() {
    var canvas = document.createElement('canvas');
    canvas.width = 256;
    canvas.height = 1;
    var ctx = canvas.getContext('2d'), grad = ctx.createLinearGradient(0, 0, 256, 0);
    RAMP.forEach(function (stop) { grad.addColorStop(stop[0], stop[1]); });
    ctx.fillStyle = grad;
    ctx.fillRect(0, 0, 256, 1);
    return ctx.getImageData(0, 0, 256, 1).data;
  }

  GI.HeatLayer = L.Layer.extend({
    options: {radius: 18, blur: 15, minOpacity: 0.3, maxOpacity: 0.85},

    initialize: function (options) {
      L.setOptions(this, options);
      this.latlngs = [];
      this.painted = 0;
    },

    setLatLngs: function (latlngs) {
      this.latlngs = latlngs;
      if (this._map) { this._redraw(); }
      return this;
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create('canvas', 'gi-heat leaflet-zoom-hide');
      map.getPanes().overlayPane.appendChild(this._canvas);
      this._stamp = this._stamp || stamp(this.options.radius, this.options.blur);
      this._palette = this._palette || palette();
      map.on('moveend resize', this._redraw, this);
      this._redraw();
    },

    onRemove: function (map) {
      map.off('moveend resize', this._redraw, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
    },

    _redraw: function () {
      var map = this._map, size = map.getSize(), canvas = this._canvas, o = this.options;
      canvas.width = size.x;
      canvas.height = size.y;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = canvas.getContext('2d'), cell = Math.max(2, Math.round(o.radius / 3));
      var r = o.radius + o.blur, grid = new Map(), max = 0, k;
      for (k = 0; k < this.latlngs.length; k++) {
        var p = map.latLngToContainerPoint(this.latlngs[k]);
        if (p.x < -r || p.y < -r || p.x > size.x + r || p.y > size.y + r) { continue; }
        var key = Math.floor(p.y / cell) * 100000 + Math.floor(p.x / cell);
        var c = grid.get(key);
        if (c) { c[0] += p.x; c[1] += p.y; c[2] += 1; } else { grid.set(key, [p.x, p.y, 1]); }
      }
      grid.forEach(function (c) { if (c[2] > max) { max = c[2]; } });
      var self = this;
      grid.forEach(function (c) {
        ctx.globalAlpha = Math.min(1, Math.max(o.minOpacity, Math.sqrt(c[2] / max)));
        ctx.drawImage(self._stamp, c[0] / c[2] - r, c[1] / c[2] - r);
      });
      this.painted = grid.size;
      if (!grid.size) { return; }
      var image = ctx.getImageData(0, 0, size.x, size.y), px = image.data, pal = this._palette;
      for (k = 3; k < px.length; k += 4) {
        var a = px[k];
        if (!a) { continue; }
        var at = a * 4;
        px[k - 3] = pal[at];
        px[k - 2] = pal[at + 1];
        px[k - 1] = pal[at + 2];
        px[k] = Math.round(a * o.maxOpacity);
      }
      ctx.putImageData(image, 0, 0);
    }
  });
})();
