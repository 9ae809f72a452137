"""Learning the lossy repair's counts (``resources/lossy_counts.json``) from typographic text.

Every development article of the typographic corpus is damaged with
:func:`pipeline.ingest.lossy.damage`; each damaged site is then seen through exactly the
contexts the resolver uses (:func:`pipeline.ingest.lossy.counts.context_keys`: neighbour classes,
words either side, open quotes — those of the true text, left to right —, headline,
lookahead and the document's dash style) and the true character is counted in each. The
dash style of each document is predicted by naive Bayes from counts of document features
per style (the style of a document: the majority of its spaced dashes). Only counts are
kept, never text. ``scripts/learn_lossy_counts.py`` writes them; ``bench/bench_repair.py
--folds`` and the tests learn from parts of the corpus with the same functions.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from newsdump_dev import corpora
from pipeline.ingest import lossy
from pipeline.ingest.lossy import QUOTE_DASH_FORM, damage

ABOUT = (
    "Counts from the development part of the typographic corpus "
    "(scripts/learn_lossy_counts.py): what stood behind each damaged â?? in each "
    "context of pipeline/ingest/lossy/sites.py, dash styles of documents, character frequencies."
)
MIN_WORD = 3  # a word is in the vocabulary when it stood next to this many sites
MIN_LEXICAL = 2  # lexical contexts seen fewer times are left out of the file


def counts_file(part: str = "dev") -> dict:
    """What ``resources/lossy_counts.json`` holds when learned from ``part``."""
    return {"_about": ABOUT, **learn(damaged_articles(corpora.typographic(part)))}


def truth_by_start(clean: str) -> dict[int, str]:
    """Offset in the damaged text -> the character whose damage starts there (lossy ones only).

    >>> truth_by_start("It’s – ok")
    {2: '’', 7: '–'}
    """
    truth: dict[int, str] = {}
    pos = 0
    for ch in clean:
        form = damage(ch) if ord(ch) > 127 else ch
        if lossy.LOST in form and ord(ch) > 127:
            truth[pos] = ch
        pos += len(form)
    return truth


def damaged_articles(records: list[dict]) -> list[tuple[str, str, dict[int, str]]]:
    """(damaged text, clean text, truth) of every typographic record."""
    out = []
    for record in records:
        clean = corpora.typographic_text(record)
        out.append((damage(clean), clean, truth_by_start(clean)))
    return out


def spans_with_truth(damaged: str, truth: dict[int, str]) -> tuple[list[tuple[int, int]], list]:
    """The ``â??`` spans the resolver will see, with the true character (None if unknown)."""
    spans, chars = [], []
    for start, end, _ in lossy.sequences(damaged):
        if damaged[start:end] == QUOTE_DASH_FORM:
            spans.append((start, end))
            chars.append(truth.get(start))
    return spans, chars


def _spaced_dashes(sites: list[lossy.Site], chars: list) -> list[str]:
    """``E`` or ``M`` for each spaced dash of a document."""
    return [
        "E" if ch == "–" else "M"
        for site, ch in zip(sites, chars, strict=True)
        if ch in ("–", "—") and lossy.spaced(site, lossy.site_class(site.left))
    ]


def spaced_style(sites: list[lossy.Site], chars: list) -> str | None:
    """``E`` or ``M``: the majority of a document's spaced dashes; None without any."""
    en = em = 0
    for site, ch in zip(sites, chars, strict=True):
        if lossy.spaced(site, lossy.site_class(site.left)):
            en += ch == "–"
            em += ch == "—"
    if en + em == 0:
        return None
    return "E" if en > em else "M"


def learn(articles: list[tuple[str, str, dict[int, str]]]) -> dict:
    """All counts: contexts, vocabulary, dash-style naive Bayes, character frequencies."""
    prepared = []
    style_prior: Counter[str] = Counter()
    spaced_dashes: Counter[str] = Counter()  # spaced dash sites by style: the fallback
    feature_counts: dict[str, Counter[str]] = defaultdict(Counter)
    left_words: Counter[str] = Counter()
    right_words: Counter[str] = Counter()
    characters: Counter[str] = Counter()
    for damaged, clean, truth in articles:
        characters.update(ch for ch in clean if ord(ch) > 127 and lossy.LOST in damage(ch))
        spans, chars = spans_with_truth(damaged, truth)
        sites = lossy.sites_of(damaged, spans)
        prepared.append((damaged, sites, chars))
        left_words.update(s.left_word.lower() for s in sites if s.left_word)
        right_words.update(s.right_word.lower() for s in sites if s.right_word)
        style = spaced_style(sites, chars)
        spaced_dashes.update(_spaced_dashes(sites, chars))
        if style:
            style_prior[style] += 1
            for feature in lossy.doc_features(damaged):
                feature_counts[feature][style] += 1
    data: dict = {
        "left_words": sorted(w for w, n in left_words.items() if n >= MIN_WORD),
        "right_words": sorted(w for w, n in right_words.items() if n >= MIN_WORD),
        "dash_style": {
            "prior": {s: style_prior[s] for s in "EM"},
            "features": {f: {s: c[s] for s in "EM"} for f, c in sorted(feature_counts.items())},
            "fallback": "E" if spaced_dashes["E"] > spaced_dashes["M"] else "M",
        },
        "character_counts": dict(characters.most_common()),
        "contexts": {},
    }
    counts, lexical = _count_contexts(prepared, data)
    data["contexts"] = {
        key: dict(c.most_common())
        for key, c in sorted(counts.items())
        if key not in lexical or c.total() >= MIN_LEXICAL
    }
    return data


def _count_contexts(prepared: list, data: dict) -> tuple[dict[str, Counter[str]], set[str]]:
    """Teacher-forced pass: each site's true character counted in each of its contexts."""
    vocabulary = (frozenset(data["left_words"]), frozenset(data["right_words"]))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    lexical: set[str] = set()
    for damaged, sites, chars in prepared:
        style = lossy.dash_style(damaged, data["dash_style"])
        stack: list[str] = []
        paragraph = -1
        previous = ""
        for site, ch in zip(sites, chars, strict=True):
            if site.paragraph != paragraph:
                paragraph, stack = site.paragraph, []
            if ch is None:  # not a damaged character of the clean text: nothing to learn
                previous = QUOTE_DASH_FORM[-1]
                continue
            left_class = lossy.site_class(previous if site.left is None else site.left)
            state = stack[-1] if stack else "-"
            keys = lossy.context_keys(site, left_class, state, vocabulary, style)
            label = lossy.SPACED_DASH if ch in "–—" and lossy.spaced(site, left_class) else ch
            for alternatives in keys:
                if alternatives:  # a common word's own context, else its shape's
                    counts[alternatives[0]][label] += 1
            lexical.update(level[0] for level in keys[lossy.LEXICAL_LEVEL :] if level)
            lossy.quote_state_after(stack, ch, site)
            previous = ch
    return counts, lexical
