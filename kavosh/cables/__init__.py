"""Cables across a case: who cites whom, threads, gaps and contradictions between cables.

The cable reader (:mod:`kavosh.text.cables`) reads one document's header; the ``derive``
stage stores its fields (:meth:`kavosh.store.base.CableStore.cable_fields`). This package
links them: :func:`case_links` reads every cable's number, date, sender, recipient,
subject and references once (from the links ``derive`` stores, :func:`cable_link`;
:func:`thread_links` and :func:`case_gaps` read only what one thread or the gaps need, by
indexed queries) and answers

- :meth:`CaseLinks.thread`: a cable with every cable linked to it by references, either way
  and through others (A cites B, C cites B: one thread), in date order, each marked by how it
  stands to the cable asked for (cited, citing, earlier or later in its own chain, linked
  through another branch), with the cited numbers no document of the case carries marked as
  gaps (a gap joins nothing: it is no cable);
- :meth:`CaseLinks.gaps`: every cited number missing from the case, with every citing cable
  (what a leak lacks matters to reporters);
- :meth:`CaseLinks.findings`: contradictions between cables, kept for verification: a cable
  citing one dated after it (``cites-later-cable``), one number carried by cables whose
  date, sender, recipient or subject differ (``number-conflict``).

:mod:`kavosh.cables.records` writes a cable as JSON (export, API, CLI).

Numbers are compared by their link key (:func:`kavosh.search.cables.link_key` of the stored
``reference_key``), so ``۳۱۲/۴۴۰۷/س``, ``312-4407-س`` and ``312/4407/S`` are one cable.
"""

from kavosh.cables.links import (
    CableEntry,
    CaseLinks,
    Gap,
    LinkFinding,
    Thread,
    ThreadItem,
    cable_link,
    case_gaps,
    case_links,
    links_stored,
    thread_links,
)
from kavosh.cables.records import field_json, findings_json, header_json

__all__ = ["CableEntry", "CaseLinks", "Gap", "LinkFinding", "Thread", "ThreadItem",
           "cable_link", "case_gaps", "case_links", "field_json", "findings_json",
           "header_json", "links_stored", "thread_links"]
