"""The bundled sample archive goes in whole, and every cable is found by its own words."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import ROOT, SAMPLE, make_case

from kavosh.case import Case
from kavosh.export.jsonl import document_record
from kavosh.pipeline import ingest
from kavosh.views.search import search
from kavosh.views.status import status

MANIFEST = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
SCANS = {"jpeg", "png", "tiff"}


@pytest.fixture(scope="module")
def sample_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    case = make_case(tmp_path_factory.mktemp("sample") / "case", executor="inline")
    ingest(case, [SAMPLE])
    yield case
    case.close()


def _found(case: Case, query: str) -> list[str]:
    return [hit.path for hit in search(case, query, limit=50).hits]


def test_every_item_of_the_sample_is_read(sample_case: Case) -> None:
    report = status(sample_case)
    assert report.failed == [], report.failed
    assert report.pending == 0
    files = [p for p in SAMPLE.rglob("*") if p.is_file()]
    assert report.done > len(files)  # containers added their members


@pytest.mark.parametrize(
    "cable", [c for c in MANIFEST["cables"] if c["format"] not in SCANS], ids=lambda c: c["id"]
)
def test_each_cable_is_found_by_its_distinctive_word(sample_case: Case, cable: dict) -> None:
    for phrase in cable["distinctive_phrases"]:
        paths = _found(sample_case, phrase)
        if cable["format"] == "email-body":  # a message of the mbox
            assert any("station-archive.mbox/message-" in p for p in paths), (phrase, paths)
        else:
            target = cable["member_path"][-1] if cable["member_path"] else cable["path"]
            assert any(p.endswith(target) for p in paths), (phrase, target, paths)


def test_scans_wait_for_ocr(sample_case: Case) -> None:
    scans = [c for c in MANIFEST["cables"] if c["format"] in SCANS]
    assert len(scans) >= 5
    assert sample_case.store.pages_needing_ocr() >= len(scans)


def test_containers_record_parents_and_encodings(sample_case: Case) -> None:
    records = [document_record(sample_case, d) for d in sample_case.store.documents()]
    by_path = {p["path"].removeprefix(SAMPLE.name + "/"): r for r in records for p in r["paths"]}
    nested = [path for path in by_path if path.startswith("bundle.zip/") and ".zip/" in
              path.removeprefix("bundle.zip/")]
    assert nested, "the zip inside bundle.zip was opened"
    assert all(by_path[path]["parent"] is not None for path in nested)
    assert by_path["legacy/TLG4722.TXT"]["metadata"]["encoding"] == "cp1256"
    html = by_path["web/intranet/khabarnameh-beirut-1393-11.html"]
    assert "KAVOSH-SAMPLE-SCRIPT-RAN" not in json.dumps(html, ensure_ascii=False)
    attachments = [path for path in by_path if path.startswith("mail/") and path.count("/") > 1]
    assert attachments, "e-mail attachments became children"


def test_persian_header_fields_are_searchable(sample_case: Case) -> None:
    cable = next(c for c in MANIFEST["cables"] if c["format"] == "pdf" and c["language"] == "fas")
    # The cable's number and Jalali date, typed with ASCII digits, find the PDF.
    paths = _found(sample_case, f'"{cable["jalali_iso"].replace("-", "/")}"')
    assert any(p.endswith(cable["path"]) for p in paths), paths


def test_every_metadata_key_is_a_declared_field(sample_case: Case) -> None:
    """Ingestors share one vocabulary of metadata names (kavosh.model.metadata)."""
    from kavosh.model.metadata import FIELDS, undeclared

    found: set[str] = set()
    for doc in sample_case.store.documents():
        assert undeclared(doc.metadata) == [], (doc.path, doc.metadata)
        found.update(doc.metadata)
    assert {"encoding", "from", "subject", "member_count", "page_count"} <= found <= set(FIELDS)
