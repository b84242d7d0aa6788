"""Character fixes for Persian OCR output that change no length (word offsets stay valid).

Tesseract's Persian model writes some characters in forms the page cannot have shown:

- a Latin comma ``,`` right after a Persian or Arabic letter is the Persian comma ``،``, which
  the model reads as ``,`` in many fonts (a Latin comma after digits stays: ``12,345``);
- Arabic-Indic digits whose shapes are those of the Persian digits (٠١٢٣٧٨٩ and ۰۱۲۳۷۸۹ are the
  same glyphs) are written as Persian digits; ٤٥٦, whose shapes differ from ۴۵۶, are kept;
- a closing guillemet read as ``ه``: a word opened by ``«`` on a line where no ``»`` follows,
  ending in ``ه`` (``«کهرباه``), gets its ``»`` back (``«کهربا»``) — code names are quoted
  this way in cables, and the model makes this mistake on them often.

Applied only when Persian is the page's first OCR language.
"""

from __future__ import annotations

import re

_COMMA = re.compile("(?<=[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]),")
_SAME_SHAPE_DIGITS = str.maketrans("٠١٢٣٧٨٩", "۰۱۲۳۷۸۹")
_UNCLOSED = re.compile("«([^\\s«»]{2,})ه(?=[\\s.،:؛)]|$)(?![^\\n]*»)", re.MULTILINE)


def persian_fixes(text: str) -> str:
    """``text`` with the fixes above; always the same length as ``text``."""
    text = _COMMA.sub("،", text).translate(_SAME_SHAPE_DIGITS)
    return _UNCLOSED.sub(lambda m: f"«{m.group(1)}»", text)
