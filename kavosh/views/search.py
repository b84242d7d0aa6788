"""Search as a reporter sees it: hits with their document's path, page and a snippet.

A typed query is prepared once (:func:`prepare_query`: parsed, normalised, names expanded to the
case's spellings); the same :class:`~kavosh.search.PreparedQuery` runs the search, marks the
snippets, and marks the document page a hit links to (``kavosh.views.document``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kavosh.case import Case
from kavosh.model.errors import UsageError
from kavosh.search import parse
from kavosh.search.highlight import Snippet, make_snippet
from kavosh.search.query import And, NameQuery, Node, Not, Or, PreparedQuery, Terms
from kavosh.store import Store
from kavosh.text import normalize, tokenize
from kavosh.text.names import MATCH_THRESHOLD, name_key, name_similarity


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

    @property
    def expansions(self) -> Mapping[str, list[str]]:
        """Word typed → other spellings searched too, to show the reader."""
        return self.prepared.expansions


MAX_HITS = 1_000_000  # limit + offset: the backend sets aside room for that many hits at once


def prepare_query(case: Case, text: str) -> PreparedQuery:
    """The one way a typed query becomes a :class:`PreparedQuery`: parsed, normalised, and
    names expanded to the spellings this case holds (:func:`expand_names`).

    Raises :class:`~kavosh.search.QueryError` (with the position) when it cannot be read. A
    query with nothing searchable is not an error here (``prepared.empty``): each face
    decides (the command line refuses it, the web UI asks for words).
    """
    node = parse(text)
    expansions: dict[str, list[str]] = {}
    if node is not None:
        node = expand_names(case.store, node, expansions)
    return PreparedQuery(text, node, expansions)


def search(case: Case, query: str | PreparedQuery, limit: int = 20,
           offset: int = 0) -> SearchResults:
    """Run ``query`` (see ``kavosh.search.query`` for the language) over the case.

    ``limit`` must be at least 1 and ``offset`` at least 0, their sum at most
    :data:`MAX_HITS`; otherwise :class:`UsageError`.
    """
    _check_window(limit, offset)
    prepared = query if isinstance(query, PreparedQuery) else prepare_query(case, query)
    out = SearchResults(prepared)
    if prepared.node is None:
        return out
    backend = case.search_backend()
    backend.refresh()
    results = backend.search(prepared.node, limit=limit, offset=offset)
    out.total = results.total
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


# --- names across scripts ------------------------------------------------------------------

MAX_SPELLINGS = 12  # spellings added per word typed
# Automatic expansion of plain Latin words must not add wrong words (``Kazeminia`` must not
# bring ``کاظمین``, a district of Baghdad): it takes only near-certain spellings. ``name:``
# asks for recall and uses the names module's own threshold.
AUTO_THRESHOLD = 0.92
_LATIN_WORD = re.compile(r"^[a-z]{3,}$")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def expand_names(store: Store, node: Node, explained: dict[str, list[str]]) -> Node | None:
    """Rewrite name searches into the spellings this case holds.

    - ``name:X`` (any script): each word becomes "this word or any indexed word that
      :func:`kavosh.text.names.name_similarity` rates as the same name", in any script.
    - A plain Latin word (``Soleimani``): also its Persian/Arabic-script spellings found in
      the case, so a reporter who cannot type Persian finds قاسم سلیمانی. Latin words are
      rarely ordinary Persian words, so this does not flood word searches; Persian-script
      words are left exact unless asked for with ``name:``.

    Every expansion is recorded in ``explained`` (word → spellings) for the results page.
    """
    if isinstance(node, NameQuery):
        parts = [_with_split_spellings(store, word, explained) for word in node.words]
        kept = [p for p in parts if p is not None]
        return kept[0] if len(kept) == 1 else And(tuple(kept)) if kept else None
    if isinstance(node, Terms):
        if node.prefix or node.quoted or not all(_LATIN_WORD.match(t) for t in node.tokens):
            return node
        if len(node.tokens) == 1:
            return _alternatives(store, node.tokens[0], node.tokens[0], explained,
                                 any_script=False) or node
        if len(node.tokens) <= 3:  # Kazemi-Nia: Persian writes the parts as one word
            joined = "".join(node.tokens)
            spellings = _spellings(store, joined, (joined,), any_script=False)
            if spellings:
                explained["-".join(node.tokens)] = spellings
                return Or((node, *(Terms((t,)) for t in spellings)))
        return node
    if isinstance(node, Not):
        inner = expand_names(store, node.node, {})  # exclusions are not explained as matches
        return None if inner is None else Not(inner)
    if isinstance(node, And | Or):
        nodes = [n for n in (expand_names(store, n, explained) for n in node.nodes) if n]
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else type(node)(tuple(nodes))
    return node


_PART_JOINER = re.compile("[\u200c\\-]")  # ZWNJ or hyphen between the parts of a name


def _with_split_spellings(store: Store, word: str, explained: dict[str, list[str]]) -> Node | None:
    """``name:`` word alternatives; a compound (``کاظمی‌نیا``, ``Kazemi-Nia``) may also be
    written as two words in the other script (``Kazemi Nia``): its parts' spellings are
    searched as phrases too."""
    whole = _alternatives(store, word, word, explained, any_script=True)
    parts = [p for p in _PART_JOINER.split(word) if p]
    if whole is None or len(parts) != 2:
        return whole
    split = [_spellings(store, part, tuple(tokenize(normalize(part))), any_script=True)[:2]
             for part in parts]
    phrases = [Terms((a, b)) for a in split[0] for b in split[1]
               if _ARABIC_SCRIPT.search(a) is None and _ARABIC_SCRIPT.search(b) is None]
    if not phrases:
        return whole
    explained.setdefault(word, []).extend(f"{p.tokens[0]} {p.tokens[1]}" for p in phrases)
    alternatives = whole.nodes if isinstance(whole, Or) else (whole,)
    return Or((*alternatives, *phrases))


def _spellings(store: Store, word: str, own: tuple[str, ...], any_script: bool) -> list[str]:
    """Indexed words other than ``own`` (the word's own tokens) that :func:`name_similarity`
    rates as the same name, best first."""
    key = name_key(word)
    found: list[tuple[float, str]] = []
    if key:
        # name: looks wider (first sound only), so short names whose keys differ in length
        # (نیا → NY, nia → N) still meet; the automatic expansion stays narrow and fast.
        for token, _ in store.vocabulary_bucket(key[:1] if any_script else key[:2]):
            if token in own or not (any_script or _ARABIC_SCRIPT.search(token)):
                continue
            score = name_similarity(word, token)
            if score >= (MATCH_THRESHOLD if any_script else AUTO_THRESHOLD):
                found.append((score, token))
    return [t for _, t in sorted(found, key=lambda f: (-f[0], f[1]))[:MAX_SPELLINGS]]


def _alternatives(store: Store, word: str, shown: str, explained: dict[str, list[str]],
                  any_script: bool) -> Node | None:
    own = tuple(tokenize(normalize(word)))
    if not own:
        return None
    spellings = _spellings(store, word, own, any_script)
    base: Node = Terms(own)
    if not spellings:
        return base
    explained[shown] = spellings
    return Or((base, *(Terms((t,)) for t in spellings)))
