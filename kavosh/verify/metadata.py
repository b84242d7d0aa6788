"""File metadata plausibility: what a file says of its own making against the document's
date.

Read from the document's metadata as ingest stored it (PDF ``producer``, ``creator``,
``created``, ``modified``; Office ``created``, ``modified``):

- created more than :data:`LATE_YEARS` years after the document's own date: a warning (a
  later scan or conversion is common; a "2009 original" made in 2021 needs a story);
- created more than :data:`EARLY_DAYS` days before the document's own date: a warning (a
  template, or a date typed to fit);
- modified before created: a problem (tools write them in that order);
- a producer or creator program first released after the file says it was created (or, with
  no creation date, after the document's date): a problem. :data:`FIRST_RELEASES` is a small
  hand-kept table of common PDF producers and the year each first came out;
- the same for the fonts a PDF draws its first pages with (``fonts``, kept by the PDF reader;
  :data:`FONT_RELEASES`: Calibri and the other 2007 ClearType fonts, Vazir, Aptos …);
- a PDF saved more than once (``pdf_revisions``: incremental updates appended to the file):
  information — a later save can change or cover what an earlier one showed;
- an image (a scan, a photograph of a page) whose EXIF says it was made (``taken``) more than
  :data:`CAPTURE_EARLY_DAYS` days before the document's own date: a warning — a page scanned
  before it was written (or a device whose clock was wrong). Made after it is the normal case
  and says nothing;
- an image whose EXIF ``software`` is a program that edits images (:data:`IMAGE_EDITORS`:
  Photoshop, GIMP …): information — the scan passed through an editor, which is common and
  proves nothing, but is worth knowing when its content is in question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from kavosh.ingest.image import exif_time
from kavosh.store.verify import StoredFinding
from kavosh.text.calendars import iso_day
from kavosh.verify.base import Check, DocumentInput

LATE_YEARS = 2
EARLY_DAYS = 31
# (pattern on the lower-cased producer or creator, name shown, first release year). More
# specific patterns first: the first that matches decides.
FIRST_RELEASES: tuple[tuple[str, str, int], ...] = (
    (r"microsoft 365|microsoft® word for microsoft 365", "Microsoft 365", 2020),
    (r"word 2019|office 2019", "Microsoft Word 2019", 2018),
    (r"word 2016|office 2016", "Microsoft Word 2016", 2015),
    (r"word 2013|office 2013", "Microsoft Word 2013", 2013),
    (r"word 2010|office 2010", "Microsoft Word 2010", 2010),
    (r"word 2007|office 2007", "Microsoft Word 2007", 2007),
    (r"microsoft: print to pdf", "Microsoft Print to PDF", 2015),
    (r"libreoffice", "LibreOffice", 2011),
    (r"openoffice", "OpenOffice.org", 2002),
    (r"fpdf2|pyfpdf/fpdf2", "fpdf2", 2017),
    (r"pypdf2", "PyPDF2", 2011),
    (r"\bpypdf\b", "pypdf", 2022),
    (r"itext(®)? ?7", "iText 7", 2016),
    (r"itext(®)? ?5", "iText 5", 2009),
    (r"itext", "iText", 2000),
    (r"skia/pdf", "Skia/PDF (Chrome)", 2014),
    (r"pdfium", "PDFium", 2014),
    (r"wkhtmltopdf", "wkhtmltopdf", 2008),
    (r"weasyprint", "WeasyPrint", 2011),
    (r"cairo", "cairo", 2005),
    (r"xetex|xdvipdfmx", "XeTeX", 2004),
    (r"luatex", "LuaTeX", 2007),
    (r"pdftex", "pdfTeX", 1997),
    (r"reportlab", "ReportLab", 2000),
    (r"tcpdf", "TCPDF", 2002),
    (r"quartz pdfcontext", "macOS Quartz", 2001),
    (r"acrobat pdfmaker", "Acrobat PDFMaker", 1999),
    (r"acrobat distiller", "Acrobat Distiller", 1993),
    (r"ghostscript", "Ghostscript", 1988),
)
_TABLE = tuple((re.compile(pattern), name, year) for pattern, name, year in FIRST_RELEASES)
# (pattern on the font's base name, lower-cased without its subset tag, spaces and hyphens;
# name shown; the year it first shipped). Only fonts whose first release is well known.
FONT_RELEASES: tuple[tuple[str, str, int], ...] = (
    (r"^aptos", "Aptos (Microsoft 365's default)", 2023),
    (r"^vazirmatn", "Vazirmatn", 2021),
    (r"^vazir", "Vazir", 2015),
    (r"^(calibri|cambria|candara|consolas|constantia|corbel)",
     "a ClearType font of Windows Vista and Office 2007", 2007),
    (r"^segoeui", "Segoe UI", 2006),
    (r"^(roboto|opensans)", "Roboto or Open Sans", 2011),
    (r"^notosans", "Noto Sans", 2012),
)
_FONTS = tuple((re.compile(pattern), name, year) for pattern, name, year in FONT_RELEASES)
CAPTURE_EARLY_DAYS = 2  # a letter dated the next day, a device's clock in another time zone
# (pattern on the lower-cased EXIF Software, name shown): programs that edit images, as opposed
# to the firmware or driver of the camera or scanner that made them.
IMAGE_EDITORS: tuple[tuple[str, str], ...] = (
    (r"photoshop", "Adobe Photoshop"),
    (r"lightroom", "Adobe Lightroom"),
    (r"\bgimp\b", "GIMP"),
    (r"paint\.net", "Paint.NET"),
    (r"paintshop|paint shop pro", "Corel PaintShop Pro"),
    (r"affinity photo", "Affinity Photo"),
    (r"pixelmator", "Pixelmator"),
    (r"snapseed", "Snapseed"),
    (r"photoscape", "PhotoScape"),
    (r"photopea", "Photopea"),
    (r"picasa", "Picasa"),
    (r"acdsee", "ACDSee"),
    (r"imagemagick|graphicsmagick", "ImageMagick"),
)
_EDITORS = tuple((re.compile(pattern), name) for pattern, name in IMAGE_EDITORS)
_SUBSET = re.compile(r"^[A-Z]{6}\+")


def font_release(font: str) -> tuple[str, int] | None:
    """``(name, year)`` of the font table's entry for a PDF font's base name, if any."""
    key = re.sub(r"[\s_-]", "", _SUBSET.sub("", font)).lower()
    return next(((name, year) for pattern, name, year in _FONTS if pattern.search(key)), None)


def first_release(program: str) -> tuple[str, int] | None:
    """``(name, year)`` of the table's entry for a producer or creator string, if any."""
    lowered = program.lower()
    return next(((name, year) for pattern, name, year in _TABLE if pattern.search(lowered)),
                None)


