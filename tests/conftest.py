from __future__ import annotations

from pathlib import Path

import pytest

from newsdump_dev import corpora
from tests.support import corpus


@pytest.fixture
def seed_file() -> Path:
    path = corpora.seed_file()
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared seeds folder is not beside the checkout")
    return path


@pytest.fixture(scope="session")
def reuters_test() -> list[dict]:
    return corpus(lambda: corpora.reuters("test"))


@pytest.fixture
def reuters_file() -> Path:
    return corpus(lambda: corpora.path_of(corpora.REUTERS))


@pytest.fixture(scope="session")
def typographic_articles() -> list[str]:
    """The eight typographic articles bundled with the tests (no corpus needed)."""
    from tests.support import TEST_DATA

    text = (TEST_DATA / "typographic_articles.txt").read_text(encoding="utf-8")
    return [part.strip() for part in text.split("\n###\n")]


CORPUS_FIXTURES = {"seed_file", "reuters_test", "reuters_file"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that read ../shared are marked ``corpus`` (``pytest -m "not corpus"`` skips them)."""
    for item in items:
        if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.corpus)
