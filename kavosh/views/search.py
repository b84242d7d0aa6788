"""Search as a reporter sees it: hits with their document's path, page and a snippet.

A typed query is prepared once (:func:`prepare_query`: parsed, normalised, names expanded to the
case's spellings); the same :class:`~kavosh.search.PreparedQuery` runs the search, marks the
snippets, and marks the document page a hit links to (``kavosh.views.document``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kavosh.case import Case
from kavosh.entities.gazetteer import matches as gazetteer_matches
from kavosh.entities.lexicon import function_words, ordinary_words
from kavosh.model.errors import UsageError
from kavosh.search import parse
from kavosh.search.base import SearchBackend
from kavosh.search.highlight import Snippet, make_snippet
from kavosh.search.query import (
    And,
    EntityQuery,
    InDocuments,
    NameQuery,
    Node,
    Not,
    Or,
    PreparedQuery,
    QueryError,
    Terms,
    Unexpand,
)
from kavosh.store import Store
from kavosh.text import index_text, normalize, tokenize
from kavosh.text.derived import GIVEN_NAMES, TITLES
from kavosh.text.english import common_english
from kavosh.text.names import MATCH_THRESHOLD, name_keys, name_similarity
from kavosh.text.names.confusables import different_people
from kavosh.text.names.origin import arabic_own, looks_foreign
from kavosh.text.names.sounds import s_cluster
from kavosh.text.names.spelling import spelling_disagrees
from kavosh.text.numbers import MIN_DIGITS
from kavosh.views.entities import entity_document_ids
from kavosh.views.index_cache import index_cache
from kavosh.views.name_vocabulary import vocabulary_candidates


@dataclass(frozen=True, slots=True)
class SearchHit:
    document_id: int
    path: str
    page: int
    score: float
    mime: str
    snippet: Snippet

    def to_json(self) -> dict[str, object]:
        return {
            "document_id": self.document_id,
            "path": self.path,
            "page": self.page,
            "score": round(self.score, 4),
            "mime": self.mime,
            "snippet": self.snippet.text,
            "highlights": [list(m) for m in self.snippet.marks],
        }


@dataclass(slots=True)
class SearchResults:
    prepared: PreparedQuery
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def query(self) -> str:
        """The query as typed."""
        return self.prepared.text

    # spelling added → pages holding it, for the reader to judge it (see expansion_hits)
    spelling_hits: dict[str, int] = field(default_factory=dict)

    @property
    def expansions(self) -> Mapping[str, list[str]]:
        """Word typed → other spellings searched too, to show the reader."""
        return self.prepared.expansions


NOTHING_TO_SEARCH = ('nothing to search for: type words, "a phrase", prefix*, word~, '
                     "name:…, date:… (see kavosh search --help)")


def check_searchable(prepared: PreparedQuery) -> None:
    """Raise :class:`QueryError` for a query typed with nothing searchable in it (only
    punctuation): say so, not "no hits". An empty query is fine (it finds nothing)."""
    if prepared.node is None and prepared.text.strip():
        raise QueryError(NOTHING_TO_SEARCH, 0)


MAX_HITS = 1_000_000  # limit + offset: the backend sets aside room for that many hits at once


# (word, its own tokens, any script, spellings switched off) → spellings: a batch of names
# shares one (most names share given names and family words), see prepare_query's ``cache``.
SpellingCache = dict[tuple[str, tuple[str, ...], bool, frozenset[str]], list[str]]


def prepare_query(case: Case, text: str, cache: SpellingCache | None = None) -> PreparedQuery:
    """The one way a typed query becomes a :class:`PreparedQuery`: parsed, normalised, and
    names and compounds expanded to the spellings this case holds (:func:`expand_names`),
    except those switched off with ``-expand:`` (``prepared.unexpanded``).

    ``cache``: spellings found for earlier queries of the same case (index unchanged), to
    reuse; a batch of queries passes one dict to each (``kavosh.views.batch``).

    Raises :class:`~kavosh.search.QueryError` (with the position) when it cannot be read. A
    query with nothing searchable is not an error here (``prepared.empty``): each face
    decides (the command line refuses it, the web UI asks for words).
    """
    node = parse(text)
    off = _switched_off(node)
    ex = _Expander(case, frozenset(off), {},
                   _spelt=_generation_cache(case) if cache is None else cache)
    if node is not None:
        node = expand_names(ex, node)
    return PreparedQuery(text, node, ex.explained, tuple(off), tuple(dict.fromkeys(ex.as_words)))


# case folder → (index generation, the spellings found in it): a word's spellings depend only
# on the case's vocabulary, name uses and index, all changed together by indexing, so they are
# reused until the index changes (the API and the web UI answer many queries of one case).
_SPELT: dict[str, tuple[object, SpellingCache]] = {}
MAX_CACHED = 10_000  # words kept per case; the cache starts afresh beyond


def _generation_cache(case: Case) -> SpellingCache:
    """The spellings already found in this case's current index (a fresh dict when the
    backend cannot tell its generation)."""
    held = index_cache(_SPELT, case, MAX_CACHED)
    return {} if held is None else held


def search(case: Case, query: str | PreparedQuery, limit: int = 20,
           offset: int = 0) -> SearchResults:
    """Run ``query`` (see ``kavosh.search.query`` for the language) over the case.

    ``limit`` must be at least 1 and ``offset`` at least 0, their sum at most
    :data:`MAX_HITS`; otherwise :class:`UsageError`. A query typed with nothing searchable in
    it (only punctuation) is a :class:`QueryError`; an empty one finds nothing.
    """
    _check_window(limit, offset)
    prepared = query if isinstance(query, PreparedQuery) else prepare_query(case, query)
    out = SearchResults(prepared)
    check_searchable(prepared)
    if prepared.node is None:
        return out
    backend = case.search_backend()
    backend.refresh()
    results = backend.search(prepared.node, limit=limit, offset=offset)
    out.total = results.total
    out.spelling_hits = expansion_hits(backend, prepared)
    for hit in results.hits:
        doc = case.store.document(hit.document_id)
        page = case.store.page(hit.document_id, hit.page)
        if doc is None or page is None:  # deleted since indexing
            continue
        out.hits.append(SearchHit(doc.id, doc.path, hit.page, hit.score, doc.mime or "",
                                  make_snippet(page.text, prepared.terms)))
    return out


def _check_window(limit: int, offset: int) -> None:
    if limit < 1:
        raise UsageError(f"the number of hits to show (limit) must be 1 or more, not {limit}")
    if offset < 0:
        raise UsageError(f"the number of hits to skip (offset) must be 0 or more, not {offset}")
    if limit + offset > MAX_HITS:
        raise UsageError(f"limit and offset together may reach {MAX_HITS:,} hits at most, "
                         f"not {limit + offset:,}")


# --- names across scripts, compounds ---------------------------------------------------------

MAX_SPELLINGS = 12  # spellings added per word typed
# Automatic expansion of plain Latin words must not add wrong words (``Kazeminia`` must not
# bring ``کاظمین``, a district of Baghdad): it takes only near-certain spellings. ``name:``
# asks for recall and uses the names module's own threshold.
AUTO_THRESHOLD = 0.92
# A bucket of more than SMALL_BUCKET candidates (a large case) holds many ordinary words and
# other people's names a sound or two from any name: both thresholds rise by STRICTER per
# tenfold (0.75 → 0.85 for name: at 4,600 candidates), up to CERTAIN.
SMALL_BUCKET = 1_000
STRICTER = 0.15
# A spelling with no name use in the case is kept when it is near-certain, the best of its
# script and alone at the top (see _certain): the case writes some names with no title (ایران).
CERTAIN = 0.95
CERTAIN_MARGIN = 0.01
# A Persian or Arabic spelling used as a name in the case and alone at the top of its script
# (nothing else within LONE_MARGIN of it from NAME_FLOOR up) is kept from NAME_FLOOR: the
# learned costs rate some real renderings low (a silent Latin letter, an English diphthong)
# while nothing else in the case comes near. A spelling with no name use needs NEAR_CERTAIN
# and that margin (or CERTAIN and CERTAIN_MARGIN, see _certain).
NAME_FLOOR = 0.85
NEAR_CERTAIN = 0.94
LONE_MARGIN = 0.05
# Latin writes some sounds of other languages' names with the letters of another sound: French
# ``ch`` is ش (Chirac, شیراک; Machnouk, المشنوق). A key holding the first also looks among the
# keys holding the second in its place.
_KEY_ALIKE = {"CH": "SH"}
# Spellings of a name within one script differ by a doubled letter or a vowel; a sound more is
# another name (Boutin/Putin 0.966; Baradei/Brady 0.99 remain: see name_confusables.toml).
SAME_SCRIPT = 0.97
# Spellings used as names are kept within NAME_MARGIN of the best of their script (the word
# itself, when the case holds it): نصرالله for Nasrallah, not ناصر (Nasser) behind it.
NAME_MARGIN = 0.05
# A word behaves like a name when it is used as one (``kavosh.text.derived.name_uses``) on at
# least this share of the pages holding it: Latin words capitalised inside a sentence on half
# of them (``Lay`` of ``Kenneth Lay`` is no name where ``lay the groundwork`` is frequent);
# Persian and Arabic words after a title or a given name on a quarter (most mentions of a
# person need no title once introduced, but a word such as صلاح, *advisable*, used as a name
# on 2 of its 10 pages, is mostly an ordinary word).
LATIN_NAME_SHARE = 0.5
ARABIC_NAME_SHARE = 0.25
# Within the typed word's script, a spelling is judged by how the case writes about it: the
# same person is written about with the same words (Supreme Leader, Ayatollah for Khamenei and
# Khameini), another word that sounds alike with its own (Cameroon among African countries,
# not beside Cameron's Conservatives). CONTEXT_WINDOW words either side of each mention on up
# to CONTEXT_SAMPLE pages make a word's context; two contexts agree when the cosine of their
# idf-weighted word shares reaches CONTEXT_AGREES. A context needs CONTEXT_PAGES pages of the
# typed word, and of a spelling to reject it (one page of a misspelling says too little).
CONTEXT_WINDOW = 10
CONTEXT_SAMPLE = 30
CONTEXT_PAGES = 2
CONTEXT_AGREES = 0.075
# A misspelling (one slip of the keyboard: two letters swapped, one added or dropped —
# Musahrraf, Nentanyahu) that sounds like the name (the floor every spelling must pass) is
# kept when its context agrees and it is rare beside the typed word (on at most TYPO_SHARE of
# its pages): the spelling the case uses most is the name, a rare one a slip from it its
# misspelling. A letter added at the end is no slip but a suffix (Putina, Karzais: another
# form of the word). Slips are of MIN_SLIP letters or more.
TYPO_SHARE = 0.1
MIN_SLIP = 5
ORDINARY_MIN_PAGES = 1  # a Latin word typed that is on this many pages and no name: no expansion
PHRASE_SPELLINGS = 4  # spellings per word of a several-word name (phrases: their product)
NAME_SLOP = 2  # words allowed between a name's words (Kenneth L. Lay)
MAX_SPLITS = 2  # ways to split a compound typed without its half-space
_LATIN_WORD = re.compile(r"^[a-z]{3,}$")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_ARABIC_WORD = re.compile("^[\u0600-\u06ff]+$")
# Arabic-script and Latin letters in one token: a reading fault (توریmp), no name's spelling
_MIXED_SCRIPTS = re.compile("[\u0600-\u06ff][^\u0600-\u06ff]*[a-z]|[a-z][^a-z]*[\u0600-\u06ff]")
_PART_JOINER = re.compile("[\u200c\\-]")  # ZWNJ or hyphen between the parts of a name
MIN_PART = 2  # letters of each part of a compound split without a half-space


@dataclass(slots=True)
class _Expander:
    """What rewriting one query needs: the case's vocabulary and index, the spellings
    switched off, and where to record the expansions made (word typed → spellings)."""

    case: Case
    off: frozenset[str]
    explained: dict[str, list[str]]
    _pages: dict[tuple[str, ...], int] = field(default_factory=dict)
    _backend: SearchBackend | None = None
    _contexts: dict[str, dict[str, float]] = field(default_factory=dict)
    _spelt: SpellingCache = field(default_factory=dict)  # see _spellings
    as_words: list[str] = field(default_factory=list)  # see PreparedQuery.as_words

    @property
    def store(self) -> Store:
        return self.case.store

    def pages(self, tokens: tuple[str, ...]) -> int:
        """Indexed pages holding the word or phrase (the index is opened when first asked:
        a query with no word to expand never needs it)."""
        if tokens not in self._pages:
            self._pages[tokens] = self.backend().search(Terms(tokens), limit=1).total
        return self._pages[tokens]

    def backend(self) -> SearchBackend:
        """The case's index, opened when first asked."""
        if self._backend is None:
            self._backend = self.case.search_backend()
            self._backend.refresh()
        return self._backend

    def context(self, token: str) -> dict[str, float]:
        """The words around ``token`` in the case (:data:`CONTEXT_WINDOW` either side, on up
        to :data:`CONTEXT_SAMPLE` pages): word → share of the pages with it near the token,
        times its inverse page frequency (words found everywhere say nothing)."""
        if token not in self._contexts:
            hits = self.backend().search(Terms((token,)), limit=CONTEXT_SAMPLE).hits
            shares: dict[str, float] = {}
            for hit in hits:
                page = self.store.page(hit.document_id, hit.page)
                for word in _near(index_text(page.text).split() if page else [], token):
                    shares[word] = shares.get(word, 0.0) + 1.0 / len(hits)
            total = max(self.backend().count(), 1)
            self._contexts[token] = {w: share * math.log(total / max(self.pages((w,)), 1))
                                     for w, share in shares.items()}
        return self._contexts[token]

    def agreement(self, a: str, b: str) -> float:
        """How alike the contexts of two words are (cosine, 0 when either has none)."""
        first, second = self.context(a), self.context(b)
        dot = sum(v * second.get(w, 0.0) for w, v in first.items())
        norm = math.sqrt(sum(v * v for v in first.values()) *
                         sum(v * v for v in second.values()))
        return dot / norm if norm else 0.0

    def names(self, tokens: list[str]) -> set[str]:
        """Those of ``tokens`` that behave like names in this case (see the shares above), and
        titles (شیخ for the Sheikh of a name)."""
        uses = self.store.name_uses(tokens) if tokens else {}
        return {t for t in tokens if t in TITLES or (
            uses.get(t, 0) > 0 and uses[t] >= self.pages((t,)) * (
                ARABIC_NAME_SHARE if _ARABIC_SCRIPT.search(t) else LATIN_NAME_SHARE))}

    def ordinary(self, token: str) -> bool:
        """A common English word typed that this case holds, and not as a name (``crop``,
        ``lay``). Other words are never ordinary by this test: a name the cables write only
        in capitals (``HOSSEINI``) is not counted as used as a name, yet is one."""
        return (common_english(token) and self.pages((token,)) >= ORDINARY_MIN_PAGES
                and not self.names([token]))

    def record(self, word: str, spellings: list[str]) -> None:
        """Note the spellings added for ``word`` (each once), for the results page."""
        shown = self.explained.setdefault(word, [])
        for spelling in spellings:
            if spelling not in shown:
                shown.append(spelling)


