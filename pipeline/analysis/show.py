"""One article as HTML: its entities marked the way spaCy's displaCy marks them, and the
model's category and tag suggestions with their scores beside it.

displaCy's manual mode renders the ``mentions`` rows as they are (no spaCy pipeline is run):
each mark shows the label and, after it, the canonical name when it differs from the text
and the ISO country code when there is one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

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


def _suggestions_html(article: Mapping[str, Any], suggestions: pd.DataFrame) -> str:
    """Two small tables: suggested categories and tags, with scores; the editors' own marked."""
    tags = {str(tag) for tag in (article.get("tags") if article.get("tags") is not None else [])}
    parts = []
    for kind, heading, given in (
        ("category", "Categories", {article.get("category")}),
        ("tag", "Tags", tags),
    ):
        rows = suggestions[suggestions["kind"] == kind].sort_values("rank")
        lines = "".join(
            f"<tr><td>{html.escape(str(row.label))}{' ✓' if row.label in given else ''}</td>"
            f"<td style='text-align:right'>{row.score:.2f}</td></tr>"
            for row in rows.itertuples(index=False)
        )
        parts.append(
            f"<h4 style='margin:0.5em 0 0.2em'>{heading} suggested</h4>"
            f"<table class='suggestions'><tr><th>label</th><th>score</th></tr>{lines}</table>"
        )
    editors = ", ".join(html.escape(tag) for tag in sorted(tags)) or "none"
    category = html.escape(str(article.get("category") or "none"))
    parts.append(
        f"<p style='font-size:0.85em'>Editors: <b>{category}</b>; tags: {editors}. "
        "✓ = the editors chose it too.</p>"
    )
    return "".join(parts)


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
    from spacy import displacy

    docs = [
        {"text": str(article.get(field) or ""), "ents": displacy_spans(mentions, field)}
        for field in ("title", "body")
    ]
    title, body = (
        displacy.render(doc, style="ent", manual=True, jupyter=False, options={"colors": COLORS})
        for doc in docs
    )
    return (
        "<div class='pipeline-article' style='display:flex; gap:2em; align-items:flex-start'>"
        f"<div style='flex:3'><div style='font-size:1.3em; font-weight:bold'>{title}</div>"
        f"{body}<p style='font-size:0.85em; color:#666'>"
        f"{html.escape(str(article.get('article_id', '')))}</p></div>"
        f"<div style='flex:1; min-width:14em'>{_suggestions_html(article, suggestions)}</div>"
        "</div>"
    )


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
