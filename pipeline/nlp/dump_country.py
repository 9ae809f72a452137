"""The dump's country: the one a dump's articles name far more often than any other.

A dump usually comes from one publisher, and a publisher names its own country far more
often than any other: a British paper writes "UK", "Britain", "British", "the Home Office"
in a large share of its articles. When nobody gives the publisher's home country
(``--home-country``), that country is a weaker lean for a name several places share
(the ranker's ``dump`` feature, :mod:`pipeline.nlp.places`): "Durham" with nothing else
around it.

:func:`leading_country` counts, over a sample of the dump's articles, the share of
articles naming each country by a form that can only mean it (a country's name, a demonym,
a metonym such as "Kremlin"; not "Georgia", not "Perth"), and takes the leading country
when it clearly leads: named in at least :data:`MIN_SHARE` of the articles and
:data:`MIN_LEAD` times as many as the next one, over at least :data:`MIN_ARTICLES`.

A dump about the world has none. Its articles name one country most too, but in fewer of
them: the wire Reuters-21578 names the US in 20-28% of its first 250 articles, the web
crawl of the typographic corpus (457 publishers) the US in 31%, while one publisher names
its own country in 40% or more (in that crawl, the New York Times' articles the US in 47%,
the Washington Post's in 54%, the British publishers' GB in 41%). The lead over the next
country does not tell them apart (Reuters leads by 7 times), nor does the spread over
countries in so few articles. Where the articles name their publisher, many publishers
say it (:func:`many_publishers`). The dump's country is a weak lean that never moves a
world city, a capital or a country (:func:`pipeline.nlp.places.plausible`), so one missed
costs little; ``--dump-country CC`` or ``--home-country CC`` say it outright.

>>> texts = ["Britain's economy grew.", "The UK and France agreed.", "British rail fares rose."]
>>> leading_country(texts * 4).code
'GB'
>>> leading_country(["France voted.", "Japan voted.", "Chile voted."] * 4) is None
True
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.core.cache import cached
from pipeline.core.model import Article
from pipeline.ingest import read_articles
from pipeline.nlp.countries.table import derived_key, gazetteer

MIN_ARTICLES = 10
MIN_SHARE = 0.35  # a world dump's leading country is named in fewer (see above)
MIN_LEAD = 1.5
SAMPLE_ARTICLES = 250  # articles read from the start of a dump to infer its home
MANY_PUBLISHERS = 8  # publishers in the sample that make a dump a crawl of the web


@dataclass(frozen=True)
class CountryGuess:
    """The inferred home country, the share of articles naming it, the next country's share."""

    code: str
    share: float
    runner_up: float
    articles: int

    def describe(self) -> str:
        """One line for the user: what was inferred from what.

        >>> CountryGuess("GB", 0.41, 0.12, 500).describe()
        'GB (named in 41% of 500 articles; the next country in 12%)'
        """
        return (
            f"{self.code} (named in {self.share:.0%} of {self.articles} articles; "
            f"the next country in {self.runner_up:.0%})"
        )


# Words as the forms are matched: "U.S." is one word, "Britain's" is "Britain" and "s".
_WORD = re.compile(r"\w+(?:\.\w+)*\.?")


@cache
def _country_forms() -> tuple[dict[tuple[str, ...], str], frozenset[str], int]:
    """Every form that can only mean one country, as words -> code; the first words; the
    most words in a form. (A dictionary of words, not one pattern of every form: timings of
    both in ``docs/guides/entities.md``.) From the disk cache once built: a run asks before
    its workers start, and building it walks the whole place table (0.15 s)."""
    return cached("country-forms", derived_key(__name__), _build_country_forms)


