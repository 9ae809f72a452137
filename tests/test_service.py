"""The editors' service against a real uvicorn process on loopback, and the evidence it shows.

The server runs ``pipeline serve`` as a user would (default model, two analysis workers);
requests go over HTTP with the standard library's client, so what is tested is what a
client sees, including how the server treats malformed bytes and oversized bodies.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import select
import signal
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsdump_dev.serving import ServiceFailed, serving
from pipeline.core.model import Article, RawRecord
from pipeline.ingest import build_article, iter_records, read_articles
from pipeline.single import analyze
from tests.support import ROOT, Server, running_service

pytestmark = pytest.mark.slow


def _familiar_article() -> dict[str, str]:
    """A sample article: one the bundled demo model learned from, so it suggests tags (an
    article unlike its 76 samples gets none, by design)."""
    from pipeline import read_articles
    from pipeline.core.model import Article

    sample = ROOT / "data" / "sample"
    article = next(a for a in read_articles([sample]) if isinstance(a, Article))
    return {"title": article.title, "body": article.body}


FAMILIAR = _familiar_article()
PESKOV = {
    "title": "Kremlin rebuffs Seoul over troops",
    "body": "Kremlin spokesman Dmitry Peskov said on Monday that talks with Seoul would go on. "
    "Peskov said no deal on the Storm Corps was near.\n\n"
    "South Korea's foreign ministry summoned the Russian ambassador in Seoul.",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    with running_service(tmp_path_factory.mktemp("service")) as running:
        yield running


def assert_spans_point_into_text(answer: dict[str, Any]) -> None:
    fields = {"title": answer["title"], "body": answer["body"]}
    for entity in answer["entities"]:
        assert fields[entity["field"]][entity["start_char"] : entity["end_char"]] == entity["text"]
    for item in answer["categories"] + answer["tags"] + answer.get("text_tags", []):
        for evidence in item["evidence"]:
            for span in evidence["spans"]:
                assert fields[span["field"]][span["start_char"] : span["end_char"]] == span["text"]


def words(text: str) -> list[str]:
    return re.findall(r"\w\w+", text.lower())


# -- what an editor gets ----------------------------------------------------------------------


def test_the_seed_article_gets_people_countries_the_storm_corps_and_suggestions(server, seed_file):
    [raw] = [r for r in iter_records([seed_file]) if isinstance(r, RawRecord)]  # not repaired
    status, answer = server.post(
        "/v1/analyze",
        {"title": raw.fields["title"], "body": raw.fields["body"], "article_id": "seed"},
    )
    assert status == 200, answer
    assert answer["article_id"] == "seed"
    assert "â??" not in answer["body"] and "Moscow’s" in answer["body"]
    assert answer["repair_count"] >= 4
    # The count a run writes in its repairs column for the same record.
    assert answer["repair_count"] == build_article(raw).repairs == len(answer["repairs"])
    assert {"lossy-mojibake"} <= {r["step"] for r in answer["repairs"]}
    people = {e["canonical"] for e in answer["entities"] if e["label"] == "PERSON"}
    assert {"Kim Hong-kyun", "Dmitry Peskov", "David Lammy", "Yoon Suk-yeol"} <= people
    countries = {e["country_code"] for e in answer["entities"] if e["country_code"]}
    assert {"KR", "KP", "RU", "UA", "GB"} <= countries
    units = [e for e in answer["entities"] if e["label"] == "MILITARY_UNIT"]
    assert [u["canonical"] for u in units] == ["Storm Corps"]
    assert units[0]["country_code"] == "KP"
    categories = answer["categories"]
    assert len(categories) == 3 and [c["rank"] for c in categories] == [1, 2, 3]
    assert [c["score"] for c in categories] == sorted(
        (c["score"] for c in categories), reverse=True
    )
    assert categories[0]["evidence"], "the suggested category shows why"
    # Unlike the demo model's 76 samples, it gets no trained tag, and says why; its own
    # names and key phrases are offered as tags, each with the spans it comes from.
    assert answer["unfamiliar"] and not [t for t in answer["tags"] if t["suggested"]]
    from_text = {t["label"]: t for t in answer["text_tags"]}
    assert {"Storm Corps", "Ukraine"} <= set(from_text), sorted(from_text)
    assert any(label.startswith("North Korea") for label in from_text)
    assert all(t["evidence"] and t["evidence"][0]["spans"] for t in from_text.values())
    assert_spans_point_into_text(answer)


def test_each_tag_has_its_threshold_and_passes_it_or_says_why_it_is_suggested(server):
    status, answer = server.post("/v1/analyze", FAMILIAR)
    assert status == 200
    tags = answer["tags"]
    assert len(tags) >= 3
    assert tags == sorted(tags, key=lambda t: not t["suggested"])  # suggested ones first
    for tag in tags:
        assert 0 <= tag["score"] <= 1 and 0 <= tag["threshold"] <= 1
        if abs(tag["score"] - tag["threshold"]) > 1e-5:
            assert tag["passed"] == (tag["score"] > tag["threshold"]), tag
        if tag["suggested"]:
            assert tag["reason"] in ("threshold", "headline", "best tag")
            assert (tag["reason"] == "threshold") == tag["passed"], tag
        else:
            assert tag["reason"] is None and not tag["passed"]


def test_the_service_suggests_the_tags_a_run_suggests(server):
    # The service asks the rule through its explanations, not through the run's stage:
    # the same tags, in the same order, as a run's suggestions table for the article.
    status, answer = server.post("/v1/analyze", FAMILIAR)
    assert status == 200
    ran = analyze(FAMILIAR["title"], FAMILIAR["body"], entities=False)
    assert ran.tags
    assert [t["label"] for t in answer["tags"] if t["suggested"]] == [t for t, _ in ran.tags]


def test_evidence_is_the_articles_own_words(server):
    status, answer = server.post("/v1/analyze", FAMILIAR)
    assert status == 200
    assert_spans_point_into_text(answer)
    located = 0
    for item in answer["categories"] + answer["tags"]:  # the models' evidence: weighted words
        contributions = [e["contribution"] for e in item["evidence"]]
        assert contributions == sorted(contributions, reverse=True)
        assert all(c > 0 for c in contributions)
        for evidence in item["evidence"]:
            feature = evidence["feature"].removeprefix("title_")
            for span in evidence["spans"]:
                if " " not in feature:  # a one-word feature is exactly the span's word
                    assert words(span["text"]) == [feature]
                    located += 1
            if evidence["feature"].startswith("title_"):
                assert {s["field"] for s in evidence["spans"]} <= {"title"}
    assert located > 0


def test_a_rejected_tag_is_never_suggested_again_for_that_article(server):
    status, first = server.post("/v1/analyze", {**FAMILIAR, "article_id": "draft-reject"})
    assert status == 200
    tag = next(t["label"] for t in first["tags"] if t["suggested"])
    category = first["categories"][0]["label"]
    for kind, label in (("tag", tag), ("category", category)):
        status, stored = server.post(
            "/v1/feedback",
            {"article_id": "draft-reject", "kind": kind, "label": label, "decision": "rejected"},
        )
        assert status == 201 and stored["label"] == label
    for _ in range(2):  # and again: never
        status, again = server.post("/v1/analyze", {**FAMILIAR, "article_id": "draft-reject"})
        assert status == 200
        assert tag not in {t["label"] for t in again["tags"]}
        assert again["excluded"]["tag"] == [tag]
        assert category not in {c["label"] for c in again["categories"]}
        assert len(again["categories"]) == 3
    status, other = server.post("/v1/analyze", {**FAMILIAR, "article_id": "another-draft"})
    assert tag in {t["label"] for t in other["tags"]}  # only that article
    assert other["categories"][0]["label"] == category


def test_accepted_and_added_tags_come_back_marked(server):
    status, first = server.post("/v1/analyze", {**FAMILIAR, "article_id": "draft-accept"})
    tag = first["tags"][0]["label"]
    for label, decision in ((tag, "accepted"), ("Korean peninsula", "added")):
        payload = {
            "article_id": "draft-accept",
            "kind": "tag",
            "label": label,
            "decision": decision,
        }
        assert server.post("/v1/feedback", payload)[0] == 201
    status, again = server.post("/v1/analyze", {**FAMILIAR, "article_id": "draft-accept"})
    assert status == 200
    marked = {t["label"]: t for t in again["tags"] if t["status"] == "accepted"}
    assert set(marked) == {tag, "Korean peninsula"}
    assert marked["Korean peninsula"]["new"] and marked["Korean peninsula"]["score"] is None


def test_allow_new_proposes_entities_that_are_not_tags_yet(server):
    status, answer = server.post("/v1/analyze", {**PESKOV, "allow_new": True})
    assert status == 200
    new = {t["label"]: t for t in answer["tags"] if t["new"]}
    assert "Dmitry Peskov" in new and "Storm Corps" in new
    peskov = new["Dmitry Peskov"]
    assert not peskov["suggested"] and peskov["reason"] == "entity"
    spans = peskov["evidence"][0]["spans"]
    assert [s["text"] for s in spans] == ["Dmitry Peskov", "Peskov"]
    status, plain = server.post("/v1/analyze", PESKOV)
    assert not any(t["new"] for t in plain["tags"])


def test_a_batch_answers_each_article_by_its_id_in_order(server):
    articles = [
        {"article_id": f"b{i}", "title": f"Seoul talks, day {i}", "body": PESKOV["body"]}
        for i in range(5)
    ]
    articles[3] = {"article_id": "b3", "title": "Cup final", "body": "The striker scored twice."}
    status, answer = server.post("/v1/analyze/batch", {"articles": articles})
    assert status == 200
    results = answer["results"]
    assert [r["article_id"] for r in results] == [a["article_id"] for a in articles]
    assert [r["title"] for r in results] == [a["title"] for a in articles]
    assert not any(e["canonical"] == "Dmitry Peskov" for e in results[3]["entities"])
    assert any(e["canonical"] == "Dmitry Peskov" for e in results[4]["entities"])
    too_many = [{"article_id": f"x{i}", "title": "t"} for i in range(33)]
    assert server.post("/v1/analyze/batch", {"articles": too_many})[0] == 422
    twice = [{"article_id": "x", "title": "t"}, {"article_id": "x", "title": "u"}]
    status, error = server.post("/v1/analyze/batch", {"articles": twice})
    assert status == 422 and "appears twice" in error["error"]
    assert server.post("/v1/analyze/batch", {"articles": [{"title": "no id"}]})[0] == 422


# -- bad input: a clear 4xx, never a 5xx ----------------------------------------------------

BAD_REQUESTS = [
    ("invalid JSON", "/v1/analyze", b'{"title": "Seoul",', {}, 400, "not valid JSON"),
    ("not UTF-8", "/v1/analyze", b'{"title": "Caf\xe9 Seoul"}', {}, 400, "not UTF-8"),
    ("wrong type", "/v1/analyze", b'{"title": 42}', {}, 422, "body.title"),
    ("wrong type bool", "/v1/analyze", b'{"title": "x", "allow_new": "yes"}', {}, 422, "allow_new"),
    ("unknown field", "/v1/analyze", b'{"tittle": "Seoul"}', {}, 422, "tittle"),
    ("empty article", "/v1/analyze", b'{"title": " ", "body": "\\n"}', {}, 422, "empty"),
    ("no body", "/v1/analyze", b"", {}, 422, "body"),
    ("a list", "/v1/analyze", b"[1, 2]", {}, 422, "dictionary"),
    ("not JSON", "/v1/analyze", b"title=Seoul", {"Content-Type": "text/plain"}, 415, "JSON"),
    ("deep JSON", "/v1/analyze", b"[" * 100_000, {}, 400, ""),
    ("zero-width only", "/v1/analyze", '{"title": "\u200b\u2060"}'.encode(), {}, 422, "empty"),
    (
        "missing label",
        "/v1/feedback",
        b'{"article_id": "a", "kind": "tag", "decision": "accepted"}',
        {},
        422,
        "label",
    ),
    (
        "bad decision",
        "/v1/feedback",
        b'{"article_id": "a", "kind": "tag", "label": "x", "decision": "maybe"}',
        {},
        422,
        "decision",
    ),
    (
        "edit without to",
        "/v1/feedback",
        b'{"article_id": "a", "kind": "tag", "label": "x", "decision": "edited"}',
        {},
        422,
        "to",
    ),
    ("batch not a list", "/v1/analyze/batch", b'{"articles": {"title": "x"}}', {}, 422, "articles"),
]


@pytest.mark.parametrize(
    ("path", "body", "headers", "expected", "says"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_bad_input_gets_a_clear_4xx(server, path, body, headers, expected, says):
    status, answer = server.request("POST", path, body, headers)
    assert status == expected, answer
    assert says in answer["error"]


def test_an_oversized_body_is_refused_before_it_is_read(server):
    # Content-Length announces 50 MB; none of it is sent. The answer must come at once.
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 50000000\r\n\r\n"
        )
        reply = sock.recv(4096)  # an answer at all means the body was not waited for
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    # Without a length (chunked), the bytes are counted as they come and refused past the limit.
    # The request is never finished: chunks go until the answer is there (up to 1.1 MiB),
    # as a client that reads its replies does; sending on after the server has answered
    # and closed would only meet a reset connection.
    frame = f"{64 << 10:x}\r\n".encode() + b"a" * (64 << 10) + b"\r\n"
    with socket.create_connection((server.host, server.port), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Transfer-Encoding: chunked\r\n\r\nb\r\n{"title": "\r\n'
        )
        sent = 0
        while sent < 18 and not select.select([sock], [], [], 0.5)[0]:
            sock.sendall(frame)
            sent += 1
        reply = _read_reply(sock)
    assert sent > 15, sent  # 1 MiB at least went before the answer
    assert reply.startswith(b"HTTP/1.1 413") and b"larger than" in reply, reply[:200]
    assert server.request("GET", "/healthz")[0] == 200


def _read_reply(sock: socket.socket) -> bytes:
    """The bytes the server sends until it closes the connection."""
    reply = b""
    while chunk := sock.recv(65536):
        reply += chunk
    return reply


def test_feedback_is_stored_before_the_answer(server):
    before = len(server.feedback_rows())
    decisions = [
        {"article_id": "fb-1", "kind": "tag", "label": "ceasefire", "decision": "accepted"},
        {"article_id": "fb-1", "kind": "tag", "label": "sanctions", "decision": "rejected"},
        {"article_id": "fb-2", "kind": "category", "label": "World News", "decision": "accepted"},
        {
            "article_id": "fb-2",
            "kind": "tag",
            "label": "war",
            "decision": "edited",
            "to": "Russia-Ukraine war",
        },
        {"article_id": "fb-2", "kind": "tag", "label": "Storm Corps", "decision": "added"},
    ]
    last_id = 0
    for decision in decisions:
        status, stored = server.post("/v1/feedback", decision)
        assert status == 201 and stored["id"] > last_id
        last_id = stored["id"]
        # Read by another connection right after the answer: the row is committed.
        row = server.feedback_rows()[-1]
        assert row == (
            decision["article_id"],
            decision["kind"],
            decision["label"],
            decision["decision"],
            decision.get("to"),
        )
        assert stored["label"] == decision["label"] and stored["to"] == decision.get("to")
    assert len(server.feedback_rows()) == before + len(decisions)


def test_a_dead_worker_is_replaced_and_the_request_still_answered(server):
    status, health = server.request("GET", "/healthz")
    pids = health["worker_pids"]
    assert len(pids) == 2 and server.process.pid not in pids
    os.kill(pids[0], signal.SIGKILL)
    status, answer = server.post("/v1/analyze", PESKOV)
    assert status == 200 and answer["entities"]
    for _ in range(600):  # the pool replaces the dead worker as it notices; bounded, no clock
        status, health = server.request("GET", "/healthz")
        if not set(health["worker_pids"]) & set(pids):
            break
        time.sleep(0.1)
    assert len(health["worker_pids"]) == 2 and not set(health["worker_pids"]) & set(pids)


def test_health_model_card_and_offline_docs(server):
    status, health = server.request("GET", "/healthz")
    assert status == 200 and health["status"] == "ok" and health["workers"] == 2
    status, model = server.request("GET", "/v1/model")
    assert status == 200
    assert {"artifact", "labels", "training_data"} <= set(model["card"])
    names = [stage["name"] for stage in model["stages"]]
    assert names[:3] == ["repair", "entities", "suggestions"] and "text_tags" in names
    status, page = server.request("GET", "/docs")
    assert status == 200
    assets = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert server.request("GET", asset)[0] == 200
    status, spec = server.request("GET", "/openapi.json")
    assert {"/v1/analyze", "/v1/analyze/batch", "/v1/feedback", "/healthz", "/v1/model"} <= set(
        spec["paths"]
    )
    status, editor = server.request("GET", "/")
    assert status == 200 and 'id="analyze"' in editor
    assert not re.search(r"""(?:src|href)=['"]https?://""", editor)


def test_the_token_guards_feedback_and_cors_allows_only_listed_origins(tmp_path):
    allowed = "http://newsroom.example"
    env = {"PIPELINE_SERVICE_TOKEN": "s3cret"}
    with running_service(tmp_path, "--workers", "0", "--cors-origin", allowed, env=env) as server:
        decision = {"article_id": "t1", "kind": "tag", "label": "x", "decision": "accepted"}
        assert server.post("/v1/feedback", decision)[0] == 401
        assert server.post("/v1/feedback", decision, Authorization="Bearer wrong")[0] == 401
        assert server.post("/v1/feedback", decision, Authorization="Bearer s3cret")[0] == 201
        assert server.feedback_rows() == [("t1", "tag", "x", "accepted", None)]
        for origin, expected in ((allowed, allowed), ("http://elsewhere.example", None)):
            connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
            connection.request(
                "OPTIONS",
                "/v1/analyze",
                headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
            )
            response = connection.getresponse()
            response.read()
            assert response.getheader("access-control-allow-origin") == expected
            connection.close()
        status, answer = server.post("/v1/analyze", PESKOV)  # analysing needs no token
        assert status == 200 and answer["entities"]


def test_the_server_binds_loopback_unless_told(server):
    listening = Path("/proc/net/tcp")
    if not listening.exists():
        pytest.skip("needs Linux's /proc/net/tcp")
    local = []
    for line in listening.read_text().splitlines()[1:]:
        fields = line.split()
        address, port = fields[1].split(":")
        if int(port, 16) == server.port and fields[3] == "0A":  # LISTEN
            local.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    assert local == ["127.0.0.1"]


# -- evidence, in process ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_model():
    from pipeline.classify.model import SuggestionModel, TrainingOptions
    from tests.support import SAMPLE

    articles = [a for a in read_articles([SAMPLE]) if isinstance(a, Article)]
    return SuggestionModel.fit(articles, TrainingOptions(n_jobs=1)), articles


def test_tag_weights_reproduce_the_models_decisions(small_model):
    from pipeline.classify.explain import ArticleFeatures, tag_weights
    from pipeline.classify.tags import linear_decisions

    model, articles = small_model
    tagger = model.tags
    for article in articles[:5]:
        features = ArticleFeatures(tagger.features_, article.title, article.body)
        # The stacked product against scikit-learn's own one-vs-rest, tag by tag.
        decisions = tagger.svm_.decision_function(features.row)[0]
        assert linear_decisions(tagger.svm_, features.row)[0] == pytest.approx(decisions, abs=1e-9)
        assert tagger.decision_function([(article.title, article.body)])[0] == pytest.approx(
            decisions, abs=1e-9
        )
        for j in range(len(tagger.labels_)):
            weights = tag_weights(tagger.svm_, j)
            intercept = float(np.ravel(tagger.svm_.estimators_[j].intercept_)[0])
            linear = features.row @ weights + intercept
            assert linear[0] == pytest.approx(decisions[j], abs=1e-9)


def test_category_weights_reproduce_the_models_differences(small_model):
    # The stack's logits are linear in the features up to per-article and per-class
    # constants: the difference of two classes between two articles is the weights'.
    from pipeline.classify.explain import ArticleFeatures, class_weights

    model, articles = small_model
    classifier = model.category
    weights = class_weights(classifier)
    classes = [str(c) for c in classifier.classes_]
    assert set(weights) == set(classes)
    a, b = articles[0], articles[1]
    logits = classifier.decision_function([(a.title, a.body), (b.title, b.body)])
    rows = [ArticleFeatures(classifier.features_, x.title, x.body).row for x in (a, b)]
    for i, first in enumerate(classes):
        for k, second in enumerate(classes):
            direction = weights[first] - weights[second]
            expected = (logits[0, i] - logits[0, k]) - (logits[1, i] - logits[1, k])
            assert (rows[0] @ direction - rows[1] @ direction)[0] == pytest.approx(
                expected, abs=1e-6
            )


def test_evidence_leaves_out_rejected_labels_and_finds_headline_words(small_model):
    from pipeline.classify.explain import explain_categories, explain_tags

    model, _ = small_model
    title, body = (
        "Central bank holds rates",
        "The central bank kept rates on hold as inflation eased.",
    )
    tags = explain_tags(model.tags, title, body, candidates=5)
    best = tags[0].label
    again = explain_tags(model.tags, title, body, candidates=5, exclude=[best.upper()])
    assert best not in [t.label for t in again]
    headline = [e for t in tags for e in t.evidence if e.feature.startswith("title_")]
    assert headline  # "central bank" and "rates" are in the headline
    for evidence in headline:
        assert evidence.spans and all(s.field == "title" for s in evidence.spans)
    categories = explain_categories(model.category, title, body, top=3)
    without = explain_categories(model.category, title, body, top=3, exclude=[categories[0].label])
    assert [c.label for c in without] == [c.label for c in categories[1:]] + [without[-1].label]
    assert [c.rank for c in without] == [1, 2, 3]


def test_a_service_that_cannot_start_is_reported_with_its_log(tmp_path):
    no_model = ("--model", str(tmp_path / "no-model"))
    with pytest.raises(ServiceFailed, match="not a model folder"), serving(tmp_path, *no_model):
        pass


def test_routes_get_the_store_and_the_token_check_as_dependencies(tmp_path):
    # In process, without start-up: no stages load, the store is given by an override.
    from fastapi.testclient import TestClient

    from pipeline.service.app import create_app
    from pipeline.service.config import ServiceConfig
    from pipeline.service.deps import get_store
    from pipeline.service.store import FeedbackStore

    app = create_app(ServiceConfig(workers=0, token="secret"))
    client = TestClient(app)  # not entered: the lifespan (stages, workers) does not run
    decision = {"article_id": "d1", "kind": "tag", "label": "oil", "decision": "rejected"}
    bearer = {"Authorization": "Bearer secret"}
    assert client.post("/v1/feedback", json=decision).status_code == 401
    starting = client.post("/v1/feedback", json=decision, headers=bearer)
    assert starting.status_code == 503 and starting.json()["error"] == "the service is starting"
    store = FeedbackStore(tmp_path)
    app.dependency_overrides[get_store] = lambda: store
    stored = client.post("/v1/feedback", json=decision, headers=bearer)
    assert stored.status_code == 201 and stored.json()["label"] == "oil"
    assert store.standing("d1").is_rejected("tag", "oil")
    assert client.get("/v1/model").json()["token_required"] is True


def test_an_editor_limits_the_suggested_tags_as_a_run_does():
    from pipeline import read_articles
    from pipeline.core.model import Article
    from pipeline.service.analysis import AnalysisSettings, Item, analyze_items

    article = next(a for a in read_articles([ROOT / "data" / "sample"]) if isinstance(a, Article))
    settings = AnalysisSettings()

    def suggested(**limits) -> list[tuple[str, float]]:
        [answer] = analyze_items([Item(article.title, article.body, **limits)], settings)
        return [(t["label"], t["score"]) for t in answer["tags"] if t["suggested"]]

    everything = suggested()
    assert len(everything) >= 3  # a sample article: the demo model knows it
    best_two = sorted(everything, key=lambda pair: -pair[1])[:2]
    assert sorted(suggested(limit=2)) == sorted(best_two)
    floor = sorted(score for _, score in everything)[1]  # all but the lowest
    assert suggested(min_score=floor) == [pair for pair in everything if pair[1] >= floor]


# -- long drafts, kept drafts, tags ---------------------------------------------------------------


def analyze_on(connection: http.client.HTTPConnection, payload: dict) -> tuple[int, dict]:
    connection.request(
        "POST", "/v1/analyze", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def long_text(size: int) -> str:
    """``size`` characters, ASCII and few newlines (JSON escapes them to two bytes), so a
    1,040,000-character body stays under the 1 MiB limit."""
    paragraph = "Kremlin spokesman Dmitry Peskov said talks with Seoul would go on. " * 30 + "\n\n"
    return (paragraph * (size // len(paragraph) + 1))[:size]


def test_a_body_spacy_refuses_is_answered_and_the_connection_survives(server):
    # 1,040,000 characters: under the 1 MiB limit, over spaCy's max_length.
    connection = http.client.HTTPConnection(server.host, server.port, timeout=600)
    status, answer = analyze_on(connection, {"title": "Long", "body": long_text(1_040_000)})
    assert 200 <= status < 500, answer
    if status != 200:
        assert "could not be analysed" in answer["error"], answer
    status, answer = analyze_on(connection, PESKOV)  # the same kept-alive connection
    assert status == 200 and answer["title"] == PESKOV["title"]
    connection.close()


def test_a_long_draft_does_not_hold_up_a_short_one(tmp_path):
    # One short worker: without a lane of their own, the short draft would wait behind it.
    with running_service(tmp_path / "service", "--workers", "1", "--long-chars", "20000") as srv:
        health = srv.request("GET", "/healthz")[1]
        assert len(health["worker_pids"]) == 1 and len(health["long_worker_pids"]) == 1
        long_answer: list[int] = []

        def send_long() -> None:
            connection = http.client.HTTPConnection(srv.host, srv.port, timeout=600)
            long_answer.append(
                analyze_on(connection, {"title": "L", "body": long_text(300_000)})[0]
            )

        sender = threading.Thread(target=send_long)
        sender.start()
        time.sleep(1)  # the long draft is being analysed
        status, _ = srv.post("/v1/analyze", PESKOV)
        assert status == 200 and sender.is_alive(), "the short draft waited for the long one"
        sender.join()
        assert long_answer == [200]


def test_analysed_drafts_are_kept_and_the_page_gets_the_tags_to_offer(server):
    status, _ = server.post("/v1/analyze", {**PESKOV, "article_id": "kept-1"})
    assert status == 200
    with sqlite3.connect(server.data_dir / "feedback.sqlite3") as connection:
        [(title, body)] = connection.execute(
            "SELECT title, body FROM drafts WHERE article_id = 'kept-1'"
        ).fetchall()
    assert (title, body) == (PESKOV["title"], PESKOV["body"])
    status, _ = server.post(
        "/v1/feedback",
        {"article_id": "kept-1", "kind": "tag", "label": "Korean peninsula", "decision": "added"},
    )
    assert status == 201
    status, tags = server.request("GET", "/v1/tags")
    assert status == 200 and "Korean peninsula" in tags["site"]
    card = server.request("GET", "/v1/model")[1]
    assert set(tags["model"]) == set(card["card"]["labels"]["tags"])
    assert card["feedback"]["pending"] >= 1 and card["feedback"]["retraining"] is False
