"""The bundled sample archive goes in whole, and every cable is found by its own words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

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


# --- the ground truth for the cable reader (kavosh.text.cables) ------------------------------

CABLES = {c["id"]: c for c in MANIFEST["cables"]}
_KEY_PART = r"(?:[1-9][0-9]*|[^\W\d_]+)"  # a number without leading zeros, or letters


def test_every_cable_has_fields_the_reader_can_give() -> None:
    """Field names are the contract's; numbers are reference keys, dates ISO Gregorian."""
    import re

    from kavosh.text.cables import FIELD_NAMES

    for cable in MANIFEST["cables"]:
        fields = cable["fields"]
        assert set(fields) <= set(FIELD_NAMES), (cable["id"], set(fields) - set(FIELD_NAMES))
        assert {"number", "date", "from", "to", "subject", "classification"} <= set(fields)
        assert fields["date"] == [cable["gregorian_date"]], cable["id"]
        for value in fields["number"] + fields.get("reference", []):
            assert re.fullmatch(rf"{_KEY_PART}(?:/{_KEY_PART})*", value), (cable["id"], value)
            assert not re.search(r"[۰-۹٠-٩يك]", value), (cable["id"], value)


def test_references_resolve_except_the_planted_gap() -> None:
    """Every reference names an earlier cable of the set, but for the planted gap, which is
    cited by every cable that the manifest says cites it and by no other."""
    gaps = {g["number"]: g for g in MANIFEST["gaps"]}
    assert gaps, "the sample plants a gap"
    own = {c["fields"]["number"][0] for c in MANIFEST["cables"]}
    assert not own & set(gaps), "a gap is a cable the archive does not hold"
    citing: dict[str, list[str]] = {number: [] for number in gaps}
    for cable in MANIFEST["cables"]:
        assert [r["number"] for r in cable["references"]] == cable["fields"].get("reference", [])
        for ref in cable["references"]:
            if ref["id"] is None:
                citing[ref["number"]].append(cable["id"])
                continue
            cited = CABLES[ref["id"]]
            assert cited["gregorian_date"] < cable["gregorian_date"], (cable["id"], ref)
        if cable["reference_id"]:
            assert cable["references"][0]["id"] == cable["reference_id"]
    assert citing == {number: gap["cited_by"] for number, gap in gaps.items()}
    assert all(len(gap["cited_by"]) >= 2 for gap in gaps.values())


def test_threads_are_eleven_stories_and_the_references_link_them() -> None:
    """The ``thread`` key names eleven stories (N: the planted network of issue 14);
    ``reference_threads`` are the cables the references link (each closed under its
    references, together every cable once)."""
    assert len({c["thread"] for c in MANIFEST["cables"]}) == 11
    threads = MANIFEST["reference_threads"]
    members = [key for thread in threads for key in thread["cables"]]
    assert sorted(members) == sorted(CABLES)
    thread_of = {key: thread["id"] for thread in threads for key in thread["cables"]}
    for cable in MANIFEST["cables"]:
        for ref in cable["references"]:
            if ref["id"] is not None:
                assert thread_of[ref["id"]] == thread_of[cable["id"]], (cable["id"], ref)


def test_the_sample_has_arabic_letters_and_laid_out_headers() -> None:
    layouts = {c["layout"] for c in MANIFEST["cables"]}
    assert {"lines", "table", "two-column"} <= layouts
    letters = [c for c in MANIFEST["cables"] if "handling" in c["fields"]
               or c["fields"]["number"][0].startswith("ق/")]
    assert {c["format"] for c in letters} >= {"pdf", "docx"}
    assert any(c["references"] and c["references"][0]["id"] in {x["id"] for x in letters}
               for c in letters)


@pytest.mark.parametrize(
    "cable", [c for c in MANIFEST["cables"] if c["layout"] != "lines"], ids=lambda c: c["id"])
def test_a_header_laid_out_in_cells_reads_label_then_value(
        sample_case: Case, cable: dict) -> None:
    """A header in a table or in two columns comes out of ingest with each label followed by
    its value on one line (a tab between cells; a PDF grid gives a space)."""
    import re

    records = [document_record(sample_case, d) for d in sample_case.store.documents()]
    text = next("\n".join(p["text"] for p in r["pages"]) for r in records
                if any(p["path"].endswith(cable["path"]) for p in r["paths"]))
    text = text.replace("\u200c", "")  # a PDF cell may drop the ZWNJ of طبقه‌بندی
    for label, value in cable["header"]:
        pair = rf"{re.escape(label)}:?[\t ]{re.escape(value)}".replace("\u200c", "")
        assert re.search(rf"^(?:.*\t)?{pair}(?:\t|$)", text, re.M), (label, value, text[:600])


def test_the_script_makes_the_same_bytes(tmp_path: Path) -> None:
    """scripts/make_sample.py gives the same bytes on every run (fixed seed, fixed times,
    whatever the hash seed), and the sample kept in the repository is what it makes: the same
    manifest, except the files' sizes and hashes, which follow the versions of fpdf2, fonttools
    and Pillow installed (a new release subsets fonts differently); those the committed files
    match."""
    import hashlib
    import os
    import subprocess
    import sys

    fonts = Path("/usr/share/fonts/truetype")
    if not (fonts / "noto" / "NotoNaskhArabic-Regular.ttf").exists() or not (
            fonts / "farsiweb" / "nazli.ttf").exists():
        pytest.skip("the sample's fonts are not installed (scripts/install-system.sh)")
    runs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / "sample" / "archive"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample.py"), "--out",
                        str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        runs.append(out)
    first, second = runs
    made = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in made:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    assert made == sorted(p.relative_to(SAMPLE) for p in SAMPLE.rglob("*") if p.is_file())

    def without_hashes(manifest: Path) -> object:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        for entry in data["files"]:
            entry.pop("bytes", None)
            entry.pop("sha256", None)
        data.get("totals", {}).pop("bytes", None)
        return data

    kept = ROOT / "sample" / "manifest.json"
    assert without_hashes(first.parent / "manifest.json") == without_hashes(kept)
    for entry in json.loads(kept.read_text(encoding="utf-8"))["files"]:
        content = (SAMPLE / entry["path"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["path"]