def _near(tokens: list[str], token: str) -> set[str]:
    """The words within :data:`CONTEXT_WINDOW` of ``token``'s mentions in ``tokens``."""
    found: set[str] = set()
    for i, word in enumerate(tokens):
        if word == token:
            found.update(tokens[max(0, i - CONTEXT_WINDOW):i + CONTEXT_WINDOW + 1])
    found.discard(token)
    return found


def _switched_off(node: Node | None) -> list[str]:
    """The words of the ``-expand:`` switches in the query, in typed order, once each."""
    if isinstance(node, Unexpand):
        return [node.word]
    if isinstance(node, And | Or):
        return list(dict.fromkeys(w for child in node.nodes for w in _switched_off(child)))
    return []


def _typed(word: str) -> str:
    """A typed word as ``-expand:`` names it (normalised tokens joined by spaces)."""
    return " ".join(tokenize(normalize(word)))


def expand_names(ex: _Expander, node: Node) -> Node | None:
    """Rewrite name searches into the spellings this case holds, and compounds into their
    joined and split forms.

    - ``name:X`` (any script): each word becomes "this word or any indexed word that
      :func:`kavosh.text.names.name_similarity` rates as the same name", in any script;
      several words must stand together (in either order, a middle initial between).
    - A plain Latin word (``Soleimani``): also its Persian/Arabic-script spellings found in
      the case, so a reporter who cannot type Persian finds قاسم سلیمانی. Not when the case
      uses the word mostly as an ordinary word (``crop``), nor for a common English word
      typed in lower case (``onion``; ``Onion`` and ``name:onion`` still expand).
    - Only words that behave like names in the case are added (:meth:`_Expander.names`),
      never a spelling of another person of :mod:`kavosh.text.names.confusables`, never one
      switched off with ``-expand:``.
    - A Persian compound matches written joined, with a half-space or with a space
      (``احمدی‌نژاد``, ``احمدینژاد``, ``احمدی نژاد``): :func:`_compound`.

    Every expansion is recorded in ``ex.explained`` (word → spellings) for the results page.
    """
    if isinstance(node, Unexpand):
        return None
    if isinstance(node, NameQuery):
        return _name_query(ex, node.words)
    if isinstance(node, EntityQuery):
        return InDocuments(entity_document_ids(ex.case, node.value))
    if isinstance(node, Terms):
        return _terms(ex, node)
    if isinstance(node, Not):  # exclusions are not explained as matches
        inner = expand_names(_Expander(ex.case, ex.off, {}, ex._pages, ex._backend), node.node)
        return None if inner is None else Not(inner)
    if isinstance(node, And | Or):
        nodes = [n for n in (expand_names(ex, n) for n in node.nodes) if n]
        if isinstance(node, And):
            nodes = _number_runs(ex, _joined_pairs(ex, nodes))
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else type(node)(tuple(nodes))
    return node


