"""The repair chain: one table of named steps, run by one function that records every change.

Each step reports its own changes as it makes them, so the number of repairs (the
articles table's ``repairs`` column) and ``pipeline normalize --explain`` always agree,
and no step ever compares two whole texts: everything here is linear in the text.

The chain repairs damage and leaves the author's text alone: runs of spaces, line
indentation and zero-width characters inside lines are kept; line breaks are unified,
and an article's fields (:data:`STEPS`) are tidied: trailing spaces trimmed, runs of
blank lines folded to one and the outer whitespace stripped. A whole text as the author
wrote it (:data:`TEXT_STEPS`, ``pipeline normalize``) keeps its spacing, as ftfy does.
That tidying of the layout is listed by :func:`repair_text` but is no repair:
the ``repairs`` count and ``--explain`` (:func:`explain_normalization`) leave it out, so a
clean text with Windows line breaks counts no repairs. A repair can uncover another (ftfy
decoding what the lossy step had to leave to it), so after a pass in which ftfy or the
entity step changed something the chain runs again (three passes at most): repairing
repaired text changes nothing.

    >>> normalize_text("Moscowâ??s  cafÃ© &amp; bar\\r\\n\\r\\n\\r\\nNext")
    'Moscow’s  café & bar\\n\\nNext'
    >>> [step.name for step in STEPS]  # doctest: +NORMALIZE_WHITESPACE
    ['line-breaks', 'lossy-mojibake', 'html-entities', 'ftfy', 'control-characters',
     'character-width', 'trailing-space', 'blank-lines', 'outer-space']
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.entities import name2codepoint

import ftfy
from ftfy.chardata import CONTROL_CHARS, WIDTH_MAP

from pipeline.ingest.lossy import apply_repairs, find_lossy_repairs
from pipeline.ingest.options import RepairOptions

__all__ = [
    "DEFAULT_OPTIONS",
    "LAYOUT_STEPS",
    "STEPS",
    "TEXT_STEPS",
    "Repair",
    "Step",
    "explain_normalization",
    "normalize_text",
    "normalize_with_count",
    "repair_text",
]


@dataclass(frozen=True, slots=True)
class Repair:
    """One change made while normalizing: which step, what it was, what it became, and why."""

    step: str
    before: str
    after: str
    reason: str = ""


# What a step's fix gets: the text and the repair's options (most steps have none).
Fix = Callable[[str, RepairOptions], tuple[str, list[Repair]]]
DEFAULT_OPTIONS = RepairOptions()


@dataclass(frozen=True, slots=True)
class Step:
    """A named step of the chain: ``fix(text, options)`` returns the new text and the
    changes it made."""

    name: str
    fix: Fix
    about: str
    layout: bool = False  # tidies line breaks and outer space: listed, not counted
    tidy: bool = False  # trims an article field's spacing; a whole text keeps it
    may_uncover: bool = False  # its changes can uncover damage an earlier step can repair


def _substitute(
    step: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], reason: str
) -> Fix:
    """A step made of one regular expression: every match that changes is one repair.

    >>> fix = _substitute("tabs", re.compile("\\t+"), lambda m: " ", "tab")
    >>> fixed, repairs = fix("a\\tb\\t\\tc")
    >>> fixed, [(r.step, r.before, r.after) for r in repairs]
    ('a b c', [('tabs', '\\t', ' '), ('tabs', '\\t\\t', ' ')])
    """

    def fix(text: str, options: RepairOptions = DEFAULT_OPTIONS) -> tuple[str, list[Repair]]:
        repairs: list[Repair] = []

        def record(match: re.Match[str]) -> str:
            after = replace(match)
            if after != match.group():
                repairs.append(Repair(step, match.group(), after, reason))
            return after

        fixed = pattern.sub(record, text)
        return fixed, repairs

    return fix


# -- lossy mojibake ----------------------------------------------------------------------------
def _lossy_step(text: str, options: RepairOptions = DEFAULT_OPTIONS) -> tuple[str, list[Repair]]:
    """Restore ``â??`` and its kin from context (see :mod:`pipeline.ingest.lossy`), spaced
    dashes in the house style of ``options.dash_style`` (with the dump's
    ``options.house_prior`` as the guess's prior).

    >>> fixed, repairs = _lossy_step("Kimâ??s")
    >>> fixed, repairs[0].reason.split(" (")[0]
    ('Kim’s', 'right single quotation mark')
    >>> _lossy_step("A â?? B", RepairOptions(dash_style="en"))[0]
    'A – B'
    """
    found = find_lossy_repairs(text, options.dash_style, house_prior=options.house_prior)
    if not found:
        return text, []
    repairs = [Repair("lossy-mojibake", r.damaged, r.restored, r.reason) for r in found]
    return apply_repairs(text, found), repairs


# -- ftfy -------------------------------------------------------------------------------------
# Typographic quotes are content, not damage: keep them (ftfy straightens them by default).
# HTML entities, line breaks, control characters and character width are steps of their
# own, with our policy: U+2028 and U+2029 are the author's, and so are HTML5-only entity
# names (&percnt;), U+FEFF inside the text and fullwidth forms in CJK text.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    fix_character_width=False,
    normalization="NFC",
    explain=True,
)
# ASCII text without these characters is left alone by every ftfy fix we use (terminal
# escapes and control characters are below 0x20 or 0x7f); such a segment skips ftfy,
# which is most wire copy.
_FTFY_TRIGGERS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _segments(text: str, limit: int) -> Iterator[str]:
    """Lines with their line break, cut every ``limit`` characters: ftfy's own segments."""
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + limit)
        yield text[pos:end]
        pos = end


