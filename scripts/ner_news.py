"""Read Kavosh's own annotated news sentences (``scripts/ner_news/*.txt``) for training.

The sentences were written for this project, in the register of Persian news agencies,
and annotated as they were written; they are not taken from any source, and every person
in them is fictional (organisations and places are real public ones). So, unlike Fars
News or NTREX, they may train a model that ships. Provenance and figures:
docs/entities.md, "Kavosh's own news sentences".

Format: one sentence a line; a mention is written ``[[TYPE:text]]`` with TYPE one of PER,
ORG, LOC; ``#`` starts a comment line. Tokens are cut by the finder's own tokenizer
(``kavosh.entities.crf.TOKEN``), so a mention must start and end on token edges.

Run ``python scripts/ner_news.py [FILE ...]`` to check files and count their mentions.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kavosh.entities.crf import TOKEN  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from ner_synthetic import add_tokens  # noqa: E402

FOLDER = Path(__file__).resolve().parent / "ner_news"
MENTION = re.compile(r"\[\[(PER|ORG|LOC):([^\[\]]+?)\]\]")
BAD = re.compile(r"\[\[|\]\]")


class Malformed(ValueError):
    """A line that cannot be read as annotated text (the message says where and why)."""


def parse(line: str) -> tuple[list[str], list[str]]:
    """Tokens and BIO labels of one annotated line; raises :class:`Malformed`."""
    words: list[str] = []
    labels: list[str] = []
    at = 0
    for match in MENTION.finditer(line):
        _plain(line[at:match.start()], words, labels)
        if not TOKEN.search(match.group(2)) or match.group(2) != match.group(2).strip():
            raise Malformed(f"empty or padded mention {match.group()!r}")
        add_tokens(words, labels, match.group(2), match.group(1))
        at = match.end()
    _plain(line[at:], words, labels)
    return words, labels


def _plain(text: str, words: list[str], labels: list[str]) -> None:
    if BAD.search(text):
        raise Malformed(f"unclosed or unknown mark near {text.strip()[:40]!r}")
    # A mention glued to a letter (``[[LOC:تهران]]ی``) would cut a token in two.
    first = TOKEN.search(text) if words and text[:1].strip() else None
    if first and TOKEN.fullmatch(words[-1] + first.group()):
        raise Malformed(f"a mention ends inside a word, before {text.strip()[:20]!r}")
    add_tokens(words, labels, text, "O")


def read(paths: Iterable[Path]) -> Iterator[tuple[list[str], list[str]]]:
    """Every sentence (tokens, BIO labels) of ``paths``; raises :class:`Malformed` with the
    file and line of the first bad one."""
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                yield parse(line.strip())
            except Malformed as error:
                raise Malformed(f"{path.name}:{number}: {error}") from None


def files(folder: Path = FOLDER) -> list[Path]:
    """The corpus files, in a fixed order (training is deterministic)."""
    return sorted(folder.glob("*.txt"))


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or files()
    counts: Counter[str] = Counter()
    sentences = 0
    for words, labels in read(paths):
        sentences += 1
        counts["tokens"] += len(words)
        counts.update(label[2:] for label in labels if label.startswith("B-"))
    print(f"{sentences} sentences, {counts['tokens']} tokens, PER {counts['PER']}, "
          f"ORG {counts['ORG']}, LOC {counts['LOC']}")


if __name__ == "__main__":
    main()
