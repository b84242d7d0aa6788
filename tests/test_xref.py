"""Watchlist cross-reference (issue 13) on real inputs: lists written as CSV and as
FollowTheMoney JSON lines are loaded into a case, a Persian document naming a listed person in
Persian script is ingested, and ``kavosh xref`` must find the Latin-listed name with its
evidence sentence, resume without comparing again, and leave common names alone. The OFAC SDN
loader reads the real list when it is there.

Every person and company named here is fictional.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import kavosh, make_case, shared_data
from fastapi.testclient import TestClient

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.entities.watchlists import read_csv, read_ftm, read_sdn
from kavosh.entities.xref import WatchlistIndex, strip_titles
from kavosh.entities.xref_run import sentence_around
from kavosh.store import open_store
from kavosh.store.watchlists import WatchEntry, XrefMatch

LIST_CSV = """Entity ID,Name,Aliases,Type,Country,Program,Remarks
FX-1,"KAMRANFAR, Dariush","Daryoush KAMRANFAR; Dariush KAMRAN-FAR",Individual,Iran,FICT-1,fictional
FX-2,"TAJBAKHSH, Farhad Ali",,individual,Iran,FICT-1,
FX-3,"MOHAMMAD, Ali",,individual,Iran,FICT-2,only common parts
"""
LIST_FTM = [
    {"id": "ftm-golnar", "schema": "Company",
     "properties": {"name": ["Golnar Tejarat Arvand Company"], "alias": ["Golnar Tejarat"],
                    "weakAlias": ["GTA"], "country": ["ir"], "program": ["FICT-3"]}},
    {"id": "ftm-sanction", "schema": "Sanction", "properties": {"program": ["FICT-3"]}},
    {"id": "ftm-person", "schema": "Person",
     "properties": {"name": ["Shahrzad Niknejad"], "alias": ["Sherry Niknejad"]}},
]
# One listed name in Persian script with a title; a common name alone; a shared surname.
DOCUMENT = ("گزارش محرمانه\n\n"
            "به گزارش خبرنگار ما، سردار داریوش کامرانفر روز دوشنبه در تهران با هیئتی از بغداد "
            "دیدار کرد. محمد رضایی و علی محمد نیز در این نشست حضور داشتند.\n"
            "آقای فرهاد نیک‌نژاد، که با خانواده نیک‌نژاد نسبتی ندارد، گزارش را نوشت.\n")


def _write_lists(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "fictional-list.csv"
    csv_path.write_text(LIST_CSV, encoding="utf-8")
    ftm_path = folder / "fictional.ftm.json"
    ftm_path.write_text("\n".join(json.dumps(o) for o in LIST_FTM) + "\n", encoding="utf-8")
    return csv_path, ftm_path


def test_lists_load_from_csv_and_ftm(tmp_path: Path) -> None:
    csv_path, ftm_path = _write_lists(tmp_path)
    people = read_csv(csv_path)
    assert [e.key for e in people] == ["FX-1", "FX-2", "FX-3"]
    first = people[0]
    assert first.aliases == ("Daryoush KAMRANFAR", "Dariush KAMRAN-FAR")
    assert (first.type, first.country, first.program) == ("person", "Iran", "FICT-1")
    assert first.data == {"Remarks": "fictional"}
    bodies = read_ftm(ftm_path)
    assert [e.key for e in bodies] == ["ftm-golnar", "ftm-person"]  # the Sanction is no name
    assert bodies[0].type == "organization" and bodies[0].aliases == ("Golnar Tejarat",)
    assert bodies[0].data["weak_aliases"] == ["GTA"]  # kept, never matched


def test_xref_finds_a_latin_listed_name_in_persian_script(tmp_path: Path) -> None:
    csv_path, ftm_path = _write_lists(tmp_path / "lists")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.txt").write_text(DOCUMENT, encoding="utf-8")
    case_dir = tmp_path / "case"
    make_case(case_dir, executor="inline").close()
    kavosh("ingest", str(docs), "--case", str(case_dir), "--no-ocr")
    kavosh("watchlists", "load", str(csv_path), "--name", "fictional", "--case", str(case_dir))
    kavosh("watchlists", "load", str(ftm_path), "--name", "companies", "--format", "ftm",
           "--case", str(case_dir))
    again = kavosh("watchlists", "load", str(csv_path), "--name", "fictional",
                   "--case", str(case_dir))
    assert "unchanged" in again.stderr

    result = kavosh("xref", "--case", str(case_dir), "--json")
    matches = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(matches) == 1, matches  # not محمد رضایی, علی محمد, nor the Niknejad surname
    found = matches[0]
    assert found["list"] == "fictional" and found["entry"]["key"] == "FX-1"
    assert found["mention"].endswith("داریوش کامرانفر") and found["mention_type"] == "PER"
    assert found["score"] >= 0.9
    # the mention the ingest stored (kavosh.store.entities), not one found again
    stored = Case.open(case_dir)
    try:
        ids = {m.id for m in stored.store.mentions() if m.text == found["mention"]}
    finally:
        stored.close()
    assert found["mention_id"] in ids
    assert found["sentence"].startswith("به گزارش خبرنگار ما، سردار داریوش کامرانفر")
    assert found["sentence"].endswith("دیدار کرد.")
    assert "1 pages compared" in result.stderr

    resumed = kavosh("xref", "--case", str(case_dir), "--list", "fictional", "--json")
    assert "0 pages compared (1 done before)" in resumed.stderr
    assert [json.loads(line) for line in resumed.stdout.splitlines()] == matches
    listed = kavosh("watchlists", "list", "--case", str(case_dir), "--json")
    rows = {r["name"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert rows["fictional"]["matches"] == 1 and rows["fictional"]["units_compared"] == 1
    assert rows["companies"]["entries"] == 2

    opened = Case.open(case_dir)
    try:
        client = TestClient(create_app(opened), base_url="http://127.0.0.1")
        api_lists = client.get("/api/watchlists").json()["watchlists"]
        assert [w["name"] for w in api_lists] == ["companies", "fictional"]
        api = client.get("/api/xref", params={"list": "fictional"}).json()
        assert api["total"] == 1 and api["matches"] == matches
        assert client.get("/api/xref", params={"list": "companies"}).json()["total"] == 0
        assert client.get("/api/xref", params={"list": "nothing"}).status_code == 404
        entries = client.get("/api/watchlists/companies").json()["items"]
        assert [e["key"] for e in entries] == ["ftm-golnar", "ftm-person"]
        # the person's entity page lists the entry his mention matched
        entity_id = next(m.entity_id for m in opened.store.mentions()
                         if m.id == found["mention_id"])
        assert entity_id is not None
        entity = client.get(f"/api/entities/{entity_id}").json()
        assert [(w["list"], w["entry"]["key"]) for w in entity["watchlist"]] == [
            ("fictional", "FX-1")]
        page = client.get(f"/entities/{entity_id}").text
        assert 'class="watchlist"' in page and "KAMRANFAR" in page.upper()
    finally:
        opened.close()


def test_common_parts_never_match_alone() -> None:
    index = WatchlistIndex([
        WatchEntry("1", "KAMRANFAR, Dariush", type="person"),
        WatchEntry("2", "MOHAMMAD, Ali", type="person"),
        WatchEntry("3", "BANK SHAHRZAD TEJARAT", type="organization"),
        WatchEntry("4", "KHOSRAVANI, Ali Reza Niknam", type="person"),
    ])
    assert index.unindexed == ["MOHAMMAD, Ali"]
    for text in ("محمد", "علی محمد", "Mohammad Ali", "بانک", "Bank", "کامرانفر",
                 "علی کامرانفر", "علیرضا نیکنام"):  # the last: the surname that tells is missing
        assert index.match(text, "PER") == [], text
    assert [m.entry for m in index.match("داریوش کامران‌فر", "PER")] == [0]
    assert [m.entry for m in index.match("بانک شهرزاد تجارت", "ORG")] == [2]
    assert [m.entry for m in index.match("علیرضا نیکنام خسروانی", "PER")] == [3]
    # A person's name the finder took for an organisation names no listed person.
    assert index.match("Dariush Kamranfar", "ORG") == []
    assert [m.entry for m in index.match("Dariush Kamranfar", "")] == [0]


def test_titles_and_sentences() -> None:
    assert strip_titles("سردار سرلشکر داریوش کامرانفر") == "داریوش کامرانفر"
    assert strip_titles("حجت‌الاسلام فرهاد تاجبخش") == "فرهاد تاجبخش"
    assert strip_titles("Dr. Farhad Tajbakhsh") == "Farhad Tajbakhsh"
    assert strip_titles("سردار") == "سردار"
    text = "اول جمله. دوم: فرهاد تاجبخش آمد! سوم"
    start = text.index("فرهاد")
    assert sentence_around(text, start, start + 12) == "دوم: فرهاد تاجبخش آمد!"


def test_ofac_sdn_loader() -> None:
    folder = shared_data("ofac-sdn")
    entries = read_sdn(folder)
    assert len(entries) > 10_000
    by_key = {e.key: e for e in entries}
    soleimani = by_key["10481"]
    assert soleimani.name == "SOLEIMANI, Qasem" and soleimani.type == "person"
    assert "SOLEYMANI, Ghasem" in soleimani.aliases
    assert "IRGC" in soleimani.program.split("; ")
    index = WatchlistIndex(entries)
    assert [entries[m.entry].key for m in index.match("سردار قاسم سلیمانی", "PER")][:1] \
        == ["10481"]
    assert index.match("محمد", "PER") == [] and index.match("بانک", "ORG") == []


def test_a_changed_list_replaces_its_entries_and_matches(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "kavosh.db"))
    first = [WatchEntry("1", "KAMRANFAR, Dariush", ("Daryoush Kamranfar",), "person")]
    listed, changed = store.put_watchlist("fictional", "csv", "a.csv", first)
    assert changed and listed.entries == 1
    entry = store.watch_entries(listed.id)[0]
    assert entry.aliases == ("Daryoush Kamranfar",) and entry.id > 0
    store.put_xref_unit(listed.id, listed.version, "1:1", "stamp", [XrefMatch(
        entry.id, 1, 1, 0, 5, "داریوش کامرانفر", "PER", entry.name, 0.98, "…")])
    assert store.xref_done(listed.id, listed.version) == {"1:1": "stamp"}
    assert store.put_watchlist("fictional", "csv", "a.csv", first) == (listed, False)
    assert len(store.xref_matches()) == 1
    second = [*first, WatchEntry("2", "TAJBAKHSH, Farhad", type="person")]
    reloaded, changed = store.put_watchlist("fictional", "csv", "b.csv", second)
    assert changed and reloaded.version != listed.version and reloaded.entries == 2
    assert store.xref_matches() == [] and store.xref_done(reloaded.id, reloaded.version) == {}
    assert [w.name for w in store.watchlists()] == ["fictional"]
    store.close()  # type: ignore[attr-defined]


def _found(index: WatchlistIndex, text: str, kind: str) -> list[str]:
    return [index.entries[m.entry].key for m in index.match(text, kind)]


def test_names_are_compared_part_by_part() -> None:
    """Each rule of the part-by-part comparison, on names the matcher used to take for
    another's (the Latin-listed names still match their Persian spellings)."""
    index = WatchlistIndex([
        WatchEntry("salman", "SALMAN, Dariush", type="person"),
        WatchEntry("palace", "GOLNAR HOTEL PALACE", type="organization"),
        WatchEntry("pak", "PAK, Song Ok", type="person"),
        WatchEntry("ryom", "RYOM, Min Chol", type="person"),
        WatchEntry("tajbakhsh", "TAJBAKHSH, Isa Saleh Isa Farhad", type="person"),
    ])
    # Same script, no transliteration slack: a syllable or a letter more is another name.
    assert _found(index, "Dariush Suliman", "PER") == []
    assert _found(index, "Golnar Hotel Plaza", "ORG") == []
    assert _found(index, "Dariush Salman", "PER") == ["salman"]
    assert _found(index, "داریوش سلمان", "PER") == ["salman"]
    assert _found(index, "گلنار هتل پالاس", "ORG") == ["palace"]
    # The given name that tells two people apart differs, or is missing.
    assert _found(index, "Song Il Pak", "PER") == []
    assert _found(index, "Song Ok Pak", "PER") == ["pak"]
    assert _found(index, "سونگ اوک پاک", "PER") == ["pak"]
    assert _found(index, "Chol Ryom", "PER") == []
    assert _found(index, "Min Chol Ryom", "PER") == ["ryom"]
    # One given name may be left out of a person's name, not three.
    assert _found(index, "Farhad Tajbakhsh", "PER") == []
    assert _found(index, "فرهاد تاجبخش", "PER") == []


