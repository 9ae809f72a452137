"""Tag candidates from an article's own text: its entities and its key phrases, scored.

A key phrase is a run of nouns and adjectives ending in a noun (at most ``max_words``
words), its parts of speech read from the background of ordinary news
(:mod:`pipeline.classify.phrase_words`: no tagger runs here), capitalised words mid-sentence
taken as names. Each candidate, phrase or entity, is scored by

- how often the article says it (``log2(1 + count) ** frequency``, a headline occurrence
  counting ``title_weight`` times),
- how specific it is: its words' inverse document frequency in ordinary news (the mean,
  or with ``least_idf`` that of its most common word), relative to a word never seen
  there, to the power ``specificity``,
- how early it first comes (``1 / (1 + position * early)``, position 0..1 in the body; 0
  in the headline),
- its length (``1 + longer * (words - 1)``), ``entity_weight`` for an entity and
  ``named_weight`` more for a specific name (a unit, an event...), ``org_weight`` for an
  organisation, ``entity_once`` for an entity named once;
- ``rare_adjective`` for each adjective rare in ordinary news ("fiery rebuke", "brazen act":
  the adjectives of news tags are common ones, "military cooperation", "special forces");
- ``redundancy`` for a candidate whose words all belong to a better one ("troops" after
  "North Korean troops").

Entities come from the entities stage's mentions (by canonical name: "North Korean" and
"North Korea" are one candidate); a phrase that is an entity's name joins it, one inside a
name is dropped, one that cuts a name in two ("Minister Kim" of "Minister Kim Hong-kyun")
is not a phrase. A phrase inside a longer one everywhere it occurs joins the longer one.
An entity is called by its canonical name where the text writes it (a place always), else
by the form the text writes most; credits and news agencies are no tags.

>>> tags = text_candidates("Storm Corps reach Russia",
...     "North Korean troops of the Storm Corps arrived. The troops crossed into Russia.", [])
>>> sorted((c.label, c.source, c.count) for c in tags if c.count > 1)
[('Russia', 'phrase', 2), ('Storm Corps', 'phrase', 2), ('troops', 'phrase', 2)]
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

from pipeline.classify.phrase_words import (
    Word,
    background,
    generic_words,
    key_specificity,
    key_words,
    line_facts,
    stopwords,
    word_classes,
    words,
)

# Entities that are specific names rather than places, peoples or persons.
NAMED = frozenset({"ORG", "MILITARY_UNIT", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "FAC"})
# A word in capitals is a common word shouted, not an acronym, when this share of ordinary
# news stories uses it ("NET" 17%, "PCT" 31%; "OPEC" 0.8%, "WHO" 6.7%).
SHOUTED = 0.1
# Entity labels whose names can become tags (as pipeline/classify/editor.py's TAGGABLE).
TAGGABLE = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
    | {"MILITARY_UNIT"}
)


@dataclass(frozen=True)
class Scoring:
    """The weights of a candidate's score, chosen on the dev half of KPCrowd's news stories
    (``bench/bench_keyphrases.py --tune``, docs/guides/text_tags.md) under one constraint:
    the seed article's "Storm Corps", "North Korea" and "Ukraine" stay in its ten.
    ``longer`` scales a candidate by ``1 + longer * (words - 1)`` (below 0: crowd keys and
    most tags are one or two words), for an entity ``entity_longer`` when set;
    ``least_idf`` mixes a phrase's mean specificity with that of its most common word
    (1: "North Korean troops" is as specific as "troops"); ``named_weight``: for an
    entity that is a specific name (a unit, event, law, work, product, building), not a
    place, people or person; ``org_weight`` the same for an organisation (a third of the
    entity rows in the ten on KPCrowd's dev half, 36% of them a key, against 56% of the
    phrases); ``entity_once``: for an entity the text names once (27% of such
    organisations in the ten were a key, 8% of such places)."""

    max_words: int = 3
    title_weight: float = 1.0
    specificity: float = 0.5
    early: float = 0.5
    longer: float = -0.4
    entity_weight: float = 1.0
    named_weight: float = 4.0
    frequency: float = 1.0
    rare_adjective: float = 0.5
    redundancy: float = 0.6
    entity_longer: float | None = None
    least_idf: float = 1.0
    org_weight: float = 2.0
    entity_once: float = 0.5


class Span(NamedTuple):
    """Where a candidate is said (a tuple: a long article has thousands)."""

    field: str
    start_char: int
    end_char: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "text": self.text,
        }


@dataclass(slots=True)  # no __dict__ a candidate: an article has thousands
class Candidate:
    """A tag candidate: its key (lower-cased singular words), what to call it, where it is."""

    key: str
    label: str
    source: str  # entity or phrase
    spans: list[Span] = field(default_factory=list)
    entity_label: str | None = None
    aliases: set[str] = field(default_factory=set)
    score: float = 0.0
    place_forms: dict[str, int] = field(default_factory=dict)  # form -> times written

    @property
    def count(self) -> int:
        return len({(s.field, s.start_char) for s in self.spans})


@lru_cache(maxsize=1 << 16)
def key_of(text: str) -> str:
    """The key a tag is known by: lower-cased singular words (``Storm-Corps`` = ``storm
    corps``; ``North Korean troops`` = ``north korean troop``).

    >>> key_of("Russia-Ukraine Wars"), key_of("start-ups"), key_of("  ")
    ('russia ukraine war', 'start up', '')
    """
    found = []
    for word in words(text.replace("-", " ").replace("_", " ")):
        if word.is_word and word.lower not in ("'s", "’s"):
            found.append(background().singular(word.lower.replace(".", "")))
    return " ".join(found)


def _is_title_case(title_words: list[Word]) -> bool:
    """A headline in Title Case: its capitals say nothing about names."""
    content = [w for w in title_words if w.is_word and w.lower not in stopwords()]
    capitals = sum(w.text[0].isupper() for w in content)
    return len(content) >= 3 and capitals >= 0.8 * len(content)


def _phrase_spans(
    field_words: list[Word], classes: list[str], max_words: int, breaks: list[bool]
) -> list[tuple[int, int]]:
    """(first, last + 1) word indexes of every phrase: runs of N and A ending in N, on one
    line (``breaks[i]``: a line ends before word ``i``)."""
    found = []
    for first in range(len(field_words)):
        if classes[first] == "X":
            continue
        for last in range(first, min(first + max_words, len(field_words))):
            if classes[last] == "X" or (last > first and breaks[last]):
                break
            if classes[last] == "N":
                found.append((first, last + 1))
    return found


# Names that begin before a phrase's end and may still reach into it: spans in text order
# do not overlap much, so a few before the phrase's end are all that can.
_NEARBY_NAMES = 16


def _cuts(
    start: int, end: int, names: list[tuple[int, int, str]], before: int | None = None
) -> str:
    """``inside`` a name, ``cuts`` one in two (or holds a person's name with more words:
    "Ambassador Georgiy Zinoviev"), or ``clear`` of names (holding whole ones). With
    ``before`` (how many of the names, sorted by start, begin before ``end``) only the
    names that begin before ``end`` and end after ``start`` are looked at: linear time on
    a long text."""
    if before is not None:
        names = [n for n in names[max(0, before - _NEARBY_NAMES) : before] if n[1] > start]
    for name_start, name_end, label in names:
        if name_start <= start and end <= name_end:
            return "inside"
        whole = start <= name_start and name_end <= end
        if start < name_end and name_start < end and (not whole or label == "PERSON"):
            return "cuts"
    return "clear"


def phrase_candidates(
    fields: dict[str, str], names: dict[str, list[tuple[int, int, str]]], scoring: Scoring
) -> dict[str, Candidate]:
    """Every phrase of the article's fields, by key, with its spans."""
    bg = background()
    new_span = tuple.__new__
    found: dict[str, Candidate] = {}
    surfaces: dict[str, dict[str, float]] = {}  # key -> form -> votes
    for field_name, text in fields.items():
        field_words = words(text)
        title_case = field_name == "title" and _is_title_case(field_words)
        classes = word_classes(field_words, title_case, bg)
        breaks, figures = line_facts(text, field_words)
        if field_name != "title":  # a headline is no table, whatever its figures
            classes = ["X" if figure else c for c, figure in zip(classes, figures, strict=True)]
        field_names = sorted(names.get(field_name, []))
        starts = [name[0] for name in field_names]
        # The furthest end of the names up to each one: a phrase that ends before a name
        # begins, or begins after all of them end, is clear of names without _cuts.
        reach = list(accumulate((name[1] for name in field_names), max))
        # Each word's lower-cased singular, once (phrases overlap: a word is in several).
        singulars, common, no_phrase_alone = key_words(field_words, classes)
        for first, last in _phrase_spans(field_words, classes, scoring.max_words, breaks):
            start, end = field_words[first].start, field_words[last - 1].end
            before = bisect_left(starts, end)  # the names that begin before the phrase ends
            near_name = before > 0 and reach[before - 1] > start
            if near_name and _cuts(start, end, field_names, before) != "clear":
                continue
            if all(common[first:last]):
                continue  # "mln", "company", "year", "mln dlrs"
            if last - first == 1 and no_phrase_alone[first]:
                continue  # a generic word, a letter alone: "w" of "w/"
            key = " ".join(singulars[first:last])
            candidate = found.get(key)
            if candidate is None:
                candidate = found[key] = Candidate(key, "", "phrase")
                surfaces[key] = {}
            surface = text[start:end]
            # Span(...) without NamedTuple's keyword-handling constructor: spans are many.
            candidate.spans.append(new_span(Span, (field_name, start, end, surface)))
            # A Title Case headline says nothing of capitals: its forms vote for half.
            if title_case and not surface.isupper():
                surface = surface.lower()
            votes = surfaces[key]
            votes[surface] = votes.get(surface, 0) + (0.5 if title_case else 1.0)
    for key, candidate in found.items():
        candidate.label = _label(surfaces[key])
    return found


