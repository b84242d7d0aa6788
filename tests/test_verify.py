"""Verification (issue 16) on real inputs: a folder of cables and files with planted defects
is ingested, ``kavosh verify`` runs, and every check must find its defect (and nothing where
there is none); statuses keep their history; a re-run does only new documents.

Every person named here is fictional.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SAMPLE, kavosh, make_case
from fastapi.testclient import TestClient

from kavosh.api import create_app
from kavosh.api.routes_verify import form_token
from kavosh.case import Case
from kavosh.model.errors import UsageError
from kavosh.pipeline import ingest
from kavosh.verify import run_checks, set_status
from kavosh.verify.duplicates import shingles, signature, similarity
from kavosh.verify.people import PeopleFileError, load_people, read_people
from kavosh.verify.status import NoSuchDocument

BODIES = {
    7001: ("هماهنگی اسکان زائران", "در جلسهٔ سه‌شنبه ۷ مرداد ۱۳۹۳ با مسئولان آستان مقدس درباره ظرفیت "
           "اسکان زائران در حسینیه‌های شهر گفتگو شد. مسئولان آستان گفتند که ظرفیت موجود برای "
           "ایام اربعین کافی نیست و باید چادرهای تازه در حاشیه شهر برپا شود. نماینده ایستگاه "
           "پیشنهاد کرد که هزینه چادرها از محل اعتبار ویژه پرداخت شود و گزارش‌ها هر هفته "
           "فرستاده می‌شود."),
    7002: ("بازدید از گذرگاه مرزی", "هیئت کارشناسی در روز سه شنبه ۸ مرداد ۱۳۹۳ از گذرگاه مرزی "
           "بازدید کرد و صف طولانی کامیون‌های باری را دید. کارکنان گمرک از کمبود دستگاه بازرسی "
           "شکایت داشتند و خواستار ارسال دو دستگاه جدید شدند. رانندگان می‌گفتند که هر کامیون "
           "سه روز پشت مرز می‌ماند."),
    7003: ("قرارداد تعمیر خط آب", "شرکت پیمانکار بنا بود تعمیر خط آب شرقی را تا سه‌شنبه ۸ مرداد "
           "۱۳۹۳ تمام کند ولی به سبب کمبود لوله کار متوقف ماند. مدیر شرکت قول داد محموله لوله "
           "از بندر برسد و کارگران دوباره به کار برگردند. ناظر فنی ایستگاه وضعیت را پیگیری "
           "می‌کند."),
    7005: ("نشست کمیته فرهنگی", "کمیته فرهنگی استان در نشست ماهانه خود برنامه نمایشگاه کتاب را "
           "بررسی کرد. دبیر کمیته یادآور شد که نمایشگاه پیشین در ۱۵ مهر ۱۳۹۵ با استقبال زیاد "
           "برگزار شده بود و ناشران تازه‌ای خواستار غرفه شده‌اند. صورت‌جلسه پیوست است."),
}
SENDER = "ایستگاه کربلا"
US_CABLE = ("Reference ID: 88BAGHDAD28\nR 021258Z JAN 09\nFM AMEMBASSY BAGHDAD\n"
            "TO SECSTATE WASHDC 9118\nS e c r e t state 068250\n\nSipdis\n\n"
            "E.o. 12958: decl: 07/01/2034\nTags: parm\nSubject: a subject (s)\n\n"
            "¶1. (S) Text of the cable about a test chamber.\n")
ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})
PEOPLE = ("person,position,start,end,aliases,titles\n"
          "بهرام کوهستانی,سفیر ایران در بغداد,1395/01/01,2019-06-30,Bahram Kouhestani,"
          "Iranian Ambassador to Baghdad\n"
          "بهرام کوهستانی,وزیر امور خارجه,2020,,Bahram Kouhestani,Foreign Minister\n"
          "فرهاد زرین‌کمر,وزیر امور خارجه,1392/05/12,2019-12-31,Farhad Zarinkamar,"
          "Minister of Foreign Affairs; Foreign Minister\n"
          "نسرین پاکدل,سفیر ایران در بغداد,2012,1394/12/29,,\n")
AMBASSADOR = "سفیر ایران در بغداد، آقای بهرام کوهستاني نیز در بازدید بود."
MINISTERS = ("وزير امور خارجه فرهاد زرين‌كمر از آن خبر داشت و معاون وزیر امور خارجه بهرام "
             "کوهستانی نیز.")


# A skipped hour (daylight saving began at 00:00 on 2 Farvardin 1387), an hour lived twice
# (it ended at 24:00 on 30 Shahrivar 1387), a winter time given at +04:30, a summer time
# given right (+04:30 in 1388), and a time of another city.
TIMES_NOTE = ("یادداشت جلسه\n"
              "نخستین دیدار در ساعت ۰۰:۳۰ بامداد روز ۲ فروردین ۱۳۸۷ در منزل رابط بود.\n"
              "محموله در ساعت ۲۳:۱۵ روز ۳۰ شهریور ۱۳۸۷ رسید.\n"
              "دیدار دوم ساعت ۱۴:۳۰ به وقت تهران (۱۰:۰۰ به وقت گرینویچ) روز ۱۰ دی ۱۳۸۸ بود.\n"
              "دیدار سوم ساعت ۱۴:۳۰ به وقت تهران (۱۰:۰۰ به وقت گرینویچ) روز ۱۰ تیر ۱۳۸۸ بود.\n"
              "هواپیما ساعت ۰۰:۴۰ به وقت بغداد روز ۲ فروردین ۱۳۸۷ نشست.\n")


def persian_cable(serial: int, day: str, reference: str | None = None) -> str:
    subject, body = BODIES[serial]
    lines = [f"شماره: ۳۱۶/{serial}/م", f"تاریخ: ۱۳۹۳/۰۵/{day}", f"از: {SENDER}",
             "به: ستاد مرکزی - اداره کل عملیات", "طبقه‌بندی: سری", f"موضوع: {subject}"]
    if reference:
        lines.append(f"پیرو: {reference}")
    return "\n".join([*lines, "", body, "", "رئیس ایستگاه کربلا - ابوالفضل تهرانی‌پور"]) + "\n"


def metadata_pdf(path: Path) -> None:
    """An English working translation of a 2014 cable, saved as a PDF that says it was
    created in 2021 and modified in 2020."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2021, 3, 1, 10, 0, tzinfo=UTC))
    pdf.set_producer("fpdf2")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("NO. 316/7006/S", "DATE: 12 August 2014", "FROM: Karbala station",
                 "TO: Headquarters", "SUBJECT: Fuel deliveries to the pilgrims' camps", "",
                 "The fuel deliveries for the camps south of the city were late again this "
                 "week; the supplier blames the checkpoints on the highway."):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    # fpdf2 writes no ModDate: one is added beside the CreationDate, dated a year earlier.
    data = data.replace(b"/CreationDate (D:2021",
                        b"/ModDate (D:20200101000000Z)\n/CreationDate (D:2021")
    path.write_bytes(data)