def test_a_one_word_listed_name_needs_a_name_of_its_type() -> None:
    index = WatchlistIndex([
        WatchEntry("tarbiat", "TARBIAT", type="organization"),
        WatchEntry("shahrzad", "SHAHRZAD", type="vessel"),
        WatchEntry("niknami", "NIKNAMI", type="person"),
    ])
    assert _found(index, "تربیت", "ORG") == []  # an ordinary Persian word ("upbringing")
    assert _found(index, "Tarbiat", "ORG") == ["tarbiat"]
    assert _found(index, "شهرزاد", "ORG") == ["shahrzad"]  # a name: the vessel may be meant
    assert _found(index, "شهرزاد", "PER") == []  # but not when the finder saw a person
    assert _found(index, "Niknami", "PER") == []  # one word never names a listed person


def test_a_listed_entry_names_only_a_mention_of_its_type() -> None:
    """A list names no places: a port, a town or a province is never the vessel or the
    company named after it, and a person's entry never an organisation's mention."""
    index = WatchlistIndex([
        WatchEntry("v", "GOLNAR", ("SHIRAZ",), type="vessel"),
        WatchEntry("c", "BANDAR KAVIR PETROCHEMICAL COMPANY", ("BANDAR KAVIR PETROCHEMICAL",),
                   type="organization"),
        WatchEntry("p", "KAMRANFAR, Dariush", type="person"),
        WatchEntry("u", "NIKNEJAD TEJARAT ARVAND"),  # no type: any mention may name it
    ])
    assert _found(index, "شیراز", "LOC") == []
    assert _found(index, "شیراز", "ORG") == ["v"]
    assert _found(index, "Bandar Kavir Petrochemical", "LOC") == []
    assert _found(index, "Bandar Kavir Petrochemical", "ORG") == ["c"]
    assert _found(index, "داریوش کامرانفر", "ORG") == []
    assert _found(index, "داریوش کامرانفر", "PER") == ["p"]
    assert _found(index, "Niknejad Tejarat Arvand", "LOC") == ["u"]


