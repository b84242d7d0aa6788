"""The case's graph (issue 14): entities as nodes, relations as edges, built when read from
the stored evidence (keyed by mentions, joined to today's entities) and people's decisions.

Contract of :func:`build_graph`:

- **Nodes** are entities (id ``"12"``) and cable stations (id ``"station:بغداد"``): a
  sender or recipient written as an organisation's name is that organisation; one naming a
  place (``ایستگاه بغداد``, ``Baghdad Station``: the words for "station" aside) is the
  station of that place, named by the place entity's Persian name; any other is the station
  as written (compared normalised: Arabic and Persian letters alike).
- **Edges** are keyed by source, type and target; a symmetric type
  (:data:`kavosh.entities.relations.SYMMETRIC`) has its ends in node order. An edge's
  ``weight`` is how many sentences show it, ``documents`` in how many documents, its
  ``confidence`` the noisy-or of its evidence (``1 - Π(1 - c)``), its days the first and last
  of its documents' dates. Two mentions of one entity relate to nothing. A co-occurrence
  counts each sentence, paragraph or document once (``co_document``: ``weight`` is how many
  documents), however many spellings of the two entities it names.
- **Decisions** (:class:`kavosh.store.relations.RelationDecision`), the last one per edge
  winning: ``confirm`` sets confidence 1 and status ``confirmed``; ``reject`` hides the
  edge (status ``rejected``, kept only when asked for); ``add`` makes the edge if no evidence
  did (status ``added``, confidence 1). Ends are named by entity key; an end whose key is gone
  (merged away) is found by the name recorded with the decision.
- **Filters**: types, a day range (evidence without a day is then left out), a minimum
  confidence (after decisions), an entity's neighbourhood (edges touching it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from kavosh.entities.relations import CO_DOCUMENT, CO_TYPES, SYMMETRIC
from kavosh.model.errors import UsageError
from kavosh.store.entities import EntityRow, EntityStore
from kavosh.store.relations import Evidence, RelationDecision, RelationStore
from kavosh.text import index_text
from kavosh.text.calendars import jalali_to_gregorian

STATION = "station:"
FOUND, CONFIRMED, REJECTED, ADDED = "found", "confirmed", "rejected", "added"
ACTIONS = ("confirm", "reject", "add")
_STATUS = {"confirm": CONFIRMED, "reject": REJECTED, "add": ADDED}
_ALL_ENTITIES = 10_000_000
_STATION_WORDS = {index_text(w) for w in ("ایستگاه", "station", "محطة", "محطه")}


class GraphStore(EntityStore, RelationStore, Protocol):
    """What the graph is read from."""


@dataclass(slots=True)
class Node:
    id: str
    key: str  # entities.key, or station:NAME
    type: str  # PER, ORG, LOC, …; STATION for a station no entity names
    name: str
    latin: str = ""
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    documents: int = 0
    first_day: int | None = None
    last_day: int | None = None

    @property
    def label(self) -> str:
        return self.name or self.latin or self.key

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "key": self.key, "type": self.type, "name": self.name,
                "latin": self.latin, "label": self.label, "aliases": self.aliases,
                "mentions": self.mentions, "documents": self.documents,
                "first_date": iso(self.first_day), "last_date": iso(self.last_day)}


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    type: str
    weight: int = 0
    confidence: float = 0.0
    first_day: int | None = None
    last_day: int | None = None
    status: str = FOUND
    decided_by: str = ""
    decided_at: str = ""
    note: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    document_ids: set[int] = field(default_factory=set)

    @property
    def id(self) -> str:
        return f"{self.source}|{self.type}|{self.target}"

    @property
    def documents(self) -> int:
        return len(self.document_ids)

    def to_json(self, evidence: int = 0) -> dict[str, Any]:
        """The edge; with its first ``evidence`` sentences."""
        out: dict[str, Any] = {
            "id": self.id, "source": self.source, "target": self.target, "type": self.type,
            "weight": self.weight, "documents": self.documents,
            "confidence": round(self.confidence, 3), "first_date": iso(self.first_day),
            "last_date": iso(self.last_day), "status": self.status,
            "directed": self.type not in SYMMETRIC}
        if self.decided_by:
            out["decision"] = {"by": self.decided_by, "at": self.decided_at, "note": self.note}
        if evidence:
            out["evidence"] = [e.to_json() for e in self.evidence[:evidence]]
        return out


@dataclass(slots=True)
class Graph:
    nodes: dict[str, Node]
    edges: list[Edge]

    def edge(self, source: str, target: str, type: str) -> Edge | None:
        a, b = ends(source, target, type)
        return next((e for e in self.edges if (e.source, e.target, e.type) == (a, b, type)),
                    None)


def graph_columns(nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]],
                  total_edges: int) -> dict[str, Any]:
    """The graph as the network view reads it (``/api/graph?form=columns``): what it draws
    and no more, one array per field, each string written once.

    ``nodes`` and ``edges`` are :meth:`Node.to_json` and :meth:`Edge.to_json` objects.
    Node fields ``id``, ``label``, ``mentions`` are arrays in node order and ``type`` indexes
    ``node_types``; an edge's ``source`` and ``target`` index the nodes (each end is among
    them), its ``type`` indexes ``edge_types`` (``directed``: one flag per type), ``first``
    and ``last`` index ``days`` (-1: no day), ``status`` indexes ``statuses``. An edge's id
    is ``source id|type|target id``, as :attr:`Edge.id`. Evidence is not here: the view
    asks ``/api/relations`` for it on a click."""
    lists: dict[str, list[Any]] = {"node_types": [], "edge_types": [], "days": [],
                                   "statuses": []}
    places: dict[str, dict[Any, int]] = {k: {} for k in lists}

    def at(kind: str, value: Any) -> int:
        if value is None:
            return -1
        found = places[kind].get(value)
        if found is None:
            found = places[kind][value] = len(lists[kind])
            lists[kind].append(value)
        return found

    index = {n["id"]: i for i, n in enumerate(nodes)}
    return {
        "form": "columns", "total_edges": total_edges,
        "nodes": {"id": [n["id"] for n in nodes], "label": [n["label"] for n in nodes],
                  "type": [at("node_types", n["type"]) for n in nodes],
                  "mentions": [n["mentions"] for n in nodes]},
        "edges": {"source": [index[e["source"]] for e in edges],
                  "target": [index[e["target"]] for e in edges],
                  "type": [at("edge_types", e["type"]) for e in edges],
                  "weight": [e["weight"] for e in edges],
                  "confidence": [e["confidence"] for e in edges],
                  "first": [at("days", e["first_date"]) for e in edges],
                  "last": [at("days", e["last_date"]) for e in edges],
                  "status": [at("statuses", e["status"]) for e in edges]},
        **lists, "directed": [t not in SYMMETRIC for t in lists["edge_types"]]}


def iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day else None


def _order(node: str) -> tuple[int, int, str]:
    return (1, 0, node) if node.startswith(STATION) else (0, int(node), "")


def ends(source: str, target: str, type: str) -> tuple[str, str]:
    """The edge's ends as stored: a symmetric type's in node order."""
    if type in SYMMETRIC and _order(target) < _order(source):
        return target, source
    return source, target


def entity_node(e: EntityRow) -> Node:
    return Node(str(e.id), e.key, e.type, e.name, e.latin, list(e.aliases), e.mentions,
                e.documents, e.first_day, e.last_day)


class _Names:
    """Entities by id, key and written name (for stations and decisions' lost keys)."""

    def __init__(self, entities: Sequence[EntityRow]) -> None:
        self.by_id = {str(e.id): e for e in entities}
        self.by_key = {e.key: str(e.id) for e in entities}
        found: dict[str, set[str]] = {}
        for e in entities:
            for name in {e.name, e.latin, *e.aliases}:
                if index_text(name):
                    found.setdefault(index_text(name), set()).add(str(e.id))
        self.by_name = {n: ids for n, ids in found.items()}
        self.station_labels: dict[str, str] = {}  # station node → the first label seen

    def named(self, name: str, types: Iterable[str] | None = None) -> str | None:
        """The one entity (of ``types``) written ``name``, if exactly one is."""
        ids = [i for i in self.by_name.get(index_text(name), set())
               if types is None or self.by_id[i].type in types]
        return ids[0] if len(ids) == 1 else None

    def station(self, label: str) -> str:
        """The node of a cable's sender or recipient written ``label``: the organisation of
        that name, else the station of the place it names (``ایستگاه بغداد``, ``Baghdad
        Station`` and ``بغداد`` are one station when the place is one entity), else the
        station as written."""
        label = " ".join(label.split())
        organisation = self.named(label, ("ORG",))
        if organisation is not None:
            return organisation
        core = " ".join(w for w in label.split() if index_text(w) not in _STATION_WORDS)
        place = self.named(core, ("LOC", "ORG")) if core else None
        row = self.by_id[place] if place is not None else None
        node = STATION + ((row.name or row.latin) if row is not None
                          else index_text(label) or label)
        self.station_labels.setdefault(node, label)
        return node

    def resolve(self, key: str, name: str) -> str | None:
        """The node a decision's end names: by key, else by the name it had."""
        if key.startswith(STATION):
            return self.station(key[len(STATION):])
        return self.by_key.get(key) or (self.named(name) if name else None)


def build_graph(store: GraphStore, types: Sequence[str] | None = None,
                since: int | None = None, until: int | None = None,
                min_confidence: float = 0.0, entity: int | None = None,
                rejected: bool = False, all_entities: bool = False) -> Graph:
    """The case's graph (see the module's contract). ``all_entities``: every entity is a
    node, related or not (the whole-graph exports); else only the edges' ends."""
    entities = store.entities(limit=_ALL_ENTITIES)
    names = _Names(entities)
    evidence = _evidence(store, list(types) if types else None, entity, names)
    edges: dict[tuple[str, str, str], Edge] = {}
    counted: set[tuple[object, ...]] = set()
    for ev in evidence:
        if (since is not None or until is not None) and not _within(ev.day, since, until):
            continue
        a = _end(ev.source_entity, ev.source_label, names)
        b = _end(ev.target_entity, ev.target_label, names)
        if a is None or b is None or a == b:
            continue
        a, b = ends(a, b, ev.type)
        if ev.type in CO_TYPES:
            unit = (a, b, ev.type, ev.document_id,
                    *(() if ev.type == CO_DOCUMENT else (ev.page, ev.layer, ev.start)))
            if unit in counted:
                continue  # two spellings of one entity: its sentence, paragraph or document
            counted.add(unit)  # counts once
        edge = edges.setdefault((a, b, ev.type), Edge(a, b, ev.type))
        _add(edge, ev)
    _decide(edges, store.relation_decisions(), names, set(types) if types else None)
    kept = [e for e in edges.values()
            if (rejected or e.status != REJECTED) and e.confidence >= min_confidence
            and (entity is None or str(entity) in (e.source, e.target))]
    kept.sort(key=lambda e: (-e.confidence, -e.weight, _order(e.source), e.type,
                             _order(e.target)))
    wanted = {n for e in kept for n in (e.source, e.target)}
    if all_entities:
        wanted |= set(names.by_id)
    nodes: dict[str, Node] = {}
    for node in sorted(wanted, key=_order):
        row = names.by_id.get(node)
        nodes[node] = entity_node(row) if row else Node(
            node, node, "STATION", names.station_labels.get(node, node[len(STATION):]))
    return Graph(nodes, kept)


def _evidence(store: GraphStore, types: list[str] | None, entity: int | None,
              names: _Names) -> list[Evidence]:
    """The evidence to read: all, or an entity's — its mentions', and, for an organisation,
    the cable rows whose sender or recipient it may be (by name, so not by mention)."""
    if entity is None:
        return store.relation_evidence(types=types)
    found = store.relation_evidence(types=types, entity_ids=[entity])
    row = names.by_id.get(str(entity))
    if row is not None and row.type == "ORG":
        seen = {e.id for e in found}
        found += [e for e in store.relation_evidence(types=types, labelled=True)
                  if e.id not in seen]
    return found


def _within(day: int | None, since: int | None, until: int | None) -> bool:
    return day is not None and (since is None or day >= since) and (until is None
                                                                     or day <= until)


def _end(entity: int | None, label: str, names: _Names) -> str | None:
    if entity is not None:
        return str(entity)
    return names.station(label) if label.strip() else None


def _add(edge: Edge, ev: Evidence) -> None:
    edge.weight += 1
    edge.confidence = 1 - (1 - edge.confidence) * (1 - ev.confidence)
    edge.document_ids.add(ev.document_id)
    edge.evidence.append(ev)
    if ev.day:
        edge.first_day = min(edge.first_day or ev.day, ev.day)
        edge.last_day = max(edge.last_day or ev.day, ev.day)


def _decide(edges: dict[tuple[str, str, str], Edge], decisions: Sequence[RelationDecision],
            names: _Names, types: set[str] | None) -> None:
    """Apply people's decisions, oldest first (the last on an edge wins)."""
    for d in decisions:
        if types is not None and d.type not in types:
            continue
        a = names.resolve(d.source_key, str(d.data.get("source_name", "")))
        b = names.resolve(d.target_key, str(d.data.get("target_name", "")))
        if a is None or b is None or a == b:
            continue
        a, b = ends(a, b, d.type)
        edge = edges.get((a, b, d.type))
        if edge is None:
            if d.action != "add":
                continue
            edge = edges[(a, b, d.type)] = Edge(a, b, d.type)
        edge.status = _STATUS[d.action]
        edge.decided_by, edge.decided_at = d.actor, d.at
        edge.note = str(d.data.get("note", ""))
        if d.action in ("confirm", "add"):
            edge.confidence = 1.0
            edge.weight = max(edge.weight, 1)


class UnknownRelation(UsageError):
    """A decision names an entity that is not in the case, or an unknown type or action."""


RELATION_TYPES = ("co_occurrence", "co_paragraph", "co_document", "met_with", "paid",
                  "recruited", "reported_to", "appointed", "member_of", "relative_of",
                  "special_relationship", "reported_on", "cable_to")


def decide(store: GraphStore, action: str, source: str, target: str, type: str, actor: str,
           note: str = "") -> RelationDecision:
    """Record a person's decision about the relation ``type`` from node ``source`` to node
    ``target`` (entity ids as text, or ``station:NAME``): confirm, reject or add. The ends are
    recorded by entity key and name, so the decision outlives re-runs and resolutions."""
    if action not in ACTIONS:
        raise UnknownRelation(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    if type not in RELATION_TYPES:
        raise UnknownRelation(f"unknown relation type {type!r}; one of "
                              f"{', '.join(RELATION_TYPES)}")
    keys: list[str] = []
    data: dict[str, Any] = {"note": note} if note else {}
    for role, node in (("source", source), ("target", target)):
        if node.startswith(STATION):
            keys.append(node)
            data[f"{role}_name"] = node[len(STATION):]
            continue
        row = store.entity(int(node)) if node.isdigit() else None
        if row is None:
            raise UnknownRelation(f"no entity {node!r} in this case (kavosh entities list)")
        keys.append(row.key)
        data[f"{role}_name"] = row.name or row.latin
    if keys[0] == keys[1]:
        raise UnknownRelation("a relation needs two different entities")
    return store.add_relation_decision(action, type, keys[0], keys[1], data, actor)


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def parse_day(text: str | None) -> int | None:
    """A day as ``YYYY-MM-DD`` (or with ``/``, in any digits): Gregorian, or Jalali when the
    year is before 1700 (``1394-05-14``); its Gregorian ordinal. None for None or ""."""
    if not text:
        return None
    parts = re.split(r"[-/.]", text.strip().translate(_DIGITS))
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise UsageError(f"not a date: {text!r} (YYYY-MM-DD, Gregorian or Jalali)")
    year, month, day = (int(p) for p in parts)
    try:
        when = jalali_to_gregorian(year, month, day) if year < 1700 else date(year, month, day)
    except ValueError as error:
        raise UsageError(f"not a date: {text!r} ({error})") from None
    return when.toordinal()
