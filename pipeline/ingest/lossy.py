"""Restore *lossy* mojibake: UTF-8 read as cp1252, then written as Latin-1 with ``?``.

ftfy repairs mojibake whose bytes all survived (``â€™`` -> ``’``). A common worse
case loses bytes: the text was decoded as cp1252 and saved as Latin-1, so every
byte in 0x80–0x9F (which cp1252 maps to characters such as ``€`` or ``™`` that
Latin-1 lacks) became ``?``::

    >>> damage("Moscow’s “Storm Corps” – 1,500 men…")
    'Moscowâ??s â??Storm Corpsâ?? â?? 1,500 menâ?¦'

``’ ‘ “ ” – —`` — and every other character from U+2000 to U+201F, such as the
zero-width and thin spaces — collapse to the same ``â??``: the bytes that told them
apart are gone, so ftfy cannot undo it. We restore the most likely character from
context, with probabilities counted on real typographic text (the development part
of the typographic corpus, ``scripts/learn_lossy_counts.py``, kept in
``resources/lossy_counts.json``):

- each ``â??`` is seen through its neighbours' character classes, the words on
  either side, the quotation marks still open in its line, whether the line is a
  headline, how far the next closing quote is and the document's dash style; the
  counts of what stood in each context are blended from general to specific
  (Witten-Bell smoothing) and the likeliest character wins, unless typography rules
  it out (a quote faces the text it quotes);
- a spaced dash is the document's house style, en or em: undamaged dashes in the
  same text decide, else naive Bayes over its house-style evidence (British or
  American spelling, ``Mr.``, ellipses, reported speech, the reader addressed, double
  spaces: :func:`doc_features`), with counts of the styles documents used;
- structure the counts are too few to learn is written down: adjacent sites (``”—``,
  ``—“``, hair-spaced dashes, table rules), a site alone on its line (a zero-width
  space), headline quotes (‘ ’), elisions (’em, ’90s), table columns, and a site
  between letters whose words decide: contractions (``it’d``), elided letters
  (``o’clock``, ``d’Or``), curated words (``Qur’an``), closed dashes between words
  (``man—an``) and datelines in capitals (``LONDON—The``). Box-drawing
  characters are only chosen in documents that draw tables.

    >>> restore_lossy("Moscowâ??s â??Storm Corpsâ?? â?? 1,500 menâ?¦")
    'Moscow’s “Storm Corps” – 1,500 men…'

Other damaged letters and symbols (``Ã?cole``, ``â?¬40``) keep the candidate
characters whose UTF-8 bytes give that form, likeliest first by the same counts (then
a curated order), and case and neighbours decide; damaged Japanese, Chinese and Korean
characters among their own script become their script's most frequent candidate.
Clean text passes unchanged (``pâte``, ``Really??``, Portuguese ``lá??``): a sequence
is only touched when it is a valid damaged UTF-8 sequence of a character plausible
in news text, and mojibake encoded twice before the damage is left to ftfy.
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import load_json

__all__ = [
    "DASH_STYLES",
    "QUOTE_DASH_FORM",
    "SPACED_DASH",
    "LossyRepair",
    "Site",
    "context_keys",
    "current_dash_style",
    "damage",
    "dash_style_option",
    "doc_features",
    "find_lossy_repairs",
    "house_style",
    "prepare_counts",
    "quote_state_after",
    "restore_lossy",
    "site_class",
    "sites_of",
]

LOST = "?"
QUOTE_DASH_FORM = "â??"  # ’ ‘ “ ” – — and all of U+2000–U+201F after the damage
# In the counts, a spaced en or em dash is "the document's spaced dash": which one
# is the document's house style (dash_style), not the context's.
SPACED_DASH = "D"

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


# -- the data ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _counts() -> dict:
    """The learned counts (``resources/lossy_counts.json``), with totals precomputed."""
    return prepare_counts(load_json("lossy_counts.json"))


def prepare_counts(data: dict) -> dict:
    """Counts as written by ``scripts/learn_lossy_counts.py``, ready for lookups."""
    contexts = {
        key: (counts, sum(counts.values()), len(counts)) for key, counts in data["contexts"].items()
    }
    prior, prior_total, _ = contexts[""]
    return {
        "contexts": contexts,
        "left_words": frozenset(data["left_words"]),
        "right_words": frozenset(data["right_words"]),
        "style": data["dash_style"],
        "chars": data["character_counts"],
        # what stood at any site: the start of every estimate, computed once
        "prior": {ch: n / prior_total for ch, n in prior.items()},
    }


# A character must have been seen this often before its count outranks the curated order.
_MIN_SEEN = 20


@lru_cache(maxsize=1)
def _candidates_by_form() -> dict[str, tuple[str, ...]]:
    """Map each lossy damaged form to the plausible characters that produce it, likeliest first.

    Likeliest by the learned character counts (of characters seen often enough), then
    by the curated ranking, then punctuation before letters before symbols.

    >>> _candidates_by_form()["â?¦"][0], _candidates_by_form()["Ã?"][:2]
    ('…', ('É', 'Ö'))
    """
    seen = _counts()["chars"]
    ranked: list[str] = []
    for ch in load_json("lossy_mojibake.json")["ranked_characters"]:
        if ch not in ranked:
            ranked.append(ch)
    rank = {ch: i for i, ch in enumerate(ranked)}
    table: dict[str, list[str]] = {}
    for low, high in _PLAUSIBLE_RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            if unicodedata.category(ch) in ("Cn", "Cs", "Co"):
                continue
            form = damage(ch)
            if LOST in form:
                table.setdefault(form, []).append(ch)

    def likelihood(ch: str) -> tuple[int, int, int]:
        block = 0 if 0x2000 <= ord(ch) <= 0x206F else 1 if ord(ch) < 0x2000 else 2
        count = seen.get(ch, 0)
        return (-count if count >= _MIN_SEEN else 0, rank.get(ch, len(rank) + block), ord(ch))

    return {form: tuple(sorted(chars, key=likelihood)) for form, chars in table.items()}


# -- finding damaged sequences -----------------------------------------------------------------
# A lead byte (as Latin-1) followed by as many continuation renderings as its
# UTF-8 sequence needs: a surviving byte 0xA0–0xBF, or the "?" of a lost one.
_CONTINUATION = "[?\u00a0-\u00bf]"
_SEQUENCE_RE = re.compile(
    rf"[\u00c2-\u00df]{_CONTINUATION}"
    rf"|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    rf"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)


def _sequences(text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """``(start, end, candidates)`` of every lossy sequence (none for intact renderings).

    Sequences that can only be CJK characters come with their CJK candidates and are
    kept only among other CJK text (:func:`_in_cjk_text`).
    """
    table = _candidates_by_form()
    cjk = _cjk_candidates_by_form()
    pos = 0
    while match := _SEQUENCE_RE.search(text, pos):
        form = match.group()
        if LOST in form:
            candidates = table.get(form)
            if not candidates and form in cjk and _in_cjk_text(text, match.start(), match.end()):
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
_CJK_CHAR_RE = re.compile("[\u3000-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff5e]")
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


def _in_cjk_text(text: str, start: int, end: int) -> bool:
    """Whether a damaged sequence touches CJK text (a CJK character or another rendering).

    >>> _in_cjk_text("ã?®ã?§", 0, 3), _in_cjk_text("10æ??4æ?¥", 2, 5)
    (True, True)
    >>> _in_cjk_text("Então?» disse", 3, 6)
    False
    """
    # Digits and spaces in between do not count: "10æ??4æ?¥" is 10月4日.
    before = text[max(0, start - 8) : start].rstrip(_DIGITS_AND_SPACES)[-3:]
    after = text[end : end + 8].lstrip(_DIGITS_AND_SPACES)[:3]
    return bool(
        _CJK_CHAR_RE.fullmatch(before[-1:] or "x")
        or _CJK_CHAR_RE.fullmatch(after[:1] or "x")
        or _CJK_RENDERING_RE.fullmatch(before)
        or _CJK_RENDERING_RE.match(after)
    )


@lru_cache(maxsize=1)
def _cjk_candidates_by_form() -> dict[str, tuple[str, ...]]:
    """Damaged forms of CJK characters -> candidates, the most frequent in running text first.

    >>> _cjk_candidates_by_form()["ã?®"][0], _cjk_candidates_by_form()["ã?³"][0]
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
    table: dict[str, list[str]] = {}
    for low, high in _CJK_RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            if unicodedata.category(ch) in ("Cn", "Co"):
                continue
            form = damage(ch)
            if LOST in form:
                table.setdefault(form, []).append(ch)
    return {
        form: tuple(sorted(chars, key=lambda ch: (-weight.get(ch, 0.0), ord(ch))))
        for form, chars in table.items()
    }


