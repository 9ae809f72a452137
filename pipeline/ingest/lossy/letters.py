"""Damaged letters and symbols other than ``â??``: a table of small named rules.

A lost byte of ``Ã?cole`` or ``â?¬40`` leaves several candidate characters, likeliest
first (:func:`pipeline.ingest.lossy.candidates.candidates_by_form`); case and the
neighbours decide between them. Each rule of :data:`LETTER_RULES` returns the chosen
character and the reason, or None to pass; the likeliest candidate is the fallback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.ingest.lossy.forms import QUOTE_DASH_FORM, RENDERING_RE

__all__ = ["LETTER_RULES", "LetterView", "choose_letter", "letter_view"]

Choice = tuple[str, str]


@dataclass(frozen=True, slots=True)
class LetterView:
    """A damaged sequence with several candidates: the text, where it is, its candidates
    (likeliest first), and the characters just before and after it (a neighbour still
    in mojibake counts as the letter it stands for)."""

    text: str
    start: int
    end: int
    candidates: tuple[str, ...]
    before: str
    after: str


def _neighbour(pair: str, last: bool) -> str:
    """The character next to a site from the two beside it: the letter a two-character
    mojibake rendering stands for (``Ã¼`` -> ``ü``), else the nearest character.

    >>> _neighbour("Ã¼", last=True), _neighbour("ab", last=True), _neighbour("ab", last=False)
    ('ü', 'b', 'a')
    """
    if len(pair) == 2 and RENDERING_RE.fullmatch(pair):
        with contextlib.suppress(UnicodeError):
            return pair.encode("latin-1").decode("utf-8")
    if not pair:
        return ""
    return pair[-1] if last else pair[0]


def letter_view(text: str, start: int, end: int, candidates: tuple[str, ...]) -> LetterView:
    """The view of the sequence ``text[start:end]``.

    >>> view = letter_view("GrÃ¼Ã?e", 4, 6, ("É", "Ö", "ß")); view.before, view.after
    ('ü', 'e')
    """
    before = _neighbour(text[max(0, start - 2) : start], last=True)
    after = _neighbour(text[end : end + 2], last=False)
    return LetterView(text, start, end, candidates, before, after)


def box_cross(view: LetterView) -> Choice | None:
    """Beside a damaged ``â??`` (a table's rule), the box-drawing cross ``┼``.

    >>> box_cross(letter_view("â??â?¼â??", 3, 6, ("¼", "┼")))
    ('┼', 'box-drawing cross between table rules')
    """
    text, start, end = view.text, view.start, view.end
    if "┼" in view.candidates and QUOTE_DASH_FORM in (text[start - 3 : start], text[end : end + 3]):
        return "┼", "box-drawing cross between table rules"
    return None


def multiplication_sign(view: LetterView) -> Choice | None:
    """Beside a digit, the multiplication sign (``3×4``).

    >>> multiplication_sign(letter_view("3Ã?4", 1, 3, ("É", "×")))
    ('×', 'multiplication sign between numbers')
    """
    if "×" in view.candidates and (view.before.isdigit() or view.after.isdigit()):
        return "×", "multiplication sign between numbers"
    return None


def _trademark_or_bullet(view: LetterView) -> bool:
    return "™" in view.candidates and "•" in view.candidates


def trademark_after_name(view: LetterView) -> Choice | None:
    """After a name (a letter, ``)`` or ``®``) and not before a word, ``™`` rather than ``•``.

    >>> trademark_after_name(letter_view("GOLDâ?¢ card", 4, 7, ("•", "™")))
    ('™', 'trademark sign after a name')
    """
    after_a_name = view.before.isalpha() or view.before in ")®"
    if _trademark_or_bullet(view) and after_a_name and not view.after.isalnum():
        return "™", "trademark sign after a name"
    return None


def bullet(view: LetterView) -> Choice | None:
    """``•`` rather than ``™`` anywhere else (``06•11•12``).

    >>> bullet(letter_view("06â?¢11", 2, 5, ("•", "™")))
    ('•', 'bullet')
    """
    if _trademark_or_bullet(view):
        return "•", "bullet"
    return None


_LINE_SEPARATORS = "\u2028\u2029"


def line_separator(view: LetterView) -> Choice | None:
    """Right after a word or punctuation and before a space, a line's end or another
    damaged sequence, the line or paragraph separator (U+2028, U+2029) that text pasted
    into a web form keeps, rather than an emoji or a symbol of the same form (``✨``,
    ``⇨``), which stands apart from the word before it.

    >>> line_separator(letter_view("as darkâ?¨ and evil", 7, 10, ("✨", "\\u2028")))
    ('\\u2028', 'line separator after a word')
    >>> line_separator(letter_view("so pretty â?¨ yes", 10, 13, ("✨", "\\u2028"))) is None
    True
    """
    separator = next((c for c in view.candidates if c in _LINE_SEPARATORS), None)
    if separator is None or not view.before or view.before.isspace():
        return None
    following = view.text[view.end : view.end + 1]
    if following in ("", " ", "\n") or view.text.startswith("â?", view.end):
        name = "line" if separator == "\u2028" else "paragraph"
        return separator, f"{name} separator after a word"
    return None


def lowercase_in_word(view: LetterView) -> Choice | None:
    """A letter after a lowercase letter, or between a letter and a lowercase one: the
    first lowercase candidate (``Großstadt``).

    >>> lowercase_in_word(letter_view("GrÃ¼Ã?e", 4, 6, ("É", "Ö", "ß")))
    ('ß', 'lowercase letter inside a word')
    """
    if not view.candidates[0].isalpha():
        return None
    before, after = view.before, view.after
    if (before.isalpha() and before.islower()) or (after.islower() and before.isalpha()):
        lower = [c for c in view.candidates if c.isalpha() and c.islower()]
        if lower:
            return lower[0], "lowercase letter inside a word"
    return None


def capital_letter(view: LetterView) -> Choice | None:
    """A letter beside another letter otherwise: the first capital candidate (``École``).

    >>> capital_letter(letter_view("Ã?calan", 0, 2, ("É", "Ö", "ß")))
    ('É', 'capital letter')
    """
    if view.candidates[0].isalpha() and (view.after.isalpha() or view.before.isalpha()):
        upper = [c for c in view.candidates if c.isalpha() and c.isupper()]
        if upper:
            return upper[0], "capital letter"
    return None


LETTER_RULES: tuple[Callable[[LetterView], Choice | None], ...] = (
    box_cross,
    multiplication_sign,
    trademark_after_name,
    bullet,
    line_separator,
    lowercase_in_word,
    capital_letter,
)


def choose_letter(view: LetterView) -> Choice:
    """The first answer of :data:`LETTER_RULES`, else the likeliest candidate.

    >>> choose_letter(letter_view("Price: â?¬40", 7, 10, ("€", "₠")))
    ('€', 'most likely character')
    """
    for rule in LETTER_RULES:
        chosen = rule(view)
        if chosen is not None:
            return chosen
    return view.candidates[0], "most likely character"
