"""Category and tag suggestion: training, scores, persistence, evaluation, the default model."""

from __future__ import annotations

import gc
import json
import pickle
import shutil
import weakref

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC
from sklearn.utils import estimator_checks
from typer.testing import CliRunner

from newsdump_dev.evaluation.categories import reuters_single_topic
from pipeline.classify import (
    CategoryClassifier,
    ModelError,
    SuggestionModel,
    TagSuggester,
    TrainingOptions,
    train,
)
from pipeline.classify.explain import explain_tags
from pipeline.classify.model import CODE_ROOT, code_sha256, source_sha256, training_data_sha256
from pipeline.classify.stage import BUNDLED_MODEL
from pipeline.classify.tags import UNREACHABLE, _Ranked
from pipeline.cli import app
from pipeline.core.cache import per_object
from pipeline.core.model import Article
from pipeline.ingest import read_articles
from tests.support import SAMPLE, corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_articles() -> list[Article]:
    return [a for a in read_articles([SAMPLE]) if isinstance(a, Article)]


@pytest.fixture(scope="module")
def trained(tmp_path_factory, sample_articles):
    folder = tmp_path_factory.mktemp("model")
    model, card = train(sample_articles, TrainingOptions(), sources=[str(SAMPLE)])
    model.save(folder, card)
    return folder


def test_categories_generalise_to_held_out_articles(sample_articles):
    train_part = sample_articles[::2]
    test_part = sample_articles[1::2]
    model = SuggestionModel.fit(train_part)
    report = model.evaluate(test_part)
    assert report["category"]["accuracy"] >= 0.8
    assert report["category"]["articles"] == len(test_part)


def test_suggestions_have_ranked_scores(sample_articles):
    model = SuggestionModel.fit(sample_articles)
    for suggestion in model.suggest(sample_articles[:10]):
        categories = suggestion["category"]
        assert len(categories) == 3
        scores = [score for _, score in categories]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        assert abs(sum(scores) - 1) < 0.5  # the top three carry most of the probability
        tag_scores = [score for _, score in suggestion["tag"]]
        assert tag_scores == sorted(tag_scores, reverse=True) and all(0 < s < 1 for s in tag_scores)
        assert 1 <= len(suggestion["tag"]) <= 10


def test_an_article_without_category_still_teaches_tags():
    articles = [
        Article(f"a{i}", "t", "", f"Title {i}", body, tags=tags)
        for i, (body, tags) in enumerate(
            [
                ("Zinc prices rose on the metals exchange.", ["metals"]),
                ("Copper and zinc output fell at the mine.", ["metals"]),
                ("The striker scored twice in the final.", ["football"]),
                ("The goalkeeper saved a penalty in the cup.", ["football"]),
            ]
            * 3
        )
    ]
    model = SuggestionModel.fit(articles)
    assert model.category is None
    suggested = model.suggest([("", "Zinc and copper prices climbed at the exchange.")])[0]["tag"]
    assert suggested[0][0] == "metals"


def test_rare_tag_in_the_headline_is_suggested():
    documents = (
        [("Grain harvest", "Wheat and corn harvest was large.")] * 6
        + [("Oil prices", "Crude oil prices rose.")] * 6
        + [("Pyongyang soldiers in Russia", "Troops arrived.")]
    )
    tags = [["grain"]] * 6 + [["oil"]] * 6 + [["oil", "Pyongyang soldiers in Russia"]]
    model = TagSuggester(cv=3).fit(documents, tags)
    suggested = [
        t for t, _ in model.suggest([("More Pyongyang soldiers in Russia", "Oil prices rose.")])[0]
    ]
    assert "Pyongyang soldiers in Russia" in suggested
    plain = [t for t, _ in model.suggest([("Oil market", "Crude oil prices rose again.")])[0]]
    assert "Pyongyang soldiers in Russia" not in plain