def memo_pdf(path: Path) -> None:
    """A memo saved as a PDF in March 2005 that draws its text in Calibri (first shipped in
    2007), and saved a second time (an incremental update appended: a new info dictionary,
    its cross-reference section and a second ``%%EOF``)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2005, 3, 1, 9, 0, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Memo on the pilgrims' camps, first draft.", new_x="LMARGIN",
                   new_y="NEXT")
    data = bytes(pdf.output()).replace(b"/BaseFont /Helvetica", b"/BaseFont /Calibri,B")
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1].decode()
    info = (f"{size} 0 obj\n<< /Producer (Acrobat Distiller 6.0) /CreationDate "
            f"(D:20050301090000Z) /ModDate (D:20050302100000Z) >>\nendobj\n").encode()
    xref = len(data) + len(info)
    path.write_bytes(data + info + (
        f"xref\n{size} 1\n{len(data):010d} 00000 n \ntrailer\n<< /Size {size + 1} /Root "
        f"{root} /Info {size} 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n").encode())


def write_inbox(inbox: Path) -> dict[str, Path]:
    inbox.mkdir(parents=True)
    files = {
        "7001": persian_cable(7001, "۰۸", reference="۳۱۶/۶۹۹۰/م"),  # cites a missing cable
        # wrong weekday, written with a space; an ambassador named two years too early
        "7002": persian_cable(7002, "۰۹").replace("می‌ماند.", f"می‌ماند. {AMBASSADOR}"),
        # ZWNJ weekday; cites later; a minister named in office, one as a former minister
        "7003": persian_cable(7003, "۱۰", reference="۳۱۶/۷۰۰۵/م").replace(
            "پیگیری می‌کند.", f"پیگیری می‌کند. {MINISTERS}"),
        "7005": persian_cable(7005, "۲۰"),  # a date two years after its own; 7004 is missing
    }
    # cable 7001 retyped on an Arabic keyboard
    retyped = files["7001"].translate(ARABIC_KEYBOARD)
    paths = {}
    for name, text in files.items():
        paths[name] = inbox / f"cable-{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    paths["retyped"] = inbox / "retyped-7001.txt"
    paths["retyped"].write_text(retyped, encoding="utf-8")
    paths["memo"] = inbox / "memo-2005.pdf"
    memo_pdf(paths["memo"])
    paths["times"] = inbox / "times-note.txt"
    paths["times"].write_text(TIMES_NOTE, encoding="utf-8")
    paths["us"] = inbox / "us-cable.txt"
    paths["us"].write_text(US_CABLE, encoding="utf-8")
    paths["pdf"] = inbox / "translation-7006.pdf"
    metadata_pdf(paths["pdf"])
    paths["sample"] = inbox / "312-4407-S.pdf"  # the sample's PDF: fpdf2, "created" 2015
    shutil.copy(SAMPLE / "cables" / "1393" / "312-4407-S.pdf", paths["sample"])
    return paths


def _ids(case: Case) -> dict[str, int]:
    return {Path(d.path).stem.removeprefix("cable-"): d.id for d in case.store.documents()
            if d.kind.value == "file"}


@pytest.fixture(scope="module")
def verified(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Case, dict[str, int]]]:
    root = tmp_path_factory.mktemp("verify")
    case = make_case(root / "case", executor="inline")
    try:
        ingest(case, list(write_inbox(root / "inbox").values()))
        (root / "people.csv").write_text(PEOPLE, encoding="utf-8")
        load_people(case.store, root / "people.csv")
        run_checks(case.store)
        yield case, _ids(case)
    finally:
        case.close()


def _found(case: Case, doc: int, check: str) -> list[tuple[str, str]]:
    return [(f.severity, f.evidence.get("kind", "")) for f in case.store.findings(doc, check)]


def test_calendar_finds_wrong_weekdays_in_both_spellings_and_late_dates(
        verified: tuple[Case, dict[str, int]]) -> None:
    case, ids = verified
    assert _found(case, ids["7002"], "calendar") == [("problem", "weekday-mismatch")]
    weekday = case.store.findings(ids["7003"], "calendar")[0]
    assert weekday.evidence["weekday"] == "سه\u200cشنبه" and weekday.severity == "problem"
    page = case.store.pages(ids["7003"])[0].text
    assert page[weekday.evidence["start"]:weekday.evidence["end"]] == weekday.evidence["text"]
    assert _found(case, ids["7001"], "calendar") == []  # its Tuesday is a Tuesday
    late = case.store.findings(ids["7005"], "calendar")
    assert [(f.severity, f.evidence["gregorian"]) for f in late] == [("warning", "2016-10-06")]


def test_header_and_links_between_cables(verified: tuple[Case, dict[str, int]]) -> None:
    case, ids = verified
    assert ("problem", "id-date-mismatch") in _found(case, ids["us-cable"], "header")
    later = case.store.findings(ids["7003"], "cable-links")
    assert [(f.severity, f.evidence["kind"], f.evidence["documents"]) for f in later] == [
        ("problem", "cites-later-cable", [ids["7005"]])]
    gaps = case.store.findings(check="gaps")
    assert sorted((f.document_id, f.evidence["key"]) for f in gaps) == sorted(
        [(ids["7001"], "316/6990/M"), (ids["retyped-7001"], "316/6990/M")])


def test_a_removed_cable_is_a_hole_on_its_neighbours(verified: tuple[Case, dict[str, int]]
                                                     ) -> None:
    case, ids = verified
    holes = case.store.findings(check="serials")
    assert sorted(f.document_id for f in holes) == sorted([ids["7003"], ids["7005"]])
    assert all(f.evidence["missing"] == [7004] for f in holes)


def test_metadata_plausibility(verified: tuple[Case, dict[str, int]]) -> None:
    case, ids = verified
    assert sorted(_found(case, ids["translation-7006"], "metadata")) == [
        ("problem", "modified-before-created"), ("warning", "created-long-after")]
    assert _found(case, ids["312-4407-S"], "metadata") == [("problem", "producer-anachronism")]
    assert _found(case, ids["7001"], "metadata") == []
    assert sorted(_found(case, ids["memo-2005"], "metadata")) == [
        ("info", "incremental-saves"), ("problem", "font-anachronism")]
    memo = case.store.document(ids["memo-2005"])
    assert memo is not None and memo.metadata["fonts_not_embedded"] == ["Calibri,B"]


def test_typing_fingerprint_and_near_duplicates(verified: tuple[Case, dict[str, int]]) -> None:
    case, ids = verified
    typed = case.store.findings(check="fingerprint")
    assert [(f.document_id, f.evidence["kind"], f.evidence["this"]) for f in typed] == [
        (ids["retyped-7001"], "letters-habit", "arabic")]
    pairs = {(f.document_id, f.evidence["documents"][0]): f.evidence["score"]
             for f in case.store.findings(check="duplicates")}
    assert pairs[(ids["retyped-7001"], ids["7001"])] >= 0.9
    assert set(pairs) == {(ids["retyped-7001"], ids["7001"]), (ids["7001"], ids["retyped-7001"])}
    unrelated = [signature(shingles(BODIES[n][1])) for n in (7001, 7002, 7003, 7005)]
    assert max(similarity(a, b) for i, a in enumerate(unrelated) for b in unrelated[i + 1:]) < 0.3


def test_titles_a_person_named_with_a_title_not_held_then(
        verified: tuple[Case, dict[str, int]]) -> None:
    """7002 (1393/05/09, August 2014) names Kouhestani ambassador, a post he took in 2016;
    7003 names the minister of the day (in Arabic letters: the table's Persian spelling still
    matches) and Kouhestani as a deputy minister, which is no claim about the title itself."""
    case, ids = verified
    found = case.store.findings(check="titles")
    assert [(f.document_id, f.severity, f.evidence["kind"]) for f in found] == [
        (ids["7002"], "warning", "title-not-held-then")]
    finding = found[0]
    assert finding.evidence["person"] == "بهرام کوهستانی"
    assert finding.evidence["holders"] == ["نسرین پاکدل"]
    assert finding.evidence["held"] == [{"position": "سفیر ایران در بغداد",
                                         "start": "2016-03-20", "end": "2019-06-30"}]
    page = case.store.pages(ids["7002"])[0].text
    assert page[finding.evidence["start"]:finding.evidence["end"]] == finding.evidence["text"]
    assert finding.evidence["text"] == "سفیر ایران در بغداد، آقای بهرام کوهستاني"


def test_times_against_tehran_daylight_saving(verified: tuple[Case, dict[str, int]]) -> None:
    case, ids = verified
    found = case.store.findings(check="times")
    assert {f.document_id for f in found} == {ids["times-note"]}
    assert [(f.severity, f.evidence["kind"], f.evidence["day"], f.evidence["time"])
            for f in found] == [("warning", "nonexistent-time", "2008-03-21", "00:30"),
                                ("info", "ambiguous-time", "2008-09-20", "23:15"),
                                ("warning", "offset-mismatch", "2009-12-31", "14:30")]
    mismatch = found[2]
    assert (mismatch.evidence["claimed"], mismatch.evidence["actual"]) == ("UTC+04:30",
                                                                          "UTC+03:30")
    assert mismatch.evidence["said"] == "۱۰:۰۰ به وقت گرینویچ"
    page = case.store.pages(ids["times-note"])[0].text
    assert page[found[0].evidence["start"]:found[0].evidence["end"]] == "ساعت ۰۰:۳۰ بامداد"


def test_people_csv_is_checked_whole() -> None:
    rows = read_people("نام,سمت,از,تا\nنسرین پاکدل,سفیر,۱۳۹۱,۱۳۹۴\n", "p.csv")
    assert (rows[0].start, rows[0].end) == ("2012-03-20", "2016-03-19")  # whole Jalali years
    with pytest.raises(PeopleFileError, match=r"p\.csv:3"):
        read_people("person,position,start\nA B,x,2012\nC D,y,2012-13\n", "p.csv")
    with pytest.raises(PeopleFileError, match="before the start"):
        read_people("person,position,start,end\nA B,x,2014,2012\n", "p.csv")


def test_checks_follow_the_table_and_what_derive_read(tmp_path: Path) -> None:
    """A changed people table redoes the titles check only; a document derived again (here:
    derived by an older reader, so the next run re-derives it, as after an upgrade) is
    checked again without --redo, and only it."""
    paths = write_inbox(tmp_path / "inbox")
    case = make_case(tmp_path / "case", executor="inline")
    try:
        ingest(case, [paths["7001"], paths["7002"], paths["7003"]])
        first = {r.name: r.checked for r in run_checks(case.store).checks}
        assert first["calendar"] == 3 and first["titles"] == 3
        again = run_checks(case.store).checks
        assert {r.checked for r in again} == {0} and not any(r.compared for r in again)
        (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
        load_people(case.store, tmp_path / "people.csv")
        table = {r.name: r.checked for r in run_checks(case.store).checks}
        assert table["titles"] == 3 and table["calendar"] == 0
        assert len(case.store.findings(check="titles")) == 1
        doc = _ids(case)["7002"]
        case.store.set_state(doc, "derive", "done", "2+cables0")  # an older reader's
        ingest(case, [])  # the next run re-derives what an older version derived
        upgraded = run_checks(case.store)
        assert {r.name: r.checked for r in upgraded.checks if r.checked} == {
            name: 1 for name in ("calendar", "header", "metadata", "fingerprint", "duplicates",
                                 "titles", "times")}
        assert all(r.compared for r in upgraded.checks if r.name in ("serials", "duplicates"))
    finally:
        case.close()


def test_status_history_is_kept_and_checks_never_set_it(
        verified: tuple[Case, dict[str, int]]) -> None:
    case, ids = verified
    doc = ids["7005"]
    assert case.store.status_history(doc) == []
    set_status(case.store, doc, "questions", "the 1395 date in a 1393 cable", ["doc:7003"],
               "Shirin Kamali")
    set_status(case.store, doc, "doubtful", "the station denies it", [], "Dariush Pakravan")
    run_checks(case.store, redo=True)
    history = case.store.status_history(doc)
    assert [(h.status, h.actor) for h in history] == [("questions", "Shirin Kamali"),
                                                       ("doubtful", "Dariush Pakravan")]
    assert history[0].evidence == ("doc:7003",) and history[0].at <= history[1].at
    with pytest.raises(UsageError):
        set_status(case.store, doc, "fake", "", [], "Shirin Kamali")
    with pytest.raises(NoSuchDocument):
        set_status(case.store, 999_999, "consistent", "", [], "Shirin Kamali")


def test_cli_json_lines_and_resume(tmp_path: Path) -> None:
    paths = write_inbox(tmp_path / "inbox")
    case_dir = tmp_path / "case"
    first = {p: paths[p] for p in ("7001", "7002", "7003")}
    kavosh("ingest", "--case", str(case_dir), "--no-ocr", *map(str, first.values()))
    ran = kavosh("verify", "--case", str(case_dir), "--json")
    lines = [json.loads(line) for line in ran.stdout.splitlines()]
    assert lines and all(set(line) >= {"document_id", "path", "check", "severity", "message",
                                       "evidence"} for line in lines)
    assert "calendar 3 new" in ran.stderr.replace("\n", " ")
    again = kavosh("verify", "--case", str(case_dir))
    assert "nothing new to check" in again.stderr
    kavosh("ingest", "--case", str(case_dir), "--no-ocr", str(paths["7005"]))
    resumed = kavosh("verify", "--case", str(case_dir), "--json")
    assert "calendar 1 new" in resumed.stderr.replace("\n", " ")
    checks = {(line["check"], line["evidence"].get("kind")) for line in
              map(json.loads, resumed.stdout.splitlines())}
    assert ("cable-links", "cites-later-cable") in checks  # 7003 cites 7005, now present
    shown = kavosh("verify", "status", "1", "corroborated", "--note", "a second source",
                   "--evidence", "https://example.org/x", "--by", "Shirin Kamali", "--case",
                   str(case_dir), "--json")
    assert json.loads(shown.stdout)["status"] == "corroborated"
    kavosh("verify", "report", "--case", str(case_dir), "--out", str(tmp_path / "report.html"))
    assert "<script" not in (tmp_path / "report.html").read_text(encoding="utf-8")
    kavosh("verify", "dossier", "1", "--case", str(case_dir), "--out", str(tmp_path / "d.json"))
    dossier = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert dossier["document"]["id"] == 1 and dossier["status"] == "corroborated"
    wrong = kavosh("verify", "status", "1", "real", "--by", "x", "--case", str(case_dir),
                   check=False)
    assert wrong.returncode == 2 and "unknown status" in wrong.stderr


def test_web_form_and_api(verified: tuple[Case, dict[str, int]]) -> None:
    case, ids = verified
    doc = ids["7002"]
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        page = client.get(f"/documents/{doc}")
        assert page.status_code == 200 and 'id="verification"' in page.text
        assert "weekday" in page.text and form_token(doc) in page.text
        form = {"token": form_token(doc), "status": "consistent", "by": "Shirin Kamali",
                "note": "checked against the calendar", "evidence": "https://example.org/a"}
        posted = client.post(f"/documents/{doc}/verification", data=form,
                             follow_redirects=False)
        assert posted.status_code == 303
        assert client.get(f"/api/documents/{doc}/verification").json()["status"] == "consistent"
        forged = client.post(f"/documents/{doc}/verification",
                             data={**form, "token": "0" * 64}, follow_redirects=False)
        assert forged.status_code == 403
        cross = client.post(f"/documents/{doc}/verification", data=form,
                            headers={"Origin": "http://evil.example"}, follow_redirects=False)
        assert cross.status_code == 403
        as_form = client.post(f"/api/documents/{doc}/verification", data={"status": "doubtful"})
        assert as_form.status_code == 415
        made = client.post(f"/api/documents/{doc}/verification",
                           json={"status": "questions", "by": "Dariush Pakravan",
                                 "evidence": ["doc:1"]})
        assert made.status_code == 201 and made.json()["status"] == "questions"
        report = client.get("/api/verification").json()
        assert report["statuses"]["questions"] >= 1
        assert any(s["holes"] == [[7003, 7005]] for s in report["series"])
        assert client.get("/verification").status_code == 200
        assert [h.status for h in case.store.status_history(doc)][-2:] == [
            "consistent", "questions"]


def test_exports_and_dossier(verified: tuple[Case, dict[str, int]], tmp_path: Path) -> None:
    """The report and a document's dossier as downloads: self-contained HTML (no script, no
    link to the server's files) and JSON with every finding."""
    case, ids = verified
    doc = ids["7001"]
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        page = client.get(f"/documents/{doc}")
        assert f"/documents/{doc}/dossier.html" in page.text
        assert f"/verification/diff?a={doc}&amp;b={ids['retyped-7001']}" in page.text
        report = client.get("/verification/report.html")
        assert report.headers["content-disposition"].startswith("attachment")
        html = report.text
        assert "<script" not in html and "/static/" not in html and "<style>" in html
        assert "weekday" in html and "cites-later-cable" not in html.split("<style>")[0]
        data = client.get("/verification/report.json").json()
        assert len(data["findings"]) == len(case.store.findings())
        dossier_html = client.get(f"/documents/{doc}/dossier.html")
        assert dossier_html.headers["content-disposition"] == (
            f'attachment; filename="kavosh-dossier-{doc}.html"')
        assert "<script" not in dossier_html.text
        dossier = client.get(f"/api/documents/{doc}/dossier").json()
        assert client.get("/api/documents/999999/dossier").status_code == 404
    stored = case.store.document(doc)
    assert stored is not None and dossier["document"]["sha256"] == stored.sha256
    assert stored.sha256 in dossier_html.text
    assert [r["action"] for r in dossier["custody"]][:1] == ["received"]
    assert {f["name"]: f["value"] for f in dossier["cable"]["fields"]}["number"] == "316/7001/م"
    assert [(v["document_id"], v["kind"]) for v in dossier["versions"]] == [
        (ids["retyped-7001"], "near-duplicate")]
    assert any(f["check"] == "gaps" for f in dossier["findings"])


