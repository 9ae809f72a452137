"""The ``person_filter`` component: PERSON spans that are people, cut to the whole name.

spaCy's small model takes products, teams, headline words and bylines for people on web
text. Each PERSON span is, in order:

- split at line breaks (``Julian Assange\\nTimeline``), each line's part judged alone;
- relabelled when it is a known product, company, team or work (``Twitter`` -> ORG);
- stripped of what comes before a name (titles, job abbreviations ``DL``, a leading ``’s``,
  ``n’t``, punctuation, ``By``) and cut before a possessive (``Jeff Bezos’s Blue Origin``:
  the person, and the rest when it is a known organisation) and before the first token no
  name holds (a score ``6-4``, a dash, a date);
- cut after a title-case function word (``Collides With Putin`` -> ``Putin``), of byline
  words at its end (``Andrew Beaujon Published``) and of common words around it in a
  headline (``Romney Wins``; a common word after a first name stays: ``Nate Silver``);
- dropped when nothing name-like is left: lower case, a product's inner capitals
  (``AdWords``), an acronym, only common words that are no names (``Record Crowds``), or a
  single common word the text also writes in lower case (``Turnout`` ... ``turnout``);
- grown to the whole name when the model cut it (``Barack`` + ``Obama``);
- dropped when one word after "the" names a thing (``the Moon.``), relabelled when it
  starts with a known product or company and holds no first name (``Nintendo Download``);
- relabelled or dropped, with the other mentions of the same entity, when what the text
  says around them is against a person (:mod:`pipeline.nlp.person_evidence`: ``Oliver
  Wyman, a consulting firm``, ``in Miram Shah``, ``Qt 5``).

A single common word kept only because nothing in this text says otherwise and it stands
where any word is capitalised (a headline, a sentence's start) is marked
``span._.person_doubt``: :func:`pipeline.nlp.extract.mentions_of` settles it with the rest
of the article.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp import person_evidence
from pipeline.nlp.line_wrap import hyphen_wrap, name_runs_on, soft_break, wrapped_surname
from pipeline.nlp.names import (
    CONTRACTIONS,
    PARTICLES,
    POSSESSIVES,
    camel_case,
    compound_head,
    in_list,
    institution_head,
    institution_label,
    is_common,
    is_first_name,
    is_given_name,
    is_initial,
    is_name_word,
    is_prefix,
    is_surname,
    is_title,
    is_word,
    known_label,
    name_token,
    plural_of_common,
)
from pipeline.nlp.person_citations import citations
from pipeline.nlp.person_cues import inverted_speech, sentence_opener
from pipeline.nlp.person_firms import firms
from pipeline.nlp.person_marks import no_name
from pipeline.nlp.person_news import FEASTS, institution_name
from pipeline.nlp.person_press import (
    before_name,
    caps_country,
    caps_end,
    demonym_before,
    double_spaced,
    institution_end,
    lone_given,
    lone_person,
    middle_initial,
    with_nickname,
)
from pipeline.nlp.person_signs import signed_off
from pipeline.nlp.person_things import (
    acronym_tail,
    gerund,
    in_other_name,
    law_name,
    maker_label,
    possessive_thing,
    the_thing,
)
from pipeline.nlp.sentences import breaks_line, line_around, word_hyphen
from pipeline.nlp.spans import replace_entities

if not Span.has_extension("person_doubt"):
    Span.set_extension("person_doubt", default=False)

_OPENING = frozenset({".", "!", "?", ":", ";", "“", '"', "‘", "(", "[", "—", "–", "|", "•"})


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The span's parts between line breaks and runs of spaces, but for a name that runs on
    over a hard-wrapped text's line (:func:`_runs_on`) or over a typed double space
    (:func:`pipeline.nlp.person_press.double_spaced`)."""
    pieces, begin = [], start
    for i in range(start, end):
        if doc[i].is_space and i - 1 == begin and double_spaced(doc, i, start, end):
            continue
        if doc[i].is_space and not _runs_on(doc, i - 1, i + 1, start, end):
            pieces.append((begin, i))
            begin = i + 1
        elif "\n" in doc[i].whitespace_ and not _runs_on(doc, i, i + 1, start, end):
            pieces.append((begin, i + 1))
            begin = i + 1
    pieces.append((begin, end))
    return [(s, e) for s, e in pieces if s < e]


