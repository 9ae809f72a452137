"""One article as HTML: its entities marked the way spaCy's displaCy marks them, and the
model's category and tag suggestions with their scores beside it.

displaCy's manual mode renders the ``mentions`` rows as they are (no spaCy pipeline is run):
each mark shows the label and, after it, the canonical name when it differs from the text
and the ISO country code when there is one. The page around the marks is the Jinja2
template ``templates/article.html``, autoescaped.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

# displaCy's palette covers spaCy's labels; ours is added.
COLORS = {"MILITARY_UNIT": "#f4a582"}


def displacy_spans(mentions: pd.DataFrame, field: str) -> list[dict[str, Any]]:
    """The mentions of one field as displaCy manual-mode spans (overlaps dropped, the
    earlier and then the longer mention kept).

    >>> mentions = pd.DataFrame({"field": ["body", "body", "title"], "start_char": [0, 4, 0],
    ...     "end_char": [6, 9, 5], "text": ["Peskov", "kov s", "Seoul"],
    ...     "label": ["PERSON", "PERSON", "GPE"], "canonical": ["Dmitry Peskov", "x", "Seoul"],
    ...     "country_code": [None, None, "KR"]})
    >>> displacy_spans(mentions, "body")
    [{'start': 0, 'end': 6, 'label': 'PERSON', 'kb_id': 'Dmitry Peskov', 'kb_url': '#'}]
    >>> displacy_spans(mentions, "title")[0]["kb_id"]
    'KR'
    """
    rows = mentions[mentions["field"] == field].sort_values(
        ["start_char", "end_char"], ascending=[True, False]
    )
    spans, end = [], 0
    for row in rows.itertuples(index=False):
        if row.start_char < end:
            continue
        notes = []
        if isinstance(row.canonical, str) and row.canonical and row.canonical != row.text:
            notes.append(row.canonical)
        if isinstance(row.country_code, str) and row.country_code:
            notes.append(row.country_code)
        span = {"start": int(row.start_char), "end": int(row.end_char), "label": row.label}
        if notes:  # displaCy does not escape the kb_id it prints
            span |= {"kb_id": html.escape(" · ".join(notes)), "kb_url": "#"}
        spans.append(span)
        end = row.end_char
    return spans


@functools.cache
def _template() -> jinja2.Template:
    """``templates/article.html``, autoescaped."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.analysis", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("article.html")


def _suggestion_rows(suggestions: pd.DataFrame, kind: str, given: set[Any]) -> list[dict]:
    """One kind's suggestions, best first; ``given``: whether the editors chose it too."""
    rows = suggestions[suggestions["kind"] == kind].sort_values("rank")
    return [
        {"label": str(row.label), "score": float(row.score), "given": row.label in given}
        for row in rows.itertuples(index=False)
    ]


def _marked(text: str, spans: list[dict[str, Any]]) -> Markup:
    """``text`` with ``spans`` marked by displaCy (manual mode: no spaCy pipeline runs)."""
    from spacy import displacy

    doc = {"text": text, "ents": spans}
    rendered = displacy.render(
        doc, style="ent", manual=True, jupyter=False, options={"colors": COLORS}
    )
    return Markup(rendered)  # displaCy escapes the text; the spans' notes are escaped above


def article_html(
    article: Mapping[str, Any], mentions: pd.DataFrame, suggestions: pd.DataFrame
) -> str:
    """The article (a row of ``articles``) with its ``mentions`` marked by displaCy, and
    its ``suggestions`` beside it, as one HTML fragment.

    >>> article = {"article_id": "a", "title": "Seoul <protests>", "body": "Peskov spoke.",
    ...            "category": "World News", "tags": ["diplomacy"]}
    >>> mentions = pd.DataFrame({"field": ["title", "body"], "start_char": [0, 0],
    ...     "end_char": [5, 6], "text": ["Seoul", "Peskov"], "label": ["GPE", "PERSON"],
    ...     "canonical": ["Seoul", "Dmitry Peskov"], "country_code": ["KR", None]})
    >>> suggestions = pd.DataFrame({"kind": ["category", "tag"], "label": ["World News", "war"],
    ...                             "score": [0.81, 0.4], "rank": [1, 1]})
    >>> page = article_html(article, mentions, suggestions)
    >>> page.count('class="entity"'), "&lt;protests&gt;" in page, "World News ✓" in page
    (2, True, True)
    """
    tags = {str(tag) for tag in (article.get("tags") if article.get("tags") is not None else [])}
    title, body = (
        _marked(str(article.get(field) or ""), displacy_spans(mentions, field))
        for field in ("title", "body")
    )
    return _template().render(
        title=title,
        body=body,
        article_id=str(article.get("article_id", "")),
        url=_web_address(article.get("url")),
        publisher=_text_or_none(article.get("publisher")),
        tables=[
            ("Categories", _suggestion_rows(suggestions, "category", {article.get("category")})),
            ("Tags", _suggestion_rows(suggestions, "tag", tags)),
        ],
        category=str(article.get("category") or ""),
        editors_tags=sorted(tags),
    )


def _text_or_none(value: object) -> str | None:
    """A field's text, None for a missing value (None, NaN)."""
    return value if isinstance(value, str) and value else None


def _web_address(value: object) -> str | None:
    """An http(s) address to link to; anything else (``javascript:``...) is not linked.

    >>> _web_address("https://example.org/a"), _web_address("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    text = _text_or_none(value)
    return text if text and text.lower().startswith(("http://", "https://")) else None


def display_html(page: str, jupyter: bool | None = None) -> str | None:
    """Show ``page`` in a notebook and return None (as displaCy does), else return it.

    >>> display_html("<p>hi</p>", jupyter=False)
    '<p>hi</p>'
    """
    from spacy.util import is_in_jupyter

    if jupyter or (jupyter is None and is_in_jupyter()):
        from IPython.display import HTML, display

        display(HTML(f'<span class="tex2jax_ignore">{page}</span>'))
        return None
    return page
