"""Text repair: lossy mojibake, ftfy's fixes, zero-width characters and whitespace.

Each step is a small function; :func:`normalize_text` runs them in order and
:func:`explain_normalization` says what each one changed.

    >>> normalize_text("Moscowâ??s  cafÃ© &amp; bar\\r\\n\\r\\n\\r\\nNext")
    'Moscow’s café & bar\\n\\nNext'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import ftfy

from pipeline.ingest.lossy import apply_repairs, find_lossy_repairs

__all__ = ["Repair", "explain_normalization", "normalize_text"]

# Typographic quotes are content, not damage: keep them (ftfy straightens them by default).
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC", explain=False)

# Zero-width characters that carry no meaning in news text. ZWJ/ZWNJ (U+200D/U+200C)
# stay: they build emoji sequences and shape some scripts.
# ASCII text without these characters is left alone by every ftfy fix we use (HTML
# entities need "&", terminal escapes and control characters are below 0x20 or 0x7f,
# line breaks to unify need "\r"); such text skips ftfy, which is most wire copy.
_FTFY_TRIGGERS_RE = re.compile("[&\x00-\x08\x0b-\x1f\x7f]")
_ZERO_WIDTH_RE = re.compile("[\u200b\u2060\ufeff\u180e]")
_HORIZONTAL_SPACE_RE = re.compile(r"[ \t\f\v]+")
_SPACE_AROUND_NEWLINE_RE = re.compile(r"[ \t\f\v]*\n[ \t\f\v]*")
_BLANK_LINES_RE = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class Repair:
    """One change made while normalizing: which step, what it was, what it became."""

    step: str
    before: str
    after: str
    reason: str = ""


def remove_zero_width(text: str) -> str:
    """Drop zero-width spaces, word joiners and stray byte-order marks.

    >>> remove_zero_width("Seoul\\u200b’s")
    'Seoul’s'
    """
    return _ZERO_WIDTH_RE.sub("", text)


def tidy_whitespace(text: str) -> str:
    """Collapse runs of spaces and tabs, trim lines, keep paragraph breaks (one blank line).

    >>> tidy_whitespace("  One  two\\t three \\n\\n\\n\\n Four ")
    'One two three\\n\\nFour'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HORIZONTAL_SPACE_RE.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE_RE.sub("\n", text)
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip()


def fix_with_ftfy(text: str) -> str:
    """ftfy's recoverable-mojibake, HTML-entity, control-character and NFC fixes; quotes stay curly.

    >>> fix_with_ftfy("â€œcafÃ©â€\\x9d &amp; more")
    '“café” & more'
    """
    if text.isascii() and not _FTFY_TRIGGERS_RE.search(text):
        return text
    return ftfy.fix_text(text, _FTFY_CONFIG)


def _diff_repairs(step: str, before: str, after: str) -> list[Repair]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        Repair(step, before[i1:i2], after[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def normalize_text(text: str) -> str:
    """Repair ``text``: lossy mojibake, ftfy's fixes, zero-width characters, whitespace.

    Clean text passes unchanged:

    >>> normalize_text("Le pâte “maison” — Really??")
    'Le pâte “maison” — Really??'
    """
    return normalize_with_count(text)[0]


def normalize_with_count(text: str) -> tuple[str, int]:
    """:func:`normalize_text` plus the number of repairs made (for the articles table)."""
    if not text:
        return "", 0
    lossy = find_lossy_repairs(text)
    step1 = apply_repairs(text, lossy) if lossy else text
    step2 = fix_with_ftfy(step1)
    step3 = tidy_whitespace(remove_zero_width(step2))
    count = len(lossy)
    if step2 != step1:
        count += len(_diff_repairs("ftfy", step1, step2))
    if step3 != step2:
        # Whitespace tidying is housekeeping, counted once rather than per space.
        count += 1
    return step3, count


def explain_normalization(text: str) -> tuple[str, list[Repair]]:
    """Normalize ``text`` and list every change, step by step.

    >>> fixed, repairs = explain_normalization("Kimâ??s")
    >>> fixed, [(r.step, r.before, r.after) for r in repairs]
    ('Kim’s', [('lossy-mojibake', 'â??', '’')])
    """
    repairs: list[Repair] = []
    lossy = find_lossy_repairs(text)
    repairs += [Repair("lossy-mojibake", r.damaged, r.restored, r.reason) for r in lossy]
    current = apply_repairs(text, lossy)
    for step, fix in (
        ("ftfy", fix_with_ftfy),
        ("zero-width", remove_zero_width),
        ("whitespace", tidy_whitespace),
    ):
        fixed = fix(current)
        if fixed != current:
            repairs += _diff_repairs(step, current, fixed)
        current = fixed
    return current, repairs
