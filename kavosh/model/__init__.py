"""The domain's plain data: documents, pages and their layers, derived values with provenance.

Nothing here touches a disk, a database or a network; every other layer speaks in these types.

- :mod:`kavosh.model.document` — ``Document``, ``Occurrence``, ``Status``, ``Kind``, ``Failure``
- :mod:`kavosh.model.layers` — ``Layer`` (with its kind and priority), ``PageText``,
  ``best_pages``
- :mod:`kavosh.model.values` — ``Word``, ``Paragraph``, ``DateMention``, ``Field``,
  ``Mention``, ``Finding``, ``CableHeader``, each with its ``Producer``
- :mod:`kavosh.model.metadata` — the shared metadata field names
- :mod:`kavosh.model.progress` — how a long run reports progress
"""

from kavosh.model.document import Document, Failure, Kind, Occurrence, Status
from kavosh.model.layers import Layer, LayerKind, PageText, best_pages
from kavosh.model.values import (
    CableHeader,
    DateMention,
    Field,
    Finding,
    Mention,
    Paragraph,
    Producer,
    Word,
)

__all__ = [
    "CableHeader", "DateMention", "Document", "Failure", "Field", "Finding", "Kind", "Layer",
    "LayerKind", "Mention", "Occurrence", "PageText", "Paragraph", "Producer", "Status", "Word",
    "best_pages",
]
