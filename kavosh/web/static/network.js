/* The network page (/network, issue 14): the graph of /api/graph drawn by the vendored
   Cytoscape.js. Served from this server only (CSP script-src 'self'); every text shown is
   set with textContent, never as HTML. Tap a node or an edge: its relations and evidence
   sentences, linked to the documents. Double-tap a node: add its neighbours. Tap a node,
   then shift-tap another: the shortest path between them. PNG: the picture as a download. */
(function () {
  "use strict";
  var box = document.getElementById("network");
  var panel = document.getElementById("evidence");
  if (!box || !panel || typeof cytoscape !== "function") { return; }
  var COLORS = { PER: "#1f5fa8", ORG: "#b3261e", LOC: "#2e7d32", STATION: "#6a3d9a" };
  var LABELS = JSON.parse(box.getAttribute("data-labels") || "{}");
  var cy = null;
  var picked = null;

  function make(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function size(mentions) { return 14 + Math.min(46, 6 * Math.sqrt(mentions || 1)); }

  function elements(data) {
    var out = [];
    data.nodes.forEach(function (n) {
      out.push({ group: "nodes", data: { id: n.id, label: n.label, type: n.type,
        size: size(n.mentions), color: COLORS[n.type] || "#555" } });
    });
    data.edges.forEach(function (e) {
      out.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target,
        type: e.type, label: LABELS[e.type] || e.type, weight: e.weight,
        width: 1 + Math.min(8, Math.log(1 + e.weight) * 2),
        confidence: e.confidence, first: e.first_date || "", last: e.last_date || "",
        status: e.status, directed: e.directed ? "triangle" : "none" } });
    });
    return out;
  }

  var STYLE = [
    { selector: "node", style: { "background-color": "data(color)", label: "data(label)",
      width: "data(size)", height: "data(size)", "font-size": 11, "text-valign": "bottom",
      "text-margin-y": 3, color: "#222", "min-zoomed-font-size": 8 } },
    { selector: "edge", style: { width: "data(width)", "line-color": "#9aa5b1",
      "target-arrow-shape": "data(directed)", "target-arrow-color": "#9aa5b1",
      "curve-style": "bezier", label: "data(label)", "font-size": 9, color: "#555",
      "text-rotation": "autorotate", "min-zoomed-font-size": 8 } },
    { selector: "edge[type = 'co_occurrence']", style: { "line-style": "dashed", label: "" } },
    { selector: ".path", style: { "line-color": "#e8a000", "target-arrow-color": "#e8a000",
      "background-color": "#e8a000", width: 6 } },
    { selector: ":selected", style: { "border-width": 3, "border-color": "#e8a000" } }
  ];

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
    panel.appendChild(make("p", d.weight + " جمله · اطمینان " + Number(d.confidence).toFixed(2) +
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
    var title = make("h2", d.label, { dir: "auto" });
    panel.appendChild(title);
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

  function expand(node) {
    if (!/^\d+$/.test(node.id())) { return; }
    fetch("/api/graph?" + new URLSearchParams({ entity: node.id(), limit: 500 }),
      { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var fresh = elements(data).filter(function (x) { return cy.getElementById(x.data.id).empty(); });
        var added = cy.add(fresh);
        added.nodes().positions(function () { return { x: node.position("x") + (Math.random() - 0.5) * 200,
          y: node.position("y") + (Math.random() - 0.5) * 200 }; });
        box.setAttribute("data-nodes", String(cy.nodes().length));
        box.setAttribute("data-edges", String(cy.edges().length));
      });
  }

  function path(from, to) {
    cy.elements().removeClass("path");
    var found = cy.elements().aStar({ root: from, goal: to });
    if (found.found) { found.path.addClass("path"); }
    box.setAttribute("data-path", found.found ? String(found.distance) : "none");
  }

  var started = performance.now();
  fetch(box.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var big = data.nodes.length > 400;
      cy = cytoscape({ container: box, elements: elements(data), style: STYLE,
        layout: { name: big ? "grid" : "cose", animate: false }, wheelSensitivity: 0.3,
        textureOnViewport: big, hideEdgesOnViewport: big });
      cy.on("tap", "node", function (e) {
        if (picked && e.originalEvent && e.originalEvent.shiftKey) { path(picked, e.target); }
        picked = e.target;
        showNode(e.target);
      });
      cy.on("tap", "edge", function (e) { showEdge(e.target); });
      cy.on("dbltap", "node", function (e) { expand(e.target); });
      box.setAttribute("data-nodes", String(cy.nodes().length));
      box.setAttribute("data-edges", String(cy.edges().length));
      box.setAttribute("data-render-ms", String(Math.round(performance.now() - started)));
      box.cy = cy;  // for tests and the console
      box.setAttribute("data-ready", "true");
    });

  var png = document.getElementById("png");
  if (png) {
    png.addEventListener("click", function () {
      if (!cy) { return; }
      var blob = cy.png({ full: true, output: "blob", bg: "#ffffff", scale: 2 });
      var link = make("a", "", { href: URL.createObjectURL(blob), download: "network.png" });
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
    });
  }
}());
