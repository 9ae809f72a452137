"""Editors' feedback: how decisions fold together, and that retraining on them teaches the model."""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from typer.testing import CliRunner

from pipeline.classify.feedback import (
    Draft,
    FeedbackRow,
    accepted_labels,
    apply_feedback,
    decisions,
    read_drafts,
    read_feedback,
    rejected_labels,
)
from pipeline.classify.model import SuggestionModel
from pipeline.cli import app
from pipeline.core.errors import PipelineError
from pipeline.core.model import Article
from pipeline.service.store import FeedbackStore

runner = CliRunner()


def row(i: int, article: str, label: str, decision: str, to: str | None = None, kind: str = "tag"):
    return FeedbackRow(i, "", article, kind, label, decision, to)


def article(article_id: str, tags: list[str], category: str | None = "News") -> Article:
    return Article(article_id, "dump", "", "A title", "A body.", category=category, tags=tags)


# -- folding decisions ----------------------------------------------------------------------


def test_the_latest_decision_on_a_label_wins_whatever_its_case():
    rows = [
        row(1, "a", "Oil", "accepted"),
        row(2, "a", "oil", "rejected"),
        row(3, "a", "gas", "rejected"),
        row(4, "a", "GAS", "accepted"),
    ]
    standing = decisions(rows)
    assert accepted_labels(standing, "a") == ["GAS"]
    assert rejected_labels(standing, "a") == {"oil"}
    assert decisions(list(reversed(rows))) == standing  # replayed by id, not by list order


def test_an_edit_rejects_the_old_label_and_accepts_the_new():
    standing = decisions([row(1, "a", "war", "edited", "Russia-Ukraine war")])
    assert accepted_labels(standing, "a") == ["Russia-Ukraine war"]
    assert rejected_labels(standing, "a") == {"war"}
    assert accepted_labels(standing, "elsewhere") == [] and rejected_labels(standing, "b") == set()


def test_feedback_applies_to_the_training_articles_tags_and_category():
    articles = [
        article("a1", ["oil", "gas", "Opec"]),
        article("a2", ["grain"], category="Business"),
        article("a3", ["rates"], category="Business"),
        article("untouched", ["oil"]),
    ]
    rows = [
        row(1, "a1", "GAS", "rejected"),
        row(2, "a1", "energy", "added"),
        row(3, "a1", "opec", "edited", "OPEC"),
        row(4, "a1", "oil", "accepted"),  # already there: not repeated
        row(5, "a2", "Markets", "accepted", kind="category"),
        row(6, "a3", "business", "rejected", kind="category"),
        row(7, "not-in-training", "oil", "rejected"),
    ]
    changed, summary = apply_feedback(articles, rows)
    assert [a.tags for a in changed] == [["oil", "OPEC", "energy"], ["grain"], ["rates"], ["oil"]]
    assert [a.category for a in changed] == ["News", "Markets", None, "News"]
    assert changed[3] is articles[3]
    assert articles[0].tags == ["oil", "gas", "Opec"]  # the inputs are not modified
    assert (summary.rows, summary.articles_changed, summary.tags_added, summary.tags_removed) == (
        7,
        3,
        1,
        1,
    )
    assert summary.categories_changed == 2 and summary.unmatched_articles == ["not-in-training"]


def test_what_the_service_stores_is_what_training_reads(tmp_path):
    store = FeedbackStore(tmp_path)
    store.add("a1", "tag", "oil", "rejected", model_sha256="abc")
    store.add("a1", "tag", "crude", "edited", to="crude oil")
    rows = read_feedback(tmp_path)  # the data folder or the file itself
    assert rows == read_feedback(tmp_path / "feedback.sqlite3")
    assert [(r.article_id, r.label, r.decision, r.to) for r in rows] == [
        ("a1", "oil", "rejected", None),
        ("a1", "crude", "edited", "crude oil"),
    ]
    assert read_feedback(tmp_path, article_id="other") == []
    with (
        sqlite3.connect(tmp_path / "feedback.sqlite3") as connection,
        pytest.raises(sqlite3.IntegrityError),
    ):
        connection.execute(
            "INSERT INTO feedback (created, article_id, kind, label, decision) "
            "VALUES ('', 'a', 'tag', 'x', 'edited')"  # an edit without its new label
        )
    with pytest.raises(PipelineError, match="no feedback database"):
        read_feedback(tmp_path / "missing.sqlite3")
    (tmp_path / "junk.sqlite3").write_text("not a database")
    with pytest.raises(PipelineError, match="not a feedback database"):
        read_feedback(tmp_path / "junk.sqlite3")


