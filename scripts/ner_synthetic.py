"""Formal-news sentences made from hand-written templates, for training the ``crf`` model.

persian-twitter-ner, the only labelled Persian data Kavosh may train on, is informal; the
archives Kavosh reads are news and cables. These templates, written for this project, put
people, organisations and places in the contexts of formal news (titles before names, an
organisation's head word, «به گزارش …», «در …») so the model learns those contexts too. The
slots are filled from Kavosh's own gazetteer (``kavosh/entities/data/gazetteer.tsv``) and the
Wikidata name words (CC0), with surnames made from Persian stems and suffixes. A seeded
``random.Random`` makes the same sentences on every run (reproducible training).

Slots: ``{PER}`` a person, ``{ORG}`` an organisation, ``{LOC}`` a place, ``{NEWS}`` a news
agency, ``{TITLE}`` a title or role (outside the person's span), ``{N}`` a number.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence

from kavosh.entities.crf import TOKEN, name_words, packaged_model
from kavosh.entities.gazetteer import FILE

TEMPLATES = """
به گزارش {NEWS} ، {TITLE} {PER} در دیدار با {TITLE} {PER} بر گسترش روابط {LOC} و {LOC} تاکید کرد .
{TITLE} {PER} روز {DAY} در {LOC} گفت : {ORG} برنامه‌ای برای این کار ندارد .
{PER} ، {TITLE} {ORG} ، در گفت‌وگو با خبرنگار {NEWS} اظهار داشت : این طرح تا پایان سال اجرا می‌شود .
به گزارش {NEWS} از {LOC} ، {PER} {TITLE} {ORG} افزود : {N} طرح در دست اجراست .
وی افزود : {ORG} آماده همکاری با {ORG} در زمینه‌های علمی و فرهنگی است .
{TITLE} {ORG} امروز با {TITLE} {LOC} در {LOC} دیدار و گفت‌وگو کرد .
{PER} که به {LOC} سفر کرده است ، قرار است با مقامات {ORG} دیدار کند .
سفیر {LOC} در {LOC} با حضور در {ORG} با {PER} دیدار کرد .
{TITLE} {PER} در نشست خبری امروز گفت : مذاکرات با {LOC} ادامه دارد .
این گزارش می‌افزاید {ORG} در {LOC} حدود {N} نفر را بازداشت کرده است .
{PER} روز گذشته در {LOC} درگذشت .
مراسم بزرگداشت {TITLE} {PER} با حضور {TITLE} {PER} در {LOC} برگزار شد .
{TITLE} {PER} به عنوان {TITLE} جدید {ORG} منصوب شد .
با حکم {TITLE} {PER} ، {PER} به سمت {TITLE} {ORG} منصوب شد .
{ORG} در بیانیه‌ای حمله به {LOC} را محکوم کرد .
نیروهای {ORG} شهر {LOC} را پس از {N} روز درگیری آزاد کردند .
{PER} با {N} گل بهترین گلزن {ORG} در این فصل است .
{ORG} در دیداری سخت {ORG} را با نتیجه {N} بر {N} شکست داد .
سرمربی {ORG} گفت : {PER} در بازی با {ORG} غایب است .
{PER} ، بازیکن {ORG} ، با قراردادی {N} ساله به {ORG} پیوست .
{TITLE} {PER} در سفر به {LOC} از طرح‌های عمرانی این شهرستان بازدید کرد .
{TITLE} {LOC} گفت : امسال {N} هزار تن گندم در این استان خریداری شده است .
{TITLE} {ORG} از افزایش {N} درصدی صادرات به {LOC} خبر داد .
به گفته {PER} ، {ORG} تا پایان سال {N} هزار واحد مسکونی در {LOC} می‌سازد .
{PER} در {LOC} به دنیا آمد و در {ORG} تحصیل کرد .
{PER} ، نویسنده و پژوهشگر {LOC} ، در سن {N} سالگی درگذشت .
وزیر امور خارجه {LOC} در تماس تلفنی با همتای {LOC} خود درباره تحولات {LOC} گفت‌وگو کرد .
{TITLE} {PER} در پیامی درگذشت {TITLE} {PER} را تسلیت گفت .
نماینده مردم {LOC} در {ORG} گفت : مشکل آب این منطقه باید حل شود .
{ORG} و {ORG} تفاهم‌نامه همکاری امضا کردند .
خبرگزاری {NEWSNAME} به نقل از {PER} نوشت : {LOC} آماده گفت‌وگو با {LOC} است .
{PER} پیش از این {TITLE} {ORG} بود .
به گزارش {NEWS} ، نشست مشترک {ORG} و {ORG} در محل {ORG} برگزار شد .
{TITLE} {PER} در حاشیه این مراسم به خبرنگاران گفت : {ORG} از این طرح حمایت می‌کند .
دادگاه رسیدگی به اتهامات {PER} در {LOC} برگزار شد .
{PER} و {PER} در این جلسه درباره همکاری‌های {LOC} و {LOC} گفت‌وگو کردند .
{TITLE} {PER} روز {DAY} وارد {LOC} شد و با استقبال {TITLE} {PER} روبه‌رو شد .
{ORG} اعلام کرد پرواز‌های {LOC} به {LOC} از هفته آینده از سر گرفته می‌شود .
گروه موسیقی {PER} در {LOC} کنسرت برگزار می‌کند .
فیلم تازه {PER} در جشنواره {LOC} به نمایش درآمد .
{PER} گفت : با {PER} تماس گرفتم ولی پاسخی نداد .
رئیس {ORG} از برگزاری انتخابات {ORG} در {LOC} خبر داد .
{TITLE} {PER} ، {TITLE} {LOC} ، روز {DAY} با {TITLE} {PER} دیدار کرد .
این کالا‌ها از طریق بندر {LOC} به {LOC} و {LOC} صادر می‌شود .
{ORG} در سال {N} در {LOC} تاسیس شد .
{PER} همچنین از عملکرد {ORG} انتقاد کرد .
به گزارش {NEWS} ، {PER} اظهار کرد : جوانان {LOC} باید در انتخابات شرکت کنند .
{TITLE} {PER} امام جمعه {LOC} در خطبه‌های نماز جمعه گفت : وحدت رمز پیروزی است .
زلزله‌ای به بزرگی {N} ریشتر {LOC} را لرزاند .
{N} نفر در تصادف جاده {LOC} به {LOC} کشته شدند .
{ORG} با انتشار بیانیه‌ای از مواضع {PER} حمایت کرد .
{PER} تصریح کرد : {ORG} باید پاسخگوی مردم {LOC} باشد .
{PER} با اشاره به مشکلات {LOC} افزود : این مشکلات با کمک {ORG} حل می‌شود .
{PER} خاطرنشان کرد : سال گذشته {N} نفر در {LOC} از این خدمات بهره‌مند شدند .
{PER} در ادامه گفت : همکاری {LOC} و {LOC} به سود منطقه است .
وی با بیان اینکه {ORG} در {LOC} فعال است ، گفت : {PER} مسئول این پرونده است .
{TITLE} {ORG} در مصاحبه با {NEWS} از سفر {PER} به {LOC} خبر داد .
{PER} ، {TITLE} تیم ملی ، فهرست بازیکنان را برای دیدار با {LOC} اعلام کرد .
مسابقات قهرمانی کشور با حضور تیم‌هایی از {LOC} ، {LOC} و {LOC} در {LOC} آغاز شد .
اعزام زائران {LOC} به {LOC} از هفته آینده آغاز می‌شود .
{ORG} {LOC} اعلام کرد : {N} پروژه در این شهرستان افتتاح می‌شود .
به گزارش {NEWS} به نقل از روابط عمومی {ORG} ، {PER} در این نشست گفت : بودجه امسال افزایش یافته است .
کتاب « {W} » نوشته {PER} از سوی {ORG} منتشر شد .
{PER} ، {PER} و {PER} مقام‌های اول تا سوم این مسابقات را کسب کردند .
""".strip().splitlines()

DAYS = "شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه جمعه گذشته".split()
TITLES = """آقای خانم دکتر مهندس سردار سرلشکر سرتیپ حجت‌الاسلام آیت‌الله وزیر سفیر رئیس
    نماینده سخنگوی معاون استاندار فرماندار شهردار سرمربی مدیرعامل دبیرکل رئیس‌جمهور
    نخست‌وزیر استاد شهید حاج سرهنگ دادستان""".split()
TITLE_PHRASES = ["حجت الاسلام", "آیت الله", "رئیس جمهور", "وزیر امور خارجه", "وزیر کشور",
                 "رئیس مجلس", "دبیر کل", "مدیر کل", "سخنگوی دولت", "فرمانده کل",
                 "حجت‌الاسلام والمسلمین", "امیر دریادار", "معاون اول رئیس‌جمهور", ""]
NEWS = ["خبرگزاری فارس", "فارس", "ایرنا", "ایسنا", "خبرگزاری مهر", "خبرگزاری تسنیم",
        "خبرگزاری ایلنا", "باشگاه خبرنگاران جوان", "خبرنگار خبرگزاری فارس"]
SURNAME_SUFFIXES = ["ی", "ی", "ی", "یان", "‌زاده", "‌پور", "‌نژاد", "‌فر", "‌نیا", "‌مهر",
                    "‌وند", "‌لو", "‌آبادی", "‌نیا", " زاده", " پور", " نژاد"]
SURNAME_STEMS = """احمد محمد حسین کریم رحیم رضا جعفر صادق باقر کاظم موسی عباس قاسم حسن نور
    شریف امین نصیر ظفر نظر منصور فرهاد بهرام جهان کیان شاه خسرو فتح سلطان میر قلی بیگ
    تهران اصفهان شیراز کرمان یزد قزوین زنجان همدان تبریز رشت ساری کاشان خراسان گیلان
    لاریجان رفسنجان قوچان سبزوار دامغان بروجرد نهاوند جهرم فسا خوانسار گلپایگان""".split()
ORG_PATTERNS = ["دانشگاه {L}", "استانداری {L}", "فرمانداری {L}", "شهرداری {L}",
                "بهزیستی {L}", "آموزش و پرورش {L}", "دامپزشکی {L}", "شورای شهر {L}",
                "دانشگاه علوم پزشکی {L}", "اداره کل فرهنگ و ارشاد اسلامی {L}",
                "جهاد کشاورزی {L}", "هلال احمر {L}", "سازمان آب {L}", "شرکت گاز {L}",
                "اتاق بازرگانی {L}", "سفارت {L}", "کنسولگری {L}", "دانشگاه آزاد {L}",
                "اداره کل بنادر و دریانوردی {L}", "بنیاد شهید {L}", "دادگستری {L}",
                "سپاه {L}", "آب منطقه‌ای {L}", "پالایشگاه {L}", "فولاد {L}", "سیمان {L}"]
ORG_MADE = ["شرکت {W} {W}", "بانک {W}", "حزب {W}", "گروه {W}", "موسسه {W} {W}",
            "باشگاه {W}", "انجمن {W} {W}", "بنیاد {W}", "شرکت {W}", "روزنامه {W}"]
ORG_WORDS = """پارس آریا البرز دماوند سپهر کوثر نوین آینده امید پیشگامان توسعه صنعت فن‌آوران
    ایرانیان کاوه مهر رسالت اعتماد آرمان اطلاعات کیهان اندیشه فردا ستاره سبز تدبیر نور
    سازندگان بهمن الماس نگین""".split()


def _gazetteer(kind: str) -> list[str]:
    path = packaged_model().with_name(FILE)
    return [line.split("\t")[1] for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith(kind + "\t")]


class Filler:
    """Random fillers of the slots, from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.given = _gazetteer("GIVEN")
        self.places = _gazetteer("LOC")
        self.orgs = _gazetteer("ORG")
        self.names = sorted(name_words())

    def surname(self) -> str:
        pick = self.rng.random()
        if pick < 0.4:
            return self.rng.choice(self.names)
        stem = self.rng.choice(SURNAME_STEMS + self.given)
        return stem + self.rng.choice(SURNAME_SUFFIXES)

    def person(self) -> str:
        pick = self.rng.random()
        if pick < 0.55:
            return f"{self.rng.choice(self.given)} {self.surname()}"
        if pick < 0.8:
            return self.surname()
        if pick < 0.9:
            return f"{self.rng.choice(self.names)} {self.rng.choice(self.names)}"
        return f"سید {self.rng.choice(self.given)} {self.surname()}"

    def place(self) -> str:
        place = self.rng.choice(self.places)
        return f"استان {place}" if self.rng.random() < 0.08 else place

    def org(self) -> str:
        pick = self.rng.random()
        if pick < 0.5:
            return self.rng.choice(self.orgs)
        if pick < 0.8:
            return self.rng.choice(ORG_PATTERNS).replace("{L}", self.rng.choice(self.places))
        made = self.rng.choice(ORG_MADE)
        while "{W}" in made:
            made = made.replace("{W}", self.rng.choice(ORG_WORDS), 1)
        return made

    def title(self) -> str:
        if self.rng.random() < 0.3:
            return self.rng.choice(TITLE_PHRASES)
        return self.rng.choice(TITLES)


