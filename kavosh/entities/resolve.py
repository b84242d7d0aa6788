"""Resolution: the case's mentions clustered into entities, across documents and scripts.

Contract of :func:`resolve` (pure) and :func:`resolve_case` (over a store):

- **Names** (PER, ORG, LOC). Each mention's text loses its leading titles and honorifics
  (سردار، سید، آقای، السيد، الشيخ، العقيد، Col., Sheikh, Eng. …: :data:`TITLE_WORDS`); what
  is left is a *form*, compared through the project normaliser. Forms of one type cluster
  when their name keys (:func:`kavosh.text.names.name_key`) are equal, or when
  :func:`~kavosh.text.names.name_similarity` rates them the same name (at least
  :data:`PERSON_THRESHOLD` for people, :data:`PLACE_THRESHOLD` for organisations and
  places, which must also have as many words) and they are not two different people of the
  hand table (:func:`kavosh.text.names.confusables.different_people`). A one-word form
  (``کاظمی‌نیا``, ``Rezvanifar``) joins a longer name only when it matches one cluster
  alone: ``رضا`` stays apart when two Rezas are in the case.
- **Candidates** (``NAME``: a run of capitalised Latin words, :mod:`kavosh.entities.latin`)
  join the one person, organisation or place whose names they spell (as people's names
  match); a candidate matching none, or several, belongs to no entity.
- **Identifiers** (PHONE, EMAIL, IBAN, …) cluster by their normalised value: one phone
  however its digits are written.
- **Each entity** has a canonical Persian name (its most used Arabic-script form, Persian
  letters preferred), a canonical Latin name (its most used Latin form, else a
  transliteration), every form seen as aliases (most used first), its type, mention count,
  documents and first and last day (the documents' own dates). Its ``key`` (type and the
  name key of its most used form) keeps its id across resolutions.
- **Decisions** people made (:mod:`kavosh.entities.curate`) are replayed on the clusters,
  oldest first, before the entities are written: they survive re-ingest and ``--redo``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kavosh.store.entities import Decision, EntityRow, EntityStore, StoredMention
from kavosh.text import index_text, transliterate
from kavosh.text.derived import TITLES
from kavosh.text.names import MATCH_THRESHOLD, name_key, name_similarity
from kavosh.text.names.confusables import different_people
from kavosh.text.names.prefilter import NameCandidates

RESOLVER_VERSION = "1"
NAME_TYPES = frozenset({"PER", "ORG", "LOC"})
CANDIDATE = "NAME"  # a name of unknown type (kavosh.entities.latin): joins a known entity
PERSON_THRESHOLD = MATCH_THRESHOLD + 0.05  # a little stricter than search: no chains
PLACE_THRESHOLD = 0.9
BLOCK_LIMIT = 400  # forms sharing one block beyond which the block is not compared
_PARTICLES = {index_text(w) for w in ("بن", "ابن", "بنت", "ابو", "ام")}
TITLE_WORDS = (TITLES - _PARTICLES) | {index_text(w) for w in (
    "السيد", "سيد", "السيدة", "الشيخ", "شيخ", "العقيد", "اللواء", "العميد", "الفريق",
    "المهندس", "الدكتور", "الحاج", "الاستاذ", "الأستاذ", "السفير", "الوزير", "سفیر", "وزیر",
    "mr", "mrs", "ms", "dr", "col", "colonel", "gen", "general", "brig", "maj", "capt", "lt",
    "eng", "engineer", "sheikh", "shaykh", "sheik", "seyed", "seyyed", "sayyed", "sayed",
    "syed", "sayyid", "haj", "hajj", "haji", "ayatollah", "hojatoleslam", "sardar", "mullah")}
_EDGE = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_ONLY = re.compile("[يكةى]")
_INITIAL = re.compile(r"\b[A-Z]\.")  # a Latin form with initials is a name's last choice


def clean_name(text: str) -> str:
    """``text`` without its leading titles and edge punctuation (``Col. Behrouz Taghavipour``
    → ``Behrouz Taghavipour``; a title alone stays)."""
    words = text.split()
    while len(words) > 1 and index_text(words[0]) in TITLE_WORDS:
        words = words[1:]
    return _EDGE.sub("", " ".join(words))


Member = tuple[int, str, int, int | None]  # a mention: its id, form, document and day


@dataclass(slots=True)
class Cluster:
    """Mentions resolved as one entity, before it is written."""

    type: str
    members: list[Member] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # names people gave it
    key: str = ""
    name: str = ""  # set by a person (else chosen from the forms)
    latin: str = ""
    added: bool = False

    @property
    def forms(self) -> Counter[str]:
        """Each form (a mention's text without titles) → how many mentions write it."""
        counts = Counter(m[1] for m in self.members)
        for name in self.extra:
            counts[name] += 0
        return counts

    def absorb(self, other: Cluster) -> None:
        self.members += other.members
        self.extra += [n for n in other.extra if n not in self.extra]

    def norms(self) -> set[str]:
        """Its forms as compared."""
        return {index_text(f) for f in self.forms} - {""}

    def row(self) -> EntityRow:
        """The entity as stored: names chosen unless a person set them."""
        forms = [f for f, _ in sorted(self.forms.items(), key=lambda x: (-x[1], x[0]))]
        name = self.name or _persian(forms)
        latin = self.latin or next(iter(sorted(
            (f for f in forms if not _ARABIC.search(f)), key=lambda f: _INITIAL.search(f)
            is not None)), "") or transliterate(name)
        days = [m[3] for m in self.members if m[3]]
        return EntityRow(self.key, self.type, name, latin, forms, len(self.members),
                         len({m[2] for m in self.members}), min(days, default=None),
                         max(days, default=None), self.added,
                         mention_ids=sorted(m[0] for m in self.members))


def _persian(forms: list[str]) -> str:
    """The most used Arabic-script form with Persian letters, else with Arabic ones made
    Persian (ي ك → ی ک)."""
    arabic = [f for f in forms if _ARABIC.search(f)]
    persian = [f for f in arabic if not _ARABIC_ONLY.search(f)]
    if persian:
        return persian[0]
    return arabic[0].translate(str.maketrans("يكى", "یکی")) if arabic else ""


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(slots=True)
class _Form:
    norm: str
    key: str
    display: str
    cluster: Cluster


def resolve(mentions: Iterable[StoredMention]) -> list[Cluster]:
    """The clusters of ``mentions`` (see the module's contract), most mentioned first."""
    by_form: dict[tuple[str, str], _Form] = {}
    for m in mentions:
        named = m.type in NAME_TYPES or m.type == CANDIDATE
        display = clean_name(m.text) if named else (m.value or m.text.strip())
        norm = index_text(display) if named else display
        if not norm:
            continue
        form = by_form.get((m.type, norm))
        if form is None:
            form = by_form[(m.type, norm)] = _Form(
                norm, name_key(display) if named else "", display, Cluster(m.type))
        form.cluster.members.append((m.id, display, m.document_id, m.day))
    by_type: dict[str, list[_Form]] = defaultdict(list)
    for (kind, _), form in sorted(by_form.items()):
        by_type[kind].append(form)
    # Candidates are clustered with the people (after them: a group's first form, whose
    # cluster takes the others, is a person's when it has one), so that a Latin spelling can
    # join two Arabic-script forms the model cut differently; a group of candidates alone
    # then joins the entity it spells, if any.
    by_type["PER"] = by_type.get("PER", []) + by_type.pop(CANDIDATE, [])
    clusters: list[Cluster] = []
    for kind, forms in by_type.items():
        clusters += _cluster_names(kind, forms) if kind in NAME_TYPES \
            else [f.cluster for f in forms]
    left = [c for c in clusters if c.type == CANDIDATE]
    clusters = [c for c in clusters if c.type != CANDIDATE]
    _attach(left, [c for c in clusters if c.type in NAME_TYPES])
    for c in clusters:
        c.key = _key(c)
    return _unique_keys(sorted(clusters, key=lambda c: (-len(c.members), c.key)))


def _cluster_names(kind: str, forms: list[_Form]) -> list[Cluster]:
    """Forms of one name type joined (see the module's contract)."""
    union = _Union(len(forms))
    by_key: dict[str, int] = {}
    for i, f in enumerate(forms):
        if f.key:
            union.join(by_key.setdefault(f.key, i), i)
    multi = [i for i, f in enumerate(forms) if _parts(f.key) >= 2]
    single = [i for i, f in enumerate(forms) if _parts(f.key) == 1]
    blocks = _blocks(forms, multi)
    person = kind == "PER"
    for i, j in _pairs(forms, blocks):
        if union.find(i) != union.find(j) and _same(forms[i], forms[j], person):
            union.join(i, j)
    if person:
        parts = _blocks(forms, multi, width=3)
        for i in single:
            found = {union.find(j) for j in _candidates(forms[i], parts)
                     if _same(forms[i], forms[j], person)}
            if len(found) == 1:
                union.join(found.pop(), i)
    groups: dict[int, Cluster] = {}
    for i, f in enumerate(forms):
        root = union.find(i)
        if root in groups:
            groups[root].absorb(f.cluster)
        else:
            groups[root] = f.cluster
    return list(groups.values())


def _attach(candidates: list[Cluster], clusters: list[Cluster]) -> None:
    """Each group of candidate names joins the cluster (of any name type) with a form one of
    them matches as a person's name would (:func:`_score`), when no other matches within
    :data:`CANDIDATE_MARGIN` of it; one matching none, or several as well, stays out.

    Only the clusters sharing a key block with the candidate are looked at, and of their
    forms only those the prefilter (:class:`~kavosh.text.names.prefilter.NameCandidates` of
    every compared form, narrowed to those clusters' forms) keeps for
    :data:`PERSON_THRESHOLD` are scored: a proven bound, so a form left out scores below it
    and could neither match nor stand within the margin of a match. Scoring every form of
    every cluster of the blocks made this the slowest step of a case (11 minutes for 1,877
    documents)."""
    blocks: dict[str, set[int]] = defaultdict(set)
    holders: dict[str, list[int]] = defaultdict(list)  # a form → the clusters comparing it
    position: dict[str, int] = {}  # a form → its place in the pool
    compared: list[list[int]] = []  # a cluster → the positions of its forms in the pool
    for i, c in enumerate(clusters):
        compared.append([])
        for f, _ in c.forms.most_common(_FORMS_COMPARED):
            if f not in holders:
                position[f] = len(position)
            holders[f].append(i)
            compared[-1].append(position[f])
            for prefix in _key_prefixes(f):
                blocks[prefix].add(i)
    pool = NameCandidates(position)
    for cand in candidates:
        own = [f for f, _ in cand.forms.most_common(_FORMS_COMPARED)]
        near = set().union(*(blocks.get(p, set()) for f in own for p in _key_prefixes(f)))
        if not near:
            continue
        nearby = pool.part(sorted({k for i in near for k in compared[i]}))
        best: dict[int, float] = {}
        for a in own:
            for b in nearby.candidates(a, PERSON_THRESHOLD):
                score = _score(a, b)
                for i in holders[b]:
                    if i in near:
                        best[i] = max(best.get(i, 0.0), score)
        scores = sorted((score, i) for i, score in best.items() if score >= PERSON_THRESHOLD)
        if scores and (len(scores) == 1 or scores[-1][0] - scores[-2][0] >= CANDIDATE_MARGIN):
            clusters[scores[-1][1]].absorb(cand)


def _key_prefixes(name: str) -> set[str]:
    return {p[:2] for p in name_key(name).split() if len(p) > 1}


_FORMS_COMPARED = 12  # the most used forms of a cluster a candidate is compared with
CANDIDATE_MARGIN = 0.05  # S. M. Kazemi-Nia: کاظمی‌نیا 0.96, the place کاظمین 0.88


def _score(a: str, b: str) -> float:
    """How alike two names are, 0 for two different people of the hand table (asked only
    of names alike enough: it is the dearer question)."""
    score = name_similarity(a, b)
    return 0.0 if score >= PERSON_THRESHOLD and different_people(a, b) else score


def _similar(a: str, b: str) -> bool:
    return _score(a, b) >= PERSON_THRESHOLD


def _prefixes(form: _Form) -> set[str]:
    return {p[:2] for p in form.key.split() if len(p) > 1}


def _pairs(forms: list[_Form], blocks: dict[str, list[int]]) -> list[tuple[int, int]]:
    """The pairs of longer forms worth comparing: sharing two blocks (one, when either has
    a single part beyond initials), blocks of more than :data:`BLOCK_LIMIT` left out (a
    common given name alone says nothing)."""
    shared: Counter[tuple[int, int]] = Counter()
    for members in blocks.values():
        if len(members) <= BLOCK_LIMIT:
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    shared[(i, j)] += 1
    return sorted(pair for pair, n in shared.items()
                  if n >= min(2, len(_prefixes(forms[pair[0]])), len(_prefixes(forms[pair[1]]))))


def _parts(key: str) -> int:
    """The parts of a name key that are more than an initial."""
    return sum(len(p) > 1 for p in key.split())


def _blocks(forms: list[_Form], members: list[int], width: int = 2) -> dict[str, list[int]]:
    """Forms by the first ``width`` letters of each part of their key (spellings of one part
    in two scripts keep them: ``KZMN``/``KZMNY``)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in members:
        for prefix in {p[:width] for p in forms[i].key.split() if len(p) > 1}:
            blocks[prefix].append(i)
    return blocks


def _candidates(form: _Form, blocks: dict[str, list[int]]) -> set[int]:
    """The longer forms with a part beginning as a one-word form's (initials aside;
    ``blocks`` by three letters)."""
    found: set[int] = set()
    for prefix in {p[:3] for p in form.key.split() if len(p) > 1}:
        members = blocks.get(prefix, [])
        if len(members) <= BLOCK_LIMIT:
            found.update(members)
    return found


def _same(a: _Form, b: _Form, person: bool) -> bool:
    """Whether two forms name the same entity."""
    if person:
        return _similar(a.display, b.display)
    return (len(a.key.split()) == len(b.key.split())
            and name_similarity(a.display, b.display) >= PLACE_THRESHOLD)


def _key(cluster: Cluster) -> str:
    """Type and the key of the most used form (the value, for an identifier)."""
    form = max(cluster.forms.items(), key=lambda x: (x[1], len(x[0]), x[0]))[0]
    if cluster.type in NAME_TYPES:
        return f"{cluster.type}:{name_key(form) or index_text(form)}"
    return f"{cluster.type}:{form}"


def _unique_keys(clusters: list[Cluster]) -> list[Cluster]:
    """Two clusters never share a key: a later one gets ``#2``, ``#3``…"""
    seen: Counter[str] = Counter()
    for c in clusters:
        seen[c.key] += 1
        if seen[c.key] > 1:
            c.key = f"{c.key}#{seen[c.key]}"
    return clusters


def entity_rows(clusters: Sequence[Cluster]) -> list[EntityRow]:
    return [c.row() for c in clusters]


def resolve_case(store: EntityStore) -> list[EntityRow]:
    """Resolve every mention of the case, replay people's decisions, write the entities;
    return them."""
    from kavosh.entities.curate import replay  # curate builds on this module

    clusters = resolve(store.mentions())
    decisions: list[Decision] = store.decisions()
    rows = entity_rows(replay(clusters, decisions))
    store.replace_entities(rows)
    return rows
