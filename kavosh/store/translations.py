"""Translations (issue 15): each page's source sentences, machine drafts and human versions, and
the case's glossary. The contract is :class:`TranslationStore`; :class:`TranslationsSql` its SQL.

- A page's **sentences** are cut once (kavosh.text.sentences) from its best source text: their
  offsets in that text, the layer it was, the text itself (kept, so a later OCR correction of
  the page never silently changes what a translation was made from) and its language.
- Every **version** of a sentence's translation is kept, never updated: a machine ``draft``
  (engine name and version) or a ``human`` version (who, when). The current translation is the
  last human version, else the last draft. ``checked`` is carried by the version: marking a
  sentence checked (or not) adds a human version with the same text, so the history says who
  checked it and when.
- ``translation_pages`` says which engine has drafted which page (``null`` included: the page
  is cut into sentences), which makes ``kavosh translate`` resumable.
- The **glossary** holds the case's own entries (source term → English), added by people; the
  starter glossary ships as data (kavosh.translate.glossary).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kavosh.store.records import now
from kavosh.store.sql import SqlCore

DRAFT, HUMAN = "draft", "human"


@dataclass(frozen=True, slots=True)
class TranslationVersion:
    """One version of a sentence's translation: a ``draft`` by ``engine`` at
    ``engine_version``, or a ``human`` one by ``actor``; ``at`` ISO UTC."""

    seq: int
    sentence_id: int
    kind: str
    text: str
    engine: str
    engine_version: str
    actor: str
    checked: bool
    at: str

    def to_json(self) -> dict[str, Any]:
        made = ({"engine": self.engine, "engine_version": self.engine_version}
                if self.kind == DRAFT else {"by": self.actor})
        return {"kind": self.kind, "text": self.text, **made, "checked": self.checked,
                "at": self.at}


@dataclass(frozen=True, slots=True)
class TranslatedSentence:
    """A source sentence of a page and every version of its translation, oldest first."""

    id: int
    document_id: int
    page: int
    idx: int
    layer: str
    start: int
    end: int
    source: str
    language: str
    versions: tuple[TranslationVersion, ...] = ()

    @property
    def current(self) -> TranslationVersion | None:
        """The last human version, else the last draft, else None."""
        human = [v for v in self.versions if v.kind == HUMAN]
        found = human or list(self.versions)
        return found[-1] if found else None

    @property
    def draft(self) -> TranslationVersion | None:
        drafts = [v for v in self.versions if v.kind == DRAFT]
        return drafts[-1] if drafts else None

    @property
    def text(self) -> str:
        current = self.current
        return current.text if current else ""

    @property
    def checked(self) -> bool:
        return bool(self.versions) and self.versions[-1].checked

    @property
    def edited(self) -> bool:
        return any(v.kind == HUMAN for v in self.versions)

    def to_json(self) -> dict[str, Any]:
        """The sentence as ``kavosh export`` and the API give it."""
        draft, current = self.draft, self.current
        return {"id": self.id, "index": self.idx, "layer": self.layer, "start": self.start,
                "end": self.end, "source": self.source, "language": self.language,
                "draft": draft.to_json() if draft else None,
                "human": current.to_json() if current and current.kind == HUMAN else None,
                "text": self.text, "checked": self.checked,
                "history": [v.to_json() for v in self.versions]}


@dataclass(frozen=True, slots=True)
class TranslationProgress:
    """How far translation has come: sentences cut, with a draft, edited by a person,
    checked; of one document or the case."""

    documents: int
    sentences: int
    drafted: int
    edited: int
    checked: int

    @property
    def share_checked(self) -> float:
        return self.checked / self.sentences if self.sentences else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "sentences": self.sentences,
                "drafted": self.drafted, "edited": self.edited, "checked": self.checked}


@dataclass(frozen=True, slots=True)
class GlossaryRow:
    source: str
    target: str
    note: str
    actor: str
    at: str


class TranslationStore(Protocol):
    """Source sentences, translation versions, drafting state and the case glossary."""

    def put_translation_sentences(self, document_id: int, page: int, layer: str,
                                  language: str, spans: Sequence[tuple[int, int, str]]) -> None:
        """Store a page's sentences ``(start, end, text)`` and record the page cut (the
        ``null`` engine's row); nothing when the page has sentences already."""

    def translation_sentences(self, document_id: int, page: int | None = None
                              ) -> list[TranslatedSentence]:
        """A document's sentences (of one page, or all) with their versions, in order."""

    def translation_sentence(self, sentence_id: int) -> TranslatedSentence | None:
        """One sentence with its versions."""

    def pages_drafted(self, document_id: int, engine: str) -> dict[int, str]:
        """The pages of the document ``engine`` has drafted (``null``: cut into sentences),
        each with the engine's version that drafted it."""

    def add_drafts(self, document_id: int, page: int, engine: str, engine_version: str,
                   drafts: Sequence[tuple[int, str]]) -> None:
        """Add the drafts ``(sentence id, text)`` (empty ones skipped) and record the page
        drafted by ``engine``, in one transaction."""

    def add_translation(self, sentence_id: int, text: str, actor: str,
                        checked: bool = False) -> TranslationVersion:
        """Add a human version by ``actor`` now (the earlier ones are kept)."""

    def translation_progress(self, document_id: int | None = None) -> TranslationProgress:
        """Progress of one document, or of the case."""

    def translated_documents(self) -> list[int]:
        """Documents with sentences cut, by id."""

    def translated_texts(self, document_id: int) -> dict[int, str]:
        """Page number → the current translation of its sentences (the last human version,
        else the last draft), one a line: what the search index adds to the page."""

    def human_translations(self) -> list[tuple[int, str, str]]:
        """``(sentence id, source, current human text)`` of every sentence a person
        translated, for the translation memory and the glossary checks."""

    def glossary_rows(self) -> list[GlossaryRow]:
        """The case's glossary entries, by source term."""

    def put_glossary_row(self, source: str, target: str, note: str, actor: str) -> None:
        """Add or replace the entry for ``source``."""

    def delete_glossary_row(self, source: str) -> bool:
        """Remove the entry for ``source``; whether there was one."""


