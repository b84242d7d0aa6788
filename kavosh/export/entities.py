"""Entities exported: FollowTheMoney JSON lines (Aleph/OpenAleph import them) and CSV.

**FollowTheMoney** (``kavosh entities export --format ftm``), one entity a line:

- each document that mentions an entity: a ``Document`` (``kavosh-doc-<id>``: ``fileName``,
  ``contentHash``, ``mimeType``);
- each entity (``kavosh-entity-<id>``): ``PER`` a ``Person``, ``ORG`` an ``Organization``,
  ``LOC`` an ``Address`` (``full``), ``IBAN`` a ``BankAccount`` (``iban``), any other
  identifier a ``LegalEntity`` (``phone``, ``email``, ``website`` when it is one), with
  ``name`` (Persian and Latin), ``alias`` (every other spelling) and ``notes``;
- each mention as provenance: a ``Mention`` (``kavosh-mention-<id>``) whose ``resolved`` is
  the entity, ``document`` the document, ``name`` the text as written and
  ``detectedSchema`` the entity's schema.

**CSV** (``--format csv``): one row an entity: ``id, type, name, latin, aliases`` (joined by
`` | ``), ``mentions, documents, first_date, last_date, added``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from kavosh.case import Case
from kavosh.store.entities import EntityRow

SCHEMAS = {"PER": "Person", "ORG": "Organization", "LOC": "Address", "IBAN": "BankAccount"}
_PROPERTY = {"PHONE": "phone", "EMAIL": "email", "URL": "website"}
CSV_COLUMNS = ("id", "type", "name", "latin", "aliases", "mentions", "documents",
               "first_date", "last_date", "added")
_BATCH = 1_000


def schema(entity: EntityRow) -> str:
    return SCHEMAS.get(entity.type, "LegalEntity")


def _entities(case: Case) -> Iterator[EntityRow]:
    offset = 0
    while True:
        rows = case.store.entities(limit=_BATCH, offset=offset)
        yield from rows
        if len(rows) < _BATCH:
            return
        offset += _BATCH


def ftm_entity(entity: EntityRow) -> dict[str, Any]:
    """One entity as a FollowTheMoney entity."""
    names = [n for n in dict.fromkeys([entity.name, entity.latin]) if n]
    props: dict[str, list[str]] = {"name": names,
                                   "alias": [a for a in entity.aliases if a not in names]}
    kind = schema(entity)
    if kind == "Address":
        props["full"] = names[:1]
    elif kind == "BankAccount":
        props["iban"] = [entity.key.partition(":")[2]]
    elif entity.type in _PROPERTY:
        props[_PROPERTY[entity.type]] = [entity.key.partition(":")[2]]
    props["notes"] = [f"Kavosh {entity.type}: {entity.mentions} mentions in "
                      f"{entity.documents} documents"]
    return {"id": f"kavosh-entity-{entity.id}", "schema": kind,
            "properties": {k: v for k, v in props.items() if v}}


def export_ftm(case: Case, out: TextIO) -> int:
    """Write documents, entities and mentions as FollowTheMoney JSON lines; return how many
    entities."""
    store = case.store
    written_docs: set[int] = set()
    count = 0
    for entity in _entities(case):
        kind = schema(entity)
        for m in store.mentions(entity_id=entity.id):
            if m.document_id not in written_docs:
                written_docs.add(m.document_id)
                doc = store.document(m.document_id)
                if doc is not None:
                    _line(out, {"id": f"kavosh-doc-{doc.id}", "schema": "Document",
                                "properties": {k: [v] for k, v in (
                                    ("fileName", doc.path), ("contentHash", doc.sha256),
                                    ("mimeType", doc.mime)) if v}})
            _line(out, {"id": f"kavosh-mention-{m.id}", "schema": "Mention",
                        "properties": {"resolved": [f"kavosh-entity-{entity.id}"],
                                       "document": [f"kavosh-doc-{m.document_id}"],
                                       "name": [m.text], "detectedSchema": [kind]}})
        _line(out, ftm_entity(entity))
        count += 1
    return count


def _line(out: TextIO, value: dict[str, Any]) -> None:
    out.write(json.dumps(value, ensure_ascii=False) + "\n")


def export_csv(case: Case, out: TextIO) -> int:
    """Write one CSV row an entity (with a header); return how many."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for e in _entities(case):
        row = e.to_json()
        writer.writerow([row["id"], e.type, e.name, e.latin, " | ".join(e.aliases), e.mentions,
                         e.documents, row["first_date"] or "", row["last_date"] or "",
                         int(e.added)])
        count += 1
    return count
