"""The ``tag_names`` run pass: an entity's tag carries the name the run gives its entity."""

from __future__ import annotations

import json

from pipeline.classify.tag_names import TAG_NAMES, TagNamesPass, renamed_tags
from pipeline.core.records import Mention
from pipeline.core.registry import definitions
from pipeline.core.schemas import ENTITIES, MENTIONS, SUGGESTIONS
from pipeline.nlp.extract import entity_rows
from pipeline.nlp.names import entity_id
from pipeline.nlp.resolve_run import PEOPLE, PeoplePass
from pipeline.tables import TableSet

SCHEMAS = {"mentions": MENTIONS, "entities": ENTITIES, "people": PEOPLE, "suggestions": SUGGESTIONS}


def mention(article: str, name: str, start: int = 0) -> Mention:
    return Mention(article, "body", start, start + len(name), name, "PERSON", name, None)


def tag(article: str, label: str, rank: int, *starts: int, **fields) -> dict:
    spans = [{"field": "body", "start_char": s, "end_char": s + len(label)} for s in starts]
    return {
        "article_id": article,
        "kind": "tag",
        "label": label,
        "score": 1.0 / rank,
        "rank": rank,
        "source": "entity",
        "known": False,
        "evidence": json.dumps(spans),
        **fields,
    }


def write_chunk(tables: TableSet, key: str, mentions: list[Mention], tags: list[dict]) -> None:
    for m in mentions:
        m.entity_id = entity_id(m.label, m.canonical)
        m.article_canonical = m.canonical
    tables.write_part("mentions", key, [m.to_row() for m in mentions])
    tables.write_part("entities", key, entity_rows(mentions))
    tables.write_part("suggestions", key, tags)


def finish(tables: TableSet) -> None:
    PeoplePass().finish(tables)
    TagNamesPass().finish(tables)


def labels(tables: TableSet, article: str) -> list[tuple[str, str | None]]:
    rows = [r for r in tables.read("suggestions").to_pylist() if r["article_id"] == article]
    return [(r["label"], r["article_label"]) for r in sorted(rows, key=lambda r: r["rank"])]


def test_the_pass_runs_after_the_people_pass():
    order = [d.name for d in definitions() if d.kind == "run"]
    assert "tag_names" in order
    assert order.index("tag_names") > order.index("people")
    assert TAG_NAMES.kind == "run"


def test_an_entity_tag_takes_the_name_the_run_gives_its_person(tmp_path):
    tables = TableSet(tmp_path, SCHEMAS)
    full = [mention("a", "Barack Obama"), mention("c", "Barack Obama")]
    write_chunk(tables, "a-0", full, [tag("a", "Barack Obama", 1, 0)])
    write_chunk(
        tables,
        "b-0",
        [mention("b", "Obama", 0), mention("b", "Obama", 30)],
        # the second span is the name where the model saw no entity: it does not count
        [tag("b", "Obama", 1, 0, 30, 60), tag("b", "Senate", 2, 90)],
    )
    finish(tables)
    assert labels(tables, "b") == [("Barack Obama", "Obama"), ("Senate", None)]
    assert labels(tables, "a") == [("Barack Obama", None)]


def test_a_resumed_run_names_tags_as_a_fresh_run(tmp_path):
    """A person who arrives in a later chunk makes "Obama" ambiguous again: the tag the
    first finish renamed goes back to its article's name, as its mentions do."""
    resumed = TableSet(tmp_path / "resumed", SCHEMAS)
    write_chunk(resumed, "a-0", [mention("a", "Barack Obama")], [])
    write_chunk(resumed, "b-0", [mention("b", "Obama")], [tag("b", "Obama", 1, 0)])
    finish(resumed)
    assert labels(resumed, "b") == [("Barack Obama", "Obama")]
    write_chunk(resumed, "c-0", [mention("c", "Michelle Obama")], [])
    write_chunk(resumed, "d-0", [mention("d", "Michelle Obama")], [])
    finish(resumed)
    fresh = TableSet(tmp_path / "fresh", SCHEMAS)
    write_chunk(fresh, "a-0", [mention("a", "Barack Obama")], [])
    write_chunk(fresh, "b-0", [mention("b", "Obama")], [tag("b", "Obama", 1, 0)])
    write_chunk(fresh, "c-0", [mention("c", "Michelle Obama")], [])
    write_chunk(fresh, "d-0", [mention("d", "Michelle Obama")], [])
    finish(fresh)
    assert labels(fresh, "b") == [("Obama", None)]
    assert resumed.read("suggestions").to_pylist() == fresh.read("suggestions").to_pylist()


def test_a_tag_over_other_entities_or_known_to_the_site_keeps_its_name():
    names = {
        ("a", "body", 0): ("Google Chrome", "Google Chrome"),
        ("a", "body", 20): ("Google", "Google LLC"),
        ("a", "body", 40): ("Obama", "Barack Obama"),
    }
    joined = tag("a", "Google Chrome", 1, 0, 20)
    known = tag("a", "Obama", 2, 40, known=True)
    rows = renamed_tags([joined, known], names)
    assert [(r["label"], r["rank"]) for r in rows] == [("Google Chrome", 1), ("Obama", 2)]


def test_tags_that_become_one_name_are_one_tag_and_ranks_close_up():
    names = {("a", "body", 0): ("Obama", "Barack Obama")}
    phrase = {**tag("a", "health care", 3), "source": "phrase"}
    model = {**tag("a", "politics", 1), "source": "model", "known": None, "evidence": None}
    rows = renamed_tags(
        [tag("a", "Barack Obama", 1, 50), tag("a", "Obama", 2, 0), phrase, model], names
    )
    assert [(r["label"], r["source"], r["rank"]) for r in rows] == [
        ("Barack Obama", "entity", 1),
        ("health care", "phrase", 2),
        ("politics", "model", 1),
    ]
