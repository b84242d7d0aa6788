"""Paragraph and document co-occurrence, saved network views, and the network page's SVG
export (issue 14). Fictional people only; real news where the shared data is present."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import ingest_texts, shared_data
from fastapi.testclient import TestClient
from test_relations import CABLE, KAZEMI, MEETING, REZVANI, TAGHAVI, _article, _person
from test_relations import served as served  # a real server on the fictional leak
from test_web import browser as browser  # the Playwright fixture: Debian's Chromium, or a skip

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.entities.graph import build_graph
from kavosh.entities.relations import (
    CO_DOCUMENT,
    CO_PARAGRAPH,
    DOCUMENT_TOP,
    WIDE_TOP,
    Placed,
    find_wide_co_occurrences,
)

# Kazemi and Rezvanifar in one paragraph (not one sentence); Taghavipour in the next.
REPORT = ("گزارش روزانه\n\nآقای رضا کاظمی روز ۱۶ مرداد ۱۳۹۴ به کربلا رفت. سردار قاسم رضوانی‌فر"
          " نیز در همان روز در کربلا بود.\n\nسرهنگ بهروز تقوی‌پور در تهران ماند.\n")


def test_paragraph_and_document_co_occurrence_at_ingest(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "leak", {"meeting.txt": MEETING, "report.txt": REPORT,
                                           "cable.txt": CABLE})
    k, t = str(_person(case, KAZEMI).id), str(_person(case, TAGHAVI).id)
    r = str(_person(case, REZVANI).id)
    graph = build_graph(case.store)
    # One paragraph, two sentences: a paragraph co-occurrence, less sure than a sentence's.
    assert graph.edge(k, r, "co_occurrence") is None
    paragraph = graph.edge(k, r, CO_PARAGRAPH)
    assert paragraph is not None and paragraph.weight == 1 and round(paragraph.confidence, 3) == 0.2
    excerpt = paragraph.evidence[0]
    assert "رضا کاظمی" in excerpt.sentence and "رضوانی‌فر" in excerpt.sentence
    assert " … " in excerpt.sentence  # the two names' sentences
    page = case.store.pages(excerpt.document_id, number=excerpt.page)[0]
    assert page.text[excerpt.start:excerpt.end].startswith("آقای رضا کاظمی")  # the paragraph
    assert paragraph.first_day == paragraph.last_day  # the day written in the paragraph
    assert paragraph.first_day is not None
    # Kazemi and Taghavipour: one sentence of the meeting and of the cable, two paragraphs
    # of the report.
    assert graph.edge(k, t, CO_PARAGRAPH).weight == 2  # type: ignore[union-attr]
    document = graph.edge(k, t, CO_DOCUMENT)
    assert document is not None and document.weight == document.documents == 3
    assert document.confidence < graph.edge(k, t, "co_occurrence").confidence  # type: ignore
    # A document co-occurrence's day is the document's own (the dated cable's).
    assert document.first_day == document.last_day == date(2015, 8, 11).toordinal()
    # Filters by kind, in the API as in the graph.
    client = TestClient(create_app(case), base_url="http://127.0.0.1")
    only = client.get("/api/graph", params={"type": CO_DOCUMENT}).json()
    assert only["edges"] and {e["type"] for e in only["edges"]} == {CO_DOCUMENT}
    assert all(e["directed"] is False for e in only["edges"])
    sentence_only = client.get("/api/graph", params={"type": "co_occurrence"}).json()
    assert {e["type"] for e in sentence_only["edges"]} == {"co_occurrence"}
    # The network view's compact form holds what it draws of the same graph, each string
    # once, the ends as node indexes.
    objects = client.get("/api/graph").json()
    packed = client.get("/api/graph", params={"form": "columns"}).json()
    assert _unpacked(packed) == {
        "nodes": [{k: n[k] for k in ("id", "label", "type", "mentions")}
                  for n in objects["nodes"]],
        "edges": [{k: e[k] for k in ("id", "source", "target", "type", "weight", "confidence",
                                     "first_date", "last_date", "status", "directed")}
                  for e in objects["edges"]],
        "total_edges": objects["total_edges"]}
    assert {e["directed"] for e in objects["edges"]} == {True, False}  # a cable's, a meeting's
    assert len(json.dumps(packed)) < len(json.dumps(objects)) / 2


def _unpacked(g: dict) -> dict:  # type: ignore[type-arg]
    """What network.js's unpack makes of /api/graph?form=columns."""
    n, e = g["nodes"], g["edges"]
    ids = n["id"]
    day = lambda i: None if i < 0 else g["days"][i]  # noqa: E731
    return {"nodes": [{"id": ids[i], "label": n["label"][i], "type": g["node_types"][n["type"][i]],
                       "mentions": n["mentions"][i]} for i in range(len(ids))],
            "edges": [{"id": f"{ids[e['source'][i]]}|{g['edge_types'][e['type'][i]]}|"
                             f"{ids[e['target'][i]]}",
                       "source": ids[e["source"][i]], "target": ids[e["target"][i]],
                       "type": g["edge_types"][e["type"][i]], "weight": e["weight"][i],
                       "confidence": e["confidence"][i], "first_date": day(e["first"][i]),
                       "last_date": day(e["last"][i]), "status": g["statuses"][e["status"][i]],
                       "directed": g["directed"][e["type"][i]]}
                      for i in range(len(e["source"]))],
            "total_edges": g["total_edges"]}