def test_scores_increase_with_the_decision():
    documents = [
        (f"t{i}", text) for i, text in enumerate(["oil crude barrel", "wheat grain corn"] * 10)
    ]
    model = TagSuggester(cv=2).fit(documents, [["oil"], ["grain"]] * 10)
    decisions = np.linspace(-3, 3, 13)[:, None].repeat(2, axis=1)
    scores = model.scores(decisions)[:, 0]
    assert np.all(np.diff(scores) > 0) and scores[0] < 0.5 < scores[-1]


def test_tuned_thresholds_maximise_each_tags_f1():
    rng = np.random.default_rng(0)
    y = (rng.random((400, 6)) < 0.2).astype(int)
    decisions = rng.normal(size=y.shape) + 1.5 * y  # positives tend to score higher
    y[:, 5] = 0
    y[0, 5] = 1  # one positive only: too rare to tune, keeps the SVM's own 0
    tagger = TagSuggester(target_precision=0)  # F1 alone
    thresholds = tagger._thresholds_from_ranks(-0.7, _Ranked(decisions, y))
    candidates = np.linspace(-0.7, tagger.threshold_ceiling, 61)
    for j in range(5):
        f1 = [
            2
            * ((decisions[:, j] > c) & (y[:, j] == 1)).sum()
            / ((decisions[:, j] > c).sum() + y[:, j].sum())
            for c in candidates
        ]
        assert thresholds[j] == pytest.approx(candidates[int(np.argmax(f1))])
    assert thresholds[5] == 0.0


def test_thresholds_are_raised_until_a_tag_is_precise_enough_or_it_is_off():
    rng = np.random.default_rng(1)
    y = (rng.random((600, 3)) < 0.2).astype(int)
    decisions = rng.normal(size=y.shape) + np.array([3.0, 1.6, 0.0]) * y
    f1_only = TagSuggester(target_precision=0)._thresholds_from_ranks(-0.7, _Ranked(decisions, y))
    tagger = TagSuggester(target_precision=0.7)
    thresholds = tagger._thresholds_from_ranks(-0.7, _Ranked(decisions, y))
    for j in range(2):
        chosen = decisions[:, j] > thresholds[j]
        tp = (chosen & (y[:, j] == 1)).sum()
        assert tp / chosen.sum() >= 0.7  # precise enough out of fold
        assert thresholds[j] >= f1_only[j]  # never below the F1-best threshold
    assert thresholds[1] > f1_only[1]  # a middling tag was raised
    assert thresholds[2] == UNREACHABLE  # noise: never precise enough, never suggested
    tagger.thresholds_ = thresholds
    precision, confidence = tagger._measure(decisions, y)
    assert list(confidence) == ["high", "high", "off"] and np.all(precision[:2] >= 0.7)
    few = y.copy()
    few[20:, 0] = 0  # a handful of examples: not measured, "maybe"
    _, confidence = tagger._measure(decisions, few)
    assert confidence[0] == "maybe"


def test_a_precision_short_of_the_target_by_chance_is_kept_as_maybe_not_raised():
    # Two tags right 60% of the time above any threshold: one on 15 predictions (within
    # chance of the 0.7 target), one on 150 (clearly under it). Three positives each are
    # out of reach, below every threshold.
    decisions, y = np.full((400, 2), -1.0), np.zeros((400, 2), dtype=int)
    for j, (hits, misses) in enumerate([(9, 6), (90, 60)]):
        decisions[: hits + misses, j] = 1.0
        y[:hits, j] = 1
        y[hits + misses : hits + misses + 3, j] = 1
    tagger = TagSuggester(target_precision=0.7)
    tagger.thresholds_ = tagger._thresholds_from_ranks(-0.7, _Ranked(decisions, y))
    assert tagger.thresholds_[0] == pytest.approx(-0.7)  # kept at its F1-best threshold
    assert tagger.thresholds_[1] == UNREACHABLE  # never precise enough: off
    precision, confidence = tagger._measure(decisions, y)
    assert list(confidence) == ["maybe", "off"]
    assert precision[0] == pytest.approx(0.6)  # measured and stated, not hidden
    strict = TagSuggester(target_precision=0.7, precision_z=0)  # any shortfall acts
    assert strict._thresholds_from_ranks(-0.7, _Ranked(decisions, y))[0] == UNREACHABLE


