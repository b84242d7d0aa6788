"""Identifiers found by their form (issue 13): phones, e-mail, URLs, national IDs, IBANs, cards,
passports and code names, in every digit script, and nothing in dates or cable numbers."""

from __future__ import annotations

import itertools
import json
import re

from conftest import ROOT

from kavosh.entities import PatternFinder, find_entities, patterns
from kavosh.registry import ENTITY_FINDERS

TEXT = """شماره: ۳۱۲/۴۸۸۰/ک — تاریخ: ۱۳۹۳/۰۸/۲۵ ساعت 12:30، سال 2014-11-16 و E.O. 12958
تلفن همراه: ۰۹۱۲-۳۴۵-۶۷۸۹ و +98 912 345 6789 و 00989123456789؛ تلفن: 61-1367249
در بغداد +964 770 123 4567 یا ٠٧٧٠١٢٣٤٥٦٧؛ دفتر تهران، تلفن: ۰۲۱ ۸۸۸۸ ۱۲۳۴
ایمیل: Kamran.Fictional@Example.COM و سایت https://www.farsnews.ir/news/123. یا www.example.org،
کد ملی: ۰۰۱۲۳۴۵۶۷۹ (و ۰۰۱۲۳۴۵۶۷۸ که معتبر نیست) شبا: IR73 0570 0001 0000 0000 0000 01
کارت ۶۰۳۷-۹۹۷۱-۲۳۴۵-۶۷۸۳ گذرنامه شماره: K12345678 با نام رمز «عقاب» به بصره رفت.
Passport No. A87654321; IBAN IR74 0570 0001 0000 0000 0000 01 fails its check.
Routing lines are no phones: DE RUEHBM #0576 0951604 ZNY CCCCC; TEL AVIV 00001324 002 OF 003;
nor a landline without its label: 021 8888 1234."""
PATTERNS = (PatternFinder(),)  # the default finders also find people, places, organisations


def test_identifiers_in_every_digit_script() -> None:
    found = [(m.type, m.text, m.value) for m in find_entities(TEXT, "fas", PATTERNS)]
    assert found == [
        ("PHONE", "۰۹۱۲-۳۴۵-۶۷۸۹", "+989123456789"),
        ("PHONE", "+98 912 345 6789", "+989123456789"),
        ("PHONE", "00989123456789", "+989123456789"),
        ("PHONE", "61-1367249", "611367249"),  # a local number: only after its label
        ("PHONE", "+964 770 123 4567", "+9647701234567"),
        ("PHONE", "٠٧٧٠١٢٣٤٥٦٧", "07701234567"),  # Iraqi mobile or Iranian landline: unsure
        ("PHONE", "۰۲۱ ۸۸۸۸ ۱۲۳۴", "+982188881234"),
        ("EMAIL", "Kamran.Fictional@Example.COM", "kamran.fictional@example.com"),
        ("URL", "https://www.farsnews.ir/news/123", "https://www.farsnews.ir/news/123"),
        ("URL", "www.example.org", "www.example.org"),
        ("NATIONAL_ID", "۰۰۱۲۳۴۵۶۷۹", "0012345679"),
        ("IBAN", "IR73 0570 0001 0000 0000 0000 01", "IR730570000100000000000001"),
        ("CARD", "۶۰۳۷-۹۹۷۱-۲۳۴۵-۶۷۸۳", "6037997123456783"),
        ("PASSPORT", "K12345678", "K12345678"),
        ("CODENAME", "عقاب", "عقاب"),
        ("PASSPORT", "A87654321", "A87654321"),
    ]
    mention = find_entities(TEXT, finders=PATTERNS)[0]
    assert TEXT[mention.start:mention.end] == mention.text
    assert (mention.finder.name, mention.finder.version) == ("patterns", "1")


def test_sample_archive_phones_are_found_exactly() -> None:
    """Every phone number the sample archive's manifest lists for a cable (each once), and no
    other; the
    only other identifiers are the two code names written «با نام رمز «…»»."""
    manifest = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
    others = []
    for cable in manifest["cables"]:
        mentions = find_entities(cable["text"], finders=PATTERNS)
        phones = [m.text for m in mentions if m.type == "PHONE"]
        assert list(dict.fromkeys(phones)) == cable["phones_mentioned"], cable["id"]
        others += [(cable["id"], m.type, m.text) for m in mentions if m.type != "PHONE"]
    assert others == [("A1", "CODENAME", "سپیدار"), ("H1", "CODENAME", "عقاب")]


def test_a_case_adds_its_own_code_name_marker() -> None:
    finder = ENTITY_FINDERS.get("patterns")(markers=["عملیات"])
    text = "عملیات «طلوع» و عملیات «نسیم» آغاز شد"
    assert [(f.type, text[f.start:f.end]) for f in finder.find(text, "fas")] == [
        ("CODENAME", "طلوع"), ("CODENAME", "نسیم")]


def _pages() -> list[str]:
    """Real pages with numbers of every kind: the sample's cables and this file's text."""
    manifest = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
    return [TEXT, *(cable["text"] for cable in manifest["cables"])]


def test_the_patterns_written_to_scan_find_what_their_plain_forms_find() -> None:
    """Each pattern written with its look-behind after its first character (so that the
    regex engine scans for that character) matches what its plain form matches, on real
    pages and on every short string of the characters that decide (digits of three scripts,
    signs, letters, the separators)."""
    alphabet = "0۰٠1۱+(-/ #.AIZa_\u00a0"
    strings = ["".join(p) for n in range(1, 5) for p in itertools.product(alphabet, repeat=n)]
    # and longer runs around a number of each kind, in every context of one character
    numbers = ["+98 912 345 6789", "00989123456789", "(021) 8888 1234", "۶۰۳۷-۹۹۷۱-۲۳۴۵-۶۷۸۳",
               "IR73 0570 0001 0000 0000 0000 01", "001-234567-9", "0012345679"]
    strings += [a + n + b for n in numbers for a in alphabet for b in alphabet]
    checked = 0
    for name, plain in patterns.PLAIN_FORMS.items():
        fast, read = getattr(patterns, name), re.compile(plain)
        for text in [*_pages(), *strings]:
            found = [(m.span(), m.groups()) for m in fast.finditer(text)]
            assert found == [(m.span(), m.groups()) for m in read.finditer(text)], (name, text)
            checked += bool(found)
    assert checked > 100


def test_a_page_is_searched_for_code_names_only_when_it_may_hold_a_marker() -> None:
    plain = "وزیر خارجه در تهران گفت که مذاکرات «به زودی» ادامه می‌یابد."
    markers = patterns.CODENAME_MARKERS
    assert not patterns._may_mark(plain, markers)
    # a Latin letter, or one of the four other letters case-blind matching takes for one
    for page in (plain + " alias", plain + " ALİAS", plain + " aliaſ", plain + " \u212a"):
        assert patterns._may_mark(page, markers), page
    assert patterns._may_mark("با نام رمز «عقاب»", markers)
    assert patterns._may_mark("позывной «Орёл»", ("Позывной",))  # cased, not ASCII: always
    finder = PatternFinder(markers=["Позывной"])
    for page in ("aliaſ «Falcon»", "ALİAS «Falcon»", "ПОЗЫВНОЙ «Falcon»"):
        assert [(f.type, f.value) for f in finder.find(page, "")] == [("CODENAME", "Falcon")]
