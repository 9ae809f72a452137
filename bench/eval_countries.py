"""Document-level country sets on Reuters-21578 ModApte test articles vs the editors' PLACES.

    python bench/eval_countries.py [--split test|train] [--limit N] [--baseline] [--home CC]
                                   [--dump auto|none|CC]

Prints micro precision, recall and F1 over (article, country) pairs for the pipeline
and, with --baseline, for plain spaCy + a pycountry lookup of GPE/NORP/LOC text. The
pipeline infers the dump's country from its first articles as ``pipeline run`` does
(``--dump``: or is told it, or goes without).
"""

from __future__ import annotations

import argparse
import contextlib

import pycountry

from newsdump_dev.evaluation.places import document_countries, reuters_articles
from newsdump_dev.evaluation.scores import set_scores
from pipeline.core.model import Article
from pipeline.nlp import load_nlp
from pipeline.nlp.dump_country import dump_country_of


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="test", choices=["test", "train"])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--home", help="the publisher's home country (ISO code) for the pipeline")
    parser.add_argument("--dump", default="auto", help="the dump's country: auto, none or a code")
    args = parser.parse_args()
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
    for name, predicted in systems.items():
        print(
            f"{name:<16} all: {set_scores(list(zip(predicted, golds, strict=True)))}  "
            f"with places: {set_scores([(predicted[i], golds[i]) for i in with_places])}"
        )


if __name__ == "__main__":
    main()
