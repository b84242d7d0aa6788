"""People, organisations and places found by a conditional random field (finder ``crf``).

Kavosh trains the model itself (``scripts/train_ner.py``, recipe in ``docs/entities.md``) and
ships it in the package (``kavosh/entities/data/ner-crf.crfsuite``, read by python-crfsuite).
A user may point the finder at another CRFsuite model trained on the same features
(:func:`sentence_features`): the ``model`` argument, or the ``KAVOSH_NER_MODEL`` setting.
Nothing is ever downloaded; a missing model file raises :class:`ModelMissing` and finds
nothing rather than something made up.

The text is tokenised here, on the raw text, so each mention carries raw offsets: a token is a
run of letters, digits and Arabic marks, its half-space (ZWNJ) parts included (``کاظمی‌نیا`` is
one token), or one punctuation character. Each line that has a letter of the Arabic script is
tagged on its own (the model learnt Persian; English is not covered yet) with BIO labels of
the types ``PER``, ``ORG`` and ``LOC``; a mention runs from its ``B-`` token over the ``I-``
tokens of the same type (an ``I-`` after anything else starts one).

Features of a token, all of its normalised form (:func:`kavosh.text.normalize`): the word,
prefixes and suffixes of 2–4 letters, script and capital, the half-space parts, whether it is a
title (سردار، آیت‌الله، وزیر، الشيخ، Colonel …), an organisation head (وزارت، سپاه، حزب …), a
place head (استان، شهر …), a place of the region (بغداد، نجف، دمشق …) or a word of people's
names (:func:`name_words`); and the word and those flags of the two tokens either side. Then
the tags of Kavosh's gazetteer (:mod:`kavosh.entities.gazetteer`: places, organisations, given
names and titles of one or several tokens, ``LOC:B`` / ``LOC:I`` …) of the token and of the
token either side.

The model's spans then go through deterministic span rules (:mod:`kavosh.entities.span_rules`:
titles outside names, an organisation's head and place as one organisation, the name after an
honorific …), and the family name of a person found in full is found again where it stands
alone in the same text. A mention's score is the model's mean marginal probability of its
labels.

The finder computes each token's state scores itself, from the model's weights read once per
file (:mod:`kavosh.entities.crf_tagger`) and each word's features kept as the model's attribute
ids (and the sum of its own features' weights) in a table of :data:`WORD_CACHE` words, adding
them in the order of :func:`sentence_features` as CRFsuite does; python-crfsuite then tags
seven numbers a token with a carrier copy of the model (Viterbi and marginals in C) instead of
turning eleven feature strings a token into attribute ids. The labels and marginals are those
python-crfsuite gives for the features and the model itself, to the last bit
(``tests/test_entity_tagging.py``).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress, pairwise
from pathlib import Path
from typing import Any

import numpy as np

from kavosh.entities import crf_tagger, gazetteer, span_rules
from kavosh.entities.base import Found
from kavosh.text.normalize import ZWNJ, normalize

MODEL_ENV = "KAVOSH_NER_MODEL"  # the setting: a path to a CRFsuite model of these features
MODEL_NAME = "ner-crf.crfsuite"
NAME_WORDS = "name-words.txt"  # a feature: a word of people's names (see name_words)
TYPES = ("PER", "ORG", "LOC")
FEATURES_VERSION = "2"  # a model trained on other features cannot be read with these
# What the finder does with the model's spans (CORRESPONDENCE_WORDS; spans in Latin letters
# dropped; kavosh.entities.span_rules): part of its version, so mentions found before a
# change are found again.
# A new shipped model file changes the output too, so it also takes the next number here.
SPANS_VERSION = "5"

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_WORD_PART = rf"(?:[^\W_]|[{_MARKS}])+"
# a word with its half-space parts, or one character that is neither space nor half-space
TOKEN = re.compile(rf"{_WORD_PART}(?:\u200c+{_WORD_PART})*|[^\s\u200c]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")


def _normal_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


TITLES = _normal_set("""
    سردار سرلشکر سرتیپ سرتیپ‌دوم سرهنگ سرهنگ‌دوم سرگرد سروان سپهبد ژنرال امیر دریادار
    حجت‌الاسلام حجت‌الاسلام‌والمسلمین حجه‌الاسلام آیت‌الله آیت‌الله‌العظمی شیخ سید سیده
    وزیر سفیر رئیس آقای آقا خانم دکتر مهندس حاج حاجی استاد معاون مدیرکل مدیرعامل سرکنسول
    کنسول رایزن نماینده سخنگوی فرمانده دبیرکل رئیس‌جمهور نخست‌وزیر شهید مرحوم جناب سرکار
    امام استاندار فرماندار شهردار بخشدار سرمربی مربی کاپیتان بازیکن هافبک مهاجم مدافع
    دروازه‌بان خبرنگار نویسنده کارگردان بازیگر هنرمند شاعر خواننده ورزشکار قهرمان وکیل
    قاضی دادستان سناتور پادشاه ملک شاهزاده ولیعهد صدراعظم سرپرست مشاور دستیار
    السيد السيدة الشيخ اللواء العميد العقيد الفريق المقدم الوزير السفير الرئيس الدكتور
    المهندس الحاج سماحة فضيلة القائد النائب الأستاذ السيد
    mr mrs ms miss dr gen general col colonel maj major capt captain minister ambassador
    president sheikh shaykh sayyed seyed sayed ayatollah hojatoleslam brig lt sir
