"""What a sentence per mention costs: the entity pipeline with and without spaCy's ``senter``.

    python bench/bench_sentences.py [--articles 500] [--repeat 2]

On the first N Reuters-21578 articles with a body (title and body, as a run reads them), one
process: the pipeline as ``pipeline.nlp.loader.load_nlp`` builds it (no parser, no senter;
the ``sentence`` column is a window cut at sentence punctuation,
:func:`pipeline.nlp.mentions.sentence_of`), the same plus the stock ``senter`` enabled,
and the window itself timed over the same docs. The best of ``--repeat`` runs each.
"""

from __future__ import annotations

import argparse
import time

from newsdump_dev import corpora
from pipeline.nlp.loader import add_components, default_model_name, load_nlp


def texts(count: int) -> list[str]:
    records = [r for r in corpora.reuters() if r["body"]][:count]
    return [t for r in records for t in (r["title"], r["body"]) if t]


def best_time(nlp, items: list[str], repeat: int) -> tuple[float, list]:
    best, docs = float("inf"), []
    for _ in range(repeat):
        started = time.perf_counter()
        docs = list(nlp.pipe(items, batch_size=64))
        best = min(best, time.perf_counter() - started)
    return best, docs


def main() -> None:
    import spacy

    from pipeline.nlp.loader import UNUSED
    from pipeline.nlp.mentions import sentence_of

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    items = texts(args.articles)
    words = sum(len(t.split()) for t in items)

    plain, docs = best_time(load_nlp(), items, args.repeat)
    with_senter = spacy.load(default_model_name(), exclude=[u for u in UNUSED if u != "senter"])
    with_senter.enable_pipe("senter")
    if "tok2vec" in with_senter.pipe_names:
        with_senter.remove_pipe("tok2vec")
    add_components(with_senter)
    senter, _ = best_time(with_senter, items, args.repeat)
    started = time.perf_counter()
    for doc in docs:
        for ent in doc.ents:
            sentence_of(doc, ent)
    window = time.perf_counter() - started
    print(f"{args.articles} Reuters articles, {words} words, best of {args.repeat}:")
    print(f"  pipeline (no senter)     {plain:7.2f} s  {words / plain:8.0f} words/s")
    print(
        f"  pipeline + senter        {senter:7.2f} s  {words / senter:8.0f} words/s"
        f"  (+{100 * (senter / plain - 1):.0f}%)"
    )
    print(f"  window sentences         {window:7.2f} s  (+{100 * window / plain:.1f}%)")


if __name__ == "__main__":
    main()
