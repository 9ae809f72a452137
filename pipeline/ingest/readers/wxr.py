"""WordPress export files (WXR, an RSS dialect): published posts with categories and tags.

Nothing of a post is lost: its link is the url, the site's title (the channel's) the
publisher, and its post meta (``wp:postmeta`` key/value), other taxonomies, excerpt, slug
and every other field go to ``meta``. Comments are not the article and are left out.

Parsed with defusedxml, streaming: entity expansion ("billion laughs"), external
entities and DTD tricks are refused and reported as error records.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.ingest.markup import html_to_text, looks_like_html
from pipeline.ingest.readers.base import Reader, meta_text
from pipeline.ingest.sources import SourceFile


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(item: Element, name: str) -> str | None:
    for child in item:
        if _local(child.tag) == name:
            return child.text
    return None


# Fields of an item read apart (terms, post meta), not part of the article (comments), or
# implied by its being read (only published posts are).
_READ = frozenset({"category", "postmeta", "comment", "status", "post_type"})


def _meta_name(tag: str) -> str:
    """The key of a field in ``meta``: its local name, but ``content`` and ``excerpt`` for
    the two ``encoded`` (``content:encoded``, ``excerpt:encoded``)."""
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    if _local(tag) == "encoded":
        return "excerpt" if "excerpt" in namespace else "content"
    return _local(tag)


def _post_meta(item: Element) -> dict[str, str]:
    """``wp:postmeta`` pairs as ``meta`` keeps them (a key given twice: a JSON list)."""
    pairs: dict[str, list[str]] = {}
    for child in item:
        if _local(child.tag) == "postmeta":
            key, value = _child_text(child, "meta_key"), _child_text(child, "meta_value")
            if key and key.strip() and value is not None and value.strip():
                pairs.setdefault(key.strip(), []).append(value)
    return {
        key: values[0] if len(values) == 1 else meta_text(values) for key, values in pairs.items()
    }


class WxrReader(Reader):
    format = "wxr"
    extensions = (".xml", ".wxr")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
        return start.startswith((b"<?xml", b"<rss"))

    def records(self, source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
        count, depth, site = 0, 0, None
        with source.open() as handle:
            try:
                for event, element in SafeET.iterparse(handle, events=("start", "end")):
                    if event == "start":
                        depth += 1
                        continue
                    depth -= 1
                    if depth == 2 and _local(element.tag) == "title" and element.text:
                        site = element.text.strip() or None  # rss > channel > title
                    if _local(element.tag) != "item":
                        continue
                    count += 1
                    yield self._item(source, count, element, site)
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

    def _item(
        self, source: SourceFile, number: int, item: Element, site: str | None = None
    ) -> RawRecord | ErrorRecord:
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
        terms: dict[str, list[str]] = {}
        for child in item:
            if _local(child.tag) == "category" and child.text and child.text.strip():
                terms.setdefault(child.get("domain", "category"), []).append(child.text.strip())
        categories, tags = terms.pop("category", []), terms.pop("post_tag", [])
        content = _content(item)
        link, guid = _child_text(item, "link"), _child_text(item, "guid")
        fields = {
            "id": _child_text(item, "post_id") or guid,
            "title": _title_text(_child_text(item, "title")),
            "body": html_to_text(content.text or "") if content is not None else "",
            "author": _child_text(item, "creator"),
            "published": _child_text(item, "post_date") or _child_text(item, "pubDate"),
            "category": categories[0] if categories else None,
            "tags": tags,
            "url": link if link and link.strip() else _web_address(guid),
            "publisher": site,
        }
        meta = _meta(item, content, {v for v in fields.values() if isinstance(v, str)})
        if len(categories) > 1:
            meta["categories"] = meta_text(categories)
        for domain, names in terms.items():  # other taxonomies: series, coauthors, ...
            meta[domain] = meta_text(names)
        fields = {k: v for k, v in fields.items() if v}
        return RawRecord(source.name, locator, fields, meta=meta, plain_text=True)


def _content(item: Element) -> Element | None:
    """The element holding the post's HTML: ``content:encoded``, else ``description``."""
    for name in ("content", "description"):
        for child in item:
            if _meta_name(child.tag) == name and child.text:
                return child
    return None


def _web_address(value: str | None) -> str | None:
    text = (value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def _meta(item: Element, content: Element | None, taken: set[str]) -> dict[str, str]:
    """Every field of the item its article's own fields did not take (the content, a value
    taken as it is), as text; then its post meta."""
    meta: dict[str, str] = {}
    for child in item:
        name = _meta_name(child.tag)
        text = child.text
        if child is content or name in _READ or len(child) or not text or not text.strip():
            continue
        if text in taken:
            continue
        meta.setdefault(name, text)
    return {**meta, **_post_meta(item)}


def _title_text(title: str | None) -> str | None:
    """A post's title as text: the record is marked text already (``plain_text``), so a
    title an RSS feed writes in HTML (``<em>Hamlet</em> review``) is made text here."""
    return html_to_text(title) if title and looks_like_html(title) else title
