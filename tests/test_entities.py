"""Entities in a case (issue 13): mentions found at ingest on the sample archive, resolved into
one entity per fictional person however it is spelled, curated (decisions surviving
``--redo`` and re-ingest), searched with ``entity:``, exported, and shown on the web.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, ingest_texts, kavosh, make_case
from fastapi.testclient import TestClient
from test_web import ServerThread
from test_web import browser as browser  # the Playwright fixture: Debian's Chromium, or a skip

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.entities import curate
from kavosh.entities.resolve import clean_name, resolve
from kavosh.export.entities import export_csv, export_ftm
from kavosh.export.jsonl import export_jsonl
from kavosh.pipeline import ingest
from kavosh.pipeline.mentions import mentions_version
from kavosh.pipeline.run import run_mentions
from kavosh.pipeline.stages import DERIVE
from kavosh.store.entities import EntityRow, StoredMention
from kavosh.text.names import name_similarity
from kavosh.views.search import search

MANIFEST = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
PEOPLE = MANIFEST["people"]


@pytest.fixture(scope="module")
def sample_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    case = make_case(tmp_path_factory.mktemp("entities") / "case", executor="inline")
    ingest(case, [SAMPLE])
    yield case
    case.close()


def _spellings(person: dict[str, object]) -> list[str]:
    return [clean_name(str(person["fa"])), clean_name(str(person["ar"])),
            *(str(n) for n in person["latin"])]  # type: ignore[attr-defined]


def _entities_of(entities: list[EntityRow], person: dict[str, object]) -> list[EntityRow]:
    """The entities with a full name (two words or more) that is a spelling of ``person``."""
    names = _spellings(person)
    return [e for e in entities if any(
        len(a.split()) > 1 and name_similarity(a, n) >= 0.85 for a in e.aliases for n in names)]


def test_mentions_are_stored_with_offsets_finder_and_day(sample_case: Case) -> None:
    store = sample_case.store
    mentions = store.mentions()
    assert len(mentions) > 200
    version = mentions_version()
    states = {s[2] for s in store.stage_counts() if s[0] == "mentions"}
    assert states == {version}
    for m in mentions:
        page = next(p for p in store.pages(m.document_id, number=m.page)
                    if p.layer.value == m.layer)
        assert page.text[m.start:m.end] == m.text
        assert m.finder in ("patterns", "crf", "latin-names") and m.finder_version
        # every mention resolved, but Latin name candidates that spell no known entity
        assert m.entity_id is not None or m.type == "NAME", m
    # Each fictional person's mobile, written with Persian or Arabic-Indic digits, is one
    # PHONE entity whose key holds its E.164 value.
    phones = {e.key for e in store.entities(type="PHONE", limit=1000)}
    mobiles = {p["mobile"] for p in PEOPLE.values()}
    found = {m for m in mobiles if f"PHONE:+98{m[1:]}" in phones or f"PHONE:+964{m[1:]}" in phones}
    assert len(found) >= len(mobiles) // 2, phones
    assert any(m.day for m in mentions)  # the documents' own dates


def test_every_sample_person_is_one_entity(sample_case: Case) -> None:
    """However the sample writes them (Persian, Arabic letters, with titles, a half-space or
    a space), each fictional person is one entity."""
    people = sample_case.store.entities(type="PER", limit=1000)
    counts = {key: len(_entities_of(people, person)) for key, person in PEOPLE.items()}
    assert counts == dict.fromkeys(PEOPLE, 1)
    kazeminia = _entities_of(people, PEOPLE["kazeminia"])[0]
    assert kazeminia.name == "مرتضی کاظمی‌نیا" and kazeminia.latin
    assert "مرتضى كاظمي نيا" in kazeminia.aliases  # the Arabic cables' spelling
    assert kazeminia.first_day and kazeminia.last_day and kazeminia.first_day < kazeminia.last_day


def test_english_spellings_join_the_person(sample_case: Case) -> None:
    """The English translations write the people in Latin letters (``S. M. Kazemi-Nia``,
    ``Salman al-Fartusi``): each such spelling is a mention of the person's entity."""
    people = sample_case.store.entities(type="PER", limit=1000)
    latin = {(key, name) for c in MANIFEST["cables"] for key, names in c["people_names"].items()
             for name in names if not any("\u0600" <= ch <= "\u06ff" for ch in name)}
    assert len(latin) >= 6
    for key, name in latin:
        (entity,) = _entities_of(people, PEOPLE[key])
        assert any(clean_name(name) == a for a in entity.aliases), (name, entity.aliases)


