"""The cable reader (kavosh.text.cables) on real inputs: every cable of the sample archive,
real US cables, news articles and a court-exhibit PDF that are not cables, and hand-written
Arabic letters and Persian table headers (fictional people only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_data

from kavosh.model import PageText
from kavosh.text.cables import Cable, read_cable, reference_key

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))


def read(text: str) -> Cable | None:
    return read_cable([PageText(1, text)])


def values(cable: Cable, name: str) -> list[str]:
    return [f.value for f in cable.every(name)]


@pytest.mark.parametrize("cable", MANIFEST["cables"], ids=lambda c: c["id"])
def test_every_sample_cable_gives_its_header(cable: dict) -> None:
    found = read(cable["text"])
    assert found is not None
    header = dict(cable["header"])
    written = {fold_label(label): value for label, value in header.items()}
    assert values(found, "number") == [reference_key(cable["number"])]
    assert values(found, "date") == [cable["gregorian_date"]]
    assert values(found, "from") == [cable["from_as_written"]]
    assert values(found, "to") == [written["to"]]
    assert values(found, "subject") == [written["subject"]]
    mark = found.first("classification")
    assert mark is not None and mark.raw == cable["classification_as_written"]
    if cable["language"] != "ara":
        assert mark.value in (cable["classification"], cable["classification_as_written"])
    if cable["reference"]:
        assert reference_key(cable["reference"]) in values(found, "reference")
    else:
        assert not found.every("reference")
    for f in found.fields:  # raw is the page text at its offsets
        assert cable["text"][f.start:f.end] == f.raw
    assert found.convention == ("ar" if cable["language"] == "ara" else "fa")


@pytest.mark.parametrize("cable", MANIFEST["cables"], ids=lambda c: c["id"])
def test_every_field_of_every_sample_cable(cable: dict) -> None:
    """Issue 11's figure: every field the manifest lists (its `fields`), and no other."""
    found = read(cable["text"])
    assert found is not None
    got: dict[str, list[str]] = {}
    for field in found.fields:
        got.setdefault(field.name, []).append(field.value)
    assert got == cable["fields"]


def fold_label(label: str) -> str:
    """A manifest header label → the field name it stands for."""
    names = {"الرقم": "number", "شماره": "number", "NO.": "number", "التاريخ": "date",
             "تاریخ": "date", "تاريخ": "date", "DATE": "date", "من": "from", "از": "from",
             "FROM": "from", "إلى": "to", "به": "to", "TO": "to", "الموضوع": "subject",
             "موضوع": "subject", "SUBJECT": "subject", "العدد": "number", "م/": "subject"}
    return names.get(label, label)


def test_us_cables_of_the_release() -> None:
    rows = [json.loads(line) for line in
            (shared_data("cablegate") / "cables.jsonl").read_text("utf-8").splitlines()[:400:8]]
    right = 0
    for row in rows:
        cable = read(f"{row['note']}\n{row['body']}")
        assert cable is not None and cable.convention == "us"
        number, dated = cable.first("number"), cable.first("date")
        right += bool(number and number.value == row["ref_id"]
                      and (dated is None or dated.value == row["created"][:10]))
    assert right >= 0.9 * len(rows)