def _runs_on(doc: Doc, before: int, after: int, start: int, end: int) -> bool:
    """Whether a name goes on over the line break between ``doc[before]`` and
    ``doc[after]`` (both inside ``doc[start:end]``): a soft break of a hard-wrapped text
    (:mod:`pipeline.nlp.line_wrap`: ``economist Alan\nGreenspan``), a name's word before
    it and a capitalised name's word after it. Web text's breaks stay cuts (``Julian
    Assange\nTimeline``: a headline, then the body)."""
    if not (start <= before and after < end):
        return False
    if not (name_runs_on(doc, after - 1) or wrapped_surname(doc, before, after, start, end)):
        return False
    return _name_end(doc[before].text) and name_token(doc[after].text)


def _name_end(word: str) -> bool:
    """A word a line may end in inside a name: a first name, an initial (``W.``), a
    capitalised name's word that is no common word (``Fernandez``)."""
    if not (word[:1].isupper() and name_token(word)):
        return False  # "said\nLawrence Cohn": "Said" is a first name, "said" no name
    if is_first_name(word) or is_initial(word):
        return True
    return not is_common(word)


def _over_wrap(doc: Doc, start: int, end: int) -> int:
    """A name's start grown back over a soft line break, when the line before ends in its
    given name or initials not tagged otherwise (``Rudolph W.`` + ``\nGiuliani``)."""
    if start < 2 or not doc[start - 1].is_space or not soft_break(doc, start - 1):
        return start
    begin = start - 1
    while begin > 0 and start - begin < 4 and doc[begin - 1].ent_iob_ == "O":
        word = doc[begin - 1].text
        if not word[:1].isupper():
            break  # "said\nCraxi": "Said" is a first name, "said" no name
        given = is_first_name(word) and not is_common(word) and not is_title(word)
        if not (is_initial(word) or given):
            break
        begin -= 1
    return begin if begin < start - 1 else start


def _leading_junk(token: Token) -> bool:
    text = token.text
    return (
        token.is_punct
        or token.is_space
        or token.lower_ in POSSESSIVES
        or token.lower_ in CONTRACTIONS
        or token.lower_ == "by"
        or is_title(text)
        or is_prefix(text)
        or in_list("function", text)
    )


def _ends_title_phrase(doc: Doc, start: int, end: int) -> bool:
    """Whether the name's first word ends the phrase of a title before it: ``Minister of
    Mines and Energy Subroto``, ``Secretary of State Shultz``. The word is a common word
    and no name; before it, ``of``, ``and`` or ``for``, and back to a title only such words
    and capitalised common words ("President Obama and Mitt Romney" is two people).

    >>> import spacy
    >>> doc = spacy.blank("en")("Minister of Mines and Energy Subroto said")
    >>> _ends_title_phrase(doc, 4, 6), _ends_title_phrase(doc, 5, 6)
    (True, False)
    """
    if end - start < 2 or start < 2 or doc[start - 1].lower_ not in ("of", "and", "for"):
        return False
    if not is_common(doc[start].text):  # a common word that is no name the lists know
        return False
    for i in range(start - 1, max(-1, start - 8), -1):
        token = doc[i]
        if is_title(token.text):
            return True
        joining = token.is_space or token.lower_ in ("of", "and", "for", "the")  # "Minister\nof"
        if not (joining or (token.text[:1].isupper() and is_common(token.text))):
            return False
    return False


def _gerund(doc: Doc, start: int, end: int) -> bool:
    """A headline's verb in -ing before a name (``Accusing Lena Dunham``: see
    :func:`pipeline.nlp.person_things.gerund`); not before a common word, where the -ing
    word is a name's own (``Corning Glass Works``)."""
    if end - start < 2 or not gerund(doc[start].text):
        return False
    return not is_word(doc[start + 1].text)


