"""Issue 12: a list of names searched at once, saved searches with alerts, more like this."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import ingest_texts, kavosh, shared_data
from fastapi.testclient import TestClient

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.model.errors import UsageError
from kavosh.pipeline import ingest
from kavosh.views.alerts import alerts, mark_seen, new_count, save_search
from kavosh.views.batch import batch_search, read_queries
from kavosh.views.similar import similar_documents

# Fictional people and places.
TEXTS = {
    "persian.txt": "گزارش دیدار با قاسم سلیمانی در بغداد",
    "arabic-letters.txt": "ملاقات قاسم سليماني با هيئت عراقي",
    "english.txt": "The ambassador met Qasem Soleymani and General Rezaei in Baghdad.",
    "other.txt": "گزارش دیدار با حسین رضایی در نجف",
}
NAMES = ["Soleimani", "رضایی", "Zarvandokht Pishgaman", "AND", "   ", "نجف"]  # AND: no words


@pytest.fixture
def names_case(case: Case, tmp_path: Path) -> Case:
    return ingest_texts(case, tmp_path / "in", TEXTS)


def _by_query(rows: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {row["query"]: row for row in rows}


def test_a_batch_of_names_from_the_command_line(names_case: Case, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("\n".join(NAMES) + "\n", encoding="utf-8")
    case_dir = str(names_case.root)
    names_case.close()

    done = kavosh("search", "--batch", str(names), "--format", "jsonl", "--case", case_dir)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["row"] for r in rows] == [1, 2, 3, 4, 6]  # the blank line 5 is no query
    found = _by_query(rows)
    # A Latin name goes through the expansion a typed search does: the Persian spellings.
    latin = found["Soleimani"]
    assert latin["expansions"] == {"soleimani": ["سلیمانی"]}
    assert {Path(str(d["path"])).name for d in latin["listed"]} == {  # type: ignore[attr-defined]
        "persian.txt", "arabic-letters.txt"}
    assert latin["hits"] == latin["documents"] == 2
    # A name without hits is listed, with 0; a query that cannot be read says why.
    assert found["Zarvandokht Pishgaman"]["hits"] == 0
    assert found["Zarvandokht Pishgaman"]["error"] is None
    assert found["نجف"]["hits"] == 1
    assert "queries" in done.stderr  # the progress bar
    assert "5 queries: 3 with hits, 1 without, 1 not understood" in done.stderr.replace("\n", " ")

    listed = tmp_path / "people.csv"
    listed.write_text("id,person\n1,Soleimani\n2,Zarvandokht Pishgaman\n", encoding="utf-8")
    done = kavosh("search", "--batch", str(listed), "--column", "person", "--case", case_dir)
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["row"], r["query"], r["hits"], r["documents"]) for r in table] == [
        ("2", "Soleimani", "2", "2"), ("3", "Zarvandokht Pishgaman", "0", "0")]
    assert {Path(p).name for p in table[0]["paths"].splitlines()} == {
        "persian.txt", "arabic-letters.txt"}

    wrong = kavosh("search", "--batch", str(listed), "--column", "name", "--case", case_dir,
                   check=False)
    assert wrong.returncode == 2 and "no column 'name'" in wrong.stderr


class _Counted:
    def __init__(self) -> None:
        self.totals: list[int | None] = []
        self.done = 0

    def phase(self, name: str, total: int | None) -> None:
        self.totals.append(total)

    def total(self, total: int) -> None:
        self.totals.append(total)

    def advance(self, count: int = 1) -> None:
        self.done += count


def test_a_thousand_names_run_as_one_job_with_progress(names_case: Case) -> None:
    people = [f"Pishgaman{i:04d}" for i in range(997)] + ["Soleimani", "رضایی", "Rezaei"]
    progress = _Counted()
    rows = list(batch_search(names_case, read_queries("\n".join(people)), progress=progress))
    assert progress.totals == [1000] and progress.done == 1000
    assert len(rows) == 1000 and [r.row for r in rows] == list(range(1, 1001))
    assert sum(r.hits > 0 for r in rows) == 3
    assert all(r.hits == 0 and r.error is None for r in rows[:997])


def test_a_list_too_long_is_refused_whole() -> None:
    with pytest.raises(UsageError, match="at most 10,000"):
        read_queries("\n".join(f"n{i}" for i in range(10_001)))
    # a CSV's queries: the name column, else the first; a spreadsheet's row numbers
    assert read_queries("\ufeffname,note\nAli,x\n,y\nReza,z\n", is_csv=True) == [
        (2, "Ali"), (4, "Reza")]


@pytest.fixture
def client(names_case: Case) -> Iterator[TestClient]:
    with TestClient(create_app(names_case), base_url="http://127.0.0.1") as test_client:
        yield test_client


def _finished(client: TestClient, url: str) -> httpx.Response:
    """The job's page (or JSON) once the job is done: it runs in a thread of the server."""
    for _ in range(600):
        answer = client.get(url)
        if "job-progress" not in answer.text and '"done":false' not in answer.text:
            return answer
        time.sleep(0.05)
    raise AssertionError(f"{url} did not finish")


