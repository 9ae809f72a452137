"""Town names that are common words or other things' names: a country only where the
text says place.

``Airport`` (Apple's AirPort Utility), ``Mobile``, ``Vista``, ``Sandwich``, ``Walnut`` and
``Time`` are towns in GeoNames and words in every article. The model labels such a word GPE
now and then where it names no place; it once got a country all the same (``Time`` ->
Norway, a cover story in Time). A name of ``common_word_places.json`` (built by
``bench/places_common_words.py``: frequent English words that writers use in lower case,
none a country, capital, world city, region or subdivision) keeps its candidates only
with *place evidence* in its document:

- a locating word before it (``in Sandwich``, ``near Vista``, ``in nearby Walnut``, ``30
  miles outside of Buffalo``, ``a suburb of Phoenix``), unless the document also writes
  the word in lower case (``a cover story in Time`` in a text about the best time to ...:
  there ``in`` says as much of a magazine or a moment as of a place);
- a qualifier (``Centennial, Colo.``, ``Mobile, Alabama``, ``Malibu, CA``) or the dateline;
- being the place of a local authority (``Ann Arbor Police Department``);
- a place beside it in a list (``Boulder, Centennial and Aurora``) that is no such word
  without evidence itself;
- a place of one of its countries within a few words (``Walnut ... Los Angeles County``);
  when the places within a few words all lie in other countries, a locating word before
  a common word is no evidence (``a cafe in Soho, with locations in the West Village``:
  New York's SoHo);
- the same name with any of the above elsewhere in the article (title and body).

So does a town (no country, capital, world city or region, under a million people) whose
name the same document gives a person (``Cam Newton``, then ``Newton has thrown for 64
yards``; ``Merrick Garland``) or labels an organisation, product or work (``Batman`` the
film, ``Batman`` a Turkish province); and a name one small town has (a single candidate,
a city under 200,000 people: ``Metro``, Indonesia, for Windows' Metro design; ``Olympic``,
Hong Kong; ``Claudia``, Brazil, a commenter), which another place of its country anywhere
in the article also supports (``Moritzburg`` beside ``Dresden``), or the publisher's or
dump's country (:func:`pipeline.nlp.countries.resolver.article_places`). A small town and a
name of its country in a list prove each other (``Hull and Grimsby``); two common words do
not (``Blood Orange, Walnut``).

Without it the mention keeps its label (GPE or LOC: the model's reading, and an analyst sees
the text) and gets no country.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.tokens import Doc, Span

from pipeline.nlp.countries.context import LOCATIVES
from pipeline.nlp.places import PlaceMention, plausible
from pipeline.nlp.sentences import starts_sentence
from pipeline.resources import load_json

# Words that put the name after them in a place: the prepositions of place that keep a
# name a place against a person's name (``context.LOCATIVES``), and weaker ones a common
# word needs no more than ("to" is one: "moved to Vista"; "at" is not: "margins at
# Monster", "worked at Paramount", "PR at Sunrise" name companies).
LOCATING_WORDS = (
    LOCATIVES
    | {"around", "from", "to", "into", "toward", "towards", "via"}
    | {
        "between",
        "through",
        "inside",
    }
)
# Words between the locating word and the name: "in nearby Walnut", "in downtown Mobile".
BETWEEN_WORDS = frozenset(
    {"nearby", "downtown", "suburban", "rural", "central", "northern", "southern", "eastern"}
    | {"western", "the", "neighbouring", "neighboring", "uptown", "tiny", "small"}
)
# Nouns that, with "of", put the name after them in a place: "south of Aurora".
PLACE_OF_WORDS = frozenset(
    {"city", "town", "village", "suburb", "suburbs", "outskirts", "north", "south", "east"}
    | {"west", "northeast", "northwest", "southeast", "southwest", "mayor", "residents"}
    | {"streets", "center", "centre", "heart", "people", "citizens", "outside"}
)
LIST_WORDS = frozenset({",", "and", "or", "&", ";"})
# A town: every candidate a city or subdivision (no country, capital, world city or
# region; no metonym such as "Pentagon", no demonym) of fewer people than this.
TOWN_KINDS = frozenset({"city", "admin"})
TOWN_POPULATION = 1_000_000
# A small town: every candidate a city of fewer people than this.
SMALL_TOWN_POPULATION = 200_000
# Labels that say a name is something else where the document gives them.
OTHER_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT"})


@cache
def state_abbreviations() -> frozenset[str]:
    """US states' postal codes and the abbreviations news writes (``CA``, ``Calif.``,
    ``N.J.``): after a name and a comma, they say it is a town of that state."""
    from pipeline.nlp.countries.table import us_state_codes

    regions = load_json("places.json")["regions"]
    return frozenset(us_state_codes()) | {form for form in regions if form.endswith(".")}


def state_after(doc: Doc, end: int) -> bool:
    """``Malibu, CA``, ``Raritan, N.J.-based``: a US state's abbreviation after a comma."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    word = doc[end + 1].text
    return word in state_abbreviations() or word.split("-")[0] in state_abbreviations()