def test_every_spelling_of_the_note_is_an_alias(sample_case: Case) -> None:
    """``notes/name-spellings.txt`` writes each person (but two the README's examples count)
    in every Latin spelling of the manifest, and in Persian and Arabic letters: every Latin
    spelling is an alias of that person's one entity."""
    people = sample_case.store.entities(type="PER", limit=1000)
    note = (SAMPLE / "notes" / "name-spellings.txt").read_text(encoding="utf-8")
    listed = {key: p for key, p in PEOPLE.items() if p["ar"] in note}
    assert len(listed) == 11
    for key, person in listed.items():
        (entity,) = _entities_of(people, person)
        missing = [n for n in person["latin"] if clean_name(n) not in entity.aliases]
        assert not missing, (key, missing, entity.aliases)


def test_latin_persian_and_arabic_spellings_resolve_together() -> None:
    """The resolver joins the Latin spellings the sample's English documents use with the
    Persian and Arabic ones (English text is not tagged by the shipped model, so this feeds
    the resolver the spellings directly)."""
    mentions, owner, n = [], {}, 0
    for key, person in PEOPLE.items():
        for text in [person["fa"], person["ar"], *person["latin"]]:
            n += 1
            mentions.append(StoredMention(n, 1, "extracted", 0, len(text), "PER", text, "",
                                          "test", "1", 1.0, id=n))
            owner[n] = key
    clusters = resolve(mentions)
    people = [{owner[m[0]] for m in c.members} for c in clusters]
    assert all(len(p) == 1 for p in people), people  # no two people joined
    assert sorted(p.pop() for p in people) == sorted(PEOPLE)  # each person one cluster