def test_a_us_cable_and_its_references() -> None:
    text = ("VZCZCXRO0003\nDE RUEHNR #0072/01 0090117\nZNY SSSSS ZZH\nO 090117Z JAN 06\n"
            "FM AMEMBASSY NAIROBI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 8822\n"
            "INFO RUEHBO/AMEMBASSY BOGOTA PRIORITY 0216\nRUEHLO/AMEMBASSY LONDON PRIORITY 1819\n"
            "S E C R E T SECTION 01 OF 02 NAIROBI 000072 \n\nSIPDIS \n\nNOFORN\n\n"
            "E.O. 12958: DECL: 01/06/2031 \nTAGS: SNAR PREL KE\n"
            "SUBJECT: (S) A DRUG RING ENJOYS \nIMPUNITY IN KENYA \n\n"
            "REF: A. 05 NAIROBI 2243 \n¶B. NAIROBI 5341 \n\n"
            "Classified By: POL/Couns for reasons 1.4 (b)\n\n"
            "¶1. (S) Summary: xxxxxxxxxxxx said.\n\n"
            "BELLAMY\n")
    cable = read(text)
    assert cable is not None
    assert values(cable, "number") == ["06NAIROBI72"]
    assert values(cable, "date") == ["2006-01-09"] and values(cable, "time") == ["01:17"]
    assert values(cable, "from") == ["Embassy Nairobi"]
    assert values(cable, "to") == ["SECSTATE WASHDC"]
    assert values(cable, "copies") == ["AMEMBASSY BOGOTA", "AMEMBASSY LONDON"]
    assert values(cable, "classification") == ["SECRET"]
    assert values(cable, "handling") == ["SIPDIS", "NOFORN"]
    assert values(cable, "precedence") == ["IMMEDIATE"]
    assert values(cable, "subject") == ["(S) A DRUG RING ENJOYS IMPUNITY IN KENYA"]
    assert values(cable, "reference") == ["05NAIROBI2243", "06NAIROBI5341"]
    assert values(cable, "signature") == ["BELLAMY"]
    mark = cable.first("classification")
    assert mark is not None and mark.extra["redactions"] == 1
    assert not cable.findings


def test_a_partial_extract_without_routing_header() -> None:
    text = ("This record is a partial extract of the original cable.\n"
            "Wednesday, 25 February 2009, 15:14\n"
            "C o n f i d e n t i a l SECTION 01 OF 04 LA PAZ 000415 \nSIPDIS \n"
            "EO 12958 DECL: 02/25/2019 \nTAGS PGOV, PREL \nSUBJECT: A TEST SUBJECT\n")
    cable = read(text)
    assert cable is not None
    assert values(cable, "number") == ["09LAPAZ415"]
    assert values(cable, "from") == ["Embassy La Paz"]
    assert values(cable, "date") == ["2009-02-25"] and values(cable, "time") == ["15:14"]
    assert values(cable, "classification") == ["CONFIDENTIAL"]


def test_us_header_slips_as_released() -> None:
    """Slips seen in the release: a doubled first letter, caveats sharing a line, a
    correction note after the date-time group."""
    text = ("DE RUEHBU #0071/01 0391433\nZNY CCCCC ZZH\n"
            "O R 041614Z FEB 10     (CCY ADX1C30B8 ICTOQ0621-623)\nFM AMEMBASSY BUENOS AIRES\n"
            "TO RUEHC/SECSTATE WASHDC IMMEDIATE 0108\n"
            "SS E C R E T SECTION 01 OF 02 BUENOS AIRES 000071\n\n"
            "NOFORN, NOT FOR INTERNET DISTRIBUTION SIPDIS\n\nE.O. 12958: DECL: 02/04/2020\n"
            "TAGS: PREL AR\nSUBJECT: A SUBJECT\n")
    cable = read(text)
    assert cable is not None
    assert values(cable, "date") == ["2010-02-04"]
    assert values(cable, "number") == ["10BUENOSAIRES71"]
    assert values(cable, "classification") == ["SECRET"]
    assert values(cable, "handling") == ["NOFORN", "SIPDIS"]
    assert values(cable, "from") == ["Embassy Buenos Aires"]


def test_routing_line_with_trailing_space_and_eo_after_other_words() -> None:
    """As released: a date-time group line ending in a space (the 1972 Tehran cable) and an
    E.O. line that continues an office line (``DEPT FOR WHA/BSC E.O. 12958: DECL: …``)."""
    routed = read("R 220927Z AUG 72 \nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 9461\n"
                  "UNCLASSIFIED TEHRAN 5055 \n\nTAGS: IR PTER\nSUBJECT: A SUBJECT \n")
    assert routed is not None
    assert values(routed, "date") == ["1972-08-22"] and values(routed, "number") == ["72TEHRAN5055"]
    extract = read("C O N F I D E N T I A L SECTION 01 OF 04 BRASILIA 004227 \n\nSIPDIS \n\n"
                   "DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012 \nTAGS: PGOV PREL ECON BR\n")
    assert extract is not None and values(extract, "number") == ["02BRASILIA4227"]
    assert not extract.every("date")  # the year is an estimate for the ID, never a date


