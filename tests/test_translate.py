"""Translation you can check (issue 15): every engine's loading path with tiny models built
here (nothing downloads), the refusal of remote engines, the resumable command, storage of
drafts and human versions with history, export, the glossary, the memory and number checks."""

from __future__ import annotations

import json
import os
import random
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import found_names, ingest_texts, kavosh, make_case
from test_web import ServerThread
from test_web import browser as browser  # the Playwright fixture: Debian's Chromium, or a skip

from kavosh import registry
from kavosh.case import Case
from kavosh.pipeline.translate import (
    case_glossary,
    case_memory,
    case_translator,
    inconsistent_terms,
    index_translations,
    name_proposals,
    sentence_notes,
    translate_documents,
)
from kavosh.text.sentences import split_sentences
from kavosh.translate.base import RemoteRefused, TranslatorUnavailable
from kavosh.translate.checks import disagreements
from kavosh.translate.engines import make_translator
from kavosh.translate.glossary import Glossary

pytest.importorskip("ctranslate2", reason="the translate extra (ctranslate2) is not installed")
pytest.importorskip("sentencepiece", reason="the translate extra (sentencepiece) is not installed")

from kavosh.translate import tiny

OURS = {"ctranslate2": "kavosh.translate.ct2:CTranslate2Translator",
        "argos": "kavosh.translate.argos:ArgosTranslator",
        "http": "kavosh.translate.http:HttpTranslator",
        "openai": "kavosh.translate.http:OpenAiTranslator"}

CABLE = """شماره: ۳۱۲/۴۸۸۰
تاریخ: ۱۳۹۸/۰۲/۱۲
طبقه‌بندی: سری
موضوع: دیدار با سفیر

۱. وزارت اطلاعات گزارش داد که آقای آرش تهرانی در تاریخ ۱۳۹۸/۰۲/۱۲ با سفیر دیدار کرد.
مبلغ ۱۲٬۵۰۰ دلار پرداخت شد.
۲. فرمانده نیروی قدس در جلسه حضور نداشت.
"""

WORDS = ("گزارش دیدار سفیر ستاد مرکزی بغداد تهران موضوع سری محرمانه پیرو شماره تاریخ منبع جلسه "
         "سپاه وزارت امور خارجه اطلاعات هیئت نماینده فرمانده مسئول پرونده تماس سفر مرز").split()
ENGLISH = ("report meeting ambassador staff central baghdad tehran subject secret confidential "
           "further number date source session guard ministry affairs foreign intelligence "
           "delegation representative commander officer file contact travel border").split()


