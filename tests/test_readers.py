"""Every reader, good and bad input: each record becomes exactly one article or one error."""

from __future__ import annotations

import bz2
import errno
import gzip
import io
import json
import lzma
import tarfile
import zipfile

import pandas as pd
import pytest

from pipeline.core.model import Article, ErrorRecord, RawRecord
from pipeline.ingest import RepairOptions, build_article, read_articles
from pipeline.ingest.lossy import damage
from pipeline.ingest.readers.plaintext import parse_plaintext_article
from pipeline.ingest.sources import CorruptCompressedFile, _Decompressing, iter_source_files

PLAIN = """Ceasefire Talks Resume in Geneva

Description

Negotiators returned to Geneva on Monday, officials said.

The talks had stalled for weeks.

Category

1. World News

Tags

- 1. diplomacy
- 2. ceasefire

- 3. Geneva talks

Date Created March 3, 2025 Author jdoe
"""


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [
        i for i in items if isinstance(i, ErrorRecord)
    ]


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_plaintext_layout(tmp_path):
    (article,), errors = split(read_articles([write(tmp_path, "a.txt", PLAIN)]))
    assert errors == []
    assert article.title == "Ceasefire Talks Resume in Geneva"
    assert (
        article.body
        == "Negotiators returned to Geneva on Monday, officials said.\n\nThe talks had stalled for weeks."
    )
    assert article.category == "World News"
    assert article.tags == ["diplomacy", "ceasefire", "Geneva talks"]
    assert (article.published, article.author) == ("2025-03-03", "jdoe")
    assert article.article_id.startswith("sha256:")


@pytest.mark.parametrize("missing", ["Description", "Category", "Tags", "Date Created"])
def test_plaintext_sections_may_be_missing(missing):
    lines = PLAIN.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(missing))
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or lines[end].lstrip().startswith(("-", "1."))
    ):
        end += 1
    fields = parse_plaintext_article("\n".join(lines[:start] + lines[end:]))
    body = fields["body"]
    for leak in ("Category", "Tags", "diplomacy", "Date Created", "1. World News"):
        assert leak not in body
    assert body.startswith("Negotiators")


def test_plaintext_article_id_is_stable(tmp_path):
    first = next(read_articles([write(tmp_path, "a.txt", PLAIN)]))
    again = next(read_articles([write(tmp_path, "b.txt", PLAIN)]))
    assert first.article_id == again.article_id


def test_cp1252_file_is_detected_and_recorded(tmp_path):
    text = PLAIN.replace("officials said", "officials said “progress” – café")
    (article,), _ = split(read_articles([write(tmp_path, "a.txt", text.encode("cp1252"))]))
    assert "“progress” – café" in article.body
    assert article.encoding == "cp1252"


def test_jsonl_fields_tags_and_bad_lines(tmp_path):
    lines = [
        json.dumps(
            {"id": "a1", "title": "T", "text": "Body one", "tags": "x, y", "date": "2024-05-01"}
        ),
        json.dumps(
            {"id": "a2", "title": "T2", "content": "Body two", "tags": ["z"], "category": "Sport"}
        ),
        '{"id": "a3", "title": "broken',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a4", "title": "No body: a brief"}),
        json.dumps({"id": "a1", "title": "Dup", "body": "Another body"}),
        json.dumps({"id": "a5", "author": "Neither title nor body"}),
    ]
    articles, errors = split(read_articles([write(tmp_path, "d.jsonl", "\n".join(lines) + "\n")]))
    assert [a.article_id for a in articles] == ["a1", "a2", "a4"]
    assert (articles[2].title, articles[2].body) == ("No body: a brief", "")
    assert articles[0].tags == ["x", "y"] and articles[0].published == "2024-05-01"
    assert articles[1].tags == ["z"] and articles[1].category == "Sport"
    reasons = {e.locator: e.reason for e in errors}
    assert "malformed JSON" in reasons["line 3"]
    assert "JSON object" in reasons["line 4"]
    assert "duplicate article_id 'a1'" in reasons["line 6"]
    assert reasons["line 7"] == "record has neither a title nor a body"
    assert len(articles) + len(errors) == len(lines)


