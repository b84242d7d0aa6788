"""Translations (issue 15): each page's source sentences, machine drafts and human versions, and
the case's glossary. The contract is :class:`TranslationStore`; :class:`TranslationsSql` its SQL.

- A page's **sentences** are cut (kavosh.text.sentences) from its best source text: their
  offsets in that text, the layer it was, the text itself and its language.
- When the page's text changes (OCR again, a better extraction, a reader's new version), its
  sentences are **cut again** (:meth:`TranslationStore.put_translation_sentences`) and the
  earlier ones aligned with the new (:func:`kavosh.text.sentences.align_sentences`): a
  sentence whose text is the same (once normalised) keeps its row, its drafts and its human
  versions; a changed one keeps its row and its history, whose versions now stand for an older
  text; one the new text has no place for folds its history into the nearest sentence. No
  version is ever deleted.
- Every **version** of a sentence's translation is kept, never updated: a machine ``draft``
  (engine name and version) or a ``human`` version (who, when), with the source text it
  translates (``source``). The current translation is the last human version of the
  sentence's present text, else its last draft of it; versions of an older text stay in the
  history (and in the translation memory) but are no one's current text, so a changed
  sentence is drafted again. ``checked`` is carried by the version: marking a sentence checked
  (or not) adds a human version with the same text, so the history says who checked it and
  when.
- ``translation_pages`` says which engine has drafted which page (``null`` included: the page
  is cut into sentences), which makes ``kavosh translate`` resumable; a page cut again loses
  its engines' rows, so the next run drafts the sentences that lack a draft of their text.
- The **glossary** holds the case's own entries (source term → English), added by people; the
  starter glossary ships as data (kavosh.translate.glossary).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kavosh.store.records import now
from kavosh.store.sql import SqlCore
from kavosh.text.sentences import align_sentences, sentence_key

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
    source: str = ""  # the source text this version translates

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
    def present(self) -> list[TranslationVersion]:
        """The versions that translate the sentence's present text (not an older one)."""
        return [v for v in self.versions if v.source == self.source]

    @property
    def current(self) -> TranslationVersion | None:
        """The last human version of the present text, else its last draft, else None."""
        present = self.present
        human = [v for v in present if v.kind == HUMAN]
        found = human or present
        return found[-1] if found else None

    @property
    def draft(self) -> TranslationVersion | None:
        drafts = [v for v in self.present if v.kind == DRAFT]
        return drafts[-1] if drafts else None

    def drafted_by(self, engine: str, version: str) -> bool:
        """Whether ``engine`` at ``version`` has drafted the present text."""
        return any(v.kind == DRAFT and v.engine == engine and v.engine_version == version
                   for v in self.present)

    @property
    def text(self) -> str:
        current = self.current
        return current.text if current else ""

    @property
    def checked(self) -> bool:
        present = self.present
        return bool(present) and present[-1].checked

    @property
    def edited(self) -> bool:
        return any(v.kind == HUMAN for v in self.present)

    def to_json(self) -> dict[str, Any]:
        """The sentence as ``kavosh export`` and the API give it."""
        draft, current = self.draft, self.current
        return {"id": self.id, "index": self.idx, "layer": self.layer, "start": self.start,
                "end": self.end, "source": self.source, "language": self.language,
                "draft": draft.to_json() if draft else None,
                "human": current.to_json() if current and current.kind == HUMAN else None,
                "text": self.text, "checked": self.checked,
                "history": [v.to_json() | ({"older_text": False} if v.source == self.source
                                           else {"older_text": True, "source": v.source})
                            for v in self.versions]}


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
                                  language: str, spans: Sequence[tuple[int, int, str]]) -> bool:
        """Store a page's sentences ``(start, end, text)`` and record the page cut (the
        ``null`` engine's row). A page cut before is cut again when ``spans`` or ``layer``
        differ from its sentences, aligned as the module says; nothing when they are the same
        or ``spans`` is empty. Whether anything was stored."""

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

    def check_document(self, document_id: int, actor: str, checked: bool = True) -> int:
        """Mark every sentence of the document that has a translation checked (or not) by
        ``actor``: a version each whose state differs (its current text), in one transaction;
        how many. Sentences without a translation stay as they are (nothing to check)."""

    def translation_progress(self, document_id: int | None = None) -> TranslationProgress:
        """Progress of one document, or of the case."""

    def translated_documents(self) -> list[int]:
        """Documents with sentences cut, by id."""

    def translated_texts(self, document_id: int) -> dict[int, str]:
        """Page number → the current translation of its sentences (the last human version,
        else the last draft), one a line: what the search index adds to the page."""

    def human_translations(self, older: bool = False) -> list[tuple[int, str, str]]:
        """``(sentence id, source, current human text)`` of every sentence a person
        translated, for the translation memory and the glossary checks; with ``older``, also
        the last human version of each older text of a sentence (with that text as source)."""

    def stale_translated_documents(self) -> list[int]:
        """Documents with sentences whose ``index`` stage is pending: a translation saved
        since the search index last had them (or any other change not yet indexed)."""

    def glossary_rows(self) -> list[GlossaryRow]:
        """The case's glossary entries, by source term."""

    def put_glossary_row(self, source: str, target: str, note: str, actor: str) -> None:
        """Add or replace the entry for ``source``."""

    def delete_glossary_row(self, source: str) -> bool:
        """Remove the entry for ``source``; whether there was one."""


