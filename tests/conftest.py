"""Shared fixtures: cases made in temporary folders, and the real data beside the repository."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kavosh.archive import BlobStore
from kavosh.case import Case, Settings
from kavosh.ingest.base import IngestContext, IngestResult, Limits
from kavosh.ingest.registry import ingest_file
from kavosh.store.custody import CustodyAudit

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SAMPLE = ROOT / "sample" / "archive"


def shared_data(name: str) -> Path:
    """A folder of ../shared/data, or skip the test with a message saying what is missing."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (it sits beside the repository)")
    return path


@pytest.fixture(autouse=True, scope="session")
def _no_user_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Custody anchors are signed with a key from the user's configuration folder, which also
    remembers each case's last signed head: the tests never use the developer's (this covers
    fixtures shared by many tests)..."""
    patch = pytest.MonkeyPatch()
    patch.delenv("KAVOSH_CUSTODY_KEY", raising=False)
    patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _own_custody_key(_no_user_config: None, tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """... and each test (with the commands it runs) has a configuration folder of its own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


def unsigned_only(report: CustodyAudit) -> bool:
    """What custody shows of a case made before issue 9: its anchor is not signed and its
    text was stored before text was recorded in the custody log; nothing else."""
    return (report.problems == report.anchor and len(report.anchor) == 1
            and "not signed" in report.anchor[0]
            and all("before Kavosh recorded" in w for w in report.warnings))


RELEASE_FIXTURE = Path(__file__).parent / "fixtures" / "case-c20a096"


def release_case(tmp_path: Path, name: str = "") -> Path:
    """A copy of a fixture case made by the release at c20a096 (``name``: one of its
    sub-cases, ``""`` the main one), its database restored from the SQL dump git keeps."""
    case_dir = tmp_path / "case"
    shutil.copytree(RELEASE_FIXTURE / name, case_dir,
                    ignore=shutil.ignore_patterns("scans", "*.py"))
    with sqlite3.connect(case_dir / "kavosh.db") as db:
        db.executescript((case_dir / "kavosh.sql").read_text(encoding="utf-8"))
    for blob in (case_dir / "archive").rglob("*"):
        if blob.is_file():
            blob.chmod(0o444)  # as stored (git keeps no such mode)
    return case_dir


def make_case(root: Path, **settings: object) -> Case:
    """A new case in ``root`` with the given settings written to its kavosh.toml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "kavosh.toml").write_text(Settings(**settings).to_toml(), encoding="utf-8")  # type: ignore[arg-type]
    return Case.open(root)


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    """An empty case that reads documents in-process (fast, deterministic)."""
    opened = make_case(tmp_path / "case", executor="inline")
    yield opened
    opened.close()


def kavosh(*args: str, check: bool = True, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "kavosh", *args], capture_output=True, text=True, check=check,
        timeout=600, **kwargs,  # type: ignore[call-overload]
    )


def ingest_context(tmp_path: Path, depth: int = 0, **limits: int | float) -> IngestContext:
    """A context for calling an ingestor directly, archive and scratch space in ``tmp_path``."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return IngestContext(archive=BlobStore(tmp_path / "archive"), workdir=work,
                         limits=Limits(**limits), depth=depth)  # type: ignore[arg-type]


def read_file(path: Path, ctx: IngestContext | None = None) -> IngestResult:
    """Ingest one file directly (no case, no pipeline)."""
    return ingest_file(path, path.name, ctx or ingest_context(path.parent))


def ingest_texts(case: Case, folder: Path, texts: dict[str, str]) -> Case:
    """Write ``texts`` (file name → UTF-8 text) into ``folder`` and ingest the folder."""
    from kavosh.pipeline import ingest

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingest(case, [folder])
    return case


def found_names(case: Case, query: str) -> set[str]:
    """The file names of the documents a search finds (first 50 hits)."""
    from kavosh.views.search import search

    return {Path(hit.path).name for hit in search(case, query, limit=50).hits}


def outdate_search_index(case_dir: Path) -> None:
    """Replace the case's search index with one of another schema, as another version of
    Kavosh would have left it."""
    import tantivy

    index = case_dir / "index"
    shutil.rmtree(index)
    index.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("old", stored=True)
    tantivy.Index(builder.build(), path=str(index))
