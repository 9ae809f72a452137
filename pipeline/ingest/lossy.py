"""Restore *lossy* mojibake: UTF-8 read as cp1252, then written as Latin-1 with ``?``.

ftfy repairs mojibake whose bytes all survived (``â€™`` -> ``’``). A common worse
case loses bytes: the text was decoded as cp1252 and saved as Latin-1, so every
byte in 0x80–0x9F (which cp1252 maps to characters such as ``€`` or ``™`` that
Latin-1 lacks) became ``?``::

    >>> damage("Moscow’s “Storm Corps” – 1,500 men…")
    'Moscowâ??s â??Storm Corpsâ?? â?? 1,500 menâ?¦'

``’ ‘ “ ” – —`` all collapse to the same ``â??``: the bytes that told them apart
are gone, so ftfy cannot undo it. We restore the most likely character from
context — position, pairing, and the publisher's house style inside the same
document::

    >>> restore_lossy("Moscowâ??s â??Storm Corpsâ?? â?? 1,500 menâ?¦")
    'Moscow’s “Storm Corps” — 1,500 men…'

Clean text passes unchanged (``pâte``, ``Really??``, Portuguese ``lá??``): a
sequence is only touched when it is a valid damaged UTF-8 sequence of a
character that is plausible in news text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import load_json


@lru_cache(maxsize=1)
def _english_stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported on first need: importing spaCy takes a second,
    and reading a dump (or training) should not pay it when no damage needs the list."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


__all__ = ["LossyRepair", "damage", "find_lossy_repairs", "restore_lossy"]

LOST = "?"

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
    (0x25A0, 0x25FF),  # geometric shapes
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x1F000, 0x1FAFF),  # emoji
)

_QUOTE_DASH_FORM = "â??"  # ’ ‘ “ ” – — and friends after the damage
_LEFT_DOUBLE, _RIGHT_DOUBLE, _LEFT_SINGLE, _RIGHT_SINGLE = "“", "”", "‘", "’"
_EN_DASH, _EM_DASH = "–", "—"
_OPENING_CONTEXT = set(" \t\n([{/<-–—\u00a0")
_CLOSING_PUNCT = set(".,;:!?)]}…%")


def damage(text: str) -> str:
    """Apply the lossy damage this module undoes: UTF-8 -> cp1252 -> Latin-1 with ``?``.

    >>> damage("It’s 5 € — “done”")
    'Itâ??s 5 â?¬ â?? â??doneâ??'
    """
    return (
        text.encode("utf-8")
        .decode("cp1252", errors="replace")
        .encode("latin-1", errors="replace")
        .decode("latin-1")
    )


@dataclass(frozen=True, slots=True)
class LossyRepair:
    """One restored sequence: where it was, what it was, what it became and why."""

    start: int
    damaged: str
    restored: str
    reason: str


@lru_cache(maxsize=1)
def _evidence() -> dict:
    data = load_json("lossy_mojibake.json")
    spelling = load_json("spelling_variants.json")
    ranked: list[str] = []
    for ch in data["ranked_characters"]:
        if ch not in ranked:
            ranked.append(ch)
    return {
        "rank": {ch: i for i, ch in enumerate(ranked)},
        "contractions": set(data["contraction_suffixes"]),
        "name_prefixes": set(data["name_prefixes"]),
        "elisions": set(data["elisions"]),
        "year_words": set(data["year_elision_words"]),
        "british": set(spelling["british"]),
        "american": set(spelling["american"]),
    }


@lru_cache(maxsize=1)
def _candidates_by_form() -> dict[str, tuple[str, ...]]:
    """Map each lossy damaged form to the plausible characters that produce it, likeliest first."""
    rank = _evidence()["rank"]
    table: dict[str, list[str]] = {}
    for low, high in _PLAUSIBLE_RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            if unicodedata.category(ch) in ("Cn", "Cs", "Co"):
                continue
            form = damage(ch)
            if LOST in form:
                table.setdefault(form, []).append(ch)

    def likelihood(ch: str) -> tuple[int, int]:
        # Unranked characters: punctuation before letters before symbols, then code point.
        block = 0 if 0x2000 <= ord(ch) <= 0x206F else 1 if ord(ch) < 0x2000 else 2
        return (rank.get(ch, len(rank) + block), ord(ch))

    return {form: tuple(sorted(chars, key=likelihood)) for form, chars in table.items()}


# A lead byte (as Latin-1) followed by as many continuation renderings as its
# UTF-8 sequence needs: a surviving byte 0xA0–0xBF, or the "?" of a lost one.
_CONTINUATION = "[?\u00a0-\u00bf]"
_SEQUENCE_RE = re.compile(
    rf"[\u00c2-\u00df]{_CONTINUATION}"
    rf"|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    rf"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)
_WORD_BEFORE_RE = re.compile(r"[^\W_]+$")
# A word ends where the next damaged sequence starts: "nâ??" is "n" and a quote.
_WORD_AFTER_RE = re.compile(r"(?:(?![\u00c2-\u00f4]\?)[^\W_])+")
_WORD_RE = re.compile(r"[^\W\d_]+")
_YEAR_ELISION_RE = re.compile(r"\d\d(?:s\b|(?!\w))")


def _find_sequences(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    table = _candidates_by_form()
    found = []
    pos = 0
    while match := _SEQUENCE_RE.search(text, pos):
        candidates = table.get(match.group())
        if candidates:
            found.append((match.start(), match.end(), candidates))
            pos = match.end()
        else:
            pos = match.start() + 1
    return found


@dataclass(slots=True)
class _HouseStyle:
    """Evidence of a publisher's conventions, read from the undamaged parts of one document."""

    british: bool
    spaced_dashes: int
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _HouseStyle:
        evidence = _evidence()
        words = _WORD_RE.findall(text)
        lowered = [w.lower() for w in words]
        british = sum(w in evidence["british"] for w in lowered)
        american = sum(w in evidence["american"] for w in lowered)
        # "Mr Smith" (British) vs "Mr. Smith" (American).
        british += len(re.findall(r"\b(?:Mr|Mrs|Ms|Dr)\s+[A-Z]", text))
        american += len(re.findall(r"\b(?:Mr|Mrs|Ms|Dr)\.\s+[A-Z]", text))
        # "21 October 2024" vs "October 21, 2024".
        months = (
            "January|February|March|April|May|June|July|August|September|October|November|December"
        )
        british += len(re.findall(rf"\b\d{{1,2}} (?:{months})\b", text))
        american += len(re.findall(rf"\b(?:{months}) \d{{1,2}},", text))
        # Punctuation outside a closing quote ("word”.") is British: American style never does it.
        british += len(re.findall(rf"[a-z]{re.escape(_QUOTE_DASH_FORM)}[.,]", text))
        # Currency, clock times and "per cent".
        british += text.count("£") + len(re.findall(r"\d(?:am|pm)\b|\bper cent\b", text))
        american += text.count("$") + len(re.findall(r"\b[ap]\.m\.|\bpercent\b", text))
        spaced = len(re.findall(rf"(?:^|\s){re.escape(_QUOTE_DASH_FORM)}(?=\s)", text, re.M))
        return cls(british=british > american, spaced_dashes=spaced, words=frozenset(lowered))

    @property
    def spaced_dash(self) -> str:
        return _EN_DASH if self.british else _EM_DASH


