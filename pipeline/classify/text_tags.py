"""The ``text_tags`` stage: tags from the article itself, as editors write them.

Editors' tags are mostly open vocabulary: the names and key phrases of the article ("North
Korean troops", "Storm Corps"), not labels from a fixed list. This stage suggests them from
the article's entities (the entities stage's ``mentions``, by canonical name) and its key
phrases (:mod:`pipeline.classify.phrases`), each with the spans it stands on. A candidate
that is already a tag (the suggestion model's, or the site's list: same words whatever the
case, plural, slug or alias) takes that spelling and is marked ``known``; the others are new.

It adds rows to the ``suggestions`` table (``kind="tag"``, ``source`` ``entity`` or
``phrase``; ``known``; ``evidence`` as JSON spans), ranked 1.. among its own rows, scores
relative to the article's best candidate (1.0).

>>> tagger = TextTagger(TextTagsOptions(model_tags=False))
>>> from pipeline.core.model import Article
>>> rows = tagger.annotate([Article("a1", "", "", "Storm Corps in Russia",
...     "The Storm Corps, North Korea's special forces, reached Russia.")],
...     {"mentions": []})["suggestions"]
>>> sorted((r["label"], r["source"], r["known"]) for r in rows if r["score"] > 0.5)
[('Russia', 'phrase', False), ('Storm Corps', 'phrase', False)]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import Field

from pipeline.core.model import Article, EditorRequest
from pipeline.core.options import StageOptions
from pipeline.core.registry import StageDefinition
from pipeline.core.schemas import SUGGESTIONS as SUGGESTIONS_TABLE
from pipeline.core.stage import Rows, mentions_by_article

MAX_EVIDENCE = 20
# The evidence column's JSON, compact; one encoder (json.dumps makes one a call when given
# separators).
_EVIDENCE_JSON = json.JSONEncoder(separators=(",", ":"))


class TextTagsOptions(StageOptions):
    """``limit``: tags per article at most. ``min_score``: the least score (relative to the
    article's best candidate, 0..1). ``entities``: use the entities stage's mentions (off:
    phrases only). ``max_words``: words in a phrase at most. ``known_tags``: the site's tags,
    a file (``.txt``: one a line, aliases after ``|``: ``United Nations | UN``; ``.json``:
    a list, or an object tag -> aliases). ``model_tags``: the suggestion model's tags are
    known too (``model_dir``: its folder; None: ``$PIPELINE_MODEL`` or the bundled one).
    ``languages``: the languages its word classes and background know (English): an
    article detected in another gets no tags from its text."""

    limit: int = Field(10, ge=1, le=100)
    min_score: float = Field(0.1, ge=0.0, le=1.0)
    entities: bool = True
    max_words: int = Field(3, ge=1, le=8)
    known_tags: str | None = None
    model_tags: bool = True
    model_dir: str | None = None
    languages: tuple[str, ...] = ("en",)


TEXT_TAGS = StageDefinition(
    name="text_tags",
    factory="pipeline.classify.text_tags:TextTagger",
    options=TextTagsOptions,
    tables={"suggestions": SUGGESTIONS_TABLE},
    kind="chunk",
    order=30,
    # A few milliseconds an article, no model to load.
    light=True,
    reads=("mentions",),
    help="Tags from the article itself: its entities and key phrases, new or known.",
)
DEFINITION = TEXT_TAGS


def _read_known(path: Path) -> dict[str, list[str]]:
    """The site's tags file as tag -> aliases."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(text)
        if isinstance(data, list):
            return {str(tag): [] for tag in data}
        return {str(tag): [str(a) for a in aliases or []] for tag, aliases in data.items()}
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        parts = [part.strip() for part in line.split("#", 1)[0].split("|")]
        if parts[0]:
            found[parts[0]] = [part for part in parts[1:] if part]
    return found


def known_vocabulary(options: TextTagsOptions) -> dict[str, str]:
    """Every known tag's key (and its aliases' keys) -> the tag's spelling."""
    from pipeline.classify.phrases import key_of

    tags: dict[str, list[str]] = {}
    if options.model_tags:
        from pipeline.classify.card import verify_model_dir
        from pipeline.classify.stage import default_model_dir

        model_dir = Path(options.model_dir) if options.model_dir else default_model_dir()
        if model_dir is not None:
            labels = verify_model_dir(model_dir).get("labels", {}).get("tags", {})
            tags.update({label: [] for label in labels})
    if options.known_tags:
        tags.update(_read_known(Path(options.known_tags)))
    vocabulary: dict[str, str] = {}
    for tag, aliases in tags.items():
        for name in (tag, *aliases):
            if key_of(name):
                vocabulary.setdefault(key_of(name), tag)
    return vocabulary


class TextTagger:
    """Tags from the article's entities and key phrases (a
    :class:`pipeline.core.stage.Stage`; :data:`TEXT_TAGS` declares it)."""

    name = DEFINITION.name
    tables = DEFINITION.tables
    reads = DEFINITION.reads
    # The service's explanations compute the tags from the mentions themselves.
    explains_alone = True

    def __init__(self, options: TextTagsOptions):
        from pipeline.classify.phrases import Scoring

        self.options = options
        self.vocabulary = known_vocabulary(options)
        self.scoring = replace(Scoring(), max_words=options.max_words)

    def describe(self) -> dict[str, Any]:
        from pipeline.classify.phrase_words import BACKGROUND_FILE, background

        return {
            "model": f"{BACKGROUND_FILE} ({background().documents} stories)",
            "known_tags": len(set(self.vocabulary.values())),
        }

    def tags(
        self, article: Article, mentions: list[dict[str, Any]], rejected: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        """The article's tags, best first: label, score, source, known, spans."""
        from pipeline.classify.phrases import key_of, text_candidates

        used = mentions if self.options.entities else []
        skip = {key_of(label) for label in rejected}
        found: list[dict[str, Any]] = []
        listed: set[str] = set()
        for candidate in text_candidates(article.title, article.body, used, self.scoring):
            if candidate.score < self.options.min_score or len(found) >= self.options.limit:
                break
            known = self.vocabulary.get(candidate.key)
            label = known or candidate.label
            if key_of(label) in skip or label.casefold() in listed:
                continue
            listed.add(label.casefold())
            found.append(
                {
                    "label": label,
                    "score": candidate.score,
                    "source": candidate.source,
                    "known": known is not None,
                    "entity_label": candidate.entity_label,
                    "spans": [s.to_dict() for s in candidate.spans[:MAX_EVIDENCE]],
                }
            )
        return found

    def annotate(self, articles: Sequence[Article], rows: Rows) -> Rows:
        mentions = mentions_by_article(rows)
        found = []
        for article in articles:
            if not article.written_in(self.options.languages):
                continue
            for rank, tag in enumerate(self.tags(article, mentions.get(article.article_id, [])), 1):
                spans = [
                    {k: s[k] for k in ("field", "start_char", "end_char")} for s in tag["spans"]
                ]
                found.append(
                    {
                        "article_id": article.article_id,
                        "kind": "tag",
                        "label": tag["label"],
                        "score": tag["score"],
                        "rank": rank,
                        "source": tag["source"],
                        "known": tag["known"],
                        "evidence": _EVIDENCE_JSON.encode(spans),
                    }
                )
        return {"suggestions": found}

    def explain(
        self, articles: Sequence[Article], requests: Sequence[EditorRequest], rows: Rows
    ) -> list[dict[str, Any]]:
        """What the editors' service shows: ``text_tags``, each with its source, ``new`` or
        known, and its spans as evidence; tags the editors rejected are left out, those
        they accepted marked."""
        mentions = mentions_by_article(rows)
        answers = []
        for article, request in zip(articles, requests, strict=True):
            accepted = {label.casefold() for label in request.accepted.get("tag", [])}
            tags = self.tags(
                article, mentions.get(article.article_id, []), request.rejected.get("tag", [])
            )
            answers.append({"text_tags": [_shown(tag, accepted) for tag in tags]})
        return answers


def _shown(tag: dict[str, Any], accepted: set[str]) -> dict[str, Any]:
    feature = f"{tag['entity_label']} mentions" if tag["entity_label"] else "phrase occurrences"
    return {
        "label": tag["label"],
        "score": tag["score"],
        "source": tag["source"],
        "new": not tag["known"],
        "status": "accepted" if tag["label"].casefold() in accepted else None,
        "evidence": [
            {
                "feature": feature,
                "weight": None,
                "value": float(len(tag["spans"])),
                "contribution": None,
                "spans": tag["spans"],
            }
        ],
    }
