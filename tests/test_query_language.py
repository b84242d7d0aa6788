"""The query language on real inputs: field filters as people type them, the document's own
date against the dates it mentions, typo-tolerant words and proximity, reference IDs and file
names, exact spellings first, and malformed queries answered with where and why — in the
command line, the JSON API and the web page. The parser is fuzzed: no text crashes it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import found_names, ingest_texts, kavosh, make_case
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.search import QueryError, parse
from kavosh.search.fuzzy import edits
from kavosh.search.query import FIELDS, SYNTAX
from kavosh.views.search import search

# A US cable whose header date (12 Feb 2008) differs from the dates its text mentions (a
# declassification date in 2018, a review in 2010); its reference ID is written nowhere whole.
CABLE = """P 121525Z FEB 08
FM AMEMBASSY MADRID
TO SECSTATE WASHDC PRIORITY 1928
UNCLAS MADRID 000685

E.O. 12958: DECL: 02/12/2018
TAGS: PREL SP
SUBJECT: PORT SECURITY TALKS WITH THE MINISTRY

1. Summary: Embassy officers met the fictional director Lucia Montero in Madrid
to discuss port security. The next joint review is set for 2010/12/10.
"""
# An XHTML page (stored as application/xhtml+xml) with a footer date, no date of its own.
XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>Harbour bulletin</title></head>
<body><p>The harbour authority published its quarterly bulletin about container traffic
and the new cranes ordered for the eastern quay.</p><p>Page updated 2010/12/10.</p></body></html>
"""
# An e-mail whose Date (4 May 2009) is not the date its body mentions (March 2011).
EMAIL = """From: Nadia Farrokh <nadia@example.org>
To: Omid Zand <omid@example.org>
Subject: Shipping schedule
Date: Mon, 4 May 2009 10:15:00 +0000
Message-ID: <1@example.org>
Content-Type: text/plain; charset=utf-8

The shipping schedule for the harbour changes in March 2011, as the cranes arrive.
"""
# Persian football news that writes Madrid (the club) more often than the cable does.
FOOTBALL = ("تیم رئال مادرید دیشب در ورزشگاه بازی کرد. هواداران رئال مادرید پس از پیروزی "
            "مادرید جشن گرفتند و مربی مادرید از بازیکنان تشکر کرد. باشگاه مادرید اول است.")


def _write_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2009, 6, 1, 12, 0, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Minutes of the harbour board. The board approved two cranes.")
    pdf.output(str(path))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Case:
    root = tmp_path_factory.mktemp("qlang")
    case = make_case(root / "case", executor="inline")
    folder = root / "in"
    (folder / "board" / "2009").mkdir(parents=True)
    _write_pdf(folder / "board" / "2009" / "Minutes_Harbour-Board.pdf")
    ingest_texts(case, folder, {"08MADRID685.txt": CABLE, "bulletin.html": XHTML,
                                "schedule.eml": EMAIL, "football.txt": FOOTBALL})
    yield case
    case.close()


# --- bugs found as a new user would ------------------------------------------------------------

def test_date_is_the_documents_own_date_and_mentions_any_date(archive: Case) -> None:
    """Bug: date:2010.. found every page whose footer says 2010, even an older cable, and
    date:2034-like declassification lines; date: is now the document's own date."""
    assert found_names(archive, "date:2010..") == set()  # only mentions of 2010 and later
    assert found_names(archive, "date:2008") == {"08MADRID685.txt"}  # the cable's header
    assert found_names(archive, "date:1386/11/23") == {"08MADRID685.txt"}  # same day, Jalali
    assert found_names(archive, "date:2009-05") == {"schedule.eml"}  # the e-mail's Date
    assert found_names(archive, "date:2009-06") == {"Minutes_Harbour-Board.pdf"}  # the file's
    assert found_names(archive, "date:2018") == set()  # a declassification date, mentioned
    assert found_names(archive, "mentions:2018") == {"08MADRID685.txt"}
    assert found_names(archive, "mentions:2010/12/10") == {"08MADRID685.txt", "bulletin.html"}
    # Solar Hijri 1389 runs from 21 March 2010 to 20 March 2011: March 2011 starts in it
    assert found_names(archive, "mentions:1389") == {"08MADRID685.txt", "bulletin.html",
                                                     "schedule.eml"}
    assert found_names(archive, "mentions:2011 harbour") == {"schedule.eml"}


