"""Precision of a run's PERSON mentions on the typographic TEST part, from every judged file.

    python -m bench.people_census RUN [--part test]

After eleven rounds of fresh samples, the TEST part holds few PERSON mentions no judged
file has read (round 11: 91 of 3,183), so a fresh random sample of 220 can no longer be
drawn. What can be said instead: each PERSON mention of RUN on the part whose (article,
context) a judged file holds takes that file's verdict (the context shows the span's bounds,
so the verdict is for these bounds), and the run's precision by mention is the share of
``ok`` among the judged ones, printed with how many were judged and a 95% interval (normal,
as if a sample: the judged ones are the union of random samples of earlier runs, not one
random sample of this run's mentions).

Files where ``ok`` means "a person": ``people_sample*``, ``people_baseline*``,
``people_spacy_sm_*``; in ``people_dropped*`` files ``ok`` means "rightly no person", so
their verdict is turned over. A mention judged in several files takes the latest file's
verdict (by the round in its name), and the disagreements are counted. ``--spacy`` scores
plain spaCy's PERSON spans over the run's texts the same way (the baseline, same run; its
judged spans come from ``people_spacy_sm_*`` and from ours of the same bounds). ``--unjudged FILE``
writes the mentions no file judges, for judging (a ``people_sample*`` name counts them next
time: round 11's ``people_sample_census_round11.tsv``).
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from pathlib import Path

from bench.eval_people import OUT, context, marked, parts, rate, read, write
from newsdump_dev import corpora


def _round(path: Path) -> int:
    found = re.search(r"round(\d+)", path.name)
    return int(found.group(1)) if found else 0


def verdicts(folder: Path) -> tuple[dict[tuple[str, str], str], int]:
    """(article, context) -> ``ok``/``wrong`` (for "a person"), and how many keys two
    files judge differently."""
    numbered = {r["id"]: str(i) for i, r in enumerate(corpora.typographic())}
    found: dict[tuple[str, str], str] = {}
    conflicts = 0
    kinds = ("people_sample", "people_baseline", "people_spacy_sm", "people_dropped")
    files = [p for p in folder.glob("people_*.tsv") if p.name.startswith(kinds)]
    for path in sorted(files, key=_round):
        turn = path.name.startswith("people_dropped")
        for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
            verdict = row.get("verdict")
            if verdict not in ("ok", "wrong"):
                continue
            if turn:
                verdict = "wrong" if verdict == "ok" else "ok"
            for article in {row["article_id"], numbered.get(row["article_id"], "")} - {""}:
                key = (article, row["context"])
                if key in found and found[key] != verdict:
                    conflicts += 1
                found[key] = verdict
    return found, conflicts


def spacy_keys(run: Path, part: str) -> list[tuple[str, str]]:
    """(article, context) of each PERSON span plain spaCy (the pipeline's model, none of our
    components) finds on ``part`` of the run's texts, as ``bench/people_baseline_sample.py``
    writes them."""
    import spacy

    from pipeline.nlp.loader import default_model_name

    where = parts()
    nlp = spacy.load(default_model_name())
    texts = [
        (row[field], row["article_id"])
        for row in read(run, "articles")
        if where[row["article_id"]] == part
        for field in ("title", "body")
        if row[field]
    ]
    keys = []
    for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=32):
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                keys.append((article, marked(doc.text, ent.start_char, ent.end_char)))
    return keys


def _print(name: str, keys: list[tuple[str, str]], found: dict[tuple[str, str], str]) -> None:
    counts = Counter(found.get(key, "unjudged") for key in keys)
    judged = counts["ok"] + counts["wrong"]
    print(
        f"{name}: {len(keys)} PERSON mentions, judged {judged} (unjudged {counts['unjudged']}):"
        f" ok {rate(counts['ok'], judged)} (95%, normal)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("run", type=Path)
    parser.add_argument("--part", default="test")
    parser.add_argument("--judged", type=Path, default=OUT)
    parser.add_argument("--unjudged", type=Path, help="write the unjudged mentions here")
    parser.add_argument("--spacy", action="store_true", help="plain spaCy's spans too")
    args = parser.parse_args()
    where = parts()
    texts = {}
    for row in read(args.run, "articles"):
        texts[(row["article_id"], "title")] = row["title"]
        texts[(row["article_id"], "body")] = row["body"]
    people = [
        m
        for m in read(args.run, "mentions")
        if m["label"] == "PERSON" and where[m["article_id"]] == args.part
    ]
    found, conflicts = verdicts(args.judged)
    _print(f"the run, {args.part}", [(m["article_id"], context(texts, m)) for m in people], found)
    if args.spacy:
        _print(f"plain spaCy, {args.part}", spacy_keys(args.run, args.part), found)
    print(f"keys judged differently by two files: {conflicts}")
    if args.unjudged:
        rows = [
            {
                "article_id": m["article_id"],
                "text": m["text"],
                "canonical": m["canonical"],
                "context": context(texts, m),
                "kind": "",
                "verdict": "",
            }
            for m in people
            if (m["article_id"], context(texts, m)) not in found
        ]
        write(args.unjudged, rows)


if __name__ == "__main__":
    main()
