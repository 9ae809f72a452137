"""Key phrases from the article itself against the crowd's, beside YAKE and TextRank.

    python -m bench.bench_keyphrases [--tune] [--seed]

Corpus: 500N-KPCrowd's development part (``keyphrase_news/kpcrowd_dev.jsonl``, 207 news
stories), split here by id into a dev half (settings chosen there) and a test half (reported
only). Each method gives its ten best phrases for a story's headline and text; a phrase
matches a crowd key when both are equal once lower-cased and each word Porter-stemmed
(hyphens split words; the literature's rule). F1@10 per story (precision over the phrases
given, at most 10; recall over the story's distinct keys), averaged over stories.

- ``text tags``: :func:`pipeline.classify.phrases.text_candidates` with the mentions of the
  entities stage (entities by canonical name, as editors would see them);
- ``text tags, phrases only``: the same without entities;
- YAKE (``yake``, its defaults, n = 1, 2 and 3 words at most) and TextRank (``pytextrank``
  on spaCy's ``en_core_web_sm``), the baselines, run here in the same process.

``--tune`` searches the scoring weights on the dev half (and prints the best); ``--seed``
prints the seed article's tags; ``--cache FILE`` keeps the stories' mentions between runs.
The ratio printed last is against the best baseline on the test half. Needs the ``bench``
extra (yake, pytextrank, snowballstemmer).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from newsdump_dev.corpora import corpora_dir, stable_fraction
from pipeline.classify.phrases import Scoring, text_candidates

KPCROWD = "keyphrase_news/kpcrowd_dev.jsonl"
TEST_SHARE = 0.5
K = 10
Story = dict[str, Any]


def stories() -> list[Story]:
    path = corpora_dir() / KPCROWD
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def part(story: Story) -> str:
    return "test" if stable_fraction(story["id"]) < TEST_SHARE else "dev"


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


def normal(phrase: str) -> str:
    """Lower-cased, Porter-stemmed words: the matching rule."""
    return " ".join(_stemmer().stemWords(re.findall(r"[^\W_]+", phrase.lower())))


def f1_at_k(predicted: Sequence[str], keys: Sequence[str], k: int = K) -> tuple[float, ...]:
    gold = {normal(key) for key in keys} - {""}
    given: list[str] = []
    for phrase in predicted:
        n = normal(phrase)
        if n and n not in given:
            given.append(n)
        if len(given) == k:
            break
    hits = sum(n in gold for n in given)
    precision = hits / len(given) if given else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


@cache
def _entities() -> Any:
    from pipeline.nlp.extract import EntityExtractor
    from pipeline.nlp.stage import EntitiesOptions

    return EntityExtractor.from_options(EntitiesOptions(dump_country="none"))


def mentions_of(items: list[Story], cache_file: Path | None) -> dict[str, list[dict[str, Any]]]:
    """The entities stage's mentions of each story, by id (kept in ``cache_file`` if given)."""
    from pipeline.core.model import Article

    if cache_file is not None and cache_file.exists():
        return json.loads(cache_file.read_text())

    articles = [Article(s["id"], "kpcrowd", s["id"], s["title"], s["body"]) for s in items]
    found: dict[str, list[dict[str, Any]]] = {s["id"]: [] for s in items}
    for mention in _entities().annotate(articles)["mentions"]:
        found[mention["article_id"]].append(mention)
    if cache_file is not None:
        cache_file.write_text(json.dumps(found))
    return found


def ours(mentions: dict[str, list], scoring: Scoring, entities: bool = True) -> Callable:
    def run(story: Story) -> list[str]:
        found = text_candidates(
            story["title"], story["body"], mentions[story["id"]] if entities else [], scoring
        )
        return [c.label for c in found[:K]]

    return run


def yake_method(n: int = 3) -> Callable:
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=n, top=K)
    return lambda story: [
        kw for kw, _ in extractor.extract_keywords(f"{story['title']}\n\n{story['body']}")
    ]


def textrank_method() -> Callable:
    import pytextrank  # noqa: F401  (registers the "textrank" component)
    import spacy

    from pipeline.nlp.loader import default_model_name

    nlp = spacy.load(default_model_name())
    nlp.add_pipe("textrank")
    return lambda story: [p.text for p in nlp(f"{story['title']}\n\n{story['body']}")._.phrases[:K]]


