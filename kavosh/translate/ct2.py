"""Local translation with CTranslate2: a converted model folder and its SentencePiece models.

``CTranslate2Translator(model=FOLDER)`` reads a model converted with CTranslate2's converters
(OPUS-MT/Marian, NLLB, an OpenNMT Transformer: ``model.bin``, ``config.json`` and the
vocabularies). The SentencePiece models are ``source_spm``/``target_spm`` when given, else
found beside the model: ``source.spm`` and ``target.spm`` (OPUS-MT), or one
``sentencepiece.model`` shared by both sides (Argos Translate's packages), in the folder or its
parent. Whether an end-of-sentence token is added to the source is the model's own setting
(``add_source_eos`` in its ``config.json``), so this code does not guess it.

**NLLB** models (their vocabulary holds FLORES-200 language codes such as ``eng_Latn``) are
told the languages: each source starts with its code (``pes_Arab`` for Persian, ``arb_Arab``
for Arabic: :data:`FLORES`) and ends with ``</s>``, and the target is forced to start with the
target's code, which is taken off the draft. Without it an NLLB model writes in any language.

It is Kavosh's ``translate`` extra (``pip install 'kavosh[translate]'``: ctranslate2 and
sentencepiece); without it, making one raises
:class:`~kavosh.translate.base.TranslatorUnavailable` saying how to install it. Nothing is
downloaded: the model is what the person converted or installed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from kavosh.translate.base import TranslatorUnavailable

INSTALL = ("local machine translation needs the ctranslate2 and sentencepiece packages: "
           "install them with `pip install 'kavosh[translate]'` (or run "
           "scripts/install-python.sh)")
_SHARED_SPM = "sentencepiece.model"
CHUNK = 200  # SentencePiece pieces translated at once (OPUS-MT models have 512 positions)
# ISO 639-3 (Kavosh's language codes) → FLORES-200 (NLLB's); Persian when the language is
# not known, since Kavosh's archives are mostly Persian.
FLORES = {"fas": "pes_Arab", "pes": "pes_Arab", "prs": "prs_Arab", "ara": "arb_Arab",
          "arb": "arb_Arab", "eng": "eng_Latn", "ckb": "ckb_Arab", "kur": "ckb_Arab",
          "kmr": "kmr_Latn", "urd": "urd_Arab", "pus": "pbt_Arab", "pbt": "pbt_Arab",
          "tur": "tur_Latn", "aze": "azj_Latn", "rus": "rus_Cyrl", "fra": "fra_Latn",
          "deu": "deu_Latn", "heb": "heb_Hebr"}
UNKNOWN_SOURCE = "pes_Arab"


def language_codes(folder: Path) -> bool:
    """Whether the model's vocabulary holds NLLB's language codes (``eng_Latn``)."""
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        path = folder / name
        if path.is_file():
            try:
                return "eng_Latn" in json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                return False
    for name in ("target_vocabulary.txt", "shared_vocabulary.txt"):
        path = folder / name
        if path.is_file():
            return "eng_Latn" in path.read_text(encoding="utf-8").split("\n")
    return False


def _modules() -> tuple[Any, Any]:
    try:
        import ctranslate2
        import sentencepiece
    except ImportError as error:
        raise TranslatorUnavailable(f"{INSTALL} ({error})") from None
    return ctranslate2, sentencepiece


def find_spm(folder: Path, side: str, given: str | None) -> Path:
    """The SentencePiece model of ``side`` ("source"/"target") for the model in ``folder``."""
    if given:
        return Path(given)
    for place in (folder, folder.parent):
        for name in (f"{side}.spm", _SHARED_SPM):
            if (place / name).is_file():
                return place / name
    raise TranslatorUnavailable(
        f"no SentencePiece model for the {side} side of {folder}: put {side}.spm (or "
        f"{_SHARED_SPM}) beside model.bin, or give translate_{side}_spm in kavosh.toml")


def model_fingerprint(folder: Path) -> str:
    """A short digest of the model's weights and configuration (the draft's provenance)."""
    digest = hashlib.sha256()
    for name in ("config.json", "model.bin"):
        path = folder / name
        if path.is_file():
            with path.open("rb") as stream:
                digest.update(stream.read(1 << 20))
            digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()[:12]


class CTranslate2Translator:
    """A CTranslate2 model on this machine's CPU (see the module's docstring)."""

    name = "ctranslate2"
    remote = False

    def __init__(self, model: str = "", source_spm: str | None = None,
                 target_spm: str | None = None, beam_size: int = 2, threads: int = 0,
                 **_: Any) -> None:
        ctranslate2, sentencepiece = _modules()
        folder = Path(model).expanduser()
        if not model or not (folder / "model.bin").is_file():
            raise TranslatorUnavailable(
                f"no CTranslate2 model at {folder or '(none given)'}: give the folder holding "
                "model.bin (--model, or translate_model in kavosh.toml)")
        self.folder = folder
        self.where = f"this machine (model {folder})"
        self.version = (f"{folder.name}@{model_fingerprint(folder)}"
                        f"/ctranslate2-{ctranslate2.__version__}")
        try:
            self._model = ctranslate2.Translator(str(folder), device="cpu",
                                                 intra_threads=threads)
            self._source = sentencepiece.SentencePieceProcessor(
                model_file=str(find_spm(folder, "source", source_spm)))
            self._target = sentencepiece.SentencePieceProcessor(
                model_file=str(find_spm(folder, "target", target_spm)))
        except (RuntimeError, OSError, ValueError) as error:
            raise TranslatorUnavailable(f"the model at {folder} cannot be loaded: {error}"
                                        ) from None
        self.beam_size = beam_size
        self.codes = language_codes(folder)  # an NLLB model: languages given as tokens

    def translate(self, text: str, source: str, target: str) -> str:
        return self.translate_batch([text], source, target)[0]

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        todo = [(i, t) for i, t in enumerate(texts) if t.strip()]
        drafts = [""] * len(texts)
        if not todo:
            return drafts
        # A "sentence" with no punctuation can be a whole page: longer than the model's
        # positions. It is cut into runs of CHUNK pieces, translated, and the runs joined.
        chunks: list[tuple[int, list[str]]] = []
        for i, text in todo:
            pieces = self._source.encode(text, out_type=str)
            chunks += [(i, pieces[a:a + CHUNK]) for a in range(0, len(pieces), CHUNK)]
        sources = [p for _, p in chunks]
        prefix = None
        if self.codes:
            code = FLORES.get(target, "eng_Latn")
            sources = [[FLORES.get(source, UNKNOWN_SOURCE), *p, "</s>"] for p in sources]
            prefix = [[code]] * len(sources)
        # a runaway decoder (a loop repeating a phrase) stops at three times the source
        longest = max(len(p) for p in sources)
        results = self._model.translate_batch(sources, target_prefix=prefix,
                                              beam_size=self.beam_size,
                                              max_decoding_length=min(512, 3 * longest + 16))
        for (i, _), result in zip(chunks, results, strict=True):
            tokens = result.hypotheses[0]
            if prefix and tokens[:1] == prefix[0]:
                tokens = tokens[1:]  # the forced language code
            run = self._target.decode(tokens).strip()
            drafts[i] = f"{drafts[i]} {run}".strip()
        return drafts
