"""Stages: the steps every document goes through, each with a name, a version, what it needs
and what it writes.

=============  ==========  =========================================  =======  ========
stage          needs       writes                                     runs in  unit
=============  ==========  =========================================  =======  ========
``read``       —           extracted pages, metadata, children         worker   document
``textcheck``  read        ``needs_ocr`` on garbage PDF text layers    main     document
``ocr``        textcheck   OCR pages and their words                   worker   page
``derive``     read, ocr   dates, paragraphs, language, vocabulary,    main     document
                           name uses, cable headers
``index``      derive      the document's search index entries         main     document
``mentions``   derive      entity mentions (version: + the finders')   worker   document
=============  ==========  =========================================  =======  ========

After them the case-wide ``entities`` stage resolves mentions into entities
(:mod:`kavosh.pipeline.mentions`).

State is kept per document and stage (the store's ``stage_state`` table): ``pending``, ``done``,
or ``failed`` with a reason, and the version of the stage that set it. A stage whose version
changed is **stale** for the documents it did with another version: ``kavosh status`` counts
them and the next run does them again (failed ones too: the new version may succeed). A stage
that changes what a later stage read marks that stage pending for the document (OCR makes
``derive`` pending, ``derive`` makes ``index`` pending), so the dependency is kept by data,
not by the order of calls.

The ``read`` job runs ``textcheck`` and ``derive`` in the worker on the text it has just read
(one trip per document instead of three); they are recorded as done with their own versions,
and the same functions serve their stand-alone stages.

Case-wide stages (threads across cables, clustering entities) implement :class:`CaseStage`:
they run after the document stages, and their state (``case_state``) records their version and
whether documents changed since they last ran (``entities`` excepted: it reads only mentions,
and the ``mentions`` stage marks it pending when they change).

Bump a stage's version whenever what it writes would differ for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kavosh.model.progress import Progress
from kavosh.text.cables import READER_VERSION


class State(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class StageInfo:
    """What a stage declares about itself."""

    name: str
    version: str
    needs: tuple[str, ...]
    writes: tuple[str, ...]
    where: str  # "worker": a process pool; "main": the calling process
    unit: str  # "document" or "page"


READ = StageInfo("read", "1", (), ("pages:extracted", "metadata", "children"), "worker",
                 "document")
TEXTCHECK = StageInfo("textcheck", "1", ("read",), ("pages.needs_ocr",), "main", "document")
OCR = StageInfo("ocr", "1", ("textcheck",), ("pages:ocr", "words"), "worker", "page")
# derive 2: name-use evidence (issue 10); 3: cable headers (issue 11); 4: the given names
# learnt from labelled data as name-use cues (kavosh/text/data/given_names.txt); 5: compound
# given names written joined (عباسعلی, سیدمحمدباقر) as cues too. The cable reader's
# version is part of it: a reader that reads better re-reads every case on its next run
# (``kavosh reindex``, ``kavosh ingest``).
DERIVE = StageInfo("derive", f"5+cables{READER_VERSION}", ("read", "ocr"),
                   ("dates", "paragraphs", "language", "vocabulary", "name uses", "cables"),
                   "main", "document")
# index 2: the document's own date, path, extensions and label (issue 12); the index's
# schema changed too, so an existing case's index is rebuilt when next opened for writing.
# index 3: the document's facet values and sort keys as fast fields (issue 12; schema too).
# index 4: a document's long numbers, digits joined, among its labels (kavosh.text.numbers).
INDEX = StageInfo("index", "4", ("derive",), ("search index",), "main", "document")

# mentions: the version recorded is this one followed by each finder's name and version
# (kavosh.pipeline.mentions.mentions_version), so it is not among DOCUMENT_STAGES' fixed ones.
MENTIONS = StageInfo("mentions", "1", ("derive",), ("mentions",), "worker", "document")
ENTITIES = StageInfo("entities", "1", ("mentions",), ("entities",), "main", "case")

DOCUMENT_STAGES: tuple[StageInfo, ...] = (READ, TEXTCHECK, OCR, DERIVE, INDEX)
VERSIONS: dict[str, str] = {s.name: s.version for s in DOCUMENT_STAGES}


class CaseStage(Protocol):
    """A stage over the whole case rather than one document."""

    info: StageInfo

    def run(self, progress: Progress) -> None:
        """Do the stage's work over the case; raise to leave it pending with the reason."""
