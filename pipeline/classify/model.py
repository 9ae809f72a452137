"""The suggestion model: category + tags, trained together, saved with a model card.

A saved model is a folder::

    MODEL_DIR/model.joblib   the fitted estimators
    MODEL_DIR/model.json     the card: labels and counts, training-data summary and hash,
                             held-out metrics, library versions, training time, and the
                             artifact's sha256

Loading verifies the sha256 and the library versions first and refuses a model that
does not match: a joblib file runs code when it is loaded.
"""

from __future__ import annotations

import ast
import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.model_selection import KFold

from pipeline.classify.card import (
    ARTIFACT,
    CARD,
    FORMAT_VERSION,
    ModelError,
    library_versions,
    verify_model_dir,
)
from pipeline.classify.category import CategoryClassifier
from pipeline.classify.features import Familiarity, as_documents
from pipeline.classify.metrics import category_metrics, tag_metrics
from pipeline.classify.tags import TagSuggester
from pipeline.core.model import Article
from pipeline.ingest.sources import file_sha256

CODE_ROOT = Path(__file__).resolve().parent
# The modules whose code decides what a trained model is and how it suggests; loading
# (annotate.py), card checks and reports do not change a model, so they are left out.
MODEL_MODULES = ("features.py", "category.py", "tags.py", "cotags.py", "model.py", "metrics.py")
_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _without_docstrings(tree: ast.AST) -> ast.AST:
    """``tree`` with the docstring of the module and of every class and function removed."""
    for node in ast.walk(tree):
        if not isinstance(node, _DOCUMENTED) or not node.body:
            continue
        first = node.body[0]
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            node.body = node.body[1:] or [ast.Pass()]
    return tree


