"""Names across scripts: a Latin spelling finds Persian and Arabic script, and back."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import found_names, ingest_texts
from fastapi.testclient import TestClient

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.views.search import search

TEXTS = {
    "persian.txt": "گزارش دیدار با قاسم سلیمانی در بغداد",
    "arabic-letters.txt": "ملاقات قاسم سليماني با هيئت عراقي",
    "english.txt": "The ambassador met Qasem Soleymani and General Rezaei in Baghdad.",
    "other.txt": "گزارش دیدار با حسین رضایی در نجف",
}


@pytest.fixture
def names_case(case: Case, tmp_path: Path) -> Case:
    return ingest_texts(case, tmp_path / "in", TEXTS)


@pytest.mark.parametrize("query", ["Soleimani", "Suleimani", "Soleymani", "Qasem Soleimani",
                                   "SOLEIMANI, Qasem", "Ghasem Soleimani"])
def test_latin_spellings_find_persian_script(names_case: Case, query: str) -> None:
    assert {"persian.txt", "arabic-letters.txt"} <= found_names(names_case, query)
    assert "other.txt" not in found_names(names_case, query)


def test_name_mode_finds_latin_spellings_from_persian(names_case: Case) -> None:
    assert found_names(names_case, "name:سلیمانی") == {"persian.txt", "arabic-letters.txt",
                                                  "english.txt"}
    assert found_names(names_case, 'name:"قاسم سلیمانی"') == {"persian.txt", "arabic-letters.txt",
                                                        "english.txt"}


def test_expansions_are_explained_and_words_stay_exact(names_case: Case) -> None:
    results = search(names_case, "Soleimani")
    assert results.expansions == {"soleimani": ["سلیمانی"]}
    # Persian words are searched exactly unless name: is asked for.
    assert found_names(names_case, "سلیمانی") == {"persian.txt", "arabic-letters.txt"}
    assert search(names_case, "گزارش").expansions == {}
    # Quoting a Latin word keeps it exact.
    assert found_names(names_case, '"soleimani"') == set()


def test_a_hyphenated_latin_name_finds_the_joined_persian_word(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "compound", {
        "fa.txt": "دستور سید مرتضی کاظمی‌نیا به ایستگاه",
        "en.txt": "Instructions from S. M. Kazemi-Nia to the station.",
    })
    assert found_names(case, "Kazemi-Nia") == {"fa.txt", "en.txt"}
    assert search(case, "Kazemi-Nia").expansions == {"kazemi-nia": ["کاظمینیا"]}


def test_name_mode_finds_a_persian_compound_written_as_two_latin_words(
    case: Case, tmp_path: Path
) -> None:
    ingest_texts(case, tmp_path / "split", {
        "fa.txt": "دستور سید مرتضی کاظمی‌نیا به ایستگاه",
        "en.txt": "Instructions from S. M. Kazemi Nia to the station.",
        "other.txt": "Nia Kazemi was not there; Nia Long met Kazemi.",
    })
    assert found_names(case, "name:کاظمی‌نیا") >= {"fa.txt", "en.txt"}
    assert "other.txt" not in found_names(case, "name:کاظمی‌نیا")  # the parts, in that order


def test_the_document_page_marks_the_spellings_the_search_found(names_case: Case) -> None:
    """Bug 2: the search expands Soleimani to سلیمانی and marks it in the snippet; following
    the hit must mark it on the document page too (one prepared query drives both)."""
    doc_id = next(d.id for d in names_case.store.documents() if d.path.endswith("persian.txt"))
    with TestClient(create_app(names_case), base_url="http://127.0.0.1") as client:
        results = client.get("/search", params={"q": "Soleimani"}).text
        assert "<mark>سلیمانی</mark>" in results
        link = next(html.unescape(url) for url in re.findall(r'class="hit-link" href="([^"]+)"',
                                                             results)
                    if url.startswith(f"/documents/{doc_id}?"))
        assert "<mark>سلیمانی</mark>" in client.get(link).text
        # The JSON API marks the same spans, given the same query.
        record = client.get(f"/api/documents/{doc_id}", params={"q": "Soleimani"}).json()
        page = record["pages"][0]
        assert [page["text"][s:e] for s, e in page["highlights"]] == ["سلیمانی"]