def test_csv_with_broken_quoting_and_ragged_rows(tmp_path):
    content = (
        "id,title,body,tags\n"
        'c1,First,"A body, with a comma","a,b"\n'
        "c2,Second,Ragged\n"
        'c3,Third,"Multi\nline body",x\n'
        'c4,Fourth,"never closed,y\n'
    )
    articles, errors = split(read_articles([write(tmp_path, "d.csv", content)]))
    assert [a.article_id for a in articles] == ["c1", "c3"]
    assert articles[0].tags == ["a", "b"]
    assert articles[1].body == "Multi\nline body"
    assert any("header has 4" in e.reason for e in errors)
    assert any("broken CSV quoting" in e.reason for e in errors)


def test_parquet(tmp_path):
    frame = pd.DataFrame(
        {
            "id": ["p1", "p2"],
            "title": ["A", ""],
            "body": ["Body A", ""],
            "tags": [["t1", "t2"], []],
        }
    )
    path = tmp_path / "d.parquet"
    frame.to_parquet(path)
    articles, errors = split(read_articles([path]))
    assert [(a.article_id, a.tags) for a in articles] == [("p1", ["t1", "t2"])]
    assert [e.reason for e in errors] == ["record has neither a title nor a body"]


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<item>
  <title>Port Reopens</title>
  <dc:creator><![CDATA[editor1]]></dc:creator>
  <content:encoded><![CDATA[<p>The port reopened &amp; ships sailed.</p><p>Second <b>para</b>.</p>]]></content:encoded>
  <wp:post_id>11</wp:post_id>
  <wp:post_date>2024-02-03 08:00:00</wp:post_date>
  <wp:status>publish</wp:status>
  <wp:post_type>post</wp:post_type>
  <category domain="category" nicename="business"><![CDATA[Business]]></category>
  <category domain="post_tag" nicename="ports"><![CDATA[ports]]></category>
  <category domain="post_tag" nicename="shipping"><![CDATA[shipping]]></category>
</item>
<item>
  <title>Draft</title><content:encoded><![CDATA[x]]></content:encoded>
  <wp:status>draft</wp:status><wp:post_type>post</wp:post_type>