def test_an_undone_decision_leaves_the_label_undecided():
    rows = [
        row(1, "a", "oil", "rejected"),
        row(2, "a", "Oil", "undone"),
        row(3, "a", "gas", "added"),
    ]
    standing = decisions(rows)
    assert rejected_labels(standing, "a") == set() and accepted_labels(standing, "a") == ["gas"]
    changed, _ = apply_feedback([article("a", ["oil"])], rows)
    assert changed[0].tags == ["oil", "gas"]  # the rejection taken back: oil stays


def test_decided_drafts_that_no_dump_has_become_training_articles():
    articles = [article("a1", ["oil"])]
    rows = [
        row(1, "d1", "oil", "rejected"),
        row(2, "d1", "monetary policy", "added"),
        row(3, "d2", "oil", "accepted", kind="tag"),
        row(4, "d2", "Business", "accepted", kind="category"),
        row(5, "gone", "oil", "rejected"),  # its text was never kept
        row(6, "a1", "gas", "added"),
    ]
    drafts = {
        "d1": Draft("d1", "Rates rise", "The central bank raised rates."),
        "d2": Draft("d2", "Crude falls", "Oil prices fell."),
        "unused": Draft("unused", "Never decided", "No decision names it."),
    }
    changed, summary = apply_feedback(articles, rows, drafts)
    by_id = {a.article_id: a for a in changed}
    assert sorted(by_id) == ["a1", "d1", "d2"]
    assert by_id["d1"].tags == ["monetary policy"] and by_id["d1"].body == drafts["d1"].body
    assert (by_id["d2"].tags, by_id["d2"].category) == (["oil"], "Business")
    assert by_id["a1"].tags == ["oil", "gas"]
    assert summary.drafts_used == 2 and summary.articles_changed == 1
    assert summary.unmatched_articles == ["gone"] and summary.last_row == 6
    assert summary.as_card("db")["drafts_used"] == 2
    # The texts are part of what the card's hash covers.
    other = {**drafts, "d1": Draft("d1", "Rates rise", "Another text.")}
    assert apply_feedback(articles, rows, other)[1].sha256 != summary.sha256


def test_the_store_keeps_the_latest_text_of_each_draft(tmp_path):
    store = FeedbackStore(tmp_path)
    store.keep_draft("d1", "First", "first text")
    store.keep_draft("d1", "Second", "second text")
    store.keep_draft("d2", "Other", "other text")
    drafts = read_drafts(tmp_path)
    assert {k: (d.title, d.body) for k, d in drafts.items()} == {
        "d1": ("Second", "second text"),
        "d2": ("Other", "other text"),
    }


def test_a_database_from_before_undo_is_migrated_with_its_rows(tmp_path):
    old_schema = """
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, article_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('tag', 'category')), label TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'added', 'edited')),
        to_label TEXT, model_sha256 TEXT,
        CHECK (decision != 'edited' OR to_label IS NOT NULL));
    CREATE INDEX feedback_by_article ON feedback (article_id);
    INSERT INTO feedback (created, article_id, kind, label, decision)
        VALUES ('t', 'a1', 'tag', 'oil', 'rejected');
    """
    with sqlite3.connect(tmp_path / "feedback.sqlite3") as connection:
        connection.executescript(old_schema)
    assert read_drafts(tmp_path) == {}  # no drafts table yet: none
    store = FeedbackStore(tmp_path)
    store.add("a1", "tag", "oil", "undone")
    assert [(r.label, r.decision) for r in read_feedback(tmp_path)] == [
        ("oil", "rejected"),
        ("oil", "undone"),
    ]
    assert store.standing("a1").rejected("tag") == set()


# -- retraining learns from it -------------------------------------------------------------------

TOPICS = {
    "Business": ["economy", "inflation"],
    "Sport": ["football"],
    "Science": ["astronomy"],
    "Health": ["hospitals"],
    "Politics": ["elections"],
}
VOCABULARY = {
    "Business": [
        "inflation",
        "prices",
        "consumer",
        "wages",
        "bond",
        "yields",
        "central",
        "bank",
        "rates",
        "economists",
        "borrowing",
        "costs",
        "mortgage",
        "lenders",
        "households",
        "spending",
    ],
    "Sport": [
        "striker",
        "goal",
        "league",
        "match",
        "coach",
        "cup",
        "final",
        "season",
        "transfer",
        "fans",
        "stadium",
    ],
    "Science": [
        "telescope",
        "planet",
        "astronomers",
        "orbit",
        "galaxy",
        "star",
        "observatory",
        "comet",
        "light",
    ],
    "Health": [
        "hospital",
        "doctors",
        "patients",
        "nurses",
        "ward",
        "vaccine",
        "clinic",
        "surgery",
        "waiting",
    ],
    "Politics": [
        "parliament",
        "vote",
        "election",
        "ballot",
        "minister",
        "coalition",
        "party",
        "campaign",
        "poll",
    ],
}
FILLER = [
    "the",
    "a",
    "of",
    "and",
    "said",
    "on",
    "in",
    "to",
    "was",
    "for",
    "with",
    "that",
    "it",
    "by",
    "as",
    "from",
    "at",
    "this",
]


