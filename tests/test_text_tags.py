"""Tags from the article itself (pipeline/classify/text_tags.py, phrases.py)."""

from __future__ import annotations

import json
from dataclasses import replace

import pyarrow as pa
import pytest

from pipeline.classify.phrases import Scoring, key_of, text_candidates
from pipeline.classify.text_tags import TEXT_TAGS, TextTagger, TextTagsOptions
from pipeline.core.model import Article, EditorRequest
from pipeline.core.schemas import SUGGESTIONS

TITLE = "Storm Corps troops reach Russia"
BODY = (
    "North Korea sent the Storm Corps to Russia. Vice Foreign Minister Kim Hong-kyun said "
    "the North Korean troops broke sanctions. The troops of the Storm Corps will fight "
    "in Ukraine, officials said on Monday."
)


def mention(text: str, label: str, canonical: str, field: str = "body", article="a1") -> dict:
    source = TITLE if field == "title" else BODY
    start = source.index(text)
    return {
        "article_id": article,
        "field": field,
        "start_char": start,
        "end_char": start + len(text),
        "text": text,
        "label": label,
        "canonical": canonical,
        "country_code": None,
    }


MENTIONS = [
    mention("Russia", "GPE", "Russia", "title"),
    mention("North Korea", "GPE", "North Korea"),
    mention("North Korean", "NORP", "North Korea"),
    mention("Kim Hong-kyun", "PERSON", "Kim Hong-kyun"),
    mention("Ukraine", "GPE", "Ukraine"),
    mention("Monday", "DATE", "Monday"),
]


def tagger(**options) -> TextTagger:
    return TextTagger(TextTagsOptions(model_tags=False, **options))


def article(title: str = TITLE, body: str = BODY, article_id: str = "a1") -> Article:
    return Article(article_id, "test", article_id, title, body)


def test_a_tag_is_known_by_its_words_whatever_the_case_plural_or_slug():
    assert (
        key_of("Russia-Ukraine war")
        == key_of("russia_ukraine_wars")
        == key_of("RUSSIA UKRAINE WAR")
    )
    assert key_of("North Korean troops") == key_of("north-korean-troop")
    assert key_of("Storm Corps") != key_of("Storm")


def test_entities_are_one_candidate_per_canonical_name_with_every_mention_as_evidence():
    found = {c.label: c for c in text_candidates(TITLE, BODY, MENTIONS)}
    korea = found["North Korea"]
    assert korea.source == "entity"
    assert sorted(s.text for s in korea.spans) == ["North Korea", "North Korean"]
    assert "Monday" not in found  # a date is no tag
    assert "North Korean" not in found  # the mention's words joined the entity


def test_a_phrase_never_cuts_a_name_in_two_and_one_inside_a_name_joins_it():
    labels = {c.label.casefold() for c in text_candidates(TITLE, BODY, MENTIONS)}
    assert "minister kim" not in labels and "foreign minister kim" not in labels
    assert "hong-kyun" not in labels
    assert "north korean troops" in labels  # a phrase with a whole name inside stays


def test_spans_point_at_the_words_of_the_tag():
    fields = {"title": TITLE, "body": BODY}
    for candidate in text_candidates(TITLE, BODY, MENTIONS):
        for span in candidate.spans:
            assert fields[span.field][span.start_char : span.end_char] == span.text
        if candidate.source == "phrase":
            assert all(key_of(s.text) == candidate.key for s in candidate.spans)


def test_rows_fit_the_suggestions_table_with_sources_ranks_and_evidence():
    rows = tagger().annotate([article()], {"mentions": MENTIONS})["suggestions"]
    table = pa.Table.from_pylist(rows, schema=SUGGESTIONS)
    assert table.num_rows == len(rows) > 3
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert {r["source"] for r in rows} == {"entity", "phrase"}
    assert all(r["kind"] == "tag" and 0 < r["score"] <= 1 for r in rows)
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    labels = [r["label"] for r in rows]
    assert "Storm Corps" in labels and "North Korea" in labels
    for row in rows:
        spans = json.loads(row["evidence"])
        assert spans and all(set(s) == {"field", "start_char", "end_char"} for s in spans)