def _terms(ex: _Expander, node: Terms) -> Node:
    """A plain word or phrase: its name spellings (Latin) or compound forms (Persian)."""
    if node.fuzzy:
        return _typo_tolerant(ex, node)
    if node.prefix or node.quoted:
        return node
    if len(node.tokens) == 1 and _ARABIC_WORD.match(node.tokens[0]):
        return _compound(ex, node)
    if not all(_LATIN_WORD.match(t) for t in node.tokens):
        return node
    if len(node.tokens) == 1:
        token = node.tokens[0]
        if token in ex.off:
            return node
        # a common English word typed in lower case is a word, even where the case also
        # capitalises it (the Senate, Prince …): a name is typed capitalised, or with name:
        if node.lowercase and common_english(token):
            ex.as_words.append(token)
            return node
        # capitalised, yet the case's Latin text holds it only as a common word (Trump: the
        # cables' trump card): only the spellings the case uses as names (ترامپ after its
        # titles), not those kept without name use, which an ordinary word makes too often
        names_only = ex.ordinary(token)
        return _alternatives(ex, token, token, any_script=False, names_only=names_only) or node
    if len(node.tokens) <= 3:  # Kazemi-Nia: Persian writes the parts as one word
        joined = "".join(node.tokens)
        shown = "-".join(node.tokens)
        spellings = [] if shown in ex.off else _spellings(ex, joined, (joined,), False)
        if spellings:
            ex.record(shown, spellings)
            return Or((node, *(Terms((t,), expanded=True) for t in spellings)))
    return node


def _typo_tolerant(ex: _Expander, node: Terms) -> Terms:
    """``word~N`` with the index's words near it (:mod:`kavosh.search.fuzzy`), which the
    engine searches and the snippets mark; as typed when the backend cannot list them."""
    near = getattr(ex.backend(), "near_words", None)
    words = near(node.tokens[0], node.fuzzy) if near is not None else None
    return node if words is None else replace(node, words=words)


def _compound(ex: _Expander, node: Terms) -> Node:
    """A Persian word and the same word split where the case writes it with a space: at its
    typed half-spaces (the parts are known), else where both parts and the phrase are
    indexed (``احمدینژاد`` typed, ``احمدی نژاد`` written) and no part of two letters is a
    function word (:func:`~kavosh.entities.lexicon.function_words`): مادر, *mother*, is not
    ما در, *we in*, nor اسمان (آسمان, *sky*) اسم ان, *its name*; a name's short part is no
    function word (محمدی فر)."""
    word = node.tokens[0]
    if word in ex.off:
        return node
    splits = [node.parts] if node.parts else [
        (word[:i], word[i:]) for i in range(MIN_PART, len(word) - MIN_PART + 1)
        if not _function_part(word[:i]) and not _function_part(word[i:])]
    found = [s for s in splits if " ".join(s) not in ex.off and ex.pages(s) > 0][:MAX_SPLITS]
    if not found:
        return node
    ex.record(word, [" ".join(s) for s in found])
    return Or((node, *(Terms(s, expanded=True) for s in found)))


