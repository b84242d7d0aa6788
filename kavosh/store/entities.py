"""Entities (issue 13): the mentions the finders found, the entities resolution made of them,
and the decisions people made about entities. The contract is :class:`EntityStore`;
:class:`EntitiesSql` its SQL.

Mentions are replaced per document (the ``mentions`` stage); entities are replaced whole by
each resolution (the case-wide ``entities`` stage), an entity keeping its id while its ``key``
stays (so links to ``/entities/ID`` survive a resolution); decisions are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kavosh.store.records import now
from kavosh.store.sql import SqlCore

MENTIONS_STAGE = "mentions"  # the document stage that fills ``mentions`` (kavosh.pipeline)


@dataclass(frozen=True, slots=True)
class StoredMention:
    """One mention: ``text`` at ``start:end`` (raw offsets) of page ``page``'s ``layer``."""

    document_id: int
    page: int
    layer: str
    start: int
    end: int
    type: str
    text: str
    value: str
    finder: str
    finder_version: str
    score: float
    day: int | None = None  # the document's own date (proleptic Gregorian ordinal)
    id: int = 0  # 0 until stored
    entity_id: int | None = None  # when read back: the entity it belongs to

    def to_json(self) -> dict[str, Any]:
        """The mention as exported (``kavosh export``, the API)."""
        return {"page": self.page, "layer": self.layer, "start": self.start, "end": self.end,
                "type": self.type, "text": self.text, "value": self.value,
                "finder": self.finder, "finder_version": self.finder_version,
                "score": self.score, "entity": self.entity_id}


@dataclass(slots=True)
class EntityRow:
    """An entity as resolution made it and decisions changed it."""

    key: str  # stable across resolutions: what the id is kept by
    type: str
    name: str  # canonical Persian (Arabic-script) name; "" when none was seen
    latin: str  # canonical Latin name
    aliases: list[str] = field(default_factory=list)  # every spelling seen, most used first
    mentions: int = 0
    documents: int = 0
    first_day: int | None = None
    last_day: int | None = None
    added: bool = False  # added by a person
    id: int = 0
    mention_ids: list[int] = field(default_factory=list)  # when written

    def to_json(self) -> dict[str, Any]:
        from datetime import date

        def iso(day: int | None) -> str | None:
            return date.fromordinal(day).isoformat() if day else None

        return {"id": self.id, "key": self.key, "type": self.type, "name": self.name,
                "latin": self.latin, "aliases": list(self.aliases), "mentions": self.mentions,
                "documents": self.documents, "first_date": iso(self.first_day),
                "last_date": iso(self.last_day), "added": self.added}


@dataclass(frozen=True, slots=True)
class Decision:
    """What a person decided about entities: ``action`` with its ``data``, who and when."""

    seq: int
    action: str  # merge, split, rename, retype, add
    data: dict[str, Any]
    actor: str
    at: str

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "action": self.action, "data": self.data, "by": self.actor,
                "at": self.at}