def test_the_year_of_a_partial_extract_is_weighed_not_fixed() -> None:
    """The year of an undated extract's ID: a declassification date written year first, 20
    years ahead (not 10 or 25), the text's own years deciding; a cited cable of 2008 rules out
    2004. Still no date."""
    text = ("S E C R E T SECTION 01 OF 03 CARACAS 001401 \n\nSIPDIS \n\n"
            "E.O. 12958: DECL: 2029/11/01 \nTAGS: PREL PGOV VE\n"
            "SUBJECT: A FICTIONAL SUBJECT \n\nREF: 08 CARACAS 1702 \n\n"
            "Classified By: A Fictional Officer, Reasons 1.4 (b) and (d)\n\n"
            "1. (S) The minister said the 2009 budget was spent by August.\n")
    cable = read(text)
    assert cable is not None
    assert values(cable, "number") == ["09CARACAS1401"]
    assert cable.first("number").extra["year_from"] == "declassification date"  # type: ignore[union-attr]
    assert values(cable, "reference") == ["08CARACAS1702"]
    assert not cable.every("date")
    short = read("C O N F I D E N T I A L BOGOTA 000227 \n\nE.O. 12958: DECL: 2/11/35\n"
                 "TAGS: PGOV CO\nSUBJECT: A FICTIONAL SUBJECT\n\n1. (C) Nothing dated.\n")
    assert short is not None and values(short, "number") == ["10BOGOTA227"]


def test_a_foreign_minister_in_the_body_is_no_fm_line() -> None:
    """``FM Lavrov`` starting a body line is a foreign minister, not the routing header's
    sender: the number keeps the serial line's post."""
    text = ("C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 001488 \n\nSIPDIS \n\n"
            "E.O. 12958: DECL: 06/05/2019 \nTAGS: PGOV PREL RS\n"
            "SUBJECT: A FICTIONAL VISIT \n\n1. (C) The visitors met the President and\n"
            "FM Lavrov, during which nothing new was said.\n")
    cable = read(text)
    assert cable is not None
    assert values(cable, "number") == ["09MOSCOW1488"]
    assert values(cable, "from") == ["Embassy Moscow"]


# A cable as the 1970s databases release it: a page header on every page, the office
# distribution (ACTION, INFO), a separator, then the routing header (fictional content).
_AAD = """LIMITED OFFICIAL USE

PAGE 01        STATE  184512  231422Z
ORIGIN NEA-11

INFO  OCT-01  ISO-00  CIAE-00  INR-07  NSAE-00  /016 R

DRAFTED BY NEA/IRN:JDOE:JS
                  ------------------083214  231430Z /46
P 231422Z JUL 79
FM SECSTATE WASHDC
TO AMEMBASSY TEHRAN PRIORITY 4410
INFO AMEMBASSY ANKARA

E.O. 12065: N/A
TAGS: PINT, IR
SUBJECT: A FICTIONAL SUBJECT THAT RUNS
LIMITED OFFICIAL USE

LIMITED OFFICIAL USE

PAGE 02        STATE  184512  231422Z

OVER A PAGE BREAK

REF: TEHRAN 5055

1. FICTIONAL TEXT OF THE SECOND PAGE.
VANCE
BT
#4512
LIMITED OFFICIAL USE

NNN
"""


def test_a_1970s_cable_with_page_headers() -> None:
    """The ID from the date-time group's year and the page header's post and serial (no
    serial line in the body); the page header of page 2 is no part of the subject; the
    signature is the name above the transmission's end and the classification footer."""
    cable = read(_AAD)
    assert cable is not None and cable.convention == "us"
    assert values(cable, "number") == ["79STATE184512"]
    assert values(cable, "date") == ["1979-07-23"] and values(cable, "time") == ["14:22"]
    assert values(cable, "from") == ["Secretary of State"]
    assert values(cable, "to") == ["AMEMBASSY TEHRAN"]
    assert values(cable, "copies") == ["AMEMBASSY ANKARA"]
    assert values(cable, "classification") == ["LIMITED OFFICIAL USE"]
    assert values(cable, "subject") == ["A FICTIONAL SUBJECT THAT RUNS OVER A PAGE BREAK"]
    assert values(cable, "reference") == ["79TEHRAN5055"]
    assert values(cable, "signature") == ["VANCE"]
    number = cable.first("number")
    assert number is not None and _AAD[number.start:number.end] == "STATE  184512"
    assert not cable.findings
    numbered = read("Document Number: 1979STATE184512\n" + _AAD)  # the database's own line
    assert numbered is not None and numbered.first("number").raw == "1979STATE184512"  # type: ignore[union-attr]
    assert values(numbered, "number") == ["79STATE184512"]


