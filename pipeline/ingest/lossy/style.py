"""The document's dash style: are its spaced dashes en dashes (``–``) or em dashes (``—``)?

The damage erases the difference (both become ``â??``). In this order:

1. the house style given by the user (``RepairOptions.dash_style`` ``en`` or ``em``) decides;
2. else the undamaged spaced dashes in the same text (its own, never overruled);
3. else naive Bayes over the document's house-style evidence (:func:`doc_features`), with
   counts of the styles the development publishers used. Its prior is the dump's house
   style when the run inferred one (``RepairOptions.house_prior``, from the articles whose
   spaced dashes survived: :mod:`pipeline.ingest.lossy.house`), worth
   :data:`PRIOR_STRENGTH` in log-odds, which the document's own evidence can overturn;
   else the development documents' share of each style;
4. when that guess is not confident (log-odds within :data:`UNSURE_MARGIN` of even) and no
   dump prior leans it, the style the learned counts find on more spaced dashes
   (``fallback``: a constant, which measures better out of fold than a weak guess).

The figures behind the constants are in ``docs/guides/repair.md``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pipeline.ingest.lossy import counts
from pipeline.ingest.lossy.forms import QUOTE_DASH_FORM
from pipeline.resources import load_json

__all__ = [
    "AUTO",
    "DASH_STYLES",
    "EM",
    "EN",
    "PRIOR_STRENGTH",
    "UNSURE_MARGIN",
    "class_prior",
    "dash_style",
    "doc_features",
    "evidence_score",
    "given_style",
    "guess_style",
]

EN, EM = "E", "M"  # the style codes of the counts' contexts
AUTO = "auto"  # guess each document's style
DASH_STYLES = {"en": EN, "em": EM}  # the options' names -> the style codes
# Log-odds the dump's house style adds, for or against en: a publisher's documents follow
# its majority style about 6 times in 7 (log 6 = 1.8). Out of fold on simulated dumps
# (``bench/bench_repair.py --dump-styles``) 1.0 to 1.8 left the fewest edits; an override
# (an infinite strength) more.
PRIOR_STRENGTH = 1.8
# A guess from the document's evidence alone whose log-odds lie within this of even is not
# taken: the counts' ``fallback`` style is. Out of fold every margin above 0 left more
# edits (0.25: 1,591 against 1,572; 1.0: 2,410): the weak guesses are mostly right, so
# only an exact tie falls back.
UNSURE_MARGIN = 0.0

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_EVIDENCE = {
    "british": re.compile(
        rf"\b(?:Mr|Mrs|Ms|Dr) [A-Z]|\b\d{{1,2}} (?:{_MONTHS})\b|£|\d(?:am|pm)\b|\bper cent\b"
        rf"|[a-z]{re.escape(QUOTE_DASH_FORM)}[.,]"
    ),
    "american": re.compile(
        rf"\b(?:Mr|Mrs|Ms|Dr)\. [A-Z]|\b(?:{_MONTHS}) \d{{1,2}},|\$|\b[ap]\.m\.|\bpercent\b"
    ),
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_LITERAL_DASH_RE = re.compile(r"(?<=\s)([–—])(?=\s)")
_MR_DOT_RE = re.compile(r"\bMr\. [A-Z]")
_REPORTING_WORDS = frozenset({"said", "says"})
_READER_WORDS = frozenset({"you", "your"})


@lru_cache(maxsize=1)
def _spelling() -> tuple[frozenset[str], frozenset[str]]:
    data = load_json("spelling_variants.json")
    return frozenset(data["british"]), frozenset(data["american"])


def given_style(dash_style: str) -> str | None:
    """The style code of a house style given as an option (``en``, ``em``), None for ``auto``.

    >>> given_style("en"), given_style("auto")
    ('E', None)
    >>> given_style("EN")
    Traceback (most recent call last):
    ...
    ValueError: the dash style must be 'auto', 'en' or 'em', not 'EN'
    """
    if dash_style == AUTO:
        return None
    code = DASH_STYLES.get(dash_style)
    if code is None:
        raise ValueError(f"the dash style must be 'auto', 'en' or 'em', not {dash_style!r}")
    return code


def doc_features(text: str) -> list[str]:
    """House-style evidence of a damaged document, as ``name=value`` strings: British or
    American spelling, ``Mr.`` with a dot, an ellipsis, reported speech (``said``, ``says``
    over 3 in 1,000 words: news writing, unless the spelling is British), the reader
    addressed (``you``, ``your`` over 10 in 1,000: blog writing) and two spaces after a
    full stop. (Other evidence measured and dropped: ``docs/guides/repair.md``.)

    >>> doc_features("Mr. Smith said the color â?? gray â?? was fine.  Yes.")
    ['spelling=american', 'mr_dot=y', 'ellipsis=n', 'you=n', 'double_space=y', 'reported=y']
    """
    british_words, american_words = _spelling()
    words = _WORD_RE.findall(text)
    lowered = [w.lower() for w in words]
    british = sum(w in british_words for w in lowered) + len(_EVIDENCE["british"].findall(text))
    american = sum(w in american_words for w in lowered) + len(_EVIDENCE["american"].findall(text))
    spelling = "british" if british > american else "american" if american > british else "none"
    per_thousand = 1000 / max(len(words), 1)
    reported = sum(w in _REPORTING_WORDS for w in words) * per_thousand
    addressed = sum(w in _READER_WORDS for w in lowered) * per_thousand
    features = [
        f"spelling={spelling}",
        f"mr_dot={'y' if _MR_DOT_RE.search(text) else 'n'}",
        f"ellipsis={'y' if 'â?¦' in text else 'n'}",
        f"you={'y' if addressed > 10 else 'n'}",
        f"double_space={'y' if '.  ' in text else 'n'}",
    ]
    if spelling != "british":
        # Reported speech tells American news (em dashes) from blogs; British news
        # writes en dashes all the same.
        features.append(f"reported={'y' if reported > 3 else 'n'}")
    return features


def dash_style(
    text: str, model: dict | None = None, given: str = AUTO, prior: str | None = None
) -> str:
    """``EN`` when the document's spaced dashes are most likely en dashes, else ``EM``
    (:func:`guess_style` without the reason).

    >>> dash_style("The plan – first proposed in 2019 – went ahead. A â?? B."), dash_style(
    ...     "The plan — first proposed in 2019 — went ahead. A â?? B.")
    ('E', 'M')
    >>> dash_style("The plan — first proposed in 2019 — went ahead.", given="en")
    'E'
    """
    return guess_style(text, model, given, prior)[0]


def guess_style(
    text: str, model: dict | None = None, given: str = AUTO, prior: str | None = None
) -> tuple[str, str]:
    """The document's style code and how it was found: ``given``, ``own`` (its undamaged
    dashes), ``dump`` (its evidence with the dump's house style ``prior``, ``en`` or ``em``,
    as its prior), ``evidence`` (its evidence alone, confident) or ``unsure`` (the
    ``fallback`` style of the counts). The order is the module's; ``model``: counts being
    learned (else the shipped ones).

    >>> guess_style("A â?? B.", prior="en"), guess_style("A – B. C â?? D.", prior="em")
    (('E', 'dump'), ('E', 'own'))
    >>> guess_style("A â?? B.", given="em")
    ('M', 'given')
    """
    code = given_style(given)
    if code is not None:
        return code, "given"
    literal = _LITERAL_DASH_RE.findall(text)
    if literal:
        return (EN if literal.count("–") >= literal.count("—") else EM), "own"
    model = model or counts.learned()["style"]
    score = evidence_score(text, model)
    if prior is not None:
        score += PRIOR_STRENGTH if given_style(prior) == EN else -PRIOR_STRENGTH
        return (EN if score > 0 else EM), "dump"
    score += class_prior(model)
    if abs(score) <= UNSURE_MARGIN and model.get("fallback") in (EN, EM):
        return model["fallback"], "unsure"
    return (EN if score > 0 else EM), "evidence"


def class_prior(model: dict) -> float:
    """The log-odds of en against em before any evidence: the learned documents' shares."""
    prior = model["prior"]
    return math.log((prior[EN] + 1) / (prior[EM] + 1))


def evidence_score(text: str, model: dict) -> float:
    """The log-likelihood ratio, en against em, of the document's :func:`doc_features`
    (naive Bayes with add-one smoothing; no prior)."""
    prior = model["prior"]
    score = 0.0
    for feature in doc_features(text):
        feature_counts = model["features"].get(feature)
        if feature_counts:
            score += math.log((feature_counts[EN] + 1) / (prior[EN] + 2))
            score -= math.log((feature_counts[EM] + 1) / (prior[EM] + 2))
    return score
