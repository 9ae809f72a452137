"""Place names with several namesakes, settled by their context.

"Perth" is a city in Australia and a town in Scotland; "Georgia" a country and a US
state; "Kent" an English county and a city in Washington. Every name gets its
*candidates*: at most one per country, with what is known of them (the kinds of place —
country, capital, curated region, first-level subdivision, city — and the population of
the largest namesake there). A name with one candidate country is settled at once. A name
with several is settled by a ranker, a conditional logit over the candidates' features
(:data:`FEATURES`) and "no place at all":

- its prior: population (log, and the gap to the most populous namesake), its kinds;
- a *qualifier* beside the name: ``Paris, Texas``, ``Perth, Scotland``, ``Pakistan's
  Hyderabad`` (the component reads it off the tokens);
- the places near it in the text, and the whole article's other places, regions and
  demonyms (title and body together): ``hard`` votes of names with one candidate, ``soft``
  votes of names with several, shared out by their own probabilities (London votes GB);
- the article's dateline (``TRIPOLI, Lebanon, March 3 -``), the publisher's home country
  when the user gives it, and the country the whole dump names most
  (:mod:`pipeline.nlp.dump_country`), a weaker prior: a wire that writes about the US more
  than any other country still covers the world.

The weights are learned by ``scripts/train_place_ranker.py`` and stored in
``resources/place_ranker.json``; the best candidate wins when its probability reaches
the stored threshold, else the name gets no country.

>>> mention = PlaceMention("Perth", (Candidate("AU", "Perth", "city", 2_384_371),
...                                   Candidate("GB", "Perth", "city", 47_350)))
>>> [c.code for c in settle([mention])]
['AU']
>>> scottish = PlaceMention("Scottish", (Candidate("GB", "United Kingdom", "demonym", 0),))
>>> [c.code for c in settle([mention, scottish])]
['GB', 'GB']
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import NamedTuple

from pipeline.resources import load_json

RANKER_FILE = "place_ranker.json"
# Mentions whose candidate is a country named as such: "Lebanon", "Lebanese", "the Kremlin".
COUNTRY_KINDS = frozenset({"country", "demonym", "metonym"})
# What a reader takes a name for when nothing says otherwise (see prominent()).
PROMINENT_KINDS = COUNTRY_KINDS | {"capital", "world"}
# Shares of a prominent place's people from which a namesake is comparable (Georgia, the
# state) or middling (London, Ontario, at 4.7%; Paris, Texas, at 1.2%, is small): plausible().
COMPARABLE_SHARE = 0.25
SMALL_SHARE = 0.03
FEATURES = (
    "log_population",
    "population_gap",
    "most_populous",
    "population_unknown",
    "country",
    "capital",
    "region",
    "admin",
    "city",
    "qualifier",
    "nearby",
    "article_share",
    "article_any",
    "country_named",
    "soft_share",
    "dateline",
    "home",
    "dump",
)


class Candidate(NamedTuple):
    """A country a name may denote: ``kinds`` joined by ``+``, the largest namesake's population."""

    code: str | None
    canonical: str
    kinds: str
    population: int


@dataclass
class PlaceMention:
    """A name in an article with its candidates and what the text beside it says.

    ``qualifier``: the countries a qualifier beside it may denote (``Texas`` -> US);
    ``nearby``: countries of names with one candidate close to it in the same text;
    ``dateline``: it is the place of the article's dateline.
    """

    form: str
    candidates: tuple[Candidate, ...]
    qualifier: frozenset[str] = frozenset()
    nearby: frozenset[str] = frozenset()
    dateline: bool = False

    @property
    def codes(self) -> frozenset[str]:
        """The candidate countries (None, for "Europe", is no country)."""
        return frozenset(c.code for c in self.candidates if c.code)

    @property
    def settled(self) -> bool:
        """One candidate: nothing to rank."""
        return len(self.candidates) == 1


