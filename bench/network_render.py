"""The network view's first render: 2,000 nodes and 10,000 edges in headless Chromium.

    .venv/bin/python bench/network_render.py [--nodes 2000] [--edges 10000] [--runs 7]
                                             [--seed 14] [--script compare|new|before]
                                             [--chromium /usr/bin/chromium]

**What is drawn**: a seeded random graph of ``--nodes`` entities (people, organisations,
places, stations; mentions drawn from a long-tailed law, so a few are big) and ``--edges``
relations (a third co-occurrence, the rest typed, directed or not), served as the answer to
``/api/graph?form=columns`` (Playwright answers the page's request, so the figure is the
browser's, not the server's ``build_graph``). The page itself is the real ``/network`` of a
real Kavosh server on an empty case, with its CSP and the vendored Cytoscape.js.

**What is timed**, in each run a fresh page (a new browser context: nothing cached):

- *first frame*: from the navigation's start (``performance.now()``'s origin) to the first
  frame painted after the page's script set ``data-ready`` (two animation frames later:
  that frame has been painted). It holds loading the page, fetching the JSON, building the
  graph and drawing it: every node and every edge (the new script sketches a big graph on a
  canvas for that frame, before Cytoscape.js runs; the script before drew its nodes with
  Cytoscape and sketched its edges);
- *draw*: from the JSON having been read to that frame (``data-draw-ms``);
- *main-thread CPU*: the CPU time the page's main thread spent from before the navigation
  to that frame (Chromium's ``ThreadTime`` metric). On a machine other work shares, wall
  times grow with the load; this one much less, so it says what an idle machine would show;
- *edges live*, and the CPU time until then: the time since navigation when every edge is
  a Cytoscape element one can tap, drawn (``data-live-ms``). The bench holds that work back
  (``window.kavoshHoldEdges``) until it has read the first frame's CPU time, so that none
  of it is counted there; all of it is counted here.

``--script before`` serves the network script of the commit before this change
(``BEFORE_SCRIPT_COMMIT``) in the page as it was then (Cytoscape.js run by a script tag
before it, no preloads); ``compare`` (the default) runs both, one run of each in turn, so
that a changing load weighs on both alike. The median of ``--runs`` is printed, with the
lowest and highest. Nothing is asserted: the shared machine's load moves these figures (say
what else ran when you quote them).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # test_web.ServerThread: the real server in a thread

from kavosh.entities.graph import graph_columns  # noqa: E402

BEFORE_SCRIPT_COMMIT = "03e33d2"  # the last script run after Cytoscape.js's script tag
TYPES = [("co_occurrence", False)] * 6 + [
    ("met_with", False), ("paid", True), ("recruited", True), ("reported_to", True),
    ("appointed", True), ("member_of", True), ("relative_of", False),
    ("special_relationship", False), ("reported_on", True), ("cable_to", True),
    ("co_paragraph", False), ("co_document", False)]
# Set in the page before any of its scripts (Playwright's init scripts are not the page's,
# so its CSP does not apply): the time of the first frame painted after data-ready.
WATCH = """
(() => {
  const mark = () => requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__firstFrame = performance.now();
  }));
  new MutationObserver((changes, observer) => {
    const box = document.getElementById("network");
    if (box && box.getAttribute("data-ready") === "true") { observer.disconnect(); mark(); }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
})();
"""

# The page makes a big graph's edges elements after its first frame; held back until the
# first frame's CPU time is read, so that it is not counted in it (and counted in the next).
HOLD = "window.kavoshHoldEdges = true;"


def random_graph(nodes: int, edges: int, seed: int) -> dict[str, Any]:
    """``/api/graph``'s answer for a seeded random graph (see the module)."""
    rng = random.Random(seed)
    kinds = ["PER"] * 6 + ["ORG"] * 2 + ["LOC", "STATION"]
    out_nodes = []
    for i in range(1, nodes + 1):
        kind = rng.choice(kinds)
        node_id = f"station:ایستگاه {i}" if kind == "STATION" else str(i)
        out_nodes.append({"id": node_id, "key": node_id, "type": kind,
                          "name": f"نام {i} <&>", "latin": "", "label": f"نام {i} <&>",
                          "aliases": [], "mentions": int(rng.paretovariate(1.2)),
                          "documents": 1, "first_date": None, "last_date": None})
    ids = [n["id"] for n in out_nodes]
    seen: set[tuple[str, str, str]] = set()
    out_edges = []
    while len(out_edges) < edges:
        a, b = rng.sample(ids, 2)
        type, directed = rng.choice(TYPES)
        if (a, type, b) in seen:
            continue
        seen.add((a, type, b))
        weight = 1 + int(rng.expovariate(0.7))
        out_edges.append({"id": f"{a}|{type}|{b}", "source": a, "target": b, "type": type,
                          "weight": weight, "documents": weight,
                          "confidence": round(1 - 0.7 ** weight, 3),
                          "first_date": "2015-08-05", "last_date": "2015-09-01",
                          "status": "found", "directed": directed})
    return {"nodes": out_nodes, "edges": out_edges, "total_edges": edges}


