"""Search results as an investigator reads them, on real files ingested: hits grouped by
document, sorts, facets that narrow, exact counts, and every hit exported past 10,000 (CLI and
the streaming API with a cursor); the OpenAPI document describes the JSON API.

The case: the sample archive's cables, e-mails and intranet page (fictional people), a
multi-page memo whose word is on three of its five pages, and a memo of 10,500 one-line pages
(a text file's form feeds split pages: a big case made in about a second).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import kavosh, make_case
from fastapi.testclient import TestClient
from test_web import ServerThread
from test_web import browser as browser  # the Playwright fixtures: Debian's Chromium, or a skip
from test_web import page as page

from kavosh.api import create_app
from kavosh.api.models import ExportLine, SearchResponse
from kavosh.case import Case
from kavosh.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample" / "archive"
BIG_PAGES = 10_500
WORD = "harbourmaster"  # on pages 2, 4 and 5 of the memo
MEMO = "\f".join(["Minutes of the port meeting.", f"The {WORD} signed.", "Nothing here.",
                  f"The {WORD} left; the {WORD} came back.", f"Last {WORD} page."])


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    root = tmp_path_factory.mktemp("results")
    opened = make_case(root / "case", executor="inline")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "memo.txt").write_text(MEMO, encoding="utf-8")
    (inbox / "ledger.txt").write_text(
        "\f".join(f"ledger line {i} for the quay" for i in range(BIG_PAGES)), encoding="utf-8")
    ingest(opened, [SAMPLE / "cables", SAMPLE / "mail", SAMPLE / "web", inbox])
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(case: Case) -> Iterator[TestClient]:
    with TestClient(create_app(case), base_url="http://127.0.0.1") as test_client:
        yield test_client


def _search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    SearchResponse.model_validate(body)  # the OpenAPI document's model holds the answer
    return body


def test_hits_are_documents_with_their_other_pages(client: TestClient, case: Case) -> None:
    body = _search(client, q=WORD)
    assert body["total_documents"] == 1 and body["total_pages"] == 3
    hit = body["hits"][0]
    assert hit["path"].endswith("memo.txt") and hit["page_count"] == 3
    assert hit["page"] == 4  # twice on page 4: the best page first
    assert sorted(p["page"] for p in hit["pages"]) == [2, 4, 5]
    assert hit["pages"][0]["page"] == 4
    # the ledger's 10,500 matching pages are one hit, not 10,500
    ledger = _search(client, q="quay")
    assert ledger["total_documents"] == 1 and ledger["total_pages"] == BIG_PAGES
    assert ledger["hits"][0]["page_count"] == BIG_PAGES and len(ledger["hits"][0]["pages"]) == 100
    # the web page lists it once, the other pages linked, and the command line says so
    page = client.get("/search", params={"q": WORD}).text
    assert page.count('class="hit"') == 1 and "/documents/" in page and "page=2" in page
    out = kavosh("search", WORD, "--case", str(case.root)).stdout
    assert "1 documents (3 pages)" in out and "3 pages match, also 2, 5" in out


def test_facets_count_and_narrow(client: TestClient) -> None:
    body = _search(client, q="بغداد")
    facets = {name: {v["value"]: v["count"] for v in values}
              for name, values in body["facets"].items()}
    assert facets["type"]["pdf"] >= 5 and facets["type"]["email"] >= 1
    assert sum(facets["type"].values()) == body["total_documents"]
    assert facets["from"]["ایستگاه بغداد"] >= 2
    assert {"2014", "2015"} <= set(facets["year"]) and {"1393", "1394"} <= set(
        facets["jalali_year"])
    for name, value in (("type", "email"), ("from", "ایستگاه بغداد"), ("jalali_year", "1394"),
                        ("folder", "cables")):
        narrowed = _search(client, q="بغداد", limit=100, **{name: value})
        expected = facets[name].get(value) or sum(
            n for v, n in facets["folder"].items() if v.startswith("cables/"))
        assert narrowed["total_documents"] == expected, (name, value)
        assert narrowed["filters"] == {name: [value]}
    emails = _search(client, q="بغداد", type="email", limit=100)["hits"]
    assert emails and {h["type"] for h in emails} == {"email"}
    # two values of a facet: either; two facets: both
    either = _search(client, q="بغداد", type=["email", "office"])
    assert either["total_documents"] == facets["type"]["email"] + facets["type"].get("office", 0)
    assert _search(client, q="بغداد", type="email", classification="no such mark")[
        "total_documents"] == 0
    # the page's facet links hold the whole state: following one narrows
    page = client.get("/search", params={"q": "بغداد", "sort": "-date"}).text
    assert "type=email" in page and "sort=-date" in page
    assert client.get("/api/search", params={"q": "x", "sort": "size"}).status_code == 422


def test_sorts(client: TestClient) -> None:
    def dates(sort: str) -> list[str | None]:
        return [h["date"] for h in _search(client, q="بغداد", sort=sort, limit=100)["hits"]]

    oldest, newest = dates("date"), dates("-date")
    dated = [d for d in oldest if d]
    assert dated == sorted(dated) and len(dated) >= 10
    assert [d for d in newest if d] == sorted(dated, reverse=True)
    assert oldest[len(dated):] == [None] * (len(oldest) - len(dated))  # undated last
    paths = [h["path"] for h in _search(client, q="بغداد", sort="path", limit=100)["hits"]]
    assert paths == sorted(paths)


def test_every_hit_is_exported_past_ten_thousand(client: TestClient, case: Case) -> None:
    lines = kavosh("search", "quay", "--case", str(case.root), "--all",
                   "--format", "jsonl").stdout.splitlines()
    assert len(lines) == BIG_PAGES
    assert {json.loads(line)["page"] for line in lines} == set(range(1, BIG_PAGES + 1))
    rows = list(csv.reader(io.StringIO(kavosh(
        "search", "quay", "--case", str(case.root), "--all", "--format", "csv").stdout)))
    assert rows[0][:4] == ["rank", "document_id", "path", "page"] and len(rows) == BIG_PAGES + 1
    # the API streams them, and a cursor resumes where a download stopped
    first = client.get("/api/search/export", params={"q": "quay", "limit": 4000})
    assert first.headers["kavosh-total-pages"] == str(BIG_PAGES)
    got = [json.loads(line) for line in first.text.splitlines()]
    ExportLine.model_validate(got[0])
    rest = client.get("/api/search/export", params={"q": "quay", "cursor": got[-1]["cursor"],
                                                    "snippets": "false"})
    got += [json.loads(line) for line in rest.text.splitlines()]
    assert len(got) == BIG_PAGES  # each page once: none lost or repeated at the cursor
    assert sorted(g["page"] for g in got) == list(range(1, BIG_PAGES + 1))
    assert client.get("/api/search/export", params={"q": "quay", "cursor": "nonsense!"}
                      ).status_code == 400


def test_the_openapi_document_describes_every_endpoint(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    assert all(path.startswith("/api/") for path in document["paths"])
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path} has no summary"
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{path}: {parameter['name']}"
    assert "SearchResponse" in document["components"]["schemas"]


@pytest.mark.slow
def test_a_facet_narrows_in_a_real_browser(case: Case, page: object) -> None:
    """Follow a facet link, then another: the URL holds both, the hits narrow, × widens."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    with ServerThread(case) as base_url:
        page.goto(f"{base_url}/search?q=بغداد")
        everything = page.locator(".hit").count()
        email = page.locator('.facet[data-facet="type"] a.narrow', has_text="email")
        shown = int(page.locator('.facet[data-facet="type"] li', has_text="email")
                    .locator(".count").inner_text().strip("()"))
        email.click()
        page.wait_for_url("**type=email**")
        expect(page.locator(".hit")).to_have_count(shown)
        assert 0 < shown < everything
        page.locator('.sorts a[data-sort="-date"]').click()
        page.wait_for_url("**sort=-date**")
        assert "type=email" in page.url  # sorting keeps the narrowing
        expect(page.locator(".hit")).to_have_count(shown)
        page.locator(".filters a.widen").first.click()
        page.wait_for_url("**sort=-date**")
        assert "type=email" not in page.url
        expect(page.locator(".hit")).to_have_count(everything)