""")
ORG_HEADS = _normal_set("""
    وزارت سپاه سازمان حزب بانک شرکت دانشگاه ستاد قرارگاه نیروی نیروهای اداره دفتر مجلس
    شورای بنیاد انجمن جمعیت کمیته خبرگزاری روزنامه باشگاه دادگاه دادستانی قوه ارتش پلیس
    اتحادیه موسسه مؤسسه هیئت کانون جبهه جنبش گروه گروهک فرماندهی سفارت کنسولگری رایزنی
    خانه کارخانه فدراسیون کنفدراسیون نهاد مرکز پژوهشگاه پژوهشکده آژانس صندوق کمیسیون فراکسیون
    اتاق دیوان آموزشگاه بیمارستان هلال تیم شبکه سایت پایگاه دبیرخانه معاونت استانداری
    فرمانداری شهرداری بخشداری دانشکده مدرسه حوزه آستان
    وزارة هيئة منظمة شركة بنك جامعة الحشد جهاز مجلس حزب حركة جبهة قوات كتائب عصائب سرايا
    ministry corps organization organisation party bank company university council agency
    army committee front movement embassy
""")
PLACE_HEADS = _normal_set("""
    استان شهر شهرستان کشور بندر جزیره خلیج دریای رود کوه منطقه فرودگاه مرز گذرگاه روستای
    ایالت بخش دهستان روستا تنگه دریاچه رودخانه کوههای جزایر پایتخت شهرک
    محافظة مدينة مطار ميناء
    city province port airport
""")
PLACES = _normal_set("""
    ایران تهران مشهد اصفهان شیراز تبریز قم اهواز کرمانشاه کرمان یزد رشت ارومیه زاهدان همدان
    اراک قزوین ساری گرگان بندرعباس بوشهر خرمشهر آبادان ایلام مهران سنندج خوزستان کردستان
    سیستان بلوچستان خراسان گیلان مازندران شلمچه چذابه
    عراق بغداد بصره نجف کربلا موصل اربیل کرکوک سلیمانیه دهوک سامرا کاظمین تکریت فلوجه رمادی
    انبار دیالی بعقوبه نینوا حله کوت عماره ناصریه دیوانیه
    سوریه دمشق حلب حمص لبنان بیروت یمن صنعا عربستان ریاض بحرین منامه کویت قطر دوحه امارات
    دبی ابوظبی عمان مسقط ترکیه آنکارا استانبول افغانستان کابل هرات پاکستان اسلام‌آباد
    اسرائیل فلسطین غزه قدس اردن مصر قاهره روسیه مسکو آمریکا واشنگتن چین پکن اروپا آلمان
    فرانسه پاریس انگلیس لندن ژنو وین
    العراق بغداد البصرة النجف كربلاء الموصل أربيل كركوك السليمانية دهوك سوريا دمشق بيروت لبنان
    طهران إيران
    iran tehran iraq baghdad basra najaf karbala erbil mosul kirkuk syria damascus beirut
    lebanon yemen kuwait qatar bahrain turkey afghanistan kabul israel gaza london washington