def _ftfy_step(text: str, options: RepairOptions = DEFAULT_OPTIONS) -> tuple[str, list[Repair]]:
    """ftfy's fixes, segment by segment exactly as ``ftfy.fix_text`` runs them.

    Only a segment ftfy changed is aligned with its fixed form, by :func:`local_changes`.

    >>> fixed, repairs = _ftfy_step("cafÃ© and cafÃ©")
    >>> fixed, [(r.before, r.after) for r in repairs], repairs[0].reason
    ('café and café', [('Ã©', 'é'), ('Ã©', 'é')], 'encode latin-1, decode utf-8')
    """
    config = _FTFY_CONFIG
    parts: list[str] = []
    repairs: list[Repair] = []
    for segment in _segments(text, config.max_decode_length):
        if segment.isascii() and not _FTFY_TRIGGERS_RE.search(segment):
            parts.append(segment)
            continue
        fixed, plan = ftfy.fix_and_explain(segment, config)
        if fixed != segment:
            reason = ", ".join(" ".join(p) if p[0] != "apply" else p[1] for p in plan or ())
            repairs += [Repair("ftfy", b, a, reason) for _, b, a in local_changes(segment, fixed)]
        parts.append(fixed)
    return "".join(parts), repairs


# -- HTML entities -----------------------------------------------------------------------------
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,23});")


def _html_step(text: str, options: RepairOptions = DEFAULT_OPTIONS) -> tuple[str, list[Repair]]:
    """Decode HTML entities as ftfy does, line by line, until none is left (``&amp;amp;``).

    As ftfy's "auto" mode, entities stay once a line holds ``<`` (the text is HTML
    itself). Named entities are HTML 4's (``&amp;``, ``&eacute;``, ``&frac14;``): the
    names HTML5 added (``&percnt;``, ``&comma;``) are left as written.

    >>> _html_step("Fish &amp;amp; chips &eacute; 100&percnt; &#8217;")[0]
    'Fish & chips é 100&percnt; ’'
    >>> _html_step("<b>&amp;</b>\\n&amp;")[0]
    '<b>&amp;</b>\\n&amp;'
    """
    if "&" not in text:
        return text, []
    limit = text.find("<")
    limit = len(text) if limit < 0 else text.rfind("\n", 0, limit) + 1
    head, tail = text[:limit], text[limit:]
    repairs: list[Repair] = []

    def decode(match: re.Match[str]) -> str:
        entity = match.group()
        if entity[1] != "#" and entity[1:-1] not in name2codepoint:
            return entity
        decoded = html.unescape(entity)
        if decoded != entity:
            repairs.append(Repair("html-entities", entity, decoded, "HTML entity"))
        return decoded

    while True:
        before = len(repairs)
        head = _ENTITY_RE.sub(decode, head)
        if len(repairs) == before:
            return head + tail, repairs


def local_changes(before: str, after: str, window: int = 32) -> list[tuple[int, str, str]]:
    """Where ``after`` differs from ``before``: ``(offset in before, old, new)`` pieces, in order.

    A bounded greedy alignment: equal characters are skipped; at a difference the
    nearest point where the texts agree again (within ``window`` characters of
    each text) ends the change. Linear in the texts' length whatever they hold; a
    difference longer than the window is reported window by window, merged into one.

    >>> local_changes("It’s cafÃ© time", "It’s café time")
    [(8, 'Ã©', 'é')]
    >>> local_changes("a &amp; b", "a & b")
    [(3, 'amp;', '')]
    >>> local_changes("ＬＯＵＤ!", "LOUD!")
    [(0, 'ＬＯＵＤ', 'LOUD')]
    """
    changes: list[tuple[int, str, str]] = []
    i = j = 0
    last_end = (-1, -1)
    nb, na = len(before), len(after)
    while i < nb or j < na:
        if i < nb and j < na and before[i] == after[j]:
            i += 1
            j += 1
            continue
        di, dj = _resync(before, after, i, j, window)
        if (i, j) == last_end:  # straight after the previous change: one change
            start, old, new = changes.pop()
            changes.append((start, old + before[i : i + di], new + after[j : j + dj]))
        else:
            changes.append((i, before[i : i + di], after[j : j + dj]))
        i, j = i + di, j + dj
        last_end = (i, j)
    return changes


