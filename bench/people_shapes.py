"""Where a run's PERSON errors concentrate, by the mention's shape (round 11).

    python -m bench.people_shapes RUN [--part dev] [--sample 200] [--seed 3011]
        [--out bench/judged/people_dev_round11.tsv] [--judged FILE]

Draws ``--sample`` random PERSON mentions of a ``pipeline run`` over the typographic corpus
on one part (:func:`newsdump_dev.corpora.typographic_part`), each with its sentence and four
shapes read off the article's text, and writes them for judging (``verdict`` ok/wrong,
``kind`` for what a wrong one is). With ``--judged`` (a judged file of this script), prints
the precision of each shape's mentions, and the share of the part's PERSON mentions of that
shape. The shapes:

- ``words``: one word or several;
- ``full``: the mention is a name of several words, or the article writes its entity (or
  its word) inside a PERSON name of several words;
- ``sign``: some mention of the entity in the article has a person's sign near it: a title
  before (``Mr.``, ``President``), a speech verb just before or after, ``he``/``she``/``his``
  /``her`` in the next 12 words, ``, 45,`` (an age), ``, who``, or a role of the lists in
  the four words after a comma;
- ``given``: its first word is a known given name (Faker's first names or the census ones).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from bench.eval_people import OUT, context, parts, rate, read, write
from pipeline.nlp import names
from pipeline.nlp.person_cues import cue

_WORD = re.compile(r"\w+(?:['’.-]\w+)*\.?|[^\w\s]")
_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "himself", "herself"})
_NEAR = 12


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _signs_at(toks: list[tuple[int, int, str]], start: int, end: int) -> set[str]:
    """The person's signs around the mention covering characters ``start``..``end``."""
    first = next((i for i, t in enumerate(toks) if t[1] > start), len(toks))
    last = next((i for i, t in enumerate(toks) if t[0] >= end), len(toks))

    def word(i: int) -> str:
        return toks[i][2].lower() if 0 <= i < len(toks) else ""

    found = set()
    if first > 0 and names.is_title(toks[first - 1][2]):
        found.add("title")
    if cue("speech", word(last)) or cue("speech", word(first - 1)):
        found.add("speech")
    if any(word(i) in _PRONOUNS for i in range(last, last + _NEAR)):
        found.add("pronoun")
    if word(last) == ",":
        if word(last + 1).isdigit():
            found.add("age")
        elif word(last + 1) == "who":
            found.add("who")
        elif any(cue("roles", word(i)) or cue("jobs", word(i)) for i in range(last + 1, last + 5)):
            found.add("role")
    return found


def shapes(run: Path, part: str) -> list[dict]:
    """Every PERSON mention of ``run`` on ``part``, with its shapes and context."""
    where = parts()
    texts = {}
    for row in read(run, "articles"):
        texts[(row["article_id"], "title")] = row["title"]
        texts[(row["article_id"], "body")] = row["body"]
    by_article: dict[str, list[dict]] = defaultdict(list)
    for m in read(run, "mentions"):
        if m["label"] == "PERSON" and where[m["article_id"]] == part:
            by_article[m["article_id"]].append(m)
    rows = []
    toks_of: dict[tuple[str, str], list] = {}
    for article, mentions in by_article.items():
        long_words = {w for m in mentions if len(m["text"].split()) > 1 for w in m["text"].split()}
        long_entities = {m["entity_id"] for m in mentions if len(m["text"].split()) > 1}
        signs: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            key = (m["article_id"], m["field"])
            if key not in toks_of:
                toks_of[key] = tokens(texts[key])
            ent = m["entity_id"] or m["canonical"]
            signs[ent] |= _signs_at(toks_of[key], m["start_char"], m["end_char"])
        for m in mentions:
            words = m["text"].split()
            ent = m["entity_id"] or m["canonical"]
            rows.append(
                {
                    "article_id": article,
                    "text": m["text"],
                    "canonical": m["canonical"],
                    "words": "several" if len(words) > 1 else "one",
                    "full": "yes"
                    if len(words) > 1
                    or (m["entity_id"] and m["entity_id"] in long_entities)
                    or m["text"] in long_words
                    else "no",
                    "sign": ",".join(sorted(signs[ent])) or "none",
                    "given": "yes"
                    if names.is_first_name(words[0]) or names.is_given_name(words[0])
                    else "no",
                    "context": context(texts, m),
                }
            )
    return rows


def report(rows: list[dict], judged: Path) -> None:
    """Precision of the judged mentions by shape, and the share of all mentions per shape."""
    verdicts = list(csv.DictReader(judged.open(encoding="utf-8"), delimiter="\t"))
    verdicts = [r for r in verdicts if r["verdict"] in ("ok", "wrong")]
    ok = sum(r["verdict"] == "ok" for r in verdicts)
    print(f"{judged.name}: {ok}/{len(verdicts)} = {ok / max(1, len(verdicts)):.3f}")
    print("kinds of the wrong:", Counter(r["kind"] for r in verdicts if r["verdict"] == "wrong"))
    tests = {
        "one word": lambda r: r["words"] == "one",
        "several words": lambda r: r["words"] == "several",
        "named in full": lambda r: r["full"] == "yes",
        "not named in full": lambda r: r["full"] == "no",
        "person sign": lambda r: r["sign"] != "none",
        "no person sign": lambda r: r["sign"] == "none",
        "known given name": lambda r: r["given"] == "yes",
        "no known given name": lambda r: r["given"] == "no",
        "one word, no sign, not in full": lambda r: (
            r["words"] == "one" and r["sign"] == "none" and r["full"] == "no"
        ),
        "one word, no sign, not in full, no given": lambda r: (
            r["words"] == "one" and r["sign"] == "none" and r["full"] == "no" and r["given"] == "no"
        ),
        "several, no sign, no given": lambda r: (
            r["words"] == "several" and r["sign"] == "none" and r["given"] == "no"
        ),
    }
    for name, test in tests.items():
        sub = [r for r in verdicts if test(r)]
        share = sum(test(r) for r in rows) / max(1, len(rows))
        good = sum(r["verdict"] == "ok" for r in sub)
        print(f"  {name:42} {rate(good, len(sub)):24}   share of all mentions {share:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("run", type=Path)
    parser.add_argument("--part", default="dev")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=3011)
    parser.add_argument("--out", type=Path, default=OUT / "people_dev_round11.tsv")
    parser.add_argument("--judged", type=Path)
    args = parser.parse_args()
    rows = shapes(args.run, args.part)
    print(f"PERSON mentions on {args.part}: {len(rows)}")
    if args.judged:
        report(rows, args.judged)
        return
    sample = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    write(args.out, [{**r, "kind": "", "verdict": ""} for r in sample])


if __name__ == "__main__":
    main()
