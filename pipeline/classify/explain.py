"""Why a suggestion: a linear model's evidence, in the article's own words.

A linear model decides with a sum over features, ``w · x + b``. The features present in
an article with the largest ``w_i * x_i`` are the ones that pushed its score up most; each
is mapped back to character offsets in the title and body, so an editor sees the words
behind a suggestion. A tag also shows its own threshold (as a score) and whether its
score passed it; a tag can be suggested without passing (its words are in the headline,
or it is the article's best tag when none passes), which ``reason`` says.

Only fitted public attributes are read: ``features_`` (the text features), ``svm_``,
``labels_``, ``thresholds_``, ``scores()``, ``reasons_for()`` and ``suggestions_for()`` of a
tag model, and ``classes_``, ``predict_proba()`` and the linear estimators of a category
model.

>>> from pipeline.classify.tags import TagSuggester
>>> tagger = TagSuggester(cv=2, n_jobs=1).fit(
...     [("", "crude oil barrel"), ("", "wheat grain corn")] * 4, [["oil"], ["grain"]] * 4)
>>> best = explain_tags(tagger, "Oil climbs", "Crude oil rose.", candidates=2)[0]
>>> best.label, best.suggested, best.evidence[0].feature
('oil', True, 'oil')
>>> [(s.field, s.start_char, s.end_char, s.text) for s in best.evidence[0].spans]
[('title', 0, 3, 'Oil'), ('body', 6, 9, 'oil')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

import numpy as np

from pipeline.classify.features import TITLE_MARK
from pipeline.classify.tags import dense_array, linear_decisions
from pipeline.core.cache import per_object

FIELDS = ("title", "body")
CHARACTER_ANALYZERS = ("char", "char_wb")
MAX_SPANS = 12  # occurrences of one feature worth highlighting


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of the repaired title or body: ``text == article[field][start_char:end_char]``."""

    field: str
    start_char: int
    end_char: int
    text: str


@dataclass(slots=True)
class Evidence:
    """One feature of the article and how much it pushed a label's score up."""

    feature: str  # as the model names it: "sanctions", "crude oil", "title_oil"
    weight: float  # the model's weight for it
    value: float  # its value in this article (TF-IDF)
    contribution: float  # weight x value
    spans: list[TextSpan] = field(default_factory=list)


@dataclass(slots=True)
class TagExplanation:
    """A tag's score against its own threshold (both 0..1), and the evidence for it."""

    label: str
    score: float
    threshold: float
    passed: bool  # the score is above the tag's own threshold
    suggested: bool  # the model suggests it (passed, or by the headline or best-tag rule)
    # "threshold", "headline", "best tag"; "given": suggested by the caller, not by the rule
    # now; None when not suggested
    reason: str | None
    evidence: list[Evidence] = field(default_factory=list)
    # "high": its precision was measured; "maybe": too few examples to measure; "off":
    # never precise enough to be suggested
    confidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class CategoryExplanation:
    """One of an article's likeliest categories, its probability and the evidence for it."""

    label: str
    score: float
    rank: int
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- features back to text -------------------------------------------------------------


class _Part(NamedTuple):
    """One block of a feature union's columns, and the vectorizer that made it."""

    start: int
    names: np.ndarray
    vectorizer: Any  # a word-analyzer vectorizer whose features can be located, else None
    shown: bool = True  # False for character n-grams: never shown as evidence


def _final_step(transformer: Any) -> Any:
    return transformer.steps[-1][1] if hasattr(transformer, "steps") else transformer


def _locatable(vectorizer: Any) -> bool:
    return (
        getattr(vectorizer, "analyzer", None) == "word"
        and getattr(vectorizer, "tokenizer", None) is None
        and isinstance(getattr(vectorizer, "token_pattern", None), str)
    )


@per_object
def feature_parts(features: Any) -> list[_Part] | None:
    """The column blocks of fitted text features (a FeatureUnion or one vectorizer), or
    None when a block's feature names are unknown. Cached per fitted object.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> parts = feature_parts(TfidfVectorizer().fit(["crude oil"]))
    >>> [(p.start, list(p.names)) for p in parts]
    [(0, ['crude', 'oil'])]
    """
    blocks = getattr(features, "transformer_list", None) or [("", features)]
    parts, start = [], 0
    for _name, transformer in blocks:
        if transformer is None or transformer == "drop":
            continue
        final = _final_step(transformer)
        try:
            names = np.asarray(final.get_feature_names_out(), dtype=object)
        except (AttributeError, TypeError, ValueError):
            return None
        shown = getattr(final, "analyzer", None) not in CHARACTER_ANALYZERS
        parts.append(_Part(start, names, final if _locatable(final) else None, shown))
        start += len(names)
    return parts


