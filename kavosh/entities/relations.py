"""Relations between mentions, found in one page's sentences (issue 14). Pure: nothing is
read or written; :mod:`kavosh.pipeline.relations` stores what this finds.

Contract of :func:`find_relations`:

- The text is cut into sentences (:func:`kavosh.text.sentences.split_sentences`); only
  mentions inside one sentence relate. Mentions of :data:`RELATED_TYPES` take part; of two
  that overlap, the longer one (a typed one before a ``NAME`` candidate) stays.
- **Co-occurrence** (``co_occurrence``, confidence :data:`CO_OCCURRENCE`): every pair of
  mentions at most :data:`WINDOW` mentions apart in a sentence (a long list of names relates
  each to its neighbours, not to all).
- **Typed relations** (:data:`RULES`): a pair of mentions of the types a rule accepts, at
  most :data:`BETWEEN_WORDS` words apart (4 for ``relative_of`` and ``member_of``: «X، همسر
  Y»), with its cue (a Persian, Arabic or English word) in the text between them, or in the
  :data:`AFTER_WORDS` words after the second (where a Persian verb stands), or in the
  :data:`BEFORE_WORDS` words before the first (an Arabic verb first: ``التقى X مع Y``). Each
  rule says which mention is the source; passive forms (``توسط``, ``by``, ``من قبل``) turn
  it round. A rule joined by a preposition (``با``, ``with``, ``به``) needs no other person
  or organisation between the two (the nearer one is the subject); ``paid`` needs money in
  the sentence; a sports match («دیدار دو تیم») is no meeting. A negated verb near them
  («دیدار نمی‌کرد», "did not", «لم») makes none. Confidence falls by 0.1 for each person or
  organisation mentioned between the two.
- Every relation is a :class:`FoundRelation`: the two mentions (by their index in the list
  given), its type, confidence, the cue matched, and the sentence's offsets.

Contract of :func:`find_wide_co_occurrences` (one whole document, all its pages):

- Mentions are grouped by the name they are written as (normalised,
  :func:`kavosh.text.index_text`): a stand-in for their entity, which is only known when the
  graph is read. A group's **representative** is its first typed mention (else its first),
  and stands for the group's entity at both ends of its relations.
- Only the document's :data:`WIDE_TOP` groups with the most mentions (ties: the first
  written) take part in paragraph pairs, and its :data:`DOCUMENT_TOP` in document pairs, so
  a document naming 300 people gives at most ``WIDE_TOP·(WIDE_TOP−1)/2`` (190) pairs per
  paragraph and ``DOCUMENT_TOP·(DOCUMENT_TOP−1)/2`` (45) for the document, not 44,850.
- **Paragraph co-occurrence** (``co_paragraph``, :data:`CO_PARAGRAPH_CONFIDENCE`): each pair
  of those groups written in one paragraph (:func:`kavosh.text.sentences.split_paragraphs`),
  once per paragraph, same-sentence pairs included (counts are "in how many paragraphs").
- **Document co-occurrence** (``co_document``, :data:`CO_DOCUMENT_CONFIDENCE`): each pair of
  those groups, once per document.
- Each is a :class:`WideRelation`: the two representatives, the text (page) and offsets of
  the paragraph (for a document: of the first one's sentence), and an excerpt: the sentence
  of each of the two names, joined by `` … ``, each cut at :data:`EXCERPT_CHARS`.

Symmetric types (:data:`SYMMETRIC`) have no direction: readers order their two ends.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from kavosh.text import index_text
from kavosh.text.sentences import Sentence, split_paragraphs, split_sentences

RELATIONS_VERSION = "2"  # 2: paragraph and document co-occurrence
RELATED_TYPES = frozenset({"PER", "ORG", "LOC", "NAME"})
ACTORS = frozenset({"PER", "ORG", "NAME"})  # who can meet, pay, recruit
PEOPLE = frozenset({"PER", "NAME"})
WINDOW = 6
BETWEEN_WORDS = 12  # a typed relation's two names are at most this many words apart
AFTER_WORDS = 6  # a cue after the second name is within this many words (a Persian verb)
BEFORE_WORDS = 4  # a cue before the first is within this many words (an Arabic verb)
CO_OCCURRENCE = 0.3
CO = "co_occurrence"
CO_PARAGRAPH = "co_paragraph"  # in one paragraph
CO_DOCUMENT = "co_document"  # in one document
CO_TYPES = frozenset({CO, CO_PARAGRAPH, CO_DOCUMENT})
CO_PARAGRAPH_CONFIDENCE = 0.2  # less than a sentence's: a paragraph ties two names loosely
CO_DOCUMENT_CONFIDENCE = 0.1
WIDE_TOP = 20  # a document's most mentioned names taking part in paragraph pairs
DOCUMENT_TOP = 10  # … and in document pairs (one row per pair and document: kept fewer)
EXCERPT_CHARS = 160  # of each of the two sentences a paragraph or document row keeps
REPORTED_ON = "reported_on"  # a cable's sender station → a person named in it
CABLE_TO = "cable_to"  # a cable's sender station → its recipient
SYMMETRIC = CO_TYPES | {"met_with", "relative_of", "special_relationship"}

_W = r"(?<![\w\u200c])"  # a word's start (ZWNJ joins Persian word parts)
_E = r"(?![\w\u200c])"  # a word's end


def _words(*words: str) -> str:
    return _W + "(?:" + "|".join(words) + ")" + _E


@dataclass(frozen=True, slots=True)
class Rule:
    """A typed relation: ``cue`` found ``where`` (``between`` the two mentions, ``after`` the
    second, ``before`` the first, or ``sentence`` anywhere) between mentions of
    ``source_types`` and ``target_types``; ``join`` (if set) must end the text between them
    (``با``, ``به``: the preposition before the second name, titles allowed after it)."""

    type: str
    cue: re.Pattern[str]
    where: tuple[str, ...]
    source_types: frozenset[str] = ACTORS
    target_types: frozenset[str] = ACTORS
    join: re.Pattern[str] | None = None
    reverse: re.Pattern[str] | None = None  # in the sentence: the second is the source
    confidence: float = 0.7
    span: int = BETWEEN_WORDS  # words at most between the two mentions
    unless: re.Pattern[str] | None = None  # in the words after the second: not this rule
    context: re.Pattern[str] | None = None  # the sentence must have it (money for paid)
    noise: re.Pattern[str] | None = None  # the sentence must not (a match is no meeting)


def _join(*words: str) -> re.Pattern[str]:
    """Ends the text between two mentions: one of ``words`` then at most two words (titles)."""
    return re.compile(_words(*words) + r"(?:\s+\S+){0,2}\s*$")


def _lead(*words: str) -> re.Pattern[str]:
    """Begins the text between two mentions: one of ``words`` after punctuation, a short
    parenthesis (an honorific: «(س)») or an article («X، همسر Y», «X, the daughter of Y»,
    «X’s ex-wife, Y») — a kin word further on is someone else's."""
    return re.compile(r"^[\s\"'«»“”,،:]*(?:\([^)]{0,12}\)[\s,،\"'«»“”]*)?"
                      r"(?:(?:the|his|her|a|an|ex|step)[\s-]+)?(?P<cue>" + _words(*words)
                      + ")")


