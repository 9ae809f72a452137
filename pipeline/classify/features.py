"""Text features shared by the category and tag models.

Estimators take a sequence of ``(title, body)`` pairs. A headline says more per word
than the body, so its words also appear as features of their own (``title_rates``).
On Reuters ModApte topics (5-fold out-of-fold thresholds, same run) this beat repeating
the title twice: micro-F1 0.8961 against 0.8911 on the test split, 0.9122 against
0.9113 out of fold; on single-topic R8 it was even (0.977 against 0.978).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

Document = tuple[str, str]
TITLE_MARK = "title_"
_WORD = re.compile(r"\w\w+")


def document_text(documents: Iterable[Document]) -> list[str]:
    """One string per ``(title, body)``: the title, its words marked, then the body.

    >>> document_text([("Rates hold", "The bank held rates.")])
    ['Rates hold\\ntitle_rates title_hold\\nThe bank held rates.']
    """
    texts = []
    for title, body in documents:
        marked = " ".join(TITLE_MARK + word for word in _WORD.findall(title.lower()))
        texts.append(f"{title}\n{marked}\n{body}" if title else body)
    return texts


def plain_text(documents: Iterable[Document]) -> list[str]:
    """The title and body as written, for character n-grams.

    >>> plain_text([("Rates hold", "The bank held rates.")])
    ['Rates hold\\nThe bank held rates.']
    """
    return [f"{title}\n{body}" if title else body for title, body in documents]


def text_features(char_ngrams: bool = True, min_df: int = 2) -> FeatureUnion:
    """TF-IDF of word uni- and bigrams, plus character 3-5-grams within word boundaries.

    Values are float64: liblinear works in float64 and would otherwise copy the whole
    matrix for every one of a one-vs-rest model's classifiers (measured on Reuters, 90 tags
    fitted one after another: 16.9 s with float32, 11.0 s with float64).
    """
    word = TfidfVectorizer(
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=min_df,
        max_df=0.5,
        strip_accents="unicode",
        dtype=np.float64,
    )
    parts = [("word", Pipeline([("text", FunctionTransformer(document_text)), ("tfidf", word)]))]
    if char_ngrams:
        char = TfidfVectorizer(
            sublinear_tf=True,
            analyzer="char_wb",
            ngram_range=(3, 5),
            min_df=min_df,
            max_features=200_000,
            strip_accents="unicode",
            dtype=np.float64,
        )
        parts.append(
            ("char", Pipeline([("text", FunctionTransformer(plain_text)), ("tfidf", char)]))
        )
    return FeatureUnion(parts)


def as_documents(items: Sequence) -> list[Document]:
    """Accept Articles, dicts with title/body, ``(title, body)`` pairs or plain strings."""
    documents = []
    for item in items:
        if isinstance(item, str):
            documents.append(("", item))
        elif isinstance(item, tuple):
            documents.append((item[0] or "", item[1] or ""))
        elif isinstance(item, dict):
            documents.append((item.get("title") or "", item.get("body") or ""))
        else:
            documents.append((item.title or "", item.body or ""))
    return documents