@per_object
def shown_columns(features: Any) -> np.ndarray | None:
    """Which columns of fitted ``features`` may be shown as evidence: all but character
    n-grams (fragments such as " oil" or "rude ", which say nothing to an editor and would
    crowd out the words); None when the blocks are unknown (all may be shown)."""
    parts = feature_parts(features)
    if parts is None:
        return None
    shown = np.zeros(sum(len(p.names) for p in parts), dtype=bool)
    for part in parts:
        shown[part.start : part.start + len(part.names)] = part.shown
    return shown


class _Token(NamedTuple):
    text: str  # normalised as the vectorizer normalises
    start: int
    end: int


def field_tokens(text: str, vectorizer: Any) -> list[_Token]:
    """``text``'s tokens as the vectorizer sees them (its pattern, case and accents), with
    their character offsets in ``text``.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> vectorizer = TfidfVectorizer(strip_accents="unicode")
    >>> [(t.text, t.start, t.end) for t in field_tokens("Café Ölpreis, a test", vectorizer)]
    [('cafe', 0, 4), ('olpreis', 5, 12), ('test', 16, 20)]
    """
    pattern = re.compile(vectorizer.token_pattern)
    preprocess = vectorizer.build_preprocessor()
    stop_words = vectorizer.get_stop_words() or frozenset()
    group = 1 if pattern.groups == 1 else 0
    tokens = []
    for match in pattern.finditer(text):
        token = preprocess(match.group(group))
        if token and token not in stop_words:
            tokens.append(_Token(token, match.start(group), match.end(group)))
    return tokens


def _sequences(fields: dict[str, str], vectorizer: Any) -> list[tuple[str, list[_Token], str]]:
    """The token sequences a feature can come from: (field, tokens, prefix) — the title and
    body as written, and the title's words as headline features (``title_`` + word)."""
    sequences = []
    for name in FIELDS:
        if fields.get(name):
            tokens = field_tokens(fields[name], vectorizer)
            sequences.append((name, tokens, ""))
            if name == "title":
                sequences.append((name, tokens, TITLE_MARK))
    return sequences


def _find(words: list[str], sequences: list[tuple[str, list[_Token], str]], fields: dict) -> list:
    """Spans where ``words`` occur consecutively within one sequence."""
    spans = []
    for name, tokens, prefix in sequences:
        if prefix and not all(word.startswith(prefix) for word in words):
            continue
        wanted = [word[len(prefix) :] for word in words] if prefix else words
        texts = [token.text for token in tokens]
        for i in range(len(texts) - len(wanted) + 1):
            if texts[i : i + len(wanted)] == wanted:
                start, end = tokens[i].start, tokens[i + len(wanted) - 1].end
                spans.append(TextSpan(name, start, end, fields[name][start:end]))
                if len(spans) >= MAX_SPANS:
                    return spans
    return spans


def locate(feature: str, fields: dict[str, str], sequences: list) -> list[TextSpan]:
    """Where a word n-gram feature occurs in the title and body. An n-gram that spans the
    boundary between the title, its headline words and the body is located word by word.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> fields = {"title": "Oil rises", "body": "Crude oil rose; oil rigs idle."}
    >>> sequences = _sequences(fields, TfidfVectorizer())
    >>> [(s.field, s.text) for s in locate("title_oil", fields, sequences)]
    [('title', 'Oil')]
    >>> [(s.field, s.start_char) for s in locate("crude oil", fields, sequences)]
    [('body', 0)]
    """
    words = feature.split(" ")
    spans = _find(words, sequences, fields)
    if spans or len(words) == 1:
        return spans
    for word in words:
        spans.extend(_find([word], sequences, fields)[:1])
    return spans