@pytest.mark.parametrize(("query", "expected"), [
    ("mime:text/html", {"bulletin.html"}),
    ("mime:TEXT/HTML", {"bulletin.html"}),
    ("type:html", {"bulletin.html"}),
    ("type:email", {"schedule.eml"}),
    ("mime:message/rfc822", {"schedule.eml"}),
    ("type:pdf", {"Minutes_Harbour-Board.pdf"}),
    ("lang:en harbour", {"bulletin.html", "schedule.eml", "Minutes_Harbour-Board.pdf"}),
    ("lang:english cranes", {"bulletin.html", "schedule.eml", "Minutes_Harbour-Board.pdf"}),
    ("lang:eng port", {"08MADRID685.txt"}),
    ("lang:fa", {"football.txt"}),
    ("lang:farsi", {"football.txt"}),
    ("lang:per", {"football.txt"}),
    ("lang:Persian", {"football.txt"}),
    ("lang:فارسی", {"football.txt"}),
    ("ext:PDF", {"Minutes_Harbour-Board.pdf"}),
    ("ext:.eml", {"schedule.eml"}),
    ("path:in/board", {"Minutes_Harbour-Board.pdf"}),
    ("path:IN/Board/2009/", {"Minutes_Harbour-Board.pdf"}),
    ("path:in/08", {"08MADRID685.txt"}),
    ("harbour -path:in/board", {"bulletin.html", "schedule.eml"}),
])
def test_field_values_people_type_match(archive: Case, query: str, expected: set[str]) -> None:
    """Bug: mime:text/html found nothing (HTML is stored as application/xhtml+xml), lang:en
    found nothing (only lang:eng); there was no type:, path: or ext:."""
    assert found_names(archive, query) == expected


def test_the_xhtml_page_is_stored_as_xhtml(archive: Case) -> None:
    """What makes mime:text/html a real test: the page is not stored as text/html."""
    doc = next(d for d in archive.store.documents() if d.path.endswith("bulletin.html"))
    assert doc.mime == "application/xhtml+xml"


@pytest.mark.parametrize("query", ["08MADRID685", "08madrid685", "08MADRID685.txt",
                                   "number:08MADRID685"])
def test_reference_ids_and_file_names_are_searchable(archive: Case, query: str) -> None:
    """Bug: 08MADRID685 found nothing (the ID is written "MADRID 000685" in the text)."""
    assert found_names(archive, query) == {"08MADRID685.txt"}


def test_the_words_of_a_file_name_are_searchable(archive: Case) -> None:
    assert found_names(archive, "file:minutes") == {"Minutes_Harbour-Board.pdf"}
    assert found_names(archive, 'file:"harbour board"') == {"Minutes_Harbour-Board.pdf"}
    assert found_names(archive, "file:minut*") == {"Minutes_Harbour-Board.pdf"}
    assert found_names(archive, "Minutes_Harbour-Board.pdf") == {"Minutes_Harbour-Board.pdf"}


def test_an_exact_spelling_ranks_above_its_cross_script_spellings(archive: Case) -> None:
    """Bug: MADRID listed Real Madrid news (مادرید, written five times) above the Madrid
    cable (MADRID, three times)."""
    results = search(archive, "MADRID")
    assert results.expansions == {"madrid": ["مادرید"]}
    assert [Path(h.path).name for h in results.hits] == ["08MADRID685.txt", "football.txt"]
    named = search(archive, "name:Madrid")
    assert Path(named.hits[0].path).name == "08MADRID685.txt"


def test_a_typo_tolerant_word_ranks_the_spelling_typed_first(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "in", {"near.txt": "crane crane crane crane crane",
                                         "typed.txt": "one word among many others: cranes"})
    assert [Path(h.path).name for h in search(case, "cranes~1").hits] == ["typed.txt",
                                                                          "near.txt"]


