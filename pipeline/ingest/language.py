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

from functools import cache
from typing import Any

MIN_LETTERS = 40
MIN_PROBABILITY = 0.9
SAMPLE_CHARS = 3000  # enough for a confident guess; long articles cost no more


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(title: str, body: str) -> str | None:
    """The article's language (ISO 639-1), or None when its text does not say clearly."""
    text = f"{title}\n{body}"[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    language, probability = _identifier().classify(text)
    return language if probability >= MIN_PROBABILITY else None
