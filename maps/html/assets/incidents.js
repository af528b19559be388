/* geo-incidents: the incident layers of an HTML map, built in the browser from compact arrays.
 * Filters (type overlays, dates) decide which incidents the clusters, uncertainty circles and
 * heat map show. Popups are DOM built with textContent; only http(s) links are clickable. */
(function () {
  'use strict';
  var GI = window.GeoIncidents = window.GeoIncidents || {};
  var el = GI.el;
  var PRECISION = {1: 'day', 2: 'week', 3: 'month'};

  function addRow(table, label, value) {
    if (value === '' || value === null || value === undefined) { return; }
    var tr = el('tr');
    tr.appendChild(el('th', null, label));
    var td = el('td');
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
    tr.appendChild(td);
    table.appendChild(tr);
  }

  function isConst(col) {
    return col !== null && typeof col === 'object' && !Array.isArray(col) && 'const' in col;
  }

  /* Columns stored once as {"const": v} (also text codes) become ordinary arrays again. */
  function expand(data, n) {
    Object.keys(data).forEach(function (key) {
      var col = data[key];
      if (isConst(col)) { data[key] = new Array(n).fill(col['const']); }
      if (col && isConst(col.codes)) { col.codes = new Array(n).fill(col.codes['const']); }
    });
  }

  function Incidents(map, data, refs) {
    this.map = map;
    this.data = data;
    this.meta = data.meta;
    this.refs = refs;
    this.n = data.meta.located;
    expand(data, this.n);
    this.typeOn = this.meta.types.map(function (t) { return Boolean(refs.types[t.key]); });
    this.lo = 0;
    this.hi = Math.max(this.meta.days - 1, 0);
    this.markers = new Array(this.n);
    this.ready = false;
    this.visible = 0;
    this._build();
  }

  Incidents.prototype._build = function () {
    var self = this, map = this.map, timings = this.data.timings;
    map.createPane('giUncertainty').style.zIndex = 350;
    this.markerCanvas = L.canvas({padding: 0.3});
    this.markerClasses = this.meta.types.map(function (t) {
      return GI.ShapeMarker.extend({options: {
        renderer: self.markerCanvas, radius: 6, shape: t.marker, color: '#1a1a1a', weight: 1,
        opacity: 0.9, fillColor: t.color, fillOpacity: 0.95
      }});
    });
    if (this.refs.basemap && this.refs.basemapData) {
      this.basemap = new GI.Basemap(JSON.parse(this.refs.basemapData.textContent));
      this.refs.basemap.addLayer(this.basemap);
    }
    this.clusters = new GI.ClusterLayer(this).addTo(map);
    if (this.data.areas.kind.length) {
      this.areas = new GI.AreaLayer(this, this.data.areas, this.meta.area).addTo(map);
    }
    if (this.refs.circles) {
      this.uncertainty = new GI.UncertaintyLayer(this, this.refs.uncertainty);
      this.refs.circles.addLayer(this.uncertainty);
    }
    if (this.refs.heat) {
      this.heat = new GI.HeatLayer({radius: 18, blur: 15, minOpacity: 0.3});
      this.refs.heat.addLayer(this.heat);
    }
    if (this.refs.places) { this._buildPlaces(); }
    map.on('overlayadd overlayremove', function (e) { self._onOverlay(e); });
    GI.addTitle(this);
    GI.addLegend(this);
    GI.addTimeControl(this);
    timings.controls = window.performance.now();
    this.refresh();
    this.ready = true;
    this.readyAt = window.performance.now();
    timings.ready = this.readyAt;
    map.getContainer().setAttribute('data-gi-ready', '1');
  };

  /* The canvas symbol of incident i (made on first use). */
  Incidents.prototype.marker = function (i) {
    var m = this.markers[i];
    if (!m) {
      var review = this.meta.review, state = this._text('reviewed', i), look = {};
      if (this.data.area[i] >= 0) {  // located only to a region or country: a hollow symbol
        look = {fillOpacity: this.meta.area.symbolFill, weight: 2,
          color: this.meta.types[this.data.type[i]].color};
      }
      if (review && state && state !== 'machine') {  // a person confirmed or changed it
        look.color = review.outline;
        look.weight = review.width;
      }
      m = this.markers[i] = new this.markerClasses[this.data.type[i]]([this.data.lat[i],
        this.data.lon[i]], look);
      m._gi = i;
    }
    return m;
  };

  Incidents.prototype._onOverlay = function (e) {
    var types = this.meta.types, changed = false;
    for (var k = 0; k < types.length; k++) {
      if (this.refs.types[types[k].key] === e.layer) {
        this.typeOn[k] = e.type === 'overlayadd';
        changed = true;
      }
    }
    if (changed || e.layer === this.refs.heat) { this.refresh(); }
  };

  Incidents.prototype.isVisible = function (i) {
    var d = this.data;
    if (!this.typeOn[d.type[i]]) { return false; }
    var day = d.day[i];
    if (day === null) { return this.lo === 0 && this.hi >= this.meta.days - 1; }
    return day <= this.hi && day + d.cover[i] >= this.lo;
  };

  /* Bring clusters, uncertainty circles and the heat map in line with the filters. */
  Incidents.prototype.refresh = function () {
    var d = this.data, ids = [], circles = [], heat = [], areas = [], seen = {}, regions = [];
    var wantHeat = this.heat && this.map.hasLayer(this.refs.heat);
    for (var i = 0; i < this.n; i++) {
      if (!this.isVisible(i)) { continue; }
      ids.push(i);
      if (d.gp[i] > 1 && d.gp[i] <= this.refs.uncertainty.maxPrecision && d.unc[i] > 0) {
        circles.push(i);
      }
      if (d.area[i] >= 0 && d.areas.kind[d.area[i]] === 'clip') { regions.push(i); }
      else if (d.area[i] >= 0 && !seen[d.area[i]]) { seen[d.area[i]] = true; areas.push(d.area[i]); }
      if (wantHeat) { heat.push([d.lat[i], d.lon[i]]); }
    }
    if (this.areas) { this.areas.setAreas(areas, regions); }
    this.visible = ids.length;
    this.clusters.setPoints(ids);
    if (this.uncertainty) { this.uncertainty.setIds(circles); }
    if (wantHeat) { this.heat.setLatLngs(heat); }
    GI.updateStatus(this);
  };

  Incidents.prototype._text = function (field, i) {
    return this.data[field].values[this.data[field].codes[i]];
  };

  Incidents.prototype.dateText = function (i) {
    var d = this.data, day = d.day[i], day0 = this.meta.day0;
    if (day === null) { return 'unknown'; }
    var text = GI.isoDay(day0, day);
    if (d.span[i]) { text += ' to ' + GI.isoDay(day0, day + d.span[i]); }
    var p = PRECISION[d.tp[i]];
    return p ? text + ' (precise to the ' + p + ')' : text;
  };

  Incidents.prototype.popupNode = function (i) {
    var d = this.data, type = this.meta.types[d.type[i]], self = this;
    var box = el('div', 'gi-popup');
    var head = el('div', 'gi-popup-head');
    head.appendChild(GI.symbolSvg(type.marker, type.color, 16));
    head.appendChild(el('strong', null, type.label));
    box.appendChild(head);
    var table = el('table', 'gi-fields');
    var t = function (f) { return self._text(f, i); };
    addRow(table, 'Date', this.dateText(i));
    addRow(table, 'Status', t('status'));
    addRow(table, 'Place (as written)', t('place_name'));
    addRow(table, 'Place (resolved)',
      t('resolved_name') + (t('place_id') ? ' [' + t('place_id') + ']' : ''));
    addRow(table, 'Area', [t('admin1'), t('country')].filter(Boolean).join(', '));
    var gp = d.gp[i];
    var gpText = gp === null ? '' : gp + ' - ' + (this.meta.geo_precision[gp] || '');
    if (d.unc[i] > 0) { gpText += (gpText ? '; ' : '') + 'within ' + d.unc[i] + ' km'; }
    addRow(table, 'Geo precision', gpText);
    if (d.area[i] >= 0) {
      var kind = d.areas.kind[d.area[i]] === 'clip' ? 'region' : d.areas.kind[d.area[i]];
      addRow(table, 'Located only to', (this.meta.area.labels[kind] || '') +
        ' (hatched area; the symbol marks no site)');
    }
    addRow(table, 'Actor', t('actor'));
    addRow(table, 'Target', t('target'));
    if (d.n[i] > 1) { addRow(table, 'Events', d.n[i]); }
    var labels = (this.meta.review || {}).labels || {};
    addRow(table, 'Review', labels[t('reviewed') || 'machine'] || t('reviewed'));
    addRow(table, 'Incident id', d.id[i]);
    box.appendChild(table);
    var refs = d.src[i];
    box.appendChild(el('div', 'gi-sources-head',
      refs.length ? 'Sources (' + refs.length + ')' : 'No source recorded'));
    var list = el('ol', 'gi-sources'), S = d.sources;
    refs.forEach(function (ref) {
      var url = S.values[S.url[ref]], publisher = S.values[S.publisher[ref]];
      var published = S.values[S.published[ref]], quote = S.values[S.quote[ref]];
      var item = el('li');
      var line = el('div', 'gi-source-line');
      line.appendChild(el('span', 'gi-publisher', publisher || 'Unknown publisher'));
      if (published) { line.appendChild(el('span', 'gi-published', ' (' + published + ')')); }
      item.appendChild(line);
      if (quote) { item.appendChild(el('blockquote', 'gi-quote', quote)); }
      if (url) { item.appendChild(GI.link(url)); }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  };

  Incidents.prototype.openPopup = function (i, latlng) {
    L.popup({maxWidth: 380, maxHeight: 340, className: 'gi-popup-wrap'})
      .setLatLng(latlng).setContent(this.popupNode(i)).openOn(this.map);
  };

  /* A popup paging through incidents that share one location. */
  Incidents.prototype.openList = function (ids, latlng) {
    var self = this, at = 0, box = el('div', 'gi-list');
    var bar = el('div', 'gi-list-bar'), prev = el('button', null, '\u25c0');
    var next = el('button', null, '\u25b6'), where = el('span', 'gi-list-pos');
    prev.type = next.type = 'button';
    bar.appendChild(prev);
    bar.appendChild(where);
    bar.appendChild(next);
    box.appendChild(bar);
    var body = el('div');
    box.appendChild(body);
    var show = function (k) {
      at = (k + ids.length) % ids.length;
      where.textContent = (at + 1) + ' of ' + GI.fmt(ids.length) + ' incidents here';
      body.replaceChildren(self.popupNode(ids[at]));
    };
    prev.addEventListener('click', function () { show(at - 1); });
    next.addEventListener('click', function () { show(at + 1); });
    show(0);
    L.popup({maxWidth: 380, maxHeight: 380, className: 'gi-popup-wrap'})
      .setLatLng(latlng).setContent(box).openOn(this.map);
  };

  Incidents.prototype._buildPlaces = function () {
    var self = this, sym = this.refs.placeSymbol;
    var icon = function () {
      return L.divIcon({className: 'gi-place', iconSize: [14, 14],
        html: GI.symbolSvg(sym.marker, sym.color, 14, '#ffffff')});
    };
    this.data.places.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], {icon: icon(), title: p.name, zIndexOffset: -500});
      marker.bindPopup(function () { return self.placePopup(p); }, {maxWidth: 320});
      self.refs.places.addLayer(marker);
    });
  };

  Incidents.prototype.placePopup = function (p) {
    var sym = this.refs.placeSymbol, box = el('div', 'gi-popup');
    var head = el('div', 'gi-popup-head');
    head.appendChild(GI.symbolSvg(sym.marker, sym.color, 14));
    head.appendChild(el('strong', null, p.name || p.place_id));
    box.appendChild(head);
    var table = el('table', 'gi-fields');
    addRow(table, 'Kind', (p.kind || '').replace(/_/g, ' '));
    addRow(table, 'Area', [p.admin1, p.country].filter(Boolean).join(', '));
    if (p.uncertainty_m !== null) {
      addRow(table, 'Coordinate within', GI.fmt(p.uncertainty_m) + ' m');
    }
    if (p.incidents !== null) { addRow(table, 'Incidents', GI.fmt(p.incidents)); }
    addRow(table, 'Place id', p.place_id);
    if (p.source) { addRow(table, 'Source', GI.link(p.source)); }
    box.appendChild(table);
    return box;
  };

  GI.instances = [];
  GI.init = function (map, dataNode, refs) {
    var t0 = window.performance.now();
    var data = JSON.parse(dataNode.textContent);
    data.timings = {start: t0, parsed: window.performance.now()};
    var inst = new Incidents(map, data, refs);
    GI.instances.push(inst);
    return inst;
  };
})();
