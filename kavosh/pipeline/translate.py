"""Translating a case: cut each page into sentences, draft them with an engine, apply the
glossary; and what the side-by-side page shows of a sentence (memory, flags).

:func:`translate_documents` is resumable: a page is done for an engine once its drafts are
stored (one transaction a page, recorded in ``translation_pages``), so a run killed midway
goes on where it stopped, and a run with another engine drafts every page again beside the
first engine's drafts. The ``null`` engine only cuts pages into sentences: the human workflow
needs nothing else. Documents already in the target language are left out. A document given
drafts has its ``index`` stage marked pending, and :func:`index_translations` indexes it
again with its translations (:func:`with_translations`), so English words find it.

:func:`sentence_notes` gives what a person should look at for one sentence: the translation
memory's proposal, numbers that changed, glossary terms the translation misses, human
translations inconsistent with the rest of the case, and — when two engines drafted it — what
their drafts disagree on (names, numbers, dates, negation).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kavosh.case import Case
from kavosh.model import best_pages
from kavosh.model.document import Kind, Status
from kavosh.model.progress import NoProgress, Progress
from kavosh.pipeline.stages import INDEX
from kavosh.search import IndexedPage
from kavosh.store import Store
from kavosh.store.translations import TranslatedSentence
from kavosh.text.language import detect_language
from kavosh.text.names import transliterate
from kavosh.text.sentences import split_sentences
from kavosh.text.tokens import index_text
from kavosh.translate.base import Translator, translate_all
from kavosh.translate.checks import disagreements, number_changes
from kavosh.translate.engines import check_remote, make_translator
from kavosh.translate.glossary import Glossary, inconsistent
from kavosh.translate.memory import MemoryMatch, TranslationMemory

TARGET = "eng"


@dataclass(slots=True)
class TranslateRun:
    """What a :func:`translate_documents` run did: documents gone through, pages cut,
    sentences sent to the engine, drafts stored, source characters translated, time."""

    documents: int = 0
    pages: int = 0
    sentences: int = 0
    drafts: int = 0
    characters: int = 0
    seconds: float = 0.0
    skipped: list[int] = field(default_factory=list)  # documents already in the target language
    drafted: list[int] = field(default_factory=list)  # documents given drafts: index them again


def case_translator(case: Case, engine: str | None = None, model: str | None = None,
                    endpoint: str | None = None, allow_remote: bool = False) -> Translator:
    """The translator the case's settings name, or ``engine`` with the options given; a remote
    one only when ``allow_remote`` or the case's ``translate_allow_remote`` says so."""
    settings = case.settings
    translator = make_translator(engine or settings.translator, {
        "model": model or settings.translate_model,
        "endpoint": endpoint or settings.translate_endpoint})
    check_remote(translator, allow_remote or settings.translate_allow_remote)
    return translator


def case_glossary(case: Case) -> Glossary:
    return Glossary.for_case((r.source, r.target) for r in case.store.glossary_rows())


def documents_to_translate(case: Case, ids: Sequence[int] = ()) -> list[int]:
    """``ids``, else every file read to the end, in id order."""
    if ids:
        return list(ids)
    return [d.id for d in case.store.documents()
            if d.kind == Kind.FILE and d.status == Status.DONE]


def translate_documents(case: Case, translator: Translator, ids: Sequence[int] = (),
                        progress: Progress | None = None, target: str = TARGET
                        ) -> TranslateRun:
    """Cut and draft every page of the documents not yet done by ``translator`` in its
    version (a page an older model drafted is drafted again)."""
    progress = progress or NoProgress()
    started = time.monotonic()
    run = TranslateRun()
    todo = documents_to_translate(case, ids)
    glossary = case_glossary(case)
    progress.phase("translate", len(todo))
    for document_id in todo:
        doc = case.store.document(document_id)
        if doc is None:
            progress.advance()
            continue
        if doc.language == target:
            run.skipped.append(document_id)
            progress.advance()
            continue
        drafts = run.drafts
        _translate_document(case, translator, document_id, doc.language or "", glossary,
                            target, run)
        if run.drafts > drafts:
            run.drafted.append(document_id)
            case.store.mark_pending(INDEX.name, [document_id])
        run.documents += 1
        progress.advance()
    run.seconds = time.monotonic() - started
    return run


def index_translations(case: Case, progress: Progress | None = None) -> None:
    """Index again the documents whose translations changed (marked pending by
    :func:`translate_documents` and by each saved human version), with whatever else is
    pending: what ``kavosh ingest`` with nothing new does."""
    from kavosh.pipeline.run import ingest  # the run module's stages import this one

    ingest(case, [], progress)


WEB_INDEX_LIMIT = 20  # documents one save indexes: a save never waits on a backlog


