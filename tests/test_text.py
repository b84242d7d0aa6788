"""The normaliser and tokenizer: the reference behaviour every search depends on."""

from __future__ import annotations

import pytest

from kavosh.text import (
    detect_language,
    index_text,
    normalize,
    normalize_with_map,
    paragraph_direction,
    split_paragraphs,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("علي", "علی"),  # Arabic yeh / Persian yeh
        ("كتاب", "کتاب"),  # Arabic kaf / Persian keheh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("می‌شود", "میشود"),  # ZWNJ / nothing
        ("می‌شود", "می شود"),  # ZWNJ / space
        ("گزارش‌های سری", "گزارش های سری"),
        ("۱۳۹۳/۰۸/۲۵", "1393/08/25"),  # Persian digits
        ("١٣٩٣", "1393"),  # Arabic-Indic digits
        ("سَلامٌ", "سلام"),  # diacritics
        ("کـــتاب", "کتاب"),  # tatweel
        ("ﺳﻼﻡ", "سلام"),  # presentation forms from PDFs
        ("\u200fتهران\u200e", "تهران"),  # bidi marks
        ("Soleymânî", "SOLEYMANI"),
        ("خانۀ", "خانه"),
        ("مسئول", "مسیول"),
    ],
)
def test_variants_normalise_alike(a: str, b: str) -> None:
    assert index_text(a) == index_text(b)


def test_normaliser_keeps_words_apart() -> None:
    assert index_text("سفارت ایران در بغداد") == "سفارت ایران در بغداد"
    assert index_text("گزارش، موضوع: «سری»؟") == "گزارش موضوع سری"
    # A prefix is joined only to the word after it, never across punctuation.
    assert index_text("می. شود") == "می شود"


def test_offset_map_points_at_raw_characters() -> None:
    raw = "او  می‌شودَ، و كتاب"
    norm = normalize_with_map(raw)
    start = norm.text.index("میشود")
    s, e = norm.to_raw(start, start + len("میشود"))
    assert raw[s:e] == "می‌شودَ"  # the ZWNJ and the trailing fatha belong to the word
    start = norm.text.index("کتاب")
    s, e = norm.to_raw(start, start + 4)
    assert raw[s:e] == "كتاب"
    assert len(norm.offsets) == len(norm.text)


def test_normalize_is_idempotent() -> None:
    text = "گزارش‌های  محرمانهٔ سفارت در ۱۳۹۳ — Kazemi-Nia"
    assert normalize(normalize(text)) == normalize(text)


def test_paragraph_direction_by_majority() -> None:
    assert paragraph_direction("IRGC در بغداد جلسه‌ای برگزار کرد") == "rtl"
    assert paragraph_direction("The embassy in Baghdad (سفارت) reported") == "ltr"
    assert split_paragraphs("سلام دنیا\nHello world\n\nیک دو\n۱۲۳") == [
        "سلام دنیا", "Hello world", "یک دو\n۱۲۳"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("این گزارش از سوی ایستگاه بغداد به اداره کل ارسال شده است.", "fas"),
        ("وقال المتحدث إن الاجتماع الذي عقد في بغداد كان مثمرا.", "ara"),
        ("The ambassador met the minister on Tuesday to discuss the report.", "eng"),
        ("12345", "und"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_fast_normalize_equals_mapped_normalize() -> None:
    import random

    pieces = ("ای ‌ ك ي ى ۀ ة أ آ ـ َ ُ ِ ّ ۱ ۲ ٣ A b É ﻻ ﺳ \u200f \u200d \t \n می ها تر"
              " شود x 7 . ، « »").split(" ")
    alphabet = [*pieces, " ", "  "]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert normalize(text) == normalize_with_map(text).text, repr(text)


def test_every_bmp_character_normalises() -> None:
    text = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    assert normalize(text) == normalize_with_map(text).text