def _build_country_forms() -> tuple[dict[tuple[str, ...], str], frozenset[str], int]:
    places = gazetteer()
    forms: dict[str, str] = {}
    for form, candidates in places.table.items():
        codes = {code for code, *_ in candidates if code}
        if len(codes) == 1 and any("country" in kinds for _, _, kinds, _ in candidates):
            forms[form] = next(iter(codes))
    for form, place in [*places.demonyms.items(), *places.metonyms.items()]:
        if place.code:
            forms[form] = place.code
    index = {tuple(_WORD.findall(form)): code for form, code in forms.items() if len(form) > 1}
    index.pop((), None)
    return index, frozenset(words[0] for words in index), max(map(len, index))


def countries_named(text: str) -> set[str]:
    """The countries ``text`` names by a form that can only mean them.

    >>> sorted(countries_named("The Kremlin and North Korean troops; Perth and Georgia."))
    ['KP', 'RU']
    >>> sorted(countries_named("Exports to the U.S. rose; Britain's fell."))
    ['GB', 'US']
    """
    index, first_words, longest = _country_forms()
    words = _WORD.findall(text)
    found: set[str] = set()
    after = 0  # words of a longer form already matched ("North Korean" is not "Korean")
    for start, word in enumerate(words):
        if start < after or (word not in first_words and word.rstrip(".") not in first_words):
            continue
        for length in range(min(longest, len(words) - start), 0, -1):
            key = words[start : start + length]
            code = index.get(tuple(key))
            if code is None and key[-1].endswith("."):
                code = index.get((*key[:-1], key[-1].rstrip(".")))
            if code is not None:
                found.add(code)
                after = start + length
                break
    return found


def most_named_country(texts: Iterable[str]) -> CountryGuess | None:
    """The country the most of ``texts`` name, whether or not it clearly leads.

    >>> most_named_country(["France voted.", "France and Japan voted.", "Chile voted."]).code
    'FR'
    """
    named: Counter[str] = Counter()
    articles = 0
    for text in texts:
        articles += 1
        named.update(countries_named(text))
    if not named:
        return None
    (code, count), *rest = named.most_common(2)
    runner_up = rest[0][1] / articles if rest else 0.0
    return CountryGuess(code, count / articles, runner_up, articles)


def leading_country(texts: Iterable[str]) -> CountryGuess | None:
    """The country most articles name, when it clearly leads (see the module's docstring)."""
    guess = most_named_country(texts)
    if guess is None or guess.articles < MIN_ARTICLES:
        return None
    if guess.share < MIN_SHARE or guess.share < MIN_LEAD * guess.runner_up:
        return None
    return guess


def article_text(article: Article) -> str:
    """What is searched for country names: the title, then the body."""
    return f"{article.title}\n{article.body}"


def many_publishers(articles: Sequence[Article]) -> bool:
    """Whether the articles come from :data:`MANY_PUBLISHERS` publishers or more, none of
    them with half the articles: a crawl of the web, not one publisher's dump (the
    typographic corpus: 89 publishers in its first 250 articles, the largest with 11).

    >>> crawl = [Article(str(i), "s", "l", "", "", publisher=f"p{i % 9}") for i in range(18)]
    >>> many_publishers(crawl), many_publishers(crawl[:1] * 18)
    (True, False)
    """
    publishers = Counter(a.publisher for a in articles if a.publisher)
    if len(publishers) < MANY_PUBLISHERS:
        return False
    return publishers.most_common(1)[0][1] < len(articles) / 2


def dump_country_of(articles: Iterable[Article]) -> CountryGuess | None:
    """:func:`leading_country` over the first :data:`SAMPLE_ARTICLES` of ``articles``; none
    for articles of many publishers (:func:`many_publishers`)."""
    sample = list(itertools.islice(articles, SAMPLE_ARTICLES))
    if many_publishers(sample):
        return None
    return leading_country(map(article_text, sample))


def infer_dump_country(inputs: Iterable[str | Path]) -> CountryGuess | None:
    """The dump's country, from the first :data:`SAMPLE_ARTICLES` articles read from ``inputs``."""
    return dump_country_of(item for item in read_articles(inputs) if isinstance(item, Article))
