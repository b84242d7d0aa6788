"""Cables as cables, on the sample archive: every header field with its provenance, the threads
its references make, the gaps, the export's ``cable`` object, the search fields, the CLI and
the API — checked against ``sample/manifest.json``. A news article stays no cable.

The sample is ingested without OCR, so the scanned cables are not read: the cables citing
them cite a number missing from the case (a gap), as a leak missing those pages would.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLE, ingest_texts, kavosh, make_case
from fastapi.testclient import TestClient
from test_web import ServerThread
from test_web import browser as browser  # the Playwright fixture: Debian's Chromium, or a skip

from kavosh.api import create_app
from kavosh.cables import case_gaps, case_links, thread_links
from kavosh.cables.links import links_from_fields
from kavosh.case import Case
from kavosh.export.jsonl import export_jsonl
from kavosh.pipeline import ingest
from kavosh.search.cables import link_key
from kavosh.text import index_text
from kavosh.text.cables import FIELD_NAMES, reference_key
from kavosh.views.cables import SORTS, CablePage, cable_list, thread_view
from kavosh.views.search import search

MANIFEST = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
SCANS = {"jpeg", "png", "tiff"}
READ = [c for c in MANIFEST["cables"] if c["format"] not in SCANS]  # read without OCR
# The manifest's header lines, in the order the first sample cables write them (a manifest
# without ``fields``, the reader's values, gives them this way).
HEADER_ORDER = ("number", "date", "from", "to", "subject", "classification", "reference")


def _key(number: str) -> str:
    return link_key(reference_key(number))


KEYS = {_key(c["number"]): c for c in READ}


def _header(cable: dict[str, Any]) -> dict[str, str]:
    return {name: value for name, (_, value) in zip(HEADER_ORDER, cable["header"], strict=False)}


def _expected(cable: dict[str, Any]) -> dict[str, list[str]]:
    """Field name → the values a reader gives for the cable (the manifest's ``fields``)."""
    if "fields" in cable:
        return dict(cable["fields"])
    written = _header(cable)
    out = {name: [written[name]] for name in ("from", "to", "subject", "classification")}
    out |= {"number": [reference_key(cable["number"])], "date": [cable["gregorian_date"]],
            "reference": [reference_key(n) for n in _cites(cable)]}
    return out


def _cites(cable: dict[str, Any]) -> list[str]:
    """The numbers the cable cites, as it writes them."""
    if "references" in cable:
        return [r["number"] for r in cable["references"]]
    return [cable["reference"]] if cable["reference"] else []


def _folded(name: str, values: list[str]) -> list[str]:
    """Values as compared: numbers by the key that links them (a reader may write a number's
    letter in either script), dates as they are, text folded by the project normaliser."""
    if name in ("number", "reference"):
        return [link_key(v) for v in values]
    return values if name == "date" else [index_text(v) for v in values]


@pytest.fixture(scope="module")
def sample_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    case = make_case(tmp_path_factory.mktemp("cables") / "case", executor="inline")
    ingest(case, [SAMPLE])
    yield case
    case.close()


@pytest.fixture(scope="module")
def documents(sample_case: Case) -> dict[str, int]:
    """Manifest cable id → the document carrying its number (every cable read has one)."""
    links = case_links(sample_case.store)
    found = {c["id"]: links.by_number.get(key, []) for key, c in KEYS.items()}
    missing = [cable_id for cable_id, docs in found.items() if len(docs) != 1]
    assert not missing, f"cables not found once by their number: {missing}"
    return {cable_id: docs[0] for cable_id, docs in found.items()}


@pytest.mark.parametrize("cable", READ, ids=lambda c: c["id"])
def test_every_field_is_read_with_its_provenance(
        sample_case: Case, documents: dict[str, int], cable: dict[str, Any]) -> None:
    header = sample_case.store.cable(documents[cable["id"]])
    assert header is not None
    for name, values in _expected(cable).items():
        got = [f.value for f in header.every(name)]
        assert _folded(name, got) == _folded(name, values), name
    for f in header.fields:  # raw is exactly the characters of the page's layer it names
        assert f.name in FIELD_NAMES
        page = sample_case.store.pages(documents[cable["id"]], f.layer, f.page)[0]
        assert page.text[f.start:f.end] == f.raw
        assert f.producer.name == "kavosh.text.cables"


def _edges() -> dict[str, set[str]]:
    """Manifest id → the ids of the cables read that it cites."""
    return {c["id"]: {KEYS[_key(n)]["id"] for n in _cites(c) if _key(n) in KEYS} for c in READ}


def _walk(start: str, step: dict[str, set[str]]) -> set[str]:
    reached: set[str] = set()
    todo = [start]
    while todo:
        for nxt in step.get(todo.pop(), set()):
            if nxt not in reached and nxt != start:
                reached.add(nxt)
                todo.append(nxt)
    return reached


@pytest.mark.parametrize("cable", READ, ids=lambda c: c["id"])
def test_threads_follow_the_references(
        sample_case: Case, documents: dict[str, int], cable: dict[str, Any]) -> None:
    """The thread is every cable linked by references either way (the manifest's
    ``reference_threads``, among the cables read), each marked by how it stands."""
    view = thread_view(sample_case, documents[cable["id"]])
    assert view is not None
    ids = {doc: cable_id for cable_id, doc in documents.items()}
    relations: dict[str, set[str]] = {}
    for row in view.rows:
        key = ids[row.row.document_id] if row.row else f"gap {row.gap.key}"  # type: ignore[union-attr]
        relations.setdefault(row.relation, set()).add(key)
    up = _edges()
    down: dict[str, set[str]] = {}
    for citing, cited in up.items():
        for c in cited:
            down.setdefault(c, set()).add(citing)
    both = {k: up.get(k, set()) | down.get(k, set()) for k in {*up, *down}}
    thread = _walk(cable["id"], both) | {cable["id"]}
    earlier, later = _walk(cable["id"], up), _walk(cable["id"], down)
    cables = {k: {v for v in vs if not v.startswith("gap ")} for k, vs in relations.items()}
    assert cables.pop("self") == {cable["id"]}
    assert cables.get("cited", set()) == up[cable["id"]]
    assert cables.get("earlier", set()) == earlier - up[cable["id"]]
    assert cables.get("citing", set()) == down.get(cable["id"], set())
    assert cables.get("later", set()) == later - down.get(cable["id"], set())
    assert set().union(*cables.values()) | {cable["id"]} == thread
    gaps = {f"gap {_key(n)}" for c in READ if c["id"] in thread for n in _cites(c)
            if _key(n) not in KEYS}
    assert {k for vs in relations.values() for k in vs if k.startswith("gap ")} == gaps
    dates = [row.row.entry.date for row in view.rows if row.row]  # in date order
    assert dates == sorted(dates)


def _expected_gaps() -> dict[str, set[str]]:
    """Cited number (key) missing from what was read → the ids of the cables citing it (the
    manifest's planted ``gaps`` among them)."""
    gaps: dict[str, set[str]] = {}
    for c in READ:
        for number in _cites(c):
            if _key(number) not in KEYS:
                gaps.setdefault(_key(number), set()).add(c["id"])
    for planted in MANIFEST.get("gaps", []):
        assert _key(planted["number"]) in gaps
    return gaps


def test_stored_links_give_the_same_threads_and_gaps(sample_case: Case) -> None:
    """The links derive stores (read by indexed queries, one thread at a time) give every
    thread, the findings across cables of each cable (the document page's) and the gaps
    exactly as the cable fields themselves do."""
    store = sample_case.store
    assert store.count_cable_links() == store.count_cables() > 0
    fields = links_from_fields(store)
    for document_id in fields.entries:
        links = thread_links(store, document_id)
        assert links.thread(document_id) == fields.thread(document_id)
        assert links.findings_of(document_id) == fields.findings_of(document_id)
    assert case_gaps(store)[0] == fields.gaps()
    assert [e.document_id for e in case_links(store).cables()] == \
        [e.document_id for e in fields.cables()]


def test_the_cable_list_is_sorted_filtered_and_paged_in_the_store(sample_case: Case) -> None:
    """The list the store sorts, filters and cuts gives, page by page, exactly the list read
    from the fields (every sort; filters by sender, by a recipient's word, by a
    classification typed with an Arabic letter), and the CLI and the API page it."""
    store = sample_case.store
    fields = links_from_fields(store)
    whole = cable_list(sample_case)
    recipient = next(r.entry.recipient for r in whole.rows if r.entry.recipient).split()[-1]
    cases = [{}, {"sender": "ایستگاه بغداد"}, {"recipient": recipient},
             {"classification": "سري"}, {"sender": "بغداد", "classification": "سری"},
             {"sender": "nowhere at all"}]
    for sort in SORTS:
        for filters in cases:
            expected = cable_list(sample_case, sort, links=fields, **filters)
            assert expected.rows or filters.get("sender") == "nowhere at all"
            got = cable_list(sample_case, sort, **filters)
            assert _ids(got) == _ids(expected) and got.total == expected.total
            pages, offset = [], 0
            while True:
                page = cable_list(sample_case, sort, limit=3, offset=offset, **filters)
                assert page.total == expected.total
                pages += _ids(page)
                if page.next_offset is None:
                    break
                offset = page.next_offset
            assert pages == _ids(expected)
    root = str(sample_case.root)
    listed = kavosh("cables", "list", "--case", root, "--limit", "2", "--offset", "1", "--json")
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == _ids(whole)[1:3]
    assert "--offset 3" in listed.stderr
    with TestClient(create_app(sample_case), base_url="http://127.0.0.1") as client:
        api = client.get("/api/cables", params={"limit": 2, "offset": 1}).json()
        assert [c["id"] for c in api["cables"]] == _ids(whole)[1:3]
        assert api["total"] == whole.total and api["next_offset"] == 3
        html = client.get("/cables", params={"offset": 2}).text
        assert f"{whole.total} تلگراف" in html


def _ids(page: CablePage) -> list[int]:
    return [row.document_id for row in page.rows]


def test_gaps_list_every_citing_cable_on_the_command_line(
        sample_case: Case, documents: dict[str, int]) -> None:
    expected = _expected_gaps()
    assert expected, "the sample read without OCR cites scans it could not read"
    out = kavosh("cables", "gaps", "--case", str(sample_case.root), "--json").stdout
    gaps = json.loads(out)
    ids = {doc: cable_id for cable_id, doc in documents.items()}
    assert {g["number_key"]: {ids[c["id"]] for c in g["cited_by"]} for g in gaps} == expected
    for gap in gaps:  # the number as the first citing cable wrote it
        assert _key(gap["number"]) == gap["number_key"]


def test_export_writes_the_cable_object_on_cables_only(
        sample_case: Case, documents: dict[str, int]) -> None:
    out = io.StringIO()
    export_jsonl(sample_case, out)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
    cables = {doc for doc, r in records.items() if "cable" in r}
    assert cables == set(documents.values())  # the e-mails, the zip, the contact list: none
    for path in (n["path"] for n in MANIFEST.get("not_cables", [])):  # cover notes, contacts
        assert not any(r["path"].endswith(path) and "cable" in r for r in records.values())
    a2 = records[documents["A2"]]["cable"]
    expected = _expected(next(c for c in READ if c["id"] == "A2"))
    assert _folded("number", [a2["number"]["value"]]) == _folded("number", expected["number"])
    assert [a2["date"]["value"]] == expected["date"]
    assert _folded("reference", [r["value"] for r in a2["reference"]]) == _folded(
        "reference", expected["reference"])
    page = next(p for p in records[documents["A2"]]["pages"]
                if p["number"] == a2["subject"]["page"] and p["layer"] == a2["subject"]["layer"])
    assert page["text"][a2["subject"]["start"]:a2["subject"]["end"]] == a2["subject"]["raw"]
    assert a2["reader"] == "kavosh.text.cables"
    assert records[documents["A2"]]["cable_findings"] == []


def _docs(case: Case, query: str) -> set[int]:
    return {hit.document_id for hit in search(case, query, limit=200).hits}


def _where(documents: dict[str, int], keep: Any) -> set[int]:
    return {documents[c["id"]] for c in READ if keep(c)}


def _holds(name: str, words: str) -> Any:
    """Whether a manifest cable's field ``name`` holds ``words`` in a row (folded)."""
    wanted = index_text(words).split()

    def holds(cable: dict[str, Any]) -> bool:
        for value in _expected(cable).get(name, []):
            have = index_text(value).split()
            if any(have[i:i + len(wanted)] == wanted for i in range(len(have))):
                return True
        return False
    return holds


def _classified(cable: dict[str, Any], mark: str) -> bool:
    return index_text(mark) in _folded("classification", _expected(cable)["classification"])


def test_cable_fields_are_search_fields(sample_case: Case, documents: dict[str, int]) -> None:
    a1 = documents["A1"]
    answers = _where(documents, lambda c: any(_key(n) == _key("312/4407/S") for n in _cites(c)))
    # any spelling of a number: digit scripts, separators, Latin letters
    assert _docs(sample_case, "number:312-4407-S") == {a1}
    assert _docs(sample_case, "number:۳۱۲/۴۴۰۷/س") == {a1}
    assert answers and _docs(sample_case, "ref:312/4407/S") == answers  # the cables citing it
    assert _docs(sample_case, "number:312/4407/S OR ref:312/4407/S") == {a1} | answers
    secret = _where(documents, lambda c: _classified(c, "سری"))
    assert secret and _docs(sample_case, "classification:سری") == secret  # سري too, not خیلی سری
    assert _docs(sample_case, "from:بغداد") == _where(documents, _holds("from", "بغداد"))
    assert _docs(sample_case, 'to:"اداره کل عملیات"') == _where(
        documents, _holds("to", "اداره کل عملیات"))
    samarra = _where(documents, _holds("subject", "سامرا"))
    assert samarra and _docs(sample_case, "subject:سامرا") == samarra
    # a field with words of the text: both on the same document
    assert _docs(sample_case, "from:بغداد سپیدار") == {a1}
    assert _docs(sample_case, "classification:سری -from:بغداد") == secret - _docs(
        sample_case, "from:بغداد")


def test_api_serves_the_list_a_cable_its_thread_and_the_gaps(
        sample_case: Case, documents: dict[str, int]) -> None:
    with TestClient(create_app(sample_case), base_url="http://127.0.0.1") as client:
        listed = client.get("/api/cables", params={"sort": "-date"}).json()["cables"]
        assert [c["id"] for c in listed if c["date"]] == sorted(
            (documents[c["id"]] for c in READ),
            key=lambda d: next(x["date"] for x in listed if x["id"] == d), reverse=True)
        baghdad = client.get("/api/cables", params={"from": "ایستگاه بغداد"}).json()
        assert {c["id"] for c in baghdad["cables"]} == _where(
            documents, _holds("from", "ایستگاه بغداد"))
        one = client.get(f"/api/documents/{documents['A2']}/cable").json()
        assert one["cable"]["reference"][0]["raw"] == "۳۱۲/۴۴۰۷/س"
        thread = client.get(f"/api/documents/{documents['A2']}/thread").json()
        assert {r["id"] for r in thread["thread"] if r["relation"] == "cited"} == {
            documents["A1"]}
        gaps = client.get("/api/cables/gaps").json()["gaps"]
        assert {g["number_key"] for g in gaps} == set(_expected_gaps())
        assert client.get("/api/documents/999999/cable").status_code == 404
        page = client.get(f"/documents/{documents['A1']}").text
        assert "سرصفحهٔ تلگراف" in page and "16 April 2014" in page and "۲۷ فروردین ۱۳۹۳" in page
        listing = client.get("/cables", params={"classification": "سری"}).text
        assert listing.count('href="/documents/') - listing.count("/thread") == len(
            _where(documents, lambda c: _classified(c, "سری")))


NEWS = """خبرگزاری فارس - تهران
کد خبر: ۱۴۰۲۰۵۱۲۰۰۰۴۵۱
تاریخ: ۱۲ مرداد ۱۴۰۲ - ۱۰:۳۰
سرویس: سیاسی
به گزارش خبرگزاری فارس، سخنگوی وزارت امور خارجه در نشست خبری هفتگی خود از سفر هیئتی
به بغداد در هفته آینده خبر داد و گفت: موضوع این سفر پیگیری توافق‌های پیشین دو کشور است.
وی افزود: از طرف عراقی نیز دعوت شده است تا در نشست مشترک کمیسیون اقتصادی شرکت کند.
انتهای پیام/
"""


def test_a_news_article_is_no_cable(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "news", {"fars-1402-05-12.txt": NEWS})
    assert case.store.count_cables() == 0
    out = io.StringIO()
    export_jsonl(case, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 2  # the folder and the article
    assert all("cable" not in r and "cable_findings" not in r for r in records)
    assert _docs(case, "from:عراقی") == set()
    assert _docs(case, "بغداد")  # the article is searchable as text all the same


def _cable_text(number: str, date: str, subject: str, cites: str | None = None) -> str:
    lines = ["بسمه تعالی", f"شماره: {number}", f"تاریخ: {date}", "از: ایستگاه نمونه",
             "به: اداره کل عملیات", f"موضوع: {subject}", "طبقه‌بندی: محرمانه"]
    if cites:
        lines.append(f"پیرو: {cites}")
    return "\n".join([*lines, "مراتب جهت استحضار اعلام می‌گردد.", "رئیس ایستگاه نمونه", ""])


def test_contradictions_between_cables_are_findings(case: Case, tmp_path: Path) -> None:
    """A cable citing one dated after it, and one number carried by two different cables, are
    kept as found and reported (export, CLI), never dropped or merged."""
    from kavosh.views.cables import document_cable, link_findings

    ingest_texts(case, tmp_path / "leak", {
        "early.txt": _cable_text("۵۰۰/۱۲۰/س", "۱۳۹۳/۰۱/۱۰", "درخواست نخست", cites="۵۰۰/۲۰۰/س"),
        "later.txt": _cable_text("۵۰۰/۲۰۰/س", "۱۳۹۳/۰۲/۱۰", "پاسخ به درخواست"),
        "other.txt": _cable_text("500-200-S", "۱۳۹۳/۰۵/۰۱", "گزارشی دیگر"),
    })
    links = case_links(case.store)
    by_subject = {e.subject: e.document_id for e in links.cables()}
    early, later, other = (by_subject[s] for s in ("درخواست نخست", "پاسخ به درخواست",
                                                    "گزارشی دیگر"))
    found = {(f["check"], tuple(f["documents"])) for f in link_findings(case)}
    assert found == {("cites-later-cable", (early, later)),
                     ("cites-later-cable", (early, other)),  # both carry the number it cites
                     ("number-conflict", (later, other))}
    out = io.StringIO()
    export_jsonl(case, out)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert [(f["check"], f["documents"]) for f in records[early]["cable_findings"]] == [
        ("cites-later-cable", [later]), ("cites-later-cable", [other])]
    for document_id in (early, later, other):  # the document page reads its thread only
        shown = document_cable(case, document_id)
        assert shown is not None
        assert list(shown.findings) == records[document_id]["cable_findings"]
    view = thread_view(case, later)  # both cables numbered 500/200 answer the early one
    assert view is not None
    assert {(r.relation, r.row.document_id) for r in view.rows if r.row} == {
        ("self", later), ("copy", other), ("citing", early)}


# --- the thread page in a real browser ---------------------------------------------------

THREAD_D = ("cables/1393/410-4542-M.pdf", "cables/1393/410-4641-M.pdf",
            "web/intranet/khabarnameh-beirut-1393-11.html")  # D1, D3, D4: D2 left out


@pytest.fixture(scope="module")
def served_thread(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Case]]:
    root = tmp_path_factory.mktemp("thread")
    inbox = root / "leak"
    for name in THREAD_D:
        (inbox / Path(name).parent).mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, inbox / name)
    case = make_case(root / "case", executor="inline")
    try:
        ingest(case, [inbox])
        with ServerThread(case) as base_url:
            yield base_url, case
    finally:
        case.close()


