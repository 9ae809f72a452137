"""Document-level country sets on Reuters-21578 ModApte test articles vs the editors' PLACES.

    python bench/eval_countries.py [--limit N] [--baseline]

Prints micro precision, recall and F1 over (article, country) pairs for the pipeline
and, with --baseline, for plain spaCy + a pycountry lookup of GPE/NORP/LOC text.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path

import pycountry

from pipeline.ingest import build_article
from pipeline.ingest.normalize import normalize_text
from pipeline.ingest.readers import canonical_fields
from pipeline.model import Article, RawRecord
from pipeline.nlp import EntityExtractor, load_nlp

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"
OVERRIDES = json.loads((ROOT / "bench" / "data" / "reuters_places.json").read_text())


def place_code(name: str) -> str | None:
    if name in OVERRIDES:
        return OVERRIDES[name]
    try:
        return pycountry.countries.lookup(name.replace("-", " ")).alpha_2
    except LookupError:
        return None


def load_test_articles(limit: int | None) -> list[tuple[Article, set[str]]]:
    out = []
    with open(CORPUS, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["modapte_split"] != "test":
                continue
            gold = {c for c in map(place_code, record["places"]) if c}
            article = build_article(RawRecord("reuters", record["id"], canonical_fields(record)))
            if not isinstance(article, Article):  # no body: the headline is all there is
                article = Article(record["id"], "reuters", "", "", normalize_text(record["title"]))
            out.append((article, gold))
            if limit and len(out) >= limit:
                break
    return out


def score(pairs: list[tuple[set[str], set[str]]]) -> dict[str, float]:
    tp = sum(len(p & g) for p, g in pairs)
    predicted = sum(len(p) for p, _ in pairs)
    gold = sum(len(g) for _, g in pairs)
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def pipeline_sets(articles: list[Article]) -> list[set[str]]:
    extractor = EntityExtractor(n_process=2, batch_size=128)
    rows = extractor.annotate(articles)["mentions"]
    found: dict[str, set[str]] = {a.article_id: set() for a in articles}
    for row in rows:
        if row["country_code"]:
            found[row["article_id"]].add(row["country_code"])
    return [found[a.article_id] for a in articles]


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
    parser.add_argument("--limit", type=int)
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()
    data = load_test_articles(args.limit)
    articles = [a for a, _ in data]
    golds = [g for _, g in data]
    systems = {"pipeline": pipeline_sets(articles)}
    if args.baseline:
        systems["spacy+pycountry"] = baseline_sets(articles)
    with_places = [i for i, g in enumerate(golds) if g]
    print(f"{len(articles)} ModApte test articles, {len(with_places)} with a PLACES country")
    for name, predicted in systems.items():
        print(
            f"{name:<16} all: {score(list(zip(predicted, golds, strict=True)))}  "
            f"with places: {score([(predicted[i], golds[i]) for i in with_places])}"
        )


if __name__ == "__main__":
    main()