@pytest.fixture
def translators(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Kavosh's translator entry points, also when the installed metadata predates them (a
    worktree run against an older install): a package declaring the missing ones is put on
    sys.path (and PYTHONPATH, for subprocesses)."""
    missing = {k: v for k, v in OURS.items() if k not in registry.TRANSLATORS.names()}
    if missing:
        site = tmp_path / "site"
        info = site / "kavosh_translators_dev-0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: kavosh-translators-dev\nVersion: 0\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(
            "[kavosh.translators]\n" + "".join(f"{k} = {v}\n" for k, v in missing.items()),
            encoding="utf-8")
        monkeypatch.syspath_prepend(str(site))
        root = Path(__file__).resolve().parents[1]
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
            [str(root), str(site), os.environ.get("PYTHONPATH", "")]))
        registry.forget_all()
    yield
    registry.forget_all()


def _lines(words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(4, 12))) for _ in range(count)]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> tiny.TinyModels:
    return tiny.build_models(tmp_path_factory.mktemp("models"), _lines(WORDS, 300, 1),
                             _lines(ENGLISH, 300, 2))


def test_each_engine_loads_from_what_the_person_installed(
        models: tiny.TinyModels, translators: None, tmp_path: Path) -> None:
    sentences = ["وزارت اطلاعات گزارش داد.", "", "سفیر به تهران سفر کرد."]
    local = make_translator("ctranslate2", {"model": str(models.ct2_folder)})
    drafts = local.translate_batch(sentences, "fas", "eng")  # type: ignore[attr-defined]
    assert drafts[1] == "" and drafts[0] and drafts[2]  # noise from random weights, but drafts
    assert local.version.startswith("tiny-ct2@") and not local.remote
    argos = make_translator("argos", {"model": str(models.argos_file)})
    assert argos.translate(sentences[0], "fas", "eng")
    assert argos.languages == ("fa", "en")  # type: ignore[attr-defined]
    assert "translate-fa_en-0_1.argosmodel:0.1@" in argos.version
    received: list[dict[str, Any]] = []
    with tiny.stub_server(received) as url:
        server = make_translator("http", {"endpoint": url})
        assert server.remote and server.translate("سلام", "fas", "eng") == "EN(سلام)"
        chat = make_translator("openai", {"endpoint": url, "api_model": "tiny"})
        assert chat.translate("سلام", "fas", "eng") == "EN(سلام)"
    assert received[0] == {"path": "/translate", "q": "سلام", "source": "fa", "target": "en",
                           "format": "text"}
    assert received[1]["path"] == "/v1/chat/completions" and received[1]["model"] == "tiny"
    # a page without punctuation is translated in runs, not refused for its length
    long = " ".join(["وزارت اطلاعات گزارش داد"] * 150)
    assert local.translate(long, "fas", "eng")
    # what is missing is said, not a traceback
    with pytest.raises(TranslatorUnavailable, match="no CTranslate2 model at"):
        make_translator("ctranslate2", {"model": str(tmp_path)})
    bad = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("../outside/metadata.json", "{}")
    with pytest.raises(TranslatorUnavailable, match="unsafe path"):
        make_translator("argos", {"model": str(bad)})
    assert not (tmp_path / "outside").exists()


def test_without_the_translate_extra_the_local_engines_say_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch, translators: None, models: tiny.TinyModels) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if not installed
    with pytest.raises(TranslatorUnavailable, match=r"pip install 'kavosh\[translate\]'"):
        make_translator("ctranslate2", {"model": str(models.ct2_folder)})
    with pytest.raises(TranslatorUnavailable, match="ctranslate2 and sentencepiece"):
        make_translator("argos", {"model": str(models.argos_file)})


def test_the_command_refuses_a_remote_engine_then_drafts_resumably_and_exports(
        tmp_path: Path, translators: None, models: tiny.TinyModels) -> None:
    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    ingest_texts(case, tmp_path / "in", {"cable.txt": CABLE})
    case.close()
    received: list[dict[str, Any]] = []
    with tiny.stub_server(received) as url:
        refused = kavosh("translate", "--case", str(tmp_path / "case"), "--engine", "http",
                         "--endpoint", url, check=False)
        assert refused.returncode == 2, refused.stderr
        assert f"{url}/translate" in " ".join(refused.stderr.split())
        assert received == []  # nothing left the machine
        done = kavosh("translate", "--case", str(tmp_path / "case"), "--engine", "http",
                      "--endpoint", url, "--allow-remote", "--json")
    summary = json.loads(done.stdout)
    assert summary["engine"] == "http" and summary["pages"] == 1
    assert summary["progress"]["sentences"] == 7 == summary["drafts"] == len(received)
    with Case.open(tmp_path / "case") as opened:
        (doc,) = opened.store.translated_documents()
        sentences = opened.store.translation_sentences(doc)
        assert [s.source for s in sentences[:2]] == ["شماره: ۳۱۲/۴۸۸۰", "تاریخ: ۱۳۹۸/۰۲/۱۲"]
        first = sentences[4]
        assert first.source.startswith("۱. وزارت اطلاعات") and first.draft is not None
        assert first.draft.engine == "http" and first.text == f"EN({first.source})"
        assert CABLE[first.start:first.end] == first.source
        # a second run has nothing left; another engine drafts beside the first
        assert translate_documents(opened, case_translator(opened, "http", endpoint=url,
                                                           allow_remote=True)).pages == 0
        local = translate_documents(opened, case_translator(opened, "ctranslate2",
                                                            model=str(models.ct2_folder)))
        assert local.pages == 1 and local.drafts == 7
        engines = [v.engine for v in opened.store.translation_sentence(first.id).versions]
        assert engines == ["http", "ctranslate2"]
        both = sentence_notes([opened.store.translation_sentence(first.id)],  # type: ignore[list-item]
                              case_memory(opened), Glossary.starter(), {})[first.id]
        assert both.engines == ("http", "ctranslate2")
        assert both.disagreements[:2] == ("numbers differ: 1 against none",
                                          "dates differ: ۱۳۹۸/۰۲/۱۲ (2019-05-02) against none")
        # people edit and check; every version is kept
        opened.store.add_translation(first.id, "The Ministry of Intelligence reported that "
                                     "Mr. Arash Tehrani met the ambassador on 1398/02/12.",
                                     "N. Karimi")
        opened.store.add_translation(first.id, opened.store.translation_sentence(
            first.id).text, "S. Rahimi", checked=True)  # type: ignore[union-attr]
        progress = opened.store.translation_progress(doc)
        assert (progress.sentences, progress.edited, progress.checked) == (7, 1, 1)
    exported = kavosh("export", "--case", str(tmp_path / "case"))
    record = next(r for line in exported.stdout.splitlines()
                  if (r := json.loads(line))["id"] == doc)
    layers = record["pages"][0]["translations"]
    assert len(layers) == 7
    mine = layers[4]
    assert mine["checked"] and mine["human"]["by"] == "S. Rahimi"
    assert [v["kind"] for v in mine["history"]] == ["draft", "draft", "human", "human"]
    assert mine["draft"]["engine"] == "ctranslate2" and mine["start"] == first.start


def test_a_remote_engine_named_by_the_case_is_refused_unless_the_case_allows_it(
        tmp_path: Path, translators: None) -> None:
    closed = make_case(tmp_path / "a", translator="http", translate_endpoint="http://10.1.2.3")
    with pytest.raises(RemoteRefused, match=r"to http://10\.1\.2\.3/translate"):
        case_translator(closed)
    closed.close()
    allowed = make_case(tmp_path / "b", translator="http", translate_endpoint="http://10.1.2.3",
                        translate_allow_remote=True)
    assert case_translator(allowed).where == "http://10.1.2.3/translate"
    allowed.close()


def test_glossary_memory_and_numbers_flag_what_a_person_should_look_at(
        tmp_path: Path, translators: None) -> None:
    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    ingest_texts(case, tmp_path / "in", {"cable.txt": CABLE, "copy.txt": CABLE.replace(
        "آرش تهرانی", "نسرین کریمی")})
    translate_documents(case, make_translator("null"))
    one, two = (case.store.translation_sentences(d) for d in case.store.translated_documents())
    if "آرش" not in one[4].source:
        one, two = two, one
    assert all(s.draft is None for s in one)  # the null engine drafts nothing
    case.store.add_translation(one[4].id, "The Ministry of Intelligence reported that Mr. "
                               "Arash Tehrani met the ambassador on 1398/02/12.", "N. Karimi")
    case.store.add_translation(two[4].id, "The spy agency reported that Ms. Nasrin Karimi met "
                               "the ambassador on 1398/02/13.", "S. Rahimi")
    case.store.add_translation(one[5].id, "A sum of 12,500 dollars was paid.", "N. Karimi")
    glossary = Glossary.for_case([("آرش تهرانی", "Arash Tehrani")])
    two = case.store.translation_sentences(two[0].document_id)
    notes = sentence_notes(two, case_memory(case), glossary, inconsistent_terms(case, glossary))
    mine = notes[two[4].id]
    assert mine.inconsistent == ("وزارت اطلاعات",)
    assert mine.numbers == ("date(s) of the source missing: ۱۳۹۸/۰۲/۱۲ (2019-05-02); date(s) "
                            "not in the source: 1398/02/13 (2019-05-03)")  # the day changed
    # dates are compared as days: the Gregorian rendering, or the glossary's brackets, agree
    from kavosh.translate.checks import number_changes

    assert number_changes(two[4].source, "Ms. Nasrin Karimi met the ambassador on 2 May 2019."
                          ) is None
    assert number_changes(two[4].source, "She met him on 1398/02/12 [2019-05-02].") is None
    assert mine.memory is not None and 0.75 <= mine.memory.score < 1
    assert mine.memory.sentence_id == one[4].id
    paid = notes[two[5].id]
    assert paid.memory is not None and paid.memory.score == 1.0
    assert paid.memory.target == "A sum of 12,500 dollars was paid."
    # two engines' drafts that disagree on what matters
    assert disagreements("On 12 May Arash Tehrani did not attend the session.",
                         "On 13 June Arash Tehran attended the session.") == [
        "numbers differ: 12 against 13", "dates differ: May against June",
        "one draft is negated, the other is not", "names differ: Tehrani against Tehran"]
    assert disagreements("He didn't go.", "He did not go.") == []
    # the glossary makes a draft use its canonical English, and says what a draft lacks
    applied = glossary.apply(one[4].source, "The MOIS said Arash Tehrani met him.")
    assert applied.text == "The Ministry of Intelligence said Arash Tehrani met him."
    assert ("سفیر", "Ambassador") in applied.missing
    # a Jalali day carried over by a draft gets its Gregorian day, unless the case says not
    draft = "On 1398/02/12 the MOIS reported."
    assert glossary.apply(one[4].source, draft).text == (
        "On 1398/02/12 [2019-05-02] the Ministry of Intelligence reported.")
    case.store.put_glossary_row("@gregorian_dates", "off", "", "N. Karimi")
    assert case_glossary(case).apply(one[4].source, draft).text == (
        "On 1398/02/12 the Ministry of Intelligence reported.")
    case.close()


def test_the_side_by_side_page_edits_checks_and_keeps_history(
        tmp_path: Path, translators: None) -> None:
    from fastapi.testclient import TestClient

    from kavosh.api import create_app
    from kavosh.api.routes_translate import translation_token as form_token

    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null", translator="http",
                     translate_endpoint="http://10.1.2.3")
    ingest_texts(case, tmp_path / "in", {"cable.txt": CABLE})
    translate_documents(case, make_translator("null"))
    (doc,) = case.store.translated_documents()
    sentence = case.store.translation_sentences(doc)[4]
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        page = client.get(f"/documents/{doc}/translation")
        assert page.status_code == 200
        assert 'dir="rtl"' in page.text and "وزارت اطلاعات" in page.text
        assert "text would go to <strong>http://10.1.2.3</strong>" in page.text
        assert "<script" not in page.text
        form = {"token": form_token(doc), "sentence": str(sentence.id), "by": "Shirin Kamali",
                "text": "The MOIS reported that Mr. Arash Tehrani met the ambassador."}
        posted = client.post(f"/documents/{doc}/translation", data=form,
                             follow_redirects=False)
        assert posted.status_code == 303
        assert posted.headers["location"].endswith(f"#s{sentence.id}")
        forged = client.post(f"/documents/{doc}/translation",
                             data={**form, "token": "0" * 64}, follow_redirects=False)
        assert forged.status_code == 403
        other = client.post(f"/documents/{doc + 1}/translation",
                            data={**form, "token": form_token(doc + 1)}, follow_redirects=False)
        assert other.status_code == 404  # a sentence of another document
        checked = client.post(f"/api/translations/{sentence.id}",
                              json={"by": "Dariush Pakravan", "checked": True})
        assert checked.status_code == 201 and checked.json()["checked"]
        data = client.get(f"/api/documents/{doc}/translation").json()
        mine = next(s for s in data["sentences"] if s["id"] == sentence.id)
        assert mine["text"].startswith("The MOIS reported") and mine["checked"]
        assert [v["by"] for v in mine["history"]] == ["Shirin Kamali", "Dariush Pakravan"]
        assert data["progress"]["checked"] == 1
        assert {"term": "سفیر", "english": "Ambassador"} not in mine["notes"]["missing_terms"]
        assert {"term": "وزارت اطلاعات", "english": "Ministry of Intelligence"} not in \
            mine["notes"]["missing_terms"]  # MOIS is one of its accepted forms
        assert data["translator"] == {"engine": "http", "remote": True,
                                      "where": "http://10.1.2.3", "allowed": False, "model": ""}
        assert client.get("/api/translation").json()["progress"]["edited"] == 1
        assert "پیشرفت ترجمه" in client.get("/translation").text
        hostile = case.store.translation_sentences(doc)[6]
        client.post(f"/documents/{doc}/translation", data={
            **form, "sentence": str(hostile.id),
            "text": "</textarea><script>alert(1)</script>\u202e"})
        page = client.get(f"/documents/{doc}/translation").text
        assert "Dariush Pakravan" in page and "✓" in page
        assert "<script" not in page and "&lt;/textarea&gt;&lt;script&gt;" in page
        # the whole document marked checked: a version for each translated sentence
        whole = client.post(f"/documents/{doc}/translation/checked", data={
            "token": form_token(doc), "by": "Dariush Pakravan", "checked": "1"},
            follow_redirects=False)
        assert whole.status_code == 303
        progress = client.get(f"/api/documents/{doc}/translation").json()["progress"]
        assert progress["checked"] == progress["drafted"] == 2  # the untranslated ones wait
        undone = client.post(f"/api/documents/{doc}/translation/checked",
                             json={"by": "Dariush Pakravan", "checked": False}).json()
        assert undone["changed"] == 2 and undone["progress"]["checked"] == 0
        assert client.post(f"/documents/{doc}/translation/checked", data={
            "token": "0" * 64, "checked": "1"}, follow_redirects=False).status_code == 403
    case.close()


def test_english_words_find_a_persian_cable_through_its_translation(
        tmp_path: Path, translators: None) -> None:
    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    ingest_texts(case, tmp_path / "in", {"cable.txt": CABLE, "other.txt": "گزارش هواشناسی."})
    case.close()
    kavosh("translate", "--query", "سفیر", "--case", str(tmp_path / "case"))
    case = Case.open(tmp_path / "case")
    assert len(case.store.translated_documents()) == 1  # only what the query finds
    assert found_names(case, "ambassador") == set()
    (doc,) = [d for d in case.store.translated_documents()
              if len(case.store.translation_sentences(d)) == 7]
    sentence = case.store.translation_sentences(doc)[4]
    case.store.add_translation(sentence.id, "The Ministry of Intelligence reported that Mr. "
                               "Arash Tehrani met the ambassador.", "Shirin Kamali")
    case.store.mark_pending("index", [doc])  # as a version saved on the web page does
    index_translations(case)
    assert found_names(case, "ambassador") == {"cable.txt"}
    assert found_names(case, '"Ministry of Intelligence"') == {"cable.txt"}
    assert found_names(case, "سفیر") == {"cable.txt"}  # the Persian is still there
    # a reindex keeps them; a draft run marks what it drafted
    from kavosh.pipeline.run import reindex

    reindex(case)
    assert found_names(case, "Tehrani") == {"cable.txt"}
    case.close()


def test_names_in_the_documents_become_glossary_entries_and_keep_people_consistent(
        tmp_path: Path, translators: None) -> None:
    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    ingest_texts(case, tmp_path / "in", {"a.txt": CABLE, "b.txt": CABLE.replace("۴۸۸۰", "۴۸۸۱")})
    translate_documents(case, make_translator("null"))
    case.close()
    listed = kavosh("glossary", "names", "--add", "--json", "--case", str(tmp_path / "case"))
    proposals = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {"term": "آرش تهرانی", "english": "Arash Tehrani", "count": 2,
            "added": True} in proposals
    with Case.open(tmp_path / "case") as opened:
        one, two = (opened.store.translation_sentences(d)[4]
                    for d in opened.store.translated_documents())
        opened.store.add_translation(one.id, "The Ministry of Intelligence reported that Mr. "
                                     "Arash Tehrani met the ambassador on 1398/02/12.", "A")
        opened.store.add_translation(two.id, "The Ministry of Intelligence reported that Mr. "
                                     "Arash Tahrani met the ambassador on 1398/02/12.", "B")
        assert inconsistent_terms(opened, case_glossary(opened)) == {two.id: ("آرش تهرانی",)}
    listed = kavosh("glossary", "names", "--json", "--case", str(tmp_path / "case"))
    assert "آرش تهرانی" not in listed.stdout  # in the glossary now
    shown = kavosh("glossary", "list", "--json", "--case", str(tmp_path / "case"))
    assert {"term": "آرش تهرانی", "english": "Arash Tehrani", "origin": "case",
            "by": json.loads(shown.stdout.splitlines()[0])["by"]} in [
        json.loads(line) for line in shown.stdout.splitlines()]


def test_a_name_is_proposed_with_the_spelling_the_archive_uses(tmp_path: Path,
                                                              translators: None) -> None:
    # The entities resolved at ingest join the Persian cable's آرش تهرانی and the English
    # note's "Arash Tehrany": the glossary proposes the archive's own spelling, once, rather
    # than a transliteration (Arash Tehrani) the reporters never saw.
    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    ingest_texts(case, tmp_path / "in", {
        "a.txt": CABLE,
        "note.txt": "Notes of the meeting.\nMr. Arash Tehrany met the ambassador in Tehran "
                    "on 2 May 2019.\n"})
    translate_documents(case, make_translator("null"))
    proposals = [(p.source, p.english) for p in name_proposals(case)]
    case.close()
    assert proposals == [("آرش تهرانی", "Arash Tehrany")]


@pytest.mark.slow
def test_a_sentence_is_corrected_and_checked_in_a_real_browser(
        tmp_path: Path, translators: None, browser: object) -> None:
    """The side-by-side page's form, posted by Chromium (no script): the version is saved
    with who, the sentence is marked checked and the history shows it."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    try:
        ingest_texts(case, tmp_path / "in", {"cable.txt": CABLE})
        translate_documents(case, make_translator("null"))
        document_id = case.store.translated_documents()[0]
        with ServerThread(case) as base_url:
            context = browser.new_context(locale="fa-IR", java_script_enabled=False)
            try:
                page = context.new_page()
                page.goto(f"{base_url}/documents/{document_id}/translation")
                row = page.locator("tr.sentence").nth(4)
                expect(row.locator("td.source")).to_contain_text("آرش تهرانی")
                row.locator("textarea").fill("The Ministry of Intelligence reported that "
                                             "Mr. Arash Tehrani met the ambassador.")
                row.locator("input[name=checked]").check()
                row.locator("input[name=by]").fill("translator-a")
                row.locator("button").click()
                page.wait_for_url("**/translation#s*")
                saved = page.locator("tr.sentence").nth(4)
                expect(saved).to_have_class("sentence checked")
                expect(saved.locator("details.history")).to_contain_text("translator-a")
                expect(page.locator("p.translation-progress")).to_contain_text("1 بررسی‌شده")
            finally:
                context.close()
    finally:
        case.close()


