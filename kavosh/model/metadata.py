"""The metadata field names every ingestor shares, with what each means.

An ingestor writes a document's metadata as a flat dict; the keys it may use are declared here
once, so that an e-mail's ``date``, a PDF's ``created`` and a DOCX's ``author`` mean the same
thing wherever they are read (search filters, verification checks, the export).
``tests/test_pipeline.py`` ingests the sample archive and fails on any key not declared here.
A plugin may add keys of its own under a ``x_`` prefix.
"""

from __future__ import annotations

FIELDS: dict[str, str] = {
    # who and what
    "title": "the document's title as its file states it",
    "subject": "the subject line (e-mail) or the subject property (office files, PDF)",
    "author": "the author the file names (PDF Author, DOCX creator, HTML meta author)",
    "last_modified_by": "who saved the file last (office files)",
    "keywords": "keywords the file states",
    "language": "the language the file declares (used where its text does not decide)",
    "description": "an HTML page's meta description",
    "from": "an e-mail's sender, as written",
    "to": "an e-mail's recipients, as written",
    "cc": "an e-mail's copy recipients, as written",
    "message_id": "an e-mail's Message-ID",
    # when (ISO 8601 where it could be read, else as written)
    "date": "an e-mail's Date header",
    "created": "when the file says it was created",
    "modified": "when the file says it was last modified",
    "taken": "when a camera or scanner says the image was made (EXIF)",
    # how it was made
    "creator": "the program that created the content (PDF Creator)",
    "producer": "the program that wrote the PDF (PDF Producer)",
    "generator": "the program that wrote an HTML page (meta generator)",
    "software": "the software a scanner or camera names (EXIF)",
    "camera_make": "the camera or scanner maker (EXIF)",
    "camera_model": "the camera or scanner model (EXIF)",
    "converted_by": "the converter Kavosh used to read the file (LibreOffice)",
    "pdf_version": "the PDF version",
    "pdf_revisions": "how many times a PDF was saved, when more than once (incremental updates)",
    "fonts": "the fonts a PDF's first pages draw text with (base names)",
    "fonts_not_embedded": "those of the fonts the PDF does not carry",
    "encoding": "the character encoding the text was decoded from",
    "format": "the image format",
    "mode": "the image's colour mode",
    "width": "the image's width in pixels",
    "height": "the image's height in pixels",
    "frames": "how many frames (pages) the image holds",
    # how it was read
    "page_count": "how many pages the file holds",
    "truncated": "why only part of the file was read (a limit was reached)",
    "damaged_pages": "pages that could not be read, by number",
    "reordered_pages": "pages whose text was put back into reading order, by number",
    "member_count": "how many members a container holds",
    "message_count": "how many messages a mailbox holds",
    "attachment_count": "how many attachments an e-mail carries",
    "stopped": "why a container was not read to its end",
}

PLUGIN_PREFIX = "x_"


def undeclared(metadata: dict[str, object]) -> list[str]:
    """The keys of ``metadata`` that are neither declared here nor a plugin's own."""
    return sorted(k for k in metadata if k not in FIELDS and not k.startswith(PLUGIN_PREFIX))
