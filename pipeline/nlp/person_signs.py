"""Signs in a text that a PERSON span names no person: a comment's author line whose name
is a user name's, and a word the text writes as a common noun's plural (round 8, issue 21).

Both are read by :mod:`pipeline.nlp.person_evidence` as cues against a person; the cue words
(months, weekdays, the words before an author on a byline) are data in
``pipeline/resources/person_evidence.json``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.nlp.names import (
    PARTICLES,
    camel_case,
    in_list,
    is_first_name,
    is_given_name,
    is_name_word,
    is_well_known,
)
from pipeline.nlp.person_cues import cue, word_at
from pipeline.nlp.sentences import next_solid, starts_line
from pipeline.nlp.tokens import SIGN_OFF_MARKS

# A date or a time in figures: "11/06/2012", "08.09.2012", "3:45".
_NUMERIC_DATE = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$|^\d{1,2}:\d\d$")
# A handle's word: letters, digits, dots, underscores, apostrophes ("elmo666", "Jeff.l.b",
# "O'Brien", the "'s" of "Eric's Mommy on October 23rd").
_HANDLE = re.compile(r"^[\w.'’]*[A-Za-z][\w.'’]*$")


def _dated(doc: Doc, i: int) -> bool:
    """Whether a date starts at token ``i``: a month's name or a figure (``October 23rd``,
    ``11/06/2012``, ``26 October``), a weekday's name before one."""
    word = word_at(doc, i)
    if cue("weekdays", word):
        word = word_at(doc, next_solid(doc, i + 1 + (word_at(doc, i + 1) == ",")))
    if cue("months", word) or _NUMERIC_DATE.match(word):
        return True
    return (
        word.isdigit() and int(word) <= 31 and cue("months", word_at(doc, next_solid(doc, i + 1)))
    )


def author_line(doc: Doc, span: Span) -> bool:
    """Whether ``span`` stands as the author of a comment or post: alone at its line's
    start, or after ``by``/``Posted by``/``—`` there, and followed by ``says:``,
    ``wrote``, ``on`` and a date, a dash or bar and a date, a date, or a line of its own
    above a date ("Megan Slack\nJuly 18, 2012"). A tweet's author ("(@Emeryyy)") is not
    one here: its display name beside its handle is the account's name."""
    start = span.start
    while start > 0 and not starts_line(doc, start):
        start -= 1
        if not (cue("bylines", doc[start].lower_) or doc[start].is_space):
            return False
    end = span.end
    after = word_at(doc, end)
    if after in ("says", "said", "wrote", "writes") and word_at(doc, end + 1) in (":", "on"):
        # a date must follow: a wire's line may start "Funaro said on Saturday that" (round 11)
        return _dated(doc, next_solid(doc, end + 2))
    if after in ("on", "—", "–", "-", "|", "·", "at"):
        return _dated(doc, next_solid(doc, end + 1))
    return end < len(doc) and _dated(doc, next_solid(doc, end))


def signature(doc: Doc, end: int) -> bool:
    """A name signed as a post's or a tweet's author, wherever its line starts: ``Kim —
    July 17th, 2012``, ``Kim on October 23rd``, ``Brofolvski (@Emeryyy) October 30, 2012``
    (a cue for a person, unless the name heads a comment of a thread: :func:`comment_head`)."""
    after = word_at(doc, end)
    if after == "(" and word_at(doc, end + 1).startswith("@"):
        return True  # a tweet's author: "Brofolvski (@Emeryyy) October 30, 2012"
    if after in ("—", "–", "-", "|"):
        return any(t.like_num for t in doc[end + 1 : end + 6])
    return after == "on" and cue("months", word_at(doc, end + 1))


# The most words a commenter's name or handle runs to on its author line ("MF Panther").
_HEAD_WORDS = 4
_HEADS = "person_signs.heads"


def _name_run(doc: Doc, start: int) -> int:
    """The end of the run of words (a name, a handle) from ``start`` on its line."""
    end = start
    while end < len(doc) and end - start < _HEAD_WORDS:
        token = doc[end]
        if token.is_space or token.is_punct or not (token.is_alpha or _HANDLE.match(token.text)):
            break
        if token.is_lower and cue("speech", token.text):
            break  # "Redoglia and Ritterbusch said April ...": a verb ends the name
        end += 1
        if "\n" in token.whitespace_:
            break
    return end


def comment_heads(doc: Doc) -> list[tuple[int, int]]:
    """The name (start and end token) of each line that heads a comment or a post: a name
    or handle alone at its line's start (after ``by``, ``Posted by`` ...) and followed by
    ``says:``, ``on`` + a date, a dash + a date, a date (:func:`author_line`). Worked out
    once per doc; handles no model takes for a name (``goofygolfer``) count too."""
    found = doc.user_data.get(_HEADS)
    if found is None:
        found = doc.user_data[_HEADS] = []
        for i in range(len(doc)):
            if doc[i].is_space or not starts_line(doc, i):
                continue
            start = i
            while start < len(doc) and cue("bylines", doc[start].lower_):
                start += 1
            if start >= len(doc) or in_list("function", doc[start].text):
                continue  # a heading: "The Daily Edit – Monday 11.12.12"
            end = _name_run(doc, start)
            for stop in range(end, start, -1):
                if author_line(doc, doc[start:stop]):
                    found.append((start, stop))
                    break
    return found