def test_contradictions_become_findings() -> None:
    text = ("R 021258Z JAN 88\nFM AMEMBASSY BAGHDAD\nTO SECSTATE WASHDC 9118\n"
            "S e c r e t state 068250\n\nSipdis\n\nE.o. 12958: decl: 07/01/2034\n"
            "Tags: parm\nSubject: a subject (s)\n\nREF: 2009 STATE 1234\n\n¶1. (S) Text.\n")
    cable = read(text)
    assert cable is not None
    checks = {f.check for f in cable.findings}
    assert {"post-mismatch", "date-before-marking", "reference-after-date"} <= checks
    later = text.replace("021258Z JAN 88", "021258Z JAN 09")
    explicit = read("Reference ID: 88BAGHDAD28\n" + later)
    assert explicit is not None and "id-date-mismatch" in {f.check for f in explicit.findings}
    persian = read("شماره: ۱۲۳/۴۵۶/س\nتاریخ: ۱۳۹۳/۰۸/۲۵ برابر با ۱۲ دسامبر ۲۰۱۴\n"
                   "طبقه‌بندی: سری\nموضوع: آزمون\nپیرو نامه شماره ۱۲۳/۴۰۰/س مورخ ۱۳۹۳/۰۹/۰۱، متن.\n")
    assert persian is not None
    assert {"date-mismatch", "reference-after-date"} <= {f.check for f in persian.findings}


def test_arabic_letters() -> None:
    letter = ("جمهورية العراق\nوزارة الداخلية\nالعدد: ق/٤٥٦٧\nالتاريخ: ٢٢/١١/٢٠١٤ م\n"
              "إلى / مديرية شرطة كربلاء\nم/ طلب معلومات عن المدعو زياد كامل حسون\n"
              "سري وشخصي\nاشارة الى كتابكم المرقم ٣٤٥/ب بتاريخ ١/١١/٢٠١٤ م، نرجو تزويدنا.\n"
              "مع التقدير\n")
    cable = read(letter)
    assert cable is not None and cable.convention == "ar"
    assert values(cable, "number") == [reference_key("ق/4567")]
    assert values(cable, "date") == ["2014-11-22"]
    assert values(cable, "to") == ["مديرية شرطة كربلاء"]
    assert values(cable, "subject") == ["طلب معلومات عن المدعو زياد كامل حسون"]
    assert values(cable, "classification") == ["سري"]
    assert values(cable, "handling") == ["سري وشخصي"]
    assert values(cable, "reference") == ["345/ب"]
    table = "العدد\t١٢/٣٤٥\tالتاريخ\t١ شعبان ١٤٣٥ هـ\nمن\tمحطة البصرة\nالتصنيف\tسري للغاية\n"
    cable = read(table.replace("سري للغاية", "سري جداً") + "إلحاقاً بكتابنا المرقم ٧٧/ج\n")
    assert cable is not None
    assert values(cable, "classification") == ["سري جداً"]
    assert values(cable, "reference") == ["77/ج"]
    cable = read(table)
    assert cable is not None
    assert values(cable, "classification") == ["سري للغاية"]
    assert values(cable, "date") == ["2014-05-31"]


