"""The KPCrowd halves of round 12 (bench/people_kpcrowd.py): a stable split by the id."""

from __future__ import annotations

import json

from bench.people_kpcrowd import half, split
from newsdump_dev import corpora
from tests.support import corpus


def test_half_is_a_stable_hash_of_the_id():
    # sha1("a") ends in ...b8 (even), sha1("e") in ...7f (odd): fixed, whatever the hash seed
    assert half("a") == "A" and half("e") == "B"
    assert {half(f"story-{i}") for i in range(20)} == {"A", "B"}


def test_split_writes_both_halves_of_every_story(tmp_path):
    path = corpus(lambda: corpora.path_of(corpora.Path("keyphrase_news") / "kpcrowd_dev.jsonl"))
    counts = split(path, tmp_path)
    stories = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert counts["A"] + counts["B"] == len(stories)
    written = {
        name: [json.loads(line) for line in (tmp_path / f"kpcrowd_{name}.jsonl").open()]
        for name in "AB"
    }
    assert all(half(s["id"]) == name for name, rows in written.items() for s in rows)
    assert set(written["A"][0]) == {"id", "title", "body"}
