"""Links between the cables of a case (see :mod:`kavosh.cables`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kavosh.model import Field
from kavosh.search.cables import link_key
from kavosh.store import Store
from kavosh.store.cable_links import CableEntry
from kavosh.text import index_text

SUMMARY_FIELDS = ("number", "date", "from", "to", "classification", "subject", "reference")
COMPARED = ("date", "from", "to", "subject")  # one number, different content: a conflict


@dataclass(frozen=True, slots=True)
class Gap:
    """A cited number that no cable of the case carries: as first written, its key, and
    every cable citing it (document ids, in date order)."""

    key: str
    raw: str
    cited_by: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ThreadItem:
    """One place in a thread: a cable (``cable`` set) or a gap (``gap`` set), and its
    ``relation`` to the cable the thread was asked for: ``self``; ``copy`` (another document
    carrying its number); ``cited`` (it cites this one) or ``earlier`` (cited by the cables it
    cites, in turn); ``citing`` (this one cites it) or ``later`` (citing those, in turn);
    ``linked`` (in the thread through another branch: another answer to a cable it cites).
    A gap is ``cited`` when this one cites the number, ``earlier`` when a cable it cites (in
    turn) does, else ``linked``."""

    relation: str
    cable: CableEntry | None = None
    gap: Gap | None = None

    @property
    def date(self) -> str | None:
        return self.cable.date if self.cable else None


@dataclass(frozen=True, slots=True)
class Thread:
    """A cable and the cables linked to it by references (see :meth:`CaseLinks.thread`), in
    date order (a gap placed before the first cable citing it; undated cables last)."""

    focus: CableEntry
    items: tuple[ThreadItem, ...]

    @property
    def gaps(self) -> list[Gap]:
        return [item.gap for item in self.items if item.gap is not None]


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """A contradiction between cables (see :mod:`kavosh.cables`): ``check``, a plain
    ``message``, the cables involved (document ids; the first is the one it is about) and the
    fields involved."""

    check: str
    message: str
    documents: tuple[int, ...]
    fields: tuple[str, ...] = ()


class CaseLinks:
    """Every cable of the case and their references, read once (see :func:`case_links`)."""

    def __init__(self, entries: list[CableEntry]) -> None:
        self.entries = {e.document_id: e for e in entries}
        self.by_number: dict[str, list[int]] = defaultdict(list)
        self.citing: dict[str, list[int]] = defaultdict(list)
        for entry in entries:
            if entry.number:
                self.by_number[entry.number].append(entry.document_id)
            for key in entry.references:
                self.citing[key].append(entry.document_id)
        self._findings: list[LinkFinding] | None = None
        self._involved: dict[int, list[LinkFinding]] | None = None

    def cables(self) -> list[CableEntry]:
        """Every cable, in date order (undated last), then by document id."""
        return sorted(self.entries.values(), key=_date_order)

    def cites(self, document_id: int) -> list[CableEntry | Gap]:
        """What the cable cites: the cables carrying each cited number, or its gap."""
        entry = self.entries[document_id]
        out: list[CableEntry | Gap] = []
        for key in entry.references:
            found = self.by_number.get(key)
            out += [self.entries[d] for d in found] if found else [self._gap(key)]
        return out

    def cited_by(self, document_id: int) -> list[CableEntry]:
        """The cables citing this one's number, in date order."""
        number = self.entries[document_id].number
        citing = self.citing.get(number, []) if number else []
        return sorted((self.entries[d] for d in citing if d != document_id), key=_date_order)

    def thread(self, document_id: int) -> Thread | None:
        """The cable's thread (None: the document is no cable): every cable linked to it by
        references, either way and through others (A cites B, C cites B: A, B and C are one
        thread), and the numbers they cite that no cable carries (gaps; a gap links nothing:
        two cables citing one missing number are not joined by it)."""
        focus = self.entries.get(document_id)
        if focus is None:
            return None
        cables = self._component(document_id)
        earlier, missing_up = self._walk(document_id, up=True)
        later, _ = self._walk(document_id, up=False)
        direct_up = {d.document_id for d in self.cites(document_id) if isinstance(d, CableEntry)}
        direct_down = {e.document_id for e in self.cited_by(document_id)}
        copies = set(self.by_number.get(focus.number, [])) if focus.number else set()
        items = [ThreadItem(_relation(d, document_id, copies, (direct_up, earlier),
                                      (direct_down, later)), cable=self.entries[d])
                 for d in cables]
        gaps = dict.fromkeys(k for d in cables for k in self.entries[d].references
                             if k not in self.by_number)
        items += [ThreadItem("cited" if key in focus.references else
                             "earlier" if key in missing_up else "linked", gap=self._gap(key))
                  for key in gaps]
        return Thread(focus, tuple(sorted(items, key=self._item_order)))

    def gaps(self) -> list[Gap]:
        """Every cited number no cable carries, ordered by the date of its first citation."""
        gaps = [self._gap(key) for key in self.citing if key not in self.by_number]
        return sorted(gaps, key=lambda g: (self._gap_date(g), g.key))

    def findings(self) -> list[LinkFinding]:
        """Contradictions between cables, by the cable they are about (see the package)."""
        if self._findings is None:
            self._findings = self._find()
        return self._findings

    def findings_of(self, document_id: int) -> list[LinkFinding]:
        """The contradictions that involve this cable."""
        if self._involved is None:
            self._involved = defaultdict(list)
            for found in self.findings():
                for doc in found.documents:
                    self._involved[doc].append(found)
        return self._involved.get(document_id, [])

    def _find(self) -> list[LinkFinding]:
        found: list[LinkFinding] = []
        for entry in self.cables():
            for cited in self.cites(entry.document_id):
                if (isinstance(cited, CableEntry) and entry.date and cited.date
                        and cited.date > entry.date):
                    found.append(LinkFinding(
                        "cites-later-cable",
                        f"cable {entry.raw or entry.number} of {entry.date} cites cable "
                        f"{cited.raw or cited.number}, dated later ({cited.date})",
                        (entry.document_id, cited.document_id), ("date", "reference")))
        for number, documents in self.by_number.items():
            found += self._conflicts(number, documents)
        return found

    # --- helpers ----------------------------------------------------------------------

    def _component(self, start: int) -> list[int]:
        """The cables linked to ``start`` by references either way, through others, and by
        carrying one number; never through a missing number."""
        seen = {start}
        todo = [start]
        while todo:
            entry = self.entries[todo.pop()]
            linked = [d for key in entry.references for d in self.by_number.get(key, [])]
            if entry.number:
                linked += self.citing.get(entry.number, []) + self.by_number[entry.number]
            for doc in linked:
                if doc not in seen:
                    seen.add(doc)
                    todo.append(doc)
        return sorted(seen)

    def _walk(self, start: int, up: bool) -> tuple[set[int], list[str]]:
        """The cables reached from ``start`` by following references ``up`` (what it cites,
        in turn) or down (what cites it, in turn), and the missing numbers met on the way."""
        reached: set[int] = set()
        missing: list[str] = []
        todo = [start]
        while todo:
            entry = self.entries[todo.pop()]
            if up:
                keys = entry.references
                missing += [k for k in keys if k not in self.by_number and k not in missing]
                found = [d for k in keys for d in self.by_number.get(k, [])]
            else:
                found = self.citing.get(entry.number, []) if entry.number else []
            for doc in found:
                if doc not in reached and doc != start:
                    reached.add(doc)
                    todo.append(doc)
        return reached, missing

    def _gap(self, key: str) -> Gap:
        citing = sorted({*self.citing.get(key, [])},
                        key=lambda d: _date_order(self.entries[d]))
        raw = self.entries[citing[0]].cited_as.get(key, key) if citing else key
        return Gap(key, raw, tuple(citing))

    def _gap_date(self, gap: Gap) -> str:
        dates = [self.entries[d].date for d in gap.cited_by if self.entries[d].date]
        return min(d for d in dates if d) if dates else "9999"

    def _item_order(self, item: ThreadItem) -> tuple[str, int, int]:
        if item.cable is not None:
            return item.cable.date or "9999", 1, item.cable.document_id
        assert item.gap is not None
        return self._gap_date(item.gap), 0, 0

    def _conflicts(self, number: str, documents: list[int]) -> list[LinkFinding]:
        if len(documents) < 2:
            return []
        first = self.entries[documents[0]]
        out = []
        for other in (self.entries[d] for d in documents[1:]):
            differ = tuple(name for name in COMPARED
                           if _compared(first, name) != _compared(other, name)
                           and _compared(first, name) and _compared(other, name))
            if differ:
                out.append(LinkFinding(
                    "number-conflict",
                    f"cable {first.raw or number} is carried by two documents whose "
                    f"{', '.join(differ)} differ", (first.document_id, other.document_id),
                    ("number", *differ)))
        return out


