"""The span rules after the crf model (kavosh.entities.span_rules, span rules 3): each rule on
the spans a model could give for a news sentence, and the finder's output on sentences whose
names the shipped model alone cuts wrong. The people are fictional."""

from __future__ import annotations

from kavosh.entities import find_entities, gazetteer, span_rules
from kavosh.entities.base import Found
from kavosh.entities.crf import _LISTS, _family_names, _lines, tokenize

Named = tuple[str, str]  # (type, the span's words joined by spaces)


def _apply(text: str, model: list[Named]) -> list[Named]:
    """The rules' spans for ``text`` when the model found ``model`` (each phrase's first
    occurrence), as (type, phrase)."""
    norms = [t.norm for t in tokenize(text)]
    words = [t for t in text.split()]
    assert len(words) == len(norms), "write the test sentence with spaces between tokens"
    spans = []
    for kind, phrase in model:
        part = phrase.split()
        first = next(i for i in range(len(words)) if words[i:i + len(part)] == part)
        spans.append((first, first + len(part), kind))
    found = span_rules.apply(norms, spans, gazetteer.matches(norms), _LISTS)
    return [(kind, " ".join(words[a:b])) for a, b, kind in found]


def test_a_span_neither_starts_nor_ends_with_a_function_word() -> None:
    text = "دیدار با و رضا کاظمی در تهران ، انجام شد ."
    assert _apply(text, [("PER", "و رضا کاظمی در"), ("LOC", "تهران ،")]) == [
        ("PER", "رضا کاظمی"), ("LOC", "تهران")]


def test_titles_stay_outside_a_persons_name_but_seyyed_is_part_of_it() -> None:
    text = "سردار بهروز تقوی‌پور و حجت الاسلام سید مرتضی کاظمی‌نیا آمدند ."
    assert _apply(text, [("PER", "سردار بهروز تقوی‌پور"),
                         ("PER", "حجت الاسلام سید مرتضی کاظمی‌نیا")]) == [
        ("PER", "بهروز تقوی‌پور"), ("PER", "سید مرتضی کاظمی‌نیا")]
    # an office of several words is no one's name («رهبری» of «مقام معظم رهبری»)
    assert _apply("فرمان مقام معظم رهبری اجرا شد .", [("PER", "رهبری")]) == []


def test_an_organisation_starts_at_its_head() -> None:
    text = "به گزارش خبرنگار ورزشی خبرگزاری فارس ، بازی لغو شد ."
    assert _apply(text, [("ORG", "ورزشی خبرگزاری فارس")]) == [("ORG", "خبرگزاری فارس")]


def test_a_listed_name_of_several_words_is_found_whole() -> None:
    text = "اجلاس شورای حکام آژانس بین‌المللی انرژی اتمی و جنبش عدم تعهد برگزار شد ."
    assert _apply(text, [("ORG", "آژانس بین‌المللی انرژی")]) == [
        ("ORG", "شورای حکام آژانس بین‌المللی انرژی اتمی"), ("ORG", "جنبش عدم تعهد")]


def test_an_organisation_named_by_head_and_place_is_one_organisation() -> None:
    text = "کارکنان شهرداری شیراز و دانشگاه علوم پزشکی تبریز و آکادمی علوم نیویورک آمدند ."
    assert _apply(text, [("LOC", "شیراز"), ("ORG", "دانشگاه علوم پزشکی"), ("LOC", "تبریز"),
                         ("LOC", "نیویورک")]) == [
        ("ORG", "شهرداری شیراز"), ("ORG", "دانشگاه علوم پزشکی تبریز"),
        ("ORG", "آکادمی علوم نیویورک")]
    # but a place that is the verb's object, or a count of universities, stays a place
    assert _apply("شورای امنیت ایران را تحریم کرد .", [("ORG", "شورای امنیت"),
                                                     ("LOC", "ایران")]) == [
        ("ORG", "شورای امنیت"), ("LOC", "ایران")]
    assert _apply("در 200 دانشگاه آمریکا تدریس می‌شود .", [("LOC", "آمریکا")]) == [
        ("LOC", "آمریکا")]


def test_the_name_after_an_honorific_is_a_person() -> None:
    text = "وی با حجت الاسلام قمی و آقای علی رضایی دیدار کرد ."
    assert _apply(text, []) == [("PER", "قمی"), ("PER", "علی رضایی")]
    assert _apply("آقای رئیس گفت .", []) == []  # an office, not a name


