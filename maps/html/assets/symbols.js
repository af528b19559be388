/* geo-incidents: the event-type symbols (maps/style.py marker codes) on canvas and in SVG,
 * and the small DOM helpers every other part uses. Text only ever goes in as textContent. */
(function () {
  'use strict';
  var GI = window.GeoIncidents = window.GeoIncidents || {};

  /* Vertices of a symbol of radius r centred on (0, 0), keyed by matplotlib marker code;
   * null means a circle. */
  GI.shapePoints = function (code, r) {
    var i, a, k, pts = [];
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
          k = i % 2 ? 0.5 : 1.3;
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
  };

  GI.symbolSvg = function (code, color, size, stroke) {
    var ns = 'http://www.w3.org/2000/svg', r = size / 2 - 2;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', size);
    svg.setAttribute('height', size);
    svg.setAttribute('viewBox', [-size / 2, -size / 2, size, size].join(' '));
    var pts = GI.shapePoints(code, r * 0.85), shape;
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
  };

  /* A circle marker that draws its event-type symbol on a canvas renderer. */
  GI.ShapeMarker = L.CircleMarker.extend({
    options: {shape: 'o'},
    _updatePath: function () {
      var rd = this._renderer, pts = GI.shapePoints(this.options.shape, this._radius);
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

  GI.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  };

  /* The URL as an http(s) href, or null for any other scheme or an unparsable value. */
  GI.safeHref = function (url) {
    if (!url) { return null; }
    try {
      var parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (err) {
      return null;
    }
  };

  GI.link = function (url, label) {
    var href = GI.safeHref(url);
    if (!href) { return GI.el('span', 'gi-nolink', label || url); }
    var a = GI.el('a', null, label || url);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  };

  GI.isoDay = function (day0, offset) {
    return new Date((day0 + offset) * 86400000).toISOString().slice(0, 10);
  };

  GI.fmt = function (n) { return Number(n).toLocaleString('en-US'); };
})();
