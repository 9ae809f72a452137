"""Deciding every damaged sequence of a text, left to right, and applying the decisions.

Runs of adjacent ``â??`` follow :data:`~pipeline.ingest.lossy.rules.RUN_RULES`, single
ones :data:`~pipeline.ingest.lossy.rules.SITE_RULES`, and every other ``â??`` the learned
counts (:mod:`pipeline.ingest.lossy.counts`) in the document's dash style
(:mod:`pipeline.ingest.lossy.style`); other letters and symbols follow
:data:`~pipeline.ingest.lossy.letters.LETTER_RULES`. Mojibake encoded twice before the
damage is left to ftfy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline.ingest.lossy import counts, rules, style
from pipeline.ingest.lossy.candidates import sequences
from pipeline.ingest.lossy.forms import QUOTE_DASH_FORM, RENDERING_RE
from pipeline.ingest.lossy.letters import choose_letter, letter_view
from pipeline.ingest.lossy.sites import NO_QUOTE, Site, quote_state_after, site_class, sites_of
from pipeline.ingest.lossy.style import AUTO, EN, given_style

__all__ = ["LossyRepair", "apply_repairs", "find_lossy_repairs", "resolve", "restore_lossy"]


@dataclass(frozen=True, slots=True)
class LossyRepair:
    """One restored sequence: where it was, what it was, what it became and why."""

    start: int
    damaged: str
    restored: str
    reason: str


def _runs(sites: list[Site]) -> Iterator[list[Site]]:
    """The sites in runs of adjacent ones (most runs are one site long)."""
    first = 0
    while first < len(sites):
        last = first
        while last + 1 < len(sites) and sites[last + 1].left is None:
            last += 1
        yield sites[first : last + 1]
        first = last + 1


def resolve(
    text: str, sites: list[Site], dash_style: str = AUTO, house_prior: str | None = None
) -> list[rules.Choice]:
    """The character and a reason for every ``â??`` site, left to right.

    Runs of adjacent sites follow the structure of typography (:data:`rules.RUN_RULES`),
    a few single sites the written rules of :data:`rules.SITE_RULES`; every other site is
    decided by the learned counts. ``dash_style`` is the house style given (``en``,
    ``em``), or ``auto``: the document's guessed (:func:`style.guess_style`, with the
    dump's ``house_prior`` if any; looked up in its module so that a benchmark can give
    each document its true style).

    >>> text = "Title.\\nHe said, â??Yes,â?? and then, â??no.â??"
    >>> sites = sites_of(text, [(16, 19), (23, 26), (37, 40), (43, 46)])
    >>> [ch for ch, _ in resolve(text, sites)]
    ['“', '”', '“', '”']
    """
    code, how = style.guess_style(text, given=dash_style, prior=house_prior)
    learned = counts.learned()
    vocabulary = (learned["left_words"], learned["right_words"])
    tables = rules.draws_tables(sites)
    choices: list[rules.Choice] = []
    stack: list[str] = []
    paragraph = -1
    for run in _runs(sites):
        if run[0].paragraph != paragraph:
            paragraph, stack = run[0].paragraph, []
        ruled = None
        if len(run) > 1:
            left = site_class(choices[-1][0] if run[0].left is None else run[0].left)
            view = rules.RunView(run, left, site_class(run[-1].right), stack, tables)
            ruled = rules.decide_run(view)
        for offset, site in enumerate(run):
            left = site_class(choices[-1][0] if site.left is None else site.left)
            previous = choices[-1] if choices else None
            site_view = rules.SiteView(site, left, site_class(site.right), previous, tables)
            chosen = ruled[offset] if ruled else rules.decide_site(site_view)
            if chosen is None:
                state = stack[-1] if stack else NO_QUOTE
                keys = counts.context_keys(site, left, state, vocabulary, code)
                chosen = _by_counts(site_view, keys, code, how)
            choices.append(chosen)
            quote_state_after(stack, chosen[0], site)
    return choices


def _by_counts(view: rules.SiteView, keys: list, code: str, how: str) -> rules.Choice:
    """The likeliest character of a site's contexts that :func:`rules.impossible` allows;
    the document's spaced dash in its style."""
    p = counts.distribution(keys)
    for impossible in rules.impossible(view):
        if impossible in p:
            p[impossible] = 0.0
    best = max(p, key=p.__getitem__)
    dash = ("–" if code == EN else "—") if best == counts.SPACED_DASH else best
    return dash, _reason(dash, p[best], (keys[5] or keys[4])[0], code, how)