@cache
def common_word_places() -> frozenset[str]:
    """The place names that are also common words (``common_word_places.json``)."""
    return frozenset(load_json("common_word_places.json")["words"])


def needs_evidence(mention: PlaceMention, others: frozenset[str] = frozenset()) -> bool:
    """Whether ``mention`` names a place only where its text says place: a common word,
    a town named like something else of the document (``others``: :func:`named_otherwise`),
    or a small
    town, which may also be supported by another place of its countries in the document
    (:func:`small_town`)."""
    return (
        mention.form in common_word_places()
        or (mention.form in others and _a_town(mention))
        or small_town(mention)
    )


def only_small_town(mention: PlaceMention, others: frozenset[str]) -> bool:
    """A small town that is no common word and not named like something else here."""
    return (
        small_town(mention)
        and mention.form not in common_word_places()
        and mention.form not in others
    )


def small_town(mention: PlaceMention) -> bool:
    """A name one small town has: a single candidate, a city of fewer than
    :data:`SMALL_TOWN_POPULATION` people (``Metro``, Indonesia; ``Olympic``, Hong Kong;
    ``Claudia``, Brazil). A name several countries share is settled by the ranker with the
    article's evidence and the leans, which may choose none (``Gloucester`` in a British
    dump); a single small town has no rival, and was placed by its existence alone. Only a
    name of one word: one of several words is a town's own name (``Burton upon Trent``,
    ``Stratford-upon-Avon``), never a word the model took for one."""
    return (
        mention.form.isalpha()
        and len(mention.candidates) == 1
        and all(
            c.kinds == "city" and c.population < SMALL_TOWN_POPULATION for c in mention.candidates
        )
    )


def countries_of(places: Iterable[PlaceMention]) -> set[str]:
    """The countries of the places that can be in one country only: what supports a small
    town of one of them (``Moritzburg`` beside ``Dresden``)."""
    return {code for place in places if len(codes := plausible(place).codes) == 1 for code in codes}


def _a_town(mention: PlaceMention) -> bool:
    return all(
        TOWN_KINDS.issuperset(c.kinds.split("+")) and c.population < TOWN_POPULATION
        for c in mention.candidates
    )


def named_otherwise(
    ents: list[Span], people: frozenset[str], places: list[tuple[Span, PlaceMention]]
) -> frozenset[str]:
    """Names the document gives something other than a place: the words of people's names
    (``people``, see :func:`.context.person_words`) and one-word persons, organisations,
    products, works and events that are not among its ``places`` (a metonym such as
    ``Pentagon`` is labelled ORG and is one)."""
    placed = {ent.start for ent, _ in places}
    return people | {
        ent.text
        for ent in ents
        if len(ent) == 1 and ent.label_ in OTHER_LABELS and ent.start not in placed
    }


