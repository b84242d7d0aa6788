"""A reader that never ends (issue 9, point 2): 1,000,000 nested ``<div>`` used to hang the
case, and every later ingest with it. Every read has a time limit (``[limits] read_seconds``);
a document over it fails alone, is tried again by the next runs, and after
``read_attempts`` is failed for good."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from kavosh.case import Case, Settings, SettingsError
from kavosh.ingest.base import Limits
from kavosh.pipeline import ingest
from kavosh.pipeline.stages import State
from tests.conftest import make_case, read_file

NESTING = 1_000_000


def _nested_divs(path: Path) -> Path:
    path.write_text("<html><body>" + "<div>" * NESTING + "deep" + "</div>" * NESTING
                    + "</body></html>", encoding="ascii")
    return path


def _read_state(case: Case, name: str) -> tuple[str, str | None]:
    row = case.store.execute(
        "SELECT s.status, s.reason FROM stage_state s JOIN occurrences o"
        " ON o.document_id = s.document_id WHERE s.stage = 'read' AND o.path LIKE ?",
        (f"%/{name}",)).fetchone()
    assert row is not None, name
    return str(row[0]), row[1]


def test_deep_nesting_is_read_in_bounded_time(tmp_path: Path) -> None:
    """With the default limits the nesting is flattened: the file is read, text and all."""
    result = read_file(_nested_divs(tmp_path / "nested.html"))
    assert result.pages[0].text == "deep"


@pytest.mark.slow
def test_a_document_over_the_time_limit_fails_alone_then_for_good(tmp_path: Path) -> None:
    # A generous limit for a text file, nothing for a parser that would run for hours: with
    # the nesting bound lifted, lexbor's tree builder is quadratic in the depth.
    limits = Limits(read_seconds=8.0, read_attempts=2, max_nesting=NESTING + 1)
    case = make_case(tmp_path / "case", executor="process", workers=2, limits=limits)
    first = tmp_path / "first"
    first.mkdir()
    _nested_divs(first / "nested.html")
    (first / "note.txt").write_text("Farhad Rostami's note.", encoding="utf-8")
    # Processes other tests left running (the web UI's page-image worker) are not this one's.
    others = set(multiprocessing.active_children())
    with case:
        summary = ingest(case, [first])
        assert summary.failed == 1
        assert _read_state(case, "note.txt") == (State.DONE, None)
        status, reason = _read_state(case, "nested.html")
        assert status == State.FAILED
        assert reason == "took longer than 8 s (attempt 1 of 2; the next run tries again)"
        left = set(multiprocessing.active_children()) - others
        assert not left, f"a killed worker was left behind: {left}"

        # The next, unrelated ingest ends too: its file is read, the hostile one retried.
        second = tmp_path / "second"
        second.mkdir()
        (second / "memo.txt").write_text("Leila Ahmadi's memo.", encoding="utf-8")
        summary = ingest(case, [second])
        assert (summary.processed, summary.failed) == (2, 1)
        assert _read_state(case, "memo.txt") == (State.DONE, None)
        assert _read_state(case, "nested.html") == (
            State.FAILED, "took longer than 8 s (2 attempts; not tried again)")

        summary = ingest(case, [])  # attempts used up: never retried again
        assert summary.processed == 0
        assert _read_state(case, "nested.html")[0] == State.FAILED


@pytest.mark.parametrize(("text", "says"), [
    ("[limits]\nread_seconds = \"ten\"\n", "limits.read_seconds in"),
    ("[limits]\nread_timeout = 10\n", "unknown settings"),
    ("workers = 1.5\n", "workers in"),
    ("[limits]\nread_attempts = 0\n", "read_attempts"),
])
def test_a_bad_limit_is_a_usage_error(tmp_path: Path, text: str, says: str) -> None:
    settings = tmp_path / "kavosh.toml"
    settings.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=says):
        Settings.load(settings)
