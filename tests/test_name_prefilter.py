"""The name prefilter drops no token that name_similarity rates at the floor, on real
vocabularies; name expansions, and the entities the resolver makes, are the same with it as
when every token of a bucket (every form of a cluster) is scored; a bucket is never cut
short."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE, make_case, shared_data

from kavosh.case import Case
from kavosh.entities import resolve
from kavosh.pipeline import ingest
from kavosh.store import open_store
from kavosh.store.entities import StoredMention
from kavosh.text import index_text
from kavosh.text.derived import vocabulary
from kavosh.text.names import name_key, name_similarity
from kavosh.text.names.prefilter import NameCandidates, name_cells
from kavosh.views.name_vocabulary import vocabulary_candidates
from kavosh.views.search import prepare_query

_ARABIC = re.compile("[\u0600-\u06ff]")
FLOORS = (0.75, 0.85)  # name:'s floor in a small case, and NAME_FLOOR (every larger one)
NAMES = [  # Latin and Persian names typed as a reporter would, and the sample's own
    "Ahmadinejad", "Soleimani", "Soleymani", "Khamenei", "Rouhani", "Zarif", "Nasrallah",
    "Mohammad", "Hassan", "Hossein", "Larijani", "Karzai", "Musharraf", "Chirac", "Maliki",
    "Sadr", "Abu", "Ali", "Reza", "Kazeminia", "Rezvanifar", "Haidar", "Saadi", "Mousavi",
    "Qasem", "Ghasem", "Abdullah", "Bush", "Obama", "Putin", "Merkel", "Talabani", "Barzani",
    "احمدی‌نژاد", "سلیمانی", "سليماني", "خامنه‌ای", "روحانی", "ظریف", "نصرالله", "محمد",
    "حسین", "لاریجانی", "مالکی", "صدر", "کاظمی‌نیا", "رضوانی‌فر", "حیدر", "سعدی", "موسوی",
    "قاسم", "عبدالله", "طالبانی", "بارزانی", "Kazemi-Nia", "Abu Haidar", "al-Saadi",
]


def _assert_no_loss(tokens: list[str], words: list[str]) -> None:
    """For each word, the tokens of its ``name:`` bucket (first key sound) that score a
    floor or more are all among the prefilter's candidates."""
    buckets: dict[str, list[str]] = {}
    for token in tokens:
        buckets.setdefault(name_key(token)[:1], []).append(token)
    indexes = {first: NameCandidates(bucket) for first, bucket in buckets.items()}
    checked = 0
    for word in words:
        index = indexes.get(name_key(word)[:1])
        if index is None:
            continue
        scores = {t: name_similarity(word, t) for t in index.tokens}
        for floor in FLOORS:
            kept = index.candidates(word, floor)
            lost = {t: s for t, s in scores.items() if s >= floor and t not in set(kept)}
            assert not lost, (word, floor, lost)
            assert kept == [t for t in index.tokens if t in set(kept)]  # the bucket's order
            arabic = set(index.candidates(word, floor, latin=False))
            assert {t for t in kept if _ARABIC.search(t)} == arabic
            checked += len(scores)
    assert checked > 1_000


def _shared_vocabulary() -> list[str]:
    cables = shared_data("cablegate") / "cables.jsonl"
    news = shared_data("farsnews") / "fars-news-1.json"
    texts = [json.loads(line)["body"] for line in
             cables.read_text(encoding="utf-8").splitlines()[:150]]
    texts += [" ".join([a["title"], a["abstract"], *a["paragraphs"]]) for a in
              json.loads(news.read_text(encoding="utf-8"))[:150]]
    return [token for token, _ in vocabulary([index_text(t) for t in texts])]


def test_no_token_at_the_floor_is_dropped_from_a_real_vocabulary() -> None:
    tokens = _shared_vocabulary()
    assert len(tokens) > 5_000
    words = NAMES + random.Random(12).sample(tokens, 40)  # ordinary words typed as names too
    _assert_no_loss(tokens, words)


@pytest.fixture(scope="module")
def sample_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    case = make_case(tmp_path_factory.mktemp("prefilter") / "case", executor="inline")
    ingest(case, [SAMPLE])
    yield case
    case.close()


def _sample_tokens(case: Case) -> list[str]:
    return [t for first in {name_key(w)[:1] for w in NAMES}
            for t, _ in case.store.vocabulary_bucket(first)]


def test_no_token_at_the_floor_is_dropped_from_the_sample_vocabulary(sample_case: Case) -> None:
    tokens = _sample_tokens(sample_case)
    stored = sample_case.store.name_sounds(tokens)  # ingesting stored what the filter reads
    assert stored == {t: name_cells(t) for t in tokens}
    _assert_no_loss(tokens, NAMES + random.Random(12).sample(tokens, 40))


def _expansions(case: Case) -> dict[str, dict[str, list[str]]]:
    queries = [q for name in NAMES for q in (name, f"name:{name}", f'name:"{name} Kazemi"')]
    return {q: dict(prepare_query(case, q, cache={}).expansions) for q in queries}


