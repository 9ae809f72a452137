"""Gold data for countries and places: Reuters PLACES as ISO codes, our place sentences."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry

from newsdump_dev import corpora
from pipeline.core.model import Article, RawRecord
from pipeline.ingest import build_article
from pipeline.ingest.readers import canonical_fields
from pipeline.resources import load_json

if TYPE_CHECKING:
    from spacy.language import Language

PLACE_SENTENCES = corpora.ROOT / "tests" / "data" / "place_sentences.jsonl"


def place_code(name: str) -> str | None:
    """The ISO code of a Reuters PLACES name: our overrides (``ussr`` -> ``RU``), else pycountry.

    >>> place_code("uk"), place_code("west-germany"), place_code("japan")
    ('GB', 'DE', 'JP')
    """
    overrides = load_json("reuters_places.json")
    if name in overrides:
        return overrides[name]
    try:
        return pycountry.countries.lookup(name.replace("-", " ")).alpha_2
    except LookupError:
        return None


def reuters_articles(
    split: str = "test", limit: int | None = None
) -> list[tuple[Article, set[str]]]:
    """ModApte articles of ``split``, built as a run builds them, with their PLACES codes."""
    out = []
    for record in corpora.reuters(split):
        article = build_article(RawRecord("reuters", record["id"], canonical_fields(record)))
        if isinstance(article, Article):
            out.append((article, {c for c in map(place_code, record["places"]) if c}))
        if limit and len(out) >= limit:
            break
    return out


def document_countries(
    articles: Sequence[Article],
    n_process: int = 2,
    home_country: str | None = None,
    dump_country: str | None = None,
) -> list[set[str]]:
    """The countries the entities stage finds in each article (any mention with a code)."""
    from pipeline.nlp import EntityExtractor

    extractor = EntityExtractor(
        n_process=n_process,
        batch_size=128,
        home_country=home_country,
        dump_country=dump_country,
    )
    rows = extractor.annotate(articles)["mentions"]
    found: dict[str, set[str]] = {a.article_id: set() for a in articles}
    for row in rows:
        if row["country_code"]:
            found[row["article_id"]].add(row["country_code"])
    return [found[a.article_id] for a in articles]


def place_items(path: Path = PLACE_SENTENCES) -> list[dict[str, Any]]:
    """The items of ``tests/data/place_sentences.jsonl``: ``text`` (and ``title``), the
    expected ``countries``, a ``kind`` and a ``part`` (dev or test)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def article_countries(
    nlp: Language,
    body: str,
    title: str = "",
    home_country: str | None = None,
    dump_country: str | None = None,
) -> set[str]:
    """The countries the pipeline finds in a short article, as a run finds them: the text
    normalised, our spaCy components, then the article-level settling of ``mentions_of``."""
    from pipeline.ingest.normalize import normalize_text
    from pipeline.nlp import mentions_of

    docs = {"body": nlp(normalize_text(body))}
    if title:
        docs["title"] = nlp(normalize_text(title))
    found = mentions_of("item", docs, home_country=home_country, dump_country=dump_country)
    return {m.country_code for m in found if m.country_code}


def item_countries(nlp: Language, item: dict[str, Any]) -> set[str]:
    """:func:`article_countries` of one item of :func:`place_items`, with its home and dump
    countries."""
    return article_countries(
        nlp,
        item["text"],
        item.get("title", ""),
        item.get("home_country"),
        item.get("dump_country"),
    )