def _resync(before: str, after: str, i: int, j: int, window: int) -> tuple[int, int]:
    """The smallest step ``(di, dj)`` after which the two texts agree again (or both end).

    >>> _resync("Ã©tÃ©", "été", 0, 0, 8)
    (2, 1)
    """
    nb, na = len(before), len(after)
    best: tuple[int, int] | None = None
    if nb - i + na - j <= window:
        best = (nb - i, na - j)  # both ends: always a valid end of the change
    for dj in range(window + 1):
        if j + dj >= na or (best is not None and dj >= best[0] + best[1]):
            break
        key = after[j + dj]
        found = before.find(key, i, min(nb, i + window + 1))
        shorter = best is None or found - i + dj < best[0] + best[1]
        if found >= 0 and (found - i, dj) != (0, 0) and shorter:
            best = (found - i, dj)
    if best is None:
        # No agreement within the window: this piece is all change.
        best = (min(window, nb - i), min(window, na - j))
    return best


# -- control characters and character width ----------------------------------------------------
_BOM = "\ufeff"
# ftfy's list of control characters, but U+FEFF inside the text is a zero-width no-break
# space the author put there: only a byte-order mark at the very start goes.
_CONTROL_RE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(CONTROL_CHARS) if chr(c) != _BOM) + "]+"
)
# Byte-order marks before any text, whitespace between them included (ftfy can uncover one
# after a space: " ï»¿"), so that repairing repaired text changes nothing.
_LEADING_BOM_RE = re.compile("\\A[\\s" + _BOM + "]*" + _BOM)
_WIDE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(WIDTH_MAP)) + "]+")
# Fullwidth punctuation and ideographic spaces are the norm next to these scripts.
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f]")


def _control_step(text: str, options: RepairOptions = DEFAULT_OPTIONS) -> tuple[str, list[Repair]]:
    """Remove control characters (ftfy's list) and a leading byte-order mark.

    >>> _control_step("\\ufeffbell\\x07 and\\ufeffjoiner")[0]
    'bell and\\ufeffjoiner'
    """
    text, repairs = _substitute(
        "control-characters",
        _LEADING_BOM_RE,
        lambda m: m.group().replace(_BOM, ""),
        "byte-order mark",
    )(text)
    text, more = _substitute("control-characters", _CONTROL_RE, lambda m: "", "control character")(
        text
    )
    return text, repairs + more


def _width_step(text: str, options: RepairOptions = DEFAULT_OPTIONS) -> tuple[str, list[Repair]]:
    """Fullwidth letters, digits and punctuation become ASCII, except in lines of CJK text.

    >>> _width_step("ＬＯＵＤ　ＮＯＩＳＥＳ")[0], _width_step("東京で？")[0]
    ('LOUD NOISES', '東京で？')
    """
    repairs: list[Repair] = []
    line_start = line_end = -1
    cjk_line = False

    def record(match: re.Match[str]) -> str:
        nonlocal line_start, line_end, cjk_line
        if match.start() >= line_end:  # a new line: look at it once
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.start())
            line_end = len(text) if line_end < 0 else line_end
            cjk_line = _CJK_RE.search(text, line_start, line_end) is not None
        if cjk_line:
            return match.group()
        after = match.group().translate(WIDTH_MAP)
        repairs.append(Repair("character-width", match.group(), after, "fullwidth form"))
        return after

    return _WIDE_RE.sub(record, text), repairs


# -- whitespace ---------------------------------------------------------------------------------
_LINE_BREAK_RE = re.compile(r"\r\n?")
_TRAILING_SPACE_RE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_OUTER_SPACE_RE = re.compile(r"\A\s+|\s+\Z")

