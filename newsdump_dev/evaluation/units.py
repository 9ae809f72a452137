"""Gold data for military units: our written sentences and the judged general-news spans."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsdump_dev import corpora
from pipeline.nlp.units import LABEL, might_mention_units

SENTENCES = corpora.ROOT / "tests" / "data" / "unit_sentences.jsonl"
# Armed services (``US Air Force``, ``the Chinese navy``) and the names that borrow their words.
SERVICE_SENTENCES = corpora.ROOT / "tests" / "data" / "service_sentences.jsonl"
SENTENCE_SETS = {"units": SENTENCES, "services": SERVICE_SENTENCES}
JUDGEMENTS = corpora.ROOT / "tests" / "data" / "general_news_units.json"
# A detector: text -> [(unit span, its country code or None)].
Detector = Callable[[str], list[tuple[str, str | None]]]


def load_sentences(part: str = "all", kind: str = "units") -> list[dict[str, Any]]:
    """The written sentences of one part (``dev``, ``test`` or ``all``) of one set.

    ``kind`` is ``units`` (formations of every kind) or ``services`` (armed services).
    """
    path = SENTENCE_SETS[kind]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if part in ("all", r["part"])]


def span_scores(rows: list[dict[str, Any]], detect: Detector) -> dict[str, Any]:
    """Span precision, recall, F1 and unit-country accuracy of ``detect`` on ``rows``."""
    tp = predicted = gold = 0
    country_right = country_total = stated_right = stated_total = 0
    found_with_country = 0  # gold spans found, with their country (None when it has none)
    errors = []
    for row in rows:
        found = detect(row["text"])
        found_counts = Counter(text for text, _ in found)
        gold_counts = Counter(row["units"])
        hits = found_counts & gold_counts
        tp += sum(hits.values())
        predicted += sum(found_counts.values())
        gold += sum(gold_counts.values())
        countries = dict(found)
        for span in hits:
            expected = row["countries"].get(span)
            country_total += 1
            country_right += countries[span] == expected
            found_with_country += (countries[span] == expected) * min(
                found_counts[span], gold_counts[span]
            )
            if expected:
                stated_total += 1
                stated_right += countries[span] == expected
        missed = sorted((gold_counts - found_counts).elements())
        extra = sorted((found_counts - gold_counts).elements())
        wrong_country = [
            (s, countries[s], row["countries"].get(s))
            for s in hits
            if countries[s] != row["countries"].get(s)
        ]
        if missed or extra or wrong_country:
            errors.append((row["text"], missed, extra, wrong_country))
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * tp / (predicted + gold) if predicted + gold else 1.0
    return {
        "sentences": len(rows),
        "gold": gold,
        "predicted": predicted,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "country_accuracy": country_right / country_total if country_total else None,
        "stated_country_accuracy": stated_right / stated_total if stated_total else None,
        "country_recall": found_with_country / gold if gold else None,
        "errors": errors,
    }


def news_texts(prefilter: bool = False) -> Iterator[tuple[str, str, str, str, str]]:
    """``(corpus, article id, part, field, text)`` of every Reuters and typographic title and body.

    ``part`` is the corpus's fixed split: Reuters ModApte test or typographic test publishers
    are ``test``, the rest ``dev``. With ``prefilter``, only texts that may mention a unit
    (:func:`might_mention_units`; the detector finds nothing in the others).
    """
    for record in corpora.reuters():
        part = "test" if record["modapte_split"] == "test" else "dev"
        for field in ("title", "body"):
            text = record[field]
            if text and (not prefilter or might_mention_units(text)):
                yield "reuters", str(record["id"]), part, field, text
    for record in corpora.typographic():
        part = corpora.typographic_part(record)
        for field in ("title", "body"):
            text = record.get(field)
            if text and (not prefilter or might_mention_units(text)):
                yield "typographic", str(record["id"]), part, field, text


def news_units(nlp: Language, recognizer: Any, prefilter: bool = False) -> list[dict[str, Any]]:
    """Every unit ``recognizer`` finds in the news corpora: corpus, id, part, field, span text."""
    found = []
    for corpus, article, part, field, text in news_texts(prefilter):
        doc: Doc = recognizer(nlp.make_doc(text))
        for ent in doc.ents:
            if ent.label_ == LABEL:
                found.append(
                    {
                        "corpus": corpus,
                        "id": article,
                        "part": part,
                        "field": field,
                        "span": ent.text,
                    }
                )
    return found


def news_scores(found: list[dict[str, Any]], judged: dict[tuple[str, str, str], str]) -> dict:
    """Precision over judged mentions; the spans nobody judged."""
    right = wrong = 0
    unjudged = []
    for mention in found:
        verdict = judged.get((mention["corpus"], mention["id"], mention["span"]))
        if verdict is None:
            unjudged.append(mention)
        elif verdict == "unit":
            right += 1
        else:
            wrong += 1
    total = right + wrong
    return {
        "mentions": len(found),
        "right": right,
        "wrong": wrong,
        "precision": right / total if total else 1.0,
        "unjudged": unjudged,
    }


def load_judgements() -> dict[tuple[str, str, str], str]:
    """``(corpus, article id, span) -> verdict`` from ``general_news_units.json``."""
    rows = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    return {(r["corpus"], r["article_id"], r["span"]): r["verdict"] for r in rows}