class ArticleFeatures:
    """An article's feature vector under fitted ``features``, and its words located."""

    def __init__(self, features: Any, title: str, body: str):
        self.fields = {"title": title, "body": body}
        row = features.transform([(title, body)])
        self.row = row.tocsr() if hasattr(row, "tocsr") else _as_csr(row)
        self.parts = feature_parts(features)
        self.shown = shown_columns(features)
        self._sequences: dict[int, list] = {}

    def evidence(self, weights: np.ndarray | None, k: int = 5) -> list[Evidence]:
        """The ``k`` present features with the largest positive weight x value, words only
        (:func:`shown_columns`)."""
        if weights is None or k <= 0:
            return []
        indices, values = self.row.indices, self.row.data
        if len(weights) != self.row.shape[1] or not len(indices):
            return []
        if self.shown is not None and len(self.shown) == self.row.shape[1]:
            keep = self.shown[indices]
            indices, values = indices[keep], values[keep]
        contributions = weights[indices] * values
        found = []
        for position in np.argsort(-contributions)[:k]:
            if contributions[position] < 5e-7:  # nothing left that shows at six decimals
                break
            column = int(indices[position])
            name, spans = self._name_and_spans(column)
            found.append(
                Evidence(
                    feature=name,
                    weight=round(float(weights[column]), 6),
                    value=round(float(values[position]), 6),
                    contribution=round(float(contributions[position]), 6),
                    spans=spans,
                )
            )
        return found

    def _name_and_spans(self, column: int) -> tuple[str, list[TextSpan]]:
        if not self.parts:
            return f"feature {column}", []
        index = bisect.bisect_right([p.start for p in self.parts], column) - 1
        part = self.parts[index]
        name = str(part.names[column - part.start])
        if part.vectorizer is None:
            return name, []
        sequences = self._sequences.get(index)
        if sequences is None:
            sequences = self._sequences[index] = _sequences(self.fields, part.vectorizer)
        return name, locate(name, self.fields, sequences)


def _as_csr(matrix: Any) -> Any:
    from scipy.sparse import csr_matrix

    return csr_matrix(np.asarray(matrix))


# -- linear weights ----------------------------------------------------------------------


def tag_weights(svm: Any, column: int) -> np.ndarray | None:
    """The weights of one tag's linear model (one-vs-rest or one multi-output model), or
    None when that tag has no linear model (a tag every article had, say)."""
    estimators = getattr(svm, "estimators_", None)
    if estimators is not None:
        coef = getattr(estimators[column], "coef_", None)
        return None if coef is None else dense_array(coef).ravel()
    coef = getattr(svm, "coef_", None)
    return None if coef is None else dense_array(coef)[column]


def _label(value: Any, classes: Sequence[Any] | None) -> str:
    """A member's class as the category it stands for (members may learn class indices)."""
    if classes is not None and isinstance(value, int | np.integer) and 0 <= value < len(classes):
        return str(classes[int(value)])
    return str(value)


def linear_rows(estimator: Any, classes: Sequence[Any] | None = None) -> dict[str, np.ndarray]:
    """Per class, the weights with which ``estimator``'s score for that class grows with each
    feature: a linear SVM's ``coef_`` (a two-class margin split in halves, + for one class
    and - for the other), or naive Bayes log-probabilities centred over the classes (the
    score a stack or a softmax sees). Empty for an estimator that is not linear.

    >>> from sklearn.naive_bayes import ComplementNB
    >>> nb = ComplementNB().fit(np.array([[3, 0], [0, 3]]), ["oil", "grain"])
    >>> rows = linear_rows(nb)
    >>> bool(rows["oil"][0] > 0 > rows["grain"][0])
    True
    """
    own = getattr(estimator, "classes_", None)
    if own is None:
        return {}
    if getattr(estimator, "coef_", None) is not None:
        coef = dense_array(estimator.coef_)
        if coef.shape[0] == 1 and len(own) == 2:
            return {_label(own[1], classes): coef[0] / 2, _label(own[0], classes): -coef[0] / 2}
        return {_label(label, classes): coef[i] for i, label in enumerate(own)}
    if getattr(estimator, "feature_log_prob_", None) is not None:
        log_p = dense_array(estimator.feature_log_prob_)
        centred = log_p - log_p.mean(axis=0, keepdims=True)
        return {_label(label, classes): centred[i] for i, label in enumerate(own)}
    return {}


def _weighted_members(classifier: Any) -> list[tuple[float, Any]]:
    """The linear parts of a category model with their weights: a stack's members, or the
    model itself."""
    members = getattr(classifier, "members_", None)
    if members is None:
        return [(1.0, classifier)]
    return list(zip(np.asarray(classifier.weights_).tolist(), members, strict=True))


