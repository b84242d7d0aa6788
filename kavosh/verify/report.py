"""What the verification pages, the CLI and the API show: one document's findings and status,
and the archive report (checks run, findings by severity, coverage, station serial timelines,
status counts)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from kavosh.cables import case_links
from kavosh.model import Kind, Status
from kavosh.store import Store
from kavosh.store.verify import SEVERITIES, STATUSES, StatusRecord, StoredFinding
from kavosh.verify.base import CaseInput
from kavosh.verify.cables import holes, series_of
from kavosh.verify.run import CASE_STAGE, CHECKS
from kavosh.verify.status import current_status


@dataclass(frozen=True, slots=True)
class DocumentVerification:
    """A document's findings (most severe first) and its status with its history."""

    document_id: int
    findings: list[StoredFinding]
    history: list[StatusRecord]

    @property
    def status(self) -> str:
        return current_status(self.history)

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "status": self.status,
                "history": [h.to_json() for h in self.history],
                "findings": [f.to_json() for f in self.findings]}


def _rank(finding: StoredFinding) -> tuple[int, str]:
    return -SEVERITIES.index(finding.severity), finding.check


def document_verification(store: Store, document_id: int) -> DocumentVerification:
    """The document's verification (the caller has checked that it exists)."""
    return DocumentVerification(document_id, sorted(store.findings(document_id), key=_rank),
                                store.status_history(document_id))


def archive_report(store: Store) -> dict[str, Any]:
    """The archive report (a JSON-ready dict): ``checks`` (name, title, version, documents
    done with that version, whether its comparison ran, findings by severity), ``coverage``
    (documents read, documents each per-document check has done), ``severity`` totals,
    ``series`` (each station's serials in order with the holes the serials check judges),
    ``statuses`` (documents by current status)."""
    documents = [d.id for d in store.documents() if d.kind == Kind.FILE
                 and d.status == Status.DONE]
    by_check: dict[str, Counter[str]] = {}
    versions: dict[str, set[str]] = {}
    for name, version, severity, count in store.finding_counts():
        by_check.setdefault(name, Counter())[severity] += count
        versions.setdefault(name, set()).add(version)
    checks = []
    for check in CHECKS:
        done = store.verify_done(check.name) if check.per_document else {}
        state = store.case_state(CASE_STAGE + check.name) if check.across_documents else None
        counts = by_check.get(check.name, Counter())
        checks.append({
            "check": check.name, "title": check.title, "version": check.version,
            "documents": sum(v == check.version for v, _ in done.values()),
            "compared": bool(state and state[0] == "done"),
            "found_by": sorted(versions.get(check.name, set())),
            "findings": {s: counts.get(s, 0) for s in SEVERITIES}})
    total = Counter[str]()
    for counts in by_check.values():
        total.update(counts)
    series = []
    for name, cables in sorted(series_of(CaseInput(case_links(store))).items()):
        series.append({"series": name, "serials": [s for s, _ in cables],
                       "documents": [d for _, d in cables],
                       "holes": [[a[0], b[0]] for a, b in holes(cables)]})
    statuses = store.status_counts()
    return {"documents": len(documents), "checks": checks,
            "severity": {s: total.get(s, 0) for s in SEVERITIES},
            "series": series, "statuses": {s: statuses.get(s, 0) for s in STATUSES}}