def test_export_has_mentions(sample_case: Case) -> None:
    out = io.StringIO()
    export_jsonl(sample_case, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    with_mentions = [r for r in records if r.get("mentions")]
    assert with_mentions
    m = with_mentions[0]["mentions"][0]
    assert {"page", "layer", "start", "end", "type", "text", "value", "finder",
            "finder_version", "score", "entity"} <= set(m)
    assert all("mentions" in r for r in records)


def test_ftm_and_csv_export(sample_case: Case) -> None:
    out = io.StringIO()
    count = export_ftm(sample_case, out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    schemas = {line["schema"] for line in lines}
    assert {"Person", "Address", "Organization", "Mention", "Document"} <= schemas
    entities = {line["id"] for line in lines if line["schema"] not in ("Mention", "Document")}
    assert len(entities) == count
    docs = {line["id"] for line in lines if line["schema"] == "Document"}
    for mention in (line for line in lines if line["schema"] == "Mention"):
        assert mention["properties"]["resolved"][0] in entities
        assert mention["properties"]["document"][0] in docs
    table = io.StringIO()
    assert export_csv(sample_case, table) == count
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert rows[0]["type"] and int(rows[0]["mentions"]) >= int(rows[-1]["mentions"])


def test_entity_filter_in_search(sample_case: Case) -> None:
    people = sample_case.store.entities(type="PER", limit=1000)
    entity = _entities_of(people, PEOPLE["kazeminia"])[0]
    expected = set(sample_case.store.entity_documents([entity.id]))
    by_id = search(sample_case, f"entity:{entity.id}", limit=100)
    assert {h.document_id for h in by_id.hits} == expected
    by_name = search(sample_case, 'entity:"مرتضی کاظمی‌نیا"', limit=100)
    assert {h.document_id for h in by_name.hits} == expected


def test_entity_facet(sample_case: Case) -> None:
    """The grouped results count the people, organisations and places of the documents
    matched; choosing one keeps the documents mentioning it."""
    from kavosh.views.results import find_documents

    everything = find_documents(sample_case, "بغداد")
    counts = {v.value: v.count for v in everything.facets["entity"]}
    assert counts.get("مرتضی کاظمی‌نیا", 0) >= 5
    narrowed = find_documents(sample_case, "بغداد", filters={"entity": ["مرتضی کاظمی‌نیا"]})
    assert len(narrowed.documents) == counts["مرتضی کاظمی‌نیا"]
    assert len(narrowed.documents) < len(everything.documents)


def test_api_entities(sample_case: Case) -> None:
    with TestClient(create_app(sample_case), base_url="http://127.0.0.1") as client:
        listed = client.get("/api/entities", params={"type": "PER"}).json()
        assert listed["total"] == listed["counts"]["PER"] and listed["entities"]
        first = listed["entities"][0]
        detail = client.get(f"/api/entities/{first['id']}").json()
        assert detail["mention_list"] and detail["co_mentioned"]
        m = detail["mention_list"][0]
        assert m["mention"] and m["path"]
        assert client.get("/api/entities/999999").status_code == 404
        page = client.get("/entities", params={"type": "LOC"})
        assert page.status_code == 200 and "entity-list" in page.text


# A small leak naming two of the sample's fictional people, one in two spellings.
LEAK = {
    "a.txt": "گزارش: آقای کامران افشین‌مهر با سرهنگ بهروز تقوی‌پور در بغداد دیدار کرد.\n"
             "کامران افشین‌مهر گفت که محموله هفته بعد می‌رسد.\n",
    "b.txt": "تلفن تماس: ۰۹۱۲۳۴۵۶۷۸۹\n"
             "آقای كامران افشين مهر به نجف رفت و سرهنگ بهروز تقوی‌پور ماند.\n",
}
AFSHINMEHR, TAGHAVIPOUR = "کامران افشین‌مهر", "بهروز تقوی‌پور"


def _person(case: Case, spelling: str) -> EntityRow:
    people = case.store.entities(type="PER", limit=1000)
    found = [e for e in people if any(name_similarity(a, spelling) >= 0.9 for a in e.aliases)]
    assert len(found) == 1, [(e.id, e.aliases) for e in people]
    return found[0]


def test_curation_survives_redo_and_reingest(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "leak", LEAK)
    afshin = _person(case, AFSHINMEHR)
    taghavi = _person(case, TAGHAVIPOUR)
    assert afshin.id != taghavi.id
    # A reporter knows them to be one man (a cover name); renames him; adds a code name.
    merged = curate.merge(case.store, afshin.id, [taghavi.id], "reporter-a")
    assert merged is not None and merged.id == afshin.id
    renamed = curate.rename(case.store, afshin.id, "Kamran Afshinmehr", "reporter-b")
    assert renamed is not None and renamed.latin == "Kamran Afshinmehr"
    code = curate.add(case.store, "PER", "محموله", [], "reporter-a")
    assert code is not None and code.added
    decisions = case.store.decisions()
    assert [(d.action, d.actor) for d in decisions] == [
        ("merge", "reporter-a"), ("rename", "reporter-b"), ("add", "reporter-a")]
    assert all(d.at for d in decisions)

    def check() -> None:
        one = _person(case, TAGHAVIPOUR)
        assert one.id == afshin.id and one.latin == "Kamran Afshinmehr"
        assert _person(case, AFSHINMEHR).id == afshin.id

    summary = run_mentions(case, redo=True)
    assert summary.documents == 2
    check()
    ingest_texts(case, tmp_path / "more", {"c.txt": "سرهنگ بهروز تقوی‌پور دوباره به بصره رفت.\n"})
    check()
    assert _person(case, TAGHAVIPOUR).documents == 3


def test_cli_entities(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "leak", LEAK)
    root = str(case.root)
    afshin = _person(case, AFSHINMEHR)
    listed = kavosh("entities", "list", "--case", root, "--type", "PER", "--json").stdout
    assert afshin.id in [json.loads(line)["id"] for line in listed.splitlines()]
    kavosh("entities", "retype", str(afshin.id), "ORG", "--case", root, "--by", "reporter")
    redo = kavosh("entities", "--case", root, "--redo")
    assert "2 documents searched" in redo.stderr
    shown = json.loads(kavosh("entities", "show", str(afshin.id), "--case", root,
                              "--json").stdout)
    assert shown["type"] == "ORG" and shown["decisions"][0]["by"] == "reporter"
    ftm = kavosh("entities", "export", "--format", "ftm", "--case", root).stdout
    assert any(json.loads(line)["schema"] == "Organization" for line in ftm.splitlines())
    missing = kavosh("entities", "show", "99999", "--case", root, check=False)
    assert missing.returncode == 1 and "no entity" in missing.stderr


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Case]]:
    case = make_case(tmp_path / "case", executor="inline")
    try:
        ingest_texts(case, tmp_path / "leak", LEAK)
        with ServerThread(case) as base_url:
            yield base_url, case
    finally:
        case.close()