def _label(surfaces: dict[str, float]) -> str:
    """The form the article uses most (of equals, the one with fewer capitals)."""
    if len(surfaces) == 1:
        return next(iter(surfaces))
    return min(surfaces, key=lambda s: (-surfaces[s], sum(c.isupper() for c in s), s))


def entity_candidates(mentions: list[dict[str, Any]], body: str = "") -> dict[str, Candidate]:
    """One candidate per canonical name of the taggable mentions, keyed by that name; not a
    name across paragraphs, nor a byline's ("by Kyle Mantyla"); a person's or
    organisation's short name ("Petit", "Lions") joins the full one ("Philippe Petit")."""
    found: dict[str, Candidate] = {}
    for mention in mentions:
        key = key_of(mention["canonical"])
        if mention["label"] not in TAGGABLE or not key or "\n" in mention["canonical"]:
            continue
        candidate = found.get(key)
        if candidate is None:
            candidate = found[key] = Candidate(
                key, mention["canonical"], "entity", entity_label=mention["label"]
            )
        candidate.spans.append(
            Span(mention["field"], mention["start_char"], mention["end_char"], mention["text"])
        )
        candidate.aliases.add(key_of(mention["text"]))
        if mention["label"] in ("GPE", "LOC") and _clean(mention["text"]):
            forms = candidate.place_forms
            forms[mention["text"]] = forms.get(mention["text"], 0) + 1
    for key, candidate in list(found.items()):
        if candidate.entity_label == "PERSON" and all(
            s.field == "body" and body[max(0, s.start_char - 3) : s.start_char].lower() == "by "
            for s in candidate.spans
        ):
            del found[key]
    _join_short_names(found)
    for key, candidate in list(found.items()):
        label = _entity_label(candidate)
        if label is None or _no_name(candidate, label, body):
            del found[key]  # a photo credit ("AP Photo/..."), a news agency ("AP", "Reuters")
        else:
            candidate.label = label
    return found


