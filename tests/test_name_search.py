"""Names across scripts: a Latin spelling finds Persian and Arabic script, and back."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import found_names, ingest_texts
from fastapi.testclient import TestClient

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.views.search import search

TEXTS = {
    "persian.txt": "گزارش دیدار با قاسم سلیمانی در بغداد",
    "arabic-letters.txt": "ملاقات قاسم سليماني با هيئت عراقي",
    "english.txt": "The ambassador met Qasem Soleymani and General Rezaei in Baghdad.",
    "other.txt": "گزارش دیدار با حسین رضایی در نجف",
}


@pytest.fixture
def names_case(case: Case, tmp_path: Path) -> Case:
    return ingest_texts(case, tmp_path / "in", TEXTS)


@pytest.mark.parametrize("query", ["Soleimani", "Suleimani", "Soleymani", "Qasem Soleimani",
                                   "SOLEIMANI, Qasem", "Ghasem Soleimani"])
def test_latin_spellings_find_persian_script(names_case: Case, query: str) -> None:
    assert {"persian.txt", "arabic-letters.txt"} <= found_names(names_case, query)
    assert "other.txt" not in found_names(names_case, query)


def test_name_mode_finds_latin_spellings_from_persian(names_case: Case) -> None:
    assert found_names(names_case, "name:سلیمانی") == {"persian.txt", "arabic-letters.txt",
                                                  "english.txt"}
    assert found_names(names_case, 'name:"قاسم سلیمانی"') == {"persian.txt", "arabic-letters.txt",
                                                        "english.txt"}


def test_expansions_are_explained_and_words_stay_exact(names_case: Case) -> None:
    results = search(names_case, "Soleimani")
    assert results.expansions == {"soleimani": ["سلیمانی"]}
    # Persian words are searched exactly unless name: is asked for.
    assert found_names(names_case, "سلیمانی") == {"persian.txt", "arabic-letters.txt"}
    assert search(names_case, "گزارش").expansions == {}
    # Quoting a Latin word keeps it exact.
    assert found_names(names_case, '"soleimani"') == set()


def test_a_hyphenated_latin_name_finds_the_joined_persian_word(case: Case, tmp_path: Path) -> None:
    ingest_texts(case, tmp_path / "compound", {
        "fa.txt": "دستور سید مرتضی کاظمی‌نیا به ایستگاه",
        "en.txt": "Instructions from S. M. Kazemi-Nia to the station.",
    })
    assert found_names(case, "Kazemi-Nia") == {"fa.txt", "en.txt"}
    assert search(case, "Kazemi-Nia").expansions == {"kazemi-nia": ["کاظمینیا"]}


def test_name_mode_finds_a_persian_compound_written_as_two_latin_words(
    case: Case, tmp_path: Path
) -> None:
    ingest_texts(case, tmp_path / "split", {
        "fa.txt": "دستور سید مرتضی کاظمی‌نیا به ایستگاه",
        "en.txt": "Instructions from S. M. Kazemi Nia to the station.",
        "other.txt": "Nia Kazemi was not there; Nia Long met Kazemi.",
    })
    assert found_names(case, "name:کاظمی‌نیا") >= {"fa.txt", "en.txt"}
    assert "other.txt" not in found_names(case, "name:کاظمی‌نیا")  # the parts, in that order


def test_the_document_page_marks_the_spellings_the_search_found(names_case: Case) -> None:
    """Bug 2: the search expands Soleimani to سلیمانی and marks it in the snippet; following
    the hit must mark it on the document page too (one prepared query drives both)."""
    doc_id = next(d.id for d in names_case.store.documents() if d.path.endswith("persian.txt"))
    with TestClient(create_app(names_case), base_url="http://127.0.0.1") as client:
        results = client.get("/search", params={"q": "Soleimani"}).text
        assert "<mark>سلیمانی</mark>" in results
        link = next(html.unescape(url) for url in re.findall(r'class="hit-link" href="([^"]+)"',
                                                             results)
                    if url.startswith(f"/documents/{doc_id}?"))
        assert "<mark>سلیمانی</mark>" in client.get(link).text
        # The JSON API marks the same spans, given the same query.
        record = client.get(f"/api/documents/{doc_id}", params={"q": "Soleimani"}).json()
        page = record["pages"][0]
        assert [page["text"][s:e] for s, e in page["highlights"]] == ["سلیمانی"]


# --- precision on a case (issue 10); every person here is invented ---------------------------

PRECISION_TEXTS = {
    # Tabarzani and Tabarzeni are two people (FICTIONAL_GROUP) whose names sound alike,
    # as Khamenei and Khomeini do; each is written after a title or a given name.
    "tabarzani-fa.txt": "سردار علی تبارزانی در جلسه شورای شهر سخن گفت.",
    "tabarzeni-fa.txt": "آیت‌الله تبرزنی سال گذشته در قم درگذشت. آقای تبرزنی شاگردان بسیار داشت.",
    "tabarzani-en.txt": "The envoy met General Tabarzani in Kabul on Monday.",
    # بتن (concrete) sounds like the name Betan, and is only ever an ordinary word here.
    "concrete.txt": "پل تازه با بتن و فولاد ساخته شد. بتن‌های این پروژه از کارخانه آمد.",
    "betan-en.txt": "The contractor, Mr Betan, denied the report.",
    # One compound written with a half-space, with a space (and Arabic letters), solid.
    "zwnj.txt": "گزارش سخنرانی رضایی‌نسب در کتاب‌خانه ملی",
    "space.txt": "گزارش سخنرانی رضايي نسب در کتاب خانه ملی",
    "solid.txt": "گزارش سخنرانی رضایینسب در کتابخانه ملی",
    # A several-word name is one name, not its words anywhere on the page.
    "darius-lay.txt": "The board heard that Darius Lay resigned on Friday.",
    "lay-words.txt": "Darius said they would lay the groundwork for the talks.",
}


FICTIONAL_GROUP = (("Tabarzani", "تبارزانی"), ("Tabarzeni", "تبرزنی"))


@pytest.fixture(scope="module")
def fictional_confusables() -> Iterator[None]:
    """The confusables table with a group of two invented people, as a newsroom would add
    one (the shipped table holds real people only)."""
    from kavosh.text.names import confusables

    def clear() -> None:
        confusables._person.cache_clear()
        confusables.different_people.cache_clear()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(confusables, "_GROUPS", (*confusables._GROUPS, FICTIONAL_GROUP))
        clear()
        yield
    clear()


@pytest.fixture(scope="module")
def precision_case(tmp_path_factory: pytest.TempPathFactory,
                   fictional_confusables: None) -> Iterator[Case]:
    from conftest import make_case

    root = tmp_path_factory.mktemp("precision")
    opened = make_case(root / "case", executor="inline")
    ingest_texts(opened, root / "in", PRECISION_TEXTS)
    yield opened
    opened.close()


def test_a_name_is_not_expanded_to_another_person_who_sounds_alike(precision_case: Case) -> None:
    """Bug (issue 10): Khamenei added خمینی (Khomeini) and half the hits were about him."""
    results = search(precision_case, "Tabarzani")
    assert results.expansions == {"tabarzani": ["تبارزانی"]}
    assert found_names(precision_case, "Tabarzani") == {"tabarzani-fa.txt", "tabarzani-en.txt"}
    assert "tabarzeni-fa.txt" not in found_names(precision_case, "name:Tabarzani")


def test_an_ordinary_word_is_not_added_to_a_name(precision_case: Case) -> None:
    """Bug (issue 10): Putin added بتن (concrete)."""
    assert search(precision_case, "Betan").expansions == {}
    assert found_names(precision_case, "Betan") == {"betan-en.txt"}


def test_a_several_word_name_must_stand_together(precision_case: Case) -> None:
    """Bug (issue 10): name:"Kenneth Lay" found "lay the groundwork"."""
    assert found_names(precision_case, 'name:"Darius Lay"') == {"darius-lay.txt"}


@pytest.mark.parametrize("query", ["رضایی‌نسب", "رضایی نسب", "رضایینسب", "رضايي نسب",
                                   "کتاب‌خانه", "کتاب خانه", "کتابخانه"])
def test_a_compound_matches_across_half_space_space_and_solid(precision_case: Case,
                                                              query: str) -> None:
    """Bug (issue 10): احمدی‌نژاد missed documents writing احمدي نژاد."""
    assert found_names(precision_case, query) == {"zwnj.txt", "space.txt", "solid.txt"}


def test_an_added_spelling_can_be_switched_off(precision_case: Case) -> None:
    results = search(precision_case, "Tabarzani -expand:تبارزانی")
    assert results.expansions == {}
    assert results.prepared.unexpanded == ("تبارزانی",)
    assert {Path(h.path).name for h in results.hits} == {"tabarzani-en.txt"}
    # Naming the word typed switches off all its spellings.
    assert search(precision_case, "Tabarzani -expand:Tabarzani").expansions == {}


def test_the_results_page_lists_spellings_with_counts_and_switches(precision_case: Case) -> None:
    with TestClient(create_app(precision_case), base_url="http://127.0.0.1") as client:
        page = client.get("/search", params={"q": "Tabarzani"}).text
        assert re.search(r"تبارزانی</bdi> \(1 صفحه\)", page)
        off = html.unescape(re.search(r'class="switch-off" href="([^"]+)"', page)[1])
        switched = client.get(off).text
        assert "tabarzani-fa.txt" not in switched and "tabarzani-en.txt" in switched
        on = html.unescape(re.search(r'class="switch-on" href="([^"]+)"', switched)[1])
        assert "tabarzani-fa.txt" in client.get(on).text
        # A document page is marked as the search read it: the spelling switched off is not.
        doc_id = next(d.id for d in precision_case.store.documents()
                      if d.path.endswith("tabarzani-fa.txt"))
        query = parse_qs(urlsplit(off).query)["q"][0]
        assert "<mark>" not in client.get(f"/documents/{doc_id}", params={"q": query}).text
        assert "<mark>تبارزانی</mark>" in client.get(f"/documents/{doc_id}",
                                                     params={"q": "Tabarzani"}).text


def test_the_command_line_lists_spellings_and_switches_them_off(precision_case: Case) -> None:
    from conftest import kavosh

    listed = kavosh("search", "--case", str(precision_case.root), "Tabarzani")
    assert "tabarzani-fa.txt" in listed.stdout
    assert "tabarzani → تبارزانی (1 pages)" in listed.stderr
    off = kavosh("search", "--case", str(precision_case.root), "Tabarzani",
                 "--no-expand", "تبارزانی")
    assert "tabarzani-fa.txt" not in off.stdout and "tabarzani-en.txt" in off.stdout


# --- recall: spellings the similarity rates low, keys that start apart (invented people) -----

RECALL_TEXTS = {
    # ترل is rated 0.87 for Traill (an English diphthong), below the automatic threshold, but
    # it is used as a name (after a title) and nothing else in the case sounds near it.
    "traill-fa.txt": "آقای ترل دیروز به تهران رسید و با خبرنگاران گفتگو کرد.",
    # French ch is ش: Charnac's key starts CH, شارناک's SH. No title: near-certain alone.
    "charnac-fa.txt": "سفر شارناک به منطقه به تعویق افتاد.",
}


def test_a_low_rated_persian_spelling_used_as_a_name_and_alone_is_added(case: Case,
                                                                         tmp_path: Path) -> None:
    """Bug (issue 10): Blair did not find بلر (0.87), Chirac not شیراک (key SHRK, not CHRK)."""
    ingest_texts(case, tmp_path / "in", RECALL_TEXTS)
    assert search(case, "Traill").expansions == {"traill": ["ترل"]}
    assert search(case, "Charnac").expansions == {"charnac": ["شارناک"]}
    assert found_names(case, "name:Charnac") == {"charnac-fa.txt"}


def test_a_foreign_given_name_the_labelled_data_knows_makes_the_next_word_a_name(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): translated news names foreigners by given name and surname, without a
    title (مایک پنس), and the hand list of given names knew few foreign ones, so a surname
    rated below the bar was never seen used as a name. The given names learnt from the
    labelled tweets (``scripts/given_names.py``: پیتر, مایک) are cues too."""
    ingest_texts(case, tmp_path / "in", {"bare-fa.txt": "ترل دیروز به تهران رسید."})
    assert search(case, "Traill").expansions == {}  # ترل, 0.87, is no name here yet
    ingest_texts(case, tmp_path / "in-2", {"peter-fa.txt": "پیتر ترل با خبرنگاران گفتگو کرد."})
    assert search(case, "Traill").expansions == {"traill": ["ترل"]}
    assert found_names(case, "Traill") == {"bare-fa.txt", "peter-fa.txt"}


