"""Each article's language (the `language` column), against py3langid's bare top label.

    python bench/eval_languages.py

Two sets. The pooling of `resources/language_groups.json` was written from the model's label
list and ISO 639-3's macrolanguage table, after the spaCy set showed Chinese, Croatian and
Norwegian undetermined (below: the baseline's row), so that set is not unseen for them:
  ours     tests/data/languages.jsonl: 26 short news items we wrote in 13 languages
  spaCy    spaCy's own example sentences (`spacy.lang.XX.examples`, written by its
           contributors), all of one language's sentences as one article: the first the
           title, the rest the body (short: 2 to 29 sentences, headline style)
An article counts as right when its language is the one it is written in (Norwegian Bokmal,
written `nb` by spaCy, as `no`); undetermined (None) counts as not right. Languages the
model has no label for are counted apart: no detector here can name them.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections import Counter
from pathlib import Path

import spacy.lang

from pipeline.ingest.language import (
    MIN_LETTERS,
    MIN_PROBABILITY,
    SAMPLE_CHARS,
    _identifier,
    detect_language,
)

ROOT = Path(__file__).resolve().parents[1]

SAME = {"nb": "no", "kmr": "ku"}  # spaCy's code -> the model's (Kurmanji is Kurdish)


def ours() -> list[tuple[str, str, str]]:
    """(language, title, body) of the items we wrote."""
    lines = (ROOT / "tests" / "data" / "languages.jsonl").read_text("utf-8").splitlines()
    return [(r["language"], r["title"], r["body"]) for r in map(json.loads, lines)]


def spacy_examples() -> list[tuple[str, str, str]]:
    """(language, title, body): one article per language of spaCy's example sentences."""
    out = []
    for module in pkgutil.iter_modules(spacy.lang.__path__):
        try:
            sentences = importlib.import_module(f"spacy.lang.{module.name}.examples").sentences
        except (ImportError, AttributeError):
            continue
        if module.name != "xx" and len(sentences) >= 2:  # xx: many languages mixed
            out.append((SAME.get(module.name, module.name), sentences[0], " ".join(sentences[1:])))
    return out


def bare(title: str, body: str, threshold: float = 0.0) -> str | None:
    """The baseline: py3langid's top label as it is, no pooling (with ``threshold``: what
    the pipeline did before the pooling)."""
    text = f"{title}\n{body}"[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    label, probability = _identifier().classify(text)
    return label if probability >= threshold else None


def unpooled(title: str, body: str) -> str | None:
    return bare(title, body, MIN_PROBABILITY)


def score(items: list[tuple[str, str, str]]) -> None:
    known = set(_identifier().nb_classes) | {"zh", "ar"}
    for name, detector in (
        ("pipeline", detect_language),
        ("not pooled", unpooled),
        ("py3langid top", bare),
    ):
        counts: Counter[str] = Counter()
        wrong = []
        for language, title, body in items:
            part = "known" if language in known else "unknown"
            found = detector(title, body)
            outcome = "right" if found == language else "none" if found is None else "wrong"
            counts[part, outcome] += 1
            if part == "known" and outcome != "right":
                wrong.append(f"{language}->{found}")
        total = sum(v for (part, _), v in counts.items() if part == "known")
        print(
            f"  {name:14} languages it knows: {counts['known', 'right']}/{total} right "
            f"({counts['known', 'right'] / total:.3f}), {counts['known', 'wrong']} wrong, "
            f"{counts['known', 'none']} undetermined; unknown to it: "
            f"{counts['unknown', 'none']} undetermined, {counts['unknown', 'wrong']} named"
        )
        print(f"    not right: {', '.join(wrong) or '-'}")


def main() -> None:
    for name, items in (("ours (26 items, 13 languages)", ours()), ("spaCy", spacy_examples())):
        print(f"{name}: {len(items)} articles")
        score(items)


if __name__ == "__main__":
    main()