def _names(count: int) -> list[str]:
    first = ["رضا", "بهروز", "قاسم", "دارا", "فرزاد", "کاوه", "سامان", "نیما", "آرش", "بابک",
             "پرویز", "جمشید", "هومن", "کیوان", "مانی"]
    last = ["کاظمی", "تقوی‌پور", "رضوانی‌فر", "نیک‌پور", "فرهمند", "آذرنوش", "بهمنیار",
            "دلاوری", "سپهری", "شاهرخی", "طاهرزاده", "کیانی", "مهرآیین", "نوروزی", "یزدانی",
            "آریان", "برزگر", "جهانبین", "خسروی", "زرین‌کوب"]
    return [f"{a} {b}" for a in first for b in last][:count]


def test_a_list_of_300_people_stays_bounded() -> None:
    """A paragraph naming 300 people (the first three twice) makes at most
    WIDE_TOP·(WIDE_TOP−1)/2 pairs in the paragraph and DOCUMENT_TOP·(DOCUMENT_TOP−1)/2 in
    the document, not 44,850; the most mentioned names are among those kept."""
    names = _names(300)
    text = "فهرست حاضران: " + "، ".join(names[:3] + names) + ".\n"
    placed, at = [], 0
    for name in names[:3] + names:
        at = text.index(name, at)
        placed.append(Placed(0, at, at + len(name), "PER", name))
        at += len(name)
    found = find_wide_co_occurrences([text], placed)
    assert len([f for f in found if f.type == CO_PARAGRAPH]) == WIDE_TOP * (WIDE_TOP - 1) // 2
    documents = [f for f in found if f.type == CO_DOCUMENT]
    assert len(documents) == DOCUMENT_TOP * (DOCUMENT_TOP - 1) // 2
    kept = {placed[i].name for f in found for i in (f.source, f.target)}
    assert len(kept) == WIDE_TOP and set(names[:3]) <= kept
    assert set(names[:3]) <= {placed[i].name for f in documents for i in (f.source, f.target)}


def test_wide_co_occurrence_on_real_news() -> None:
    """The longest Fars News article, through the stage's finders: pairs stay bounded, each
    excerpt holds both names, and a paragraph pair's paragraph holds them both."""
    from kavosh.entities import find_entities
    from kavosh.pipeline.mentions import stage_finders

    news = [_article(a) for path in sorted(shared_data("farsnews").glob("*.json"))
            for a in json.loads(path.read_text(encoding="utf-8"))]
    text = max(news, key=len)
    mentions = find_entities(text, "fa", stage_finders())
    placed = [Placed(0, m.start, m.end, m.type, m.text) for m in mentions]
    found = find_wide_co_occurrences([text], placed)
    documents = [f for f in found if f.type == CO_DOCUMENT]
    assert 0 < len(documents) <= DOCUMENT_TOP * (DOCUMENT_TOP - 1) // 2
    for f in found:
        a, b = placed[f.source].name, placed[f.target].name
        assert f.source != f.target and a != b
        if f.type == CO_PARAGRAPH:
            paragraph = text[f.start:f.end]
            assert any(p.name in paragraph for p in placed
                       if p.name == a or p.name == b)
        assert f.excerpt and f.confidence < 0.3


def _view(positions: dict[str, list[float]], selected: list[str]) -> dict[str, object]:
    return {"filters": {"type": ["met_with", "paid"], "since": "1394-01-01", "until": "",
                        "min_confidence": 0.5, "entity": None},
            "positions": positions, "selected": selected, "zoom": 1.5,
            "pan": {"x": 10, "y": -20}}