def test_a_compound_given_name_written_joined_makes_the_next_word_a_name(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Persian writes a compound given name joined or with a half-space,
    which the index drops (عباسعلی مطلبی, سیدمحمدباقر عبادی), and the lists hold the common
    ones only, so a surname after another was never seen used as a name: Ebadi missed
    عبادی. A surname ending in یان (طاهریان) is no such compound. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {"surname-fa.txt": "طاهریان ترل دیروز به تهران رسید."})
    assert search(case, "Traill").expansions == {}  # ترل, 0.87, is no name here yet
    ingest_texts(case, tmp_path / "in-2", {
        "seyed-fa.txt": "سیدعباس‌علی ترل با خبرنگاران گفتگو کرد."})
    assert search(case, "Traill").expansions == {"traill": ["ترل"]}
    assert found_names(case, "Traill") == {"surname-fa.txt", "seyed-fa.txt"}


def test_a_given_name_is_no_spelling_of_a_surname_merely_near_it(case: Case,
                                                                  tmp_path: Path) -> None:
    """Bug (issue 10): Kosaner added الکساندر (0.87), alone at the top and used as a name, as
    every given name is wherever it stands: that says nothing of whose name it is. A given
    name is kept only near-certain (Alexander finds it). The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "fa.txt": "الکساندر کارتر دیروز به تهران رفت.",
        "en.txt": "Mr. Kosaner met the envoy in Basra.",
    })
    assert search(case, "Kosaner").expansions == {}
    assert search(case, "Alexander").expansions == {"alexander": ["الکساندر"]}


def test_a_token_of_two_scripts_is_no_spelling(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Toure added توریmp, a token a faulty text layer ran together from two
    scripts; no name is written so. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {"fa.txt": "آقای توریmp و آقای بوری به شهر آمدند."})
    assert search(case, "Toure").expansions == {}
    assert search(case, "Bouri").expansions == {"bouri": ["بوری"]}


def test_a_person_of_a_confusable_group_is_told_by_spellings_of_the_same_script(
        fictional_confusables: None) -> None:
    """Bug (issue 10): name:Khomeini added Khameini (a spelling of Khamenei in the cables):
    nearer خمینی than خامنه‌ای across scripts, nearer Khamenei than Khomeini in Latin."""
    from kavosh.text.names.confusables import different_people

    assert different_people("Tabarzani", "Tebarzeni")  # nearer Tabarzeni in Latin
    assert not different_people("Tabarzeni", "Tebarzeni")


def test_name_mode_adds_latin_spellings_of_the_same_sounds_written_in_capitals(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): name:Musharraf missed MUSHARAFF, which a cable writes in capitals only
    (not counted as used as a name) beside Musharaf (used as one)."""
    ingest_texts(case, tmp_path / "in", {
        "plain.txt": "The envoy met Minister Kelvani on Monday in Herat.",
        "doubled.txt": "Later that week Minister Kellvani left for Kabul.",
        "capitals.txt": "SUBJECT: MINISTER KELVANNI ARRIVES IN HERAT",
    })
    assert found_names(case, "name:Kelvani") == {"plain.txt", "doubled.txt", "capitals.txt"}


