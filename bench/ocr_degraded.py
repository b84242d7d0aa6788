"""OCR that generalises: Kavosh against raw Tesseract on pages spoiled by degradations drawn at
random, with a held-out seed range that no setting was tuned on.

Every page comes from one integer seed, and the seed decides everything about it: its language
(even seeds Persian, odd seeds Arabic), its text, font, type size, and whether it is clean
(one seed pair in four) or spoiled by one to three degradation kinds drawn at random with
random strengths (:func:`spec`):

- ``scale``: scanned at 90–165 dpi instead of 300 (small text);
- ``rotation``: turned 0.5–4° either way;
- ``speckle``: salt-and-pepper noise or dust of 1–3 pixel specks on 0.3–3 % of the page;
- ``blur``: Gaussian blur of radius 0.6–1.8 pixels;
- ``jpeg``: JPEG at quality 12–45;
- ``light``: uneven light, the far side of the page 30–65 % darker;
- ``bleed``: the back page showing through, mirrored, at 15–40 % of its ink;
- ``warp``: lines bent and skewed across the page (a curled sheet);
- ``contrast``: washed-out ink (30–55 % of full contrast) on grey paper.

**Splits** (never tune on the held-out one):

- ``tune``: seeds 0–999 — used while choosing and adjusting the preprocessing;
- ``heldout``: seeds 1000 and up — measured only, to report.

``--pages N`` takes the first N seeds of the split (default 24; ``--first K`` skips K,
``--language fa|ar`` keeps one language). ``--kinds scale,blur,bleed`` spoils every page by
exactly those kinds (strengths still drawn from the seed): more tuning pages of a combination
that the held-out run showed weak, without looking at the held-out pages themselves.

Texts: Persian from Fars News (``../shared/data/farsnews/fars-news-2.json``; ``bench/ocr_cer.py``
uses file 1), Arabic ي/ك written as Persian ی/ک and digits as Persian digits, as ``ocr_cer``
does; the page is skipped when the data is absent. Arabic: the fictional sentences below
(written for this benchmark; no Arabic source is in the shared data), even-numbered ones for
tuning pages and odd-numbered ones for held-out pages. ``--data`` (or ``KAVOSH_SHARED_DATA``)
names the data folder when it is not beside the repository. Fonts: Nazli or Noto Naskh Arabic for
Persian, Noto Naskh or Noto Sans Arabic for Arabic, 10–14 pt, on an A5 page at 300 dpi.

Raw = ``tesseract page.png out -l fas+ara+eng`` (single-threaded, Tesseract's defaults), Kavosh
= the OCR stage's reading (``load_page`` + ``read_page`` with ``fas+ara+eng``) of the same PNG.
CER after collapsing white space and dropping direction marks. A degradation kind's row covers
every page spoiled by that kind (with whatever else was drawn for it).

Run: ``python bench/ocr_degraded.py [--data DIR] [--split heldout] [--pages 24] [--workers 2]``; the
figures, with the command and machine, are in ``docs/ocr.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import FONT, OUT, ROOT, machine

from kavosh.ocr.cer import cer
from kavosh.ocr.pages import load_page
from kavosh.ocr.preprocess import Steps
from kavosh.ocr.recognize import read_page
from kavosh.ocr.synthetic import Degradation, degrade, render_page
from kavosh.ocr.tesseract import TesseractOcr

DATA = Path(os.environ.get("KAVOSH_SHARED_DATA", ROOT.parent / "shared" / "data"))
SPLITS = {"tune": 0, "heldout": 1000}  # first seed of each split
KINDS = ("scale", "rotation", "speckle", "blur", "jpeg", "light", "bleed", "warp", "contrast")
FONTS = {
    "fa": [Path("/usr/share/fonts/truetype/farsiweb/nazli.ttf"), FONT],
    "ar": [FONT, Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf")],
}
LANGUAGES = ["fas", "ara", "eng"]
A5 = (5.83, 8.27)
CHARS_PER_PAGE = 650
PERSIAN = str.maketrans("0123456789يكة", "۰۱۲۳۴۵۶۷۸۹یکه")
MAX_IMAGE_PIXELS = 200_000_000

ARABIC = [
    "عقدت اللجنة المشتركة اجتماعها الثالث في بغداد يوم الأحد بحضور ممثلين عن الوزارتين.",
    "وأكد المتحدث باسم الوزارة أن الوفد سيعود إلى العاصمة بعد انتهاء المشاورات.",
    "وصلت قافلة الزوار إلى كربلاء صباح الخميس بعد رحلة استغرقت يومين عبر المنفذ الحدودي.",
    "طلبت الشركة تمديد العقد لمدة ستة أشهر أخرى بسبب تأخر وصول المعدات من الميناء.",
    "ناقش المجلس المحلي في البصرة خطة لإصلاح شبكة الكهرباء قبل حلول فصل الصيف.",
    "أفاد مصدر مطلع بأن الاجتماع تأجل إلى الأسبوع المقبل دون ذكر الأسباب.",
    "تسلمت الدائرة القانونية نسخة من المذكرة الموقعة من قبل السفير ومدير المكتب.",
    "وأشار التقرير إلى أن عدد الشاحنات التي عبرت الحدود ارتفع خلال الشهر الماضي.",
    "اتفق الطرفان على تشكيل فريق فني لمتابعة تنفيذ البنود المتفق عليها في المحضر.",
    "قالت المديرة العامة إن المستشفى الجديد سيستقبل المرضى مطلع العام القادم.",
    "جرى تبادل الوثائق الرسمية في مقر وزارة الخارجية بحضور عدد من المسؤولين.",
    "وذكرت الرسالة أن الشحنة الأولى من القمح وصلت إلى مخازن الحلة بسلامة.",
    "أعلنت هيئة المنافذ الحدودية عن إغلاق منفذ زرباطية مؤقتا لأعمال الصيانة.",
    "يرى المراقبون أن المفاوضات بشأن المياه ستستمر لفترة طويلة بين البلدين.",
    "طالب أعضاء اللجنة بتقديم كشف مفصل بالمبالغ المصروفة على مشاريع الإعمار.",
    "استقبل محافظ النجف وفدا تجاريا لبحث فرص الاستثمار في قطاع السياحة الدينية.",
    "وتضمن الكتاب الرسمي تعليمات جديدة بشأن منح تأشيرات الدخول للزوار.",
    "أكد قائد الشرطة المحلية أن الوضع الأمني في المدينة مستقر وتحت السيطرة.",
    "رفعت الوزارة تقريرها السنوي إلى مجلس الوزراء مع توصيات بزيادة التخصيصات.",
    "ستعقد الجلسة المقبلة في أربيل بناء على طلب حكومة الإقليم وبموافقة الجميع.",
    "أوضح المهندس المسؤول أن أعمال الحفر توقفت بعد العثور على أنابيب قديمة.",
    "نقلت الصحيفة عن مسؤول رفيع قوله إن الاتفاق لم يوقع حتى الآن.",
    "بلغت قيمة الصفقة مئة وعشرين مليون دينار وفق ما جاء في الوثيقة المسربة.",
    "دعا رئيس الجامعة الطلبة إلى المشاركة في المؤتمر العلمي الذي يقام في الموصل.",
    "وصف المستشار الزيارة بأنها ناجحة وقال إنها فتحت صفحة جديدة في العلاقات.",
    "سجلت مديرية الزراعة انخفاضا في إنتاج التمور بسبب قلة الأمطار هذا الموسم.",
    "وجاء في البرقية أن السفارة تلقت طلبا رسميا لتسهيل سفر الوفد الطبي.",
    "أعيد فتح الطريق الرابط بين الكوت والعمارة بعد إكمال أعمال التأهيل.",
    "قرر المجلس تأجيل التصويت على الميزانية إلى حين وصول الحسابات الختامية.",
    "أبلغت الوزارة المقاولين بضرورة الالتزام بالمواعيد المحددة في العقود.",
    "تحدث الشيخ في المضيف عن أهمية الصلح بين العشيرتين وإنهاء الخلاف القديم.",
    "صدر أمر إداري بنقل الموظف إلى دائرة أخرى اعتبارا من بداية الشهر.",
    "وأضاف البيان أن التحقيق ما زال جاريا لمعرفة ملابسات الحادث.",
    "شارك في الندوة باحثون من جامعات بغداد والكوفة والبصرة وأساتذة من الخارج.",
    "أرسلت اللجنة نسخة من المحضر إلى مكتب رئيس الوزراء للاطلاع والمصادقة.",
    "تعهد المدير بصرف رواتب العاملين المتأخرة قبل نهاية الأسبوع الحالي.",
    "وقعت الشركتان مذكرة تفاهم لإنشاء محطة لمعالجة المياه في الديوانية.",
    "أشار الكتاب إلى أن الوثائق المطلوبة ستسلم باليد إلى ممثل السفارة.",
    "انتهت أعمال الدورة التدريبية التي نظمتها الوزارة لموظفي الجوازات.",
    "نفى الناطق الرسمي ما تداولته بعض المواقع عن استقالة الوزير.",
]


DRAWS: dict[str, Callable[[random.Random], dict[str, object]]] = {
    "scale": lambda rng: {"scale": rng.uniform(0.3, 0.55)},
    "rotation": lambda rng: {"angle": rng.choice((-1, 1)) * rng.uniform(0.5, 4.0)},
    "speckle": lambda rng: {"noise": rng.uniform(0.003, 0.03),
                            "speck_size": rng.choice((1, 1, 2, 3))},
    "blur": lambda rng: {"blur": rng.uniform(0.6, 1.8)},
    "jpeg": lambda rng: {"jpeg_quality": rng.randint(12, 45)},
    "light": lambda rng: {"light": rng.uniform(0.3, 0.65)},
    "bleed": lambda rng: {"bleed": rng.uniform(0.15, 0.4)},
    "warp": lambda rng: {"warp": rng.uniform(0.004, 0.012)},
    "contrast": lambda rng: {"contrast": rng.uniform(0.3, 0.55), "paper": rng.randint(170, 235)},
}


@dataclass(slots=True)
class Spec:
    """Everything about one page, decided by its seed."""

    seed: int
    language: str  # "fa" or "ar"
    kinds: list[str]
    how: Degradation
    font: str
    points: float


@dataclass(slots=True)
class Row:
    seed: int
    language: str
    kinds: list[str]
    truth: str
    raw: str = ""
    kavosh: str = ""
    steps: list[str] = field(default_factory=list)
    read_with: str = ""
    seconds: float = 0.0


def spec(seed: int, kinds: tuple[str, ...] | None = None) -> Spec:
    """The page of ``seed``: language, clean or which degradations, how strong (``kinds``:
    these degradations instead of those the seed draws)."""
    rng = random.Random(seed)
    language = "fa" if seed % 2 == 0 else "ar"
    clean = (seed // 2) % 4 == 0
    drawn = [] if clean else rng.sample(KINDS, rng.choices((1, 2, 3), (4, 4, 3))[0])
    chosen = sorted(drawn if kinds is None else kinds, key=KINDS.index)
    font = str(rng.choice(FONTS[language]))
    points = round(rng.uniform(10, 14), 1)
    values: dict[str, object] = {}
    for kind in chosen:  # in the order of KINDS: the draws are the same for a seed
        values.update(DRAWS[kind](rng))
    return Spec(seed, language, chosen, Degradation(**values), font, points)  # type: ignore[arg-type]


# --- texts ---------------------------------------------------------------------------------


def persian_text(seed: int, offset: int = 0) -> str | None:
    """About a page of Fars News text for ``seed`` (None without the shared data)."""
    path = DATA / "farsnews" / "fars-news-2.json"
    if not path.exists():
        return None
    items = json.loads(path.read_text(encoding="utf-8"))
    for step in range(len(items)):
        item = items[(seed * 37 + offset + step) % len(items)]
        body = " ".join(p.strip() for p in item.get("paragraphs", []) if p and p.strip())
        if len(body) > CHARS_PER_PAGE:
            return body.translate(PERSIAN)[:CHARS_PER_PAGE].rsplit(" ", 1)[0]
    return None


def arabic_text(seed: int, offset: int = 0) -> str:
    """About a page of the fictional Arabic sentences of ``seed``'s split, shuffled by seed."""
    parity = 0 if seed < SPLITS["heldout"] else 1
    pool = ARABIC[parity::2]
    rng = random.Random(seed * 7 + offset)
    text = ""
    for sentence in rng.sample(pool, len(pool)):
        text = f"{text} {sentence}".strip()
        if len(text) >= CHARS_PER_PAGE:
            break
    return text


