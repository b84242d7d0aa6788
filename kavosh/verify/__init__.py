"""Verification (issue 16): automated checks per document and across the archive, each
finding with its evidence, beside the reporter's own judgement.

Two things are kept apart on purpose:

- **Findings** (:class:`kavosh.store.verify.StoredFinding`) come from checks
  (:data:`kavosh.verify.run.CHECKS`): each has the check's ``name`` and ``version``, a
  ``severity`` (``info``, ``warning``, ``problem``), a plain message and evidence (a span of
  raw text with its page, a header field, a metadata field, the other documents involved).
  A finding is a reason to look, not a verdict.
- **The verification status** (``unreviewed``, ``consistent``, ``questions``,
  ``corroborated``, ``doubtful``) is only ever set by a person, with a note and links to
  evidence, recorded with who and when; every change is kept (:func:`set_status`). No check
  sets it.

Checks (one module each): ``calendar`` (:mod:`.calendar`); ``header``, ``cable-links``,
``gaps``, ``serials`` (:mod:`.cables`); ``metadata`` (:mod:`.metadata`); ``fingerprint``
(:mod:`.fingerprint`); ``duplicates`` (:mod:`.duplicates`); ``titles`` (:mod:`.titles`,
against the newsroom's people table, :mod:`.people`); ``times`` (:mod:`.times`).
:func:`run_checks` runs them: a per-document check reads only documents it has not done with
its version on their present basis (what derive made of them, the people table), so a re-run
does only new or re-derived documents; a case-wide comparison runs again only when the
documents, what derive made of them, or its version changed. They read what Kavosh already
derived (dates, cable headers, metadata, best pages): run them after ``ingest``.

For editors: :mod:`.dossier` (the report with every finding, one document's dossier) and
:mod:`.diff` (two versions aligned word by word).
"""

from kavosh.store.verify import SEVERITIES, STATUSES, StatusRecord, StoredFinding
from kavosh.verify.report import DocumentVerification, archive_report, document_verification
from kavosh.verify.run import CHECKS, CheckRun, VerifyRun, check_by_name, run_checks
from kavosh.verify.status import current_status, set_status, status_history

__all__ = ["CHECKS", "SEVERITIES", "STATUSES", "CheckRun", "DocumentVerification",
           "StatusRecord", "StoredFinding", "VerifyRun", "archive_report", "check_by_name",
           "current_status", "document_verification", "run_checks", "set_status",
           "status_history"]