def _no_name(candidate: Candidate, label: str, body: str) -> bool:
    """A generic word ("Monday", "official"), or an organisation or product of one word of
    ordinary news that the text also writes in lower case: a site's menu taken for names
    ("Software", "Tools", "Reviews" where the text says "software", "tools", "reviews"), or
    always in capitals and common (:data:`SHOUTED`: "NET" of "4TH QTR NET")."""
    key = key_of(label)
    if " " in key:
        return False
    if key in generic_words():
        return True
    if candidate.entity_label in _PLACES or candidate.entity_label == "PERSON":
        return False
    forms = {s.text for s in candidate.spans}
    if all(f.isupper() for f in forms) and background().share(key) >= SHOUTED:
        return True  # "NET", "PCT" of a headline in capitals: no acronym
    if not background().seen(key) or any(f.isupper() for f in forms):
        return False
    return any(re.search(rf"\b{re.escape(form.lower())}\b", body) for form in forms)


def _clean(surface: str) -> bool:
    """A name as written, not a credit or a dateline run into it ("AP Photo/Natacha
    Pisarenko", "Xinhua) - NBA", "Explorer (GOCE")."""
    return not any(mark in surface for mark in ("/", "(", ")", " - ", "\n", "@"))


_PLACES = frozenset({"GPE", "LOC", "NORP"})