def test_the_options_limit_and_threshold_the_tags():
    assert len(tagger(limit=2).annotate([article()], {"mentions": MENTIONS})["suggestions"]) == 2
    strict = tagger(min_score=0.9).annotate([article()], {"mentions": MENTIONS})["suggestions"]
    assert strict and all(r["score"] >= 0.9 for r in strict)
    alone = tagger(entities=False).annotate([article()], {"mentions": MENTIONS})["suggestions"]
    assert {r["source"] for r in alone} == {"phrase"}


def test_a_known_tag_takes_the_sites_spelling_by_case_plural_or_alias(tmp_path):
    site = tmp_path / "tags.txt"
    site.write_text("Sanction\nStorm-Corps | Storm Corps unit\nDPRK | North Korea\n# a note\n")
    rows = tagger(known_tags=str(site)).annotate([article()], {"mentions": MENTIONS})
    by_label = {r["label"]: r for r in rows["suggestions"]}
    assert by_label["Storm-Corps"]["known"] is True
    assert by_label["DPRK"]["known"] is True and by_label["DPRK"]["source"] == "entity"
    assert "North Korea" not in by_label
    assert by_label["Ukraine"]["known"] is False


def test_known_tags_from_a_json_file_and_from_the_model_card(tmp_path):
    site = tmp_path / "tags.json"
    site.write_text(json.dumps({"Ukraine war": ["Ukraine"]}))
    rows = TextTagger(TextTagsOptions(known_tags=str(site))).annotate(
        [article()], {"mentions": MENTIONS}
    )["suggestions"]
    assert {"label": "Ukraine war", "known": True} in [
        {"label": r["label"], "known": r["known"]} for r in rows
    ]
    vocabulary = TextTagger(TextTagsOptions()).vocabulary
    assert vocabulary.get("sanction") == "sanctions"  # a tag of the bundled model


def test_explain_shows_source_new_and_evidence_and_honours_the_editors():
    request = EditorRequest(rejected={"tag": ["storm corps"]}, accepted={"tag": ["Ukraine"]})
    [answer] = tagger().explain([article()], [request], {"mentions": MENTIONS})
    tags = {t["label"]: t for t in answer["text_tags"]}
    assert "Storm Corps" not in tags
    assert tags["Ukraine"]["status"] == "accepted" and tags["Ukraine"]["new"] is True
    [evidence] = tags["North Korea"]["evidence"]
    assert evidence["feature"] == "GPE mentions" and len(evidence["spans"]) == 2


def test_bad_input_gives_no_tags_and_no_error():
    empty = [article("", ""), article("...", "!!! 123 — ’’", "a2"), article("the of and", "", "a3")]
    assert tagger().annotate(empty, {"mentions": []}) == {"suggestions": []}
    # Mentions of another article are not this one's.
    other = [mention("Ukraine", "GPE", "Ukraine", article="zz")]
    rows = tagger().annotate([article("Talks", "Talks went on.")], {"mentions": other})
    assert all(r["label"] != "Ukraine" for r in rows["suggestions"])


def test_the_declaration_reads_mentions_and_writes_suggestions():
    assert TEXT_TAGS.reads == ("mentions",) == TextTagger.reads
    assert TEXT_TAGS.tables == {"suggestions": SUGGESTIONS}
    assert TEXT_TAGS.build(TextTagsOptions(model_tags=False)).name == "text_tags"


@pytest.mark.slow
def test_in_a_run_the_tags_follow_the_models_in_the_suggestions_table(seed_file):
    from pipeline.core.registry import register, unregister
    from pipeline.ingest.readers.plaintext import parse_plaintext_article
    from pipeline.single import analyze

    fields = parse_plaintext_article(seed_file.read_text(encoding="utf-8"))
    register(TEXT_TAGS)
    try:
        result = analyze(str(fields["title"]), str(fields["body"]))
    finally:
        unregister("text_tags")
    rows = result.tables["suggestions"]
    assert {r["source"] for r in rows} == {"model", "entity", "phrase"}
    text_tags = [r["label"] for r in rows if r["source"] != "model"]
    assert {"Storm Corps", "North Korea", "Ukraine"} <= set(text_tags)


def test_short_names_join_full_ones_and_bylines_and_names_across_paragraphs_are_no_tags():
    body = (
        "By Kyle Mantyla\n\nPhilippe Petit walked the wire. Later Petit rested.\n\nRuler\n\nSpoon"
    )

    mentions = [
        _at(body, "Kyle Mantyla", "PERSON"),
        _at(body, "Philippe Petit", "PERSON"),
        _at(body, "Petit rested", "PERSON", "Petit"),
        _at(body, "Ruler\n\nSpoon", "ORG"),
    ]
    found = {c.label: c for c in text_candidates("", body, mentions) if c.source == "entity"}
    assert list(found) == ["Philippe Petit"]
    assert found["Philippe Petit"].count == 2