""")

# The words of correspondence itself (a cable's and a letter's header and reference lines):
# never an entity on their own, however the model reads the line. «بازگشت به تلگراف شماره …»
# opens most Persian cables, and a model that learnt formal news tags its «تلگراف» as an
# organisation, which would make the commonest "organisation" of every cable archive.
CORRESPONDENCE_WORDS = _normal_set("""
    تلگراف تلگرام نامه گزارش سند اسناد پیوست موضوع شماره تاریخ بخشنامه دستور دستورالعمل
    رونوشت پیرو عطف بازگشت طبقه‌بندی محرمانه سری فوری آنی مکاتبه یادداشت صورتجلسه پرونده
    برقیه کتاب رسالة مذكرة تقرير الموضوع العدد التاريخ سري
    cable telegram letter report memo subject ref
""")


_LISTS = span_rules.Lists(TITLES, ORG_HEADS, PLACE_HEADS, PLACES)
WORD_CACHE = 65536  # words whose features a finder keeps as the model's ids and sums


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Words of people's names (normalised) from Wikidata's person labels in Arabic script
    (CC0), written by ``scripts/train_ner.py`` beside the model; empty when missing."""
    path = packaged_model().with_name(NAME_WORDS)
    return frozenset(path.read_text(encoding="utf-8").split()) if path.is_file() else frozenset()


class ModelMissing(FileNotFoundError):
    """The model file is not where it should be: the finder cannot find people, organisations
    or places (it never guesses)."""


@dataclass(frozen=True, slots=True)
class Token:
    """``raw[start:end]`` and its normalised form."""

    start: int
    end: int
    norm: str


def tokenize(text: str) -> list[Token]:
    """The tokens of raw ``text`` with their raw offsets (see the module docstring)."""
    return [Token(m.start(), m.end(), _norm(m.group())) for m in TOKEN.finditer(text)]


@lru_cache(maxsize=65536)
def _norm(raw: str) -> str:
    return normalize(raw) or raw


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if _ARABIC.search(word):
        return "arabic"
    if _LATIN.search(word):
        return "latin"
    return "other"


def _local(raw: str) -> tuple[str, ...]:
    """The features of one token on its own (``raw`` as written)."""
    norm = _norm(raw)
    features = ["bias", "w=" + norm, "shape=" + _shape(norm)]
    features += [f"p{n}={norm[:n]}" for n in (2, 3, 4) if len(norm) > n]
    features += [f"s{n}={norm[-n:]}" for n in (2, 3, 4) if len(norm) > n]
    if raw[:1].isupper():
        features.append("upper")
    if ZWNJ in raw:
        parts = [_norm(p) for p in raw.split(ZWNJ) if p]
        features += ["zf=" + parts[0], "zl=" + parts[-1], "zn=" + str(min(len(parts), 3))]
    if norm.startswith("ال") and len(norm) > 4:
        features.append("al")
    return tuple(features + _flags(norm, ""))


def _flags(norm: str, where: str) -> list[str]:
    flags = []
    if norm in TITLES:
        flags.append(where + "title")
    if norm in ORG_HEADS:
        flags.append(where + "orghead")
    if norm in PLACE_HEADS:
        flags.append(where + "placehead")
    if norm in PLACES:
        flags.append(where + "place")
    if norm in name_words():
        flags.append(where + "name")
    return flags


_NEIGHBOURS = ("-2:", "-1:", "+1:", "+2:")


@lru_cache(maxsize=131072)
def _word_features(raw: str) -> tuple[tuple[str, ...], ...]:
    """A token's features on its own, then those it gives the tokens 2 and 1 after it and 1
    and 2 before it (as their ``-2:``, ``-1:``, ``+1:`` and ``+2:`` neighbour)."""
    norm = _norm(raw)
    return (_local(raw), *((where + "w=" + norm, *_flags(norm, where)) for where in _NEIGHBOURS))


# what the places before the first token and after the last one give as neighbours
_LEFT_EDGE: tuple[tuple[str, ...], ...] = ((), (), ("-1:BOS",), (), ())
_RIGHT_EDGE: tuple[tuple[str, ...], ...] = ((), (), (), ("+1:EOS",), ())