def index_stale_translations(case: Case, first: int | None = None,
                             limit: int = WEB_INDEX_LIMIT) -> list[int]:
    """Index, now, the translated documents whose index entry is stale (a version saved since:
    ``stale_translated_documents``), for a process that does not otherwise write to the case
    (the web server, after each save), so that an edit is searchable without anyone running
    a command. Only when no other Kavosh process is writing to the case: its writer lock is
    taken without waiting, so the one-writer rule of :func:`kavosh.pipeline.run.writing` holds
    (an ingest or OCR run, which holds it, indexes them itself or leaves them pending for the
    next run). The search writer is opened for this call and closed before the lock is let
    go. At most ``limit`` documents, ``first`` (the one just saved) before the others: a
    backlog (a ``kavosh translate`` killed before its index step) is left to the next saves
    and runs rather than held against one save. Returns the documents indexed: [] when the
    lock or the index writer is taken, or the index is of another version (``kavosh
    reindex`` rebuilds it)."""
    from kavosh.pipeline.context import IndexWriter
    from kavosh.pipeline.index import document_entries
    from kavosh.pipeline.run import CaseLocked, writing
    from kavosh.registry import SEARCH_BACKENDS
    from kavosh.search.base import IndexLocked, IndexOutdated

    stale = case.store.stale_translated_documents()
    stale = sorted(stale, key=lambda d: d != first)[:limit]
    if not stale:
        return []
    try:
        with writing(case):
            reader = case.search_backend()  # IndexOutdated: not this version's to update
            backend = SEARCH_BACKENDS.get(case.settings.search)(case.root / "index",
                                                               writable=True)
            try:
                writer = IndexWriter(case, backend)
                for document_id in stale:
                    writer.replace(document_id, document_entries(case.store, document_id))
                writer.commit()
            finally:
                backend.close()
    except (CaseLocked, IndexLocked, IndexOutdated):
        return []
    reader.refresh()
    return stale


def _translate_document(case: Case, translator: Translator, document_id: int, language: str,
                        glossary: Glossary, target: str, run: TranslateRun) -> None:
    store = case.store
    cut = cut_sentences(store, document_id, language)
    if translator.name == "null":
        run.pages += len(cut)
        return
    # a page drafted by another version of the engine (a new model) is drafted again, and a
    # page cut again gets drafts for its changed sentences; the earlier drafts stay in the
    # sentences' history, and human versions are untouched
    done = store.pages_drafted(document_id, translator.name)
    for number in sorted({s.page for s in store.translation_sentences(document_id)}):
        if done.get(number) == translator.version:
            run.pages += number in cut
            continue
        sentences = [s for s in store.translation_sentences(document_id, number)
                     if not s.drafted_by(translator.name, translator.version)]
        texts = [s.source for s in sentences]
        drafts = translate_all(translator, texts, sentences[0].language if sentences else "",
                               target) if sentences else []
        finished = [glossary.apply(s.source, d).text for s, d in zip(sentences, drafts,
                                                                      strict=True)]
        store.add_drafts(document_id, number, translator.name, translator.version,
                         [(s.id, d) for s, d in zip(sentences, finished, strict=True)])
        run.pages += 1
        run.sentences += len(sentences)
        run.drafts += sum(1 for d in finished if d.strip())
        run.characters += sum(len(t) for t in texts)


def cut_sentences(store: Store, document_id: int, language: str | None = None) -> set[int]:
    """Cut each page of the document that has text into sentences, or cut it again where its
    text changed since (see :meth:`kavosh.store.translations.TranslationStore.\
put_translation_sentences`: what people wrote is kept); the pages (re)cut. ``language``:
    the document's (None: read from the store); unknown, each page's is detected."""
    if language is None:
        doc = store.document(document_id)
        language = (doc.language if doc else None) or ""
    cut: set[int] = set()
    for page in best_pages(store.pages(document_id)):
        if not page.text.strip():
            continue
        source_language = language if language not in ("", "und") else detect_language(
            page.text)
        if store.put_translation_sentences(
                document_id, page.number, page.layer.value, source_language,
                [(s.start, s.end, s.text) for s in split_sentences(page.text)]):
            cut.add(page.number)
    return cut


def with_translations(store: Store, document_id: int,
                      entries: list[IndexedPage]) -> list[IndexedPage]:
    """The document's index entries with each page's current translations added to its text,
    so that English words find the page (a page's entry holds both languages' words). A
    translated document's pages are first cut again where their text changed (OCR again, a
    new reader): the derive and index stages that call this are where a changed text arrives."""
    if store.pages_drafted(document_id, "null"):  # cut into sentences: a translated one
        cut_sentences(store, document_id)
    translated = store.translated_texts(document_id)
    if not translated:
        return entries
    return [replace(e, text=f"{e.text} {index_text(translated[e.page])}".strip())
            if e.page in translated else e for e in entries]


@dataclass(frozen=True, slots=True)
class NameProposal:
    """A person's name found in the case's source sentences, not yet in its glossary, with
    its Latin transliteration (:func:`kavosh.text.transliterate`) as the proposed English."""

    source: str
    english: str
    count: int


