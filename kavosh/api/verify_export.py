"""The verification exports drawn as self-contained HTML files: the archive report (the
content of ``/verification``, with every finding) and one document's dossier. No script and
no outside file: the stylesheet is inlined, and links to the running server are left out, so
the file reads the same when mailed to an editor. ``kavosh verify report --format html``,
``kavosh verify dossier`` and the web's download routes (:mod:`kavosh.api.routes_verify`)
use these."""

from __future__ import annotations

from functools import cache

from markupsafe import Markup

from kavosh.api.routes_html import TEMPLATE_ENV
from kavosh.store import Store
from kavosh.verify.dossier import dossier, report_export
from kavosh.web import STATIC

STATUS_LABELS = {"unreviewed": "بررسی‌نشده", "consistent": "سازگار", "questions": "پرسش‌برانگیز",
                 "corroborated": "تأییدشده با منبع دیگر", "doubtful": "مشکوک"}
SEVERITY_LABELS = {"info": "اطلاع", "warning": "هشدار", "problem": "مشکل"}


@cache
def _css() -> Markup:
    # The stylesheet is the package's own file: trusted, and "</style" cannot occur in it.
    text = (STATIC / "kavosh.css").read_text(encoding="utf-8")
    return Markup(text.replace("</", "<\\/"))


def report_html(store: Store) -> str:
    """The archive report with every finding, as one HTML file."""
    report = report_export(store)
    return TEMPLATE_ENV.get_template("verification_export.html").render(
        report=report, findings=report["findings"], findings_total=len(report["findings"]),
        generated_at=report["generated_at"], linked=False, css=_css(),
        status_labels=STATUS_LABELS, severity_labels=SEVERITY_LABELS)


def dossier_html(store: Store, document_id: int) -> str:
    """One document's dossier (:func:`kavosh.verify.dossier.dossier`) as one HTML file."""
    return TEMPLATE_ENV.get_template("verification_dossier.html").render(
        d=dossier(store, document_id), css=_css(), status_labels=STATUS_LABELS,
        severity_labels=SEVERITY_LABELS)
