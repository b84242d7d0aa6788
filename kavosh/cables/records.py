"""A cable as JSON: the one shape ``kavosh export``, the API and the CLI write.

``header_json`` gives ``{"convention", "reader", "reader_version", <field>: …}`` where each
field is ``{"raw", "value", "page", "layer", "start", "end"}`` (``raw`` is
``page.text[start:end]`` of that page's ``layer``; ``value`` as
:mod:`kavosh.text.cables` defines it: a reference key for ``number`` and ``reference``, an
ISO Gregorian day for ``date``), plus ``"extra"`` when the reader knows more (the date's
record). The fields that may repeat — ``copies``, ``reference``, ``attachment``,
``handling`` — are lists of such objects; any other field is one object, the first the
header gives. A field the header lacks is absent.

``findings_json`` gives ``[{"check", "message", "fields", "documents"}]``: the reader's
findings about the header (``documents`` empty) and the contradictions between this cable
and others (:meth:`kavosh.cables.CaseLinks.findings`, ``documents`` the other cables' ids).
"""

from __future__ import annotations

from typing import Any

from kavosh.cables.links import CaseLinks
from kavosh.model import CableHeader, Field

REPEATED = ("copies", "reference", "attachment", "handling")


def field_json(f: Field) -> dict[str, Any]:
    """One field as exported."""
    out: dict[str, Any] = {"raw": f.raw, "value": f.value, "page": f.page,
                           "layer": f.layer.value, "start": f.start, "end": f.end}
    if f.extra:
        out["extra"] = dict(f.extra)
    return out


def header_json(header: CableHeader) -> dict[str, Any]:
    """The cable object of a document (see the module)."""
    producer = header.fields[0].producer if header.fields else None
    out: dict[str, Any] = {"convention": header.convention,
                           "reader": producer.name if producer else None,
                           "reader_version": producer.version if producer else None}
    for f in header.fields:
        if f.name in REPEATED:
            out.setdefault(f.name, []).append(field_json(f))
        else:
            out.setdefault(f.name, field_json(f))
    return out


def findings_json(document_id: int, header: CableHeader,
                  links: CaseLinks | None = None) -> list[dict[str, Any]]:
    """The header's own findings, then those across cables that involve this document."""
    out: list[dict[str, Any]] = [
        {"check": f.check, "message": f.message, "fields": list(f.fields), "documents": []}
        for f in header.findings]
    for found in links.findings_of(document_id) if links is not None else []:
        out.append({"check": found.check, "message": found.message,
                    "fields": list(found.fields),
                    "documents": [d for d in found.documents if d != document_id]})
    return out
