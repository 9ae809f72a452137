"""Long texts through spaCy in pieces, as one document in the end.

A transition-based NER holds working memory in proportion to the text it is given: a
247,000-character web page took 1.1 GB in en_core_web_sm (docs/guides/figures.md). A text
longer than :data:`SEGMENT_CHARS` is therefore cut into consecutive pieces at paragraph
breaks (else at line breaks, sentence ends, spaces), the model's own components (up to the
``ner``) run on each piece, the pieces are joined with :meth:`spacy.tokens.Doc.from_docs`
into one document whose text is exactly the original, and our components (those after the
``ner``: they resolve names and places across the whole text) run on that document. spaCy's
``max_length`` applies to each piece, so any text an editor can send is read.

>>> text = "One.\\n\\nTwo two.\\n\\nThree three three."
>>> segments(text, limit=20), segments(text, limit=12)[-2:]
(['One.\\n\\nTwo two.\\n\\n', 'Three three three.'], ['Three three ', 'three.'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

SEGMENT_CHARS = 10_000
# Characters in one nlp.pipe batch at most: the NER's memory grows with a batch's text
# (64 web articles of 4,000 characters held about as much as one 250,000-character page).
BATCH_CHARS = 50_000
# Where a piece may end, best first: after a blank line, a line break, a sentence, a space.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters where a break
    allows (a piece ends with the break's whitespace, so joining them gives ``text``)."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = limit
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > limit // 4]
            if ends:
                end = ends[-1]
                break
        pieces.append(text[start : start + end])
        start += end
    pieces.append(text[start:])
    return pieces


def batches(
    items: Iterable[tuple[str, Any]], size: int, chars: int = BATCH_CHARS
) -> Iterator[list]:
    """``items`` in consecutive batches of at most ``size`` items and, past the first item,
    ``chars`` characters.

    >>> [len(b) for b in batches([("x" * 40, 0)] * 5, size=4, chars=100)]
    [2, 2, 1]
    """
    batch: list[tuple[str, Any]] = []
    total = 0
    for item in items:
        if batch and (len(batch) == size or total + len(item[0]) > chars):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += len(item[0])
    if batch:
        yield batch


def pipe_texts(
    nlp: Language, items: Iterable[tuple[str, Any]], batch_size: int = 64, n_process: int = 1
) -> Iterator[tuple[Doc, Any]]:
    """``nlp.pipe(items, as_tuples=True)`` in batches bounded by characters too, long texts
    through :func:`read_long` (the results come in another order than ``items``, each with
    its context)."""
    long_items: list[tuple[str, Any]] = []
    short: list[tuple[str, Any]] = []
    for text, context in items:
        (long_items if len(text) > SEGMENT_CHARS else short).append((text, context))
    if n_process > 1:  # spaCy's own processes batch for themselves
        yield from nlp.pipe(short, as_tuples=True, batch_size=batch_size, n_process=n_process)
    else:
        for batch in batches(short, batch_size):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
    for text, context in long_items:
        yield read_long(nlp, text), context


def read_long(nlp: Language, text: str) -> Doc:
    """One document of a long ``text``: the model's components piece by piece, ours on the
    whole (see the module)."""
    names = nlp.pipe_names
    ours = names[names.index("ner") + 1 :] if "ner" in names else []
    pieces = [
        doc
        for batch in batches(((piece, None) for piece in segments(text, SEGMENT_CHARS)), size=64)
        for doc in nlp.pipe([piece for piece, _ in batch], disable=ours, batch_size=len(batch))
    ]
    doc = Doc.from_docs(pieces, ensure_whitespace=False)
    for name, component in nlp.pipeline:
        if name in ours:
            doc = component(doc)
    return doc