_PASSIVE = re.compile(_words("توسط", "به وسیله", "by", "من قبل", "بواسطة"))
_APPOINTED = re.compile(_PASSIVE.pattern + "|" + _words(
    "منصوب شد", "منصوب شده", "منصوب گردید", "was appointed", "were appointed",
    "has been appointed", "عُيّن", "عين", "تم تعيين"))
# A denied relation is none: «دیدار نمی‌کرد», «گزارش … نداده», "did not meet", «لم يلتق».
_NEGATION = re.compile(
    r"(?<![\w\u200c])(?:نمی[\u200c ]?\S+|نـ?(?:کرد|کردند|کرده|داد|دادند|داده|شد|شدند|شده|دارد"
    r"|کند|کنند|دهد|دهند|پرداخت|پرداختند))(?![\w\u200c])"
    r"|\b(?:not|never|didn't|did not|no longer|denied|refused)\b"
    r"|(?<![\w\u200c])(?:لم|لن|ليس)(?![\w\u200c])", re.IGNORECASE)
_WITH = re.compile(_words("با", "with", "مع"))
# «دیدار دو تیم X و Y»: a match, not a meeting.
_SPORT = re.compile(_words("تیم", "تیم‌های", "تيم", "لیگ", "ليگ", "جام", "مسابقه", "ورزشگاه",
                           "دقیقه", "پنالتی", "گل", "گلزنی", "match", "league"))
_MONEY = re.compile(_words("دلار", "یورو", "تومان", "ریال", "دینار", "درهم", "مبلغ", "پول",
                           "وجه", "دولار", "يورو", "مبلغ", "dollars", "dollar", "euros", "USD",
                           "EUR", "million", "thousand", "cash", "money", "sum")
                    + r"|[$€£]|[0-9۰-۹٠-٩]", re.IGNORECASE)
