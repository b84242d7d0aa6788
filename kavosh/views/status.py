"""How far a case has come: documents done, pending and failed, why each failure failed, and
where every stage stands (pending, done, failed, stale: done by another version of the stage)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kavosh.case import Case
from kavosh.pipeline.mentions import mentions_version
from kavosh.pipeline.stages import MENTIONS, VERSIONS, State


@dataclass(frozen=True, slots=True)
class StageView:
    """One stage's documents by state; ``stale`` ones are also counted in their state."""

    name: str
    version: str
    pending: int = 0
    done: int = 0
    failed: int = 0
    stale: int = 0

    def to_json(self) -> dict[str, object]:
        return {"stage": self.name, "version": self.version, "pending": self.pending,
                "done": self.done, "failed": self.failed, "stale": self.stale}


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
    stages: list[StageView] = field(default_factory=list)

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
            "stages": [stage.to_json() for stage in self.stages],
        }


def status(case: Case) -> CaseStatus:
    counts = case.store.counts()
    failures = [FailureView(f.document_id, f.path, f.stage, f.reason)
                for f in case.store.failures()]
    return CaseStatus(counts["documents"], counts["done"], counts["pending"], failures,
                      case.store.pages_needing_ocr(), stage_views(case))


def stage_versions() -> dict[str, str]:
    """Each document stage's current version in pipeline order, ``mentions`` last: its version
    names every finder's, so documents done by an older model count as stale."""
    return {**VERSIONS, MENTIONS.name: mentions_version()}


def stage_views(case: Case) -> list[StageView]:
    """Every stage in pipeline order, then any other stage the case has state for."""
    versions = stage_versions()
    tallies: dict[str, dict[str, int]] = {}
    for stage, state, version, count in case.store.stage_counts():
        tally = tallies.setdefault(stage, {})
        tally[state] = tally.get(state, 0) + count
        # pending work keeps the version that last did it (or none): not stale until done
        if state != State.PENDING and version != versions.get(stage, version):
            tally["stale"] = tally.get("stale", 0) + count
    names = list(versions) + sorted(set(tallies) - set(versions))
    return [StageView(name, versions.get(name, ""), **tallies.get(name, {})) for name in names]