def _entity_label(candidate: Candidate) -> str | None:
    """What to call an entity: its canonical name, where the text writes it (a people
    always: "North Korean" is tagged "North Korea"; a place by the name the text writes
    most when that is not the canonical one: "Britain" for "United Kingdom"); else the
    form the text writes most ("Medicare" for a canonical "Federal Plan Would Streamline
    Medicare" taken from a Title Case headline; "Google" said 16 times for "Google TV"
    said once). None when no form is a clean name."""
    canonical = candidate.label
    forms = Counter(s.text for s in candidate.spans if _clean(s.text))
    if not forms:
        return None
    if not _clean(canonical):
        return _most_written(forms)
    if candidate.entity_label in _PLACES:
        written = any(key_of(s.text) == candidate.key for s in candidate.spans)
        return (
            _most_written(candidate.place_forms)
            if candidate.place_forms and not written
            else canonical
        )
    body_keys = Counter(key_of(s.text) for s in candidate.spans if s.field == "body")
    if not body_keys:
        return canonical
    own = body_keys.get(candidate.key, 0)
    best = _most_written(forms)
    if own == 0 or (candidate.entity_label != "PERSON" and body_keys[key_of(best)] >= 3 * own):
        return best
    return canonical


def _most_written(forms: dict[str, int]) -> str:
    return min(forms, key=lambda f: (-forms[f], -len(f), f))


def _join_short_names(found: dict[str, Candidate]) -> None:
    """A person's or organisation's short name joins the one full name of the same label
    holding it ("Petit" -> "Philippe Petit", "Lions" -> "Detroit Lions"); a one-word name
    of another label joins the one person whose surname it is ("Yanukovych" taken for an
    organisation -> "Viktor Yanukovych"; taken for a place only where the entities stage
    also gave that person the word alone)."""
    surnames: dict[str, list[Candidate]] = {}
    for key, candidate in found.items():
        if candidate.entity_label == "PERSON" and " " in key:
            surnames.setdefault(key.rsplit(" ", 1)[1], []).append(candidate)
    for key, candidate in sorted(found.items(), key=lambda item: len(item[0])):
        longer = []
        if candidate.entity_label in ("PERSON", "ORG"):
            longer = [
                other
                for other_key, other in found.items()
                if other_key != key
                and other.entity_label == candidate.entity_label
                and _contains(other_key, key)
            ]
        people = surnames.get(key, []) if " " not in key else []
        if not longer and (
            candidate.entity_label not in ("GPE", "LOC") or any(key in p.aliases for p in people)
        ):
            longer = [p for p in people if p is not candidate and found.get(p.key) is p]
        if len(longer) == 1:
            longer[0].spans += candidate.spans
            longer[0].aliases |= candidate.aliases | {key}
            del found[key]


