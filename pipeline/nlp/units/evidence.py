"""Whether a candidate is a unit: military evidence for it, no non-military context against.

Evidence is an ordinal or number, a gazetteer entry, a military word in the name or in
the sentence; a court, league, company, band, game or union in the sentence rules a
candidate out, depending on its kind and unit noun.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from pipeline.nlp.sentences import skip_wraps
from pipeline.nlp.units.candidate import Candidate, unit_sentence
from pipeline.nlp.units.lexicon import Lexicon


class UnitEvidence:
    """Judges candidates against the sentence around them."""

    def __init__(self, nlp: Language, lex: Lexicon):
        self.lex = lex
        self.not_units = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.not_units.add("NOT_UNIT", list(nlp.tokenizer.pipe(lex.not_units)))
        self.not_unit_texts = frozenset(phrase.lower() for phrase in lex.not_units)

    def not_unit_tokens(self, doc: Doc) -> set[int]:
        return {i for _, start, end in self.not_units(doc) for i in range(start, end)}

    def accept(self, doc: Doc, cand: Candidate, blocked: set[int]) -> bool:
        lex = self.lex
        lo, hi = unit_sentence(doc, cand.start, cand.end)
        context = [t for t in doc[lo:hi] if not cand.start <= t.i < cand.end]
        military = any(t.lower_ in lex.military_context_words for t in context)
        negative = self._negative_contexts(context)
        after = skip_wraps(doc, cand.end)
        follows = doc[after] if after < len(doc) else None
        if follows is not None and follows.text in lex.following_org_words:
            return False
        if cand.kind == "named" and follows is not None and self._name_goes_on(follows):
            return False  # "Texas Rangers Stealth Patrol Car": the name is longer than this
        if cand.kind == "armed_service" or cand.entry in lex.armed.entries:
            return self._service(doc, cand, context, negative, blocked)
        if follows is not None and follows.lower_ in lex.military_context_words:
            military, negative = True, set()  # "SAS soldier", "Golani troops": decisive
        if cand.kind == "gazetteer":
            if cand.entry in lex.needs_evidence:
                return military and not negative
            return military or not (negative & lex.hard_negative)
        if cand.kind in ("name_word", "foreign", "army_branch"):
            return not (negative & lex.hard_negative)
        if cand.head in blocked or cand.owner.lower() in lex.paramilitary_owners:
            return False
        if " ".join(doc[cand.start : cand.end].text.split()).lower() in self.not_unit_texts:
            return False
        name = [t.lower_ for t in doc[cand.start : cand.end] if t.i != cand.head]
        if any(word in lex.non_military_name_words for word in name):
            return False
        in_name = any(word in lex.military_name_words for word in name)
        return self._enough(doc, cand, military, bool(negative), in_name)

    def _service(
        self, doc: Doc, cand: Candidate, context: list[Token], negative: set[str], blocked: set[int]
    ) -> bool:
        """An armed service (``US Air Force``, ``RAF``), unless its words are borrowed.

        Not when a never-unit phrase covers it ("Air Force One", "Army Corps of Engineers"),
        when a shop's, team's or colour's word follows ("Swiss Army knife", "navy blue"), when
        its name runs on into an organisation's ("Royal Navy Submarine Museum"), or in a
        sentence about sport, entertainment or technology with no military word but a
        service's ("The British Army rugby team beat the Royal Navy").
        """
        lex, words = self.lex, self.lex.armed
        needs_evidence = cand.kind == "gazetteer" and cand.entry in lex.needs_evidence
        if needs_evidence and not any(t.lower_ in lex.military_context_words for t in context):
            return False
        if any(i in blocked for i in range(cand.start, cand.end)):
            return False
        i = skip_wraps(doc, cand.end)
        runs_on = 0
        while i < len(doc) and runs_on <= 3:
            token = doc[i]
            if token.text == "/" and runs_on == 0:  # "U.S. Army/Air Force Exchange Service"
                i += 1
                continue
            word = token.text.title() if token.is_upper else token.text
            if token.lower_ in words.not_followed_by or word in lex.following_org_words:
                return False
            named = token.is_title or (token.is_upper and token.is_alpha)
            if not named or runs_on == 3:
                break
            if cand.kind == "gazetteer" and cand.entry.isupper() and runs_on == 0:
                return False  # "RAF Lakenheath", "RAF Typhoon": a base's or an aircraft's name
            runs_on += 1
            i = skip_wraps(doc, i + 1)
        if negative & lex.hard_negative:
            strong = lex.military_context_words - words.context_words
            return any(t.lower_ in strong for t in context)
        return True

    def _name_goes_on(self, token: Token) -> bool:
        """A capitalised word right after the unit noun, not another unit's start."""
        return (
            token.is_title
            and token.text not in self.lex.head_class
            and token.text not in self.lex.ordinal_words
        )

    def _enough(
        self, doc: Doc, cand: Candidate, military: bool, negative: bool, in_name: bool
    ) -> bool:
        """Whether the evidence suffices for this kind of candidate and unit noun."""
        lex = self.lex
        head = doc[cand.head].text
        head_class = lex.head_class.get(head, "formation")
        plain_name = cand.head - cand.start > 1 and not in_name
        if cand.kind == "ordinal":
            if head_class != "formation" and plain_name:  # "1st Appearance H.A.R.D. Corps"
                return military and not negative
            return not (negative and head_class == "strict" and not (in_name or military))
        if cand.kind == "cardinal":
            if cand.head - cand.start == 1 and head not in lex.bare_cardinal_heads:
                return False  # "46 Division I teams": a count, unless "42 Commando"
            return military or not negative
        if cand.kind == "numbered":
            number = int(doc[cand.end - 1].text)
            if head == "Unit":
                return military and not negative and number >= 100
            return military or not negative
        if cand.kind == "word_ordinal":
            if head in lex.ordinal_word_heads or in_name:
                return military or not negative
            return military and not negative
        if cand.kind == "lowercase_named":
            return military and not negative
        if head == "District":  # "Leningrad Military District", not a court's or a school's
            return doc[cand.head - 1].text == "Military" and not negative
        if cand.demonym_only:
            return False
        if head_class == "formation":
            return military or in_name or cand.royal or not negative
        if head_class == "weak":
            return (military or in_name or cand.royal) and not negative
        return in_name and not negative

    def _negative_contexts(self, tokens: Iterable[Token]) -> set[str]:
        lex, found = self.lex, set()
        tokens = list(tokens)
        for k, token in enumerate(tokens):
            lowered = token.lower_
            category = lex.negative_context.get(lowered)
            if category is None:
                continue
            if lowered in lex.lowercase_only and token.text != lowered:
                continue
            if lowered == "court" and k + 1 < len(tokens) and "martial" in tokens[k + 1].lower_:
                continue
            exceptions = lex.armed.sport_word_exceptions.get(lowered)
            if exceptions and k + 1 < len(tokens) and tokens[k + 1].lower_ in exceptions:
                continue  # "beat back the assault", "drew up plans"
            found.add(category)
        return found