def comment_head(doc: Doc, span: Span) -> bool:
    """Whether ``span`` names the author of a comment of a thread: it lies in the name of
    an author line (:func:`comment_heads`, with a handle's first part the model left out:
    "by MF [[Panther]] on Aug 9"), the doc has two such lines or more, and it is not the
    doc's first, which may be the article's own byline ("By Kimber Streams on November
    13, 2012")."""
    heads = comment_heads(doc)
    if len(heads) < 2:
        return False
    return any(start <= span.start and span.end <= end for start, end in heads[1:])


def thread_author(doc: Doc, span: Span) -> bool:
    """Whether this one mention of a name signs a comment of a thread (round 11): it heads a
    comment (:func:`comment_head`), or it stands alone on its line right above a comment's
    head that is the doc's third or later (a sign-off: "Hope that helps,\nTim\nCT Moore —
    July 18th, 2012"). Unlike :func:`comment_head`, read on each mention, not on the whole
    entity: the commenter or the author the thread also names elsewhere ("Hi Tim,") keeps
    those mentions (figures: docs/guides/people.md, round 11)."""
    heads = comment_heads(doc)
    if len(heads) < 2:
        return False
    if comment_head(doc, span):
        # "By Jonathan Corbet March 25, 2015": an article's byline in a page of several
        return not (span.start > 0 and doc[span.start - 1].text == "By")
    if not _alone_on_line(doc, span):
        return False
    following = next_solid(doc, span.end)
    return any(following <= start <= following + 2 for start, _end in heads[2:])


def _alone_on_line(doc: Doc, span: Span) -> bool:
    """Whether ``span`` is all its line holds (besides spaces)."""
    if not starts_line(doc, span.start) and not (
        span.start > 0 and doc[span.start - 1].is_space and starts_line(doc, span.start - 1)
    ):
        return False
    return (
        span.end == len(doc)
        or "\n" in doc[span.end - 1].whitespace_
        or (doc[span.end].is_space and "\n" in doc[span.end].text)
    )


def plural_thing(doc: Doc, word: str) -> bool:
    """Whether the text writes ``word`` (or, for ``Quirks``, the word it is the plural of)
    as a common noun's plural twice or more: ``their Quirks on``, ``no Quirks,``, ``of APIs
    that``; not after ``the`` (a family: "the Obamas") nor beside another capitalised word
    (``Len Williams``, ``Oscars Best``).

    Read on the typographic DEV part (round 8): 32 PERSON mentions in 3 articles, none a
    person (an anime wiki's ``Quirk`` x14 and ``Quirks`` x8, ``API`` x9, ``Oscar``)."""
    if not word.isalpha():
        return False
    at = _positions(doc)
    if not word.endswith("s"):
        plural = word + "s"
    elif word[:-1] in at and not word.endswith("ss") and not is_name_word(word):
        # "Quirks", where the text writes "Quirk" too (not "Jesus", "Holmes"); a surname
        # such as "Williams" beside a "William" is no plural either
        plural = word
    else:
        return False
    found = 0
    for i in at.get(plural, ()):
        before = doc[i - 1] if i > 0 else None
        after = doc[i + 1] if i + 1 < len(doc) else None
        if before is not None and (before.lower_ == "the" or before.text[:1].isupper()):
            continue
        if after is not None and after.text[:1].isupper() and after.is_alpha:
            continue
        found += 1
    return found >= 2


_POSITIONS = "person_signs.positions"


def _positions(doc: Doc) -> dict[str, list[int]]:
    """Where each text of ``doc`` stands (token indices), worked out once per doc: a doc's
    one-word PERSON groups each ask."""
    found = doc.user_data.get(_POSITIONS)
    if found is None:
        found = doc.user_data[_POSITIONS] = {}
        for i, text in enumerate(t.text for t in doc):
            found.setdefault(text, []).append(i)
    return found


def user_name(key: str) -> bool:
    """Whether a name is a user name's rather than a person's: one word that no name list
    and no frequency list knows (``Beny``, ``Weywoda``), or written as a handle (all in
    lower case, capitals inside a word: ``josephperson``, ``MFPanther``), or two words
    or more whose first is capitals no given name has (``MF Panther``, ``JD Brawley``).
    A name of two words starting with a word the lists miss (``Rob Thorell``, ``Ed Fry``)
    stays: the common words that are given names too are many."""
    words = key.split()
    if any((w.islower() and w.lower() not in PARTICLES) or camel_case(w) for w in words):
        return True
    if len(words) == 1:
        return not (is_name_word(key) or is_well_known(key) or key.isupper())
    first = words[0]
    return first.isupper() and first.isalpha() and len(first) > 1 and not is_first_name(first)


# What the model takes a lone name for that may still be a person's.
_THING_LABELS = frozenset({"ORG", "PRODUCT", "NORP", "WORK_OF_ART"})


def signed_off(span: Span) -> bool:
    """Whether ``span``, whatever the model labelled it, is the name a post is signed with:
    a sign-off's dash or tilde starting its line right before it, the span the rest of the
    line, a given name first (``--Donnie``, ``-Arthur``; round 29: split off the name by
    :func:`pipeline.nlp.tokens.split_sign_off_dashes`, the model then takes some for an
    ORG)."""
    doc, start = span.doc, span.start
    if span.label_ not in _THING_LABELS or start == 0 or doc[start - 1].text not in SIGN_OFF_MARKS:
        return False  # a date or a number ("--May") is left alone
    mark = Span(doc, start - 1, span.end)
    return (
        _alone_on_line(doc, mark) and is_given_name(span[0].text) and all(t.is_title for t in span)
    )
