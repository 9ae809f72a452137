"""People named by Reuters-21578's editors (PEOPLE) found as PERSON, through `pipeline run`,
side by side with plain spaCy in the same run: a stand-in for "CoNLL-2003 PER not below
en_core_web_sm" (CoNLL-2003, itself Reuters news, is on no package index here).

    python bench/eval_reuters_people.py [--workdir DIR] [--limit N]

The 1,156 articles with a PEOPLE entry (1,391 article-person pairs: `reagan`, `james-baker`,
`de-clercq`), split as ModApte: the train part (433 articles) is where wire news was read
while the person rules were written; the test part and the articles ModApte leaves out
(723) were not read. A pair is found when some PERSON mention of the article (title or
body) contains the person's last name as a word (`Baker`, `James A. Baker`, `De Clercq`),
compared without case or accents.

The editors list only the people an article is about, so this measures recall of those
people, not precision; for precision on the same kind of text see the judged samples in
docs/guides/people.md. Also printed: PERSON mentions per article for both systems.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

import pandas as pd

from newsdump_dev import corpora
from pipeline.nlp.loader import default_model_name


def folded_words(text: str) -> list[str]:
    """Lower-case words without accents: ``"De Clercq's"`` -> ``["de", "clercq", "s"]``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z]+", plain.lower())


def last_name(person: str) -> str:
    """A PEOPLE entry's last name: ``james-baker`` -> ``baker``, ``de-clercq`` -> ``clercq``."""
    return person.rsplit("-", 1)[-1]


def part_of(record: dict) -> str:
    return "dev" if record["modapte_split"] == "train" else "test"


def write_dump(records: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            body = r["body"] or r["unproc_text"]
            row = {"id": r["id"], "title": r["title"], "dateline": r["dateline"], "body": body}
            handle.write(json.dumps(row) + "\n")


def pipeline_people(dump: Path, out: Path) -> dict[str, list[str]]:
    """PERSON mention texts per article id, from `pipeline run`'s mentions table."""
    command = [sys.executable, "-m", "pipeline.cli", "run", str(dump), "--out", str(out)]
    subprocess.run([*command, "--no-suggestions", "--overwrite", "--quiet"], check=True)
    mentions = pd.read_parquet(out / "mentions", columns=["article_id", "label", "text"])
    people = mentions[mentions.label == "PERSON"]
    return people.groupby("article_id").text.apply(list).to_dict()


def spacy_people(records: list[dict]) -> dict[str, list[str]]:
    """PERSON entity texts per article id from the stock spaCy pipeline, every component."""
    import spacy

    nlp = spacy.load(default_model_name())
    texts = [(r["title"], r["body"] or r["unproc_text"]) for r in records]
    found: dict[str, list[str]] = defaultdict(list)
    for record, (title, body) in zip(records, texts, strict=True):
        for doc in nlp.pipe([title, body]):
            found[record["id"]] += [e.text for e in doc.ents if e.label_ == "PERSON"]
    return dict(found)


def recall(records: list[dict], people: dict[str, list[str]]) -> tuple[int, int, int]:
    """(pairs found, pairs, PERSON mentions) over ``records``."""
    found = pairs = mentions = 0
    for r in records:
        texts = people.get(r["id"], [])
        mentions += len(texts)
        words = {w for text in texts for w in folded_words(text)}
        for person in r["people"]:
            pairs += 1
            found += last_name(person) in words
    return found, pairs, mentions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--limit", type=int, help="only the first N articles (a quick look)")
    parser.add_argument("--misses", type=int, default=0, help="print N missed pairs per system")
    args = parser.parse_args()
    records = [r for r in corpora.reuters() if r["people"]][: args.limit]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reuters-people-"))
    workdir.mkdir(parents=True, exist_ok=True)
    write_dump(records, workdir / "people.jsonl")
    systems = {
        "pipeline run": pipeline_people(workdir / "people.jsonl", workdir / "run"),
        f"spaCy {default_model_name()}": spacy_people(records),
    }
    parts = {p: [r for r in records if part_of(r) == p] for p in ("dev", "test")}
    print(f"{len(records)} Reuters-21578 articles with PEOPLE; run in {workdir}")
    print(f"{'system':<28} {'part':<5} {'found / pairs':>15} {'recall':>7} {'PERSON a doc':>13}")
    for name, people in systems.items():
        for part, part_records in parts.items():
            found, pairs, mentions = recall(part_records, people)
            print(
                f"{name:<28} {part:<5} {f'{found} / {pairs}':>15} {found / pairs:7.3f} "
                f"{mentions / len(part_records):13.2f}"
            )
        shown = 0
        for r in records:
            words = {w for text in people.get(r["id"], []) for w in folded_words(text)}
            for person in r["people"]:
                if shown < args.misses and last_name(person) not in words:
                    shown += 1
                    print(f"  missed {person} in {r['id']} ({part_of(r)}): {people.get(r['id'])}")


if __name__ == "__main__":
    main()
