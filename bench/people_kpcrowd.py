"""PERSON precision on a source no rule was written on: KPCrowd news stories (round 12).

    python -m bench.people_kpcrowd split OUT_DIR [--corpus FILE]  # kpcrowd_A.jsonl, _B.jsonl
    python -m bench.people_kpcrowd sample RUN --seed 2112 --sample 200 --out FILE.tsv
    python -m bench.people_kpcrowd baseline RUN --seed 2112 --sample 200 --out FILE.tsv
    python -m bench.people_kpcrowd dropped BEFORE AFTER --out FILE.tsv [--sample 0]
    python -m bench.people_kpcrowd score FILE.tsv ...
    python -m bench.people_kpcrowd sample RUN --seed 3022 --unjudged B --out FILE.tsv  # round 22

The 207 English web news stories of ``keyphrase_news/kpcrowd_dev.jsonl`` (2011, several
sections) are split in two halves by a stable hash of their id (:func:`half`: sha1, even
digest -> ``A``, odd -> ``B``). Rules may be written reading half A; half B is read once,
at the end. ``sample`` draws random PERSON mentions of a ``pipeline run`` over a half (every
article of the run); ``baseline`` runs the installed spaCy model alone (none of our
components) over the same repaired titles and bodies the run wrote to ``RUN/articles`` and
draws as many of its PERSON spans with the same seed; ``dropped`` lists the PERSON spans of
BEFORE of which no character is PERSON in AFTER (what the rules took away). Each row has 80
characters of context either side and an empty ``verdict`` column (``ok``/``wrong``) and a
``kind`` column for the judge; ``score`` prints ``ok / judged`` with a 95% interval.
``--unjudged HALF`` (rounds 22-23) draws only among mentions whose article and text no file
``bench/judged/*kpcrowd{HALF}*.tsv`` holds: a fresh sample of a half read before.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
from pathlib import Path

from bench.eval_people import OUT, context, read, score, write
from newsdump_dev import corpora

CORPUS = Path("keyphrase_news") / "kpcrowd_dev.jsonl"  # under the shared corpora folder


def half(story_id: str) -> str:
    """``A`` when the sha1 digest of the id (UTF-8) is even, else ``B``: stable across
    machines, Python versions and hash seeds."""
    return "A" if int(hashlib.sha1(story_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "B"


def split(corpus: Path | None, out: Path) -> dict[str, int]:
    """Write ``kpcrowd_A.jsonl`` and ``kpcrowd_B.jsonl`` (id, title, body) to ``out``; the
    corpus is the shared folder's (``newsdump_dev.corpora``) unless ``corpus`` is given."""
    corpus = corpus or corpora.path_of(CORPUS)
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict]] = {"A": [], "B": []}
    for line in corpus.open(encoding="utf-8"):
        if line.strip():
            story = json.loads(line)
            rows[half(story["id"])].append(
                {"id": story["id"], "title": story["title"], "body": story["body"]}
            )
    for name, stories in rows.items():
        with (out / f"kpcrowd_{name}.jsonl").open("w", encoding="utf-8") as handle:
            for story in stories:
                handle.write(json.dumps(story, ensure_ascii=False) + "\n")
    return {name: len(stories) for name, stories in rows.items()}


def texts_of(run: Path) -> dict[tuple[str, str], str]:
    texts = {}
    for row in read(run, "articles"):
        texts[(row["article_id"], "title")] = row["title"] or ""
        texts[(row["article_id"], "body")] = row["body"] or ""
    return texts


def row(m: dict, texts: dict, **extra) -> dict:
    return {
        "article_id": m["article_id"],
        "text": m["text"],
        "canonical": m.get("canonical", ""),
        **extra,
        "context": context(texts, m),
        "verdict": "",
        "kind": "",
    }


def where(m: dict) -> dict:
    """A mention's field and offsets, for a judged row that must be found again."""
    return {"field": m["field"], "start": m["start_char"], "end": m["end_char"]}


def judged_pairs(half: str | None) -> set[tuple[str, str]]:
    """(article, text) of every mention a judged file of KPCrowd's ``half`` holds."""
    if not half:
        return set()
    return {
        (row["article_id"], row["text"])
        for path in OUT.glob(f"*kpcrowd{half}*.tsv")
        for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")
    }


