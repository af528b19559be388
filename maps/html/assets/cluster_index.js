/* geo-incidents: a hierarchical point clustering for the incident layer.
 *
 * Points are projected to Web Mercator (the unit square). From the deepest zoom up, each level
 * joins every node of the level below with its unjoined neighbours within `radius` pixels
 * (found through a grid of radius-sized cells) into one cluster at their weighted centre; a
 * node with no neighbour goes up unchanged. A cluster keeps its children, so a click can zoom to
 * where it splits, or list its incidents when they never split (one location). */
(function () {
  'use strict';
  var GI = window.GeoIncidents = window.GeoIncidents || {};

  function projectX(lon) { return lon / 360 + 0.5; }
  function projectY(lat) {
    var s = Math.sin(lat * Math.PI / 180);
    var y = 0.5 - 0.25 * Math.log((1 + s) / (1 - s)) / Math.PI;
    return y < 0 ? 0 : y > 1 ? 1 : y;
  }
  function unprojectLat(y) {
    return 360 * Math.atan(Math.exp((180 - y * 360) * Math.PI / 180)) / Math.PI - 90;
  }

  /* options: radius (px), maxZoom, nTypes. */
  GI.ClusterIndex = function (options) {
    this.radius = options.radius;
    this.maxZoom = options.maxZoom;
    this.nTypes = options.nTypes;
    this.levels = [];
  };

  /* ids: incident indexes; lat, lon, type: the incident columns. */
  GI.ClusterIndex.prototype.load = function (ids, lat, lon, type) {
    var nodes = new Array(ids.length);
    for (var k = 0; k < ids.length; k++) {
      var i = ids[k];
      nodes[k] = {x: projectX(lon[i]), y: projectY(lat[i]), n: 1, i: i, t: type[i], kids: null,
        zoom: Infinity};
    }
    this.levels = new Array(this.maxZoom + 2);
    this.levels[this.maxZoom + 1] = nodes;
    for (var z = this.maxZoom; z >= 0; z--) {
      nodes = this._join(nodes, z);
      this.levels[z] = nodes;
    }
    return this;
  };

  GI.ClusterIndex.prototype._join = function (nodes, zoom) {
    var r = this.radius / (256 * Math.pow(2, zoom)), cells = new Map(), k, node;
    var width = Math.ceil(1 / r) + 2;
    for (k = 0; k < nodes.length; k++) {
      node = nodes[k];
      var key = Math.floor(node.y / r) * width + Math.floor(node.x / r);
      var list = cells.get(key);
      if (list) { list.push(k); } else { cells.set(key, [k]); }
    }
    var used = new Uint8Array(nodes.length), out = [], r2 = r * r;
    for (k = 0; k < nodes.length; k++) {
      if (used[k]) { continue; }
      node = nodes[k];
      used[k] = 1;
      var cx = Math.floor(node.x / r), cy = Math.floor(node.y / r), group = null;
      for (var dy = -1; dy <= 1; dy++) {
        for (var dx = -1; dx <= 1; dx++) {
          var near = cells.get((cy + dy) * width + cx + dx);
          if (!near) { continue; }
          for (var m = 0; m < near.length; m++) {
            var j = near[m];
            if (used[j]) { continue; }
            var o = nodes[j], ex = o.x - node.x, ey = o.y - node.y;
            if (ex * ex + ey * ey <= r2) {
              used[j] = 1;
              (group || (group = [node])).push(o);
            }
          }
        }
      }
      out.push(group ? this._cluster(group, zoom) : node);
    }
    return out;
  };

  GI.ClusterIndex.prototype._cluster = function (group, zoom) {
    var n = 0, x = 0, y = 0, counts = new Array(this.nTypes).fill(0);
    for (var k = 0; k < group.length; k++) {
      var g = group[k];
      n += g.n;
      x += g.x * g.n;
      y += g.y * g.n;
      if (g.kids) {
        for (var t = 0; t < this.nTypes; t++) { counts[t] += g.counts[t]; }
      } else {
        counts[g.t] += 1;
      }
    }
    return {x: x / n, y: y / n, n: n, i: -1, kids: group, counts: counts, zoom: zoom};
  };

  /* Nodes to draw at this zoom inside [west, south, east, north]: each is a cluster
   * ({cluster: true, node, lat, lon, count, counts}) or an incident index ({i, lat, lon}). */
  GI.ClusterIndex.prototype.getClusters = function (bbox, zoom) {
    var z = Math.max(0, Math.min(this.maxZoom + 1, Math.floor(zoom)));
    var nodes = this.levels[z] || [], out = [];
    var x0 = projectX(bbox[0]), x1 = projectX(bbox[2]), y0 = projectY(bbox[3]);
    var y1 = projectY(bbox[1]);
    for (var k = 0; k < nodes.length; k++) {
      var node = nodes[k];
      if (node.x < x0 || node.x > x1 || node.y < y0 || node.y > y1) { continue; }
      out.push({cluster: Boolean(node.kids), node: node, i: node.i, count: node.n,
        counts: node.counts, lat: unprojectLat(node.y), lon: (node.x - 0.5) * 360});
    }
    return out;
  };

  /* The zoom at which a cluster splits into its children. */
  GI.ClusterIndex.prototype.expansionZoom = function (node) { return node.zoom + 1; };

  /* Every incident index under a node. */
  GI.ClusterIndex.prototype.leaves = function (node) {
    var out = [], stack = [node];
    while (stack.length) {
      var next = stack.pop();
      if (next.kids) { Array.prototype.push.apply(stack, next.kids); } else { out.push(next.i); }
    }
    return out;
  };
})();
