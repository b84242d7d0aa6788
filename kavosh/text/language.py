"""Which language a passage is in, as an ISO 639-3 code: ``fas``, ``ara``, ``eng`` … or ``und``.

A small, offline, explainable classifier: the script decides between Arabic-script and Latin
text, then frequent function words and letters that only one language uses decide between
Persian and Arabic (``پ چ ژ گ`` and ``می``/``است``/``را`` against ``ة``, ``في``/``التي``/``ال``),
and between English, French and German for Latin text. Passages with too little evidence (a
bare name, a number) are ``und``: a name alone says nothing about the language around it.
"""

from __future__ import annotations

import re
from itertools import product

from kavosh.text.direction import main_script, paragraph_direction, rtl_share
from kavosh.text.normalize import LIGHT_FOLD

_WORD = re.compile(r"[^\W\d_]+")

_FAS_WORDS = frozenset(
    "و در به از که این را با است برای آن یک تا هم می شد شده بود کرد کند شود نیز دارد اند"
    " ما او آنها خود باید اما یا چه هر اگر پس نه بر ها های ای".split()
)
_ARA_WORDS = frozenset(
    "في من على الى إلى عن ان أن التي الذي التى هذا هذه مع كان قد لا ما هو هي بين عند"
    " كما ذلك تلك حيث لم لن ثم او أو قال وقال الي علي".split()
)


def _spellings(words: frozenset[str]) -> frozenset[str]:
    """Every spelling of ``words`` that :data:`LIGHT_FOLD` folds back to one of them, so a
    word is looked up as it stands instead of folding the whole text first."""
    variants: dict[str, list[str]] = {}
    for raw, folded in LIGHT_FOLD.items():
        variants.setdefault(str(folded), [str(folded)]).append(chr(raw))
    out: set[str] = set()
    for word in words:
        out.update("".join(p) for p in product(*(variants.get(c, [c]) for c in word)))
    return frozenset(out)


_FAS_SPELLINGS = _spellings(_FAS_WORDS)
_ARTICLE = re.compile(r"(?<!\S)ال\S{3,}")  # words of five letters or more starting with ال
_FAS_LETTERS = frozenset("پچژگ")
_ARA_LETTERS = frozenset("ةئإأ")
_LATIN_WORDS = {
    "eng": frozenset("the of and to in is that for on with was as by it at from be this are"
                     " have has an which not or were".split()),
    "fra": frozenset("le la les de des et est un une du en que qui dans pour pas sur au par"
                     " avec ce sont".split()),
    "deu": frozenset("der die das und ist nicht ein eine zu den von mit sich des auf für im"
                     " dem wird sind".split()),
}


SAMPLE_CHARS = 2000  # a paragraph's language is settled long before this many characters


def detect_language(text: str) -> str:
    """The ISO 639-3 code of ``text``'s main language, or ``und`` when it cannot be told.

    Only the first :data:`SAMPLE_CHARS` characters are read (cut at a space): a page-long
    paragraph would cost as much as extracting the page, and says nothing more."""
    if len(text) > SAMPLE_CHARS:
        cut = text.rfind(" ", 0, SAMPLE_CHARS)
        text = text[:cut if cut > SAMPLE_CHARS // 2 else SAMPLE_CHARS]
    script = main_script(text, minimum=3)
    if script is None:
        return "und"
    return _arabic_script_language(text) if script == "R" else _latin_language(text)


def _arabic_script_language(text: str) -> str:
    words = text.split()
    fas = sum(map(_FAS_SPELLINGS.__contains__, words))
    fas += 2 * sum(letter in text for letter in _FAS_LETTERS)
    ara = sum(map(_ARA_WORDS.__contains__, words))
    ara += 2 * sum(letter in text for letter in _ARA_LETTERS)
    ara += len(_ARTICLE.findall(text)) // 2
    if "\u06cc" in text or "\u06a9" in text:
        fas += 1
    if "\u064a" in text or "\u0643" in text:
        ara += 1
    if fas == ara:
        return "fas" if len(words) > 2 and fas > 0 else "und"
    return "fas" if fas > ara else "ara"


def _latin_language(text: str) -> str:
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {code: sum(w in vocab for w in words) for code, vocab in _LATIN_WORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    if scores[best] == 0:
        return "eng" if len(words) >= 6 else "und"
    return best


RTL_LANGUAGES = frozenset({"fas", "ara", "urd", "pus", "ckb", "heb", "yid", "prs"})
_DECISIVE_WORDS = 4  # fewer words than this (a name, a date, a number) cannot decide alone


def paragraph_languages(paragraphs: list[str], default: str = "und") -> list[str]:
    """The language of each paragraph, deciding short ones from their neighbours.

    A paragraph of fewer than four words (a bare name, a signature, a date) takes the language
    of the nearest decided paragraph before it, else after it, else ``default``: a name alone
    says nothing about the language it is written in.
    """
    own = [detect_language(p) if len(p.split()) >= _DECISIVE_WORDS else "und" for p in paragraphs]
    out = list(own)
    last = "und"
    for i, code in enumerate(own):
        if code != "und":
            last = code
        elif last != "und":
            out[i] = last
    following = "und"
    for i in range(len(own) - 1, -1, -1):
        if own[i] != "und":
            following = own[i]
        elif out[i] == "und":
            out[i] = following if following != "und" else default
    return out


def language_direction(language: str, text: str) -> str:
    """``rtl`` or ``ltr`` for a paragraph: a paragraph written in one script only takes that
    script's direction (a Latin name in a Persian document is still left-to-right); a mixed
    one takes its language's direction, or its majority's when the language is unknown."""
    share = rtl_share(text)
    if share == 1.0:
        return "rtl"
    if share == 0.0 and any(ch.isalpha() for ch in text):
        return "ltr"
    if language in RTL_LANGUAGES:
        return "rtl"
    if language != "und":
        return "ltr"
    return paragraph_direction(text)