def source_sha256(sources: Mapping[str, str]) -> str:
    r"""A hash of what Python code does, by name: its syntax tree without docstrings.

    Comments, docstrings, blank lines and formatting do not change it; code does.

    >>> plain = source_sha256({"m.py": "def f(x):\n    return x + 1\n"})
    >>> documented = "def f(x):\n    'Add one.'  # a comment\n\n    return (x+1)\n"
    >>> plain == source_sha256({"m.py": documented})
    True
    >>> plain == source_sha256({"m.py": "def f(x):\n    return x + 2\n"})
    False
    """
    digest = hashlib.sha256()
    for name in sorted(sources):
        tree = _without_docstrings(ast.parse(sources[name]))
        digest.update(name.encode())
        digest.update(b"\x1f")
        digest.update(ast.dump(tree, annotate_fields=True, include_attributes=False).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def code_sha256() -> str:
    """A hash of the behaviour of the classification code, so a model can be recognised as
    stale: :func:`source_sha256` of the modules in ``MODEL_MODULES``."""
    return source_sha256(
        {name: (CODE_ROOT / name).read_text(encoding="utf-8") for name in MODEL_MODULES}
    )


def training_data_sha256(articles: Iterable[Article]) -> str:
    """A hash of what the model learns from: ids, text and labels, in order."""
    digest = hashlib.sha256()
    for article in articles:
        for part in (
            article.article_id,
            article.title,
            article.body,
            article.category or "",
            *article.tags,
        ):
            digest.update(part.encode())
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


@dataclass
class TrainingOptions:
    cv: int = 0  # outer cross-validation folds for honest metrics (0: none)
    seed: int = 0
    n_jobs: int = 2
    tag_params: dict[str, Any] = field(default_factory=dict)
    category_params: dict[str, Any] = field(default_factory=dict)


# A category this probable is "high" confidence, this one "medium", below "low" (the
# stacked model's probabilities are calibrated: about that share of them is right).
CONFIDENT, UNSURE = 0.7, 0.4
CATEGORIES = 3  # the likeliest categories listed
MIN_FAMILIAR = 20  # distinct training articles needed to tell an unfamiliar article


def category_confidence(probability: float, familiar: bool = True) -> str:
    """``high``, ``medium`` or ``low``; always ``low`` for an unfamiliar article.

    >>> category_confidence(0.9), category_confidence(0.5), category_confidence(0.9, False)
    ('high', 'medium', 'low')
    """
    if not familiar or probability < UNSURE:
        return "low"
    return "high" if probability >= CONFIDENT else "medium"


class SuggestionModel:
    """Category and tag suggestions for articles; either part may be absent. ``domain``
    (:class:`~pipeline.classify.features.Familiarity`) says which articles are like the
    training ones: the others get no tags and categories of ``low`` confidence."""

    def __init__(
        self,
        category: CategoryClassifier | None,
        tags: TagSuggester | None,
        domain: Familiarity | None = None,
    ):
        self.category = category
        self.tags = tags
        self.domain = domain
        self.card: dict[str, Any] = {}

    # -- training ----------------------------------------------------------------------
    @classmethod
    def fit(
        cls, articles: Sequence[Article], options: TrainingOptions | None = None
    ) -> SuggestionModel:
        """Learn from labelled articles: those with a category teach categories, those with
        tags teach tags."""
        options = options or TrainingOptions()
        with_category = [a for a in articles if a.category]
        with_tags = [a for a in articles if a.tags]
        category = None
        if len({a.category for a in with_category}) >= 2:
            params = {"random_state": options.seed, **options.category_params}
            category = CategoryClassifier(**params).fit(
                as_documents(with_category), [a.category for a in with_category]
            )
        tags = None
        if len({t for a in with_tags for t in a.tags}) >= 2:
            params = {"n_jobs": options.n_jobs, "random_state": options.seed, **options.tag_params}
            tags = TagSuggester(**params).fit(as_documents(with_tags), [a.tags for a in with_tags])
        if category is None and tags is None:
            raise ModelError("nothing to learn: need at least two categories or two tags")
        labelled = as_documents([a for a in articles if a.category or a.tags])
        # Too few articles say nothing of what is unlike them: no check then.
        domain = Familiarity().fit(labelled) if len(set(labelled)) >= MIN_FAMILIAR else None
        return cls(category, tags, domain)

    # -- suggesting --------------------------------------------------------------------
    def unfamiliar(self, documents: Sequence[tuple[str, str]]) -> list[str | None]:
        """For each document, why it is unlike the training articles (None: it is not)."""
        domain = getattr(self, "domain", None)
        if domain is None:
            return [None] * len(documents)
        similarity, coverage = domain.measure(documents)
        return [domain.why_not(s, c) for s, c in zip(similarity, coverage, strict=True)]

    def analyse(
        self, articles: Sequence[Any], limit: int | None = None, min_score: float | None = None
    ) -> list[dict[str, Any]]:
        """For each article: ``category`` (the likeliest, at most three) and ``tag`` (the
        suggested ones, best first, at most ``limit``, none under ``min_score``), each a
        list of ``{label, score, confidence, reason}``, and ``unfamiliar``: why the model
        abstains from tags (None when it does not)."""
        documents = as_documents(articles)
        if not documents:
            return []
        why = self.unfamiliar(documents)
        top = min(CATEGORIES, limit) if limit is not None else CATEGORIES
        categories = self.category.top(documents, top) if self.category else [[]] * len(why)
        tags: list[list[dict[str, Any]]] = [[] for _ in documents]
        if self.tags is not None:
            decisions = self.tags.decision_function(documents)
            reasons = self.tags.reasons_for(decisions, documents)
            tags = self.tags.ranked_for(decisions, reasons, limit, min_score)
        out = []
        for reason, ranked, suggested in zip(why, categories, tags, strict=True):
            category = [
                {
                    "label": label,
                    "score": score,
                    "confidence": category_confidence(score, reason is None),
                    "reason": reason,
                }
                for label, score in ranked
            ]
            out.append(
                {"category": category, "tag": [] if reason else suggested, "unfamiliar": reason}
            )
        return out

    def suggest(self, articles: Sequence[Any]) -> list[dict[str, list[tuple[str, float]]]]:
        """For each article: ``{"category": top three (label, score), "tag": suggested tags}``
        (no tags for an article unlike the training ones)."""
        return [
            {kind: [(s["label"], s["score"]) for s in found[kind]] for kind in ("category", "tag")}
            for found in self.analyse(articles)
        ]

    def suggestion_rows(
        self, articles: Sequence[Article], limit: int | None = None, min_score: float | None = None
    ) -> list[dict[str, Any]]:
        rows = []
        for article, found in zip(articles, self.analyse(articles, limit, min_score), strict=True):
            for kind in ("category", "tag"):
                for rank, suggestion in enumerate(found[kind], start=1):
                    rows.append(
                        {
                            "article_id": article.article_id,
                            "kind": kind,
                            "label": suggestion["label"],
                            "score": round(suggestion["score"], 6),
                            "rank": rank,
                            "source": "model",
                            "confidence": suggestion["confidence"],
                            "reason": suggestion["reason"],
                        }
                    )
        return rows

    # -- evaluation --------------------------------------------------------------------
    def evaluate(self, articles: Sequence[Article]) -> dict[str, Any]:
        """Category accuracy and macro-F1; tag micro/macro-F1, precision@k, recall@k, NDCG@5."""
        report: dict[str, Any] = {}
        with_category = [a for a in articles if a.category]
        if self.category and with_category:
            predicted = self.category.predict(as_documents(with_category))
            gold = [a.category for a in with_category]
            report["category"] = category_metrics(gold, list(predicted))
            report["category"]["confusion"] = confusion(gold, list(predicted))
        with_tags = [a for a in articles if a.tags]
        if self.tags and with_tags:
            documents = as_documents(with_tags)
            suggested = [[label for label, _ in s["tag"]] for s in self.suggest(with_tags)]
            report["tags"] = tag_metrics(
                [a.tags for a in with_tags], suggested, self.tags.rank(documents)
            )
        return report

    # -- persistence -------------------------------------------------------------------
    def save(self, directory: str | Path, card: dict[str, Any]) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        artifact = directory / ARTIFACT
        parts = {"category": self.category, "tags": self.tags, "domain": self.domain}
        joblib.dump(parts, artifact, compress=3)
        card = {
            **card,
            "format_version": FORMAT_VERSION,
            "artifact": {"file": ARTIFACT, "sha256": file_sha256(artifact)},
        }
        (directory / CARD).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n")
        self.card = card
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> SuggestionModel:
        """Load a saved model after checking its card; raise ModelError with the reason if not."""
        card = verify_model_dir(directory)
        parts = joblib.load(Path(directory) / ARTIFACT)
        model = cls(parts["category"], parts["tags"], parts.get("domain"))
        model.card = card
        return model


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    labels = sorted(set(gold) | set(predicted))
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g], index[p]] += 1
    return {"labels": labels, "matrix": matrix.tolist()}