# Not گفتگو/گفت‌وگو: «در گفت‌وگو با خبرنگار فارس» is an interview, the commonest of them.
_MET = _words("دیدار", "ملاقات", "مذاکره", "التقى", "التقت", "اجتمع", "اجتمعت", "لقاء",
              "اللقاء", "met", "meets", "meeting")
RULES: tuple[Rule, ...] = (
    # Between people: «مذاکره باشگاه با دورتموند» is business, «دیدار استقلال با نفت» a
    # match; an organisation met stays a co-occurrence.
    Rule("met_with", re.compile(_MET), ("after", "between"), source_types=PEOPLE,
         target_types=PEOPLE, join=_join("با", "with", "مع"), confidence=0.8, noise=_SPORT),
    # "X and Y met": the cue after both (between them, "and" joins anything)
    # ("X and Y met with Z" is no meeting of X and Y)
    Rule("met_with", re.compile(_MET), ("after",), source_types=PEOPLE, target_types=PEOPLE,
         join=_join("and", "و"), confidence=0.7, unless=_WITH, noise=_SPORT),
    # an Arabic verb first: «التقى X مع Y» ("the meeting with X and Y" names no meeting of
    # X with Y)
    Rule("met_with", re.compile(_words("التقى", "التقت", "اجتمع", "اجتمعت")), ("before",),
         source_types=PEOPLE, target_types=PEOPLE, join=_join("مع", "و"), confidence=0.75),
    Rule("paid", re.compile(_words("پرداخت", "پرداختند", "دفع", "دفعت", "paid", "pays",
                                   "transferred", "حواله")), ("after", "between"),
         join=_join("به", "to", "إلى", "الى", "ل"), confidence=0.75, context=_MONEY),
    Rule("paid", re.compile(_words("paid", "pays", "دفع", "دفعت")), ("between",),
         confidence=0.65, context=_MONEY),
    Rule("recruited", re.compile(_words("جذب", "استخدام", "عضوگیری", "تجنيد", "جند",
                                        "جنّد", "استقطب", "recruited", "recruits", "hired")),
         ("between", "after"), target_types=PEOPLE, reverse=_PASSIVE, confidence=0.75),
    Rule("reported_to", re.compile(_words("گزارش", "أبلغ", "تقرير", "reported", "reports")),
         ("between",), source_types=PEOPLE, join=_join("به", "to", "إلى", "الى"),
         confidence=0.7),
    # «X به Y گزارش داد»: the Persian verb after both
    Rule("reported_to", re.compile(_words("گزارش")), ("after",), source_types=PEOPLE,
         join=_join("به"), confidence=0.7),
    # appointer (or the body appointed to) → the person appointed: «X به عنوان … Y منصوب
    # شد» and «Y توسط X منصوب شد» turn round
    Rule("appointed", re.compile(_words("منصوب", "انتصاب", "گماشته", "عيّن", "عين",
                                        "appointed")),
         ("between", "after"), target_types=PEOPLE, reverse=_APPOINTED, confidence=0.65),
    Rule("member_of", _lead("عضو", "اعضای", "أعضاء", "عضو في", "member", "members"),
         ("between",), source_types=PEOPLE, target_types=frozenset({"ORG"}), confidence=0.75,
         span=4),
    Rule("relative_of", _lead(
        "برادر", "خواهر", "پسر", "دختر", "همسر", "پدر", "مادر", "پسرعمو", "پسرخاله", "داماد",
        "برادرزاده", "خواهرزاده", "شقيق", "أخو", "اخو", "أخ", "ابن", "ابنة", "زوجة", "زوج",
        "والد", "brother", "sister", "son", "daughter", "wife", "husband", "father", "mother",
        "cousin", "nephew", "niece", "son-in-law", "brother-in-law"), ("between",),
         source_types=PEOPLE, target_types=PEOPLE, confidence=0.7, span=4),
    Rule("special_relationship", re.compile(
        r"(?:رابطه|ارتباط|روابط)\s*(?:ی\s*)?(?:ویژه|خاص|نزدیک)|علاقة خاصة|علاقة وثيقة"
        r"|special relationship|close relationship|special relations"), ("between", "after"),
         confidence=0.7),
)


@dataclass(frozen=True, slots=True)
class Span:
    """A mention as relations see it: its offsets and type."""

    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class FoundRelation:
    """``source`` and ``target`` index the mentions given; the sentence is
    ``text[sentence_start:sentence_end]``."""

    source: int
    target: int
    type: str
    confidence: float
    cue: str
    sentence_start: int
    sentence_end: int


