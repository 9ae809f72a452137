"""The tag model's fifth pass (issue 20): candidates scored by nested folds, no test split.

    python bench/eval_topics_fifth.py --workdir /tmp/t5 [--only ridge,folds10,title]

Scored as the third and fourth passes (``bench/eval_reuters_topics.py --third``): the
out-of-fold decisions of 5 folds seeded ``s`` (cached per view in the workdir, the word
SVM's ``views_*_word_*.npz`` shared with the earlier passes), the whole rule (thresholds,
floor, co-tags, best-tag margins) tuned on four fifths of them and applied to the fifth
(outer folds seeded ``100 + s``), for fold seeds 0, 1, 2, on the Reuters ModApte train
split and the 20 Newsgroups train split, with the paired gain over the current model and
rule. Candidates:

- ``folds10``: the SVM's out-of-fold decisions from 10 folds instead of 5 (each tag's
  threshold rests on decisions of models fitted on 9/10 of the articles);
- ``ridge``: a ridge regression (targets -1/+1, alpha 1, one solve for all tags in its
  dual form, the articles' Gram matrix computed once) beside the SVM, its decisions mapped
  per tag onto the SVM's out-of-fold mean and spread and averaged with weight w (0.25,
  0.5, 0.75 fixed, or chosen on each tuning part from the three by the rule's own F1);
- ``title``: the headline's ``title_`` word columns scaled by 0.5 or 2 after TF-IDF;
- ``c1``: the SVM with C=1, alone and chosen per tag (C=1 or 4, the better best F1 over
  thresholds on each tuning part).

``--deployed`` scores 10 folds against 5 as the model is used (:func:`deployed`): the
cached scoring credits more folds with decisions of models fitted on more articles in the
scored part too, which the shipped model (fitted on all of them either way) never gets.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import scipy.linalg
from scipy.sparse import diags
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from bench.eval_reuters_topics import (
    THIRD_SEEDS,
    _timed_fit,
    micro_f1,
    nested_choice,
    print_nested,
    rule_probe,
    third_pass_data,
    third_pass_views,
)
from pipeline.classify.features import TITLE_MARK, text_features
from pipeline.classify.tags import UNPREDICTABLE, TagSuggester, _fit_part

RIDGE_WEIGHTS = (0.25, 0.5, 0.75)
TITLE_WEIGHTS = (0.5, 2.0)


def _svm(c: float = 4.0) -> OneVsRestClassifier:
    return OneVsRestClassifier(LinearSVC(C=c, tol=1e-3, random_state=0), n_jobs=2)


def features(documents, title_weight: float = 1.0):
    """The pipeline's word features, the ``title_`` columns scaled by ``title_weight``."""
    union = text_features(char_ngrams=False, min_df=2)
    x = union.fit_transform(documents).tocsr()
    if title_weight != 1.0:
        names = union.transformer_list[0][1].named_steps["tfidf"].get_feature_names_out()
        scale = np.where(np.char.startswith(names.astype(str), TITLE_MARK), title_weight, 1.0)
        x = (x @ diags(scale)).tocsr()
    return x


def ridge_dual(gram: np.ndarray, y: np.ndarray, train, held_out, alpha: float = 1.0):
    """Ridge regression on targets -1/+1 in its dual form (an intercept as a constant
    feature of 1, penalised alike): decisions for ``held_out`` from the Gram matrix."""
    k = gram[np.ix_(train, train)] + 1.0
    k[np.diag_indices_from(k)] += alpha
    targets = 2.0 * y[train] - 1.0
    dual = scipy.linalg.solve(k, targets, assume_a="pos", check_finite=False)
    return (gram[np.ix_(held_out, train)] + 1.0) @ dual


def views(documents, tag_lists, seed: int, workdir: Path, corpus: str, wanted) -> dict:
    """Each wanted view's out-of-fold decisions (cached), and seconds."""
    y = MultiLabelBinarizer().fit_transform(tag_lists)
    word, seconds = third_pass_views(
        documents, tag_lists, seed, workdir / f"views_{corpus}_word_{seed}"
    )
    found = {"svm": word["svm"]}
    timings = {"svm": seconds["svm"] + seconds["features"]}
    specs = []
    if want("ridge", wanted):
        specs.append("ridge")
    if want("folds10", wanted):
        specs.append("folds10")
    if want("title", wanted):
        specs += [f"title{w:g}" for w in TITLE_WEIGHTS]
    if want("c1", wanted):
        specs.append("c1")
    for name in specs:
        cache = workdir / f"views_{corpus}_{name}_{seed}"
        if cache.with_suffix(".npz").exists():
            found[name] = np.load(cache.with_suffix(".npz"))["d"]
            timings[name] = json.loads(cache.with_suffix(".json").read_text())["seconds"]
            continue
        started = time.perf_counter()
        weight = float(name[5:]) if name.startswith("title") else 1.0
        x = features(documents, weight)
        decisions = np.zeros(y.shape)
        folds = 10 if name == "folds10" else 5
        spent: dict[str, float] = {}
        if name == "ridge":
            gram = (x @ x.T).toarray()
        for train, held_out in KFold(folds, shuffle=True, random_state=seed).split(x):
            if name == "ridge":
                part = ridge_dual(gram, y, train, held_out)
                part[:, y[train].sum(axis=0) == 0] = UNPREDICTABLE
                decisions[held_out] = part
            else:
                model = _svm(1.0 if name == "c1" else 4.0)
                decisions[held_out] = _timed_fit(model, x, y, train, held_out, spent, "svm")
        took = time.perf_counter() - started
        np.savez(cache.with_suffix(".npz"), d=decisions)
        cache.with_suffix(".json").write_text(json.dumps({"seconds": took}))
        found[name], timings[name] = decisions, took
    return found, timings


