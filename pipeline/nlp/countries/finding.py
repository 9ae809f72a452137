"""Place names the statistical model missed or mislabelled, found where the text says place.

Country names, capitals, demonyms and metonyms the model did not tag (``add_missed``);
towns and counties after a locative word or in a list with a place (``add_located``);
names tagged as people, organisations or works that the words around say are places
(``relabel_mislabelled_places``). Lines written in title case say nothing about places.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_ALPHA, IS_TITLE, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.nlp.countries.context import dateline_start, kinds_of, person_words
from pipeline.nlp.countries.table import PLACE_LABELS, WHOLE_KINDS, CountryGazetteer
from pipeline.nlp.names import is_name_word, known_label
from pipeline.nlp.places import Candidate
from pipeline.nlp.sentences import starts_sentence
from pipeline.nlp.spans import replace_entities, storm_names

NUMERIC_LABELS = {"CARDINAL", "ORDINAL", "QUANTITY", "DATE", "TIME", "PERCENT", "MONEY"}
# An untagged name after a locative word is taken as a place from this population on.
MIN_LOCATED_POPULATION = 50_000
# Locative words that take a place after them ("to" is left out: "talk to Reading").
LOCATED_AFTER = frozenset({"in", "near", "outside", "around", "from", "at", "across"})
LOCATIVE_WORDS = frozenset(
    {"in", "near", "from", "across", "around", "at", "to", "into", "throughout", "outside"}
    | {"towards", "toward", "via", "between", "within", "across", "through"}
)
LIST_WORDS = frozenset({"and", "or", ",", "&"})
# Labels the small model gives place names by mistake, which context may overturn.
RELABELLED = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
# Labels of places and peoples the small model gives products and companies
# (``Windows`` NORP, ``Android`` GPE, ``Windows Phone`` LOC).
THING_AS_PLACE_LABELS = frozenset({*PLACE_LABELS, "NORP"})
# Endings of the names of peoples (``Texans``, ``Lebanese``): such a NORP is left alone.
DEMONYM_ENDINGS = ("an", "ans", "ese", "ish", "i", "is")
HEADLINE_WORD_LENGTH = 4  # words this long are capitalised in a headline, not in a sentence
HEADLINE_CAPITALISED_SHARE = 0.6


class PlaceFinder:
    """Adds and relabels place entities of a doc; see the module's docstring."""

    def __init__(self, nlp: Language, gazetteer: CountryGazetteer):
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        kinds: dict[str, list[str]] = {"GPE": [], "NORP": [], "ORG": []}
        for form, candidates in self.gazetteer.table.items():
            if form not in self.gazetteer.ambiguous and _country_capital_or_region(candidates):
                kinds["GPE"].append(form)
        kinds["NORP"] = list(self.gazetteer.demonyms)
        kinds["ORG"] = [m for m in self.gazetteer.metonyms if not m.startswith("the ")]
        for label, forms in kinds.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(forms)))
        # Short forms must match as written ("US", never "us").
        self.exact_short_forms = {
            form for form in [*self.gazetteer.table, *self.gazetteer.demonyms] if len(form) <= 3
        }
        strings = nlp.vocab.strings
        self.located_after = numpy.array(
            [strings.add(w) for w in sorted(LOCATED_AFTER)], dtype=numpy.uint64
        )
        self.and_word = strings.add("and")

    def relabel_mislabelled_places(self, doc: Doc) -> None:
        """Place names the model took for something else, where the words around say place.

        ``Police in Kent and Surrey`` (two PERSONs), ``Lancashire and Cumbria`` (one ORG),
        ``a flight to Manchester`` (a PRODUCT), ``Chad and Niger`` (Niger a PERSON), the
        dateline's ``HAMILTON`` (NORP). A name that is part of a person's full name in the
        same document (``Kent`` beside ``Kent Brockman``) stays as it is.
        """
        original = list(doc.ents)
        people = person_words(original)
        ents: list[Span] = []
        for ent in original:
            ents.extend(self._split_coordination(ent))
        dateline = dateline_start(doc, ents)
        changed = len(ents) != len(original)
        storms = storm_names(doc)
        for i, ent in enumerate(ents):
            if ent.label_ in PLACE_LABELS or ent.label_ not in RELABELLED or len(ent) > 3:
                continue
            if ent.label_ == "EVENT" and ent.text in storms:
                continue  # "in Sandy's path": the storm, not Sandy, Utah
            if ent.text in people or self.gazetteer.lookup(ent.text, "GPE") is None:
                continue
            if ent.label_ == "NORP" and ent.text in self.gazetteer.demonyms:
                continue
            if (
                ent.start == dateline
                or self._said_to_be_a_place(doc, ents, i)
                or self._country_no_name(ent)
            ):
                ents[i] = Span(doc, ent.start, ent.end, label="GPE")
                changed = True
        if changed:
            replace_entities(doc, ents)

    def relabel_known_things(self, doc: Doc) -> None:
        """Products and companies the model took for places or peoples, by the curated list
        of ``not_people.json`` (``Windows`` NORP and ``Android`` GPE -> PRODUCT, ``Vittana``
        GPE -> ORG). Left as they are: a name the gazetteer knows as a place or a people
        (``Java``, ``Jordan``, ``Indians``), a place after ``the`` (``the Amazon``, ``the
        Rockies``: rivers and mountains share names with companies and teams), and a NORP
        shaped like a people's name (``Texans``). A club named by its place and a known
        club's name is an organisation (:meth:`_team`).
        """
        ents = list(doc.ents)
        changed = False
        for i, ent in enumerate(ents):
            if ent.label_ not in THING_AS_PLACE_LABELS:
                continue
            team = self._team(ent)
            label = known_label(ent.text) or team
            if label is None or self.gazetteer.lookup(ent.text, "GPE") is not None:
                continue
            if ent.text in self.gazetteer.demonyms:
                continue
            if ent.label_ != "NORP" and _after_the(ent) and not team:
                continue
            if ent.label_ == "NORP" and ent.text.endswith(DEMONYM_ENDINGS):
                continue
            ents[i] = Span(doc, ent.start, ent.end, label=label)
            changed = True
        if changed:
            replace_entities(doc, ents)

    def _team(self, ent: Span) -> str | None:
        """``ORG`` for a club named by its place and a known club's name (``Jacksonville
        Jaguars`` as a facility, ``Miami Dolphins`` as a place); not a people
        (``Pacific Islanders``)."""
        if len(ent) < 2 or ent.label_ == "NORP" or known_label(ent[-1].text) != "ORG":
            return None
        place = ent.doc[ent.start : ent.end - 1].text
        return "ORG" if self.gazetteer.lookup(place, "GPE") is not None else None

    def _split_coordination(self, ent: Span) -> list[Span]:
        """``Lancashire and Cumbria`` -> two places, when each part is one, one of them a
        notable one (:func:`_notable`), and the whole is not: two small towns' names are
        more often a firm's (``Pratt and Whitney``, ``Marks and Spencer``)."""
        if len(ent) < 3 or " and " not in ent.text:
            return [ent]
        if self.gazetteer.lookup(ent.text, "GPE") is not None:
            return [ent]
        words = [t.lower_ for t in ent]
        cut = ent.start + words.index("and")
        parts = [ent.doc[ent.start : cut], ent.doc[cut + 1 : ent.end]]
        found = [self.gazetteer.lookup(p.text, "GPE") if len(p) else None for p in parts]
        if all(found) and any(_notable(f[1]) for f in found if f):
            return [Span(ent.doc, p.start, p.end, label="GPE") for p in parts]
        return [ent]

    def _said_to_be_a_place(self, doc: Doc, ents: list[Span], index: int) -> bool:
        """A locative word before it, or a place beside it in a list ("Kent and Surrey")."""
        ent = ents[index]
        preceding = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        before_that = doc[ent.start - 2].lower_ if ent.start > 1 else ""
        following = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if preceding in LOCATIVE_WORDS and not (preceding == "to" and before_that == "according"):
            return True  # "Police in Kent said": the locative word decides, not "said"
        if preceding in LIST_WORDS and index > 0 and ents[index - 1].end == ent.start - 1:
            first = ents[index - 1]
            located = first.start > 0 and doc[first.start - 1].lower_ in LOCATIVE_WORDS
            if located and first.label_ in PLACE_LABELS:
                return True  # "Police in Kent and Surrey said": the list's place is in it
        if following in ("said", "says", "told", "added"):
            return False
        attributive = preceding in ("a", "an", "the") and doc[ent.end : ent.end + 1].text.isalpha()
        if following in ("'s", "’s") or (attributive and following.islower()):
            # "Cornwall's tourism chiefs", "a Norfolk farmer": a county's or state's.
            found = self.gazetteer.lookup(ent.text, "GPE")
            return found is not None and any("admin" in c.kinds for c in found[1])
        if preceding in LIST_WORDS and index > 0 and ents[index - 1].end == ent.start - 1:
            return self._is_place_like(ents[index - 1])
        if (
            following in LIST_WORDS
            and index + 1 < len(ents)
            and ents[index + 1].start == ent.end + 1
        ):
            return self._is_place_like(ents[index + 1])
        return False

    def _country_no_name(self, ent: Span) -> bool:
        """A PERSON that is a country's name and no given name or surname the lists know:
        ``Madagascar``, whatever the words around (not ``Jordan``, ``Chad``, ``Georgia``)."""
        if ent.label_ != "PERSON" or is_name_word(ent.text):
            return False
        return self.gazetteer.country_named(ent.text)

    def _is_place_like(self, ent: Span) -> bool:
        return ent.label_ in PLACE_LABELS or self.gazetteer.lookup(ent.text, "GPE") is not None

    def add_located(self, doc: Doc) -> None:
        """Towns and counties the model did not tag, where the words around say place.

        ``Dockworkers in Hull``, ``Hull and Grimsby dockworkers``, ``Bath and Bristol``:
        after a locative word, or joined by ``and`` to another place. A capitalised word
        that goes on into a longer name (``in Reading Borough``) is left alone.
        """
        if len(doc) < 2:
            return
        ents = list(doc.ents)
        taken = {i for ent in ents for i in range(ent.start, ent.end)}
        # One pass over the tokens' attributes as arrays (cheap), then only the capitalised
        # runs that follow a locative word or touch an "and" are looked at (few).
        lower, title, alpha = doc.to_array([LOWER, IS_TITLE, IS_ALPHA]).T
        locative = numpy.isin(lower, self.located_after)
        joined = lower == self.and_word
        word = (title == 1) & (alpha == 1) & ~locative & ~joined
        starts = numpy.flatnonzero(word & ~numpy.concatenate(([False], word[:-1])))
        places: list[Span] | None = None  # worked out when first needed
        found: list[Span] = []
        for start in starts.tolist():
            before = start - 1
            end = start + 1
            while end < len(doc) and word[end]:
                end += 1
            if not (
                (before >= 0 and (locative[before] or joined[before]))
                or (end < len(doc) and joined[end])
            ):
                continue
            if end < len(doc) and doc[end].text in ("-", "–"):
                continue  # a compound: "in Normal-Weight Women"
            span = self._located_form(doc, start, end, taken)
            if span is None or _in_a_headline(doc, start, end, taken):
                continue
            located = before >= 0 and locative[before]
            if not located:
                if places is None:
                    places = [e for e in ents if self._town_like(e)]
                located = self._joined_to_a_place(span, [*places, *found])
            if located:
                found.append(span)
                taken.update(range(span.start, span.end))
        if found:
            replace_entities(doc, [*ents, *found])

    def _located_form(self, doc: Doc, start: int, run_end: int, taken: set[int]) -> Span | None:
        """The gazetteer town or county that is the whole capitalised run at ``start``.

        Up to three words; a run that goes on into a longer name (``Reading Borough
        Council``) is none.
        """
        if run_end - start > 3 or any(i in taken for i in range(start, run_end)):
            return None
        span = doc[start:run_end]
        candidates = self.gazetteer.candidates(span.text)
        if candidates and _town_or_county(candidates):
            return Span(doc, start, run_end, label="GPE")
        return None

    def _town_like(self, ent: Span) -> bool:
        """A place entity, or one the model mislabelled that is a town or county by name
        (``Grimsby`` a PERSON; not ``Butler``, a town of 13,000 and a family name)."""
        if ent.label_ in PLACE_LABELS:
            return True
        found = self.gazetteer.lookup(ent.text, "GPE")
        return found is not None and _town_or_county(found[1])

    @staticmethod
    def _joined_to_a_place(span: Span, places: list[Span]) -> bool:
        """``X and <place>`` or ``<place> and X`` (the place may be one the model mislabelled:
        ``Hull and Grimsby``, Grimsby a PERSON)."""
        return any(other.start == span.end + 1 or other.end == span.start - 1 for other in places)

    def add_missed(self, doc: Doc) -> None:
        # Numbers may give way: "Number 10" tagged CARDINAL for its "10" is still a metonym.
        taken = {
            i
            for ent in doc.ents
            if ent.label_ not in NUMERIC_LABELS
            for i in range(ent.start, ent.end)
        }
        added = []
        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=match_id)
            if any(i in taken for i in range(start, end)) or not span.text[:1].isupper():
                continue
            if len(span.text) <= 3 and span.text not in self.exact_short_forms:
                continue
            added.append(span)
        if added:
            covered = {i for span in added for i in range(span.start, span.end)}
            kept = [e for e in doc.ents if not covered.intersection(range(e.start, e.end))]
            replace_entities(doc, [*kept, *added])


