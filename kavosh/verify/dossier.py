"""Exports for editors: the archive report with every finding, and one document's dossier.

Both are JSON-ready dicts; :mod:`kavosh.api.verify_export` draws them as self-contained HTML
(no script, no outside file), ``kavosh verify report --format`` and ``kavosh verify dossier``
write them, and the web serves them as downloads.
"""

from __future__ import annotations

from typing import Any

from kavosh.model.errors import NotFoundError
from kavosh.store import Store
from kavosh.store.records import now
from kavosh.verify.report import archive_report, document_verification
from kavosh.verify.status import NoSuchDocument


def report_export(store: Store) -> dict[str, Any]:
    """The archive report (:func:`kavosh.verify.report.archive_report`) with when it was
    made and every finding, most severe first."""
    findings = sorted(store.findings(), key=lambda f: ("problem", "warning", "info").index(
        f.severity))
    return {"generated_at": now(), **archive_report(store),
            "findings": [f.to_json() for f in findings]}


def dossier(store: Store, document_id: int) -> dict[str, Any]:
    """One document's dossier: ``document`` (id, hashes, size, type, language, every path it
    was found at with the file it was found inside, metadata), ``custody`` (the custody
    log's records naming it: received, extracted, its text layers' hashes), ``cable``
    (convention, header fields as written and read, the reader's findings; None: no cable),
    ``findings`` (most severe first, with evidence), ``status`` and ``history`` (people's
    judgements), ``versions`` (the documents the duplicates check pairs it with, best
    first). :class:`NoSuchDocument` when it is not a stored file of the case."""
    doc = store.document(document_id)
    if doc is None or doc.kind.value != "file":
        raise NoSuchDocument(f"document {document_id} is not a document of this case")
    verification = document_verification(store, document_id)
    custody = [{"seq": r.seq, "at": r.at, "actor": r.actor, "action": r.action,
                "path": r.path, "sha256": r.sha256, "size": r.size, "detail": r.detail,
                "hash": r.hash}
               for r in store.custody_records() if r.document_id == document_id]
    header = store.cable(document_id)
    cable = None if header is None else {
        "convention": header.convention,
        "fields": [{"name": f.name, "raw": f.raw, "value": f.value, "page": f.page}
                   for f in header.fields],
        "findings": [{"check": f.check, "message": f.message} for f in header.findings]}
    versions = sorted(({"document_id": f.evidence["documents"][0],
                        "path": _path(store, f.evidence["documents"][0]),
                        "kind": f.evidence.get("kind"), "score": f.evidence.get("score")}
                       for f in verification.findings
                       if f.check == "duplicates" and f.evidence.get("documents")),
                      key=lambda v: -(v["score"] or 0))
    return {
        "generated_at": now(),
        "document": {"id": doc.id, "sha256": doc.sha256, "size": doc.size, "mime": doc.mime,
                     "language": doc.language,
                     "paths": [{"path": o.path, "inside": _container(store, o.parent_id)}
                               for o in doc.occurrences],
                     "metadata": doc.metadata},
        "custody": custody, "cable": cable,
        "findings": [f.to_json() for f in verification.findings],
        "status": verification.status,
        "history": [h.to_json() for h in verification.history],
        "versions": versions}


def _container(store: Store, parent_id: int | None) -> int | None:
    """The file (an archive, an e-mail) a document was found inside; None for a folder."""
    parent = store.document(parent_id) if parent_id is not None else None
    return parent.id if parent is not None and parent.kind.value == "file" else None


def _path(store: Store, document_id: int) -> str:
    doc = store.document(document_id)
    if doc is None:
        raise NotFoundError(f"no document {document_id}")
    return doc.path