def find_relations(text: str, mentions: Sequence[Span]) -> list[FoundRelation]:
    """The relations between ``mentions`` of ``text`` (see the module's contract)."""
    usable = _usable(mentions)
    found: list[FoundRelation] = []
    for sentence in split_sentences(text):
        inside = [i for i in usable
                  if mentions[i].start >= sentence.start and mentions[i].end <= sentence.end]
        for x, i in enumerate(inside):
            for y in range(x + 1, min(len(inside), x + 1 + WINDOW)):
                j = inside[y]
                found.append(FoundRelation(i, j, CO, CO_OCCURRENCE, "", sentence.start,
                                           sentence.end))
                others = sum(mentions[k].type in ACTORS for k in inside[x + 1:y])
                found += _typed(text, mentions, i, j, others, sentence.start, sentence.end)
    return found


def _usable(mentions: Sequence[Span]) -> list[int]:
    """Indexes of the related mentions in text order, overlaps resolved (longer first,
    typed before a candidate)."""
    ranked = sorted((i for i, m in enumerate(mentions) if m.type in RELATED_TYPES),
                    key=lambda i: (-(mentions[i].end - mentions[i].start),
                                   mentions[i].type == "NAME", mentions[i].start))
    kept: list[int] = []
    for i in ranked:
        m = mentions[i]
        if all(m.end <= mentions[k].start or m.start >= mentions[k].end for k in kept):
            kept.append(i)
    return sorted(kept, key=lambda i: mentions[i].start)


def _typed(text: str, mentions: Sequence[Span], i: int, j: int, between_count: int,
           start: int, end: int) -> list[FoundRelation]:
    """The typed relations of one pair (one per type, the most confident rule)."""
    a, b = mentions[i], mentions[j]
    between = text[a.end:b.start]
    places = {"between": between, "after": " ".join(text[b.end:end].split()[:AFTER_WORDS]),
              "before": " ".join(text[start:a.start].split()[-BEFORE_WORDS:])}
    if _NEGATION.search(between) or _NEGATION.search(places["after"]):
        return []
    sentence = text[start:end]
    best: dict[str, FoundRelation] = {}
    for rule in RULES:
        if not _applies(rule, places, len(between.split()), between_count, sentence):
            continue
        cue = next((m for m in (rule.cue.search(places[w]) for w in rule.where) if m), None)
        if cue is None:
            continue
        source, target = (j, i) if rule.reverse is not None and rule.reverse.search(
            places["between"] + places["after"]) else (i, j)
        if (mentions[source].type not in rule.source_types
                or mentions[target].type not in rule.target_types):
            continue
        confidence = round(max(0.2, rule.confidence - 0.1 * between_count), 2)
        if rule.type not in best or best[rule.type].confidence < confidence:
            word = cue.group("cue") if "cue" in rule.cue.groupindex else cue.group()
            best[rule.type] = FoundRelation(source, target, rule.type, confidence, word,
                                            start, end)
    return list(best.values())


def _applies(rule: Rule, places: dict[str, str], words: int, others: int,
             sentence: str) -> bool:
    """Whether ``rule`` may find its cue for a pair ``words`` words apart with ``others``
    people or organisations between them (see the module's contract)."""
    if words > rule.span:
        return False
    if rule.join is not None and (others or not rule.join.search(places["between"])):
        return False  # «X … Z با Y»: Z, the nearer, is who met Y
    if rule.unless is not None and rule.unless.search(places["after"]):
        return False
    if rule.context is not None and not rule.context.search(sentence):
        return False
    return rule.noise is None or not rule.noise.search(sentence)


@dataclass(frozen=True, slots=True)
class Placed:
    """A mention in a document: on ``texts[text]`` (one page's layer) at ``start:end``, of
    ``type``, written ``name``."""

    text: int
    start: int
    end: int
    type: str
    name: str


@dataclass(frozen=True, slots=True)
class WideRelation:
    """A paragraph or document co-occurrence: ``source`` and ``target`` index the mentions
    given (the representatives of two names); ``texts[text][start:end]`` is the paragraph
    (for a document: the source's sentence); ``excerpt`` the two names' sentences."""

    source: int
    target: int
    type: str
    confidence: float
    text: int
    start: int
    end: int
    excerpt: str