def sentence_features(words: Sequence[str], norms: Sequence[str] | None = None,
                      entries: Sequence[tuple[int, int, str]] | None = None,
                      ) -> list[list[str]]:
    """The CRF features of each token of one sentence (``words`` as written in the raw text;
    ``norms``, their normalised forms, and ``entries``, their
    :func:`kavosh.entities.gazetteer.matches`, when the caller has them already).

    The contract between the training script and the finder: a model is trained on exactly
    these features (:data:`FEATURES_VERSION`)."""
    ext = [_LEFT_EDGE, _LEFT_EDGE, *map(_word_features, words), _RIGHT_EDGE, _RIGHT_EDGE]
    features = [[*c[0], *a[1], *b[2], *d[3], *e[4]]
                for a, b, c, d, e in zip(ext, ext[1:], ext[2:], ext[3:], ext[4:], strict=False)]
    # the gazetteer's tags (of several tokens at once), the token's and its neighbours'
    found = gazetteer.tags([_norm(w) for w in words] if norms is None else norms, entries)
    for i, tags in enumerate(found):
        if not tags:
            continue
        features[i] += ["g=" + t for t in tags]
        if i:
            features[i - 1] += ["+1:g=" + t for t in tags]
        if i + 1 < len(found):
            features[i + 1] += ["-1:g=" + t for t in tags]
    return features


def spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, last + 1, type)`` token ranges from BIO ``labels``."""
    found: list[tuple[int, int, str]] = []
    start, kind, end = -1, "", -1  # the open span: its first token, type, end so far
    # only the labels other than "O" (most are "O", which only ends the open span, and
    # ``end`` tells that): picked in C rather than looked at one by one here
    for i in compress(range(len(labels)), map("O".__ne__, labels)):
        prefix, _, name = labels[i].partition("-")
        if kind and (i != end or prefix != "I" or name != kind):
            found.append((start, end, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, name
        end = i + 1
    if kind:
        found.append((start, end, kind))
    return [s for s in found if s[2] in TYPES]


def packaged_model() -> Path:
    """Where the shipped model is installed (it may be missing in a broken install)."""
    return Path(str(resources.files("kavosh.entities") / "data" / MODEL_NAME))


def model_path(model: str | os.PathLike[str] | None = None) -> Path:
    """The model to use: ``model`` if given, else the ``KAVOSH_NER_MODEL`` setting, else the
    shipped one. Raises :class:`ModelMissing` when that file does not exist."""
    chosen = Path(model or os.environ.get(MODEL_ENV) or packaged_model())
    if not chosen.is_file():
        raise ModelMissing(f"no entity model at {chosen}: people, organisations and places "
                           f"cannot be found (reinstall Kavosh, or set {MODEL_ENV} to a "
                           "CRFsuite model trained by scripts/train_ner.py)")
    return chosen


_LEFT_ROW, _RIGHT_ROW = 0, 1  # the places before a line's first token and after its last
# the tokens whose features a token has, around it ("-2:", "-1:", "+1:", "+2:"), and their place
_AROUND = np.array([-2, -1, 1, 2])
_PLACES = np.arange(4)
_NEAR_WIDTH = 6  # the most features a word gives a token near it: the word and five flags


class _WordTable:
    """Each word's features as one model's attribute ids, in arrays (row ``rows[word]``):
    ``local``, the sum of the weights of its own features (added in their order, from 0, as
    CRFsuite starts a token's scores); ``near[:, p]``, the ids of the features it gives the
    tokens around it (place ``p``: ``-2:``, ``-1:``, ``+1:``, ``+2:``), padded with the
    model's row of zeros, ``width[:, p]`` how many; ``norms[word]``, its normal form. Rows 0
    and 1 are the places before a line and after it. Cleared when :data:`WORD_CACHE` words
    are in it."""

    def __init__(self, model: crf_tagger.CrfModel) -> None:
        self.model = model
        self.rows: dict[str, int] = {}
        self.norms: dict[str, str] = {}  # each word's normal form
        self._clear()

    def _clear(self) -> None:
        self.rows.clear()
        self.norms.clear()
        self.local = np.zeros((0, len(self.model.labels)))
        self.near = np.zeros((0, 4, _NEAR_WIDTH), dtype=np.int32)
        self.width = np.zeros((0, 4), dtype=np.int32)
        self._size = 0
        self._add([_LEFT_EDGE, _RIGHT_EDGE])

    def make_room(self, words: int) -> None:
        """Clear the table if it could not take ``words`` new words (before a document's
        rows are taken: they stay valid until the next call)."""
        if len(self.rows) + words > WORD_CACHE:
            self._clear()

    def rows_of(self, words: Sequence[str]) -> list[int]:
        """The rows of ``words`` (as written), those new added (all at once)."""
        try:  # most pages: every word known (a KeyError is cheaper than looking for None)
            return list(map(self.rows.__getitem__, words))
        except KeyError:
            pass
        new = list(dict.fromkeys(w for w in words if w not in self.rows))
        first = self._add([_word_features(w) for w in new])
        self.rows.update(zip(new, range(first, first + len(new)), strict=True))
        self.norms.update(zip(new, map(_norm, new), strict=True))
        return list(map(self.rows.__getitem__, words))

    def _add(self, words: Sequence[Sequence[Sequence[str]]]) -> int:
        """Add the rows of words of these features (:func:`_word_features`); the first's."""
        get, none = self.model.attributes.get, self.model.none
        known = [[[i for i in map(get, group) if i is not None] for group in groups]
                 for groups in words]
        first, self._size = self._size, self._size + len(known)
        if self._size > len(self.local):  # room for twice as many
            more = max(self._size, 1024) * 2 - len(self.local)
            self.local = np.concatenate([self.local, np.zeros((more, self.local.shape[1]))])
            self.near = np.concatenate([self.near, np.full((more, 4, _NEAR_WIDTH), none,
                                                           dtype=np.int32)])
            self.width = np.concatenate([self.width, np.zeros((more, 4), dtype=np.int32)])
        self.local[first:self._size] = self.model.sums([ids for ids, *_ in known])
        self.near[first:self._size] = [[ids + [none] * (_NEAR_WIDTH - len(ids))
                                        for ids in near] for _, *near in known]
        self.width[first:self._size] = [list(map(len, near)) for _, *near in known]
        return first


class CrfFinder:
    """The ``crf`` entity finder: PER, ORG and LOC from a CRFsuite model (module docstring).

    ``model``: a CRFsuite model file trained on :func:`sentence_features` (default: the
    ``KAVOSH_NER_MODEL`` setting, else the shipped model). Raises :class:`ModelMissing` when
    the file is missing."""

    name = "crf"

    def __init__(self, model: str | os.PathLike[str] | None = None) -> None:
        self.model = model_path(model)
        if not name_words():
            raise ModelMissing(f"no {NAME_WORDS} beside {packaged_model()}: the model's "
                               "features cannot be computed (reinstall Kavosh)")
        import pycrfsuite  # a compiled dependency, loaded only when the finder is made

        self._model = crf_tagger.read_model(self.model)
        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open_inmemory(self._model.carrier)
        self._words = _WordTable(self._model)
        self._tags: dict[str, tuple[int, ...]] = {}
        # provenance: the shipped model is "2.4"; any other file is named by its file name
        shipped = self.model.resolve() == packaged_model().resolve()
        version = f"{FEATURES_VERSION}.{SPANS_VERSION}"
        self.version = version if shipped else f"{version}+{self.model.name}"

    @property
    def labels(self) -> tuple[str, ...]:
        """The model's labels, in its order."""
        return self._model.labels

    def find(self, text: str, language: str) -> list[Found]:
        # The model learnt Persian only: a line without a letter of the Arabic script
        # (English) is left alone rather than filled with guesses.
        lines = _lines(text)
        if not lines:
            return []
        norms, entries, items = self._prepared([line.words for line in lines])
        found = []
        for line, line_norms, line_entries, line_items in zip(lines, norms, entries, items,
                                                              strict=True):
            found += self._tag_line(text, line, line_norms, line_entries, line_items)
        seen = list(zip(lines, norms, strict=True))
        return sorted(found + _family_names(text, found, seen), key=lambda f: f.start)

    def tagged(self, lines: Sequence[Sequence[str]]) -> list[tuple[list[str], list[list[float]]]]:
        """The labels of each line of words (as written) and, at each position, the marginal
        of each label (in the order of :attr:`labels`): what python-crfsuite's ``Tagger``
        gives for their :func:`sentence_features` with the model itself."""
        found = []
        for words, line_items in zip(lines, self._prepared(lines)[2], strict=True):
            labels = self._tagger.tag(line_items)
            found.append((labels, [[self._tagger.marginal(label, i) for label in self.labels]
                                   for i in range(len(words))]))
        return found

    def _prepared(self, lines: Sequence[Sequence[str]]) -> tuple[
            list[list[str]], list[list[tuple[int, int, str]]], Iterator[list[dict[bytes, float]]]]:
        """For lines of words (as written): each line's normalised words, gazetteer entries
        and python-crfsuite items (its tokens' state scores, computed for all lines at once;
        the items made line by line as they are taken: a page's thousands of dicts alive at
        once would set off the garbage collector again and again)."""
        table = self._words
        words = [w for line in lines for w in line]
        table.make_room(len(words))
        rows = np.array(table.rows_of(words), dtype=np.intp)
        cuts = list(pairwise([0, *accumulate(map(len, lines))]))
        every_norm = list(map(table.norms.__getitem__, words))
        norms = [every_norm[a:b] for a, b in cuts]
        entries = [gazetteer.matches(n) for n in norms]
        state = self._state(rows, [len(line) for line in lines], entries)
        return norms, entries, (self._model.items(state[a:b]) for a, b in cuts)

    def _tag(self, tag: str) -> tuple[int, ...]:
        """A gazetteer tag's attribute ids: of the token after it, its own, of the token
        before it (the model's :attr:`~crf_tagger.CrfModel.none` for those it lacks)."""
        found = self._tags.get(tag)
        if found is None:
            attributes, none = self._model.attributes, self._model.none
            found = self._tags[tag] = tuple(attributes.get(where + "g=" + tag, none)
                                            for where in ("-1:", "", "+1:"))
        return found

    def _state(self, rows: np.ndarray, sizes: Sequence[int],
               entries: Sequence[Sequence[tuple[int, int, str]]]) -> np.ndarray:
        """The ``(tokens, labels)`` state scores of the lines' tokens one after the other
        (``rows``: their rows in the word table, an array; ``sizes``: how many tokens each line
        has): the weights of their :func:`sentence_features`, added in that order for each
        token as CRFsuite adds them (so the scores are its own to the last bit).

        Every token's own features first (their sum cached per word), then those it has from
        the token two before it, one before, one after, two after, then the gazetteer's: all
        of a token's attribute ids in that order in one row (padded with the model's row of
        zeros, which adds 0.0), their weights added one column after the other (numpy's
        ``add.accumulate`` along the row would add in the same order, but takes longer)."""
        table = self._words
        n = len(rows)
        if not n:
            return np.zeros((0, len(self._model.labels)))
        # every line's rows with the two places before it and the two after it around them
        at = np.arange(n) + 2 + 4 * np.repeat(np.arange(len(sizes)), sizes)
        padded = np.full(n + 4 * len(sizes), _RIGHT_ROW, dtype=np.intp)
        padded[at] = rows
        line_starts = np.cumsum([0, *sizes[:-1]]) + 4 * np.arange(len(sizes))
        padded[line_starts] = padded[line_starts + 1] = _LEFT_ROW
        givers = padded[at[:, None] + _AROUND]
        near = table.near[givers, _PLACES]  # (tokens, place, column)
        widths = table.width[givers, _PLACES].max(axis=0)
        columns = [near[:, place, :width] for place, width in enumerate(widths.tolist())]
        columns.append(self._tag_ids(n, sizes, entries))
        weights = self._model.state
        state = table.local[rows]
        for ids in np.concatenate(columns, axis=1).T.copy():  # a column's ids, contiguous
            state += weights[ids]
        return state

    def _tag_ids(self, n: int, sizes: Sequence[int],
                 entries: Sequence[Sequence[tuple[int, int, str]]]) -> np.ndarray:
        """``(n, width)``: the attribute ids of each token's gazetteer tags, in the order of
        :func:`sentence_features`: each ``-1:g=`` (the tags of the token before it), then
        ``g=``, then ``+1:g=``, each in the order :func:`kavosh.entities.gazetteer.tags` gives
        them; padded with the model's row of zeros."""
        tagged: list[tuple[int, int, int, str]] = []  # token, its line's first and end, tag
        at = 0
        for size, line_entries in zip(sizes, entries, strict=True):
            for first, end, kind in line_entries:
                tagged.append((at + first, at, at + size, kind + ":B"))
                tagged += [(at + j, at, at + size, kind + ":I") for j in range(first + 1, end)]
            at += size
        ids: dict[int, list[int]] = {}
        for where, shift in enumerate((1, 0, -1)):  # to the token after, its own, before
            for token, line, end, tag in tagged:
                if line <= token + shift < end:
                    ids.setdefault(token + shift, []).append(self._tag(tag)[where])
        width, none = max(map(len, ids.values()), default=0), self._model.none
        found = np.full((n, width), none, dtype=np.intp)
        if ids:
            found[list(ids)] = [row + [none] * (width - len(row)) for row in ids.values()]
        return found

    def _tag_line(self, text: str, line: _Line, norms: list[str],
                  entries: Sequence[tuple[int, int, str]],
                  items: list[dict[bytes, float]]) -> list[Found]:
        labels = self._tagger.tag(items)
        found = []
        starts, ends = line.starts, line.ends
        for first, end, kind in span_rules.apply(norms, spans(labels), entries, _LISTS):
            if end - first == 1 and norms[first] in CORRESPONDENCE_WORDS:
                continue
            # Nor a span without a letter of the Arabic script: on a mixed line («Persian:
            # سید …») the model guesses at Latin words it never learnt; Latin names are the
            # latin-names finder's, which joins them only to names the case knows.
            if not _ARABIC.search(text, starts[first], ends[end - 1]):
                continue
            # how sure the model is of these labels (a rule's span may be one it doubted)
            own = ["B-" + kind, *["I-" + kind] * (end - first - 1)]  # the span's labels
            score = sum(map(self._tagger.marginal, own, range(first, end)))
            found.append(Found(starts[first], ends[end - 1], kind,
                               round(score / (end - first), 3)))
        return found


FAMILY_NAME_SCORE = 0.5  # a family name found again alone: as sure as the name, not more
FAMILY_NAME_SOURCE = 0.8  # only a name the model is this sure of lends its family name
# last words of names that are no family name («علی الله» in an Arabic verse)
NOT_FAMILY = _normal_set("الله اللہ خدا الدين الدین")


def _family_names(text: str, found: Sequence[Found],
                  lines: Iterable[tuple[_Line, Sequence[str]]],
                  ) -> list[Found]:
    """The family names of people found in full (``دیوید کامرون``) where they stand alone in
    the same text (``کامرون``) and nothing was found: news names a person in full once, then
    by family name, which the model, seeing one sentence, often takes for a word."""
    family = {_norm(text[m.start:m.end].split()[-1]) for m in found
              if m.type == "PER" and m.score >= FAMILY_NAME_SOURCE
              and " " in text[m.start:m.end].strip()}
    family = {f for f in family if len(f) > 2 and f not in TITLES and f not in NOT_FAMILY}
    if not family:
        return []
    taken = sorted((m.start, m.end) for m in found)
    starts = [a for a, _ in taken]
    return [Found(start, end, "PER", FAMILY_NAME_SCORE)
            for line, norms in lines if not family.isdisjoint(norms)
            for start, end, norm in zip(line.starts, line.ends, norms, strict=True)
            if norm in family and not _covered(start, starts, taken)]


def _covered(at: int, starts: Sequence[int], taken: Sequence[tuple[int, int]]) -> bool:
    """Whether a token starting at ``at`` is inside one of the ``taken`` spans (sorted,
    ``starts`` their starts; the spans and tokens share their bounds)."""
    i = bisect_right(starts, at) - 1
    return i >= 0 and taken[i][1] > at


@dataclass(frozen=True, slots=True)
class _Line:
    """The tokens of one line: each token's text as written and its raw offsets."""

    words: list[str]
    starts: list[int]
    ends: list[int]


# TOKEN as a splitter (its tokens between the gaps), and the same for a line without "_": a
# token's letters in one class, which the regex engine scans in a tight loop (TOKEN's
# alternation of two classes costs a branch a letter). «_» is the only character of \w that
# TOKEN's words leave out, so on such a line the two find the same tokens.
_SPLIT = re.compile(f"({TOKEN.pattern})")
_LETTERS = rf"[\w{_MARKS}]+"
_SPLIT_NO_UNDERSCORE = re.compile(rf"({_LETTERS}(?:\u200c+{_LETTERS})*|[^\s\u200c])")


def _lines(text: str) -> list[_Line]:
    """The tokens of each line of ``text`` that has a letter of the Arabic script (a CRF tags
    one sequence at a time; a line break is never inside a token), with raw offsets."""
    found = []
    at = 0
    for line in text.split("\n"):
        if _ARABIC.search(line):  # so it has a token
            parts = (_SPLIT if "_" in line else _SPLIT_NO_UNDERSCORE).split(line)
            # gap, token, gap, …, token, gap: a token starts where the text before it ends
            bounds = list(accumulate(map(len, parts), initial=at))
            found.append(_Line(parts[1::2], bounds[1:-1:2], bounds[2::2]))
        at += len(line) + 1
    return found
