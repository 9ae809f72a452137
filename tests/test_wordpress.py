"""The WordPress round trip: tags written into a WXR export, read back with our own reader."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.classify.model import SuggestionModel
from pipeline.classify.stage import default_model_dir
from pipeline.cli import app
from pipeline.core.model import Article, ErrorRecord
from pipeline.ingest import read_articles
from pipeline.service.store import FeedbackStore
from pipeline.wordpress import item_spans
from tests.support import SAMPLE

runner = CliRunner()
ADDED_LINE = re.compile(
    r'^(\s*)<category domain="post_tag" nicename="([^"]+)"><!\[CDATA\[(.*)\]\]></category>(\r?\n)$'
)

# A WordPress-style export: terms defined in the channel, one element per line, a page, a
# draft, a post whose text contains "</item>", and a post without any category.
EXPORT = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Desk</title>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:tag>
		<wp:term_id>7</wp:term_id>
		<wp:tag_slug><![CDATA[korea-peninsula]]></wp:tag_slug>
		<wp:tag_name><![CDATA[Korean peninsula]]></wp:tag_name>
	</wp:tag>
	<!-- an old <item> left in a comment -->
	<item>
		<title><![CDATA[Seoul demands withdrawal of North Korean troops]]></title>
		<dc:creator><![CDATA[desk]]></dc:creator>
		<content:encoded><![CDATA[<p>South Korea demanded the withdrawal of North Korean troops from Russia.</p>]]></content:encoded>
		<wp:post_id>101</wp:post_id>
		<wp:post_date><![CDATA[2024-10-21 09:00:00]]></wp:post_date>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<category domain="category" nicename="world"><![CDATA[World News]]></category>
		<category domain="post_tag" nicename="sanctions"><![CDATA[sanctions]]></category>
		<category domain="post_tag" nicename="storm-corps"><![CDATA[Storm Corps]]></category>
	</item>
	<item>
		<title><![CDATA[About us]]></title>
		<content:encoded><![CDATA[<p>We are a newsroom.</p>]]></content:encoded>
		<wp:post_id>102</wp:post_id>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[page]]></wp:post_type>
	</item>
	<item>
		<title><![CDATA[How RSS items end]]></title>
		<content:encoded><![CDATA[<p>An item ends with </item> and a channel with </channel>.</p>]]></content:encoded>
		<wp:post_id>103</wp:post_id>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<category domain="category" nicename="technology"><![CDATA[Technology]]></category>
	</item>
	<item>
		<title><![CDATA[Unfinished draft]]></title>
		<content:encoded><![CDATA[<p>Not yet.</p>]]></content:encoded>
		<wp:post_id>104</wp:post_id>
		<wp:status><![CDATA[draft]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
	</item>
	<item>
		<title>Markets &amp; rates</title>
		<content:encoded><![CDATA[<p>The central bank held rates.</p>]]></content:encoded>
		<wp:post_id>105</wp:post_id>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
	</item>
</channel>
</rss>
"""


def posts(path: Path) -> dict[str, Article]:
    return {a.article_id: a for a in read_articles([path]) if isinstance(a, Article)}


def added_lines(original: bytes, tagged: bytes) -> list[tuple[int, re.Match]]:
    """The lines ``tagged`` adds to ``original``, by their index in ``tagged``, asserting
    that it only adds whole lines and that each is a post tag element."""
    before = original.decode().splitlines(keepends=True)
    after = tagged.decode().splitlines(keepends=True)
    found = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        assert op == "insert" and i1 == i2, (op, before[i1:i2], after[j1:j2])
        for index in range(j1, j2):
            match = ADDED_LINE.match(after[index])
            assert match, after[index]
            found.append((index, match))
    return found


def without_lines(tagged: bytes, indices: set[int]) -> bytes:
    lines = tagged.decode().splitlines(keepends=True)
    return "".join(line for i, line in enumerate(lines) if i not in indices).encode()


def check_round_trip(original_path: Path, tagged_path: Path) -> dict[str, list[str]]:
    """Old tags kept, everything else read back equal; returns each post's new tags."""
    before, after = posts(original_path), posts(tagged_path)
    assert before.keys() == after.keys()
    new = {}
    for article_id, old in before.items():
        tagged = after[article_id]
        assert tagged.tags[: len(old.tags)] == old.tags
        new[article_id] = tagged.tags[len(old.tags) :]
        for name in ("title", "body", "category", "author", "published", "locator"):
            assert getattr(tagged, name) == getattr(old, name), name
    skipped = [r.reason for r in read_articles([original_path]) if isinstance(r, ErrorRecord)]
    assert skipped == [r.reason for r in read_articles([tagged_path]) if isinstance(r, ErrorRecord)]
    return new