# --- context: the same person is written about with the same words (invented people) --------

_MINISTER = [
    "Water Minister Halvani opened the new irrigation dam near Herat on {day}.",
    "On {day} the dam engineers told Minister Halvani that the reservoir was full.",
    "Farmers thanked Minister Halvani for the irrigation canals finished on {day}.",
    "The reservoir of the Salma dam rose again, Minister Halvani said on {day}.",
    "Minister Halvani asked the irrigation board on {day} to release water to the farmers.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
CONTEXT_TEXTS = {
    **{f"minister-{i}.txt": _MINISTER[i % len(_MINISTER)].format(day=_DAYS[i % len(_DAYS)])
       for i in range(10)},
    # Halvaani sounds the same (a doubled vowel) and is capitalised, but it is another thing:
    # a weavers' cooperative, written about with other words (as Cameroon is for Cameron).
    **{f"cooperative-{i}.txt": f"Weavers of the {town} Halvaani cooperative sold cotton "
                               "carpets and looms at the bazaar."
       for i, town in enumerate(["Balkh", "Kunduz", "Taloqan"])},
    # One slip of the keyboard (l and a swapped), after a quote: not counted as a name use.
    "slip.txt": "\u201cThe dam will open,\u201d Halavni told the farmers, and the reservoir "
                "water will reach the irrigation canals.",
    "other.txt": "The bazaar was closed on Monday and the farmers went home.",
}


def test_name_mode_tells_a_name_from_a_word_that_sounds_alike_by_its_context(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): name:Cameron added Cameroon, name:Merkel Mercal (capitalised, sounding
    the same, but written about with other words), and missed the cables' Musahrraf (a slip,
    never written after a title)."""
    ingest_texts(case, tmp_path / "in", CONTEXT_TEXTS)
    found = found_names(case, "name:Halvani")
    assert {f"minister-{i}.txt" for i in range(10)} | {"slip.txt"} == found
    assert search(case, "name:Halvani").expansions == {"Halvani": ["halavni"]}


SHARE_TEXTS = {
    # نشان (a sign, a medal) is an ordinary word on four pages (and a fifth writes its
    # plural); one page writes it after a title (an invented Mr Neshan): a fifth of its pages
    # is no name.
    **{f"word-{i}.txt": text for i, text in enumerate([
        "این نشان روشنی از پیشرفت کار بود.",
        "نشان افتخار به ورزشکاران داده شد.",
        "همه نشان‌ها روی میز چیده شده بود.",
        "گزارش نشان می‌دهد که بارش کم شد.",
        "نشان ملی را به او دادند.",
    ])},
    "mister.txt": "آقای نشان دیروز به شهر آمد.",
}


def test_a_persian_word_used_as_a_name_on_a_fifth_of_its_pages_is_not_added(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Saleh added صلاح (*advisable*), written after a title on 2 of its 10
    pages: a tenth of them was taken as a name."""
    ingest_texts(case, tmp_path / "in", SHARE_TEXTS)
    assert search(case, "Neshan").expansions == {}
    assert found_names(case, "Neshan") == set()


VOWEL_TEXTS = {
    # Two fictional people whose surnames differ by where the long a is: صالحی (Salehi)
    # and صلاحی (Salahi), each used as a name (after a title).
    "first.txt": "آقای صالحی دیروز به تهران رسید و با خبرنگاران گفتگو کرد.",
    "second.txt": "آقای صلاحی دیروز از سفر مشهد بازگشت.",
}


