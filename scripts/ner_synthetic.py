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
from kavosh.text.normalize import ZWNJ

TEMPLATES = """
به گزارش {NEWS} ، {TITLE} {PER} در دیدار با {TITLE} {PER} بر گسترش روابط {LOC} و {LOC} تاکید کرد .
{TITLE} {PER} روز {DAY} در {LOC} گفت : {ORG} برنامه‌ای برای این کار ندارد .
{PER} ، {ORGROLE} {ORG} ، در گفت‌وگو با خبرنگار {NEWS} اظهار داشت : این طرح تا پایان سال اجرا می‌شود .
به گزارش {NEWS} از {LOC} ، {PER} {ORGROLE} {ORG} افزود : {N} طرح در دست اجراست .
وی افزود : {ORG} آماده همکاری با {ORG} در زمینه‌های علمی و فرهنگی است .
{ORGROLE} {ORG} امروز با {TITLE} {LOC} در {LOC} دیدار و گفت‌وگو کرد .
{PER} که به {LOC} سفر کرده است ، قرار است با مقامات {ORG} دیدار کند .
سفیر {LOC} در {LOC} با حضور در {ORG} با {PER} دیدار کرد .
{TITLE} {PER} در نشست خبری امروز گفت : مذاکرات با {LOC} ادامه دارد .
این گزارش می‌افزاید {ORG} در {LOC} حدود {N} نفر را بازداشت کرده است .
{PER} روز گذشته در {LOC} درگذشت .
مراسم بزرگداشت {TITLE} {PER} با حضور {TITLE} {PER} در {LOC} برگزار شد .
{TITLE} {PER} به عنوان {ORGROLE} جدید {ORG} منصوب شد .
با حکم {TITLE} {PER} ، {PER} به سمت {ORGROLE} {ORG} منصوب شد .
{ORG} در بیانیه‌ای حمله به {LOC} را محکوم کرد .
نیروهای {ORG} شهر {LOC} را پس از {N} روز درگیری آزاد کردند .
{PER} با {N} گل بهترین گلزن {ORG} در این فصل است .
{ORG} در دیداری سخت {ORG} را با نتیجه {N} بر {N} شکست داد .
سرمربی {ORG} گفت : {PER} در بازی با {ORG} غایب است .
{PER} ، بازیکن {ORG} ، با قراردادی {N} ساله به {ORG} پیوست .
{TITLE} {PER} در سفر به {LOC} از طرح‌های عمرانی این شهرستان بازدید کرد .
{LOCROLE} {LOC} گفت : امسال {N} هزار تن گندم در این استان خریداری شده است .
{ORGROLE} {ORG} از افزایش {N} درصدی صادرات به {LOC} خبر داد .
به گفته {PER} ، {ORG} تا پایان سال {N} هزار واحد مسکونی در {LOC} می‌سازد .
{PER} در {LOC} به دنیا آمد و در {ORG} تحصیل کرد .
{PER} ، نویسنده و پژوهشگر {LOC} ، در سن {N} سالگی درگذشت .
وزیر امور خارجه {LOC} در تماس تلفنی با همتای {LOC} خود درباره تحولات {LOC} گفت‌وگو کرد .
{TITLE} {PER} در پیامی درگذشت {TITLE} {PER} را تسلیت گفت .
نماینده مردم {LOC} در {ORG} گفت : مشکل آب این منطقه باید حل شود .
{ORG} و {ORG} تفاهم‌نامه همکاری امضا کردند .
خبرگزاری {NEWSNAME} به نقل از {PER} نوشت : {LOC} آماده گفت‌وگو با {LOC} است .
{PER} پیش از این {ORGROLE} {ORG} بود .
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
{ORGROLE} {ORG} در مصاحبه با {NEWS} از سفر {PER} به {LOC} خبر داد .
{PER} ، {TITLE} تیم ملی ، فهرست بازیکنان را برای دیدار با {LOC} اعلام کرد .
مسابقات قهرمانی کشور با حضور تیم‌هایی از {LOC} ، {LOC} و {LOC} در {LOC} آغاز شد .
اعزام زائران {LOC} به {LOC} از هفته آینده آغاز می‌شود .
به گزارش {NEWS} به نقل از روابط عمومی {ORG} ، {PER} در این نشست گفت : بودجه امسال افزایش یافته است .
کتاب « {W} » نوشته {PER} از سوی {ORG} منتشر شد .
{PER} ، {PER} و {PER} مقام‌های اول تا سوم این مسابقات را کسب کردند .
{PER} در گفت‌وگو با خبرنگار {DESK} {NEWS} اظهار داشت : {ORG} باید پاسخگو باشد .
به گزارش خبرنگار {DESK} {NEWS} ، {ORG} روز {DAY} در نامه‌ای به {ORG} خواستار توقف این طرح شد .
به گزارش حوزه {DESK} {NEWS} ، {TITLE} {PER} در همایش {ORG} گفت : این جریان پایگاه مردمی ندارد .
{ORG} در اطلاعیه‌ای اعلام کرد : ثبت نام از طریق سایت این سازمان انجام می‌شود .
{ORGROLE} {ORG} با {ORGROLE} {ORG} دیدار و درباره همکاری‌های دوجانبه گفت‌وگو کرد .
{ORGROLE} {ORG} در حکمی {PER} را به عنوان {ORGROLE} {ORG} منصوب کرد .
طی حکمی از سوی {TITLE} {PER} ، {TITLE} {PER} به عنوان {ORGROLE} جدید {ORG} معارفه شد .
در این مراسم از زحمات {TITLE} {PER} {ORGROLE} پیشین {ORG} تقدیر شد .
بر اساس گزارش {ORG} ، {N} نفر از کارکنان {ORG} در این دوره آموزشی شرکت کردند .
{ORG} و {ORG} در {LOC} قرارداد همکاری امضا کردند .
{ORGROLE} {ORG} در نشست با اعضای {ORG} گفت : {LOC} به تعهدات خود عمل نکرده است .
{PER} در جلسه علنی امروز {ORG} از {ORGROLE} {ORG} انتقاد کرد .
لایحه بودجه پس از تصویب در {ORG} برای تایید به {ORG} ارسال شد .
{ORG} {N} نفر از اعضای {ORG} را در {LOC} دستگیر کرد .
{ORG} مسئولیت حمله به مواضع {ORG} در {LOC} را بر عهده گرفت .
نیروهای {ORG} با پشتیبانی {ORG} وارد {LOC} شدند .
{TITLE} {PER} فرمانده {ORG} در {LOC} به شهادت رسید .
{ORG} تحریم‌های جدیدی علیه {ORG} و {N} شرکت {LOC} وضع کرد .
{ORGROLE} {ORG} اعلام کرد که هیئتی از {ORG} هفته آینده به {LOC} سفر می‌کند .
{PER} از اعضای {ORG} ، نامزد انتخابات {ORG} شد .
بیانیه {ORG} درباره سفر {TITLE} {PER} به {LOC} منتشر شد .
{ORG} به نقل از منابع آگاه نوشت : {PER} از سمت خود استعفا کرده است .
{PER} در مصاحبه با {ORG} گفت : {ORG} اشتباه بزرگی کرد .
سایت {ORG} ارزش این بازیکن را {N} میلیون یورو تخمین زده است .
تیم {SPORT} {CLUB} در هفته {N} لیگ برتر برابر تیم {SPORT} {CLUB} به میدان می‌رود .
{CLUB} در دیدار هفته {N} لیگ برتر میزبان {CLUB} است .
{PER} ، مهاجم {CLUB} ، در دیدار با {CLUB} مصدوم شد .
کادر پزشکی تیم {SPORT} {CLUB} به مربیان این تیم گوشزد کرد که {PER} نمی‌تواند بازی کند .
{PER} با پیراهن {CLUB} {N} گل زده است .
{PER} در خصوص درخواست {CLUB} مبنی بر تعویق بازی گفت : {ORG} باید تصمیم بگیرد .
{ORG} از {PER} و {PER} به دلیل رفتار غیرورزشی شکایت کرد .
{TITLE} {PER} با اشاره به عملکرد {ORG} گفت : {ORG} باید شفاف عمل کند .
{ORGROLE} {ORG} در {LOC} گفت : {N} میلیارد ریال برای این طرح هزینه شده است .
این طرح با همکاری {ORG} و {ORG} در {N} استان کشور اجرا می‌شود .
علاقه‌مندان می‌توانند با مراجعه به {ORG} در {LOC} ثبت نام کنند .
{PER} و همسرش {PER} در مراسمی در {LOC} حضور یافتند .
{TITLE} {PER} گفت : {PER} در این پرونده نقشی نداشته است .
{TITLE} {PER} و {TITLE} {PER} از جمله افرادی بودند که در این مراسم حضور داشتند .
{PER} چهره سرشناس شهر {LOC} و {PER} پژوهشگر برجسته از مهمانان این برنامه بودند .
اگر {SURNAME} در این انتخابات شکست بخورد ، {ORG} قدرت را به دست می‌گیرد .
{PER} گفت : من همیشه به {GIVENONLY} ایمان داشته‌ام .
{SURNAME} افزود : {ORG} در این زمینه کوتاهی کرده است .
{TITLE} {SURNAME} در ادامه گفت : {LOC} آماده همکاری است .
{PER} مقام اول ، {PER} مقام دوم و {PER} مقام سوم را کسب کردند .
{TITLE} {PER} در دیدار با سفیر {LOC} در {LOC} گفت : روابط {LOC} و {LOC} رو به گسترش است .
سفارت {LOC} در {LOC} اعلام کرد صدور روادید از سر گرفته می‌شود .
مسئولان {ORGWORD} این منطقه به مشکلات شهروندان رسیدگی کردند .
{TITLE} {PER} با حضور در محل {ORGWORD} این شهرستان از نزدیک در جریان مشکلات قرار گرفت .
این {ORGWORD} در سال‌های اخیر {N} طرح را اجرا کرده است .
{ORGWORD}‌های کشور باید برنامه‌های خود را تا پایان ماه ارائه کنند .
وی افزود : {ORGWORD} استان در این زمینه اقدامات خوبی انجام داده است .
مردم {LOC} در راهپیمایی امروز شعار مرگ بر {LOC} سر دادند .
{TITLE} {PER} ، {ORGROLE} {ORG} ، صبح امروز در {LOC} گفت : تحریم‌ها اثری ندارد .
{PER} {ORGROLE} {ORG} در جمع خبرنگاران گفت : {ORG} حامی {ORG} است .
{ORG} روز {DAY} گزارش داد که {ORG} در نزدیکی {LOC} مستقر شده است .
به گزارش خبرنگار گروه {DESK} {NEWS} ، {PER} و {PER} امروز در {ORG} تفاهم‌نامه همکاری امضا کردند .
{LOCROLE} {LOC} در ادامه افزود : در این ایام {N} هزار مسافر از {LOC} بازدید کردند .
{LOCROLE} {LOC} با اشاره به مشکلات مردم این شهر گفت : {ORG} باید پاسخگو باشد .
این جشنواره از {N} تا {N} فروردین در کشور {LOC} برگزار شد .
{PER} در سفر به کشور {LOC} با {TITLE} {PER} دیدار کرد .
مردم شهر {LOC} در این مراسم حضور یافتند .
{N} نفر از شهروندان شهر {LOC} در این حادثه آسیب دیدند .
{PER} ، سرمربی تیم ملی {SPORT} این کشور ، فهرست بازیکنان را اعلام کرد .
{PER} ، سرمربی تیم ملی {SPORT} {LOC} ، گفت : بازی با {LOC} سخت است .
نشریه « {FOREIGNORG} » {LOC} خبر داد {FOREIGN} از سمت خود کناره‌گیری کرده است .
{FOREIGN} در این گفت‌وگو تصریح کرد : {LOC} حق دارد از منافع خود دفاع کند .
اگر {FOREIGN} در این همه‌پرسی شکست بخورد ، باید استعفا دهد .
شاگردان {FOREIGN} در بازی نخست با نتیجه {N} بر {N} {LOC} را شکست دادند .
یاد {FOREIGN} و آثار او افتادم .
{FOREIGN} ، {TITLE} {LOC} ، روز {DAY} وارد {LOC} شد .
{SURNAME} در ادامه گفت : با این حال فکر می‌کنم همکاری سخت است .
{PER} ، {TITLE} سابق این اداره کل ، به عنوان {ORGROLE} {ORG} منصوب شد .
تجمع امروز را {ORG} با همکاری {ORG} و {ORG} برگزار کرده بود .
اجلاس {ORG} به دلیل مخالفت {ORG} متوقف شد .
کشورهای عضو {ORG} از {ORG} خواستند که قطعنامه را تصویب کند .
قطعنامه {ORG} به کشورهای عضو اجازه می‌دهد نیروهای خود را به {LOC} اعزام کنند .
این نیروگاه برق مورد نیاز {ORG} را تامین می‌کند .
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
                "سپاه {L}", "آب منطقه‌ای {L}", "پالایشگاه {L}", "فولاد {L}", "سیمان {L}",
                "وزارت امور خارجه {L}", "وزارت خارجه {L}", "وزارت دفاع {L}", "ارتش {L}",
                "پارلمان {L}", "دولت {L}", "دفتر ریاست جمهوری {L}", "پلیس {L}",
                "نیروی دریایی {L}", "سفارت جمهوری اسلامی ایران در {L}", "کارخانه سیمان {L}",
                "اداره کل {F} استان {L}", "اداره {F} {L}", "سازمان {F} {L}", "هیئت {S} استان {L}",
                "سازمان {F} استان {L}", "دانشگاه {W} {L}", "فرماندهی انتظامی استان {L}",
                "دادگستری کل استان {L}", "سپاه ناحیه {L}", "بانک مرکزی {L}",
                "شورای اسلامی شهر {L}", "هلال احمر استان {L}", "نهاد نمایندگی رهبری در {L}"]
ORG_HEADED = ["وزارت {F}", "سازمان {F}", "اداره کل {F}", "ستاد {F}", "کمیسیون {F} مجلس",
              "شورای عالی {F}", "مرکز {F}", "معاونت {F} {ORG}", "دفتر {F} {ORG}",
              "پژوهشگاه {F}", "انجمن {F} ایران", "فدراسیون {S}", "کمیته {F} {ORG}",
              "دبیرخانه {ORG}", "دفتر {ORG} در {L}", "نمایندگی {ORG} در {L}", "شعبه {ORG}"]
FIELDS = """آموزش و پرورش|ورزش و جوانان|میراث فرهنگی و گردشگری|صنعت، معدن و تجارت|راه و شهرسازی|
    تعاون، کار و رفاه اجتماعی|امور اقتصادی و دارایی|منابع طبیعی و آبخیزداری|محیط زیست|
    بهداشت، درمان و آموزش پزشکی|فرهنگ و ارشاد اسلامی|تبلیغات اسلامی|امور مالیاتی|ثبت احوال|
    بهزیستی|دامپزشکی|استاندارد|زندان‌ها|مدیریت بحران|حج و زیارت|امور بین‌الملل|
    پدافند غیرعامل|مبارزه با مواد مخدر|امنیت ملی و سیاست خارجی|آموزش فنی و حرفه‌ای|
    امور عشایر|نوسازی مدارس|تامین اجتماعی|اوقاف و امور خیریه|حفاظت اطلاعات|
    مطالعات راهبردی|پژوهش‌های اسلامی|ارتباطات و فناوری اطلاعات|نظارت بر انتخابات"""
FIELDS = [f.strip() for f in FIELDS.replace("\n", "").split("|")]
SPORTS = ["فوتبال", "فوتسال", "والیبال", "بسکتبال", "کشتی", "هندبال", "وزنه‌برداری", "تکواندو",
          "شنا", "جودو"]
CLUB_WORDS = """یاسین پیشرو آذرخش شهروند مس نفت فولاد ذوب‌آهن سپیدرود شهرداری گیتی‌پسند فرش‌آرا
    پاس داماش ملوان صنعت پیکان آلومینیوم پارسه کاسپین مقاومت هپکو راه‌آهن برق قشقایی خونه‌به‌خونه
    اکسین پتروشیمی""".split()
DESKS = ["ورزشی", "سیاسی", "اقتصادی", "اجتماعی", "فرهنگی", "پارلمانی", "بین‌الملل", "احزاب",
         "دفاعی", "حوادث", "دانشگاه", "قضایی", "علمی", "علمی و دانشگاهی", "فرهنگی و هنری",
         "اقتصاد بین‌الملل", "سیاست خارجی", "استان‌ها", "فضای مجازی"]
# the roles of a place's head: «شهردار قمصر» is a role and a place, not a person
LOCROLES = ["استاندار", "فرماندار", "شهردار", "بخشدار", "امام جمعه", "نماینده مردم",
            "سفیر", "فرمانده انتظامی", "دادستان", "رئیس دادگستری", "مردم"]
# the roles held in an organisation, before its name («مدیرکل سازمان …»)
ORGROLES = ["رئیس", "مدیرعامل", "دبیرکل", "سخنگوی", "معاون", "فرمانده", "مدیرکل", "مدیر کل",
            "سرپرست", "عضو", "نماینده", "رئیس کل", "دبیر", "قائم‌مقام", "رئیس هیئت مدیره",
            "معاون اول", "مشاور", "مدیر روابط عمومی", "فرمانده کل", "رئیس سازمان", "وزیر"]
FOREIGN_GIVEN = """دیوید جان جورج ویلیام جیمز مایکل رابرت توماس استیون ریچارد چارلز جوزف
    دونالد باراک هیلاری بوریس آنگلا امانوئل فرانسوا نیکلا ولادیمیر سرگئی یواخیم شارل ژان
    پیر لوئی کارل فریدریش هانس یورگن مارتین پتر آندره میشل کریستین فیلیپ هنری آلبرت""".split()
FOREIGN_ORGS = ["بیلد", "گاردین", "لوموند", "اشپیگل", "تایمز", "ایندیپندنت", "فیگارو",
                "واشنگتن پست", "نیویورک تایمز", "دیلی میل", "ال پائیس", "مارکا"]
# The heads of organisations written alone, where they are not a name («شهرداری این منطقه»)
ORG_WORDS_ALONE = ["شهرداری", "سازمان", "وزارتخانه", "اداره", "فرمانداری", "استانداری", "بانک",
                   "دانشگاه", "شرکت", "دولت", "مجلس", "ستاد", "دادگستری", "بهزیستی"]
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
        self.towns = [p for p in self.places if " " not in p and not p.endswith(("ی", "ه", "ا"))]

    def surname(self) -> str:
        pick = self.rng.random()
        if pick < 0.4:
            return self.rng.choice(self.names)
        if pick < 0.5:  # a family name of a place: قمی، تهرانی، اصفهانی
            return self.rng.choice(self.towns) + "ی"
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

    def foreign(self) -> str:
        """A foreign person as Persian news writes them: a Wikidata name word or two, or a
        Western given name and one."""
        pick = self.rng.random()
        if pick < 0.4:
            return self.rng.choice(self.names)
        if pick < 0.7:
            return f"{self.rng.choice(FOREIGN_GIVEN)} {self.rng.choice(self.names)}"
        return f"{self.rng.choice(self.names)} {self.rng.choice(self.names)}"

    def place(self) -> str:
        place = self.rng.choice(self.places)
        return f"استان {place}" if self.rng.random() < 0.08 else place

    def org(self) -> str:
        pick = self.rng.random()
        if pick < 0.45:
            return self.rng.choice(self.orgs)
        if pick < 0.7:
            return self.fill(self.rng.choice(ORG_PATTERNS))
        if pick < 0.85:
            return self.fill(self.rng.choice(ORG_HEADED))
        return self.fill(self.rng.choice(ORG_MADE))

    def club(self) -> str:
        pick = self.rng.random()
        if pick < 0.3:
            return self.rng.choice(self.orgs)  # clubs are among them, and so is the rest
        word = self.rng.choice(CLUB_WORDS)
        if pick < 0.5:
            word += ZWNJ + self.rng.choice(CLUB_WORDS) if pick < 0.4 else ""
            return word
        return f"{word} {self.rng.choice(self.places)}"

    def fill(self, pattern: str) -> str:
        """``pattern`` with its {L} (a place), {F} (a field), {S} (a sport), {W} (a word) and
        {ORG} (a name from the gazetteer) filled."""
        fills = {"{L}": self.places, "{F}": FIELDS, "{S}": SPORTS, "{W}": ORG_WORDS,
                 "{ORG}": self.orgs}
        for slot, choices in fills.items():
            while slot in pattern:
                pattern = pattern.replace(slot, self.rng.choice(choices), 1)
        return pattern

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
        "W": ("O", lambda: rng.choice(ORG_WORDS)),
        "DESK": ("O", lambda: rng.choice(DESKS)), "SPORT": ("O", lambda: rng.choice(SPORTS)),
        "CLUB": ("ORG", filler.club), "SURNAME": ("PER", filler.surname),
        "GIVENONLY": ("PER", lambda: rng.choice(filler.given)),
        "ORGWORD": ("O", lambda: rng.choice(ORG_WORDS_ALONE)),
        "LOCROLE": ("O", lambda: rng.choice(LOCROLES)),
        "ORGROLE": ("O", lambda: rng.choice(ORGROLES)), "FOREIGN": ("PER", filler.foreign),
        "FOREIGNORG": ("ORG", lambda: rng.choice(FOREIGN_ORGS))}
    for _ in range(count):
        words: list[str] = []
        labels: list[str] = []
        template = rng.choice(TEMPLATES)
        at = 0
        for match in SLOT.finditer(template):
            add_tokens(words, labels, template[at:match.start()], "O")
            kind, fill = slots[match.group(1)]
            add_tokens(words, labels, fill(), kind)
            at = match.end()
        add_tokens(words, labels, template[at:], "O")
        yield words, labels


def add_tokens(words: list[str], labels: list[str], text: str, kind: str) -> None:
    """Append ``text``'s tokens to ``words`` and their BIO labels of ``kind`` (``O``: none) to
    ``labels`` (also the reader of the project's news sentences, ``ner_news``)."""
    tokens: Sequence[str] = TOKEN.findall(text)
    words += tokens
    labels += ["O" if kind == "O" else ("B-" if i == 0 else "I-") + kind
               for i in range(len(tokens))]