</item>
</channel></rss>
"""


def test_wxr_published_posts(tmp_path):
    articles, errors = split(read_articles([write(tmp_path, "export.xml", WXR)]))
    (article,) = articles
    assert article.article_id == "11" and article.title == "Port Reopens"
    assert article.body == "The port reopened & ships sailed.\n\nSecond para."
    assert article.category == "Business" and article.tags == ["ports", "shipping"]
    assert article.published == "2024-02-03T08:00:00" and article.author == "editor1"
    assert len(errors) == 1 and "draft" in errors[0].reason


def test_an_apis_ids_are_no_names_and_co_authors_are_named(tmp_path):
    rest = {
        "id": 5,
        "title": {"rendered": "Rain"},
        "content": {"rendered": "<p>Rain.</p>"},
        "author": 7,
        "categories": [3, 9],
        "tags": [12, 34],
    }
    listed = {
        "id": "b",
        "title": "T",
        "body": "B.",
        "tags": ["Berlin", 12],
        "authors": [{"name": "Jane Roe"}, {"name": "Sam Poe"}],
    }
    lines = json.dumps(rest) + "\n" + json.dumps(listed)
    (first, second), errors = split(read_articles([write(tmp_path, "d.jsonl", lines)]))
    assert (first.author, first.category, first.tags) == (None, None, []) and not errors
    assert json.loads(first.meta["tag_ids"]) == [12, 34] and first.meta["author_ids"] == "[7]"
    assert second.tags == ["Berlin"] and second.author == "Jane Roe, Sam Poe"


def test_a_wordpress_post_about_html_keeps_the_tags_it_writes_about(tmp_path):
    about_html = "<p>Wrap text in &lt;p&gt; tags and break lines with &lt;br&gt;.</p><p>Done.</p>"
    xml = WXR.replace(
        "<p>The port reopened &amp; ships sailed.</p><p>Second <b>para</b>.</p>", about_html
    )
    (article,), _ = split(read_articles([write(tmp_path, "export.xml", xml)]))
    assert article.body == "Wrap text in <p> tags and break lines with <br>.\n\nDone."


def test_a_feeds_title_written_in_html_is_made_text(tmp_path):
    # the record is marked text already, so the reader makes its title text itself
    xml = WXR.replace(
        "<title>Port Reopens</title>", "<title>&lt;em&gt;Port&lt;/em&gt; Reopens</title>"
    )
    (article,), _ = split(read_articles([write(tmp_path, "export.xml", xml)]))
    assert article.title == "Port Reopens"


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss>&b;</rss>',
            "hostile",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
            "hostile",
        ),
        (WXR[: WXR.index("<item>", 400)], "truncated"),
    ],
)
def test_wxr_hostile_or_truncated(tmp_path, xml, reason):
    articles, errors = split(read_articles([write(tmp_path, "bad.xml", xml)]))
    assert any(reason in e.reason for e in errors)
    if reason == "truncated":
        assert len(articles) == 1  # what came before the damage is kept


def test_folders_and_archives(tmp_path):
    folder = tmp_path / "dump" / "nested"
    folder.mkdir(parents=True)
    write(folder, "a.txt", PLAIN)
    write(tmp_path / "dump", "empty.txt", "")
    write(tmp_path / "dump", "blob.bin", b"\x00\x01\x02binary\x00")
    zipped = tmp_path / "dump.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("x/one.txt", PLAIN.replace("Geneva", "Vienna"))
    tarred = tmp_path / "dump.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        data = PLAIN.replace("Geneva", "Oslo").encode()
        info = tarfile.TarInfo("y/two.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    articles, errors = split(
        read_articles([tmp_path / "dump", zipped, tarred, tmp_path / "missing"])
    )
    assert sorted(a.title.split()[-1] for a in articles) == ["Geneva", "Oslo", "Vienna"]
    assert any(a.source.endswith("dump.zip!x/one.txt") for a in articles)
    reasons = sorted(e.reason for e in errors)
    assert reasons == ["binary file of unknown format", "empty file", "input not found"]


def test_corrupt_zip_is_an_error(tmp_path):
    _, errors = split(read_articles([write(tmp_path, "bad.zip", b"PK\x03\x04 not really")]))
    assert "unreadable zip" in errors[0].reason


COMPRESS = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}
LINES = "".join(
    json.dumps({"id": f"n{i}", "title": f"Item {i}", "body": "Text."}) + "\n" for i in range(3)
)


@pytest.mark.parametrize("kind", sorted(COMPRESS))
def test_a_compressed_file_is_read_as_what_it_holds(tmp_path, kind):
    path = write(tmp_path, f"dump.jsonl.{kind}", COMPRESS[kind](LINES.encode()))
    articles, errors = split(read_articles([path]))
    assert [a.title for a in articles] == ["Item 0", "Item 1", "Item 2"] and not errors
    # A plain-text export, compressed and inside a zip archive, found by its layout.
    zipped = tmp_path / "dump.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("2024/a.txt." + kind, COMPRESS[kind](PLAIN.encode()))
    (article,), errors = split(read_articles([zipped]))
    assert article.title == "Ceasefire Talks Resume in Geneva" and not errors


def test_progress_counts_a_compressed_file_in_stored_bytes(tmp_path):
    path = write(tmp_path, "dump.jsonl.gz", gzip.compress((LINES * 200).encode()))
    (source,) = iter_source_files([path])
    with source.open() as handle:
        assert len(handle.read()) == len(LINES) * 200
    assert source.bytes_read == source.size == path.stat().st_size


def test_a_truncated_compressed_file_keeps_what_came_before(tmp_path):
    lines = (
        json.dumps({"id": f"n{i}", "title": f"Item {i}", "body": "Text."}) for i in range(6000)
    )
    data = gzip.compress("\n".join(lines).encode())
    articles, errors = split(
        read_articles([write(tmp_path, "cut.jsonl.gz", data[: len(data) // 2])])
    )
    assert len(articles) > 100 and len(errors) == 1
    assert "truncated or corrupt compressed file" in errors[0].reason


@pytest.mark.parametrize("damage", [lambda b: b ^ 0xFF, lambda b: 0])
def test_a_compressed_file_with_damaged_data_is_an_error_row_not_a_crash(tmp_path, damage):
    lines = "".join(
        json.dumps({"id": f"n{i}", "title": "T", "body": "Text."}) + "\n" for i in range(99)
    )
    data = bytearray(gzip.compress(lines.encode()))
    for i in range(12, 40):
        data[i] = damage(data[i])  # the deflate stream, past gzip's 10-byte header
    write(tmp_path, "bad.jsonl.gz", bytes(data))
    write(tmp_path, "good.jsonl", '{"id": "g1", "title": "Fine", "body": "Text."}\n')
    articles, errors = split(read_articles([tmp_path]))
    assert "g1" in {a.article_id for a in articles}
    assert len(errors) == 1 and "corrupt compressed file" in errors[0].reason


class _FailingDisk(io.RawIOBase):
    """A stored stream whose disk fails after its first read."""

    def __init__(self, data: bytes):
        self.data, self.reads = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.reads += 1
        if self.reads > 1:
            raise OSError(errno.EIO, "Input/output error")
        size = min(len(buffer), len(self.data))
        buffer[:size] = self.data[:size]
        return size


def test_a_disk_error_under_a_compressed_file_is_not_called_corrupt_data():
    data = gzip.compress(b"".join(f"line {i}\n".encode() for i in range(50_000)))
    with pytest.raises(OSError) as raised:
        _Decompressing(_FailingDisk(data), ".gz").read()
    assert raised.value.errno == errno.EIO and not isinstance(raised.value, CorruptCompressedFile)


def test_an_object_wrapping_an_array_of_articles(tmp_path):
    answer = {
        "status": "ok",
        "totalResults": 2,
        "articles": [
            {"title": "Rates held", "description": "x", "content": "The bank held rates."},
            {"title": "Talks resume", "content": "Negotiators met."},
        ],
    }
    articles, errors = split(read_articles([write(tmp_path, "api.json", json.dumps(answer))]))
    assert [a.title for a in articles] == ["Rates held", "Talks resume"] and not errors
    assert articles[0].locator == "articles item 1"
    # One article whose fields hold lists stays one article.
    one = {"title": "Solo", "body": "Text.", "tags": [{"name": "a"}]}
    (article,), _ = split(read_articles([write(tmp_path, "one.json", json.dumps(one))]))
    assert article.title == "Solo"


def test_a_body_with_a_marked_section_the_parser_rejects_is_still_made_text(tmp_path):
    record = {
        "id": "w1",
        "title": "Ferry times",
        "body": "<p>New times<![if !supportLists]> start</p><p>in <b>June</b><![ x</p>",
    }
    (article,), errors = split(read_articles([write(tmp_path, "d.jsonl", json.dumps(record))]))
    assert not errors and article.body == "New times start\n\nin June"


def test_html_bodies_become_text_and_prose_quoting_html_stays(tmp_path):
    cms = {
        "id": "c1",
        "title": "Storm hits coast",
        "body": "<div><p>Rain &amp; wind hit "
        '<a href="/x">Cornwall</a>.</p><p>Roads closed.</p></div>',
    }
    blog = {
        "id": "c2",
        "title": "Badges",
        "body": 'Embed it with <div class="badge"> and '
        '<script src="b.js"></script>; the <p> tag is not needed.',
    }
    wire = {"id": "c3", "title": "Unit to market product", "body": "<Strong Point Inc> said..."}
    lines = "\n".join(json.dumps(r) for r in (cms, blog, wire))
    articles, _ = split(read_articles([write(tmp_path, "d.jsonl", lines)]))
    bodies = {a.article_id: a.body for a in articles}
    assert bodies["c1"] == "Rain & wind hit Cornwall.\n\nRoads closed."
    assert bodies["c2"] == blog["body"] and bodies["c3"] == wire["body"]
    # The same from the service or analyze(), which hand repair the editor's fields.
    direct = build_article(RawRecord("service", "item 1", {"title": "T", "body": cms["body"]}))
    assert direct.body == bodies["c1"]
    # The same through another reader: a CSV export's HTML column.
    table = pd.DataFrame([cms])
    table.to_csv(tmp_path / "d.csv", index=False)
    (article,), _ = split(read_articles([tmp_path / "d.csv"]))
    assert article.body == bodies["c1"]


def test_json_api_fields_and_search_engine_envelopes(tmp_path):
    # WordPress's REST API nests a field's text under "rendered".
    post = {
        "id": 101,
        "title": {"rendered": "Kremlin rejects talks"},
        "content": {"rendered": "<p>Moscow said no.</p>", "protected": False},
    }
    # An Elasticsearch export wraps each record in "_source", its id in "_id".
    hit = {"_index": "news", "_id": "a1", "_source": {"headline": "Rates held", "text": "Held."}}
    path = write(tmp_path, "d.jsonl", json.dumps(post) + "\n" + json.dumps(hit))
    first, second = split(read_articles([path]))[0]
    assert (first.article_id, first.title, first.body) == (
        "101",
        "Kremlin rejects talks",
        "Moscow said no.",
    )
    assert (second.article_id, second.title, second.body) == ("a1", "Rates held", "Held.")
    assert second.meta == {"_index": "news"}


def test_a_spreadsheet_csv_separated_by_semicolons(tmp_path):
    text = 'headline;text;section\n"Café fined";"A café in Paris, France, was fined.";World\n'
    (article,), errors = split(read_articles([write(tmp_path, "d.csv", text.encode("cp1252"))]))
    assert (article.title, article.category) == ("Café fined", "World") and not errors
    assert article.body == "A café in Paris, France, was fined."


def test_terms_and_people_as_objects_and_unix_times(tmp_path):
    record = {
        "id": "e1",
        "title": "T",
        "body": "B.",
        "published": 1709287200,
        "tags": [{"name": "Germany", "slug": "germany"}, {"name": "Berlin"}],
        "categories": [{"name": "World"}, {"name": "Europe"}],
        "author": {"name": "Jane Roe", "email": "j@example.org"},
    }
    millis = {"id": "e2", "title": "T", "body": "B.", "date": "1709287200000"}
    lines = json.dumps(record) + "\n" + json.dumps(millis)
    first, second = split(read_articles([write(tmp_path, "d.jsonl", lines)]))[0]
    assert first.tags == ["Germany", "Berlin"] and first.author == "Jane Roe"
    assert first.category == "World" and json.loads(first.meta["categories"]) == ["World", "Europe"]
    assert first.published == second.published == "2024-03-01T10:00:00+00:00"


def _dates_csv(*dates: str) -> str:
    return "id,title,body,date\n" + "".join(f"d{i},T,B.,{d}\n" for i, d in enumerate(dates))


TELLING_EUROPEAN = ("13/03/2024", "14/03/2024", "25/12/2023")


@pytest.mark.parametrize(
    ("text", "settled", "published"),
    [
        # dates that can only be day-first: the dump's other numeric dates read the same way
        (
            _dates_csv("04/03/2024", *TELLING_EUROPEAN, "2024-03-20"),
            "day-first",
            ["2024-03-04", "2024-03-13", "2024-03-14", "2023-12-25", "2024-03-20"],
        ),
        # dates that can only be month-first
        (
            _dates_csv("04/03/2024", "03/13/2024", "03/14/2024", "12/25/2023"),
            "month-first",
            ["2024-04-03", "2024-03-13", "2024-03-14", "2023-12-25"],
        ),
        # one telling date is no convention: month first, and the option stays auto
        (_dates_csv("04/03/2024", "13/03/2024"), "auto", ["2024-04-03", "2024-03-13"]),
    ],
)
def test_a_dump_reads_its_numeric_dates_in_the_order_its_dates_show(
    tmp_path, text, settled, published
):
    from pipeline.core.registry import PrepareContext
    from pipeline.ingest.stage import settle_date_order

    dump = write(tmp_path, "d.csv", text)
    heard: list[str] = []
    options = settle_date_order(RepairOptions(), PrepareContext((str(dump),), None, heard.append))
    assert options.date_order == settled and bool(heard) == (settled != "auto")
    articles, errors = split(read_articles([dump], options=options))
    assert [a.published for a in articles] == published and not errors
    # Given, the order is kept; a resumed run keeps the one recorded
    given = RepairOptions(date_order="month-first")
    assert settle_date_order(given, PrepareContext((str(dump),))) == given
    recorded = PrepareContext((str(dump),), RepairOptions(date_order="auto"))
    assert settle_date_order(RepairOptions(), recorded).date_order == "auto"


WEB_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Flood defences hold in Worcester | The Riverside Gazette</title>
<meta property="og:title" content="Flood defences hold in Worcester as the Severn peaks">
<meta property="og:site_name" content="The Riverside Gazette">
<meta name="author" content="Alice Fenwick">
<meta property="article:published_time" content="2024-02-11T08:30:00Z">
<meta property="article:section" content="News">
<meta property="article:tag" content="flooding"><meta property="article:tag" content="River Severn">
<link rel="canonical" href="https://riverside.example/news/flood-defences-hold">
<script>var tracking = 1;</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<header><h1>Flood defences hold in Worcester as the Severn peaks</h1><p class="byline">By Alice Fenwick</p></header>
<article><p>Temporary barriers held overnight in Worcester as the River Severn reached its highest level this winter, the Environment Agency said on Sunday.</p>
<p>Residents of low-lying streets near the racecourse were told to stay alert, and several roads into the city centre remained closed while engineers checked the defences.</p>
<p>“The barriers did exactly what they were designed to do,” said a spokeswoman for the agency, who added that levels were expected to fall slowly over the next two days.</p></article>
<aside><h3>Most read</h3><ul><li>Council tax to rise</li><li>New bus timetable</li></ul></aside>
<footer>© 2024 The Riverside Gazette. All rights reserved. Cookie settings.</footer></body></html>
"""


