"""Saved web pages (``.html``), one article a page: its main text and metadata, the page's
menus, sidebars, footers and comments left out, by trafilatura (boilerplate removal and
metadata from ``<meta>`` tags, JSON-LD and the page itself)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.ingest.encoding import decode_bytes
from pipeline.ingest.readers.base import Reader, raw_record
from pipeline.ingest.sources import SourceFile

NO_ARTICLE = "no article text found in the page"
# Fewer words of main text than this is a form, a menu or an error page, not an article.
MIN_WORDS = 10


class WebPageReader(Reader):
    format = "html"
    extensions = (".html", ".htm", ".xhtml")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower()
        return start.startswith((b"<!doctype html", b"<html"))

    def records(self, source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
        html, encoding = decode_bytes(source.read_bytes())
        page = extract_page(html)
        if page is None:
            yield ErrorRecord(source.name, "", NO_ARTICLE)
            return
        yield replace(raw_record(source.name, "", page, encoding), plain_text=True)


@cache
def _trafilatura() -> Any:
    """trafilatura, imported once a process and only for web pages (0.2 s of start-up), its
    warnings about a page's quirks kept out of the run's output."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    return trafilatura


def extract_page(html: str) -> dict[str, Any] | None:
    """The article of a web page as a record (``title``, ``body``, ``author``,
    ``published``, ``url``, ``publisher``, ``categories``, ``tags``, ``description``,
    ``hostname``), or None when the page has no main text (under :data:`MIN_WORDS`
    words). One paragraph a line of trafilatura's text, paragraphs apart as in the other
    formats; a first paragraph that is the headline is the title only.
    """
    document = _trafilatura().bare_extraction(html, with_metadata=True, include_comments=False)
    if document is None:
        return None
    found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = found.get("text") or ""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    title = found.get("title") or ""
    if paragraphs and " ".join(paragraphs[0].split()) == " ".join(title.split()):
        paragraphs = paragraphs[1:]  # the headline, kept as the title, not twice
    if sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
        return None
    record = {
        "title": found.get("title"),
        "body": "\n\n".join(paragraphs),
        "author": found.get("author"),
        "published": found.get("date"),
        "url": found.get("url"),
        "publisher": found.get("sitename"),
        "categories": found.get("categories") or None,
        "tags": found.get("tags") or None,
        "description": found.get("description"),
        "hostname": found.get("hostname"),
    }
    return {key: value for key, value in record.items() if value}
