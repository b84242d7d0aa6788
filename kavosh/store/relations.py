"""Relations (issue 14): the evidence the ``relations`` stage found, per document, and the
decisions people made about relations. The contract is :class:`RelationStore`;
:class:`RelationsSql` its SQL (tables of migration 19).

Evidence is keyed by **mention ids**, not entity ids: an entity's relations follow its
mentions through every resolution and curation (merge, split) without computing anything
again; :meth:`RelationStore.relation_evidence` maps each end to its entity when read. A
document's evidence is replaced whole with its digest (what it was computed from: its
mentions and cable fields), so a document whose mentions changed is found again. An end
that is no mention (a cable's sender station) is a ``label``. Decisions are only ever added;
they name entities by their ``key`` (kept across resolutions), so they survive re-runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kavosh.store.records import now
from kavosh.store.sql import SqlCore

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence (``start:end`` of page ``page``'s ``layer``) where a relation was seen.

    ``source``/``target`` are mention ids (None: the end is ``source_label``/``target_label``,
    a station); when read back, ``source_entity``/``target_entity`` are their entities."""

    document_id: int
    page: int
    layer: str
    type: str
    source: int | None
    target: int | None
    start: int
    end: int
    sentence: str
    confidence: float
    cue: str = ""
    source_label: str = ""
    target_label: str = ""
    day: int | None = None
    id: int = 0
    source_entity: int | None = None
    target_entity: int | None = None

    def to_json(self) -> dict[str, Any]:
        from datetime import date

        return {"document": self.document_id, "page": self.page, "layer": self.layer,
                "type": self.type, "start": self.start, "end": self.end,
                "sentence": self.sentence, "cue": self.cue, "confidence": self.confidence,
                "date": date.fromordinal(self.day).isoformat() if self.day else None}


@dataclass(frozen=True, slots=True)
class RelationDecision:
    """A person's decision about the relation ``type`` between the entities keyed
    ``source_key`` and ``target_key``: ``confirm``, ``reject`` or ``add``."""

    seq: int
    action: str
    type: str
    source_key: str
    target_key: str
    data: dict[str, Any]  # the ends' names when decided, a note
    actor: str
    at: str

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "action": self.action, "type": self.type,
                "source": self.source_key, "target": self.target_key, "data": self.data,
                "by": self.actor, "at": self.at}


class RelationStore(Protocol):
    """Relation evidence and decisions."""

    def put_relation_evidence(self, document_id: int, digest: str,
                              evidence: Sequence[Evidence]) -> None:
        """Replace the document's evidence and record the digest it was computed from."""

    def relation_digests(self) -> dict[int, str]:
        """Document id → the digest its evidence was computed from."""

    def drop_relation_evidence(self, document_ids: Iterable[int]) -> None:
        """Forget these documents' evidence and digest (they have no mentions any more)."""

    def relation_evidence(self, types: Sequence[str] | None = None,
                          entity_ids: Sequence[int] | None = None,
                          document_id: int | None = None,
                          labelled: bool = False) -> list[Evidence]:
        """Evidence with each end's entity (None: a label, or a mention of no entity), of
        ``types``, touching ``entity_ids``, of one document, or (``labelled``) with an end
        that is a label (a station); by document and offset."""

    def count_relation_evidence(self) -> int: ...

    def add_relation_decision(self, action: str, type: str, source_key: str,
                              target_key: str, data: dict[str, Any],
                              actor: str) -> RelationDecision: ...

    def relation_decisions(self) -> list[RelationDecision]:
        """Every decision, oldest first (a later one overrides an earlier on the same ends)."""


_EVIDENCE = ("ev.document_id, ev.page, ev.layer, ev.type, ev.source_mention,"
             " ev.target_mention, ev.start, ev.\"end\", ev.sentence, ev.confidence, ev.cue,"
             " ev.source_label, ev.target_label, ev.day, ev.id, es.entity_id, et.entity_id")