def ours(
    run: Path, seed: int, size: int, offsets: bool = False, unjudged: str | None = None
) -> list[dict]:
    """``size`` random PERSON mentions of a run, as rows to judge (with their offsets);
    with ``unjudged``, only those no judged file of that half holds."""
    texts = texts_of(run)
    seen = judged_pairs(unjudged)
    people = [
        m
        for m in read(run, "mentions")
        if m["label"] == "PERSON" and (m["article_id"], m["text"]) not in seen
    ]
    print(f"{len(people)} PERSON mentions in {len({m['article_id'] for m in people})} articles")
    drawn = random.Random(seed).sample(people, min(size, len(people)))
    return [row(m, texts, **(where(m) if offsets else {})) for m in drawn]


def baseline(
    run: Path,
    seed: int,
    size: int,
    model: str | None = None,
    offsets: bool = False,
    unjudged: str | None = None,
) -> list[dict]:
    """``size`` random PERSON spans of plain spaCy (``model``) over a run's texts (with
    ``unjudged``, only those no judged file of that half holds)."""
    import spacy

    from pipeline.nlp.loader import default_model_name

    nlp = spacy.load(model or default_model_name())
    texts = texts_of(run)
    seen = judged_pairs(unjudged)
    found = []
    items = [(text, key) for key, text in sorted(texts.items()) if text]
    for doc, (article, field) in nlp.pipe(items, as_tuples=True, batch_size=32):
        for ent in doc.ents:
            if ent.label_ == "PERSON" and (article, ent.text) not in seen:
                m = {
                    "article_id": article,
                    "field": field,
                    "text": ent.text,
                    "start_char": ent.start_char,
                    "end_char": ent.end_char,
                }
                found.append(row(m, texts, **(where(m) if offsets else {})))
    print(f"{len(found)} PERSON spans of {nlp.meta['name']}")
    return random.Random(seed).sample(found, min(size, len(found)))


def dropped(before: Path, after: Path, seed: int, size: int) -> list[dict]:
    texts = texts_of(before)
    now = {(m["article_id"], m["field"], m["start_char"]): m for m in read(after, "mentions")}
    kept = {
        (m["article_id"], m["field"], c)
        for m in read(after, "mentions")
        if m["label"] == "PERSON"
        for c in range(m["start_char"], m["end_char"])
    }
    gone = [
        m
        for m in read(before, "mentions")
        if m["label"] == "PERSON"
        and not any(
            (m["article_id"], m["field"], c) in kept for c in range(m["start_char"], m["end_char"])
        )
    ]
    print(f"{len(gone)} PERSON spans of BEFORE with no PERSON character in AFTER")
    if size and size < len(gone):
        gone = random.Random(seed).sample(gone, size)
    label = lambda m: (now.get((m["article_id"], m["field"], m["start_char"])) or {}).get(  # noqa: E731
        "label", "-"
    )
    return [row(m, texts, now=label(m)) for m in gone]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("split")
    p.add_argument("out", type=Path)
    p.add_argument("--corpus", type=Path, default=None)
    for name in ("sample", "baseline"):
        p = sub.add_parser(name)
        p.add_argument("run", type=Path)
        p.add_argument("--seed", type=int, default=2112)
        p.add_argument("--sample", type=int, default=200)
        p.add_argument("--out", type=Path, required=True)
        p.add_argument("--model", default=None)
        p.add_argument("--unjudged", choices=["A", "B"], help="only mentions no file judged")
    p = sub.add_parser("dropped")
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--seed", type=int, default=2112)
    p.add_argument("--sample", type=int, default=0, help="0: every dropped span")
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("score")
    p.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args()
    if args.command == "split":
        print(split(args.corpus, args.out))
    elif args.command == "sample":
        write(args.out, ours(args.run, args.seed, args.sample, unjudged=args.unjudged))
    elif args.command == "baseline":
        write(
            args.out, baseline(args.run, args.seed, args.sample, args.model, unjudged=args.unjudged)
        )
    elif args.command == "dropped":
        write(args.out, dropped(args.before, args.after, args.seed, args.sample))
    else:
        for path in args.files:
            score(path)


if __name__ == "__main__":
    main()


__all__ = ["OUT", "half", "split"]