def script_at(commit: str) -> str:
    return subprocess.run(["git", "show", f"{commit}:kavosh/web/static/network.js"],
                          cwd=ROOT, check=True, capture_output=True, text=True).stdout


def columns(graph: dict[str, Any]) -> dict[str, Any]:
    """The graph as ``/api/graph?form=columns`` answers the network view."""
    return graph_columns(graph["nodes"], graph["edges"], graph["total_edges"])


def page_before(html: str) -> str:
    """The network page as the script before this change had it: Cytoscape.js run by its
    script tag before the network script, nothing preloaded."""
    html = re.sub(r'<link rel="preload"[^>]*>\n?', "", html)
    return html.replace('<script src="/static/network.js">',
                        '<script src="/static/vendor/cytoscape.min.js"></script>\n'
                        '<script src="/static/network.js">')


def measure(browser: Any, url: str, graph: str, script: str | None) -> tuple[float, ...]:
    """One run in a fresh page, in ms: first frame since navigation, draw since the data,
    the main thread's CPU time until the first frame, then the time since navigation and
    the CPU time until every edge is an element one can tap. ``script``: the network script
    of :data:`BEFORE_SCRIPT_COMMIT`, served in :func:`page_before`; None: this one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(WATCH)
    page.add_init_script(HOLD)
    page.route("**/api/graph?*", lambda route: route.fulfill(
        status=200, content_type="application/json", body=graph))
    if script is not None:
        page.route("**/static/network.js", lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=script))
        page.route("**/network", lambda route: _fulfil_before(route))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    before = _thread_time(cdp)
    page.goto(f"{url}/network")
    page.wait_for_function("() => window.__firstFrame !== undefined", timeout=120_000)
    cpu = (_thread_time(cdp) - before) * 1000
    page.evaluate("() => window.kavoshReleaseEdges && window.kavoshReleaseEdges()")
    first = float(page.evaluate("() => window.__firstFrame"))
    box = page.locator("#network")
    draw = box.get_attribute("data-draw-ms")
    edges = int(box.get_attribute("data-edges") or 0)
    page.wait_for_selector("#network[data-edges-live='true']", timeout=120_000)
    live_cpu = (_thread_time(cdp) - before) * 1000
    live = float(box.get_attribute("data-live-ms") or first)
    context.close()
    if errors or edges == 0:
        raise RuntimeError(f"the page failed: {errors or 'no edges drawn'}")
    return first, float(draw) if draw else math.nan, cpu, live, live_cpu


def _fulfil_before(route: Any) -> None:
    answer = route.fetch()
    route.fulfill(response=answer, body=page_before(answer.text()))


def _thread_time(cdp: Any) -> float:
    """The page's main thread's CPU time so far, in seconds (Chromium's ThreadTime)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "ThreadTime"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--script", choices=("new", "before", "compare"),
                        default="compare")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--data", help="unused (the graph is generated); for symmetry")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        print(f"skipped: no Chromium at {args.chromium}", file=sys.stderr)
        return 0
    from playwright.sync_api import sync_playwright
    from test_web import ServerThread

    from kavosh.case import Case, Settings

    graph = json.dumps(columns(random_graph(args.nodes, args.edges, args.seed)),
                       ensure_ascii=False)
    scripts = {"new": (None, graph), "before": (script_at(BEFORE_SCRIPT_COMMIT), graph)}
    chosen = ["before", "new"] if args.script == "compare" else [args.script]
    print(f"{args.nodes} nodes, {args.edges} edges, JSON: {len(graph.encode()) / 1e6:.2f} MB"
          f" as columns; {args.runs} runs each, median (min–max)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "case"
        root.mkdir()
        (root / "kavosh.toml").write_text(Settings(executor="inline").to_toml(),  # type: ignore[arg-type]
                                          encoding="utf-8")
        case = Case.open(root)
        try:
            with ServerThread(case) as url, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, headless=True)
                for name in chosen:  # warm: the server, the cache
                    measure(browser, url, scripts[name][1], scripts[name][0])
                # in turn, run by run: a load that changes meanwhile weighs on each alike
                runs: dict[str, list[tuple[float, ...]]] = {name: [] for name in chosen}
                for _ in range(args.runs):
                    for name in chosen:
                        script, graph = scripts[name]
                        runs[name].append(measure(browser, url, graph, script))
                for name in chosen:
                    _report(name, runs[name])
                browser.close()
        finally:
            case.close()
    return 0


def _report(name: str, runs: list[tuple[float, ...]]) -> None:
    line = f"{name:>4} script:"
    for label, at in (("first frame", 0), ("draw after the data", 1), ("main-thread CPU", 2),
                      ("edges live", 3), ("CPU until then", 4)):
        values = [r[at] for r in runs if not math.isnan(r[at])]
        if values:
            line += (f" {label} {statistics.median(values):6.0f} ms "
                     f"({min(values):.0f}–{max(values):.0f});")
    print(line.rstrip(";"), flush=True)


if __name__ == "__main__":
    sys.exit(main())
