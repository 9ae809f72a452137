"""Document-level country sets on Reuters-21578 ModApte test articles vs the editors' PLACES.

    python bench/eval_countries.py [--split test|train] [--limit N] [--baseline] [--home CC]
                                   [--dump auto|none|CC]
    python bench/eval_countries.py --shares   # the dump country's figures (no spaCy)

Prints micro precision, recall and F1 over (article, country) pairs for the pipeline
and, with --baseline, for plain spaCy + a pycountry lookup of GPE/NORP/LOC text. The
pipeline infers the dump's country from its first articles as ``pipeline run`` does
(``--dump``: or is told it, or goes without).

``--shares`` prints the share of articles naming the most named country and the next one
(:mod:`pipeline.nlp.dump_country`) over the split and over the first 250 Reuters articles
with a body (the dump ``bench/bench_run.py`` writes), and how long the country forms take
to scan there against compiling them into one pattern.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import time

import pycountry

from newsdump_dev import corpora
from newsdump_dev.evaluation.places import document_countries, reuters_articles
from newsdump_dev.evaluation.scores import set_scores
from pipeline.core.model import Article
from pipeline.nlp import load_nlp
from pipeline.nlp.dump_country import (
    SAMPLE_ARTICLES,
    _country_forms,
    article_text,
    dump_country_of,
    most_named_country,
)


def baseline_sets(articles: list[Article]) -> list[set[str]]:
    import spacy

    nlp = spacy.load(load_nlp().meta["lang"] + "_" + load_nlp().meta["name"])
    out = []
    for article in articles:
        codes = set()
        for text in (article.title, article.body):
            for ent in nlp(text).ents:
                if ent.label_ in ("GPE", "NORP", "LOC"):
                    with contextlib.suppress(LookupError):
                        codes.add(pycountry.countries.lookup(ent.text).alpha_2)
        out.append(codes)
    return out


def report_shares(split: str) -> None:
    """The dump country's shares on Reuters-21578, and the form index against one pattern."""
    articles = [a for a, _ in reuters_articles(split)]
    guess = most_named_country(map(article_text, articles))
    print(f"ModApte {split}: most named {guess.describe() if guess else None}")
    records = [r for r in corpora.reuters() if r["body"]][:SAMPLE_ARTICLES]
    texts = [f"{r['title']}\n{r['body']}" for r in records]
    start = time.perf_counter()
    guess = most_named_country(texts)  # builds the form index, then scans
    scan = time.perf_counter() - start
    print(f"first {len(texts)} articles with a body: most named {guess.describe()}")
    index, _, _ = _country_forms()
    start = time.perf_counter()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(" ".join(w)) for w in sorted(index)) + ")")
    compiled = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        pattern.findall(text)
    pattern_scan = time.perf_counter() - start
    print(
        f"{len(index)} country forms over {len(texts)} articles: the index scans in {scan:.3f} s; "
        f"one pattern compiles in {compiled:.3f} s and scans in {pattern_scan:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="test", choices=["test", "train"])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--home", help="the publisher's home country (ISO code) for the pipeline")
    parser.add_argument("--dump", default="auto", help="the dump's country: auto, none or a code")
    parser.add_argument("--shares", action="store_true", help="the dump country's figures")
    parser.add_argument("--errors", action="store_true", help="the pipeline's misses by country")
    args = parser.parse_args()
    if args.shares:
        report_shares(args.split)
        return
    data = reuters_articles(args.split, args.limit)
    articles = [a for a, _ in data]
    golds = [g for _, g in data]
    dump = None if args.dump == "none" else args.dump
    if args.dump == "auto":
        guess = dump_country_of(articles)
        dump = guess.code if guess else None
    print(f"dump country: {dump}")
    systems = {"pipeline": document_countries(articles, home_country=args.home, dump_country=dump)}
    if args.baseline:
        systems["spacy+pycountry"] = baseline_sets(articles)
    with_places = [i for i, g in enumerate(golds) if g]
    print(
        f"{len(articles)} ModApte {args.split} articles, {len(with_places)} with a PLACES country"
    )
    if args.errors:
        from collections import Counter

        extra, missed = Counter(), Counter()
        for found, gold in zip(systems["pipeline"], golds, strict=True):
            extra.update(found - gold)
            missed.update(gold - found)
        print("countries found but not in PLACES:", extra.most_common(20))
        print("PLACES countries not found:", missed.most_common(20))
    for name, predicted in systems.items():
        print(
            f"{name:<16} all: {set_scores(list(zip(predicted, golds, strict=True)))}  "
            f"with places: {set_scores([(predicted[i], golds[i]) for i in with_places])}"
        )


if __name__ == "__main__":
    main()