# How the house style was found (style.guess_style), as a repair's reason says it.
_HOW_NOTES = {
    "given": " (given)",
    "dump": " (the dump's, as a prior)",
    "unsure": " (no confident guess: the commoner style)",
}


def _reason(chosen: str, probability: float, context: str, code: str, how: str) -> str:
    """``right single quotation mark (p=0.99 in context 'll-TE/')`` and the like.

    >>> _reason("–", 0.5, "SS-bE", "E", "given")
    "en dash (p=0.50 in context 'SS-bE', en-dash house style (given))"
    """
    name = unicodedata.name(chosen, f"U+{ord(chosen):04X}").lower()
    note = _HOW_NOTES.get(how, "")
    dash = f", {'en' if code == EN else 'em'}-dash house style{note}" if chosen in "–—" else ""
    return f"{name} (p={probability:.2f} in context {context!r}{dash})"


# -- mojibake encoded twice: leave it to ftfy ----------------------------------------------------
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
            glue = RENDERING_RE.match(text, pos) or _CONTINUATION_CHAR_RE.match(text, pos)
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


# -- the public functions ----------------------------------------------------------------------
def find_lossy_repairs(
    text: str,
    dash_style: str = AUTO,
    keep_encoded_twice: bool = False,
    house_prior: str | None = None,
) -> list[LossyRepair]:
    """Find every lossy-damaged sequence in ``text`` and decide what it stood for.

    ``dash_style``: the publisher's house style for spaced dashes, ``en`` or ``em``, or
    ``auto`` to guess each document's (as ``RepairOptions.dash_style``), with the dump's
    ``house_prior`` (``en``, ``em``; ``RepairOptions.house_prior``) as its prior if given.

    >>> [(r.damaged, r.restored) for r in find_lossy_repairs("Kimâ??s â?¦")]
    [('â??', '’'), ('â?¦', '…')]
    >>> [r.restored for r in find_lossy_repairs("A â?? B", dash_style="em")]
    ['—']
    """
    given_style(dash_style)  # a bad value fails on every text, damaged or not
    if house_prior is not None:
        given_style(house_prior)
    found = list(sequences(text))
    if not found:
        return []
    spans = [(s, e) for s, e, _ in found if text[s:e] == QUOTE_DASH_FORM]
    resolved = iter(resolve(text, sites_of(text, spans), dash_style, house_prior) if spans else ())
    repairs = []
    for start, end, candidates in found:
        if text[start:end] == QUOTE_DASH_FORM:
            restored, reason = next(resolved)
        elif len(candidates) == 1:
            restored, reason = candidates[0], "only plausible character"
        else:
            restored, reason = choose_letter(letter_view(text, start, end, candidates))
        repairs.append(LossyRepair(start, text[start:end], restored, reason))
    if keep_encoded_twice:
        return repairs
    skip = _encoded_twice(text, repairs)
    return [r for r in repairs if r.start not in skip] if skip else repairs


def apply_repairs(text: str, repairs: Iterable[LossyRepair]) -> str:
    """Rebuild ``text`` with each repair's damaged sequence replaced by its restoration.

    >>> apply_repairs("Kimâ??s", [LossyRepair(3, "â??", "’", "")])
    'Kim’s'
    """
    parts, pos = [], 0
    for repair in repairs:
        parts.append(text[pos : repair.start])
        parts.append(repair.restored)
        pos = repair.start + len(repair.damaged)
    parts.append(text[pos:])
    return "".join(parts)


def restore_lossy(text: str, dash_style: str = AUTO) -> str:
    """Restore lossy mojibake in ``text``; clean text comes back unchanged.

    >>> restore_lossy("South Koreaâ??s envoy said: â??We will not wait.â??")
    'South Korea’s envoy said: “We will not wait.”'
    >>> restore_lossy("Really?? The pâte was fine.")
    'Really?? The pâte was fine.'
    >>> damaged = "The plan â?? first proposed in 2019 â?? went ahead."
    >>> restore_lossy(damaged, "en"), restore_lossy(damaged, "em")  # doctest: +NORMALIZE_WHITESPACE
    ('The plan – first proposed in 2019 – went ahead.',
     'The plan — first proposed in 2019 — went ahead.')
    """
    return apply_repairs(text, find_lossy_repairs(text, dash_style))
