"""The network view in Chromium on the sample archive and its planted network (a recruitment,
a payment, a meeting between fictional people): labels that do not overlap, the direction
of a relation in the evidence panel, a saved view that keeps the neighbours added by
double-tapping, the native date pickers beside the typed Jalali or Gregorian dates; and the
first render of a graph of 2,000 nodes and 10,000 edges, timed and printed (never asserted).
Screenshots go to the test's temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_timeline import PLANTED, SHEHRIVAR, _person, _watch
from test_timeline import sample_case as sample_case  # the sample archive, ingested once
from test_timeline import served as served  # a real server on it
from test_web import browser as browser  # the Playwright fixture: Debian's Chromium, or a skip

from kavosh.case import Case

pytestmark = pytest.mark.slow
CY = "document.getElementById('network').cy"


def _page(browser: object) -> Any:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    return browser.new_page(locale="fa-IR", viewport={"width": 1280, "height": 900})


def _people(case: Case) -> dict[str, str]:
    return {key: str(_person(case, key).id) for key in PLANTED["people"]}


def _planted_edges(people: dict[str, str]) -> dict[str, str]:
    """Relation type → the planted edge's id (a meeting's ends in id order)."""
    out = {}
    for r in PLANTED["relations"]:
        a, b = people[r["source"]], people[r["target"]]
        if r["type"] == "met_with" and int(b) < int(a):
            a, b = b, a
        out[r["type"]] = f"{a}|{r['type']}|{b}"
    return out


def _overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]


def test_labels_do_not_crowd(served: str, sample_case: Case, browser: object,
                             tmp_path: Path) -> None:
    """At first view, the planted people's names are shown, and no shown name overlaps
    another (the boxes Cytoscape measures for the labels it draws); zoomed in, more names."""
    page = _page(browser)
    problems = _watch(page)
    page.goto(f"{served}/network")
    page.wait_for_selector("#network[data-ready='true']")
    page.wait_for_timeout(300)
    labels = page.evaluate(f"""() => {CY}.nodes('.named').map(n => [n.id(), n.data('label'),
        n.boundingBox({{includeNodes: false, includeEdges: false, includeLabels: true}})])""")
    page.screenshot(path=str(tmp_path / "labels-first-view.png"), full_page=True)
    named = {i for i, _, _ in labels}
    people = _people(sample_case)
    assert set(people.values()) <= named, (people, sorted(n for _, n, _ in labels))
    total = page.evaluate(f"{CY}.nodes().length")
    assert 0 < len(labels) < total  # some names wait for a closer look
    for i, (a, _, box_a) in enumerate(labels):
        for b, _, box_b in labels[i + 1:]:
            assert not _overlaps(box_a, box_b), (a, b)
    # Zoomed in on the recruit, names hidden at first find room.
    page.evaluate(f"""() => {{ const cy = {CY};
        cy.zoom({{level: cy.zoom() * 2.5, position: cy.getElementById('{people["delavarinejad"]}')
        .position()}}); }}""")
    page.wait_for_timeout(300)
    now = set(page.evaluate(f"() => {CY}.nodes('.named').map(n => n.id())"))
    assert now - named
    page.screenshot(path=str(tmp_path / "labels-zoomed.png"), full_page=True)
    assert problems == []
