"""The WordPress round trip: suggested (or editor-accepted) tags written into a WXR export.

``pipeline tag EXPORT.xml --out TAGGED.xml`` adds to each published post the tags the
model suggests for it (or, with ``--feedback DB``, the tags its editors accepted or added)
as ``<category domain="post_tag" nicename="slug"><![CDATA[Name]]></category>`` elements,
which WordPress's importer turns into the post's tags. No plugin is needed.

The importer replaces a post's terms per taxonomy, so each item keeps every category and
tag it had; only tags it lacks are added. The file is edited as bytes, never parsed and
written back: each new element goes on a line of its own before the item's ``</item>``
line, with the indentation and line ending of the lines around it, so the output is the
input plus those lines. A tag's slug is the one the export defines for it (``<wp:tag>``),
else made from its name as WordPress makes slugs.

The items are found by a scan that skips CDATA sections and comments (a post about XML may
contain ``</item>`` in its text); they are matched to the posts the project's WXR reader
reads by their position, and the scan must find exactly as many items as the reader.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from pipeline.core.errors import PipelineError
from pipeline.core.files import write_bytes_atomically
from pipeline.core.model import Article, ErrorRecord

_MARKUP = re.compile(rb"<!\[CDATA\[|<!--|<item(?=[\s>/])|</item\s*>")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_WP_TAG = re.compile(rb"<wp:tag>(.*?)</wp:tag>", re.S)
_BATCH = 256


def item_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the ``<item>`` elements, in order, skipping CDATA and comments.

    >>> data = b"<rss><item><t><![CDATA[a </item> in text]]></t></item><!-- <item> --></rss>"
    >>> [data[a:b] for a, b in item_spans(data)]
    [b'<item><t><![CDATA[a </item> in text]]></t></item>']
    """
    spans, start, position = [], None, 0
    while True:
        match = _MARKUP.search(data, position)
        if match is None:
            return spans
        token = match.group()
        if token == b"<![CDATA[":
            position = _after(data, b"]]>", match.end())
        elif token == b"<!--":
            position = _after(data, b"-->", match.end())
        elif token.startswith(b"</"):
            if start is not None:
                spans.append((start, match.end()))
                start = None
            position = match.end()
        else:
            start = match.start() if start is None else start
            position = match.end()


def _after(data: bytes, marker: bytes, start: int) -> int:
    end = data.find(marker, start)
    return len(data) if end < 0 else end + len(marker)


def declared_encoding(data: bytes) -> str:
    """The encoding the XML declaration names (default UTF-8).

    >>> declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-1"?><rss/>')
    'ISO-8859-1'
    """
    match = _DECLARED_ENCODING.match(data.lstrip(b"\xef\xbb\xbf"))
    return match.group(1).decode("ascii") if match else "UTF-8"


def slugify(name: str) -> str:
    """A tag's slug as WordPress makes one: accents dropped, lower case, words joined by
    hyphens; letters outside ASCII are percent-encoded as WordPress does.

    >>> slugify("Storm Corps deployment"), slugify("Café  & Société"), slugify("Пхеньян")
    ('storm-corps-deployment', 'cafe-societe', '%d0%bf%d1%85%d0%b5%d0%bd%d1%8c%d1%8f%d0%bd')
    """
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).lower()
    words = re.findall(r"[^\W_]+", plain)
    return "-".join(quote(word, safe="").lower() for word in words)


def _text_of(fragment: bytes, tag: bytes, encoding: str) -> str | None:
    match = re.search(
        rb"<" + tag + rb">\s*(?:<!\[CDATA\[(.*?)\]\]>|([^<]*))\s*</" + tag + rb">", fragment, re.S
    )
    if not match:
        return None
    raw = match.group(1) if match.group(1) is not None else match.group(2)
    text = raw.decode(encoding, errors="replace")
    if match.group(1) is None:
        text = html.unescape(text)  # &amp; &lt; &quot; &#039; ... as WordPress writes them
    return text.strip()