def _imperative(doc: Doc, start: int, end: int) -> bool:
    """An instruction's verb before a name (``Edit Alice``), not before a word ("Order
    Reprints" stays whole, for the common-word test)."""
    if end - start < 2 or not in_list("imperatives", doc[start].text):
        return False
    after = doc[start + 1].text
    return is_name_word(after) or not is_word(after)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int, Span | None]:
    """The name's bounds inside ``doc[start:end]``; and an organisation after a possessive."""
    while start < end and (
        _leading_junk(doc[start])
        or _imperative(doc, start, end)
        or _gerund(doc, start, end)
        or demonym_before(doc, start, end)
        or inverted_speech(doc, start, end)  # "Said Romney:" (round 17)
        or (end - start > 1 and doc[start].text.endswith("ly") and sentence_opener(doc[start].text))
    ):
        start += 1
    # A sentence's opening word and its comma: "Yesterday, Boyd Jefferies", "However, David
    # Owen" (round 15); not a name written surname first ("Derby, Mark").
    if end - start > 2 and doc[start + 1].text == "," and sentence_opener(doc[start].text):
        start += 2
    rest = None
    for i in range(start, end):
        if doc[i].lower_ in POSSESSIVES:
            tail = doc[i + 1 : end]
            if i + 1 < len(doc) and doc[i + 1].text in FEASTS:
                return start, start, None  # "April Fools' Day", "Valentine's Day"
            label = known_label(tail.text) if len(tail) else None
            rest = Span(doc, i + 1, end, label=label) if label else None
            end = i
            break
    for i in range(start, end):
        after_hyphen = (  # "Dong-hoon", "Murrey-O'Hair"; not "Evul-art’h"
            i > start
            and _inner_hyphen(doc, i - 1, end)
            and (doc[i].is_alpha or name_token(doc[i].text))
        )
        if doc[i].is_space and (
            _runs_on(doc, i - 1, i + 1, start, end)
            or (i - 1 == start and double_spaced(doc, i, start, end))
        ):
            continue
        if not name_token(doc[i].text) and not _inner_hyphen(doc, i, end) and not after_hyphen:
            end = i
            break
    # A headline around a name: "Collides With Putin" -> "Putin".
    for i in range(end - 1, start, -1):
        if in_list("function", doc[i].text) and not middle_initial(doc, i, start):
            start = i + 1
            break
    while end > start and (
        in_list("trailing", doc[end - 1].text) or doc[end - 1].lower_ in PARTICLES
    ):
        end -= 1
    # Headline words around a name: "Turnout Romney", "Romney Wins" (not "Nate Silver": a
    # common word after a first name is a surname).
    content = [t for t in doc[start:end] if t.lower_ not in PARTICLES]
    if len(content) > 1 and all(is_common(t.text) for t in content):
        return start, start, rest  # "Record Crowds"
    # A common word before a known first name: "Beautiful Jesus", "Learn Chris" (not "Mitt
    # Romney"; not before a surname either: "Tiger Woods", "Mel Brooks" are whole names).
    # A dictionary word inside a sentence before a surname stays ("I think Woody Allen").
    while (
        end - start > 1
        and before_name(doc, start, end)  # "Filmmaker Rob", "Center Sidney Crosby"
        and not (end - start == 2 and _word_given(doc, start + 1))
    ):
        start += 1
    while _ends_title_phrase(doc, start, end):
        start += 1
    if end - start > 1 and _headline_line(doc, start):
        while end - start > 1 and is_common(doc[start].text):
            start += 1
        while end - start > 1 and is_common(doc[end - 1].text) and not _surname_at(doc, start, end):
            end -= 1
    end = caps_end(doc, start, end)  # "REGAN DEPARTURE MAKES ..." -> "REGAN" (round 13)
    while start < end and doc[start].lower_ in PARTICLES and end - start == 1:
        start += 1
    while end > start and doc[end - 1].is_space:  # cut before a wrapped line's word
        end -= 1
    return start, end, rest


def _surname_at(doc: Doc, start: int, end: int) -> bool:
    """Whether the common word ending a title-case line's name ``doc[start:end]`` is part of
    it: a surname after a first name or an initial (``Ray J. Groves``), after a lone given
    name (``Doug Loss`` signing a post, round 26), or an institution's word after names
    (``Lawrence Berkeley Laboratory`` alone on its line; not ``... Covers Prestige
    Magazine``)."""
    before = doc[end - 2].text
    if is_first_name(before) or is_initial(before):
        return True
    if end - start == 2 and is_given_name(before):
        return True
    return bool(institution_label(doc[end - 1].text)) and not any(
        is_common(t.text) for t in doc[start : end - 1]
    )