def _at(body: str, text: str, label: str, canonical: str | None = None, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return {
        "article_id": "a1",
        "field": "body",
        "start_char": start,
        "end_char": start + len(text),
        "text": text,
        "label": label,
        "canonical": canonical or text,
        "country_code": None,
    }


def test_an_entity_is_called_as_the_text_writes_it_and_credits_are_no_tags():
    body = (
        "Medicare pays. (AP Photo/Natacha Pisarenko) WASHINGTON (AP) - Medicare plans grow. "
        "Medicare is old. Britain agreed."
    )
    headline = "Federal Plan Would Streamline Medicare"
    mentions = [
        *(_at(body, "Medicare", "ORG", headline, nth) for nth in range(3)),
        _at(body, "AP Photo/Natacha Pisarenko", "ORG"),
        _at(body, "AP", "ORG", nth=1),
        _at(body, "Britain", "GPE", "United Kingdom"),
    ]
    found = {c.label: c for c in text_candidates("", body, mentions) if c.source == "entity"}
    # a place is called as the text writes it when it never writes the canonical name
    assert set(found) == {"Medicare", "Britain"}
    assert found["Medicare"].count == 3


def test_a_surname_the_entities_stage_missed_joins_its_person():
    body = "Johnny Depp returns. Later Depp said the film was done. Depp smiled."
    mentions = [_at(body, "Johnny Depp", "PERSON")]
    found = {c.label: c for c in text_candidates("", body, mentions)}
    assert "Depp" not in found
    assert found["Johnny Depp"].count == 3


def test_contractions_are_no_tags():
    labels = {c.label for c in text_candidates("", "I’ve said he’d come. I've seen it.", [])}
    assert not labels & {"I’ve", "he’d", "I've"}


def test_a_comment_threads_time_stamps_are_no_tags():
    body = "".join(
        f"{name} July 31, 2012 at {time} pm\n\nSmall gardens need light.\n\n"
        for name, time in (("Natalia", "8:28"), ("Susana", "4:43"), ("Ekta", "12:15"))
    )
    labels = {c.label.casefold() for c in text_candidates("Small gardens", body, [])}
    assert "small gardens" in labels and "pm" not in labels


def test_a_surname_under_another_label_joins_its_person_and_a_menu_word_is_no_name():
    body = (
        "Software Tools Reviews. Viktor Yanukovych fled Kyiv. Yanukovych spoke. "
        "The software was old. Yanukovych left."
    )
    mentions = [
        _at(body, "Software", "ORG"),
        _at(body, "Viktor Yanukovych", "PERSON"),
        _at(body, "Yanukovych", "ORG", nth=1),
        _at(body, "Yanukovych", "ORG", nth=2),
    ]
    found = {c.label: c for c in text_candidates("", body, mentions) if c.source == "entity"}
    assert set(found) == {"Viktor Yanukovych"}  # "Software": the text writes "software"
    assert found["Viktor Yanukovych"].count == 3


def test_words_differing_by_ing_are_one_row_with_both_evidences():
    body = "Wakeboard lessons start. Wakeboard boats wait. Wakeboarding is fun."
    found = [c for c in text_candidates("", body, []) if c.key in ("wakeboard", "wakeboarding")]
    assert len(found) == 1
    assert {s.text for s in found[0].spans} >= {"Wakeboard", "Wakeboarding"}


def test_an_entity_named_once_ranks_below_the_same_entity_named_twice():
    body = "Acme Corp built it. Zenith Corp sold it. Zenith Corp grew."
    mentions = [
        _at(body, "Acme Corp", "ORG"),
        _at(body, "Zenith Corp", "ORG"),
        _at(body, "Zenith Corp", "ORG", nth=1),
    ]
    once = Scoring(early=0.0)
    scores = {c.label: c.score for c in text_candidates("", body, mentions, once)}
    flat = {
        c.label: c.score
        for c in text_candidates("", body, mentions, replace(once, entity_once=1.0))
    }
    assert scores["Acme Corp"] < flat["Acme Corp"]
    assert scores["Zenith Corp"] == flat["Zenith Corp"] == 1.0


def test_a_surname_taken_for_a_place_joins_the_person_the_entities_stage_also_named_so():
    body = (
        "Viktor Yanukovych won. Yanukovych spoke. Yanukovych left. Michael Jordan visited Jordan."
    )
    mentions = [
        _at(body, "Viktor Yanukovych", "PERSON"),
        _at(body, "Yanukovych", "PERSON", "Viktor Yanukovych", nth=1),
        _at(body, "Yanukovych", "GPE", nth=2),
        _at(body, "Michael Jordan", "PERSON"),
        _at(body, "Jordan", "GPE", nth=1),  # the country, not his surname
    ]
    found = {c.label: c for c in text_candidates("", body, mentions) if c.source == "entity"}
    assert set(found) == {"Viktor Yanukovych", "Michael Jordan", "Jordan"}
    assert found["Viktor Yanukovych"].count == 3


TRICKY = [
    "North Korea's troops, the Storm-Corps.",
    "Korea's-based firms; Jones's.com and Jones’s’s house",
    "it's rock'n'roll, O'Neill's men, the '90s, dogs' bowls 's",
    "Korea's_x, Korea'S, KOREA'S. a.b's c&d's e-f’s. x'sy's z",
    "don't I've we'd y'all’s rock's's",
]


@pytest.mark.parametrize("text", TRICKY)
def test_words_are_the_tokens_of_the_one_token_pattern(text):
    """words() finds possessives apart from the words; its tokens stay those of the single
    pattern that defines them (_TOKEN)."""
    from pipeline.classify.phrase_words import _TOKEN, words

    assert [(w.text, w.start, w.end) for w in words(text)] == [
        (m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


@pytest.mark.slow
def test_words_are_the_tokens_of_the_one_token_pattern_on_web_articles():
    from newsdump_dev import corpora
    from pipeline.classify.phrase_words import _TOKEN, words

    try:
        records = corpora.typographic()
    except corpora.CorpusMissing as exc:
        pytest.skip(str(exc))
    for record in records:
        for text in (record["title"], record["body"]):
            assert [(w.text, w.start, w.end) for w in words(text)] == [
                (m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
            ]


def test_tables_labels_line_breaks_and_very_common_words_give_no_phrases():
    body = (
        "Acme Corp said its copper smelter output rose.\n"
        "    Shr 20 cts vs 15 cts\n"
        "    Oper shr loss two cts vs profit seven cts\n"
        "    Net 1,200,000 vs 900,000\n"
        "    NOTE: the copper smelter closed in May.\n"
        "The company expects smelter output\n"
        "growth of 12 mln dlrs."
    )
    labels = {c.label.casefold() for c in text_candidates("", body, [])}
    assert "copper smelter" in labels and "smelter output" in labels  # prose, on one line
    # a table's rows, a label before a colon, and phrases across a line break
    assert not labels & {"shr", "cts", "oper", "oper shr loss", "net", "note", "output growth"}
    # words in a fifth of ordinary news or more, alone or together
    assert not labels & {"company", "mln", "dlrs", "mln dlrs"}
    # an interviewer's name before a colon is a name; a price list's line is no table
    interview = "Zillow: How is business?\nZillow: And the show?\n“Batman Arkham VR” ($20)"
    labels = {c.label.casefold() for c in text_candidates("", interview, [])}
    assert {"zillow", "batman arkham vr"} <= labels
    # a headline is no table, whatever its figures
    title = {c.label.casefold() for c in text_candidates("Copper smelter output up 12 pct", "", [])}
    assert "copper smelter output" in title


def test_a_common_word_shouted_in_a_headline_is_no_name_but_an_acronym_is():
    title = "ACME CORP 4TH QTR NET"
    body = "OPEC met on Monday. Acme Corp said prices rose."
    mentions = [
        {
            "article_id": "a1",
            "field": "title",
            "start_char": 18,
            "end_char": 21,
            "text": "NET",
            "label": "ORG",
            "canonical": "NET",
            "country_code": None,
        },
        {
            "article_id": "a1",
            "field": "body",
            "start_char": 0,
            "end_char": 4,
            "text": "OPEC",
            "label": "ORG",
            "canonical": "OPEC",
            "country_code": None,
        },
    ]
    labels = {c.label for c in text_candidates(title, body, mentions) if c.source == "entity"}
    assert "OPEC" in labels and "NET" not in labels
