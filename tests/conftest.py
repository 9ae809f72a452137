from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from newsdump_dev import corpora
from tests.support import corpus

# One fixed Hypothesis profile, loaded before any test module is imported (an @settings
# decorator inherits what it does not set from it): the same examples on every run and
# every machine (derandomize, no example database), no wall-clock limits (no deadline, no
# too_slow health check), and the blob to reproduce a failure printed with it. Tests set
# max_examples themselves where they need more or fewer than this.
settings.register_profile(
    "pipeline-tests",
    derandomize=True,
    database=None,
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("pipeline-tests")


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
