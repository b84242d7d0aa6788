"""Long vowels a Latin spelling of a name shows, which Persian and Arabic script must write.

Persian and Arabic leave short vowels unwritten, so a Latin name and a word of the same
consonants (Bashir, بشر *mankind*) sound alike to :func:`~kavosh.text.names.name_similarity`.
But a Latin ``i`` in a name's last syllable, between single consonants (Bashir, Rashid, Hakim,
Putin, David), is a long vowel: the script writes it (بشیر، رشید، حکیم، پوتین، دیوید). Two
patterns keep it short, and unwritten: after a long ā (CāCiC: Qasim قاسم, Tahir طاهر, Kazim
کاظم, the script showing the ā as ا) and after two consonants (muCCiC: Mohsin محسن). A
digraph (sh, kh, gh, ch, th, dh, zh, ph) is one consonant. Persian romanisation writes the
short vowel ``e`` (Qasem, Mohsen), so the rule rarely needs its exceptions there.

A word's last vowel is written too: a final ه after a consonant is the vowel e or a
(فاطمه Fatemeh, بوتفلیقه Bouteflika, نگروپونته Negroponte), so the Latin spelling ends in
``e``, ``a`` or ``h`` (Nasrallah, نصرالله); and a Latin ``-eh`` is written ه or ح (Saleh,
صالح); a Latin word that ends in ``i`` or ``y`` ends in ی (Zardari زرداری, Cheney چنی), and
one that ends in ``-aei`` writes its e between the ā and the last ی (Rezaei رضایی, Taei
طائی, Saei ساعی: رضای is *Reza's*, another name with its ezafe, and صفی is Safi); a final
``e`` after a consonant is silent or e, never ی (Rice رایس, not رییسی).
So خلیلزاده is no spelling of Khalilzad, سلطانی none of Soltanieh, and زرد (*yellow*) none
of Zardari (:func:`ending_differs`).

And a word never starts with an unwritten vowel: a Latin word that starts with a vowel is
written from ا, آ or ع (Olmert اولمرت, Omar عمر), so مرتع (*pasture*) is no spelling of
Olmert (:func:`starts_without_carrier`); and a Latin e or i at the start is no long ā
(عابدی, Abedi, is no spelling of Ebadi: :func:`first_vowel_differs`).

Inside a word, an i between a consonant and a, o or u is written ی (Ghiami قیامی, not قمی:
:func:`glide_i_unwritten`), and a lone e before a doubled consonant is short, never ی
(Mohebbi محبی, not مهیبی: :func:`closed_e_written`; a foreign name's e may be, as Dari
writes it). :func:`vowels_disagree` asks all six.
"""

from __future__ import annotations

import re

from kavosh.text.names.origin import looks_foreign

_ARABIC_WORD = re.compile("^[\u0600-\u06ff]+$")
_DIGRAPH = re.compile("sh|kh|gh|ch|th|dh|zh|ph")
# the last vowel group is a lone i, between one consonant (or digraph) after an earlier vowel
# and consonants to the end: ba[sh]i[r], ha[k]i[m], pu[t]i[n]
_LAST_I = re.compile(r"[aeiouy]([^aeiouy])i[^aeiouy]+$")
_LONG_I = set("یي")
_LONG_A = set("اآ")


def drops_long_i(latin: str, written: str) -> bool:
    """Whether ``written`` (Arabic script, normalised) leaves out the long ``i`` of the Latin
    name word ``latin``'s last syllable (see the module docstring): no ی among its last three
    letters, though the Latin word has such an ``i`` and ``written`` shows no long ā before it
    (its second letter ا where the Latin shows an ``a``). False when the rule says nothing
    (no such ``i``)."""
    word = _DIGRAPH.sub("c", latin.lower())  # a digraph counts as one consonant
    last_i = _LAST_I.search(word) if latin_and_arabic(word, written) else None
    if last_i is None:
        return False
    if len(written) > 1 and written[1] in _LONG_A and last_i[0][0] == "a":
        return False  # CāCiC: Qasim, قاسم (the ā shown as a: Ludin is not لادن, Laden)
    return not _LONG_I & set(written[-3:])


_FINAL_H = set("هح")
_CARRIERS = set("اآعأإئ")
_LATIN_FINAL_E = set("aeh")
_LATIN_VOWELS = set("aeiouy")
_AEI_SEATS = set("یئعء")  # the letter between the ā and the last ی of a Latin -aei