def test_a_new_model_drafts_again_and_keeps_the_people_s_versions(
        tmp_path: Path, translators: None, models: tiny.TinyModels) -> None:
    # The newsroom replaces its model (same folder name, other weights): every page is drafted
    # again on the next run, the old drafts stay in the history and a person's version stays
    # the sentence's text.
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(models.ct2_folder, folder)
    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    ingest_texts(case, tmp_path / "in", {"cable.txt": CABLE})
    first = translate_documents(case, case_translator(case, "ctranslate2", model=str(folder)))
    assert first.pages == 1
    doc = case.store.translated_documents()[0]
    sentence = case.store.translation_sentences(doc)[4]
    case.store.add_translation(sentence.id, "The Ministry of Intelligence reported.", "N. K")
    same = translate_documents(case, case_translator(case, "ctranslate2", model=str(folder)))
    assert same.pages == 0  # nothing changed: nothing drafted
    vocab_source = json.loads((models.ct2_folder / "source_vocabulary.json").read_text())
    vocab_target = json.loads((models.ct2_folder / "target_vocabulary.json").read_text())
    tiny.write_random_transformer(folder, vocab_source, vocab_target, seed=99)
    again = translate_documents(case, case_translator(case, "ctranslate2", model=str(folder)))
    assert again.pages == 1 and again.drafts == 7
    kept = case.store.translation_sentence(sentence.id)
    assert kept is not None and kept.text == "The Ministry of Intelligence reported."
    drafts = [v for v in kept.versions if v.kind == "draft"]
    assert len(drafts) == 2 and drafts[0].engine_version != drafts[1].engine_version
    case.close()