# -- the context of one â?? ----------------------------------------------------------------------
_OPENING = "([{<"
_CLOSING = ")]}>"


def site_class(ch: str | None) -> str:
    """One letter for a neighbour of a damaged site.

    ``N`` line break or text edge, ``S`` space, ``l``/``U``/``D`` lower, upper, digit,
    ``O``/``C`` opening or closing bracket, ``P`` . ! ? …, ``K`` , ; :, ``Q`` straight
    quote, ``H`` hyphen or dash, ``o``/``c`` an opening or closing curly quote (a
    neighbouring site already restored), ``Z`` a neighbouring site not yet restored,
    ``X`` anything else.

    >>> "".join(site_class(c) for c in ["", " ", "a", "A", "7", "(", ")", ".", ",", '"', "-"])
    'NSlUDOCPKQH'
    """
    if ch is None:
        return "Z"
    if ch in ("", "\n"):
        return "N"
    if ch.isspace():
        return "S"
    if ch.isdigit():
        return "D"
    if ch.isalpha():
        return "U" if ch.isupper() else "l"
    if ch in _OPENING:
        return "O"
    if ch in _CLOSING:
        return "C"
    if ch in ".!?…":
        return "P"
    if ch in ",;:":
        return "K"
    if ch in "\"'":
        return "Q"
    if ch in "-–—‐‑‒―":
        return "H"
    if ch in "“‘„‚":
        return "o"
    if ch in "’”":
        return "c"
    return "X"


_WORD_BEFORE_RE = re.compile(r"[^\W_]{1,24}\Z")
# A word ends where the next damaged sequence starts: "nâ??" is "n" and a quote.
_WORD_AFTER_RE = re.compile(r"(?:(?![\u00c2-\u00f4]\?)[^\W_]){1,24}")


@dataclass(slots=True)
class Site:
    """One ``â??`` of a document and what surrounds it (``None``: an adjacent site)."""

    start: int
    end: int
    left: str | None
    right: str | None
    left_word: str
    right_word: str
    line: str  # "T" the first line when it is a headline, "h" another short heading, "b" body
    paragraph: int
    look: str  # opener-shaped: words to the next closer; closer-shaped: closers left


