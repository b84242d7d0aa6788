"""How far a case has come: documents done, pending and failed, and why each failure failed."""

from __future__ import annotations

from dataclasses import dataclass, field

from kavosh.case import Case


@dataclass(frozen=True, slots=True)
class FailureView:
    document_id: int
    path: str
    stage: str
    reason: str


@dataclass(slots=True)
class CaseStatus:
    documents: int
    done: int
    pending: int
    failed: list[FailureView] = field(default_factory=list)
    pages_needing_ocr: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "done": self.done,
            "pending": self.pending,
            "failed": [
                {"document_id": f.document_id, "path": f.path, "stage": f.stage,
                 "reason": f.reason}
                for f in self.failed
            ],
            "pages_needing_ocr": self.pages_needing_ocr,
        }


def status(case: Case) -> CaseStatus:
    counts = case.store.counts()
    failures = [FailureView(f.document_id, f.path, f.stage, f.reason)
                for f in case.store.failures()]
    return CaseStatus(counts["documents"], counts["done"], counts["pending"], failures,
                      case.store.pages_needing_ocr())
