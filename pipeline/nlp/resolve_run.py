"""The ``people`` run pass: one person, one name across a run, and the run's people table.

The entities stage resolves names within an article ("Obama" after "Barack Obama"). Once
every chunk is committed, this pass reads the run's mentions and resolves across articles:

- full names that differ only in how they write the middle part ("David J. Phillips",
  "David J Phillips", and "David Phillips" when no other David ... Phillips has a middle
  part) are one person, named as most articles name them;
- a one-word name ("Obama", in an article that never says "Barack Obama") takes the full
  name whose last part it is, when the run gives no other candidate, or one that the
  articles name at least ``dominance`` times as often as all others together ("Michelle
  Obama" in 4 articles does not stop "Barack Obama" in 23); two Johnsons named about
  equally often leave "Johnson" alone;
- a bare given name ("Mitt") takes the one full name of the run that starts with it, when
  the run names that person in ``given_articles`` articles or more; a bare given name that
  does not ("John" beside John Kerry and John McCain) and a bare surname of several people
  none of whom leads keep their PERSON mentions with no ``entity_id``, and get no entity
  and no people row: they stand for no one the run can tell;
- a name in capitals (a wire's headline: "SHULTZ") is the name in its usual case
  ("Shultz", and so "George Shultz"), when the run names a person so;
- a place name (GPE, LOC) that is a well-known person of the run ("Obama", a person in 60
  articles, Obama in Japan in 9) is that person, unless it is a country, a capital or a
  world city;
- a span the model labelled ORG, PRODUCT, WORK_OF_ART or NORP that is written as such a
  person's name, or as the one word that resolves to one, is that person when the run
  labels that text PERSON in more articles than otherwise ("Romney" ORG in one article;
  never a known product or company, see ``not_people.json``).

It rewrites ``canonical``, ``label`` and ``entity_id`` of ``mentions`` from each mention's
``article_canonical`` (so a pass over a resumed run's tables gives what a fresh run's gives)
and rebuilds ``entities`` from them, part by part (a resumed run finds every chunk's rows
under its own key; an article's two names that became one person make one entity row,
so ``entities`` may hold a few rows less than the chunks' markers count), and writes
``people``: one row per person of the run with the articles and mentions naming them and
every way the text wrote them.

>>> def row(article, label, text):
...     return {"article_id": article, "label": label, "text": text, "canonical": text}
>>> rows = [row("a", "PERSON", "Barack Obama"), row("b", "PERSON", "Obama"),
...         row("c", "PRODUCT", "Obama"), row("d", "PERSON", "Johnson"),
...         row("e", "PERSON", "Boris Johnson"), row("f", "PERSON", "Calvin Johnson"),
...         row("g", "PERSON", "Obama")]
>>> resolution = resolve_people(rows)
>>> resolution[("PERSON", "Obama")], resolution[("PRODUCT", "Obama")]
(('PERSON', 'Barack Obama'), ('PERSON', 'Barack Obama'))
>>> ("PERSON", "Johnson") in resolution
False
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from pydantic import Field

from pipeline.core.options import StageOptions
from pipeline.core.records import Int32, arrow_schema
from pipeline.core.registry import StageDefinition
from pipeline.core.stage import RunTables
from pipeline.nlp.countries import gazetteer
from pipeline.nlp.names import (
    PARTICLES,
    entity_id,
    is_common,
    is_first_name,
    is_given_name,
    is_surname,
    is_word,
    known_label,
    name_parts,
)
from pipeline.nlp.places import PlaceMention, prominent

# A full name the run writes in this many articles leads a surname's one-article rivals
# that no name list knows (:func:`_rivals`).
LEADING_ARTICLES = 3
MISTAKEN_FOR_PERSON = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
Key = tuple[str, str]  # (label, canonical)


@dataclass(slots=True)
class PersonRow:
    """One person of a run: the id and name every mention of theirs carries, how many
    articles and mentions name them, and every way the text wrote them."""

    entity_id: str
    canonical: str
    articles: Int32
    mentions: Int32
    aliases: list[str]


PEOPLE = arrow_schema(PersonRow)


class PeopleOptions(StageOptions):
    """``dominance``: the share of the articles naming a surname's full-name candidates
    that the most named one needs for the bare surname to become it (1.0: only when the
    run names no other person of that surname). ``given_articles``: in how many articles the
    run must name the one full name starting with a bare given name ("Mitt") for the given
    name to become it."""

    dominance: float = Field(0.75, gt=0.5, le=1.0)
    given_articles: int = Field(3, ge=1)


def _middle(parts: list[str]) -> str:
    return "".join(parts[1:-1]).replace(".", "").lower()


def _variants(articles: dict[str, set[str]]) -> dict[str, str]:
    """Full names with the same first and last part and the same middle ("David J.
    Phillips", "David J Phillips") -> the one most articles use; a name without a middle
    part joins the one middle-named group of its first and last part, when there is one
    ("George Bush" stays apart from "George W. Bush" and "George H.W. Bush")."""
    groups: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name in articles:
        parts = name_parts(name)
        if len(parts) > 1 and not _particle_surname(parts):
            groups[(parts[0], parts[-1])][_middle(parts)].append(name)
    merged = {}
    for middles in groups.values():
        if "" in middles and len(middles) == 2:
            middles = {"x": [name for names in middles.values() for name in names]}
        for names in middles.values():
            best = max(names, key=lambda n: (len(articles[n]), -len(n), n))
            merged.update({name: best for name in names})
    return merged


def _particle_surname(parts: list[str]) -> bool:
    """A surname after its particle, written alone (``De Croo``, ``van Gogh``)."""
    return len(parts) == 2 and parts[0].lower() in PARTICLES


def _one_word(
    names: Iterable[str],
    articles: dict[str, set[str]],
    merged: dict[str, str],
    dominance: float,
    given_articles: int,
) -> tuple[dict[str, str], set[str]]:
    """One-word name -> the full name it stands for across the run, and the one-word names
    that stand for no one the run can tell.

    As a surname ("Obama"), a name takes the full name whose last part it is where one
    clearly leads (``dominance``); as a given name ("Mitt"), the one full name of the run
    that starts with it, when the run names that person in ``given_articles`` articles or
    more. A one-word name that does neither is *unnamed* when it is a given name (the run
    writes it first in full names more often than last, or, written in no full name, the
    name lists know it only as a first name: "John", "Sarah") or the surname of several
    people (two Johnsons): its mentions keep no person id."""
    last: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, Counter[str]] = defaultdict(Counter)
    for name, best in merged.items():
        parts = name_parts(name)
        first[parts[0]][best] += len(articles[name])
        if _doubtful(parts, len(articles[best])):
            continue  # "Freaks Lexi" gives no surname to the "Lexi" of other articles
        last[parts[-1]][best] += len(articles[name])
        if len(parts) > 2 and parts[-2].lower() in PARTICLES:  # "Herman De Croo"
            last[" ".join(parts[-2:])][best] += len(articles[name])
    resolved: dict[str, str] = {}
    unnamed: set[str] = set()
    for name in names:
        parts = name_parts(name)
        if len(parts) != 1 and not _particle_surname(parts):
            continue  # a surname of one word or after a particle ("De Croo") only
        surname, given = last.get(name) or Counter(), first.get(name) or Counter()
        if is_word(name):  # "Smart" of "Smart move" is not the heading "App Smart" of one
            surname = Counter({n: c for n, c in surname.items() if c > 1})  # article (27)
            given = Counter({n: c for n, c in given.items() if c > 1})
        as_first, as_last = sum(given.values()), sum(surname.values())
        if as_first > as_last:  # a given name: "Mitt", "John"
            best, count = given.most_common(1)[0]
            if len(given) == 1 and count >= given_articles:
                resolved[name] = best
            else:
                unnamed.add(name)
        elif surname:  # a surname: "Obama", "Johnson"
            rivals = _rivals(surname)
            best, count = rivals.most_common(1)[0]
            if count >= dominance * sum(rivals.values()):
                resolved[name] = best
            elif len(rivals) > 1:
                unnamed.add(name)
        elif is_first_name(name) and not is_surname(name):  # in no full name of the run
            unnamed.add(name)
    return resolved, unnamed


def _doubtful(parts: list[str], articles: int) -> bool:
    """Whether a full name one article writes starts with a common word that is no given
    name: a span the model ran on into a word (``Freaks Lexi out ...``, the heading ``App
    Smart``), not a person's name for the other articles' one-word names to take.
    ``Barack Obama`` is none (``Barack`` is no common word), nor a name two articles write.

    >>> _doubtful(["Freaks", "Lexi"], 1), _doubtful(["Barack", "Obama"], 1)
    (True, False)
    >>> _doubtful(["Rich", "Harrison"], 1), _doubtful(["Freaks", "Lexi"], 2)
    (False, False)
    """
    return articles < 2 and is_common(parts[0]) and not is_given_name(parts[0])


def _rivals(candidates: Counter[str]) -> Counter[str]:
    """The full names (with the articles naming them) that compete for one surname.

    A full name that one article writes and whose first word no name list knows (a typo's
    "Athough Reagan") is no rival to a name the run writes in :data:`LEADING_ARTICLES`
    articles or more. Against a name written less often it stays one: the lists do not
    know every given name ("Barack").

    >>> _rivals(Counter({"Ronald Reagan": 4, "Nancy Reagan": 1, "Athough Reagan": 1}))
    Counter({'Ronald Reagan': 4, 'Nancy Reagan': 1})
    >>> _rivals(Counter({"Michelle Obama": 2, "Barack Obama": 1}))
    Counter({'Michelle Obama': 2, 'Barack Obama': 1})
    """
    leader, most = candidates.most_common(1)[0]
    if most < LEADING_ARTICLES:
        return candidates
    return Counter(
        {
            name: count
            for name, count in candidates.items()
            if name == leader or count > 1 or is_first_name(name_parts(name)[0])
        }
    )


def _well_known(name: str, label: str, labels: dict[str, dict[str, set[str]]]) -> bool:
    """Whether a place name the run names a person ("Obama": a person in 60 articles, a
    place in 9) is that person: the run labels it a person in three times as many articles,
    and it is no country, capital or world city (``Jordan``, ``Washington`` stay places)."""
    as_person = len(labels[name]["PERSON"])
    as_place = sum(len(a) for lab, a in labels[name].items() if lab in PLACE_LABELS)
    if as_person < 3 * as_place:
        return False
    found = gazetteer().lookup(name, label)
    return found is None or prominent(PlaceMention(found[0], found[1])) is None


def _mostly_place(name: str, labels: dict[str, dict[str, set[str]]]) -> bool:
    """Whether the run labels the one word ``name`` a place (GPE, LOC) in more articles than
    a person: "Austin" in a table of cities, tagged PERSON there, is no "Robert Austin"
    when six other articles call it a place (its mentions keep their own name)."""
    if len(name_parts(name)) != 1:
        return False
    as_place = set().union(*(a for lab, a in labels[name].items() if lab in PLACE_LABELS))
    return len(as_place) > len(labels[name]["PERSON"])


@dataclass(slots=True)
class Resolution:
    """What each (label, canonical) of a run's mentions becomes (unchanged ones are absent),
    and the PERSON names that stand for no one the run can tell (no person id)."""

    renamed: dict[Key, Key]
    unnamed: set[str]


def resolve_run(
    mentions: Iterable[dict[str, Any]], dominance: float = 0.75, given_articles: int = 3
) -> Resolution:
    """The run's people: see the module's doc and :func:`_one_word`."""
    articles: dict[str, set[str]] = defaultdict(set)  # PERSON canonical -> articles
    labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    other: set[Key] = set()
    for m in mentions:
        name = _article_name(m)
        labels[m["text"]][m["label"]].add(m["article_id"])
        if m["label"] == "PERSON":
            articles[name].add(m["article_id"])
        elif m["label"] in MISTAKEN_FOR_PERSON or m["label"] in PLACE_LABELS:
            other.add((m["label"], name))
    merged = _variants(articles)
    # A name in a capitals headline ("SHULTZ", "JOHN WILEY") is the name in its usual case.
    shouted = {name: name.title() for name in articles if _shouted(name)}
    names = set(articles) | {name for _, name in other} | set(shouted.values())
    one_word, unnamed = _one_word(names, articles, merged, dominance, given_articles)
    unnamed |= {name for name, usual in shouted.items() if usual in unnamed}

    def person(name: str) -> str | None:
        if name in shouted:
            usual = shouted[name]
            return person(usual) or (usual if usual in articles else None)
        return merged.get(name) or one_word.get(name)

    resolution: dict[Key, Key] = {}
    for name in articles:
        target = person(name)
        if target and target != name and not _mostly_place(name, labels):
            resolution[("PERSON", name)] = ("PERSON", target)
    for label, name in other:
        if label in PLACE_LABELS:
            usual = name.title() if _shouted(name) else name  # "LAWSON" in a headline
            target = person(usual)
            if (
                target
                and not known_label(name)
                and usual in one_word
                and _well_known(usual, label, labels)
            ):
                resolution[(label, name)] = ("PERSON", target)
            continue
        target = person(name)
        if target is None or known_label(name):
            continue
        as_person = len(labels[name]["PERSON"])
        otherwise = sum(len(a) for lab, a in labels[name].items() if lab != "PERSON")
        if as_person > otherwise:
            resolution[(label, name)] = ("PERSON", target)
    return Resolution(resolution, unnamed)


def _shouted(name: str) -> bool:
    """A name written in capitals, as wire headlines write every word (``SHULTZ``); not
    initials alone, which have no other case (``M. I. L. S.``: its usual case is itself).

    >>> _shouted("SHULTZ"), _shouted("JOHN WILEY"), _shouted("Shultz"), _shouted("JFK")
    (True, True, False, False)
    >>> _shouted("M. I. L. S.")
    False
    """
    return name.isupper() and sum(c.isalpha() for c in name) > 3 and name.title() != name


def resolve_people(mentions: Iterable[dict[str, Any]], dominance: float = 0.75) -> dict[Key, Key]:
    """What each (label, canonical) of a run's mentions becomes; unchanged ones are absent."""
    return resolve_run(mentions, dominance).renamed


def _article_name(row: dict[str, Any]) -> str:
    """The name a mention had within its article (a run's earlier pass may have renamed it)."""
    return row.get("article_canonical") or row["canonical"]


def _resolve_mentions(rows: list[dict[str, Any]], resolution: Resolution) -> bool:
    """Each mention renamed from the name it had in its article: a pass over a resumed
    run's tables gives what a pass over a fresh run's gives. A PERSON the run cannot tell
    (``resolution.unnamed``) keeps its name and no person id."""
    changed = False
    for row in rows:
        name = _article_name(row)
        label, canonical = resolution.renamed.get((row["label"], name), (row["label"], name))
        if row["label"] != label:
            row["country_code"] = None
        unnamed = label == "PERSON" and canonical in resolution.unnamed
        new = {
            "label": label,
            "canonical": canonical,
            "entity_id": "" if unnamed else entity_id(label, canonical),
        }
        if any(row.get(key) != value for key, value in new.items()):
            row.update(new)
            changed = True
        row["article_canonical"] = name
    return changed


def _entities_of(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entity rows of some mention rows: one per article and (canonical, label)."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for m in mentions:
        if not m["entity_id"]:  # a name the run cannot tell: no entity
            continue
        key = (m["article_id"], m["canonical"], m["label"])
        row = grouped.setdefault(
            key,
            {
                "article_id": m["article_id"],
                "canonical": m["canonical"],
                "label": m["label"],
                "country_code": m["country_code"],
                "mentions": 0,
                "entity_id": m["entity_id"],
            },
        )
        row["mentions"] += 1
        row["country_code"] = row["country_code"] or m["country_code"]
    return list(grouped.values())


def _rewrite(tables: RunTables, resolution: Resolution) -> Iterator[dict[str, Any]]:
    """Rename the mentions and rebuild the entities of each chunk's part (a resumed run
    finds each chunk's rows under its own key); yields the mentions as renamed, so the
    people are counted in the same pass."""
    for key in tables.parts("mentions"):
        rows = tables.read_part("mentions", key)
        if _resolve_mentions(rows, resolution):
            tables.write_part("mentions", key, rows)
            tables.write_part("entities", key, _entities_of(rows))
        yield from rows


def people_rows(mentions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per PERSON canonical of the run, most articles first."""
    articles: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    aliases: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m["label"] == "PERSON" and m["entity_id"]:
            articles[m["canonical"]].add(m["article_id"])
            counts[m["canonical"]] += 1
            aliases[m["canonical"]].add(" ".join(m["text"].split()))  # "Alan\nGreenspan"
    rows = [
        PersonRow(
            entity_id("PERSON", name),
            name,
            len(articles[name]),
            counts[name],
            sorted(aliases[name]),
        )
        for name in articles
    ]
    rows.sort(key=lambda r: (-r.articles, -r.mentions, r.canonical))
    return [
        {
            "entity_id": r.entity_id,
            "canonical": r.canonical,
            "articles": r.articles,
            "mentions": r.mentions,
            "aliases": r.aliases,
        }
        for r in rows
    ]


class PeoplePass:
    """The ``people`` run pass (a :class:`pipeline.core.stage.RunPass`)."""

    name = "people"
    tables = {"people": PEOPLE}  # noqa: RUF012

    def __init__(self, options: PeopleOptions | None = None):
        self.options = options or PeopleOptions()

    @classmethod
    def from_options(cls, options: PeopleOptions) -> PeoplePass:
        return cls(options)

    def describe(self) -> dict[str, Any]:
        return {}

    def finish(self, tables: RunTables) -> None:
        """Resolve people across the run's mentions and entities; write ``people``."""
        options = self.options
        resolution = resolve_run(_name_mentions(tables), options.dominance, options.given_articles)
        rows = people_rows(_rewrite(tables, resolution))
        tables.replace("people", pa.Table.from_pylist(rows, schema=PEOPLE))


NAME_COLUMNS = ["article_id", "label", "text", "canonical", "article_canonical", "entity_id"]


def _name_mentions(tables: RunTables) -> Iterator[dict[str, Any]]:
    """The run's mentions, part by part and only the columns the pass reads: its memory
    then grows with the run's distinct names, not with its mentions and their sentences."""
    for key in tables.parts("mentions"):
        columns = tables.read_columns("mentions", key, NAME_COLUMNS)
        for values in zip(*columns.values(), strict=True):
            yield dict(zip(NAME_COLUMNS, values, strict=True))


PEOPLE_PASS = StageDefinition(
    name="people",
    factory="pipeline.nlp.resolve_run:PeoplePass.from_options",
    options=PeopleOptions,
    tables={"people": PEOPLE},
    kind="run",
    order=10,
    help="One person, one name across the run (mentions, entities) and the people table.",
)