def test_saved_views_api(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "leak", {"meeting.txt": MEETING})
    k = str(_person(case, KAZEMI).id)
    client = TestClient(create_app(case), base_url="http://127.0.0.1")
    name = "کاظمی & <دیدارها>"
    saved = client.post("/api/views", json={"name": name, "by": "reporter-a",
                                            "view": _view({k: [12.34, -5]}, [k])})
    assert saved.status_code == 201, saved.text
    assert saved.json()["by"] == saved.json()["created_by"] == "reporter-a"
    again = client.post("/api/views", json={"name": name, "by": "reporter-b",
                                            "view": _view({k: [1, 2]}, [])}).json()
    assert (again["created_by"], again["by"]) == ("reporter-a", "reporter-b")
    listed = client.get("/api/views").json()["views"]
    assert [v["name"] for v in listed] == [name] and "view" not in listed[0]
    one = client.get(f"/api/views/{name}").json()
    assert one["view"]["positions"] == {k: [1.0, 2.0]}
    # The nodes double-tapped are kept, entity ids only.
    expanded = {**_view({}, []), "expanded": [k, 7, "station:x", "۱۲", True]}
    kept = client.post("/api/views", json={"name": "n", "view": expanded}).json()
    assert kept["view"]["expanded"] == [k, "7"]
    bad = {**_view({}, []), "expanded": "7"}
    assert client.post("/api/views", json={"name": "x", "view": bad}).status_code == 400
    assert one["view"]["filters"]["type"] == ["met_with", "paid"]
    assert client.get("/api/views/nothing").status_code == 404
    # Wrong shapes, other media types and other sites are refused.
    assert client.post("/api/views", json={"name": "", "view": _view({}, [])}).status_code == 400
    bad = _view({k: ["x", 1]}, [])
    assert client.post("/api/views", json={"name": "x", "view": bad}).status_code == 400
    bad = {**_view({}, []), "filters": {"since": "not a date"}}
    assert client.post("/api/views", json={"name": "x", "view": bad}).status_code == 400
    assert client.post("/api/views", content=json.dumps({"name": "x", "view": {}}),
                       headers={"content-type": "text/plain"}).status_code == 415
    assert client.post("/api/views", json={"name": "x", "view": _view({}, [])},
                       headers={"sec-fetch-site": "cross-site"}).status_code == 403
    # The page opens a saved view with its filters.
    page = client.get("/network", params={"view": name})
    assert page.status_code == 200
    assert 'value="met_with" checked' in page.text and 'value="1394-01-01"' in page.text
    assert 'value="co_occurrence" checked' not in page.text
    assert client.get("/network", params={"view": "nothing"}).status_code == 404
    # With no type asked, the page draws all but the paragraph and document co-occurrences.
    # The filter form sends its empty number fields; a wrong number is refused.
    sent = client.get("/network", params={"since": "2015-08-23", "min_confidence": "",
                                          "entity": ""})
    assert sent.status_code == 200 and 'id="since-picker"' in sent.text
    assert 'value="2015-08-23"' in sent.text
    jalali = client.get("/network", params={"since": "۱۳۹۴/۰۶/۰۱"}).text
    assert 'data-for="since" value="2015-08-23"' in jalali  # the picker shows it Gregorian
    assert client.get("/network", params={"min_confidence": "2"}).status_code == 400
    assert client.get("/network", params={"entity": "x"}).status_code == 400
    plain = client.get("/network").text
    assert 'value="co_occurrence" checked' in plain
    assert 'value="co_document" checked' not in plain


HOSTILE = '<script>alert(1)</script> & "quoted" \'x\''


def test_views_and_svg_in_a_real_browser(served: tuple[str, Case], browser: object,
                                         tmp_path: Path) -> None:
    """Save a view (a moved node, a selected one) from the page, open it again from the
    page's list, and export the drawing as SVG: a well-formed file with one circle per node,
    one line per edge, and every label as text (a hostile one escaped)."""
    import xml.etree.ElementTree as ET

    from playwright.sync_api import Browser

    url, case = served
    assert isinstance(browser, Browser)
    k = str(_person(case, KAZEMI).id)
    context = browser.new_context(locale="fa-IR", accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{url}/network")
    page.wait_for_selector("#network[data-ready='true']")
    page.evaluate(f"""() => {{ const cy = document.getElementById('network').cy;
        cy.getElementById('{k}').position({{x: 1234, y: -567}}).select(); }}""")
    name = "شبکه کاظمی <ویژه>"
    page.fill("#view-name", name)
    page.fill("#view-by", "reporter-a")
    page.click("#save-view button[type=submit]")
    page.wait_for_selector("#view-status:has-text('ذخیره شد')")
    saved = case.store.saved_view(name)
    assert saved is not None and saved.saved_by == "reporter-a"
    assert saved.data["positions"][k] == [1234.0, -567.0] and saved.data["selected"] == [k]
    # The list on the page links to it; opened, the node is where it was left, selected.
    page.click(f"#saved-views a:has-text('{name}')")
    page.wait_for_selector("#network[data-ready='true']")
    assert "view=" in page.url
    where = page.evaluate(f"""() => {{ const n = document.getElementById('network').cy
        .getElementById('{k}'); return [n.position('x'), n.position('y'), n.selected()]; }}""")
    assert where == [1234, -567, True]
    page.evaluate(f"""() => document.getElementById('network').cy.add({{group: 'nodes',
        data: {{id: 'hostile', label: {json.dumps(HOSTILE)}, size: 20, color: '#555'}},
        position: {{x: 0, y: 0}}}})""")
    with page.expect_download() as got:
        page.click("#svg")
    svg = Path(got.value.path()).read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    counts = page.evaluate("() => { const cy = document.getElementById('network').cy;"
                           " return [cy.nodes().length, cy.edges().length]; }")
    assert [len(root.findall(f"{ns}circle")), len(root.findall(f"{ns}line"))] == counts
    texts = [t.text for t in root.findall(f"{ns}text")]
    assert HOSTILE in texts and "<script>" not in svg
    assert any("کاظمی" in (t or "") for t in texts)
    (tmp_path / "network.svg").write_text(svg, encoding="utf-8")
    page.screenshot(path=str(tmp_path / "network-view.png"), full_page=True)
    context.close()
    assert problems == []