def image_editor(software: str) -> str | None:
    """The name of the image editor an EXIF Software string names, if the table knows it."""
    lowered = software.lower()
    return next((name for pattern, name in _EDITORS if pattern.search(lowered)), None)


class MetadataCheck(Check):
    name = "metadata"
    version = "3"  # 2: fonts and incremental saves; 3: images' EXIF capture date and software
    title = "File metadata: producer, creation and modification dates against the document's"

    def document(self, doc: DocumentInput) -> tuple[Any, list[StoredFinding]]:
        meta = doc.metadata
        created, modified = iso_day(meta.get("created")), iso_day(meta.get("modified"))
        own = iso_day(doc.own_date)
        found: list[StoredFinding] = []

        def add(severity: str, message: str, kind: str, **evidence: Any) -> None:
            found.append(self.finding(doc.document_id, severity, message, kind=kind,
                                      **evidence))

        if created and own:
            years = (created - own).days / 365.25
            if years > LATE_YEARS:
                add("warning", f"the file was created {created.isoformat()}, {years:.1f} years "
                    f"after the document's date ({own.isoformat()})", "created-long-after",
                    field="created", value=meta.get("created"), own_date=doc.own_date)
            elif (own - created).days > EARLY_DAYS:
                add("warning", f"the file was created {created.isoformat()}, before the "
                    f"document's date ({own.isoformat()})", "created-before-date",
                    field="created", value=meta.get("created"), own_date=doc.own_date)
        if created and modified and str(meta.get("modified")) < str(meta.get("created")) \
                and modified < created:
            add("problem", f"the file says it was modified ({modified.isoformat()}) before it "
                f"was created ({created.isoformat()})", "modified-before-created",
                field="modified", value=meta.get("modified"), created=meta.get("created"))
        when = created or own
        revisions = meta.get("pdf_revisions")
        if isinstance(revisions, int) and revisions > 1:
            add("info", f"the PDF was saved {revisions} times (incremental updates): a later "
                "save can change or hide what an earlier one showed", "incremental-saves",
                field="pdf_revisions", value=revisions)
        fonts = meta.get("fonts")
        made: list[tuple[str, object, Callable[[str], tuple[str, int] | None]]] = [
            (key, meta.get(key), first_release) for key in ("producer", "creator")]
        made += [("font", font, font_release) for font in fonts or [] if isinstance(fonts, list)]
        for label, value, table in made:
            known = table(value) if isinstance(value, str) else None
            if known and when and known[1] > when.year:
                basis = "created" if created else "dated"
                add("problem" if created else "warning",
                    f"the {label} {value!r} ({known[0]}, first released {known[1]}) did not "
                    f"exist when the file was {basis} ({when.isoformat()})",
                    "font-anachronism" if label == "font" else "producer-anachronism",
                    field="fonts" if label == "font" else label, value=value,
                    released=known[1])
        found += self._image(doc, own)
        return None, found

    def _image(self, doc: DocumentInput, own: date | None) -> list[StoredFinding]:
        """An image's EXIF capture date against the document's date, and its software."""
        meta = doc.metadata
        found: list[StoredFinding] = []
        taken_value = meta.get("taken")
        # a case read before image reader 2 keeps EXIF's own form (2013:05:01 10:00:00)
        taken = iso_day(exif_time(taken_value)) if isinstance(taken_value, str) else None
        if taken and own and (own - taken).days > CAPTURE_EARLY_DAYS:
            device = " ".join(str(meta[k]) for k in ("camera_make", "camera_model") if meta.get(k))
            found.append(self.finding(
                doc.document_id, "warning",
                f"the image says it was made {taken.isoformat()}"
                f"{f' by {device}' if device else ''}, {(own - taken).days} days before the "
                f"document's date ({own.isoformat()}): scanned before it was written, or the "
                "device's clock was wrong", kind="captured-before-date", field="taken",
                value=taken_value, own_date=doc.own_date, device=device or None))
        software = meta.get("software")
        editor = image_editor(software) if isinstance(software, str) else None
        if editor:
            found.append(self.finding(
                doc.document_id, "info",
                f"the image was saved by {editor} ({software!r}): an image editor, not the "
                "camera or scanner that made it", kind="image-editor", field="software",
                value=software, editor=editor))
        return found