def cross_validate(articles: Sequence[Article], options: TrainingOptions) -> dict[str, Any]:
    """Outer K-fold: train on K-1 folds, evaluate on the held-out one, pool the predictions."""
    folds = KFold(options.cv, shuffle=True, random_state=options.seed)
    gold_categories, predicted_categories = [], []
    gold_tags, suggested_tags, ranked_tags = [], [], []
    for train_index, test_index in folds.split(np.arange(len(articles))):
        train = [articles[i] for i in train_index]
        test = [articles[i] for i in test_index]
        model = SuggestionModel.fit(train, options)
        test_categories = [a for a in test if a.category]
        if model.category and test_categories:
            gold_categories += [a.category for a in test_categories]
            predicted_categories += list(model.category.predict(as_documents(test_categories)))
        test_tags = [a for a in test if a.tags]
        if model.tags and test_tags:
            documents = as_documents(test_tags)
            gold_tags += [a.tags for a in test_tags]
            suggested_tags += [[label for label, _ in s["tag"]] for s in model.suggest(test_tags)]
            ranked_tags += model.tags.rank(documents)
    report: dict[str, Any] = {"folds": options.cv}
    if gold_categories:
        report["category"] = category_metrics(gold_categories, predicted_categories)
        report["category"]["confusion"] = confusion(gold_categories, predicted_categories)
    if gold_tags:
        report["tags"] = tag_metrics(gold_tags, suggested_tags, ranked_tags)
    return report