def test_a_latin_e_is_not_the_long_a_of_another_name(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Salehi added صلاحی (Salahi): the Arabic-script final ه and the long ا
    were one sound, so a Latin ``e`` written for ه cost little for ا too. The final ه is a
    sound of its own now (ə), and a Latin ``e`` for ا costs what the data say."""
    from kavosh.text.names import name_similarity

    ingest_texts(case, tmp_path / "in", VOWEL_TEXTS)
    assert search(case, "Salehi").expansions == {"salehi": ["صالحی"]}
    # -eh after a consonant: a short e and an h (صالح), or the final ه (فاطمه, زاده),
    # never the sounds of -ah (صلاح).
    assert name_similarity("Saleh", "صالح") > name_similarity("Saleh", "صلاح") + 0.05
    assert name_similarity("Salah", "صلاح") > name_similarity("Salah", "صالح") + 0.05
    for latin, persian in [("Fatemeh", "فاطمه"), ("Alizadeh", "علیزاده"),
                           ("Khamenei", "خامنه‌ای"), ("Nasrallah", "نصرالله")]:
        assert name_similarity(latin, persian) >= 0.97, (latin, persian)


ARTICLE_TEXTS = {
    # Fictional people whose Latin spellings begin with what reads as an Arabic article
    # (al-, ol-) but whose Persian spellings have none: علاوندی for Allavandi, اولسپری for
    # Olsperi. The Latin word is keyed without the article (LVNDI, SBRI), the Persian with it.
    "allavandi-fa.txt": "آقای علاوندی دیروز به بغداد رفت و با وزیر دیدار کرد.",
    "allavandi-en.txt": "Mr. Allavandi travelled to Baghdad and met the minister.",
    "olsperi-fa.txt": "آقای اولسپری در نشست خبری سخن گفت.",
    "olsperi-en.txt": "Mr. Olsperi spoke at the press conference.",
}


@pytest.mark.parametrize("query, names", [
    ("name:Allavandi", {"allavandi-fa.txt", "allavandi-en.txt"}),
    ("Allavandi", {"allavandi-fa.txt", "allavandi-en.txt"}),
    ("name:علاوندی", {"allavandi-fa.txt", "allavandi-en.txt"}),
    ("name:Olsperi", {"olsperi-fa.txt", "olsperi-en.txt"}),
    ("name:اولسپری", {"olsperi-fa.txt", "olsperi-en.txt"}),
])
def test_a_latin_name_read_with_an_article_finds_the_persian_spelling_without_one(
        case: Case, tmp_path: Path, query: str, names: set[str]) -> None:
    """Bug (issue 10): name:Allawi missed علاوی (0.99) and name:Olmert اولمرت (0.98): the
    Latin word was keyed without its 'article' (LVI, MRT), the Persian with it (ALVI, ALMRT),
    and only the typed word's own key was looked in."""
    ingest_texts(case, tmp_path / "in", ARTICLE_TEXTS)
    assert found_names(case, query) == names


def test_a_surname_written_only_in_capitals_after_a_given_name_is_a_name(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Hosseini, Kazemi and Taheri, written by the cables in capitals only,
    were judged ordinary words (no capitalised use inside a sentence) and not expanded. A
    Latin title or given name before a word is a name use, as in Persian."""
    ingest_texts(case, tmp_path / "in", {
        "cable.txt": "SUBJECT: DEPUTY MINISTER MOHAMMAD ALI BARZEGANI VISITS BAGHDAD",
        "cable-2.txt": "2. ACCORDING TO MR. BARZEGANI THE TALKS WILL CONTINUE.",
        "fa.txt": "آقای برزگانی معاون وزیر به بغداد سفر کرد.",
    })
    assert search(case, "Barzegani").expansions == {"barzegani": ["برزگانی"]}
    assert found_names(case, "Barzegani") == {"cable.txt", "cable-2.txt", "fa.txt"}


def test_an_english_name_finds_its_persian_spelling_with_the_diphthong(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): a Latin i or y was read as the i of Arabic and Persian romanisations,
    so English names that Persian writes with ای were rated below words of another sound
    (Biden → بایدن 0.89, behind بیدین 0.98). The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "cable.txt": "Ambassador Tyler met Counsellor Hines and Governor Pike in Basra.",
        "fa.txt": "آقای تایلر با خانم هاینس و آقای پایک در بصره دیدار کرد.",
        "word.txt": "پیک نامه را آورد و تیلر در آن نبود.",
    })
    for typed, spelling in (("Tyler", "تایلر"), ("Hines", "هاینس"), ("Pike", "پایک")):
        assert spelling in search(case, typed).expansions.get(typed.lower(), []), typed
        assert "fa.txt" in found_names(case, typed)


def test_a_latin_b_is_never_the_persian_p() -> None:
    """Bug (issue 10): B and P were one sound across scripts, so Burns found پرنس (prince).
    Persian writes a b with ب; only Arabic writes a p with ب (بوتين)."""
    from kavosh.text.names import name_similarity

    assert name_similarity("Burns", "پرنس") < 0.92 <= name_similarity("Burns", "برنز")
    assert name_similarity("Putin", "بوتين") >= 0.92


def test_a_common_english_word_typed_in_lower_case_is_not_expanded(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): senate added صنعت (*industry*), onion عنون, oven اوین: a common English
    word typed in lower case is a word, even where the case capitalises it. Typed
    capitalised, or with name:, it is searched as a name. The person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "The envoy met Ellen Fisher of the Senate in Basra.",
        "fa.txt": "فرستاده با خانم الن فیشر در بصره دیدار کرد.",
        "industry.txt": "وزیر صنعت و معدن بودجه را به مجلس برد.",
    })
    assert search(case, "fisher").expansions == {}
    assert found_names(case, "fisher") == {"en.txt"}
    assert search(case, "senate").expansions == {}
    assert search(case, "Fisher").expansions == {"fisher": ["فیشر"]}
    assert search(case, "name:fisher").expansions == {"fisher": ["فیشر"]}
    assert found_names(case, "Fisher") == {"en.txt", "fa.txt"}
    # the reader is told, and offered the search as a name, on every face
    assert search(case, "fisher senate").prepared.as_words == ("fisher", "senate")
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        page = client.get("/search", params={"q": "fisher"}).text
        assert 'class="as-words"' in page and "fa.txt" not in page
        as_name = html.unescape(re.search(r'class="as-name" href="([^"]+)"', page)[1])
        assert parse_qs(urlsplit(as_name).query)["q"] == ["name:fisher"]
        assert "fa.txt" in client.get(as_name).text
        assert client.get("/api/search", params={"q": "fisher"}).json()["as_words"] == ["fisher"]
    from conftest import kavosh

    said = kavosh("search", "--case", str(case.root), "fisher").stderr
    assert "searched as a word, not a name: fisher" in said and "name:fisher" in said


def test_a_common_english_word_is_no_spelling_of_a_name(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): name:Kerry added ``query`` and name:Rice ``rise``: the same sounds, but
    everyday words. A spelling the case uses as a name is still added. The people are
    fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Dana Kerry answered the query about the rise in prices.",
        "misspelt.txt": "Later Dana Kery left for Basra.",
        "fa.txt": "خانم دانا کری به بصره رفت.",
    })
    added = search(case, "name:Kerry").expansions["Kerry"]
    assert "query" not in added
    assert {"kery", "کری"} <= set(added)
    assert "rise" not in search(case, "name:Rice").expansions.get("Rice", [])


def test_a_persian_everyday_word_is_no_spelling_of_a_name(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Aoun added الان (*now*) and Dostum دستم (*my hand*), each the best
    spelling in the case and never used as a name there; the labelled data knows them only as
    everyday words (kavosh.entities.lexicon). The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "General Rami Aoun and General Sami Dostum met in Mazar.",
        "fa.txt": "الان وقت آن است که دستم را بلند کنم و بگویم.",
        "fa-2.txt": "او گفت الان باید به شهر برگردیم.",
    })
    assert search(case, "Aoun").expansions == {}
    assert search(case, "Dostum").expansions == {}
    assert found_names(case, "Aoun") == {"en.txt"}


def test_english_sounds_are_read_as_persian_writes_them(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Roth missed روت, Scott اسکات, Jason جیسون, Collins کالینز, Zolghadr
    ذوالقدر. Persian writes an English th ت, a short o or u in a first syllable ا, an a
    before -es, -on or -ey ی, a final s after a voiced sound ز, and says the joined Arabic
    ذوال zol. The English readings are compared with Arabic script only: Burns is no Barnes.
    The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "fa.txt": "آقای هری روت و آقای دین اسکات و آقای جیسون کالینز و سردار مهدی ذوالقدر "
                  "به بصره رفتند.",
        "en.txt": "Mr. Dean Barnes stayed in Basra.",
    })
    for typed, written in (("Roth", "روت"), ("Scott", "اسکات"), ("Jason", "جیسون"),
                           ("Collins", "کالینز"), ("Zolghadr", "ذوالقدر")):
        assert search(case, typed).expansions == {typed.lower(): [written]}, typed
    assert found_names(case, "name:Burns") == set()


def test_two_translators_spellings_of_one_foreign_name_are_both_found(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Sullivan found neither سولیوان nor سالیوان, Edwards neither ادواردز nor
    ادواردس: two translations of the news spell the name each its own way, so two spellings
    come equally near the top, which read as two words of a common sound. A vowel letter in
    place of another, or a final s written س or ز, is the same name written twice. A short
    word with or without ا is not: حتمی (*certain*) is no second spelling of حاتمی. Nor
    did Spieck find اسپیک and سپیک, its s-cluster written with the vowel Persian puts
    before it and without. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "fa-1.txt": "سولیوان در نشست خبری گفت که ادواردز به لندن می‌رود و اسپیک نیز.",
        "fa-2.txt": "به گفته سالیوان، ادواردس و سپیک هفته آینده به پاریس خواهند رفت.",
        "fa-3.txt": "آقای حاتمی گفت این کار حتمی است و حتمی خواهد بود.",
    })
    assert sorted(search(case, "Sullivan").expansions["sullivan"]) == ["سالیوان", "سولیوان"]
    assert sorted(search(case, "Edwards").expansions["edwards"]) == ["ادواردز", "ادواردس"]
    assert search(case, "Hatami").expansions == {"hatami": ["حاتمی"]}
    assert sorted(search(case, "Spieck").expansions["spieck"]) == ["اسپیک", "سپیک"]


def test_a_persian_word_without_the_vowels_a_latin_name_shows_is_not_its_spelling(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Bashir added بشر (*mankind*), Olmert مرتع (*pasture*), Khalilzad
    خلیلزاده, Soltanieh سلطانی: each the best-rated word of the case, but without a vowel the
    Latin name shows (the long i of a last syllable, a first vowel, a last e). The people are
    fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Colonel Rafiq Bashir, Mr. Olmert and Mr. Khalilzad met Governor Soltanieh "
                  "and Mr. Rashid Hakim in Basra.",
        "words.txt": "حقوق بشر در مرتع و در شهر خلیلزاده و سلطانی و به حکم قاضی و رشد اقتصاد",
        "names.txt": "آقای رشید حکیم به بصره رفت.",
    })
    for typed in ("Bashir", "Olmert", "Khalilzad", "Soltanieh"):
        assert search(case, typed).expansions == {}, typed
    assert found_names(case, "Bashir") == {"en.txt"}
    assert search(case, "Hakim").expansions == {"hakim": ["حکیم"]}
    assert search(case, "Rashid").expansions == {"rashid": ["رشید"]}


def test_the_vowel_rules_keep_names_whose_short_vowels_go_unwritten() -> None:
    from kavosh.text.names.vowels import vowels_disagree

    for latin, written in (("Qasim", "قاسم"), ("Mohsin", "محسن"), ("Karzai", "کرزی"),
                           ("Putin", "پوتین"), ("Haniyeh", "هنیه"), ("Saleh", "صالح"),
                           ("Negroponte", "نگروپونته"), ("Omar", "عمر"), ("Obama", "اوباما"),
                           ("Kirchner", "کرشنر"), ("Musharraf", "مشرف"), ("Sharif", "shareef"),
                           ("Cheney", "چنی"), ("Zardari", "زرداری"), ("Emad", "عماد"),
                           ("Ezzat", "عزت"), ("Iraq", "عراق"), ("Ameri", "عامری")):
        assert not vowels_disagree(latin, written), (latin, written)
    assert vowels_disagree("Zardari", "زرد") and vowels_disagree("Rashid", "رشد")
    assert vowels_disagree("Ebadi", "عابدی")
    # a Latin final e after a consonant is silent or e, never the ی of another name
    assert vowels_disagree("Rice", "رییسی") and not vowels_disagree("Rice", "رایس")
    assert not vowels_disagree("Steve", "استیو") and not vowels_disagree("Jolie", "ژولی")
    # the long ā that spares a last short i is shown by a Latin a (Qasim), not by a u
    assert vowels_disagree("Ludin", "لادن") and not vowels_disagree("Tahir", "طاهر")
    from kavosh.text.names.spelling import digraph_unwritten

    # an English gh, silent or f, asks nothing; a kh read as k and h is allowed
    assert not any(digraph_unwritten(latin, written) for latin, written in (
        ("Leigh", "لی"), ("Vaughan", "ون"), ("Mogherini", "موگرینی"), ("Dehghan", "دهقان")))


def test_an_everyday_word_rated_higher_does_not_hide_the_name(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Sadr missed صدر (0.990, never after a title in the case) because صادر
    (*issued*, 0.991) was rated higher; an everyday word is no spelling, so it is not the
    best one either."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Followers of Sadr marched in Kufa.",
        "fa.txt": "هواداران جریان صدر در کوفه راهپیمایی کردند.",
        "words.txt": "حکم صادر شد و دستور صادر کردند.",
    })
    assert search(case, "Sadr").expansions == {"sadr": ["صدر"]}
    assert found_names(case, "Sadr") == {"en.txt", "fa.txt"}


def test_a_name_the_cables_write_only_in_capitals_is_still_expanded(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Hosseini, Taheri, Safavi, Zawahiri found no Persian spelling: the
    cables write them in capitals only, which is no name use, so the typed word was judged an
    ordinary word of the case. Only a common English word is ordinary so. The person is
    fictional."""
    ingest_texts(case, tmp_path / "in", {
        "cable.txt": "SUBJECT: DEHGHANPOUR VISIT POSTPONED\n2. DEHGHANPOUR WILL NOT TRAVEL.",
        "fa.txt": "سفر دهقانپور به تعویق افتاد.",
        "crop.txt": "The crop failed and they will lay off workers.",
        "crop-fa.txt": "کراپ و لی در این متن آمده است.",
    })
    assert search(case, "Dehghanpour").expansions == {"dehghanpour": ["دهقانپور"]}
    assert found_names(case, "Dehghanpour") == {"cable.txt", "fa.txt"}
    assert search(case, "Crop").expansions == {}


def test_a_name_also_finds_its_spelling_with_the_arabic_article(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Mahdi missed المهدی, Saud السعود: the same name with the article
    attached, as Arabic writes it. Not for short stems (البرز is no al-برز). The people are
    fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Colonel Fadel Tamimi met the envoy in Basra.",
        "fa.txt": "آقای تمیمی با فرستاده در بصره دیدار کرد.",
        "ar.txt": "العقيد فاضل التميمي التقى المبعوث في البصرة.",
        "alborz.txt": "کوه‌های البرز و سفر برز به تهران.",
    })
    assert search(case, "Tamimi").expansions == {"tamimi": ["تمیمی", "التمیمی"]}
    assert found_names(case, "Tamimi") == {"en.txt", "fa.txt", "ar.txt"}
    assert "البرز" not in search(case, "name:Barz").expansions.get("Barz", [])


def test_a_latin_name_finds_the_persian_spelling_its_key_files_elsewhere(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Tavakoli missed توکلی (0.94), Mekdad مقداد (0.96), Zayed زاید: the
    automatic expansion looked only in the typed word's two-sound bucket (TV, MK, ZY), and
    Persian files them under TK (و read as a vowel), MQ (ق), ZD (ی as a vowel); Ziaei missed
    ضیایی, filed under ZY (the ی of an i before a vowel is a y: Kianfar, KN, KY), Fuentes
    فوینتس under FV (the و of a u before a vowel: Guardino, GR, GV), and Tuyserkani
    تویسرکانی, Moyes مویس, Nauert نویرت under TV, MV, NV (the و of a u before a y, of an oy,
    of an au before a vowel). The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "The envoy met Hamid Tavakoli, Sami Mekdadi, Nima Kianfar and Paolo Guardino"
                  " in Basra, and Reza Buyserkani, Mr. Loyes and Ms. Hauert in Najaf.",
        "fa.txt": "آقای حمید توکلی و آقای سامی مقدادی و آقای کیانفر و آقای گواردینو به بصره"
                  " رفتند و آقای بویسرکانی و آقای لویس و خانم هویرت به نجف.",
    })
    assert search(case, "Buyserkani").expansions == {"buyserkani": ["بویسرکانی"]}  # BS, BV
    assert search(case, "Loyes").expansions == {"loyes": ["لویس"]}  # LS, LV
    assert search(case, "Hauert").expansions == {"hauert": ["هویرت"]}  # HR, HV
    assert search(case, "Tavakoli").expansions == {"tavakoli": ["توکلی"]}
    assert search(case, "Kianfar").expansions == {"kianfar": ["کیانفر"]}  # KN, KY
    assert search(case, "Guardino").expansions == {"guardino": ["گواردینو"]}  # GR, GV
    assert search(case, "Mekdadi").expansions == {"mekdadi": ["مقدادی"]}
    assert found_names(case, "Tavakoli") == {"en.txt", "fa.txt"}