def test_each_reason_names_the_rule_that_chose_the_tag():
    tagger = TagSuggester(headline_floor=-0.8, min_tags=1)
    thresholds = np.array([0.0, -0.2, 0.3])
    decisions = np.array(
        [
            [0.2, -0.5, -0.9],  # tag 0 passes; tag 1 is in the headline above the floor
            [-0.6, -0.7, -0.95],  # nothing passes: the best margin (tag 1, -0.5) is chosen
            [-0.3, -0.9, -0.1],  # tag 1 is in the headline but below the floor: best is tag 0
        ]
    )
    in_headline = np.array([[False, True, False], [False, False, False], [False, True, False]])
    reasons = tagger._reasons(decisions, thresholds, in_headline)  # None (falsy): not chosen
    assert reasons.tolist() == [
        ["threshold", "headline", None],
        [None, "best tag", None],
        ["best tag", None, None],
    ]

    two_each = TagSuggester(headline_floor=-0.8, min_tags=2)
    reasons = two_each._reasons(decisions, thresholds, in_headline)
    assert reasons.tolist() == [
        ["threshold", "headline", None],  # already two: no best tag added
        ["best tag", "best tag", None],
        ["best tag", None, "best tag"],
    ]


def test_best_tag_fallback_only_for_tags_precise_as_an_article_best():
    """An article no tag passes gets its best tag only where that tag, as such an
    article's best, was right often enough out of fold, and only from its margin on."""
    rule = TagSuggester(target_precision=0.7, fallback_min_cases=3)
    rule.thresholds_ = np.zeros(2)
    # Out of fold, nothing passes anywhere. Tag 0 is the best tag of six articles, right
    # in the four with the highest margins; tag 1 is the best of four, right in one.
    tag_0_best = [[-0.1, -0.9], [-0.2, -0.9], [-0.3, -0.9], [-0.35, -0.9], [-0.6, -0.9]]
    tag_1_best = [[-0.9, -0.1], [-0.9, -0.2], [-0.9, -0.3], [-0.9, -0.4]]
    decisions = np.array([*tag_0_best, [-0.7, -0.9], *tag_1_best])
    y = np.array([[1, 0]] * 4 + [[0, 1]] * 2 + [[0, 1]] + [[1, 0]] * 3)
    no_headline = np.zeros_like(y, dtype=bool)
    rule.fallback_margins_ = rule._fallback_margins(decisions, y, no_headline)
    # tag 0: 4 of 4 down to -0.35, (4+1)/(4+2) = 0.83; with -0.6 (4+1)/(5+2) = 0.71;
    # with -0.7 (4+1)/(6+2) = 0.63: its margin is -0.6. Tag 1 never reaches 0.7.
    assert rule.fallback_margins_.tolist() == [-0.6, np.inf]

    new = np.array([[-0.5, -0.8], [-0.65, -0.9], [-0.9, -0.05], [0.3, -0.2]])
    reasons = rule._reasons(new, rule.thresholds_, np.zeros_like(new, dtype=bool))
    assert reasons.tolist() == [
        ["best tag", None],  # tag 0 best, margin -0.5 reaches -0.6
        [None, None],  # tag 0 best, but -0.65 is below its margin
        [None, None],  # tag 1 best: never precise enough as a fallback
        ["threshold", None],  # a tag passes: no fallback
    ]


def oil_and_grain_tagger(**options) -> TagSuggester:
    documents = [("", "crude oil barrel"), ("", "wheat grain corn")] * 4
    return TagSuggester(cv=2, n_jobs=1, **options).fit(documents, [["oil"], ["grain"]] * 4)


