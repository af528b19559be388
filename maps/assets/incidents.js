/* geo-incidents: builds the incident layers of an HTML map in the browser from compact arrays.
 * All text from the data reaches the page through textContent or DOM properties, never as HTML;
 * only http(s) links become clickable. */
(function () {
  'use strict';

  var PRECISION = {1: 'day', 2: 'week', 3: 'month'};

  /* Vertices of a symbol of radius r centred on (0, 0), keyed by matplotlib marker code
   * (the codes maps/style.py uses); null means a circle. */
  function shapePoints(code, r) {
    var i, a, pts = [];
    switch (code) {
      case '^':
        return [[0, -r * 1.15], [r * 1.05, r * 0.75], [-r * 1.05, r * 0.75]];
      case 'D':
        return [[0, -r * 1.2], [r * 0.9, 0], [0, r * 1.2], [-r * 0.9, 0]];
      case 's':
        return [[-r * 0.9, -r * 0.9], [r * 0.9, -r * 0.9], [r * 0.9, r * 0.9], [-r * 0.9, r * 0.9]];
      case '*':
        for (i = 0; i < 10; i++) {
          a = -Math.PI / 2 + i * Math.PI / 5;
          var k = i % 2 ? 0.5 : 1.3;
          pts.push([Math.cos(a) * r * k, Math.sin(a) * r * k]);
        }
        return pts;
      case 'P':
      case 'x':
        var w = r * 0.38, l = r * 1.05;
        pts = [[-w, -l], [w, -l], [w, -w], [l, -w], [l, w], [w, w], [w, l], [-w, l], [-w, w],
               [-l, w], [-l, -w], [-w, -w]];
        if (code === 'x') {
          var c = Math.SQRT1_2;
          pts = pts.map(function (p) { return [(p[0] - p[1]) * c, (p[0] + p[1]) * c]; });
        }
        return pts;
      default:
        return null;
    }
  }

  function symbolSvg(code, color, size, stroke) {
    var ns = 'http://www.w3.org/2000/svg', r = size / 2 - 2;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', size);
    svg.setAttribute('height', size);
    svg.setAttribute('viewBox', [-size / 2, -size / 2, size, size].join(' '));
    var pts = shapePoints(code, r * 0.85), shape;
    if (pts) {
      shape = document.createElementNS(ns, 'polygon');
      shape.setAttribute('points', pts.map(function (p) { return p.join(','); }).join(' '));
    } else {
      shape = document.createElementNS(ns, 'circle');
      shape.setAttribute('r', r * 0.85);
    }
    shape.setAttribute('fill', color);
    shape.setAttribute('stroke', stroke || '#222');
    shape.setAttribute('stroke-width', '1');
    svg.appendChild(shape);
    return svg;
  }

  /* A circle marker that draws its event-type symbol on a canvas renderer. */
  var ShapeMarker = L.CircleMarker.extend({
    options: {shape: 'o'},
    _updatePath: function () {
      var rd = this._renderer, pts = shapePoints(this.options.shape, this._radius);
      if (!pts || !rd._ctx) { return L.CircleMarker.prototype._updatePath.call(this); }
      if (!rd._drawing || this._empty()) { return; }
      var ctx = rd._ctx, p = this._point;
      ctx.beginPath();
      ctx.moveTo(p.x + pts[0][0], p.y + pts[0][1]);
      for (var i = 1; i < pts.length; i++) { ctx.lineTo(p.x + pts[i][0], p.y + pts[i][1]); }
      ctx.closePath();
      rd._fillStroke(ctx, this);
    }
  });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /* The URL as an http(s) href, or null for any other scheme or an unparsable value. */
  function safeHref(url) {
    if (!url) { return null; }
    try {
      var parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  function link(url, label) {
    var href = safeHref(url);
    if (!href) { return el('span', 'gi-nolink', label || url); }
    var a = el('a', null, label || url);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function isoDay(day0, offset) {
    return new Date((day0 + offset) * 86400000).toISOString().slice(0, 10);
  }

  function fmt(n) { return Number(n).toLocaleString('en-US'); }

  function addRow(table, label, value) {
    if (value === '' || value === null || value === undefined) { return; }
    var tr = el('tr');
    tr.appendChild(el('th', null, label));
    var td = el('td');
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
    tr.appendChild(td);
    table.appendChild(tr);
  }

  function Incidents(map, data, refs) {
    this.map = map;
    this.data = data;
    this.meta = data.meta;
    this.refs = refs;
    this.n = data.lat.length;
    this.typeOn = this.meta.types.map(function (t) { return refs.types[t.key] ? true : false; });
    this.lo = 0;
    this.hi = Math.max(this.meta.days - 1, 0);
    this.shown = new Uint8Array(this.n);
    this.circleShown = new Uint8Array(this.n);
    this.busy = false;
    this.pending = false;
    this.ready = false;
    this.visible = 0;
    this._build();
  }

  Incidents.prototype._text = function (field, i) {
    return this.data.strings[this.data[field][i]];
  };

  Incidents.prototype._build = function () {
    var self = this, d = this.data, map = this.map, types = this.meta.types;
    map.createPane('giUncertainty').style.zIndex = 350;
    this.markerCanvas = L.canvas({padding: 0.3});
    this.circleCanvas = L.canvas({padding: 0.3, pane: 'giUncertainty'});
    var classes = types.map(function (t) {
      return ShapeMarker.extend({options: {
        renderer: self.markerCanvas, radius: 6, shape: t.marker, color: '#1a1a1a', weight: 1,
        opacity: 0.9, fillColor: t.color, fillOpacity: 0.95
      }});
    });
    this.markers = new Array(this.n);
    for (var i = 0; i < this.n; i++) {
      var m = new classes[d.type[i]]([d.lat[i], d.lon[i]]);
      m._gi = i;
      this.markers[i] = m;
    }
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true, chunkInterval: 150, chunkDelay: 20, showCoverageOnHover: false,
      maxClusterRadius: 45, spiderfyOnMaxZoom: true, removeOutsideVisibleBounds: true
    }).addTo(map);
    this.cluster.on('click', function (e) {
      var layer = e.layer || e.propagatedFrom;
      if (layer && layer._gi !== undefined) { self.openPopup(layer._gi, layer.getLatLng()); }
    });
    if (this.refs.circles) { this.circles = L.layerGroup().addTo(this.refs.circles); }
    if (this.refs.heat) {
      this.heat = L.heatLayer([], {radius: 18, blur: 20, minOpacity: 0.35, maxZoom: 10});
      this.refs.heat.addLayer(this.heat);
    }
    if (this.refs.places) { this._buildPlaces(); }
    map.on('overlayadd overlayremove', function (e) { self._onOverlay(e); });
    this._buildTitle();
    this._buildLegend();
    this._buildTimeControl();
    this.refresh();
  };

  Incidents.prototype._onOverlay = function (e) {
    var types = this.meta.types, changed = false;
    for (var k = 0; k < types.length; k++) {
      if (this.refs.types[types[k].key] === e.layer) {
        this.typeOn[k] = e.type === 'overlayadd';
        changed = true;
      }
    }
    if (changed || e.layer === this.refs.heat || e.layer === this.refs.circles) { this.refresh(); }
  };

  Incidents.prototype.isVisible = function (i) {
    var d = this.data;
    if (!this.typeOn[d.type[i]]) { return false; }
    var day = d.day[i];
    if (day === null) { return this.lo === 0 && this.hi >= this.meta.days - 1; }
    return day <= this.hi && day + d.cover[i] >= this.lo;
  };

  /* Bring markers, uncertainty circles and the heat map in line with the filters. */
  Incidents.prototype.refresh = function () {
    if (this.busy) { this.pending = true; return; }
    var d = this.data, add = [], remove = [], heatPts = [], visible = 0;
    var wantCircles = this.circles && this.map.hasLayer(this.refs.circles);
    var wantHeat = this.heat && this.map.hasLayer(this.refs.heat);
    for (var i = 0; i < this.n; i++) {
      var on = this.isVisible(i);
      if (on) { visible++; }
      if (on && !this.shown[i]) { add.push(this.markers[i]); }
      if (!on && this.shown[i]) { remove.push(this.markers[i]); }
      this.shown[i] = on ? 1 : 0;
      if (wantCircles) { this._syncCircle(i, on); }
      if (on && wantHeat) { heatPts.push([d.lat[i], d.lon[i], 1]); }
    }
    if (wantHeat) { this.heat.setLatLngs(heatPts); }
    this.visible = visible;
    this._updateStatus();
    if (remove.length) { this.cluster.removeLayers(remove); }
    this.busy = true;
    var self = this;
    var finish = function () {
      self.busy = false;
      if (!self.ready) {
        self.ready = true;
        self.readyAt = window.performance.now();
        self.map.getContainer().setAttribute('data-gi-ready', '1');
      }
      if (self.pending) { self.pending = false; self.refresh(); }
    };
    if (!add.length) { finish(); return; }
    var total = add.length;
    this.cluster.options.chunkProgress = function (done, all) {
      if (done >= all || done >= total) { self.cluster.options.chunkProgress = null; finish(); }
    };
    this.cluster.addLayers(add);
  };

  Incidents.prototype._syncCircle = function (i, on) {
    var d = this.data, km = d.unc[i];
    if (!(d.gp[i] > 1 && km > 0)) { return; }
    if (on && !this.circleShown[i]) {
      if (!this._circleObjs) { this._circleObjs = {}; }
      var c = this._circleObjs[i];
      if (!c) {
        c = this._circleObjs[i] = L.circle([d.lat[i], d.lon[i]], {
          radius: km * 1000, renderer: this.circleCanvas, interactive: false,
          color: this.refs.uncertainty.color, weight: 1, opacity: 0.5,
          fillOpacity: this.refs.uncertainty.fillOpacity
        });
      }
      this.circles.addLayer(c);
      this.circleShown[i] = 1;
    } else if (!on && this.circleShown[i]) {
      this.circles.removeLayer(this._circleObjs[i]);
      this.circleShown[i] = 0;
    }
  };

  Incidents.prototype.dateText = function (i) {
    var d = this.data, day = d.day[i], day0 = this.meta.day0;
    if (day === null) { return 'unknown'; }
    var text = isoDay(day0, day);
    if (d.span[i]) { text += ' to ' + isoDay(day0, day + d.span[i]); }
    var p = PRECISION[d.tp[i]];
    return p ? text + ' (precise to the ' + p + ')' : text;
  };

  Incidents.prototype.popupNode = function (i) {
    var d = this.data, type = this.meta.types[d.type[i]], self = this;
    var box = el('div', 'gi-popup');
    var head = el('div', 'gi-popup-head');
    head.appendChild(symbolSvg(type.marker, type.color, 16));
    head.appendChild(el('strong', null, type.label));
    box.appendChild(head);
    var table = el('table', 'gi-fields');
    var t = function (f) { return self._text(f, i); };
    addRow(table, 'Date', this.dateText(i));
    addRow(table, 'Status', t('status'));
    addRow(table, 'Place (as written)', t('place_name'));
    var resolved = t('resolved_name') + (t('place_id') ? ' [' + t('place_id') + ']' : '');
    addRow(table, 'Place (resolved)', resolved);
    var where = [t('admin1'), t('country')].filter(Boolean).join(', ');
    addRow(table, 'Area', where);
    var gp = d.gp[i];
    var gpText = gp === null ? '' : gp + ' - ' + (this.meta.geo_precision[gp] || '');
    if (d.unc[i] > 0) { gpText += (gpText ? '; ' : '') + 'within ' + d.unc[i] + ' km'; }
    addRow(table, 'Geo precision', gpText);
    addRow(table, 'Actor', t('actor'));
    addRow(table, 'Target', t('target'));
    if (d.n[i] > 1) { addRow(table, 'Events', d.n[i]); }
    addRow(table, 'Incident id', d.id[i]);
    box.appendChild(table);
    var refs = d.src[i];
    box.appendChild(el('div', 'gi-sources-head', refs.length ? 'Sources (' + refs.length + ')'
      : 'No source recorded'));
    var list = el('ol', 'gi-sources');
    refs.forEach(function (ref) {
      var s = d.sources[ref], S = d.strings;
      var url = S[s[0]], publisher = S[s[1]], published = S[s[2]], quote = S[s[3]];
      var item = el('li');
      var line = el('div', 'gi-source-line');
      line.appendChild(el('span', 'gi-publisher', publisher || 'Unknown publisher'));
      if (published) { line.appendChild(el('span', 'gi-published', ' (' + published + ')')); }
      item.appendChild(line);
      if (quote) { item.appendChild(el('blockquote', 'gi-quote', quote)); }
      if (url) { item.appendChild(link(url)); }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  };

  Incidents.prototype.openPopup = function (i, latlng) {
    L.popup({maxWidth: 380, maxHeight: 340, className: 'gi-popup-wrap'})
      .setLatLng(latlng).setContent(this.popupNode(i)).openOn(this.map);
  };

  Incidents.prototype._buildPlaces = function () {
    var self = this, sym = this.refs.placeSymbol;
    var box = el('div');
    box.appendChild(symbolSvg(sym.marker, sym.color, 14, '#ffffff'));
    var icon = L.divIcon({className: 'gi-place', html: box.innerHTML, iconSize: [14, 14]});
    this.refs.placeData.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], {icon: icon, title: p.name, zIndexOffset: -500});
      marker.bindPopup(function () { return self.placePopup(p); }, {maxWidth: 320});
      self.refs.places.addLayer(marker);
    });
  };

  Incidents.prototype.placePopup = function (p) {
    var box = el('div', 'gi-popup');
    var head = el('div', 'gi-popup-head');
    head.appendChild(symbolSvg(this.refs.placeSymbol.marker, this.refs.placeSymbol.color, 14));
    head.appendChild(el('strong', null, p.name || p.place_id));
    box.appendChild(head);
    var table = el('table', 'gi-fields');
    addRow(table, 'Kind', (p.kind || '').replace(/_/g, ' '));
    addRow(table, 'Area', [p.admin1, p.country].filter(Boolean).join(', '));
    if (p.uncertainty_m !== null) { addRow(table, 'Coordinate within', fmt(p.uncertainty_m) + ' m'); }
    if (p.incidents !== null) { addRow(table, 'Incidents', fmt(p.incidents)); }
    addRow(table, 'Place id', p.place_id);
    if (p.source) { addRow(table, 'Source', link(p.source)); }
    box.appendChild(table);
    return box;
  };

  Incidents.prototype._buildTitle = function () {
    var meta = this.meta, box = el('div', 'gi-title leaflet-control');
    box.appendChild(el('div', 'gi-title-main', this.refs.title));
    var sub = [];
    if (meta.dated) {
      sub.push(isoDay(meta.day0, 0) + ' to ' + isoDay(meta.day0, meta.days - 1));
    }
    sub.push(fmt(meta.located) + ' incidents mapped');
    if (meta.not_located) { sub.push(fmt(meta.not_located) + ' not located'); }
    box.appendChild(el('div', 'gi-title-sub', sub.join(' \u00b7 ')));
    L.DomEvent.disableClickPropagation(box);
    this.map.getContainer().appendChild(box);
  };

  Incidents.prototype._buildLegend = function () {
    var self = this, Legend = L.Control.extend({
      options: {position: 'bottomright'},
      onAdd: function () {
        var box = el('div', 'gi-legend leaflet-control');
        box.appendChild(el('div', 'gi-legend-head', 'Incidents by type'));
        self.meta.types.forEach(function (t) {
          if (!t.count) { return; }
          var row = el('div', 'gi-legend-row');
          row.setAttribute('data-type', t.key);
          row.appendChild(symbolSvg(t.marker, t.color, 16));
          row.appendChild(el('span', 'gi-legend-label', t.label));
          row.appendChild(el('span', 'gi-legend-count', fmt(t.count)));
          box.appendChild(row);
        });
        if (self.refs.placeData && self.refs.placeData.length) {
          var row = el('div', 'gi-legend-row');
          row.appendChild(symbolSvg(self.refs.placeSymbol.marker, self.refs.placeSymbol.color, 16,
            '#fff'));
          row.appendChild(el('span', 'gi-legend-label', self.refs.placeSymbol.label));
          row.appendChild(el('span', 'gi-legend-count', fmt(self.refs.placeData.length)));
          box.appendChild(row);
        }
        if (self.refs.circles) {
          var urow = el('div', 'gi-legend-row');
          var ring = el('span', 'gi-legend-ring');
          ring.style.borderColor = self.refs.uncertainty.color;
          urow.appendChild(ring);
          urow.appendChild(el('span', 'gi-legend-label', 'Uncertainty area (not a point)'));
          box.appendChild(urow);
        }
        if (self.meta.not_located) {
          box.appendChild(el('div', 'gi-legend-note',
            fmt(self.meta.not_located) + ' not located (no coordinates, not drawn)'));
        }
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Legend().addTo(this.map);
  };

  Incidents.prototype._buildTimeControl = function () {
    var self = this, meta = this.meta;
    var Time = L.Control.extend({
      options: {position: 'bottomleft'},
      onAdd: function () {
        var box = el('div', 'gi-time leaflet-control');
        self.statusNode = el('div', 'gi-status');
        if (meta.dated && meta.days > 1) {
          box.appendChild(el('div', 'gi-time-head', 'Dates shown'));
          var make = function (name, value) {
            var label = el('label', 'gi-time-row');
            label.appendChild(el('span', 'gi-time-name', name));
            var input = el('input', 'gi-range gi-range-' + name.toLowerCase());
            input.type = 'range';
            input.min = 0;
            input.max = meta.days - 1;
            input.step = 1;
            input.value = value;
            input.setAttribute('aria-label', name + ' date');
            label.appendChild(input);
            var out = el('output', 'gi-time-value');
            label.appendChild(out);
            box.appendChild(label);
            return {input: input, out: out};
          };
          var from = make('From', 0), to = make('To', meta.days - 1), timer = null;
          var sync = function (moved) {
            var lo = Number(from.input.value), hi = Number(to.input.value);
            if (lo > hi) {
              if (moved === from) { to.input.value = lo; hi = lo; } else { from.input.value = hi; lo = hi; }
            }
            from.out.textContent = isoDay(meta.day0, lo);
            to.out.textContent = isoDay(meta.day0, hi);
            self.lo = lo;
            self.hi = hi;
          };
          [from, to].forEach(function (ctl) {
            ctl.input.addEventListener('input', function () {
              sync(ctl);
              clearTimeout(timer);
              timer = setTimeout(function () { self.refresh(); }, self.n > 20000 ? 200 : 30);
            });
          });
          sync(null);
          self.timeInputs = {from: from.input, to: to.input};
        }
        box.appendChild(self.statusNode);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Time().addTo(this.map);
  };

  Incidents.prototype._updateStatus = function () {
    if (this.statusNode) {
      this.statusNode.textContent = 'Showing ' + fmt(this.visible) + ' of ' + fmt(this.n) +
        ' mapped incidents';
      this.statusNode.setAttribute('data-visible', String(this.visible));
    }
  };

  window.GeoIncidents = {
    instances: [],
    ShapeMarker: ShapeMarker,
    safeHref: safeHref,
    init: function (map, dataNode, refs) {
      var data = JSON.parse(dataNode.textContent);
      refs.placeData = data.places;
      var inst = new Incidents(map, data, refs);
      this.instances.push(inst);
      return inst;
    }
  };
})();
