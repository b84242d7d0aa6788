"""One JSON object per document, one per line, in document id order.

Fields (later issues add fields, never rename or remove them):

- ``id``, ``kind`` (file | directory | entry), ``status`` (done | pending | failed), ``stage``
  and ``reason`` when failed;
- ``path`` (first seen) and ``paths``: every place it was found, each ``{path, parent}``; a path
  is ``label/relative/path`` under the source it was received from: the sources' absolute
  roots on this machine are never exported;
- ``parent``: the id of the container it was first found in, or null;
- ``sha256``, ``size``, ``mime``, ``language``, ``metadata``;
- ``pages``: ``[{number, layer, text, needs_ocr, engine, engine_version}]``; the page the
  translation's sentences were cut from (its number and layer) also has ``translations``: each
  sentence with its offsets, source, draft, human version, checked flag and history
  (:meth:`kavosh.store.translations.TranslatedSentence.to_json`);
- ``cable`` and ``cable_findings``, on a cable only (a document that is no cable has
  neither key): its header fields, each ``{raw, value, page, layer, start, end}`` (lists for
  ``copies``, ``reference``, ``attachment``, ``handling``), and what is to verify about it
  (see :mod:`kavosh.cables.records`).
- ``mentions``: what the entity finders found on its best pages, each ``{page, layer, start,
  end, type, text, value, finder, finder_version, score, entity}`` (raw offsets in that
  page's layer; ``entity`` the id of the entity it was resolved into).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from kavosh.cables import CaseLinks, case_links, findings_json, header_json
from kavosh.case import Case
from kavosh.model import Document, Layer, PageText


def document_record(case: Case, doc: Document,
                    links: CaseLinks | None = None) -> dict[str, Any]:
    """One document as exported (see the module); ``links`` (the case's, read once by the
    caller) adds the contradictions between this cable and others to its findings."""
    pages = case.store.pages(doc.id)
    record = {
        "id": doc.id,
        "kind": doc.kind.value,
        "status": doc.status.value,
        "stage": doc.stage,
        "reason": doc.reason,
        "path": doc.path,
        "paths": [{"path": o.path, "parent": o.parent_id} for o in doc.occurrences],
        "parent": doc.parent_id,
        "sha256": doc.sha256,
        "size": doc.size,
        "mime": doc.mime,
        "language": doc.language,
        "metadata": doc.metadata,
        "pages": _with_translations(case, doc.id, [_page(case, doc.id, p) for p in pages]),
        "dates": [d.to_json() for d in case.store.dates(doc.id)],
        "paragraphs": [{"page": p.page, "layer": p.layer.value, "start": p.start, "end": p.end,
                        "language": p.language, "direction": p.direction}
                       for p in case.store.paragraphs(doc.id)],
        "mentions": [m.to_json() for m in case.store.mentions(doc.id)],
    }
    header = case.store.cable(doc.id)
    if header is not None:
        record["cable"] = header_json(header)
        record["cable_findings"] = findings_json(doc.id, header, links)
    return record


def _page(case: Case, document_id: int, page: PageText) -> dict[str, Any]:
    record: dict[str, Any] = {
        "number": page.number, "layer": page.layer.value, "text": page.text,
        "needs_ocr": page.needs_ocr, "engine": page.engine, "engine_version": page.engine_version,
    }
    if page.layer == Layer.OCR:
        stored = case.store.page_settings(document_id, page.number, Layer.OCR.value)
        if stored is not None:
            record["settings"], record["reason"] = stored
        # Each recognised word with its box (page-image pixels), confidence, offsets in
        # ``text`` and whether a reader must check it (low confidence or a number).
        record["words"] = [asdict(w) for w in case.store.words(document_id, page.number)]
    return record


def _with_translations(case: Case, document_id: int, pages: list[dict[str, Any]]
                       ) -> list[dict[str, Any]]:
    by_page: dict[int, list[Any]] = {}
    for sentence in case.store.translation_sentences(document_id):
        by_page.setdefault(sentence.page, []).append(sentence)
    for number, sentences in by_page.items():
        same = [p for p in pages if p["number"] == number]
        home = next((p for p in same if p["layer"] == sentences[0].layer), None)
        if home is not None or same:
            (home or same[0])["translations"] = [s.to_json() for s in sentences]
    return pages


def export_jsonl(case: Case, out: TextIO) -> int:
    """Write every document to ``out``; return how many were written."""
    count = 0
    links = case_links(case.store)
    for doc in case.store.documents():
        out.write(json.dumps(document_record(case, doc, links), ensure_ascii=False,
                             default=str))
        out.write("\n")
        count += 1
    return count