def synthetic_articles(per_topic: int, seed: int, prefix: str) -> list[dict]:
    """Articles of five topics with their own words, as a dump's records."""
    rng = random.Random(seed)
    records = []
    for topic, tags in TOPICS.items():
        for i in range(per_topic):
            words = [rng.choice(VOCABULARY[topic] + FILLER) for _ in range(60)]
            title = " ".join(rng.sample(VOCABULARY[topic], 3)).capitalize()
            records.append(
                {
                    "id": f"{prefix}-{topic.lower()}-{i}",
                    "title": title,
                    "body": " ".join(words) + ".",
                    "category": topic,
                    "tags": list(tags),
                }
            )
    return records


def write_dump(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class TagStanding(NamedTuple):
    """One tag on some articles: its scores, whether each passes the tag's own threshold,
    and whether the model suggests it (the threshold, headline and best-tag rules)."""

    scores: np.ndarray
    passed: np.ndarray
    suggested: np.ndarray


def tag_standing(model: SuggestionModel, label: str, records: list[dict]) -> TagStanding:
    tagger = model.tags
    documents = [(r["title"], r["body"]) for r in records]
    column = list(tagger.labels_).index(label)
    decisions = tagger.decision_function(documents)
    suggested = [[tag for tag, _ in tags] for tags in tagger.suggest(documents)]
    return TagStanding(
        scores=tagger.scores(decisions)[:, column],
        passed=decisions[:, column] > tagger.thresholds_[column],
        suggested=np.array([label in tags for tags in suggested]),
    )


def train(dump: Path, out: Path, *extra: str) -> SuggestionModel:
    result = runner.invoke(app, ["train", str(dump), "--out", str(out), "--jobs", "1", *extra])
    assert result.exit_code == 0, result.output
    return SuggestionModel.load(out)


def test_retraining_with_feedback_lowers_rejected_tags_and_learns_added_ones(tmp_path):
    training = synthetic_articles(per_topic=16, seed=1, prefix="train")
    unseen = [
        r
        for r in synthetic_articles(per_topic=6, seed=2, prefix="new")
        if r["category"] == "Business"
    ]
    dump = write_dump(tmp_path / "archive.jsonl", training)
    before = train(dump, tmp_path / "before")

    business = [r for r in training if r["category"] == "Business"]
    store = FeedbackStore(tmp_path / "service")
    for record in business[:12]:  # editors reject "inflation" on most business articles
        store.add(record["id"], "tag", "inflation", "rejected")
    for record in business[:8]:  # and add a tag the archive never had
        store.add(record["id"], "tag", "monetary policy", "added")
    store.add("draft-never-saved", "tag", "inflation", "rejected")
    after = train(dump, tmp_path / "after", "--feedback", str(tmp_path / "service"))

    # A score's pass point is its tag's threshold (expit of the calibration's intercept,
    # which retraining moves), not 0.5: ask the model whether the tag passes and is suggested.
    inflation_before = tag_standing(before, "inflation", unseen)
    inflation_after = tag_standing(after, "inflation", unseen)
    assert inflation_before.passed.all() and inflation_before.suggested.all(), inflation_before
    assert (inflation_after.scores < inflation_before.scores).all(), inflation_after
    # The feedback lowers the tag but does not silence it: measured, it still passes its
    # threshold on 2 of the 6 and the headline rule suggests it on a third.
    assert inflation_after.passed.sum() <= 2, inflation_after
    assert inflation_after.suggested.sum() <= 3, inflation_after

    assert "monetary policy" not in before.tags.labels_
    assert "monetary policy" in after.tags.labels_
    documents = [(r["title"], r["body"]) for r in unseen]
    suggested = [[label for label, _ in tags] for tags in after.tags.suggest(documents)]
    assert sum("monetary policy" in tags for tags in suggested) >= len(unseen) // 2
    sport = [(r["title"], r["body"]) for r in training if r["category"] == "Sport"][:5]
    assert not any("monetary policy" in [t for t, _ in s] for s in after.tags.suggest(sport))

    card = json.loads((tmp_path / "after" / "model.json").read_text())
    summary = card["training_data"]["feedback"]
    assert summary["rows"] == 21 and summary["articles_changed"] == 12
    assert summary["tags_removed"] == 12 and summary["tags_added"] == 8
    assert summary["unmatched_articles"] == 1
    assert (
        card["training_data"]["sha256"]
        != json.loads((tmp_path / "before" / "model.json").read_text())["training_data"]["sha256"]
    )


def test_train_says_so_when_the_feedback_database_is_missing(tmp_path):
    dump = write_dump(tmp_path / "a.jsonl", synthetic_articles(per_topic=3, seed=3, prefix="x"))
    result = runner.invoke(
        app,
        ["train", str(dump), "--out", str(tmp_path / "m"), "--feedback", str(tmp_path / "none.db")],
    )
    assert result.exit_code == 2
    assert "no feedback database" in result.output
    assert not (tmp_path / "m").exists()


# -- the check: drafts decided through the service teach the model ------------------

MONETARY = ["central", "bank", "rates", "borrowing", "mortgage", "lenders"]


def monetary_articles(count: int, seed: int, prefix: str) -> list[dict]:
    """Business articles about central banks: the business words, the bank's ones thrice."""
    rng = random.Random(seed)
    pool = VOCABULARY["Business"] + MONETARY * 3 + FILLER
    return [
        {
            "id": f"{prefix}-{i}",
            "title": " ".join(rng.sample(MONETARY, 3)).capitalize(),
            "body": " ".join(rng.choice(pool) for _ in range(60)) + ".",
        }
        for i in range(count)
    ]


def suggested_tags(client, records: list[dict]) -> list[list[str]]:
    answers = []
    for record in records:
        response = client.post(
            "/v1/analyze", json={"title": record["title"], "body": record["body"]}
        )
        assert response.status_code == 200, response.text
        answers.append([t["label"] for t in response.json()["tags"] if t["suggested"]])
    return answers


@pytest.mark.slow
def test_drafts_decided_through_the_service_teach_the_model_it_then_serves(tmp_path):
    from fastapi.testclient import TestClient

    from pipeline.core.config import RunConfig
    from pipeline.service.app import create_app
    from pipeline.service.config import ServiceConfig

    dump = write_dump(tmp_path / "archive.jsonl", synthetic_articles(16, seed=1, prefix="t"))
    train(dump, tmp_path / "before")
    run = RunConfig.build(
        {"suggestions": {"model_dir": str(tmp_path / "before")}, "entities": {"enabled": False}}
    )
    data_dir = tmp_path / "service"
    # Retrained in the background once 40 decisions wait: 20 drafts, two decisions each.
    config = ServiceConfig(
        workers=0, run=run, data_dir=data_dir, retrain_every=40, train_data=(str(dump),)
    )
    drafts = monetary_articles(20, seed=2, prefix="draft")
    unseen = monetary_articles(12, seed=3, prefix="unseen")
    with TestClient(create_app(config)) as client:
        answers = []
        for draft in drafts:
            text = {"title": draft["title"], "body": draft["body"], "article_id": draft["id"]}
            response = client.post("/v1/analyze", json=text)
            assert response.status_code == 200, response.text
            answers.append([t["label"] for t in response.json()["tags"] if t["suggested"]])
        [(rejected, _)] = Counter(t for tags in answers for t in tags).most_common(1)
        before = suggested_tags(client, unseen)
        for i, draft in enumerate(drafts):
            for label, decision in ((rejected, "rejected"), ("monetary policy", "added")):
                decided = {"article_id": draft["id"], "kind": "tag", "label": label}
                stored = client.post("/v1/feedback", json={**decided, "decision": decision})
                assert stored.status_code == 201, stored.text
            if i < len(drafts) - 1:
                assert client.get("/v1/model").json()["feedback"]["pending"] == 2 * (i + 1)
        assert "monetary policy" in client.get("/v1/tags").json()["site"]
        # The 40th decision started it; asking again while it runs starts nothing more.
        assert client.post("/v1/admin/retrain").json()["started"] is False
        for _ in range(600):
            feedback = client.get("/v1/model").json()["feedback"]
            if not feedback["retraining"]:
                break
            time.sleep(0.5)
        assert feedback["last_retrain"]["ok"], feedback
        assert "20 editors' drafts learnt from" in feedback["last_retrain"]["log"]
        assert feedback["pending"] == 0 and feedback["retrains"] == 1
        card = client.get("/v1/model").json()["card"]
        assert card["training_data"]["feedback"]["drafts_used"] == 20
        assert "monetary policy" in card["labels"]["tags"]
        assert "monetary policy" in client.get("/v1/tags").json()["model"]
        after = suggested_tags(client, unseen)

    had_rejected = sum(rejected in tags for tags in before)
    assert had_rejected >= len(unseen) // 2, (rejected, before)
    assert sum(rejected in tags for tags in after) <= had_rejected / 2, (rejected, after)
    assert sum("monetary policy" in tags for tags in after) > len(unseen) / 2, after
    assert not any("monetary policy" in tags for tags in before)
