"""Deterministic rules that set the bounds of the ``crf`` model's spans (span rules 5).

The model sees two tokens either side, so it cuts long names short, lets a title into a name,
or tags an organisation's place as a place of its own. These rules know news conventions the
model cannot learn from a window of five tokens. They work on token ranges of one line
(``(first, last + 1, type)``), on the line's normalised tokens, and on the gazetteer's
matches; each rule is a small function, applied in :func:`apply`'s order:

1. ``trim_function_words``: a span never starts or ends with a function word (``و``، ``در``،
   ``را`` …), a common verb (``آمد``، ``دارد``، ``خبرداد`` …: a name ends before its
   predicate) or a mark that ends a clause (quotes and brackets may belong to a name).
2. ``drop_titles``: a person's span starts after its titles (``سردار``، ``حجت الاسلام``،
   ``آقای``); ``سید`` is part of the name. A span of titles only stays (``امام`` for a
   person the reader knows), unless it is inside a title of several words (``رهبری`` of
   ``مقام معظم رهبری``).
3. ``start_at_head``: an organisation's span that starts with words that are no part of a
   name, before a head (``ورزشی خبرگزاری فارس``), starts at the head.
4. ``widen_to_entries``: a span cut short of a gazetteer entry of its type of several tokens
   is widened to it (unless that swallows another span), and such an entry of an
   organisation or a place that the model missed entirely is added.
5. ``join_places``: an organisation's span, or an organisation's head the model left out,
   directly before a place is one organisation with it (``شهرداری شیراز``، ``دانشگاه
   تهران``، ``وزارت خارجه عراق``), and so is a head up to two words before a place
   (``آکادمی علوم نیویورک``): the place is inside the name. Not when ``را`` follows the
   place (``سازمان ملل ایران را …``: the place is the object), nor after a number (``200
   دانشگاه آمریکا``، ``سه نیروگاه مهم ایران``).
6. ``after_honorifics``: the name right after an honorific (``آقای``، ``سردار``، ``حجت
   الاسلام``) is a person even when the model missed it: one word, or two when the first is a
   given name; after the whole title when the honorific begins a longer one (``حجت‌الاسلام
   والمسلمین``).
7. ``join_kunya``: ``ابو`` / ``ام`` right before a person's span is part of the name
   (``ابو حیدر الساعدی``), and a kunya followed by a nisba is a person even when the model
   missed it (``ارتباط با ابوحیدر الساعدی``، ``ابو مهدی المهندس``).
8. ``drop_bare_heads``: an organisation's head alone (``شهرداری``، ``سازمان``), or right
   before a preposition (``کمیته در آینده …``), is a kind of organisation, not a name:
   dropped.
9. ``split_at_heads``: an organisation's span with ``و`` and a head in it is two
   organisations (``سازمان فرهنگی هنری شهرداری تهران و اداره کل …``).
10. ``places_after_offices``: a one-word person right after an office of a place
    (``شهردار``، ``استاندار``، ``فرماندار``) is the place (``شهردار قمصر``).
11. ``speakers``: a word that opens a clause and is followed by a verb of speech (``گفت``،
    ``افزود``، ``تصریح کرد``، ``متذکر شد``، ``ابراز داشت``, or ``با بیان اینکه``، ``با اشاره
    به``; maybe after ``در ادامه``، ``در عین حال``) is a person's family name: news names a
    person in full once, then by family name (``دست‌نشان در ادامه گفت :``).
12. ``split_at_in``: an organisation's span that runs on over a preposition (``در``، ``با``،
    ``به``، ``از``، ``برای``، ``بین``، ``مابین``، ``میان``) and a place is the organisation,
    then the place (``سفارت جمهوری اسلامی ایران در دمشق``، ``کمیسیون مشترک اقتصادی با
    ترکیه``); a preposition before anything else may be part of the name (``نهاد نمایندگی …
    در دانشگاه‌ها``، ``ستاد مبارزه با مواد مخدر``).
13. ``split_before_staff``: ``و`` followed by offices or branches (``معاونین``، ``مسئولان``،
    ``واحدهای`` …) and an organisation's head ends the first body, and the second starts at
    its head: the offices are people of it (``وزارت نیرو و مسئولان استانداری کرمان``);
    followed by a place, the place is a place (``دانشگاه پیام نور و واحدهای کرمان``).
14. ``teams``: a team's name starts after ``تیم`` and its sport (``تیم فوتبال پیکان تهران``
    is ``پیکان تهران``); ``تیم ملی فوتبال`` alone is a kind of team, no name; a "person"
    right after ``تیم`` and its sport is the team (``تیم فوتبال لاتزیو``; after ``تیم`` alone
    it may be a person: ``کاپیتان تیم توماس …``).
15. ``join_head_before``: an organisation's head right before an organisation's span, maybe
    with a company's legal form, is its first word (``سازمان یونسکو``، ``شرکت سهامی برق
    منطقه‌ای یزد``), but not a medium's (``سایت``، ``روزنامه``: news names the paper alone)
    nor ``تیم``.
16. ``states_of_places``: a country's state or money is the place (``دولت فرانسه``، ``دینار
    عراق``: the place is a place, not an organisation).
17. ``numbered_units``: an organisation's span right before ``شماره`` (``شعبه ثابت شماره 12``)
    is one of a kind, numbered: no name (a listed organisation stays).
18. ``holy_names_in_places``: the Imam's name in a place named after him (``بیمارستان امام
    رضا ( ع )``، ``مسجد امام علی``) is part of the place's name, no person.
19. ``news_desks``: a desk of a news agency or paper (``گروه``، ``سرویس``، ``حوزه``) is no part
    of its name (``سرویس سیاسی خبرگزاری مهر`` is ``خبرگزاری مهر``).
20. ``split_after_places``: an organisation's span with a place, ``و`` and no place after it
    is two organisations: a name that has reached its place is complete (``سازمان فرهنگی
    شهرداری اصفهان و امور بانوان استانداری``); not ``و`` inside a place (``سیستان و
    بلوچستان``) nor between places (``اتاق بازرگانی ایران و چین``).
21. ``clubs_in_sport``: a club named by a common noun (``استقلال``، ``پیروزی``، ``نفت`` …),
    one word alone, is the club only on a line that speaks of sport (``تیم``، ``بازی``،
    ``لیگ`` …); elsewhere it is the noun (``دفاع از استقلال کشور``).
22. ``persons_before_offices``: an "organisation" that opens with up to three words of no
    head, then an office (``رامین صدری معاون فنی سازمان بنادر و دریانوردی``) is a person,
    then the office: the person is the words before it, and the organisation (if any) starts
    at the first head after the office.
23. ``counted_heads``: a head after a count (``دو صندوق حمایت …``، ``هر دفتر …``) is one of a
    kind, not a name (a listed organisation stays).
24. ``widen_in_quotes``: an organisation's name that opens a quote and stops one or two words
    short of its end runs on to it (``« شورای همکاری منطقه‌ای »``).
25. ``places_without_kind``: a county's name is the place without ``شهرستان`` (``شهرستان
    بهشهر`` is ``بهشهر``); ``استان کرمان`` and ``شهر ری`` keep their first word.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from itertools import compress

from kavosh.text.normalize import ZWNJ, normalize

Span = tuple[int, int, str]  # first token, last token + 1, type
Entry = tuple[int, int, str]  # a gazetteer match: first token, last token + 1, kind


def _normal_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


FUNCTION_WORDS = _normal_set("""
    و در به از که را با برای تا بر یا هم نیز این آن اين ها های هاي می نمی است بود شد
    گفت افزود کرد کرده شده باید اما اگر چون پس بین میان درباره علیه سوی طی ضمن
    آمد رفت داد دارد دارند ندارد کند کنند نمود خبرداد
    في من إلى عن مع the of and in
