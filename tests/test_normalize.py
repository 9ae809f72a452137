from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.normalize import explain_normalization, normalize_text, normalize_with_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("donâ€™t", "don’t"),  # recoverable mojibake (ftfy)
        ("â€œquotedâ€\x9d", "“quoted”"),  # ftfy, curly quotes kept
        ("Fish &amp; chips", "Fish & chips"),  # HTML entities
        ("Cafe\u0301", "Café"),  # NFC
        ("Seoul\u200b’s", "Seoul’s"),  # zero-width space
        ("one  two\t three", "one two three"),  # runs of spaces
        ("Para one.\r\n\r\n\r\n\r\nPara two.", "Para one.\n\nPara two."),  # paragraph break kept
        ("Line one\nline two", "Line one\nline two"),
        ("“Curly” and ‘single’ — kept", "“Curly” and ‘single’ — kept"),
        ("bell\x07 char", "bell char"),  # control characters
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


def test_repairs_are_counted_and_explained():
    text = "Moscowâ??s cafÃ©"
    fixed, count = normalize_with_count(text)
    assert fixed == "Moscow’s café"
    assert count == 2
    _, repairs = explain_normalization(text)
    assert [(r.step, r.after) for r in repairs] == [("lossy-mojibake", "’"), ("ftfy", "é")]


def test_clean_text_has_no_repairs():
    assert normalize_with_count("A clean “sentence” — really.") == (
        "A clean “sentence” — really.",
        0,
    )


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["&amp;", "&lt;b&gt;", "\r\n", "\x1b[31m", "  ", "\t", "\x7f"])
        | st.text(alphabet=st.characters(codec="ascii"), max_size=8),
        max_size=12,
    ).map("".join)
)
def test_ascii_fast_path_matches_ftfy(text):
    import ftfy

    from pipeline.ingest.normalize import _FTFY_CONFIG, fix_with_ftfy

    assert fix_with_ftfy(text) == ftfy.fix_text(text, _FTFY_CONFIG)