@dataclass
class Evidence:
    """What the whole article says about countries, apart from any one name."""

    hard: Counter[tuple[str, str]] = field(default_factory=Counter)  # (form, code) -> mentions
    named: Counter[tuple[str, str]] = field(default_factory=Counter)  # countries named as such
    soft: dict[str, Counter[str]] = field(default_factory=dict)  # form -> code -> share
    dateline: str | None = None
    home: str | None = None
    dump: str | None = None  # the country the whole dump names most

    @classmethod
    def of(
        cls,
        mentions: Iterable[PlaceMention],
        home: str | None = None,
        model: Ranker | None = None,
        dump: str | None = None,
    ) -> Evidence:
        """Votes of every mention: whole for settled names, shared out for ambiguous ones.

        An ambiguous name's vote is shared by ``model``'s probabilities for it on its own
        (its prior, qualifier and neighbours: London votes mostly GB), evenly without one.
        """
        evidence = cls(home=home, dump=dump)
        for mention in mentions:
            codes = mention.codes
            if not codes:
                continue
            if len(codes) == 1:
                code = next(iter(codes))
                evidence.hard[(mention.form, code)] += 1
                if set(mention.candidates[0].kinds.split("+")) & COUNTRY_KINDS:
                    evidence.named[(mention.form, code)] += 1
            else:
                shares = evidence.soft.setdefault(mention.form, Counter())
                for code, share in _shares(mention, model).items():
                    shares[code] += share
        return evidence

    def named_codes(self, form: str) -> set[str]:
        """Countries the article names as such (``Lebanon``, ``Lebanese``), apart from ``form``."""
        return {code for (other, code) in self.named if other != form}

    def shares(self, form: str) -> tuple[Counter[str], int, Counter[str], float]:
        """Hard votes, their total, soft votes and their total, of names other than ``form``."""
        hard: Counter[str] = Counter()
        for (other, code), count in self.hard.items():
            if other != form:
                hard[code] += count
        soft: Counter[str] = Counter()
        for other, votes in self.soft.items():
            if other != form:
                soft.update(votes)
        return hard, sum(hard.values()), soft, sum(soft.values())


def _shares(mention: PlaceMention, model: Ranker | None) -> dict[str, float]:
    """How an ambiguous name's vote is shared among its countries (summing to 1)."""
    codes = [c.code for c in mention.candidates if c.code]
    if model is None:
        return {code: 1 / len(codes) for code in codes}
    alone = Evidence()
    probabilities = model.probabilities(mention, alone)
    total = sum(probabilities) or 1.0
    shares: dict[str, float] = {}
    for candidate, probability in zip(mention.candidates, probabilities, strict=True):
        if candidate.code:
            shares[candidate.code] = shares.get(candidate.code, 0.0) + probability / total
    return shares


def features(candidate: Candidate, mention: PlaceMention, evidence: Evidence) -> list[float]:
    """The ranker's features of one candidate of ``mention`` (in the order of :data:`FEATURES`).

    >>> perth_au = Candidate("AU", "Perth", "city", 2_384_371)
    >>> perth_gb = Candidate("GB", "Perth", "city", 47_350)
    >>> perth = PlaceMention("Perth", (perth_au, perth_gb), qualifier=frozenset({"GB"}))
    >>> named = dict(zip(FEATURES, features(perth_gb, perth, Evidence(home="GB"))))
    >>> named["qualifier"], named["home"], named["most_populous"], named["city"]
    (1.0, 1.0, 0.0, 1.0)
    """
    hard, hard_total, soft, soft_total = evidence.shares(mention.form)
    code = candidate.code
    kinds = candidate.kinds.split("+")
    most = max(c.population for c in mention.candidates)
    # GeoNames lists every city with its population, 0 for a ruin such as Montserrat's
    # capital Plymouth: only a region's or a subdivision's is unknown.
    known = candidate.population > 0 or "city" in kinds
    log_population = math.log10(1 + candidate.population)
    return [
        log_population / 7,
        (log_population - math.log10(1 + most)) / 7 if known else 0.0,
        float(known and candidate.population == most),
        float(not known),
        float("country" in kinds),
        float("capital" in kinds),
        float("region" in kinds),
        float("admin" in kinds),
        float("city" in kinds),
        float(code in mention.qualifier),
        float(code in mention.nearby),
        hard[code] / hard_total if hard_total else 0.0,
        float(hard[code] > 0),
        float(code in evidence.named_codes(mention.form)),
        soft[code] / soft_total if soft_total else 0.0,
        float(code is not None and code == evidence.dateline),
        float(code is not None and code == evidence.home),
        float(code is not None and code == evidence.dump),
    ]


