from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_b0f31f6c0159b244.txt"
REUTERS = SHARED / "corpora" / "reuters21578" / "reuters21578.jsonl"
SAMPLE = ROOT / "data" / "sample"
TEST_DATA = Path(__file__).parent / "data"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(
            f"{path} is absent: the shared corpora/seeds folder ../shared is not beside the checkout"
        )
    return path


@pytest.fixture
def seed_file() -> Path:
    return require(SEED)


@pytest.fixture
def reuters_file() -> Path:
    return require(REUTERS)


@pytest.fixture(scope="session")
def typographic_articles() -> list[str]:
    text = (TEST_DATA / "typographic_articles.txt").read_text(encoding="utf-8")
    return [part.strip() for part in text.split("\n###\n")]