def test_vowels_that_tell_names_apart() -> None:
    """In Latin an i is not an a (Jalil, Jalal), and a one-syllable part keeps its vowel
    (Chan, Chen); across scripts the long vowels the Persian writes (ی، و، ا، a final ه) are
    written in the Latin too. Spelling slack stays: Ahmed/Ahmad, Hussein/Hossein, Saeed/Said,
    and the Persian spellings of the Latin names."""
    people = {"jalal": "TAJBAKHSH, Jalal", "chen": "CHEN, Darius", "saadi": "SAADI, Farhad",
              "ahmed": "KAMRANFAR, Ahmed"}
    bodies = {"kavir": "KAVIRSTROI LIMITED LIABILITY COMPANY", "tbrs": "TBRS GOLNAR TRADING",
              "store": "LIMITED LIABILITY COMPANY GOLNARSTORE"}
    index = WatchlistIndex([WatchEntry(k, n, type="person") for k, n in people.items()]
                           + [WatchEntry(k, n, type="organization") for k, n in bodies.items()])
    for text, kind, found in [
        ("Jalil Tajbakhsh", "PER", []), ("Jalal Tadjbakhsh", "PER", ["jalal"]),
        ("Darius Chan", "PER", []), ("Darius Chen", "PER", ["chen"]),
        ("فرهاد سعیدی", "PER", []),  # Saeedi: the ی is not in Saadi
        ("فرهاد سعدی", "PER", ["saadi"]), ("Farhad Saadi", "PER", ["saadi"]),
        ("حمید کامرانفر", "PER", []),  # Hamid is not Ahmed
        ("احمد کامرانفر", "PER", ["ahmed"]), ("Ahmad Kamranfar", "PER", ["ahmed"]),
        ("لیمیتد لیبیلیتی کمپانی کویرستره", "ORG", []),  # -streh, not -stroi
        ("لیمیتد لیبیلیتی کمپانی کویرستروی", "ORG", ["kavir"]),
        ("توبرس گلنار تریدینگ", "ORG", []),  # a و where TBRS has none
        ("تبرس گلنار تریدینگ", "ORG", ["tbrs"]),
        ("لیمیتد لیبیلیتی کمپانی گلنارستری", "ORG", []),  # -stri, not -store
        ("لیمیتد لیبیلیتی کمپانی گلنارستور", "ORG", ["store"]),
    ]:
        assert _found(index, text, kind) == found, text


def test_codes_and_fathers_names() -> None:
    """A registration is read letter by letter (EP-FXC is another aircraft than EP-FXK); a
    given name before a listed chain of names (given, father, grandfather, family) names the
    son."""
    index = WatchlistIndex([
        WatchEntry("ep", "EP-FXK", type="aircraft"),
        WatchEntry("chain", "AL-NIKNAMI, Farhad Dariush Kamran", type="person"),
        WatchEntry("son", "AL-GOLNARI, Ali Omid Dariush Kamran", type="person"),
    ])
    assert _found(index, "Ep-fxc", "ORG") == []
    assert _found(index, "EP-FXK", "ORG") == ["ep"]
    assert _found(index, "FXK EP", "ORG") == ["ep"]
    assert _found(index, "Ali Farhad Dariush Kamran al-Niknami", "PER") == []
    assert _found(index, "Farhad Dariush Kamran al-Niknami", "PER") == ["chain"]
    assert _found(index, "فرهاد داریوش کامران النیکنامی", "PER") == ["chain"]
    # the son listed, his father named
    assert _found(index, "Omid Dariush Kamran al-Golnari", "PER") == []
    assert _found(index, "Ali Omid Dariush Kamran al-Golnari", "PER") == ["son"]
