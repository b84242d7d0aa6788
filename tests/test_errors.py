"""One family of errors, answered alike by every face: the command line prints one clean line
and exits 2 for usage errors (1 for the rest); the HTTP API answers JSON with the right status;
the web UI shows the message on the page. Never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ingest_texts, kavosh, make_case, outdate_search_index
from fastapi.testclient import TestClient

from kavosh.api import create_app
from kavosh.case import Case, CaseNotFound
from kavosh.ingest.base import FatalError, IngestError
from kavosh.model.errors import (
    BusyError,
    ItemError,
    KavoshError,
    NotFoundError,
    RunError,
    UnavailableError,
    UsageError,
)
from kavosh.ocr.base import OcrFailed, OcrUnavailable
from kavosh.search import IndexLocked, IndexOutdated, QueryError

# query or option → (words of the one line printed, where the problem starts in the query)
BAD_SEARCHES: dict[tuple[str, ...], tuple[str, str | None]] = {
    ("date:2014-13-01..2014-14-01",): ("months are 1 to 12", "2014-13-01"),
    ("date:abc",): ("cannot read the date 'abc'", "abc"),
    ("date:2014..2013",): ("ends before it starts", "2014..2013"),
    ("date:2014-02-30",): ("has 28 days", "2014-02-30"),
    ("سفیر date:1393/08/01..1393/13",): ("1393/13 does not exist", "1393/13"),
    ("",): ("nothing to search for", None),
    ("سفیر", "--limit", "0"): ("must be 1 or more, not 0", None),
    ("سفیر", "--limit", "-1"): ("must be 1 or more, not -1", None),
    ("سفیر", "--offset", "-5"): ("must be 0 or more, not -5", None),
}


def test_each_error_belongs_to_its_branch_and_keeps_its_old_base() -> None:
    expected = [(CaseNotFound, NotFoundError, FileNotFoundError),
                (IndexLocked, BusyError, RuntimeError),
                (IndexOutdated, UnavailableError, RuntimeError),
                (QueryError, UsageError, ValueError),
                (OcrUnavailable, UnavailableError, RuntimeError),
                (OcrFailed, ItemError, RuntimeError),
                (IngestError, ItemError, Exception),
                (FatalError, RunError, Exception)]
    for error, branch, old in expected:
        assert issubclass(error, branch) and issubclass(error, old), error
        assert issubclass(branch, KavoshError)
    assert issubclass(NotFoundError, RunError) and not issubclass(UsageError, RunError)
    assert IngestError("unreadable").reason == "unreadable"


@pytest.fixture(scope="module")
def dated_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("errors")
    case = make_case(root / "case", executor="inline")
    ingest_texts(case, root / "in", {"cable.txt": "گزارش سفیر در تاریخ ۱۳۹۳/۰۸/۲۵"})
    case.close()
    return root / "case"


@pytest.mark.parametrize("args", list(BAD_SEARCHES), ids=lambda a: " ".join(a) or "empty")
def test_the_command_line_refuses_a_bad_search_in_one_line(dated_case: Path,
                                                            args: tuple[str, ...]) -> None:
    words, at = BAD_SEARCHES[args]
    result = kavosh("search", *args, "--case", str(dated_case), check=False)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], lines
    if at is not None:
        position = args[0].index(at) + 1  # shown to people 1-based
        assert lines[0].endswith(f"(at character {position})"), lines
    assert result.stdout == ""


def test_the_command_line_says_when_there_is_no_case(tmp_path: Path) -> None:
    result = kavosh("search", "سفیر", "--case", str(tmp_path / "none"), check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"error: no Kavosh case at {tmp_path / 'none'} "
                                      "(create one with `kavosh ingest`)")


def test_the_api_and_the_web_ui_answer_a_bad_query_with_its_position(dated_case: Path) -> None:
    case = Case.open(dated_case)
    try:
        with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
            query = "سفیر date:2014-02-30"
            answer = client.get("/api/search", params={"q": query})
            assert answer.status_code == 400
            body = answer.json()
            assert "has 28 days" in body["error"]
            assert query[body["position"]:] == "2014-02-30"
            page = client.get("/search", params={"q": query})
            assert page.status_code == 400 and "has 28 days" in page.text
            assert 'role="alert"' in page.text and "Traceback" not in page.text
            assert 'value="سفیر date:2014-02-30"' in page.text  # the query stays in the box
            document = client.get("/documents/1", params={"q": "date:abc"})
            assert document.status_code == 400 and "cannot read the date" in document.text
            found = client.get("/api/search", params={"q": "سفیر mentions:1393/08"}).json()
            assert found["total"] == 1  # a good date filter still finds
    finally:
        case.close()


def test_a_server_on_an_outdated_index_says_what_to_do(tmp_path: Path) -> None:
    """A run-level error while serving (the index was built by another version): 503, with
    what to do, as JSON for the API and as a page for the web UI."""
    case = make_case(tmp_path / "case", executor="inline")
    ingest_texts(case, tmp_path / "in", {"a.txt": "گزارش سفیر در بغداد"})
    case.close()
    outdate_search_index(tmp_path / "case")
    case = Case.open(tmp_path / "case")
    try:
        with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
            answer = client.get("/api/search", params={"q": "سفیر"})
            assert answer.status_code == 503
            assert "kavosh reindex" in answer.json()["error"]
            page = client.get("/search", params={"q": "سفیر"})
            assert page.status_code == 503 and "kavosh reindex" in page.text
    finally:
        case.close()