@dataclass(frozen=True)
class Ranker:
    """A conditional logit over a name's candidates and "no place at all".

    Each candidate scores ``intercept + weights · features``; "none" scores 0; the
    probabilities are their softmax. The best candidate wins when its probability
    reaches ``threshold``.
    """

    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def score(self, values: Sequence[float]) -> float:
        """A candidate's score (its log-odds against "no place")."""
        z = self.intercept + sum(w * v for w, v in zip(self.weights, values, strict=True))
        return max(-30.0, min(30.0, z))

    def probabilities(self, mention: PlaceMention, evidence: Evidence) -> list[float]:
        """Each candidate's probability of being the place meant (the rest: no place)."""
        odds = [math.exp(self.score(features(c, mention, evidence))) for c in mention.candidates]
        total = 1 + sum(odds)
        return [o / total for o in odds]

    def best(self, mention: PlaceMention, evidence: Evidence) -> tuple[Candidate, float]:
        """The most probable candidate and its probability."""
        probabilities = self.probabilities(mention, evidence)
        index = max(range(len(probabilities)), key=probabilities.__getitem__)
        return mention.candidates[index], probabilities[index]


# Set by scripts/train_place_ranker.py, for itself and the spaCy processes it starts: its
# first pass runs the pipeline with the ranker of the file, trained before a new feature.
LENIENT_RANKER_ENV = "PIPELINE_LENIENT_PLACE_RANKER"


@cache
def ranker() -> Ranker:
    """The trained ranker from ``resources/place_ranker.json`` (read leniently when
    ``$PIPELINE_LENIENT_PLACE_RANKER`` is ``1``: see :func:`load_ranker`). Loaded once per
    process: the variable must be set before the first call."""
    return load_ranker(lenient=os.environ.get(LENIENT_RANKER_ENV) == "1")


def load_ranker(lenient: bool = False) -> Ranker:
    """The ranker of ``resources/place_ranker.json``; an error when it was trained on other
    features than :data:`FEATURES`.

    ``lenient``: features the file lacks weigh 0 (the ranker scores as it did before they
    were added) and ones it has that are gone are dropped; for the training script's first
    pass, which must run before the file is retrained.
    """
    data = load_json(RANKER_FILE)
    trained = dict(zip(data["features"], data["weights"], strict=True))
    if tuple(trained) != FEATURES and not lenient:
        raise ValueError(f"{RANKER_FILE} was trained on other features: retrain it")
    weights = tuple(float(trained.get(name, 0.0)) for name in FEATURES)
    return Ranker(weights, data["intercept"], data["threshold"])


def settle(
    mentions: Sequence[PlaceMention],
    home: str | None = None,
    model: Ranker | None = None,
    dump: str | None = None,
) -> list[Candidate | None]:
    """The candidate each mention denotes (None: no country), given all of them together.

    A qualifier that shares no country with the name's candidates still places it:
    ``Ripon, North Yorkshire`` is in GB whatever Ripon is.

    >>> kent = PlaceMention("Kent", (Candidate("GB", "Kent", "admin", 0),
    ...                              Candidate("US", "Kent", "city", 126_952)))
    >>> ohio = PlaceMention("Ohio", (Candidate("US", "Ohio", "admin", 0),))
    >>> [c.code for c in settle([kent, ohio])]
    ['US', 'US']
    >>> [c.code for c in settle([kent], home="GB")]
    ['GB']
    """
    model = model or ranker()
    mentions = [plausible(mention, home) for mention in shared_qualifiers(mentions)]
    evidence = evidence_of(mentions, home, model, dump)
    return [choose(mention, evidence, model) for mention in mentions]


def prominent(mention: PlaceMention) -> Candidate | None:
    """The candidate a reader takes a shared name for when nothing beside it says otherwise.

    A country (or its demonym, metonym), or a capital or world city (``world``:
    :func:`pipeline.nlp.countries.table.world_cities`) that is the most populous namesake
    (``London``; not ``Hamilton``, Bermuda's capital of 900 people). None if there is none.

    >>> prominent(PlaceMention("London", (Candidate("GB", "London", "capital", 8_961_989),)))
    Candidate(code='GB', canonical='London', kinds='capital', population=8961989)
    """
    if not mention.candidates:
        return None
    most = max(c.population for c in mention.candidates)
    found = [
        c
        for c in mention.candidates
        if c.code
        and (kinds := set(c.kinds.split("+"))) & PROMINENT_KINDS
        and (kinds & COUNTRY_KINDS or c.population == most)
    ]
    return max(found, key=lambda c: c.population) if found else None


def comparable(rival: Candidate, main: Candidate) -> bool:
    """Whether ``rival`` may be meant instead of the prominent ``main`` on context and leans.

    A prominent place itself, a namesake with at least :data:`COMPARABLE_SHARE` of its
    people, or a region or subdivision of unknown population beside a capital or city (not
    beside a country: ``Niger`` is the country, not Nigeria's state).
    """
    kinds = set(rival.kinds.split("+"))
    if rival == main or kinds & PROMINENT_KINDS:
        return True
    if rival.population == 0 and "city" not in kinds:
        return not COUNTRY_KINDS & set(main.kinds.split("+"))
    return rival.population >= COMPARABLE_SHARE * main.population