def want(name: str, wanted) -> bool:
    return not wanted or any(w in name for w in wanted)


def on_svm_scale(svm: np.ndarray, other: np.ndarray) -> np.ndarray:
    """``other`` mapped per tag onto the SVM's mean and spread (over the predictable rows)."""
    mapped = np.full_like(other, UNPREDICTABLE)
    for j in range(svm.shape[1]):
        ok = (svm[:, j] > UNPREDICTABLE) & (other[:, j] > UNPREDICTABLE)
        if ok.sum() < 2:
            continue
        a, b = other[ok, j], svm[ok, j]
        mapped[ok, j] = (a - a.mean()) / (a.std() + 1e-12) * b.std() + b.mean()
    return mapped


def blend(svm: np.ndarray, mapped: np.ndarray, weight: float) -> np.ndarray:
    mixed = (1 - weight) * svm + weight * mapped
    return np.where((svm <= UNPREDICTABLE) | (mapped <= UNPREDICTABLE), UNPREDICTABLE, mixed)


def nested_chosen_weight(svm, mapped, gold, in_headline, mentioned, seed: int):
    """Nested folds where each tuning part also chooses the blend's weight (of
    ``RIDGE_WEIGHTS``) by its own rule's F1 on it; the tags chosen and the weights."""
    chosen = np.zeros(gold.shape, dtype=bool)
    picked = []
    outer = KFold(5, shuffle=True, random_state=100 + seed)
    for tuned_on, scored in outer.split(svm):
        best = (-1.0, None, None)
        for weight in RIDGE_WEIGHTS:
            mixed = blend(svm, mapped, weight)
            rule = TagSuggester()
            rule._tune_rule(
                mixed[tuned_on], gold[tuned_on], in_headline[tuned_on], mentioned[tuned_on]
            )
            own = rule._decide(
                mixed[tuned_on],
                rule.thresholds_,
                in_headline[tuned_on],
                mentioned=mentioned[tuned_on],
            )
            f1 = micro_f1(own, gold[tuned_on])
            if f1 > best[0]:
                best = (f1, weight, rule)
        _f1, weight, rule = best
        picked.append(weight)
        mixed = blend(svm, mapped, weight)
        chosen[scored] = rule._decide(
            mixed[scored], rule.thresholds_, in_headline[scored], mentioned=mentioned[scored]
        )
    return chosen, picked


