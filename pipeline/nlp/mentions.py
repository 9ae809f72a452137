"""What an analyst reads beside a mention: the sentence it stands in.

The pipeline has no parser nor sentence segmenter (``pipeline.nlp.loader`` drops them:
``bench/bench_sentences.py`` measures what ``senter`` would cost), so a mention's sentence
is the window around it cut at sentence punctuation and line breaks.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.nlp.sentences import ends_sentence

# Tokens a sentence reaches on each side of its mention at most (a list without stops).
REACH = 40


def sentence_bounds(doc: Doc, start: int, end: int, reach: int = REACH) -> tuple[int, int]:
    """Token bounds of the sentence around ``doc[start:end]``: from after the last full stop,
    ``!``, ``?`` or line break before it to the first one after it (included), at most
    ``reach`` tokens on each side."""
    lo = start
    while lo > 0 and start - lo < reach and not ends_sentence(doc[lo - 1], line_breaks=True):
        lo -= 1
    hi = end
    while hi < len(doc) and hi - end < reach and not ends_sentence(doc[hi], line_breaks=True):
        hi += 1
    if hi < len(doc) and not doc[hi].is_space:
        hi += 1  # the full stop itself
    return lo, hi


def sentence_of(doc: Doc, span: Span) -> str:
    """The sentence ``span`` stands in, as the text writes it (see :func:`sentence_bounds`).

    >>> import spacy
    >>> doc = spacy.blank("en")("Rain fell.\\nBarack Obama spoke in Ohio. Then he left.")
    >>> sentence_of(doc, doc[4:6])
    'Barack Obama spoke in Ohio.'
    >>> headline = spacy.blank("en")("A headline\\nand a line")
    >>> sentence_of(headline, headline[0:1])
    'A headline'
    """
    lo, hi = sentence_bounds(doc, span.start, span.end)
    return doc[lo:hi].text.strip()
