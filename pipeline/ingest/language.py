"""Which language an article is written in (py3langid: a naive Bayes model shipped with the
library, 97 languages, no download), so that a pipeline for one language reads only its own.

An article is given a language only when the text says so clearly: at least
:data:`MIN_LETTERS` letters and a probability of :data:`MIN_PROBABILITY`. A short brief or
a headline alone is undetermined (None): the stages treat it as their default language,
so a wire's one-line flash still gets its entities.

>>> detect_language("Talks", "The Kremlin said on Monday that the talks would go on, and "
...                 "that no agreement on the grain corridor was in sight.")
'en'
>>> detect_language("Переговоры", "Кремль заявил в понедельник, что переговоры продолжатся и "
...                 "что соглашения о зерновом коридоре пока не видно.")
'ru'
>>> detect_language("Hello world!", "") is None
True
"""

from __future__ import annotations

import os
import threading
from typing import Any

MIN_LETTERS = 40
MIN_PROBABILITY = 0.9
SAMPLE_CHARS = 3000  # enough for a confident guess; long articles cost no more

_model: Any = None
_model_lock = threading.Lock()
_loader: threading.Thread | None = None


def _identifier() -> Any:
    """The model, loaded once per process (a caller during a load waits for it)."""
    global _model
    with _model_lock:
        if _model is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _model


def load_in_background() -> None:
    """Start loading the model in a thread, once per process: its 0.6 s of CPU, mostly
    LZMA decompression that releases the GIL, then run beside the rest of the start-up
    (spaCy's load) on a core otherwise idle, and worker processes forked afterwards share
    it instead of loading it each. A fork waits for the load to end
    (:func:`os.register_at_fork`), so no child starts with its lock held."""
    global _loader
    if _loader is not None or _model is not None:
        return
    _loader = threading.Thread(target=_identifier, name="language-model", daemon=True)
    _loader.start()
    os.register_at_fork(before=_loader.join)


def detect_language(title: str, body: str) -> str | None:
    """The article's language (ISO 639-1), or None when its text does not say clearly."""
    text = f"{title}\n{body}"[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    language, probability = _identifier().classify(text)
    return language if probability >= MIN_PROBABILITY else None