def _name_spans(mentions: list[dict[str, Any]]) -> dict[str, list[tuple[int, int, str]]]:
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for mention in mentions:
        if mention["label"] in TAGGABLE:
            spans.setdefault(mention["field"], []).append(
                (mention["start_char"], mention["end_char"], mention["label"])
            )
    return spans


def _join_entities(phrases: dict[str, Candidate], entities: dict[str, Candidate]) -> None:
    """A phrase that is an entity's name (or a mention's words) joins that entity; so does
    a capitalised word that is one person's surname ("Depp" of "Johnny Depp") where the
    entities stage missed that mention."""
    by_alias = {alias: entity for entity in entities.values() for alias in entity.aliases}
    by_alias.update(entities)
    surnames: dict[str, list[Candidate]] = {}
    for key, entity in entities.items():
        if entity.entity_label == "PERSON" and " " in key:
            surnames.setdefault(key.rsplit(" ", 1)[1], []).append(entity)
    for key in list(phrases):
        entity = by_alias.get(key)
        people = surnames.get(key, [])
        if entity is None and len(people) == 1 and phrases[key].label[:1].isupper():
            entity = people[0]
        if entity is not None:
            known = {(s.field, s.start_char, s.end_char) for s in entity.spans}
            entity.spans += [
                s
                for s in phrases.pop(key).spans
                if (s.field, s.start_char, s.end_char) not in known
            ]


def _contains(longer: str, shorter: str) -> bool:
    return f" {shorter} " in f" {longer} "


def _inner_keys(key: str) -> set[str]:
    """The keys inside ``key``: its runs of words, shorter than it (``_contains``)."""
    parts = key.split(" ")
    return {
        " ".join(parts[first:last])
        for first in range(len(parts))
        for last in range(first + 1, len(parts) + 1)
        if last - first < len(parts)
    }


def _join_nested(phrases: dict[str, Candidate]) -> None:
    """A phrase that occurs only inside one longer phrase joins it (same thing, said once)."""
    for key in sorted(phrases, key=lambda k: -k.count(" ")):
        candidate = phrases.get(key)
        if candidate is None or " " not in key:
            continue
        for other_key in _inner_keys(key):
            other = phrases.get(other_key)
            if other is None:
                continue
            inside = all(
                any(
                    s.field == c.field and c.start_char <= s.start_char and s.end_char <= c.end_char
                    for c in candidate.spans
                )
                for s in other.spans
            )
            if inside:
                del phrases[other_key]


def _score(candidate: Candidate, body_length: int, scoring: Scoring) -> float:
    """The candidate's score; its spans are unique by then, headline first and then in
    text order (:func:`_in_order`)."""
    spans = candidate.spans
    weighted = sum(scoring.title_weight if s.field == "title" else 1.0 for s in spans)
    body_starts = [s.start_char for s in spans if s.field == "body"]
    in_title = bool(spans) and spans[0].field == "title"
    position = 0.0 if in_title or not body_starts else body_starts[0] / max(body_length, 1)
    specific, key_length = key_specificity(
        candidate.key, candidate.source == "phrase", scoring.least_idf, scoring.rare_adjective
    )
    score = (
        math.log2(1 + weighted) ** scoring.frequency
        * specific**scoring.specificity
        / (1 + position * scoring.early)
    )
    longer = scoring.longer
    if candidate.source == "entity" and scoring.entity_longer is not None:
        longer = scoring.entity_longer
    score *= max(0.0, 1 + longer * (key_length - 1))
    if candidate.source == "entity":
        score *= scoring.entity_weight
        if len(body_starts) + in_title <= 1:
            score *= scoring.entity_once
        if candidate.entity_label == "ORG":
            score *= scoring.org_weight
        elif candidate.entity_label in NAMED:
            score *= scoring.named_weight
    return score


