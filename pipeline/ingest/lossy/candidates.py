"""Finding damaged sequences, and the characters each could stand for.

A sequence is only touched when it is a valid damaged UTF-8 sequence of a character
plausible in news text (:func:`candidates_by_form`): Portuguese ``lá??`` is left alone.
Damaged Japanese, Chinese and Korean characters count only among their own script
(:func:`cjk_candidates_by_form`, :func:`in_cjk_text`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from pipeline.ingest.lossy import counts
from pipeline.ingest.lossy.forms import LOST, SEQUENCE_RE, damage
from pipeline.resources import load_json

__all__ = [
    "CJK_CHAR_RE",
    "candidates_by_form",
    "cjk_candidates_by_form",
    "in_cjk_text",
    "sequences",
]

# Unicode ranges whose characters plausibly appear in news text. A damaged
# sequence that can only stand for something else (Myanmar, CJK, C1 controls)
# is far more likely to be genuine text such as Portuguese "lá??".
_PLAUSIBLE_RANGES = (
    (0x00C0, 0x017F),  # Latin-1 letters, Latin Extended-A
    (0x0192, 0x0192),  # ƒ
    (0x0218, 0x021B),  # Romanian ș ț
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x215F),  # letterlike symbols, fractions
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0x2500, 0x257F),  # box drawing (tables in plain-text posts)
    (0x25A0, 0x25FF),  # geometric shapes
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x1F000, 0x1FAFF),  # emoji
)
# A character must have been seen this often before its count outranks the curated order.
_MIN_SEEN = 20


def _damaged_forms(ranges: tuple[tuple[int, int], ...], unassigned: tuple[str, ...]) -> dict:
    """Each lossy damaged form -> the characters of ``ranges`` that produce it (code order)."""
    table: dict[str, list[str]] = {}
    for low, high in ranges:
        for code in range(low, high + 1):
            ch = chr(code)
            if unicodedata.category(ch) in unassigned:
                continue
            form = damage(ch)
            if LOST in form:
                table.setdefault(form, []).append(ch)
    return table


@lru_cache(maxsize=1)
def candidates_by_form() -> dict[str, tuple[str, ...]]:
    """Map each lossy damaged form to the plausible characters that produce it, likeliest first.

    Likeliest by the learned character counts (of characters seen often enough), then
    by the curated ranking, then punctuation before letters before symbols.

    >>> candidates_by_form()["â?¦"][0], candidates_by_form()["Ã?"][:2]
    ('…', ('É', 'Ö'))
    """
    seen = counts.learned()["chars"]
    ranked: list[str] = []
    for ch in load_json("lossy_mojibake.json")["ranked_characters"]:
        if ch not in ranked:
            ranked.append(ch)
    rank = {ch: i for i, ch in enumerate(ranked)}
    table = _damaged_forms(_PLAUSIBLE_RANGES, ("Cn", "Cs", "Co"))

    def likelihood(ch: str) -> tuple[int, int, int]:
        block = 0 if 0x2000 <= ord(ch) <= 0x206F else 1 if ord(ch) < 0x2000 else 2
        count = seen.get(ch, 0)
        return (-count if count >= _MIN_SEEN else 0, rank.get(ch, len(rank) + block), ord(ch))

    return {form: tuple(sorted(chars, key=likelihood)) for form, chars in table.items()}


def sequences(text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """``(start, end, candidates)`` of every lossy sequence (none for intact renderings).

    Sequences that can only be CJK characters come with their CJK candidates and are
    kept only among other CJK text (:func:`in_cjk_text`).

    >>> [(s, e, c[:2]) for s, e, c in sequences("Kimâ??s cafÃ© â?¦ lá??")]
    [(3, 6, ('’', '”')), (14, 17, ('…', '♦'))]
    """
    table = candidates_by_form()
    cjk = cjk_candidates_by_form()
    pos = 0
    while match := SEQUENCE_RE.search(text, pos):
        form = match.group()
        if LOST in form:
            candidates = table.get(form)
            if not candidates and form in cjk and in_cjk_text(text, match.start(), match.end()):
                candidates = cjk[form]
            if candidates:
                yield match.start(), match.end(), candidates
                pos = match.end()
                continue
            pos = match.start() + 1
        else:
            pos = match.end()


# -- CJK: Japanese, Chinese and Korean lose bytes too -------------------------------------------
_CJK_RANGES = ((0x3000, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xFF01, 0xFF5E))
CJK_CHAR_RE = re.compile("[\u3000-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff5e]")
# A damaged or intact UTF-8 rendering of a CJK character (lead bytes E3–ED, EF BC–BD).
_CJK_RENDERING_RE = re.compile(
    "[\u00e3-\u00ed][?\u00a0-\u00bf]{2}|\u00ef[\u00bc\u00bd][?\u00a0-\u00bf]"
)
# charset-normalizer's per-language lists of the most frequent characters, most frequent
# first ("Japanese——" is hiragana, "Japanese—" katakana, "Japanese" kanji), each weighed
# by its script's rough share of running text; a character's weight falls with its rank.
_CJK_LISTS = (
    ("Japanese——", 0.40),
    ("Japanese", 0.25),
    ("Chinese", 0.25),
    ("Korean", 0.20),
    ("Japanese—", 0.15),
)
_DIGITS_AND_SPACES = "0123456789 "
_CJK_PUNCTUATION = {"、": 0.1, "。": 0.1, "「": 0.03, "」": 0.03, "（": 0.02, "）": 0.02}


def in_cjk_text(text: str, start: int, end: int) -> bool:
    """Whether a damaged sequence touches CJK text (a CJK character or another rendering).

    >>> in_cjk_text("ã?®ã?§", 0, 3), in_cjk_text("10æ??4æ?¥", 2, 5)
    (True, True)
    >>> in_cjk_text("Então?» disse", 3, 6)
    False
    """
    # Digits and spaces in between do not count: "10æ??4æ?¥" is 10月4日.
    before = text[max(0, start - 8) : start].rstrip(_DIGITS_AND_SPACES)[-3:]
    after = text[end : end + 8].lstrip(_DIGITS_AND_SPACES)[:3]
    return bool(
        CJK_CHAR_RE.fullmatch(before[-1:] or "x")
        or CJK_CHAR_RE.fullmatch(after[:1] or "x")
        or _CJK_RENDERING_RE.fullmatch(before)
        or _CJK_RENDERING_RE.match(after)
    )


@lru_cache(maxsize=1)
def cjk_candidates_by_form() -> dict[str, tuple[str, ...]]:
    """Damaged forms of CJK characters -> candidates, the most frequent in running text first.

    >>> cjk_candidates_by_form()["ã?®"][0], cjk_candidates_by_form()["ã?³"][0]
    ('の', 'ン')
    """
    try:
        from charset_normalizer.constant import FREQUENCIES as frequencies
    except ImportError:  # pragma: no cover - an older charset-normalizer
        frequencies = {}
    weight: dict[str, float] = dict(_CJK_PUNCTUATION)
    for name, share in _CJK_LISTS:
        for rank, ch in enumerate(frequencies.get(name, ())):
            weight[ch] = max(weight.get(ch, 0.0), share / (rank + 1))
    table = _damaged_forms(_CJK_RANGES, ("Cn", "Co"))
    return {
        form: tuple(sorted(chars, key=lambda ch: (-weight.get(ch, 0.0), ord(ch))))
        for form, chars in table.items()
    }