def test_a_word_split_into_a_function_word_is_no_compound(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): مادر (*mother*) also found ما در (*we in*), آسمان (*sky*) اسم آن (*its
    name*): a split where a two-letter part is a function word makes two words, not one. A
    name's short part (فر) still splits. The person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "mother.txt": "مادر او دیروز به تهران رفت.",
        "we.txt": "ما در تهران ماندیم.",
        "sky.txt": "آسمان تهران صاف بود.",
        "its-name.txt": "اسم آن روستا را نمی‌دانم.",
        "split.txt": "آقای رضا کیانی فر به تهران رفت.",
        "solid.txt": "آقای رضا کیانیفر سخنرانی کرد.",
    })
    assert search(case, "مادر").expansions == {}
    assert found_names(case, "مادر") == {"mother.txt"}
    assert found_names(case, "آسمان") == {"sky.txt"}
    assert search(case, "کیانیفر").expansions == {"کیانیفر": ["کیانی فر"]}
    assert found_names(case, "کیانیفر") == {"split.txt", "solid.txt"}


def test_a_latin_th_finds_the_persian_t(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Thaksin missed تاکسین (0.96): a Latin th is keyed as ث (S), and a
    foreign name's th is written ت, filed under T. The person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "The envoy met Mr. Thorvik in Basra.",
        "fa.txt": "آقای تورویک به بصره رفت.",
    })
    assert search(case, "Thorvik").expansions == {"thorvik": ["تورویک"]}
    assert found_names(case, "Thorvik") == {"en.txt", "fa.txt"}


