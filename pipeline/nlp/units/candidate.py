"""What every unit finder shares: the candidate, the constants, small token helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from pipeline.nlp.sentences import sentence_bounds
from pipeline.nlp.units.lexicon import Lexicon, numeric_ordinal

LABEL = "MILITARY_UNIT"
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
MAX_NAME_TOKENS = 6
SENTENCE_REACH = 60  # tokens looked at on each side for the sentence's words
SERVICE_PREFIXES = frozenset({"Air", "Force", "Army", "Navy", "Fleet", "Marine", "Forces"})
# Capitalised only in headlines ("Role Of Military Forces"): never part of a name here.
HEADLINE_WORDS = frozenset({"of", "and", "for", "in", "on", "at", "to", "with", "by"})
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "adh"})


@dataclass
class Candidate:
    """A span that may be a unit, with what the evidence rules need to judge it."""

    start: int
    end: int
    kind: str  # gazetteer, ordinal, word_ordinal, cardinal, numbered, named, name_word, foreign
    head: int  # the unit noun (the last token for gazetteer and foreign names)
    country: str | None = None
    entry: str = ""  # the gazetteer entry
    royal: bool = False  # a royal possessive or "Royal" in the name
    demonym_only: bool = False  # the name is a demonym or country and nothing else
    owner: str = ""  # the possessive owner cut off the name ("IRA" in "the IRA's ...")


def unit_sentence(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds of the sentence around ``doc[start:end]``, as far as the units read it.

    >>> import spacy
    >>> doc = spacy.blank("en")("He left. The Black Watch\\nmoved north. Then rain.")
    >>> doc[slice(*unit_sentence(doc, 4, 6))].text
    'The Black Watch\\nmoved north'
    """
    return sentence_bounds(doc, start, end, SENTENCE_REACH)


def name_like(token: Token, lex: Lexicon) -> bool:
    text = token.text
    return (
        token.is_title
        or numeric_ordinal(text)
        or text in lex.ordinal_words
        or (text.isdigit() and len(text) <= 3)
    )


def phrase_matcher(nlp: Language, names: Iterable[str]) -> PhraseMatcher:
    """One key per name (so a match says which), straight and curly apostrophes alike."""
    matcher = PhraseMatcher(nlp.vocab)
    for name in names:
        forms = {name, name.replace("'", "’")}
        matcher.add(name, list(nlp.tokenizer.pipe(sorted(forms))))
    return matcher


def owner_text(doc: Doc, possessive: int) -> str:
    """The words before a possessive: ``the Provisional IRA's`` -> ``Provisional IRA``."""
    start = possessive
    while start > 0 and possessive - start < 3 and not doc[start - 1].is_punct:
        if doc[start - 1].lower_ in ("the", "a", "an"):
            break
        start -= 1
    return doc[start:possessive].text
