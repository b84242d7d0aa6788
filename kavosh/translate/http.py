"""Translation servers the newsroom runs: LibreTranslate-compatible and OpenAI-compatible.

Both are ``remote``: the text of the documents leaves this process for ``endpoint`` and
:func:`kavosh.translate.engines.check_remote` refuses them unless the person allows it (even
a server on the same machine: Kavosh cannot know where it forwards the text).

- ``http`` (:class:`HttpTranslator`): ``POST {endpoint}/translate`` (``/translate`` is added
  unless the endpoint ends with it) with the JSON ``{"q", "source", "target", "format":
  "text"}`` in two-letter codes; the answer's ``translatedText`` is the draft.
- ``openai`` (:class:`OpenAiTranslator`): ``POST {endpoint}/v1/chat/completions`` (or the
  endpoint as given when it ends with ``/chat/completions``) with ``api_model`` and a system
  message asking for the translation only; the first choice's message is the draft. A key, if
  the server wants one, is read from ``$KAVOSH_TRANSLATE_API_KEY`` — never from the case.

Only the standard library is used (urllib); an unreachable server or an answer without the
expected field raises :class:`~kavosh.translate.base.TranslatorUnavailable`.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

from kavosh.translate.base import TranslatorUnavailable

TWO_LETTERS = {"fas": "fa", "pes": "fa", "prs": "fa", "ara": "ar", "arb": "ar", "eng": "en",
               "urd": "ur", "pus": "ps", "tur": "tr", "kur": "ku", "ckb": "ckb", "heb": "he",
               "fra": "fr", "deu": "de", "rus": "ru"}
NAMES = {"fas": "Persian", "ara": "Arabic", "eng": "English", "prs": "Dari", "urd": "Urdu"}
TIMEOUT = 120.0


def post_json(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    """The JSON answer of ``POST url`` with ``body``; TranslatorUnavailable when it fails."""
    request = urllib.request.Request(
        url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return json.loads(answer.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise TranslatorUnavailable(f"the translation server at {url} failed: {error}"
                                    ) from None


class HttpTranslator:
    """A LibreTranslate-compatible server (see the module's docstring)."""

    name = "http"
    version = "libretranslate-1"
    remote = True

    def __init__(self, endpoint: str = "", **_: Any) -> None:
        if not endpoint:
            raise TranslatorUnavailable("the http translator needs --endpoint URL (or "
                                        "translate_endpoint in kavosh.toml)")
        base = endpoint.rstrip("/")
        self.url = base if base.endswith("/translate") else base + "/translate"
        self.where = self.url
        self.version = f"libretranslate@{self.url}"

    def translate(self, text: str, source: str, target: str) -> str:
        if not text.strip():
            return ""
        answer = post_json(self.url, {"q": text, "source": TWO_LETTERS.get(source, "auto"),
                                      "target": TWO_LETTERS.get(target, target),
                                      "format": "text"})
        if not isinstance(answer, dict) or not isinstance(answer.get("translatedText"), str):
            raise TranslatorUnavailable(f"{self.url} answered without translatedText: "
                                        f"{str(answer)[:200]}")
        return str(answer["translatedText"]).strip()


class OpenAiTranslator:
    """An OpenAI-compatible chat-completions server (see the module's docstring)."""

    name = "openai"
    remote = True

    def __init__(self, endpoint: str = "", api_model: str = "default", **_: Any) -> None:
        if not endpoint:
            raise TranslatorUnavailable("the openai translator needs --endpoint URL (or "
                                        "translate_endpoint in kavosh.toml)")
        base = endpoint.rstrip("/")
        self.url = base if base.endswith("/chat/completions") else base + "/v1/chat/completions"
        self.model = api_model
        self.where = self.url
        self.version = f"{api_model}@{self.url}"

    def translate(self, text: str, source: str, target: str) -> str:
        if not text.strip():
            return ""
        prompt = (f"Translate the user's text from {NAMES.get(source, 'its language')} to "
                  f"{NAMES.get(target, target)}. Keep names, numbers and dates exact. Answer "
                  "with the translation only.")
        key = os.environ.get("KAVOSH_TRANSLATE_API_KEY", "")
        answer = post_json(self.url, {"model": self.model, "temperature": 0, "messages": [
            {"role": "system", "content": prompt}, {"role": "user", "content": text}]},
            {"Authorization": f"Bearer {key}"} if key else None)
        try:
            return str(answer["choices"][0]["message"]["content"]).strip()
        except (KeyError, IndexError, TypeError):
            raise TranslatorUnavailable(f"{self.url} answered without a choice: "
                                        f"{str(answer)[:200]}") from None