def _town_or_county(candidates: tuple[Candidate, ...]) -> bool:
    """Whether a form the model left untagged is worth taking as a place where text says so.

    A subdivision or region (``Cheshire``, ``Lanarkshire``) or a namesake of 50,000 people
    or more (``Hull``); small towns named like common words (``Time``, Norway; ``Police``,
    Poland) are not.
    """
    return any(
        c.code
        and ("admin" in c.kinds or "region" in c.kinds or c.population >= MIN_LOCATED_POPULATION)
        for c in candidates
    ) and not any(c.kinds == "country" for c in candidates)


def _in_a_headline(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """Whether the run ``doc[start:end]`` stands in a line written in title case (``Student
    Performance in Reading, Mathematics and Science``), where capitals say nothing about places.

    Only words that would be lowercase in a sentence count: not the run itself, not a
    sentence's first word, not the words of other entities (``Nurses in Hull went on strike
    on Monday`` is a sentence).
    """
    line_start = start
    while line_start > 0 and start - line_start < 40 and "\n" not in doc[line_start - 1].text:
        line_start -= 1
    line_end = end
    while line_end < len(doc) and line_end - end < 40 and "\n" not in doc[line_end].text:
        line_end += 1
    long_words = [
        token.text
        for token in doc[line_start:line_end]
        if token.is_alpha
        and len(token) >= HEADLINE_WORD_LENGTH
        and not start <= token.i < end
        and token.i not in taken
        and not starts_sentence(doc, token.i, line_breaks=True)
    ]
    capitalised = sum(word[0].isupper() for word in long_words)
    return len(long_words) >= 3 and capitalised >= HEADLINE_CAPITALISED_SHARE * len(long_words)


# A town this populous is a place a list of places names (Dallas, Fort Worth).
NOTABLE_POPULATION = 100_000


def _notable(candidates: list[Candidate]) -> bool:
    """Whether a name's candidates hold a country, a capital, a region or county, a world
    city or a town of :data:`NOTABLE_POPULATION` people.

    >>> from pipeline.nlp.countries.table import gazetteer
    >>> [_notable(gazetteer().lookup(n, "GPE")[1]) for n in ("Cumbria", "Dallas", "Pratt")]
    [True, True, False]
    """
    return any(
        (WHOLE_KINDS | {"region"}) & kinds_of(c) or c.population >= NOTABLE_POPULATION
        for c in candidates
    )


def _country_capital_or_region(candidates: list[tuple[str | None, str, str, int]]) -> bool:
    """Whether a form names a country, capital or region first: the most populous namesake.

    ``Montevideo`` (and a town of 5,000 in Minnesota) yes; ``Kent`` (a county, unknown
    population, and a city of 127,000) no.
    """
    most = max(c[3] for c in candidates)
    return any(
        code
        and set(kinds.split("+")) & {"country", "capital", "region"}
        and (population == most if most else len(candidates) == 1)
        for code, _, kinds, population in candidates
    )


def _after_the(span: Span) -> bool:
    """Whether ``the`` comes right before ``span``, over a line break (``of the\nRockies``)."""
    before = span.start - 1
    while before >= 0 and span.doc[before].is_space:
        before -= 1
    return before >= 0 and span.doc[before].lower_ == "the"