def name_proposals(case: Case, finder: str = "crf", min_score: float = 0.5
                   ) -> list[NameProposal]:
    """People named in the translated documents, most mentioned first, those the glossary
    already has left out. Where the case's entities are resolved (mentions stored at ingest),
    each person is proposed once with the entity's Latin name: a spelling the archive itself
    uses (an English cable's, a translation's) when there is one, else the transliteration.
    A case without stored mentions runs the entity finder ``finder`` on the sentences."""
    if case.store.count_mentions():
        return _entity_proposals(case)
    from kavosh.registry import ENTITY_FINDERS

    found = ENTITY_FINDERS.get(finder)()
    glossary = case_glossary(case)
    counts: dict[str, int] = {}
    for document_id in case.store.translated_documents():
        for sentence in case.store.translation_sentences(document_id):
            for span in found.find(sentence.source, sentence.language):
                name = " ".join(sentence.source[span.start:span.end].split())
                if span.type == "PER" and span.score >= min_score and not glossary.found_in(
                        name):
                    counts[name] = counts.get(name, 0) + 1
    return [NameProposal(name, transliterate(name), count)
            for name, count in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def _entity_proposals(case: Case) -> list[NameProposal]:
    """:func:`name_proposals` from the resolved people (mentions counted in the translated
    documents only)."""
    glossary = case_glossary(case)
    counts: dict[int, int] = {}
    for document_id in case.store.translated_documents():
        for mention in case.store.mentions(document_id):
            if mention.type == "PER" and mention.entity_id is not None:
                counts[mention.entity_id] = counts.get(mention.entity_id, 0) + 1
    proposals = []
    for entity_id, count in counts.items():
        entity = case.store.entity(entity_id)
        if entity is None or entity.type != "PER" or not entity.name:
            continue
        if any(glossary.found_in(form) for form in (entity.name, *entity.aliases)):
            continue
        proposals.append(NameProposal(entity.name, entity.latin or transliterate(entity.name),
                                      count))
    return sorted(proposals, key=lambda p: (-p.count, p.source))


def case_memory(case: Case) -> TranslationMemory:
    """Every human translation of the case, remembered: those of older texts of a sentence
    too (a sentence whose text changed is offered what a person wrote for the old one)."""
    memory = TranslationMemory()
    for sentence_id, source, text in case.store.human_translations(older=True):
        memory.add(source, text, sentence_id)
    return memory


@dataclass(frozen=True, slots=True)
class SentenceNotes:
    """What the side-by-side page shows beside a sentence."""

    memory: MemoryMatch | None
    numbers: str  # a message, "" when the numbers agree
    missing_terms: tuple[tuple[str, str], ...]  # (source term, canonical English)
    inconsistent: tuple[str, ...]  # glossary terms this human version renders otherwise
    # two engines' latest drafts: (engine, engine, what they disagree on), when both drafted
    engines: tuple[str, str] | None = None
    disagreements: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        memory = self.memory
        return {"memory": None if memory is None else {
                    "source": memory.source, "text": memory.target, "score": memory.score,
                    "sentence_id": memory.sentence_id},
                "numbers": self.numbers,
                "missing_terms": [{"term": s, "english": e} for s, e in self.missing_terms],
                "inconsistent_terms": list(self.inconsistent),
                "engines": list(self.engines) if self.engines else None,
                "disagreements": list(self.disagreements)}


def sentence_notes(sentences: Iterable[TranslatedSentence], memory: TranslationMemory,
                   glossary: Glossary, flagged: dict[int, tuple[str, ...]]
                   ) -> dict[int, SentenceNotes]:
    """Notes for each sentence (by id); ``flagged`` from :func:`inconsistent_terms`."""
    notes: dict[int, SentenceNotes] = {}
    for sentence in sentences:
        text = sentence.text
        changed = number_changes(sentence.source, text)
        missing = glossary.apply(sentence.source, text).missing if text else ()
        engines, disagree = _engines_disagree(sentence)
        notes[sentence.id] = SentenceNotes(
            memory.best(sentence.source, exclude=sentence.id) if len(memory) else None,
            changed.message() if changed else "", missing, flagged.get(sentence.id, ()),
            engines, disagree)
    return notes


def _engines_disagree(sentence: TranslatedSentence
                      ) -> tuple[tuple[str, str] | None, tuple[str, ...]]:
    """The two engines that drafted the sentence last, and what their drafts disagree on."""
    latest: dict[str, str] = {}
    for version in sentence.present:
        if version.kind == "draft":
            latest.pop(version.engine, None)
            latest[version.engine] = version.text
    if len(latest) < 2:
        return None, ()
    (one, first), (other, second) = list(latest.items())[-2:]
    return (one, other), tuple(disagreements(first, second))


def inconsistent_terms(case: Case, glossary: Glossary) -> dict[int, tuple[str, ...]]:
    """Sentence id → glossary terms its human translation renders unlike the rest of the case."""
    flagged: dict[int, list[str]] = {}
    for found in inconsistent(glossary, case.store.human_translations()):
        flagged.setdefault(found.sentence_id, []).append(found.term)
    return {k: tuple(v) for k, v in flagged.items()}