def test_the_batch_page_takes_an_uploaded_list(client: TestClient) -> None:
    form = client.get("/batch")
    assert 'enctype="multipart/form-data"' in form.text and "<script" not in form.text
    listed = "\n".join(NAMES).encode("utf-8")
    started = client.post("/batch", files={"names": ("names.txt", listed, "text/plain")},
                          data={"documents": "5"}, follow_redirects=False)
    assert started.status_code == 303
    page = _finished(client, started.headers["location"])
    assert page.status_code == 200 and 'http-equiv="refresh"' not in page.text
    assert page.text.count('<tr class="no-hits">') == 1  # Zarvandokht Pishgaman, with 0
    assert "persian.txt" in page.text and "سلیمانی" in page.text  # the spelling added
    assert page.text.count('<tr class="failed">') == 1

    too_big = client.post("/batch", files={"names": ("n.txt", b"x\n" * 1_100_000)})
    assert too_big.status_code == 413

    as_csv = client.get(started.headers["location"] + "/rows.csv")
    assert [r["query"] for r in csv.DictReader(io.StringIO(as_csv.text))] == [
        q for q in NAMES if q.strip()]

    api = client.post("/api/search/batch", json={"queries": ["Soleimani", "Pishgaman"]})
    assert [(r["query"], r["hits"]) for r in api.json()["rows"]] == [
        ("Soleimani", 2), ("Pishgaman", 0)]
    job = client.post("/api/search/batch/jobs", json={"queries": ["", "Soleimani"]}).json()
    state = _finished(client, f"/api/search/batch/jobs/{job['job']}").json()
    assert (state["total"], state["completed"], state["error"]) == (1, 1, None)
    assert [(r["row"], r["hits"]) for r in state["rows"]] == [(2, 2)]
    assert client.get("/api/search/batch/jobs/nonesuch").status_code == 404
    as_csv = client.post("/api/search/batch?format=csv", json={"queries": ["=cmd|x", "نجف"]})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(as_csv.text)))[1][1] == "'=cmd|x"  # never a formula


def test_another_sites_page_cannot_save_or_delete_searches(client: TestClient) -> None:
    for headers in ({"sec-fetch-site": "cross-site"}, {"origin": "http://attacker.example"}):
        sent = client.post("/searches", data={"name": "x", "query": "نجف"}, headers=headers)
        assert sent.status_code == 403
        assert client.post("/api/searches", json={"name": "x", "query": "نجف"},
                           headers=headers).status_code == 403
    assert client.get("/api/searches").json() == {"searches": []}


def test_a_saved_search_lists_documents_ingested_later_as_new(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "first", TEXTS)
    case_dir = str(case.root)
    case.close()
    kavosh("searches", "save", "soleimani", "Soleimani", "--case", case_dir)
    kavosh("searches", "save", "najaf-fa", "نجف", "--filters", "lang:fas", "--case", case_dir)
    listed = kavosh("searches", "list", "--json", "--case", case_dir).stdout
    assert [json.loads(line)["name"] for line in listed.splitlines()] == [
        "najaf-fa", "soleimani"]
    nothing = kavosh("alerts", "--json", "--case", case_dir).stdout
    assert [json.loads(line)["new"] for line in nothing.splitlines()] == [0, 0]

    later = tmp_path / "later"
    later.mkdir()
    (later / "new-report.txt").write_text("سلیمانی دیروز به کربلا رفت", encoding="utf-8")
    (later / "unrelated.txt").write_text("گزارش هواشناسی کربلا", encoding="utf-8")
    kavosh("ingest", str(later), "--case", case_dir)

    found = {json.loads(line)["name"]: json.loads(line) for line in kavosh(
        "alerts", "--json", "--seen", "--case", case_dir).stdout.splitlines()}
    # the Latin name saved finds the Persian spelling the new document uses
    assert [Path(d["path"]).name for d in found["soleimani"]["documents"]] == ["new-report.txt"]
    assert found["soleimani"]["new"] == 1 and found["najaf-fa"]["new"] == 0
    after = kavosh("alerts", "--case", case_dir).stdout
    assert "soleimani (Soleimani): 0 new" in after

    kavosh("searches", "delete", "najaf-fa", "--case", case_dir)
    gone = kavosh("searches", "delete", "najaf-fa", "--case", case_dir, check=False)
    assert gone.returncode == 1 and "no saved search" in gone.stderr