def evaluate(method: Callable, items: list[Story]) -> dict[str, float]:
    scores = [f1_at_k(method(s), s["keys"]) for s in items]
    return {
        name: statistics.mean(s[i] for s in scores)
        for i, name in enumerate(("precision", "recall", "f1"))
    }


GRID = {
    "max_words": (2, 3, 4),
    "title_weight": (1.0, 2.0, 4.0, 8.0),
    "specificity": (0.5, 1.0, 2.0, 3.0),
    "early": (0.0, 1.0, 3.0, 10.0),
    # Not below 0: editors' tags are phrases ("North Korean troops"); the crowd's keys,
    # mostly single words, would have a phrase of three words count for nothing (-0.5).
    "longer": (0.0, 0.25, 0.5),
    "entity_weight": (0.5, 0.75, 1.0, 1.5),
    "named_weight": (1.0, 2.0),
    "frequency": (0.5, 1.0, 1.5, 2.0),
    "rare_adjective": (0.25, 0.5, 1.0),
    "redundancy": (0.3, 0.6, 1.0),
}


def tune(mentions: dict[str, list], dev: list[Story], rounds: int = 2) -> Scoring:
    """The best weights on the dev half (F1@10), one weight at a time over ``GRID``, from
    the defaults, ``rounds`` times."""
    best = Scoring()
    best_f1 = evaluate(ours(mentions, best), dev)["f1"]
    for _ in range(rounds):
        for name, values in GRID.items():
            for value in values:
                scoring = replace(best, **{name: value})
                f1 = evaluate(ours(mentions, scoring), dev)["f1"]
                if f1 > best_f1 + 1e-9:
                    best, best_f1 = scoring, f1
    print(f"best on dev: {best} (F1@10 {best_f1:.4f})")
    return best


def seed_tags() -> None:
    from newsdump_dev.corpora import seed_file
    from pipeline.ingest.readers.plaintext import parse_plaintext_article
    from pipeline.single import analyze

    fields = parse_plaintext_article(seed_file().read_text(encoding="utf-8"))
    analysis = analyze(str(fields["title"]), str(fields["body"]), suggestions=False)
    for c in text_candidates(analysis.title, analysis.body, analysis.tables["mentions"])[:K]:
        print(f"  {c.score:.3f} {c.source:6} {c.label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--cache", type=Path, help="keep the stories' mentions in this file")
    args = parser.parse_args()
    items = stories()
    parts = {name: [s for s in items if part(s) == name] for name in ("dev", "test")}
    started = time.perf_counter()
    mentions = mentions_of(items, args.cache)
    print(
        f"{len(items)} stories (dev {len(parts['dev'])}, test {len(parts['test'])}); "
        f"entities in {time.perf_counter() - started:.0f} s"
    )
    scoring = tune(mentions, parts["dev"]) if args.tune else Scoring()
    methods = {
        "text tags": ours(mentions, Scoring()),
        **({"text tags, tuned on dev": ours(mentions, scoring)} if args.tune else {}),
        "text tags, phrases only": ours(mentions, scoring, entities=False),
        **{f"YAKE (n={n})": yake_method(n) for n in (1, 2, 3)},
        "TextRank (pytextrank)": textrank_method(),
    }
    print(
        f"\n{'method':28} {'dev P@10':>9} {'R@10':>6} {'F1@10':>6}   "
        f"{'test P@10':>9} {'R@10':>6} {'F1@10':>6}"
    )
    results = {}
    for name, method in methods.items():
        row = {p: evaluate(method, parts[p]) for p in ("dev", "test")}
        results[name] = row
        print(
            f"{name:28} "
            + "   ".join(
                f"{row[p]['precision']:9.4f} {row[p]['recall']:6.4f} {row[p]['f1']:6.4f}"
                for p in ("dev", "test")
            )
        )
    baselines = [n for n in results if not n.startswith("text tags")]
    best = max(baselines, key=lambda n: results[n]["test"]["f1"])
    print(
        f"\ntest F1@10: text tags / the best baseline on test ({best}) = "
        f"{results['text tags']['test']['f1'] / results[best]['test']['f1']:.3f}"
    )
    if args.seed:
        print("\nthe seed article's ten best:")
        seed_tags()


if __name__ == "__main__":
    main()
