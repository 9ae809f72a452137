"""What an analyst reads beside a mention: the sentence it stands in.

The pipeline has no parser nor sentence segmenter (``pipeline.nlp.loader`` drops them:
``bench/bench_sentences.py`` measures what ``senter`` would cost), so a mention's sentence
is the window around it cut at sentence punctuation and line breaks, except the line
breaks of a hard-wrapped text (wire news), which stand for spaces
(:mod:`pipeline.nlp.line_wrap`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from pipeline.nlp import sentences
from pipeline.nlp.doc_text import span_text
from pipeline.nlp.line_wrap import doc_width, soft_break

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


def mention_ends(doc: Doc) -> list[bool]:
    r""":func:`pipeline.nlp.sentences.sentence_ends` of ``doc`` for its mentions' sentences:
    a line break of a hard-wrapped text ends no sentence (it stands for a space).

    >>> import spacy
    >>> wire = ("The officials said the post was offered to Central Intelligence\n"
    ...         "Director William Casey, and that others had been asked in the past\n"
    ...         "week. Budget Director James Miller was said to be under active\n"
    ...         "consideration by the White House, the officials said in Washington.")
    >>> doc = spacy.blank("en")(wire)
    >>> sentence_of(doc, doc[12:14])  # every line break ending a sentence
    'Director William Casey, and that others had been asked in the past'
    >>> sentence_of(doc, doc[12:14], mention_ends(doc))[:52]
    'The officials said the post was offered to Central I'
    """
    ends = sentences.sentence_ends(doc)
    if doc_width(doc) is None:  # not hard-wrapped: every line break ends a sentence
        return ends
    for index in [i for i, end in enumerate(ends) if end]:
        if doc[index].is_space and soft_break(doc, index):
            ends[index] = False
    return ends


# Where a wrapped line went on: a line break and the next line's indentation.
_WRAP = re.compile(r"[ \t]*\n[ \t]*")


def sentence_of(doc: Doc, span: Span, ends: Sequence[bool] | None = None) -> str:
    """The sentence ``span`` stands in, as the text writes it (see :func:`sentence_bounds`),
    the lines a hard-wrapped text broke it over joined by spaces.

    >>> import spacy
    >>> doc = spacy.blank("en")("Rain fell.\\nBarack Obama spoke in Ohio. Then he left.")
    >>> sentence_of(doc, doc[4:6])
    'Barack Obama spoke in Ohio.'
    >>> headline = spacy.blank("en")("A headline\\nand a line")
    >>> sentence_of(headline, headline[0:1])
    'A headline'
    """
    lo, hi = sentence_bounds(doc, span.start, span.end, ends=ends)
    return _WRAP.sub(" ", span_text(doc, lo, hi).strip())