def _char_class(ch: str) -> str:
    """'w' word character, 'o' opening context (space, start, bracket), 'c' closing punctuation."""
    if ch == "" or ch in _OPENING_CONTEXT or ch.isspace():
        return "o"
    if ch.isalnum():
        return "w"
    if ch in _CLOSING_PUNCT:
        return "c"
    if ch in "’”":
        return "c"
    if ch in "“‘\"'":
        return "o"
    return "c"


class _PunctuationResolver:
    """Chooses among ’ ‘ “ ” – — for every ``â??`` of one document, left to right.

    Quotes are paired within a paragraph: an opener pushes onto a stack, a closer
    pops it, and a closer-shaped site after a plural ("workers’ ") is a possessive
    apostrophe when a later closer in the same paragraph can close the quote.
    """

    def __init__(self, text: str, sites: list[tuple[int, int]]):
        self.text = text
        self.sites = sites
        self.style = _HouseStyle.of(text)
        self.evidence = _evidence()
        first_break = text.find("\n")
        first_line = text[:first_break] if first_break > 0 else ""
        # A short first line without final punctuation is a headline: headlines quote with ‘ ’.
        self.headline_end = (
            first_break
            if first_line and len(first_line) < 160 and first_line.rstrip()[-1:] not in ".!?:"
            else -1
        )

    def _shape(self, index: int) -> str:
        start, end = self.sites[index]
        left = _char_class(self.text[start - 1] if start else "")
        right = _char_class(self.text[end] if end < len(self.text) else "")
        return left + right

    def resolve(self) -> list[tuple[str, str]]:
        choices: list[tuple[str, str]] = []
        stack: list[str] = []
        paragraph = -2
        i = 0
        while i < len(self.sites):
            j = i
            while j + 1 < len(self.sites) and self.sites[j + 1][0] == self.sites[j][1]:
                j += 1
            start = self.sites[i][0]
            this_paragraph = self.text.rfind("\n", 0, start)
            if this_paragraph != paragraph:
                paragraph, stack = this_paragraph, []
            if j == i:
                choices.append(self._single(i, stack, choices))
            else:
                choices.extend(self._group(i, j, stack, choices))
            i = j + 1
        return choices

    # -- one site -------------------------------------------------------------------------
    def _left_char(self, index: int, choices: list[tuple[str, str]]) -> str:
        start = self.sites[index][0]
        if start == 0:
            return ""
        if index and self.sites[index - 1][1] == start:
            return choices[index - 1][0]
        return self.text[start - 1]

    def _single(
        self, index: int, stack: list[str], choices: list[tuple[str, str]]
    ) -> tuple[str, str]:
        start, end = self.sites[index]
        text = self.text
        left = self._left_char(index, choices)
        right = text[end] if end < len(text) else ""
        left_word_match = _WORD_BEFORE_RE.search(text, 0, start)
        left_word = (
            left_word_match.group() if left_word_match and left_word_match.end() == start else ""
        )
        right_word_match = _WORD_AFTER_RE.match(text, end)
        right_word = right_word_match.group() if right_word_match else ""
        lc, rc = _char_class(left), _char_class(right)
        ev = self.evidence

        if lc == "w" and rc == "w":
            if left.isdigit() and right.isdigit():
                return _EN_DASH, "range between numbers"
            if right_word.lower() in ev["contractions"] and right_word[-1:].isalpha():
                return _RIGHT_SINGLE, "contraction or possessive"
            if left_word.lower() in ev["name_prefixes"]:
                return _RIGHT_SINGLE, "name prefix (O’, d’, l’)"
            if self.style.spaced_dashes == 0 and self._looks_like_closed_dash(
                left_word, right_word
            ):
                return _EM_DASH, "closed em dash between words"
            return _RIGHT_SINGLE, "apostrophe inside a word"

        if lc == "o" and rc == "o":
            return self.style.spaced_dash, "spaced dash (house style)"

        if lc == "o":  # opening position
            if right_word.lower() in ev["elisions"]:
                return _RIGHT_SINGLE, "elision (’em, ’til)"
            if _YEAR_ELISION_RE.match(text, end) and (
                right_word.endswith("s") or self._word_before(start).lower() in ev["year_words"]
            ):
                return _RIGHT_SINGLE, "elided year (’90s)"
            if (stack and stack[-1] == "d") or 0 <= start < self.headline_end:
                stack.append("s")
                return _LEFT_SINGLE, "opening quote (nested or headline)"
            stack.append("d")
            return _LEFT_DOUBLE, "opening quote"

        # closing position: after a word or punctuation
        if lc == "w" and left in "sSzZ" and rc == "o" and right not in "\n" and right != "":
            after = text[end + 1 : end + 2]
            if after.isalnum() and (not stack or self._next_quote_closes(index)):
                return _RIGHT_SINGLE, "plural possessive"
        if left_word.lower() == "n" and choices and choices[-1][0] == _RIGHT_SINGLE:
            return _RIGHT_SINGLE, "elision (rock ’n’ roll)"
        if stack:
            kind = stack.pop()
            if kind == "s":
                return _RIGHT_SINGLE, "closes a single quote"
            return _RIGHT_DOUBLE, "closes a double quote"
        if lc == "w" and rc == "w":
            return _RIGHT_SINGLE, "apostrophe"
        if lc == "w" and left in "sSzZ" and rc == "o" and right not in "\n":
            return _RIGHT_SINGLE, "plural possessive"
        if 0 <= start < self.headline_end:
            return _RIGHT_SINGLE, "closing quote in a headline"
        return _RIGHT_DOUBLE, "closing quote"

    def _word_before(self, start: int) -> str:
        match = _WORD_BEFORE_RE.search(self.text, 0, max(start - 1, 0))
        return match.group() if match else ""

    def _next_quote_closes(self, index: int) -> bool:
        """Whether the next quote-shaped site in this paragraph is a closer (so this one is not)."""
        paragraph_end = self.text.find("\n", self.sites[index][1])
        for later in range(index + 1, len(self.sites)):
            if paragraph_end != -1 and self.sites[later][0] > paragraph_end:
                return False
            shape = self._shape(later)
            if shape in ("wo", "co", "cc", "wc"):
                return True
            if shape == "ow":
                return False
        return False

    def _looks_like_closed_dash(self, left_word: str, right_word: str) -> bool:
        """``word—word`` (closed em dash) vs an apostrophe inside a name (Qur’an, Shi’ite)."""
        if left_word[:1].isupper() and len(left_word) <= 4:
            return False  # the start of a name: Qur’an, Shi’ite, Ba’ath
        left, right = left_word.lower(), right_word.lower()
        stop_words = _english_stop_words()
        if (len(left) >= 2 and left in stop_words) or right in stop_words:
            return True
        words = self.style.words
        return len(left) >= 2 and len(right) >= 2 and left in words and right in words

    # -- adjacent sites ---------------------------------------------------------------------
    def _group(
        self, first: int, last: int, stack: list[str], choices: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        end = self.sites[last][1]
        left = self._left_char(first, choices)
        right = self.text[end] if end < len(self.text) else ""
        lc, rc = _char_class(left), _char_class(right)
        size = last - first + 1
        if size == 2 and lc == "o" and rc == "w":
            stack.extend(["d", "s"])
            return [(_LEFT_DOUBLE, "outer opening quote"), (_LEFT_SINGLE, "inner opening quote")]
        if size == 2 and lc == "w" and rc == "w":
            # "century”—and" inside a quote; "said—“We" outside one.
            if stack:
                closer = _RIGHT_SINGLE if stack.pop() == "s" else _RIGHT_DOUBLE
                return [(closer, "closing quote"), (_EM_DASH, "closed em dash after a quote")]
            stack.append("d")
            return [(_EM_DASH, "closed em dash"), (_LEFT_DOUBLE, "opening quote after a dash")]
        if size == 2 and lc in "wc" and rc in "oc":
            if stack[-2:] == ["d", "s"]:
                del stack[-2:]
                return [
                    (_RIGHT_SINGLE, "inner closing quote"),
                    (_RIGHT_DOUBLE, "outer closing quote"),
                ]
            if stack:
                stack.pop()
            if lc == "w" and left not in "sSzZ":
                return [(_EM_DASH, "interrupted speech"), (_RIGHT_DOUBLE, "closing quote")]
            return [
                (_RIGHT_SINGLE, "apostrophe before closing quote"),
                (_RIGHT_DOUBLE, "closing quote"),
            ]
        out: list[tuple[str, str]] = []
        for index in range(first, last + 1):
            out.append(self._single(index, stack, choices + out))
        return out


def _choose_by_case(
    text: str, start: int, end: int, candidates: tuple[str, ...]
) -> tuple[str, str]:
    """Letters and symbols whose lost byte leaves several candidates: case and neighbours decide."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if "×" in candidates and (before.isdigit() or after.isdigit()):
        return "×", "multiplication sign between numbers"
    if "™" in candidates and "•" in candidates:
        if before.isalnum() or before in ")®":
            return "™", "trademark sign after a name"
        return "•", "bullet"
    letters = [c for c in candidates if c.isalpha()]
    if candidates[0].isalpha():
        if (before.isalpha() and before.islower()) or (after.islower() and before.isalpha()):
            lower = [c for c in letters if c.islower()]
            if lower:
                return lower[0], "lowercase letter inside a word"
        if after.isalpha() or before.isalpha():
            upper = [c for c in letters if c.isupper()]
            if upper:
                return upper[0], "capital letter"
    return candidates[0], "most likely character"


def find_lossy_repairs(text: str) -> list[LossyRepair]:
    """Find every lossy-damaged sequence in ``text`` and decide what it stood for.

    >>> [(r.damaged, r.restored) for r in find_lossy_repairs("Kimâ??s â?¦")]
    [('â??', '’'), ('â?¦', '…')]
    """
    found = _find_sequences(text)
    if not found:
        return []
    punctuation = [(s, e) for s, e, c in found if text[s:e] == _QUOTE_DASH_FORM]
    resolved = iter(_PunctuationResolver(text, punctuation).resolve()) if punctuation else iter(())
    repairs = []
    for start, end, candidates in found:
        if text[start:end] == _QUOTE_DASH_FORM:
            restored, reason = next(resolved)
        elif len(candidates) == 1:
            restored, reason = candidates[0], "only plausible character"
        else:
            restored, reason = _choose_by_case(text, start, end, candidates)
        repairs.append(LossyRepair(start, text[start:end], restored, reason))
    return repairs


def apply_repairs(text: str, repairs: Iterable[LossyRepair]) -> str:
    """Rebuild ``text`` with each repair's damaged sequence replaced by its restoration."""
    parts, pos = [], 0
    for repair in repairs:
        parts.append(text[pos : repair.start])
        parts.append(repair.restored)
        pos = repair.start + len(repair.damaged)
    parts.append(text[pos:])
    return "".join(parts)


def restore_lossy(text: str) -> str:
    """Restore lossy mojibake in ``text``; clean text comes back unchanged.

    >>> restore_lossy("South Koreaâ??s envoy said: â??We will not wait.â??")
    'South Korea’s envoy said: “We will not wait.”'
    >>> restore_lossy("Really?? The pâte was fine.")
    'Really?? The pâte was fine.'
    """
    return apply_repairs(text, find_lossy_repairs(text))