def test_help_documents_the_query_language() -> None:
    """Bug: `kavosh search --help` said nothing of name:, date:, mime:, lang:."""
    shown = kavosh("search", "--help", env={"COLUMNS": "100", "PATH": "/usr/bin:/bin",
                                             "PYTHONPATH": str(Path.cwd())}).stdout
    for field in FIELDS:
        assert f"{field}:" in shown, field
    for typed in ("mentions:", "tehrn~", '"oil exports"~5', "(a OR b) c", "08MADRID685"):
        assert typed in shown
    assert len(SYNTAX) >= len(FIELDS) - 4  # cable fields share lines


# --- typo-tolerant words and proximity ---------------------------------------------------------

def test_typo_tolerant_words_find_the_right_spelling(archive: Case) -> None:
    assert found_names(archive, "harbor~") == {"bulletin.html", "schedule.eml",
                                               "Minutes_Harbour-Board.pdf"}
    assert found_names(archive, "harbor") == set()
    assert found_names(archive, "montreo~1") == {"08MADRID685.txt"}  # two letters swapped
    assert found_names(archive, "monteiro~1") == {"08MADRID685.txt"}  # one letter added
    assert found_names(archive, "mxntxro~1") == set()  # two slips are not one
    assert found_names(archive, "mxntxro~2") == {"08MADRID685.txt"}
    # Persian: distance on the normalised form (Arabic ي and ك are Persian ی and ک)
    assert found_names(archive, "مادريد~1") == {"football.txt"}
    hit = search(archive, "harbor~ date:2009").hits[0]
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.marks]
    assert marked == ["harbour"]


def test_proximity_finds_words_near_each_other(archive: Case) -> None:
    assert found_names(archive, '"harbour cranes"') == set()
    # words between harbour and cranes: 5 in the PDF, 6 in the e-mail, 11 on the page
    assert found_names(archive, '"harbour cranes"~4') == set()
    assert found_names(archive, '"harbour cranes"~5') == {"Minutes_Harbour-Board.pdf"}
    assert found_names(archive, '"harbour cranes"~6') == {"Minutes_Harbour-Board.pdf",
                                                          "schedule.eml"}
    assert found_names(archive, '"harbour cranes"~11') == {"Minutes_Harbour-Board.pdf",
                                                           "schedule.eml", "bulletin.html"}
    # the other order costs two more, as in the engine
    assert found_names(archive, '"cranes harbour"~6') == set()
    assert found_names(archive, '"cranes harbour"~7') == {"Minutes_Harbour-Board.pdf"}


def test_parentheses_group_anywhere(archive: Case) -> None:
    assert found_names(archive, "(cranes OR montero) (lang:en -type:email)") == {
        "bulletin.html", "Minutes_Harbour-Board.pdf", "08MADRID685.txt"}
    assert found_names(archive, "cranes -(type:pdf OR type:email)") == {"bulletin.html"}
    assert found_names(archive, 'harbour -"container traffic"') == {
        "schedule.eml", "Minutes_Harbour-Board.pdf"}


# --- malformed queries: where and why ----------------------------------------------------------

BAD = {
    # query → (words of the message, the text from the position on)
    '"unterminated': ("never closed", '"unterminated'),
    'port "security talks': ("never closed", '"security talks'),
    "AND": ("AND needs something to search before it", "AND"),
    "port AND": ("AND needs something to search after it", "AND"),
    "port OR": ("OR needs something to search after it", "OR"),
    "OR port": ("OR needs something to search before it", "OR port"),
    "port AND OR cranes": ("AND needs something to search after it", "AND OR cranes"),
    "NOT": ("NOT needs something to search after it", "NOT"),
    "*": ("* can only end a word", "*"),
    "port *": ("* can only end a word", "*"),
    "ha*bour": ("* can only end a word", "*bour"),
    "(port cranes": ("never closed", "(port cranes"),
    "port) cranes": ("no opening one", ") cranes"),
    "port ()": ("nothing between these parentheses", "()"),
    "colour:red": ("unknown field colour", "colour:red"),
    "lang:klingonese": ("unknown language", "klingonese"),
    "type:video": ("unknown type", "video"),
    "harbour~5": ("1 to 2 typing slips", "5"),
    '"harbour cranes"~': ("the number of words", "~"),
    "lang:": ("lang: needs a value", "lang:"),
    "date:2014-02-30": ("has 28 days", "2014-02-30"),
}