def page_text(page: Spec, offset: int = 0) -> str | None:
    return (persian_text(page.seed, offset) if page.language == "fa"
            else arabic_text(page.seed, offset))


def make_page(page: Spec, folder: Path) -> tuple[Path, str] | None:
    """Render and spoil the page of ``page``; its PNG and true text (None: no text here)."""
    text, back_text = page_text(page), page_text(page, offset=1)
    if text is None or back_text is None:
        return None
    image, truth = render_page(text, page.font, points=page.points, language=page.language,
                               inches=A5)
    back = None
    if page.how.bleed:
        back = render_page(back_text, page.font, points=page.points, language=page.language,
                           inches=A5)[0]
    path = folder / f"{page.seed:05d}-{page.language}.png"
    degrade(image, page.how, seed=page.seed, back=back).save(path)
    return path, truth


# --- reading -------------------------------------------------------------------------------


def raw_tesseract(path: Path, cache: Path) -> str:
    """Raw ``tesseract -l fas+ara+eng`` on the file, single-threaded (kept in ``cache`` by
    the image's hash: the same image is never read twice across runs)."""
    key = hashlib.sha256(path.read_bytes()).hexdigest()
    cached = cache / f"{key}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["tesseract", str(path), f"{tmp}/out", "-l", "+".join(LANGUAGES)],
                       check=True, capture_output=True, env=env)
        text = Path(f"{tmp}/out.txt").read_text(encoding="utf-8")
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


