"""WordPress export files (WXR, an RSS dialect): published posts with categories and tags.

Parsed with defusedxml, streaming: entity expansion ("billion laughs"), external
entities and DTD tricks are refused and reported as error records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from bs4 import BeautifulSoup
from defusedxml import DefusedXmlException

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.ingest.readers.base import Reader
from pipeline.ingest.sources import SourceFile

_BLOCK_TAGS = (
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figure",
    "table",
    "tr",
    "ul",
    "ol",
    "pre",
    "section",
    "article",
    "header",
    "footer",
)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, one paragraph per block element.

    >>> html_to_text("<p>One &amp; <b>two</b></p><p>Three<br>four</p><script>x()</script>")
    'One & two\\n\\nThree\\nfour'
    """
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "iframe"]):
        hidden.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCK_TAGS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    paragraphs = []
    for block in re.split(r"\n\s*\n", soup.get_text().replace("\r", "")):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(item: Element, name: str) -> str | None:
    for child in item:
        if _local(child.tag) == name:
            return child.text
    return None


class WxrReader(Reader):
    format = "wxr"
    extensions = (".xml", ".wxr")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
        return start.startswith((b"<?xml", b"<rss"))

    def records(self, source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
        count = 0
        with source.open() as handle:
            try:
                for _event, element in SafeET.iterparse(handle, events=("end",)):
                    if _local(element.tag) != "item":
                        continue
                    count += 1
                    yield self._item(source, count, element)
                    element.clear()
            except DefusedXmlException as exc:
                yield ErrorRecord(
                    source.name,
                    f"after item {count}",
                    f"refused hostile XML ({type(exc).__name__})",
                )
            except ParseError as exc:
                line, column = exc.position
                reason = "truncated XML" if "no element found" in str(exc) else "malformed XML"
                yield ErrorRecord(
                    source.name,
                    f"line {line}, column {column}",
                    f"{reason} after item {count}: {exc}",
                )
        if count == 0:
            yield ErrorRecord(source.name, "", "no <item> elements: not a WordPress export")

    def _item(self, source: SourceFile, number: int, item: Element) -> RawRecord | ErrorRecord:
        locator = f"item {number}"
        status = _child_text(item, "status")
        post_type = _child_text(item, "post_type")
        if post_type not in (None, "post") or status not in (None, "publish"):
            return ErrorRecord(
                source.name,
                locator,
                f"skipped: {post_type or 'post'} with status {status!r}, "
                "only published posts are read",
            )
        categories, tags = [], []
        for child in item:
            if _local(child.tag) == "category" and child.text:
                domain = child.get("domain", "category")
                if domain == "category":
                    categories.append(child.text.strip())
                elif domain == "post_tag":
                    tags.append(child.text.strip())
        content = _child_text(item, "encoded") or _child_text(item, "description") or ""
        fields = {
            "id": _child_text(item, "post_id") or _child_text(item, "guid"),
            "title": _child_text(item, "title"),
            "body": html_to_text(content),
            "author": _child_text(item, "creator"),
            "published": _child_text(item, "post_date") or _child_text(item, "pubDate"),
            "category": categories[0] if categories else None,
            "tags": tags,
        }
        return RawRecord(source.name, locator, {k: v for k, v in fields.items() if v})