def test_expansions_are_those_of_scoring_every_token(sample_case: Case,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    found = _expansions(sample_case)
    assert sum(len(e) for e in found.values()) > 20  # the sample's names do expand
    monkeypatch.setattr(NameCandidates, "candidates",
                        lambda self, word, floor, own=(), latin=True: list(self.tokens))
    assert _expansions(sample_case) == found


def test_a_large_bucket_is_read_whole(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "kavosh.db"))
    store.add_vocabulary((f"x{i}", "SLMNI") for i in range(60_000))
    assert len(store.vocabulary_bucket("SL")) == 60_000
    assert len(store.vocabulary_bucket("S")) == 60_000
    store.close()


def test_a_narrow_bucket_taken_out_of_a_wide_one_is_the_store_s(sample_case: Case) -> None:
    prefixes = {name_key(w)[:2] for w in NAMES}
    for prefix in prefixes:
        bucket = [t for t, _ in sample_case.store.vocabulary_bucket(prefix)]
        part = vocabulary_candidates(sample_case, prefix)
        assert part.tokens == bucket
        whole = NameCandidates(bucket)
        for word in NAMES:
            assert part.candidates(word, 0.85) == whole.candidates(word, 0.85)


def test_cells_stored_by_older_readings_are_read_again(case: Case) -> None:
    """Cells stored before the English reading (no version) of a word it reads anew are
    stale: the filter reads the word afresh, and storing the vocabulary again replaces them;
    other old cells stay valid."""
    from kavosh.store.name_sounds import add_missing_sounds
    from kavosh.text.names.prefilter import stale_cells

    old_tyler, old_tehran = "lTiLeR", "lTeHRaN"  # as name_cells wrote them before
    assert stale_cells("tyler", old_tyler) and not stale_cells("tehran", old_tehran)
    assert not stale_cells("tyler", name_cells("tyler"))
    store = case.store
    store.add_name_sounds([("tyler", old_tyler), ("tehran", old_tehran)])
    assert store.name_sounds(["tyler"]) == {"tyler": old_tyler}
    fresh = NameCandidates(["tyler"]).candidates("تایلر", 0.95, ())
    assert NameCandidates(["tyler"], {"tyler": old_tyler}).candidates("تایلر", 0.95, ()) \
        == fresh == ["tyler"]
    add_missing_sounds(store, ["tyler", "tehran"])
    assert store.name_sounds(["tyler", "tehran"]) == {"tyler": name_cells("tyler"),
                                                     "tehran": old_tehran}


def test_cells_stored_before_the_persian_readings_are_read_again(case: Case) -> None:
    """Cells stored by r2 readings of a Latin word ending in -ai (read now also as -aei) or
    starting with an s-cluster (also with a vowel before it), and of an Arabic-script word with
    a hamza's seat (رییسی, read now without it) are stale: the
    filter reads them afresh (with the old cells, رییسی would be no candidate of Raisi at
    0.95) and storing the vocabulary again replaces them; other r2 cells stay valid."""
    from kavosh.store.name_sounds import add_missing_sounds
    from kavosh.text.names.prefilter import stale_cells

    old = {"rajai": "r2 lRaJI", "رییسی": "r2 aRIISI", "stalin": "r2 lSTaLiN",
           "tehran": "r2 lTeHRaN"}
    assert all(stale_cells(t, old[t]) for t in ("rajai", "رییسی", "stalin"))
    assert not stale_cells("tehran", old["tehran"])
    assert not any(stale_cells(t, name_cells(t)) for t in old)
    assert NameCandidates(["رییسی"], {"رییسی": old["رییسی"]}).candidates("Raisi", 0.95, ()) \
        == NameCandidates(["رییسی"]).candidates("Raisi", 0.95, ()) == ["رییسی"]
    store = case.store
    store.add_name_sounds(old.items())
    add_missing_sounds(store, list(old))
    assert store.name_sounds(list(old)) == {"rajai": name_cells("rajai"),
                                           "رییسی": name_cells("رییسی"),
                                           "stalin": name_cells("stalin"),
                                           "tehran": old["tehran"]}