def run_page(seed: int, folder: Path, kinds: tuple[str, ...] | None = None) -> Row | None:
    """One page (spoiled by ``kinds`` when given): render, spoil, read raw and with Kavosh."""
    page = spec(seed, kinds)
    made = make_page(page, folder)
    if made is None:
        return None
    path, truth = made
    row = Row(seed, page.language, page.kinds, truth)
    row.raw = raw_tesseract(path, folder.parent / "raw-cache")
    started = time.perf_counter()
    loaded = load_page(path, "image/png", 1, MAX_IMAGE_PIXELS)
    reading = read_page(loaded, TesseractOcr(), LANGUAGES, Steps(), folder / f"s{seed}")
    row.seconds = time.perf_counter() - started
    row.kavosh, row.steps = reading.text, list(reading.settings.get("steps", []))
    row.read_with = str(reading.settings.get("read_with", ""))
    errors = (cer(truth, row.raw)[0], cer(truth, row.kavosh)[0])
    print(f"  {seed:5d} {page.language} {','.join(page.kinds) or 'clean':28} raw {errors[0]:4d}"
          f" kavosh {errors[1]:4d} / {len(truth):4d}  {row.read_with:12} {row.steps}",
          file=sys.stderr, flush=True)
    return row


# --- figures -------------------------------------------------------------------------------