def test_an_nllb_model_is_told_the_languages(tmp_path: Path, translators: None,
                                             models: tiny.TinyModels) -> None:
    # An NLLB model's vocabulary holds FLORES-200 codes; the source gets its language's code
    # and the draft is forced to start with eng_Latn, which is taken off the draft.
    codes = ["pes_Arab", "arb_Arab", "eng_Latn"]
    folder = tmp_path / "nllb"
    source = tiny.train_spm(_lines(WORDS, 300, 1), tmp_path / "source", symbols=codes)
    target = tiny.train_spm(_lines(ENGLISH, 300, 2), tmp_path / "target", symbols=codes)
    tiny.write_random_transformer(folder, source, target)
    for side in ("source", "target"):
        (folder / f"{side}.spm").write_bytes((tmp_path / f"{side}.model").read_bytes())
    from kavosh.translate.ct2 import CTranslate2Translator

    nllb = CTranslate2Translator(model=str(folder))
    assert nllb.codes and not CTranslate2Translator(model=str(models.ct2_folder)).codes
    raw = nllb._model.translate_batch([["pes_Arab", "▁سفیر", "</s>"]],
                                      target_prefix=[["eng_Latn"]], max_decoding_length=8)
    assert raw[0].hypotheses[0][0] == "eng_Latn"  # what the decoder is forced to begin with
    drafts = nllb.translate_batch(["سفیر به تهران سفر کرد.", "وزارت اطلاعات گزارش داد."],
                                  "fas", "eng")
    assert all(d and not d.startswith("eng_Latn") for d in drafts), drafts