def _compared(entry: CableEntry, name: str) -> str:
    value = {"from": entry.sender, "to": entry.recipient}.get(name, getattr(entry, name, None))
    return index_text(value) if isinstance(value, str) and name != "date" else value or ""


def _relation(document_id: int, focus: int, copies: set[int],
              up: tuple[set[int], set[int]], down: tuple[set[int], set[int]]) -> str:
    """How a cable of the thread stands to the one asked for (see :class:`ThreadItem`)."""
    if document_id == focus:
        return "self"
    if document_id in copies:
        return "copy"
    for (direct, through), near, far in ((up, "cited", "earlier"), (down, "citing", "later")):
        if document_id in direct:
            return near
        if document_id in through:
            return far
    return "linked"


def _date_order(entry: CableEntry) -> tuple[str, int]:
    return entry.date or "9999", entry.document_id


def cable_link(document_id: int, fields: Iterable[Field]) -> CableEntry:
    """The cable's :class:`CableEntry` (the store keeps it for lists, threads and gaps;
    ``derive`` writes it beside the fields): the first of each field (references add up),
    numbers made link keys."""
    entry = CableEntry(document_id)
    for f in fields:
        if f.name in SUMMARY_FIELDS:
            _take(entry, f)
    return entry


def _take(entry: CableEntry, f: Field) -> None:
    """Take one field into ``entry`` (the first of each name wins; references add up)."""
    if f.name == "reference":
        key = link_key(f.value)
        if key not in entry.cited_as:
            entry.references.append(key)
            entry.cited_as[key] = f.raw
        return
    attribute = {"from": "sender", "to": "recipient"}.get(f.name, f.name)
    if getattr(entry, attribute) is None:
        setattr(entry, attribute, link_key(f.value) if f.name == "number" else f.value)
        if f.name == "number":
            entry.raw = f.raw


