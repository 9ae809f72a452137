"""How much of the PERSON output has no person support at all, on the typographic DEV part.

    python -m bench.people_support [--part dev] [--cache /tmp/people_dev.spacy]
        [--sample 80] [--seed 2107] [--out bench/judged/people_unsupported_dev.tsv]

Runs the pipeline (NER, then our components) over the part's titles and bodies (the NER
docs are cached in ``--cache``, so a second call re-runs only our components), weighs every
PERSON entity left with :func:`pipeline.nlp.person_evidence.weigh`, and prints how the
mentions split by the support the article gives them:

- ``supported``: some cue for a person (a title, a first name, a name word of the lists, a
  speech verb, a pronoun, its full form ...);
- ``bare``: none (one token, no known given name or surname, no title/role, no he/she
  near, no speech verb, never a two-part name), split by whether the part's other articles
  write the word as a person with support (the run knows it) or not.

and writes ``--sample`` random ``bare`` mentions (by mention) with their context for
judging (a ``verdict`` column: ok = a person, wrong = not; a ``kind`` column for what it
is).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import DocBin

from bench.eval_people import OUT, marked, write
from newsdump_dev import corpora
from pipeline.nlp import person_evidence
from pipeline.nlp.loader import load_nlp


def ner_docs(part: str, cache: Path):
    nlp = load_nlp()
    ours = [name for name in nlp.pipe_names if name not in ("tok2vec", "ner")]
    records = corpora.typographic(part)
    keys = [(r["id"], f) for r in records for f in ("title", "body") if r[f]]
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        texts = [r[f] for r in records for f in ("title", "body") if r[f]]
        with nlp.select_pipes(disable=ours):
            docs = list(nlp.pipe(texts, batch_size=32))
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return nlp, ours, keys, docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", default="dev")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/people_dev.spacy"))
    parser.add_argument("--sample", type=int, default=80)
    parser.add_argument("--seed", type=int, default=2107)
    parser.add_argument("--out", type=Path, default=OUT / "people_unsupported_dev.tsv")
    args = parser.parse_args()
    nlp, ours, keys, docs = ner_docs(args.part, args.cache)
    rows, supported_words = [], defaultdict(set)
    for (article, _field), doc in zip(keys, docs, strict=True):
        for name in ours:
            doc = nlp.get_pipe(name)(doc)
        spans = list(doc.ents)
        found = person_evidence.weigh(doc, spans)
        groups = person_evidence._groups([s for s in spans if s.label_ == "PERSON"])
        for key, group in groups.items():
            weighed = found[key]
            for span in group:
                rows.append(
                    {
                        "article_id": article,
                        "text": span.text,
                        "key": key,
                        "tokens": len(key.split()),
                        "person": weighed.person,
                        "cues": ",".join(sorted(weighed.cues)),
                        "doubt": span._.person_doubt,
                        "context": marked(doc.text, span.start_char, span.end_char),
                    }
                )
            if weighed.person:
                for word in key.split():
                    supported_words[word].add(article)
    # What extract.settle_people keeps: a doubtful one-word PERSON only when the article
    # writes it as part of a full name (title or body).
    parts = defaultdict(set)
    for row in rows:
        if row["tokens"] > 1:
            parts[row["article_id"]].update(row["text"].split())
    settled = [r for r in rows if not r["doubt"] or r["text"] in parts[r["article_id"]]]
    print(f"PERSON mentions on {args.part} once settled: {len(settled)}")
    counts = Counter()
    bare = []
    for row in rows:
        if row["person"] or row["tokens"] > 1:
            counts["supported or several words"] += 1
            continue
        elsewhere = supported_words.get(row["key"], set()) - {row["article_id"]}
        row["run_knows"] = bool(elsewhere)
        counts[f"bare, run knows={bool(elsewhere)}"] += 1
        bare.append(row)
    print(f"PERSON mentions on {args.part}: {len(rows)}")
    for kind, n in counts.most_common():
        print(f"  {kind:32} {n:6} ({n / len(rows):.1%})")
    sample = random.Random(args.seed).sample(bare, min(args.sample, len(bare)))
    write(
        args.out,
        [
            {
                "article_id": r["article_id"],
                "text": r["text"],
                "run_knows": r["run_knows"],
                "doubt": r["doubt"],
                "context": r["context"],
                "kind": "",
                "verdict": "",
            }
            for r in sample
        ],
    )


if __name__ == "__main__":
    main()