def test_the_web_ui_saves_a_search_and_counts_new_documents_in_its_badge(
        names_case: Case, tmp_path: Path) -> None:
    with TestClient(create_app(names_case), base_url="http://127.0.0.1") as client:
        results = client.get("/search", params={"q": "رضایی"})
        assert "/searches?q=" in results.text  # save this search
        saved = client.post("/searches", data={"name": "Rezaei", "query": "رضایی",
                                               "filters": ""}, follow_redirects=False)
        assert saved.status_code == 303
        refused = client.post("/searches", data={"name": "bad", "query": "AND"})
        assert refused.status_code == 400 and "AND needs something to search" in refused.text
        assert "alert-count" not in client.get("/").text

        ingest_texts(names_case, tmp_path / "later", {"memo.txt": "دیدار دوباره با رضایی"})
        home = client.get("/")
        assert 'class="badge alert-count"' in home.text and ">1 تازه<" in home.text
        page = client.get("/searches")
        assert "memo.txt" in page.text and "<script" not in page.text
        api = client.get("/api/alerts").json()
        assert api["new"] == 1
        seen = client.post("/api/alerts/seen", json={"search": "Rezaei", "at": api["listed_at"]})
        assert seen.json() == {"marked": ["Rezaei"]}
        assert "alert-count" not in client.get("/").text
        assert client.delete("/api/searches/Rezaei").status_code == 200
        assert client.delete("/api/searches/Rezaei").status_code == 404


def test_the_documents_indexed_after_the_time_seen_are_new(names_case: Case,
                                                               tmp_path: Path) -> None:
    save_search(names_case, "later", "Rezaei")
    listed_at = "2000-01-01T00:00:00+00:00"  # seen long before anything was indexed
    mark_seen(names_case, "later", listed_at)
    assert new_count(names_case) == 2  # english.txt and other.txt, both indexed since
    with pytest.raises(UsageError, match="cannot read the time"):
        mark_seen(names_case, "later", "yesterday")
    mark_seen(names_case, "later")
    assert [a.new for a in alerts(names_case)] == [0]


GREAT_GAME = ("09BAGHDAD2561", "09BAGHDAD2562")  # parts II and I of one report


@pytest.fixture(scope="module")
def cables_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    """The 19 Baghdad cables of the sample (all of Iraq and Iran) and 15 others."""
    rows = [json.loads(line) for line in
            (shared_data("cablegate") / "cables.jsonl").read_text().splitlines()]
    chosen = [r for r in rows if "BAGHDAD" in r["ref_id"]] + rows[:15]
    folder = tmp_path_factory.mktemp("cables")
    for row in chosen:
        (folder / f"{row['ref_id']}.txt").write_text(row["body"], encoding="utf-8")
    from conftest import make_case

    case = make_case(tmp_path_factory.mktemp("case"), executor="inline")
    ingest(case, [folder])
    yield case
    case.close()


def _document_named(case: Case, stem: str) -> int:
    return next(d.id for d in case.store.documents() if d.path.endswith(f"/{stem}.txt"))


def test_more_like_this_ranks_the_other_part_of_a_cable_first(cables_case: Case) -> None:
    first, second = (_document_named(cables_case, ref) for ref in GREAT_GAME)
    for one, other in ((first, second), (second, first)):
        found = similar_documents(cables_case, one)
        assert found[0].document_id == other
        assert found[0].score > 1.5 * found[1].score  # well above the other Iraq cables
        assert one not in {s.document_id for s in found}
        assert {"kuwait", "bombings"} <= set(found[0].shared)


def test_more_like_this_on_the_document_page_api_and_command_line(cables_case: Case) -> None:
    first, second = (_document_named(cables_case, ref) for ref in GREAT_GAME)
    with TestClient(create_app(cables_case), base_url="http://127.0.0.1") as client:
        page = client.get(f"/documents/{first}").text
        assert 'id="similar-head"' in page
        section = page.split('id="similar-head"')[1]
        assert section.index(f'href="/documents/{second}"') < section.index("</ol>")
        api = client.get(f"/api/documents/{second}/similar", params={"limit": 3}).json()
        assert api["similar"][0]["document_id"] == first and len(api["similar"]) == 3
        assert client.get("/api/documents/999999/similar").status_code == 404
    done = kavosh("similar", str(first), "--json", "--limit", "2", "--case",
                  str(cables_case.root))
    assert json.loads(done.stdout.splitlines()[0])["document_id"] == second
