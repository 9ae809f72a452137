"""Articles not in English: each gets its language, and the English pipeline and the
English model leave the others alone, saying so through the language column and the
manifest."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest.language import detect_language, language_of
from tests.support import ROOT

LANGUAGES = ROOT / "tests" / "data" / "languages.jsonl"


def _articles() -> list[dict]:
    return [json.loads(line) for line in LANGUAGES.read_text(encoding="utf-8").splitlines()]


def test_each_article_gets_its_language():
    articles = _articles()
    assert len({a["language"] for a in articles}) >= 12
    found = [detect_language(a["title"], a["body"]) for a in articles]
    right = sum(f == a["language"] for f, a in zip(found, articles, strict=True))
    assert right / len(articles) >= 0.95, list(
        zip(found, [a["language"] for a in articles], strict=True)
    )


def test_close_languages_are_pooled_before_the_threshold():
    # The model splits this Croatian text between Croatian (0.53) and Bosnian (0.43): each
    # alone is under the threshold, the group (one macrolanguage) is not.
    title = "Vlada je u utorak predstavila novi proračun"
    body = (
        "Ministar financija rekao je da će novac ići u škole, bolnice i javni prijevoz, a "
        "oporba tvrdi da je plan preskup i da će povećati javni dug."
    )
    assert detect_language(title, body) == "hr"


def test_model_labels_become_iso_639_1_codes():
    # A member of a macrolanguage is named by the macrolanguage; a three-letter label with
    # an ISO 639-1 code by that code; "no linguistic content" by nothing.
    assert language_of([("yue", 0.7), ("zh", 0.2), ("ja", 0.1)]) == ("zh", 0.9)
    assert language_of([("arz", 0.95), ("fa", 0.05)])[0] == "ar"
    assert language_of([("kik", 0.99)])[0] == "ki"
    assert language_of([("pcm", 0.99)])[0] == "pcm"  # Nigerian Pidgin: no ISO 639-1 code
    assert language_of([("zxx", 1.0)])[0] is None
    assert language_of([("sr", 0.5), ("de", 0.45), ("hr", 0.05)]) == ("sr", 0.55)


@pytest.mark.parametrize(
    ("headline", "language"),
    [
        ("Путин провёл переговоры", "ru"),
        ("普京举行会谈", "zh"),
        ("푸틴 회담 개최", "ko"),
        ("بوتين يجري محادثات", "ar"),
        ("שיחות בקרמלין", "he"),
        ("プーチン氏が会談", "ja"),
    ],
)
def test_a_short_headline_in_another_script_than_latin_gets_its_language(headline, language):
    # Under the 40 letters a Latin text needs: the script leaves few languages, and an
    # English pipeline must not read it as its default.
    assert detect_language(headline, "") == language
    assert detect_language("Putin holds talks", "") is None


def test_short_or_unclear_text_is_left_undetermined():
    assert detect_language("Hello world!", "") is None
    assert detect_language("FLASH: Rates cut", "") is None


@pytest.mark.slow
def test_only_english_articles_get_english_entities_and_suggestions(tmp_path):
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app, ["run", str(LANGUAGES), "--out", str(out), "-q", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    articles = pd.read_parquet(out / "articles")
    gold = articles.meta.map(lambda pairs: dict(pairs)["language"])
    assert (articles.language == gold).mean() >= 0.95
    english = set(articles.article_id[articles.language == "en"])
    mentions = pd.read_parquet(out / "mentions")
    suggestions = pd.read_parquet(out / "suggestions")
    assert set(mentions.article_id) <= english and len(set(mentions.article_id)) > 0
    assert set(suggestions.article_id) <= english
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["languages"]["en"] == 2 and sum(manifest["languages"].values()) == len(articles)