STEPS: tuple[Step, ...] = (
    Step(
        "line-breaks",
        _substitute("line-breaks", _LINE_BREAK_RE, lambda m: "\n", "CRLF or CR line break"),
        "Windows and old Mac line breaks become \\n",
        layout=True,
    ),
    Step("lossy-mojibake", _lossy_step, "â?? and friends restored from context"),
    Step("html-entities", _html_step, "HTML entities, unless the text is HTML", may_uncover=True),
    Step(
        "ftfy",
        _ftfy_step,
        "recoverable mojibake, HTML entities, NFC (quotes stay curly)",
        may_uncover=True,
    ),
    Step("control-characters", _control_step, "control characters, a leading byte-order mark"),
    Step("character-width", _width_step, "fullwidth forms outside CJK text"),
    Step(
        "trailing-space",
        _substitute("trailing-space", _TRAILING_SPACE_RE, lambda m: "", "space at line end"),
        "spaces at the end of a line",
        layout=True,
        tidy=True,
    ),
    Step(
        "blank-lines",
        _substitute("blank-lines", _BLANK_LINES_RE, lambda m: "\n\n", "run of blank lines"),
        "runs of blank lines become one (a paragraph break)",
        layout=True,
        tidy=True,
    ),
    Step(
        "outer-space",
        _substitute("outer-space", _OUTER_SPACE_RE, lambda m: "", "outer whitespace"),
        "whitespace before and after the text",
        layout=True,
        tidy=True,
    ),
)
LAYOUT_STEPS = frozenset(step.name for step in STEPS if step.layout)
# The chain for a whole text (``pipeline normalize``): every repair and unified line
# breaks, as ftfy's fix_text; the author's spacing, outer whitespace included, is kept.
TEXT_STEPS: tuple[Step, ...] = tuple(step for step in STEPS if not step.tidy)


def repair_text(
    text: str, steps: tuple[Step, ...] = STEPS, options: RepairOptions | None = None
) -> tuple[str, list[Repair]]:
    """Run ``steps`` in order (again after a pass in which a step that may uncover damage
    changed something, at most three passes); return the repaired text and every change,
    layout included, step by step. ``options`` (None: the defaults) is how to repair, as
    ftfy's ``TextFixerConfig``: the house dash style.

    >>> fixed, repairs = repair_text("Kimâ??s cafÃ© \\r\\n")
    >>> fixed
    'Kim’s café'
    >>> for repair in repairs:
    ...     print(f"{repair.step:<15} {repair.before!r:>8} -> {repair.after!r}")
    line-breaks       '\\r\\n' -> '\\n'
    lossy-mojibake     'â??' -> '’'
    ftfy                'Ã©' -> 'é'
    trailing-space       ' ' -> ''
    outer-space         '\\n' -> ''
    """
    options = DEFAULT_OPTIONS if options is None else options
    repairs: list[Repair] = []
    for _ in range(_MAX_PASSES):
        uncovering = False
        for step in steps:
            text, made = step.fix(text, options)
            repairs += made
            uncovering |= step.may_uncover and bool(made)
        if not uncovering:
            break
    return text, repairs


# A repair can uncover another (ftfy decoding what the lossy step had to leave to it):
# the chain runs again after ftfy or the entity step changed something, so that
# repairing is idempotent.
_MAX_PASSES = 3


def normalize_text(
    text: str, steps: tuple[Step, ...] = STEPS, options: RepairOptions | None = None
) -> str:
    """Repair ``text`` with the chain for an article's field (:data:`STEPS`), or ``steps``,
    and ``options`` (None: the defaults).

    Clean text passes unchanged, spacing and zero-width characters included:

    >>> normalize_text("Le pâte “maison”  —\\u200bReally??")
    'Le pâte “maison”  —\\u200bReally??'
    >>> normalize_text("  Kimâ??s cafÃ© \\n"), normalize_text("  Kimâ??s cafÃ© \\n", TEXT_STEPS)
    ('Kim’s café', '  Kim’s café \\n')
    """
    return repair_text(text, steps, options)[0]


def normalize_with_count(text: str, options: RepairOptions | None = None) -> tuple[str, int]:
    """:func:`normalize_text` plus the number of repairs made (for the articles table);
    layout tidying is not counted.

    >>> normalize_with_count("Moscowâ??s cafÃ©"), normalize_with_count("clean\\r\\ntext ")
    (('Moscow’s café', 2), ('clean\\ntext', 0))
    """
    fixed, repairs = explain_normalization(text, options=options)
    return fixed, len(repairs)


def explain_normalization(
    text: str, steps: tuple[Step, ...] = STEPS, options: RepairOptions | None = None
) -> tuple[str, list[Repair]]:
    """Normalize ``text`` (with ``steps`` and ``options``) and list every repair, step by
    step, leaving out the layout tidying (with :data:`STEPS`, the count
    :func:`normalize_with_count` gives).

    >>> fixed, repairs = explain_normalization("Kimâ??s \\r\\n")
    >>> fixed, [(r.step, r.before, r.after) for r in repairs]
    ('Kim’s', [('lossy-mojibake', 'â??', '’')])
    """
    fixed, repairs = repair_text(text, steps, options)
    return fixed, [repair for repair in repairs if repair.step not in LAYOUT_STEPS]