def test_a_saved_web_page_is_its_article_without_menus_and_footers(tmp_path):
    login = (
        "<!doctype html><html><body><form><input name=u><button>Go</button></form></body></html>"
    )
    (tmp_path / "pages").mkdir()
    write(tmp_path / "pages", "flood.html", WEB_PAGE)
    write(tmp_path / "pages", "login.html", login)
    write(tmp_path / "pages", "saved_without_suffix", WEB_PAGE.replace("Worcester", "Tewkesbury"))
    articles, errors = split(read_articles([tmp_path / "pages"]))
    flood = next(a for a in articles if a.source.endswith("flood.html"))
    assert flood.title == "Flood defences hold in Worcester as the Severn peaks"
    assert (flood.author, flood.published, flood.category) == (
        "Alice Fenwick",
        "2024-02-11",
        "News",
    )
    assert flood.tags == ["flooding", "River Severn"] and flood.publisher == "The Riverside Gazette"
    assert flood.url == "https://riverside.example/news/flood-defences-hold"
    assert flood.body.startswith("Temporary barriers held") and flood.body.count("\n\n") == 2
    for boilerplate in ("Home", "Most read", "Cookie", "tracking", "By Alice"):
        assert boilerplate not in flood.body
    assert any("Tewkesbury" in a.title for a in articles)  # found by sniffing
    # A headline inside the article's element is the title, not the body's first paragraph.
    inline = WEB_PAGE.replace("<article>", "<article><h1>Flood defences hold</h1>")
    inline = inline.replace(
        "<title>Flood defences hold in Worcester | The Riverside Gazette",
        "<title>Flood defences hold",
    )
    inline = inline.replace(
        'content="Flood defences hold in Worcester as the Severn peaks"',
        'content="Flood defences hold"',
    )
    write(tmp_path, "inline.html", inline)
    (page,), _ = split(read_articles([tmp_path / "inline.html"]))
    assert page.title == "Flood defences hold" and page.body.startswith("Temporary barriers")
    assert [e.reason for e in errors] == ["no article text found in the page"]