def _ocr_again(case: Case, document_id: int, text: str) -> None:
    """Store a page's text as the OCR stage does (an OCR layer, derive left pending)."""
    from kavosh.model.layers import Layer, PageText

    with case.store.transaction():
        case.store.put_ocr_page(document_id, PageText(1, text, Layer.OCR, "tesseract", "5.3"),
                                {"languages": "fas"})
        case.store.mark_pending("derive", [document_id])


def test_a_page_whose_text_changed_is_cut_again_and_nothing_a_person_wrote_is_lost(
        tmp_path: Path, translators: None) -> None:
    from kavosh.pipeline import ingest

    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    ingest_texts(case, tmp_path / "in", {"cable.txt": CABLE})
    (doc,) = [d.id for d in case.store.documents() if d.path.endswith("cable.txt")]
    received: list[dict[str, Any]] = []
    with tiny.stub_server(received) as url:
        http = case_translator(case, "http", endpoint=url, allow_remote=True)
        assert translate_documents(case, http).drafts == 7
        before = case.store.translation_sentences(doc)
        meeting, payment, commander = before[4], before[5], before[6]
        case.store.add_translation(meeting.id, "The Ministry of Intelligence reported that Mr."
                                   " Arash Tehrani met the ambassador on 1398/02/12.", "N. Karimi")
        case.store.add_translation(payment.id, "12,500 dollars were paid.", "N. Karimi")
        case.store.add_translation(commander.id, "The Quds Force commander was not at the "
                                   "meeting.", "S. Rahimi", checked=True)
        # OCR of the scan reads the page again: Arabic letters for Persian ones in the first
        # paragraph (the same sentence), a digit misread (another sentence), the marking line
        # lost, and a paragraph the text layer lacked
        ocr = (CABLE.replace("طبقه‌بندی: سری\n", "").replace("سفیر دیدار", "سفير ديدار")
               .replace("۱۲٬۵۰۰", "۱۲٬۸۰۰")
               + "۳. جلسهٔ بعدی در بغداد برگزار می‌شود.\n")
        _ocr_again(case, doc, ocr)
        ingest(case, [])  # derive and index: the page is cut again
        after = case.store.translation_sentences(doc)
        assert [s.source for s in after] == [s.text for s in split_sentences(ocr)]
        assert all(ocr[s.start:s.end] == s.source and s.layer == "ocr" for s in after)
        by_id = {s.id: s for s in after}
        same = by_id[meeting.id]  # the same sentence once normalised: its versions stand
        assert "سفير ديدار" in same.source and same.text.startswith("The Ministry")
        assert by_id[commander.id].checked and by_id[commander.id].text.startswith("The Quds")
        changed = by_id[payment.id]  # another text: no current translation until drafted
        assert "۱۲٬۸۰۰" in changed.source and changed.text == "" and not changed.edited
        older = [v for v in changed.to_json()["history"] if v.get("older_text")]
        assert [v["kind"] for v in older] == ["draft", "human"]
        assert older[1]["text"] == "12,500 dollars were paid." and "۱۲٬۵۰۰" in older[1]["source"]
        # the memory offers what the person wrote for the old text
        notes = sentence_notes([changed], case_memory(case), Glossary.starter(), {})
        assert notes[changed.id].memory is not None
        assert notes[changed.id].memory.target == "12,500 dollars were paid."
        # every version is still there (the marking line's draft folded into a neighbour)
        assert sum(len(s.versions) for s in after) == 7 + 3
        # the next run drafts only what changed or is new
        sent = len(received)
        again = translate_documents(case, http)
        assert again.drafts == 2 and len(received) - sent == 2
        assert {r["q"] for r in received[sent:]} == {changed.source, after[-1].source}
        redrafted = case.store.translation_sentence(changed.id)
        assert redrafted is not None and redrafted.text == f"EN({changed.source})"
        assert translate_documents(case, http).drafts == 0  # resumable as before
    progress = case.store.translation_progress(doc)
    assert (progress.sentences, progress.edited, progress.checked) == (7, 2, 1)
    case.close()