@pytest.mark.slow
def test_thread_page_in_a_real_browser(served_thread: tuple[str, Case], browser: object) -> None:
    """D2 is missing: D3's thread shows the gap it cites, D3, and D4 answering it, in date
    order; from the cable list to the thread and on to D4's thread, without a script."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    base_url, case = served_thread
    d = {c["id"]: c for c in MANIFEST["cables"] if c["thread"] == "D"}
    context = browser.new_context(locale="fa-IR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "/cables?sort=-date")
        rows = page.locator("table.cable-list tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.first).to_contain_text(d["D4"]["number"])  # latest first
        rows.filter(has_text=d["D3"]["number_as_written"]).locator("a", has_text="رشته").click()
        page.wait_for_url("**/thread")
        items = page.locator("ol.thread-items > li")
        expect(items).to_have_count(3)
        assert [items.nth(i).get_attribute("data-relation") for i in range(3)] == [
            "cited", "self", "citing"]
        expect(items.nth(0)).to_have_class("gap")
        expect(items.nth(0)).to_contain_text("در پرونده نیست")
        assert _key(items.nth(0).locator(".number").inner_text()) == _key(d["D2"]["number"])
        expect(items.nth(1)).to_contain_text(d["D3"]["number_as_written"])
        expect(items.nth(1)).to_contain_text("12 August 2014")  # Gregorian beside Jalali
        expect(items.nth(1)).to_contain_text("۲۱ مرداد ۱۳۹۳")
        items.nth(2).locator("a.number").click()  # on to D4's own thread
        page.wait_for_url("**/thread")
        items = page.locator("ol.thread-items > li")
        assert [items.nth(i).get_attribute("data-relation") for i in range(3)] == [
            "earlier", "cited", "self"]  # the gap D3 cites, D3, D4
        expect(page.locator("li.gap .hint a")).to_have_count(1)  # cited by D3 alone
    finally:
        context.close()
    assert case.store.count_cables() == 3


def test_reindex_reads_again_what_an_older_reader_read(case: Case, tmp_path: Path) -> None:
    """A case derived before cables (or by an older reader) is re-read by `kavosh reindex`:
    the derive stage's version carries the reader's."""
    from kavosh.pipeline import reindex

    a1 = next(c for c in READ if c["id"] == "A1")
    ingest_texts(case, tmp_path / "leak", {"a1.txt": a1["text"]})
    (document,) = [d for d, _ in case.store.cable_fields(["number"])]
    with case.store.transaction():  # as the release before cables left it
        case.store.put_cable(document, None)
        case.store.execute("UPDATE stage_state SET version = '2' WHERE stage = 'derive'")
    assert case.store.count_cables() == 0
    reindex(case)
    header = case.store.cable(document)
    assert header is not None and header.first("number") is not None
    assert _docs(case, f"number:{a1['number_latin']}") == {document}