""")
# Titles that stay outside a person's span; سید and its kin are part of the name.
NAME_PARTS = _normal_set("سید سیده سيد السيد سادات sayyed seyed sayed")
# Honorifics always followed by a name (unlike وزیر or رئیس, followed by an office).
HONORIFICS = _normal_set("""
    آقای خانم سردار سرلشکر سرتیپ سرهنگ سرگرد سروان سپهبد دریادار ارتشبد
    حجت‌الاسلام حجت‌الاسلام‌والمسلمین حجه‌الاسلام آیت‌الله آیت‌الله‌العظمی
""")
# The same written apart (gazetteer TITLE entries), compared without spaces or half-spaces.
_HONORIFIC_KEYS = frozenset(h.replace(ZWNJ, "") for h in HONORIFICS)
# Heads that make an organisation of the place after them.
PLACE_ORG_HEADS = _normal_set("""
    وزارت سازمان شرکت بانک دانشگاه ستاد قرارگاه سپاه حزب خبرگزاری شهرداری استانداری
    فرمانداری بخشداری سفارت کنسولگری سرکنسولگری دادگستری دادگاه دادستانی بهزیستی
    دامپزشکی شورای مجلس دانشکده باشگاه ارتش پلیس اداره اداره‌کل هلال فرمانداری
    دانشگاه‌های جهاددانشگاهی بنیاد کمیته آکادمی پژوهشگاه بیمارستان دبیرخانه کمیسیون گمرک
    هیئت هیات پالایشگاه کارخانه نیروگاه