def _inner_hyphen(doc: Doc, i: int, end: int) -> bool:
    """A hyphen inside a name, no space around it (``Hall-Jones``, ``Dong-hoon``)."""
    return (
        word_hyphen(doc[i])
        and i + 1 < end
        and (doc[i + 1].is_alpha or name_token(doc[i + 1].text))
        and not compound_head(doc[i + 1].text)  # "Brewer-who", "Walton-led"
    )


def _lower_elsewhere(doc: Doc, word: str) -> bool:
    lower = word.lower()
    return any(t.lower_ == lower and t.is_lower for t in doc)


def _headline_line(doc: Doc, index: int, reach: int = 30) -> bool:
    """Whether the line around ``doc[index]`` is written in title case (a headline). A line
    of a hard-wrapped text that runs on from or into the next over a soft break is a
    sentence's middle, however many names it holds ("Trade Minister Alejandro Martinez")."""
    lo, hi = line_around(doc, index, reach)
    if (lo > 0 and soft_break(doc, lo - 1)) or (
        breaks_line(doc[hi - 1]) and soft_break(doc, hi - 1)
    ):
        return False
    words = [t for t in doc[lo:hi] if t.is_alpha and len(t) > 2 and not in_list("function", t.text)]
    if len(words) < 2:
        return False
    return sum(t.text[0].isupper() for t in words) >= 0.8 * len(words)


def _sentence_start(doc: Doc, index: int) -> bool:
    if index == 0:
        return True
    before = doc[index - 1]
    return before.is_space or before.text in _OPENING or "\n" in before.whitespace_


def _caps_line(doc: Doc, index: int) -> bool:
    """Whether a word beside ``doc[index]`` is in capitals too (``By FLOYD NORRIS``)."""
    near = [doc[i] for i in (index - 1, index + 1) if 0 <= i < len(doc) and doc[i].is_alpha]
    return any(t.is_upper and len(t) > 1 and t.lower_ != "by" for t in near)


def _single(doc: Doc, span: Span) -> Span | None:
    """A one-word PERSON kept, marked doubtful, or dropped (None)."""
    token = span[0]
    text = token.text
    if in_list("drop", text) or camel_case(text):
        return None
    if text.isupper() and len(text) > 1 and not _caps_line(doc, span.start):
        return None  # an acronym (JSON, TED, ROTH) where the words around are not in capitals
    if the_thing(doc, span):
        return None
    if not is_common(text):
        return span
    if plural_of_common(text):
        return None
    if _lower_elsewhere(doc, text):
        return None
    if in_other_name(doc, text, span.start):
        return span
    if _headline_line(doc, span.start) or _sentence_start(doc, span.start):
        span._.person_doubt = True
    return span


def _free(doc: Doc, i: int) -> bool:
    """A capitalised name's word that no entity holds: a cut name's other part."""
    t = doc[i]
    return t.ent_iob_ == "O" and t.text[:1].isupper() and name_token(t.text)


