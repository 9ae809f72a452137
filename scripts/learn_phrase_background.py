"""Learn the background of ordinary news that key phrases are scored against.

    python scripts/learn_phrase_background.py [--out pipeline/resources/phrase_background.json]

Reads Reuters-21578 (every story with a body, 19,043 of them; the stories themselves are not
an evaluation set of this stage) and writes, for each word in at least ``--min-df`` stories:
its document frequency and how often spaCy's tagger (``en_core_web_sm``) calls it a noun
(NOUN, PROPN) or an adjective, in percent; and the singular of plural nouns (the tagger's
lemma, where an English plural rule agrees). Only counts are written, never text.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

import spacy

from newsdump_dev.corpora import reuters
from pipeline.classify.phrase_words import plausible_singular, words
from pipeline.nlp.loader import default_model_name

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "pipeline" / "resources" / "phrase_background.json"
NOUNS = {"NOUN", "PROPN"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-df", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="first N stories (a trial)")
    args = parser.parse_args()
    texts = [r["body"] for r in reuters() if r["body"]][: args.limit]
    nlp = spacy.load(default_model_name(), exclude=["parser", "ner", "senter"])
    df: Counter[str] = Counter()
    tags: dict[str, Counter[str]] = defaultdict(Counter)
    lemmas: dict[str, Counter[str]] = defaultdict(Counter)
    for done, doc in enumerate(nlp.pipe(texts, batch_size=64), 1):
        by_start = {token.idx: token for token in doc}
        by_end = {token.idx + len(token): token for token in doc}
        seen = set()
        for word in words(doc.text):
            if not word.is_word:
                continue
            lower = word.lower
            seen.add(lower)
            # A hyphenated word is as its last part is (spaCy splits it).
            token = by_end.get(word.end) or by_start.get(word.start)
            if token is None:
                continue
            tags[lower][token.pos_] += 1
            if token.pos_ in NOUNS and token.text.lower() == lower:
                lemmas[lower][token.lemma_.lower()] += 1
        df.update(seen)
        if done % 2000 == 0:
            print(f"{done}/{len(texts)} stories", flush=True)
    table = {}
    for word, count in sorted(df.items()):
        if count < args.min_df:
            continue
        total = sum(tags[word].values()) or 1
        nouns = sum(tags[word][t] for t in NOUNS)
        table[word] = [count, round(100 * nouns / total), round(100 * tags[word]["ADJ"] / total)]
    plurals = {}
    for word, counted in lemmas.items():
        if word not in table or not word.endswith("s"):
            continue
        lemma = counted.most_common(1)[0][0]
        if plausible_singular(word, lemma):
            plurals[word] = lemma
    data = {
        "_about": "Background of ordinary news for key phrases (pipeline/classify/phrase_words.py): "
        "per word, [stories of Reuters-21578 it is in, % tagged NOUN or PROPN, % tagged ADJ] by "
        f"spaCy {nlp.meta['name']} {nlp.meta['version']}; words in >= {args.min_df} stories; "
        "plurals: the singular of plural nouns. Written by "
        "scripts/learn_phrase_background.py; counts only.",
        "documents": len(texts),
        "words": table,
        "plurals": dict(sorted(plurals.items())),
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(
        f"wrote {args.out}: {len(table)} words, {len(plurals)} plurals, "
        f"{args.out.stat().st_size // 1024} KiB"
    )


if __name__ == "__main__":
    main()