NOTE = ("The committee met on Monday to discuss the budget for the coming year. The members "
        "agreed on the plan and asked the secretary to write to every office about it.\n")


def test_an_edit_on_the_page_is_searchable_at_once_unless_another_run_is_writing(
        tmp_path: Path, translators: None) -> None:
    from fastapi.testclient import TestClient

    from kavosh.api import create_app
    from kavosh.api.routes_translate import translation_token as form_token
    from kavosh.archive.locks import release, try_lock

    case = make_case(tmp_path / "case", executor="inline", ocr_engine="null")
    ingest_texts(case, tmp_path / "in", {"cable.txt": CABLE, "note.txt": NOTE})
    case.close()
    case = Case.open(tmp_path / "case")  # as `kavosh serve` opens it: reading only
    doc, note = (next(d.id for d in case.store.documents() if d.path.endswith(name))
                 for name in ("cable.txt", "note.txt"))
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        # no command run: the page cuts the document into sentences for people to translate
        assert f"/documents/{doc}/translation/cut" in client.get(
            f"/documents/{doc}/translation").text
        cut = client.post(f"/documents/{doc}/translation/cut",
                          data={"token": form_token(doc)}, follow_redirects=False)
        assert cut.status_code == 303
        meeting, commander = case.store.translation_sentences(doc)[4::2]
        assert client.post(f"/documents/{note}/translation/cut", data={
            "token": form_token(note)}, follow_redirects=False).status_code == 400  # English
        client.post(f"/documents/{doc}/translation", data={
            "token": form_token(doc), "sentence": str(meeting.id), "by": "Shirin Kamali",
            "text": "The Ministry of Intelligence reported that Mr. Arash Tehrani met the "
                    "ambassador."}, follow_redirects=False)
        assert found_names(case, "ambassador") == {"cable.txt"}  # no command run
        assert "cable.txt" in client.get("/search", params={"q": "Tehrani"}).text
        assert client.get(f"/api/documents/{doc}/translation").json()["searchable"]
        # an ingest holds the case's writer lock: the save does not wait for it or write
        # beside it; the page says when the English becomes searchable
        held = try_lock(case.root / "writer.lock")
        assert held is not None
        try:
            saved = client.post(f"/api/translations/{commander.id}", json={
                "text": "The Quds Force commander was not at the meeting.", "by": "S. Rahimi"})
            assert saved.status_code == 201
            assert found_names(case, "commander") == set()
            assert not client.get(f"/api/documents/{doc}/translation").json()["searchable"]
            assert "searchable after the next index run" in client.get(
                f"/documents/{doc}/translation").text
        finally:
            release(held)
        client.post(f"/api/translations/{commander.id}", json={"by": "S. Rahimi",
                                                               "checked": True})
        assert found_names(case, "commander") == {"cable.txt"}
        assert found_names(case, "ambassador") == {"cable.txt"}
        assert "searchable after the next index run" not in client.get(
            f"/documents/{doc}/translation").text
    case.close()