def _extend(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A one-word name the model cut, with the name part beside it (``Barack`` + ``Obama``)."""
    if end - start != 1:
        return start, end
    word = doc[start].text

    # "Barack" + "Obama"; "Paul" + "Ryan", not "Romney" + "Ryan"; over a hard-wrapped
    # text's line break ("Susumu\nTaketomi"; "Robert\nKim its president", the surname
    # a one-word PERSON of its own: round 18).
    wrapped = end + 1 < len(doc) and doc[end].is_space and name_runs_on(doc, end)
    after = end + 1 if wrapped else end
    if (
        after < len(doc)
        and (_free(doc, after) or (wrapped and lone_person(doc[after])))
        and (wrapped or not breaks_line(doc[start]))
        and not is_common(word)
        and not is_common(doc[after].text)
        and not in_list("function", doc[after].text)
        and (is_given_name(word) or not is_first_name(doc[after].text))  # "Reggie\nJackson"
    ):
        return start, after + 1
    if start > 0 and _given_before(doc, start) and _free(doc, start - 1):
        return start - 1, end
    given = start > 1 and (_free(doc, start - 2) or lone_given(doc[start - 2]))
    given = given and is_first_name(doc[start - 2].text) and not is_title(doc[start - 2].text)
    if given and name_runs_on(doc, start - 1):
        return start - 2, end  # "Hugo\nJohannesson, told Reuters" (round 20)
    return start, end


def _given_before(doc: Doc, start: int) -> bool:
    """Whether the word before the one-word PERSON ``doc[start]`` is its given name: a known
    first name that is no common word (``Barack`` + ``Obama``), not an imperative nor a
    dictionary word starting a sentence ("Edit Alice’s configuration": "Edit" is a
    Hungarian first name); or a capitalised dictionary word inside a sentence before a
    surname (``Woody`` + ``Allen``, ``Rand`` + ``Fishkin``: :func:`_word_given`)."""
    word = doc[start - 1].text
    if breaks_line(doc[start - 1]) or in_list("function", word) or is_title(word):
        return False
    if in_list("imperatives", word) or in_list("trailing", word) or in_list("drop", word):
        return False
    if is_first_name(word) and not is_common(word):
        # "Edit Alice’s configuration" (and "edit" elsewhere); not "Pretty Hope Martin"
        return not (
            is_word(word) and _sentence_start(doc, start - 1) and _lower_elsewhere(doc, word)
        )
    return _word_given(doc, start)


def _word_given(doc: Doc, start: int) -> bool:
    """A capitalised dictionary word that is no name the lists know, inside a sentence (not
    its start, not a title-case line, no capitalised word before it), right before a
    one-word surname, that the text never writes in lower case and that is no known thing:
    ``I think Woody Allen is funny``."""
    token, word = doc[start - 1], doc[start - 1].text
    if not (word[:1].isupper() and word[1:].islower() and token.is_alpha and is_word(word)):
        return False
    name = doc[start].text  # a surname, or a name no list knows ("Fishkin"), no word
    if is_name_word(word) or known_label(word) or is_word(name):
        return False
    if is_first_name(name) and not is_surname(name):
        return False
    if person_evidence.is_role(word):
        return False  # "Coach Taylor": a role said as a title
    if _sentence_start(doc, start - 1) or _headline_line(doc, start):
        return False
    before = doc[start - 2] if start >= 2 else None
    if before is not None and (before.text[:1].isupper() or before.like_num):
        return False
    return not _lower_elsewhere(doc, word)


def _grow(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A name the model cut after an initial (``Stephen M.`` + ``Walt``) or before a first
    name (``Ana`` + ``Marie Saad``)."""

    wrapped = end + 1 < len(doc) and doc[end].is_space and name_runs_on(doc, end)
    if (
        end < len(doc)
        and is_initial(doc[end - 1].text)
        and (not breaks_line(doc[end - 1]) or wrapped)
        and (_free(doc, end + wrapped) or (wrapped and lone_person(doc[end + 1])))
    ):
        end += 1 + wrapped  # "Stephen M. Walt", "William C.\nSmith" (round 18)
    else:
        end = _second_surname(doc, start, end)
    if (
        start > 0
        and _free(doc, start - 1)
        and not breaks_line(doc[start - 1])
        and is_first_name(doc[start - 1].text)
        and not in_list("trailing", doc[start - 1].text)
        and not in_list("imperatives", doc[start - 1].text)
        and not is_title(doc[start - 1].text)
        and (start < 2 or not doc[start - 2].text[:1].isupper())
    ):
        start -= 1
    return start, end


def _second_surname(doc: Doc, start: int, end: int) -> int:
    """The end of a name of several words grown by a surname the model left out or tagged
    apart: a second surname (``Leon Febres`` + ``Cordero``), or the last word of a name a
    hard-wrapped line broke (``Alejandro Martinez`` + ``\nCuenca``, which the model tags as
    a person of its own). The word is a surname the lists know, no common word, no first
    name, and the capitals stop after it ("Ray J. Groves, Hasbro Inc"); not in a headline.

    >>> import spacy
    >>> doc = spacy.blank("en")("It was gigantic, President Leon Febres Cordero said after a visit")
    >>> _second_surname(doc, 5, 7), _second_surname(doc, 5, 8)
    (8, 8)
    """
    if end - start < 2 or end >= len(doc):
        return end
    if not name_token(doc[end - 1].text) or is_common(doc[end - 1].text):
        return end
    at = end
    if doc[end].is_space:
        if not soft_break(doc, end):
            return end
        at = end + 1
    elif breaks_line(doc[end - 1]):
        return end
    if at >= len(doc):
        return end
    word = doc[at]
    alone = word.ent_iob_ in ("O", "") or lone_person(word)
    text = word.text
    if not (alone and text[:1].isupper() and text[1:].islower() and is_surname(text)):
        return end
    if is_common(text) or is_first_name(text) or is_title(text) or known_label(text):
        return end
    if in_list("function", text) or in_list("trailing", text):
        return end
    following = doc[at + 1] if at + 1 < len(doc) else None
    if following is not None and not following.is_space and following.text[:1].isupper():
        return end
    return end if _headline_line(doc, start) else at + 1


def repair_person(span: Span) -> list[Span]:
    """What a PERSON span of spaCy's becomes: people, relabelled spans, or nothing."""
    doc = span.doc
    label = known_label(span.text)
    if label:
        return [Span(doc, span.start, span.end, label=label)]
    found = []
    for piece_start, piece_end in _pieces(doc, span.start, span.end):
        start, end, rest = _trim(doc, piece_start, piece_end)
        if rest is not None:
            found.append(rest)
        if start >= end:
            continue
        start, end = _over_wrap(doc, start, end), with_nickname(doc, start, end)
        words = doc[start:end]
        label = known_label(words.text)
        if label:
            found.append(Span(doc, start, end, label=label))
            continue
        if end - start == 1 and caps_country(doc, start):
            found.append(Span(doc, start, end, label="GPE"))  # "... TELLS CUBA OF" (round 24)
            continue
        if not any(t.text[:1].isupper() for t in words):
            continue
        if institution_head(words[0].text):  # "Universitaet Bielefeld", "Banco do Brasil"
            found.append(Span(doc, start, institution_end(doc, end), label="ORG"))
            continue
        if len(words) > 1:
            institution = institution_label(words[-1].text)
            if institution and (not is_first_name(words[0].text) or institution_name(words)):
                found.append(Span(doc, start, end, label=institution))  # "Bhayankara Hospital"
                continue
            start, end = _grow(doc, start, end)
            end = hyphen_wrap(doc, end)  # "Denis Sassou-" + "\nNguesso" (round 29)
            words = doc[start:end]
            brand = maker_label(words)  # "Nintendo Download", "Yamaha Cyclelok"
            if brand:
                found.append(Span(doc, start, end, label=brand))
                continue
            content = [t for t in words if t.lower_ not in PARTICLES]
            if all(is_common(t.text) for t in content) or any(camel_case(t.text) for t in words):
                continue
            found.append(Span(doc, start, end, label="PERSON"))
            continue
        start, end = _extend(doc, start, end)
        kept = _single(doc, Span(doc, start, hyphen_wrap(doc, end), label="PERSON"))
        if kept is not None:
            found.append(kept)
    return found


@Language.component("person_filter")
def person_filter(doc: Doc) -> Doc:
    """Filter, repair and relabel the PERSON spans of ``doc`` (see the module's doc)."""
    spans: list[Span] = []
    for ent in doc.ents:
        # "Sam's Club", "Assassin's Creed" (round 17); "Glass-Steagall Act" (18)
        thing = possessive_thing(ent) or law_name(ent)
        if ent.label_ != "PERSON" and thing is None and signed_off(ent):  # "--Donnie" (29)
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        if thing is not None or ent.label_ != "PERSON":
            spans.append(thing or ent)
        else:
            spans.extend(repair_person(ent))
    # no name: "Web API"; an e-mail's part, "Luke 10:11", "Chi-Tor-Wpg-NYR" (round 18)
    spans = [
        s
        for s in citations(doc, spans)
        if s.label_ != "PERSON"
        or not (acronym_tail(s) or no_name(doc, s) or in_list("drop", s.text))
    ]
    spans = firms(doc, spans)  # "Alex Brown and Sons Inc", "<Lavalin Bell Geomat>" (14)
    spans = person_evidence.judge(doc, spans)
    doubtful = {(s.start, s.end) for s in spans if s._.person_doubt}
    replace_entities(doc, spans)
    for ent in doc.ents:  # the extension lives on the span object: set it on the doc's
        if (ent.start, ent.end) in doubtful:
            ent._.person_doubt = True
    return doc
