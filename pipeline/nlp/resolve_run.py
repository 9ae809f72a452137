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
- a span the model labelled ORG, PRODUCT, WORK_OF_ART or NORP that is written as such a
  person's name, or as the one word that resolves to one, is that person when the run
  labels that text PERSON in more articles than otherwise ("Romney" ORG in one article;
  never a known product or company, see ``not_people.json``).

It rewrites ``canonical``, ``label`` and ``entity_id`` of ``mentions`` and ``entities``
(part by part, so a resumed run finds every chunk's rows where it left them) and writes
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from pydantic import Field

from pipeline.core.options import StageOptions
from pipeline.core.records import Int32, arrow_schema
from pipeline.core.registry import StageDefinition
from pipeline.core.stage import RunTables
from pipeline.nlp.names import entity_id, known_label, name_parts

MISTAKEN_FOR_PERSON = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "NORP"})
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
    run names no other person of that surname)."""

    dominance: float = Field(0.75, gt=0.5, le=1.0)


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
        if len(parts) > 1:
            groups[(parts[0], parts[-1])][_middle(parts)].append(name)
    merged = {}
    for middles in groups.values():
        if "" in middles and len(middles) == 2:
            middles = {"x": [name for names in middles.values() for name in names]}
        for names in middles.values():
            best = max(names, key=lambda n: (len(articles[n]), -len(n), n))
            merged.update({name: best for name in names})
    return merged


def _surnames(articles: dict[str, set[str]], merged: dict[str, str], dominance: float):
    """One-word name -> the full name it stands for across the run, where one clearly leads."""
    candidates: dict[str, Counter[str]] = defaultdict(Counter)
    for name, best in merged.items():
        candidates[name_parts(name)[-1]][best] += len(articles[name])
    resolved = {}
    for surname, counts in candidates.items():
        best, count = counts.most_common(1)[0]
        if count >= dominance * sum(counts.values()):
            resolved[surname] = best
    return resolved


def resolve_people(mentions: Iterable[dict[str, Any]], dominance: float = 0.75) -> dict[Key, Key]:
    """What each (label, canonical) of a run's mentions becomes; unchanged ones are absent."""
    articles: dict[str, set[str]] = defaultdict(set)  # PERSON canonical -> articles
    labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    other: set[Key] = set()
    for m in mentions:
        labels[m["text"]][m["label"]].add(m["article_id"])
        if m["label"] == "PERSON":
            articles[m["canonical"]].add(m["article_id"])
        elif m["label"] in MISTAKEN_FOR_PERSON:
            other.add((m["label"], m["canonical"]))
    merged = _variants(articles)
    surnames = _surnames(articles, merged, dominance)

    def person(name: str) -> str | None:
        return merged.get(name) or surnames.get(name)

    resolution: dict[Key, Key] = {}
    for name in articles:
        target = person(name)
        if target and target != name:
            resolution[("PERSON", name)] = ("PERSON", target)
    for label, name in other:
        target = person(name)
        if target is None or known_label(name):
            continue
        as_person = len(labels[name]["PERSON"])
        otherwise = sum(len(a) for lab, a in labels[name].items() if lab != "PERSON")
        if as_person > otherwise:
            resolution[(label, name)] = ("PERSON", target)
    return resolution


def _resolve_mentions(rows: list[dict[str, Any]], resolution: dict[Key, Key]) -> bool:
    changed = False
    for row in rows:
        label, canonical = resolution.get((row["label"], row["canonical"]), (None, None))
        if label is not None:
            row["label"], row["canonical"], changed = label, canonical, True
            row["country_code"] = None
        new_id = entity_id(row["label"], row["canonical"])
        changed = changed or row.get("entity_id") != new_id
        row["entity_id"] = new_id
    return changed


def _resolve_entities(rows: list[dict[str, Any]], resolution: dict[Key, Key]) -> bool:
    """Entity rows renamed; two rows of one article that became one entity are merged."""
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    changed = False
    for row in rows:
        label, canonical = resolution.get((row["label"], row["canonical"]), (None, None))
        if label is not None:
            row = {**row, "label": label, "canonical": canonical, "country_code": None}
            changed = True
        row["entity_id"] = entity_id(row["label"], row["canonical"])
        key = (row["article_id"], row["label"], row["canonical"])
        if key in merged:
            merged[key]["mentions"] += row["mentions"]
        else:
            merged[key] = row
    if len(merged) != len(rows):
        rows[:] = list(merged.values())
    return changed


def _rewrite(tables: Any, table: str, change: Callable[[list[dict[str, Any]]], bool]) -> None:
    """Apply ``change`` to ``table`` part by part where the tables have parts (a resumed run
    finds each chunk's rows under its own key), else to the whole table."""
    if hasattr(tables, "parts") and hasattr(tables, "write_part"):
        for key in tables.parts(table):
            rows = tables.read_part(table, key)
            if change(rows):
                tables.write_part(table, key, rows)
        return
    data = tables.read(table)
    rows = data.to_pylist()
    if change(rows):
        tables.replace(table, pa.Table.from_pylist(rows, schema=data.schema))


def people_rows(mentions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per PERSON canonical of the run, most articles first."""
    articles: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    aliases: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m["label"] == "PERSON":
            articles[m["canonical"]].add(m["article_id"])
            counts[m["canonical"]] += 1
            aliases[m["canonical"]].add(m["text"])
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
        try:
            mentions = tables.read("mentions").to_pylist()
        except KeyError:  # a run without the entities stage
            tables.replace("people", PEOPLE.empty_table())
            return
        resolution = resolve_people(mentions, self.options.dominance)
        _rewrite(tables, "mentions", lambda rows: _resolve_mentions(rows, resolution))
        _rewrite(tables, "entities", lambda rows: _resolve_entities(rows, resolution))
        rows = people_rows(tables.read("mentions").to_pylist())
        tables.replace("people", pa.Table.from_pylist(rows, schema=PEOPLE))


PEOPLE_PASS = StageDefinition(
    name="people",
    factory="pipeline.nlp.resolve_run:PeoplePass.from_options",
    options=PeopleOptions,
    tables={"people": PEOPLE},
    kind="run",
    order=10,
    help="One person, one name across the run (mentions, entities) and the people table.",
)
