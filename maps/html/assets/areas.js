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

  GI.AreaLayer = GI.CanvasLayer.extend({
    canvasClass: 'gi-areas',
    canvasPane: 'giUncertainty',

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
      var mPerPx = GI.metresPerPixel(map);
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

    _redraw: function () {
      var ctx = this._fitCanvas(this._map.getSize());
      this.pattern = this.pattern || ctx.createPattern(hatch(this.style.color), 'repeat');
      ctx.beginPath();
      for (var k = 0; k < this.on.length; k++) { this._trace(ctx, this.on[k]); }
      this._paint(ctx);
      this._drawRegions(ctx);
      this.drawn = this.on.length + this.regions.length;
    }
  });
})();