def best_f1(decisions: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """Each tag's best F1 over thresholds (every decision value a candidate)."""
    best = np.zeros(decisions.shape[1])
    for j in range(decisions.shape[1]):
        order = np.argsort(-decisions[:, j], kind="stable")
        hits = np.cumsum(gold[order, j])
        f1 = 2 * hits / (np.arange(1, len(order) + 1) + gold[:, j].sum())
        best[j] = f1.max() if gold[:, j].any() else 0.0
    return best


def nested_per_tag_c(c4, c1, gold, in_headline, mentioned, seed: int):
    """Nested folds where each tuning part picks, per tag, the SVM (C=4 or C=1) whose
    best F1 over thresholds is higher there (ties: C=4), then tunes the rule on the mix."""
    chosen = np.zeros(gold.shape, dtype=bool)
    ones = []
    outer = KFold(5, shuffle=True, random_state=100 + seed)
    for tuned_on, scored in outer.split(c4):
        use_c1 = best_f1(c1[tuned_on], gold[tuned_on]) > best_f1(c4[tuned_on], gold[tuned_on])
        ones.append(int(use_c1.sum()))
        mixed = np.where(use_c1, c1, c4)
        rule = TagSuggester()
        rule._tune_rule(mixed[tuned_on], gold[tuned_on], in_headline[tuned_on], mentioned[tuned_on])
        chosen[scored] = rule._decide(
            mixed[scored], rule.thresholds_, in_headline[scored], mentioned=mentioned[scored]
        )
    return chosen, ones


def fifth_pass(workdir: Path, only: str = "", corpora: str = "reuters,20ng") -> None:
    wanted = [w for w in only.split(",") if w]
    for corpus, (documents, tag_lists) in third_pass_data(workdir).items():
        if corpus not in corpora.split(","):
            continue
        _probe, gold, in_headline, mentioned = rule_probe(documents, tag_lists)
        rows: dict[str, list[float]] = {}
        notes: dict[str, list] = {}
        for seed in THIRD_SEEDS:
            found, timings = views(documents, tag_lists, seed, workdir, corpus, wanted)
            print(
                f"{corpus} seed {seed} seconds: "
                + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()),
                flush=True,
            )
            svm = found["svm"]
            candidates = {"current": svm}
            if "folds10" in found:
                candidates["10 folds"] = found["folds10"]
            for w in TITLE_WEIGHTS:
                if f"title{w:g}" in found:
                    candidates[f"title_ x {w:g}"] = found[f"title{w:g}"]
            if "ridge" in found:
                mapped = on_svm_scale(svm, found["ridge"])
                candidates["ridge alone"] = mapped
                for w in RIDGE_WEIGHTS:
                    candidates[f"svm + ridge {w:g}"] = blend(svm, mapped, w)
            if "c1" in found:
                candidates["C=1"] = found["c1"]
                chosen, ones = nested_per_tag_c(
                    svm, found["c1"], gold, in_headline, mentioned, seed
                )
                rows.setdefault("per-tag C in {1, 4}", []).append(micro_f1(chosen, gold))
                notes.setdefault("per-tag C in {1, 4}", []).append(ones)
            for name, decisions in candidates.items():
                chosen, _ = nested_choice(
                    decisions, gold, in_headline, seed, {}, mentioned=mentioned
                )
                rows.setdefault(name, []).append(micro_f1(chosen, gold))
            if "ridge" in found:
                chosen, picked = nested_chosen_weight(
                    svm, mapped, gold, in_headline, mentioned, seed
                )
                rows.setdefault("svm + ridge, w chosen", []).append(micro_f1(chosen, gold))
                notes.setdefault("svm + ridge, w chosen", []).append(picked)
        print_nested(corpus, rows, notes)


def deployed(workdir: Path, seeds=THIRD_SEEDS, inner=(5, 10)) -> None:
    """Nested as the model is used: on each outer fold's four fifths, the rule is tuned
    on out-of-fold decisions of ``k`` inner folds (each ``k`` of ``inner``), then applied
    to the decisions of one SVM fitted on all four fifths for the scored fifth. Unlike
    scoring cached out-of-fold decisions, the scored decisions are the same for every
    ``k`` (a model fitted on 4/5), so more inner folds are not credited with the better
    decisions of models fitted on more articles. Reuters only (fits: 5 x (1 + sum inner))."""
    documents, tag_lists = third_pass_data(workdir)["reuters"]
    _probe, gold, in_headline, mentioned = rule_probe(documents, tag_lists)
    x = features(documents)
    rows: dict[int, list[float]] = {}
    for seed in seeds:
        started = time.perf_counter()
        chosen = {k: np.zeros(gold.shape, dtype=bool) for k in inner}
        outer = KFold(5, shuffle=True, random_state=100 + seed)
        for tuned_on, scored in outer.split(x):
            final = _fit_part(_svm(), x, gold, tuned_on, scored)
            for k in inner:
                oof = np.zeros((len(tuned_on), gold.shape[1]))
                for part, held in KFold(k, shuffle=True, random_state=seed).split(tuned_on):
                    oof[held] = _fit_part(_svm(), x, gold, tuned_on[part], tuned_on[held])
                rule = TagSuggester()
                rule._tune_rule(oof, gold[tuned_on], in_headline[tuned_on], mentioned[tuned_on])
                chosen[k][scored] = rule._decide(
                    final, rule.thresholds_, in_headline[scored], mentioned=mentioned[scored]
                )
        for k in inner:
            rows.setdefault(k, []).append(micro_f1(chosen[k], gold))
        print(
            f"seed {seed} ({time.perf_counter() - started:.0f}s): "
            + ", ".join(f"{k} inner folds {rows[k][-1]:.4f}" for k in inner),
            flush=True,
        )
    base = np.array(rows[inner[0]])
    for k in inner:
        gain = np.array(rows[k]) - base
        print(
            f"  {k} inner folds  {np.mean(rows[k]):.4f} +- {np.std(rows[k]):.4f}   "
            f"gain {np.mean(gain):+.4f} +- {np.std(gain):.4f} (min {np.min(gain):+.4f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--corpora", default="reuters,20ng")
    parser.add_argument("--deployed", action="store_true", help="inner folds, as deployed")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.deployed:
        deployed(args.workdir)
        return
    fifth_pass(args.workdir, args.only, args.corpora)


if __name__ == "__main__":
    main()
