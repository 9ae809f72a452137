"""One-call analysis for notebooks: ``analyze(title, body)``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.ingest.normalize import normalize_text
from pipeline.nlp.extract import EntityExtractor, Mention, entity_rows, mentions_of


@dataclass
class Analysis:
    """The repaired text of one article and what was found in it."""

    title: str
    body: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def entities(self) -> list[dict[str, Any]]:
        return entity_rows(self.mentions)

    @property
    def countries(self) -> list[str]:
        return sorted({m.country_code for m in self.mentions if m.country_code})

    def mentions_frame(self):
        import pandas as pd

        return pd.DataFrame([asdict(m) for m in self.mentions])


def analyze(
    title: str, body: str = "", *, model: str | None = None, article_id: str = ""
) -> Analysis:
    """Repair ``title`` and ``body`` and extract their entities.

    >>> result = analyze("Kremlin rebuffs Seoul", "Kremlin spokesman Dmitry Peskov told reporters "
    ...                  "on Monday that talks would go on. Peskov said no deal was near.")
    >>> result.countries
    ['KR', 'RU']
    >>> sorted({m.canonical for m in result.mentions if m.label == "PERSON"})
    ['Dmitry Peskov']
    """
    title, body = normalize_text(title), normalize_text(body)
    extractor = EntityExtractor(model=model)
    docs = {"title": extractor.nlp(title), "body": extractor.nlp(body)}
    return Analysis(title, body, mentions_of(article_id, docs))
