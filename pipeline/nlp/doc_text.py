"""A doc's text, built once per doc.

``Doc.text`` joins every token's text anew at each read: for a 5,000-word article that is
a Python loop over every token. Components that search the text with a regular expression
read it here instead; the first read builds it and keeps it in ``doc.user_data``.

>>> import spacy
>>> doc = spacy.blank("en")("Rain fell.\\nThen the sun.")
>>> doc_text(doc) == doc.text
True
>>> doc_text(doc) is doc_text(doc)
True
>>> span_text(doc, 0, 3)
'Rain fell.'
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "doc_text.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built at the first read and kept with the doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` (no trailing whitespace) sliced from :func:`doc_text`."""
    if start >= end:
        return ""
    last = doc[end - 1]
    return doc_text(doc)[doc[start].idx : last.idx + len(last)]