_VERSION = ("SELECT seq, sentence_id, kind, text, engine, engine_version, actor, checked, at,"
            " source FROM translation_versions")
_SENTENCE = ("SELECT id, document_id, page, idx, layer, start, \"end\", source, language"
             " FROM translation_sentences")


class TranslationsSql(SqlCore):
    def put_translation_sentences(self, document_id: int, page: int, layer: str,
                                  language: str, spans: Sequence[tuple[int, int, str]]) -> bool:
        if not spans:
            return False
        with self.transaction():
            old = self._all("SELECT id, layer, start, \"end\", source FROM translation_sentences"
                            " WHERE document_id = ? AND page = ? ORDER BY idx",
                            (document_id, page))
            if [(r[1], int(r[2]), int(r[3]), r[4]) for r in old] == [
                    (layer, a, b, text) for a, b, text in spans]:
                return False
            if old:
                self._recut(document_id, page, layer, language, spans, old)
            else:
                self._many(
                    "INSERT INTO translation_sentences (document_id, page, idx, layer, start,"
                    ' "end", source, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                    [(document_id, page, i, layer, a, b, text, language)
                     for i, (a, b, text) in enumerate(spans)])
            self._page_done(document_id, page, "null", "0")
        return True

    def _recut(self, document_id: int, page: int, layer: str, language: str,
               spans: Sequence[tuple[int, int, str]], old: Sequence[Any]) -> None:
        """Replace a page's sentences ``old`` by ``spans`` keeping every version (inside the
        caller's transaction): each new sentence takes the row of the old one aligned with it
        (its history comes along), old ones folded into it give it their versions."""
        placed = align_sentences([r[4] for r in old], [text for _, _, text in spans])
        keeper: dict[int, int] = {}  # new index → the old row it takes
        # the same sentence takes the row first, else the first changed one
        for (j, _), row in sorted(zip(placed, old, strict=True), key=lambda p: not p[0][1]):
            keeper.setdefault(j, int(row[0]))
        sources = {int(r[0]): r[4] for r in old}
        self.execute("UPDATE translation_sentences SET idx = -1 - idx WHERE document_id = ?"
                     " AND page = ?", (document_id, page))  # out of the new indexes' way
        ids: list[int] = []
        for j, (a, b, text) in enumerate(spans):
            row = keeper.get(j)
            if row is None:
                found = self._one(
                    "INSERT INTO translation_sentences (document_id, page, idx, layer, start,"
                    ' "end", source, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
                    (document_id, page, j, layer, a, b, text, language))
                ids.append(int(found[0]))
                continue
            self.execute('UPDATE translation_sentences SET idx = ?, layer = ?, start = ?,'
                         ' "end" = ?, source = ?, language = ? WHERE id = ?',
                         (j, layer, a, b, text, language, row))
            if sentence_key(sources[row]) == sentence_key(text):  # the same, written otherwise
                self.execute("UPDATE translation_versions SET source = ? WHERE sentence_id = ?"
                             " AND source = ?", (text, row, sources[row]))
            ids.append(row)
        for (j, _), r in zip(placed, old, strict=True):
            if int(r[0]) != ids[j]:  # folded: its history goes to the sentence it became
                self.execute("UPDATE translation_versions SET sentence_id = ? WHERE"
                             " sentence_id = ?", (ids[j], int(r[0])))
                self.execute("DELETE FROM translation_sentences WHERE id = ?", (int(r[0]),))
        self.execute("DELETE FROM translation_pages WHERE document_id = ? AND page = ? AND"
                     " engine != 'null'", (document_id, page))  # the changed ones need drafts

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
                                         bool(r[7]), r[8], r[9])
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
                " engine_version, actor, checked, at, source) SELECT id, ?, ?, ?, ?, '', 0, ?,"
                " source FROM translation_sentences WHERE id = ?",
                [(DRAFT, text, engine, engine_version, stamp, sid)
                 for sid, text in drafts if text.strip()])
            self._page_done(document_id, page, engine, engine_version)

    def add_translation(self, sentence_id: int, text: str, actor: str,
                        checked: bool = False) -> TranslationVersion:
        stamp = now()
        with self.transaction():
            found = self._one(
                "INSERT INTO translation_versions (sentence_id, kind, text, engine,"
                " engine_version, actor, checked, at, source) SELECT id, ?, ?, '', '', ?, ?, ?,"
                " source FROM translation_sentences WHERE id = ? RETURNING seq, source",
                (HUMAN, text, actor, int(checked), stamp, sentence_id))
        if found is None:
            raise KeyError(f"no translation sentence {sentence_id}")
        return TranslationVersion(int(found[0]), sentence_id, HUMAN, text, "", "", actor,
                                  checked, stamp, found[1])

    def check_document(self, document_id: int, actor: str, checked: bool = True) -> int:
        with self.transaction():
            todo = [s for s in self.translation_sentences(document_id)
                    if s.text and s.checked != checked]
            for sentence in todo:
                self.add_translation(sentence.id, sentence.text, actor, checked)
        return len(todo)

    def translation_progress(self, document_id: int | None = None) -> TranslationProgress:
        where, params = ("WHERE s.document_id = ?", [document_id]) if document_id else ("", [])
        present = "FROM translation_versions v WHERE v.sentence_id = s.id AND v.source = s.source"
        last = f"(SELECT v.{{}} {present} ORDER BY v.seq DESC LIMIT 1)"
        row = self._one(
            "SELECT COUNT(DISTINCT s.document_id), COUNT(*),"
            f" SUM(CASE WHEN EXISTS (SELECT 1 {present}) THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN EXISTS (SELECT 1 {present} AND v.kind = 'human')"
            " THEN 1 ELSE 0 END),"
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

    def human_translations(self, older: bool = False) -> list[tuple[int, str, str]]:
        which = "" if older else " AND v.source = s.source"
        rows = self._all(
            "SELECT s.id, v.source, v.text FROM translation_sentences s JOIN"
            " translation_versions v ON v.sentence_id = s.id WHERE v.seq = (SELECT MAX(w.seq)"
            " FROM translation_versions w WHERE w.sentence_id = s.id AND w.kind = 'human'"
            f" AND w.source = v.source){which} ORDER BY s.id, v.seq")
        return [(int(r[0]), r[1], r[2]) for r in rows]

    def stale_translated_documents(self) -> list[int]:
        return [int(r[0]) for r in self._all(
            "SELECT DISTINCT s.document_id FROM translation_sentences s JOIN stage_state t ON"
            " t.document_id = s.document_id AND t.stage = 'index' AND t.status = 'pending'"
            " ORDER BY s.document_id")]

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
