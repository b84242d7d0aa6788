"""Two versions side by side: the word-level difference of two documents' normalised texts.

For a pair the duplicates check found (or any two documents). Each text is its best pages
normalised (:func:`kavosh.text.normalize`: Arabic ي/ك are Persian ی/ک, half-spaces and
diacritics go, digits are ASCII), split into words; words are compared by their index form
(:func:`kavosh.text.index_text`: punctuation and case do not count) with :mod:`difflib`, and
the alignment is a list of rows: words both have, words only the first has (deleted), words
only the second has (inserted), words replaced. A long common stretch keeps its first and
last :data:`CONTEXT` words and says how many it leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from kavosh.model import best_pages
from kavosh.store import Store
from kavosh.text import index_text
from kavosh.text.normalize import normalize
from kavosh.verify.status import NoSuchDocument

CONTEXT = 25  # words kept at either end of a long common stretch
MAX_WORDS = 20_000  # of each text: beyond this the alignment would take too long


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One stretch of the alignment: ``tag`` is ``equal``, ``delete`` (only in ``a``),
    ``insert`` (only in ``b``) or ``replace``; ``skipped`` words of an equal stretch are left
    out between ``a``'s first and last words (``a == b`` then, by index form)."""

    tag: str
    a: str
    b: str
    skipped: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"tag": self.tag, "a": self.a, "b": self.b, "skipped": self.skipped}


@dataclass(frozen=True, slots=True)
class VersionDiff:
    a: int
    b: int
    a_path: str
    b_path: str
    rows: list[DiffRow]
    similarity: float  # difflib's ratio over the words
    deleted: int  # words only in a (deleted or replaced)
    inserted: int  # words only in b
    truncated: bool

    def to_json(self) -> dict[str, Any]:
        return {"a": {"document_id": self.a, "path": self.a_path},
                "b": {"document_id": self.b, "path": self.b_path},
                "similarity": round(self.similarity, 3), "deleted": self.deleted,
                "inserted": self.inserted, "truncated": self.truncated,
                "rows": [r.to_json() for r in self.rows]}


def _words(store: Store, document_id: int) -> tuple[str, list[str]]:
    doc = store.document(document_id)
    if doc is None or doc.kind.value != "file":
        raise NoSuchDocument(f"document {document_id} is not a document of this case")
    text = "\n".join(p.text for p in best_pages(store.pages(document_id)))
    return doc.path, normalize(text).split()


def word_diff(a_words: list[str], b_words: list[str]) -> tuple[list[DiffRow], float]:
    """The alignment of two word lists (see the module) and the similarity ratio."""
    keys_a = [index_text(w) or w for w in a_words]
    keys_b = [index_text(w) or w for w in b_words]
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = a_words[i1:i2], b_words[j1:j2]
        if tag == "equal" and len(a) > 2 * CONTEXT + 10:
            kept = " ".join(a[:CONTEXT]), " ".join(a[-CONTEXT:])
            rows.append(DiffRow("equal", kept[0], " ".join(b[:CONTEXT])))
            rows.append(DiffRow("equal", kept[1], " ".join(b[-CONTEXT:]),
                                skipped=len(a) - 2 * CONTEXT))
        else:
            rows.append(DiffRow(tag, " ".join(a), " ".join(b)))
    return rows, matcher.ratio()


def version_diff(store: Store, a: int, b: int) -> VersionDiff:
    """The word-level alignment of documents ``a`` and ``b``; :class:`NoSuchDocument` when
    either is not a stored file of the case."""
    a_path, a_words = _words(store, a)
    b_path, b_words = _words(store, b)
    truncated = len(a_words) > MAX_WORDS or len(b_words) > MAX_WORDS
    rows, ratio = word_diff(a_words[:MAX_WORDS], b_words[:MAX_WORDS])
    deleted = sum(len(r.a.split()) for r in rows if r.tag in ("delete", "replace"))
    inserted = sum(len(r.b.split()) for r in rows if r.tag in ("insert", "replace"))
    return VersionDiff(a, b, a_path, b_path, rows, ratio, deleted, inserted, truncated)