def test_abu_is_part_of_the_name() -> None:
    assert _apply("ابو حیدر الساعدی آمد .", [("PER", "حیدر الساعدی")]) == [
        ("PER", "ابو حیدر الساعدی")]
    # a kunya and a nisba are a name even when the model missed it (Arabic letters too)
    assert _apply("ارتباط با ابوحيدر الساعدي قطع شد .", []) == [("PER", "ابوحيدر الساعدي")]
    assert _apply("ابو مهدی المهندس آمد .", []) == [("PER", "ابو مهدی المهندس")]


def test_a_bare_head_is_no_organisation_and_two_joined_by_and_are_two() -> None:
    text = "در محل شهرداری این منطقه ، سازمان فرهنگی شهرداری تهران و شهرداری اصفهان آمدند ."
    assert _apply(text, [("ORG", "شهرداری"),
                         ("ORG", "سازمان فرهنگی شهرداری تهران و شهرداری اصفهان")]) == [
        ("ORG", "سازمان فرهنگی شهرداری تهران"), ("ORG", "شهرداری اصفهان")]


def test_an_organisation_ends_before_in_and_a_place() -> None:
    text = "از : سفارت جمهوری اسلامی ایران در دمشق"
    assert _apply(text, [("ORG", "سفارت جمهوری اسلامی ایران در دمشق")]) == [
        ("ORG", "سفارت جمهوری اسلامی ایران"), ("LOC", "دمشق")]
    text = "به نهاد نمایندگی رهبری در دانشگاه ها مراجعه کنید ."
    assert _apply(text, [("ORG", "نهاد نمایندگی رهبری در دانشگاه ها")]) == [
        ("ORG", "نهاد نمایندگی رهبری در دانشگاه ها")]


def test_the_word_after_an_office_of_a_place_is_the_place() -> None:
    assert _apply("شهردار قمصر افزود .", [("PER", "قمصر")]) == [("LOC", "قمصر")]


def test_a_family_name_before_a_verb_of_speech_is_a_person() -> None:
    text = "هارتلی در ادامه گفت : وی نیز افزود که کار ادامه دارد ."
    assert _apply(text, []) == [("PER", "هارتلی")]
    # the other ways news says it, as a clause opens; a pronoun or an office is no one's name
    for text in ("سلیمانی‌فر متذکر شد : طرح ادامه دارد .",
                 "سلیمانی‌فر ابراز داشت : طرح ادامه دارد .",
                 "سلیمانی‌فر با بیان اینکه طرح ادامه دارد ، افزود : کار تمام می‌شود .",
                 "در این جلسه ، سلیمانی‌فر با اشاره به طرح ، گفت : کار تمام می‌شود .",
                 "سلیمانی‌فر در عین حال افزود : طرح ادامه دارد ."):
        assert _apply(text, []) == [("PER", "سلیمانی‌فر")], text
    for text in ("وی با بیان اینکه طرح ادامه دارد ، افزود : کار تمام می‌شود .",
                 "وزیر با اشاره به طرح گفت : کار تمام می‌شود .",
                 "این گزارش با اشاره به طرح می‌افزاید : کار تمام می‌شود ."):
        assert _apply(text, []) == [], text


def test_the_finder_applies_the_rules() -> None:
    text = "برنده جایزه آکادمی علوم نیویورک با حجت الاسلام قمی دیدار کرد ."
    assert {(m.type, m.text) for m in find_entities(text, "fas")
            if m.finder.name == "crf"} == {("ORG", "آکادمی علوم نیویورک"), ("PER", "قمی")}


def test_a_family_name_alone_is_the_person_named_in_full_in_the_same_text() -> None:
    text = "اگر هارتلی شکست بخورد ، ویلیام هارتلی باید استعفا دهد ."
    full = text.index("ویلیام")
    found = [Found(full, full + len("ویلیام هارتلی"), "PER", 0.9)]
    lines = [(line, [t.norm for t in tokenize(text)]) for line in _lines(text)]
    again = _family_names(text, found, lines)
    assert [(text[f.start:f.end], f.type) for f in again] == [("هارتلی", "PER")]
    # a name the model doubts lends nothing
    doubted = [Found(full, full + len("ویلیام هارتلی"), "PER", 0.5)]
    assert _family_names(text, doubted, lines) == []