def find_wide_co_occurrences(texts: Sequence[str], mentions: Sequence[Placed],
                             top: int = WIDE_TOP) -> list[WideRelation]:
    """Paragraph and document co-occurrences of one document (see the module's contract)."""
    by_text: dict[int, list[int]] = {}
    for i, m in enumerate(mentions):
        by_text.setdefault(m.text, []).append(i)
    usable = [i for t in range(len(texts)) for i in _usable_placed(mentions, by_text.get(t, []))]
    groups: dict[str, list[int]] = {}
    for i in usable:
        key = index_text(mentions[i].name)
        if key:
            groups.setdefault(key, []).append(i)
    ranked = sorted(groups.values(), key=lambda g: (-len(g), mentions[g[0]].text,
                                                    mentions[g[0]].start))[:top]
    rank = {i: n for n, g in enumerate(ranked) for i in g}
    representative = [next((i for i in g if mentions[i].type != "NAME"), g[0]) for g in ranked]
    sentence = _sentences_of(texts, mentions, list(rank))
    found = _paragraph_pairs(texts, mentions, sentence, rank, representative)
    firsts = sorted(range(min(len(ranked), DOCUMENT_TOP)),
                    key=lambda n: (mentions[ranked[n][0]].text, mentions[ranked[n][0]].start))
    for x, a in enumerate(firsts):
        for b in firsts[x + 1:]:
            i, j = ranked[a][0], ranked[b][0]
            at = sentence[i]
            excerpt = (_excerpt(at, sentence[j]) if mentions[i].text == mentions[j].text
                       else f"{_cut(at)} … {_cut(sentence[j])}")
            found.append(WideRelation(representative[a], representative[b], CO_DOCUMENT,
                                      CO_DOCUMENT_CONFIDENCE, mentions[i].text, at.start,
                                      at.end, excerpt))
    return found


def _paragraph_pairs(texts: Sequence[str], mentions: Sequence[Placed],
                     sentence: dict[int, Sentence], rank: dict[int, int],
                     representative: Sequence[int]) -> list[WideRelation]:
    """One ``co_paragraph`` per pair of ranked names in each paragraph."""
    found: list[WideRelation] = []
    ranked_on: dict[int, list[int]] = {}
    for i in sorted(rank, key=lambda i: (mentions[i].text, mentions[i].start)):
        ranked_on.setdefault(mentions[i].text, []).append(i)
    for t, text in enumerate(texts):
        on_text = ranked_on.get(t, [])
        if len({rank[i] for i in on_text}) < 2:
            continue
        k = 0  # paragraphs and mentions are both in text order: one pass over each
        for paragraph in split_paragraphs(text):
            first: dict[int, int] = {}  # name → its first mention in the paragraph
            while k < len(on_text) and mentions[on_text[k]].start < paragraph.start:
                k += 1
            while k < len(on_text) and mentions[on_text[k]].start < paragraph.end:
                i = on_text[k]
                k += 1
                if mentions[i].end <= paragraph.end:
                    first.setdefault(rank[i], i)
            names = list(first.items())
            for x, (a, i) in enumerate(names):
                for b, j in names[x + 1:]:
                    found.append(WideRelation(
                        representative[a], representative[b], CO_PARAGRAPH,
                        CO_PARAGRAPH_CONFIDENCE, t, paragraph.start, paragraph.end,
                        _excerpt(sentence[i], sentence[j])))
    return found


def _usable_placed(mentions: Sequence[Placed], on_text: Sequence[int]) -> list[int]:
    """:func:`_usable` of the mentions ``on_text`` (one text's), as indexes of ``mentions``."""
    kept = _usable([Span(mentions[i].start, mentions[i].end, mentions[i].type)
                    for i in on_text])
    return [on_text[k] for k in kept]


def _sentences_of(texts: Sequence[str], mentions: Sequence[Placed],
                  wanted: Sequence[int]) -> dict[int, Sentence]:
    """Mention index → the sentence holding it (the mention itself if none does)."""
    out: dict[int, Sentence] = {}
    on: dict[int, list[int]] = {}
    for i in wanted:
        on.setdefault(mentions[i].text, []).append(i)
    for t, on_text in on.items():
        text = texts[t]
        sentences = split_sentences(text)
        starts = [s.start for s in sentences]
        for i in on_text:
            m = mentions[i]
            k = bisect_right(starts, m.start) - 1
            s = sentences[k] if k >= 0 else None
            out[i] = s if s is not None and m.end <= s.end else Sentence(
                m.start, m.end, text[m.start:m.end])
    return out


def _cut(sentence: Sentence) -> str:
    text = " ".join(sentence.text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rstrip() + "…"


def _excerpt(a: Sentence, b: Sentence) -> str:
    """The two names' sentences (one when they share it), joined by `` … ``."""
    if (a.start, a.end) == (b.start, b.end):
        return _cut(a)
    first, second = (a, b) if a.start <= b.start else (b, a)
    return f"{_cut(first)} … {_cut(second)}"