def rate(rows: list[Row], attr: str) -> float:
    errors = total = 0
    for row in rows:
        e, n = cer(row.truth, getattr(row, attr))
        errors, total = errors + e, total + n
    return errors / total if total else 0.0


def report(rows: list[Row]) -> str:
    """Per language and degradation kind: pages, raw CER, Kavosh CER, Kavosh errors ÷ raw's."""
    out = ["| language | pages spoiled by | pages | raw tesseract CER | Kavosh CER"
           " | errors vs raw |", "|---|---|---|---|---|---|"]
    for language, label in (("fa", "Persian"), ("ar", "Arabic")):
        mine = [r for r in rows if r.language == language]
        groups = [("clean", [r for r in mine if not r.kinds])]
        groups += [(kind, [r for r in mine if kind in r.kinds]) for kind in KINDS]
        groups.append(("any degradation", [r for r in mine if r.kinds]))
        for kind, sel in groups:
            if not sel:
                continue
            raw, ours = rate(sel, "raw"), rate(sel, "kavosh")
            ratio = f"{ours / raw:.2f}×" if raw else "–"
            out.append(f"| {label} | {kind} | {len(sel)} | {raw:.2%} | {ours:.2%} | {ratio} |")
    return "\n".join(out)


def pick_seeds(split: str, first: int, pages: int, language: str | None) -> list[int]:
    """The ``pages`` seeds of ``split`` from its ``first`` (of ``language`` only, when given);
    the tuning split never reaches into the held-out range."""
    limit = SPLITS["heldout"] if split == "tune" else 10**9
    seed = SPLITS[split] + first
    seeds: list[int] = []
    while len(seeds) < pages and seed < limit:
        if language in (None, "fa" if seed % 2 == 0 else "ar"):
            seeds.append(seed)
        seed += 1
    return seeds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=tuple(SPLITS), default="heldout")
    parser.add_argument("--pages", type=int, default=24, help="seeds of the split to read")
    parser.add_argument("--first", type=int, default=0, help="skip this many seeds of the split")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, help="the shared data folder (default: beside the"
                        " repository, or $KAVOSH_SHARED_DATA)")
    parser.add_argument("--kinds", default="", help="spoil every page by exactly these kinds"
                        " (comma-separated), strengths still drawn from its seed: more tuning"
                        " pages of one combination")
    parser.add_argument("--language", choices=("fa", "ar"), help="only pages of this language")
    parser.add_argument("--out", type=Path, default=OUT / "ocr-degraded")
    args = parser.parse_args()
    global DATA
    if args.data is not None:
        DATA = args.data
        os.environ["KAVOSH_SHARED_DATA"] = str(args.data)  # the workers read it again
    if shutil.which("tesseract") is None:
        print("skipped: tesseract is not installed (apt-get install tesseract-ocr"
              " tesseract-ocr-fas tesseract-ocr-ara)")
        return 0
    if not (DATA / "farsnews").exists():
        print(f"note: {DATA / 'farsnews'} is absent: Persian pages are skipped")
    print(f"command: python bench/{Path(__file__).name} {' '.join(sys.argv[1:])}")
    print(f"machine: {machine()}; tesseract {TesseractOcr().version()}")
    folder = args.out / args.split
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    seeds = pick_seeds(args.split, args.first, args.pages, args.language)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = [r for r in pool.map(run_page, seeds, [folder] * len(seeds),
                                              [kinds or None] * len(seeds)) if r is not None]
    text = report(rows)
    print(text)
    (folder / "report.md").write_text(text + "\n", encoding="utf-8")
    (folder / "rows.jsonl").write_text(
        "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in rows),
        encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
