"""Span extensions shared by our components, and the entity clean-up component.

Every entity span gets ``span._.canonical`` (the name to group mentions by) and
``span._.country_code`` (ISO 3166-1 alpha-2, or None).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

for _name in ("canonical", "country_code"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

_LEADING_DROP = {"the", "a", "an"}
_QUOTES = set("\"'“”‘’«»„`")
# Never part of an entity of any label: a contraction's "n’t" (the model once took it for a
# place in 54 articles), a possessive at a span's start ("’s Blue Origin").
_CLITICS = {"n't", "n’t", "'s", "’s"}


def _is_edge_junk(token, leading: bool) -> bool:
    if token.text in _QUOTES or (token.is_punct and token.text not in ".&"):
        return True
    if token.lower_ in _CLITICS:
        return True
    if leading and token.lower_ in _LEADING_DROP:
        return True
    return not leading and token.lower_ in ("'s", "’s", "’", "'")


def trim_span(span: Span) -> Span | None:
    """``the "Storm Corps,`` -> ``Storm Corps``: drop determiners, quotes, stray punctuation,
    and ``n’t`` or ``’s`` at either end.

    Returns None when nothing is left.

    >>> import spacy
    >>> doc = spacy.blank("en")("They didn’t go.")
    >>> trim_span(Span(doc, 1, 3, label="GPE")).text, trim_span(Span(doc, 2, 3, label="GPE"))
    ('did', None)
    """
    start, end = span.start, span.end
    while start < end and _is_edge_junk(span.doc[start], leading=True):
        start += 1
    while end > start and _is_edge_junk(span.doc[end - 1], leading=False):
        end -= 1
    # A trailing "and" / "of" is the model running over: "the White House and".
    while end > start and span.doc[end - 1].lower_ in ("and", "or", "of", ","):
        end -= 1
    if start >= end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(span.doc, start, end, label=span.label_)


def replace_entities(doc: Doc, spans: Iterable[Span]) -> None:
    """Set ``doc.ents``, the longest span winning where spans overlap."""
    doc.ents = filter_spans(list(spans))


@Language.component("entity_cleaner")
def entity_cleaner(doc: Doc) -> Doc:
    """Trim every entity span of determiners, quotes and stray punctuation."""
    trimmed = [trim_span(ent) for ent in doc.ents]
    replace_entities(doc, [span for span in trimmed if span is not None])
    return doc