def test_a_capitalised_name_the_latin_text_holds_as_a_word_finds_its_persian_name(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Trump found no ترامپ: the cables hold *trump* only as a word, so the
    typed word was judged an ordinary word of the case. Typed capitalised, it still finds the
    spellings the case uses as names (after a title), not those kept without name use. The
    person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "A porter carried the bags to the hotel in Basra.",
        "fa.txt": "خانم پورتر به بصره رفت.",
    })
    assert search(case, "Porter").expansions == {"porter": ["پورتر"]}
    assert found_names(case, "Porter") == {"en.txt", "fa.txt"}
    assert search(case, "porter").expansions == {}


def test_a_latin_e_at_the_start_is_not_a_written_long_a(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Ebadi added عابدی (Abedi, another name, rated the same): no
    romanisation writes a first ā as e or i. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Parvin Ebadi met the envoy in Basra.",
        "fa.txt": "خانم پروین عبادی و آقای رضا عابدی به بصره رفتند.",
    })
    assert search(case, "Ebadi").expansions == {"ebadi": ["عبادی"]}


def test_a_persian_ai_and_a_hamza_seat_read_as_persian_writes_them(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Rajai missed رجایی (0.86) and Raisi رئیسی (0.86): a Latin final -ai
    is the ā of -āyī (ایی) as much as a diphthong, and the ی the normaliser writes for the
    hamza's seat (رئیسی → رییسی) has no sound of its own. Rated low, each was lost beside
    another name rated as low (کسری, ریشی). The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Nasrin Kasrai and Dariush Raisi met the envoy in Basra.",
        "fa.txt": "خانم کسرایی و آقای رئیسی به بصره رفتند.",
        # other people, who sound near enough to hide the names rated low beside them
        "others.txt": "آقای کسری و آقای ریشی در تهران ماندند.",
    })
    assert search(case, "Kasrai").expansions == {"kasrai": ["کسرایی"]}
    assert search(case, "Raisi").expansions == {"raisi": ["رییسی"]}
    assert found_names(case, "Raisi") == {"en.txt", "fa.txt"}


def test_a_latin_s_cluster_finds_the_persian_spelling_with_its_first_vowel(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Skocic missed اسکوچیچ (0.83), Stalin استالین (0.89): Persian writes a
    vowel before an initial s and consonant, which the scores and the buckets (keyed AS, not
    SK) did not expect. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Coach Marko Stanek met the envoy in Basra.",
        "fa.txt": "آقای استانک به بصره رفت.",
    })
    assert search(case, "Stanek").expansions == {"stanek": ["استانک"]}
    assert search(case, "name:Stanek").expansions == {"Stanek": ["استانک"]}
    assert found_names(case, "Stanek") == {"en.txt", "fa.txt"}


def test_a_name_merely_alike_to_a_confusable_person_is_not_his(fictional_confusables: None,
                                                               case: Case,
                                                               tmp_path: Path) -> None:
    """Bug (issue 10): Davarzani missed داورزنی: at 0.75 alike, Davarzani was taken for the
    table's Tabarzani and داورزنی for Tabarzeni, two people apart. A spelling of a person of
    the table is near it, not merely alike. The people are fictional."""
    from kavosh.text.names.confusables import different_people

    assert not different_people("Davarzani", "داورزنی")
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Kamyar Davarzani met the envoy in Basra.",
        "fa.txt": "آقای داورزنی به بصره رفت.",
    })
    assert search(case, "Davarzani").expansions == {"davarzani": ["داورزنی"]}


def test_a_latin_digraph_and_aei_ending_must_be_written(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Shahrokhi added شهرکی (Shahraki), Bagheri باکری (Bakeri), Safaei صفی
    (Safi): a romanised kh is خ, a gh before a vowel غ, ق or گ, and the e of -aei a letter
    before the last ی; other people's names that lack them are rated as high. The people
    are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Omid Shahrokhi, Nader Bagheri and Leila Safaei met the envoy in Basra.",
        "fa.txt": "آقای شاهرخی و آقای باقری و خانم صفایی به بصره رفتند.",
        "others.txt": "آقای شهرکی و آقای باکری و آقای صفی در تهران ماندند.",
    })
    assert search(case, "Shahrokhi").expansions == {"shahrokhi": ["شاهرخی"]}
    assert search(case, "Bagheri").expansions == {"bagheri": ["باقری"]}
    assert search(case, "Safaei").expansions == {"safaei": ["صفایی"]}


