"""Tokenizer rules our entities need beyond the stock English ones.

Wikipedia-style reference marks glued to the word before them (``Bank.[201]``) are one
token to the stock tokenizer, so the entity swallows them: ``the World Bank.[201]`` as an
ORG, ``Kyiv,[12]`` as a place that no gazetteer knows. Splitting the mark off gives the
model the word alone. Web dumps that include encyclopaedia pages carry hundreds of them
(488 in 6 of the typographic corpus's 1,085 articles).

A Nordic or Latin firm's legal suffix written with a slash (``Novo Industri A/S``) is split
by the stock infixes into three tokens, so the firm's name seems to end before it and the
ticker after it (``A/S <NVO.CO>``) is not seen: it stays one token (round 18).

A post signed with a dash or a tilde glued to the name (``-Tom Galvin``, ``--Bill
Clinton``, ``~Lily``) gives the model the token ``-Tom``, so it tags the surname alone:
the sign is split off (round 29).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex

# A reference mark: one to four digits in square brackets, right after a word or its
# closing punctuation. Infixes are matched after the stock suffixes have taken the last
# "]" off, so a mark ends at "]" or at the end of what is left ("Bank.[201][202").
REFERENCE_MARK_INFIXES = (
    r"(?<=\w)[.,;:](?=\[\d{1,4}(?:\]|$))",
    r"(?<=[\w.,;:\]])\[(?=\d{1,4}(?:\]|$))",
    r"(?<=\d)\](?=\[\d)",
)


def split_reference_marks(nlp: Language) -> Language:
    """Teach ``nlp``'s tokenizer to split reference marks off the word they follow.

    >>> import spacy
    >>> nlp = split_reference_marks(spacy.blank("en"))
    >>> [token.text for token in nlp("the World Bank.[201] In")]
    ['the', 'World', 'Bank', '.', '[', '201', ']', 'In']
    >>> [token.text for token in nlp("Kyiv,[12][13] and x[i]")]
    ['Kyiv', ',', '[', '12', ']', '[', '13', ']', 'and', 'x[i', ']']
    """
    stock = _pattern_of(nlp.tokenizer.infix_finditer, compile_infix_regex, nlp.Defaults.infixes)
    joined = "|".join([stock, *REFERENCE_MARK_INFIXES])
    nlp.tokenizer.infix_finditer = re.compile(joined).finditer
    return nlp


def _pattern_of(
    finder: Callable | None, compile_rules: Callable, rules: Sequence[str] | None
) -> str:
    """The pattern of the tokenizer's own rules (a user's pipeline may carry other rules
    than spaCy's defaults for its language), or of the defaults' when it has none."""
    pattern = getattr(getattr(finder, "__self__", None), "pattern", None)
    return pattern if isinstance(pattern, str) else compile_rules(rules or []).pattern


# Legal suffixes written with a slash: Danish and Norwegian A/S, K/S, I/S; Latin S/A.
SLASHED_SUFFIXES = ("A/S", "K/S", "I/S", "S/A")


def keep_slashed_suffixes(nlp: Language) -> Language:
    """Teach ``nlp``'s tokenizer to keep a legal suffix written with a slash whole.

    >>> import spacy
    >>> nlp = keep_slashed_suffixes(spacy.blank("en"))
    >>> [token.text for token in nlp("Novo Industri A/S <NVO.CO> and and/or")]
    ['Novo', 'Industri', 'A/S', '<', 'NVO.CO', '>', 'and', 'and/or']
    """
    for suffix in SLASHED_SUFFIXES:
        for form in (suffix, suffix.lower()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


# The signs a post's writer glues before the name that signs it: "--Bill", "-Tom", "~Lily".
SIGN_OFF_MARKS = ("--", "-", "~")
# Such a sign before a capitalised name, as a prefix rule.
SIGN_OFF_PREFIX = "(?:" + "|".join(map(re.escape, SIGN_OFF_MARKS)) + ")(?=[A-Z][a-z])"


def split_sign_off_dashes(nlp: Language) -> Language:
    """Teach ``nlp``'s tokenizer to split a sign-off's dash or tilde off the name after it.

    >>> import spacy
    >>> nlp = split_sign_off_dashes(spacy.blank("en"))
    >>> [token.text for token in nlp("-Tom Galvin, --Bill Clinton and ~Lily")]
    ['-', 'Tom', 'Galvin', ',', '--', 'Bill', 'Clinton', 'and', '~', 'Lily']
    >>> [token.text for token in nlp("-5 -x a-b -USA")]
    ['-5', '-x', 'a', '-', 'b', '-USA']
    """
    stock = _pattern_of(nlp.tokenizer.prefix_search, compile_prefix_regex, nlp.Defaults.prefixes)
    nlp.tokenizer.prefix_search = re.compile(f"^{SIGN_OFF_PREFIX}|{stock}").search
    return nlp
