"""Which language an article is written in (py3langid: a naive Bayes model shipped with the
library, 142 labels in 0.4, no download), so that a pipeline for one language reads only
its own.

An article is given a language only when the text says so clearly: at least
:data:`MIN_LETTERS` letters and a probability of :data:`MIN_PROBABILITY` (less of both
for a text in another script than Latin). A short brief or a headline alone in Latin
letters is undetermined (None): the stages treat it as their default language, so a
wire's one-line flash still gets its entities.

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
from collections.abc import Sequence
from functools import cache
from typing import Any

import pycountry

from pipeline.resources import load_json

MIN_LETTERS = 40
MIN_PROBABILITY = 0.9
# Text mostly in another script than Latin: the script narrows the languages down.
SCRIPT_LETTERS = 5
SCRIPT_PROBABILITY = 0.5
# Enough for a confident guess, and long articles cost no more (how it was chosen:
# docs/guides/figures.md, "Languages").
SAMPLE_CHARS = 1500

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
    """The article's language (ISO 639-1, else the ISO 639-3 code of a language without
    one: ``pcm``), or None when its text does not say clearly.

    A short text in a script other than Latin says more than a Latin one: its script alone
    leaves few languages (Hangul one, Cyrillic a dozen), so it needs fewer letters and less
    probability (:data:`SCRIPT_LETTERS`, :data:`SCRIPT_PROBABILITY`), and a headline in
    Russian is not read by an English pipeline.

    >>> detect_language("Путин провёл переговоры", ""), detect_language("Putin holds talks", "")
    ('ru', None)
    """
    text = f"{title}\n{body}"[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in text)
    short = letters < MIN_LETTERS
    if letters < SCRIPT_LETTERS or (short and not _other_script(text, letters)):
        return None
    language, probability = language_of(_identifier().rank(text))
    if probability >= MIN_PROBABILITY and not short:
        return language
    if probability >= SCRIPT_PROBABILITY and (short or _other_script(text, letters)):
        return language
    return None


def _other_script(text: str, letters: int) -> bool:
    """Whether most of ``text``'s letters are of another script than Latin (Latin: its
    blocks up to Latin Extended-B, and Vietnamese's)."""
    latin = sum(ch.isalpha() and (ch < "\u0250" or "\u1e00" <= ch <= "\u1eff") for ch in text)
    return 2 * latin < letters


def language_of(ranked: Sequence[tuple[str, float]]) -> tuple[str | None, float]:
    """The language a ranking of the model's labels names (ISO 639-1 where one exists), and
    its probability, with the members of one macrolanguage or of one close group pooled
    (``resources/language_groups.json``).

    >>> language_of([("wuu", 0.6), ("zh", 0.4)])
    ('zh', 1.0)
    >>> language_of([("hr", 0.62), ("bs", 0.37), ("sl", 0.01)])
    ('hr', 0.99)
    >>> language_of([("kik", 0.95), ("sw", 0.05)])
    ('ki', 0.95)
    >>> language_of([("zxx", 1.0)])
    (None, 1.0)
    """
    best = ranked[0][0]
    group = _groups().get(best, {best})
    probability = sum(score for label, score in ranked if label in group)
    return _iso_639_1(best), round(probability, 6)


@cache
def _groups() -> dict[str, frozenset[str]]:
    """Each pooled label and the labels pooled with it."""
    data = load_json("language_groups.json")
    groups = [frozenset(members) for members in data["macrolanguages"].values()]
    groups += [frozenset(members) for members in data["close_groups"]]
    return {label: group for group in groups for label in group}


@cache
def _iso_639_1(label: str) -> str | None:
    """The article's language for a model label: its macrolanguage's code, its ISO 639-1
    code, or the label itself when it has none (None: no language at all)."""
    data = load_json("language_groups.json")
    if label in data["no_language"]:
        return None
    for macrolanguage, members in data["macrolanguages"].items():
        if label in members:
            return macrolanguage
    if len(label) == 3:
        language = pycountry.languages.get(alpha_3=label)
        return getattr(language, "alpha_2", None) or label
    return label