def _discount_redundant(candidates: list[Candidate], factor: float) -> None:
    """Scale the score of each candidate whose words all belong to a better one, re-sort."""
    if factor == 1.0:
        return
    holding: dict[str, set[int]] = {}  # word -> positions of the candidates with it
    for position, candidate in enumerate(candidates):
        key_words = set(candidate.key.split())
        if _all_in_one(key_words, holding) if key_words else position > 0:
            candidate.score *= factor
        for word in key_words:
            holding.setdefault(word, set()).add(position)
    candidates.sort(key=lambda c: (-c.score, c.key))


def _all_in_one(key_words: set[str], holding: dict[str, set[int]]) -> bool:
    """Whether one candidate seen so far has every word of ``key_words``."""
    sets = [holding.get(word) for word in key_words]
    if not all(sets):
        return False
    sets.sort(key=len)
    return any(all(position in other for other in sets[1:]) for position in sets[0])


@lru_cache(maxsize=1 << 16)
def _stem(key: str) -> str:
    """A key with ``-ing``, ``-ed`` and a plural's ``-s`` the background did not know cut
    from its words ("wakeboarding" -> "wakeboard", "games" -> "game").

    >>> _stem("wakeboarding"), _stem("king"), _stem("armed forces"), _stem("boss games")
    ('wakeboard', 'king', 'arm force', 'boss game')
    """
    stems = []
    for word in key.split():
        end = next((e for e in ("ing", "ed", "s") if word.endswith(e)), "")
        if word.endswith(("ss", "us", "is")):
            end = ""
        stems.append(word[: -len(end)] if end and len(word) - len(end) >= 3 else word)
    return " ".join(stems)


def _join_stems(candidates: list[Candidate]) -> list[Candidate]:
    """A candidate whose key differs from a better one's only by ``-ing``, ``-ed`` or
    ``-s`` ("wakeboarding" after "Wakeboard") joins it: one row, both evidences."""
    kept: dict[str, Candidate] = {}
    for candidate in candidates:
        better = kept.get(_stem(candidate.key))
        if better is None:
            kept[_stem(candidate.key)] = candidate
        else:
            better.spans = _in_order(better.spans + candidate.spans)
    return list(kept.values())


def _in_order(spans: list[Span]) -> list[Span]:
    """The spans, one a field and start (the first given), headline first then in text
    order."""
    if len(spans) < 2:
        return spans  # most candidates are said once
    seen: dict[tuple[str, int], Span] = {}
    for span in spans:
        seen.setdefault((span.field, span.start_char), span)
    return sorted(seen.values(), key=lambda s: (s.field != "title", s.start_char))


def text_candidates(
    title: str, body: str, mentions: list[dict[str, Any]], scoring: Scoring | None = None
) -> list[Candidate]:
    """The article's tag candidates, entities and phrases, best first, each with its spans
    in order (headline first); scores relative to the best (1.0)."""
    scoring = scoring or Scoring()
    fields = {"title": title, "body": body}
    entities = entity_candidates(mentions, body)
    phrases = phrase_candidates(fields, _name_spans(mentions), scoring)
    _join_entities(phrases, entities)
    _join_nested(phrases)
    candidates = [*entities.values(), *phrases.values()]
    for candidate in candidates:
        candidate.spans = _in_order(candidate.spans)
        candidate.score = _score(candidate, len(body), scoring)
    candidates.sort(key=lambda c: (-c.score, c.key))
    _discount_redundant(candidates, scoring.redundancy)
    candidates = _join_stems(candidates)
    best = candidates[0].score if candidates and candidates[0].score > 0 else 1.0
    for candidate in candidates:
        candidate.score = round(candidate.score / best, 6)
    return candidates