@pytest.mark.slow
def test_entity_page_in_a_real_browser(served: tuple[str, Case], browser: object) -> None:
    """From the entity list to a person's page: names, mentions in their sentences with
    links into the documents, the entities beside him; without a script."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    base_url, case = served
    afshin = _person(case, AFSHINMEHR)
    context = browser.new_context(locale="fa-IR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "/entities?type=PER")
        row = page.locator(f"table.entity-list tr[data-id='{afshin.id}']")
        expect(row).to_have_count(1)
        row.locator("a").first.click()
        page.wait_for_url(f"**/entities/{afshin.id}")
        expect(page.locator("h1")).to_contain_text("افشین")
        expect(page.locator("ul.aliases li")).to_have_count(len(afshin.aliases))
        mentions = page.locator("ol.mentions > li")
        expect(mentions).to_have_count(afshin.mentions)
        expect(mentions.first.locator("mark")).to_contain_text("افشین")
        expect(page.locator("ul.co-mentioned")).to_contain_text("تقوی")
        # the reporter merges the colonel into him and names him, by the page's form
        taghavi = _person(case, TAGHAVIPOUR)
        form = page.locator("form.curate")
        form.locator("select[name=action]").select_option("merge")
        form.locator("input[name=value]").fill(str(taghavi.id))
        form.locator("input[name=by]").fill("reporter-c")
        form.locator("button").click()
        page.wait_for_url(f"**/entities/{afshin.id}")
        expect(page.locator("ul.aliases")).to_contain_text("تقوی")
        form.locator("select[name=action]").select_option("rename")
        form.locator("input[name=value]").fill("Kamran Afshinmehr")
        form.locator("button").click()
        expect(page.locator("p.latin")).to_have_text("Kamran Afshinmehr")
        expect(page.locator("ul.decisions li")).to_have_count(2)
        expect(page.locator("ul.decisions")).to_contain_text("reporter-c")
        assert [d.action for d in case.store.decisions()] == ["merge", "rename"]
        mentions.first.locator("a").click()
        page.wait_for_url("**/documents/*")
        expect(page.locator("body")).to_contain_text("کامران")
    finally:
        context.close()


def test_the_entity_form_refuses_other_sites_and_old_tokens(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "leak", LEAK)
    afshin = _person(case, AFSHINMEHR)
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        page = client.get(f"/entities/{afshin.id}").text
        token = re.search(r'name="token" value="([0-9a-f]+)"', page)
        assert token is not None
        form = {"token": token.group(1), "action": "retype", "value": "ORG", "by": "r"}
        other_site = client.post(f"/entities/{afshin.id}", data=form,
                                 headers={"sec-fetch-site": "cross-site"})
        assert other_site.status_code == 403
        stale = client.post(f"/entities/{afshin.id}", data={**form, "token": "0" * 64})
        assert stale.status_code == 403
        # a null origin (a sandboxed page's) without the browser's Sec-Fetch-Site is refused
        sandboxed = client.post(f"/entities/{afshin.id}", data=form, headers={"origin": "null"})
        assert sandboxed.status_code == 403
        assert case.store.decisions() == []
        # what Chromium sends from the page itself under Referrer-Policy: no-referrer
        done = client.post(f"/entities/{afshin.id}", data=form, follow_redirects=False,
                           headers={"origin": "null", "sec-fetch-site": "same-origin"})
        assert done.status_code == 303 and done.headers["location"] == f"/entities/{afshin.id}"
    retyped = case.store.entity(afshin.id)
    assert retyped is not None and retyped.type == "ORG"
    assert [(d.action, d.actor) for d in case.store.decisions()] == [("retype", "r")]


def test_a_document_derived_again_with_the_same_text_keeps_its_mentions(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bug (issue 10): a new version of ``derive`` (a name rule) derived every document again,
    and ``derive`` leaves ``mentions`` pending, so every document's mentions were found and
    stored again though no text had changed, and the case's entities were resolved again
    (12 minutes of CPU on the 1,877-document news and cables case). A digest of what the
    finders read is stored with the mentions, and the same inputs keep them; ``--redo`` and
    a changed text find again."""
    import kavosh.pipeline.mentions as mentions_stage

    ingest_texts(case, tmp_path / "leak", LEAK)
    store = case.store
    before = store.mentions()
    assert before and all(m.id for m in before)
    store.requeue_stale(DERIVE.name, f"{DERIVE.version}+next")  # as a new derive version does
    resolved: list[object] = []
    monkeypatch.setattr(mentions_stage, "resolve_case", lambda s: resolved.append(s) or [])
    ingest(case, [])
    assert resolved == []  # the same mentions: the entities are not resolved again
    monkeypatch.undo()
    assert {(s[0], s[1]) for s in store.stage_counts() if s[0] in ("derive", "mentions")} \
        == {("derive", "done"), ("mentions", "done")}
    assert store.mentions() == before  # the same rows: not deleted and found again
    assert run_mentions(case).documents == 0  # nothing left pending

    derived = sum(s[3] for s in store.stage_counts() if s[0] == "mentions")
    summary = run_mentions(case, redo=True)  # --redo finds again whatever the digest says
    assert summary.documents == derived >= 2
    again = store.mentions()
    assert [m.id for m in again] != [m.id for m in before]
    assert [(m.document_id, m.text) for m in again] == [(m.document_id, m.text) for m in before]

    (tmp_path / "leak" / "b.txt").write_text("سرهنگ نادر کیانفر به بصره رفت.\n", "utf-8")
    ingest(case, [tmp_path / "leak"])  # a changed file is another document: found anew
    assert any("کیانفر" in m.text for m in store.mentions())


def test_mentions_found_again_are_resolved_even_after_a_run_killed_before_resolution(
        case: Case, tmp_path: Path) -> None:
    """Bug: the entities were resolved again only when the same run had changed mentions, so
    a run killed after the last document's mentions were stored and before resolution left
    them unresolved for good (no document pending, the entities stage done). A change now
    marks the entities stage pending in the same transaction."""
    from kavosh.pipeline.context import RunContext
    from kavosh.pipeline.mentions import MentionsStage

    ingest_texts(case, tmp_path / "leak", LEAK)
    assert all(m.entity_id for m in case.store.mentions() if m.type == "PER")
    run = RunContext(case)
    stage = MentionsStage(run)
    stage.prepare(redo=True)
    for document_id in case.store.stage_todo("mentions", 100):  # the run, killed after it
        function, job = stage.job(document_id)
        stage.apply(document_id, function(job))
    run.close()
    assert not any(m.entity_id for m in case.store.mentions())  # links gone with the rows
    assert run_mentions(case).documents == 0  # nothing pending: only the resolution is due
    assert all(m.entity_id for m in case.store.mentions() if m.type == "PER")
