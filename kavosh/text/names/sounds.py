"""The sounds of a name: one alphabet for Latin and Arabic-script spellings, and how each
script's letters map onto it.

Each name part (see :mod:`kavosh.text.names.reading`) becomes a string over one alphabet for
both scripts. Consonants: ``B P T θ(th, ث) J C(ch, چ, تش) H(h, ح, ه) X(kh, خ) D ð(dh, ذ) R Z
ž(zh, ژ) S(s, س, ص) š(sh, ش) F Q(q, ق) ġ(gh, غ) K(k, c, ک) G(g, گ) L M N V(v, w, و) Y(y, ی)
ḍ(ض) ẓ(ظ)``, doubled letters collapsed. Vowels: ``@`` starts a part that starts with a vowel
(ا, آ, ع, or a Latin vowel; ``@i``/``@u``/``@I`` keep an initial i, u or long i); Latin short
``a e o``; Latin ``i u`` (long or short: unknown); long ``A I U`` (ا ی و, Latin ``aa``,
``ei ey ai ay ee ie``, ``ou oo ow aw``); a part-final ``A`` (a, e, ا), ``I`` (i, y, ی),
``U`` (o, u, و), ``ə`` (a Latin final e after a consonant, often silent; the Arabic-script
final ه or ة read as a vowel, which Latin writes e or a but never a long a: ``Salehi`` is
not صلاحی), ``~`` (a final Arabic ى, read a or i) and ``ʰ`` (a Latin final h after a vowel:
``Fatih``, ``Salah``). A Latin final ``-eh`` after a consonant is read twice: the final ه
(``Fatemeh`` = فاطمه) and a short e with an ``h`` (``Saleh`` = صالح), never as ``-ah``.
و/ی are consonants at the start of a part, next to ا, before another vowel letter and in
``-avi``. A Latin ``th sh zh dh kh`` between vowels is also read as two consonants
(``Fathi`` = فتحی, ``Ishaq`` = اسحاق), and Arabic ``تش`` also as ``ch``. A Latin word ending
in consonant + ``ic`` is also read with ``ch`` (``Ivanovic`` = ``ić``). A Latin word spelt as
English spells /aɪ/ (``Rice``, ``Tyler``, ``Wright``, ``Biden``) is also read with the sounds of
ای (``AI``), first; so is a final ``-ai`` after a consonant as ``-aei`` (``Rajai`` = رجایی, the
ā of Persian -āyī), and an initial s-cluster with the vowel Persian writes before it
(``Stalin`` = استالین). A ی after a consonant and before another ی that is not the last letter
is the seat of a hamza the normaliser wrote ی (رئیسی → رییسی) and has no sound.

The letter tables (Latin clusters, digraphs and vowels, Arabic-script consonants, the names
whose final ی reads ``a``) and the weight of each sound are data:
``kavosh/text/data/name_sounds.toml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kavosh.text.data import load

_TABLES = load("name_sounds.toml")

_MAKSURA = "\ue002"  # private-use marker: an Arabic alef maksura (ى) at the end of a word
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _is_arabic(text: str) -> bool:
    """Whether ``text`` contains Arabic-script letters."""
    return _ARABIC_RE.search(text) is not None



def _mark_maksura(text: str) -> str:
    """Keep word-final ى (read as ``a`` in Arabic) apart from ی, which normalize merges."""
    return re.sub("\u0649(?![\u0600-\u06ff])", _MAKSURA, text)



# ---------------------------------------------------------------------------------------------
# Latin

_LATIN_SPECIAL = str.maketrans(_TABLES["latin_special"])
_LATIN_CLUSTERS: list[list[str]] = _TABLES["latin_clusters"]
_CLUSTER3: dict[str, str] = {c: s for c, s in _LATIN_CLUSTERS if len(c) == 3}
_CLUSTER2: dict[str, str] = {c: s for c, s in _LATIN_CLUSTERS if len(c) == 2}
_LATIN_LETTERS: dict[str, str] = _TABLES["latin_letters"]
_VOWELS = frozenset("aeiou")
_DIGRAPH_SOUND: dict[str, str] = dict(_TABLES["vowel_digraphs"])
_SINGLE_VOWEL: dict[str, str] = _TABLES["single_vowel"]
_FINAL_VOWEL: dict[str, str] = _TABLES["final_vowel"]
_GAP = "."  # between sounds of letters that are not adjacent (blocks collapsing doubles)


def _scan_vowels(run: str) -> list[str]:
    """Vowel sounds of a run of vocalic letters: digraphs first, then single letters."""
    out: list[str] = []
    i = 0
    while i < len(run):
        sound = _DIGRAPH_SOUND.get(run[i:i + 2])
        if sound:
            out.append(sound)
            i += 2
        else:
            out.append(_SINGLE_VOWEL.get(run[i], ""))
            i += 1
    return [v for v in out if v]


def _vowel_run(run: str, initial: bool, final: bool, silent_e: bool) -> str:
    """The sound of a run of vowel letters (``y`` and ``w`` included when vocalic).

    ``silent_e``: a lone final ``e`` after a consonant reads as the silent-looking ``ə``.
    """
    sounds = _scan_vowels(run)
    if initial:  # an initial vowel, with the quality of an i or u that may be long
        first = sounds[0] if sounds else ""
        return "@" + {"I": "I", "i": "i", "u": "u", "U": "u"}.get(first, "")
    if not sounds:
        return ""
    if final:
        last = sounds[-1]
        if last == "e" and len(sounds) == 1 and silent_e:
            sounds[-1] = "ə"
        else:
            sounds[-1] = _FINAL_VOWEL.get(last, "A")
    return "".join(sounds)


def _latin_vocalic(word: str) -> list[bool]:
    """For each letter, whether it is part of a vowel run (vowels, and y or w used as one)."""
    flags = [c in _VOWELS for c in word]
    n = len(word)
    for i, c in enumerate(word):
        if c in "yw":
            nxt = word[i + 1] if i + 1 < n else ""
            prev_vowel = i > 0 and flags[i - 1]
            consonantal = nxt in _VOWELS and not (prev_vowel and nxt == "i" and c == "y")
            consonantal = consonantal or word.startswith("sk", i + 1)  # -owski
            flags[i] = not consonantal and i > 0
    return flags


_SLAVIC_IC = re.compile(r"[b-df-hj-np-tv-z][iy]c$")
_SPLIT_DIGRAPH = re.compile(r"(?<=[aeiouy])([tszdk])(?=h[aeiouy])")
_CONSONANT_EH = re.compile(r"[aeiou].*[b-df-hj-np-tv-z]eh$")


def _eh_readings(word: str) -> tuple[str, ...]:
    """A Latin final ``-eh`` after a consonant is one of two things, never a long ``a``: the
    Persian final ه (``Fatemeh`` = فاطمه: the ``h`` is that letter, no sound of its own), or
    a short ``e`` and a consonant ``h`` (``Saleh`` = صالح, ``Fateh`` = فاتح). Read as a final
    vowel and an optional ``h`` (as ``-ah`` is), ``Saleh`` would have the sounds of ``Salah``
    (صلاح). The ه reading is last, so the key stays that of the vowel (``SL``)."""
    vowel = _latin_reading(word).removesuffix("ʰ")
    consonant = _latin_reading(word[:-1] + "|h")
    return consonant, vowel


_C = "[b-df-hj-np-tv-z]"
# English spellings of the diphthong /aɪ/, which Persian writes ای (Rice رایس, Biden بایدن,
# Tyler تایلر, Wright رایت) but the readings above take for the i of Arabic and Persian
# romanisations (Amini, Zaid): an i before a consonant and a silent final e; a y between
# consonants; igh before a consonant or at the end (Knight; Highmore since the fourth
# readings); the i of an open first syllable before an English ending (Bi-den, Si-mon,
# Ti-ger). "aaee" is the spelling read A I, as ای is.
_OPEN = rf"i(?={_C}(?:en|er|on|es)$)"  # English endings only: Bijan, Zinat keep their i
_ENGLISH_AI = re.compile(rf"(?<={_C})i(?={_C}es?$)|(?<={_C})y(?={_C})|igh(?={_C}|$)"
                         rf"|(?<=^{_C}){_OPEN}|(?<=^{_C}{_C}){_OPEN}")
_ENGLISH_SILENT = re.compile(r"^(?:w(?=r)|k(?=n))")  # Wright, Knight


def _english(word: str) -> str | None:
    """``word`` respelt with its English /aɪ/ as ``aaee`` and a silent initial w or k
    dropped, or None when it has neither."""
    english = _ENGLISH_SILENT.sub("", _ENGLISH_AI.sub("aaee", word))
    return english if english != word else None


def _respell(pattern: re.Pattern[str], replacement: str, word: str) -> str | None:
    """``word`` with what ``pattern`` matches replaced, or None when it matches nothing."""
    respelt = pattern.sub(replacement, word)
    return respelt if respelt != word else None


_Respellings = tuple[tuple[re.Pattern[str], str], ...]  # each a pattern and what replaces it


def _meets(table: _Respellings, word: str) -> bool:
    """Whether any pattern of ``table`` is found in ``word``."""
    return any(pattern.search(word) for pattern, _ in table)


# A final -ai after a consonant: in a Persian name the ā of -āyī, which Persian writes ایی
# (Rajai رجایی, Rezai رضایی, Bahai بهایی), the romanisation leaving out the e of -aei. Not
# -aie: that is as often an Arabic -a'i (Rubaie, ربیعی).
_PERSIAN_AI = re.compile(rf"(?<={_C})ai$")


def _persian_ai(word: str) -> str | None:
    """``word`` respelt with its final ``-ai`` as ``-aei`` (:data:`_PERSIAN_AI`), or None
    when it has none."""
    return _respell(_PERSIAN_AI, "aei", word)


# An s and a consonant at the start, which Persian writes after a vowel (ا): Stalin استالین,
# Scott اسکات, Smith اسمیت (sh, sch and sz are one sound, ش).
_S_CLUSTER = re.compile(r"^s(?=[b-df-gj-np-tv-z])")


def s_cluster(word: str) -> bool:
    """Whether the lower-case Latin ``word`` starts with an s and a consonant
    (:data:`_S_CLUSTER`), before which Persian writes a vowel."""
    return _S_CLUSTER.match(word) is not None


def _prosthetic(word: str) -> str | None:
    """``word`` respelt with the vowel Persian writes before its initial s-cluster
    (:func:`s_cluster`: ``stalin`` → ``estalin``), or None when it starts otherwise."""
    return "e" + word if s_cluster(word) else None


# A Russian v at the end of a word, or before k (-ev, -ov, -evsky, -kov), sounds f, and
# Persian writes it ف: Gorbachev گورباچف, Lavrov لاوروف, Dostoevsky داستایفسکی. Five letters
# at least: Lev, Bev. After ts, ch, sh or zh the e of -ev is the Russian ё, and Persian may
# write it و, read o (Kazantsev کازانتسوف, Khrushchev خروشچوف).
_SLAVIC_V = re.compile(r"(?<=.{3}[eo])v(?=$|sk|k)")
_SLAVIC_EV = re.compile(r"(?<=.(?:ts|ch|sh|zh))ev(?=$|sk)")
# An English ow between a consonant and a vowel, an n, an l or an r, the /aʊ/ Persian writes
# او: Powell پاول, Downer داونر, Brown براون (Nowruz and Mowlavi keep their own reading too).
_ENGLISH_OW = re.compile(rf"(?<={_C})ow(?=[aeiounlr])")
# A Portuguese nh between vowels is the ny Persian writes نی (Mourinho مورینیو, Ronaldinho
# رونالدینیو).
_PORTUGUESE_NH = re.compile(r"(?<=[aeiou])nh(?=[aeiou])")
# The Scottish and Irish Mc before a consonant, a prefix Persian writes مک apart from the
# name it joins (McKenzie مک‌کنزی, joined مککنزی; McCain مککین): the | keeps the k apart.
_MC = re.compile(r"^mc(?=[b-df-hj-np-tv-z])")
# The respellings of the readings' fourth version, each a pattern and what replaces it.
_FOURTH: _Respellings = ((_SLAVIC_V, "f"), (_SLAVIC_EV, "of"), (_ENGLISH_OW, "av"),
                         (_PORTUGUESE_NH, "ny"), (_MC, "mak|"))


# An English th, which Persian writes ت (Roth روت, Smith اسمیت, Thatcher تاچر, Arthur
# آرتور): also read t. The ث of Arabic names (Othman عثمان, Haitham هیثم) keeps its own
# reading.
_ENGLISH_TH = re.compile(r"th")
# An English u in a closed syllable, before two consonant letters (not r, w, h or y first), the
# /ʌ/ Persian writes ا: Musk ماسک, Trump ترامپ, Hunter هانتر, Russell راسل. Persian leaves its
# own short u unwritten, so Mustafa, Sultan lose nothing.
_ENGLISH_U = re.compile(rf"^({_C}*)(?<!q)u(?=(?![hrwy]){_C}(?!h){_C})")
# An English short o before two consonant letters or a final one, the /ɒ/ (/ɑ/) Persian
# writes ا: Scott اسکات, Johnson جانسون, Tom تام, Collins کالینز (Donald, Boris, Ford keep
# theirs: an o before one consonant and a vowel, or before r; so does a final -on, which
# Persian writes ون: Watson واتسون); the h of an ohn is silent (John, Johnson).
_ENGLISH_O = re.compile(rf"^({_C}*)o(?:h(?=n)|(?!n$)(?=(?![rwy]){_C}(?:{_C}|$)))")
# An English a before one consonant and a final -e, -es, -on or -ey, the /eɪ/ Persian
# writes ی: Kane کین, James جیمز, Jason جیسون, Hayes هیز. Not before r and a final e, nor
# before -er or -en: Persian romanises its final ع or ه e (Zare زارع) and its fā'il names
# with -er and -en (Nader نادر, Mazen مازن).
_ENGLISH_A = re.compile(r"(?<![aeiou])a(?=(?:[b-df-hj-npqs-tv-z]e|[b-df-hj-np-tv-z](?:es|on|ey))$)")
# An English g (or dg) before a final e, -es, -er or -ers, the /dʒ/ Persian writes ج: George
# جورج, Judge جاج, Roger راجر.
_ENGLISH_G = re.compile(r"d?g(?=e(?:s|r|rs)?$)")
# An English final s after a voiced consonant or an e, the /z/ Persian writes ز: James جیمز,
# Collins کالینز, Rogers راجرز.
_ENGLISH_S = re.compile(r"(?:(?<=[bdgmnrv])|(?<=[^s]e))s$")
# The respellings of the readings' fifth version: English sounds as Persian writes them, for
# comparing with Arabic script only (sounds.cross_sounds), each alone and all together.
_FIFTH: _Respellings = ((_ENGLISH_TH, "t"), (_ENGLISH_U, r"\1a"), (_ENGLISH_O, r"\1a"),
                        (_ENGLISH_A, "ey"), (_ENGLISH_G, "j"), (_ENGLISH_S, "z"))


def persian_respelt(word: str) -> bool:
    """Whether the lower-case Latin ``word`` has a respelling of the readings' third version
    (:func:`_persian_ai`, :func:`_prosthetic`)."""
    return _persian_ai(word) is not None or _prosthetic(word) is not None


# an igh before a consonant other than t: read the English way only since the fourth version
_IGH_BEFORE_CONSONANT = re.compile(r"igh(?=[b-df-hj-np-sv-z])")


def fourth_respelt(word: str) -> bool:
    """Whether the lower-case Latin ``word`` has a respelling of the readings' fourth version
    (:data:`_FOURTH`, or an English igh before a consonant other than t: Highmore)."""
    return _meets(_FOURTH, word) or _IGH_BEFORE_CONSONANT.search(word) is not None


def fifth_respelt(word: str) -> bool:
    """Whether the lower-case Latin ``word`` has a respelling of the readings' fifth version
    (:data:`_FIFTH`: English sounds as Persian writes them)."""
    return _meets(_FIFTH, word)


def respelt(word: str) -> tuple[str, ...]:
    """The respellings of a lower-case Latin word read before its own
    (:func:`_latin_sounds`): the English /aɪ/ (:func:`_english`), the Persian -ai
    (:func:`_persian_ai`), the vowel before an initial s-cluster (:func:`_prosthetic`), and
    the Russian v, English ow, Portuguese nh and Mc of :data:`_FOURTH`."""
    return tuple(r for r in (_english(word), _persian_ai(word), _prosthetic(word),
                             *(_respell(p, by, word) for p, by in _FOURTH))
                 if r is not None)


@lru_cache(maxsize=65536)
def _latin_sounds(word: str) -> tuple[str, ...]:
    """Sound strings of a Latin word (lower-case ASCII letters).

    A second reading splits ``th``, ``sh``, ``zh``, ``dh``, ``kh`` between vowels into two
    consonants (``Fathi`` = فتحی, ``Ishaq`` = اسحاق, ``Azhari`` = ازهری). A word spelt as
    English spells /aɪ/ (:func:`_english`), ending in a Persian ``-ai`` (:func:`_persian_ai`:
    Rajai as Rajaei) or starting with an s-cluster (:func:`_prosthetic`: Stalin as Estalin)
    is also read so, first: the other readings, and the key (of the last), stay those of the
    romanisations.
    """
    readings = _romanised_sounds(word)
    others = respelt(word)
    if not others:
        return readings
    return tuple(dict.fromkeys((*(s for r in others for s in _romanised_sounds(r)),
                                *readings)))


@lru_cache(maxsize=65536)
def cross_sounds(word: str) -> tuple[str, ...]:
    """Sound strings of a Latin word (lower-case ASCII letters) as Persian writes what it
    borrows from English (:data:`_FIFTH`: the th of Roth روت, the u of Musk ماسک), other than
    its :func:`_latin_sounds`: for comparing it with Arabic script only (Burns is no Barnes,
    Fathi no Fatih)."""
    own = set(_latin_sounds(word))
    others = [other for pattern, by in _FIFTH
              if (other := _respell(pattern, by, word)) is not None]
    if len(others) > 1:
        every = word
        for pattern, by in _FIFTH:
            every = pattern.sub(by, every)
        others.append(every)
    others += [r for other in others for r in respelt(other)]  # Scott as escat too
    return tuple(dict.fromkeys(s for other in others for s in _romanised_sounds(other)
                               if s not in own))


def _romanised_sounds(word: str) -> tuple[str, ...]:
    """:func:`_latin_sounds` without the English reading."""
    word = re.sub(r"([b-df-hj-np-tv-z])\1+", r"\1", word)  # doubled consonant letters
    word = re.sub(r"qu(?=[ei])", "k", word)
    if word.startswith("ou") and word[2:3] in _VOWELS:
        word = "w" + word[2:]  # Ouadahi, Ouattara
    if _CONSONANT_EH.search(word):
        return _eh_readings(word)
    split = _SPLIT_DIGRAPH.sub(r"\1|", word)
    if split != word:
        return _latin_reading(word), _latin_reading(split)
    if _SLAVIC_IC.search(word):  # Ivanovic, Hadzic: ić written without its accent
        return _latin_reading(word), _latin_reading(word + "h")
    return (_latin_reading(word),)


def _latin_reading(word: str) -> str:
    """One sound string of a Latin word (``|`` marks a boundary that blocks digraphs)."""
    tail = ""
    if len(word) > 2 and word[-1] == "h" and word[-2] in _VOWELS:
        word, tail = word[:-1], "ʰ"  # Fatemeh, Fatih, Allah: a final h that may be silent
    flags = _latin_vocalic(word)
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        if word[i] == "|":
            out.append(_GAP)  # a boundary: Mak|kenzie keeps both its k
            i += 1
        elif flags[i]:
            j = i
            while j < n and flags[j]:
                j += 1
            silent_e = bool(out) and not tail  # a final e is silent-looking, not -eh
            out.append(_vowel_run(word[i:j], i == 0, j == n, silent_e) or _GAP)
            i = j
        else:
            i = _latin_consonant(word, i, out)
    return _collapse("".join(out) + tail)


def _latin_consonant(word: str, i: int, out: list[str]) -> int:
    """Append the consonant sound at ``word[i]`` to ``out``; return the next index."""
    sound = _CLUSTER3.get(word[i:i + 3])
    if sound:
        out.append(sound)
        return i + 3
    sound = _CLUSTER2.get(word[i:i + 2])
    if sound:
        out.append(sound)
        return i + 2
    c = word[i]
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if c == "c":
        out.append("S" if nxt in ("e", "i", "y") else "K")
    elif c == "x":
        out.append("KS")
    elif c == "y":
        out.append("Y")
    elif c == "w":
        out.append("V")
    else:
        out.append(_LATIN_LETTERS.get(c, ""))
    return i + 1

# ---------------------------------------------------------------------------------------------
# Arabic script

_AR_EXTRA = str.maketrans(_TABLES["arabic_extra"])
_AR_CONSONANTS: dict[str, str] = _TABLES["arabic_consonants"]
_AR_SILENT = frozenset("عء")
# Persian names whose final ی is read as ``a`` (Arabic alef maksura written with a Persian yeh).
_FINAL_A = frozenset(_TABLES["final_a"])


def _ar_waw(word: str, i: int) -> str:
    """The sound of و at ``word[i]``: consonant ``V`` or vowel ``U``."""
    prev = word[i - 1] if i > 0 else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if i == 0:
        return "V"
    if nxt == "ا" or prev == "ا" or (nxt == "ی" and i + 2 == len(word)):
        return "V"
    if nxt in ("ی", "و") and i + 2 < len(word):
        return "V"
    return "U"


# A ی after a consonant and before another ی that is not the last letter: the seat of a
# hamza (ئ) the normaliser wrote ی (رئیس → رییس), no sound of its own.
_HAMZA_SEAT = re.compile("(?<=[^اوی])ی(?=ی.)")


def hamza_seat(word: str) -> bool:
    """Whether the Arabic-script ``word`` has a ی read as a hamza's seat
    (:data:`_HAMZA_SEAT`)."""
    return _HAMZA_SEAT.search(word) is not None


def _ar_yeh(word: str, i: int) -> str:
    """The sound of ی at ``word[i]``: consonant ``Y`` or vowel ``I``."""
    prev = word[i - 1] if i > 0 else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if i == 0:
        return "Y"
    if prev == "ا" and nxt == "ی" and i + 2 == len(word):
        return _GAP  # -ایی: Rezaei
    if _HAMZA_SEAT.match(word, i):
        return _GAP  # the seat of a hamza (رئیسی, normalised رییسی): Raisi, Raeisi
    if nxt in ("ا", "و"):
        return "Y"
    return "I"


def _ar_letter(word: str, i: int, final_a: bool) -> str:
    """The sound of the letter ``word[i]`` (``_GAP`` for a silent one)."""
    ch = word[i]
    last = i == len(word) - 1
    if i == 0 and ch in "اع":
        return "@"
    if i == 1 and word[0] in "اع" and ch in "اویع" and (last or word[2] not in "اوی"):
        return {"ی": "i", "و": "u"}.get(ch, _GAP)  # initial ای, او, اع, عا: one vowel
    if ch == _MAKSURA:
        return "~"
    if ch == "ا":
        return "A"
    if ch in _AR_SILENT:
        return _GAP
    if ch == "و":
        sound = _ar_waw(word, i)
        return "U" if last and sound == "U" else sound
    if ch == "ی":
        return "A" if last and final_a else _ar_yeh(word, i)
    if ch == "ه" and last and i > 0:
        return "ə"  # a vowel written with ه (فاطمه, خامنه‌ای), never with ا: Latin writes it e
    return _AR_CONSONANTS.get(ch, _GAP)


def _apart(word: str, i: int) -> bool:
    """Whether ``word[i]`` repeats the consonant letter before it as a consonant of its own.

    Persian and Arabic write a doubled consonant once (its shadda is dropped by the
    normaliser), so two letters alike side by side are two consonants with a vowel unwritten
    between them: مجددی is Mojaddedi, حججی Hojaji, مدد madad. Not so the article's ل before
    a ل (الله, عبداللهی: Allah, Abdollahi), where Latin writes one consonant doubled."""
    ch = word[i]
    return (i > 0 and word[i - 1] == ch and ch in _AR_CONSONANTS and ch not in "وی"
            and not (ch == "ل" and word[i - 2:i - 1] == "ا"))


def reads_final_a(word: str) -> bool:
    """Whether the Arabic-script ``word`` is listed as a name whose final ی is read ``a``."""
    return word in _FINAL_A


def doubled(word: str) -> bool:
    """Whether the Arabic-script ``word`` has two consonant letters alike read apart
    (:func:`_apart`)."""
    return any(_apart(word, i) for i in range(1, len(word)))


@lru_cache(maxsize=65536)
def _arabic_sounds(word: str) -> tuple[str, ...]:
    """Sound strings of a normalised Arabic-script word (a second one reads تش as ch)."""
    tail = ""
    if len(word) > 4 and word.endswith(("های", "هیی")):
        word, tail = word[:-3], "I"  # خامنه‌ای, ending -e-i: Khamenei
    elif len(word) > 2 and word[-1] == "ه" and word[-2] in "او":
        word = word[:-1]  # شاه, کوه: the vowel before a final h is the final vowel
    final_a = reads_final_a(word)
    sounds = _collapse(_ar_letters(word, final_a) + tail)
    if "Tš" in sounds:
        return sounds.replace("Tš", "C"), sounds
    # the word's own reading last: it is the one its key is made of (distance.name_keys)
    others = [_collapse(_ar_letters(other, final_a) + tail) for pattern, by in _AR_SECOND
              if (other := _respell(pattern, by, word)) is not None]
    return tuple(dict.fromkeys((*others, sounds)))


# A ی after ا or و and before another ی: a y (پایین, payin), or the seat of a hamza or a
# glide (نائینی → نایینی, Naeini; رزمجویی, Razmjouei; روئین‌تن → رویینتن, Rouintan), which has
# no sound of its own: read both ways.
_SEAT_AFTER_VOWEL = re.compile("(?<=[او])ی(?=ی)")
# The و Persian writes, and does not say, between خ and ا (خواهر khāhar, خوانساری Khansari,
# نیکخواه Nikkhah): read both ways.
_SILENT_WAW = re.compile("خو(?=ا)")
# The Arabic ذو ال (dhu'l, "of the"), joined in a name and said zol: its ا is not said
# (ذوالفقاری Zolfaghari, ذوالقدر Zolghadr, ذوالنور Zolnour). Since the fifth version.
_DHUL = re.compile("^ذوال(?=.{2})")
# The second readings of an Arabic-script word (since the fourth version; ذوال since the
# fifth), each a pattern and what replaces it (ء is read as no sound).
_AR_SECOND: _Respellings = ((_SEAT_AFTER_VOWEL, "ء"), (_SILENT_WAW, "خ"), (_DHUL, "ذول"))


def dhul(word: str) -> bool:
    """Whether the Arabic-script ``word`` starts with a joined ذوال (:data:`_DHUL`), read
    without its ا since the fifth version."""
    return _DHUL.match(word) is not None


def second_reading(word: str) -> bool:
    """Whether the Arabic-script ``word`` is also read another way (:data:`_AR_SECOND`: a
    hamza seat after ا or و, the silent و of خوا, an initial ذوال)."""
    return _meets(_AR_SECOND, word)


def _ar_letters(word: str, final_a: bool) -> str:
    """The sounds of ``word``'s letters, before :func:`_collapse`."""
    return "".join(_GAP * _apart(word, i) + _ar_letter(word, i, final_a)
                   for i in range(len(word)))