def test_suggested_tags_are_added_and_nothing_else_changes(tmp_path):
    model_dir = default_model_dir()
    if model_dir is None:
        pytest.skip("no suggestion model (models/default is missing)")
    export = tmp_path / "export.xml"
    # Each post's first tag taken away: the model, which learned these posts, gives it back.
    first_tag = r'(domain="category"[^\n]*?</category>)<category domain="post_tag".*?</category>'
    text = (SAMPLE / "export.wxr.xml").read_text(encoding="utf-8")
    export.write_text(re.sub(first_tag, r"\1", text), encoding="utf-8")
    tagged = tmp_path / "tagged.xml"
    result = runner.invoke(app, ["tag", str(export), "--out", str(tagged)])
    assert result.exit_code == 0, result.output
    original, written = export.read_bytes(), tagged.read_bytes()

    new = check_round_trip(export, tagged)
    model = SuggestionModel.load(model_dir)
    for article_id, article in posts(export).items():
        suggested = [label for label, _ in model.suggest([(article.title, article.body)])[0]["tag"]]
        present = {t.casefold() for t in article.tags}
        assert new[article_id] == [t for t in suggested if t.casefold() not in present]
    assert sum(map(len, new.values())) > 0

    lines = added_lines(original, written)
    assert [m.group(3) for _, m in lines] == [t for tags in new.values() for t in tags]
    assert all(m.group(2) == re.sub(r"[^a-z0-9]+", "-", m.group(3).lower()) for _, m in lines)
    assert without_lines(written, {i for i, _ in lines}) == original
    assert "tags added to" in result.output
    # The bundled model learned 76 sample articles: the user is told it is a demo.
    assert "demo model" in result.output and "pipeline train" in result.output


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_with_feedback_only_accepted_tags_are_written(tmp_path, newline):
    export = tmp_path / "export.xml"
    export.write_bytes(EXPORT.replace("\n", newline).encode())
    store = FeedbackStore(tmp_path / "service")
    decisions = [
        ("101", "Korean peninsula", "accepted", None),
        ("101", "storm corps", "accepted", None),  # already there (any case): not repeated
        ("101", "war", "edited", "Russia-Ukraine war"),
        ("101", "ceasefire", "rejected", None),
        ("102", "about", "added", None),  # a page: not a post, left alone
        ("103", "RSS", "added", None),
        ("103", "feeds]]>", "added", None),  # a name that would end a CDATA section
        ("104", "drafts", "added", None),  # a draft: left alone
    ]
    for article_id, label, decision, to in decisions:
        store.add(article_id, "tag", label, decision, to=to)
    tagged = tmp_path / "tagged.xml"
    arguments = ["tag", str(export), "--out", str(tagged), "--feedback", str(tmp_path / "service")]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output

    new = check_round_trip(export, tagged)
    assert new == {
        "101": ["Korean peninsula", "Russia-Ukraine war"],
        "103": ["RSS", "feeds]]>"],
        "105": [],
    }
    original, written = export.read_bytes(), tagged.read_bytes()
    lines = added_lines(original, written)
    slugs = [m.group(2) for _, m in lines]
    assert slugs == ["korea-peninsula", "russia-ukraine-war", "rss", "feeds"]
    assert all(m.group(4) == newline for _, m in lines)
    assert all(m.group(1) == "\t\t" for _, m in lines)  # indented like the item's children
    assert without_lines(written, {i for i, _ in lines}) == original
    spans = item_spans(written)
    assert len(spans) == 5
    for index in (1, 3):  # the page and the draft are byte for byte the same
        a, b = item_spans(original)[index]
        c, d = spans[index]
        assert original[a:b] == written[c:d]


def test_nothing_to_add_leaves_the_file_as_it_was(tmp_path):
    if default_model_dir() is None:
        pytest.skip("no suggestion model (models/default is missing)")
    export = tmp_path / "export.xml"
    export.write_text(EXPORT, encoding="utf-8")
    tagged = tmp_path / "tagged.xml"
    result = runner.invoke(app, ["tag", str(export), "--out", str(tagged), "--min-score", "1.01"])
    assert result.exit_code == 0, result.output
    assert tagged.read_bytes() == export.read_bytes()
    assert "0 tags added to 0 posts" in result.output


def test_the_export_is_never_overwritten_and_a_broken_one_writes_nothing(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(EXPORT, encoding="utf-8")
    FeedbackStore(tmp_path / "service")
    feedback = ["--feedback", str(tmp_path / "service")]
    result = runner.invoke(app, ["tag", str(export), "--out", str(export), *feedback])
    assert result.exit_code == 2 and "another file" in result.output
    assert export.read_text(encoding="utf-8") == EXPORT

    broken = tmp_path / "broken.xml"
    broken.write_text(EXPORT[: EXPORT.index("<title><![CDATA[About us")], encoding="utf-8")
    out = tmp_path / "out.xml"
    result = runner.invoke(app, ["tag", str(broken), "--out", str(out), *feedback])
    assert result.exit_code == 2 and "cannot be read as a WordPress export" in result.output
    assert not out.exists()

    result = runner.invoke(app, ["tag", str(tmp_path / "missing.xml"), "--out", str(out)])
    assert result.exit_code == 3


def test_the_item_scan_agrees_with_the_reader_on_awkward_markup():
    data = EXPORT.encode()
    spans = item_spans(data)
    assert len(spans) == 5  # not the commented-out one; "</item>" in CDATA does not end one
    assert all(data[a:b].startswith(b"<item>") and data[a:b].endswith(b"</item>") for a, b in spans)
    assert b"An item ends with </item>" in data[spans[2][0] : spans[2][1]]
