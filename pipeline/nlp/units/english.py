"""Units named in English around a unit noun: ``47th Mechanized Brigade``, ``Corps of Royal
Engineers``, ``Queen's Lancashire Regiment``, ``Brigade 155``, ``the Sheikh Mansur
battalion``. Armed services (``Republic of Korea Army``) are :mod:`services`'s.

Each finder starts at the unit noun (the anchor) the recognizer found and walks over the
name's words; a demonym or country in front says whose unit it is, not which.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.sentences import is_wrap, skip_wraps
from pipeline.nlp.units.candidate import (
    ARABIC_ARTICLES,
    HEADLINE_WORDS,
    MAX_NAME_TOKENS,
    POSSESSIVES,
    Candidate,
    name_like,
    owner_text,
    unit_sentence,
)
from pipeline.nlp.units.lexicon import Lexicon, numeric_ordinal
from pipeline.nlp.units.states import country_prefix, place_code


class EnglishNames:
    """The English name patterns, each from a unit noun."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    def lowercase_named(self, doc: Doc, head: int) -> Candidate | None:
        """``the Sheikh Mansur battalion``: capitalised words before a lowercase formation noun."""
        lex = self.lex
        i = head
        while i > 0 and head - i < 2 and doc[i - 1].lower_ in lex.name_word_modifiers:
            i -= 1
        end_of_name = i
        while i > 0 and end_of_name - i < 3 and doc[i - 1].is_title:
            if doc[i - 1].lower_ in lex.leading_drop:
                break
            i -= 1
        if i == end_of_name:
            return None
        lo, _ = unit_sentence(doc, i, head)
        cand = Candidate(i, head + 1, "lowercase_named", head)
        self._drop_generic_first_word(doc, cand, lo)
        name = doc[cand.start : end_of_name]
        if not len(name) or country_prefix(doc, cand.start, end_of_name) == len(name):
            return None  # "the British battalion": whose, not which
        if all(t.lower_ in lex.military_name_words for t in name):
            return None  # "a Marine battalion"
        if name.text.replace("’", "'") in lex.gazetteer:
            return None  # "the Black Watch regiment": the name is known without the noun
        return cand

    def english(self, doc: Doc, head: int) -> Candidate | None:
        """A name ending in a unit noun: the name words, an ordinal or number, an of-phrase."""
        lex = self.lex
        lo, _ = unit_sentence(doc, head, head + 1)
        start, kind = self._name_start(doc, head, lo)
        if kind == "cardinal" and doc[head].text not in lex.cardinal_heads:
            start, kind = start + 1, "named"  # "200 Royal Marines": a head count, not a name
        cand = Candidate(start, head + 1, kind, head)
        if kind == "named":
            self._check_possessives(doc, cand)
            self._drop_generic_first_word(doc, cand, lo)
            self._strip_demonyms(doc, cand)
        if cand.start > 0 and doc[cand.start - 1].text in POSSESSIVES and not cand.owner:
            cand.owner = owner_text(doc, cand.start - 1)
        nxt = skip_wraps(doc, head + 1)
        after = doc[nxt] if nxt < len(doc) else None
        if kind == "named" and after is not None:
            if after.text.isdigit() and self._numbered(doc, cand):
                cand.end, cand.kind = nxt + 1, "numbered"
                return cand
            if after.lower_ == "of":
                self._of_tail(doc, cand, nxt + 1)
        if cand.start == head and cand.end == head + 1:
            return None  # a unit noun alone
        cand.royal = any(t.lower_ in lex.royal_words for t in doc[cand.start : head])
        return cand

    def _numbered(self, doc: Doc, cand: Candidate) -> bool:
        """``Brigade 155``, ``Unit 731``, ``Task Force 121``: the noun, then its number."""
        head = doc[cand.head].text
        if head not in self.lex.numbered_heads:
            return False
        if head == "Force":
            return doc[cand.start : cand.head].text == "Task"
        if cand.demonym_only:  # "Iraqi Brigade 604"
            cand.start, cand.demonym_only = cand.head, False
        return cand.start == cand.head

    def _name_start(self, doc: Doc, head: int, lo: int) -> tuple[int, str]:
        """Walk left from the unit noun over the name: title-case words, a royal ``of`` or
        possessive, hyphens; an ordinal or a number ends the walk."""
        lex = self.lex
        i = head
        while i > lo and head - i < MAX_NAME_TOKENS:
            token = doc[i - 1]
            text = token.text
            if is_wrap(token):
                if i - 1 > lo and name_like(doc[i - 2], lex):
                    i -= 1
                    continue
                break
            if numeric_ordinal(text):
                return i - 1, "ordinal"
            if text in lex.ordinal_words:
                return i - 1, "word_ordinal"
            if text.isdigit() and len(text) <= 3:
                return i - 1, "cardinal"
            if token.is_title and token.lower_ not in lex.leading_drop | HEADLINE_WORDS:
                i -= 1
                continue
            previous = doc[i - 2] if i - 2 >= lo else None
            if previous is None:
                break
            if text == "-" and previous.lower_ in ARABIC_ARTICLES and doc[i].is_title:
                i -= 2  # al-Ghadeer Brigade
                continue
            if not previous.is_title:
                break
            if text in POSSESSIVES or (text == "-" and doc[i].is_title):
                i -= 1
                continue
            if token.lower_ == "of" and previous.text in lex.royal_titles:
                i -= 1
                continue
            break
        while i < head and doc[i].is_space:
            i += 1
        return i, "named"

    def _check_possessives(self, doc: Doc, cand: Candidate) -> None:
        """Keep ``Queen's`` and ``People's`` in a name; cut ``Britain's`` off it."""
        lex = self.lex
        royal_chain = doc[cand.start].text in lex.royal_titles
        for p in range(cand.head - 1, cand.start, -1):
            if doc[p].text not in POSSESSIVES:
                continue
            if royal_chain or doc[p - 1].text in lex.possessor_names:
                continue
            cand.owner = owner_text(doc, p)
            cand.start = p + 1
            return
        while cand.start < cand.head and doc[cand.start].text in ("-", *POSSESSIVES):
            cand.start += 1

    def _drop_generic_first_word(self, doc: Doc, cand: Candidate, lo: int) -> None:
        """``Army Corps`` at the start of a sentence: the capital proves nothing."""
        if cand.start == lo and doc[cand.start].lower_ in self.lex.sentence_initial_generic:
            cand.start += 1

    def _strip_demonyms(self, doc: Doc, cand: Candidate) -> None:
        """``Russian Storm Corps`` -> ``Storm Corps`` (whose unit, not its name).

        When nothing but the demonym is left (``British Army``), the name stays whole and is
        marked: it says whose forces, not which formation.
        """
        while cand.start < cand.head:
            size = country_prefix(doc, cand.start, cand.head)
            if not size:
                return
            cand.country = place_code(doc[cand.start : cand.start + size].text)
            if cand.start + size >= cand.head:
                cand.demonym_only = True
                return
            cand.start += size

    def _of_tail(self, doc: Doc, cand: Candidate, i: int) -> None:
        """``Corps of Royal Engineers``, ``Royal Regiment of Scotland``, ``Brigade of Gurkhas``."""
        end = None
        used_and = False
        while i < len(doc) and i - cand.head <= 8:
            token = doc[i]
            if is_wrap(token):
                i += 1
                continue
            if token.is_title and not token.is_punct:
                i += 1
                end = i
                continue
            if token.lower_ == "and" and end is not None and not used_and:
                used_and = True
                i += 1
                continue
            break
        if end is not None:
            cand.end = end
