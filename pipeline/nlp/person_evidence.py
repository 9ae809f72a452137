"""What an article says about each PERSON it names: evidence for and against a person.

spaCy's small model tags companies, software, places and user names PERSON on web text
(``Oliver Wyman``, ``Qt``, ``in Miram Shah``, ``Jeff.l.b``); no list holds the long tail
of them. Here every PERSON span of a document is grouped with the other mentions of the
same entity (the same text; a one-word span with the one full name whose first or last
word it is) and the group is weighed on what the text says around all its mentions:

For a person: a title before it (``Mr``, ``President``: ``person_titles.txt``), a known
first name as its first word, a speech verb with it as subject or after it (``X said``,
``said X``, ``X told``, ``according to X``), ``X, who``, an apposition naming a role or an
age (``X, chief executive of``, ``X, 45,``), he/she/his/her right after it, its full form
elsewhere in the text.

Against: a company's legal suffix after it (``Inc``, ``Ltd``, ``GmbH``: from ``cleanco``)
or a company word in an apposition or before it (``X, a consulting firm``, ``startup X``),
``X, which``, software and product cues (a version number after it, ``app``, ``install``,
``download`` ... near it, being the object of ``use``/``buy``/``install``), a preposition
of place before it (``in Miram Shah``), a one-word name the text also writes in lower case
(``Cook`` ... ``cook``), the shape of a user name (``Jeff.l.b``, digits, ``_``), a
table row's label (``Avg shrs 51.7 mln vs 43.4 mln``), a unit after an amount (``6.28
billion U.S. Dlrs``).

A group whose evidence against outweighs that for it (two points at least: one weak cue
alone is not enough) is relabelled when the evidence says what it is (ORG, PRODUCT, GPE,
two points of it at least) or dropped. The cue words are
data: ``pipeline/resources/person_evidence.json``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from pipeline.nlp import person_press as press
from pipeline.nlp.countries.table import demonym
from pipeline.nlp.countries.words import state_abbreviations, state_after
from pipeline.nlp.names import (
    in_list,
    is_first_name,
    is_given_name,
    is_name_word,
    is_title,
    is_well_known,
    is_word,
    known_label,
    one_edit,
    one_line,
    title_before,
)
from pipeline.nlp.person_citations import in_citation
from pipeline.nlp.person_cues import (
    after_amount,
    company_noun_phrase,
    cue,
    cues,
    kind_before,
    legal_end,
    named_division,
    past_brackets,
    table_row_label,
    word_at,
)
from pipeline.nlp.person_firms import firm_names
from pipeline.nlp.person_kinds import gazetteer_place, listed_company, place_name
from pipeline.nlp.person_news import drawn_out, news_cues, role_noun, team_cue
from pipeline.nlp.person_signs import (
    author_line,
    comment_head,
    plural_thing,
    signature,
    thread_author,
    user_name,
)
from pipeline.nlp.person_things import gerund, thing_name, trademark, version_after
from pipeline.nlp.sentences import next_solid, starts_line

# How far (tokens) a cue may stand from its mention.
_NEAR = 6
# A user name's shape: a dot between lower-case letters, an underscore, a digit, an @.
_HANDLE = re.compile(r"[a-z]\.[a-z]|_|\d|@")
# Cues against a person that one mention shows (not the entity as a whole).
_POSITIONAL = (
    "firm member",
    "company word",
    "company apposition",
    "employer",
    "version",
    "object of use",
    "product words",
    "place preposition",
    "which",
    "kind like",
    "table row",
    "after an amount",
)
# An age after a name and a comma ("Smith, 45,"): under 120, not a year ("Izmir, 1983").
_AGE = re.compile(r"\d{1,2}|1[01]\d", re.ASCII)
_OTHER_LABELS = frozenset({"ORG", "PRODUCT", "GPE", "LOC", "FAC", "WORK_OF_ART", "NORP"})


def is_role(word: str) -> bool:
    """A role or job said of a person (``coach``, ``director``, ``CEO``), in any case."""
    lower = word.lower()
    return cue("roles", lower) or cue("jobs", lower)


@dataclass
class Weighed:
    """The evidence gathered over one entity's mentions: each kind of cue counts once, with
    its points, for a person (label None) or against it (the label the cue says the entity
    is: ORG, PRODUCT, GPE; '' when it says none)."""

    cues: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, points: int, label: str | None, kind: str) -> None:
        self.seen[kind] += 1
        if points > self.cues.get(kind, (None, 0))[1]:
            self.cues[kind] = (label, points)

    def keep_steady(self, mentions: int) -> None:
        """Forget a cue against it that fewer than a third of the entity's ``mentions``
        show, when it has more than two: one "in Samus Aran" among twenty mentions of her
        says little."""
        if mentions <= 2:
            return
        for kind in _POSITIONAL:
            if kind in self.cues and self.seen[kind] * 3 < mentions:
                del self.cues[kind]

    @property
    def person(self) -> int:
        return sum(points for label, points in self.cues.values() if label is None)

    @property
    def against(self) -> dict[str, int]:
        found: dict[str, int] = defaultdict(int)
        for label, points in self.cues.values():
            if label is not None:
                found[label] += points
        return dict(found)

    def verdict(self) -> str | None:
        """None to keep the PERSON; else the new label, or '' to drop it."""
        against = self.against
        total = sum(against.values())
        if total <= self.person or total < 2:  # one weak cue alone ("which") is not enough
            return None
        label, points = max(against.items(), key=lambda item: item[1])
        return label if label and points >= 2 else ""


def _for_person(doc: Doc, span: Span, weighed: Weighed) -> None:
    start, end = span.start, span.end
    before, after, after2 = word_at(doc, start - 1), word_at(doc, end), word_at(doc, end + 1)
    if title_before(doc, start):
        weighed.add(3, None, "title")
    if start > 0 and doc[start - 1].is_lower and is_role(before):
        weighed.add(2, None, "role before")  # "the pharaoh Hatshepsut", "co-CEOs X and Y"
    if len(span) > 1 and is_first_name(span[0].text):
        weighed.add(2, None, "first name")
    elif len(span) == 1 and is_name_word(span.text):
        weighed.add(1, None, "name word")
    said_after = cue("speech", after) or (after in ("has", "had", "also") and cue("speech", after2))
    # "said Smith." is Smith speaking; in "Reuber said Harris might consider" Harris is the
    # reported clause's subject, and may well be a bank (round 26).
    reported = cue("reported_verbs", word_at(doc, next_solid(doc, end)))
    said_before = (cue("speech", before) and not reported) or (
        before == "to" and word_at(doc, start - 2) == "according"
    )
    if said_after or said_before:
        weighed.add(1, None, "speech")
    if signature(doc, end):
        weighed.add(3, None, "signature")
    if after == ":" and (starts_line(doc, start) or doc[start - 1].is_space):
        weighed.add(2, None, "speaker")  # an interview's "Angelucci: Thank you, Tom"
    if any(len(t.text) == 2 and t.text[0].isupper() and t.text[1] == "." for t in span[1:-1]):
        weighed.add(2, None, "middle initial")  # "Ulysses S. Grant"
    if after == ",":
        if after2 == "who":
            weighed.add(2, None, "who")
        elif end + 1 < len(doc) and _AGE.fullmatch(doc[end + 1].text):
            weighed.add(2, None, "age")  # not a year: "(Izmir, 1983)" (round 26)
        elif any(cue("roles", word_at(doc, i)) for i in range(end + 1, min(end + 5, len(doc)))):
            weighed.add(2, None, "role")
    for i in range(end, min(end + _NEAR, len(doc))):
        if doc[i].ent_type_ == "PERSON" and i >= end + 1:
            break
        if cue("pronouns", doc[i].lower_):
            weighed.add(1, None, "pronoun")
            break


def _against(doc: Doc, span: Span, lower: set[str], weighed: Weighed) -> None:
    start, end = span.start, span.end
    before, after = word_at(doc, start - 1), word_at(doc, end)
    legal_at = past_brackets(doc, end)  # "Hoare Govett (Far East) Ltd" (round 27)
    if any(_HANDLE.search(t.text) for t in span):
        weighed.add(3, "", "handle")
    if len(span) > 1 and legal_end(span[-1].text):
        # No one's name ends in "Co" or "Inc": outweighs a given name, a speech verb and
        # the rest ("Austin Co said", round 23)
        weighed.add(6, "ORG", "legal")
    elif (cue("legal", word_at(doc, legal_at)) and doc[legal_at].text[:1].isupper()) or (
        len(span) > 1 and cue("legal", span[-1].lower_)
    ):
        weighed.add(3, "ORG", "legal")
    if cue("company", before):
        weighed.add(3, "ORG", "company word")  # "the consultancy Oliver Wyman"
    elif len(span) > 1 and cue("company", span[-1].lower_):
        weighed.add(2, "ORG", "company word")
    if before in ("at", "of") and cue("jobs", word_at(doc, start - 2)):
        weighed.add(2, "ORG", "employer")  # "the CEO at Loll Designs", "head of Digia"
    elif before == "of" and start > 1 and doc[start - 2].ent_type_ == "PERSON":
        weighed.add(3, "ORG", "employer")  # "Edward Johnson of Johnson Redbook" (round 23)
    if before in ("a", "an", "one") and cue("firm_members", word_at(doc, next_solid(doc, end))):
        weighed.add(3, "ORG", "firm member")  # "a Kaines trader said" (round 24)
    if named_division(doc, start, end):
        weighed.add(3, "ORG", "division")  # "its Germain Monteil unit" (round 26)
    if after == ",":
        words = [word_at(doc, i) for i in range(end + 1, min(end + 5, len(doc)))]
        if words and words[0] == "which":
            weighed.add(1, "", "which")
        elif words and words[0] == "where" and len(span) == 1:  # "Floyd, where" (17)
            weighed.add(2, "GPE" if gazetteer_place(span.text) else "", "where")
        elif any(cue("company", w) for w in words) or company_noun_phrase(doc, end + 1):
            weighed.add(2, "ORG", "company apposition")
    if after in ("poll", "polls") and doc[end].is_lower:
        weighed.add(2, "ORG", "pollster")  # "A Harris poll" (round 18)
    if len(span) > 1 and "." in span[-1].text and span[-1].text in state_abbreviations():
        weighed.add(3, "GPE", "state in span")  # "Charlotte N.C." (round 20)
    if len(span) == 1 and state_after(doc, end):
        weighed.add(3, "GPE", "state after")  # "Austin, TX" (round 17)
    if version_after(doc, end):
        weighed.add(2, "PRODUCT", "version")
    if before in ("like", "as") and (kind := kind_before(doc, start)):
        weighed.add(2, kind, "kind like")  # "sites like Mindhacks", "apps like Edwin"
    if end - start == 1 and not is_name_word(doc[start].text) and table_row_label(doc, start):
        weighed.add(3, "", "table row")
    if after_amount(doc, start):
        weighed.add(3, "", "after an amount")
    if cue("currency_units", span[-1].lower_):
        weighed.add(3, "", "currency unit")  # "N.Z. Dlrs" (round 14)
    if cue("use_verbs", before):
        weighed.add(2, "PRODUCT", "object of use")
    near = {word_at(doc, i) for i in range(max(0, start - _NEAR), min(len(doc), end + _NEAR))}
    if len(near & cues("product")) > 1:
        weighed.add(2, "PRODUCT", "product words")
    if (
        cue("place_prepositions", before)
        and after not in ("’s", "'s")
        and not in_citation(doc, end)
    ):
        weighed.add(2, "GPE", "place preposition")


def _groups(spans: list[Span]) -> dict[str, list[Span]]:
    """The PERSON spans by entity: one-word spans join the one full name whose first or
    last word they are."""
    groups: dict[str, list[Span]] = defaultdict(list)
    full = {one_line(s.text) for s in spans if len(s) > 1}  # "Jardine\nMatheson" on one line
    parts: dict[str, set[str]] = defaultdict(set)
    for name in full:
        words = name.split()
        parts[words[0]].add(name)
        parts[words[-1]].add(name)
    for span in spans:
        owners = parts.get(span.text, set()) if len(span) == 1 else set()
        groups[next(iter(owners)) if len(owners) == 1 else one_line(span.text)].append(span)
    return groups


def _weigh_group(doc: Doc, group: list[Span], lower: set[str], others: list[Span]) -> Weighed:
    """The evidence for one PERSON entity; ``others`` are the spans of its text the model
    labelled otherwise, whose titles count for it too ("President-elect Trump" as ORG)."""
    weighed = Weighed()
    if any(title_before(doc, span.start) for span in others):
        weighed.add(3, None, "title")
    single = all(len(s) == 1 for s in group)
    if not single and any(len(s) == 1 for s in group):
        weighed.add(1, None, "full form elsewhere")
    if len(others) >= len(group):  # the model says otherwise as often: "Qt" ORG
        points = 2 if len(others) >= 2 * len(group) else 1
        # Of labels said equally often, the first said: a set's order would change with
        # the hash seed, and the tables from one run to the next.
        label = Counter(span.label_ for span in others).most_common(1)[0][0]
        weighed.add(points, label, "labelled so elsewhere")
    # "Cook the peppers": a word the text also writes in lower case, unless a first name
    # ("Tim", "Bob" in a comment thread that says "bob" in code).
    word = group[0].text
    if single and word.lower() in lower and is_word(word) and not is_first_name(word):
        weighed.add(3, "", "lower case elsewhere")
    for span in group:
        _for_person(doc, span, weighed)
        _against(doc, span, lower, weighed)
        for points, label, kind in news_cues(doc, span) + press.press_cues(doc, span):  # 12, 13
            weighed.add(points, label, kind)
    for span in others:  # "a Kaines trader": what the text says there of a firm or a
        there = Weighed()  # product counts (round 26); of a place, the gazetteer says more
        _against(doc, span, lower, there)
        for kind, (label, points) in there.cues.items():
            if label in ("ORG", "PRODUCT"):
                weighed.add(points, label, kind)
    weighed.keep_steady(len(group))
    if weighed.seen["quoted title"] < len(group):  # a title only if always quoted
        weighed.cues.pop("quoted title", None)
    if single and drawn_out(word):
        weighed.add(3, "", "drawn out")  # "Aaaah" (round 12)
    if any(trademark(doc, span) for span in group):
        weighed.add(3, "PRODUCT", "trademark")  # "Smart Girl’s Playhouse® Mini" (round 9)
    if single and plural_thing(doc, word):
        weighed.add(3, "", "plural")
    if all(comment_head(doc, span) for span in group) or (
        user_name(max((s.text for s in group), key=len))
        and all(author_line(doc, span) for span in group)
    ):
        # Named only as a comment's author (round 10: of a thread, whatever the name), or
        # only on an author line and no person's name (round 8): a user name.
        weighed.cues.pop("signature", None)
        weighed.add(3 + weighed.person, "", "user name")
    return weighed


def weigh(doc: Doc, spans: list[Span]) -> dict[str, Weighed]:
    """The evidence for each PERSON entity among ``spans`` (by its group's key)."""
    people = [s for s in spans if s.label_ == "PERSON"]
    if not people:
        return {}
    lower = {t.lower_ for t in doc if t.is_lower and t.is_alpha}
    others: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        if span.label_ in _OTHER_LABELS:
            others[span.text].append(span)
    groups = _groups(people)
    found = {
        key: _weigh_group(doc, group, lower, others.get(key, [])) for key, group in groups.items()
    }
    for key in groups:  # a club the model labelled otherwise: "Villa were" (12), "Duke's" (13)
        if any(
            team_cue(doc, s) or press.affiliation(doc, s) for s in others.get(key.split()[-1], [])
        ):
            found[key].add(3, "ORG", "team")
    for key in groups.keys() & press.company_short_names(spans):  # "Comdata" (round 13)
        found[key].add(3, "ORG", "company short name")
    for key in groups.keys() & firm_names(doc, spans):  # "Valeo <VLOF.PA>" (round 14)
        found[key].add(3, "ORG", "company short name")  # one cue with round 13's
    at = _supported_at(groups, found)
    listed = {
        key for key, group in groups.items() if any(_listed_beside(doc, s, at) for s in group)
    }
    bare = _unsupported(doc, groups, found, listed)
    _known_things(found, listed)
    for key in bare:
        if found[key].verdict() is None:  # not a company, product or place either
            _bare(groups[key])
    return found


# Cues a name's shape gives (a known first name starting it, a name word of the lists), not
# what the text says about it.
_SHAPE_CUES = frozenset({"first name", "name word", "full form elsewhere"})


def _known_things(found: dict[str, Weighed], listed: set[str]) -> None:
    """An entity written as a listed company that the text supports only by its shape (a
    first name: "Morgan Stanley") is an ORG; one written as a place a reader takes for a
    place (:func:`pipeline.nlp.person_kinds.place_name`) that nothing supports, a GPE; one
    named like a thing (:func:`pipeline.nlp.person_things.thing_name`: "La Brea Bakery",
    "Mountain Dew") and not listed beside a person the text supports ("Koundinya Muppalla,
    Peng Kang, Rajiv Desai"), what its name's head word says, or nothing."""
    for key, weighed in found.items():
        said = sum(
            p
            for kind, (label, p) in weighed.cues.items()
            if label is None and kind not in _SHAPE_CUES
        )
        for_it = {kind for kind, (label, _p) in weighed.cues.items() if label is None}
        weak = " " in key and for_it == {"pronoun"}  # "ruled Tamil Nadu ... his" (round 12)
        if said and not (weak and place_name(key)):
            continue
        if listed_company(key):
            weighed.add(weighed.person + 2, "ORG", "listed company")
        elif key not in listed and (label := _thing(key, weighed)) is not None:
            weighed.add(weighed.person + 2, label, "thing name")  # "La Brea Bakery" (round 9)
        elif (not weighed.person or weak) and place_name(key):
            weighed.add(3, "GPE", "place name")


def _thing(key: str, weighed: Weighed) -> str | None:
    """What a name written like a thing's is (:func:`person_things.thing_name`); a name that
    only ends in a common word is none when the text also writes a word of it alone, as
    a person's surname ("Dontari Poe ... Poe") or a headline's name ("Obama Supporters")."""
    label = thing_name(key)
    if label == "" and "full form elsewhere" in weighed.cues:
        return None
    return label


# What stands between two names of a list ("Sagna, Koscielny", "Duffield and Bhusri").
_LIST_JOINS = frozenset({",", "and", "or", "&", "/", "–", "-", ";"})


def _unsupported(
    doc: Doc, groups: dict[str, list[Span]], found: dict[str, Weighed], listed: set[str]
) -> list[str]:
    """A one-word PERSON that is a dictionary word and no name the lists know, that nothing
    in the text supports (no title, speech verb, pronoun, full form ...: ``Windmill``,
    ``Scoop``, ``Barter``) counts two points against a person, unless one of its mentions
    stands in a list beside a person the text does support ("Gibbs, Djourou and Traore").

    Read on the DEV part: without the dictionary condition, 782 one-word spans no list
    knows and nothing supports would go, 23 of 80 read people (Obama, Romney, Madonna,
    Bolt, Nero in articles that never say more): too many; such words, when no list of
    people holds them either, are returned (see :func:`_bare`)."""
    bare = []
    supported = {key for key, weighed in found.items() if weighed.person >= 1}
    for key, group in groups.items():
        if key in supported or len(group[0]) > 1 or is_name_word(key):
            continue
        if any(span._.person_doubt for span in group):
            continue  # a headline's or a sentence's first word: the article settles it
        if not is_word(key):
            if not (
                key in listed
                or key.isupper()
                or is_well_known(key)
                or _inverted(doc, group)
                or _misspelt_surname(key, groups)
            ):
                bare.append(key)
            continue
        weighed = found[key]
        if key in listed:
            weighed.add(2, None, "listed with people")
        else:
            weighed.add(2, "", "unsupported")
    return bare


def _supported_at(groups: dict[str, list[Span]], found: dict[str, Weighed]) -> dict[int, str]:
    """The first and last token of each mention of an entity the text supports as a person
    (some cue for it), with the entity's key."""
    at = {}
    for key, group in groups.items():
        if found[key].person >= 1:
            for span in group:
                at[span.start] = at[span.end - 1] = key
    return at


def _misspelt_surname(word: str, groups: dict[str, list[Span]]) -> bool:
    """A word of six letters or more one letter away from the surname of a full name of
    the text: a wire's typing slip (``Schantz`` after ``William Schanz``, ``Stonecipher``
    after ``Harland C. Stoneciphjer``)."""
    if len(word) < 6:
        return False
    surnames = {key.split()[-1] for key in groups if len(key.split()) > 1}
    return any(one_edit(word, surname) for surname in surnames if len(surname) >= 6)


def _inverted(doc: Doc, group: list[Span]) -> bool:
    """A reference's author written surname first (``In Chhokar, Jagdeep (eds.)``), or a
    name ending a title's phrase (``Minister of Mines and Energy Subroto``)."""
    for span in group:
        end = span.end
        given = end + 2 < len(doc) and word_at(doc, end) == "," and doc[end + 1].text[:1].isupper()
        if given and (is_first_name(doc[end + 1].text) or word_at(doc, end + 2) in ("(", ";", ".")):
            return True
        for i in range(span.start - 1, max(-1, span.start - 8), -1):
            token = doc[i]
            if is_title(token.text):
                return True
            joining = token.is_space or token.lower_ in ("of", "and", "for", "the")
            if not (joining or token.text[:1].isupper()):
                break
    return False


def _bare(group: list[Span]) -> None:
    """A one-word PERSON no dictionary and no name list knows, that nothing in its text
    supports (no title, role, first name, speech verb, pronoun, full form, list of people:
    ``Chozo``, ``Riak``, ``Benetton``, but also ``Romney`` in an article that says no more)
    is doubtful: :func:`pipeline.nlp.extract.settle_people` keeps it only when the article
    (its title or body) writes it as part of a full name.

    Judged on the typographic DEV part (round 7, ``bench/people_support.py``): of 89 such
    mentions 20 were people (14 of 77 when the part's other articles do not support the
    word as a person either). Names in capitals (a wire's ``SHULTZ``) are left to the run
    pass, and so are the words of ``well_known_words.json`` (Obama, Putin) and a
    reference's author written surname first (``Chhokar, Jagdeep``)."""
    for span in group:
        span._.person_doubt = True


def _listed_beside(doc: Doc, span: Span, at: dict[int, str]) -> bool:
    before = span.start - 2
    if span.start >= 2 and doc[span.start - 1].lower_ in _LIST_JOINS and before in at:
        return True
    if before >= 1 and doc[span.start - 1].lower_ == "or" and doc[before].text == ",":
        before -= 1
        if before in at:
            return True
    after = span.end + 1
    return span.end < len(doc) and doc[span.end].lower_ in _LIST_JOINS and after in at


def complete(doc: Doc, spans: list[Span]) -> list[Span]:
    """One-word PERSON spans the model cut from a name the text writes in full elsewhere
    (``Tim`` of "Tim Ferriss", ``Sutter`` of "Herb Sutter"), grown to it."""
    full = {s.text for s in spans if s.label_ == "PERSON" and len(s) > 1}
    if not full:
        return spans
    taken = {i for s in spans for i in range(s.start, s.end)}
    grown = []
    for span in spans:
        if span.label_ == "PERSON" and len(span) == 1:
            for start, end in ((span.start - 1, span.end), (span.start, span.end + 1)):
                if start < 0 or end > len(doc) or (set(range(start, end)) - {span.start}) & taken:
                    continue
                if doc[start:end].text in full:
                    span = Span(doc, start, end, label="PERSON")
                    taken.update(range(start, end))
                    break
        grown.append(span)
    return grown


def _free_given(doc: Doc, i: int, taken: set[int]) -> bool:
    """Whether ``doc[i]``, just before a PERSON span, is a given name the model left out
    ("Ed" of "By Ed Silverman", "Haje" of "Haje Jan Kamps"): a capitalised word no other
    span holds, on the same line, no common word, title, function word or known name of a
    thing, and not the first of a run of capitalised words (a headline)."""
    if i < 0 or i in taken:
        return False
    token = doc[i]
    text = token.text
    letter = press.letter_initial(text)  # "N Macleod; B Cohen" (round 13)
    if not (text[:1].isupper() and token.is_alpha and (letter or text[1:].islower())):
        return False
    if "\n" in token.whitespace_ or is_title(text) or gerund(text):
        return False
    if not letter and ((is_word(text) and not is_given_name(text)) or role_noun(text)):
        return False  # a given name that is a word too stays: "Rob Reid" (round 10)
    if any(in_list(kind, text) for kind in ("function", "trailing", "drop", "imperatives")):
        return False  # an instructions' verb too: "Edit Alice's configuration"
    if known_label(text) or token.ent_type_ not in ("", "PERSON"):
        return False
    if demonym(text) and not is_first_name(text):
        return False  # "Briton Neil Heywood": a people's name before a person's
    before = doc[i - 1] if i > 0 else None
    if before is not None and is_title(before.text):
        return not (letter or press.rank_word(text))  # "President Pratibha Patil" (round 13)
    return before is None or not before.text[:1].isupper() or before.lower_ == "by"


def grow_left(doc: Doc, spans: list[Span]) -> list[Span]:
    """PERSON spans with the given name before them that the model left out."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    grown = []
    for span in spans:
        if span.label_ == "PERSON" and _free_given(doc, span.start - 1, taken):
            span = Span(doc, span.start - 1, span.end, label="PERSON")
            taken.add(span.start)
        grown.append(span)
    return grown


def judge(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` with cut names completed (:func:`complete`), each PERSON entity the
    evidence is against relabelled or dropped, and each mention that signs a comment of a
    thread dropped (:func:`pipeline.nlp.person_signs.thread_author`)."""
    spans = press.particle_names(doc, grow_left(doc, complete(doc, spans)))  # round 14
    verdicts = {key: weighed.verdict() for key, weighed in weigh(doc, spans).items()}
    groups = _groups([s for s in spans if s.label_ == "PERSON"])
    fate = {id(s): verdicts[key] for key, group in groups.items() for s in group}
    for group in groups.values():
        for span in group:
            if thread_author(doc, span):  # a comment's signature, whoever signs (round 11)
                fate[id(span)] = ""
    if all(v is None for v in fate.values()):
        return spans
    kept = []
    for span in spans:
        verdict = fate.get(id(span))
        if verdict is None:
            kept.append(span)
        elif verdict:
            kept.append(Span(doc, span.start, span.end, label=verdict))
    return kept