@per_object
def class_weights(classifier: Any) -> dict[str, np.ndarray]:
    """Each category's weights over the features: how its score grows with each one,
    summed over the model's linear members. Empty when no member is linear. Cached."""
    classes = getattr(classifier, "classes_", None)
    weights: dict[str, np.ndarray] = {}
    for weight, member in _weighted_members(classifier):
        if member is None or weight == 0:
            continue
        for label, row in linear_rows(member, classes).items():
            weights[label] = weights.get(label, 0) + weight * row
    return weights


# -- explanations ----------------------------------------------------------------------------


def _keys(labels: Iterable[str]) -> set[str]:
    return {label.casefold() for label in labels}


def explain_tags(
    tagger: Any,
    title: str,
    body: str,
    *,
    suggested: Sequence[str] | None = None,
    candidates: int = 10,
    evidence: int = 5,
    exclude: Iterable[str] = (),
) -> list[TagExplanation]:
    """The suggested tags, then the best of the others up to ``candidates`` in all, each
    with its score, threshold, whether it passed and its evidence. ``suggested`` names the
    tags a run suggested (default: ask the model); ``exclude`` drops labels (any case).
    """
    excluded = _keys(exclude)
    article = ArticleFeatures(tagger.features_, title, body)
    decisions = linear_decisions(tagger.svm_, article.row)
    scores = np.asarray(tagger.scores(decisions))[0]
    thresholds = np.asarray(tagger.scores(np.asarray(tagger.thresholds_).reshape(1, -1)))[0]
    labels = list(tagger.labels_)
    # The rule's reasons and suggestions from the decisions above: no second transform.
    reasons_by_document = tagger.reasons_for(decisions, [(title, body)])
    reasons = reasons_by_document[0]
    if suggested is None:
        suggested = [
            label for label, _ in tagger.suggestions_for(decisions, reasons_by_document)[0]
        ]
    index = {label: j for j, label in enumerate(labels)}
    chosen = [index[label] for label in suggested if label in index]
    others = [j for j in np.argsort(-scores) if j not in set(chosen)]
    picked = chosen + others[: max(0, candidates - len(chosen))]
    found = []
    for j in picked:
        label = labels[j]
        if label.casefold() in excluded:
            continue
        passed = bool(decisions[0, j] > tagger.thresholds_[j])
        is_suggested = j in chosen
        reason = None
        if is_suggested:
            # A run may have suggested a tag the rule would not choose now (``suggested``
            # given by the caller): it is still suggested, and says so.
            reason = reasons.get(label, "given")
        found.append(
            TagExplanation(
                label=label,
                score=round(float(scores[j]), 6),
                threshold=round(float(thresholds[j]), 6),
                passed=passed,
                suggested=is_suggested,
                reason=reason,
                evidence=article.evidence(tag_weights(tagger.svm_, j), evidence),
                confidence=_confidence(tagger, j),
            )
        )
    return found


def _confidence(tagger: Any, column: int) -> str | None:
    confidence = getattr(tagger, "confidence_", None)
    return None if confidence is None else str(confidence[column])


def explain_categories(
    classifier: Any,
    title: str,
    body: str,
    *,
    top: int = 3,
    evidence: int = 5,
    exclude: Iterable[str] = (),
) -> list[CategoryExplanation]:
    """The ``top`` likeliest categories (leaving out ``exclude``) with their evidence.

    >>> from pipeline.classify.category import CategoryClassifier
    >>> model = CategoryClassifier(cv=2).fit(
    ...     [("", "goal match league"), ("", "vote parliament election")] * 4,
    ...     ["Sport", "Politics"] * 4)
    >>> [(c.label, c.rank, c.evidence[0].feature) for c in
    ...  explain_categories(model, "Late goal", "A goal won the match.", top=1)]
    [('Sport', 1, 'goal')]
    """
    excluded = _keys(exclude)
    probabilities = np.asarray(classifier.predict_proba([(title, body)]))[0]
    classes = [str(c) for c in classifier.classes_]
    weights = class_weights(classifier)
    article = ArticleFeatures(classifier.features_, title, body) if weights else None
    found = []
    for j in np.argsort(-probabilities):
        if classes[j].casefold() in excluded:
            continue
        if len(found) == top:
            break
        found.append(
            CategoryExplanation(
                label=classes[j],
                score=round(float(probabilities[j]), 6),
                rank=len(found) + 1,
                evidence=article.evidence(weights.get(classes[j]), evidence) if article else [],
            )
        )
    return found