def word_shape(word: str) -> str:
    """A word the counts do not know by itself, as its shape.

    >>> [word_shape(w) for w in ["90s", "1990", "Connell", "workers", "killin", "ab"]]
    ['#ds', '#d', '#C', '#s', '#in', '#w']
    """
    lowered = word.lower()
    if word.isdigit():
        return "#d"
    if word[:1].isdigit():
        return "#ds"
    if word[:1].isupper():
        return "#C"
    if lowered.endswith("s"):
        return "#s"
    if lowered.endswith("in"):
        return "#in"
    return "#w"


def _is_heading(line: str) -> bool:
    """A short line without final punctuation (a headline or crosshead)."""
    line = line.rstrip()
    while line.endswith(QUOTE_DASH_FORM):  # a closing quote at the end of the line
        line = line[: -len(QUOTE_DASH_FORM)].rstrip()
    return 0 < len(line) < 100 and line[-1:] not in ".!?:;,…" and not line.endswith("â?¦")


def sites_of(text: str, spans: list[tuple[int, int]]) -> list[Site]:
    """The context of every ``â??`` span of ``text`` (in order), in one linear pass.

    >>> [(s.left, s.right, s.left_word, s.right_word, s.line) for s in
    ...  sites_of("Kimâ??s â??deal", [(3, 6), (8, 11)])]
    [('m', 's', 'Kim', 's', 'T'), (' ', 'd', 's', 'deal', 'T')]
    """
    sites: list[Site] = []
    first_break = text.find("\n")
    first_line_end = len(text) if first_break < 0 else first_break
    headline = _is_heading(text[:first_line_end])
    paragraph = 0
    line_start, line_end, line_kind = 0, -1, "b"
    previous_end = 0
    for index, (start, end) in enumerate(spans):
        if text.find("\n", previous_end, start) >= 0:
            paragraph += 1
        if start > line_end:
            line_start = text.rfind("\n", previous_end, start) + 1 or line_start
            found = text.find("\n", start)
            line_end = len(text) if found < 0 else found
            if line_start == 0:
                line_kind = "T" if headline else "b"
            else:
                line_kind = "h" if _is_heading(text[line_start:line_end]) else "b"
        previous_end = end
        adjacent_before = index > 0 and spans[index - 1][1] == start
        adjacent_after = index + 1 < len(spans) and spans[index + 1][0] == end
        # The words either side, across one space: "Kim" in "Kimâ??s" and in "Kim â?? 2012".
        word_end = start - 1 if start > 1 and text[start - 1] == " " else start
        before = _WORD_BEFORE_RE.search(text, max(0, word_end - 24), word_end)
        after = _WORD_AFTER_RE.match(text, end + 1 if text[end : end + 1] == " " else end)
        sites.append(
            Site(
                start,
                end,
                None if adjacent_before else (text[start - 1] if start else ""),
                None if adjacent_after else (text[end] if end < len(text) else ""),
                before.group() if before and not adjacent_before else "",
                after.group() if after and not adjacent_after else "",
                line_kind,
                paragraph,
                "",
            )
        )
    _add_lookahead(text, sites)
    return sites


def _opener_shaped(site: Site) -> bool:
    return site_class(site.left) in "NSOQHZX" and site_class(site.right) in "lUDZ"


def _closer_shaped(site: Site) -> bool:
    return site_class(site.left) in "lUDPKCZ" and site_class(site.right) in "NSPKCQHX"


def _add_lookahead(text: str, sites: list[Site]) -> None:
    """What an opener or closer can expect later in its paragraph (right to left, linear)."""
    next_closer: Site | None = None
    closers_after = 0
    paragraph = -1
    for site in reversed(sites):
        if site.paragraph != paragraph:
            paragraph, next_closer, closers_after = site.paragraph, None, 0
        if _opener_shaped(site):
            if next_closer is None:
                site.look = "o-"
            elif next_closer.start - site.end > 60:
                site.look = "o4"
            else:
                words = len(text[site.end : next_closer.start].split())
                site.look = f"o{min(max(words, 1), 4)}"
        elif _closer_shaped(site):
            site.look = f"c{min(closers_after, 2)}"
        if _closer_shaped(site):
            next_closer = site
            closers_after += 1


def quote_state_after(stack: list[str], chosen: str, site: Site) -> None:
    """Update the paragraph's stack of open quotes (``d`` double, ``s`` single) after a choice.

    >>> stack = []
    >>> quote_state_after(stack, "“", None); quote_state_after(stack, "‘", None); stack
    ['d', 's']
    >>> quote_state_after(stack, "”", None); stack
    []
    """
    if chosen == "“":
        stack.append("d")
    elif chosen == "‘":
        stack.append("s")
    elif chosen == "”":
        while stack:
            if stack.pop() == "d":
                break
    elif chosen == "’" and stack and stack[-1] == "s" and site_class(site.right) in "NSPKCQHXZ":
        stack.pop()


