/* The network page (/network, issue 14): the graph of /api/graph drawn by the vendored
   Cytoscape.js. Served from this server only (CSP script-src 'self', no eval); every text
   shown is set with textContent, never as HTML, and every text written into the SVG export
   is escaped.

   Tap a node or an edge: its relations and evidence sentences, linked to the documents (a
   directed relation's ends with an arrow). Double-tap a node: add its neighbours. Tap a
   node, then shift-tap another: the shortest path between them. PNG and SVG: the picture
   as a download. "Save view": the filters, the nodes' positions, the selected nodes, the
   nodes double-tapped, zoom and pan, kept in the case under a name (POST /api/views); a
   saved view opened (/network?view=NAME) draws the same nodes where they were left. The
   native date pickers write their day into the typed date fields. Node labels show where
   they overlap no other (see declutter).

   A big graph (more than BIG nodes) is drawn cheaply so that its first frame comes fast:
   nodes placed at once on a sunflower spiral (most mentioned in the middle) instead of a
   force layout, the view fitted from those positions (not by measuring every edge), the
   first frame painted on a plain canvas, every node and edge, before Cytoscape.js even runs
   (see sketch; the library is preloaded, not run, and made the graph's after that frame),
   "haystack" edges (the cheapest Cytoscape draws) without labels, arrows only once zoomed
   in, no motion blur, one device pixel per CSS pixel, and a texture while panning. */
