"""The case's vocabulary buckets as :class:`~kavosh.text.names.prefilter.NameCandidates`,
held per index generation: a name expansion (``kavosh.views.search``) scores only the tokens
of a bucket that may reach its floor, and the bucket's sound arrays are built once per case
and index, not once per word typed (a batch of a thousand names touches every bucket)."""

from __future__ import annotations

from kavosh.case import Case
from kavosh.text.names.prefilter import NameCandidates
from kavosh.views.index_cache import index_cache

# case folder → (index generation, key prefix → its bucket and the tokens' keys): the
# vocabulary changes with the documents indexed, so a bucket is reused until the index changes
# (as the spellings found).
_HELD: dict[str, tuple[object, dict[str, tuple[NameCandidates, list[str]]]]] = {}


def vocabulary_candidates(case: Case, prefix: str) -> NameCandidates:
    """The tokens whose name key starts with ``prefix`` (one sound or two: the store's
    ``vocabulary_bucket``, in its order), ready to find candidates in. A two-sound bucket is
    taken out of its first sound's (each token read once). Built afresh each time when the
    backend cannot tell its generation."""
    buckets = index_cache(_HELD, case)
    if buckets is None:
        return _bucket(case, prefix)[0]
    if prefix not in buckets:
        if len(prefix) == 2:
            wide, keys = vocabulary_candidates(case, prefix[:1]), buckets[prefix[:1]][1]
            positions = [i for i, key in enumerate(keys) if key[:2] == prefix]
            buckets[prefix] = wide.part(positions), [keys[i] for i in positions]
        else:
            buckets[prefix] = _bucket(case, prefix)
    return buckets[prefix][0]


def _bucket(case: Case, prefix: str) -> tuple[NameCandidates, list[str]]:
    """The bucket with its tokens' stored sounds (those stored before step 22 are read), and
    the tokens' keys."""
    rows = case.store.vocabulary_bucket(prefix)
    tokens = [token for token, _ in rows]
    return NameCandidates(tokens, case.store.name_sounds(tokens)), [key for _, key in rows]
