"""The ``derive`` and ``index`` stages, run in the calling process.

- ``derive``: for a document whose pages changed after it was read (OCR filled some, a page
  was corrected), or whose derivation's version changed, derive its values again from its best
  pages (:func:`kavosh.pipeline.derive.derive`) and store them, then hand its index entries to
  the run's search writer.
- ``index``: for a document whose entries are not in the search index (a run killed before the
  index commit, an index rebuilt by ``kavosh reindex`` or after an upgrade), build them from the
  stored best pages and dates — the same entries the other two stages make.

Both add each page's current translation to its entry (kavosh.pipeline.translate
:func:`with_translations`): English words find Persian pages through their translations.

Both are cheap next to reading and OCR, and both need the one search writer, so they run here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kavosh.model import Document
from kavosh.pipeline.context import MainStage
from kavosh.pipeline.derive import Derived, derive, index_entries, index_texts
from kavosh.pipeline.stages import DERIVE, INDEX, State
from kavosh.pipeline.translate import with_translations
from kavosh.search import IndexedPage
from kavosh.store import Store

_Job = tuple[Document, Derived]  # the document, its derived values


class DeriveStage(MainStage):
    info = DERIVE

    def job(self, document_id: int) -> tuple[Callable[[Any], _Job | None], Any]:
        return self._derive, document_id

    def _derive(self, document_id: int) -> _Job | None:
        """The document's type and its values derived again (None: it is gone)."""
        doc = self.store.document(document_id)
        if doc is None:
            return None
        declared = doc.metadata.get("language")
        return doc, derive(self.store.pages(document_id),
                           declared if isinstance(declared, str) else None)

    def apply(self, document_id: int, done: _Job | None) -> None:
        store = self.store
        with store.transaction():
            if done is not None:
                derived = done[1]
                store.set_language(document_id, derived.language)
                self.run.store_derived(document_id, derived)
            store.set_state(document_id, DERIVE.name, State.DONE, DERIVE.version)
        if done is not None:
            doc, derived = done
            self.run.index.replace(document_id, with_translations(self.store, document_id,
                derived.entries(document_id, doc.mime or "", doc.path, doc.metadata)))


class IndexStage(MainStage):
    info = INDEX

    def job(self, document_id: int) -> tuple[Callable[[Any], list[IndexedPage]], Any]:
        return self._entries, document_id

    def _entries(self, document_id: int) -> list[IndexedPage]:
        return document_entries(self.store, document_id)

    def apply(self, document_id: int, entries: list[IndexedPage]) -> None:
        self.run.index.replace(document_id, entries)


def document_entries(store: Store, document_id: int) -> list[IndexedPage]:
    """The document's index entries built from what the database holds (none: it is gone)."""
    doc = store.document(document_id)
    if doc is None:
        return []
    pages, texts = index_texts(store.pages(document_id))
    return with_translations(store, document_id, index_entries(
        document_id, doc.mime or "", doc.language, pages, texts, store.dates(document_id),
        store.cable(document_id), doc.path, doc.metadata))