def test_versions_side_by_side(verified: tuple[Case, dict[str, int]]) -> None:
    """The retyped copy differs from 7001 only in its letters: nothing is marked; two
    unrelated cables differ in their bodies and share their header lines."""
    case, ids = verified
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        same = client.get(f"/api/verification/diff?a={ids['7001']}&b={ids['retyped-7001']}")
        assert same.status_code == 200
        assert {r["tag"] for r in same.json()["rows"]} == {"equal"}
        other = client.get(f"/api/verification/diff?a={ids['7001']}&b={ids['7002']}").json()
        tags = {r["tag"] for r in other["rows"]}
        assert {"equal", "replace"} <= tags and other["inserted"] > 0
        assert any("ایستگاه کربلا" in r["a"] for r in other["rows"] if r["tag"] == "equal")
        page = client.get(f"/verification/diff?a={ids['7001']}&b={ids['7002']}")
        assert page.status_code == 200 and "<ins>" in page.text and "<del>" in page.text
        assert "<script" not in page.text
        assert client.get(f"/verification/diff?a={ids['7001']}&b=999999").status_code == 404


def test_minhash_estimates_the_jaccard_similarity() -> None:
    """Documents sharing one paragraph of several are not near-duplicates: the estimate stays
    near the exact similarity of their shingles (a hash family nearly monotonic in the
    shingle once kept the same smallest shingle in every permutation: 0.9 for 0.1)."""
    texts = [c["text"] for c in json.loads((SAMPLE.parent / "manifest.json").read_text(
        encoding="utf-8"))["cables"]][:24]
    shared = BODIES[7001][1]
    docs = [shingles(f"{shared}\n{a}\n{b}") for a, b in zip(texts[::2], texts[1::2],
                                                             strict=True)]
    worst = 0.0
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            exact = len(a & b) / len(a | b)
            worst = max(worst, abs(similarity(signature(a), signature(b)) - exact))
    assert worst < 0.15
