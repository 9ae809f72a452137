"""From a raw record to a repaired Article: normalize text, parse date and tags, assign the id."""

from __future__ import annotations

import json
import re
from typing import Any

from pipeline.core.model import Article, ErrorRecord, RawRecord, content_id
from pipeline.ingest.dates import parse_published
from pipeline.ingest.markup import html_to_text, looks_like_html
from pipeline.ingest.normalize import (
    Repair,
    explain_normalization,
    normalize_text,
    normalize_with_count,
)
from pipeline.ingest.options import RepairOptions

_TAG_SPLIT_RE = re.compile(r"[,;|]")


def parse_tags(value: Any) -> list[str]:
    """Tags from a list, a JSON list in a string, or a comma/semicolon/pipe-separated string.

    >>> parse_tags("war, Russia; Ukraine")
    ['war', 'Russia', 'Ukraine']
    >>> parse_tags('["a", "b", "a"]')
    ['a', 'b']
    """
    if value is None:
        return []
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError:
                value = _TAG_SPLIT_RE.split(stripped.strip("[]"))
        else:
            value = _TAG_SPLIT_RE.split(stripped)
    elif not isinstance(value, list | tuple):
        try:
            value = list(value)  # numpy arrays from Parquet
        except TypeError:
            value = [value]
    seen: dict[str, None] = {}
    for tag in value:
        if tag is None:
            continue
        text = str(tag).strip().strip("\"'")
        if text:
            seen.setdefault(text, None)
    return list(seen)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value if v)
    return str(value)


def _plain(value: Any, text_already: bool = False) -> str:
    """A title's or body's text; one written in HTML (a CMS's body, from a file, the
    service or ``analyze``) as its visible text, unless the reader made it text already.

    >>> _plain("<p>Rain &amp; wind.</p><p>Roads closed.</p>")
    'Rain & wind.\\n\\nRoads closed.'
    >>> _plain("Use <p>paragraphs</p> and <br> breaks.", text_already=True)
    'Use <p>paragraphs</p> and <br> breaks.'
    """
    text = _text(value)
    return html_to_text(text) if not text_already and looks_like_html(text) else text


def _with_dateline(fields: dict[str, Any], text_already: bool = False) -> str:
    """Wire copy keeps its dateline ("TOKYO, April 8 -") apart; it is the body's first words."""
    body = _plain(fields.get("body"), text_already)
    dateline = _text(fields.get("dateline")).strip()
    if dateline and body.strip() and not body.lstrip().startswith(dateline):
        return f"{dateline} {body.lstrip()}"
    return body


NO_TEXT = "record has neither a title nor a body"


def build_article(raw: RawRecord, options: RepairOptions | None = None) -> Article | ErrorRecord:
    """Repair and type one raw record (with ``options``; None: the defaults).

    A record with a title or a body is an article: a brief (wire flash, headline-only
    post) has an empty body, and later stages work from its title. Only a record with
    neither becomes an ErrorRecord.

    >>> brief = build_article(RawRecord("feed.jsonl", "line 2", {"title": "FLASH: Rates cut"}))
    >>> brief.title, brief.body
    ('FLASH: Rates cut', '')
    >>> build_article(RawRecord("feed.jsonl", "line 3", {"author": "desk"})).reason
    'record has neither a title nor a body'
    """
    return explain_article(raw, options)[0]


def explain_article(
    raw: RawRecord, options: RepairOptions | None = None
) -> tuple[Article | ErrorRecord, dict[str, list[Repair]]]:
    """:func:`build_article`, and the repairs made to the title and the body (listed as
    ``pipeline normalize --explain`` lists them, the fields' tidying left out), repaired once.

    >>> article, repairs = explain_article(RawRecord("x", "1", {"title": "Kimâ??s cafÃ©"}))
    >>> article.title, [(r.before, r.after) for r in repairs["title"]], repairs["body"]
    ('Kim’s café', [('â??', '’'), ('Ã©', 'é')], [])
    >>> em = RepairOptions(dash_style="em")
    >>> explain_article(RawRecord("x", "1", {"body": "A â?? B"}), em)[0].body
    'A — B'
    """
    fields = raw.fields
    title = _plain(fields.get("title"), raw.plain_text)
    title, title_repairs = explain_normalization(title, options=options)
    body, body_repairs = explain_normalization(
        _with_dateline(fields, raw.plain_text), options=options
    )
    repairs = {"title": title_repairs, "body": body_repairs}
    if not title and not body:
        return ErrorRecord(raw.source, raw.locator, NO_TEXT), repairs
    tags_and_repairs = [
        normalize_with_count(tag, options) for tag in parse_tags(fields.get("tags"))
    ]
    tags = list(dict.fromkeys(tag for tag, _ in tags_and_repairs if tag))
    category = normalize_text(_text(fields.get("category")), options=options) or None
    author = normalize_text(_text(fields.get("author")), options=options) or None
    own_id = _text(fields.get("id")).strip()
    day_first = options is not None and options.date_order == "day-first"
    published = parse_published(fields.get("published"), day_first=day_first)
    meta = dict(raw.meta)
    if published is None and fields.get("published") is not None:
        meta.setdefault("published", _text(fields["published"]))  # kept, though unparsed
    article = Article(
        article_id=own_id or content_id(title, body),
        source=raw.source,
        locator=raw.locator,
        title=title,
        body=body,
        author=author,
        published=published,
        category=category,
        tags=tags,
        encoding=raw.encoding,
        repairs=len(title_repairs) + len(body_repairs) + sum(n for _, n in tags_and_repairs),
        url=_text(fields.get("url")).strip() or None,
        publisher=normalize_text(_text(fields.get("publisher")), options=options) or None,
        meta=meta,
    )
    return article, repairs