@pytest.mark.parametrize("query", list(BAD))
def test_a_malformed_query_says_where_and_why(query: str) -> None:
    """Bug: "unterminated, a bare AND and * returned 0 hits without a word."""
    words, rest = BAD[query]
    with pytest.raises(QueryError) as raised:
        parse(query)
    assert words in str(raised.value)
    assert raised.value.position is not None and query[raised.value.position:] == rest


def test_the_three_faces_answer_a_malformed_query(archive: Case) -> None:
    result = kavosh("search", "--case", str(archive.root), 'port "security', check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("error: this quotation mark is never closed")
    assert "(at character 6)" in result.stderr
    with TestClient(create_app(archive), base_url="http://127.0.0.1") as client:
        for query in ("port AND", "*", "(port", "colour:red"):
            answer = client.get("/api/search", params={"q": query})
            assert answer.status_code == 400, query
            body = answer.json()
            assert set(body) == {"error", "position"} and body["error"], query
            assert isinstance(body["position"], int)
        nothing = client.get("/api/search", params={"q": "? !"})  # typed, nothing to search
        assert nothing.status_code == 400 and "nothing to search for" in nothing.json()["error"]
        assert client.get("/api/search", params={"q": ""}).json()["total"] == 0
        page = client.get("/search", params={"q": "port AND"})
        assert page.status_code == 400 and "Traceback" not in page.text
        assert "AND needs something to search after it" in page.text
        # the query shown with the place of the problem marked
        assert re.search(r'class="query-error"[^>]*><bdi>port <mark>A</mark>ND</bdi>', page.text)


# --- no text crashes the parser ----------------------------------------------------------------

_PIECES = st.sampled_from([
    "AND", "OR", "NOT", "(", ")", '"', "*", "~", "~2", "-", "+", ":", " ", "  ", "\t", "\n",
    "tehran", "سفیر", "می", "شود", "۱۳۹۳/۰۸/۲۵", "word*", "lang:", "lang:en", "mime:text/html",
    "type:pdf", "path:a/b", "ext:pdf", "date:", "date:2010..", "mentions:1393", "name:",
    "name:Soleimani", "from:", "number:08MADRID685", "-expand:", "file:", "..", "\u200c",
    "\u202e", "\x00", "\\", "http://x", "colour:", "1393/13", "word~", "\"a b\"~3",
])
_QUERIES = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=14).map("".join),
                     st.lists(_PIECES, max_size=14).map(" ".join))


@settings(max_examples=600, deadline=None, database=None)
@given(_QUERIES)
def test_no_text_crashes_the_parser(text: str) -> None:
    try:
        parse(text)
    except QueryError as error:
        assert str(error) and (error.position is None or 0 <= error.position <= len(text))


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_QUERIES)
def test_every_query_the_parser_accepts_runs(archive: Case, text: str) -> None:
    """What parses also runs through name expansion and the engine: the only error left is
    a query with nothing to search in it."""
    try:
        parse(text)
    except QueryError:
        return
    try:
        search(archive, text, limit=5)
    except QueryError as error:
        assert "nothing to search for" in str(error)


@settings(database=None)  # no example files left in the worktree
@given(st.text(alphabet="abcdeمادر", max_size=7), st.text(alphabet="abcdeمادر", max_size=7))
def test_highlight_edits_are_the_index_edits(a: str, b: str) -> None:
    """Swaps count one edit, as the index counts them (Damerau, optimal string alignment)."""
    full = edits(a, b, 20)
    assert full == edits(b, a, 20)
    assert (full <= 1) == (edits(a, b, 1) <= 1) and (full <= 2) == (edits(a, b, 2) <= 2)
    assert full <= max(len(a), len(b)) and (full == 0) == (a == b)