def test_tag_explanations_reuse_the_decisions_they_computed():
    tagger = oil_and_grain_tagger()
    article = ("Oil climbs", "Crude oil rose.")
    expected = explain_tags(
        tagger, *article, suggested=[t for t, _ in tagger.suggest([article])[0]]
    )

    def no_second_pass(documents):
        raise AssertionError("explain_tags transformed the article again")

    tagger.decision_function = no_second_pass  # an instance attribute: this tagger only
    assert explain_tags(tagger, *article) == expected


def test_a_tag_suggested_by_the_caller_always_has_a_reason():
    # Thresholds no lower than the SVM's own 0, which "grain" does not reach on an oil story.
    tagger = oil_and_grain_tagger(threshold_floors=(0.0,))
    article = [("Oil climbs", "Crude oil rose.")]
    assert tagger.reasons_for(tagger.decision_function(article), article) == [{"oil": "threshold"}]
    # A run (an older model, say) suggested "grain" as well: the rule would not choose it.
    found = {
        t.label: t
        for t in explain_tags(tagger, "Oil climbs", "Crude oil rose.", suggested=["oil", "grain"])
    }
    assert found["oil"].reason == "threshold" and found["oil"].passed
    assert found["grain"].suggested and not found["grain"].passed
    assert found["grain"].reason == "given"  # not the rule's: said so, not made up


def test_card_and_tamper_checks(trained):
    card = json.loads((trained / "model.json").read_text())
    assert card["labels"]["category"]["World News"] >= 8
    assert card["training_data"]["articles"] >= 60 and len(card["training_data"]["sha256"]) == 64
    assert {"scikit-learn", "numpy", "python"} <= set(card["versions"])
    assert card["metrics"]["tags_out_of_fold_tuned"]["micro_f1"] > 0
    assert SuggestionModel.load(trained).category is not None


