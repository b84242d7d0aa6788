"""Events and the timeline (issue 14) on the sample archive and its planted network: a
recruitment, a payment and a meeting between fictional people (scripts/make_sample.py,
``planted_network`` in the manifest), found with the right type, direction and day; the
same events from the library, the API, the CLI and the web page; and both views — the
timeline and the network — in a real browser, with screenshots.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, ingest_texts, kavosh, make_case
from fastapi.testclient import TestClient
from test_web import ServerThread, find_chromium
from test_web import browser as browser  # the Playwright fixture: Debian's Chromium, or a skip

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.entities.graph import build_graph, decide, parse_day
from kavosh.entities.resolve import clean_name
from kavosh.pipeline import ingest
from kavosh.store.entities import EntityRow
from kavosh.text.names import name_similarity
from kavosh.views.events import CABLE, EventFilters, events

MANIFEST = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
PLANTED = MANIFEST["planted_network"]
CABLES = {c["id"]: c for c in MANIFEST["cables"]}
SHEHRIVAR = ("1394-06-01", "1394-06-31")  # the planted month, Jalali …
SEPTEMBER = ("2015-08-23", "2015-09-22")  # … and the same days, Gregorian


@pytest.fixture(scope="module")
def sample_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    case = make_case(tmp_path_factory.mktemp("timeline") / "case", executor="inline")
    ingest(case, [SAMPLE])
    yield case
    case.close()


def _person(case: Case, key: str) -> EntityRow:
    """The one entity of a planted person (however the cable writes the title)."""
    name = clean_name(PLANTED["people"][key]["fa"])
    people = case.store.entities(type="PER", limit=1000)
    found = [e for e in people if any(name_similarity(a, name) >= 0.9 for a in e.aliases)]
    assert len(found) == 1, (key, [(e.id, e.aliases) for e in found])
    return found[0]


def _document(case: Case, cable: str) -> int:
    path = CABLES[cable]["path"]
    found = [d.id for d in case.store.documents() if d.path.endswith(path)]
    assert len(found) == 1, (cable, path)
    return found[0]


def test_the_planted_network_is_found(sample_case: Case) -> None:
    """Recall of the planted network: every planted relation is an edge of the graph with
    its type, its direction and the day its sentence writes (not the cable's date)."""
    graph = build_graph(sample_case.store)
    found = []
    for r in PLANTED["relations"]:
        source, target = _person(sample_case, r["source"]), _person(sample_case, r["target"])
        edge = graph.edge(str(source.id), str(target.id), r["type"])
        day = date.fromisoformat(r["date"]).toordinal()
        if edge is not None and edge.first_day == day and edge.last_day == day and (
                r["type"] == "met_with" or (edge.source, edge.target)
                == (str(source.id), str(target.id))):
            found.append(r["cable"])
            assert edge.evidence[0].document_id == _document(sample_case, r["cable"])
    assert found == ["N1", "N2", "N3"]  # recall 3 of 3
    # … and not turned round: no recruit recruited the recruiter, no payee paid the payer.
    for r in PLANTED["relations"][:2]:
        back = graph.edge(str(_person(sample_case, r["target"]).id),
                          str(_person(sample_case, r["source"]).id), r["type"])
        assert back is None


def test_events_of_a_planted_person(sample_case: Case) -> None:
    """The recruit's events: each planted relation on its day, and the three cables on
    theirs, in day order, with both calendars and the evidence sentence's offsets."""
    recruit = _person(sample_case, "delavarinejad")
    found = events(sample_case, EventFilters(entity=recruit.id))
    planted = {(r["type"], r["date"], r["jalali"]) for r in PLANTED["relations"]}
    assert {(e.kind, e.date, e.jalali) for e in found if e.kind != CABLE} == planted
    cables = [e for e in found if e.kind == CABLE]
    assert [e.date for e in cables] == [CABLES[k]["gregorian_date"] for k in ("N1", "N2", "N3")]
    assert [e.jalali for e in cables] == [CABLES[k]["jalali_iso"] for k in ("N1", "N2", "N3")]
    assert [e.day for e in found] == sorted(e.day for e in found)
    paid = next(e for e in found if e.kind == "paid")
    assert paid.calendars == ("۱۵ شهریور ۱۳۹۴", "6 September 2015")
    assert paid.label.index("گل‌افشان") < paid.label.index("→") < paid.label.index("دلاوری")
    assert paid.stations == ["ایستگاه بغداد"] and paid.classifications == ["به‌کلی سری"]
    (ev,) = paid.evidence
    page = next(p for p in sample_case.store.pages(ev.document_id, number=ev.page)
                if p.layer.value == ev.layer)
    assert page.text[ev.start:ev.end] == ev.sentence and "پانزده هزار دلار" in ev.sentence
    # A cable's event names its station and the people it reports on, not its signer.
    n1 = cables[0]
    names = {x.name for x in n1.entities}
    assert "ایستگاه بغداد" in names and recruit.name in names
    assert not any("کاظمی‌نیا" in n for n in names)


def test_filters_in_either_calendar(sample_case: Case) -> None:
    jalali = events(sample_case, EventFilters(parse_day(SHEHRIVAR[0]), parse_day(SHEHRIVAR[1])))
    gregorian = events(sample_case, EventFilters(parse_day(SEPTEMBER[0]),
                                                 parse_day(SEPTEMBER[1])))
    assert [e.to_json() for e in jalali] == [e.to_json() for e in gregorian]
    assert [e.kind for e in jalali] == ["recruited", CABLE, "paid", CABLE, "met_with", CABLE]
    every = events(sample_case)
    assert len(every) > len(jalali)
    # A station: its cables, and the relations told in its cables only.
    najaf = events(sample_case, EventFilters(station="نجف"))
    assert najaf and all(
        "نجف" in " ".join(e.stations) for e in najaf), [e.stations for e in najaf]
    assert not {e.kind for e in najaf} & {"recruited", "paid"}
    # A classification, compared whole: «سری» is not «به‌کلی سری».
    top = events(sample_case, EventFilters(classification="به‌کلی سری", since=jalali[0].day))
    assert [(e.kind, e.date) for e in top] == [("paid", "2015-09-06"), (CABLE, "2015-09-08")]
    kinds = events(sample_case, EventFilters(kinds=frozenset({"recruited"})))
    assert [e.kind for e in kinds] == ["recruited"]


def test_a_rejected_relation_is_no_event(sample_case: Case) -> None:
    """Decisions apply as on the graph: rejected, no event; confirmed, confidence 1."""
    a, b = _person(sample_case, "golafshan"), _person(sample_case, "delavarinejad")
    paid = EventFilters(kinds=frozenset({"paid"}), entity=b.id)
    try:
        decide(sample_case.store, "confirm", str(a.id), str(b.id), "paid", "tester")
        assert [e.confidence for e in events(sample_case, paid)] == [1.0]
        decide(sample_case.store, "reject", str(a.id), str(b.id), "paid", "tester")
        assert events(sample_case, paid) == []
    finally:
        decide(sample_case.store, "confirm", str(a.id), str(b.id), "paid", "tester")


def test_api_page_and_cli_give_the_same_events(sample_case: Case) -> None:
    client = TestClient(create_app(sample_case), base_url="http://127.0.0.1")
    wanted = [e.to_json() for e in events(sample_case, EventFilters(
        parse_day(SHEHRIVAR[0]), parse_day(SHEHRIVAR[1])))]
    answer = client.get("/api/events", params={"from": SHEHRIVAR[0], "to": SHEHRIVAR[1]})
    assert answer.status_code == 200 and answer.json()["events"] == wanted
    assert client.get("/api/events", params={"from": "1394-13-01"}).status_code == 400
    page = client.get("/timeline", params={"from": SHEHRIVAR[0], "to": SHEHRIVAR[1]})
    assert page.status_code == 200
    assert "script" not in page.headers["content-security-policy"]
    html = page.text
    assert "<script" not in html and "<svg" in html
    assert len(re.findall(r'<a href="[^"]*" class="mark ', html)) == 6
    assert "۲۱ شهریور" in html and "11 Sep" in html  # both calendars on the axis
    years = client.get("/timeline", params={"from": "2010-01-01", "to": "1395-03-01"}).text
    assert 'data-unit="year"' in years and "۱۳۹۳</text>" in years and ">2014</text>" in years
    assert 'data-from="1393-01-01" data-to="1393-12-29"' in years
    # The period shown narrows the search and the network.
    search = re.search(r'class="period-search" href="([^"]+)"', html)
    network = re.search(r'class="period-network" href="([^"]+)"', html)
    assert search and network
    assert "since=1394-06-01" in network.group(1) and "until=1394-06-31" in network.group(1)
    found = client.get("/api/search", params={"q": "date:1394/06/01..1394/06/31"}).json()
    paths = {h["path"].rsplit("/", 1)[-1] for h in found["hits"]}
    assert {"312-5192-S.pdf", "312-5201-K.pdf", "312-5214-S.pdf"} <= paths
    assert client.get(search.group(1).replace("&amp;", "&")).status_code == 200
    # The command line, as JSON lines and as CSV.
    case_dir = str(sample_case.root)
    lines = kavosh("timeline", "--case", case_dir, "--from", SHEHRIVAR[0], "--to",
                   SHEHRIVAR[1], "--format", "json").stdout.splitlines()
    assert [json.loads(line) for line in lines] == wanted
    table = kavosh("timeline", "--case", case_dir, "--kind", "paid", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [(r["date"], r["jalali"], r["kind"]) for r in rows] == [
        ("2015-09-06", "1394-06-15", "paid")]
    bad = kavosh("timeline", "--case", case_dir, "--format", "xml", check=False)
    assert bad.returncode != 0 and "unknown format" in bad.stderr


HOSTILE = "\n".join([
    "بسمه تعالی", "شماره: ۵۰۰/۱۲۰/س", "تاریخ: ۱۳۹۴/۰۵/۲۰", "از: ایستگاه <svg onload=alert(1)>",
    "به: اداره کل عملیات", "موضوع: </text><script>alert(2)</script>", "طبقه‌بندی: سری",
    "سردار قاسم رضوانی‌فر مبلغ پنجاه هزار دلار به آقای رضا کاظمی پرداخت کرد.", ""])


def test_a_hostile_cable_is_text_on_the_timeline(tmp_path: Path) -> None:
    """What a cable writes (its sender, its subject) is text in the page and its SVG."""
    case = make_case(tmp_path / "case", executor="inline")
    try:
        ingest_texts(case, tmp_path / "leak", {"hostile.txt": HOSTILE})
        html = TestClient(create_app(case), base_url="http://127.0.0.1").get("/timeline").text
    finally:
        case.close()
    assert "<script" not in html and "<svg onload" not in html and "</text><script" not in html
    assert "&lt;/text&gt;&lt;script&gt;alert(2)" in html
    assert 'class="mark cable"' in html and 'class="mark paid"' in html


@pytest.fixture(scope="module")
def served(sample_case: Case) -> Iterator[str]:
    if find_chromium() is None:
        pytest.skip("no Chromium found: install Debian's `chromium`")
    with ServerThread(sample_case) as url:
        yield url


def _watch(page: object) -> list[str]:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


@pytest.mark.slow
def test_timeline_in_a_real_browser(served: str, sample_case: Case, browser: object,
                                    tmp_path: Path) -> None:
    """The timeline page, script-free: choose the planted month on the Jalali axis, see the
    six events, choose the payment's mark, read its sentence; then the same days' network."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="fa-IR", viewport={"width": 1280, "height": 900})
    problems = _watch(page)
    response = page.goto(f"{served}/timeline")
    assert response is not None and response.ok
    assert page.locator("script").count() == 0
    marks = page.locator("svg.timeline a.mark")
    assert marks.count() == len(events(sample_case))
    page.screenshot(path=str(tmp_path / "timeline.png"))  # the axis (the list runs long)
    # Choose Shahrivar 1394 on the Jalali side of the axis.
    page.locator('svg.timeline a.period.jalali[data-from="1394-06-01"]').click()
    page.wait_for_url(re.compile(r"from=1394-06-01"))
    assert page.locator("svg.timeline a.mark").count() == 6
    assert page.locator("svg.timeline a.period.gregorian").count() >= 2  # Sep 2015, 11 Sep …
    page.screenshot(path=str(tmp_path / "timeline-shahrivar.png"), full_page=True)
    page.locator("svg.timeline a.mark.paid").click()
    row = page.locator("tr.event.paid")
    assert row.evaluate("el => el.matches(':target')")
    assert "پانزده هزار دلار" in row.locator("blockquote").inner_text()
    assert "۱۵ شهریور ۱۳۹۴" in row.inner_text() and "6 September 2015" in row.inner_text()
    # The same days in the network.
    page.locator("a.period-network").click()
    page.wait_for_selector("#network[data-ready='true']")
    assert "since=1394-06-01" in page.url
    ids = page.evaluate("document.getElementById('network').cy.nodes().map(n => n.id())")
    for key in PLANTED["people"]:
        assert str(_person(sample_case, key).id) in ids
    page.screenshot(path=str(tmp_path / "network-shahrivar.png"), full_page=True)
    assert problems == []


def _settled(page: object) -> None:
    """Wait for the drawing, then until its layout stops moving the nodes."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.wait_for_selector("#network[data-ready='true']")
    where = "document.getElementById('network').cy.nodes().map(n => n.renderedPosition())"
    before = None
    for _ in range(50):
        now = page.evaluate(where)
        if now == before:
            return
        before = now
        page.wait_for_timeout(200)


def _click_element(page: object, element_id: str, edge: bool) -> None:
    """A real mouse click where Cytoscape draws the node (or the edge's middle)."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    where = "renderedMidpoint" if edge else "renderedPosition"
    x, y = page.evaluate(
        "([id, where]) => { const box = document.getElementById('network');"
        " const e = box.cy.getElementById(id); const p = e[where]();"
        " const r = box.getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
        [element_id, where])
    page.mouse.click(x, y)


@pytest.mark.slow
def test_network_in_a_real_browser(served: str, sample_case: Case, browser: object,
                                   tmp_path: Path) -> None:
    """The network view of the whole sample: the planted people are nodes and the planted
    relations edges, directed as planted; clicking an edge shows its sentence, clicking a
    node its relations."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="fa-IR", viewport={"width": 1280, "height": 900})
    problems = _watch(page)
    response = page.goto(f"{served}/network")
    assert response is not None and response.ok
    page.wait_for_selector("#network[data-ready='true']")
    cy = "document.getElementById('network').cy"
    nodes = set(page.evaluate(f"{cy}.nodes().map(n => n.id())"))
    people = {key: str(_person(sample_case, key).id) for key in PLANTED["people"]}
    assert set(people.values()) <= nodes
    edges = set(page.evaluate(f"{cy}.edges().map(e => e.id())"))
    planted = []
    for r in PLANTED["relations"]:
        a, b = people[r["source"]], people[r["target"]]
        if r["type"] == "met_with" and int(b) < int(a):
            a, b = b, a
        planted.append(f"{a}|{r['type']}|{b}")
    assert set(planted) <= edges, sorted(edges)
    page.screenshot(path=str(tmp_path / "network.png"), full_page=True)
    # Narrowed to the planted month and one type, nothing lies over the edge clicked.
    page.goto(f"{served}/network?since={SHEHRIVAR[0]}&until={SHEHRIVAR[1]}&type=paid")
    _settled(page)
    _click_element(page, planted[1], edge=True)  # the payment
    page.wait_for_selector("#evidence blockquote")
    assert "پانزده هزار دلار" in page.locator("#evidence blockquote").first.inner_text()
    page.screenshot(path=str(tmp_path / "network-payment.png"), full_page=True)
    page.goto(f"{served}/network?since={SHEHRIVAR[0]}&until={SHEHRIVAR[1]}&type=recruited")
    _settled(page)
    _click_element(page, people["azarnoush"], edge=False)  # the recruiter
    page.wait_for_function("document.getElementById('evidence').innerText.includes('آذرنوش')")
    assert f"/entities/{people['azarnoush']}/relations" in page.locator(
        "#evidence").inner_html()
    page.screenshot(path=str(tmp_path / "network-recruiter.png"), full_page=True)
    assert problems == []
