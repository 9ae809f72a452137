"""PERSON precision on two sources no rule was written on (round 13, issue 21).

    python -m bench.people_fresh dump OUT_DIR        # 20ng_test600.jsonl, reuters_fresh600.jsonl
    python -m bench.people_fresh dump14 OUT_DIR      # dev400.jsonl, test400.jsonl (round 14)
    python -m bench.people_fresh fresh OUT_DIR --name test15 --seed 1502 --also DUMP.jsonl ...
    python -m bench.people_fresh fresh OUT_DIR --posts --name posts17 --seed 1701 [--also DUMP]
    python -m pipeline.cli run OUT_DIR/20ng_test600.jsonl --out RUN --no-suggestions --workers 1
    python -m bench.people_fresh sample RUN --seed 2114 --sample 150 --out FILE.tsv
    python -m bench.people_fresh baseline RUN --seed 2114 --sample 150 --out FILE.tsv
    python -m bench.people_fresh changed AFTER SAMPLE.tsv --out FILE.tsv   # sampled before, now
    python -m bench.people_fresh dropped BEFORE AFTER --out FILE.tsv
    python -m bench.people_fresh after SAMPLE.tsv CHANGED.tsv   # after, same mentions
    python -m bench.people_kpcrowd score FILE.tsv ...

The two sources (:func:`dump`):

- **20 Newsgroups, test split** (``news_categories``, ``split == "test"``): 600 posts drawn at
  random with seed 2114 from all categories (web text never read for people);
- **Reuters-21578 articles in neither** ``/tmp/s19/reuters2000.jsonl`` **nor**
  ``/tmp/s20/reuters_heldout.jsonl`` (matched to the corpus's ids by title and body, as the
  first dump numbers its records anew), with a non-empty body: 600 drawn with seed 2115.

``sample`` and ``baseline`` are :mod:`bench.people_kpcrowd`'s (our PERSON mentions; plain
``en_core_web_sm`` over the same repaired texts), with the mention's field and offsets kept,
so that ``changed`` can tell what an AFTER run did to each mention of a sample drawn BEFORE:
``same`` (a PERSON mention of the same bounds), ``rebounded`` (PERSON, other bounds), or
gone (no PERSON character left: the label the span has now, or ``-``). ``after`` scores the
sample after: the verdict of the changed file for a changed mention (a dropped mention's
verdict there is about the AFTER output: *ok* when rightly no person), the sample's own
verdict for the rest.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

from bench.eval_people import proportion, rate, read, write
from bench.people_kpcrowd import baseline, dropped, ours, row, texts_of
from newsdump_dev import corpora

READ_REUTERS = (Path("/tmp/s19/reuters2000.jsonl"), Path("/tmp/s20/reuters_heldout.jsonl"))


def _key(record: dict) -> tuple[str, str]:
    return record["title"] or "", (record["body"] or "")[:300]


def read_ids(paths: tuple[Path, ...] = READ_REUTERS) -> set[str]:
    """Corpus ids of the Reuters records of the dumps ``paths`` (matched by title and body)."""
    ids: dict[tuple[str, str], set[str]] = {}
    for record in corpora.reuters("all"):
        ids.setdefault(_key(record), set()).add(record["id"])
    found: set[str] = set()
    for path in paths:
        for line in path.open(encoding="utf-8"):
            found |= ids.get(_key(json.loads(line)), set())
    return found


def dump(out: Path, size: int = 600) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    posts = [r for r in corpora.news_categories("test") if (r["body"] or "").strip()]
    drawn = {"20ng_test600": random.Random(2114).sample(posts, size)}
    seen = read_ids()
    fresh = [r for r in corpora.reuters("all") if r["id"] not in seen and (r["body"] or "").strip()]
    print(f"{len(seen)} Reuters ids read before; {len(fresh)} with a body left")
    drawn["reuters_fresh600"] = random.Random(2115).sample(fresh, size)
    for name, records in drawn.items():
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for r in records:
                item = {"id": r["id"], "title": r["title"] or "", "body": r["body"]}
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return {name: len(records) for name, records in drawn.items()}


def judged_ids(folder: Path = Path("bench/judged"), skip: str = "round14") -> set[str]:
    """Every ``article_id`` of the judged samples but those whose file name holds ``skip``
    (round 14's own): the articles read before round 14."""
    found: set[str] = set()
    for path in sorted(folder.glob("*.tsv")):
        if skip not in path.name:
            for r in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
                found.add(r.get("article_id") or "")
    return found - {""}


def dump14(out: Path, size: int = 400) -> dict[str, int]:
    """Round 14's two sets of unseen Reuters articles (a body, an id in no judged sample):
    DEV drawn with seed 1401, TEST with seed 1402 from the rest."""
    out.mkdir(parents=True, exist_ok=True)
    seen = judged_ids()
    fresh = [r for r in corpora.reuters("all") if r["id"] not in seen and (r["body"] or "").strip()]
    dev = random.Random(1401).sample(fresh, size)
    taken = {r["id"] for r in dev}
    test = random.Random(1402).sample([r for r in fresh if r["id"] not in taken], size)
    for name, records in (("dev400", dev), ("test400", test)):
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for r in records:
                item = {"id": r["id"], "title": r["title"] or "", "body": r["body"]}
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return {"dev400": len(dev), "test400": len(test)}


def _draw(out: Path, name: str, seed: int, pool: list[dict], seen: set[str], size: int) -> int:
    """``size`` records of ``pool`` whose id is not in ``seen`` (nor in the ids of judged
    samples, any round), drawn with ``seed``, written to ``OUT/NAME.jsonl``."""
    out.mkdir(parents=True, exist_ok=True)
    seen = seen | judged_ids(skip="\0")
    left = [r for r in pool if r["id"] not in seen and (r["body"] or "").strip()]
    drawn = random.Random(seed).sample(left, size)
    with (out / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
        for r in drawn:
            item = {"id": r["id"], "title": r["title"] or "", "body": r["body"]}
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(seen)} ids excluded; {len(left)} left; {size} drawn")
    return len(drawn)


def _ids_of(dumps: list[Path]) -> set[str]:
    return {str(json.loads(line)["id"]) for path in dumps for line in path.open(encoding="utf-8")}


def fresh(out: Path, name: str, seed: int, also: list[Path], size: int = 400) -> int:
    """``size`` Reuters articles with a body in no judged sample (any round) and in none of
    the dumps ``also`` (a round's whole dumps: their articles may have been read while its
    rules were written), drawn with ``seed``, written to ``OUT/NAME.jsonl``."""
    return _draw(out, name, seed, corpora.reuters("all"), _ids_of(also), size)


def fresh_posts(out: Path, name: str, seed: int, also: list[Path], size: int = 600) -> int:
    """``size`` 20 Newsgroups test posts with a body, in neither round 13's draw (600, seed
    2114: :func:`dump`) nor any judged sample nor the dumps ``also`` (a round's whole
    draw), drawn with ``seed``, written to ``OUT/NAME.jsonl`` (round 17: web text no rule
    was written on)."""
    posts = [r for r in corpora.news_categories("test") if (r["body"] or "").strip()]
    round13 = {r["id"] for r in random.Random(2114).sample(posts, 600)}
    return _draw(out, name, seed, posts, round13 | _ids_of(also), size)


def fate(sampled: dict, mentions: list[dict]) -> tuple[str, str]:
    """What the mentions of a run do with a sampled mention: (``same``|``rebounded``|label
    now|``-``, the PERSON text over it after)."""
    start, end = int(sampled["start"]), int(sampled["end"])
    over = [
        m
        for m in mentions
        if m["article_id"] == sampled["article_id"]
        and m["field"] == sampled["field"]
        and m["start_char"] < end
        and start < m["end_char"]
    ]
    people = [m for m in over if m["label"] == "PERSON"]
    if any(m["start_char"] == start and m["end_char"] == end for m in people):
        return "same", sampled["text"]
    if people:
        return "rebounded", " | ".join(m["text"] for m in people)
    exact = [m for m in over if m["start_char"] == start and m["end_char"] == end]
    return (exact[0]["label"] if exact else "-"), ""


def locate(row: dict, texts: dict[tuple[str, str], str]) -> dict:
    """A sampled row with its ``field``, ``start`` and ``end`` found from its context (the
    round-12 samples kept none): the marked text between its 80 characters either side."""
    if row.get("start"):
        return row
    before, rest = row["context"].split("[[", 1)
    inner, after = rest.split("]]", 1)
    for field in ("title", "body"):
        text = texts.get((row["article_id"], field), "").replace("\n", " / ").replace("\t", " ")
        at = text.find(before + inner + after)
        if at >= 0:
            start = len(text[: at + len(before)].replace(" / ", "\n"))
            original = texts[(row["article_id"], field)]
            while not original.startswith(row["text"], start) and start > 0:
                start -= 1  # " / " stood for one line break: walk back to the mention
            return {**row, "field": field, "start": start, "end": start + len(row["text"])}
    raise ValueError(f"not found: {row['article_id']} {row['text']!r}")


def changed(after: Path, sample: Path) -> list[dict]:
    mentions = read(after, "mentions")
    texts = texts_of(after)
    rows = []
    for r in csv.DictReader(sample.open(encoding="utf-8"), delimiter="\t"):
        r = locate(r, texts)
        now, text = fate(r, mentions)
        if now == "same":
            continue
        people = [
            m
            for m in mentions
            if m["label"] == "PERSON" and m["article_id"] == r["article_id"] and m["text"] == text
        ]
        ctx = row(people[0], texts)["context"] if now == "rebounded" and people else r["context"]
        rows.append(
            {**r, "now": now, "now_text": text, "context_after": ctx, "verdict": "", "kind": ""}
        )
    print(f"{len(rows)} of the sample's mentions changed")
    return rows


def after(sample: Path, changes: Path | None) -> tuple[int, int]:
    verdicts, contexts = {}, {}
    if changes and changes.exists():
        for r in csv.DictReader(changes.open(encoding="utf-8"), delimiter="\t"):
            key = (r["article_id"], r["field"], str(r["start"]))
            verdicts[key], contexts[key] = r["verdict"], (r["article_id"], r["context"])
    ok = judged = 0
    for r in csv.DictReader(sample.open(encoding="utf-8"), delimiter="\t"):
        key = (r["article_id"], r.get("field"), r.get("start"))
        if not r.get("start"):  # a sample that kept no offsets: its changes, by context
            key = next(
                (k for k, c in contexts.items() if c == (r["article_id"], r["context"])), key
            )
        verdict = verdicts.get(key, r["verdict"])
        if verdict in ("ok", "wrong"):
            judged += 1
            ok += verdict == "ok"
    print(f"{sample.name} after: ok {rate(ok, judged)} (95%, normal)")
    return ok, judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("dump")
    p.add_argument("out", type=Path)
    p.add_argument("--size", type=int, default=600)
    p = sub.add_parser("dump14")
    p.add_argument("out", type=Path)
    p = sub.add_parser("fresh")
    p.add_argument("out", type=Path)
    p.add_argument("--name", required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--size", type=int, default=400)
    p.add_argument("--also", type=Path, nargs="*", default=[])
    p.add_argument("--posts", action="store_true", help="20 Newsgroups test posts (round 17)")
    for name in ("sample", "baseline"):
        p = sub.add_parser(name)
        p.add_argument("run", type=Path)
        p.add_argument("--seed", type=int, required=True)
        p.add_argument("--sample", type=int, default=150)
        p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("changed")
    p.add_argument("after", type=Path)
    p.add_argument("sample", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("dropped")
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("after")
    p.add_argument("sample", type=Path)
    p.add_argument("changes", type=Path, nargs="?")
    args = parser.parse_args()
    if args.command == "dump":
        print(dump(args.out, args.size))
    elif args.command == "dump14":
        print(dump14(args.out))
    elif args.command == "fresh" and args.posts:
        fresh_posts(args.out, args.name, args.seed, args.also, args.size)
    elif args.command == "fresh":
        fresh(args.out, args.name, args.seed, args.also, args.size)
    elif args.command == "sample":
        write(args.out, ours(args.run, args.seed, args.sample, offsets=True))
    elif args.command == "baseline":
        write(args.out, baseline(args.run, args.seed, args.sample, offsets=True))
    elif args.command == "changed":
        write(args.out, changed(args.after, args.sample))
    elif args.command == "dropped":
        write(args.out, dropped(args.before, args.after, 0, 0))
    else:
        after(args.sample, args.changes)


if __name__ == "__main__":
    main()


__all__ = ["dump", "dump14", "fate", "fresh_posts", "judged_ids", "proportion", "read_ids"]