def defined_slugs(data: bytes) -> dict[str, str]:
    """Tag name (case-folded) -> slug, from the export's ``<wp:tag>`` definitions.

    >>> defined_slugs(b"<wp:tag><wp:tag_slug>rates</wp:tag_slug>"
    ...               b"<wp:tag_name><![CDATA[Interest Rates]]></wp:tag_name></wp:tag>")
    {'interest rates': 'rates'}
    """
    encoding = declared_encoding(data)
    slugs = {}
    for match in _WP_TAG.finditer(data):
        slug = _text_of(match.group(1), b"wp:tag_slug", encoding)
        name = _text_of(match.group(1), b"wp:tag_name", encoding)
        if slug and name:
            slugs[name.casefold()] = slug
    return slugs


def tag_element(name: str, slug: str, encoding: str = "UTF-8") -> bytes:
    """The element WordPress's importer reads as a post tag.

    >>> tag_element("Storm Corps", "storm-corps")
    b'<category domain="post_tag" nicename="storm-corps"><![CDATA[Storm Corps]]></category>'
    """
    attribute = quoteattr(slug)
    try:
        text = "<![CDATA[" + name.replace("]]>", "]]]]><![CDATA[>") + "]]>"
        return f'<category domain="post_tag" nicename={attribute}>{text}</category>'.encode(
            encoding
        )
    except UnicodeEncodeError:  # a name the file's encoding cannot hold: character references
        element = f'<category domain="post_tag" nicename={attribute}>{escape(name)}</category>'
        return element.encode(encoding, errors="xmlcharrefreplace")


def with_tags(item: bytes, elements: Sequence[bytes]) -> bytes:
    """``item`` with ``elements`` added before its ``</item>``: each on a line of its own,
    indented like the line above, when ``</item>`` starts its line; else inline.

    >>> print(with_tags(b"<item>\\n    <title>x</title>\\n  </item>", [b"<category/>"]).decode())
    <item>
        <title>x</title>
        <category/>
      </item>
    """
    if not elements:
        return item
    close = item.rfind(b"</item")
    line_start = item.rfind(b"\n", 0, close) + 1
    if line_start == 0 or item[line_start:close].strip():
        return item[:close] + b"".join(elements) + item[close:]
    newline = b"\r\n" if item[line_start - 2 : line_start] == b"\r\n" else b"\n"
    previous_start = item.rfind(b"\n", 0, line_start - 1) + 1
    previous = item[previous_start:line_start]
    indent = previous[: len(previous) - len(previous.lstrip(b" \t"))]
    lines = b"".join(indent + element + newline for element in elements)
    return item[:line_start] + lines + item[line_start:]


@dataclass
class TagReport:
    """What :func:`tag_export` did."""

    items: int = 0
    posts: int = 0
    posts_tagged: int = 0
    tags_added: int = 0
    added: dict[str, list[str]] = field(default_factory=dict)  # article id -> new tags
    notes: list[str] = field(default_factory=list)  # what the user must know (a demo model)


def _posts(export: Path, items: int) -> dict[int, Article]:
    """The posts the project's reader reads, by item number (1-based)."""
    from pipeline.ingest import read_articles

    posts, seen = {}, 0
    for record in read_articles([export]):
        number = _item_number(record.locator)
        if isinstance(record, ErrorRecord) and number is None:
            raise PipelineError(f"{export} cannot be read as a WordPress export: {record.reason}")
        seen = max(seen, number or 0)
        if isinstance(record, Article) and number is not None:
            posts[number] = record
    if seen != items:
        raise PipelineError(f"{export}: the reader found {seen} items, the scan {items}")
    return posts


def _item_number(locator: str) -> int | None:
    match = re.fullmatch(r"item (\d+)", locator)
    return int(match.group(1)) if match else None