def located(doc: Doc, start: int) -> bool:
    """A locating word before ``doc[start]``: ``in Vista``, ``in nearby Walnut``, ``south of
    Aurora`` (``in Boulder's downtown`` too: a possessive after the name is still a place's)."""
    before = start - 1
    if before >= 0 and doc[before].lower_ in BETWEEN_WORDS:
        before -= 1
    if before < 0:
        return False
    word = doc[before].lower_
    if word == "of":
        return before > 0 and doc[before - 1].lower_ in PLACE_OF_WORDS
    if word not in LOCATING_WORDS:
        return False
    # A headline in title case capitalises its "To" and "In": no evidence there; a
    # sentence's first "In" is ("In Vista, police closed roads").
    return not doc[before].is_title or starts_sentence(doc, before, line_breaks=True)


def unproven(
    found: list[tuple[Span, PlaceMention]], others: frozenset[str] = frozenset()
) -> set[int]:
    """Positions in ``found`` (a document's places in text order, context read) of the
    names that need place evidence and have none; see the module's docstring. ``others``:
    the names the document gives something else (:func:`named_otherwise`)."""
    doubtful = [i for i, (_, mention) in enumerate(found) if needs_evidence(mention, others)]
    if not doubtful:
        return set()
    doc = found[doubtful[0]][0].doc
    lowered = {found[i][1].form.lower() for i in doubtful}
    words = {token.text for token in doc if token.is_lower and token.text in lowered}
    proven = {i for i in doubtful if _evidence(found, i, words)}
    # A small town (and nothing else) is also supported by another place of its countries
    # anywhere in the document: "Moritzburg" in a story that names Dresden.
    waiting = set(doubtful)
    support = countries_of(m for i, (_, m) in enumerate(found) if i not in waiting)
    proven |= {
        i for i in doubtful if found[i][1].codes & support and only_small_town(found[i][1], others)
    }
    forms = {found[i][1].form for i in proven}
    # A list of places proves its members, a proven one proving the next one.
    changed = True
    while changed:
        changed = False
        for i in doubtful:
            if i in proven or found[i][1].form in forms:
                continue
            if _listed(found, i, waiting - proven, others):
                proven.add(i)
                forms.add(found[i][1].form)
                changed = True
    return {i for i in doubtful if found[i][1].form not in forms}


def _evidence(found: list[tuple[Span, PlaceMention]], index: int, words: set[str]) -> bool:
    """Evidence of its own: a qualifier, the dateline, a place of its countries nearby, a
    locating word before it (when the document does not use it as a word: ``words``).

    For a common word, places nearby that all lie in other countries void a locating word:
    the text names a namesake the gazetteer does not know (``a cafe in Soho, with locations
    in the West Village and Brooklyn``: New York's SoHo, not the English Soho). Not for
    other names: ``shipped from Cuba to Seville``."""
    ent, mention = found[index]
    if mention.qualifier or mention.dateline or mention.nearby & mention.codes:
        return True
    if ent.text != mention.form and ent.label_ == "ORG":
        return True  # a local authority: "Ann Arbor Police Department"
    if "US" in mention.codes and state_after(ent.doc, ent.end):
        return True
    if mention.nearby and mention.form in common_word_places():
        return False  # not for other names: "from Cuba to Seville"
    return mention.form.lower() not in words and located(ent.doc, ent.start)


def _listed(
    found: list[tuple[Span, PlaceMention]], index: int, waiting: set[int], others: frozenset[str]
) -> bool:
    """A place beside it in a list, separated by commas and ``and``: one that needs no
    evidence or has it, or a name of the same country still ``waiting`` for evidence when
    one of the two is a small town and no common word (``Hull and Grimsby``; not ``Blood
    Orange, Walnut``)."""
    ent, mention = found[index]
    doc = ent.doc
    for other in (index - 1, index + 1):
        if not 0 <= other < len(found):
            continue
        neighbour, beside = found[other]
        if other in waiting and not (
            mention.codes & beside.codes
            and (only_small_town(mention, others) or only_small_town(beside, others))
        ):
            continue
        low, high = (neighbour.end, ent.start) if other < index else (ent.end, neighbour.start)
        if 0 < high - low <= 2 and all(t.lower_ in LIST_WORDS for t in doc[low:high]):
            return True
    return False