def context_keys(
    site: Site,
    left_class: str,
    state: str,
    vocabulary: tuple[frozenset, frozenset],
    style: str = "",
) -> list[tuple[str, ...]]:
    """The contexts of one site, from the most general (the prior) to the most specific.

    Each level is a tuple of alternatives (the first one the counts know is used: a
    common word's own context, else its shape's), or empty when it does not apply.

    >>> site = sites_of("Kimâ??s", [(3, 6)])[0]
    >>> context_keys(site, "l", "-", (frozenset(), frozenset({"s"})))  # doctest: +ELLIPSIS
    ... # doctest: +NORMALIZE_WHITESPACE
    [('',), ('~ww',), ('ll',), ('ll-',), ('ll-T',), (), ('ll-L#C',), ('ll-Rs', 'll-R#s'), ...]
    """
    shape = left_class + site_class(site.right)
    base = f"{shape}{state}"
    left = _word_keys(site.left_word, vocabulary[0])
    right = _word_keys(site.right_word, vocabulary[1])
    coarse = "".join(_COARSE.get(c, c) for c in shape)
    return [
        ("",),
        (f"~{coarse}",),
        (shape,),
        (base,),
        (f"{base}{site.line}{style}",),
        (f"{base}{site.line}{style}/{site.look}",) if site.look else (),
        tuple(f"{base}L{a}" for a in left),
        tuple(f"{base}R{b}" for b in right),
        tuple(f"{base}B{a}|{b}" for b in right for a in left),
    ]


