/* geo-incidents: the two layers that must stay fast with 100k incidents.
 * ClusterLayer: a cluster index (cluster_index.js) of the incidents that pass the filters;
 * each view draws only its clusters (small DOM icons showing the type mix) and lone incidents
 * (canvas symbols). UncertaintyLayer: every uncertainty circle in view drawn on one canvas
 * (a CanvasLayer, as areas.js's AreaLayer is). */
(function () {
  'use strict';
  var GI = window.GeoIncidents = window.GeoIncidents || {};
  var EARTH_CIRCUMFERENCE_M = 40075016.686;
  var MAX_OUTLINED = 400;  // more circles than this in view: shaded area only, no outlines

  function shortCount(n) {
    if (n >= 10000) { return Math.round(n / 1000) + 'k'; }
    if (n >= 1000) { return (Math.round(n / 100) / 10) + 'k'; }
    return String(n);
  }

  GI.ClusterLayer = L.Layer.extend({
    initialize: function (owner, options) {
      this.owner = owner;
      this.options = L.extend({radius: 45, maxZoom: 17}, options);  // radius in screen px
      this.index = null;
      this.clusters = L.layerGroup();
      this.points = L.featureGroup();
      this.points.on('click', function (e) {
        var layer = e.propagatedFrom || e.layer;
        if (layer && layer._gi !== undefined) { owner.openPopup(layer._gi, layer.getLatLng()); }
      });
    },

    /* Cluster these incident indexes from now on. */
    setPoints: function (ids) {
      var d = this.owner.data;
      this.index = new GI.ClusterIndex({radius: this.options.radius, maxZoom: this.options.maxZoom,
        nTypes: this.owner.meta.types.length}).load(ids, d.lat, d.lon, d.type);
      this._update();
    },

    onAdd: function (map) {
      this.clusters.addTo(map);
      this.points.addTo(map);
      map.on('moveend', this._update, this);
      this._update();
    },

    onRemove: function (map) {
      map.off('moveend', this._update, this);
      map.removeLayer(this.clusters);
      map.removeLayer(this.points);
    },

    _update: function () {
      if (!this._map || !this.index) { return; }
      var b = this._map.getBounds().pad(0.2), zoom = Math.round(this._map.getZoom());
      var found = this.index.getClusters(
        [Math.max(b.getWest(), -180), b.getSouth(), Math.min(b.getEast(), 180), b.getNorth()],
        zoom);
      this.clusters.clearLayers();
      this.points.clearLayers();
      for (var k = 0; k < found.length; k++) {
        var f = found[k];
        if (f.cluster) {
          this.clusters.addLayer(this._clusterMarker(f, L.latLng(f.lat, f.lon)));
        } else {
          this.points.addLayer(this.owner.marker(f.i));
        }
      }
    },

    _clusterMarker: function (f, latlng) {
      var self = this, count = f.count;
      var size = Math.round(28 + 7 * Math.log10(count));
      var stops = [], start = 0;
      this.owner.meta.types.forEach(function (t, k) {
        var share = f.counts[k] / count;
        if (share > 0) {
          stops.push(t.color + ' ' + (start * 360) + 'deg ' + ((start + share) * 360) + 'deg');
          start += share;
        }
      });
      var ring = GI.el('div', 'gi-cluster-ring');
      ring.style.background = 'conic-gradient(' + stops.join(', ') + ')';
      ring.setAttribute('data-count', String(count));
      ring.appendChild(GI.el('span', null, shortCount(count)));
      var marker = L.marker(latlng, {
        icon: L.divIcon({html: ring, className: 'marker-cluster gi-cluster', iconSize: [size, size]}),
        title: count + ' incidents', keyboard: false
      });
      marker.on('click', function () { self._open(f.node, latlng); });
      return marker;
    },

    /* Zoom into a cluster, or list its incidents when they never split (same coordinates). */
    _open: function (node, latlng) {
      var zoom = this.index.expansionZoom(node);
      if (zoom <= this.options.maxZoom && zoom <= this._map.getMaxZoom()) {
        this._map.setView(latlng, zoom);
        return;
      }
      this.owner.openList(this.index.leaves(node), latlng);
    }
  });

  /* Metres one screen pixel spans at the equator, at the map's zoom (Web Mercator). */
  GI.metresPerPixel = function (map) {
    return EARTH_CIRCUMFERENCE_M / Math.pow(2, map.getZoom() + 8);
  };

  /* A layer drawn on one canvas the size of the view, redrawn whenever the view moves; its
   * extensions give canvasClass (and canvasPane) and a _redraw that starts with _fitCanvas. */
  GI.CanvasLayer = L.Layer.extend({
    onAdd: function (map) {
      this._canvas = L.DomUtil.create('canvas', this.canvasClass + ' leaflet-zoom-hide');
      var pane = this.canvasPane || this.options.pane || 'giUncertainty';
      map.getPane(pane).appendChild(this._canvas);
      map.on('moveend resize', this._redraw, this);
      this._redraw();
    },

    onRemove: function (map) {
      map.off('moveend resize', this._redraw, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
      this.drawn = 0;
    },

    /* The canvas fitted to the view (sharp on high-density screens): its 2D context. */
    _fitCanvas: function (size) {
      var map = this._map, canvas = this._canvas, ratio = window.devicePixelRatio || 1;
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      canvas.style.width = size.x + 'px';
      canvas.style.height = size.y + 'px';
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = canvas.getContext('2d');
      ctx.scale(ratio, ratio);
      return ctx;
    }
  });

  GI.UncertaintyLayer = GI.CanvasLayer.extend({
    canvasClass: 'gi-uncertainty',
    initialize: function (owner, style) {
      this.owner = owner;
      this.style = style;
      this.ids = [];
      this.drawn = 0;
    },

    setIds: function (ids) {
      this.ids = ids;
      if (this._map) { this._redraw(); }
    },

    _redraw: function () {
      var map = this._map, size = map.getSize(), d = this.owner.data;
      var ctx = this._fitCanvas(size);
      var metresPerPixelAtEquator = GI.metresPerPixel(map);
      var drawn = 0;
      ctx.beginPath();
      for (var k = 0; k < this.ids.length; k++) {
        var i = this.ids[k], lat = d.lat[i];
        var r = d.unc[i] * 1000 / (metresPerPixelAtEquator * Math.cos(lat * Math.PI / 180));
        var p = map.latLngToContainerPoint([lat, d.lon[i]]);
        if (p.x + r < 0 || p.y + r < 0 || p.x - r > size.x || p.y - r > size.y) { continue; }
        ctx.moveTo(p.x + r, p.y);
        ctx.arc(p.x, p.y, Math.max(r, 1), 0, Math.PI * 2);
        drawn++;
      }
      ctx.fillStyle = this.style.color;
      ctx.globalAlpha = this.style.fillOpacity;
      ctx.fill();
      if (drawn <= MAX_OUTLINED) {
        ctx.globalAlpha = 0.55;
        ctx.strokeStyle = this.style.color;
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }
      this.drawn = drawn;
    }
  });
})();