def test_a_name_written_two_ways_one_slip_apart_is_kept_both_ways(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Ibrahimovic missed ایبراهیموویچ (0.98) and its variant ایبراهموویچ
    (0.97): never after a title, and rated within a hair of each other, each was taken for a
    rival sound of the other. One slip apart, they are one name written twice. The person is
    fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Coach Luka Radakovic met the envoy in Basra.",
        "fa-1.txt": "راداکوویچ در بصره تمرین کرد.",
        "fa-2.txt": "تیم رادکوویچ در تهران بازی کرد.",
    })
    assert sorted(search(case, "Radakovic").expansions["radakovic"]) == ["راداکوویچ",
                                                                          "رادکوویچ"]
    assert found_names(case, "Radakovic") == {"en.txt", "fa-1.txt", "fa-2.txt"}


def test_two_letters_alike_and_a_russian_v_read_as_persian_writes_them(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Mojaddedi missed مجددی (0.86) and Kazantsev کازانتسوف (0.90): two
    consonant letters alike side by side are two consonants (Persian writes a doubled one
    once), not one; and a Russian final v sounds f, its e after ts often o, as Persian
    writes them. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Hamid Tajaddodi and Ilya Voronetsev met the envoy in Basra.",
        "fa.txt": "آقای تجددی و آقای ورونتسوف به بصره رفتند.",
        # other people, who sound near enough to hide the names rated low beside them
        "others.txt": "آقای تجدیدی و آقای ورونتس در تهران ماندند.",
    })
    assert search(case, "Tajaddodi").expansions == {"tajaddodi": ["تجددی"]}
    assert search(case, "Voronetsev").expansions == {"voronetsev": ["ورونتسوف"]}
    assert found_names(case, "Tajaddodi") == {"en.txt", "fa.txt"}


def test_a_word_with_the_suffix_ai_joined_is_no_name(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Ghaedi added غدهای (غده‌ای, *a gland*, rated 0.98 and alone at the
    top): the index joins the suffix ای to a word ending in ه, and the word itself is
    indexed. The person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Reza Ghaedi met the envoy in Basra.",
        "fa.txt": "پزشک غده‌ای در کبد بیمار یافت. این غده خطرناک نیست.",
    })
    assert search(case, "Ghaedi").expansions == {}


def test_a_latin_i_or_e_before_a_vowel_or_v_finds_the_persian_y(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Divsalar missed دیوسالار (0.95), Deora دیورا, Newberg نیوبرگ: the ی
    Persian writes before و or a vowel is read a consonant, so their keys start DY, NY, and
    the Latin words' buckets (DV, DR, NB) never held them. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Kaveh Rivandi and Ana Deoran met the envoy in Basra.",
        "fa.txt": "آقای ریوندی و خانم دیوران به بصره رفتند.",
    })
    assert search(case, "Rivandi").expansions == {"rivandi": ["ریوندی"]}
    assert search(case, "Deoran").expansions == {"deoran": ["دیوران"]}


def test_a_name_ending_in_an_alef_maksura_is_kept_written_both_ways(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Moqtada missed مقتدی and مقتدا, never after a title and rated the
    same: each was taken for a rival sound of the other. They are one name, its alef maksura
    written ی or ا (and مقتدی is read so now). The person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Mojtaba Ranjbar met the envoy in Basra.",
        "fa-1.txt": "مجتبی رنجبر در بصره بود.",
        "fa-2.txt": "سخنان مجتبا رنجبر در تهران.",
    })
    assert sorted(search(case, "Mojtaba").expansions["mojtaba"]) == ["مجتبا", "مجتبی"]
    assert found_names(case, "Mojtaba") == {"en.txt", "fa-1.txt", "fa-2.txt"}


def test_a_latin_i_persian_writes_is_not_left_out_for_an_a_it_does_not(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Majidi added ماجدی (Majedi, 0.97) beside مجیدی, Nasiri ناصری beside
    نصیری: both used as names, rated within the margin. A Persian romanisation writes its ī
    i and its short i e, so where the case holds the same consonants with the i written
    (ی) and with an ā instead, the second is another name. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Farhad Vakili met the envoy in Basra.",
        "fa-1.txt": "آقای وکیلی به بصره رفت.",
        "fa-2.txt": "آقای واکلی و خانم الواکلی در تهران ماندند.",
    })
    assert search(case, "Vakili").expansions == {"vakili": ["وکیلی"]}


def test_a_hamza_seat_after_alef_has_no_sound(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Naeini missed نائینی (normalised نایینی, 0.85), Raeiji راییجی: the ی
    the normaliser writes for the hamza's seat after ا was read as a second i. It is read
    both ways now (a y as well: پایین). The person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Sara Taeini met the envoy in Basra.",
        "fa.txt": "خانم تائینی به بصره رفت.",
    })
    assert search(case, "Taeini").expansions == {"taeini": ["تایینی"]}


def test_an_english_ow_finds_the_persian_av(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Powell rated پاول at the floor (0.85) and lost it when the costs were
    learnt again, Downer missed داونر (0.88): an English ow before a vowel, n, l or r is the
    /aʊ/ Persian writes او. The person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Senator Mark Howell met the envoy in Basra.",
        "fa.txt": "سناتور هاول به بصره رفت.",
        # another person, whose name the old reading rated higher
        "others.txt": "آقای هول در تهران ماند.",
    })
    assert search(case, "Howell").expansions == {"howell": ["هاول"]}


def test_a_portuguese_nh_finds_the_persian_ny(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Mourinho missed مورینیو (0.88): a Portuguese nh between vowels is the
    ny Persian writes نی. The person is fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Coach Paulo Tavinho met the envoy in Basra.",
        "fa.txt": "تاوینیو در بصره تمرین کرد.",
    })
    assert search(case, "Tavinho").expansions == {"tavinho": ["تاوینیو"]}


def test_a_glide_after_a_long_vowel_a_closed_e_and_a_mc_read_as_persian_writes_them(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Razmjouei missed رزمجویی (0.88) and Rouintan رویینتن (0.87, keyed RV,
    the Latin RN): a ی between و and ی is a glide, no sound of its own, and an ou before a
    vowel is written و; Mohebbi missed محبی beside مهیبی rated as high: an e before a doubled
    consonant is short, never ی; McKenzie missed مککنزی (0.87): Persian writes the prefix Mc
    مک apart, so the k that follows is written again. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Ali Jangjouei, Reza Rouinfar, Sina Moheddi and Ann McKellan met in Basra.",
        "fa.txt": "آقای جنگجویی و آقای رویین‌فر و آقای محدی و خانم مک‌کلن به بصره رفتند.",
        # other people, who sound near enough to hide the names rated low beside them
        "others.txt": "آقای جنگجو و آقای رینفر و آقای مهیدی در تهران ماندند.",
    })
    assert search(case, "Jangjouei").expansions == {"jangjouei": ["جنگجویی"]}
    assert search(case, "Rouinfar").expansions == {"rouinfar": ["رویینفر"]}
    assert search(case, "Moheddi").expansions == {"moheddi": ["محدی"]}
    assert search(case, "McKellan").expansions == {"mckellan": ["مککلن"]}


def test_a_latin_i_before_a_vowel_is_written(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Ghiami added قمی (Qomi, used as a name, 0.94) and missed قیامی, keyed
    QY where the Latin is keyed QM: an i between a consonant and a, o or u is written ی, so a
    word with no ی inside is no spelling of it (Ziari is not زارعی), and a first gh, one
    consonant, looks among the Y keys as any consonant does. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Dr. Omid Ghiabi met the envoy in Basra.",
        "fa.txt": "دکتر قیابی به بصره رفت.",
        "others.txt": "آقای قبی در تهران ماند.",
    })
    assert search(case, "Ghiabi").expansions == {"ghiabi": ["قیابی"]}


