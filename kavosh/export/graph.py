"""The case's graph written for Gephi and spreadsheets (``kavosh graph``, issue 14).

- **GEXF 1.3** (``http://gexf.net/1.3``): nodes with ``label``, attributes ``type``,
  ``name``, ``latin``, ``aliases``, ``mentions``, ``documents``, and ``viz:size`` (by
  mentions) and ``viz:color`` (by type: :data:`COLORS`); edges with ``label`` (the
  relation's type), ``weight`` (sentences), ``type`` (``directed``, or ``undirected`` for a
  symmetric relation) and attributes ``relation``, ``confidence``, ``documents``,
  ``first_date``, ``last_date``, ``status``.
- **GraphML** (``http://graphml.graphdrawing.org/xmlns``): the same, as ``<data>`` keys; a
  symmetric relation's edge says ``directed="false"``.
- **CSV**: one file, one row a node or an edge, told apart by the ``kind`` column.
- **FollowTheMoney** JSON lines (``--format ftm``; Aleph imports them): each node as
  ``kavosh entities export`` writes it (``kavosh-entity-<id>``; a station an
  ``Organization``), then each relation but co-occurrence (:func:`ftm_relation`) with its
  type as ``role``/``relationship``, its dates, its evidence documents as ``proof``
  (``kavosh-doc-<id>``) and its first sentence as ``description``.

Both XML files are built with :mod:`xml.etree.ElementTree` (every value escaped) after
characters XML 1.0 cannot hold (control characters) are dropped.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from kavosh.entities.graph import Edge, Graph, Node, iso
from kavosh.entities.relations import CO_TYPES, SYMMETRIC
from kavosh.export.entities import ftm_entity
from kavosh.store.entities import EntityRow

FORMATS = ("gexf", "graphml", "csv", "ftm")
GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
# Gephi draws a node with its viz:size (mentions) and viz:color (type), as the network view
COLORS = {"PER": (31, 95, 168), "ORG": (179, 38, 30), "LOC": (46, 125, 50),
          "STATION": (106, 61, 154)}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NODE_ATTRIBUTES = (("type", "string"), ("name", "string"), ("latin", "string"),
                   ("aliases", "string"), ("mentions", "integer"), ("documents", "integer"))
EDGE_ATTRIBUTES = (("relation", "string"), ("confidence", "double"), ("documents", "integer"),
                   ("first_date", "string"), ("last_date", "string"), ("status", "string"))
CSV_COLUMNS = ("kind", "id", "source", "target", "type", "label", "name", "latin", "aliases",
               "mentions", "documents", "weight", "confidence", "first_date", "last_date",
               "status", "directed")


def clean(value: object) -> str:
    """``value`` as text XML can hold."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def _node_values(n: Node) -> dict[str, object]:
    return {"type": n.type, "name": n.name, "latin": n.latin, "aliases": " | ".join(n.aliases),
            "mentions": n.mentions, "documents": n.documents}


def _edge_values(e: Edge) -> dict[str, object]:
    return {"relation": e.type, "confidence": round(e.confidence, 4), "documents": e.documents,
            "first_date": iso(e.first_day) or "", "last_date": iso(e.last_day) or "",
            "status": e.status}


def _sub(parent: ET.Element, tag: str, **attributes: object) -> ET.Element:
    return ET.SubElement(parent, tag, {k: clean(v) for k, v in attributes.items()})


def _write_xml(root: ET.Element, out: TextIO) -> None:
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def write_gexf(graph: Graph, out: TextIO) -> int:
    """Write GEXF 1.3; return how many edges."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = _sub(root, "meta", lastmodifieddate=datetime.now(UTC).date().isoformat())
    _sub(meta, "creator").text = "Kavosh"
    body = _sub(root, "graph", defaultedgetype="directed", mode="static")
    for cls, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        declared = _sub(body, "attributes", **{"class": cls})
        for name, kind in attributes:
            _sub(declared, "attribute", id=name, title=name, type=kind)
    nodes = _sub(body, "nodes")
    ET.register_namespace("viz", VIZ_NS)
    for n in graph.nodes.values():
        node = _sub(nodes, "node", id=n.id, label=n.label)
        _values(node, _node_values(n))
        r, g, b = COLORS.get(n.type, (85, 85, 85))
        _sub(node, f"{{{VIZ_NS}}}color", r=r, g=g, b=b)
        _sub(node, f"{{{VIZ_NS}}}size", value=round(4 + 3 * (n.mentions or 1) ** 0.5, 2))
    edges = _sub(body, "edges")
    for i, e in enumerate(graph.edges):
        element = _sub(edges, "edge", id=i, source=e.source, target=e.target, label=e.type,
                       weight=max(e.weight, 1),
                       type="undirected" if e.type in SYMMETRIC else "directed")
        _values(element, _edge_values(e))
    _write_xml(root, out)
    return len(graph.edges)


def _values(element: ET.Element, values: dict[str, object]) -> None:
    holder = _sub(element, "attvalues")
    for name, value in values.items():
        _sub(holder, "attvalue", **{"for": name, "value": value})


def write_graphml(graph: Graph, out: TextIO) -> int:
    """Write GraphML; return how many edges."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    types = {"integer": "int", "double": "double", "string": "string"}
    for cls, attributes in (("node", (("label", "string"), *NODE_ATTRIBUTES)),
                            ("edge", (("label", "string"), ("weight", "double"),
                                      *EDGE_ATTRIBUTES))):
        for name, kind in attributes:
            _sub(root, "key", id=f"{cls[0]}_{name}", **{"for": cls, "attr.name": name,
                                                         "attr.type": types[kind]})
    body = _sub(root, "graph", id="kavosh", edgedefault="directed")
    for n in graph.nodes.values():
        _data(_sub(body, "node", id=n.id), "n", {"label": n.label, **_node_values(n)})
    for i, e in enumerate(graph.edges):
        element = _sub(body, "edge", id=f"e{i}", source=e.source, target=e.target,
                       directed="false" if e.type in SYMMETRIC else "true")
        _data(element, "e", {"label": e.type, "weight": max(e.weight, 1), **_edge_values(e)})
    _write_xml(root, out)
    return len(graph.edges)