""")
KUNYA = _normal_set("ابو أبو ابا ام أم")
_KUNYA_PREFIX = normalize("ابو")
# Heads that name no organisation on their own: «شهرداری این منطقه», «سازمان» are a kind of
# organisation (unlike مجلس، سپاه، ارتش، بسیج, which news uses as names).
BARE_HEADS = _normal_set("""
    وزارت وزارتخانه سازمان شرکت بانک دانشگاه اداره دفتر شهرداری استانداری فرمانداری بخشداری
    حزب ستاد قرارگاه کمیته انجمن موسسه مؤسسه مرکز نهاد اتحادیه جمعیت گروه گروهک کانون جبهه
    جنبش فدراسیون باشگاه تیم شبکه سایت پایگاه دبیرخانه معاونت دانشکده مدرسه دادگاه خبرگزاری
    روزنامه کارخانه کنسولگری سفارت شورای شورا هیئت هیات کمیسیون فراکسیون بنیاد صندوق نیروی
    نیروهای اتاق دیوان پژوهشگاه پژوهشکده بیمارستان آموزشگاه آتش‌نشانی
""")
# What news says after a person's family name used alone as the subject («X در ادامه گفت :»).
SPEECH_VERBS = (("گفت",), ("افزود",), ("اظهار", "داشت"), ("تصریح", "کرد"),
                ("خاطرنشان", "کرد"), ("یادآور", "شد"), ("ادامه", "داد"), ("بیان", "کرد"),
                ("اظهار", "کرد"), ("ابراز", "داشت"), ("ابراز", "کرد"), ("بیان", "داشت"),
                ("عنوان", "کرد"), ("عنوان", "داشت"), ("متذکر", "شد"), ("اذعان", "کرد"),
                ("تاکید", "کرد"), ("با", "بیان", "اینکه"), ("با", "اشاره", "به"))


def _by_first(phrases: Sequence[Sequence[str]]) -> dict[str, list[tuple[str, ...]]]:
    """First word → the phrases it starts, normalised (a word that starts none, most of a
    line's, is passed over; «با» starts two, and only those are compared where it stands)."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(normalize(w) for w in phrase)
        found.setdefault(words[0], []).append(words)
    return found


_SPEECH = _by_first(SPEECH_VERBS)
SPEECH_FILLERS = (("در", "ادامه"), ("همچنین",), ("نیز",), ("در", "پایان"), ("سپس",),
                  ("در", "عین", "حال"), ("امروز",), ("همچنان",))
_FILLERS = tuple(tuple(normalize(w) for w in f) for f in SPEECH_FILLERS)
# subjects of those verbs that are no names
NOT_SPEAKERS = _normal_set("وی او ایشان سخنگو منبع مقام مسئول کارشناس نماینده همچنین")
# Offices of a place: the word after them is the place (``شهردار قمصر``), not a person.
PLACE_OFFICES = _normal_set("شهردار استاندار فرماندار بخشدار دهیار")


def _key(norms: Sequence[str], first: int, end: int) -> str:
    return "".join(norms[first:end]).replace(ZWNJ, "")


def _loose(norm: str) -> bool:
    """Whether a span may not start or end with this token: a function word, or a mark
    that ends a clause (quotes and brackets may be part of a name: «رامین»)."""
    return norm in FUNCTION_WORDS or norm in _CLAUSE_MARKS


_CLAUSE_MARKS = frozenset(".,،:؛;!?؟-")


def _overlaps(a: int, b: int, spans: Sequence[Span], but: Span | None = None) -> bool:
    return any(s[0] < b and s[1] > a and s != but for s in spans)


def trim_function_words(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                        _lists: Lists) -> list[Span]:
    """Rule 1 (module docstring)."""
    out = []
    for first, end, kind in spans:
        while first < end and _loose(norms[first]):
            first += 1
        while end > first and _loose(norms[end - 1]):
            end -= 1
        if first < end:
            out.append((first, end, kind))
    return out


def drop_titles(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                lists: Lists) -> list[Span]:
    """Rule 2 (module docstring)."""
    title_end = {first: end for first, end, kind in entries if kind == "TITLE"}
    out = []
    for first, end, kind in spans:
        if kind == "PER" and any(a <= first and end <= b and b - a > 1
                                 for a, b in title_end.items()):
            continue  # «رهبری» of «مقام معظم رهبری»: an office, not a name
        start = first
        while kind == "PER" and start < end:
            if start in title_end:
                start = title_end[start]
            elif norms[start] in lists.titles and norms[start] not in NAME_PARTS:
                start += 1
            else:
                break
        out.append((start if start < end else first, end, kind))
    return out


def start_at_head(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                  lists: Lists) -> list[Span]:
    """Rule 3 (module docstring)."""
    org_starts = _starts(entries, "ORG")
    out = []
    for first, end, kind in spans:
        if kind == "ORG" and norms[first] not in lists.org_heads and first not in org_starts:
            head = next((i for i in range(first + 1, end - 1)
                         if norms[i] in PLACE_ORG_HEADS or i in org_starts), None)
            first = first if head is None else head
        out.append((first, end, kind))
    return out


def widen_to_entries(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                     _lists: Lists) -> list[Span]:
    """Rule 4 (module docstring)."""
    out = list(spans)
    for start, stop, kind in entries:
        if kind not in ("ORG", "LOC") or stop - start < 2:
            continue
        cut = [s for s in out if s[0] < stop and s[1] > start]
        if not cut:
            out.append((start, stop, kind))
        elif len(cut) == 1 and cut[0][2] == kind:
            wide = (min(cut[0][0], start), max(cut[0][1], stop), kind)
            out[out.index(cut[0])] = wide
    return out


def join_places(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                _lists: Lists) -> list[Span]:
    """Rule 5 (module docstring)."""
    by_end = {s[1]: s for s in spans}
    out = list(spans)
    for place in spans:
        first, end, kind = place
        if kind != "LOC" or first == 0 or (end < len(norms) and norms[end] == normalize("را")):
            continue
        before = by_end.get(first)
        if before is not None and before[2] == "ORG" and before in out:
            out.remove(before)
            out[out.index(place)] = (before[0], end, "ORG")
            continue
        head = _head_before(norms, first, out)
        if head is not None:
            out[out.index(place)] = (head, end, "ORG")
    return out


_HEAD_GAP = 2  # words of an organisation's name between its head and its place, at most


def _ranges(entries: Sequence[Entry], kind: str) -> set[tuple[int, int]]:
    """The token ranges of the gazetteer's entries of ``kind``."""
    return {(first, end) for first, end, of in entries if of == kind}


def _starts(entries: Sequence[Entry], kind: str) -> set[int]:
    """The first tokens of the gazetteer's entries of ``kind``."""
    return {first for first, _, of in entries if of == kind}


def _head_before(norms: Sequence[str], first: int, spans: Sequence[Span]) -> int | None:
    """The organisation's head that a place at token ``first`` completes: right before it, or
    up to two words of no span before it (``آکادمی علوم نیویورک``); not after a number
    (``200 دانشگاه آمریکا``، ``سه نیروگاه``: a count of them)."""
    for at in range(first - 1, max(first - 2 - _HEAD_GAP, -1), -1):
        if _overlaps(at, at + 1, spans) or _loose(norms[at]) or not norms[at][:1].isalpha():
            return None
        if norms[at] in PLACE_ORG_HEADS:
            return None if at and _counts(norms[at - 1]) else at
    return None


# Words that count what follows («سه نیروگاه مهم ایران»: power plants, not one plant's name).
_COUNTS = _normal_set("یک دو سه چهار پنج شش هفت هشت نه ده صد هزار چند چندین همه تمام برخی هر")


def _counts(norm: str) -> bool:
    return norm.isdigit() or norm in _COUNTS


def after_honorifics(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                     lists: Lists) -> list[Span]:
    """Rule 6 (module docstring)."""
    if HONORIFICS.isdisjoint(norms) and all(kind != "TITLE" for _, _, kind in entries):
        return spans
    ends = list(compress(range(1, len(norms) + 1), map(HONORIFICS.__contains__, norms)))
    ends += [end for first, end, kind in entries
             if kind == "TITLE" and _key(norms, first, end) in _HONORIFIC_KEYS]
    given = {first for first, end, kind in entries if kind == "GIVEN" and end == first + 1}
    # inside a title of several words: its next word is the title's («حجت‌الاسلام والمسلمین»)
    inside = {i for first, end, kind in entries if kind == "TITLE" for i in range(first + 1, end)}
    out = list(spans)
    for at in sorted(set(ends) - inside):
        if at >= len(norms) or not _namey(norms[at], lists) or _overlaps(at, at + 1, out):
            continue
        end = at + 1
        if (at in given and end < len(norms) and _namey(norms[end], lists)
                and not _overlaps(end, end + 1, out)):
            end += 1
        out.append((at, end, "PER"))
    return out


def _namey(norm: str, lists: Lists) -> bool:
    """Whether a token may be a word of a name (a word of the Arabic script that is no
    function word, title, head or known place)."""
    return (len(norm) > 1 and "\u0600" <= norm[0] <= "\u06ff" and norm not in FUNCTION_WORDS
            and norm not in HONORIFICS and not lists.known(norm))


def join_kunya(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
               _lists: Lists) -> list[Span]:
    """Rule 7 (module docstring)."""
    out = []
    for first, end, kind in spans:
        if (kind == "PER" and first and norms[first - 1] in KUNYA
                and not _overlaps(first - 1, first, spans)):
            first -= 1
        out.append((first, end, kind))
    if KUNYA.isdisjoint(norms) and _KUNYA_PREFIX not in " ".join(norms):
        return out  # most lines: set and substring tests in C, not a loop over the tokens
    for at in range(len(norms)):
        end = _kunya_name_end(norms, at)
        if end and not _overlaps(at, end, out):
            out.append((at, end, "PER"))
    return out


def _kunya_name_end(norms: Sequence[str], at: int) -> int:
    """The end of a name made of a kunya and a nisba starting at ``at`` (``ابوحیدر الساعدی``,
    ``ابو مهدی المهندس``), else 0."""
    norm = norms[at]
    if norm in KUNYA:
        at += 1
    elif not (norm.startswith(_KUNYA_PREFIX) and len(norm) > 4):
        return 0
    nisba = at + 1
    if nisba < len(norms) and norms[nisba].startswith("ال") and len(norms[nisba]) > 4:
        return nisba + 1
    return 0


def drop_bare_heads(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                    _lists: Lists) -> list[Span]:
    """Rule 8 (module docstring)."""
    return [s for s in spans
            if not (s[2] == "ORG" and norms[s[0]] in BARE_HEADS
                    and (s[1] - s[0] == 1 or norms[s[0] + 1] in _BEFORE_PLACES))]


def split_at_heads(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                   _lists: Lists) -> list[Span]:
    """Rule 9 (module docstring)."""
    out = []
    for first, end, kind in spans:
        if kind == "ORG":
            for i in range(end - 2, first, -1):
                if norms[i] == "و" and norms[i + 1] in PLACE_ORG_HEADS:
                    out.append((i + 1, end, kind))
                    end = i
        out.append((first, end, kind))
    return out


# Words between «و» and a head that name people of the first body, not a body of their own
# («وزارت نیرو و مسئولان استانداری کرمان»): offices, in the singular or plural.
_STAFF = _normal_set("""
    معاون معاونین معاونان مدیر مدیران مدیرکل مدیرکلان رئیس رؤسای روسای مسئول مسئولان مسئولین
    کارکنان کارمندان نماینده نمایندگان عضو اعضای اعضا دبیر سخنگوی سرپرست مشاور کارشناسان
    واحد واحدهای شعبه شعب شعبه‌های
""")
_STAFF_GAP = 2  # office words between «و» and the next body's head, at most


def split_before_staff(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                       lists: Lists) -> list[Span]:
    """Rule 13 (module docstring)."""
    if "و" not in norms:
        return spans
    places = _ranges(entries, "LOC")
    out = []
    for first, end, kind in spans:
        if kind == "ORG":
            for i in range(end - 3, first, -1):
                if norms[i] != "و" or norms[i + 1] not in _STAFF:
                    continue
                head = next((j for j in range(i + 2, min(i + 2 + _STAFF_GAP, end))
                             if norms[j] not in _STAFF), None)
                if head is None:
                    continue
                if _head(norms[head], lists):
                    out.append((head, end, kind))
                    end = i
                elif (head, end) in places or (end == head + 1 and lists.place_word(norms[head])):
                    out.append((head, end, "LOC"))  # «… و واحدهای ساوه»: its branch's place
                    end = i
        out.append((first, end, kind))
    return out


def split_after_places(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                       lists: Lists) -> list[Span]:
    """Rule 20 (module docstring)."""
    if "و" not in norms:
        return spans
    places = _ranges(entries, "LOC")
    out = []
    for first, end, kind in spans:
        if kind == "ORG":
            for i in range(end - 3, first + 1, -1):
                if (norms[i] == "و" and _place_ends(norms, i, places, lists)
                        and not _place_starts(norms, i + 1, places, lists)
                        and not any(a < i < b for a, b in places)):
                    out.append((i + 1, end, kind))
                    end = i
        out.append((first, end, kind))
    return out


def _place_ends(norms: Sequence[str], at: int, places: Collection[tuple[int, int]],
                lists: Lists) -> bool:
    """Whether a place ends right before token ``at``."""
    return lists.place_word(norms[at - 1]) or any(b == at for _, b in places)


def _place_starts(norms: Sequence[str], at: int, places: Collection[tuple[int, int]],
                  lists: Lists) -> bool:
    """Whether a place starts at token ``at``."""
    return lists.place_word(norms[at]) or any(a == at for a, _ in places)


def places_after_offices(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                         _lists: Lists) -> list[Span]:
    """Rule 10 (module docstring)."""
    return [(a, b, "LOC") if kind == "PER" and b - a == 1 and a and norms[a - 1] in PLACE_OFFICES
            else (a, b, kind) for a, b, kind in spans]


def speakers(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
             lists: Lists) -> list[Span]:
    """Rule 11 (module docstring)."""
    if _SPEECH.keys().isdisjoint(norms):  # most lines: a set test in C, not a Python loop
        return spans
    out = list(spans)
    for verb_at in compress(range(len(norms)), map(_SPEECH.__contains__, norms)):
        if not any(tuple(norms[verb_at:verb_at + len(v)]) == v for v in _SPEECH[norms[verb_at]]):
            continue
        for filler in ((), *_FILLERS):
            at = verb_at - len(filler) - 1
            if at < 0 or tuple(norms[at + 1:verb_at]) != filler:
                continue
            norm = norms[at]
            if ((at == 0 or norms[at - 1] in _CLAUSE_MARKS) and _namey(norm, lists)
                    and norm not in NOT_SPEAKERS and not _overlaps(at, at + 1, out)):
                out.append((at, at + 1, "PER"))
    return out


# Prepositions that end an organisation's name before a place («کمیسیون مشترک با ترکیه»).
_BEFORE_PLACES = _normal_set("در مابین بین میان با به از برای")


def split_at_in(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                lists: Lists) -> list[Span]:
    """Rule 12 (module docstring)."""
    places = _starts(entries, "LOC")
    out = []
    for first, end, kind in spans:
        cut = next((i for i in range(first + 1, end - 1) if kind == "ORG"
                    and norms[i] in _BEFORE_PLACES
                    and (i + 1 in places or lists.place_word(norms[i + 1]))), None)
        if cut is None:
            out.append((first, end, kind))
        else:
            out += [(first, cut, kind), (cut + 1, end, "LOC")]
    return out


# A team's name starts after «تیم» and its sport («تیم فوتبال پیکان تهران»: «پیکان تهران»).
_TEAM = _normal_set("تیم تیم‌های تیمهای")
_SPORTS = _normal_set("""
    ملی فوتبال فوتسال والیبال بسکتبال هندبال واترپلو کشتی تکواندو کاراته جودو بوکس
    وزنه‌برداری هاکی راگبی شنا ساحلی زنان بانوان مردان جوانان امید نوجوانان بزرگسالان
""")


def teams(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
          _lists: Lists) -> list[Span]:
    """Rule 14 (module docstring)."""
    if _TEAM.isdisjoint(norms):
        return spans
    out = []
    for first, end, kind in spans:
        if kind == "ORG" and norms[first] in _TEAM:
            first += 1
            while first < end and norms[first] in _SPORTS:
                first += 1
            if first == end:
                continue  # «تیم ملی فوتبال»: a kind of team, no name
        elif kind == "PER" and end - first <= 2 and _after_team(norms, first):
            kind = "ORG"
        out.append((first, end, kind))
    return out


def _after_team(norms: Sequence[str], at: int) -> bool:
    """Whether token ``at`` follows «تیم» and its sport (right after «تیم» alone may be a
    person: «کاپیتان تیم X»)."""
    at -= 1
    if at < 0 or norms[at] not in _SPORTS:
        return False
    while at >= 0 and norms[at] in _SPORTS:
        at -= 1
    return at >= 0 and norms[at] in _TEAM


def join_head_before(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                     lists: Lists) -> list[Span]:
    """Rule 15 (module docstring)."""
    if PLACE_ORG_HEADS.isdisjoint(norms):
        return spans
    out = []
    for first, end, kind in spans:
        if kind == "ORG" and first and norms[first] not in lists.org_heads:
            at = first - 1
            if at and norms[at] in _LEGAL_FORMS:
                at -= 1  # «شرکت سهامی …»
            if norms[at] in PLACE_ORG_HEADS and not _overlaps(at, first, spans):
                first = at
        out.append((first, end, kind))
    return out


# a company's legal form, between its head and its name
_LEGAL_FORMS = _normal_set("سهامی تعاونی")


# Words before a place that make no organisation of it: its state and its money («دولت
# آمریکا», «دینار عراق»): the place is a place. Not ریال, which is رئال once normalised
# («رئال مادرید»).
_OF_PLACES = _normal_set("دولت دلار دینار درهم لیر لیره روپیه پوند یوان")


def states_of_places(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                     lists: Lists) -> list[Span]:
    """Rule 16 (module docstring)."""
    if _OF_PLACES.isdisjoint(norms):
        return spans
    places = _ranges(entries, "LOC")
    out = []
    for first, end, kind in spans:
        if (kind == "ORG" and norms[first] in _OF_PLACES
                and ((first + 1, end) in places
                     or (end == first + 2 and lists.place_word(norms[first + 1])))):
            first, kind = first + 1, "LOC"
        out.append((first, end, kind))
    return out


def numbered_units(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                   _lists: Lists) -> list[Span]:
    """Rule 17 (module docstring)."""
    if _NUMBER_WORD not in norms:
        return spans
    listed = _ranges(entries, "ORG")
    return [(first, end, kind) for first, end, kind in spans
            if not (kind == "ORG" and end + 1 < len(norms) and norms[end] == _NUMBER_WORD
                    and not any(first <= a and b <= end for a, b in listed))]


_NUMBER_WORD = normalize("شماره")
# Places named after an Imam («بیمارستان امام رضا ( ع )»): the Imam's name is the place's.
_NAMED_PLACES = _normal_set("""
    بیمارستان مسجد مصلی حسینیه حرم بزرگراه خیابان میدان فرودگاه بندر پالایشگاه دانشگاه
    مدرسه دبستان دبیرستان ورزشگاه پل شهرک کوی بلوار ستاد کمیته پایگاه درمانگاه اردوگاه سالن
""")
_IMAM = _normal_set("امام حضرت")


def holy_names_in_places(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                         _lists: Lists) -> list[Span]:
    """Rule 18 (module docstring)."""
    if _IMAM.isdisjoint(norms):
        return spans
    return [(first, end, kind) for first, end, kind in spans
            if not (kind == "PER" and first > 1 and norms[first - 1] in _IMAM
                    and norms[first - 2] in _NAMED_PLACES)]


# A desk of a news agency or paper is part of no name («سرویس سیاسی خبرگزاری مهر»).
_DESKS = _normal_set("گروه سرویس حوزه بخش")
_PRESS = _normal_set("خبرگزاری روزنامه نشریه هفته‌نامه ماهنامه")


def news_desks(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
               _lists: Lists) -> list[Span]:
    """Rule 19 (module docstring)."""
    if _PRESS.isdisjoint(norms):
        return spans
    out = []
    for first, end, kind in spans:
        if kind == "ORG" and norms[first] in _DESKS:
            first = next((i for i in range(first + 1, end - 1) if norms[i] in _PRESS), first)
        out.append((first, end, kind))
    return out


# Clubs named by a common noun (استقلال «independence», پیروزی «victory», نفت «oil» …): one
# word of these is the club only where the line speaks of sport.
_NOUN_CLUBS = _normal_set("""
    استقلال پیروزی تراکتور ذوب‌آهن فولاد نفت پیکان ملوان آلومینیوم ماشین‌سازی پدیده نساجی
""")
_SPORT_WORDS = _normal_set("""
    تیم تیمش تیمهای تیم‌های بازی بازیکن بازیکنان لیگ گل مربی سرمربی باشگاه باشگاه‌ها فوتبال
    فوتسال والیبال بسکتبال هندبال دیدار هفته جام قهرمانی صعود مساوی تساوی برد باخت شکست
    پیروزی رقابت رقابت‌ها مسابقه مسابقات داور ورزشگاه هوادار هواداران آبی‌پوشان سرخ‌پوشان
    دربی شاگردان میزبان میهمان مهمان حریف نیمکت فصل پنالتی
""")


def clubs_in_sport(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                   _lists: Lists) -> list[Span]:
    """Rule 21 (module docstring)."""
    if _NOUN_CLUBS.isdisjoint(norms) or not _SPORT_WORDS.isdisjoint(norms):
        return spans
    return [(first, end, kind) for first, end, kind in spans
            if not (kind == "ORG" and end - first == 1 and norms[first] in _NOUN_CLUBS)]


_NAME_BEFORE_OFFICE = 3  # words of a person's name before an office, at most


def persons_before_offices(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                           lists: Lists) -> list[Span]:
    """Rule 22 (module docstring)."""
    if lists.titles.isdisjoint(norms):
        return spans
    org_starts = _starts(entries, "ORG")
    out = []
    for first, end, kind in spans:
        office = None
        if kind == "ORG" and first not in org_starts and not _head(norms[first], lists):
            office = next((i for i in range(first + 1, min(first + 1 + _NAME_BEFORE_OFFICE, end))
                           if not _namey(norms[i], lists) or _head(norms[i], lists)), None)
        if office is None or norms[office] not in lists.titles or norms[office] in NAME_PARTS:
            out.append((first, end, kind))
            continue
        out.append((first, office, "PER"))
        body = next((i for i in range(office + 1, end) if _head(norms[i], lists)), None)
        if body is not None:
            out.append((body, end, kind))
    return out


def _head(norm: str, lists: Lists) -> bool:
    """Whether ``norm`` is an organisation's head (of the lists, or one that takes a place)."""
    return norm in lists.org_heads or norm in PLACE_ORG_HEADS


def counted_heads(norms: Sequence[str], spans: list[Span], entries: Sequence[Entry],
                  _lists: Lists) -> list[Span]:
    """Rule 23 (module docstring)."""
    if not any(norms[first] in BARE_HEADS for first, _, _ in spans):
        return spans
    listed = _starts(entries, "ORG")
    return [(first, end, kind) for first, end, kind in spans
            if not (kind == "ORG" and first and norms[first] in BARE_HEADS
                    and first not in listed and _counts(norms[first - 1]))]


_OPEN_QUOTES, _CLOSE_QUOTES = frozenset("«\"“"), frozenset("»\"”")
_QUOTE_GAP = 2  # words of a quoted name the model left out before the closing quote, at most


def widen_in_quotes(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                    lists: Lists) -> list[Span]:
    """Rule 24 (module docstring)."""
    if _OPEN_QUOTES.isdisjoint(norms):
        return spans
    out = []
    for first, end, kind in spans:
        if kind == "ORG" and first and norms[first - 1] in _OPEN_QUOTES:
            close = next((i for i in range(end, min(end + _QUOTE_GAP + 1, len(norms)))
                          if norms[i] in _CLOSE_QUOTES), None)
            if (close is not None and close > end and not _overlaps(end, close, spans)
                    and all(_namey(n, lists) for n in norms[end:close])):
                end = close
        out.append((first, end, kind))
    return out


# A county is named without the word (news writes «شهرستان بهشهر», the name «بهشهر»; «استان»
# stays, «استان کرمان» being how a province is named, and so does «شهر», part of some names:
# «شهر ری»).
_PLACE_KINDS = _normal_set("شهرستان")


def places_without_kind(norms: Sequence[str], spans: list[Span], _: Sequence[Entry],
                        _lists: Lists) -> list[Span]:
    """Rule 25 (module docstring)."""
    if _PLACE_KINDS.isdisjoint(norms):
        return spans
    return [(first + 1, end, kind) if kind == "LOC" and end - first > 1
            and norms[first] in _PLACE_KINDS else (first, end, kind)
            for first, end, kind in spans]


class Lists:
    """The word lists of the model's features that the rules read (``crf`` passes its own, so
    that the two never disagree)."""

    def __init__(self, titles: frozenset[str], org_heads: frozenset[str],
                 place_heads: frozenset[str], places: frozenset[str]) -> None:
        self.titles, self.org_heads = titles, org_heads
        self._places = place_heads | places
        self._known = titles | org_heads | place_heads | places

    def place_word(self, norm: str) -> bool:
        """A place of the region or a place's head (``استان``، ``منطقه``)."""
        return norm in self._places

    def known(self, norm: str) -> bool:
        return norm in self._known


Rule = Callable[[Sequence[str], list[Span], Sequence[Entry], Lists], list[Span]]
# in the docstring's order, but for two rules that must run before others: rule 22 before
# rule 3 (which would start a person's "organisation" at the head after the office), and rule
# 18 before rule 5 (a place named after an Imam loses its "person" before a head and a place
# are joined across it)
RULES: tuple[Rule, ...] = (trim_function_words, drop_titles, persons_before_offices,
                           start_at_head, widen_to_entries, holy_names_in_places, join_places,
                           after_honorifics, join_kunya, drop_bare_heads, split_at_heads,
                           places_after_offices, speakers, split_at_in, split_before_staff,
                           teams, join_head_before, states_of_places, numbered_units,
                           news_desks, split_after_places, clubs_in_sport, counted_heads,
                           widen_in_quotes, places_without_kind)


# The types of span a rule works on (it does nothing on a line without one); the other rules
# may find something on a line where the model found nothing, and always run.
_WORKS_ON: dict[Rule, frozenset[str]] = {
    trim_function_words: frozenset({"PER", "ORG", "LOC"}), drop_titles: frozenset({"PER"}),
    start_at_head: frozenset({"ORG"}), join_places: frozenset({"LOC"}),
    drop_bare_heads: frozenset({"ORG"}), split_at_heads: frozenset({"ORG"}),
    places_after_offices: frozenset({"PER"}), split_at_in: frozenset({"ORG"}),
    split_before_staff: frozenset({"ORG"}), teams: frozenset({"PER", "ORG"}),
    join_head_before: frozenset({"ORG"}), states_of_places: frozenset({"ORG"}),
    numbered_units: frozenset({"ORG"}), holy_names_in_places: frozenset({"PER"}),
    news_desks: frozenset({"ORG"}), split_after_places: frozenset({"ORG"}),
    clubs_in_sport: frozenset({"ORG"}), persons_before_offices: frozenset({"ORG"}),
    counted_heads: frozenset({"ORG"}), widen_in_quotes: frozenset({"ORG"}),
    places_without_kind: frozenset({"LOC"})}
_ALWAYS: frozenset[str] = frozenset()


def apply(norms: Sequence[str], spans: Sequence[Span], entries: Sequence[Entry],
          lists: Lists) -> list[Span]:
    """The spans of one line after every rule (module docstring), in order, without
    overlaps. ``norms``: the line's normalised tokens; ``spans``: the model's; ``entries``:
    the line's :func:`kavosh.entities.gazetteer.matches`."""
    found = list(spans)
    kinds = {kind for _, _, kind in found}
    for rule, works_on in _PLAN:
        if works_on and works_on.isdisjoint(kinds):
            continue  # a rule costs more than this test, and the finder runs on every line
        before, found = found, rule(norms, found, entries, lists)
        if found is not before:  # a rule with nothing to do gives its spans back
            kinds = {kind for _, _, kind in found}
    return sorted(set(found))


_PLAN = tuple((rule, _WORKS_ON.get(rule, _ALWAYS)) for rule in RULES)