def _function_part(part: str) -> bool:
    """A part that makes a split two words, not a compound: a function word of
    :data:`MIN_PART` letters (ما, در, به, از, ان). Longer parts are left to the index (a
    name's parts are that long: نیا, پور, زاده), and a name's two-letter part (فر) is no
    function word. The cost: درباره no longer also finds در باره (one word, spelt apart)."""
    return len(part) <= MIN_PART and part in function_words()


def _joined_pairs(ex: _Expander, nodes: list[Node]) -> list[Node]:
    """Two Persian words typed apart (``احمدی نژاد``) also match the case's joined word
    (``احمدی‌نژاد`` normalises to ``احمدینژاد``) where the index holds it."""
    out: list[Node] = []
    for node in nodes:
        last = out[-1] if out else None
        if (isinstance(last, Terms) and isinstance(node, Terms) and not last.quoted
                and not node.quoted and not last.prefix and not node.prefix
                and len(last.tokens) == len(node.tokens) == 1
                and _ARABIC_WORD.match(last.tokens[0]) and _ARABIC_WORD.match(node.tokens[0])):
            joined = last.tokens[0] + node.tokens[0]
            typed = f"{last.tokens[0]} {node.tokens[0]}"
            if typed not in ex.off and joined not in ex.off and ex.pages((joined,)) > 0:
                ex.record(typed, [joined])
                out[-1] = Or((And((last, node)), Terms((joined,), expanded=True)))
                continue
        out.append(node)
    return out


def _number_runs(ex: _Expander, nodes: list[Node]) -> list[Node]:
    """Groups of digits typed apart (``0912 345 6789``, ``+98 912 345 6789``), of
    :data:`~kavosh.text.numbers.MIN_DIGITS` digits or more in all: also the number they make,
    a phrase the index also finds however the case groups it (its digits joined, its
    national form: :mod:`kavosh.text.numbers`)."""
    out: list[Node] = []
    run: list[Terms] = []

    def close() -> None:
        digits = "".join(t.tokens[0] for t in run)
        if len(run) > 1 and len(digits) >= MIN_DIGITS:
            typed = " ".join(t.tokens[0] for t in run)
            ex.record(typed, [digits])
            out.append(Or((And(tuple(run)), Terms(tuple(t.tokens[0] for t in run),
                                                  expanded=True))))
        else:
            out.extend(run)
        run.clear()

    for node in [*nodes, None]:
        if (isinstance(node, Terms) and len(node.tokens) == 1 and node.tokens[0].isdigit()
                and node.tokens[0].isascii() and not (node.quoted or node.prefix or node.fuzzy)):
            run.append(node)
            continue
        close()
        if node is not None:
            out.append(node)
    return out


def _name_query(ex: _Expander, words: tuple[str, ...]) -> Node | None:
    """``name:`` one word: its spellings; several: the phrases of their spellings, each in
    one script, in the typed order or surname first, titles (Sheikh, شیخ) optional."""
    if len(words) == 1:
        return _with_split_spellings(ex, words[0])
    options = [o for o in (_word_spellings(ex, word) for word in words) if o[0]]
    if not options:
        return None
    phrases: list[Node] = []
    typed = tuple(t for own, _, _ in options for t in own.split())  # ranks first
    for script in (False, True):
        in_script = [([s for s in [own, *spellings] if _script(s) == script], title)
                     for own, spellings, title in options]
        for kept in _with_and_without_titles(in_script):
            if kept and all(kept):
                orders = [kept] if len(kept) == 1 else [kept, [kept[-1], *kept[:-1]]]
                phrases += [Terms(c, slop=NAME_SLOP, expanded=c != typed)
                            for order in orders for c in _product(order)]
    unique = list(dict.fromkeys(phrases))
    if not unique:  # no script holds every word: the words as typed
        return Terms(tuple(t for own, _, _ in options for t in own.split()), slop=NAME_SLOP)
    return unique[0] if len(unique) == 1 else Or(tuple(unique))


def _with_and_without_titles(
    options: list[tuple[list[str], bool]],
) -> list[list[list[tuple[str, ...]]]]:
    """Each word's token sequences: of all the words, and (if some are titles) of the others."""
    full = [[tuple(s.split()) for s in spellings] for spellings, _ in options]
    bare = [[tuple(s.split()) for s in spellings] for spellings, title in options if not title]
    return [full, bare] if bare and len(bare) != len(full) else [full]