def ending_differs(latin: str, written: str) -> bool:
    """Whether the Latin name word ``latin`` and ``written`` (Arabic script, normalised) end
    in different vowels (see the module docstring): ``written`` ends in a ه after a
    consonant where ``latin`` ends in neither ``e``, ``a`` nor ``h``; ``latin`` ends in
    ``i`` or ``y`` where ``written`` does not end in ی, or in ``aei`` where no ی, ئ or ع
    stands before ``written``'s last ی; ``latin`` ends in ``e`` after a consonant where
    ``written`` ends in ی; or ``latin`` ends in ``eh`` where ``written`` ends in neither ه
    nor ح."""
    word = latin.lower()
    if not latin_and_arabic(word, written) or len(word) < 3 or len(written) < 3:
        return False
    if written[-1] == "ه" and written[-2] not in _LONG_A and word[-1] not in _LATIN_FINAL_E:
        return True
    if word[-1] in "iy" and written[-1] not in _LONG_I:
        return True  # Zardari is not زرد: a last i or y is written ی
    if word[-1] == "e" and word[-2] not in _LATIN_VOWELS and written[-1] in _LONG_I:
        return True  # Rice is رایس, not رییسی: a Latin final e is silent or e, never ی
    if word.endswith("aei") and written[-2] not in _AEI_SEATS:
        return True  # Rezaei is رضایی, Saei ساعی; رضای is Reza's (its ezafe), صفی Safi
    return word.endswith("eh") and written[-1] not in _FINAL_H


def latin_and_arabic(latin: str, written: str) -> bool:
    """A Latin word of letters only and an Arabic-script word: what the rules compare."""
    return latin.isascii() and latin.isalpha() and _ARABIC_WORD.match(written) is not None


def starts_without_carrier(latin: str, written: str) -> bool:
    """Whether the Latin name word ``latin`` starts with a vowel and ``written`` (Arabic
    script, normalised) does not start with a letter that carries one (ا آ ع)."""
    word = latin.lower()
    return (latin_and_arabic(word, written) and word[0] in "aeiou"
            and written[0] not in _CARRIERS)


_FRONT_VOWELS = set("ei")
_LONG_A_START = "عا"


def first_vowel_differs(latin: str, written: str) -> bool:
    """Whether the Latin name word ``latin`` starts with ``e`` or ``i`` and ``written``
    (Arabic script, normalised) with a written long ā after its ع (عا): Ebadi is عبادی, not
    عابدی (Abedi). No romanisation writes that ā as ``e`` or ``i`` (Emad عماد, Iraq عراق and
    Ezzat عزت carry a short vowel, unwritten). An ا or آ start says nothing: the normaliser
    writes آ as ا, the carrier of any first vowel."""
    word = latin.lower()
    return (latin_and_arabic(word, written) and word[0] in _FRONT_VOWELS
            and written.startswith(_LONG_A_START))


# the vowel groups inside a Latin word (not its first or last letter), and a lone e before a
# doubled consonant among them: a short vowel in a closed syllable (Mohebbi, Bennett)
_INNER_VOWELS = re.compile(r"(?<=.)[aeiouy]+(?=.)")
_CLOSED_E = re.compile(r"(?<![aeiouy])e(?=([b-df-hj-np-tv-z])\1)")


def closed_e_written(latin: str, written: str) -> bool:
    """Whether ``written`` (Arabic script, normalised) writes more ی inside it than the Latin
    name word ``latin`` has vowels that may be written so, where ``latin`` has a lone ``e``
    before a doubled consonant: that e is short in a closed syllable, and never written ی
    (Mohebbi محبی, not مهیبی; Bennett بنت; Kennedy کندی). The vowels that may be ی are the
    inner vowel groups with an i or a y, or an e not before a doubled consonant. Not for a
    foreign name (:func:`~kavosh.text.names.origin.looks_foreign`): Dari, and some Persian
    translators, write its e ی wherever it stands (تیلیس for Tellis, فیریل for Ferrell)."""
    word = latin.lower()
    if not latin_and_arabic(word, written) or _CLOSED_E.search(word) is None:
        return False
    if looks_foreign(word):
        return False  # Dari writes a foreign name's every e ی: تیلیس for Tellis, فیریل
    closed = {m.start() for m in _CLOSED_E.finditer(word)}
    may = sum(1 for m in _INNER_VOWELS.finditer(word)
              if set(m[0]) & set("iy") or ("e" in m[0] and m.start() not in closed))
    return sum(1 for ch in written[1:-1] if ch in _LONG_I) > may


# an inner i before a, o or u after a consonant (not the Italian gi, ci: Gianni جانی)
_GLIDE_I = re.compile(r"(?<=[b-df-hj-np-tv-z])(?<![gc])i[aou](?=.)")


def glide_i_unwritten(latin: str, written: str) -> bool:
    """Whether ``written`` (Arabic script, normalised) has no ی inside it though the Latin
    name word ``latin`` has an i before a, o or u after a consonant, which Persian writes
    ی (Ghiami قیامی, Kiani کیانی, Niazi نیازی): قمی (Qomi) is no spelling of Ghiami."""
    word = latin.lower()
    return (latin_and_arabic(word, written) and _GLIDE_I.search(word) is not None
            and not _LONG_I & set(written[1:-1]))


def vowels_disagree(latin: str, written: str) -> bool:
    """Whether ``written`` (Arabic script) cannot spell the Latin name word ``latin`` for its
    vowels: :func:`drops_long_i`, :func:`ending_differs`, :func:`starts_without_carrier` or
    :func:`first_vowel_differs`. False for any other pair (two Latin words, a Persian word
    typed)."""
    return (drops_long_i(latin, written) or ending_differs(latin, written)
            or starts_without_carrier(latin, written) or first_vowel_differs(latin, written)
            or closed_e_written(latin, written) or glide_i_unwritten(latin, written))
