/* The network page (/network, issue 14): the graph of /api/graph drawn by the vendored
   Cytoscape.js. Served from this server only (CSP script-src 'self', no eval); every text
   shown is set with textContent, never as HTML, and every text written into the SVG export
   is escaped.

   Tap a node or an edge: its relations and evidence sentences, linked to the documents.
   Double-tap a node: add its neighbours. Tap a node, then shift-tap another: the shortest
   path between them. PNG and SVG: the picture as a download. "Save view": the filters, the
   nodes' positions, the selected nodes, zoom and pan, kept in the case under a name
   (POST /api/views); a saved view opened (/network?view=NAME) places its nodes as saved.

   A big graph (more than BIG nodes) is drawn cheaply so that its first frame comes fast:
   nodes placed at once on a sunflower spiral (most mentioned in the middle) instead of a
   force layout, the view fitted from those positions (not by measuring every edge),
   "haystack" edges (the cheapest Cytoscape draws) without labels, node labels and arrows
   only once zoomed in, no motion blur, one device pixel per CSS pixel, and a texture while
   panning. */
(function () {
  "use strict";
  var box = document.getElementById("network");
  var panel = document.getElementById("evidence");
  if (!box || !panel || typeof cytoscape !== "function") { return; }
  var COLORS = { PER: "#1f5fa8", ORG: "#b3261e", LOC: "#2e7d32", STATION: "#6a3d9a" };
  var EDGE = "#9aa5b1";
  var WIDE = { co_occurrence: true, co_paragraph: true, co_document: true };
  var BIG = 400;  // nodes: above this, the cheap drawing
  var LABEL_ZOOM = 0.75;  // a big graph's node labels show from this zoom on
  var LABELS = JSON.parse(box.getAttribute("data-labels") || "{}");
  var FILTERS = JSON.parse(box.getAttribute("data-filters") || "{}");
  var cy = null;
  var picked = null;
  var big = false;

  function make(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function size(mentions) { return 14 + Math.min(46, 6 * Math.sqrt(mentions || 1)); }

  /* Where a node goes with no saved position: the n-th most mentioned at radius √n on a
     golden-angle spiral (O(n), no iteration; the busiest in the middle). */
  function spiral(nodes) {
    var order = nodes.slice().sort(function (a, b) { return (b.mentions || 0) - (a.mentions || 0); });
    var at = {};
    order.forEach(function (n, i) {
      var r = 38 * Math.sqrt(i), a = i * 2.399963;
      at[n.id] = { x: r * Math.cos(a), y: r * Math.sin(a) };
    });
    return at;
  }

  function elements(data, saved) {
    var out = [];
    var place = big || saved ? spiral(data.nodes) : null;
    data.nodes.forEach(function (n) {
      var node = { group: "nodes", data: { id: n.id, label: n.label, type: n.type,
        size: size(n.mentions), color: COLORS[n.type] || "#555" } };
      if (place) {
        var p = saved && saved[n.id];
        node.position = p ? { x: p[0], y: p[1] } : place[n.id];
      }
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
  function fitted(drawn) {
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    drawn.forEach(function (e) {
      if (!e.position) { return; }
      var r = e.data.size / 2;
      x1 = Math.min(x1, e.position.x - r); x2 = Math.max(x2, e.position.x + r);
      y1 = Math.min(y1, e.position.y - r); y2 = Math.max(y2, e.position.y + r);
    });
    if (x1 > x2) { return { zoom: 1, pan: { x: 0, y: 0 } }; }
    var w = box.clientWidth || 800, h = box.clientHeight || 600, pad = 30;
    var zoom = Math.min(2, (w - 2 * pad) / Math.max(1, x2 - x1), (h - 2 * pad) / Math.max(1, y2 - y1));
    return { zoom: zoom, pan: { x: w / 2 - zoom * (x1 + x2) / 2, y: h / 2 - zoom * (y1 + y2) / 2 } };
  }

  function style() {
    var node = { "background-color": "data(color)", width: "data(size)", height: "data(size)",
      "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, color: "#222",
      "min-zoomed-font-size": 8 };
    // Each edge's own width, dashes and arrow (mapped from its data): a big graph's edges get
    // them only once zoomed in (class "near"); until then, one thin grey line each.
    var rich = { width: "data(width)", "line-style": "data(line)",
      "target-arrow-shape": "data(directed)", "target-arrow-color": EDGE };
    var edge = big ? { width: 1, "line-color": EDGE, "curve-style": "haystack" }
      : Object.assign({ "line-color": EDGE, "curve-style": "bezier", label: "data(label)",
        "font-size": 9, color: "#555", "text-rotation": "autorotate",
        "min-zoomed-font-size": 8 }, rich);
    if (!big) { node.label = "data(label)"; }
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

  function showEdge(edge) {
    var d = edge.data();
    clear();
    panel.appendChild(make("h2", (LABELS[d.type] || d.type)));
    panel.appendChild(make("p", edge.source().data("label") + " — " + edge.target().data("label"),
      { dir: "auto" }));
    panel.appendChild(make("p", d.weight + " شاهد · اطمینان " + Number(d.confidence).toFixed(2) +
      (d.first ? " · " + d.first + (d.last && d.last !== d.first ? " – " + d.last : "") : "") +
      (d.status !== "found" ? " · " + d.status : ""), { "class": "facts" }));
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

  function counts() {
    box.setAttribute("data-nodes", String(cy.nodes().length));
    box.setAttribute("data-edges", String(cy.edges().length));
  }

  function expand(node) {
    if (!/^\d+$/.test(node.id())) { return; }
    fetch("/api/graph?" + new URLSearchParams({ entity: node.id(), limit: 500 }),
      { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var fresh = elements(data, null).filter(function (x) { return cy.getElementById(x.data.id).empty(); });
        var added = cy.add(fresh);
        added.nodes().positions(function () { return { x: node.position("x") + (Math.random() - 0.5) * 200,
          y: node.position("y") + (Math.random() - 0.5) * 200 }; });
        counts();
      });
  }

  function path(from, to) {
    cy.elements().removeClass("path");
    var found = cy.elements().aStar({ root: from, goal: to });
    if (found.found) { found.path.addClass("path"); }
    box.setAttribute("data-path", found.found ? String(found.distance) : "none");
  }

  /* A big graph's labels: shown once zoomed in far enough to read them. */
  function labelsByZoom() {
    var on = cy.zoom() >= LABEL_ZOOM;
    if (on !== (box.getAttribute("data-labels-shown") === "true")) {
      cy.batch(function () {
        cy.nodes().toggleClass("named", on);
        cy.edges().toggleClass("near", on);
      });
      box.setAttribute("data-labels-shown", String(on));
    }
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function draw(data, view) {
    var loaded = performance.now();
    big = data.nodes.length > BIG;
    var saved = view ? view.view.positions : null;
    var preset = big || saved;
    var drawn = elements(data, saved);
    var viewport = view ? view.view : preset ? fitted(drawn) : {};
    cy = cytoscape({ container: box, elements: drawn, style: style(),
      zoom: viewport.zoom, pan: viewport.pan,
      layout: preset ? { name: "preset", fit: false } : { name: "cose", animate: false },
      wheelSensitivity: 0.3, textureOnViewport: big, hideEdgesOnViewport: big,
      motionBlur: false, pixelRatio: big ? 1 : "auto" });
    box.setAttribute("data-build-ms", String(Math.round(performance.now() - loaded)));
    if (view) {
      cy.batch(function () {
        (view.view.selected || []).forEach(function (id) { cy.getElementById(id).select(); });
      });
    }
    cy.one("render", function () {
      requestAnimationFrame(function () {
        var now = performance.now();
        box.setAttribute("data-render-ms", String(Math.round(now)));  // since navigation
        box.setAttribute("data-draw-ms", String(Math.round(now - loaded)));  // since the data
        box.setAttribute("data-ready", "true");
      });
    });
    if (big) { cy.on("zoom", labelsByZoom); labelsByZoom(); }
    cy.on("tap", "node", function (e) {
      if (picked && e.originalEvent && e.originalEvent.shiftKey) { path(picked, e.target); }
      picked = e.target;
      showNode(e.target);
    });
    cy.on("tap", "edge", function (e) { showEdge(e.target); });
    cy.on("dbltap", "node", function (e) { expand(e.target); });
    counts();
    box.cy = cy;  // for tests and the console
  }

  var viewSrc = box.getAttribute("data-view");
  Promise.all([json(box.getAttribute("data-src")), viewSrc ? json(viewSrc) : null])
    .then(function (got) { draw(got[0], got[1]); });

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
    return { filters: FILTERS, positions: positions,
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
