"""Text features shared by the category and tag models.

Estimators take a sequence of ``(title, body)`` pairs. The title is repeated
because a headline says more per word than the body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

Document = tuple[str, str]


def document_text(documents: Iterable[Document]) -> list[str]:
    """One string per ``(title, body)``, the title weighted twice.

    >>> document_text([("Rates hold", "The bank held rates.")])
    ['Rates hold\\nRates hold\\nThe bank held rates.']
    """
    return [f"{title}\n{title}\n{body}" if title else body for title, body in documents]


def text_features(char_ngrams: bool = True, min_df: int = 2) -> Pipeline:
    """TF-IDF of word uni- and bigrams, plus character 3-5-grams within word boundaries."""
    word = TfidfVectorizer(
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=min_df,
        max_df=0.5,
        strip_accents="unicode",
        dtype=np.float32,
    )
    parts = [("word", word)]
    if char_ngrams:
        char = TfidfVectorizer(
            sublinear_tf=True,
            analyzer="char_wb",
            ngram_range=(3, 5),
            min_df=min_df,
            max_features=200_000,
            strip_accents="unicode",
            dtype=np.float32,
        )
        parts.append(("char", char))
    return Pipeline([("text", FunctionTransformer(document_text)), ("tfidf", FeatureUnion(parts))])


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
