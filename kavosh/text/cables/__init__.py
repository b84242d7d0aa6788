"""Cable headers: the fields a reporter reads a cable by, found in a document's text.

:func:`read_cable` takes a document's pages and returns its :class:`Cable` (typed fields, each
with raw text, page and offsets, and findings: contradictions inside the header) or None when
the document is not a cable. :func:`reference_key` turns any spelling of a cable number into
the key that links a citing cable to the cited one. This docstring is the reference for every
form the reader knows; it reads text exactly as given (offsets are raw offsets of the page).

Field values (``CableField.value``)
===================================
- ``number``, ``reference``: :func:`reference_key` of the raw text (``312/4880/ک``,
  ``04ANKARA348``);
- ``date``: ISO Gregorian day, the :func:`kavosh.text.dates.find_dates` record in
  ``extra["date"]`` (its calendar, what was written) and, when the field gives the day in
  another calendar too (``٣١/٥/٢٠١٤ م الموافق ١ شعبان ١٤٣٥ هـ``), every other record in
  ``extra["also"]``; ``time``: ``HH:MM`` (Zulu in a US date-time group);
- ``classification``: the mark as a reader names it — Persian marks in Persian letters
  (``سری``, ``خیلی سری``, ``محرمانه``, ``خیلی محرمانه``, ``به‌کلی سری``, ``عادی``) even
  when typed with Arabic letters (``سري`` in a Persian letter is ``سری``); Arabic marks in
  Arabic letters (``سري``, ``سري للغاية``, ``سري جداً``, ``محدود``, ``كتمان``); English marks
  in capitals (``SECRET``, ``CONFIDENTIAL``, ``UNCLASSIFIED``, ``TOP SECRET``,
  ``LIMITED OFFICIAL USE``). US cables: ``extra`` counts the paragraph marks
  (``{"C": 4, "S": 1}``) and the redaction marks (``xxxxx``);
- ``handling``: caveats, one field each — ``NOFORN``, ``SIPDIS``, ``SENSITIVE``, ``EXDIS``,
  ``NODIS``, ``LIMDIS``, ``ORCON``, ``PROPIN``, ``REL TO …``; ``شخصی`` / ``سري وشخصي``
  (personal);
- ``precedence``: ``فوری``, ``خیلی فوری``, ``آنی``; ``عاجل``, ``فوري``; ``FLASH``,
  ``IMMEDIATE``, ``PRIORITY``, ``ROUTINE``;
- ``from`` of a US cable: the post's name as the State Department lists it (``Embassy
  Tehran``, ``Secretary of State``, ``Consulate Jerusalem``, ``Mission USNATO``); the table of
  posts is ``kavosh/text/data/cable_posts.toml``; ``to`` / ``copies`` addressees of a US cable
  keep the address as written (routing indicator, precedence and sequence number dropped) with
  the post's name in ``extra["post"]`` when known;
- any other field (``from`` / ``to`` of a letter, ``subject``, ``attachment``, ``tags``,
  ``signature``): the raw text with runs of white space made one space and a trailing
  ``: . ، ;`` dropped, letters as written.

Persian correspondence (convention ``fa``)
==========================================
Labels at the start of a line (or of a table cell), followed by a colon, by ``/`` (the Iraqi
habit: ``إلى / …``) or by nothing: ``شماره``
(number), ``تاریخ`` (date), ``پیوست`` (attachment), ``از`` (from), ``به`` / ``گیرنده`` (to),
``رونوشت`` (copies, one field per line or per ``،``-separated item), ``موضوع`` (subject),
``طبقه‌بندی`` / ``طبقه بندی`` / ``درجه حفاظتی`` (classification), ``فوریت`` (precedence),
``پیرو`` / ``بازگشت به`` / ``عطف به`` / ``در پاسخ به`` / ``اشاره به`` (reference).
Spelling does not matter: Arabic ``ي ك ة``, Persian, Arabic-Indic or ASCII digits, ZWNJ or a
space in ``طبقه‌بندی``. A classification label may carry a precedence too (``سری - فوری``),
and a line that is only a mark (``سری``, ``خیلی محرمانه - آنی``) near the top counts.
The same labels in English working translations: ``NO.`` / ``NUMBER``, ``DATE``, ``FROM``,
``TO``, ``CC`` / ``COPY``, ``SUBJECT`` / ``SUBJ``, ``CLASSIFICATION``, ``PRECEDENCE``,
``REF`` / ``REFERENCE``, ``ENCL`` / ``ATTACHMENT`` (these give convention ``fa`` too: they are
translations of Persian correspondence).

Layouts: one field a line (``شماره: ۳۱۲/۴۸۸۰/ک``); a table, as Kavosh's ingestors give it —
cells separated by TAB (``شماره⇥۳۱۲/۴۸۸۰/ک``, ⇥ standing for a TAB; also two pairs a row,
or a row read right to left: ``۳۱۲/۴۸۸۰/ک⇥شماره``) or ``label: value`` cells joined by a
space; two columns on one line (``شماره: ۱۲۳/۴۵۶⇥تاریخ: ۱۳۹۳/۰۱/۰۱``, or the pairs separated
by three spaces or more, or simply by the second ``label:``).
Numbers: digits and letters joined by ``/`` or ``-`` (``۳۱۲/۴۸۸۰/ک``, ``100/4722/س``,
``٣١٢/٤٤٨٦/م``, ``312/4670/S``) or a run of digits. Dates go through
:func:`kavosh.text.dates.find_dates` (``۱۳۹۳/۰۱/۱۸``, ``۲۵ آبان ۱۳۹۳``,
``1393/05/21 (12 August 2014)``). References are also read from the first lines of the body:
``بازگشت به تلگراف شماره ۳۲۱/۴۴۴۳/م مورخ …``, ``پیرو نامه شماره …``, ``عطف به …``,
``در پاسخ به …``, ``Reference cable 410/4591/S``; one field per cited number.
Closing block (last page): copies listed after the signature (``رونوشت:`` and the lines
under it that start with a dash or a number, ``صورة إلى``, ``CC``), and the signature — the
last short line before them (a name and a title, ``… - رئیس ایستگاه بغداد``) when it is not
a sentence. A label without a colon counts when its value has the expected form (a number, a
date, a mark) or, for free text (from, to, subject …), when the line beside it is a header
line; Arabic short vowels are ignored in labels and marks (``إلحاقاً``, ``سري جداً``).

Arabic (Iraqi government) correspondence (convention ``ar``)
============================================================
``العدد`` / ``الرقم`` (number), ``التاريخ`` (date, Gregorian ``م`` and Hijri ``هـ``, often
both: ``٣١/٥/٢٠١٤ م الموافق ١ شعبان ١٤٣٥ هـ``), ``من`` (from), ``إلى`` / ``الى`` (to),
``الموضوع`` or the subject marker ``م/`` (``م/ تقرير …``), ``التصنيف`` / ``درجة السرية``
(classification: ``سري``, ``سري وشخصي`` = ``سري`` plus handling ``سري وشخصي``,
``سري للغاية``, ``محدود``, ``كتمان``), ``الأسبقية`` (precedence), ``الإشارة`` / ``إشارة إلى``
/ ``اشارة الى`` / ``إلحاقاً ب`` (references, also in the first lines of the body:
``إشارة إلى البرقية المرقمة …``), ``صورة إلى`` / ``نسخة إلى`` (copies), ``المرفقات``
(attachment). A cable is Arabic when most of its labels are.

US diplomatic cables (convention ``us``)
========================================
As released in 2010: an optional routing header, then the body.

- Routing header: the date-time group line with its precedence (``P R 281848Z DEC 66``,
  ``O 090117Z JAN 06``: Z flash, O immediate, P priority, R routine — the first letter is the
  action precedence), ``FM`` (from), ``TO`` and ``INFO`` (copies) lines, one addressee a line
  (``RUEHC/SECSTATE WASHDC IMMEDIATE 8822``), ``DE RUEHNR #0072/01 0090117`` (serial).
- Partial extracts have no routing header; the body may start with a date line
  (``Wednesday, 25 February 2009, 15:14``) or a date-time group alone on its line above the
  serial line (``141216Z Jul 05``), which then gives the date and time. Anything else is no
  date of the cable: the declassification date is the drafter's estimate (on the release it
  falls on the cable's day in about a third of the dated cables), a day in the text (``met
  the minister on July 12``) is an event's, a REF line's is a cited cable's.
- The serial line: classification (also spaced out, any case: ``C O N F I D E N T I A L``,
  ``S e c r e t``; ``UNCLAS`` is ``UNCLASSIFIED``), an optional ``SECTION 01 OF 03``, the
  post and the serial (``ANKARA 000348``); in a release that lost its line breaks the line
  runs on after two spaces into the next header words (``MOSCOW 000228  SIPDIS  STATE FOR``).
  The lines after it until ``E.O.`` / ``TAGS`` / ``SUBJECT`` give handling caveats
  (``NOFORN``, ``SIPDIS``, ``SENSITIVE`` …). A body without a serial line nor a routing
  header (its ``E.O. 12958``, ``TAGS`` and ``SUBJECT`` lines still there) is classified by its
  highest paragraph mark, as the rules mark a document by its highest portion
  (``extra["source"] == "paragraph marks"``).
- ``E.O. 12958: DECL: 04/07/2015`` (also ``EO 12958 DECL:``), ``TAGS``, ``SUBJECT`` (joined
  across lines until a blank line, ``REF``, ``Classified By`` or a paragraph), ``REF`` lines
  (``REF: A. 05 NAIROBI 2243 B. BERLIN 1681``: each cited cable a ``reference``; a reference
  without a year is of the cable's own year), paragraph marks ``(C)``, ``(S//NF)`` and
  redactions ``XXXXXXXXXXXX`` (counted on the classification field), the signature (the last
  line, a name in capitals).
- The number (reference ID) is rebuilt from the year, the post and the serial:
  ``ankara 000348`` in 2004 → ``04ANKARA348``, ``LA PAZ 001541`` → ``09LAPAZ1541``,
  ``STATE 009124``; when the serial line names another post than the ``FM`` line (a body
  filed under another header) the ``FM`` post and the ``DE`` serial are used. The year comes
  from the date; a partial extract without a date takes the year most likely given its
  declassification date (``DECL: 04/06/2014``, ``2019/11/25``, ``1/26/20``: usually 10 years
  later, also 25, 20, 9, 15, 5 or 30), the years its text mentions and those of the cables
  it cites (:mod:`kavosh.text.cables.years`); ``extra["year_from"]`` says which. A
  ``Reference ID: 09BAGHDAD28`` line (``Canonical ID``; the 1970s databases'
  ``Document Number: 1979TEHRAN05055``), when present, is the number.
- ``from``: the post of the ``FM`` line (in capitals, before the serial line: ``FM Lavrov``
  in a paragraph is a foreign minister) or, with no routing header, of the serial line,
  named from the table of posts (``AMEMBASSY``, ``AMCONSUL``, ``USMISSION`` …, and missions
  such as ``USUN NEW YORK``, ``USNATO``, ``USEU BRUSSELS``, ``UNVIE``, ``RPO DUBAI``).

As the 1970s databases release them (the State Department's central files): a page header
on every page (``PAGE 01 TEHRAN 05055 221015Z``, under the previous page's classification
footer), the office distribution (``ACTION NEA-11``, ``INFO OCT-01 ISO-00 …``, ``DRAFTED BY``)
and a ``------------------`` separator before the routing header (``O 221015Z JUL 79``,
``FM AMEMBASSY TEHRAN``, ``TO SECSTATE WASHDC IMMEDIATE 1234``). The number takes its year
from the date-time group and, when the body has no serial line, its post and serial from the
page header (``79TEHRAN5055``); the classification is the body's serial line, else the first
line. The headers of pages 2 and on (with the footer above them) are no part of a field: a
SUBJECT broken by a page runs on past it. The signature is the name above the transmission's
end (``BT``, ``#5055``, ``NNN``) and the classification footer.

A document is a cable only with real header evidence in its first characters: for Persian,
Arabic and translated letters at least three labelled fields at the top of the first page,
one of them a number or a classification; for US cables a routing header (date-time group and
``FM``), a serial line followed by ``E.O.``, ``TAGS`` or ``SUBJECT``, or all three of these.
A news article, an e-mail (``From:``, ``To:``, ``Subject:``, ``Date:`` but no number or
classification) or a spreadsheet gets None: no invented fields.

Findings (:class:`Finding`, kept with the cable for verification; checks inside one header)
-----------------------------------------------------------------------------------------------
- ``id-date-mismatch``: the year inside a reference ID disagrees with the date field;
- ``post-mismatch`` / ``serial-mismatch``: the routing header and the serial line name
  different posts or serials;
- ``date-mismatch``: two dates of the header (date line and date-time group, or the two
  calendars of a date field) are more than a day apart;
- ``date-before-marking``: dated before E.O. 12958 (1995) yet marked under it;
  ``declassified-before-date``: a declassification date before the cable's own;
- ``reference-after-date``: the cable cites one dated after it;
- ``paragraph-above-classification``: a paragraph marked above the cable's classification;
- ``date-problem``: the date field is impossible or its weekday does not match
  (:func:`find_dates` problems).
"""

from __future__ import annotations

from collections.abc import Sequence

from kavosh.model import PageText
from kavosh.text.cables.fields import (
    FIELD_NAMES,
    READER_NAME,
    READER_VERSION,
    Cable,
    CableField,
    Finding,
)
from kavosh.text.cables.keys import reference_key
from kavosh.text.cables.letters import read_letter
from kavosh.text.cables.us import read_us

__all__ = [
    "FIELD_NAMES",
    "READER_NAME",
    "READER_VERSION",
    "Cable",
    "CableField",
    "Finding",
    "read_cable",
    "reference_key",
]


def read_cable(pages: Sequence[PageText]) -> Cable | None:
    """The cable header found in ``pages`` (a document's best text, page by page), or None
    when the document is not a cable: no invented fields on a news article or an e-mail.

    The header is looked for on the first page that has text."""
    first = next((page for page in pages if page.text.strip()), None)
    if first is None:
        return None
    last = pages[-1] if pages[-1].text.strip() else first
    return read_us(first.number, first.text) or read_letter(first.number, first.text, last)
