"""Dates found at ingest are stored, exported, and filter search in either calendar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import found_names, ingest_texts

from kavosh.case import Case
from kavosh.export.jsonl import document_record
from kavosh.search import QueryError, parse
from kavosh.views.search import search

CABLES = {
    # Jalali, Persian digits: 1393/08/25 = 2014-11-16.
    "jalali.txt": "شماره: ۱۲۳/۴۵۶/س\nتاریخ: ۱۳۹۳/۰۸/۲۵\nموضوع: دیدار با سفیر در بغداد",
    # Written-out Jalali date in the body: 5 Aban 1393 = 2014-10-27.
    "words.txt": "گزارش جلسه مورخ پنجم آبان ۱۳۹۳ در نجف درباره سفیر",
    # Gregorian, English: inside the same range.
    "english.txt": "On 3 November 2014 the ambassador met officials in Basra.",
    # Outside the range (1393/09/10 = 2014-12-01).
    "later.txt": "تاریخ: ۱۳۹۳/۰۹/۱۰\nموضوع: سفیر و هیئت عراقی",
    # A cable DTG, December 1966.
    "dtg.txt": "P 281848Z DEC 66\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC",
}


@pytest.fixture
def dated(case: Case, tmp_path: Path) -> Case:
    return ingest_texts(case, tmp_path / "in", CABLES)


def test_mentions_filter_selects_the_same_documents_in_either_calendar(dated: Case) -> None:
    expected = {"jalali.txt", "words.txt", "english.txt"}
    assert found_names(dated, "mentions:1393/08/01..1393/08/30") == expected
    assert found_names(dated, "mentions:2014-10-23..2014-11-21") == expected
    # a whole Jalali month, Persian digits
    assert found_names(dated, "mentions:۱۳۹۳/۰۸") == expected
    assert found_names(dated, "سفیر mentions:1393/08/01..1393/08/30") == {
        "jalali.txt", "words.txt"}
    assert found_names(dated, "mentions:1966") == {"dtg.txt"}
    assert found_names(dated, "mentions:2014-12-01..") == {"later.txt"}


def test_date_filter_is_the_documents_own_date(dated: Case) -> None:
    """date: is the date a letter's header gives, in either calendar; a date the body
    merely mentions (words.txt, english.txt) is not the document's date."""
    assert found_names(dated, "date:1393/08/01..1393/08/30") == {"jalali.txt"}
    assert found_names(dated, "date:2014-11") == {"jalali.txt"}
    assert found_names(dated, "date:1393/09") == {"later.txt"}


def test_a_filter_only_query_lists_each_document_once(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "pages", {
        "two-pages.txt": "تاریخ: ۱۳۹۳/۰۸/۲۵\fصفحهٔ دوم همان گزارش",  # a form feed: two pages
    })
    hits = search(case, "mentions:1393/08").hits
    assert [(Path(h.path).name, h.page) for h in hits] == [("two-pages.txt", 1)]
    assert len(search(case, "گزارش mentions:1393/08").hits) == 1  # the page with the word


def test_dates_are_stored_with_provenance_and_exported(dated: Case) -> None:
    doc = next(d for d in dated.store.documents() if d.path.endswith("jalali.txt"))
    record = json.loads(json.dumps(document_record(dated, doc), ensure_ascii=False))
    dates = record["dates"]
    assert [(d["calendar"], d["gregorian"], d["precision"]) for d in dates] == [
        ("jalali", "2014-11-16", "day")]
    page_text = record["pages"][0]["text"]
    assert page_text[dates[0]["start"]:dates[0]["end"]] == "۱۳۹۳/۰۸/۲۵"
    assert dates[0]["page"] == 1 and dates[0]["engine"] == "kavosh.text.dates"


def test_bad_date_filters_say_why() -> None:
    with pytest.raises(QueryError, match="cannot read the date"):
        parse("date:yesterday")
    with pytest.raises(QueryError, match="ends before it starts"):
        parse("date:1393/09/01..1393/08/01")