_VERSION = ("SELECT seq, sentence_id, kind, text, engine, engine_version, actor, checked, at"
            " FROM translation_versions")
_SENTENCE = ("SELECT id, document_id, page, idx, layer, start, \"end\", source, language"
             " FROM translation_sentences")


class TranslationsSql(SqlCore):
    def put_translation_sentences(self, document_id: int, page: int, layer: str,
                                  language: str, spans: Sequence[tuple[int, int, str]]) -> None:
        with self.transaction():
            if self._one("SELECT 1 FROM translation_sentences WHERE document_id = ? AND page = ?"
                         " LIMIT 1", (document_id, page)):
                return
            self._many(
                "INSERT INTO translation_sentences (document_id, page, idx, layer, start,"
                ' "end", source, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                [(document_id, page, i, layer, a, b, text, language)
                 for i, (a, b, text) in enumerate(spans)])
            self._page_done(document_id, page, "null", "0")

    def _page_done(self, document_id: int, page: int, engine: str, version: str) -> None:
        self.execute(
            "INSERT INTO translation_pages (document_id, page, engine, engine_version, at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (document_id, page, engine) DO UPDATE SET"
            " engine_version = excluded.engine_version, at = excluded.at",
            (document_id, page, engine, version, now()))

    def translation_sentences(self, document_id: int, page: int | None = None
                              ) -> list[TranslatedSentence]:
        where, params = "document_id = ?", [document_id]
        if page is not None:
            where += " AND page = ?"
            params.append(page)
        rows = self._all(f"{_SENTENCE} WHERE {where} ORDER BY page, idx", params)
        versions = self._versions(
            f"sentence_id IN (SELECT id FROM translation_sentences WHERE {where})", params)
        return [_sentence(r, versions.get(int(r[0]), ())) for r in rows]

    def translation_sentence(self, sentence_id: int) -> TranslatedSentence | None:
        row = self._one(f"{_SENTENCE} WHERE id = ?", (sentence_id,))
        if row is None:
            return None
        return _sentence(row, self._versions("sentence_id = ?", [sentence_id]).get(sentence_id,
                                                                                    ()))

    def _versions(self, where: str, params: Sequence[Any]
                  ) -> dict[int, tuple[TranslationVersion, ...]]:
        found: dict[int, list[TranslationVersion]] = {}
        for r in self._all(f"{_VERSION} WHERE {where} ORDER BY seq", params):
            version = TranslationVersion(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5], r[6],
                                         bool(r[7]), r[8])
            found.setdefault(version.sentence_id, []).append(version)
        return {k: tuple(v) for k, v in found.items()}

    def pages_drafted(self, document_id: int, engine: str) -> dict[int, str]:
        rows = self._all("SELECT page, engine_version FROM translation_pages WHERE"
                         " document_id = ? AND engine = ?", (document_id, engine))
        return {int(r[0]): str(r[1]) for r in rows}

    def add_drafts(self, document_id: int, page: int, engine: str, engine_version: str,
                   drafts: Sequence[tuple[int, str]]) -> None:
        stamp = now()
        with self.transaction():
            self._many(
                "INSERT INTO translation_versions (sentence_id, kind, text, engine,"
                " engine_version, actor, checked, at) VALUES (?, ?, ?, ?, ?, '', 0, ?)",
                [(sid, DRAFT, text, engine, engine_version, stamp)
                 for sid, text in drafts if text.strip()])
            self._page_done(document_id, page, engine, engine_version)

    def add_translation(self, sentence_id: int, text: str, actor: str,
                        checked: bool = False) -> TranslationVersion:
        stamp = now()
        with self.transaction():
            self.execute(
                "INSERT INTO translation_versions (sentence_id, kind, text, engine,"
                " engine_version, actor, checked, at) VALUES (?, ?, ?, '', '', ?, ?, ?)",
                (sentence_id, HUMAN, text, actor, int(checked), stamp))
            seq = self._count("SELECT MAX(seq) FROM translation_versions")  # inside the lock
        return TranslationVersion(seq, sentence_id, HUMAN, text, "", "", actor, checked, stamp)

    def translation_progress(self, document_id: int | None = None) -> TranslationProgress:
        where, params = ("WHERE s.document_id = ?", [document_id]) if document_id else ("", [])
        last = ("(SELECT v.{} FROM translation_versions v WHERE v.sentence_id = s.id"
                " ORDER BY v.seq DESC LIMIT 1)")
        row = self._one(
            "SELECT COUNT(DISTINCT s.document_id), COUNT(*),"
            " SUM(CASE WHEN EXISTS (SELECT 1 FROM translation_versions v WHERE"
            " v.sentence_id = s.id) THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN EXISTS (SELECT 1 FROM translation_versions v WHERE"
            " v.sentence_id = s.id AND v.kind = 'human') THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {last.format('checked')} = 1 THEN 1 ELSE 0 END)"
            f" FROM translation_sentences s {where}", params)
        return TranslationProgress(*(int(x or 0) for x in row))

    def translated_documents(self) -> list[int]:
        return [int(r[0]) for r in self._all(
            "SELECT DISTINCT document_id FROM translation_sentences ORDER BY document_id")]

    def translated_texts(self, document_id: int) -> dict[int, str]:
        lines: dict[int, list[str]] = {}
        for sentence in self.translation_sentences(document_id):
            if sentence.text:
                lines.setdefault(sentence.page, []).append(sentence.text)
        return {page: "\n".join(texts) for page, texts in lines.items()}

    def human_translations(self) -> list[tuple[int, str, str]]:
        rows = self._all(
            "SELECT s.id, s.source, v.text FROM translation_sentences s JOIN"
            " translation_versions v ON v.sentence_id = s.id WHERE v.seq = (SELECT MAX(w.seq)"
            " FROM translation_versions w WHERE w.sentence_id = s.id AND w.kind = 'human')"
            " ORDER BY s.id")
        return [(int(r[0]), r[1], r[2]) for r in rows]

    def glossary_rows(self) -> list[GlossaryRow]:
        return [GlossaryRow(*r) for r in self._all(
            "SELECT source, target, note, actor, at FROM translation_glossary ORDER BY source")]

    def put_glossary_row(self, source: str, target: str, note: str, actor: str) -> None:
        with self.transaction():
            self.execute(
                "INSERT INTO translation_glossary (source, target, note, actor, at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET"
                " target = excluded.target, note = excluded.note, actor = excluded.actor,"
                " at = excluded.at", (source, target, note, actor, now()))

    def delete_glossary_row(self, source: str) -> bool:
        with self.transaction():
            return bool(self.execute("DELETE FROM translation_glossary WHERE source = ?",
                                     (source,)).rowcount)


def _sentence(row: Any, versions: tuple[TranslationVersion, ...]) -> TranslatedSentence:
    return TranslatedSentence(int(row[0]), int(row[1]), int(row[2]), int(row[3]), row[4],
                              int(row[5]), int(row[6]), row[7], row[8], versions)