def suggested_tags(
    articles: Sequence[Article],
    model_dir: str | Path | None = None,
    min_score: float | None = None,
    limit: int | None = None,
    notes: list[str] | None = None,
) -> dict[str, list[str]]:
    """Article id -> the tags suggested in the ``suggestions`` table (those scoring at least
    ``min_score``, when given; at most ``limit`` from the model), best first: only the
    stages that write that table run. A stage's ``note`` (a demo model) goes to ``notes``."""
    from pipeline.core.config import RunConfig
    from pipeline.core.registry import definitions
    from pipeline.run.plan import Plan

    sections = {
        # The stages that suggest tags from a model on the article alone (not from its
        # entities: the entities stage is not run here).
        d.name: {"enabled": "suggestions" in d.tables and not d.reads}
        for d in definitions()
        if d.kind == "chunk"
    }
    if model_dir is not None:
        sections["suggestions"]["model_dir"] = str(model_dir)
    for option, value in (("limit", limit), ("min_score", min_score)):
        if value is not None:
            sections["suggestions"][option] = value
    stages = Plan.of(RunConfig.build(sections)).stages
    if not stages:
        raise PipelineError("no suggestion model: give --model DIR (or use --feedback)")
    for stage in stages:
        note = stage.describe().get("note") if hasattr(stage, "describe") else None
        if note and notes is not None:
            notes.append(note)
    found: dict[str, list[str]] = {}
    for start in range(0, len(articles), _BATCH):
        for stage in stages:
            rows = stage.annotate(articles[start : start + _BATCH]).get("suggestions", [])
            for row in sorted(rows, key=lambda r: r["rank"]):
                if (
                    row["kind"] == "tag"
                    and row.get("source", "model") == "model"  # the trained model's tags
                    and (min_score is None or row["score"] >= min_score)
                ):
                    found.setdefault(row["article_id"], []).append(row["label"])
    return found


def accepted_tags(articles: Iterable[Article], feedback: str | Path) -> dict[str, list[str]]:
    """Article id -> the tags its editors accepted, added or edited in."""
    from pipeline.classify.feedback import accepted_labels, decisions, read_feedback

    standing = decisions(read_feedback(feedback))
    return {a.article_id: accepted_labels(standing, a.article_id) for a in articles}


def tag_export(
    export: str | Path,
    out: str | Path,
    *,
    model_dir: str | Path | None = None,
    min_score: float | None = None,
    feedback: str | Path | None = None,
    limit: int | None = None,
) -> TagReport:
    """Write ``export`` to ``out`` with tags added to its posts (see the module)."""
    export, out = Path(export), Path(out)
    if out.resolve() == export.resolve():
        raise PipelineError("--out must be another file: the export is left as it was")
    data = export.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PipelineError(f"{export} is UTF-16: only ASCII-compatible encodings are edited")
    spans = item_spans(data)
    posts = _posts(export, len(spans))
    articles = list(posts.values())
    report = TagReport(items=len(spans), posts=len(posts))
    if feedback is not None:
        wanted = accepted_tags(articles, feedback)
    else:
        wanted = suggested_tags(articles, model_dir, min_score, limit, report.notes)
    encoding, slugs = declared_encoding(data), defined_slugs(data)
    pieces, position = [], 0
    for number, (start, end) in enumerate(spans, start=1):
        article = posts.get(number)
        new = _new_tags(article, wanted) if article else []
        elements = [
            tag_element(name, slugs.get(name.casefold()) or slugify(name) or "tag", encoding)
            for name in new
        ]
        pieces += [data[position:start], with_tags(data[start:end], elements)]
        position = end
        if new and article:
            report.posts_tagged += 1
            report.tags_added += len(new)
            report.added[article.article_id] = new
    pieces.append(data[position:])
    write_bytes_atomically(out, b"".join(pieces))
    return report


def _new_tags(article: Article, wanted: dict[str, list[str]]) -> list[str]:
    present = {tag.casefold() for tag in article.tags}
    new = []
    for name in wanted.get(article.article_id, []):
        if name.strip() and name.casefold() not in present:
            present.add(name.casefold())
            new.append(name.strip())
    return new