def test_persian_table_and_two_column_headers() -> None:
    table = ("بسمه تعالی\nشماره\t۲۱۰/۷۷۱۲/خ\tتاریخ\t۱۴۰۱/۰۲/۰۵\nاز\tاداره کل هماهنگی\n"
             "به\tدفتر نمایندگی اصفهان\nرونوشت\tمعاونت اداری، دفتر حقوقی\n"
             "طبقه بندي\tخیلی محرمانه - فوری\nپیوست\tدو برگ\nموضوع\tبرنامه بازدید\nمتن نامه.\n")
    cable = read(table)
    assert cable is not None and cable.convention == "fa"
    assert values(cable, "number") == ["210/7712/خ"]
    assert values(cable, "date") == ["2022-04-25"]
    assert values(cable, "copies") == ["معاونت اداری", "دفتر حقوقی"]
    assert values(cable, "classification") == ["خیلی محرمانه"]
    assert values(cable, "precedence") == ["فوری"]
    assert values(cable, "attachment") == ["دو برگ"]
    columns = ("شماره: 210/7712/خ\tتاریخ: 1401/02/05\nاز: اداره کل هماهنگی   به: دفتر اصفهان\n"
               "موضوع برنامه بازدید\nطبقه‌بندی سري\n")
    cable = read(columns)
    assert cable is not None
    assert values(cable, "to") == ["دفتر اصفهان"] and values(cable, "from") == ["اداره کل هماهنگی"]
    assert values(cable, "subject") == ["برنامه بازدید"]
    assert values(cable, "classification") == ["سری"]
    right_to_left = "۲۱۰/۷۷۱۲/خ\tشماره\n۱۴۰۱/۰۲/۰۵\tتاریخ\nسری\tطبقه‌بندی\n"
    cable = read(right_to_left)
    assert cable is not None and values(cable, "number") == ["210/7712/خ"]
    assert values(cable, "date") == ["2022-04-25"]


def test_copies_after_the_signature() -> None:
    letter = ("شماره: ۸۸/۱۲۳۴\nتاریخ: ۱۴۰۰/۰۷/۰۱\nاز: اداره کل هماهنگی\nبه: دفتر اصفهان\n"
              "موضوع: برنامه بازدید\nبا سلام، متن نامه در اینجا آمده است.\n"
              "مهرداد کیان‌پور - مدیرکل\nرونوشت:\n- معاونت اداری\n۲- دفتر حقوقی، بایگانی\n")
    cable = read(letter)
    assert cable is not None
    assert values(cable, "copies") == ["معاونت اداری", "دفتر حقوقی", "بایگانی"]
    assert values(cable, "signature") == ["مهرداد کیان‌پور - مدیرکل"]


def test_not_a_cable() -> None:
    email = ("From: Ali Rahimi <ali@example.org>\nTo: desk@example.org\nDate: Mon, 3 Nov 2014\n"
             "Subject: meeting\n\nSee you tomorrow.\n")
    assert read(email) is None
    assert read("") is None and read_cable([]) is None
    assert read("نام\tسن\tشهر\nعلی\t۳۰\tتهران\n") is None
    labelled = email.replace("Subject:", "Classification: internal\nSubject:")
    assert read(labelled) is None


def test_farsnews_articles_are_not_cables() -> None:
    articles = json.loads((shared_data("farsnews") / "fars-news-1.json").read_text("utf-8"))[:200]
    for article in articles:
        text = "\n".join([article["title"], article["abstract"], *article["paragraphs"]])
        assert read(text) is None, article["title"]


def test_enron_pdf_is_not_a_cable() -> None:
    from kavosh.ingest.pdf import open_pdf, page_text

    pdf = next(shared_data("enron").glob("*.pdf"))
    with open_pdf(pdf) as document:
        pages = [PageText(i + 1, page_text(document[i])[0]) for i in range(len(document))]
    assert read_cable(pages) is None


@pytest.mark.parametrize(("a", "b"), [
    ("۳۱۲/۴۸۸۰/ک", "312-4880-ك"),
    ("٣١٢/٤٨٨٠/ک", "312 / 04880 / ک"),
    ("312/4583/KH", "۳۱۲/۴۵۸۳/خ"),
    ("04ANKARA348", "04ankara000348"),
    ("09 LA PAZ 1541", "09LAPAZ1541"),
    ("1979TEHRAN05055", "79TEHRAN5055"),  # the 1970s databases' document number
    ("ق/٤٥٦٧", "ق-4567"),
])
def test_reference_key_spellings(a: str, b: str) -> None:
    assert reference_key(a) == reference_key(b)


def test_reference_key_keeps_numbers_apart() -> None:
    assert reference_key("312/4880/ک") != reference_key("312/4880/س")
    assert reference_key("04ANKARA348") != reference_key("05ANKARA348")
    assert reference_key("04ANKARA348") == "04ANKARA348"
    assert reference_key("۳۱۲/۴۸۸۰/ک") == "312/4880/ک"


