"""The development corpora beside the checkout, in one place, for benchmarks and tests.

The corpora live in ``../shared/corpora`` (``$PIPELINE_CORPORA`` overrides it) and are never
copied into the project. Each has a fixed development / test split, so that choices are
made on the development part and figures reported on the test part:

- Reuters-21578: the ModApte split (``modapte_split``: train / test).
- typographic: split by publisher, so the test part holds publishers never seen while
  tuning (about a third of them); articles without a known publisher split by id.
- news_categories (20 Newsgroups): the standard "bydate" train / test split.

>>> stable_fraction("www.example.com") == stable_fraction("www.example.com")
True
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parents[1]
Part = Literal["dev", "test", "all"]
TYPOGRAPHIC_TEST_SHARE = 1 / 3


class CorpusMissing(FileNotFoundError):
    """A development corpus is not on this machine (``../shared`` is not beside the checkout)."""


def corpora_dir() -> Path:
    """``$PIPELINE_CORPORA``, else ``../shared/corpora`` beside the checkout."""
    return Path(os.environ.get("PIPELINE_CORPORA") or ROOT.parent / "shared" / "corpora")


def seed_file() -> Path:
    """The seed article of the input layout (``../shared/seeds``)."""
    return corpora_dir().parent / "seeds" / "000_b0f31f6c0159b244.txt"


REUTERS = Path("reuters21578") / "reuters21578.jsonl"
TYPOGRAPHIC = Path("typographic") / "articles.jsonl"
NEWS_CATEGORIES = Path("news_categories") / "20newsgroups_bydate.jsonl"


def path_of(corpus: Path) -> Path:
    """The file of a corpus (one of the constants above); CorpusMissing when absent."""
    path = corpora_dir() / corpus
    if not path.exists():
        raise CorpusMissing(
            f"{path} is absent: the shared corpora folder is not beside the checkout"
        )
    return path


def _records(corpus: Path) -> Iterator[dict[str, Any]]:
    with path_of(corpus).open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def stable_fraction(key: str) -> float:
    """A number in [0, 1) fixed by ``key`` alone: the same split on every machine and run."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 2**32


def reuters(split: Literal["train", "test", "all"] = "all") -> list[dict[str, Any]]:
    """Reuters-21578 records; ``split`` selects the ModApte train or test part."""
    return [r for r in _reuters_all() if split == "all" or r["modapte_split"] == split]


@cache
def _reuters_all() -> tuple[dict[str, Any], ...]:
    return tuple(_records(REUTERS))


def typographic_part(record: dict[str, Any]) -> Literal["dev", "test"]:
    """Which part of the typographic corpus an article belongs to (by its publisher)."""
    key = record.get("publisher") or record["id"]
    return "test" if stable_fraction(key) < TYPOGRAPHIC_TEST_SHARE else "dev"


def typographic(part: Part = "all") -> list[dict[str, Any]]:
    """Typographic articles (``id``, ``title``, ``body``, ``publisher``, ...) of one part."""
    return [r for r in _records(TYPOGRAPHIC) if part == "all" or typographic_part(r) == part]


def typographic_text(record: dict[str, Any]) -> str:
    """An article's whole text as a dump would hold it: the title line, then the body."""
    return f"{record['title']}\n\n{record['body']}" if record["title"] else record["body"]


def news_categories(split: Literal["train", "test", "all"] = "all") -> list[dict[str, Any]]:
    """20 Newsgroups posts (``title``, ``body``, ``category``) of the bydate split."""
    return [r for r in _records(NEWS_CATEGORIES) if split == "all" or r["split"] == split]
