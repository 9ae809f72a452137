"""A random sample of plain spaCy PERSON spans on the typographic TEST part, for judging.

    python bench/people_baseline_sample.py RUN_DIR [--sample 150] [--seed 2101]
        [--model en_core_web_sm] [--out bench/judged/people_spacy_sm.tsv]
        [--exclude bench/judged/*.tsv]

The baseline of ``bench/eval_people.py``'s judged samples: the installed spaCy pipeline
alone (none of our components), over the same repaired titles and bodies a ``pipeline run``
wrote to ``RUN_DIR/articles``, sampled with a seed of its own. Each mention with 80
characters of context either side; the ``verdict`` column is left for the judge. Mentions a
judged file given with ``--exclude`` holds (same article and context) are not drawn.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import spacy

from bench.eval_people import OUT, judged_keys, marked, parts, read, write
from pipeline.nlp.loader import default_model_name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("run", type=Path)
    parser.add_argument("--sample", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2101)
    parser.add_argument(
        "--model", default=None, help="default: the pipeline's (loader.default_model_name)"
    )
    parser.add_argument("--out", type=Path, default=OUT / "people_spacy_sm.tsv")
    parser.add_argument("--exclude", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    seen = judged_keys(args.exclude)
    test = {key for key, part in parts().items() if part == "test"}
    nlp = spacy.load(args.model or default_model_name())
    texts = [
        (row[field], (row["article_id"], field))
        for row in read(args.run, "articles")
        if row["article_id"] in test
        for field in ("title", "body")
        if row[field]
    ]
    found = []
    for doc, (article, _field) in nlp.pipe(texts, as_tuples=True, batch_size=32):
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                found.append(
                    {
                        "article_id": article,
                        "text": ent.text,
                        "context": marked(doc.text, ent.start_char, ent.end_char),
                        "verdict": "",
                    }
                )
    found = [f for f in found if (f["article_id"], f["context"]) not in seen]
    print(f"{len(found)} PERSON spans of {nlp.meta['name']} on the test part (not judged before)")
    write(args.out, random.Random(args.seed).sample(found, min(args.sample, len(found))))


if __name__ == "__main__":
    main()
