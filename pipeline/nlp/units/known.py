"""Units known by name: gazetteer entries (with a service's country or an army's command
around them) and distinctive names before a generic noun (``the Azov brigade``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.countries.table import gazetteer as places
from pipeline.nlp.sentences import is_wrap
from pipeline.nlp.units.candidate import SERVICE_PREFIXES, Candidate, phrase_matcher
from pipeline.nlp.units.lexicon import Lexicon


class KnownNames:
    """Candidates from the gazetteer's names and from the name words of the lexicon."""

    def __init__(self, nlp: Language, lex: Lexicon):
        self.lex = lex
        self.gazetteer = phrase_matcher(nlp, lex.gazetteer)
        self.name_matcher = phrase_matcher(nlp, lex.name_words)
        self._strings = nlp.vocab.strings

    def gazetteer_candidates(self, doc: Doc) -> list[Candidate]:
        lex, found = self.lex, []
        for match_id, start, end in self.gazetteer(doc):
            entry = self._strings[match_id]
            cand = Candidate(start, end, "gazetteer", end - 1, lex.gazetteer[entry], entry)
            if entry in lex.services:
                self._extend_service(doc, cand)
            if entry in lex.armies:
                self._extend_army(doc, cand)
            found.append(cand)
        return found

    def _extend_service(self, doc: Doc, cand: Candidate) -> None:
        """``Republic of Korea`` + ``Marine Corps``: a service named with its country.

        A command may also carry its service first (``Air Force Cyber Command``).
        """
        while cand.start > 0 and doc[cand.start - 1].text in SERVICE_PREFIXES:
            cand.start -= 1
        for size in (4, 3, 2, 1):
            start = cand.start - size
            if start < 0 or any(
                (t.is_punct and t.text != ".") or (t.is_space and not is_wrap(t))
                for t in doc[start : cand.start]
            ):
                continue
            if doc[start].lower_ in self.lex.leading_drop or not doc[start].text[:1].isupper():
                continue
            text = doc[start : cand.start].text
            place = places().resolve(text, "GPE")
            abbreviated = text.replace(".", "").isupper()
            if place and place.code and ("country" in place.kind or abbreviated):
                cand.start, cand.country = start, place.code
                return

    def _extend_army(self, doc: Doc, cand: Candidate) -> None:
        """``PLA`` + ``Eastern Theater Command``: a command nested in an army's name."""
        end = cand.end
        for i in range(cand.end, min(len(doc), cand.end + 4)):
            token = doc[i]
            if not (token.is_title or token.is_upper) or token.is_punct:
                break
            if token.text in self.lex.army_branch_heads:
                end = i + 1
        if end > cand.end:
            cand.end, cand.head, cand.kind = end, end - 1, "army_branch"

    def name_word_candidates(self, doc: Doc) -> list[Candidate]:
        """``the Azov brigade``, ``the Wagner assault detachment``, ``the Sever group of forces``.

        Distinctive names (``name_words``) before a generic noun in any case.
        """
        lex, found = self.lex, []
        for match_id, start, end in self.name_matcher(doc):
            i = end
            while i < len(doc) and i - end < 2 and doc[i].lower_ in lex.name_word_modifiers:
                i += 1
            if i >= len(doc) or doc[i].lower_ not in lex.generic_heads:
                continue
            stop = i + 1
            if doc[i].lower_ == "group" and [t.lower_ for t in doc[stop : stop + 2]] == [
                "of",
                "forces",
            ]:
                stop += 2
            country = lex.name_words[self._strings[match_id]]
            found.append(Candidate(start, stop, "name_word", i, country))
        return found
