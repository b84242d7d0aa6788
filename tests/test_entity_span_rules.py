"""The span rules after the crf model (kavosh.entities.span_rules, span rules 5): each rule on
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


# span rules 5: organisations' and people's bounds in news (the people are fictional)

def test_a_name_ends_before_its_verb_and_before_a_preposition_and_a_place() -> None:
    assert _apply("سپس فدراسیون آمد و گفت .", [("ORG", "فدراسیون آمد")]) == []
    text = "کمیسیون مشترک اقتصادی با ترکیه تشکیل شد ."
    assert _apply(text, [("ORG", "کمیسیون مشترک اقتصادی با ترکیه")]) == [
        ("ORG", "کمیسیون مشترک اقتصادی"), ("LOC", "ترکیه")]
    # a preposition before no place may be part of the name
    text = "ستاد مبارزه با مواد مخدر اعلام کرد ."
    assert _apply(text, [("ORG", "ستاد مبارزه با مواد مخدر")]) == [
        ("ORG", "ستاد مبارزه با مواد مخدر")]


def test_offices_after_and_belong_to_the_next_body() -> None:
    text = "معاونان وزارت نیرو و مسئولان استانداری کرمان از طرح حمایت کردند ."
    assert _apply(text, [("ORG", "وزارت نیرو و مسئولان استانداری کرمان")]) == [
        ("ORG", "وزارت نیرو"), ("ORG", "استانداری کرمان")]
    # «و» between two words of one name is no boundary
    text = "کمیسیون امنیت ملی و سیاست خارجی مجلس تشکیل جلسه داد ."
    assert _apply(text, [("ORG", "کمیسیون امنیت ملی و سیاست خارجی مجلس")]) == [
        ("ORG", "کمیسیون امنیت ملی و سیاست خارجی مجلس")]


def test_a_name_that_reached_its_place_ends_before_and() -> None:
    text = "سازمان فرهنگی شهرداری اصفهان و امور بانوان استانداری برگزار کردند ."
    assert _apply(text, [("ORG", "سازمان فرهنگی شهرداری اصفهان و امور بانوان استانداری")]) == [
        ("ORG", "سازمان فرهنگی شهرداری اصفهان"), ("ORG", "امور بانوان استانداری")]
    # «و» between two places, or inside a place, is part of the name
    for name in ("اتاق بازرگانی ایران و چین", "هیئت کشتی سیستان و بلوچستان"):
        assert _apply(f"{name} تشکیل جلسه داد .", [("ORG", name)]) == [("ORG", name)]


def test_a_team_is_named_without_team_and_its_sport() -> None:
    text = "تیم فوتبال پیکان تهران مقابل تیم ملی والیبال بازی کرد ."
    assert _apply(text, [("ORG", "تیم فوتبال پیکان تهران"), ("ORG", "تیم ملی والیبال")]) == [
        ("ORG", "پیکان تهران")]
    assert _apply("تیم فوتبال لاتزیو برد .", [("PER", "لاتزیو")]) == [("ORG", "لاتزیو")]
    assert _apply("کاپیتان تیم آرش ملکی برد .", [("PER", "آرش ملکی")]) == [("PER", "آرش ملکی")]
    assert _apply("باشگاه پرسپولیس برد .", [("ORG", "باشگاه پرسپولیس")]) == [
        ("ORG", "باشگاه پرسپولیس")]


def test_a_head_right_before_an_organisation_is_its_first_word() -> None:
    assert _apply("نماینده سازمان یونسکو آمد .", [("ORG", "یونسکو")]) == [
        ("ORG", "سازمان یونسکو")]
    # news names a paper or a site alone
    assert _apply("به نوشته روزنامه گاردین ، طرح لغو شد .", [("ORG", "گاردین")]) == [
        ("ORG", "گاردین")]


def test_a_countrys_state_and_money_are_the_country() -> None:
    text = "دولت فرانسه به دینار عراق پرداخت کرد ."
    assert _apply(text, [("ORG", "دولت فرانسه"), ("ORG", "دینار عراق")]) == [
        ("LOC", "فرانسه"), ("LOC", "عراق")]
    assert _apply("او به رئال مادرید رفت .", [("ORG", "رئال مادرید")]) == [
        ("ORG", "رئال مادرید")]


def test_numbered_counted_and_quoted_organisations() -> None:
    text = "شعبه ثابت شماره 12 ، مسجد جامع"
    assert _apply(text, [("ORG", "شعبه ثابت")]) == []
    assert _apply("حساب بانک ملی شماره 12 است .", [("ORG", "بانک ملی")]) == [
        ("ORG", "بانک ملی")]  # a listed organisation stays
    text = "وجود دو صندوق حمایت از کشاورزان و هر دفتر خدمات روستایی"
    assert _apply(text, [("ORG", "صندوق حمایت از کشاورزان"), ("ORG", "دفتر خدمات روستایی")]
                  ) == []
    text = "بیانیه « شورای همکاری منطقه‌ای » منتشر شد ."
    assert _apply(text, [("ORG", "شورای همکاری")]) == [("ORG", "شورای همکاری منطقه‌ای")]


def test_an_imams_name_in_a_place_and_a_news_desk_are_no_names() -> None:
    text = "او در بیمارستان امام رضا ( ع ) بستری شد ."
    assert _apply(text, [("PER", "رضا")]) == []
    assert _apply("امام رضا ( ع ) فرمود .", [("PER", "رضا")]) == [("PER", "رضا")]
    text = "به گزارش سرویس سیاسی خبرگزاری مهر ، جلسه لغو شد ."
    assert _apply(text, [("ORG", "سرویس سیاسی خبرگزاری مهر")]) == [("ORG", "خبرگزاری مهر")]


def test_a_club_named_by_a_noun_is_the_club_only_in_sport() -> None:
    text = "دفاع از استقلال کشور وظیفه همه است ."
    assert _apply(text, [("ORG", "استقلال")]) == []
    text = "استقلال در هفته دهم لیگ برتر برد ."
    assert _apply(text, [("ORG", "استقلال")]) == [("ORG", "استقلال")]


def test_a_person_before_an_office_and_after_a_whole_title() -> None:
    text = "رامین صدری معاون فنی سازمان بنادر و دریانوردی گفت : کار تمام شد ."
    assert _apply(text, [("ORG", "رامین صدری معاون فنی سازمان بنادر و دریانوردی")]) == [
        ("PER", "رامین صدری"), ("ORG", "سازمان بنادر و دریانوردی")]
    text = "با حجت‌الاسلام والمسلمین مرحوم کاوه رنجبر دیدار شد ."
    assert _apply(text, [("PER", "کاوه رنجبر")]) == [("PER", "کاوه رنجبر")]
    # a count before a head and a place: places, not one organisation
    assert _apply("سه نیروگاه بزرگ ایران فعال است .", [("LOC", "ایران")]) == [("LOC", "ایران")]


def test_a_county_is_named_without_the_word_county() -> None:
    text = "مردم شهرستان بهشهر و شهر ری و استان کرمان آمدند ."
    assert _apply(text, [("LOC", "شهرستان بهشهر"), ("LOC", "شهر ری"), ("LOC", "استان کرمان")]
                  ) == [("LOC", "بهشهر"), ("LOC", "شهر ری"), ("LOC", "استان کرمان")]


def test_a_company_form_a_branchs_place_and_a_head_before_a_preposition() -> None:
    text = "مدیرعامل شرکت سهامی برق منطقه‌ای یزد گفت ."
    assert _apply(text, [("ORG", "برق منطقه‌ای یزد")]) == [
        ("ORG", "شرکت سهامی برق منطقه‌ای یزد")]
    text = "نمایندگان دانشگاه پیام نور و واحدهای کرمان آمدند ."
    assert _apply(text, [("ORG", "دانشگاه پیام نور و واحدهای کرمان")]) == [
        ("ORG", "دانشگاه پیام نور"), ("LOC", "کرمان")]
    assert _apply("تصمیم کمیته در آینده روشن می‌شود .", [("ORG", "کمیته در آینده")]) == []
