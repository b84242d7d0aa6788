"""Running the checks over a case: resumable, with progress (see :mod:`kavosh.verify`)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kavosh.cables import case_links
from kavosh.model import Kind, Status, best_pages
from kavosh.model.progress import NoProgress, Progress
from kavosh.store import Store
from kavosh.store.verify import StoredFinding
from kavosh.verify.base import CaseInput, Check, DocumentInput, DocumentSummary
from kavosh.verify.cables import CableLinksCheck, GapsCheck, HeaderCheck, SerialsCheck
from kavosh.verify.calendar import CalendarCheck
from kavosh.verify.duplicates import DuplicatesCheck
from kavosh.verify.fingerprint import FingerprintCheck
from kavosh.verify.metadata import MetadataCheck
from kavosh.verify.times import TimesCheck
from kavosh.verify.titles import TitlesCheck

CHECKS: tuple[Check, ...] = (CalendarCheck(), HeaderCheck(), CableLinksCheck(), GapsCheck(),
                             SerialsCheck(), MetadataCheck(), FingerprintCheck(),
                             DuplicatesCheck(), TitlesCheck(), TimesCheck())
CASE_STAGE = "verify:"  # case_state row of a case-wide check: "verify:<name>"


@dataclass(slots=True)
class CheckRun:
    """What one check did in a run: documents it read (new or of an older version), those it
    skipped (done by this version already), whether its case-wide comparison ran, and the
    findings it holds now."""

    name: str
    version: str
    checked: int = 0
    skipped: int = 0
    compared: bool = False
    findings: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"check": self.name, "version": self.version, "checked": self.checked,
                "skipped": self.skipped, "compared": self.compared, "findings": self.findings}


@dataclass(slots=True)
class VerifyRun:
    documents: int = 0
    seconds: float = 0.0
    checks: list[CheckRun] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "seconds": round(self.seconds, 3),
                "checks": [c.to_json() for c in self.checks]}


def check_by_name(names: Sequence[str] | None) -> tuple[Check, ...]:
    """The checks named (all when None); an unknown name raises ``KeyError``."""
    if not names:
        return CHECKS
    known = {c.name: c for c in CHECKS}
    return tuple(known[n] for n in names)


def run_checks(store: Store, checks: Sequence[Check] = CHECKS, progress: Progress | None = None,
               redo: bool = False) -> VerifyRun:
    """Run ``checks`` over every document read. A per-document check reads only the
    documents it has not done with its current version (all with ``redo``); a case-wide
    comparison runs again when the documents or the check's version changed since it last
    ran. Findings are stored (:meth:`kavosh.store.verify.VerifyStore.findings`); statuses are
    never touched."""
    started = time.monotonic()
    progress = progress or NoProgress()
    docs = {d.id: d for d in store.documents()
            if d.kind == Kind.FILE and d.status == Status.DONE}
    links = case_links(store)
    case = CaseInput(links, {doc_id: _summary(d, links) for doc_id, d in docs.items()})
    checks = [c.prepared(store) for c in checks]
    runs = {c.name: CheckRun(c.name, c.version) for c in checks}
    stamps = store.derive_stamps()
    todo = _todo(store, checks, {d: stamps.get(d, "") for d in sorted(docs)}, runs, redo)
    progress.phase("verify", len(todo))
    with store.batch():
        for doc_id in sorted(todo):
            document = _input(store, docs[doc_id], case.documents[doc_id])
            for check in todo[doc_id]:
                data, found = check.document(document)
                store.put_document_findings(check.name, check.version,
                                            [(doc_id, data, found)],
                                            basis(check, stamps.get(doc_id, "")))
                runs[check.name].checked += 1
            progress.advance()
    across = [c for c in checks if c.across_documents]
    progress.phase("compare", len(across))
    # The comparisons run again when the documents, or what derive made of them, changed.
    derived = hashlib.sha256("\n".join(f"{d} {stamps.get(d, '')}" for d in sorted(docs))
                             .encode()).hexdigest()[:16]
    stamp = f"{len(docs)}:{max(docs, default=0)}:{sum(docs)}:{derived}"
    for check in across:
        runs[check.name].compared = _compare(store, check, case, f"{check.version}/{stamp}",
                                             redo)
        progress.advance()
    counts: dict[str, int] = {}
    for name, _, _, n in store.finding_counts():
        counts[name] = counts.get(name, 0) + n
    for run in runs.values():
        run.findings = counts.get(run.name, 0)
    return VerifyRun(len(docs), time.monotonic() - started, list(runs.values()))


def basis(check: Check, derived: str) -> str:
    """What a check's result on one document rests on besides the check's version: the
    document's derive stamp (:meth:`kavosh.store.verify.VerifyStore.derive_stamps`) and what
    the check read from the case (:attr:`Check.inputs`)."""
    return f"derive {derived}" + (f"; {check.inputs}" if check.inputs else "")


def _todo(store: Store, checks: Sequence[Check], stamps: dict[int, str],
          runs: dict[str, CheckRun], redo: bool) -> dict[int, list[Check]]:
    """Document → the per-document checks it still needs: those that have not done it with
    their version on its present basis (a document derived again — a new cable reader, new
    OCR text — or a check's table changed)."""
    todo: dict[int, list[Check]] = {}
    for check in checks:
        if not check.per_document:
            continue
        done = store.verify_bases(check.name)
        for doc_id, stamp in stamps.items():
            if not redo and done.get(doc_id) == (check.version, basis(check, stamp)):
                runs[check.name].skipped += 1
            else:
                todo.setdefault(doc_id, []).append(check)
    return todo


def _compare(store: Store, check: Check, case: CaseInput, stamp: str, redo: bool) -> bool:
    """Run a case-wide comparison unless it ran on the same documents, derived the same way,
    with this version; whether it ran."""
    stage = CASE_STAGE + check.name
    if not redo and store.case_state(stage) == ("done", stamp, None):
        return False
    data = {doc: value for doc, (version, value) in store.verify_done(check.name).items()
            if version == check.version}
    found: list[StoredFinding] = check.across(case, data)
    store.put_case_findings(check.name, found)
    store.set_case_state(stage, "done", stamp)
    return True


def _summary(doc: Any, links: Any) -> DocumentSummary:
    entry = links.entries.get(doc.id)
    own = entry.date if entry is not None else None
    if own is None and doc.mime == "message/rfc822":
        value = doc.metadata.get("date")
        own = value[:10] if isinstance(value, str) and len(value) >= 10 else None
    return DocumentSummary(doc.path, entry.sender if entry is not None else None, doc.language,
                           own)


def _input(store: Store, doc: Any, summary: DocumentSummary) -> DocumentInput:
    return DocumentInput(doc.id, doc.path, doc.mime, doc.language, doc.metadata,
                         best_pages(store.pages(doc.id)), store.dates(doc.id),
                         store.cable(doc.id),
                         summary.own_date, summary.sender)
