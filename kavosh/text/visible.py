"""Names, paths and other strings from a leak, made safe to show: every invisible control shown.

A hostile file name can carry terminal escape sequences (a window title, a clipboard write,
a cleared screen) or Unicode bidi controls (``rtl_cod\\u202egpj.exe`` displays as
``rtl_codexe.jpg``). :func:`visible` replaces each such character with a visible stand-in,
so what a reporter sees is what the name holds:

- C0 controls and DEL become their Unicode control pictures (ESC → ``␛``, newline → ``␊``);
- C1 controls (U+0080–U+009F, e.g. the one-byte CSI) become ``⟨U+009B⟩``;
- bidi controls (the Unicode ``Bidi_Control`` set) become their short names in angle brackets
  (U+202E → ``⟨RLO⟩``), as do the line and paragraph separators.

ZWNJ and ZWJ are kept: Persian needs them and they reorder nothing. The stand-ins are for
display only: the stored and exported values stay exact (JSON output keeps the real
characters, \\u-escaped: :func:`json_escape_controls`).

Where the treatment applies: names, paths, metadata, failure reasons and snippets on the
command line (a terminal line has no way to contain a bidi control); names, paths, metadata
and reasons in the web UI. The body text of a document in the web UI keeps its bidi controls
(Persian documents use RLM, LRM and embeddings to place numbers and Latin words): each
paragraph is its own block with its own direction, so a control cannot reach past it.
"""

from __future__ import annotations

import re

BIDI_NAMES = {
    "\u061c": "ALM", "\u200e": "LRM", "\u200f": "RLM",
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
    "\u2028": "LSEP", "\u2029": "PSEP",
}

_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(BIDI_NAMES) + "]")


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return f"⟨U+{code:04X}⟩"
    return f"⟨{BIDI_NAMES[char]}⟩"


def visible(text: str) -> str:
    """``text`` with every control and bidi control character replaced by a visible stand-in
    (see the module docstring); other characters unchanged. Works character by character, so
    it may be applied to pieces of a string as well as to the whole."""
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(lambda match: _stand_in(match.group()), text)


_JSON_HIDDEN = re.compile("[\x7f-\x9f" + "".join(BIDI_NAMES) + "]")


def json_escape_controls(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``, which escapes C0 controls
    itself) with DEL, C1 and bidi controls written as ``\\uXXXX`` escapes too: the same JSON
    value, exact when parsed, but harmless when printed to a terminal. Safe because JSON's own
    syntax is ASCII: these characters can only occur inside strings."""
    return _JSON_HIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)
