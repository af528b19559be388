/* geo-incidents: incidents located only to a region or a country, drawn as their area (hatched,
 * on one canvas under the symbols). Each distinct area is decoded once and drawn once per view,
 * however many incidents stand for it; a region is its circle clipped to its country
 * (maps/html/data.py area_payload). */
(function () {
  'use strict';
  var GI = window.GeoIncidents = window.GeoIncidents || {};

  function hatch(color) {
    var tile = document.createElement('canvas'), ctx = tile.getContext('2d');
    tile.width = tile.height = 8;
    ctx.strokeStyle = color;
    ctx.globalAlpha = 0.45;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, 8); ctx.lineTo(8, 0);
    ctx.moveTo(-2, 2); ctx.lineTo(2, -2);
    ctx.moveTo(6, 10); ctx.lineTo(10, 6);
    ctx.stroke();
    return tile;
  }

  var EARTH_CIRCUMFERENCE_M = 40075016.686;

  GI.AreaLayer = L.Layer.extend({
    initialize: function (owner, areas, style) {
      this.owner = owner;
      var scale = areas.scale;
      this.style = style;
      this.kind = areas.kind;
      // [[ring of [lat, lon]], ...] per polygon, per area
      this.shapes = areas.shape.map(function (polys) {
        return polys.map(function (rings) {
          return rings.map(function (ring) { return GI.decode(ring, scale); });
        });
      });
      this.on = [];
      this.regions = [];
      this.drawn = 0;
    },

    /* Draw these area indexes, and the regions of these incidents, from now on. */
    setAreas: function (list, regions) {
      this.on = list;
      this.regions = regions || [];
      if (this._map) { this._redraw(); }
    },

    _trace: function (ctx, index) {
      var map = this._map;
      this.shapes[index].forEach(function (rings) {
        rings.forEach(function (ring) {
          for (var v = 0; v < ring.length; v++) {
            var p = map.latLngToContainerPoint(ring[v]);
            if (v === 0) { ctx.moveTo(p.x, p.y); } else { ctx.lineTo(p.x, p.y); }
          }
          ctx.closePath();
        });
      });
    },

    _paint: function (ctx) {
      ctx.globalAlpha = this.style.fillOpacity;
      ctx.fillStyle = this.style.color;
      ctx.fill('evenodd');
      ctx.globalAlpha = 1;
      ctx.fillStyle = this.pattern;
      ctx.fill('evenodd');
      ctx.globalAlpha = 0.6;
      ctx.strokeStyle = this.style.color;
      ctx.lineWidth = 1;
      ctx.stroke();
    },

    /* Regions by the country they are clipped to: circles of their radius, cut to it. */
    _drawRegions: function (ctx) {
      var map = this._map, d = this.owner.data, groups = {}, self = this;
      this.regions.forEach(function (i) { (groups[d.area[i]] = groups[d.area[i]] || []).push(i); });
      var mPerPx = EARTH_CIRCUMFERENCE_M / Math.pow(2, map.getZoom() + 8);
      Object.keys(groups).forEach(function (clip) {
        ctx.save();
        if (self.shapes[clip].length) {
          ctx.beginPath();
          self._trace(ctx, clip);
          ctx.clip('evenodd');
        }
        ctx.beginPath();
        groups[clip].forEach(function (i) {
          var r = d.unc[i] * 1000 / (mPerPx * Math.cos(d.lat[i] * Math.PI / 180));
          var p = map.latLngToContainerPoint([d.lat[i], d.lon[i]]);
          ctx.moveTo(p.x + r, p.y);
          ctx.arc(p.x, p.y, Math.max(r, 1), 0, Math.PI * 2);
        });
        self._paint(ctx);
        ctx.restore();
      });
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create('canvas', 'gi-areas leaflet-zoom-hide');
      map.getPane('giUncertainty').appendChild(this._canvas);
      map.on('moveend resize', this._redraw, this);
      this._redraw();
    },

    onRemove: function (map) {
      map.off('moveend resize', this._redraw, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
      this.drawn = 0;
    },

    _redraw: function () {
      var map = this._map, size = map.getSize(), canvas = this._canvas;
      var ratio = window.devicePixelRatio || 1;
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      canvas.style.width = size.x + 'px';
      canvas.style.height = size.y + 'px';
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = canvas.getContext('2d');
      ctx.scale(ratio, ratio);
      this.pattern = this.pattern || ctx.createPattern(hatch(this.style.color), 'repeat');
      ctx.beginPath();
      for (var k = 0; k < this.on.length; k++) { this._trace(ctx, this.on[k]); }
      this._paint(ctx);
      this._drawRegions(ctx);
      this.drawn = this.on.length + this.regions.length;
    }
  });
})();