@pytest.mark.parametrize(("dash_style", "dash"), [("auto", "—"), ("en", "–"), ("em", "—")])
def test_read_articles_repairs_in_the_options_dash_style(tmp_path, dash_style, dash):
    record = {
        "id": "a1",
        "title": "Mr. Smith said the plan — delayed — resumed",
        "body": damage("The plan – first proposed in 2019 – went ahead, Mr. Smith said."),
        "author": damage("Kim – desk"),
    }
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    options = None if dash_style == "auto" else RepairOptions(dash_style=dash_style)
    (article,) = read_articles([tmp_path], options)
    assert (
        article.body == f"The plan {dash} first proposed in 2019 {dash} went ahead, Mr. Smith said."
    )
    if options is not None:  # each field is guessed on its own: a given style holds for all
        assert article.author == f"Kim {dash} desk"
    assert build_article(RawRecord("x", "", record), options).body == article.body


def test_a_parquet_list_column_of_categories(tmp_path):
    frame = pd.DataFrame(
        [{"id": "p1", "title": "T", "body": "B.", "category": ["World", "Europe"]}]
    )
    frame.to_parquet(tmp_path / "d.parquet")
    (article,), _ = split(read_articles([tmp_path / "d.parquet"]))
    assert article.category == "World"
    assert json.loads(article.meta["categories"]) == ["World", "Europe"]