def precision_summary(tags: TagSuggester) -> dict[str, Any]:
    """The target precision, how many tags are ``high``, ``maybe`` and ``off``, and each
    measured tag's out-of-fold precision at its threshold."""
    counts = Counter(str(c) for c in tags.confidence_)
    return {
        "target": tags.target_precision,
        "min_positives_to_measure": tags.min_positives_to_measure,
        "score_floor": tags.score_floor,
        "tags": {level: counts.get(level, 0) for level in ("high", "maybe", "off")},
        "out_of_fold": {
            label: round(float(p), 4)
            for label, p in zip(tags.labels_, tags.precision_, strict=True)
            if not np.isnan(p)
        },
        # The learned co-occurrence pairs: a tag, the tag it goes with, and the lower
        # threshold it gets where that one passed and the text names it.
        "co_tags": [
            {"tag": tags.labels_[n], "with": tags.labels_[b], "threshold": round(float(t), 4)}
            for (n, b), t in zip(
                getattr(tags, "cotags_", []), getattr(tags, "cotag_thresholds_", []), strict=True
            )
        ],
    }


def train(
    articles: Sequence[Article], options: TrainingOptions, sources: Sequence[str]
) -> tuple[SuggestionModel, dict[str, Any]]:
    """Fit on every article; with ``options.cv``, first measure by outer cross-validation."""
    started = time.perf_counter()
    held_out = cross_validate(articles, options) if options.cv >= 2 else None
    cv_seconds = time.perf_counter() - started
    fit_started = time.perf_counter()
    model = SuggestionModel.fit(articles, options)
    fit_seconds = time.perf_counter() - fit_started
    internal = {}
    if model.tags is not None:
        # Out-of-fold decisions from threshold tuning: thresholds were tuned on these
        # same folds, so this figure is optimistic; --cv gives the honest one.
        internal["tags_out_of_fold_tuned"] = model.tags.out_of_fold_metrics_
        internal["tags_threshold_floor"] = model.tags.threshold_floor_
        internal["tags_precision"] = precision_summary(model.tags)
        # Whether the tag model's features include character n-grams ("auto": large archives).
        internal["tags_char_ngrams"] = "char" in dict(model.tags.features_.transformer_list)
    if model.domain is not None:
        internal["familiarity"] = {
            "similarity_threshold": round(model.domain.threshold_, 4),
            "coverage_threshold": round(model.domain.coverage_threshold_, 4),
            "quantile": model.domain.quantile,
            "coverage_quantile": model.domain.coverage_quantile,
        }
    card = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "labels": {
            "category": dict(Counter(a.category for a in articles if a.category).most_common()),
            "tags": dict(Counter(t for a in articles for t in a.tags).most_common()),
        },
        "training_data": {
            "sources": list(sources),
            "articles": len(articles),
            "with_category": sum(1 for a in articles if a.category),
            "with_tags": sum(1 for a in articles if a.tags),
            "sha256": training_data_sha256(articles),
        },
        "code_sha256": code_sha256(),
        "metrics": {"cross_validation": held_out, **internal},
        "params": {
            "category": model.category.get_params() if model.category else None,
            "tags": model.tags.get_params() if model.tags else None,
            "seed": options.seed,
        },
        "versions": library_versions(),
        "training_seconds": {
            "fit": round(fit_seconds, 2),
            "cross_validation": round(cv_seconds, 2),
        },
    }
    return model, card
