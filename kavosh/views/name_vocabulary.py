"""The case's vocabulary buckets as :class:`~kavosh.text.names.prefilter.NameCandidates`,
held per index generation: a name expansion (``kavosh.views.search``) scores only the tokens
of a bucket that may reach its floor, and the bucket's sound arrays are built once per case
and index, not once per word typed (a batch of a thousand names touches every bucket)."""

from __future__ import annotations

from kavosh.case import Case
from kavosh.text.names.prefilter import NameCandidates

# case folder → (index generation, key prefix → its bucket): the vocabulary changes with the
# documents indexed, so a bucket is reused until the index changes (as the spellings found).
_HELD: dict[str, tuple[object, dict[str, NameCandidates]]] = {}


def vocabulary_candidates(case: Case, prefix: str) -> NameCandidates:
    """The tokens whose name key starts with ``prefix`` (the store's
    ``vocabulary_bucket``, in its order), ready to find candidates in; built afresh each time
    when the backend cannot tell its generation."""
    generation = getattr(case.search_backend(), "generation", None)
    if generation is None:
        return _bucket(case, prefix)
    now = generation()
    held = _HELD.get(str(case.root))
    if held is None or held[0] != now:
        held = _HELD[str(case.root)] = (now, {})
    if prefix not in held[1]:
        held[1][prefix] = _bucket(case, prefix)
    return held[1][prefix]


def _bucket(case: Case, prefix: str) -> NameCandidates:
    """The bucket with its tokens' stored sounds (those stored before step 23 are read)."""
    tokens = [token for token, _ in case.store.vocabulary_bucket(prefix)]
    return NameCandidates(tokens, case.store.name_sounds(tokens))
