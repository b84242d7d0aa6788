"""Language per paragraph: detected, decided with neighbours, stored, exported, shown."""

from __future__ import annotations

from pathlib import Path

from kavosh.case import Case
from kavosh.export.jsonl import document_record
from kavosh.pipeline import ingest
from kavosh.text import paragraph_languages
from kavosh.views.document import document_view

MIXED = (
    "گزارش دیدار با سفیر عراق در بغداد که امروز برگزار شد\n\n"
    "Qasem Kazeminia\n\n"
    "The ambassador said the meeting in Baghdad went well and would be repeated.\n\n"
    "وقال المتحدث إن الاجتماع الذي عقد في بغداد كان مثمرا للغاية"
)


def test_a_bare_name_takes_its_neighbours_language() -> None:
    paragraphs = ["قاسم کاظمی‌نیا", "این گزارش از سوی ایستگاه بغداد ارسال شده است", "۱۳۹۳/۰۸/۲۵"]
    assert paragraph_languages(paragraphs) == ["fas", "fas", "fas"]
    assert paragraph_languages(["Kazeminia"], default="eng") == ["eng"]


def test_paragraph_languages_are_stored_exported_and_shown(case: Case, tmp_path: Path) -> None:
    source = tmp_path / "mixed.txt"
    source.write_text(MIXED, encoding="utf-8")
    ingest(case, [source])
    doc = next(d for d in case.store.documents() if d.path.endswith("mixed.txt"))
    record = document_record(case, doc)
    text = record["pages"][0]["text"]
    stored = [(text[p["start"]:p["end"]][:6], p["language"], p["direction"])
              for p in record["paragraphs"]]
    # The Latin name inherits the Persian language but keeps its own direction.
    assert [s[1:] for s in stored] == [("fas", "rtl"), ("fas", "ltr"), ("eng", "ltr"),
                                       ("ara", "rtl")]
    assert stored[1][0] == "Qasem "
    view = document_view(case, doc.id)
    assert view is not None
    shown = [(p.language, p.direction, p.lang) for p in view.pages[0].paragraphs]
    assert shown == [("fas", "rtl", "fa"), ("fas", "ltr", "fa"), ("eng", "ltr", "en"),
                     ("ara", "rtl", "ar")]