def plausible(mention: PlaceMention, home: str | None = None) -> PlaceMention:
    """``mention`` with the namesakes a reader would not think of left out.

    A prominent place (:func:`prominent`) keeps the rivals :func:`comparable` with it,
    those a qualifier beside the name points to (``Paris, Texas``), and, beside a capital or
    city, middling ones (from :data:`SMALL_SHARE` of its people on) whose country is named
    beside it or is the publisher's (``home``): ``Queen's University in Kingston said the
    Canadian government``.
    The dump's country and the article's votes then only decide between those: ``Rupert
    Murdoch's London newsrooms`` stays in GB in an American article, ``Mexico`` in a list of
    countries stays Mexico. A qualifier it has no namesake in is a list, not a qualifier
    (``Sydney, Tokyo, Tunis and Vancouver``), except in a dateline.

    >>> paris = PlaceMention("Paris", (Candidate("FR", "Paris", "capital+city", 2_138_551),
    ...                                Candidate("US", "Paris", "city", 24_782)))
    >>> [c.code for c in plausible(paris, home="US").candidates]
    ['FR']
    """
    main = prominent(mention)
    if main is None:
        return mention
    # A dateline's qualifier is one even where the name has no namesake: GEORGETOWN, Malaysia.
    qualifier = mention.qualifier if mention.dateline else mention.qualifier & mention.codes

    def kept(rival: Candidate) -> bool:
        if rival.code in qualifier or comparable(rival, main):
            return True
        named_country = COUNTRY_KINDS & set(main.kinds.split("+"))
        if rival.population < SMALL_SHARE * main.population or named_country:
            return False  # Jamaica, the country, not Jamaica, Queens, whatever is beside it
        return rival.code in mention.nearby or (home is not None and rival.code == home)

    if qualifier & mention.codes:  # "Paris, Texas", "London, Ontario": the qualifier decides
        candidates = tuple(c for c in mention.candidates if c.code in qualifier)
    else:
        candidates = tuple(c for c in mention.candidates if kept(c))
    if candidates == mention.candidates and qualifier == mention.qualifier:
        return mention
    return replace(mention, candidates=candidates, qualifier=qualifier)


def shared_qualifiers(mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
    """A name qualified once in an article is qualified everywhere in it: ``Paris, Texas``
    then ``Paris police said`` are both in Texas (one sense per article)."""
    by_form: dict[str, frozenset[str]] = {}
    for mention in mentions:
        shared = mention.qualifier & mention.codes
        if shared:
            by_form.setdefault(mention.form, shared)
    if not by_form:
        return list(mentions)
    return [
        replace(m, qualifier=by_form[m.form]) if not m.qualifier and m.form in by_form else m
        for m in mentions
    ]


def evidence_of(
    mentions: Sequence[PlaceMention],
    home: str | None = None,
    model: Ranker | None = None,
    dump: str | None = None,
) -> Evidence:
    """The article's evidence: every mention's votes, the home and dump countries, the dateline's.

    The dateline's place is settled first (``TRIPOLI, Lebanon``): it is evidence for the rest.
    """
    model = model or ranker()
    evidence = Evidence.of(mentions, home, model, dump)
    for mention in mentions:
        if mention.dateline:
            chosen = choose(mention, evidence, model)
            evidence.dateline = chosen.code if chosen else None
            break
    return evidence


def ranked(mention: PlaceMention) -> bool:
    """Whether the ranker decides this mention (several candidates, no decisive qualifier)."""
    if len(mention.candidates) < 2:
        return False
    return not mention.qualifier or bool(mention.qualifier & mention.codes)


def choose(mention: PlaceMention, evidence: Evidence, model: Ranker) -> Candidate | None:
    """One mention's candidate given the article's evidence (None: no country)."""
    if not mention.candidates:
        return None
    if mention.qualifier and not mention.qualifier & mention.codes:
        # "Memphis, Egypt" is not in Tennessee; "New York, São Paulo" is a list.
        if any({"admin", "region"} & set(c.kinds.split("+")) for c in mention.candidates):
            mention = replace(mention, qualifier=frozenset())
        elif len(mention.qualifier) != 1:
            return None
        else:
            return Candidate(next(iter(mention.qualifier)), mention.form, "qualified", 0)
    if mention.settled:
        return mention.candidates[0]
    candidate, probability = model.best(mention, evidence)
    return candidate if probability >= model.threshold else None