def _collapse(sounds: str) -> str:
    """Collapse a consonant sound repeated by adjacent letters; drop the gap markers."""
    out: list[str] = []
    for ch in sounds:
        if out and ch == out[-1] and ch not in _VOWEL_SOUNDS:
            continue
        out.append(ch)
    return "".join(out).replace(_GAP, "")


def _sounds(word: str) -> tuple[str, ...]:
    """The sound strings of one normalised word of either script."""
    return _arabic_sounds(word) if _is_arabic(word) else _latin_sounds(word)

# ---------------------------------------------------------------------------------------------
# The alphabet of sounds, and what comparing sound strings needs

_ALPHABET = "BPTθJCHXDðRZžSšFQġKGLMNVYḍẓ@aeoiuIUAə~ʰ"
_INDEX = {ch: i for i, ch in enumerate(_ALPHABET)}
_VOWEL_SOUNDS = frozenset("@aeoiuIUAə~ʰ" + _GAP)
_WEIGHT: dict[str, float] = _TABLES["weight"]
_WT = [_WEIGHT.get(a, 1.0) for a in _ALPHABET]  # indexed by _INDEX; consonants weigh 1
_Sound = tuple[str, tuple[int, ...], float, int]  # sounds, codes, weight, bit mask


@lru_cache(maxsize=65536)
def _codes(sounds: str) -> tuple[int, ...]:
    """A sound string as alphabet indexes."""
    return tuple(_INDEX[c] for c in sounds)


@lru_cache(maxsize=65536)
def _mask(sounds: str) -> int:
    """The set of sounds in ``sounds`` as a bit mask."""
    mask = 0
    for code in _codes(sounds):
        mask |= 1 << code
    return mask


@lru_cache(maxsize=65536)
def _weight(sounds: str) -> float:
    """The weight of a sound string (consonants 1, vowels less)."""
    return sum(_WT[_INDEX[c]] for c in sounds)



@lru_cache(maxsize=65536)
def _sound_info(sounds: str) -> _Sound:
    """A sound string with what comparing it needs: codes, weight and bit mask."""
    return sounds, _codes(sounds), _weight(sounds), _mask(sounds)


