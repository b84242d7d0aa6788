"""Tiny translation models and a stub server, built on the spot: for tests and benchmarks.

:func:`build_models` trains two SentencePiece models on the lines given and writes a
CTranslate2 Transformer with random weights (one layer, 32 dimensions) through CTranslate2's
own spec API, then zips the same into an Argos package — every loading path of
:mod:`kavosh.translate.ct2` and :mod:`kavosh.translate.argos` exercised with nothing
downloaded. Their output is noise: they prove the plumbing, never the quality.
:func:`stub_server` serves ``POST /translate`` (LibreTranslate) and
``POST /v1/chat/completions`` (OpenAI) on 127.0.0.1, answering ``EN(<text>)``, and records
what it received.

Needs the ``translate`` extra (ctranslate2, sentencepiece, numpy).
"""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SPECIALS = ["<unk>", "<s>", "</s>"]


@dataclass(frozen=True, slots=True)
class TinyModels:
    ct2_folder: Path  # model.bin, config.json, vocabularies, source.spm, target.spm
    argos_file: Path  # the same, packed as an Argos Translate package


def train_spm(lines: Sequence[str], prefix: Path, vocab_size: int = 200,
              symbols: Sequence[str] = ()) -> list[str]:
    """Train a SentencePiece model ``prefix.model`` on ``lines``; its pieces, in id order.
    ``symbols``: pieces kept whole (an NLLB model's language codes, ``eng_Latn``)."""
    import sentencepiece

    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(prefix), vocab_size=vocab_size,
        character_coverage=1.0, model_type="unigram", hard_vocab_limit=False,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2,
        user_defined_symbols=list(symbols))
    processor = sentencepiece.SentencePieceProcessor(model_file=f"{prefix}.model")
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def write_random_transformer(folder: Path, source_vocab: list[str], target_vocab: list[str],
                             dim: int = 32, ffn: int = 64, seed: int = 15) -> None:
    """A one-layer Transformer with random weights, saved by CTranslate2's spec API."""
    import numpy as np
    from ctranslate2 import specs

    spec = specs.TransformerSpec.from_config(1, 2)
    random = np.random.default_rng(seed)
    sizes = {"encoder/embeddings_0/weight": (len(source_vocab), dim),
             "decoder/embeddings/weight": (len(target_vocab), dim),
             "decoder/projection/weight": (len(target_vocab), dim)}
    for name, value in spec.variables(ordered=True):
        if value is not None:
            continue
        shape = sizes.get(name) or _shape(name, dim, ffn)
        array = (np.ones(shape) if name.endswith("gamma") else
                 np.zeros(shape) if name.endswith("beta") else
                 random.normal(0, 0.3, shape))
        _set(spec, name, array.astype(np.float32))
    spec.register_source_vocabulary(source_vocab)
    spec.register_target_vocabulary(target_vocab)
    spec.validate()
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))


def _shape(name: str, dim: int, ffn: int) -> tuple[int, ...]:
    if name.endswith(("gamma", "beta")):
        return (dim,)
    fused = {"self_attention/linear_0": 3, "/attention/linear_1": 2}
    for part, times in fused.items():
        if part in name:
            return (times * dim, dim)
    if "ffn/linear_0" in name:
        return (ffn, dim)
    if "ffn/linear_1" in name:
        return (dim, ffn)
    return (dim, dim)


def _set(spec: Any, name: str, value: Any) -> None:
    node = spec
    *path, last = name.split("/")
    for part in path:
        head, _, index = part.rpartition("_")
        if index.isdigit() and not hasattr(node, part):
            node = getattr(node, head)[int(index)]
        else:
            node = getattr(node, part)
    setattr(node, last, value)


def build_models(folder: Path, source_lines: Sequence[str],
                 target_lines: Sequence[str]) -> TinyModels:
    """A CTranslate2 model folder and an ``.argosmodel`` in ``folder`` (see the docstring)."""
    ct2 = folder / "tiny-ct2"
    ct2.mkdir(parents=True, exist_ok=True)
    source = train_spm(source_lines, folder / "source")
    target = train_spm(target_lines, folder / "target")
    write_random_transformer(ct2, source, target)
    for side in ("source", "target"):
        (ct2 / f"{side}.spm").write_bytes((folder / f"{side}.model").read_bytes())
    shared = train_spm([*source_lines, *target_lines], folder / "shared", 300)
    argos = folder / "tiny-argos"
    write_random_transformer(argos / "model", shared, shared)
    package = folder / "translate-fa_en-0_1.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        root = "translate-fa_en-0_1/"
        archive.writestr(root + "metadata.json", json.dumps(
            {"package_version": "0.1", "from_code": "fa", "to_code": "en",
             "from_name": "Persian", "to_name": "English", "type": "translate"}))
        archive.write(folder / "shared.model", root + "sentencepiece.model")
        for path in sorted((argos / "model").iterdir()):
            archive.write(path, root + "model/" + path.name)
    return TinyModels(ct2, package)


class _Stub(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        self.received.append({"path": self.path, **body})
        if self.path.endswith("/translate"):
            answer: dict[str, Any] = {"translatedText": f"EN({body.get('q', '')})"}
        elif self.path.endswith("/chat/completions"):
            text = body["messages"][-1]["content"]
            answer = {"choices": [{"message": {"role": "assistant", "content": f"EN({text})"}}]}
        else:
            self.send_error(404)
            return
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def stub_server(received: list[dict[str, Any]] | None = None) -> Iterator[str]:
    """A stub translation server on 127.0.0.1; yields its base URL."""
    handler = type("Stub", (_Stub,), {"received": received if received is not None else []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
