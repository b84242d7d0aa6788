"""Sentences for translation (kavosh.text.sentences): a cable's header lines whole, numbered
paragraphs, abbreviations and dotted numbers kept; real news text from NTREX."""

from __future__ import annotations

from kavosh.text.sentences import split_sentences
from tests.conftest import shared_data

CABLE = """شماره: ۱۲۳/۴۵.۶
تاریخ: ۱۳۹۸.۰۲.۱۲
طبقه‌بندی: سری

۱. سفیر گفت که جلسه در تاریخ ۱۳۹۸.۰۲.۱۲ با حضور ۳.۵ هزار نفر برگزار شد. آیا او آمد؟ بله!
۲- وزارت اطلاعات «گزارش را تأیید کرد.» سپس رفت؛ و
بازگشت.
"""

US_CABLE = """SUBJECT: MEETING WITH MR. ARASH TEHRANI
1. (C) Mr. Tehrani met the U.S. ambassador, e.g. at lunch. He left at 5 p.m. on
Monday; Dr. Nasrin A. Karimi said "no." Then she left.
"""


def _texts(text: str) -> list[str]:
    found = split_sentences(text)
    for sentence in found:
        assert text[sentence.start:sentence.end] == sentence.text
    return [s.text for s in found]


def test_a_persian_cable_is_cut_into_its_header_lines_and_sentences() -> None:
    assert _texts(CABLE) == [
        "شماره: ۱۲۳/۴۵.۶",
        "تاریخ: ۱۳۹۸.۰۲.۱۲",
        "طبقه‌بندی: سری",
        "۱. سفیر گفت که جلسه در تاریخ ۱۳۹۸.۰۲.۱۲ با حضور ۳.۵ هزار نفر برگزار شد.",
        "آیا او آمد؟",
        "بله!",
        "۲- وزارت اطلاعات «گزارش را تأیید کرد.»",
        "سپس رفت؛ و\nبازگشت.",
    ]


def test_english_abbreviations_initials_and_numbered_paragraphs() -> None:
    assert _texts(US_CABLE) == [
        "SUBJECT: MEETING WITH MR. ARASH TEHRANI",
        "1. (C) Mr. Tehrani met the U.S. ambassador, e.g. at lunch.",
        "He left at 5 p.m. on\nMonday; Dr. Nasrin A. Karimi said \"no.\"",
        "Then she left.",
    ]
    assert _texts("قال السفير إن الاجتماع عقد. هل حضر؟ نعم.") == [
        "قال السفير إن الاجتماع عقد.", "هل حضر؟", "نعم."]
    assert _texts("  \n\n ") == []
    # a wrapped line that holds a colon is no header inside a paragraph
    assert _texts("The ambassador named the following\nitems: rifles and mortars. He left.") == [
        "The ambassador named the following\nitems: rifles and mortars.", "He left."]


def test_ntrex_lines_joined_into_paragraphs_are_found_again() -> None:
    folder = shared_data("ntrex-en-fa")
    for name in ("newstest2019-ref.fas.txt", "newstest2019-src.eng.txt"):
        lines = [x.strip() for x in (folder / name).read_text(encoding="utf-8").splitlines()]
        lines = [x for x in lines[:400] if x.endswith((".", "؟", "?", "!"))]
        text = " ".join(lines)
        ends = {s.end for s in split_sentences(text)}
        gold, offset = set(), 0
        for line in lines:
            offset += len(line)
            gold.add(offset)
            offset += 1
        assert len(ends & gold) / len(gold) > 0.95, name
        assert len(ends & gold) / len(ends) > 0.9, name


def test_sentences_cut_again_are_aligned_by_text_then_by_place() -> None:
    from kavosh.text.sentences import align_sentences

    old = ["شماره: ۱۲", "سفیر آمد.", "مبلغ ۱۲ دلار بود.", "او رفت.", "پایان."]
    new = ["سفير آمد.", "مبلغ ۱۸ دلار بود.", "پایان.", "او رفت."]  # OCR: ي, a digit, moved
    assert align_sentences(old, new) == [(0, False), (0, True), (1, False), (3, True),
                                         (2, True)]  # the header lost folds into a neighbour
