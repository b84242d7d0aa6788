"""Cables across a case: who cites whom, threads, gaps and contradictions between cables.

The cable reader (:mod:`kavosh.text.cables`) reads one document's header; the ``derive``
stage stores its fields (:meth:`kavosh.store.base.CableStore.cable_fields`). This package
links them: :func:`case_links` reads every cable's number, date, sender, recipient,
subject and references once and answers

- :meth:`CaseLinks.thread`: a cable with what it cites and what that cites in turn, and what
  cites it and what cites those in turn (A cites B, B cites C: C's thread holds B and A, A's
  holds B and C), in date order, the cited numbers no document of the case carries marked as
  gaps. Siblings (two answers to one cable) are not in each other's thread: a cable every
  station answers would otherwise join the whole archive in one thread;
- :meth:`CaseLinks.gaps`: every cited number missing from the case, with every citing cable
  (what a leak lacks matters to reporters);
- :meth:`CaseLinks.findings`: contradictions between cables, kept for verification: a cable
  citing one dated after it (``cites-later-cable``), one number carried by cables whose
  date, sender, recipient or subject differ (``number-conflict``).

:mod:`kavosh.cables.records` writes a cable as JSON (export, API, CLI).

Numbers are compared by their ``reference_key`` (the stored value of ``number`` and
``reference`` fields), so ``۳۱۲/۴۴۰۷/س`` and ``312-4407-S`` are one cable.
"""

from kavosh.cables.links import (
    CableEntry,
    CaseLinks,
    Gap,
    LinkFinding,
    Thread,
    ThreadItem,
    case_links,
)
from kavosh.cables.records import field_json, findings_json, header_json

__all__ = ["CableEntry", "CaseLinks", "Gap", "LinkFinding", "Thread", "ThreadItem",
           "case_links", "field_json", "findings_json", "header_json"]