(function () {
  "use strict";
  var box = document.getElementById("network");
  var panel = document.getElementById("evidence");
  pickers();
  if (!box || !panel) { return; }
  var COLORS = { PER: "#1f5fa8", ORG: "#b3261e", LOC: "#2e7d32", STATION: "#6a3d9a" };
  var EDGE = "#9aa5b1";
  var WIDE = { co_occurrence: true, co_paragraph: true, co_document: true };
  var CABLE = { cable_to: true, reported_on: true };  // relations a cable's header makes
  var BIG = 400;  // nodes: above this, the cheap drawing
  var LABEL_ZOOM = 0.75;  // a big graph's edge widths, dashes and arrows show from this zoom on
  var FONT = "Tahoma, sans-serif", FONT_SIZE = 11;  // node labels, in px on screen
  var MAX_LABELS = 300;  // shown at once, at most
  // A small graph's force layout: from the spiral (the same drawing each time), spread
  // wider than Cytoscape's defaults so that names have room.
  var COSE = { name: "cose", animate: false, randomize: false, idealEdgeLength: 90,
    nodeRepulsion: function () { return 40000; }, nodeOverlap: 20, componentSpacing: 80,
    gravity: 0.25, padding: 20 };
  var LABELS = JSON.parse(box.getAttribute("data-labels") || "{}");
  var FILTERS = JSON.parse(box.getAttribute("data-filters") || "{}");
  var cy = null;
  var picked = null;
  var big = false;
  var expanded = [];  // the nodes whose neighbours were added (double-tap), in order

  /* The native date pickers beside the typed dates: a day picked is written, Gregorian,
     into the typed field (the filter the form sends); a Gregorian day typed shows in the
     picker, a Jalali one empties it (the page shows it converted once sent). */
  function pickers() {
    Array.prototype.forEach.call(document.querySelectorAll("input.day-picker"), function (picker) {
      var typed = document.getElementById(picker.getAttribute("data-for"));
      if (!typed) { return; }
      picker.addEventListener("change", function () { typed.value = picker.value; });
      typed.addEventListener("input", function () {
        var day = /^(\d{4})-\d{2}-\d{2}$/.exec(typed.value.trim());
        picker.value = day && Number(day[1]) >= 1700 ? day[0] : "";
      });
    });
  }

  function make(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function size(mentions) { return 14 + Math.min(46, 6 * Math.sqrt(mentions || 1)); }

  /* Where a node goes with no saved position: the n-th most mentioned at radius √n on a
     golden-angle spiral (O(n), no iteration; the busiest in the middle). */
  function spiral(ids, mentions) {
    var order = ids.map(function (id, i) { return i; });
    order.sort(function (a, b) { return (mentions[b] || 0) - (mentions[a] || 0); });  // stable
    var at = {};
    order.forEach(function (k, i) {
      var r = 38 * Math.sqrt(i), a = i * 2.399963;
      at[ids[k]] = { x: r * Math.cos(a), y: r * Math.sin(a) };
    });
    return at;
  }

  /* Where a node is drawn: its saved position, else its place on the spiral. */
  function where(id, saved, place) {
    var p = saved && saved[id];
    return p ? { x: p[0], y: p[1] } : place[id];
  }

  /* Cytoscape's elements, nodes first; placed from `place` (a spiral) if given. */
  function elements(data, saved, place) {
    var out = [];
    // a small graph's force layout starts from there
    place = place || spiral(data.nodes.map(function (n) { return n.id; }),
      data.nodes.map(function (n) { return n.mentions; }));
    var typed = {};  // node id → 2 if it ends a relation a sentence states, 1 a cable's
    data.edges.forEach(function (e) {
      var rank = WIDE[e.type] ? 0 : CABLE[e.type] ? 1 : 2;
      typed[e.source] = Math.max(typed[e.source] || 0, rank);
      typed[e.target] = Math.max(typed[e.target] || 0, rank);
    });
    data.nodes.forEach(function (n) {
      var node = { group: "nodes", data: { id: n.id, label: n.label, type: n.type,
        size: size(n.mentions), color: COLORS[n.type] || "#555", typed: typed[n.id] || 0 } };
      node.position = where(n.id, saved, place);
      out.push(node);
    });
    data.edges.forEach(function (e) {
      out.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target,
        type: e.type, label: WIDE[e.type] ? "" : (LABELS[e.type] || e.type), weight: e.weight,
        width: 1 + Math.min(8, Math.log(1 + e.weight) * 2),
        confidence: e.confidence, first: e.first_date || "", last: e.last_date || "",
        status: e.status, directed: e.directed ? "triangle" : "none",
        line: e.type === "co_occurrence" ? "dashed" : WIDE[e.type] ? "dotted" : "solid" } });
    });
    return out;
  }

  /* The zoom and pan that fit the placed nodes in the box, from their positions alone:
     Cytoscape's own fit measures every edge first, a good part of a big graph's first frame. */
  function fitted(nodes) {
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    nodes.forEach(function (n) {
      var r = n.size / 2;
      x1 = Math.min(x1, n.x - r); x2 = Math.max(x2, n.x + r);
      y1 = Math.min(y1, n.y - r); y2 = Math.max(y2, n.y + r);
    });
    if (x1 > x2) { return { zoom: 1, pan: { x: 0, y: 0 } }; }
    var w = box.clientWidth || 800, h = box.clientHeight || 600, pad = 30;
    var zoom = Math.min(2, (w - 2 * pad) / Math.max(1, x2 - x1), (h - 2 * pad) / Math.max(1, y2 - y1));
    return { zoom: zoom, pan: { x: w / 2 - zoom * (x1 + x2) / 2, y: h / 2 - zoom * (y1 + y2) / 2 } };
  }

  function style() {
    // Node labels only where there is room for them (class "named", see declutter).
    var node = { "background-color": "data(color)", width: "data(size)", height: "data(size)",
      "font-size": FONT_SIZE, "font-family": FONT, "text-valign": "bottom", "text-margin-y": 3,
      color: "#222", "text-outline-color": "#fff", "text-outline-width": 1.5,
      "text-outline-opacity": 0.8 };
    // Each edge's own width, dashes and arrow (mapped from its data): a big graph's edges get
    // them only once zoomed in (class "near"); until then, one thin grey line each.
    var rich = { width: "data(width)", "line-style": "data(line)",
      "target-arrow-shape": "data(directed)", "target-arrow-color": EDGE };
    var edge = big ? { width: 1, "line-color": EDGE, "curve-style": "haystack" }
      : Object.assign({ "line-color": EDGE, "curve-style": "bezier", label: "data(label)",
        "font-size": 9, color: "#555", "text-rotation": "autorotate",
        "min-zoomed-font-size": 8 }, rich);
    return [
      { selector: "node", style: node },
      { selector: "edge", style: edge },
      { selector: "node.named, node:selected", style: { label: "data(label)" } },
      // a big graph's edges once zoomed in: straight, so that they can carry their arrows
      { selector: "edge.near", style: Object.assign({ "curve-style": "straight" }, rich) },
      { selector: ".path", style: { "line-color": "#e8a000", "target-arrow-color": "#e8a000",
        "background-color": "#e8a000", width: 6 } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#e8a000" } }
    ];
  }

  /* ---- labels: the most telling nodes' names, where they do not overlap ---- */

  var measure = document.createElement("canvas").getContext("2d");
  var widths = {};
  function textWidth(label) {
    if (!(label in widths)) {
      measure.font = FONT_SIZE + "px " + FONT;
      widths[label] = measure.measureText(label).width;
    }
    return widths[label];
  }

  /* Nodes in the order their labels are placed: ends of a typed relation (the story) before
     the rest, then by mentions. */
  var ranked = null;
  function ranking() {
    if (!ranked) {
      ranked = cy.nodes().sort(function (a, b) {
        return (b.data("typed") - a.data("typed")) || (b.data("size") - a.data("size"));
      });
    }
    return ranked;
  }

  /* Which labels show: greedily, in rank order, each node's label below it, else above, right
     or left of it, else at one of its corners, inside the box, where it overlaps no label placed already (screen boxes, found through a
     grid of cells); none off screen, at most MAX_LABELS. A label keeps FONT_SIZE on screen
     whatever the zoom (its size is set on the node, divided by the zoom), so that zooming
     in makes room for more. Only the nodes whose label changes are restyled. */
  var SIDES = { below: ["center", "bottom", 0, 1], above: ["center", "top", 0, -1],
    right: ["right", "center", 1, 0], left: ["left", "center", -1, 0],
    belowRight: ["right", "bottom", 1, 1], belowLeft: ["left", "bottom", -1, 1],
    aboveRight: ["right", "top", 1, -1], aboveLeft: ["left", "top", -1, -1] };
  var LABEL_STYLE = "font-size text-margin-x text-margin-y text-halign text-valign text-outline-width";
  var shown = {}, shownZoom = 0;
  function declutter() {
    var z = cy.zoom(), pan = cy.pan(), w = box.clientWidth, h = box.clientHeight;
    var CELL = 64, grid = {}, now = {}, count = 0;
    function cells(r, add) {
      for (var i = Math.floor(r[0] / CELL); i <= Math.floor(r[2] / CELL); i++) {
        for (var j = Math.floor(r[1] / CELL); j <= Math.floor(r[3] / CELL); j++) {
          var key = i + ":" + j, list = grid[key] || (grid[key] = []);
          if (add) { list.push(r); continue; }
          for (var k = 0; k < list.length; k++) {
            var o = list[k];
            // 3 px apart at least: Cytoscape's text outline reaches past the text's box
            if (r[0] < o[2] + 3 && o[0] < r[2] + 3 && r[1] < o[3] + 3 && o[1] < r[3] + 3) {
              return true;
            }
          }
        }
      }
      return false;
    }
    var tall = FONT_SIZE * 1.3 + 4;
    ranking().forEach(function (n) {
      if (count >= MAX_LABELS) { return; }
      var p = n.position(), x = p.x * z + pan.x, y = p.y * z + pan.y;
      if (x < 0 || x > w || y < 0 || y > h) { return; }
      var wide = textWidth(n.data("label")) + 6, half = wide / 2;
      var gap = n.data("size") / 2 * z + 2;
      var at = null;
      [[x - half, y + gap, x + half, y + gap + tall, "below"],
       [x - half, y - gap - tall, x + half, y - gap, "above"],
       [x + gap, y - tall / 2, x + gap + wide, y + tall / 2, "right"],
       [x - gap - wide, y - tall / 2, x - gap, y + tall / 2, "left"],
       // a crowded centre: the corners, where a neighbour's label rarely sits
       [x + gap, y + gap, x + gap + wide, y + gap + tall, "belowRight"],
       [x - gap - wide, y + gap, x - gap, y + gap + tall, "belowLeft"],
       [x + gap, y - gap - tall, x + gap + wide, y - gap, "aboveRight"],
       [x - gap - wide, y - gap - tall, x - gap, y - gap, "aboveLeft"]].some(function (r) {
        if (r[0] < 0 || r[1] < 0 || r[2] > w || r[3] > h || cells(r, false)) { return false; }
        at = r;
        return true;
      });
      if (at) { cells(at, true); now[n.id()] = at[4]; count++; }
    });
    var rescale = z !== shownZoom;
    cy.batch(function () {
      Object.keys(shown).concat(Object.keys(now)).forEach(function (id) {
        if (shown[id] === now[id] && !(now[id] && rescale)) { return; }
        var n = cy.getElementById(id), side = SIDES[now[id]];
        n.toggleClass("named", !!side);
        if (!side) { n.removeStyle(LABEL_STYLE); return; }
        n.style({ "font-size": FONT_SIZE / z, "text-halign": side[0], "text-valign": side[1],
          "text-margin-x": 3 * side[2] / z, "text-margin-y": 3 * side[3] / z,
          "text-outline-width": 1.5 / z });
      });
    });
    count -= dropOverlapping(now);
    shown = now;
    shownZoom = z;
    box.setAttribute("data-labels-shown", String(count));
  }

  /* The boxes above are estimates (a canvas measure of the text, a fixed height); the label
     Cytoscape draws may be a little taller (a script's ascenders, the outline). So the labels
     placed are checked once more, in rank order, against the boxes Cytoscape itself gives;
     a label that would still touch one ranked higher is hidden. Returns how many. */
  function dropOverlapping(now) {
    var kept = [], dropped = 0;
    ranking().forEach(function (n) {
      if (!now[n.id()]) { return; }
      var b = n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      var hit = kept.some(function (o) {
        return b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2;
      });
      if (!hit) { kept.push(b); return; }
      n.removeClass("named");
      n.removeStyle(LABEL_STYLE);
      delete now[n.id()];
      dropped++;
    });
    return dropped;
  }

  var queued = false;
  function declutterSoon() {
    if (queued) { return; }
    queued = true;
    requestAnimationFrame(function () { queued = false; declutter(); });
  }

  function clear() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }

  function sentence(ev) {
    var item = make("li");
    var link = make("a", "سند " + ev.document + "، ص " + ev.page,
      { href: "/documents/" + ev.document + "?page=" + ev.page + "#page-" + ev.page });
    item.appendChild(link);
    if (ev.date) { item.appendChild(make("span", " · ")); item.appendChild(make("span", ev.date, { dir: "ltr", "class": "date" })); }
    item.appendChild(make("blockquote", ev.sentence, { dir: "auto" }));
    return item;
  }

  /* An edge's two ends, each name isolated (<bdi>) in a right-to-left line: a directed
     relation (recruited, paid, …) as "source ← target", the arrow pointing from the source,
     read first, to the target; an undirected one (met with, co-occurrence) with "—". */
  function ends(edge) {
    var from = edge.source().data("label"), to = edge.target().data("label");
    var directed = edge.data("directed") === "triangle";
    var line = make("p", "", { "class": "ends", dir: "rtl",
      title: directed ? "از " + from + " به " + to : from + " و " + to });
    line.appendChild(make("bdi", from, { "class": "source" }));
    line.appendChild(make("span", directed ? " ← " : " — ", { "class": directed ? "arrow" : "dash" }));
    line.appendChild(make("bdi", to, { "class": "target" }));
    return line;
  }

  function showEdge(edge) {
    var d = edge.data();
    clear();
    panel.appendChild(make("h2", (LABELS[d.type] || d.type)));
    panel.appendChild(ends(edge));
    var facts = panel.appendChild(make("p", d.weight + " شاهد · اطمینان " +
      Number(d.confidence).toFixed(2), { "class": "facts" }));
    if (d.first) {  // the days left to right, whole, in the right-to-left line
      facts.appendChild(make("span", " · "));
      facts.appendChild(make("bdi", d.first + (d.last && d.last !== d.first ? " – " + d.last : ""),
        { dir: "ltr", "class": "date" }));
    }
    if (d.status !== "found") { facts.appendChild(make("span", " · " + d.status)); }
    var entity = /^\d+$/.test(d.source) ? d.source : d.target;
    var list = make("ol", "", { "class": "evidence" });
    panel.appendChild(list);
    fetch("/api/relations?" + new URLSearchParams({ entity: entity, type: d.type, evidence: 20,
      rejected: "true", limit: 100000 }), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        data.relations.filter(function (r) { return r.id === d.id; }).forEach(function (r) {
          (r.evidence || []).forEach(function (ev) { list.appendChild(sentence(ev)); });
        });
      });
  }

  function showNode(node) {
    var d = node.data();
    clear();
    panel.appendChild(make("h2", d.label, { dir: "auto" }));
    if (/^\d+$/.test(d.id)) {
      panel.appendChild(make("p")).appendChild(make("a", "روابط با شواهد",
        { href: "/entities/" + d.id + "/relations" }));
    }
    var list = make("ul", "", { "class": "neighbours" });
    node.connectedEdges().forEach(function (e) {
      var other = e.source().id() === d.id ? e.target() : e.source();
      list.appendChild(make("li", (LABELS[e.data("type")] || e.data("type")) + ": " +
        other.data("label") + " (" + e.data("weight") + ")", { dir: "auto" }));
    });
    panel.appendChild(list);
  }

  /* The numbers drawn (sketched or Cytoscape's: on screen either way). */
  function counts(nodes, edges) {
    box.setAttribute("data-nodes", String(nodes));
    box.setAttribute("data-edges", String(edges));
  }

  /* A node's neighbourhood, as /api/graph gives it (double-tap, and a saved view's). */
  function neighbours(id) {
    return graphJson("/api/graph?" + new URLSearchParams({ entity: id, limit: 500, form: "columns" }));
  }

  /* Double-tap: add the node's neighbours around it; the node is remembered, so that a
     saved view draws them again. */
  function expand(node) {
    var id = node.id();
    if (!/^\d+$/.test(id)) { return; }
    neighbours(id).then(function (data) {
      var fresh = elements(data, null).filter(function (x) { return cy.getElementById(x.data.id).empty(); });
      var added = cy.add(fresh);
      ranked = null;
      ring(node, added.nodes());
      if (expanded.indexOf(id) < 0) { expanded.push(id); }
      counts(cy.nodes().length, cy.edges().length);
      declutterSoon();
      box.setAttribute("data-expanded", expanded.join(" "));
    });
  }

  /* Neighbours just added, on a ring around their node (evenly, the same each time); the
     view widened to show them when some fall outside it. */
  function ring(node, added) {
    var c = node.position(), r = 90 + 12 * added.length;
    added.positions(function (n, i) {
      var a = 2 * Math.PI * i / added.length;
      return { x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) };
    });
    var seen = cy.extent(), bb = added.boundingBox();
    if (added.length && (bb.x1 < seen.x1 || bb.x2 > seen.x2 || bb.y1 < seen.y1 || bb.y2 > seen.y2)) {
      cy.fit(cy.nodes(), 30);
    }
  }

  /* The graphs of a saved view's expanded nodes added to the filtered one (each element once). */
  function merge(graph, more) {
    var seen = {};
    graph.nodes.concat(graph.edges).forEach(function (x) { seen[x.id] = true; });
    more.forEach(function (g) {
      ["nodes", "edges"].forEach(function (kind) {
        g[kind].forEach(function (x) {
          if (!seen[x.id]) { seen[x.id] = true; graph[kind].push(x); }
        });
      });
    });
    return graph;
  }

  function path(from, to) {
    cy.elements().removeClass("path");
    var found = cy.elements().aStar({ root: from, goal: to });
    if (found.found) { found.path.addClass("path"); }
    box.setAttribute("data-path", found.found ? String(found.distance) : "none");
  }

  /* A big graph's edge widths, dashes and arrows: shown once zoomed in. */
  var near = false;
  function edgesByZoom() {
    var on = cy.zoom() >= LABEL_ZOOM;
    if (on !== near) {
      cy.batch(function () { cy.edges().toggleClass("near", on); });
      near = on;
    }
  }

  /* /api/graph?form=columns (one array per field, strings written once, ends as node
     indexes: a third of the objects' bytes to fetch and parse) as node and edge objects. */
  function unpack(g) {
    var n = g.nodes, e = g.edges, nodes = [], edges = [], i;
    for (i = 0; i < n.id.length; i++) {
      nodes.push({ id: n.id[i], label: n.label[i], type: g.node_types[n.type[i]],
        mentions: n.mentions[i] });
    }
    for (i = 0; i < e.source.length; i++) {
      var source = n.id[e.source[i]], target = n.id[e.target[i]], type = g.edge_types[e.type[i]];
      edges.push({ id: source + "|" + type + "|" + target, source: source, target: target,
        type: type, weight: e.weight[i], confidence: e.confidence[i],
        first_date: e.first[i] < 0 ? null : g.days[e.first[i]],
        last_date: e.last[i] < 0 ? null : g.days[e.last[i]],
        status: g.statuses[e.status[i]], directed: g.directed[e.type[i]] });
    }
    return { nodes: nodes, edges: edges, total_edges: g.total_edges };
  }

  function graphJson(url) { return json(url).then(unpack); }

  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  /* Cytoscape.js, run once it is needed: the page preloads it (<link rel="preload">, not
     run), so that a big graph's first frame waits neither for its parsing nor for its
     work; a small graph asks for it as soon as its data has come. */
  var library = null;
  function cytoscapeReady() {
    if (!library) {
      library = typeof cytoscape === "function" ? Promise.resolve() : new Promise(function (ok, no) {
        var script = make("script", "", { src: box.getAttribute("data-library") });
        script.addEventListener("load", function () { ok(); });
        script.addEventListener("error", function () { no(new Error("cytoscape.min.js")); });
        document.body.appendChild(script);
      });
    }
    return library;
  }

  /* What a big graph's first frame draws: its nodes {id, x, y, size, color} in their order,
     and its edges as the indexes of their ends among them (source[i], target[i]). */
  function frameOfColumns(g, saved) {
    var n = g.nodes, place = spiral(n.id, n.mentions);
    var nodes = n.id.map(function (id, i) {
      var p = where(id, saved, place);
      return { id: id, x: p.x, y: p.y, size: size(n.mentions[i]),
        color: COLORS[g.node_types[n.type[i]]] || "#555" };
    });
    return { nodes: nodes, source: g.edges.source, target: g.edges.target, place: place };
  }

  function frameOfElements(drawn) {
    var nodes = [], index = {}, source = [], target = [];
    drawn.forEach(function (x) {
      var d = x.data;
      if (x.group === "nodes") {
        index[d.id] = nodes.length;
        nodes.push({ id: d.id, x: x.position.x, y: x.position.y, size: d.size, color: d.color });
      } else {
        source.push(index[d.source]);
        target.push(index[d.target]);
      }
    });
    return { nodes: nodes, source: source, target: target };
  }

  /* A big graph's first frame, painted at once on a canvas before Cytoscape runs: every
     edge as Cytoscape then draws it zoomed out (a grey straight line from centre to centre,
     1 wide at zoom 1), and over them every node where it is placed, in its size and colour (a
     selected one ringed, as Cytoscape rings it). Cytoscape later draws the same over it;
     the sketch then goes (see live). */
  function sketch(frame, viewport, selected) {
    var canvas = make("canvas", "", { "class": "sketch", "aria-hidden": "true" });
    canvas.width = box.clientWidth;
    canvas.height = box.clientHeight;
    box.insertBefore(canvas, box.firstChild);
    var ctx = canvas.getContext("2d"), z = viewport.zoom, dx = viewport.pan.x, dy = viewport.pan.y;
    var nodes = frame.nodes, ringed = {}, i;
    selected.forEach(function (id) { ringed[id] = true; });
    ctx.strokeStyle = EDGE;
    ctx.lineWidth = z;  // 1 wide in the graph's units, as Cytoscape's: thinner zoomed out
    ctx.beginPath();
    for (i = 0; i < frame.source.length; i++) {
      var a = nodes[frame.source[i]], b = nodes[frame.target[i]];
      ctx.moveTo(a.x * z + dx, a.y * z + dy);
      ctx.lineTo(b.x * z + dx, b.y * z + dy);
    }
    ctx.stroke();
    ctx.strokeStyle = "#e8a000";
    ctx.lineWidth = 3 * z;
    nodes.forEach(function (n) {  // in their order, as Cytoscape stacks them
      ctx.beginPath();
      ctx.arc(n.x * z + dx, n.y * z + dy, n.size / 2 * z, 0, 2 * Math.PI);
      ctx.fillStyle = n.color;
      ctx.fill();
      if (ringed[n.id]) { ctx.stroke(); }
    });
    return canvas;
  }

  /* The nodes a saved view had selected (none without a view). */
  function selectedOf(view) {
    return view ? view.view.selected || [] : [];
  }

  /* A big graph (more than BIG nodes): its first frame sketched (see sketch), ready at
     once (the canvas is drawn: the next frame shows it); two frames later, once that
     frame is on screen, Cytoscape is run, on the elements that made() gives (see live). */
  function drawBig(frame, view, loaded, made) {
    big = true;
    var viewport = view ? view.view : fitted(frame.nodes);
    var selected = selectedOf(view);
    var canvas = sketch(frame, viewport, selected);
    counts(frame.nodes.length, frame.source.length);
    ready(loaded);
    // A bench can hold Cytoscape's work back until it has read the first frame's cost
    // (window.kavoshHoldEdges; it then calls kavoshReleaseEdges).
    var go = function () { live(made(), viewport, selected, canvas); };
    if (window.kavoshHoldEdges) { window.kavoshReleaseEdges = go; return; }
    requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(go, 0); }); });
  }

  /* A graph as objects (with a saved view's neighbours): a small one made and drawn by
     Cytoscape (laid out by force unless a view placed it), ready once drawn; a big one
     sketched first (see drawBig). */
  function draw(data, view) {
    var loaded = performance.now();
    var saved = view ? view.view.positions : null;
    var drawn = elements(data, saved);
    if (data.nodes.length > BIG) {
      drawBig(frameOfElements(drawn), view, loaded, function () { return drawn; });
      return;
    }
    cytoscapeReady().then(function () {
      start(drawn, view ? view.view : {}, !!saved, selectedOf(view));
      cy.one("render", function () {
        requestAnimationFrame(function () { ready(loaded); box.setAttribute("data-edges-live", "true"); });
      });
    });
  }

  /* The first frame is drawn (Cytoscape's, or the sketch): when, since navigation and
     since the data came. */
  function ready(loaded) {
    var now = performance.now();
    box.setAttribute("data-render-ms", String(Math.round(now)));
    box.setAttribute("data-draw-ms", String(Math.round(now - loaded)));
    box.setAttribute("data-ready", "true");
  }

  /* A big graph made Cytoscape's, all its elements at once (in chunks, each chunk cost a
     redraw of everything): once Cytoscape has drawn them, one can tap them, and the
     sketch goes. */
  function live(drawn, viewport, selected, canvas) {
    cytoscapeReady().then(function () {
      start(drawn, viewport, true, selected);
      cy.one("render", function () {
        box.removeChild(canvas);
        box.setAttribute("data-live-ms", String(Math.round(performance.now())));
        box.setAttribute("data-edges-live", "true");
      });
    });
  }

  /* Cytoscape on the elements made, placed (preset) or laid out by force; its events. */
  function start(drawn, viewport, preset, selected) {
    var began = performance.now();
    cy = cytoscape({ container: box, style: style(), elements: drawn,
      zoom: viewport.zoom, pan: viewport.pan,
      layout: preset ? { name: "preset", fit: false } : COSE,
      wheelSensitivity: 0.3, textureOnViewport: big, hideEdgesOnViewport: big,
      motionBlur: false, pixelRatio: big ? 1 : "auto" });
    box.cy = cy;  // for tests and the console
    cy.batch(function () { selected.forEach(function (id) { cy.getElementById(id).select(); }); });
    if (big) { cy.on("zoom", edgesByZoom); edgesByZoom(); }
    declutter();
    cy.on("layoutstop", declutter);
    cy.on("viewport resize", declutterSoon);
    cy.on("tap", "node", function (e) {
      if (picked && e.originalEvent && e.originalEvent.shiftKey) { path(picked, e.target); }
      picked = e.target;
      showNode(e.target);
    });
    cy.on("tap", "edge", function (e) { showEdge(e.target); });
    cy.on("dbltap", "node", function (e) { expand(e.target); });
    counts(cy.nodes().length, cy.edges().length);
    box.setAttribute("data-build-ms", String(Math.round(performance.now() - began)));
  }

  /* The graph (and a saved view): a big one with no neighbours to add is sketched straight
     from its columns, and made objects and elements only after its first frame. */
  var viewSrc = box.getAttribute("data-view");
  Promise.all([json(box.getAttribute("data-src")), viewSrc ? json(viewSrc) : null])
    .then(function (got) {
      var g = got[0], view = got[1], again = view ? view.view.expanded || [] : [];
      expanded = again.slice();
      if (!again.length && g.nodes.id.length > BIG) {
        var saved = view ? view.view.positions : null, frame = frameOfColumns(g, saved);
        drawBig(frame, view, performance.now(), function () {
          return elements(unpack(g), saved, frame.place);
        });
        return null;
      }
      // an entity merged or gone since the view was saved: its neighbours are left out
      var none = function () { return { nodes: [], edges: [] }; };
      return Promise.all(again.map(function (id) { return neighbours(id).catch(none); }))
        .then(function (more) { draw(merge(unpack(g), more), view); });
    });

  /* ---- downloads: PNG by Cytoscape, SVG written here from the nodes' positions ---- */

  function download(blob, name) {
    var link = make("a", "", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
  }

  // XML 1.0 cannot hold these characters at all; the five specials become entities.
  var BAD_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
  function xml(text) {
    return String(text).replace(BAD_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;")
      .replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function n1(x) { return (Math.round(x * 10) / 10).toString(); }

  /* The drawing as SVG: what is visible, at the positions on screen (model coordinates);
     edges as lines (dashed or dotted as drawn, an arrow for a directed relation), nodes as
     circles coloured by type, and their labels. */
  function svg() {
    var shown = cy.elements(":visible");
    var bb = shown.boundingBox({ includeLabels: false });
    var pad = 40;
    var x0 = bb.x1 - pad, y0 = bb.y1 - pad, w = bb.w + 2 * pad, h = bb.h + 2 * pad;
    var out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [n1(x0), n1(y0), n1(w), n1(h)].join(" ") +
      '" width="' + n1(w) + '" height="' + n1(h) + '" font-family="Vazirmatn, Tahoma, sans-serif">',
      '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" ' +
      'markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="' + EDGE + '"/></marker></defs>',
      '<rect x="' + n1(x0) + '" y="' + n1(y0) + '" width="' + n1(w) + '" height="' + n1(h) + '" fill="#fff"/>'];
    shown.edges().forEach(function (e) {
      var a = e.source().position(), b = e.target().position();
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var r = e.target().data("size") / 2;
      var type = e.data("type");
      var path = e.hasClass("path");
      out.push('<line x1="' + n1(a.x) + '" y1="' + n1(a.y) + '" x2="' + n1(b.x - dx / len * r) +
        '" y2="' + n1(b.y - dy / len * r) + '" stroke="' + (path ? "#e8a000" : EDGE) +
        '" stroke-width="' + n1(path ? 6 : e.data("width")) + '"' +
        (type === "co_occurrence" ? ' stroke-dasharray="6 4"' : "") +
        (WIDE[type] && type !== "co_occurrence" ? ' stroke-dasharray="2 3" stroke-opacity="0.6"' : "") +
        (e.data("directed") === "triangle" ? ' marker-end="url(#arrow)"' : "") +
        '><title>' + xml((LABELS[type] || type) + ": " + e.source().data("label") + " — " +
        e.target().data("label")) + '</title></line>');
      if (!big && e.data("label")) {
        out.push('<text x="' + n1((a.x + b.x) / 2) + '" y="' + n1((a.y + b.y) / 2) +
          '" font-size="9" fill="#555" text-anchor="middle">' + xml(e.data("label")) + "</text>");
      }
    });
    shown.nodes().forEach(function (n) {
      var p = n.position(), r = n.data("size") / 2;
      out.push('<circle cx="' + n1(p.x) + '" cy="' + n1(p.y) + '" r="' + n1(r) + '" fill="' +
        xml(n.hasClass("path") ? "#e8a000" : n.data("color")) + '"' +
        (n.selected() ? ' stroke="#e8a000" stroke-width="3"' : "") + "><title>" +
        xml(n.data("label")) + "</title></circle>");
      out.push('<text x="' + n1(p.x) + '" y="' + n1(p.y + r + 12) + '" font-size="11" fill="#222"' +
        ' text-anchor="middle" direction="' + (/[\u0590-\u08ff]/.test(n.data("label")) ? "rtl" : "ltr") +
        '">' + xml(n.data("label")) + "</text>");
    });
    out.push("</svg>\n");
    return out.join("");
  }

  var png = document.getElementById("png");
  if (png) {
    png.addEventListener("click", function () {
      if (!cy) { return; }
      download(cy.png({ full: true, output: "blob", bg: "#ffffff", scale: 2 }), "network.png");
    });
  }
  var svgButton = document.getElementById("svg");
  if (svgButton) {
    svgButton.addEventListener("click", function () {
      if (!cy) { return; }
      download(new Blob([svg()], { type: "image/svg+xml" }), "network.svg");
    });
  }

  /* ---- saved views ---- */

  var form = document.getElementById("save-view");
  var status = document.getElementById("view-status");
  var list = document.getElementById("saved-views");

  function view() {
    var positions = {};
    cy.nodes().forEach(function (n) {
      var p = n.position();
      positions[n.id()] = [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
    });
    return { filters: FILTERS, positions: positions, expanded: expanded.slice(),
      selected: cy.nodes(":selected").map(function (n) { return n.id(); }),
      zoom: cy.zoom(), pan: cy.pan() };
  }

  function listed(saved) {
    Array.prototype.slice.call(list.children).forEach(function (li) {
      var a = li.querySelector("a");
      if (!a || a.textContent === saved.name) { list.removeChild(li); }
    });
    var item = make("li");
    item.appendChild(make("a", saved.name, { href: "/network?" + new URLSearchParams({ view: saved.name }), dir: "auto" }));
    item.appendChild(make("span", " " + saved.by + " · " + saved.at.slice(0, 16), { "class": "meta" }));
    list.insertBefore(item, list.firstChild);
  }

  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!cy) { return; }
      var body = { name: form.elements.name.value, by: form.elements.by.value, view: view() };
      status.textContent = "…";
      fetch("/api/views", { method: "POST", credentials: "same-origin",
        headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
        .then(function (r) {
          return r.json().then(function (d) {
            if (!r.ok) { throw new Error(d.detail || d.error || String(r.status)); }
            return d;
          });
        })
        .then(function (saved) {
          status.textContent = "ذخیره شد: " + saved.name;
          listed(saved);
        })
        .catch(function (err) { status.textContent = "ذخیره نشد: " + err.message; });
    });
  }
}());