def _data(element: ET.Element, prefix: str, values: dict[str, object]) -> None:
    for name, value in values.items():
        _sub(element, "data", key=f"{prefix}_{name}").text = clean(value)


def write_csv(graph: Graph, out: TextIO) -> int:
    """Write nodes then edges as one CSV (``kind``: node or edge); return how many edges."""
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for n in graph.nodes.values():
        writer.writerow({"kind": "node", "id": n.id, "label": n.label, **_node_values(n)})
    for e in graph.edges:
        row: dict[str, Any] = {"kind": "edge", "id": e.id, "source": e.source,
                               "target": e.target, "type": e.type, "label": e.type,
                               "weight": e.weight, "directed": e.type not in SYMMETRIC,
                               **_edge_values(e)}
        writer.writerow(row)
    return len(graph.edges)


def ftm_id(node: Node) -> str:
    if node.type == "STATION":
        return "kavosh-station-" + hashlib.sha256(node.id.encode()).hexdigest()[:16]
    return f"kavosh-entity-{node.id}"


def ftm_node(node: Node) -> dict[str, Any]:
    """A node as a FollowTheMoney entity (an entity as ``kavosh entities export`` has it)."""
    if node.type == "STATION":
        return {"id": ftm_id(node), "schema": "Organization",
                "properties": {"name": [node.name], "notes": ["Kavosh: a cable station"]}}
    return ftm_entity(EntityRow(node.key, node.type, node.name, node.latin, node.aliases,
                                node.mentions, node.documents, node.first_day, node.last_day,
                                id=int(node.id)))


# relation type → (schema, source property, target property, its ends' schemas allowed)
_PEOPLE = ("Person",)
_PARTIES = ("Person", "Organization", "LegalEntity")
FTM_RELATIONS: dict[str, tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = {
    "met_with": ("Associate", "person", "associate", _PEOPLE, _PEOPLE),
    "special_relationship": ("Associate", "person", "associate", _PEOPLE, _PEOPLE),
    "relative_of": ("Family", "person", "relative", _PEOPLE, _PEOPLE),
    "member_of": ("Membership", "member", "organization", _PARTIES, ("Organization",)),
    "recruited": ("Employment", "employer", "employee", ("Organization",), _PEOPLE),
    "appointed": ("Employment", "employer", "employee", ("Organization",), _PEOPLE),
    "paid": ("Payment", "payer", "beneficiary", _PARTIES, _PARTIES),
}


def ftm_relation(edge: Edge, source: Node, target: Node) -> dict[str, Any]:
    """A relation as FollowTheMoney: ``Associate``, ``Family``, ``Membership``,
    ``Employment`` or ``Payment`` when its type and its ends' schemas fit, else an
    ``UnknownLink`` (``subject``, ``object``, ``role``)."""
    a, b = ftm_node(source), ftm_node(target)
    kind, one, other, ones, others = FTM_RELATIONS.get(
        edge.type, ("UnknownLink", "subject", "object", _PARTIES, _PARTIES))
    if a["schema"] not in ones or b["schema"] not in others:
        kind, one, other = "UnknownLink", "subject", "object"
    label = "role" if kind in ("UnknownLink", "Employment", "Membership") else "relationship"
    if kind == "Payment":
        label = "purpose"
    props: dict[str, list[str]] = {one: [a["id"]], other: [b["id"]], label: [edge.type],
                                   "proof": [f"kavosh-doc-{d}" for d in sorted(edge.document_ids)]}
    for name, day in (("startDate", edge.first_day), ("endDate", edge.last_day)):
        if day:
            props[name] = [iso(day) or ""]
    if edge.evidence:
        props["description"] = [edge.evidence[0].sentence]
    if edge.status != "found":
        props["summary"] = [f"{edge.status} by {edge.decided_by} at {edge.decided_at}"
                            + (f": {edge.note}" if edge.note else "")]
    digest = hashlib.sha256(edge.id.encode()).hexdigest()[:16]
    return {"id": f"kavosh-relation-{digest}", "schema": kind,
            "properties": {k: v for k, v in props.items() if v}}


def write_ftm(graph: Graph, out: TextIO) -> int:
    """Write the nodes then the relations (but co-occurrence) as FollowTheMoney JSON lines;
    return how many relations."""
    for node in graph.nodes.values():
        out.write(json.dumps(ftm_node(node), ensure_ascii=False) + "\n")
    count = 0
    for e in graph.edges:
        if e.type not in CO_TYPES:
            relation = ftm_relation(e, graph.nodes[e.source], graph.nodes[e.target])
            out.write(json.dumps(relation, ensure_ascii=False) + "\n")
            count += 1
    return count


WRITERS: dict[str, Callable[[Graph, TextIO], int]] = {
    "gexf": write_gexf, "graphml": write_graphml, "csv": write_csv, "ftm": write_ftm}


def write_graph(graph: Graph, out: TextIO, format: str) -> int:
    """Write ``graph`` in ``format`` (one of :data:`FORMATS`); return how many edges."""
    return WRITERS[format](graph, out)
