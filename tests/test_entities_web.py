"""The web pages of issue 13 beyond the entity page itself: every watchlist match of the case
on one page (the list, the entry, the mention and its entity, the score, the evidence sentence
linked into the document), and splitting and adding entities through the pages' script-free
forms, each decision recorded with who and when.

Every person named here is fictional.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ingest_texts
from fastapi.testclient import TestClient
from test_entities import AFSHINMEHR, LEAK, TAGHAVIPOUR, _person
from test_xref import DOCUMENT, _write_lists

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.entities.watchlists import read_csv
from kavosh.entities.xref_run import StoredMentionSource, run_xref

SAME_ORIGIN = {"origin": "null", "sec-fetch-site": "same-origin"}  # Chromium, no-referrer


def _token(page: str, form_class: str) -> str:
    form = re.search(rf'<form class="{form_class}".*?</form>', page, re.S)
    assert form is not None, form_class
    token = re.search(r'name="token" value="([0-9a-f]+)"', form.group())
    assert token is not None
    return token.group(1)


def test_the_watchlist_page_lists_every_match_with_its_evidence(case: Case,
                                                                tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "docs", {"report.txt": DOCUMENT})
    csv_path, _ = _write_lists(tmp_path / "lists")
    watchlist, _ = case.store.put_watchlist("fictional", "csv", str(csv_path),
                                            read_csv(csv_path))
    run_xref(case.store, watchlist, StoredMentionSource(case.store))
    [match] = case.store.xref_matches()
    entity_id = next(m.entity_id for m in case.store.mentions() if m.id == match.mention_id)
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        page = client.get("/watchlists")
        assert page.status_code == 200 and "<script" not in page.text
        assert 'href="/watchlists"' in client.get("/").text  # in the site's navigation
        lists = re.findall(r'<tr data-list="([^"]+)"', page.text)
        assert lists == ["fictional"]
        rows = re.findall(r'<tr data-entry="([^"]+)" data-document="(\d+)">(.*?)</tr>',
                          page.text, re.S)
        assert [(key, int(doc)) for key, doc, _ in rows] == [("FX-1", match.document_id)]
        row = rows[0][2]
        assert "KAMRANFAR, Dariush" in row and "FICT-1" in row  # the entry and its program
        assert f'href="/entities/{entity_id}"' in row  # the mention's entity
        link = f'href="/documents/{match.document_id}?page={match.page}#page-{match.page}"'
        assert link in row  # the evidence, into the document
        marked = re.search(r"<blockquote[^>]*>(.*?)<mark>(.*?)</mark>(.*?)</blockquote>", row,
                           re.S)
        assert marked is not None and marked.group(2) == match.mention
        assert marked.group(1).startswith("به گزارش خبرنگار ما، ")
        assert f"{match.score:.2f}" in row
        assert client.get(f"/entities/{entity_id}").text.count("KAMRANFAR") == 1
        # one list, a score floor, a list that is not there
        assert "data-entry" in client.get("/watchlists", params={"list": "fictional"}).text
        assert "data-entry" not in client.get("/watchlists", params={"min_score": 1.0}).text
        assert client.get("/watchlists", params={"list": "nothing"}).status_code == 404


def test_splitting_and_adding_entities_from_the_pages(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "leak", LEAK)
    afshin = _person(case, AFSHINMEHR)
    taghavi = _person(case, TAGHAVIPOUR)
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        # the two men made one first (by the existing form), to be split again from the page
        page = client.get(f"/entities/{afshin.id}").text
        client.post(f"/entities/{afshin.id}", headers=SAME_ORIGIN, data={
            "token": _token(page, "curate"), "action": "merge", "value": str(taghavi.id),
            "by": "reporter-a"})
        merged = case.store.entity(afshin.id)
        assert merged is not None and set(taghavi.aliases) <= set(merged.aliases)
        page = client.get(f"/entities/{afshin.id}").text
        token = _token(page, "split")
        for alias in merged.aliases:
            assert f'name="alias" value="{alias}"' in page
        form = {"token": token, "action": "split", "alias": list(taghavi.aliases),
                "name": "Behrouz Taghavipour", "type": "", "by": "reporter-b"}
        other_site = client.post(f"/entities/{afshin.id}", data=form,
                                 headers={"sec-fetch-site": "cross-site"})
        assert other_site.status_code == 403
        everything = client.post(f"/entities/{afshin.id}", headers=SAME_ORIGIN,
                                 data={**form, "alias": list(merged.aliases)})
        assert everything.status_code == 400  # a split leaves the entity some names
        assert [d.action for d in case.store.decisions()] == ["merge"]
        done = client.post(f"/entities/{afshin.id}", data=form, headers=SAME_ORIGIN,
                           follow_redirects=False)
        assert done.status_code == 303
        new_id = int(done.headers["location"].rsplit("/", 1)[1])
        assert new_id != afshin.id
        split_off = case.store.entity(new_id)
        kept = case.store.entity(afshin.id)
        assert split_off is not None and kept is not None
        assert set(split_off.aliases) == set(taghavi.aliases)
        assert split_off.latin == "Behrouz Taghavipour" and split_off.type == "PER"
        assert not set(kept.aliases) & set(taghavi.aliases)
        assert "reporter-b" in client.get(f"/entities/{afshin.id}").text

        # a code name the reporter knows of, added from the entity list
        listing = client.get("/entities").text
        add = {"token": _token(listing, "add-entity"), "type": "PER", "name": "کبوتر",
               "aliases": "Kabootar؛ Kaboutar", "by": "reporter-c"}
        assert client.post("/entities", headers=SAME_ORIGIN,
                           data={**add, "token": "0" * 64}).status_code == 403
        assert client.post("/entities", headers=SAME_ORIGIN,
                           data={**add, "type": "SHIP"}).status_code == 400
        added = client.post("/entities", data=add, headers=SAME_ORIGIN, follow_redirects=False)
        assert added.status_code == 303
        added_page = client.get(added.headers["location"]).text
        assert "کبوتر" in added_page and "Kaboutar" in added_page
    decisions = [(d.action, d.actor) for d in case.store.decisions()]
    assert decisions == [("merge", "reporter-a"), ("split", "reporter-b"),
                         ("add", "reporter-c")]
    assert all(d.at for d in case.store.decisions())
