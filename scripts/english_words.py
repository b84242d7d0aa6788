"""Write ``kavosh/text/data/english-words.txt.gz``: the common English words the search treats
as ordinary words, not names (:mod:`kavosh.text.english`).

    python scripts/english_words.py [--source /usr/share/dict/american-english-small]

The source is SCOWL's size-35 list as Debian's ``wamerican-small`` package installs it
(``apt-get install wamerican-small``): about 50,000 common American English words. Kept: its
words of three letters or more in lower case, less those it also lists capitalised as proper
nouns; without possessives. Common words that are also family names (``bush``, ``rice``)
stay: the search calls a word ordinary by this list only when it is typed in lower case, or
when the case never writes it as a name (``kavosh.views.search``). Larger SCOWL lists were not
taken: size 50 holds ``macron`` (the accent), and removing its proper nouns removes
``senate`` and ``prince`` too. SCOWL's copyright notice, which its permission asks to keep
in every copy, heads the file. The output is the same for the same source (sorted, gzip
without a timestamp).
"""

from __future__ import annotations

import argparse
import gzip
import re
from pathlib import Path

SOURCE = Path("/usr/share/dict/american-english-small")
OUT = Path(__file__).resolve().parents[1] / "kavosh" / "text" / "data" / "english-words.txt.gz"
WORD = re.compile(r"[a-z]{3,}")
NOTICE = """\
# Common English words (lower case, 3 letters or more), from SCOWL size 35
# (Debian's wamerican-small), by scripts/english_words.py. Used by kavosh.text.english.
#
# Copyright 2000-2011 by Kevin Atkinson
#
# Permission to use, copy, modify, distribute and sell these word lists, the associated
# scripts, the output created from the scripts, and its documentation for any purpose is
# hereby granted without fee, provided that the above copyright notice appears in all copies
# and that both that copyright notice and this permission notice appear in supporting
# documentation. Kevin Atkinson makes no representations about the suitability of this array
# for any purpose. It is provided "as is" without express or implied warranty.
#
# SCOWL also includes material from the public-domain Moby Words II (Grady Ward) and from
# lists whose authors granted the same or freer terms (see Debian's
# /usr/share/doc/wamerican-small/copyright).
"""


def common_words(lines: list[str]) -> list[str]:
    """The lower-case words of ``lines`` (one word a line), sorted, less those that ``lines``
    also writes capitalised (a proper noun)."""
    words = [line.strip() for line in lines]
    capitalised = {w.lower() for w in words if w[:1].isupper()}
    return sorted({w for w in words if WORD.fullmatch(w) and w not in capitalised})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    words = common_words(args.source.read_text(encoding="utf-8").splitlines())
    text = NOTICE + "\n".join(words) + "\n"
    with args.out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                  filename="") as out:
        out.write(text.encode("utf-8"))
    print(f"{len(words):,} words → {args.out}")


if __name__ == "__main__":
    main()