def test_a_runner_up_a_consonant_apart_is_another_name(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Shabani added شبانی beside شعبانی, rated the same: one letter apart,
    the near-certain rule took them for one name written twice. A long vowel written or not
    is that (ایبراهیموویچ, ایبراهموویچ); a consonant more, ع here, is another name. The
    people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Kamran Shabani met the envoy in Basra.",
        "fa-1.txt": "کامران شعبانی به بصره رفت.",
        "fa-2.txt": "گزارش شبانی از تهران.",
    })
    assert search(case, "Shabani").expansions == {"shabani": ["شعبانی"]}


def test_a_silent_waw_and_an_english_igh_read_as_persian_writes_them(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Khansari missed خوانساری (0.92, not alone), Salamatkhah سلامتخواه
    (0.92): Persian writes a و after خ before ا that it does not say (خواهر, khāhar);
    Highmore missed هایمور (0.74): an English igh before any consonant is /aɪ/, not only
    before a t. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Ali Nikkhahzadeh and Anne Highfield met the envoy in Basra.",
        "fa.txt": "آقای نیکخواه‌زاده و خانم هایفیلد به بصره رفتند.",
        # another person, whose name the old reading rated higher
        "others.txt": "آقای نیکخوزاده در تهران ماند.",
    })
    assert search(case, "Nikkhahzadeh").expansions == {"nikkhahzadeh": ["نیکخواهزاده"]}
    assert search(case, "Highfield").expansions == {"highfield": ["هایفیلد"]}


def test_a_latin_article_off_a_stem_too_short_is_no_reading(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Elahi added اهی, and name:Oliaei the Latin iaea (IAEA), both rated
    1.0: a Latin word starting al, el, ol or ul was also read without that article, and the
    stem left (ahi, iaei) has fewer than two consonants: no name. The people are
    fictional."""
    ingest_texts(case, tmp_path / "in", {
        "en.txt": "Sara Oliaei met the IAEA envoy in Basra. Mr. Elahi was there too.",
        "fa.txt": "آقای الهی به بصره رفت. گزارش اهی از تهران.",
    })
    assert search(case, "Elahi").expansions == {"elahi": ["الهی"]}
    assert "iaea" not in search(case, "name:Oliaei").expansions.get("Oliaei", [])


def test_a_french_ch_inside_a_latin_name_finds_the_persian_sh(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): French ``ch`` is ش inside a name too (Machnouk, المشنوق), but only a
    key starting ``CH`` looked among ``SH`` keys, so Dachrani (key DCHRN) never met دشرانی
    (DSHRN) though they score as one name. The person is fictional."""
    ingest_texts(case, tmp_path / "in", {"fa.txt": "آقای دشرانی دیروز به بیروت رفت."})
    assert search(case, "Dachrani").expansions == {"dachrani": ["دشرانی"]}
    assert found_names(case, "Dachrani") == {"fa.txt"}


def test_a_foreign_name_takes_no_spelling_with_arabic_letters_of_its_own(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Comey added قمی (*of Qom*, 0.94), Zoellick ذلک (*that*), Petrie بطری
    (*bottle*): Persian writes a European name with the letters of the nearest common sounds,
    never with those Arabic keeps for its own (ق ع ح ص ض ط ظ ذ ء), which a name of Arabic or
    Persian origin takes (Qomi قمی). The people are fictional."""
    ingest_texts(case, tmp_path / "in", {"fa.txt": "آقای قمی دیروز به بصره رفت."})
    assert search(case, "Komey").expansions == {}
    assert search(case, "Qomi").expansions == {"qomi": ["قمی"]}


def test_a_foreign_name_written_with_its_vowels_or_without_is_one_name(
        case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Vettel missed وتل, ویتل and وتیل, Verstappen ورستاپن and ویرستاپین:
    two spellings as close as each other were taken for ordinary words of a common sound, but
    translators write a foreign name's short vowels as each hears them. A Persian or Arabic
    name's vowel letters are no such choice (خاتمی, ختمی *of a mallow*), so only for a name
    whose letters say it is foreign. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "a.txt": "وتنر در دور دوم مسابقه از همه جلو افتاد.",
        "b.txt": "ویتنر پس از مسابقه گفت که راضی است.",
        "c.txt": "هالند پس از مسابقه به هلند رفت.",
    })
    assert sorted(search(case, "Vettner").expansions["vettner"]) == ["وتنر", "ویتنر"]
    # but a place of the gazetteer is a word of its own (هلند, Holland), not a spelling
    assert search(case, "Hollend").expansions == {}


@pytest.mark.parametrize(("typed", "written"), [("Rosenhof", "روزنهوف"),
                                                ("Gerling", "جرلینگ")])
def test_an_s_between_vowels_and_a_soft_g_are_looked_for_as_persian_writes_them(
        case: Case, tmp_path: Path, typed: str, written: str) -> None:
    """Bug (issue 10): Rosenstein and Eisenhower never met روزنستین, ایزنهاور (keyed RZ, AZ
    against RS, AS), nor Gerrard جرارد (JR against GR), though each scores as the same name:
    an s between vowels is said z, and a g before e, i or y j. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {"fa.txt": f"{written} دیروز به بصره رفت."})
    assert search(case, typed).expansions == {typed.lower(): [written]}


def test_a_foreign_names_short_e_written_as_dari_writes_it(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Tellis missed تیلیس, Ferrell فیریل: an e before a doubled consonant is
    short and a Persian or Arabic name never writes it ی (Mohebbi محبی, not مهیبی), but Dari
    writes a foreign name's every e so. The people are fictional."""
    ingest_texts(case, tmp_path / "in", {
        "prs.txt": "تیلمن در دور دوم مسابقه جلو افتاد.",
        "fa.txt": "آقای مهیبیان دیروز به بصره رفت.",
    })
    assert search(case, "Tellman").expansions == {"tellman": ["تیلمن"]}
    assert search(case, "Mohebbian").expansions == {}  # a Persian name: مهیبیان is another


def test_a_doubled_a_of_an_arabic_name_finds_the_ayn_it_marks(case: Case, tmp_path: Path) -> None:
    """Bug (issue 10): Arabic romanised writes the ع between two a's as a doubled a (Saad
    سعد, Meshaal مشعل, Ashaal الاشعل), which was read as a long a Persian writes ا: Shaalan
    took شالان, a village, over شعلان (0.90), and Saad found nothing between سعد and سد
    (*dam*), both 0.87. The ع is read where it is written, and only there. The people are
    fictional."""
    ingest_texts(case, tmp_path / "in", {
        "shaalan-fa.txt": "آقای شعلان دیروز به تهران رسید.",
        "village-fa.txt": "روستای شالان در کنار رود است.",
        "saad-fa.txt": "آقای سعد با خبرنگاران گفتگو کرد.",
        "dam-fa.txt": "آب پشت سد کرج کم شده است.",
    })
    assert search(case, "Shaalan").expansions == {"shaalan": ["شعلان"]}
    assert search(case, "Saad").expansions == {"saad": ["سعد"]}
    assert found_names(case, "Saad") == {"saad-fa.txt"}
