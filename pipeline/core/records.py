"""Each record of the tables declared once: its Arrow schema and its API model come from it.

A record is a dataclass whose annotations say the column types; :func:`arrow_schema` reads
them (``int`` is int64 unless annotated :data:`Int32`; ``X | None`` is a nullable X;
``list[str]`` a list of strings; ``dict[str, str]`` a map of strings to strings;
``datetime.date`` a date32), and the editors' service
answers with the same dataclasses (FastAPI and pydantic take dataclasses as models). A
stage of your own declares its rows the same way.

>>> arrow_schema(Suggestion)
article_id: string
kind: string
label: string
score: double
rank: int32
source: string
confidence: string
reason: string
known: bool
evidence: string
article_label: string
"""

from __future__ import annotations

import datetime
import operator
import types
from dataclasses import dataclass, fields
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

import pyarrow as pa

Int32 = Annotated[int, pa.int32()]

_ARROW_TYPES: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    datetime.date: pa.date32(),
}


def _arrow_type(hint: Any) -> pa.DataType:
    if get_origin(hint) is Annotated:
        return next(arg for arg in get_args(hint)[1:] if isinstance(arg, pa.DataType))
    if get_origin(hint) in (Union, types.UnionType):
        [inner] = [arg for arg in get_args(hint) if arg is not type(None)]
        return _arrow_type(inner)
    if get_origin(hint) is list:
        return pa.list_(_arrow_type(get_args(hint)[0]))
    if get_origin(hint) is dict:
        key, value = get_args(hint)
        return pa.map_(_arrow_type(key), _arrow_type(value))
    return _ARROW_TYPES[hint]


def arrow_schema(record: type) -> pa.Schema:
    """The Arrow schema of a record dataclass, column by field, in order."""
    hints = get_type_hints(record, include_extras=True)
    return pa.schema([(f.name, _arrow_type(hints[f.name])) for f in fields(record)])


def row_maker(record: type) -> Any:
    """A fast ``record -> dict`` for hot paths (``dataclasses.asdict`` deep-copies)."""
    names = tuple(f.name for f in fields(record))
    values = operator.attrgetter(*names)
    return lambda item: dict(zip(names, values(item), strict=True))


@dataclass(slots=True)
class Mention:
    """One entity mention: where it is in the repaired article, what it is, the id of its
    entity (the same for every mention of one person across a run), the sentence it
    stands in, and the name it had within its article (``canonical`` is the run's)."""

    article_id: str
    field: str  # title or body
    start_char: Int32
    end_char: Int32
    text: str
    label: str
    canonical: str
    country_code: str | None
    entity_id: str = ""
    sentence: str = ""
    article_canonical: str = ""  # the name within its article, before the run's people pass

    def to_row(self) -> dict[str, Any]:
        return _mention_row(self)


_mention_row = row_maker(Mention)


@dataclass(slots=True)
class Entity:
    """One distinct (canonical, label) of an article, with its country, mention count and
    entity id (as its mentions')."""

    article_id: str
    canonical: str
    label: str
    country_code: str | None
    mentions: Int32
    entity_id: str = ""


@dataclass(slots=True)
class Suggestion:
    """A suggested category (the top three) or tag, with its score and rank, and where it
    came from: ``model`` (the suggestions stage), ``entity`` or ``phrase`` (the text_tags
    stage, tags from the article itself; its ranks count its own rows). ``confidence``:
    for a model's tag ``high`` (its precision measured) or ``maybe`` (too few examples to
    measure), for a category ``high``, ``medium`` or ``low``; ``reason``: why a tag was
    chosen (threshold, headline), or on the categories of an article unlike the training
    articles, why it got no tags. ``known``: for a tag from the text, whether it is already
    a tag (the model's or the site's); None for the model's. ``evidence``: for a tag from
    the text, its spans as JSON (``[{"field": "body", "start_char": 0, "end_char": 11}]``).
    ``article_label``: for an entity's tag the run renamed (the ``tag_names`` pass, after
    the ``people`` pass: "Obama" -> "Barack Obama"), the name it had within its article."""

    article_id: str
    kind: str  # category or tag
    label: str
    score: float
    rank: Int32
    source: str = "model"
    confidence: str | None = None
    reason: str | None = None
    known: bool | None = None
    evidence: str | None = None
    article_label: str | None = None


@dataclass(slots=True)
class RepairRow:
    """One repair of an article's text (offsets into the repaired field, when it shows)."""

    article_id: str
    field: str
    start_char: Int32 | None
    end_char: Int32 | None
    before: str
    after: str
    step: str
    reason: str | None


@dataclass(slots=True)
class ArticleRow:
    """An article as the ``articles`` table keeps it."""

    article_id: str
    source: str
    locator: str
    title: str
    body: str
    author: str | None
    published: str | None  # ISO date or datetime, as parsed
    published_date: datetime.date | None  # the calendar date, typed, for filtering
    category: str | None
    tags: list[str]
    encoding: str
    repairs: Int32
    url: str | None  # the article's web address, from url/link/permalink (or a guid that is one)
    publisher: str | None  # from publisher/publication/source_name/site_name/site/outlet
    meta: dict[str, str]  # every other field of the input record, name -> text (JSON if not)
    language: str | None  # ISO 639-1 as detected; None: the text does not say clearly


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """One editor's decision on one label of one article."""

    id: int
    created: str
    article_id: str
    kind: str
    label: str
    decision: str
    to: str | None = None