def test_cells_stored_before_the_fourth_readings_are_read_again(case: Case) -> None:
    """Cells stored by r3 readings are stale for an Arabic-script word with two consonant
    letters alike side by side (مجددی, read now as two consonants), listed now as read with
    a final a (مقتدی), with a ی between ا or و and ی (نایینی, رزمجویی, read now also as a
    hamza's seat) or with خوا (خوانساری, read now also without its و), and for a Latin word
    with a Russian v (kazantsev, read now also with f), an English ow (powell, also av), a
    Portuguese nh (mourinho, also ny), a Mc (mckenzie, also mak|kenzie) or an igh before a
    consonant (highmore, also the English way): the filter reads them afresh (with the old
    cells, مجددی would be no candidate of Mojaddedi at 0.95) and storing the vocabulary again
    replaces them; other r3 cells (the r3 readings of رییسی and stalin among them) stay
    valid."""
    from kavosh.store.name_sounds import add_missing_sounds
    from kavosh.text.names.prefilter import stale_cells

    old = {"مجددی": "r3 aMJDI", "kazantsev": "r3 lKaZaNTSeV", "مقتدی": "r3 aMQTDI",
           "نایینی": "r3 aNAIINI", "رزمجویی": "r3 aRZMJVII", "powell": "r3 lPUL",
           "mourinho": "r3 lMURiNHU", "mckenzie": "r3 lMKeNZI", "خوانساری": "r3 aXVANSARI",
           "highmore": "r3 lHiġMoRə", "رییسی": "r3 aRISI",
           "stalin": "r3 l@STaLiN lSTaLiN", "tehran": "r3 lTeHRaN"}
    assert all(stale_cells(t, old[t])
               for t in ("مجددی", "kazantsev", "مقتدی", "نایینی", "رزمجویی", "خوانساری",
                         "powell", "mourinho", "mckenzie", "highmore"))
    assert not any(stale_cells(t, old[t]) for t in ("رییسی", "stalin", "tehran"))
    assert not any(stale_cells(t, name_cells(t)) for t in old)
    assert NameCandidates(["مجددی"], {"مجددی": old["مجددی"]}).candidates(
        "Mojaddedi", 0.95, ()) == NameCandidates(["مجددی"]).candidates(
        "Mojaddedi", 0.95, ()) == ["مجددی"]
    assert NameCandidates(["kazantsev"]).candidates("کازانتسوف", 0.95, ()) == ["kazantsev"]
    store = case.store
    store.add_name_sounds(old.items())
    add_missing_sounds(store, list(old))
    assert store.name_sounds(list(old)) == {**old, "مجددی": name_cells("مجددی"),
                                           "kazantsev": name_cells("kazantsev"),
                                           "مقتدی": name_cells("مقتدی"),
                                           "نایینی": name_cells("نایینی"),
                                           "powell": name_cells("powell"),
                                           "mourinho": name_cells("mourinho"),
                                           "رزمجویی": name_cells("رزمجویی"),
                                           "mckenzie": name_cells("mckenzie"),
                                           "خوانساری": name_cells("خوانساری"),
                                           "highmore": name_cells("highmore")}


def _attach_scoring_everything(candidates: list[resolve.Cluster],
                               clusters: list[resolve.Cluster]) -> None:
    """``resolve._attach`` as it was before the prefilter: every form of every cluster of the
    candidate's blocks scored."""
    blocks: dict[str, set[int]] = {}
    forms = []
    for i, c in enumerate(clusters):
        forms.append([f for f, _ in c.forms.most_common(resolve._FORMS_COMPARED)])
        for f in forms[-1]:
            for prefix in resolve._key_prefixes(f):
                blocks.setdefault(prefix, set()).add(i)
    for cand in candidates:
        own = [f for f, _ in cand.forms.most_common(resolve._FORMS_COMPARED)]
        near = set().union(*(blocks.get(p, set()) for f in own
                             for p in resolve._key_prefixes(f)))
        scores = sorted((max(resolve._score(a, b) for a in own for b in forms[i]), i)
                        for i in near)
        scores = [x for x in scores if x[0] >= resolve.PERSON_THRESHOLD]
        if scores and (len(scores) == 1
                       or scores[-1][0] - scores[-2][0] >= resolve.CANDIDATE_MARGIN):
            clusters[scores[-1][1]].absorb(cand)


def _clusters(mentions: list[StoredMention]) -> list[tuple[str, list[int]]]:
    return sorted((c.key, sorted(m[0] for m in c.members)) for c in resolve.resolve(mentions))


def test_entities_are_those_of_scoring_every_form(sample_case: Case,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver scores a Latin candidate only against the forms the prefilter keeps (the
    forms are names of several words here, Latin and Arabic script): the entities are those of
    scoring every form, and candidates do join them."""
    mentions = list(sample_case.store.mentions())
    found = _clusters(mentions)
    joined = [members for key, members in found if key.startswith("PER:")
              and any(m.id in members and m.type == resolve.CANDIDATE for m in mentions)]
    assert len(joined) >= 5  # the sample's Latin spellings join its people
    monkeypatch.setattr(resolve, "_attach", _attach_scoring_everything)
    assert _clusters(mentions) == found


def test_no_form_at_the_person_threshold_is_dropped_from_the_resolver_s(
        sample_case: Case) -> None:
    """The bound for the resolver's forms, names of one to four words: every pair of a Latin
    candidate's form and a named mention's form that scores the person threshold or more is
    kept by the prefilter, near the threshold too."""
    mentions = list(sample_case.store.mentions())
    named = {resolve.clean_name(m.text) for m in mentions if m.type in resolve.NAME_TYPES}
    pool = NameCandidates(sorted(f for f in named if f))
    near_floor = 0
    for form in sorted({resolve.clean_name(m.text) for m in mentions
                        if m.type == resolve.CANDIDATE}):
        kept = set(pool.candidates(form, resolve.PERSON_THRESHOLD))
        for other in pool.tokens:
            score = name_similarity(form, other)
            if score >= resolve.PERSON_THRESHOLD:
                assert other in kept, (form, other, score)
                near_floor += score < 0.95
    assert near_floor >= 10
