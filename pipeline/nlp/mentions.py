"""What an analyst reads beside a mention: the sentence it stands in.

The pipeline has no parser nor sentence segmenter (``pipeline.nlp.loader`` drops them:
``bench/bench_sentences.py`` measures what ``senter`` would cost), so a mention's sentence
is the window around it cut at sentence punctuation and line breaks.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from pipeline.nlp import sentences

# Tokens a sentence reaches on each side of its mention at most (a list without stops).
REACH = 40


def sentence_bounds(
    doc: Doc, start: int, end: int, reach: int = REACH, ends: Sequence[bool] | None = None
) -> tuple[int, int]:
    """Token bounds of the sentence around ``doc[start:end]``: from after the last full stop,
    ``!``, ``?`` or line break before it to the first one after it (included), at most
    ``reach`` tokens on each side. ``ends``: :func:`pipeline.nlp.sentences.sentence_ends` of
    ``doc``, for a doc of many mentions."""
    return sentences.sentence_bounds(
        doc, start, end, reach, line_breaks=True, with_stop=True, ends=ends
    )


def sentence_of(doc: Doc, span: Span, ends: Sequence[bool] | None = None) -> str:
    """The sentence ``span`` stands in, as the text writes it (see :func:`sentence_bounds`).

    >>> import spacy
    >>> doc = spacy.blank("en")("Rain fell.\\nBarack Obama spoke in Ohio. Then he left.")
    >>> sentence_of(doc, doc[4:6])
    'Barack Obama spoke in Ohio.'
    >>> headline = spacy.blank("en")("A headline\\nand a line")
    >>> sentence_of(headline, headline[0:1])
    'A headline'
    """
    lo, hi = sentence_bounds(doc, span.start, span.end, ends=ends)
    return doc[lo:hi].text.strip()
