"""Snippets read only what they show (issue 12): the passage and its marks are those of the
whole page normalised and matched, on real pages (Persian news, English cables) and on a long
page whose match lies far in or across a block's cut; a name's spellings found once are reused
until the index changes."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from conftest import ingest_texts, shared_data
from hypothesis import given, settings
from hypothesis import strategies as st

from kavosh.case import Case
from kavosh.search import highlight, parse, positive_terms
from kavosh.search.highlight import (
    BLOCK,
    CONTEXT,
    Snippet,
    _collapse,
    make_snippet,
    match_spans,
    passage,
)
from kavosh.text import Normalized, normalize, normalize_with_map
from kavosh.text.normalize import _fold, _join_parts
from kavosh.views.search import prepare_query

# the module (kavosh.text exports its function under the same name)
normalize_module = importlib.import_module("kavosh.text.normalize")

QUERIES = ("embassy", "baghdad", '"foreign minister"', "secret*", "baghdadd~", "iraq OR iran",
           "تهران", '"وزیر امور خارجه"', "اقتصاد*", "ایران", "نفت~")


def whole_page_snippet(raw: str, query: str, width: int = 240) -> Snippet:
    """The snippet as made before: every match of the whole page, the passage around the
    first."""
    spans = match_spans(raw, positive_terms(parse(query)))
    start, end = passage(raw, spans[0][0] if spans else 0, width)
    return _collapse(raw, start, end,
                     [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start])


def _pages() -> list[str]:
    pages = []
    with (shared_data("cablegate") / "cables.jsonl").open(encoding="utf-8") as lines:
        for _, line in zip(range(60), lines, strict=False):
            pages.append(json.loads(line)["body"])
    for path in sorted(shared_data("farsnews").glob("*.json"))[:1]:
        for article in json.loads(path.read_text(encoding="utf-8"))[:60]:
            pages.append("\n\n".join([article["title"], article["abstract"] or "",
                                      *article["paragraphs"]]))
    return pages


def per_character_map(text: str) -> Normalized:
    """The offset map as it was made before: every character folded and mapped in turn."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        for out in _fold(ch):
            if out == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(out)
            offsets.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return Normalized(*_join_parts("".join(chars), offsets), text)


def test_the_offset_map_is_that_of_each_character_folded_in_turn() -> None:
    for raw in _pages():
        for part in (raw, raw[37:420], raw[:-3]):
            assert normalize_with_map(part) == per_character_map(part)
            assert normalize_with_map(part).text == normalize(part)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab CDß\n\t \u200c\u064a\u0643\u064b\u0640\u0622میهاتر ۱٠\ufdfa"
                        "\ufe8e\u00e2«»\u200f\u0130¶", max_size=40))
def test_the_offset_map_of_any_text(text: str) -> None:
    assert normalize_with_map(text) == per_character_map(text)
    assert normalize_with_map(text).text == normalize(text)


def test_snippets_of_real_pages_are_those_of_the_whole_page() -> None:
    for raw in _pages():
        for query in QUERIES:
            assert make_snippet(raw, positive_terms(parse(query))) == \
                whole_page_snippet(raw, query), (query, raw[:80])


def test_a_match_far_in_a_long_page_or_across_a_cut() -> None:
    filler = "گزارش روزانهٔ ایستگاه درباره\u200cی بازار و هوا. " * (BLOCK // 10)
    for at in range(BLOCK - 40, BLOCK + 40, 3):  # the phrase across the first cut
        raw = filler[:at] + " وزیر امور خارجه گفت " + filler
        for query in ('"وزیر امور خارجه"', "خارجه", '"امور خارجه"~2', "ایستگا*"):
            assert make_snippet(raw, positive_terms(parse(query))) == \
                whole_page_snippet(raw, query), (at, query)
    raw = filler * 6 + "The Minister of Foreign Affairs said. " + filler
    for query in ('"foreign affairs"', "minister", "nothing", "ministr~"):
        assert make_snippet(raw, positive_terms(parse(query))) == whole_page_snippet(raw, query)


def test_a_match_deep_in_a_long_page_maps_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the block of the first match (and the passage, when it sticks out) is normalised
    with the offset map, however far into the page the match lies (the blocks grew twice as
    long each before: a match 20,000 characters in mapped a block of 16,000)."""
    mapped: list[int] = []

    def recording(text: str) -> Normalized:
        mapped.append(len(text))
        return normalize_with_map(text)

    monkeypatch.setattr(highlight, "normalize_with_map", recording)
    cables = [raw for raw in _pages() if len(raw) > 8000]
    assert cables
    for raw in cables:
        deep = raw[:-1].rsplit(" ", 2)[-2]  # a word near the end: its first match is deep in
        query = "".join(ch for ch in deep if ch.isalnum()) or "the"
        expected = whole_page_snippet(raw, query)
        mapped.clear()
        assert make_snippet(raw, positive_terms(parse(query))) == expected, query
        assert max(mapped) <= BLOCK + 2 * CONTEXT + 2 * 300, (query, mapped)


def test_capitals_beside_marks_that_have_no_case_fold_in_one_pass(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An English cable holding ``¶`` or curly quotes: its ASCII capitals are lowered in one
    pass (``str.lower``), only the runs of other characters are folded one by one; a letter
    with a case of its own (``İ``) keeps the rule of each character folded in turn."""
    runs: list[str] = []
    fold_run = normalize_module._fold_run

    def recording(match: re.Match[str]) -> str:
        runs.append(match.group())
        return fold_run(match)

    monkeypatch.setattr(normalize_module, "_fold_run", recording)
    cables = [raw for raw in _pages() if not raw.isascii() and "¶" in raw][:5]
    assert cables
    for raw in [*cables, "The report (SOE) on “Tehran” ¶ 2", "İSTANBUL ¶ Ankara"]:
        runs.clear()
        assert normalize(raw) == per_character_map(raw).text
        if "İ" not in raw:
            assert not any(re.search("[A-Z]", run) for run in runs), runs[:5]
    assert any(re.search("[A-Z]", run) for run in runs)  # İSTANBUL: each folded in turn


def test_a_names_spellings_are_found_again_once_the_index_changes(case: Case,
                                                                 tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "one", {
        "en.txt": "The ambassador met Qasem Soleymani in Baghdad.",
        "other.txt": "گزارش دیدار با حسین رضایی در نجف"})
    assert prepare_query(case, "name:Soleymani").expansions == {}
    ingest_texts(case, tmp_path / "two", {"fa.txt": "گزارش دیدار با قاسم سلیمانی در بغداد"})
    assert prepare_query(case, "name:Soleymani").expansions == {"Soleymani": ["سلیمانی"]}
