"""Formations named in German, French, Italian or Spanish: ``Gebirgsjägerbrigade 23``,
``1er Régiment de Chasseurs Parachutistes``, ``Brigata Folgore``, ``Brigada Paracaidista``.

Each finder starts at the unit noun (the anchor) the recognizer found.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.units.candidate import Candidate
from pipeline.nlp.units.lexicon import Lexicon


def german(doc: Doc, i: int) -> Candidate | None:
    """``Gebirgsjägerbrigade 23``, ``Panzerdivision``: a German military stem, then a
    formation word, with or without a number."""
    if not doc[i].is_title:
        return None  # a word in the middle of a sentence, not a unit's name
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and nxt.text.isdigit():
        return Candidate(i, i + 2, "foreign", i)
    return Candidate(i, i + 1, "foreign", i)


def french(doc: Doc, head: int, lex: Lexicon) -> Candidate | None:
    """``1er Régiment de Chasseurs Parachutistes``, ``13e Demi-Brigade de Légion Étrangère``."""
    start = head - 1
    if start >= 2 and doc[start].text == "-" and doc[start - 1].lower_ == "demi":
        start -= 2
    if start < 0 or not lex.french_ordinal.match(doc[start].text):
        return None
    end = head + 1
    i = end
    while i < len(doc) and i - head <= 8:
        token = doc[i]
        lowered = token.lower_
        if lowered in lex.french_connectors or lowered.startswith(("d'", "d’", "l'", "l’")):
            i += 1
            if lowered not in lex.french_connectors:
                end = i
            continue
        if token.is_title or lowered in lex.french_words:
            i += 1
            end = i
            continue
        break
    return Candidate(start, end, "foreign", head)


def romance(doc: Doc, head: int, lex: Lexicon) -> Candidate | None:
    """``Brigata Folgore``, ``Brigada Paracaidista``: the head, then the name's words."""
    end = head + 1
    i = end
    while i < len(doc) and i - head <= 5:
        token = doc[i]
        if token.is_title or token.lower_ in lex.romance_words:
            i += 1
            if token.is_title or token.lower_ not in ("de", "di", "del", "della", "dei", "la"):
                end = i
            continue
        break
    return Candidate(head, end, "foreign", head) if end > head + 1 else None