def _citing_only(entry: CableEntry, keys: set[str]) -> CableEntry:
    """``entry`` keeping only its citations of ``keys`` (a cable that only dates a gap: its
    other citations are not followed, and would be gaps of their own where they are left)."""
    kept = [key for key in entry.references if key in keys]
    return replace(entry, references=kept, cited_as={k: entry.cited_as[k] for k in kept})


def links_stored(store: Store) -> bool:
    """Whether every cable of the case has its stored links (a case derived before
    migration 18 reads its fields until it is derived again)."""
    return store.count_cable_links() == store.count_cables()


def case_links(store: Store) -> CaseLinks:
    """Every cable of the case with its references: the stored links (two queries), else
    one read of the cable fields."""
    if links_stored(store):
        return CaseLinks(store.cable_links())
    return links_from_fields(store)


def links_from_fields(store: Store) -> CaseLinks:
    """Every cable of the case with its references, read from the cable fields themselves
    (what the stored links are made of)."""
    entries: dict[int, CableEntry] = {}
    for document_id, f in store.cable_fields(SUMMARY_FIELDS):
        _take(entries.setdefault(document_id, CableEntry(document_id)), f)
    return CaseLinks(list(entries.values()))


def thread_links(store: Store, document_id: int) -> CaseLinks:
    """The links :meth:`CaseLinks.thread` needs for ``document_id`` — the cables linked to
    it (by references either way, through others, and by carrying one number) and every
    cable citing a number none of them carries — read by indexed queries, level by level:
    the thread is the same as from :func:`case_links`, at the cost of its size, not the
    case's."""
    if not links_stored(store):
        return case_links(store)
    links: dict[int, CableEntry] = {}
    todo = {document_id}
    while todo:
        found = store.cable_links(sorted(todo))
        links.update((entry.document_id, entry) for entry in found)
        cited = {key for entry in found for key in entry.references}
        numbers = {entry.number for entry in found if entry.number}
        reached = {d for _, d in store.cables_numbered(cited | numbers)}
        reached |= {d for _, d in store.cables_citing(numbers)}
        todo = reached - links.keys()
    cited = {key for entry in links.values() for key in entry.references}
    missing = cited - {key for key, _ in store.cables_numbered(cited)}
    citing = {d for _, d in store.cables_citing(missing)} - links.keys()
    for entry in store.cable_links(sorted(citing)):
        links[entry.document_id] = _citing_only(entry, missing)
    return CaseLinks([links[d] for d in sorted(links)])


def case_gaps(store: Store) -> tuple[list[Gap], CaseLinks]:
    """Every cited number no cable of the case carries (as :meth:`CaseLinks.gaps`), and the
    links of the cables citing them: one query for the citations no cable carries."""
    if not links_stored(store):
        links = case_links(store)
        return links.gaps(), links
    missing: dict[int, set[str]] = defaultdict(set)
    for key, document_id in store.missing_citations():
        missing[document_id].add(key)
    links = CaseLinks([_citing_only(entry, missing[entry.document_id])
                       for entry in store.cable_links(sorted(missing))])
    return links.gaps(), links
