"""Real material written by others (../shared/data): skipped with a message when absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import shared_data

from kavosh.case import Case
from kavosh.pipeline import ingest
from kavosh.text import normalize
from kavosh.views.search import search
from kavosh.views.status import status


def test_cablegate_html_pages(case: Case) -> None:
    html = shared_data("cablegate") / "html"
    cables = {}
    with open(html.parent / "cables.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            cables[row["ref_id"]] = row
    ingest(case, [html])
    state = status(case)
    pages = sorted(html.glob("*.html"))
    assert state.done == len(pages) and state.failed == []
    checked = 0
    for page in pages[:40]:
        cable = cables.get(page.stem)
        if not cable or not cable["subject"]:
            continue
        words = [w for w in re.findall(r"[A-Za-z]{6,}", cable["subject"])][:3]
        if not words:
            continue
        found = {Path(h.path).name for h in search(case, " ".join(words), limit=50).hits}
        assert page.name in found, (page.name, words)
        checked += 1
    assert checked >= 10
    # Nothing of the page's scripts or styles reaches the text.
    doc_text = " ".join(p.text for d in case.store.documents() for p in case.store.pages(d.id))
    assert "function(" not in doc_text and "<script" not in doc_text


def test_enron_pdf_text_layer(case: Case) -> None:
    pdf = shared_data("enron") / "enron61702insiderpay.pdf"
    ingest(case, [pdf])
    hits = search(case, "Skilling").hits
    assert hits and hits[0].page >= 1 and "SKILLING" in hits[0].snippet.text.upper()
    assert search(case, '"Lay Kenneth"').total >= 1


def test_fars_news_arabic_letters_found_with_persian_query(case: Case, tmp_path: Path) -> None:
    articles = json.loads((shared_data("farsnews") / "fars-news-1.json").read_text("utf-8"))
    folder = tmp_path / "fars"
    folder.mkdir()
    for i, article in enumerate(articles[:60]):
        body = "\n".join([article["title"], article["abstract"], *article["paragraphs"]])
        encoding = "utf-16" if i % 3 == 1 else "utf-8"
        (folder / f"article{i:03d}.txt").write_text(body, encoding=encoding)
    ingest(case, [folder])
    assert status(case).done == 60
    title = articles[0]["title"]  # written with Arabic ي/ك, as Fars News did
    assert "ي" in title or "ك" in title
    persian_query = " ".join(title.replace("ي", "ی").replace("ك", "ک").split()[:4])
    found = {Path(h.path).name for h in search(case, persian_query, limit=100).hits}
    assert "article000.txt" in found
    # the text is stored as written (raw), the search key is normalised
    doc = next(d for d in case.store.documents() if d.path.endswith("article000.txt"))
    stored = case.store.pages(doc.id)[0].text
    assert title in stored and normalize(title) != title