# A mention id is only trusted in its own document: ids of replaced mentions may be reused.
_ENDS = (" LEFT JOIN mentions ms ON ms.id = ev.source_mention AND ms.document_id = ev.document_id"
         " LEFT JOIN entity_mentions es ON es.mention_id = ms.id"
         " LEFT JOIN mentions mt ON mt.id = ev.target_mention AND mt.document_id = ev.document_id"
         " LEFT JOIN entity_mentions et ON et.mention_id = mt.id")


def _evidence(r: Sequence[Any]) -> Evidence:
    return Evidence(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5], int(r[6]), int(r[7]), r[8],
                    float(r[9]), r[10], r[11], r[12], r[13], int(r[14]),
                    None if r[15] is None else int(r[15]),
                    None if r[16] is None else int(r[16]))


class RelationsSql(SqlCore):
    def put_relation_evidence(self, document_id: int, digest: str,
                              evidence: Sequence[Evidence]) -> None:
        with self.transaction():
            self.execute("DELETE FROM relation_evidence WHERE document_id = ?", (document_id,))
            self._many(
                "INSERT INTO relation_evidence (document_id, page, layer, type, source_mention,"
                ' target_mention, start, "end", sentence, confidence, cue, source_label,'
                " target_label, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, e.page, e.layer, e.type, e.source, e.target, e.start, e.end,
                  e.sentence, e.confidence, e.cue, e.source_label, e.target_label, e.day)
                 for e in evidence])
            self.execute("INSERT INTO relation_documents (document_id, digest) VALUES (?, ?)"
                         " ON CONFLICT (document_id) DO UPDATE SET digest = excluded.digest",
                         (document_id, digest))

    def relation_digests(self) -> dict[int, str]:
        return {int(r[0]): r[1]
                for r in self._all("SELECT document_id, digest FROM relation_documents")}

    def drop_relation_evidence(self, document_ids: Iterable[int]) -> None:
        items = list(document_ids)
        with self.transaction():
            for at in range(0, len(items), _CHUNK):
                chunk = items[at:at + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                for table in ("relation_evidence", "relation_documents"):
                    self.execute(f"DELETE FROM {table} WHERE document_id IN ({marks})", chunk)

    def relation_evidence(self, types: Sequence[str] | None = None,
                          entity_ids: Sequence[int] | None = None,
                          document_id: int | None = None,
                          labelled: bool = False) -> list[Evidence]:
        clauses: list[str] = []
        if labelled:
            clauses.append("(ev.source_mention IS NULL OR ev.target_mention IS NULL)")
        params: list[Any] = []
        if types is not None:
            clauses.append(f"ev.type IN ({', '.join('?' * len(types)) or 'NULL'})")
            params += list(types)
        if entity_ids is not None:
            marks = ", ".join("?" * len(entity_ids)) or "NULL"
            clauses.append(f"(es.entity_id IN ({marks}) OR et.entity_id IN ({marks}))")
            params += [*entity_ids, *entity_ids]
        if document_id is not None:
            clauses.append("ev.document_id = ?")
            params.append(document_id)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._all(f"SELECT {_EVIDENCE} FROM relation_evidence ev{_ENDS}{where}"
                         " ORDER BY ev.document_id, ev.page, ev.start, ev.id", params)
        return [_evidence(r) for r in rows]

    def count_relation_evidence(self) -> int:
        return self._count("SELECT COUNT(*) FROM relation_evidence")

    def add_relation_decision(self, action: str, type: str, source_key: str,
                              target_key: str, data: dict[str, Any],
                              actor: str) -> RelationDecision:
        stamp = now()
        with self.transaction():
            seq = int(self.execute(
                "INSERT INTO relation_decisions (action, type, source_key, target_key, data,"
                " actor, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq",
                (action, type, source_key, target_key, json.dumps(data, ensure_ascii=False),
                 actor, stamp)).fetchone()[0])
        return RelationDecision(seq, action, type, source_key, target_key, data, actor, stamp)

    def relation_decisions(self) -> list[RelationDecision]:
        rows = self._all("SELECT seq, action, type, source_key, target_key, data, actor, at"
                         " FROM relation_decisions ORDER BY seq")
        return [RelationDecision(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5]), r[6],
                                 r[7]) for r in rows]
