"""Plain-text exports, one article per file, in the layout of common CMS exports::

    Title line

    Description            <- optional header
    Body paragraphs...

    Category
    1. World News

    Tags
    - 1. first tag
    - 2. second tag        <- blank lines may fall between items

    Date Created October 21, 2024 Author someone
    URL: https://example.org/a    <- "Name: value" lines after the lists: url, publisher
    Publisher: Example News          (or source, site), anything else kept in ``meta``

Any section may be missing. Section headers and their lists never reach the body; the
categories after the first are kept in ``meta`` (``categories``, a JSON list of all).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.ingest.encoding import decode_bytes
from pipeline.ingest.readers.base import Reader, meta_text
from pipeline.ingest.sources import SourceFile

_HEADER_RE = re.compile(r"^(description|summary|category|categories|tags|keywords)\s*:?\s*$", re.I)
_NUMBERED_ITEM_RE = re.compile(r"^\s*(?:[-*•]\s*)?(?:\d+[.)]\s*)?(?P<item>\S.*?)\s*$")
_TRAILER_RE = re.compile(
    r"^\s*(?:date\s+created\s*:?|date\s+published\s*:?|created\s*:|published\s*:|date\s*:)"
    r"\s*(?P<date>.*?)"
    r"(?:\s+author\s*:?\s*(?P<author>.+?))?\s*$",
    re.I,
)
_AUTHOR_ONLY_RE = re.compile(r"^\s*(?:author|by)\s*:?\s+(?P<author>.+?)\s*$", re.I)
# "Name: value" after the lists: a field of the export (one to three words of letters).
_NAMED_RE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z_-]*(?: [A-Za-z_-]+){0,2})\s*:\s+(?P<value>\S.*)$"
)
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])")
_NAMED_FIELDS = {
    "url": "url",
    "link": "url",
    "permalink": "url",
    "source url": "url",
    "publisher": "publisher",
    "publication": "publisher",
    "source": "publisher",
    "site": "publisher",
}


def parse_plaintext_article(text: str) -> dict[str, object]:
    """Split one exported article into its fields.

    >>> fields = parse_plaintext_article(
    ...     "A title\\n\\nDescription\\n\\nFirst para.\\n\\nCategory\\n\\n1. Sport\\n\\n"
    ...     "Tags\\n\\n- 1. a tag\\n\\n- 2. b tag\\n\\nDate Created May 2, 2024 Author Ann")
    >>> fields["title"], fields["body"], fields["category"], fields["tags"]
    ('A title', 'First para.', 'Sport', ['a tag', 'b tag'])
    >>> fields["published"], fields["author"]
    ('May 2, 2024', 'Ann')
    >>> fields = parse_plaintext_article("T\\n\\nBody.\\n\\nCategory\\n\\n1. A\\n2. B\\n\\n"
    ...     "Date Created May 2, 2024\\nURL: https://x.org/t\\nSource: X News\\nWords: 120")
    >>> fields["url"], fields["publisher"], fields["meta"]
    ('https://x.org/t', 'X News', {'Words': '120', 'categories': '["A", "B"]'})
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields: dict[str, object] = {}
    body: list[str] = []
    categories: list[str] = []
    tags: list[str] = []
    meta: dict[str, str] = {}
    section = "title"
    for raw_line in lines:
        line = raw_line.strip()
        if not line:
            if section == "body" and body and body[-1] != "":
                body.append("")
            continue
        trailer = _TRAILER_RE.match(line)
        if trailer and (trailer.group("author") or _looks_like_date(trailer.group("date"))):
            fields["published"] = trailer.group("date") or None
            if trailer.group("author"):
                fields["author"] = trailer.group("author")
            section = "trailer"
            continue
        author_only = _AUTHOR_ONLY_RE.match(line)
        if author_only and section in ("category", "tags", "trailer"):
            fields["author"] = author_only.group("author")
            continue
        named = _NAMED_RE.match(line) if section in ("category", "tags", "trailer") else None
        if named and not _LIST_ITEM_RE.match(line):
            name, value = named.group("name"), named.group("value").strip()
            canonical = _NAMED_FIELDS.get(name.lower())
            if canonical and canonical not in fields:
                fields[canonical] = value
            else:
                meta.setdefault(name, value)
            continue
        header = _HEADER_RE.match(line)
        if header and section != "title":
            name = header.group(1).lower()
            section = {
                "summary": "body",
                "description": "body",
                "categories": "category",
                "keywords": "tags",
            }.get(name, name)
            continue
        if section == "title":
            fields["title"] = line
            section = "body"
        elif section == "body":
            body.append(line)
        elif section in ("category", "tags"):
            item = _NUMBERED_ITEM_RE.match(line)
            if item:
                (categories if section == "category" else tags).append(item.group("item"))
        else:  # text after the trailer: keep it rather than lose it
            body.append(line)
    fields["body"] = "\n".join(_join_paragraphs(body)).strip()
    if categories:
        fields["category"] = categories[0]
    if len(categories) > 1:
        meta["categories"] = meta_text(categories)
    if meta:
        fields["meta"] = meta
    if tags:
        fields["tags"] = tags
    return fields


def _join_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs separated by one blank line."""
    out: list[str] = []
    for line in lines:
        if line == "":
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(line)
    return out


_DATE_HINT_RE = re.compile(r"\d{4}|\d{1,2}[/.-]\d{1,2}", re.I)


def _looks_like_date(value: str | None) -> bool:
    return bool(value and _DATE_HINT_RE.search(value))


class PlainTextReader(Reader):
    format = "text"
    extensions = (".txt", ".text", ".md")

    def records(self, source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
        data = source.read_bytes()
        if not data.strip():
            yield ErrorRecord(source.name, "", "empty file")
            return
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield ErrorRecord(source.name, "", "binary file, not text")
            return
        text, encoding = decode_bytes(data)
        fields = parse_plaintext_article(text)
        meta = fields.pop("meta", {})
        yield RawRecord(source.name, "", fields, encoding, meta)