def _product(options: list[list[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """Each choice of one token sequence per word, joined in order."""
    out: list[tuple[str, ...]] = [()]
    for choices in options:
        out = [done + choice for done in out for choice in choices]
    return out


def _word_spellings(ex: _Expander, word: str) -> tuple[str, list[str], bool]:
    """One word of a several-word ``name:``: its own tokens (joined by spaces), its best
    spellings, and whether it is a title (or spelt as one: Sheikh → شیخ)."""
    own = " ".join(tokenize(normalize(word)))
    if not own:
        return "", [], False
    spellings = [] if own in ex.off else _spellings(ex, word, tuple(own.split()), True)
    spellings = spellings[:PHRASE_SPELLINGS]
    if spellings:
        ex.record(word, spellings)
    return own, spellings, own in TITLES or any(s in TITLES for s in spellings)


def _with_split_spellings(ex: _Expander, word: str) -> Node | None:
    """``name:`` word alternatives; a compound (``کاظمی‌نیا``, ``Kazemi-Nia``) may also be
    written as two words in the other script (``Kazemi Nia``): its parts' spellings are
    searched as phrases too."""
    whole = _alternatives(ex, word, word, any_script=True)
    # parts the normaliser keeps apart: خامنه‌ای is one word (ای is a suffix), کاظمی‌نیا two
    parts = [p for p in _PART_JOINER.split(word) if p and len(tokenize(normalize(p))) == 1]
    if len(tokenize(normalize(" ".join(parts)))) != 2:
        parts = []
    if whole is None or len(parts) != 2 or _typed(word) in ex.off:
        return whole
    split = [_spellings(ex, part, tuple(tokenize(normalize(part))), any_script=True)[:2]
             for part in parts]
    phrases = [Terms((a, b), expanded=True) for a in split[0] for b in split[1]
               if _ARABIC_SCRIPT.search(a) is None and _ARABIC_SCRIPT.search(b) is None
               and f"{a} {b}" not in ex.off]
    if not phrases:
        return whole
    ex.record(word, [f"{p.tokens[0]} {p.tokens[1]}" for p in phrases])
    alternatives = whole.nodes if isinstance(whole, Or) else (whole,)
    return Or((*alternatives, *phrases))


def _spellings(ex: _Expander, word: str, own: tuple[str, ...], any_script: bool) -> list[str]:
    """:func:`_find_spellings`, each word once per ``ex._spelt`` (a query, or a batch)."""
    key = (word, own, any_script, ex.off)
    if key not in ex._spelt:
        ex._spelt[key] = _find_spellings(ex, word, own, any_script)
    return list(ex._spelt[key])


def _find_spellings(ex: _Expander, word: str, own: tuple[str, ...],
                    any_script: bool) -> list[str]:
    """Indexed words other than ``own`` (the word's own tokens) that :func:`name_similarity`
    rates as the same name (:func:`_rated`: with the ع a doubled a marks), best first, among
    those that are no other person's (:func:`different_people`) and not switched off, and
    that either behave like names in the case (:meth:`_Expander.names`) or are,
    near-certainly, the word's best spelling in their script (:data:`CERTAIN`: a name the
    case never writes after a title, بوش for Bush, yet not پوشش, a runner-up), or are the
    Arabic-script spelling alone at the top (:func:`_lone`: بلر for Blair), or, with
    ``name:``, the typed word's very sounds (:func:`_same_sounds`); never a given name rated
    below :data:`CERTAIN` (:func:`_another_given_name`), nor a token of both scripts
    (:data:`_MIXED_SCRIPTS`), nor, for a Latin name that looks foreign
    (:func:`~kavosh.text.names.origin.looks_foreign`), an Arabic-script word with Arabic's own
    letters (Comey is no قمی). A key holding ``CH`` also looks among the keys with ``SH``
    there (:data:`_KEY_ALIKE`)."""
    keys = name_keys(word)
    if not keys:
        return []
    # name: looks wider (first sound only), so short names whose keys differ in length
    # (نیا → NY, nia → N) still meet; the automatic expansion stays narrow and fast. Each key
    # another script may file the name under is looked in (علاوی is keyed ALVI, Allawi LVI).
    width = 1 if any_script else 2
    prefixes = [key[:width] for key in keys]
    prefixes += [key.replace(sound, other, 1)[:width] for key in keys
                 for sound, other in _KEY_ALIKE.items() if sound in key]
    if _LATIN_WORD.match(word.lower()):
        prefixes += [p for key in keys for p in _written_alike(word, key, any_script)]
        if s_cluster(word.lower()):
            prefixes.append(_PROSTHETIC)  # Stalin, Scott: Persian writes استالین, اسکات
    buckets = [vocabulary_candidates(ex.case, p) for p in dict.fromkeys(prefixes)]
    threshold = _threshold(MATCH_THRESHOLD if any_script else AUTO_THRESHOLD, len(buckets[0]))
    typed, same = _script(word), max(threshold, SAME_SCRIPT)
    floor = min(threshold, NAME_FLOOR)
    found: list[tuple[float, str]] = []
    near: list[tuple[float, str]] = []  # Arabic-script words from NAME_FLOOR up (see _lone)
    slips: list[str] = []  # one slip from the typed word (see _by_context)
    best: dict[bool, float] = {}  # script (Arabic or not) → the best score in it
    # a foreign name is no Arabic-script word with Arabic's own letters (Comey is no قمی)
    foreign = looks_foreign(word)
    ayn = ayn_reading(word)
    # only the tokens that may score ``floor`` (a proven bound: kavosh.text.names.prefilter)
    for token in dict.fromkeys(t for b in buckets for typed_as in (word, ayn) if typed_as
                               for t in b.candidates(typed_as, floor, own, latin=any_script)
                               if typed_as == word or AYN in t):
        if foreign and arabic_own(token):
            continue
        if token in own:  # the word itself is in the case: the best spelling of its script
            best[_script(token)] = 1.0
        elif token not in ex.off and (any_script or _ARABIC_SCRIPT.search(token)) \
                and not _MIXED_SCRIPTS.search(token):
            score = _rated(word, token)
            if score < floor or different_people(word, token):
                continue
            if any_script and len(own) == 1 and _one_slip(own[0], token):
                slips.append(token)
            if score >= (same if _script(token) == typed else threshold):
                found.append((score, token))
            if _script(token) and _script(token) != typed:
                near.append((score, token))
    found.sort(key=lambda f: (-f[0], f[1]))
    for score, token in found:
        best.setdefault(_script(token), score)
    names = ex.names([t for _, t in found])
    kept = [t for score, t in found if (t in names or _same_sounds(score, t, typed))
            and score >= best[_script(t)] - NAME_MARGIN and not spelling_disagrees(word, t)]
    kept += [t for t in _certain(ex, word, found, best) if t not in kept]
    kept += [t for t in _lone(ex, word, near) if t not in kept]
    kept += [t for t in _with_article(ex, kept) if t not in kept]
    if any_script and len(own) == 1:
        kept = _by_context(ex, own[0], kept, slips, typed)
    kept = [t for t in kept if not _another_given_name(word, t)]
    return _i_written(word, kept)[:MAX_SPELLINGS]


AYN = "ع"
# an a doubled after a consonant: Arabic romanised, the ع between two a's, or after one at the
# end (Saad سعد, Jaafar جعفر, Meshaal مشعل, Sharaa شرع)
_DOUBLED_A = re.compile(r"(?<=[b-df-hj-np-tv-z])aa(?=(?P<end>$)?)")


@lru_cache(maxsize=65_536)  # asked again for every candidate token that writes a ع
def ayn_reading(word: str) -> str | None:
    """The Latin ``word`` read with the ع its doubled a marks (:data:`_DOUBLED_A`: Saad as
    Sad, Sharaa as Shar; the ع is silent to :func:`name_similarity`, so the letters around it
    are what is left), or None when it has none or looks foreign (Haarlem, Maas:
    :func:`~kavosh.text.names.origin.looks_foreign`). Compared only with Arabic-script words
    that write the ع: سعد is Saad, but سد, *dam*, is no spelling of it."""
    if not _LATIN_WORD.match(word.lower()) or looks_foreign(word):
        return None
    read = _DOUBLED_A.sub(lambda m: "" if m.group("end") is not None else "a", word.lower())
    return read if read != word.lower() else None


def _rated(word: str, token: str) -> float:
    """:func:`name_similarity` of the typed ``word`` and an indexed ``token``, the ``word``
    also read with the ع its doubled a marks when ``token`` writes one (:func:`ayn_reading`)."""
    score = name_similarity(word, token)
    ayn = ayn_reading(word) if AYN in token else None
    return max(score, name_similarity(ayn, token)) if ayn else score


def _another_given_name(word: str, token: str) -> bool:
    """Whether ``token`` is an Arabic-script given name (:data:`GIVEN_NAMES`) rated below
    :data:`CERTAIN` for ``word``: the case counts a given name as used as a name wherever it
    stands, so that says nothing of whose name it is, and a surname merely near one is
    another name (Kosaner is no الکساندر, Idenov no ایدین; Omar is عمر, 0.99)."""
    return token in GIVEN_NAMES and _script(token) and _rated(word, token) < CERTAIN


ARTICLE = "ال"
MIN_ARTICLE_STEM = 4  # letters of a name read with the article: البرز is no al-برز


def _with_article(ex: _Expander, kept: list[str]) -> list[str]:
    """The Arabic article's forms of the Arabic-script spellings kept (المهدی for مهدی,
    السعود for سعود) that the case holds: the same name, as Arabic writes it. Only for
    spellings of :data:`MIN_ARTICLE_STEM` letters or more (البرز, the mountains, is no
    al-برز)."""
    return [ARTICLE + t for t in kept if _ARABIC_WORD.match(t) and len(t) >= MIN_ARTICLE_STEM
            and not t.startswith(ARTICLE) and ex.pages((ARTICLE + t,)) > 0]


# a Latin i between consonants inside a word, after an a: Majidi, Rashidi, Nasiri
_MEDIAL_I = re.compile(r"a[b-df-hj-np-tv-z]+i[b-df-hj-np-tv-z]")


def _i_written(word: str, kept: list[str]) -> list[str]:
    """``kept`` without the spellings that write a Latin ``a`` ا and leave out the ``i``
    after it, where another kept spelling of the same consonants writes that i ی and not
    the ا: Persian romanises its ī i and its short i e, so Majidi is مجیدی, and ماجدی,
    Majedi (Arabic Mājidī), is another name (Rashidi رشیدی, not راشدی; Nasiri نصیری, not
    ناصری or الناصری)."""
    if not _MEDIAL_I.search(word.lower()):
        return kept
    bare = {t.replace("ی", "", 1) for t in kept if "ی" in t[1:-1]}
    return [t for t, stem in ((t, _strip_article(t)) for t in kept)
            if stem.replace("ا", "", 1) not in bare or "ی" in stem[1:-1]]


def _strip_article(token: str) -> str:
    """``token`` without the Arabic article (الناصری → ناصری), when a stem is left."""
    return token[len(ARTICLE):] if token.startswith(ARTICLE) and len(token) > 4 else token


_DIGRAPH_KEYS = frozenset({"KH", "SH", "ZH", "CH", "GH"})  # one sound in two key letters
# one consonant (a letter, or gh, th, ph, bh, dh, keyed as one), then an i before a vowel, a v
# or a w, or an e before a, o or w: Kiani, Ghiami, Divsalar, Deora, Newberg (ی before a vowel
# or و is read a consonant, y)
_I_BEFORE_VOWEL = re.compile(r"^(?:[b-df-hj-np-tv-z]|[bdgpt]h)(?:i[aeouvw]|e[aow])")
# one consonant letter, then a u (or ou, au) before a vowel or a y, or an ow or oy: Fuentes,
# Guardiola, Rouintan, Tuyserkani, Nauert, Downer, Moyes (و, w)
_U_BEFORE_VOWEL = re.compile(r"^[b-df-hj-np-tv-z](?:[ao]?u[aeioy]|o[wy])")
# A Latin word starting with s and a consonant (sounds.s_cluster): Persian writes a vowel
# before them, so its spellings are keyed A S (اسکات for Scott), for name: too (the first
# sound alone, A, is a bucket of every word that starts with a vowel).
_PROSTHETIC = "AS"
# a first s of a word standing between vowels (Rosenberg, Eisenhower): English and German say
# it z, and Persian writes ز (روزنبرگ, ایزنهاور)
_S_BETWEEN_VOWELS = re.compile(r"^[^aeiouy]*[aeiouy]+s[aeiouy]")
_SOFT_G = ("ge", "gi", "gy")  # an English g before them is said j (Gerrard جرارد, Giles جایلز)


def _written_alike(word: str, key: str, wide: bool) -> list[str]:
    """Other two-sound key prefixes under which Persian may file the Latin ``word`` (keyed
    ``key``) for the automatic expansion (``wide``, for ``name:``, looks by the first sound
    and gets none): a Latin k written ق (Mekdad مقداد: MK, MQ; Kassem قاسم: KS, QS); a
    second sound Persian writes as a vowel or not at all (Tavakoli توکلی: TV, TK; Zayed زاید:
    ZY, ZD; Bhutto بوتو: BH, BT) — a v, not a w, which Persian writes after its vowel
    (Powell پاول); a first i written ای (Ivanov ایوانف: AV, AY); a first th, keyed as ث,
    written ت (Thaksin تاکسین: SK, TK); and, after the first consonant, an i before a vowel,
    a v or a w, or an e before a, o or w, written ی read as a y (Kiani کیانی: KN, KY;
    Divsalar دیوسالار: DV, DY), or a u, ou or au before a vowel or a y (or an ow or oy)
    written و as a w (Fuentes فوینتس: FN, FV; Tuyserkani تویسرکانی: TS, TV; Moyes مویس: MS,
    MV); and, for a foreign name (:func:`~kavosh.text.names.origin.looks_foreign`), a first s
    between vowels written ز (Rosenberg روزنبرگ: RS, RZ) and a first g before e, i or y
    written ج (Gerrard جرارد: GR, JR). The threshold stays that of the word's own bucket."""
    if wide or len(key) < 2:
        return []
    word = word.lower()
    out = ["Q" + key[1]] if key[0] == "K" and key[:2] != "KH" else []
    if key[1] == "K":
        out.append(key[0] + "Q")
    vowel_like = "YH" + ("V" if "v" in word else "")
    if len(key) > 2 and key[1] in vowel_like and key[:2] not in _DIGRAPH_KEYS:
        out.append(key[0] + key[2])
    if word[:1] in "ie" and key[0] == "A":
        out.append("AY")
    if word[:2] == "th" and key[0] == "S":
        out.append("T" + key[1])  # a foreign th is written ت (Thaksin تاکسین, Thatcher تاچر)
    if _I_BEFORE_VOWEL.match(word):
        out.append(key[0] + "Y")  # the i before a vowel is written ی, a y (Kiani کیانی)
    if word[:3] in ("zol", "zul"):
        out.append("ZV")  # the Arabic dhu'l, joined: ذوالفقاری, keyed ZV (Zolfaghari: ZL)
    # English and German sounds, not a romanised Persian or Arabic name's (Musavi موسوی, Gerami
    # گرامی): only for a foreign name
    if key[1] == "S" and _S_BETWEEN_VOWELS.match(word) and looks_foreign(word):
        out.append(key[0] + "Z")  # an s between vowels is said z: Rosenberg روزنبرگ
    if key[0] == "G" and word[:2] in _SOFT_G and looks_foreign(word):
        out.append("J" + key[1])  # a g before e, i, y is said j: Gerrard جرارد
    if _U_BEFORE_VOWEL.match(word):
        out.append(key[0] + "V")  # a u before a vowel or y, an ow, oy: و (Fuentes فوینتس)
    return out


def _by_context(ex: _Expander, word: str, kept: list[str], slips: list[str],
                typed: bool) -> list[str]:
    """``kept`` judged by context where the case holds ``word`` (the typed word) on
    :data:`CONTEXT_PAGES` pages or more: a spelling of its script found on as many pages
    whose context does not agree with the word's (:meth:`_Expander.agreement`) is another
    word that sounds alike, and goes; a rare near spelling (``slips``, each on at most
    :data:`TYPO_SHARE` of the word's pages) whose context agrees is a misspelling, and is
    added. Spellings of the other script are left as they are (their contexts are in another
    language)."""
    pages = ex.pages((word,))
    if pages < CONTEXT_PAGES:
        return kept
    out = [t for t in kept if _script(t) != typed or ex.pages((t,)) < CONTEXT_PAGES
           or ex.agreement(word, t) >= CONTEXT_AGREES]
    return out + [t for t in slips if t not in out and ex.pages((t,)) <= TYPO_SHARE * pages
                  and ex.agreement(word, t) >= CONTEXT_AGREES]


_VOWEL_LETTERS = frozenset("اوی")


def _vowel_slip(word: str, other: str) -> bool:
    """Whether ``other`` is ``word`` one slip apart (:func:`_one_slip`) in an Arabic-script
    vowel letter (ا و ی), or a Latin word so: a long vowel written or not is one name written
    twice (ایبراهیموویچ, ایبراهموویچ), but a consonant more is another name (شعبانی, Sha'bani,
    beside شبانی; الهی, Elahi, beside اهی). So is an Arabic-script word of
    :data:`MIN_VOWEL_SLIP` letters or more with another vowel letter in the place of one
    (two translators' سولیوان and سالیوان for Sullivan: :func:`_vowel_replaced`)."""
    if _ARABIC_SCRIPT.search(word) and _vowel_replaced(word, other):
        return True
    if not _one_slip(word, other):
        return False
    if not _ARABIC_SCRIPT.search(word) or len(word) == len(other):
        return True  # two letters swapped
    shorter, longer = sorted((word, other), key=len)
    return longer[_first_difference(shorter, longer)] in _VOWEL_LETTERS  # the letter more


def _vowels_apart(word: str, other: str) -> bool:
    """Whether two Arabic-script words have the same first letter and the same letters after
    it but for vowel letters (ا و ی) written or not: a foreign name's short vowels are written
    as each translator hears them (وتل, ویتل, وتیل for Vettel; ورستاپن, ویرستاپین). Asked only
    for a foreign name (:func:`~kavosh.text.names.origin.looks_foreign`): Arabic and Persian
    words of one root differ just so (خاتمی, ختمی; بشار, بشر), and so do their names."""
    return word[:1] == other[:1] and _consonants(word[1:]) == _consonants(other[1:])


_PLACES = ("LOC", "ORG")


def _known_place(token: str) -> bool:
    """Whether ``token`` alone is a place or an organisation of the gazetteer (هلند, Holland):
    a word of its own, not a translator's spelling of a name."""
    return any(kind in _PLACES for _, _, kind in gazetteer_matches((token,)))


def _consonants(word: str) -> str:
    """``word`` without its vowel letters (ا و ی)."""
    return "".join(letter for letter in word if letter not in _VOWEL_LETTERS)


MIN_VOWEL_SLIP = 5  # letters (a short word is another word as often: ختمی, حتمی)


def _vowel_replaced(word: str, other: str) -> bool:
    """Whether two Arabic-script words of :data:`MIN_VOWEL_SLIP` letters or more, of one
    length, differ only in one vowel letter (ا و ی) written in the place of another."""
    if len(word) != len(other) or len(word) < MIN_VOWEL_SLIP:
        return False
    diff = _differences(word, other)
    return len(diff) == 1 and {word[diff[0]], other[diff[0]]} <= _VOWEL_LETTERS


# Last letters that write one sound two ways, and the fewest letters a word must have for it:
# the alef maksura, ی or ا (مقتدی, مقتدا for Moqtada; موسی, موسا), and a foreign final s,
# س or ز (چمبرس, چمبرز for Chambers: English says a final s z).
_LAST_TWICE = {frozenset("یا"): 3, frozenset("سز"): 4}


def _last_twice(word: str, other: str) -> bool:
    """Whether ``word`` and ``other`` are one name whose last letter is written once one way
    and once the other (:data:`_LAST_TWICE`)."""
    return (len(word) == len(other) and word[:-1] == other[:-1]
            and len(word) >= _LAST_TWICE.get(frozenset((word[-1], other[-1])), len(word) + 1))


_CLUSTER_FIRST = frozenset("سشز")  # a foreign s-cluster's first letter (Scott, Schmidt)


def _prosthetic_twice(word: str, other: str) -> bool:
    """Whether ``word`` and ``other`` are one foreign name starting with an s-cluster, once
    written with the vowel Persian puts before it and once without (اسپیت, سپیت for Spieth):
    the one is ا and the other, which starts with س, ش or ز and a consonant letter. From
    five letters up :func:`_vowel_slip` says so already (a vowel letter more); this is for
    the shorter ones, where a letter more is as often another word."""
    shorter, longer = sorted((word, other), key=len)
    return (longer == "ا" + shorter and len(shorter) >= 3 and shorter[0] in _CLUSTER_FIRST
            and shorter[1] not in _VOWEL_LETTERS)


def _one_slip(word: str, other: str) -> bool:
    """Whether ``other`` is ``word`` typed with one slip (:data:`MIN_SLIP` letters or
    more): two neighbouring letters swapped, one letter dropped, or one added anywhere but at
    the end. A letter replaced is no slip here: it makes another name too often (Osama for
    Obama)."""
    if min(len(word), len(other)) < MIN_SLIP or word == other:
        return False
    if len(word) == len(other):
        diff = _differences(word, other)
        return (len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == other[diff[1]]
                and word[diff[1]] == other[diff[0]])
    added = len(other) > len(word)
    shorter, longer = (word, other) if added else (other, word)
    if len(longer) != len(shorter) + 1:
        return False
    i = _first_difference(shorter, longer)
    if added and i == len(shorter):
        return False  # a letter added at the end: a suffix
    return longer[:i] + longer[i + 1:] == shorter


def _differences(word: str, other: str) -> list[int]:
    """Where two words of one length have different letters."""
    return [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]


def _first_difference(shorter: str, longer: str) -> int:
    """Where ``longer``, one letter longer, first differs from ``shorter`` (the length of
    ``shorter`` when it only adds a last letter)."""
    return next((i for i, (a, b) in enumerate(zip(shorter, longer[:-1], strict=True))
                 if a != b), len(shorter))


def _same_sounds(score: float, token: str, typed: bool) -> bool:
    """A spelling of the typed word's script with the very same sounds (letters doubled or
    not, ``c`` for ``k``): ``Musharaff`` for Musharraf, kept without name use (a cable
    writes names in capitals, which are not counted as used as names). Not a common English
    word: that is another word of the same sounds (``query`` for Kerry, ``rise`` for Rice)."""
    return score >= 1.0 and _script(token) == typed and (typed or not common_english(token))


def _lone(ex: _Expander, word: str, near: list[tuple[float, str]]) -> list[str]:
    """The best Arabic-script spelling of ``near`` (those from :data:`NAME_FLOOR` up), when
    nothing else comes within :data:`LONE_MARGIN` of it and it is used as a name in the case
    (بلر for Blair), or, unused so, is rated :data:`NEAR_CERTAIN` and no everyday word
    (:func:`_ordinary`; کرشنر for Kirchner). A runner-up near it is another word of the same
    sound (صلاح beside صالح): then none is kept this way. Everyday words of the labelled data
    and words whose vowels disagree with the typed word's are neither (they are no spellings
    of it, so they neither win nor stand near the winner)."""
    ranked = sorted(((score, t) for score, t in near if not _no_spelling(word, t)),
                    key=lambda f: (-f[0], f[1]))
    if not ranked or (len(ranked) > 1 and ranked[1][0] > ranked[0][0] - LONE_MARGIN):
        return []
    score, token = ranked[0]
    if token in ex.names([token]):
        return [token]
    return [token] if score >= NEAR_CERTAIN and not _ordinary(ex, word, token) else []


def _script(token: str) -> bool:
    """True for Arabic script (the two scripts compared within)."""
    return _ARABIC_SCRIPT.search(token) is not None


def _certain(ex: _Expander, word: str, found: list[tuple[float, str]],
             best: dict[bool, float]) -> list[str]:
    """Spellings kept without name use in the case: per script, the best one when it is
    near-certain (:data:`CERTAIN`), alone at the top (no other within
    :data:`CERTAIN_MARGIN`: several words equally close are ordinary words of a common
    sound, سلاح صلاح ساله for Saleh; but those a vowel letter more, less or other or two
    letters swapped from it, with its alef maksura or its final s written the other way, or
    its s-cluster with or without the ا before it, are the same name written twice, and kept
    with it: :func:`_vowel_slip`, :func:`_last_twice`, :func:`_prosthetic_twice`; for a
    foreign name, any vowel letters written or not, :func:`_vowels_apart`, unless one of the
    two is a place of the gazetteer, :func:`_known_place`: هالند, هلند for Hollande) and no
    everyday word: in Persian, :func:`_ordinary` (الان, *now*, for Aoun; لوله, seen as
    لوله‌ها); in Latin, a common English word (:func:`~kavosh.text.english.common_english`:
    ``query`` is no spelling of Kerry)."""
    out = []
    foreign = looks_foreign(word)
    for script in (True, False):
        ranked = [(score, t) for score, t in found if _script(t) == script
                  and score >= CERTAIN - CERTAIN_MARGIN
                  and not (_ordinary(ex, word, t) if script else common_english(t))]
        # the best of its script but for everyday words (صدر for Sadr behind صادر, *issued*)
        # and the typed word itself (best 1.0: the case holds it, so it is the best spelling)
        if not ranked or ranked[0][0] < CERTAIN or best[script] >= 1.0 > ranked[0][0]:
            continue
        top = ranked[0][1]
        near = [t for score, t in ranked[1:] if score >= ranked[0][0] - CERTAIN_MARGIN]
        # a runner-up a vowel letter from the best is the same name written twice
        # (ایبراهیموویچ, ایبراهموویچ for Ibrahimovic), no rival sound: both are kept
        if all(_vowel_slip(top, t) or _last_twice(top, t) or _prosthetic_twice(top, t)
               or (script and foreign and _vowels_apart(top, t)
                   and not _known_place(top) and not _known_place(t)) for t in near):
            out += [top, *near]
    return out


_PLURALS = ("ها", "های")


def _ordinary(ex: _Expander, word: str, token: str) -> bool:
    """A Persian ``token`` that is an everyday word, not a spelling of the typed ``word``:
    known to the labelled data only as an ordinary word
    (:func:`~kavosh.entities.lexicon.ordinary_words`: الان, *now*, is no spelling of Aoun),
    without the vowels or consonants the Latin name shows
    (:func:`~kavosh.text.names.spelling.spelling_disagrees`: بشر, *mankind*, is no spelling of
    Bashir), or inflected as a noun (:func:`_inflected`)."""
    return _no_spelling(word, token) or _inflected(ex, token)


def _no_spelling(word: str, token: str) -> bool:
    """A Persian ``token`` that is no spelling of the typed ``word`` whatever it scores: an
    everyday word of the labelled data, or one whose vowels or digraphs disagree with the
    word's (the part of :func:`_ordinary` that needs no look in the index)."""
    return token in ordinary_words() or spelling_disagrees(word, token)


def _inflected(ex: _Expander, token: str) -> bool:
    """A Persian word seen with a plural suffix, a plural of an indexed word, or an indexed
    word ending in ه with the suffix ای the index joins to it (غده‌ای, *a gland*, written
    غدهای: no spelling of Ghaedi)."""
    if any(ex.pages((token + suffix,)) for suffix in _PLURALS):
        return True
    if token.endswith("های") and len(token) > 4 and ex.pages((token[:-2],)):
        return True
    return any(token.endswith(s) and len(token) > len(s) + 1 and ex.pages((token[:-len(s)],))
               for s in _PLURALS)


def _threshold(base: float, candidates: int) -> float:
    """``base`` raised where the bucket is large: among more candidates, more ordinary words
    and other people's names come a sound or two from any name (see :data:`STRICTER`)."""
    if candidates <= SMALL_BUCKET:
        return base
    return min(CERTAIN, base + STRICTER * math.log10(candidates / SMALL_BUCKET))


def _alternatives(ex: _Expander, word: str, shown: str, any_script: bool,
                  names_only: bool = False) -> Node | None:
    """``word`` or its spellings (:func:`_spellings`; with ``names_only``, only those the
    case uses as names), recorded under ``shown``; None when it has no tokens."""
    own = tuple(tokenize(normalize(word)))
    if not own:
        return None
    spellings = [] if _typed(word) in ex.off else _spellings(ex, word, own, any_script)
    if names_only:
        named = ex.names(spellings)
        spellings = [t for t in spellings if t in named]
    base: Node = Terms(own)
    if not spellings:
        return base
    ex.record(shown, spellings)
    return Or((base, *(Terms((t,), expanded=True) for t in spellings)))


def expansion_hits(backend: SearchBackend, prepared: PreparedQuery) -> dict[str, int]:
    """Each spelling the query added → how many indexed pages hold it (shown next to it, so
    a reader sees which one brings the hits)."""
    return {spelling: backend.search(Terms(tuple(spelling.split())), limit=1).total
            for spellings in prepared.expansions.values() for spelling in spellings}