class EntityStore(Protocol):
    """Mentions, entities and curation decisions."""

    def put_mentions(self, document_id: int, mentions: Sequence[StoredMention],
                     digest: str | None = None) -> None:
        """Replace the document's mentions (and their links to entities), and record the
        digest of what they were found in (none: forget it)."""

    def mention_digest(self, document_id: int) -> str | None:
        """The digest recorded with the document's mentions (None: never recorded)."""

    def mentions(self, document_id: int | None = None, entity_id: int | None = None,
                 limit: int | None = None) -> list[StoredMention]:
        """Mentions of one document, of one entity, or all, by document, page and offset."""

    def mention_parts(self, documents: int) -> Iterator[list[StoredMention]]:
        """Every mention, ordered as :meth:`mentions` orders them, in parts of the mentions of
        at most ``documents`` documents (each document's whole in one part): a case's
        mentions read without holding them all."""

    def count_mentions(self) -> int: ...

    def queue_unmentioned(self) -> int:
        """Make the ``mentions`` stage pending for every document derived that it never
        did (a case made before it existed); return how many."""

    def queue_all_mentions(self) -> int:
        """Make the ``mentions`` stage pending for every document derived (``--redo``)."""

    def replace_entities(self, entities: Sequence[EntityRow]) -> None:
        """Replace every entity (each with its ``mention_ids``), keeping the id of each
        whose key was there before; set each row's ``id``."""

    def entities(self, type: str | None = None, limit: int = 100, offset: int = 0,
                 ids: Iterable[int] | None = None) -> list[EntityRow]:
        """Entities, most mentioned first (of one type, or with these ids)."""

    def entity(self, entity_id: int) -> EntityRow | None: ...

    def entity_counts(self) -> dict[str, int]:
        """Type → how many entities."""

    def entity_documents(self, entity_ids: Iterable[int]) -> list[int]:
        """The documents mentioning any of these entities, in id order."""

    def document_entities(self, document_id: int) -> list[EntityRow]:
        """The entities a document mentions, most mentioned first."""

    def entity_names(self, document_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """Document id → the names (Persian, else Latin) of the people, organisations and
        places it mentions, most mentioned entity first (the search's entity facet)."""

    def co_mentioned(self, entity_id: int, limit: int = 20) -> list[tuple[EntityRow, int]]:
        """Other entities mentioned in the same documents, with how many they share."""

    def add_decision(self, action: str, data: dict[str, Any], actor: str) -> Decision: ...

    def decisions(self) -> list[Decision]:
        """Every decision, oldest first (the order they are replayed in)."""


_MENTION = ('m.document_id, m.page, m.layer, m.start, m."end", m.type, m.text, m.value,'
            " m.finder, m.finder_version, m.score, m.day, m.id, em.entity_id")
_ENTITY = ("id, key, type, name, latin, aliases, mentions, documents, first_day, last_day,"
           " added")


def _mention(r: Sequence[Any]) -> StoredMention:
    return StoredMention(int(r[0]), int(r[1]), r[2], int(r[3]), int(r[4]), r[5], r[6], r[7],
                         r[8], r[9], float(r[10]), r[11], int(r[12]),
                         None if r[13] is None else int(r[13]))


def _entity(r: Sequence[Any]) -> EntityRow:
    return EntityRow(r[1], r[2], r[3], r[4], json.loads(r[5]), int(r[6]), int(r[7]), r[8],
                     r[9], bool(r[10]), int(r[0]))


def _where(*conditions: tuple[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause of the conditions whose value is not None, and its parameters (a list
    value fills as many placeholders)."""
    used = [(sql, value) for sql, value in conditions if value is not None]
    params: list[Any] = []
    for _, value in used:
        params += value if isinstance(value, list) else [value]
    return (f"WHERE {' AND '.join(sql for sql, _ in used)}" if used else ""), params


class EntitiesSql(SqlCore):
    def put_mentions(self, document_id: int, mentions: Sequence[StoredMention],
                     digest: str | None = None) -> None:
        with self.transaction():
            self.execute("DELETE FROM mention_inputs WHERE document_id = ?", (document_id,))
            if digest is not None:
                self.execute("INSERT INTO mention_inputs (document_id, digest) VALUES (?, ?)",
                             (document_id, digest))
            self.execute("DELETE FROM entity_mentions WHERE mention_id IN"
                         " (SELECT id FROM mentions WHERE document_id = ?)", (document_id,))
            self.execute("DELETE FROM mentions WHERE document_id = ?", (document_id,))
            self._many(
                'INSERT INTO mentions (document_id, page, layer, start, "end", type, text,'
                " value, finder, finder_version, score, day)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, m.page, m.layer, m.start, m.end, m.type, m.text, m.value,
                  m.finder, m.finder_version, m.score, m.day) for m in mentions])

    def mention_digest(self, document_id: int) -> str | None:
        row = self.execute("SELECT digest FROM mention_inputs WHERE document_id = ?",
                           (document_id,)).fetchone()
        return str(row[0]) if row else None

    def mentions(self, document_id: int | None = None, entity_id: int | None = None,
                 limit: int | None = None) -> list[StoredMention]:
        clause, params = _where(("m.document_id = ?", document_id),
                                ("em.entity_id = ?", entity_id))
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        return self._mention_rows(clause, params, tail)

    def mention_parts(self, documents: int) -> Iterator[list[StoredMention]]:
        after = 0
        while True:
            part = self._mention_rows(
                "WHERE m.document_id > ? AND m.document_id <= (SELECT MAX(document_id) FROM"
                " (SELECT DISTINCT document_id FROM mentions WHERE document_id > ?"
                " ORDER BY document_id LIMIT ?) AS part)", (after, after, documents))
            if not part:
                return
            yield part
            after = part[-1].document_id

    def _mention_rows(self, clause: str, params: Sequence[Any],
                      tail: str = "") -> list[StoredMention]:
        """The mentions ``clause`` selects (with their entity), in :meth:`mentions`' order."""
        rows = self._all(f"SELECT {_MENTION} FROM mentions m LEFT JOIN entity_mentions em"
                         f" ON em.mention_id = m.id {clause}"
                         f" ORDER BY m.document_id, m.page, m.start, m.id{tail}", params)
        return [_mention(r) for r in rows]

    def count_mentions(self) -> int:
        return self._count("SELECT COUNT(*) FROM mentions")

    def queue_unmentioned(self) -> int:
        return self._queue("AND NOT EXISTS (SELECT 1 FROM stage_state t"
                           " WHERE t.document_id = s.document_id AND t.stage = ?)")

    def queue_all_mentions(self) -> int:
        return self._queue("AND ? != ''")

    def _queue(self, condition: str) -> int:
        """Mark ``mentions`` pending for the documents derived that meet ``condition``
        (which takes the stage's name as its one parameter)."""
        with self.transaction():
            cur = self.execute(
                "INSERT INTO stage_state (document_id, stage, status, version, updated_at)"
                " SELECT s.document_id, ?, 'pending', '', ? FROM stage_state s"
                f" WHERE s.stage = 'derive' AND s.status = 'done' {condition}"
                " ON CONFLICT (document_id, stage) DO UPDATE SET status = 'pending',"
                " reason = NULL, updated_at = excluded.updated_at",
                (MENTIONS_STAGE, now(), MENTIONS_STAGE))
            return cur.rowcount

    def replace_entities(self, entities: Sequence[EntityRow]) -> None:
        with self.transaction():
            known = {r[0]: int(r[1]) for r in self._all("SELECT key, id FROM entities")}
            self.execute("DELETE FROM entity_mentions")
            keep = [known[e.key] for e in entities if e.key in known]
            self.execute("DELETE FROM entities WHERE id NOT IN"
                         f" ({', '.join('?' * len(keep)) or 'NULL'})", keep)
            for e in entities:
                values = (e.type, e.name, e.latin, json.dumps(e.aliases, ensure_ascii=False),
                          e.mentions, e.documents, e.first_day, e.last_day, int(e.added))
                if e.key in known:
                    e.id = known[e.key]
                    self.execute("UPDATE entities SET type = ?, name = ?, latin = ?,"
                                 " aliases = ?, mentions = ?, documents = ?, first_day = ?,"
                                 " last_day = ?, added = ? WHERE id = ?", (*values, e.id))
                else:
                    e.id = int(self.execute(
                        "INSERT INTO entities (type, name, latin, aliases, mentions,"
                        " documents, first_day, last_day, added, key)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        (*values, e.key)).fetchone()[0])
                self._many("INSERT INTO entity_mentions (mention_id, entity_id) VALUES (?, ?)",
                           [(m, e.id) for m in e.mention_ids])

    def entities(self, type: str | None = None, limit: int = 100, offset: int = 0,
                 ids: Iterable[int] | None = None) -> list[EntityRow]:
        wanted = None if ids is None else list(ids)
        clause, params = _where(("type = ?", type or None),
                                (f"id IN ({', '.join('?' * len(wanted or [])) or 'NULL'})",
                                 wanted))
        rows = self._all(f"SELECT {_ENTITY} FROM entities {clause}"
                         f" ORDER BY mentions DESC, id LIMIT ? OFFSET ?", [*params, limit, offset])
        return [_entity(r) for r in rows]

    def entity(self, entity_id: int) -> EntityRow | None:
        row = self._one(f"SELECT {_ENTITY} FROM entities WHERE id = ?", (entity_id,))
        return None if row is None else _entity(row)

    def entity_counts(self) -> dict[str, int]:
        rows = self._all("SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY type")
        return {r[0]: int(r[1]) for r in rows}

    def entity_documents(self, entity_ids: Iterable[int]) -> list[int]:
        wanted = list(entity_ids)
        if not wanted:
            return []
        rows = self._all("SELECT DISTINCT m.document_id FROM entity_mentions em"
                         " JOIN mentions m ON m.id = em.mention_id"
                         f" WHERE em.entity_id IN ({', '.join('?' * len(wanted))})"
                         " ORDER BY m.document_id", wanted)
        return [int(r[0]) for r in rows]

    def document_entities(self, document_id: int) -> list[EntityRow]:
        rows = self._all(f"SELECT {_ENTITY} FROM entities WHERE id IN"
                         " (SELECT em.entity_id FROM entity_mentions em JOIN mentions m"
                         " ON m.id = em.mention_id WHERE m.document_id = ?)"
                         " ORDER BY mentions DESC, id", (document_id,))
        return [_entity(r) for r in rows]

    def entity_names(self, document_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        wanted = list(document_ids)
        if not wanted:
            return {}
        rows = self._all(
            "SELECT DISTINCT m.document_id, e.id, CASE WHEN e.name != '' THEN e.name"
            " ELSE e.latin END, e.mentions FROM mentions m"
            " JOIN entity_mentions em ON em.mention_id = m.id"
            " JOIN entities e ON e.id = em.entity_id"
            f" WHERE m.document_id IN ({', '.join('?' * len(wanted))})"
            " AND e.type IN ('PER', 'ORG', 'LOC')"
            " ORDER BY m.document_id, e.mentions DESC, e.id", wanted)
        out: dict[int, list[str]] = {}
        for r in rows:
            out.setdefault(int(r[0]), []).append(r[2])
        return {doc: tuple(dict.fromkeys(names)) for doc, names in out.items()}

    def co_mentioned(self, entity_id: int, limit: int = 20) -> list[tuple[EntityRow, int]]:
        rows = self._all(
            "WITH docs AS (SELECT DISTINCT m.document_id FROM entity_mentions em"
            " JOIN mentions m ON m.id = em.mention_id WHERE em.entity_id = ?),"
            " other AS (SELECT em.entity_id, COUNT(DISTINCT m.document_id) AS shared"
            " FROM entity_mentions em JOIN mentions m ON m.id = em.mention_id"
            " WHERE m.document_id IN (SELECT document_id FROM docs) AND em.entity_id != ?"
            " GROUP BY em.entity_id)"
            f" SELECT {', '.join('e.' + c.strip() for c in _ENTITY.split(','))}, o.shared"
            " FROM other o JOIN entities e ON e.id = o.entity_id"
            " ORDER BY o.shared DESC, e.mentions DESC, e.id LIMIT ?",
            (entity_id, entity_id, limit))
        return [(_entity(r), int(r[11])) for r in rows]

    def add_decision(self, action: str, data: dict[str, Any], actor: str) -> Decision:
        stamp = now()
        with self.transaction():
            seq = int(self.execute(
                "INSERT INTO entity_decisions (action, data, actor, at) VALUES (?, ?, ?, ?)"
                " RETURNING seq", (action, json.dumps(data, ensure_ascii=False), actor, stamp)
            ).fetchone()[0])
        return Decision(seq, action, data, actor, stamp)

    def decisions(self) -> list[Decision]:
        rows = self._all("SELECT seq, action, data, actor, at FROM entity_decisions"
                         " ORDER BY seq")
        return [Decision(int(r[0]), r[1], json.loads(r[2]), r[3], r[4]) for r in rows]