def test_a_reference_marker_does_not_reach_past_the_end_of_its_sentence() -> None:
    # «پیرو ارتباط.» ends its sentence: the time on the next line (ساعت ۰۰۳۵) is no cited cable,
    # which had made a gap in the archive that did not exist.
    text = ("شماره: ۱۲/۳۴۵\nتاریخ: ۱۳۹۳/۰۸/۲۵\nموضوع: گزارش\n\nپیرو ارتباط.\n"
            "رابط ساعت ۰۰۳۵ رسید.\nپیرو تلگراف شماره ۱۰۰/۴۹۱۹/س مورخ ۱۳۹۳/۰۸/۰۱ اعلام می‌شود.\n"
            "Reference No. 4567 of 12 May is answered.\n")
    cable = read(text)
    assert cable is not None
    assert values(cable, "reference") == ["100/4919/س", "4567"]


def test_a_bare_date_time_group_above_the_serial_line_dates_an_extract() -> None:
    """A partial extract that kept only its date-time group, without precedence and with the
    month in small letters (``141216Z Jul 05``, as released): that is the cable's date. A
    date-time group further down (a cited cable's, in a REF line or in the body) is not."""
    text = ("This record is a partial extract of the original cable.\n\n141216Z Jul 05\n"
            "C O N F I D E N T I A L SECTION 01 OF 03 MADRID 002653 \n\nSIPDIS \n\n"
            "E.O. 12958: DECL: 07/13/2015 \nTAGS: PREL SP\nSUBJECT: A FICTIONAL MEETING \n\n"
            "1. (C) The fictional envoy met the minister on July 12.\n")
    cable = read(text)
    assert cable is not None
    assert values(cable, "date") == ["2005-07-14"] and values(cable, "time") == ["12:16"]
    assert values(cable, "number") == ["05MADRID2653"]
    assert not cable.every("precedence")
    below = read("C O N F I D E N T I A L MADRID 002653 \n\nE.O. 12958: DECL: 07/13/2015 \n"
                 "TAGS: PREL SP\nSUBJECT: A FICTIONAL MEETING \n\nREF: STATE 1234 \n"
                 "101200Z JUL 05\n\n1. (C) Nothing else is dated.\n")
    assert below is not None and not below.every("date")


def test_a_release_that_lost_its_line_breaks_keeps_its_serial_line() -> None:
    """The serial line runs on into the next header lines after two spaces (as released:
    ``MOSCOW 000228  SIPDIS  STATE FOR …``); a sentence that merely starts with the word
    ``Secret`` is no serial line."""
    text = ("C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 000228  SIPDIS  STATE FOR EUR/RUS"
            "  E.O. 12958: DECL: 01/28/2020 \n\nTAGS: EINV RS\n\n"
            "SUBJECT: A FICTIONAL DRAFT LAW  REF: MOSCOW 00079\n\n1.(C) SUMMARY: Nothing.\n")
    cable = read(text)
    assert cable is not None
    assert values(cable, "classification") == ["CONFIDENTIAL"]
    assert values(cable, "number") == ["10MOSCOW228"]
    prose = read("Secret police arrested 12  People in the capital.\nE.O. 12958 was cited.\n"
                 "TAGS: none\n")
    assert prose is None


def test_a_body_without_its_first_line_is_classified_by_its_highest_paragraph() -> None:
    """A cable body whose serial line is gone (E.O., TAGS and SUBJECT lines still there, no
    routing header): the classification is the highest paragraph mark, as the document is
    marked by its highest portion, and says where it comes from."""
    text = ("SIPDIS \n\nE.O. 12958: DECL: 01/19/2020 \nTAGS: PREL PGOV ES\n"
            "SUBJECT: A FICTIONAL RIVALRY \n\nClassified By: A Fictional Officer, 1.4(D) \n\n"
            "1. (C) Summary: A fictional party is divided.\n\n2. (S) A fictional source said so."
            "\n\n3. (C) Comment: nothing more.\n")
    cable = read(text)
    assert cable is not None
    mark = cable.first("classification")
    assert mark is not None and mark.value == "SECRET" and mark.raw == "(S)"
    assert mark.extra["source"] == "paragraph marks"
    assert mark.extra["paragraph_marks"] == {"C": 2, "S": 1}
    assert not cable.every("number") and not cable.every("date")  # nothing invented
