"""Every search the README shows is run on the bundled sample archive and finds what it says.

The examples are read from README.md itself, so an example added there is tested here without
touching this file:

- every ``kavosh search '…'`` line of a code block runs through the real command line (with
  ``--json``); its ``# comment`` may name what it finds;
- every row of the "Search syntax" table: the queries of the first column (code spans) are one
  search written in different ways, so they must find the same documents; the last column says
  what they find on the sample.

What the README says a search finds, in a comment or in the last column:

- a file name in a code span (`312-4407-S.pdf`; in a comment, without the backquotes): a hit
  is in that file (the last part of its path);
- a word in «guillemets»: a hit's snippet marks exactly that text (raw, as the page has it);
- a cell starting with "only": the hits are in the files named, and in no other.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, kavosh, make_case

from kavosh.case import Case
from kavosh.pipeline import ingest
from kavosh.views.search import search

README = (ROOT / "README.md").read_text(encoding="utf-8")
LIMIT = 500  # more than the sample has pages: every hit is seen

_CODE_SPAN = re.compile(r"`([^`]+)`")
_FILE_NAME = re.compile(r"^[^\s/]+\.[A-Za-z0-9]{2,4}$")
_MARKED = re.compile(r"«([^»]+)»")
_BARE_FILE_NAME = re.compile(r"(?<![\w/.-])[\w-]+\.[A-Za-z0-9]{2,4}\b")  # in shell comments


@dataclass(frozen=True)
class Expectation:
    """What the README says a search finds (see the module docstring)."""

    files: frozenset[str]
    marked: frozenset[str]
    only: bool

    @classmethod
    def read(cls, text: str, bare_names: bool = False) -> Expectation:
        """Read a table cell, or with ``bare_names`` a shell comment (names without quotes)."""
        names = _BARE_FILE_NAME.findall(text) if bare_names else _CODE_SPAN.findall(text)
        files = frozenset(s for s in names if _FILE_NAME.match(s))
        return cls(files, frozenset(_MARKED.findall(text)),
                   text.strip().lower().startswith("only"))


@dataclass(frozen=True)
class Found:
    """What a search found: the hits' file names and the text their snippets mark."""

    files: frozenset[str]
    marked: frozenset[str]

    def check(self, expected: Expectation, query: str) -> None:
        assert self.files, f"{query!r} finds nothing on the sample archive"
        missing = expected.files - self.files
        assert not missing, (
            f"{query!r} does not find {sorted(missing)}; it finds {sorted(self.files)}")
        unmarked = expected.marked - self.marked
        assert not unmarked, f"{query!r} marks {sorted(self.marked)}, not {sorted(unmarked)}"
        if expected.only:
            assert self.files == expected.files, f"{query!r} finds {sorted(self.files)}"


def _found(hits: list[tuple[str, str, list[tuple[int, int]]]]) -> Found:
    """``hits``: (path, snippet, marks) triples."""
    return Found(frozenset(Path(path).name for path, _, _ in hits),
                 frozenset(text[a:b] for _, text, marks in hits for a, b in marks))


# --- reading the README ---------------------------------------------------------------------

def code_blocks(text: str) -> list[str]:
    """The lines of every fenced code block."""
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S)


def search_lines(text: str) -> list[str]:
    """Every ``kavosh search`` command shown in a code block."""
    return [line.strip() for block in code_blocks(text) for line in block.splitlines()
            if line.strip().startswith("kavosh search ")]


def section(text: str, title: str) -> str:
    """The body of the Markdown section whose heading is ``title`` (any level), up to the next
    heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", text, flags=re.M)
    assert match is not None, f"README.md has no section {title!r}"
    body = text[match.end():]
    end = re.search(rf"^#{{1,{len(match.group(1))}}} ", body, flags=re.M)
    return body[: end.start()] if end else body


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the Markdown tables in ``text``, split into cells."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return rows[1:] if rows else rows  # the first is the header


@dataclass(frozen=True)
class SyntaxExample:
    queries: tuple[str, ...]
    expected: Expectation

    def __str__(self) -> str:
        return " ; ".join(self.queries)


def syntax_examples(text: str) -> list[SyntaxExample]:
    """The rows of the README's search-syntax table."""
    rows = table_rows(section(text, "Search syntax"))
    return [SyntaxExample(tuple(_CODE_SPAN.findall(row[0])), Expectation.read(row[-1]))
            for row in rows]


# --- running them ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample archive ingested once (no OCR: no example needs the scans' text)."""
    root = tmp_path_factory.mktemp("readme") / "case"
    with make_case(root, executor="inline") as case:
        ingest(case, [SAMPLE])
    yield root


def run_library(root: Path, query: str) -> Found:
    with Case.open(root) as case:
        results = search(case, query, limit=LIMIT)
    return _found([(h.path, h.snippet.text, list(h.snippet.marks)) for h in results.hits])


def run_command(root: Path, line: str) -> Found:
    """Run a README command line, its ``--case`` pointed at the sample case, with ``--json``."""
    args = shlex.split(line, comments=True)[1:]
    if "--case" in args:
        at = args.index("--case")
        del args[at: at + 2]
    args += ["--case", str(root), "--limit", str(LIMIT)]
    if "--json" not in args:
        args.append("--json")
    done = kavosh(*args)
    hits = [json.loads(line) for line in done.stdout.splitlines()]
    return _found([(h["path"], h["snippet"], h["highlights"]) for h in hits])


def _comment(line: str) -> str:
    match = re.search(r"\s#\s(.*)$", line)
    return match.group(1) if match else ""


def test_the_readme_shows_searches() -> None:
    assert len(search_lines(README)) >= 2
    assert len(syntax_examples(README)) >= 10


@pytest.mark.parametrize("line", search_lines(README))
def test_search_command(sample_case: Path, line: str) -> None:
    run_command(sample_case, line).check(Expectation.read(_comment(line), bare_names=True), line)


@pytest.mark.parametrize("example", syntax_examples(README), ids=str)
def test_search_syntax_row(sample_case: Path, example: SyntaxExample) -> None:
    assert example.queries, "a row of the search-syntax table without a query"
    found = [run_library(sample_case, query) for query in example.queries]
    for query, result in zip(example.queries, found, strict=True):
        result.check(example.expected, query)
    for query, result in zip(example.queries[1:], found[1:], strict=True):
        assert result.files == found[0].files, (
            f"{query!r} and {example.queries[0]!r} are one search in the README, but find "
            f"{sorted(result.files ^ found[0].files)} differently"
        )
