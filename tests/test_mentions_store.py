"""The ``mentions`` stage stores exactly what the finders find (issue 13, throughput).

The stage was made faster (documents committed in groups, the gazetteer looked up by a
token's next token): these tests hold it to the plain path. A real ingest of Fars News
articles (../shared/data, skipped when absent) and then ``kavosh entities --redo`` store, for
every page, the mentions :func:`kavosh.entities.find_entities` returns on that page's text,
field for field; and the gazetteer's matches on real sentences are those of the plain scan
over every entry its first token starts.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import make_case, shared_data

from kavosh.entities import gazetteer
from kavosh.entities.crf import TOKEN, _norm
from kavosh.model import best_pages
from kavosh.pipeline import ingest
from kavosh.pipeline.mentions import stage_finders
from kavosh.pipeline.run import run_mentions
from kavosh.store.entities import StoredMention

ARTICLES = 40


def _articles(count: int) -> list[str]:
    folder = shared_data("farsnews")
    found: list[str] = []
    for path in sorted(folder.glob("*.json")):
        found += ["\n".join(a["paragraphs"])
                  for a in json.loads(path.read_text(encoding="utf-8"))]
        if len(found) >= count:
            break
    return found[:count]


def _stored(mentions: list[StoredMention]) -> list[tuple[object, ...]]:
    return [(m.page, m.layer, m.start, m.end, m.type, m.text, m.value, m.finder,
             m.finder_version, m.score) for m in mentions]


def test_stored_mentions_are_what_the_finders_find(tmp_path: Path) -> None:
    from kavosh.entities import find_entities

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, body in enumerate(_articles(ARTICLES)):
        (inbox / f"{i:03d}.txt").write_text(f"{i}\n{body}", encoding="utf-8")
    case = make_case(tmp_path / "case", executor="inline")
    try:
        ingest(case, [inbox])
        store = case.store
        expected = {}
        for doc in store.documents():
            expected[doc.id] = [
                (p.number, p.layer.value, m.start, m.end, m.type, m.text, m.value,
                 m.finder.name, m.finder.version, m.score)
                for p in best_pages(store.pages(doc.id)) if p.text.strip()
                for m in find_entities(p.text, doc.language, stage_finders())]
        assert len(expected) >= ARTICLES and sum(map(len, expected.values())) > 500
        for _ in range(2):  # at ingest, then found again (--redo)
            for document_id, rows in expected.items():
                assert _stored(store.mentions(document_id)) == rows
            run_mentions(case, redo=True)
    finally:
        case.close()


def _plain_matches(norms: list[str]) -> list[tuple[int, int, str]]:
    """Every entry the token starts, longest first, each type on its own, left to right."""
    found: list[tuple[int, int, str]] = []
    free = dict.fromkeys(gazetteer.KINDS, 0)
    for i, norm in enumerate(norms):
        for tokens, kind in gazetteer.index().get(norm, ()):
            end = i + len(tokens)
            if i >= free[kind] and tuple(norms[i:end]) == tokens:
                found.append((i, end, kind))
                free[kind] = end
    return found


def test_gazetteer_matches_are_the_plain_scan() -> None:
    lines = [line for text in _articles(200) for line in text.splitlines()]
    matched = 0
    for line in lines:
        norms = [_norm(t) for t in TOKEN.findall(line)]
        found = gazetteer.matches(norms)
        assert found == _plain_matches(norms), line
        matched += len(found)
    assert matched > 1000