def test_tampered_artifact_is_refused(trained, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(trained, copy)
    with open(copy / "model.joblib", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="sha256"):
        SuggestionModel.load(copy)


def test_incompatible_versions_are_refused(trained, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(trained, copy)
    card = json.loads((copy / "model.json").read_text())
    card["versions"]["scikit-learn"] = "0.24.2"
    (copy / "model.json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match=r"scikit-learn 0\.24\.2"):
        SuggestionModel.load(copy)


def test_cli_train_cv_evaluate_and_run(tmp_path):
    model_dir, report_dir, out = tmp_path / "m", tmp_path / "r", tmp_path / "o"
    result = runner.invoke(app, ["train", str(SAMPLE), "--out", str(model_dir), "--cv", "3"])
    assert result.exit_code == 0, result.output
    cv = json.loads((model_dir / "model.json").read_text())["metrics"]["cross_validation"]
    assert cv["folds"] == 3 and cv["category"]["accuracy"] >= 0.8
    result = runner.invoke(
        app, ["evaluate", str(SAMPLE), "--model", str(model_dir), "--out", str(report_dir)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((report_dir / "report.json").read_text())
    assert {"accuracy", "macro_f1"} <= set(report["category"])
    assert {"micro_f1", "macro_f1", "precision@1", "recall@5", "ndcg@5"} <= set(report["tags"])
    assert (report_dir / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = runner.invoke(
        app,
        [
            "run",
            str(SAMPLE / "feed.jsonl"),
            "--out",
            str(out),
            "-q",
            "--model",
            str(model_dir),
            "--no-entities",
        ],
    )
    assert result.exit_code == 0, result.output
    suggestions = pd.read_parquet(out / "suggestions")
    articles = pd.read_parquet(out / "articles")
    assert list(suggestions.columns)[:6] == [
        "article_id",
        "kind",
        "label",
        "score",
        "rank",
        "source",
    ]
    assert {"confidence", "reason", "known", "evidence"} <= set(suggestions.columns)  # added
    # The model's labels, and tags from the text itself (the text_tags stage): never mixed.
    assert set(suggestions.source) <= {"model", "entity", "phrase"}
    assert (suggestions.kind[suggestions.source != "model"] == "tag").all()
    categories = suggestions[suggestions.kind == "category"]
    assert (
        categories.groupby("article_id")["rank"].apply(list)
        == pd.Series([[1, 2, 3]] * len(articles), index=sorted(articles.article_id))
    ).all()
    top = categories[categories["rank"] == 1].set_index("article_id")["label"]
    assert (top.loc[articles.article_id].values == articles.category.values).mean() >= 0.75
    assert suggestions.score.between(0, 1).all()


def test_run_refuses_a_tampered_model(trained, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(trained, copy)
    (copy / "model.joblib").write_bytes(b"not a model")
    result = runner.invoke(
        app,
        [
            "run",
            str(SAMPLE / "feed.jsonl"),
            "--out",
            str(tmp_path / "o"),
            "-q",
            "--model",
            str(copy),
            "--no-entities",
        ],
    )
    assert result.exit_code == 2
    assert "sha256" in result.output


def test_bundled_default_model_is_current(sample_articles):
    card = json.loads((BUNDLED_MODEL / "model.json").read_text())
    labelled = [a for a in sample_articles if a.category or a.tags]
    assert card["training_data"]["sha256"] == training_data_sha256(labelled), (
        "models/default is stale for data/sample: run `make model`"
    )
    assert card["code_sha256"] == code_sha256(), (
        "models/default is stale for the code: run `make model`"
    )
    SuggestionModel.load(BUNDLED_MODEL)  # and loadable with the installed libraries


# -- scikit-learn conventions ---------------------------------------------------------------------
SPORT_AND_POLITICS = [
    ("Cup final", "the striker scored a goal"),
    ("Vote today", "the party won the election"),
] * 8 + [("Derby", "a late goal won the match"), ("Cabinet", "the minister resigned")] * 4
SPORT_AND_POLITICS_LABELS = ["sport", "politics"] * 12
TAG_DOCUMENTS = [("Oil", "crude oil barrel prices"), ("Grain", "wheat grain corn harvest")] * 6
TAG_LISTS = [["oil"], ["grain"]] * 6

# The checks that apply to estimators fitted on (title, body) pairs: those about parameters,
# cloning, and unfitted use. The others fit numeric arrays, which our features cannot read.
APPLICABLE_CHECKS = (
    "check_no_attributes_set_in_init",
    "check_parameters_default_constructible",
    "check_get_params_invariance",
    "check_set_params",
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_estimators_unfitted",
    "check_mixin_order",
)


@pytest.mark.parametrize("check", APPLICABLE_CHECKS)
@pytest.mark.parametrize("estimator", [CategoryClassifier(), TagSuggester()], ids=repr)
def test_estimators_pass_the_applicable_scikit_learn_checks(estimator, check):
    getattr(estimator_checks, check)(type(estimator).__name__, estimator)


def test_unfitted_models_say_so():
    documents = [("Title", "body text")]
    for call in (
        lambda: CategoryClassifier().top(documents),
        lambda: CategoryClassifier().predict(documents),
        lambda: TagSuggester().suggest(documents),
        lambda: TagSuggester().rank(documents),
        lambda: TagSuggester().scores(np.zeros((1, 2))),
    ):
        with pytest.raises(NotFittedError, match="not fitted yet"):
            call()


def test_random_state_reaches_every_svm():
    category = CategoryClassifier(cv=2, random_state=7).fit(
        SPORT_AND_POLITICS, SPORT_AND_POLITICS_LABELS
    )
    assert category.members_[0].random_state == 7
    tagger = TagSuggester(cv=2, n_jobs=1, random_state=7).fit(TAG_DOCUMENTS, TAG_LISTS)
    assert {svm.random_state for svm in tagger.svm_.estimators_} == {7}


def test_suggesting_learns_nothing_and_fit_sets_every_learned_attribute():
    category = CategoryClassifier(cv=2).fit(SPORT_AND_POLITICS, SPORT_AND_POLITICS_LABELS)
    tagger = TagSuggester(cv=2, n_jobs=1).fit(TAG_DOCUMENTS, TAG_LISTS)
    before = {id(m): set(vars(m)) for m in (category, tagger)}
    category.top([("Goal", "the striker")])
    tagger.suggest([("Oil", "crude")])
    tagger.rank([("Oil", "crude")])
    assert {id(m): set(vars(m)) for m in (category, tagger)} == before
    assert {"threshold_floor_", "calibration_", "out_of_fold_metrics_"} <= set(vars(tagger))


def test_pickled_models_do_not_grow_with_the_training_set():
    """Nothing with a row per training article (such as out-of-fold decisions) is kept."""
    sizes = {}
    for copies in (1, 8):
        tagger = TagSuggester(cv=2, n_jobs=1).fit(TAG_DOCUMENTS * copies, TAG_LISTS * copies)
        category = CategoryClassifier(cv=2).fit(
            SPORT_AND_POLITICS * copies, SPORT_AND_POLITICS_LABELS * copies
        )
        sizes[copies] = (len(pickle.dumps(tagger)), len(pickle.dumps(category)))
    for small, large in zip(sizes[1], sizes[8], strict=True):
        assert large < small * 1.1


def test_category_probabilities_sum_to_one_and_agree_with_predict(sample_articles):
    labelled = [a for a in sample_articles if a.category]
    model = CategoryClassifier().fit(
        [(a.title, a.body) for a in labelled], [a.category for a in labelled]
    )
    documents = [(a.title, a.body) for a in sample_articles[:20]]
    probabilities = model.predict_proba(documents)
    assert np.allclose(probabilities.sum(axis=1), 1) and (probabilities >= 0).all()
    assert list(model.classes_[probabilities.argmax(axis=1)]) == list(model.predict(documents))


def test_a_category_seen_once_is_learned_without_breaking_the_folds():
    documents = [*SPORT_AND_POLITICS, ("Rocket launch", "the orbit of the satellite rocket")]
    labels = [*SPORT_AND_POLITICS_LABELS, "space"]
    model = CategoryClassifier(cv=5).fit(documents, labels)
    assert list(model.classes_) == ["politics", "space", "sport"]
    assert model.predict([("Satellite", "a rocket reached orbit")])[0] == "space"


def test_code_hash_follows_code_not_docstrings_or_comments():
    sources = {name: (CODE_ROOT / name).read_text() for name in ("tags.py", "category.py")}
    documented = {
        name: text.replace('"""', '"""Edited docstring. ', 1).replace(
            "\nimport ", "\n# a new comment\n\nimport ", 1
        )
        for name, text in sources.items()
    }
    assert documented != sources
    assert source_sha256(documented) == source_sha256(sources)
    changed = dict(sources, **{"tags.py": sources["tags.py"].replace("tol=1e-3", "tol=1e-4")})
    assert changed != sources
    assert source_sha256(changed) != source_sha256(sources)


@pytest.mark.corpus
@pytest.mark.slow
def test_categories_beat_the_textbook_baseline_on_reuters_r8():
    parts = corpus(lambda: reuters_single_topic(8))
    (train_docs, train_labels), (test_docs, test_labels) = (
        ([(r["title"], r["body"]) for r in parts[split]], [r["category"] for r in parts[split]])
        for split in ("train", "test")
    )
    ours = CategoryClassifier().fit(train_docs, train_labels).predict(test_docs)
    baseline = make_pipeline(TfidfVectorizer(), LinearSVC()).fit(
        [f"{t}\n{b}" for t, b in train_docs], train_labels
    )
    theirs = baseline.predict([f"{t}\n{b}" for t, b in test_docs])
    accuracy = np.mean(ours == np.array(test_labels))
    assert accuracy >= np.mean(theirs == np.array(test_labels))
    assert accuracy >= 0.975


def test_values_derived_from_a_model_live_as_long_as_it_and_stay_out_of_its_pickle():
    derived = []

    @per_object
    def weights_of(model):
        derived.append(model)
        return np.ones(3) * len(derived)

    first = LinearSVC()
    second = LinearSVC()  # equal parameters, another model
    pickled = pickle.dumps(second)
    assert weights_of(first) is weights_of(first)
    assert weights_of(second) is not weights_of(first) and len(derived) == 2
    assert pickle.dumps(second) == pickled
    gone = weakref.ref(first)
    derived.clear()
    del first
    gc.collect()
    assert gone() is None  # the cache does not keep the model alive


def test_an_article_unlike_the_training_ones_gets_no_tags_and_says_why(trained):
    model = SuggestionModel.load(trained)
    assert model.domain is not None
    [inside] = [a for a in read_articles([SAMPLE / "feed.jsonl"]) if isinstance(a, Article)][:1]
    outside = (
        "Hello world!",
        "Welcome to WordPress. This is your first post. Edit or delete it, then start writing!",
    )
    familiar, unfamiliar = model.analyse([inside, outside])
    assert familiar["unfamiliar"] is None and familiar["tag"]
    assert unfamiliar["tag"] == [] and "unlike the training articles" in unfamiliar["unfamiliar"]
    assert {c["confidence"] for c in unfamiliar["category"]} == {"low"}
    assert all(c["reason"] == unfamiliar["unfamiliar"] for c in unfamiliar["category"])
    rows = model.suggestion_rows([inside, Article("x", "t", "", *outside)])
    assert not [r for r in rows if r["article_id"] == "x" and r["kind"] == "tag"]
    assert {r["confidence"] for r in rows if r["kind"] == "tag"} <= {"high", "maybe"}


def test_limit_and_min_score_cut_the_ranked_tags(trained):
    model = SuggestionModel.load(trained)
    articles = [a for a in read_articles([SAMPLE / "feed.jsonl"]) if isinstance(a, Article)]
    full = model.analyse(articles)
    assert max(len(found["tag"]) for found in full) > 1
    for found, one in zip(full, model.analyse(articles, limit=1), strict=True):
        assert [t["label"] for t in one["tag"]] == [t["label"] for t in found["tag"]][:1]
        assert len(one["category"]) == 1
    scores = sorted(t["score"] for found in full for t in found["tag"])
    cut = scores[len(scores) // 2]
    for found, high in zip(full, model.analyse(articles, min_score=cut), strict=True):
        assert [t["label"] for t in high["tag"]] == [
            t["label"] for t in found["tag"] if t["score"] >= cut
        ]


def test_a_model_of_few_articles_says_it_is_a_demo_where_it_is_used(trained, tmp_path):
    from pipeline.classify.annotate import SuggestionAnnotator

    described = SuggestionAnnotator(trained).describe()
    assert described["demo"] and "pipeline train" in described["note"]
    out = tmp_path / "o"
    flags = ["--no-entities", "--limit", "2", "--set", "suggestions.min_score=0.01"]
    result = runner.invoke(
        app, ["run", str(SAMPLE / "feed.jsonl"), "--out", str(out), "--model", str(trained), *flags]
    )
    assert result.exit_code == 0, result.output
    assert "demo model" in result.output.splitlines()[-1]
    manifest = json.loads((out / "manifest.json").read_text())
    [stage] = [s for s in manifest["stages"] if s["name"] == "suggestions"]
    assert stage["demo"] and stage["options"]["limit"] == 2
    assert stage["options"]["min_score"] == 0.01
    tags = pd.read_parquet(out / "suggestions").query("kind == 'tag'")
    assert tags.groupby(["article_id", "source"]).size().max() <= 2  # the model's, the text's
    assert (tags[tags.source == "model"].score >= 0.01).all()
