/* geo-incidents: title, legend (colour, symbol and count per type) and the time control. */
(function () {
  'use strict';
  var GI = window.GeoIncidents = window.GeoIncidents || {};
  var el = GI.el;

  function shield(box) {
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }

  GI.addTitle = function (inst) {
    var meta = inst.meta, box = el('div', 'gi-title leaflet-control');
    box.appendChild(el('div', 'gi-title-main', inst.refs.title));
    var sub = [meta.dates, meta.summary];
    box.appendChild(el('div', 'gi-title-sub', sub.join(' \u00b7 ')));
    inst.map.getContainer().appendChild(shield(box));
  };

  function legendRow(box, svg, label, count, key) {
    var row = el('div', 'gi-legend-row');
    if (key !== undefined) { row.setAttribute('data-type', key); }
    row.appendChild(svg);
    row.appendChild(el('span', 'gi-legend-label', label));
    if (count !== null) { row.appendChild(el('span', 'gi-legend-count', GI.fmt(count))); }
    box.appendChild(row);
  }

  GI.addLegend = function (inst) {
    var Legend = L.Control.extend({
      options: {position: 'bottomright'},
      onAdd: function () {
        var box = el('div', 'gi-legend leaflet-control'), sym = inst.refs.placeSymbol;
        box.appendChild(el('div', 'gi-legend-head', 'Mapped incidents by type'));
        inst.meta.types.forEach(function (t) {
          if (t.count) { legendRow(box, GI.symbolSvg(t.marker, t.color, 16), t.label, t.count, t.key); }
        });
        if (inst.data.places.length) {
          legendRow(box, GI.symbolSvg(sym.marker, sym.color, 16, '#fff'), sym.label,
            inst.data.places.length);
        }
        if (inst.uncertainty) {
          var ring = el('span', 'gi-legend-ring');
          ring.style.borderColor = inst.refs.uncertainty.color;
          legendRow(box, ring, 'Uncertainty area (not a point)', null);
        }
        if (inst.areas) {
          var swatch = el('span', 'gi-legend-area');
          swatch.style.borderColor = inst.meta.area.color;
          var nAreas = inst.data.area.filter(function (a) { return a >= 0; }).length;
          legendRow(box, swatch, inst.meta.area.legend, nAreas);
        }
        if (inst.meta.not_located) {
          box.appendChild(el('div', 'gi-legend-note', GI.fmt(inst.meta.not_located) +
            ' not located (no coordinates, not drawn)'));
        }
        return shield(box);
      }
    });
    new Legend().addTo(inst.map);
  };

  function slider(box, name, days, value) {
    var label = el('label', 'gi-time-row');
    label.appendChild(el('span', 'gi-time-name', name));
    var input = el('input', 'gi-range gi-range-' + name.toLowerCase());
    input.type = 'range';
    input.min = 0;
    input.max = days - 1;
    input.step = 1;
    input.value = value;
    input.setAttribute('aria-label', name + ' date');
    label.appendChild(input);
    var out = el('output', 'gi-time-value');
    label.appendChild(out);
    box.appendChild(label);
    return {input: input, out: out};
  }

  /* Two sliders (from, to) over the days covered; moving one past the other pushes it. */
  GI.addTimeControl = function (inst) {
    var meta = inst.meta;
    var Time = L.Control.extend({
      options: {position: 'bottomleft'},
      onAdd: function () {
        var box = el('div', 'gi-time leaflet-control');
        inst.statusNode = el('div', 'gi-status');
        if (meta.dated && meta.days > 1) {
          box.appendChild(el('div', 'gi-time-head', 'Dates shown'));
          var from = slider(box, 'From', meta.days, 0), to = slider(box, 'To', meta.days,
            meta.days - 1);
          var timer = null;
          var sync = function (moved) {
            var lo = Number(from.input.value), hi = Number(to.input.value);
            if (lo > hi && moved === from) { to.input.value = lo; hi = lo; }
            if (lo > hi) { from.input.value = hi; lo = hi; }
            from.out.textContent = GI.isoDay(meta.day0, lo);
            to.out.textContent = GI.isoDay(meta.day0, hi);
            inst.lo = lo;
            inst.hi = hi;
          };
          [from, to].forEach(function (ctl) {
            ctl.input.addEventListener('input', function () {
              sync(ctl);
              clearTimeout(timer);
              timer = setTimeout(function () { inst.refresh(); }, inst.n > 20000 ? 150 : 20);
            });
          });
          sync(null);
        }
        box.appendChild(inst.statusNode);
        return shield(box);
      }
    });
    new Time().addTo(inst.map);
  };

  GI.updateStatus = function (inst) {
    if (!inst.statusNode) { return; }
    inst.statusNode.textContent = 'Showing ' + GI.fmt(inst.visible) + ' of ' + GI.fmt(inst.n) +
      ' mapped incidents';
    inst.statusNode.setAttribute('data-visible', String(inst.visible));
  };
})();