def _word_keys(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """A word as the counts know it: itself when common, and its shape.

    >>> _word_keys("Kim", frozenset({"kim"})), _word_keys("Connell", frozenset())
    (('kim', '#C'), ('#C',))
    """
    if not word:
        return ("_",)
    shape = word_shape(word)
    lowered = word.lower()
    return (lowered, shape) if lowered in vocabulary else (shape,)


# A shape never seen borrows from similar ones: a line start is like a space, a digit
# like a letter, a bracket like punctuation.
_COARSE = {"N": "s", "S": "s", "l": "w", "U": "w", "D": "w", "P": "p", "K": "p", "C": "p"}


# -- the document's dash style -------------------------------------------------------------------
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_EVIDENCE = {
    "british": re.compile(
        rf"\b(?:Mr|Mrs|Ms|Dr) [A-Z]|\b\d{{1,2}} (?:{_MONTHS})\b|£|\d(?:am|pm)\b|\bper cent\b"
        rf"|[a-z]{re.escape(QUOTE_DASH_FORM)}[.,]"
    ),
    "american": re.compile(
        rf"\b(?:Mr|Mrs|Ms|Dr)\. [A-Z]|\b(?:{_MONTHS}) \d{{1,2}},|\$|\b[ap]\.m\.|\bpercent\b"
    ),
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_LITERAL_DASH_RE = re.compile(r"(?<=\s)([–—])(?=\s)")
_MR_DOT_RE = re.compile(r"\bMr\. [A-Z]")


@lru_cache(maxsize=1)
def _spelling() -> tuple[frozenset[str], frozenset[str]]:
    data = load_json("spelling_variants.json")
    return frozenset(data["british"]), frozenset(data["american"])


def doc_features(text: str) -> list[str]:
    """House-style evidence of a damaged document, as ``name=value`` strings: British or
    American spelling, ``Mr.`` with a dot, an ellipsis, reported speech (``said``, ``says``
    over 3 in 1,000 words: news writing, unless the spelling is British), the reader
    addressed (``you``, ``your`` over 10 in 1,000: blog writing) and two spaces after a
    full stop. (Spaced and closed sites,
    ``percent``, straight quotes and spaced hyphens were measured too and lost by
    publisher folds.)

    >>> doc_features("Mr. Smith said the color â?? gray â?? was fine.  Yes.")
    ['spelling=american', 'mr_dot=y', 'ellipsis=n', 'you=n', 'double_space=y', 'reported=y']
    """
    british_words, american_words = _spelling()
    words = _WORD_RE.findall(text)
    lowered = [w.lower() for w in words]
    british = sum(w in british_words for w in lowered) + len(_EVIDENCE["british"].findall(text))
    american = sum(w in american_words for w in lowered) + len(_EVIDENCE["american"].findall(text))
    spelling = "british" if british > american else "american" if american > british else "none"
    per_thousand = 1000 / max(len(words), 1)
    reported = sum(w in _REPORTING_WORDS for w in words) * per_thousand
    addressed = sum(w in _READER_WORDS for w in lowered) * per_thousand
    features = [
        f"spelling={spelling}",
        f"mr_dot={'y' if _MR_DOT_RE.search(text) else 'n'}",
        f"ellipsis={'y' if 'â?¦' in text else 'n'}",
        f"you={'y' if addressed > 10 else 'n'}",
        f"double_space={'y' if '.  ' in text else 'n'}",
    ]
    if spelling != "british":
        # Reported speech tells American news (em dashes) from blogs; British news
        # writes en dashes all the same (8 of 10 such development documents, counted
        # once from the corpus).
        features.append(f"reported={'y' if reported > 3 else 'n'}")
    return features


_REPORTING_WORDS = frozenset({"said", "says"})
_READER_WORDS = frozenset({"you", "your"})


# The publisher's house style for spaced dashes, when the user knows it (``E`` or ``M``):
# set with :func:`house_style` around the repair, in whichever process or thread runs it.
_HOUSE_DASH_STYLE: ContextVar[str | None] = ContextVar("house_dash_style", default=None)
DASH_STYLES = {"en": "E", "em": "M"}  # the options' names -> the style codes
AUTO = "auto"


def dash_style_option(value: str | None) -> str | None:
    """A house style as given (any case): ``"en"``, ``"em"``, ``"auto"`` (guess each
    document's), or None (keep whatever the caller set); a ValueError for anything else.

    >>> dash_style_option("EN"), dash_style_option("Auto"), dash_style_option(None)
    ('en', 'auto', None)
    """
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in (*DASH_STYLES, AUTO):
        raise ValueError(f"the dash style must be en, em or auto, not {value!r}")
    return value.lower()


def current_dash_style() -> str | None:
    """The house style set around this call (``"en"``, ``"em"``), None when guessed."""
    code = _HOUSE_DASH_STYLE.get()
    return {v: k for k, v in DASH_STYLES.items()}.get(code) if code else None


@contextmanager
def house_style(dash: str | None) -> Iterator[None]:
    """Repair spaced dashes in the publisher's house style, ``"en"`` (``–``) or ``"em"``
    (``—``), inside the block; ``"auto"``: each document's most likely style; None: as
    set around the block (guessed if nothing is).

    The damage leaves no trace of it (``–`` and ``—`` both become ``â??``); a newsroom
    knows its own. On the typographic test part, each publisher's style given takes the
    damage removed from 97.3% to 98.2% (``bench/bench_repair.py --house-style``). The
    given style wins over dashes the text itself shows undamaged.

    It is a context variable: repair done inside the block uses it, in this thread
    (consume a generator of repaired articles inside the block; threads and processes
    started inside it do not see it: pass the style to them, as ``pipeline run`` does).

    >>> damaged = damage("The plan – first proposed in 2019 – went ahead.")
    >>> with house_style("en"):
    ...     restore_lossy(damaged)
    'The plan – first proposed in 2019 – went ahead.'
    >>> with house_style("em"):
    ...     restore_lossy(damaged)
    'The plan — first proposed in 2019 — went ahead.'
    """
    dash = dash_style_option(dash)
    if dash is None:
        yield
        return
    token = _HOUSE_DASH_STYLE.set(DASH_STYLES.get(dash))
    try:
        yield
    finally:
        _HOUSE_DASH_STYLE.reset(token)


def dash_style(text: str, model: dict | None = None) -> str:
    """``E`` when the document's spaced dashes are most likely en dashes, else ``M`` (em).

    The house style set by :func:`house_style` decides; else undamaged spaced dashes in
    the text; otherwise naive Bayes over :func:`doc_features`, with counts of the
    development publishers' styles (or those of ``model``, while they are being learned).

    >>> dash_style("The plan – first proposed in 2019 – went ahead. A â?? B."), dash_style(
    ...     "The plan — first proposed in 2019 — went ahead. A â?? B.")
    ('E', 'M')
    """
    given = _HOUSE_DASH_STYLE.get()
    if given is not None and model is None:
        return given
    literal = _LITERAL_DASH_RE.findall(text)
    if literal:
        return "E" if literal.count("–") >= literal.count("—") else "M"
    model = model or _counts()["style"]
    prior = model["prior"]
    score = math.log((prior["E"] + 1) / (prior["M"] + 1))
    for feature in doc_features(text):
        counts = model["features"].get(feature)
        if counts:
            score += math.log((counts["E"] + 1) / (prior["E"] + 2))
            score -= math.log((counts["M"] + 1) / (prior["M"] + 2))
    return "E" if score > 0 else "M"


# -- choosing ---------------------------------------------------------------------------------
def _distribution(keys: list[tuple[str, ...]]) -> dict[str, float]:
    """What stood at a site: the counts of its contexts, blended general to specific.

    Each context refines the estimate of the one before by Witten-Bell smoothing, made
    more cautious by :data:`SMOOTHING` (a context seen a handful of times moves the
    estimate only a little). The left and the right word are two views of the same
    site: each refines the word-free estimate, and their evidence is pooled (a
    geometric mean of the two likelihood ratios, :data:`WORD_EVIDENCE`) before the pair
    of words refines the result.
    """
    p = _refine(dict(_counts()["prior"]), keys[1:LEXICAL_LEVEL])
    left = _refine(p, keys[LEXICAL_LEVEL : LEXICAL_LEVEL + 1])
    right = _refine(p, keys[LEXICAL_LEVEL + 1 : LEXICAL_LEVEL + 2])
    combined = {
        ch: p[ch] * ((left[ch] / p[ch]) * (right[ch] / p[ch])) ** WORD_EVIDENCE if p[ch] else 0.0
        for ch in p
    }
    total = sum(combined.values()) or 1.0
    combined = {ch: v / total for ch, v in combined.items()}
    return _refine(combined, keys[LEXICAL_LEVEL + 2 :])


# context_keys() levels from here on name words. SMOOTHING weighs how many distinct
# characters a context has seen; out of fold it hardly matters (`bench/bench_repair.py
# --folds --set SMOOTHING=2`: 1,573 edits left; 3: 1,572; 4: 1,573).
LEXICAL_LEVEL = 6
SMOOTHING = 3.0
# The left and the right word's contexts mostly count the same sites: their evidence is
# pooled as a geometric mean, not multiplied as if independent (a character seen once
# beside both words would otherwise outweigh thousands of counts). Out of fold,
# `--set WORD_EVIDENCE=1` (the plain product) leaves 1,600 edits against 1,572.
WORD_EVIDENCE = 0.5


def _refine(p: dict[str, float], keys: list[tuple[str, ...]]) -> dict[str, float]:
    contexts = _counts()["contexts"]
    for alternatives in keys:
        found = next((contexts[k] for k in alternatives if k in contexts), None)
        if found is None:
            continue
        counts, total, types = found
        weight = SMOOTHING * types
        p = {ch: (counts.get(ch, 0) + weight * pc) / (total + weight) for ch, pc in p.items()}
    return p


def _resolve(text: str, sites: list[Site]) -> list[tuple[str, str]]:
    """The character and a reason for every ``â??`` site, left to right.

    Runs of adjacent sites follow the structure of typography (:func:`_run_rule`), a
    few single sites the curated rules of :func:`_site_rule`; every other site is
    decided by the learned counts.
    """
    style = dash_style(text)
    counts = _counts()
    vocabulary = (counts["left_words"], counts["right_words"])
    tables = _has_box_runs(sites)
    choices: list[tuple[str, str]] = []
    stack: list[str] = []
    paragraph = -1
    first = 0
    while first < len(sites):
        last = first
        while last + 1 < len(sites) and sites[last + 1].left is None:
            last += 1
        if sites[first].paragraph != paragraph:
            paragraph, stack = sites[first].paragraph, []
        run = sites[first : last + 1]
        ruled = _run_rule(run, choices, stack, tables) if len(run) > 1 else None
        for offset, site in enumerate(run):
            left_class = site_class(choices[-1][0] if site.left is None else site.left)
            chosen = ruled[offset] if ruled else _site_rule(site, left_class, choices, tables)
            if chosen is None:
                state = stack[-1] if stack else "-"
                keys = context_keys(site, left_class, state, vocabulary, style)
                p = _distribution(keys)
                for impossible in _impossible(site, left_class, tables):
                    if impossible in p:
                        p[impossible] = 0.0
                best = max(p, key=p.__getitem__)
                dash = ("–" if style == "E" else "—") if best == SPACED_DASH else best
                chosen = (dash, _reason(dash, p[best], (keys[5] or keys[4])[0], style))
            choices.append(chosen)
            quote_state_after(stack, chosen[0], site)
        first = last + 1
    return choices


_HAIR, _ZWSP, _BOX_HORIZONTAL, _BOX_VERTICAL = "\u200a", "\u200b", "─", "│"
# Box-drawing characters whose damage is ``â??`` (U+2500–U+251F): tables only.
_BOX_CHARACTERS = "".join(chr(c) for c in range(0x2500, 0x2520))


def _has_box_runs(sites: list[Site]) -> bool:
    """Whether the document draws tables: three or more damaged characters in a row that
    are not a separator line of their own (alone on their line, or with a hyphen)."""
    row = 0
    for index, site in enumerate(sites):
        row = row + 1 if site.left is None else 1
        ends = index + 1 == len(sites) or sites[index + 1].left is not None
        if row >= 3 and ends:
            first = sites[index - row + 1]
            if site_class(first.left) not in "NH" or site_class(site.right) not in "NH":
                return True
    return False


@lru_cache(maxsize=1)
def _curated() -> dict[str, frozenset[str]]:
    data = load_json("lossy_mojibake.json")
    return {
        "elisions": frozenset(data["elisions"]),
        "years": frozenset(data["year_elision_words"]),
        "apostrophe_words": frozenset(data["apostrophe_words"]),
    }


_YEAR_RE = re.compile(r"\d\ds?")
_NOT_A_YEAR_RE = re.compile(r"\d|\d{3,}")


def _impossible(site: Site, left_class: str, tables: bool = False) -> str:
    """Characters a site cannot be, whatever the counts say: a quote faces its text, and
    box-drawing characters belong to documents that draw tables.

    >>> _impossible(sites_of("â??2024", [(0, 3)])[0], "N", tables=True)
    '”’'
    """
    right_class = site_class(site.right)
    boxes = "" if tables else _BOX_CHARACTERS
    if left_class in "NSO" and right_class in "lUD":  # before a word: opens
        # an elision only before a two-digit year: ’90s, never ’2024
        return ("”’" if _NOT_A_YEAR_RE.fullmatch(site.right_word) else "”") + boxes
    if left_class in "lUDPK" and right_class in "NSPK":  # after a word: closes
        return "“‘" + boxes
    return boxes


def _site_rule(
    site: Site, left_class: str, choices: list[tuple[str, str]], tables: bool
) -> tuple[str, str] | None:
    """Curated decisions for single sites the counts are too few to learn.

    >>> site = sites_of("the â??90s", [(4, 7)])[0]
    >>> _site_rule(site, "S", [], False)
    ('’', 'elided year (’90s)')
    >>> site = sites_of("the F-35â??s range", [(8, 11)])[0]
    >>> _site_rule(site, "D", [], False)
    ('’', 'a number’s s (1970’s, F-35’s)')
    """
    right_class = site_class(site.right)
    if left_class == "N" and right_class == "N":
        return _ZWSP, "zero-width space alone on its line (an empty paragraph)"
    if left_class == "D" and right_class == "l" and site.right_word == "s":
        # 11 of 12 such sites in the corpus (the 12th a typo for it); a dash before a
        # lone "s" would make no word.
        return "’", "a number’s s (1970’s, F-35’s)"
    if left_class in "lU" and right_class in "lU":
        inside = _inside_word(site)
        if inside:
            return inside
    if tables and left_class in "SN" and right_class in "SN":
        return _BOX_VERTICAL, "table column (the document draws tables)"
    if left_class in "SNO" and right_class in "lD":
        curated = _curated()
        word = site.right_word.lower()
        if word in curated["elisions"]:
            return "’", "elision (’em, ’til, ’n’)"
        if _YEAR_RE.fullmatch(word) and (
            word.endswith("s") or site.left_word.lower() in curated["years"]
        ):
            return "’", "elided year (’90s)"
    if site.line == "T" and left_class in "NSO" and right_class in "lU":
        return "‘", "opening quote in a headline (headlines quote with ‘ ’)"
    after_n = site.left_word.lower() == "n" and right_class in "SNPK"
    if after_n and choices and choices[-1][1].startswith("elision"):
        return "’", "elision (rock ’n’ roll)"
    return None


# ``’s`` is left to the counts: a possessive, but now and then a closing quote (``‘it’s``).
_CONTRACTION_ENDINGS = frozenset({"t", "d", "ll", "re", "ve", "m", "n"})  # n: rock’n’roll
_CAPITAL_CONTRACTION_ENDINGS = _CONTRACTION_ENDINGS | {"s"}
_ELIDING_LETTERS = frozenset({"o", "d", "l", "n"})  # n: rock’n’roll


def _inside_word(site: Site) -> tuple[str, str] | None:
    """A site between two letters that the shape of its words decides.

    A contraction (``it’d``, ``I’m``, ``LET’S``), an elided letter (``o’clock``, ``d’Or``,
    ``O’Neill``) or a word of the curated list (``y’all``, ``ma’am``, ``Qur’an``,
    ``Shi’ite``) takes an apostrophe; a dateline in capitals before a sentence
    (``LONDON—The``) and a closed dash between two words (``man—an``: 302 of 329 such
    sites of the development part) an em dash. A possessive, a short ending and a single
    letter before a word are left to the counts (``Kim’s``, ``Hawai’i``, ``B’fast``,
    ``Y—those``).

    >>> text = "i’m at 8 o’clock. LONDON—The man—an officer. LET’S pray, Shi’ites, y’all"
    >>> damaged = damage(text)
    >>> spans = [(m.start(), m.end()) for m in re.finditer(re.escape(QUOTE_DASH_FORM), damaged)]
    >>> [_inside_word(site)[1] for site in sites_of(damaged, spans)]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['contraction (it’d, I’m)', 'elided letter (o’clock, d’Or)',
     'dateline in capitals (LONDON—The)', 'closed dash between words (man—an)',
     'contraction in capitals (LET’S)', 'apostrophe inside a word (y’all, Qur’an)',
     'apostrophe inside a word (y’all, Qur’an)']
    """
    left, right = site.left_word, site.right_word
    if right in _CONTRACTION_ENDINGS:
        return "’", "contraction (it’d, I’m)"
    if left.isupper() and right.isupper() and right.lower() in _CAPITAL_CONTRACTION_ENDINGS:
        return "’", "contraction in capitals (LET’S)"
    if left.lower() in _ELIDING_LETTERS and len(left) == 1:
        return "’", "elided letter (o’clock, d’Or)"
    if f"{left}’{right}".lower() in _curated()["apostrophe_words"]:
        return "’", "apostrophe inside a word (y’all, Qur’an)"
    capitals = len(left) >= 3 and left.isalpha() and left.isupper()
    if capitals and len(right) >= 2 and right.isalpha() and right.istitle():
        return "—", "dateline in capitals (LONDON—The)"
    if len(left) >= 2 and len(right) >= 2 and right.islower():
        return "—", "closed dash between words (man—an)"
    return None


def _run_rule(
    run: list[Site], choices: list[tuple[str, str]], stack: list[str], tables: bool = False
) -> list[tuple[str, str]] | None:
    """Adjacent sites: quote and dash pairs, hair-spaced dashes, table rules (a line of
    them alone is a separator of dashes, or a table's rule when the document draws tables).

    >>> text = "He saidâ??â??We will."
    >>> _run_rule(sites_of(text, [(7, 10), (10, 13)]), [], [])
    [('—', 'closed em dash'), ('“', 'opening quote after a dash')]
    """
    left = site_class(choices[-1][0] if run[0].left is None else run[0].left)
    right = site_class(run[-1].right)
    if len(run) == 3 and left in "lUDPKC" and right in "lUD":
        return [
            (_HAIR, "hair space around a dash"),
            ("—", "em dash between hair spaces"),
            (_HAIR, "hair space around a dash"),
        ]
    if len(run) >= 3 and left in "NH" and right in "NH" and not tables:
        return [("—", "separator line of dashes")] * len(run)
    if len(run) >= 3:
        return [(_BOX_HORIZONTAL, "table rule (a run of damaged characters)")] * len(run)
    if left in "NSOQH" and right in "lUD":
        return [("“", "outer opening quote"), ("‘", "inner opening quote")]
    if left in "lUD" and right in "lUD":
        if "d" in stack or "s" in stack:
            closer = "’" if stack[-1] == "s" else "”"
            return [(closer, "closing quote"), ("—", "closed em dash after a quote")]
        return [("—", "closed em dash"), ("“", "opening quote after a dash")]
    if left in "lUDPKC" and right in "NSPKCQ":
        if stack[-2:] == ["d", "s"]:
            return [("’", "inner closing quote"), ("”", "outer closing quote")]
        if left in "lUD" and run[0].left not in tuple("sSzZ") and "d" in stack:
            return [("—", "interrupted speech"), ("”", "closing quote")]
        return [("’", "apostrophe or inner quote before a closing quote"), ("”", "closing quote")]
    return None


def spaced(site: Site, left_class: str) -> bool:
    """Whether a site stands between spaces (or line edges): a dash there is the house style's."""
    return left_class in "SN" and site_class(site.right) in "SN"


def _reason(chosen: str, probability: float, context: str, style: str) -> str:
    """``right single quotation mark (p=0.99 in context 'll-TE/')`` and the like."""
    name = unicodedata.name(chosen, f"U+{ord(chosen):04X}").lower()
    given = " (given)" if _HOUSE_DASH_STYLE.get() else ""
    dash = f", {'en' if style == 'E' else 'em'}-dash house style{given}" if chosen in "–—" else ""
    return f"{name} (p={probability:.2f} in context {context!r}{dash})"


def _choose_by_case(
    text: str, start: int, end: int, candidates: tuple[str, ...]
) -> tuple[str, str]:
    """Letters and symbols whose lost byte leaves several candidates: case and neighbours decide.

    A neighbour still in mojibake counts as the letter it stands for (``GrÃ¼Ã?e``:
    the ``Ã?`` follows ``ü``, so it is the lowercase ``ß``, not a capital).

    >>> _choose_by_case("GrÃ¼Ã?e", 4, 6, ("É", "Ö", "ß"))
    ('ß', 'lowercase letter inside a word')
    >>> _choose_by_case("Ã?calan", 0, 2, ("É", "Ö", "ß"))
    ('É', 'capital letter')
    """
    before = _neighbour(text[max(0, start - 2) : start], last=True)
    after = _neighbour(text[end : end + 2], last=False)
    if "┼" in candidates and QUOTE_DASH_FORM in (text[start - 3 : start], text[end : end + 3]):
        return "┼", "box-drawing cross between table rules"
    if "×" in candidates and (before.isdigit() or after.isdigit()):
        return "×", "multiplication sign between numbers"
    if "™" in candidates and "•" in candidates:
        if (before.isalpha() or before in ")®") and not after.isalnum():
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


def _neighbour(pair: str, last: bool) -> str:
    """The character next to a site from the two beside it: the letter a two-character
    mojibake rendering stands for (``Ã¼`` -> ``ü``), else the nearest character."""
    if len(pair) == 2 and _RENDERING_RE.fullmatch(pair):
        with contextlib.suppress(UnicodeError):
            return pair.encode("latin-1").decode("utf-8")
    if not pair:
        return ""
    return pair[-1] if last else pair[0]


# -- mojibake encoded twice: leave it to ftfy ----------------------------------------------------
_RENDERING_RE = re.compile(r"[\u00c2-\u00df][\u00a0-\u00bf]|[\u00e0-\u00ef][\u00a0-\u00bf]{2}")
# Encoding twice turns the lead byte of every sequence into a two-byte one ("â" -> "Ã¢"),
# which the damage makes "Ã?" when its second byte is lost: a pile-up holds one.
_TWO_BYTE_LOST_RE = re.compile(r"[\u00c2-\u00df]\?")
_CONTINUATION_CHAR_RE = re.compile(r"[\u00a0-\u00bf]")


def _encoded_twice(text: str, repairs: list[LossyRepair]) -> set[int]:
    """Starts of repairs inside a pile-up: mojibake that was encoded twice before the damage.

    Encoding twice turns the lead byte of every sequence into a two-byte sequence
    (``â`` -> ``Ã¢``), which the damage makes ``Ã?`` when its second byte is lost; such
    a lead is followed by another byte's rendering (``Â¢``), or by what ftfy leaves of
    one (``¢``). The whole run of touching sequences is left to ftfy, which turns it
    into ``�`` rather than into plausible-looking wrong letters.

    >>> text = "ItÃ?Â¢â?¬â?¢s and cafÃ©â??s"
    >>> sorted(_encoded_twice(text, find_lossy_repairs(text, keep_encoded_twice=True)))
    [2, 6, 9]
    """
    skip: set[int] = set()
    index = 0
    while index < len(repairs):
        members = [repairs[index]]
        pos = members[0].start + len(members[0].damaged)
        pile_up = False
        index += 1
        while True:
            glue = _RENDERING_RE.match(text, pos) or _CONTINUATION_CHAR_RE.match(text, pos)
            if glue:
                pile_up = pile_up or _TWO_BYTE_LOST_RE.fullmatch(members[-1].damaged) is not None
                pos = glue.end()
                continue
            if index < len(repairs) and repairs[index].start == pos:
                members.append(repairs[index])
                pos += len(repairs[index].damaged)
                index += 1
                continue
            break
        if pile_up:
            skip.update(member.start for member in members)
    return skip


def find_lossy_repairs(text: str, keep_encoded_twice: bool = False) -> list[LossyRepair]:
    """Find every lossy-damaged sequence in ``text`` and decide what it stood for.

    >>> [(r.damaged, r.restored) for r in find_lossy_repairs("Kimâ??s â?¦")]
    [('â??', '’'), ('â?¦', '…')]
    """
    found = list(_sequences(text))
    if not found:
        return []
    spans = [(s, e) for s, e, _ in found if text[s:e] == QUOTE_DASH_FORM]
    resolved = iter(_resolve(text, sites_of(text, spans)) if spans else ())
    repairs = []
    for start, end, candidates in found:
        if text[start:end] == QUOTE_DASH_FORM:
            restored, reason = next(resolved)
        elif len(candidates) == 1:
            restored, reason = candidates[0], "only plausible character"
        else:
            restored, reason = _choose_by_case(text, start, end, candidates)
        repairs.append(LossyRepair(start, text[start:end], restored, reason))
    if keep_encoded_twice:
        return repairs
    skip = _encoded_twice(text, repairs)
    return [r for r in repairs if r.start not in skip] if skip else repairs


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
