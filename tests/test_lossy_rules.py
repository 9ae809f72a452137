"""The lossy repair pinned on the development corpus, and each written rule's edge cases.

The pins hold the exact output of the repair on the typographic corpus's development
part (``newsdump_dev.corpora.typographic("dev")``), damaged as ``bench/bench_repair.py``
damages it: a change of behaviour anywhere in the chain, however small, changes a
digest. A planted slip in the closed-dash rule (``len(left) >= 2`` -> ``> 2``: 5 dashes
wrong in 4 documents) once passed every other repair test; these catch it. When a
change is meant to change the output, re-measure with ``bench/bench_repair.py`` and
update the figures here in the same commit, saying why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pytest

from newsdump_dev import corpora
from newsdump_dev.edit_distance import edit_distance
from newsdump_dev.evaluation import lossy_counts
from pipeline.ingest.lossy import damage, find_lossy_repairs
from pipeline.ingest.normalize import TEXT_STEPS, normalize_text
from tests.support import corpus

# -- the development part, pinned ---------------------------------------------------------------
DEV_ARTICLES = 736
# pipeline normalize (TEXT_STEPS) on every damaged article, the texts joined
DEV_REPAIRED_SHA256 = "8987dc411e8fbb404b70851a0b16c50acbd95e03c6d17f328303a085defbd022"
DEV_EDITS_LEFT = 1440  # the edit distance left against the clean texts (bench_repair: "left")
# the lossy step's repairs (offset, character, reason) of every damaged article
DEV_LOSSY_SHA256 = "a4e91427fafb57af49a61ece25a5acf4fa87fbc5945bc18129daab8c27d286d8"
DEV_LOSSY_WRONG = 1306  # sites restored to another character than the clean text's
# the same with each house dash style given (the reason then says "given")
DEV_LOSSY_GIVEN_SHA256 = {
    "en": "038ce80982fe75d43429f4d8a27085f66915cf871ef1c755b39bf41837c1595c",
    "em": "22e6a9792b8adcd69dc4914716f9d95fc10fdb52fe632f700fb1211a68fbca9c",
}


def _digest(parts: Iterable[str]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8"))
        sha.update(b"\x00")
    return sha.hexdigest()


@pytest.fixture(scope="module")
def dev_texts() -> list[str]:
    """The clean texts of the development part, as the bench reads them."""
    records = corpus(lambda: corpora.typographic("dev"))
    return [corpora.typographic_text(record) for record in records]


def _lossy_pass(texts: list[str], dash_style: str = "auto") -> tuple[str, int]:
    """The digest of every lossy repair (offset, character, reason) of the damaged
    ``texts``, and how many sites it restored to another character than the clean text's."""
    lines: list[str] = []
    wrong = 0
    for index, clean in enumerate(texts):
        truth = lossy_counts.truth_by_start(clean)
        for repair in find_lossy_repairs(damage(clean), dash_style):
            lines.append(
                f"{index}:{repair.start}:{repair.damaged}:{repair.restored}:{repair.reason}"
            )
            wrong += truth.get(repair.start, repair.restored) != repair.restored
    return _digest(lines), wrong


@pytest.mark.corpus
def test_repair_of_the_development_part_is_pinned(dev_texts):
    repaired = [normalize_text(damage(clean), TEXT_STEPS) for clean in dev_texts]
    assert len(dev_texts) == DEV_ARTICLES
    left = sum(edit_distance(text, clean) for text, clean in zip(repaired, dev_texts, strict=True))
    assert (left, _digest(repaired)) == (DEV_EDITS_LEFT, DEV_REPAIRED_SHA256)


@pytest.mark.corpus
def test_lossy_repairs_of_the_development_part_are_pinned(dev_texts):
    assert _lossy_pass(dev_texts) == (DEV_LOSSY_SHA256, DEV_LOSSY_WRONG)


@pytest.mark.corpus
@pytest.mark.parametrize("dash_style", ["en", "em"])
def test_lossy_repairs_in_a_given_house_style_are_pinned(dev_texts, dash_style):
    assert _lossy_pass(dev_texts, dash_style)[0] == DEV_LOSSY_GIVEN_SHA256[dash_style]