SLOT = re.compile(r"\{(\w+)\}")


def sentences(count: int, seed: int = 13) -> Iterator[tuple[list[str], list[str]]]:
    """``count`` synthetic sentences (tokens, BIO labels), the same for the same seed."""
    rng = random.Random(seed)
    filler = Filler(rng)
    slots: dict[str, tuple[str, Callable[[], str]]] = {
        "PER": ("PER", filler.person), "ORG": ("ORG", filler.org), "LOC": ("LOC", filler.place),
        "NEWS": ("ORG", lambda: rng.choice(NEWS[:-1])),
        "NEWSNAME": ("ORG", lambda: rng.choice(["فارس", "ایرنا", "تسنیم", "مهر", "رویترز"])),
        "TITLE": ("O", filler.title), "DAY": ("O", lambda: rng.choice(DAYS)),
        "N": ("O", lambda: str(rng.randint(2, 1500))),
        "W": ("O", lambda: rng.choice(ORG_WORDS))}
    for _ in range(count):
        words: list[str] = []
        labels: list[str] = []
        template = rng.choice(TEMPLATES)
        at = 0
        for match in SLOT.finditer(template):
            _add(words, labels, template[at:match.start()], "O")
            kind, fill = slots[match.group(1)]
            _add(words, labels, fill(), kind)
            at = match.end()
        _add(words, labels, template[at:], "O")
        yield words, labels


def _add(words: list[str], labels: list[str], text: str, kind: str) -> None:
    tokens: Sequence[str] = TOKEN.findall(text)
    words += tokens
    labels += ["O" if kind == "O" else ("B-" if i == 0 else "I-") + kind
               for i in range(len(tokens))]
